//! The word table's keys: one record per key, appended one after the other and never moved,
//! holding the key's length, its id, the value kept with the id, and the key's bytes. A lookup
//! that finds its hash in an index slot reads one record, most often one cache line, and
//! compares a key of up to [`HEAD`] bytes eight bytes at a time, without a call to `memcmp`.
//!
//! It only stores and compares: which record a key has is the index's business.

use super::{HEAD, HEAD_WORDS};

/// Records start at multiples of this many bytes, so an address counts in these units.
const ALIGN: usize = 2;
/// The key's length (two bytes), its id and its value (four bytes each), before its bytes.
const HEADER: usize = 10;
/// Zero bytes kept after the last record, so that a key's last word of eight bytes is read
/// whole even when the key ends the records.
const SLACK: usize = 8;

/// The records, after [`ALIGN`] bytes that are none, so address 0 is free to mean "no record",
/// and before [`SLACK`] bytes.
pub(super) struct Records {
    bytes: Vec<u8>,
}

impl Default for Records {
    fn default() -> Self {
        Records {
            bytes: vec![0; ALIGN + SLACK],
        }
    }
}

/// Keeps the low `len` bytes of a word (all of them from eight up).
#[inline]
fn low_bytes(word: u64, len: usize) -> u64 {
    match len {
        0..=7 => word & ((1 << (8 * len)) - 1),
        _ => word,
    }
}

/// `N` bytes of `bytes` from `at`, zeros where there are none.
#[inline]
fn bytes_at<const N: usize>(bytes: &[u8], at: usize) -> [u8; N] {
    bytes
        .get(at..at + N)
        .and_then(|bytes| bytes.try_into().ok())
        .unwrap_or([0; N])
}

impl Records {
    /// Appends the record of `key` → (`id`, `meta`) and returns its address, or `None` when
    /// the key is longer than 64 KB or the records would pass what an address can reach (8 GB).
    pub(super) fn push(&mut self, key: &[u8], id: u32, meta: u32) -> Option<u32> {
        let start = self.bytes.len() - SLACK;
        let address = u32::try_from(start / ALIGN).ok()?;
        let len = u16::try_from(key.len()).ok()?;
        self.bytes.truncate(start);
        self.bytes.extend_from_slice(&len.to_le_bytes());
        self.bytes.extend_from_slice(&id.to_le_bytes());
        self.bytes.extend_from_slice(&meta.to_le_bytes());
        self.bytes.extend_from_slice(key);
        let end = self.bytes.len().next_multiple_of(ALIGN);
        self.bytes.resize(end + SLACK, 0);
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
        let header = self.bytes.get(start..start + HEADER)?;
        if usize::from(u16::from_le_bytes(bytes_at(header, 0))) != key.len() {
            return None;
        }
        let body = start + HEADER;
        let words = self
            .bytes
            .get(body..body + key.len().min(HEAD).next_multiple_of(8))?;
        for (i, (eight, &expected)) in words.chunks_exact(8).zip(head).enumerate() {
            let word = u64::from_le_bytes(bytes_at(eight, 0));
            if low_bytes(word, key.len() - i * 8) != expected {
                return None;
            }
        }
        if key.len() > HEAD && self.bytes.get(body + HEAD..body + key.len()) != key.get(HEAD..) {
            return None;
        }
        let id = u32::from_le_bytes(bytes_at(header, 2));
        Some((id, u32::from_le_bytes(bytes_at(header, 6))))
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
