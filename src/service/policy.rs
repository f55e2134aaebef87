//! The tag policy as a service wrapper: immutable tags are created once and never
//! moved or deleted, whatever asks (the API today; any other caller of the services
//! tomorrow), and a rule file that does not parse refuses every tag change (fail
//! closed). Reads pass through untouched.

use std::sync::Arc;

use super::{DeleteError, ManifestService, TagService};
use crate::oci::{Descriptor, Digest, Manifest, RepoName, Tag};
use crate::policy::live::LivePolicy;
use crate::policy::Policy;
use crate::storage::{self, ManifestInfo, PutManifestError, Store, StoreError, TagUpdate};

/// Manifest and tag services under the store's tag policy.
pub struct Policed {
    manifests: Arc<dyn ManifestService>,
    tags: Arc<dyn TagService>,
    store: Store,
    policy: LivePolicy,
}

impl Policed {
    /// Wraps `manifests` and `tags`; the rules are read from `store` (and re-read
    /// when their file changes).
    pub fn new(
        manifests: Arc<dyn ManifestService>,
        tags: Arc<dyn TagService>,
        store: Store,
    ) -> Policed {
        Policed {
            manifests,
            tags,
            store,
            policy: LivePolicy::default(),
        }
    }

    fn policy(&self) -> Result<Arc<Policy>, String> {
        self.policy.get(&self.store).map_err(|e| e.to_string())
    }

    fn rule_for(&self, repo: &RepoName, tag: &Tag) -> Result<Option<String>, String> {
        Ok(self
            .policy()?
            .immutable_rule(repo, tag)
            .map(|r| r.describe()))
    }
}

impl ManifestService for Policed {
    fn info(&self, repo: &RepoName, d: &Digest) -> storage::Result<Option<ManifestInfo>> {
        self.manifests.info(repo, d)
    }

    fn read(
        &self,
        repo: &RepoName,
        d: &Digest,
    ) -> storage::Result<Option<(ManifestInfo, Vec<u8>)>> {
        self.manifests.read(repo, d)
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
        // An immutable tag is created once and never moved; a re-push of the digest
        // it has succeeds.
        let rule = match tag {
            Some(t) => self.rule_for(repo, t).map_err(|why| {
                PutManifestError::Store(StoreError::Corrupt {
                    key: "auth/policy.toml".into(),
                    why: format!("the tag policy cannot be read ({why}); tag changes are refused until it is fixed"),
                })
            })?,
            None => None,
        };
        let update = if rule.is_some() {
            TagUpdate::Pinned
        } else {
            update
        };
        self.manifests
            .put(repo, digest, body, m, tag, update)
            .map_err(|e| match e {
                PutManifestError::TagPinned { tag, current, .. } => PutManifestError::TagPinned {
                    tag,
                    current,
                    rule: rule.clone(),
                },
                other => other,
            })
    }

    fn delete(&self, repo: &RepoName, d: &Digest) -> Result<bool, DeleteError> {
        // Deleting a manifest removes its tags too: none of them may be immutable.
        let policy = self.policy().map_err(DeleteError::PolicyUnreadable)?;
        if let Some((tag, rule)) = policy.pinned_tag_of(&self.store, repo, d)? {
            return Err(DeleteError::Pinned { tag, rule });
        }
        self.manifests.delete(repo, d)
    }

    fn referrers(&self, repo: &RepoName, subject: &Digest) -> storage::Result<Vec<Descriptor>> {
        self.manifests.referrers(repo, subject)
    }
}

impl TagService for Policed {
    fn resolve(&self, repo: &RepoName, tag: &Tag) -> storage::Result<Option<Digest>> {
        self.tags.resolve(repo, tag)
    }

    fn list(&self, repo: &RepoName) -> storage::Result<Option<Vec<Tag>>> {
        self.tags.list(repo)
    }

    fn delete(&self, repo: &RepoName, tag: &Tag) -> Result<bool, DeleteError> {
        if let Some(rule) = self
            .rule_for(repo, tag)
            .map_err(DeleteError::PolicyUnreadable)?
        {
            return Err(DeleteError::Pinned {
                tag: tag.clone(),
                rule,
            });
        }
        self.tags.delete(repo, tag)
    }

    fn repositories(&self) -> storage::Result<Vec<RepoName>> {
        self.tags.repositories()
    }

    fn repository_exists(&self, repo: &RepoName) -> storage::Result<bool> {
        self.tags.repository_exists(repo)
    }
}
