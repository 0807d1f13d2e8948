//! User commands in the reader: a `[[commands]]` key runs its program on the selected or open
//! article, `|` opens a prompt whose command line gets the article's text; the edge runs them.

use super::*;
use crate::commands::{ArgvError, CommandInput, Job, Subject};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Longest command line the `|` prompt takes, in characters.
const MAX_PIPE_CHARS: usize = 2000;

impl App {
    /// The article a command would run on: the open one, else the selected row of the list.
    pub(super) fn command_subject(&self) -> Option<Subject> {
        match self.screen {
            Screen::Article => self.reader.as_ref().map(|r| Subject {
                id: r.article.id,
                link: r.article.link.clone(),
                title: r.article.title.clone(),
                feed: r.article.feed.clone(),
            }),
            Screen::Articles => {
                self.list
                    .as_ref()
                    .and_then(|l| l.selected_row())
                    .map(|r| Subject {
                        id: r.id,
                        link: r.link.clone(),
                        title: r.title.clone(),
                        feed: r.feed.clone(),
                    })
            }
            Screen::Feeds => None,
        }
    }

    /// A key no action is bound to: the `[[commands]]` entry on it, if any, runs.
    pub(super) fn command_key(&mut self, key: &KeyEvent) {
        let pressed = crate::keymap::Key::from_event(key);
        // Shifted letters arrive with SHIFT set on some terminals; the char already says it.
        let shifted = key.modifiers.contains(KeyModifiers::SHIFT) && !pressed.ctrl;
        let found =
            self.config.commands.iter().position(|c| {
                c.key == pressed || (shifted && !c.key.ctrl && c.key.code == key.code)
            });
        if let Some(i) = found {
            if self.mode.is_help() {
                self.mode = Mode::Browse;
            }
            self.run_user_command(i);
        }
    }

    /// Run `[[commands]]` entry `i` on the selected or open article.
    pub fn run_user_command(&mut self, i: usize) {
        let Some(cmd) = self.config.commands.get(i).cloned() else {
            return;
        };
        let label = cmd.label();
        let Some(subject) = self.command_subject() else {
            return self.error(self.locale.t("st.cmd_no_article"));
        };
        let argv = match crate::commands::argv(&cmd.run, &subject) {
            Ok(argv) => argv,
            Err(ArgvError::NoHttpLink) => {
                let msg = self.locale.tf(
                    "st.cmd_no_http",
                    &[("name", label), ("url", "{url}".into())],
                );
                return self.error(msg);
            }
        };
        if !cmd.terminal {
            let msg = self.locale.tf("st.cmd_running", &[("name", label.clone())]);
            self.status = Some(Status {
                text: msg,
                kind: StatusKind::Busy,
            });
        }
        self.effects.push(Effect::RunCommand(Job {
            label,
            argv,
            input: cmd.input,
            article: subject.id,
            terminal: cmd.terminal,
        }));
    }

    /// `|`: the prompt for a command line, when there is an article to give it.
    pub(super) fn open_pipe(&mut self) {
        if self.command_subject().is_none() {
            return self.error(self.locale.t("st.cmd_no_article"));
        }
        self.mode = Mode::Pipe {
            input: String::new(),
        };
    }

    /// A key while the `|` prompt has the keyboard: edit, Enter runs, Esc cancels.
    pub fn pipe_key(&mut self, key: &KeyEvent) {
        let Mode::Pipe { input } = &mut self.mode else {
            return;
        };
        match key.code {
            KeyCode::Esc => self.mode = Mode::Browse,
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.mode = Mode::Browse
            }
            KeyCode::Enter => {
                let line = std::mem::take(input);
                self.mode = Mode::Browse;
                self.run_pipe(&line);
            }
            KeyCode::Backspace => {
                input.pop();
            }
            KeyCode::Char(c) if !c.is_control() && input.chars().count() < MAX_PIPE_CHARS => {
                input.push(c)
            }
            _ => {}
        }
    }

    /// Run a typed command line (split into words, no shell) with the article's text on its
    /// stdin, on the terminal (so a pager works).
    pub fn run_pipe(&mut self, line: &str) {
        use crate::commands::words::{WordsError, split};
        let argv = match split(line) {
            Ok(argv) if argv.is_empty() => return,
            Ok(argv) => argv,
            Err(WordsError::UnclosedQuote { quote, at }) => {
                let msg = self.locale.tf(
                    "st.pipe_quote",
                    &[("quote", quote.to_string()), ("at", (at + 1).to_string())],
                );
                return self.error(msg);
            }
            Err(WordsError::TrailingBackslash) => {
                return self.error(self.locale.t("st.pipe_backslash"));
            }
        };
        let Some(subject) = self.command_subject() else {
            return self.error(self.locale.t("st.cmd_no_article"));
        };
        self.effects.push(Effect::RunCommand(Job {
            label: crate::config::commands::program_label(&argv),
            argv,
            input: CommandInput::Text,
            article: subject.id,
            terminal: true,
        }));
    }

    /// A user command ended: its result in the status line.
    pub(super) fn on_command_done(
        &mut self,
        label: &str,
        result: Result<crate::commands::run::Ended, String>,
    ) {
        let name = ("name", label.to_string());
        match result {
            Ok(ended) if ended.success() => {
                let msg = self.locale.tf("st.cmd_done", &[name]);
                self.info(msg);
            }
            Ok(ended) => {
                let msg = match (ended.code, ended.signal) {
                    (None, Some(sig)) => self
                        .locale
                        .tf("st.cmd_killed", &[name, ("n", sig.to_string())]),
                    _ => {
                        let code = ("code", ended.shell_code().to_string());
                        match ended.first_error_line() {
                            e if e.is_empty() => {
                                self.locale.tf("st.cmd_failed_quiet", &[name, code])
                            }
                            e => self.locale.tf("st.cmd_failed", &[name, code, ("e", e)]),
                        }
                    }
                };
                self.error(msg);
            }
            Err(e) => {
                let e = crate::text::sanitize::sanitize_line_capped(&e, 200);
                let msg = self.locale.tf("st.cmd_start_failed", &[name, ("e", e)]);
                self.error(msg);
            }
        }
    }

    /// Rows of the help screen: the actions', then a heading and one row per user command.
    pub fn help_rows(&self) -> Vec<(String, String)> {
        let lang = self.locale.lang;
        let mut rows: Vec<(String, String)> = self
            .keymap
            .help_rows(lang)
            .into_iter()
            .map(|(k, d)| (k, d.to_string()))
            .collect();
        if self.config.commands.is_empty() {
            return rows;
        }
        rows.push((
            String::new(),
            self.locale.t("label.commands_heading").into(),
        ));
        for c in &self.config.commands {
            let clean = |s: &Option<String>| {
                s.as_deref()
                    .map(crate::text::sanitize_line)
                    .filter(|s| !s.is_empty())
            };
            let what = match (clean(&c.name), clean(&c.description)) {
                (Some(n), Some(d)) => format!("{n}: {d}"),
                (Some(n), None) => n,
                (None, Some(d)) => d,
                (None, None) => crate::text::sanitize_line(&c.run.join(" ")),
            };
            rows.push((c.key.name(lang), what));
        }
        rows
    }

    /// How many rows the help screen has (for scrolling it).
    pub(super) fn help_row_count(&self) -> usize {
        let commands = self.config.commands.len();
        Action::in_help().count() + if commands > 0 { commands + 1 } else { 0 }
    }
}
