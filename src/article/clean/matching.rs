//! Matching lines and class tokens against the clutter rules.

#[allow(unused_imports)]
use super::*;

// ---------------------------------------------------------------------------------------------
// Matching

impl Class {
    pub(super) fn matches(&self, token: &str) -> bool {
        match *self {
            Class::Is(p) => token == p,
            Class::Starts(p) => token.starts_with(p),
            Class::Ends(p) => token.ends_with(p),
            Class::Contains(p) => token.contains(p),
        }
    }
}

/// A line's text, ready for matching.
pub(super) struct LineText {
    /// Normalised text (see [`Line`]).
    pub(super) norm: String,
    /// Characters of `norm`.
    pub(super) chars: usize,
    /// Normalised text outside `<a>` elements.
    pub(super) outside: String,
}

impl LineText {
    pub(super) fn new(raw: &str, outside: &str) -> Self {
        let norm = norm_line(raw);
        LineText {
            chars: norm.chars().count(),
            norm,
            outside: norm_line(outside),
        }
    }

    /// All of the line is link text.
    pub(super) fn link_only(&self) -> bool {
        !self.outside.chars().any(char::is_alphanumeric)
    }

    /// The line is one word.
    pub(super) fn one_word(&self) -> bool {
        self.norm
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .count()
            == 1
    }
}

/// Result of matching a line against the rules.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Verdict {
    Keep,
    /// Drop; `true` when the line is a bare "see also" label heading a list of links.
    Drop(bool),
    Credit,
}

impl Line {
    /// `None` when the line does not match; `Some(label_only)` when it does.
    pub(super) fn matches(&self, t: &LineText) -> Option<bool> {
        let n = t.norm.as_str();
        let len = t.chars;
        let hit = match *self {
            Line::Is(p) => n.trim_end_matches([':', '.', '…', ' ']) == p,
            Line::Starts(p, max) => n.starts_with(p) && len <= max,
            Line::SeeAlso(p, max) => {
                if !n.starts_with(p) {
                    return None;
                }
                let rest = n[p.len()..].trim_start_matches([':', ' ', '-', '–', '—', '»', '>']);
                if rest.is_empty() {
                    return Some(true);
                }
                let outside = t.outside.strip_prefix(p).unwrap_or(&t.outside);
                len <= max || !outside.chars().any(char::is_alphanumeric)
            }
            Line::StartsContains(starts, contains, max) => {
                len <= max
                    && starts.iter().any(|s| n.starts_with(s))
                    && contains.iter().any(|c| n.contains(c))
            }
            Line::Contains(p, max) => len <= max && n.contains(p),
            // One share word alone is a share button only when it is a link.
            Line::Words(_) if t.one_word() && !t.link_only() => false,
            Line::Words(words) => {
                let mut any = false;
                let all_in = n
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .all(|w| {
                        any = true;
                        words.contains(&w)
                    });
                any && all_in
            }
        };
        hit.then_some(false)
    }
}

pub(super) fn verdict(t: &LineText, host: Option<&str>) -> Verdict {
    if t.norm.is_empty() {
        return Verdict::Keep;
    }
    for r in rules_for(host) {
        if let DropLine(l) = r.kind
            && let Some(label) = l.matches(t)
        {
            return Verdict::Drop(label);
        }
    }
    for r in rules_for(host) {
        if let Credit(l) = r.kind
            && l.matches(t).is_some()
        {
            return Verdict::Credit;
        }
    }
    Verdict::Keep
}

/// Normalise a line for matching: lower case, white space collapsed, no space before `:`,
/// zero-width characters gone, leading bullets/arrows/opening brackets removed.
pub(super) fn norm_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if matches!(
            c,
            '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}'
        ) {
            continue;
        }
        if space && !out.is_empty() && c != ':' {
            out.push(' ');
        }
        space = false;
        out.extend(c.to_lowercase());
    }
    let lead: &[char] = &[
        '»', '«', '>', '<', '-', '–', '—', '•', '*', '·', '|', '(', '~', '=', '+', '#', '►', '▶',
        '✓', ' ',
    ];
    out.trim_start_matches(lead).to_string()
}

/// Normalise a caption for comparison: lower-case alphanumeric words separated by one space.
pub(super) fn norm_caption(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut gap = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.extend(c.to_lowercase());
        } else {
            gap = true;
        }
    }
    out
}
