//! Tests of `parse`.

use super::*;

const URL: &str = "https://feeds.example.com/feed.xml";

fn one(xml: &str) -> ParsedItem {
    let f = parse(xml.as_bytes(), URL).unwrap();
    assert_eq!(f.items.len(), 1, "{f:#?}");
    f.items.into_iter().next().unwrap()
}

#[test]
fn fnv1a_known_values() {
    let h = |s: &str| {
        let mut f = Fnv1a::new();
        f.write(s.as_bytes());
        f.finish()
    };
    assert_eq!(h(""), 0xcbf29ce484222325);
    assert_eq!(h("a"), 0xaf63dc4c8601ec8c);
    assert_eq!(h("foobar"), 0x85944171f73967e8);
}

#[test]
fn empty_and_html() {
    assert_eq!(parse(b"", URL), Err(ParseError::Empty));
    assert_eq!(parse(b" \n\t\r\n", URL), Err(ParseError::Empty));
    assert_eq!(parse(b"\xEF\xBB\xBF  \n", URL), Err(ParseError::Empty));
    assert_eq!(
        parse(b"<!DOCTYPE html><html><body>x</body></html>", URL),
        Err(ParseError::Html)
    );
    assert_eq!(
        parse(b"\n  <HTML lang=id><head></head></HTML>", URL),
        Err(ParseError::Html)
    );
    assert_eq!(
        parse(b"<?xml version=\"1.0\"?>\n<!-- c --><html xmlns=\"http://www.w3.org/1999/xhtml\"><body/></html>", URL),
        Err(ParseError::Html)
    );
    assert!(matches!(parse(b"hello", URL), Err(ParseError::Invalid(_))));
    assert!(matches!(
        parse(b"<opml version=\"2.0\"><body/></opml>", URL),
        Err(ParseError::Invalid(_))
    ));
    assert!(matches!(
        parse(b"{\"a\": 1}", URL),
        Err(ParseError::Invalid(_))
    ));
    assert!(matches!(
        parse(b"{\"items\": [", URL),
        Err(ParseError::Invalid(_))
    ));
}

#[test]
fn truncation_is_an_error_at_every_cut() {
    let doc = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>\
        <item><title>A</title><link>https://example.com/a</link></item>\
        <item><title>B &amp; C</title><description><![CDATA[<p>x</p>]]></description></item>\
        </channel></rss>";
    let full = parse(doc.as_bytes(), URL).unwrap();
    assert_eq!(full.items.len(), 2);
    let root_close = doc.rfind("</rss>").unwrap();
    for cut in 1..root_close {
        if !doc.is_char_boundary(cut) {
            continue;
        }
        let r = parse(&doc.as_bytes()[..cut], URL);
        assert!(r.is_err(), "cut at {cut} ({:?}) parsed: {r:?}", &doc[..cut]);
    }
    // Losing only the last '>' of the root end tag is recovered.
    for cut in root_close + "</rss".len()..doc.len() {
        assert_eq!(
            parse(&doc.as_bytes()[..cut], URL).unwrap(),
            full,
            "cut at {cut}"
        );
    }
}

#[test]
fn item_link_and_body_link_lose_the_same_tracking_parameters() {
    // Before one list, the item link kept ref/_ga/xtor that the body link lost, and the
    // body link kept twclid/mkt_tok that the item link lost.
    let link = "https://x.example/a?id=1&amp;ref=rss&amp;_ga=2&amp;xtor=RSS-3&amp;twclid=4&amp;mkt_tok=5&amp;utm_source=rss";
    let xml = format!(
        "<rss><channel><item><title>t</title><link>{link}</link>\
         <description><![CDATA[<p>see <a href=\"{}\">this</a></p>]]></description>\
         </item></channel></rss>",
        link.replace("&amp;", "&")
    );
    let it = one(&xml);
    assert_eq!(it.link.as_deref(), Some("https://x.example/a?id=1"));
    let body = crate::article::clean::clean_for(it.body(), it.link.as_deref());
    assert!(body.contains("href=\"https://x.example/a?id=1\""), "{body}");
}

#[test]
fn rss_basics_and_keys() {
    let it = one(
        "<rss version=\"2.0\"><channel><link>https://site.example/</link><item>\
         <title>Judul &amp; <![CDATA[lain]]></title><link>/a?utm_source=rss&amp;id=5&amp;fbclid=x</link>\
         <guid isPermaLink=\"false\">  g-1  </guid><pubDate>Senin, 28 Juli 2025 09:30 WIB</pubDate>\
         <dc:creator xmlns:dc=\"http://purl.org/dc/elements/1.1/\">Ozi</dc:creator>\
         <description>&lt;p&gt;Ringkas &lt;a href=\"/b\"&gt;b&lt;/a&gt;&lt;/p&gt;</description>\
         </item></channel></rss>",
    );
    assert_eq!(it.title, "Judul & lain");
    assert_eq!(it.link.as_deref(), Some("https://site.example/a?id=5"));
    assert_eq!(it.key, "g-1");
    assert_eq!(it.author.as_deref(), Some("Ozi"));
    assert_eq!(
        it.published,
        crate::feed::dates::parse_date("2025-07-28T09:30:00+07:00")
    );
    assert_eq!(
        it.summary.as_deref(),
        Some("<p>Ringkas <a href=\"https://site.example/b\">b</a></p>")
    );
    assert_eq!(it.content, None);
}

#[test]
fn keys_fall_back_to_link_then_hash() {
    let f = parse(
        b"<rss><channel><item><title>x</title><link>https://e.example/p?utm_medium=feed</link></item>\
          <item><title>same</title><description>one</description></item>\
          <item><title>same</title><description>two</description></item>\
          <item><title>same</title><description>two</description></item>\
          <item><guid>https://e.example/p</guid></item></channel></rss>",
        URL,
    )
    .unwrap();
    let keys: Vec<&str> = f.items.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(keys.len(), 3, "{keys:?}");
    assert_eq!(keys[0], "https://e.example/p");
    assert!(
        keys[1].starts_with("fnv1a64:") && keys[2].starts_with("fnv1a64:") && keys[1] != keys[2]
    );
    let again = parse(
        b"<rss><channel><item><title>same</title><description>one</description></item></channel></rss>",
        URL,
    )
    .unwrap();
    assert_eq!(again.items[0].key, keys[1]);
}

#[test]
fn atom_text_constructs() {
    let t = |attrs: &str, body: &str| {
        one(&format!(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title {attrs}>{body}</title></entry></feed>"
        ))
        .title
    };
    assert_eq!(
        t("type=\"text\"", "History of the &lt;blink&gt; tag"),
        "History of the <blink> tag"
    );
    assert_eq!(
        t("type=\"html\"", "Example &lt;b&gt;Atom&lt;/b&gt;"),
        "Example Atom"
    );
    assert_eq!(
        t(
            "type=\"xhtml\"",
            "<div xmlns=\"http://www.w3.org/1999/xhtml\">History of the &lt;blink&gt; tag</div>"
        ),
        "History of the <blink> tag"
    );
    assert_eq!(
        t(
            "type=\"application/octet-stream\"",
            "RXhhbXBsZSA8Yj5BdG9tPC9iPg=="
        ),
        "Example <b>Atom</b>"
    );
    assert_eq!(t("type=\"\"", "evil"), "evil");
    assert_eq!(t("", "  "), UNTITLED);
}

#[test]
fn xhtml_content_keeps_escaping() {
    let it = one(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>x</title>\
         <content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><p>a &lt;script&gt; b<br/>c</p></div></content>\
         </entry></feed>",
    );
    assert_eq!(
        it.content.as_deref(),
        Some("<p>a &lt;script&gt; b<br />c</p>")
    );
}

#[test]
fn plain_text_bodies_become_html() {
    let it = one(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>x</title>\
         <summary type=\"text\">1 &lt; 2\nline</summary></entry></feed>",
    );
    assert_eq!(it.summary.as_deref(), Some("<p>1 &lt; 2<br>\nline</p>"));
}

#[test]
fn entities_and_bare_ampersands() {
    let it = one(
        "<rss version=\"2.0\"><channel><item><title>AT&T caf&eacute; &hellip; &unknown; &#8211; &#x41;</title>\
         <link>https://e.example/?a=1&b=2</link></item></channel></rss>",
    );
    assert_eq!(it.title, "AT&T café … &unknown; – A");
    assert_eq!(it.link.as_deref(), Some("https://e.example/?a=1&b=2"));
}

#[test]
fn encodings() {
    let mut doc = b"<?xml version=\"1.0\" encoding=\"windows-1252\"?><rss version=\"2.0\"><channel><item><title>".to_vec();
    doc.extend_from_slice(b"\x80 \x93q\x94 caf\xe9");
    doc.extend_from_slice(b"</title></item></channel></rss>");
    assert_eq!(one(&decode_document(&doc)).title, "€ “q” café");
    assert_eq!(parse(&doc, URL).unwrap().items[0].title, "€ “q” café");
    // UTF-8 declared (or not), invalid bytes → U+FFFD, items kept.
    let bad = b"<rss version=\"2.0\"><channel><item><title>caf\xe9</title></item></channel></rss>";
    assert_eq!(parse(bad, URL).unwrap().items[0].title, "caf\u{FFFD}");
    // Misdeclared: says iso-8859-1, bytes are UTF-8.
    let mis = "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><rss><channel><item><title>café</title></item></channel></rss>";
    assert_eq!(parse(mis.as_bytes(), URL).unwrap().items[0].title, "café");
    // UTF-16 with BOM
    let s = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss><channel><item><title>ünï</title></item></channel></rss>";
    let mut u16 = vec![0xFF, 0xFE];
    for unit in s.encode_utf16() {
        u16.extend_from_slice(&unit.to_le_bytes());
    }
    assert_eq!(parse(&u16, URL).unwrap().items[0].title, "ünï");
}

#[test]
fn long_fields_are_capped() {
    let title = "x".repeat(5000);
    let link = format!("https://e.example/{}", "a".repeat(9000));
    let it = one(&format!(
        "<rss><channel><item><title>{title}</title><link>{link}</link><guid>{}</guid></item></channel></rss>",
        "g".repeat(30000)
    ));
    assert_eq!(it.title.chars().count(), MAX_TITLE_CHARS);
    assert!(it.title.ends_with('…'));
    assert_eq!(it.link, None);
    assert_eq!(it.key.len(), 30000);
}

#[test]
fn deep_nesting_is_bounded() {
    let n = 100_000;
    let doc = format!(
        "<rss><channel><item><title>deep</title><description>{}x{}</description></item></channel></rss>",
        "<div>".repeat(n),
        "</div>".repeat(n)
    );
    let f = parse(doc.as_bytes(), URL).unwrap();
    assert_eq!(f.items[0].title, "deep");
}
