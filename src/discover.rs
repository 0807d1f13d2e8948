//! Finding the feeds at or announced by a URL (for `kabar add` and the reader's `+`).
//!
//! Discovery, in order:
//!
//! 1. The URL is fetched (through [`fetch::get`]: timeouts, byte cap, redirect limit, http(s)
//!    only). If the body parses as a feed, that is the one candidate.
//! 2. Otherwise it is read as a web page: every `<link rel="alternate">` whose type is RSS,
//!    Atom or JSON Feed (resolved against `<base href>` / the page's URL, http(s) only, titles
//!    sanitised); for a WordPress site (generator meta, or `/wp-content/` in the page) also
//!    `/feed/`, for Blogger (generator meta, or a blogspot host) `/feeds/posts/default`, and on
//!    any site `/rss`, `/feed`, `/rss.xml`, `/atom.xml`, `/index.xml` on the page's origin.
//! 3. At most [`MAX_PROBES`] of those are fetched, concurrently, each waiting for a slot on its
//!    host (the shared [`HostLimits`], so `per_host` holds). Only those that parse as feeds are
//!    kept; the same feed reached twice (a redirect, or `/feed` and `/feed/`) is kept once.
//!    Comment feeds go last.
//!
//! Nothing is written: the caller picks one and adds it with
//! [`crate::config::edit::add_to_config`].

pub mod heal;

use crate::config::FeedConfig;
use crate::config::edit::url_key;
use crate::feed::parse::{self, ParsedFeed};
use crate::net::fetch::{self, FetchError, FetchSettings, Fetched};
use crate::net::limit::HostLimits;
use crate::text::sanitize::sanitize_line_capped;
use crate::text::{safe_link, safe_url, sanitize_line};
use url::Url;

/// Most URLs fetched while looking for feeds on a page (the page itself not counted).
pub const MAX_PROBES: usize = 8;

/// Link types that announce a feed.
const FEED_TYPES: &[&str] = &[
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
];

/// Paths tried on any site, on the page's origin.
const USUAL_PATHS: &[&str] = &["/rss", "/feed", "/rss.xml", "/atom.xml", "/index.xml"];

/// Longest page read for `<link>` tags and platform hints.
const MAX_PAGE_CHARS: usize = 2 * 1024 * 1024;

/// Longest title kept from a `<link title="…">`.
const MAX_LINK_TITLE_CHARS: usize = 200;

/// Where a candidate came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The URL asked for is itself a feed.
    Direct,
    /// Announced by the page with `<link rel="alternate">`.
    Announced,
    /// One of the usual addresses (WordPress, Blogger, or generic), tried on the page's origin.
    Guessed,
}

/// A feed found at or from the URL asked for. Every string is sanitised.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The URL to subscribe to (as found, not after redirects), normalised, http(s).
    pub url: String,
    /// The feed's own title.
    pub title: Option<String>,
    /// The title the page gave the link (`<link title="…">`).
    pub announced_title: Option<String>,
    /// How many items the feed holds now.
    pub items: usize,
    /// The newest item's date (Unix seconds).
    pub newest: Option<i64>,
    pub source: Source,
}

impl Candidate {
    /// A name to show and to write: the feed's title, else the page's title for the link,
    /// else the host.
    pub fn label(&self) -> String {
        self.title
            .clone()
            .filter(|t| !t.trim().is_empty() && t != parse::UNTITLED)
            .or_else(|| self.announced_title.clone())
            .unwrap_or_else(|| {
                Url::parse(&self.url)
                    .ok()
                    .and_then(|u| u.host_str().map(str::to_owned))
                    .unwrap_or_else(|| self.url.clone())
            })
    }

    /// The config entry for this candidate: `name` (sanitised) when given and not blank, else
    /// [`Candidate::label`]; `tags` trimmed, blanks dropped.
    pub fn to_feed_config(&self, name: Option<&str>, tags: &[String]) -> FeedConfig {
        let name = name
            .map(|n| sanitize_line_capped(n.trim(), MAX_LINK_TITLE_CHARS))
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| self.label());
        FeedConfig {
            url: self.url.clone(),
            name: Some(name),
            tags: tags
                .iter()
                .map(|t| sanitize_line(t.trim()))
                .filter(|t| !t.is_empty())
                .collect(),
            full_text: None,
            settings: Default::default(),
        }
    }
}

/// What [`discover`] found.
#[derive(Debug, Clone, PartialEq)]
pub struct Discovery {
    /// The URL asked for, normalised.
    pub url: String,
    /// False when that URL is itself a feed (then there is exactly one candidate).
    pub is_page: bool,
    /// Never empty; best first.
    pub candidates: Vec<Candidate>,
    /// How many other URLs were fetched to find them.
    pub probed: usize,
}

/// Why nothing was found. `Display` is English (for `kabar add` and the log);
/// [`DiscoverError::message`] gives the fetch failure in the interface language.
#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    /// Not something kabar can fetch (exit code 2 in the CLI).
    #[error("{0}")]
    InvalidUrl(String),
    /// The URL itself could not be fetched.
    #[error("cannot fetch {url}: {error}")]
    Fetch { url: String, error: FetchError },
    /// Fetched, but it is not a feed and no feed was found from it.
    #[error("no feed found at {url}: {why}")]
    NothingFound { url: String, why: String },
}

impl DiscoverError {
    /// The message for the user, in `lang`.
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        match self {
            DiscoverError::Fetch { url, error } => crate::i18n::tf(
                lang,
                "err.discover.fetch",
                &[("url", url.clone()), ("error", error.message(lang))],
            ),
            other => other.to_string(),
        }
    }
}

/// Read what the user typed as an http(s) URL. A bare host (`lampost.co`) gets `https://`;
/// `feed://` / `feed:https://` are understood. The result is normalised.
pub fn parse_input(input: &str) -> Result<Url, DiscoverError> {
    let s = input.trim();
    let shown = sanitize_line_capped(s, 200);
    if s.is_empty() {
        return Err(DiscoverError::InvalidUrl("no URL given".into()));
    }
    let s = if let Some(rest) = s.strip_prefix("feed:") {
        if rest.starts_with("//") {
            format!("http:{rest}")
        } else {
            rest.to_string()
        }
    } else if !s.contains("://") && looks_like_host(s) {
        format!("https://{s}")
    } else {
        s.to_string()
    };
    let url = Url::parse(&s)
        .map_err(|e| DiscoverError::InvalidUrl(format!("{shown:?} is not a valid URL ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(DiscoverError::InvalidUrl(format!(
            "{shown:?} is not an http(s) URL (scheme {:?})",
            sanitize_line_capped(url.scheme(), 40)
        )));
    }
    let normal = safe_link(url.as_str()).ok_or_else(|| {
        DiscoverError::InvalidUrl(format!("{shown:?} is not a usable http(s) URL"))
    })?;
    Url::parse(&normal).map_err(|e| DiscoverError::InvalidUrl(format!("{shown:?}: {e}")))
}

/// `example.com` or `example.com/path`: a dotted host name with no scheme.
fn looks_like_host(s: &str) -> bool {
    let host = s.split(['/', '?', '#']).next().unwrap_or("");
    let name = host.rsplit_once(':').map_or(host, |(h, _)| h);
    name.contains('.')
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-'))
}

/// Find the feeds at or announced by `input` (a feed URL or a site's page).
///
/// `limits` is the per-host limit to respect (share the reader's, so its refreshes and this
/// count together). Nothing is written anywhere.
pub async fn discover(
    client: &reqwest::Client,
    settings: &FetchSettings,
    limits: &HostLimits,
    input: &str,
) -> Result<Discovery, DiscoverError> {
    let url = parse_input(input)?;
    let asked = url.to_string();
    // The user typed it: its host may be private. What the page links to elsewhere may not.
    settings.policy.trust_url(&asked);
    let (bytes, content_type, final_url) = fetch_body(client, settings, limits, &asked)
        .await
        .map_err(|error| DiscoverError::Fetch {
            url: asked.clone(),
            error,
        })?;

    // A feed? Then that is the answer.
    let (parsed, bytes) = {
        let final_url = final_url.clone();
        tokio::task::spawn_blocking(move || (parse::parse(&bytes, &final_url), bytes))
            .await
            .map_err(|e| DiscoverError::NothingFound {
                url: asked.clone(),
                why: format!("reading it failed ({e})"),
            })?
    };
    let not_a_feed = match parsed {
        Ok(feed) => {
            return Ok(Discovery {
                url: asked.clone(),
                is_page: false,
                candidates: vec![candidate(asked, None, Source::Direct, &feed)],
                probed: 0,
            });
        }
        Err(e) => e.to_string(),
    };

    // A page: what it announces, and the usual places.
    let page_url = Url::parse(&final_url).unwrap_or_else(|_| url.clone());
    let page = {
        let page_url = page_url.clone();
        tokio::task::spawn_blocking(move || {
            let text = String::from_utf8_lossy(&bytes);
            let text = match text.char_indices().nth(MAX_PAGE_CHARS) {
                Some((i, _)) => &text[..i],
                None => &text[..],
            };
            read_page(text, &page_url)
        })
        .await
        .unwrap_or_default()
    };
    let mut probes = probe_list(&page, &page_url);
    // The page itself was fetched already, and was not a feed.
    let own = [url_key(&asked), url_key(&final_url)];
    probes.retain(|p| !own.contains(&url_key(&p.url)));
    probes.truncate(MAX_PROBES);
    let probed = probes.len();
    let candidates = probe_all(client, settings, limits, probes).await;
    if candidates.is_empty() {
        let is_html = content_type
            .as_deref()
            .is_some_and(|c| c.to_ascii_lowercase().contains("html"));
        let what = if is_html || !page.announced.is_empty() {
            "a web page".to_string()
        } else {
            format!("not a feed ({not_a_feed})")
        };
        let announced = match page.announced.len() {
            0 => "announces no feed".to_string(),
            1 => "announces 1 feed that could not be read".to_string(),
            n => format!("announces {n} feeds that could not be read"),
        };
        return Err(DiscoverError::NothingFound {
            url: asked,
            why: format!(
                "it is {what}, {announced}, and none of the {probed} addresses tried is a feed"
            ),
        });
    }
    Ok(Discovery {
        url: asked,
        is_page: true,
        candidates,
        probed,
    })
}

/// What a page says about its feeds and its platform.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageInfo {
    /// (absolute http(s) URL, sanitised link title) per announced feed, in page order, no
    /// duplicates.
    pub announced: Vec<(String, Option<String>)>,
    pub wordpress: bool,
    pub blogger: bool,
}

/// Read the feed links and platform hints of the page `html` found at `page_url`.
pub fn read_page(html: &str, page_url: &Url) -> PageInfo {
    // html5ever is quadratic in the nesting depth: a page nested too deep is read from its
    // head only (where feed links live), and not at all if even that is too deep.
    let limit = crate::article::extract::MAX_EXTRACT_DEPTH;
    let parsed = if crate::html::depth_exceeds(html, limit) {
        let head = head_of(html);
        if crate::html::depth_exceeds(head, limit) {
            ""
        } else {
            head
        }
    } else {
        html
    };
    let doc = dom_query::Document::from(parsed);
    let base = doc
        .select("base[href]")
        .nodes()
        .first()
        .and_then(|n| n.attr("href"))
        .and_then(|h| page_url.join(h.trim()).ok())
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .unwrap_or_else(|| page_url.clone());
    let mut info = PageInfo::default();
    for link in doc.select("link[href]").nodes() {
        let rel = link.attr("rel").map(|r| r.to_ascii_lowercase());
        if !rel.is_some_and(|r| r.split_ascii_whitespace().any(|t| t == "alternate")) {
            continue;
        }
        let ty = link
            .attr("type")
            .map(|t| t.to_ascii_lowercase())
            .unwrap_or_default();
        let ty = ty.split(';').next().unwrap_or("").trim();
        if !FEED_TYPES.contains(&ty) {
            continue;
        }
        let Some(href) = link.attr("href") else {
            continue;
        };
        let Some(abs) = base.join(href.trim()).ok().and_then(safe_url) else {
            continue;
        };
        if info.announced.iter().any(|(u, _)| *u == abs) {
            continue;
        }
        let title = link
            .attr("title")
            .map(|t| sanitize_line_capped(t.trim(), MAX_LINK_TITLE_CHARS))
            .filter(|t| !t.is_empty());
        info.announced.push((abs, title));
    }
    for meta in doc.select("meta[name][content]").nodes() {
        let is_generator = meta
            .attr("name")
            .is_some_and(|n| n.trim().eq_ignore_ascii_case("generator"));
        if !is_generator {
            continue;
        }
        let content = meta
            .attr("content")
            .map(|c| c.to_ascii_lowercase())
            .unwrap_or_default();
        info.wordpress |= content.contains("wordpress");
        info.blogger |= content.contains("blogger");
    }
    info.wordpress |= html.contains("/wp-content/");
    info.blogger |= page_url
        .host_str()
        .is_some_and(|h| h.to_ascii_lowercase().contains(".blogspot."));
    info
}

/// The part of a page before its `<body` (the whole page when it has none).
fn head_of(html: &str) -> &str {
    let lower = html.as_bytes();
    let at = memchr::memmem::find_iter(lower, b"<")
        .find(|&i| {
            lower
                .get(i + 1..i + 5)
                .is_some_and(|n| n.eq_ignore_ascii_case(b"body"))
        })
        .unwrap_or(html.len());
    &html[..at]
}

/// One URL to try.
#[derive(Debug, Clone, PartialEq)]
pub struct Probe {
    pub url: String,
    pub announced_title: Option<String>,
    pub source: Source,
}

/// The URLs worth trying for `page`, best first, without duplicates (not yet cut to
/// [`MAX_PROBES`]).
pub fn probe_list(page: &PageInfo, page_url: &Url) -> Vec<Probe> {
    let mut out: Vec<Probe> = Vec::new();
    let mut push = |url: String, announced_title: Option<String>, source: Source| {
        let key = url_key(&url);
        if !out.iter().any(|p| url_key(&p.url) == key) {
            out.push(Probe {
                url,
                announced_title,
                source,
            });
        }
    };
    for (url, title) in &page.announced {
        push(url.clone(), title.clone(), Source::Announced);
    }
    let mut paths: Vec<&str> = Vec::new();
    if page.wordpress {
        paths.push("/feed/");
    }
    if page.blogger {
        paths.push("/feeds/posts/default");
    }
    paths.extend_from_slice(USUAL_PATHS);
    for p in paths {
        if let Some(u) = page_url.join(p).ok().and_then(safe_url) {
            push(u, None, Source::Guessed);
        }
    }
    out
}

/// Fetch every probe (concurrently, per-host limited) and keep those that are feeds, in the
/// probes' order, the same feed once, comment feeds last.
async fn probe_all(
    client: &reqwest::Client,
    settings: &FetchSettings,
    limits: &HostLimits,
    probes: Vec<Probe>,
) -> Vec<Candidate> {
    let mut tasks = tokio::task::JoinSet::new();
    for (i, probe) in probes.into_iter().enumerate() {
        let (client, settings, limits) = (client.clone(), settings.clone(), limits.clone());
        tasks.spawn(async move {
            let (bytes, _, final_url) = fetch_body(&client, &settings, &limits, &probe.url)
                .await
                .ok()?;
            let feed = tokio::task::spawn_blocking(move || {
                let feed = parse::parse(&bytes, &final_url).ok()?;
                Some((feed, final_url))
            })
            .await
            .ok()??;
            Some((i, probe, feed))
        });
    }
    let mut found = Vec::new();
    while let Some(r) = tasks.join_next().await {
        if let Ok(Some(hit)) = r {
            found.push(hit);
        }
    }
    found.sort_by_key(|(i, ..)| *i);
    let mut seen: Vec<String> = Vec::new();
    let mut out: Vec<Candidate> = Vec::new();
    for (_, probe, (feed, final_url)) in found {
        let print = fingerprint(&feed);
        let fin = url_key(&final_url);
        if seen.contains(&fin) || seen.contains(&print) {
            continue;
        }
        seen.push(fin);
        seen.push(print);
        out.push(candidate(
            probe.url,
            probe.announced_title,
            probe.source,
            &feed,
        ));
    }
    // Stable: keeps page order within each group.
    out.sort_by_key(is_comments_feed);
    out
}

fn is_comments_feed(c: &Candidate) -> bool {
    let url = c.url.to_ascii_lowercase();
    let title = c.label().to_lowercase();
    url.contains("/comments/")
        || url.contains("comments/feed")
        || title.contains("comments")
        || title.contains("komentar")
}

/// Identity of a feed's content, to spot the same feed at two addresses.
fn fingerprint(feed: &ParsedFeed) -> String {
    let keys: Vec<&str> = feed.items.iter().take(3).map(|i| i.key.as_str()).collect();
    format!(
        "feed\u{1}{}\u{1}{}\u{1}{}",
        feed.title.as_deref().unwrap_or(""),
        feed.items.len(),
        keys.join("\u{1}")
    )
}

fn candidate(
    url: String,
    announced_title: Option<String>,
    source: Source,
    feed: &ParsedFeed,
) -> Candidate {
    Candidate {
        url,
        title: feed.title.clone().filter(|t| !t.trim().is_empty()),
        announced_title,
        items: feed.items.len(),
        newest: feed.items.iter().filter_map(|i| i.published).max(),
        source,
    }
}

/// GET through the per-host limit; (body, content type, final URL).
pub async fn fetch_body(
    client: &reqwest::Client,
    settings: &FetchSettings,
    limits: &HostLimits,
    url: &str,
) -> Result<(Vec<u8>, Option<String>, String), FetchError> {
    let _slot = limits.acquire(url).await;
    match fetch::get(client, settings, url, None, None).await? {
        Fetched::Body {
            bytes,
            content_type,
            final_url,
            ..
        } => Ok((bytes, content_type, final_url)),
        // Never asked conditionally, so a 304 is the server's mistake.
        Fetched::NotModified => Err(FetchError::Status { status: 304 }),
    }
}
