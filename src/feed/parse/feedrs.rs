//! The strict path: feed-rs reads the document, and its model is mapped onto the same
//! [`RawFeed`] the lenient reader produces, so that one function (`assemble`) does all the
//! post-processing for both paths.
//!
//! feed-rs is only given documents the pre-scan (`scan` module) found it reads the way the
//! lenient reader does, and it is configured to match:
//!
//! * dates go through kabar's own parser (`feed::dates::parse_date`: Indonesian names, naive
//!   dates as WIB), so both paths give the same instants;
//! * no base URI, and the root `xml:base` (the only one the scan accepts) blanked out:
//!   feed-rs would resolve relative RSS links against the feed URL, while kabar resolves them
//!   against xml:base, else the channel link, else the feed URL; links are passed on as
//!   written and resolved by `assemble`, exactly as on the lenient path;
//! * ids: feed-rs invents one when an item has none; here the generator returns an empty
//!   string, so "no guid" is visible and the key rule (guid, else link, else hash) is applied
//!   by `assemble`. The hash needs the raw date text and enclosure, which feed-rs does not
//!   keep: a feed that needs a hash key is declined (`via_feedrs` in `parse.rs`).

use super::scan::{Format, Scan};
use super::xml::{Base, Body, RawEnclosure, RawFeed, RawItem, RawLink, TextValue, clean_person};
use chrono::{DateTime, Utc};
use feed_rs::model::{Entry, Feed, FeedType, Link, Person, Text};

/// Parse with feed-rs and map the result. `Err` carries the reason the lenient reader must
/// be used instead.
pub(super) fn read(doc: &str, scan: &Scan) -> Result<RawFeed, String> {
    // Links are resolved against the root xml:base by the shared assembly (as on the lenient
    // path), not by feed-rs: blank the attribute out (same length, so nothing moves).
    let blanked;
    let doc = match scan.root_base_attr {
        Some((start, end)) if doc.is_char_boundary(start) && doc.is_char_boundary(end) => {
            blanked = format!(
                "{}{}{}",
                &doc[..start],
                " ".repeat(end - start),
                &doc[end..]
            );
            blanked.as_str()
        }
        _ => doc,
    };
    // The document is already decoded to UTF-8: drop the XML declaration so that quick-xml
    // does not decode it a second time as whatever encoding it declares.
    let src = strip_declaration(doc);
    let parser = feed_rs::parser::Builder::new()
        .id_generator(|_, _, _| String::new())
        .timestamp_parser(|s| {
            crate::feed::dates::parse_date(s).and_then(|t| DateTime::<Utc>::from_timestamp(t, 0))
        })
        .sanitize_content(false)
        .build();
    let feed = parser
        .parse(src.as_bytes())
        .map_err(|e| format!("feed-rs: {e}"))?;
    if let Some(n) = scan.items
        && feed.entries.len() != n
    {
        return Err(format!("feed-rs kept {} of {n} items", feed.entries.len()));
    }
    let raw = map_feed(feed, scan);
    if scan.item_dates > 0
        && raw
            .items
            .iter()
            .any(|i| i.published.is_none() && i.updated.is_none())
    {
        return Err("an item's date was not read".into());
    }
    Ok(raw)
}

fn strip_declaration(doc: &str) -> &str {
    if doc.starts_with("<?xml")
        && let Some(end) = doc.find("?>")
    {
        return &doc[end + 2..];
    }
    doc
}

fn map_feed(feed: Feed, scan: &Scan) -> RawFeed {
    let rss = matches!(
        feed.feed_type,
        FeedType::RSS0 | FeedType::RSS1 | FeedType::RSS2
    );
    let json = feed.feed_type == FeedType::JSON;
    let base = scan.root_base.clone().map_or(Base::Default, Base::Url);
    let m = Mapper {
        rss,
        json,
        atom: feed.feed_type == FeedType::Atom,
        base,
    };
    let author = if rss || json {
        // RSS: the lenient reader only reads a channel-level <author>, which feed-rs does not
        // (the scan declines such feeds); RSS 1.0's dc:creator is not used by either. JSON:
        // feed-rs already gave items without authors the feed's (the scan checked the result
        // is the lenient reader's).
        None
    } else {
        feed.authors.first().and_then(|p| m.person(p))
    };
    let items = feed
        .entries
        .into_iter()
        .enumerate()
        .map(|(i, e)| m.item(e, scan.permalinks.get(i).copied().unwrap_or(true), scan))
        .collect();
    // JSON: feed-rs lists home_page_url, then feed_url; only the home page is the site's
    // link (the scan declines a feed_url without a home page).
    let feed_links = if json {
        &feed.links[..feed.links.len().min(1)]
    } else {
        &feed.links[..]
    };
    RawFeed {
        title: feed.title.as_ref().map(|t| m.title(t)),
        alt_title: None,
        links: m.links(feed_links),
        author,
        items,
        rss_like: rss,
    }
}

struct Mapper {
    rss: bool,
    json: bool,
    atom: bool,
    base: Base,
}

fn is_html(t: &str) -> bool {
    t.eq_ignore_ascii_case("text/html")
}

impl Mapper {
    /// A title: RSS titles are plain text read with the looks-like-HTML heuristic, Atom and
    /// JSON titles follow their declared type.
    fn title(&self, t: &Text) -> TextValue {
        TextValue {
            text: t.content.clone(),
            html: !self.rss && is_html(t.content_type.as_ref()),
            atom: !self.rss,
        }
    }

    fn links(&self, links: &[Link]) -> Vec<RawLink> {
        links
            .iter()
            // JSON attachments are listed as links (with a media type); they are not.
            .filter(|l| !(self.json && l.media_type.is_some()))
            // An empty link written as text (RSS, JSON) is no link for the lenient reader; an
            // empty href attribute (Atom, always given a rel by feed-rs) is kept, as there.
            .filter(|l| !(l.rel.is_none() && l.href.trim().is_empty()))
            .map(|l| RawLink {
                href: l.href.clone(),
                rel: l.rel.as_deref().map(|r| r.trim().to_ascii_lowercase()),
                base: self.base.clone(),
            })
            .collect()
    }

    fn person(&self, p: &Person) -> Option<String> {
        if self.json {
            return Some(p.name.clone()).filter(|n| !n.trim().is_empty());
        }
        // RSS <author> arrives as a person named "author" with the text as the email.
        let raw = match (&p.email, p.name.as_str()) {
            (Some(email), "author") if self.rss => email.as_str(),
            // feed-rs's placeholder for an Atom person without a <name>.
            (_, "unknown") if self.atom => return None,
            (_, name) => name,
        };
        clean_person(raw)
    }

    fn body(&self, text: String, html: bool) -> Body {
        Body {
            text,
            html,
            base: self.base.clone(),
        }
    }

    fn item(&self, e: Entry, permalink: bool, scan: &Scan) -> RawItem {
        let (link_enclosures, enclosures) = self.enclosures(&e);
        let guid = Some(e.id.trim().to_string()).filter(|g| !g.is_empty());
        let summary = e.summary.map(|t| {
            // RSS descriptions are HTML for both readers (feed-rs marks RSS 1.0's as text).
            let html = self.rss || is_html(t.content_type.as_ref());
            self.body(t.content, html)
        });
        let content = e.content.and_then(|c| {
            let html = is_html(c.content_type.as_ref());
            c.body.map(|b| self.body(b, html))
        });
        RawItem {
            title: e.title.as_ref().map(|t| self.title(t)),
            alt_title: None,
            links: self.links(&e.links),
            guid,
            guid_is_permalink: scan.format == Format::Rss2 && permalink,
            guid_base: self.base.clone(),
            author: e.authors.first().and_then(|p| self.person(p)),
            published: e.published.map(|t| t.timestamp()),
            updated: e.updated.map(|t| t.timestamp()),
            date_text: None,
            summary,
            alt_summary: None,
            content,
            enclosure: None,
            link_enclosures,
            enclosures,
        }
    }

    /// Atom `link rel="enclosure"` and JSON attachments (feed-rs lists both as links), then
    /// RSS enclosures and Media RSS content (feed-rs's media objects). The pre-scan declined
    /// what feed-rs reads differently (relative or odd URLs, unusual types or sizes, loose
    /// media beside `media:group`s).
    fn enclosures(&self, e: &Entry) -> (Vec<RawEnclosure>, Vec<RawEnclosure>) {
        let links = e
            .links
            .iter()
            .filter(|l| {
                if self.json {
                    l.media_type.is_some()
                } else {
                    l.rel
                        .as_deref()
                        .is_some_and(|r| r.trim().eq_ignore_ascii_case("enclosure"))
                }
            })
            .map(|l| RawEnclosure {
                url: l.href.clone(),
                mime: l.media_type.clone(),
                length: l.length,
                base: self.base.clone(),
            })
            .collect();
        let media = e
            .media
            .iter()
            .flat_map(|m| &m.content)
            .filter_map(|c| {
                Some(RawEnclosure {
                    url: c.url.as_ref()?.to_string(),
                    mime: c.content_type.as_ref().map(|t| t.to_string()),
                    length: c.size,
                    base: self.base.clone(),
                })
            })
            .collect();
        (links, media)
    }
}
