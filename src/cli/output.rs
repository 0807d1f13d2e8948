//! Writing a command's output: stdout that may be a closed pipe, errors on stderr, JSON.

use super::exit::ExitCode;
use crate::text::sanitize_line;

/// `print!` for a command's output, which is often a pipe. Gives `Result<(), ExitCode>`: a
/// reader that stops early (`kabar list | head`) ends the command quietly with `?`, as it
/// ends other Unix tools, instead of the panic the std macros give on a broken pipe.
macro_rules! out {
    ($($arg:tt)*) => { $crate::cli::output::emit(format_args!($($arg)*)) };
}
/// `println!` for a command's output; see [`out!`].
macro_rules! outln {
    () => { $crate::cli::output::emit(format_args!("\n")) };
    ($($arg:tt)*) => {
        $crate::cli::output::emit(format_args!("{}\n", format_args!($($arg)*)))
    };
}
pub(crate) use {out, outln};

/// Write a command's output (see `out!`); `Err` carries the code to end with.
pub fn emit(args: std::fmt::Arguments<'_>) -> Result<(), ExitCode> {
    use std::io::Write;
    std::io::stdout()
        .lock()
        .write_fmt(args)
        .map_err(stdout_failed)
}

/// Write `bytes` to stdout and flush.
pub fn write_stdout(bytes: &[u8]) -> Result<(), ExitCode> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(bytes)
        .and_then(|_| stdout.flush())
        .map_err(stdout_failed)
}

/// The exit code after writing to stdout failed: a reader that closed the pipe early
/// (`kabar man | head`) is not an error.
fn stdout_failed(e: std::io::Error) -> ExitCode {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        ExitCode::Ok
    } else {
        fail(ExitCode::Io, format!("cannot write: {e}"))
    }
}

/// A JSON array, pretty-printed, as the `--json` output of every command.
pub fn print_json(arr: &[serde_json::Value]) -> Result<(), ExitCode> {
    outln!(
        "{}",
        serde_json::to_string_pretty(arr).unwrap_or_else(|_| "[]".into())
    )
}

/// Print `kabar: MSG` on stderr (sanitised) and give `code` back, for `Err(fail(..))`.
pub fn fail(code: ExitCode, msg: impl std::fmt::Display) -> ExitCode {
    note(msg);
    code
}

/// Print `kabar: MSG` on stderr (sanitised).
pub fn note(msg: impl std::fmt::Display) {
    // Not `eprintln!`: it panics when stderr is gone (a terminal that hung up).
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "kabar: {}",
        sanitize_line(&msg.to_string())
    );
}
