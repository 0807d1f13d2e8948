//! Small, allocation-light HTML helpers for feed fields: entity decoding, tag stripping (for
//! titles), the "does this plain text look like HTML" heuristic and relative URL resolution
//! inside HTML bodies. None of this renders anything; rendering lives in `article`.

use std::borrow::Cow;

use url::Url;

use crate::html::entities;
use crate::html::tokenize::{self, Attr, Token, Tokenizer};

use crate::html::decode_strict as decode_entities;
use crate::html::escape_html;
use crate::html::link::{query_needs_stripping, strip_tracking_url};

/// Plain text as HTML: escaped, paragraphs (blank lines) as `<p>`, line breaks as `<br>`.
pub fn text_to_html(s: &str) -> String {
    let escaped = escape_html(s);
    let paragraphs: Vec<String> = escaped
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| format!("<p>{}</p>", p.replace('\n', "<br>\n")))
        .collect();
    paragraphs.join("\n")
}

/// feedparser's `lookslikehtml`: a close tag or an entity reference, every tag a common HTML
/// element and every named entity a known one.
pub fn looks_like_html(s: &str) -> bool {
    let has_close = s.match_indices("</").any(|(i, _)| {
        let rest = &s.as_bytes()[i + 2..];
        let n = rest
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        n > 0 && rest.get(n) == Some(&b'>')
    });
    let has_entity = s
        .match_indices('&')
        .any(|(i, _)| crate::html::decode::strict_one(&s[i..]).is_some());
    if !has_close && !has_entity {
        return false;
    }
    let b = s.as_bytes();
    for (i, _) in s.match_indices('<') {
        let mut j = i + 1;
        if b.get(j) == Some(&b'/') {
            j += 1;
        }
        let n = b[j..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        if n > 0 && !is_common_element(&s[j..j + n].to_ascii_lowercase()) {
            return false;
        }
    }
    for (i, _) in s.match_indices('&') {
        let rest = &b[i + 1..];
        let n = rest
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        if n > 0 && rest.get(n) == Some(&b';') && rest[0] != b'#' {
            let name = &s[i + 1..i + 1 + n];
            if !matches!(name, "amp" | "lt" | "gt" | "quot") && entities::lookup(name).is_none() {
                return false;
            }
        }
    }
    true
}

fn is_common_element(name: &str) -> bool {
    matches!(
        name,
        "a" | "abbr"
            | "acronym"
            | "address"
            | "area"
            | "article"
            | "aside"
            | "b"
            | "bdi"
            | "bdo"
            | "big"
            | "blockquote"
            | "br"
            | "caption"
            | "center"
            | "cite"
            | "code"
            | "col"
            | "colgroup"
            | "dd"
            | "del"
            | "details"
            | "dfn"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "em"
            | "figcaption"
            | "figure"
            | "font"
            | "footer"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hr"
            | "i"
            | "img"
            | "ins"
            | "kbd"
            | "li"
            | "main"
            | "mark"
            | "nav"
            | "ol"
            | "p"
            | "picture"
            | "pre"
            | "q"
            | "s"
            | "samp"
            | "section"
            | "small"
            | "source"
            | "span"
            | "strike"
            | "strong"
            | "sub"
            | "summary"
            | "sup"
            | "table"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "time"
            | "tr"
            | "tt"
            | "u"
            | "ul"
            | "var"
            | "wbr"
    )
}

/// An attribute value (decoded, trimmed) that [`rewrite_body_urls`] leaves exactly as written:
/// empty, a fragment, or an absolute http(s) URL with no tracking in its query (most links in
/// a body; not parsing those was 4% of a refresh).
fn kept_as_written(value: &str) -> bool {
    if value.is_empty() || value.starts_with('#') {
        return true;
    }
    let lower = |n: usize| value.get(..n).map(str::to_ascii_lowercase);
    (lower(7).as_deref() == Some("http://") || lower(8).as_deref() == Some("https://"))
        && value
            .split_once('?')
            .is_none_or(|(_, q)| !query_needs_stripping(q.split('#').next().unwrap_or("")))
}

/// `true` when [`rewrite_body_urls`] can change nothing in `html`, found without tokenizing
/// it: every `=` preceded by a name ending in `href`, `src` or `poster` (a superset of the
/// attributes the tokenizer finds with a value, wherever its tags are) starts a quoted value
/// without `<` or `>` that is [`kept_as_written`]. Anything else (an unquoted value, a
/// relative URL, …) answers `false`, and the body is tokenized as before.
fn nothing_to_rewrite(html: &str) -> bool {
    let b = html.as_bytes();
    for eq in memchr::memchr_iter(b'=', b) {
        let mut k = eq;
        while k > 0 && tokenize::is_ws(b[k - 1]) {
            k -= 1;
        }
        let named = |n: &[u8]| k >= n.len() && b[k - n.len()..k].eq_ignore_ascii_case(n);
        if !(named(b"href") || named(b"src") || named(b"poster")) {
            continue;
        }
        let mut v = eq + 1;
        while v < b.len() && tokenize::is_ws(b[v]) {
            v += 1;
        }
        let Some(&q @ (b'"' | b'\'')) = b.get(v) else {
            return false;
        };
        let Some(len) = memchr::memchr(q, &b[v + 1..]) else {
            return false;
        };
        let value = &html[v + 1..v + 1 + len];
        if value.contains(['<', '>']) || !kept_as_written(decode_entities(value).trim()) {
            return false;
        }
    }
    true
}

/// Rewrite `href`/`src`/`poster` attribute values in an HTML fragment: relative URLs become
/// absolute against `base`, and analytics parameters (`utm_*`, `fbclid`, …) are removed from
/// http(s) URLs. Only http(s) results are written; everything else (other schemes, values that
/// cannot be joined, e.g. under a `javascript:` base) is left exactly as it was.
pub fn rewrite_body_urls<'a>(html: &'a str, base: Option<&Url>) -> Cow<'a, str> {
    if !html.contains('<') || nothing_to_rewrite(html) {
        return Cow::Borrowed(html);
    }
    rewrite_tokenized(html, base)
}

/// [`rewrite_body_urls`] the long way: every tag tokenized, every URL attribute looked at.
fn rewrite_tokenized<'a>(html: &'a str, base: Option<&Url>) -> Cow<'a, str> {
    let mut edits: Vec<(usize, usize, String, bool)> = Vec::new();
    for tok in Tokenizer::new(html) {
        let Token::Start { attrs: text, .. } = tok else {
            continue;
        };
        // `text` borrows from `html`: its offset turns attribute ranges into edit positions.
        let at = text.as_ptr() as usize - html.as_ptr() as usize;
        for Attr {
            name,
            value,
            quoted,
        } in tokenize::attrs(text)
        {
            let Some(r) = value else { continue };
            let (vs, ve) = (at + r.start, at + r.end);
            if !(name.eq_ignore_ascii_case("href")
                || name.eq_ignore_ascii_case("src")
                || name.eq_ignore_ascii_case("poster"))
            {
                continue;
            }
            let raw = decode_entities(&html[vs..ve]);
            let value = raw.trim();
            if kept_as_written(value) {
                continue;
            }
            let (abs, relative) = match Url::parse(value) {
                Ok(u) => (u, false),
                Err(url::ParseError::RelativeUrlWithoutBase) => match base.map(|b| b.join(value)) {
                    Some(Ok(u)) => (u, true),
                    _ => continue,
                },
                Err(_) => continue,
            };
            if !matches!(abs.scheme(), "http" | "https") {
                continue;
            }
            let before = abs.to_string();
            let abs = strip_tracking_url(abs);
            // Absolute URLs are only rewritten when tracking parameters were removed.
            if !relative && abs.as_str() == before {
                continue;
            }
            edits.push((vs, ve, escape_html(abs.as_str()).into_owned(), quoted));
        }
    }
    if edits.is_empty() {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len() + edits.len() * 32);
    let mut last = 0;
    for (vs, ve, value, quoted) in edits {
        out.push_str(&html[last..vs]);
        if quoted {
            out.push_str(&value);
        } else {
            out.push('"');
            out.push_str(&value);
            out.push('"');
        }
        last = ve;
    }
    out.push_str(&html[last..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::text::html_to_text;

    #[test]
    fn entities_decode() {
        assert_eq!(decode_entities("a &amp; b"), "a & b");
        assert_eq!(decode_entities("&lt;b&gt;&quot;&apos;"), "<b>\"'");
        assert_eq!(
            decode_entities("caf&eacute; &hellip; &mdash;&nbsp;x"),
            "café … —\u{a0}x"
        );
        assert_eq!(decode_entities("&#38; &#x26; &#X26; &#8211;"), "& & & –");
        assert_eq!(
            decode_entities("&#150; &#0; &#xD800; &#99999999999;"),
            "– \u{FFFD} \u{FFFD} \u{FFFD}"
        );
        assert_eq!(
            decode_entities("AT&T &doesnotexist; & &;"),
            "AT&T &doesnotexist; & &;"
        );
        assert_eq!(decode_entities("&#38 x"), "& x");
        assert_eq!(decode_entities("&#38x"), "&#38x");
        assert_eq!(decode_entities("trailing &"), "trailing &");
    }

    #[test]
    fn tags_strip() {
        assert_eq!(html_to_text("Example <b>Atom</b>"), "Example Atom");
        assert_eq!(
            html_to_text("<p>History of the &lt;blink&gt; tag</p>").trim(),
            "History of the <blink> tag"
        );
        assert_eq!(
            html_to_text("<a href=http://example.com/\">example</a>"),
            "example"
        );
        assert_eq!(
            html_to_text("<img src=\"x.jpg\" alt=\"cat<br />dog\">").trim(),
            ""
        );
        assert_eq!(
            html_to_text("a<script>alert('<b>')</script>b<style>p{}</style>c"),
            "abc"
        );
        assert_eq!(html_to_text("a<!-- <b>hidden</b> -->b"), "ab");
        assert_eq!(html_to_text("1 < 2 and 3 > 2"), "1 < 2 and 3 > 2");
        assert_eq!(html_to_text("line<br>break"), "line break");
        assert_eq!(html_to_text("<b>unclosed"), "unclosed");
        assert_eq!(html_to_text("x<b"), "x");
        assert_eq!(html_to_text("a<SCRIPT>x</Script >b<style>"), "ab");
    }

    #[test]
    fn html_heuristic() {
        assert!(looks_like_html("Example <b>Atom</b>"));
        assert!(looks_like_html("caf&eacute;"));
        assert!(looks_like_html("&#8211; dash"));
        assert!(!looks_like_html("History of the <blink> tag"));
        assert!(!looks_like_html("<blink>x</blink>"));
        assert!(!looks_like_html("1 < 2"));
        assert!(!looks_like_html("AT&T"));
        assert!(!looks_like_html("testing &doesnotexist; entity"));
    }

    #[test]
    fn urls_resolve() {
        let base = Url::parse("https://example.com/dir/page.html").unwrap();
        assert_eq!(
            rewrite_body_urls(
                "<a href=\"x.html\">x</a><img src='/i.png'><a href=y>y</a>",
                Some(&base)
            ),
            "<a href=\"https://example.com/dir/x.html\">x</a><img src='https://example.com/i.png'><a href=\"https://example.com/dir/y\">y</a>"
        );
        let untouched = "<a href=\"javascript:alert(1)\">j</a><a href=\"#top\">t</a><a href=\"https://other.example/\">o</a> &lt;a href=\"rel\"&gt;";
        assert_eq!(rewrite_body_urls(untouched, Some(&base)), untouched);
        assert_eq!(
            rewrite_body_urls("<a href=\"x\">x</a>", None),
            "<a href=\"x\">x</a>"
        );
        assert_eq!(
            rewrite_body_urls(
                "<a href=\"https://e.example/p/?utm_source=rss&#038;utm_medium=rss\">p</a>",
                None
            ),
            "<a href=\"https://e.example/p/\">p</a>"
        );
        assert_eq!(
            rewrite_body_urls(
                "<a href=\"https://e.example/p/?id=1&amp;utm_source=rss\">p</a>",
                None
            ),
            "<a href=\"https://e.example/p/?id=1\">p</a>"
        );
        let kept = "<a href=\"https://e.example/p/?id=1&amp;x=2\">p</a><a href=\"HTTPS://E.example\">q</a>";
        assert_eq!(rewrite_body_urls(kept, None), kept);
        assert_eq!(
            rewrite_body_urls("<a href=\"?a=1&amp;b=2\">q</a>", Some(&base)),
            "<a href=\"https://example.com/dir/page.html?a=1&amp;b=2\">q</a>"
        );
        let js = Url::parse("javascript:alert(1)").unwrap();
        assert_eq!(
            rewrite_body_urls("<a href=\"x.html\">x</a>", Some(&js)),
            "<a href=\"x.html\">x</a>"
        );
    }

    #[test]
    fn nothing_to_rewrite_only_when_tokenizing_changes_nothing() {
        let base = Url::parse("https://s.example/a/").unwrap();
        let bodies = [
            "<p><img src=\"https://e.example/i.jpg\" alt=\"\"> <a href='https://e.example/b?id=1#x'>b</a></p>",
            "<p>x = y, src = \"poster\" <a HREF = \"HTTPS://e.example/\">a</a></p>",
            "<figure><img srcset=\"a.jpg 1x\" src=\"https://e.example/a.jpg\"></figure>",
            "<a href=\"#top\">t</a><video poster=\"\"></video>",
            "<a href=\"/rel\">r</a>",
            "<a href=rel>r</a>",
            "<a href=\"https://e.example/?utm_source=x\">t</a>",
            "<a href=\"&#47;rel\">r</a>",
            "<a title='x href=\"b\"' href=\"https://e.example/\">r</a>",
            "<a href=\"https://e.example/>\">r</a>",
            "<a\x0bhref=\"rel\">r</a>",
            "<img src=\"https://e.example/a.jpg",
        ];
        let mut skipped = 0;
        for h in bodies {
            if nothing_to_rewrite(h) {
                skipped += 1;
                assert!(
                    matches!(rewrite_tokenized(h, Some(&base)), Cow::Borrowed(_)),
                    "{h}"
                );
            }
        }
        assert_eq!(skipped, 3);
        assert!(nothing_to_rewrite(bodies[0]) && nothing_to_rewrite(bodies[2]));
    }
}
