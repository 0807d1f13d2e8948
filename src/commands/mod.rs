//! User commands (`[[commands]]`, `|`, `kabar run`): the argument vector with the article's
//! values put in, the words of a typed command line, the input, and running the program.
//!
//! No shell ever sees anything: a command is an argument vector, each placeholder is put into
//! its own argument (never split), and every value from a feed is sanitised first.

pub mod input;
pub mod run;
pub mod words;

use crate::config::commands::PLACEHOLDERS;
pub use crate::config::{CommandConfig, CommandInput};

/// The article a command runs on: the values its placeholders take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    pub id: i64,
    pub link: Option<String>,
    pub title: String,
    pub feed: String,
}

/// Longest title or feed name put into an argument, in characters.
const MAX_VALUE_CHARS: usize = 1000;

/// Why a command cannot run on an article.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ArgvError {
    /// It uses `{url}` and the article has no http(s) link.
    #[error("the article has no http(s) link for {{url}}")]
    NoHttpLink,
}

/// Whether any argument of `run` uses `{url}`.
pub fn uses_url(run: &[String]) -> bool {
    run.iter()
        .any(|a| crate::config::commands::placeholders(a).contains(&"url"))
}

/// `run` with the article's values put in, each `{placeholder}` inside its own argument, in one
/// pass (a title holding `{url}` stays as it is). Values are sanitised (no controls, escape
/// sequences or bidi characters); `{url}` is only ever a normalised http(s) link. A value that
/// begins an argument and starts with `-` gets a space in front, so no program takes a hostile
/// title for an option.
pub fn argv(run: &[String], s: &Subject) -> Result<Vec<String>, ArgvError> {
    let url = if uses_url(run) {
        s.link
            .as_deref()
            .and_then(crate::text::safe_link)
            .ok_or(ArgvError::NoHttpLink)?
    } else {
        String::new()
    };
    let value = |name: &str| -> String {
        match name {
            "url" => url.clone(),
            "title" => crate::text::sanitize::sanitize_line_capped(&s.title, MAX_VALUE_CHARS),
            "feed" => crate::text::sanitize::sanitize_line_capped(&s.feed, MAX_VALUE_CHARS),
            "id" => s.id.to_string(),
            _ => String::new(),
        }
    };
    Ok(run.iter().map(|a| fill(a, &value)).collect())
}

/// One argument with its placeholders replaced by `value(name)`.
fn fill(arg: &str, value: &dyn Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(arg.len());
    let mut rest = arg;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let known = PLACEHOLDERS
            .iter()
            .find(|p| after.starts_with(*p) && after[p.len()..].starts_with('}'));
        match known {
            Some(p) => {
                let v = value(p);
                if out.is_empty() && v.starts_with('-') {
                    out.push(' ');
                }
                out.push_str(&v);
                rest = &after[p.len() + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A command ready to run on one article: what the app asks the edge for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// The name shown in the status line.
    pub label: String,
    /// The program and its arguments, values already put in.
    pub argv: Vec<String>,
    /// What goes to its standard input (made from the article by the edge).
    pub input: CommandInput,
    /// The article it runs on.
    pub article: i64,
    /// It gets the terminal (the reader steps aside); else it runs in the background.
    pub terminal: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subject(title: &str, link: Option<&str>) -> Subject {
        Subject {
            id: 7,
            link: link.map(String::from),
            title: title.into(),
            feed: "Radar \u{1b}[31mLampung".into(),
        }
    }

    #[test]
    fn values_stay_one_argument_and_are_sanitised() {
        let run: Vec<String> = ["prog", "{title}", "--feed={feed}", "{id}", "{url}", "{x}"]
            .map(String::from)
            .to_vec();
        let s = subject(
            "$(touch pwned); rm -rf x \u{202e}'q\"\u{1b}[2J {url}",
            Some("https://a.example/x?y=1"),
        );
        let got = argv(&run, &s).unwrap();
        assert_eq!(
            got,
            vec![
                "prog",
                "$(touch pwned); rm -rf x 'q\" {url}",
                "--feed=Radar Lampung",
                "7",
                "https://a.example/x?y=1",
                "{x}",
            ]
        );
    }

    #[test]
    fn url_must_be_http_and_dashes_are_not_options() {
        let run: Vec<String> = ["prog", "{url}"].map(String::from).to_vec();
        assert_eq!(
            argv(&run, &subject("t", Some("file:///etc/passwd"))),
            Err(ArgvError::NoHttpLink)
        );
        assert_eq!(argv(&run, &subject("t", None)), Err(ArgvError::NoHttpLink));
        // No {url}: a missing link does not matter.
        let run: Vec<String> = ["prog", "{title}", "x{title}"].map(String::from).to_vec();
        let got = argv(&run, &subject("--exec=rm", None)).unwrap();
        assert_eq!(got, vec!["prog", " --exec=rm", "x--exec=rm"]);
    }
}
