//! Splitting a query into tokens: words, quoted phrases, `field:value`, `-`, `OR`, parentheses.

use super::QueryError;
use super::QueryErrorKind as K;

/// The fields a `name:value` token may name.
pub(super) const FIELDS: &[&str] = &["title", "feed", "tag", "author", "place", "since"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Tok {
    Open,
    Close,
    Or,
    Not,
    Unread,
    Saved,
    /// A word or a quoted phrase; `last`: nothing (not even a space) follows it.
    Text {
        text: String,
        quoted: bool,
        last: bool,
    },
    /// `name:value` with a known field name (lower case).
    Field {
        name: &'static str,
        value: String,
    },
}

/// A token and the character it starts at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Spanned {
    pub tok: Tok,
    pub at: usize,
}

/// Characters that end a word.
fn ends_word(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | ')' | '"')
}

pub(super) fn lex(input: &str) -> Result<Vec<Spanned>, QueryError> {
    let chars: Vec<char> = input.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let at = i;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let tok = match c {
            '(' => {
                i += 1;
                Tok::Open
            }
            ')' => {
                i += 1;
                Tok::Close
            }
            '"' => {
                let (text, next) = quoted(&chars, i)?;
                i = next;
                Tok::Text {
                    text,
                    quoted: true,
                    last: false,
                }
            }
            '-' => {
                i += 1;
                if chars.get(i).is_none_or(|c| c.is_whitespace() || *c == ')') {
                    return Err(QueryError::new(at, K::LonelyMinus));
                }
                Tok::Not
            }
            _ => {
                let start = i;
                while i < chars.len() && !ends_word(chars[i]) {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                match word.split_once(':') {
                    Some((name, value))
                        if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphabetic()) =>
                    {
                        let lower = name.to_ascii_lowercase();
                        match FIELDS.iter().find(|f| **f == lower) {
                            Some(field) => {
                                let value = if value.is_empty() && chars.get(i) == Some(&'"') {
                                    let (text, next) = quoted(&chars, i)?;
                                    i = next;
                                    text
                                } else {
                                    value.to_string()
                                };
                                if value.trim().is_empty() {
                                    return Err(QueryError::new(
                                        at,
                                        K::EmptyValue(format!("{field}:")),
                                    ));
                                }
                                Tok::Field { name: field, value }
                            }
                            // `Catatan:` is a word; `foo:bar` (not a link) is a mistake.
                            None if !value.is_empty() && !value.starts_with("//") => {
                                return Err(QueryError::new(
                                    at,
                                    K::UnknownField(format!("{name}:")),
                                ));
                            }
                            None => text(word, i == chars.len()),
                        }
                    }
                    _ => match word.as_str() {
                        "OR" => Tok::Or,
                        "unread" => Tok::Unread,
                        "saved" => Tok::Saved,
                        _ => text(word, i == chars.len()),
                    },
                }
            }
        };
        out.push(Spanned { tok, at });
    }
    Ok(out)
}

fn text(text: String, last: bool) -> Tok {
    Tok::Text {
        text,
        quoted: false,
        last,
    }
}

/// The text of the quoted phrase whose `"` is at `open`, and the index after its closing `"`.
fn quoted(chars: &[char], open: usize) -> Result<(String, usize), QueryError> {
    let close = chars[open + 1..]
        .iter()
        .position(|c| *c == '"')
        .ok_or(QueryError::new(open, K::UnclosedQuote))?;
    let end = open + 1 + close;
    Ok((chars[open + 1..end].iter().collect(), end + 1))
}
