//! What a sync brings in, each part stored in one transaction: the server's feeds, new entries, read and
//! saved states (a change still waiting in the outbox is kept), and where the next sync starts.

use std::collections::{HashMap, HashSet};

use rusqlite::{OptionalExtension, params};

use super::outbox::{Change, add};
use super::search::indexed_upto;
use super::write::{Staging, flush_stage, open_stage, stage_feed};
use super::{FetchMeta, NewFeed, Result, Store, sq};

/// A feed as the server lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteFeedRow {
    /// The server's id for it.
    pub remote_id: String,
    /// Its address; a feed the server gives none for is stored as `sync:<remote id>`.
    pub url: String,
    pub title: String,
    pub site_link: Option<String>,
    /// Its category (label), kept for when feeds show tags.
    pub category: Option<String>,
}

/// An entry's state on the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RemoteState {
    pub entry: i64,
    pub read: bool,
    pub starred: bool,
}

/// One sync's pull, as the store takes it.
pub struct SyncApply<'a> {
    /// Which account (the last sync is kept per account).
    pub account: &'a str,
    /// Every feed the account follows, in the server's order; the others are hidden.
    pub feeds: &'a [RemoteFeedRow],
    /// New entries by the server's feed id. Each article's key is `sync:<entry id>`.
    pub articles: &'a [(String, NewFeed)],
    /// States of entries that changed on the server.
    pub states: &'a [RemoteState],
    /// The server's whole state, when it gives state as lists (Google Reader): every synced
    /// article not unread is read, every one not starred unsaved.
    pub full_state: Option<(&'a HashSet<i64>, &'a HashSet<i64>)>,
    /// Entries whose local state was just pushed: the pulled state is older.
    pub pushed: &'a HashSet<i64>,
    /// Where the next sync asks for changes from (`None`: as before).
    pub cursor: Option<i64>,
}

/// What a sync's pull changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncCounts {
    /// Articles new in the store.
    pub new: usize,
    /// Read or saved states changed.
    pub states: usize,
    /// Local read or saved marks carried over to the server's copy of the same article (by URL).
    pub kept: usize,
}

impl Store {
    /// Sync on: read, save and mark-all changes of synced articles are queued for the server.
    pub fn set_sync_outbox(&mut self, on: bool) {
        self.outbox = on;
    }

    /// The point after which the next sync of `account` asks for changes.
    pub fn sync_cursor(&self, account: &str) -> Result<Option<i64>> {
        self.conn
            .query_row(
                "SELECT cursor FROM sync_state WHERE account = ?1",
                [account],
                |r| r.get::<_, Option<i64>>(0),
            )
            .optional()
            .map(Option::flatten)
            .map_err(|e| self.err(e))
    }

    /// When `account` last synced (Unix seconds).
    pub fn last_sync(&self, account: &str) -> Result<Option<i64>> {
        self.conn
            .query_row(
                "SELECT last_sync FROM sync_state WHERE account = ?1",
                [account],
                |r| r.get::<_, Option<i64>>(0),
            )
            .optional()
            .map(Option::flatten)
            .map_err(|e| self.err(e))
    }

    /// The server's ids of every synced article in the store.
    pub fn synced_entries(&self) -> Result<HashSet<i64>> {
        self.conn
            .prepare_cached("SELECT remote_id FROM articles WHERE remote_id IS NOT NULL")
            .and_then(|mut st| st.query_map([], |r| r.get(0))?.collect())
            .map_err(|e| self.err(e))
    }

    /// The server's ids of the synced articles read here in the server's feed `feed` (`None`:
    /// every feed), first seen at or before `seen_by`: what a mark-all made then covered.
    pub fn read_entries_in(&self, feed: Option<&str>, seen_by: i64) -> Result<Vec<i64>> {
        self.conn
            .prepare_cached(
                "SELECT a.remote_id FROM articles a JOIN feeds f ON f.id = a.feed_id
                 WHERE a.remote_id IS NOT NULL AND a.read = 1 AND a.seen_at <= ?2
                   AND (?1 IS NULL OR f.remote_id = ?1)",
            )
            .and_then(|mut st| {
                st.query_map(params![feed, seen_by], |r| r.get(0))?
                    .collect()
            })
            .map_err(|e| self.err(e))
    }

    /// The local feed id of the server's feed `remote_id`.
    pub fn feed_by_remote(&self, remote_id: &str) -> Result<Option<i64>> {
        self.conn
            .query_row(
                "SELECT id FROM feeds WHERE remote_id = ?1",
                [remote_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// The server's id of local feed `id`, if it is synced.
    pub fn remote_of_feed(&self, id: i64) -> Result<Option<String>> {
        self.conn
            .query_row("SELECT remote_id FROM feeds WHERE id = ?1", [id], |r| {
                r.get::<_, Option<String>>(0)
            })
            .optional()
            .map(Option::flatten)
            .map_err(|e| self.err(e))
    }

    /// The server's entry id of article `id`, if it came from a sync.
    pub fn remote_of_article(&self, id: i64) -> Result<Option<i64>> {
        self.conn
            .query_row("SELECT remote_id FROM articles WHERE id = ?1", [id], |r| {
                r.get::<_, Option<i64>>(0)
            })
            .optional()
            .map(Option::flatten)
            .map_err(|e| self.err(e))
    }

    /// Store one sync's pull, or a page of its new entries, in one transaction (a crash keeps
    /// all of it or none). New
    /// articles are left out of the search index, as in a refresh.
    pub fn apply_sync(
        &mut self,
        a: &SyncApply<'_>,
        max_items: usize,
        now: i64,
    ) -> Result<SyncCounts> {
        let path = self.path.display().to_string();
        let e = |e| sq(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(e)?;
        let mut counts = SyncCounts::default();
        let local = store_feeds(&tx, a.feeds).map_err(e)?;
        open_stage(&tx).map_err(e)?;
        let indexed_upto = indexed_upto(&tx).map_err(e)?;
        let meta = FetchMeta::default();
        for (remote, feed) in a.articles {
            let Some(&feed_id) = local.get(remote) else {
                continue;
            };
            counts.new += stage_feed(
                &tx,
                &path,
                Staging {
                    feed_id,
                    feed,
                    meta: &meta,
                    max_items,
                    now,
                    indexed_upto,
                    index_new: false,
                },
            )?;
        }
        flush_stage(&tx).map_err(e)?;
        tx.execute(
            "UPDATE articles SET remote_id = CAST(substr(key, 6) AS INTEGER)
             WHERE remote_id IS NULL AND key GLOB 'sync:*'
               AND feed_id IN (SELECT id FROM feeds WHERE remote_id IS NOT NULL)",
            [],
        )
        .map_err(e)?;
        counts.states = apply_states(&tx, a).map_err(e)?;
        counts.kept = carry_local_marks(&tx, now).map_err(e)?;
        tx.execute(
            "INSERT INTO sync_state(account, cursor, last_sync) VALUES(?1, ?2, ?3)
             ON CONFLICT(account) DO UPDATE SET cursor = COALESCE(excluded.cursor, cursor),
                last_sync = excluded.last_sync",
            params![a.account, a.cursor, now],
        )
        .map_err(e)?;
        tx.commit().map_err(e)?;
        Ok(counts)
    }
}

/// Make the feed list the server's: each feed found by its server id, else claimed by its URL,
/// else added; every other feed hidden (its articles kept). Gives server id -> local id.
fn store_feeds(
    tx: &rusqlite::Transaction<'_>,
    feeds: &[RemoteFeedRow],
) -> rusqlite::Result<HashMap<String, i64>> {
    tx.execute("UPDATE feeds SET active = 0, position = NULL", [])?;
    let mut out = HashMap::with_capacity(feeds.len());
    let mut by_remote = tx.prepare_cached(
        "UPDATE feeds SET title = ?2, site_link = COALESCE(?3, site_link),
                category = ?4, position = ?5, active = 1 WHERE remote_id = ?1 RETURNING id",
    )?;
    let mut by_url = tx.prepare_cached(
        "INSERT INTO feeds(url, title, site_link, category, position, active, remote_id)
         VALUES(?1, ?2, ?3, ?4, ?5, 1, ?6)
         ON CONFLICT(url) DO UPDATE SET title = excluded.title,
            site_link = COALESCE(excluded.site_link, site_link), category = excluded.category,
            position = excluded.position, active = 1, remote_id = excluded.remote_id
         RETURNING id",
    )?;
    for (i, f) in feeds.iter().enumerate() {
        let title = crate::text::sanitize_line(&f.title);
        let id: Option<i64> = by_remote
            .query_row(
                params![f.remote_id, title, f.site_link, f.category, i as i64],
                |r| r.get(0),
            )
            .optional()?;
        let id = match id {
            Some(id) => id,
            None => by_url.query_row(
                params![f.url, title, f.site_link, f.category, i as i64, f.remote_id],
                |r| r.get(0),
            )?,
        };
        out.insert(f.remote_id.clone(), id);
    }
    Ok(out)
}

/// Apply the server's states, except where the local state is newer (just pushed, or a change
/// still waiting in the outbox). Gives how many articles changed.
fn apply_states(tx: &rusqlite::Transaction<'_>, a: &SyncApply<'_>) -> rusqlite::Result<usize> {
    let waiting: HashSet<(String, String)> = tx
        .prepare_cached("SELECT kind, target FROM outbox WHERE kind IN ('read', 'starred')")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let keep = |kind: &str, entry: i64| {
        a.pushed.contains(&entry) || waiting.contains(&(kind.to_string(), entry.to_string()))
    };
    let mut read =
        tx.prepare_cached("UPDATE articles SET read = ?2 WHERE remote_id = ?1 AND read != ?2")?;
    let mut saved =
        tx.prepare_cached("UPDATE articles SET saved = ?2 WHERE remote_id = ?1 AND saved != ?2")?;
    let mut n = 0;
    let mut set = |s: &RemoteState| -> rusqlite::Result<()> {
        if !keep("read", s.entry) {
            n += read.execute(params![s.entry, s.read as i64])?;
        }
        if !keep("starred", s.entry) {
            n += saved.execute(params![s.entry, s.starred as i64])?;
        }
        Ok(())
    };
    for s in a.states {
        set(s)?;
    }
    if let Some((unread, starred)) = a.full_state {
        let have: Vec<(i64, bool, bool)> = tx
            .prepare_cached(
                "SELECT remote_id, read, saved FROM articles WHERE remote_id IS NOT NULL",
            )?
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get::<_, i64>(1)? != 0,
                    r.get::<_, i64>(2)? != 0,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        for (entry, was_read, was_saved) in have {
            let s = RemoteState {
                entry,
                read: !unread.contains(&entry),
                starred: starred.contains(&entry),
            };
            if s.read != was_read || s.starred != was_saved {
                set(&s)?;
            }
        }
    }
    Ok(n)
}

/// Articles kept from before sync was on, in feeds now synced: where the server has the same
/// article (same link), a local read or saved mark goes to the server's copy (and to the
/// outbox, so the server learns it), and the old copy goes. Gives how many marks were carried.
fn carry_local_marks(tx: &rusqlite::Transaction<'_>, now: i64) -> rusqlite::Result<usize> {
    let pairs: Vec<(i64, i64, bool, bool, bool, bool)> = tx
        .prepare_cached(
            "SELECT o.id, n.remote_id, o.read, o.saved, n.read, n.saved
             FROM articles o JOIN articles n ON n.feed_id = o.feed_id AND n.link = o.link
             WHERE o.remote_id IS NULL AND n.remote_id IS NOT NULL AND o.link IS NOT NULL
               AND o.feed_id IN (SELECT id FROM feeds WHERE remote_id IS NOT NULL)",
        )?
        .query_map([], |r| {
            let b = |i| r.get::<_, i64>(i).map(|v| v != 0);
            Ok((r.get(0)?, r.get(1)?, b(2)?, b(3)?, b(4)?, b(5)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut n = 0;
    for (old, entry, o_read, o_saved, n_read, n_saved) in pairs {
        if o_read && !n_read {
            tx.execute("UPDATE articles SET read = 1 WHERE remote_id = ?1", [entry])?;
            add(tx, &Change::Read { entry, read: true }, now)?;
            n += 1;
        }
        if o_saved && !n_saved {
            tx.execute(
                "UPDATE articles SET saved = 1 WHERE remote_id = ?1",
                [entry],
            )?;
            add(
                tx,
                &Change::Starred {
                    entry,
                    starred: true,
                },
                now,
            )?;
            n += 1;
        }
        // The articles_del trigger keeps the feed's counts.
        tx.execute("DELETE FROM articles WHERE id = ?1", [old])?;
    }
    Ok(n)
}
