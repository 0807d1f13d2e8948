//! `[[views]]` (saved queries shown in the feed list) and `[[rules]]` (a query and what to do
//! to the articles it matches), checked when the config is read.

use crate::query::Query;
use serde::{Deserialize, Deserializer};

/// A saved query, shown in the feed list with its unread count.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ViewConfig {
    pub name: String,
    pub query: String,
    /// The query parsed (filled when the config is checked).
    #[serde(skip)]
    pub parsed: Query,
}

/// A query and what to do to each article it matches as it arrives (and with `kabar rules
/// apply`, to what is stored).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleConfig {
    pub query: String,
    pub action: RuleAction,
}

/// What a rule does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleAction {
    /// Kept, but shown and counted nowhere (a rule change brings it back).
    Hide,
    Read,
    Save,
    /// Give the article this tag (`tag:` finds it).
    Tag(String),
    /// Tell the reader (and `kabar refresh`).
    Notify,
}

impl RuleAction {
    /// `hide`, `read`, `save`, `tag:NAME` or `notify`.
    pub fn parse(s: &str) -> Option<RuleAction> {
        Some(match s.trim() {
            "hide" => RuleAction::Hide,
            "read" => RuleAction::Read,
            "save" => RuleAction::Save,
            "notify" => RuleAction::Notify,
            other => {
                let tag = other.strip_prefix("tag:")?.trim().to_lowercase();
                if tag.is_empty() || tag.contains(char::is_whitespace) {
                    return None;
                }
                RuleAction::Tag(tag)
            }
        })
    }

    /// The action as written in the config.
    pub fn as_string(&self) -> String {
        match self {
            RuleAction::Hide => "hide".into(),
            RuleAction::Read => "read".into(),
            RuleAction::Save => "save".into(),
            RuleAction::Tag(t) => format!("tag:{t}"),
            RuleAction::Notify => "notify".into(),
        }
    }
}

impl<'de> Deserialize<'de> for RuleAction {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        RuleAction::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown rule action {s:?}: use \"hide\", \"read\", \"save\", \"tag:NAME\" or \"notify\""
            ))
        })
    }
}
