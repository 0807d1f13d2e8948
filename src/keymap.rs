//! Key bindings: a table from keys to `Action`s; the help screen is generated from it.

use crate::action::Action;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key as the user writes it in docs and config: `j`, `G`, `enter`, `ctrl-c`, `pgdn`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

impl Key {
    const fn ch(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: false,
        }
    }
    const fn code(code: KeyCode) -> Key {
        Key { code, ctrl: false }
    }

    pub fn from_event(ev: &KeyEvent) -> Key {
        Key {
            code: ev.code,
            ctrl: ev.modifiers.contains(KeyModifiers::CONTROL),
        }
    }

    /// The key's name as help shows it.
    pub fn name(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "spasi".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            other => format!("{other:?}"),
        };
        if self.ctrl {
            format!("Ctrl-{base}")
        } else {
            base
        }
    }
}

/// The bindings in force.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<(Key, Action)>,
}

impl Default for Keymap {
    fn default() -> Self {
        use Action::*;
        let k = Key::ch;
        let c = Key::code;
        Keymap {
            bindings: vec![
                (k('j'), Down),
                (c(KeyCode::Down), Down),
                (k('k'), Up),
                (c(KeyCode::Up), Up),
                (k('g'), Top),
                (c(KeyCode::Home), Top),
                (k('G'), Bottom),
                (c(KeyCode::End), Bottom),
                (c(KeyCode::PageDown), PageDown),
                (k(' '), PageDown),
                (c(KeyCode::PageUp), PageUp),
                (c(KeyCode::Enter), Open),
                (k('l'), Open),
                (c(KeyCode::Right), Open),
                (k('h'), Back),
                (c(KeyCode::Esc), Back),
                (c(KeyCode::Left), Back),
                (k('q'), BackOrQuit),
                (k('r'), RefreshFeed),
                (k('R'), RefreshAll),
                (k('a'), MarkFeedRead),
                (k('A'), MarkAllRead),
                (k('N'), ToggleRead),
                (k('n'), NextUnread),
                (k('u'), ToggleUnreadOnly),
                (k('o'), OpenInBrowser),
                (k('y'), CopyLink),
                (k('F'), FetchFullText),
                (k('s'), ToggleSaved),
                (k('L'), ToggleLampung),
                (k('/'), Search),
                (k('1'), OpenLink(1)),
                (k('2'), OpenLink(2)),
                (k('3'), OpenLink(3)),
                (k('4'), OpenLink(4)),
                (k('5'), OpenLink(5)),
                (k('6'), OpenLink(6)),
                (k('7'), OpenLink(7)),
                (k('8'), OpenLink(8)),
                (k('9'), OpenLink(9)),
                (k('?'), Help),
                (
                    Key {
                        code: KeyCode::Char('c'),
                        ctrl: true,
                    },
                    ForceQuit,
                ),
            ],
        }
    }
}

impl Keymap {
    pub fn action(&self, ev: &KeyEvent) -> Option<Action> {
        let key = Key::from_event(ev);
        self.bindings
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, a)| *a)
            .or_else(|| {
                // Shifted letters arrive with SHIFT set on some terminals; the char already says it.
                (ev.modifiers.contains(KeyModifiers::SHIFT) && !key.ctrl)
                    .then(|| self.bindings.iter().find(|(k, _)| k.code == key.code))
                    .flatten()
                    .map(|(_, a)| *a)
            })
    }

    /// The keys bound to `action`, in table order.
    pub fn keys_for(&self, action: Action) -> Vec<Key> {
        self.bindings
            .iter()
            .filter(|(_, a)| *a == action)
            .map(|(k, _)| *k)
            .collect()
    }

    /// (keys, description) for every action, for the help screen.
    pub fn help_rows(&self) -> Vec<(String, &'static str)> {
        Action::ALL
            .iter()
            .map(|a| {
                let keys: Vec<String> = match a {
                    // One row for the ten link keys.
                    Action::OpenLink(_) => {
                        let first = self.keys_for(Action::OpenLink(1));
                        let last = self.keys_for(Action::OpenLink(9));
                        match (first.first(), last.first()) {
                            (Some(f), Some(l)) => vec![format!("{}-{}", f.name(), l.name())],
                            _ => Vec::new(),
                        }
                    }
                    _ => self.keys_for(*a).iter().map(Key::name).collect(),
                };
                (keys.join(" "), a.describe())
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_a_key() {
        let km = Keymap::default();
        for a in Action::ALL {
            assert!(!km.keys_for(*a).is_empty(), "{a:?} has no key");
        }
    }

    #[test]
    fn shifted_letters() {
        let km = Keymap::default();
        let ev = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(km.action(&ev), Some(Action::Bottom));
        let ev = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(km.action(&ev), Some(Action::ForceQuit));
    }
}
