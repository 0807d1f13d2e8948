//! Per-host request limits shared by every download (refresh and full-article fetch alike).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
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
/// KiB. A download waits for a first share before it sends its request (so no clock runs on
/// it while it only waits for its turn), and takes more as bytes arrive, never more than a
/// quarter of the budget for one body: a server that announces a huge body and sends it
/// slowly cannot hold the whole budget while the other feeds wait (issue 13). Only the first
/// share is ever waited for; more is taken if it is free (else the body overdraws), so
/// reservations never deadlock: they are held only by downloads already under way, which end
/// or time out, and by parsed feeds on their way to the writer.
#[derive(Debug, Clone)]
pub struct BodyBudget {
    sem: Arc<Semaphore>,
    total_kib: usize,
}

/// The first share of a download, waited for before its request is sent. Small enough that
/// the default budget (8 MiB) lets 128 downloads start at once, more than the default
/// `concurrency` (100): a larger share made the budget, not the limits, cap the requests in
/// flight (256 KiB allowed 32, and a refresh of 50 far-away hosts took two round trips).
const START_BYTES: u64 = 64 * 1024;

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

    #[tokio::test]
    async fn a_body_grows_as_it_arrives_up_to_its_share() {
        let budget = BodyBudget::new(4 * 1024 * 1024);
        let mut a = budget.reserve().await.unwrap();
        assert_eq!(a.num_permits(), 64);
        budget.settle(&mut a, 400 * 1024);
        assert_eq!(a.num_permits(), 400);
        // However much it announces or brings, one body holds at most a quarter.
        budget.settle(&mut a, 9_000_000);
        assert_eq!(a.num_permits(), 1024);
        assert_eq!(budget.sem.available_permits(), 3 * 1024);
        // Not enough free: an overdraft, not a wait.
        let mut others: Vec<_> = Vec::new();
        for _ in 0..48 {
            others.push(budget.reserve().await.unwrap());
        }
        let mut b = others.pop().unwrap();
        budget.settle(&mut b, 2 * 1024 * 1024);
        assert_eq!(b.num_permits(), 64);
    }
}
