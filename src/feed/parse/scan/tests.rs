//! Tests of `scan`.

use super::*;

fn ok(doc: &str) -> Scan {
    scan_xml(doc).unwrap_or_else(|e| panic!("declined ({e}): {doc}"))
}

fn declined(doc: &str) -> &'static str {
    match scan_xml(doc) {
        Ok(s) => panic!("accepted: {doc} ({s:?})"),
        Err(e) => e,
    }
}

const DC: &str = "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"";

#[test]
fn clean_rss_is_accepted() {
    let s = ok(&format!(
        "<rss version=\"2.0\" {DC}><channel><title>T</title><link>https://s.example/</link>\
         <item><title>a &amp; b &#8211;</title><link>https://s.example/a</link>\
         <guid isPermaLink=\"false\">1</guid><pubDate>Mon, 22 Apr 2019 15:40:00 +0000</pubDate>\
         <dc:creator><![CDATA[ozi]]></dc:creator><description><![CDATA[<p>&nbsp;x</p>]]></description>\
         </item><item><title>b</title><link>https://s.example/b</link><guid>https://s.example/?p=2</guid></item>\
         </channel></rss><!-- cache -->"
    ));
    assert_eq!(s.format, Format::Rss2);
    assert_eq!(s.items, Some(2));
    assert_eq!(s.permalinks, vec![false, true]);
    assert_eq!(s.item_dates, 1);
}

#[test]
fn clean_atom_is_accepted() {
    let s = ok(
        "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"https://b.example/x/\">\
         <title type=\"html\">T</title><link href=\"/\"/><author><name>A</name></author>\
         <entry><id>1</id><title>x</title><link rel=\"alternate\" href=\"a\"/><updated>2025-01-01T00:00:00Z</updated>\
         <content type=\"html\">&lt;p&gt;x&lt;/p&gt;</content></entry></feed>",
    );
    assert_eq!(s.format, Format::Atom);
    assert_eq!(s.items, Some(1));
    assert_eq!(s.root_base.unwrap().as_str(), "https://b.example/x/");
}

#[test]
fn wordpress_extensions_are_accepted() {
    // Jetpack's feed additions declare a default namespace on elements both readers skip.
    let doc = format!(
        "<rss version=\"2.0\" {DC} xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" \
         xmlns:wfw=\"http://wellformedweb.org/CommentAPI/\" xmlns:atom=\"http://www.w3.org/2005/Atom\" \
         xmlns:sy=\"http://purl.org/rss/1.0/modules/syndication/\" xmlns:slash=\"http://purl.org/rss/1.0/modules/slash/\">\
         <channel><title>T</title><atom:link href=\"https://s.example/feed/\" rel=\"self\" type=\"application/rss+xml\" />\
         <link>https://s.example</link><lastBuildDate>Mon, 28 Jul 2025 03:00:00 +0000</lastBuildDate>\
         <sy:updatePeriod>\n\thourly\t</sy:updatePeriod><site xmlns=\"com-wordpress:feed-additions:1\">1</site>\
         <item><title>a</title><link>https://s.example/a/</link><comments>https://s.example/a/#respond</comments>\
         <dc:creator><![CDATA[x]]></dc:creator><pubDate>Mon, 28 Jul 2025 02:00:00 +0000</pubDate>\
         <category><![CDATA[Berita]]></category><guid isPermaLink=\"false\">https://s.example/?p=1</guid>\
         <description><![CDATA[d]]></description><content:encoded><![CDATA[<p>c</p>]]></content:encoded>\
         <wfw:commentRss>https://s.example/a/feed/</wfw:commentRss><slash:comments>0</slash:comments>\
         <post-id xmlns=\"com-wordpress:feed-additions:1\">1</post-id></item></channel></rss>"
    );
    let s = ok(&doc);
    assert_eq!(s.items, Some(1));
    // …but not on an element one of them reads.
    declined(&doc.replace("<title>a</title>", "<title xmlns=\"urn:x\">a</title>"));
}

#[test]
fn known_feedrs_weaknesses_are_declined() {
    declined("<rss><channel><item><title>x</title></item></channel></rss>");
    declined("<rss version=\"2.0\" xmlns=\"http://backend.userland.com/rss2\"><channel/></rss>");
    declined("<feed xmlns=\"http://purl.org/atom/ns#\"><entry/></feed>");
    declined(
        "<rss version=\"2.0\"><channel><item><title>caf&eacute;</title></item></channel></rss>",
    );
    declined("<rss version=\"2.0\"><channel><item><title>AT&T</title></item></channel></rss>");
    declined(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><content type=\"xhtml\">\
         <div xmlns=\"http://www.w3.org/1999/xhtml\">x</div></content></entry></feed>",
    );
    declined(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title type=\"image/gif\">x</title></entry></feed>",
    );
    declined(
        "<rss version=\"2.0\"><channel><item><title>a</title><title>b</title></item></channel></rss>",
    );
    declined("<rss version=\"2.0\"><channel><item><Title>a</Title></item></channel></rss>");
    declined("<rss version=\"2.0\"><channel><item><dc:date>x</dc:date></item></channel></rss>");
    declined(
        "<rss version=\"2.0\"><channel><item><description><p>x</p></description></item></channel></rss>",
    );
    declined("<rss version=\"2.0\"><channel><item><title>x</title></item></channel>");
    declined("<rss version=\"2.0\"><channel><item><title>x</title></item></channel></rs>");
    declined("<rss version=\"2.0\"><channel></channel><channel></channel></rss>");
    declined("<rss version=\"2.0\"><item><title>x</title></item></rss>");
    declined("<rss version=\"2.0\" xml:base=\"/rel/\"><channel/></rss>");
    declined(
        "<rss version=\"2.0\"><channel><item xml:base=\"https://a.example/\"/></channel></rss>",
    );
    declined("<!DOCTYPE rss [<!ENTITY a \"b\">]><rss version=\"2.0\"><channel/></rss>");
    declined("<rss version=\"2.0\"><channel><item><title>&#150;</title></item></channel></rss>");
    declined(&format!(
        "<rss version=\"2.0\" {DC}><channel><item><dcterms:modified xmlns:dcterms=\"http://purl.org/dc/terms/\">x</dcterms:modified></item></channel></rss>"
    ));
    declined(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><author>Bob</author></entry></feed>",
    );
    declined("<rss version=\"2.0\"><channel><item><link href=\"x\"/></item></channel></rss>");
}

#[test]
fn json_checks() {
    let ok = |d: &str| scan_json(d).is_ok();
    assert!(ok(
        "{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[]}"
    ));
    assert!(!ok("{\"items\":[{\"content_text\":\"x\"}]}"));
    assert!(!ok("{\"feed_url\":\"x\",\"items\":[]}"));
    assert!(ok(
        "{\"home_page_url\": \"h\", \"feed_url\":\"x\",\"items\":[]}"
    ));
    // The first author has no name: feed-rs would show the second one.
    assert!(!ok(
        "{\"items\":[{\"authors\":[{\"url\":\"u\"},{\"name\":\"B\"}]}]}"
    ));
    assert!(ok(
        "{\"authors\":[{\"name\":\"A\"}],\"items\":[{\"title\":\"t\"}]}"
    ));
}
