//! Full text of an excerpt-only synced article: with `[sync]` kind = miniflux, `kabar show`
//! asks Miniflux's `fetch-content` (the server fetches the page), against a REAL Miniflux and a
//! recorded answer; when the server cannot, kabar fetches the page itself.
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::miniflux::{MinifluxGuard, wait_entries};
use crate::sync_common::{Req, Resp, SyncServer};

use std::path::Path;
use std::sync::{Arc, OnceLock};

const STORY: &str = "Kapal penyeberangan di Pelabuhan Bakauheni kembali berlayar normal";

/// A news page whose story is long enough to be the article.
fn page() -> Vec<u8> {
    let para = format!(
        "<p>{STORY} pada Sabtu pagi setelah cuaca di Selat Sunda membaik, kata petugas.</p>"
    );
    format!(
        "<!doctype html><html><head><title>Berita</title></head><body>\
         <nav><a href=\"/\">Beranda</a> <a href=\"/daerah\">Daerah</a></nav>\
         <article><h1>Bakauheni</h1>{}</article><footer>Hak cipta</footer></body></html>",
        para.repeat(8)
    )
    .into_bytes()
}

/// An excerpt-only feed whose item links to `{base}/berita/1.html`.
fn feed(base: &str) -> Vec<u8> {
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Kabar x</title>\
         <link>{base}/</link><item><title>Bakauheni normal</title>\
         <link>{base}/berita/1.html</link><guid>x-1</guid>\
         <description>Kapal berlayar lagi [&#8230;]</description>\
         <pubDate>Sat, 05 Dec 2026 08:00:00 +0700</pubDate></item></channel></rss>"
    )
    .into_bytes()
}

fn write_config(dir: &Path, url: &str, extra: &str) {
    let config = dir.join("config.toml");
    std::fs::write(
        &config,
        format!(
            "timeout_seconds = 20\n{extra}[sync]\nkind = \"miniflux\"\nurl = \"{url}\"\n\
             api_key_env = \"KABAR_TEST_KEY\"\n"
        ),
    )
    .unwrap();
}

/// `kabar sync` with the server at `url`, then `kabar show` of the synced article.
fn sync_and_show(url: &str, key: &str, extra: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    write_config(dir.path(), url, extra);
    let env = [("KABAR_TEST_KEY", key)];
    let (code, _, err) = crate::common::kabar_env(dir.path(), &["sync"], &env);
    assert_eq!(code, 0, "{err}");
    let id = article_id(dir.path(), "Bakauheni normal").to_string();
    let (code, out, err) =
        crate::common::kabar_env(dir.path(), &["show", &id, "--width", "200"], &env);
    assert_eq!(code, 0, "{err}");
    out
}

fn article_id(dir: &Path, title: &str) -> i64 {
    let conn = rusqlite::Connection::open(dir.join("kabar.db")).unwrap();
    conn.query_row("SELECT id FROM articles WHERE title = ?1", [title], |r| {
        r.get(0)
    })
    .unwrap()
}

/// Who asked for the page: the user agents of its requests.
fn page_agents(sites: &SyncServer) -> Vec<String> {
    sites
        .to("/berita/1.html")
        .iter()
        .map(|r| r.headers.get("user-agent").cloned().unwrap_or_default())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kabar_show_gets_the_full_text_through_a_real_miniflux() {
    if crate::miniflux::skipped() {
        return;
    }
    let base: Arc<OnceLock<String>> = Arc::default();
    let b2 = base.clone();
    let sites = SyncServer::start(move |r: &Req| match r.path.as_str() {
        "/x.xml" => Resp::Body(200, "application/rss+xml", feed(b2.get().unwrap())),
        "/berita/1.html" => Resp::Body(200, "text/html; charset=utf-8", page()),
        _ => Resp::text(404, "not found"),
    });
    base.set(sites.url()).unwrap();
    let server = MinifluxGuard::start();
    let url = server.var("MINIFLUX_URL").to_string();
    let key = server.var("MINIFLUX_API_KEY");
    let mf = server.client();
    mf.subscribe(&format!("{}/x.xml", sites.url()), None)
        .await
        .unwrap();
    wait_entries(&mf, 1).await;

    let out = sync_and_show(&url, key, "");
    assert!(out.contains(STORY), "{out}");
    assert!(
        !out.contains("Beranda"),
        "the page's menu is not the story: {out}"
    );
    let agents = page_agents(&sites);
    assert!(!agents.is_empty(), "Miniflux never fetched the page");
    assert!(
        agents.iter().all(|a| !a.starts_with("kabar")),
        "the server fetched it, not kabar: {agents:?}"
    );
}

/// A fake Miniflux: one excerpt-only entry linking to its own `/berita/1.html`; its
/// `fetch-content` answers `fetch_content`.
fn fake(fetch_content: Resp) -> SyncServer {
    let base: Arc<OnceLock<String>> = Arc::default();
    let b2 = base.clone();
    let answer = Arc::new(std::sync::Mutex::new(Some(fetch_content)));
    let server = SyncServer::start(move |r: &Req| match r.path.as_str() {
        "/v1/feeds" => Resp::json(format!(
            r#"[{{"id":1,"title":"Kabar x","feed_url":"{0}/x.xml","site_url":"{0}/"}}]"#,
            b2.get().unwrap()
        )),
        "/v1/entries" => Resp::json(format!(
            r#"{{"total":1,"entries":[{{"id":7,"feed_id":1,"status":"unread","starred":false,
                "url":"{}/berita/1.html","title":"Bakauheni normal",
                "content":"<p>Kapal berlayar lagi [&#8230;]</p>","author":"",
                "published_at":"2026-12-05T01:00:00Z","changed_at":"2026-12-05T01:00:00Z"}}]}}"#,
            b2.get().unwrap()
        )),
        "/v1/entries/7/fetch-content" => answer
            .lock()
            .unwrap()
            .take()
            .unwrap_or_else(|| Resp::status(500)),
        "/berita/1.html" => Resp::Body(200, "text/html; charset=utf-8", page()),
        _ => Resp::status(404),
    });
    base.set(server.url()).unwrap();
    server
}

/// `kabar sync` then `kabar show` of the entry; the page is on loopback, which kabar opens from
/// a feed's link only when allowed.
fn show_through(server: &SyncServer) -> String {
    sync_and_show(&server.url(), "k", "allow_private_links = true\n")
}

#[test]
fn fetch_content_answer_is_cleaned_and_shown_without_fetching_the_page() {
    // Miniflux's answer: the article it extracted, with something kabar's rules drop.
    let html = format!(
        "<div><p>{STORY} pada Sabtu pagi, kata petugas pelabuhan kepada wartawan.</p>\
         <p>Antrean kendaraan di dermaga sudah terurai sejak subuh.</p>\
         <p><strong>Baca juga:</strong> <a href=\"/lain\">Berita lain</a></p></div>"
    );
    let body = serde_json::json!({ "content": html }).to_string();
    let server = fake(Resp::json(body));
    let out = show_through(&server);
    assert!(out.contains(STORY), "{out}");
    assert!(out.contains("Antrean kendaraan"), "{out}");
    assert!(
        !out.contains("Baca juga"),
        "cleaned by kabar's rules: {out}"
    );
    assert_eq!(server.to("/v1/entries/7/fetch-content").len(), 1);
    assert!(
        server.to("/berita/1.html").is_empty(),
        "kabar did not fetch"
    );
}

#[test]
fn a_server_that_cannot_fetch_leaves_it_to_kabar() {
    let server = fake(Resp::status(500));
    let out = show_through(&server);
    assert!(out.contains(STORY), "{out}");
    assert_eq!(server.to("/v1/entries/7/fetch-content").len(), 1);
    let agents = page_agents(&server);
    assert_eq!(agents.len(), 1, "kabar fetched the page itself");
    assert!(agents[0].starts_with("kabar"), "{agents:?}");
}

/// The reader's `F`/open of an excerpt-only synced article goes the same way: its full-text
/// job asks the server's `fetch-content` and reports the cleaned story as `Event::FullText`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_readers_full_text_of_a_synced_article_comes_from_fetch_content() {
    let html = format!("<div><p>{STORY} pada Sabtu pagi, kata petugas pelabuhan.</p></div>");
    let server = fake(Resp::json(
        serde_json::json!({ "content": html }).to_string(),
    ));
    let dir = tempfile::tempdir().unwrap();
    write_config(dir.path(), &server.url(), "");
    let (code, _, err) =
        crate::common::kabar_env(dir.path(), &["sync"], &[("KABAR_TEST_KEY", "k")]);
    assert_eq!(code, 0, "{err}");
    let id = article_id(dir.path(), "Bakauheni normal");
    let mut config = kabar::config::Config::load(&dir.path().join("config.toml")).unwrap();
    // The same account, its key given inline (no process-wide variable set in a test).
    let sync = config.sync.as_mut().unwrap();
    sync.api_key_env = None;
    sync.api_key = Some("k".into());
    let store = kabar::store::Store::open(&dir.path().join("kabar.db"))
        .unwrap()
        .0;
    let entry = store
        .remote_of_article(id)
        .unwrap()
        .expect("a synced article");

    let (tx, mut rx) = tokio::sync::mpsc::channel(8);
    let client = kabar::tui::sync::SyncClient::default();
    let job = kabar::tui::sync::SyncJob::new(&client, &config, dir.path().join("kabar.db"), &tx)
        .expect("[sync] is set");
    let settings = kabar::net::fetch::FetchSettings::from_config(&config);
    let fetch = kabar::tui::sync::FullTextFetch {
        client: kabar::net::fetch::client(&settings),
        settings,
        limits: kabar::net::limit::HostLimits::new(2),
    };
    job.spawn_full_text(id, entry, format!("{}/berita/1.html", server.url()), fetch);
    let ev = tokio::time::timeout(std::time::Duration::from_secs(30), rx.recv())
        .await
        .expect("the job answers")
        .unwrap();
    let kabar::app::Event::FullText { id: got, result } = ev else {
        panic!("not a full-text event");
    };
    assert_eq!(got, id);
    let text = result.unwrap();
    assert!(text.contains(STORY), "{text}");
    assert_eq!(server.to("/v1/entries/7/fetch-content").len(), 1);
    assert!(
        server.to("/berita/1.html").is_empty(),
        "kabar did not fetch"
    );
}
