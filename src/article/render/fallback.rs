//! The tag-stripped rendering used when html2text cannot be: linear, block breaks, numbered links.

use super::html::*;
use crate::html::decode_lenient as decode_entities;
use crate::html::tokenize::attr;

/// Block-level elements: a paragraph break before and after.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "nav",
    "aside",
    "figure",
    "figcaption",
    "blockquote",
    "ul",
    "ol",
    "dl",
    "table",
    "address",
    "details",
    "summary",
    "center",
    "caption",
    "hr",
    "fieldset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "dd",
    "dt",
    "hgroup",
    "body",
    "html",
];

/// One logical output line of the fallback renderer.
pub(super) struct FLine {
    pub text: String,
    /// Preformatted: hard-break only, keep spacing.
    pub pre: bool,
}

/// Builds lines from visible tokens for the fallback renderer and `plain_text`.
#[derive(Default)]
struct Builder {
    lines: Vec<FLine>,
    cur: String,
    pending_space: bool,
    /// A bullet or heading marker, written before the next visible text.
    pending_prefix: Option<String>,
    pre_depth: usize,
}

impl Builder {
    fn push_text(&mut self, t: &str) {
        if self.pending_prefix.is_some() && t.chars().any(|c| !c.is_whitespace()) {
            if !self.cur.is_empty() {
                self.end_line();
            }
            if let Some(p) = self.pending_prefix.take() {
                self.cur.push_str(&p);
            }
            if self.pre_depth == 0 {
                return self.push_text(t.trim_start());
            }
        }
        if self.pre_depth > 0 {
            let mut first = true;
            for part in t.split('\n') {
                if !first {
                    self.end_line();
                }
                first = false;
                self.cur.push_str(part.trim_end_matches('\r'));
            }
            return;
        }
        for c in t.chars() {
            if c.is_whitespace() && c != '\u{a0}' {
                if !self.cur.is_empty() && !self.cur.ends_with(' ') {
                    self.pending_space = true;
                }
            } else {
                if self.pending_space {
                    self.cur.push(' ');
                    self.pending_space = false;
                }
                self.cur.push(c);
            }
        }
    }

    /// Text glued to what precedes it (a link number).
    fn push_glued(&mut self, t: &str) {
        self.pending_space = false;
        self.cur.push_str(t);
    }

    fn end_line(&mut self) {
        let text = std::mem::take(&mut self.cur);
        self.pending_space = false;
        self.lines.push(FLine {
            text,
            pre: self.pre_depth > 0,
        });
    }

    fn line_break(&mut self) {
        if !self.cur.is_empty() || self.pre_depth > 0 {
            self.end_line();
        }
    }

    fn para_break(&mut self) {
        if !self.cur.is_empty() {
            self.end_line();
        }
        if self
            .lines
            .last()
            .is_some_and(|l| !l.text.is_empty() || l.pre)
        {
            self.lines.push(FLine {
                text: String::new(),
                pre: false,
            });
        }
    }
}

/// Options for [`extract`].
pub(super) struct ExtractOpts<'b> {
    /// Show images as `[gambar: ALT]`, list items with `- `, headings with `#`.
    pub decorate: bool,
    /// Number http(s) links; `None` leaves link text plain.
    pub links: Option<&'b mut super::LinkTable>,
}

/// Tag-stripped text as logical lines (not yet wrapped or sanitised line by line), in linear
/// time: paragraph breaks at block elements, line breaks at `<br>`, list items bulleted,
/// `<pre>` kept, entities decoded, NBSP to space.
pub(super) fn extract(html: &str, mut opts: ExtractOpts<'_>) -> Vec<FLine> {
    let mut b = Builder::default();
    let mut open_link: Option<usize> = None;
    walk_visible(html, |v| match v {
        Visible::Text(t) => {
            let d = decode_entities(t);
            let d = scrub_controls(&d);
            if d.contains('\u{a0}') {
                b.push_text(&d.replace('\u{a0}', " "));
            } else {
                b.push_text(&d);
            }
        }
        Visible::Start { name, attrs, .. } => {
            let lname = name.to_ascii_lowercase();
            match lname.as_str() {
                "br" => b.line_break(),
                "li" => {
                    b.line_break();
                    if opts.decorate {
                        b.pending_prefix = Some("- ".into());
                    }
                }
                "tr" => b.line_break(),
                "td" | "th" => b.push_text(" "),
                "img" if opts.decorate && !is_tracking_pixel(attrs) => {
                    let alt = attr(attrs, "alt").unwrap_or_default();
                    let alt = super::image_label(&alt);
                    b.push_text(" ");
                    b.push_text(&alt);
                    b.push_text(" ");
                }
                "a" => {
                    if let (Some(table), Some(href)) =
                        (opts.links.as_deref_mut(), attr(attrs, "href"))
                    {
                        open_link = table.add(&href);
                    } else {
                        open_link = None;
                    }
                }
                n if is_in(n, BLOCK) => {
                    b.para_break();
                    if let Some(level) = n
                        .strip_prefix('h')
                        .filter(|_| opts.decorate)
                        .and_then(|d| d.parse::<usize>().ok())
                        .filter(|l| (1..=6).contains(l))
                    {
                        b.pending_prefix = Some(super::heading_prefix(level));
                    }
                    if n == "pre" {
                        b.pre_depth += 1;
                    }
                }
                _ => {}
            }
        }
        Visible::End { name } => {
            let lname = name.to_ascii_lowercase();
            match lname.as_str() {
                "a" => {
                    if let Some(n) = open_link.take() {
                        b.push_glued(&format!("\u{a0}[{n}]"));
                    }
                }
                "li" => {
                    b.pending_prefix = None;
                    b.line_break();
                }
                "tr" | "br" => b.line_break(),
                n if is_in(n, BLOCK) => {
                    if n.len() == 2 && n.starts_with('h') {
                        b.pending_prefix = None;
                    }
                    if n == "pre" {
                        if !b.cur.is_empty() {
                            b.end_line();
                        }
                        b.pre_depth = b.pre_depth.saturating_sub(1);
                    }
                    b.para_break();
                }
                _ => {}
            }
        }
    });
    if !b.cur.is_empty() {
        b.end_line();
    }
    b.lines
}
