//! What each reader makes of an element: the lenient reader's and feed-rs's uses, compared.

use super::*;

/// How a reader uses an element (the parts of a feed kabar shows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
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
    pub(super) fn index(self) -> usize {
        self as usize
    }
}

/// The six namespaces feed-rs knows, by exact URI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fns {
    Atom,
    Rss,
    Content,
    Dc,
    Media,
    Itunes,
    Unknown,
}

pub(super) fn feedrs_ns(uri: &str) -> Fns {
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
pub(super) fn lenient_item_kind(ns: Ns, l: &str) -> Kind {
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
pub(super) fn feedrs_item_kind(format: Format, ns: Fns, name: &str) -> Kind {
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
pub(super) fn lenient_feed_kind(ns: Ns, l: &str) -> Kind {
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
pub(super) fn feedrs_feed_kind(format: Format, ns: Fns, name: &str) -> Kind {
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
pub(super) fn agreed(lenient: Kind, feedrs: Kind) -> Result<Option<Kind>, &'static str> {
    match (lenient, feedrs) {
        (l, f) if l != f => Err("element read by one reader only"),
        (Kind::Alt, _) => Err("fallback field (dc:title, itunes:summary, …)"),
        (Kind::Ignored, _) => Ok(None),
        (l, _) => Ok(Some(l)),
    }
}
