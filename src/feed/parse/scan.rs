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

use url::Url;

use super::xml::Ns;

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

/// Check a JSON Feed. feed-rs and the lenient JSON reader agree except on `content_text`
/// (feed-rs moves it into the summary or the content), on the site link when
/// `home_page_url` is missing (feed-rs lists `feed_url` as a link) and on authors (feed-rs
/// skips nameless ones and items inherit the feed's list). Those parts are read here
/// (everything else is skipped, not kept) and compared; any difference declines the document.
/// This is a second pass over the JSON text; JSON Feeds are rare among the feeds kabar reads
/// (WordPress serves RSS and Atom), and serde skips what it does not keep quickly.
pub(super) fn scan_json(doc: &str) -> Result<Scan, &'static str> {
    use serde::Deserialize;
    use serde::de::IgnoredAny;
    use serde_json::Value;

    #[derive(Deserialize)]
    struct Top {
        home_page_url: Option<Value>,
        feed_url: Option<IgnoredAny>,
        author: Option<Value>,
        authors: Option<Value>,
        #[serde(default)]
        items: Vec<Item>,
    }
    #[derive(Deserialize)]
    struct Item {
        content_text: Option<IgnoredAny>,
        author: Option<Value>,
        authors: Option<Value>,
    }

    let top: Top = serde_json::from_str(doc).map_err(|_| "JSON not in feed-rs's shape")?;
    match &top.home_page_url {
        Some(Value::String(_)) => {}
        _ if top.feed_url.is_some() => return Err("JSON feed_url without home_page_url"),
        None | Some(Value::Null) => {}
        Some(_) => return Err("JSON home_page_url not a string"),
    }
    let feed_lenient = super::json::author(top.authors.as_ref(), top.author.as_ref());
    let feed_strict = feedrs_json_authors(top.author.as_ref(), top.authors.as_ref())?;
    for it in &top.items {
        if it.content_text.is_some() {
            return Err("JSON content_text");
        }
        let lenient = super::json::author(it.authors.as_ref(), it.author.as_ref())
            .or_else(|| feed_lenient.clone());
        let mut strict = feedrs_json_authors(it.author.as_ref(), it.authors.as_ref())?;
        if strict.is_empty() {
            strict.clone_from(&feed_strict);
        }
        let strict = strict.into_iter().next();
        let norm = |a: Option<String>| a.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        if norm(lenient) != norm(strict) {
            return Err("JSON authors read differently");
        }
    }
    Ok(Scan {
        format: Format::Json,
        items: Some(top.items.len()),
        permalinks: Vec::new(),
        root_base: None,
        root_base_attr: None,
        item_dates: 0,
    })
}

/// feed-rs 2.4's author list for a JSON Feed object (`accumulate_author`): `author`, then
/// `authors`, nameless ones skipped, repeated names once.
fn feedrs_json_authors(
    author: Option<&serde_json::Value>,
    authors: Option<&serde_json::Value>,
) -> Result<Vec<String>, &'static str> {
    use serde_json::Value;
    let mut out: Vec<String> = Vec::new();
    let mut add = |v: &Value| -> Result<(), &'static str> {
        let Value::Object(o) = v else {
            return Err("JSON author not an object");
        };
        match o.get("name") {
            None | Some(Value::Null) => {}
            Some(Value::String(n)) => {
                if !out.iter().any(|a| a == n) {
                    out.push(n.clone());
                }
            }
            Some(_) => return Err("JSON author name not a string"),
        }
        Ok(())
    };
    match author {
        None | Some(Value::Null) => {}
        Some(v) => add(v)?,
    }
    match authors {
        None | Some(Value::Null) => {}
        Some(Value::Array(a)) => {
            for v in a {
                add(v)?;
            }
        }
        Some(_) => return Err("JSON authors not a list"),
    }
    Ok(out)
}

/// How a reader uses an element (the parts of a feed kabar shows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Title,
    Link,
    Guid,
    Summary,
    Content,
    Author,
    Published,
    Updated,
    /// A fallback field only the lenient reader has (dc:title, itunes:summary, …).
    Alt,
    Ignored,
}

impl Kind {
    fn index(self) -> usize {
        self as usize
    }
}

/// The six namespaces feed-rs knows, by exact URI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fns {
    Atom,
    Rss,
    Content,
    Dc,
    Media,
    Itunes,
    Unknown,
}

fn feedrs_ns(uri: &str) -> Fns {
    match uri {
        "http://purl.org/rss/1.0/" => Fns::Rss,
        "http://www.w3.org/2005/Atom" => Fns::Atom,
        "http://purl.org/rss/1.0/modules/content/" => Fns::Content,
        "http://purl.org/dc/elements/1.1/" => Fns::Dc,
        "http://search.yahoo.com/mrss/" => Fns::Media,
        "http://www.itunes.com/dtds/podcast-1.0.dtd" => Fns::Itunes,
        _ => Fns::Unknown,
    }
}

/// The lenient reader's use of a direct child of an item (mirrors `xml::Walker::item_field`).
fn lenient_item_kind(ns: Ns, l: &str) -> Kind {
    let c = ns.core();
    match (ns, l) {
        (_, "title") if c => Kind::Title,
        (Ns::Dc | Ns::Media, "title") => Kind::Alt,
        (_, "link") if c => Kind::Link,
        (_, "guid" | "id") if c => Kind::Guid,
        (_, "description" | "summary") if c => Kind::Summary,
        (_, "content") if c => Kind::Content,
        (Ns::Content, "encoded") | (Ns::Xhtml, "body") => Kind::Content,
        (Ns::Dc, "description") | (Ns::Itunes, "summary") => Kind::Alt,
        (_, "author") if c => Kind::Author,
        (Ns::Dc, "creator") | (Ns::Itunes, "author") => Kind::Author,
        (_, "pubdate" | "published" | "issued" | "created") if c => Kind::Published,
        (Ns::Dc, "date") | (Ns::Dcterms, "issued" | "created" | "date" | "available") => {
            Kind::Published
        }
        (_, "updated" | "modified" | "lastbuilddate") if c => Kind::Updated,
        (Ns::Dcterms, "modified") => Kind::Updated,
        _ => Kind::Ignored,
    }
}

/// feed-rs 2.4's use of a direct child of an item (its `handle_item` / `handle_entry`).
fn feedrs_item_kind(format: Format, ns: Fns, name: &str) -> Kind {
    match format {
        Format::Rss2 => match (ns, name) {
            (Fns::Rss, "title") => Kind::Title,
            (Fns::Rss, "link") => Kind::Link,
            (Fns::Rss, "description") => Kind::Summary,
            (Fns::Rss, "author") | (Fns::Dc, "creator") => Kind::Author,
            (Fns::Rss, "guid") => Kind::Guid,
            (Fns::Rss, "pubDate") | (Fns::Dc, "date") => Kind::Published,
            (Fns::Content, "encoded") => Kind::Content,
            _ => Kind::Ignored,
        },
        Format::Rss1 => match (ns, name) {
            (Fns::Rss, "title") => Kind::Title,
            (Fns::Rss, "link") => Kind::Link,
            (Fns::Rss, "description") => Kind::Summary,
            (Fns::Content, "encoded") => Kind::Content,
            (Fns::Dc, "creator") => Kind::Author,
            (Fns::Dc, "date") => Kind::Published,
            (Fns::Dc, "description") => Kind::Alt,
            _ => Kind::Ignored,
        },
        Format::Atom => match (ns, name) {
            (Fns::Atom, "id") => Kind::Guid,
            (Fns::Atom, "title") => Kind::Title,
            (Fns::Atom, "updated") => Kind::Updated,
            (Fns::Atom, "author") => Kind::Author,
            (Fns::Atom, "content") => Kind::Content,
            (Fns::Atom, "link") => Kind::Link,
            (Fns::Atom, "summary") => Kind::Summary,
            (Fns::Atom, "published" | "pubDate") => Kind::Published,
            _ => Kind::Ignored,
        },
        Format::Json => Kind::Ignored,
    }
}

/// The lenient reader's use of a direct child of the channel / feed (`feed_field`).
fn lenient_feed_kind(ns: Ns, l: &str) -> Kind {
    let c = ns.core();
    match (ns, l) {
        (_, "title") if c => Kind::Title,
        (Ns::Dc, "title") => Kind::Alt,
        (_, "link") if c => Kind::Link,
        (_, "author") if c => Kind::Author,
        _ => Kind::Ignored,
    }
}

/// What the feed-rs mapping (`feedrs` module) takes from a direct child of the channel / feed.
fn feedrs_feed_kind(format: Format, ns: Fns, name: &str) -> Kind {
    match (format, ns, name) {
        (Format::Rss2 | Format::Rss1, Fns::Rss, "title") => Kind::Title,
        (Format::Rss2 | Format::Rss1, Fns::Rss, "link") => Kind::Link,
        (Format::Rss2, Fns::Atom, "link") => Kind::Link,
        (Format::Atom, Fns::Atom, "title") => Kind::Title,
        (Format::Atom, Fns::Atom, "link") => Kind::Link,
        (Format::Atom, Fns::Atom, "author") => Kind::Author,
        _ => Kind::Ignored,
    }
}

/// The use both readers make of an element (`None`: neither uses it); `Err` when they differ
/// or when only the lenient reader has a use for it.
fn agreed(lenient: Kind, feedrs: Kind) -> Result<Option<Kind>, &'static str> {
    match (lenient, feedrs) {
        (l, f) if l != f => Err("element read by one reader only"),
        (Kind::Alt, _) => Err("fallback field (dc:title, itunes:summary, …)"),
        (Kind::Ignored, _) => Ok(None),
        (l, _) => Ok(Some(l)),
    }
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
}

/// Scan an XML document (already decoded, leading white space removed).
pub(super) fn scan_xml(doc: &str) -> Result<Scan, &'static str> {
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
    };
    s.run()?;
    Ok(Scan {
        format: s.format,
        items: Some(s.items),
        permalinks: s.permalinks,
        root_base: s.root_base,
        root_base_attr: s.root_base_attr,
        item_dates: s.item_dates,
    })
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

    fn start_inner(
        &mut self,
        qname: &'a str,
        depth: usize,
        default_ns: Option<&'a str>,
        attrs: &[(&'a str, &'a str)],
        content: usize,
    ) -> Result<(), &'static str> {
        for &(k, v) in attrs {
            if k == "xmlns" {
                continue;
            } else if let Some(p) = k.strip_prefix("xmlns:") {
                match self.declared(p) {
                    Some(u) if u != v => return Err("prefix bound twice"),
                    Some(_) => {}
                    None if self.prefixes.len() >= MAX_PREFIXES => {
                        return Err("too many namespace prefixes");
                    }
                    None => self.prefixes.push((p, v)),
                }
            } else if k == "xml:base" {
                if depth > 1 {
                    return Err("xml:base below the root");
                }
                if v.len() > MAX_LINK_LEN {
                    return Err("long xml:base");
                }
                match Url::parse(v.trim()) {
                    Ok(u) if matches!(u.scheme(), "http" | "https") => {
                        self.root_base = Some(u);
                        // `k` and `v` are slices of the document: their offsets locate the
                        // attribute, closing quote included.
                        let origin = self.doc.as_ptr() as usize;
                        let start = k.as_ptr() as usize - origin;
                        let end = v.as_ptr() as usize - origin + v.len() + 1;
                        self.root_base_attr = Some((start, end));
                    }
                    _ => return Err("xml:base not an absolute http(s) URL"),
                }
            } else if k.starts_with("xml:") && k != "xml:lang" && k != "xml:space" {
                return Err("unknown xml: attribute");
            }
        }
        let (prefix, local) = match qname.split_once(':') {
            Some((p, l)) => (Some(p), l),
            None => (None, qname),
        };
        let uri = match prefix {
            Some(p) => Some(self.declared(p).ok_or("undeclared namespace prefix")?),
            None => None,
        };

        if depth == 1 {
            return self.root(prefix, local, default_ns, attrs);
        }

        // How each reader sees the element's namespace. The lenient reader reads an unknown
        // default namespace as the format's own (RSS or Atom); feed-rs only knows six URIs,
        // and applies the format's namespace where none is declared.
        let format_ns = if self.format == Format::Atom {
            Fns::Atom
        } else {
            Fns::Rss
        };
        let (lns, fns) = match (uri, default_ns) {
            (Some(u), _) => (Ns::from_uri(u), feedrs_ns(u)),
            (None, None | Some("")) => (Ns::Core, format_ns),
            (None, Some(u)) => (
                match Ns::from_uri(u) {
                    Ns::Other => Ns::Core,
                    n => n,
                },
                feedrs_ns(u),
            ),
        };
        let lower = local.to_ascii_lowercase();

        if let Some(f) = self.field.as_mut() {
            // Inside a field (any depth below it).
            if f.text_only {
                return Err("markup inside a text field");
            }
            if f.person {
                if depth > f.depth + 1 {
                    // <name> etc. are read as text (feed-rs: the first text node only).
                    return Err("markup inside a person's name");
                }
                f.had_child = true;
                if lower == "name" {
                    f.names += 1;
                    if local != "name" || f.names > 1 {
                        return Err("person name spelled differently or repeated");
                    }
                }
            }
            return Ok(());
        }

        if let Some(item_depth) = self.item {
            if depth == item_depth + 1 {
                let lk = lenient_item_kind(lns, &lower);
                let fk = feedrs_item_kind(self.format, fns, local);
                if let Some(kind) = agreed(lk, fk)? {
                    self.begin_field(kind, fns, depth, attrs, true, content)?;
                }
            }
            return Ok(());
        }

        // Items: where the lenient reader sees one (any `item`/`entry` outside an item) and
        // where feed-rs does (a direct child of the channel / feed root) must coincide.
        let lenient_item = lns.core() && (lower == "item" || lower == "entry");
        let feedrs_item = match self.format {
            Format::Rss2 => {
                self.feed_ctx == Some(2)
                    && self.parent_is_ctx(depth)
                    && fns == Fns::Rss
                    && local == "item"
            }
            Format::Rss1 => depth == 2 && fns == Fns::Rss && local == "item",
            Format::Atom => depth == 2 && fns == Fns::Atom && local == "entry",
            Format::Json => false,
        };
        if lenient_item || feedrs_item {
            if !(lenient_item && feedrs_item) {
                return Err("item where only one reader looks for one");
            }
            if lenient_attr(attrs, "href").is_some() {
                // The lenient reader takes a CDF-style <item href> as the item's link.
                return Err("item with an href");
            }
            self.item = Some(depth);
            self.item_counts = [0; 10];
            self.items += 1;
            self.permalinks.push(true);
            return Ok(());
        }

        if depth == 2 && self.format != Format::Atom && lower == "channel" {
            self.channels += 1;
            if self.channels > 1 || local != "channel" || lns != Ns::Core || fns != Fns::Rss {
                return Err("unusual or repeated channel");
            }
            self.feed_ctx = Some(2);
            return Ok(());
        }

        if self.parent_is_ctx(depth) {
            let lk = lenient_feed_kind(lns, &lower);
            let fk = feedrs_feed_kind(self.format, fns, local);
            if let Some(kind) = agreed(lk, fk)? {
                self.begin_field(kind, fns, depth, attrs, false, content)?;
            }
        }
        Ok(())
    }

    fn root(
        &mut self,
        prefix: Option<&str>,
        local: &str,
        default_ns: Option<&str>,
        attrs: &[(&str, &str)],
    ) -> Result<(), &'static str> {
        self.format = match (prefix, local) {
            (None, "rss") => {
                if !matches!(exact_attr(attrs, "version"), Some("2.0" | "0.91" | "0.92")) {
                    return Err("rss without version 2.0/0.91/0.92");
                }
                if default_ns.is_some() {
                    return Err("rss with a default namespace");
                }
                Format::Rss2
            }
            (_, "RDF") => {
                if default_ns.is_some_and(|u| u != "http://purl.org/rss/1.0/") {
                    return Err("RDF with another default namespace");
                }
                Format::Rss1
            }
            (None, "feed") => {
                if default_ns.is_some_and(|u| u != "http://www.w3.org/2005/Atom") {
                    return Err("feed not in the Atom 1.0 namespace");
                }
                self.feed_ctx = Some(1);
                Format::Atom
            }
            _ => return Err("root element feed-rs does not read"),
        };
        Ok(())
    }

    /// A field both readers read as `lk` starts.
    fn begin_field(
        &mut self,
        lk: Kind,
        fns: Fns,
        depth: usize,
        attrs: &[(&str, &str)],
        in_item: bool,
        content: usize,
    ) -> Result<(), &'static str> {
        let counts = if in_item {
            &mut self.item_counts
        } else {
            &mut self.feed_counts
        };
        counts[lk.index()] = counts[lk.index()].saturating_add(1);
        if counts[lk.index()] > 1 && lk != Kind::Link {
            // feed-rs keeps the last, the lenient reader the first.
            return Err("repeated field");
        }
        let atom_ns = fns == Fns::Atom;
        match lk {
            Kind::Link => {
                let l = lenient_attr(attrs, "href");
                if l != exact_attr(attrs, "href") {
                    return Err("unusual href attribute");
                }
                // Atom links are read from href, RSS links from the text, by both readers.
                if atom_ns != l.is_some() {
                    return Err("link form differs");
                }
                if atom_ns && lenient_attr(attrs, "rel") != exact_attr(attrs, "rel") {
                    return Err("unusual rel attribute");
                }
                if l.is_some_and(|h| h.len() > MAX_LINK_LEN) {
                    return Err("long link");
                }
            }
            Kind::Title | Kind::Summary | Kind::Content => {
                if lenient_attr(attrs, "mode").is_some() {
                    return Err("Atom 0.3 mode attribute");
                }
                let ty = lenient_attr(attrs, "type");
                if ty != exact_attr(attrs, "type") {
                    return Err("unusual type attribute");
                }
                if self.format == Format::Atom {
                    let ok = match ty {
                        None | Some("text" | "html" | "text/html") => true,
                        Some("text/plain") => lk == Kind::Content,
                        Some(_) => false,
                    };
                    if !ok {
                        return Err("Atom text type feed-rs reads differently");
                    }
                    if lk == Kind::Content && lenient_attr(attrs, "src") != exact_attr(attrs, "src")
                    {
                        return Err("unusual src attribute");
                    }
                } else if lk == Kind::Title && ty.is_some() {
                    return Err("RSS title with a type");
                }
            }
            Kind::Guid if in_item && self.format == Format::Rss2 => {
                let permalink = !lenient_attr(attrs, "isPermaLink")
                    .is_some_and(|v| v.trim().eq_ignore_ascii_case("false"));
                if let Some(p) = self.permalinks.last_mut() {
                    *p = permalink;
                }
            }
            Kind::Published | Kind::Updated if in_item => self.item_dates += 1,
            _ => {}
        }
        let person = lk == Kind::Author && self.format == Format::Atom;
        self.field = Some(Field {
            depth,
            content,
            link: lk == Kind::Link,
            text_only: !person,
            person,
            had_child: false,
            names: 0,
        });
        Ok(())
    }

    /// An end tag `</name>` starting at `at`.
    fn end(&mut self, name: &str, at: usize) -> Result<(), &'static str> {
        let Some(&Frame { name: (s, e), .. }) = self.stack.last() else {
            return Err("end tag without a start tag");
        };
        if &self.doc[s..e] != name {
            return Err("mismatched end tag");
        }
        self.close(at)
    }

    /// Close the innermost open element, whose content ends at `at`.
    fn close(&mut self, at: usize) -> Result<(), &'static str> {
        let depth = self.stack.len();
        self.stack.pop();
        if self.field.as_ref().is_some_and(|f| f.depth == depth)
            && let Some(f) = self.field.take()
        {
            if f.person && !f.had_child {
                return Err("Atom person without child elements");
            }
            if f.link && at.saturating_sub(f.content) > MAX_LINK_LEN {
                return Err("long link");
            }
        }
        if self.item == Some(depth) {
            self.item = None;
        }
        if depth == 1 {
            self.root_closed = true;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
