//! Memory the TUI holds across a long day.

/// Returns to the system the memory a background job freed. Loading the
/// big lists and working out the Reports figures (hash tables over every
/// customer's purchases) run on other threads and hold far more while
/// they work than what they hand over; glibc keeps what was freed mapped
/// (in those threads' arenas and between live blocks), so without this
/// the TUI stays at its peak all day (at 100k accounts 146 MB resident
/// for ~55 MB of lists).
pub(super) fn give_back_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free pages of glibc's own heaps;
    // it takes no pointers and is safe to call from any thread.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Large blocks (a list's column, a job's table) each get pages of their
/// own, returned to the system the moment they are freed. Left alone,
/// glibc raises its threshold after the first large block is freed, and
/// later ones are carved from the arenas between small live blocks, where
/// no trim can reach them: at a million accounts that kept ~90 MB resident
/// that nothing used.
pub(super) fn keep_large_blocks_apart() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        /// Blocks of this many bytes or more are mapped on their own.
        const LARGE: i32 = 256 * 1024;
        // SAFETY: mallopt only sets a tuning value of glibc's allocator;
        // it takes no pointers.
        unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, LARGE);
        }
    }
}
