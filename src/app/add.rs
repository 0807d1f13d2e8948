//! Adding a feed with `+`: the address line, what discovery found, the pick, the config write.

use super::*;

impl App {
    /// A key while the `+` address line has the keyboard.
    pub fn add_key(&mut self, key: &crossterm::event::KeyEvent) {
        use crossterm::event::KeyCode;
        let Mode::AddUrl { input } = &mut self.mode else {
            return;
        };
        match key.code {
            KeyCode::Esc => self.mode = Mode::Browse,
            KeyCode::Enter => {
                let url = input.trim().to_string();
                self.mode = Mode::Browse;
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
            Ok(c) => self.mode = Mode::Pick { candidates: c },
        }
    }

    /// A key while the candidates of `+` are offered: 1-9 picks, anything else cancels.
    pub fn pick_key(&mut self, key: &crossterm::event::KeyEvent) {
        if !matches!(self.mode, Mode::Pick { .. }) {
            return;
        }
        let Mode::Pick { candidates: c } = std::mem::take(&mut self.mode) else {
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
    pub(super) fn add_feed(&mut self, title: &str, url: &str) {
        if self.sync_on() {
            // The server follows the feed (as `kabar add` does); a sync then brings it in.
            let msg = self
                .locale
                .tf("st.subscribing", &[("url", crate::text::shown_url(url))]);
            self.status = Some(Status {
                text: msg,
                kind: StatusKind::Busy,
            });
            return self.effects.push(Effect::Subscribe(url.to_string()));
        }
        let Some(path) = self.config_path.clone() else {
            let msg = self
                .locale
                .tf("st.add_failed", &[("e", "config.toml?".into())]);
            return self.error(msg);
        };
        // The edge writes config.toml and answers with `Event::FeedWritten`.
        self.effects.push(Effect::WriteFeed {
            path,
            url: url.to_string(),
            name: Some(crate::text::sanitize_line(title)).filter(|n| !n.is_empty()),
        });
    }

    /// The edge wrote (or did not write) a feed `+` picked: start showing it and refresh it.
    pub(super) fn on_feed_written(&mut self, url: &str, name: Option<String>, result: FeedWrite) {
        match result {
            FeedWrite::Duplicate => {
                let msg = self
                    .locale
                    .tf("st.add_duplicate", &[("url", url.to_string())]);
                self.info(msg);
            }
            FeedWrite::Added { feeds } => {
                if let Some(feeds) = feeds {
                    self.config.feeds = feeds;
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
                let msg = self
                    .locale
                    .tf("st.added", &[("name", name.unwrap_or_default())]);
                self.info(msg);
                if let Some(id) = id {
                    self.request_refresh(vec![id]);
                }
            }
            FeedWrite::Failed(e) => {
                let msg = self.locale.tf("st.add_failed", &[("e", e)]);
                self.error(msg);
            }
        }
    }
}
