//! `[keys]`: action names to the keys that replace their defaults, checked when the file is read.

use crate::action::Action;
use crate::keymap::{Key, action_by_name};
use serde::Deserialize;
use serde::de::{self, MapAccess, Visitor};

/// The `[keys]` table: each named action with the keys that replace its defaults, in the
/// order of the action names (as a sorted table always gave them).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KeyOverrides(pub Vec<(Action, Vec<Key>)>);

impl std::ops::Deref for KeyOverrides {
    type Target = [(Action, Vec<Key>)];
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

/// An action name from `[keys]` (old names such as `quit` included).
struct ActionName(String, Action);

impl<'de> Deserialize<'de> for ActionName {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<ActionName, D::Error> {
        let s = String::deserialize(d)?;
        match action_by_name(&s) {
            Some(a) => Ok(ActionName(s, a)),
            None => Err(de::Error::custom(format!("[keys]: unknown action {s:?}"))),
        }
    }
}

/// A key as written in `[keys]`.
struct KeyName(Key);

impl<'de> Deserialize<'de> for KeyName {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<KeyName, D::Error> {
        let s = String::deserialize(d)?;
        Key::parse(&s)
            .map(KeyName)
            .ok_or_else(|| de::Error::custom(format!("[keys]: unknown key {s:?}")))
    }
}

impl<'de> Deserialize<'de> for KeyOverrides {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<KeyOverrides, D::Error> {
        struct Table;
        impl<'de> Visitor<'de> for Table {
            type Value = KeyOverrides;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a table of action names to lists of keys")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<KeyOverrides, M::Error> {
                let mut named = Vec::new();
                while let Some(ActionName(name, action)) = map.next_key()? {
                    let keys: Vec<KeyName> = map.next_value()?;
                    named.push((name, action, keys.into_iter().map(|k| k.0).collect()));
                }
                named.sort_by(|a: &(String, Action, Vec<Key>), b| a.0.cmp(&b.0));
                Ok(KeyOverrides(
                    named.into_iter().map(|(_, a, k)| (a, k)).collect(),
                ))
            }
        }
        d.deserialize_map(Table)
    }
}
