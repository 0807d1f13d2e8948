//! The query language compiled to SQL: one condition on `articles a` / `feeds f`, every value
//! the user wrote a bound parameter (`?N`), words matched through the search index.

use super::articles::{ROW_COLUMNS, row_to_article_row};
use super::{ArticleRow, Result, Store};
use crate::query::{Query, Term};
use rusqlite::types::Value;

/// How many of the newest matches of a ranked search are ranked (see [`Store::search_query`]).
const SEARCH_WINDOW: i64 = 2000;

/// When a query runs: `since:` counts back from `now`; a date starts at midnight in the zone
/// `utc_offset` seconds east of UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct When {
    pub now: i64,
    pub utc_offset: i32,
}

impl When {
    /// Now, in the zone of `locale`.
    pub fn now(locale: &crate::i18n::Locale) -> When {
        When {
            now: crate::time::now(),
            utc_offset: locale.zone.offset.local_minus_utc(),
        }
    }
}

/// A compiled condition and its parameters (`?1`..`?n`, in order).
#[derive(Debug, Clone, PartialEq)]
pub struct Compiled {
    pub sql: String,
    pub params: Vec<Value>,
    /// Placeholders of an id range (`> first`, `<= second`) every search of the index is
    /// limited to (rules on the articles just indexed).
    range: Option<(String, String)>,
}

impl Compiled {
    /// Bind one more value; returns its placeholder.
    pub(super) fn bind(&mut self, v: impl Into<Value>) -> String {
        self.params.push(v.into());
        format!("?{}", self.params.len())
    }
}

/// Compile `q` to one condition over `articles a JOIN feeds f` (hidden and inactive-feed
/// articles are left out by the statements that use it, not here).
pub fn compile(q: &Query, when: When) -> Compiled {
    compile_in(q, when, None)
}

/// [`compile`], for the articles with ids in `(after, upto]` only: the condition says so, and
/// each search of the index walks only that range (not every match of a word, once per batch).
pub(super) fn compile_in(q: &Query, when: When, range: Option<(i64, i64)>) -> Compiled {
    let mut c = Compiled {
        sql: String::new(),
        params: Vec::new(),
        range: None,
    };
    let limit = range.map(|(after, upto)| (c.bind(after), c.bind(upto)));
    c.range = limit.clone();
    let cond = cond(q, when, &mut c);
    c.sql = match limit {
        Some((after, upto)) => format!("a.id > {after} AND a.id <= {upto} AND {cond}"),
        None => cond,
    };
    c
}

fn cond(q: &Query, when: When, c: &mut Compiled) -> String {
    match q {
        Query::All => "1".into(),
        Query::Term(t) => term(t, when, c),
        Query::Not(q) => format!("NOT {}", cond(q, when, c)),
        Query::And(qs) => group(qs, " AND ", when, c),
        Query::Or(qs) => group(qs, " OR ", when, c),
    }
}

/// `qs` joined by `op`; their words become one search of the index (FTS5 has AND and OR).
fn group(qs: &[Query], op: &str, when: When, c: &mut Compiled) -> String {
    let (text, rest): (Vec<&Query>, Vec<&Query>) = qs
        .iter()
        .partition(|q| matches!(q, Query::Term(Term::Text { .. })));
    let mut parts = Vec::new();
    if !text.is_empty() {
        let fts = text
            .iter()
            .filter_map(|q| match q {
                Query::Term(t) => fts_term(t),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join(op);
        parts.push(in_index(&fts, c));
    }
    parts.extend(rest.iter().map(|q| cond(q, when, c)));
    if parts.is_empty() {
        return "1".into();
    }
    format!("({})", parts.join(op))
}

/// The articles whose search text matches `fts` (an FTS5 query, bound as a value). The `+`
/// keeps SQLite from walking the matches and reading each one's row (a common word matches
/// tens of thousands): the list walks the time index instead (it holds what lists and counts
/// filter on) and checks each entry against the matches, read once into a set.
fn in_index(fts: &str, c: &mut Compiled) -> String {
    let p = c.bind(fts.to_string());
    let range = match &c.range {
        Some((after, upto)) => format!(" AND rowid > {after} AND rowid <= {upto}"),
        None => String::new(),
    };
    format!("+a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH {p}{range})")
}

/// A text term as FTS5 query text: quoted (no operator typed by a person reaches FTS5), the
/// title column when asked, `*` for the word being typed.
pub(super) fn fts_term(t: &Term) -> Option<String> {
    let Term::Text {
        text,
        title_only,
        prefix,
    } = t
    else {
        return None;
    };
    let column = if *title_only { "title : " } else { "" };
    let star = if *prefix { "*" } else { "" };
    Some(format!("{column}\"{}\"{star}", text.replace('"', "\"\"")))
}

/// `%text%` for LIKE, its own `%`, `_` and `\` escaped.
fn contains(text: &str) -> String {
    let mut s = String::from("%");
    for ch in text.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            s.push('\\');
        }
        s.push(ch);
    }
    s.push('%');
    s
}

fn term(t: &Term, when: When, c: &mut Compiled) -> String {
    match t {
        Term::Text { .. } => {
            let fts = fts_term(t).unwrap_or_default();
            in_index(&fts, c)
        }
        Term::Feed(name) => {
            let p = c.bind(contains(name));
            format!(
                "a.feed_id IN (SELECT id FROM feeds WHERE COALESCE(name, title, url) LIKE {p} \
                 ESCAPE '\\' OR url LIKE {p} ESCAPE '\\')"
            )
        }
        Term::Tag(tag) => {
            let p = c.bind(tag.clone());
            format!(
                "(a.feed_id IN (SELECT feed_id FROM feed_tags WHERE tag = {p}) \
                 OR a.id IN (SELECT article_id FROM article_tags WHERE tag = {p}))"
            )
        }
        Term::Author(name) => {
            let p = c.bind(contains(name));
            format!("a.author LIKE {p} ESCAPE '\\'")
        }
        Term::Place(None) => "a.place IS NOT NULL".into(),
        Term::Place(Some(region)) => {
            let p = c.bind(region.to_string());
            format!("a.place = {p}")
        }
        Term::Unread => "a.read = 0".into(),
        Term::Saved => "a.saved = 1".into(),
        Term::Since(s) => {
            let p = c.bind(s.cutoff(when.now, when.utc_offset));
            format!("a.published >= {p}")
        }
    }
}

/// What every list of a query leaves out: hidden articles and feeds no longer configured.
const SHOWN: &str = "f.active = 1 AND a.hidden = 0";

impl Store {
    /// One page of the articles `q` matches, newest first.
    pub fn query_page(
        &self,
        q: &Query,
        when: When,
        offset: i64,
        limit: i64,
    ) -> Result<Vec<ArticleRow>> {
        let mut c = compile(q, when);
        let (l, o) = (c.bind(limit), c.bind(offset));
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM articles a JOIN feeds f ON f.id = a.feed_id
             WHERE {SHOWN} AND {}
             ORDER BY a.published DESC, a.id DESC LIMIT {l} OFFSET {o}",
            c.sql
        );
        self.rows(&sql, &c.params)
    }

    /// How many articles `q` matches, and how many of them are unread.
    pub fn query_counts(&self, q: &Query, when: When) -> Result<(i64, i64)> {
        let c = compile(q, when);
        let sql = format!(
            "SELECT COUNT(*), COALESCE(SUM(a.read = 0), 0)
             FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE {SHOWN} AND {}",
            c.sql
        );
        self.conn
            .prepare_cached(&sql)
            .and_then(|mut st| {
                st.query_row(rusqlite::params_from_iter(&c.params), |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
            })
            .map_err(|e| self.err(e))
    }

    /// `/` search: when the query has words (outside `OR` and `-`), the best matches among the
    /// newest `SEARCH_WINDOW` articles that have them, best first (ranking every match of a
    /// common word costs hundreds of ms at 100,000 articles); otherwise the newest matches.
    pub fn search_query(&self, q: &Query, when: When, limit: i64) -> Result<Vec<ArticleRow>> {
        let (fts, rest) = ranked_words(q);
        if fts.is_empty() {
            return self.query_page(q, when, 0, limit);
        }
        let rest = Query::And(rest.into_iter().cloned().collect());
        let mut c = compile(&rest, when);
        let (m, l, w) = (c.bind(fts.join(" ")), c.bind(limit), c.bind(SEARCH_WINDOW));
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM (
                SELECT rowid AS id, bm25(articles_fts, 4.0, 1.0) AS score FROM articles_fts
                WHERE articles_fts MATCH {m} ORDER BY rowid DESC LIMIT {w}) s
             JOIN articles a ON a.id = s.id JOIN feeds f ON f.id = a.feed_id
             WHERE {SHOWN} AND {}
             ORDER BY s.score, a.published DESC LIMIT {l}",
            c.sql
        );
        self.rows(&sql, &c.params)
    }

    /// `/` search of text as typed ([`crate::query::parse_typing`]); a query that cannot be
    /// read finds nothing (callers that show the error parse it themselves).
    pub fn search(&self, input: &str, limit: i64) -> Result<Vec<ArticleRow>> {
        match crate::query::parse_typing(input) {
            Ok(Query::All) | Err(_) => Ok(Vec::new()),
            Ok(q) => self.search_query(&q, When::now(&crate::i18n::Locale::default()), limit),
        }
    }

    pub(super) fn rows(&self, sql: &str, params: &[Value]) -> Result<Vec<ArticleRow>> {
        let mut st = self.conn.prepare_cached(sql).map_err(|e| self.err(e))?;
        let rows = st
            .query_map(rusqlite::params_from_iter(params), row_to_article_row)
            .map_err(|e| self.err(e))?;
        rows.collect::<std::result::Result<_, _>>()
            .map_err(|e| self.err(e))
    }
}

/// The words of `q` that rank a `/` search (its top-level words, outside `OR` and `-`), as
/// FTS5 terms, and the rest of `q`.
fn ranked_words(q: &Query) -> (Vec<String>, Vec<&Query>) {
    let parts: Vec<&Query> = match q {
        Query::And(qs) => qs.iter().collect(),
        q => vec![q],
    };
    let (words, rest): (Vec<&Query>, Vec<&Query>) = parts
        .into_iter()
        .partition(|q| matches!(q, Query::Term(Term::Text { .. })));
    let fts = words
        .iter()
        .filter_map(|q| match q {
            Query::Term(t) => fts_term(t),
            _ => None,
        })
        .collect();
    (fts, rest)
}

/// Whether [`Store::search_query`] gives `q`'s matches best first rather than newest first
/// (then a list of them has no day headings: its days would repeat).
pub fn search_is_ranked(q: &Query) -> bool {
    !ranked_words(q).0.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A view's count walks the time index alone (it holds what the count filters on) and
    /// checks each entry against the words' matches: it never reads an article's row for
    /// each match of a common word (that took 50 ms at 100,000 articles).
    #[test]
    fn a_view_count_reads_the_time_index_only() {
        let store = Store::open_in_memory().unwrap();
        let q = crate::query::parse("banjir OR longsor since:7d unread").unwrap();
        assert!(matches!(&q, Query::And(parts) if parts.len() == 3), "{q:?}");
        let c = compile(
            &q,
            When {
                now: 0,
                utc_offset: 0,
            },
        );
        let sql = format!(
            "EXPLAIN QUERY PLAN SELECT COUNT(*), COALESCE(SUM(a.read = 0), 0)
             FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE {SHOWN} AND {}",
            c.sql
        );
        let mut st = store.conn.prepare(&sql).unwrap();
        let plan: Vec<String> = st
            .query_map(rusqlite::params_from_iter(&c.params), |r| {
                r.get::<_, String>(3)
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(
            plan[0].contains("USING COVERING INDEX articles_by_"),
            "{plan:?}"
        );
        // The words are one search of the index.
        assert_eq!(
            plan.iter().filter(|p| p.contains("articles_fts")).count(),
            1,
            "{plan:?}"
        );
    }
}
