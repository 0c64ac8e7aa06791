//! A string → id table for the hot path: open addressing, the first 32 bytes of every key kept
//! inline in a slot of one cache line, so looking up a short word touches one line and calls no
//! `memcmp`. In front of it, a small direct-mapped cache of recently seen short words (32 bytes
//! an entry, half a megabyte in all) stays in the CPU's cache: word frequencies are skewed, so
//! most tokens are answered there.
//!
//! It only ever grows, doubling in place (see [`pages`]); the owner decides when to clear it.

mod pages;

use pages::Pages;

const EMPTY: u32 = u32::MAX;
/// Keys longer than this are not kept (each occurrence gets a fresh id from the caller).
const MAX_KEY: usize = 1 << 16;
/// Bytes of every key kept inline: most English and Russian words fit.
pub(super) const HEAD: usize = 32;
pub(super) const HEAD_WORDS: usize = HEAD / 8;

/// Aligned to a cache line, so a lookup loads one line, not two. All zero bytes is a vacant
/// slot, so fresh memory from the system is a vacant table.
#[derive(Clone, Copy)]
#[repr(align(64))]
struct Slot {
    /// The key's first `HEAD` bytes, zero-padded.
    head: [u64; HEAD_WORDS],
    hash: u32,
    len: u32,
    /// Where bytes `HEAD..` of the key start in the arena.
    tail: u32,
    /// The id plus one; 0 in a vacant slot.
    entry: u32,
    /// A value kept with the id, so the caller needs no second lookup.
    meta: u32,
}

const VACANT: Slot = Slot {
    head: [0; HEAD_WORDS],
    hash: 0,
    len: 0,
    tail: 0,
    entry: 0,
    meta: 0,
};

impl Slot {
    fn is_vacant(&self) -> bool {
        self.entry == 0
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
    /// Bytes `HEAD..` of every key longer than `HEAD` bytes.
    arena: Vec<u8>,
}

impl Default for Interner {
    fn default() -> Self {
        Interner {
            recent: vec![NO_RECENT; RECENT],
            slots: Pages::vacant(1 << 12),
            used: 0,
            arena: Vec::new(),
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
            let slot = &self.slots[at];
            if slot.is_vacant() {
                return Err(Probe { at, hash, head });
            }
            if slot.hash == hash
                && slot.head == head
                && slot.len as usize == key.len()
                && (key.len() <= HEAD || self.tail(slot) == &key[HEAD..])
            {
                return Ok((slot.entry - 1, slot.meta));
            }
            at = (at + 1) & mask;
        }
    }

    fn tail(&self, slot: &Slot) -> &[u8] {
        let start = slot.tail as usize;
        &self.arena[start..start + (slot.len as usize - HEAD)]
    }

    /// Records `key` → (`id`, `meta`) at the slot `probe` found.
    pub(super) fn insert(&mut self, key: &str, id: u32, meta: u32, probe: Probe) {
        let key = key.as_bytes();
        let Some(entry) = id.checked_add(1) else {
            return;
        };
        if key.len() > MAX_KEY || self.arena.len() + key.len() > u32::MAX as usize {
            return;
        }
        let tail = self.arena.len() as u32;
        if key.len() > HEAD {
            self.arena.extend_from_slice(&key[HEAD..]);
        }
        self.slots[probe.at] = Slot {
            head: probe.head,
            hash: probe.hash,
            len: key.len() as u32,
            tail,
            entry,
            meta,
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
        self.slots.len() * std::mem::size_of::<Slot>() + self.arena.len()
    }

    pub(super) fn clear(&mut self) {
        *self = Interner::default();
    }
}

/// Where a missing key goes.
pub(super) struct Probe {
    at: usize,
    hash: u32,
    head: [u64; HEAD_WORDS],
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_it_was_given() {
        let mut interner = Interner::default();
        let words: Vec<String> = (0..20_000)
            .map(|i| format!("{}{i}", "слово-".repeat(i % 5)))
            .collect();
        let get = |interner: &mut Interner, word: &str| interner.get(word, &Hashed::of(word));
        for (id, word) in words.iter().enumerate() {
            let probe = get(&mut interner, word).expect_err("new word");
            interner.insert(word, id as u32, 7, probe);
        }
        for (id, word) in words.iter().enumerate() {
            interner.prefetch(&Hashed::of(word));
            assert_eq!(
                get(&mut interner, word).ok(),
                Some((id as u32, 7)),
                "{word}"
            );
        }
        assert!(get(&mut interner, "absent").is_err());
        assert!(get(&mut interner, "").is_err());
    }

    #[test]
    fn keys_are_found_after_doubling_with_clusters_that_wrap_around_the_end() {
        let mut interner = Interner::default();
        let len = interner.slots.len() as u32;
        let keys: Vec<(String, u32)> = (0..3_000u32)
            .map(|i| (format!("ключ {i}"), (len - 8 + i % 16) | (i % 5) << 12))
            .collect();
        for (id, (key, hash)) in keys.iter().enumerate() {
            let bytes = key.as_bytes();
            let probe = interner
                .find(bytes, head(bytes), *hash)
                .expect_err("new key");
            interner.insert(key, id as u32, id as u32 * 3, probe);
        }
        assert!(interner.slots.len() > len as usize, "the table doubled");
        for (id, (key, hash)) in keys.iter().enumerate() {
            let bytes = key.as_bytes();
            let found = interner.find(bytes, head(bytes), *hash).ok();
            assert_eq!(found, Some((id as u32, id as u32 * 3)), "{key}");
        }
    }
}
