//! OPML and newsboat `urls` import, OPML export, hostile imports.
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::app::feed_tagged as feed;

use kabar::config::FeedConfig;
use kabar::opml::{ImportError, parse_import, parse_import_report, to_opml};
use std::path::Path;

fn no_controls(s: &str) {
    assert!(
        !s.chars().any(char::is_control),
        "control character in {s:?}"
    );
}

#[test]
fn opml_nested_categories_become_tags() {
    let text = "\u{feff}  <?xml version=\"1.0\"?>\n<opml version=\"1.0\"><head><title>x</title></head><body>\
        <outline text=\"Berita\" title=\"Berita\">\
          <outline text=\"Lampung\">\
            <outline type=\"rss\" text=\"ANTARA Lampung\" xmlUrl=\"https://lampung.antaranews.com/rss/terkini.xml\"/>\
            <outline type=\"rss\" text=\"teks\" title=\"Judul &amp; Nama\" xmlUrl=\"https://lampost.co/feed/\" category=\"lokal,/Sumatra/\"/>\
          </outline>\
          <outline type=\"rss\" xmlUrl=\"https://www.detik.com/sumbagsel/rss\"></outline>\
        </outline>\
        <outline type=\"rss\" text=\"Luar\" xmlUrl=\"http://example.com/feed\"/>\
        </body></opml>";
    let r = parse_import_report(text).unwrap();
    assert_eq!(
        r.feeds,
        [
            feed(
                "https://lampung.antaranews.com/rss/terkini.xml",
                Some("ANTARA Lampung"),
                &["Berita", "Lampung"]
            ),
            feed(
                "https://lampost.co/feed/",
                Some("Judul & Nama"),
                &["Berita", "Lampung", "lokal", "Sumatra"]
            ),
            feed("https://www.detik.com/sumbagsel/rss", None, &["Berita"]),
            feed("http://example.com/feed", Some("Luar"), &[]),
        ]
    );
    assert!(r.skipped.is_empty(), "{:?}", r.skipped);
}

#[test]
fn opml_entities_are_safe() {
    // DTD entities are never expanded; HTML named entities are decoded leniently.
    let text = r#"<?xml version="1.0"?>
<!DOCTYPE opml [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY xxe SYSTEM "file:///etc/passwd">
]>
<opml version="2.0"><body>
<outline text="&lol2; &xxe;" xmlUrl="https://example.com/a.xml"/>
<outline text="Caf&eacute; &#x1b;[2J&#8212; ok" xmlUrl="https://example.com/b.xml"/>
</body></opml>"#;
    let feeds = parse_import(text).unwrap();
    assert_eq!(feeds.len(), 2);
    assert_eq!(feeds[0].name.as_deref(), Some("&lol2; &xxe;"));
    let n = feeds[1].name.as_deref().unwrap();
    no_controls(n);
    assert!(n.starts_with("Café") && n.ends_with("— ok"), "{n}");
}

#[test]
fn hostile_opml_imports_only_http_feeds() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile/import-hostile.opml");
    let text = String::from_utf8(std::fs::read(path).unwrap()).unwrap();
    let r = parse_import_report(&text).unwrap();
    let urls: Vec<&str> = r.feeds.iter().map(|f| f.url.as_str()).collect();
    assert_eq!(
        urls,
        [
            "https://example.com/feed",
            "http://127.0.0.1:6379/",
            "https://example.com/esc.xml",
            "https://example.com/deep.xml",
        ]
    );
    for f in &r.feeds {
        no_controls(f.name.as_deref().unwrap_or(""));
        for t in &f.tags {
            no_controls(t);
        }
    }
    assert_eq!(r.feeds[2].name.as_deref(), Some("title with escape"));
    // 500-deep nesting: the leaf is found, with a bounded set of tags.
    assert_eq!(r.feeds[3].name.as_deref(), Some("leaf"));
    assert!(r.feeds[3].tags.len() <= 8);
    assert!(r.feeds[3].tags.contains(&"d".to_string()));

    let skipped = r.skipped.join("\n");
    for s in &r.skipped {
        no_controls(s);
    }
    for needle in [
        "exec:touch",
        "filter:touch",
        "|touch",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "duplicate",
        "no url",
        "filtercmd",
    ] {
        assert!(
            skipped.contains(needle),
            "{needle} not reported in\n{skipped}"
        );
    }
    assert!(!Path::new("/tmp/pwned").exists());
}

#[test]
fn huge_nesting_is_linear() {
    let n = 100_000;
    let mut text = String::from("<opml version=\"2.0\"><body>");
    for i in 0..n {
        text.push_str(&format!(
            "<outline text=\"f{i}\" xmlUrl=\"https://example.com/{i}\">"
        ));
    }
    text.push_str(&"</outline>".repeat(n));
    text.push_str("</body></opml>");
    let t = std::time::Instant::now();
    let feeds = parse_import(&text).unwrap();
    assert_eq!(feeds.len(), n);
    assert!(
        t.elapsed() < std::time::Duration::from_secs(5),
        "{:?}",
        t.elapsed()
    );
}

#[test]
fn newsboat_urls_file() {
    let text = "# komentar\n\
        \n\
        https://lampung.antaranews.com/rss/terkini.xml lampung \"berita utama\" ~ANTARA\n\
        https://lampost.co/feed/  ! lampung  \"~Lampung Post\" !hidden\n\
        http://example.com/a#frag tag\\x\n\
        \"query:Belum dibaca:unread = \\\"yes\\\"\"\n\
        exec:touch /tmp/pwned\n\
        filter:touch /tmp/pwned:https://example.com/feed\n\
        EXEC:touch /tmp/pwned\n\
        file:///etc/passwd\n\
        javascript:alert(1)\n\
        https://lampost.co/feed/ dup\n\
        https://example.org/t \u{1b}[31mmerah \"~\u{1b}]0;judul\u{7}Nama\"\n";
    let r = parse_import_report(text).unwrap();
    assert_eq!(
        r.feeds,
        [
            feed(
                "https://lampung.antaranews.com/rss/terkini.xml",
                Some("ANTARA"),
                &["lampung", "berita utama"]
            ),
            feed(
                "https://lampost.co/feed/",
                Some("Lampung Post"),
                &["lampung"]
            ),
            feed("http://example.com/a#frag", None, &["tag\\x"]),
            feed("https://example.org/t", Some("Nama"), &["merah"]),
        ]
    );
    assert_eq!(r.skipped.len(), 7, "{:#?}", r.skipped);
    for s in &r.skipped {
        no_controls(s);
    }
    assert!(r.skipped.iter().any(|s| s.contains("query")));
    assert!(r.skipped.iter().any(|s| s.contains("duplicate")));
    assert!(!Path::new("/tmp/pwned").exists());
}

#[test]
fn empty_and_invalid_inputs() {
    assert!(parse_import("").unwrap().is_empty());
    assert!(parse_import("  \n# hanya komentar\n").unwrap().is_empty());
    assert!(matches!(
        parse_import("<rss><channel></channel></rss>"),
        Err(ImportError::Invalid(_))
    ));
    assert!(matches!(
        parse_import("<opml><body><outline xmlUrl=\"https://e.example/></body></opml>"),
        Err(ImportError::Invalid(_))
    ));
    assert!(matches!(parse_import("a\0b"), Err(ImportError::Invalid(_))));
    assert!(matches!(
        parse_import("<opml><body><!-- tidak ditutup"),
        Err(ImportError::Invalid(_))
    ));
    // A damaged tail keeps the good entries and says where reading stopped.
    let r = parse_import_report(
        "<opml><body><outline text=\"a\" xmlUrl=\"https://e.example/\"/><outline <",
    )
    .unwrap();
    assert_eq!(r.feeds.len(), 1);
    assert_eq!(r.skipped.len(), 1);
    assert!(r.skipped[0].contains("not read"), "{:?}", r.skipped);
}

#[test]
fn export_is_escaped_opml_2() {
    let feeds = [
        feed(
            "https://example.com/rss?a=1&b=2",
            Some("A & B <\"Lampung\"> \u{1b}[2J"),
            &["lokal", "berita utama"],
        ),
        feed("https://example.com/tanpa-nama", None, &[]),
    ];
    let x = to_opml(&feeds);
    assert!(x.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    assert!(x.contains("<opml version=\"2.0\">"));
    assert!(x.contains("<head>") && x.contains("<title>kabar</title>"));
    assert!(x.contains("xmlUrl=\"https://example.com/rss?a=1&amp;b=2\""));
    assert!(x.contains("text=\"A &amp; B &lt;&quot;Lampung&quot;&gt;\" "));
    assert!(x.contains("category=\"lokal,berita utama\""));
    assert!(x.contains(
        "<outline type=\"rss\" text=\"https://example.com/tanpa-nama\" \
         title=\"https://example.com/tanpa-nama\" xmlUrl=\"https://example.com/tanpa-nama\"/>"
    ));
    no_controls(&x.replace('\n', ""));
    // Well-formed XML.
    let mut r = quick_xml::Reader::from_str(&x);
    while r.read_event().unwrap() != quick_xml::events::Event::Eof {}
}

#[test]
fn export_then_import_round_trips() {
    let feeds = vec![
        feed(
            "https://lampung.antaranews.com/rss/terkini.xml",
            Some("ANTARA Lampung"),
            &["lampung"],
        ),
        feed(
            "https://lampost.co/feed/",
            Some("Lampung Post & \"Co\""),
            &["lampung", "koran"],
        ),
        feed("https://www.detik.com/sumbagsel/rss", None, &[]),
        feed(
            "http://example.com/x?y=1&z=<2>",
            Some("Tanda <aneh>"),
            &["a b"],
        ),
    ];
    let round = parse_import(&to_opml(&feeds)).unwrap();
    let expect: Vec<FeedConfig> = feeds
        .iter()
        .map(|f| FeedConfig {
            url: kabar::text::safe_link(&f.url).unwrap(),
            ..f.clone()
        })
        .collect();
    assert_eq!(round, expect);
    assert_eq!(to_opml(&round), to_opml(&expect));
}
