//! `kabar sync`, and `refresh`, `add` and `remove` when `[sync]` is set: through the server.

use super::context::{Ctx, runtime};
use super::exit::{ExitCode, Outcome};
use super::output::{fail, note, outln};
use crate::config::{Config, SyncConfig};
use crate::i18n::Locale;
use crate::sync::engine::{self, EngineError};
use crate::sync::{Backend, SyncError};
use crate::text::{sanitize_line, shown_url};

/// The client for `[sync]` with the config's timeout and user agent.
pub(super) fn client(cfg: &SyncConfig, config: &Config) -> Result<Backend, SyncError> {
    engine::backend(cfg, engine::settings(config))
}

/// The client for `[sync]`, or the exit after saying why there is none.
fn backend(cfg: &SyncConfig, config: &Config, locale: &Locale) -> Result<Backend, ExitCode> {
    client(cfg, config).map_err(|e| sync_failed(&e, locale))
}

fn sync_failed(e: &SyncError, locale: &Locale) -> ExitCode {
    fail(
        ExitCode::SyncFailed,
        locale.tf("cli.sync_failed", &[("msg", e.message(locale.lang))]),
    )
}

/// Sync once and print the counts. Also `kabar refresh` with `[sync]` set.
pub fn sync(mut ctx: Ctx) -> Outcome {
    let Some(cfg) = ctx.config.sync.clone() else {
        return Err(fail(
            ExitCode::Config,
            "no [sync] section in config.toml: kind, url and a secret are needed (see README)",
        ));
    };
    let locale = ctx.locale.clone();
    let backend = backend(&cfg, &ctx.config, &locale)?;
    let max = ctx.config.max_items_per_feed;
    let account = cfg.account();
    let result = runtime()?.block_on(engine::sync(&mut ctx.store, &backend, &account, max));
    let report = match result {
        Ok(r) => r,
        Err(EngineError::Sync(e)) => return Err(sync_failed(&e, &locale)),
        Err(EngineError::Store(e)) => return Err(fail(ExitCode::Store, e)),
    };
    if report.kept > 0 {
        note(locale.tf("cli.sync_kept", &[("n", report.kept.to_string())]));
    }
    outln!(
        "{}",
        locale.tf(
            "cli.sync_total",
            &[
                ("pulled", report.pulled.to_string()),
                ("pushed", report.pushed.to_string()),
                ("failed", report.failed.to_string()),
            ],
        )
    )?;
    // Synced articles go through the rules as fetched ones do; notify lines for cron mail.
    super::rules::print_notifications(&mut ctx)
}

/// `kabar add` with `[sync]`: subscribe on the server (which fetches the feed), then sync.
pub fn add(ctx: Ctx, cfg: &SyncConfig, url: &str) -> Outcome {
    let locale = ctx.locale.clone();
    let backend = backend(cfg, &ctx.config, &locale)?;
    let id = runtime()?
        .block_on(backend.subscribe(url))
        .map_err(|e| sync_failed(&e, &locale))?;
    outln!(
        "subscribed on the server: {} (feed {})",
        shown_url(url),
        sanitize_line(&id)
    )?;
    sync(ctx)
}

/// `kabar remove` with `[sync]`: unsubscribe on the server the synced feed named `name_or_url`.
pub fn remove(ctx: Ctx, cfg: &SyncConfig, name_or_url: &str) -> Outcome {
    let locale = ctx.locale.clone();
    let found = ctx
        .store
        .find_feed(name_or_url)
        .map_err(|e| fail(ExitCode::Store, e))?;
    let remote = match &found {
        Some(f) => ctx
            .store
            .remote_of_feed(f.id)
            .map_err(|e| fail(ExitCode::Store, e))?,
        None => None,
    };
    let (Some(feed), Some(remote)) = (found, remote) else {
        return Err(fail(
            ExitCode::NotFound,
            format!(
                "no synced feed named {:?} or with that URL (see kabar feeds)",
                sanitize_line(name_or_url)
            ),
        ));
    };
    let backend = backend(cfg, &ctx.config, &locale)?;
    runtime()?
        .block_on(backend.unsubscribe(&remote))
        .map_err(|e| sync_failed(&e, &locale))?;
    outln!(
        "unsubscribed on the server: {} ({})",
        sanitize_line(&feed.display),
        shown_url(&feed.url)
    )?;
    sync(ctx)
}
