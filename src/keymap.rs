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
    /// Parse a key as written in `[keys]`: `j`, `G`, `enter`, `esc`, `space`, `tab`,
    /// `backspace`, `up`, `down`, `left`, `right`, `pgup`, `pgdn`, `home`, `end`, `ctrl-x`.
    pub fn parse(s: &str) -> Option<Key> {
        let (ctrl, rest) = match s.strip_prefix("ctrl-").or_else(|| s.strip_prefix("C-")) {
            Some(r) => (true, r),
            None => (false, s),
        };
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(c),
            _ => match rest.to_ascii_lowercase().as_str() {
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "space" => KeyCode::Char(' '),
                "tab" => KeyCode::Tab,
                "backspace" => KeyCode::Backspace,
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "pgup" | "pageup" => KeyCode::PageUp,
                "pgdn" | "pagedown" => KeyCode::PageDown,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                _ => return None,
            },
        };
        Some(Key { code, ctrl })
    }

    pub fn from_event(ev: &KeyEvent) -> Key {
        Key {
            code: ev.code,
            ctrl: ev.modifiers.contains(KeyModifiers::CONTROL),
        }
    }

    /// The key's name as help shows it.
    pub fn name(&self, lang: crate::i18n::Lang) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => crate::i18n::t(lang, "key.space").to_string(),
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
    /// The default keys of every action, from the action table.
    fn default() -> Self {
        Keymap {
            bindings: crate::action::TABLE
                .iter()
                .flat_map(|r| {
                    r.keys
                        .iter()
                        .filter_map(|k| Key::parse(k))
                        .map(move |k| (k, r.action))
                })
                .collect(),
        }
    }
}

/// The action named `name` in `[keys]` (old names such as `quit` included).
pub fn action_by_name(name: &str) -> Option<Action> {
    Action::by_name(name)
}

impl Keymap {
    /// The defaults with `[keys]` merged over them: an action named there gets exactly the keys
    /// listed (its default keys go), and those keys leave any other action they were bound to.
    /// Names and keys were checked when the config was read.
    pub fn with_overrides(overrides: &[(Action, Vec<Key>)]) -> Keymap {
        let mut km = Keymap::default();
        for (action, keys) in overrides {
            let action = *action;
            km.bindings
                .retain(|(k, a)| *a != action && !keys.contains(k));
            km.bindings.extend(keys.iter().map(|k| (*k, action)));
        }
        km
    }

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

    /// The action bound to exactly `key`, if any (a `[[commands]]` key must not be one).
    pub fn bound(&self, key: Key) -> Option<Action> {
        self.bindings
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, a)| *a)
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
    pub fn help_rows(&self, lang: crate::i18n::Lang) -> Vec<(String, &'static str)> {
        Action::in_help()
            .map(|a| {
                let keys: Vec<String> = match a {
                    // One row for the ten link keys.
                    Action::OpenLink(_) => {
                        let first = self.keys_for(Action::OpenLink(1));
                        let last = self.keys_for(Action::OpenLink(9));
                        match (first.first(), last.first()) {
                            (Some(f), Some(l)) => {
                                vec![format!("{}-{}", f.name(lang), l.name(lang))]
                            }
                            _ => Vec::new(),
                        }
                    }
                    _ => self.keys_for(a).iter().map(|k| k.name(lang)).collect(),
                };
                (keys.join(" "), a.describe(lang))
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
        for a in Action::all() {
            assert!(!km.keys_for(a).is_empty(), "{a:?} has no key");
        }
        for r in crate::action::TABLE {
            for k in r.keys {
                assert!(
                    Key::parse(k).is_some(),
                    "{}: default key {k} parses",
                    r.name
                );
            }
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
