//! The `kabar` binary: hands control to the CLI.

fn main() -> std::process::ExitCode {
    few_malloc_arenas();
    kabar::cli::main().into()
}

/// glibc gives each thread that allocates its own heap ("arena"), up to 8 per core, and each
/// keeps what it once held. A refresh passes feeds between a dozen short-lived threads, so that
/// was a quarter of its peak memory; two arenas are enough for two busy threads at a time.
fn few_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; called before any thread exists.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}
