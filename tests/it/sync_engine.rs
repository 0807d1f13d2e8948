//! The sync engine against a REAL Miniflux (scripts/miniflux-server.sh, once for this binary),
//! both protocols: two kabar stores on one account follow each other's read and saved marks,
//! a change made with the server's API arrives, an offline change waits in the outbox, a wrong
//! key leaves the cache and the outbox as they were. KABAR_SKIP_SERVER_TESTS=1 skips it.
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::sync_common;

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::miniflux::{MinifluxGuard, rss};
use kabar::store::{ArticleRow, ListQuery, Store};
use kabar::sync::engine::{EngineError, sync};
use kabar::sync::{Backend, GReader, Miniflux, MinifluxAuth, Secret, SyncErrorKind, SyncSettings};
use sync_common::{Req, Resp, SyncServer};

fn store(dir: &Path) -> Store {
    std::fs::create_dir_all(dir).unwrap();
    let mut s = Store::open(&dir.join("kabar.db")).unwrap().0;
    s.set_sync_outbox(true);
    s
}

fn rows(s: &Store) -> HashMap<String, ArticleRow> {
    s.page(&ListQuery::default(), 0, 1000)
        .unwrap()
        .into_iter()
        .map(|r| (r.title.clone(), r))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_stores_follow_each_other_through_both_protocols() {
    if crate::miniflux::skipped() {
        return;
    }
    let server = MinifluxGuard::start();
    let url = server.var("MINIFLUX_URL").to_string();
    let settings = SyncSettings {
        timeout: Duration::from_secs(10),
        ..SyncSettings::default()
    };
    let sites = SyncServer::start(move |r: &Req| match r.path.as_str() {
        "/a.xml" => Resp::Body(200, "application/rss+xml", rss("a", 4)),
        _ => Resp::text(404, "not found"),
    });
    let key = || MinifluxAuth::ApiKey(Secret::new(server.var("MINIFLUX_API_KEY")));
    let mf = Miniflux::new(&url, key(), settings.clone()).unwrap();
    mf.subscribe(&format!("{}/a.xml", sites.url()), None)
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while mf.entries_changed_since(None).await.unwrap().len() < 4 {
        assert!(Instant::now() < deadline, "the feed never arrived");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let by_title: HashMap<String, i64> = mf
        .entries_changed_since(None)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.title, e.id))
        .collect();

    let tmp = std::env::temp_dir().join(format!("kabar-sync-engine-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    for proto in ["miniflux", "greader"] {
        let make = |base: &str, secret: &str| match proto {
            "miniflux" => Backend::Miniflux(
                Miniflux::new(
                    base,
                    MinifluxAuth::ApiKey(Secret::new(secret)),
                    settings.clone(),
                )
                .unwrap(),
            ),
            _ => Backend::GReader(
                GReader::new(
                    base,
                    server.var("GREADER_USER"),
                    Secret::new(secret),
                    settings.clone(),
                )
                .unwrap(),
            ),
        };
        let secret = match proto {
            "miniflux" => server.var("MINIFLUX_API_KEY"),
            _ => server.var("GREADER_PASSWORD"),
        };
        let backend = make(&url, secret);
        let account = format!("{proto}:{url}");
        let mut a = store(&tmp.join(proto).join("a"));
        let mut b = store(&tmp.join(proto).join("b"));

        // Both machines get the server's feed and entries.
        sync(&mut a, &backend, &account, 1000).await.unwrap();
        sync(&mut b, &backend, &account, 1000).await.unwrap();
        for s in [&a, &b] {
            assert_eq!(s.feeds().unwrap().len(), 1, "{proto}");
            assert_eq!(rows(s).len(), 4, "{proto}");
        }
        // Read on A arrives on B, saved on B arrives on A.
        let start: HashMap<String, ArticleRow> = rows(&a);
        let one = &start["a story 1"];
        let was = one.read;
        a.set_read(&[one.id], !was).unwrap();
        assert_eq!(a.outbox_len().unwrap(), 1, "{proto}: the change waits");
        let r = sync(&mut a, &backend, &account, 1000).await.unwrap();
        assert_eq!((r.pushed, r.failed), (1, 0), "{proto}");
        assert_eq!(a.outbox_len().unwrap(), 0);
        sync(&mut b, &backend, &account, 1000).await.unwrap();
        assert_eq!(
            rows(&b)["a story 1"].read,
            !was,
            "{proto}: read on A, seen on B"
        );
        let two_b = rows(&b)["a story 2"].clone();
        let saved = two_b.saved;
        b.set_saved(&[two_b.id], !saved).unwrap();
        sync(&mut b, &backend, &account, 1000).await.unwrap();
        sync(&mut a, &backend, &account, 1000).await.unwrap();
        assert_eq!(
            rows(&a)["a story 2"].saved,
            !saved,
            "{proto}: saved on B, seen on A"
        );

        // A change made with the server's own API arrives.
        let three = by_title["a story 3"];
        let three_read = rows(&a)["a story 3"].read;
        tokio::time::sleep(Duration::from_millis(1100)).await;
        mf.set_read(&[three], !three_read).await.unwrap();
        sync(&mut a, &backend, &account, 1000).await.unwrap();
        assert_eq!(
            rows(&a)["a story 3"].read,
            !three_read,
            "{proto}: the server's change"
        );

        // Offline: the change waits in the outbox, and goes with the next sync.
        let four = rows(&a)["a story 4"].clone();
        a.set_saved(&[four.id], !four.saved).unwrap();
        let offline = make("http://127.0.0.1:9", secret);
        let err = sync(&mut a, &offline, &account, 1000).await.unwrap_err();
        assert!(matches!(err, EngineError::Sync(_)), "{err}");
        assert_eq!(a.outbox_len().unwrap(), 1, "{proto}: kept while offline");
        assert_eq!(
            rows(&a)["a story 4"].saved,
            !four.saved,
            "the local change stays"
        );

        // A wrong key: a clear error, the cache and the outbox as they were.
        let before = rows(&a);
        let wrong = make(&url, "not-the-secret");
        match sync(&mut a, &wrong, &account, 1000).await.unwrap_err() {
            EngineError::Sync(e) => assert_eq!(e.kind(), SyncErrorKind::Unauthorized),
            other => panic!("{other}"),
        }
        assert_eq!(rows(&a), before);
        assert_eq!(a.outbox_len().unwrap(), 1);

        // Back online: pushed, and B sees it.
        let r = sync(&mut a, &backend, &account, 1000).await.unwrap();
        assert_eq!(r.pushed, 1, "{proto}");
        sync(&mut b, &backend, &account, 1000).await.unwrap();
        assert_eq!(
            rows(&b)["a story 4"].saved,
            !four.saved,
            "{proto}: pushed later"
        );
    }
    let _ = std::fs::remove_dir_all(&tmp);
}

/// A sync cut off after the server took some changes: those leave the outbox, the rest wait.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interrupted_push_keeps_what_the_server_did_not_take() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let puts = Arc::new(AtomicUsize::new(0));
    let p2 = puts.clone();
    let fake = SyncServer::start(move |r: &Req| match (r.method.as_str(), r.path.as_str()) {
        ("GET", "/v1/feeds") => Resp::json(
            br#"[{"id":1,"title":"F","feed_url":"http://example.com/f.xml","site_url":""}]"#
                .to_vec(),
        ),
        ("GET", "/v1/entries") => Resp::json(
            br#"{"total":2,"entries":[
              {"id":10,"feed_id":1,"status":"unread","starred":false,"url":"http://example.com/1",
               "title":"one","content":"x","author":"","published_at":"2026-11-01T10:00:00Z",
               "changed_at":"2026-11-01T10:00:00Z"},
              {"id":11,"feed_id":1,"status":"unread","starred":false,"url":"http://example.com/2",
               "title":"two","content":"y","author":"","published_at":"2026-11-01T10:00:00Z",
               "changed_at":"2026-11-01T10:00:00Z"}]}"#
                .to_vec(),
        ),
        ("PUT", "/v1/entries") => {
            // The first change is taken; then the server dies.
            if p2.fetch_add(1, Ordering::SeqCst) == 0 {
                Resp::Body(204, "application/json", Vec::new())
            } else {
                Resp::status(503)
            }
        }
        _ => Resp::status(404),
    });
    let backend = Backend::Miniflux(
        Miniflux::new(
            &fake.url(),
            MinifluxAuth::ApiKey(Secret::new("k")),
            SyncSettings::default(),
        )
        .unwrap(),
    );
    let dir = std::env::temp_dir().join(format!("kabar-sync-cut-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut s = store(&dir);
    sync(&mut s, &backend, "t", 1000).await.unwrap();
    let r = rows(&s);
    s.set_read(&[r["one"].id], true).unwrap();
    s.set_saved(&[r["two"].id], true).unwrap();
    s.set_read(&[r["two"].id], true).unwrap();
    assert_eq!(s.outbox_len().unwrap(), 3);
    let err = sync(&mut s, &backend, "t", 1000).await.unwrap_err();
    assert!(matches!(err, EngineError::Sync(_)), "{err}");
    // The first PUT (one read) was taken; the star failed (no entry read for it) or the
    // second PUT: either way what the server did not take is still waiting.
    assert!(s.outbox_len().unwrap() >= 1 && s.outbox_len().unwrap() < 3);
    assert!(
        rows(&s)["one"].read && rows(&s)["two"].saved,
        "local state intact"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// `kabar sync`: without `[sync]` a config error; a server that is not there exits 6 with a
/// clear message; the secret from the file is not printed.
#[test]
fn kabar_sync_says_what_failed() {
    let dir = std::env::temp_dir().join(format!("kabar-sync-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let run = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_kabar"))
            .arg("--config-dir")
            .arg(&dir)
            .arg("sync")
            .env("LANG", "C")
            .env_remove("LC_ALL")
            .output()
            .unwrap()
    };
    std::fs::write(dir.join("config.toml"), "refresh_minutes = 30\n").unwrap();
    assert_eq!(run().status.code(), Some(2));
    std::fs::write(
        dir.join("config.toml"),
        "[sync]\nkind = \"miniflux\"\nurl = \"http://127.0.0.1:9\"\napi_key = \"s3cret-key\"\n",
    )
    .unwrap();
    let out = run();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(6), "{err}");
    assert!(err.contains("sync failed"), "{err}");
    assert!(
        !err.contains("s3cret-key") && !String::from_utf8_lossy(&out.stdout).contains("s3cret-key")
    );
    let _ = std::fs::remove_dir_all(&dir);
}
