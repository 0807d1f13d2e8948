//! Syncs with the `[sync]` server as the app sees them: requests, progress, the result line.

use super::*;
use crate::sync::SyncError;
use crate::sync::engine::{EngineError, SyncReport, SyncStage};

/// Reports from the sync work the edge runs for the app.
#[derive(Debug)]
pub enum SyncEvent {
    /// The running sync reached this stage.
    Stage(SyncStage),
    /// The sync ended: what it did, or why it failed (the store and outbox are then as before).
    Done(Result<SyncReport, EngineError>),
    /// `+` asked the server to subscribe to `url`: the server's feed id, or why not.
    Subscribed {
        url: String,
        result: Result<String, SyncError>,
    },
}

/// How a sync was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncWhy {
    /// `R`, `r`, the interval, start-up, `+`: progress and the result line are shown.
    Shown,
    /// Pushing a change made here (a read, a save, `a`/`A`): only a failure or news is shown.
    Quiet,
}

impl App {
    /// Is a `[sync]` server the source of feeds and entries?
    pub fn sync_on(&self) -> bool {
        self.config.sync.is_some()
    }

    /// Ask the edge for a sync; one runs at a time, a request meanwhile runs after it.
    pub fn request_sync(&mut self, why: SyncWhy) {
        if self.syncing.is_some() {
            self.sync_queued = match (self.sync_queued, why) {
                (Some(SyncWhy::Shown), _) | (_, SyncWhy::Shown) => Some(SyncWhy::Shown),
                _ => Some(SyncWhy::Quiet),
            };
            if why == SyncWhy::Shown {
                self.info(self.locale.t("st.sync_queued"));
            }
            return;
        }
        self.syncing = Some(why);
        if why == SyncWhy::Shown {
            self.sync_stage(SyncStage::Pulling);
        }
        self.effects.push(Effect::Sync);
    }

    /// A change went to the outbox: the loop pushes it soon (a few reads make one sync).
    pub(super) fn changed_for_server(&mut self) {
        if self.sync_on() {
            self.push_soon = true;
        }
    }

    /// Whether a change waits to be pushed soon (asked by the loop, which then waits a little).
    pub fn take_push_soon(&mut self) -> bool {
        std::mem::take(&mut self.push_soon)
    }

    fn sync_stage(&mut self, stage: SyncStage) {
        let text = match stage {
            SyncStage::Pulling => self.locale.t("st.sync_pulling").to_string(),
            SyncStage::Pushing(n) => self.locale.tf("st.sync_pushing", &[("n", n.to_string())]),
            SyncStage::Storing(n) => self.locale.tf("st.sync_storing", &[("n", n.to_string())]),
        };
        self.status = Some(Status {
            text,
            kind: StatusKind::Busy,
        });
    }

    /// A report from the sync work.
    pub fn on_sync(&mut self, ev: SyncEvent) {
        match ev {
            SyncEvent::Stage(stage) => {
                if self.syncing == Some(SyncWhy::Shown) {
                    self.sync_stage(stage);
                }
            }
            SyncEvent::Done(result) => {
                let why = self.syncing.take();
                match result {
                    Ok(report) => self.synced(&report, why),
                    Err(e) => {
                        let msg = match &e {
                            EngineError::Sync(e) => e.message(self.locale.lang),
                            EngineError::Store(e) => crate::text::sanitize_line(&e.to_string()),
                        };
                        let waiting = self.store.outbox_len().unwrap_or(0).to_string();
                        let args = [("msg", msg), ("n", waiting)];
                        self.error(self.locale.tf("st.sync_failed", &args));
                    }
                }
                if let Some(next) = self.sync_queued.take() {
                    self.request_sync(next);
                }
            }
            SyncEvent::Subscribed { url, result } => match result {
                Ok(_) => {
                    let msg = self
                        .locale
                        .tf("st.subscribed", &[("url", crate::text::shown_url(&url))]);
                    self.info(msg);
                    self.request_sync(SyncWhy::Shown);
                }
                Err(e) => {
                    let msg = self
                        .locale
                        .tf("st.add_failed", &[("e", e.message(self.locale.lang))]);
                    self.error(msg);
                }
            },
        }
    }

    /// A sync ended well: show what it brought (new articles, other machines' marks).
    fn synced(&mut self, report: &SyncReport, why: Option<SyncWhy>) {
        if report.pulled > 0 || report.kept > 0 {
            self.reload_feeds();
            self.reload_list();
            if let Some(r) = &mut self.reader
                && let Ok(Some(a)) = self.store.article(r.article.id)
            {
                r.article.read = a.read;
            }
            self.request_indexing();
        }
        let named: Vec<String> = report
            .refused
            .iter()
            .map(|e| e.message(self.locale.lang))
            .collect();
        let args = [
            ("pulled", report.pulled.to_string()),
            ("pushed", report.pushed.to_string()),
            ("failed", report.failed.to_string()),
            ("names", named.join("; ")),
        ];
        if report.failed > 0 {
            self.error(self.locale.tf("st.synced_failed", &args));
        } else if why == Some(SyncWhy::Shown) || report.pulled > 0 {
            self.info(self.locale.tf("st.synced", &args));
        }
    }
}
