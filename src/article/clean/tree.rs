//! Small helpers over the parsed tree: names, text, traversal, statistics.

#[allow(unused_imports)]
use super::*;

// ---------------------------------------------------------------------------------------------
// Tree helpers

pub(super) fn name_of(n: &NodeRef<'_>) -> Option<String> {
    n.node_name().map(|s| s.to_ascii_lowercase())
}

pub(super) fn is_el(n: &NodeRef<'_>, names: &[&str]) -> bool {
    n.node_name()
        .is_some_and(|s| names.iter().any(|x| s.eq_ignore_ascii_case(x)))
}

pub(super) fn text_of(n: &NodeRef<'_>) -> String {
    n.text().to_string()
}

/// Every node under `root`, in document order (root first). Iterative.
pub(super) fn preorder<'a>(root: NodeRef<'a>) -> Vec<NodeRef<'a>> {
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        out.push(n);
        let kids: Vec<_> = n.children_it(true).collect();
        stack.extend(kids);
    }
    out
}

/// Text of `nodes` outside `<a>` elements (an `<a>` in `nodes` itself counts as link).
pub(super) fn text_outside_links(nodes: &[NodeRef<'_>]) -> String {
    let mut out = String::new();
    let mut stack: Vec<NodeRef<'_>> = nodes.iter().rev().copied().collect();
    while let Some(n) = stack.pop() {
        if n.is_text() {
            out.push_str(&n.text());
        } else if n.is_element() && !is_el(&n, &["a"]) {
            stack.extend(n.children_it(true));
        }
    }
    out
}

/// True when `n` holds link text and no other visible text (besides punctuation).
pub(super) fn is_link_only(n: &NodeRef<'_>) -> bool {
    is_link_only_run(&[*n])
}

/// True when the nodes hold link text and no other visible text (besides punctuation).
pub(super) fn is_link_only_run(nodes: &[NodeRef<'_>]) -> bool {
    let outside = text_outside_links(nodes);
    !outside.chars().any(char::is_alphanumeric)
        && nodes
            .iter()
            .any(|n| n.text().chars().any(char::is_alphanumeric))
        && nodes
            .iter()
            .any(|n| n.is_element() && (is_el(n, &["a"]) || has_descendant(n, "a")))
}

/// True when an element named `name` is inside `n`.
pub(super) fn has_descendant(n: &NodeRef<'_>, name: &str) -> bool {
    n.descendants_it()
        .any(|d| d.is_element() && is_el(&d, &[name]))
}

/// Remove `<br>`s (and white space) at the start and the end of `block`.
pub(super) fn trim_brs(block: &NodeRef<'_>) {
    for rev in [false, true] {
        loop {
            let edge = if rev {
                block.last_child()
            } else {
                block.first_child()
            };
            let Some(e) = edge else { break };
            let blank_text = e.is_text() && e.text().trim().is_empty();
            if blank_text || (e.is_element() && is_el(&e, &["br"])) {
                e.remove_from_parent();
            } else {
                break;
            }
        }
    }
}

/// Per-node aggregates for one pass.
#[derive(Default, Clone, Copy)]
pub(super) struct Stat {
    /// Non-white-space characters of text inside.
    pub(super) chars: usize,
    /// An image or other media element inside.
    pub(super) media: bool,
    /// A block element inside.
    pub(super) block_inside: bool,
    /// Largest `chars` of a `<p>` inside.
    pub(super) max_p: usize,
}

pub(super) fn stats(root: NodeRef<'_>) -> HashMap<NodeId, Stat> {
    let order = preorder(root);
    let mut map: HashMap<NodeId, Stat> = HashMap::with_capacity(order.len());
    for n in order.iter().rev() {
        let mut s = map.get(&n.id).copied().unwrap_or_default();
        let mut is_block = false;
        let mut is_p = false;
        if n.is_text() {
            s.chars = n.text().chars().filter(|c| !c.is_whitespace()).count();
        } else if let Some(name) = name_of(n) {
            if MEDIA.contains(&name.as_str()) {
                s.media = true;
            }
            is_block = BLOCKS.contains(&name.as_str());
            is_p = name == "p";
            if is_p {
                s.max_p = s.max_p.max(s.chars);
            }
        }
        map.insert(n.id, s);
        if let Some(p) = n.parent() {
            let e = map.entry(p.id).or_default();
            e.chars += s.chars;
            e.media |= s.media;
            e.block_inside |= is_block || s.block_inside;
            e.max_p = e.max_p.max(if is_p { s.chars } else { s.max_p });
        }
    }
    map
}

/// True when `n` is still in the tree under `root`.
pub(super) fn attached(n: &NodeRef<'_>, root: NodeId) -> bool {
    let mut cur = *n;
    loop {
        if cur.id == root {
            return true;
        }
        match cur.parent() {
            Some(p) => cur = p,
            None => return false,
        }
    }
}

pub(super) fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(super) fn credit_html(text: &str) -> String {
    format!(
        "<p class=\"{CREDIT_CLASS}\"><small>{}</small></p>",
        crate::html::escape_html(text)
    )
}

/// Decode Cloudflare's `data-cfemail` hex (first byte is the XOR key).
pub(super) fn decode_cfemail(hex: &str) -> Option<String> {
    let hex = hex.trim();
    if hex.len() < 4 || !hex.len().is_multiple_of(2) || hex.len() > 512 {
        return None;
    }
    let bytes: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect::<Option<_>>()?;
    let key = bytes[0];
    let out: Vec<u8> = bytes[1..].iter().map(|b| b ^ key).collect();
    let s = String::from_utf8(out).ok()?;
    (s.contains('@') && s.chars().all(|c| !c.is_control() && !c.is_whitespace())).then_some(s)
}
