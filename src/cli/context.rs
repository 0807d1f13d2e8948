//! What commands open: the config directory, config.toml, the store, an async runtime.

use super::args::Cli;
use super::exit::ExitCode;
use super::output::{fail, note};
use crate::config::Config;
use crate::i18n::Locale;
use crate::paths::Paths;
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

/// Create the config directory if it does not exist yet.
pub fn ensure(paths: &Paths) -> Result<(), ExitCode> {
    paths.ensure().map_err(|e| {
        fail(
            ExitCode::Io,
            format!("cannot create {}: {e}", paths.dir.display()),
        )
    })
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
    let paths = ensured_paths(cli)?;
    crate::logging::init(&paths.log());
    let config = load_config(&paths.config())?;
    let store_failed = |e: crate::store::StoreError| fail(ExitCode::Store, e);
    let (mut store, moved) = Store::open(&paths.db()).map_err(store_failed)?;
    if let Some(moved) = moved {
        note(moved);
    }
    if let Err(e) = store.sync_feeds(&config.feeds) {
        if !e.is_corrupt() {
            return Err(store_failed(e));
        }
        // Damage past the first page shows only when pages are read: move it aside now.
        drop(store);
        let moved = Store::move_aside(&paths.db(), &e.to_string()).map_err(store_failed)?;
        note(moved);
        store = Store::open(&paths.db()).map_err(store_failed)?.0;
        store.sync_feeds(&config.feeds).map_err(store_failed)?;
    }
    let locale = config.locale();
    Ok(Ctx {
        paths,
        config,
        store,
        locale,
    })
}

/// The async runtime for fetching (two workers: kabar shares the machine).
pub fn runtime() -> Result<tokio::runtime::Runtime, ExitCode> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| fail(ExitCode::Io, format!("cannot start: {e}")))
}
