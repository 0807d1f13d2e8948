//! What of an HTML fragment is visible, and its words: hidden elements skipped, one space between words.
//!
//! The one HTML-to-text for bodies (previews, search index, place matcher, excerpt checks) is
//! [`plain_text`]; the renderer's fallback walks the same [`walk_visible`].

use super::decode_lenient as decode_entities;
use super::tokenize::{Token, Tokenizer, attr};

/// Elements whose whole content is raw text and is never shown.
pub const RAW_HIDDEN: &[&str] = &[
    "script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "textarea", "title",
];
/// Elements whose content is markup but is never shown.
pub const NESTED_HIDDEN: &[&str] = &[
    "template", "svg", "math", "object", "form", "select", "video", "audio", "datalist", "applet",
    "frameset",
];
/// Void elements that are dropped.
pub const VOID_HIDDEN: &[&str] = &[
    "embed", "base", "meta", "link", "input", "param", "source", "track", "frame", "keygen",
];
/// Void elements (no end tag, no content).
pub const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen", "frame", "basefont", "bgsound", "image",
];
/// Elements whose end tag is commonly implied (not counted for nesting depth).
pub const IMPLIED_END: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody", "thead", "tfoot", "rb",
    "rt", "rp", "rtc", "colgroup", "caption", "html", "body",
];

pub fn is_in(name: &str, set: &[&str]) -> bool {
    set.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// A visible token (hidden elements and their content already removed).
pub enum Visible<'a> {
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
pub fn is_tracking_pixel(attrs: &str) -> bool {
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
pub fn walk_visible<'a>(html: &'a str, mut f: impl FnMut(Visible<'a>)) {
    walk_visible_while(html, |v| {
        f(v);
        true
    })
}

/// Like [`walk_visible`], stopping as soon as `f` returns false.
pub fn walk_visible_while<'a>(html: &'a str, mut f: impl FnMut(Visible<'a>) -> bool) {
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
pub const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "cite", "code", "del", "dfn", "em", "font", "i", "ins", "kbd", "mark",
    "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var",
];

/// The visible words of `html` with one space between them, at most `max` bytes (cut at a
/// character boundary): what the search index and the place matcher read. One forward pass,
/// no layout, so it costs a fraction of rendering. Not sanitised.
pub fn words(html: &str, max: usize) -> String {
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
pub fn push_words(out: &mut String, text: &str, space: &mut bool, max: usize) -> bool {
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
pub fn push_word(out: &mut String, word: &str, space: &mut bool, max: usize) -> bool {
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
pub fn is_single_spaced(b: &[u8]) -> bool {
    b.iter().fold(true, |ok, &x| ok & (x >= 0x20) & (x != 0xc2))
        && !b.windows(2).fold(false, |d, w| d | (w == b"  "))
}

/// Length of the white space at the start of `b`: one ASCII white space byte, or the two
/// bytes of a no-break space (`&nbsp;` is everywhere in WordPress bodies); 0 if none.
pub fn space_len(b: &[u8]) -> usize {
    match b {
        [b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c, ..] => 1,
        [0xc2, 0xa0, ..] => 2,
        _ => 0,
    }
}

/// Skip everything up to the end tag matching an open hidden element `name`.
pub fn skip_nested(tok: &mut Tokenizer<'_>, name: &str) {
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

/// Cap on the HTML read for plain text (the renderer's body cap).
pub const MAX_INPUT_BYTES: usize = 8 * 1024 * 1024;

/// The visible words of an HTML body as one sanitised line, at most `max` bytes: tag-stripped,
/// entity-decoded, hidden elements (`script`, `style`, `template`, …) and images dropped, one
/// space between words. Used for previews, the search index, the place matcher and the
/// excerpt/too-short checks on article bodies.
pub fn plain_text(html: &str, max: usize) -> String {
    let mut end = html.len().min(MAX_INPUT_BYTES);
    while !html.is_char_boundary(end) {
        end -= 1;
    }
    crate::text::sanitize_line(&words(&html[..end], max))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cases where the three old HTML-to-text functions disagreed: the tree-based one
    /// (excerpt checks) glued words across block ends and kept `<template>`/`<noscript>` text.
    #[test]
    fn one_rule_for_body_text() {
        assert_eq!(plain_text("<p>satu</p><p>dua</p>", usize::MAX), "satu dua");
        assert_eq!(
            plain_text("<b>Ban</b>jir<br>naik", usize::MAX),
            "Banjir naik"
        );
        assert_eq!(
            plain_text(
                "a <template>x</template><noscript>y</noscript>b",
                usize::MAX
            ),
            "a b"
        );
        assert_eq!(plain_text("<li>satu</li><li>dua</li>", 6), "satu d");
        assert_eq!(plain_text("a &hellip; <img alt=foto>", usize::MAX), "a …");
    }
}
