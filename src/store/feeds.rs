//! The feed list: matching it to the config, reading it, and recording fetches that stored nothing.

use super::{FeedRow, FeedTarget, FetchMeta, Result, Store, sq, write_tx};
use crate::config::FeedConfig;
use rusqlite::params;

pub(super) const UNCHANGED_SQL: &str =
    "UPDATE feeds SET last_fetch = ?2, last_error = NULL, retry_after = NULL,
    etag = COALESCE(?3, etag), last_modified = COALESCE(?4, last_modified),
    body_hash = COALESCE(?5, body_hash)
 WHERE id = ?1";

pub(super) const FAILED_SQL: &str = "UPDATE feeds SET last_fetch = ?2, last_error = ?3,
    retry_after = COALESCE(?4, retry_after) WHERE id = ?1";

impl Store {
    /// Make the store's feed list match the config: add new URLs, set names and order, and hide
    /// (without deleting their articles or read state) feeds no longer configured.
    pub fn sync_feeds(&mut self, feeds: &[FeedConfig]) -> Result<()> {
        let path = self.path.display().to_string();
        // Embedded defaults that moved are synced at their new address (see `store/heal.rs`).
        let feeds = &self.with_moves(feeds)?;
        // Usually nothing changed: then nothing is written (no WAL, no fsync before the first
        // screen).
        let want: Vec<(String, Option<String>, i64, String)> = feeds
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let name = f
                    .name
                    .as_deref()
                    .map(crate::text::sanitize_line)
                    .filter(|n| !n.is_empty());
                let mode = f.full_text.unwrap_or_default().as_str().to_string();
                (f.url.clone(), name, i as i64, mode)
            })
            .collect();
        let have: Vec<(String, Option<String>, i64, String)> = self
            .conn
            .prepare_cached(
                "SELECT url, name, position, full_text_mode FROM feeds WHERE active = 1
                 ORDER BY position, id",
            )
            .and_then(|mut st| {
                st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                    .collect()
            })
            .map_err(|e| sq(&path, e))?;
        if have == want {
            return Ok(());
        }
        let tx = write_tx(&mut self.conn, &path)?;
        tx.execute("UPDATE feeds SET active = 0, position = NULL", [])
            .map_err(|e| sq(&path, e))?;
        {
            let mut up = tx
                .prepare_cached(
                    "INSERT INTO feeds(url, name, position, active, full_text_mode)
                     VALUES(?1, ?2, ?3, 1, ?4)
                     ON CONFLICT(url) DO UPDATE SET name = excluded.name,
                        position = excluded.position, active = 1,
                        full_text_mode = excluded.full_text_mode",
                )
                .map_err(|e| sq(&path, e))?;
            for (i, f) in feeds.iter().enumerate() {
                let name = f
                    .name
                    .as_deref()
                    .map(crate::text::sanitize_line)
                    .filter(|n| !n.is_empty());
                let mode = f.full_text.unwrap_or_default().as_str();
                up.execute(params![f.url, name, i as i64, mode])
                    .map_err(|e| sq(&path, e))?;
            }
        }
        tx.commit().map_err(|e| self.err(e))
    }

    /// Every configured feed, in config order, with counts.
    pub fn feeds(&self) -> Result<Vec<FeedRow>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT id, url, COALESCE(name, title, url), title, unread, total, last_fetch,
                        last_error, h.found_url
                 FROM feeds LEFT JOIN feed_heal h ON h.feed_id = feeds.id
                    AND h.broken_url = feeds.url AND feeds.last_error IS NOT NULL
                 WHERE active = 1 ORDER BY position, id",
            )
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([], |r| {
                Ok(FeedRow {
                    id: r.get(0)?,
                    url: r.get(1)?,
                    display: r.get(2)?,
                    title: r.get(3)?,
                    unread: r.get(4)?,
                    total: r.get(5)?,
                    last_fetch: r.get(6)?,
                    last_error: r.get(7)?,
                    moved_to: r.get(8)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<std::result::Result<_, _>>()
            .map_err(|e| self.err(e))
    }

    /// Find an active feed by its display name (case-insensitive), own title, or URL.
    pub fn find_feed(&self, name_or_url: &str) -> Result<Option<FeedRow>> {
        let want = name_or_url.trim().to_lowercase();
        Ok(self.feeds()?.into_iter().find(|f| {
            f.url == name_or_url.trim()
                || f.display.to_lowercase() == want
                || f.title.as_deref().map(str::to_lowercase).as_deref() == Some(want.as_str())
        }))
    }

    /// Conditional-GET state of the given feeds (all active ones when `ids` is empty).
    pub fn targets(&self, ids: &[i64]) -> Result<Vec<FeedTarget>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT id, url, etag, last_modified, body_hash, retry_after FROM feeds
                 WHERE active = 1 ORDER BY position, id",
            )
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([], |r| {
                Ok(FeedTarget {
                    id: r.get(0)?,
                    url: r.get(1)?,
                    etag: r.get(2)?,
                    last_modified: r.get(3)?,
                    body_hash: r.get(4)?,
                    retry_after: r.get(5)?,
                })
            })
            .map_err(|e| self.err(e))?;
        let all: Vec<FeedTarget> = rows
            .collect::<std::result::Result<_, _>>()
            .map_err(|e| self.err(e))?;
        Ok(if ids.is_empty() {
            all
        } else {
            all.into_iter().filter(|t| ids.contains(&t.id)).collect()
        })
    }

    /// Record a fetch that changed nothing (304, or an identical body).
    pub fn mark_unchanged(&mut self, feed_id: i64, meta: &FetchMeta, now: i64) -> Result<()> {
        self.conn
            .execute(
                UNCHANGED_SQL,
                params![feed_id, now, meta.etag, meta.last_modified, meta.body_hash],
            )
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    /// Record a failed fetch; articles are untouched.
    pub fn mark_failed(
        &mut self,
        feed_id: i64,
        error: &str,
        retry_after: Option<i64>,
        now: i64,
    ) -> Result<()> {
        self.conn
            .execute(
                FAILED_SQL,
                params![feed_id, now, crate::text::sanitize_line(error), retry_after],
            )
            .map(|_| ())
            .map_err(|e| self.err(e))
    }
}
