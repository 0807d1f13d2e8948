//! The application state, owned by the event loop: `update(Action)` changes it, views read it.

mod add;
mod browse;
mod commands;
mod enclosure;
pub mod events;
pub mod headings;
mod heal;
pub mod layout;
mod list;
pub mod mode;
mod refresh;
mod refresh_due;
mod search;
pub mod sync;
pub mod theme;
pub mod undo;
mod views;

use crate::action::Action;
use crate::config::Config;
use crate::feed::refresh::{FeedOutcome, RefreshEvent};
use crate::keymap::Keymap;
use crate::store::{Article, ArticleRow, FeedRow, ListQuery, Store};
pub use browse::Reader;
pub use enclosure::describe as describe_enclosure;
pub use events::{Effect, Event, FeedWrite};
use layout::ArticleText;
pub use list::{ArticleList, FeedEntry};
pub use mode::Mode;
use std::collections::{HashMap, HashSet};
pub use sync::{SyncEvent, SyncWhy};

/// Which level the user is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Feeds,
    Articles,
    Article,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusKind {
    Info,
    Busy,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub kind: StatusKind,
}

pub struct App {
    pub store: Store,
    pub config: Config,
    pub keymap: Keymap,
    pub locale: crate::i18n::Locale,
    pub theme: theme::Theme,
    pub screen: Screen,
    pub feeds: Vec<FeedEntry>,
    pub feed_selected: usize,
    pub list: Option<ArticleList>,
    pub reader: Option<Reader>,
    pub unread_only: bool,
    /// Only articles that name a place in Lampung.
    pub lampung_only: bool,
    /// What has the keyboard: browsing, help, the search or address line, or a pick.
    pub mode: Mode,
    /// Where `+` writes new feeds (config.toml), when known.
    pub config_path: Option<std::path::PathBuf>,
    pub status: Option<Status>,
    /// Feeds being refreshed now.
    pub refreshing: HashSet<i64>,
    pub progress: Option<(usize, usize)>,
    queued_refresh: Option<Vec<i64>>,
    /// The search index is being brought up to date in the background.
    pub indexing: bool,
    /// Failures of the running refresh, named in its result line.
    refresh_failures: Vec<String>,
    /// A sync with the `[sync]` server is running (and how it was asked for).
    pub syncing: Option<SyncWhy>,
    /// A sync asked for while one ran.
    sync_queued: Option<SyncWhy>,
    /// A change for the server was made since the loop last asked.
    push_soon: bool,
    pub quit: bool,
    /// A fixed "now" for reproducible screens (tests); the clock otherwise.
    pub fixed_now: Option<i64>,
    pub width: u16,
    pub height: u16,
    effects: Vec<Effect>,
    /// Rendered bodies by (article, width), so going back and forth does not re-render.
    render_cache: HashMap<(i64, usize), ArticleText>,
    /// Layouts asked of a worker and not back yet: (article, width) -> request number.
    layouts_in_flight: HashMap<(i64, usize), u64>,
    /// The newest layout request, waiting for the loop to start it.
    pending_layout: Option<layout::LayoutJob>,
    layout_seq: u64,
    /// Articles whose full text is being fetched.
    pub full_text_loading: HashSet<i64>,
    /// Read/unread/save changes that `U` can undo.
    pub undo: undo::UndoStack,
    /// Feeds the running timed refresh left out as not due (`refresh_due`).
    pub refresh_not_due: usize,
}

/// Widths at or above this show the list and the article side by side.
pub const WIDE: u16 = 140;

impl App {
    pub fn new(store: Store, config: Config) -> App {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let mut app = App {
            keymap: Keymap::with_overrides(&config.keys),
            locale: config.locale(),
            theme: theme::Theme::from_config(&config, no_color),
            store,
            config,
            screen: Screen::Feeds,
            feeds: Vec::new(),
            feed_selected: 0,
            list: None,
            reader: None,
            unread_only: false,
            lampung_only: false,
            mode: Mode::Browse,
            config_path: None,
            status: None,
            refreshing: HashSet::new(),
            progress: None,
            queued_refresh: None,
            indexing: false,
            refresh_failures: Vec::new(),
            syncing: None,
            sync_queued: None,
            push_soon: false,
            quit: false,
            fixed_now: None,
            width: 80,
            height: 24,
            effects: Vec::new(),
            render_cache: HashMap::new(),
            layouts_in_flight: HashMap::new(),
            pending_layout: None,
            layout_seq: 0,
            full_text_loading: HashSet::new(),
            undo: undo::UndoStack::default(),
            refresh_not_due: 0,
        };
        if app.config.using_defaults {
            let msg = app.locale.t("st.defaults");
            app.info(msg);
        }
        app.reload_feeds();
        app
    }

    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            kind: StatusKind::Info,
        });
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            kind: StatusKind::Error,
        });
    }

    pub fn now(&self) -> i64 {
        self.fixed_now.unwrap_or_else(crate::time::now)
    }

    pub fn is_wide(&self) -> bool {
        self.width >= WIDE
    }

    /// Rows available to a list on screen (borders, header and status line excluded).
    pub fn list_height(&self) -> i64 {
        (self.height as i64 - 2).max(1)
    }

    /// Width of the article text area.
    pub fn reader_width(&self) -> usize {
        let w = if self.is_wide() {
            // The list pane and the one-column separator between the panes.
            self.width - layout::list_pane_width(self.width) - 1
        } else {
            self.width
        };
        (w as usize).saturating_sub(2).clamp(20, 100)
    }

    /// Rows available to the article text.
    pub fn reader_height(&self) -> usize {
        (self.height as usize).saturating_sub(2).max(1)
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.width = width;
        self.height = height;
        if self.list.is_some() {
            self.ensure_window();
        }
        self.ensure_rendered();
    }

    /// A key press: the open input line or pick takes it; otherwise the key map turns it into
    /// an action.
    pub fn key(&mut self, key: &crossterm::event::KeyEvent) {
        match self.mode {
            Mode::Search { .. } => self.search_key(key),
            Mode::AddUrl { .. } => self.add_key(key),
            Mode::Pick { .. } => self.pick_key(key),
            Mode::PickEnclosure { .. } => self.enclosure_key(key),
            Mode::Pipe { .. } => self.pipe_key(key),
            Mode::Browse | Mode::Help { .. } => {
                if let Some(action) = self.keymap.action(key) {
                    tracing::debug!(?action, "action");
                    self.update(action);
                } else {
                    self.command_key(key);
                }
            }
        }
    }

    /// Apply one action.
    pub fn update(&mut self, action: Action) {
        if self.mode.is_help() && self.help_action(action) {
            return;
        }
        // Reading a search result, n/N step through the matches.
        if self.screen == Screen::Article && self.search_terms().is_some() {
            match action {
                Action::NextUnread => return self.step_match(1),
                Action::ToggleRead => return self.step_match(-1),
                _ => {}
            }
        }
        match action {
            Action::Down => self.move_selection(1),
            Action::Up => self.move_selection(-1),
            Action::PageDown => self.move_selection(self.page()),
            Action::PageUp => self.move_selection(-self.page()),
            Action::Top => self.move_selection(-i64::MAX / 4),
            Action::Bottom => self.move_selection(i64::MAX / 4),
            Action::Open => match self.screen {
                Screen::Feeds => self.open_list(),
                Screen::Articles => self.open_article(),
                Screen::Article => {}
            },
            Action::Back => {
                self.back();
            }
            Action::BackOrQuit => {
                if !self.back() {
                    self.quit = true;
                }
            }
            Action::ForceQuit => self.quit = true,
            Action::Help => self.mode = Mode::Help { scroll: 0 },
            Action::RefreshAll => self.request_refresh(Vec::new()),
            Action::RefreshFeed => self.refresh_selected(),
            Action::MarkFeedRead => {
                let view = match (self.screen, self.selected_feed()) {
                    (Screen::Feeds, Some(FeedEntry::View { index, .. })) => Some(*index),
                    (Screen::Feeds, _) => None,
                    _ => self.list.as_ref().and_then(|l| l.view),
                };
                if let Some(index) = view {
                    self.mark_view_read(index);
                    return;
                }
                let feed = match self.screen {
                    Screen::Feeds => self.selected_feed().map(|f| f.query(false).feed),
                    _ => self.list.as_ref().map(|l| l.query.feed),
                };
                if let Some(feed) = feed {
                    self.mark_all(feed);
                }
            }
            Action::MarkAllRead => self.mark_all(None),
            Action::ToggleRead => self.toggle_read(),
            Action::Undo => self.undo_last(),
            Action::NextUnread => self.next_unread(),
            Action::ToggleSaved => self.toggle_saved(),
            Action::ToggleLampung => self.toggle_lampung(),
            Action::Search => {
                self.mode = Mode::Search {
                    input: String::new(),
                };
            }
            Action::AcceptMove => self.accept_move(),
            Action::AddFeed => {
                self.mode = Mode::AddUrl {
                    input: String::new(),
                };
            }
            Action::ToggleUnreadOnly => self.toggle_unread_only(),
            Action::OpenInBrowser => match self.current_link() {
                Some(url) => self.effects.push(Effect::OpenUrl(url)),
                None => self.error(self.locale.t("st.no_link_open")),
            },
            Action::FetchFullText => {
                if self.reader.is_some() && self.screen != Screen::Feeds {
                    self.fetch_full_text();
                    if let Some(r) = &mut self.reader {
                        r.scroll = 0;
                    }
                } else {
                    self.info(self.locale.t("st.open_first"));
                }
            }
            Action::OpenLink(n) => self.open_link(n),
            Action::Pipe => self.open_pipe(),
            Action::CopyLink => self.copy_link(),
            Action::OpenEnclosure => self.open_enclosure(),
        }
    }

    /// An action while help is open: movement scrolls it, anything else closes it. True when
    /// the action was used up by that.
    fn help_action(&mut self, action: Action) -> bool {
        let rows = self.help_row_count();
        if let Mode::Help { scroll } = &mut self.mode {
            // Movement keys scroll the help; any other key closes it.
            let step = match action {
                Action::Down => Some(1),
                Action::Up => Some(-1),
                Action::PageDown => Some(10),
                Action::PageUp => Some(-10),
                _ => None,
            };
            if let Some(step) = step {
                let max = rows.saturating_sub(1) as i64;
                *scroll = (*scroll as i64 + step).clamp(0, max) as usize;
                return true;
            }
            self.mode = Mode::Browse;
            if matches!(
                action,
                Action::Help | Action::Back | Action::BackOrQuit | Action::Open
            ) {
                return true;
            }
        }
        false
    }
}
