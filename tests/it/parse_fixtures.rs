//! The Lampung-shaped sample feeds in tests/fixtures (see the README there for what a good
//! reader does with each). Parsing only: body cleaning and article extraction are tested
//! elsewhere.
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use chrono::{TimeZone, Utc};
use kabar::feed::parse::{ParsedFeed, ParsedItem, parse};
use kabar::html::text::html_to_text;
use kabar::text::sanitize::is_unsafe_char;

fn read(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .unwrap()
}

fn fixture(name: &str, url: &str) -> ParsedFeed {
    let feed = parse(&read(name), url).unwrap_or_else(|e| panic!("{name}: {e}"));
    for item in &feed.items {
        assert_clean(item);
    }
    feed
}

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> i64 {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, s)
        .unwrap()
        .timestamp()
}

/// Wall-clock time in WIB (UTC+7) as "YYYY-MM-DD HH:MM".
fn wib(t: i64) -> String {
    chrono::DateTime::from_timestamp(t + 7 * 3600, 0)
        .unwrap()
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

fn assert_clean(item: &ParsedItem) {
    for field in [
        Some(&item.title),
        item.author.as_ref(),
        item.link.as_ref(),
        Some(&item.key),
    ]
    .into_iter()
    .flatten()
    {
        assert!(
            field.chars().all(|c| c == ' ' || !is_unsafe_char(c)),
            "unsafe char in {field:?}"
        );
    }
}

#[test]
fn radarlampung_seed_one_item_dated_in_wib() {
    let f = fixture(
        "radarlampung-seed.xml",
        "https://radarlampung.example/feed/",
    );
    assert_eq!(f.title.as_deref(), Some("Radar Lampung"));
    assert_eq!(
        f.site_link.as_deref(),
        Some("https://radarlampung.example/")
    );
    assert_eq!(f.items.len(), 1);
    let it = &f.items[0];
    assert_eq!(it.title, "Terapkan Program Bina Keluarga TKI di Pesawaran");
    assert_eq!(
        it.link.as_deref(),
        Some(
            "https://radarlampung.example/2019/04/22/terapkan-program-bina-keluarga-tki-di-pesawaran/"
        )
    );
    assert_eq!(it.key, "https://radarlampung.example/?p=118734");
    assert_eq!(it.author.as_deref(), Some("ozi"));
    // The feed says 08:40 +0000: that is 15:40 WIB.
    assert_eq!(it.published, Some(utc(2019, 4, 22, 8, 40, 0)));
    assert_eq!(wib(it.published.unwrap()), "2019-04-22 15:40");
    // The full body (content:encoded) is kept as HTML, every paragraph included.
    let content = it.content.as_deref().unwrap();
    assert!(
        content.starts_with("<figure class=\"wp-caption\">"),
        "{content:.80}"
    );
    assert!(content.contains("<figcaption"));
    assert!(content.matches("<p>").count() >= 5, "{content}");
    assert!(content.contains("program pengarustamaan gender"));
    let summary = it.summary.as_deref().unwrap();
    assert!(
        summary.starts_with("radarlampung.co.id &#8211; Pemerintah"),
        "{summary}"
    );
}

#[test]
fn wordpress_full_strips_tracking_from_links() {
    let f = fixture("wordpress-full.xml", "https://lampost.example/feed/");
    assert_eq!(f.title.as_deref(), Some("Lampost.co"));
    assert_eq!(f.items.len(), 1);
    let it = &f.items[0];
    assert_eq!(
        it.title,
        "Harga Cabai Merah di Pasar Tugu Naik Rp10 Ribu Jelang Akhir Pekan"
    );
    assert_eq!(
        it.link.as_deref(),
        Some(
            "https://lampost.example/ekonomi-dan-bisnis/harga-cabai-merah-di-pasar-tugu-naik-rp10-ribu-jelang-akhir-pekan/"
        )
    );
    assert_eq!(it.key, "https://lampost.example/?p=140211");
    assert_eq!(it.author.as_deref(), Some("Redaksi Lampost"));
    assert_eq!(it.published, Some(utc(2025, 7, 28, 2, 45, 0)));
    let content = it.content.as_deref().unwrap();
    assert!(!content.contains("utm_"), "{content}");
    assert!(content.contains(
        "href=\"https://lampost.example/ekonomi-dan-bisnis/stok-beras-lampung-aman-hingga-akhir-tahun/\""
    ));
    // `&#038;` is an HTML reference inside the body; it stays for the renderer to decode.
    assert!(content.contains("Harga cabai merah keriting"));
}

#[test]
fn antara_excerpt_three_items_without_full_content() {
    let f = fixture(
        "antara-excerpt.xml",
        "https://lampung.antaranews.example/rss/terkini.xml",
    );
    assert_eq!(f.items.len(), 3);
    for it in &f.items {
        // Excerpt only: a summary, no full body (the reader fetches the article for that).
        assert!(it.summary.is_some() && it.content.is_none(), "{it:?}");
        assert!(
            it.link
                .as_deref()
                .unwrap()
                .starts_with("https://lampung.antaranews.example/")
        );
        assert_eq!(it.key, *it.link.as_ref().unwrap());
    }
    assert_eq!(
        f.items[1].title,
        "Menteri tinjau harga pangan & stok beras di Jakarta"
    );
    assert_eq!(f.items[0].published, Some(utc(2025, 7, 22, 11, 47, 3)));
    assert_eq!(wib(f.items[0].published.unwrap()), "2025-07-22 18:47");
    let text = html_to_text(f.items[0].summary.as_deref().unwrap());
    assert!(
        text.contains("Bandarlampung\u{a0}(ANTARA) - Pemerintah"),
        "{text}"
    );
}

#[test]
fn detik_mixed_description_is_image_plus_lead() {
    let f = fixture(
        "detik-mixed.xml",
        "https://rss.detik.example/index.php/sumbagsel",
    );
    assert_eq!(f.items.len(), 1);
    let it = &f.items[0];
    assert_eq!(
        it.title,
        "Jembatan Gantung di Way Kanan Putus, Warga Seberangi Sungai Pakai Rakit"
    );
    assert_eq!(it.published, Some(utc(2025, 7, 28, 7, 20, 0)));
    let summary = it.summary.as_deref().unwrap();
    // The entity-escaped <img> is markup now, followed by the CDATA lead.
    assert!(
        summary.starts_with("<img src=\"https://akcdn.detik.example/"),
        "{summary}"
    );
    assert_eq!(
        html_to_text(summary).trim(),
        "Jembatan gantung penghubung dua kampung di Kecamatan Blambangan Umpu putus diterjang banjir. \
         Warga kini menyeberang memakai rakit."
    );
}

#[test]
fn broken_smallcms_is_recovered() {
    // Served from somewhere else than the site: relative links follow the channel link.
    let url = "http://127.0.0.1:8080/broken-smallcms.xml";
    let f = fixture("broken-smallcms.xml", url);
    assert_eq!(f.title.as_deref(), Some("Kabar Bumi Ruwa Jurai"));
    assert_eq!(f.items.len(), 3);

    let a = &f.items[0];
    assert_eq!(
        a.title,
        "Polres Pringsewu & Warga Gelar Ronda Malam Cegah Curanmor"
    );
    assert_eq!(
        a.link.as_deref(),
        Some(
            "https://kabar-lampung.example/berita/2025/07/28/polres-pringsewu-warga-gelar-ronda-malam"
        )
    );
    // "Senin, 28 Juli 2025 09:30 WIB"
    assert_eq!(a.published, Some(utc(2025, 7, 28, 2, 30, 0)));
    assert_eq!(wib(a.published.unwrap()), "2025-07-28 09:30");

    let b = &f.items[1];
    // naive "2025-07-28 08:00:00" is WIB
    assert_eq!(b.published, Some(utc(2025, 7, 28, 1, 0, 0)));
    assert_eq!(wib(b.published.unwrap()), "2025-07-28 08:00");
    assert_eq!(
        b.summary.as_deref(),
        Some("Mesuji - Banjir merendam 120 rumah warga …")
    );

    let c = &f.items[2];
    assert_eq!(c.title, "Jadwal Pemadaman Listrik Bandar Lampung Hari Ini");
    assert_eq!(c.published, None);
    assert!(!c.key.is_empty());
    let again = fixture("broken-smallcms.xml", url);
    let keys = |f: &ParsedFeed| f.items.iter().map(|i| i.key.clone()).collect::<Vec<_>>();
    assert_eq!(keys(&f), keys(&again), "keys must be stable across parses");
    let mut unique = keys(&f);
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 3);
}

#[test]
fn katalampung_blogger_xml_base() {
    let f = fixture(
        "katalampung-blogger.atom",
        "https://feeds.blogger.example/feeds/1234567890/posts/default",
    );
    assert_eq!(f.title.as_deref(), Some("Kata Lampung"));
    assert_eq!(
        f.site_link.as_deref(),
        Some("https://www.katalampung.example/")
    );
    assert_eq!(f.items.len(), 1);
    let it = &f.items[0];
    assert_eq!(
        it.link.as_deref(),
        Some("https://www.katalampung.example/2025/07/nelayan-kota-agung-keluhkan-solar.html")
    );
    assert_eq!(it.title, "Nelayan Kota Agung Keluhkan Solar Langka 😟");
    // One emoji, two columns; nothing invisible that would upset width computations.
    use unicode_width::UnicodeWidthStr;
    assert_eq!(it.title.width(), it.title.chars().count() + 1);
    assert_eq!(it.key, "tag:blogger.com,1999:blog-1234567890.post-555");
    assert_eq!(it.author.as_deref(), Some("Redaksi"));
    assert_eq!(it.published, Some(utc(2025, 7, 28, 2, 55, 0)));
    // Links inside the body are resolved against xml:base too.
    let content = it.content.as_deref().unwrap();
    assert!(
        content.contains("<a href=\"https://www.katalampung.example/berita/solar-naik.html\">Harga Solar Naik</a>"),
        "{content}"
    );
}

#[test]
fn lampung_jsonfeed_two_items() {
    let f = fixture(
        "lampung-jsonfeed.json",
        "https://warta-pesbar.example/feed.json",
    );
    assert_eq!(f.title.as_deref(), Some("Warta Pesisir Barat"));
    assert_eq!(
        f.site_link.as_deref(),
        Some("https://warta-pesbar.example/")
    );
    assert_eq!(f.items.len(), 2);
    let (a, b) = (&f.items[0], &f.items[1]);
    assert_eq!(a.key, "pesbar-2025-0728-01");
    assert_eq!(a.title, "Ombak Tinggi, Nelayan Krui Diimbau Tidak Melaut");
    assert_eq!(a.author.as_deref(), Some("Redaksi Pesbar"));
    assert_eq!(a.published, Some(utc(2025, 7, 28, 0, 30, 0)));
    assert!(
        a.content
            .as_deref()
            .unwrap()
            .starts_with("<p>KRUI - Badan Meteorologi")
    );
    assert_eq!(a.summary, None);
    // The second has only a summary.
    assert_eq!(b.key, "pesbar-2025-0727-02");
    assert_eq!(b.content, None);
    assert_eq!(
        b.summary.as_deref(),
        Some("<p>Ribuan wisatawan memadati Pantai Labuhan Jukung.</p>")
    );
    assert_eq!(b.published, Some(utc(2025, 7, 27, 9, 0, 0)));
}

#[test]
fn html_pages_in_fixtures_are_not_feeds() {
    for name in ["radarlampung-seed-article.html", "antara-article.html"] {
        assert_eq!(
            parse(&read(name), "https://example.com/a.html"),
            Err(kabar::feed::parse::ParseError::Html),
            "{name}"
        );
    }
}
