//! The word table's keys: one record per key, appended one after the other and never moved,
//! holding the key's length, its id, the value kept with the id, and the key's bytes. A lookup
//! that finds its hash in an index slot reads one record, most often one cache line, and
//! compares a key of up to [`HEAD`] bytes eight bytes at a time, without a call to `memcmp`.
//!
//! It only stores and compares: which record a key has is the index's business.

use super::{HEAD, HEAD_WORDS};

/// Records start at multiples of this many bytes, so an address counts in these units.
const ALIGN: usize = 4;
/// Length, id and value, four bytes each, before the key's bytes.
const HEADER: usize = 12;

/// Bytes of a record: the header, and the key zero-padded to whole words of eight bytes, so
/// that it compares with a lookup's zero-padded head a word at a time.
fn record_len(key_len: usize) -> usize {
    HEADER + key_len.next_multiple_of(8)
}

/// The records, after [`ALIGN`] bytes that are none, so address 0 is free to mean "no record".
pub(super) struct Records {
    bytes: Vec<u8>,
}

impl Default for Records {
    fn default() -> Self {
        Records {
            bytes: vec![0; ALIGN],
        }
    }
}

impl Records {
    /// Appends the record of `key` → (`id`, `meta`) and returns its address, or `None` when
    /// the records would pass what an address can reach (16 GB).
    pub(super) fn push(&mut self, key: &[u8], id: u32, meta: u32) -> Option<u32> {
        let start = self.bytes.len();
        let address = u32::try_from(start / ALIGN).ok()?;
        let len = u32::try_from(key.len()).ok()?;
        for field in [len, id, meta] {
            self.bytes.extend_from_slice(&field.to_le_bytes());
        }
        self.bytes.extend_from_slice(key);
        self.bytes.resize(start + record_len(key.len()), 0);
        Some(address)
    }

    /// The id and value of the record at `address` if its key is `key`, whose first [`HEAD`]
    /// bytes, zero-padded, are `head`.
    #[inline]
    pub(super) fn get(
        &self,
        address: u32,
        key: &[u8],
        head: &[u64; HEAD_WORDS],
    ) -> Option<(u32, u32)> {
        let start = address as usize * ALIGN;
        let field = |record: &[u8], i: usize| {
            let bytes = record.get(i * 4..i * 4 + 4).unwrap_or_default();
            u32::from_le_bytes(bytes.try_into().unwrap_or_default())
        };
        if field(self.bytes.get(start..)?, 0) as usize != key.len() {
            return None;
        }
        let record = self.bytes.get(start..start + record_len(key.len()))?;
        let body = record.get(HEADER..).unwrap_or_default();
        for (eight, &expected) in body.chunks_exact(8).zip(head) {
            if u64::from_le_bytes(eight.try_into().unwrap_or_default()) != expected {
                return None;
            }
        }
        if key.len() > HEAD && body.get(HEAD..key.len()) != key.get(HEAD..) {
            return None;
        }
        Some((field(record, 1), field(record, 2)))
    }

    /// Asks the CPU to start loading the record at `address`.
    #[inline]
    pub(super) fn prefetch(&self, address: u32) {
        if let Some(byte) = self.bytes.get(address as usize * ALIGN) {
            super::prefetch(byte);
        }
    }

    /// Bytes held.
    pub(super) fn len(&self) -> usize {
        self.bytes.len()
    }
}

#[cfg(test)]
mod tests {
    use super::super::head;
    use super::*;

    #[test]
    fn a_record_answers_its_own_key_only() {
        let mut records = Records::default();
        let keys = [
            "",
            "a",
            "слово",
            "exactly eight by",
            "a key of exactly thirty-two byte",
            "a key longer than thirty-two bytes, kept whole in its record",
        ];
        let addresses: Vec<u32> = keys
            .iter()
            .enumerate()
            .map(|(id, key)| records.push(key.as_bytes(), id as u32, 100 + id as u32))
            .map(|address| address.expect("room for the record"))
            .collect();
        assert!(addresses.iter().all(|&address| address != 0));
        for (id, key) in keys.iter().enumerate() {
            for (other, &address) in addresses.iter().enumerate() {
                let bytes = key.as_bytes();
                let found = records.get(address, bytes, &head(bytes));
                let expected = (id == other).then_some((id as u32, 100 + id as u32));
                assert_eq!(found, expected, "{key:?} against record {other}");
            }
        }
    }

    #[test]
    fn keys_that_differ_past_the_inline_head_or_in_their_last_byte_are_told_apart() {
        let mut records = Records::default();
        let long = "д".repeat(40);
        let address = records.push(long.as_bytes(), 1, 2).expect("room");
        let short = records.push(b"abcdefghi", 3, 4).expect("room");
        let mut other = long.clone().into_bytes();
        other[70] ^= 1;
        assert_eq!(records.get(address, &other, &head(&other)), None);
        assert_eq!(records.get(short, b"abcdefghj", &head(b"abcdefghj")), None);
        assert_eq!(records.get(short, b"abcdefgh", &head(b"abcdefgh")), None);
        assert_eq!(
            records.get(short, b"abcdefghi", &head(b"abcdefghi")),
            Some((3, 4))
        );
    }

    #[test]
    fn an_address_past_the_records_finds_nothing() {
        let mut records = Records::default();
        records.push(b"word", 0, 0).expect("room");
        assert_eq!(records.get(1_000, b"word", &head(b"word")), None);
        records.prefetch(1_000);
    }
}
