//! Opening the store: create, recover a damaged file (moved aside), migrate, tune pragmas.

use super::{Result, SCHEMA_VERSION, Store, StoreError, schema, sq};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

/// Page size of a new store, in bytes: SQLite's largest (see `Store::open`).
pub const PAGE_SIZE: u32 = 64 * 1024;

impl Store {
    /// Open (creating and migrating) the store at `path`. A file that is not a kabar database is
    /// moved aside to `kabar.db.corrupt-<time>` and a fresh store created; the returned note says so.
    pub fn open(path: &Path) -> Result<(Store, Option<String>)> {
        match Self::open_retrying(path) {
            Ok(s) => Ok((s, None)),
            Err(OpenFail::Corrupt(why)) => {
                let note = Self::move_aside(path, &why)?;
                match Self::open_inner(path) {
                    Ok(s) => Ok((s, Some(note))),
                    Err(OpenFail::Corrupt(m)) => Err(StoreError::Other {
                        path: path.display().to_string(),
                        msg: m,
                    }),
                    Err(OpenFail::Err(e)) => Err(e),
                }
            }
            Err(OpenFail::Err(e)) => Err(e),
        }
    }

    /// Move an unusable store to `kabar.db.corrupt-<time>` (never delete it); returns the note
    /// that says so.
    pub fn move_aside(path: &Path, why: &str) -> Result<String> {
        let aside = path.with_file_name(format!(
            "{}.corrupt-{}",
            path.file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("kabar.db"),
            chrono::Utc::now().format("%Y%m%dT%H%M%S")
        ));
        std::fs::rename(path, &aside).map_err(|e| StoreError::Other {
            path: path.display().to_string(),
            msg: format!("unusable ({why}) and cannot be moved aside: {e}"),
        })?;
        for ext in ["-wal", "-shm"] {
            let mut side = path.as_os_str().to_owned();
            side.push(ext);
            let side = PathBuf::from(side);
            if side.exists() {
                let mut to = aside.as_os_str().to_owned();
                to.push(ext);
                let _ = std::fs::rename(&side, PathBuf::from(to));
            }
        }
        let note = format!(
            "database {} was unusable ({why}); moved to {}",
            path.display(),
            aside.display()
        );
        tracing::warn!("{note}");
        Ok(note)
    }

    /// Open an in-memory store (tests).
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory().map_err(|e| sq(":memory:", e))?;
        let s = Store::new(conn, PathBuf::from(":memory:"));
        schema::migrate(&s.conn).map(|_| ()).map_err(|e| match e {
            schema::MigrateError::Sqlite(e) => sq(":memory:", e),
            other => StoreError::Other {
                path: ":memory:".into(),
                msg: other.to_string(),
            },
        })?;
        Ok(s)
    }

    /// Two processes creating or upgrading the store at once can see SQLITE_BUSY where the busy
    /// handler does not apply (switching to WAL, lock upgrades): try again for a few seconds.
    fn open_retrying(path: &Path) -> std::result::Result<Store, OpenFail> {
        let mut tries = 0;
        loop {
            match Self::open_inner(path) {
                Err(OpenFail::Err(StoreError::Sqlite { source, .. }))
                    if tries < 50
                        && matches!(
                            source.sqlite_error_code(),
                            Some(rusqlite::ErrorCode::DatabaseBusy)
                                | Some(rusqlite::ErrorCode::DatabaseLocked)
                        ) =>
                {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
                other => return other,
            }
        }
    }

    fn open_inner(path: &Path) -> std::result::Result<Store, OpenFail> {
        let p = path.display().to_string();
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| OpenFail::Err(sq(&p, e)))?;
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(|e| OpenFail::Err(sq(&p, e)))?;
        // Read-only checks first: the first statement that touches the file tells whether it
        // is a database at all, and a newer or foreign file is refused before anything (even
        // the switch to WAL) writes to it.
        schema::check(&conn).map_err(|e| refused(&p, e))?;
        // A new store gets 64 KB pages (it can only be chosen before WAL is turned on; an
        // existing store keeps its own). Rows are articles of about 5 KB: with 4 KB pages
        // each spanned two or three; 16 KB pages held three and left a sixth empty; 64 KB
        // pages hold a dozen, the store is an eighth smaller, and a refresh makes a quarter
        // of the log frames, page writes and checkpoint copies (100,000 articles: 3.4 s ->
        // 2.8 s, a third less system time). The cost: a single change (marking an article
        // read) logs three 64 KB pages instead of three 16 KB ones, ~0.4 MB of disk writes
        // counting the checkpoint.
        conn.execute_batch(&format!("PRAGMA page_size={PAGE_SIZE}"))
            .map_err(|e| classify(&p, e))?;
        let mode: std::result::Result<String, _> =
            conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0));
        if let Err(e) = mode {
            return Err(classify(&p, e));
        }
        for pragma in [
            "PRAGMA synchronous=NORMAL",
            "PRAGMA foreign_keys=ON",
            "PRAGMA temp_store=MEMORY",
            "PRAGMA cache_size=-8000",
        ] {
            conn.execute_batch(pragma).map_err(|e| classify(&p, e))?;
        }
        match schema::migrate(&conn) {
            Ok(before) if before > 0 && before < 3 => {
                // Articles stored before search and places existed get them from the indexer
                // (it reads their bodies; the store reads no HTML), once.
                super::search::backfill_later(&conn).map_err(|e| classify(&p, e))?;
            }
            Ok(_) => {}
            Err(e) => return Err(refused(&p, e)),
        }
        Ok(Store::new(conn, path.to_path_buf()))
    }

    fn new(conn: Connection, path: PathBuf) -> Store {
        // rusqlite keeps 16 statements by default; a refresh batch alone uses about 20, and
        // an evicted one is compiled again for every feed.
        conn.set_prepared_statement_cache_capacity(64);
        Store {
            conn,
            path,
            checkpointer: None,
            outbox: false,
            index_on_write: false,
        }
    }

    /// Tune this connection for a refresh's stream of writes: no checkpoints when
    /// `checkpoint_elsewhere` (copying the write-ahead log into the database was a third of
    /// the writer's time; [`Store::checkpoint_in_background`] runs them on another connection
    /// meanwhile), else every 32 MB. The page cache stays at 8 MB: with 2 MB, a transaction
    /// of a few 500-item feeds spilled pages to the log and read them back (a quarter of the
    /// writer's time); smaller batches never fill it.
    pub fn for_bulk_writes(&self, checkpoint_elsewhere: bool) {
        let every = if checkpoint_elsewhere { 0 } else { 8192 };
        if let Err(e) = self
            .conn
            .execute_batch(&format!("PRAGMA wal_autocheckpoint={every}"))
        {
            tracing::warn!("cannot tune the store for a refresh: {e}");
        }
    }

    /// The page size of this store, in bytes.
    pub fn page_size(&self) -> Result<i64> {
        self.conn
            .query_row("PRAGMA page_size", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }
}

enum OpenFail {
    Corrupt(String),
    Err(StoreError),
}

/// Why `schema::check` or `schema::migrate` refused the file at `path`.
fn refused(path: &str, e: schema::MigrateError) -> OpenFail {
    match e {
        schema::MigrateError::TooNew(found) => OpenFail::Err(StoreError::TooNew {
            path: path.to_string(),
            found,
            known: SCHEMA_VERSION,
        }),
        schema::MigrateError::Foreign(what) => OpenFail::Corrupt(what),
        schema::MigrateError::Sqlite(e) => classify(path, e),
    }
}

fn classify(path: &str, e: rusqlite::Error) -> OpenFail {
    use rusqlite::ErrorCode;
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) | Some(ErrorCode::DatabaseCorrupt) => {
            OpenFail::Corrupt(e.to_string())
        }
        _ => OpenFail::Err(sq(path, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// New stores get 64 KB pages (a dozen articles fit in one; a refresh makes a quarter of
    /// the log frames 16 KB pages took); an existing store keeps the page size it has.
    #[test]
    fn new_stores_get_64k_pages_and_old_ones_keep_theirs() {
        let dir = tempfile::tempdir().unwrap();
        let page = |s: &Store| s.page_size().unwrap();
        let (store, _) = Store::open(&dir.path().join("new.db")).unwrap();
        assert_eq!(PAGE_SIZE, 64 * 1024);
        assert_eq!(page(&store), i64::from(PAGE_SIZE));
        let old = dir.path().join("old.db");
        rusqlite::Connection::open(&old)
            .unwrap()
            .execute_batch("PRAGMA page_size=4096; VACUUM;")
            .unwrap();
        let (store, _) = Store::open(&old).unwrap();
        assert_eq!(page(&store), 4096);
    }
}
