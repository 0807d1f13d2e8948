//! Refreshes and search indexing as the app sees them: requests, progress, results.

use super::*;

impl App {
    /// Refresh these feeds (empty = all). With `[sync]` the server fetches the sites: this
    /// syncs instead (every feed; a sync only asks for what changed).
    pub fn request_refresh(&mut self, ids: Vec<i64>) {
        if self.sync_on() {
            return self.request_sync(SyncWhy::Shown);
        }
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

    pub(super) fn feed_name(&self, id: i64) -> String {
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
                let healed = self.healing_message(&summary.healing);
                let (text, kind) = if summary.offline() {
                    // One line, not one error per feed: the feed list shows each feed's error.
                    let n = [("n", summary.unreachable.to_string())];
                    (self.locale.tf("st.offline", &n), StatusKind::Error)
                } else if let Some(text) = healed {
                    (text, StatusKind::Info)
                } else if self.refresh_failures.is_empty() {
                    (self.locale.tf("st.done", &args), StatusKind::Info)
                } else {
                    (self.locale.tf("st.done_failed", &args), StatusKind::Error)
                };
                let text = self.with_not_due(text);
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
        // Rules and views match words through the index: their counts change now, and what a
        // notify rule matched is said.
        self.reload_feeds();
        self.show_notifications();
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

    /// Refresh the feed selected, or the one of the open list or article.
    pub(super) fn refresh_selected(&mut self) {
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
}
