//! The hostile and malformed corpus (tests/hostile, see MANIFEST.md there; the files are read
//! as bytes, never modified) plus generated large inputs. Parsing must never panic, must meet
//! the manifest's expectations, and every single-line field must come out sanitised (policy S).
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use kabar::feed::parse::{Invalid, ParseError, ParsedFeed, UNTITLED, parse};
use kabar::i18n::Lang;
use kabar::text::sanitize::is_unsafe_char;

fn read(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/hostile")
            .join(name),
    )
    .unwrap()
}

fn feed(name: &str, url: &str) -> ParsedFeed {
    let f = parse(&read(name), url).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_sanitised(name, &f);
    f
}

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> i64 {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, s)
        .unwrap()
        .timestamp()
}

/// Policy S for every single-line field, and no raw controls/escapes/bidi in bodies.
fn assert_sanitised(name: &str, f: &ParsedFeed) {
    let line_ok = |s: &str| {
        s.chars().all(|c| c == ' ' || !is_unsafe_char(c)) && s == s.trim() && !s.contains("  ")
    };
    for s in f.title.iter().chain(f.site_link.iter()) {
        assert!(line_ok(s), "{name}: feed field {s:?}");
    }
    for it in &f.items {
        for s in [
            Some(&it.title),
            it.author.as_ref(),
            it.link.as_ref(),
            Some(&it.key),
        ]
        .into_iter()
        .flatten()
        {
            assert!(line_ok(s), "{name}: item field {s:?}");
        }
        if let Some(l) = &it.link {
            assert!(
                l.starts_with("http://") || l.starts_with("https://"),
                "{name}: link {l:?}"
            );
        }
        for body in it.summary.iter().chain(it.content.iter()) {
            for c in body.chars() {
                let u = c as u32;
                let bad = (u < 0x20 && c != '\n' && c != '\t')
                    || (0x7f..=0x9f).contains(&u)
                    || matches!(u, 0x202a..=0x202e | 0x2066..=0x2069 | 0x200e | 0x200f | 0x061c | 0xe0000..=0xe007f);
                assert!(!bad, "{name}: U+{u:04X} in body {body:?}");
            }
        }
    }
}

/// Every file that is meant to be read as a feed parses (or fails cleanly) without panicking,
/// and whatever comes out is sanitised.
#[test]
fn whole_corpus_never_panics_and_is_sanitised() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.') && !n.ends_with(".md"))
        .collect();
    names.sort();
    assert!(names.len() >= 24, "{names:?}");
    for name in names {
        let bytes = read(&name);
        for url in ["https://example.com/feed.xml", "", "not a url"] {
            match parse(&bytes, url) {
                Ok(f) => assert_sanitised(&name, &f),
                Err(e) => {
                    let msg = e.to_string();
                    assert!(
                        msg.chars().all(|c| c == ' ' || !is_unsafe_char(c)),
                        "{name}: {msg:?}"
                    );
                }
            }
        }
    }
    assert!(!Path::new("/tmp/pwned").exists());
}

#[test]
fn not_a_feed_and_truncated() {
    assert_eq!(
        parse(&read("notfeed-empty.xml"), "https://example.com/f"),
        Err(ParseError::Empty)
    );
    assert_eq!(
        parse(&read("notfeed-html.html"), "https://example.com/f"),
        Err(ParseError::Html)
    );
    match parse(&read("truncated-mid-item.rss"), "https://example.com/f") {
        Err(e @ ParseError::Invalid(Invalid::Truncated { .. })) => {
            // One language at a time, the parser's own words left for the log.
            let (id, en) = (e.message(Lang::Id), e.message(Lang::En));
            assert!(
                id.contains("terpotong") && !id.contains("truncated"),
                "{id}"
            );
            assert!(
                en.contains("truncated") && !en.contains("terpotong"),
                "{en}"
            );
            assert!(e.detail().is_some(), "{e:?}");
        }
        other => panic!("truncated feed must fail, got {other:?}"),
    }
    assert!(matches!(
        parse(&read("import-hostile.opml"), "https://example.com/f"),
        Err(ParseError::Invalid(_))
    ));
}

/// A feed cut at any point before its end is an error, never a shorter list of items.
#[test]
fn every_truncation_of_the_baseline_fails() {
    let bytes = read("fmt-rss20-baseline.rss");
    let text = std::str::from_utf8(&bytes).unwrap();
    let end = text.rfind("</rss").unwrap() + "</rss".len();
    for cut in 0..end {
        if !text.is_char_boundary(cut) {
            continue;
        }
        assert!(
            parse(&bytes[..cut], "https://example.com/f").is_err(),
            "cut at {cut}"
        );
    }
    for cut in end..=bytes.len() {
        assert_eq!(
            parse(&bytes[..cut], "https://example.com/f")
                .unwrap()
                .items
                .len(),
            5
        );
    }
}

#[test]
fn baseline_and_formats() {
    let f = feed("fmt-rss20-baseline.rss", "https://example.com/feed.xml");
    assert_eq!(f.items.len(), 5);
    for (i, it) in f.items.iter().enumerate() {
        assert_eq!(
            it.link.as_deref(),
            Some(format!("https://example.com/posts/{}", i + 1).as_str())
        );
        assert_eq!(it.published, Some(utc(2025, 1, 1 + i as u32, 10, 0, 0)));
    }

    let f = feed("fmt-rss10-rdf.rdf", "https://example.com/fmt-rss10-rdf.rdf");
    assert_eq!(f.items.len(), 2);
    assert_eq!(f.items[0].published, Some(utc(2025, 1, 6, 9, 0, 0)));
    assert_eq!(
        f.items[1].link.as_deref(),
        Some("https://example.com/rdf/2")
    );
    // date only → midnight WIB
    assert_eq!(f.items[1].published, Some(utc(2025, 1, 6, 17, 0, 0)));

    let f = feed(
        "fmt-atom-xml-base.atom",
        "https://example.com/feeds/atom.xml",
    );
    assert_eq!(f.site_link.as_deref(), Some("https://example.com/blog/"));
    let links: Vec<Option<&str>> = f.items.iter().map(|i| i.link.as_deref()).collect();
    assert_eq!(
        links,
        [
            Some("https://example.com/blog/posts/2025/first.html"),
            Some("https://evil.example/pr"),
            None, // under a javascript: base nothing becomes a link
            None, // no link at all
        ]
    );
    let content = f.items[0].content.as_deref().unwrap();
    assert!(
        content.contains("src=\"https://example.com/blog/posts/img/pic.png\""),
        "{content}"
    );
    assert!(
        content.contains("href=\"https://example.com/blog/posts/other.html\""),
        "{content}"
    );
    assert!(
        content.contains("href=\"https://example.com/root\""),
        "{content}"
    );

    let f = feed(
        "fmt-jsonfeed-11.json",
        "https://example.com/feeds/fmt-jsonfeed-11.json",
    );
    assert_eq!(f.items.len(), 3);
    assert_eq!(f.items[1].title, UNTITLED);
    assert_eq!(f.items[1].link.as_deref(), Some("https://example.com/j/2"));
    assert_eq!(f.items[0].published, Some(utc(2025, 1, 6, 9, 0, 0)));
    assert_eq!(f.items[0].author.as_deref(), Some("Example Author"));
}

#[test]
fn garbage_dates_are_missing() {
    let f = feed("date-garbage.rss", "https://example.com/feed.xml");
    assert_eq!(f.items.len(), 17);
    for (i, it) in f.items.iter().enumerate() {
        let want = match i {
            // "Mi, 05 Okt 2022 10:00:00 +0200": the day name is skipped, "Okt" is Indonesian.
            9 => Some(utc(2022, 10, 5, 8, 0, 0)),
            // "Tue, 06 Jan 25 10:00:00 PST"
            10 => Some(utc(2025, 1, 6, 18, 0, 0)),
            // 40-digit fraction: truncated to the second
            11 => Some(utc(2025, 1, 6, 10, 0, 0)),
            _ => None,
        };
        assert_eq!(it.published, want, "item {i}: {}", it.title);
    }
}

#[test]
fn missing_guids_get_stable_distinct_keys() {
    let a = feed("guid-missing.rss", "https://example.com/feed.xml");
    let b = feed("guid-missing.rss", "https://example.com/feed.xml");
    assert_eq!(a.items.len(), 5);
    assert_eq!(a, b);
    let mut keys: Vec<&str> = a.items.iter().map(|i| i.key.as_str()).collect();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), 5, "{keys:?}");
    assert_eq!(a.items[0].title, a.items[1].title);
    assert_ne!(a.items[0].key, a.items[1].key);
    assert_eq!(a.items[2].title, UNTITLED);
    assert_eq!(a.items[4].title, UNTITLED);
}

#[test]
fn terminal_escapes_are_removed() {
    let f = feed("term-ansi-raw.rss", "https://example.com/feed.xml");
    assert_eq!(f.items.len(), 4);
    assert_eq!(f.items[0].title, "Clear screen RED end");
    assert_eq!(f.items[3].author.as_deref(), Some("Blink"));

    let f = feed("term-osc.atom", "https://example.com/feed.atom");
    assert_eq!(f.title.as_deref(), Some("hostile corpus: term-osc.atom"));
    let titles: Vec<&str> = f.items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(titles, ["Clipboard write done", "html title", "CDATA end"]);
    let all: String = f
        .items
        .iter()
        .flat_map(|i| [i.summary.clone(), i.content.clone()])
        .flatten()
        .collect();
    assert!(
        !all.contains("52;") && !all.contains("8;;") && !all.contains("777;"),
        "{all}"
    );
    assert!(all.contains("href=\"https://example.com/\""), "{all}");

    let f = feed("term-c0-c1.rss", "https://example.com/feed.xml");
    let titles: Vec<&str> = f.items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Backspace overwrite: SafeEvil",
            "CR overwrite: https://good.example/ https://evil.example/ and raw [ ]",
            "UTF-8 encoded C1: NEL[ ] CSI[] OSC[] DCS[]",
            "Tabs and vertical tab and SO/SI and BEL",
            "Line separators: a b c and NEL d and newline in title",
        ]
    );
    assert_eq!(
        f.items[1].link.as_deref(),
        Some("https://good.example/https://evil.example/")
    );
}

#[test]
fn bidi_controls_are_removed_rtl_text_kept() {
    let f = feed("text-bidi.rss", "https://example.com/feed.xml");
    assert_eq!(f.items.len(), 5);
    assert_eq!(f.items[0].title, "Invoice fdp.exe");
    assert!(
        f.items[3].title.starts_with("שלום עולם — مرحبا بالعالم"),
        "{}",
        f.items[3].title
    );
    assert_eq!(
        f.items[4].link.as_deref(),
        Some("https://attacker.invalid/%E2%80%AEmoc.elpmaxe")
    );
}

#[test]
fn long_fields_are_capped_but_guid_kept() {
    let t = Instant::now();
    let f = feed("text-long-fields.rss", "https://example.com/feed.xml");
    assert!(t.elapsed() < Duration::from_secs(5));
    assert_eq!(f.items.len(), 3);
    let long = &f.items[0].title;
    assert_eq!(long.chars().count(), 2000);
    assert!(long.ends_with('…'));
    assert!(!f.items[1].title.contains('\n') && f.items[1].title.chars().count() <= 2000);
    assert_eq!(f.items[2].link, None, "a 20 KB link is dropped");
    assert_eq!(f.items[2].key.len(), 30_000, "the guid is kept whole");
}

#[test]
fn xml_attacks_do_nothing() {
    let t = Instant::now();
    let f = feed("xml-billion-laughs.rss", "https://example.com/feed.xml");
    assert!(t.elapsed() < Duration::from_secs(2));
    assert_eq!(f.items.len(), 2);
    assert_eq!(f.items[0].title, "Laughs: &lol9;");
    assert!(!f.items.iter().any(|i| i.title.contains("lollol")));
    assert_eq!(f.items[1].title, "Item after the bomb");

    let f = feed("xml-xxe.rss", "https://example.com/feed.xml");
    assert_eq!(f.items.len(), 3);
    let dump = format!("{f:?}");
    assert!(!dump.contains("root:") && !dump.contains("/bin/") && !dump.contains("PATH="));
    assert_eq!(f.items[0].title, "XXE file: &xxe;");

    let f = feed(
        "xml-html-entities-bare-amp.rss",
        "https://example.com/feed.xml",
    );
    assert_eq!(f.items.len(), 3);
    assert_eq!(
        f.items[0].title,
        "HTML entities without DTD: café —… ’quote’ © 2025"
    );
    assert_eq!(f.items[1].title, "Bare ampersand: AT&T & friends");
    assert_eq!(
        f.items[1].link.as_deref(),
        Some("https://example.com/ent/2?a=1&b=2")
    );

    assert_eq!(
        feed("xml-leading-whitespace.rss", "https://example.com/feed.xml")
            .items
            .len(),
        1
    );
}

#[test]
fn encodings() {
    let f = feed("enc-windows-1252.rss", "https://example.com/feed.xml");
    let t = &f.items[0].title;
    for s in ["“quoted”", "‘single’", "–", "…", "€", "™", "café"] {
        assert!(t.contains(s), "{s} missing from {t:?}");
    }
    let f = feed(
        "enc-utf8-declared-latin1-bytes.rss",
        "https://example.com/feed.xml",
    );
    assert_eq!(f.items.len(), 2);
    assert!(f.items[0].title.contains('\u{FFFD}'));
    assert_eq!(f.items[1].title, "Valid item after the bad bytes");
}

#[test]
fn links_are_http_only() {
    let f = feed("link-schemes.rss", "https://example.com/feed.xml");
    assert_eq!(f.items.len(), 20);
    for (i, it) in f.items.iter().enumerate() {
        match i {
            // A UNC path is a scheme-relative reference; resolved it is plain https.
            10 => assert_eq!(it.link.as_deref(), Some("https://attacker.invalid/share")),
            19 => assert_eq!(it.link.as_deref(), Some("http://user:pass@example.com/")),
            _ => assert_eq!(it.link, None, "item {i}: {}", it.title),
        }
    }
    let f = feed("link-shell-metachar.rss", "https://example.com/feed.xml");
    assert_eq!(f.items.len(), 13);
    for it in &f.items {
        let link = it.link.as_deref().unwrap();
        assert!(link.starts_with("https://example.com/"), "{link}");
        assert!(!link.contains(' ') && !link.contains('\n'));
    }
    assert!(!Path::new("/tmp/pwned").exists());
}

#[test]
fn html_content_is_kept_for_the_renderer() {
    let f = feed("html-active.rss", "https://example.com/feed.xml");
    assert_eq!(f.items.len(), 2);
    assert!(
        f.items[1]
            .content
            .as_deref()
            .unwrap()
            .starts_with("<p>Before</p>")
    );
    let t = Instant::now();
    let f = feed("html-deep-nesting.rss", "https://example.com/feed.xml");
    assert!(t.elapsed() < Duration::from_secs(2));
    assert_eq!(f.items.len(), 3);
}

// ---------------------------------------------------------------------------------------------
// Generated large inputs: bounded time and memory.

fn rss_with_items(n: usize) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>big</title><link>https://example.com/</link>",
    );
    for i in 0..n {
        s.push_str(&format!(
            "<item><title>Item {i}</title><link>/p/{i}</link><guid>g{i}</guid>\
             <pubDate>Mon, 06 Jan 2025 10:00:00 +0000</pubDate><description>&lt;p&gt;body {i}&lt;/p&gt;</description></item>"
        ));
    }
    s.push_str("</channel></rss>");
    s
}

#[test]
fn many_items() {
    for n in [10_000, 100_000] {
        let doc = rss_with_items(n);
        let t = Instant::now();
        let f = parse(doc.as_bytes(), "https://example.com/feed.xml").unwrap();
        let took = t.elapsed();
        assert_eq!(f.items.len(), n);
        assert_eq!(
            f.items[n - 1].link.as_deref(),
            Some(format!("https://example.com/p/{}", n - 1).as_str())
        );
        assert!(took < Duration::from_secs(30), "{n} items took {took:?}");
    }
}

#[test]
fn huge_title_and_deep_nesting() {
    let title = "x".repeat(10 * 1024 * 1024);
    let doc = format!("<rss><channel><item><title>{title}</title></item></channel></rss>");
    let t = Instant::now();
    let f = parse(doc.as_bytes(), "https://example.com/feed.xml").unwrap();
    assert_eq!(f.items[0].title.chars().count(), 2000);
    assert!(t.elapsed() < Duration::from_secs(30));

    // 1,000,000 nested elements inside an item, and at channel level.
    let n = 1_000_000;
    for (before, after) in [
        (
            "<rss><channel><item><title>t</title><description>",
            "</description></item></channel></rss>",
        ),
        (
            "<rss><channel>",
            "<item><title>t</title></item></channel></rss>",
        ),
    ] {
        let doc = format!("{before}{}{}{after}", "<e>".repeat(n), "</e>".repeat(n));
        let t = Instant::now();
        let f = parse(doc.as_bytes(), "https://example.com/feed.xml").unwrap();
        assert_eq!(f.items.len(), 1);
        assert!(t.elapsed() < Duration::from_secs(30));
    }
    // Unclosed: a million open elements is a truncated document, rejected quickly.
    let doc = format!("<rss><channel>{}", "<e>".repeat(n));
    assert!(parse(doc.as_bytes(), "https://example.com/feed.xml").is_err());

    // 100,000 unclosed <div><span> in a body are just text for the parser.
    let body = "<div><span>".repeat(100_000);
    let doc = format!(
        "<rss><channel><item><title>t</title><description><![CDATA[{body}]]></description></item></channel></rss>"
    );
    let f = parse(doc.as_bytes(), "https://example.com/feed.xml").unwrap();
    assert_eq!(
        f.items[0].summary.as_deref().map(str::len),
        Some(body.len())
    );
}

/// Inputs shaped to trigger quadratic behaviour in a naive parser finish quickly.
#[test]
fn pathological_inputs_stay_linear() {
    let url = "https://example.com/feed.xml";
    let n = 100_000;
    let cases = [
        // Many unclosed <script> / comments / quotes in an HTML title.
        format!(
            "<rss><channel><item><title type=\"html\">{}</title></item></channel></rss>",
            "&lt;script&gt;x".repeat(n)
        ),
        format!(
            "<rss><channel><item><title>&lt;b&gt;{}</title></item></channel></rss>",
            "&lt;!--&lt;a b=\"".repeat(n)
        ),
        // Many namespace declarations, then many elements that need resolving.
        format!(
            "<rss {}><channel>{}<item><title>t</title></item></channel></rss>",
            (0..n)
                .map(|i| format!("xmlns:p{i}=\"urn:x:{i}\""))
                .collect::<Vec<_>>()
                .join(" "),
            "<p1:x/>".repeat(n)
        ),
        // Many attributes, many entities, many bare ampersands.
        format!(
            "<rss><channel><item><title a=\"1\" {}>t</title></item></channel></rss>",
            "b=\"2\" ".repeat(n)
        ),
        format!(
            "<rss><channel><item><title>{}</title></item></channel></rss>",
            "&eacute;& &#38;&unknown;".repeat(n)
        ),
        // Many mismatched end tags.
        format!(
            "<rss><channel><item><title>t</title>{}</item></channel></rss>",
            "</nope>".repeat(n)
        ),
    ];
    for doc in &cases {
        let t = Instant::now();
        let f = parse(doc.as_bytes(), url).unwrap();
        assert_eq!(f.items.len(), 1);
        assert!(f.items[0].title.chars().count() <= 2000);
        assert!(
            t.elapsed() < Duration::from_secs(10),
            "{:?} for {:.60}",
            t.elapsed(),
            doc
        );
    }
}
