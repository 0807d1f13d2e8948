//! One sync: read what changed on the server, push the outbox (rows leave only once the server
//! has them), then store the pull in one transaction. The store stays the cache the reader uses.

use std::collections::{HashMap, HashSet};

use crate::config::sync::{SecretRole, SecretSource};
use crate::config::{SyncConfig, SyncKind};
use crate::feed::parse::{ParsedFeed, ParsedItem};
use crate::store::outbox::{Change, Pending};
use crate::store::{RemoteFeedRow, RemoteState, Store, StoreError, SyncApply, SyncCounts};

use super::{Backend, GReader, Miniflux, MinifluxAuth, RemoteEntry, Secret, SyncError};
use super::{SyncErrorKind, SyncSettings};

/// Seconds the next Miniflux pull overlaps the last (its `changed_after` is strictly after).
const OVERLAP: i64 = 2;

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Articles new in the store, plus states that changed.
    pub pulled: usize,
    /// Outbox changes the server acknowledged.
    pub pushed: usize,
    /// Outbox changes the server refused for good (dropped: a deleted entry or feed).
    pub failed: usize,
    /// Why the server refused them, each reason once.
    pub refused: Vec<SyncError>,
    /// Local marks carried over to the server's copy of an article when sync was turned on.
    pub kept: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("{0}")]
    Sync(#[from] SyncError),
    #[error("{0}")]
    Store(#[from] StoreError),
}

/// The HTTP settings of sync requests: the config's timeout and user agent.
pub fn settings(config: &crate::config::Config) -> SyncSettings {
    SyncSettings {
        timeout: std::time::Duration::from_secs(config.timeout_seconds.max(1)),
        user_agent: config.user_agent.clone(),
        ..SyncSettings::default()
    }
}

/// The client for `[sync]`, with its secret loaded (from the command, variable or file).
pub fn backend(cfg: &SyncConfig, settings: SyncSettings) -> Result<Backend, SyncError> {
    let Some((role, source)) = cfg.secret() else {
        return Err(SyncError::new(
            SyncErrorKind::Secret,
            "no secret configured",
        ));
    };
    let secret = match source {
        SecretSource::Command(argv) => Secret::from_command(argv)?,
        SecretSource::Env(var) => Secret::from_env(var)?,
        SecretSource::Inline(s) => Secret::new(s.trim()),
    };
    let user = cfg.username.clone().unwrap_or_default();
    Ok(match (cfg.kind, role) {
        (SyncKind::Miniflux, SecretRole::ApiKey) => Backend::Miniflux(Miniflux::new(
            &cfg.url,
            MinifluxAuth::ApiKey(secret),
            settings,
        )?),
        (SyncKind::Miniflux, SecretRole::Password) => Backend::Miniflux(Miniflux::new(
            &cfg.url,
            MinifluxAuth::Basic {
                username: user,
                password: secret,
            },
            settings,
        )?),
        (SyncKind::Greader, _) => {
            Backend::GReader(GReader::new(&cfg.url, &user, secret, settings)?)
        }
    })
}

/// What the server has that the store may not: read before anything is pushed, so the newer
/// change wins. New entries are stored page by page (Miniflux) or batch by batch (Google
/// Reader) as they arrive (their bodies are most of a pull's memory); their states, and the
/// cursor, are stored once at the end.
struct Pull {
    feeds: Vec<RemoteFeedRow>,
    /// Every pulled entry's id, feed, times and state, without their bodies: those were
    /// stored on the way or are in the store already.
    entries: Vec<RemoteEntry>,
    /// Google Reader: the unread and starred ids (its states come as lists).
    lists: Option<(HashSet<i64>, HashSet<i64>)>,
    cursor: Option<i64>,
    /// What the pages stored on the way.
    stored: SyncCounts,
    /// Feeds (server ids) with unread entries this store had not seen before this pull.
    unseen_feeds: HashSet<String>,
}

async fn pull(
    store: &mut Store,
    backend: &Backend,
    account: &str,
    max_items: usize,
) -> Result<Pull, EngineError> {
    let feeds = feed_rows(&backend.feeds().await?);
    match backend {
        Backend::Miniflux(c) => {
            let since = store.sync_cursor(account)?.map(|c| c - OVERLAP);
            let mut have = store.synced_entries()?;
            let mut entries = Vec::new();
            let mut stored = SyncCounts::default();
            let mut unseen_feeds = HashSet::new();
            let mut page = c.entries_page(since, 0).await?;
            loop {
                let last = page.len() < c.page_size();
                let after = page.iter().map(|e| e.id).max().unwrap_or(0);
                let (new, mut known): (Vec<RemoteEntry>, Vec<RemoteEntry>) =
                    page.into_iter().partition(|e| !have.contains(&e.id));
                for e in &mut known {
                    e.content_html = String::new();
                }
                for e in &new {
                    have.insert(e.id);
                    if !e.read {
                        unseen_feeds.insert(e.feed_id.clone());
                    }
                    known.push(without_body(e));
                }
                entries.append(&mut known);
                // The next page is asked for first, and the server works on it while this
                // one is stored (the request goes out before the write blocks this task).
                let next = async {
                    match last {
                        true => Ok(Vec::new()),
                        false => c.entries_page(since, after).await,
                    }
                };
                let write = async {
                    match new.is_empty() {
                        true => Ok(SyncCounts::default()),
                        false => store_new(store, account, &feeds, new, max_items),
                    }
                };
                let (next, counts) = tokio::join!(next, write);
                let counts = counts?;
                stored.new += counts.new;
                stored.kept += counts.kept;
                if last {
                    break;
                }
                page = next?;
            }
            let cursor = entries
                .iter()
                .map(|e| e.changed)
                .max()
                .or(since.map(|s| s + OVERLAP));
            Ok(Pull {
                feeds,
                entries,
                lists: None,
                cursor,
                stored,
                unseen_feeds,
            })
        }
        Backend::GReader(c) => {
            // New entries are the ids the store lacks: `ot` goes by publication time, and
            // a feed added later brings older stories.
            let have = store.synced_entries()?;
            let all = c
                .item_ids("user/-/state/com.google/reading-list", None, None)
                .await?;
            let missing: Vec<i64> = all.into_iter().filter(|id| !have.contains(id)).collect();
            // Stored a batch at a time as they come, as Miniflux pages are: a first sync of a
            // large account holds one batch of bodies, not all of them, and an interrupted
            // one keeps what it got. The states come with the end of the sync.
            let mut entries = Vec::new();
            let mut stored = SyncCounts::default();
            for ids in missing.chunks(c.batch()) {
                let page = c.contents(ids).await?;
                entries.extend(page.iter().map(without_body));
                let counts = store_new(store, account, &feeds, page, max_items)?;
                stored.new += counts.new;
                stored.kept += counts.kept;
            }
            let unread: HashSet<i64> = c.unread_ids().await?.into_iter().collect();
            let starred: HashSet<i64> = c.starred_ids().await?.into_iter().collect();
            let unseen_feeds = entries
                .iter()
                .filter(|e| unread.contains(&e.id))
                .map(|e| e.feed_id.clone())
                .collect();
            Ok(Pull {
                feeds,
                entries,
                lists: Some((unread, starred)),
                cursor: None,
                stored,
                unseen_feeds,
            })
        }
    }
}

/// What the rest of a sync needs of an entry once it is stored: its feed, state and times.
fn without_body(e: &RemoteEntry) -> RemoteEntry {
    RemoteEntry {
        id: e.id,
        feed_id: e.feed_id.clone(),
        url: None,
        title: String::new(),
        content_html: String::new(),
        author: None,
        published: e.published,
        changed: e.changed,
        read: e.read,
        starred: e.starred,
        enclosures: Vec::new(),
    }
}

fn feed_rows(feeds: &[super::RemoteFeed]) -> Vec<RemoteFeedRow> {
    feeds
        .iter()
        .map(|f| RemoteFeedRow {
            remote_id: f.id.clone(),
            url: f.url.clone().unwrap_or_else(|| format!("sync:{}", f.id)),
            title: f.title.clone(),
            site_link: f.site_url.clone(),
            category: f.categories.first().cloned(),
        })
        .collect()
}

/// Entries as articles by their feed, ready to store (moved: the bodies are not copied).
fn articles(entries: Vec<RemoteEntry>) -> Vec<(String, crate::store::NewFeed)> {
    let mut by_feed: HashMap<String, Vec<ParsedItem>> = HashMap::new();
    for e in entries {
        by_feed.entry(e.feed_id).or_default().push(ParsedItem {
            key: format!("sync:{}", e.id),
            title: e.title,
            link: e.url,
            author: e.author,
            published: Some(e.published),
            summary: None,
            content: Some(e.content_html),
            enclosures: e.enclosures,
        });
    }
    by_feed
        .into_iter()
        .map(|(feed, items)| {
            let parsed = ParsedFeed {
                title: None,
                site_link: None,
                items,
            };
            (feed, crate::feed::ingest::prepare(parsed))
        })
        .collect()
}

/// Store a page of new entries (in one transaction); their states come with the end of the sync.
fn store_new(
    store: &mut Store,
    account: &str,
    feeds: &[RemoteFeedRow],
    entries: Vec<RemoteEntry>,
    max_items: usize,
) -> Result<SyncCounts, StoreError> {
    store.apply_sync(
        &SyncApply {
            account,
            feeds,
            articles: &articles(entries),
            states: &[],
            full_state: None,
            pushed: &HashSet::new(),
            cursor: None,
        },
        max_items,
        crate::time::now(),
    )
}

/// Where a running sync is, for a progress line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncStage {
    /// Asking the server what changed (new entries are stored as their pages arrive).
    Pulling,
    /// Sending this many waiting changes.
    Pushing(usize),
    /// Storing this many new or changed entries.
    Storing(usize),
}

/// Sync `store` with `backend` once: pull what changed (storing new entries as they come),
/// push the outbox, store the states and where the next sync starts.
pub async fn sync(
    store: &mut Store,
    backend: &Backend,
    account: &str,
    max_items: usize,
) -> Result<SyncReport, EngineError> {
    sync_with(store, backend, account, max_items, &mut |_| {}).await
}

/// [`sync`], telling `progress` each stage as it starts.
pub async fn sync_with(
    store: &mut Store,
    backend: &Backend,
    account: &str,
    max_items: usize,
    progress: &mut (dyn FnMut(SyncStage) + Send),
) -> Result<SyncReport, EngineError> {
    progress(SyncStage::Pulling);
    let mut pulled = pull(store, backend, account, max_items).await?;
    let facts = PullFacts {
        changed_at: (pulled.entries.iter()).map(|e| (e.id, e.changed)).collect(),
        unseen_feeds: std::mem::take(&mut pulled.unseen_feeds),
    };
    let mut report = SyncReport::default();
    progress(SyncStage::Pushing(store.outbox_len()?.max(0) as usize));
    let pushed = push(store, backend, &facts, &mut report).await?;
    progress(SyncStage::Storing(pulled.entries.len()));

    let states: Vec<RemoteState> = match pulled.lists {
        Some(_) => Vec::new(),
        None => pulled
            .entries
            .iter()
            .map(|e| RemoteState {
                entry: e.id,
                read: e.read,
                starred: e.starred,
            })
            .collect(),
    };
    let counts = store.apply_sync(
        &SyncApply {
            account,
            feeds: &pulled.feeds,
            articles: &[],
            states: &states,
            full_state: pulled.lists.as_ref().map(|(u, s)| (u, s)),
            pushed: &pushed,
            cursor: pulled.cursor,
        },
        max_items,
        crate::time::now(),
    )?;
    // As after a refresh, the search index catches up later (the reader in the background,
    // `kabar search` before it searches).
    report.pulled = pulled.stored.new + counts.new + counts.states;
    report.kept = pulled.stored.kept + counts.kept;
    if report.kept > 0 {
        // The carried marks are in the outbox now: send them at once.
        push(store, backend, &PullFacts::default(), &mut report).await?;
    }
    Ok(report)
}

/// What the push needs to know of this sync's pull.
#[derive(Default)]
struct PullFacts {
    /// When the server last changed each pulled entry.
    changed_at: HashMap<i64, i64>,
    /// Feeds (server ids) with unread entries this store has not seen yet.
    unseen_feeds: HashSet<String>,
}

/// Push the outbox, oldest first, a run of like changes per request; each run's rows leave
/// once the server answered. A change older than the server's own change of that entry is
/// dropped (the newer one wins). Gives the entries whose state was pushed.
async fn push(
    store: &mut Store,
    backend: &Backend,
    facts: &PullFacts,
    report: &mut SyncReport,
) -> Result<HashSet<i64>, EngineError> {
    let changed_at = &facts.changed_at;
    let pending = store.outbox_pending(1_000_000)?;
    let mut pushed = HashSet::new();
    let mut i = 0;
    while i < pending.len() {
        let kind = run_kind(&pending[i].change);
        let mut j = i;
        while j < pending.len() && run_kind(&pending[j].change) == kind && j - i < 1000 {
            j += 1;
        }
        let run = &pending[i..j];
        i = j;
        let (stale, live): (Vec<&Pending>, Vec<&Pending>) = run.iter().partition(|p| {
            entry_of(&p.change).is_some_and(|e| changed_at.get(&e).is_some_and(|c| *c > p.created))
        });
        if !stale.is_empty() {
            store.outbox_acknowledged(&stale.iter().map(|p| p.id).collect::<Vec<_>>())?;
        }
        if live.is_empty() {
            continue;
        }
        let ids: Vec<i64> = live.iter().map(|p| p.id).collect();
        // The articles a mark-all covered: the server's state of them is older than ours.
        let mut marked = Vec::new();
        for p in &live {
            if let Some(scope) = mark_scope(&p.change) {
                marked.extend(store.read_entries_in(scope, p.created)?);
            }
        }
        match send(backend, &live, store, &facts.unseen_feeds).await {
            Ok(()) => {
                store.outbox_acknowledged(&ids)?;
                report.pushed += ids.len();
                pushed.extend(live.iter().filter_map(|p| entry_of(&p.change)));
                pushed.extend(marked);
            }
            Err(EngineError::Sync(e)) if permanent(&e) => {
                tracing::warn!("sync: the server refused {} change(s): {e}", ids.len());
                store.outbox_acknowledged(&ids)?;
                report.failed += ids.len();
                if !report.refused.contains(&e) {
                    report.refused.push(e);
                }
            }
            Err(e) => return Err(e),
        }
    }
    Ok(pushed)
}

/// Changes sent together: reads or stars of one value; every other change alone.
fn run_kind(c: &Change) -> (u8, bool) {
    match c {
        Change::Read { read, .. } => (0, *read),
        Change::Starred { starred, .. } => (1, *starred),
        _ => (2, false),
    }
}

fn entry_of(c: &Change) -> Option<i64> {
    match c {
        Change::Read { entry, .. } | Change::Starred { entry, .. } => Some(*entry),
        _ => None,
    }
}

/// A refusal that retrying will not change (the entry or feed is gone, the request is wrong).
fn permanent(e: &SyncError) -> bool {
    matches!(e.kind, SyncErrorKind::NotFound)
        || matches!(e.kind, SyncErrorKind::Refused(s) if s != 408 && s != 429)
}

/// The feed a mark-all covers (`Some(None)`: every feed); `None` for other changes.
fn mark_scope(c: &Change) -> Option<Option<&str>> {
    match c {
        Change::MarkFeedRead { feed } => Some(Some(feed)),
        Change::MarkAllRead => Some(None),
        _ => None,
    }
}

/// A mark-all made at `created`: the server's own mark-all-read, unless the server has unread
/// entries in its scope this store has not shown yet (they arrived later, or while offline).
/// Then only the entries it covered here are marked, so nothing unseen is marked read.
async fn mark_all(
    backend: &Backend,
    store: &Store,
    scope: Option<&str>,
    created: i64,
    unseen_feeds: &HashSet<String>,
) -> Result<(), EngineError> {
    let unseen = match scope {
        Some(feed) => unseen_feeds.contains(feed),
        None => !unseen_feeds.is_empty(),
    };
    if !unseen {
        match scope {
            Some(feed) => backend.mark_feed_read(feed).await?,
            None => backend.mark_all_read().await?,
        }
        return Ok(());
    }
    for ids in store.read_entries_in(scope, created)?.chunks(1000) {
        backend.set_read(ids, true).await?;
    }
    Ok(())
}

async fn send(
    backend: &Backend,
    run: &[&Pending],
    store: &Store,
    unseen_feeds: &HashSet<String>,
) -> Result<(), EngineError> {
    let Some(first) = run.first() else {
        return Ok(());
    };
    let entries: Vec<i64> = run.iter().filter_map(|p| entry_of(&p.change)).collect();
    match &first.change {
        Change::Read { read, .. } => Ok(backend.set_read(&entries, *read).await?),
        Change::Starred { starred, .. } => Ok(backend.set_starred(&entries, *starred).await?),
        _ => {
            for p in run {
                match &p.change {
                    Change::Subscribe { url } => backend.subscribe(url).await.map(|_| ())?,
                    Change::Unsubscribe { feed } => backend.unsubscribe(feed).await?,
                    Change::MarkFeedRead { feed } => {
                        mark_all(backend, store, Some(feed), p.created, unseen_feeds).await?
                    }
                    Change::MarkAllRead => {
                        mark_all(backend, store, None, p.created, unseen_feeds).await?
                    }
                    Change::Read { .. } | Change::Starred { .. } => {}
                }
            }
            Ok(())
        }
    }
}
