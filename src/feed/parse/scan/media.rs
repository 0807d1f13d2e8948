//! Enclosures in the pre-scan: RSS `<enclosure>`, Media RSS `media:content` / `media:group`
//! and Atom `link rel="enclosure"` are accepted only in the shapes feed-rs reads as the
//! lenient reader does.
//!
//! feed-rs parses an enclosure's URL on its own (a relative one is lost, having no base),
//! parses its type and size strictly, ignores `medium`, lets a `media:player` stand in for a
//! missing URL, and lists `media:group`s before loose media. Anything where that would differ
//! is declined (the lenient reader takes it).

use super::*;

/// What the item being scanned holds so far.
#[derive(Debug, Default)]
pub(super) struct MediaSeen {
    /// An RSS `<enclosure>` or a `media:content` directly in the item.
    loose: bool,
    /// A `media:group` directly in the item.
    grouped: bool,
    /// Depth of the open `media:group`, if any.
    pub(super) group: Option<usize>,
}

impl<'a> Scanner<'a> {
    /// An element `rel_depth` levels below the item starts (1: a direct child).
    pub(super) fn check_media(
        &mut self,
        lns: Ns,
        fns: Fns,
        local: &str,
        lower: &str,
        rel_depth: usize,
        attrs: &[(&str, &str)],
    ) -> Result<(), &'static str> {
        let depth = self.stack.len();
        let direct = rel_depth == 1;
        if direct && lns.core() && lower == "enclosure" {
            if !(self.format == Format::Rss2 && fns == Fns::Rss && local == "enclosure") {
                return Err("enclosure one reader reads");
            }
            self.media.loose = true;
            check_enclosure_attrs(attrs, Some("url"), "length")?;
            if let Some(c) = self.collect.as_mut() {
                c.enclosure(attrs, "length");
            }
        } else if lns == Ns::Media || fns == Fns::Media {
            if lns != fns_as_ns(fns) {
                return Err("media namespace one reader knows");
            }
            if lower == "player" {
                return Err("media:player");
            }
            let in_group = self.media.group.is_some_and(|g| g + 1 == depth);
            let used = (direct && matches!(lower, "content" | "group"))
                || (in_group && lower == "content");
            if !used {
                return Ok(());
            }
            if self.format == Format::Rss1 || local != lower {
                return Err("media element feed-rs does not read");
            }
            if lower == "group" {
                self.media.grouped = true;
                self.media.group = Some(depth);
            } else {
                self.media.loose |= direct;
                check_enclosure_attrs(attrs, Some("url"), "fileSize")?;
                if lenient_attr(attrs, "type").is_none() && lenient_attr(attrs, "medium").is_some()
                {
                    return Err("media:content with a medium but no type");
                }
                if let Some(c) = self.collect.as_mut() {
                    c.enclosure(attrs, "fileSize");
                }
            }
        }
        if self.media.loose && self.media.grouped {
            // feed-rs lists groups first, loose media last.
            return Err("media:group beside loose media");
        }
        Ok(())
    }
}

fn fns_as_ns(fns: Fns) -> Ns {
    if fns == Fns::Media {
        Ns::Media
    } else {
        Ns::Other
    }
}

/// The URL (when `url` names its attribute: an absolute http(s) URL as written), type and
/// size attributes of an enclosure, checked to read the same in both readers.
pub(super) fn check_enclosure_attrs(
    attrs: &[(&str, &str)],
    url: Option<&str>,
    size: &str,
) -> Result<(), &'static str> {
    if let Some(name) = url {
        let u = exact_attr(attrs, name);
        if u != lenient_attr(attrs, name) {
            return Err("unusual enclosure url attribute");
        }
        let Some(u) = u else {
            return Err("enclosure without a url");
        };
        let lower = u.get(..8).unwrap_or(u).to_ascii_lowercase();
        if u.trim() != u
            || u.len() > MAX_LINK_LEN
            || !(lower.starts_with("http://") || lower.starts_with("https://"))
        {
            return Err("enclosure url feed-rs may read differently");
        }
    }
    for name in ["type", size] {
        if exact_attr(attrs, name) != lenient_attr(attrs, name) {
            return Err("unusual enclosure attribute");
        }
    }
    if let Some(t) = exact_attr(attrs, "type") {
        let simple = t
            .split_once('/')
            .is_some_and(|(a, b)| restricted(a) && restricted(b));
        if !simple {
            return Err("enclosure type feed-rs may read differently");
        }
    }
    if let Some(n) = exact_attr(attrs, size)
        && !n.bytes().all(|b| b.is_ascii_digit())
    {
        return Err("enclosure size feed-rs may read differently");
    }
    Ok(())
}

/// RFC 6838's restricted-name, as `feed::parse::enclosure` checks it.
fn restricted(s: &str) -> bool {
    crate::feed::parse::enclosure::restricted_name(s)
}
