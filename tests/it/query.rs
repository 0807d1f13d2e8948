//! The query language over a small fixture store: what each query matches, the errors of
//! malformed ones, and that no query string panics or reaches SQL as text.

use crate::common::app::{NOW, feed_tagged};
use kabar::feed::parse::{ParsedFeed, ParsedItem};
use kabar::query::{Query, parse};
use kabar::store::{FetchMeta, Store, When, compile};
use proptest::prelude::*;

const HOUR: i64 = 3600;
const DAY: i64 = 86_400;
const WIB: When = When {
    now: NOW,
    utc_offset: 7 * 3600,
};

/// (key, title, body, author, age in seconds): three feeds' articles.
type Item = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    i64,
);

const RADAR: &[Item] = &[
    (
        "r1",
        "Banjir rendam Kota Metro",
        "Hujan deras sejak pagi membuat banjir di Metro Pusat.",
        Some("Andi Saputra"),
        HOUR,
    ),
    (
        "r2",
        "Longsor di Tanggamus tutup jalan",
        "Jalan lintas barat tertutup longsor.",
        Some("Budi"),
        2 * DAY,
    ),
    (
        "r3",
        "Harga cabai naik di Bandar Lampung",
        "Pedagang pasar mengeluh harga cabai merah.",
        Some("Andi Saputra"),
        10 * DAY,
    ),
    (
        "r4",
        "Gempa magnitudo 5 guncang Lampung Barat",
        "BMKG mencatat gempa tektonik.",
        Some("Citra"),
        3 * HOUR,
    ),
];
const KOMPAS: &[Item] = &[
    (
        "k1",
        "Banjir Jakarta meluas",
        "Banjir di Jakarta Utara merendam ribuan rumah.",
        Some("Dewi"),
        5 * HOUR,
    ),
    (
        "k2",
        "Gempa Cianjur: korban bertambah",
        "Tim SAR mencari korban longsor akibat gempa.",
        Some("Eko"),
        20 * DAY,
    ),
    (
        "k3",
        "Pemilu 2024: KPU umumkan hasil",
        "Hasil rekapitulasi suara nasional.",
        None,
        40 * DAY,
    ),
];
const TRIBUN: &[Item] = &[
    (
        "t1",
        "Banjir bandang di Pesawaran",
        "Warga mengungsi akibat banjir bandang.",
        Some("Fajar"),
        HOUR / 2,
    ),
    (
        "t2",
        "Jalan rusak dikeluhkan warga Metro",
        "Warga meminta perbaikan jalan.",
        Some("Andi"),
        6 * DAY,
    ),
    (
        "t3",
        "Festival Krakatau digelar",
        "Festival budaya tahunan di Bandar Lampung, 3 hari.",
        Some("Gita"),
        DAY + HOUR,
    ),
];

/// The fixture store: three tagged feeds, ten articles, some read or saved.
pub(crate) fn fixture_store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let feeds = [
        feed_tagged(
            "http://radar.example/feed",
            Some("Radar Lampung"),
            &["lampung", "daerah"],
        ),
        feed_tagged(
            "http://kompas.example/rss",
            Some("Kompas Nasional"),
            &["nasional"],
        ),
        feed_tagged(
            "http://tribun.example/rss",
            Some("Tribun Lampung"),
            &["Lampung"],
        ),
    ];
    store.sync_feeds(&feeds).unwrap();
    store.sync_rules(&feeds, &[]).unwrap();
    let rows = store.feeds().unwrap();
    for (row, items) in rows.iter().zip([RADAR, KOMPAS, TRIBUN]) {
        let parsed = ParsedFeed {
            items: items
                .iter()
                .map(|(key, title, body, author, age)| ParsedItem {
                    key: key.to_string(),
                    title: title.to_string(),
                    link: Some(format!("https://news.example/{key}")),
                    author: author.map(str::to_string),
                    published: Some(NOW - age),
                    content: Some(format!("<p>{body}</p>")),
                    enclosures: Vec::new(),
                    ..ParsedItem::default()
                })
                .collect(),
            ..ParsedFeed::default()
        };
        kabar::feed::ingest::store_feed(
            &mut store,
            row.id,
            &parsed,
            &FetchMeta::default(),
            100,
            NOW,
        )
        .unwrap();
    }
    let ids = key_ids(&store);
    store.set_read(&[ids["r3"], ids["k3"]], true).unwrap();
    store.set_saved(&[ids["r2"], ids["t3"]], true).unwrap();
    store
}

/// Each article's id by its key.
fn key_ids(store: &Store) -> std::collections::HashMap<String, i64> {
    let all = store.query_page(&Query::All, WIB, 0, -1).unwrap();
    all.into_iter()
        .map(|r| {
            let key = r.link.unwrap().rsplit('/').next().unwrap().to_string();
            (key, r.id)
        })
        .collect()
}

/// The keys of the articles `q` matches, sorted.
fn matches(store: &Store, q: &str) -> Vec<String> {
    let parsed = parse(q).unwrap_or_else(|e| panic!("{q:?}: {e}"));
    let mut keys: Vec<String> = store
        .query_page(&parsed, WIB, 0, -1)
        .unwrap()
        .into_iter()
        .map(|r| r.link.unwrap().rsplit('/').next().unwrap().to_string())
        .collect();
    keys.sort();
    keys
}

/// Queries and the articles they match (by key, sorted).
const TABLE: &[(&str, &str)] = &[
    // Free words, as the search always had them: every word required, any case.
    ("banjir", "k1 r1 t1"),
    ("BANJIR", "k1 r1 t1"),
    ("banjir bandang", "t1"),
    ("banjir jakarta", "k1"),
    ("gempa", "k2 r4"),
    ("longsor", "k2 r2"),
    ("cabai", "r3"),
    ("banjir kemarau", ""),
    // An exact phrase against the same words apart.
    ("\"harga cabai\"", "r3"),
    ("\"cabai harga\"", ""),
    ("\"banjir bandang\"", "t1"),
    // Not.
    ("banjir -jakarta", "r1 t1"),
    ("gempa -cianjur", "r4"),
    ("-banjir -gempa -longsor", "k3 r3 t2 t3"),
    ("banjir -\"banjir bandang\"", "k1 r1"),
    // Fields.
    ("title:banjir", "k1 r1 t1"),
    ("title:longsor", "r2"),
    ("title:\"lampung barat\"", "r4"),
    ("-title:longsor longsor", "k2"),
    ("feed:radar", "r1 r2 r3 r4"),
    ("feed:\"Kompas Nasional\"", "k1 k2 k3"),
    ("feed:tribun.example", "t1 t2 t3"),
    ("tag:lampung", "r1 r2 r3 r4 t1 t2 t3"),
    ("tag:NASIONAL", "k1 k2 k3"),
    ("tag:daerah banjir", "r1"),
    ("author:andi", "r1 r3 t2"),
    ("author:\"Andi Saputra\"", "r1 r3"),
    ("place:Metro", "r1 t2"),
    ("place:\"kota metro\"", "r1 t2"),
    ("place:tanggamus", "r2"),
    ("place:BandarLampung", "r3 t3"),
    ("place:lampung", "r1 r2 r3 r4 t1 t2 t3"),
    ("-place:lampung", "k1 k2 k3"),
    ("unread", "k1 k2 r1 r2 r4 t1 t2 t3"),
    ("saved", "r2 t3"),
    ("-unread", "k3 r3"),
    // since: a duration back from now, or a day in the configured zone.
    ("since:2h", "r1 t1"),
    ("since:1d", "k1 r1 r4 t1"),
    ("since:1w", "k1 r1 r2 r4 t1 t2 t3"),
    ("since:90m", "r1 t1"),
    ("since:2025-12-01", "k1 k2 r1 r2 r3 r4 t1 t2 t3"),
    ("since:2026-01-01", "k1 r1 r4 t1"),
    // OR and parentheses; OR binds tighter than terms side by side (as in web search).
    ("banjir OR longsor", "k1 k2 r1 r2 t1"),
    ("gempa OR banjir since:1d", "k1 r1 r4 t1"),
    ("banjir OR longsor since:7d", "k1 r1 r2 t1"),
    ("(banjir OR longsor) since:7d", "k1 r1 r2 t1"),
    ("(banjir OR gempa) place:lampung", "r1 r4 t1"),
    ("gempa OR title:festival OR saved", "k2 r2 r4 t3"),
    ("-(banjir OR gempa OR longsor)", "k3 r3 t2 t3"),
    ("((banjir))", "k1 r1 t1"),
    ("banjir (jakarta OR bandang)", "k1 t1"),
    ("unread saved", "r2 t3"),
    ("feed:radar unread -place:tanggamus", "r1 r4"),
    // Text without a letter or digit matches everything (as typing `&` would).
    ("& banjir", "k1 r1 t1"),
    ("", "k1 k2 k3 r1 r2 r3 r4 t1 t2 t3"),
    // A link is a word, not a field.
    ("https://news.example", ""),
];

#[test]
fn each_query_of_the_table_matches_what_it_says() {
    let store = fixture_store();
    let mut failed = Vec::new();
    for (q, want) in TABLE {
        let got = matches(&store, q).join(" ");
        if got != *want {
            failed.push(format!("{q:?}: want [{want}], got [{got}]"));
        }
    }
    assert!(TABLE.len() >= 40);
    assert!(failed.is_empty(), "\n{}", failed.join("\n"));
}

#[test]
fn a_view_counts_what_it_lists_and_its_unread() {
    let store = fixture_store();
    let q = parse("banjir OR longsor").unwrap();
    assert_eq!(store.query_counts(&q, WIB).unwrap(), (5, 5));
    let q = parse("place:lampung").unwrap();
    assert_eq!(store.query_counts(&q, WIB).unwrap(), (7, 6));
}

#[test]
fn search_ranks_title_matches_first_and_keeps_the_other_terms() {
    let store = fixture_store();
    let q = kabar::query::parse_typing("longsor").unwrap();
    let rows = store.search_query(&q, WIB, 10).unwrap();
    // "Longsor" in a title outranks it in a body.
    assert_eq!(rows[0].title, "Longsor di Tanggamus tutup jalan");
    assert_eq!(rows.len(), 2);
    let q = kabar::query::parse_typing("longsor since:7d").unwrap();
    assert_eq!(store.search_query(&q, WIB, 10).unwrap().len(), 1);
    // The word being typed matches as a prefix from four letters on.
    let q = kabar::query::parse_typing("bandan").unwrap();
    assert_eq!(store.search_query(&q, WIB, 10).unwrap().len(), 1);
    let q = kabar::query::parse_typing("bandan ").unwrap();
    assert!(store.search_query(&q, WIB, 10).unwrap().is_empty());
}

/// Malformed queries: the message, and the character (counted from 1) it points at.
const MALFORMED: &[(&str, &str)] = &[
    ("banjir \"kota metro", "at 8: the quote \" is not closed"),
    (
        "(banjir OR longsor",
        "at 1: the parenthesis ( is not closed",
    ),
    ("banjir)", "at 7: a ) with no ( before it"),
    ("banjir ()", "at 8: empty parentheses ()"),
    ("OR banjir", "at 1: OR needs something on both sides"),
    ("banjir OR", "at 8: OR needs something on both sides"),
    (
        "banjir OR OR longsor",
        "at 8: OR needs something on both sides",
    ),
    (
        "banjir - longsor",
        "at 8: - needs a word right after it (no space)",
    ),
    (
        "judul:banjir",
        "at 1: unknown judul: (use title:, feed:, tag:, author:, place: or since:)",
    ),
    ("banjir title:", "at 8: title: with nothing after it"),
    (
        "since:kemarin",
        "at 1: since:kemarin is not understood (e.g. since:2d, since:12h, since:2026-12-01)",
    ),
    (
        "since:2026-13-01",
        "at 1: since:2026-13-01 is not understood (e.g. since:2d, since:12h, since:2026-12-01)",
    ),
    (
        "gempa place:Jakarta",
        "at 7: place:Jakarta is not a kabupaten/kota of Lampung",
    ),
];

#[test]
fn malformed_queries_say_what_is_wrong_and_where() {
    for (q, want) in MALFORMED {
        let e = parse(q).expect_err(q);
        assert_eq!(e.message(kabar::i18n::Lang::En), *want, "{q:?}");
    }
    // In Indonesian too, and with a caret under the bad token.
    let e = parse("banjir OR").unwrap_err();
    assert_eq!(
        e.message(kabar::i18n::Lang::Id),
        "posisi 8: OR perlu sesuatu di kiri dan kanannya"
    );
    assert_eq!(e.pointer("banjir OR"), "  banjir OR\n         ^");
    // Deep nesting is refused, not a stack overflow.
    let deep = format!("{}banjir{}", "(".repeat(5000), ")".repeat(5000));
    assert!(parse(&deep).is_err());
}

/// Words of a token soup carry the marker "qx", which the SQL kabar writes never contains.
fn soup() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        "qx[a-z0-9é]{0,6}",
        Just("\"".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just("-".to_string()),
        Just("OR".to_string()),
        Just("unread".to_string()),
        Just("saved".to_string()),
        "(title|feed|tag|author|since|place):qx[a-z%_']{0,4}",
        "(title|feed|tag|author):\"qx[ a-z']{0,6}\"",
        Just("since:3d".to_string()),
        Just("place:metro".to_string()),
        Just("*".to_string()),
        Just("'; DROP TABLE articles; --".to_string()),
    ];
    proptest::collection::vec((token, "[ ]{0,2}"), 0..12)
        .prop_map(|v| v.into_iter().map(|(t, s)| t + &s).collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn no_query_string_panics_and_every_parsed_one_runs(input in "\\PC{0,40}") {
        let store = Store::open_in_memory().unwrap();
        for q in [kabar::query::parse(&input), kabar::query::parse_typing(&input)]
            .into_iter()
            .flatten()
        {
            store.query_counts(&q, WIB).unwrap();
            store.search_query(&q, WIB, 5).unwrap();
        }
    }

    #[test]
    fn user_text_reaches_sql_only_as_bound_values(input in soup()) {
        let store = Store::open_in_memory().unwrap();
        if let Ok(q) = kabar::query::parse_typing(&input) {
            let c = compile(&q, WIB);
            prop_assert!(!c.sql.to_lowercase().contains("qx"), "{} -> {}", input, c.sql);
            prop_assert!(!c.sql.contains('"') && !c.sql.contains("DROP"), "{}", c.sql);
            // Every value is bound through a placeholder of its own, and nothing else is.
            let n = c.params.len();
            prop_assert!((1..=n).all(|i| c.sql.contains(&format!("?{i}"))), "{}", c.sql);
            prop_assert!(!c.sql.contains(&format!("?{}", n + 1)), "{}", c.sql);
            store.query_counts(&q, WIB).unwrap();
            store.search_query(&q, WIB, 5).unwrap();
        }
    }
}
