//! Views in the reader's feed list, rules at refresh, and `kabar rules` / `kabar list --query`
//! through the binary.

use crate::common::screen::render;
use crate::common::{Server, config_dir, kabar, listed};
use crate::daily::type_text;
use crate::query::fixture_store;
use kabar::action::Action;
use kabar::app::{FeedEntry, Screen};
use kabar::config::Config;

const VIEWS: &str = r#"
[[views]]
name = "Banjir & longsor"
query = "banjir OR longsor"

[[views]]
name = "Metro"
query = "place:Metro unread"
"#;

#[test]
fn views_show_in_the_feed_list_with_counts_and_open_as_lists() {
    let config = Config::parse(VIEWS, "config.toml").unwrap();
    let mut app = crate::common::app::app(fixture_store(), config, crate::common::app::NOW);
    app.reload_feeds();
    let screen = render(&mut app, 100, 12);
    let line = |name: &str| {
        screen
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} not in\n{screen}"))
            .to_string()
    };
    assert!(line("Banjir & longsor").contains("5/5"), "{screen}");
    assert!(
        line("Banjir & longsor").contains("banjir OR longsor"),
        "{screen}"
    );
    assert!(line("Metro ").contains("2/2"), "{screen}");
    // Views come after "all" and "saved", before the feeds.
    let i = app
        .feeds
        .iter()
        .position(|e| matches!(e, FeedEntry::View { .. }))
        .unwrap();
    assert_eq!(i, 2);
    app.feed_selected = i;
    app.update(Action::Open);
    assert_eq!(app.screen, Screen::Articles);
    let screen = render(&mut app, 100, 12);
    for title in [
        "Banjir rendam Kota Metro",
        "Longsor di Tanggamus",
        "Banjir Jakarta meluas",
    ] {
        assert!(screen.contains(title), "{title} not in\n{screen}");
    }
    // "Gempa Cianjur" has "longsor" in its text.
    assert!(
        screen.contains("Gempa Cianjur") && !screen.contains("Festival"),
        "{screen}"
    );
    // Reading one lowers the view's unread count in the feed list.
    app.update(Action::Open);
    app.update(Action::Back);
    app.update(Action::Back);
    let screen = render(&mut app, 100, 12);
    assert!(
        screen
            .lines()
            .any(|l| l.contains("Banjir & longsor") && l.contains("4/5")),
        "{screen}"
    );
    // Marking the view read marks its articles only.
    app.feed_selected = i;
    app.update(Action::MarkFeedRead);
    assert_eq!(app.feeds[i].counts(), (0, 5));
    assert!(app.feeds[0].counts().0 > 0);
}

#[test]
fn a_view_updates_as_articles_arrive() {
    let config = Config::parse(VIEWS, "config.toml").unwrap();
    let mut app = crate::common::app::app(fixture_store(), config, crate::common::app::NOW);
    app.reload_feeds();
    assert_eq!(app.feeds[2].counts(), (5, 5));
    let feed_id = app.store.feeds().unwrap()[0].id;
    let parsed = kabar::feed::parse::ParsedFeed {
        items: vec![kabar::feed::parse::ParsedItem {
            key: "new".into(),
            title: "Banjir susulan di Metro".into(),
            published: Some(crate::common::app::NOW - 60),
            ..Default::default()
        }],
        ..Default::default()
    };
    let meta = kabar::store::FetchMeta::default();
    kabar::feed::ingest::store_feed(&mut app.store, feed_id, &parsed, &meta, 100, 0).unwrap();
    app.on_indexed(Ok(1));
    assert_eq!(app.feeds[2].counts(), (6, 6));
    assert_eq!(app.feeds[3].counts(), (3, 3));
}

#[test]
fn a_bad_view_or_rule_is_named_with_its_line() {
    let text = "language = \"en\"\n\n[[views]]\nname = \"Banjir\"\nquery = \"banjir OR\"\n";
    let e = Config::parse(text, "config.toml").unwrap_err().to_string();
    assert_eq!(
        e,
        "config.toml line 5: view \"Banjir\": at 8: OR needs something on both sides"
    );
    let text = "language = \"en\"\n[[rules]]\nquery = \"gempa\"\naction = \"delete\"\n";
    let e = Config::parse(text, "config.toml").unwrap_err().to_string();
    assert!(
        e.contains("line 4") && e.contains("unknown rule action"),
        "{e}"
    );
    let text = "language = \"en\"\n[[rules]]\nquery = \"place:Jakarta\"\naction = \"hide\"\n";
    let e = Config::parse(text, "config.toml").unwrap_err().to_string();
    assert!(
        e.contains("line 3") && e.contains("not a kabupaten/kota"),
        "{e}"
    );
}

/// A feed of four items: a quake, a flood, sport and an ad.
fn rss() -> String {
    let item = |i: usize, title: &str, body: &str| {
        format!(
            "<item><guid>g{i}</guid><title>{title}</title><link>https://berita.example/{i}</link>\
             <description>{body}</description><pubDate>Mon, 01 Dec 2025 0{i}:00:00 +0700</pubDate></item>"
        )
    };
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Berita</title>{}{}{}{}</channel></rss>",
        item(1, "Gempa guncang Lampung Barat", "BMKG mencatat gempa."),
        item(2, "Banjir di Kota Metro", "Air naik sejak pagi."),
        item(3, "Skor sepak bola tadi malam", "Hasil liga."),
        item(4, "Promo diskon besar", "Iklan."),
    )
}

const RULES: &str = r#"
[[rules]]
query = "gempa"
action = "notify"

[[rules]]
query = "promo OR diskon"
action = "hide"

[[rules]]
query = "title:\"sepak bola\""
action = "read"

[[rules]]
query = "banjir"
action = "tag:bencana"
"#;

fn served() -> Server {
    let server = Server::start();
    server.ok("/rss", rss(), None);
    server
}

#[test]
fn rules_run_at_refresh_and_notify_lines_are_printed() {
    let server = served();
    let dir = config_dir(&[("Berita", &server.url("/rss"))], RULES);
    let (code, out, err) = kabar(dir.path(), &["refresh"]);
    assert_eq!(code, 0, "{err}");
    let alerts: Vec<&str> = out.lines().filter(|l| l.starts_with("Alert:")).collect();
    assert_eq!(
        alerts,
        ["Alert: Berita: Gempa guncang Lampung Barat https://berita.example/1"],
        "{out}"
    );
    // A second refresh announces nothing again.
    let (_, out, _) = kabar(dir.path(), &["refresh"]);
    assert!(!out.contains("Alert:"), "{out}");
    // Hidden: listed, searched and counted nowhere.
    let (_, out, _) = kabar(dir.path(), &["list"]);
    assert_eq!(out.lines().count(), 3, "{out}");
    assert!(!out.contains("Promo"), "{out}");
    let (_, out, _) = kabar(dir.path(), &["search", "promo"]);
    assert_eq!(out, "");
    let (_, out, _) = kabar(dir.path(), &["feeds"]);
    assert!(out.contains("Berita  2/3"), "{out}");
    // Read by a rule; tagged by a rule.
    let (_, out, _) = kabar(dir.path(), &["list", "--query", "unread"]);
    assert!(!out.contains("Skor"), "{out}");
    let (_, out, _) = kabar(dir.path(), &["list", "--query", "tag:bencana"]);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains("Banjir di Kota Metro"), "{out}");
}

#[test]
fn rules_test_and_apply_through_the_binary() {
    let server = served();
    let dir = config_dir(&[("Berita", &server.url("/rss"))], RULES);
    kabar(dir.path(), &["refresh"]);
    // `rules test` shows what would match, hidden articles too.
    let (code, out, _) = kabar(dir.path(), &["rules", "test", "promo OR gempa"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("Promo diskon besar") && out.contains("Gempa guncang"),
        "{out}"
    );
    assert!(out.ends_with("2 articles match\n"), "{out}");
    // A bad query says where, with a caret, and exits 2.
    let (code, _, err) = kabar(dir.path(), &["rules", "test", "gempa OR"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("at 7: OR needs something on both sides"),
        "{err}"
    );
    assert!(err.contains("  gempa OR\n        ^"), "{err}");
    // Without the hide rule, `rules apply` brings the hidden article back.
    let config = std::fs::read_to_string(dir.path().join("config.toml")).unwrap();
    let without = config.replace("action = \"hide\"", "action = \"save\"");
    std::fs::write(dir.path().join("config.toml"), without).unwrap();
    let (code, out, err) = kabar(dir.path(), &["rules", "apply"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("promo OR diskon -> save: 1 article"), "{out}");
    // How many each rule matches, though the quake was announced at refresh already.
    assert!(out.contains("gempa -> notify: 1 article\n"), "{out}");
    assert!(out.contains("banjir -> tag:bencana: 1 article\n"), "{out}");
    let (_, out, _) = kabar(dir.path(), &["list", "--saved"]);
    assert!(out.contains("Promo diskon besar"), "{out}");
    let (_, out, _) = kabar(dir.path(), &["list", "--query", "promo", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
}

#[test]
fn list_query_combines_with_the_other_filters() {
    let server = served();
    let dir = config_dir(&[("Berita", &server.url("/rss"))], "");
    kabar(dir.path(), &["refresh"]);
    let (code, out, _) = kabar(
        dir.path(),
        &["list", "--query", "gempa OR banjir", "--lampung"],
    );
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 2, "{out}");
    let (_, out, _) = kabar(dir.path(), &["list", "--query", "place:metro"]);
    assert!(
        out.contains("Banjir di Kota Metro") && out.lines().count() == 1,
        "{out}"
    );
    let (code, _, err) = kabar(dir.path(), &["list", "--query", "since:besok"]);
    assert_eq!(code, 2);
    assert!(err.contains("since:besok is not understood"), "{err}");
}

#[test]
fn the_example_views_and_rules_parse() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/config.example.toml"))
        .unwrap();
    let cfg = Config::parse(&text, "config.toml").unwrap();
    assert_eq!(cfg.views.len(), 2);
    // The rules are commented out: uncommented, they parse too.
    let rules: String = text
        .lines()
        .filter_map(|l| l.strip_prefix("# "))
        .filter(|l| {
            l.starts_with("[[rules]]") || l.starts_with("query =") || l.starts_with("action =")
        })
        .map(|l| format!("{l}\n"))
        .collect();
    let cfg = Config::parse(&rules, "config.toml").unwrap();
    assert_eq!(cfg.rules.len(), 3);
    assert_eq!(
        cfg.rules[2].action,
        kabar::config::RuleAction::Tag("bencana".into())
    );
}

#[test]
fn slash_search_takes_the_query_language_and_says_where_it_is_wrong() {
    let config = Config {
        language: Some(kabar::i18n::Lang::En),
        ..Config::default()
    };
    let mut app = crate::common::app::app(fixture_store(), config, crate::common::app::NOW);
    app.update(Action::Search);
    type_text(&mut app, "(banjir -jakarta)");
    let titles = |app: &kabar::app::App| -> Vec<String> {
        app.list
            .as_ref()
            .unwrap()
            .rows
            .iter()
            .map(|r| r.title.clone())
            .collect()
    };
    assert_eq!(titles(&app).len(), 2, "{:?}", titles(&app));
    assert!(!titles(&app).iter().any(|t| t.contains("Jakarta")));
    // Half-typed syntax: the title says where (the prompt covers the status line).
    type_text(&mut app, " OR");
    let screen = render(&mut app, 100, 12);
    assert!(
        screen.contains("at 19: OR needs something on both sides"),
        "{screen}"
    );
    assert_eq!(titles(&app).len(), 2, "the results of the last query stay");
    type_text(&mut app, " place:tanggamus");
    assert_eq!(titles(&app).len(), 3, "{:?}", titles(&app));
    // Highlighting in the article uses the query's words, not its syntax.
    assert_eq!(app.search_terms().unwrap(), vec!["banjir".to_string()]);
}

#[test]
fn the_reader_says_what_a_notify_rule_matched_and_hides_what_a_hide_rule_matched() {
    let config = Config::parse(
        "language = \"en\"\n[[rules]]\nquery = \"gempa\"\naction = \"notify\"\n\
         [[rules]]\nquery = \"title:promo\"\naction = \"hide\"\n",
        "config.toml",
    )
    .unwrap();
    let mut store = fixture_store();
    store.sync_rules(&config.feeds, &config.rules).unwrap();
    let mut app = crate::common::app::app(store, config, crate::common::app::NOW);
    app.reload_feeds();
    let before = app.feeds[0].counts();
    let feed_id = app.store.feeds().unwrap()[0].id;
    let item = |key: &str, title: &str| kabar::feed::parse::ParsedItem {
        key: key.into(),
        title: title.into(),
        published: Some(crate::common::app::NOW - 60),
        ..Default::default()
    };
    let parsed = kabar::feed::parse::ParsedFeed {
        items: vec![
            item("q", "Gempa susulan di Lampung Barat"),
            item("p", "Promo ponsel murah"),
        ],
        ..Default::default()
    };
    let meta = kabar::store::FetchMeta::default();
    // Stored as a refresh stores it; the rules run as the index catches up.
    let stored = kabar::feed::ingest::prepare(parsed);
    app.store
        .apply_feed(feed_id, &stored, &meta, 100, crate::common::app::NOW)
        .unwrap();
    kabar::feed::ingest::index_all(&mut app.store).unwrap();
    app.on_indexed(Ok(2));
    let screen = render(&mut app, 100, 12);
    assert!(
        screen.contains("Alert: Gempa susulan di Lampung Barat"),
        "{screen}"
    );
    // The bell and a desktop notification (OSC 9), sent by the loop at the terminal.
    let alert = kabar::app::Effect::Alert {
        text: "Alert: Gempa susulan di Lampung Barat".into(),
        feed: "Radar Lampung".into(),
        title: "Gempa susulan di Lampung Barat".into(),
    };
    assert!(app.take_effects().contains(&alert));
    // notify_command: an argument list, each placeholder one argument, never a shell.
    let cmd: Vec<String> = ["notify-send", "{feed}", "Kabar: {title}"]
        .map(String::from)
        .to_vec();
    assert_eq!(
        kabar::tui::notify_argv(&cmd, "Radar; rm -rf ~", "Gempa $(id)").unwrap(),
        ["notify-send", "Radar; rm -rf ~", "Kabar: Gempa $(id)"]
    );
    assert_eq!(kabar::tui::notify_argv(&[], "a", "b"), None);
    assert_eq!(
        kabar::tui::alert("Alert: Gempa\x1b]52;c;x\x07 susulan", false),
        "\x07\x1b]9;Alert: Gempa susulan\x07"
    );
    assert_eq!(
        kabar::tui::alert("Gempa", true),
        "\x07\x1bPtmux;\x1b\x1b]9;Gempa\x07\x1b\\"
    );
    // One new article counts; the hidden one nowhere.
    assert_eq!(app.feeds[0].counts(), (before.0 + 1, before.1 + 1));
    app.feed_selected = 0;
    app.update(Action::Open);
    let screen = render(&mut app, 100, 30);
    assert!(
        screen.contains("Gempa susulan") && !screen.contains("Promo"),
        "{screen}"
    );
}

/// A store of schema 8 (before views and rules) keeps its articles and counts, and hiding
/// then counts the hidden article nowhere; a rule change brings it back.
#[test]
fn a_v8_store_upgrades_and_hidden_articles_come_back_when_the_rule_goes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kabar.db");
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        kabar::store::schema::apply(&conn, 0, 8).unwrap();
        conn.execute_batch(
            "INSERT INTO feeds(id, url, name, active, position, unread, total)
                VALUES(1, 'http://a.example/f', 'A', 1, 0, 1, 2);
             INSERT INTO articles(feed_id, key, title, published, seen_at, read)
                VALUES(1, 'k1', 'Promo ponsel murah', 2, 2, 0);
             INSERT INTO articles(feed_id, key, title, published, seen_at, read)
                VALUES(1, 'k2', 'Banjir di Mesuji', 1, 1, 1);",
        )
        .unwrap();
    }
    let (mut store, _) = kabar::store::Store::open(&db).unwrap();
    let feeds = [crate::common::app::feed("A", "http://a.example/f")];
    assert_eq!(
        (
            store.feeds().unwrap()[0].unread,
            store.feeds().unwrap()[0].total
        ),
        (1, 2)
    );
    let hide = Config::parse(
        "[[rules]]\nquery = \"promo\"\naction = \"hide\"\n",
        "config.toml",
    )
    .unwrap();
    store.sync_rules(&feeds, &hide.rules).unwrap();
    kabar::feed::ingest::index_all(&mut store).unwrap();
    let when = kabar::store::When {
        now: 10,
        utc_offset: 0,
    };
    assert_eq!(store.apply_rules_to_all(when).unwrap().matched, vec![1]);
    let f = &store.feeds().unwrap()[0];
    assert_eq!((f.unread, f.total), (0, 1), "hidden: counted nowhere");
    assert!(store.search("promo", 10).unwrap().is_empty());
    assert_eq!(
        store
            .page(&kabar::store::ListQuery::default(), 0, -1)
            .unwrap()
            .len(),
        1
    );
    // Reading or deleting a hidden article changes no count.
    let id = store
        .query_ids(&kabar::query::parse("promo").unwrap(), when)
        .unwrap()[0];
    store.set_read(&[id], true).unwrap();
    store.set_read(&[id], false).unwrap();
    assert_eq!(store.feeds().unwrap()[0].unread, 0);
    // Without the rule, `rules apply` brings it back, unread as it was.
    store.sync_rules(&feeds, &[]).unwrap();
    store.apply_rules_to_all(when).unwrap();
    let f = &store.feeds().unwrap()[0];
    assert_eq!((f.unread, f.total), (1, 2));
    assert_eq!(store.search("promo", 10).unwrap().len(), 1);
}

/// With rules, a refresh's writer indexes what it stores and puts it through the rules in the
/// same transaction: a hidden article is never listed, not even before the index catches up,
/// and a tag is there at once. When older articles still wait for the indexer, the new ones
/// wait with them, and the catch-up applies the rules to all.
#[test]
fn with_rules_the_writer_indexes_and_applies_them_as_it_stores() {
    let config = Config::parse(
        "[[rules]]\nquery = \"promo\"\naction = \"hide\"\n\
         [[rules]]\nquery = \"banjir\"\naction = \"tag:bencana\"\n",
        "config.toml",
    )
    .unwrap();
    let when = kabar::store::When {
        now: crate::common::app::NOW,
        utc_offset: 7 * 3600,
    };
    let shown = |store: &kabar::store::Store, q: &str| -> Vec<String> {
        let q = kabar::query::parse(q).unwrap();
        let rows = store.query_page(&q, when, 0, 100).unwrap();
        rows.into_iter().map(|r| r.title).collect()
    };
    let item = |key: &str, title: &str, body: &str| kabar::feed::parse::ParsedItem {
        key: key.into(),
        title: title.into(),
        content: Some(body.into()),
        published: Some(crate::common::app::NOW - 60),
        ..Default::default()
    };
    let parsed = kabar::feed::parse::ParsedFeed {
        items: vec![
            item("p1", "Ponsel murah", "<p>Promo akhir tahun.</p>"),
            item("b1", "Warga mengungsi", "<p>Banjir setinggi lutut.</p>"),
        ],
        ..Default::default()
    };
    let meta = kabar::store::FetchMeta::default();
    for indexed_before in [true, false] {
        let mut store = fixture_store();
        let feed_id = store.feeds().unwrap()[0].id;
        if !indexed_before {
            // Stored by a refresh without rules: waiting for the indexer.
            let older = kabar::feed::parse::ParsedFeed {
                items: vec![item("o1", "Aspal mulus", "<p>Promo aspal.</p>")],
                ..Default::default()
            };
            let older = kabar::feed::ingest::prepare(older);
            store
                .apply_feed(feed_id, &older, &meta, 100, crate::common::app::NOW)
                .unwrap();
        }
        store.sync_rules(&[], &config.rules).unwrap();
        store.index_on_write(true);
        let waiting = store.unindexed().unwrap();
        assert_eq!(waiting, i64::from(!indexed_before));
        let stored = kabar::feed::ingest::prepare_with(parsed.clone(), true);
        store
            .apply_feed(feed_id, &stored, &meta, 100, crate::common::app::NOW)
            .unwrap();
        if indexed_before {
            assert_eq!(store.unindexed().unwrap(), 0);
            assert_eq!(shown(&store, "ponsel"), Vec::<String>::new());
            assert_eq!(shown(&store, "tag:bencana"), ["Warga mengungsi"]);
        } else {
            assert_eq!(store.unindexed().unwrap(), waiting + 2);
            assert_eq!(shown(&store, "tag:bencana"), Vec::<String>::new());
            kabar::feed::ingest::index_all(&mut store).unwrap();
            assert_eq!(shown(&store, "tag:bencana"), ["Warga mengungsi"]);
            assert_eq!(shown(&store, "aspal"), Vec::<String>::new());
        }
        assert_eq!(shown(&store, "title:ponsel"), Vec::<String>::new());
    }
}

/// `since:` a date starts at midnight in the configured zone, in a rule run as the refresh
/// indexes (the store keeps the zone) just as in `kabar list --query`.
#[test]
fn a_rule_with_a_date_runs_in_the_configured_zone() {
    let item = |i: usize, title: &str, at: &str| {
        format!(
            "<item><guid>z{i}</guid><title>{title}</title><link>https://berita.example/z{i}</link>\
             <description>Isi.</description><pubDate>{at}</pubDate></item>"
        )
    };
    let rss = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Berita</title>{}{}</channel></rss>",
        // 01:00 on 2 December in Jayapura (WIT), still 1 December in Jakarta (WIB).
        item(
            1,
            "Kapal sandar di Jayapura",
            "Tue, 01 Dec 2026 16:00:00 +0000"
        ),
        item(2, "Pasar malam dibuka", "Tue, 01 Dec 2026 14:00:00 +0000"),
    );
    let server = Server::start();
    server.ok("/rss", rss, None);
    let rules = "timezone = \"Asia/Jayapura\"\n\n[[rules]]\nquery = \"since:2026-12-02\"\naction = \"read\"\n";
    let dir = config_dir(&[("Berita", &server.url("/rss"))], rules);
    let (code, _, err) = kabar(dir.path(), &["refresh"]);
    assert_eq!(code, 0, "{err}");
    let titles = |args: &[&str]| -> Vec<String> {
        let (code, out, err) = kabar(dir.path(), &[&["list", "--json"], args].concat());
        assert_eq!(code, 0, "{err}");
        listed(&out)
            .iter()
            .map(|a| a["title"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(titles(&["--unread"]), ["Pasar malam dibuka"]);
    assert_eq!(
        titles(&["--query", "since:2026-12-02"]),
        ["Kapal sandar di Jayapura"]
    );
}

/// A `/` search with words lists the best matches first: day headings would repeat the same
/// days between them, so that list has none; a search without words stays newest first, with
/// its headings.
#[test]
fn ranked_search_results_have_no_day_headings() {
    let config = Config {
        language: Some(kabar::i18n::Lang::En),
        ..Config::default()
    };
    let mut app = crate::common::app::app(fixture_store(), config, crate::common::app::NOW);
    let headings = |app: &kabar::app::App| {
        app.list_lines(20)
            .iter()
            .filter(|l| matches!(l, kabar::app::headings::ListLine::Heading(_)))
            .count()
    };
    app.update(Action::Search);
    type_text(&mut app, "banjir");
    assert!(app.list.as_ref().unwrap().rows.len() > 1);
    assert_eq!(headings(&app), 0);
    app.search_key(&crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Esc,
        crossterm::event::KeyModifiers::NONE,
    ));
    app.update(Action::Search);
    type_text(&mut app, "unread");
    let list = app.list.as_ref().unwrap();
    assert!(!list.ranked && list.rows.len() > 1, "{}", list.title);
    assert!(headings(&app) > 0);
}
