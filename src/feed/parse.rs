//! Parsing feed bytes (RSS 0.9x/1.0/2.0, Atom, JSON Feed) into owned, sanitised items.
//!
//! Pipeline:
//!
//! 1. **Decode** the bytes: BOM (UTF-8/UTF-16), else the XML declaration's `encoding`
//!    (windows-1252, iso-8859-*, …), else UTF-8 with invalid sequences replaced by U+FFFD.
//! 2. **Sniff**: nothing but white space → [`ParseError::Empty`]; an HTML page →
//!    [`ParseError::Html`]; `{` → JSON Feed; `<` → XML.
//! 3. **Read, strictly first**: a linear pre-scan (`scan` submodule) checks the document is
//!    one feed-rs reads the way kabar's own reader does (clean RSS 2.0 / RSS 1.0 / Atom 1.0 /
//!    JSON Feed: the usual elements spelled as the specs spell them, once each per item, no
//!    markup inside text fields, only XML's five entities, …).
//!    * [`ParsePath::Fast`], the common case: for clean RSS 2.0 the scan keeps each field as
//!      it walks past it (text and CDATA sliced from the document, one `String` per kept
//!      field), so that one pass both checks and reads the document (`scan::collect`);
//!    * [`ParsePath::FeedRs`]: other clean formats (and what the fast read leaves, e.g. an
//!      item that would need a hash key) are parsed by feed-rs (`feedrs` submodule, dates
//!      through kabar's own date parser).
//!
//!    Both give the `RawFeed` the lenient reader would, so everything after is shared; tests
//!    check that whatever the fast read accepts, the feed-rs path reads identically
//!    (tests/it/parse_fast.rs, and the mutants of tests/it/parse_paths.rs).
//! 4. **Lenient retry** ([`ParsePath::Lenient`]): when the scan declines, feed-rs fails, or
//!    the strict result is one kabar would read differently (items dropped, a date lost, zero
//!    items where the lenient reader finds some, an item that needs a hash key), the document is
//!    repaired (a lost final `>`) and read with the lenient streaming reader (`xml`
//!    submodule, on quick-xml; `json` for JSON): bare `&`, HTML named entities, a missing
//!    `version` on `<rss>`, Atom 0.3, unknown default namespaces, undeclared prefixes,
//!    mismatched end tags are all recovered from; DTD entities are never expanded and nothing
//!    external is ever read. A document that stops before its root element is closed (a
//!    dropped connection) is an error on both paths: partial item lists are never returned.
//! 5. **Assemble** [`ParsedFeed`] (one function for all paths, so a feed gives the same
//!    items whichever path read it, and keys do not change if it flips between them): titles
//!    as one sanitised line (HTML stripped and decoded where the feed says or clearly looks
//!    like HTML), links resolved (xml:base, then for RSS the channel link, then the feed
//!    URL), tracking parameters removed, http(s) only; dates via
//!    [`crate::feed::dates::parse_date`] (naive = WIB); stable keys (guid, else link, else a
//!    hash); duplicates dropped.

use std::borrow::Cow;
use std::collections::HashSet;

use url::Url;

use crate::text::sanitize::{sanitize_line, sanitize_line_capped, sanitize_markup};

mod enclosure;
mod feedrs;
mod html;
mod json;
mod scan;
mod xml;

pub use enclosure::{
    Enclosure, MAX_ENCLOSURES, clean_mime, clean_one as clean_enclosure,
    dedupe as dedupe_enclosures,
};
pub use html::{looks_like_html, rewrite_body_urls, text_to_html};

use xml::{Base, Body, RawFeed, RawLink, TextValue};

/// One parsed feed, every string already sanitised (see `text::sanitize`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedFeed {
    /// The feed's own title, single line.
    pub title: Option<String>,
    /// The site's home page link (http/https only), if any.
    pub site_link: Option<String>,
    pub items: Vec<ParsedItem>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedItem {
    /// Stable identity: trimmed guid, else canonical link, else hash of title+date+body.
    pub key: String,
    /// Single line; a placeholder ("(tanpa judul)") when the item has none.
    pub title: String,
    /// Absolute http(s) link, resolved against xml:base / the feed URL.
    pub link: Option<String>,
    pub author: Option<String>,
    /// Published (else updated) instant, Unix seconds UTC. Naive dates are read as WIB (+07:00).
    pub published: Option<i64>,
    /// HTML (or text) summary / description.
    pub summary: Option<String>,
    /// HTML full content (content:encoded / atom content), if any.
    pub content: Option<String>,
    /// Podcast audio, video, images: cleaned, deduplicated, capped (`enclosure` submodule).
    pub enclosures: Vec<Enclosure>,
}

impl ParsedItem {
    /// The body to show and search: the content, else the summary ("" if neither).
    pub fn body(&self) -> &str {
        self.content
            .as_deref()
            .filter(|c| !c.trim().is_empty())
            .or(self.summary.as_deref())
            .unwrap_or("")
    }
}

/// Shown to the user through [`ParseError::message`] in the interface language; `Display` is
/// the English text, for the log.
#[derive(Debug, PartialEq)]
pub enum ParseError {
    /// Nothing but white space.
    Empty,
    /// A web page, not a feed.
    Html,
    /// Unreadable; the kind says why.
    Invalid(Invalid),
}

/// Why a document is not a readable feed. A `detail` is the parser's own words, for the log
/// only (see [`ParseError::detail`]).
#[derive(Debug, Clone, PartialEq)]
pub enum Invalid {
    /// Neither XML nor JSON.
    NotXmlOrJson,
    /// XML without a root element.
    NoRoot,
    /// XML whose root element is not a feed's (sanitised, short).
    NotAFeed { root: String },
    /// The document ends before it is whole (a dropped connection).
    Truncated { detail: String },
    /// Not well-formed XML.
    Malformed { detail: String },
    /// Not well-formed JSON.
    MalformedJson { detail: String },
    /// JSON, but no JSON Feed.
    NotJsonFeed,
    /// The strict path declined the document (only from [`parse_feedrs_only`], for tests).
    Declined(String),
}

impl ParseError {
    /// The message for the user, in `lang`.
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::{t, tf};
        let why = match self {
            ParseError::Empty => return t(lang, "err.parse.empty").to_string(),
            ParseError::Html => return t(lang, "err.parse.html").to_string(),
            ParseError::Invalid(why) => why,
        };
        let detail = match why {
            Invalid::NotXmlOrJson => t(lang, "err.parse.not_xml_json").to_string(),
            Invalid::NoRoot => t(lang, "err.parse.no_root").to_string(),
            Invalid::NotAFeed { root } => {
                tf(lang, "err.parse.not_a_feed", &[("root", root.clone())])
            }
            Invalid::Truncated { .. } => t(lang, "err.parse.truncated").to_string(),
            Invalid::Malformed { .. } => t(lang, "err.parse.malformed").to_string(),
            Invalid::MalformedJson { .. } => t(lang, "err.parse.malformed_json").to_string(),
            Invalid::NotJsonFeed => t(lang, "err.parse.not_json_feed").to_string(),
            Invalid::Declined(d) => tf(lang, "err.parse.declined", &[("detail", d.clone())]),
        };
        tf(lang, "err.parse.invalid", &[("detail", detail)])
    }

    /// The parser's own words for what went wrong, for the log (not shown to readers).
    pub fn detail(&self) -> Option<&str> {
        match self {
            ParseError::Invalid(
                Invalid::Truncated { detail }
                | Invalid::Malformed { detail }
                | Invalid::MalformedJson { detail },
            ) => Some(detail),
            _ => None,
        }
    }
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(crate::i18n::Lang::En))
    }
}

impl std::error::Error for ParseError {}

/// Title shown for an item that has none.
pub const UNTITLED: &str = "(tanpa judul)";
/// Longest title (and feed title) kept, in characters; longer ones end in '…'.
pub const MAX_TITLE_CHARS: usize = 2000;
/// Longest author name kept, in characters.
pub const MAX_AUTHOR_CHARS: usize = 300;
/// Links longer than this (bytes) are dropped.
pub const MAX_LINK_BYTES: usize = 8 * 1024;

/// Which reader produced a [`ParsedFeed`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParsePath {
    /// The fast read: the pre-scan itself reads a clean RSS 2.0 document (the common case).
    Fast,
    /// feed-rs (the strict parser), mapped onto kabar's model.
    FeedRs,
    /// kabar's lenient reader (the retry).
    Lenient,
}

/// Parse `bytes` fetched from `url`.
pub fn parse(bytes: &[u8], url: &str) -> Result<ParsedFeed, ParseError> {
    parse_with_path(bytes, url).map(|(feed, _)| feed)
}

/// Parse `bytes` fetched from `url`, keeping the first `max_items` items in document order
/// (feeds list the newest first): later items are never built, so a feed of a million tiny
/// items costs no more memory than one of `max_items`. The document must still be whole.
pub fn parse_at_most(bytes: &[u8], url: &str, max_items: usize) -> Result<ParsedFeed, ParseError> {
    parse_capped(bytes, url, max_items).map(|(feed, _)| feed)
}

/// Parse `bytes` fetched from `url`: feed-rs first, the lenient reader as the retry (see the
/// module docs); also says which one produced the result. Errors always come from the
/// lenient reader, the more forgiving of the two.
pub fn parse_with_path(bytes: &[u8], url: &str) -> Result<(ParsedFeed, ParsePath), ParseError> {
    parse_capped(bytes, url, usize::MAX)
}

fn parse_capped(
    bytes: &[u8],
    url: &str,
    max_items: usize,
) -> Result<(ParsedFeed, ParsePath), ParseError> {
    let doc_url = Url::parse(url.trim()).ok();
    let text = decode_document(bytes);
    let body = sniff(&text)?;
    let read_lenient = |body: &str| lenient(body, doc_url.as_ref(), max_items);
    let (result, reason) = match via_strict(body, doc_url.as_ref(), max_items, Strict::Both) {
        Ok((feed, path)) if !feed.items.is_empty() => (Ok((feed, path)), None),
        // No items: the lenient reader may find some (in elements feed-rs skips).
        Ok(empty) => match read_lenient(body) {
            Ok(feed) if !feed.items.is_empty() => (
                Ok((feed, ParsePath::Lenient)),
                Some("feed-rs found no items".to_string()),
            ),
            _ => (Ok(empty), None),
        },
        Err(reason) => (
            read_lenient(body).map(|feed| (feed, ParsePath::Lenient)),
            Some(reason),
        ),
    };
    if tracing::enabled!(tracing::Level::DEBUG) {
        let url = sanitize_line_capped(url, 300);
        let reason = reason.map(|r| sanitize_line_capped(&r, 300));
        match &result {
            Ok((feed, path)) => tracing::debug!(
                %url, ?path, items = feed.items.len(), reason = reason.as_deref(), "feed parsed"
            ),
            Err(e) => tracing::debug!(
                %url, error = %e, detail = e.detail(), reason = reason.as_deref(), "feed not parsed"
            ),
        }
    }
    result
}

/// The lenient reader alone (no feed-rs), with the same decoding and checks. For tests that
/// compare the two paths.
#[doc(hidden)]
pub fn parse_lenient_only(bytes: &[u8], url: &str) -> Result<ParsedFeed, ParseError> {
    let doc_url = Url::parse(url.trim()).ok();
    let text = decode_document(bytes);
    lenient(sniff(&text)?, doc_url.as_ref(), usize::MAX)
}

/// The feed-rs path alone, with the same decoding and checks; a document it declines (one
/// [`parse`] would give to the lenient reader) is an [`ParseError::Invalid`] naming the
/// reason. For tests that compare the two paths.
#[doc(hidden)]
pub fn parse_feedrs_only(bytes: &[u8], url: &str) -> Result<ParsedFeed, ParseError> {
    strict_only(bytes, url, Strict::FeedRsOnly)
}

/// The fast read alone (see [`ParsePath::Fast`]), with the same decoding and checks; a
/// document it declines (one [`parse`] would give to feed-rs or the lenient reader) is an
/// [`ParseError::Invalid`] naming the reason. For tests that compare the paths.
#[doc(hidden)]
pub fn parse_fast_only(bytes: &[u8], url: &str) -> Result<ParsedFeed, ParseError> {
    strict_only(bytes, url, Strict::FastOnly)
}

/// One strict reader alone, with the same decoding and checks as [`parse`]; what it declines
/// is an [`ParseError::Invalid`] naming the reason.
fn strict_only(bytes: &[u8], url: &str, which: Strict) -> Result<ParsedFeed, ParseError> {
    let doc_url = Url::parse(url.trim()).ok();
    let text = decode_document(bytes);
    via_strict(sniff(&text)?, doc_url.as_ref(), usize::MAX, which)
        .map(|(feed, _)| feed)
        .map_err(|reason| ParseError::Invalid(Invalid::Declined(reason)))
}

/// Empty and HTML documents are errors; otherwise the document with leading white space
/// (and a BOM) removed.
fn sniff(text: &str) -> Result<&str, ParseError> {
    let body = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if body.trim_end().is_empty() {
        return Err(ParseError::Empty);
    }
    match body.as_bytes()[0] {
        b'{' => Ok(body),
        b'<' if is_html_page(body) => Err(ParseError::Html),
        b'<' => Ok(body),
        _ => Err(ParseError::Invalid(Invalid::NotXmlOrJson)),
    }
}

/// Which strict readers [`via_strict`] may use.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Strict {
    /// The fast read, else feed-rs (what [`parse`] does).
    Both,
    FastOnly,
    FeedRsOnly,
}

/// The strict paths: the pre-scan, which also reads a clean RSS 2.0 document as it goes (the
/// fast read), else feed-rs; then the shared assembly. `Err` says why the lenient reader
/// must be used instead.
fn via_strict(
    body: &str,
    doc_url: Option<&Url>,
    max_items: usize,
    strict: Strict,
) -> Result<(ParsedFeed, ParsePath), String> {
    let (scan, fast) = if body.starts_with('{') {
        scan::scan_json(body).map(|scan| (scan, None))
    } else if strict == Strict::FeedRsOnly {
        scan::scan_xml(body).map(|scan| (scan, None))
    } else {
        scan::scan_xml_collect(body)
    }
    .map_err(|reason| format!("pre-scan: {reason}"))?;
    // Both strict readers build every item; the lenient reader stops keeping them at the cap.
    if scan.items.is_some_and(|n| n > max_items) {
        return Err(format!("more than {max_items} items"));
    }
    let fast = match fast {
        None => Err("fast read: not a clean RSS 2.0 document".to_string()),
        // The checks feed-rs's result gets (`feedrs::read`), then the assembly's.
        Some(raw)
            if scan.item_dates > 0
                && raw
                    .items
                    .iter()
                    .any(|i| i.published.is_none() && i.updated.is_none()) =>
        {
            Err("fast read: an item's date was not read".to_string())
        }
        Some(raw) => without_hash_keys(assemble(raw, doc_url)),
    };
    match (fast, strict) {
        (Ok(feed), _) => return Ok((feed, ParsePath::Fast)),
        (Err(reason), Strict::FastOnly) => return Err(reason),
        _ => {}
    }
    let raw = feedrs::read(body, &scan)?;
    let feed = without_hash_keys(assemble(raw, doc_url))?;
    Ok((feed, ParsePath::FeedRs))
}

/// A key hashed from title, date text, body and enclosure needs the raw date text and
/// enclosure feed-rs does not keep: only the lenient path computes those (and the fast read
/// leaves such feeds to it too, so that they are read the same way as before).
fn without_hash_keys(feed: ParsedFeed) -> Result<ParsedFeed, String> {
    if feed
        .items
        .iter()
        .any(|i| i.key.starts_with(HASH_KEY_PREFIX))
    {
        return Err("an item needs a hash key".into());
    }
    Ok(feed)
}

/// The lenient path: repair a lost final `>`, read, assemble.
fn lenient(body: &str, doc_url: Option<&Url>, max_items: usize) -> Result<ParsedFeed, ParseError> {
    let raw = if body.starts_with('{') {
        json::read(body, max_items).map_err(|why| ParseError::Invalid(why.sanitised()))?
    } else {
        let fixed = close_trailing_end_tag(body);
        xml::read(&fixed, doc_url, max_items).map_err(|e| match e {
            xml::XmlError::Html => ParseError::Html,
            xml::XmlError::Invalid(why) => ParseError::Invalid(why.sanitised()),
        })?
    };
    Ok(assemble(raw, doc_url))
}

impl Invalid {
    /// With its detail made one short, safe line.
    fn sanitised(self) -> Invalid {
        let clean = |d: String| sanitize_line_capped(&d, 300);
        match self {
            Invalid::Truncated { detail } => Invalid::Truncated {
                detail: clean(detail),
            },
            Invalid::Malformed { detail } => Invalid::Malformed {
                detail: clean(detail),
            },
            Invalid::MalformedJson { detail } => Invalid::MalformedJson {
                detail: clean(detail),
            },
            other => other,
        }
    }
}

/// Fallback keys (no guid, no link) start with this.
const HASH_KEY_PREFIX: &str = "fnv1a64:";

// ---------------------------------------------------------------------------------------------
// Decoding

/// Decode the document to UTF-8 following the BOM, else the XML declaration, else UTF-8
/// (lossy). A declared legacy single-byte encoding is ignored when the bytes are valid UTF-8
/// with non-ASCII characters in them (a very common misdeclaration; real windows-1252 text
/// essentially never forms valid multi-byte UTF-8).
fn decode_document(bytes: &[u8]) -> Cow<'_, str> {
    use encoding_rs::{UTF_16BE, UTF_16LE};
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8_lossy(rest);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Cow::Owned(UTF_16LE.decode_without_bom_handling(rest).0.into_owned());
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Cow::Owned(UTF_16BE.decode_without_bom_handling(rest).0.into_owned());
    }
    if bytes.starts_with(b"<\0") {
        return Cow::Owned(UTF_16LE.decode_without_bom_handling(bytes).0.into_owned());
    }
    if bytes.starts_with(b"\0<") {
        return Cow::Owned(UTF_16BE.decode_without_bom_handling(bytes).0.into_owned());
    }
    if let Some(enc) = declared_encoding(bytes)
        .and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()))
        .filter(|e| e.is_ascii_compatible() && *e != encoding_rs::UTF_8)
    {
        let valid_utf8_non_ascii = !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok();
        if !valid_utf8_non_ascii || !enc.is_single_byte() {
            return Cow::Owned(enc.decode_without_bom_handling(bytes).0.into_owned());
        }
    }
    utf8_lossy(bytes)
}

/// `String::from_utf8_lossy`, checking first with the faster validator of `str::from_utf8`
/// (almost every feed is valid UTF-8; the lossy one's own check was 2% of a refresh).
fn utf8_lossy(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// The `encoding` pseudo-attribute of a leading XML declaration.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace())?;
    let head = &bytes[start..bytes.len().min(start + 512)];
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let end = head.windows(2).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(&head[..end]).ok()?;
    let at = decl.find("encoding")?;
    let rest = decl[at + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quote = rest.chars().next().filter(|q| *q == '"' || *q == '\'')?;
    let value = &rest[1..];
    let close = value.find(quote)?;
    Some(value[..close].trim().to_string())
}

/// `<!DOCTYPE html …>` or `<html …>` first (case-insensitive).
fn is_html_page(body: &str) -> bool {
    let head: String = body
        .chars()
        .take(20)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html") && !head.starts_with("<html:")
}

/// Many feeds in the wild lose the very last `>` (`…</rss` at the end of the body); that
/// alone does not make the document incomplete, so put it back. A document cut anywhere else
/// still has open elements and is rejected by the reader.
fn close_trailing_end_tag(body: &str) -> Cow<'_, str> {
    let t = body.trim_end();
    if let Some(lt) = t.rfind('<') {
        let tail = &t[lt..];
        if let Some(name) = tail.strip_prefix("</")
            && !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, ':' | '_' | '-' | '.'))
        {
            return Cow::Owned(format!("{t}>"));
        }
    }
    Cow::Borrowed(body)
}

// ---------------------------------------------------------------------------------------------
// Assembly

fn assemble(raw: RawFeed, doc_url: Option<&Url>) -> ParsedFeed {
    let site_link =
        pick_link(&raw.links).and_then(|l| resolve_link(&l.href, &l.base, doc_url, false));
    // RSS item links are relative to the site (the channel link), not to wherever the feed
    // file happens to be served from.
    let channel_base = if raw.rss_like {
        site_link.as_deref().and_then(|s| Url::parse(s).ok())
    } else {
        None
    };
    let item_default = channel_base.as_ref().or(doc_url);

    let title = raw
        .title
        .as_ref()
        .map(display_line)
        .filter(|t| !t.is_empty())
        .or_else(|| {
            raw.alt_title
                .as_ref()
                .map(display_line)
                .filter(|t| !t.is_empty())
        });

    let mut seen = HashSet::new();
    let mut items = Vec::with_capacity(raw.items.len());
    for mut it in raw.items {
        let title_text = it
            .title
            .as_ref()
            .map(display_line)
            .filter(|t| !t.is_empty())
            .or_else(|| {
                it.alt_title
                    .as_ref()
                    .map(display_line)
                    .filter(|t| !t.is_empty())
            });

        let mut link =
            pick_link(&it.links).and_then(|l| resolve_link(&l.href, &l.base, item_default, true));
        if link.is_none()
            && it.guid_is_permalink
            && let Some(g) = &it.guid
        {
            link = resolve_link(g, &it.guid_base, None, true);
        }
        if link.is_none() {
            link = it
                .links
                .iter()
                .find(|l| l.rel.as_deref() != Some("self"))
                .and_then(|l| resolve_link(&l.href, &l.base, item_default, true));
        }

        let author = it
            .author
            .as_deref()
            .or(raw.author.as_deref())
            .map(|a| sanitize_line_capped(a, MAX_AUTHOR_CHARS))
            .filter(|a| !a.is_empty());

        let summary = it
            .summary
            .take()
            .and_then(|b| body_html(b, item_default))
            .or_else(|| {
                it.alt_summary
                    .take()
                    .and_then(|b| body_html(b, item_default))
            });
        let content = it.content.take().and_then(|b| body_html(b, item_default));
        let published = it.published.or(it.updated);
        let enclosures = enclosure::clean_list(
            std::mem::take(&mut it.link_enclosures),
            std::mem::take(&mut it.enclosures),
            item_default,
        );

        let key = it
            .guid
            .as_deref()
            .map(sanitize_line)
            .filter(|g| !g.is_empty())
            .or_else(|| link.clone())
            .unwrap_or_else(|| {
                let mut h = Fnv1a::new();
                for part in [
                    title_text.as_deref().unwrap_or(""),
                    it.date_text.as_deref().unwrap_or(""),
                    summary.as_deref().unwrap_or(""),
                    content.as_deref().unwrap_or(""),
                    it.enclosure.as_deref().unwrap_or(""),
                ] {
                    h.write(part.as_bytes());
                    h.write(&[0]);
                }
                format!("{HASH_KEY_PREFIX}{:016x}", h.finish())
            });
        if !seen.insert(key.clone()) {
            continue;
        }
        items.push(ParsedItem {
            key,
            title: title_text.unwrap_or_else(|| UNTITLED.to_string()),
            link,
            author,
            published,
            summary,
            content,
            enclosures,
        });
    }
    ParsedFeed {
        title,
        site_link,
        items,
    }
}

/// The alternate link (no `rel`, or `rel="alternate"`), first one wins.
fn pick_link(links: &[RawLink]) -> Option<&RawLink> {
    links.iter().find(|l| {
        l.rel
            .as_deref()
            .is_none_or(|r| r.is_empty() || r == "alternate")
    })
}

/// Resolve `href` against its explicit base, else `default`; http(s) only, tracking query
/// parameters removed (for item links), length-capped.
fn resolve_link(href: &str, base: &Base, default: Option<&Url>, strip: bool) -> Option<String> {
    if href.len() > MAX_LINK_BYTES {
        return None;
    }
    let base = match base {
        Base::Url(b) => Some(b),
        Base::Default => default,
        Base::Unusable => None,
    };
    let link = crate::html::resolve_link(href, base)?;
    let link = if strip {
        crate::html::strip_tracking(&link)
    } else {
        link
    };
    (link.len() <= MAX_LINK_BYTES).then_some(link)
}

/// A title-like value as one display line.
fn display_line(v: &TextValue) -> String {
    let text: Cow<'_, str> = if v.html || (!v.atom && looks_like_html(&v.text)) {
        Cow::Owned(crate::html::text::html_to_text(&v.text))
    } else {
        Cow::Borrowed(&v.text)
    };
    sanitize_line_capped(&text, MAX_TITLE_CHARS)
}

/// A summary/body as HTML: controls and escape sequences removed (white space kept), plain
/// text escaped, relative URLs inside resolved against the effective base.
fn body_html(b: Body, default: Option<&Url>) -> Option<String> {
    let Body {
        mut text,
        html,
        base,
    } = b;
    let clean = sanitize_markup(text.trim());
    if clean.trim().is_empty() {
        return None;
    }
    if !html {
        return Some(text_to_html(&clean));
    }
    let base = match &base {
        Base::Url(u) => Some(u),
        Base::Default => default,
        Base::Unusable => None,
    };
    if let Cow::Owned(changed) = rewrite_body_urls(&clean, base) {
        return Some(changed);
    }
    if let Cow::Owned(cleaned) = clean {
        return Some(cleaned);
    }
    // Nothing to change (most bodies): the text itself is the body, trimmed in place rather
    // than copied.
    let end = text.trim_end().len();
    text.truncate(end);
    let start = text.len() - text.trim_start().len();
    text.drain(..start);
    Some(text)
}

/// FNV-1a, 64 bit: a tiny, stable, dependency-free hash for fallback item keys (unlike
/// `DefaultHasher`, its output never changes between Rust versions or runs).
pub struct Fnv1a(u64);

impl Fnv1a {
    pub fn new() -> Self {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }
    pub fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    pub fn finish(&self) -> u64 {
        self.0
    }
}

impl Default for Fnv1a {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests;
