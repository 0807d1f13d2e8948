//! The full text of a synced article: Miniflux's `fetch-content` when kabar syncs with
//! Miniflux (the server fetches the page), else, or when the server cannot, fetched here.

use crate::net::fetch::FetchSettings;
use crate::net::limit::HostLimits;

use super::Backend;

/// The article at `url` as [`crate::article::fulltext::fetch`] gives it. With `server` (the
/// sync backend and the article's entry id there) and a Miniflux backend, the server fetches
/// and extracts the page first; kabar cleans what it gives with its own rules. A failure of
/// the server (down, refusing, nothing usable) falls back to fetching the page here.
pub async fn fetch(
    server: Option<(&Backend, i64)>,
    client: &reqwest::Client,
    settings: &FetchSettings,
    limits: &HostLimits,
    url: &str,
) -> Result<String, String> {
    if let Some((Backend::Miniflux(m), entry)) = server {
        match m.fetch_content(entry).await {
            Ok(html) => {
                let link = url.to_string();
                let cleaned = tokio::task::spawn_blocking(move || {
                    crate::article::extract::extracted(&html, &link)
                })
                .await;
                match cleaned {
                    Ok(Ok(text)) => return Ok(text),
                    Ok(Err(e)) => tracing::info!(
                        "fetch-content of entry {entry} gave no article ({e}); fetching here"
                    ),
                    Err(_) => {}
                }
            }
            Err(e) => tracing::info!("fetch-content of entry {entry} failed ({e}); fetching here"),
        }
    }
    crate::article::fulltext::fetch(client, settings, limits, url).await
}
