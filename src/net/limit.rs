//! Per-host request limits shared by every download (refresh and full-article fetch alike).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// At most `per_host` requests to one host at once, across every job that holds a clone.
#[derive(Debug, Clone)]
pub struct HostLimits {
    per_host: usize,
    // Held only to look up a semaphore, never across an await.
    hosts: Arc<Mutex<HashMap<String, Arc<Semaphore>>>>,
}

impl HostLimits {
    pub fn new(per_host: usize) -> Self {
        HostLimits {
            per_host: per_host.max(1),
            hosts: Arc::default(),
        }
    }

    /// Requests allowed to one host at once.
    pub fn per_host(&self) -> usize {
        self.per_host
    }

    fn semaphore(&self, url: &str) -> Arc<Semaphore> {
        let host = host_key(url);
        let mut map = self.hosts.lock().unwrap_or_else(|p| p.into_inner());
        map.entry(host)
            .or_insert_with(|| Arc::new(Semaphore::new(self.per_host)))
            .clone()
    }

    /// Wait for a slot on `url`'s host.
    pub async fn acquire(&self, url: &str) -> Option<OwnedSemaphorePermit> {
        self.semaphore(url).acquire_owned().await.ok()
    }
}

/// The host part of `url` that limits are kept by ("" when it has none).
pub fn host_key(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Memory for feed bodies that are downloaded but not yet handed to the writer, counted in
/// KiB. A download waits for a small first share before it sends its request (so no clock
/// runs on it while it only waits for its turn, and the requests in flight are limited by
/// `concurrency`, not by memory). When the answer has a body, the download waits for the
/// body's expected size (`Content-Length`, else a guess), but at most a quarter of the budget
/// and only for a while (`grow`): bodies already downloaded free their share as the writer
/// takes them, so the wait is short, and after it the body overdraws rather than waiting on.
/// As bytes arrive it takes more if it is free, never waiting. So a server that announces a
/// huge body and sends it slowly cannot hold the whole budget while the other feeds wait
/// (issue 13), reservations never deadlock, and a cold refresh holds about the budget in
/// bodies, not one body per download under way.
#[derive(Debug, Clone)]
pub struct BodyBudget {
    sem: Arc<Semaphore>,
    total_kib: usize,
}

/// The first share of a download, waited for before its request is sent. Small: a warm
/// refresh is mostly 304s with no body, and at 256 KiB each the budget allowed 32 requests in
/// flight (50 far-away hosts took two round trips instead of one).
const START_BYTES: u64 = 16 * 1024;

/// What a body of unknown length is expected to need.
const GUESS_BYTES: u64 = 256 * 1024;

impl BodyBudget {
    pub fn new(total_bytes: usize) -> Self {
        let total_kib = (total_bytes / 1024).max(1);
        BodyBudget {
            sem: Arc::new(Semaphore::new(total_kib)),
            total_kib,
        }
    }

    /// Most one body may hold, in KiB.
    fn share_kib(&self) -> usize {
        (self.total_kib / 4).max(1)
    }

    /// Most one body may hold, in bytes.
    pub fn share_bytes(&self) -> u64 {
        self.share_kib() as u64 * 1024
    }

    fn kib(&self, bytes: u64) -> u32 {
        (bytes.div_ceil(1024) as usize).clamp(1, self.share_kib()) as u32
    }

    /// How many downloads can hold their first share at once.
    pub fn starts_at_once(&self) -> usize {
        self.total_kib / self.kib(START_BYTES) as usize
    }

    /// Wait for a download's first share.
    pub async fn reserve(&self) -> Option<OwnedSemaphorePermit> {
        let n = self.kib(START_BYTES);
        self.sem.clone().acquire_many_owned(n).await.ok()
    }

    /// The answer has a body of `len` bytes (`None`: unknown): wait up to `wait` until its
    /// share (at most a quarter of the budget) is free, then go on with what it holds.
    pub async fn grow(&self, permit: &mut OwnedSemaphorePermit, len: Option<u64>, wait: Duration) {
        let want = self.kib(len.unwrap_or(GUESS_BYTES)) as usize;
        let have = permit.num_permits();
        if want <= have {
            return;
        }
        let more = self.sem.clone().acquire_many_owned((want - have) as u32);
        if let Ok(Ok(more)) = tokio::time::timeout(wait, more).await {
            permit.merge(more);
        }
    }

    /// The body now holds `bytes`: take the difference, up to one body's share, if it is free
    /// now. Never waits (what is not free is an overdraft, not a deadlock).
    pub fn settle(&self, permit: &mut OwnedSemaphorePermit, bytes: u64) {
        let want = self.kib(bytes) as usize;
        let have = permit.num_permits();
        if want > have
            && let Ok(more) = self
                .sem
                .clone()
                .try_acquire_many_owned((want - have) as u32)
        {
            permit.merge(more);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three bodies holding their whole share each (a quarter of 1 MiB), and a first share.
    async fn three_full(budget: &BodyBudget) -> Vec<OwnedSemaphorePermit> {
        let mut full = Vec::new();
        for _ in 0..3 {
            let mut p = budget.reserve().await.unwrap();
            budget.settle(&mut p, 9_000_000);
            assert_eq!(p.num_permits(), 256);
            full.push(p);
        }
        // And one download waiting for its answer.
        full.push(budget.reserve().await.unwrap());
        full
    }

    #[tokio::test]
    async fn a_body_grows_as_it_arrives_up_to_its_share_then_overdraws() {
        let budget = BodyBudget::new(1024 * 1024);
        let _full = three_full(&budget).await;
        let mut b = budget.reserve().await.unwrap();
        assert_eq!(b.num_permits(), 16);
        budget.settle(&mut b, 100 * 1024);
        assert_eq!(b.num_permits(), 100);
        // 140 KiB free, 156 more wanted: an overdraft, not a wait.
        budget.settle(&mut b, 2 * 1024 * 1024);
        assert_eq!(b.num_permits(), 100);
    }

    #[tokio::test]
    async fn a_body_waits_for_its_share_while_others_free_theirs_then_overdraws() {
        let budget = BodyBudget::new(1024 * 1024);
        let mut full = three_full(&budget).await;
        let mut e = budget.reserve().await.unwrap();
        // 224 KiB free, 240 more wanted, nothing freed: after the wait it goes on as it is.
        budget
            .grow(&mut e, Some(300 * 1024), Duration::from_millis(20))
            .await;
        assert_eq!(e.num_permits(), 16);
        // The writer takes a body meanwhile: the wait ends with the share.
        let held = full.remove(0);
        let freeing = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(50)).await;
            drop(held);
        });
        budget.grow(&mut e, None, Duration::from_secs(600)).await;
        assert_eq!(e.num_permits(), 256);
        freeing.await.unwrap();
    }
}
