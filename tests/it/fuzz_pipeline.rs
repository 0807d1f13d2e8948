//! Property-based fuzzing of the untrusted-text pipeline: bytes → parse → clean → render at
//! several widths. Arbitrary bytes and feed-shaped documents full of control characters, escape
//! sequences, bidi controls, entities and deep markup must never panic, every rendered line must
//! fit its width, and no output string may carry a control, escape or bidi character.
//!
//! `cargo test --test fuzz_pipeline` runs a modest number of cases (256 per property, the
//! proptest default). The long run:
//!
//! ```sh
//! PROPTEST_CASES=100000 cargo test --release --test fuzz_pipeline
//! ```
//!
//! A failing case is shrunk and saved under `tests/proptest-regressions/` so it is replayed first
//! from then on.
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::{is_forbidden, is_invisible_in_line};
use proptest::prelude::*;

const WIDTHS: [usize; 4] = [20, 40, 80, 133];
const FEED_URL: &str = "https://example.com/feed.xml";

fn config() -> ProptestConfig {
    // `ProptestConfig::default()` reads PROPTEST_CASES (default 256).
    ProptestConfig {
        max_shrink_iters: 2000,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Checks

fn check_line(what: &str, s: &str) {
    if let Some(c) = s
        .chars()
        .find(|c| is_forbidden(*c, false) || is_invisible_in_line(*c))
    {
        panic!("{what}: U+{:04X} in {s:?}", c as u32);
    }
}

fn check_body_line(what: &str, s: &str) {
    if let Some(c) = s.chars().find(|c| is_forbidden(*c, false)) {
        panic!("{what}: U+{:04X} in {s:?}", c as u32);
    }
}

fn check_link(what: &str, l: &str) {
    check_line(what, l);
    assert!(
        l.starts_with("http://") || l.starts_with("https://"),
        "{what}: not http(s): {l:?}"
    );
    assert_eq!(
        kabar::text::safe_link(l).as_deref(),
        Some(l),
        "{what}: not a normalised safe link"
    );
}

/// Clean and render `html` at every width (as the article view does) and check the lines and
/// links.
fn check_render(what: &str, html: &str, base: Option<&str>) {
    let cleaned = kabar::article::clean::clean_for(html, base);
    for w in WIDTHS {
        let r = kabar::article::render::render_with_base(&cleaned, w, base);
        for (i, l) in r.lines.iter().enumerate() {
            check_body_line(&format!("{what} w={w} line {i}"), l);
            assert!(!l.contains('\n'), "{what} w={w}: newline inside a line");
            let lw = kabar::text::width::width(l);
            assert!(lw <= w, "{what} w={w} line {i} is {lw} wide: {l:?}");
        }
        for l in &r.links {
            check_link(&format!("{what} w={w} link"), l);
        }
    }
}

/// The whole pipeline on one document.
fn check_document(bytes: &[u8]) {
    let feed = match kabar::feed::parse::parse(bytes, FEED_URL) {
        Ok(f) => f,
        Err(e) => {
            check_line("parse error", &e.to_string());
            return;
        }
    };
    if let Some(t) = &feed.title {
        check_line("feed title", t);
    }
    if let Some(l) = &feed.site_link {
        check_link("site link", l);
    }
    for (i, it) in feed.items.iter().enumerate() {
        check_line(&format!("item {i} title"), &it.title);
        assert!(!it.title.is_empty(), "item {i}: empty title");
        if let Some(a) = &it.author {
            check_line(&format!("item {i} author"), a);
        }
        if let Some(l) = &it.link {
            check_link(&format!("item {i} link"), l);
        }
        for (name, body) in [("summary", &it.summary), ("content", &it.content)] {
            if let Some(b) = body
                && let Some(c) = b.chars().find(|c| is_forbidden(*c, true) && *c != '\r')
            {
                panic!("item {i} {name}: U+{:04X} stored", c as u32);
            }
        }
        for w in WIDTHS {
            for l in kabar::text::width::wrap(&it.title, w) {
                assert!(kabar::text::width::width(&l) <= w);
            }
        }
        let body = it.body();
        check_render(&format!("item {i} body"), body, it.link.as_deref());
        // The article view also asks whether the item is only an excerpt (a second HTML parse).
        let _ = kabar::article::extract::is_excerpt(it.summary.as_deref(), it.content.as_deref());
    }
}

// ---------------------------------------------------------------------------------------------
// Generators

/// Nasty fragments: controls, escape sequences, bidi, invisible characters, entities, markup.
fn nasty() -> impl Strategy<Value = String> {
    prop_oneof![
        // Single control / special characters.
        (0u32..0x20).prop_map(|c| char::from_u32(c).unwrap().to_string()),
        (0x7fu32..0xa0).prop_map(|c| char::from_u32(c).unwrap().to_string()),
        prop::sample::select(vec![
            "\u{202a}",
            "\u{202b}",
            "\u{202c}",
            "\u{202d}",
            "\u{202e}",
            "\u{2066}",
            "\u{2067}",
            "\u{2068}",
            "\u{2069}",
            "\u{200e}",
            "\u{200f}",
            "\u{061c}",
            "\u{200b}",
            "\u{200c}",
            "\u{200d}",
            "\u{2060}",
            "\u{feff}",
            "\u{2028}",
            "\u{2029}",
            "\u{00ad}",
            "\u{e0041}",
            "\u{e007f}",
            "\u{fffd}",
            "\u{fff9}",
            "\u{1d173}",
        ])
        .prop_map(str::to_owned),
        // Whole escape sequences, terminated and not.
        prop::sample::select(vec![
            "\x1b[2J",
            "\x1b[?1049l",
            "\x1b[6n",
            "\x1b[c",
            "\x1b[21t",
            "\x1bP$q\"p\x1b\\",
            "\x1b[?1000h",
            "\x1bc",
            "\x1b]0;pwned\x07",
            "\x1b]2;pwned\x1b\\",
            "\x1b]52;c;Y3VybCBldmlsfHNo\x07",
            "\x1b]8;;https://attacker.invalid/\x1b\\bank\x1b]8;;\x1b\\",
            "\x1b[999999999b",
            "\x1b[?2026h",
            "\x1b]0;unterminated",
            "\x1b[",
            "\x1b",
            "\u{9b}31m",
            "\u{9d}0;t\u{9c}",
            "\u{90}q\u{9c}",
            "\x1b(0",
            "\x1b#8",
            "Safe\x08\x08\x08\x08Evil",
            "good\rEVIL",
        ])
        .prop_map(str::to_owned),
        // Entities, good and bad.
        prop::sample::select(vec![
            "&amp;",
            "&lt;",
            "&gt;",
            "&quot;",
            "&#27;",
            "&#x1b;",
            "&#x1B;[2J",
            "&#x202E;",
            "&#8238;",
            "&#0;",
            "&#x0;",
            "&#xD800;",
            "&#1114112;",
            "&#x110000;",
            "&#99999999999;",
            "&nbsp;",
            "&eacute;",
            "&hellip;",
            "&bogus;",
            "&",
            "&#",
            "&#x;",
            "&#;",
            "&amp;#27;",
            "&amp;lt;script&amp;gt;",
            "&#x85;",
            "&#133;",
            "&#x9b;",
            "&#155;",
            "&#8232;",
        ])
        .prop_map(str::to_owned),
        // Markup.
        prop::sample::select(vec![
            "<b>",
            "</b>",
            "<i>",
            "<p>",
            "</p>",
            "<br>",
            "<br/>",
            "<div>",
            "</div>",
            "<span>",
            "<script>alert(1)</script>",
            "<style>x{}</style>",
            "<![CDATA[",
            "]]>",
            "<!--",
            "-->",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<a href=\"https://example.org/a\">a</a>",
            "<a href=\"\x1b[2J\">esc</a>",
            "<a href=\"https://e.org/\u{202e}x\">bidi</a>",
            "<a href=\"//evil.example/p\">pr</a>",
            "<a href=\"../rel\">rel</a>",
            "<img src=\"x\" alt=\"\x1b]0;t\x07\">",
            "<img alt=\"a&#x1b;b\">",
            "<pre>\t\x1b[1m\tx</pre>",
            "<table><tr><td>a</td><td>b</td></tr></table>",
            "<ul><li>x</li></ul>",
            "<ol><li>",
            "<blockquote>",
            "<h1>",
            "<hr>",
            "<base href=\"https://attacker.invalid/\">",
            "<meta http-equiv=\"refresh\" content=\"0;url=javascript:x\">",
            "<svg><script>x</script></svg>",
            "<iframe srcdoc=\"<b>x</b>\"></iframe>",
            "<noscript>ns</noscript>",
            "<template>t</template>",
            "<",
            ">",
            "</",
            "<a",
            "<a href=",
            "=\"",
            "\"",
        ])
        .prop_map(str::to_owned),
        // Wide, combining and right-to-left text.
        prop::sample::select(vec![
            "日本語のテキスト",
            "😀",
            "👩\u{200d}👩\u{200d}👧",
            "e\u{301}",
            "\u{5d0}\u{5d1}",
            "مرحبا",
            "\u{1100}\u{1161}",
            "ＡＢＣ",
            "\u{3000}",
            "\t",
            "\n",
            "  ",
            "x",
        ])
        .prop_map(str::to_owned),
        // Deep nesting.
        (
            prop::sample::select(vec![
                "<div>",
                "<span>",
                "<blockquote>",
                "<ul><li>",
                "<b><i>",
                "<table><tr><td>"
            ]),
            1usize..1500
        )
            .prop_map(|(t, n)| t.repeat(n)),
        // A long word.
        (
            prop::sample::select(vec!["a", "日", "😀", "-", "/"]),
            1usize..400
        )
            .prop_map(|(t, n)| t.repeat(n)),
        // Arbitrary Unicode.
        any::<String>(),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(nasty(), 0..12).prop_map(|v| v.concat())
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// How a piece of text is put into an XML element.
fn wrap_xml(s: &str, mode: u8) -> String {
    match mode % 3 {
        0 => s.to_string(),
        1 => xml_escape(s),
        _ => format!("<![CDATA[{s}]]>"),
    }
}

#[derive(Debug, Clone)]
struct Item {
    title: String,
    link: String,
    author: String,
    body: String,
    content: String,
    date: String,
    modes: [u8; 5],
}

fn item() -> impl Strategy<Value = Item> {
    let link = prop_oneof![
        text(),
        text().prop_map(|t| format!("https://example.com/{t}")),
        prop::sample::select(vec![
            "javascript:alert(1)",
            " JaVaScRiPt:alert(1)",
            "java\tscript:x",
            "data:text/html,x",
            "file:///etc/passwd",
            "-oProxyCommand=touch /tmp/pwned",
            "//evil.example/p",
            "relative/x.html",
            "\\\\host\\share",
            "http://[::1",
            "https://example.com/\u{202e}fdp.exe",
            "https://example.com/\x1b[2J",
        ])
        .prop_map(str::to_owned),
    ];
    let date = prop_oneof![
        text(),
        prop::sample::select(vec![
            "Mon, 06 Jan 2025 10:00:00 +0000",
            "2025-01-06T10:00:00Z",
            "Tue, 31 Feb 2025 25:61:61 +9999",
            "99999999999999999999",
            "-0001-01-01T00:00:00Z",
            "",
        ])
        .prop_map(str::to_owned),
    ];
    (
        text(),
        link,
        text(),
        text(),
        text(),
        date,
        prop::array::uniform5(any::<u8>()),
    )
        .prop_map(|(title, link, author, body, content, date, modes)| Item {
            title,
            link,
            author,
            body,
            content,
            date,
            modes,
        })
}

fn rss(title: &str, items: &[Item]) -> String {
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" \
         xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>{}</title>\
         <link>https://example.com/</link>\n",
        xml_escape(title)
    );
    for it in items {
        s.push_str(&format!(
            "<item><title>{}</title><link>{}</link><dc:creator>{}</dc:creator>\
             <description>{}</description><content:encoded>{}</content:encoded>\
             <pubDate>{}</pubDate><guid>{}</guid></item>\n",
            wrap_xml(&it.title, it.modes[0]),
            wrap_xml(&it.link, it.modes[1]),
            wrap_xml(&it.author, it.modes[2]),
            wrap_xml(&it.body, it.modes[3]),
            wrap_xml(&it.content, it.modes[4]),
            xml_escape(&it.date),
            xml_escape(&it.link),
        ));
    }
    s.push_str("</channel></rss>\n");
    s
}

fn atom(title: &str, items: &[Item]) -> String {
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" \
         xml:base=\"https://example.com/base/\"><title type=\"html\">{}</title>\n",
        xml_escape(title)
    );
    for it in items {
        let content = if it.modes[4] % 2 == 0 {
            format!(
                "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">{}</div></content>",
                it.content
            )
        } else {
            format!(
                "<content type=\"html\">{}</content>",
                wrap_xml(&it.content, it.modes[4])
            )
        };
        s.push_str(&format!(
            "<entry><title type=\"{}\">{}</title><link rel=\"alternate\" href=\"{}\"/>\
             <author><name>{}</name></author><summary type=\"html\">{}</summary>{content}\
             <updated>{}</updated><id>{}</id></entry>\n",
            ["text", "html", "xhtml"][(it.modes[0] % 3) as usize],
            wrap_xml(&it.title, it.modes[0]),
            xml_escape(&it.link).replace('"', "&quot;"),
            wrap_xml(&it.author, it.modes[2]),
            wrap_xml(&it.body, it.modes[3]),
            xml_escape(&it.date),
            xml_escape(&it.link),
        ));
    }
    s.push_str("</feed>\n");
    s
}

fn json_feed(title: &str, items: &[Item]) -> String {
    let items: Vec<serde_json::Value> = items
        .iter()
        .map(|it| {
            serde_json::json!({
                "id": it.link,
                "url": it.link,
                "title": it.title,
                "content_html": it.content,
                "content_text": it.body,
                "summary": it.body,
                "date_published": it.date,
                "authors": [{"name": it.author}],
            })
        })
        .collect();
    serde_json::json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "home_page_url": "https://example.com/",
        "feed_url": FEED_URL,
        "items": items,
    })
    .to_string()
}

fn document() -> impl Strategy<Value = Vec<u8>> {
    (
        0u8..3,
        text(),
        prop::collection::vec(item(), 0..4),
        0usize..64,
        any::<bool>(),
    )
        .prop_map(|(kind, title, items, cut, truncate)| {
            let doc = match kind {
                0 => rss(&title, &items),
                1 => atom(&title, &items),
                _ => json_feed(&title, &items),
            };
            let mut bytes = doc.into_bytes();
            if truncate && cut > 0 {
                let n = bytes.len().saturating_sub(cut * 7);
                bytes.truncate(n);
            }
            bytes
        })
}

// ---------------------------------------------------------------------------------------------
// Properties

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_bytes_never_panic_nor_leak(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        check_document(&bytes);
    }

    #[test]
    fn arbitrary_bytes_after_a_feed_prolog(
        head in 0u8..4,
        bytes in prop::collection::vec(any::<u8>(), 0..2048),
    ) {
        let prolog: &[u8] = match head {
            0 => b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>",
            1 => b"<?xml version=\"1.0\" encoding=\"windows-1252\"?><rss><channel><item><title>",
            2 => b"<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><content type=\"html\">",
            _ => b"\xEF\xBB\xBF{\"version\":\"https://jsonfeed.org/version/1\",\"items\":[{\"title\":\"",
        };
        let mut doc = prolog.to_vec();
        doc.extend_from_slice(&bytes);
        check_document(&doc);
    }

    #[test]
    fn feed_shaped_documents(doc in document()) {
        check_document(&doc);
    }

    #[test]
    fn render_arbitrary_html(html in text(), base in prop::option::of(text())) {
        check_render("html", &html, base.as_deref());
        check_render("html", &html, Some("https://example.com/a/b.html"));
    }

    #[test]
    fn sanitizers_hold_their_promises(s in text()) {
        let line = kabar::text::sanitize_line(&s);
        check_line("sanitize_line", &line);
        prop_assert_eq!(kabar::text::sanitize_line(&line), line.clone(), "idempotent");
        let body = kabar::text::sanitize_text(&s);
        for l in body.split('\n') {
            check_body_line("sanitize_text", l);
            prop_assert!(!l.contains('\t'));
        }
        if let Some(u) = kabar::text::safe_link(&s) {
            check_link("safe_link", &u);
        }
        for w in WIDTHS {
            for l in kabar::text::width::wrap(&line, w) {
                prop_assert!(kabar::text::width::width(&l) <= w);
            }
            prop_assert!(kabar::text::width::width(&kabar::text::width::truncate(&line, w)) <= w);
        }
    }
}

/// Every hostile corpus file through the same checks (fast; a smoke test for the checks too).
#[test]
fn corpus_passes_the_checks() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile");
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x != "md") {
            check_document(&std::fs::read(&p).unwrap());
        }
    }
}
