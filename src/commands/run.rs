//! Running a command's argument vector: in the background with its output captured (capped),
//! or attached to the terminal. Never through a shell; the wait has no time limit (a command
//! may take as long as it takes), so callers run it off the UI thread or with the UI aside.

use std::io::{Read, Write};
use std::process::{Child, Command, Stdio};

/// At most this much of a command's stdout and of its stderr is kept; the rest is read and
/// dropped, so a chatty program never blocks on a full pipe.
pub const OUTPUT_CAP: usize = 64 * 1024;

/// What a command's standard input is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stdin {
    /// The null device.
    Null,
    /// The terminal (or whatever kabar's own stdin is).
    Inherit,
    /// These bytes, then end of file.
    Bytes(Vec<u8>),
}

/// How a command ended.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ended {
    /// Its exit code (`None` when a signal ended it).
    pub code: Option<i32>,
    /// The signal that ended it, if one did.
    pub signal: Option<i32>,
    /// The start of its stdout (empty when not captured).
    pub stdout: Vec<u8>,
    /// The start of its stderr (empty when not captured).
    pub stderr: Vec<u8>,
}

impl Ended {
    pub fn success(&self) -> bool {
        self.code == Some(0)
    }

    /// The first non-blank line of its stderr, sanitised and cut to fit a status line.
    pub fn first_error_line(&self) -> String {
        let text = String::from_utf8_lossy(&self.stderr);
        let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        crate::text::sanitize::sanitize_line_capped(line, 200)
    }

    /// The exit status a shell would give: the code, or 128 + the signal.
    pub fn shell_code(&self) -> i32 {
        match (self.code, self.signal) {
            (Some(c), _) => c,
            (None, Some(s)) => 128 + s,
            (None, None) => 1,
        }
    }
}

/// Why a command did not run.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("the command is empty")]
    Empty,
    #[error("cannot start {program}: {source}")]
    Start {
        program: String,
        source: std::io::Error,
    },
    #[error("waiting for {program}: {source}")]
    Wait {
        program: String,
        source: std::io::Error,
    },
}

/// The command for `argv` with `stdin` set up (bytes are written by [`feed_stdin`]).
fn command(argv: &[String], stdin: &Stdin) -> Result<Command, RunError> {
    let (program, args) = argv.split_first().ok_or(RunError::Empty)?;
    let mut cmd = Command::new(program);
    cmd.args(args);
    cmd.stdin(match stdin {
        Stdin::Null => Stdio::null(),
        Stdin::Inherit => Stdio::inherit(),
        Stdin::Bytes(_) => Stdio::piped(),
    });
    Ok(cmd)
}

fn spawn(mut cmd: Command, argv: &[String]) -> Result<Child, RunError> {
    cmd.spawn().map_err(|source| RunError::Start {
        program: crate::text::sanitize_line(argv.first().map_or("", String::as_str)),
        source,
    })
}

/// Write `stdin`'s bytes to the child on a thread of its own and close the pipe: a program
/// that reads only part (or nothing) must not block kabar, and one that quits early only
/// breaks the pipe, which is not an error.
fn feed_stdin(child: &mut Child, stdin: Stdin) -> Option<std::thread::JoinHandle<()>> {
    let (Stdin::Bytes(bytes), Some(mut pipe)) = (stdin, child.stdin.take()) else {
        return None;
    };
    Some(std::thread::spawn(move || {
        let _ = pipe.write_all(&bytes);
    }))
}

/// Read `r` to its end, keeping the first [`OUTPUT_CAP`] bytes.
fn capped(mut r: impl Read + Send + 'static) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut kept = Vec::new();
        let mut buf = [0u8; 8192];
        loop {
            match r.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    let room = OUTPUT_CAP.saturating_sub(kept.len());
                    kept.extend_from_slice(&buf[..n.min(room)]);
                }
            }
        }
        kept
    })
}

fn wait(mut child: Child, argv: &[String]) -> Result<Ended, RunError> {
    let status = child.wait().map_err(|source| RunError::Wait {
        program: crate::text::sanitize_line(argv.first().map_or("", String::as_str)),
        source,
    })?;
    #[cfg(unix)]
    let signal = std::os::unix::process::ExitStatusExt::signal(&status);
    #[cfg(not(unix))]
    let signal = None;
    Ok(Ended {
        code: status.code(),
        signal,
        ..Ended::default()
    })
}

/// Run `argv` with no terminal: `stdin` as given, stdout and stderr captured (each capped at
/// [`OUTPUT_CAP`]). Blocks until the program ends: call it on a worker thread.
pub fn captured(argv: &[String], stdin: Stdin) -> Result<Ended, RunError> {
    let mut cmd = command(argv, &stdin)?;
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = spawn(cmd, argv)?;
    let writer = feed_stdin(&mut child, stdin);
    let out = child.stdout.take().map(capped);
    let err = child.stderr.take().map(capped);
    let ended = wait(child, argv);
    let join = |h: Option<std::thread::JoinHandle<Vec<u8>>>| {
        h.and_then(|h| h.join().ok()).unwrap_or_default()
    };
    // The readers end when every holder of the pipes has closed them (the program and any
    // child it left behind).
    let (stdout, stderr) = (join(out), join(err));
    if let Some(w) = writer {
        let _ = w.join();
    }
    Ok(Ended {
        stdout,
        stderr,
        ..ended?
    })
}

/// Run `argv` on kabar's own terminal (stdout and stderr inherited), `stdin` as given, and wait
/// for it. The caller has put the terminal back in its normal state first.
pub fn attached(argv: &[String], stdin: Stdin) -> Result<Ended, RunError> {
    let cmd = command(argv, &stdin)?;
    let mut child = spawn(cmd, argv)?;
    let writer = feed_stdin(&mut child, stdin);
    let ended = wait(child, argv);
    if let Some(w) = writer {
        let _ = w.join();
    }
    ended
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn captures_output_and_exit_code() {
        let e = captured(
            &argv(&["sh", "-c", "cat; echo oops >&2; exit 3"]),
            Stdin::Bytes(b"hello".to_vec()),
        )
        .unwrap();
        assert_eq!(e.code, Some(3));
        assert_eq!(e.stdout, b"hello");
        assert_eq!(e.first_error_line(), "oops");
        assert_eq!(e.shell_code(), 3);
    }

    #[test]
    fn output_is_capped_and_a_missing_program_is_an_error() {
        let e = captured(
            &argv(&["sh", "-c", "head -c 200000 /dev/zero"]),
            Stdin::Null,
        )
        .unwrap();
        assert!(e.success());
        assert_eq!(e.stdout.len(), OUTPUT_CAP);
        let err = captured(&argv(&["/nonexistent/kabar-test"]), Stdin::Null).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("cannot start /nonexistent/kabar-test")
        );
        assert!(matches!(captured(&[], Stdin::Null), Err(RunError::Empty)));
    }

    #[test]
    fn a_program_that_ignores_its_input_does_not_block() {
        let big = vec![b'x'; 4 * 1024 * 1024];
        let e = captured(&argv(&["true"]), Stdin::Bytes(big)).unwrap();
        assert!(e.success());
    }
}
