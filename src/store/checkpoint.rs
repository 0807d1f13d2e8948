//! The checkpoint thread: copies the write-ahead log into the database on its own connection
//! while the writer goes on writing; a handle owned by the writer [`Store`].

use super::{Result, Store};
use std::sync::Arc;

impl Store {
    /// Copy what the write-ahead log holds into the database without waiting for (or
    /// blocking) writers and readers; returns the frames in the log and how many are
    /// copied now. The log starts over once everything in it is copied.
    pub fn checkpoint(&self) -> Result<(i64, i64)> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
                Ok((r.get(1)?, r.get(2)?))
            })
            .map_err(|e| self.err(e))
    }

    /// For a refresh's stream of writes: copy the log into the database on another thread
    /// (two cores instead of one) and keep the log under `log_limit` bytes: each
    /// [`Store::apply_batch`] waits for that thread first when the log has grown past it.
    /// Without the thread (it could not start), this connection checkpoints as it goes.
    pub fn checkpoint_in_background(&mut self, log_limit: i64) {
        self.checkpointer = Checkpointer::start(&self.path, log_limit);
        self.for_bulk_writes(self.checkpointer.is_some());
    }

    /// Wait until everything committed so far has been copied by the checkpoint thread.
    pub fn wait_for_checkpoint(&self) {
        if let Some(c) = &self.checkpointer {
            c.caught_up();
        }
    }

    /// Stop the checkpoint thread after its last copy (the refresh ends with the log copied,
    /// so the next start does not find a large one).
    pub fn stop_checkpointing(&mut self) {
        if let Some(c) = self.checkpointer.take() {
            c.finish();
        }
    }
}

/// A thread with its own connection that copies the write-ahead log into the database while
/// the writer goes on writing (two cores instead of one). Woken after every stored batch;
/// wake-ups while it works are merged into one.
pub(super) struct Checkpointer {
    wake: std::sync::mpsc::SyncSender<()>,
    thread: std::thread::JoinHandle<()>,
    state: Arc<(std::sync::Mutex<CheckpointState>, std::sync::Condvar)>,
    /// See `LOG_LIMIT`.
    log_limit: i64,
}

/// What the writer knows of the checkpoint thread's progress.
#[derive(Default)]
struct CheckpointState {
    /// Wake-ups sent (one per commit).
    woken: u64,
    /// The wake-ups covered by the last finished checkpoint.
    done: u64,
    /// Size of the log, in bytes, when the last checkpoint ran.
    log_bytes: i64,
}

impl Checkpointer {
    /// `None` when it cannot start; the writer then checkpoints as it goes.
    fn start(db: &std::path::Path, log_limit: i64) -> Option<Checkpointer> {
        let (store, _) = Store::open(db)
            .map_err(|e| tracing::warn!("no checkpoint thread: {e}"))
            .ok()?;
        let page = store.page_size().unwrap_or(4096);
        let (wake, rx) = std::sync::mpsc::sync_channel::<()>(1);
        let state = Arc::new((
            std::sync::Mutex::new(CheckpointState::default()),
            std::sync::Condvar::new(),
        ));
        let shared = state.clone();
        let thread = std::thread::Builder::new()
            .name("kabar-checkpoint".into())
            .spawn(move || {
                let (lock, done) = &*shared;
                while rx.recv().is_ok() {
                    let upto = lock.lock().map_or(0, |s| s.woken);
                    let frames = match store.checkpoint() {
                        Ok((frames, _)) => frames,
                        Err(e) => {
                            tracing::warn!("checkpoint failed: {e}");
                            0
                        }
                    };
                    if let Ok(mut s) = lock.lock() {
                        s.done = upto;
                        s.log_bytes = frames * page;
                    }
                    done.notify_all();
                }
                if let Err(e) = store.checkpoint() {
                    tracing::warn!("checkpoint failed: {e}");
                }
            })
            .map_err(|e| tracing::warn!("no checkpoint thread: {e}"))
            .ok()?;
        Some(Checkpointer {
            wake,
            thread,
            state,
            log_limit,
        })
    }

    pub(super) fn wake(&self) {
        if let Ok(mut s) = self.state.0.lock() {
            s.woken += 1;
        }
        let _ = self.wake.try_send(());
    }

    /// Called before the writer's next transaction: while the log is longer than the limit
    /// (as of the last checkpoint), wait for the checkpoint of everything committed so far,
    /// so that the transaction starts the log over instead of making it longer.
    pub(super) fn keep_log_short(&self) {
        let over = self
            .state
            .0
            .lock()
            .is_ok_and(|s| s.log_bytes >= self.log_limit);
        if over {
            self.caught_up();
        }
    }

    /// Wait until every commit so far has been checkpointed (or the checkpoint thread has
    /// ended, and no round will come).
    fn caught_up(&self) {
        let (lock, done) = &*self.state;
        let Ok(mut s) = lock.lock() else { return };
        while s.done < s.woken && !self.thread.is_finished() {
            s = match done.wait_timeout(s, std::time::Duration::from_millis(100)) {
                Ok((s, _)) => s,
                Err(_) => return,
            };
        }
    }

    /// The last copy, then the thread ends.
    fn finish(self) {
        drop(self.wake);
        let _ = self.thread.join();
    }
}

/// Longest the write-ahead log may grow, in bytes, before the writer waits for the checkpoint
/// thread to catch up so that the log starts over. Unbounded, it grew to 100-160 MB in a
/// 100,000-article refresh: that much file to allocate, and to free when the last connection
/// closes (0.2 s at the end of every such refresh on a filesystem mounted with `discard`, as
/// many cloud disks are; 15 ms at 32 MB). The wait is for a checkpoint already running, a
/// few milliseconds every few batches.
pub const LOG_LIMIT: i64 = 32 * 1024 * 1024;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{FeedWrite, FetchMeta, NewArticle, NewFeed};

    /// With the log over its limit, the writer's next transaction waits for the checkpoint
    /// and starts the log over: the log file stays about one transaction long.
    #[test]
    fn the_log_starts_over_instead_of_growing() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kabar.db");
        let (mut store, _) = Store::open(&db).unwrap();
        store
            .sync_feeds(&[crate::config::FeedConfig {
                url: "http://radar.example/feed".into(),
                name: None,
                tags: vec![],
                full_text: None,
                settings: Default::default(),
            }])
            .unwrap();
        let id = store.feeds().unwrap()[0].id;
        store.checkpoint_in_background(1);
        assert!(store.checkpointer.is_some());
        let body = "<p>Harga cabai naik di Bandar Lampung.</p>".repeat(200);
        let wal = dir.path().join("kabar.db-wal");
        let mut one_tx = 0;
        for batch in 0..20 {
            let feed = NewFeed {
                title: None,
                site_link: None,
                to_text: str::to_string,
                keep: None,
                articles: (0..20)
                    .map(|i| NewArticle {
                        key: format!("{batch}-{i}"),
                        title: format!("Berita {batch}-{i}"),
                        content: Some(body.clone()),
                        published: Some(1_700_000_000 + i),
                        ..NewArticle::default()
                    })
                    .collect(),
            };
            let meta = FetchMeta::default();
            let w = FeedWrite::Stored {
                feed_id: id,
                feed: &feed,
                meta: &meta,
            };
            // Before its transaction the writer waits for the thread when the log is over the
            // limit; after it, the thread is woken.
            store.apply_batch(&[w], 10_000, 1_700_000_100).unwrap();
            if batch == 0 {
                one_tx = std::fs::metadata(&wal).unwrap().len();
                // The first checkpoint tells how long the log is; from then on it is over
                // the (one-byte) limit after every transaction.
                store.wait_for_checkpoint();
            }
        }
        let log = std::fs::metadata(&wal).unwrap().len();
        assert!(
            log <= 2 * one_tx,
            "log {log} B after 20 transactions, the first {one_tx} B"
        );
        store.stop_checkpointing();
        assert_eq!(
            store
                .count(&crate::store::ListQuery::feed(Some(id)))
                .unwrap(),
            400
        );
    }
}
