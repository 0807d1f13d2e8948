//! The store survives what happens to real users: `kill -9` in the middle of a refresh, two
//! kabar processes refreshing at once, a corrupt or foreign `kabar.db`, and a newer schema.
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::{Route, Server, config_dir, integrity, kabar};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const FEEDS: usize = 30;
const ITEMS: usize = 200;

/// An RSS feed of `ITEMS` items for `feed` at `round`: each round drops the 3 oldest items,
/// adds 3 new ones and retitles every item, so a refresh writes a lot in every feed.
fn rss(feed: usize, round: usize) -> Vec<u8> {
    let mut s = String::with_capacity(ITEMS * 400);
    s.push_str(&format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>\
         <title>Feed {feed}</title><link>https://example.com/{feed}/</link>\
         <description>crash test</description>\n"
    ));
    let first = round * 3;
    for k in first..first + ITEMS {
        // Newest first, one minute apart.
        let ts = 1_700_000_000 + (k as i64) * 60;
        let date = chrono::DateTime::from_timestamp(ts, 0)
            .unwrap()
            .to_rfc2822();
        s.push_str(&format!(
            "<item><title>Feed {feed} item {k} r{round}</title>\
             <link>https://example.com/{feed}/{k}</link><guid>f{feed}-i{k}</guid>\
             <pubDate>{date}</pubDate>\
             <description>&lt;p&gt;Berita {k} dari feed {feed}, putaran {round}. \
             Lorem ipsum dolor sit amet, consectetur adipiscing elit.&lt;/p&gt;</description>\
             </item>\n"
        ));
    }
    s.push_str("</channel></rss>\n");
    s.into_bytes()
}

fn serve_round(server: &Server, round: usize) {
    for f in 0..FEEDS {
        // Small, uneven delays so feeds finish (and are written) at different times.
        let delay = Duration::from_millis(20 + ((f * 37 + round * 11) % 90) as u64);
        server.route(&format!("/feed/{f}.xml"), Route::Slow(delay, rss(f, round)));
    }
}

fn setup(server: &Server) -> tempfile::TempDir {
    let urls: Vec<(String, String)> = (0..FEEDS)
        .map(|f| (format!("Feed {f}"), server.url(&format!("/feed/{f}.xml"))))
        .collect();
    let list: Vec<(&str, &str)> = urls.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    config_dir(&list, "per_host = 6\nconcurrency = 8\n")
}

fn spawn_refresh(dir: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_kabar"))
        .arg("--config-dir")
        .arg(dir)
        .arg("refresh")
        .env_remove("KABAR_CONFIG_DIR")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn kabar")
}

fn db(dir: &Path) -> PathBuf {
    dir.join("kabar.db")
}

fn read_ids(db: &Path) -> BTreeSet<i64> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut st = conn
        .prepare("SELECT id FROM articles WHERE read = 1")
        .unwrap();
    st.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Feed counters (kept by triggers) agree with the rows.
fn counters_agree(db: &Path) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let bad: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM feeds f WHERE
                f.total != (SELECT COUNT(*) FROM articles a WHERE a.feed_id = f.id) OR
                f.unread != (SELECT COUNT(*) FROM articles a WHERE a.feed_id = f.id AND a.read = 0)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(bad, 0, "feed counters disagree with the articles");
}

fn no_duplicates(db: &Path) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let dup_feeds: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM (SELECT url FROM feeds GROUP BY url HAVING COUNT(*) > 1)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(dup_feeds, 0, "a feed stored twice");
    let dup_articles: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM (SELECT feed_id, link FROM articles
                GROUP BY feed_id, link HAVING COUNT(*) > 1)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(dup_articles, 0, "an article stored twice");
}

/// Unread article ids, by `kabar list --json`.
fn unread_ids(dir: &Path) -> Vec<i64> {
    let (code, out, err) = kabar(dir, &["list", "--unread", "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_i64().unwrap())
        .collect()
}

/// How many feeds hold the items of `round` (titles end in `r{round}`).
fn feeds_at_round(db: &Path, round: usize) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(
        "SELECT COUNT(DISTINCT feed_id) FROM articles WHERE title LIKE ?1",
        [format!("% r{round}")],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn kill_9_during_refresh_twenty_times() {
    let server = Server::start();
    serve_round(&server, 0);
    let dir = setup(&server);
    let started = Instant::now();
    let (code, out, err) = kabar(dir.path(), &["refresh"]);
    assert_eq!(code, 0, "{err}");
    let full = started.elapsed();
    assert!(
        out.contains(&format!("{FEEDS} feeds: {FEEDS} updated")),
        "{out}"
    );
    eprintln!("one full refresh took {full:?}");

    // Read marks made before any crash.
    let unread = unread_ids(dir.path());
    assert_eq!(unread.len(), FEEDS * ITEMS);
    let marks: Vec<String> = unread.iter().step_by(7).map(|i| i.to_string()).collect();
    let mut args = vec!["read"];
    args.extend(marks.iter().map(String::as_str));
    let (code, _, err) = kabar(dir.path(), &args);
    assert_eq!(code, 0, "{err}");
    let mut expected_read: BTreeSet<i64> = read_ids(&db(dir.path()));
    assert_eq!(expected_read.len(), marks.len());

    let mut partial_rounds = 0;
    for round in 1..=20 {
        serve_round(&server, round);
        let mut child = spawn_refresh(dir.path());
        let wait = Duration::from_millis(20 + ((round * 173) % 381) as u64);
        std::thread::sleep(wait);
        child.kill().expect("SIGKILL");
        let status = child.wait().unwrap();
        let killed = status.code().is_none();

        // The store opens, is intact, and every read mark made before is there.
        let (store, note) = kabar::store::Store::open(&db(dir.path()))
            .unwrap_or_else(|e| panic!("round {round}: store does not open: {e}"));
        assert!(note.is_none(), "round {round}: {note:?}");
        drop(store);
        assert_eq!(integrity(&db(dir.path())), "ok", "round {round}");
        counters_agree(&db(dir.path()));
        no_duplicates(&db(dir.path()));
        let now_read = read_ids(&db(dir.path()));
        let lost: Vec<_> = expected_read.difference(&now_read).collect();
        assert!(lost.is_empty(), "round {round}: read marks lost: {lost:?}");
        let at_round = feeds_at_round(&db(dir.path()), round);
        if killed && at_round > 0 && at_round < FEEDS as i64 {
            partial_rounds += 1;
        }
        eprintln!(
            "round {round}: killed after {wait:?} (killed: {killed}), {at_round}/{FEEDS} feeds written"
        );

        // A read mark between rounds, through the CLI.
        let next = unread_ids(dir.path())
            .into_iter()
            .find(|id| !expected_read.contains(id))
            .expect("something unread");
        let (code, _, err) = kabar(dir.path(), &["read", &next.to_string()]);
        assert_eq!(code, 0, "round {round}: {err}");
        expected_read.insert(next);
    }
    eprintln!("{partial_rounds} of 20 kills landed while feeds were being written");
    assert!(
        partial_rounds >= 1,
        "no kill landed in the middle of a refresh; the test is not testing anything"
    );

    // Afterwards a normal refresh completes and the marks are still there.
    let (code, out, err) = kabar(dir.path(), &["refresh"]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains(": failed"), "{out}");
    assert!(expected_read.is_subset(&read_ids(&db(dir.path()))));
    assert_eq!(integrity(&db(dir.path())), "ok");
}

fn wait_output(child: Child) -> (i32, String, String) {
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Two `kabar refresh` on one config dir at the same moment. `fresh`: the store does not exist
/// yet, so both also create it at once.
fn two_at_once(fresh: bool, rounds: usize) {
    let server = Server::start();
    for round in 0..rounds {
        serve_round(&server, round);
        let dir = setup(&server);
        if !fresh {
            // Start from a stored earlier round, so both processes have changes to write.
            serve_round(&server, round + 100);
            let (code, _, err) = kabar(dir.path(), &["refresh"]);
            assert_eq!(code, 0, "{err}");
            serve_round(&server, round);
        }
        let a = spawn_refresh(dir.path());
        let b = spawn_refresh(dir.path());
        let (ca, oa, ea) = wait_output(a);
        let (cb, ob, eb) = wait_output(b);
        for (code, out, err) in [(ca, &oa, &ea), (cb, &ob, &eb)] {
            assert_eq!(
                code, 0,
                "round {round}: exit {code}\nstdout:\n{out}\nstderr:\n{err}"
            );
            assert!(
                !out.contains(": failed"),
                "round {round}: a feed failed:\n{out}\nstderr:\n{err}"
            );
            assert!(
                out.contains(&format!("{FEEDS} feeds:")),
                "round {round}: no summary:\n{out}"
            );
        }
        let d = db(dir.path());
        assert_eq!(integrity(&d), "ok");
        counters_agree(&d);
        no_duplicates(&d);
        let conn = rusqlite::Connection::open(&d).unwrap();
        let feeds: i64 = conn
            .query_row("SELECT COUNT(*) FROM feeds", [], |r| r.get(0))
            .unwrap();
        assert_eq!(feeds, FEEDS as i64, "every feed stored once");
        let per_feed: Vec<i64> = conn
            .prepare("SELECT total FROM feeds ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        // Every item of this round once (plus, when not fresh, the older round's items).
        let min = ITEMS as i64;
        assert!(
            per_feed.iter().all(|n| *n >= min && *n <= 2 * min),
            "round {round}: {per_feed:?}"
        );
        let distinct: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM (SELECT DISTINCT feed_id, key FROM articles)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let all: i64 = conn
            .query_row("SELECT COUNT(*) FROM articles", [], |r| r.get(0))
            .unwrap();
        assert_eq!(distinct, all, "no duplicate articles");
        assert_eq!(feeds_at_round(&d, round), FEEDS as i64);
    }
}

#[test]
fn two_processes_refreshing_at_once() {
    two_at_once(false, 3);
}

#[test]
fn two_processes_creating_the_store_at_once() {
    two_at_once(true, 3);
}

fn corrupt_files(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("kabar.db.corrupt-"))
        })
        .collect()
}

/// Deterministic pseudo-random bytes.
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

/// `kabar feeds` on a dir whose kabar.db is unusable: reported with its path, moved aside (kept
/// byte for byte), and kabar carries on with a fresh store.
fn assert_moved_aside(dir: &Path, original: &[u8]) {
    let (code, out, err) = kabar(dir, &["feeds"]);
    assert_eq!(code, 0, "stdout:\n{out}\nstderr:\n{err}");
    let path = db(dir).display().to_string();
    assert!(err.contains(&path), "the path is named: {err}");
    assert!(err.contains("kabar.db.corrupt-"), "where it went: {err}");
    let aside = corrupt_files(dir);
    assert_eq!(aside.len(), 1, "{aside:?}");
    let moved = std::fs::read(&aside[0]).unwrap();
    if moved != original {
        let diff: Vec<usize> = (0..moved.len().min(original.len()))
            .filter(|i| moved[*i] != original[*i])
            .take(8)
            .collect();
        panic!(
            "moved aside but rewritten: {} bytes now, {} before, differing at {diff:?}",
            moved.len(),
            original.len()
        );
    }
    // A fresh, working store, with the configured feeds.
    assert!(out.contains("Feed 0"), "{out}");
    let (_, note) = kabar::store::Store::open(&db(dir)).unwrap();
    assert!(note.is_none());
    assert_eq!(integrity(&db(dir)), "ok");
    // And again: nothing more is moved.
    let (code, _, err) = kabar(dir, &["feeds"]);
    assert_eq!(code, 0);
    assert!(!err.contains("corrupt"), "{err}");
    assert_eq!(corrupt_files(dir).len(), 1);
}

#[test]
fn random_bytes_db_is_moved_aside() {
    let dir = config_dir(&[("Feed 0", "http://127.0.0.1:9/feed.xml")], "");
    let bytes = noise(64 * 1024, 42);
    std::fs::write(db(dir.path()), &bytes).unwrap();
    assert_moved_aside(dir.path(), &bytes);
}

fn foreign_db(dir: &Path) -> Vec<u8> {
    {
        let conn = rusqlite::Connection::open(db(dir)).unwrap();
        conn.execute_batch(
            "CREATE TABLE moz_places(id INTEGER PRIMARY KEY, url TEXT);
             INSERT INTO moz_places(url) VALUES('https://example.com/');",
        )
        .unwrap();
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, 0);
    }
    std::fs::read(db(dir)).unwrap()
}

#[test]
fn foreign_sqlite_db_is_moved_aside() {
    let dir = config_dir(&[("Feed 0", "http://127.0.0.1:9/feed.xml")], "");
    foreign_db(dir.path());
    let (code, out, err) = kabar(dir.path(), &["feeds"]);
    assert_eq!(code, 0, "stdout:\n{out}\nstderr:\n{err}");
    assert!(err.contains(&db(dir.path()).display().to_string()), "{err}");
    assert!(err.contains("kabar.db.corrupt-"), "{err}");
    assert!(out.contains("Feed 0"), "{out}");
    let aside = corrupt_files(dir.path());
    assert_eq!(aside.len(), 1, "{aside:?}");
    // The other program's data is all still there.
    let conn = rusqlite::Connection::open(&aside[0]).unwrap();
    let url: String = conn
        .query_row("SELECT url FROM moz_places", [], |r| r.get(0))
        .unwrap();
    assert_eq!(url, "https://example.com/");
    assert_eq!(integrity(&db(dir.path())), "ok");
}

#[test]
fn foreign_sqlite_db_is_moved_aside_byte_for_byte() {
    let dir = config_dir(&[("Feed 0", "http://127.0.0.1:9/feed.xml")], "");
    let bytes = foreign_db(dir.path());
    assert_moved_aside(dir.path(), &bytes);
}

/// A kabar store whose pages (not its header) were overwritten: opens, but reading fails.
#[test]
fn scribbled_kabar_db_is_moved_aside() {
    let server = Server::start();
    serve_round(&server, 0);
    let dir = setup(&server);
    let (code, _, err) = kabar(dir.path(), &["refresh"]);
    assert_eq!(code, 0, "{err}");
    let mut bytes = std::fs::read(db(dir.path())).unwrap();
    assert!(bytes.len() > 64 * 1024, "{}", bytes.len());
    // Keep page 1 (header and schema), scribble over everything after it.
    let page = u16::from_be_bytes([bytes[16], bytes[17]]) as usize;
    let page = if page == 1 { 65536 } else { page };
    let n = bytes.len() - page;
    bytes[page..].copy_from_slice(&noise(n, 7));
    std::fs::write(db(dir.path()), &bytes).unwrap();
    assert_moved_aside(dir.path(), &bytes);
}

fn newer_db(dir: &Path) {
    let conn = rusqlite::Connection::open(db(dir)).unwrap();
    conn.execute_batch(
        "CREATE TABLE feeds(id INTEGER PRIMARY KEY, url TEXT, future TEXT);
         INSERT INTO feeds(url, future) VALUES('https://example.com/', 'x');
         PRAGMA user_version = 999;",
    )
    .unwrap();
}

fn assert_refused_as_newer(dir: &Path) {
    for args in [&["feeds"][..], &["refresh"][..], &["list"][..]] {
        let (code, out, err) = kabar(dir, args);
        assert_eq!(code, 3, "{args:?}: stdout {out} stderr {err}");
        assert!(err.contains("newer"), "{err}");
        assert!(err.contains(&db(dir).display().to_string()), "{err}");
        assert!(err.contains("999"), "{err}");
        assert!(out.is_empty(), "{args:?} printed {out}");
    }
    assert!(corrupt_files(dir).is_empty(), "not moved aside");
}

#[test]
fn newer_schema_is_refused() {
    let dir = config_dir(&[("Feed 0", "http://127.0.0.1:9/feed.xml")], "");
    newer_db(dir.path());
    assert_refused_as_newer(dir.path());
    // Its data and version are as they were.
    let conn = rusqlite::Connection::open(db(dir.path())).unwrap();
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 999);
    let future: String = conn
        .query_row("SELECT future FROM feeds", [], |r| r.get(0))
        .unwrap();
    assert_eq!(future, "x");
    let tables: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tables, 1, "no kabar tables added");
}

#[test]
fn newer_schema_file_is_left_byte_for_byte() {
    let dir = config_dir(&[("Feed 0", "http://127.0.0.1:9/feed.xml")], "");
    newer_db(dir.path());
    let before = std::fs::read(db(dir.path())).unwrap();
    assert_refused_as_newer(dir.path());
    let after = std::fs::read(db(dir.path())).unwrap();
    if after != before {
        let diff: Vec<usize> = (0..after.len().min(before.len()))
            .filter(|i| after[*i] != before[*i])
            .take(8)
            .collect();
        panic!(
            "file modified: {} bytes now, {} before, differing at {diff:?}",
            after.len(),
            before.len()
        );
    }
    for side in ["kabar.db-wal", "kabar.db-journal"] {
        let p = dir.path().join(side);
        assert!(
            !p.exists() || std::fs::metadata(&p).unwrap().len() == 0,
            "{side} written"
        );
    }
}

/// The reader open on the store (as the TUI has it) while a cron `kabar refresh` writes: both
/// work, and read marks made in the reader meanwhile are kept.
#[test]
fn reader_and_cron_refresh_at_once() {
    use kabar::action::Action;
    use kabar::app::{App, Screen, StatusKind};
    let server = Server::start();
    serve_round(&server, 0);
    let dir = setup(&server);
    let (code, _, err) = kabar(dir.path(), &["refresh"]);
    assert_eq!(code, 0, "{err}");
    serve_round(&server, 1);
    let config = kabar::config::Config::load(&dir.path().join("config.toml")).unwrap();
    let (store, _) = kabar::store::Store::open(&db(dir.path())).unwrap();
    let mut app = App::new(store, config);
    app.resize(100, 30);
    app.update(Action::Open);
    assert_eq!(app.screen, Screen::Articles);
    let child = spawn_refresh(dir.path());
    let mut marked = BTreeSet::new();
    let started = Instant::now();
    let mut steps = 0;
    // Read articles while the refresh runs (at least a second, and until it ends).
    let child = {
        let mut child = child;
        loop {
            let done = child.try_wait().unwrap().is_some();
            if done && started.elapsed() > Duration::from_secs(1) {
                break child;
            }
            app.update(Action::Open);
            if let Some(r) = &app.reader {
                marked.insert(r.article.id);
            }
            if let Some(st) = &app.status {
                assert_ne!(st.kind, StatusKind::Error, "reader error: {}", st.text);
            }
            app.update(Action::Back);
            app.update(Action::Down);
            steps += 1;
            assert!(started.elapsed() < Duration::from_secs(60), "refresh hangs");
        }
    };
    let (code, out, err) = wait_output(child);
    assert_eq!(code, 0, "stdout:\n{out}\nstderr:\n{err}");
    assert!(!out.contains(": failed"), "{out}");
    assert!(steps > 5 && !marked.is_empty(), "{steps} steps");
    let read = read_ids(&db(dir.path()));
    let lost: Vec<_> = marked.difference(&read).collect();
    assert!(lost.is_empty(), "read marks lost: {lost:?}");
    assert_eq!(feeds_at_round(&db(dir.path()), 1), FEEDS as i64);
    counters_agree(&db(dir.path()));
    assert_eq!(integrity(&db(dir.path())), "ok");
}

/// A foreign database in WAL mode whose latest data is still only in its `-wal` file (the other
/// program is running, or crashed): moving it aside must keep that data.
#[test]
fn foreign_db_in_wal_mode_keeps_its_wal_data() {
    let dir = config_dir(&[("Feed 0", "http://127.0.0.1:9/feed.xml")], "");
    let src = tempfile::tempdir().unwrap();
    let src_db = src.path().join("other.db");
    let conn = rusqlite::Connection::open(&src_db).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    conn.execute_batch(
        "PRAGMA wal_autocheckpoint=0;
         CREATE TABLE notes(id INTEGER PRIMARY KEY, text TEXT);
         INSERT INTO notes(text) VALUES('only in the wal');",
    )
    .unwrap();
    // Copy the pair while the other program still has it open (nothing checkpointed yet).
    std::fs::copy(&src_db, db(dir.path())).unwrap();
    let mut wal = src_db.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::copy(&wal, dir.path().join("kabar.db-wal")).unwrap();
    drop(conn);

    let (code, _, err) = kabar(dir.path(), &["feeds"]);
    assert_eq!(code, 0, "{err}");
    let aside = corrupt_files(dir.path());
    let main: Vec<_> = aside
        .iter()
        .filter(|p| {
            !p.to_string_lossy().ends_with("-wal") && !p.to_string_lossy().ends_with("-shm")
        })
        .collect();
    assert_eq!(main.len(), 1, "{aside:?}");
    let conn = rusqlite::Connection::open(main[0]).unwrap();
    let text: Result<String, _> = conn.query_row("SELECT text FROM notes", [], |r| r.get(0));
    assert_eq!(
        text.ok().as_deref(),
        Some("only in the wal"),
        "the WAL data was lost"
    );
}
