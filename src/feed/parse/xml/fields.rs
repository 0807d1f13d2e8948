//! What an element means where it stands: items, feed and item fields, captured markup.

use super::*;

impl super::Walker {
    pub(super) fn begin_item(&mut self, attrs: &[Attr]) {
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

    pub(super) fn begin_capture(&mut self, field: Field, mode: Mode, atom: bool) -> Role {
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
    pub(super) fn atom_mode(attrs: &[Attr]) -> Mode {
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

    pub(super) fn text_construct(
        &mut self,
        field: Field,
        ns: Ns,
        attrs: &[Attr],
        rss_mode: Mode,
    ) -> Role {
        let atom = ns == Ns::Atom || !self.feed.rss_like || attr(attrs, "type").is_some();
        let mode = if atom {
            Self::atom_mode(attrs)
        } else {
            rss_mode
        };
        self.begin_capture(field, mode, atom)
    }

    pub(super) fn link_attr(&mut self, attrs: &[Attr], feed_level: bool) -> Option<Role> {
        let href = attr(attrs, "href")?;
        let link = RawLink {
            href: href.to_string(),
            rel: attr(attrs, "rel").map(|r| r.trim().to_ascii_lowercase()),
            base: self.current_base(),
        };
        if feed_level {
            self.feed.links.push(link);
        } else if let Some(item) = self.item.as_mut() {
            if link.rel.as_deref() == Some("enclosure") {
                item.link_enclosures.push(RawEnclosure {
                    url: link.href.clone(),
                    mime: attr(attrs, "type").map(str::to_string),
                    length: attr(attrs, "length").and_then(|l| l.trim().parse().ok()),
                    base: link.base.clone(),
                });
            }
            item.links.push(link);
        }
        Some(Role::Other)
    }

    pub(super) fn feed_field(&mut self, ns: Ns, lname: &str, attrs: &[Attr]) -> Role {
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

    pub(super) fn item_field(&mut self, ns: Ns, lname: &str, attrs: &[Attr]) -> Role {
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
                if let Some(url) = attr(attrs, "url") {
                    let raw = RawEnclosure {
                        url: url.to_string(),
                        mime: attr(attrs, "type").map(str::to_string),
                        length: attr(attrs, "length").and_then(|l| l.trim().parse().ok()),
                        base: self.current_base(),
                    };
                    if let Some(item) = self.item.as_mut() {
                        item.enclosure.get_or_insert_with(|| url.to_string());
                        item.enclosures.push(raw);
                    }
                }
                Role::Other
            }
            (Ns::Media, "content") => {
                self.media_content(attrs);
                Role::Other
            }
            (Ns::Media, "group") => Role::MediaGroup,
            _ => Role::Other,
        }
    }

    /// A Media RSS `media:content` (in an item or its `media:group`): an enclosure; `medium`
    /// stands in for a missing `type`.
    pub(super) fn media_content(&mut self, attrs: &[Attr]) {
        let Some(url) = attr(attrs, "url") else {
            return;
        };
        let raw = RawEnclosure {
            url: url.to_string(),
            mime: attr(attrs, "type")
                .or_else(|| attr(attrs, "medium"))
                .map(str::to_string),
            length: attr(attrs, "fileSize").and_then(|l| l.trim().parse().ok()),
            base: self.current_base(),
        };
        if let Some(item) = self.item.as_mut() {
            item.enclosures.push(raw);
        }
    }

    /// A child element inside a captured field: serialised into the field's markup.
    pub(super) fn capture_start(&mut self, qname: &str, lname: &str, attrs: &[Attr]) {
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
}
