//! `kabar check`: fetch every configured feed once, storing nothing, and report on each.

use super::args::Cli;
use super::context::{load_config, paths, runtime};
use super::exit::{ExitCode, Outcome};
use super::output::{out, outln, print_json};
use crate::config::FeedConfig;
use crate::i18n::{Lang, Locale};
use crate::net::fetch::{FetchError, FetchSettings};
use crate::net::limit::HostLimits;
use crate::net::per_feed::FeedHttp;
use crate::text::sanitize_line;

pub fn check(cli: &Cli, json: bool, fix: bool) -> Outcome {
    let paths = paths(cli)?;
    let config = load_config(&paths.config())?;
    let locale = config.locale();
    let settings = crate::net::fetch::FetchSettings::from_config(&config);
    let limits = crate::net::limit::HostLimits::new(config.per_host);
    let checks = runtime()?.block_on(async {
        let client = crate::net::fetch::client(&settings);
        check_feeds(
            &client,
            &settings,
            &limits,
            config.concurrency,
            &config.feeds,
            locale.lang,
        )
        .await
    });
    let moved = if fix {
        super::context::ensure(&paths)?;
        runtime()?.block_on(super::fix::fix(
            &config,
            &paths.config(),
            &paths.db(),
            &settings,
            &limits,
            &checks,
        ))
    } else {
        Vec::new()
    };
    // A feed moved by --fix is no longer failing.
    let failed = checks
        .iter()
        .filter(|c| !c.ok && !moved.iter().any(|(_, from, _)| *from == c.url))
        .count();
    if json {
        let arr: Vec<serde_json::Value> = checks
            .iter()
            .map(|c| {
                serde_json::json!({
                    "name": sanitize_line(&c.name),
                    "url": c.url,
                    "ok": c.ok,
                    "http_status": c.http_status,
                    "content_type": c.content_type.as_deref().map(sanitize_line),
                    "items": c.items,
                    "newest": c.newest.map(|t| locale.rfc3339(t)),
                    // The name is older than the `timezone` setting: the configured zone.
                    "newest_wib": c.newest.map(|t| locale.long(t)),
                    "bodies": c.bodies.map(|b| b.as_str()),
                    "error": c.error.as_deref().map(sanitize_line),
                })
            })
            .collect();
        print_json(&arr)?;
    } else {
        out!("{}", check_table(&checks, &locale))?;
        super::fix::print(&moved, &locale)?;
        let args = [
            ("n", checks.len().to_string()),
            ("ok", (checks.len() - failed).to_string()),
            ("failed", failed.to_string()),
        ];
        outln!("{}", locale.tf("cli.check_total", &args))?;
    }
    if failed == 0 {
        Ok(())
    } else {
        Err(ExitCode::NotFound)
    }
}

/// The `kabar check` table: one row per feed, columns padded to the widest cell.
fn check_table(checks: &[FeedCheck], locale: &Locale) -> String {
    use crate::text::width::{truncate, width};
    let header = [
        "FEED", "STATUS", "TYPE", "ITEMS", "NEWEST", "BODIES", "ERROR",
    ];
    let rows: Vec<[String; 7]> = checks
        .iter()
        .map(|c| {
            let dash = || "-".to_string();
            [
                truncate(&sanitize_line(&c.name), 30),
                c.http_status
                    .map(|s| s.to_string())
                    .unwrap_or_else(|| "error".into()),
                c.content_type
                    .as_deref()
                    .map(|t| sanitize_line(t.split(';').next().unwrap_or("").trim()))
                    .filter(|t| !t.is_empty())
                    .unwrap_or_else(dash),
                c.items.map(|n| n.to_string()).unwrap_or_else(dash),
                c.newest.map(|t| locale.long(t)).unwrap_or_else(dash),
                c.bodies
                    .map(|b| b.as_str().to_string())
                    .unwrap_or_else(dash),
                c.error.as_deref().map(sanitize_line).unwrap_or_default(),
            ]
        })
        .collect();
    let mut widths = header.map(width);
    for r in &rows {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(width(cell));
        }
    }
    let mut out = String::new();
    let mut line = |cells: &[&str]| {
        let mut l = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i == cells.len() - 1 {
                l.push_str(cell);
            } else if i == 3 {
                // Counts line up on the right.
                l.push_str(&" ".repeat(widths[i] - width(cell)));
                l.push_str(cell);
                l.push_str("  ");
            } else {
                l.push_str(cell);
                l.push_str(&" ".repeat(widths[i] - width(cell) + 2));
            }
        }
        out.push_str(l.trim_end());
        out.push('\n');
    };
    line(&header);
    for r in &rows {
        let cells: Vec<&str> = r.iter().map(String::as_str).collect();
        line(&cells);
    }
    out
}

/// Whether a feed's items carry the whole story or only a lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bodies {
    Full,
    Excerpt,
}

impl Bodies {
    pub fn as_str(self) -> &'static str {
        match self {
            Bodies::Full => "full",
            Bodies::Excerpt => "excerpt",
        }
    }
}

/// Items looked at to decide [`Bodies`].
pub const MAX_ITEMS_JUDGED: usize = 100;

/// One configured feed, fetched once.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedCheck {
    /// The configured name, else the feed's title, else the URL (sanitised).
    pub name: String,
    pub url: String,
    /// Fetched and parsed as a feed.
    pub ok: bool,
    /// The HTTP status when one was received (a successful fetch reports 200).
    pub http_status: Option<u16>,
    /// Content-Type header, sanitised.
    pub content_type: Option<String>,
    pub items: Option<usize>,
    pub newest: Option<i64>,
    /// By the majority of the first [`MAX_ITEMS_JUDGED`] items; None with no items.
    pub bodies: Option<Bodies>,
    /// Why it failed (fetch or parse), sanitised.
    pub error: Option<String>,
}

/// Fetch every feed once (at most `concurrency` at a time, per-host limited by `limits`),
/// storing nothing. Results in the order of `feeds`.
pub async fn check_feeds(
    client: &reqwest::Client,
    settings: &FetchSettings,
    limits: &HostLimits,
    concurrency: usize,
    feeds: &[FeedConfig],
    lang: Lang,
) -> Vec<FeedCheck> {
    let global = std::sync::Arc::new(tokio::sync::Semaphore::new(concurrency.max(1)));
    let mut tasks = tokio::task::JoinSet::new();
    // Each feed is checked as it is refreshed: its agent, headers, auth and proxy.
    let per_feed = std::sync::Arc::new(
        feeds
            .iter()
            .map(|f| (f.url.clone(), f.settings.clone()))
            .collect(),
    );
    let http = FeedHttp::new(settings, client.clone(), 4, per_feed);
    for (i, f) in feeds.iter().enumerate() {
        let (http, settings, limits, global) = (
            http.clone(),
            settings.clone(),
            limits.clone(),
            global.clone(),
        );
        let f = f.clone();
        tasks.spawn(async move {
            let _g = global.acquire_owned().await;
            (i, check_one(&http, &settings, &limits, f, lang).await)
        });
    }
    let mut out: Vec<(usize, FeedCheck)> = Vec::with_capacity(feeds.len());
    while let Some(r) = tasks.join_next().await {
        if let Ok(hit) = r {
            out.push(hit);
        }
    }
    out.sort_by_key(|(i, _)| *i);
    out.into_iter().map(|(_, c)| c).collect()
}

async fn check_one(
    http: &FeedHttp,
    settings: &FetchSettings,
    limits: &HostLimits,
    f: FeedConfig,
    lang: Lang,
) -> FeedCheck {
    let configured_name = f
        .name
        .as_deref()
        .map(sanitize_line)
        .filter(|n| !n.trim().is_empty());
    let mut check = FeedCheck {
        name: configured_name.clone().unwrap_or_else(|| f.url.clone()),
        url: f.url.clone(),
        ok: false,
        http_status: None,
        content_type: None,
        items: None,
        newest: None,
        bodies: None,
        error: None,
    };
    let (bytes, content_type, final_url) = match fetch_as_feed(http, settings, limits, &f.url).await
    {
        Ok(b) => b,
        Err(e) => {
            if let FetchError::Status { status } = e {
                check.http_status = Some(status);
            } else if let FetchError::TooMany(_) = e {
                check.http_status = Some(429);
            }
            check.error = Some(sanitize_line(&e.message(lang)));
            return check;
        }
    };
    check.http_status = Some(200);
    check.content_type = content_type;
    let judged = tokio::task::spawn_blocking(move || {
        let feed = crate::feed::parse::parse(&bytes, &final_url)?;
        let judged: Vec<bool> = feed
            .items
            .iter()
            .take(MAX_ITEMS_JUDGED)
            .map(|i| {
                crate::article::extract::is_excerpt(i.summary.as_deref(), i.content.as_deref())
            })
            .collect();
        Ok::<_, crate::feed::parse::ParseError>((feed, judged))
    })
    .await;
    match judged {
        Ok(Ok((feed, judged))) => {
            check.ok = true;
            if configured_name.is_none()
                && let Some(t) = feed.title.as_deref().filter(|t| !t.trim().is_empty())
            {
                check.name = t.to_string();
            }
            check.items = Some(feed.items.len());
            check.newest = feed.items.iter().filter_map(|i| i.published).max();
            if !judged.is_empty() {
                let excerpts = judged.iter().filter(|&&e| e).count();
                check.bodies = Some(if excerpts * 2 > judged.len() {
                    Bodies::Excerpt
                } else {
                    Bodies::Full
                });
            }
        }
        Ok(Err(e)) => check.error = Some(sanitize_line(&e.message(lang))),
        Err(e) => check.error = Some(sanitize_line(&format!("reading failed: {e}"))),
    }
    check
}

/// The feed at `url`, fetched with its own settings (`net::per_feed`); as
/// `discover::fetch_body`, for a feed.
async fn fetch_as_feed(
    http: &FeedHttp,
    settings: &FetchSettings,
    limits: &HostLimits,
    url: &str,
) -> Result<(Vec<u8>, Option<String>, String), FetchError> {
    let (client, extras) = http.for_feed(url).await.map_err(FetchError::Setting)?;
    let _slot = limits.acquire(url).await;
    let asked = crate::net::fetch::Asked {
        keep_alive: true,
        extras: Some(&extras),
        ..Default::default()
    };
    match crate::net::fetch::get_asking(&client, settings, url, asked, None).await? {
        (
            crate::net::fetch::Fetched::Body {
                bytes,
                content_type,
                final_url,
                ..
            },
            _,
        ) => Ok((bytes, content_type, final_url)),
        // Never asked conditionally, so a 304 is the server's mistake.
        (crate::net::fetch::Fetched::NotModified, _) => Err(FetchError::Status { status: 304 }),
    }
}
