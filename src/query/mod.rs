//! The one query language of `/` search, views, rules and `kabar list --query`: parsed here
//! into a typed tree ([`Query`]); the store compiles the tree to one parameterised SQL query.
//!
//! Free words (all required, matched by the search index), `"exact phrase"`, `-word` (not),
//! `title:`, `feed:`, `tag:`, `author:`, `place:`, `unread`, `saved`, `since:2d` /
//! `since:2026-12-01`, `OR` and parentheses. Errors name the character where the bad token
//! starts ([`QueryError`]).

mod error;
mod lex;
mod parse;

pub use error::{QueryError, QueryErrorKind};

/// A parsed query. `All` matches every article (the empty query).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Query {
    #[default]
    All,
    And(Vec<Query>),
    Or(Vec<Query>),
    Not(Box<Query>),
    Term(Term),
}

/// One condition on an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// Words (several words: an exact phrase) in the title and body, or only the title.
    /// `prefix`: the last word also matches as the start of a longer word (search as you type).
    Text {
        text: String,
        title_only: bool,
        prefix: bool,
    },
    /// The feed's name, title or address contains this (any case).
    Feed(String),
    /// The feed has this tag in the config, or a rule gave the article this tag (lower case).
    Tag(String),
    /// The author contains this (any case).
    Author(String),
    /// The article names this Lampung kabupaten/kota (`None`: any place in Lampung).
    Place(Option<&'static str>),
    Unread,
    Saved,
    Since(Since),
}

/// A point in time an article must be published at or after.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Since {
    /// This many seconds before now.
    Ago(i64),
    /// The start of this day in the configured time zone.
    Date(chrono::NaiveDate),
}

impl Since {
    /// The Unix time this stands for, `now` and the zone's offset from UTC (seconds) given.
    pub fn cutoff(self, now: i64, utc_offset: i32) -> i64 {
        match self {
            Since::Ago(secs) => now.saturating_sub(secs),
            Since::Date(d) => {
                d.and_hms_opt(0, 0, 0)
                    .map(|t| t.and_utc().timestamp())
                    .unwrap_or(0)
                    - i64::from(utc_offset)
            }
        }
    }
}

/// Parse a query as written (in a config file or on the command line).
pub fn parse(input: &str) -> Result<Query, QueryError> {
    parse::parse(input, false)
}

/// Parse a query being typed at the search line: a last word of 4 or more letters with no space
/// after it also matches as a prefix, so results come as you type.
pub fn parse_typing(input: &str) -> Result<Query, QueryError> {
    parse::parse(input, true)
}

impl Query {
    /// The words an article matched by this query contains (for highlighting matches), lower case.
    pub fn words(&self) -> Vec<String> {
        let mut out = Vec::new();
        self.collect_words(&mut out);
        out
    }

    fn collect_words(&self, out: &mut Vec<String>) {
        match self {
            Query::And(qs) | Query::Or(qs) => qs.iter().for_each(|q| q.collect_words(out)),
            Query::Term(Term::Text { text, .. }) => out.extend(
                text.split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(str::to_lowercase),
            ),
            Query::All | Query::Not(_) | Query::Term(_) => {}
        }
    }
}
