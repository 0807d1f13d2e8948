//! Refresh writes: a batch of fetched feeds stored in one transaction.

use super::feeds::{FAILED_SQL, UNCHANGED_SQL};
use super::search::{indexed_upto, mark_indexed};
use super::{FeedWrite, FetchMeta, NewFeed, Result, Store, enclosures, sq, write_tx};
use rusqlite::{Connection, OptionalExtension, params};
use std::borrow::Cow;

impl Store {
    /// With `on`, [`Store::apply_batch`] puts the articles it adds into the search index and
    /// through the rules in the same transaction, whenever the index is up to date when it
    /// starts (otherwise they wait for `index_pending` as usual). A refresh asks for this when
    /// there are rules: an article a rule hides is then never shown, a notify rule fires as
    /// the article is stored, and a read or save rule changes rows the transaction is writing
    /// anyway (afterwards each change rewrites a whole page of the store).
    pub fn index_on_write(&mut self, on: bool) {
        self.index_on_write = on;
    }

    /// Store one fetched feed in one transaction: new articles added, changed ones updated
    /// (read state kept), the oldest unsaved beyond `max_items` dropped. Returns how many were
    /// new. Like [`Store::apply_batch`], it leaves new articles out of the search index.
    pub fn apply_feed(
        &mut self,
        feed_id: i64,
        feed: &NewFeed,
        meta: &FetchMeta,
        max_items: usize,
        now: i64,
    ) -> Result<usize> {
        let w = FeedWrite::Stored {
            feed_id,
            feed,
            meta,
        };
        Ok(self.apply_batch(&[w], max_items, now)?[0])
    }

    /// Apply the outcome of several feeds' fetches in one transaction (one commit for all).
    /// New articles are not put in the search index here: that is `index_pending`'s job, run
    /// after the refresh, so a refresh costs what storing costs (FTS5 indexing was half of
    /// it). Returns the new-article count of each write. On error nothing is written.
    pub fn apply_batch(
        &mut self,
        writes: &[FeedWrite<'_>],
        max_items: usize,
        now: i64,
    ) -> Result<Vec<usize>> {
        if let Some(c) = &self.checkpointer {
            c.keep_log_short();
        }
        let path = self.path.display().to_string();
        let e = |e| sq(&path, e);
        let tx = write_tx(&mut self.conn, &path)?;
        open_stage(&tx).map_err(e)?;
        let indexed_upto = indexed_upto(&tx).map_err(e)?;
        // Index here only when nothing older waits for the indexer (its mark moves past ours).
        let index_after = if self.index_on_write {
            let last = last_id(&tx).map_err(e)?;
            (last == indexed_upto).then_some(last)
        } else {
            None
        };
        let mut counts = Vec::with_capacity(writes.len());
        for w in writes {
            counts.push(match w {
                FeedWrite::Stored {
                    feed_id,
                    feed,
                    meta,
                } => stage_feed(
                    &tx,
                    &path,
                    Staging {
                        feed_id: *feed_id,
                        feed,
                        meta,
                        max_items,
                        now,
                        indexed_upto,
                        index_new: index_after.is_some(),
                    },
                )?,
                FeedWrite::Unchanged { feed_id, meta } => {
                    tx.prepare_cached(UNCHANGED_SQL)
                        .and_then(|mut st| {
                            st.execute(params![
                                feed_id,
                                now,
                                meta.etag,
                                meta.last_modified,
                                meta.body_hash
                            ])
                        })
                        .map_err(e)?;
                    0
                }
                FeedWrite::Failed {
                    feed_id,
                    error,
                    retry_after,
                } => {
                    tx.prepare_cached(FAILED_SQL)
                        .and_then(|mut st| {
                            st.execute(params![
                                feed_id,
                                now,
                                crate::text::sanitize_line(error),
                                retry_after
                            ])
                        })
                        .map_err(e)?;
                    0
                }
            });
        }
        flush_stage(&tx).map_err(e)?;
        if let Some(after) = index_after {
            let last = last_id(&tx).map_err(e)?;
            mark_indexed(&tx, after, last).map_err(e)?;
        }
        tx.commit().map_err(e)?;
        if let Some(c) = &self.checkpointer {
            c.wake();
        }
        // What the cache holds now is written; letting it go keeps a refresh of small feeds
        // from ending with 8 MB of pages it will hardly read again.
        let _ = self
            .conn
            .prepare_cached("PRAGMA shrink_memory")
            .and_then(|mut st| st.execute([]));
        Ok(counts)
    }
}

/// One feed to stage in a refresh transaction.
pub(super) struct Staging<'a> {
    pub feed_id: i64,
    pub feed: &'a NewFeed,
    pub meta: &'a FetchMeta,
    pub max_items: usize,
    pub now: i64,
    /// Articles up to this id are in the search index; a changed one is re-indexed here.
    pub indexed_upto: i64,
    /// New articles are staged for the search index too (see [`Store::index_on_write`]).
    pub index_new: bool,
}

/// Stage one fetched feed inside a refresh transaction: its row updated, new items inserted,
/// changed items updated (read state kept; re-indexed through `fts_stage` if already indexed),
/// the oldest unsaved items beyond `max_items` dropped. Returns how many were new.
pub(super) fn stage_feed(
    tx: &rusqlite::Transaction<'_>,
    path: &str,
    st: Staging<'_>,
) -> Result<usize> {
    let Staging {
        feed_id,
        feed,
        meta,
        max_items,
        now,
        indexed_upto,
        index_new,
    } = st;
    let max_items = feed.keep.unwrap_or(max_items);
    let e = |e| sq(path, e);
    tx.prepare_cached(
        "UPDATE feeds SET title = COALESCE(?2, title), site_link = COALESCE(?3, site_link),
                etag = ?4, last_modified = ?5, body_hash = ?6, last_fetch = ?7,
                last_error = NULL, retry_after = NULL WHERE id = ?1",
    )
    .and_then(|mut st| {
        st.execute(params![
            feed_id,
            feed.title,
            feed.site_link,
            meta.etag,
            meta.last_modified,
            meta.body_hash,
            now
        ])
    })
    .map_err(e)?;
    let mut new = 0;
    {
        let mut ins = tx
            .prepare_cached(
                "INSERT INTO articles(feed_id, key, title, link, author, published, seen_at,
                        summary, content, place, place_matched)
                     VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                     ON CONFLICT(feed_id, key) DO NOTHING",
            )
            .map_err(e)?;
        let mut upd = tx
            .prepare_cached(
                "UPDATE articles SET title = ?3, link = ?4, author = ?5,
                        published = COALESCE(?6, published), summary = ?7, content = ?8,
                        place = ?9, place_matched = ?10
                     WHERE feed_id = ?1 AND key = ?2 AND (title IS NOT ?3 OR link IS NOT ?4
                        OR author IS NOT ?5 OR summary IS NOT ?7 OR content IS NOT ?8
                        OR (?6 IS NOT NULL AND published IS NOT ?6))
                     RETURNING id",
            )
            .map_err(e)?;
        let mut id_of = tx
            .prepare_cached("SELECT id FROM articles WHERE feed_id = ?1 AND key = ?2")
            .map_err(e)?;
        let mut fts_del = tx
            .prepare_cached("DELETE FROM articles_fts WHERE rowid = ?1")
            .map_err(e)?;
        let mut fts_ins = tx
            .prepare_cached("INSERT OR REPLACE INTO fts_stage(id, title, body) VALUES(?1, ?2, ?3)")
            .map_err(e)?;
        // Items without a date sort as "when first seen"; keep their order stable by
        // spacing them a second apart in feed order.
        for (i, it) in feed.articles.iter().enumerate() {
            let (place, matched) = match &it.place {
                Some(p) => (Some(p.region.as_str()), Some(p.matched.as_str())),
                None => (None, None),
            };
            let published = it.published.unwrap_or(now - i as i64);
            let n = ins
                .execute(params![
                    feed_id, it.key, it.title, it.link, it.author, published, now, it.summary,
                    it.content, place, matched
                ])
                .map_err(e)?;
            if n == 1 {
                new += 1;
                let id = tx.last_insert_rowid();
                if !it.enclosures.is_empty() {
                    enclosures::put(tx, id, &it.enclosures, true).map_err(e)?;
                }
                if index_new {
                    fts_ins
                        .execute(params![id, it.title, search_text(feed, it)])
                        .map_err(e)?;
                }
            } else {
                let changed: Option<i64> = upd
                    .query_row(
                        params![
                            feed_id,
                            it.key,
                            it.title,
                            it.link,
                            it.author,
                            it.published,
                            it.summary,
                            it.content,
                            place,
                            matched
                        ],
                        |r| r.get(0),
                    )
                    .optional()
                    .map_err(e)?;
                // Enclosures are not in the change test above: look the article up when the
                // feed lists some (or the article changed, and may have lost them).
                let id = match changed {
                    Some(id) => Some(id),
                    None if !it.enclosures.is_empty() => id_of
                        .query_row(params![feed_id, it.key], |r| r.get(0))
                        .optional()
                        .map_err(e)?,
                    None => None,
                };
                if let Some(id) = id {
                    enclosures::put(tx, id, &it.enclosures, false).map_err(e)?;
                }
                if let Some(id) = changed.filter(|id| *id <= indexed_upto) {
                    fts_del.execute([id]).map_err(e)?;
                    fts_ins
                        .execute(params![id, it.title, search_text(feed, it)])
                        .map_err(e)?;
                }
            }
        }
    }
    // New articles are unread. (Counted here rather than by a trigger per row.)
    let total: i64 = tx
        .prepare_cached(
            "UPDATE feeds SET total = total + ?2, unread = unread + ?2 WHERE id = ?1
             RETURNING total",
        )
        .and_then(|mut st| st.query_row(params![feed_id, new as i64], |r| r.get(0)))
        .map_err(e)?;
    if total > max_items as i64 {
        tx.prepare_cached(
            "DELETE FROM articles WHERE id IN (
                    SELECT id FROM articles WHERE feed_id = ?1 AND saved = 0
                    ORDER BY published DESC, id DESC LIMIT -1 OFFSET ?2)",
        )
        .and_then(|mut st| st.execute(params![feed_id, max_items as i64]))
        .map_err(e)?;
        // Staged search rows of articles the cap just dropped must not reach the index.
        tx.prepare_cached(
            "DELETE FROM fts_stage WHERE NOT EXISTS
                    (SELECT 1 FROM articles a WHERE a.id = fts_stage.id)",
        )
        .and_then(|mut st| st.execute([]))
        .map_err(e)?;
    }
    Ok(new)
}

/// An article's search text: worked out while parsing, or here.
fn search_text<'a>(feed: &NewFeed, it: &'a super::NewArticle) -> Cow<'a, str> {
    match &it.search_text {
        Some(t) => Cow::Borrowed(t.as_str()),
        None => Cow::Owned((feed.to_text)(it.body())),
    }
}

/// The highest article id (0 in an empty store).
fn last_id(conn: &Connection) -> rusqlite::Result<i64> {
    conn.prepare_cached("SELECT COALESCE(MAX(id), 0) FROM articles")?
        .query_row([], |r| r.get(0))
}

/// Start staging search rows in the temp table `fts_stage`. They are moved into FTS5 with one
/// statement (`flush_stage`): FTS5 flushes its buffer at every savepoint, and each article
/// insert makes one.
/// Statements are cached: a refresh runs these once per batch, and compiling SQL was a tenth
/// of the writer's time.
pub(super) fn open_stage(conn: &Connection) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "CREATE TEMP TABLE IF NOT EXISTS fts_stage(id INTEGER PRIMARY KEY, title TEXT, body TEXT)",
    )?
    .execute([])?;
    conn.prepare_cached("DELETE FROM fts_stage")?.execute([])?;
    Ok(())
}

/// Move the staged search rows into the index.
pub(super) fn flush_stage(conn: &Connection) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO articles_fts(rowid, title, body) SELECT id, title, body FROM fts_stage",
    )?
    .execute([])?;
    conn.prepare_cached("DELETE FROM fts_stage")?.execute([])?;
    Ok(())
}
