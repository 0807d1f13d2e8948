//! The command line: every command and option (the English help is the doc comments here).

use clap::{Parser, Subcommand};
use std::path::PathBuf;

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
        2  bad command line or config.toml, a URL that is not http(s), several feeds found\n     \
        with no terminal to ask on and no --yes, or a config dir owned by another user or\n     \
        writable by group or others\n  \
        3  the store (kabar.db) cannot be used\n  \
        4  reading or writing a file or the terminal failed\n  \
        5  kabar refresh: every feed failed, nothing was refreshed\n  \
        6  kabar sync (or refresh/add/remove with [sync]): the sync server failed"
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
        */30 * * * * kabar refresh >/dev/null   (crontab)\n  \
        kabar refresh -v           every feed's error even with no network\n  \
        kabar refresh --all        also the feeds whose refresh_minutes has not passed")]
    Refresh {
        /// Print every feed's line even when the network is down (else one line says so)
        #[arg(short, long)]
        verbose: bool,
        /// Fetch every feed, also those fetched less than their refresh_minutes ago
        #[arg(short, long)]
        all: bool,
    },
    /// Sync with the server set in the config's sync section: push local changes, pull what changed there
    #[command(after_help = "Examples:\n  kabar sync\n  \
        */15 * * * * kabar sync >/dev/null   (crontab)")]
    Sync,
    /// List stored articles, newest first
    #[command(after_help = "Examples:\n  kabar list --unread\n  \
        kabar list --feed \"ANTARA Lampung\" --limit 10\n  kabar list --json | jq '.[0].title'\n  \
        kabar list --lampung --unread\n  kabar list --saved\n  \
        kabar list --query \"banjir OR longsor since:7d\"\n  kabar list --query \"gempa place:Metro unread\"")]
    List {
        /// Only articles this query matches (the query language of / and views; see README)
        #[arg(long, value_name = "QUERY")]
        query: Option<String>,
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
        after_help = "Examples:\n  kabar search banjir\n  kabar search \"harga cabai\" --json\n  \
            kabar search 'banjir -title:jakarta since:2d'"
    )]
    Search {
        /// A query: words to find (all must match; the last also as a prefix), or more (see README)
        #[arg(required = true, value_name = "QUERY")]
        query: Vec<String>,
        /// At most N results
        #[arg(long, value_name = "N", default_value_t = 50)]
        limit: usize,
        /// JSON array instead of text
        #[arg(long)]
        json: bool,
    },
    /// Rules: see what a query matches, or apply the rules of config.toml to every stored article
    #[command(
        subcommand,
        after_help = "Examples:\n  kabar rules test \"gempa place:Metro\"\n  \
        kabar rules apply"
    )]
    Rules(RulesCommand),
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
    /// Run a command of config.toml's commands section on a stored article (exit status: the command's)
    #[command(after_help = "Examples:\n  kabar run w 12\n  kabar run wallabag 12")]
    Run {
        /// The command's key or name
        #[arg(value_name = "KEY_OR_NAME")]
        command: String,
        /// The article's id (as printed by `kabar list`)
        id: i64,
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
            HTTP status (or the error), content type, item count, newest item (in the configured time zone), and \
            whether items carry full stories or excerpts. Exits 1 when any feed failed.",
        after_help = "Examples:\n  kabar check\n  \
            kabar check --json | jq '.[] | select(.ok | not) | .url'\n  \
            kabar check --fix          move feeds that moved (config comments kept)"
    )]
    Check {
        /// JSON array instead of a table
        #[arg(long)]
        json: bool,
        /// Move feeds that moved: follow 301/308, take the feed found for a broken address
        #[arg(long)]
        fix: bool,
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

#[derive(Debug, Subcommand)]
#[command(disable_help_subcommand = true)]
pub enum RulesCommand {
    /// Show the stored articles a query matches (hidden ones too), newest first
    #[command(after_help = "Examples:\n  kabar rules test \"banjir OR longsor since:7d\"")]
    Test {
        #[arg(required = true, value_name = "QUERY")]
        query: Vec<String>,
        /// At most N articles
        #[arg(long, value_name = "N", default_value_t = 50)]
        limit: usize,
    },
    /// Apply every rule to every stored article (hiding is worked out afresh)
    #[command(after_help = "Examples:\n  kabar rules apply")]
    Apply,
}
