//! The cleaner itself: the passes over the parsed fragment, in order.

#[allow(unused_imports)]
use super::*;

// ---------------------------------------------------------------------------------------------
// The passes

pub(super) struct Cleaner<'a> {
    pub(super) root: NodeRef<'a>,
    pub(super) host: Option<&'a str>,
}

pub(super) fn clean_inner(html: &str, host: Option<&str>) -> String {
    let doc = Document::fragment(html);
    let root = doc.root();
    let c = Cleaner { root, host };
    c.drop_tags();
    c.fix_text();
    c.drop_classes();
    for _ in 0..4 {
        let mut changed = c.drop_lines();
        changed |= c.drop_inline_see_also();
        changed |= c.drop_empty();
        if !changed {
            break;
        }
    }
    if c.dedupe_captions() {
        c.drop_empty();
    }
    c.merge_credits();
    c.strip_links();
    let out = c.top().inner_html();
    out.trim().to_string()
}

impl<'a> Cleaner<'a> {
    pub(super) fn rules(&self) -> impl Iterator<Item = &'static Rule> + '_ {
        rules_for(self.host)
    }

    /// Comments and the `DropTag` elements.
    pub(super) fn drop_tags(&self) {
        let tags: Vec<&str> = self
            .rules()
            .filter_map(|r| match r.kind {
                DropTag(t) => Some(t),
                _ => None,
            })
            .collect();
        for n in preorder(self.root) {
            if n.is_comment() || (n.is_element() && is_el(&n, &tags)) {
                n.remove_from_parent();
            }
        }
    }

    /// NBSP to space, `DropText` removed, Cloudflare e-mail decoded.
    pub(super) fn fix_text(&self) {
        let drops: Vec<&str> = self
            .rules()
            .filter_map(|r| match r.kind {
                DropText(t) => Some(t),
                _ => None,
            })
            .collect();
        for n in preorder(self.root) {
            if n.is_element() {
                let data = n.attr("data-cfemail").map(|s| s.to_string()).or_else(|| {
                    let href = n.attr("href")?;
                    let i = href.find("/cdn-cgi/l/email-protection#")?;
                    Some(href[i + "/cdn-cgi/l/email-protection#".len()..].to_string())
                });
                if let Some(data) = data {
                    match decode_cfemail(&data) {
                        Some(email) => {
                            n.replace_with_html(crate::html::escape_html(&email).into_owned())
                        }
                        None => n.remove_from_parent(),
                    }
                }
                continue;
            }
            let Some(t) = n.query(|d| match &d.data {
                NodeData::Text { contents } => Some(contents.to_string()),
                _ => None,
            }) else {
                continue;
            };
            let Some(t) = t else { continue };
            let mut new = t.replace('\u{a0}', " ");
            for d in &drops {
                if new.contains(d) {
                    new = new.replace(d, "");
                }
            }
            if new != t {
                n.set_text(new);
            }
        }
    }

    pub(super) fn class_matches(&self, n: &NodeRef<'_>) -> bool {
        let mut tokens: Vec<String> = Vec::new();
        if let Some(c) = n.class() {
            tokens.extend(c.split_ascii_whitespace().map(|t| t.to_ascii_lowercase()));
        }
        if let Some(id) = n.id_attr() {
            tokens.push(id.trim().to_ascii_lowercase());
        }
        if tokens.is_empty() {
            return false;
        }
        self.rules().any(|r| match r.kind {
            DropClass(c) => tokens.iter().any(|t| c.matches(t)),
            _ => false,
        })
    }

    /// `DropClass` elements, top-down, never story-sized ones.
    pub(super) fn drop_classes(&self) {
        let st = stats(self.root);
        let mut stack: Vec<NodeRef<'_>> = self.root.children_it(true).collect();
        while let Some(n) = stack.pop() {
            if !n.is_element() {
                continue;
            }
            if self.class_matches(&n) {
                let s = st.get(&n.id).copied().unwrap_or_default();
                if s.chars <= CLASS_DROP_MAX_CHARS && s.max_p < CLASS_DROP_MAX_PARAGRAPH {
                    n.remove_from_parent();
                    continue;
                }
            }
            stack.extend(n.children_it(true));
        }
    }

    /// Line rules on every block's lines. Returns whether anything changed.
    pub(super) fn drop_lines(&self) -> bool {
        let st = stats(self.root);
        let top = self.top();
        let blocks: Vec<(NodeRef<'_>, bool)> = preorder(self.root)
            .into_iter()
            .filter(|n| n.is_element() && (n.id == top.id || is_el(n, LINE_BLOCKS)))
            .filter_map(|n| {
                let s = st.get(&n.id)?;
                (s.chars > 0).then_some((n, !s.block_inside && n.id != top.id))
            })
            .collect();
        let mut changed = false;
        for (block, leaf) in blocks {
            if !attached(&block, self.root.id) {
                continue;
            }
            changed |= self.line_block(block, leaf);
        }
        changed
    }

    /// The element holding the fragment's content (the parser's `<html>`), else the root.
    pub(super) fn top(&self) -> NodeRef<'a> {
        match self.root.first_element_child() {
            Some(h) if is_el(&h, &["html"]) => h,
            _ => self.root,
        }
    }

    /// Apply the line rules to the lines of one block: runs of its inline children between
    /// `<br>`s and block children. A `leaf` block (no block inside) whose lines all go is
    /// removed (or becomes a credit line) as a whole.
    pub(super) fn line_block(&self, block: NodeRef<'_>, leaf: bool) -> bool {
        let list_item = is_el(&block, &["li", "dd", "dt"]);
        // Lines: (nodes, the <br> ending the line).
        // The line being built is `line`; finished lines go to `segs`.
        let mut segs: Vec<(Vec<NodeRef<'_>>, Option<NodeRef<'_>>)> = Vec::new();
        let mut line: Vec<NodeRef<'_>> = Vec::new();
        for ch in block.children_it(false) {
            if ch.is_element() && is_el(&ch, &["br"]) {
                segs.push((std::mem::take(&mut line), Some(ch)));
            } else if ch.is_element() && is_el(&ch, BLOCKS) {
                if !line.is_empty() {
                    segs.push((std::mem::take(&mut line), None));
                }
            } else {
                line.push(ch);
            }
        }
        segs.push((line, None));
        let mut verdicts: Vec<(Verdict, String)> = segs
            .iter()
            .map(|(nodes, _)| {
                let raw: String = nodes.iter().map(text_of).collect();
                let t = LineText::new(&raw, &text_outside_links(nodes));
                let mut v = verdict(&t, self.host);
                // A one-word list item ("Iklan", "Terkait") may be part of a story's list:
                // it goes only when it is a link.
                if matches!(v, Verdict::Drop(_)) && list_item && t.one_word() && !t.link_only() {
                    v = Verdict::Keep;
                }
                (v, collapse_ws(&raw))
            })
            .collect();
        let nonempty: Vec<usize> = (0..segs.len())
            .filter(|&i| !verdicts[i].1.is_empty())
            .collect();
        // A bare "see also" label line takes the link-only line after it.
        for w in nonempty.windows(2) {
            let (i, j) = (w[0], w[1]);
            if verdicts[i].0 == Verdict::Drop(true)
                && verdicts[j].0 == Verdict::Keep
                && segs[j]
                    .0
                    .iter()
                    .any(|n| n.is_element() || !n.text().trim().is_empty())
                && is_link_only_run(&segs[j].0)
            {
                verdicts[j].0 = Verdict::Drop(false);
            }
        }
        if nonempty.is_empty() || nonempty.iter().all(|&i| verdicts[i].0 == Verdict::Keep) {
            return false;
        }
        // A leaf block whose every line goes: act on the block.
        if leaf && nonempty.iter().all(|&i| verdicts[i].0 != Verdict::Keep) {
            let credits: Vec<&str> = nonempty
                .iter()
                .filter(|&&i| verdicts[i].0 == Verdict::Credit)
                .map(|&i| verdicts[i].1.as_str())
                .collect();
            let label = nonempty.len() == 1 && verdicts[nonempty[0]].0 == Verdict::Drop(true);
            if label {
                self.drop_following_links(&block);
            }
            if credits.is_empty() {
                block.remove_from_parent();
            } else if is_el(&block, &["li", "dd", "dt"]) {
                block.set_html(format!(
                    "<small>{}</small>",
                    crate::html::escape_html(&credits.join(" · "))
                ));
                block.set_attr("class", CREDIT_CLASS);
            } else {
                block.replace_with_html(credit_html(&credits.join(" · ")));
            }
            return true;
        }
        // Otherwise remove the clutter lines. Credit lines become credit paragraphs: in
        // place inside a container, after the block for a paragraph-like one.
        let in_place = !is_el(
            &block,
            &["p", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption"],
        );
        let mut credits_after: Vec<&str> = Vec::new();
        for (i, (nodes, br)) in segs.iter().enumerate() {
            let v = verdicts[i].0;
            if v == Verdict::Keep || verdicts[i].1.is_empty() {
                continue;
            }
            if v == Verdict::Credit {
                if in_place {
                    nodes[0].before_html(credit_html(&verdicts[i].1));
                } else {
                    credits_after.push(verdicts[i].1.as_str());
                }
            }
            if v == Verdict::Drop(true) && nonempty.last() == Some(&i) {
                // A bare label ending the block heads the link list after the block.
                self.drop_following_links(&block);
            }
            for n in nodes {
                n.remove_from_parent();
            }
            match br {
                Some(b) => b.remove_from_parent(),
                None if i > 0 => {
                    if let Some(b) = segs[i - 1].1 {
                        b.remove_from_parent();
                    }
                }
                None => {}
            }
        }
        trim_brs(&block);
        if !credits_after.is_empty() {
            block.after_html(credit_html(&credits_after.join(" · ")));
        }
        true
    }

    /// After a bare "see also" label: drop the link-only blocks right after it.
    pub(super) fn drop_following_links(&self, block: &NodeRef<'_>) {
        let mut next = block.next_sibling();
        while let Some(n) = next {
            next = n.next_sibling();
            if n.is_text() {
                if n.text().trim().is_empty() {
                    continue;
                }
                break;
            }
            if !n.is_element() {
                continue;
            }
            if is_el(
                &n,
                &["ul", "ol", "p", "div", "li", "a", "strong", "b", "span"],
            ) && is_link_only(&n)
            {
                n.remove_from_parent();
                continue;
            }
            break;
        }
    }

    /// "Baca juga: <a>…</a>" embedded inside a kept paragraph, as an inline element
    /// (`<span class="baca">Baca juga: <a>…</a></span>`) or as a label followed by a link
    /// (`<strong>Baca juga:</strong> <a>…</a>`).
    pub(super) fn drop_inline_see_also(&self) -> bool {
        let see_also: Vec<&str> = self
            .rules()
            .filter_map(|r| match r.kind {
                DropLine(Line::SeeAlso(p, _)) => Some(p),
                _ => None,
            })
            .collect();
        let mut changed = false;
        for n in preorder(self.root) {
            if !n.is_element() || !is_el(&n, INLINE) || !attached(&n, self.root.id) {
                continue;
            }
            let norm = norm_line(&n.text());
            let Some(label) = see_also.iter().find(|p| norm.starts_with(**p)) else {
                continue;
            };
            let rest = norm[label.len()..].trim_start_matches([':', ' ', '-', '–', '—', '»', '>']);
            if rest.is_empty() {
                // A bare label: it goes with the link right after it.
                let mut next = n.next_sibling();
                while let Some(s) = next {
                    if s.is_text() && s.text().trim().is_empty() {
                        next = s.next_sibling();
                        continue;
                    }
                    break;
                }
                if let Some(s) = next
                    && s.is_element()
                    && is_link_only(&s)
                {
                    s.remove_from_parent();
                    n.remove_from_parent();
                    changed = true;
                }
                continue;
            }
            let outside = norm_line(&text_outside_links(&[n]));
            let outside = outside.strip_prefix(*label).unwrap_or(&outside);
            if !outside.chars().any(char::is_alphanumeric) && norm.chars().count() <= 300 {
                n.remove_from_parent();
                changed = true;
            }
        }
        changed
    }

    /// Remove elements left with no text and no media. Returns whether anything changed.
    pub(super) fn drop_empty(&self) -> bool {
        let st = stats(self.root);
        let mut changed = false;
        let mut stack: Vec<NodeRef<'_>> = self.root.children_it(true).collect();
        while let Some(n) = stack.pop() {
            if !n.is_element() {
                continue;
            }
            if is_el(&n, EMPTYABLE) {
                let s = st.get(&n.id).copied().unwrap_or_default();
                if s.chars == 0 && !s.media {
                    // An inline element holding only white space still separates words.
                    if is_el(&n, INLINE) && !n.text().is_empty() {
                        n.replace_with_html(" ");
                    } else {
                        n.remove_from_parent();
                    }
                    changed = true;
                    continue;
                }
            }
            stack.extend(n.children_it(true));
        }
        changed
    }

    /// Show each photo caption once. Returns whether anything changed.
    pub(super) fn dedupe_captions(&self) -> bool {
        let nodes = preorder(self.root);
        let is_caption = |n: &NodeRef<'_>| {
            if is_el(n, &["figcaption"]) {
                return true;
            }
            if !is_el(n, &["p", "div", "span"]) || has_descendant(n, "img") {
                return false;
            }
            n.class().is_some_and(|c| {
                c.split_ascii_whitespace().any(|t| {
                    let t = t.to_ascii_lowercase();
                    t == "caption" || t.ends_with("caption-text") || t.ends_with("-caption")
                })
            })
        };
        let mut captions: Vec<String> = Vec::new();
        let mut caption_ids: HashSet<NodeId> = HashSet::new();
        for n in &nodes {
            if n.is_element() && is_caption(n) {
                let c = norm_caption(&n.text());
                if !c.is_empty() {
                    captions.push(c);
                }
                caption_ids.insert(n.id);
                for d in n.descendants_it() {
                    caption_ids.insert(d.id);
                }
            }
        }
        let mut changed = false;
        if !captions.is_empty() {
            for n in &nodes {
                if !n.is_element()
                    || !is_el(n, &["p", "div"])
                    || caption_ids.contains(&n.id)
                    || has_descendant(n, "img")
                    || !attached(n, self.root.id)
                {
                    continue;
                }
                let p = norm_caption(&n.text());
                if p.chars().count() < MIN_CAPTION_CHARS {
                    continue;
                }
                let dup = captions.iter().any(|c| {
                    *c == p
                        || (p.len() >= 30 && c.starts_with(&p))
                        || (c.len() >= 30 && p.starts_with(c.as_str()) && p.len() - c.len() <= 40)
                });
                if dup && !n.descendants_it().any(|d| caption_ids.contains(&d.id)) {
                    n.remove_from_parent();
                    changed = true;
                }
            }
        }
        // An alt text already visible in the body is not repeated by the image label.
        let body = format!(" {} ", norm_caption(&self.root.text()));
        for n in preorder(self.root) {
            if !n.is_element() || !is_el(&n, &["img"]) {
                continue;
            }
            let Some(alt) = n.attr("alt") else { continue };
            let a = norm_caption(&alt);
            if a.chars().count() < 10 {
                continue;
            }
            let shown = body.contains(&format!(" {a} "))
                || captions
                    .iter()
                    .any(|c| c.chars().count() >= 20 && a.starts_with(c.as_str()));
            if shown {
                n.set_attr("alt", "");
                changed = true;
            }
        }
        changed
    }

    /// Join adjacent credit paragraphs into one line.
    pub(super) fn merge_credits(&self) {
        let credits: Vec<NodeRef<'_>> = preorder(self.root)
            .into_iter()
            .filter(|n| n.is_element() && is_el(n, &["p"]) && n.has_class(CREDIT_CLASS))
            .collect();
        for c in credits {
            if !attached(&c, self.root.id) {
                continue;
            }
            let mut texts = vec![collapse_ws(&c.text())];
            let mut next = c.next_sibling();
            let mut merged = false;
            while let Some(s) = next {
                next = s.next_sibling();
                if s.is_text() && s.text().trim().is_empty() {
                    continue;
                }
                if s.is_element() && is_el(&s, &["p"]) && s.has_class(CREDIT_CLASS) {
                    texts.push(collapse_ws(&s.text()));
                    s.remove_from_parent();
                    merged = true;
                    continue;
                }
                break;
            }
            if merged {
                c.set_html(format!(
                    "<small>{}</small>",
                    crate::html::escape_html(&texts.join(" · "))
                ));
            }
        }
    }

    /// Tracking parameters off every link.
    pub(super) fn strip_links(&self) {
        for n in preorder(self.root) {
            if !n.is_element() || !is_el(&n, &["a", "area"]) {
                continue;
            }
            let Some(href) = n.attr("href") else { continue };
            let host = crate::html::link::host_of(&href);
            let clean = crate::html::link::strip_tracking_on(&href, host.as_deref().or(self.host));
            if clean != *href {
                n.set_attr("href", &clean);
            }
        }
    }
}
