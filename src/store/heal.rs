//! Feed healing as stored: suggestions found for broken feed addresses, and feed moves.

use super::{Result, Store};
use crate::config::FeedConfig;
use rusqlite::{OptionalExtension, params};

/// A feed address that broke, and the feed of the same site discovery found for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    pub feed_id: i64,
    /// The feed's address when it broke (the suggestion holds while the feed still has it).
    pub broken_url: String,
    pub found_url: String,
    pub found_title: Option<String>,
}

impl Store {
    /// True when discovery already ran for `feed_id` at `url` (it runs once per broken address).
    pub fn heal_checked(&self, feed_id: i64, url: &str) -> Result<bool> {
        self.conn
            .query_row(
                "SELECT 1 FROM feed_heal WHERE feed_id = ?1 AND broken_url = ?2",
                params![feed_id, url],
                |_| Ok(()),
            )
            .optional()
            .map(|r| r.is_some())
            .map_err(|e| self.err(e))
    }

    /// Record what discovery found for `feed_id` broken at `url` (`found`: URL and title).
    pub fn record_heal(
        &mut self,
        feed_id: i64,
        url: &str,
        found: Option<(&str, Option<&str>)>,
        now: i64,
    ) -> Result<()> {
        self.conn
            .execute(
                "INSERT OR REPLACE INTO feed_heal(feed_id, broken_url, found_url, found_title,
                    checked) VALUES(?1, ?2, ?3, ?4, ?5)",
                params![
                    feed_id,
                    url,
                    found.map(|f| f.0),
                    found.and_then(|f| f.1),
                    now
                ],
            )
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    /// Open suggestions: for active feeds that still have the broken address and still fail.
    pub fn suggestions(&self) -> Result<Vec<Suggestion>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT h.feed_id, h.broken_url, h.found_url, h.found_title
                 FROM feed_heal h JOIN feeds f ON f.id = h.feed_id
                 WHERE f.active = 1 AND f.url = h.broken_url AND f.last_error IS NOT NULL
                   AND h.found_url IS NOT NULL
                 ORDER BY f.position, f.id",
            )
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([], |r| {
                Ok(Suggestion {
                    feed_id: r.get(0)?,
                    broken_url: r.get(1)?,
                    found_url: r.get(2)?,
                    found_title: r.get(3)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<std::result::Result<_, _>>()
            .map_err(|e| self.err(e))
    }

    /// Give feed `feed_id` the address `to`, keeping its articles and read state; its fetch
    /// state starts over. `remember`: also map the old address to the new one when the config
    /// is synced (for the embedded defaults, which have no file to edit). False when another
    /// feed already has `to`.
    pub fn move_feed(&mut self, feed_id: i64, to: &str, remember: bool, now: i64) -> Result<bool> {
        let path = self.path.display().to_string();
        let tx = self.conn.transaction().map_err(|e| super::sq(&path, e))?;
        let from: Option<String> = tx
            .query_row("SELECT url FROM feeds WHERE id = ?1", [feed_id], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| super::sq(&path, e))?;
        let taken: bool = tx
            .query_row("SELECT 1 FROM feeds WHERE url = ?1", [to], |_| Ok(()))
            .optional()
            .map(|r| r.is_some())
            .map_err(|e| super::sq(&path, e))?;
        let Some(from) = from.filter(|_| !taken) else {
            return Ok(false);
        };
        tx.execute(
            "UPDATE feeds SET url = ?2, etag = NULL, last_modified = NULL, body_hash = NULL,
                retry_after = NULL WHERE id = ?1",
            params![feed_id, to],
        )
        .map_err(|e| super::sq(&path, e))?;
        tx.execute("DELETE FROM feed_heal WHERE feed_id = ?1", [feed_id])
            .map_err(|e| super::sq(&path, e))?;
        if remember {
            // A chain of moves stays one step: whatever led to `from` now leads to `to`.
            tx.execute(
                "UPDATE feed_moves SET to_url = ?2 WHERE to_url = ?1",
                params![from, to],
            )
            .map_err(|e| super::sq(&path, e))?;
            tx.execute(
                "INSERT OR REPLACE INTO feed_moves(from_url, to_url, moved) VALUES(?1, ?2, ?3)",
                params![from, to, now],
            )
            .map_err(|e| super::sq(&path, e))?;
        }
        tx.commit().map_err(|e| super::sq(&path, e))?;
        Ok(true)
    }

    /// `feeds` with the addresses remembered by [`Store::move_feed`] put in (borrowed as they
    /// are when nothing moved, the usual case). The moves are read in one query: a query per
    /// feed was a fifth of the reader's start-up, most of it preparing one statement 200 times.
    pub(super) fn with_moves<'a>(
        &self,
        feeds: &'a [FeedConfig],
    ) -> Result<std::borrow::Cow<'a, [FeedConfig]>> {
        let moves: std::collections::HashMap<String, String> = self
            .conn
            .prepare_cached("SELECT from_url, to_url FROM feed_moves")
            .and_then(|mut st| st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
            .map_err(|e| self.err(e))?;
        if !feeds.iter().any(|f| moves.contains_key(&f.url)) {
            return Ok(std::borrow::Cow::Borrowed(feeds));
        }
        Ok(std::borrow::Cow::Owned(
            feeds
                .iter()
                .map(|f| match moves.get(&f.url) {
                    Some(url) => FeedConfig {
                        url: url.clone(),
                        ..f.clone()
                    },
                    None => f.clone(),
                })
                .collect(),
        ))
    }
}
