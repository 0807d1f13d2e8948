//! Linear passes over HTML tokens around html2text: clean the input before it (drop active and
//! hidden elements, strip terminal escape sequences), and the tag-stripping fallback when
//! html2text cannot be used. The tokenizer itself is [`crate::html::tokenize`].

use std::borrow::Cow;

use crate::html::tokenize::attr;

/// A control character that must not survive into text (newline, tab and CR are whitespace).
pub(super) fn is_bad_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\t' | '\r')
}

/// Run the shared sanitiser over text that contains control characters (escape sequences are
/// removed whole there), keeping the leading and trailing white space that separates words.
pub(super) fn scrub_controls(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_bad_control) {
        return Cow::Borrowed(s);
    }
    let is_sep = |c: char| c.is_whitespace() && !is_bad_control(c);
    let core_start = s.len() - s.trim_start_matches(is_sep).len();
    let core_end = s.trim_end_matches(is_sep).len().max(core_start);
    let clean = crate::text::sanitize_text(&s[core_start..core_end]);
    // The shared sanitiser is authoritative, but never let a control through here.
    let mut out = String::with_capacity(s.len());
    out.push_str(&s[..core_start]);
    out.extend(clean.chars().filter(|&c| !is_bad_control(c)));
    out.push_str(&s[core_end..]);
    Cow::Owned(out)
}

pub(super) use crate::html::visible::*;

/// The input prepared for html2text, with the measurements that decide whether to use it.
pub(super) struct Cleaned {
    pub html: String,
    /// Deepest nesting of elements that need an explicit end tag.
    pub max_depth: usize,
    /// Elements left open at the end.
    pub unclosed: usize,
    /// Start tags seen.
    pub tags: usize,
}

/// Rewrite `html` for html2text: hidden elements, comments, `<base>`, tracking pixels and
/// escape sequences removed, NBSP turned into spaces, literal `<` in text escaped. Tags are
/// copied byte for byte, so html5ever sees the same elements and attributes.
pub(super) fn clean_for_html2text(html: &str) -> Cleaned {
    let mut out = String::with_capacity(html.len());
    let mut depth = 0usize;
    let mut max_depth = 0usize;
    let mut tags = 0usize;
    // Open lists; a top-level list gets a blank line before and after it (html2text runs it
    // straight on from the preceding paragraph). A paragraph holding only a no-break space
    // renders as a blank line; blank runs are collapsed afterwards.
    let mut lists = 0usize;
    const BLANK: &str = "<p>&#160;</p>";
    let is_list = |n: &str| n.eq_ignore_ascii_case("ul") || n.eq_ignore_ascii_case("ol");
    walk_visible(html, |v| match v {
        Visible::Text(t) => push_clean_text(&mut out, t),
        Visible::Start { name, attrs, raw } => {
            tags += 1;
            if is_list(name) {
                if lists == 0 {
                    out.push_str(BLANK);
                }
                lists += 1;
            }
            if name.eq_ignore_ascii_case("img") {
                if is_tracking_pixel(attrs) {
                    return;
                }
                if is_emoji_img(attrs) {
                    // WordPress turns emoji into images whose alt is the emoji: keep it inline.
                    let alt = attr(attrs, "alt").unwrap_or_default();
                    let alt = scrub_controls(&alt);
                    push_escaped(&mut out, &alt);
                    return;
                }
                // An image is a line of its own. The tag is rebuilt with only its alt text
                // (html2text skips an image without `src`; the source is never used).
                let alt = attr(attrs, "alt").unwrap_or_default();
                out.push_str("<div><img src=\"i\" alt=\"");
                push_escaped(&mut out, &scrub_controls(&alt));
                out.push_str("\"></div>");
                return;
            }
            if let Some(to) = renamed(name) {
                out.push('<');
                out.push_str(to);
                out.push_str(attrs);
                out.push('>');
            } else {
                out.push_str(raw);
            }
            if !is_in(name, VOID) && !is_in(name, IMPLIED_END) {
                depth += 1;
                max_depth = max_depth.max(depth);
            }
        }
        Visible::End { name } => {
            out.push_str("</");
            out.push_str(renamed(name).unwrap_or(name));
            out.push('>');
            if is_list(name) && lists > 0 {
                lists -= 1;
                if lists == 0 {
                    out.push_str(BLANK);
                }
            }
            if !is_in(name, VOID) && !is_in(name, IMPLIED_END) {
                depth = depth.saturating_sub(1);
            }
        }
    });
    Cleaned {
        html: out,
        max_depth,
        unclosed: depth,
        tags,
    }
}

/// HTML5 block elements html2text does not know (it would run them inline), and what to
/// give it instead.
pub(super) fn renamed(name: &str) -> Option<&'static str> {
    const AS_DIV: &[&str] = &[
        "section",
        "article",
        "header",
        "footer",
        "main",
        "nav",
        "aside",
        "figure",
        "figcaption",
        "address",
        "details",
        "summary",
        "center",
        "hgroup",
        "fieldset",
        "legend",
        "dialog",
        "search",
    ];
    if is_in(name, AS_DIV) {
        Some("div")
    } else if name.eq_ignore_ascii_case("menu") || name.eq_ignore_ascii_case("dir") {
        Some("ul")
    } else {
        None
    }
}

/// An emoji drawn as an image (`class="emoji"` / `wp-smiley`) with its emoji as alt text.
pub(super) fn is_emoji_img(attrs: &str) -> bool {
    attr(attrs, "class").is_some_and(|c| {
        c.split_ascii_whitespace()
            .any(|k| k == "emoji" || k == "wp-smiley")
    }) && attr(attrs, "alt").is_some_and(|a| !a.trim().is_empty() && a.chars().count() <= 8)
}

/// Append text with `&`, `<`, `>` and `"` escaped (fit for text and quoted attributes), NBSP
/// as a space and control characters dropped.
pub(super) fn push_escaped(out: &mut String, s: &str) {
    let plain: String = s
        .chars()
        .filter(|&c| !is_bad_control(c))
        .map(|c| if c == '\u{a0}' { ' ' } else { c })
        .collect();
    out.push_str(&crate::html::escape_html(&plain));
}

/// Text (still entity-encoded) for html2text: NBSP to space, control characters and escape
/// sequences (raw or written as numeric references) removed, `<` escaped.
pub(super) fn push_clean_text(out: &mut String, t: &str) {
    let mut buf = Cow::Borrowed(t);
    if t.contains('&') {
        // NBSP references become spaces; numeric references to control characters become the
        // characters themselves so the sanitiser sees whole escape sequences; every other
        // reference stays as written.
        let mut b = String::with_capacity(t.len());
        let mut rest = t;
        while let Some(i) = rest.find('&') {
            b.push_str(&rest[..i]);
            rest = &rest[i..];
            match crate::html::decode::lenient_one(rest) {
                Some(('\u{a0}', used)) => {
                    b.push(' ');
                    rest = &rest[used..];
                }
                Some((c, used)) if is_bad_control(c) => {
                    b.push(c);
                    rest = &rest[used..];
                }
                Some((_, used)) => {
                    b.push_str(&rest[..used]);
                    rest = &rest[used..];
                }
                None => {
                    b.push('&');
                    rest = &rest[1..];
                }
            }
        }
        b.push_str(rest);
        buf = Cow::Owned(b);
    }
    let scrubbed = scrub_controls(&buf);
    for c in scrubbed.chars() {
        match c {
            '\u{a0}' => out.push(' '),
            '<' => out.push_str("&lt;"),
            c if is_bad_control(c) => {}
            c => out.push(c),
        }
    }
}
