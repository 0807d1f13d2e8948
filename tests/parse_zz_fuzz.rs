use kabar::feed::parse::{parse_feedrs_only, parse_lenient_only};

const SNIPPETS: &[&str] = &[
    "<title>X &amp; y</title>", "<Title>x</Title>", "<dc:date>2025-01-01</dc:date>", "<guid>g</guid>",
    "<guid isPermaLink=\"false\">g2</guid>", "<link>/rel</link>", "<link>https://abs.example/p?utm_source=x</link>",
    "<description>&lt;b&gt;d&lt;/b&gt; &amp;amp;</description>",
    "<content:encoded><![CDATA[<p>c <a href=\"/r\">r</a></p>]]></content:encoded>", "<atom:link href=\"/x\"/>",
    "<atom:link rel=\"alternate\" href=\"/y\"/>", "&amp;", "&#233;", "&#x41;", "<!-- c -->", "<![CDATA[ z ]]>",
    "<media:title>m</media:title>", "<author>a@b.c (Name)</author>", "<dc:creator>Dc Name</dc:creator>",
    "<pubDate>Mon, 01 Jan 2024 00:00:00 GMT</pubDate>", "<pubDate>Senin, 28 Juli 2025 09:30 WIB</pubDate>",
    "<pubDate>garbage</pubDate>", "<updated>2024-01-01T00:00:00Z</updated>", "<published>2024-02-01T00:00:00Z</published>",
    "<summary type=\"html\">s &lt;i&gt;i&lt;/i&gt;</summary>", "<summary>plain &lt;x&gt;</summary>",
    "<content type=\"html\">&lt;p&gt;h&lt;/p&gt;</content>", "<content type=\"text\">t &lt; u</content>",
    "<content type=\"text/plain\">tp</content>", "<content src=\"https://s.example/\"/>",
    "<entry><id>e</id><title>et</title><link href=\"https://e.example/\"/></entry>",
    "<entry><title>et</title><link href=\"rel/e\"/><updated>2024-01-01T00:00:00Z</updated></entry>",
    "<item><title>i</title><link>https://i.example/</link></item>", "<item><title>i2</title><guid>https://g.example/x</guid></item>",
    "<item><title>i3</title><link>rel/i3</link><pubDate>Mon, 01 Jan 2024 00:00:00 GMT</pubDate></item>",
    "<x xmlns=\"urn:x\"><title>t</title></x>", "<title xmlns=\"urn:x\">t</title>", "<p>para</p>", "<br/>",
    "<id>idv</id>", "<name>nm</name>", "<author><name>An</name><email>a@b</email></author>", "<author><email>a@b</email></author>",
    "<link rel=\"self\" href=\"https://self.example/\"/>", "<link rel=\"enclosure\" href=\"https://enc.example/a.mp3\"/>",
    "<link href=\"javascript:alert(1)\"/>", "<link>javascript:alert(1)</link>", "<enclosure url=\"https://e/x.mp3\" type=\"audio/mpeg\" length=\"1\"/>",
    "<title type=\"html\">&lt;b&gt;B&lt;/b&gt; &amp;amp; c</title>", "<title type=\"text\">&lt;b&gt;</title>", "<title></title>",
    "<title>  spaced   title  </title>", "<description></description>", "<description>   </description>",
    "<category>c</category>", "<comments>https://c.example/</comments>", "<source url=\"https://s/\">s</source>",
    "<itunes:author>ia</itunes:author>", "<dcterms:modified>2024-01-01</dcterms:modified>", "<lastBuildDate>Mon, 01 Jan 2024 00:00:00 GMT</lastBuildDate>",
    "<title>&#160;nb&#160;</title>", "<title>\u{a0}x\u{3000}</title>", "<title><![CDATA[<b>x</b> &amp; y]]></title>",
    "<title>a <!-- c --> b</title>", "<title>1 &lt; 2 &amp;&amp; 3 &gt; 2</title>", "<title>&lt;p&gt;para&lt;/p&gt;</title>",
    "<foo><title>t</title><link>https://foo.example/</link></foo>", "<item xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><title>i</title><link>https://i.example/</link><dc:creator>x</dc:creator></item>",
    "<dc:creator xmlns:dc=\"http://purl.org/dc/elements/1.1\">noslash</dc:creator>", "<a:title xmlns:a=\"http://www.w3.org/2005/Atom\">at</a:title>",
    "<r:title xmlns:r=\"http://purl.org/rss/1.0/\">rt</r:title>", "<guid>g<![CDATA[c]]>&amp;h</guid>", "<guid>  spaced guid  </guid>",
    "<link>  https://ws.example/a  </link>", "<link>\n https://nl.example/a\n</link>", "<entry xml:base=\"https://base.example/\"><id>b</id><link href=\"x\"/></entry>",
    "<entry xml:lang=\"id\"><id>l</id><title>l</title><link href=\"https://l.example/\"/></entry>", "<link rel=\"ALTERNATE\" href=\"https://up.example/\"/>",
    "<link rel=\" alternate \" href=\"https://sp.example/\"/>", "<link href=\"\"/>", "<link></link>", "<link/>", "<guid></guid>", "<id></id>", "<id>  </id>",
    "<author><name>  </name></author>", "<author><name>a@b.c (Paren)</name></author>", "<author>Name &lt;n@x.y&gt;</author>", "<author></author>",
    "<dc:creator></dc:creator>", "<dc:creator>author</dc:creator>", "<author>author</author>",
    "<pubDate>  Mon, 01 Jan 2024 00:00:00 GMT  </pubDate>", "<pubDate>2024-01-01 10:00</pubDate>", "<pubDate></pubDate>", "<updated>junk</updated>",
    "<published>2024-03-01T00:00:00+07:00</published><updated>2024-03-02T00:00:00Z</updated>",
    "<description>&amp;lt;b&amp;gt;</description>", "<description><![CDATA[<script>x</script><p>k</p>]]></description>", "<summary type=\"text\">a\nb</summary>",
    "<content type=\"html\"></content>", "<content></content>", "<content type=\"text/html\">th</content>", "<summary type=\"text/html\">sth</summary>",
    "<content:encoded></content:encoded>", "<content:encoded>   </content:encoded>", "<content:encoded>&lt;p&gt;esc&lt;/p&gt;</content:encoded>",
    "<media:content url=\"https://m/\"><media:title>mt</media:title></media:content>", "<media:group><media:title>g</media:title></media:group>",
    "<atom:updated>2024-01-01T00:00:00Z</atom:updated>", "<atom:id>aid</atom:id>", "<atom:summary>as</atom:summary>", "<atom:author><atom:name>n</atom:name></atom:author>",
    "<channel><title>c2</title></channel>", "<rss:item xmlns:rss=\"http://purl.org/rss/1.0/\"><rss:title>ri</rss:title></rss:item>",
    "<x:y xmlns:x=\"urn:x\"><item><title>inner</title></item></x:y>", "<textinput><title>ti</title><link>https://ti/</link></textinput>",
    "<title>\u{1b}]0;osc\u{7}t</title>", "<title>&#x202E;rlo</title>", "<title>&#8232;ls</title>", "<title>&#x85;</title>",
    "<image><url>https://i/</url><title>it</title><link>https://l/</link></image>", "\u{1b}[2J", "&#0;", "&#128;", "&lt;", "]]>", ">",
];

fn rng(state: &mut u64) -> u64 { *state ^= *state << 13; *state ^= *state >> 7; *state ^= *state << 17; *state }

#[test]
fn fuzz() {
    let mut seeds = Vec::new();
    for dir in ["tests/fixtures", "tests/hostile", "tests/feedparser"] {
        let mut v: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        v.sort();
        for p in v {
            let b = std::fs::read(&p).unwrap();
            if parse_feedrs_only(&b, "http://example.com/feed.xml").is_ok() {
                if let Ok(s) = String::from_utf8(b) { seeds.push((p.display().to_string(), s)); }
            }
        }
    }
    // extra atom + ns-declared seeds
    seeds.push(("atom-ns".into(), "<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:media=\"http://search.yahoo.com/mrss/\" xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\" xmlns:dcterms=\"http://purl.org/dc/terms/\"><title>F</title><link href=\"https://site.example/\"/><entry><id>1</id><title>a</title><link href=\"https://a.example/\"/><updated>2024-01-01T00:00:00Z</updated></entry></feed>".into()));
    seeds.push(("rss-ns".into(), "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:atom=\"http://www.w3.org/2005/Atom\" xmlns:media=\"http://search.yahoo.com/mrss/\" xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\" xmlns:dcterms=\"http://purl.org/dc/terms/\"><channel><title>F</title><link>https://site.example/dir/</link><item><title>a</title><link>https://a.example/</link><guid>1</guid><pubDate>Mon, 01 Jan 2024 00:00:00 GMT</pubDate></item></channel></rss>".into()));
    println!("{} seeds", seeds.len());
    let mut st = 0x9E3779B97F4A7C15u64;
    let (mut accepted, mut total, mut bad) = (0, 0, 0);
    let iters: usize = std::env::var("FUZZ_ITERS").ok().and_then(|s| s.parse().ok()).unwrap_or(20000);
    for _ in 0..iters {
        let (name, seed) = &seeds[(rng(&mut st) % seeds.len() as u64) as usize];
        let mut doc = seed.clone();
        let n = 1 + rng(&mut st) % 3;
        for _ in 0..n {
            let gts: Vec<usize> = doc.match_indices('>').map(|(i, _)| i + 1).collect();
            if gts.is_empty() { break; }
            let pos = gts[(rng(&mut st) % gts.len() as u64) as usize];
            match rng(&mut st) % 4 {
                0 | 1 => { let s = SNIPPETS[(rng(&mut st) % SNIPPETS.len() as u64) as usize]; doc.insert_str(pos, s); }
                2 => { // delete the next element start..end if simple
                    if let Some(rest) = doc.get(pos..) { if rest.starts_with('<') && !rest.starts_with("</") {
                        if let Some(gt) = rest.find('>') { let name: String = rest[1..gt].split(|c: char| c.is_whitespace() || c=='/').next().unwrap_or("").to_string();
                            let close = format!("</{name}>");
                            if let Some(c) = rest.find(&close) { doc.replace_range(pos..pos + c + close.len(), ""); } } } }
                }
                _ => { // duplicate previous element text
                    let s = SNIPPETS[(rng(&mut st) % SNIPPETS.len() as u64) as usize]; doc.insert_str(pos, s); doc.insert_str(pos, s);
                }
            }
        }
        total += 1;
        let url = "http://example.com/feed.xml";
        if let Ok(a) = parse_feedrs_only(doc.as_bytes(), url) {
            accepted += 1;
            match parse_lenient_only(doc.as_bytes(), url) {
                Ok(b) if a == b => {}
                other => {
                    bad += 1;
                    if bad <= 6 { match &other { Ok(b) => { println!("MISMATCH from {name}:\n{doc}"); if a.title != b.title || a.site_link != b.site_link { println!("  feed: {:?} {:?} vs {:?} {:?}", a.title, a.site_link, b.title, b.site_link); } if a.items.len() != b.items.len() { println!("  items {} vs {}", a.items.len(), b.items.len()); } for (x, y) in a.items.iter().zip(&b.items) { if x != y { println!("  {x:?}\n  {y:?}"); } } } Err(e) => println!("MISMATCH from {name}: lenient err {e}\n{doc}"), } println!(); }
                }
            }
        }
    }
    println!("total {total}, accepted {accepted}, mismatches {bad}");
    assert_eq!(bad, 0);
}
