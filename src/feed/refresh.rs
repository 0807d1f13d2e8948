//! Background refresh: fetch every feed with bounded concurrency (global and per host), parse
//! off the async threads, write each feed in one transaction on a single writer thread, and
//! report owned results through a channel. Used by the TUI and by `kabar refresh` alike.

use crate::feed::parse;
use crate::net::fetch::{self, FetchSettings, Fetched};
use crate::net::limit::{BodyBudget, HostLimits};
use crate::store::{FeedTarget, FeedWrite, FetchMeta, NewFeed, Store};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
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
    /// Language and zone of the messages stored for failed and skipped feeds.
    pub locale: crate::i18n::Locale,
    /// Each configured feed's own settings (agent, headers, auth, proxy, `max_items`), by URL.
    pub feed_settings: Arc<HashMap<String, crate::config::FeedSettings>>,
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
            locale: c.locale(),
            feed_settings: crate::net::per_feed::FeedHttp::settings_of(c),
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
    /// How many of the failed feeds could not be reached at all (name lookup, connection,
    /// TLS handshake, or no answer in time).
    pub unreachable: usize,
    /// (feed id, URL) of feeds whose address answered 404/410 or something that is not a feed:
    /// candidates for healing (`discover::heal`).
    pub broken: Vec<(i64, String)>,
    /// (feed id, URL asked, URL the feed came from) of stored feeds reached through redirects.
    pub redirected: Vec<(i64, String, String)>,
    /// What healing did after the refresh (empty from [`run`] itself).
    pub healing: Healing,
}

/// Fixes found for feeds that broke or moved, each (feed id, old URL, new URL).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Healing {
    /// Followed permanent redirects, written to the config (or, for defaults, the store).
    pub moved: Vec<(i64, String, String)>,
    /// Found by discovery, offered on the feed list to accept.
    pub suggested: Vec<(i64, String, String)>,
    /// Found by discovery for the embedded defaults, and applied.
    pub applied: Vec<(i64, String, String)>,
}

impl Summary {
    /// True when feeds were tried and every failure was the network (none answered at all):
    /// the reader is told once that there is no network instead of one error per feed.
    pub fn offline(&self) -> bool {
        self.unreachable > 0
            && self.unreachable == self.failed.len()
            && self.updated + self.not_modified == 0
    }
}

/// Why a feed failed, as far as what happens next is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FailKind {
    /// Never reached the server (see `Summary::unreachable`).
    Network,
    /// The address is gone (404/410) or holds no feed: worth looking for where it went.
    Broken,
    Other,
}

impl FailKind {
    fn of(e: &fetch::FetchError) -> FailKind {
        use fetch::FetchError as E;
        match e {
            E::Dns { .. } | E::Refused { .. } | E::Tls { .. } | E::Connect { .. } => {
                FailKind::Network
            }
            E::Timeout(_) => FailKind::Network,
            E::Status { status: 404 | 410 } => FailKind::Broken,
            _ => FailKind::Other,
        }
    }
}

/// A parsed feed with what was derived from its items, ready to store.
type Prepared = (NewFeed, FetchMeta);

struct WriteJob {
    id: i64,
    /// The feed's configured URL.
    url: String,
    /// Where the body came from, when redirects led elsewhere.
    moved: Option<String>,
    result: std::result::Result<Prepared, WriteFailure>,
    /// The work slot, freed when the writer takes the job (so the next feed is parsed while
    /// this one is written).
    slot: Option<tokio::sync::OwnedSemaphorePermit>,
    /// The body's share of the memory budget, freed at the same time.
    reserved: Option<tokio::sync::OwnedSemaphorePermit>,
}

/// Memory for downloaded bodies waiting to be parsed and stored (see `BodyBudget`).
const BODY_BUDGET: usize = 8 * 1024 * 1024;

/// How many feeds may be parsed or waiting for the writer at once: one per core, plus two so
/// the writer always has a batch ready.
fn work_slots() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get()) + 2
}

/// Most articles the writer stores in one transaction.
const BATCH_ARTICLES: usize = 2000;

enum WriteFailure {
    NotModified(FetchMeta),
    Skipped(String),
    Failed(String, Option<i64>, FailKind),
}

/// Refresh `targets`, sending events to `tx`; returns the summary (also sent as `Finished`).
/// (`discover::heal::run` is this followed by healing.)
pub async fn run(
    params: RefreshParams,
    targets: Vec<FeedTarget>,
    tx: mpsc::UnboundedSender<RefreshEvent>,
) -> Summary {
    let summary = run_unfinished(params, targets, tx.clone()).await;
    let _ = tx.send(RefreshEvent::Finished(summary.clone()));
    summary
}

/// [`run`] without the `Finished` event: the caller sends it when its own work is done.
pub async fn run_unfinished(
    params: RefreshParams,
    targets: Vec<FeedTarget>,
    tx: mpsc::UnboundedSender<RefreshEvent>,
) -> Summary {
    let total = targets.len();
    let _ = tx.send(RefreshEvent::Started { total });

    // One writer thread owns the write connection: writes never contend inside this process.
    // It stores whatever feeds are waiting in one transaction (see `Store::apply_batch`).
    let (wtx, wrx) = mpsc::unbounded_channel::<WriteJob>();
    // Whether the writer indexes what it stores (set once it has opened the store).
    let (ready, index_now) = tokio::sync::watch::channel(None::<bool>);
    let writer = {
        let tx = tx.clone();
        let db = params.db_path.clone();
        // A feed's own `max_items` travels with its parsed feed (`NewFeed::keep`).
        let max_items = params.max_items;
        std::thread::Builder::new()
            .name("kabar-writer".into())
            .spawn(move || writer_loop(db, max_items, wrx, tx, ready))
            .ok()
    };

    // The feeds refreshed are the user's: their hosts may be private (a home server).
    for t in &targets {
        params.fetch.policy.trust_url(&t.url);
    }
    let client = fetch::refresh_client(&params.fetch, params.limits.per_host());
    // One client per distinct proxy of the feeds' settings, built once for this refresh.
    let http = crate::net::per_feed::FeedHttp::new(
        &params.fetch,
        client.clone(),
        params.limits.per_host(),
        params.feed_settings.clone(),
    );
    // Requests each host still has to answer in this refresh. A conditional request (most
    // likely answered by a short 304) leaves its connection open when at least `per_host`
    // more are waiting, so every connection kept is taken by the next feed of that host (no
    // TCP, and on the web no TLS, handshake for it) and none is left idle. After a full
    // body a connection keeps a read buffer of that size, and a request that waits for the
    // body budget would hold it: a cold refresh reusing connections peaked 50 % higher.
    let mut waiting: HashMap<String, usize> = HashMap::new();
    let now = crate::time::now();
    for t in targets
        .iter()
        .filter(|t| t.retry_after.is_none_or(|u| u <= now))
    {
        *waiting
            .entry(crate::net::limit::host_key(&t.url))
            .or_default() += 1;
    }
    let waiting: Arc<HashMap<String, AtomicUsize>> = Arc::new(
        waiting
            .into_iter()
            .map(|(h, n)| (h, AtomicUsize::new(n)))
            .collect(),
    );
    let global = Arc::new(Semaphore::new(params.concurrency));
    // Feeds between "downloaded" and "stored" (parsing, or waiting for the writer). Few: that
    // is where a feed takes the most memory, and the CPU cannot work on more at once anyway.
    let work = Arc::new(Semaphore::new(work_slots()));
    let budget = BodyBudget::new(BODY_BUDGET);
    let mut tasks = tokio::task::JoinSet::new();
    for t in targets {
        let limits = params.limits.clone();
        let global = global.clone();
        let work = work.clone();
        let budget = budget.clone();
        let http = http.clone();
        let settings = params.fetch.clone();
        let wtx = wtx.clone();
        let waiting = waiting.clone();
        let mut index_now = index_now.clone();
        let locale = params.locale.clone();
        let max_items = http
            .settings(&t.url)
            .and_then(|s| s.max_items)
            .unwrap_or(params.max_items);
        tasks.spawn(async move {
            if let Some(until) = t.retry_after.filter(|u| *u > now) {
                let result = Err(WriteFailure::Skipped(
                    locale.tf("err.retry_after", &[("until", locale.long(until))]),
                ));
                let _ = wtx.send(WriteJob {
                    id: t.id,
                    url: t.url.clone(),
                    moved: None,
                    result,
                    slot: None,
                    reserved: None,
                });
                return;
            }
            // Host first, then global: a task queued behind a busy host holds no global slot.
            let host = limits.acquire(&t.url).await;
            let left = waiting
                .get(&crate::net::limit::host_key(&t.url))
                .map_or(0, |n| n.fetch_sub(1, Ordering::Relaxed).saturating_sub(1));
            let conditional = t.etag.is_some() || t.last_modified.is_some();
            let keep_alive = conditional && left >= limits.per_host();
            let global = global.acquire_owned().await;
            let got = match http.for_feed(&t.url).await {
                Ok((client, extras)) => {
                    let asked = fetch::Asked {
                        etag: t.etag.as_deref(),
                        last_modified: t.last_modified.as_deref(),
                        keep_alive,
                        extras: Some(&extras),
                    };
                    fetch_body(&client, &settings, &t, &budget, asked, locale.lang).await
                }
                Err(e) => Err(WriteFailure::Failed(
                    e.message(locale.lang),
                    None,
                    FailKind::Other,
                )),
            };
            drop(host);
            drop(global);
            let slot = work.acquire_owned().await.ok();
            let (result, reserved, moved) = match got {
                Ok(mut body) => {
                    let reserved = body.reserved.take();
                    let moved = Some(body.final_url.clone()).filter(|u| *u != t.url);
                    // When the writer indexes what it stores, every search text is made here.
                    let all_text = index_now
                        .wait_for(Option::is_some)
                        .await
                        .is_ok_and(|v| *v == Some(true));
                    (
                        parse_body(body, max_items, all_text, locale.lang).await,
                        reserved,
                        moved,
                    )
                }
                Err(f) => (Err(f), None, None),
            };
            // The work slot and the body's memory reservation go with the job and are freed
            // once the writer takes it.
            let _ = wtx.send(WriteJob {
                id: t.id,
                url: t.url.clone(),
                moved,
                result,
                slot,
                reserved,
            });
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
    full_text_phase(&params, &http, now).await;
    summary
}

/// For feeds with `full_text = "always"`: fetch the page of every new excerpt-only article
/// now, so it reads offline later.
async fn full_text_phase(
    params: &RefreshParams,
    http: &crate::net::per_feed::FeedHttp,
    since: i64,
) {
    let db = params.db_path.clone();
    let jobs = tokio::task::spawn_blocking(move || {
        let (store, _) = Store::open(&db).ok()?;
        let rows = store.full_text_candidates(since).ok()?;
        Some(
            rows.into_iter()
                .filter(|(_, _, summary, content)| {
                    crate::article::extract::is_excerpt(summary.as_deref(), content.as_deref())
                })
                .map(|(id, link, _, _)| (id, link, store.feed_url_of_article(id).ok().flatten()))
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
        http,
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
            if let Err(e) = crate::feed::ingest::store_full_text(&mut store, id, &result) {
                tracing::warn!("cannot store full text of article {id}: {e}");
            }
        }
    })
    .await;
}

/// A downloaded body to parse, with what to store about the fetch.
struct Body {
    bytes: Vec<u8>,
    final_url: String,
    meta: FetchMeta,
    reserved: Option<tokio::sync::OwnedSemaphorePermit>,
}

async fn fetch_body(
    client: &reqwest::Client,
    settings: &FetchSettings,
    t: &FeedTarget,
    budget: &BodyBudget,
    asked: fetch::Asked<'_>,
    lang: crate::i18n::Lang,
) -> std::result::Result<Body, WriteFailure> {
    let got = fetch::get_asking(client, settings, &t.url, asked, Some(budget)).await;
    let (bytes, etag, last_modified, final_url, reserved) = match got {
        Ok((Fetched::NotModified, _)) => {
            return Err(WriteFailure::NotModified(FetchMeta::default()));
        }
        Ok((
            Fetched::Body {
                bytes,
                etag,
                last_modified,
                final_url,
                ..
            },
            reserved,
        )) => (bytes, etag, last_modified, final_url, reserved),
        Err(e) => {
            let retry = e.retry_after().map(|s| crate::time::now() + s as i64);
            return Err(WriteFailure::Failed(
                e.message(lang),
                retry,
                FailKind::of(&e),
            ));
        }
    };
    let hash = format!("{:016x}", body_hash(&bytes));
    let meta = FetchMeta {
        etag,
        last_modified,
        body_hash: Some(hash.clone()),
    };
    // A server that ignores conditional GET but sends the same bytes costs no parse.
    if t.body_hash.as_deref() == Some(hash.as_str()) {
        return Err(WriteFailure::NotModified(meta));
    }
    Ok(Body {
        bytes,
        final_url,
        meta,
        reserved,
    })
}

/// Parse a body and derive each item's search text and place, on a blocking thread: this runs
/// in parallel across feeds, so the writer thread only writes.
/// Items beyond `max_items` are not built: the store would drop them anyway, and the count of
/// new articles is then what was kept.
async fn parse_body(
    body: Body,
    max_items: usize,
    all_text: bool,
    lang: crate::i18n::Lang,
) -> std::result::Result<Prepared, WriteFailure> {
    let Body {
        bytes,
        final_url,
        meta,
        ..
    } = body;
    let parsed = tokio::task::spawn_blocking(move || {
        parse::parse_at_most(&bytes, &final_url, max_items).map(|p| NewFeed {
            keep: Some(max_items),
            ..crate::feed::ingest::prepare_with(p, all_text)
        })
    })
    .await;
    match parsed {
        Ok(Ok(feed)) => Ok((feed, meta)),
        Ok(Err(e)) => Err(WriteFailure::Failed(
            e.message(lang),
            None,
            FailKind::Broken,
        )),
        Err(_) => Err(WriteFailure::Failed(
            "parser crashed on this feed".into(),
            None,
            FailKind::Other,
        )),
    }
}

fn writer_loop(
    db: PathBuf,
    max_items: usize,
    mut rx: mpsc::UnboundedReceiver<WriteJob>,
    tx: mpsc::UnboundedSender<RefreshEvent>,
    ready: tokio::sync::watch::Sender<Option<bool>>,
) -> Summary {
    let mut summary = Summary::default();
    let mut store = match Store::open(&db) {
        Ok((mut s, _)) => {
            s.checkpoint_in_background(crate::store::LOG_LIMIT);
            // Rules see an article as it is stored: index it in the same transaction.
            let rules = s.rules().is_ok_and(|r| !r.is_empty());
            s.index_on_write(rules);
            let _ = ready.send(Some(rules));
            Some(s)
        }
        Err(e) => {
            tracing::error!("refresh cannot open the store: {e}");
            let _ = ready.send(Some(false));
            None
        }
    };
    while let Some(first) = rx.blocking_recv() {
        // Everything already waiting goes into one transaction.
        let mut articles = first.articles();
        let mut jobs = vec![first];
        while articles < BATCH_ARTICLES
            && let Ok(job) = rx.try_recv()
        {
            articles += job.articles();
            jobs.push(job);
        }
        // Taken: the next feeds may be downloaded and parsed while these are written.
        for job in &mut jobs {
            job.slot = None;
            job.reserved = None;
        }
        let now = crate::time::now();
        let started = std::time::Instant::now();
        let outcomes = match &mut store {
            None => jobs
                .iter()
                .map(|_| FeedOutcome::Failed("database unavailable".into()))
                .collect(),
            Some(s) => store_jobs(s, &jobs, max_items, now),
        };
        tracing::debug!(
            feeds = jobs.len(),
            articles,
            ms = started.elapsed().as_secs_f64() * 1000.0,
            "stored a batch"
        );
        for (job, outcome) in jobs.iter().zip(outcomes) {
            match (&job.result, &job.moved) {
                (Err(WriteFailure::Failed(_, _, FailKind::Network)), _) => summary.unreachable += 1,
                (Err(WriteFailure::Failed(_, _, FailKind::Broken)), _) => {
                    summary.broken.push((job.id, job.url.clone()));
                }
                (Ok(_), Some(to)) => {
                    summary
                        .redirected
                        .push((job.id, job.url.clone(), to.clone()));
                }
                _ => {}
            }
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
    }
    // The refresh ends with the log copied, so the next start does not find a large one.
    if let Some(s) = &mut store {
        s.stop_checkpointing();
    }
    summary
}

impl WriteJob {
    fn articles(&self) -> usize {
        self.result
            .as_ref()
            .map_or(1, |(feed, _)| feed.articles.len().max(1))
    }

    fn write(&self) -> Option<FeedWrite<'_>> {
        let feed_id = self.id;
        Some(match &self.result {
            Ok((feed, meta)) => FeedWrite::Stored {
                feed_id,
                feed,
                meta,
            },
            Err(WriteFailure::NotModified(meta)) => FeedWrite::Unchanged { feed_id, meta },
            Err(WriteFailure::Skipped(_)) => return None,
            Err(WriteFailure::Failed(why, retry_after, _)) => FeedWrite::Failed {
                feed_id,
                error: why,
                retry_after: *retry_after,
            },
        })
    }

    /// The outcome once stored, given its new-article count.
    fn outcome(&self, new: usize) -> FeedOutcome {
        match &self.result {
            Ok(_) => FeedOutcome::Updated { new },
            Err(WriteFailure::NotModified(_)) => FeedOutcome::NotModified,
            Err(WriteFailure::Skipped(why)) => FeedOutcome::Skipped(why.clone()),
            Err(WriteFailure::Failed(why, ..)) => {
                FeedOutcome::Failed(crate::text::sanitize_line(why))
            }
        }
    }
}

/// Store a batch in one transaction; if that fails, store each job on its own, so one feed
/// the store refuses costs only that feed.
fn store_jobs(
    store: &mut Store,
    jobs: &[WriteJob],
    max_items: usize,
    now: i64,
) -> Vec<FeedOutcome> {
    let writes: Vec<(usize, FeedWrite<'_>)> = jobs
        .iter()
        .enumerate()
        .filter_map(|(i, j)| j.write().map(|w| (i, w)))
        .collect();
    let mut counts = vec![0; jobs.len()];
    let batch: Vec<FeedWrite<'_>> = writes.iter().map(|(_, w)| *w).collect();
    match store.apply_batch(&batch, max_items, now) {
        Ok(news) => {
            for ((i, _), n) in writes.iter().zip(news) {
                counts[*i] = n;
            }
            jobs.iter().zip(counts).map(|(j, n)| j.outcome(n)).collect()
        }
        Err(e) if jobs.len() > 1 => {
            tracing::warn!(
                "storing {} feeds at once failed ({e}); one at a time",
                jobs.len()
            );
            jobs.iter()
                .map(|j| store_jobs(store, std::slice::from_ref(j), max_items, now).remove(0))
                .collect()
        }
        Err(e) => {
            let why = format!("cannot store: {e}");
            if let Err(e) = store.mark_failed(jobs[0].id, &why, None, now) {
                tracing::error!("cannot record failure of feed {}: {e}", jobs[0].id);
            }
            vec![FeedOutcome::Failed(why)]
        }
    }
}

/// A stable 64-bit fingerprint of a body, to notice a server resending the same bytes (std's
/// hasher is not stable across releases). Eight bytes per step: FNV-1a over bytes cost 4% of
/// a cold refresh. (Changed once, to four lanes: each stored fingerprint then missed once, and
/// that feed was read again, as on a changed body.) Not collision-resistant, and it need not be: a feed that forges a
/// collision only stops its own update.
pub fn body_hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mix = |h: u64, w: u64| (h.rotate_left(23) ^ w).wrapping_mul(K);
    let word = |c: &[u8]| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
    // Four independent lanes: one chain waited for each multiply in turn (3% of a cold
    // refresh's CPU); four keep the multiplier busy.
    let mut lanes = [
        0xcbf2_9ce4_8422_2325 ^ bytes.len() as u64,
        0x8422_2325_cbf2_9ce4,
        0x7f4a_7c15_9e37_79b9,
        0x9e37_79b9_8422_2325,
    ];
    let mut blocks = bytes.chunks_exact(32);
    for b in &mut blocks {
        for (i, lane) in lanes.iter_mut().enumerate() {
            *lane = mix(*lane, word(&b[i * 8..i * 8 + 8]));
        }
    }
    let mut h = lanes[0];
    for lane in &lanes[1..] {
        h = mix(h, *lane);
    }
    let mut rest = blocks.remainder().chunks_exact(8);
    for c in &mut rest {
        h = mix(h, word(c));
    }
    for &b in rest.remainder() {
        h = mix(h, u64::from(b));
    }
    h ^ (h >> 29)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The memory budget must not be what limits the requests in flight: with the default
    /// `concurrency`, every request starts in the first round trip (a 256 KiB first share
    /// allowed 32, and 50 far-away hosts took two round trips). Bodies wait for their share
    /// once their answer comes (`BodyBudget::grow`).
    #[test]
    fn the_body_budget_lets_the_default_concurrency_start_at_once() {
        let budget = BodyBudget::new(BODY_BUDGET);
        assert!(budget.starts_at_once() >= crate::config::Config::default().concurrency);
    }

    /// Stored fingerprints must still match after an upgrade: the values are pinned. Every
    /// byte counts, in every lane and in the tail.
    #[test]
    fn body_hash_is_stable_and_sees_every_byte() {
        assert_eq!(body_hash(b""), 0x87be_bdc8_34b2_40f9);
        assert_eq!(body_hash(b"kabar"), 0x6fad_b84c_0f81_d4e9);
        assert_eq!(body_hash(&[7u8; 100]), 0x21ff_9410_00fa_e3ff);
        let body: Vec<u8> = (0..77u8).collect();
        let mut seen = std::collections::HashSet::new();
        seen.insert(body_hash(&body));
        for i in 0..body.len() {
            let mut changed = body.clone();
            changed[i] ^= 1;
            assert!(seen.insert(body_hash(&changed)), "byte {i}");
        }
    }
}
