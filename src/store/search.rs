//! Full-text search: the query, the index kept after refreshes, and full text fetched later.

use super::write::{flush_stage, open_stage};
use super::{FullText, INDEX_CHUNK, Place, Result, Store, ToText, sq, write_tx};
use rusqlite::{Connection, OptionalExtension, params};

impl Store {
    /// Put up to `max` articles that are not in the search index yet into it, oldest first,
    /// in one transaction, their bodies turned into text by `to_text`; returns how many. Run
    /// after a refresh (in the background by the reader, before a search by `kabar search`),
    /// through `feed::ingest::index_pending`. Articles stored before the store had search
    /// (see `backfill_later`) also get their Lampung place here, from that text.
    pub fn index_pending(&mut self, max: usize, to_text: ToText) -> Result<usize> {
        let path = self.path.display().to_string();
        let e = |e| sq(&path, e);
        let tx = write_tx(&mut self.conn, &path)?;
        let upto = indexed_upto(&tx).map_err(e)?;
        let places_upto = places_backfill_upto(&tx).map_err(e)?;
        let mut last = upto;
        let mut n = 0;
        {
            open_stage(&tx).map_err(e)?;
            let mut read = tx
                .prepare_cached(
                    "SELECT id, title, COALESCE(NULLIF(full_text, ''), NULLIF(content, ''), summary, '')
                     FROM articles WHERE id > ?1 ORDER BY id LIMIT ?2",
                )
                .map_err(e)?;
            let mut stage = tx
                .prepare_cached("INSERT INTO fts_stage(id, title, body) VALUES(?1, ?2, ?3)")
                .map_err(e)?;
            let mut rows = read
                .query(params![upto, max.min(i64::MAX as usize) as i64])
                .map_err(e)?;
            while let Some(r) = rows.next().map_err(e)? {
                let id: i64 = r.get(0).map_err(e)?;
                let title: String = r.get(1).map_err(e)?;
                let body: String = r.get(2).map_err(e)?;
                let text = to_text(&body);
                if id <= places_upto
                    && let Some(p) = crate::places::find_in_title(&title)
                        .or_else(|| crate::places::find_in_body(&text))
                        .map(Place::from)
                {
                    tx.execute(
                        "UPDATE articles SET place = ?2, place_matched = ?3 WHERE id = ?1",
                        params![id, p.region, p.matched],
                    )
                    .map_err(e)?;
                }
                stage.execute(params![id, title, text]).map_err(e)?;
                last = id;
                n += 1;
            }
        }
        flush_stage(&tx).map_err(e)?;
        mark_indexed(&tx, upto, last).map_err(e)?;
        if places_upto > 0 && (last >= places_upto || n < max) {
            tx.execute_batch("DROP TABLE places_backfill").map_err(e)?;
        }
        tx.commit().map_err(e)?;
        Ok(n)
    }

    /// Index everything that is not in the search index yet (see [`Store::index_pending`]).
    pub fn index_all(&mut self, to_text: ToText) -> Result<usize> {
        let mut total = 0;
        loop {
            let n = self.index_pending(INDEX_CHUNK, to_text)?;
            total += n;
            if n < INDEX_CHUNK {
                return Ok(total);
            }
        }
    }

    /// How many articles are not in the search index yet.
    pub fn unindexed(&self) -> Result<i64> {
        self.conn
            .query_row(
                "SELECT COUNT(*) FROM articles WHERE id > (SELECT indexed_upto FROM search_state)",
                [],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))
    }

    /// Store the outcome of fetching an article's page: its extracted text (and the plain
    /// text search should find), or why it failed.
    pub fn set_full_text(&mut self, id: i64, result: FullText<'_>) -> Result<()> {
        let (text, state, err) = match result {
            FullText::Fetched { text, .. } => (Some(text), 1, None),
            FullText::Failed(e) => (None, 2, Some(crate::text::sanitize_line(e))),
        };
        let path = self.path.display().to_string();
        let e = |e| sq(&path, e);
        let tx = write_tx(&mut self.conn, &path)?;
        tx.execute(
            "UPDATE articles SET full_text = COALESCE(?2, full_text), full_text_state = ?3,
                full_text_error = ?4 WHERE id = ?1",
            params![id, text, state, err],
        )
        .map_err(e)?;
        // The whole story is what search should find. An article not indexed yet gets its
        // full text when it is (`index_pending` prefers it).
        if let FullText::Fetched { search_text, .. } = result
            && id <= indexed_upto(&tx).map_err(e)?
        {
            let title: Option<String> = tx
                .query_row("SELECT title FROM articles WHERE id = ?1", [id], |r| {
                    r.get(0)
                })
                .optional()
                .map_err(e)?;
            if let Some(title) = title {
                tx.execute("DELETE FROM articles_fts WHERE rowid = ?1", [id])
                    .map_err(e)?;
                tx.execute(
                    "INSERT INTO articles_fts(rowid, title, body) VALUES(?1, ?2, ?3)",
                    params![id, title, search_text],
                )
                .map_err(e)?;
            }
        }
        tx.commit().map_err(e)
    }
}

/// The zone (seconds east of UTC) rules run in as articles are indexed.
pub(super) fn rules_zone(conn: &Connection) -> rusqlite::Result<i32> {
    conn.prepare_cached("SELECT utc_offset FROM search_state")?
        .query_row([], |r| r.get(0))
}

/// Articles up to this id are in the search index.
pub(super) fn indexed_upto(conn: &Connection) -> rusqlite::Result<i64> {
    conn.prepare_cached("SELECT indexed_upto FROM search_state")?
        .query_row([], |r| r.get(0))
}

/// The articles with ids in `(after, last]` are in the index now (staged and flushed): the
/// rules see them (their words are matched there) and the mark moves past them.
pub(super) fn mark_indexed(conn: &Connection, after: i64, last: i64) -> rusqlite::Result<()> {
    if last > after {
        let rules = super::rules::stored_rules(conn)?;
        if !rules.is_empty() {
            let when = super::When {
                now: crate::time::now(),
                utc_offset: rules_zone(conn)?,
            };
            super::rules::apply(conn, &rules, Some((after, last)), when)?;
        }
    }
    conn.execute("UPDATE search_state SET indexed_upto = ?1", [last])?;
    Ok(())
}

/// After an upgrade from a store without search (schema 2 or older): every article is to be
/// indexed, and those stored so far (up to the id kept in `places_backfill`) get their place
/// as they are. Both need the bodies read as text, which is the indexer's job, not the store's.
pub(super) fn backfill_later(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "BEGIN IMMEDIATE;
         UPDATE search_state SET indexed_upto = 0;
         CREATE TABLE IF NOT EXISTS places_backfill(upto INTEGER NOT NULL);
         DELETE FROM places_backfill;
         INSERT INTO places_backfill SELECT COALESCE(MAX(id), 0) FROM articles;
         COMMIT;",
    )
}

/// Articles up to this id still need their place (0: none do).
fn places_backfill_upto(conn: &Connection) -> rusqlite::Result<i64> {
    let pending: bool = conn
        .prepare_cached(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'places_backfill'",
        )?
        .exists([])?;
    if !pending {
        return Ok(0);
    }
    conn.query_row(
        "SELECT COALESCE(MAX(upto), 0) FROM places_backfill",
        [],
        |r| r.get(0),
    )
}
