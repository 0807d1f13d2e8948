//! The application state, owned by the event loop: `update(Action)` changes it, views read it.

mod add;
mod browse;
pub mod events;
mod heal;
pub mod layout;
mod list;
pub mod mode;
mod refresh;
mod search;
pub mod theme;

use crate::action::Action;
use crate::config::Config;
use crate::feed::refresh::{FeedOutcome, RefreshEvent};
use crate::keymap::Keymap;
use crate::store::{Article, ArticleRow, FeedRow, ListQuery, Store};
pub use browse::Reader;
pub use events::{Effect, Event, FeedWrite};
use layout::ArticleText;
pub use list::{ArticleList, FeedEntry};
pub use mode::Mode;
use std::collections::{HashMap, HashSet};

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
    pub quit: bool,
    /// A fixed "now" for reproducible screens (tests); the clock otherwise.
    pub fixed_now: Option<i64>,
    pub width: u16,
    pub height: u16,
    effects: Vec<Effect>,
    /// Rendered bodies by (article, width), so going back and forth does not re-render.
    render_cache: HashMap<(i64, usize), ArticleText>,
    /// Articles whose full text is being fetched.
    pub full_text_loading: HashSet<i64>,
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
            quit: false,
            fixed_now: None,
            width: 80,
            height: 24,
            effects: Vec::new(),
            render_cache: HashMap::new(),
            full_text_loading: HashSet::new(),
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
            Mode::Browse | Mode::Help { .. } => {
                if let Some(action) = self.keymap.action(key) {
                    tracing::debug!(?action, "action");
                    self.update(action);
                }
            }
        }
    }

    /// Apply one action.
    pub fn update(&mut self, action: Action) {
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
                let max = Action::in_help().count().saturating_sub(1) as i64;
                *scroll = (*scroll as i64 + step).clamp(0, max) as usize;
                return;
            }
            self.mode = Mode::Browse;
            if matches!(
                action,
                Action::Help | Action::Back | Action::BackOrQuit | Action::Open
            ) {
                return;
            }
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
            Action::RefreshFeed => {
                let id = match self.screen {
                    Screen::Feeds => match self.selected_feed() {
                        Some(FeedEntry::Feed(f)) => Some(f.id),
                        _ => None,
                    },
                    _ => self.list.as_ref().and_then(|l| l.query.feed).or_else(|| {
                        self.list
                            .as_ref()
                            .and_then(|l| l.selected_row())
                            .map(|r| r.feed_id)
                    }),
                };
                self.request_refresh(id.map(|i| vec![i]).unwrap_or_default());
            }
            Action::MarkFeedRead => {
                let feed = match self.screen {
                    Screen::Feeds => self.selected_feed().map(|f| f.query(false).feed),
                    _ => self.list.as_ref().map(|l| l.query.feed),
                };
                if let Some(feed) = feed {
                    self.mark_all(feed);
                }
            }
            Action::MarkAllRead => self.mark_all(None),
            Action::ToggleRead => {
                let target = match self.screen {
                    Screen::Article => self.reader.as_ref().map(|r| (r.article.id, r.article.read)),
                    Screen::Articles => self
                        .list
                        .as_ref()
                        .and_then(|l| l.selected_row())
                        .map(|r| (r.id, r.read)),
                    Screen::Feeds => None,
                };
                if let Some((id, read)) = target {
                    self.set_read(id, !read);
                    self.info(if read {
                        self.locale.t("st.marked_unread")
                    } else {
                        self.locale.t("st.marked_read")
                    });
                }
            }
            Action::NextUnread => self.next_unread(),
            Action::ToggleSaved => {
                let target = match self.screen {
                    Screen::Article => self.reader.as_ref().map(|r| r.article.id),
                    Screen::Articles => self
                        .list
                        .as_ref()
                        .and_then(|l| l.selected_row())
                        .map(|r| r.id),
                    Screen::Feeds => None,
                };
                if let Some(id) = target {
                    let now_saved = !self
                        .list
                        .as_ref()
                        .and_then(|l| l.rows.iter().find(|r| r.id == id))
                        .is_some_and(|r| r.saved);
                    match self.store.set_saved(&[id], now_saved) {
                        Ok(_) => {
                            if let Some(list) = &mut self.list {
                                for r in list.rows.iter_mut().filter(|r| r.id == id) {
                                    r.saved = now_saved;
                                }
                            }
                            self.reload_feeds();
                            self.info(if now_saved {
                                self.locale.t("st.saved")
                            } else {
                                self.locale.t("st.unsaved")
                            });
                        }
                        Err(e) => {
                            self.error(self.locale.tf("st.db_error", &[("e", e.to_string())]))
                        }
                    }
                }
            }
            Action::ToggleLampung => {
                self.lampung_only = !self.lampung_only;
                if self.screen == Screen::Feeds {
                    self.feed_selected = 0;
                    self.open_list();
                } else if let Some(list) = &mut self.list {
                    list.query.lampung = self.lampung_only;
                    self.reload_list();
                }
                self.info(if self.lampung_only {
                    self.locale.t("st.lampung_only")
                } else {
                    self.locale.t("st.lampung_off")
                });
            }
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
            Action::ToggleUnreadOnly => {
                self.unread_only = !self.unread_only;
                if let Some(list) = &mut self.list {
                    list.query.unread_only = self.unread_only;
                }
                self.reload_list();
                self.info(if self.unread_only {
                    self.locale.t("st.unread_only")
                } else {
                    self.locale.t("st.all_shown")
                });
            }
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
            Action::OpenLink(n) => {
                let link = self
                    .reader
                    .as_ref()
                    .filter(|_| self.screen == Screen::Article)
                    .and_then(|r| r.rendered.as_ref())
                    .and_then(|(_, t)| t.links.get((n as usize).checked_sub(1)?).cloned())
                    .and_then(|l| crate::text::safe_link(&l));
                match link {
                    Some(url) => self.effects.push(Effect::OpenUrl(url)),
                    None => self.error(self.locale.tf("st.no_link_n", &[("n", n.to_string())])),
                }
            }
            Action::CopyLink => match self.current_link() {
                Some(url) if url.len() > crate::text::url::MAX_COPY_BYTES => {
                    self.error(self.locale.tf(
                        "st.copy_too_long",
                        &[
                            ("n", url.len().to_string()),
                            ("max", crate::text::url::MAX_COPY_BYTES.to_string()),
                        ],
                    ))
                }
                Some(url) => {
                    self.effects.push(Effect::Copy(url.clone()));
                    self.info(self.locale.tf("st.copied", &[("url", url.clone())]));
                }
                None => self.error(self.locale.t("st.no_link_copy")),
            },
        }
    }
}
