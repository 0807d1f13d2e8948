//! `[[commands]]`: programs run on an article from a key (argv only, placeholders as whole
//! arguments), checked when the config is read: every mistake names its line.

use crate::keymap::{Key, Keymap};
use serde::{Deserialize, Deserializer};

/// The placeholders a command's arguments may hold; each is put in as (part of) one argument.
pub const PLACEHOLDERS: &[&str] = &["url", "title", "feed", "id"];

/// One user command.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommandConfig {
    /// The key that runs it in the reader (a key spec as in `[keys]`).
    #[serde(deserialize_with = "key")]
    pub key: Key,
    /// The program and its arguments: never a shell line.
    #[serde(deserialize_with = "argv")]
    pub run: Vec<String>,
    /// A short name (the status line, the help screen, `kabar run NAME`).
    #[serde(default)]
    pub name: Option<String>,
    /// What it does, for the help screen.
    #[serde(default)]
    pub description: Option<String>,
    /// What the program gets on its standard input.
    #[serde(default)]
    pub input: CommandInput,
    /// The program needs the terminal: the reader steps aside until it ends.
    #[serde(default)]
    pub terminal: bool,
}

/// What a command reads on its standard input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum CommandInput {
    /// Nothing (the null device; the terminal itself for `terminal = true`).
    #[default]
    None,
    /// The article as plain text, as the reader shows it.
    Text,
    /// The article's cleaned HTML.
    Html,
}

impl CommandConfig {
    /// The name shown for the command: its `name`, else the program's file name.
    pub fn label(&self) -> String {
        let raw = match &self.name {
            Some(n) if !n.trim().is_empty() => n.clone(),
            _ => program_label(&self.run),
        };
        crate::text::sanitize::sanitize_line_capped(&raw, 40)
    }
}

/// The file name of `argv`'s program (`/usr/bin/wallabag` -> `wallabag`).
pub fn program_label(argv: &[String]) -> String {
    let program = argv.first().map(String::as_str).unwrap_or_default();
    let name = program.rsplit('/').next().unwrap_or(program);
    crate::text::sanitize::sanitize_line_capped(name, 40)
}

/// The names of the `{placeholders}` in `arg`, in order: `{` then letters or `_`, then `}`.
/// Anything else with braces (`{}`, `{"a":1}`) is plain text.
pub fn placeholders(arg: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = arg;
    while let Some(i) = rest.find('{') {
        let after = &rest[i + 1..];
        let len = after
            .find(|c: char| !(c.is_ascii_alphabetic() || c == '_'))
            .unwrap_or(after.len());
        if len > 0 && after[len..].starts_with('}') {
            out.push(&after[..len]);
            rest = &after[len + 1..];
        } else {
            rest = after;
        }
    }
    out
}

fn key<'de, D: Deserializer<'de>>(d: D) -> Result<Key, D::Error> {
    let s = String::deserialize(d)?;
    Key::parse(&s).ok_or_else(|| {
        serde::de::Error::custom(format!(
            "[[commands]]: unknown key {s:?} (a letter, or enter, esc, tab, space, up, down, \
             left, right, pgup, pgdn, home, end, ctrl-x)"
        ))
    })
}

fn argv<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let run = Vec::<String>::deserialize(d)?;
    match run.first() {
        None => {
            return Err(serde::de::Error::custom(
                "[[commands]]: run is empty; give the program and its arguments, \
                 e.g. run = [\"wallabag\", \"add\", \"{url}\"]",
            ));
        }
        Some(p) if p.trim().is_empty() => {
            return Err(serde::de::Error::custom(
                "[[commands]]: the program (the first element of run) is empty",
            ));
        }
        Some(_) => {}
    }
    for arg in &run {
        if let Some(bad) = placeholders(arg)
            .into_iter()
            .find(|p| !PLACEHOLDERS.contains(p))
        {
            return Err(serde::de::Error::custom(format!(
                "[[commands]]: unknown placeholder {{{bad}}} in {arg:?}: use {{url}}, {{title}}, \
                 {{feed}} or {{id}}"
            )));
        }
    }
    Ok(run)
}

/// Problems that need the whole config: two commands on one key or with one name, or a
/// command on a key an action is bound to. `Err((command index, field, message))`.
pub fn check(commands: &[CommandConfig], keymap: &Keymap) -> Result<(), (usize, String)> {
    let lang = crate::i18n::Lang::En;
    for (i, c) in commands.iter().enumerate() {
        let shown = c.key.name(lang);
        if let Some(action) = keymap.bound(c.key) {
            return Err((
                i,
                format!(
                    "[[commands]]: key {shown:?} of command {:?} is already the key of action \
                     {:?}; pick another key, or move {:?} elsewhere in [keys]",
                    c.label(),
                    action.name(),
                    action.name()
                ),
            ));
        }
        if let Some(other) = commands[..i].iter().find(|o| o.key == c.key) {
            return Err((
                i,
                format!(
                    "[[commands]]: key {shown:?} of command {:?} is also the key of command {:?}",
                    c.label(),
                    other.label()
                ),
            ));
        }
        if let Some(name) = &c.name
            && commands[..i].iter().any(|o| o.name.as_ref() == Some(name))
        {
            return Err((i, format!("[[commands]]: two commands are named {name:?}")));
        }
    }
    Ok(())
}

/// The line of the `key` of the `n`th `[[commands]]` table in `text` (1-based).
pub fn key_line(text: &str, n: usize) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    let Some(start) = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with("[[commands]]"))
        .nth(n)
        .map(|(i, _)| i)
    else {
        return 1;
    };
    lines[start + 1..]
        .iter()
        .take_while(|l| !l.trim_start().starts_with('['))
        .position(|l| l.trim_start().starts_with("key"))
        .map_or(start + 1, |i| start + 2 + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_braced_words() {
        assert_eq!(placeholders("{url}"), vec!["url"]);
        assert_eq!(placeholders("--t={title}/{feed}"), vec!["title", "feed"]);
        assert!(placeholders("{} {\"a\":1} {x y}").is_empty());
        assert_eq!(placeholders("{{id}}"), vec!["id"]);
    }

    #[test]
    fn key_line_finds_the_nth_table() {
        let text = "[[commands]]\nkey = \"w\"\nrun = [\"a\"]\n\n[[commands]]\nrun = [\"b\"]\nkey = \"x\"\n";
        assert_eq!(key_line(text, 0), 2);
        assert_eq!(key_line(text, 1), 7);
    }
}
