//! JSON Feed 1.0/1.1, read leniently from a `serde_json::Value`: a missing `version` or
//! `title`, numeric ids, `author` vs `authors` and odd types are all tolerated.

use serde_json::Value;

use super::Invalid;
use super::html::text_to_html;
use super::xml::{Base, Body, RawEnclosure, RawFeed, RawItem, RawLink, TextValue};

/// Read a JSON Feed, keeping its first `max_items` items.
pub(crate) fn read(text: &str, max_items: usize) -> Result<RawFeed, Invalid> {
    let v: Value = serde_json::from_str(text).map_err(|e| Invalid::MalformedJson {
        detail: e.to_string(),
    })?;
    let obj = v.as_object().ok_or(Invalid::NotJsonFeed)?;
    let is_feed = obj
        .get("version")
        .and_then(Value::as_str)
        .is_some_and(|s| s.contains("jsonfeed.org"))
        || obj.get("items").is_some_and(Value::is_array);
    if !is_feed {
        return Err(Invalid::NotJsonFeed);
    }
    let mut feed = RawFeed {
        title: string(obj.get("title")).map(plain),
        ..RawFeed::default()
    };
    if let Some(home) = string(obj.get("home_page_url")) {
        feed.links.push(RawLink {
            href: home,
            rel: None,
            base: Base::Default,
        });
    }
    feed.author = author(obj.get("authors"), obj.get("author"));
    for it in obj
        .get("items")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .take(max_items)
    {
        let Some(it) = it.as_object() else { continue };
        let mut item = RawItem {
            title: string(it.get("title")).map(plain),
            guid: match it.get("id") {
                Some(Value::String(s)) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
                Some(Value::Number(n)) => Some(n.to_string()),
                _ => None,
            },
            author: author(it.get("authors"), it.get("author")),
            ..RawItem::default()
        };
        for key in ["url", "external_url"] {
            if let Some(href) = string(it.get(key)) {
                item.links.push(RawLink {
                    href,
                    rel: None,
                    base: Base::Default,
                });
            }
        }
        for (key, published) in [("date_published", true), ("date_modified", false)] {
            if let Some(raw) = string(it.get(key)) {
                let t = crate::feed::dates::parse_date(&raw);
                if published {
                    item.published = t;
                } else {
                    item.updated = t;
                }
                item.date_text.get_or_insert(raw);
            }
        }
        item.summary = string(it.get("summary")).map(|s| body(s, false));
        item.content = string(it.get("content_html"))
            .map(|s| body(s, true))
            .or_else(|| string(it.get("content_text")).map(|s| body(text_to_html(&s), true)));
        let attachments = it.get("attachments").and_then(Value::as_array);
        item.enclosure = attachments
            .and_then(|a| a.first())
            .and_then(|a| string(a.get("url")));
        item.link_enclosures = attachments
            .into_iter()
            .flatten()
            .filter_map(Value::as_object)
            .filter_map(|a| {
                Some(RawEnclosure {
                    url: string(a.get("url"))?,
                    mime: string(a.get("mime_type")),
                    length: a.get("size_in_bytes").and_then(Value::as_u64),
                    base: Base::Default,
                })
            })
            .collect();
        feed.items.push(item);
    }
    Ok(feed)
}

fn string(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        _ => None,
    }
}

fn plain(s: String) -> TextValue {
    TextValue {
        text: s,
        html: false,
        atom: true,
    }
}

fn body(text: String, html: bool) -> Body {
    Body {
        text,
        html,
        base: Base::Default,
    }
}

pub(super) fn author(authors: Option<&Value>, author: Option<&Value>) -> Option<String> {
    let first = authors
        .and_then(Value::as_array)
        .and_then(|a| a.first())
        .or(author)?;
    match first {
        Value::Object(o) => string(o.get("name")),
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        _ => None,
    }
}
