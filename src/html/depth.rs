//! Element nesting depth measured with a real stack of open elements, so hostile markup cannot hide depth.
//!
//! html5ever's tree builder (and html2text on top of it) is quadratic in the nesting depth, so
//! every HTML parse is preceded by a check here. The measure keeps a stack of open elements
//! as the tree builder would: a start tag opens, an end tag closes the nearest open element of
//! its name (and what is open above it), and an end tag for an element that is not open
//! changes nothing. Counting every end tag as a close let `<div></x>` × N measure 1 while
//! html5ever nested it N deep. Void elements, and the elements HTML closes implicitly (`p`,
//! `li`, `td`, …), are not counted; comments and raw text (`script`, `style`) are skipped.
//! Linear time: a name's open positions are kept per name, so each end tag is O(1) amortised.

use std::collections::HashMap;

use super::tokenize::{Token, Tokenizer};

/// Elements that never hold children, and elements the parser closes implicitly when a
/// sibling starts: neither deepens the tree in a way that can grow without bound.
#[rustfmt::skip]
const FLAT: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "frame", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td",
    "th", "tbody", "thead", "tfoot", "colgroup", "rb", "rt", "rp",
];
/// Elements whose text content is not markup.
const RAW: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
];
/// Elements an end tag of another name does not close through (the tree builder's scope).
const SCOPE: &[&str] = &[
    "applet", "caption", "html", "table", "marquee", "object", "template",
];
/// Foreign content, where `<x/>` really is closed at once.
const FOREIGN: &[&str] = &["svg", "math"];

fn is_in(name: &str, set: &[&str]) -> bool {
    set.iter().any(|s| name.eq_ignore_ascii_case(s))
}

/// The deepest nesting of elements in `html`.
pub fn measure(html: &str) -> usize {
    walk(html, usize::MAX)
}

/// Whether `html` nests elements deeper than `limit`; stops scanning as soon as it does.
pub fn depth_exceeds(html: &str, limit: usize) -> bool {
    walk(html, limit) > limit
}

/// The maximum depth, stopping early once it passes `stop`.
fn walk(html: &str, stop: usize) -> usize {
    // The open elements (lower-case names), the positions in `stack` of each name, and the
    // positions of the scope boundaries and of foreign roots.
    let mut stack: Vec<String> = Vec::new();
    let mut at: HashMap<String, Vec<usize>> = HashMap::new();
    let mut scopes: Vec<usize> = Vec::new();
    let mut foreign: Vec<usize> = Vec::new();
    let mut max = 0usize;
    let mut tok = Tokenizer::new(html);
    while let Some(t) = tok.next() {
        match t {
            Token::Start {
                name, self_closing, ..
            } => {
                if is_in(name, RAW) && !self_closing {
                    tok.skip_raw(name);
                    continue;
                }
                if is_in(name, FLAT) || (self_closing && !foreign.is_empty()) {
                    continue;
                }
                // Outside foreign content `<div/>` opens a `div` (HTML ignores the slash),
                // except for foreign roots themselves.
                if self_closing && is_in(name, FOREIGN) {
                    continue;
                }
                let name = name.to_ascii_lowercase();
                let pos = stack.len();
                if is_in(&name, SCOPE) {
                    scopes.push(pos);
                }
                if is_in(&name, FOREIGN) {
                    foreign.push(pos);
                }
                at.entry(name.clone()).or_default().push(pos);
                stack.push(name);
                max = max.max(stack.len());
                if max > stop {
                    return max;
                }
            }
            Token::End { name } => {
                let name = name.to_ascii_lowercase();
                let Some(&pos) = at.get(&name).and_then(|v| v.last()) else {
                    continue;
                };
                // A scope boundary above the element hides it from this end tag.
                if scopes.last().is_some_and(|&s| s > pos) {
                    continue;
                }
                while stack.len() > pos {
                    let Some(top) = stack.pop() else { break };
                    let p = stack.len();
                    if let Some(v) = at.get_mut(&top) {
                        v.pop();
                    }
                    if scopes.last() == Some(&p) {
                        scopes.pop();
                    }
                    if foreign.last() == Some(&p) {
                        foreign.pop();
                    }
                }
            }
            Token::Text(_) | Token::Ignored => {}
        }
    }
    max
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_nesting_is_measured() {
        assert_eq!(measure("<div><div><span>x</span></div></div>"), 3);
        assert_eq!(
            measure("<div><p>a<p>b<br><img src=x></div><!-- <div> -->"),
            1
        );
        assert_eq!(measure("<div></div><div></div><div><b>x</b></div>"), 2);
        assert_eq!(measure("<DIV><div></DIV>"), 2);
        assert_eq!(measure("<script><div><div><div></script><div>"), 1);
        assert_eq!(measure("<svg><path/><path/><path/></svg>"), 1);
        assert_eq!(measure("plain text"), 0);
    }

    #[test]
    fn closing_tags_that_were_never_opened_change_nothing() {
        let hostile = "<div></x>".repeat(50_000);
        assert_eq!(measure(&hostile), 50_000);
        assert!(depth_exceeds(&hostile, 512));
        assert!(!depth_exceeds("<div></div>", 1));
        // A closer may close what is open above its element, as the tree builder does.
        assert_eq!(measure("<div><span><b></div><div>"), 3);
        // But not through a table.
        assert_eq!(measure("<div><table></div><div>"), 3);
    }

    #[test]
    fn self_closing_html_elements_still_open() {
        assert_eq!(measure(&"<div/>".repeat(10)), 10);
    }
}
