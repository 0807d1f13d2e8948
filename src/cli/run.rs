//! `kabar run KEY_OR_NAME ID`: a `[[commands]]` entry run on a stored article, for scripts.
//! The argument vector is built and sanitised exactly as in the reader; the exit status is the
//! command's own.

use super::context::Ctx;
use super::exit::{ExitCode, Outcome};
use super::output::fail;
use crate::commands::run::{self, Stdin};
use crate::commands::{ArgvError, CommandInput, Subject};

pub fn run(ctx: Ctx, which: &str, id: i64) -> Outcome {
    let key = crate::keymap::Key::parse(which);
    let found = ctx
        .config
        .commands
        .iter()
        .find(|c| c.name.as_deref() == Some(which))
        .or_else(|| ctx.config.commands.iter().find(|c| Some(c.key) == key));
    let Some(cmd) = found.cloned() else {
        let known: Vec<String> = ctx.config.commands.iter().map(|c| c.label()).collect();
        let msg = ctx.locale.tf(
            "cli.no_command",
            &[("name", format!("{which:?}")), ("known", known.join(", "))],
        );
        return Err(fail(ExitCode::NotFound, msg));
    };
    let article = match ctx.store.article(id) {
        Ok(Some(a)) => a,
        Ok(None) => {
            let msg = ctx.locale.tf("cli.no_article", &[("id", id.to_string())]);
            return Err(fail(ExitCode::NotFound, msg));
        }
        Err(e) => return Err(fail(ExitCode::Store, e)),
    };
    let subject = Subject {
        id,
        link: article.link.clone(),
        title: article.title.clone(),
        feed: article.feed.clone(),
    };
    let argv = match crate::commands::argv(&cmd.run, &subject) {
        Ok(argv) => argv,
        Err(ArgvError::NoHttpLink) => {
            let msg = ctx.locale.tf(
                "st.cmd_no_http",
                &[("name", cmd.label()), ("url", "{url}".into())],
            );
            return Err(fail(ExitCode::Config, msg));
        }
    };
    let width = crossterm::terminal::size()
        .map(|(w, _)| w as usize)
        .unwrap_or(80)
        .clamp(20, 400);
    let stdin = match crate::commands::input::bytes(cmd.input, &article, width, &ctx.locale) {
        Some(bytes) => Stdin::Bytes(bytes),
        None if cmd.terminal => Stdin::Inherit,
        None => Stdin::Null,
    };
    debug_assert!(cmd.input != CommandInput::None || !matches!(stdin, Stdin::Bytes(_)));
    let ended = run::attached(&argv, stdin).map_err(|e| fail(ExitCode::NotFound, e))?;
    if ended.success() {
        return Ok(());
    }
    // The command's own status, as a shell would give it (128 + a signal).
    drop(ctx);
    std::process::exit(ended.shell_code().clamp(1, 255));
}
