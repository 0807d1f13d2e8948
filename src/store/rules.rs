//! Rules (a query and an action) kept in the store, applied to articles as they enter the
//! search index and on request to every stored article; feed tags; notify matches.

use super::outbox::Change;
use super::query::{When, compile, compile_in};
use super::{ArticleRow, Result, Store, sq, write_tx};
use crate::config::{FeedConfig, RuleAction, RuleConfig};
use rusqlite::{Connection, params};

/// A rule as stored: its query text and action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleRow {
    pub query: String,
    pub action: RuleAction,
}

/// What applying the rules did: per rule (in order), how many articles it matched.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleOutcome {
    pub matched: Vec<usize>,
}

impl Store {
    /// Keep the configured zone (`utc_offset` seconds east of UTC) for the rules run as
    /// articles are indexed, so that `since:` a date means the same there as in a view.
    /// Writes only when it changed.
    pub fn sync_rules_zone(&mut self, utc_offset: i32) -> Result<()> {
        let path = self.path.display().to_string();
        let e = |e| sq(&path, e);
        if super::search::rules_zone(&self.conn).map_err(e)? != utc_offset {
            self.conn
                .execute("UPDATE search_state SET utc_offset = ?1", [utc_offset])
                .map_err(e)?;
        }
        Ok(())
    }

    /// Make the stored rules and feed tags match the config (writes only when they differ).
    pub fn sync_rules(&mut self, feeds: &[FeedConfig], rules: &[RuleConfig]) -> Result<()> {
        let path = self.path.display().to_string();
        let e = |e| sq(&path, e);
        // No rules and no tags in the config (the usual case): one look that the store has
        // none either (the two reads below were a start-up's tenth of a millisecond).
        if rules.is_empty() && feeds.iter().all(|f| f.tags.is_empty()) {
            let stored: bool = self
                .conn
                .prepare_cached(
                    "SELECT EXISTS(SELECT 1 FROM rules) OR EXISTS(SELECT 1 FROM feed_tags)",
                )
                .and_then(|mut st| st.query_row([], |r| r.get(0)))
                .map_err(e)?;
            if !stored {
                return Ok(());
            }
        }
        let want_rules: Vec<(String, String)> = rules
            .iter()
            .map(|r| (r.query.clone(), r.action.as_string()))
            .collect();
        let have_rules: Vec<(String, String)> = self
            .conn
            .prepare_cached("SELECT query, action FROM rules ORDER BY position")
            .and_then(|mut st| st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
            .map_err(e)?;
        let mut want_tags: Vec<(String, String)> = feeds
            .iter()
            .flat_map(|f| f.tags.iter().map(|t| (f.url.clone(), t.to_lowercase())))
            .collect();
        // Only feeds the store has (a moved default is stored at its new address). Without
        // tags (the usual case) there is nothing to check, and every start-up skips reading
        // each feed's address.
        if !want_tags.is_empty() {
            let urls: std::collections::HashSet<String> = self
                .conn
                .prepare_cached("SELECT url FROM feeds")
                .and_then(|mut st| st.query_map([], |r| r.get(0))?.collect())
                .map_err(e)?;
            want_tags.retain(|(url, _)| urls.contains(url));
        }
        want_tags.sort();
        want_tags.dedup();
        let have_tags: Vec<(String, String)> = self
            .conn
            .prepare_cached(
                "SELECT f.url, t.tag FROM feed_tags t JOIN feeds f ON f.id = t.feed_id
                 ORDER BY f.url, t.tag",
            )
            .and_then(|mut st| st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
            .map_err(e)?;
        if have_rules == want_rules && have_tags == want_tags {
            return Ok(());
        }
        let tx = write_tx(&mut self.conn, &path)?;
        tx.execute_batch("DELETE FROM rules; DELETE FROM feed_tags;")
            .map_err(e)?;
        for (i, (q, a)) in want_rules.iter().enumerate() {
            tx.execute(
                "INSERT INTO rules(position, query, action) VALUES(?1, ?2, ?3)",
                params![i as i64, q, a],
            )
            .map_err(e)?;
        }
        for (url, tag) in &want_tags {
            tx.execute(
                "INSERT OR IGNORE INTO feed_tags(feed_id, tag)
                 SELECT id, ?2 FROM feeds WHERE url = ?1",
                params![url, tag],
            )
            .map_err(e)?;
        }
        tx.commit().map_err(e)
    }

    /// The stored rules, in order (a rule whose text no longer parses is left out).
    pub fn rules(&self) -> Result<Vec<RuleRow>> {
        stored_rules(&self.conn).map_err(|e| self.err(e))
    }

    /// Apply every rule to every stored article: hiding is worked out afresh (an article no
    /// hide rule matches any more comes back); the other actions add to what is there.
    pub fn apply_rules_to_all(&mut self, when: When) -> Result<RuleOutcome> {
        let path = self.path.display().to_string();
        let e = |e| sq(&path, e);
        let tx = write_tx(&mut self.conn, &path)?;
        tx.execute("UPDATE articles SET hidden = 0 WHERE hidden = 1", [])
            .map_err(e)?;
        let rules = stored_rules(&tx).map_err(e)?;
        let outcome = apply(&tx, &rules, None, when).map_err(e)?;
        tx.commit().map_err(e)?;
        Ok(outcome)
    }

    /// Articles a notify rule matched that have not been shown yet (oldest first), marked
    /// shown.
    pub fn take_notifications(&mut self) -> Result<Vec<ArticleRow>> {
        let sql = format!(
            "SELECT {} FROM notified n JOIN articles a ON a.id = n.article_id
             JOIN feeds f ON f.id = a.feed_id WHERE n.shown = 0 ORDER BY a.published, a.id",
            super::articles::ROW_COLUMNS
        );
        let rows = self.rows(&sql, &[])?;
        self.conn
            .execute("UPDATE notified SET shown = 1 WHERE shown = 0", [])
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    /// The ids of every stored article `q` matches (hidden ones included), newest first.
    pub fn query_ids(&self, q: &crate::query::Query, when: When) -> Result<Vec<i64>> {
        let c = compile(q, when);
        let sql = format!(
            "SELECT a.id FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE {}
             ORDER BY a.published DESC, a.id DESC",
            c.sql
        );
        self.conn
            .prepare(&sql)
            .and_then(|mut st| {
                st.query_map(rusqlite::params_from_iter(&c.params), |r| r.get(0))?
                    .collect()
            })
            .map_err(|e| self.err(e))
    }
}

pub(super) fn stored_rules(conn: &Connection) -> rusqlite::Result<Vec<RuleRow>> {
    let rows: Vec<(String, String)> = conn
        .prepare_cached("SELECT query, action FROM rules ORDER BY position")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows
        .into_iter()
        .filter_map(|(query, action)| {
            crate::query::parse(&query).ok()?;
            Some(RuleRow {
                action: RuleAction::parse(&action)?,
                query,
            })
        })
        .collect())
}

/// Apply `rules` to the articles with ids in `range` (`(after, upto]`; `None`: all), one
/// statement per rule.
pub(super) fn apply(
    conn: &Connection,
    rules: &[RuleRow],
    range: Option<(i64, i64)>,
    when: When,
) -> rusqlite::Result<RuleOutcome> {
    let mut outcome = RuleOutcome::default();
    for rule in rules {
        let Ok(q) = crate::query::parse(&rule.query) else {
            outcome.matched.push(0);
            continue;
        };
        let mut c = compile_in(&q, when, range);
        let ids = format!(
            "SELECT a.id FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE {}",
            c.sql
        );
        // Over everything stored, say how many the rule matches (not how many it changed:
        // most were tagged or announced when they arrived).
        let matched: Option<usize> = match range {
            None => Some(conn.query_row(
                &format!("SELECT COUNT(*) FROM ({ids})"),
                rusqlite::params_from_iter(&c.params),
                |r| r.get(0),
            )?),
            Some(_) => None,
        };
        let sql = match &rule.action {
            RuleAction::Read | RuleAction::Save => {
                let save = matches!(rule.action, RuleAction::Save);
                let n = set_for_server(conn, save, &ids, &c.params, when.now)?;
                outcome.matched.push(matched.unwrap_or(n));
                continue;
            }
            RuleAction::Hide => format!("UPDATE articles SET hidden = 1 WHERE id IN ({ids})"),
            RuleAction::Tag(tag) => {
                let t = c.bind(tag.clone());
                format!(
                    "INSERT OR IGNORE INTO article_tags(article_id, tag)
                     SELECT id, {t} FROM ({ids})"
                )
            }
            RuleAction::Notify => {
                let now = c.bind(when.now);
                format!(
                    "INSERT OR IGNORE INTO notified(article_id, at) SELECT id, {now} FROM ({ids})"
                )
            }
        };
        let n = conn.execute(&sql, rusqlite::params_from_iter(&c.params))?;
        outcome.matched.push(matched.unwrap_or(n));
    }
    Ok(outcome)
}

/// A read or save (`save`) rule: set the flag on the articles `ids` selects that lack it, and
/// queue each synced one for the server (the outbox), or the server, and every other device,
/// would still call it unread, and the next full pull would undo the rule. Chosen by the article's
/// `remote_id`, not the store's sync switch: the indexer runs on a store of its own. Returns
/// how many changed.
fn set_for_server(
    conn: &Connection,
    save: bool,
    ids: &str,
    params: &[rusqlite::types::Value],
    now: i64,
) -> rusqlite::Result<usize> {
    let (column, change): (&str, fn(i64) -> Change) = if save {
        ("saved", |entry| Change::Starred {
            entry,
            starred: true,
        })
    } else {
        ("read", |entry| Change::Read { entry, read: true })
    };
    let sql = format!(
        "UPDATE articles SET {column} = 1 WHERE {column} = 0 AND id IN ({ids}) RETURNING remote_id"
    );
    let mut st = conn.prepare(&sql)?;
    let remotes: Vec<Option<i64>> = st
        .query_map(rusqlite::params_from_iter(params), |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for entry in remotes.iter().flatten() {
        super::outbox::add(conn, &change(*entry), now)?;
    }
    Ok(remotes.len())
}
