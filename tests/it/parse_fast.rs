//! The fast read (the pre-scan reading a clean RSS 2.0 document in its one pass): whatever it
//! accepts reads exactly as on the feed-rs path, `parse` gives what it gave before, and the
//! common feed shape really takes it.
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use kabar::feed::parse::{ParsePath, parse_fast_only, parse_feedrs_only, parse_with_path};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir` (recursively), sorted.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.filter_map(Result::ok) {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// Every feed-like document in tests/ (fixtures, corpus, hostile, feedparser cases, …).
fn documents() -> Vec<PathBuf> {
    let mut all = Vec::new();
    walk(&root().join("tests"), &mut all);
    let mut docs: Vec<PathBuf> = all
        .into_iter()
        .filter(|p| {
            p.extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| ["xml", "rss", "atom", "rdf", "json", "html"].contains(&x))
        })
        .collect();
    docs.sort();
    docs
}

/// For every document in tests/: when the fast read accepts it, the feed-rs path must accept
/// it too and give exactly the same feed, and `parse` must give that feed (as it did before
/// the fast read, when the feed-rs path gave it) and say the fast read produced it.
#[test]
fn fast_read_agrees_with_feedrs_on_every_test_document() {
    let mut failures = Vec::new();
    let (mut fast, mut total) = (0, 0);
    for path in documents() {
        let rel = path.strip_prefix(root()).unwrap().display().to_string();
        let bytes = std::fs::read(&path).unwrap();
        for url in ["https://site.example/feed/", "http://example.com/feed.xml"] {
            total += 1;
            let Ok(f) = parse_fast_only(&bytes, url) else {
                continue;
            };
            fast += 1;
            match parse_feedrs_only(&bytes, url) {
                Ok(r) if r == f => {}
                Ok(r) => failures.push(format!("{rel}: fast {f:?}\nfeed-rs {r:?}")),
                Err(e) => failures.push(format!("{rel}: fast read accepted, feed-rs path: {e}")),
            }
            match parse_with_path(&bytes, url) {
                Ok((p, ParsePath::Fast)) if p == f && !f.items.is_empty() => {}
                // No items: `parse` tries the lenient reader, as it did after feed-rs.
                Ok((_, ParsePath::Fast | ParsePath::Lenient)) if f.items.is_empty() => {}
                other => failures.push(format!("{rel}: parse gave {other:?}")),
            }
        }
    }
    println!("{fast} of {total} (document, url) pairs read by the fast read");
    assert!(fast >= 10, "only {fast} documents took the fast read");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The shape of the refresh benchmark's feeds (bench/ and the WordPress feeds):
/// it must take the fast read, or the speed-up silently disappears.
#[test]
fn bench_shaped_wordpress_feed_takes_the_fast_read() {
    let mut doc = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" \
         xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n<title>Radar Lampung #0</title>\n\
         <link>http://127.0.0.1:18800/site/0/</link>\n<description>Berita Lampung terkini</description>\n\
         <language>id-ID</language>\n",
    );
    for i in 0..20 {
        doc.push_str(&format!(
            "<item>\n<title>Sakit lampung dprd {i}</title>\n\
             <link>http://127.0.0.1:18800/site/0/2026/11/27/berita-0-{i}/</link>\n\
             <dc:creator><![CDATA[Redaksi 0]]></dc:creator>\n\
             <pubDate>Fri, 27 Nov 2026 18:00:00 +0700</pubDate>\n\
             <category><![CDATA[Lampung Raya]]></category>\n\
             <guid isPermaLink=\"false\">http://127.0.0.1:18800/?p={i}</guid>\n\
             <description><![CDATA[Wali kecamatan pemerintah. [&#8230;]]]></description>\n\
             <content:encoded><![CDATA[<figure><img src=\"https://example.invalid/img/{i}.jpg\" alt=\"\">\
             <figcaption>Metro</figcaption></figure>\n<p>Tenaga &amp; <a href=\"https://example.invalid/baca/{i}\">\
             baca</a></p>]]></content:encoded>\n</item>\n"
        ));
    }
    doc.push_str("</channel>\n</rss>\n");
    let url = "http://127.0.0.1:18800/site/0/feed/";
    let (feed, path) = parse_with_path(doc.as_bytes(), url).unwrap();
    assert_eq!(path, ParsePath::Fast);
    assert_eq!(feed.items.len(), 20);
    assert_eq!(feed, parse_feedrs_only(doc.as_bytes(), url).unwrap());
    let it = &feed.items[3];
    assert_eq!(it.key, "http://127.0.0.1:18800/?p=3");
    assert_eq!(it.author.as_deref(), Some("Redaksi 0"));
    assert_eq!(
        it.summary.as_deref(),
        Some("Wali kecamatan pemerintah. [&#8230;]")
    );
    assert!(it.content.as_deref().unwrap().contains("&amp; <a href"));
}

/// What the fast read leaves to feed-rs: RSS 1.0, Atom, JSON Feed.
#[test]
fn other_clean_formats_still_take_feedrs() {
    for rel in [
        "tests/fixtures/katalampung-blogger.atom",
        "tests/fixtures/lampung-jsonfeed.json",
        "tests/fixtures/podcast-atom.atom",
    ] {
        let bytes = std::fs::read(root().join(rel)).unwrap();
        assert!(
            parse_fast_only(&bytes, "https://s.example/feed").is_err(),
            "{rel}"
        );
        let (_, path) = parse_with_path(&bytes, "https://s.example/feed").unwrap();
        assert_eq!(path, ParsePath::FeedRs, "{rel}");
    }
}
