//! Interface language (Indonesian or English): messages by key, and the locale for dates.
//!
//! Every message is a whole sentence per language with named `{placeholders}`: nothing is
//! built by gluing translated pieces together, since word order differs between languages.
//! The texts live in `messages.rs` and `help_text.rs`; this file only looks them up.

mod cmds_messages;
mod days;
mod encl_messages;
mod feedset_messages;
mod help_text;
mod locale;
mod messages;
mod query_messages;
mod sync_messages;
mod undo_messages;

pub use cmds_messages::CMDS_MESSAGES;
pub use encl_messages::{ENCL_MESSAGES, human_size};
pub use feedset_messages::FEEDSET_MESSAGES;
pub use help_text::{CLI_HELP, HELP_MESSAGES};
pub use locale::{Locale, Zone};
pub use messages::MESSAGES;
pub use query_messages::QUERY_MESSAGES;
pub use sync_messages::SYNC_MESSAGES;
pub use undo_messages::UNDO_MESSAGES;

use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Id,
    En,
}

impl Lang {
    /// `language` from the config, else `LC_ALL`, `LC_MESSAGES`, `LANG` (`id_*` gives Indonesian),
    /// else English.
    pub fn detect(configured: Option<&str>) -> Lang {
        if let Some(l) = configured {
            return if l == "id" { Lang::Id } else { Lang::En };
        }
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Ok(v) = std::env::var(var)
                && !v.is_empty()
            {
                return if v.starts_with("id") {
                    Lang::Id
                } else {
                    Lang::En
                };
            }
        }
        Lang::En
    }
}

/// Every message of both tables: (key, Indonesian, English).
pub fn all() -> impl Iterator<Item = &'static (&'static str, &'static str, &'static str)> {
    MESSAGES
        .iter()
        .chain(HELP_MESSAGES)
        .chain(SYNC_MESSAGES)
        .chain(QUERY_MESSAGES)
        .chain(ENCL_MESSAGES)
        .chain(CMDS_MESSAGES)
        .chain(UNDO_MESSAGES)
        .chain(FEEDSET_MESSAGES)
}

/// The message `key` in `lang` (`"?"` when missing, which a test forbids).
pub fn t(lang: Lang, key: &str) -> &'static str {
    lookup(lang, key).unwrap_or_else(|| {
        debug_assert!(false, "missing message {key}");
        "?"
    })
}

/// The message `key` in `lang`, if there is one (a hash lookup; the map is built on first use).
pub fn lookup(lang: Lang, key: &str) -> Option<&'static str> {
    type Table = HashMap<&'static str, (&'static str, &'static str)>;
    static TABLE: OnceLock<Table> = OnceLock::new();
    let table = TABLE.get_or_init(|| all().map(|(k, id, en)| (*k, (*id, *en))).collect());
    table.get(key).map(|(id, en)| match lang {
        Lang::Id => *id,
        Lang::En => *en,
    })
}

/// The text of the command tree at `key` (`help.<command>.<field>`, `help.<command>.<arg id>`) in
/// `lang`: [`CLI_HELP`] in Indonesian, else the messages (kabar's own `help` command). The
/// English of the derive is not in any table: it is clap's own (the doc comments of `cli::args`).
pub fn cli_help(lang: Lang, key: &str) -> Option<&'static str> {
    static TABLE: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    let table = TABLE.get_or_init(|| CLI_HELP.iter().copied().collect());
    match lang {
        Lang::Id => table.get(key).copied().or_else(|| lookup(lang, key)),
        Lang::En => lookup(lang, key),
    }
}

/// The message `key` with each `{name}` replaced by its value, and each `{name:one|other}`
/// by the form for that number (English "1 article", "2 articles"; Indonesian has no plural).
pub fn tf(lang: Lang, key: &str, args: &[(&str, String)]) -> String {
    let mut s = t(lang, key).to_string();
    for (name, value) in args {
        let open = format!("{{{name}:");
        while let Some(start) = s.find(&open) {
            let Some(len) = s[start..].find('}') else {
                break;
            };
            let forms = &s[start + open.len()..start + len];
            let (one, other) = forms.split_once('|').unwrap_or((forms, forms));
            let form = if value.as_str() == "1" { one } else { other }.to_string();
            s.replace_range(start..=start + len, &form);
        }
        s = s.replace(&format!("{{{name}}}"), value);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_unique_and_placeholders_match() {
        let mut seen = std::collections::HashSet::new();
        for (k, id, en) in all() {
            assert!(seen.insert(k), "duplicate key {k}");
            let holes = |s: &str| {
                let mut v: Vec<String> = s
                    .split('{')
                    .skip(1)
                    .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_string()))
                    // A plural choice `{n:one|other}` takes the same value as `{n}`.
                    .filter(|n| !n.contains(':'))
                    .collect();
                v.sort();
                v.dedup();
                v
            };
            assert_eq!(
                holes(id),
                holes(en),
                "{k}: both languages take the same values"
            );
        }
    }

    #[test]
    fn command_line_help_keys_are_unique_and_apart_from_messages() {
        let messages: std::collections::HashSet<&str> = all().map(|(k, _, _)| *k).collect();
        let mut seen = std::collections::HashSet::new();
        for (k, id) in CLI_HELP {
            assert!(seen.insert(*k), "duplicate key {k}");
            assert!(!messages.contains(k), "{k} is also a message");
            assert!(!id.trim().is_empty(), "{k}");
        }
        assert_eq!(
            cli_help(Lang::Id, "help.list.json").map(str::is_empty),
            Some(false)
        );
        assert_eq!(cli_help(Lang::En, "help.list.json"), None);
    }

    #[test]
    fn lookup_finds_both_tables() {
        assert_eq!(lookup(Lang::En, "rel.now"), Some("just now"));
        assert_eq!(lookup(Lang::Id, "help.err.error"), Some("galat"));
        assert_eq!(lookup(Lang::En, "no.such.key"), None);
    }

    #[test]
    fn english_counts_take_the_singular_for_one() {
        let f = |n: &str| tf(Lang::En, "st.marked_n_read", &[("n", n.to_string())]);
        assert_eq!(f("1"), "1 article marked read");
        assert_eq!(f("2"), "2 articles marked read");
        assert_eq!(
            tf(Lang::Id, "st.marked_n_read", &[("n", "1".into())]),
            "1 artikel ditandai sudah dibaca"
        );
    }
}
