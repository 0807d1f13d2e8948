//! Feed discovery as a library (what `kabar add` and the reader's `+` call), on loopback.
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::{Route, Server, fixture};
use kabar::cli::prompt::read_choice;
use kabar::config::edit::{AddOutcome, add_to_config};
use kabar::config::{Config, FeedConfig};
use kabar::discover::{
    self, Candidate, DiscoverError, MAX_PROBES, Source, parse_input, probe_list, read_page,
};
use kabar::net::fetch::{FetchSettings, client};
use kabar::net::limit::HostLimits;
use std::time::Duration;
use url::Url;

fn settings() -> FetchSettings {
    FetchSettings::from_config(&Config {
        timeout_seconds: 5,
        ..Config::default()
    })
}

async fn find(url: &str) -> Result<discover::Discovery, DiscoverError> {
    let s = settings();
    discover::discover(&client(&s), &s, &HostLimits::new(2), url).await
}

// --- reading pages --------------------------------------------------------------------------

#[test]
fn hostile_fixture_page_announces_two_feeds() {
    let page = String::from_utf8(fixture("hostile/notfeed-html.html")).unwrap();
    let base = Url::parse("https://blog.example/posts/hello.html").unwrap();
    let info = read_page(&page, &base);
    assert_eq!(
        info.announced,
        vec![
            (
                "https://blog.example/feed.xml".to_string(),
                Some("RSS".to_string())
            ),
            ("https://example.com/atom.xml".to_string(), None),
        ]
    );
    assert!(!info.wordpress && !info.blogger);
}

#[test]
fn page_links_are_filtered_resolved_and_sanitised() {
    let page = r#"<html><head>
        <base href="https://cdn.example/site/">
        <link rel="Alternate" type="application/RSS+XML; charset=utf-8" href="feed.xml"
              title="  Berita &#x1b;[31mTerkini
              (RSS)  ">
        <link rel="alternate stylesheet" type="application/atom+xml" href="/atom">
        <link rel="alternate" type="application/feed+json" href="https://j.example/feed.json">
        <link rel="alternate" type="application/json" href="/wp-json/wp/v2/pages/1">
        <link rel="alternate" type="text/html" href="/en/">
        <link rel="alternate" type="application/json+oembed" href="/oembed">
        <link rel="stylesheet" type="application/rss+xml" href="/not-alternate.xml">
        <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
        <link rel="alternate" type="application/rss+xml" href="ftp://x.example/feed">
        <link rel="alternate" type="application/rss+xml" href="feed.xml">
        <meta name="Generator" content="WordPress 6.5.2">
        </head><body></body></html>"#;
    let info = read_page(page, &Url::parse("https://www.example/").unwrap());
    let urls: Vec<&str> = info.announced.iter().map(|(u, _)| u.as_str()).collect();
    assert_eq!(
        urls,
        vec![
            "https://cdn.example/site/feed.xml",
            "https://cdn.example/atom",
            "https://j.example/feed.json",
            "https://cdn.example/wp-json/wp/v2/pages/1",
        ]
    );
    let title = info.announced[0].1.as_deref().unwrap();
    assert!(!title.chars().any(|c| c.is_control()), "{title:?}");
    assert!(
        title.starts_with("Berita") && title.ends_with("(RSS)"),
        "{title:?}"
    );
    assert!(info.wordpress);
    assert!(!info.blogger);
}

#[test]
fn platforms_are_recognised() {
    let base = Url::parse("https://x.example/").unwrap();
    let wp = r#"<html><body><img src="https://x.example/wp-content/uploads/a.jpg"></body></html>"#;
    assert!(read_page(wp, &base).wordpress);
    let blogger = r#"<html><head><meta name="generator" content="Blogger"></head></html>"#;
    assert!(read_page(blogger, &base).blogger);
    let spot = Url::parse("https://katalampung.blogspot.com/").unwrap();
    assert!(read_page("<html></html>", &spot).blogger);
    assert!(!read_page("<html></html>", &base).wordpress);
}

#[test]
fn probes_put_announced_first_then_platform_then_usual_paths() {
    let base = Url::parse("https://x.example/berita/2025/a.html").unwrap();
    let mut info = read_page(
        r#"<html><head><link rel="alternate" type="application/rss+xml" href="/feed/" title="Main">
           <meta name="generator" content="WordPress"></head></html>"#,
        &base,
    );
    info.blogger = true;
    let probes = probe_list(&info, &base);
    let urls: Vec<&str> = probes.iter().map(|p| p.url.as_str()).collect();
    assert_eq!(
        urls,
        vec![
            "https://x.example/feed/",
            "https://x.example/feeds/posts/default",
            "https://x.example/rss",
            "https://x.example/feed",
            "https://x.example/rss.xml",
            "https://x.example/atom.xml",
            "https://x.example/index.xml",
        ]
    );
    assert_eq!(probes[0].source, Source::Announced);
    assert_eq!(probes[0].announced_title.as_deref(), Some("Main"));
    assert!(probes[1..].iter().all(|p| p.source == Source::Guessed));
}

// --- input and choice -----------------------------------------------------------------------

#[test]
fn input_urls() {
    assert_eq!(
        parse_input("lampost.co").unwrap().as_str(),
        "https://lampost.co/"
    );
    assert_eq!(
        parse_input("  HTTPS://Example.COM/feed  ")
            .unwrap()
            .as_str(),
        "https://example.com/feed"
    );
    assert_eq!(
        parse_input("feed://example.com/rss").unwrap().as_str(),
        "http://example.com/rss"
    );
    assert_eq!(
        parse_input("feed:https://example.com/rss")
            .unwrap()
            .as_str(),
        "https://example.com/rss"
    );
    for bad in [
        "",
        "ftp://example.com/feed",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "not a url",
        "http://",
    ] {
        assert!(
            matches!(parse_input(bad), Err(DiscoverError::InvalidUrl(_))),
            "{bad:?} accepted"
        );
    }
}

#[test]
fn choosing_a_number() {
    let ask = |input: &str, n: usize| {
        let mut out = Vec::new();
        let got = read_choice(&mut input.as_bytes(), &mut out, n);
        (got, String::from_utf8(out).unwrap())
    };
    assert_eq!(ask("\n", 3).0, Some(0));
    assert_eq!(ask("2\n", 3).0, Some(1));
    assert_eq!(ask(" 3 \n", 3).0, Some(2));
    let (got, out) = ask("9\nzwei\n1\n", 3);
    assert_eq!(got, Some(0));
    assert_eq!(out.matches("Please type a number from 1 to 3").count(), 2);
    assert!(out.contains("[1-3, Enter = 1, q = cancel]"), "{out}");
    assert_eq!(ask("q\n", 3).0, None);
    assert_eq!(ask("", 3).0, None);
    assert_eq!(
        ask("0\n4\n-1\n1\n", 3).0,
        None,
        "three wrong answers cancel"
    );
}

// --- discovery on loopback ------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_feed_url_is_its_own_single_candidate() {
    let server = Server::start();
    server.ok("/rss", fixture("fixtures/antara-excerpt.xml"), None);
    let d = find(&server.url("/rss")).await.unwrap();
    assert!(!d.is_page);
    assert_eq!(d.probed, 0);
    assert_eq!(d.candidates.len(), 1);
    let c = &d.candidates[0];
    assert_eq!(c.url, server.url("/rss"));
    assert_eq!(
        c.title.as_deref(),
        Some("ANTARA News Lampung - Berita Terkini")
    );
    assert_eq!(c.items, 3);
    assert_eq!(c.source, Source::Direct);
    assert!(c.newest.is_some());
    assert_eq!(server.total_hits(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_leads_to_its_feeds_and_the_same_feed_is_offered_once() {
    let server = Server::start();
    let page = format!(
        r#"<!DOCTYPE html><html><head><title>Kabar</title>
        <link rel="alternate" type="application/rss+xml" title="Komentar" href="/comments/feed/">
        <link rel="alternate" type="application/rss+xml" title="Berita" href="/berita.xml">
        <link rel="alternate" type="application/atom+xml" href="{}">
        <link rel="alternate" type="application/rss+xml" href="/missing.xml">
        </head><body>hello</body></html>"#,
        server.url("/atom.xml")
    );
    server.html("/", page);
    server.ok("/berita.xml", fixture("fixtures/antara-excerpt.xml"), None);
    server.ok(
        "/comments/feed/",
        fixture("fixtures/radarlampung-seed.xml"),
        None,
    );
    server.route(
        "/atom.xml",
        Route::Ok {
            body: fixture("fixtures/katalampung-blogger.atom"),
            content_type: "application/atom+xml",
            etag: None,
        },
    );
    // The same feed again at a usual address, through a redirect: offered once.
    server.route("/rss", Route::Redirect("/berita.xml".into()));
    let d = find(&server.url("/")).await.unwrap();
    assert!(d.is_page);
    let urls: Vec<&str> = d.candidates.iter().map(|c| c.url.as_str()).collect();
    assert_eq!(
        urls,
        vec![
            server.url("/berita.xml"),
            server.url("/atom.xml"),
            server.url("/comments/feed/"),
        ],
        "announced order, comments last, /rss folded into /berita.xml"
    );
    assert_eq!(d.candidates[0].announced_title.as_deref(), Some("Berita"));
    assert_eq!(d.candidates[0].items, 3);
    assert!(d.candidates.iter().all(|c| c.source == Source::Announced));
    assert_eq!(server.hits("/missing.xml"), 1);
    assert!(d.probed <= MAX_PROBES);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wordpress_and_blogger_paths_are_tried() {
    let server = Server::start();
    server.html(
        "/",
        r#"<html><head><meta name="generator" content="WordPress 6.4"></head>
           <body><p>Tanpa link feed.</p></body></html>"#
            .into(),
    );
    server.ok("/feed/", fixture("fixtures/wordpress-full.xml"), None);
    let d = find(&server.url("/")).await.unwrap();
    assert_eq!(d.candidates.len(), 1);
    assert_eq!(d.candidates[0].url, server.url("/feed/"));
    assert_eq!(d.candidates[0].source, Source::Guessed);

    let server = Server::start();
    server.html(
        "/",
        r#"<html><head><meta name="generator" content="blogger"></head></html>"#.into(),
    );
    server.route(
        "/feeds/posts/default",
        Route::Ok {
            body: fixture("fixtures/katalampung-blogger.atom"),
            content_type: "application/atom+xml",
            etag: None,
        },
    );
    let d = find(&server.url("/")).await.unwrap();
    assert_eq!(d.candidates.len(), 1);
    assert_eq!(d.candidates[0].url, server.url("/feeds/posts/default"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn soft_404_pages_and_non_feeds_are_not_candidates() {
    let server = Server::start();
    server.html("/", "<!DOCTYPE html><html><body>home</body></html>".into());
    // A site that answers every usual path with a 200 HTML page.
    for p in ["/rss", "/feed", "/rss.xml", "/atom.xml", "/index.xml"] {
        server.html(
            p,
            "<!DOCTYPE html><html><body>not here</body></html>".into(),
        );
    }
    match find(&server.url("/")).await {
        Err(DiscoverError::NothingFound { url, why }) => {
            assert_eq!(url, server.url("/"));
            assert!(why.contains("web page"), "{why}");
            assert!(why.contains("announces no feed"), "{why}");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn probing_is_bounded_and_polite() {
    let server = Server::start();
    let mut links = String::new();
    for i in 0..20 {
        links.push_str(&format!(
            "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"/f{i}.xml\">\n"
        ));
        server.route(
            &format!("/f{i}.xml"),
            Route::Slow(Duration::from_millis(150), b"<html>no</html>".to_vec()),
        );
    }
    server.html("/", format!("<html><head>{links}</head></html>"));
    let r = find(&server.url("/")).await;
    assert!(
        matches!(r, Err(DiscoverError::NothingFound { .. })),
        "{r:?}"
    );
    assert_eq!(
        server.total_hits(),
        1 + MAX_PROBES,
        "the page plus at most 8 probes"
    );
    assert!(
        server
            .in_flight_max
            .load(std::sync::atomic::Ordering::SeqCst)
            <= 2,
        "per-host limit of 2 held"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreachable_url_is_a_fetch_error() {
    let server = Server::start();
    server.route("/gone", Route::Status(404));
    match find(&server.url("/gone")).await {
        Err(DiscoverError::Fetch { error, .. }) => assert_eq!(error.to_string(), "HTTP 404"),
        other => panic!("{other:?}"),
    }
}

// --- writing --------------------------------------------------------------------------------

fn cand(url: &str, title: Option<&str>) -> Candidate {
    Candidate {
        url: url.into(),
        title: title.map(Into::into),
        announced_title: None,
        items: 1,
        newest: None,
        source: Source::Direct,
    }
}

#[test]
fn feed_config_from_a_candidate() {
    let c = cand("https://x.example/feed/", Some("Kabar X"));
    let f = c.to_feed_config(None, &["lampung".into(), " ".into()]);
    assert_eq!(f.name.as_deref(), Some("Kabar X"));
    assert_eq!(f.tags, vec!["lampung".to_string()]);
    let f = c.to_feed_config(Some(" Mine\u{1b}[2J "), &[]);
    assert_eq!(f.name.as_deref(), Some("Mine"), "escape sequences dropped");
    assert_eq!(
        cand("https://x.example/feed/", None).label(),
        "x.example",
        "no title: the host"
    );
}

#[test]
fn adding_without_a_config_keeps_the_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    let feed = cand("https://x.example/feed/", Some("Kabar X")).to_feed_config(None, &[]);
    assert_eq!(
        add_to_config(&path, &feed).unwrap(),
        AddOutcome::Added {
            defaults_written: kabar::config::DEFAULT_FEEDS.len()
        }
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("# kabar configuration"), "{text}");
    let cfg = Config::parse(&text, "config.toml").unwrap();
    assert_eq!(cfg.feeds.len(), kabar::config::DEFAULT_FEEDS.len() + 1);
    assert_eq!(cfg.feeds.last().unwrap().url, "https://x.example/feed/");

    // Again: a duplicate, nothing written.
    let before = std::fs::read_to_string(&path).unwrap();
    assert!(matches!(
        add_to_config(&path, &feed).unwrap(),
        AddOutcome::Duplicate { .. }
    ));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
}

#[test]
fn adding_a_default_feed_without_a_config_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    let (name, url) = kabar::config::DEFAULT_FEEDS[1];
    let feed = FeedConfig {
        url: url.to_string(),
        ..FeedConfig::default()
    };
    assert_eq!(
        add_to_config(&path, &feed).unwrap(),
        AddOutcome::Duplicate {
            existing: name.to_string()
        }
    );
    assert!(!path.exists());
}

#[test]
fn a_page_nested_too_deep_is_read_from_its_head_only() {
    // A page of nested `<div>` (and of closers never opened) took html5ever minutes; the feed
    // links in its head are still found, without parsing the body.
    let head =
        r#"<html><head><link rel="alternate" type="application/rss+xml" href="/feed"></head>"#;
    for body in ["<div>".repeat(200_000), "<div></x>".repeat(200_000)] {
        let page = format!("{head}<body>{body}</body></html>");
        assert!(kabar::html::depth_exceeds(
            &page,
            kabar::article::extract::MAX_EXTRACT_DEPTH
        ));
        let info = read_page(&page, &Url::parse("https://www.example/").unwrap());
        assert_eq!(
            info.announced,
            vec![("https://www.example/feed".to_string(), None)]
        );
    }
}
