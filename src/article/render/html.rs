//! Linear passes over HTML tokens around html2text: clean the input before it (drop active and
//! hidden elements, strip terminal escape sequences), and the tag-stripping fallback when
//! html2text cannot be used. The tokenizer itself is [`crate::html::tokenize`].

use std::borrow::Cow;

use crate::html::decode_lenient as decode_entities;
use crate::html::tokenize::{Token, Tokenizer, attr};

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

/// Elements whose whole content is raw text and is never shown.
pub(super) const RAW_HIDDEN: &[&str] = &[
    "script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "textarea", "title",
];
/// Elements whose content is markup but is never shown.
pub(super) const NESTED_HIDDEN: &[&str] = &[
    "template", "svg", "math", "object", "form", "select", "video", "audio", "datalist", "applet",
    "frameset",
];
/// Void elements that are dropped.
pub(super) const VOID_HIDDEN: &[&str] = &[
    "embed", "base", "meta", "link", "input", "param", "source", "track", "frame", "keygen",
];
/// Void elements (no end tag, no content).
pub(super) const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen", "frame", "basefont", "bgsound", "image",
];
/// Elements whose end tag is commonly implied (not counted for nesting depth).
pub(super) const IMPLIED_END: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody", "thead", "tfoot", "rb",
    "rt", "rp", "rtc", "colgroup", "caption", "html", "body",
];

pub(super) fn is_in(name: &str, set: &[&str]) -> bool {
    set.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// A visible token (hidden elements and their content already removed).
pub(super) enum Visible<'a> {
    Text(&'a str),
    Start {
        name: &'a str,
        attrs: &'a str,
        raw: &'a str,
    },
    End {
        name: &'a str,
    },
}

/// A tracking pixel (`width` or `height` of 0–2 pixels).
pub(super) fn is_tracking_pixel(attrs: &str) -> bool {
    ["width", "height"].iter().any(|a| {
        attr(attrs, a).is_some_and(|v| {
            let v = v.trim().trim_end_matches("px");
            v.parse::<u32>().is_ok_and(|n| n <= 2)
        })
    })
}

/// Walk the visible tokens of `html`: raw-text and hidden elements (`script`, `style`,
/// `iframe`, `noscript`, `template`, `svg`, `object`, `form`, …) are skipped with their
/// content, comments dropped. Linear in the input.
pub(super) fn walk_visible<'a>(html: &'a str, mut f: impl FnMut(Visible<'a>)) {
    walk_visible_while(html, |v| {
        f(v);
        true
    })
}

/// Like [`walk_visible`], stopping as soon as `f` returns false.
pub(super) fn walk_visible_while<'a>(html: &'a str, mut f: impl FnMut(Visible<'a>) -> bool) {
    let mut tok = Tokenizer::new(html);
    while let Some(t) = tok.next() {
        let go_on = match t {
            Token::Text(s) => f(Visible::Text(s)),
            Token::Ignored => true,
            Token::Start {
                name,
                attrs,
                self_closing,
                raw,
            } => {
                if is_in(name, RAW_HIDDEN) {
                    tok.skip_raw(name);
                    true
                } else if name.eq_ignore_ascii_case("plaintext") {
                    return;
                } else if is_in(name, NESTED_HIDDEN) {
                    if !self_closing {
                        skip_nested(&mut tok, name);
                    }
                    true
                } else if is_in(name, VOID_HIDDEN) {
                    true
                } else {
                    f(Visible::Start { name, attrs, raw })
                }
            }
            Token::End { name } => {
                if !is_in(name, RAW_HIDDEN) && !is_in(name, NESTED_HIDDEN) {
                    f(Visible::End { name })
                } else {
                    true
                }
            }
        };
        if !go_on {
            return;
        }
    }
}

/// Elements that do not separate words ("<b>Ban</b>jir" is one word).
pub(super) const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "cite", "code", "del", "dfn", "em", "font", "i", "ins", "kbd", "mark",
    "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var",
];

/// The visible words of `html` with one space between them, at most `max` bytes (cut at a
/// character boundary): what the search index and the place matcher read. One forward pass,
/// no layout, so it costs a fraction of rendering. Not sanitised.
pub(super) fn words(html: &str, max: usize) -> String {
    let mut out = String::with_capacity(html.len().min(max) + 8);
    let mut space = false;
    walk_visible_while(html, |v| match v {
        Visible::Text(t) => push_words(&mut out, &decode_entities(t), &mut space, max),
        Visible::Start { name, .. } | Visible::End { name } => {
            if !is_in(name, INLINE) {
                space = true;
            }
            true
        }
    });
    out
}

/// Append the words of `text` to `out`, one space between words (`space`: a break is
/// pending from what came before); false once `out` is full. Whole words are copied at
/// once; white space outside ASCII and no-break spaces is left for the sanitiser, which
/// turns any run of white space into one space.
pub(super) fn push_words(out: &mut String, text: &str, space: &mut bool, max: usize) -> bool {
    let b = text.as_bytes();
    // Most text between tags is words and single spaces: copied in one piece.
    if is_single_spaced(b) {
        let core = text.trim_matches(' ');
        *space |= text.starts_with(' ');
        if !core.is_empty() && !push_word(out, core, space, max) {
            return false;
        }
        *space |= text.ends_with(' ') && !core.is_empty();
        return true;
    }
    let mut i = 0;
    while i < b.len() {
        let gap = space_len(&b[i..]);
        if gap > 0 {
            *space = true;
            i += gap;
            continue;
        }
        let start = i;
        while i < b.len() && space_len(&b[i..]) == 0 {
            i += 1;
        }
        if !push_word(out, &text[start..i], space, max) {
            return false;
        }
    }
    true
}

/// Append `word` (preceded by a space if one is pending), cut to fit `max`; false if cut.
pub(super) fn push_word(out: &mut String, word: &str, space: &mut bool, max: usize) -> bool {
    if *space && !out.is_empty() {
        if out.len() + 1 > max {
            return false;
        }
        out.push(' ');
    }
    *space = false;
    if out.len() + word.len() > max {
        let mut end = max - out.len();
        while !word.is_char_boundary(end) {
            end -= 1;
        }
        out.push_str(&word[..end]);
        return false;
    }
    out.push_str(word);
    true
}

/// No white space in `b` but single ASCII spaces: no control bytes (tabs, newlines), no
/// 0xC2 (the lead byte of a no-break space), no two spaces in a row.
pub(super) fn is_single_spaced(b: &[u8]) -> bool {
    b.iter().fold(true, |ok, &x| ok & (x >= 0x20) & (x != 0xc2))
        && !b.windows(2).fold(false, |d, w| d | (w == b"  "))
}

/// Length of the white space at the start of `b`: one ASCII white space byte, or the two
/// bytes of a no-break space (`&nbsp;` is everywhere in WordPress bodies); 0 if none.
pub(super) fn space_len(b: &[u8]) -> usize {
    match b {
        [b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c, ..] => 1,
        [0xc2, 0xa0, ..] => 2,
        _ => 0,
    }
}

/// Skip everything up to the end tag matching an open hidden element `name`.
pub(super) fn skip_nested(tok: &mut Tokenizer<'_>, name: &str) {
    let mut depth = 1usize;
    while let Some(t) = tok.next() {
        match t {
            Token::Start {
                name: n,
                self_closing,
                ..
            } => {
                if is_in(n, RAW_HIDDEN) {
                    tok.skip_raw(n);
                } else if n.eq_ignore_ascii_case(name) && !self_closing {
                    depth += 1;
                }
            }
            Token::End { name: n } if n.eq_ignore_ascii_case(name) => {
                depth -= 1;
                if depth == 0 {
                    return;
                }
            }
            _ => {}
        }
    }
}

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
