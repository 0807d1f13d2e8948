//! `config.toml`: the user's settings and feed list, with the embedded Lampung defaults.

pub mod colour;
pub mod commands;
pub mod edit;
pub mod feed_settings;
pub mod keys;
pub mod sync;
pub mod views;

pub use commands::{CommandConfig, CommandInput};
pub use feed_settings::FeedSettings;
pub use sync::{SyncConfig, SyncKind};
pub use views::{RuleAction, RuleConfig, ViewConfig};

use serde::{Deserialize, Serialize};
use std::path::Path;

/// One configured feed. Read through [`feed_settings::RawFeed`] so its settings sit beside
/// `url` in the file; after [`Config::parse`], `settings` (and `full_text`) are the effective
/// ones, the feed's tags' filled in (see `Config::resolve_feed_settings`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(from = "feed_settings::RawFeed", into = "feed_settings::RawFeed")]
pub struct FeedConfig {
    pub url: String,
    /// Display name; the feed's own title is used when absent.
    pub name: Option<String>,
    pub tags: Vec<String>,
    /// When to fetch the article's page for its full text (default: auto).
    pub full_text: Option<FullTextMode>,
    /// Agent, headers, auth, proxy, period and item cap of this feed.
    pub settings: FeedSettings,
}

/// Colours of the interface, each a name (`red`, `lightblue`, `darkgray`, ...) or `#rrggbb`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct ThemeConfig {
    /// The title bar's background (default: reversed).
    pub title: Option<colour::Colour>,
    /// The selected row's background (default: reversed).
    pub selected: Option<colour::Colour>,
    /// Unread titles.
    pub unread: Option<colour::Colour>,
    /// Dates, feed names and other quiet text.
    pub dim: Option<colour::Colour>,
    /// Links and places.
    pub link: Option<colour::Colour>,
    /// Errors.
    pub error: Option<colour::Colour>,
    /// Progress messages.
    pub busy: Option<colour::Colour>,
}

/// When kabar fetches an article's web page to show the whole story.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum FullTextMode {
    /// When an excerpt-only article is first opened.
    #[default]
    Auto,
    /// Also during refresh, for every new excerpt-only article, so it reads offline.
    Always,
    /// Never; `F` still fetches on request.
    Never,
}

impl FullTextMode {
    pub fn as_str(self) -> &'static str {
        match self {
            FullTextMode::Auto => "auto",
            FullTextMode::Always => "always",
            FullTextMode::Never => "never",
        }
    }
    pub fn from_db(s: &str) -> FullTextMode {
        match s {
            "always" => FullTextMode::Always,
            "never" => FullTextMode::Never,
            _ => FullTextMode::Auto,
        }
    }
}

/// Every setting, with defaults filled in.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub refresh_minutes: u64,
    pub refresh_on_start: bool,
    pub concurrency: usize,
    pub per_host: usize,
    pub timeout_seconds: u64,
    pub max_feed_bytes: u64,
    pub max_items_per_feed: usize,
    pub user_agent: String,
    /// Let what a feed says (item links, their redirects, pages found from a page) reach
    /// loopback and private addresses. The configured feeds' own hosts always may.
    pub allow_private_links: bool,
    /// Interface language: "id" or "en"; from LANG/LC_ALL when absent.
    #[serde(deserialize_with = "lang")]
    pub language: Option<crate::i18n::Lang>,
    /// Time zone for dates: "Asia/Jakarta" (WIB, default), "Asia/Makassar" (WITA),
    /// "Asia/Jayapura" (WIT), "UTC", or an offset like "+07:00".
    #[serde(deserialize_with = "zone")]
    pub timezone: crate::i18n::Zone,
    /// Draw with ASCII only (no box drawing or symbols), for bare server consoles.
    pub ascii: bool,
    /// Mouse wheel scrolling and click-to-select (takes the terminal's own text selection away).
    pub mouse: bool,
    /// Show the unread count in the terminal's title while the reader runs.
    pub title: bool,
    /// Group article lists under day headings ("Hari ini", "Kemarin", "Senin, 1 Desember").
    pub date_headings: bool,
    /// Key overrides: action name to a list of keys.
    pub keys: keys::KeyOverrides,
    /// Colours by element.
    pub theme: ThemeConfig,
    pub feeds: Vec<FeedConfig>,
    /// Saved queries shown in the feed list.
    pub views: Vec<ViewConfig>,
    /// Queries and what to do to the articles they match.
    pub rules: Vec<RuleConfig>,
    /// Run when a notify rule matches (argument list, no shell; `{feed}` and `{title}` are put
    /// in, each staying one argument).
    pub notify_command: Vec<String>,
    /// Opens enclosures (`e`): an argument list (no shell), `{url}` put in as one argument,
    /// else the URL appended; empty: the browser opens them.
    pub player: Vec<String>,
    /// `[tags.NAME]`: settings every feed with that tag takes (see `FeedSettings`).
    pub tags: std::collections::BTreeMap<String, FeedSettings>,
    /// The aggregator server to sync with; `None`: kabar polls the sites itself.
    pub sync: Option<SyncConfig>,
    /// Programs run on an article from a key (`[[commands]]`).
    pub commands: Vec<CommandConfig>,
    /// Not read from the file: true when no config file existed and the defaults were used.
    #[serde(skip)]
    pub using_defaults: bool,
}

/// `language`, checked when the file is read: a bad value is an error naming it.
fn lang<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<crate::i18n::Lang>, D::Error> {
    match String::deserialize(d)?.as_str() {
        "id" => Ok(Some(crate::i18n::Lang::Id)),
        "en" => Ok(Some(crate::i18n::Lang::En)),
        other => Err(serde::de::Error::custom(format!(
            "unknown language {other:?}: use \"id\" or \"en\""
        ))),
    }
}

/// `timezone`, checked when the file is read: a bad value is an error naming it.
fn zone<'de, D: serde::Deserializer<'de>>(d: D) -> Result<crate::i18n::Zone, D::Error> {
    let s = String::deserialize(d)?;
    crate::i18n::Zone::parse(&s).ok_or_else(|| {
        serde::de::Error::custom(format!(
            "unknown timezone {s:?}: use Asia/Jakarta, Asia/Makassar, Asia/Jayapura, UTC or +HH:MM"
        ))
    })
}

pub const DEFAULT_USER_AGENT: &str = concat!(
    "kabar/",
    env!("CARGO_PKG_VERSION"),
    " (terminal news reader; +https://github.com/kabar-reader/kabar)"
);

impl Default for Config {
    fn default() -> Self {
        Config {
            refresh_minutes: 30,
            refresh_on_start: true,
            concurrency: 100,
            per_host: 2,
            timeout_seconds: 20,
            max_feed_bytes: 10 * 1024 * 1024,
            max_items_per_feed: 1000,
            user_agent: DEFAULT_USER_AGENT.to_string(),
            allow_private_links: false,
            language: None,
            timezone: crate::i18n::Zone::default(),
            ascii: false,
            mouse: false,
            title: true,
            date_headings: true,
            keys: Default::default(),
            theme: ThemeConfig::default(),
            feeds: Vec::new(),
            views: Vec::new(),
            rules: Vec::new(),
            notify_command: Vec::new(),
            player: Vec::new(),
            tags: Default::default(),
            sync: None,
            commands: Vec::new(),
            using_defaults: false,
        }
    }
}

/// The embedded default list of Lampung outlets (see README: none could be checked live).
pub const DEFAULT_FEEDS: &[(&str, &str)] = &[
    (
        "ANTARA Lampung",
        "https://lampung.antaranews.com/rss/terkini.xml",
    ),
    ("Lampung Post", "https://lampost.co/feed/"),
    ("Tribun Lampung", "https://lampung.tribunnews.com/rss"),
    ("VIVA Lampung", "https://lampung.viva.co.id/get/all"),
    ("detikSumbagsel", "https://www.detik.com/sumbagsel/rss"),
    ("Radar Lampung", "https://radarlampung.disway.id/rss"),
    ("Suara Lampung", "https://lampung.suara.com/rss"),
    ("Teras Lampung", "https://www.teraslampung.com/feed/"),
];

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{file} line {line}: {msg}")]
    Syntax {
        file: String,
        line: usize,
        msg: String,
    },
    #[error("{file}: {msg}")]
    Invalid { file: String, msg: String },
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

impl Config {
    /// Load `path`; a missing file gives the defaults with the embedded feed list.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Self::parse(&text, "config.toml"),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::with_default_feeds()),
            Err(e) => Err(ConfigError::Io {
                path: path.display().to_string(),
                source: e,
            }),
        }
    }

    /// The language and time zone every output uses (the reader and each headless command).
    pub fn locale(&self) -> crate::i18n::Locale {
        crate::i18n::Locale {
            lang: self
                .language
                .unwrap_or_else(|| crate::i18n::Lang::detect(None)),
            zone: self.timezone.clone(),
        }
    }

    pub fn with_default_feeds() -> Config {
        Config {
            feeds: DEFAULT_FEEDS
                .iter()
                .map(|(name, url)| FeedConfig {
                    url: url.to_string(),
                    name: Some(name.to_string()),
                    tags: vec!["lampung".into()],
                    ..FeedConfig::default()
                })
                .collect(),
            using_defaults: true,
            ..Config::default()
        }
    }

    /// Parse config text; errors name the line (`config.toml line 3: ...`).
    pub fn parse(text: &str, file: &str) -> Result<Config, ConfigError> {
        let mut cfg: Config = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
                .unwrap_or(1);
            ConfigError::Syntax {
                file: file.to_string(),
                line,
                msg: e.message().trim().to_string(),
            }
        })?;
        cfg.validate(text, file)?;
        cfg.resolve_feed_settings(text, file)?;
        cfg.parse_queries(text, file)?;
        let keymap = crate::keymap::Keymap::with_overrides(&cfg.keys);
        commands::check(&cfg.commands, &keymap).map_err(|(i, msg)| ConfigError::Syntax {
            file: file.to_string(),
            line: commands::key_line(text, i),
            msg,
        })?;
        Ok(cfg)
    }

    /// Parse every view's and rule's query; an error names the view (or rule) and its line.
    fn parse_queries(&mut self, text: &str, file: &str) -> Result<(), ConfigError> {
        let lang = self
            .language
            .unwrap_or_else(|| crate::i18n::Lang::detect(None));
        let bad = |query: &str, what: String, e: crate::query::QueryError| {
            let quoted = format!("{query:?}");
            let line = text
                .lines()
                .position(|l| l.contains(&quoted) || l.contains(query))
                .map(|i| i + 1)
                .unwrap_or(1);
            ConfigError::Syntax {
                file: file.to_string(),
                line,
                msg: format!("{what}: {}", e.message(lang)),
            }
        };
        for v in &mut self.views {
            v.parsed = crate::query::parse(&v.query)
                .map_err(|e| bad(&v.query, format!("view {:?}", v.name), e))?;
        }
        for r in &self.rules {
            crate::query::parse(&r.query)
                .map_err(|e| bad(&r.query, format!("rule {:?}", r.query), e))?;
        }
        Ok(())
    }

    fn validate(&self, text: &str, file: &str) -> Result<(), ConfigError> {
        let line_of = |needle: &str| {
            text.lines()
                .position(|l| l.trim_start().starts_with(needle))
                .map(|i| i + 1)
                .unwrap_or(1)
        };
        let bad = |key: &str, msg: &str| ConfigError::Syntax {
            file: file.to_string(),
            line: line_of(key),
            msg: msg.to_string(),
        };
        if self.concurrency == 0 {
            return Err(bad("concurrency", "concurrency must be at least 1"));
        }
        if self.per_host == 0 {
            return Err(bad("per_host", "per_host must be at least 1"));
        }
        if self.timeout_seconds == 0 {
            return Err(bad("timeout_seconds", "timeout_seconds must be at least 1"));
        }
        if self.max_feed_bytes < 1024 {
            return Err(bad(
                "max_feed_bytes",
                "max_feed_bytes must be at least 1024",
            ));
        }
        if let Some(sync) = &self.sync
            && let Some((key, msg)) = sync.problem()
        {
            let line = text
                .lines()
                .position(|l| l.trim_start().starts_with("[sync]"))
                .map(|start| {
                    text.lines()
                        .skip(start)
                        .position(|l| l.trim_start().starts_with(key) || l.contains(key))
                        .map(|i| start + i + 1)
                        .unwrap_or(start + 1)
                })
                .unwrap_or(1);
            return Err(ConfigError::Syntax {
                file: file.to_string(),
                line,
                msg,
            });
        }
        for f in &self.feeds {
            match url::Url::parse(&f.url) {
                Ok(u) if matches!(u.scheme(), "http" | "https") => {}
                _ => {
                    let line = text
                        .lines()
                        .position(|l| l.contains(&f.url))
                        .map(|i| i + 1)
                        .unwrap_or(1);
                    return Err(ConfigError::Syntax {
                        file: file.to_string(),
                        line,
                        msg: format!("feed url {:?} is not an http(s) URL", f.url),
                    });
                }
            }
        }
        Ok(())
    }
}
