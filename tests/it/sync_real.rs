//! Against a REAL Miniflux (scripts/miniflux-server.sh): the server killed in the middle of a
//! sync loses nothing (both protocols), and a first sync brings 10,000 entries, all of them, once.
//! KABAR_SKIP_SERVER_TESTS=1 skips them.
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::integrity;
use crate::miniflux::{MinifluxGuard, marks, rss, synced_store, wait_entries};
use crate::sync_common::{Req, Resp, SyncServer};

use std::collections::{HashMap, HashSet};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use kabar::store::Store;
use kabar::sync::engine::{EngineError, sync};
use kabar::sync::{Backend, GReader, Miniflux, MinifluxAuth, Secret, SyncSettings};

/// What the proxy waits for: the `nth` request (1-based) whose bytes hold `pattern`; then it
/// runs `action` before passing that request on.
struct Trigger {
    pattern: &'static [u8],
    nth: usize,
    seen: usize,
    action: Option<Box<dyn FnOnce() + Send>>,
}

/// A TCP proxy to the server, so the test can stop the server at one exact request.
struct Proxy {
    addr: SocketAddr,
    trigger: Arc<Mutex<Option<Trigger>>>,
}

impl Proxy {
    fn start(upstream: SocketAddr) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let trigger: Arc<Mutex<Option<Trigger>>> = Arc::default();
        let t2 = trigger.clone();
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { continue };
                let Ok(server) = TcpStream::connect(upstream) else {
                    continue; // the server is down: the client sees the connection close
                };
                let (c2, s2) = (client.try_clone().unwrap(), server.try_clone().unwrap());
                std::thread::spawn(move || pipe(s2, c2, None));
                let t = t2.clone();
                std::thread::spawn(move || pipe(client, server, Some(t)));
            }
        });
        Proxy { addr, trigger }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn arm(&self, pattern: &'static [u8], nth: usize, action: impl FnOnce() + Send + 'static) {
        *self.trigger.lock().unwrap() = Some(Trigger {
            pattern,
            nth,
            seen: 0,
            action: Some(Box::new(action)),
        });
    }

    /// Whether the armed action ran.
    fn fired(&self) -> bool {
        self.trigger
            .lock()
            .unwrap()
            .as_ref()
            .is_some_and(|t| t.action.is_none())
    }
}

/// Copy `from` to `to` until either side closes; on the way to the server, watch for the trigger.
fn pipe(mut from: TcpStream, mut to: TcpStream, trigger: Option<Arc<Mutex<Option<Trigger>>>>) {
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        if let Some(t) = &trigger {
            let mut t = t.lock().unwrap();
            if let Some(t) = t.as_mut() {
                let hit = buf[..n].windows(t.pattern.len()).any(|w| w == t.pattern);
                if hit && t.action.is_some() {
                    t.seen += 1;
                    if t.seen == t.nth {
                        (t.action.take().unwrap())();
                    }
                }
            }
        }
        if to.write_all(&buf[..n]).is_err() {
            break;
        }
    }
    let _ = to.shutdown(std::net::Shutdown::Both);
    let _ = from.shutdown(std::net::Shutdown::Both);
}

/// SIGKILL process `pid` (not a child of this test) and wait until it is gone.
fn kill_9(pid: i32) {
    unsafe { libc::kill(pid, libc::SIGKILL) };
    let deadline = Instant::now() + Duration::from_secs(30);
    while unsafe { libc::kill(pid, 0) } == 0 {
        assert!(Instant::now() < deadline, "Miniflux {pid} did not die");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn settings() -> SyncSettings {
    SyncSettings {
        timeout: Duration::from_secs(30),
        ..SyncSettings::default()
    }
}

fn backend(proto: &str, url: &str, server: &MinifluxGuard) -> Backend {
    match proto {
        "miniflux" => Backend::Miniflux(
            Miniflux::new(
                url,
                MinifluxAuth::ApiKey(Secret::new(server.var("MINIFLUX_API_KEY"))),
                settings(),
            )
            .unwrap(),
        ),
        _ => Backend::GReader(
            GReader::new(
                url,
                server.var("GREADER_USER"),
                Secret::new(server.var("GREADER_PASSWORD")),
                settings(),
            )
            .unwrap(),
        ),
    }
}

fn store(dir: &Path) -> Store {
    std::fs::create_dir_all(dir).unwrap();
    synced_store(&dir.join("kabar.db"))
}

/// The server's (read, starred) of each entry by title, asked with its own API.
async fn server_marks(mf: &Miniflux) -> HashMap<String, (bool, bool)> {
    mf.entries_changed_since(None)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.title, (e.read, e.starred)))
        .collect()
}

/// Miniflux is killed (`kill -9`) when the push of the saved marks reaches it: the sync fails
/// with a clear error, the changes it did not take wait in the outbox, the local marks stay;
/// once Miniflux is back, the next sync pushes them and a second machine sees every mark.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_killed_in_the_middle_of_a_sync_loses_nothing() {
    if crate::miniflux::skipped() {
        return;
    }
    let sites = SyncServer::start(|r: &Req| match r.path.as_str() {
        "/a.xml" => Resp::Body(200, "application/rss+xml", rss("a", 6)),
        _ => Resp::text(404, "not found"),
    });
    let tmp = tempfile::tempdir().unwrap();
    // Miniflux stars one entry per request; Google Reader sends reads and stars as edit-tag.
    for (proto, pattern, nth) in [
        ("miniflux", &b"/bookmark HTTP/1.1"[..], 1),
        ("greader", &b"POST /reader/api/0/edit-tag"[..], 2),
    ] {
        let server = MinifluxGuard::start();
        let url = server.var("MINIFLUX_URL").to_string();
        let mf = server.client();
        mf.subscribe(&format!("{}/a.xml", sites.url()), None)
            .await
            .unwrap();
        wait_entries(&mf, 6).await;
        let upstream: SocketAddr = url.trim_start_matches("http://").parse().unwrap();
        let proxy = Proxy::start(upstream);
        let via_proxy = backend(proto, &proxy.url(), &server);
        let account = format!("{proto}:{url}");

        let mut a = store(&tmp.path().join(proto).join("a"));
        sync(&mut a, &via_proxy, &account, 1000).await.unwrap();
        let m = marks(&a);
        assert_eq!(m.len(), 6, "{proto}");
        let id = |t: &str| m[t].0;
        // Three runs: read 1 and 2, save 3 and 4, read 5.
        a.set_read(&[id("a story 1"), id("a story 2")], true)
            .unwrap();
        a.set_saved(&[id("a story 3"), id("a story 4")], true)
            .unwrap();
        a.set_read(&[id("a story 5")], true).unwrap();
        assert_eq!(a.outbox_len().unwrap(), 5);
        let mine = marks(&a);

        // The push of the saved marks kills Miniflux before it reaches it.
        let pid = server.miniflux_pid();
        proxy.arm(pattern, nth, move || kill_9(pid));
        let err = sync(&mut a, &via_proxy, &account, 1000).await.unwrap_err();
        assert!(proxy.fired(), "{proto}: the kill never came ({err})");
        assert!(matches!(err, EngineError::Sync(_)), "{proto}: {err}");
        assert_eq!(integrity(a.path()), "ok");
        assert_eq!(
            a.outbox_len().unwrap(),
            3,
            "{proto}: saves and the last read wait"
        );
        assert_eq!(marks(&a), mine, "{proto}: the local marks stay");

        // Miniflux back on the same data: it has the first run only.
        server.restart();
        let on_server = server_marks(&mf).await;
        assert_eq!(on_server["a story 1"], (true, false), "{proto}");
        assert_eq!(on_server["a story 2"], (true, false), "{proto}");
        for t in ["a story 3", "a story 4", "a story 5"] {
            assert_eq!(on_server[t], (false, false), "{proto}: {t} never arrived");
        }

        // The next sync pushes the rest; a second machine sees every mark.
        let r = sync(&mut a, &via_proxy, &account, 1000).await.unwrap();
        assert_eq!((r.pushed, r.failed), (3, 0), "{proto}");
        assert_eq!(a.outbox_len().unwrap(), 0);
        assert_eq!(marks(&a), mine, "{proto}");
        let mut b = store(&tmp.path().join(proto).join("b"));
        sync(&mut b, &backend(proto, &url, &server), &account, 1000)
            .await
            .unwrap();
        let seen: Vec<(String, bool, bool)> = marks(&b)
            .into_iter()
            .map(|(t, (_, r, s))| (t, r, s))
            .collect();
        let want: Vec<(String, bool, bool)> =
            mine.into_iter().map(|(t, (_, r, s))| (t, r, s)).collect();
        assert_eq!(seen, want, "{proto}: B sees what A did");
    }
}

const FEEDS: usize = 20;
const ITEMS: usize = 500;

/// 10,000 entries on the server (20 feeds of 500): `kabar sync` brings all of them, once, with
/// their titles, links and feeds; the next sync brings nothing. Google Reader brings the same.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_sync_brings_ten_thousand_entries() {
    if crate::miniflux::skipped() {
        return;
    }
    let sites = SyncServer::start(|r: &Req| {
        let name = r
            .path
            .strip_prefix("/")
            .and_then(|p| p.strip_suffix(".xml"))
            .unwrap_or("");
        if name.starts_with('f') && name[1..].parse::<usize>().is_ok() {
            Resp::Body(200, "application/rss+xml", rss(name, ITEMS))
        } else {
            Resp::text(404, "not found")
        }
    });
    let server = MinifluxGuard::start();
    let url = server.var("MINIFLUX_URL").to_string();
    let mf = server.client();
    let started = Instant::now();
    for f in 0..FEEDS {
        // Miniflux fetches the feed before it answers.
        mf.subscribe(&format!("{}/f{f}.xml", sites.url()), None)
            .await
            .unwrap();
    }
    let total = FEEDS * ITEMS;
    let deadline = Instant::now() + Duration::from_secs(120);
    while mf.entries_changed_since(None).await.unwrap().len() < total {
        assert!(
            Instant::now() < deadline,
            "Miniflux never had {total} entries"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    eprintln!("Miniflux took {total} entries in {:?}", started.elapsed());

    // The kabar binary, as a user runs it.
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!("timeout_seconds = 60\n[sync]\nkind = \"miniflux\"\nurl = \"{url}\"\napi_key_env = \"KABAR_TEST_KEY\"\n"),
    )
    .unwrap();
    let key = server.var("MINIFLUX_API_KEY");
    let run = || crate::common::kabar_env(dir.path(), &["sync"], &[("KABAR_TEST_KEY", key)]);
    let started = Instant::now();
    let (code, out, err) = run();
    eprintln!("kabar sync of {total}: {:?}", started.elapsed());
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(&format!("{total} pulled, 0 pushed, 0 failed")),
        "{out}"
    );
    let conn = rusqlite::Connection::open(dir.path().join("kabar.db")).unwrap();
    let per_feed: Vec<(String, i64)> = conn
        .prepare(
            "SELECT f.title, COUNT(a.id) FROM feeds f LEFT JOIN articles a ON a.feed_id = f.id
             GROUP BY f.id ORDER BY f.title",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(per_feed.len(), FEEDS);
    assert!(
        per_feed.iter().all(|(_, n)| *n == ITEMS as i64),
        "{per_feed:?}"
    );
    let (distinct_remote, distinct_links): (i64, i64) = conn
        .query_row(
            "SELECT COUNT(DISTINCT remote_id), COUNT(DISTINCT link) FROM articles",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (distinct_remote, distinct_links),
        (total as i64, total as i64)
    );
    let (title, link, feed): (String, String, String) = conn
        .query_row(
            "SELECT a.title, a.link, f.title FROM articles a JOIN feeds f ON f.id = a.feed_id
             WHERE a.title = 'f7 story 321'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (title.as_str(), link.as_str(), feed.as_str()),
        ("f7 story 321", "http://example.com/f7/321", "Kabar f7")
    );
    let (code, out, err) = run();
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("0 pulled, 0 pushed, 0 failed"), "{out}");

    // Google Reader: the same 10,000 ids.
    let gdir = tempfile::tempdir().unwrap();
    let mut g = store(gdir.path());
    let r = sync(&mut g, &backend("greader", &url, &server), "g", 1000)
        .await
        .unwrap();
    assert_eq!(r.pulled, total);
    let got: HashSet<String> = marks(&g).into_keys().collect();
    let want: HashSet<String> = conn
        .prepare("SELECT title FROM articles")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(got.len(), total);
    assert_eq!(got, want);
}
