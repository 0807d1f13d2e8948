//! Commands on the feed list in config.toml: `add`, `remove`, `import`, `export`.

use super::args::Cli;
use super::context::{config_path, ensure, load_config, paths, runtime};
use super::exit::{ExitCode, Outcome};
use super::output::{fail, out, outln};
use crate::config::Config;
use crate::config::edit::{self, AddOutcome, EditError, WriteError};
use crate::discover::{self, Candidate, DiscoverError};
use crate::text::{sanitize_line, shown_url};

pub fn import(cli: &Cli, file: &std::path::Path) -> Outcome {
    let paths = paths(cli)?;
    let text = match std::fs::read(file) {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(e) => {
            let msg = format!("cannot read {}: {e}", file.display());
            return Err(fail(ExitCode::Io, msg));
        }
    };
    let report = crate::opml::parse_import_report(&text).map_err(|e| fail(ExitCode::Config, e))?;
    ensure(&paths)?;
    let (added, dup) =
        edit::add_feeds(&paths.config(), &report.feeds).map_err(|e| fail(ExitCode::Config, e))?;
    for s in &report.skipped {
        outln!("skipped: {}", sanitize_line(s))?;
    }
    outln!(
        "added {added} feeds, skipped {dup} duplicates or invalid URLs, {} unsupported entries",
        report.skipped.len()
    )
}

pub fn export(cli: &Cli) -> Outcome {
    let config = load_config(&paths(cli)?.config())?;
    // OPML is for another reader, so credentials stay (it is the user's own list), but a
    // hand-edited URL or name loses its control and bidi characters like any output.
    let feeds: Vec<_> = config
        .feeds
        .iter()
        .map(|f| crate::config::FeedConfig {
            url: sanitize_line(&f.url),
            name: f.name.as_deref().map(sanitize_line),
            tags: f.tags.iter().map(|t| sanitize_line(t)).collect(),
            ..f.clone()
        })
        .collect();
    out!("{}", crate::opml::to_opml(&feeds))
}

pub fn add(cli: &Cli, url: &str, name: Option<&str>, tags: &[String], yes: bool) -> Outcome {
    use std::io::IsTerminal;
    let parsed = discover::parse_input(url).map_err(|e| fail(ExitCode::Config, e))?;
    let path = config_path(cli)?;
    let config = load_config(&path)?;
    let locale = config.locale();
    if let Some(f) = edit::configured(&config, parsed.as_str()) {
        return outln!(
            "already in the feed list as {}: nothing changed",
            feed_label(f)
        );
    }
    let settings = crate::feed::fetch::FetchSettings::from_config(&config);
    let limits = crate::feed::limit::HostLimits::new(config.per_host);
    let found = runtime()?.block_on(async {
        let client = crate::feed::fetch::client(&settings);
        discover::discover(&client, &settings, &limits, parsed.as_str()).await
    });
    let found = match found {
        Ok(f) => f,
        Err(e @ DiscoverError::InvalidUrl(_)) => return Err(fail(ExitCode::Config, e)),
        Err(e) => return Err(fail(ExitCode::NotFound, e.message(locale.lang))),
    };
    let n = found.candidates.len();
    let chosen = if n == 1 {
        0
    } else if yes {
        note_plain(&format!("found {n} feeds; --yes takes the first"));
        0
    } else if std::io::stdin().is_terminal() {
        note_plain(&format!("found {n} feeds at {}:", shown_url(&found.url)));
        for (i, c) in found.candidates.iter().enumerate() {
            note_plain(&candidate_line(i, c, &config));
        }
        let mut stdin = std::io::stdin().lock();
        match super::prompt::read_choice(&mut stdin, &mut std::io::stderr(), n) {
            Some(i) => i,
            None => return Err(fail(ExitCode::NotFound, "nothing chosen: no feed added")),
        }
    } else {
        outln!("found {n} feeds at {}:", shown_url(&found.url))?;
        for (i, c) in found.candidates.iter().enumerate() {
            outln!("{}", candidate_line(i, c, &config))?;
        }
        return Err(fail(
            ExitCode::Config,
            "several feeds found: run `kabar add` again with one of the URLs above, \
             or add --yes to take the first",
        ));
    };
    let candidate = &found.candidates[chosen];
    let mut feed = candidate.to_feed_config(name, tags);
    // The name is made unique as config.toml is written; the same rule here names it right.
    feed.name = feed
        .name
        .map(|n| edit::unique_name(n.trim(), &edit::names(&config)));
    match edit::add_to_config(&path, &feed) {
        Ok(AddOutcome::Added { defaults_written }) => {
            defaults_note(defaults_written)?;
            let newest = candidate
                .newest
                .map(|t| format!(", newest {}", locale.long(t)))
                .unwrap_or_default();
            outln!(
                "added {} ({}, {}{newest})",
                feed_label(&feed),
                shown_url(&feed.url),
                items_count(candidate.items)
            )
        }
        Ok(AddOutcome::Duplicate { existing }) => outln!(
            "{} is already in the feed list as {}: nothing changed",
            shown_url(&feed.url),
            shown_url(&existing)
        ),
        Err(e) => Err(write_error(e)),
    }
}

pub fn remove(cli: &Cli, name_or_url: &str) -> Outcome {
    let path = config_path(cli)?;
    let config = load_config(&path)?;
    let Some(feed) = edit::configured_by_name_or_url(&config, name_or_url).cloned() else {
        return Err(fail(
            ExitCode::NotFound,
            format!(
                "no feed named {:?} or with that URL in the feed list (see kabar feeds)",
                sanitize_line(name_or_url)
            ),
        ));
    };
    if config.using_defaults {
        let n = edit::materialise_defaults(&path).map_err(|e| write_error(e.into()))?;
        defaults_note(n)?;
    }
    match edit::remove_feed(&path, name_or_url) {
        Ok(true) => outln!("removed {} ({})", feed_label(&feed), shown_url(&feed.url)),
        Ok(false) => Err(fail(
            ExitCode::NotFound,
            format!("no feed {:?} in config.toml", sanitize_line(name_or_url)),
        )),
        Err(e) => Err(write_error(e.into())),
    }
}

/// A configured feed as output names it: its name, else its URL without credentials.
fn feed_label(f: &crate::config::FeedConfig) -> String {
    match f.name.as_deref() {
        Some(n) => sanitize_line(n),
        None => shown_url(&f.url),
    }
}

/// A line on stderr as it is (the prompt's list and notes; no `kabar:` prefix).
fn note_plain(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{line}");
}

fn write_error(e: WriteError) -> ExitCode {
    match e {
        WriteError::Edit(EditError::Io { .. }) => fail(ExitCode::Io, e),
        _ => fail(ExitCode::Config, e),
    }
}

fn defaults_note(n: usize) -> Outcome {
    if n > 0 {
        outln!("config.toml did not exist: wrote the {n} default feeds to it first, so they stay")?;
    }
    Ok(())
}

fn items_count(n: usize) -> String {
    match n {
        1 => "1 item".to_string(),
        n => format!("{n} items"),
    }
}

fn candidate_line(i: usize, c: &Candidate, config: &Config) -> String {
    let items = items_count(c.items);
    let already = if edit::configured(config, &c.url).is_some() {
        "  (already added)"
    } else {
        ""
    };
    format!(
        "{:>3}. {}  ({items})  {}{already}",
        i + 1,
        sanitize_line(&c.label()),
        shown_url(&c.url)
    )
}
