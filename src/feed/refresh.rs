//! Background refresh: fetch every feed with bounded concurrency (global and per host), parse
//! off the async threads, write each feed in one transaction on a single writer thread, and
//! report owned results through a channel. Used by the TUI and by `kabar refresh` alike.

use crate::feed::fetch::{self, FetchSettings, Fetched};
use crate::feed::limit::HostLimits;
use crate::feed::parse;
use crate::store::{FeedTarget, FetchMeta, ItemExtras, Store};
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::{Semaphore, mpsc};

/// Everything a refresh needs, owned (it runs on other threads).
#[derive(Debug, Clone)]
pub struct RefreshParams {
    pub fetch: FetchSettings,
    pub concurrency: usize,
    pub per_host: usize,
    pub max_items: usize,
    pub db_path: PathBuf,
    /// Shared with full-article fetches, so `per_host` holds across both.
    pub limits: HostLimits,
}

impl RefreshParams {
    pub fn from_config(c: &crate::config::Config, db_path: PathBuf) -> Self {
        RefreshParams {
            fetch: FetchSettings::from_config(c),
            concurrency: c.concurrency.max(1),
            per_host: c.per_host.max(1),
            max_items: c.max_items_per_feed.max(1),
            db_path,
            limits: HostLimits::new(c.per_host),
        }
    }
}

/// How one feed's refresh ended.
#[derive(Debug, Clone, PartialEq)]
pub enum FeedOutcome {
    /// Fetched and stored; `new` articles were added.
    Updated {
        new: usize,
    },
    /// 304, or the same bytes as last time.
    NotModified,
    /// Not asked this time (the server said to wait).
    Skipped(String),
    Failed(String),
}

impl FeedOutcome {
    /// The one-line form `kabar refresh` prints (English; see `line_in`).
    pub fn line(&self) -> String {
        self.line_in(crate::i18n::Lang::En)
    }

    /// The one-line form `kabar refresh` prints, in `lang`.
    pub fn line_in(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::{t, tf};
        match self {
            FeedOutcome::Updated { new } => tf(lang, "cli.ok_new", &[("n", new.to_string())]),
            FeedOutcome::NotModified => t(lang, "cli.not_modified").into(),
            FeedOutcome::Skipped(why) => tf(lang, "cli.skipped", &[("why", why.clone())]),
            FeedOutcome::Failed(why) => tf(lang, "cli.failed", &[("why", why.clone())]),
        }
    }
}

/// Progress and results, sent as they happen.
#[derive(Debug, Clone, PartialEq)]
pub enum RefreshEvent {
    Started { total: usize },
    FeedDone { id: i64, outcome: FeedOutcome },
    Finished(Summary),
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    pub total: usize,
    pub updated: usize,
    pub not_modified: usize,
    pub skipped: usize,
    pub new_articles: usize,
    /// (feed id, error) of every failed feed.
    pub failed: Vec<(i64, String)>,
}

/// A parsed feed with what was derived from its items, ready to store.
type Prepared = (parse::ParsedFeed, Vec<ItemExtras>, FetchMeta);

struct WriteJob {
    id: i64,
    result: std::result::Result<Prepared, WriteFailure>,
}

enum WriteFailure {
    NotModified(FetchMeta),
    Skipped(String),
    Failed(String, Option<i64>),
}

/// Refresh `targets`, sending events to `tx`; returns the summary (also sent as `Finished`).
pub async fn run(
    params: RefreshParams,
    targets: Vec<FeedTarget>,
    tx: mpsc::UnboundedSender<RefreshEvent>,
) -> Summary {
    let total = targets.len();
    let _ = tx.send(RefreshEvent::Started { total });

    // One writer thread owns the write connection: writes never contend inside this process.
    // Bounded: when the writer falls behind, fetchers wait instead of piling parsed feeds up
    // in memory (peak memory stays flat however many feeds there are).
    let (wtx, wrx) = mpsc::channel::<WriteJob>(4);
    let writer = {
        let tx = tx.clone();
        let db = params.db_path.clone();
        let max_items = params.max_items;
        std::thread::Builder::new()
            .name("kabar-writer".into())
            .spawn(move || writer_loop(db, max_items, wrx, tx))
            .ok()
    };

    let client = fetch::client(&params.fetch);
    let global = Arc::new(Semaphore::new(params.concurrency));
    let now = crate::time::now();
    let mut tasks = tokio::task::JoinSet::new();
    for t in targets {
        let limits = params.limits.clone();
        let global = global.clone();
        let client = client.clone();
        let settings = params.fetch.clone();
        let wtx = wtx.clone();
        tasks.spawn(async move {
            if let Some(until) = t.retry_after.filter(|u| *u > now) {
                let result = Err(WriteFailure::Skipped(format!(
                    "server minta menunggu sampai {} (Retry-After)",
                    crate::time::long(until)
                )));
                let _ = wtx.send(WriteJob { id: t.id, result }).await;
                return;
            }
            // Host first, then global: a task queued behind a busy host holds no global slot.
            let host = limits.acquire(&t.url).await;
            let global = global.acquire_owned().await;
            let result = fetch_one(&client, &settings, &t).await;
            drop(host);
            // The global slot is held until the writer takes the feed, so parsed feeds never
            // pile up in memory faster than they are stored.
            let _ = wtx.send(WriteJob { id: t.id, result }).await;
            drop(global);
        });
    }
    drop(wtx);
    while tasks.join_next().await.is_some() {}
    let summary = match writer {
        Some(w) => tokio::task::spawn_blocking(move || w.join().ok())
            .await
            .ok()
            .flatten()
            .unwrap_or_default(),
        None => Summary::default(),
    };
    let summary = Summary { total, ..summary };
    full_text_phase(&params, &client, now).await;
    let _ = tx.send(RefreshEvent::Finished(summary.clone()));
    summary
}

/// For feeds with `full_text = "always"`: fetch the page of every new excerpt-only article
/// now, so it reads offline later.
async fn full_text_phase(params: &RefreshParams, client: &reqwest::Client, since: i64) {
    let db = params.db_path.clone();
    let jobs = tokio::task::spawn_blocking(move || {
        let (store, _) = Store::open(&db).ok()?;
        let rows = store.full_text_candidates(since).ok()?;
        Some(
            rows.into_iter()
                .filter(|(_, _, summary, content)| {
                    crate::article::extract::is_excerpt(summary.as_deref(), content.as_deref())
                })
                .map(|(id, link, _, _)| (id, link))
                .collect::<Vec<_>>(),
        )
    })
    .await
    .ok()
    .flatten()
    .unwrap_or_default();
    if jobs.is_empty() {
        return;
    }
    let results = crate::article::fulltext::fetch_many(
        client,
        &params.fetch,
        &params.limits,
        params.concurrency,
        jobs,
    )
    .await;
    let db = params.db_path.clone();
    let _ = tokio::task::spawn_blocking(move || {
        let Ok((mut store, _)) = Store::open(&db) else {
            return;
        };
        for (id, result) in results {
            if let Err(e) = store.set_full_text(id, &result) {
                tracing::warn!("cannot store full text of article {id}: {e}");
            }
        }
    })
    .await;
}

async fn fetch_one(
    client: &reqwest::Client,
    settings: &FetchSettings,
    t: &FeedTarget,
) -> std::result::Result<Prepared, WriteFailure> {
    let got = fetch::get(
        client,
        settings,
        &t.url,
        t.etag.as_deref(),
        t.last_modified.as_deref(),
    )
    .await;
    let (bytes, etag, last_modified, final_url) = match got {
        Ok(Fetched::NotModified) => return Err(WriteFailure::NotModified(FetchMeta::default())),
        Ok(Fetched::Body {
            bytes,
            etag,
            last_modified,
            final_url,
            ..
        }) => (bytes, etag, last_modified, final_url),
        Err(e) => {
            let retry = e.retry_after().map(|s| crate::time::now() + s as i64);
            return Err(WriteFailure::Failed(e.to_string(), retry));
        }
    };
    let hash = format!("{:016x}", fnv1a(&bytes));
    let meta = FetchMeta {
        etag,
        last_modified,
        body_hash: Some(hash.clone()),
    };
    // A server that ignores conditional GET but sends the same bytes costs no parse.
    if t.body_hash.as_deref() == Some(hash.as_str()) {
        return Err(WriteFailure::NotModified(meta));
    }
    // Parsing and deriving search text and places run here, in parallel across feeds; the
    // writer thread only writes.
    let parsed = tokio::task::spawn_blocking(move || {
        parse::parse(&bytes, &final_url).map(|feed| {
            let extras = crate::store::prepare(&feed);
            (feed, extras)
        })
    })
    .await;
    match parsed {
        Ok(Ok((feed, extras))) => Ok((feed, extras, meta)),
        Ok(Err(e)) => Err(WriteFailure::Failed(e.to_string(), None)),
        Err(_) => Err(WriteFailure::Failed(
            "parser crashed on this feed".into(),
            None,
        )),
    }
}

fn writer_loop(
    db: PathBuf,
    max_items: usize,
    mut rx: mpsc::Receiver<WriteJob>,
    tx: mpsc::UnboundedSender<RefreshEvent>,
) -> Summary {
    let mut summary = Summary::default();
    let mut store = match Store::open(&db) {
        Ok((s, _)) => Some(s),
        Err(e) => {
            tracing::error!("refresh cannot open the store: {e}");
            None
        }
    };
    while let Some(job) = rx.blocking_recv() {
        let now = crate::time::now();
        let outcome = match (&mut store, job.result) {
            (None, _) => FeedOutcome::Failed("database unavailable".into()),
            (Some(s), Ok((feed, extras, meta))) => {
                match s.apply_prepared(job.id, &feed, &extras, &meta, max_items, now) {
                    Ok(new) => FeedOutcome::Updated { new },
                    Err(e) => FeedOutcome::Failed(format!("cannot store: {e}")),
                }
            }
            (Some(s), Err(WriteFailure::NotModified(meta))) => {
                match s.mark_unchanged(job.id, &meta, now) {
                    Ok(()) => FeedOutcome::NotModified,
                    Err(e) => FeedOutcome::Failed(format!("cannot store: {e}")),
                }
            }
            (Some(_), Err(WriteFailure::Skipped(why))) => FeedOutcome::Skipped(why),
            (Some(s), Err(WriteFailure::Failed(why, retry))) => {
                let why = crate::text::sanitize_line(&why);
                if let Err(e) = s.mark_failed(job.id, &why, retry, now) {
                    tracing::error!("cannot record failure of feed {}: {e}", job.id);
                }
                FeedOutcome::Failed(why)
            }
        };
        match &outcome {
            FeedOutcome::Updated { new } => {
                summary.updated += 1;
                summary.new_articles += new;
            }
            FeedOutcome::NotModified => summary.not_modified += 1,
            FeedOutcome::Skipped(_) => summary.skipped += 1,
            FeedOutcome::Failed(why) => {
                tracing::warn!("feed {} failed: {why}", job.id);
                summary.failed.push((job.id, why.clone()));
            }
        }
        let _ = tx.send(RefreshEvent::FeedDone {
            id: job.id,
            outcome,
        });
    }
    summary
}

/// FNV-1a, 64 bit: a stable fingerprint of a body (std's hasher is not stable across releases).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= *b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}
