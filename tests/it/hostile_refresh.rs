//! Every hostile and malformed feed of `tests/hostile/` plus every fixture, served from one
//! loopback server and fetched in ONE refresh: the refresh ends within its timeouts, good feeds
//! are stored, bad ones are recovered or fail with one clean line, and no stored, drawn or
//! printed string carries a control, escape or bidi character.
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::app::{Refreshed, refresh_all, refresh_within};
use common::{Route, Server, assert_clean, config_dir, is_forbidden, kabar};
use kabar::action::Action;
use kabar::app::{App, Screen};
use kabar::config::Config;
use kabar::feed::refresh::{FeedOutcome, RefreshEvent, RefreshParams};
use kabar::net::fetch::FetchSettings;
use kabar::store::{ListQuery, Store};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const TIMEOUT_SECS: u64 = 3;

/// What a correct reader does with each file (see tests/hostile/MANIFEST.md).
#[derive(Debug, Clone, Copy)]
enum Expect {
    /// Stored with exactly this many items.
    Items(i64),
    /// Stored with at least one item.
    SomeItems,
    /// Fails, and the error mentions one of these (lower-cased) words.
    Fails(&'static [&'static str]),
    /// Either recovered (some items) or a clean failure.
    Either,
}

fn expectation(file: &str) -> Expect {
    match file {
        "fmt-rss20-baseline.rss" => Expect::Items(5),
        "fmt-rss10-rdf.rdf" => Expect::Items(2),
        "fmt-jsonfeed-11.json" => Expect::Items(3),
        "xml-xxe.rss" => Expect::Items(3),
        "guid-missing.rss" => Expect::Items(5),
        "link-schemes.rss" => Expect::Items(20),
        "date-garbage.rss" => Expect::Items(17),
        "text-long-fields.rss" => Expect::Items(3),
        "html-deep-nesting.rss" => Expect::Items(3),
        "notfeed-html.html" => Expect::Fails(&["html"]),
        "notfeed-empty.xml" => Expect::Fails(&["kosong", "empty"]),
        "truncated-mid-item.rss" => Expect::Fails(&["tidak dapat dibaca", "truncated"]),
        "import-hostile.opml" => Expect::Fails(&["not a feed", "bukan feed"]),
        // Recovery is preferred; a clean failure is acceptable.
        "enc-utf8-declared-latin1-bytes.rss" | "xml-html-entities-bare-amp.rss" => Expect::Either,
        _ => Expect::SomeItems,
    }
}

fn content_type(file: &str) -> &'static str {
    match Path::new(file).extension().and_then(|e| e.to_str()) {
        Some("rss") | Some("rdf") => "application/rss+xml",
        Some("atom") => "application/atom+xml",
        Some("json") => "application/feed+json",
        Some("html") => "text/html; charset=utf-8",
        Some("opml") => "text/x-opml",
        _ => "application/xml",
    }
}

/// Every served file, as (name relative to tests/, bytes).
fn corpus() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut out = Vec::new();
    for (dir, exts) in [
        ("hostile", None),
        ("fixtures", Some(&["xml", "atom", "json"][..])),
    ] {
        let mut names: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .collect();
        names.sort();
        for p in names {
            let name = p.file_name().unwrap().to_str().unwrap().to_string();
            if name.starts_with('.') || name.ends_with(".md") {
                continue;
            }
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
            if let Some(exts) = exts
                && !exts.contains(&ext)
            {
                continue;
            }
            let key = if dir == "hostile" {
                name
            } else {
                format!("fixtures/{name}")
            };
            out.push((key, std::fs::read(&p).unwrap()));
        }
    }
    assert!(out.len() >= 30, "corpus incomplete: {}", out.len());
    out
}

fn params(db: &Path) -> RefreshParams {
    let config = Config {
        per_host: 4,
        timeout_seconds: TIMEOUT_SECS,
        ..Config::default()
    };
    let mut p = RefreshParams::from_config(&config, db.to_path_buf());
    p.fetch = FetchSettings {
        timeout: Duration::from_secs(TIMEOUT_SECS),
        total_timeout: Duration::from_secs(TIMEOUT_SECS) * kabar::net::fetch::TOTAL_TIMEOUT_FACTOR,
        connect_timeout: Duration::from_secs(2),
        max_bytes: 10 * 1024 * 1024,
        user_agent: "kabar-test".into(),
        max_redirects: 5,
        // Loopback servers only: as with allow_private_links = true.
        policy: kabar::net::private::NetPolicy::allow_private(),
    };
    p
}

fn bad_cell(sym: &str) -> Option<char> {
    sym.chars().find(|c| is_forbidden(*c, false))
}

/// Draw the app into a TestBackend and assert every cell is clean; returns the screen text.
fn draw_clean(app: &mut App, term: &mut Terminal<TestBackend>, what: &str) -> String {
    term.draw(|f| kabar::ui::draw(f, app)).unwrap();
    let buf = term.backend().buffer();
    for (i, cell) in buf.content().iter().enumerate() {
        let sym = cell.symbol();
        if let Some(c) = bad_cell(sym) {
            let (x, y) = buf.pos_of(i);
            panic!("{what}: cell ({x},{y}) holds U+{:04X} ({sym:?})", c as u32);
        }
    }
    common::screen::text(buf)
}

/// Render every stored article in the TUI at `w`x`h`: "all articles", then Open / Back / Down.
fn render_all(db: &Path, w: u16, h: u16, expected: i64, events: &[RefreshEvent]) {
    let (store, _) = Store::open(db).unwrap();
    let config = Config::default();
    let mut app = App::new(store, config);
    app.resize(w, h);
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    draw_clean(&mut app, &mut term, "feed list");
    // The refresh as the TUI hears of it: progress, and the result line naming every failure.
    app.refresh_started(&[]);
    for ev in events {
        app.on_refresh(ev.clone());
        draw_clean(&mut app, &mut term, &format!("refresh event {ev:?}"));
    }
    if let Some(st) = &app.status {
        assert_clean("status line", &st.text, false);
    }
    // Every feed row, including failed ones with their error.
    for i in 0..app.feeds.len() {
        app.feed_selected = i;
        draw_clean(&mut app, &mut term, &format!("feed list row {i}"));
    }
    app.feed_selected = 0;
    app.update(Action::Open);
    assert_eq!(app.screen, Screen::Articles);
    assert_eq!(app.list.as_ref().unwrap().total, expected);
    let mut seen = 0;
    let mut slowest = (Duration::ZERO, 0);
    for i in 0..expected {
        let sel = app.list.as_ref().unwrap().selected;
        assert_eq!(sel, i, "selection walks the list");
        draw_clean(&mut app, &mut term, &format!("{w}x{h} list at {i}"));
        let t_open = Instant::now();
        app.update(Action::Open);
        app.finish_layout(); // the worker's part, timed with the open
        let took_open = t_open.elapsed();
        assert_eq!(app.screen, Screen::Article, "article {i} opens");
        let id = app.reader.as_ref().unwrap().article.id;
        // Every laid-out line, not only what fits on the first screen.
        let (_, text) = app.reader.as_ref().unwrap().rendered.clone().unwrap();
        for (_, l) in &text.lines {
            assert_clean(&format!("article {id} line"), l, false);
        }
        for l in &text.links {
            assert_clean(&format!("article {id} link"), l, false);
        }
        draw_clean(&mut app, &mut term, &format!("{w}x{h} article {id}"));
        // Scroll a few pages of long articles too.
        for page in 0..5 {
            if app.reader.as_ref().unwrap().scroll + (h as usize) >= text.lines.len() {
                break;
            }
            app.update(Action::PageDown);
            draw_clean(
                &mut app,
                &mut term,
                &format!("{w}x{h} article {id} page {page}"),
            );
        }
        app.update(Action::Back);
        assert_eq!(app.screen, Screen::Articles);
        // Down loads the next article's preview in a wide terminal: time it with the open.
        let t_down = Instant::now();
        app.update(Action::Down);
        app.finish_layout();
        let took = took_open + t_down.elapsed();
        if took > slowest.0 {
            slowest = (took, id);
        }
        seen += 1;
    }
    assert_eq!(seen, expected);
    eprintln!(
        "{w}x{h}: slowest article open/preview {:?} (article {})",
        slowest.0, slowest.1
    );
}

#[test]
fn one_refresh_of_every_hostile_feed() {
    let files = corpus();
    let server = Server::start();
    let mut feeds: Vec<(String, String)> = Vec::new();
    for (i, (name, bytes)) in files.iter().enumerate() {
        let path = format!("/f/{i}/{}", name.replace('/', "_"));
        server.route(
            &path,
            Route::Ok {
                body: bytes.clone(),
                content_type: content_type(name),
                etag: None,
            },
        );
        feeds.push((name.clone(), server.url(&path)));
    }
    let list: Vec<(&str, &str)> = feeds
        .iter()
        .map(|(n, u)| (n.as_str(), u.as_str()))
        .collect();
    let dir = config_dir(&list, "per_host = 4\n");
    let db = dir.path().join("kabar.db");
    let config = Config::load(&dir.path().join("config.toml")).unwrap();
    let (mut store, _) = Store::open(&db).unwrap();
    store.sync_feeds(&config.feeds).unwrap();
    assert_eq!(store.targets(&[]).unwrap().len(), files.len());
    drop(store);

    // ONE refresh of everything.
    let Refreshed {
        outcomes,
        summary,
        events,
        took,
    } = refresh_within(&db, params(&db), Duration::from_secs(TIMEOUT_SECS * 4 + 20));
    assert!(
        took < Duration::from_secs(TIMEOUT_SECS * 4 + 10),
        "took {took:?}"
    );
    assert_eq!(outcomes.len(), files.len(), "one outcome per feed");
    assert_eq!(summary.total, files.len());

    // Per-file expectations.
    let (store, _) = Store::open(&db).unwrap();
    let mut report = String::new();
    let mut total_articles = 0;
    for (name, _) in &files {
        let f = store.find_feed(name).unwrap().expect("feed row");
        let out = &outcomes[name];
        report.push_str(&format!(
            "{name}: {} ({}/{}) err={:?}\n",
            out.line(),
            f.unread,
            f.total,
            f.last_error
        ));
        total_articles += f.total;
        match (expectation(name), out) {
            (Expect::Items(n), FeedOutcome::Updated { .. }) => {
                assert_eq!(f.total, n, "{name}: {out:?}")
            }
            (Expect::SomeItems, FeedOutcome::Updated { .. }) => {
                assert!(f.total > 0, "{name}: stored nothing")
            }
            (Expect::Fails(words), FeedOutcome::Failed(why)) => {
                let low = why.to_lowercase();
                assert!(
                    words.iter().any(|w| low.contains(w)),
                    "{name}: unclear error {why:?}"
                );
                assert_eq!(f.total, 0, "{name}: nothing stored from a failed feed");
            }
            (Expect::Either, FeedOutcome::Updated { .. }) => {}
            (Expect::Either, FeedOutcome::Failed(_)) => {}
            (e, o) => panic!("{name}: expected {e:?}, got {o:?}"),
        }
        if let FeedOutcome::Failed(why) = out {
            let stored = f.last_error.as_deref().expect("failure recorded");
            assert_eq!(stored, why, "{name}: the same error is shown and stored");
            assert!(
                !why.trim().is_empty() && why.chars().count() <= 400,
                "{name}: {why:?}"
            );
        } else {
            assert!(f.last_error.is_none(), "{name}: {:?}", f.last_error);
        }
    }
    eprintln!("{report}");

    // A few content checks where the manifest is specific.
    let baseline = store.find_feed("fmt-rss20-baseline.rss").unwrap().unwrap();
    let rows = store
        .page(
            &ListQuery {
                feed: Some(baseline.id),
                unread_only: false,
                ..Default::default()
            },
            0,
            -1,
        )
        .unwrap();
    assert!(
        rows.iter()
            .all(|r| r.link.as_deref().is_some_and(|l| l.starts_with("http")))
    );
    let w1252 = store.find_feed("enc-windows-1252.rss").unwrap().unwrap();
    let rows = store
        .page(
            &ListQuery {
                feed: Some(w1252.id),
                unread_only: false,
                ..Default::default()
            },
            0,
            -1,
        )
        .unwrap();
    let all: String = rows.iter().map(|r| r.title.as_str()).collect();
    assert!(
        all.contains('€') || all.contains('é'),
        "windows-1252 decoded: {all:?}"
    );

    // Every stored string is clean.
    let feeds = store.feeds().unwrap();
    for f in &feeds {
        assert_clean("feed display", &f.display, false);
        if let Some(t) = &f.title {
            assert_clean(&format!("feed {} title", f.display), t, false);
        }
        if let Some(e) = &f.last_error {
            assert_clean(&format!("feed {} last_error", f.display), e, false);
        }
    }
    let rows = store.page(&ListQuery::default(), 0, -1).unwrap();
    assert_eq!(rows.len() as i64, total_articles);
    for r in &rows {
        let a = store.article(r.id).unwrap().unwrap();
        let what = format!("article {} of {}", a.id, a.feed);
        assert_clean(&format!("{what} title"), &a.title, false);
        assert_clean(&format!("{what} feed"), &a.feed, false);
        if let Some(x) = &a.author {
            assert_clean(&format!("{what} author"), x, false);
        }
        if let Some(x) = &a.link {
            assert_clean(&format!("{what} link"), x, false);
            assert!(
                kabar::text::safe_link(x).is_some(),
                "{what}: stored link is not a safe http(s) link: {x:?}"
            );
        }
        if let Some(x) = &a.summary {
            assert_clean(&format!("{what} summary"), x, true);
        }
        if let Some(x) = &a.content {
            assert_clean(&format!("{what} content"), x, true);
        }
    }
    drop(store);

    // Every stored article through the TUI, narrow and wide (opening marks each one read).
    let t = Instant::now();
    render_all(&db, 80, 24, total_articles, &events);
    render_all(&db, 160, 40, total_articles, &events);
    eprintln!("TUI pass: {:?}", t.elapsed());

    // A second refresh with every body changed by one byte (so nothing is skipped as
    // unchanged): identities are stable, so nothing is new, and every read mark is kept.
    for (i, (name, bytes)) in files.iter().enumerate() {
        let mut body = bytes.clone();
        body.push(b'\n');
        server.route(
            &format!("/f/{i}/{}", name.replace('/', "_")),
            Route::Ok {
                body,
                content_type: content_type(name),
                etag: None,
            },
        );
    }
    let again = refresh_all(&db, params(&db)).summary;
    assert_eq!(again.new_articles, 0, "{again:?}");
    assert_eq!(again.failed.len(), summary.failed.len(), "{again:?}");
    let (store, _) = Store::open(&db).unwrap();
    for f in store.feeds().unwrap() {
        assert_eq!(f.unread, 0, "{}: read marks kept", f.display);
    }
    assert_eq!(store.count(&ListQuery::default()).unwrap(), total_articles);
    drop(store);

    // And through the CLI on the same config dir.
    let t = Instant::now();
    let (code, out, err) = kabar(dir.path(), &["list", "--json"]);
    assert_eq!(code, 0, "{err}");
    assert_clean("list --json stdout", &out, true);
    assert_clean("list --json stderr", &err, true);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len() as i64, total_articles);
    let mut ids = Vec::new();
    for a in arr {
        for (k, val) in a.as_object().unwrap() {
            if let Some(s) = val.as_str() {
                assert_clean(&format!("list --json {k}"), s, false);
            }
        }
        ids.push(a["id"].as_i64().unwrap());
    }
    let (code, out, err) = kabar(dir.path(), &["list"]);
    assert_eq!(code, 0, "{err}");
    assert_clean("list stdout", &out, true);
    for args in [&["feeds"][..], &["feeds", "--json"][..]] {
        let (code, out, err) = kabar(dir.path(), args);
        assert_eq!(code, 0, "{err}");
        assert_clean(&format!("{args:?} stdout"), &out, true);
        assert_clean(&format!("{args:?} stderr"), &err, true);
        if args.len() == 2 {
            let v: serde_json::Value = serde_json::from_str(&out).unwrap();
            for f in v.as_array().unwrap() {
                for (k, val) in f.as_object().unwrap() {
                    if let Some(s) = val.as_str() {
                        assert_clean(&format!("feeds --json {k}"), s, false);
                    }
                }
            }
        }
    }
    for id in ids {
        let (code, out, err) = kabar(dir.path(), &["show", &id.to_string(), "--width", "80"]);
        assert_eq!(code, 0, "show {id}: {err}");
        assert_clean(&format!("show {id} stdout"), &out, true);
        assert_clean(&format!("show {id} stderr"), &err, true);
        assert!(!out.contains('\t'), "show {id}: tabs expanded");
        assert!(
            out.lines().all(|l| kabar::text::width::width(l) <= 80),
            "show {id}: a line wider than 80"
        );
    }
    // `kabar refresh` itself, with every body changed once more: its lines and its log are clean.
    for (i, (name, bytes)) in files.iter().enumerate() {
        let mut body = bytes.clone();
        body.extend_from_slice(b"\n\n");
        server.route(
            &format!("/f/{i}/{}", name.replace('/', "_")),
            Route::Ok {
                body,
                content_type: content_type(name),
                etag: None,
            },
        );
    }
    let (code, out, err) = kabar(dir.path(), &["refresh"]);
    assert_eq!(code, 0, "{err}");
    assert_clean("refresh stdout", &out, true);
    assert_clean("refresh stderr", &err, true);
    assert_eq!(out.lines().count(), files.len() + 1, "{out}");
    assert!(out.contains("0 new articles"), "{out}");
    let log = std::fs::read(dir.path().join("kabar.log")).unwrap_or_default();
    assert_clean("kabar.log", &String::from_utf8_lossy(&log), true);
    eprintln!("CLI pass: {:?}", t.elapsed());
    assert!(!Path::new("/tmp/pwned").exists());
}
