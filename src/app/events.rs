//! What enters the reader's loop (`Event`, on one bounded channel) and what the app asks the
//! edge to do (`Effect`).

use super::App;
use crate::feed::refresh::RefreshEvent;

/// Room on the loop's channel: senders wait when it is full, so a flood cannot grow memory.
pub const CHANNEL_SIZE: usize = 256;

/// Everything that enters the event loop, from the terminal and from background jobs.
#[derive(Debug)]
pub enum Event {
    /// Terminal input, or why reading it stopped.
    Input(std::io::Result<crossterm::event::Event>),
    /// A report from a running refresh.
    Refresh(RefreshEvent),
    /// A report from the sync work (`[sync]`).
    Sync(super::SyncEvent),
    /// The full text fetched for article `id` (or why not).
    FullText {
        id: i64,
        result: Result<String, String>,
    },
    /// Article `id` laid out at `width` by a worker, answering layout request `seq`.
    ArticleLaidOut {
        id: i64,
        width: usize,
        seq: u64,
        text: super::layout::ArticleText,
    },
    /// Feeds found for `+`: (title, url) each, or why none.
    Discovered(Result<Vec<(String, String)>, String>),
    /// The background search indexing ended: articles added, or why it stopped.
    Indexed(Result<usize, String>),
    /// A user command ended (or could not start); `label` names it.
    CommandDone {
        label: String,
        result: Result<crate::commands::run::Ended, String>,
    },
    /// The edge tried to write feed `url` (named `name`) to config.toml.
    FeedWritten {
        url: String,
        name: Option<String>,
        result: FeedWrite,
    },
    /// The edge put an undo step back: how many articles changed back, or why not.
    Undone {
        step: super::undo::UndoStep,
        result: Result<usize, String>,
    },
}

/// What writing a new feed to config.toml came to.
#[derive(Debug)]
pub enum FeedWrite {
    /// Written; the feeds of the config as read back (None: it could not be read back).
    Added {
        feeds: Option<Vec<crate::config::FeedConfig>>,
    },
    /// The feed was there already.
    Duplicate,
    /// Why it could not be written.
    Failed(String),
}

/// Side effects the event loop carries out for the app (the app itself does no I/O but SQLite).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Refresh these feeds (empty = all).
    Refresh(Vec<i64>),
    /// Sync with the `[sync]` server (push the outbox, pull what changed), in the background.
    Sync,
    /// Subscribe to the feed at this URL on the `[sync]` server (`+`).
    Subscribe(String),
    /// Open this http(s) URL in the browser.
    OpenUrl(String),
    /// Open this http(s) enclosure URL with `player` (else the browser), detached.
    OpenEnclosure(String),
    /// Put this http(s) URL on the clipboard with OSC 52.
    Copy(String),
    /// Fetch the web page of article `id` at `url` and extract its full text.
    FetchFullText { id: i64, url: String },
    /// Find the feeds at a feed URL or site address (`+`).
    Discover(String),
    /// Put the articles a refresh stored into the search index, in the background.
    IndexSearch,
    /// What a notify rule matched: ring the bell, send `text` as a desktop notification (OSC 9)
    /// and run `notify_command` with `feed` and `title` (all sanitised).
    Alert {
        text: String,
        feed: String,
        title: String,
    },
    /// Run a user command (`[[commands]]` or `|`) on an article.
    RunCommand(crate::commands::Job),
    /// Add feed `url`, named `name`, to the config file at `path` (keeping its comments).
    WriteFeed {
        path: std::path::PathBuf,
        url: String,
        name: Option<String>,
    },
    /// Put these articles' earlier read or saved values back (`U`).
    Undo(super::undo::UndoStep),
}

impl App {
    /// A report from a background job. Terminal input is turned into keys by the edge (`tui`).
    pub fn on_event(&mut self, ev: Event) {
        match ev {
            Event::Input(_) => {}
            Event::Refresh(r) => self.on_refresh(r),
            Event::Sync(s) => self.on_sync(s),
            Event::FullText { id, result } => self.on_full_text(id, result),
            Event::ArticleLaidOut {
                id,
                width,
                seq,
                text,
            } => self.on_laid_out(id, width, seq, text),
            Event::Discovered(found) => self.on_discovered(found),
            Event::Indexed(result) => self.on_indexed(result),
            Event::FeedWritten { url, name, result } => self.on_feed_written(&url, name, result),
            Event::CommandDone { label, result } => self.on_command_done(&label, result),
            Event::Undone { step, result } => self.on_undone(step, result),
        }
    }
}
