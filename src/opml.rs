//! Import (OPML, newsboat `urls`) and export (OPML 2.0) of the feed list.
//!
//! Imported text is untrusted: only absolute http(s) feed URLs are accepted. newsboat's
//! `exec:`, `filter:` and `query:` feeds, `file:`, `javascript:`, Liferea `|command` sources
//! and the like are skipped and reported, never run; attributes such as `filtercmd` are
//! ignored. Names and tags are sanitised. The OPML reader never expands DTD entities and walks
//! nesting iteratively.

use crate::config::FeedConfig;
use crate::text::{safe_link, sanitize_line};
use quick_xml::events::{BytesStart, Event};
use std::collections::HashSet;

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("not a valid OPML or newsboat urls file: {0}")]
    Invalid(String),
}

/// What an import found: the feeds to add, and one sanitised line per entry left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Accepted feeds (absolute http(s) URLs, deduplicated, in file order).
    pub feeds: Vec<FeedConfig>,
    /// Why entries were skipped (or attributes ignored), one short sanitised line each.
    pub skipped: Vec<String>,
}

/// Longest name or tag kept (characters).
const MAX_FIELD_CHARS: usize = 200;
/// Longest URL quoted in a skip reason (characters).
const MAX_QUOTED_CHARS: usize = 80;
/// Enclosing category outlines used as tags (the nearest ones).
const MAX_CATEGORY_TAGS: usize = 8;
/// Skip reasons kept; the rest are counted in one final line.
const MAX_REPORTED: usize = 200;

/// Parse an OPML document or a newsboat `urls` file (detected by content) into feeds.
pub fn parse_import(text: &str) -> Result<Vec<FeedConfig>, ImportError> {
    parse_import_report(text).map(|r| r.feeds)
}

/// Like [`parse_import`], also reporting what was skipped and why.
pub fn parse_import_report(text: &str) -> Result<ImportReport, ImportError> {
    let body = text.trim_start_matches('\u{feff}').trim_start();
    if text.contains('\0') {
        return Err(ImportError::Invalid("binary data (NUL bytes)".into()));
    }
    let mut acc = Accumulator::default();
    if body.starts_with('<') {
        if !contains_ignore_ascii_case(body, "<opml") {
            return Err(ImportError::Invalid(
                "XML but not an OPML document (no <opml> element)".into(),
            ));
        }
        parse_opml(body, &mut acc)?;
    } else {
        parse_newsboat(body, &mut acc);
    }
    Ok(acc.finish())
}

fn contains_ignore_ascii_case(hay: &str, needle: &str) -> bool {
    hay.as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Collects feeds, deduplicating by URL, and skip reasons.
#[derive(Default)]
struct Accumulator {
    feeds: Vec<FeedConfig>,
    seen: HashSet<String>,
    skipped: Vec<String>,
    unreported: usize,
}

impl Accumulator {
    fn skip(&mut self, what: &str, why: &str) {
        if self.skipped.len() >= MAX_REPORTED {
            self.unreported += 1;
            return;
        }
        let what = clip(&sanitize_line(what), MAX_QUOTED_CHARS);
        let line = if what.is_empty() {
            why.to_string()
        } else {
            format!("{what}: {why}")
        };
        self.skipped.push(sanitize_line(&line));
    }

    /// Offer a feed: `url` as written in the file, `label` names the entry in skip reasons.
    fn offer(&mut self, url: &str, name: Option<String>, tags: Vec<String>, label: &str) {
        let url = url.trim();
        if url.is_empty() {
            self.skip(label, "no feed URL");
            return;
        }
        let Some(norm) = safe_link(url) else {
            let why = format!(
                "not an http(s) URL, skipped: {}",
                clip(&sanitize_line(url), MAX_QUOTED_CHARS)
            );
            self.skip(label, &why);
            return;
        };
        if !self.seen.insert(norm.clone()) {
            self.skip(
                label,
                &format!("duplicate of {}", clip(&norm, MAX_QUOTED_CHARS)),
            );
            return;
        }
        // A name that only repeats the URL carries nothing (and keeps export/import symmetric).
        let name = name.filter(|n| !n.is_empty() && n != url && *n != norm);
        self.feeds.push(FeedConfig {
            url: norm,
            name,
            tags,
            full_text: None,
            settings: Default::default(),
        });
    }

    fn finish(mut self) -> ImportReport {
        if self.unreported > 0 {
            self.skipped
                .push(format!("… and {} more skipped entries", self.unreported));
        }
        ImportReport {
            feeds: self.feeds,
            skipped: self.skipped,
        }
    }
}

/// At most `max` characters, ending with `…` when cut.
fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// A sanitised name or tag; `None` when nothing visible is left.
fn clean_field(s: &str) -> Option<String> {
    let s = clip(&sanitize_line(s), MAX_FIELD_CHARS);
    (!s.is_empty()).then_some(s)
}

fn push_tag(tags: &mut Vec<String>, tag: &str) {
    if let Some(t) = clean_field(tag)
        && !tags.contains(&t)
    {
        tags.push(t);
    }
}

/// The attributes of an `<outline>`, decoded leniently (XML and HTML named references,
/// numeric references; unknown ones such as DTD-declared entities stay literal).
#[derive(Default)]
struct Outline {
    text: Option<String>,
    title: Option<String>,
    xml_url: Option<String>,
    category: Option<String>,
    ignored: Vec<String>,
}

/// Attributes that ask a reader to run something: never honoured, reported.
const COMMAND_ATTRS: &[&str] = &["filtercmd", "exec", "command", "script", "filter"];

fn read_outline(e: &BytesStart<'_>) -> Outline {
    let mut o = Outline::default();
    for a in e.html_attributes().with_checks(false).flatten() {
        let key = String::from_utf8_lossy(a.key.local_name().into_inner()).to_ascii_lowercase();
        let raw = String::from_utf8_lossy(&a.value);
        let value = crate::html::decode_lenient(&raw).into_owned();
        match key.as_str() {
            "text" => o.text = Some(value),
            "title" => o.title = Some(value),
            "xmlurl" => o.xml_url = Some(value),
            "category" => o.category = Some(value),
            k if COMMAND_ATTRS.contains(&k) => o.ignored.push(k.to_string()),
            _ => {}
        }
    }
    o
}

impl Outline {
    /// `title`, else `text`, sanitised.
    fn name(&self) -> Option<String> {
        self.title
            .as_deref()
            .and_then(clean_field)
            .or_else(|| self.text.as_deref().and_then(clean_field))
    }
}

fn parse_opml(text: &str, acc: &mut Accumulator) -> Result<(), ImportError> {
    let mut reader = quick_xml::Reader::from_str(text);
    {
        let cfg = reader.config_mut();
        cfg.check_end_names = false;
        cfg.allow_unmatched_ends = true;
        cfg.allow_dangling_amp = true;
        cfg.expand_empty_elements = false;
    }
    // Open <outline> elements, and the named categories among them with their depth (kept
    // apart so a deep nesting of feed outlines costs nothing per feed).
    let mut depth = 0usize;
    let mut cats: Vec<(usize, String)> = Vec::new();
    let mut saw_opml = false;
    loop {
        let event = match reader.read_event() {
            Ok(ev) => ev,
            Err(e) => {
                let msg = format!("XML error at byte {}: {e}", reader.error_position());
                // A damaged tail after good entries: keep them, and say where reading stopped.
                if saw_opml && !acc.feeds.is_empty() {
                    acc.skip("", &format!("{msg}; the rest of the file was not read"));
                    return Ok(());
                }
                return Err(ImportError::Invalid(sanitize_line(&msg)));
            }
        };
        match event {
            Event::Start(e) | Event::Empty(e)
                if e.local_name().as_ref().eq_ignore_ascii_case(b"opml") =>
            {
                saw_opml = true;
            }
            Event::Start(e) if e.local_name().as_ref().eq_ignore_ascii_case(b"outline") => {
                let o = read_outline(&e);
                if o.xml_url.is_some() {
                    feed_outline(&o, &cats, acc);
                }
                depth += 1;
                if o.xml_url.is_none()
                    && let Some(name) = o.name()
                {
                    cats.push((depth, name));
                }
            }
            Event::Empty(e) if e.local_name().as_ref().eq_ignore_ascii_case(b"outline") => {
                let o = read_outline(&e);
                if o.xml_url.is_some() {
                    feed_outline(&o, &cats, acc);
                } else {
                    let label = o.name().unwrap_or_else(|| "outline".into());
                    acc.skip(&label, "no feed URL (xmlUrl)");
                }
            }
            Event::End(e) if e.local_name().as_ref().eq_ignore_ascii_case(b"outline") => {
                if cats.last().is_some_and(|c| c.0 == depth) {
                    cats.pop();
                }
                depth = depth.saturating_sub(1);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_opml {
        return Err(ImportError::Invalid("no <opml> element".into()));
    }
    Ok(())
}

fn feed_outline(o: &Outline, cats: &[(usize, String)], acc: &mut Accumulator) {
    let name = o.name();
    let label = name.clone().unwrap_or_else(|| "outline".into());
    let mut tags = Vec::new();
    // Enclosing categories, outermost first (only the nearest few of a deep nesting).
    for (_, c) in &cats[cats.len().saturating_sub(MAX_CATEGORY_TAGS)..] {
        push_tag(&mut tags, c);
    }
    if let Some(cat) = &o.category {
        for t in cat.split(',') {
            push_tag(&mut tags, t.trim().trim_matches('/'));
        }
    }
    let before = acc.feeds.len();
    acc.offer(o.xml_url.as_deref().unwrap_or(""), name, tags, &label);
    if acc.feeds.len() > before {
        for attr in &o.ignored {
            acc.skip(
                &label,
                &format!("attribute {attr} ignored (kabar never runs commands)"),
            );
        }
    }
}

/// Split a newsboat `urls` line into tokens: white space separates, `"…"` quotes (with `\`
/// escaping the next character inside quotes). Returns (token, was_quoted).
fn newsboat_tokens(line: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut it = line.chars().peekable();
    loop {
        while it.peek().is_some_and(|c| c.is_whitespace()) {
            it.next();
        }
        let Some(&first) = it.peek() else { break };
        let mut tok = String::new();
        if first == '"' {
            it.next();
            while let Some(c) = it.next() {
                match c {
                    '"' => break,
                    '\\' => {
                        if let Some(n) = it.next() {
                            tok.push(n);
                        }
                    }
                    c => tok.push(c),
                }
            }
            out.push((tok, true));
        } else {
            while let Some(&c) = it.peek() {
                if c.is_whitespace() {
                    break;
                }
                tok.push(c);
                it.next();
            }
            out.push((tok, false));
        }
    }
    out
}

fn parse_newsboat(text: &str, acc: &mut Accumulator) {
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let tokens = newsboat_tokens(line);
        let Some(((url, _), rest)) = tokens.split_first() else {
            continue;
        };
        let lower = url.trim().to_ascii_lowercase();
        let kind = ["query:", "exec:", "filter:"]
            .into_iter()
            .find(|p| lower.starts_with(p));
        if let Some(kind) = kind {
            acc.skip(
                url,
                &format!(
                    "newsboat {} feed skipped (kabar never runs commands)",
                    &kind[..kind.len() - 1]
                ),
            );
            continue;
        }
        let mut name = None;
        let mut tags = Vec::new();
        for (tok, _) in rest {
            if let Some(title) = tok.strip_prefix('~') {
                name = clean_field(title).or(name);
            } else if tok.starts_with('!') {
                // newsboat's "hidden feed" marker: not a tag.
            } else {
                push_tag(&mut tags, tok);
            }
        }
        acc.offer(url, name, tags, url);
    }
}

/// Escape for a double-quoted XML attribute; control characters (and the non-characters
/// U+FFFE/U+FFFF, invalid in XML) are removed.
fn xml_attr(s: &str) -> String {
    let kept: String = s
        .chars()
        .filter(|&c| !(c.is_control() || c == '\u{fffe}' || c == '\u{ffff}'))
        .collect();
    quick_xml::escape::escape(&kept).into_owned()
}

/// The feed list as an OPML 2.0 document. Names and tags are sanitised like imported ones (so
/// an export imports back unchanged); a feed without a name is titled with its URL.
pub fn to_opml(feeds: &[FeedConfig]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head>\n    \
         <title>kabar</title>\n  </head>\n  <body>\n",
    );
    for f in feeds {
        let name = f
            .name
            .as_deref()
            .map(sanitize_line)
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| f.url.clone());
        let name = xml_attr(&name);
        out.push_str(&format!(
            "    <outline type=\"rss\" text=\"{name}\" title=\"{name}\" xmlUrl=\"{}\"",
            xml_attr(&f.url)
        ));
        let tags: Vec<String> = f
            .tags
            .iter()
            .map(|t| sanitize_line(t))
            .filter(|t| !t.is_empty())
            .collect();
        if !tags.is_empty() {
            out.push_str(&format!(" category=\"{}\"", xml_attr(&tags.join(","))));
        }
        out.push_str("/>\n");
    }
    out.push_str("  </body>\n</opml>\n");
    out
}
