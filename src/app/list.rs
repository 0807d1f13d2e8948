//! The feed list and the article list: entries, the window of rows read from the store, moving.

use super::*;

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
    /// A view of the config (`index` in `config.views`).
    View {
        index: usize,
        name: String,
        unread: i64,
        total: i64,
    },
    Feed(FeedRow),
}

impl FeedEntry {
    pub fn query(&self, unread_only: bool) -> ListQuery {
        ListQuery {
            feed: match self {
                FeedEntry::All { .. } | FeedEntry::Saved { .. } | FeedEntry::View { .. } => None,
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
            FeedEntry::View { name, .. } => name,
            FeedEntry::Feed(f) => &f.display,
        }
    }
    pub fn counts(&self) -> (i64, i64) {
        match self {
            FeedEntry::All { unread, total } => (*unread, *total),
            FeedEntry::Saved { total } => (0, *total),
            FeedEntry::View { unread, total, .. } => (*unread, *total),
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
    /// Set for a view's list (its index in `config.views`): `rows` hold every article, as for
    /// search results.
    pub view: Option<usize>,
    /// Rows best match first, not newest first (a `/` search with words): no day headings,
    /// whose days would repeat.
    pub ranked: bool,
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

impl App {
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
                .chain(self.view_entries())
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

    pub(super) fn open_list(&mut self) {
        let Some(entry) = self.selected_feed().cloned() else {
            return;
        };
        if let FeedEntry::View { index, name, .. } = entry {
            self.open_view(index, name);
            return;
        }
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
            view: None,
            ranked: false,
        });
        self.ensure_window();
        self.screen = Screen::Articles;
    }

    /// Re-query the open list (after a refresh or a filter change), keeping the selection.
    pub(super) fn reload_list(&mut self) {
        let Some(list) = &self.list else { return };
        if let Some(q) = list.search.clone() {
            self.run_search(&q);
            return;
        }
        if let Some(index) = list.view {
            self.reload_view(index);
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
    /// Day headings take lines too: the top then moves down until the selection fits.
    pub(super) fn ensure_window(&mut self) {
        self.load_window();
        if self.fit_headings() {
            self.load_window();
        }
    }

    /// Keep the selection within a screen of the top and the rows around the top loaded.
    fn load_window(&mut self) {
        let height = self.list_height();
        let headings = self.headings_on();
        let Some(list) = &mut self.list else { return };
        list.selected = list.selected.clamp(0, (list.total - 1).max(0));
        if list.search.is_some() || list.view.is_some() {
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
        // The last screen full of rows. With headings the top may need to be further down
        // (`fit_headings` moves it there): then only the selection bounds it.
        let last_top = if headings {
            list.selected.max(list.total - height)
        } else {
            list.total - height
        };
        list.top = list.top.clamp(0, last_top.max(0));
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

    pub(super) fn move_selection(&mut self, delta: i64) {
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
                    || (self.is_wide() && x < layout::list_pane_width(self.width));
                if !in_list {
                    return;
                }
                let line = self.list_lines(self.list_height() as usize);
                if let (Some(list), Some(headings::ListLine::Row(i))) =
                    (&mut self.list, line.get(row as usize))
                {
                    list.selected = *i;
                }
                self.screen = Screen::Articles;
                self.ensure_window();
                if self.is_wide() {
                    self.preview_selected();
                }
            }
        }
    }

    pub(super) fn mark_all(&mut self, feed: Option<i64>) {
        match self.store.mark_all_read_changed(feed) {
            Ok(changed) => {
                let n = changed.ids.len();
                let what = if feed.is_some() {
                    undo::UndoWhat::FeedRead
                } else {
                    undo::UndoWhat::AllRead
                };
                self.remember(what, changed);
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
                if self.sync_on() {
                    // The server's mark-all-read, now (the outbox keeps it while offline).
                    self.request_sync(SyncWhy::Quiet);
                }
            }
            Err(e) => self.error(self.locale.tf("st.db_error", &[("e", e.to_string())])),
        }
    }

    pub(super) fn next_unread(&mut self) {
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

    pub(super) fn page(&self) -> i64 {
        match self.screen {
            Screen::Article => self.reader_height().saturating_sub(2).max(1) as i64,
            _ => self.list_height().saturating_sub(1).max(1),
        }
    }

    /// Only articles naming a place in Lampung, or all again.
    pub(super) fn toggle_lampung(&mut self) {
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

    /// Unread articles only, or all again.
    pub(super) fn toggle_unread_only(&mut self) {
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
}
