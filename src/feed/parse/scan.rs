//! A quick, linear pre-scan that decides whether feed-rs can be trusted with a document.
//!
//! feed-rs reads a well-formed feed faithfully, but it reads fewer shapes than the lenient
//! reader (`xml` module) and sometimes reads the same element differently: last value wins
//! where the lenient reader keeps the first, exact element names where the lenient reader
//! ignores case, only six namespace URIs, XHTML re-serialised without escaping, named entities
//! kept literally. The scan walks the markup once (text and CDATA are skipped, never copied)
//! and, for every element either reader would use, works out what *each* reader does with it.
//! The first disagreement (or anything this scan does not understand) is returned as an
//! `Err` naming the reason, and the caller goes straight to the lenient reader without
//! running feed-rs at all.
//!
//! What is accepted is the shape of a clean RSS 2.0 / RSS 1.0 / Atom 1.0 feed (e.g. any
//! WordPress or Blogger feed): the usual elements, spelled as their specs spell them, once
//! each per item, text without child elements, only the five XML entities and numeric
//! references, `xml:base` only as an absolute URL on the root element, and a root element
//! that is really closed. Everything else is declined: declining is always safe (the lenient
//! reader handles it), accepting wrongly is not.
//!
//! JSON Feeds are checked separately (`scan_json`).
//!
//! On request ([`scan_xml_collect`]) the walk of a clean RSS 2.0 document also keeps its
//! fields (`collect` submodule): that is the fast read, one pass and no second parser.

use url::Url;

use super::xml::{Ns, RawFeed};

mod collect;
mod elements;
mod json;
mod kinds;
mod media;

use collect::Collect;
pub(super) use json::scan_json;
use kinds::*;
use media::{MediaSeen, check_enclosure_attrs};

/// Deeper documents are left to the lenient reader (which bounds its own depth).
const MAX_DEPTH: usize = 200;
/// Longest link (text, `href` or root `xml:base`, in bytes) accepted. Far below the cap on
/// links kept (`MAX_LINK_BYTES`), so that the two paths, which check the cap on slightly
/// different forms of a link (as written, or as normalised by feed-rs), always agree.
const MAX_LINK_LEN: usize = 1024;
/// Attributes on one element (more are left to the lenient reader).
const MAX_ATTRS: usize = 32;
/// Namespace prefixes a document may declare before it is declined.
const MAX_PREFIXES: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    /// RSS 2.0, 0.91, 0.92 (`<rss version=…>`).
    Rss2,
    /// RSS 1.0 (`<rdf:RDF>`).
    Rss1,
    /// Atom 1.0 (`<feed xmlns="http://www.w3.org/2005/Atom">`).
    Atom,
    /// JSON Feed 1.x.
    Json,
}

/// What the scan learnt, for checking and mapping feed-rs's result.
#[derive(Debug)]
pub(super) struct Scan {
    pub format: Format,
    /// Items (entries) in the document: feed-rs must return as many.
    pub items: Option<usize>,
    /// For RSS 2.0 items, in order: the guid counts as a permalink (no `isPermaLink="false"`).
    pub permalinks: Vec<bool>,
    /// An absolute `xml:base` on the root element (the only place one is accepted).
    pub root_base: Option<Url>,
    /// Where that `xml:base="…"` attribute is written (byte range in the document), so it can
    /// be blanked out for feed-rs: links are resolved by the shared assembly, not by feed-rs.
    pub root_base_attr: Option<(usize, usize)>,
    /// Date elements (published or updated) seen inside items.
    pub item_dates: usize,
}

/// A direct child of an item or of the feed context being read.
struct Field {
    depth: usize,
    /// Where its content starts.
    content: usize,
    link: bool,
    /// Its text is the value: no child element may appear.
    text_only: bool,
    /// An Atom person construct: needs child elements (`<name>`).
    person: bool,
    had_child: bool,
    names: u8,
    /// How both readers use it, and where (an item's field, else the feed's).
    kind: Kind,
    in_item: bool,
    /// A link given by its `href` (its text is not the link).
    href: bool,
}

struct Frame<'a> {
    name: (usize, usize),
    default_ns: Option<&'a str>,
}

struct Scanner<'a> {
    doc: &'a str,
    format: Format,
    /// Open elements: byte ranges of their qualified names, default namespace in scope.
    stack: Vec<Frame<'a>>,
    prefixes: Vec<(&'a str, &'a str)>,
    /// Depth (stack length) of the channel / feed element whose children are feed fields.
    feed_ctx: Option<usize>,
    channels: usize,
    feed_counts: [u8; 10],
    /// Depth of the item being read.
    item: Option<usize>,
    item_counts: [u8; 10],
    field: Option<Field>,
    items: usize,
    permalinks: Vec<bool>,
    root_base: Option<Url>,
    root_base_attr: Option<(usize, usize)>,
    item_dates: usize,
    root_closed: bool,
    attrs: Vec<(&'a str, &'a str)>,
    /// Enclosures of the item being read (`media` submodule).
    media: MediaSeen,
    /// The fast read's fields, while it can still read the document.
    collect: Option<Collect>,
}

/// Scan an XML document (already decoded, leading white space removed).
pub(super) fn scan_xml(doc: &str) -> Result<Scan, &'static str> {
    scan_xml_with(doc, false).map(|(scan, _)| scan)
}

/// Scan an XML document and, when it is a clean RSS 2.0 feed the fast read can read, read
/// it in the same pass (the `RawFeed`, else `None`: feed-rs is to read it).
pub(super) fn scan_xml_collect(doc: &str) -> Result<(Scan, Option<RawFeed>), &'static str> {
    scan_xml_with(doc, true)
}

fn scan_xml_with(doc: &str, collect: bool) -> Result<(Scan, Option<RawFeed>), &'static str> {
    let mut s = Scanner {
        doc,
        format: Format::Rss2,
        stack: Vec::new(),
        prefixes: Vec::new(),
        feed_ctx: None,
        channels: 0,
        feed_counts: [0; 10],
        item: None,
        item_counts: [0; 10],
        field: None,
        items: 0,
        permalinks: Vec::new(),
        root_base: None,
        root_base_attr: None,
        item_dates: 0,
        root_closed: false,
        attrs: Vec::new(),
        media: MediaSeen::default(),
        collect: collect.then(Collect::default),
    };
    s.run()?;
    let scan = Scan {
        format: s.format,
        items: Some(s.items),
        permalinks: s.permalinks,
        root_base: s.root_base,
        root_base_attr: s.root_base_attr,
        item_dates: s.item_dates,
    };
    // feed-rs rejects an RSS document without its channel: so does the fast read.
    let fast = s.collect.filter(|_| s.channels == 1).map(|c| c.feed);
    Ok((scan, fast))
}

fn find(doc: &str, from: usize, needle: &str) -> Result<usize, &'static str> {
    // memchr's vectorised search: `str::find` over every CDATA body was 2.5% of a refresh.
    doc.as_bytes()
        .get(from..)
        .and_then(|rest| memchr::memmem::find(rest, needle.as_bytes()))
        .map(|p| from + p)
        .ok_or("document ends inside markup")
}

/// `&…;` at `at`: only what feed-rs and the lenient reader decode identically (the five XML
/// entities and numeric references to ordinary characters). Returns the reference's length.
fn check_entity(b: &[u8], at: usize) -> Result<usize, &'static str> {
    let rest = &b[at + 1..];
    let semi = rest
        .iter()
        .take(12)
        .position(|&c| c == b';')
        .ok_or("bare & or long entity")?;
    let name = &rest[..semi];
    match name {
        b"amp" | b"lt" | b"gt" | b"quot" | b"apos" => return Ok(semi + 2),
        _ => {}
    }
    let value = match name {
        [b'#', b'x', hex @ ..] if !hex.is_empty() && hex.iter().all(u8::is_ascii_hexdigit) => {
            u32::from_str_radix(std::str::from_utf8(hex).unwrap_or("z"), 16).ok()
        }
        [b'#', dec @ ..] if !dec.is_empty() && dec.iter().all(u8::is_ascii_digit) => {
            std::str::from_utf8(dec).ok().and_then(|d| d.parse().ok())
        }
        _ => return Err("non-XML named entity"),
    };
    match value.and_then(char::from_u32) {
        // C0 controls, NUL and the C1 range (which the lenient reader reads as windows-1252,
        // like browsers) are left to the lenient reader.
        Some(c) if c >= ' ' && !('\u{7f}'..='\u{9f}').contains(&c) => Ok(semi + 2),
        Some('\t' | '\n' | '\r') => Ok(semi + 2),
        _ => Err("unusual character reference"),
    }
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r')
}

/// The lenient reader's attribute lookup (`xml::attr`): case-insensitive, prefix ignored.
fn lenient_attr<'a>(attrs: &[(&'a str, &'a str)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| {
            k.eq_ignore_ascii_case(name)
                || k.rsplit_once(':')
                    .is_some_and(|(_, l)| l.eq_ignore_ascii_case(name))
                    && !k.starts_with("xmlns")
        })
        .map(|(_, v)| *v)
}

/// feed-rs's attribute lookup: exact name.
fn exact_attr<'a>(attrs: &[(&'a str, &'a str)], name: &str) -> Option<&'a str> {
    attrs.iter().find(|(k, _)| *k == name).map(|(_, v)| *v)
}

impl<'a> Scanner<'a> {
    fn run(&mut self) -> Result<(), &'static str> {
        let doc = self.doc;
        let b = doc.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let Some(p) = b[i..].iter().position(|&c| c == b'<' || c == b'&') else {
                break;
            };
            i += p;
            if b[i] == b'&' {
                i += check_entity(b, i)?;
                continue;
            }
            let rest = &b[i..];
            if rest.starts_with(b"<![CDATA[") {
                i = find(doc, i + 9, "]]>")? + 3;
            } else if rest.starts_with(b"<!--") {
                i = find(doc, i + 4, "-->")? + 3;
            } else if rest.starts_with(b"<?") {
                i = find(doc, i + 2, "?>")? + 2;
            } else if rest.starts_with(b"<!") {
                let end = find(doc, i + 2, ">")?;
                if doc[i..end].contains('[') {
                    return Err("internal DTD subset");
                }
                i = end + 1;
            } else if rest.starts_with(b"</") {
                let start = i + 2;
                let mut j = start;
                while j < b.len() && !is_space(b[j]) && b[j] != b'>' {
                    j += 1;
                }
                let name_end = j;
                while j < b.len() && is_space(b[j]) {
                    j += 1;
                }
                if j >= b.len() || b[j] != b'>' {
                    return Err("malformed end tag");
                }
                self.end(&doc[start..name_end], i)?;
                i = j + 1;
                if self.root_closed {
                    // Both readers stop at the root's end tag.
                    return Ok(());
                }
            } else {
                i = self.start_tag(i)?;
                if self.root_closed {
                    return Ok(());
                }
            }
        }
        Err("root element not closed")
    }

    /// Parse the start tag at `at`, handle it; returns the index after it.
    fn start_tag(&mut self, at: usize) -> Result<usize, &'static str> {
        let doc = self.doc;
        let b = doc.as_bytes();
        let mut j = at + 1;
        while j < b.len() && !is_space(b[j]) && b[j] != b'>' && b[j] != b'/' {
            j += 1;
        }
        let name_range = (at + 1, j);
        if name_range.0 == name_range.1 {
            return Err("malformed start tag");
        }
        self.attrs.clear();
        let self_closing = loop {
            while j < b.len() && is_space(b[j]) {
                j += 1;
            }
            match b.get(j) {
                None => return Err("document ends inside a tag"),
                Some(b'>') => break false,
                Some(b'/') if b.get(j + 1) == Some(&b'>') => {
                    j += 1;
                    break true;
                }
                Some(_) => {}
            }
            let key_start = j;
            while j < b.len() && !is_space(b[j]) && !matches!(b[j], b'=' | b'>' | b'/') {
                j += 1;
            }
            let key = &doc[key_start..j];
            while j < b.len() && is_space(b[j]) {
                j += 1;
            }
            if key.is_empty() || b.get(j) != Some(&b'=') {
                return Err("attribute without value");
            }
            j += 1;
            while j < b.len() && is_space(b[j]) {
                j += 1;
            }
            let q = match b.get(j) {
                Some(&q @ (b'"' | b'\'')) => q,
                _ => return Err("unquoted attribute"),
            };
            let v_start = j + 1;
            let v_end = v_start
                + b[v_start..]
                    .iter()
                    .position(|&c| c == q)
                    .ok_or("document ends inside an attribute")?;
            let value = &doc[v_start..v_end];
            let vb = value.as_bytes();
            let mut k = 0;
            while let Some(p) = vb[k..].iter().position(|&c| c == b'&' || c == b'<') {
                k += p;
                if vb[k] == b'<' {
                    return Err("< in attribute");
                }
                k += check_entity(vb, k)?;
            }
            if self.attrs.len() >= MAX_ATTRS || self.attrs.iter().any(|(k, _)| *k == key) {
                return Err("repeated attribute or too many attributes");
            }
            self.attrs.push((key, value));
            j = v_end + 1;
        };
        self.start(name_range, j + 1)?;
        if self_closing {
            self.close(j + 1)?;
        }
        Ok(j + 1)
    }

    fn declared(&self, prefix: &str) -> Option<&'a str> {
        self.prefixes
            .iter()
            .rev()
            .find(|(p, _)| *p == prefix)
            .map(|(_, u)| *u)
    }

    /// An element starts; its content starts at `content`.
    fn start(&mut self, name_range: (usize, usize), content: usize) -> Result<(), &'static str> {
        let doc = self.doc;
        let qname = &doc[name_range.0..name_range.1];
        let inherited = self.stack.last().and_then(|f| f.default_ns);
        let default_ns = self
            .attrs
            .iter()
            .find(|(k, _)| *k == "xmlns")
            .map(|(_, v)| *v)
            .or(inherited);
        self.stack.push(Frame {
            name: name_range,
            default_ns,
        });
        let depth = self.stack.len();
        if depth > MAX_DEPTH {
            return Err("deep nesting");
        }
        let attrs = std::mem::take(&mut self.attrs);
        let result = self.start_inner(qname, depth, default_ns, &attrs, content);
        self.attrs = attrs;
        result
    }

    /// The channel / feed element is the parent of an element at `depth`.
    fn parent_is_ctx(&self, depth: usize) -> bool {
        match self.feed_ctx {
            Some(1) => depth == 2,
            Some(2) => {
                depth == 3 && {
                    let (s, e) = self.stack[1].name;
                    &self.doc[s..e] == "channel"
                }
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests;
