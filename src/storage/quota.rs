//! What the usage, pull and quota features need from the store: last-pull records
//! (one per repository, `repositories/<name>/_pulls/last.json`) and exclusive locks
//! with a bounded wait (the pull flush's and each quota's), on any backend.
//!
//! Locks go through [`super::Backend::lock`]: an `flock` on the filesystem (which
//! also excludes other threads of the same process, each holding its own open file)
//! and a create-if-absent lease on object storage. The wait is a poll with a deadline,
//! never an unbounded block.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use crate::oci::{Digest, RepoName};

use super::paths;
use super::{io_err, LockGuard, LockMode, Result, Store, StoreError};

/// Last-pull times of one repository's manifests, in unix seconds.
pub type PullTimes = BTreeMap<Digest, u64>;

impl Store {
    /// The last-pull times recorded for `repo`'s manifests (none recorded: empty).
    pub fn pull_times(&self, repo: &RepoName) -> Result<PullTimes> {
        let raw: Option<BTreeMap<String, u64>> = self.read_json(&paths::pulls(repo))?;
        // An entry whose key is no digest is ignored rather than failing a prune.
        Ok(raw
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(d, t)| Some((Digest::parse(&d).ok()?, t)))
            .collect())
    }

    /// Merges `batch` into `repo`'s record, keeping the newest time of each manifest.
    /// The caller holds [`Store::pulls_lock`], so two servers flushing at once cannot
    /// lose each other's times.
    pub fn merge_pull_times(&self, repo: &RepoName, batch: &PullTimes) -> Result<()> {
        let mut times = self.pull_times(repo)?;
        let mut changed = false;
        for (d, &t) in batch {
            let slot = times.entry(d.clone()).or_insert(0);
            if t > *slot {
                *slot = t;
                changed = true;
            }
        }
        if !changed {
            return Ok(());
        }
        let out: BTreeMap<String, u64> =
            times.into_iter().map(|(d, t)| (d.to_string(), t)).collect();
        let bytes = serde_json::to_vec(&out).map_err(|e| StoreError::Corrupt {
            key: paths::pulls(repo).to_string(),
            why: e.to_string(),
        })?;
        self.write_key(&paths::pulls(repo), &bytes)
    }

    /// The lock serialising flushes of pull times (`locks/pulls.lock`), waiting at
    /// most `wait`.
    pub fn pulls_lock(&self, wait: Duration) -> Result<Box<dyn LockGuard>> {
        self.bounded_lock("pulls", wait)
    }

    /// The lock serialising quota checks and commits of one quota
    /// (`locks/quota-<id>.lock`) across processes, waiting at most `wait`.
    pub fn quota_lock(&self, id: &str, wait: Duration) -> Result<Box<dyn LockGuard>> {
        self.bounded_lock(&format!("quota-{id}"), wait)
    }

    /// Takes an exclusive lock, polling with a growing pause until `wait` has passed.
    fn bounded_lock(&self, name: &str, wait: Duration) -> Result<Box<dyn LockGuard>> {
        let key = paths::lock(name);
        let deadline = Instant::now() + wait;
        let mut pause = Duration::from_millis(1);
        loop {
            if let Some(g) = self
                .b()
                .lock(&key, LockMode::Exclusive, false)
                .map_err(io_err(&key))?
            {
                return Ok(g);
            }
            if Instant::now() >= deadline {
                return Err(StoreError::Io {
                    key: key.to_string(),
                    cause: std::io::Error::new(
                        std::io::ErrorKind::TimedOut,
                        format!("held by another process for more than {wait:?}"),
                    ),
                });
            }
            std::thread::sleep(pause);
            pause = (pause * 2).min(Duration::from_millis(50));
        }
    }
}

/// Why a quota refused a manifest push (filled in by the quota service).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuotaError {
    /// The push would take the scope over its limit.
    #[error(
        "quota {id} on {repos} would be exceeded: {used} bytes used of {limit}, this push adds {push} (blobs the scope already holds count once)"
    )]
    Exceeded {
        /// The quota's id.
        id: String,
        /// Its scope pattern.
        repos: String,
        /// Bytes the scope references now.
        used: u64,
        /// Its limit in bytes.
        limit: u64,
        /// Bytes the push would add (what the scope does not reference yet).
        push: u64,
    },
    /// Another push to the same scope held its lock for longer than the wait.
    #[error(
        "quota {id} is busy: another push to its scope held it for more than {waited_secs}s; retry"
    )]
    Busy {
        /// The quota's id.
        id: String,
        /// How long this push waited.
        waited_secs: u64,
    },
}
