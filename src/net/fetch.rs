//! Downloading feeds and pages: conditional GET, timeouts, redirect limit, streamed byte cap.

use std::time::Duration;

use tokio::time::Instant;

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
    /// The innermost cause, from the HTTP library.
    Connect(String),
    /// The innermost cause, from the HTTP library.
    Body(String),
    Url(String),
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
            FetchError::RedirectRefused => ("err.fetch.redirect_refused", vec![]),
            FetchError::Connect(d) => ("err.fetch.connect", vec![("detail", d.clone())]),
            FetchError::Body(d) => ("err.fetch.body", vec![("detail", d.clone())]),
            FetchError::Url(d) => ("err.fetch.url", vec![("detail", d.clone())]),
        };
        crate::i18n::tf(lang, key, &args)
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
    let max = s.max_redirects;
    reqwest::Client::builder()
        .user_agent(s.user_agent.clone())
        .connect_timeout(s.connect_timeout)
        // Headers and body progress are timed in `get_within`; this is the backstop.
        .timeout(s.total_timeout)
        .redirect(reqwest::redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() >= max {
                attempt.error("too many redirects")
            } else if !matches!(attempt.url().scheme(), "http" | "https") {
                attempt.stop()
            } else {
                attempt.follow()
            }
        }))
        .pool_max_idle_per_host(idle_per_host)
        .pool_idle_timeout(Duration::from_secs(5))
        .build()
        .unwrap_or_else(|_| reqwest::Client::new())
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

/// `get`, reserving the body's size from `budget` before reading it; the reservation is
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
    let parsed = url::Url::parse(url).map_err(|e| FetchError::Url(e.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(FetchError::Url(format!(
            "scheme {} not allowed",
            parsed.scheme()
        )));
    }
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
    let secs = s.timeout.as_secs();
    let total_secs = s.total_timeout.as_secs();
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
    let mut permit = match budget {
        Some(b) => b.reserve(resp.content_length()).await,
        None => None,
    };
    // Sized from the header when there is one, so the buffer holds what was reserved for it.
    let mut bytes =
        Vec::with_capacity(resp.content_length().unwrap_or(0).min(s.max_bytes) as usize);
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
    if e.is_timeout() {
        FetchError::Timeout(secs)
    } else if e.is_redirect() {
        FetchError::Redirects
    } else if e.is_body() || e.is_decode() {
        FetchError::Body(short_error(&e))
    } else {
        FetchError::Connect(short_error(&e))
    }
}

fn classify_body(e: reqwest::Error, secs: u64) -> FetchError {
    if e.is_timeout() {
        FetchError::Timeout(secs)
    } else {
        FetchError::Body(short_error(&e))
    }
}

/// The innermost cause, without the URL (the feed is named elsewhere), sanitised.
fn short_error(e: &reqwest::Error) -> String {
    let mut src: &dyn std::error::Error = e;
    while let Some(next) = src.source() {
        src = next;
    }
    crate::text::sanitize_line(&src.to_string())
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
