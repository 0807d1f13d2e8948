//! The SQLite store: feeds, articles, read state and fetch metadata, in one WAL file.
//!
//! Every write is one short transaction. Unread/total counters live on the feed row (kept by
//! triggers) so the feed list is one cheap query at any cache size; article lists are read a
//! page at a time and bodies only for the article being read.

//!
//! The store reads no HTML and knows no feed format: it stores what it is given ([`NewFeed`],
//! [`NewArticle`], [`FetchMeta`], [`FullText`]), with places and search text already worked out
//! by `feed::ingest`. This file holds the types; each job has its own file.

mod articles;
mod checkpoint;
mod enclosures;
mod feed_of;
mod feeds;
mod heal;
mod open;
#[doc(hidden)]
pub mod outbox;
mod query;
mod remote;
mod rules;
pub mod schema;
mod search;
pub mod undo;
mod write;

use crate::config::FullTextMode;
use rusqlite::Connection;
use std::path::{Path, PathBuf};

pub use checkpoint::LOG_LIMIT;
pub use enclosures::Enclosure;
pub use heal::Suggestion;
pub use open::PAGE_SIZE;
pub use query::{Compiled, When, compile, search_is_ranked};
pub use remote::{RemoteFeedRow, RemoteState, SyncApply, SyncCounts};
pub use rules::{RuleOutcome, RuleRow};
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
    /// A feed of the same site that discovery found while this one's address is broken
    /// (see `store/heal.rs`), to offer in its place.
    pub moved_to: Option<String>,
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
    /// Podcast audio, video, images, in the feed's order.
    pub enclosures: Vec<Enclosure>,
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

    /// Could opening this article fetch its page (the feed's mode allows it, it has a link, and
    /// no attempt has been made)? Whether the feed gave only an excerpt is the article code's
    /// judgement (`article::extract::wants_full_text`).
    pub fn may_fetch_full_text(&self) -> bool {
        self.full_text_mode != FullTextMode::Never
            && self.full_text_state == FullTextState::None
            && self.link.is_some()
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

/// A Lampung place an article names: the kabupaten/kota (region) and the text as matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub region: String,
    pub matched: String,
}

/// One article of a fetched feed, as the store takes it: its place and search text are worked
/// out before (off the writer thread, by `feed::ingest`) and kept as given.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewArticle {
    /// Stable identity within the feed.
    pub key: String,
    pub title: String,
    pub link: Option<String>,
    pub author: Option<String>,
    /// Unix seconds; `None` sorts the article as "when first seen".
    pub published: Option<i64>,
    pub summary: Option<String>,
    pub content: Option<String>,
    /// The Lampung place the article names, if any.
    pub place: Option<Place>,
    /// Plain text of the body for the search index (title excluded), when it was worked out;
    /// `None`: the store asks [`NewFeed::to_text`] if it needs it.
    pub search_text: Option<String>,
    /// Podcast audio, video, images (stored in `enclosures`, same transaction).
    pub enclosures: Vec<Enclosure>,
}

impl NewArticle {
    /// The body to search: the content, else the summary ("" if neither).
    pub fn body(&self) -> &str {
        self.content
            .as_deref()
            .filter(|c| !c.trim().is_empty())
            .or(self.summary.as_deref())
            .unwrap_or("")
    }
}

impl From<crate::places::PlaceMatch> for Place {
    fn from(m: crate::places::PlaceMatch) -> Place {
        Place {
            region: m.region.to_string(),
            matched: m.matched,
        }
    }
}

/// Turns an article body (HTML) into the plain text the search index holds. The store reads no
/// HTML itself; `feed::ingest` gives this wherever the store may need a body's text.
pub type ToText = fn(&str) -> String;

/// A fetched feed, as the store takes it.
#[derive(Debug, Clone)]
pub struct NewFeed {
    /// The feed's own title, single line.
    pub title: Option<String>,
    pub site_link: Option<String>,
    pub articles: Vec<NewArticle>,
    /// For a changed article already in the search index whose `search_text` was not worked
    /// out (its title named the place, so the body was not read): the text to index.
    pub to_text: ToText,
    /// Articles kept of this feed, when not the batch's `max_items` (a feed's own `max_items`).
    pub keep: Option<usize>,
}

/// The outcome of fetching an article's page, as the store takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FullText<'a> {
    /// The extracted text (HTML) and its plain text for the search index.
    Fetched { text: &'a str, search_text: &'a str },
    /// Why it failed (shown to the reader).
    Failed(&'a str),
}

/// Articles indexed per transaction by `index_all` (and per step of the reader's background
/// indexing, so a search or a keypress never waits long for the write lock).
pub const INDEX_CHUNK: usize = 1000;

/// An article that may need its page fetched: (id, link, summary, content).
pub type FullTextCandidate = (i64, String, Option<String>, Option<String>);

/// What one feed's fetch does to the store, applied in batches by [`Store::apply_batch`].
#[derive(Debug, Clone, Copy)]
pub enum FeedWrite<'a> {
    /// Fetched and parsed: store its articles.
    Stored {
        feed_id: i64,
        feed: &'a NewFeed,
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
    /// The thread that copies the log into the database, when started for a refresh.
    checkpointer: Option<checkpoint::Checkpointer>,
    /// Sync is on: read, save and mark-all changes also write an outbox row (same transaction).
    outbox: bool,
    /// Refresh writes index new articles and put them through the rules in their own
    /// transaction (see [`Store::index_on_write`]).
    index_on_write: bool,
}

impl Store {
    fn err(&self, e: rusqlite::Error) -> StoreError {
        sq(&self.path.display().to_string(), e)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// An immediate transaction on `conn`: it takes the write lock at once, so a writer never has
/// to upgrade a read lock (which SQLite may refuse with "busy").
fn write_tx<'c>(conn: &'c mut Connection, path: &str) -> Result<rusqlite::Transaction<'c>> {
    conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(|e| sq(path, e))
}

fn sq(path: &str, source: rusqlite::Error) -> StoreError {
    StoreError::Sqlite {
        path: path.to_string(),
        source,
    }
}
