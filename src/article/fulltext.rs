//! Fetching an article's web page and extracting the story from it (full-article mode).

use crate::net::fetch::{self, FetchSettings, Fetched};
use crate::net::limit::HostLimits;
use crate::net::per_feed::{FeedHttp, RequestExtras};

/// Download `url` (same timeouts, size cap and per-host limit as refresh) and extract the
/// article. The error is a short, sanitised, human sentence.
pub async fn fetch(
    client: &reqwest::Client,
    settings: &FetchSettings,
    limits: &HostLimits,
    url: &str,
) -> Result<String, String> {
    fetch_with(client, settings, limits, url, None).await
}

/// [`fetch()`] as the feed at `feed_url` is fetched: through its proxy, with its agent,
/// headers and auth (`net::per_feed`); a feed without settings (or `None`) as [`fetch()`].
pub async fn fetch_for_feed(
    http: &FeedHttp,
    settings: &FetchSettings,
    limits: &HostLimits,
    feed_url: Option<&str>,
    url: &str,
) -> Result<String, String> {
    let (client, extras) = http
        .for_feed(feed_url.unwrap_or(""))
        .await
        .map_err(|e| e.message(crate::i18n::Lang::En))?;
    fetch_with(&client, settings, limits, url, Some(&extras)).await
}

async fn fetch_with(
    client: &reqwest::Client,
    settings: &FetchSettings,
    limits: &HostLimits,
    url: &str,
    extras: Option<&RequestExtras>,
) -> Result<String, String> {
    let url = crate::text::safe_link(url).ok_or("tautan bukan http(s)")?;
    let page = {
        let _slot = limits.acquire(&url).await;
        let asked = fetch::Asked {
            keep_alive: true,
            extras,
            ..fetch::Asked::default()
        };
        fetch::get_asking(client, settings, &url, asked, None)
            .await
            .map(|(f, _)| f)
    };
    let (bytes, content_type, final_url) = match page {
        Ok(Fetched::Body {
            bytes,
            content_type,
            final_url,
            ..
        }) => (bytes, content_type, final_url),
        Ok(Fetched::NotModified) => return Err("HTTP 304 tanpa isi".into()),
        Err(e) => return Err(e.to_string()),
    };
    let html = decode(&bytes, content_type.as_deref());
    tokio::task::spawn_blocking(move || crate::article::extract::extract(&html, &final_url))
        .await
        .map_err(|_| "ekstraksi gagal".to_string())?
        .map_err(|e| crate::text::sanitize_line(&e.to_string()))
}

/// Decode a page by its HTTP charset, else its `<meta charset>`, else UTF-8 (lossy).
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> String {
    let label = content_type
        .and_then(|ct| {
            ct.to_ascii_lowercase()
                .split("charset=")
                .nth(1)
                .map(str::to_owned)
        })
        .or_else(|| {
            let head =
                String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
            head.split("charset=")
                .nth(1)
                .map(|rest| rest.trim_start_matches(['"', '\'']).to_string())
        })
        .map(|l| {
            l.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect::<String>()
        });
    let enc = label
        .and_then(|l| encoding_rs::Encoding::for_label(l.as_bytes()))
        .unwrap_or(encoding_rs::UTF_8);
    enc.decode(bytes).0.into_owned()
}

/// Fetch the full text of several articles with bounded concurrency, each as its feed is
/// fetched; `jobs` are (article id, page URL, feed URL). Returns (id, outcome).
pub async fn fetch_many(
    http: &FeedHttp,
    settings: &FetchSettings,
    limits: &HostLimits,
    concurrency: usize,
    jobs: Vec<(i64, String, Option<String>)>,
) -> Vec<(i64, Result<String, String>)> {
    let global = std::sync::Arc::new(tokio::sync::Semaphore::new(concurrency.max(1)));
    let mut set = tokio::task::JoinSet::new();
    for (id, url, feed_url) in jobs {
        let (http, settings, limits, global) = (
            http.clone(),
            settings.clone(),
            limits.clone(),
            global.clone(),
        );
        set.spawn(async move {
            let _g = global.acquire_owned().await;
            let got = fetch_for_feed(&http, &settings, &limits, feed_url.as_deref(), &url).await;
            (id, got)
        });
    }
    let mut out = Vec::new();
    while let Some(r) = set.join_next().await {
        if let Ok(r) = r {
            out.push(r);
        }
    }
    out.sort_by_key(|(id, _)| *id);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_by_declared_charset() {
        assert_eq!(
            decode(b"caf\xe9", Some("text/html; charset=windows-1252")),
            "café"
        );
        assert_eq!(
            decode(b"<meta charset=\"iso-8859-1\">caf\xe9", None),
            "<meta charset=\"iso-8859-1\">café"
        );
        assert_eq!(decode("café".as_bytes(), None), "café");
    }
}
