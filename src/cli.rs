//! Command-line interface: the TUI by default, and headless commands for scripts and cron.

use crate::config::Config;
use crate::feed::refresh::{self, FeedOutcome, RefreshEvent, RefreshParams};
use crate::paths::Paths;
use crate::store::{ListQuery, Store};
use crate::text::sanitize_line;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit codes (documented in the README).
pub mod exit {
    pub const OK: u8 = 0;
    /// Something asked for does not exist (an unknown id or feed).
    pub const NOT_FOUND: u8 = 1;
    /// Bad command line or config.toml.
    pub const CONFIG: u8 = 2;
    /// The store (kabar.db) cannot be used.
    pub const STORE: u8 = 3;
    /// Reading or writing a file or the terminal failed.
    pub const IO: u8 = 4;
}

#[derive(Debug, Parser)]
#[command(
    name = "kabar",
    version,
    about = "A terminal news reader for Lampung regional news",
    long_about = "A terminal news reader for Lampung regional news.\n\n\
        With no command, opens the reader. Every command uses the same store, so kabar works \
        from cron and scripts too.",
    after_help = "Examples:\n  kabar                      open the reader\n  \
        kabar refresh              fetch every feed once (for cron)\n  \
        kabar list --unread --limit 20\n  \
        kabar --config-dir /tmp/k feeds --json"
)]
pub struct Cli {
    /// Config directory (default: $XDG_CONFIG_HOME/kabar; also KABAR_CONFIG_DIR)
    #[arg(long, global = true, value_name = "DIR")]
    pub config_dir: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fetch every feed once and print one line per feed
    #[command(after_help = "Examples:\n  kabar refresh\n  \
        */30 * * * * kabar refresh >/dev/null   (crontab)")]
    Refresh,
    /// List stored articles, newest first
    #[command(after_help = "Examples:\n  kabar list --unread\n  \
        kabar list --feed \"ANTARA Lampung\" --limit 10\n  kabar list --json | jq '.[0].title'")]
    List {
        /// Only unread articles
        #[arg(long)]
        unread: bool,
        /// Only this feed (its name, title or URL)
        #[arg(long, value_name = "NAME_OR_URL")]
        feed: Option<String>,
        /// At most N articles
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        /// JSON array instead of text
        #[arg(long)]
        json: bool,
    },
    /// List feeds with counts, last refresh and last error
    #[command(after_help = "Examples:\n  kabar feeds\n  kabar feeds --json")]
    Feeds {
        /// JSON array instead of text
        #[arg(long)]
        json: bool,
    },
    /// Mark articles read (ids as printed by `kabar list`)
    #[command(after_help = "Examples:\n  kabar read 12 13 14")]
    Read {
        #[arg(required = true, value_name = "ID")]
        ids: Vec<i64>,
    },
    /// Mark articles unread
    #[command(after_help = "Examples:\n  kabar unread 12")]
    Unread {
        #[arg(required = true, value_name = "ID")]
        ids: Vec<i64>,
    },
    /// Add feeds from an OPML file or a newsboat `urls` file to config.toml
    #[command(after_help = "Examples:\n  kabar import feeds.opml\n  \
        kabar import ~/.newsboat/urls")]
    Import { file: PathBuf },
    /// Print the feed list as OPML 2.0
    #[command(after_help = "Examples:\n  kabar export > kabar.opml")]
    Export,
    /// Print an article as the reader shows it
    #[command(after_help = "Examples:\n  kabar show 12\n  kabar show 12 --width 60")]
    Show {
        id: i64,
        /// Wrap at N columns (default: the terminal's width, else 80)
        #[arg(long, value_name = "N")]
        width: Option<usize>,
    },
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    ExitCode::from(run(cli))
}

fn fail(code: u8, msg: impl std::fmt::Display) -> u8 {
    eprintln!("kabar: {}", sanitize_line(&msg.to_string()));
    code
}

/// Everything a command needs, opened once.
struct Ctx {
    paths: Paths,
    config: Config,
    store: Store,
}

fn open(cli: &Cli) -> Result<Ctx, u8> {
    let paths = Paths::resolve(cli.config_dir.as_deref()).map_err(|e| fail(exit::CONFIG, e))?;
    paths.ensure().map_err(|e| {
        fail(
            exit::IO,
            format!("cannot create {}: {e}", paths.dir.display()),
        )
    })?;
    crate::logging::init(&paths.log());
    let config = Config::load(&paths.config()).map_err(|e| fail(exit::CONFIG, e))?;
    let (mut store, note) = Store::open(&paths.db()).map_err(|e| fail(exit::STORE, e))?;
    if let Some(note) = note {
        eprintln!("kabar: {note}");
    }
    store
        .sync_feeds(&config.feeds)
        .map_err(|e| fail(exit::STORE, e))?;
    Ok(Ctx {
        paths,
        config,
        store,
    })
}

fn runtime() -> Result<tokio::runtime::Runtime, u8> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| fail(exit::IO, format!("cannot start: {e}")))
}

pub fn run(cli: Cli) -> u8 {
    match &cli.command {
        // These only touch config.toml, not the store.
        Some(Command::Import { file }) => return import(&cli, file),
        Some(Command::Export) => return export(&cli),
        _ => {}
    }
    let ctx = match open(&cli) {
        Ok(c) => c,
        Err(code) => return code,
    };
    match cli.command {
        None => tui(ctx),
        Some(Command::Refresh) => refresh_cmd(ctx),
        Some(Command::List {
            unread,
            feed,
            limit,
            json,
        }) => list(ctx, unread, feed, limit, json),
        Some(Command::Feeds { json }) => feeds(ctx, json),
        Some(Command::Read { ids }) => set_read(ctx, &ids, true),
        Some(Command::Unread { ids }) => set_read(ctx, &ids, false),
        Some(Command::Show { id, width }) => show(ctx, id, width),
        Some(Command::Import { .. }) | Some(Command::Export) => exit::OK,
    }
}

fn tui(ctx: Ctx) -> u8 {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        return fail(
            exit::IO,
            "stdout is not a terminal; use a command (kabar --help) in scripts",
        );
    }
    let params = RefreshParams::from_config(&ctx.config, ctx.paths.db());
    let app = crate::app::App::new(ctx.store, ctx.config);
    let rt = match runtime() {
        Ok(rt) => rt,
        Err(code) => return code,
    };
    match rt.block_on(crate::tui::run(app, params)) {
        Ok(()) => exit::OK,
        Err(e) => fail(exit::IO, format!("terminal: {e}")),
    }
}

fn refresh_cmd(ctx: Ctx) -> u8 {
    let targets = match ctx.store.targets(&[]) {
        Ok(t) => t,
        Err(e) => return fail(exit::STORE, e),
    };
    let names: std::collections::HashMap<i64, String> = ctx
        .store
        .feeds()
        .unwrap_or_default()
        .into_iter()
        .map(|f| (f.id, f.display))
        .collect();
    let params = RefreshParams::from_config(&ctx.config, ctx.paths.db());
    let rt = match runtime() {
        Ok(rt) => rt,
        Err(code) => return code,
    };
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let summary = rt.block_on(async move {
        let job = tokio::spawn(refresh::run(params, targets, tx));
        while let Some(ev) = rx.recv().await {
            if let RefreshEvent::FeedDone { id, outcome } = ev {
                let name = names.get(&id).cloned().unwrap_or_else(|| id.to_string());
                println!(
                    "{}: {}",
                    sanitize_line(&name),
                    sanitize_line(&outcome.line())
                );
            }
        }
        job.await.unwrap_or_default()
    });
    println!(
        "{} feeds: {} updated, {} not modified, {} skipped, {} failed; {} new articles",
        summary.total,
        summary.updated,
        summary.not_modified,
        summary.skipped,
        summary.failed.len(),
        summary.new_articles
    );
    let _ = FeedOutcome::NotModified;
    exit::OK
}

fn list(ctx: Ctx, unread: bool, feed: Option<String>, limit: Option<usize>, json: bool) -> u8 {
    let feed_id = match feed {
        Some(name) => match ctx.store.find_feed(&name) {
            Ok(Some(f)) => Some(f.id),
            Ok(None) => return fail(exit::NOT_FOUND, format!("no feed named {name:?}")),
            Err(e) => return fail(exit::STORE, e),
        },
        None => None,
    };
    let q = ListQuery {
        feed: feed_id,
        unread_only: unread,
    };
    let limit = limit.map(|l| l as i64).unwrap_or(-1);
    let rows = match ctx.store.page(&q, 0, limit) {
        Ok(r) => r,
        Err(e) => return fail(exit::STORE, e),
    };
    if json {
        let arr: Vec<serde_json::Value> = rows
            .iter()
            .map(|r| {
                serde_json::json!({
                    "id": r.id,
                    "feed": sanitize_line(&r.feed),
                    "title": sanitize_line(&r.title),
                    "link": r.link.as_deref().and_then(crate::text::safe_link),
                    "published": crate::time::rfc3339(r.published),
                    "read": r.read,
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&arr).unwrap_or_else(|_| "[]".into())
        );
    } else {
        let mut out = String::new();
        for r in &rows {
            out.push_str(&format!(
                "{:>6} {} {}  {}  {}\n",
                r.id,
                if r.read { " " } else { "*" },
                crate::time::long(r.published).trim_end_matches(" WIB"),
                sanitize_line(&r.feed),
                sanitize_line(&r.title)
            ));
        }
        print!("{out}");
    }
    exit::OK
}

fn feeds(ctx: Ctx, json: bool) -> u8 {
    let rows = match ctx.store.feeds() {
        Ok(r) => r,
        Err(e) => return fail(exit::STORE, e),
    };
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
                    "last_refresh": f.last_fetch.map(crate::time::rfc3339),
                    "last_error": f.last_error.as_deref().map(sanitize_line),
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&arr).unwrap_or_else(|_| "[]".into())
        );
    } else {
        for f in &rows {
            let when = f
                .last_fetch
                .map(crate::time::long)
                .unwrap_or_else(|| "never refreshed".into());
            let err = f
                .last_error
                .as_deref()
                .map(|e| format!("  error: {}", sanitize_line(e)))
                .unwrap_or_default();
            println!(
                "{}  {}/{}  {}  {}{}",
                sanitize_line(&f.display),
                f.unread,
                f.total,
                when,
                f.url,
                err
            );
        }
    }
    exit::OK
}

fn set_read(mut ctx: Ctx, ids: &[i64], read: bool) -> u8 {
    match ctx.store.set_read(ids, read) {
        Ok(n) if n == ids.len() => exit::OK,
        Ok(n) => fail(
            exit::NOT_FOUND,
            format!("{} of {} ids do not exist", ids.len() - n, ids.len()),
        ),
        Err(e) => fail(exit::STORE, e),
    }
}

fn show(mut ctx: Ctx, id: i64, width: Option<usize>) -> u8 {
    let mut article = match ctx.store.article(id) {
        Ok(Some(a)) => a,
        Ok(None) => return fail(exit::NOT_FOUND, format!("no article with id {id}")),
        Err(e) => return fail(exit::STORE, e),
    };
    // As in the reader: an excerpt is upgraded to the full story first when the feed's mode asks.
    if article.wants_full_text()
        && let Some(link) = article.link.clone()
    {
        let params = RefreshParams::from_config(&ctx.config, ctx.paths.db());
        let rt = match runtime() {
            Ok(rt) => rt,
            Err(code) => return code,
        };
        let client = crate::feed::fetch::client(&params.fetch);
        let result = rt.block_on(crate::article::fulltext::fetch(
            &client,
            &params.fetch,
            &params.limits,
            &link,
        ));
        if let Err(e) = ctx.store.set_full_text(id, &result) {
            return fail(exit::STORE, e);
        }
        if let Ok(Some(a)) = ctx.store.article(id) {
            article = a;
        }
    }
    let width = width
        .or_else(|| crossterm::terminal::size().ok().map(|(w, _)| w as usize))
        .unwrap_or(80)
        .clamp(20, 400);
    let text = crate::ui::article::render_article(&article, width, false);
    print!("{}", crate::text::sanitize_text(&text.to_plain()));
    exit::OK
}

fn import(cli: &Cli, file: &std::path::Path) -> u8 {
    let paths = match Paths::resolve(cli.config_dir.as_deref()) {
        Ok(p) => p,
        Err(e) => return fail(exit::CONFIG, e),
    };
    let text = match std::fs::read(file) {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(e) => return fail(exit::IO, format!("cannot read {}: {e}", file.display())),
    };
    let report = match crate::opml::parse_import_report(&text) {
        Ok(r) => r,
        Err(e) => return fail(exit::CONFIG, e),
    };
    if let Err(e) = paths.ensure() {
        return fail(
            exit::IO,
            format!("cannot create {}: {e}", paths.dir.display()),
        );
    }
    match crate::config::edit::add_feeds(&paths.config(), &report.feeds) {
        Ok((added, dup)) => {
            for s in &report.skipped {
                println!("skipped: {}", sanitize_line(s));
            }
            println!(
                "added {added} feeds, skipped {dup} duplicates or invalid URLs, {} unsupported entries",
                report.skipped.len()
            );
            exit::OK
        }
        Err(e) => fail(exit::CONFIG, e),
    }
}

fn export(cli: &Cli) -> u8 {
    let paths = match Paths::resolve(cli.config_dir.as_deref()) {
        Ok(p) => p,
        Err(e) => return fail(exit::CONFIG, e),
    };
    let config = match Config::load(&paths.config()) {
        Ok(c) => c,
        Err(e) => return fail(exit::CONFIG, e),
    };
    print!("{}", crate::opml::to_opml(&config.feeds));
    exit::OK
}
