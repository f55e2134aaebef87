//! The service layer between the HTTP API (and tools) and the store: what a registry
//! does with blobs, manifests and tags, as traits.
//!
//! The server's handlers call these traits, never the [`Store`] directly, so that a
//! concern that applies to every request of a kind — a tag policy, a pull-through
//! cache, metrics, quotas — wraps a service instead of editing handlers.
//! [`Services::over`] builds the stack the server runs: the store's own services
//! ([`StoreServices`]) wrapped by the tag policy ([`policy::Policed`]), then for
//! manifests by the storage quotas ([`quota::Quotas`]) and the last-pull recorder
//! ([`pulls::Recorded`]).
//!
//! Services are blocking, like the store: handlers call them from short tasks on the
//! blocking pool.

pub mod policy;
pub mod pulls;
pub mod quota;

use std::sync::Arc;
use std::time::Duration;

use crate::oci::{Descriptor, Digest, Manifest, RepoName, Tag};
use crate::storage::{
    self, ManifestInfo, ObjectReader, PutManifestError, Store, TagUpdate, UploadError, UploadId,
    UploadWriter,
};

/// Why a deletion was refused, or failed.
#[derive(Debug, thiserror::Error)]
pub enum DeleteError {
    /// An immutable tag would go (the tag itself, or one pointing at the manifest).
    #[error("tag {tag} is immutable (rule {rule}): it cannot be deleted")]
    Pinned {
        /// The tag.
        tag: Tag,
        /// The rule protecting it, described.
        rule: String,
    },
    /// The rule file cannot be read: changes are refused until it is fixed.
    #[error("the tag policy cannot be read ({0}); tag changes are refused until it is fixed")]
    PolicyUnreadable(String),
    /// A store failure.
    #[error(transparent)]
    Store(#[from] storage::StoreError),
}

/// Blobs and their upload sessions.
pub trait BlobService: Send + Sync + 'static {
    /// Size of a blob the repository may serve (no stamp: read-only servers).
    fn size(&self, repo: &RepoName, d: &Digest) -> storage::Result<Option<u64>>;
    /// Size of a blob the repository may serve, stamped for re-use by a client that
    /// will skip its upload (`HEAD`).
    fn size_for_reuse(&self, repo: &RepoName, d: &Digest) -> storage::Result<Option<u64>>;
    /// Opens a blob the repository may serve.
    fn open(
        &self,
        repo: &RepoName,
        d: &Digest,
    ) -> storage::Result<Option<(Box<dyn ObjectReader>, u64)>>;
    /// A URL a client may fetch the blob from directly, valid for `ttl`.
    fn direct_url(
        &self,
        repo: &RepoName,
        d: &Digest,
        ttl: Duration,
    ) -> storage::Result<Option<String>>;
    /// Removes the repository's link to a blob.
    fn unlink(&self, repo: &RepoName, d: &Digest) -> storage::Result<bool>;
    /// Mounts a blob from another repository.
    fn mount(&self, to: &RepoName, from: &RepoName, d: &Digest) -> storage::Result<bool>;
    /// Starts an upload session owned by `owner`.
    fn start_upload(&self, repo: &RepoName, owner: Option<&str>) -> storage::Result<UploadId>;
    /// Bytes a session has received; `None` if it is not `owner`'s session of `repo`.
    fn upload_offset(
        &self,
        repo: &RepoName,
        id: &UploadId,
        owner: Option<&str>,
    ) -> storage::Result<Option<u64>>;
    /// Opens a session for appending.
    fn upload_writer(
        &self,
        repo: &RepoName,
        id: &UploadId,
        owner: Option<&str>,
    ) -> Result<UploadWriter, UploadError>;
    /// Ends a request that appended to a session; returns its length.
    fn checkpoint_upload(&self, w: UploadWriter) -> Result<u64, UploadError>;
    /// Closes a session into a blob of digest `expected`.
    fn finish_upload(&self, w: UploadWriter, expected: &Digest) -> Result<u64, UploadError>;
    /// Records a lazy session under its stored id before its first chunk; returns
    /// the id the client goes on with.
    fn record_upload(
        &self,
        repo: &RepoName,
        id: &UploadId,
        owner: Option<&str>,
    ) -> Result<UploadId, UploadError>;
    /// Cancels `owner`'s session of `repo`; `false` if there is none.
    fn cancel_upload(
        &self,
        repo: &RepoName,
        id: &UploadId,
        owner: Option<&str>,
    ) -> storage::Result<bool>;
}

/// Manifests of repositories, and the referrers among them.
pub trait ManifestService: Send + Sync + 'static {
    /// What the repository records about a manifest.
    fn info(&self, repo: &RepoName, d: &Digest) -> storage::Result<Option<ManifestInfo>>;
    /// A manifest's record and bytes.
    fn read(&self, repo: &RepoName, d: &Digest)
        -> storage::Result<Option<(ManifestInfo, Vec<u8>)>>;
    /// Stores a parsed manifest, optionally under `tag`, which `update` says may or
    /// may not move if it points elsewhere.
    fn put(
        &self,
        repo: &RepoName,
        digest: &Digest,
        body: &[u8],
        m: &Manifest,
        tag: Option<&Tag>,
        update: TagUpdate,
    ) -> Result<(), PutManifestError>;
    /// Removes a manifest with its tags; `false` if the repository did not hold it.
    fn delete(&self, repo: &RepoName, d: &Digest) -> Result<bool, DeleteError>;
    /// Descriptors of the manifests whose subject is `subject`.
    fn referrers(&self, repo: &RepoName, subject: &Digest) -> storage::Result<Vec<Descriptor>>;
}

/// Tags, and the repositories that hold them.
pub trait TagService: Send + Sync + 'static {
    /// The digest a tag points at.
    fn resolve(&self, repo: &RepoName, tag: &Tag) -> storage::Result<Option<Digest>>;
    /// Tags of a repository in byte order; `None` if it does not exist.
    fn list(&self, repo: &RepoName) -> storage::Result<Option<Vec<Tag>>>;
    /// Removes a tag; `false` if there was none.
    fn delete(&self, repo: &RepoName, tag: &Tag) -> Result<bool, DeleteError>;
    /// Every repository, sorted (the catalog).
    fn repositories(&self) -> storage::Result<Vec<RepoName>>;
    /// Whether a repository exists.
    fn repository_exists(&self, repo: &RepoName) -> storage::Result<bool>;
}

/// The three services a server runs on.
#[derive(Clone)]
pub struct Services {
    /// Blobs and uploads.
    pub blobs: Arc<dyn BlobService>,
    /// Manifests.
    pub manifests: Arc<dyn ManifestService>,
    /// Tags and repositories.
    pub tags: Arc<dyn TagService>,
    /// Pulls recorded and not yet written to the store, which the server flushes
    /// (`None`: the stack records none).
    pub pulls: Option<Arc<pulls::PullLog>>,
}

impl Services {
    /// The stack `serve` runs: the store's services under the store's tag policy.
    pub fn over(store: &Store) -> Services {
        let base = Arc::new(StoreServices::new(store.clone()));
        let policed = Arc::new(policy::Policed::new(
            base.clone(),
            base.clone(),
            store.clone(),
        ));
        let quotas = Arc::new(quota::Quotas::new(
            policed.clone(),
            store.clone(),
            Arc::new(crate::policy::usage::RefCache::default()),
        ));
        let log = Arc::new(pulls::PullLog::default());
        let recorded = Arc::new(pulls::Recorded::new(quotas, log.clone()));
        Services {
            blobs: base,
            manifests: recorded,
            tags: policed,
            pulls: Some(log),
        }
    }
}

/// The services as the store provides them, with no policy.
#[derive(Clone)]
pub struct StoreServices {
    store: Store,
}

impl StoreServices {
    /// Services over `store`.
    pub fn new(store: Store) -> StoreServices {
        StoreServices { store }
    }
}

impl BlobService for StoreServices {
    fn size(&self, repo: &RepoName, d: &Digest) -> storage::Result<Option<u64>> {
        self.store.blob_size(repo, d)
    }
    fn size_for_reuse(&self, repo: &RepoName, d: &Digest) -> storage::Result<Option<u64>> {
        self.store.blob_size_for_reuse(repo, d)
    }
    fn open(
        &self,
        repo: &RepoName,
        d: &Digest,
    ) -> storage::Result<Option<(Box<dyn ObjectReader>, u64)>> {
        self.store.open_blob(repo, d)
    }
    fn direct_url(
        &self,
        repo: &RepoName,
        d: &Digest,
        ttl: Duration,
    ) -> storage::Result<Option<String>> {
        self.store.blob_direct_url(repo, d, ttl)
    }
    fn unlink(&self, repo: &RepoName, d: &Digest) -> storage::Result<bool> {
        self.store.delete_blob_link(repo, d)
    }
    fn mount(&self, to: &RepoName, from: &RepoName, d: &Digest) -> storage::Result<bool> {
        self.store.mount_blob(to, from, d)
    }
    fn start_upload(&self, repo: &RepoName, owner: Option<&str>) -> storage::Result<UploadId> {
        self.store.start_upload(repo, owner)
    }
    fn upload_offset(
        &self,
        repo: &RepoName,
        id: &UploadId,
        owner: Option<&str>,
    ) -> storage::Result<Option<u64>> {
        self.store.upload_offset(repo, id, owner)
    }
    fn upload_writer(
        &self,
        repo: &RepoName,
        id: &UploadId,
        owner: Option<&str>,
    ) -> Result<UploadWriter, UploadError> {
        self.store.upload_writer(repo, id, owner)
    }
    fn checkpoint_upload(&self, w: UploadWriter) -> Result<u64, UploadError> {
        self.store.checkpoint_upload(w)
    }
    fn finish_upload(&self, w: UploadWriter, expected: &Digest) -> Result<u64, UploadError> {
        self.store.finish_upload(w, expected)
    }
    fn record_upload(
        &self,
        repo: &RepoName,
        id: &UploadId,
        owner: Option<&str>,
    ) -> Result<UploadId, UploadError> {
        self.store.record_upload(repo, id, owner)
    }
    fn cancel_upload(
        &self,
        repo: &RepoName,
        id: &UploadId,
        owner: Option<&str>,
    ) -> storage::Result<bool> {
        self.store.cancel_session(repo, id, owner)
    }
}

impl ManifestService for StoreServices {
    fn info(&self, repo: &RepoName, d: &Digest) -> storage::Result<Option<ManifestInfo>> {
        self.store.manifest_info(repo, d)
    }
    fn read(
        &self,
        repo: &RepoName,
        d: &Digest,
    ) -> storage::Result<Option<(ManifestInfo, Vec<u8>)>> {
        self.store.read_manifest(repo, d)
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
        self.store
            .put_manifest_as(repo, digest, body, m, tag, update)
    }
    fn delete(&self, repo: &RepoName, d: &Digest) -> Result<bool, DeleteError> {
        Ok(self.store.delete_manifest(repo, d)?)
    }
    fn referrers(&self, repo: &RepoName, subject: &Digest) -> storage::Result<Vec<Descriptor>> {
        self.store.referrers(repo, subject)
    }
}

impl TagService for StoreServices {
    fn resolve(&self, repo: &RepoName, tag: &Tag) -> storage::Result<Option<Digest>> {
        self.store.resolve_tag(repo, tag)
    }
    fn list(&self, repo: &RepoName) -> storage::Result<Option<Vec<Tag>>> {
        self.store.list_tags(repo)
    }
    fn delete(&self, repo: &RepoName, tag: &Tag) -> Result<bool, DeleteError> {
        Ok(self.store.delete_tag(repo, tag)?)
    }
    fn repositories(&self) -> storage::Result<Vec<RepoName>> {
        self.store.list_repos()
    }
    fn repository_exists(&self, repo: &RepoName) -> storage::Result<bool> {
        self.store.repo_exists(repo)
    }
}
