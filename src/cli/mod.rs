//! Command-line interface: the TUI by default, and headless commands for scripts and cron.
//!
//! `args` is the command line, `help` its Indonesian help, and each other file one group of
//! commands; every command gives an [`Outcome`], which `main` turns into the exit code.

mod output;

mod args;
mod articles;
pub mod check;
mod context;
pub mod exit;
mod feed_list;
mod feeds;
mod fix;
mod help;
mod man;
mod panic;
pub mod prompt;
mod rules;
mod run;
mod sync;

pub use args::{Cli, Command, RulesCommand};
pub use exit::{ExitCode, Outcome};

use context::{open, runtime};
use output::fail;

/// Parse the command line and run it; the binary's `main`.
pub fn main() -> ExitCode {
    panic::install();
    // Help and usage errors follow the environment's language only (LC_ALL, LC_MESSAGES, LANG):
    // config.toml's `language` cannot be read before the arguments are parsed, since
    // --config-dir is one of them.
    match help::parse(crate::i18n::Lang::detect(None)) {
        Ok(cli) => run(cli),
        Err(code) => code,
    }
}

/// Run a parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    exit::code(dispatch(cli))
}

fn dispatch(cli: Cli) -> Outcome {
    use crate::store::ListQuery;
    // With [sync] set, add and remove go to the server, through the store.
    let synced = matches!(
        cli.command,
        Some(Command::Add { .. } | Command::Remove { .. })
    ) && context::paths(&cli)
        .ok()
        .and_then(|p| crate::config::Config::load(&p.config()).ok())
        .is_some_and(|c| c.sync.is_some());
    match &cli.command {
        _ if synced => {}
        // These only touch config.toml (or nothing), not the store.
        Some(Command::Import { file }) => return feed_list::import(&cli, file),
        Some(Command::Export) => return feed_list::export(&cli),
        Some(Command::Add {
            url,
            name,
            tags,
            yes,
        }) => return feed_list::add(&cli, url, name.as_deref(), tags, *yes),
        Some(Command::Remove { name_or_url }) => return feed_list::remove(&cli, name_or_url),
        Some(Command::Check { json, fix }) => return check::check(&cli, *json, *fix),
        Some(Command::Completions { shell }) => return man::completions(*shell),
        Some(Command::Man) => return man::man(),
        _ => {}
    }
    let ctx = open(&cli)?;
    match cli.command {
        None => reader(ctx),
        Some(Command::Refresh { .. }) if ctx.config.sync.is_some() => sync::sync(ctx),
        Some(Command::Refresh { verbose, all }) => feeds::refresh(ctx, verbose, all),
        Some(Command::Sync) => sync::sync(ctx),
        Some(Command::Add { url, .. }) if synced => {
            let cfg = ctx.config.sync.clone();
            let url = crate::discover::parse_input(&url).map_err(|e| fail(ExitCode::Config, e))?;
            match cfg {
                Some(cfg) => sync::add(ctx, &cfg, url.as_str()),
                None => Ok(()),
            }
        }
        Some(Command::Remove { name_or_url }) if synced => match ctx.config.sync.clone() {
            Some(cfg) => sync::remove(ctx, &cfg, &name_or_url),
            None => Ok(()),
        },
        Some(Command::List {
            query,
            unread,
            saved,
            lampung,
            feed,
            limit,
            json,
        }) => match query {
            Some(query) => {
                let flags = articles::ListFlags {
                    unread,
                    saved,
                    lampung,
                    feed,
                };
                articles::list_query(ctx, &query, flags, limit, json)
            }
            None => {
                let q = ListQuery {
                    unread_only: unread,
                    saved,
                    lampung,
                    feed: None,
                };
                articles::list(ctx, q, feed, limit, json)
            }
        },
        Some(Command::Search { query, limit, json }) => {
            articles::search(ctx, &query.join(" "), limit, json)
        }
        Some(Command::Rules(RulesCommand::Test { query, limit })) => {
            rules::test(ctx, &query.join(" "), limit)
        }
        Some(Command::Rules(RulesCommand::Apply)) => rules::apply(ctx),
        Some(Command::Save { ids }) => articles::set_saved(ctx, &ids, true),
        Some(Command::Unsave { ids }) => articles::set_saved(ctx, &ids, false),
        Some(Command::Feeds { json }) => feeds::feeds(ctx, json),
        Some(Command::Read { ids }) => articles::set_read(ctx, &ids, true),
        Some(Command::Unread { ids }) => articles::set_read(ctx, &ids, false),
        Some(Command::Show { id, width }) => articles::show(ctx, id, width),
        Some(Command::Run { command, id }) => run::run(ctx, &command, id),
        // Handled above.
        Some(Command::Import { .. })
        | Some(Command::Export)
        | Some(Command::Add { .. })
        | Some(Command::Remove { .. })
        | Some(Command::Check { .. })
        | Some(Command::Completions { .. })
        | Some(Command::Man) => Ok(()),
    }
}

/// No command: the reader, on a terminal only.
fn reader(ctx: context::Ctx) -> Outcome {
    use crate::feed::refresh::RefreshParams;
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        return Err(fail(
            ExitCode::Io,
            "stdout is not a terminal; use a command (kabar --help) in scripts",
        ));
    }
    // The settings as the reader starts, made when first needed (after the first screen).
    let (config, db) = (ctx.config.clone(), ctx.paths.db());
    let params = move || RefreshParams::from_config(&config, db);
    let mut app = crate::app::App::new(ctx.store, ctx.config);
    app.config_path = Some(ctx.paths.config());
    let rt = runtime()?;
    let result = rt.block_on(crate::tui::run(app, params));
    // A sync or indexing still running on a worker is not waited for: the store keeps each
    // in one transaction and the outbox keeps unsent changes, so quitting loses nothing.
    rt.shutdown_timeout(std::time::Duration::from_millis(500));
    result.map_err(|e| fail(ExitCode::Io, format!("terminal: {e}")))
}
