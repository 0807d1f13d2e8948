//! A lenient, streaming RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and CDF reader on top of quick-xml.
//!
//! It only collects what kabar shows, feedparser-style: element names are matched
//! case-insensitively, known namespaces by URI (or by conventional prefix when a feed forgets
//! to declare one), unknown namespaces are ignored, and an unknown *default* namespace is read
//! as plain RSS.
//!
//! Leniency: a lone `&` is text, HTML named entities (`&eacute;`, `&nbsp;`, …) are decoded,
//! unknown entities stay literal (`&xxe;`), mismatched end tags close back to the matching
//! element. DTDs are skipped entirely: internal entities are never expanded (no billion
//! laughs) and nothing external is ever read. What is *not* tolerated is a document that ends
//! before its root element is closed (a dropped connection): that is an error, never a
//! partial list of items.

use base64::Engine as _;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use url::Url;

use crate::html::decode::numeric_char;
use crate::html::{decode_strict as decode_entities, escape_html};

pub(crate) use super::enclosure::RawEnclosure;

mod capture;
mod events;
mod fields;

pub(super) use capture::clean_person;

/// Deeper elements are skipped (counted, not tracked): real feeds nest a few levels, and a
/// hostile document must not make the walker allocate per level without bound.
const MAX_DEPTH: usize = 256;

/// Namespace declarations tracked at once; more are ignored.
const MAX_NS_BINDINGS: usize = 256;

#[derive(Debug, Default)]
pub(crate) struct RawFeed {
    pub title: Option<TextValue>,
    pub alt_title: Option<TextValue>,
    pub links: Vec<RawLink>,
    pub author: Option<String>,
    pub items: Vec<RawItem>,
    /// RSS-like (RSS, RDF, CDF): relative item links resolve against the channel link.
    pub rss_like: bool,
}

#[derive(Debug, Default)]
pub(crate) struct RawItem {
    pub title: Option<TextValue>,
    pub alt_title: Option<TextValue>,
    pub links: Vec<RawLink>,
    pub guid: Option<String>,
    pub guid_is_permalink: bool,
    /// Explicit xml:base in effect where the guid was read (for guid-as-link).
    pub guid_base: Base,
    pub author: Option<String>,
    pub published: Option<i64>,
    pub updated: Option<i64>,
    /// The raw text of the last date element, parsed or not (feeds into the fallback key).
    pub date_text: Option<String>,
    pub summary: Option<Body>,
    pub alt_summary: Option<Body>,
    pub content: Option<Body>,
    /// The first RSS `<enclosure url>` (or JSON attachment) as written: part of the hash key.
    pub enclosure: Option<String>,
    /// Atom `link rel="enclosure"` and JSON attachments.
    pub link_enclosures: Vec<RawEnclosure>,
    /// RSS `<enclosure>` and Media RSS `media:content` (loose or in a `media:group`).
    pub enclosures: Vec<RawEnclosure>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TextValue {
    pub text: String,
    /// The text is HTML (markup and entities to be stripped/decoded for display).
    pub html: bool,
    /// Read with Atom text-construct rules (an explicit `type`); RSS titles get the
    /// looks-like-HTML heuristic instead.
    pub atom: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Body {
    pub text: String,
    pub html: bool,
    pub base: Base,
}

/// The explicit `xml:base` in effect: none (use the document/channel default), a URL, or an
/// unusable one (e.g. relative to a `javascript:` base), under which relative links are dropped.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) enum Base {
    #[default]
    Default,
    Url(Url),
    Unusable,
}

#[derive(Debug, Clone)]
pub(crate) struct RawLink {
    pub href: String,
    pub rel: Option<String>,
    pub base: Base,
}

#[derive(Debug, PartialEq)]
pub(crate) enum XmlError {
    Html,
    Invalid(super::Invalid),
}

/// Walk the document. `doc_base` is the fetch URL (the outermost base). Items after the
/// first `max_items` are read (the document must still be whole) but not kept.
pub(crate) fn read(
    doc: &str,
    doc_base: Option<&Url>,
    max_items: usize,
) -> Result<RawFeed, XmlError> {
    let mut reader = Reader::from_str(doc);
    {
        let c = reader.config_mut();
        c.allow_dangling_amp = true;
        c.allow_unmatched_ends = true;
        c.check_end_names = false;
        c.check_comments = false;
        c.expand_empty_elements = false;
        c.trim_text(false);
    }
    let mut w = Walker {
        feed: RawFeed::default(),
        stack: Vec::new(),
        ns: Vec::new(),
        bases: Vec::new(),
        doc_base: doc_base.cloned(),
        capture: None,
        item: None,
        max_items,
        overflow: 0,
        root_seen: false,
        done: false,
    };
    loop {
        let ev = match reader.read_event() {
            Ok(ev) => ev,
            Err(e) => {
                let pos = reader.error_position();
                return Err(XmlError::Invalid(describe_error(&e, pos, &w)));
            }
        };
        match ev {
            Event::Start(e) => w.start(&e, false)?,
            Event::Empty(e) => w.start(&e, true)?,
            Event::End(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                w.end(&name);
            }
            Event::Text(t) => w.text(&String::from_utf8_lossy(&t)),
            Event::CData(t) => w.text(&String::from_utf8_lossy(&t)),
            Event::GeneralRef(r) => {
                let s = match r.resolve_char_ref() {
                    Ok(Some(c)) => numeric_char(Some(c as u32)).to_string(),
                    Ok(None) => {
                        let name = String::from_utf8_lossy(&r);
                        resolve_named(&name)
                    }
                    // e.g. `&#X41;` (XML wants a lower-case x): decode it the HTML way.
                    Err(_) => resolve_named(&String::from_utf8_lossy(&r)),
                };
                w.text(&s);
            }
            Event::Eof => break,
            // Declarations, processing instructions, comments and the DTD are ignored: no
            // entity is ever defined, so none can be expanded.
            _ => {}
        }
        if w.done {
            break;
        }
    }
    if !w.root_seen {
        return Err(XmlError::Invalid(super::Invalid::NoRoot));
    }
    if !w.done {
        let open = w
            .stack
            .iter()
            .rev()
            .find(|f| matches!(f.role, Role::Item))
            .or(w.stack.last())
            .map(|f| f.qname.clone())
            .unwrap_or_default();
        return Err(XmlError::Invalid(super::Invalid::Truncated {
            detail: format!("<{open}> is not closed (missing end tags)"),
        }));
    }
    Ok(w.feed)
}

fn describe_error(e: &quick_xml::Error, pos: u64, w: &Walker) -> super::Invalid {
    let context = if w.item.is_some() { ", in an item" } else { "" };
    let detail = format!("at byte {pos}{context}: {e}");
    match e {
        // Every syntax error quick-xml reports is "the input ended inside …".
        quick_xml::Error::Syntax(_) => super::Invalid::Truncated { detail },
        _ => super::Invalid::Malformed { detail },
    }
}

/// `&name;` outside XML's five (and numeric references XML rejects): HTML names are decoded,
/// anything else is kept as written.
fn resolve_named(name: &str) -> String {
    let s = format!("&{name};");
    decode_entities(&s).into_owned()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ns {
    /// No namespace, an RSS namespace, or an unknown default namespace.
    Core,
    Atom,
    Content,
    Dc,
    Dcterms,
    Media,
    Itunes,
    Xhtml,
    Other,
}

impl Ns {
    pub(super) fn from_uri(uri: &str) -> Ns {
        let u = uri.trim().trim_end_matches(['/', '#']).to_ascii_lowercase();
        match u.as_str() {
            "" => Ns::Core,
            "http://www.w3.org/2005/atom" | "http://purl.org/atom/ns" => Ns::Atom,
            "http://purl.org/rss/1.0"
            | "http://my.netscape.com/rdf/simple/0.9"
            | "http://backend.userland.com/rss2"
            | "http://backend.userland.com/rss"
            | "http://blogs.law.harvard.edu/tech/rss"
            | "http://purl.org/net/rss1.1" => Ns::Core,
            "http://purl.org/rss/1.0/modules/content" => Ns::Content,
            "http://purl.org/dc/elements/1.1" => Ns::Dc,
            "http://purl.org/dc/terms" => Ns::Dcterms,
            "http://search.yahoo.com/mrss" => Ns::Media,
            "http://www.itunes.com/dtds/podcast-1.0.dtd" => Ns::Itunes,
            "http://www.w3.org/1999/xhtml" => Ns::Xhtml,
            _ => Ns::Other,
        }
    }

    /// The namespace a feed most likely meant by an undeclared prefix.
    pub(super) fn from_prefix(prefix: &str) -> Ns {
        match prefix.to_ascii_lowercase().as_str() {
            "atom" | "atom10" | "atom03" => Ns::Atom,
            "content" => Ns::Content,
            "dc" => Ns::Dc,
            "dcterms" => Ns::Dcterms,
            "media" => Ns::Media,
            "itunes" => Ns::Itunes,
            "xhtml" => Ns::Xhtml,
            _ => Ns::Other,
        }
    }

    pub(super) fn core(self) -> bool {
        matches!(self, Ns::Core | Ns::Atom)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Root,
    /// `<channel>` (RSS/RDF), or the root of an Atom or CDF feed.
    FeedCtx,
    Item,
    /// A `media:group` directly in an item: its `media:content` children are enclosures.
    MediaGroup,
    /// The element a capture was started on.
    Field,
    Other,
}

struct Frame {
    qname: String,
    role: Role,
    ns_len: usize,
    base_len: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    FeedTitle,
    FeedAltTitle,
    FeedLink,
    FeedAuthor,
    Title,
    AltTitle,
    Link,
    Guid { permalink: bool },
    Author,
    Published,
    Updated,
    Summary,
    AltSummary,
    Content,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Text,
    Html,
    /// Inline XHTML: child elements are markup; `strip_div` drops Atom 1.0's wrapper div.
    Xhtml {
        strip_div: bool,
    },
    Base64 {
        html: bool,
    },
}

struct Capture {
    field: Field,
    frame: usize,
    mode: Mode,
    atom: bool,
    text: String,
    markup: String,
    children: bool,
    /// Stack indices of child elements whose tags are not serialised (the XHTML wrapper div).
    hidden: Option<usize>,
    /// Void child elements whose end tag must not be written, by stack index.
    void_frames: Vec<usize>,
    name_text: Option<String>,
    name_frame: Option<usize>,
    base: Base,
}

struct Walker {
    feed: RawFeed,
    stack: Vec<Frame>,
    /// In-scope namespace bindings: (prefix, namespace); "" is the default namespace.
    ns: Vec<(String, Ns)>,
    /// Explicit xml:base values in scope.
    bases: Vec<Base>,
    doc_base: Option<Url>,
    capture: Option<Capture>,
    item: Option<RawItem>,
    /// Items kept; later ones are dropped as they end, so a huge feed costs no memory.
    max_items: usize,
    /// Elements nested beyond MAX_DEPTH, counted only.
    overflow: usize,
    root_seen: bool,
    done: bool,
}

struct Attr {
    key: String,
    value: String,
}

fn attrs_of(e: &BytesStart<'_>) -> Vec<Attr> {
    e.html_attributes()
        .with_checks(false)
        .filter_map(Result::ok)
        .map(|a| Attr {
            key: String::from_utf8_lossy(a.key.as_ref()).into_owned(),
            value: decode_entities(&String::from_utf8_lossy(&a.value)).into_owned(),
        })
        .collect()
}

fn attr<'a>(attrs: &'a [Attr], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|a| {
            a.key.eq_ignore_ascii_case(name)
                || local(&a.key).eq_ignore_ascii_case(name) && !a.key.starts_with("xmlns")
        })
        .map(|a| a.value.as_str())
}

fn local(qname: &str) -> &str {
    qname.rsplit_once(':').map_or(qname, |(_, l)| l)
}

fn prefix(qname: &str) -> Option<&str> {
    qname.split_once(':').map(|(p, _)| p)
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

impl Walker {
    fn current_base(&self) -> Base {
        self.bases.last().cloned().unwrap_or_default()
    }

    fn resolve_ns(&self, qname: &str) -> Ns {
        let p = prefix(qname).unwrap_or("");
        match self.ns.iter().rev().find(|(k, _)| k == p) {
            Some((_, ns)) => *ns,
            None if p.is_empty() => Ns::Core,
            None => Ns::from_prefix(p),
        }
    }
}
