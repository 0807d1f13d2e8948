//! The reader in a real pseudo-terminal that goes away (an SSH connection dropping): kabar
//! must end, cleanly, not spin on the dead terminal or panic while restoring it, whether or not
//! a SIGHUP reaches it.
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Run `program args` as the session leader of a new pty, close the pty after 1.5 s and
/// wait (at most 10 s) for it to end; returns its exit status, or `None` where this machine
/// gives no pseudo-terminals (the test is then skipped, saying so).
fn hang_up(program: &str, args: &[&str], dir: &Path) -> Option<std::process::ExitStatus> {
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
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("skipped: cannot give the child a controlling terminal ({e})");
            return None;
        }
    };
    drop(cmd); // the parent's copies of the pty's slave side
    // Let it draw (a first frame fits in the pty's buffer unread).
    std::thread::sleep(Duration::from_millis(1500));
    assert!(child.try_wait().unwrap().is_none(), "the reader is running");
    drop(master); // the terminal goes away
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(s) = child.try_wait().unwrap() {
            return Some(s);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("still running 10 s after its terminal hung up");
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
