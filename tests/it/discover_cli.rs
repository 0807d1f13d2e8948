//! `kabar add`, `kabar remove` and `kabar check` on a temp config dir, against loopback.
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::{Route, Server, config_dir, fixture, kabar};
use kabar::config::Config;
use std::path::Path;

fn load(dir: &Path) -> Config {
    let text = std::fs::read_to_string(dir.join("config.toml")).unwrap();
    Config::parse(&text, "config.toml").unwrap()
}

fn urls(dir: &Path) -> Vec<String> {
    load(dir).feeds.into_iter().map(|f| f.url).collect()
}

/// A page announcing two feeds (relative and absolute hrefs).
fn two_feed_site() -> Server {
    let server = Server::start();
    let page = format!(
        r#"<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>Kabar</title>
        <link rel="alternate" type="application/rss+xml" title="Berita Terkini" href="/rss/terkini.xml">
        <link rel="alternate" type="application/atom+xml" title="Kata Lampung" href="{}">
        </head><body><p>Beranda</p></body></html>"#,
        server.url("/atom/default")
    );
    server.html("/", page);
    server.ok(
        "/rss/terkini.xml",
        fixture("fixtures/antara-excerpt.xml"),
        None,
    );
    server.route(
        "/atom/default",
        Route::Ok {
            body: fixture("fixtures/katalampung-blogger.atom"),
            content_type: "application/atom+xml",
            etag: None,
        },
    );
    server
}

#[test]
fn add_a_feed_url_directly() {
    let server = Server::start();
    server.ok(
        "/radar.xml",
        fixture("fixtures/radarlampung-seed.xml"),
        None,
    );
    let dir = config_dir(&[], "");
    let url = server.url("/radar.xml");
    let (code, out, err) = kabar(dir.path(), &["add", &url, "--tag", "lampung"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("added Radar Lampung"), "{out}");
    assert!(out.contains("1 item,"), "{out}");
    let cfg = load(dir.path());
    assert_eq!(cfg.feeds.len(), 1);
    assert_eq!(cfg.feeds[0].url, url);
    assert_eq!(cfg.feeds[0].name.as_deref(), Some("Radar Lampung"));
    assert_eq!(cfg.feeds[0].tags, vec!["lampung".to_string()]);
    // The settings written by hand are still there.
    let text = std::fs::read_to_string(dir.path().join("config.toml")).unwrap();
    assert!(
        text.starts_with("refresh_on_start = false\ntimeout_seconds = 3\n"),
        "{text}"
    );
    // add does not touch the store.
    assert!(!dir.path().join("kabar.db").exists());
}

#[test]
fn add_with_a_name() {
    let server = Server::start();
    server.ok(
        "/radar.xml",
        fixture("fixtures/radarlampung-seed.xml"),
        None,
    );
    let dir = config_dir(&[], "");
    let url = server.url("/radar.xml");
    let (code, out, err) = kabar(dir.path(), &["add", &url, "--name", "Radar"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(load(dir.path()).feeds[0].name.as_deref(), Some("Radar"));
}

#[test]
fn add_from_a_page_with_one_announced_feed() {
    let server = Server::start();
    server.html(
        "/index.html",
        r#"<!DOCTYPE html><html><head>
        <link rel="alternate" type="application/rss+xml" title="Radar &amp; Co" href="feeds/radar.xml">
        </head><body></body></html>"#
            .into(),
    );
    server.ok(
        "/feeds/radar.xml",
        fixture("fixtures/radarlampung-seed.xml"),
        None,
    );
    let dir = config_dir(&[], "");
    let (code, out, err) = kabar(dir.path(), &["add", &server.url("/index.html")]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(urls(dir.path()), vec![server.url("/feeds/radar.xml")]);
    assert!(out.contains("added Radar Lampung"), "{out}");
}

#[test]
fn add_from_a_wordpress_page_finds_slash_feed() {
    let server = Server::start();
    server.html(
        "/",
        r#"<!DOCTYPE html><html><head><meta name="generator" content="WordPress 6.5">
        </head><body><img src="/wp-content/uploads/x.jpg"></body></html>"#
            .into(),
    );
    server.ok("/feed/", fixture("fixtures/wordpress-full.xml"), None);
    let dir = config_dir(&[], "");
    let (code, out, err) = kabar(dir.path(), &["add", &server.url("/")]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(urls(dir.path()), vec![server.url("/feed/")]);
    assert_eq!(
        load(dir.path()).feeds[0].name.as_deref(),
        Some("Lampost.co")
    );
    assert_eq!(server.hits("/feed/"), 1);
}

#[test]
fn several_feeds_with_yes_takes_the_first() {
    let server = two_feed_site();
    let dir = config_dir(&[], "");
    let (code, out, err) = kabar(dir.path(), &["add", &server.url("/"), "--yes"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("found 2 feeds"), "{err}");
    assert_eq!(urls(dir.path()), vec![server.url("/rss/terkini.xml")]);
}

#[test]
fn several_feeds_without_a_terminal_lists_them_and_exits_2() {
    let server = two_feed_site();
    let dir = config_dir(&[], "");
    let before = std::fs::read_to_string(dir.path().join("config.toml")).unwrap();
    let (code, out, err) = kabar(dir.path(), &["add", &server.url("/")]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(out.contains("found 2 feeds"), "{out}");
    assert!(
        out.contains(&format!(
            "1. ANTARA News Lampung - Berita Terkini  (3 items)  {}",
            server.url("/rss/terkini.xml")
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "2. Kata Lampung  (1 item)  {}",
            server.url("/atom/default")
        )),
        "{out}"
    );
    assert!(err.contains("--yes"), "{err}");
    let after = std::fs::read_to_string(dir.path().join("config.toml")).unwrap();
    assert_eq!(before, after, "nothing written");
}

#[test]
fn duplicate_url_changes_nothing() {
    let server = Server::start();
    server.ok(
        "/radar.xml",
        fixture("fixtures/radarlampung-seed.xml"),
        None,
    );
    let url = server.url("/radar.xml");
    let dir = config_dir(&[("Radar", &url)], "");
    let before = std::fs::read_to_string(dir.path().join("config.toml")).unwrap();
    let (code, out, err) = kabar(dir.path(), &["add", &url]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("already in the feed list as Radar"), "{out}");
    assert_eq!(server.total_hits(), 0, "no need to fetch a known URL");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("config.toml")).unwrap(),
        before
    );

    // Found through a page: the same.
    server.html(
        "/",
        r#"<html><head><link rel="alternate" type="application/rss+xml" href="/radar.xml"></head></html>"#
            .into(),
    );
    let (code, out, err) = kabar(dir.path(), &["add", &server.url("/")]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("already in the feed list"), "{out}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("config.toml")).unwrap(),
        before
    );
}

#[test]
fn invalid_url_exits_2_and_nothing_found_exits_1() {
    let dir = config_dir(&[], "");
    for bad in ["ftp://example.com/feed", "not a url", "javascript:alert(1)"] {
        let (code, out, err) = kabar(dir.path(), &["add", bad]);
        assert_eq!(code, 2, "{bad}: {out}{err}");
        assert!(err.starts_with("kabar: "), "{err}");
        assert!(err.contains("URL"), "{err}");
    }
    let server = Server::start();
    server.html(
        "/",
        "<!DOCTYPE html><html><body>no feeds</body></html>".into(),
    );
    let (code, _, err) = kabar(dir.path(), &["add", &server.url("/")]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("no feed found at"), "{err}");
    server.route("/down", Route::Status(500));
    let (code, _, err) = kabar(dir.path(), &["add", &server.url("/down")]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("HTTP 500"), "{err}");
}

#[test]
fn add_without_a_config_writes_the_defaults_first() {
    let server = Server::start();
    server.ok(
        "/radar.xml",
        fixture("fixtures/radarlampung-seed.xml"),
        None,
    );
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = kabar(dir.path(), &["add", &server.url("/radar.xml")]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("wrote the 8 default feeds"), "{out}");
    let cfg = load(dir.path());
    assert_eq!(cfg.feeds.len(), 9);
    assert_eq!(cfg.feeds[0].name.as_deref(), Some("ANTARA Lampung"));
    assert_eq!(cfg.feeds[8].url, server.url("/radar.xml"));
}

const COMMENTED: &str = "# my kabar\nrefresh_on_start = false # by hand\n\n\
    # the local one\n[[feeds]]\nurl = \"https://radar.example/rss\"\nname = \"Radar\"\n\n\
    [[feeds]]\n# national\nurl = \"https://antara.example/rss/terkini.xml\"\nname = \"ANTARA\"\n\n\
    [[feeds]]\nurl = \"https://teras.example/feed/\"\n\n# the end\n";

#[test]
fn remove_by_name_and_by_url_keeps_comments() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, COMMENTED).unwrap();
    let (code, out, err) = kabar(dir.path(), &["remove", "antara"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("removed ANTARA"), "{out}");
    let (code, out, err) = kabar(dir.path(), &["remove", "HTTPS://teras.example/feed/"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("removed https://teras.example/feed/"), "{out}");
    assert_eq!(
        urls(dir.path()),
        vec!["https://radar.example/rss".to_string()]
    );
    let text = std::fs::read_to_string(&path).unwrap();
    for kept in ["# my kabar", "# by hand", "# the local one", "# the end"] {
        assert!(text.contains(kept), "{kept} lost:\n{text}");
    }
    let (code, _, err) = kabar(dir.path(), &["remove", "Nowhere"]);
    assert_eq!(code, 1);
    assert!(err.contains("no feed named \"Nowhere\""), "{err}");
}

#[test]
fn remove_without_a_config_writes_the_other_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = kabar(dir.path(), &["remove", "Lampung Post"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("wrote the 8 default feeds"), "{out}");
    let cfg = load(dir.path());
    assert_eq!(cfg.feeds.len(), 7);
    assert!(
        cfg.feeds
            .iter()
            .all(|f| f.name.as_deref() != Some("Lampung Post"))
    );
    // Not found with no config: nothing written at all.
    let dir = tempfile::tempdir().unwrap();
    let (code, _, _) = kabar(dir.path(), &["remove", "Nowhere"]);
    assert_eq!(code, 1);
    assert!(!dir.path().join("config.toml").exists());
}

fn check_setup() -> (Server, tempfile::TempDir) {
    let server = Server::start();
    server.ok(
        "/radar.xml",
        fixture("fixtures/radarlampung-seed.xml"),
        None,
    );
    server.ok("/antara.xml", fixture("fixtures/antara-excerpt.xml"), None);
    server.route("/gone.xml", Route::Status(404));
    let dir = config_dir(
        &[
            ("Radar Lampung", &server.url("/radar.xml")),
            ("ANTARA Lampung", &server.url("/antara.xml")),
            ("Hilang", &server.url("/gone.xml")),
        ],
        "",
    );
    (server, dir)
}

#[test]
fn check_prints_a_table_and_fails_when_a_feed_fails() {
    let (server, dir) = check_setup();
    let (code, out, err) = kabar(dir.path(), &["check"]);
    assert_eq!(code, 1, "{out}{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("FEED"), "{out}");
    for col in ["STATUS", "TYPE", "ITEMS", "NEWEST", "BODIES"] {
        assert!(lines[0].contains(col), "{out}");
    }
    let row = |name: &str| {
        *lines
            .iter()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("{name} missing:\n{out}"))
    };
    let radar = row("Radar Lampung");
    for part in [
        "200",
        "application/rss+xml",
        " 1 ",
        "22 Apr 2019 15:40 WIB",
        "full",
    ] {
        assert!(radar.contains(part), "{part} not in {radar:?}");
    }
    let antara = row("ANTARA Lampung");
    for part in ["200", " 3 ", "22 Jul 2025 18:47 WIB", "excerpt"] {
        assert!(antara.contains(part), "{part} not in {antara:?}");
    }
    let gone = row("Hilang");
    assert!(gone.contains("404"), "{gone:?}");
    assert!(gone.contains("HTTP 404"), "{gone:?}");
    assert!(out.contains("3 feeds: 2 ok, 1 failed"), "{out}");
    // The NEWEST column starts at the same place on every row.
    let at = lines[0].find("NEWEST").unwrap();
    assert_eq!(radar.find("22 Apr").unwrap(), at, "{out}");
    assert_eq!(antara.find("22 Jul").unwrap(), at, "{out}");
    // Nothing stored.
    assert!(!dir.path().join("kabar.db").exists());
    assert_eq!(server.hits("/radar.xml"), 1);
}

#[test]
fn check_json() {
    let (_server, dir) = check_setup();
    let (code, out, err) = kabar(dir.path(), &["check", "--json"]);
    assert_eq!(code, 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), 3);
    assert_eq!(arr[0]["name"], "Radar Lampung");
    assert_eq!(arr[0]["ok"], true);
    assert_eq!(arr[0]["http_status"], 200);
    assert_eq!(arr[0]["content_type"], "application/rss+xml; charset=utf-8");
    assert_eq!(arr[0]["items"], 1);
    assert_eq!(arr[0]["newest"], "2019-04-22T15:40:00+07:00");
    assert_eq!(arr[0]["newest_wib"], "22 Apr 2019 15:40 WIB");
    assert_eq!(arr[0]["bodies"], "full");
    assert!(arr[0]["error"].is_null());
    assert_eq!(arr[1]["name"], "ANTARA Lampung");
    assert_eq!(arr[1]["items"], 3);
    assert_eq!(arr[1]["bodies"], "excerpt");
    assert_eq!(arr[2]["name"], "Hilang");
    assert_eq!(arr[2]["ok"], false);
    assert_eq!(arr[2]["http_status"], 404);
    assert_eq!(arr[2]["error"], "HTTP 404");
    assert!(arr[2]["items"].is_null());
}

#[test]
fn check_all_ok_exits_0_and_reports_parse_failures() {
    let server = Server::start();
    server.ok(
        "/radar.xml",
        fixture("fixtures/radarlampung-seed.xml"),
        None,
    );
    let dir = config_dir(&[("Radar", &server.url("/radar.xml"))], "");
    let (code, out, err) = kabar(dir.path(), &["check"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("1 feed: 1 ok, 0 failed"), "{out}");

    server.html("/page", "<!DOCTYPE html><html></html>".into());
    let dir = config_dir(&[("Halaman", &server.url("/page"))], "");
    let (code, out, _) = kabar(dir.path(), &["check", "--json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["ok"], false);
    assert_eq!(v[0]["http_status"], 200);
    assert!(v[0]["error"].as_str().unwrap().contains("HTML"), "{v}");
}
