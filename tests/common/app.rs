//! Fixture stores and apps, and one whole refresh run the way the reader runs it.

use super::Server;
use kabar::app::App;
use kabar::config::{Config, FeedConfig};
use kabar::feed::refresh::{self, FeedOutcome, RefreshEvent, RefreshParams, Summary};
use kabar::store::{ArticleRow, FetchMeta, ListQuery, Store};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// 1 Jan 2026 12:00 WIB: a fixed "now" so dates on screen do not drift.
pub const NOW: i64 = 1767243600;

/// A feed of the config: `url`, shown as `name`, everything else default.
pub fn feed(name: &str, url: impl Into<String>) -> FeedConfig {
    FeedConfig {
        url: url.into(),
        name: Some(name.to_string()),
        ..FeedConfig::default()
    }
}

/// A feed of the config with an optional name and these tags.
pub fn feed_tagged(url: &str, name: Option<&str>, tags: &[&str]) -> FeedConfig {
    FeedConfig {
        url: url.into(),
        name: name.map(Into::into),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        full_text: None,
        settings: Default::default(),
    }
}

/// Add `feeds` to `store` and store the i-th one's fixture (`files[i]`, a path under tests/) as
/// fetched at `now`. Returns the feed ids in order.
pub fn store_fixtures(
    store: &mut Store,
    feeds: &[FeedConfig],
    files: &[&str],
    now: i64,
) -> Vec<i64> {
    store.sync_feeds(feeds).unwrap();
    let rows = store.feeds().unwrap();
    let mut ids = Vec::new();
    for (file, row) in files.iter().zip(&rows) {
        let parsed = kabar::feed::parse::parse(&super::fixture(file), &row.url).unwrap();
        kabar::feed::ingest::store_feed(store, row.id, &parsed, &FetchMeta::default(), 1000, now)
            .unwrap();
        ids.push(row.id);
    }
    ids
}

/// An in-memory store with one feed per (name, file under tests/fixtures/), each at
/// `http://feeds.example/FILE` and fetched at `NOW`. Returns the feeds and their ids in order.
pub fn fixture_store(files: &[(&str, &str)]) -> (Store, Vec<FeedConfig>, Vec<i64>) {
    let mut store = Store::open_in_memory().unwrap();
    let feeds: Vec<FeedConfig> = files
        .iter()
        .map(|(name, f)| feed(name, format!("http://feeds.example/{f}")))
        .collect();
    let paths: Vec<String> = files.iter().map(|(_, f)| format!("fixtures/{f}")).collect();
    let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
    let ids = store_fixtures(&mut store, &feeds, &paths, NOW);
    (store, feeds, ids)
}

/// The reader on `store` with `config`, its clock fixed at `now`.
pub fn app(store: Store, config: Config, now: i64) -> App {
    let mut app = App::new(store, config);
    app.fixed_now = Some(now);
    app
}

/// A temp dir holding `kabar.db` with the feeds `list` (name, path on `server`).
pub fn db_with_feeds(server: &Server, list: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kabar.db");
    let (mut store, _) = Store::open(&db).unwrap();
    let feeds: Vec<FeedConfig> = list.iter().map(|(n, p)| feed(n, server.url(p))).collect();
    store.sync_feeds(&feeds).unwrap();
    (dir, db)
}

/// Every article of the feed named `feed` in `db`, newest first, read or not.
pub fn articles(db: &Path, feed: &str) -> Vec<ArticleRow> {
    let (store, _) = Store::open(db).unwrap();
    let f = store.find_feed(feed).unwrap().expect("feed exists");
    let all = ListQuery {
        feed: Some(f.id),
        unread_only: false,
        ..Default::default()
    };
    store.page(&all, 0, -1).unwrap()
}

/// A tokio runtime like the reader's, small for a 2-core machine.
pub fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// What one refresh of every feed did.
pub struct Refreshed {
    /// The outcome of each feed, by display name.
    pub outcomes: HashMap<String, FeedOutcome>,
    pub summary: Summary,
    /// Every event sent, in order.
    pub events: Vec<RefreshEvent>,
    pub took: Duration,
}

/// Run one refresh of every feed in `db` with `params` (the store is closed meanwhile).
pub fn refresh_all(db: &Path, params: RefreshParams) -> Refreshed {
    // Only a safety net: a hung refresh fails the test instead of hanging it.
    refresh_within(db, params, Duration::from_secs(300))
}

/// `refresh_all`, failing the test if the refresh has not finished within `limit`.
pub fn refresh_within(db: &Path, params: RefreshParams, limit: Duration) -> Refreshed {
    let (store, _) = Store::open(db).unwrap();
    let targets = store.targets(&[]).unwrap();
    let names: HashMap<i64, String> = store
        .feeds()
        .unwrap()
        .into_iter()
        .map(|f| (f.id, f.display))
        .collect();
    drop(store);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let started = Instant::now();
    let summary = rt().block_on(async {
        tokio::time::timeout(limit, refresh::run(params, targets, tx))
            .await
            .expect("refresh finishes within its timeouts")
    });
    let took = started.elapsed();
    let mut outcomes = HashMap::new();
    let mut events = Vec::new();
    while let Ok(ev) = rx.try_recv() {
        if let RefreshEvent::FeedDone { id, outcome } = &ev {
            outcomes.insert(names[id].clone(), outcome.clone());
        }
        events.push(ev);
    }
    Refreshed {
        outcomes,
        summary,
        events,
        took,
    }
}
