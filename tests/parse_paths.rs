//! The two parse paths (feed-rs first, kabar's lenient reader as the retry): which documents
//! take which path, and that a document both paths accept gives the same items either way,
//! so article keys do not change when a feed flips between paths from one refresh to the
//! next.

use std::path::{Path, PathBuf};

use kabar::feed::parse::{
    ParsePath, ParsedFeed, parse, parse_feedrs_only, parse_lenient_only, parse_with_path,
};

const FEED_URL: &str = "https://feeds.example.com/feed.xml";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> Vec<u8> {
    std::fs::read(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn path_of(rel: &str, url: &str) -> ParsePath {
    let (feed, path) =
        parse_with_path(&read(rel), url).unwrap_or_else(|e| panic!("{rel}: {e}"));
    assert!(!feed.items.is_empty(), "{rel}: no items");
    path
}

/// Every file of a directory with one of the given extensions, sorted.
fn files(dir: &str, exts: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| exts.contains(&x))
        })
        .map(|p| format!("{dir}/{}", p.file_name().unwrap().to_string_lossy()))
        .collect();
    out.sort();
    out
}

/// Field-by-field differences between the two paths' results.
fn differences(a: &ParsedFeed, b: &ParsedFeed) -> Vec<String> {
    let mut d = Vec::new();
    if a.title != b.title {
        d.push(format!("feed title {:?} vs {:?}", a.title, b.title));
    }
    if a.site_link != b.site_link {
        d.push(format!("site link {:?} vs {:?}", a.site_link, b.site_link));
    }
    if a.items.len() != b.items.len() {
        d.push(format!("{} vs {} items", a.items.len(), b.items.len()));
    }
    for (i, (x, y)) in a.items.iter().zip(&b.items).enumerate() {
        let fields = [
            ("key", Some(&x.key), Some(&y.key)),
            ("title", Some(&x.title), Some(&y.title)),
            ("link", x.link.as_ref(), y.link.as_ref()),
            ("author", x.author.as_ref(), y.author.as_ref()),
            ("summary", x.summary.as_ref(), y.summary.as_ref()),
            ("content", x.content.as_ref(), y.content.as_ref()),
        ];
        for (name, p, q) in fields {
            if p != q {
                d.push(format!("item {i} {name}: {p:?} vs {q:?}"));
            }
        }
        if x.published != y.published {
            d.push(format!(
                "item {i} date: {:?} vs {:?}",
                x.published, y.published
            ));
        }
    }
    d
}

/// For each file: when the feed-rs path accepts it, the lenient reader must accept it too
/// and give exactly the same feed; `parse` must then report `FeedRs`. Returns how many went
/// through each path.
fn check_paths_agree(files: &[String], url: &str) -> (usize, usize) {
    let mut failures = Vec::new();
    let (mut strict, mut lenient) = (0, 0);
    for rel in files {
        let bytes = read(rel);
        let full = parse_with_path(&bytes, url);
        let lenient_only = parse_lenient_only(&bytes, url);
        match parse_feedrs_only(&bytes, url) {
            Ok(feed) => {
                match &lenient_only {
                    Ok(l) => {
                        let d = differences(&feed, l);
                        if !d.is_empty() {
                            failures.push(format!("{rel}:\n  {}", d.join("\n  ")));
                        }
                    }
                    Err(e) => failures.push(format!("{rel}: feed-rs path accepted, lenient: {e}")),
                }
                match full {
                    Ok((f, ParsePath::FeedRs)) => {
                        assert_eq!(f, feed, "{rel}");
                        strict += 1;
                    }
                    // Zero items from feed-rs, some from the lenient reader.
                    Ok((f, ParsePath::Lenient)) => {
                        assert!(feed.items.is_empty() && !f.items.is_empty(), "{rel}");
                        lenient += 1;
                    }
                    Err(e) => failures.push(format!("{rel}: parse failed: {e}")),
                }
            }
            Err(_) => {
                // Declined: parse() is exactly the lenient reader.
                match (&full, &lenient_only) {
                    (Ok((f, path)), Ok(l)) => {
                        assert_eq!(*path, ParsePath::Lenient, "{rel}");
                        assert_eq!(f, l, "{rel}");
                    }
                    (Err(a), Err(b)) => assert_eq!(a, b, "{rel}"),
                    (a, b) => failures.push(format!("{rel}: {a:?} vs lenient {b:?}")),
                }
                if full.is_ok() {
                    lenient += 1;
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} differences:\n{}",
        failures.len(),
        failures.join("\n")
    );
    (strict, lenient)
}

#[test]
fn clean_wordpress_feeds_take_the_feedrs_path() {
    assert_eq!(
        path_of(
            "tests/fixtures/radarlampung-seed.xml",
            "https://radarlampung.example/feed/"
        ),
        ParsePath::FeedRs
    );
    assert_eq!(
        path_of(
            "tests/fixtures/wordpress-full.xml",
            "https://lampost.example/feed/"
        ),
        ParsePath::FeedRs
    );
    assert_eq!(
        path_of("tests/hostile/fmt-rss20-baseline.rss", FEED_URL),
        ParsePath::FeedRs
    );
}

#[test]
fn broken_feeds_take_the_lenient_path() {
    assert_eq!(
        path_of(
            "tests/fixtures/broken-smallcms.xml",
            "https://smallcms.example/rss.xml"
        ),
        ParsePath::Lenient
    );
    // <rss> without a version attribute, an HTML entity: feed-rs rejects it.
    assert_eq!(
        path_of("tests/feedparser/entities__aacute.xml", FEED_URL),
        ParsePath::Lenient
    );
    // Atom 0.3: feed-rs returns nothing.
    let atom03 = b"<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\"><title>T</title>\
        <entry><title>x</title><link rel=\"alternate\" href=\"https://e.example/x\"/>\
        <issued>2025-01-01T00:00:00Z</issued></entry></feed>";
    let (f, p) = parse_with_path(atom03, FEED_URL).unwrap();
    assert_eq!(p, ParsePath::Lenient);
    assert_eq!(f.items[0].link.as_deref(), Some("https://e.example/x"));
}

#[test]
fn fixtures_agree_across_paths() {
    let files = files("tests/fixtures", &["xml", "atom", "json", "rss", "rdf"]);
    let (strict, lenient) = check_paths_agree(&files, "https://site.example/feed/");
    println!("fixtures: {strict} via feed-rs, {lenient} via the lenient reader");
}

#[test]
fn hostile_files_agree_across_paths() {
    let files = files(
        "tests/hostile",
        &["xml", "atom", "json", "rss", "rdf", "html", "opml"],
    );
    let (strict, lenient) = check_paths_agree(&files, FEED_URL);
    println!("hostile: {strict} via feed-rs, {lenient} via the lenient reader");
}

#[test]
fn feedparser_cases_agree_across_paths() {
    let files = files("tests/feedparser", &["xml"]);
    assert!(files.len() >= 400);
    let (strict, lenient) = check_paths_agree(&files, "http://example.com/feed.xml");
    println!("feedparser: {strict} via feed-rs, {lenient} via the lenient reader");
}

#[test]
fn keys_do_not_depend_on_the_path() {
    // A guid-less item with a relative link: its key is the link resolved against the
    // channel link on both paths (feed-rs alone would resolve it against the feed URL).
    let doc = b"<rss version=\"2.0\"><channel><title>T</title><link>https://site.example/news/</link>\
        <item><title>a</title><link>2025/a?utm_source=rss</link>\
        <pubDate>Senin, 28 Juli 2025 09:30 WIB</pubDate></item></channel></rss>";
    let (f, p) = parse_with_path(doc, FEED_URL).unwrap();
    assert_eq!(p, ParsePath::FeedRs);
    assert_eq!(f.items[0].key, "https://site.example/news/2025/a");
    assert_eq!(f, parse_lenient_only(doc, FEED_URL).unwrap());
    // Indonesian date read by kabar's date parser on the feed-rs path too.
    assert_eq!(
        f.items[0].published,
        kabar::feed::dates::parse_date("2025-07-28T09:30:00+07:00")
    );
    // Neither guid nor link: a hash key, which only the lenient path computes.
    let doc = b"<rss version=\"2.0\"><channel><item><title>a</title><description>x</description>\
        </item></channel></rss>";
    let (f, p) = parse_with_path(doc, FEED_URL).unwrap();
    assert_eq!(p, ParsePath::Lenient);
    assert!(f.items[0].key.starts_with("fnv1a64:"));
}

#[test]
fn large_wordpress_feed_is_fast_and_single_pass() {
    let one = String::from_utf8(read("tests/fixtures/wordpress-full.xml")).unwrap();
    let start = one.find("<item>").unwrap();
    let end = one.rfind("</item>").unwrap() + "</item>".len();
    let item = &one[start..end];
    let mut items = String::new();
    let mut i = 0;
    while items.len() < 2_000_000 {
        items.push_str(&item.replace("</guid>", &format!("-{i}</guid>")));
        i += 1;
    }
    let doc = format!("{}{}{}", &one[..start], items, &one[end..]);
    let t = std::time::Instant::now();
    let (f, p) = parse_with_path(doc.as_bytes(), "https://lampost.example/feed/").unwrap();
    let elapsed = t.elapsed();
    assert_eq!(p, ParsePath::FeedRs);
    assert_eq!(f.items.len(), i);
    println!(
        "{} items, {} bytes: {elapsed:?} (debug build: {})",
        i,
        doc.len(),
        cfg!(debug_assertions)
    );
    if !cfg!(debug_assertions) {
        assert!(elapsed.as_millis() < 50, "{elapsed:?}");
    }
    // Same result as the lenient reader.
    assert_eq!(
        f,
        parse_lenient_only(doc.as_bytes(), "https://lampost.example/feed/").unwrap()
    );
    let _ = parse(doc.as_bytes(), "https://lampost.example/feed/").unwrap();
    let _ = Path::new("");
}
