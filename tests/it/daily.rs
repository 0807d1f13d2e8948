//! Daily use: saved articles, search, the Lampung view — in the TUI (TestBackend) and headless.
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::app::{NOW, feed, store_fixtures};
use common::{Server, config_dir, fixture, kabar};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kabar::action::Action;
use kabar::app::{App, FeedEntry, Screen};
use kabar::config::{Config, FeedConfig};
use kabar::store::{FetchMeta, ListQuery, Store};

fn app() -> App {
    let mut store = Store::open_in_memory().unwrap();
    let files = [
        ("Lampung Post", "fixtures/wordpress-full.xml"),
        ("ANTARA Lampung", "fixtures/antara-excerpt.xml"),
        ("Kabar Kecil", "fixtures/broken-smallcms.xml"),
    ];
    let feeds: Vec<FeedConfig> = files
        .iter()
        .map(|(n, f)| feed(n, format!("http://feeds.example/{f}")))
        .collect();
    store_fixtures(&mut store, &feeds, &files.map(|(_, f)| f), NOW);
    let config = Config {
        feeds,
        language: Some(kabar::i18n::Lang::Id),
        ..Config::default()
    };
    let mut app = common::app::app(store, config, NOW);
    app.resize(100, 30);
    app
}

fn screen(app: &mut App) -> String {
    common::screen::draw(app).0
}

pub(crate) fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.search_key(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

#[test]
fn save_an_article_and_find_it_under_tersimpan() {
    let mut app = app();
    app.update(Action::Open); // all articles
    app.update(Action::ToggleSaved);
    let saved_id = app.list.as_ref().unwrap().selected_row().unwrap().id;
    assert!(app.list.as_ref().unwrap().selected_row().unwrap().saved);
    assert!(screen(&mut app).contains('★'));
    app.update(Action::Back);
    assert!(matches!(app.feeds[1], FeedEntry::Saved { total: 1 }));
    app.update(Action::Down);
    app.update(Action::Open);
    let list = app.list.as_ref().unwrap();
    assert_eq!(list.total, 1);
    assert_eq!(list.rows[0].id, saved_id);
    assert!(screen(&mut app).contains("Tersimpan"));
    app.update(Action::ToggleSaved);
    app.update(Action::Back);
    assert!(matches!(app.feeds[1], FeedEntry::Saved { total: 0 }));
}

#[test]
fn search_as_you_type_then_step_through_matches() {
    let mut app = app();
    app.update(Action::Search);
    assert!(screen(&mut app).contains("Cari:"));
    type_text(&mut app, "cab");
    assert_eq!(app.screen, Screen::Articles);
    // Up to three letters match whole words only (a short prefix is slow on a big store).
    assert_eq!(app.list.as_ref().unwrap().total, 0);
    type_text(&mut app, "a");
    let list = app.list.as_ref().unwrap();
    assert_eq!(list.total, 1, "prefix match while typing");
    assert!(list.rows[0].title.contains("Cabai"));
    type_text(&mut app, "i tugu");
    assert_eq!(app.list.as_ref().unwrap().total, 1);
    app.search_key(&KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    assert!(app.mode.search_input().is_none());
    app.update(Action::Open);
    app.finish_layout();
    assert_eq!(app.screen, Screen::Article);
    let start = app.reader.as_ref().unwrap().scroll;
    app.update(Action::NextUnread); // n: next match
    let first = app.reader.as_ref().unwrap().scroll;
    assert!(first > start);
    let (_, text) = app.reader.as_ref().unwrap().rendered.as_ref().unwrap();
    let line = text.lines[first].1.to_lowercase();
    assert!(line.contains("cabai") || line.contains("tugu"), "{line}");
    app.update(Action::ToggleRead); // N: previous match
    assert!(app.reader.as_ref().unwrap().scroll < first);

    // Nothing found, and body words are searched too.
    app.update(Action::Back);
    app.update(Action::Search);
    type_text(&mut app, "zzzz");
    assert_eq!(app.list.as_ref().unwrap().total, 0);
    assert!(screen(&mut app).contains("Tidak ada artikel yang cocok"));
    app.search_key(&KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    app.update(Action::Search);
    type_text(&mut app, "Sumberjaya");
    assert_eq!(app.list.as_ref().unwrap().total, 1, "found in the body");
}

#[test]
fn lampung_view_shows_only_lampung_places_with_the_place() {
    let mut app = app();
    app.update(Action::ToggleLampung);
    assert_eq!(app.screen, Screen::Articles);
    let list = app.list.as_ref().unwrap().clone();
    let all = app.store.count(&ListQuery::default()).unwrap();
    assert!(
        list.total > 0 && list.total < all,
        "{} of {all}",
        list.total
    );
    assert!(list.rows.iter().all(|r| r.place.is_some()));
    // ANTARA's "Jakarta (ANTARA)" story is national.
    assert!(
        !list
            .rows
            .iter()
            .any(|r| r.title.starts_with("Menteri tinjau"))
    );
    let s = screen(&mut app);
    assert!(s.contains("Lampung"), "{s}");
    assert!(s.contains(" · "), "the place is shown:\n{s}");
    app.update(Action::ToggleLampung);
    assert_eq!(app.list.as_ref().unwrap().total, all);
}

#[test]
fn headless_search_saved_and_lampung() {
    let server = Server::start();
    server.ok("/antara.xml", fixture("fixtures/antara-excerpt.xml"), None);
    server.ok("/lampost.xml", fixture("fixtures/wordpress-full.xml"), None);
    let dir = config_dir(
        &[
            ("ANTARA Lampung", &server.url("/antara.xml")),
            ("Lampung Post", &server.url("/lampost.xml")),
        ],
        "max_items_per_feed = 2\n",
    );
    kabar(dir.path(), &["refresh"]);
    let (code, out, _) = kabar(dir.path(), &["search", "krakatau", "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 0, "capped away: {out}");
    let (_, out, _) = kabar(dir.path(), &["search", "benih", "padi", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let hit = &v.as_array().unwrap()[0];
    assert!(hit["title"].as_str().unwrap().contains("benih padi"));
    let id = hit["id"].as_i64().unwrap().to_string();

    assert_eq!(kabar(dir.path(), &["save", &id]).0, 0);
    let (_, out, _) = kabar(dir.path(), &["list", "--saved", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["saved"], true);

    let (_, out, _) = kabar(dir.path(), &["list", "--lampung"]);
    assert!(
        out.contains("[Bandarlampung]") || out.contains("[Tanggamus]"),
        "{out}"
    );
    assert!(!out.contains("Menteri tinjau"), "{out}");
    let (code, _, _) = kabar(dir.path(), &["unsave", "999999"]);
    assert_eq!(code, 1);
}

#[test]
fn saved_articles_survive_the_item_cap() {
    let server = Server::start();
    server.ok("/antara.xml", fixture("fixtures/antara-excerpt.xml"), None);
    let dir = config_dir(
        &[("ANTARA", &server.url("/antara.xml"))],
        "max_items_per_feed = 1\n",
    );
    kabar(dir.path(), &["refresh"]);
    let (_, out, _) = kabar(dir.path(), &["list", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1, "cap holds: {out}");
    let kept = v[0]["id"].as_i64().unwrap().to_string();
    kabar(dir.path(), &["save", &kept]);
    // A newer story arrives; the saved one stays although it is now beyond the cap.
    let newer = String::from_utf8(fixture("fixtures/antara-excerpt.xml"))
        .unwrap()
        .replacen(
            "<item>",
            "<item><title>Berita terbaru</title><link>https://lampung.antaranews.example/berita/1/baru</link><guid>baru-1</guid><pubDate>Wed, 30 Jul 2025 10:00:00 +0700</pubDate><description>Bandarlampung (ANTARA) - Berita terbaru.</description></item><item>",
            1,
        );
    server.ok("/antara.xml", newer, None);
    kabar(dir.path(), &["refresh"]);
    let (_, out, _) = kabar(dir.path(), &["list", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let ids: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_i64().unwrap().to_string())
        .collect();
    assert!(ids.contains(&kept), "saved article kept: {out}");
    assert!(
        v.as_array()
            .unwrap()
            .iter()
            .any(|a| a["title"] == "Berita terbaru")
    );
}

#[test]
fn search_ranks_title_matches_first_and_takes_no_fts_syntax() {
    use kabar::feed::parse::{ParsedFeed, ParsedItem};
    let mut store = Store::open_in_memory().unwrap();
    store
        .sync_feeds(&[FeedConfig {
            url: "http://a.example/feed".into(),
            ..FeedConfig::default()
        }])
        .unwrap();
    let id = store.feeds().unwrap()[0].id;
    let item = |key: &str, title: &str, body: &str, ts: i64| ParsedItem {
        key: key.into(),
        title: title.into(),
        content: Some(format!("<p>{body}</p>")),
        enclosures: Vec::new(),
        published: Some(ts),
        ..ParsedItem::default()
    };
    let feed = ParsedFeed {
        items: vec![
            // Newest, but the word is only in passing in the body.
            item(
                "a",
                "Rapat anggaran DPRD",
                "Rapat juga membahas banjir sekilas.",
                300,
            ),
            item(
                "b",
                "Banjir rendam Mesuji",
                "Banjir merendam rumah; warga mengungsi dari banjir.",
                100,
            ),
            item("c", "Harga cabai naik", "Pedagang mengeluh.", 200),
        ],
        ..ParsedFeed::default()
    };
    kabar::feed::ingest::store_feed(&mut store, id, &feed, &FetchMeta::default(), 1000, 400)
        .unwrap();
    let hits = store.search("banjir", 10).unwrap();
    let titles: Vec<&str> = hits.iter().map(|h| h.title.as_str()).collect();
    assert_eq!(titles, vec!["Banjir rendam Mesuji", "Rapat anggaran DPRD"]);
    // Prefixes match as you type; FTS syntax typed by a person is just text; `OR` is the query
    // language's (see tests/it/query.rs) and a query that cannot be read finds nothing.
    assert_eq!(store.search("banj", 10).unwrap().len(), 2);
    assert_eq!(store.search("banjir OR cabai", 10).unwrap().len(), 3);
    assert_eq!(store.search("banjir NEAR cabai", 10).unwrap().len(), 0);
    assert!(store.search("\"unbalanced (", 10).unwrap().is_empty());
    assert!(store.search("*", 10).unwrap().is_empty());
}
