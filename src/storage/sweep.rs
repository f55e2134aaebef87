//! Deletions for gc: every one re-checks the object's modification time against a
//! cutoff immediately before removing it, so that anything stamped by a concurrent
//! commit (see the module docs of [`super`]) survives.
//!
//! The caller holds the commit lock exclusively around these calls; these methods do
//! not take it themselves because gc needs one lock hold to cover a decision and the
//! deletions that follow from it.

use std::time::SystemTime;

use super::paths::{self, Key};
use super::walk::LinkKind;
use super::{io_err, Result, Store, UploadId};
use crate::oci::{Digest, RepoName, Tag};

/// What happened to an object gc asked to remove.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Removal {
    /// It was older than the cutoff and is gone; `size` bytes were freed.
    Removed {
        /// Size of what was removed.
        size: u64,
    },
    /// It was stamped at or after the cutoff (in use by a recent commit): kept.
    Young {
        /// Its modification time.
        modified: SystemTime,
    },
    /// It did not exist (removed by someone else).
    Gone,
}

impl Store {
    fn remove_if_older(&self, key: &Key, cutoff: SystemTime, dry_run: bool) -> Result<Removal> {
        let Some(meta) = self.stat_key(key)? else {
            return Ok(Removal::Gone);
        };
        if meta.modified >= cutoff {
            return Ok(Removal::Young {
                modified: meta.modified,
            });
        }
        if !dry_run && !self.delete_key(key)? {
            return Ok(Removal::Gone);
        }
        Ok(Removal::Removed { size: meta.size })
    }

    /// Removes a repository's link if it was last stamped before `cutoff`. With
    /// `dry_run` nothing is removed but the outcome is reported as if it had been.
    /// Call under the exclusive commit lock.
    pub fn remove_link_if_older(
        &self,
        repo: &RepoName,
        kind: LinkKind,
        d: &Digest,
        cutoff: SystemTime,
        dry_run: bool,
    ) -> Result<Removal> {
        self.remove_if_older(&kind.key(repo, d), cutoff, dry_run)
    }

    /// Removes blob bytes if they were last stamped before `cutoff` (every new link
    /// to existing bytes stamps them, so a link made after the caller decided the
    /// bytes were unreferenced keeps them). Call under the exclusive commit lock.
    pub fn remove_blob_if_older(
        &self,
        d: &Digest,
        cutoff: SystemTime,
        dry_run: bool,
    ) -> Result<Removal> {
        self.remove_if_older(&paths::blob_data(d), cutoff, dry_run)
    }

    /// Removes a tag record. Call under the exclusive commit lock.
    pub fn remove_tag_record(&self, repo: &RepoName, tag: &Tag) -> Result<bool> {
        self.delete_key(&paths::tag(repo, tag))
    }

    /// Removes the record saying `referrer` refers to `subject`, and the directories
    /// it leaves empty. Call under the exclusive commit lock.
    pub fn remove_referrer_record(
        &self,
        repo: &RepoName,
        subject: &Digest,
        referrer: &Digest,
    ) -> Result<bool> {
        let key = paths::referrer(repo, subject, referrer);
        let removed = self.delete_key(&key)?;
        let dir = paths::child(
            &paths::referrers_dir(repo, subject),
            referrer.algorithm().as_str(),
        );
        self.backend()
            .prune_empty(&dir, &paths::repo_dir(repo))
            .map_err(io_err(&dir))?;
        Ok(removed)
    }

    /// Removes the repository's empty per-repository directories and, if nothing is
    /// left, the repository itself (and empty parents). Returns whether the
    /// repository is gone. Call under the exclusive commit lock.
    pub fn prune_repo(&self, repo: &RepoName) -> Result<bool> {
        let stop = paths::top(paths::REPOSITORIES);
        for sub in [paths::LAYERS_DIR, paths::MANIFESTS_DIR] {
            for alg in [crate::oci::Algorithm::Sha256, crate::oci::Algorithm::Sha512] {
                let dir = paths::link_alg_dir(repo, sub, alg);
                self.backend()
                    .prune_empty(&dir, &stop)
                    .map_err(io_err(&dir))?;
            }
        }
        for sub in [paths::TAGS_DIR, paths::REFERRERS_DIR] {
            let dir = paths::repo_sub(repo, sub);
            self.backend()
                .prune_empty(&dir, &stop)
                .map_err(io_err(&dir))?;
        }
        Ok(self.stat_key(&paths::repo_dir(repo))?.is_none())
    }

    /// Removes an upload session whose bytes (or metadata) were last written before
    /// `cutoff`. Call under the exclusive commit lock, which the session's final
    /// commit also takes.
    pub fn remove_upload_if_older(
        &self,
        id: &UploadId,
        cutoff: SystemTime,
        dry_run: bool,
    ) -> Result<Removal> {
        let data = self.stat_key(&paths::upload_data(id))?;
        let meta = self.stat_key(&paths::upload_meta(id))?;
        let dir = paths::upload_dir(id);
        let (size, modified) = match (data, meta) {
            (Some(d), _) => (d.size, d.modified),
            (None, Some(m)) => (0, m.modified),
            (None, None) => match self.stat_key(&dir)? {
                Some(m) => (0, m.modified),
                None => return Ok(Removal::Gone),
            },
        };
        if modified >= cutoff {
            return Ok(Removal::Young { modified });
        }
        if !dry_run {
            self.backend().delete_prefix(&dir).map_err(io_err(&dir))?;
        }
        Ok(Removal::Removed { size })
    }

    /// Removes a staging entry under `tmp/` (as listed by [`Store::tmp_entries`]) if it
    /// was last written before `cutoff`.
    pub fn remove_tmp_if_older(
        &self,
        key: &Key,
        cutoff: SystemTime,
        dry_run: bool,
    ) -> Result<Removal> {
        if !key.as_str().starts_with(&format!("{}/", paths::TMP)) {
            // Only staging entries; anything else is not ours to remove.
            return Ok(Removal::Gone);
        }
        let Some(meta) = self.stat_key(key)? else {
            return Ok(Removal::Gone);
        };
        if meta.modified >= cutoff {
            return Ok(Removal::Young {
                modified: meta.modified,
            });
        }
        if !dry_run && self.backend().delete(key).is_err() {
            // A directory (never made by the store itself, but harmless to clear).
            self.backend().delete_prefix(key).map_err(io_err(key))?;
        }
        Ok(Removal::Removed { size: meta.size })
    }
}
