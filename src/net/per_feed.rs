//! Fetching a feed as its settings say (`[[feeds]]` / `[tags.NAME]`): its own User-Agent,
//! headers, basic auth (the password from a command, run when needed and never logged) and
//! proxy. One client per distinct proxy, built once (per refresh, or per reader session); a
//! feed with headers of its own is not redirected to another host (they would go along).

use crate::config::FeedSettings;
use crate::net::fetch::{FetchSettings, client_for_feed};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How long a `password_command` may run before it is stopped (a prompt nobody answers).
const PASSWORD_TIMEOUT: Duration = Duration::from_secs(30);

/// Why a feed's own settings kept it from being fetched. The password is never in it.
#[derive(Debug, Clone, PartialEq)]
pub enum SettingError {
    /// The password command could not start.
    CannotRun { program: String, detail: String },
    /// It exited with an error (or was stopped after `PASSWORD_TIMEOUT`).
    Failed { program: String, status: String },
    /// It printed no password.
    Empty { program: String },
    /// The proxy (shown without its credentials) could not be set up.
    Proxy { proxy: String, detail: String },
}

impl SettingError {
    /// The message for the user, in `lang`.
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        let clean = |s: &str| crate::text::sanitize::sanitize_line_capped(s, 200);
        let (key, args) = match self {
            SettingError::CannotRun { program, detail } => (
                "feedset.pw_cannot_run",
                vec![("program", clean(program)), ("e", clean(detail))],
            ),
            SettingError::Failed { program, status } => (
                "feedset.pw_failed",
                vec![("program", clean(program)), ("status", clean(status))],
            ),
            SettingError::Empty { program } => {
                ("feedset.pw_empty", vec![("program", clean(program))])
            }
            SettingError::Proxy { proxy, detail } => (
                "feedset.proxy_bad",
                vec![
                    ("proxy", crate::text::shown_url(proxy)),
                    ("e", clean(detail)),
                ],
            ),
        };
        crate::i18n::tf(lang, key, &args)
    }
}

/// What one request of a feed carries besides kabar's own headers. `Debug` hides the values.
#[derive(Clone, Default)]
pub struct RequestExtras {
    pub user_agent: Option<HeaderValue>,
    pub headers: HeaderMap,
    /// (user, password) for HTTP basic auth.
    pub basic: Option<(String, String)>,
}

impl std::fmt::Debug for RequestExtras {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RequestExtras")
            .field("user_agent", &self.user_agent)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("basic", &self.basic.as_ref().map(|(u, _)| (u, "***")))
            .finish()
    }
}

impl RequestExtras {
    /// Put these on `req` (after kabar's own headers, so a configured one replaces its own).
    pub fn apply(&self, mut req: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        if let Some(ua) = &self.user_agent {
            req = req.header(reqwest::header::USER_AGENT, ua.clone());
        }
        for (name, value) in &self.headers {
            req = req.header(name.clone(), value.clone());
        }
        if let Some((user, password)) = &self.basic {
            req = req.basic_auth(user, Some(password));
        }
        req
    }
}

/// The clients and settings of the configured feeds, shared by the downloads of a refresh (or
/// of a reader session). Cheap to clone.
#[derive(Clone)]
pub struct FeedHttp {
    /// Settings by feed URL; only feeds with some.
    settings: Arc<HashMap<String, FeedSettings>>,
    default: reqwest::Client,
    /// One client per distinct (proxy URL, same host only), or why it could not be built;
    /// `(None, false)` is `default`.
    proxied: Arc<HashMap<ClientKey, Result<reqwest::Client, SettingError>>>,
    /// Passwords already read in this refresh or session, by command: a tag's command runs
    /// once, not once per feed.
    passwords: Arc<Mutex<Passwords>>,
}

impl std::fmt::Debug for FeedHttp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FeedHttp")
            .field("feeds", &self.settings.len())
            .field("proxies", &self.proxied.len())
            .finish()
    }
}

impl FeedHttp {
    /// Build the clients: `default` for feeds without a proxy or headers of their own, and one
    /// per distinct `ClientKey` in `settings` (each with `idle_per_host` idle connections).
    /// A proxy's host may be private (a proxy on this machine is the user's choice), for its
    /// own client only: feeds' links do not become trusted to reach it.
    pub fn new(
        fetch: &FetchSettings,
        default: reqwest::Client,
        idle_per_host: usize,
        settings: Arc<HashMap<String, FeedSettings>>,
    ) -> FeedHttp {
        let mut proxied = HashMap::new();
        for key in settings.values().map(client_key) {
            if key == (None, false) || proxied.contains_key(&key) {
                continue;
            }
            let proxy = key.0.as_deref();
            // The proxy URL may hold a user and password: never in a message or `Debug`.
            let built = client_for_feed(fetch, idle_per_host, proxy, key.1).map_err(|e| {
                let p = proxy.unwrap_or_default();
                SettingError::Proxy {
                    proxy: crate::text::shown_url(p),
                    detail: e.replace(p, &crate::text::shown_url(p)),
                }
            });
            proxied.insert(key, built);
        }
        FeedHttp {
            settings,
            default,
            proxied: Arc::new(proxied),
            passwords: Arc::default(),
        }
    }

    /// The settings of the configured feeds, by URL (those with any).
    pub fn settings_of(config: &crate::config::Config) -> Arc<HashMap<String, FeedSettings>> {
        Arc::new(
            config
                .feeds
                .iter()
                .filter(|f| f.settings != FeedSettings::default())
                .map(|f| (f.url.clone(), f.settings.clone()))
                .collect(),
        )
    }

    /// The settings of the feed at `url` (none: the defaults).
    pub fn settings(&self, url: &str) -> Option<&FeedSettings> {
        self.settings.get(url)
    }

    /// The client and request extras for the feed at `feed_url` (its password command run
    /// now, unless this refresh already ran it).
    pub async fn for_feed(
        &self,
        feed_url: &str,
    ) -> Result<(reqwest::Client, RequestExtras), SettingError> {
        let Some(s) = self.settings.get(feed_url) else {
            return Ok((self.default.clone(), RequestExtras::default()));
        };
        let client = match self.proxied.get(&client_key(s)) {
            None => self.default.clone(),
            Some(Ok(c)) => c.clone(),
            Some(Err(e)) => return Err(e.clone()),
        };
        let mut extras = RequestExtras {
            // Checked when the config was read; a value that fails here is left out.
            user_agent: s
                .user_agent
                .as_deref()
                .and_then(|ua| HeaderValue::from_str(ua).ok()),
            ..RequestExtras::default()
        };
        for (name, value) in s.headers.iter().flatten() {
            if let (Ok(n), Ok(mut v)) = (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(value),
            ) {
                v.set_sensitive(true);
                extras.headers.insert(n, v);
            }
        }
        if let (Some(user), Some(argv)) = (&s.username, &s.password_command) {
            extras.basic = Some((user.clone(), self.password(argv).await?));
        }
        Ok((client, extras))
    }

    async fn password(&self, argv: &[String]) -> Result<String, SettingError> {
        let known = self
            .passwords
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(argv)
            .cloned();
        if let Some(known) = known {
            return known;
        }
        let owned = argv.to_vec();
        let got = tokio::task::spawn_blocking(move || run_password_command(&owned))
            .await
            .unwrap_or_else(|e| {
                Err(SettingError::CannotRun {
                    program: argv.first().cloned().unwrap_or_default(),
                    detail: e.to_string(),
                })
            });
        self.passwords
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(argv.to_vec(), got.clone());
        got
    }
}

/// Passwords read (or why not), by `password_command`.
type Passwords = HashMap<Vec<String>, Result<String, SettingError>>;

/// Which client a feed needs: its proxy, and whether it must not follow a redirect to
/// another host (a header of its own that the library would not drop there).
type ClientKey = (Option<String>, bool);

fn client_key(s: &FeedSettings) -> ClientKey {
    let own_header = s.headers.iter().flatten().any(|(name, _)| {
        !name.eq_ignore_ascii_case("cookie") && !name.eq_ignore_ascii_case("authorization")
    });
    (s.proxy.clone(), own_header)
}

/// Run `argv` (no shell; stdin empty, stderr dropped since it may echo the secret) and take
/// the first line of what it prints, trimmed.
pub fn run_password_command(argv: &[String]) -> Result<String, SettingError> {
    run_within(argv, PASSWORD_TIMEOUT)
}

fn run_within(argv: &[String], timeout: Duration) -> Result<String, SettingError> {
    use std::io::Read;
    let Some((program, args)) = argv.split_first() else {
        return Err(SettingError::Empty {
            program: String::new(),
        });
    };
    let mut child = std::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| SettingError::CannotRun {
            program: program.clone(),
            detail: e.to_string(),
        })?;
    // Read on a thread while this one watches the clock: a command that waits for a prompt
    // is stopped, not waited for.
    let mut stdout = child.stdout.take();
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        if let Some(s) = stdout.as_mut() {
            let _ = s.take(64 * 1024).read_to_end(&mut out);
        }
        out
    });
    let started = std::time::Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() < timeout => {
                std::thread::sleep(Duration::from_millis(20));
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
        }
    };
    let Some(status) = status else {
        return Err(SettingError::Failed {
            program: program.clone(),
            status: format!("no answer in {} s", timeout.as_secs()),
        });
    };
    let out = reader.join().unwrap_or_default();
    if !status.success() {
        return Err(SettingError::Failed {
            program: program.clone(),
            status: status.to_string(),
        });
    }
    let text = String::from_utf8_lossy(&out);
    let line = text.lines().next().unwrap_or("").trim();
    if line.is_empty() {
        return Err(SettingError::Empty {
            program: program.clone(),
        });
    }
    Ok(line.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_command_is_an_argv_not_a_shell_line() {
        let got = run_password_command(&argv(&["printf", "%s\\n", "a b; echo x"]));
        assert_eq!(got, Ok("a b; echo x".to_string()));
    }

    #[test]
    fn a_failure_says_the_program_and_status_never_the_output() {
        let got = run_password_command(&argv(&["sh", "-c", "echo s3cret; exit 3"]));
        let Err(e) = got else { panic!("{got:?}") };
        let msg = e.message(crate::i18n::Lang::En);
        assert!(msg.contains("sh") && msg.contains('3'), "{msg}");
        assert!(!msg.contains("s3cret") && !format!("{e:?}").contains("s3cret"));
        let none = run_password_command(&argv(&["/nonexistent/kabar-pw"]));
        assert!(
            matches!(none, Err(SettingError::CannotRun { .. })),
            "{none:?}"
        );
        let empty = run_password_command(&argv(&["true"]));
        assert!(
            matches!(empty, Err(SettingError::Empty { .. })),
            "{empty:?}"
        );
    }

    #[test]
    fn a_command_that_hangs_is_stopped() {
        let got = run_within(&argv(&["sleep", "60"]), Duration::from_secs(1));
        assert!(
            matches!(&got, Err(SettingError::Failed { status, .. }) if status.contains("no answer")),
            "{got:?}"
        );
    }

    #[test]
    fn debug_hides_header_values_and_the_password() {
        let mut extras = RequestExtras {
            basic: Some(("ani".into(), "s3cret".into())),
            ..RequestExtras::default()
        };
        extras
            .headers
            .insert("x-token", HeaderValue::from_static("t0k3n"));
        let shown = format!("{extras:?}");
        assert!(
            !shown.contains("s3cret") && !shown.contains("t0k3n"),
            "{shown}"
        );
    }
}
