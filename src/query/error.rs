//! What is wrong with a query, and where: the character the bad token starts at.

use crate::i18n::{Lang, tf};

/// A query that cannot be read: what is wrong, and where the bad token starts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message(Lang::En))]
pub struct QueryError {
    /// Where the bad token starts, in characters from the start of the query (0-based).
    pub at: usize,
    pub kind: QueryErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryErrorKind {
    /// A `"` with no closing one.
    UnclosedQuote,
    /// A `(` with no closing `)`.
    UnclosedParen,
    /// A `)` with no `(` before it.
    UnopenedParen,
    /// `()`.
    EmptyParens,
    /// `OR` with nothing on one side.
    LonelyOr,
    /// `-` with nothing after it.
    LonelyMinus,
    /// `name:value` with a name that is not a field.
    UnknownField(String),
    /// `title:` and nothing after it.
    EmptyValue(String),
    /// `since:` that is neither a duration (`2d`) nor a date (`2026-12-01`).
    BadSince(String),
    /// `place:` that is not a kabupaten/kota of Lampung.
    UnknownPlace(String),
    /// Parentheses nested too deep, or too many terms.
    TooComplex,
}

impl QueryError {
    pub(super) fn new(at: usize, kind: QueryErrorKind) -> QueryError {
        QueryError { at, kind }
    }

    /// The message in `lang`, starting with the position (counted from 1, as people count).
    pub fn message(&self, lang: Lang) -> String {
        use QueryErrorKind as K;
        let (key, value) = match &self.kind {
            K::UnclosedQuote => ("query.unclosed_quote", String::new()),
            K::UnclosedParen => ("query.unclosed_paren", String::new()),
            K::UnopenedParen => ("query.unopened_paren", String::new()),
            K::EmptyParens => ("query.empty_parens", String::new()),
            K::LonelyOr => ("query.lonely_or", String::new()),
            K::LonelyMinus => ("query.lonely_minus", String::new()),
            K::UnknownField(v) => ("query.unknown_field", v.clone()),
            K::EmptyValue(v) => ("query.empty_value", v.clone()),
            K::BadSince(v) => ("query.bad_since", v.clone()),
            K::UnknownPlace(v) => ("query.unknown_place", v.clone()),
            K::TooComplex => ("query.too_complex", String::new()),
        };
        let what = tf(lang, key, &[("v", crate::text::sanitize_line(&value))]);
        tf(
            lang,
            "query.at",
            &[("pos", (self.at + 1).to_string()), ("msg", what)],
        )
    }

    /// The query on one line and a caret under the bad token, for a terminal.
    pub fn pointer(&self, input: &str) -> String {
        let before: String = input.chars().take(self.at).collect();
        let pad = " ".repeat(crate::text::width::width(&before));
        format!("  {}\n  {pad}^", crate::text::sanitize_line(input))
    }
}
