//! The one HTML tag/text tokenizer: a linear forward pass over comments, tags, quoted attributes and raw text.
//!
//! It follows the HTML tokenizer states closely enough for text extraction (comments, bogus
//! comments, quoted attribute values, raw-text elements), but it builds no tree. Every scanner
//! of tags in kabar (cleaning, rendering, depth, feed fields) goes through here.

use std::borrow::Cow;
use std::ops::Range;

use super::decode::decode_lenient;

/// One token of the input. Slices borrow from the input.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Token<'a> {
    Text(&'a str),
    Start {
        name: &'a str,
        attrs: &'a str,
        self_closing: bool,
        raw: &'a str,
    },
    End {
        name: &'a str,
    },
    /// Comment, doctype, processing instruction, bogus comment, or a tag cut off by the end.
    Ignored,
}

pub struct Tokenizer<'a> {
    s: &'a str,
    pos: usize,
    /// No `-->` occurs at or after this position (keeps repeated searches linear).
    no_close_from: usize,
}

/// HTML's white space between a tag's name and attributes, and around `=`.
pub fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0c)
}

fn find_byte(s: &[u8], from: usize, b: u8) -> Option<usize> {
    memchr::memchr(b, s.get(from..)?).map(|i| i + from)
}

fn find_str(s: &str, from: usize, pat: &str) -> Option<usize> {
    memchr::memmem::find(s.as_bytes().get(from..)?, pat.as_bytes()).map(|i| i + from)
}

/// The index of the `>` closing a tag whose attributes start at `from`, following the HTML
/// attribute states (quotes only matter after `=`). `None` when the input ends first.
fn scan_tag_end(b: &[u8], mut i: usize) -> Option<usize> {
    let n = b.len();
    loop {
        while i < n && (is_ws(b[i]) || b[i] == b'/') {
            i += 1;
        }
        if i >= n {
            return None;
        }
        if b[i] == b'>' {
            return Some(i);
        }
        // Attribute name (a leading `=` is part of the name).
        i += 1;
        while i < n && !is_ws(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        while i < n && is_ws(b[i]) {
            i += 1;
        }
        if i < n && b[i] == b'=' {
            i += 1;
            while i < n && is_ws(b[i]) {
                i += 1;
            }
            if i >= n {
                return None;
            }
            match b[i] {
                q @ (b'"' | b'\'') => i = find_byte(b, i + 1, q)? + 1,
                b'>' => return Some(i),
                _ => {
                    while i < n && !is_ws(b[i]) && b[i] != b'>' {
                        i += 1;
                    }
                }
            }
        }
    }
}

impl<'a> Tokenizer<'a> {
    pub fn new(s: &'a str) -> Self {
        Tokenizer {
            s,
            pos: 0,
            no_close_from: s.len(),
        }
    }

    fn tag_name_end(&self, from: usize) -> usize {
        let b = self.s.as_bytes();
        let mut i = from;
        while i < b.len() && !is_ws(b[i]) && b[i] != b'/' && b[i] != b'>' {
            i += 1;
        }
        i
    }

    /// Skip to just after the next `>` (bogus comment); to the end if there is none.
    fn bogus(&mut self, from: usize) -> Token<'a> {
        self.pos = find_byte(self.s.as_bytes(), from, b'>').map_or(self.s.len(), |i| i + 1);
        Token::Ignored
    }

    /// Skip the content of a raw-text element (`script`, `style`, …) up to and including its end
    /// tag. Returns the content.
    pub fn skip_raw(&mut self, name: &str) -> &'a str {
        let s = self.s;
        let b = s.as_bytes();
        let start = self.pos;
        let mut i = start;
        while let Some(lt) = find_str(s, i, "</") {
            let ns = lt + 2;
            let ne = ns + name.len();
            if b.len() >= ne
                && b[ns..ne].eq_ignore_ascii_case(name.as_bytes())
                && (ne == b.len() || is_ws(b[ne]) || b[ne] == b'/' || b[ne] == b'>')
            {
                self.pos = scan_tag_end(b, ne).map_or(s.len(), |g| g + 1);
                return &s[start..lt];
            }
            i = ns;
        }
        self.pos = s.len();
        &s[start..]
    }
}

/// The end of a comment whose body starts at `from`: after `-->` or `--!>`, else the input's end.
fn comment_end(s: &str, from: usize) -> usize {
    let mut i = from;
    while let Some(j) = find_str(s, i, "--") {
        let after = &s[j + 2..];
        if after.starts_with('>') {
            return j + 3;
        }
        if after.starts_with("!>") {
            return j + 4;
        }
        i = j + 1;
    }
    s.len()
}

impl<'a> Iterator for Tokenizer<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        let s = self.s;
        let b = s.as_bytes();
        let p = self.pos;
        if p >= b.len() {
            return None;
        }
        if b[p] != b'<' {
            let end = find_byte(b, p, b'<').unwrap_or(b.len());
            self.pos = end;
            return Some(Token::Text(&s[p..end]));
        }
        let next = b.get(p + 1).copied();
        Some(match next {
            Some(b'!') => {
                if s[p..].starts_with("<!--") {
                    let body = p + 4;
                    let rest = &s[body..];
                    // `<!-->` and `<!--->` are empty comments to HTML, but feeds use them as
                    // openers; hide up to a following `-->` when there is one.
                    self.pos = if rest.starts_with('>') || rest.starts_with("->") {
                        let skip = if rest.starts_with('>') { 1 } else { 2 };
                        let from = body + skip;
                        match (from < self.no_close_from)
                            .then(|| find_str(s, from, "-->"))
                            .flatten()
                        {
                            Some(e) => e + 3,
                            None => {
                                self.no_close_from = self.no_close_from.min(from);
                                from
                            }
                        }
                    } else {
                        comment_end(s, body)
                    };
                    Token::Ignored
                } else {
                    self.bogus(p + 2)
                }
            }
            Some(b'?') => self.bogus(p + 2),
            Some(b'/') => match b.get(p + 2) {
                Some(c) if c.is_ascii_alphabetic() => {
                    let ne = self.tag_name_end(p + 2);
                    match scan_tag_end(b, ne) {
                        Some(g) => {
                            self.pos = g + 1;
                            Token::End {
                                name: &s[p + 2..ne],
                            }
                        }
                        None => {
                            self.pos = s.len();
                            Token::Ignored
                        }
                    }
                }
                Some(b'>') => {
                    self.pos = p + 3;
                    Token::Ignored
                }
                None => {
                    self.pos = s.len();
                    Token::Text(&s[p..])
                }
                Some(_) => self.bogus(p + 2),
            },
            Some(c) if c.is_ascii_alphabetic() => {
                let ne = self.tag_name_end(p + 1);
                match scan_tag_end(b, ne) {
                    Some(g) => {
                        self.pos = g + 1;
                        Token::Start {
                            name: &s[p + 1..ne],
                            attrs: &s[ne..g],
                            self_closing: g > ne && b[g - 1] == b'/',
                            raw: &s[p..g + 1],
                        }
                    }
                    None => {
                        self.pos = s.len();
                        Token::Ignored
                    }
                }
            }
            _ => {
                self.pos = p + 1;
                Token::Text(&s[p..p + 1])
            }
        })
    }
}

/// One attribute as written in a tag's attribute text: its name, the byte range of its value
/// within that text (if it has one) and whether the value was quoted. Not decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Attr<'a> {
    pub name: &'a str,
    pub value: Option<Range<usize>>,
    pub quoted: bool,
}

/// The attributes of a tag's attribute text (the `attrs` of [`Token::Start`]), HTML-tokenizer
/// style: quotes only delimit values, so a stray `"` cannot swallow the rest.
pub fn attrs(attrs: &str) -> Attrs<'_> {
    Attrs { s: attrs, i: 0 }
}

/// Iterator returned by [`attrs`].
pub struct Attrs<'a> {
    s: &'a str,
    i: usize,
}

impl<'a> Iterator for Attrs<'a> {
    type Item = Attr<'a>;

    fn next(&mut self) -> Option<Attr<'a>> {
        let b = self.s.as_bytes();
        let n = b.len();
        let mut i = self.i;
        while i < n && (is_ws(b[i]) || b[i] == b'/') {
            i += 1;
        }
        if i >= n || b[i] == b'>' {
            self.i = n;
            return None;
        }
        let ns = i;
        // A leading `=` (e.g. `<a =x>`) is part of the name, which also guarantees progress.
        i += 1;
        while i < n && !is_ws(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let name = &self.s[ns..i];
        while i < n && is_ws(b[i]) {
            i += 1;
        }
        let mut value = None;
        let mut quoted = false;
        if i < n && b[i] == b'=' {
            i += 1;
            while i < n && is_ws(b[i]) {
                i += 1;
            }
            match b.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let e = find_byte(b, i + 1, q).unwrap_or(n);
                    value = Some(i + 1..e);
                    quoted = true;
                    i = (e + 1).min(n);
                }
                _ => {
                    let vs = i;
                    while i < n && !is_ws(b[i]) && b[i] != b'>' {
                        i += 1;
                    }
                    value = Some(vs..i);
                }
            }
        }
        self.i = i;
        Some(Attr {
            name,
            value,
            quoted,
        })
    }
}

/// The value of attribute `name` (ASCII case-insensitive) in a tag's attribute text,
/// entity-decoded.
pub fn attr<'a>(text: &'a str, name: &str) -> Option<Cow<'a, str>> {
    attrs(text)
        .find(|a| a.name.eq_ignore_ascii_case(name))
        .map(|a| decode_lenient(a.value.map_or("", |r| &text[r])))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizer_basics() {
        let toks: Vec<_> = Tokenizer::new("a<b x='>'>c</b ><!-- x --><!--> d<p/>").collect();
        assert_eq!(toks[0], Token::Text("a"));
        assert!(matches!(toks[1], Token::Start { name: "b", .. }));
        assert_eq!(toks[2], Token::Text("c"));
        assert_eq!(toks[3], Token::End { name: "b" });
        assert_eq!(toks[4], Token::Ignored);
        assert_eq!(toks[5], Token::Ignored);
        assert_eq!(toks[6], Token::Text(" d"));
        assert!(matches!(
            toks[7],
            Token::Start {
                name: "p",
                self_closing: true,
                ..
            }
        ));
    }
}
