//! The reader's timed refresh: only the feeds that are due (each feed's `refresh_minutes`,
//! else the global one); `R`/`r` still fetch everything asked for.

use super::*;

impl App {
    /// The timer fired: refresh the feeds fetched longer ago than their period (a little
    /// early, see `config::feed_settings::due_slack`), at `self.now()`. With `[sync]` this is
    /// a sync, as before.
    pub fn refresh_due(&mut self) {
        if self.sync_on() {
            return self.request_refresh(Vec::new());
        }
        let now = self.now();
        let feeds: Vec<(i64, String, Option<i64>)> = self
            .feeds
            .iter()
            .filter_map(|f| match f {
                FeedEntry::Feed(r) => Some((r.id, r.url.clone(), r.last_fetch)),
                _ => None,
            })
            .collect();
        let not_due = self.config.not_due(
            feeds
                .iter()
                .map(|(id, url, last)| (*id, url.as_str(), *last)),
            now,
            true,
        );
        if not_due.is_empty() {
            self.refresh_not_due = 0;
            return self.request_refresh(Vec::new());
        }
        let due: Vec<i64> = feeds
            .iter()
            .map(|(id, ..)| *id)
            .filter(|id| !not_due.contains(id))
            .collect();
        if due.is_empty() {
            // Nothing to do this round: no status line for a refresh that did not happen.
            return;
        }
        self.refresh_not_due = not_due.len();
        self.request_refresh(due);
    }

    /// `text` (a refresh's result line) saying how many feeds were left as not due, once.
    pub(super) fn with_not_due(&mut self, text: String) -> String {
        match std::mem::take(&mut self.refresh_not_due) {
            0 => text,
            n => self.locale.tf(
                "feedset.st_not_due",
                &[("text", text), ("n", n.to_string())],
            ),
        }
    }
}
