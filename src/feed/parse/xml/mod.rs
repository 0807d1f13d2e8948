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
    pub enclosure: Option<String>,
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

    fn start(&mut self, e: &BytesStart<'_>, empty: bool) -> Result<(), XmlError> {
        if self.stack.len() >= MAX_DEPTH || self.overflow > 0 {
            if !empty {
                self.overflow += 1;
            }
            return Ok(());
        }
        let qname = String::from_utf8_lossy(e.name().as_ref()).into_owned();
        let attrs = attrs_of(e);
        let ns_len = self.ns.len();
        let base_len = self.bases.len();
        for a in &attrs {
            // Bounded, so a hostile document cannot make every name lookup slow.
            if self.ns.len() >= MAX_NS_BINDINGS {
                break;
            }
            if a.key == "xmlns" {
                // An unknown *default* namespace (echo, pie, necho, …) is read as plain RSS/Atom.
                let ns = match Ns::from_uri(&a.value) {
                    Ns::Other => Ns::Core,
                    ns => ns,
                };
                self.ns.push((String::new(), ns));
            } else if let Some(p) = a.key.strip_prefix("xmlns:") {
                self.ns.push((p.to_string(), Ns::from_uri(&a.value)));
            }
        }
        if let Some(b) = attrs
            .iter()
            .find(|a| a.key == "xml:base")
            .map(|a| a.value.trim().to_string())
        {
            let parent = match self.current_base() {
                Base::Default => self
                    .doc_base
                    .clone()
                    .map(Base::Url)
                    .unwrap_or(Base::Unusable),
                other => other,
            };
            let new = match Url::parse(&b) {
                Ok(u) => Base::Url(u),
                Err(url::ParseError::RelativeUrlWithoutBase) => match parent {
                    Base::Url(p) => p.join(&b).map_or(Base::Unusable, Base::Url),
                    _ => Base::Unusable,
                },
                Err(_) => Base::Unusable,
            };
            self.bases.push(new);
        }
        let ns = self.resolve_ns(&qname);
        let lname = local(&qname).to_ascii_lowercase();

        let role = if !self.root_seen {
            self.root_seen = true;
            match lname.as_str() {
                "rss" | "rdf" => {
                    self.feed.rss_like = true;
                    Role::Root
                }
                "feed" => Role::FeedCtx,
                "channel" => {
                    self.feed.rss_like = true;
                    Role::FeedCtx
                }
                "entry" => {
                    self.begin_item(&attrs);
                    Role::Item
                }
                "html" => return Err(XmlError::Html),
                _ => {
                    return Err(XmlError::Invalid(super::Invalid::NotAFeed {
                        root: crate::text::sanitize::sanitize_line_capped(&qname, 40),
                    }));
                }
            }
        } else if self.capture.is_some() {
            self.capture_start(&qname, &lname, &attrs);
            Role::Other
        } else {
            let parent = self.stack.last().map_or(Role::Other, |f| f.role);
            if ns.core() && (lname == "item" || lname == "entry") && self.item.is_none() {
                self.begin_item(&attrs);
                Role::Item
            } else if parent == Role::Root && ns.core() && lname == "channel" {
                Role::FeedCtx
            } else if parent == Role::FeedCtx && self.item.is_none() {
                self.feed_field(ns, &lname, &attrs)
            } else if parent == Role::Item {
                self.item_field(ns, &lname, &attrs)
            } else {
                Role::Other
            }
        };
        self.stack.push(Frame {
            qname: qname.clone(),
            role,
            ns_len,
            base_len,
        });
        if role == Role::Field
            && let Some(c) = self.capture.as_mut()
        {
            c.frame = self.stack.len() - 1;
        }
        if empty {
            self.end(&qname);
        }
        Ok(())
    }

    fn begin_item(&mut self, attrs: &[Attr]) {
        let mut item = RawItem::default();
        // CDF: <ITEM HREF="…">
        if let Some(href) = attr(attrs, "href") {
            item.links.push(RawLink {
                href: href.to_string(),
                rel: None,
                base: self.current_base(),
            });
        }
        self.item = Some(item);
    }

    fn begin_capture(&mut self, field: Field, mode: Mode, atom: bool) -> Role {
        self.capture = Some(Capture {
            field,
            frame: 0,
            mode,
            atom,
            text: String::new(),
            markup: String::new(),
            children: false,
            hidden: None,
            void_frames: Vec::new(),
            name_text: None,
            name_frame: None,
            base: self.current_base(),
        });
        Role::Field
    }

    /// Atom text construct rules (`type`, and Atom 0.3's `mode`).
    fn atom_mode(attrs: &[Attr]) -> Mode {
        let ty = attr(attrs, "type")
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let mode = attr(attrs, "mode")
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let html = ty == "html" || ty == "text/html";
        if mode == "base64" {
            return Mode::Base64 { html };
        }
        match ty.as_str() {
            "xhtml" => Mode::Xhtml { strip_div: true },
            "application/xhtml+xml" => Mode::Xhtml { strip_div: false },
            _ if html => Mode::Html,
            "" | "text" => Mode::Text,
            t if t.starts_with("text/") => Mode::Text,
            t if t.ends_with("+xml") || t.ends_with("/xml") => Mode::Xhtml { strip_div: false },
            _ => Mode::Base64 { html: false },
        }
    }

    fn text_construct(&mut self, field: Field, ns: Ns, attrs: &[Attr], rss_mode: Mode) -> Role {
        let atom = ns == Ns::Atom || !self.feed.rss_like || attr(attrs, "type").is_some();
        let mode = if atom {
            Self::atom_mode(attrs)
        } else {
            rss_mode
        };
        self.begin_capture(field, mode, atom)
    }

    fn link_attr(&mut self, attrs: &[Attr], feed_level: bool) -> Option<Role> {
        let href = attr(attrs, "href")?;
        let link = RawLink {
            href: href.to_string(),
            rel: attr(attrs, "rel").map(|r| r.trim().to_ascii_lowercase()),
            base: self.current_base(),
        };
        if feed_level {
            self.feed.links.push(link);
        } else if let Some(item) = self.item.as_mut() {
            item.links.push(link);
        }
        Some(Role::Other)
    }

    fn feed_field(&mut self, ns: Ns, lname: &str, attrs: &[Attr]) -> Role {
        match (ns, lname) {
            (n, "title") if n.core() && self.feed.title.is_none() => {
                self.text_construct(Field::FeedTitle, ns, attrs, Mode::Text)
            }
            (Ns::Dc, "title") if self.feed.alt_title.is_none() => {
                self.begin_capture(Field::FeedAltTitle, Mode::Text, false)
            }
            (n, "link") if n.core() => match self.link_attr(attrs, true) {
                Some(role) => role,
                None => self.begin_capture(Field::FeedLink, Mode::Text, false),
            },
            (n, "author") if n.core() && self.feed.author.is_none() => {
                self.begin_capture(Field::FeedAuthor, Mode::Text, false)
            }
            _ => Role::Other,
        }
    }

    fn item_field(&mut self, ns: Ns, lname: &str, attrs: &[Attr]) -> Role {
        let Some(item) = self.item.as_mut() else {
            return Role::Other;
        };
        let has_title = item.title.is_some();
        let has_alt_title = item.alt_title.is_some();
        let has_guid = item.guid.is_some();
        let has_author = item.author.is_some();
        let has_summary = item.summary.is_some();
        let has_alt_summary = item.alt_summary.is_some();
        let has_content = item.content.is_some();
        let c = ns.core();
        match (ns, lname) {
            (_, "title") if c && !has_title => {
                self.text_construct(Field::Title, ns, attrs, Mode::Text)
            }
            (Ns::Dc | Ns::Media, "title") if !has_alt_title => {
                self.begin_capture(Field::AltTitle, Mode::Text, false)
            }
            (_, "link") if c => match self.link_attr(attrs, false) {
                Some(role) => role,
                None => self.begin_capture(Field::Link, Mode::Text, false),
            },
            (_, "guid") if c && !has_guid => {
                let permalink = !attr(attrs, "isPermaLink")
                    .is_some_and(|v| v.trim().eq_ignore_ascii_case("false"));
                self.begin_capture(Field::Guid { permalink }, Mode::Text, false)
            }
            (_, "id") if c && !has_guid => {
                self.begin_capture(Field::Guid { permalink: false }, Mode::Text, false)
            }
            (_, "description") if c && !has_summary => {
                self.begin_capture(Field::Summary, Mode::Html, false)
            }
            (_, "summary") if c && !has_summary => {
                self.text_construct(Field::Summary, ns, attrs, Mode::Html)
            }
            (_, "content") if c && !has_content => {
                if attr(attrs, "src").is_some() {
                    Role::Other
                } else {
                    self.text_construct(Field::Content, ns, attrs, Mode::Html)
                }
            }
            (Ns::Content, "encoded") if !has_content => {
                self.begin_capture(Field::Content, Mode::Html, false)
            }
            (Ns::Xhtml, "body") if !has_content => {
                self.begin_capture(Field::Content, Mode::Xhtml { strip_div: false }, false)
            }
            (Ns::Dc, "description") | (Ns::Itunes, "summary") if !has_alt_summary => {
                self.begin_capture(Field::AltSummary, Mode::Html, false)
            }
            (_, "author") if c && !has_author => {
                self.begin_capture(Field::Author, Mode::Text, false)
            }
            (Ns::Dc, "creator") | (Ns::Itunes, "author") if !has_author => {
                self.begin_capture(Field::Author, Mode::Text, false)
            }
            (_, "pubdate" | "published" | "issued" | "created") if c => {
                self.begin_capture(Field::Published, Mode::Text, false)
            }
            (Ns::Dc, "date") | (Ns::Dcterms, "issued" | "created" | "date" | "available") => {
                self.begin_capture(Field::Published, Mode::Text, false)
            }
            (_, "updated" | "modified" | "lastbuilddate") if c => {
                self.begin_capture(Field::Updated, Mode::Text, false)
            }
            (Ns::Dcterms, "modified") => self.begin_capture(Field::Updated, Mode::Text, false),
            (_, "enclosure") if c => {
                if let Some(url) = attr(attrs, "url")
                    && let Some(item) = self.item.as_mut()
                {
                    item.enclosure.get_or_insert_with(|| url.to_string());
                }
                Role::Other
            }
            _ => Role::Other,
        }
    }

    /// A child element inside a captured field: serialised into the field's markup.
    fn capture_start(&mut self, qname: &str, lname: &str, attrs: &[Attr]) {
        let index = self.stack.len();
        let Some(c) = self.capture.as_mut() else {
            return;
        };
        let direct = index == c.frame + 1;
        if matches!(c.field, Field::Author | Field::FeedAuthor)
            && direct
            && lname == "name"
            && c.name_frame.is_none()
        {
            c.name_frame = Some(index);
            c.name_text.get_or_insert_with(String::new);
        }
        if let Mode::Xhtml { strip_div: true } = c.mode
            && direct
            && lname == "div"
            && !c.children
            && c.hidden.is_none()
        {
            c.hidden = Some(index);
            c.children = true;
            return;
        }
        c.children = true;
        let name = local(qname);
        c.markup.push('<');
        c.markup.push_str(name);
        for a in attrs {
            if a.key == "xmlns" || a.key.starts_with("xmlns:") {
                continue;
            }
            c.markup.push(' ');
            c.markup.push_str(&a.key);
            c.markup.push_str("=\"");
            c.markup.push_str(&escape_html(&a.value));
            c.markup.push('"');
        }
        let void = VOID.contains(&lname);
        if void {
            c.markup.push_str(" />");
            c.void_frames.push(index);
        } else {
            c.markup.push('>');
        }
    }

    fn text(&mut self, s: &str) {
        if self.overflow > 0 {
            return;
        }
        let Some(c) = self.capture.as_mut() else {
            return;
        };
        c.text.push_str(s);
        if c.name_frame.is_some()
            && let Some(n) = c.name_text.as_mut()
        {
            n.push_str(s);
        }
        match c.mode {
            Mode::Html => c.markup.push_str(s),
            _ => c.markup.push_str(&escape_html(s)),
        }
    }

    fn end(&mut self, qname: &str) {
        if self.overflow > 0 {
            self.overflow -= 1;
            return;
        }
        let Some(pos) = self.stack.iter().rposition(|f| f.qname == qname) else {
            // An end tag with no matching start: ignored.
            return;
        };
        while self.stack.len() > pos {
            let idx = self.stack.len() - 1;
            let Some(frame) = self.stack.pop() else { break };
            self.ns.truncate(frame.ns_len);
            self.bases.truncate(frame.base_len);
            self.close(idx, &frame);
        }
    }

    fn close(&mut self, idx: usize, frame: &Frame) {
        if let Some(c) = self.capture.as_mut() {
            if idx > c.frame {
                if c.name_frame == Some(idx) {
                    c.name_frame = None;
                }
                if c.hidden == Some(idx) {
                    return;
                }
                if c.void_frames.last() == Some(&idx) {
                    c.void_frames.pop();
                    return;
                }
                c.markup.push_str("</");
                c.markup.push_str(local(&frame.qname));
                c.markup.push('>');
                return;
            }
            if idx == c.frame {
                if let Some(c) = self.capture.take() {
                    self.finish_capture(c);
                }
                return;
            }
        }
        match frame.role {
            Role::Item => {
                if let Some(item) = self.item.take()
                    && self.feed.items.len() < self.max_items
                {
                    self.feed.items.push(item);
                }
                if idx == 0 {
                    self.done = true;
                }
            }
            _ if idx == 0 => self.done = true,
            _ => {}
        }
    }

    fn finish_capture(&mut self, c: Capture) {
        let base = c.base.clone();
        match c.field {
            Field::FeedTitle => self.feed.title = Some(text_value(c)),
            Field::FeedAltTitle => self.feed.alt_title = Some(text_value(c)),
            Field::FeedLink => {
                let href = c.text.trim().to_string();
                if !href.is_empty() {
                    self.feed.links.push(RawLink {
                        href,
                        rel: None,
                        base,
                    });
                }
            }
            Field::FeedAuthor => self.feed.author = person_name(&c),
            _ => {
                let Some(item) = self.item.as_mut() else {
                    return;
                };
                match c.field {
                    Field::Title => item.title = Some(text_value(c)),
                    Field::AltTitle => item.alt_title = Some(text_value(c)),
                    Field::Link => {
                        let href = c.text.trim().to_string();
                        if !href.is_empty() {
                            item.links.push(RawLink {
                                href,
                                rel: None,
                                base,
                            });
                        }
                    }
                    Field::Guid { permalink } => {
                        let g = c.text.trim().to_string();
                        if !g.is_empty() {
                            item.guid = Some(g);
                            item.guid_is_permalink = permalink;
                            item.guid_base = base;
                        }
                    }
                    Field::Author => item.author = person_name(&c),
                    Field::Published | Field::Updated => {
                        let raw = c.text.trim().to_string();
                        if let Some(t) = crate::feed::dates::parse_date(&raw) {
                            if c.field == Field::Published {
                                item.published = Some(t);
                            } else {
                                item.updated = Some(t);
                            }
                        }
                        if !raw.is_empty() {
                            item.date_text = Some(raw);
                        }
                    }
                    Field::Summary | Field::AltSummary | Field::Content => {
                        let field = c.field;
                        let v = text_value(c);
                        let body = Body {
                            text: v.text,
                            html: v.html,
                            base,
                        };
                        match field {
                            Field::Summary => item.summary = Some(body),
                            Field::AltSummary => item.alt_summary = Some(body),
                            _ => item.content = Some(body),
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

/// The value of a captured text construct.
fn text_value(c: Capture) -> TextValue {
    let atom = c.atom;
    match c.mode {
        Mode::Base64 { html } => {
            let compact: String = c.text.chars().filter(|ch| !ch.is_whitespace()).collect();
            let engine = base64::engine::general_purpose::STANDARD;
            match engine.decode(compact.as_bytes()).or_else(|_| {
                base64::engine::general_purpose::STANDARD_NO_PAD
                    .decode(compact.trim_end_matches('=').as_bytes())
            }) {
                Ok(bytes) => TextValue {
                    text: String::from_utf8_lossy(&bytes).into_owned(),
                    html,
                    atom,
                },
                Err(_) => TextValue {
                    text: c.text,
                    html: false,
                    atom,
                },
            }
        }
        Mode::Xhtml { .. } => TextValue {
            text: c.markup,
            html: true,
            atom,
        },
        Mode::Html | Mode::Text if c.children => TextValue {
            text: c.markup,
            html: true,
            atom,
        },
        Mode::Html => TextValue {
            text: c.text,
            html: true,
            atom,
        },
        Mode::Text => TextValue {
            text: c.text,
            html: false,
            atom,
        },
    }
}

/// An author: Atom's `<name>` child if present, else the element's text; RSS's
/// `email (Name)` gives `Name`, `Name <email>` gives `Name`.
fn person_name(c: &Capture) -> Option<String> {
    let raw = match &c.name_text {
        Some(n) if !n.trim().is_empty() => n.trim().to_string(),
        _ if c.children => return None,
        _ => c.text.trim().to_string(),
    };
    clean_person(&raw)
}

/// An author's display name from the raw text: RSS's `email (Name)` gives `Name`,
/// `Name <email>` gives `Name`, anything else is kept (trimmed).
pub(super) fn clean_person(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    if let Some(open) = raw.find(" (")
        && raw.ends_with(')')
        && raw[..open].contains('@')
    {
        let inner = raw[open + 2..raw.len() - 1].trim();
        if !inner.is_empty() {
            return Some(inner.to_string());
        }
    }
    if let (Some(lt), true) = (raw.find('<'), raw.ends_with('>')) {
        let name = raw[..lt].trim().trim_matches('"').trim();
        if !name.is_empty() && raw[lt..].contains('@') {
            return Some(name.to_string());
        }
    }
    Some(raw.to_string())
}
