//! The sync outbox: changes made here that the server has not acknowledged yet. A row leaves
//! only when the server has the change, so a crash or `kill -9` during a sync loses nothing.

use rusqlite::{Connection, params};

use super::{Result, Store};

/// A change the sync server must learn. Entry and feed ids are the server's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Read { entry: i64, read: bool },
    Starred { entry: i64, starred: bool },
    Subscribe { url: String },
    Unsubscribe { feed: String },
    MarkFeedRead { feed: String },
    MarkAllRead,
}

/// A change waiting in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    /// The row's id: pass it to [`Store::outbox_acknowledged`] once the server has it.
    pub id: i64,
    pub change: Change,
    /// When it was made, Unix seconds (a server state older than this does not overwrite it).
    pub created: i64,
}

impl Change {
    /// (kind, target, value) as stored.
    fn columns(&self) -> (&'static str, String, i64) {
        match self {
            Change::Read { entry, read } => ("read", entry.to_string(), *read as i64),
            Change::Starred { entry, starred } => ("starred", entry.to_string(), *starred as i64),
            Change::Subscribe { url } => ("subscribe", url.clone(), 0),
            Change::Unsubscribe { feed } => ("unsubscribe", feed.clone(), 0),
            Change::MarkFeedRead { feed } => ("mark_feed_read", feed.clone(), 0),
            Change::MarkAllRead => ("mark_all_read", String::new(), 0),
        }
    }

    fn from_columns(kind: &str, target: String, value: i64) -> Option<Change> {
        let entry = || target.parse::<i64>().ok();
        Some(match kind {
            "read" => Change::Read {
                entry: entry()?,
                read: value != 0,
            },
            "starred" => Change::Starred {
                entry: entry()?,
                starred: value != 0,
            },
            "subscribe" => Change::Subscribe { url: target },
            "unsubscribe" => Change::Unsubscribe { feed: target },
            "mark_feed_read" => Change::MarkFeedRead { feed: target },
            "mark_all_read" => Change::MarkAllRead,
            _ => return None,
        })
    }
}

/// Queue `change` on `conn`, inside the caller's transaction when there is one (so a local
/// change and its outbox row are written together). A newer read or star change of the same
/// entry replaces an older one still waiting: only the last state matters.
pub fn add(conn: &Connection, change: &Change, now: i64) -> rusqlite::Result<i64> {
    let (kind, target, value) = change.columns();
    if matches!(change, Change::Read { .. } | Change::Starred { .. }) {
        conn.prepare_cached("DELETE FROM outbox WHERE kind = ?1 AND target = ?2")?
            .execute(params![kind, target])?;
    }
    conn.prepare_cached("INSERT INTO outbox(kind, target, value, created) VALUES(?1, ?2, ?3, ?4)")?
        .execute(params![kind, target, value, now])?;
    Ok(conn.last_insert_rowid())
}

impl Store {
    /// Queue `change` for the server.
    pub fn outbox_add(&self, change: &Change) -> Result<i64> {
        add(&self.conn, change, crate::time::now()).map_err(|e| self.err(e))
    }

    /// Up to `limit` waiting changes, oldest first (the order they were made in).
    pub fn outbox_pending(&self, limit: usize) -> Result<Vec<Pending>> {
        let rows: Vec<(i64, String, String, i64, i64)> = self
            .conn
            .prepare_cached(
                "SELECT id, kind, target, value, created FROM outbox ORDER BY id LIMIT ?1",
            )
            .and_then(|mut st| {
                st.query_map([limit as i64], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })?
                .collect()
            })
            .map_err(|e| self.err(e))?;
        Ok(rows
            .into_iter()
            .filter_map(|(id, kind, target, value, created)| {
                // A kind from a newer kabar is left in place for it, not dropped.
                Change::from_columns(&kind, target, value).map(|change| Pending {
                    id,
                    change,
                    created,
                })
            })
            .collect())
    }

    /// The server has these changes: remove them. Ids already gone are ignored (a newer change
    /// replaced them). Gives how many rows left.
    pub fn outbox_acknowledged(&self, ids: &[i64]) -> Result<usize> {
        let tx = self.conn.unchecked_transaction().map_err(|e| self.err(e))?;
        let mut n = 0;
        {
            let mut st = tx
                .prepare_cached("DELETE FROM outbox WHERE id = ?1")
                .map_err(|e| self.err(e))?;
            for id in ids {
                n += st.execute([id]).map_err(|e| self.err(e))?;
            }
        }
        tx.commit().map_err(|e| self.err(e))?;
        Ok(n)
    }

    /// How many changes wait.
    pub fn outbox_len(&self) -> Result<i64> {
        self.conn
            .query_row("SELECT COUNT(*) FROM outbox", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }
}
