//! The `[sync]` section: which aggregator server kabar syncs with, and where its secret comes from.

use serde::Deserialize;

/// The protocol the server speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SyncKind {
    /// Miniflux's REST API (`/v1/…`).
    Miniflux,
    /// The Google Reader API (FreshRSS, Inoreader, The Old Reader, Miniflux).
    Greader,
}

impl SyncKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SyncKind::Miniflux => "miniflux",
            SyncKind::Greader => "greader",
        }
    }
}

/// `[sync]` as written. The secret (an API key for Miniflux, a password for Google Reader or
/// Miniflux basic auth) comes from exactly one of: a command (argument vector, no shell), an
/// environment variable, or the file itself. `Debug` never prints a secret.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SyncConfig {
    pub kind: SyncKind,
    /// The server's address (for FreshRSS, its `…/api/greader.php`).
    pub url: String,
    /// Needed for Google Reader and for Miniflux with a password; not with an API key.
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub api_key_command: Option<Vec<String>>,
    #[serde(default)]
    pub password_command: Option<Vec<String>>,
    #[serde(default)]
    pub api_key_env: Option<String>,
    #[serde(default)]
    pub password_env: Option<String>,
    /// Written in config.toml: works, but kabar warns unless the file is private (0600).
    #[serde(default)]
    pub api_key: Option<String>,
    #[serde(default)]
    pub password: Option<String>,
}

/// Where the secret comes from, as configured.
#[derive(Clone, PartialEq, Eq)]
pub enum SecretSource<'a> {
    Command(&'a [String]),
    Env(&'a str),
    Inline(&'a str),
}

/// Whether the secret is an API key (Miniflux's `X-Auth-Token`) or a password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretRole {
    ApiKey,
    Password,
}

impl std::fmt::Debug for SyncConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let hidden = |s: &Option<String>| s.as_ref().map(|_| "***");
        f.debug_struct("SyncConfig")
            .field("kind", &self.kind)
            .field("url", &crate::text::shown_url(&self.url))
            .field("username", &self.username)
            .field("api_key_command", &self.api_key_command)
            .field("password_command", &self.password_command)
            .field("api_key_env", &self.api_key_env)
            .field("password_env", &self.password_env)
            .field("api_key", &hidden(&self.api_key))
            .field("password", &hidden(&self.password))
            .finish()
    }
}

impl SyncConfig {
    /// The one configured secret source, and whether it is a key or a password.
    pub fn secret(&self) -> Option<(SecretRole, SecretSource<'_>)> {
        let key = (self.api_key_command.as_deref().map(SecretSource::Command))
            .or(self.api_key_env.as_deref().map(SecretSource::Env))
            .or(self.api_key.as_deref().map(SecretSource::Inline));
        let pw = (self.password_command.as_deref().map(SecretSource::Command))
            .or(self.password_env.as_deref().map(SecretSource::Env))
            .or(self.password.as_deref().map(SecretSource::Inline));
        key.map(|k| (SecretRole::ApiKey, k))
            .or(pw.map(|p| (SecretRole::Password, p)))
    }

    /// What identifies the account in the store (the last sync is kept per account).
    pub fn account(&self) -> String {
        format!(
            "{}:{}:{}",
            self.kind.as_str(),
            self.url.trim().trim_end_matches('/'),
            self.username.as_deref().unwrap_or("")
        )
    }

    /// Does the file hold the secret itself?
    pub fn secret_in_file(&self) -> bool {
        matches!(self.secret(), Some((_, SecretSource::Inline(_))))
    }

    /// Why this section cannot work, if it cannot (the message names the key).
    pub fn problem(&self) -> Option<(&'static str, String)> {
        match url::Url::parse(self.url.trim()) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => {}
            _ => {
                return Some((
                    "url",
                    format!("[sync] url {:?} is not an http(s) URL", self.url),
                ));
            }
        }
        let sources = [
            self.api_key_command.is_some(),
            self.password_command.is_some(),
            self.api_key_env.is_some(),
            self.password_env.is_some(),
            self.api_key.is_some(),
            self.password.is_some(),
        ];
        match sources.iter().filter(|s| **s).count() {
            0 => {
                return Some((
                    "kind",
                    "[sync] needs a secret: api_key_command, password_command, api_key_env, \
                     password_env, api_key or password"
                        .into(),
                ));
            }
            1 => {}
            _ => {
                return Some((
                    "kind",
                    "[sync]: give the secret one way only (one of api_key_command, \
                     password_command, api_key_env, password_env, api_key, password)"
                        .into(),
                ));
            }
        }
        if let Some(c) = self
            .api_key_command
            .as_ref()
            .or(self.password_command.as_ref())
            && c.first().is_none_or(|p| p.trim().is_empty())
        {
            return Some((
                "_command",
                "[sync]: a secret command is an argument list, e.g. [\"pass\", \"show\", \"rss\"]"
                    .into(),
            ));
        }
        let needs_user = matches!(
            (self.kind, self.secret()),
            (SyncKind::Greader, _) | (SyncKind::Miniflux, Some((SecretRole::Password, _)))
        );
        if needs_user && self.username.as_deref().is_none_or(|u| u.trim().is_empty()) {
            return Some((
                "kind",
                "[sync]: username is needed with a password (and for kind = \"greader\")".into(),
            ));
        }
        if self.kind == SyncKind::Greader && matches!(self.secret(), Some((SecretRole::ApiKey, _)))
        {
            return Some((
                "kind",
                "[sync]: a Google Reader server takes a password (password_command, \
                 password_env or password), not an API key"
                    .into(),
            ));
        }
        None
    }

    /// The warning to give when the secret is in `path` and others may read the file.
    pub fn file_secret_warning(&self, path: &std::path::Path) -> Option<String> {
        if !self.secret_in_file() {
            return None;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(path).ok()?.permissions().mode();
            if mode & 0o077 != 0 {
                return Some(format!(
                    "{} holds the [sync] secret but others may read it (mode {:o}); \
                     run: chmod 600 {}",
                    path.display(),
                    mode & 0o777,
                    path.display()
                ));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> SyncConfig {
        toml::from_str(text).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn debug_hides_the_secret() {
        let c = parse("kind = \"miniflux\"\nurl = \"https://rss.example\"\napi_key = \"s3cret\"\n");
        assert!(!format!("{c:?}").contains("s3cret"));
        assert!(c.secret_in_file());
        assert_eq!(c.problem(), None);
    }

    #[test]
    fn problems_name_what_is_wrong() {
        let c = parse("kind = \"greader\"\nurl = \"https://x\"\npassword_env = \"PW\"\n");
        assert!(c.problem().is_some_and(|(_, m)| m.contains("username")));
        let c = parse(
            "kind = \"miniflux\"\nurl = \"https://x\"\napi_key_env = \"K\"\npassword_env = \"P\"\n",
        );
        assert!(c.problem().is_some_and(|(_, m)| m.contains("one way")));
        let c = parse("kind = \"miniflux\"\nurl = \"ftp://x\"\napi_key_env = \"K\"\n");
        assert!(c.problem().is_some_and(|(k, _)| k == "url"));
        let c = parse("kind = \"miniflux\"\nurl = \"https://x\"\napi_key_command = []\n");
        assert!(c.problem().is_some());
    }
}
