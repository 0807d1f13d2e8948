//! The reader in a real pseudo-terminal. When the terminal goes away (an SSH connection
//! dropping) kabar must end, cleanly, not spin on the dead terminal or panic while restoring
//! it, whether or not a SIGHUP reaches it. A program run with `terminal = true` gets the
//! terminal, normal and with its input, and the reader takes it back afterwards.
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// `program args` as the session leader of a new 100x30 pty, as sshd or a terminal emulator
/// starts it; returns the pty's master side and the child, or `None` where this machine gives
/// no pseudo-terminals (the test is then skipped, saying so).
fn spawn_in_pty(
    program: &str,
    args: &[&str],
    dir: &Path,
) -> Option<(OwnedFd, std::process::Child)> {
    let (mut master, mut slave) = (0, 0);
    let size = libc::winsize {
        ws_row: 30,
        ws_col: 100,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: openpty writes two new descriptors into the out-parameters; both are owned below.
    let rc = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            &size,
        )
    };
    if rc != 0 {
        eprintln!(
            "skipped: no pseudo-terminal here ({})",
            std::io::Error::last_os_error()
        );
        return None;
    }
    // SAFETY: fresh descriptors from openpty, owned nowhere else. The master must not leak
    // into the child (an open master is a terminal that has not gone away).
    let (master, slave) = unsafe {
        libc::fcntl(master, libc::F_SETFD, libc::FD_CLOEXEC);
        (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave))
    };
    let tty = slave.as_raw_fd();
    let mut cmd = Command::new(program);
    cmd.args(args)
        .env("TERM", "xterm-256color")
        .env("LANG", "C")
        .env("HOME", dir)
        .stdin(Stdio::from(slave.try_clone().unwrap()))
        .stdout(Stdio::from(slave.try_clone().unwrap()))
        .stderr(Stdio::from(slave));
    // SAFETY: only async-signal-safe calls between fork and exec: a new session whose
    // controlling terminal is the pty, as sshd or a terminal emulator sets it up.
    unsafe {
        cmd.pre_exec(move || {
            if libc::setsid() < 0 || libc::ioctl(tty, libc::TIOCSCTTY, 0) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("skipped: cannot give the child a controlling terminal ({e})");
            return None;
        }
    };
    drop(cmd); // the parent's copies of the pty's slave side
    Some((master, child))
}

/// Run `program args` in a new pty, close the pty after 1.5 s and wait (at most 10 s) for it
/// to end; returns its exit status (`None`: no pty here).
fn hang_up(program: &str, args: &[&str], dir: &Path) -> Option<std::process::ExitStatus> {
    let (master, mut child) = spawn_in_pty(program, args, dir)?;
    // Let it draw (a first frame fits in the pty's buffer unread).
    std::thread::sleep(Duration::from_millis(1500));
    assert!(child.try_wait().unwrap().is_none(), "the reader is running");
    drop(master); // the terminal goes away
    wait_at_most(&mut child, Duration::from_secs(10))
        .map(Some)
        .unwrap_or_else(|| panic!("still running 10 s after its terminal hung up"))
}

/// The child's exit status, or `None` (and the child killed) after `limit`.
fn wait_at_most(
    child: &mut std::process::Child,
    limit: Duration,
) -> Option<std::process::ExitStatus> {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(s) = child.try_wait().unwrap() {
            return Some(s);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn reader_exits_cleanly_on_sighup() {
    let dir = common::config_dir(&[("Mati", "http://127.0.0.1:9/feed.xml")], "");
    let d = dir.path().to_str().unwrap();
    let bin = env!("CARGO_BIN_EXE_kabar");
    let Some(status) = hang_up(bin, &["--config-dir", d], dir.path()) else {
        return;
    };
    assert_eq!(status.code(), Some(0), "{status:?}");
}

#[test]
fn reader_exits_when_the_terminal_is_gone_but_no_sighup_came() {
    // The session leader is a shell that ignores the hangup and waits for kabar, so kabar gets
    // no SIGHUP: it has to notice the dead terminal itself.
    let dir = common::config_dir(&[("Mati", "http://127.0.0.1:9/feed.xml")], "");
    let status_file = dir.path().join("status");
    let script = format!(
        "trap '' HUP; '{bin}' --config-dir '{d}'; echo $? > '{s}'",
        bin = env!("CARGO_BIN_EXE_kabar"),
        d = dir.path().display(),
        s = status_file.display()
    );
    let Some(status) = hang_up("sh", &["-c", &script], dir.path()) else {
        return;
    };
    assert!(status.success(), "{status:?}");
    let code = std::fs::read_to_string(&status_file).expect("kabar ended");
    assert_eq!(code.trim(), "0");
}

/// Everything the pty's master side reads, collected by a thread.
struct Screen {
    seen: std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
}

impl Screen {
    fn watch(master: &OwnedFd) -> Screen {
        use std::io::Read;
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let mut from = std::fs::File::from(master.try_clone().unwrap());
        let into = seen.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = from.read(&mut buf) {
                if n == 0 {
                    break;
                }
                into.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Screen { seen }
    }

    /// Where `text` first shows after byte `from`, waiting at most 20 s (a busy machine).
    fn wait_for(&self, text: &str, from: usize) -> usize {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            {
                let seen = self.seen.lock().unwrap();
                if let Some(at) = seen[from.min(seen.len())..]
                    .windows(text.len())
                    .position(|w| w == text.as_bytes())
                {
                    return from + at;
                }
                assert!(
                    Instant::now() < deadline,
                    "{text:?} not shown; the terminal got: {:?}",
                    String::from_utf8_lossy(&seen[seen.len().saturating_sub(600)..])
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn between(&self, a: usize, b: usize) -> String {
        String::from_utf8_lossy(&self.seen.lock().unwrap()[a..b]).into_owned()
    }
}

#[test]
fn a_terminal_command_gets_the_terminal_and_the_reader_takes_it_back() {
    use std::io::Write;
    let server = common::server::Server::start();
    server.ok(
        "/antara.xml",
        common::fixture("fixtures/antara-excerpt.xml"),
        None,
    );
    let work = tempfile::tempdir().unwrap();
    let script = work.path().join("ask");
    let got = work.path().join("got");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf 'ASKING %s\\n' \"$1\"\nread line\nprintf '%s' \"$line\" > '{}'\n",
            got.display()
        ),
    )
    .unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let commands = format!(
        "[[commands]]\nkey = \"w\"\nname = \"ask\"\nrun = [\"{}\", \"{{title}}\"]\nterminal = true\n",
        script.display()
    );
    let dir = common::config_dir(&[("ANTARA", &server.url("/antara.xml"))], &commands);
    let (code, _, err) = common::kabar(dir.path(), &["refresh"]);
    assert_eq!(code, 0, "{err}");
    let d = dir.path().to_str().unwrap();
    let Some((master, mut child)) = spawn_in_pty(
        env!("CARGO_BIN_EXE_kabar"),
        &["--config-dir", d],
        dir.path(),
    ) else {
        return;
    };
    let screen = Screen::watch(&master);
    let mut keys = std::fs::File::from(master.try_clone().unwrap());
    let listed = screen.wait_for("ANTARA", 0);
    keys.write_all(b"\r").unwrap(); // open the first entry: every article, newest first
    let opened = screen.wait_for("benih padi", listed);
    keys.write_all(b"w").unwrap();
    // The program runs on the normal screen, with the article's title as its argument...
    let asking = screen.wait_for("ASKING ", opened);
    assert!(
        screen.between(opened, asking).contains("\x1b[?1049l"),
        "the reader left the alternate screen first"
    );
    // ...and reads what is typed: the reader is not reading the keys meanwhile.
    keys.write_all(b"halo dari terminal\r").unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::fs::read_to_string(&got).unwrap_or_default() != "halo dari terminal" {
        assert!(
            Instant::now() < deadline,
            "the program did not get the typed line"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // The reader is back: its screen again, and it answers keys.
    let back = screen.wait_for("\x1b[?1049h", asking);
    screen.wait_for("ask", back);
    keys.write_all(b"q").unwrap();
    std::thread::sleep(Duration::from_millis(300));
    keys.write_all(b"q").unwrap();
    let status = wait_at_most(&mut child, Duration::from_secs(20));
    assert_eq!(status.and_then(|s| s.code()), Some(0), "{status:?}");
    let end = screen.seen.lock().unwrap().len();
    assert!(
        screen.between(back, end).contains("\x1b[?1049l"),
        "the terminal is left normal at the end"
    );
}
