//! Views (`[[views]]` in config.toml): entries of the feed list with their counts, and the
//! list of a view's articles (read whole, like search results, newest first).

use super::*;
use crate::store::When;

/// The most articles a view's list holds.
const VIEW_MAX: i64 = 2000;

impl App {
    /// When queries run: the app's clock, in the configured zone.
    fn when(&self) -> When {
        When {
            now: self.now(),
            utc_offset: self.locale.zone.offset.local_minus_utc(),
        }
    }

    /// The feed list's entries for the configured views, with their counts now. While a
    /// refresh runs, the counts shown stay (each feed's end reloads the feed list; the views
    /// are counted again when it ends and when the search index has caught up).
    pub(super) fn view_entries(&self) -> Vec<FeedEntry> {
        let shown: Vec<FeedEntry> = self
            .feeds
            .iter()
            .filter(|e| matches!(e, FeedEntry::View { .. }))
            .cloned()
            .collect();
        if self.progress.is_some() && shown.len() == self.config.views.len() {
            return shown;
        }
        let when = self.when();
        self.config
            .views
            .iter()
            .enumerate()
            .map(|(index, v)| {
                let (total, unread) =
                    self.store
                        .query_counts(&v.parsed, when)
                        .unwrap_or_else(|e| {
                            tracing::warn!("view {:?}: {e}", v.name);
                            (0, 0)
                        });
                FeedEntry::View {
                    index,
                    name: crate::text::sanitize_line(&v.name),
                    unread,
                    total,
                }
            })
            .collect()
    }

    /// The rows of view `index` (only unread ones when the list shows only unread).
    fn view_rows(&self, index: usize) -> Vec<ArticleRow> {
        let Some(v) = self.config.views.get(index) else {
            return Vec::new();
        };
        let q = if self.unread_only {
            crate::query::Query::And(vec![
                v.parsed.clone(),
                crate::query::Query::Term(crate::query::Term::Unread),
            ])
        } else {
            v.parsed.clone()
        };
        self.store
            .query_page(&q, self.when(), 0, VIEW_MAX)
            .unwrap_or_else(|e| {
                tracing::warn!("view {:?}: {e}", v.name);
                Vec::new()
            })
    }

    /// Open view `index` as the article list.
    pub(super) fn open_view(&mut self, index: usize, title: String) {
        let rows = self.view_rows(index);
        self.list = Some(ArticleList {
            query: ListQuery::default(),
            title,
            total: rows.len() as i64,
            selected: 0,
            top: 0,
            window_start: 0,
            rows,
            search: None,
            view: Some(index),
            ranked: false,
        });
        self.ensure_window();
        self.screen = Screen::Articles;
    }

    /// Read the open view's rows again, keeping the selected article selected.
    pub(super) fn reload_view(&mut self, index: usize) {
        let rows = self.view_rows(index);
        let Some(list) = &mut self.list else { return };
        let keep = list.selected_row().map(|r| r.id);
        list.selected = keep
            .and_then(|id| rows.iter().position(|r| r.id == id))
            .map_or(list.selected, |p| p as i64);
        list.total = rows.len() as i64;
        list.rows = rows;
        self.ensure_window();
    }

    /// Mark every article of view `index` read (not the whole store, as "all" would).
    pub(super) fn mark_view_read(&mut self, index: usize) {
        let Some(v) = self.config.views.get(index) else {
            return;
        };
        let q = crate::query::Query::And(vec![
            v.parsed.clone(),
            crate::query::Query::Term(crate::query::Term::Unread),
        ]);
        let ids: std::collections::HashSet<i64> =
            match self.store.query_page(&q, self.when(), 0, -1) {
                Ok(rows) => rows.iter().map(|r| r.id).collect(),
                Err(e) => {
                    self.error(self.locale.tf("st.db_error", &[("e", e.to_string())]));
                    return;
                }
            };
        let list: Vec<i64> = ids.iter().copied().collect();
        match self.store.set_read_changed(&list, true) {
            Ok(changed) => {
                let n = changed.ids.len();
                self.remember(super::undo::UndoWhat::ViewRead, changed);
                if let Some(list) = &mut self.list {
                    for r in list.rows.iter_mut().filter(|r| ids.contains(&r.id)) {
                        r.read = true;
                    }
                }
                self.reload_feeds();
                self.changed_for_server();
                self.info(self.locale.tf("st.marked_n_read", &[("n", n.to_string())]));
            }
            Err(e) => self.error(self.locale.tf("st.db_error", &[("e", e.to_string())])),
        }
    }

    /// Say in the status line what a notify rule matched since the last time (the newest one,
    /// and how many more).
    pub(super) fn show_notifications(&mut self) {
        let rows = match self.store.take_notifications() {
            Ok(rows) => rows,
            Err(e) => {
                tracing::warn!("notifications: {e}");
                return;
            }
        };
        let Some(newest) = rows.last() else { return };
        let args = [
            ("title", crate::text::sanitize_line(&newest.title)),
            ("n", (rows.len() - 1).to_string()),
        ];
        let key = if rows.len() > 1 {
            "st.notify_more"
        } else {
            "st.notify"
        };
        let text = self.locale.tf(key, &args);
        self.effects.push(Effect::Alert {
            text: text.clone(),
            feed: crate::text::sanitize_line(&newest.feed),
            title: args[0].1.clone(),
        });
        self.info(text);
    }
}
