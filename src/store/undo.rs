//! Read and saved changes that can be undone: each write gives back exactly which articles it
//! changed, and [`Store::restore`] puts their earlier values back in one transaction.

use super::outbox::{Change, add};
use super::{Result, Store, sq, write_tx};
use rusqlite::{OptionalExtension, params};

/// Which mark a change touched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Read,
    Saved,
}

/// What one write changed: the mark, the value those articles had before, and the articles
/// whose value changed (only those: an article already read before "mark all read" is not in
/// it, so undoing leaves it read). Ids only, so 10,000 articles take 80 KB.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    pub mark: Mark,
    pub before: bool,
    pub ids: Vec<i64>,
}

impl Changed {
    fn new(mark: Mark, before: bool) -> Changed {
        Changed {
            mark,
            before,
            ids: Vec::new(),
        }
    }
}

impl Store {
    /// [`Store::set_read`], giving back exactly which articles changed.
    pub fn set_read_changed(&mut self, ids: &[i64], read: bool) -> Result<Changed> {
        self.set_mark(Mark::Read, ids, read)
    }

    /// [`Store::set_saved`], giving back exactly which articles changed.
    pub fn set_saved_changed(&mut self, ids: &[i64], saved: bool) -> Result<Changed> {
        self.set_mark(Mark::Saved, ids, saved)
    }

    /// Put back what `changed` recorded: each of its articles gets its earlier value again, in
    /// one transaction. With sync on, each synced article's change is queued for the server as
    /// a read or save made here would be. Gives how many articles changed back (one changed
    /// again since, to the earlier value, is not counted).
    pub fn restore(&mut self, changed: &Changed) -> Result<usize> {
        Ok(self
            .set_mark(changed.mark, &changed.ids, changed.before)?
            .ids
            .len())
    }

    /// Set `mark` to `value` on `ids` in one transaction, queueing each synced article's change
    /// for the server when sync is on.
    fn set_mark(&mut self, mark: Mark, ids: &[i64], value: bool) -> Result<Changed> {
        let outbox = self.outbox;
        let now = crate::time::now();
        let path = self.path.display().to_string();
        let e = |e| sq(&path, e);
        let mut changed = Changed::new(mark, !value);
        let tx = write_tx(&mut self.conn, &path)?;
        {
            let sql = match mark {
                Mark::Read => {
                    "UPDATE articles SET read = ?2 WHERE id = ?1 AND read != ?2 RETURNING remote_id"
                }
                Mark::Saved => {
                    "UPDATE articles SET saved = ?2 WHERE id = ?1 AND saved != ?2 \
                     RETURNING remote_id"
                }
            };
            let mut st = tx.prepare_cached(sql).map_err(e)?;
            for &id in ids {
                let remote: Option<Option<i64>> = st
                    .query_row(params![id, value as i64], |r| r.get(0))
                    .optional()
                    .map_err(e)?;
                let Some(remote) = remote else { continue };
                changed.ids.push(id);
                if outbox && let Some(entry) = remote {
                    let change = match mark {
                        Mark::Read => Change::Read { entry, read: value },
                        Mark::Saved => Change::Starred {
                            entry,
                            starred: value,
                        },
                    };
                    add(&tx, &change, now).map_err(e)?;
                }
            }
        }
        tx.commit().map_err(e)?;
        Ok(changed)
    }

    /// [`Store::mark_all_read`], giving back exactly which articles it marked. With sync on,
    /// the server is asked for the same (a synced feed's, or the account's, mark-all-read).
    pub fn mark_all_read_changed(&mut self, feed: Option<i64>) -> Result<Changed> {
        let outbox = self.outbox;
        let path = self.path.display().to_string();
        let e = |e| sq(&path, e);
        let tx = write_tx(&mut self.conn, &path)?;
        let mut changed = Changed::new(Mark::Read, false);
        {
            let (sql, args): (&str, Vec<i64>) = match feed {
                Some(f) => (
                    "UPDATE articles SET read = 1 WHERE feed_id = ?1 AND read = 0 RETURNING id",
                    vec![f],
                ),
                None => (
                    "UPDATE articles SET read = 1 WHERE read = 0 AND feed_id IN
                        (SELECT id FROM feeds WHERE active = 1) RETURNING id",
                    vec![],
                ),
            };
            let mut st = tx.prepare(sql).map_err(e)?;
            let rows = st
                .query_map(rusqlite::params_from_iter(args), |r| r.get::<_, i64>(0))
                .map_err(e)?;
            for id in rows {
                changed.ids.push(id.map_err(e)?);
            }
        }
        if outbox {
            let change = match feed {
                Some(f) => tx
                    .query_row("SELECT remote_id FROM feeds WHERE id = ?1", [f], |r| {
                        r.get::<_, Option<String>>(0)
                    })
                    .optional()
                    .map_err(e)?
                    .flatten()
                    .map(|feed| Change::MarkFeedRead { feed }),
                None => Some(Change::MarkAllRead),
            };
            if let Some(change) = change {
                add(&tx, &change, crate::time::now()).map_err(e)?;
            }
        }
        tx.commit().map_err(e)?;
        Ok(changed)
    }
}
