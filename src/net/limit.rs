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
/// KiB. A download reserves its size (from `Content-Length`, else a guess) before reading the
/// body, so however many requests are in flight, only about `total` of bodies wait in memory.
/// Reservations never deadlock: they are held only by downloads that are already reading and
/// by parsed feeds on their way to the writer, and one body never needs more than `total`.
#[derive(Debug, Clone)]
pub struct BodyBudget {
    sem: Arc<Semaphore>,
    total_kib: usize,
}

/// Reserved for a body of unknown length.
const GUESS_BYTES: u64 = 256 * 1024;

impl BodyBudget {
    pub fn new(total_bytes: usize) -> Self {
        let total_kib = (total_bytes / 1024).max(1);
        BodyBudget {
            sem: Arc::new(Semaphore::new(total_kib)),
            total_kib,
        }
    }

    fn kib(&self, bytes: u64) -> u32 {
        (bytes.div_ceil(1024) as usize).clamp(1, self.total_kib) as u32
    }

    /// Wait until `bytes` (or the guess, when unknown) fit.
    pub async fn reserve(&self, bytes: Option<u64>) -> Option<OwnedSemaphorePermit> {
        let n = self.kib(bytes.unwrap_or(GUESS_BYTES));
        self.sem.clone().acquire_many_owned(n).await.ok()
    }

    /// The body turned out to hold `bytes`: take the difference if it is free now. Never waits
    /// (a guess that was too small is an overdraft, not a deadlock).
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
    async fn a_body_reserves_its_size_and_a_short_guess_grows_only_if_free() {
        let budget = BodyBudget::new(1024 * 1024);
        let mut a = budget.reserve(Some(300 * 1024)).await.unwrap();
        assert_eq!(budget.sem.available_permits(), 724);
        // Unknown length: the guess; larger than everything: capped at the whole budget.
        let b = budget.reserve(None).await.unwrap();
        assert_eq!(b.num_permits(), 256);
        budget.settle(&mut a, 400 * 1024);
        assert_eq!(a.num_permits(), 400);
        // Not enough free: an overdraft, not a wait.
        budget.settle(&mut a, 2 * 1024 * 1024);
        assert_eq!(a.num_permits(), 400);
        drop((a, b));
        let all = budget.reserve(Some(u64::MAX)).await.unwrap();
        assert_eq!(all.num_permits(), 1024);
    }
}
