//! The object interface: the few operations the store needs from wherever its bytes
//! live, shaped like an object store (S3 and its kin) rather than a filesystem.
//!
//! Objects are named by [`Key`]s (relative, `/`-separated); there are no directories,
//! no renames, no appends, no locks and no modification times that a caller can set.
//! What there is instead:
//!
//! - **get** with a byte range and `If-Match` / `If-None-Match` on the object's
//!   [`ETag`], streaming the body in pieces;
//! - **head**: size, ETag and the backend's last-modified time;
//! - **put** in three modes ([`PutMode`]): overwrite, create-if-absent, and
//!   replace-if-ETag-matches — each atomic: readers see the old or the new object;
//! - **delete**, plain or if-ETag-matches ([`DeleteMode`]);
//! - a flat, paged **listing** of every key that starts with a prefix, resumed from an
//!   opaque cursor (the order of keys is the backend's: byte order on the filesystem,
//!   in memory and on AWS S3, directory order on SeaweedFS — callers sort if they care);
//! - **multipart** writes (create, put part, complete, abort) that any process can
//!   continue from the upload's id, so an upload session needs no process of its own;
//! - the backend's **clock**, as it stamps objects.
//!
//! Three backends implement it: [`fs::FsObjects`] (a directory, durable and atomic
//! across processes on one host), [`s3::S3Objects`] (any S3-compatible service,
//! through the `object_store` crate) and [`mem::MemObjects`] (in memory, with fault
//! injection, for tests). `tests/object_conformance.rs` runs one suite against all
//! three. [`selftest::check`] verifies the conditional operations on a live backend.

pub mod fs;
pub mod mem;
pub mod s3;
pub mod selftest;

use std::fmt;
use std::io;
use std::ops::Range;
use std::sync::Arc;
use std::time::SystemTime;

use bytes::Bytes;
use futures_util::stream::BoxStream;
use futures_util::StreamExt;

pub use super::paths::Key;

/// An opaque version tag of one object's content. Two reads that return the same tag
/// saw the same bytes. A put does **not** always give a new tag: on S3 and SeaweedFS
/// the tag of a plain put is the MD5 of the content, so rewriting identical bytes
/// keeps it (and a conditional operation on the old tag still succeeds), while the
/// filesystem and in-memory backends give every put a new one. A writer that needs
/// a new version (a touch) must change the bytes (docs/gc.md, "Every write changes
/// the bytes").
#[derive(Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct ETag(pub String);

impl fmt::Display for ETag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for ETag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

/// What the backend knows about an object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectMeta {
    /// Its name.
    pub key: Key,
    /// Size in bytes.
    pub size: u64,
    /// The version of its content.
    pub etag: ETag,
    /// When the backend last wrote it, by the backend's clock.
    pub modified: SystemTime,
}

/// How a put treats an object that is already there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PutMode {
    /// Replace whatever is there (last writer wins).
    Overwrite,
    /// Write only if no object has the key; [`ObjectError::AlreadyExists`] otherwise.
    Create,
    /// Write only if the object exists with this ETag; [`ObjectError::Precondition`]
    /// otherwise (also when it is missing).
    Replace(ETag),
}

/// How a delete treats the object's current version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeleteMode {
    /// Delete whatever is there.
    Any,
    /// Delete only the version with this ETag; [`ObjectError::Precondition`] if the
    /// object has another one.
    IfMatch(ETag),
}

/// Options of a get.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GetOptions {
    /// Only these bytes (end exclusive; clamped to the object's size).
    pub range: Option<Range<u64>>,
    /// Fail with [`ObjectError::Precondition`] unless the object has this ETag.
    pub if_match: Option<ETag>,
    /// Fail with [`ObjectError::NotModified`] if the object has this ETag.
    pub if_none_match: Option<ETag>,
}

/// A stream of an object's bytes, in pieces.
pub type ByteStream = BoxStream<'static, io::Result<Bytes>>;

/// The answer to a get: the object's metadata, the range served and its bytes.
pub struct GetResult {
    /// The object (size is the whole object's).
    pub meta: ObjectMeta,
    /// The bytes in `body`, as offsets into the object.
    pub range: Range<u64>,
    /// The bytes, streamed.
    pub body: ByteStream,
}

impl GetResult {
    /// Collects the body, refusing to hold more than `limit` bytes.
    pub async fn bytes(mut self, limit: u64) -> Result<Bytes, ObjectError> {
        let len = self.range.end - self.range.start;
        if len > limit {
            return Err(ObjectError::TooLarge {
                key: self.meta.key.to_string(),
                size: len,
                limit,
            });
        }
        let mut out = Vec::with_capacity(len as usize);
        while let Some(piece) = self.body.next().await {
            let piece = piece.map_err(|e| ObjectError::io(&self.meta.key, e))?;
            if (out.len() + piece.len()) as u64 > limit {
                return Err(ObjectError::TooLarge {
                    key: self.meta.key.to_string(),
                    size: (out.len() + piece.len()) as u64,
                    limit,
                });
            }
            out.extend_from_slice(&piece);
        }
        Ok(Bytes::from(out))
    }
}

/// Where a listing resumes: opaque, valid for the same prefix on the same backend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListCursor(pub String);

/// One page of a listing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListPage {
    /// Objects under the prefix (in the backend's order).
    pub objects: Vec<ObjectMeta>,
    /// Where the next page starts; `None` on the last page.
    pub next: Option<ListCursor>,
}

/// The id of a multipart upload, valid in any process on the same backend.
#[derive(Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct MultipartId(pub String);

impl fmt::Debug for MultipartId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

/// What a completed part returns: to be handed back, in order, to
/// [`ObjectStore::complete_multipart`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct PartTag(pub String);

/// Why an object operation failed.
#[derive(Debug, thiserror::Error)]
pub enum ObjectError {
    /// No object has the key (or the multipart upload does not exist).
    #[error("{key}: no such object")]
    NotFound {
        /// The key.
        key: String,
    },
    /// A create-if-absent found an object there.
    #[error("{key}: an object with this key exists")]
    AlreadyExists {
        /// The key.
        key: String,
    },
    /// A conditional operation found another version (or no object).
    #[error("{key}: the object is not at the expected version")]
    Precondition {
        /// The key.
        key: String,
    },
    /// `If-None-Match` matched.
    #[error("{key}: not modified")]
    NotModified {
        /// The key.
        key: String,
    },
    /// A whole-object read of something larger than the caller allowed.
    #[error("{key}: {size} bytes is more than the {limit} this read allows")]
    TooLarge {
        /// The key.
        key: String,
        /// Its size.
        size: u64,
        /// What the caller allowed.
        limit: u64,
    },
    /// The backend does not do something the store needs.
    #[error("the storage backend does not support {0}")]
    Unsupported(String),
    /// The request or the backend failed (network, disk, permissions…).
    #[error("{key}: {cause}")]
    Io {
        /// The key.
        key: String,
        /// What went wrong.
        cause: io::Error,
    },
}

impl ObjectError {
    /// An I/O failure on `key`.
    pub fn io(key: &Key, cause: io::Error) -> ObjectError {
        ObjectError::Io {
            key: key.to_string(),
            cause,
        }
    }

    /// `NotFound` for `key`.
    pub fn not_found(key: &Key) -> ObjectError {
        ObjectError::NotFound {
            key: key.to_string(),
        }
    }

    /// `Precondition` for `key`.
    pub fn precondition(key: &Key) -> ObjectError {
        ObjectError::Precondition {
            key: key.to_string(),
        }
    }

    /// `AlreadyExists` for `key`.
    pub fn exists(key: &Key) -> ObjectError {
        ObjectError::AlreadyExists {
            key: key.to_string(),
        }
    }

    /// Whether this is [`ObjectError::NotFound`].
    pub fn is_not_found(&self) -> bool {
        matches!(self, ObjectError::NotFound { .. })
    }
}

/// Result of object operations.
pub type ObjResult<T> = Result<T, ObjectError>;

/// The part size of [`ObjectStore::part_size`] unless a backend says otherwise (S3's
/// minimum is 5 MiB).
pub const DEFAULT_PART_SIZE: u64 = 8 * 1024 * 1024;

/// The object interface every store is written against. See the module docs.
#[async_trait::async_trait]
pub trait ObjectStore: Send + Sync + 'static {
    /// Where the objects live, for logs and messages.
    fn describe(&self) -> String;

    /// The directory the objects are files in, for a backend on the local
    /// filesystem: such a directory may hold a `--root` store instead, which opening
    /// must tell apart (`storage::layout`).
    fn local_dir(&self) -> Option<&std::path::Path> {
        None
    }

    /// The smallest part a multipart upload accepts, except its last part.
    fn min_part_size(&self) -> u64;

    /// How many bytes a writer gathers into each part it puts: at least
    /// [`ObjectStore::min_part_size`]. Bigger parts mean fewer requests, smaller ones
    /// less memory per writing request.
    fn part_size(&self) -> u64 {
        DEFAULT_PART_SIZE.max(self.min_part_size())
    }

    /// Whether every operation is a short blocking call on this host (the
    /// filesystem), which a caller that may block runs on its own thread instead of
    /// handing it to the backend's runtime and back ([`with_inline_io`]).
    fn runs_inline(&self) -> bool {
        false
    }

    /// Reads an object (or part of it). `Ok(None)` if there is no such object.
    async fn get(&self, key: &Key, opts: GetOptions) -> ObjResult<Option<GetResult>>;

    /// Metadata of an object; `Ok(None)` if there is no such object.
    async fn head(&self, key: &Key) -> ObjResult<Option<ObjectMeta>>;

    /// Writes an object whole, atomically, in the given mode; returns its new ETag.
    async fn put(&self, key: &Key, data: Bytes, mode: PutMode) -> ObjResult<ETag>;

    /// [`ObjectStore::put`] for a version that matters only while its writer runs
    /// (a commit's *pending* record, whose previous version, if any, is pending
    /// too): atomic and at once visible to every reader like any put, but it need
    /// not survive a crash of the host. After one the key may be missing (a create),
    /// at the previous version (a replace), or torn: empty, or zero bytes, never
    /// other bytes than these. Readers take a torn record for a pending one of a
    /// commit the crash ended (docs/gc.md, "A crash of the host"). A backend whose
    /// every put is durable anyway does a plain put; the filesystem does no fsync.
    async fn put_provisional(&self, key: &Key, data: Bytes, mode: PutMode) -> ObjResult<ETag> {
        self.put(key, data, mode).await
    }

    /// Gives the object at version `etag` a new version, and a new stamp, without
    /// changing what it means: `rewritten` is the same record with a fresh nonce
    /// (docs/gc.md, "Every write changes the bytes"). [`ObjectError::Precondition`]
    /// when the object is missing or at another version. A backend may keep the old
    /// bytes: the filesystem only restamps the file, which needs no new file and no
    /// fsync. Like [`ObjectStore::put_provisional`], a touch need not survive a crash
    /// of the host (after one, the object may be back at `etag`): a touch protects a
    /// running commit from a running gc, and a host crash ends both. Unlike a
    /// provisional put it must never tear: the record it rewrites is committed.
    async fn touch(&self, key: &Key, etag: ETag, rewritten: Bytes) -> ObjResult<ETag> {
        self.put(key, rewritten, PutMode::Replace(etag)).await
    }

    /// Deletes an object. `Ok(false)` if there was none (in either mode).
    async fn delete(&self, key: &Key, mode: DeleteMode) -> ObjResult<bool>;

    /// Up to `limit` (at least 1) objects whose keys start with `prefix` (a plain
    /// string prefix: end it with `/` for "under this directory"), from the start or
    /// from where `cursor` left off. Every object that exists for the whole walk is
    /// listed exactly once; objects created or deleted meanwhile may or may not be.
    async fn list(
        &self,
        prefix: &str,
        cursor: Option<&ListCursor>,
        limit: usize,
    ) -> ObjResult<ListPage>;

    /// Starts a multipart upload that will become `key` when completed.
    async fn create_multipart(&self, key: &Key) -> ObjResult<MultipartId>;

    /// Uploads part `number` (1-based) of a multipart upload. Uploading a number again
    /// replaces that part. Every part but the last must be at least
    /// [`ObjectStore::min_part_size`] bytes. A part is durable once this returns,
    /// except on a backend that defers it to [`ObjectStore::sync_multipart`] (the
    /// filesystem): there, a crash of the host may lose parts put since the last
    /// sync, and a caller syncs before it tells anyone the bytes are stored.
    async fn put_part(
        &self,
        key: &Key,
        id: &MultipartId,
        number: u32,
        data: Bytes,
    ) -> ObjResult<PartTag>;

    /// Makes every part of the upload put so far durable (see
    /// [`ObjectStore::put_part`]); a no-op where parts are durable when put.
    async fn sync_multipart(&self, key: &Key, id: &MultipartId) -> ObjResult<()> {
        let _ = (key, id);
        Ok(())
    }

    /// Makes `key` the concatenation of the given parts (in order), replacing any
    /// object there; the upload is gone afterwards. The object is durable when this
    /// returns, on every backend.
    async fn complete_multipart(
        &self,
        key: &Key,
        id: &MultipartId,
        parts: &[PartTag],
    ) -> ObjResult<ETag>;

    /// Abandons a multipart upload and frees its parts. Aborting an upload that does
    /// not exist (any more) succeeds.
    async fn abort_multipart(&self, key: &Key, id: &MultipartId) -> ObjResult<()>;

    /// The backend's clock: what `modified` would say of an object written now.
    async fn now(&self) -> ObjResult<SystemTime>;

    /// A URL that lets anyone holding it `GET` the object for `ttl`, if the backend
    /// can issue one (S3's presigned URLs); `None` otherwise.
    async fn presigned_get(
        &self,
        key: &Key,
        ttl: std::time::Duration,
    ) -> ObjResult<Option<String>> {
        let _ = (key, ttl);
        Ok(None)
    }
}

thread_local! {
    /// Set while [`with_inline_io`] runs: this thread may do blocking I/O itself.
    static INLINE_IO: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` (which polls a backend's futures to completion on this thread) with
/// this thread marked as one that may block: a backend that [`ObjectStore::runs_inline`]
/// then does its blocking I/O here rather than on the blocking pool. Only for
/// threads that may block anyway (the blocking pool, the CLI), never an async worker.
fn with_inline_io<T>(f: impl FnOnce() -> T) -> T {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            INLINE_IO.with(|c| c.set(self.0));
        }
    }
    let _restore = Restore(INLINE_IO.with(|c| c.replace(true)));
    f()
}

/// Drives `fut` to completion on this thread, inside `rt`'s context, with this thread
/// marked by [`with_inline_io`]; `None` if it is still pending after `limit`. For a
/// backend that [`ObjectStore::runs_inline`] the future never waits on another
/// thread, so this is a plain call. Unlike `Handle::block_on` it may be used on any
/// thread that may block, also one inside a runtime's context.
pub fn run_inline<F: std::future::Future>(
    rt: &tokio::runtime::Handle,
    fut: F,
    limit: std::time::Duration,
) -> Option<F::Output> {
    struct Unpark(std::thread::Thread);
    impl std::task::Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    let _ctx = rt.enter();
    let waker = std::task::Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut cx = std::task::Context::from_waker(&waker);
    let mut fut = std::pin::pin!(fut);
    let deadline = std::time::Instant::now() + limit;
    with_inline_io(|| loop {
        if let std::task::Poll::Ready(out) = fut.as_mut().poll(&mut cx) {
            return Some(out);
        }
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        if left.is_zero() {
            return None;
        }
        std::thread::park_timeout(left);
    })
}

/// Runs short blocking work: right here on a thread marked by [`with_inline_io`],
/// else on the blocking pool.
pub(crate) async fn blocking_io<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> io::Result<T> {
    if INLINE_IO.with(|c| c.get()) {
        return Ok(f());
    }
    tokio::task::spawn_blocking(f)
        .await
        .map_err(io::Error::other)
}

/// Reads a whole small object (records, manifests), refusing more than `limit` bytes.
/// `Ok(None)` if there is no such object.
pub async fn read_small(
    store: &dyn ObjectStore,
    key: &Key,
    limit: u64,
) -> ObjResult<Option<(Bytes, ObjectMeta)>> {
    let Some(got) = store.get(key, GetOptions::default()).await? else {
        return Ok(None);
    };
    let meta = got.meta.clone();
    Ok(Some((got.bytes(limit).await?, meta)))
}

/// Every object under `prefix`, page by page, sorted by key. For walks of the whole
/// store; callers that only need a bounded answer should page themselves.
pub async fn list_all(store: &dyn ObjectStore, prefix: &str) -> ObjResult<Vec<ObjectMeta>> {
    const PAGE: usize = 1000;
    let mut out: Vec<ObjectMeta> = Vec::new();
    let mut cursor = None;
    loop {
        let page = store.list(prefix, cursor.as_ref(), PAGE).await?;
        out.extend(page.objects);
        match page.next {
            Some(next) if Some(&next) != cursor.as_ref() => cursor = Some(next),
            _ => break,
        }
    }
    out.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(out)
}

/// Clamps a requested range to an object of `size` bytes (end exclusive).
pub(crate) fn clamp_range(range: Option<&Range<u64>>, size: u64) -> Range<u64> {
    match range {
        None => 0..size,
        Some(r) => {
            let start = r.start.min(size);
            start..r.end.clamp(start, size)
        }
    }
}

/// Checks a get's conditions against the object's current version.
pub(crate) fn check_get_conditions(opts: &GetOptions, meta: &ObjectMeta) -> ObjResult<()> {
    if let Some(want) = &opts.if_match {
        if want != &meta.etag {
            return Err(ObjectError::precondition(&meta.key));
        }
    }
    if let Some(not) = &opts.if_none_match {
        if not == &meta.etag {
            return Err(ObjectError::NotModified {
                key: meta.key.to_string(),
            });
        }
    }
    Ok(())
}

/// Refuses part number 0 (parts are numbered from 1, as in S3).
pub(crate) fn check_part_number(key: &Key, number: u32) -> ObjResult<()> {
    if number == 0 {
        return Err(ObjectError::io(
            key,
            io::Error::new(io::ErrorKind::InvalidInput, "part numbers start at 1"),
        ));
    }
    Ok(())
}
