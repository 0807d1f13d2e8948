//! Reading an article: opening, the laid-out text for the current width, full text, read marks.

use super::*;
use layout::LayoutJob;

/// The article being read, with its rendered body cached for one width.
#[derive(Debug, Clone)]
pub struct Reader {
    pub article: Article,
    pub scroll: usize,
    pub rendered: Option<(usize, ArticleText)>,
}

impl App {
    /// In a wide terminal the article pane follows the list selection (without marking read).
    pub(super) fn preview_selected(&mut self) {
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

    pub(super) fn load_reader(&mut self, id: i64) {
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

    /// Show the current article laid out for the current width: from the cache, or by asking
    /// a worker (see [`App::take_layout`]); never laid out here, on the thread that reads keys.
    /// Until the text arrives the pane says it is being laid out (or keeps the text it had).
    pub fn ensure_rendered(&mut self) {
        let width = self.reader_width();
        let Some(r) = &mut self.reader else { return };
        let key = (r.article.id, width);
        if let Some(text) = self.render_cache.get(&key) {
            if !matches!(&r.rendered, Some((w, _)) if *w == width) {
                r.rendered = Some((width, text.clone()));
            }
            return;
        }
        if self.layouts_in_flight.contains_key(&key) {
            return;
        }
        self.layout_seq += 1;
        let loading = self.full_text_loading.contains(&r.article.id);
        let now = self.fixed_now.unwrap_or_else(crate::time::now);
        let job = LayoutJob::new(
            &r.article,
            width,
            self.layout_seq,
            loading,
            &self.locale,
            now,
        );
        self.layouts_in_flight.insert(key, job.seq);
        // Only the newest request is started: one overtaken before the loop took it is dropped.
        if let Some(old) = self.pending_layout.replace(job) {
            let old_key = (old.id, old.width);
            if self.layouts_in_flight.get(&old_key) == Some(&old.seq) {
                self.layouts_in_flight.remove(&old_key);
            }
        }
    }

    /// The layout the loop should start on a worker, if one is wanted.
    pub fn take_layout(&mut self) -> Option<LayoutJob> {
        self.pending_layout.take()
    }

    /// An article laid out by a worker: keep it, and show it if it is still wanted on screen.
    pub fn on_laid_out(&mut self, id: i64, width: usize, seq: u64, text: ArticleText) {
        let key = (id, width);
        if self.layouts_in_flight.get(&key) != Some(&seq) {
            return; // overtaken by a newer request for the same article and width
        }
        self.layouts_in_flight.remove(&key);
        if self.render_cache.len() >= 64 {
            self.render_cache.clear();
        }
        self.render_cache.insert(key, text.clone());
        let current = self.reader_width();
        if let Some(r) = &mut self.reader
            && r.article.id == id
            && width == current
        {
            r.rendered = Some((width, text));
        }
    }

    /// Lay out the pending article here and now, as the worker would: for tests and for
    /// callers without a loop. The reader's loop never calls it.
    pub fn finish_layout(&mut self) {
        if let Some(job) = self.take_layout() {
            let text = job.run();
            self.on_laid_out(job.id, job.width, job.seq, text);
        }
    }

    pub(super) fn open_article(&mut self) {
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
                self.set_read(row.id, true, undo::UndoWhat::Open);
            }
            if self
                .reader
                .as_ref()
                .is_some_and(|r| crate::article::extract::wants_full_text(&r.article))
            {
                self.fetch_full_text();
            }
        }
    }

    /// Ask the loop to fetch the current article's page; the excerpt stays on screen meanwhile.
    pub(super) fn fetch_full_text(&mut self) {
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

    /// Drop cached layouts of article `id` and lay it out again if it is on screen.
    pub(super) fn rerender(&mut self, id: i64) {
        self.render_cache.retain(|(aid, _), _| *aid != id);
        self.layouts_in_flight.retain(|(aid, _), _| *aid != id);
        // The old text stays on screen until the new one arrives.
        self.ensure_rendered();
    }

    /// The outcome of a full-text fetch: store it, and show it if the article is on screen.
    pub fn on_full_text(&mut self, id: i64, result: Result<String, String>) {
        self.full_text_loading.remove(&id);
        if let Err(e) = crate::feed::ingest::store_full_text(&mut self.store, id, &result) {
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

    /// Set one article's read state, in the store and in what is on screen; `U` can undo it
    /// (as `what`).
    pub(super) fn set_read(&mut self, id: i64, read: bool, what: undo::UndoWhat) {
        match self.store.set_read_changed(&[id], read) {
            Ok(changed) => self.remember(what, changed),
            Err(e) => {
                self.error(self.locale.tf("st.db_error", &[("e", e.to_string())]));
                return;
            }
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
        self.changed_for_server();
    }

    pub(super) fn back(&mut self) -> bool {
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
    pub(super) fn current_link(&self) -> Option<String> {
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

    /// Flip the read mark of what is selected or being read.
    pub(super) fn toggle_read(&mut self) {
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
            let what = if read {
                undo::UndoWhat::Unread
            } else {
                undo::UndoWhat::Read
            };
            self.set_read(id, !read, what);
            self.info(if read {
                self.locale.t("st.marked_unread")
            } else {
                self.locale.t("st.marked_read")
            });
        }
    }

    /// Save or unsave what is selected or being read.
    pub(super) fn toggle_saved(&mut self) {
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
            match self.store.set_saved_changed(&[id], now_saved) {
                Ok(changed) => {
                    let what = if now_saved {
                        undo::UndoWhat::Save
                    } else {
                        undo::UndoWhat::Unsave
                    };
                    self.remember(what, changed);
                    if let Some(list) = &mut self.list {
                        for r in list.rows.iter_mut().filter(|r| r.id == id) {
                            r.saved = now_saved;
                        }
                    }
                    self.reload_feeds();
                    self.changed_for_server();
                    self.info(if now_saved {
                        self.locale.t("st.saved")
                    } else {
                        self.locale.t("st.unsaved")
                    });
                }
                Err(e) => self.error(self.locale.tf("st.db_error", &[("e", e.to_string())])),
            }
        }
    }

    /// Open link `n` of the article being read.
    pub(super) fn open_link(&mut self, n: u8) {
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

    /// Put the current link on the clipboard (OSC 52), if it is not too long for it.
    pub(super) fn copy_link(&mut self) {
        match self.current_link() {
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
        }
    }
}
