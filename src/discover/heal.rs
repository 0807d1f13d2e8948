//! Feed addresses that heal themselves: after a refresh, a feed whose address answered 404/410
//! or a web page gets one run of discovery (the page's own feed links, then the site root with
//! its WordPress and Blogger paths), and a feed of the same site it finds is offered on the
//! feed list ("feed moved? found …"). A feed reached through permanent redirects (301/308) is
//! moved to where they lead, in the config file (comments kept). The embedded default list has
//! no file: there every fix is applied at once, in the store.

use super::{Candidate, discover};
use crate::config::edit::url_key;
use crate::feed::refresh::{self, Healing, RefreshEvent, RefreshParams, Summary};
use crate::net::fetch::FetchSettings;
use crate::net::limit::HostLimits;
use crate::store::{FeedTarget, Store};
use std::path::PathBuf;
use tokio::sync::mpsc;
use url::Url;

/// Where fixes go.
#[derive(Debug, Clone)]
pub enum FixTo {
    /// The user's config file: 301/308 moves are written there; found feeds are suggested.
    Config(PathBuf),
    /// The embedded default list: every fix is applied in the store at once.
    Defaults,
    /// No file known (tests): found feeds are suggested, moves are not applied.
    Nowhere,
}

/// [`refresh::run`], then healing of what broke or moved; the `Finished` event (sent last)
/// carries what was healed in [`Summary::healing`].
pub async fn run(
    params: RefreshParams,
    targets: Vec<FeedTarget>,
    tx: mpsc::UnboundedSender<RefreshEvent>,
    fix: FixTo,
) -> Summary {
    let mut summary = refresh::run_unfinished(params.clone(), targets, tx.clone()).await;
    if !summary.broken.is_empty() || !summary.redirected.is_empty() {
        let client = crate::net::fetch::client(&params.fetch);
        summary.healing = heal(&client, &params, &summary, &fix).await;
    }
    let _ = tx.send(RefreshEvent::Finished(summary.clone()));
    summary
}

/// Look for where broken feeds went and follow permanent moves (see the module doc).
pub async fn heal(
    client: &reqwest::Client,
    params: &RefreshParams,
    summary: &Summary,
    fix: &FixTo,
) -> Healing {
    let mut out = Healing::default();
    let db = params.db_path.clone();
    let Ok((mut store, _)) = Store::open(&db) else {
        return out;
    };
    let now = crate::time::now();
    for (id, from, _) in &summary.redirected {
        let Some(to) = permanent_target(&params.fetch, from).await else {
            continue;
        };
        if apply(&mut store, fix, *id, from, &to, now) {
            match fix {
                FixTo::Defaults => out.applied.push((*id, from.clone(), to)),
                _ => out.moved.push((*id, from.clone(), to)),
            }
        }
    }
    for (id, url) in &summary.broken {
        if store.heal_checked(*id, url).unwrap_or(true) {
            continue;
        }
        let found = find_moved(client, &params.fetch, &params.limits, url).await;
        let _ = store.record_heal(
            *id,
            url,
            found.as_ref().map(|c| (c.url.as_str(), c.title.as_deref())),
            now,
        );
        let Some(found) = found else { continue };
        match fix {
            FixTo::Defaults => {
                if apply(&mut store, fix, *id, url, &found.url, now) {
                    out.applied.push((*id, url.clone(), found.url));
                }
            }
            FixTo::Config(_) | FixTo::Nowhere => {
                out.suggested.push((*id, url.clone(), found.url));
            }
        }
    }
    out
}

/// Move feed `id` from `from` to `to`: in the config file (then the store follows at once, so
/// the next refresh asks the new address), or for the defaults in the store only.
pub fn apply(store: &mut Store, fix: &FixTo, id: i64, from: &str, to: &str, now: i64) -> bool {
    match fix {
        FixTo::Config(path) => match crate::config::edit::replace_url(path, from, to) {
            Ok(true) => store.move_feed(id, to, false, now).unwrap_or(false),
            Ok(false) => false,
            Err(e) => {
                tracing::warn!("cannot write the moved feed to {}: {e}", path.display());
                false
            }
        },
        FixTo::Defaults => store.move_feed(id, to, true, now).unwrap_or(false),
        FixTo::Nowhere => false,
    }
}

/// Where `url` leads through 301/308 answers only (none of them temporary), if anywhere else.
/// Asked without following redirects (the refresh client follows them all, and cannot say
/// which were permanent); only for feeds the refresh saw redirected.
pub async fn permanent_target(settings: &FetchSettings, url: &str) -> Option<String> {
    let plain = reqwest::Client::builder()
        .user_agent(settings.user_agent.clone())
        .connect_timeout(settings.connect_timeout)
        .timeout(settings.timeout)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .ok()?;
    let mut at = Url::parse(url).ok()?;
    let mut moved = false;
    for _ in 0..settings.max_redirects {
        let resp = plain.get(at.clone()).send().await.ok()?;
        let status = resp.status().as_u16();
        if !matches!(status, 301 | 308) {
            break;
        }
        let next = resp
            .headers()
            .get(reqwest::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|l| at.join(l.trim()).ok())
            .and_then(crate::text::safe_url)
            .and_then(|u| Url::parse(&u).ok())?;
        at = next;
        moved = true;
    }
    let to = at.to_string();
    (moved && url_key(&to) != url_key(url)).then_some(to)
}

/// Run discovery for the broken feed address `url`: the address itself (a page now, with feed
/// links), else its site's root. The best feed found on the same site, not `url` itself.
pub async fn find_moved(
    client: &reqwest::Client,
    settings: &FetchSettings,
    limits: &HostLimits,
    url: &str,
) -> Option<Candidate> {
    let pick = |cands: Vec<Candidate>| {
        cands
            .into_iter()
            .find(|c| same_site(url, &c.url) && url_key(&c.url) != url_key(url))
    };
    if let Ok(d) = discover(client, settings, limits, url).await
        && d.is_page
        && let Some(c) = pick(d.candidates)
    {
        return Some(c);
    }
    let root = Url::parse(url).ok()?.join("/").ok()?;
    if url_key(root.as_str()) == url_key(url) {
        return None;
    }
    let d = discover(client, settings, limits, root.as_str())
        .await
        .ok()?;
    pick(d.candidates)
}

/// Second-level labels under which names are registered, as in `example.co.id`.
const SECOND_LEVELS: &[&str] = &[
    "ac", "co", "com", "edu", "go", "gov", "mil", "my", "net", "or", "org", "sch", "web", "ne",
];

/// The registrable part of a host name (`lampung.tribunnews.com` -> `tribunnews.com`,
/// `x.example.co.id` -> `example.co.id`); an IP address is its own site.
fn site(host: &str) -> String {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if host.parse::<std::net::IpAddr>().is_ok() || host.starts_with('[') {
        return host;
    }
    let labels: Vec<&str> = host.split('.').collect();
    let n = labels.len();
    let keep = if n >= 3 && labels[n - 1].len() == 2 && SECOND_LEVELS.contains(&labels[n - 2]) {
        3
    } else {
        2
    };
    labels[n.saturating_sub(keep)..].join(".")
}

/// True when `b` is on the same site as `a`: the same registrable name, or a subdomain of it.
pub fn same_site(a: &str, b: &str) -> bool {
    let host = |u: &str| Url::parse(u).ok()?.host_str().map(site);
    matches!((host(a), host(b)), (Some(x), Some(y)) if x == y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_site_is_the_registrable_name() {
        assert!(same_site(
            "https://lampung.tribunnews.com/rss",
            "https://www.tribunnews.com/feed"
        ));
        assert!(same_site(
            "https://lampost.co/old.xml",
            "https://lampost.co/feed/"
        ));
        assert!(same_site(
            "https://a.example.co.id/x",
            "https://example.co.id/feed"
        ));
        assert!(!same_site(
            "https://a.example.co.id/x",
            "https://other.co.id/feed"
        ));
        assert!(!same_site("https://lampost.co/x", "https://evil.com/feed"));
        assert!(same_site("http://127.0.0.1:9/x", "http://127.0.0.1:9/feed"));
        assert!(!same_site("http://127.0.0.1/x", "http://127.0.0.2/feed"));
    }
}
