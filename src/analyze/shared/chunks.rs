//! Append-only storage that one writer extends while any number of readers read what it has
//! published: items never move, so a reader holds no lock. Chunks double in size, so a chunk
//! once made is never reallocated and the storage wastes at most half of its last chunk.
//!
//! It does not know what is published: its owner writes an item, then publishes it with a
//! release store of its own (a word's id in the word table), and only reads items whose
//! publication it has seen with an acquire load.

use std::cell::UnsafeCell;
use std::mem::MaybeUninit;
use std::sync::OnceLock;

/// Enough chunks for more items than any memory holds: chunk `k` has `FIRST << k` items.
const CHUNKS: usize = 40;

pub(super) struct Chunks<T> {
    chunks: [OnceLock<Box<[Cell<T>]>>; CHUNKS],
    first: usize,
}

type Cell<T> = UnsafeCell<MaybeUninit<T>>;

// SAFETY: an item is written only by the one writer (the caller of `write`, which the owner
// serializes), and only before it is published; it is read only after its publication was
// seen. So no item is ever written and read at once, and the chunks themselves are only ever
// set once (`OnceLock`).
unsafe impl<T: Send + Sync> Sync for Chunks<T> {}

/// Where an item lies: its chunk and its index there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Place {
    pub(super) chunk: usize,
    pub(super) index: usize,
}

impl<T: Copy> Chunks<T> {
    /// Storage whose first chunk holds `first` items (a power of two).
    pub(super) fn new(first: usize) -> Chunks<T> {
        Chunks {
            chunks: std::array::from_fn(|_| OnceLock::new()),
            first,
        }
    }

    /// Items chunk `chunk` holds.
    pub(super) fn capacity(&self, chunk: usize) -> usize {
        self.first << chunk
    }

    /// Where the `n`th item lies when items are stored one after another from the start.
    pub(super) fn place_of(&self, n: usize) -> Place {
        // Chunks 0..k hold first * (2^k - 1) items.
        let k = (n / self.first + 1).ilog2() as usize;
        Place {
            chunk: k,
            index: n - self.first * ((1 << k) - 1),
        }
    }

    /// Writes `items` at `at`, making its chunk if need be. `None` when they do not fit in it.
    ///
    /// Only one thread may write at a time, and never where a reader may read: the caller
    /// writes only places it has not yet published.
    pub(super) fn write(&self, at: Place, items: &[T]) -> Option<()> {
        let chunk = self.chunks.get(at.chunk)?.get_or_init(|| {
            (0..self.capacity(at.chunk))
                .map(|_| UnsafeCell::new(MaybeUninit::uninit()))
                .collect()
        });
        let cells = chunk.get(at.index..at.index.checked_add(items.len())?)?;
        for (cell, &item) in cells.iter().zip(items) {
            // SAFETY: the place is not published yet, so no reader looks at it, and the
            // owner lets only one thread write (see the type's `Sync`).
            unsafe { (*cell.get()).write(item) };
        }
        Some(())
    }

    /// The `len` items at `at`, which must have been written and published.
    pub(super) fn read(&self, at: Place, len: usize) -> &[T] {
        let Some(cells) = self
            .chunks
            .get(at.chunk)
            .and_then(OnceLock::get)
            .and_then(|chunk| chunk.get(at.index..at.index.checked_add(len)?))
        else {
            return &[];
        };
        // SAFETY: the caller saw these items published, so they were written before and are
        // never written again; `UnsafeCell<MaybeUninit<T>>` has the layout of `T`.
        unsafe { std::slice::from_raw_parts(cells.as_ptr().cast::<T>(), len) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_keep_their_place_as_chunks_are_added() {
        let chunks = Chunks::<u32>::new(4);
        for n in 0..1_000u32 {
            chunks.write(chunks.place_of(n as usize), &[n * 3]).unwrap();
        }
        for n in 0..1_000 {
            assert_eq!(chunks.read(chunks.place_of(n), 1), [n as u32 * 3]);
        }
        assert_eq!(chunks.place_of(3), Place { chunk: 0, index: 3 });
        assert_eq!(chunks.place_of(4), Place { chunk: 1, index: 0 });
        assert_eq!(chunks.place_of(12), Place { chunk: 2, index: 0 });
    }

    #[test]
    fn a_run_that_does_not_fit_its_chunk_is_refused() {
        let chunks = Chunks::<u8>::new(4);
        assert!(chunks.write(Place { chunk: 0, index: 2 }, b"abc").is_none());
        assert!(chunks.write(Place { chunk: 0, index: 1 }, b"abc").is_some());
        assert_eq!(chunks.read(Place { chunk: 0, index: 1 }, 3), b"abc");
    }
}
