//! The application state, owned by the event loop: `update(Action)` changes it, views read it.

use crate::action::Action;
use crate::config::Config;
use crate::feed::refresh::{FeedOutcome, RefreshEvent};
use crate::keymap::Keymap;
use crate::store::{Article, ArticleRow, FeedRow, ListQuery, Store};
use crate::ui::article::ArticleText;
use std::collections::{HashMap, HashSet};

/// Which level the user is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Feeds,
    Articles,
    Article,
}

/// Side effects the event loop carries out for the app (the app itself does no I/O but SQLite).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Refresh these feeds (empty = all).
    Refresh(Vec<i64>),
    /// Open this http(s) URL in the browser.
    OpenUrl(String),
    /// Put this http(s) URL on the clipboard with OSC 52.
    Copy(String),
    /// Fetch the web page of article `id` at `url` and extract its full text.
    FetchFullText { id: i64, url: String },
    /// Find the feeds at a feed URL or site address (`+`).
    Discover(String),
    /// Put the articles a refresh stored into the search index, in the background.
    IndexSearch,
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

/// An entry of the feed list: the synthetic "all articles" entry, then each feed.
#[derive(Debug, Clone, PartialEq)]
pub enum FeedEntry {
    All {
        unread: i64,
        total: i64,
    },
    /// Saved (starred) articles.
    Saved {
        total: i64,
    },
    Feed(FeedRow),
}

impl FeedEntry {
    pub fn query(&self, unread_only: bool) -> ListQuery {
        ListQuery {
            feed: match self {
                FeedEntry::All { .. } | FeedEntry::Saved { .. } => None,
                FeedEntry::Feed(f) => Some(f.id),
            },
            unread_only,
            saved: matches!(self, FeedEntry::Saved { .. }),
            ..ListQuery::default()
        }
    }
    pub fn name(&self, lang: crate::i18n::Lang) -> &str {
        match self {
            FeedEntry::All { .. } => crate::i18n::t(lang, "label.all"),
            FeedEntry::Saved { .. } => crate::i18n::t(lang, "label.saved"),
            FeedEntry::Feed(f) => &f.display,
        }
    }
    pub fn counts(&self) -> (i64, i64) {
        match self {
            FeedEntry::All { unread, total } => (*unread, *total),
            FeedEntry::Saved { total } => (0, *total),
            FeedEntry::Feed(f) => (f.unread, f.total),
        }
    }
}

/// The articles of one feed (or all), read from the store a window at a time.
#[derive(Debug, Clone)]
pub struct ArticleList {
    pub query: ListQuery,
    pub title: String,
    pub total: i64,
    pub selected: i64,
    /// First row shown on screen.
    pub top: i64,
    /// Absolute index of `rows[0]`.
    pub window_start: i64,
    pub rows: Vec<ArticleRow>,
    /// Set for search results: `rows` then hold every result and are not paged from the store.
    pub search: Option<String>,
}

impl ArticleList {
    pub fn row(&self, index: i64) -> Option<&ArticleRow> {
        let i = index - self.window_start;
        if i < 0 {
            return None;
        }
        self.rows.get(i as usize)
    }
    pub fn selected_row(&self) -> Option<&ArticleRow> {
        self.row(self.selected)
    }
}

/// The article being read, with its rendered body cached for one width.
#[derive(Debug, Clone)]
pub struct Reader {
    pub article: Article,
    pub scroll: usize,
    pub rendered: Option<(usize, ArticleText)>,
}

pub struct App {
    pub store: Store,
    pub config: Config,
    pub keymap: Keymap,
    pub locale: crate::i18n::Locale,
    pub theme: crate::ui::theme::Theme,
    pub screen: Screen,
    pub feeds: Vec<FeedEntry>,
    pub feed_selected: usize,
    pub list: Option<ArticleList>,
    pub reader: Option<Reader>,
    pub unread_only: bool,
    /// Only articles that name a place in Lampung.
    pub lampung_only: bool,
    /// The search being typed (`/`), while the input line has the keyboard.
    pub search_input: Option<String>,
    /// The address being typed after `+`.
    pub add_input: Option<String>,
    /// Feeds found for `+`, (title, url), waiting for the user to pick one with 1-9.
    pub add_candidates: Option<Vec<(String, String)>>,
    /// Where `+` writes new feeds (config.toml), when known.
    pub config_path: Option<std::path::PathBuf>,
    pub show_help: bool,
    /// First help row shown, when help is taller than the screen.
    pub help_scroll: usize,
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
            theme: crate::ui::theme::Theme::from_config(&config, no_color),
            store,
            config,
            screen: Screen::Feeds,
            feeds: Vec::new(),
            feed_selected: 0,
            list: None,
            reader: None,
            unread_only: false,
            lampung_only: false,
            search_input: None,
            add_input: None,
            add_candidates: None,
            config_path: None,
            show_help: false,
            help_scroll: 0,
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
            self.width - crate::ui::list_pane_width(self.width)
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

    /// Re-read the feed list and counts from the store.
    pub fn reload_feeds(&mut self) {
        match self.store.feeds() {
            Ok(rows) => {
                let unread = rows.iter().map(|f| f.unread).sum();
                let total = rows.iter().map(|f| f.total).sum();
                let saved = self
                    .store
                    .count(&ListQuery {
                        saved: true,
                        ..ListQuery::default()
                    })
                    .unwrap_or(0);
                self.feeds = [
                    FeedEntry::All { unread, total },
                    FeedEntry::Saved { total: saved },
                ]
                .into_iter()
                .chain(rows.into_iter().map(FeedEntry::Feed))
                .collect();
                self.feed_selected = self.feed_selected.min(self.feeds.len().saturating_sub(1));
            }
            Err(e) => self.error(self.locale.tf("st.db_error", &[("e", e.to_string())])),
        }
    }

    pub fn selected_feed(&self) -> Option<&FeedEntry> {
        self.feeds.get(self.feed_selected)
    }

    fn open_list(&mut self) {
        let Some(entry) = self.selected_feed().cloned() else {
            return;
        };
        let mut query = entry.query(self.unread_only);
        query.lampung = self.lampung_only;
        let total = self.store.count(&query).unwrap_or(0);
        self.list = Some(ArticleList {
            query,
            title: entry.name(self.locale.lang).to_string(),
            total,
            selected: 0,
            top: 0,
            window_start: 0,
            rows: Vec::new(),
            search: None,
        });
        self.ensure_window();
        self.screen = Screen::Articles;
    }

    /// Re-query the open list (after a refresh or a filter change), keeping the selection.
    fn reload_list(&mut self) {
        let Some(list) = &self.list else { return };
        if let Some(q) = list.search.clone() {
            self.run_search(&q);
            return;
        }
        let keep = list.selected_row().map(|r| r.id);
        let query = list.query;
        let total = self.store.count(&query).unwrap_or(0);
        let selected = keep
            .and_then(|id| self.store.position_of(&query, id).ok().flatten())
            .unwrap_or(list.selected)
            .clamp(0, (total - 1).max(0));
        if let Some(list) = &mut self.list {
            list.total = total;
            list.selected = selected;
            list.rows.clear();
            list.window_start = 0;
        }
        self.ensure_window();
    }

    /// Keep the selection on screen and the rows around it loaded (a few pages, never all).
    fn ensure_window(&mut self) {
        let height = self.list_height();
        let Some(list) = &mut self.list else { return };
        list.selected = list.selected.clamp(0, (list.total - 1).max(0));
        if list.search.is_some() {
            if list.selected < list.top {
                list.top = list.selected;
            } else if list.selected >= list.top + height {
                list.top = list.selected - height + 1;
            }
            return;
        }
        if list.selected < list.top {
            list.top = list.selected;
        } else if list.selected >= list.top + height {
            list.top = list.selected - height + 1;
        }
        list.top = list.top.clamp(0, (list.total - height).max(0));
        let need_end = (list.top + height).min(list.total);
        let have_end = list.window_start + list.rows.len() as i64;
        if list.top >= list.window_start && need_end <= have_end && !list.rows.is_empty() {
            return;
        }
        let start = (list.top - height).max(0);
        let rows = self
            .store
            .page(&list.query, start, height * 3)
            .unwrap_or_default();
        list.window_start = start;
        list.rows = rows;
    }

    fn move_selection(&mut self, delta: i64) {
        match self.screen {
            Screen::Feeds => {
                let n = self.feeds.len() as i64;
                if n > 0 {
                    self.feed_selected =
                        (self.feed_selected as i64 + delta).clamp(0, n - 1) as usize;
                }
            }
            Screen::Articles => {
                if let Some(list) = &mut self.list {
                    list.selected += delta;
                }
                self.ensure_window();
                if self.is_wide() {
                    self.preview_selected();
                }
            }
            Screen::Article => {
                if let Some(r) = &mut self.reader {
                    let max = r
                        .rendered
                        .as_ref()
                        .map(|(_, b)| b.lines.len())
                        .unwrap_or(0)
                        .saturating_sub(1);
                    r.scroll = (r.scroll as i64 + delta).clamp(0, max as i64) as usize;
                }
            }
        }
    }

    /// In a wide terminal the article pane follows the list selection (without marking read).
    fn preview_selected(&mut self) {
        let id = self
            .list
            .as_ref()
            .and_then(|l| l.selected_row())
            .map(|r| r.id);
        match id {
            Some(id) if self.reader.as_ref().map(|r| r.article.id) != Some(id) => {
                self.load_reader(id);
            }
            Some(_) => {}
            None => self.reader = None,
        }
    }

    fn load_reader(&mut self, id: i64) {
        match self.store.article(id) {
            Ok(Some(article)) => {
                self.reader = Some(Reader {
                    article,
                    scroll: 0,
                    rendered: None,
                });
                self.ensure_rendered();
            }
            Ok(None) => self.reader = None,
            Err(e) => self.error(self.locale.tf("st.db_error", &[("e", e.to_string())])),
        }
    }

    /// Render the current article for the current width, from the cache when possible.
    pub fn ensure_rendered(&mut self) {
        let width = self.reader_width();
        let Some(r) = &mut self.reader else { return };
        if matches!(&r.rendered, Some((w, _)) if *w == width) {
            return;
        }
        let key = (r.article.id, width);
        let loading = self.full_text_loading.contains(&r.article.id);
        let now = self.fixed_now.unwrap_or_else(crate::time::now);
        let body = self
            .render_cache
            .entry(key)
            .or_insert_with(|| {
                crate::ui::article::render_article(&r.article, width, loading, &self.locale, now)
            })
            .clone();
        if self.render_cache.len() > 64 {
            self.render_cache.clear();
        }
        r.rendered = Some((width, body));
    }

    fn open_article(&mut self) {
        let Some(row) = self.list.as_ref().and_then(|l| l.selected_row()).cloned() else {
            return;
        };
        if self.reader.as_ref().map(|r| r.article.id) != Some(row.id) {
            self.load_reader(row.id);
        } else if let Some(r) = &mut self.reader {
            r.scroll = 0;
        }
        if self.reader.is_some() {
            self.screen = Screen::Article;
            if !row.read {
                self.set_read(row.id, true);
            }
            if self
                .reader
                .as_ref()
                .is_some_and(|r| r.article.wants_full_text())
            {
                self.fetch_full_text();
            }
        }
    }

    /// Ask the loop to fetch the current article's page; the excerpt stays on screen meanwhile.
    fn fetch_full_text(&mut self) {
        let Some(r) = &self.reader else { return };
        let id = r.article.id;
        let Some(url) = r.article.link.as_deref().and_then(crate::text::safe_link) else {
            self.error(self.locale.t("st.no_article_link"));
            return;
        };
        if !self.full_text_loading.insert(id) {
            return;
        }
        self.effects.push(Effect::FetchFullText { id, url });
        self.rerender(id);
    }

    /// Drop cached renders of article `id` and lay it out again if it is on screen.
    fn rerender(&mut self, id: i64) {
        self.render_cache.retain(|(aid, _), _| *aid != id);
        if let Some(r) = &mut self.reader
            && r.article.id == id
        {
            r.rendered = None;
        }
        self.ensure_rendered();
    }

    /// The outcome of a full-text fetch: store it, and show it if the article is on screen.
    pub fn on_full_text(&mut self, id: i64, result: Result<String, String>) {
        self.full_text_loading.remove(&id);
        if let Err(e) = self.store.set_full_text(id, &result) {
            self.error(self.locale.tf("st.db_error", &[("e", e.to_string())]));
        }
        if let Err(e) = &result {
            self.error(self.locale.tf("st.ft_failed", &[("e", e.to_string())]));
        }
        let showing = self.reader.as_ref().is_some_and(|r| r.article.id == id);
        if showing {
            if let Ok(Some(article)) = self.store.article(id)
                && let Some(r) = &mut self.reader
            {
                r.article = article;
            }
            self.rerender(id);
        }
    }

    /// Set one article's read state, in the store and in what is on screen.
    fn set_read(&mut self, id: i64, read: bool) {
        if let Err(e) = self.store.set_read(&[id], read) {
            self.error(self.locale.tf("st.db_error", &[("e", e.to_string())]));
            return;
        }
        if let Some(list) = &mut self.list {
            for r in list.rows.iter_mut().filter(|r| r.id == id) {
                r.read = read;
            }
        }
        if let Some(r) = &mut self.reader
            && r.article.id == id
        {
            r.article.read = read;
        }
        self.reload_feeds();
    }

    fn page(&self) -> i64 {
        match self.screen {
            Screen::Article => self.reader_height().saturating_sub(2).max(1) as i64,
            _ => self.list_height().saturating_sub(1).max(1),
        }
    }

    fn back(&mut self) -> bool {
        match self.screen {
            Screen::Feeds => false,
            Screen::Articles => {
                self.screen = Screen::Feeds;
                self.list = None;
                self.reader = None;
                self.reload_feeds();
                true
            }
            Screen::Article => {
                self.screen = Screen::Articles;
                if !self.is_wide() {
                    self.reader = None;
                }
                true
            }
        }
    }

    /// The link of what is selected or being read, if it is http(s).
    fn current_link(&self) -> Option<String> {
        let link = match self.screen {
            Screen::Article => self.reader.as_ref().and_then(|r| r.article.link.clone()),
            Screen::Articles => self
                .list
                .as_ref()
                .and_then(|l| l.selected_row())
                .and_then(|r| r.link.clone()),
            Screen::Feeds => None,
        };
        link.and_then(|l| crate::text::safe_link(&l))
    }

    /// Apply one action.
    pub fn update(&mut self, action: Action) {
        if self.show_help {
            // Movement keys scroll the help; any other key closes it.
            let step = match action {
                Action::Down => Some(1),
                Action::Up => Some(-1),
                Action::PageDown => Some(10),
                Action::PageUp => Some(-10),
                _ => None,
            };
            if let Some(step) = step {
                let max = Action::ALL.len().saturating_sub(1) as i64;
                self.help_scroll = (self.help_scroll as i64 + step).clamp(0, max) as usize;
                return;
            }
            self.show_help = false;
            self.help_scroll = 0;
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
            Action::Help => self.show_help = true,
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
                self.search_input = Some(String::new());
            }
            Action::AddFeed => {
                self.add_input = Some(String::new());
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

    /// The words of the search whose results are open, if any.
    pub fn search_terms(&self) -> Option<Vec<String>> {
        let q = self.list.as_ref()?.search.as_ref()?;
        let words: Vec<String> = q
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        (!words.is_empty()).then_some(words)
    }

    /// Scroll the article to the next (`dir` = 1) or previous (-1) line with a search match.
    fn step_match(&mut self, dir: i64) {
        let Some(words) = self.search_terms() else {
            return;
        };
        let Some(r) = &mut self.reader else { return };
        let Some((_, text)) = &r.rendered else { return };
        let hit = |l: &str| {
            let l = l.to_lowercase();
            words.iter().any(|w| l.contains(w.as_str()))
        };
        let n = text.lines.len() as i64;
        let mut i = r.scroll as i64 + dir;
        while (0..n).contains(&i) {
            if hit(&text.lines[i as usize].1) {
                r.scroll = i as usize;
                return;
            }
            i += dir;
        }
        self.info(self.locale.t("st.no_more_matches"));
    }

    /// Run a search and show its results as the article list.
    pub fn run_search(&mut self, query: &str) {
        // Articles from the last refresh may not be searchable yet (indexing runs behind it):
        // said in the status line and in the list's title (the prompt covers the status).
        let behind = if self.indexing {
            self.store.unindexed().unwrap_or(0)
        } else {
            0
        };
        if behind > 0 {
            self.info(
                self.locale
                    .tf("st.index_behind", &[("n", behind.to_string())]),
            );
        }
        let rows = match self.store.search(query, 500) {
            Ok(rows) => rows,
            Err(e) => {
                self.error(self.locale.tf("st.search_error", &[("e", e.to_string())]));
                Vec::new()
            }
        };
        let total = rows.len() as i64;
        self.list = Some(ArticleList {
            query: ListQuery::default(),
            title: if behind > 0 {
                self.locale.tf(
                    "label.search_title_behind",
                    &[("q", query.to_string()), ("n", behind.to_string())],
                )
            } else {
                self.locale
                    .tf("label.search_title", &[("q", query.to_string())])
            },
            total,
            selected: 0,
            top: 0,
            window_start: 0,
            rows,
            search: Some(query.to_string()),
        });
        self.screen = Screen::Articles;
        if self.is_wide() {
            self.preview_selected();
        }
    }

    /// A key while the search line has the keyboard: edit, run as you type, Enter to browse the
    /// results, Esc to cancel.
    pub fn search_key(&mut self, key: &crossterm::event::KeyEvent) {
        use crossterm::event::{KeyCode, KeyModifiers};
        let Some(input) = &mut self.search_input else {
            return;
        };
        match key.code {
            KeyCode::Esc => {
                self.search_input = None;
                return;
            }
            KeyCode::Enter => {
                self.search_input = None;
                return;
            }
            KeyCode::Backspace => {
                input.pop();
            }
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.search_input = None;
                return;
            }
            KeyCode::Char(c) if !c.is_control() && input.chars().count() < 200 => input.push(c),
            _ => return,
        }
        let q = input.clone();
        if q.trim().is_empty() {
            return;
        }
        self.run_search(&q);
    }

    /// A mouse click at (`x`, `y`): selects the row under it in a list.
    pub fn click(&mut self, x: u16, y: u16) {
        let row = y as i64 - 1; // the title bar is the first line
        if row < 0 || row >= self.list_height() {
            return;
        }
        match self.screen {
            Screen::Feeds => {
                let top = self
                    .feed_selected
                    .saturating_sub(self.list_height().max(1) as usize - 1);
                let i = top + row as usize;
                if i < self.feeds.len() {
                    self.feed_selected = i;
                }
            }
            Screen::Articles | Screen::Article => {
                let in_list = self.screen == Screen::Articles
                    || (self.is_wide() && x < crate::ui::list_pane_width(self.width));
                if !in_list {
                    return;
                }
                if let Some(list) = &mut self.list {
                    let i = list.top + row;
                    if i < list.total {
                        list.selected = i;
                    }
                }
                self.screen = Screen::Articles;
                self.ensure_window();
                if self.is_wide() {
                    self.preview_selected();
                }
            }
        }
    }

    /// A key while the `+` address line has the keyboard.
    pub fn add_key(&mut self, key: &crossterm::event::KeyEvent) {
        use crossterm::event::KeyCode;
        let Some(input) = &mut self.add_input else {
            return;
        };
        match key.code {
            KeyCode::Esc => self.add_input = None,
            KeyCode::Enter => {
                let url = input.trim().to_string();
                self.add_input = None;
                if !url.is_empty() {
                    let msg = self.locale.tf("st.adding", &[("url", url.clone())]);
                    self.status = Some(Status {
                        text: msg,
                        kind: StatusKind::Busy,
                    });
                    self.effects.push(Effect::Discover(url));
                }
            }
            KeyCode::Backspace => {
                input.pop();
            }
            KeyCode::Char(c) if !c.is_control() && input.len() < 2000 => input.push(c),
            _ => {}
        }
    }

    /// What discovery found for `+`: one feed is added at once, several are offered (1-9).
    pub fn on_discovered(&mut self, result: Result<Vec<(String, String)>, String>) {
        match result {
            Err(e) => {
                let msg = self.locale.tf("st.add_failed", &[("e", e)]);
                self.error(msg);
            }
            Ok(c) if c.len() == 1 => self.add_feed(&c[0].0, &c[0].1),
            Ok(c) => self.add_candidates = Some(c),
        }
    }

    /// A key while the candidates of `+` are offered: 1-9 picks, anything else cancels.
    pub fn pick_key(&mut self, key: &crossterm::event::KeyEvent) {
        let Some(c) = self.add_candidates.take() else {
            return;
        };
        if let crossterm::event::KeyCode::Char(ch) = key.code
            && let Some(n) = ch.to_digit(10)
            && let Some((title, url)) = c.get((n as usize).wrapping_sub(1))
        {
            self.add_feed(&title.clone(), &url.clone());
        }
    }

    /// Write a new feed to config.toml (keeping comments), start showing it, and refresh it.
    fn add_feed(&mut self, title: &str, url: &str) {
        let Some(path) = self.config_path.clone() else {
            let msg = self
                .locale
                .tf("st.add_failed", &[("e", "config.toml?".into())]);
            return self.error(msg);
        };
        let feed = crate::config::FeedConfig {
            url: url.to_string(),
            name: Some(crate::text::sanitize_line(title)).filter(|n| !n.is_empty()),
            ..Default::default()
        };
        match crate::config::edit::add_to_config(&path, &feed) {
            Ok(crate::config::edit::AddOutcome::Duplicate { .. }) => {
                let msg = self
                    .locale
                    .tf("st.add_duplicate", &[("url", url.to_string())]);
                self.info(msg);
            }
            Ok(crate::config::edit::AddOutcome::Added { .. }) => {
                if let Ok(c) = crate::config::Config::load(&path) {
                    self.config.feeds = c.feeds;
                    self.config.using_defaults = false;
                }
                if let Err(e) = self.store.sync_feeds(&self.config.feeds) {
                    return self.error(self.locale.tf("st.db_error", &[("e", e.to_string())]));
                }
                self.reload_feeds();
                let id = self.feeds.iter().find_map(|f| match f {
                    FeedEntry::Feed(r) if r.url == url => Some(r.id),
                    _ => None,
                });
                let msg = self.locale.tf(
                    "st.added",
                    &[("name", feed.name.clone().unwrap_or_default())],
                );
                self.info(msg);
                if let Some(id) = id {
                    self.request_refresh(vec![id]);
                }
            }
            Err(e) => {
                let msg = self.locale.tf("st.add_failed", &[("e", e.to_string())]);
                self.error(msg);
            }
        }
    }

    fn mark_all(&mut self, feed: Option<i64>) {
        match self.store.mark_all_read(feed) {
            Ok(n) => {
                if let Some(list) = &mut self.list
                    && (feed.is_none() || list.query.feed == feed || list.query.feed.is_none())
                {
                    for r in &mut list.rows {
                        if feed.is_none() || Some(r.feed_id) == feed {
                            r.read = true;
                        }
                    }
                }
                self.reload_feeds();
                self.info(self.locale.tf("st.marked_n_read", &[("n", n.to_string())]));
            }
            Err(e) => self.error(self.locale.tf("st.db_error", &[("e", e.to_string())])),
        }
    }

    fn next_unread(&mut self) {
        if self.screen == Screen::Feeds {
            // Open the first feed with unread articles.
            if let Some(i) = self
                .feeds
                .iter()
                .enumerate()
                .skip(1)
                .find(|(_, f)| f.counts().0 > 0)
                .map(|(i, _)| i)
            {
                self.feed_selected = i;
                self.open_list();
            } else {
                self.info(self.locale.t("st.nothing_unread"));
                return;
            }
        }
        let Some(list) = &self.list else { return };
        let query = list.query;
        let after = if self.screen == Screen::Article || list.selected_row().is_some_and(|r| r.read)
        {
            list.selected
        } else {
            list.selected - 1
        };
        match self.store.next_unread(&query, after) {
            Ok(Some((pos, _row))) => {
                if let Some(list) = &mut self.list {
                    list.selected = pos;
                }
                self.ensure_window();
                if self.screen == Screen::Article {
                    self.open_article();
                } else if self.is_wide() {
                    self.preview_selected();
                }
            }
            Ok(None) => self.info(self.locale.t("st.nothing_unread")),
            Err(e) => self.error(self.locale.tf("st.db_error", &[("e", e.to_string())])),
        }
    }

    pub fn request_refresh(&mut self, ids: Vec<i64>) {
        if !self.refreshing.is_empty() || self.progress.is_some() {
            // One refresh at a time; the request runs when this one ends.
            // An empty list means "all", which covers anything else queued.
            self.queued_refresh = match self.queued_refresh.take() {
                None => Some(ids),
                Some(q) if q.is_empty() || ids.is_empty() => Some(Vec::new()),
                Some(mut q) => {
                    q.extend(ids);
                    Some(q)
                }
            };
            self.info(self.locale.t("st.queued"));
            return;
        }
        self.effects.push(Effect::Refresh(ids));
    }

    /// Note that a refresh of these feeds has been started by the loop.
    pub fn refresh_started(&mut self, ids: &[i64]) {
        self.refreshing = if ids.is_empty() {
            self.feeds
                .iter()
                .filter_map(|f| match f {
                    FeedEntry::Feed(r) => Some(r.id),
                    _ => None,
                })
                .collect()
        } else {
            ids.iter().copied().collect()
        };
        self.refresh_failures.clear();
    }

    fn feed_name(&self, id: i64) -> String {
        self.feeds
            .iter()
            .find_map(|f| match f {
                FeedEntry::Feed(r) if r.id == id => Some(r.display.clone()),
                _ => None,
            })
            .unwrap_or_else(|| format!("feed {id}"))
    }

    /// A report from a background refresh.
    pub fn on_refresh(&mut self, ev: RefreshEvent) {
        match ev {
            RefreshEvent::Started { total } => {
                self.progress = Some((0, total));
                self.status = Some(Status {
                    text: self.locale.tf(
                        "st.progress",
                        &[("done", "0".into()), ("total", total.to_string())],
                    ),
                    kind: StatusKind::Busy,
                });
            }
            RefreshEvent::FeedDone { id, outcome } => {
                self.refreshing.remove(&id);
                if let FeedOutcome::Failed(why) = &outcome {
                    let name = self.feed_name(id);
                    self.refresh_failures.push(format!("{name} ({why})"));
                }
                if let Some((done, total)) = &mut self.progress {
                    *done += 1;
                    let text = self.locale.tf(
                        "st.progress",
                        &[("done", done.to_string()), ("total", total.to_string())],
                    );
                    self.status = Some(Status {
                        text,
                        kind: StatusKind::Busy,
                    });
                }
                if matches!(outcome, FeedOutcome::Updated { new } if new > 0) {
                    self.reload_feeds();
                    let affects_list = self
                        .list
                        .as_ref()
                        .is_some_and(|l| l.query.feed.is_none() || l.query.feed == Some(id));
                    if affects_list {
                        self.reload_list();
                    }
                } else if matches!(outcome, FeedOutcome::Failed(_)) {
                    self.reload_feeds();
                }
            }
            RefreshEvent::Finished(summary) => {
                self.progress = None;
                self.refreshing.clear();
                self.reload_feeds();
                let ok = summary.updated + summary.not_modified;
                let args = [
                    ("ok", ok.to_string()),
                    ("total", summary.total.to_string()),
                    ("new", summary.new_articles.to_string()),
                    ("n", self.refresh_failures.len().to_string()),
                    ("names", self.refresh_failures.join(", ")),
                ];
                let (text, kind) = if self.refresh_failures.is_empty() {
                    (self.locale.tf("st.done", &args), StatusKind::Info)
                } else {
                    (self.locale.tf("st.done_failed", &args), StatusKind::Error)
                };
                self.status = Some(Status { text, kind });
                if let Some(next) = self.queued_refresh.take() {
                    self.effects.push(Effect::Refresh(next));
                }
                if summary.new_articles > 0 {
                    self.request_indexing();
                }
            }
        }
    }

    /// Index stored articles that search cannot find yet, unless that is already running.
    pub fn request_indexing(&mut self) {
        if !self.indexing {
            self.indexing = true;
            self.effects.push(Effect::IndexSearch);
        }
    }

    /// The background indexing ended (`Err`: why it stopped early).
    pub fn on_indexed(&mut self, result: Result<usize, String>) {
        self.indexing = false;
        match result {
            Ok(n) => tracing::info!("search index: {n} articles added"),
            Err(e) => self.error(self.locale.tf("st.index_error", &[("e", e)])),
        }
        // Search results shown while the index was behind are run again, now complete.
        if self.screen == Screen::Articles
            && let Some(q) = self.list.as_ref().and_then(|l| l.search.clone())
        {
            let selected = self.list.as_ref().map_or(0, |l| l.selected);
            self.run_search(&q);
            if let Some(l) = self.list.as_mut() {
                l.selected = selected.min((l.total - 1).max(0));
            }
        }
    }
}
