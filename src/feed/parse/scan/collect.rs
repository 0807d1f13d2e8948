//! The fast read: while the pre-scan walks a clean RSS 2.0 document it keeps the fields, so
//! the document is read in that one pass, with no second parser.
//!
//! It builds the same [`RawFeed`] the lenient reader (`xml` module) would: a document the
//! scan accepts is one the lenient reader and feed-rs read alike, and on such a document
//! every field is plain text (text, CDATA sections, the five XML entities and numeric
//! references), used once, in the places both readers look. The values are sliced from the document and decoded once: one owned
//! `String` per kept field. Only RSS 2.0 is read this way; RSS 1.0 and Atom documents (and
//! anything this reader declines) go on to feed-rs.

use url::Url;

use super::kinds::Kind;
use super::lenient_attr;
use crate::feed::parse::xml::{Base, Body, RawEnclosure, RawFeed, RawItem, RawLink, TextValue};
use crate::html::decode_strict;

/// What the fast read has kept so far.
#[derive(Debug, Default)]
pub(super) struct Collect {
    pub feed: RawFeed,
    item: Option<RawItem>,
    base: Base,
}

/// An attribute value as the lenient reader sees it (references decoded).
fn attr_value(attrs: &[(&str, &str)], name: &str) -> Option<String> {
    lenient_attr(attrs, name).map(|v| decode_strict(v).into_owned())
}

/// The text of a field written `raw` (between its start and end tags), as the lenient reader
/// reads it; `None` for anything but text and CDATA sections (a comment or processing
/// instruction in a field is rare enough to leave to feed-rs, as before).
fn field_text(raw: &str) -> Option<String> {
    // The usual shape first: one CDATA section that is the whole field.
    if let Some(inner) = raw
        .strip_prefix("<![CDATA[")
        .and_then(|r| r.strip_suffix("]]>"))
        && memchr::memmem::find(inner.as_bytes(), b"]]>").is_none()
    {
        return Some(inner.to_string());
    }
    let mut out = String::new();
    let mut rest = raw;
    loop {
        let Some(lt) = memchr::memchr(b'<', rest.as_bytes()) else {
            out.push_str(&decode_strict(rest));
            return Some(out);
        };
        out.push_str(&decode_strict(&rest[..lt]));
        let cdata = rest[lt..].strip_prefix("<![CDATA[")?;
        let end = memchr::memmem::find(cdata.as_bytes(), b"]]>")?;
        out.push_str(&cdata[..end]);
        rest = &cdata[end + 3..];
    }
}

impl Collect {
    /// The root element was read: its absolute `xml:base`, if any, is every value's base.
    pub(super) fn root(&mut self, base: Option<&Url>) {
        self.feed.rss_like = true;
        self.base = base.cloned().map_or(Base::Default, Base::Url);
    }

    pub(super) fn item_start(&mut self) {
        self.item = Some(RawItem::default());
    }

    pub(super) fn item_end(&mut self) {
        if let Some(item) = self.item.take() {
            self.feed.items.push(item);
        }
    }

    /// A link given by its `href` attribute (`atom:link` in the channel).
    pub(super) fn href_link(&mut self, attrs: &[(&str, &str)]) {
        let Some(href) = attr_value(attrs, "href") else {
            return;
        };
        let link = RawLink {
            href,
            rel: lenient_attr(attrs, "rel").map(|r| decode_strict(r).trim().to_ascii_lowercase()),
            base: self.base.clone(),
        };
        match self.item.as_mut() {
            Some(item) => item.links.push(link),
            None => self.feed.links.push(link),
        }
    }

    /// An RSS `<enclosure>` or a `media:content` (`size`: the name of its size attribute).
    pub(super) fn enclosure(&mut self, attrs: &[(&str, &str)], size: &str) {
        let (Some(item), Some(url)) = (self.item.as_mut(), attr_value(attrs, "url")) else {
            return;
        };
        // Media RSS `medium` stands in for a missing type (never for an RSS enclosure's).
        let mime = attr_value(attrs, "type").or_else(|| {
            (size == "fileSize")
                .then(|| attr_value(attrs, "medium"))
                .flatten()
        });
        let length = attr_value(attrs, size).and_then(|l| l.trim().parse().ok());
        if size == "length" {
            item.enclosure.get_or_insert_with(|| url.clone());
        }
        item.enclosures.push(RawEnclosure {
            url,
            mime,
            length,
            base: self.base.clone(),
        });
    }

    /// A field both readers use as `kind` ends; `raw` is what is written between its tags.
    /// `false`: the fast read cannot read it (the caller stops collecting).
    pub(super) fn field(&mut self, kind: Kind, in_item: bool, permalink: bool, raw: &str) -> bool {
        let Some(text) = field_text(raw) else {
            return false;
        };
        let base = self.base.clone();
        let line = |text: String| TextValue {
            text,
            html: false,
            atom: false,
        };
        let trimmed = |text: &str| Some(text.trim().to_string()).filter(|t| !t.is_empty());
        if !in_item {
            match kind {
                Kind::Title => self.feed.title = Some(line(text)),
                Kind::Link => {
                    if let Some(href) = trimmed(&text) {
                        let rel = None;
                        self.feed.links.push(RawLink { href, rel, base });
                    }
                }
                Kind::Author => self.feed.author = super::super::xml::clean_person(&text),
                _ => return false,
            }
            return true;
        }
        let Some(item) = self.item.as_mut() else {
            return false;
        };
        let body = |text: String| Body {
            text,
            html: true,
            base: base.clone(),
        };
        match kind {
            Kind::Title => item.title = Some(line(text)),
            Kind::Link => {
                if let Some(href) = trimmed(&text) {
                    let rel = None;
                    let base = base.clone();
                    item.links.push(RawLink { href, rel, base });
                }
            }
            Kind::Guid => {
                if let Some(g) = trimmed(&text) {
                    item.guid = Some(g);
                    item.guid_is_permalink = permalink;
                    item.guid_base = base.clone();
                }
            }
            Kind::Author => item.author = super::super::xml::clean_person(&text),
            Kind::Published | Kind::Updated => {
                let raw = text.trim();
                if let Some(t) = crate::feed::dates::parse_date(raw) {
                    if kind == Kind::Published {
                        item.published = Some(t);
                    } else {
                        item.updated = Some(t);
                    }
                }
                if !raw.is_empty() {
                    item.date_text = Some(raw.to_string());
                }
            }
            Kind::Summary => item.summary = Some(body(text)),
            Kind::Content => item.content = Some(body(text)),
            Kind::Alt | Kind::Ignored => return false,
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::field_text;

    #[test]
    fn field_text_reads_text_and_cdata_only() {
        assert_eq!(
            field_text("<![CDATA[<p>a &amp; b</p>]]>").as_deref(),
            Some("<p>a &amp; b</p>")
        );
        assert_eq!(
            field_text(" a &amp; &#8211; <![CDATA[x]]>&lt;<![CDATA[]]>y ").as_deref(),
            Some(" a & \u{2013} x<y ")
        );
        assert_eq!(field_text("").as_deref(), Some(""));
        assert_eq!(field_text("a<!-- c -->b"), None);
        assert_eq!(field_text("a<?pi x?>b"), None);
    }
}
