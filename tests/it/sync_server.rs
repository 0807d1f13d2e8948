//! Both sync clients against a REAL Miniflux (scripts/miniflux-server.sh, started once for this
//! binary): subscribe to feeds served here, refresh, read and star through one protocol and see
//! it through the other. Without PostgreSQL/Miniflux this test fails, unless
//! KABAR_SKIP_SERVER_TESTS=1 (then it says it skipped).
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::sync_common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::miniflux::{MinifluxGuard, rss, wait_until};
use kabar::sync::{
    Backend, GReader, Miniflux, MinifluxAuth, RemoteEntry, Secret, SyncErrorKind, SyncSettings,
};
use sync_common::{Req, Resp, SyncServer};

fn ids(entries: &[RemoteEntry]) -> Vec<i64> {
    let mut v: Vec<i64> = entries.iter().map(|e| e.id).collect();
    v.sort();
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_protocols_against_a_real_miniflux() {
    if crate::miniflux::skipped() {
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
