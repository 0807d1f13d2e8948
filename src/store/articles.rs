//! Reading articles: list pages, counts, positions, one article; read and saved marks.

use super::outbox::Change;
use super::{Article, ArticleRow, FullTextCandidate, FullTextState, ListQuery, Result, Store, sq};
use crate::config::FullTextMode;
use rusqlite::{OptionalExtension, params};

/// Articles of `full_text = "always"` feeds seen since `?1` whose page was not fetched yet.
/// Feeds first (CROSS JOIN keeps that order): only those feeds' articles are read, through
/// their index, not every article in the store (that took 26 ms after each refresh of
/// 10,000 articles, and usually no feed is "always").
const FULL_TEXT_CANDIDATES_SQL: &str = "SELECT a.id, a.link, a.summary, a.content FROM feeds f
    CROSS JOIN articles a ON a.feed_id = f.id
    WHERE f.active = 1 AND f.full_text_mode = 'always' AND a.seen_at >= ?1
      AND a.full_text_state = 0 AND a.link IS NOT NULL
    ORDER BY a.id";

impl Store {
    fn where_clause(q: &ListQuery) -> String {
        let mut w = String::from(if q.feed.is_some() {
            "a.feed_id = ?1"
        } else {
            "f.active = 1 AND ?1 IS NULL"
        });
        // Hidden by a rule: counted and shown nowhere.
        w.push_str(" AND a.hidden = 0");
        if q.unread_only {
            w.push_str(" AND a.read = 0");
        }
        if q.saved {
            w.push_str(" AND a.saved = 1");
        }
        if q.lampung {
            w.push_str(" AND a.place IS NOT NULL");
        }
        w
    }

    /// How many articles `q` selects (from the counters, without a scan, where it can).
    pub fn count(&self, q: &ListQuery) -> Result<i64> {
        if q.saved || q.lampung {
            let sql = format!(
                "SELECT COUNT(*) FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE {}",
                Self::where_clause(q)
            );
            return self
                .conn
                .prepare_cached(&sql)
                .and_then(|mut st| st.query_row([q.feed], |r| r.get::<_, i64>(0)))
                .map_err(|e| self.err(e));
        }
        let col = if q.unread_only { "unread" } else { "total" };
        let sql = match q.feed {
            Some(_) => format!("SELECT {col} FROM feeds WHERE id = ?1"),
            None => {
                format!("SELECT COALESCE(SUM({col}), 0) FROM feeds WHERE active = 1 AND ?1 IS NULL")
            }
        };
        self.conn
            .prepare_cached(&sql)
            .and_then(|mut st| {
                st.query_row([q.feed], |r| r.get::<_, i64>(0))
                    .optional()
                    .map(|v| v.unwrap_or(0))
            })
            .map_err(|e| self.err(e))
    }

    /// One page of `q`, newest first.
    pub fn page(&self, q: &ListQuery, offset: i64, limit: i64) -> Result<Vec<ArticleRow>> {
        let sql = format!(
            "SELECT {ROW_COLUMNS}
             FROM articles a JOIN feeds f ON f.id = a.feed_id
             WHERE {}
             ORDER BY a.published DESC, a.id DESC LIMIT ?2 OFFSET ?3",
            Self::where_clause(q)
        );
        let mut st = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = st
            .query_map(params![q.feed, limit, offset], row_to_article_row)
            .map_err(|e| self.err(e))?;
        rows.collect::<std::result::Result<_, _>>()
            .map_err(|e| self.err(e))
    }

    /// Position of article `id` within `q`'s ordering, if it is in it.
    pub fn position_of(&self, q: &ListQuery, id: i64) -> Result<Option<i64>> {
        let sql = format!(
            "SELECT COUNT(*) FROM articles a JOIN feeds f ON f.id = a.feed_id,
                (SELECT published AS p, id AS i FROM articles WHERE id = ?2) t
             WHERE {} AND (a.published > t.p OR (a.published = t.p AND a.id > t.i))",
            Self::where_clause(q)
        );
        if self.article_row(id)?.is_none() {
            return Ok(None);
        }
        self.conn
            .query_row(&sql, params![q.feed, id], |r| r.get::<_, i64>(0))
            .map(Some)
            .map_err(|e| self.err(e))
    }

    /// The next unread article after position `after` in `q`'s ordering (wrapping to the top).
    pub fn next_unread(&self, q: &ListQuery, after: i64) -> Result<Option<(i64, ArticleRow)>> {
        let uq = ListQuery {
            unread_only: true,
            ..*q
        };
        let sql = format!(
            "SELECT {ROW_COLUMNS}
             FROM articles a JOIN feeds f ON f.id = a.feed_id
             WHERE {} AND (a.published < ?2 OR (a.published = ?2 AND a.id < ?3))
             ORDER BY a.published DESC, a.id DESC LIMIT 1",
            Self::where_clause(&uq)
        );
        let cur = self.page(q, after.max(0), 1)?.into_iter().next();
        let found = match &cur {
            Some(c) if after >= 0 => {
                let pubd = self
                    .conn
                    .query_row(
                        "SELECT published FROM articles WHERE id = ?1",
                        [c.id],
                        |r| r.get::<_, i64>(0),
                    )
                    .map_err(|e| self.err(e))?;
                self.conn
                    .query_row(&sql, params![q.feed, pubd, c.id], row_to_article_row)
                    .optional()
                    .map_err(|e| self.err(e))?
            }
            _ => None,
        };
        let found = match found {
            Some(f) => Some(f),
            None => self.page(&uq, 0, 1)?.into_iter().next(),
        };
        match found {
            Some(row) => {
                let pos = self.position_of(q, row.id)?;
                Ok(pos.map(|p| (p, row)))
            }
            None => Ok(None),
        }
    }

    pub fn article_row(&self, id: i64) -> Result<Option<ArticleRow>> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {ROW_COLUMNS} FROM articles a JOIN feeds f ON f.id = a.feed_id
                     WHERE a.id = ?1"
            ))
            .and_then(|mut st| st.query_row([id], row_to_article_row).optional())
            .map_err(|e| self.err(e))
    }

    /// One article with its body.
    pub fn article(&self, id: i64) -> Result<Option<Article>> {
        self.conn
            .prepare_cached(
                "SELECT a.id, a.feed_id, COALESCE(f.name, f.title, f.url), a.title, a.link,
                        a.author, a.published, a.summary, a.content, a.read, a.full_text,
                        a.full_text_state, a.full_text_error, f.full_text_mode
                 FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE a.id = ?1",
            )
            .and_then(|mut st| {
                st.query_row([id], |r| {
                    Ok(Article {
                        id: r.get(0)?,
                        feed_id: r.get(1)?,
                        feed: r.get(2)?,
                        title: r.get(3)?,
                        link: r.get(4)?,
                        author: r.get(5)?,
                        published: r.get(6)?,
                        summary: r.get(7)?,
                        content: r.get(8)?,
                        read: r.get::<_, i64>(9)? != 0,
                        full_text: r.get(10)?,
                        full_text_state: FullTextState::from_db(r.get(11)?),
                        full_text_error: r.get(12)?,
                        full_text_mode: FullTextMode::from_db(&r.get::<_, String>(13)?),
                        enclosures: Vec::new(),
                    })
                })
                .optional()
            })
            .and_then(|a| match a {
                Some(mut a) => {
                    a.enclosures = super::enclosures::read(&self.conn, a.id)?;
                    Ok(Some(a))
                }
                None => Ok(None),
            })
            .map_err(|e| self.err(e))
    }

    /// Set the read state of articles; returns how many existed. With sync on, each change of
    /// a synced article also queues it for the server, in the same transaction.
    pub fn set_read(&mut self, ids: &[i64], read: bool) -> Result<usize> {
        let outbox = self.outbox;
        let now = crate::time::now();
        let tx = self.conn.transaction().map_err(|e| sq("", e))?;
        let mut n = 0;
        {
            let mut st = tx
                .prepare_cached(
                    "UPDATE articles SET read = ?2 WHERE id = ?1 AND read != ?2 RETURNING remote_id",
                )
                .map_err(|e| sq("", e))?;
            let mut exists = tx
                .prepare_cached("SELECT 1 FROM articles WHERE id = ?1")
                .map_err(|e| sq("", e))?;
            for id in ids {
                let remote: Option<Option<i64>> = st
                    .query_row(params![id, read as i64], |r| r.get(0))
                    .optional()
                    .map_err(|e| sq("", e))?;
                if outbox && let Some(Some(entry)) = remote {
                    super::outbox::add(&tx, &Change::Read { entry, read }, now)
                        .map_err(|e| sq("", e))?;
                }
                if exists.exists([id]).map_err(|e| sq("", e))? {
                    n += 1;
                }
            }
        }
        tx.commit().map_err(|e| self.err(e))?;
        Ok(n)
    }

    /// Save (star) or unsave articles; saved ones are never dropped by the per-feed cap. With
    /// sync on, a synced article's change is queued for the server in the same transaction.
    pub fn set_saved(&mut self, ids: &[i64], saved: bool) -> Result<usize> {
        let outbox = self.outbox;
        let now = crate::time::now();
        let tx = self.conn.transaction().map_err(|e| sq("", e))?;
        let mut n = 0;
        {
            let mut st = tx
                .prepare_cached("UPDATE articles SET saved = ?2 WHERE id = ?1 RETURNING remote_id")
                .map_err(|e| sq("", e))?;
            for id in ids {
                let remote: Option<Option<i64>> = st
                    .query_row(params![id, saved as i64], |r| r.get(0))
                    .optional()
                    .map_err(|e| sq("", e))?;
                if let Some(remote) = remote {
                    n += 1;
                    if outbox && let Some(entry) = remote {
                        let change = Change::Starred {
                            entry,
                            starred: saved,
                        };
                        super::outbox::add(&tx, &change, now).map_err(|e| sq("", e))?;
                    }
                }
            }
        }
        tx.commit().map_err(|e| self.err(e))?;
        Ok(n)
    }

    /// Articles first seen at or after `since` in feeds whose mode is `always`, whose page has
    /// not been fetched: (id, link, summary, content).
    pub fn full_text_candidates(&self, since: i64) -> Result<Vec<FullTextCandidate>> {
        let mut st = self
            .conn
            .prepare_cached(FULL_TEXT_CANDIDATES_SQL)
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([since], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<std::result::Result<_, _>>()
            .map_err(|e| self.err(e))
    }

    /// Mark every article of `q` read (a feed, or all). With sync on, the server is asked to
    /// do the same (a synced feed's, or the account's, mark-all-read), in the same transaction.
    pub fn mark_all_read(&mut self, feed: Option<i64>) -> Result<usize> {
        Ok(self.mark_all_read_changed(feed)?.ids.len())
    }
}

/// The columns `row_to_article_row` reads, for every list query.
pub(super) const ROW_COLUMNS: &str =
    "a.id, a.feed_id, COALESCE(f.name, f.title, f.url), a.title, a.link,
    a.published, a.read, a.saved, a.place_matched";

pub(super) fn row_to_article_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ArticleRow> {
    Ok(ArticleRow {
        id: r.get(0)?,
        feed_id: r.get(1)?,
        feed: r.get(2)?,
        title: r.get(3)?,
        link: r.get(4)?,
        published: r.get(5)?,
        read: r.get::<_, i64>(6)? != 0,
        saved: r.get::<_, i64>(7)? != 0,
        place: r.get(8)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// After every refresh the store is asked for full-text candidates; that must read only
    /// the articles of "always" feeds (by index), never scan every article.
    #[test]
    fn full_text_candidates_read_only_always_feeds_articles() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = Store::open(&dir.path().join("kabar.db")).unwrap();
        let mut st = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {FULL_TEXT_CANDIDATES_SQL}"))
            .unwrap();
        let plan: Vec<String> = st
            .query_map([0], |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(plan[0], "SCAN f", "{plan:?}");
        assert!(plan[1].starts_with("SEARCH a USING INDEX"), "{plan:?}");
    }
}
