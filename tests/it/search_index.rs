//! The search index is filled after a refresh, not inside it: what a person sees of that.
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::{Server, config_dir, fixture, kabar};
use kabar::app::{App, Effect};
use kabar::config::{Config, FeedConfig};
use kabar::feed::parse::{ParsedFeed, ParsedItem};
use kabar::feed::refresh::{RefreshEvent, Summary};
use kabar::store::{FeedWrite, FetchMeta, FullText, ListQuery, NewArticle, NewFeed, Place, Store};

/// An empty store with one feed; returns it and the feed's id.
fn store_with_feed() -> (Store, i64) {
    let mut store = Store::open_in_memory().unwrap();
    store
        .sync_feeds(&[FeedConfig {
            url: "http://radar.example/feed".into(),
            name: Some("Radar".into()),
            tags: vec![],
            full_text: None,
            settings: Default::default(),
        }])
        .unwrap();
    let id = store.feeds().unwrap()[0].id;
    (store, id)
}

fn item(key: &str, title: &str, body: &str) -> ParsedItem {
    ParsedItem {
        key: key.into(),
        title: title.into(),
        link: Some(format!("https://radar.example/{key}")),
        content: Some(format!("<p>{body}</p>")),
        enclosures: Vec::new(),
        published: Some(1_700_000_000),
        ..ParsedItem::default()
    }
}

/// Store `items` the way a refresh does (no indexing).
fn refresh_store(store: &mut Store, id: i64, items: Vec<ParsedItem>) {
    let feed = ParsedFeed {
        items,
        ..ParsedFeed::default()
    };
    let feed = kabar::feed::ingest::prepare(feed);
    let meta = FetchMeta::default();
    let w = FeedWrite::Stored {
        feed_id: id,
        feed: &feed,
        meta: &meta,
    };
    store.apply_batch(&[w], 1000, 1_700_000_100).unwrap();
}

fn titles(store: &Store, q: &str) -> Vec<String> {
    store
        .search(q, 10)
        .unwrap()
        .into_iter()
        .map(|r| r.title)
        .collect()
}

#[test]
fn refreshed_articles_become_searchable_when_the_index_catches_up() {
    let (mut store, id) = store_with_feed();
    refresh_store(
        &mut store,
        id,
        vec![
            item("a", "Banjir rendam Mesuji", "Air setinggi lutut."),
            item("b", "Harga cabai naik", "Pedagang mengeluh di Pringsewu."),
        ],
    );
    // Stored and listed at once; the index is behind by exactly those two.
    assert_eq!(store.unindexed().unwrap(), 2);
    assert!(titles(&store, "banjir").is_empty());
    assert_eq!(kabar::feed::ingest::index_all(&mut store).unwrap(), 2);
    assert_eq!(store.unindexed().unwrap(), 0);
    assert_eq!(titles(&store, "banjir"), vec!["Banjir rendam Mesuji"]);
    assert_eq!(titles(&store, "pringsewu"), vec!["Harga cabai naik"]);
    // Nothing is indexed twice.
    assert_eq!(kabar::feed::ingest::index_all(&mut store).unwrap(), 0);
}

#[test]
fn an_indexed_article_that_changes_is_found_by_its_new_words_only() {
    let (mut store, id) = store_with_feed();
    refresh_store(&mut store, id, vec![item("a", "Banjir", "Kata lama.")]);
    kabar::feed::ingest::index_all(&mut store).unwrap();
    refresh_store(
        &mut store,
        id,
        vec![item("a", "Banjir", "Kata baru: tanggul jebol.")],
    );
    assert_eq!(
        store.unindexed().unwrap(),
        0,
        "an update is re-indexed at once"
    );
    assert_eq!(titles(&store, "tanggul"), vec!["Banjir"]);
    assert!(titles(&store, "lama").is_empty());
}

#[test]
fn full_text_fetched_before_indexing_is_what_gets_indexed() {
    let (mut store, id) = store_with_feed();
    refresh_store(
        &mut store,
        id,
        vec![item("a", "Kutipan", "Ringkasan saja.")],
    );
    let article = store.page(&Default::default(), 0, 1).unwrap()[0].id;
    kabar::feed::ingest::store_full_text(
        &mut store,
        article,
        &Ok("<p>Cerita lengkap tentang gajah Way Kambas.</p>".into()),
    )
    .unwrap();
    kabar::feed::ingest::index_all(&mut store).unwrap();
    assert_eq!(titles(&store, "gajah"), vec!["Kutipan"]);
}

#[test]
fn kabar_search_right_after_kabar_refresh_finds_the_new_articles() {
    let server = Server::start();
    server.ok("/antara.xml", fixture("fixtures/antara-excerpt.xml"), None);
    let dir = config_dir(&[("ANTARA Lampung", &server.url("/antara.xml"))], "");
    let (code, _, err) = kabar(dir.path(), &["refresh"]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = kabar(dir.path(), &["search", "benih padi"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("20 ton benih padi"), "{out}");
}

#[test]
fn the_reader_indexes_in_the_background_after_a_refresh_with_new_articles() {
    let store = Store::open_in_memory().unwrap();
    let mut app = App::new(store, Config::default());
    app.take_effects();
    let finished = |new_articles| {
        RefreshEvent::Finished(Summary {
            total: 1,
            updated: 1,
            new_articles,
            ..Summary::default()
        })
    };
    app.on_refresh(finished(0));
    assert!(!app.take_effects().contains(&Effect::IndexSearch));
    app.on_refresh(finished(3));
    assert_eq!(app.take_effects(), vec![Effect::IndexSearch]);
    // One indexer at a time.
    app.on_refresh(finished(2));
    assert!(app.take_effects().is_empty());
    app.on_indexed(Ok(5));
    assert!(!app.indexing);
    app.on_refresh(finished(1));
    assert_eq!(app.take_effects(), vec![Effect::IndexSearch]);
}

#[test]
fn a_search_while_the_index_is_behind_says_so_in_its_title() {
    let (mut store, id) = store_with_feed();
    refresh_store(&mut store, id, vec![item("a", "Banjir", "Air naik.")]);
    let config = Config {
        language: Some(kabar::i18n::Lang::En),
        ..Config::default()
    };
    let mut app = App::new(store, config);
    app.request_indexing();
    app.run_search("banjir");
    let title = &app.list.as_ref().unwrap().title;
    assert!(
        title.contains("1 newest article not searched yet"),
        "{title}"
    );
    // The background indexer reports back: the search runs again, complete.
    kabar::feed::ingest::index_all(&mut app.store).unwrap();
    app.on_indexed(Ok(1));
    let list = app.list.as_ref().unwrap();
    assert_eq!(list.title, "Search: banjir");
    assert_eq!(list.total, 1);
}

/// The store works out nothing itself: the place and the search text it is given are what the
/// Lampung view shows and what search finds, even when the article's words say otherwise.
#[test]
fn the_store_keeps_the_place_and_search_text_it_is_given() {
    let (mut store, id) = store_with_feed();
    let feed = |title: &str, search_text: Option<&str>| NewFeed {
        title: None,
        site_link: None,
        to_text: |_| panic!("the search text was given"),
        keep: None,
        articles: vec![NewArticle {
            key: "k".into(),
            title: title.into(),
            content: Some("<p>Presiden di Jakarta.</p>".into()),
            published: Some(1_700_000_000),
            place: Some(Place {
                region: "Mesuji".into(),
                matched: "Simpang Pematang".into(),
            }),
            search_text: search_text.map(str::to_string),
            ..NewArticle::default()
        }],
    };
    let meta = FetchMeta::default();
    let store_it = |store: &mut Store, f: &NewFeed| {
        let w = FeedWrite::Stored {
            feed_id: id,
            feed: f,
            meta: &meta,
        };
        store.apply_batch(&[w], 1000, 1_700_000_100).unwrap();
    };
    store_it(&mut store, &feed("Kunjungan", None));
    let lampung = ListQuery {
        lampung: true,
        ..ListQuery::default()
    };
    let rows = store.page(&lampung, 0, -1).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].place.as_deref(), Some("Simpang Pematang"));
    kabar::feed::ingest::index_all(&mut store).unwrap();
    assert_eq!(titles(&store, "presiden"), vec!["Kunjungan"]);

    // A changed article already indexed is indexed again with the text it comes with.
    store_it(&mut store, &feed("Kunjungan kerja", Some("kopi robusta")));
    assert_eq!(titles(&store, "robusta"), vec!["Kunjungan kerja"]);
    assert!(titles(&store, "presiden").is_empty());

    // A fetched page: the search text given is what search finds.
    let article = store.page(&ListQuery::default(), 0, 1).unwrap()[0].id;
    store
        .set_full_text(
            article,
            FullText::Fetched {
                text: "<p>Cerita lengkap.</p>",
                search_text: "gajah Way Kambas",
            },
        )
        .unwrap();
    assert_eq!(titles(&store, "gajah"), vec!["Kunjungan kerja"]);
    assert!(titles(&store, "robusta").is_empty());
    let a = store.article(article).unwrap().unwrap();
    assert_eq!(a.full_text.as_deref(), Some("<p>Cerita lengkap.</p>"));
}

#[test]
fn a_new_article_that_gets_a_deleted_articles_id_is_still_indexed() {
    let (mut store, id) = store_with_feed();
    let dated = |key: &str, title: &str, published: i64| ParsedItem {
        published: Some(published),
        ..item(key, title, "Isi berita.")
    };
    // The last one stored (the highest id) is the oldest: the cap drops it first.
    refresh_store(
        &mut store,
        id,
        vec![
            dated("a", "Banjir Mesuji", 1_700_000_300),
            dated("b", "Jalan rusak", 1_700_000_200),
            dated("c", "Lomba perahu", 1_700_000_100),
        ],
    );
    kabar::feed::ingest::index_all(&mut store).unwrap();
    // The cap is lowered: the next refresh keeps the two newest.
    let feed = kabar::feed::ingest::prepare(ParsedFeed::default());
    let meta = FetchMeta::default();
    let w = FeedWrite::Stored {
        feed_id: id,
        feed: &feed,
        meta: &meta,
    };
    store.apply_batch(&[w], 2, 1_700_000_400).unwrap();
    assert!(titles(&store, "perahu").is_empty());
    // SQLite hands the freed id to the next article: it must still reach the index.
    refresh_store(
        &mut store,
        id,
        vec![dated("d", "Gajah Way Kambas", 1_700_000_350)],
    );
    assert_eq!(store.unindexed().unwrap(), 1);
    kabar::feed::ingest::index_all(&mut store).unwrap();
    assert_eq!(titles(&store, "gajah"), vec!["Gajah Way Kambas"]);
}
