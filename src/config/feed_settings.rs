//! Per-feed settings (`refresh_minutes`, `user_agent`, `headers`, basic auth, `proxy`,
//! `max_items`, `full_text`) as a `[[feeds]]` entry or a `[tags.NAME]` table gives them, each
//! value checked as it is read (so an error names its line), and how a feed inherits them.

use super::{Config, ConfigError, FeedConfig, FullTextMode};
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;

/// Settings a feed may have of its own or take from one of its tags. `None`: not set here.
/// `Debug` shows header names but not their values (a cookie is a secret too).
#[derive(Clone, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields)]
pub struct FeedSettings {
    /// Fetch this feed at most this often (minutes, at least 1).
    #[serde(
        default,
        deserialize_with = "minutes",
        skip_serializing_if = "Option::is_none"
    )]
    pub refresh_minutes: Option<u64>,
    #[serde(
        default,
        deserialize_with = "user_agent",
        skip_serializing_if = "Option::is_none"
    )]
    pub user_agent: Option<String>,
    /// Extra request headers, name = value (a `Cookie`, an API token).
    #[serde(
        default,
        deserialize_with = "headers",
        skip_serializing_if = "Option::is_none"
    )]
    pub headers: Option<BTreeMap<String, String>>,
    /// HTTP basic auth user; the password comes from `password_command`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Argument vector (no shell) whose first line of output is the password, run at fetch time.
    #[serde(
        default,
        deserialize_with = "command",
        skip_serializing_if = "Option::is_none"
    )]
    pub password_command: Option<Vec<String>>,
    /// `http://`, `https://`, `socks5://` or `socks5h://` (names resolved by the proxy: Tor).
    #[serde(
        default,
        deserialize_with = "proxy",
        skip_serializing_if = "Option::is_none"
    )]
    pub proxy: Option<String>,
    /// Articles kept of this feed, instead of `max_items_per_feed`: a refresh reads at most
    /// this many items and the store drops the oldest beyond it (`NewFeed::keep`).
    #[serde(
        default,
        deserialize_with = "max_items",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_items: Option<usize>,
    /// Only in `[tags.NAME]`: a `[[feeds]]` entry has its own `full_text` key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_text: Option<FullTextMode>,
}

impl std::fmt::Debug for FeedSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let header_names = self
            .headers
            .as_ref()
            .map(|h| h.keys().map(|k| format!("{k}: ***")).collect::<Vec<_>>());
        f.debug_struct("FeedSettings")
            .field("refresh_minutes", &self.refresh_minutes)
            .field("user_agent", &self.user_agent)
            .field("headers", &header_names)
            .field("username", &self.username)
            .field("password_command", &self.password_command)
            .field("proxy", &self.proxy.as_deref().map(crate::text::shown_url))
            .field("max_items", &self.max_items)
            .field("full_text", &self.full_text)
            .finish()
    }
}

impl FeedSettings {
    /// These settings, with what they leave unset taken from `other` (headers merged by name,
    /// ours winning). Basic auth is one setting: `username` and `password_command` come
    /// together from whichever side sets `username`.
    pub fn or(mut self, other: &FeedSettings) -> FeedSettings {
        self.refresh_minutes = self.refresh_minutes.or(other.refresh_minutes);
        self.user_agent = self.user_agent.or_else(|| other.user_agent.clone());
        if let Some(theirs) = &other.headers {
            let mut merged = theirs.clone();
            merged.extend(self.headers.take().unwrap_or_default());
            self.headers = Some(merged);
        }
        if self.username.is_none() && self.password_command.is_none() {
            self.username = other.username.clone();
            self.password_command = other.password_command.clone();
        }
        self.proxy = self.proxy.or_else(|| other.proxy.clone());
        self.max_items = self.max_items.or(other.max_items);
        self.full_text = self.full_text.or(other.full_text);
        self
    }

    /// Why these settings cannot work together, if they cannot.
    pub fn problem(&self) -> Option<&'static str> {
        match (&self.username, &self.password_command) {
            (Some(_), None) => Some("username needs a password_command (basic auth)"),
            (None, Some(_)) => Some("password_command needs a username (basic auth)"),
            _ => None,
        }
    }

    /// Whether anything here changes how the feed is fetched (agent, headers, auth, proxy).
    pub fn changes_requests(&self) -> bool {
        self.user_agent.is_some()
            || self.headers.as_ref().is_some_and(|h| !h.is_empty())
            || self.username.is_some()
            || self.proxy.is_some()
    }
}

/// A `[[feeds]]` entry as written: `url`, `name`, `tags`, `full_text` and the settings side
/// by side, unknown keys refused.
#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawFeed {
    url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    full_text: Option<FullTextMode>,
    #[serde(
        default,
        deserialize_with = "minutes",
        skip_serializing_if = "Option::is_none"
    )]
    refresh_minutes: Option<u64>,
    #[serde(
        default,
        deserialize_with = "user_agent",
        skip_serializing_if = "Option::is_none"
    )]
    user_agent: Option<String>,
    #[serde(
        default,
        deserialize_with = "headers",
        skip_serializing_if = "Option::is_none"
    )]
    headers: Option<BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    username: Option<String>,
    #[serde(
        default,
        deserialize_with = "command",
        skip_serializing_if = "Option::is_none"
    )]
    password_command: Option<Vec<String>>,
    #[serde(
        default,
        deserialize_with = "proxy",
        skip_serializing_if = "Option::is_none"
    )]
    proxy: Option<String>,
    #[serde(
        default,
        deserialize_with = "max_items",
        skip_serializing_if = "Option::is_none"
    )]
    max_items: Option<usize>,
}

impl From<RawFeed> for FeedConfig {
    fn from(r: RawFeed) -> FeedConfig {
        FeedConfig {
            url: r.url,
            name: r.name,
            tags: r.tags,
            full_text: r.full_text,
            settings: FeedSettings {
                refresh_minutes: r.refresh_minutes,
                user_agent: r.user_agent,
                headers: r.headers,
                username: r.username,
                password_command: r.password_command,
                proxy: r.proxy,
                max_items: r.max_items,
                full_text: None,
            },
        }
    }
}

impl From<FeedConfig> for RawFeed {
    fn from(f: FeedConfig) -> RawFeed {
        let s = f.settings;
        RawFeed {
            url: f.url,
            name: f.name,
            tags: f.tags,
            full_text: f.full_text,
            refresh_minutes: s.refresh_minutes,
            user_agent: s.user_agent,
            headers: s.headers,
            username: s.username,
            password_command: s.password_command,
            proxy: s.proxy,
            max_items: s.max_items,
        }
    }
}

impl Config {
    /// Fill each feed's settings from its tags: the feed's own value wins; of two tags setting
    /// the same key, the first in the feed's `tags` list wins. A combination that cannot work
    /// (a username without its password command) is an error naming its line.
    pub(super) fn resolve_feed_settings(
        &mut self,
        text: &str,
        file: &str,
    ) -> Result<(), ConfigError> {
        // The first line holding `needles[0]`, else `needles[1]`, ...: the quoted URL first,
        // so a feed whose URL begins another's (or a comment naming it) is not taken for it.
        let line_where = |needles: &[&str]| {
            needles
                .iter()
                .find_map(|n| text.lines().position(|l| l.contains(n)))
                .map_or(1, |i| i + 1)
        };
        for (name, tag) in &self.tags {
            if let Some(msg) = tag.problem() {
                return Err(ConfigError::Syntax {
                    file: file.to_string(),
                    line: line_where(&[
                        &format!("[tags.{name}]"),
                        &format!("[tags.\"{name}\"]"),
                        &format!("[tags.'{name}']"),
                    ]),
                    msg: format!("[tags.{name}]: {msg}"),
                });
            }
        }
        for f in &mut self.feeds {
            let mut s = f.settings.clone();
            for tag in &f.tags {
                if let Some(t) = self.tags.get(tag) {
                    s = s.or(t);
                }
            }
            if let Some(msg) = s.problem() {
                return Err(ConfigError::Syntax {
                    file: file.to_string(),
                    line: line_where(&[&format!("{:?}", f.url), &f.url]),
                    msg: format!("feed {:?}: {msg}", crate::text::shown_url(&f.url)),
                });
            }
            f.full_text = f.full_text.or(s.full_text.take());
            f.settings = s;
        }
        Ok(())
    }

    /// The feeds of `feeds` (id, URL, last fetch) not due at `now`: fetched less than their
    /// `refresh_minutes` ago. With `use_global`, a feed without its own period has the global
    /// `refresh_minutes` (the reader's timer; 0: never due); without, it is always due
    /// (`kabar refresh`, whose timer is cron's).
    pub fn not_due<'a>(
        &self,
        feeds: impl IntoIterator<Item = (i64, &'a str, Option<i64>)>,
        now: i64,
        use_global: bool,
    ) -> std::collections::HashSet<i64> {
        let periods: std::collections::HashMap<&str, u64> = self
            .feeds
            .iter()
            .filter_map(|f| Some((f.url.as_str(), f.settings.refresh_minutes?)))
            .collect();
        feeds
            .into_iter()
            .filter(|(_, url, last)| {
                let due = match periods.get(url) {
                    Some(m) => is_due(*m, *last, now),
                    // The reader's timer: a global 0 means "only by hand", also when some
                    // feed's own period keeps the timer running.
                    None if use_global => {
                        self.refresh_minutes > 0 && is_due(self.refresh_minutes, *last, now)
                    }
                    None => true,
                };
                !due
            })
            .map(|(id, ..)| id)
            .collect()
    }

    /// The shortest period of any feed (own, a tag's, or the global `refresh_minutes`), in
    /// minutes: how often the reader's timer looks for feeds that are due. 0: never.
    pub fn shortest_refresh_minutes(&self) -> u64 {
        self.feeds
            .iter()
            .filter_map(|f| f.settings.refresh_minutes)
            .chain(Some(self.refresh_minutes).filter(|m| *m > 0))
            .min()
            .unwrap_or(0)
    }

    /// The effective settings of the configured feed at `url` (none: the defaults).
    pub fn feed_settings(&self, url: &str) -> FeedSettings {
        self.feeds
            .iter()
            .find(|f| f.url == url)
            .map(|f| f.settings.clone())
            .unwrap_or_default()
    }
}

/// A feed counts as due this long before its period is over, so a timer (the reader's or
/// cron's) that fires just on time is not a whole round late: a tenth of the period, between
/// 30 seconds and five minutes.
pub fn due_slack(period_secs: i64) -> i64 {
    (period_secs / 10).clamp(30, 300)
}

/// Whether a feed fetched last at `last_fetch` (never: `None`) is due at `now` with a period
/// of `minutes`.
pub fn is_due(minutes: u64, last_fetch: Option<i64>, now: i64) -> bool {
    let period = i64::try_from(minutes.saturating_mul(60)).unwrap_or(i64::MAX);
    match last_fetch {
        None => true,
        Some(at) => now.saturating_sub(at).saturating_add(due_slack(period)) >= period,
    }
}

/// The headers kabar sets itself or that belong to the connection: not for the config.
const RESERVED_HEADERS: &[&str] = &[
    "host",
    "content-length",
    "transfer-encoding",
    "connection",
    "if-none-match",
    "if-modified-since",
];

fn custom<E: serde::de::Error>(msg: String) -> E {
    E::custom(msg)
}

fn minutes<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    match u64::deserialize(d)? {
        0 => Err(custom("refresh_minutes must be at least 1".into())),
        n => Ok(Some(n)),
    }
}

fn max_items<'de, D: Deserializer<'de>>(d: D) -> Result<Option<usize>, D::Error> {
    match usize::deserialize(d)? {
        0 => Err(custom("max_items must be at least 1".into())),
        n => Ok(Some(n)),
    }
}

fn user_agent<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let ua = String::deserialize(d)?;
    if ua.trim().is_empty() || reqwest::header::HeaderValue::from_str(&ua).is_err() {
        return Err(custom(format!(
            "user_agent {ua:?} is empty or not a valid header value"
        )));
    }
    Ok(Some(ua))
}

fn headers<'de, D: Deserializer<'de>>(d: D) -> Result<Option<BTreeMap<String, String>>, D::Error> {
    let map = BTreeMap::<String, String>::deserialize(d)?;
    for (name, value) in &map {
        if reqwest::header::HeaderName::from_bytes(name.as_bytes()).is_err() {
            return Err(custom(format!("header name {name:?} is not valid")));
        }
        if RESERVED_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
            return Err(custom(format!(
                "header {name:?} is set by kabar itself and cannot be configured"
            )));
        }
        // The value is not quoted: it may be a cookie.
        if reqwest::header::HeaderValue::from_str(value).is_err() {
            return Err(custom(format!(
                "the value of header {name:?} is not valid (no line breaks or control characters)"
            )));
        }
    }
    Ok(Some(map))
}

fn command<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    let argv = Vec::<String>::deserialize(d)?;
    if argv.first().is_none_or(|p| p.trim().is_empty()) {
        return Err(custom(
            "password_command is empty: give a program and its arguments, e.g. [\"pass\", \"show\", \"site\"]"
                .into(),
        ));
    }
    Ok(Some(argv))
}

fn proxy<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let s = String::deserialize(d)?;
    match url::Url::parse(s.trim()) {
        Ok(u)
            if matches!(u.scheme(), "http" | "https" | "socks5" | "socks5h")
                && u.host_str().is_some_and(|h| !h.is_empty()) =>
        {
            Ok(Some(s.trim().to_string()))
        }
        _ => Err(custom(format!(
            "proxy {:?} is not a proxy URL: use http://, https://, socks5:// or socks5h:// with a host",
            crate::text::shown_url(&s)
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_values_win_and_headers_merge() {
        let own = FeedSettings {
            user_agent: Some("mine".into()),
            headers: Some([("A".to_string(), "1".to_string())].into()),
            ..Default::default()
        };
        let tag = FeedSettings {
            user_agent: Some("tag".into()),
            proxy: Some("socks5h://127.0.0.1:9050".into()),
            headers: Some(
                [
                    ("A".to_string(), "0".to_string()),
                    ("B".to_string(), "2".to_string()),
                ]
                .into(),
            ),
            ..Default::default()
        };
        let s = own.or(&tag);
        assert_eq!(s.user_agent.as_deref(), Some("mine"));
        assert_eq!(s.proxy.as_deref(), Some("socks5h://127.0.0.1:9050"));
        let h = s.headers.unwrap_or_default();
        assert_eq!(h.get("A").map(String::as_str), Some("1"));
        assert_eq!(h.get("B").map(String::as_str), Some("2"));
    }

    #[test]
    fn due_with_slack() {
        assert!(is_due(60, None, 0));
        assert!(!is_due(60, Some(0), 60));
        assert!(!is_due(60, Some(0), 3000));
        assert!(is_due(60, Some(0), 3600 - 300));
        assert!(is_due(1, Some(0), 30));
        assert!(!is_due(1, Some(0), 29));
    }
}
