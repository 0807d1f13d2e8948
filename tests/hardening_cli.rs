//! Issue 13's findings in files, logs, output and exit codes, checked on the built binary
//! against loopback servers: private files, a config dir that is not the user's, a log that
//! cannot be written, panics kept off stderr, URLs shown safely, unique names, exit codes.
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Route, Server, assert_clean, config_dir, fixture, kabar, kabar_env};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().mode() & 0o777
}

fn chmod(p: &Path, mode: u32) {
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// [`config_dir`] made private (tempfile's directories follow the umask, 0755 here), so that
/// kabar has nothing to tighten and say.
fn private_dir(feeds: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = config_dir(feeds, "");
    chmod(dir.path(), 0o700);
    dir
}

fn radar(server: &Server) -> String {
    server.ok(
        "/radar.xml",
        fixture("fixtures/radarlampung-seed.xml"),
        None,
    );
    server.url("/radar.xml")
}

/// An RSS feed titled `title` with one item whose body is `html`.
fn feed_with(title: &str, html: &str) -> Vec<u8> {
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\" \
         xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel>\
         <title>{title}</title><link>http://example.com/</link>\
         <item><title>Satu</title><link>http://example.com/1</link><guid>g1</guid>\
         <pubDate>Mon, 22 Apr 2019 08:40:00 +0000</pubDate>\
         <content:encoded><![CDATA[{html}]]></content:encoded></item>\
         </channel></rss>"
    )
    .into_bytes()
}

// Finding 3: the config dir is 0700 and every file in it 0600, whatever the umask.
#[test]
fn a_new_config_dir_and_its_files_are_private() {
    // SAFETY: umask only sets the process's file creation mask (022 is the usual one).
    unsafe { libc::umask(0o022) };
    let server = Server::start();
    server.ok("/f.xml", feed_with("Umask News", "<p>isi</p>"), None);
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("kabar");
    let (code, _, err) = kabar(&dir, &["add", &server.url("/f.xml")]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = kabar(&dir, &["refresh"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(mode(&dir), 0o700);
    for f in ["config.toml", "kabar.db", "kabar.log"] {
        assert_eq!(mode(&dir.join(f)), 0o600, "{f}");
    }
    for f in ["kabar.db-wal", "kabar.db-shm"] {
        if dir.join(f).exists() {
            assert_eq!(mode(&dir.join(f)), 0o600, "{f}");
        }
    }
}

// Finding 3: an existing open dir is tightened on start, and that is said once.
#[test]
fn an_open_config_dir_is_made_private_and_said_once() {
    let server = Server::start();
    let dir = config_dir(&[("Radar", &radar(&server))], "");
    let (code, _, err) = kabar(dir.path(), &["refresh"]);
    assert_eq!(code, 0, "{err}");
    chmod(dir.path(), 0o755);
    for f in ["config.toml", "kabar.db", "kabar.log"] {
        chmod(&dir.path().join(f), 0o644);
    }
    let (code, _, err) = kabar(dir.path(), &["feeds"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err.matches("private").count(), 1, "{err}");
    assert_eq!(mode(dir.path()), 0o700);
    for f in ["config.toml", "kabar.db", "kabar.log"] {
        assert_eq!(mode(&dir.path().join(f)), 0o600, "{f}");
    }
    let (_, _, err) = kabar(dir.path(), &["feeds"]);
    assert!(err.is_empty(), "said twice: {err}");
}

// Finding 9: a config dir others can write to is refused.
#[test]
fn a_config_dir_writable_by_others_is_refused() {
    for m in [0o777, 0o770] {
        let dir = config_dir(&[], "");
        chmod(dir.path(), m);
        let (code, _, err) = kabar(dir.path(), &["feeds"]);
        assert_eq!(code, 2, "mode {m:o}: {err}");
        assert!(err.contains("writable"), "{err}");
        assert!(!dir.path().join("kabar.db").exists());
        chmod(dir.path(), 0o700);
    }
}

// Finding 9: a config dir owned by another user is refused.
#[test]
fn a_config_dir_of_another_user_is_refused() {
    let dir = config_dir(&[], "");
    // SAFETY: geteuid cannot fail.
    let me = unsafe { libc::geteuid() };
    let other = if me == 0 {
        // Root can give the dir away; as anyone else, / belongs to root.
        let c = std::ffi::CString::new(dir.path().as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid C string path.
        assert_eq!(unsafe { libc::chown(c.as_ptr(), 65534, 65534) }, 0);
        dir.path().to_path_buf()
    } else {
        std::path::PathBuf::from("/")
    };
    let (code, _, err) = kabar(&other, &["feeds"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("another user"), "{err}");
    assert!(!dir.path().join("kabar.db").exists());
}

// Finding 9: a kabar.log that is a symbolic link is not followed.
#[test]
fn a_symlinked_log_is_not_followed() {
    let dir = config_dir(&[], "");
    let victim = tempfile::NamedTempFile::new().unwrap();
    std::os::unix::fs::symlink(victim.path(), dir.path().join("kabar.log")).unwrap();
    let (code, _, err) = kabar_env(dir.path(), &["feeds"], &[("KABAR_LOG", "debug")]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("symbolic link"), "{err}");
    assert_eq!(std::fs::metadata(victim.path()).unwrap().len(), 0);
}

// Finding 4: a log that cannot be written (a full disk) prints nothing on the terminal.
#[test]
fn a_log_that_cannot_be_written_stays_off_the_terminal() {
    use std::os::unix::process::CommandExt;
    let server = Server::start();
    let dir = private_dir(&[("Radar", &radar(&server))]);
    // A log above the file size limit: every write to it fails (EFBIG), as on a full disk.
    std::fs::write(dir.path().join("kabar.log"), vec![b'x'; 9 << 20]).unwrap();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_kabar"));
    cmd.arg("--config-dir")
        .arg(dir.path())
        .arg("refresh")
        .env("KABAR_LOG", "debug")
        .env("LANG", "C");
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let lim = libc::rlimit {
                rlim_cur: 8 << 20,
                rlim_max: 8 << 20,
            };
            libc::setrlimit(libc::RLIMIT_FSIZE, &lim);
            Ok(())
        });
    }
    let out = cmd.output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.is_empty(), "written to the terminal: {err}");
}

// Finding 6: a panic inside html2text (caught, with a fallback) prints nothing on stderr.
#[test]
fn show_of_a_table_that_panics_html2text_prints_nothing_on_stderr() {
    let server = Server::start();
    let table = "<table><tr><td colspan=\"65534\" rowspan=\"3\">a</td><td>b</td></tr>\
                 <tr><td rowspan=\"65534\" colspan=\"2\">c</td></tr><tr><td>d</td></tr></table>"
        .repeat(3)
        + "<p>Teks akhir berita ini cukup panjang untuk dibaca utuh.</p>";
    server.ok("/t.xml", feed_with("Tabel", &table), None);
    let dir = private_dir(&[("Tabel", &server.url("/t.xml"))]);
    let (code, _, err) = kabar(dir.path(), &["refresh"]);
    assert_eq!(code, 0, "{err}");
    let (_, out, _) = kabar(dir.path(), &["list", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let id = v[0]["id"].as_i64().unwrap().to_string();
    let (code, out, err) = kabar_env(
        dir.path(),
        &["show", &id, "--width", "80"],
        &[("RUST_BACKTRACE", "1")],
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.is_empty(), "stderr: {err}");
    assert!(out.contains("Teks akhir"), "{out}");
    // The panic happened (the case is real) and went to the log.
    let log = std::fs::read_to_string(dir.path().join("kabar.log")).unwrap();
    assert!(log.contains("panic"), "{log}");
}

// Finding 8: a hand-edited config URL with ESC, C1 and U+202E comes out clean everywhere.
#[test]
fn a_hostile_config_url_is_shown_clean() {
    let dir = tempfile::tempdir().unwrap();
    let url = "https://example.com/\\u001b[2J\\u001b]0;pwned\\u0007x\\u009b31m\\u202eabc.xml";
    std::fs::write(
        dir.path().join("config.toml"),
        format!("refresh_on_start = false\n[[feeds]]\nurl = \"{url}\"\n"),
    )
    .unwrap();
    for args in [&["feeds"][..], &["feeds", "--json"], &["export"]] {
        let (code, out, err) = kabar(dir.path(), args);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(out.contains("example.com"), "{args:?}: {out}");
        assert_clean(&format!("{args:?}"), &out, true);
        assert!(
            !out.contains('\u{202e}') && !out.contains('\u{9b}'),
            "{out:?}"
        );
    }
}

// Finding 10: a feed without a name is shown under its URL, without user:pass.
#[test]
fn credentials_are_not_shown_in_refresh_or_the_feed_list() {
    let server = Server::start();
    radar(&server);
    let url = format!("http://reader:hunter2@{}/radar.xml", server.addr);
    let gone = format!("http://reader:hunter2@{}/gone.xml", server.addr);
    server.route("/gone.xml", Route::Status(404));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("config.toml"),
        format!(
            "refresh_on_start = false\n[[feeds]]\nurl = \"{url}\"\n[[feeds]]\nurl = \"{gone}\"\n"
        ),
    )
    .unwrap();
    let (code, out, err) = kabar(dir.path(), &["refresh"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        !out.contains("hunter2") && !err.contains("hunter2"),
        "{out}{err}"
    );
    for args in [&["feeds"][..], &["feeds", "--json"]] {
        let (_, out, err) = kabar(dir.path(), args);
        assert!(out.contains(&server.addr.to_string()), "{out}");
        assert!(
            !out.contains("hunter2") && !err.contains("hunter2"),
            "{out}{err}"
        );
    }
}

// Finding 10: query tokens and passwords in URLs are redacted from the log.
#[test]
fn the_debug_log_keeps_no_url_secrets() {
    let server = Server::start();
    server.ok(
        "/radar.xml?token=T0KEN5ECRET&page=1",
        fixture("fixtures/radarlampung-seed.xml"),
        None,
    );
    // A body that is no feed: its URL is logged (debug) with why it was not parsed.
    server.ok(
        "/bad.xml?api_key=AP1KEY5ECRET&sig=S1G5ECRET",
        "<?xml version=\"1.0\"?><nothing>no feed here</nothing>",
        None,
    );
    let dir = private_dir(&[
        ("Radar", &server.url("/radar.xml?token=T0KEN5ECRET&page=1")),
        (
            "Bad",
            &server.url("/bad.xml?api_key=AP1KEY5ECRET&sig=S1G5ECRET"),
        ),
    ]);
    let (code, _, err) = kabar_env(dir.path(), &["refresh"], &[("KABAR_LOG", "debug")]);
    assert_eq!(code, 0, "{err}");
    let log = std::fs::read_to_string(dir.path().join("kabar.log")).unwrap();
    assert!(log.contains("radar.xml?token=***&page=1"), "{log}");
    assert!(log.contains("bad.xml?api_key=***&sig=***"), "{log}");
    for secret in ["T0KEN5ECRET", "AP1KEY5ECRET", "S1G5ECRET"] {
        assert!(!log.contains(secret), "{secret} in the log:\n{log}");
    }
}

// Finding 10: search on a store kabar may not write answers, without updating the index.
#[test]
fn search_on_a_read_only_store_answers() {
    use std::os::unix::process::CommandExt;
    let server = Server::start();
    let dir = private_dir(&[("Radar", &radar(&server))]);
    let (code, _, err) = kabar(dir.path(), &["refresh"]);
    assert_eq!(code, 0, "{err}");
    // Indexed once while writable; what is indexed can still be found.
    let (code, out, err) = kabar(dir.path(), &["search", "Pesawaran"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Pesawaran"), "{out}");
    // SAFETY: geteuid cannot fail.
    let me = unsafe { libc::geteuid() };
    // Root writes through file modes: run the search as another user owning the dir then.
    let user = if me == 0 { 65534 } else { me };
    for entry in std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .chain([dir.path().to_path_buf()])
    {
        let c = std::ffi::CString::new(entry.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid C string path.
        assert_eq!(unsafe { libc::chown(c.as_ptr(), user, user) }, 0);
    }
    chmod(&dir.path().join("kabar.db"), 0o400);
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_kabar"));
    cmd.arg("--config-dir")
        .arg(dir.path())
        .args(["search", "Pesawaran"])
        .env("LANG", "C")
        .env("HOME", dir.path());
    if me == 0 {
        cmd.uid(user).gid(user);
    }
    let out = cmd.output().unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{:?} {stdout}{stderr}",
        out.status
    );
    assert!(stderr.contains("read-only"), "{stderr}");
    assert!(stdout.contains("Pesawaran"), "{stdout}");
}

// Finding 10: the OSC 52 clipboard payload has an explicit cap.
#[test]
fn osc52_payload_is_capped() {
    let short = format!("https://example.com/{}", "a".repeat(100));
    assert!(kabar::tui::osc52(&short).starts_with("\x1b]52;c;"));
    let long = format!(
        "https://example.com/{}",
        "a".repeat(kabar::text::url::MAX_COPY_BYTES)
    );
    assert_eq!(kabar::tui::osc52(&long), "");
}

// Finding 14: a second feed with a name already taken gets a distinct one.
#[test]
fn add_keeps_feed_names_unique() {
    let server = Server::start();
    server.ok("/a.xml", feed_with("Radar Lampung", "<p>a</p>"), None);
    server.ok("/b.xml", feed_with("Radar Lampung", "<p>b</p>"), None);
    server.ok("/c.xml", feed_with("Lain", "<p>c</p>"), None);
    let dir = config_dir(&[], "");
    let (code, out, err) = kabar(dir.path(), &["add", &server.url("/a.xml")]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("added Radar Lampung ("), "{out}");
    let (code, out, err) = kabar(dir.path(), &["add", &server.url("/b.xml")]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("added Radar Lampung (2)"), "{out}");
    let (code, out, err) = kabar(
        dir.path(),
        &["add", &server.url("/c.xml"), "--name", "radar lampung"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("added radar lampung (3)"), "{out}");
    let (_, out, _) = kabar(dir.path(), &["feeds", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let mut names: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_lowercase())
        .collect();
    let n = names.len();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), n, "{names:?}");
}

// Finding 15: a refresh where every feed failed exits 5; one that refreshed anything exits 0.
#[test]
fn refresh_exits_5_when_nothing_could_be_refreshed() {
    let server = Server::start();
    server.route("/a.xml", Route::Status(404));
    server.route("/b.xml", Route::Status(500));
    let dir = config_dir(
        &[("A", &server.url("/a.xml")), ("B", &server.url("/b.xml"))],
        "",
    );
    let (code, out, _) = kabar(dir.path(), &["refresh"]);
    assert_eq!(code, 5, "{out}");
    assert!(out.contains("2 failed"), "{out}");
    let dir = config_dir(&[("A", &server.url("/a.xml")), ("R", &radar(&server))], "");
    let (code, out, _) = kabar(dir.path(), &["refresh"]);
    assert_eq!(code, 0, "{out}");
}

// Finding 15: the exit status 5 is documented in both languages and the man page.
#[test]
fn exit_status_5_is_documented() {
    let dir = tempfile::tempdir().unwrap();
    let (_, en, _) = kabar_env(dir.path(), &["--help"], &[("LANG", "C")]);
    assert!(en.contains("5  kabar refresh: every feed failed"), "{en}");
    let (_, id, _) = kabar_env(dir.path(), &["--help"], &[("LANG", "id_ID.UTF-8")]);
    assert!(id.contains("5  kabar refresh: semua feed gagal"), "{id}");
    let (_, man, _) = kabar(dir.path(), &["man"]);
    assert!(man.contains("every feed failed"), "{man}");
}
