//! Hands the memory a finished background job freed back to the system.

/// A refresh or an index catch-up allocates megabytes for a moment (bodies, parsed items, SQLite
/// pages) on the job's threads, and glibc keeps the freed pages in its arenas: the reader then
/// sat on them for the rest of the session. `malloc_trim` returns whole free pages (in every
/// arena) with `MADV_DONTNEED`; what is still in use stays where it is.
pub fn give_back_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory of the allocator; it takes the arena locks
    // itself and may be called from any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}
