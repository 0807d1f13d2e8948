//! Why a call to a sync server failed: a kind the caller can act on, and a short detail.

/// What went wrong, in terms a caller can act on (ask for a new key, wait, report a bug).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncErrorKind {
    /// HTTP 401, or a login the server refused: the key or password is wrong.
    Unauthorized,
    /// HTTP 403: the account may not do this (e.g. the Google Reader API is switched off).
    Forbidden,
    /// HTTP 404: no such feed or entry, or no such API at this address.
    NotFound,
    /// HTTP 5xx.
    Server(u16),
    /// Another 4xx: the server refused the request (its message is the detail).
    Refused(u16),
    /// The answer is not the JSON (or text) this API gives.
    BadJson,
    /// No answer within this many seconds.
    Timeout(u64),
    /// The answer is larger than this many bytes.
    TooLarge(u64),
    /// Connecting or reading failed.
    Network,
    /// The server address is not an http(s) URL.
    Url,
    /// The secret could not be loaded (missing variable, failing command).
    Secret,
}

/// A failed sync call. `Display` is the English message, for the log; the user sees
/// [`SyncError::message`] in the interface language. The detail never holds a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncError {
    pub kind: SyncErrorKind,
    /// One sanitised line (at most [`DETAIL_CHARS`] characters); may be empty.
    pub detail: String,
}

/// Server messages are cut to this many characters: enough to explain, too short to flood.
pub const DETAIL_CHARS: usize = 200;

impl SyncError {
    pub fn new(kind: SyncErrorKind, detail: impl AsRef<str>) -> Self {
        SyncError {
            kind,
            detail: crate::text::sanitize::sanitize_line_capped(detail.as_ref(), DETAIL_CHARS),
        }
    }

    pub fn kind(&self) -> SyncErrorKind {
        self.kind
    }

    /// The error an HTTP status gives (`body` is the server's answer, for its message).
    pub fn from_status(status: u16, body: &[u8]) -> Self {
        let detail = server_message(body);
        let kind = match status {
            401 => SyncErrorKind::Unauthorized,
            403 => SyncErrorKind::Forbidden,
            404 => SyncErrorKind::NotFound,
            500..=599 => SyncErrorKind::Server(status),
            _ => SyncErrorKind::Refused(status),
        };
        SyncError::new(kind, detail)
    }

    /// The message for the user, in `lang`.
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        let d = ("detail", self.detail.clone());
        let (key, args) = match self.kind {
            SyncErrorKind::Unauthorized => ("err.sync.unauthorized", vec![]),
            SyncErrorKind::Forbidden => ("err.sync.forbidden", vec![]),
            SyncErrorKind::NotFound => ("err.sync.not_found", vec![]),
            SyncErrorKind::Server(s) => ("err.sync.server", vec![("status", s.to_string())]),
            SyncErrorKind::Refused(s) => ("err.sync.refused", vec![("status", s.to_string()), d]),
            SyncErrorKind::BadJson => ("err.sync.bad_json", vec![d]),
            SyncErrorKind::Timeout(s) => ("err.sync.timeout", vec![("s", s.to_string())]),
            SyncErrorKind::TooLarge(b) => ("err.sync.too_large", vec![("bytes", b.to_string())]),
            SyncErrorKind::Network => ("err.sync.network", vec![d]),
            SyncErrorKind::Url => ("err.sync.url", vec![d]),
            SyncErrorKind::Secret => ("err.sync.secret", vec![d]),
        };
        crate::i18n::tf(lang, key, &args)
    }
}

impl std::fmt::Display for SyncError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(crate::i18n::Lang::En))
    }
}

impl std::error::Error for SyncError {}

/// The server's own explanation: Miniflux's `{"error_message": ...}`, else the first line of a
/// short text body.
fn server_message(body: &[u8]) -> String {
    #[derive(serde::Deserialize)]
    struct Msg {
        error_message: String,
    }
    if let Ok(m) = serde_json::from_slice::<Msg>(body) {
        return m.error_message;
    }
    let text = String::from_utf8_lossy(&body[..body.len().min(1024)]);
    text.lines().next().unwrap_or("").to_string()
}

/// A reqwest failure as a kind; the whole cause chain goes to the log only (it may be long, and
/// names the URL), the user gets the innermost cause.
pub(crate) fn from_reqwest(e: &reqwest::Error, timeout_secs: u64) -> SyncError {
    let mut chain = e.to_string();
    let mut src: &dyn std::error::Error = e;
    while let Some(next) = src.source() {
        chain.push_str(": ");
        chain.push_str(&next.to_string());
        src = next;
    }
    tracing::debug!("sync request failed: {chain}");
    if e.is_timeout() {
        return SyncError::new(SyncErrorKind::Timeout(timeout_secs), "");
    }
    if e.is_builder() {
        return SyncError::new(SyncErrorKind::Url, src.to_string());
    }
    SyncError::new(SyncErrorKind::Network, src.to_string())
}
