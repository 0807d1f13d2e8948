//! Logging to `kabar.log` in the config directory (never to the terminal while the TUI runs).
//!
//! The log is best effort: a write that fails (a full disk) is counted and dropped, never
//! reported on stderr, which is the reader's screen. Secrets in URLs (`user:pass@`, `token=`,
//! `key=`, `sig=`, ...) are redacted from every line before it is written.

use std::io::Write;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Events that could not be written to the log.
static LOST: AtomicU64 = AtomicU64::new(0);

/// How many log events were dropped because writing them failed.
pub fn lost_events() -> u64 {
    LOST.load(Ordering::Relaxed)
}

/// Send tracing output to `path` (appending). `KABAR_LOG` sets the filter (default `info`).
/// Failing to open the log is not fatal: kabar runs without one, and the caller may say why.
/// The log is created 0600 and a `kabar.log` that is a symbolic link is refused (not followed:
/// in a directory another user could once write to, it may point at any of the user's files).
pub fn init(path: &Path) -> std::io::Result<()> {
    let file = open(path)?;
    let filter = tracing_subscriber::EnvFilter::try_from_env("KABAR_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(LogFile(Mutex::new(file)))
        .with_ansi(false)
        .with_target(false)
        .try_init();
    Ok(())
}

/// Open the log for appending: private, and never through a symbolic link.
fn open(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    options.open(path)
}

/// Whether `e` (from [`init`]) means the log is a symbolic link.
pub fn is_symlink_refused(e: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        e.raw_os_error() == Some(libc::ELOOP)
    }
    #[cfg(not(unix))]
    {
        let _ = e;
        false
    }
}

/// The log file as tracing's writer: one formatted event per write, redacted, errors dropped.
struct LogFile(Mutex<std::fs::File>);

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for LogFile {
    type Writer = Event<'a>;

    fn make_writer(&'a self) -> Event<'a> {
        Event(&self.0)
    }
}

/// Writes one event to the log.
struct Event<'a>(&'a Mutex<std::fs::File>);

impl Write for Event<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        let line = crate::text::redact_secrets(&text);
        let mut file = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if file.write_all(line.as_bytes()).is_err() {
            LOST.fetch_add(1, Ordering::Relaxed);
        }
        // Always "written": an error here would make tracing-subscriber print its own report
        // onto the terminal.
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_writes_are_swallowed_and_counted() {
        // /dev/full fails every write with ENOSPC, as a full disk does.
        let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
            return;
        };
        let m = Mutex::new(full);
        let before = lost_events();
        let mut ev = Event(&m);
        assert_eq!(ev.write(b"an event\n").unwrap(), 9);
        assert!(ev.flush().is_ok());
        assert_eq!(lost_events(), before + 1);
    }

    #[test]
    fn secrets_do_not_reach_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kabar.log");
        let m = Mutex::new(open(&path).unwrap());
        Event(&m)
            .write_all(b"GET https://u:pw@x.id/f?token=s3cret&p=1\n")
            .unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("s3cret") && !text.contains("pw@"), "{text}");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_log_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("elsewhere");
        std::fs::write(&target, "").unwrap();
        let link = dir.path().join("kabar.log");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let e = open(&link).unwrap_err();
        assert!(is_symlink_refused(&e), "{e}");
    }
}
