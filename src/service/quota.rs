//! Storage quotas as a service wrapper: a manifest push that would take a scope
//! (the repositories a quota's pattern matches, counted together) over its limit is
//! refused with the figures.
//!
//! The manifest push is where bytes become referenced (uploaded blobs no manifest
//! names count nowhere, and gc reclaims them), so it is where the check is exact:
//! the push adds the bytes of what it references that the scope does not reference
//! yet (a layer the scope already holds counts once), and is refused when the scope's
//! current usage plus that would pass the limit.
//!
//! Check and commit run under each covering quota's lock, so two concurrent pushes
//! cannot both squeeze under: an in-process lock per quota (threads of one server
//! wait on a condition variable, not on the store) and then the store's lock for it
//! (`locks/quota-<id>.lock`: an `flock` on the filesystem, a lease on object storage)
//! for other processes. Locks are taken in id order, and every wait is bounded
//! ([`LOCK_WAIT`]); a push that cannot get them is refused as busy (retryable).
//!
//! The usage is recomputed from the store under the lock (so several servers need no
//! shared counter): a listing of the scope's manifest links, with what each manifest
//! references cached by digest.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use super::{DeleteError, ManifestService};
use crate::oci::{Descriptor, Digest, Manifest, RepoName, Tag};
use crate::policy::live::LivePolicy;
use crate::policy::usage::{self, RefCache};
use crate::policy::Quota;
use crate::storage::quota::QuotaError;
use crate::storage::{self, ManifestInfo, PutManifestError, Store, StoreError, TagUpdate};

/// How long a push waits for the locks of its quotas, in process and in the store.
pub const LOCK_WAIT: Duration = Duration::from_secs(20);

/// Quota ids held by this process's pushes.
#[derive(Default)]
struct Held {
    ids: Mutex<HashSet<String>>,
    freed: Condvar,
}

/// Releases the ids on drop.
struct HeldGuard<'a> {
    held: &'a Held,
    ids: Vec<String>,
}

impl Held {
    /// Takes all of `ids` at once (so no two pushes deadlock), waiting at most `wait`.
    fn take(&self, ids: &[String], wait: Duration) -> Option<HeldGuard<'_>> {
        let deadline = Instant::now() + wait;
        let mut set = self.ids.lock().unwrap_or_else(|p| p.into_inner());
        while ids.iter().any(|i| set.contains(i)) {
            let left = deadline.checked_duration_since(Instant::now())?;
            set = self
                .freed
                .wait_timeout(set, left)
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
        set.extend(ids.iter().cloned());
        Some(HeldGuard {
            held: self,
            ids: ids.to_vec(),
        })
    }
}

impl Drop for HeldGuard<'_> {
    fn drop(&mut self) {
        let mut set = self.held.ids.lock().unwrap_or_else(|p| p.into_inner());
        for i in &self.ids {
            set.remove(i);
        }
        self.held.freed.notify_all();
    }
}

/// A manifest service under the store's quotas.
pub struct Quotas {
    inner: Arc<dyn ManifestService>,
    store: Store,
    policy: LivePolicy,
    cache: Arc<RefCache>,
    held: Held,
}

impl Quotas {
    /// Wraps `inner`; the quotas are read from `store` (and re-read when their file
    /// changes, checked on every push).
    pub fn new(inner: Arc<dyn ManifestService>, store: Store, cache: Arc<RefCache>) -> Quotas {
        Quotas {
            inner,
            store,
            policy: LivePolicy::default(),
            cache,
            held: Held::default(),
        }
    }

    /// Checks `refs` (what the push references) against `q`; the caller holds its lock.
    fn check(&self, q: &Quota, refs: &HashMap<Digest, u64>) -> Result<(), PutManifestError> {
        let used_refs = usage::pattern_refs(&self.store, &q.repos, &self.cache)?;
        let used = usage::bytes(&used_refs);
        let push: u64 = refs
            .iter()
            .filter(|(d, _)| !used_refs.contains_key(*d))
            .map(|(_, s)| s)
            .sum();
        // A push that adds nothing (a new tag for content the scope holds) always
        // passes, even over the limit: it takes nothing more.
        if push > 0 && used.saturating_add(push) > q.limit {
            return Err(PutManifestError::Quota(QuotaError::Exceeded {
                id: q.rule.id.clone(),
                repos: q.rule.repos.clone(),
                used,
                limit: q.limit,
                push,
            }));
        }
        Ok(())
    }
}

impl ManifestService for Quotas {
    fn info(&self, repo: &RepoName, d: &Digest) -> storage::Result<Option<ManifestInfo>> {
        self.inner.info(repo, d)
    }

    fn read(
        &self,
        repo: &RepoName,
        d: &Digest,
    ) -> storage::Result<Option<(ManifestInfo, Vec<u8>)>> {
        self.inner.read(repo, d)
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
        let policy = self.policy.get(&self.store).map_err(|why| {
            PutManifestError::Store(StoreError::Corrupt {
                key: "auth/policy.toml".into(),
                why: format!(
                    "the policy cannot be read ({why}); pushes are refused until it is fixed"
                ),
            })
        })?;
        let mut quotas: Vec<&Quota> = policy.quotas.iter().filter(|q| q.covers(repo)).collect();
        if quotas.is_empty() {
            return LivePolicy::within(policy.clone(), || {
                self.inner.put(repo, digest, body, m, tag, update)
            });
        }
        quotas.sort_by(|a, b| a.rule.id.cmp(&b.rule.id));
        let ids: Vec<String> = quotas.iter().map(|q| q.rule.id.clone()).collect();
        let busy = |id: &str| {
            PutManifestError::Quota(QuotaError::Busy {
                id: id.to_string(),
                waited_secs: LOCK_WAIT.as_secs(),
            })
        };
        let _local = self
            .held
            .take(&ids, LOCK_WAIT)
            .ok_or_else(|| busy(&ids[0]))?;
        let mut _stored = Vec::with_capacity(ids.len());
        for id in &ids {
            match self.store.quota_lock(id, LOCK_WAIT) {
                Ok(g) => _stored.push(g),
                Err(StoreError::Io { cause, .. })
                    if cause.kind() == std::io::ErrorKind::TimedOut =>
                {
                    return Err(busy(id))
                }
                Err(e) => return Err(e.into()),
            }
        }
        let refs: HashMap<Digest, u64> = usage::refs_of(digest, body.len() as u64, m)
            .into_iter()
            .collect();
        for q in &quotas {
            self.check(q, &refs)?;
        }
        LivePolicy::within(policy.clone(), || {
            self.inner.put(repo, digest, body, m, tag, update)
        })
    }

    fn delete(&self, repo: &RepoName, d: &Digest) -> Result<bool, DeleteError> {
        self.inner.delete(repo, d)
    }

    fn referrers(&self, repo: &RepoName, subject: &Digest) -> storage::Result<Vec<Descriptor>> {
        self.inner.referrers(repo, subject)
    }
}
