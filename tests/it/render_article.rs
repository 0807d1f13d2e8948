//! Article body rendering: layout, numbered links, widths, hostile and huge inputs.
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use kabar::article::render::{
    LINKS_HEADING, RenderedBody, render, render_fallback_with_base, render_with_base,
};
use std::time::{Duration, Instant};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Display width by both measures (per character, and unicode-width's string rules).
fn cols(s: &str) -> usize {
    let per_char: usize = s.chars().map(|c| c.width().unwrap_or(0)).sum();
    per_char.max(UnicodeWidthStr::width(s))
}

fn assert_fits(r: &RenderedBody, width: usize) {
    for l in &r.lines {
        assert!(
            cols(l) <= width,
            "line wider than {width}: {:?} ({})",
            l,
            cols(l)
        );
    }
}

fn assert_clean(r: &RenderedBody) {
    for l in r.lines.iter().chain(&r.links) {
        assert!(
            !l.chars().any(|c| c.is_control()),
            "control character in output line {l:?}"
        );
        assert!(!l.contains('\u{a0}'), "NBSP left in {l:?}");
    }
}

fn text(r: &RenderedBody) -> String {
    r.lines.join("\n")
}

/// The body lines, without the link list.
fn body(r: &RenderedBody) -> Vec<&str> {
    let end = r
        .lines
        .iter()
        .position(|l| l == LINKS_HEADING)
        .unwrap_or(r.lines.len());
    r.lines[..end].iter().map(String::as_str).collect()
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// The `content:encoded` CDATA of the first item (crude, enough for the fixtures).
fn content_encoded(xml: &str) -> String {
    let start =
        xml.find("<content:encoded><![CDATA[").unwrap() + "<content:encoded><![CDATA[".len();
    let end = xml[start..].find("]]>").unwrap() + start;
    xml[start..end].to_string()
}

/// Every CDATA section of a hostile corpus file, read as bytes.
fn hostile_cdata(name: &str) -> Vec<String> {
    let bytes = std::fs::read(format!(
        "{}/tests/hostile/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let s = String::from_utf8_lossy(&bytes);
    let mut out = Vec::new();
    let mut rest = &s[..];
    while let Some(i) = rest.find("<![CDATA[") {
        rest = &rest[i + 9..];
        let e = rest.find("]]>").unwrap();
        out.push(rest[..e].to_string());
        rest = &rest[e + 3..];
    }
    out
}

fn timed(f: impl FnOnce() -> RenderedBody) -> (RenderedBody, Duration) {
    let t = Instant::now();
    let r = f();
    (r, t.elapsed())
}

#[test]
fn radarlampung_fixture_paragraphs_and_links() {
    let html = content_encoded(&fixture("radarlampung-seed.xml"));
    let r = render(&html, 80);
    assert_fits(&r, 80);
    assert_clean(&r);
    let t = text(&r);
    assert!(t.contains("Pemerintah terus berupaya"));
    assert!(t.contains("(ozi/ais)"));
    // Paragraphs are separated by exactly one blank line; no double blanks, no blank ends.
    assert!(!t.contains("\n\n\n"));
    assert!(!r.lines.first().unwrap().is_empty());
    assert!(!r.lines.last().unwrap().is_empty());
    let b = body(&r);
    let i = b
        .iter()
        .position(|l| l.starts_with("Menurut Munzir"))
        .unwrap();
    assert_eq!(b[i - 1], "");
    // The two "Baca :" links are numbered and listed.
    assert_eq!(r.links.len(), 2);
    assert!(r.links[0].ends_with("/manfaatkan-peda-ktna-untuk-bertukar-info/"));
    assert!(t.contains("Bertukar Informasi dan Pengalaman! [1]"));
    assert!(t.contains("Deteksi Dini PTM [2]"));
    // The photo (no alt) is one `[gambar]` line.
    assert_eq!(r.lines[0], "[gambar]");
}

#[test]
fn wordpress_fixture_renders() {
    let html = content_encoded(&fixture("wordpress-full.xml"));
    for w in [40, 80, 120] {
        let r = render(&html, w);
        assert_fits(&r, w);
        assert_clean(&r);
        assert!(!r.lines.is_empty());
        assert!(!text(&r).contains("&#038;"));
    }
}

#[test]
fn paragraphs_headings_lists() {
    let r = render(
        "<h1>Judul Utama</h1><p>Satu.</p><p>Dua.</p><h3>Sub</h3>\
         <ul><li>apel</li><li>jeruk</li></ul><ol><li>pertama</li><li>kedua</li></ol>",
        60,
    );
    let b = body(&r);
    assert_eq!(
        b,
        [
            "# Judul Utama",
            "",
            "Satu.",
            "",
            "Dua.",
            "",
            "### Sub",
            "",
            "- apel",
            "- jeruk",
            "",
            "1. pertama",
            "2. kedua"
        ]
    );
}

#[test]
fn blockquote_is_prefixed_and_wrapped() {
    let r = render(
        "<p>Kata dia:</p><blockquote><p>Kami akan membangun jalan di seluruh kabupaten \
         Lampung Selatan tahun depan.</p></blockquote>",
        40,
    );
    assert_fits(&r, 40);
    let quoted: Vec<_> = r.lines.iter().filter(|l| l.starts_with("> ")).collect();
    assert!(quoted.len() >= 2, "{:?}", r.lines);
    assert!(text(&r).contains("> Kami akan"));
}

#[test]
fn pre_keeps_line_breaks_and_indentation() {
    let r = render("<pre>baris satu\n    menjorok\n\tdengan tab</pre>", 60);
    let b = body(&r);
    assert_eq!(b[0], "baris satu");
    assert_eq!(b[1], "    menjorok");
    assert!(b[2].starts_with("        dengan tab") || b[2].starts_with("    dengan tab"));
}

#[test]
fn simple_table_is_readable() {
    let r = render(
        "<table><tr><th>Kabupaten</th><th>Jumlah</th></tr>\
         <tr><td>Pesawaran</td><td>12</td></tr><tr><td>Tanggamus</td><td>7</td></tr></table>",
        60,
    );
    assert_fits(&r, 60);
    let t = text(&r);
    assert!(t.contains("Kabupaten") && t.contains("Pesawaran") && t.contains("12"));
    // Cell padding is kept: the values line up in one column.
    let col = |needle: &str| {
        let l = r.lines.iter().find(|l| l.contains(needle)).unwrap();
        UnicodeWidthStr::width(&l[..l.find(needle).unwrap()])
    };
    assert_eq!(col("12"), col("7"));
}

#[test]
fn images_become_gambar_lines() {
    let r = render(
        "<p>Sebelum</p><figure><img src='a.jpg' alt='Gubernur  meninjau\njalan'>\
         <figcaption>Keterangan</figcaption></figure><img src='b.jpg'>\
         <img src='https://t.example/p.gif' width='1' height='1'><p>Sesudah</p>",
        80,
    );
    let b = body(&r);
    assert!(b.contains(&"[gambar: Gubernur meninjau jalan]"), "{b:?}");
    assert!(b.contains(&"[gambar]"));
    assert!(b.contains(&"Keterangan"));
    // The tracking pixel is not shown: exactly one bare marker.
    assert_eq!(b.iter().filter(|l| **l == "[gambar]").count(), 1);
}

#[test]
fn links_numbered_deduplicated_and_listed() {
    let r = render(
        "<p>Baca <a href='https://example.com/a'>berita A</a>, \
         <a href='https://example.com/b'>berita B</a> dan lagi \
         <a href='https://example.com/a'>berita A</a>.</p>",
        80,
    );
    assert_eq!(r.links, ["https://example.com/a", "https://example.com/b"]);
    let t = text(&r);
    assert!(
        t.contains("berita A [1], berita B [2] dan lagi berita A [1]."),
        "{t}"
    );
    let n = r.lines.len();
    assert_eq!(r.lines[n - 4], "");
    assert_eq!(r.lines[n - 3], "Tautan:");
    assert_eq!(r.lines[n - 2], "[1] https://example.com/a");
    assert_eq!(r.lines[n - 1], "[2] https://example.com/b");
}

#[test]
fn link_number_stays_with_its_text() {
    // At any width, "[n]" never starts a line on its own in the body.
    let html = "<p>Kata kata kata kata kata kata kata kata kata kata kata kata kata \
                <a href='https://example.com/x'>tautan</a> kata kata kata.</p>";
    for w in 20..60 {
        let r = render(html, w);
        assert_fits(&r, w);
        assert!(
            body(&r).iter().all(|l| !l.starts_with("[1]")),
            "{w}: {:?}",
            r.lines
        );
    }
}

#[test]
fn non_http_links_are_plain_text() {
    let r = render(
        "<p><a href='javascript:alert(1)'>js</a> <a href=' JaVaScRiPt:alert(2)'>js2</a> \
         <a href='&#x6a;avascript:alert(3)'>js3</a> <a href='java\tscript:alert(4)'>js4</a> \
         <a href='data:text/html,x'>data</a> <a href='file:///etc/passwd'>file</a> \
         <a href='mailto:a@example.com'>mail</a> <a href='vbscript:x'>vb</a> \
         <a href='https://example.com/ok'>ok</a></p>",
        80,
    );
    assert_eq!(r.links, ["https://example.com/ok"]);
    let t = text(&r);
    assert!(t.contains("js js2 js3 js4 data file mail vb ok [1]"), "{t}");
    assert!(!t.contains("javascript") && !t.contains("passwd") && !t.contains("mailto"));
}

#[test]
fn relative_links_need_a_base_and_base_tag_is_ignored() {
    let html = "<base href='https://attacker.invalid/'><p><a href='../lain.html'>lain</a> \
                <a href='//cdn.example.org/x'>cdn</a></p>";
    let r = render(html, 80);
    assert!(r.links.is_empty());
    let r = render_with_base(html, 80, Some("https://lampung.example/a/b/berita.html"));
    assert_eq!(
        r.links,
        [
            "https://lampung.example/a/lain.html",
            "https://cdn.example.org/x"
        ]
    );
    // A non-http base is not used.
    let r = render_with_base(html, 80, Some("javascript:alert(1)//"));
    assert!(r.links.is_empty());
}

#[test]
fn long_links_fit_the_width_but_stay_whole_in_links() {
    let url = format!("https://example.com/{}", "a".repeat(500));
    let r = render(&format!("<a href='{url}'>panjang</a>"), 40);
    assert_fits(&r, 40);
    assert_eq!(r.links, [url]);
    let i = r.lines.iter().position(|l| l == "Tautan:").unwrap();
    assert!(r.lines[i + 1].starts_with("[1] https://example.com/"));
    assert!(r.lines.last().unwrap().ends_with('…'));
}

#[test]
fn every_line_fits_at_40_80_120_with_cjk_and_emoji() {
    let html = "<h2>東京で会議 🎉🎉 Lampung</h2>\
        <p>中文字符测试中文字符测试中文字符测试中文字符测试中文字符测试中文字符测试中文字符测试中文字符测试</p>\
        <p>Emoji 😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀 dan ❤️❤️❤️❤️❤️❤️❤️❤️❤️❤️❤️❤️❤️❤️❤️❤️❤️❤️❤️❤️❤️❤️❤️❤️❤️❤️</p>\
        <ul><li>한국어 문장 한국어 문장 한국어 문장 한국어 문장 한국어 문장 한국어 문장 한국어 문장</li></ul>\
        <blockquote>引用引用引用引用引用引用引用引用引用引用引用引用引用引用引用引用引用引用引用引用引用引用</blockquote>\
        <table><tr><td>表格</td><td>数据数据数据数据数据数据数据数据数据数据数据数据数据数据数据数据</td></tr></table>\
        <pre>固定幅固定幅固定幅固定幅固定幅固定幅固定幅固定幅固定幅固定幅固定幅固定幅固定幅</pre>";
    for w in [40, 80, 120] {
        let r = render(html, w);
        assert_fits(&r, w);
        assert_clean(&r);
        assert!(text(&r).contains("東京で会議"));
        let r = render_fallback_with_base(html, w, None);
        assert_fits(&r, w);
        assert_clean(&r);
    }
}

#[test]
fn long_unbroken_word_is_hard_broken() {
    let word: String = "Lampung".repeat(8000) + &"界".repeat(4000);
    assert!(word.chars().count() >= 60_000);
    for w in [20, 40, 80] {
        let (r, took) = timed(|| render(&format!("<p>{word}</p>"), w));
        assert_fits(&r, w);
        assert!(r.lines.len() > 60_000 * 2 / w / 2);
        assert!(took < Duration::from_secs(2), "{took:?}");
    }
}

#[test]
fn width_below_minimum_is_clamped() {
    for w in [0, 1, 5, 19] {
        let r = render("<p>Bandar Lampung adalah ibu kota Provinsi Lampung.</p>", w);
        assert_fits(&r, 20);
        assert!(text(&r).contains("Bandar Lampung"));
        assert!(r.lines.iter().any(|l| cols(l) > 5));
    }
}

#[test]
fn entities_decoded_and_nbsp_normalised() {
    let r = render(
        "<p>Caf&eacute;&nbsp;Teluk&#160;Betung &amp; &#8220;Way&#xA0;Halim&#8221; &mdash; 10&nbsp;km&hellip;</p>",
        80,
    );
    assert_clean(&r);
    assert_eq!(body(&r), ["Café Teluk Betung & “Way Halim” — 10 km…"]);
}

#[test]
fn blank_lines_collapsed_and_trimmed() {
    let r = render(
        "<br><br><p></p><p>&nbsp;</p><p>Satu</p><br><br><br><p></p><div><br></div><p>Dua</p><br><br>",
        40,
    );
    assert_eq!(r.lines, ["Satu", "", "Dua"]);
}

#[test]
fn active_content_never_shown() {
    let mut bodies = hostile_cdata("html-active.rss");
    // The first item carries the same HTML entity-escaped in <description>.
    let raw = std::fs::read_to_string(format!(
        "{}/tests/hostile/html-active.rss",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let s = raw.find("<description>&lt;p&gt;Before").unwrap() + "<description>".len();
    let e = raw[s..].find("</description>").unwrap() + s;
    bodies.push(
        raw[s..e]
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&"),
    );
    for html in bodies {
        for r in [
            render(&html, 80),
            render_with_base(&html, 80, Some("https://example.com/ha/2")),
            render_fallback_with_base(&html, 80, None),
        ] {
            assert_clean(&r);
            let t = text(&r);
            assert!(t.contains("Before") && t.contains("After"), "{t}");
            for bad in [
                "alert",
                "script body",
                "style text",
                "display:none",
                "noscript text",
                "template text",
                "svg script",
                "comment",
                "password",
                "attacker.invalid",
                "javascript",
            ] {
                assert!(!t.contains(bad), "{bad:?} shown in {t}");
            }
            assert!(r.links.iter().all(|l| !l.contains("attacker.invalid")));
        }
        // Relative links resolve against the real base, never the <base href>.
        let r = render_with_base(&html, 80, Some("https://example.com/ha/2"));
        assert_eq!(r.links, ["https://example.com/ha/relative-after-base.html"]);
    }
}

#[test]
fn escape_sequences_never_reach_the_output() {
    let html = "<h2>Judul \u{1b}]0;evil title\u{7} bersih</h2>\
        <p>Teks \u{1b}[2J\u{1b}[?1049l biasa \u{9b}31m merah \u{1b}]52;c;Y3VybCB8IHNo\u{7} \
        &#x1b;[6n &#27;]8;;https://attacker.invalid/\u{1b}\\bank&#x1b;]8;;&#x1b;\\ \
        <a href='https://example.com/\u{1b}[31mx'>tautan\u{1b}[0m</a> \
        <img alt='foto\u{1b}[5m berkedip'> \u{7}\u{8}\u{7f}\u{90}q\u{9c} akhir</p>\
        <pre>kode \u{1b}[1mtebal\u{1b}[0m</pre>";
    for r in [render(html, 80), render_fallback_with_base(html, 80, None)] {
        assert_clean(&r);
        let t = text(&r);
        assert!(
            t.contains("Teks") && t.contains("akhir") && t.contains("bersih"),
            "{t}"
        );
        assert!(t.contains("[gambar: foto berkedip]"), "{t}");
        assert!(!t.contains('\u{1b}'));
        assert_eq!(r.links.len(), 1);
        assert!(!r.links[0].contains('\u{1b}'));
    }
}

#[test]
fn deep_nesting_corpus_renders_in_bounded_time() {
    let bodies = hostile_cdata("html-deep-nesting.rss");
    assert_eq!(bodies.len(), 3);
    for html in &bodies {
        for w in [40, 80] {
            let (r, took) = timed(|| render(html, w));
            assert!(took < Duration::from_secs(2), "{took:?}");
            assert_fits(&r, w);
            let t = text(&r);
            assert!(t.contains("deep text") || t.contains("deep item"), "{t}");
        }
    }
}

#[test]
fn generated_deep_and_unclosed_markup_is_bounded() {
    let cases = [
        "<blockquote>".repeat(3000) + "kutipan dalam" + &"</blockquote>".repeat(3000),
        "<div><span>".repeat(6000) + "teks dalam",
        "<ul><li>".repeat(2000) + "butir dalam",
        "<ol><li>".repeat(150) + "butir sedang" + &"</li></ol>".repeat(150),
        "<blockquote>".repeat(150) + "kutipan sedang" + &"</blockquote>".repeat(150),
        "<table><tr><td>".repeat(300) + "sel dalam",
        "<b><i>".repeat(20_000) + "format dalam",
        "<div><span>".repeat(100_000) + "teks sangat dalam",
        "<td colspan=1000000000 rowspan=1000000000>x".repeat(50) + "sel lebar",
        "<!-->".repeat(50_000) + "komentar aneh",
        "<a href='https://example.com/x'>".repeat(20_000) + "tautan dalam",
    ];
    for html in &cases {
        for w in [20, 80] {
            let (r, took) = timed(|| render(html, w));
            assert!(
                took < Duration::from_secs(2),
                "{took:?} for {}",
                &html[..40]
            );
            assert_fits(&r, w);
            assert!(
                text(&r).contains("dalam")
                    || text(&r).contains("sedang")
                    || text(&r).contains("lebar")
                    || text(&r).contains("aneh"),
                "{}: {:?}",
                &html[..40],
                &r.lines[..r.lines.len().min(5)]
            );
        }
    }
}

#[test]
fn million_nested_elements_and_huge_input_use_the_fallback() {
    let html = "<div>".repeat(1_000_000) + "jauh di dalam";
    let (r, took) = timed(|| render(&html, 80));
    // Linear, but megabytes of markup in a debug build: a loose bound (quadratic would
    // take minutes).
    assert!(took < Duration::from_secs(10), "{took:?}");
    assert_eq!(body(&r), ["jauh di dalam"]);

    // Over the html2text size cap: plain paragraphs, still wrapped and numbered.
    let para = "<p>Paragraf berita Lampung yang cukup panjang untuk diulang. \
                <a href='https://example.com/p'>tautan</a></p>\n";
    let html = para.repeat(700 * 1024 / para.len());
    let (r, took) = timed(|| render(&html, 60));
    // Linear, but megabytes of markup in a debug build: a loose bound (quadratic would
    // take minutes).
    assert!(took < Duration::from_secs(10), "{took:?}");
    assert_fits(&r, 60);
    assert_eq!(r.links, ["https://example.com/p"]);
    assert_eq!(
        r.lines[0],
        "Paragraf berita Lampung yang cukup panjang untuk diulang."
    );
    assert_eq!(r.lines[1], "tautan [1]");
    assert_eq!(r.lines[2], "");
}

#[test]
fn fallback_keeps_structure() {
    let r = render_fallback_with_base(
        "<h2>Judul</h2><p>Satu &amp; dua<br>baris baru</p><ul><li>apel</li><li>jeruk</li></ul>\
         <pre>  a\n    b</pre><p><a href='x.html'>rel</a> <a href='javascript:x'>js</a></p>\
         <script>jahat()</script><p><img alt='foto'></p>",
        40,
        Some("https://example.com/dir/"),
    );
    assert_eq!(
        r.lines,
        [
            "## Judul",
            "",
            "Satu & dua",
            "baris baru",
            "",
            "- apel",
            "- jeruk",
            "",
            "  a",
            "    b",
            "",
            "rel [1] js",
            "",
            "[gambar: foto]",
            "",
            "Tautan:",
            "[1] https://example.com/dir/x.html",
        ]
    );
}

/// The one body-to-text rule, uncapped (previews, excerpt checks).
fn plain_text(html: &str) -> String {
    kabar::html::visible::plain_text(html, usize::MAX)
}

#[test]
fn plain_text_for_previews() {
    assert_eq!(
        plain_text(
            "<p>Harga&nbsp;cabai <b>naik</b>&hellip;</p>\n\n<script>alert(1)</script>\
             <style>p{}</style><p>Di  Bandar\tLampung.</p><img alt='foto'>\u{1b}[2J"
        ),
        "Harga cabai naik… Di Bandar Lampung."
    );
    assert_eq!(plain_text(""), "");
    assert_eq!(
        plain_text("<h2>Judul</h2><ul><li>satu</li><li>dua</li></ul><img src=x alt=foto>"),
        "Judul satu dua"
    );
    assert_eq!(plain_text("teks biasa"), "teks biasa");
    assert_eq!(plain_text("a &lt;b&gt; &amp;amp;"), "a <b> &amp;");
}

#[test]
fn normal_article_is_fast() {
    let html = content_encoded(&fixture("radarlampung-seed.xml"));
    let _ = render(&html, 80);
    let t = Instant::now();
    for _ in 0..20 {
        let _ = render(&html, 80);
    }
    // Generous for a debug build; release is well under a millisecond per article.
    assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
}
