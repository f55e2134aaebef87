//! Last-pull times: a manifest `GET` (by tag or by digest) records "pulled now" in
//! memory; the server flushes the batch to the store every [`FLUSH_INTERVAL`] and on
//! a graceful shutdown ([`PullLog::flush`]), so a pull costs one map update under a
//! short lock, never a store write. `HEAD` does not count: clients `HEAD` a manifest
//! to check whether it exists or moved (pushers before a push, mirrors and update
//! checkers polling a tag), which is not use of the image.
//!
//! A flush merges into each repository's record under the store's pulls lock,
//! keeping the newest time of each manifest, so several servers on one store neither
//! lose nor roll back each other's times. Pulls a server has not flushed yet (at
//! most one interval's worth, or all of them if it dies) are not seen by `prune`.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use super::ManifestService;
use crate::oci::{Descriptor, Digest, Manifest, RepoName, Tag};
use crate::storage::quota::PullTimes;
use crate::storage::{self, ManifestInfo, PutManifestError, Store, TagUpdate};

/// How often a server writes its batch of pull times to the store.
pub const FLUSH_INTERVAL: Duration = Duration::from_secs(5);
/// How long a flush waits for another server's flush to finish before trying again
/// at the next interval.
const LOCK_WAIT: Duration = Duration::from_secs(10);

type Batch = HashMap<RepoName, HashMap<Digest, u64>>;

/// Pulls recorded in memory and not yet written to the store.
#[derive(Default)]
pub struct PullLog {
    pending: Mutex<Batch>,
    /// Read-only servers record nothing (they write nothing to the store).
    disabled: AtomicBool,
}

impl PullLog {
    /// Stops recording (read-only servers) and forgets what is pending.
    pub fn disable(&self) {
        self.disabled.store(true, Ordering::Relaxed);
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Batch> {
        self.pending.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Records that `d` of `repo` was pulled now.
    pub fn record(&self, repo: &RepoName, d: &Digest) {
        if self.disabled.load(Ordering::Relaxed) {
            return;
        }
        let now = storage::unix_now();
        let mut pending = self.lock();
        // Clones only for a repository or manifest not yet in the batch.
        match pending.get_mut(repo) {
            Some(m) => match m.get_mut(d) {
                Some(t) => *t = now,
                None => {
                    m.insert(d.clone(), now);
                }
            },
            None => {
                pending.insert(repo.clone(), HashMap::from([(d.clone(), now)]));
            }
        }
    }

    /// Manifests pulled and not yet flushed.
    pub fn pending(&self) -> usize {
        self.lock().values().map(HashMap::len).sum()
    }

    /// Writes the batch to the store (merging, newest time wins); what could not be
    /// written stays pending for the next flush. Returns the manifests written.
    pub fn flush(&self, store: &Store) -> storage::Result<usize> {
        let batch = std::mem::take(&mut *self.lock());
        if batch.is_empty() {
            return Ok(0);
        }
        let guard = match store.pulls_lock(LOCK_WAIT) {
            Ok(g) => g,
            Err(e) => {
                self.put_back(batch);
                return Err(e);
            }
        };
        let mut written = 0;
        let mut failed: Option<storage::StoreError> = None;
        let mut left = Batch::new();
        for (repo, times) in batch {
            if failed.is_some() {
                left.insert(repo, times);
                continue;
            }
            let times_sorted: PullTimes = times.iter().map(|(d, t)| (d.clone(), *t)).collect();
            match store.merge_pull_times(&repo, &times_sorted) {
                Ok(()) => written += times.len(),
                Err(e) => {
                    failed = Some(e);
                    left.insert(repo, times);
                }
            }
        }
        drop(guard);
        self.put_back(left);
        match failed {
            Some(e) => Err(e),
            None => Ok(written),
        }
    }

    /// Returns unwritten entries to the batch, keeping the newer of two times.
    fn put_back(&self, batch: Batch) {
        if batch.is_empty() {
            return;
        }
        let mut pending = self.lock();
        for (repo, times) in batch {
            let m = pending.entry(repo).or_default();
            for (d, t) in times {
                let slot = m.entry(d).or_insert(0);
                *slot = (*slot).max(t);
            }
        }
    }
}

/// The last-pull time of manifest `d`, as a `SystemTime`, from a repository's record.
pub fn pulled_at(times: &PullTimes, d: &Digest) -> Option<SystemTime> {
    times
        .get(d)
        .map(|&t| SystemTime::UNIX_EPOCH + Duration::from_secs(t))
}

/// A manifest service that records every read (a `GET`) in a [`PullLog`].
pub struct Recorded {
    inner: Arc<dyn ManifestService>,
    log: Arc<PullLog>,
}

impl Recorded {
    /// Wraps `inner`, recording reads in `log`.
    pub fn new(inner: Arc<dyn ManifestService>, log: Arc<PullLog>) -> Recorded {
        Recorded { inner, log }
    }
}

impl ManifestService for Recorded {
    fn info(&self, repo: &RepoName, d: &Digest) -> storage::Result<Option<ManifestInfo>> {
        self.inner.info(repo, d)
    }

    fn read(
        &self,
        repo: &RepoName,
        d: &Digest,
    ) -> storage::Result<Option<(ManifestInfo, Vec<u8>)>> {
        let found = self.inner.read(repo, d)?;
        if found.is_some() {
            self.log.record(repo, d);
        }
        Ok(found)
    }

    fn put(
        &self,
        repo: &RepoName,
        digest: &Digest,
        body: &[u8],
        m: &Manifest,
        tag: Option<&Tag>,
        update: TagUpdate,
    ) -> Result<(), PutManifestError> {
        self.inner.put(repo, digest, body, m, tag, update)
    }

    fn delete(&self, repo: &RepoName, d: &Digest) -> Result<bool, super::DeleteError> {
        self.inner.delete(repo, d)
    }

    fn referrers(&self, repo: &RepoName, subject: &Digest) -> storage::Result<Vec<Descriptor>> {
        self.inner.referrers(repo, subject)
    }
}
