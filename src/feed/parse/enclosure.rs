//! Enclosures (podcast audio, video, images): what either reader found, made into one clean list.
//!
//! Both parse paths and the sync clients hand their raw values to [`clean_list`], so a feed
//! gives the same enclosures whichever way it arrived: URLs resolved against the item's base,
//! http(s) only and length-capped, media types reduced to a checked `type/subtype`, sizes of 0
//! read as unknown, identical URLs kept once (the first wins), at most [`MAX_ENCLOSURES`].

use url::Url;

use super::xml::Base;

/// Enclosures kept per item; a feed listing more is padding, not podcasts.
pub const MAX_ENCLOSURES: usize = 20;
/// Longest enclosure URL kept, in bytes.
pub const MAX_ENCLOSURE_URL_BYTES: usize = 2048;

/// One enclosure of an item, cleaned (see the module docs).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Enclosure {
    /// Absolute http(s) URL.
    pub url: String,
    /// A checked, lower-case media type (`audio/mpeg`), or a Media RSS `medium` word
    /// (`video`) when the feed gave no type.
    pub mime: Option<String>,
    /// Size in bytes, when the feed gave one above zero.
    pub length: Option<u64>,
}

/// An enclosure as a reader found it, before [`clean_list`].
#[derive(Debug, Clone)]
pub(crate) struct RawEnclosure {
    pub url: String,
    pub mime: Option<String>,
    pub length: Option<u64>,
    pub base: Base,
}

/// Media RSS `medium` values, used as the type when a `media:content` has none.
const MEDIUMS: &[&str] = &["audio", "video", "image", "document", "executable"];

/// `raw` as a media type: parameters dropped, lower-cased, both names RFC 6838
/// restricted-names (a letter or digit, then letters, digits and `!#$&-^_.+`, at most 127).
pub fn clean_mime(raw: &str) -> Option<String> {
    let essence = raw.split(';').next().unwrap_or("").trim();
    let (ty, sub) = essence.split_once('/')?;
    restricted_name(ty)
        .then(|| restricted_name(sub))
        .filter(|ok| *ok)
        .map(|_| essence.to_ascii_lowercase())
}

/// A Media RSS `medium` word, when it is one.
pub(crate) fn clean_medium(raw: &str) -> Option<String> {
    let m = raw.trim().to_ascii_lowercase();
    MEDIUMS.contains(&m.as_str()).then_some(m)
}

/// RFC 6838's restricted-name.
pub(crate) fn restricted_name(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 127
        && b[0].is_ascii_alphanumeric()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(c))
}

/// One enclosure, cleaned: `None` when its URL is not a usable http(s) link.
pub fn clean_one(
    url: &str,
    base: Option<&Url>,
    mime: Option<&str>,
    length: Option<u64>,
) -> Option<Enclosure> {
    if url.len() > MAX_ENCLOSURE_URL_BYTES {
        return None;
    }
    let url = crate::html::resolve_link(url, base)?;
    if url.len() > MAX_ENCLOSURE_URL_BYTES {
        return None;
    }
    let mime = mime.and_then(|m| clean_mime(m).or_else(|| clean_medium(m)));
    Some(Enclosure {
        url,
        mime,
        length: length.filter(|n| *n > 0),
    })
}

/// Keep the first of each URL, at most [`MAX_ENCLOSURES`].
pub fn dedupe(list: impl IntoIterator<Item = Enclosure>) -> Vec<Enclosure> {
    let mut out: Vec<Enclosure> = Vec::new();
    for e in list {
        if out.len() >= MAX_ENCLOSURES {
            break;
        }
        if !out.iter().any(|o| o.url == e.url) {
            out.push(e);
        }
    }
    out
}

/// The item's enclosures: Atom links and JSON attachments (`links`) first, then RSS
/// enclosures and Media RSS content in document order (feed-rs keeps the two apart, so this
/// order is the one both paths can give). `default` is the item's base when none is explicit.
pub(crate) fn clean_list(
    links: Vec<RawEnclosure>,
    media: Vec<RawEnclosure>,
    default: Option<&Url>,
) -> Vec<Enclosure> {
    if links.is_empty() && media.is_empty() {
        return Vec::new();
    }
    dedupe(links.into_iter().chain(media).filter_map(|r| {
        let base = match &r.base {
            Base::Url(u) => Some(u),
            Base::Default => default,
            Base::Unusable => None,
        };
        clean_one(&r.url, base, r.mime.as_deref(), r.length)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mime_is_checked_and_lowered() {
        assert_eq!(
            clean_mime(" Audio/MPEG; x=1").as_deref(),
            Some("audio/mpeg")
        );
        assert_eq!(clean_mime("audio/x-m4a").as_deref(), Some("audio/x-m4a"));
        assert_eq!(clean_mime("audio"), None);
        assert_eq!(clean_mime("audio/\u{1b}[31m"), None);
        assert_eq!(clean_mime("/mpeg"), None);
    }

    #[test]
    fn only_http_urls_and_first_of_each() {
        let base = Url::parse("https://pod.example/feed/").ok();
        let one = |u: &str| clean_one(u, base.as_ref(), Some("audio/mpeg"), Some(0));
        assert_eq!(one("javascript:alert(1)"), None);
        assert_eq!(one("file:///etc/passwd"), None);
        let rel = one("ep1.mp3");
        assert_eq!(
            rel.as_ref().map(|e| e.url.as_str()),
            Some("https://pod.example/feed/ep1.mp3")
        );
        assert_eq!(rel.and_then(|e| e.length), None);
        let list = dedupe((0..30).map(|i| Enclosure {
            url: format!("https://a.example/{}", i % 25),
            ..Enclosure::default()
        }));
        assert_eq!(list.len(), MAX_ENCLOSURES);
    }
}
