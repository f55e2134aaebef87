//! The store: the one owner of the storage tree and of every write to it.
//!
//! Blob bytes are content-addressed and stored once; per-repository link records say
//! which repository may serve which blob and which manifests it holds; tags are small
//! records naming a manifest digest; upload sessions live in their own area. See
//! [`paths`] for the layout and `docs/storage.md` for the operator's view.
//!
//! # Concurrency with gc
//!
//! Every operation that creates or re-uses a reference (finishing an upload, a mount,
//! a manifest or tag push, a `HEAD` on a blob that a client may then skip uploading)
//! runs under the *commit lock* in shared mode and stamps what it relies on with the
//! backend's clock. gc takes the same lock exclusively while it re-checks and deletes,
//! and never deletes anything stamped at or after its own start. So each such
//! operation either happens entirely before a deletion decision (and is seen by it)
//! or entirely after (and finds the object gone, failing cleanly). `docs/gc.md` has
//! the full protocol.
//!
//! All methods are blocking; the server calls them from `spawn_blocking`.

pub mod backend;
pub mod cli2;
pub mod copy;
pub mod deletions;
pub mod fs;
pub mod layout;
pub mod lockwait;
pub mod modes;
pub mod object;
pub mod on_objects;
pub mod paths;
pub mod quota;
pub mod repair;
pub mod robots;
pub mod sweep;
pub mod upload;
mod usage;
mod verified;
pub mod walk;

use std::io;
use std::path::Path;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::oci::{Algorithm, Descriptor, Digest, Manifest, ManifestKind, RepoName, Tag};

pub use backend::{
    Backend, CommitConflict, Entry, EntryKind, LockGuard, LockMode, ObjectMeta, ObjectReader,
    TagWrite, Target,
};
pub use copy::AuthCopy;
pub use layout::{Access, LayoutState, OpenError};
pub use paths::{AuthFile, Key};
pub use robots::RobotFile;
pub use sweep::Removal;
pub use upload::{HashCheckpoint, UploadId, UploadMeta, UploadWriter};
pub use usage::Usage;
pub use walk::{BlobEntry, LinkEntry, LinkKind, ReferrerEntry, Stray, TagEntry, UploadEntry};

/// A failure of the store itself (I/O or a damaged record), as opposed to a client
/// asking for something that is not there.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// An I/O error on a key. The message includes the OS error, so it is not also
    /// returned as the `source()`: a cause chain (anyhow's `{:#}`) would print it twice.
    #[error("storage I/O error on {key}: {cause}")]
    Io {
        /// The object involved.
        key: String,
        /// The underlying error (part of the message, deliberately not a `#[source]`).
        cause: io::Error,
    },
    /// A lock another process held for the whole lock wait ([`lockwait`]): nothing
    /// was done, retry later. The detail (which file, what to do) is the source.
    #[error("the store is busy")]
    Busy(#[source] lockwait::LockBusy),
    /// A commit lost a race with gc or another commit on object storage: nothing was
    /// acknowledged; the client retries (503).
    #[error(transparent)]
    Conflict(backend::CommitConflict),
    /// A record that does not parse.
    #[error("damaged record {key}: {why}")]
    Corrupt {
        /// The object involved.
        key: String,
        /// What is wrong with it.
        why: String,
    },
}

/// Result alias for store operations.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

fn io_err(key: &Key) -> impl FnOnce(io::Error) -> StoreError + '_ {
    move |cause| {
        if let Some(c) = backend::CommitConflict::of(&cause) {
            return StoreError::Conflict(c.clone());
        }
        match lockwait::LockBusy::of(&cause) {
            Some(busy) => StoreError::Busy(busy.clone()),
            None => StoreError::Io {
                key: key.to_string(),
                cause,
            },
        }
    }
}

/// What a repository records about a manifest it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestInfo {
    /// The media type it is served with.
    #[serde(rename = "mediaType")]
    pub media_type: String,
    /// Its size in bytes.
    pub size: u64,
}

/// How [`Store::adopt_blob`] brought a blob in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Adopted {
    /// The store had the bytes already; only the repository link was added.
    AlreadyThere,
    /// Hard-linked from the source file (same filesystem): no bytes copied.
    Linked,
    /// Copied (another filesystem).
    Copied,
}

/// Why an upload could not be continued or finished.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    /// No such session in this repository.
    #[error("upload session unknown")]
    Unknown,
    /// Another request is writing to the session right now.
    #[error("another request is writing to this upload session")]
    Busy,
    /// Another request (here or on another replica) stored bytes in the session
    /// while this one was writing: this request's bytes were not kept.
    #[error("another request wrote to this upload session meanwhile; it has {offset} bytes")]
    Raced {
        /// The session's length now.
        offset: u64,
    },
    /// The bytes do not hash to the digest the client named; the session is gone.
    #[error("uploaded content has digest {computed}, not {expected}")]
    DigestMismatch {
        /// What the client said.
        expected: Digest,
        /// What the bytes hash to.
        computed: Digest,
    },
    /// A store failure.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Why a manifest push was refused by the store.
#[derive(Debug, thiserror::Error)]
pub enum PutManifestError {
    /// Blobs or child manifests the manifest names are not in the repository.
    #[error("manifest references content unknown to the repository: {}", list(.0))]
    Unknown(Vec<Digest>),
    /// A descriptor's size does not match the stored blob.
    #[error("descriptor for {digest} says {declared} bytes but the blob has {actual}")]
    SizeMismatch {
        /// The blob.
        digest: Digest,
        /// Size in the descriptor.
        declared: u64,
        /// Size of the stored bytes.
        actual: u64,
    },
    /// The tag points at another manifest and may not move ([`TagUpdate::Pinned`]).
    #[error("tag {tag} points at {} and may not move", current.as_ref().map_or("a damaged record".to_string(), |d| d.to_string()))]
    TagPinned {
        /// The tag.
        tag: Tag,
        /// What it points at now.
        current: Option<Digest>,
        /// The policy rule that pins it, described (filled in by the policy service).
        rule: Option<String>,
    },
    /// A storage quota refused it (see `service::quota`).
    #[error(transparent)]
    Quota(quota::QuotaError),
    /// A store failure.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What a manifest push does to a tag that already points elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagUpdate {
    /// Move it (the registry's normal behaviour).
    Move,
    /// Leave it and fail (immutable tags); a re-push of the same digest succeeds.
    Pinned,
}

fn list(ds: &[Digest]) -> String {
    ds.iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Parses a small JSON record read from `key`; one that does not parse is damaged.
fn parse_json<T: serde::de::DeserializeOwned>(
    key: &Key,
    bytes: Option<Vec<u8>>,
) -> Result<Option<T>> {
    bytes
        .map(|b| {
            serde_json::from_slice(&b).map_err(|e| StoreError::Corrupt {
                key: key.to_string(),
                why: e.to_string(),
            })
        })
        .transpose()
}

/// Seconds since the Unix epoch.
pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// How old a layer link must be before a `HEAD` on its blob touches it on object
/// storage: half gc's default grace period, or `REGISTRYCTL_REUSE_TOUCH_SECS`.
pub fn reuse_touch_age() -> std::time::Duration {
    let secs = std::env::var("REGISTRYCTL_REUSE_TOUCH_SECS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(crate::gc::DEFAULT_GRACE_PERIOD.as_secs() / 2);
    std::time::Duration::from_secs(secs)
}

/// Name of the lock serve's commits share and gc's sweep takes exclusively.
pub const COMMIT_LOCK: &str = "commit";
/// Name of the lock that keeps a second gc from starting.
pub const GC_LOCK: &str = "gc";

struct Inner {
    backend: Box<dyn Backend>,
    slots: Arc<upload::Slots>,
    layout: LayoutState,
    /// Bytes of upload sessions read back to rebuild a hash state (neither the
    /// in-memory state nor the saved checkpoint matched the data).
    rehashed: std::sync::atomic::AtomicU64,
    /// Manifest bytes read and verified against their digest, on remote backends.
    manifests: verified::Cache,
    records: verified::Records,
}

/// A handle on a store. Cheap to clone; all clones share state.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

impl Store {
    // Opening and creating a store on the filesystem: `Store::open`,
    // `Store::open_or_create` and `Store::migrate` in `layout.rs`.

    /// A store over any backend, whose layout the caller vouches for (it is reported
    /// as [`LayoutState::Current`]).
    pub fn with_backend(backend: Box<dyn Backend>) -> Store {
        Store::with_backend_state(backend, LayoutState::Current)
    }

    fn with_backend_state(backend: Box<dyn Backend>, layout: LayoutState) -> Store {
        Store {
            inner: Arc::new(Inner {
                backend,
                slots: Arc::default(),
                layout,
                rehashed: Default::default(),
                manifests: verified::Cache::new(verified::MANIFEST_CACHE_BYTES),
                records: verified::Records::new(verified::RECORDS_MAX),
            }),
        }
    }

    /// What opening found: a store it created, a current one, or one written before
    /// layout markers.
    pub fn layout_state(&self) -> LayoutState {
        self.inner.layout
    }

    /// Where the store lives, for messages.
    pub fn describe(&self) -> String {
        self.inner.backend.describe()
    }

    /// Checks that the backend does what the store relies on (see
    /// [`Backend::self_test`]); `serve` runs it before it listens.
    pub fn self_test(&self) -> Result<()> {
        self.b().self_test().map_err(|cause| StoreError::Io {
            key: self.describe(),
            cause,
        })
    }

    /// The backend, for the walks in gc and scan that need its primitives.
    pub fn backend(&self) -> &dyn Backend {
        &*self.inner.backend
    }

    fn b(&self) -> &dyn Backend {
        &*self.inner.backend
    }

    /// Takes the commit lock (shared for serve's commits, exclusive for gc's sweep).
    pub fn commit_lock(&self, mode: LockMode) -> Result<Box<dyn LockGuard>> {
        let key = paths::lock(COMMIT_LOCK);
        self.b()
            .lock(&key, mode, true)
            .map_err(io_err(&key))?
            .ok_or_else(|| StoreError::Corrupt {
                key: key.to_string(),
                why: "blocking lock returned without the lock".into(),
            })
    }

    /// Tries to become the only gc on this store; `None` if one is running.
    pub fn try_gc_lock(&self) -> Result<Option<Box<dyn LockGuard>>> {
        let key = paths::lock(GC_LOCK);
        self.b()
            .lock(&key, LockMode::Exclusive, false)
            .map_err(io_err(&key))
    }

    /// The backend's current time, comparable with object modification times.
    pub fn clock(&self) -> Result<SystemTime> {
        let key = paths::lock("clock");
        self.b().now(&key).map_err(io_err(&key))
    }

    // ---- small records -------------------------------------------------------------

    pub(crate) fn read_key(&self, key: &Key) -> Result<Option<Vec<u8>>> {
        self.b().read(key).map_err(io_err(key))
    }

    /// Reads a small record that is read far more often than it changes (a tag, a
    /// manifest link). On object storage a copy is kept by version and served after
    /// one metadata request confirms the version is still current; the record's
    /// existence and content are thus checked on every call, never assumed.
    pub(crate) fn read_record(&self, key: &Key) -> Result<Option<Vec<u8>>> {
        if !self.b().remote() {
            return self.read_key(key);
        }
        let records = &self.inner.records;
        // Only committed records are kept (a pending one reads as absent), and a
        // committed version never turns pending again: a HEAD confirms a copy.
        let Some(version) = self.b().head_version(key).map_err(io_err(key))? else {
            records.remove(key.as_str());
            return Ok(None);
        };
        if let Some(b) = records.get(key.as_str(), version) {
            return Ok(Some(b.to_vec()));
        }
        let got = self.b().read_versioned(key).map_err(io_err(key))?;
        match &got {
            Some((b, version)) => records.insert(key.as_str(), *version, b),
            None => records.remove(key.as_str()),
        }
        Ok(got.map(|(b, _)| b))
    }

    /// Reads a small JSON record; a record that does not parse is reported as damaged.
    pub(crate) fn read_json<T: serde::de::DeserializeOwned>(&self, key: &Key) -> Result<Option<T>> {
        parse_json(key, self.read_key(key)?)
    }

    pub(crate) fn write_key(&self, key: &Key, data: &[u8]) -> Result<()> {
        self.b().write_atomic(key, data).map_err(io_err(key))
    }

    pub(crate) fn stat_key(&self, key: &Key) -> Result<Option<ObjectMeta>> {
        self.b().stat(key).map_err(io_err(key))
    }

    pub(crate) fn touch_key(&self, key: &Key) -> Result<bool> {
        self.b().touch(key).map_err(io_err(key))
    }

    pub(crate) fn delete_key(&self, key: &Key) -> Result<bool> {
        self.b().delete(key).map_err(io_err(key))
    }

    pub(crate) fn list_key(&self, key: &Key) -> Result<Option<Vec<Entry>>> {
        self.b().list(key).map_err(io_err(key))
    }

    /// Reads an auth file.
    pub fn read_auth_file(&self, f: AuthFile) -> Result<Option<Vec<u8>>> {
        self.read_key(&paths::auth_file(f))
    }

    /// Replaces an auth file atomically. Auth files are written readable by the store's
    /// owner only: they hold password hashes and the token signing key.
    pub fn write_auth_file(&self, f: AuthFile, data: &[u8]) -> Result<()> {
        let key = paths::auth_file(f);
        self.b()
            .write_atomic_private(&key, data)
            .map_err(io_err(&key))
    }

    /// Modification time of an auth file (to notice edits made by other processes).
    pub fn auth_file_meta(&self, f: AuthFile) -> Result<Option<ObjectMeta>> {
        self.stat_key(&paths::auth_file(f))
    }

    /// Appends a line to an auth file (the audit log).
    pub fn append_auth_line(&self, f: AuthFile, line: &str) -> Result<()> {
        let key = paths::auth_file(f);
        self.b().append_line(&key, line).map_err(io_err(&key))
    }

    /// Takes an exclusive lock serialising edits of the auth files.
    pub fn auth_lock(&self) -> Result<Box<dyn LockGuard>> {
        let key = paths::lock("auth");
        self.b()
            .lock(&key, LockMode::Exclusive, true)
            .map_err(io_err(&key))?
            .ok_or_else(|| StoreError::Corrupt {
                key: key.to_string(),
                why: "blocking lock returned without the lock".into(),
            })
    }

    // ---- repositories --------------------------------------------------------------

    /// Whether the repository exists (holds any link or tag).
    pub fn repo_exists(&self, repo: &RepoName) -> Result<bool> {
        for sub in [paths::MANIFESTS_DIR, paths::LAYERS_DIR] {
            if self.stat_key(&paths::repo_sub(repo, sub))?.is_some() {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Every repository, sorted. Directory names that are not valid repository names
    /// are skipped here (scan reports them, from [`Store::repos_with_strays`]).
    pub fn list_repos(&self) -> Result<Vec<RepoName>> {
        Ok(self.repos_with_strays()?.0)
    }

    /// Removes a repository's links, tags and referrer records (not nested
    /// repositories, and not blob bytes, which gc reclaims). `false` if it did not exist.
    pub fn delete_repo(&self, repo: &RepoName) -> Result<bool> {
        let _commit = self.commit_lock(LockMode::Shared)?;
        let mut any = false;
        for sub in paths::REPO_DIRS {
            let key = paths::repo_sub(repo, sub);
            any |= self.b().delete_prefix(&key).map_err(io_err(&key))?;
        }
        let dir = paths::repo_dir(repo);
        self.b()
            .prune_empty(&dir, &paths::top(paths::REPOSITORIES))
            .map_err(io_err(&dir))?;
        Ok(any)
    }

    // ---- blobs ---------------------------------------------------------------------

    /// Size of a blob the repository may serve, or `None`. A link whose bytes are
    /// missing counts as missing.
    pub fn blob_size(&self, repo: &RepoName, d: &Digest) -> Result<Option<u64>> {
        if self.stat_key(&paths::layer_link(repo, d))?.is_none() {
            return Ok(None);
        }
        Ok(self.stat_key(&paths::blob_data(d))?.map(|m| m.size))
    }

    /// Like [`Store::blob_size`] but also stamps the link, under the commit lock: a
    /// client that learns from a `HEAD` that it may skip an upload can rely on the
    /// blob staying while a concurrent gc runs.
    ///
    /// On object storage, where a touch is a write, the link is touched only when its
    /// stamp is older than [`reuse_touch_age`] (half the default grace period): safety
    /// does not need it (the manifest push touches the link, and a missing one fails
    /// the push cleanly); it keeps a blob just re-used out of the next gc.
    pub fn blob_size_for_reuse(&self, repo: &RepoName, d: &Digest) -> Result<Option<u64>> {
        let _commit = self.commit_lock(LockMode::Shared)?;
        let link = paths::layer_link(repo, d);
        if self.b().remote() {
            let Some(meta) = self.stat_key(&link)? else {
                return Ok(None);
            };
            // The local clock: a hint only (the backend's clock costs a write on S3).
            let age = SystemTime::now()
                .duration_since(meta.modified)
                .unwrap_or_default();
            if age >= reuse_touch_age() && !self.touch_key(&link)? {
                return Ok(None);
            }
        } else if !self.touch_key(&link)? {
            return Ok(None);
        }
        Ok(self.stat_key(&paths::blob_data(d))?.map(|m| m.size))
    }

    /// Opens a blob the repository may serve.
    pub fn open_blob(
        &self,
        repo: &RepoName,
        d: &Digest,
    ) -> Result<Option<(Box<dyn ObjectReader>, u64)>> {
        if self.stat_key(&paths::layer_link(repo, d))?.is_none() {
            return Ok(None);
        }
        let key = paths::blob_data(d);
        self.b().open(&key).map_err(io_err(&key))
    }

    /// A URL from which a client may fetch a blob the repository may serve directly
    /// from object storage for `ttl`, where the backend can issue one (presigned S3
    /// URLs; never for small blobs kept inside their record). `None` also when the
    /// repository does not have the blob.
    pub fn blob_direct_url(
        &self,
        repo: &RepoName,
        d: &Digest,
        ttl: std::time::Duration,
    ) -> Result<Option<String>> {
        if self.stat_key(&paths::layer_link(repo, d))?.is_none() {
            return Ok(None);
        }
        let key = paths::blob_data(d);
        self.b().direct_url(&key, ttl).map_err(io_err(&key))
    }

    /// Removes the repository's link to a blob (the bytes stay for gc). `false` if the
    /// repository did not link it.
    pub fn delete_blob_link(&self, repo: &RepoName, d: &Digest) -> Result<bool> {
        let _commit = self.commit_lock(LockMode::Shared)?;
        self.delete_key(&paths::layer_link(repo, d))
    }

    /// Links a blob whose bytes exist into a repository. Must run under the commit lock.
    fn link_existing_blob(&self, repo: &RepoName, d: &Digest) -> Result<bool> {
        // Relying on the bytes (a stamp, or a touch on object storage) tells a
        // concurrent gc that a new link to them exists.
        let link = paths::layer_link(repo, d);
        let missing = self.commit_refs(
            &[(link, d.to_string().into_bytes())],
            &[Target {
                key: paths::blob_data(d),
                required: true,
            }],
        )?;
        Ok(missing.is_empty())
    }

    /// [`Backend::commit_refs`]: creates `new` relying on `targets`; the indexes of
    /// required targets missing (nothing committed then).
    fn commit_refs(&self, new: &[(Key, Vec<u8>)], targets: &[Target]) -> Result<Vec<usize>> {
        let key = new.first().map_or_else(paths::root, |(k, _)| k.clone());
        self.b().commit_refs(new, targets).map_err(io_err(&key))
    }

    /// Mounts a blob from `from` into `to`. `false` (nothing written) when `from` does
    /// not have it.
    pub fn mount_blob(&self, to: &RepoName, from: &RepoName, d: &Digest) -> Result<bool> {
        let _commit = self.commit_lock(LockMode::Shared)?;
        if self.stat_key(&paths::layer_link(from, d))?.is_none() {
            return Ok(false);
        }
        self.link_existing_blob(to, d)
    }

    /// Stores a small blob given whole (used by tests and tools) and links it.
    pub fn put_blob_bytes(&self, repo: &RepoName, data: &[u8]) -> Result<Digest> {
        let d = Digest::sha256_of(data);
        let _commit = self.commit_lock(LockMode::Shared)?;
        if !self.link_existing_blob(repo, &d)? {
            self.commit_refs(&[(paths::blob_data(&d), data.to_vec())], &[])?;
            self.link_existing_blob(repo, &d)?;
        }
        Ok(d)
    }

    /// Takes a blob's bytes from a file outside the store (an import) and links the
    /// blob into `repo`. The file is hard-linked into the store when it is on the
    /// same filesystem, else copied through an upload session; either way its bytes
    /// are hashed first and stored only under the digest they have.
    pub fn adopt_blob(
        &self,
        repo: &RepoName,
        d: &Digest,
        src: &Path,
    ) -> Result<Adopted, UploadError> {
        {
            let _commit = self.commit_lock(LockMode::Shared)?;
            if self.link_existing_blob(repo, d)? {
                return Ok(Adopted::AlreadyThere);
            }
        }
        let tmp = paths::tmp(&format!("{}.adopt", uuid::Uuid::new_v4().simple()));
        let linked = self.b().link_external(src, &tmp).map_err(io_err(&tmp))?;
        if !linked {
            return self.copy_in(repo, d, src).map(|()| Adopted::Copied);
        }
        let outcome = (|| {
            let (h, _) = self.rehash_uncounted(&tmp, d.algorithm())?;
            let computed = h.finish();
            if &computed != d {
                return Err(UploadError::DigestMismatch {
                    expected: d.clone(),
                    computed,
                });
            }
            let _commit = self.commit_lock(LockMode::Shared)?;
            if !self.link_existing_blob(repo, d)? {
                let target = paths::blob_data(d);
                self.b().promote(&tmp, &target).map_err(io_err(&target))?;
                self.link_existing_blob(repo, d)?;
            }
            Ok(Adopted::Linked)
        })();
        // Gone after a promote; still there after a mismatch or a race lost.
        let _ = self.b().delete(&tmp);
        outcome
    }

    /// Copies a file's bytes in through an upload session (checked at the close).
    fn copy_in(&self, repo: &RepoName, d: &Digest, src: &Path) -> Result<(), UploadError> {
        let what = src.display().to_string();
        let mut f = std::fs::File::open(src).map_err(|cause| StoreError::Io {
            key: what.clone(),
            cause,
        })?;
        self.put_blob_from(repo, d, &mut f, &what).map(|_| ())
    }

    /// Streams a blob from `reader` into `repo` through an upload session of the
    /// store's own (owned by no signed-in user), stored only if the bytes hash to `d`
    /// ([`UploadError::DigestMismatch`] otherwise). A failed read or write cancels the
    /// session; `what` names the source in errors. Returns the blob's size.
    pub fn put_blob_from(
        &self,
        repo: &RepoName,
        d: &Digest,
        reader: &mut dyn std::io::Read,
        what: &str,
    ) -> Result<u64, UploadError> {
        let id = self.start_upload(repo, None)?;
        let mut w = self.upload_writer(repo, &id, None)?;
        let mut buf = vec![0u8; 1 << 20];
        let copied = loop {
            let n = match reader.read(&mut buf) {
                Ok(0) => break Ok(()),
                Ok(n) => n,
                Err(cause) => {
                    break Err(StoreError::Io {
                        key: what.to_string(),
                        cause,
                    })
                }
            };
            if let Err(e) = w.write(&buf[..n]) {
                break Err(io_err(&paths::upload_data(&id))(e));
            }
        };
        if let Err(e) = copied {
            drop(w);
            let _ = self.cancel_upload(&id);
            return Err(e.into());
        }
        self.finish_upload(w, d)
    }

    // ---- uploads -------------------------------------------------------------------

    /// Starts an upload session of `repo` for `owner` (the signed-in user; `None`
    /// for an anonymous caller), who alone may then use it. On object storage this
    /// stores nothing: the id is lazy ([`UploadId`]), recorded by its first chunk
    /// ([`Store::record_upload`]) or never (a closing `PUT` with the whole blob).
    pub fn start_upload(&self, repo: &RepoName, owner: Option<&str>) -> Result<UploadId> {
        if self.b().remote() {
            return Ok(UploadId::lazy(repo, owner, unix_now()));
        }
        let id = UploadId::new();
        let meta = UploadMeta {
            repo: repo.clone(),
            started: unix_now(),
            hashed: None,
            owner: owner.map(str::to_string),
            fresh: false,
            cancelled: false,
        };
        // Not durable on purpose: a session lost in a crash only means the client
        // starts its upload again, and the fsyncs would add latency to every push.
        let meta_key = paths::upload_meta(&id);
        self.b()
            .write_atomic_volatile(&meta_key, &json_bytes(&meta))
            .map_err(io_err(&meta_key))?;
        // On the filesystem the data exists from the start (its absence later means
        // gc removed the session).
        let data = paths::upload_data(&id);
        self.b().open_append(&data).map_err(io_err(&data))?;
        Ok(id)
    }

    /// Records a lazy session of `repo` for `owner` under its stored id, which is
    /// returned (the id the client goes on with): created marked fresh, or found
    /// recorded already (a client that kept using the lazy id). A stored id is
    /// returned as it is. Unknown if the id is not the caller's or was cancelled.
    pub fn record_upload(
        &self,
        repo: &RepoName,
        id: &UploadId,
        owner: Option<&str>,
    ) -> Result<UploadId, UploadError> {
        if !id.is_lazy() {
            return Ok(id.clone());
        }
        if !self.b().remote() || !id.binds(repo, owner) {
            return Err(UploadError::Unknown);
        }
        let meta = UploadMeta {
            repo: repo.clone(),
            started: id.lazy_started().unwrap_or_else(unix_now),
            hashed: None,
            owner: owner.map(str::to_string),
            // Nothing stored yet: its first writer reads no data record.
            fresh: true,
            cancelled: false,
        };
        let key = paths::upload_meta(id);
        if self
            .b()
            .create_new(&key, &json_bytes(&meta))
            .map_err(io_err(&key))?
        {
            return Ok(id.stored());
        }
        match self.upload_meta(id)? {
            Some(m) if m.belongs_to(repo, owner) => Ok(id.stored()),
            _ => Err(UploadError::Unknown),
        }
    }

    /// A session's metadata, if it exists.
    pub fn upload_meta(&self, id: &UploadId) -> Result<Option<UploadMeta>> {
        self.read_json(&paths::upload_meta(id))
    }

    /// Bytes received by a session of `repo` opened by `owner`, or `None` if there
    /// is no such session. A lazy session not recorded yet has none.
    pub fn upload_offset(
        &self,
        repo: &RepoName,
        id: &UploadId,
        owner: Option<&str>,
    ) -> Result<Option<u64>> {
        if id.is_lazy() && (!self.b().remote() || !id.binds(repo, owner)) {
            return Ok(None);
        }
        match self.upload_meta(id)? {
            Some(m) if m.belongs_to(repo, owner) => {}
            None if id.is_lazy() => return Ok(Some(0)),
            _ => return Ok(None),
        }
        Ok(Some(
            self.stat_key(&paths::upload_data(id))?
                .map(|m| m.size)
                .unwrap_or(0),
        ))
    }

    /// Opens a session of `repo` opened by `owner` for appending. Only one writer at a
    /// time in this process. The running hash comes from this process's memory, else
    /// from the session's saved checkpoint, else from reading the bytes received so
    /// far. A lazy id gets a writer of its own that reads nothing: its session has no
    /// bytes (a chunk would have recorded it, and moved the client to the stored id).
    pub fn upload_writer(
        &self,
        repo: &RepoName,
        id: &UploadId,
        owner: Option<&str>,
    ) -> Result<UploadWriter, UploadError> {
        if id.is_lazy() {
            if !self.b().remote() || !id.binds(repo, owner) {
                return Err(UploadError::Unknown);
            }
            let meta = UploadMeta {
                repo: repo.clone(),
                started: unix_now(),
                hashed: None,
                owner: owner.map(str::to_string),
                fresh: true,
                cancelled: false,
            };
            // A new session of this writer's own: the client's lazy id may have been
            // recorded meanwhile by a chunk (then the bytes here cannot hash to the
            // digest the client expects, and nothing is stored), and the two must not
            // write over each other.
            let stored = Arc::new(std::sync::atomic::AtomicBool::new(false));
            return self.open_writer(UploadId::new(), Some((id.clone(), stored)), repo, meta);
        }
        let meta = match self.upload_meta(id)? {
            Some(m) if m.belongs_to(repo, owner) => m,
            _ => return Err(UploadError::Unknown),
        };
        self.open_writer(id.clone(), None, repo, meta)
    }

    /// [`Store::upload_writer`] once the session is known.
    fn open_writer(
        &self,
        id: UploadId,
        lazy: Option<(UploadId, Arc<std::sync::atomic::AtomicBool>)>,
        repo: &RepoName,
        meta: UploadMeta,
    ) -> Result<UploadWriter, UploadError> {
        let slots = self.inner.slots.clone();
        let cached = slots.claim(&id).map_err(|()| UploadError::Busy)?;
        let data = paths::upload_data(&id);
        // From here on the writer owns the slot; dropping it releases the claim.
        let mut w = UploadWriter {
            id,
            lazy,
            repo: repo.clone(),
            out: None,
            hasher: None,
            len: 0,
            poisoned: false,
            slots,
        };
        // Object storage's appender reads the session's record, which says the length:
        // open it first and ask nothing twice.
        let mut out = None;
        if meta.fresh {
            // Nothing stored yet: no record to read. Before the appender stores
            // anything, the session is recorded as not fresh, so a writer that still
            // sees it fresh never misses bytes.
            let mut stored = meta.clone();
            stored.fresh = false;
            let (store, meta_key) = (self.clone(), paths::upload_meta(&w.id));
            let recorded = w.lazy.as_ref().map(|(_, r)| r.clone());
            let hook: backend::BeforeStore = Box::new(move || {
                store
                    .b()
                    .write_atomic_volatile(&meta_key, &json_bytes(&stored))?;
                if let Some(r) = recorded {
                    r.store(true, std::sync::atomic::Ordering::Release);
                }
                Ok(())
            });
            out = Some(
                self.b()
                    .open_append_new(&data, hook)
                    .map_err(io_err(&data))?,
            );
        } else if self.b().remote() {
            out = Some(self.b().open_append(&data).map_err(io_err(&data))?);
        }
        let on_disk = match out.as_ref().and_then(|o| o.known_len()) {
            Some(n) => Some(n),
            None => self.stat_key(&data)?.map(|m| m.size),
        };
        let Some(on_disk) = on_disk else {
            return Err(UploadError::Unknown);
        };
        // Where checkpoints are overwritten in place they have a record of their own
        // (the one in the metadata is then from older code, or absent).
        let in_place = match self.b().remote() {
            true => None,
            false => self
                .read_key(&paths::upload_hash(&w.id))?
                .and_then(|b| HashCheckpoint::from_framed(&b)),
        };
        let saved = in_place
            .into_iter()
            .chain(meta.hashed)
            .find(|c| c.trusted_for(on_disk))
            .and_then(|c| Some((crate::oci::Hasher::restore(&c.state)?, c.len)));
        let (hasher, len) = match (cached, saved) {
            (Some((h, len)), _) if len == on_disk => (h, len),
            (_, Some(saved)) => saved,
            // Nothing received yet (object storage has no data for it at all).
            _ if on_disk == 0 => (crate::oci::Hasher::new(Algorithm::Sha256), 0),
            _ => self.rehash(&data, Algorithm::Sha256)?,
        };
        w.hasher = Some(hasher);
        w.len = len;
        w.out = match out {
            Some(o) => Some(o),
            None => Some(self.b().open_append(&data).map_err(io_err(&data))?),
        };
        Ok(w)
    }

    /// Ends a request that appended to a session: saves the running hash in the
    /// session's record (so any process can continue) and keeps it in memory for this
    /// one. Returns the session's length. The bytes are not synced here (the closing
    /// request syncs them); the checkpoint names this boot instead, so it is ignored
    /// after a machine crash (see [`HashCheckpoint`]). Where the boot id is unknown,
    /// the bytes are synced first.
    pub fn checkpoint_upload(&self, mut w: UploadWriter) -> Result<u64, UploadError> {
        // Where flushed bytes are durable, the checkpoint holds on any host, any boot.
        let boot = match self.b().durable_appends() {
            true => None,
            false => upload::boot_id(),
        };
        let flushed = w.out.as_mut().map(|o| match boot {
            Some(_) => o.flush(),
            None => o.flush().and_then(|()| o.sync()),
        });
        if let Some(Err(e)) = flushed {
            w.poisoned = true;
            return Err(self.raced_or(&w.id, e));
        }
        let (Some(h), len) = (w.hasher.as_ref(), w.len) else {
            return Ok(w.len);
        };
        let checkpoint = HashCheckpoint {
            len,
            state: h.save(),
            boot: boot.map(str::to_string),
        };
        // Not durable on purpose: a lost checkpoint only means the next chunk reads
        // the bytes back once. A torn one fails its own check, with the same effect.
        let hash_key = paths::upload_hash(&w.id);
        match self
            .b()
            .overwrite_in_place(&hash_key, &checkpoint.to_framed())
        {
            Ok(true) => return Ok(len),
            Ok(false) => {}
            // The session's directory is gone: gc removed it (older than its TTL).
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                w.poisoned = true;
                return Err(UploadError::Unknown);
            }
            Err(e) => return Err(io_err(&hash_key)(e).into()),
        }
        let meta_key = paths::upload_meta(&w.id);
        let Some(mut meta) = self.upload_meta(&w.id)? else {
            w.poisoned = true;
            return Err(UploadError::Unknown);
        };
        meta.hashed = Some(checkpoint);
        self.b()
            .write_atomic_volatile(&meta_key, &json_bytes(&meta))
            .map_err(io_err(&meta_key))?;
        Ok(len)
    }

    /// Bytes read back so far to rebuild upload hash states (for tests and metrics:
    /// with checkpoints this stays 0 however chunks move between processes).
    pub fn rehashed_bytes(&self) -> u64 {
        self.inner
            .rehashed
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    fn rehash_uncounted(&self, key: &Key, alg: Algorithm) -> Result<(crate::oci::Hasher, u64)> {
        let (mut r, _) =
            self.b()
                .open(key)
                .map_err(io_err(key))?
                .ok_or_else(|| StoreError::Io {
                    key: key.to_string(),
                    cause: io::Error::from(io::ErrorKind::NotFound),
                })?;
        upload::hash_reader(alg, &mut r).map_err(io_err(key))
    }

    /// Like [`Store::rehash_uncounted`], for upload data: counted in
    /// [`Store::rehashed_bytes`].
    fn rehash(&self, key: &Key, alg: Algorithm) -> Result<(crate::oci::Hasher, u64)> {
        let (h, n) = self.rehash_uncounted(key, alg)?;
        self.inner
            .rehashed
            .fetch_add(n, std::sync::atomic::Ordering::Relaxed);
        Ok((h, n))
    }

    /// Closes a session: checks the bytes hash to `expected`, moves them into the
    /// content store (or drops them if the blob is already there) and links the blob
    /// into the session's repository. On a digest mismatch the session is removed and
    /// nothing is stored under either digest.
    pub fn finish_upload(
        &self,
        mut w: UploadWriter,
        expected: &Digest,
    ) -> Result<u64, UploadError> {
        if expected.algorithm() == Algorithm::Sha256
            && w.out.as_ref().is_some_and(|o| o.commits_directly())
        {
            return self.commit_upload_directly(w, expected);
        }
        let data = paths::upload_data(&w.id);
        let synced = w.out.as_mut().map(|o| o.sync()).transpose();
        if let Err(e) = synced {
            w.poisoned = true;
            return Err(io_err(&data)(e).into());
        }
        w.out = None;
        let len = w.len;
        // The running hash speaks for the data only if nobody else appended to it
        // (another process writing the same session): otherwise read it back.
        let Some(on_disk) = self.stat_key(&data)?.map(|m| m.size) else {
            // gc removed the session (older than its upload TTL) meanwhile.
            w.poisoned = true;
            return Err(UploadError::Unknown);
        };
        let computed = match (expected.algorithm(), w.hasher.take()) {
            (Algorithm::Sha256, Some(h))
                if h.algorithm() == Algorithm::Sha256 && on_disk == len =>
            {
                h.finish()
            }
            (alg, _) => self.rehash(&data, alg)?.0.finish(),
        };
        let id = w.id.clone();
        let repo = w.repo.clone();
        w.poisoned = true; // the session ends here either way: forget its state
        drop(w);
        if &computed != expected {
            self.cancel_upload(&id)?;
            return Err(UploadError::DigestMismatch {
                expected: expected.clone(),
                computed,
            });
        }
        {
            let _commit = self.commit_lock(LockMode::Shared)?;
            if !self.link_existing_blob(&repo, expected)? {
                let target = paths::blob_data(expected);
                self.b().promote(&data, &target).map_err(|e| {
                    // gc removed the session (older than its upload TTL) meanwhile.
                    if e.kind() == io::ErrorKind::NotFound {
                        UploadError::Unknown
                    } else {
                        io_err(&target)(e).into()
                    }
                })?;
                self.link_existing_blob(&repo, expected)?;
            }
        }
        self.cancel_upload(&id)?;
        Ok(len)
    }

    /// A write to session `id` that failed: [`UploadError::Raced`] (with the
    /// session's length now) if another request's write won, else the failure.
    fn raced_or(&self, id: &UploadId, e: io::Error) -> UploadError {
        let data = paths::upload_data(id);
        if !on_objects::SessionRaced::of(&e) {
            return io_err(&data)(e).into();
        }
        match self.stat_key(&data) {
            Ok(Some(m)) => UploadError::Raced { offset: m.size },
            Ok(None) => UploadError::Unknown,
            Err(e) => e.into(),
        }
    }

    /// [`Store::finish_upload`] where the backend's appender commits by itself
    /// (object storage): the bytes it was given are hashed here as they passed, so the
    /// running hash speaks for exactly what it commits, with no re-read of the session.
    fn commit_upload_directly(
        &self,
        mut w: UploadWriter,
        expected: &Digest,
    ) -> Result<u64, UploadError> {
        let (Some(mut out), Some(h)) = (w.out.take(), w.hasher.take()) else {
            w.poisoned = true;
            return Err(UploadError::Unknown);
        };
        let (id, repo, len) = (w.id.clone(), w.repo.clone(), w.len);
        // A lazy session's writer that stored nothing recorded nothing to remove
        // (asked again at the end: the commit itself may store and record).
        let flag = w.lazy.as_ref().map(|(_, r)| r.clone());
        let recorded = || {
            flag.as_ref()
                .map_or(true, |r| r.load(std::sync::atomic::Ordering::Acquire))
        };
        w.poisoned = true; // the session ends here either way: forget its state
        drop(w);
        let computed = h.finish();
        if &computed != expected {
            drop(out);
            if recorded() {
                self.cancel_upload(&id)?;
            }
            return Err(UploadError::DigestMismatch {
                expected: expected.clone(),
                computed,
            });
        }
        let target = paths::blob_data(expected);
        let small = out.take_small().map_err(io_err(&target))?;
        {
            let _commit = self.commit_lock(LockMode::Shared)?;
            if let Some(bytes) = small {
                // The link and the bytes in one commit: the link is created pending,
                // then the record holding the bytes (or a touch of the one there),
                // then the flip. One request fewer than record, link, touch, flip.
                let link = paths::layer_link(&repo, expected);
                self.commit_refs(
                    &[(link, expected.to_string().into_bytes()), (target, bytes)],
                    &[],
                )?;
                drop(out);
                self.inner.slots.release(&id, None);
                if recorded() {
                    self.delete_key(&paths::upload_meta(&id))?;
                }
                return Ok(len);
            }
            out.commit_into(&target)
                .map_err(|e| self.raced_or(&id, e))?;
            // The link relies on the record just committed (or found): a commit
            // paused here longer than gc's grace finds it gone and fails cleanly.
            if !self.link_existing_blob(&repo, expected)? {
                return Err(StoreError::Conflict(CommitConflict {
                    key: target.to_string(),
                    why: "the blob was reclaimed by gc while its upload was committed".into(),
                })
                .into());
            }
        }
        // The appender removed its own objects: only the session's record is left.
        self.inner.slots.release(&id, None);
        if recorded() {
            self.delete_key(&paths::upload_meta(&id))?;
        }
        Ok(len)
    }

    /// Cancels a session of `repo` opened by `owner`: its bytes and record are
    /// removed, and a lazy session is recorded cancelled so that its id is unknown
    /// from now on wherever it is used. `false` if there is no such session.
    pub fn cancel_session(
        &self,
        repo: &RepoName,
        id: &UploadId,
        owner: Option<&str>,
    ) -> Result<bool> {
        if self.upload_offset(repo, id, owner)?.is_none() {
            return Ok(false);
        }
        self.cancel_upload(id)?;
        if id.is_lazy() {
            let tombstone = UploadMeta {
                repo: repo.clone(),
                started: unix_now(),
                hashed: None,
                owner: owner.map(str::to_string),
                fresh: false,
                cancelled: true,
            };
            let key = paths::upload_meta(id);
            self.b()
                .write_atomic_volatile(&key, &json_bytes(&tombstone))
                .map_err(io_err(&key))?;
        }
        Ok(true)
    }

    /// Removes a session and its bytes. `false` if it did not exist.
    pub fn cancel_upload(&self, id: &UploadId) -> Result<bool> {
        let key = paths::upload_dir(id);
        self.inner.slots.release(id, None);
        self.b().delete_prefix(&key).map_err(io_err(&key))
    }

    // ---- manifests and tags --------------------------------------------------------

    /// What the repository records about a manifest, if it holds it.
    pub fn manifest_info(&self, repo: &RepoName, d: &Digest) -> Result<Option<ManifestInfo>> {
        let key = paths::manifest_link(repo, d);
        parse_json(&key, self.read_record(&key)?)
    }

    /// The digest a tag points at.
    pub fn resolve_tag(&self, repo: &RepoName, tag: &Tag) -> Result<Option<Digest>> {
        let key = paths::tag(repo, tag);
        match self.read_record(&key)? {
            None => Ok(None),
            Some(bytes) => {
                let s = String::from_utf8_lossy(&bytes);
                Digest::parse(s.trim())
                    .map(Some)
                    .map_err(|e| StoreError::Corrupt {
                        key: key.to_string(),
                        why: e.to_string(),
                    })
            }
        }
    }

    /// The bytes of a manifest the repository holds.
    pub fn read_manifest(
        &self,
        repo: &RepoName,
        d: &Digest,
    ) -> Result<Option<(ManifestInfo, Vec<u8>)>> {
        let Some(info) = self.manifest_info(repo, d)? else {
            return Ok(None);
        };
        // The repository's link is read every time (it may go); the bytes of a digest
        // never change, so on a remote backend a verified copy is kept.
        if let Some(b) = self.inner.manifests.get(d) {
            return Ok(Some((info, b.to_vec())));
        }
        let bytes = self.read_key(&paths::blob_data(d))?;
        if let Some(b) = &bytes {
            if self.b().remote() {
                self.inner.manifests.insert_verified(d, b);
            }
        }
        Ok(bytes.map(|b| (info, b)))
    }

    /// Stores a manifest that has been parsed and whose digest has been computed, and
    /// optionally points `tag` at it. Every blob and child manifest it references must
    /// already be in the repository (checked and stamped under the commit lock, so a
    /// concurrent gc cannot remove them between the check and the commit).
    pub fn put_manifest(
        &self,
        repo: &RepoName,
        digest: &Digest,
        body: &[u8],
        m: &Manifest,
        tag: Option<&Tag>,
    ) -> Result<(), PutManifestError> {
        self.put_manifest_as(repo, digest, body, m, tag, TagUpdate::Move)
    }

    /// [`Store::put_manifest`] with a choice of what happens to a tag that points at
    /// another manifest already: with [`TagUpdate::Pinned`] it is left alone and the
    /// push fails with [`PutManifestError::TagPinned`] (immutable tags); the tag is
    /// created with create-if-absent, so two concurrent first pushes cannot both win.
    pub fn put_manifest_as(
        &self,
        repo: &RepoName,
        digest: &Digest,
        body: &[u8],
        m: &Manifest,
        tag: Option<&Tag>,
        update: TagUpdate,
    ) -> Result<(), PutManifestError> {
        let _commit = self.commit_lock(LockMode::Shared)?;
        // What the manifest relies on: its config and layers (their links, whose
        // blobs must have the size the descriptors say), its child manifests (an
        // index), and for unknown types whatever of that exists. Not its subject:
        // the subject keeps its referrers, not the other way round.
        let mut targets: Vec<(Target, Option<&Digest>)> = Vec::new();
        let required = m.kind != ManifestKind::Artifact;
        // A link whose blob record is gone is as good as missing.
        let mut unknown: Vec<Digest> = Vec::new();
        for desc in m.blob_refs() {
            if required {
                match self.stat_key(&paths::blob_data(&desc.digest))? {
                    Some(meta) if meta.size != desc.size => {
                        return Err(PutManifestError::SizeMismatch {
                            digest: desc.digest.clone(),
                            declared: desc.size,
                            actual: meta.size,
                        })
                    }
                    Some(_) => {}
                    None if unknown.contains(&desc.digest) => {}
                    None => unknown.push(desc.digest.clone()),
                }
            }
            let key = paths::layer_link(repo, &desc.digest);
            targets.push((Target { key, required }, Some(&desc.digest)));
        }
        for desc in &m.manifests {
            let key = paths::manifest_link(repo, &desc.digest);
            targets.push((Target { key, required }, Some(&desc.digest)));
        }
        for d in &m.other_refs {
            for key in [paths::layer_link(repo, d), paths::manifest_link(repo, d)] {
                targets.push((
                    Target {
                        key,
                        required: false,
                    },
                    None,
                ));
            }
        }
        if !unknown.is_empty() {
            return Err(PutManifestError::Unknown(unknown));
        }
        let info = ManifestInfo {
            media_type: m.media_type.clone(),
            size: body.len() as u64,
        };
        // The manifest's bytes, then its link (which relies on them: flipped after).
        let new = [
            (paths::blob_data(digest), body.to_vec()),
            (paths::manifest_link(repo, digest), json_bytes(&info)),
        ];
        let only: Vec<Target> = targets.iter().map(|(t, _)| t.clone()).collect();
        let missing = self.commit_refs(&new, &only)?;
        if !missing.is_empty() {
            let mut unknown: Vec<Digest> = Vec::new();
            for i in missing {
                if let Some(d) = targets[i].1 {
                    if !unknown.contains(d) {
                        unknown.push(d.clone());
                    }
                }
            }
            return Err(PutManifestError::Unknown(unknown));
        }
        if let Some(subject) = &m.subject {
            // A hint for the referrers API, written after the commit.
            let desc = Descriptor {
                media_type: m.media_type.clone(),
                digest: digest.clone(),
                size: body.len() as u64,
                artifact_type: m.referrer_artifact_type(),
                annotations: m.annotations.clone(),
                platform: None,
            };
            self.write_key(
                &paths::referrer(repo, &subject.digest, digest),
                &json_bytes(&desc),
            )?;
        }
        if let Some(tag) = tag {
            let key = paths::tag(repo, tag);
            let text = digest.to_string();
            let link = paths::manifest_link(repo, digest);
            let pinned = update == TagUpdate::Pinned;
            match self
                .b()
                .write_tag(&key, text.as_bytes(), &link, pinned)
                .map_err(io_err(&key))?
            {
                TagWrite::Written => {}
                TagWrite::ManifestMissing => {
                    return Err(StoreError::Conflict(CommitConflict {
                        key: link.to_string(),
                        why: "the manifest was reclaimed by gc while its tag was written".into(),
                    })
                    .into())
                }
                TagWrite::Exists(current) => {
                    let current = Digest::parse(String::from_utf8_lossy(&current).trim()).ok();
                    if current.as_ref() != Some(digest) {
                        return Err(PutManifestError::TagPinned {
                            tag: tag.clone(),
                            current,
                            rule: None,
                        });
                    }
                    // An identical re-push (a CI retry): the tag stays; rely on it.
                    if !self.touch_key(&link)? {
                        return Err(PutManifestError::Unknown(vec![digest.clone()]));
                    }
                }
            }
        }
        Ok(())
    }

    /// Points a tag at a manifest the repository already holds. `false` if it does not.
    pub fn set_tag(&self, repo: &RepoName, tag: &Tag, d: &Digest) -> Result<bool> {
        let _commit = self.commit_lock(LockMode::Shared)?;
        let key = paths::tag(repo, tag);
        let written = self
            .b()
            .write_tag(
                &key,
                d.to_string().as_bytes(),
                &paths::manifest_link(repo, d),
                false,
            )
            .map_err(io_err(&key))?;
        Ok(written == TagWrite::Written)
    }

    /// Removes a tag only if it still points at `d` (retention removing what it
    /// planned, never a tag pushed again since). `false` if it does not.
    pub fn delete_tag_if(&self, repo: &RepoName, tag: &Tag, d: &Digest) -> Result<bool> {
        let _commit = self.commit_lock(LockMode::Shared)?;
        if self.resolve_tag(repo, tag)?.as_ref() != Some(d) {
            return Ok(false);
        }
        self.delete_key(&paths::tag(repo, tag))
    }

    /// Removes a tag (the manifest stays). `false` if there was no such tag.
    pub fn delete_tag(&self, repo: &RepoName, tag: &Tag) -> Result<bool> {
        let _commit = self.commit_lock(LockMode::Shared)?;
        self.delete_key(&paths::tag(repo, tag))
    }

    /// Removes a manifest from a repository, with every tag pointing at it and its
    /// referrer record. `false` if the repository did not hold it.
    pub fn delete_manifest(&self, repo: &RepoName, d: &Digest) -> Result<bool> {
        let _commit = self.commit_lock(LockMode::Shared)?;
        let Some((info, body)) = self.read_manifest(repo, d)? else {
            return self.delete_key(&paths::manifest_link(repo, d));
        };
        if let Ok(m) = Manifest::parse(&body, &info.media_type) {
            if let Some(subject) = m.subject {
                self.delete_key(&paths::referrer(repo, &subject.digest, d))?;
            }
        }
        for (tag, target) in self.tags_with_targets(repo)? {
            if target.as_ref() == Some(d) {
                self.delete_key(&paths::tag(repo, &tag))?;
            }
        }
        self.delete_key(&paths::manifest_link(repo, d))
    }

    /// Tags of a repository in byte order; `None` if the repository does not exist.
    pub fn list_tags(&self, repo: &RepoName) -> Result<Option<Vec<Tag>>> {
        let entries = self.list_key(&paths::repo_sub(repo, paths::TAGS_DIR))?;
        let mut tags: Vec<Tag> = match entries {
            Some(es) => es
                .into_iter()
                .filter(|e| e.kind == EntryKind::File)
                .filter_map(|e| Tag::parse(&e.name).ok())
                .collect(),
            None if self.repo_exists(repo)? => Vec::new(),
            None => return Ok(None),
        };
        tags.sort();
        Ok(Some(tags))
    }

    /// Every tag with the digest it points at (`None` for a damaged record).
    pub fn tags_with_targets(&self, repo: &RepoName) -> Result<Vec<(Tag, Option<Digest>)>> {
        let mut out = Vec::new();
        for tag in self.list_tags(repo)?.unwrap_or_default() {
            let target = self.resolve_tag(repo, &tag).ok().flatten();
            out.push((tag, target));
        }
        Ok(out)
    }

    /// Descriptors of the manifests in `repo` whose subject is `subject`, sorted by digest.
    pub fn referrers(&self, repo: &RepoName, subject: &Digest) -> Result<Vec<Descriptor>> {
        let dir = paths::referrers_dir(repo, subject);
        let mut out = Vec::new();
        for alg_entry in self.list_key(&dir)?.unwrap_or_default() {
            let alg_key = paths::child(&dir, &alg_entry.name);
            for e in self.list_key(&alg_key)?.unwrap_or_default() {
                let key = paths::child(&alg_key, &e.name);
                let Some(bytes) = self.read_key(&key)? else {
                    continue;
                };
                let Ok(desc) = serde_json::from_slice::<Descriptor>(&bytes) else {
                    tracing::warn!(%key, "skipping damaged referrer record");
                    continue;
                };
                // A record whose manifest is gone (crash between the two deletes) is stale.
                if self
                    .stat_key(&paths::manifest_link(repo, &desc.digest))?
                    .is_some()
                {
                    out.push(desc);
                }
            }
        }
        out.sort_by(|a, b| a.digest.cmp(&b.digest));
        Ok(out)
    }
}

fn json_bytes<T: Serialize>(v: &T) -> Vec<u8> {
    // Serializing these plain structs cannot fail.
    serde_json::to_vec(v).unwrap_or_default()
}
