//! A client for Miniflux's REST API (`/v1/…`), with an API key (`X-Auth-Token`) or basic auth.

use serde::Deserialize;

use super::error::{SyncError, SyncErrorKind};
use super::http::{Http, SyncSettings, base_url};
use super::{RemoteCategory, RemoteEntry, RemoteFeed, Secret, line, link};

/// How the client proves who it is.
#[derive(Debug, Clone)]
pub enum MinifluxAuth {
    /// An API key made in Miniflux's settings (preferred: it can be revoked alone).
    ApiKey(Secret),
    Basic {
        username: String,
        password: Secret,
    },
}

/// A Miniflux server and an account on it.
#[derive(Debug)]
pub struct Miniflux {
    base: String,
    auth: MinifluxAuth,
    http: Http,
    page_size: usize,
}

/// Entries asked for per request: a page of 1,000 full entries is about 6 MB of JSON (kept
/// under `max_bytes`), and Miniflux answers one page of 1,000 in half the time of four of 250.
pub const PAGE_SIZE: usize = 1000;

/// State changes sent per `PUT /v1/entries`.
const IDS_PER_UPDATE: usize = 1000;

#[derive(Deserialize)]
struct Me {
    id: i64,
    username: String,
}

#[derive(Deserialize)]
struct Category {
    id: i64,
    title: String,
}

#[derive(Deserialize)]
struct Feed {
    id: i64,
    title: String,
    feed_url: String,
    #[serde(default)]
    site_url: String,
    category: Option<Category>,
}

#[derive(Deserialize)]
struct EntryPage {
    entries: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    id: i64,
    feed_id: i64,
    status: String,
    #[serde(default)]
    starred: bool,
    #[serde(default)]
    url: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    content: String,
    #[serde(default)]
    author: String,
    published_at: String,
    #[serde(default)]
    changed_at: Option<String>,
    /// `[{url, mime_type, size}]`, or null; read leniently (`sync::enclosures`).
    #[serde(default)]
    enclosures: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct FetchedContent {
    content: String,
}

#[derive(Deserialize)]
struct Created {
    feed_id: i64,
}

impl Miniflux {
    /// A client for the server at `url` (its base, e.g. `https://rss.example.org` or
    /// `https://example.org/miniflux`).
    pub fn new(url: &str, auth: MinifluxAuth, settings: SyncSettings) -> Result<Self, SyncError> {
        Ok(Miniflux {
            base: base_url(url)?,
            auth,
            http: Http::new(settings),
            page_size: PAGE_SIZE,
        })
    }

    /// Entries per page (tests use small pages to see the paging).
    pub fn with_page_size(mut self, n: usize) -> Self {
        self.page_size = n.max(1);
        self
    }

    fn req(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let r = self
            .http
            .client
            .request(method, format!("{}{path}", self.base))
            .header(reqwest::header::ACCEPT, "application/json");
        match &self.auth {
            MinifluxAuth::ApiKey(key) => r.header("X-Auth-Token", key.expose()),
            MinifluxAuth::Basic { username, password } => {
                r.basic_auth(username, Some(password.expose()))
            }
        }
    }

    async fn me(&self) -> Result<Me, SyncError> {
        self.http
            .json(self.req(reqwest::Method::GET, "/v1/me"))
            .await
    }

    /// `GET /v1/me`: the credentials work; gives the user name.
    pub async fn check(&self) -> Result<String, SyncError> {
        Ok(line(&self.me().await?.username))
    }

    pub async fn categories(&self) -> Result<Vec<RemoteCategory>, SyncError> {
        let list: Vec<Category> = self
            .http
            .json(self.req(reqwest::Method::GET, "/v1/categories"))
            .await?;
        Ok(list
            .into_iter()
            .map(|c| RemoteCategory {
                id: c.id.to_string(),
                title: line(&c.title),
            })
            .collect())
    }

    pub async fn feeds(&self) -> Result<Vec<RemoteFeed>, SyncError> {
        let list: Vec<Feed> = self
            .http
            .json(self.req(reqwest::Method::GET, "/v1/feeds"))
            .await?;
        Ok(list
            .into_iter()
            .map(|f| RemoteFeed {
                id: f.id.to_string(),
                title: line(&f.title),
                url: link(&f.feed_url),
                site_url: link(&f.site_url),
                categories: f.category.map(|c| line(&c.title)).into_iter().collect(),
            })
            .collect())
    }

    /// Entries per page.
    pub fn page_size(&self) -> usize {
        self.page_size
    }

    /// Every entry created or changed (read, starred, edited) after `since` (Unix seconds), or
    /// every entry. Pages go by entry id (`after_entry_id`), so an entry changing while the
    /// pages are read is neither skipped nor seen twice.
    pub async fn entries_changed_since(
        &self,
        since: Option<i64>,
    ) -> Result<Vec<RemoteEntry>, SyncError> {
        let mut out = Vec::new();
        let mut after = 0i64;
        loop {
            let page = self.entries_page(since, after).await?;
            let n = page.len();
            after = page.iter().map(|e| e.id).max().unwrap_or(after);
            out.extend(page);
            if n < self.page_size {
                return Ok(out);
            }
        }
    }

    /// One page of [`Miniflux::entries_changed_since`]: up to [`Miniflux::page_size`] entries
    /// with ids above `after`, in id order. A page shorter than that is the last.
    pub async fn entries_page(
        &self,
        since: Option<i64>,
        after: i64,
    ) -> Result<Vec<RemoteEntry>, SyncError> {
        let mut path = format!(
            "/v1/entries?order=id&direction=asc&limit={}&after_entry_id={after}",
            self.page_size
        );
        if let Some(t) = since {
            path.push_str(&format!("&changed_after={t}"));
        }
        let page: EntryPage = self
            .http
            .json(self.req(reqwest::Method::GET, &path))
            .await?;
        page.entries.into_iter().map(entry).collect()
    }

    /// One entry, as the server has it now.
    pub async fn entry(&self, id: i64) -> Result<RemoteEntry, SyncError> {
        let e: Entry = self
            .http
            .json(self.req(reqwest::Method::GET, &format!("/v1/entries/{id}")))
            .await?;
        entry(e)
    }

    /// `GET /v1/entries/{id}/fetch-content`: the server downloads the entry's web page and
    /// gives the article it extracted (raw HTML from the site, for kabar's own cleaning). The
    /// server's copy of the entry is left as it was.
    pub async fn fetch_content(&self, id: i64) -> Result<String, SyncError> {
        let path = format!("/v1/entries/{id}/fetch-content");
        let got: FetchedContent = self
            .http
            .json(self.req(reqwest::Method::GET, &path))
            .await?;
        Ok(got.content)
    }

    /// `PUT /v1/entries`: mark `ids` read or unread.
    pub async fn set_read(&self, ids: &[i64], read: bool) -> Result<(), SyncError> {
        let status = if read { "read" } else { "unread" };
        for chunk in ids.chunks(IDS_PER_UPDATE) {
            let body = serde_json::json!({ "entry_ids": chunk, "status": status });
            self.http
                .send(with_json(
                    self.req(reqwest::Method::PUT, "/v1/entries"),
                    &body,
                ))
                .await?;
        }
        Ok(())
    }

    /// Star or unstar entry `id`. Miniflux only has a toggle, so the entry is read first and
    /// toggled only when its state differs (sending the toggle blindly could undo a star made
    /// elsewhere).
    pub async fn set_starred(&self, id: i64, starred: bool) -> Result<(), SyncError> {
        if self.entry(id).await?.starred == starred {
            return Ok(());
        }
        let path = format!("/v1/entries/{id}/bookmark");
        self.http
            .send(self.req(reqwest::Method::PUT, &path))
            .await?;
        Ok(())
    }

    /// `POST /v1/feeds`: subscribe to `url` (in `category`, else the default one); gives the
    /// new feed's id. Miniflux fetches the feed before answering.
    pub async fn subscribe(&self, url: &str, category: Option<i64>) -> Result<i64, SyncError> {
        let mut body = serde_json::json!({ "feed_url": url });
        if let Some(c) = category {
            body["category_id"] = c.into();
        }
        let created: Created = self
            .http
            .json(with_json(
                self.req(reqwest::Method::POST, "/v1/feeds"),
                &body,
            ))
            .await?;
        Ok(created.feed_id)
    }

    pub async fn unsubscribe(&self, feed_id: i64) -> Result<(), SyncError> {
        let path = format!("/v1/feeds/{feed_id}");
        self.http
            .send(self.req(reqwest::Method::DELETE, &path))
            .await?;
        Ok(())
    }

    /// Ask the server to fetch feed `feed_id` now.
    pub async fn refresh_feed(&self, feed_id: i64) -> Result<(), SyncError> {
        let path = format!("/v1/feeds/{feed_id}/refresh");
        self.http
            .send(self.req(reqwest::Method::PUT, &path))
            .await?;
        Ok(())
    }

    pub async fn mark_feed_read(&self, feed_id: i64) -> Result<(), SyncError> {
        let path = format!("/v1/feeds/{feed_id}/mark-all-as-read");
        self.http
            .send(self.req(reqwest::Method::PUT, &path))
            .await?;
        Ok(())
    }

    /// Mark every entry of the account read (`PUT /v1/users/{id}/mark-all-as-read`).
    pub async fn mark_all_read(&self) -> Result<(), SyncError> {
        let me = self.me().await?;
        let path = format!("/v1/users/{}/mark-all-as-read", me.id);
        self.http
            .send(self.req(reqwest::Method::PUT, &path))
            .await?;
        Ok(())
    }
}

/// `req` with `body` as its JSON.
fn with_json(req: reqwest::RequestBuilder, body: &serde_json::Value) -> reqwest::RequestBuilder {
    req.header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(body.to_string())
}

/// A feed id as Miniflux numbers it.
pub(crate) fn feed_id(id: &str) -> Result<i64, SyncError> {
    id.parse()
        .map_err(|_| SyncError::new(SyncErrorKind::NotFound, format!("no Miniflux feed {id}")))
}

fn entry(e: Entry) -> Result<RemoteEntry, SyncError> {
    let published = unix(&e.published_at)?;
    let changed = match &e.changed_at {
        Some(t) => unix(t)?,
        None => published,
    };
    Ok(RemoteEntry {
        id: e.id,
        feed_id: e.feed_id.to_string(),
        url: link(&e.url),
        title: line(&e.title),
        content_html: e.content,
        author: Some(line(&e.author)).filter(|a| !a.is_empty()),
        published,
        changed,
        read: e.status == "read",
        starred: e.starred,
        enclosures: super::enclosures::from_json(e.enclosures.as_ref(), "url", "mime_type", "size"),
    })
}

/// An RFC 3339 time as Unix seconds.
fn unix(t: &str) -> Result<i64, SyncError> {
    chrono::DateTime::parse_from_rfc3339(t)
        .map(|d| d.timestamp())
        .map_err(|e| SyncError::new(SyncErrorKind::BadJson, format!("time {t:?}: {e}")))
}
