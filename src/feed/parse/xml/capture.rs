//! Storing a finished capture: text constructs, bodies, links and people.

use super::*;

impl super::Walker {
    pub(super) fn finish_capture(&mut self, c: Capture) {
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
pub(in crate::feed::parse) fn clean_person(raw: &str) -> Option<String> {
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
