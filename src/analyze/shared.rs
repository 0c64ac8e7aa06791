//! One vocabulary for all the workers of a run: a word is normalized and stemmed once per run,
//! not once per worker, and its forms are held once.
//!
//! Readers look words up without a lock: the table's slots are atomics, and a word's slot is
//! published (its id stored with release ordering) only after its forms and its entry are
//! written. A new word is added under a lock, after the worker has normalized and stemmed it
//! outside it; the table is looked up again under the lock, so a word two workers meet at once
//! gets one id. Adding is rare next to looking up (most tokens are words seen before), so the
//! lock is seldom contended.
//!
//! The table doubles by copying into a new one; a worker keeps reading the table it holds,
//! complete up to the doubling, and takes the new one the next time it misses a word, so the
//! old one is freed once every worker has missed once. Ids never change: they index the
//! entries, which never move ([`chunks`]).
//!
//! Bounded: past [`super::VOCABULARY_LIMIT`] words or [`super::BYTES_LIMIT`] bytes of forms it
//! stops growing for good, and each worker goes on with a vocabulary of its own for the words
//! it does not have (see [`super::Analyzer`]).

mod chunks;

use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use chunks::{Chunks, Place};

use super::interner::{prefetch, Hashed};
use super::{Entry, BYTES_LIMIT, VOCABULARY_LIMIT};

/// Slots of a new table (a power of two).
const FIRST_SLOTS: usize = 1 << 12;
/// Entries in the first chunk of entries.
const FIRST_ENTRIES: usize = 1 << 10;
/// Bytes in the first chunk of forms.
const FIRST_TEXT: usize = 1 << 16;
/// An address in the forms: its chunk above this many bits, its byte in the chunk below.
const CHUNK_SHIFT: u32 = 48;

/// A slot of the table, one atomic word: the key's whole hash in the low 32 bits, its id plus
/// one in the high 32 (so 0 is a vacant slot). The key and its meta are read from the entry
/// the id names. A slot is stored once, with release ordering, after the word's forms and
/// entry are written, and loaded with acquire ordering: a reader that sees a slot's id sees
/// them written.
type Slot = AtomicU64;

/// A slot holding the word `id` under `hash`.
fn slot(hash: u32, id: u32) -> u64 {
    u64::from(id + 1) << 32 | u64::from(hash)
}

/// The hash of an occupied slot (not 0), and its word's id.
fn parts(slot: u64) -> (u32, u32) {
    (slot as u32, (slot >> 32) as u32 - 1)
}

/// The word index: open addressing over [`Slot`]s, never more than half full.
pub(super) struct Table {
    slots: Box<[Slot]>,
}

impl Table {
    fn vacant(len: usize) -> Table {
        Table {
            slots: (0..len).map(|_| Slot::new(0)).collect(),
        }
    }

    fn home(&self, hash: u32) -> usize {
        hash as usize & (self.slots.len() - 1)
    }

    /// The slot probed after `at`.
    fn next(&self, at: usize) -> usize {
        (at + 1) & (self.slots.len() - 1)
    }

    /// Starts loading from memory the slot where a key will be looked up.
    #[inline]
    pub(super) fn prefetch(&self, hashed: &Hashed) {
        prefetch(&self.slots[self.home(hashed.hash)]);
    }

    /// The id of the word in the key's home slot, if it has the key's hash.
    #[inline]
    fn home_id(&self, hashed: &Hashed) -> Option<u32> {
        let slot = self.slots[self.home(hashed.hash)].load(Ordering::Acquire);
        (slot != 0 && parts(slot).0 == hashed.hash).then(|| parts(slot).1)
    }
}

/// What only the thread adding a word may touch.
struct Writer {
    table: Arc<Table>,
    /// Where the next word's forms go.
    text_at: Place,
    text_bytes: usize,
}

/// A value on cache lines of its own, so that writing it does not take from the other cores
/// the lines beside it, which they read for every word (the chunks' addresses).
#[repr(align(128))]
struct Apart<T>(T);

/// A run's shared vocabulary; see the module documentation.
pub(crate) struct SharedWords {
    writer: Apart<Mutex<Writer>>,
    entries: Chunks<Entry>,
    text: Chunks<u8>,
    /// Words whose entries are published: ids below it are valid.
    len: Apart<AtomicUsize>,
    /// Set for good once the vocabulary stops growing; `len` no longer changes then.
    full: AtomicBool,
    /// Most words it takes.
    limit: usize,
}

impl std::fmt::Debug for SharedWords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedWords")
            .field("len", &self.len())
            .field("full", &self.is_full())
            .finish_non_exhaustive()
    }
}

impl Default for SharedWords {
    fn default() -> Self {
        SharedWords::with_limit(VOCABULARY_LIMIT)
    }
}

impl SharedWords {
    /// A vocabulary that stops growing at `limit` words.
    fn with_limit(limit: usize) -> SharedWords {
        SharedWords {
            writer: Apart(Mutex::new(Writer {
                table: Arc::new(Table::vacant(FIRST_SLOTS)),
                text_at: Place { chunk: 0, index: 0 },
                text_bytes: 0,
            })),
            entries: Chunks::new(FIRST_ENTRIES),
            text: Chunks::new(FIRST_TEXT),
            len: Apart(AtomicUsize::new(0)),
            full: AtomicBool::new(false),
            limit: limit.min(u32::MAX as usize - 1),
        }
    }
}

/// A word a worker has analyzed and wants to add: its forms laid out as an [`Entry`] says,
/// from byte 0 of `forms`.
pub(super) struct NewWord<'a> {
    pub(super) forms: &'a str,
    pub(super) entry: Entry,
}

impl SharedWords {
    /// The table as it is now, for a worker to read.
    pub(super) fn table(&self) -> Arc<Table> {
        Arc::clone(&self.lock().table)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Writer> {
        self.writer.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Words added so far: every id below it is valid.
    pub(crate) fn len(&self) -> usize {
        self.len.0.load(Ordering::Acquire)
    }

    /// Whether the vocabulary has stopped growing; [`SharedWords::len`] is final then.
    pub(super) fn is_full(&self) -> bool {
        self.full.load(Ordering::Acquire)
    }

    /// The id and meta of `key` in `table`, if it has them.
    #[inline]
    pub(super) fn find(&self, table: &Table, key: &str, hashed: &Hashed) -> Option<(u32, u32)> {
        self.probe(table, key, hashed).ok()
    }

    /// The id and meta of `key`, or the vacant slot where it would go.
    fn probe(&self, table: &Table, key: &str, hashed: &Hashed) -> Result<(u32, u32), usize> {
        let mut at = table.home(hashed.hash);
        loop {
            let slot = table.slots[at].load(Ordering::Acquire);
            if slot == 0 {
                return Err(at);
            }
            let (hash, id) = parts(slot);
            if hash == hashed.hash {
                let entry = self.entry(id as usize);
                if self.bytes(entry.surface()) == key.as_bytes() {
                    return Ok((id, entry.meta()));
                }
            }
            at = table.next(at);
        }
    }

    /// Adds `word` as `key` unless a worker has added it since `table` missed it, and returns
    /// its id and meta; `None` once the vocabulary is full. `table` becomes the current table.
    pub(super) fn insert(
        &self,
        table: &mut Arc<Table>,
        key: &str,
        hashed: &Hashed,
        word: &NewWord,
    ) -> Option<(u32, u32)> {
        let mut writer = self.lock();
        if !Arc::ptr_eq(table, &writer.table) {
            *table = Arc::clone(&writer.table);
        }
        let at = match self.probe(&writer.table, key, hashed) {
            Ok(found) => return Some(found),
            Err(at) => at,
        };
        let id = self.len.0.load(Ordering::Relaxed);
        let forms = word.forms.as_bytes();
        let fits =
            !self.is_full() && id < self.limit && writer.text_bytes + forms.len() <= BYTES_LIMIT;
        let written = fits
            .then(|| self.write_forms(&mut writer, forms))
            .flatten()
            .and_then(|start| {
                let entry = Entry {
                    start: word.entry.start + start,
                    ..word.entry
                };
                self.entries.write(self.entries.place_of(id), &[entry])
            });
        if written.is_none() {
            // Full for good: analyzers take the length as final once they see it full.
            self.full.store(true, Ordering::Release);
            return None;
        }
        self.len.0.store(id + 1, Ordering::Release);
        // Published last: a reader that loads the slot (acquire) sees the entry and forms.
        writer.table.slots[at].store(slot(hashed.hash, id as u32), Ordering::Release);
        // The table holds the words added so far, and is never more than half full.
        if (id + 1) * 2 > writer.table.slots.len() {
            self.grow(&mut writer);
            *table = Arc::clone(&writer.table);
        }
        Some((id as u32, word.entry.meta()))
    }

    /// Writes a word's forms where the next ones go (the next chunk if they do not fit what is
    /// left of this one), returning their address.
    fn write_forms(&self, writer: &mut Writer, forms: &[u8]) -> Option<usize> {
        let mut at = writer.text_at;
        while at.index + forms.len() > self.text.capacity(at.chunk) {
            at = Place {
                chunk: at.chunk + 1,
                index: 0,
            };
        }
        self.text.write(at, forms)?;
        writer.text_at = Place {
            index: at.index + forms.len(),
            ..at
        };
        writer.text_bytes += forms.len();
        Some(at.chunk << CHUNK_SHIFT | at.index)
    }

    /// Replaces the table by one twice its size holding the same words, placed by the hash
    /// their slots hold, without reading their keys. The new table is published by the lock.
    fn grow(&self, writer: &mut Writer) {
        let table = Table::vacant(writer.table.slots.len() * 2);
        for slot in writer.table.slots.iter() {
            let slot = slot.load(Ordering::Relaxed);
            if slot == 0 {
                continue;
            }
            let mut at = table.home(parts(slot).0);
            while table.slots[at].load(Ordering::Relaxed) != 0 {
                at = table.next(at);
            }
            table.slots[at].store(slot, Ordering::Relaxed);
        }
        writer.table = Arc::new(table);
    }

    /// Starts loading from memory the entry of the word in the key's home slot, if it has the
    /// key's hash: called once the slot has had time to arrive ([`Table::prefetch`]).
    #[inline]
    pub(super) fn prefetch_entry(&self, table: &Table, hashed: &Hashed) {
        let id = table.home_id(hashed);
        if let Some(entry) = id.and_then(|id| {
            self.entries
                .read(self.entries.place_of(id as usize), 1)
                .first()
        }) {
            prefetch(entry);
        }
    }

    /// Starts loading from memory the surface form of the word in the key's home slot, if it
    /// has the key's hash: called once its entry has had time to arrive.
    #[inline]
    pub(super) fn prefetch_surface(&self, table: &Table, hashed: &Hashed) {
        let id = table.home_id(hashed);
        if let Some(byte) = id.and_then(|id| self.bytes(self.entry(id as usize).surface()).first())
        {
            prefetch(byte);
        }
    }

    /// The entry of word `id`, which must be below [`SharedWords::len`] as seen by the caller.
    pub(super) fn entry(&self, id: usize) -> Entry {
        self.entries
            .read(self.entries.place_of(id), 1)
            .first()
            .cloned()
            .unwrap_or(Entry::EMPTY)
    }

    /// A form of a word, at the range its entry gives.
    pub(super) fn form(&self, range: Range<usize>) -> &str {
        let bytes = self.bytes(range);
        debug_assert!(std::str::from_utf8(bytes).is_ok());
        // SAFETY: an entry's ranges are those of whole forms, each written from a `&str`
        // (`insert` rebases the ranges `Analyzer::new_word` laid out in one string, and refuses
        // more bytes than a range can span), so they start and end at character boundaries;
        // and `bytes` reads nothing (an empty slice) for a range it does not hold.
        unsafe { std::str::from_utf8_unchecked(bytes) }
    }

    fn bytes(&self, range: Range<usize>) -> &[u8] {
        let mask = (1 << CHUNK_SHIFT) - 1;
        let at = Place {
            chunk: range.start >> CHUNK_SHIFT,
            index: range.start & mask,
        };
        self.text.read(at, range.len())
    }
}

#[cfg(test)]
mod tests;
