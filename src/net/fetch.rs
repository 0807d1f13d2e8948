//! Downloading feeds and pages: conditional GET, timeouts, redirect limit, streamed byte cap.

use std::time::Duration;

use tokio::time::Instant;

use crate::net::private::{GuardedResolver, NetPolicy, PrivateAddress};

/// A download that brings fewer bytes per second than this, averaged over `timeout`, is
/// given up as too slow (curl's low-speed limit). A slow link shared by many downloads
/// still gives each of them far more; a server dripping a byte at a time does not.
pub const MIN_BYTES_PER_SEC: u64 = 64;

/// No download runs longer than this many times `timeout`, however it trickles.
pub const TOTAL_TIMEOUT_FACTOR: u32 = 15;

/// Network limits shared by refresh and full-article fetch.
#[derive(Debug, Clone)]
pub struct FetchSettings {
    /// Limit for connecting and getting the response headers, and for each stretch of a
    /// body that must bring at least `MIN_BYTES_PER_SEC` (a download in progress is not
    /// cut off just because a slow link is shared by many).
    pub timeout: Duration,
    /// Hard limit for a whole download.
    pub total_timeout: Duration,
    pub connect_timeout: Duration,
    pub max_bytes: u64,
    pub user_agent: String,
    pub max_redirects: usize,
    /// Which hosts may lead to private addresses; shared with the clients built from these
    /// settings (their resolver and redirect policy).
    pub policy: std::sync::Arc<NetPolicy>,
}

impl FetchSettings {
    pub fn from_config(c: &crate::config::Config) -> Self {
        let timeout = Duration::from_secs(c.timeout_seconds.max(1));
        FetchSettings {
            timeout,
            total_timeout: timeout * TOTAL_TIMEOUT_FACTOR,
            connect_timeout: timeout.min(Duration::from_secs(10)),
            max_bytes: c.max_feed_bytes,
            user_agent: crate::text::sanitize_line(&c.user_agent),
            max_redirects: 5,
            policy: NetPolicy::new(
                c.allow_private_links,
                c.feeds.iter().map(|f| f.url.as_str()),
            ),
        }
    }
}

/// What a successful request gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Fetched {
    /// 304: the copy we have is current.
    NotModified,
    Body {
        bytes: Vec<u8>,
        etag: Option<String>,
        last_modified: Option<String>,
        content_type: Option<String>,
        final_url: String,
    },
}

/// Why a download failed: the kind, with its detail. Shown to the user through
/// [`FetchError::message`] in the interface language; `Display` is the English text, for the log.
#[derive(Debug, Clone, PartialEq)]
pub enum FetchError {
    Status {
        status: u16,
    },
    /// HTTP 429; seconds to wait.
    TooMany(u64),
    /// Seconds waited.
    Timeout(u64),
    /// Seconds over which fewer than [`MIN_BYTES_PER_SEC`] came.
    TooSlow(u64),
    /// The byte cap.
    TooLarge(u64),
    /// HTTP 503; seconds to wait.
    Unavailable(u64),
    Redirects,
    /// A redirect to no http(s) `Location`.
    RedirectRefused,
    /// A redirect to another host of a feed with headers of its own ([`LeavesHost`]).
    RedirectOffHost,
    /// The host name did not resolve. `detail` (every field named so) is the HTTP library's
    /// chain of causes, for the log only: the reader is shown words, not library text.
    Dns {
        host: String,
        detail: String,
    },
    /// Nothing listens there (connection refused).
    Refused {
        host: String,
        detail: String,
    },
    /// The TLS handshake failed (certificate not trusted, protocol mismatch).
    Tls {
        host: String,
        detail: String,
    },
    /// Any other failure to connect (reset, unreachable network, ...).
    Connect {
        host: String,
        detail: String,
    },
    /// A link or redirect that would reach a private address from a host not trusted
    /// (see `net::private`).
    Private {
        host: String,
    },
    /// The body broke off.
    Body(String),
    Url(String),
    /// The feed's own settings failed (its password command, its proxy).
    Setting(crate::net::per_feed::SettingError),
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(crate::i18n::Lang::En))
    }
}

impl std::error::Error for FetchError {}

impl FetchError {
    /// The message for the user, in `lang`.
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        let n = |v: &u64| v.to_string();
        let (key, args) = match self {
            FetchError::Setting(e) => return e.message(lang),
            FetchError::Status { status } => {
                ("err.fetch.status", vec![("status", status.to_string())])
            }
            FetchError::TooMany(s) => ("err.fetch.too_many", vec![("s", n(s))]),
            FetchError::Timeout(s) => ("err.fetch.timeout", vec![("s", n(s))]),
            FetchError::TooSlow(s) => (
                "err.fetch.too_slow",
                vec![("min", MIN_BYTES_PER_SEC.to_string()), ("s", n(s))],
            ),
            FetchError::TooLarge(b) => ("err.fetch.too_large", vec![("bytes", n(b))]),
            FetchError::Unavailable(s) => ("err.fetch.unavailable", vec![("s", n(s))]),
            FetchError::Redirects => ("err.fetch.redirects", vec![]),
            FetchError::RedirectOffHost => ("feedset.redirect_off_host", vec![]),
            FetchError::RedirectRefused => ("err.fetch.redirect_refused", vec![]),
            FetchError::Dns { host, .. } => ("err.fetch.dns", vec![("host", host.clone())]),
            FetchError::Refused { host, .. } => ("err.fetch.refused", vec![("host", host.clone())]),
            FetchError::Tls { host, .. } => ("err.fetch.tls", vec![("host", host.clone())]),
            FetchError::Connect { host, .. } => ("err.fetch.connect", vec![("host", host.clone())]),
            FetchError::Private { host } => ("err.fetch.private", vec![("host", host.clone())]),
            FetchError::Body(_) => ("err.fetch.body", vec![]),
            FetchError::Url(d) => ("err.fetch.url", vec![("detail", d.clone())]),
        };
        crate::i18n::tf(lang, key, &args)
    }

    /// The HTTP library's own words for what went wrong, for the log (not shown to readers).
    pub fn detail(&self) -> Option<&str> {
        match self {
            FetchError::Dns { detail, .. }
            | FetchError::Refused { detail, .. }
            | FetchError::Tls { detail, .. }
            | FetchError::Connect { detail, .. }
            | FetchError::Body(detail)
            | FetchError::Url(detail) => Some(detail),
            _ => None,
        }
    }

    /// Seconds to wait before asking this server again, when it said so.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            FetchError::TooMany(s) | FetchError::Unavailable(s) => Some(*s),
            _ => None,
        }
    }
}

/// Build the one HTTP client kabar uses.
pub fn client(s: &FetchSettings) -> reqwest::Client {
    client_with_idle(s, 4)
}

/// The client of a refresh: at most `per_host` idle connections per host, for a moment. An
/// idle connection keeps its read buffer (often 100-200 KB after a feed), so a refresh keeps
/// one open only when another feed of the same host is waiting for it (see `get_within`'s
/// `keep_alive`).
pub fn refresh_client(s: &FetchSettings, per_host: usize) -> reqwest::Client {
    client_with_idle(s, per_host)
}

fn client_with_idle(s: &FetchSettings, idle_per_host: usize) -> reqwest::Client {
    builder(s, idle_per_host)
        .build()
        .unwrap_or_else(|_| reqwest::Client::new())
}

/// A client like the refresh's for a feed's own settings: through `proxy` when given (http,
/// https, socks5 or socks5h; with socks5h the proxy resolves names, which Tor needs), and with
/// `same_host` following no redirect to another host (nor from https to http): the feed's own
/// headers would go along, and only `Authorization` and `Cookie` are dropped by the library.
/// The error is the library's words.
pub fn client_for_feed(
    s: &FetchSettings,
    idle_per_host: usize,
    proxy: Option<&str>,
    same_host: bool,
) -> Result<reqwest::Client, String> {
    let mut b = builder_with(s, idle_per_host, same_host);
    if let Some(proxy) = proxy {
        // A proxy of our own also turns off the environment's (HTTP_PROXY, NO_PROXY). The
        // proxy may be on this machine (Tor): its name alone may resolve to a private address.
        b = b.proxy(reqwest::Proxy::all(proxy).map_err(|e| e.to_string())?);
        if !s.policy.allows_private() {
            let resolver = GuardedResolver::for_proxy(s.policy.clone(), proxy);
            b = b.dns_resolver(std::sync::Arc::new(resolver));
        }
    }
    b.build().map_err(|e| e.to_string())
}

fn builder(s: &FetchSettings, idle_per_host: usize) -> reqwest::ClientBuilder {
    builder_with(s, idle_per_host, false)
}

/// The redirect policy's refusal of a redirect to another host (see [`client_for_feed`]).
#[derive(Debug)]
pub struct LeavesHost;

impl std::fmt::Display for LeavesHost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("redirect to another host, not followed with the feed's own headers")
    }
}

impl std::error::Error for LeavesHost {}

/// Whether one of `e`'s causes is a `T`.
fn cause_is<T: std::error::Error + 'static>(e: &reqwest::Error) -> bool {
    let mut src: Option<&dyn std::error::Error> = Some(e);
    while let Some(cur) = src {
        if cur.is::<T>() {
            return true;
        }
        src = cur.source();
    }
    false
}

/// Whether a redirect from `from` to `to` leaves the host (or drops https).
fn leaves_host(from: &url::Url, to: &url::Url) -> bool {
    from.host_str() != to.host_str() || (from.scheme() == "https" && to.scheme() != "https")
}

fn builder_with(
    s: &FetchSettings,
    idle_per_host: usize,
    same_host: bool,
) -> reqwest::ClientBuilder {
    let max = s.max_redirects;
    let policy = s.policy.clone();
    let mut builder = reqwest::Client::builder();
    if !policy.allows_private() {
        builder = builder.dns_resolver(std::sync::Arc::new(GuardedResolver::new(policy.clone())));
    }
    builder
        .user_agent(s.user_agent.clone())
        .connect_timeout(s.connect_timeout)
        // Headers and body progress are timed in `get_within`; this is the backstop.
        .timeout(s.total_timeout)
        .redirect(reqwest::redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() >= max {
                attempt.error("too many redirects")
            } else if !matches!(attempt.url().scheme(), "http" | "https") {
                attempt.stop()
            } else if same_host
                && attempt
                    .previous()
                    .first()
                    .is_some_and(|from| leaves_host(from, attempt.url()))
            {
                attempt.error(LeavesHost)
            } else if let Err(e) = policy.check_url(attempt.url()) {
                attempt.error(e)
            } else {
                attempt.follow()
            }
        }))
        .pool_max_idle_per_host(idle_per_host)
        .pool_idle_timeout(Duration::from_secs(5))
}

/// GET `url`, conditionally when `etag`/`last_modified` are known, reading at most
/// `max_bytes` of the (decompressed) body.
pub async fn get(
    client: &reqwest::Client,
    s: &FetchSettings,
    url: &str,
    etag: Option<&str>,
    last_modified: Option<&str>,
) -> Result<Fetched, FetchError> {
    get_within(client, s, url, etag, last_modified, None, true)
        .await
        .map(|(f, _)| f)
}

/// `get`, reserving memory for the body from `budget` (see `BodyBudget`); the reservation is
/// returned with the body and freed when it is dropped. Without `keep_alive` the server is
/// asked to close the connection after answering (nothing else will use it).
pub async fn get_within(
    client: &reqwest::Client,
    s: &FetchSettings,
    url: &str,
    etag: Option<&str>,
    last_modified: Option<&str>,
    budget: Option<&crate::net::limit::BodyBudget>,
    keep_alive: bool,
) -> Result<(Fetched, Option<tokio::sync::OwnedSemaphorePermit>), FetchError> {
    let asked = Asked {
        etag,
        last_modified,
        keep_alive,
        extras: None,
    };
    get_asking(client, s, url, asked, budget).await
}

/// What a request asks for besides its URL: the conditional-GET validators, whether the
/// connection stays open, and a feed's own headers, agent and auth (`net::per_feed`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Asked<'a> {
    pub etag: Option<&'a str>,
    pub last_modified: Option<&'a str>,
    pub keep_alive: bool,
    pub extras: Option<&'a crate::net::per_feed::RequestExtras>,
}

/// [`get_within`] with everything a request asks for in one [`Asked`].
pub async fn get_asking(
    client: &reqwest::Client,
    s: &FetchSettings,
    url: &str,
    asked: Asked<'_>,
    budget: Option<&crate::net::limit::BodyBudget>,
) -> Result<(Fetched, Option<tokio::sync::OwnedSemaphorePermit>), FetchError> {
    let got = get_unlogged(client, s, url, asked, budget).await;
    if let Err(e) = &got
        && let Some(detail) = e.detail()
    {
        // The reader sees `e` in words; the library's own chain is kept here.
        let url = crate::text::sanitize::sanitize_line_capped(url, 300);
        tracing::info!(%url, "download failed: {e}: {detail}");
    }
    got
}

async fn get_unlogged(
    client: &reqwest::Client,
    s: &FetchSettings,
    url: &str,
    asked: Asked<'_>,
    budget: Option<&crate::net::limit::BodyBudget>,
) -> Result<(Fetched, Option<tokio::sync::OwnedSemaphorePermit>), FetchError> {
    let Asked {
        etag,
        last_modified,
        keep_alive,
        extras,
    } = asked;
    let parsed = url::Url::parse(url).map_err(|e| FetchError::Url(e.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(FetchError::Url(format!(
            "scheme {} not allowed",
            parsed.scheme()
        )));
    }
    s.policy
        .check_url(&parsed)
        .map_err(|PrivateAddress { host }| FetchError::Private { host })?;
    let mut req = client.get(parsed).header(
        reqwest::header::ACCEPT,
        "application/rss+xml, application/atom+xml, application/feed+json, \
         application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8",
    );
    if let Some(e) = etag {
        req = req.header(reqwest::header::IF_NONE_MATCH, e);
    }
    if let Some(lm) = last_modified {
        req = req.header(reqwest::header::IF_MODIFIED_SINCE, lm);
    }
    if !keep_alive {
        req = req.header(reqwest::header::CONNECTION, "close");
    }
    if let Some(x) = extras {
        req = x.apply(req);
    }
    let secs = s.timeout.as_secs();
    let total_secs = s.total_timeout.as_secs();
    // Wait for a turn before asking: no timeout runs while a download only waits.
    let mut permit = match budget {
        Some(b) => b.reserve().await,
        None => None,
    };
    let mut resp = tokio::time::timeout(s.timeout, req.send())
        .await
        .map_err(|_| FetchError::Timeout(secs))?
        .map_err(|e| classify(e, total_secs))?;
    let status = resp.status();
    if status == reqwest::StatusCode::NOT_MODIFIED {
        return Ok((Fetched::NotModified, None));
    }
    let retry_after = resp
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(parse_retry_after);
    if status == reqwest::StatusCode::TOO_MANY_REQUESTS {
        return Err(FetchError::TooMany(retry_after.unwrap_or(3600)));
    }
    if status == reqwest::StatusCode::SERVICE_UNAVAILABLE
        && let Some(wait) = retry_after
    {
        return Err(FetchError::Unavailable(wait));
    }
    if status.is_redirection() {
        // The redirect policy stopped here: a Location that is missing or not http(s).
        return Err(FetchError::RedirectRefused);
    }
    if !status.is_success() {
        return Err(FetchError::Status {
            status: status.as_u16(),
        });
    }
    let header = |name| {
        resp.headers()
            .get(name)
            .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
            .map(crate::text::sanitize_line)
            .filter(|v| !v.is_empty() && v.len() < 1024)
    };
    let etag = header(reqwest::header::ETAG);
    let last_modified = header(reqwest::header::LAST_MODIFIED);
    let content_type = header(reqwest::header::CONTENT_TYPE);
    let final_url = resp.url().to_string();
    if let Some(len) = resp.content_length()
        && len > s.max_bytes
        && resp
            .headers()
            .get(reqwest::header::CONTENT_ENCODING)
            .is_none()
    {
        return Err(FetchError::TooLarge(s.max_bytes));
    }
    // Room for the body before it is read (a short wait while bodies already downloaded go
    // to the writer); the body's clock starts after it.
    if let (Some(b), Some(p)) = (budget, permit.as_mut()) {
        b.grow(
            p,
            resp.content_length().map(|l| l.min(s.max_bytes)),
            s.timeout,
        )
        .await;
    }
    // Sized from the header when there is one, but no larger than one body's share of the
    // budget: a header may promise what never comes.
    let first = budget.map_or(s.max_bytes, |b| b.share_bytes());
    let mut bytes = Vec::with_capacity(
        resp.content_length()
            .unwrap_or(0)
            .min(s.max_bytes)
            .min(first) as usize,
    );
    // The body is read in stretches of `timeout`, each of which must bring enough bytes.
    let min_per_stretch = MIN_BYTES_PER_SEC * secs.max(1);
    let mut stretch_end = Instant::now() + s.timeout;
    let mut in_stretch = 0u64;
    loop {
        let got = match tokio::time::timeout_at(stretch_end, resp.chunk()).await {
            Ok(r) => Some(r.map_err(|e| classify_body(e, total_secs))?),
            Err(_) => None, // the stretch ended while waiting
        };
        match got {
            Some(None) => break,
            Some(Some(chunk)) => {
                // Counted after decompression, so a gzip bomb stops at the cap too.
                if bytes.len() as u64 + chunk.len() as u64 > s.max_bytes {
                    return Err(FetchError::TooLarge(s.max_bytes));
                }
                in_stretch += chunk.len() as u64;
                bytes.extend_from_slice(&chunk);
                if let (Some(b), Some(p)) = (budget, permit.as_mut()) {
                    b.settle(p, bytes.capacity() as u64);
                }
            }
            None => {}
        }
        let now = Instant::now();
        if now >= stretch_end {
            if in_stretch == 0 {
                return Err(FetchError::Timeout(secs));
            }
            if in_stretch < min_per_stretch {
                return Err(FetchError::TooSlow(secs));
            }
            stretch_end = now + s.timeout;
            in_stretch = 0;
        }
    }
    if let (Some(b), Some(p)) = (budget, permit.as_mut()) {
        b.settle(p, bytes.len() as u64);
    }
    Ok((
        Fetched::Body {
            bytes,
            etag,
            last_modified,
            content_type,
            final_url,
        },
        permit,
    ))
}

/// `Retry-After` is seconds or an HTTP date; capped at a day.
fn parse_retry_after(v: &str) -> Option<u64> {
    let v = v.trim();
    if let Ok(n) = v.parse::<u64>() {
        return Some(n.min(86_400));
    }
    let when = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let secs = when.timestamp() - chrono::Utc::now().timestamp();
    Some(secs.clamp(0, 86_400) as u64)
}

fn classify(e: reqwest::Error, secs: u64) -> FetchError {
    if let Some(host) = private_cause(&e) {
        FetchError::Private { host }
    } else if e.is_timeout() {
        FetchError::Timeout(secs)
    } else if cause_is::<LeavesHost>(&e) {
        FetchError::RedirectOffHost
    } else if e.is_redirect() {
        FetchError::Redirects
    } else if e.is_body() || e.is_decode() {
        FetchError::Body(chain(&e))
    } else {
        classify_connect(&e, secs)
    }
}

fn classify_body(e: reqwest::Error, secs: u64) -> FetchError {
    if e.is_timeout() {
        FetchError::Timeout(secs)
    } else {
        FetchError::Body(chain(&e))
    }
}

/// Which of DNS, refused, TLS or another connection failure `e` is. The HTTP library gives
/// no kinds for these, so they are read off its chain of causes: an I/O error's kind where
/// there is one, else the words hyper and rustls use.
fn classify_connect(e: &reqwest::Error, secs: u64) -> FetchError {
    let host = e
        .url()
        .and_then(|u| u.host_str())
        .map(|h| crate::text::sanitize::sanitize_line_capped(h, 100))
        .unwrap_or_default();
    let detail = chain(e);
    let mut src: Option<&dyn std::error::Error> = Some(e);
    let mut refused = false;
    let mut timed_out = false;
    while let Some(cur) = src {
        if let Some(io) = cur.downcast_ref::<std::io::Error>() {
            refused |= io.kind() == std::io::ErrorKind::ConnectionRefused;
            timed_out |= io.kind() == std::io::ErrorKind::TimedOut;
        }
        src = cur.source();
    }
    let lower = detail.to_ascii_lowercase();
    if refused {
        FetchError::Refused { host, detail }
    } else if lower.contains("dns error") || lower.contains("failed to lookup address") {
        FetchError::Dns { host, detail }
    } else if timed_out {
        FetchError::Timeout(secs)
    } else if [
        "certificate",
        "tls",
        "handshake",
        "corrupt message",
        "alert",
    ]
    .iter()
    .any(|w| lower.contains(w))
    {
        FetchError::Tls { host, detail }
    } else {
        FetchError::Connect { host, detail }
    }
}

/// The host of a [`PrivateAddress`] refusal among `e`'s causes (from the redirect policy or
/// the resolver).
fn private_cause(e: &reqwest::Error) -> Option<String> {
    let mut src: Option<&dyn std::error::Error> = Some(e);
    while let Some(cur) = src {
        if let Some(p) = cur.downcast_ref::<PrivateAddress>() {
            return Some(p.host.clone());
        }
        src = cur.source();
    }
    None
}

/// Every cause of `e`, outermost first, without the URL (the feed is named elsewhere),
/// sanitised: the text for the log.
fn chain(e: &reqwest::Error) -> String {
    // reqwest's own text only names the URL and the phase; the causes say what happened.
    let mut parts: Vec<String> = Vec::new();
    let mut src = std::error::Error::source(e);
    while let Some(next) = src {
        parts.push(next.to_string());
        src = next.source();
    }
    parts.dedup();
    if parts.is_empty() {
        parts.push("request failed".into());
    }
    crate::text::sanitize::sanitize_line_capped(&parts.join(": "), 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_forms() {
        assert_eq!(parse_retry_after("120"), Some(120));
        assert_eq!(parse_retry_after("999999"), Some(86_400));
        assert_eq!(parse_retry_after("Mon, 01 Jan 2001 00:00:00 GMT"), Some(0));
        assert_eq!(parse_retry_after("soon"), None);
    }
}
