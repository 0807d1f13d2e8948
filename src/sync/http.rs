//! The HTTP plumbing both clients share: a timeout on every request and a cap on every body.

use std::time::Duration;

use super::error::{SyncError, SyncErrorKind, from_reqwest};

/// Limits for talking to a sync server.
#[derive(Debug, Clone)]
pub struct SyncSettings {
    /// No request (connecting, sending, reading the whole answer) takes longer than this.
    pub timeout: Duration,
    /// No answer is read past this many bytes (after decompression).
    pub max_bytes: u64,
    pub user_agent: String,
}

impl Default for SyncSettings {
    fn default() -> Self {
        SyncSettings {
            timeout: Duration::from_secs(30),
            // A page of 1,000 entries with their full HTML is about 6 MB; this leaves room.
            max_bytes: 32 * 1024 * 1024,
            user_agent: format!("kabar/{}", env!("CARGO_PKG_VERSION")),
        }
    }
}

/// One client and its limits.
#[derive(Debug, Clone)]
pub(crate) struct Http {
    pub client: reqwest::Client,
    pub settings: SyncSettings,
}

impl Http {
    pub fn new(settings: SyncSettings) -> Self {
        let client = reqwest::Client::builder()
            .user_agent(crate::text::sanitize_line(&settings.user_agent))
            .connect_timeout(settings.timeout.min(Duration::from_secs(10)))
            .timeout(settings.timeout)
            // An API answers where it is asked; a redirect would carry the key elsewhere.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_else(|_| reqwest::Client::new());
        Http { client, settings }
    }

    /// Send `req`, read at most `max_bytes` of the answer, and turn a status other than 2xx
    /// into its error. The whole exchange is bounded by the timeout.
    pub async fn send(&self, req: reqwest::RequestBuilder) -> Result<Vec<u8>, SyncError> {
        let secs = self.settings.timeout.as_secs();
        let exchange = async {
            let mut resp = req.send().await.map_err(|e| from_reqwest(&e, secs))?;
            let status = resp.status();
            let max = self.settings.max_bytes;
            if resp.content_length().is_some_and(|n| n > max)
                && resp
                    .headers()
                    .get(reqwest::header::CONTENT_ENCODING)
                    .is_none()
            {
                return Err(SyncError::new(SyncErrorKind::TooLarge(max), ""));
            }
            let mut body = Vec::new();
            while let Some(chunk) = resp.chunk().await.map_err(|e| from_reqwest(&e, secs))? {
                // Counted after decompression, so a compressed bomb stops here too.
                if body.len() as u64 + chunk.len() as u64 > max {
                    return Err(SyncError::new(SyncErrorKind::TooLarge(max), ""));
                }
                body.extend_from_slice(&chunk);
            }
            if !status.is_success() {
                return Err(SyncError::from_status(status.as_u16(), &body));
            }
            Ok(body)
        };
        tokio::time::timeout(self.settings.timeout, exchange)
            .await
            .map_err(|_| SyncError::new(SyncErrorKind::Timeout(secs), ""))?
    }

    /// [`Http::send`], then the answer as JSON of type `T`.
    pub async fn json<T: serde::de::DeserializeOwned>(
        &self,
        req: reqwest::RequestBuilder,
    ) -> Result<T, SyncError> {
        let body = self.send(req).await?;
        decode(&body)
    }
}

/// `body` as JSON of type `T`, or the BadJson kind with serde's short reason.
pub(crate) fn decode<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, SyncError> {
    serde_json::from_slice(body).map_err(|e| SyncError::new(SyncErrorKind::BadJson, e.to_string()))
}

/// The server's base address without a trailing slash; only http(s).
pub(crate) fn base_url(url: &str) -> Result<String, SyncError> {
    let parsed = url::Url::parse(url.trim())
        .map_err(|e| SyncError::new(SyncErrorKind::Url, format!("{url}: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(SyncError::new(
            SyncErrorKind::Url,
            format!("{url}: not an http or https address"),
        ));
    }
    Ok(parsed.as_str().trim_end_matches('/').to_string())
}
