//! Commands on the feeds in the store: `refresh` and `feeds`.

use super::context::{Ctx, runtime};
use super::exit::{ExitCode, Outcome};
use super::output::{fail, outln, print_json};
use crate::discover::heal::FixTo;
use crate::feed::refresh::{FeedOutcome, RefreshEvent, RefreshParams};
use crate::text::{redact_secrets, sanitize_line, shown_url};

/// A feed as the output names it: its name, or (a feed without one) its URL without
/// credentials.
fn label(display: &str, url: &str) -> String {
    if display == url {
        shown_url(url)
    } else {
        sanitize_line(display)
    }
}

/// A message that may quote a URL (a fetch error), without its secrets, sanitised.
fn shown_message(msg: &str) -> String {
    sanitize_line(&redact_secrets(msg))
}

/// `kabar refresh`: one line per feed as it ends (failures at the end), what healing did, and
/// the totals. With no network at all (every feed unreachable) the failures are one line,
/// unless `verbose`. A feed with `refresh_minutes` fetched less than that long ago is left
/// for later (counted in the totals line), unless `all`.
pub fn refresh(mut ctx: Ctx, verbose: bool, all: bool) -> Outcome {
    let locale = ctx.locale.clone();
    let mut targets = ctx
        .store
        .targets(&[])
        .map_err(|e| fail(ExitCode::Store, e))?;
    let rows = ctx.store.feeds().unwrap_or_default();
    let not_due = if all {
        Default::default()
    } else {
        let feeds = rows.iter().map(|f| (f.id, f.url.as_str(), f.last_fetch));
        ctx.config.not_due(feeds, crate::time::now(), false)
    };
    targets.retain(|t| !not_due.contains(&t.id));
    let names: std::collections::HashMap<i64, String> = rows
        .into_iter()
        .map(|f| (f.id, label(&f.display, &f.url)))
        .collect();
    let params = RefreshParams::from_config(&ctx.config, ctx.paths.db());
    let fix = if ctx.config.using_defaults {
        FixTo::Defaults
    } else {
        FixTo::Config(ctx.paths.config())
    };
    let rt = runtime()?;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let lang = locale.lang;
    let name_of = |id: &i64| names.get(id).cloned().unwrap_or_else(|| id.to_string());
    let (summary, printed, failures) = rt.block_on(async {
        let job = tokio::spawn(crate::discover::heal::run(params, targets, tx, fix));
        // A reader that went away stops the printing, not the refresh.
        let mut printed = Ok(());
        // Held back: with no network they are one line (see below).
        let mut failures = Vec::new();
        while let Some(ev) = rx.recv().await {
            if let RefreshEvent::FeedDone { id, outcome } = ev
                && printed.is_ok()
            {
                let line = format!(
                    "{}: {}",
                    name_of(&id),
                    shown_message(&outcome.line_in(lang))
                );
                if matches!(outcome, FeedOutcome::Failed(_)) {
                    failures.push(line);
                } else {
                    printed = outln!("{line}");
                }
            }
        }
        (job.await.unwrap_or_default(), printed, failures)
    });
    printed?;
    if summary.offline() && !verbose {
        outln!(
            "{}",
            locale.tf("cli.offline", &[("n", summary.unreachable.to_string())])
        )?;
    } else {
        for line in &failures {
            outln!("{line}")?;
        }
    }
    let h = &summary.healing;
    for (id, _, to) in h.moved.iter().chain(&h.applied) {
        let args = [("name", name_of(id)), ("url", shown_url(to))];
        outln!("{}", locale.tf("cli.moved", &args))?;
    }
    for (id, _, to) in &h.suggested {
        let args = [("name", name_of(id)), ("url", shown_url(to))];
        outln!("{}", locale.tf("cli.suggested", &args))?;
    }
    let not_due_note = if not_due.is_empty() {
        String::new()
    } else {
        let n = [("n", not_due.len().to_string())];
        format!("; {}", locale.tf("feedset.not_due", &n))
    };
    let total = outln!(
        "{}{not_due_note}",
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
    );
    total?;
    super::rules::print_notifications(&mut ctx)?;
    // Cron mails the output but tests the status: a refresh where every feed it tried failed
    // (the network is down, a proxy is wrong) must not look like success.
    if !summary.failed.is_empty() && summary.updated + summary.not_modified == 0 {
        return Err(ExitCode::NothingRefreshed);
    }
    Ok(())
}

pub fn feeds(ctx: Ctx, json: bool) -> Outcome {
    let locale = &ctx.locale;
    let rows = ctx.store.feeds().map_err(|e| fail(ExitCode::Store, e))?;
    if json {
        let arr: Vec<serde_json::Value> = rows
            .iter()
            .map(|f| {
                serde_json::json!({
                    "name": label(&f.display, &f.url),
                    "title": f.title.as_deref().map(sanitize_line),
                    "url": shown_url(&f.url),
                    "unread": f.unread,
                    "total": f.total,
                    "last_refresh": f.last_fetch.map(|t| locale.rfc3339(t)),
                    "last_error": f.last_error.as_deref().map(shown_message),
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
            .map(|e| format!("  {}", locale.tf("cli.error", &[("e", shown_message(e))])))
            .unwrap_or_default();
        outln!(
            "{}  {}/{}  {}  {}{}",
            label(&f.display, &f.url),
            f.unread,
            f.total,
            when,
            shown_url(&f.url),
            err
        )?;
    }
    Ok(())
}
