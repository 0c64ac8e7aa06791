//! A string → id table for the hot path: open addressing over slots of eight bytes (a hash and
//! the address of a record), the keys themselves in records appended one after the other
//! ([`records`]) with their ids. A lookup touches the key's slot, in an index small enough to
//! stay in the CPU's last-level cache, and one record; a key of up to 32 bytes is compared
//! eight bytes at a time, without a call to `memcmp`. In front of it, a small direct-mapped
//! cache of recently seen short words (32 bytes an entry, half a megabyte in all) stays in the
//! CPU's cache: word frequencies are skewed, so most tokens are answered there.
//!
//! It only ever grows, the index doubling in place (see [`pages`]); the owner decides when to
//! clear it.

mod pages;
mod records;

use pages::Pages;
use records::Records;

const EMPTY: u32 = u32::MAX;
/// Keys longer than this are not kept (each occurrence gets a fresh id from the caller): a
/// record has 16 bits for the length.
const MAX_KEY: usize = u16::MAX as usize;
/// Bytes of a key that a lookup computes as words up front (most English and Russian words
/// fit), compared without `memcmp`.
pub(super) const HEAD: usize = 32;
pub(super) const HEAD_WORDS: usize = HEAD / 8;

/// An index slot: eight in a cache line. All zero bytes is a vacant slot, so fresh memory
/// from the system is a vacant index.
#[derive(Clone, Copy)]
#[repr(C, align(8))]
struct Slot {
    /// The key's whole hash, so doubling the index moves slots without reading keys.
    hash: u32,
    /// Where the key's record is ([`Records::push`]); 0 in a vacant slot.
    record: u32,
}

const VACANT: Slot = Slot { hash: 0, record: 0 };

impl Slot {
    fn is_vacant(&self) -> bool {
        self.record == 0
    }
}

/// Bytes of a key the direct-mapped cache keeps: longer keys are not cached there.
const RECENT_HEAD: usize = 24;
const RECENT_HEAD_WORDS: usize = RECENT_HEAD / 8;

/// An entry of the direct-mapped cache: a short key and its id, in half a cache line.
#[derive(Clone, Copy)]
#[repr(align(32))]
struct Recent {
    head: [u64; RECENT_HEAD_WORDS],
    id: u32,
    len: u16,
    /// The value kept with the id, when it fits in 16 bits (the analyzer's letter counts of a
    /// key this short always do; a value that does not is not cached here).
    meta: u16,
}

const NO_RECENT: Recent = Recent {
    head: [0; RECENT_HEAD_WORDS],
    id: EMPTY,
    len: u16::MAX,
    meta: 0,
};

/// Entries of the direct-mapped cache (a power of two).
const RECENT: usize = 1 << 14;

pub(super) struct Interner {
    recent: Vec<Recent>,
    slots: Pages,
    used: usize,
    records: Records,
}

impl Default for Interner {
    fn default() -> Self {
        Interner {
            recent: vec![NO_RECENT; RECENT],
            slots: Pages::vacant(1 << 12),
            used: 0,
            records: Records::default(),
        }
    }
}

/// Up to 8 bytes as a little-endian word, zero-padded, without a call to `memcpy`.
#[inline]
fn word(bytes: &[u8]) -> u64 {
    match bytes.get(..8) {
        Some(eight) => u64::from_le_bytes(eight.try_into().unwrap_or_default()),
        None => bytes
            .iter()
            .rev()
            .fold(0, |word, &b| (word << 8) | u64::from(b)),
    }
}

/// The key's first `HEAD` bytes, zero-padded.
#[inline]
fn head(key: &[u8]) -> [u64; HEAD_WORDS] {
    std::array::from_fn(|i| word(key.get(i * 8..).unwrap_or_default()))
}

#[inline]
fn mix(hash: u64, word: u64) -> u64 {
    (hash.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
}

#[inline]
fn hash(key: &[u8], head: [u64; HEAD_WORDS]) -> u32 {
    let mut h = head
        .iter()
        .take(key.len().div_ceil(8))
        .fold(key.len() as u64, |h, &w| mix(h, w));
    for chunk in key.get(HEAD..).unwrap_or_default().chunks(8) {
        h = mix(h, word(chunk));
    }
    (h >> 32) as u32 ^ h as u32
}

/// What a lookup of a key computes from it, computed once per token.
#[derive(Clone, Copy, Default)]
pub(super) struct Hashed {
    pub(super) head: [u64; HEAD_WORDS],
    pub(super) hash: u32,
}

impl Hashed {
    #[inline]
    pub(super) fn of(key: &str) -> Hashed {
        let key = key.as_bytes();
        let head = head(key);
        Hashed {
            head,
            hash: hash(key, head),
        }
    }
}

/// Asks the CPU to start loading the cache line of `item` (one line: the tables' entries are
/// aligned so as not to straddle two).
#[inline(always)]
pub(super) fn prefetch<T>(item: &T) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        let item: *const T = item;
        // SAFETY: a prefetch is only a hint to the cache: it never faults, whatever the
        // address, and has no effect the program can observe.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(item.cast()) }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = item;
}

impl Interner {
    /// Starts loading from memory the slot where a key will be looked up.
    #[inline]
    pub(super) fn prefetch(&self, key: &Hashed) {
        prefetch(&self.slots[key.hash as usize & (self.slots.len() - 1)]);
    }

    /// The id of `key` (`hashed` is [`Hashed::of`] it) if the cache of recent words has it.
    #[inline]
    pub(super) fn recent(&self, key: &str, hashed: &Hashed) -> Option<(u32, u32)> {
        let recent = &self.recent[hashed.hash as usize & (RECENT - 1)];
        (key.len() <= RECENT_HEAD
            && usize::from(recent.len) == key.len()
            && recent.head == hashed.head[..RECENT_HEAD_WORDS])
            .then_some((recent.id, u32::from(recent.meta)))
    }

    /// The id of `key` (`hashed` is [`Hashed::of`] it), or `None` when it has none yet.
    /// `insert` must follow a `None` for the same key before any other insertion, and gets
    /// the slot found here.
    #[inline]
    pub(super) fn get(&mut self, key: &str, hashed: &Hashed) -> Result<(u32, u32), Probe> {
        if let Some(found) = self.recent(key, hashed) {
            return Ok(found);
        }
        let found = self.find(key.as_bytes(), hashed.head, hashed.hash);
        if let Ok((id, meta)) = found {
            self.remember(key, hashed, id, meta);
        }
        found
    }

    /// Keeps `key` → (`id`, `meta`) in the cache of recent words, if it fits there.
    #[inline]
    pub(super) fn remember(&mut self, key: &str, hashed: &Hashed, id: u32, meta: u32) {
        if let (true, Ok(meta)) = (key.len() <= RECENT_HEAD, u16::try_from(meta)) {
            let mut short = [0; RECENT_HEAD_WORDS];
            short.copy_from_slice(&hashed.head[..RECENT_HEAD_WORDS]);
            self.recent[hashed.hash as usize & (RECENT - 1)] = Recent {
                head: short,
                id,
                len: key.len() as u16,
                meta,
            };
        }
    }

    fn find(&self, key: &[u8], head: [u64; HEAD_WORDS], hash: u32) -> Result<(u32, u32), Probe> {
        let mask = self.slots.len() - 1;
        let mut at = hash as usize & mask;
        loop {
            let slot = self.slots[at];
            if slot.is_vacant() {
                return Err(Probe { at, hash });
            }
            if slot.hash == hash {
                if let Some(found) = self.records.get(slot.record, key, &head) {
                    return Ok(found);
                }
            }
            at = (at + 1) & mask;
        }
    }

    /// Starts loading from memory the record of the key in its home slot, if that slot holds
    /// a key of the same hash: called once the slot itself has had time to arrive
    /// ([`Interner::prefetch`]). Only a hint: the slot may have changed since.
    #[inline]
    pub(super) fn prefetch_record(&self, key: &Hashed) {
        let slot = self.slots[key.hash as usize & (self.slots.len() - 1)];
        if !slot.is_vacant() && slot.hash == key.hash {
            self.records.prefetch(slot.record);
        }
    }

    /// Records `key` → (`id`, `meta`) at the slot `probe` found.
    pub(super) fn insert(&mut self, key: &str, id: u32, meta: u32, probe: Probe) {
        let key = key.as_bytes();
        if key.len() > MAX_KEY {
            return;
        }
        let Some(record) = self.records.push(key, id, meta) else {
            return;
        };
        self.slots[probe.at] = Slot {
            hash: probe.hash,
            record,
        };
        self.used += 1;
        if self.used * 2 > self.slots.len() {
            self.grow();
        }
    }

    /// Doubles the table in place. A slot's home in the doubled table is its old home or that
    /// plus the old length, and it goes to the first slot from there not yet placed; one it
    /// lands on that still holds an old key not yet moved is taken out and placed in turn. A
    /// placed slot is never emptied again, so every key's probe from its home runs over
    /// occupied slots only, as a lookup needs.
    fn grow(&mut self) {
        let old_len = self.slots.len();
        self.slots.double();
        let slots = &mut *self.slots;
        let mask = slots.len() - 1;
        let mut placed = vec![0u64; slots.len().div_ceil(64)];
        let is_placed = |placed: &[u64], at: usize| placed[at / 64] >> (at % 64) & 1 == 1;
        for old in 0..old_len {
            if slots[old].is_vacant() || is_placed(&placed, old) {
                continue;
            }
            let mut moving = std::mem::replace(&mut slots[old], VACANT);
            loop {
                let mut at = moving.hash as usize & mask;
                while is_placed(&placed, at) {
                    at = (at + 1) & mask;
                }
                placed[at / 64] |= 1 << (at % 64);
                if slots[at].is_vacant() {
                    slots[at] = moving;
                    break;
                }
                moving = std::mem::replace(&mut slots[at], moving);
            }
        }
    }

    /// Bytes held, for bounding memory.
    pub(super) fn bytes(&self) -> usize {
        self.slots.len() * std::mem::size_of::<Slot>() + self.records.len()
    }

    pub(super) fn clear(&mut self) {
        *self = Interner::default();
    }
}

/// Where a missing key goes.
pub(super) struct Probe {
    at: usize,
    hash: u32,
}

#[cfg(test)]
mod tests;
