//! A client for the Google Reader API (Miniflux, FreshRSS, Inoreader, The Old Reader), using
//! only the calls every such server has: ClientLogin, token, user-info, subscription and tag
//! lists, `stream/items/ids` + `stream/items/contents`, edit-tag, quickadd, subscription/edit
//! and mark-all-as-read.

use std::sync::Mutex;

use serde::Deserialize;

use super::error::{SyncError, SyncErrorKind};
use super::http::{Http, SyncSettings, base_url, decode};
use super::{RemoteCategory, RemoteEntry, RemoteFeed, Secret, line, link};

const API: &str = "/reader/api/0";
const READING_LIST: &str = "user/-/state/com.google/reading-list";
const READ: &str = "user/-/state/com.google/read";
const STARRED: &str = "user/-/state/com.google/starred";
/// Ids asked for per `stream/items/ids` page.
const IDS_PER_PAGE: usize = 1000;
/// Entries fetched, or states changed, per request (also the default).
pub const BATCH: usize = 250;

/// A Google Reader API server and an account on it. The login token and the edit token are
/// fetched on first use and fetched again once when the server stops taking them.
#[derive(Debug)]
pub struct GReader {
    base: String,
    username: String,
    password: Secret,
    http: Http,
    batch: usize,
    auth: Mutex<Option<Secret>>,
    edit_token: Mutex<Option<Secret>>,
}

#[derive(Deserialize)]
struct UserInfo {
    #[serde(rename = "userName")]
    user_name: String,
}

#[derive(Deserialize)]
struct SubscriptionList {
    subscriptions: Vec<Subscription>,
}

#[derive(Deserialize)]
struct Subscription {
    id: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    url: String,
    #[serde(default, rename = "htmlUrl")]
    html_url: String,
    #[serde(default)]
    categories: Vec<Tag>,
}

#[derive(Deserialize)]
struct TagList {
    tags: Vec<Tag>,
}

#[derive(Deserialize)]
struct Tag {
    id: String,
    #[serde(default)]
    label: Option<String>,
}

#[derive(Deserialize)]
struct ItemRefs {
    #[serde(default, rename = "itemRefs")]
    item_refs: Option<Vec<ItemRef>>,
    #[serde(default)]
    continuation: Option<String>,
}

#[derive(Deserialize)]
struct ItemRef {
    id: String,
}

#[derive(Deserialize)]
struct Contents {
    #[serde(default)]
    items: Vec<Item>,
}

#[derive(Deserialize)]
struct Item {
    id: String,
    #[serde(default)]
    categories: Vec<String>,
    #[serde(default)]
    title: String,
    #[serde(default)]
    published: i64,
    #[serde(default)]
    updated: Option<i64>,
    #[serde(default)]
    author: String,
    #[serde(default)]
    alternate: Vec<Href>,
    #[serde(default)]
    canonical: Vec<Href>,
    summary: Option<Text>,
    content: Option<Text>,
    origin: Option<Origin>,
    /// `[{href, type, length}]` (FreshRSS, Inoreader); read leniently (`sync::enclosures`).
    #[serde(default)]
    enclosure: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct Href {
    href: String,
}

#[derive(Deserialize)]
struct Text {
    #[serde(default)]
    content: String,
}

#[derive(Deserialize)]
struct Origin {
    #[serde(rename = "streamId")]
    stream_id: String,
}

#[derive(Deserialize)]
struct QuickAdd {
    #[serde(rename = "streamId")]
    stream_id: Option<String>,
}

impl GReader {
    /// A client for the server whose API lives under `url` (the address before
    /// `/accounts/ClientLogin`, e.g. `https://rss.example.org` for Miniflux or
    /// `https://example.org/api/greader.php` for FreshRSS).
    pub fn new(
        url: &str,
        username: &str,
        password: Secret,
        settings: SyncSettings,
    ) -> Result<Self, SyncError> {
        Ok(GReader {
            base: base_url(url)?,
            username: username.to_string(),
            password,
            http: Http::new(settings),
            batch: BATCH,
            auth: Mutex::new(None),
            edit_token: Mutex::new(None),
        })
    }

    /// Entries per contents request and ids per edit (tests use small batches).
    pub fn with_batch(mut self, n: usize) -> Self {
        self.batch = n.max(1);
        self
    }

    /// Entries per contents request.
    pub fn batch(&self) -> usize {
        self.batch
    }

    /// ClientLogin: the `Auth=` token for the user name and password. A refusal (401, or
    /// Google's 403 for bad credentials) is the Unauthorized kind.
    async fn login(&self) -> Result<Secret, SyncError> {
        let form = [
            ("Email", self.username.as_str()),
            ("Passwd", self.password.expose()),
        ];
        let req = self
            .http
            .client
            .post(format!("{}/accounts/ClientLogin", self.base))
            .form(&form);
        let body = self.http.send(req).await.map_err(|e| match e.kind {
            SyncErrorKind::Forbidden => SyncError::new(SyncErrorKind::Unauthorized, e.detail),
            _ => e,
        })?;
        let text = String::from_utf8_lossy(&body);
        text.lines()
            .find_map(|l| l.trim().strip_prefix("Auth="))
            .filter(|t| !t.is_empty())
            .map(Secret::new)
            .ok_or_else(|| SyncError::new(SyncErrorKind::BadJson, "no Auth= in the login answer"))
    }

    async fn auth(&self) -> Result<Secret, SyncError> {
        if let Some(a) = lock(&self.auth).clone() {
            return Ok(a);
        }
        let a = self.login().await?;
        *lock(&self.auth) = Some(a.clone());
        Ok(a)
    }

    /// The `T` token that edits carry.
    async fn edit_token(&self, auth: &Secret) -> Result<Secret, SyncError> {
        if let Some(t) = lock(&self.edit_token).clone() {
            return Ok(t);
        }
        let req = self.with_auth(self.http.client.get(self.url("/token")), auth);
        let body = self.http.send(req).await?;
        let t = Secret::new(String::from_utf8_lossy(&body).trim());
        *lock(&self.edit_token) = Some(t.clone());
        Ok(t)
    }

    fn url(&self, path: &str) -> String {
        format!("{}{API}{path}", self.base)
    }

    fn with_auth(&self, req: reqwest::RequestBuilder, auth: &Secret) -> reqwest::RequestBuilder {
        req.header(
            reqwest::header::AUTHORIZATION,
            format!("GoogleLogin auth={}", auth.expose()),
        )
    }

    /// GET `path?query` (or POST `form` with the edit token), logging in first. A 401 drops
    /// both tokens and tries once more: tokens expire.
    async fn call(
        &self,
        path: &str,
        query: &[(&str, String)],
        form: Option<&[(&str, String)]>,
    ) -> Result<Vec<u8>, SyncError> {
        let mut tried = false;
        loop {
            let auth = self.auth().await?;
            let req = match form {
                None => self.http.client.get(self.url(path)).query(query),
                Some(form) => {
                    let t = self.edit_token(&auth).await?;
                    let mut all: Vec<(&str, &str)> =
                        form.iter().map(|(k, v)| (*k, v.as_str())).collect();
                    all.push(("T", t.expose()));
                    self.http
                        .client
                        .post(self.url(path))
                        .query(query)
                        .form(&all)
                }
            };
            match self.http.send(self.with_auth(req, &auth)).await {
                Err(e) if e.kind == SyncErrorKind::Unauthorized && !tried => {
                    tried = true;
                    *lock(&self.auth) = None;
                    *lock(&self.edit_token) = None;
                }
                other => return other,
            }
        }
    }

    async fn get_json<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<T, SyncError> {
        let mut q = vec![("output", "json".to_string())];
        q.extend_from_slice(query);
        decode(&self.call(path, &q, None).await?)
    }

    /// Log in and read `user-info`; gives the user name.
    pub async fn check(&self) -> Result<String, SyncError> {
        let info: UserInfo = self.get_json("/user-info", &[]).await?;
        Ok(line(&info.user_name))
    }

    pub async fn feeds(&self) -> Result<Vec<RemoteFeed>, SyncError> {
        let list: SubscriptionList = self.get_json("/subscription/list", &[]).await?;
        Ok(list
            .subscriptions
            .into_iter()
            .map(|s| RemoteFeed {
                id: s.id,
                title: line(&s.title),
                url: link(&s.url),
                site_url: link(&s.html_url),
                categories: s.categories.iter().filter_map(label).collect(),
            })
            .collect())
    }

    /// The user's labels (folders); the states (`starred`, …) are left out.
    pub async fn categories(&self) -> Result<Vec<RemoteCategory>, SyncError> {
        let list: TagList = self.get_json("/tag/list", &[]).await?;
        Ok(list
            .tags
            .iter()
            .filter_map(|t| {
                label(t).map(|title| RemoteCategory {
                    id: t.id.clone(),
                    title,
                })
            })
            .collect())
    }

    /// The ids in stream `s`, leaving out those tagged `exclude`, newer than `since` (Unix
    /// seconds); every page (`continuation`).
    pub async fn item_ids(
        &self,
        s: &str,
        exclude: Option<&str>,
        since: Option<i64>,
    ) -> Result<Vec<i64>, SyncError> {
        let mut out = Vec::new();
        let mut continuation: Option<String> = None;
        loop {
            let mut q = vec![("s", s.to_string()), ("n", IDS_PER_PAGE.to_string())];
            if let Some(x) = exclude {
                q.push(("xt", x.to_string()));
            }
            if let Some(t) = since {
                q.push(("ot", t.to_string()));
            }
            if let Some(c) = &continuation {
                q.push(("c", c.clone()));
            }
            let page: ItemRefs = self.get_json("/stream/items/ids", &q).await?;
            for r in page.item_refs.unwrap_or_default() {
                out.push(item_id(&r.id)?);
            }
            match page.continuation.filter(|c| !c.is_empty()) {
                // A server repeating its continuation would loop forever.
                Some(c) if continuation.as_ref() != Some(&c) => continuation = Some(c),
                _ => return Ok(out),
            }
        }
    }

    /// The unread entries' ids.
    pub async fn unread_ids(&self) -> Result<Vec<i64>, SyncError> {
        self.item_ids(READING_LIST, Some(READ), None).await
    }

    /// The starred entries' ids.
    pub async fn starred_ids(&self) -> Result<Vec<i64>, SyncError> {
        self.item_ids(STARRED, None, None).await
    }

    /// The entries `ids`, in batches (`POST stream/items/contents`).
    pub async fn contents(&self, ids: &[i64]) -> Result<Vec<RemoteEntry>, SyncError> {
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(self.batch) {
            let form: Vec<(&str, String)> = chunk.iter().map(|id| ("i", id.to_string())).collect();
            let q = [("output", "json".to_string())];
            let body = self.call("/stream/items/contents", &q, Some(&form)).await?;
            let c: Contents = decode(&body)?;
            for item in c.items {
                out.push(entry(item)?);
            }
        }
        Ok(out)
    }

    /// Entries newer than `since` (every entry when `None`), with their states.
    pub async fn entries_since(&self, since: Option<i64>) -> Result<Vec<RemoteEntry>, SyncError> {
        let ids = self.item_ids(READING_LIST, None, since).await?;
        self.contents(&ids).await
    }

    async fn edit_tag(&self, ids: &[i64], tag: &str, add: bool) -> Result<(), SyncError> {
        for chunk in ids.chunks(self.batch) {
            let mut form: Vec<(&str, String)> =
                chunk.iter().map(|id| ("i", id.to_string())).collect();
            form.push((if add { "a" } else { "r" }, tag.to_string()));
            self.call("/edit-tag", &[], Some(&form)).await?;
        }
        Ok(())
    }

    pub async fn set_read(&self, ids: &[i64], read: bool) -> Result<(), SyncError> {
        self.edit_tag(ids, READ, read).await
    }

    pub async fn set_starred(&self, ids: &[i64], starred: bool) -> Result<(), SyncError> {
        self.edit_tag(ids, STARRED, starred).await
    }

    /// `subscription/quickadd`: subscribe to `url`; gives the new feed's stream id.
    pub async fn subscribe(&self, url: &str) -> Result<String, SyncError> {
        let form = [("quickadd", url.to_string())];
        let q = [("output", "json".to_string())];
        let body = self.call("/subscription/quickadd", &q, Some(&form)).await?;
        let added: QuickAdd = decode(&body)?;
        added
            .stream_id
            .filter(|s| !s.is_empty())
            .ok_or_else(|| SyncError::new(SyncErrorKind::Refused(200), format!("{url}: not added")))
    }

    pub async fn unsubscribe(&self, feed_id: &str) -> Result<(), SyncError> {
        let form = [
            ("ac", "unsubscribe".to_string()),
            ("s", feed_id.to_string()),
        ];
        self.call("/subscription/edit", &[], Some(&form)).await?;
        Ok(())
    }

    pub async fn mark_feed_read(&self, feed_id: &str) -> Result<(), SyncError> {
        let form = [("s", feed_id.to_string())];
        self.call("/mark-all-as-read", &[], Some(&form)).await?;
        Ok(())
    }

    pub async fn mark_all_read(&self) -> Result<(), SyncError> {
        self.mark_feed_read(READING_LIST).await
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// A label's title (`user/…/label/NAME`); `None` for states and anything else.
fn label(t: &Tag) -> Option<String> {
    let (_, name) = t.id.split_once("/label/")?;
    Some(line(t.label.as_deref().unwrap_or(name)))
}

/// An item id in either form: `tag:google.com,2005:reader/item/<16 hex>` or signed decimal
/// (the hex form is the decimal's 64-bit two's complement).
pub fn item_id(id: &str) -> Result<i64, SyncError> {
    let bad = || SyncError::new(SyncErrorKind::BadJson, format!("item id {id:?}"));
    match id.strip_prefix("tag:google.com,2005:reader/item/") {
        Some(hex) => u64::from_str_radix(hex, 16)
            .map(|v| v as i64)
            .map_err(|_| bad()),
        None => id.parse::<i64>().map_err(|_| bad()),
    }
}

fn has_state(categories: &[String], state: &str) -> bool {
    // Servers write `user/-/state/…` or `user/<id>/state/…`.
    categories
        .iter()
        .any(|c| c.starts_with("user/") && c.ends_with(state))
}

fn entry(item: Item) -> Result<RemoteEntry, SyncError> {
    let url = item
        .alternate
        .iter()
        .chain(&item.canonical)
        .find_map(|h| link(&h.href));
    let content_html = item
        .content
        .or(item.summary)
        .map(|t| t.content)
        .unwrap_or_default();
    Ok(RemoteEntry {
        id: item_id(&item.id)?,
        feed_id: item.origin.map(|o| o.stream_id).unwrap_or_default(),
        url,
        title: line(&item.title),
        content_html,
        author: Some(line(&item.author)).filter(|a| !a.is_empty()),
        published: item.published,
        changed: item.updated.unwrap_or(item.published),
        read: has_state(&item.categories, "/state/com.google/read"),
        starred: has_state(&item.categories, "/state/com.google/starred"),
        enclosures: super::enclosures::from_json(item.enclosure.as_ref(), "href", "type", "length"),
    })
}
