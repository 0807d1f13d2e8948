//! What commands open: the config directory, config.toml, the store, an async runtime.

use super::args::Cli;
use super::exit::ExitCode;
use super::output::{fail, note};
use crate::config::Config;
use crate::i18n::Locale;
use crate::paths::{DirError, Paths};
use crate::store::Store;
use std::path::PathBuf;

/// Everything a command on the store needs, opened once.
pub struct Ctx {
    pub paths: Paths,
    pub config: Config,
    pub store: Store,
    /// Language and time zone of the output, from the config.
    pub locale: Locale,
}

/// Resolve the config directory (not created).
pub fn paths(cli: &Cli) -> Result<Paths, ExitCode> {
    Paths::resolve(cli.config_dir.as_deref()).map_err(|e| fail(ExitCode::Config, e))
}

/// Resolve the config directory and create it.
pub fn ensured_paths(cli: &Cli) -> Result<Paths, ExitCode> {
    let paths = paths(cli)?;
    ensure(&paths)?;
    Ok(paths)
}

/// Create the config directory if it does not exist yet, and make it private (saying so on
/// stderr when an existing one had to be tightened).
pub fn ensure(paths: &Paths) -> Result<(), ExitCode> {
    prepare(paths, false).map(|_| ())
}

/// [`ensure`]; for the reader (`quiet`) the note is returned for the log instead of printed,
/// since nothing may be written over the reader's screen.
fn prepare(paths: &Paths, quiet: bool) -> Result<Option<String>, ExitCode> {
    match paths.ensure() {
        Ok(Some(tightened)) if !quiet => {
            note(tightened);
            Ok(None)
        }
        Ok(tightened) => Ok(tightened),
        Err(e @ DirError::Create { .. }) => Err(fail(ExitCode::Io, e)),
        Err(e) => Err(fail(ExitCode::Config, e)),
    }
}

/// The config path (not loaded), for the commands that only edit config.toml.
pub fn config_path(cli: &Cli) -> Result<PathBuf, ExitCode> {
    Ok(ensured_paths(cli)?.config())
}

/// config.toml at `path`, or the embedded defaults when there is none.
pub fn load_config(path: &std::path::Path) -> Result<Config, ExitCode> {
    Config::load(path).map_err(|e| fail(ExitCode::Config, e))
}

/// The config directory, config.toml and the store, with the store's feeds matched to the
/// config; a store damaged past its first page is moved aside and started over.
pub fn open(cli: &Cli) -> Result<Ctx, ExitCode> {
    let reader = cli.command.is_none();
    let paths = paths(cli)?;
    let tightened = prepare(&paths, reader)?;
    if let Err(e) = crate::logging::init(&paths.log())
        && crate::logging::is_symlink_refused(&e)
        && !reader
    {
        note(format!(
            "{} is a symbolic link: not following it, so nothing is logged",
            paths.log().display()
        ));
    }
    if let Some(tightened) = tightened {
        tracing::warn!("{tightened}");
    }
    let config = load_config(&paths.config())?;
    let store_failed = |e: crate::store::StoreError| fail(ExitCode::Store, e);
    // A new store is created private, so its -wal and -shm (SQLite gives them the store's
    // mode) are too; a store SQLite had to create itself is tightened after opening.
    paths.create_private(&paths.db());
    let opened = Store::open(&paths.db());
    paths.tighten_store();
    let (mut store, moved) = opened.map_err(store_failed)?;
    if let Some(moved) = moved {
        note(moved);
    }
    if let Some(sync) = &config.sync {
        if let Some(warning) = sync.file_secret_warning(&paths.config()) {
            if reader {
                tracing::warn!("{warning}");
            } else {
                note(warning);
            }
        }
        // The server is the source of feeds: config.toml's list is left alone.
        store.set_sync_outbox(true);
    }
    // Rules run as articles are indexed use the configured zone too.
    let locale = config.locale();
    let zone = locale.zone.offset.local_minus_utc();
    let feeds_result = match config.sync {
        Some(_) => Ok(()),
        None => store.sync_feeds(&config.feeds),
    }
    .and_then(|()| store.sync_rules(&config.feeds, &config.rules))
    .and_then(|()| store.sync_rules_zone(zone));
    match feeds_result {
        Ok(()) => {}
        // A store kabar may not write still answers reads (search, list, show).
        Err(e) if is_read_only(&e) => tracing::warn!("{e}: using the feed list as stored"),
        Err(e) if !e.is_corrupt() => return Err(store_failed(e)),
        Err(e) => {
            // Damage past the first page shows only when pages are read: move it aside now.
            drop(store);
            let moved = Store::move_aside(&paths.db(), &e.to_string()).map_err(store_failed)?;
            note(moved);
            let reopened = Store::open(&paths.db());
            paths.tighten_store();
            store = reopened.map_err(store_failed)?.0;
            store.set_sync_outbox(config.sync.is_some());
            if config.sync.is_none() {
                store.sync_feeds(&config.feeds).map_err(store_failed)?;
            }
            store
                .sync_rules(&config.feeds, &config.rules)
                .and_then(|()| store.sync_rules_zone(zone))
                .map_err(store_failed)?;
        }
    }
    Ok(Ctx {
        paths,
        config,
        store,
        locale,
    })
}

/// True when `e` says the store cannot be written (a read-only file, directory or disk).
pub fn is_read_only(e: &crate::store::StoreError) -> bool {
    matches!(e, crate::store::StoreError::Sqlite { source, .. }
        if source.sqlite_error_code() == Some(rusqlite::ErrorCode::ReadOnly))
}

/// The async runtime for fetching (two workers: kabar shares the machine).
pub fn runtime() -> Result<tokio::runtime::Runtime, ExitCode> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| fail(ExitCode::Io, format!("cannot start: {e}")))
}
