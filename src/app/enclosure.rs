//! Enclosures in the reader: the numbered list under the article's header, `e` (one opens at
//! once, several open a pick), and the pick's keys.

use crossterm::event::{KeyCode, KeyEvent};

use super::layout::Kind;
use super::{App, Effect, Mode, Screen};
use crate::store::Enclosure;
use crate::text::sanitize_line;

/// One enclosure as a line: "audio/mpeg · 12,3 MB" (sanitised).
pub fn describe(e: &Enclosure, locale: &crate::i18n::Locale) -> String {
    let ty = e
        .mime
        .as_deref()
        .map(sanitize_line)
        .unwrap_or_else(|| locale.t("encl.type_unknown").to_string());
    let size = match e.length {
        Some(n) => crate::i18n::human_size(locale.lang, n),
        None => locale.t("encl.size_unknown").to_string(),
    };
    format!("{ty} · {size}")
}

/// The lines listing `list` under the header (none when empty): a heading, then per
/// enclosure its number, type and size, and its address.
pub(super) fn lines(
    list: &[Enclosure],
    width: usize,
    locale: &crate::i18n::Locale,
) -> Vec<(Kind, String)> {
    if list.is_empty() {
        return Vec::new();
    }
    let mut out = vec![(Kind::Meta, locale.t("encl.heading").to_string())];
    for (i, e) in list.iter().enumerate() {
        let head = format!("{}. {}", i + 1, describe(e, locale));
        out.extend(
            crate::text::width::wrap(&head, width)
                .into_iter()
                .map(|l| (Kind::Meta, l)),
        );
        let url = format!("   {}", crate::text::url::shown_url(&e.url));
        out.extend(
            crate::text::width::wrap(&url, width)
                .into_iter()
                .map(|l| (Kind::Link, l)),
        );
    }
    out
}

impl App {
    /// The enclosures of the article being read.
    pub fn enclosures(&self) -> &[Enclosure] {
        self.reader
            .as_ref()
            .filter(|_| self.screen != Screen::Feeds)
            .map_or(&[], |r| r.article.enclosures.as_slice())
    }

    /// `e`: open the only enclosure, or offer a pick of several.
    pub(super) fn open_enclosure(&mut self) {
        match self.enclosures().len() {
            0 => self.info(self.locale.t("encl.none")),
            1 => self.open_enclosure_at(0),
            _ => self.mode = Mode::PickEnclosure { selected: 0 },
        }
    }

    fn open_enclosure_at(&mut self, i: usize) {
        let Some(e) = self.enclosures().get(i) else {
            return;
        };
        match crate::text::safe_link(&e.url) {
            // No player: the browser opener, which also steps aside for a terminal browser.
            Some(url) if self.config.player.is_empty() => self.effects.push(Effect::OpenUrl(url)),
            Some(url) => self.effects.push(Effect::OpenEnclosure(url)),
            None => self.error(self.locale.t("encl.not_http")),
        }
    }

    /// A key while the enclosures are offered.
    pub(super) fn enclosure_key(&mut self, key: &KeyEvent) {
        let Mode::PickEnclosure { selected } = self.mode else {
            return;
        };
        let n = self.enclosures().len();
        match key.code {
            KeyCode::Char(c @ '1'..='9') => {
                let i = c as usize - '1' as usize;
                if i < n {
                    self.mode = Mode::Browse;
                    self.open_enclosure_at(i);
                }
            }
            KeyCode::Char('j') | KeyCode::Down => {
                self.mode = Mode::PickEnclosure {
                    selected: (selected + 1).min(n.saturating_sub(1)),
                }
            }
            KeyCode::Char('k') | KeyCode::Up => {
                self.mode = Mode::PickEnclosure {
                    selected: selected.saturating_sub(1),
                }
            }
            KeyCode::Enter => {
                self.mode = Mode::Browse;
                self.open_enclosure_at(selected);
            }
            KeyCode::Esc | KeyCode::Char('q') => self.mode = Mode::Browse,
            _ => {}
        }
    }
}
