//! The reader's sync work at the edge: a sync or a subscribe on the `[sync]` server, run off the
//! loop on its own store connection, reporting owned results as `Event::Sync`.

use crate::app::{Event as AppEvent, SyncEvent};
use crate::config::{Config, SyncConfig};
use crate::sync::engine::{self, EngineError};
use crate::sync::{Backend, SyncError};
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::{OnceCell, mpsc};

/// The server's client, made on first use (its secret command runs then, off the loop) and
/// kept for the session; a failure is not kept, so the next sync tries again.
#[derive(Clone, Default)]
pub struct SyncClient(Arc<OnceCell<Backend>>);

/// What fetching a page here needs (the reader's client, settings and per-host limits).
pub struct FullTextFetch {
    pub client: reqwest::Client,
    pub settings: crate::net::fetch::FetchSettings,
    pub limits: crate::net::limit::HostLimits,
}

/// What a sync job needs from the config, owned.
pub struct SyncJob {
    pub client: SyncClient,
    pub cfg: SyncConfig,
    pub settings: crate::sync::SyncSettings,
    pub db: PathBuf,
    pub max_items: usize,
    pub events: mpsc::Sender<AppEvent>,
}

impl SyncJob {
    /// The job for `config`'s `[sync]` (`None` without one).
    pub fn new(
        client: &SyncClient,
        config: &Config,
        db: PathBuf,
        events: &mpsc::Sender<AppEvent>,
    ) -> Option<SyncJob> {
        Some(SyncJob {
            client: client.clone(),
            cfg: config.sync.clone()?,
            settings: engine::settings(config),
            db,
            max_items: config.max_items_per_feed,
            events: events.clone(),
        })
    }

    async fn backend(&self) -> Result<&Backend, SyncError> {
        self.client
            .0
            .get_or_try_init(|| async { engine::backend(&self.cfg, self.settings.clone()) })
            .await
    }

    /// Sync once on a blocking worker (the store writes are SQLite's), reporting each stage;
    /// the loop's connection stays free.
    pub fn spawn_sync(self) {
        let handle = tokio::runtime::Handle::current();
        tokio::task::spawn_blocking(move || {
            let out = self.events.clone();
            let result = handle.block_on(async {
                let backend = self.backend().await?;
                let (mut store, _) = crate::store::Store::open(&self.db)?;
                store.set_sync_outbox(true);
                let account = self.cfg.account();
                // Progress may be dropped when the loop is behind; the result never is.
                let mut progress = |s| {
                    let _ = out.try_send(AppEvent::Sync(SyncEvent::Stage(s)));
                };
                engine::sync_with(&mut store, backend, &account, self.max_items, &mut progress)
                    .await
            });
            if let Err(EngineError::Sync(e)) = &result {
                tracing::warn!("sync failed: {e}");
            }
            let _ = out.blocking_send(AppEvent::Sync(SyncEvent::Done(result)));
        });
    }

    /// The full text of article `id` (entry `entry` on the server): Miniflux fetches the page
    /// (`fetch-content`), kabar cleans it; a failure there, or another protocol, fetches here.
    pub fn spawn_full_text(self, id: i64, entry: i64, url: String, fetch: FullTextFetch) {
        tokio::spawn(async move {
            let server = self.backend().await.ok().map(|b| (b, entry));
            let result = crate::sync::fulltext::fetch(
                server,
                &fetch.client,
                &fetch.settings,
                &fetch.limits,
                &url,
            )
            .await;
            let _ = self.events.send(AppEvent::FullText { id, result }).await;
        });
    }

    /// Subscribe to `url` on the server; the app then syncs it in.
    pub fn spawn_subscribe(self, url: String) {
        tokio::spawn(async move {
            let result = match self.backend().await {
                Ok(b) => b.subscribe(&url).await,
                Err(e) => Err(e),
            };
            let ev = AppEvent::Sync(SyncEvent::Subscribed { url, result });
            let _ = self.events.send(ev).await;
        });
    }
}
