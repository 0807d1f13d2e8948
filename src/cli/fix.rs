//! `kabar check --fix`: the feed healing the reader offers, accepted headless.

use super::check::FeedCheck;
use super::output::outln;
use crate::config::Config;
use crate::discover::heal::{self, FixTo};
use crate::i18n::Locale;
use crate::net::fetch::FetchSettings;
use crate::net::limit::HostLimits;
use crate::store::Store;
use crate::text::shown_url;
use std::path::Path;

/// What was moved: (feed name, old URL, new URL).
pub type Moved = Vec<(String, String, String)>;

/// Move every checked feed that moved: permanent redirects followed, suggestions already found
/// by the reader taken, and for a broken address (404/410, or not a feed) discovery run now.
/// The config file is edited (comments kept); with no file (the embedded defaults) the store.
pub async fn fix(
    config: &Config,
    config_path: &Path,
    db: &Path,
    settings: &FetchSettings,
    limits: &HostLimits,
    checks: &[FeedCheck],
) -> Moved {
    let fix = if config.using_defaults {
        FixTo::Defaults
    } else {
        FixTo::Config(config_path.to_path_buf())
    };
    // The store holds the reader's suggestions and the feeds' articles, which move along.
    let mut store = Store::open(db).ok().map(|(s, _)| s);
    if let Some(s) = &mut store
        && let Err(e) = s.sync_feeds(&config.feeds)
    {
        tracing::warn!("cannot sync the feed list before fixing: {e}");
    }
    let suggested: Vec<(String, String)> = store
        .as_ref()
        .and_then(|s| s.suggestions().ok())
        .unwrap_or_default()
        .into_iter()
        .map(|s| (s.broken_url, s.found_url))
        .collect();
    let client = crate::net::fetch::client(settings);
    let now = crate::time::now();
    let mut moved = Moved::new();
    for c in checks {
        let mut to = heal::permanent_target(settings, &c.url).await;
        if to.is_none() && !c.ok {
            to = suggested
                .iter()
                .find(|(from, _)| *from == c.url)
                .map(|(_, to)| to.clone());
        }
        if to.is_none() && is_broken(c) {
            to = heal::find_moved(&client, settings, limits, &c.url)
                .await
                .map(|found| found.url);
        }
        let Some(to) = to else { continue };
        let done = match (&mut store, &fix) {
            (Some(s), _) => match s.find_feed(&c.url).ok().flatten() {
                Some(row) => heal::apply(s, &fix, row.id, &c.url, &to, now),
                None => edit_only(&fix, &c.url, &to),
            },
            (None, _) => edit_only(&fix, &c.url, &to),
        };
        if done {
            moved.push((c.name.clone(), c.url.clone(), to));
        }
    }
    moved
}

/// The config edit alone (a feed the store does not have yet).
fn edit_only(fix: &FixTo, from: &str, to: &str) -> bool {
    match fix {
        FixTo::Config(path) => crate::config::edit::replace_url(path, from, to).unwrap_or(false),
        _ => false,
    }
}

/// An address worth looking past: gone (404/410), or answering with something not a feed.
fn is_broken(c: &FeedCheck) -> bool {
    !c.ok && matches!(c.http_status, Some(404 | 410 | 200))
}

/// One line per moved feed.
pub fn print(moved: &Moved, locale: &Locale) -> Result<(), super::exit::ExitCode> {
    for (name, _, to) in moved {
        outln!(
            "{}",
            locale.tf(
                "cli.moved",
                &[
                    ("name", crate::text::sanitize_line(name)),
                    ("url", shown_url(to))
                ]
            )
        )?;
    }
    Ok(())
}
