//! The SQLite store: feeds, articles, read state and fetch metadata, in one WAL file.
//!
//! Every write is one short transaction. Unread/total counters live on the feed row (kept by
//! triggers) so the feed list is one cheap query at any cache size; article lists are read a
//! page at a time and bodies only for the article being read.

#[doc(hidden)]
pub mod outbox;
pub mod schema;

use crate::config::{FeedConfig, FullTextMode};
use crate::feed::parse::ParsedFeed;
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use std::borrow::Cow;
use std::path::{Path, PathBuf};

pub use schema::SCHEMA_VERSION;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database {path}: {source}")]
    Sqlite {
        path: String,
        source: rusqlite::Error,
    },
    #[error(
        "database {path} was written by a newer kabar (schema {found}, this kabar knows {known}); \
         upgrade kabar or use another --config-dir"
    )]
    TooNew {
        path: String,
        found: i64,
        known: i64,
    },
    #[error("database {path}: {msg}")]
    Other { path: String, msg: String },
}

pub type Result<T> = std::result::Result<T, StoreError>;

impl StoreError {
    /// True when SQLite found the file damaged (the store should be moved aside).
    pub fn is_corrupt(&self) -> bool {
        matches!(self, StoreError::Sqlite { source, .. }
            if matches!(source.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseCorrupt) | Some(rusqlite::ErrorCode::NotADatabase)))
    }
}

/// A feed as the feed list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedRow {
    pub id: i64,
    pub url: String,
    /// `name` from the config, else the feed's own title, else the URL.
    pub display: String,
    /// The feed's own title, if it has been fetched.
    pub title: Option<String>,
    pub unread: i64,
    pub total: i64,
    pub last_fetch: Option<i64>,
    pub last_error: Option<String>,
}

/// One row of an article list (no body).
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleRow {
    pub id: i64,
    pub feed_id: i64,
    pub feed: String,
    pub title: String,
    pub link: Option<String>,
    pub published: i64,
    pub read: bool,
    pub saved: bool,
    /// The Lampung place the article names (as matched), if any.
    pub place: Option<String>,
}

/// One article with its body.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    pub id: i64,
    pub feed_id: i64,
    pub feed: String,
    pub title: String,
    pub link: Option<String>,
    pub author: Option<String>,
    pub published: i64,
    pub summary: Option<String>,
    pub content: Option<String>,
    pub read: bool,
    /// Text extracted from the article's web page, when fetched.
    pub full_text: Option<String>,
    pub full_text_state: FullTextState,
    pub full_text_error: Option<String>,
    /// The feed's full-text mode.
    pub full_text_mode: FullTextMode,
}

/// Whether the article's page has been fetched for its full text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FullTextState {
    None,
    Fetched,
    Failed,
}

impl FullTextState {
    fn from_db(v: i64) -> Self {
        match v {
            1 => FullTextState::Fetched,
            2 => FullTextState::Failed,
            _ => FullTextState::None,
        }
    }
}

impl Article {
    /// The best body available: the fetched full text, else the feed's content, else the summary.
    pub fn body(&self) -> &str {
        self.full_text
            .as_deref()
            .filter(|t| self.full_text_state == FullTextState::Fetched && !t.trim().is_empty())
            .or(self.content.as_deref().filter(|c| !c.trim().is_empty()))
            .or(self.summary.as_deref())
            .unwrap_or("")
    }

    /// True when the feed gave only an excerpt and the page has not been fetched yet.
    pub fn is_excerpt(&self) -> bool {
        crate::article::extract::is_excerpt(self.summary.as_deref(), self.content.as_deref())
    }

    /// Should opening this article fetch its page (the feed's mode allows it, the feed gave an
    /// excerpt, and no attempt has been made)?
    pub fn wants_full_text(&self) -> bool {
        self.full_text_mode != FullTextMode::Never
            && self.full_text_state == FullTextState::None
            && self.link.is_some()
            && self.is_excerpt()
    }
}

/// Which articles a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ListQuery {
    /// `None` = every active feed.
    pub feed: Option<i64>,
    pub unread_only: bool,
    /// Only saved (starred) articles.
    pub saved: bool,
    /// Only articles that name a place in Lampung.
    pub lampung: bool,
}

impl ListQuery {
    pub fn feed(id: Option<i64>) -> ListQuery {
        ListQuery {
            feed: id,
            ..ListQuery::default()
        }
    }
}

/// What the refresh stores about a feed fetch that did not change articles.
#[derive(Debug, Clone, Default)]
pub struct FetchMeta {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub body_hash: Option<String>,
}

/// What is derived from an item before storing it (computed off the writer thread).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ItemExtras {
    /// Plain text for the search index (title excluded), bounded, when it was needed to find
    /// the place (the title named none); see [`item_search_text`].
    pub search_text: Option<String>,
    /// (region, text as matched) of the Lampung place the item names, if any.
    pub place: Option<(String, String)>,
}

/// How many of the newest matches of a search are ranked.
const SEARCH_WINDOW: i64 = 2000;

/// Articles indexed per transaction by `index_all` (and per step of the reader's background
/// indexing, so a search or a keypress never waits long for the write lock).
pub const INDEX_CHUNK: usize = 1000;

/// Letters the word being typed needs before it also matches as a prefix.
const PREFIX_MIN: usize = 4;

/// Page size of a new store, in bytes: SQLite's largest (see `Store::open`).
pub const PAGE_SIZE: u32 = 64 * 1024;

/// Longest body text indexed for search, in bytes: the lead is what people search for.
const SEARCH_TEXT_MAX: usize = 8 * 1024;

/// Derive the Lampung place of every item of `feed` (and the search text, when the place is
/// not in the title and the body has to be read).
pub fn prepare(feed: &ParsedFeed) -> Vec<ItemExtras> {
    feed.items
        .iter()
        .map(|it| {
            if let Some(m) = crate::places::find_in_title(&it.title) {
                // Most Lampung headlines name the place: no need to read the body.
                return ItemExtras {
                    search_text: None,
                    place: Some(place_pair(m)),
                };
            }
            let text = item_search_text(it);
            let place = crate::places::find_in_body(&text).map(place_pair);
            ItemExtras {
                search_text: Some(text),
                place,
            }
        })
        .collect()
}

/// The text of `it`'s body the search index holds.
fn item_search_text(it: &crate::feed::parse::ParsedItem) -> String {
    crate::article::render::search_text(it.body(), SEARCH_TEXT_MAX)
}

/// A place as the store keeps it: (region, matched text).
fn place_pair(m: crate::places::PlaceMatch) -> (String, String) {
    (m.region.to_string(), m.matched)
}

/// Articles of `full_text = "always"` feeds seen since `?1` whose page was not fetched yet.
/// Feeds first (CROSS JOIN keeps that order): only those feeds' articles are read, through
/// their index, not every article in the store (that took 26 ms after each refresh of
/// 10,000 articles, and usually no feed is "always").
const FULL_TEXT_CANDIDATES_SQL: &str = "SELECT a.id, a.link, a.summary, a.content FROM feeds f
    CROSS JOIN articles a ON a.feed_id = f.id
    WHERE f.active = 1 AND f.full_text_mode = 'always' AND a.seen_at >= ?1
      AND a.full_text_state = 0 AND a.link IS NOT NULL
    ORDER BY a.id";

/// An article that may need its page fetched: (id, link, summary, content).
pub type FullTextCandidate = (i64, String, Option<String>, Option<String>);

/// What one feed's fetch does to the store, applied in batches by [`Store::apply_batch`].
#[derive(Debug, Clone, Copy)]
pub enum FeedWrite<'a> {
    /// Fetched and parsed: store its articles.
    Stored {
        feed_id: i64,
        parsed: &'a ParsedFeed,
        extras: &'a [ItemExtras],
        meta: &'a FetchMeta,
    },
    /// 304, or the same bytes as last time.
    Unchanged { feed_id: i64, meta: &'a FetchMeta },
    /// The fetch failed; articles are untouched.
    Failed {
        feed_id: i64,
        error: &'a str,
        retry_after: Option<i64>,
    },
}

const UNCHANGED_SQL: &str =
    "UPDATE feeds SET last_fetch = ?2, last_error = NULL, retry_after = NULL,
    etag = COALESCE(?3, etag), last_modified = COALESCE(?4, last_modified),
    body_hash = COALESCE(?5, body_hash)
 WHERE id = ?1";

const FAILED_SQL: &str = "UPDATE feeds SET last_fetch = ?2, last_error = ?3,
    retry_after = COALESCE(?4, retry_after) WHERE id = ?1";

/// Conditional-GET state of a feed, read before fetching.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FeedTarget {
    pub id: i64,
    pub url: String,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub body_hash: Option<String>,
    pub retry_after: Option<i64>,
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

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
        let s = Store {
            conn,
            path: PathBuf::from(":memory:"),
        };
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
                // Articles stored before search and places existed get them now, once.
                backfill_search(&conn).map_err(|e| classify(&p, e))?;
            }
            Ok(_) => {}
            Err(e) => return Err(refused(&p, e)),
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    fn err(&self, e: rusqlite::Error) -> StoreError {
        sq(&self.path.display().to_string(), e)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Make the store's feed list match the config: add new URLs, set names and order, and hide
    /// (without deleting their articles or read state) feeds no longer configured.
    pub fn sync_feeds(&mut self, feeds: &[FeedConfig]) -> Result<()> {
        let path = self.path.display().to_string();
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
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| sq(&path, e))?;
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
                        last_error
                 FROM feeds WHERE active = 1 ORDER BY position, id",
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

    /// Store a parsed feed in one transaction: new items added, changed items updated (read state
    /// kept), oldest unsaved items beyond `max_items` dropped. Returns how many were new.
    pub fn apply_feed(
        &mut self,
        feed_id: i64,
        parsed: &ParsedFeed,
        meta: &FetchMeta,
        max_items: usize,
        now: i64,
    ) -> Result<usize> {
        let extras = prepare(parsed);
        self.apply_prepared(feed_id, parsed, &extras, meta, max_items, now)
    }

    /// `apply_feed` with the per-item extras already computed (`prepare`), in item order.
    pub fn apply_prepared(
        &mut self,
        feed_id: i64,
        parsed: &ParsedFeed,
        extras: &[ItemExtras],
        meta: &FetchMeta,
        max_items: usize,
        now: i64,
    ) -> Result<usize> {
        let w = FeedWrite::Stored {
            feed_id,
            parsed,
            extras,
            meta,
        };
        let new = self.apply_batch(&[w], max_items, now)?[0];
        self.index_all()?;
        Ok(new)
    }

    /// Tune this connection for a refresh's stream of writes: no checkpoints when
    /// `checkpoint_elsewhere` (copying the write-ahead log into the database was a third of
    /// the writer's time; the refresh runs [`Store::checkpoint`] on another connection
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
        let path = self.path.display().to_string();
        let e = |e| sq(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(e)?;
        open_stage(&tx).map_err(e)?;
        let indexed_upto = indexed_upto(&tx).map_err(e)?;
        let mut counts = Vec::with_capacity(writes.len());
        for w in writes {
            counts.push(match w {
                FeedWrite::Stored {
                    feed_id,
                    parsed,
                    extras,
                    meta,
                } => stage_feed(
                    &tx,
                    &path,
                    Staging {
                        feed_id: *feed_id,
                        parsed,
                        extras,
                        meta,
                        max_items,
                        now,
                        indexed_upto,
                    },
                )?,
                FeedWrite::Unchanged { feed_id, meta } => {
                    tx.execute(
                        UNCHANGED_SQL,
                        params![feed_id, now, meta.etag, meta.last_modified, meta.body_hash],
                    )
                    .map_err(e)?;
                    0
                }
                FeedWrite::Failed {
                    feed_id,
                    error,
                    retry_after,
                } => {
                    tx.execute(
                        FAILED_SQL,
                        params![feed_id, now, crate::text::sanitize_line(error), retry_after],
                    )
                    .map_err(e)?;
                    0
                }
            });
        }
        flush_stage(&tx).map_err(e)?;
        tx.commit().map_err(e)?;
        // What the cache holds now is written; letting it go keeps a refresh of small feeds
        // from ending with 8 MB of pages it will hardly read again.
        let _ = self.conn.execute_batch("PRAGMA shrink_memory");
        Ok(counts)
    }

    /// Put up to `max` articles that are not in the search index yet into it, oldest first,
    /// in one transaction; returns how many. Run after a refresh (in the background by the
    /// reader, before a search by `kabar search`).
    pub fn index_pending(&mut self, max: usize) -> Result<usize> {
        let path = self.path.display().to_string();
        let e = |e| sq(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(e)?;
        let upto = indexed_upto(&tx).map_err(e)?;
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
                let text = crate::article::render::search_text(&body, SEARCH_TEXT_MAX);
                stage.execute(params![id, title, text]).map_err(e)?;
                last = id;
                n += 1;
            }
        }
        flush_stage(&tx).map_err(e)?;
        tx.execute("UPDATE search_state SET indexed_upto = ?1", [last])
            .map_err(e)?;
        tx.commit().map_err(e)?;
        Ok(n)
    }

    /// Index everything that is not in the search index yet.
    pub fn index_all(&mut self) -> Result<usize> {
        let mut total = 0;
        loop {
            let n = self.index_pending(INDEX_CHUNK)?;
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

    fn where_clause(q: &ListQuery) -> String {
        let mut w = String::from(if q.feed.is_some() {
            "a.feed_id = ?1"
        } else {
            "f.active = 1 AND ?1 IS NULL"
        });
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
                    })
                })
                .optional()
            })
            .map_err(|e| self.err(e))
    }

    /// Set the read state of articles; returns how many existed.
    pub fn set_read(&mut self, ids: &[i64], read: bool) -> Result<usize> {
        let tx = self.conn.transaction().map_err(|e| sq("", e))?;
        let mut n = 0;
        {
            let mut st = tx
                .prepare_cached("UPDATE articles SET read = ?2 WHERE id = ?1")
                .map_err(|e| sq("", e))?;
            let mut exists = tx
                .prepare_cached("SELECT 1 FROM articles WHERE id = ?1")
                .map_err(|e| sq("", e))?;
            for id in ids {
                st.execute(params![id, read as i64])
                    .map_err(|e| sq("", e))?;
                if exists.exists([id]).map_err(|e| sq("", e))? {
                    n += 1;
                }
            }
        }
        tx.commit().map_err(|e| self.err(e))?;
        Ok(n)
    }

    /// Save (star) or unsave articles; saved ones are never dropped by the per-feed cap.
    pub fn set_saved(&mut self, ids: &[i64], saved: bool) -> Result<usize> {
        let tx = self.conn.transaction().map_err(|e| sq("", e))?;
        let mut n = 0;
        {
            let mut st = tx
                .prepare_cached("UPDATE articles SET saved = ?2 WHERE id = ?1")
                .map_err(|e| sq("", e))?;
            for id in ids {
                n += st
                    .execute(params![id, saved as i64])
                    .map_err(|e| sq("", e))?;
            }
        }
        tx.commit().map_err(|e| self.err(e))?;
        Ok(n)
    }

    /// Full-text search over titles and bodies, best match first (at most `limit`).
    /// Every word of `query` must match (as a prefix, so results come as you type).
    pub fn search(&self, query: &str, limit: i64) -> Result<Vec<ArticleRow>> {
        let Some(fts) = fts_query(query) else {
            return Ok(Vec::new());
        };
        // Ranking every match of a common word costs hundreds of ms at 100,000 articles, so
        // bm25 ranks the newest SEARCH_WINDOW matches (ids grow as articles arrive), taken by
        // walking the index in rowid order. One statement: each pass over a prefix's doclist
        // costs as much as the rest of the search.
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM (
                SELECT rowid AS id, bm25(articles_fts, 4.0, 1.0) AS score FROM articles_fts
                WHERE articles_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?3) s
             JOIN articles a ON a.id = s.id JOIN feeds f ON f.id = a.feed_id
             WHERE f.active = 1
             ORDER BY s.score, a.published DESC LIMIT ?2"
        );
        let mut st = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = st
            .query_map(params![fts, limit, SEARCH_WINDOW], row_to_article_row)
            .map_err(|e| self.err(e))?;
        rows.collect::<std::result::Result<_, _>>()
            .map_err(|e| self.err(e))
    }

    /// Store the outcome of fetching an article's page: its extracted text, or why it failed.
    pub fn set_full_text(
        &mut self,
        id: i64,
        result: &std::result::Result<String, String>,
    ) -> Result<()> {
        let (text, state, err) = match result {
            Ok(t) => (Some(t.as_str()), 1, None),
            Err(e) => (None, 2, Some(crate::text::sanitize_line(e))),
        };
        let path = self.path.display().to_string();
        let e = |e| sq(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(e)?;
        tx.execute(
            "UPDATE articles SET full_text = COALESCE(?2, full_text), full_text_state = ?3,
                full_text_error = ?4 WHERE id = ?1",
            params![id, text, state, err],
        )
        .map_err(e)?;
        // The whole story is what search should find. An article not indexed yet gets its
        // full text when it is (`index_pending` prefers it).
        if let Ok(t) = result
            && id <= indexed_upto(&tx).map_err(e)?
        {
            let plain = crate::article::render::search_text(t, SEARCH_TEXT_MAX);
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
                    params![id, title, plain],
                )
                .map_err(e)?;
            }
        }
        tx.commit().map_err(e)
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

    /// Mark every article of `q` read (a feed, or all).
    pub fn mark_all_read(&mut self, feed: Option<i64>) -> Result<usize> {
        let n = match feed {
            Some(f) => self.conn.execute(
                "UPDATE articles SET read = 1 WHERE feed_id = ?1 AND read = 0",
                [f],
            ),
            None => self.conn.execute(
                "UPDATE articles SET read = 1 WHERE read = 0 AND feed_id IN
                    (SELECT id FROM feeds WHERE active = 1)",
                [],
            ),
        };
        n.map_err(|e| self.err(e))
    }
}

/// The columns `row_to_article_row` reads, for every list query.
const ROW_COLUMNS: &str = "a.id, a.feed_id, COALESCE(f.name, f.title, f.url), a.title, a.link,
    a.published, a.read, a.saved, a.place_matched";

fn row_to_article_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ArticleRow> {
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

/// Index every stored article for search and find its Lampung place (migration 3's data half).
fn backfill_search(conn: &Connection) -> rusqlite::Result<()> {
    let tx = conn.unchecked_transaction()?;
    {
        let mut read = tx.prepare(
            "SELECT id, title, COALESCE(NULLIF(full_text, ''), NULLIF(content, ''), summary, '')
             FROM articles",
        )?;
        let mut fts =
            tx.prepare("INSERT INTO articles_fts(rowid, title, body) VALUES(?1, ?2, ?3)")?;
        let mut place =
            tx.prepare("UPDATE articles SET place = ?2, place_matched = ?3 WHERE id = ?1")?;
        let rows = read.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        for row in rows {
            let (id, title, body) = row?;
            let item = crate::feed::parse::ParsedItem {
                title: title.clone(),
                content: Some(body),
                ..Default::default()
            };
            let feed = ParsedFeed {
                items: vec![item],
                ..Default::default()
            };
            let x = prepare(&feed).pop().unwrap_or_default();
            let text = (x.search_text).unwrap_or_else(|| item_search_text(&feed.items[0]));
            fts.execute(params![id, title, text])?;
            if let Some((p, m)) = x.place {
                place.execute(params![id, p, m])?;
            }
        }
    }
    tx.commit()
}

/// What a person typed, as an FTS5 query: every word quoted (no operators from input) and all
/// of them required. The last word also matches as a prefix while it is being typed (no space
/// after it) once it has 4 letters: a shorter prefix ("me", "men") expands to thousands of
/// index terms and would cost hundreds of ms on a big store.
fn fts_query(input: &str) -> Option<String> {
    let words: Vec<&str> = input
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(16)
        .collect();
    let last = *words.last()?;
    let mut q = words
        .iter()
        .map(|w| format!("\"{w}\""))
        .collect::<Vec<_>>()
        .join(" ");
    let typing = input.chars().last().is_some_and(char::is_alphanumeric);
    if typing && last.chars().count() >= PREFIX_MIN {
        q.push('*');
    }
    Some(q)
}

enum OpenFail {
    Corrupt(String),
    Err(StoreError),
}

/// One feed to stage in a refresh transaction.
struct Staging<'a> {
    feed_id: i64,
    parsed: &'a ParsedFeed,
    extras: &'a [ItemExtras],
    meta: &'a FetchMeta,
    max_items: usize,
    now: i64,
    /// Articles up to this id are in the search index; a changed one is re-indexed here.
    indexed_upto: i64,
}

/// Stage one fetched feed inside a refresh transaction: its row updated, new items inserted,
/// changed items updated (read state kept; re-indexed through `fts_stage` if already indexed),
/// the oldest unsaved items beyond `max_items` dropped. Returns how many were new.
fn stage_feed(tx: &rusqlite::Transaction<'_>, path: &str, st: Staging<'_>) -> Result<usize> {
    let Staging {
        feed_id,
        parsed,
        extras,
        meta,
        max_items,
        now,
        indexed_upto,
    } = st;
    let e = |e| sq(path, e);
    tx.execute(
        "UPDATE feeds SET title = COALESCE(?2, title), site_link = COALESCE(?3, site_link),
                etag = ?4, last_modified = ?5, body_hash = ?6, last_fetch = ?7,
                last_error = NULL, retry_after = NULL WHERE id = ?1",
        params![
            feed_id,
            parsed.title,
            parsed.site_link,
            meta.etag,
            meta.last_modified,
            meta.body_hash,
            now
        ],
    )
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
        let mut fts_del = tx
            .prepare_cached("DELETE FROM articles_fts WHERE rowid = ?1")
            .map_err(e)?;
        let mut fts_ins = tx
            .prepare_cached("INSERT OR REPLACE INTO fts_stage(id, title, body) VALUES(?1, ?2, ?3)")
            .map_err(e)?;
        let none = ItemExtras::default();
        // Items without a date sort as "when first seen"; keep their order stable by
        // spacing them a second apart in feed order.
        for (i, it) in parsed.items.iter().enumerate() {
            let x = extras.get(i).unwrap_or(&none);
            let (place, matched) = match &x.place {
                Some((p, m)) => (Some(p.as_str()), Some(m.as_str())),
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
                if let Some(id) = changed.filter(|id| *id <= indexed_upto) {
                    fts_del.execute([id]).map_err(e)?;
                    let text = match &x.search_text {
                        Some(t) => Cow::Borrowed(t.as_str()),
                        None => Cow::Owned(item_search_text(it)),
                    };
                    fts_ins.execute(params![id, it.title, text]).map_err(e)?;
                }
            }
        }
    }
    // New articles are unread. (Counted here rather than by a trigger per row.)
    let total: i64 = tx
        .query_row(
            "UPDATE feeds SET total = total + ?2, unread = unread + ?2 WHERE id = ?1
             RETURNING total",
            params![feed_id, new as i64],
            |r| r.get(0),
        )
        .map_err(e)?;
    if total > max_items as i64 {
        tx.execute(
            "DELETE FROM articles WHERE id IN (
                    SELECT id FROM articles WHERE feed_id = ?1 AND saved = 0
                    ORDER BY published DESC, id DESC LIMIT -1 OFFSET ?2)",
            params![feed_id, max_items as i64],
        )
        .map_err(e)?;
        // Staged search rows of articles the cap just dropped must not reach the index.
        tx.execute(
            "DELETE FROM fts_stage WHERE NOT EXISTS
                    (SELECT 1 FROM articles a WHERE a.id = fts_stage.id)",
            [],
        )
        .map_err(e)?;
    }
    Ok(new)
}

/// Start staging search rows in the temp table `fts_stage`. They are moved into FTS5 with one
/// statement (`flush_stage`): FTS5 flushes its buffer at every savepoint, and each article
/// insert makes one.
fn open_stage(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS fts_stage(id INTEGER PRIMARY KEY, title TEXT, body TEXT);
         DELETE FROM fts_stage;",
    )
}

/// Move the staged search rows into the index.
fn flush_stage(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "INSERT INTO articles_fts(rowid, title, body) SELECT id, title, body FROM fts_stage;
         DELETE FROM fts_stage;",
    )
}

/// Articles up to this id are in the search index.
fn indexed_upto(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT indexed_upto FROM search_state", [], |r| r.get(0))
}

fn sq(path: &str, source: rusqlite::Error) -> StoreError {
    StoreError::Sqlite {
        path: path.to_string(),
        source,
    }
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

    #[test]
    fn words_are_quoted_and_only_the_word_being_typed_is_a_prefix() {
        assert_eq!(fts_query("harga caba").unwrap(), r#""harga" "caba"*"#);
        // A finished word (space after it) and a word of up to 3 letters match whole.
        assert_eq!(fts_query("banjir ").unwrap(), r#""banjir""#);
        assert_eq!(fts_query("men").unwrap(), r#""men""#);
        assert_eq!(fts_query("KPU").unwrap(), r#""KPU""#);
        // Operators typed by a person are text.
        assert_eq!(fts_query("a OR \"b(").unwrap(), r#""a" "OR" "b""#);
        assert_eq!(fts_query(" * ( "), None);
    }

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

    /// The place comes from the title when it names one, and then the body is not read at
    /// parse time; otherwise the body's text is made (and kept for the index).
    #[test]
    fn prepare_reads_the_body_only_when_the_title_names_no_place() {
        let item = |title: &str, body: &str| crate::feed::parse::ParsedItem {
            title: title.into(),
            content: Some(body.into()),
            ..Default::default()
        };
        let feed = ParsedFeed {
            items: vec![
                item("Banjir di Mesuji", "<p>KALIANDA - Air naik.</p>"),
                item("Harga cabai naik", "<p>KALIANDA - Harga naik.</p>"),
                item("Harga cabai turun", "<p>Di pasar.</p>"),
            ],
            ..Default::default()
        };
        let x = prepare(&feed);
        assert_eq!(x[0].search_text, None);
        assert_eq!(x[0].place.as_ref().unwrap().0, "Mesuji");
        assert_eq!(x[1].search_text.as_deref(), Some("KALIANDA - Harga naik."));
        assert_eq!(x[1].place.as_ref().unwrap().0, "Lampung Selatan");
        assert_eq!(x[2].place, None);
        assert_eq!(item_search_text(&feed.items[0]), "KALIANDA - Air naik.");
    }
}
