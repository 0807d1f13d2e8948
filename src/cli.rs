//! Command-line interface: the TUI by default, and headless commands for scripts and cron.

use crate::config::Config;
use crate::feed::refresh::{self, RefreshEvent, RefreshParams};
use crate::paths::Paths;
use crate::store::{ListQuery, Store};
use crate::text::sanitize_line;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

mod help;

/// `print!` and `println!` for a command's output, which is often a pipe: a reader that stops
/// early (`kabar list | head`) ends kabar quietly, as it ends other Unix tools, instead of the
/// panic the std macros give on a broken pipe.
macro_rules! out {
    ($($arg:tt)*) => { emit(format_args!($($arg)*)) };
}
macro_rules! outln {
    () => { emit(format_args!("\n")) };
    ($($arg:tt)*) => { emit(format_args!("{}\n", format_args!($($arg)*))) };
}

/// Exit codes (documented in the README, and in `kabar --help` and `kabar man`).
pub mod exit {
    pub const OK: u8 = 0;
    /// Something asked for does not exist (an unknown id or feed), or could not be had:
    /// `kabar add` found no feed at the URL (or nothing was picked at the prompt), `kabar remove`
    /// found no such feed, `kabar check` saw at least one feed fail.
    pub const NOT_FOUND: u8 = 1;
    /// Bad command line or config.toml; also `kabar add` given a URL that is not http(s), or
    /// finding several feeds with no terminal to ask on and no `--yes`.
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
        kabar --config-dir /tmp/k feeds --json",
    after_long_help = "Examples:\n  kabar                      open the reader\n  \
        kabar refresh              fetch every feed once (for cron)\n  \
        kabar list --unread --limit 20\n  \
        kabar add https://lampost.co/   find the site's feed and add it\n  \
        kabar check                try every configured feed once\n  \
        kabar --config-dir /tmp/k feeds --json\n\n\
        Exit status:\n  \
        0  success\n  \
        1  not found: unknown article id or feed, no feed found at a URL, nothing picked,\n     \
        or (kabar check) at least one feed failed\n  \
        2  bad command line or config.toml, a URL that is not http(s), or several feeds found\n     \
        with no terminal to ask on and no --yes\n  \
        3  the store (kabar.db) cannot be used\n  \
        4  reading or writing a file or the terminal failed"
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
        kabar list --feed \"ANTARA Lampung\" --limit 10\n  kabar list --json | jq '.[0].title'\n  \
        kabar list --lampung --unread\n  kabar list --saved")]
    List {
        /// Only unread articles
        #[arg(long)]
        unread: bool,
        /// Only saved (starred) articles
        #[arg(long)]
        saved: bool,
        /// Only articles that name a place in Lampung (the place is shown)
        #[arg(long)]
        lampung: bool,
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
    /// Search every stored article (title and text), best match first
    #[command(
        after_help = "Examples:\n  kabar search banjir\n  kabar search \"harga cabai\" --json"
    )]
    Search {
        /// Words to find (all must match; each also as a prefix)
        #[arg(required = true, value_name = "QUERY")]
        query: Vec<String>,
        /// At most N results
        #[arg(long, value_name = "N", default_value_t = 50)]
        limit: usize,
        /// JSON array instead of text
        #[arg(long)]
        json: bool,
    },
    /// Save (star) articles; saved articles are never dropped by the per-feed cap
    #[command(after_help = "Examples:\n  kabar save 12")]
    Save {
        #[arg(required = true, value_name = "ID")]
        ids: Vec<i64>,
    },
    /// Unsave articles
    #[command(after_help = "Examples:\n  kabar unsave 12")]
    Unsave {
        #[arg(required = true, value_name = "ID")]
        ids: Vec<i64>,
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
    /// Add a feed: a feed's URL, or a site's page (its announced feeds are found)
    #[command(
        long_about = "Add a feed to config.toml, keeping your comments.\n\n\
            URL may be a feed, or a web page: then the feeds it announces (<link rel=\"alternate\">) \
            and the usual addresses (WordPress /feed/, Blogger /feeds/posts/default, /rss, /feed, \
            /rss.xml, /atom.xml, /index.xml) are tried, and only real feeds are offered. With \
            several, kabar asks which (or takes the first with --yes). Without a config.toml, \
            the default feeds are written into a new one first, so they stay.",
        after_help = "Examples:\n  kabar add https://lampung.antaranews.com/rss/terkini.xml\n  \
            kabar add https://www.teraslampung.com/ --name \"Teras Lampung\" --tag lampung\n  \
            kabar add lampost.co --yes"
    )]
    Add {
        /// The feed's or the site's URL (https:// is assumed when left out)
        url: String,
        /// Name to show (default: the feed's own title)
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
        /// Tag the feed (repeatable)
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// With several feeds found, take the first without asking
        #[arg(long, short = 'y')]
        yes: bool,
    },
    /// Remove a feed from config.toml by its name or URL
    #[command(after_help = "Examples:\n  kabar remove \"Teras Lampung\"\n  \
        kabar remove https://www.teraslampung.com/feed/")]
    Remove {
        #[arg(value_name = "NAME_OR_URL")]
        name_or_url: String,
    },
    /// Fetch every configured feed once and report status, type, items, newest date, bodies
    #[command(
        long_about = "Fetch every configured feed once, storing nothing, and report per feed: \
            HTTP status (or the error), content type, item count, newest item (WIB), and \
            whether items carry full stories or excerpts. Exits 1 when any feed failed.",
        after_help = "Examples:\n  kabar check\n  \
            kabar check --json | jq '.[] | select(.ok | not) | .url'"
    )]
    Check {
        /// JSON array instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Print a shell completion script
    #[command(
        after_help = "Examples:\n  kabar completions bash > ~/.local/share/bash-completion/completions/kabar\n  \
        kabar completions zsh > ~/.zfunc/_kabar\n  \
        kabar completions fish > ~/.config/fish/completions/kabar.fish"
    )]
    Completions {
        /// The shell to complete for
        #[arg(value_enum, value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff)
    #[command(
        after_help = "Examples:\n  kabar man > ~/.local/share/man/man1/kabar.1\n  \
        kabar man | man -l -"
    )]
    Man,
}

pub fn main() -> ExitCode {
    // Help and usage errors follow the environment's language only (LC_ALL, LC_MESSAGES, LANG):
    // config.toml's `language` cannot be read before the arguments are parsed, since
    // --config-dir is one of them.
    match help::parse(crate::i18n::Lang::detect(None)) {
        Ok(cli) => ExitCode::from(run(cli)),
        Err(code) => ExitCode::from(code),
    }
}

/// A JSON array, pretty-printed, as the `--json` output of every command.
fn print_json(arr: &[serde_json::Value]) {
    outln!(
        "{}",
        serde_json::to_string_pretty(arr).unwrap_or_else(|_| "[]".into())
    );
}

fn fail(code: u8, msg: impl std::fmt::Display) -> u8 {
    // Not `eprintln!`: it panics when stderr is gone (a terminal that hung up).
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "kabar: {}",
        sanitize_line(&msg.to_string())
    );
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
    if let Err(e) = store.sync_feeds(&config.feeds) {
        if !e.is_corrupt() {
            return Err(fail(exit::STORE, e));
        }
        // Damage past the first page shows only when pages are read: move it aside now.
        drop(store);
        let note =
            Store::move_aside(&paths.db(), &e.to_string()).map_err(|e| fail(exit::STORE, e))?;
        eprintln!("kabar: {}", sanitize_line(&note));
        store = Store::open(&paths.db())
            .map_err(|e| fail(exit::STORE, e))?
            .0;
        store
            .sync_feeds(&config.feeds)
            .map_err(|e| fail(exit::STORE, e))?;
    }
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
        Some(Command::Add {
            url,
            name,
            tags,
            yes,
        }) => return add(&cli, url, name.as_deref(), tags, *yes),
        Some(Command::Remove { name_or_url }) => return remove(&cli, name_or_url),
        Some(Command::Check { json }) => return check(&cli, *json),
        Some(Command::Completions { shell }) => return completions(*shell),
        Some(Command::Man) => return man(),
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
            saved,
            lampung,
            feed,
            limit,
            json,
        }) => list(
            ctx,
            ListQuery {
                unread_only: unread,
                saved,
                lampung,
                feed: None,
            },
            feed,
            limit,
            json,
        ),
        Some(Command::Search { query, limit, json }) => search(ctx, &query.join(" "), limit, json),
        Some(Command::Save { ids }) => set_saved(ctx, &ids, true),
        Some(Command::Unsave { ids }) => set_saved(ctx, &ids, false),
        Some(Command::Feeds { json }) => feeds(ctx, json),
        Some(Command::Read { ids }) => set_read(ctx, &ids, true),
        Some(Command::Unread { ids }) => set_read(ctx, &ids, false),
        Some(Command::Show { id, width }) => show(ctx, id, width),
        Some(Command::Import { .. }) | Some(Command::Export) => exit::OK,
        Some(Command::Add { .. })
        | Some(Command::Remove { .. })
        | Some(Command::Check { .. })
        | Some(Command::Completions { .. })
        | Some(Command::Man) => exit::OK,
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
    let mut app = crate::app::App::new(ctx.store, ctx.config);
    app.config_path = Some(ctx.paths.config());
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
    let lang = crate::i18n::Lang::detect(ctx.config.language.as_deref());
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
                outln!(
                    "{}: {}",
                    sanitize_line(&name),
                    sanitize_line(&outcome.line_in(lang))
                );
            }
        }
        job.await.unwrap_or_default()
    });
    outln!(
        "{}",
        crate::i18n::tf(
            lang,
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
    exit::OK
}

fn list(ctx: Ctx, q: ListQuery, feed: Option<String>, limit: Option<usize>, json: bool) -> u8 {
    let feed_id = match feed {
        Some(name) => match ctx.store.find_feed(&name) {
            Ok(Some(f)) => Some(f.id),
            Ok(None) => {
                let lang = crate::i18n::Lang::detect(ctx.config.language.as_deref());
                let msg = crate::i18n::tf(lang, "cli.no_feed", &[("name", format!("{name:?}"))]);
                return fail(exit::NOT_FOUND, msg);
            }
            Err(e) => return fail(exit::STORE, e),
        },
        None => None,
    };
    let q = ListQuery { feed: feed_id, ..q };
    let limit = limit.map(|l| l as i64).unwrap_or(-1);
    let rows = match ctx.store.page(&q, 0, limit) {
        Ok(r) => r,
        Err(e) => return fail(exit::STORE, e),
    };
    print_rows(&rows, json);
    exit::OK
}

fn search(mut ctx: Ctx, query: &str, limit: usize, json: bool) -> u8 {
    // A refresh stores articles without indexing them; catch up first so nothing is missed.
    if let Err(e) = ctx.store.index_all() {
        return fail(exit::STORE, e);
    }
    match ctx.store.search(query, limit as i64) {
        Ok(rows) => {
            print_rows(&rows, json);
            exit::OK
        }
        Err(e) => fail(exit::STORE, e),
    }
}

fn set_saved(mut ctx: Ctx, ids: &[i64], saved: bool) -> u8 {
    let result = ctx.store.set_saved(ids, saved);
    report_ids(&ctx, ids, result)
}

/// Exit status for a command that changed `ids`: an error names how many did not exist.
fn report_ids(ctx: &Ctx, ids: &[i64], changed: Result<usize, crate::store::StoreError>) -> u8 {
    match changed {
        Ok(n) if n == ids.len() => exit::OK,
        Ok(n) => fail(
            exit::NOT_FOUND,
            crate::i18n::tf(
                crate::i18n::Lang::detect(ctx.config.language.as_deref()),
                "cli.ids_missing",
                &[
                    ("n", (ids.len() - n).to_string()),
                    ("total", ids.len().to_string()),
                ],
            ),
        ),
        Err(e) => fail(exit::STORE, e),
    }
}

/// Article rows as text (one per line) or a JSON array.
fn print_rows(rows: &[crate::store::ArticleRow], json: bool) {
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
                    "saved": r.saved,
                    "place": r.place.as_deref().map(sanitize_line),
                })
            })
            .collect();
        print_json(&arr);
    } else {
        let mut out = String::new();
        for r in rows {
            let place = r
                .place
                .as_deref()
                .map(|p| format!("[{}] ", sanitize_line(p)))
                .unwrap_or_default();
            out.push_str(&format!(
                "{:>6} {}{} {}  {}  {place}{}\n",
                r.id,
                if r.read { " " } else { "*" },
                if r.saved { "★" } else { " " },
                crate::time::long(r.published).trim_end_matches(" WIB"),
                sanitize_line(&r.feed),
                sanitize_line(&r.title)
            ));
        }
        out!("{out}");
    }
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
        print_json(&arr);
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
            outln!(
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
    let result = ctx.store.set_read(ids, read);
    report_ids(&ctx, ids, result)
}

fn show(mut ctx: Ctx, id: i64, width: Option<usize>) -> u8 {
    let mut article = match ctx.store.article(id) {
        Ok(Some(a)) => a,
        Ok(None) => {
            let lang = crate::i18n::Lang::detect(ctx.config.language.as_deref());
            let msg = crate::i18n::tf(lang, "cli.no_article", &[("id", id.to_string())]);
            return fail(exit::NOT_FOUND, msg);
        }
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
    let locale = crate::i18n::Locale::from_config(&ctx.config);
    let text =
        crate::ui::article::render_article(&article, width, false, &locale, crate::time::now());
    out!("{}", crate::text::sanitize_text(&text.to_plain()));
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
                outln!("skipped: {}", sanitize_line(s));
            }
            outln!(
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
    out!("{}", crate::opml::to_opml(&config.feeds));
    exit::OK
}

// ---------------------------------------------------------------------------------------------
// Adding, removing and checking feeds; completions and the man page.

/// The config path (not loaded), for the commands that only edit config.toml.
fn config_path(cli: &Cli) -> Result<PathBuf, u8> {
    let paths = Paths::resolve(cli.config_dir.as_deref()).map_err(|e| fail(exit::CONFIG, e))?;
    paths.ensure().map_err(|e| {
        fail(
            exit::IO,
            format!("cannot create {}: {e}", paths.dir.display()),
        )
    })?;
    Ok(paths.config())
}

fn write_error(e: crate::discover::WriteError) -> u8 {
    use crate::config::edit::EditError;
    use crate::discover::WriteError;
    match e {
        WriteError::Edit(EditError::Io { .. }) => fail(exit::IO, e),
        _ => fail(exit::CONFIG, e),
    }
}

fn defaults_note(n: usize) {
    if n > 0 {
        outln!("config.toml did not exist: wrote the {n} default feeds to it first, so they stay");
    }
}

fn items_count(n: usize) -> String {
    match n {
        1 => "1 item".to_string(),
        n => format!("{n} items"),
    }
}

fn candidate_line(i: usize, c: &crate::discover::Candidate, config: &Config) -> String {
    let items = items_count(c.items);
    let already = if crate::discover::configured(config, &c.url).is_some() {
        "  (already added)"
    } else {
        ""
    };
    format!(
        "{:>3}. {}  ({items})  {}{already}",
        i + 1,
        sanitize_line(&c.label()),
        c.url
    )
}

fn add(cli: &Cli, url: &str, name: Option<&str>, tags: &[String], yes: bool) -> u8 {
    use crate::discover::{self, AddOutcome, DiscoverError};
    use std::io::IsTerminal;
    let parsed = match discover::parse_input(url) {
        Ok(u) => u,
        Err(e) => return fail(exit::CONFIG, e),
    };
    let path = match config_path(cli) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let config = match Config::load(&path) {
        Ok(c) => c,
        Err(e) => return fail(exit::CONFIG, e),
    };
    if let Some(f) = discover::configured(&config, parsed.as_str()) {
        outln!(
            "already in the feed list as {}: nothing changed",
            sanitize_line(f.name.as_deref().unwrap_or(&f.url))
        );
        return exit::OK;
    }
    let settings = crate::feed::fetch::FetchSettings::from_config(&config);
    let limits = crate::feed::limit::HostLimits::new(config.per_host);
    let rt = match runtime() {
        Ok(rt) => rt,
        Err(code) => return code,
    };
    let found = rt.block_on(async {
        let client = crate::feed::fetch::client(&settings);
        discover::discover(&client, &settings, &limits, parsed.as_str()).await
    });
    let found = match found {
        Ok(f) => f,
        Err(e @ DiscoverError::InvalidUrl(_)) => return fail(exit::CONFIG, e),
        Err(e) => return fail(exit::NOT_FOUND, e),
    };
    let n = found.candidates.len();
    let chosen = if n == 1 {
        0
    } else if yes {
        eprintln!("found {n} feeds; --yes takes the first");
        0
    } else if std::io::stdin().is_terminal() {
        eprintln!("found {n} feeds at {}:", found.url);
        for (i, c) in found.candidates.iter().enumerate() {
            eprintln!("{}", candidate_line(i, c, &config));
        }
        let mut stdin = std::io::stdin().lock();
        match discover::read_choice(&mut stdin, &mut std::io::stderr(), n) {
            Some(i) => i,
            None => return fail(exit::NOT_FOUND, "nothing chosen: no feed added"),
        }
    } else {
        outln!("found {n} feeds at {}:", found.url);
        for (i, c) in found.candidates.iter().enumerate() {
            outln!("{}", candidate_line(i, c, &config));
        }
        return fail(
            exit::CONFIG,
            "several feeds found: run `kabar add` again with one of the URLs above, \
             or add --yes to take the first",
        );
    };
    let candidate = &found.candidates[chosen];
    let feed = candidate.to_feed_config(name, tags);
    match discover::add_to_config(&path, &feed) {
        Ok(AddOutcome::Added { defaults_written }) => {
            defaults_note(defaults_written);
            let newest = candidate
                .newest
                .map(|t| format!(", newest {}", crate::time::long(t)))
                .unwrap_or_default();
            outln!(
                "added {} ({}, {}{newest})",
                sanitize_line(feed.name.as_deref().unwrap_or(&feed.url)),
                feed.url,
                items_count(candidate.items)
            );
            exit::OK
        }
        Ok(AddOutcome::Duplicate { existing }) => {
            outln!(
                "{} is already in the feed list as {}: nothing changed",
                feed.url,
                sanitize_line(&existing)
            );
            exit::OK
        }
        Err(e) => write_error(e),
    }
}

fn remove(cli: &Cli, name_or_url: &str) -> u8 {
    let path = match config_path(cli) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let config = match Config::load(&path) {
        Ok(c) => c,
        Err(e) => return fail(exit::CONFIG, e),
    };
    let Some(feed) = crate::discover::configured_by_name_or_url(&config, name_or_url).cloned()
    else {
        return fail(
            exit::NOT_FOUND,
            format!(
                "no feed named {:?} or with that URL in the feed list (see kabar feeds)",
                sanitize_line(name_or_url)
            ),
        );
    };
    if config.using_defaults {
        match crate::discover::materialise_defaults(&path) {
            Ok(n) => defaults_note(n),
            Err(e) => return write_error(e.into()),
        }
    }
    match crate::config::edit::remove_feed(&path, name_or_url) {
        Ok(true) => {
            outln!(
                "removed {} ({})",
                sanitize_line(feed.name.as_deref().unwrap_or(&feed.url)),
                feed.url
            );
            exit::OK
        }
        Ok(false) => fail(
            exit::NOT_FOUND,
            format!("no feed {:?} in config.toml", sanitize_line(name_or_url)),
        ),
        Err(e) => write_error(e.into()),
    }
}

fn check(cli: &Cli, json: bool) -> u8 {
    let paths = match Paths::resolve(cli.config_dir.as_deref()) {
        Ok(p) => p,
        Err(e) => return fail(exit::CONFIG, e),
    };
    let config = match Config::load(&paths.config()) {
        Ok(c) => c,
        Err(e) => return fail(exit::CONFIG, e),
    };
    let settings = crate::feed::fetch::FetchSettings::from_config(&config);
    let limits = crate::feed::limit::HostLimits::new(config.per_host);
    let rt = match runtime() {
        Ok(rt) => rt,
        Err(code) => return code,
    };
    let checks = rt.block_on(async {
        let client = crate::feed::fetch::client(&settings);
        crate::discover::check_feeds(
            &client,
            &settings,
            &limits,
            config.concurrency,
            &config.feeds,
        )
        .await
    });
    let failed = checks.iter().filter(|c| !c.ok).count();
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
                    "newest": c.newest.map(crate::time::rfc3339),
                    "newest_wib": c.newest.map(crate::time::long),
                    "bodies": c.bodies.map(|b| b.as_str()),
                    "error": c.error.as_deref().map(sanitize_line),
                })
            })
            .collect();
        print_json(&arr);
    } else {
        out!("{}", check_table(&checks));
        outln!(
            "{} feeds: {} ok, {failed} failed",
            checks.len(),
            checks.len() - failed
        );
    }
    if failed == 0 {
        exit::OK
    } else {
        exit::NOT_FOUND
    }
}

/// The `kabar check` table: one row per feed, columns padded to the widest cell.
fn check_table(checks: &[crate::discover::FeedCheck]) -> String {
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
                c.newest.map(crate::time::long).unwrap_or_else(dash),
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

fn completions(shell: clap_complete::Shell) -> u8 {
    use clap::CommandFactory;
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "kabar", &mut out);
    write_stdout(&out)
}

fn man() -> u8 {
    use clap::CommandFactory;
    let mut out = Vec::new();
    if let Err(e) = clap_mangen::Man::new(Cli::command()).render(&mut out) {
        return fail(exit::IO, format!("cannot render the man page: {e}"));
    }
    let page = man_page(String::from_utf8_lossy(&out).into_owned());
    write_stdout(page.as_bytes())
}

/// clap_mangen's page, made into one self-contained page: its SUBCOMMANDS list points at
/// kabar-add(1) and the like, which do not exist, so every command is described in place
/// (usage, description, options, examples); and the after-help text becomes EXAMPLES and
/// EXIT STATUS sections laid out as written.
fn man_page(page: String) -> String {
    use clap::CommandFactory;
    let mut page = page;
    if let Some(start) = page.find("\n.SH SUBCOMMANDS\n") {
        let body = start + "\n.SH SUBCOMMANDS\n".len();
        let end = page[body..].find("\n.SH ").map_or(page.len(), |i| body + i);
        let mut cmds = String::from("\n.SH COMMANDS\n");
        for sub in Cli::command().get_subcommands() {
            cmds.push_str(&man_command(sub));
        }
        page.replace_range(start..end, cmds.trim_end());
    }
    if let Some(extra) = page.find(".SH EXTRA\nExamples:\n") {
        let end = page[extra..]
            .find("\n.SH ")
            .map_or(page.len(), |i| extra + i);
        let text = page[extra + ".SH EXTRA\nExamples:\n".len()..end].to_string();
        let text = match text.split_once("\n\nExit status:\n") {
            Some((examples, status)) => {
                format!("{examples}\n.fi\n.SH \"EXIT STATUS\"\n.nf\n{status}")
            }
            None => text,
        };
        page.replace_range(extra..end, &format!(".SH EXAMPLES\n.nf\n{text}\n.fi"));
    }
    page
}

/// Roff text: backslashes, hyphens and quotes escaped, no line starting a request.
fn roff(s: &str) -> String {
    let mut out = String::new();
    for (i, line) in s.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let e = line
            .replace('\\', "\\e")
            .replace('-', "\\-")
            .replace('\'', "\\*(Aq");
        if e.starts_with('.') {
            out.push_str("\\&");
        }
        out.push_str(&e);
    }
    out
}

/// One command's part of the man page.
fn man_command(sub: &clap::Command) -> String {
    let name = sub.get_name();
    let mut usage_cmd = sub.clone().bin_name(format!("kabar {name}"));
    let usage = usage_cmd.render_usage().to_string();
    let usage = usage.trim().trim_start_matches("Usage:").trim();
    let mut out = format!(".SS \"kabar {name}\"\n.nf\n{}\n.fi\n", roff(usage));
    let about = sub
        .get_long_about()
        .or_else(|| sub.get_about())
        .map(|a| a.to_string())
        .unwrap_or_default();
    for para in about.split("\n\n").filter(|p| !p.trim().is_empty()) {
        out.push_str(&format!(".PP\n{}\n", roff(para.trim())));
    }
    for arg in sub.get_arguments() {
        if arg.is_hide_set() || matches!(arg.get_id().as_str(), "help" | "version") {
            continue;
        }
        let value = arg
            .get_value_names()
            .and_then(|v| v.first())
            .map(|v| v.to_string())
            .unwrap_or_else(|| arg.get_id().as_str().to_uppercase());
        let takes_value = arg.get_action().takes_values();
        let mut head = Vec::new();
        if let Some(c) = arg.get_short() {
            head.push(format!("\\fB\\-{c}\\fR"));
        }
        if let Some(l) = arg.get_long() {
            head.push(format!("\\fB{}\\fR", roff(&format!("--{l}"))));
        }
        let mut head = head.join(", ");
        if takes_value {
            if !head.is_empty() {
                head.push(' ');
            }
            head.push_str(&format!("\\fI<{}>\\fR", roff(&value)));
        }
        let mut help = arg
            .get_long_help()
            .or_else(|| arg.get_help())
            .map(|h| h.to_string())
            .unwrap_or_default();
        let values: Vec<String> = arg
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .collect();
        if takes_value && !values.is_empty() {
            help = format!("{help} [{}]", values.join(", ")).trim().to_string();
        }
        out.push_str(&format!(".TP\n{head}\n{}\n", roff(&help)));
    }
    if let Some(after) = sub.get_after_long_help().or_else(|| sub.get_after_help()) {
        let after = after.to_string();
        let after = after.trim_start_matches("Examples:\n");
        out.push_str(&format!(".PP\nExamples:\n.nf\n{}\n.fi\n", roff(after)));
    }
    out
}

fn write_stdout(bytes: &[u8]) -> u8 {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|_| stdout.flush()) {
        Ok(()) => exit::OK,
        Err(e) => stdout_failed(e),
    }
}

/// Write a command's output (see `out!`); a failed write ends kabar with `stdout_failed`'s code.
fn emit(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    if let Err(e) = std::io::stdout().lock().write_fmt(args) {
        std::process::exit(stdout_failed(e).into());
    }
}

/// The exit code after writing to stdout failed: a reader that closed the pipe early
/// (`kabar man | head`) is not an error.
fn stdout_failed(e: std::io::Error) -> u8 {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        exit::OK
    } else {
        fail(exit::IO, format!("cannot write: {e}"))
    }
}
