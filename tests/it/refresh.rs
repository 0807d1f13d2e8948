//! Refresh against a loopback server: storing, conditional GET, failures isolated, read state kept.
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::app::{articles, db_with_feeds as setup};
use common::{Route, Server, fixture};
use kabar::feed::refresh::{FeedOutcome, RefreshEvent, RefreshParams, Summary};
use kabar::net::fetch::FetchSettings;
use kabar::store::Store;
use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

fn params(db: &Path, timeout: u64) -> RefreshParams {
    RefreshParams {
        fetch: FetchSettings {
            timeout: Duration::from_secs(timeout),
            total_timeout: Duration::from_secs(timeout) * kabar::net::fetch::TOTAL_TIMEOUT_FACTOR,
            connect_timeout: Duration::from_secs(2),
            max_bytes: 1024 * 1024,
            user_agent: "kabar-test".into(),
            max_redirects: 5,
            // Loopback servers only: as with allow_private_links = true.
            policy: kabar::net::private::NetPolicy::allow_private(),
        },
        concurrency: 16,
        per_host: 2,
        max_items: 1000,
        db_path: db.to_path_buf(),
        limits: kabar::net::limit::HostLimits::new(2),
        locale: Default::default(),
        feed_settings: Default::default(),
    }
}

/// Run one refresh of every feed; returns the outcomes by feed name and the summary.
fn refresh_all(db: &Path, timeout: u64) -> (HashMap<String, FeedOutcome>, Summary) {
    let r = common::app::refresh_all(db, params(db, timeout));
    assert!(
        r.events
            .iter()
            .any(|e| matches!(e, RefreshEvent::Started { .. }))
    );
    for e in &r.events {
        if let RefreshEvent::Finished(s) = e {
            assert_eq!(*s, r.summary);
        }
    }
    (r.outcomes, r.summary)
}

#[test]
fn refresh_stores_fixtures_and_isolates_failures() {
    let server = Server::start();
    server.ok(
        "/radar.xml",
        fixture("fixtures/radarlampung-seed.xml"),
        Some("\"r1\""),
    );
    server.ok("/lampost.xml", fixture("fixtures/wordpress-full.xml"), None);
    server.ok("/antara.xml", fixture("fixtures/antara-excerpt.xml"), None);
    server.ok("/broken.xml", fixture("fixtures/broken-smallcms.xml"), None);
    server.route("/missing.xml", Route::Status(404));
    server.route("/error.xml", Route::Status(500));
    server.route("/stall.xml", Route::Stall);
    server.route("/moved.xml", Route::Redirect("/lampost.xml".into()));
    let (_dir, db) = setup(
        &server,
        &[
            ("Radar", "/radar.xml"),
            ("Lampost", "/lampost.xml"),
            ("Antara", "/antara.xml"),
            ("Broken", "/broken.xml"),
            ("Missing", "/missing.xml"),
            ("Error", "/error.xml"),
            ("Stall", "/stall.xml"),
            ("Moved", "/moved.xml"),
        ],
    );
    let started = Instant::now();
    let (out, summary) = refresh_all(&db, 2);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "timeouts bound the refresh"
    );
    assert_eq!(out["Radar"], FeedOutcome::Updated { new: 1 });
    assert_eq!(out["Lampost"], FeedOutcome::Updated { new: 1 });
    assert_eq!(out["Antara"], FeedOutcome::Updated { new: 3 });
    assert_eq!(
        out["Broken"],
        FeedOutcome::Updated { new: 3 },
        "broken feed recovered"
    );
    assert_eq!(
        out["Moved"],
        FeedOutcome::Updated { new: 1 },
        "redirect followed"
    );
    assert!(
        matches!(&out["Missing"], FeedOutcome::Failed(e) if e.contains("404")),
        "{:?}",
        out["Missing"]
    );
    assert!(matches!(&out["Error"], FeedOutcome::Failed(e) if e.contains("500")));
    assert!(
        matches!(&out["Stall"], FeedOutcome::Failed(e) if e.contains("waktu habis") || e.contains("timed out")),
        "{:?}",
        out["Stall"]
    );
    assert_eq!(summary.failed.len(), 3);
    assert_eq!(summary.new_articles, 9);

    // The failure is recorded on the feed, for the feed list.
    let (store, _) = Store::open(&db).unwrap();
    let missing = store.find_feed("Missing").unwrap().unwrap();
    assert!(missing.last_error.unwrap().contains("404"));
    let radar = store.find_feed("Radar").unwrap().unwrap();
    assert_eq!((radar.unread, radar.total), (1, 1));
    assert!(radar.last_error.is_none());
    assert_eq!(radar.title.as_deref().map(|t| !t.is_empty()), Some(true));

    // The Radar Lampung story was published 22 Apr 2019 15:40 WIB = 08:40 UTC.
    let a = &articles(&db, "Radar")[0];
    assert_eq!(
        a.published,
        1555922400,
        "{}",
        kabar::i18n::Locale::default().long(a.published)
    );
}

#[test]
fn second_refresh_adds_nothing_keeps_read_state_and_uses_conditional_get() {
    let server = Server::start();
    server.ok(
        "/radar.xml",
        fixture("fixtures/radarlampung-seed.xml"),
        Some("\"r1\""),
    );
    server.ok("/antara.xml", fixture("fixtures/antara-excerpt.xml"), None);
    server.ok("/broken.xml", fixture("fixtures/broken-smallcms.xml"), None);
    let (_dir, db) = setup(
        &server,
        &[
            ("Radar", "/radar.xml"),
            ("Antara", "/antara.xml"),
            ("Broken", "/broken.xml"),
        ],
    );
    refresh_all(&db, 5);
    let before: Vec<_> = articles(&db, "Antara")
        .into_iter()
        .chain(articles(&db, "Broken"))
        .collect();
    let ids: Vec<i64> = before.iter().map(|a| a.id).collect();
    {
        let (mut store, _) = Store::open(&db).unwrap();
        store.set_read(&ids[..2], true).unwrap();
        store.set_read(&[ids[4]], true).unwrap();
    }
    let (out, summary) = refresh_all(&db, 5);
    assert_eq!(summary.new_articles, 0);
    assert!(
        out.values().all(|o| *o == FeedOutcome::NotModified),
        "{out:?}"
    );
    // The ETag was sent back and answered with 304.
    let h = server.last_headers("/radar.xml").unwrap();
    assert_eq!(h.get("if-none-match").map(String::as_str), Some("\"r1\""));
    assert!(h.get("user-agent").is_some_and(|ua| ua.contains("kabar")));
    let after: Vec<_> = articles(&db, "Antara")
        .into_iter()
        .chain(articles(&db, "Broken"))
        .collect();
    assert_eq!(before.len(), after.len());
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(b.id, a.id, "ids stable");
    }
    let read: Vec<i64> = after.iter().filter(|a| a.read).map(|a| a.id).collect();
    assert_eq!(read, vec![ids[0], ids[1], ids[4]]);

    // A changed body (same items) still adds nothing and keeps read state.
    let mut body = fixture("fixtures/antara-excerpt.xml");
    body.extend_from_slice(b"\n<!-- changed -->\n");
    server.ok("/antara.xml", body, None);
    let (out, _) = refresh_all(&db, 5);
    assert_eq!(out["Antara"], FeedOutcome::Updated { new: 0 });
    let again = articles(&db, "Antara");
    assert_eq!(again.iter().filter(|a| a.read).count(), 2);
}

#[test]
fn failed_feed_keeps_its_articles() {
    let server = Server::start();
    server.ok("/antara.xml", fixture("fixtures/antara-excerpt.xml"), None);
    let (_dir, db) = setup(&server, &[("Antara", "/antara.xml")]);
    refresh_all(&db, 5);
    server.route("/antara.xml", Route::Status(500));
    let (out, _) = refresh_all(&db, 5);
    assert!(matches!(&out["Antara"], FeedOutcome::Failed(_)));
    assert_eq!(articles(&db, "Antara").len(), 3);
    // Truncated and HTML bodies fail the same way, losing nothing.
    server.route(
        "/antara.xml",
        Route::Truncated {
            body: fixture("fixtures/antara-excerpt.xml")[..600].to_vec(),
            len: 5000,
        },
    );
    let (out, _) = refresh_all(&db, 5);
    assert!(
        matches!(&out["Antara"], FeedOutcome::Failed(_)),
        "{:?}",
        out["Antara"]
    );
    server.ok("/antara.xml", fixture("hostile/notfeed-html.html"), None);
    let (out, _) = refresh_all(&db, 5);
    assert!(
        matches!(&out["Antara"], FeedOutcome::Failed(e) if e.contains("HTML")),
        "{:?}",
        out["Antara"]
    );
    assert_eq!(articles(&db, "Antara").len(), 3);
}

#[test]
fn per_host_limit_holds() {
    let server = Server::start();
    let body = fixture("fixtures/antara-excerpt.xml");
    let mut list = Vec::new();
    for i in 0..8 {
        server.route(
            &format!("/f{i}.xml"),
            Route::Slow(Duration::from_millis(150), body.clone()),
        );
        list.push((format!("F{i}"), format!("/f{i}.xml")));
    }
    let list: Vec<(&str, &str)> = list.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let (_dir, db) = setup(&server, &list);
    let (_, summary) = refresh_all(&db, 5);
    assert_eq!(summary.updated, 8);
    let max = server
        .in_flight_max
        .load(std::sync::atomic::Ordering::SeqCst);
    assert!(
        max <= 2,
        "at most per_host requests to one host at once, saw {max}"
    );
    assert_eq!(max, 2, "but it does use both slots");
}

/// The refresh's writer leaves copying the write-ahead log into the database to a second
/// connection working alongside it, and the refresh ends with all of it copied: the database
/// file on its own (without the log) already holds every stored article, even while another
/// connection (the reader) keeps the log from being folded in on close.
#[test]
fn refresh_ends_with_the_log_copied_into_the_database() {
    let server = Server::start();
    let names: Vec<String> = (0..12).map(|i| format!("F{i}")).collect();
    let paths: Vec<String> = (0..12).map(|i| format!("/f{i}.xml")).collect();
    for (i, p) in paths.iter().enumerate() {
        let f = ["fixtures/wordpress-full.xml", "fixtures/antara-excerpt.xml"][i % 2];
        server.ok(p, fixture(f), None);
    }
    let list: Vec<(&str, &str)> = names
        .iter()
        .zip(&paths)
        .map(|(n, p)| (n.as_str(), p.as_str()))
        .collect();
    let (dir, db) = setup(&server, &list);
    let (reader, _) = Store::open(&db).unwrap();
    let (_, summary) = refresh_all(&db, 5);
    assert!(
        summary.new_articles > 0 && summary.failed.is_empty(),
        "{summary:?}"
    );
    let alone = dir.path().join("alone.db");
    std::fs::copy(&db, &alone).unwrap();
    let conn = rusqlite::Connection::open(&alone).unwrap();
    let stored: i64 = conn
        .query_row("SELECT COUNT(*) FROM articles", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stored as usize, summary.new_articles);
    drop(reader);
}

/// A refresh asks a server to keep a connection open only when another of its feeds is
/// waiting to use it, and only for a conditional request (a 304 leaves a small buffer): with
/// 4 feeds on one host and 2 requests at a time, the first two conditional requests keep
/// their connections for the last two, which close them. A first (cold) refresh closes every
/// connection, so no connection holds a full body's read buffer while it waits.
#[test]
fn connections_are_kept_only_for_the_next_feed_of_the_same_host() {
    let server = Server::start();
    let list: Vec<(String, String)> = (0..4)
        .map(|i| (format!("K{i}"), format!("/k{i}.xml")))
        .collect();
    for (i, (_, p)) in list.iter().enumerate() {
        server.ok(
            p,
            fixture("fixtures/antara-excerpt.xml"),
            Some(&format!("\"k{i}\"")),
        );
    }
    let list: Vec<(&str, &str)> = list.iter().map(|(n, p)| (n.as_str(), p.as_str())).collect();
    let (_dir, db) = setup(&server, &list);
    let closes = |from: usize| -> Vec<bool> {
        let log = server.log.lock().unwrap();
        log.requests[from..]
            .iter()
            .map(|(_, h)| h.get("connection").is_some_and(|v| v == "close"))
            .collect()
    };
    refresh_all(&db, 5);
    assert_eq!(closes(0), vec![true; 4], "cold: every connection closed");
    let (out, _) = refresh_all(&db, 5);
    assert!(
        out.values().all(|o| *o == FeedOutcome::NotModified),
        "{out:?}"
    );
    let mut warm = closes(4);
    warm.sort();
    assert_eq!(
        warm,
        vec![false, false, true, true],
        "warm: two kept, two closed"
    );
}

/// Issue 13, finding 5: a feed of far more items than are kept is cut at the cap while it is
/// read, and the refresh reports as new what was kept (it said "5000 new" and kept 1,000).
#[test]
fn a_huge_feed_reports_what_was_kept() {
    let server = Server::start();
    let mut rss =
        String::from("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Banyak</title>");
    for i in 0..5000 {
        rss.push_str(&format!(
            "<item><guid>g{i}</guid><title>Berita {i}</title></item>"
        ));
    }
    rss.push_str("</channel></rss>");
    server.ok("/many.xml", rss.clone(), None);
    let json = format!(
        "{{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"J\",\"items\":[{}]}}",
        (0..5000)
            .map(|i| format!("{{\"id\":\"j{i}\",\"title\":\"Berita {i}\"}}"))
            .collect::<Vec<_>>()
            .join(",")
    );
    server.ok("/many.json", json, None);
    let (_dir, db) = setup(&server, &[("Banyak", "/many.xml"), ("Json", "/many.json")]);
    let (out, summary) = refresh_all(&db, 5);
    for name in ["Banyak", "Json"] {
        let kept = articles(&db, name).len();
        assert_eq!(kept, 1000, "{name}");
        assert_eq!(out[name], FeedOutcome::Updated { new: kept }, "{name}");
    }
    assert_eq!(summary.new_articles, 2000);
    // The first items of the document are the ones kept (feeds list the newest first).
    let feed = kabar::feed::parse::parse_at_most(rss.as_bytes(), "http://x.example/", 3).unwrap();
    let titles: Vec<_> = feed.items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(titles, ["Berita 0", "Berita 1", "Berita 2"]);
    // Cut short, it is still an error, never a shorter list.
    let cut = &rss.as_bytes()[..rss.len() / 2];
    assert!(kabar::feed::parse::parse_at_most(cut, "http://x.example/", 3).is_err());
}
