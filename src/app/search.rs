//! Search: the search line run as it is typed, results as a list, stepping through matches.

use super::*;

impl App {
    /// The words of the search whose results are open, if any.
    pub fn search_terms(&self) -> Option<Vec<String>> {
        let q = self.list.as_ref()?.search.as_ref()?;
        let words = crate::query::parse_typing(q).ok()?.words();
        (!words.is_empty()).then_some(words)
    }

    /// Scroll the article to the next (`dir` = 1) or previous (-1) line with a search match.
    pub(super) fn step_match(&mut self, dir: i64) {
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
        // A query that cannot be read says where; the results of the last one stay.
        let parsed = match crate::query::parse_typing(query) {
            Ok(q) => q,
            Err(e) => {
                // The prompt covers the status line: the list's title says it too.
                let msg = e.message(self.locale.lang);
                if let Some(list) = self.list.as_mut().filter(|l| l.search.is_some()) {
                    list.title = self.locale.tf(
                        "label.search_query_error",
                        &[("q", query.to_string()), ("e", msg.clone())],
                    );
                }
                self.error(msg);
                return;
            }
        };
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
        let when = crate::store::When::now(&self.locale);
        let rows = match self.store.search_query(&parsed, when, 500) {
            Ok(rows) => rows,
            Err(e) => {
                self.error(self.locale.tf("st.search_error", &[("e", e.to_string())]));
                Vec::new()
            }
        };
        let total = rows.len() as i64;
        let ranked = crate::store::search_is_ranked(&parsed);
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
            view: None,
            ranked,
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
        let Mode::Search { input } = &mut self.mode else {
            return;
        };
        match key.code {
            KeyCode::Esc => {
                self.mode = Mode::Browse;
                return;
            }
            KeyCode::Enter => {
                // A one-character query is run now (it was not as it was typed).
                let q = std::mem::take(input);
                self.mode = Mode::Browse;
                let shown = self.list.as_ref().and_then(|l| l.search.as_deref());
                if !q.trim().is_empty() && shown != Some(q.as_str()) {
                    self.run_search(&q);
                }
                return;
            }
            KeyCode::Backspace => {
                input.pop();
            }
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.mode = Mode::Browse;
                return;
            }
            KeyCode::Char(c) if !c.is_control() && input.chars().count() < 200 => input.push(c),
            _ => return,
        }
        let q = input.clone();
        // One character is not searched as it is typed: as a whole word it matches next to
        // nothing, and the empty result would be drawn over the screen for each first letter
        // (bytes over SSH). Enter runs it.
        if q.trim().chars().count() < 2 {
            return;
        }
        self.run_search(&q);
    }
}
