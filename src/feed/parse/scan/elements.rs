//! Elements inside the document: the root, fields of the feed and items, end tags.

use super::*;

impl<'a> super::Scanner<'a> {
    pub(super) fn start_inner(
        &mut self,
        qname: &'a str,
        depth: usize,
        default_ns: Option<&'a str>,
        attrs: &[(&'a str, &'a str)],
        content: usize,
    ) -> Result<(), &'static str> {
        for &(k, v) in attrs {
            if k == "xmlns" {
                continue;
            } else if let Some(p) = k.strip_prefix("xmlns:") {
                match self.declared(p) {
                    Some(u) if u != v => return Err("prefix bound twice"),
                    Some(_) => {}
                    None if self.prefixes.len() >= MAX_PREFIXES => {
                        return Err("too many namespace prefixes");
                    }
                    None => self.prefixes.push((p, v)),
                }
            } else if k == "xml:base" {
                if depth > 1 {
                    return Err("xml:base below the root");
                }
                if v.len() > MAX_LINK_LEN {
                    return Err("long xml:base");
                }
                match Url::parse(v.trim()) {
                    Ok(u) if matches!(u.scheme(), "http" | "https") => {
                        self.root_base = Some(u);
                        // `k` and `v` are slices of the document: their offsets locate the
                        // attribute, closing quote included.
                        let origin = self.doc.as_ptr() as usize;
                        let start = k.as_ptr() as usize - origin;
                        let end = v.as_ptr() as usize - origin + v.len() + 1;
                        self.root_base_attr = Some((start, end));
                    }
                    _ => return Err("xml:base not an absolute http(s) URL"),
                }
            } else if k.starts_with("xml:") && k != "xml:lang" && k != "xml:space" {
                return Err("unknown xml: attribute");
            }
        }
        let (prefix, local) = match qname.split_once(':') {
            Some((p, l)) => (Some(p), l),
            None => (None, qname),
        };
        let uri = match prefix {
            Some(p) => Some(self.declared(p).ok_or("undeclared namespace prefix")?),
            None => None,
        };

        if depth == 1 {
            return self.root(prefix, local, default_ns, attrs);
        }

        // How each reader sees the element's namespace. The lenient reader reads an unknown
        // default namespace as the format's own (RSS or Atom); feed-rs only knows six URIs,
        // and applies the format's namespace where none is declared.
        let format_ns = if self.format == Format::Atom {
            Fns::Atom
        } else {
            Fns::Rss
        };
        let (lns, fns) = match (uri, default_ns) {
            (Some(u), _) => (Ns::from_uri(u), feedrs_ns(u)),
            (None, None | Some("")) => (Ns::Core, format_ns),
            (None, Some(u)) => (
                match Ns::from_uri(u) {
                    Ns::Other => Ns::Core,
                    n => n,
                },
                feedrs_ns(u),
            ),
        };
        let lower = local.to_ascii_lowercase();

        if let Some(f) = self.field.as_mut() {
            // Inside a field (any depth below it).
            if f.text_only {
                return Err("markup inside a text field");
            }
            if f.person {
                if depth > f.depth + 1 {
                    // <name> etc. are read as text (feed-rs: the first text node only).
                    return Err("markup inside a person's name");
                }
                f.had_child = true;
                if lower == "name" {
                    f.names += 1;
                    if local != "name" || f.names > 1 {
                        return Err("person name spelled differently or repeated");
                    }
                }
            }
            return Ok(());
        }

        if let Some(item_depth) = self.item {
            self.check_media(lns, fns, local, &lower, depth - item_depth, attrs)?;
            if depth == item_depth + 1 {
                let lk = lenient_item_kind(lns, &lower);
                let fk = feedrs_item_kind(self.format, fns, local);
                if let Some(kind) = agreed(lk, fk)? {
                    self.begin_field(kind, fns, depth, attrs, true, content)?;
                }
            }
            return Ok(());
        }

        // Items: where the lenient reader sees one (any `item`/`entry` outside an item) and
        // where feed-rs does (a direct child of the channel / feed root) must coincide.
        let lenient_item = lns.core() && (lower == "item" || lower == "entry");
        let feedrs_item = match self.format {
            Format::Rss2 => {
                self.feed_ctx == Some(2)
                    && self.parent_is_ctx(depth)
                    && fns == Fns::Rss
                    && local == "item"
            }
            Format::Rss1 => depth == 2 && fns == Fns::Rss && local == "item",
            Format::Atom => depth == 2 && fns == Fns::Atom && local == "entry",
            Format::Json => false,
        };
        if lenient_item || feedrs_item {
            if !(lenient_item && feedrs_item) {
                return Err("item where only one reader looks for one");
            }
            if lenient_attr(attrs, "href").is_some() {
                // The lenient reader takes a CDF-style <item href> as the item's link.
                return Err("item with an href");
            }
            self.item = Some(depth);
            self.media = MediaSeen::default();
            self.item_counts = [0; 10];
            self.items += 1;
            self.permalinks.push(true);
            if let Some(c) = self.collect.as_mut() {
                c.item_start();
            }
            return Ok(());
        }

        if depth == 2 && self.format != Format::Atom && lower == "channel" {
            self.channels += 1;
            if self.channels > 1 || local != "channel" || lns != Ns::Core || fns != Fns::Rss {
                return Err("unusual or repeated channel");
            }
            self.feed_ctx = Some(2);
            return Ok(());
        }

        if self.parent_is_ctx(depth) {
            let lk = lenient_feed_kind(lns, &lower);
            let fk = feedrs_feed_kind(self.format, fns, local);
            if let Some(kind) = agreed(lk, fk)? {
                self.begin_field(kind, fns, depth, attrs, false, content)?;
            }
        }
        Ok(())
    }

    pub(super) fn root(
        &mut self,
        prefix: Option<&str>,
        local: &str,
        default_ns: Option<&str>,
        attrs: &[(&str, &str)],
    ) -> Result<(), &'static str> {
        self.format = match (prefix, local) {
            (None, "rss") => {
                if !matches!(exact_attr(attrs, "version"), Some("2.0" | "0.91" | "0.92")) {
                    return Err("rss without version 2.0/0.91/0.92");
                }
                if default_ns.is_some() {
                    return Err("rss with a default namespace");
                }
                Format::Rss2
            }
            (_, "RDF") => {
                if default_ns.is_some_and(|u| u != "http://purl.org/rss/1.0/") {
                    return Err("RDF with another default namespace");
                }
                Format::Rss1
            }
            (None, "feed") => {
                if default_ns.is_some_and(|u| u != "http://www.w3.org/2005/Atom") {
                    return Err("feed not in the Atom 1.0 namespace");
                }
                self.feed_ctx = Some(1);
                Format::Atom
            }
            _ => return Err("root element feed-rs does not read"),
        };
        if self.format != Format::Rss2 {
            self.collect = None;
        } else if let Some(c) = self.collect.as_mut() {
            c.root(self.root_base.as_ref());
        }
        Ok(())
    }

    /// A field both readers read as `lk` starts.
    pub(super) fn begin_field(
        &mut self,
        lk: Kind,
        fns: Fns,
        depth: usize,
        attrs: &[(&str, &str)],
        in_item: bool,
        content: usize,
    ) -> Result<(), &'static str> {
        let counts = if in_item {
            &mut self.item_counts
        } else {
            &mut self.feed_counts
        };
        counts[lk.index()] = counts[lk.index()].saturating_add(1);
        if counts[lk.index()] > 1 && lk != Kind::Link {
            // feed-rs keeps the last, the lenient reader the first.
            return Err("repeated field");
        }
        let atom_ns = fns == Fns::Atom;
        let mut href = false;
        match lk {
            Kind::Link => {
                let l = lenient_attr(attrs, "href");
                if l != exact_attr(attrs, "href") {
                    return Err("unusual href attribute");
                }
                // Atom links are read from href, RSS links from the text, by both readers.
                if atom_ns != l.is_some() {
                    return Err("link form differs");
                }
                if atom_ns && lenient_attr(attrs, "rel") != exact_attr(attrs, "rel") {
                    return Err("unusual rel attribute");
                }
                if l.is_some_and(|h| h.len() > MAX_LINK_LEN) {
                    return Err("long link");
                }
                if lenient_attr(attrs, "rel")
                    .is_some_and(|r| r.trim().eq_ignore_ascii_case("enclosure"))
                {
                    check_enclosure_attrs(attrs, None, "length")?;
                    // Atom enclosure links: not read by the fast read (RSS 2.0 items have none).
                    if in_item {
                        self.collect = None;
                    }
                }
                if l.is_some() {
                    href = true;
                    if let Some(c) = self.collect.as_mut() {
                        c.href_link(attrs);
                    }
                }
            }
            Kind::Title | Kind::Summary | Kind::Content => {
                if lenient_attr(attrs, "mode").is_some() {
                    return Err("Atom 0.3 mode attribute");
                }
                let ty = lenient_attr(attrs, "type");
                if ty != exact_attr(attrs, "type") {
                    return Err("unusual type attribute");
                }
                if self.format == Format::Atom {
                    let ok = match ty {
                        None | Some("text" | "html" | "text/html") => true,
                        Some("text/plain") => lk == Kind::Content,
                        Some(_) => false,
                    };
                    if !ok {
                        return Err("Atom text type feed-rs reads differently");
                    }
                    if lk == Kind::Content && lenient_attr(attrs, "src") != exact_attr(attrs, "src")
                    {
                        return Err("unusual src attribute");
                    }
                } else if lk == Kind::Title && ty.is_some() {
                    return Err("RSS title with a type");
                }
            }
            Kind::Guid if in_item && self.format == Format::Rss2 => {
                let permalink = !lenient_attr(attrs, "isPermaLink")
                    .is_some_and(|v| v.trim().eq_ignore_ascii_case("false"));
                if let Some(p) = self.permalinks.last_mut() {
                    *p = permalink;
                }
            }
            Kind::Published | Kind::Updated if in_item => self.item_dates += 1,
            _ => {}
        }
        let person = lk == Kind::Author && self.format == Format::Atom;
        self.field = Some(Field {
            depth,
            content,
            link: lk == Kind::Link,
            text_only: !person,
            person,
            had_child: false,
            names: 0,
            kind: lk,
            in_item,
            href,
        });
        Ok(())
    }

    /// An end tag `</name>` starting at `at`.
    pub(super) fn end(&mut self, name: &str, at: usize) -> Result<(), &'static str> {
        let Some(&Frame { name: (s, e), .. }) = self.stack.last() else {
            return Err("end tag without a start tag");
        };
        if &self.doc[s..e] != name {
            return Err("mismatched end tag");
        }
        self.close(at)
    }

    /// Close the innermost open element, whose content ends at `at`.
    pub(super) fn close(&mut self, at: usize) -> Result<(), &'static str> {
        let depth = self.stack.len();
        self.stack.pop();
        if self.field.as_ref().is_some_and(|f| f.depth == depth)
            && let Some(f) = self.field.take()
        {
            if f.person && !f.had_child {
                return Err("Atom person without child elements");
            }
            if f.link && at.saturating_sub(f.content) > MAX_LINK_LEN {
                return Err("long link");
            }
            let permalink = self.permalinks.last().copied().unwrap_or(true);
            if !f.href
                && let Some(c) = self.collect.as_mut()
                && !c.field(f.kind, f.in_item, permalink, &self.doc[f.content..at])
            {
                self.collect = None;
            }
        }
        if self.item == Some(depth) {
            self.item = None;
            if let Some(c) = self.collect.as_mut() {
                c.item_end();
            }
        }
        if self.media.group == Some(depth) {
            self.media.group = None;
        }
        if depth == 1 {
            self.root_closed = true;
        }
        Ok(())
    }
}
