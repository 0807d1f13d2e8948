//! Walking the document: start tags, text and end tags, and closing elements.

use super::*;

impl super::Walker {
    pub(super) fn start(&mut self, e: &BytesStart<'_>, empty: bool) -> Result<(), XmlError> {
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
                    return Err(XmlError::Invalid(super::super::Invalid::NotAFeed {
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
            } else if parent == Role::MediaGroup && ns == Ns::Media && lname == "content" {
                self.media_content(&attrs);
                Role::Other
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

    pub(super) fn text(&mut self, s: &str) {
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

    pub(super) fn end(&mut self, qname: &str) {
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

    pub(super) fn close(&mut self, idx: usize, frame: &Frame) {
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
}
