//! Logging to `kabar.log` in the config directory (never to the terminal while the TUI runs).

use std::path::Path;
use std::sync::Mutex;

/// Send tracing output to `path` (appending). `KABAR_LOG` sets the filter (default `info`).
/// Failing to open the log is not fatal: kabar runs without one.
pub fn init(path: &Path) {
    let Ok(file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    else {
        return;
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("KABAR_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(Mutex::new(file))
        .with_ansi(false)
        .with_target(false)
        .try_init();
}
