//! Both sync clients against a REAL Miniflux (scripts/miniflux-server.sh, started once for this
//! binary): subscribe to feeds served here, refresh, read and star through one protocol and see
//! it through the other. Without PostgreSQL/Miniflux this test fails, unless
//! KABAR_SKIP_SERVER_TESTS=1 (then it says it skipped).
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::sync_common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use kabar::sync::{
    Backend, GReader, Miniflux, MinifluxAuth, RemoteEntry, Secret, SyncErrorKind, SyncSettings,
};
use sync_common::{Req, Resp, SyncServer};

/// The running server; stopped (and its directory removed) when dropped, even after a panic.
struct MinifluxGuard {
    dir: PathBuf,
    env: HashMap<String, String>,
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/miniflux-server.sh")
}

impl MinifluxGuard {
    fn start() -> MinifluxGuard {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let dir =
            std::env::temp_dir().join(format!("kabar-miniflux-{}-{nanos}", std::process::id()));
        let out = std::process::Command::new("bash")
            .arg(script())
            .arg("start")
            .arg(&dir)
            .output()
            .expect("run scripts/miniflux-server.sh");
        // From here on the guard cleans up, whatever happened.
        let mut guard = MinifluxGuard {
            dir,
            env: HashMap::new(),
        };
        assert!(
            out.status.success(),
            "cannot start a Miniflux for the sync tests (needs PostgreSQL and Go: run \
             `scripts/miniflux-server.sh install`; set KABAR_SKIP_SERVER_TESTS=1 to skip):\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let env = std::fs::read_to_string(guard.dir.join("env")).expect("DIR/env");
        guard.env = env
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        guard
    }

    fn var(&self, name: &str) -> &str {
        self.env.get(name).map(String::as_str).unwrap_or("")
    }
}

impl Drop for MinifluxGuard {
    fn drop(&mut self) {
        let _ = std::process::Command::new("bash")
            .arg(script())
            .arg("stop")
            .arg(&self.dir)
            .output();
    }
}

fn rss(name: &str, items: usize) -> Vec<u8> {
    let mut s = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Kabar {name}</title>\
         <link>http://example.com/{name}/</link>"
    );
    for i in 1..=items {
        s.push_str(&format!(
            "<item><title>{name} story {i}</title><link>http://example.com/{name}/{i}</link>\
             <guid>{name}-{i}</guid><description>&lt;p&gt;Berita {i} dari {name}&lt;/p&gt;\
             </description><pubDate>Mon, 0{i} Nov 2026 10:00:00 +0700</pubDate></item>"
        ));
    }
    s.push_str("</channel></rss>");
    s.into_bytes()
}

/// Poll `f` until it gives true (Miniflux refreshes in the background).
async fn wait_until<F, Fut>(what: &str, mut f: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + Duration::from_secs(30);
    while !f().await {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn ids(entries: &[RemoteEntry]) -> Vec<i64> {
    let mut v: Vec<i64> = entries.iter().map(|e| e.id).collect();
    v.sort();
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_protocols_against_a_real_miniflux() {
    if std::env::var("KABAR_SKIP_SERVER_TESTS").as_deref() == Ok("1") {
        eprintln!("skipped: KABAR_SKIP_SERVER_TESTS=1 (no real Miniflux started)");
        return;
    }
    let server = MinifluxGuard::start();
    let url = server.var("MINIFLUX_URL").to_string();
    let settings = SyncSettings {
        timeout: Duration::from_secs(10),
        ..SyncSettings::default()
    };

    // The sites: feed a grows by one story later.
    let a_items = Arc::new(Mutex::new(2usize));
    let a2 = a_items.clone();
    let sites = SyncServer::start(move |r: &Req| {
        let body = match r.path.as_str() {
            "/a.xml" => rss("a", *a2.lock().unwrap()),
            "/b.xml" => rss("b", 2),
            "/c.xml" => rss("c", 1),
            _ => return Resp::text(404, "not found"),
        };
        Resp::Body(200, "application/rss+xml", body)
    });

    let mf = Miniflux::new(
        &url,
        MinifluxAuth::ApiKey(Secret::new(server.var("MINIFLUX_API_KEY"))),
        settings.clone(),
    )
    .unwrap();
    assert_eq!(mf.check().await.unwrap(), server.var("MINIFLUX_USER"));

    // Subscribe through the client; Miniflux fetches each feed at once.
    let fa = mf
        .subscribe(&format!("{}/a.xml", sites.url()), None)
        .await
        .unwrap();
    let fb = mf
        .subscribe(&format!("{}/b.xml", sites.url()), None)
        .await
        .unwrap();
    let gr = GReader::new(
        &url,
        server.var("GREADER_USER"),
        Secret::new(server.var("GREADER_PASSWORD")),
        settings.clone(),
    )
    .unwrap()
    .with_batch(2);
    let fc = gr
        .subscribe(&format!("{}/c.xml", sites.url()))
        .await
        .unwrap();
    assert!(fc.starts_with("feed/"), "{fc}");

    // A new story on a; the server fetches it on refresh.
    *a_items.lock().unwrap() = 3;
    mf.refresh_feed(fa).await.unwrap();
    let mfr = &mf;
    wait_until("6 entries after the refresh", || async move {
        mfr.entries_changed_since(None)
            .await
            .map(|e| e.len())
            .unwrap_or(0)
            == 6
    })
    .await;

    // Both protocols list the same feeds and entries.
    let mf_feeds = mf.feeds().await.unwrap();
    let gr_feeds = gr.feeds().await.unwrap();
    assert_eq!(mf_feeds.len(), 3);
    assert_eq!(gr_feeds.len(), 3);
    let mut titles: Vec<_> = gr_feeds.iter().map(|f| f.title.clone()).collect();
    titles.sort();
    assert_eq!(titles, ["Kabar a", "Kabar b", "Kabar c"]);
    assert!(gr_feeds.iter().any(|f| f.id == format!("feed/{fb}")));
    assert!(!mf.categories().await.unwrap().is_empty());
    assert!(!gr.categories().await.unwrap().is_empty());

    // Small pages, to page through the real server.
    let paged = Miniflux::new(
        &url,
        MinifluxAuth::ApiKey(Secret::new(server.var("MINIFLUX_API_KEY"))),
        settings.clone(),
    )
    .unwrap()
    .with_page_size(4);
    let mf_entries = paged.entries_changed_since(None).await.unwrap();
    assert_eq!(mf_entries.len(), 6);
    let gr_entries = gr.entries_since(None).await.unwrap();
    assert_eq!(ids(&mf_entries), ids(&gr_entries));
    assert!(mf_entries.iter().all(|e| !e.read && !e.starred));
    let by_id: HashMap<i64, &RemoteEntry> = gr_entries.iter().map(|e| (e.id, e)).collect();
    for m in &mf_entries {
        let g = by_id[&m.id];
        assert_eq!(
            (&m.title, &m.url, m.published),
            (&g.title, &g.url, g.published)
        );
        assert_eq!(g.feed_id, format!("feed/{}", m.feed_id));
        assert!(m.content_html.contains("Berita"), "{}", m.content_html);
    }
    let a3 = mf_entries
        .iter()
        .find(|e| e.title == "a story 3")
        .expect("the refreshed story");
    assert_eq!(a3.url.as_deref(), Some("http://example.com/a/3"));
    let all = ids(&mf_entries);
    assert_eq!(gr.unread_ids().await.unwrap().len(), 6);

    // Read through Miniflux, seen through Google Reader; and back.
    let before = mf_entries.iter().map(|e| e.changed).max().unwrap();
    mf.set_read(&all[..2], true).await.unwrap();
    let unread = gr.unread_ids().await.unwrap();
    assert!(!unread.contains(&all[0]) && !unread.contains(&all[1]));
    assert_eq!(unread.len(), 4);
    assert!(gr.contents(&all[..1]).await.unwrap()[0].read);
    gr.set_read(&[all[2]], true).await.unwrap();
    gr.set_read(&[all[0]], false).await.unwrap();
    assert!(mf.entry(all[2]).await.unwrap().read);
    assert!(!mf.entry(all[0]).await.unwrap().read);
    // What changed since the first listing comes back through changed_after.
    let changed = mf.entries_changed_since(Some(before)).await.unwrap();
    assert!(
        changed.iter().any(|e| e.id == all[2] && e.read),
        "{changed:?}"
    );

    // Starred through Google Reader, seen through Miniflux; and back.
    gr.set_starred(&[all[3]], true).await.unwrap();
    assert!(mf.entry(all[3]).await.unwrap().starred);
    assert_eq!(gr.starred_ids().await.unwrap(), vec![all[3]]);
    mf.set_starred(all[4], true).await.unwrap();
    mf.set_starred(all[4], true).await.unwrap(); // no toggle back
    mf.set_starred(all[3], false).await.unwrap();
    assert_eq!(gr.starred_ids().await.unwrap(), vec![all[4]]);

    // The Backend enum over both, with the server-side mark-all-read.
    let mfb = Backend::Miniflux(mf);
    let grb = Backend::GReader(gr);
    grb.mark_feed_read(&format!("feed/{fb}")).await.unwrap();
    let now = mfb.entries_since(None).await.unwrap();
    assert!(
        now.iter()
            .filter(|e| e.feed_id == fb.to_string())
            .all(|e| e.read)
    );
    assert!(now.iter().any(|e| !e.read));
    mfb.mark_all_read().await.unwrap();
    assert!(
        grb.entries_since(None)
            .await
            .unwrap()
            .iter()
            .all(|e| e.read)
    );
    grb.set_starred(&[all[5]], true).await.unwrap();
    assert!(
        mfb.entries_since(None)
            .await
            .unwrap()
            .iter()
            .any(|e| e.id == all[5] && e.starred)
    );

    // Unsubscribe through one, the other sees it.
    grb.unsubscribe(&fc).await.unwrap();
    assert_eq!(mfb.feeds().await.unwrap().len(), 2);
    mfb.unsubscribe(&fa.to_string()).await.unwrap();
    assert_eq!(grb.feeds().await.unwrap().len(), 1);

    // Wrong credentials: the Unauthorized kind, on both protocols; basic auth works.
    let wrong = Miniflux::new(
        &url,
        MinifluxAuth::ApiKey(Secret::new("not-the-key")),
        settings.clone(),
    )
    .unwrap();
    assert_eq!(
        wrong.check().await.unwrap_err().kind(),
        SyncErrorKind::Unauthorized
    );
    let wrong = GReader::new(
        &url,
        server.var("GREADER_USER"),
        Secret::new("not-the-password"),
        settings.clone(),
    )
    .unwrap();
    assert_eq!(
        wrong.check().await.unwrap_err().kind(),
        SyncErrorKind::Unauthorized
    );
    let basic = Miniflux::new(
        &url,
        MinifluxAuth::Basic {
            username: server.var("MINIFLUX_USER").into(),
            password: Secret::new(server.var("MINIFLUX_PASSWORD")),
        },
        settings,
    )
    .unwrap();
    assert_eq!(basic.check().await.unwrap(), server.var("MINIFLUX_USER"));
    assert_eq!(
        basic
            .subscribe(&format!("{}/b.xml", sites.url()), None)
            .await
            .unwrap_err()
            .kind(),
        SyncErrorKind::Refused(400),
        "already subscribed"
    );
}
