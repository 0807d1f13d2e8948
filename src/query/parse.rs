//! Tokens to a [`Query`]: `OR` binds tighter than terms side by side; `-` negates what follows.

use super::lex::{Spanned, Tok, lex};
use super::{Query, QueryError, QueryErrorKind as K, Since, Term};

/// How deep parentheses (and `-`) may nest.
const MAX_DEPTH: usize = 32;
/// How many tokens a query may have.
const MAX_TOKENS: usize = 200;
/// Letters the word being typed needs before it also matches as a prefix: a shorter prefix
/// ("me", "men") expands to thousands of index terms and costs hundreds of ms on a big store.
const PREFIX_MIN: usize = 4;

pub(super) fn parse(input: &str, typing: bool) -> Result<Query, QueryError> {
    let toks = lex(input)?;
    if let Some(t) = toks.get(MAX_TOKENS) {
        return Err(QueryError::new(t.at, K::TooComplex));
    }
    let mut p = Parser { toks, i: 0, typing };
    let q = p.and(0)?;
    match p.toks.get(p.i) {
        Some(t) => Err(QueryError::new(t.at, K::UnopenedParen)),
        None => Ok(q),
    }
}

struct Parser {
    toks: Vec<Spanned>,
    i: usize,
    typing: bool,
}

impl Parser {
    fn peek(&self) -> Option<&Spanned> {
        self.toks.get(self.i)
    }

    /// Terms side by side, all required: `chain+` (an empty query is `All`). `OR` binds
    /// tighter than side by side, as in web search: `banjir OR longsor since:7d` is
    /// `(banjir OR longsor) since:7d`.
    fn and(&mut self, depth: usize) -> Result<Query, QueryError> {
        let mut parts = Vec::new();
        while let Some(t) = self.peek() {
            match t.tok {
                Tok::Close => break,
                Tok::Or => return Err(QueryError::new(t.at, K::LonelyOr)),
                _ => {}
            }
            let q = self.chain(depth)?;
            if q != Query::All {
                parts.push(q);
            }
        }
        Ok(match parts.len() {
            0 => Query::All,
            1 => parts.remove(0),
            _ => Query::And(parts),
        })
    }

    /// `unary (OR unary)*`
    fn chain(&mut self, depth: usize) -> Result<Query, QueryError> {
        let mut parts = vec![self.unary(depth)?];
        while let Some(t) = self.peek().filter(|t| t.tok == Tok::Or) {
            let at = t.at;
            self.i += 1;
            if self
                .peek()
                .is_none_or(|t| matches!(t.tok, Tok::Or | Tok::Close))
            {
                return Err(QueryError::new(at, K::LonelyOr));
            }
            parts.push(self.unary(depth)?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else if parts.contains(&Query::All) {
            Query::All
        } else {
            Query::Or(parts)
        })
    }

    fn unary(&mut self, depth: usize) -> Result<Query, QueryError> {
        let Some(t) = self.peek().cloned() else {
            return Ok(Query::All);
        };
        if depth > MAX_DEPTH {
            return Err(QueryError::new(t.at, K::TooComplex));
        }
        self.i += 1;
        match t.tok {
            Tok::Not => {
                if self
                    .peek()
                    .is_none_or(|n| matches!(n.tok, Tok::Or | Tok::Close))
                {
                    return Err(QueryError::new(t.at, K::LonelyMinus));
                }
                Ok(match self.unary(depth + 1)? {
                    Query::All => Query::All,
                    q => Query::Not(Box::new(q)),
                })
            }
            Tok::Open => {
                if self.peek().is_some_and(|n| n.tok == Tok::Close) {
                    return Err(QueryError::new(t.at, K::EmptyParens));
                }
                let q = self.and(depth + 1)?;
                match self.peek() {
                    Some(n) if n.tok == Tok::Close => {
                        self.i += 1;
                        Ok(q)
                    }
                    _ => Err(QueryError::new(t.at, K::UnclosedParen)),
                }
            }
            Tok::Close => Err(QueryError::new(t.at, K::UnopenedParen)),
            Tok::Or => Err(QueryError::new(t.at, K::LonelyOr)),
            Tok::Unread => Ok(Query::Term(Term::Unread)),
            Tok::Saved => Ok(Query::Term(Term::Saved)),
            // "O" being typed is the start of "OR": it changes nothing yet.
            Tok::Text {
                text,
                last: true,
                quoted: false,
            } if self.typing && text == "O" => Ok(Query::All),
            Tok::Text { text, quoted, last } => {
                let prefix = self.typing && last && !quoted && last_word_len(&text) >= PREFIX_MIN;
                Ok(text_term(text, false, prefix))
            }
            Tok::Field { name, value } => field(name, value, t.at),
        }
    }
}

/// Letters in the last word of `text`.
fn last_word_len(text: &str) -> usize {
    text.rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .map_or(0, |w| w.chars().count())
}

/// Words to search for; text without a letter or digit (`&`, `*`) matches everything.
fn text_term(text: String, title_only: bool, prefix: bool) -> Query {
    if !text.chars().any(char::is_alphanumeric) {
        return Query::All;
    }
    Query::Term(Term::Text {
        text,
        title_only,
        prefix,
    })
}

fn field(name: &str, value: String, at: usize) -> Result<Query, QueryError> {
    let value = value.trim().to_string();
    Ok(Query::Term(match name {
        "title" => return Ok(text_term(value, true, false)),
        "feed" => Term::Feed(value),
        "tag" => Term::Tag(value.to_lowercase()),
        "author" => Term::Author(value),
        "place" => Term::Place(place(&value).ok_or(QueryError::new(at, K::UnknownPlace(value)))?),
        _ => Term::Since(since(&value).ok_or(QueryError::new(at, K::BadSince(value)))?),
    }))
}

/// `2d`, `12h`, `30m`, `1w`, or a date `2026-12-01`.
fn since(v: &str) -> Option<Since> {
    if let Ok(d) = chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        return Some(Since::Date(d));
    }
    let unit = v.chars().last()?;
    let n: i64 = v[..v.len() - unit.len_utf8()].parse().ok()?;
    let secs = match unit {
        'm' => 60,
        'h' => 3600,
        'd' => 86_400,
        'w' => 7 * 86_400,
        _ => return None,
    };
    (0..=100_000).contains(&n).then(|| Since::Ago(n * secs))
}

/// A Lampung place by its kabupaten/kota or capital, in any case, with or without spaces, `-`
/// or "Kota"/"Kabupaten" before it. `Lampung` alone is any place (`Some(None)`).
fn place(v: &str) -> Option<Option<&'static str>> {
    let fold = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let want = fold(v);
    if want == "lampung" {
        return Some(None);
    }
    // "Kotabumi" is a capital: the name as written is tried before one without "Kota".
    let stripped = ["kota", "kabupaten", "kab"]
        .iter()
        .find_map(|p| want.strip_prefix(p).filter(|w| !w.is_empty()));
    std::iter::once(want.as_str())
        .chain(stripped)
        .find_map(|w| {
            crate::places::regions()
                .iter()
                .find(|r| fold(&r.name) == w || fold(&r.capital) == w)
        })
        .map(|r| Some(r.name.as_str()))
}
