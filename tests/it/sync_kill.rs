//! `kill -9` of the `kabar sync` binary in the middle of a sync, against a fake Miniflux that
//! stalls on purpose (mid-push, mid-pull, and right after the last page): the store opens
//! clean, every change the server did not confirm is still in the outbox, no page of entries
//! is half-stored, and the next sync to a working server pushes everything and empties the outbox.
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::integrity;
use crate::miniflux::{marks as local, synced_store as open};
use crate::sync_common::{Req, Resp, SyncServer};

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What the fake server does with the next sync.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mode {
    Normal,
    /// Take the first star, stall on the second (`PUT /v1/entries/{id}/bookmark`).
    StallOnSecondStar,
    /// Stall on the second page of entries.
    StallOnSecondPage,
    /// Answer normally; note when the last page went out.
    NoteLastPage,
}

struct Fake {
    /// id -> (read, starred), as the server has it.
    entries: Vec<(i64, bool, bool)>,
    mode: Mode,
    stars_taken: usize,
    /// The request the test waits for arrived (the stall began, or the last page went out).
    reached: bool,
}

fn entry_json(id: i64, read: bool, starred: bool) -> String {
    format!(
        r#"{{"id":{id},"feed_id":1,"status":"{}","starred":{starred},
            "url":"http://example.com/{id}","title":"story {id}","content":"<p>isi {id}</p>",
            "author":"","published_at":"2026-11-01T10:00:00Z",
            "changed_at":"2026-11-01T10:00:00Z"}}"#,
        if read { "read" } else { "unread" }
    )
}

const STALL: Duration = Duration::from_secs(120);

fn handle(fake: &Mutex<Fake>, r: &Req) -> Resp {
    let mut f = fake.lock().unwrap();
    let path = r.path.as_str();
    match (r.method.as_str(), path) {
        ("GET", "/v1/feeds") => Resp::json(
            br#"[{"id":1,"title":"Kabar","feed_url":"http://example.com/f.xml","site_url":""}]"#
                .to_vec(),
        ),
        ("GET", "/v1/entries") => {
            let after: i64 = r.q("after_entry_id").unwrap_or("0").parse().unwrap();
            let limit: usize = r.q("limit").unwrap_or("100").parse().unwrap();
            if after > 0 && f.mode == Mode::StallOnSecondPage {
                f.reached = true;
                return Resp::Hang(STALL);
            }
            let page: Vec<String> = f
                .entries
                .iter()
                .filter(|e| e.0 > after)
                .take(limit)
                .map(|&(id, read, starred)| entry_json(id, read, starred))
                .collect();
            if page.len() < limit && f.mode == Mode::NoteLastPage {
                f.reached = true;
            }
            Resp::json(format!(
                r#"{{"total":{},"entries":[{}]}}"#,
                f.entries.len(),
                page.join(",")
            ))
        }
        ("PUT", "/v1/entries") => {
            let body = r.json();
            let read = body["status"] == "read";
            for id in body["entry_ids"].as_array().unwrap() {
                let id = id.as_i64().unwrap();
                if let Some(e) = f.entries.iter_mut().find(|e| e.0 == id) {
                    e.1 = read;
                }
            }
            Resp::Body(204, "application/json", Vec::new())
        }
        ("GET", p) if p.starts_with("/v1/entries/") => {
            let id: i64 = p["/v1/entries/".len()..].parse().unwrap();
            match f.entries.iter().find(|e| e.0 == id) {
                Some(&(id, read, starred)) => Resp::json(entry_json(id, read, starred)),
                None => Resp::status(404),
            }
        }
        ("PUT", p) if p.ends_with("/bookmark") => {
            if f.mode == Mode::StallOnSecondStar && f.stars_taken == 1 {
                f.reached = true;
                return Resp::Hang(STALL);
            }
            f.stars_taken += 1;
            let id: i64 = p["/v1/entries/".len()..p.len() - "/bookmark".len()]
                .parse()
                .unwrap();
            if let Some(e) = f.entries.iter_mut().find(|e| e.0 == id) {
                e.2 = !e.2;
            }
            Resp::Body(204, "application/json", Vec::new())
        }
        _ => Resp::status(404),
    }
}

fn spawn_sync(dir: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_kabar"))
        .arg("--config-dir")
        .arg(dir)
        .arg("sync")
        .env_remove("KABAR_CONFIG_DIR")
        .env_remove("LC_ALL")
        .env("LANG", "C")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn kabar sync")
}

/// Run `kabar sync` until the fake server says the moment came, then SIGKILL it. Gives whether
/// the kill landed (a sync may finish first when the moment is near its end).
fn kill_when_reached(dir: &Path, fake: &Mutex<Fake>, mode: Mode) -> bool {
    {
        let mut f = fake.lock().unwrap();
        f.mode = mode;
        f.reached = false;
    }
    let mut child = spawn_sync(dir);
    let deadline = Instant::now() + Duration::from_secs(120);
    while !fake.lock().unwrap().reached {
        if let Some(status) = child.try_wait().unwrap() {
            let out = child.wait_with_output().unwrap();
            panic!(
                "{mode:?}: kabar sync ended ({status}) before the moment came: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        assert!(Instant::now() < deadline, "{mode:?}: never reached");
        std::thread::sleep(Duration::from_millis(1));
    }
    child.kill().expect("SIGKILL");
    child.wait().unwrap().code().is_none()
}

fn titles(range: std::ops::RangeInclusive<i64>) -> Vec<String> {
    range.map(|i| format!("story {i}")).collect()
}

#[test]
fn kill_9_during_kabar_sync_loses_nothing() {
    let fake = Arc::new(Mutex::new(Fake {
        entries: (1..=900).map(|id| (id, false, false)).collect(),
        mode: Mode::Normal,
        stars_taken: 0,
        reached: false,
    }));
    let f2 = fake.clone();
    let server = SyncServer::start(move |r: &Req| handle(&f2, r));
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "timeout_seconds = 300\nmax_items_per_feed = 5000\n[sync]\nkind = \"miniflux\"\nurl = \"{}\"\napi_key = \"k\"\n",
            server.url()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let db = dir.path().join("kabar.db");
    let (code, out, err) = crate::common::kabar(dir.path(), &["sync"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("900 pulled"), "{out}");

    // Read 1-20, save 21-23, read 24-43: three runs in the outbox, in that order.
    let (read, starred) = {
        let mut s = open(&db);
        let l = local(&s);
        let ids = |ts: Vec<String>| ts.iter().map(|t| l[t].0).collect::<Vec<_>>();
        s.set_read(&ids(titles(1..=20)), true).unwrap();
        s.set_saved(&ids(titles(21..=23)), true).unwrap();
        s.set_read(&ids(titles(24..=43)), true).unwrap();
        assert_eq!(s.outbox_len().unwrap(), 43);
        let read: BTreeSet<i64> = (1..=20).chain(24..=43).collect();
        (read, (21..=23).collect::<BTreeSet<i64>>())
    };
    let check_local = |what: &str| {
        let l = local(&open(&db));
        for (t, (_, r, s)) in &l {
            let id: i64 = t["story ".len()..].parse().unwrap();
            assert_eq!(*r, read.contains(&id), "{what}: {t} read");
            assert_eq!(*s, starred.contains(&id), "{what}: {t} saved");
        }
        l.len()
    };

    // 1. Killed mid-push: the first run (reads 1-20) was confirmed and left the outbox; the
    //    server took one star of three, but the run was not confirmed: it all waits, with the
    //    third run.
    assert!(kill_when_reached(
        dir.path(),
        &fake,
        Mode::StallOnSecondStar
    ));
    assert_eq!(integrity(&db), "ok");
    assert_eq!(
        open(&db).outbox_len().unwrap(),
        23,
        "unconfirmed changes kept"
    );
    {
        let f = fake.lock().unwrap();
        let server_read: BTreeSet<i64> = f.entries.iter().filter(|e| e.1).map(|e| e.0).collect();
        assert_eq!(
            server_read,
            (1..=20).collect(),
            "the first run reached the server"
        );
        let server_starred: Vec<i64> = f.entries.iter().filter(|e| e.2).map(|e| e.0).collect();
        assert_eq!(server_starred, [21]);
    }
    assert_eq!(check_local("after the kill mid-push"), 900);

    // 2. Killed mid-pull (200 new entries on the server, the second page of 1,000 never
    //    comes): the first page's new entries (901-1000) are stored whole or not at all (it is
    //    written while the second is asked for); nothing else changed, the outbox is as it was.
    fake.lock()
        .unwrap()
        .entries
        .extend((901..=1100).map(|id| (id, false, false)));
    assert!(kill_when_reached(
        dir.path(),
        &fake,
        Mode::StallOnSecondPage
    ));
    assert_eq!(integrity(&db), "ok");
    assert_eq!(open(&db).outbox_len().unwrap(), 23);
    let n = check_local("after the kill mid-pull");
    assert!(n == 900 || n == 1000, "{n} articles: a page half stored");
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        let whole: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM articles WHERE content LIKE '%isi %' AND remote_id IS NOT NULL",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            whole, n as i64,
            "every stored article has its body and its server id"
        );
    }

    // 3. Killed right after the last page went out, likely while it is being stored: all of
    //    the page or none of it, and the outbox holds at least what the server lacks.
    let killed = kill_when_reached(dir.path(), &fake, Mode::NoteLastPage);
    eprintln!("killed after the last page: {killed}");
    assert_eq!(integrity(&db), "ok");
    let n = check_local("after the kill at the last page");
    assert!(
        n == 900 || n == 1000 || n == 1100,
        "{n} articles: a page half stored"
    );
    {
        let s = open(&db);
        let waiting = s.outbox_len().unwrap();
        let f = fake.lock().unwrap();
        let lacking = f
            .entries
            .iter()
            .filter(|e| e.1 != read.contains(&e.0) || e.2 != starred.contains(&e.0))
            .count() as i64;
        assert!(
            waiting >= lacking,
            "{waiting} changes wait, the server lacks {lacking}"
        );
    }

    // 4. A working server: everything is pushed, the outbox empties, the new entries arrive.
    fake.lock().unwrap().mode = Mode::Normal;
    let (code, out, err) = crate::common::kabar(dir.path(), &["sync"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("0 failed"), "{out}");
    assert_eq!(integrity(&db), "ok");
    assert_eq!(open(&db).outbox_len().unwrap(), 0, "{out}");
    assert_eq!(check_local("after the last sync"), 1100);
    let f = fake.lock().unwrap();
    for &(id, r, s) in &f.entries {
        assert_eq!(r, read.contains(&id), "server: story {id} read");
        assert_eq!(s, starred.contains(&id), "server: story {id} starred");
    }
}

/// The fake server with 12 unread stories, and a config dir syncing with it under `rules`.
fn fake_with_rules(rules: &str) -> (Arc<Mutex<Fake>>, SyncServer, tempfile::TempDir) {
    let fake = Arc::new(Mutex::new(Fake {
        entries: (1..=12).map(|id| (id, false, false)).collect(),
        mode: Mode::Normal,
        stars_taken: 0,
        reached: false,
    }));
    let f2 = fake.clone();
    let server = SyncServer::start(move |r: &Req| handle(&f2, r));
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "language = \"en\"\n[sync]\nkind = \"miniflux\"\nurl = \"{}\"\napi_key = \"k\"\n{rules}",
            server.url()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    (fake, server, dir)
}

/// Synced articles go through the rules as fetched ones do: `kabar refresh` with `[sync]` prints
/// a notify rule's match on a line of its own (for cron mail), once, and a hide rule hides.
#[test]
fn a_sync_runs_the_rules_and_prints_what_a_notify_rule_matched() {
    let (_fake, _server, dir) = fake_with_rules(
        "[[rules]]\nquery = '\"story 7\"'\naction = \"notify\"\n\
         [[rules]]\nquery = '\"story 11\"'\naction = \"hide\"\n",
    );
    let (code, out, err) = crate::common::kabar(dir.path(), &["refresh"]);
    assert_eq!(code, 0, "{err}");
    let alerts: Vec<&str> = out.lines().filter(|l| l.starts_with("Alert:")).collect();
    assert_eq!(
        alerts,
        ["Alert: Kabar: story 7 http://example.com/7"],
        "{out}"
    );
    let (_, out, _) = crate::common::kabar(dir.path(), &["sync"]);
    assert!(!out.contains("Alert:"), "announced twice: {out}");
    let (_, out, _) = crate::common::kabar(dir.path(), &["list"]);
    assert_eq!(out.lines().count(), 11, "{out}");
    assert!(
        !out.contains("story 11\n") && !out.contains("story 11 "),
        "{out}"
    );
}

/// A read or save rule changes what the server keeps too: the synced articles it marks are
/// queued and reach the server with the next sync (or every other device would still show
/// them unread, and a full pull would undo the rule).
#[test]
fn what_a_read_or_save_rule_marks_reaches_the_server() {
    let (fake, _server, dir) = fake_with_rules(
        "[[rules]]\nquery = '\"story 3\"'\naction = \"read\"\n\
         [[rules]]\nquery = '\"story 5\"'\naction = \"save\"\n",
    );
    let (code, _, err) = crate::common::kabar(dir.path(), &["refresh"]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = crate::common::kabar(dir.path(), &["sync"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        open(&dir.path().join("kabar.db")).outbox_len().unwrap(),
        0,
        "{out}"
    );
    let f = fake.lock().unwrap();
    for &(id, r, s) in &f.entries {
        assert_eq!(r, id == 3, "server: story {id} read");
        assert_eq!(s, id == 5, "server: story {id} starred");
    }
}
