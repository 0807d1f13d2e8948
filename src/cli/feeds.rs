//! Commands on the feeds in the store: `refresh` and `feeds`.

use super::context::{Ctx, runtime};
use super::exit::{ExitCode, Outcome};
use super::output::{fail, outln, print_json};
use crate::feed::refresh::{self, RefreshEvent, RefreshParams};
use crate::text::sanitize_line;

pub fn refresh(ctx: Ctx) -> Outcome {
    let locale = ctx.locale.clone();
    let targets = ctx
        .store
        .targets(&[])
        .map_err(|e| fail(ExitCode::Store, e))?;
    let names: std::collections::HashMap<i64, String> = ctx
        .store
        .feeds()
        .unwrap_or_default()
        .into_iter()
        .map(|f| (f.id, f.display))
        .collect();
    let params = RefreshParams::from_config(&ctx.config, ctx.paths.db());
    let rt = runtime()?;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let lang = locale.lang;
    let (summary, printed) = rt.block_on(async move {
        let job = tokio::spawn(refresh::run(params, targets, tx));
        // A reader that went away stops the printing, not the refresh.
        let mut printed = Ok(());
        while let Some(ev) = rx.recv().await {
            if let RefreshEvent::FeedDone { id, outcome } = ev
                && printed.is_ok()
            {
                let name = names.get(&id).cloned().unwrap_or_else(|| id.to_string());
                printed = outln!(
                    "{}: {}",
                    sanitize_line(&name),
                    sanitize_line(&outcome.line_in(lang))
                );
            }
        }
        (job.await.unwrap_or_default(), printed)
    });
    printed?;
    outln!(
        "{}",
        locale.tf(
            "cli.refresh_total",
            &[
                ("total", summary.total.to_string()),
                ("updated", summary.updated.to_string()),
                ("nm", summary.not_modified.to_string()),
                ("skipped", summary.skipped.to_string()),
                ("failed", summary.failed.len().to_string()),
                ("new", summary.new_articles.to_string()),
            ],
        )
    )
}

pub fn feeds(ctx: Ctx, json: bool) -> Outcome {
    let locale = &ctx.locale;
    let rows = ctx.store.feeds().map_err(|e| fail(ExitCode::Store, e))?;
    if json {
        let arr: Vec<serde_json::Value> = rows
            .iter()
            .map(|f| {
                serde_json::json!({
                    "name": sanitize_line(&f.display),
                    "title": f.title.as_deref().map(sanitize_line),
                    "url": f.url,
                    "unread": f.unread,
                    "total": f.total,
                    "last_refresh": f.last_fetch.map(|t| locale.rfc3339(t)),
                    "last_error": f.last_error.as_deref().map(sanitize_line),
                })
            })
            .collect();
        return print_json(&arr);
    }
    for f in &rows {
        let when = f
            .last_fetch
            .map(|t| locale.long(t))
            .unwrap_or_else(|| locale.t("cli.never_refreshed").to_string());
        let err = f
            .last_error
            .as_deref()
            .map(|e| format!("  {}", locale.tf("cli.error", &[("e", sanitize_line(e))])))
            .unwrap_or_default();
        outln!(
            "{}  {}/{}  {}  {}{}",
            sanitize_line(&f.display),
            f.unread,
            f.total,
            when,
            f.url,
            err
        )?;
    }
    Ok(())
}
