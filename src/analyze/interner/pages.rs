//! The word table's memory: slots that are vacant because their bytes are zero, so a table
//! needs no writing to start empty, and that can double in place. On Linux they are pages
//! mapped straight from the system, and doubling asks `mremap` to move them into a larger
//! mapping without copying; a new allocation and a copy would hold the old table and the new
//! one at once, half again the memory of the larger table. Elsewhere they are a `Vec`.
//!
//! It only holds the slots: what they mean, and where each belongs after doubling, is the
//! table's business.

use super::Slot;

/// A power-of-two number of slots, all zero bytes when made or added.
pub(super) struct Pages {
    #[cfg(target_os = "linux")]
    map: Mapping,
    #[cfg(not(target_os = "linux"))]
    slots: Vec<Slot>,
}

impl Pages {
    /// `len` vacant slots.
    pub(super) fn vacant(len: usize) -> Pages {
        #[cfg(target_os = "linux")]
        return Pages {
            map: Mapping::new(len),
        };
        #[cfg(not(target_os = "linux"))]
        return Pages {
            slots: vec![super::VACANT; len],
        };
    }

    /// Doubles the number of slots: the first half keeps what it held, the second is vacant.
    pub(super) fn double(&mut self) {
        #[cfg(target_os = "linux")]
        self.map.double();
        #[cfg(not(target_os = "linux"))]
        self.slots.resize(self.slots.len() * 2, super::VACANT);
    }
}

impl std::ops::Deref for Pages {
    type Target = [Slot];

    fn deref(&self) -> &[Slot] {
        #[cfg(target_os = "linux")]
        return self.map.slots();
        #[cfg(not(target_os = "linux"))]
        return &self.slots;
    }
}

impl std::ops::DerefMut for Pages {
    fn deref_mut(&mut self) -> &mut [Slot] {
        #[cfg(target_os = "linux")]
        return self.map.slots_mut();
        #[cfg(not(target_os = "linux"))]
        return &mut self.slots;
    }
}

/// Anonymous memory mapped for `len` slots: zero bytes until written, page-aligned (so every
/// slot lies in one cache line), and backed by huge pages where the system allows, since a
/// table's lookups land anywhere in it.
#[cfg(target_os = "linux")]
struct Mapping {
    start: std::ptr::NonNull<Slot>,
    len: usize,
}

// SAFETY: the mapping is owned by one `Mapping` and reached only through it, like a `Vec`'s
// buffer: `&Mapping` gives shared slices, `&mut Mapping` the only mutable one.
#[cfg(target_os = "linux")]
unsafe impl Send for Mapping {}
// SAFETY: as above; nothing in it changes behind a shared reference.
#[cfg(target_os = "linux")]
unsafe impl Sync for Mapping {}

#[cfg(target_os = "linux")]
impl Mapping {
    fn bytes(len: usize) -> usize {
        len.checked_mul(std::mem::size_of::<Slot>())
            .unwrap_or_else(|| Self::out_of_memory(usize::MAX))
    }

    fn new(len: usize) -> Mapping {
        let bytes = Self::bytes(len);
        // SAFETY: an anonymous private mapping at an address of the kernel's choosing touches
        // no existing memory; the result is checked before use.
        let start = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                bytes,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        let mapping = Mapping {
            start: Self::mapped(start, bytes),
            len,
        };
        mapping.advise_huge_pages();
        mapping
    }

    fn double(&mut self) {
        let old = Self::bytes(self.len);
        let len = self.len.saturating_mul(2);
        let bytes = Self::bytes(len);
        // SAFETY: `start` and `old` describe exactly this mapping, which nothing else refers
        // to; MREMAP_MAYMOVE lets the kernel move it, and the new address replaces the old.
        let start =
            unsafe { libc::mremap(self.start.as_ptr().cast(), old, bytes, libc::MREMAP_MAYMOVE) };
        self.start = Self::mapped(start, bytes);
        self.len = len;
        self.advise_huge_pages();
    }

    /// The mapping's start, or the end of the process as when any allocation fails.
    fn mapped(start: *mut libc::c_void, bytes: usize) -> std::ptr::NonNull<Slot> {
        match std::ptr::NonNull::new(start.cast::<Slot>()) {
            Some(start) if start.as_ptr().cast() != libc::MAP_FAILED => start,
            _ => Self::out_of_memory(bytes),
        }
    }

    fn out_of_memory(bytes: usize) -> ! {
        let layout = std::alloc::Layout::from_size_align(bytes.min(isize::MAX as usize), 64)
            .unwrap_or(std::alloc::Layout::new::<Slot>());
        std::alloc::handle_alloc_error(layout)
    }

    /// Asks for huge pages for a table of 2 MB or more: only a hint, nothing changes where
    /// the kernel declines.
    fn advise_huge_pages(&self) {
        const HUGE_PAGE: usize = 2 << 20;
        let bytes = Self::bytes(self.len);
        if bytes >= HUGE_PAGE {
            // SAFETY: the range is this mapping; MADV_HUGEPAGE changes only which pages back
            // it, never what it holds.
            unsafe {
                libc::madvise(self.start.as_ptr().cast(), bytes, libc::MADV_HUGEPAGE);
            }
        }
    }

    fn slots(&self) -> &[Slot] {
        // SAFETY: the mapping holds `len` slots, readable and writable, zero bytes or written
        // as slots, and an all-zero slot is a valid one (integers only).
        unsafe { std::slice::from_raw_parts(self.start.as_ptr(), self.len) }
    }

    fn slots_mut(&mut self) -> &mut [Slot] {
        // SAFETY: as in `slots`, and `&mut self` makes this the only reference.
        unsafe { std::slice::from_raw_parts_mut(self.start.as_ptr(), self.len) }
    }
}

#[cfg(target_os = "linux")]
impl Drop for Mapping {
    fn drop(&mut self) {
        // SAFETY: the range is exactly this mapping, and no slice of it outlives `self`.
        unsafe {
            libc::munmap(self.start.as_ptr().cast(), Self::bytes(self.len));
        }
    }
}
