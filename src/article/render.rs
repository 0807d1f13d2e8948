//! Render an HTML body to wrapped text lines with numbered link references, safely and quickly.
//!
//! The body is untrusted. The pipeline:
//! 1. a linear pre-pass (`html::clean_for_html2text`) drops active and hidden elements
//!    (`script`, `style`, `iframe`, `object`, `embed`, `form`, `noscript`, `template`, `svg`,
//!    `<base>`, …), comments, tracking pixels and terminal escape sequences, and measures the
//!    nesting depth;
//! 2. html2text lays the cleaned HTML out (inside `catch_unwind`), unless the input is too big
//!    or too deeply nested for it;
//! 3. otherwise, or when html2text fails, a linear tag-stripping fallback renders the text;
//! 4. every line is sanitised and wrapped to the width by display columns, and the numbered
//!    link list is appended.

mod fallback;
mod html;

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use html2text::render::TextDecorator;

/// A body rendered for one width.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RenderedBody {
    /// Wrapped, sanitised lines (each at most `width` display columns), including the link list.
    pub lines: Vec<String>,
    /// The http(s) links, in reference order: `[1]` is `links[0]`.
    pub links: Vec<String>,
}

/// Narrowest width rendered; smaller widths are treated as this.
pub const MIN_WIDTH: usize = 20;
/// Widest width rendered; larger widths are treated as this.
pub const MAX_WIDTH: usize = 1000;
/// Bodies larger than this skip html2text and get the tag-stripped rendering.
pub const MAX_HTML2TEXT_BYTES: usize = 512 * 1024;
/// Bodies larger than this are cut (at a character boundary) before the fallback rendering.
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;
/// Deeper element nesting than this skips html2text (it fails or slows down on deep trees).
const MAX_DEPTH: usize = 200;
/// More elements left unclosed than this skips html2text (quadratic in html2text).
const MAX_UNCLOSED: usize = 2000;
/// More tags than this skips html2text.
const MAX_TAGS: usize = 50_000;
/// Link-list entries longer than this many lines are cut with `…`.
const MAX_LINK_LINES: usize = 3;
/// Image alt text longer than this many columns is cut with `…`.
const MAX_ALT_COLS: usize = 100;

/// Heading line of the link list.
pub const LINKS_HEADING: &str = "Tautan:";

/// Render `html` at `width` columns.
pub fn render(html: &str, width: usize) -> RenderedBody {
    render_with_base(html, width, None)
}

/// Render `html` at `width` columns, resolving relative links against `base` (the article or
/// feed URL; only an http(s) base is used). `<base href>` inside the body is ignored.
pub fn render_with_base(html: &str, width: usize, base: Option<&str>) -> RenderedBody {
    let width = width.clamp(MIN_WIDTH, MAX_WIDTH);
    if html.len() <= MAX_HTML2TEXT_BYTES {
        let cleaned = html::clean_for_html2text(html);
        // The depth is measured with a real stack of open elements: the cleaner's own count
        // treats every end tag as a close, which `<div></x>` × N fools.
        if cleaned.max_depth <= MAX_DEPTH
            && !crate::html::depth_exceeds(&cleaned.html, MAX_DEPTH)
            && cleaned.unclosed <= MAX_UNCLOSED
            && cleaned.tags <= MAX_TAGS
            && let Some((text, links)) = run_html2text(&cleaned.html, width, base)
        {
            let raw = text.lines().map(|l| (l.to_string(), false));
            return finish(raw, width, links.links);
        }
    }
    render_fallback_with_base(html, width, base)
}

/// The tag-stripped rendering used when html2text cannot be: linear time, paragraph breaks at
/// block elements, numbered links, images as `[gambar: ALT]`. Public for tests and callers
/// that want a guaranteed-cheap rendering.
pub fn render_fallback_with_base(html: &str, width: usize, base: Option<&str>) -> RenderedBody {
    let width = width.clamp(MIN_WIDTH, MAX_WIDTH);
    let (html, cut) = cap_bytes(html, MAX_BODY_BYTES);
    let mut table = LinkTable::new(base);
    let mut lines = fallback::extract(
        html,
        fallback::ExtractOpts {
            decorate: true,
            links: Some(&mut table),
        },
    );
    if cut {
        lines.push(fallback::FLine {
            text: String::new(),
            pre: false,
        });
        lines.push(fallback::FLine {
            text: "[… artikel terlalu panjang, dipotong]".into(),
            pre: false,
        });
    }
    finish(
        lines.into_iter().map(|l| (l.text, l.pre)),
        width,
        table.links,
    )
}

/// Cut `s` to at most `max` bytes at a character boundary.
fn cap_bytes(s: &str, max: usize) -> (&str, bool) {
    if s.len() <= max {
        return (s, false);
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    (&s[..end], true)
}

/// The numbered http(s) links of one rendering.
#[derive(Debug, Clone, Default)]
struct LinkTable {
    base: Option<url::Url>,
    links: Vec<String>,
    index: HashMap<String, usize>,
}

impl LinkTable {
    fn new(base: Option<&str>) -> Self {
        let base = base
            .and_then(crate::text::safe_link)
            .and_then(|b| url::Url::parse(&b).ok());
        LinkTable {
            base,
            ..Default::default()
        }
    }

    /// The reference number (1-based) for `href`, or `None` when it is not an http(s) link
    /// (after resolving a relative link against the base, if any).
    fn add(&mut self, href: &str) -> Option<usize> {
        let url = crate::html::resolve_link(href, self.base.as_ref())?;
        if let Some(&n) = self.index.get(&url) {
            return Some(n);
        }
        self.links.push(url.clone());
        let n = self.links.len();
        self.index.insert(url, n);
        Some(n)
    }
}

fn heading_prefix(level: usize) -> String {
    "#".repeat(level.clamp(1, 6)) + " "
}

fn image_label(alt: &str) -> String {
    let alt = crate::text::sanitize_line(&alt.split_whitespace().collect::<Vec<_>>().join(" "));
    if alt.is_empty() {
        "[gambar]".into()
    } else {
        format!(
            "[gambar: {}]",
            crate::text::width::truncate(&alt, MAX_ALT_COLS)
        )
    }
}

/// html2text decorator: plain text, `#` headings, `> ` quotes, `- ` bullets, `[gambar: …]`
/// images and link numbers glued to the link text with a no-break space. (html2text measures
/// prefixes in bytes, so they are ASCII.)
#[derive(Clone)]
struct Decorator {
    links: Rc<RefCell<LinkTable>>,
    open: Rc<RefCell<Vec<Option<usize>>>>,
}

impl TextDecorator for Decorator {
    type Annotation = ();

    fn decorate_link_start(&mut self, url: &str) -> (String, ()) {
        let n = self.links.borrow_mut().add(url);
        self.open.borrow_mut().push(n);
        (String::new(), ())
    }

    fn decorate_link_end(&mut self) -> String {
        match self.open.borrow_mut().pop().flatten() {
            Some(n) => format!("\u{a0}[{n}]"),
            None => String::new(),
        }
    }

    fn decorate_em_start(&self) -> (String, ()) {
        (String::new(), ())
    }

    fn decorate_em_end(&self) -> String {
        String::new()
    }

    fn decorate_strong_start(&self) -> (String, ()) {
        (String::new(), ())
    }

    fn decorate_strong_end(&self) -> String {
        String::new()
    }

    fn decorate_strikeout_start(&self) -> (String, ()) {
        (String::new(), ())
    }

    fn decorate_strikeout_end(&self) -> String {
        String::new()
    }

    fn decorate_code_start(&self) -> (String, ()) {
        (String::new(), ())
    }

    fn decorate_code_end(&self) -> String {
        String::new()
    }

    fn decorate_preformat_first(&self) {}

    fn decorate_preformat_cont(&self) {}

    fn decorate_image(&mut self, _src: &str, title: &str) -> (String, ()) {
        (image_label(title), ())
    }

    fn header_prefix(&self, level: usize) -> String {
        heading_prefix(level)
    }

    fn quote_prefix(&self) -> String {
        "> ".into()
    }

    fn unordered_item_prefix(&self) -> String {
        "- ".into()
    }

    fn ordered_item_prefix(&self, i: i64) -> String {
        format!("{i}. ")
    }

    fn make_subblock_decorator(&self) -> Self {
        self.clone()
    }

    fn decorate_superscript_start(&self) -> (String, ()) {
        ("^".into(), ())
    }

    fn decorate_superscript_end(&self) -> String {
        String::new()
    }

    fn finalise(
        &mut self,
        _urls: Vec<String>,
    ) -> Vec<html2text::render::TaggedLine<Self::Annotation>> {
        Vec::new()
    }
}

/// Run html2text on cleaned HTML, catching panics. `None` on error or panic.
fn run_html2text(html: &str, width: usize, base: Option<&str>) -> Option<(String, LinkTable)> {
    let table = Rc::new(RefCell::new(LinkTable::new(base)));
    let decorator = Decorator {
        links: Rc::clone(&table),
        open: Rc::default(),
    };
    let result = crate::html::guarded(move || {
        html2text::config::with_decorator(decorator)
            .empty_img_mode(html2text::config::ImageRenderMode::ShowAlways)
            .link_footnotes(false)
            .string_from_read(html.as_bytes(), width)
    });
    match result {
        Some(Ok(text)) => {
            let links = table.borrow().clone();
            Some((text, links))
        }
        Some(Err(e)) => {
            tracing::debug!("html2text failed, using the plain rendering: {e}");
            None
        }
        None => {
            tracing::warn!("html2text panicked, using the plain rendering");
            None
        }
    }
}

use crate::text::width::{char_width as char_cols, width as line_width};

/// Tabs to spaces (8-column stops).
fn expand_tabs(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('\t') {
        return s.into();
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut col = 0;
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c == '\t' {
            let n = 8 - col % 8;
            out.extend(std::iter::repeat_n(' ', n));
            col += n;
        } else {
            out.push(c);
            col += char_cols(c, it.peek().copied());
        }
    }
    out.into()
}

/// Sanitise one rendered line with the shared sanitiser, keeping its indentation and the
/// runs of spaces inside it (table columns, `<pre>`). [`crate::text::sanitize_text`] is
/// [`crate::text::sanitize_line`] without the space collapsing; a line separator it turns into
/// `\n` splits the line.
fn sanitize_keep_spacing(line: &str) -> String {
    crate::text::sanitize_text(line)
}

/// Append `line` to `out`, broken so no piece is wider than `width`: word-wrapped with the
/// line's indentation repeated (up to half the width), words wider than a line hard-broken.
/// A `pre` line is hard-broken only, keeping its spacing.
fn wrap_into(line: &str, width: usize, pre: bool, out: &mut Vec<String>) {
    if line_width(line) <= width {
        out.push(line.replace('\u{a0}', " "));
        return;
    }
    let body = line.trim_start_matches(' ');
    let indent_len = (line.len() - body.len()).min(width / 2);
    let indent = " ".repeat(indent_len);
    let mut cur = indent.clone();
    let mut cur_w = indent_len;
    let mut has_word = false;
    let flush =
        |cur: &mut String, cur_w: &mut usize, has_word: &mut bool, out: &mut Vec<String>| {
            let done = std::mem::replace(cur, indent.clone());
            out.push(done.trim_end().replace('\u{a0}', " "));
            *cur_w = indent_len;
            *has_word = false;
        };
    let words: Box<dyn Iterator<Item = &str>> = if pre {
        Box::new(std::iter::once(body))
    } else {
        Box::new(body.split(' ').filter(|w| !w.is_empty()))
    };
    for word in words {
        let ww = line_width(word);
        if has_word && cur_w + 1 + ww <= width {
            cur.push(' ');
            cur.push_str(word);
            cur_w += 1 + ww;
            continue;
        }
        if !has_word && cur_w + ww <= width {
            cur.push_str(word);
            cur_w += ww;
            has_word = true;
            continue;
        }
        if has_word {
            flush(&mut cur, &mut cur_w, &mut has_word, out);
        }
        if cur_w + ww <= width {
            cur.push_str(word);
            cur_w += ww;
            has_word = true;
            continue;
        }
        // Hard-break a word wider than the line.
        let mut it = word.chars().peekable();
        while let Some(c) = it.next() {
            let cw = char_cols(c, it.peek().copied());
            if cur_w + cw > width && has_word {
                flush(&mut cur, &mut cur_w, &mut has_word, out);
            }
            cur.push(c);
            cur_w += cw;
            has_word = true;
        }
    }
    if has_word {
        flush(&mut cur, &mut cur_w, &mut has_word, out);
    }
}

/// Sanitise and wrap raw lines, collapse blank runs, trim blank ends, append the link list.
fn finish(
    raw: impl Iterator<Item = (String, bool)>,
    width: usize,
    links: Vec<String>,
) -> RenderedBody {
    let mut lines: Vec<String> = Vec::new();
    let mut wrapped = Vec::new();
    for (line, pre) in raw {
        let line = expand_tabs(&line);
        let line = sanitize_keep_spacing(&line);
        wrapped.clear();
        for piece in line.split('\n') {
            wrap_into(piece, width, pre, &mut wrapped);
        }
        for l in wrapped.drain(..) {
            let l = l.trim_end();
            if l.is_empty() && lines.last().is_none_or(|p| p.is_empty()) {
                continue;
            }
            lines.push(l.to_string());
        }
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    if !links.is_empty() {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(LINKS_HEADING.to_string());
        for (i, url) in links.iter().enumerate() {
            push_link_line(&mut lines, i + 1, url, width);
        }
    }
    RenderedBody { lines, links }
}

/// `[n] URL`, wrapped under itself for at most [`MAX_LINK_LINES`] lines, then cut with `…`.
fn push_link_line(lines: &mut Vec<String>, n: usize, url: &str, width: usize) {
    let url = crate::text::sanitize_line(url);
    let prefix = format!("[{n}] ");
    let pad = " ".repeat(prefix.len());
    let avail = width.saturating_sub(prefix.len()).max(1);
    let chars: Vec<char> = url.chars().collect();
    let mut pos = 0;
    for k in 0..MAX_LINK_LINES {
        if pos >= chars.len() {
            break;
        }
        let lead = if k == 0 { &prefix } else { &pad };
        let mut piece = String::new();
        let mut w = 0;
        let last = k + 1 == MAX_LINK_LINES;
        while pos < chars.len() {
            let cw = char_cols(chars[pos], chars.get(pos + 1).copied());
            let room = if last && pos + 1 < chars.len() {
                avail - 1
            } else {
                avail
            };
            if w + cw > room {
                break;
            }
            piece.push(chars[pos]);
            w += cw;
            pos += 1;
        }
        if last && pos < chars.len() {
            piece.push('…');
        }
        lines.push(format!("{lead}{piece}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_hard_breaks_long_words() {
        let mut out = Vec::new();
        wrap_into(&"x".repeat(45), 20, false, &mut out);
        assert_eq!(out.len(), 3);
        assert!(out.iter().all(|l| line_width(l) <= 20));
    }

    #[test]
    fn wrap_keeps_indent() {
        let mut out = Vec::new();
        wrap_into("    aaaa bbbb cccc dddd eeee ffff", 20, false, &mut out);
        assert!(out.iter().all(|l| l.starts_with("    ")), "{out:?}");
    }

    #[test]
    fn emoji_selector_counts_two() {
        assert_eq!(line_width("\u{2764}\u{fe0f}"), 2);
        // The list (text::width) and the article measure emoji alike.
        for s in ["a\u{2764}\u{fe0f}b", "\u{1f600}", "\u{263a}\u{fe0f} ok"] {
            assert_eq!(line_width(s), crate::text::width::width(s), "{s}");
        }
    }

    #[test]
    fn link_table_dedupes_and_filters() {
        let mut t = LinkTable::new(Some("https://example.com/a/b.html"));
        assert_eq!(t.add("https://example.com/x"), Some(1));
        assert_eq!(t.add("c.html"), Some(2));
        assert_eq!(t.add("https://example.com/x"), Some(1));
        assert_eq!(t.add("javascript:alert(1)"), None);
        assert_eq!(t.add(" JaVaScRiPt:alert(1)"), None);
        assert_eq!(t.add("mailto:a@example.com"), None);
        assert_eq!(t.links[1], "https://example.com/a/c.html");
    }

    #[test]
    fn unmatched_closers_do_not_reach_html2text() {
        // `<div></x>` x 50,000 measured depth 1 and took html2text over a minute.
        let hostile = "<div></x>".repeat(50_000) + "teks";
        assert!(hostile.len() <= MAX_HTML2TEXT_BYTES);
        assert!(crate::html::depth_exceeds(&hostile, MAX_DEPTH));
        assert_eq!(
            render(&hostile, 80),
            render_fallback_with_base(&hostile, 80, None)
        );
    }

    #[test]
    fn clean_drops_hidden() {
        let c = html::clean_for_html2text(
            "<p>a</p><script>x</script><noscript>n</noscript><template><p>t</p></template>\
             <svg><script>s</script></svg><base href='https://attacker.invalid/'><p>b</p>",
        );
        assert_eq!(c.html, "<p>a</p><p>b</p>");
    }

    #[test]
    fn search_text_is_the_visible_words_only() {
        let html = "<p>Banjir <b>rend</b>am&nbsp;Mesuji</p><script>evil()</script>\
            <figure><img src=x alt=foto><figcaption>Foto:&#32;Antara</figcaption></figure>\
            <ul><li>satu</li><li>dua</li></ul><p>Bahaya\u{1b}[31m merah &#8230;</p>";
        assert_eq!(
            crate::html::visible::plain_text(html, 1000),
            "Banjir rendam Mesuji Foto: Antara satu dua Bahaya merah …"
        );
        // Capped at a character boundary.
        let capped = crate::html::visible::plain_text("<p>é é é é</p>", 6);
        assert_eq!(capped, "é é");
    }

    /// Text runs are copied whole when they are single-spaced; every other kind of white
    /// space still separates words by exactly one space.
    #[test]
    fn search_text_white_space_of_every_kind() {
        let cases = [
            (
                "<p> Bandar  Lampung </p><p>Metro</p>",
                "Bandar Lampung Metro",
            ),
            ("<p>a\tb\r\nc \n d</p>", "a b c d"),
            ("<p>Way&nbsp;&nbsp;Kanan&#160;x</p>", "Way Kanan x"),
            (
                "<p>Way\u{a0}Kanan \u{2003} Mesuji\u{3000}</p>",
                "Way Kanan Mesuji",
            ),
            ("<p>kata <b>te</b>bal </p> <p> lagi</p>", "kata tebal lagi"),
            ("<p>satu </p>dua<br>tiga", "satu dua tiga"),
            ("<p>\u{85}a\u{2028}b\u{200b}c</p>", "a bc"),
            (" \n <p> </p> ", ""),
        ];
        for (html, want) in cases {
            assert_eq!(
                crate::html::visible::plain_text(html, 1000),
                want,
                "{html:?}"
            );
        }
        // The cap holds on both paths, at a character boundary.
        assert_eq!(
            crate::html::visible::plain_text("<p>abc déf ghi</p>", 6),
            "abc d"
        );
        assert_eq!(
            crate::html::visible::plain_text("<p>abc\ndéf ghi</p>", 7),
            "abc dé"
        );
        assert_eq!(
            crate::html::visible::plain_text("<p>abc</p><p>def</p>", 3),
            "abc"
        );
    }
}
