//! The store on the object interface: the store's primitive operations
//! ([`Backend`]) in terms of an [`ObjectStore`] (S3-compatible, in memory).
//!
//! An object store has no rename, no append, no directories and no settable
//! modification times, so three kinds of key are kept differently (see
//! [`paths::KeyClass`]):
//!
//! - **Blob bytes** (`blobs/<alg>/<hh>/<hex>`, quarantined copies) are a small JSON
//!   record at the key: the size, and either the bytes themselves (small blobs such as
//!   manifests, one GET to serve) or the key of a `data/<uuid>` object holding them.
//!   Committing an upload completes its multipart upload *at* its `data/<uuid>` key and
//!   creates the record with create-if-absent, so no byte is copied, even server-side;
//!   a second upload of the same digest loses the create and deletes its own data.
//!   Moving a blob record (quarantine) moves the record only. A record is never client
//!   bytes: every object at such a key was written through this module.
//! - **Upload data** (`uploads/<uuid>/data`) is a record naming a multipart upload to
//!   a `data/<uuid>` object, its part tags, and how many bytes wait in
//!   `uploads/<uuid>/data.tail` for the next part (S3 parts but the last must be at
//!   least 5 MiB). The record is replaced with replace-if-match, so two writers of one
//!   session cannot both succeed. Bytes already in parts cannot be read back (S3 has no
//!   such call): upload sessions keep their hash state in the store instead, and this
//!   backend reports [`Backend::durable_appends`].
//! - **The audit log** is one create-only object per line (`auth/audit.log.d/…`),
//!   read back in name order: many processes append without a lock.
//!
//! Locks and stamps are gc's coordination with `serve` on the filesystem; on object
//! storage gc refuses to run until the scale-out protocol replaces them, so the
//! commit lock is a no-op, stamps only check existence, and gc's own lock is refused.
//! The one lock that remains, serialising edits of the auth files, is a lease object
//! taken with create-if-absent (see [`Lease`]).
//!
//! The store's methods are blocking; each operation here runs on this backend's own
//! small runtime and the calling thread waits for it, with a bound.

use std::future::Future;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use base64::Engine as _;
use bytes::{Bytes, BytesMut};
use serde::{Deserialize, Serialize};

use super::backend::{
    Backend, CommitConflict, Entry, EntryKind, LockGuard, LockMode, ObjectAppender, ObjectMeta,
    ObjectReader, TagWrite, Target,
};
use super::object::{
    list_all, DeleteMode, ETag, GetOptions, MultipartId, ObjResult, ObjectError, ObjectStore,
    PartTag, PutMode,
};
use super::paths::{self, Key, KeyClass};
use super::Access;

/// Blobs up to this size are kept inside their record (one GET to serve a manifest).
const INLINE_MAX: u64 = 256 * 1024;

/// Whether a blob of `size` bytes lives inside its record ([`INLINE_MAX`]).
fn is_inline(size: u64) -> bool {
    size <= INLINE_MAX
}

/// How long a caller waits for one object operation (the S3 client has its own,
/// shorter request timeouts; this bounds everything else).
const OP_TIMEOUT: Duration = Duration::from_secs(300);
/// How long a lease on the auth lock lasts without being released.
const LEASE_TTL: Duration = Duration::from_secs(30);
/// How long taking the auth lock waits before giving up.
const LEASE_WAIT: Duration = Duration::from_secs(60);
/// Records are small; refuse to read more than this as one.
const RECORD_MAX: u64 = 64 * 1024 * 1024;

/// A blob's record at its `blobs/` key.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct BlobRecord {
    /// Size of the blob in bytes.
    pub(crate) size: u64,
    /// Key of the object holding the bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) data: Option<String>,
    /// The bytes themselves (base64), for small blobs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    inline: Option<String>,
    /// Created by a commit that has not flipped it yet: invisible (see [`RefState`]).
    /// Records written before the protocol have no such field: committed.
    #[serde(default, skip_serializing_if = "is_false")]
    pub(crate) pending: bool,
    /// A fresh nonce at every protocol write, so that the bytes (and with them an S3
    /// ETag, the MD5 of the content) change at every touch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    touch: Option<String>,
}

impl BlobRecord {
    /// What a torn blob record ([`is_torn`]) stands for: a pending record of a
    /// commit a host crash ended, naming nothing (its data object, if written, is
    /// named by nothing and goes with gc's sweep of those).
    fn torn() -> BlobRecord {
        BlobRecord {
            size: 0,
            data: None,
            inline: None,
            pending: true,
            touch: None,
        }
    }

    /// Whether this is [`BlobRecord::torn`]: every pending record a commit writes
    /// names its data object.
    fn is_torn(&self) -> bool {
        self.pending && self.data.is_none() && self.inline.is_none()
    }

    fn inline(data: &[u8]) -> BlobRecord {
        BlobRecord {
            size: data.len() as u64,
            data: None,
            inline: Some(base64::engine::general_purpose::STANDARD.encode(data)),
            pending: false,
            touch: None,
        }
    }

    fn at(size: u64, data: &Key) -> BlobRecord {
        BlobRecord {
            size,
            data: Some(data.to_string()),
            inline: None,
            pending: false,
            touch: None,
        }
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A repository link (layer or manifest) as the reference-first protocol stores it
/// on object storage: what the store wrote (`link`), its state and a touch nonce.
/// A link written before the protocol is the store's bytes themselves (a digest, or
/// the manifest link's JSON, which has no `link` field): committed.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct LinkRecord {
    link: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pending: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    touch: Option<String>,
}

/// What a record of the protocol says.
#[derive(Debug, Clone)]
pub(crate) enum Content {
    /// A blob record.
    Blob(BlobRecord),
    /// A link: the store's bytes.
    Link(Vec<u8>),
}

/// A record of the reference-first protocol as read: what it says, whether it is
/// still pending, and the version read.
#[derive(Debug, Clone)]
pub(crate) struct RefState {
    /// What it says.
    pub(crate) content: Content,
    /// Created and not flipped yet: nothing may read or rely on it.
    pub(crate) pending: bool,
    /// The object as read (ETag, last modified).
    pub(crate) meta: super::object::ObjectMeta,
}

/// Whether `key` is a record of the protocol other than a blob record: a layer or
/// manifest link.
pub(crate) fn is_link(key: &Key) -> bool {
    let parts: Vec<&str> = key.as_str().split('/').collect();
    parts.len() >= 5
        && parts[0] == paths::REPOSITORIES
        && matches!(
            parts[parts.len() - 3],
            paths::LAYERS_DIR | paths::MANIFESTS_DIR
        )
}

/// Whether `raw` is what a pending record's provisional put can leave when a crash
/// of the host cuts it short ([`ObjectStore::put_provisional`]): no bytes, or only
/// zero bytes. No encoder of a record writes either, so such a record is read as a
/// pending one of a commit the crash ended (docs/gc.md, "A crash of the host"). Any
/// other record that does not decode is damage, and an error.
fn is_torn(raw: &[u8]) -> bool {
    raw.iter().all(|&b| b == 0)
}

/// Decodes a blob record read at `key` ([`is_torn`] ones included).
fn decode_blob_record(key: &Key, raw: &[u8]) -> io::Result<BlobRecord> {
    if is_torn(raw) {
        return Ok(BlobRecord::torn());
    }
    serde_json::from_slice(raw).map_err(|e| corrupt(key, e))
}

/// Decodes a protocol record (blob record or link) read at `key`. A torn one
/// ([`is_torn`]) is pending: a blob record naming nothing, or a link with no bytes.
pub(crate) fn decode_ref(key: &Key, raw: &[u8]) -> io::Result<(Content, bool)> {
    if paths::class(key) == KeyClass::BlobBytes {
        let rec = decode_blob_record(key, raw)?;
        let pending = rec.pending;
        return Ok((Content::Blob(rec), pending));
    }
    if is_torn(raw) {
        return Ok((Content::Link(Vec::new()), true));
    }
    match serde_json::from_slice::<LinkRecord>(raw) {
        Ok(l) => Ok((Content::Link(l.link.into_bytes()), l.pending)),
        Err(_) => Ok((Content::Link(raw.to_vec()), false)),
    }
}

/// Encodes a protocol record with a fresh touch nonce (every write changes the bytes).
fn encode_ref(content: &Content, pending: bool) -> io::Result<Bytes> {
    let touch = Some(uuid::Uuid::new_v4().simple().to_string());
    let json = match content {
        Content::Blob(rec) => serde_json::to_vec(&BlobRecord {
            pending,
            touch,
            ..rec.clone()
        }),
        Content::Link(b) => serde_json::to_vec(&LinkRecord {
            link: String::from_utf8_lossy(b).into_owned(),
            pending,
            touch,
        }),
    };
    json.map(Bytes::from).map_err(io::Error::other)
}

/// How long a commit waits for another commit's pending record of the same key to
/// be flipped before it answers a retryable error.
const PENDING_WAIT: Duration = Duration::from_secs(2);
/// A pending record older than this belongs to a commit that died: take it over.
const PENDING_TAKEOVER: Duration = Duration::from_secs(30);
/// How many times a touch retries after losing a race with another touch.
const TOUCH_TRIES: usize = 3;

/// An upload session's record at its `uploads/<uuid>/data` key.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct AppendRecord {
    /// The object the multipart upload becomes.
    data: String,
    /// The multipart upload, once the first part was written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    multipart: Option<String>,
    /// Tags of the parts written, in order.
    #[serde(default)]
    parts: Vec<String>,
    /// Bytes in those parts.
    #[serde(default)]
    in_parts: u64,
    /// Bytes in the tail object.
    #[serde(default)]
    tail: u64,
    /// The tail object's name ([`paths::upload_tail_named`]), fresh at every flush
    /// that stores one; absent in records written before tails were named, whose
    /// tail is at [`paths::upload_tail`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tail_name: Option<String>,
    /// A fresh nonce at every save: the record's version changes even when nothing
    /// else did (a commit's re-save is the session's touch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    touch: Option<String>,
}

impl AppendRecord {
    fn size(&self) -> u64 {
        self.in_parts + self.tail
    }

    /// Where the session at `key` keeps the tail this record speaks for.
    fn tail_key(&self, key: &Key) -> io::Result<Key> {
        match &self.tail_name {
            None => Ok(paths::upload_tail(key)),
            // Written by this module only; checked so a damaged record cannot point
            // outside its session.
            Some(n) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_hexdigit()) => {
                Ok(paths::upload_tail_named(key, n))
            }
            Some(n) => Err(corrupt(key, format!("{n:?} is not a tail's name"))),
        }
    }

    /// The tail's bytes, which must be as many as the record says.
    fn read_tail(&self, h: &ObjectBackend, key: &Key) -> io::Result<Bytes> {
        if self.tail == 0 {
            return Ok(Bytes::new());
        }
        match h.get_whole(&self.tail_key(key)?)? {
            Some((b, _)) if b.len() as u64 == self.tail => Ok(b),
            _ => Err(corrupt(key, "the tail object does not match its record")),
        }
    }
}

fn to_io(e: ObjectError) -> io::Error {
    match e {
        ObjectError::NotFound { key } => io::Error::new(io::ErrorKind::NotFound, key),
        ObjectError::AlreadyExists { key } => {
            io::Error::new(io::ErrorKind::AlreadyExists, format!("{key} exists"))
        }
        ObjectError::Io { cause, .. } => cause,
        ObjectError::Unsupported(what) => io::Error::new(
            io::ErrorKind::Unsupported,
            format!("the object store does not support {what}"),
        ),
        other => io::Error::other(other.to_string()),
    }
}

fn corrupt(key: &Key, why: impl std::fmt::Display) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("damaged storage record {key}: {why}"),
    )
}

fn parse_key(key: &Key, s: &str) -> io::Result<Key> {
    Key::parse(s).ok_or_else(|| corrupt(key, format!("{s:?} is not a key")))
}

/// The store's [`Backend`] over an [`ObjectStore`]. See the module docs.
pub struct ObjectBackend {
    h: Handle,
    access: Access,
    // Last: dropped after the handle on it.
    _rt: Runtime,
}

/// This backend's runtime, shut down without waiting when the store is dropped
/// (which may happen inside another runtime, where a blocking shutdown panics).
struct Runtime(Option<tokio::runtime::Runtime>);

impl Drop for Runtime {
    fn drop(&mut self) {
        if let Some(rt) = self.0.take() {
            rt.shutdown_background();
        }
    }
}

impl ObjectBackend {
    /// The store's primitives over `objects`. With [`Access::ReadOnly`] every write is
    /// refused before it is sent.
    pub fn new(objects: Arc<dyn ObjectStore>, access: Access) -> io::Result<ObjectBackend> {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("registryctl-objects")
            .enable_all()
            .build()?;
        Ok(ObjectBackend {
            h: Handle {
                objects,
                rt: rt.handle().clone(),
                recent: Arc::default(),
            },
            access,
            _rt: Runtime(Some(rt)),
        })
    }

    /// The object store underneath.
    pub fn objects(&self) -> &Arc<dyn ObjectStore> {
        &self.h.objects
    }

    /// Whether the store holds no object at all (one short listing).
    pub fn is_empty(&self) -> io::Result<bool> {
        Ok(self.any_under(&paths::root())?.is_none())
    }

    /// Runs `f` on this backend's runtime and waits (bounded) for its outcome.
    fn run<T, F, Fut>(&self, f: F) -> io::Result<T>
    where
        T: Send + 'static,
        F: FnOnce(Arc<dyn ObjectStore>) -> Fut,
        Fut: Future<Output = ObjResult<T>> + Send + 'static,
    {
        self.h.run(f)
    }

    fn handle(&self) -> Handle {
        self.h.clone()
    }

    fn writable(&self) -> io::Result<()> {
        match self.access {
            Access::ReadWrite => Ok(()),
            Access::ReadOnly => Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                "the store is open read-only",
            )),
        }
    }

    fn get_whole(&self, key: &Key) -> io::Result<Option<(Bytes, super::object::ObjectMeta)>> {
        let k = key.clone();
        self.run(move |o| async move { super::object::read_small(&*o, &k, RECORD_MAX).await })
    }

    fn head(&self, key: &Key) -> io::Result<Option<super::object::ObjectMeta>> {
        let k = key.clone();
        self.run(move |o| async move { o.head(&k).await })
    }

    fn put(&self, key: &Key, data: Bytes, mode: PutMode) -> io::Result<ETag> {
        self.writable()?;
        let k = key.clone();
        self.run(move |o| async move { o.put(&k, data, mode).await })
    }

    fn put_created(&self, key: &Key, data: Bytes) -> io::Result<bool> {
        match self.put(key, data, PutMode::Create) {
            Ok(_) => Ok(true),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(false),
            Err(e) => Err(e),
        }
    }

    fn delete_object(&self, key: &Key) -> io::Result<bool> {
        self.writable()?;
        let k = key.clone();
        self.run(move |o| async move { o.delete(&k, DeleteMode::Any).await })
    }

    fn list_under(&self, key: &Key) -> io::Result<Vec<super::object::ObjectMeta>> {
        let prefix = prefix_of(key);
        self.run(move |o| async move { list_all(&*o, &prefix).await })
    }

    /// Whether any object lives under `key/`.
    pub(crate) fn any_under(&self, key: &Key) -> io::Result<Option<SystemTime>> {
        let prefix = prefix_of(key);
        self.run(move |o| async move {
            let page = o.list(&prefix, None, 1).await?;
            Ok(page.objects.first().map(|m| m.modified))
        })
    }

    fn read_blob_record(
        &self,
        key: &Key,
    ) -> io::Result<Option<(BlobRecord, super::object::ObjectMeta)>> {
        let Some((bytes, meta)) = self.get_whole(key)? else {
            return Ok(None);
        };
        Ok(Some((decode_blob_record(key, &bytes)?, meta)))
    }

    /// A blob record a reader may see: committed (a pending one is absent).
    fn visible_blob_record(
        &self,
        key: &Key,
    ) -> io::Result<Option<(BlobRecord, super::object::ObjectMeta)>> {
        Ok(self.read_blob_record(key)?.filter(|(r, _)| !r.pending))
    }

    /// A link's bytes as the store wrote them, if committed (a pending one is absent).
    fn visible_link(&self, key: &Key) -> io::Result<Option<(Vec<u8>, super::object::ObjectMeta)>> {
        let Some((raw, meta)) = self.get_whole(key)? else {
            return Ok(None);
        };
        match decode_ref(key, &raw)? {
            (Content::Link(b), false) => Ok(Some((b, meta))),
            _ => Ok(None),
        }
    }

    fn read_append_record(&self, key: &Key) -> io::Result<Option<(AppendRecord, ETag)>> {
        Ok(self.read_append_record_meta(key)?.map(|(r, m)| (r, m.etag)))
    }

    fn read_append_record_meta(
        &self,
        key: &Key,
    ) -> io::Result<Option<(AppendRecord, super::object::ObjectMeta)>> {
        let Some((bytes, meta)) = self.get_whole(key)? else {
            return Ok(None);
        };
        let rec: AppendRecord = serde_json::from_slice(&bytes).map_err(|e| corrupt(key, e))?;
        Ok(Some((rec, meta)))
    }

    fn inline_bytes(key: &Key, rec: &BlobRecord) -> io::Result<Option<Vec<u8>>> {
        rec.inline
            .as_ref()
            .map(|b64| {
                base64::engine::general_purpose::STANDARD
                    .decode(b64)
                    .map_err(|e| corrupt(key, e))
            })
            .transpose()
    }

    /// Writes blob bytes given whole: inline when small, else a data object first.
    fn write_blob(&self, key: &Key, data: &[u8], mode: PutMode) -> io::Result<bool> {
        let rec = if is_inline(data.len() as u64) {
            BlobRecord::inline(data)
        } else {
            let obj = paths::data_object();
            self.put(&obj, Bytes::copy_from_slice(data), PutMode::Overwrite)?;
            BlobRecord::at(data.len() as u64, &obj)
        };
        self.put_blob_record(key, &rec, mode)
    }

    /// Writes a blob record; with [`PutMode::Create`] a lost race deletes the
    /// record's data object (the winner's bytes are the same) and answers `false`.
    fn put_blob_record(&self, key: &Key, rec: &BlobRecord, mode: PutMode) -> io::Result<bool> {
        self.writable()?;
        self.h.put_blob_record(key, rec, mode)
    }

    /// Deletes a key of any class with what it owns (data object, multipart upload,
    /// tail). `false` if there was nothing.
    fn delete_any(&self, key: &Key) -> io::Result<bool> {
        self.writable()?;
        match paths::class(key) {
            KeyClass::BlobBytes => {
                // A damaged record is still deleted (it names no data we can find).
                let data = match self.read_blob_record(key) {
                    Ok(None) => return Ok(false),
                    Ok(Some((rec, _))) => rec.data,
                    Err(e) if e.kind() == io::ErrorKind::InvalidData => None,
                    Err(e) => return Err(e),
                };
                let gone = self.delete_object(key)?;
                if let Some(d) = data {
                    self.delete_object(&parse_key(key, &d)?)?;
                }
                Ok(gone)
            }
            KeyClass::UploadData => {
                let rec = self.read_append_record(key).ok().flatten();
                if let Some((rec, _)) = &rec {
                    self.abort(key, rec)?;
                }
                // The tail the record names; without a readable record, the unnamed
                // one (named tails of such a session go with its prefix).
                let tail = rec
                    .as_ref()
                    .and_then(|(r, _)| r.tail_key(key).ok())
                    .unwrap_or_else(|| paths::upload_tail(key));
                let _ = self.delete_object(&tail)?;
                Ok(self.delete_object(key)? || rec.is_some())
            }
            KeyClass::Log => {
                let mut any = self.delete_object(key)?;
                let prefix = paths::log_entries_prefix(key);
                let entries = self.run(move |o| async move { list_all(&*o, &prefix).await })?;
                for m in entries {
                    any |= self.delete_object(&m.key)?;
                }
                Ok(any)
            }
            KeyClass::Record => self.delete_object(key),
        }
    }

    fn abort(&self, key: &Key, rec: &AppendRecord) -> io::Result<()> {
        if let Some(id) = &rec.multipart {
            let data = parse_key(key, &rec.data)?;
            let id = MultipartId(id.clone());
            self.run(move |o| async move { o.abort_multipart(&data, &id).await })?;
        }
        Ok(())
    }

    fn read_log(&self, key: &Key) -> io::Result<Option<Vec<u8>>> {
        let prefix = paths::log_entries_prefix(key);
        let entries = self.run(move |o| async move { list_all(&*o, &prefix).await })?;
        let mut out = self.get_whole(key)?.map(|(b, _)| b.to_vec());
        for m in entries {
            if let Some((b, _)) = self.get_whole(&m.key)? {
                out.get_or_insert_with(Vec::new).extend_from_slice(&b);
            }
        }
        Ok(out)
    }

    /// Completes an upload session's data into a blob record at `to`.
    fn promote_upload(&self, from: &Key, to: &Key) -> io::Result<()> {
        let Some((mut rec, _)) = self.read_append_record(from)? else {
            return Err(io::Error::new(io::ErrorKind::NotFound, from.to_string()));
        };
        let tail_key = rec.tail_key(from)?;
        let tail = rec.read_tail(self, from)?;
        let size = rec.size();
        let multipart = rec.multipart.take().map(MultipartId);
        let obj = parse_key(from, &rec.data)?;
        let blob = match &multipart {
            None if is_inline(size) => BlobRecord::inline(&tail),
            _ => BlobRecord::at(size, &obj),
        };
        if paths::class(to) != KeyClass::BlobBytes {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{to} is not a blob's key"),
            ));
        }
        // Record first (pending), then the bytes it names, then the flip: see
        // `Handle::commit_blob`.
        let h = self.handle();
        let created = h.commit_blob(to, blob, || match &multipart {
            None => h.run({
                let (k, tail) = (obj.clone(), tail.clone());
                move |o| async move { o.put(&k, tail, PutMode::Create).await.map(|_| ()) }
            }),
            Some(id) => {
                let mut parts: Vec<PartTag> = rec.parts.iter().cloned().map(PartTag).collect();
                if !tail.is_empty() {
                    let n = parts.len() as u32 + 1;
                    let (k, i, t) = (obj.clone(), id.clone(), tail.clone());
                    parts.push(h.run(move |o| async move { o.put_part(&k, &i, n, t).await })?);
                }
                let (k, i) = (obj.clone(), id.clone());
                h.run(move |o| async move { o.complete_multipart(&k, &i, &parts).await })
                    .map(|_| ())
            }
        });
        if !matches!(created, Ok(true)) {
            // Already there (same digest, same bytes), or failed: these bytes go.
            if let Some(id) = &multipart {
                let (k, i) = (obj.clone(), id.clone());
                let _ = self.run(move |o| async move { o.abort_multipart(&k, &i).await });
            }
        }
        created?;
        let _ = self.delete_object(&tail_key);
        self.delete_object(from)?;
        Ok(())
    }
}

impl ObjectBackend {
    /// [`Backend::commit_refs`] on object storage: the reference-first protocol of
    /// docs/gc.md. 1. create each new record (pending where it references
    /// something), or rely on a committed one already there; 2. touch every target
    /// (and every record relied on); 3. flip this commit's records, in order.
    fn commit_protocol(
        &self,
        new: &[(Key, Vec<u8>)],
        targets: &[Target],
    ) -> io::Result<Vec<usize>> {
        let h = &self.h;
        let mut ours: Vec<(Key, Content, ETag)> = Vec::new();
        let abandon = |ours: &[(Key, Content, ETag)]| {
            for (k, c, e) in ours {
                h.drop_ref(k, c, Some(e));
            }
        };
        let mut rely: Vec<&Key> = Vec::new();
        // Records that reference nothing (small blobs inside their record) are created
        // committed, after this commit's pending records: a creation then is as good
        // as a touch (a version written after every referrer of this commit exists,
        // docs/gc.md), which saves a PUT. Found there already, they are touched.
        let inline = |(key, data): &&(Key, Vec<u8>)| {
            paths::class(key) == KeyClass::BlobBytes && is_inline(data.len() as u64)
        };
        let order = new
            .iter()
            .filter(|r| !inline(r))
            .chain(new.iter().filter(|r| inline(r)));
        for (key, data) in order {
            let (content, pending, bytes) = match paths::class(key) {
                KeyClass::BlobBytes if is_inline(data.len() as u64) => {
                    (Content::Blob(BlobRecord::inline(data)), false, None)
                }
                KeyClass::BlobBytes => {
                    let obj = paths::data_object();
                    let rec = BlobRecord::at(data.len() as u64, &obj);
                    (Content::Blob(rec), true, Some((obj, data)))
                }
                KeyClass::Record if is_link(key) => (Content::Link(data.clone()), true, None),
                _ => {
                    abandon(&ours);
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidInput,
                        format!("{key} is not a record of the commit protocol"),
                    ));
                }
            };
            match h.create_ref(key, &content, pending) {
                Ok(Created::Ours(etag)) => {
                    if let Some((obj, data)) = bytes {
                        // The data after its (pending) record: see `Handle::commit_blob`.
                        let body = Bytes::copy_from_slice(data);
                        let written = h.run(move |o| async move {
                            o.put(&obj, body, PutMode::Create).await.map(|_| ())
                        });
                        if let Err(e) = written {
                            h.drop_ref(key, &content, Some(&etag));
                            abandon(&ours);
                            return Err(e);
                        }
                    }
                    if pending {
                        ours.push((key.clone(), content, etag));
                    }
                }
                Ok(Created::Committed) => rely.push(key),
                Err(e) => {
                    abandon(&ours);
                    return Err(e);
                }
            }
        }
        let mut missing = Vec::new();
        for (i, t) in targets.iter().enumerate() {
            match h.touch_ref(&t.key) {
                Ok(true) => {}
                Ok(false) if t.required => missing.push(i),
                Ok(false) => {}
                Err(e) => {
                    abandon(&ours);
                    return Err(e);
                }
            }
        }
        for key in rely {
            match h.touch_ref(key) {
                Ok(true) => {}
                Ok(false) => {
                    abandon(&ours);
                    return Err(CommitConflict::io(
                        key,
                        "went away while this commit relied on it",
                    ));
                }
                Err(e) => {
                    abandon(&ours);
                    return Err(e);
                }
            }
        }
        if !missing.is_empty() {
            abandon(&ours);
            return Ok(missing);
        }
        for (i, (key, content, etag)) in ours.iter().enumerate() {
            let flipped = match h.flip_ref(key, content, etag) {
                Ok(f) => f,
                Err(e) => {
                    abandon(&ours[i..]);
                    return Err(e);
                }
            };
            if !flipped {
                h.drop_ref(key, content, None);
                abandon(&ours[i + 1..]);
                return Err(CommitConflict::io(
                    key,
                    "the pending record was reclaimed by gc before it was committed",
                ));
            }
        }
        Ok(missing)
    }
}

/// How a conditional delete of gc's went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CondDelete {
    /// The version judged was deleted.
    Deleted,
    /// Nothing was there any more.
    Gone,
    /// Another version is there (a commit touched or flipped it): it is live.
    Changed,
}

/// The largest a blob record that names a data object can be (size, data key, state
/// and nonce at their longest; a unit test holds it to the encoding): anything bigger
/// in a listing holds its bytes inline, and gc need not read it to learn what data
/// object it names. Every real config and layer (over ~85 bytes) is bigger inline.
pub(crate) const DATA_RECORD_MAX: u64 = 134;

/// gc's primitives on object storage (`gc::objects`): flat listings, raw reads that
/// see pending records, conditional deletes on the version judged.
impl ObjectBackend {
    /// Every object under `prefix` (a plain string prefix), with its ETag and time.
    pub(crate) fn list_flat(&self, prefix: &str) -> io::Result<Vec<super::object::ObjectMeta>> {
        let prefix = prefix.to_string();
        self.run(move |o| async move { list_all(&*o, &prefix).await })
    }

    /// A protocol record with its state, pending or not.
    pub(crate) fn read_ref(&self, key: &Key) -> io::Result<Option<RefState>> {
        self.h.get_ref(key)
    }

    /// A small record's bytes and version, whatever its state.
    pub(crate) fn read_raw(&self, key: &Key) -> io::Result<Option<(Bytes, ETag)>> {
        Ok(self.get_whole(key)?.map(|(b, m)| (b, m.etag)))
    }

    /// A blob's bytes (small blobs: manifests) from its record, pending or not
    /// (`None` for a torn one, which names none).
    pub(crate) fn read_blob_any(&self, key: &Key, limit: u64) -> io::Result<Option<Vec<u8>>> {
        let Some((rec, _)) = self.read_blob_record(key)?.filter(|(r, _)| !r.is_torn()) else {
            return Ok(None);
        };
        if let Some(b) = Self::inline_bytes(key, &rec)? {
            return Ok(Some(b));
        }
        let Some(d) = rec.data else {
            return Err(corrupt(key, "names no bytes"));
        };
        if rec.size > limit {
            return Err(corrupt(
                key,
                format!("{} bytes is too large here", rec.size),
            ));
        }
        let d = parse_key(key, &d)?;
        Ok(self.get_whole(&d)?.map(|(b, _)| b.to_vec()))
    }

    /// An appender to `key` continuing from `rec` (at version `etag`; `None`: not
    /// stored yet) with `buf` holding the record's tail.
    fn appender(
        &self,
        key: &Key,
        rec: AppendRecord,
        etag: Option<ETag>,
        buf: BytesMut,
        before_first_store: Option<super::backend::BeforeStore>,
    ) -> Box<dyn ObjectAppender> {
        Box::new(Appender {
            part: self.h.objects.part_size().max(1) as usize,
            backend: self.handle(),
            key: key.clone(),
            rec,
            etag,
            buf,
            dirty: false,
            spent: false,
            unsynced_parts: false,
            before_first_store,
        })
    }

    /// The data object an upload session's record names, and its multipart upload.
    pub(crate) fn session_data(raw: &[u8]) -> Option<(Key, Option<MultipartId>)> {
        let rec: AppendRecord = serde_json::from_slice(raw).ok()?;
        Some((Key::parse(&rec.data)?, rec.multipart.map(MultipartId)))
    }

    /// Abandons a multipart upload (an expired session's).
    pub(crate) fn abort_upload(&self, data: &Key, id: &MultipartId) -> io::Result<()> {
        self.writable()?;
        let (k, i) = (data.clone(), id.clone());
        self.run(move |o| async move { o.abort_multipart(&k, &i).await })
    }

    /// Writes gc's own record at `key` whole, over what is there (gc's memo: a
    /// cache any run may rewrite, see `gc::memo`).
    pub(crate) fn put_whole(&self, key: &Key, body: Bytes) -> io::Result<()> {
        self.put(key, body, PutMode::Overwrite).map(|_| ())
    }

    /// Deletes `key` only at version `etag` (gc's only way of deleting).
    pub(crate) fn delete_if(&self, key: &Key, etag: &ETag) -> io::Result<CondDelete> {
        self.writable()?;
        self.h.forget(key);
        let (k, mode) = (key.clone(), DeleteMode::IfMatch(etag.clone()));
        match self
            .h
            .obj(move |o| async move { o.delete(&k, mode).await })?
        {
            Ok(true) => Ok(CondDelete::Deleted),
            Ok(false) | Err(ObjectError::NotFound { .. }) => Ok(CondDelete::Gone),
            Err(ObjectError::Precondition { .. }) => Ok(CondDelete::Changed),
            Err(e) => Err(to_io(e)),
        }
    }
}

/// The listing prefix of a "directory" key.
fn prefix_of(key: &Key) -> String {
    if key == &paths::root() {
        String::new()
    } else {
        format!("{key}/")
    }
}

fn meta_of(size: u64, modified: SystemTime, etag: Option<&ETag>) -> ObjectMeta {
    ObjectMeta {
        size,
        modified,
        version: etag.map_or(0, version_of),
    }
}

/// A number for an ETag (callers compare versions for equality only).
fn version_of(etag: &ETag) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    etag.0.hash(&mut h);
    h.finish()
}

impl Backend for ObjectBackend {
    fn describe(&self) -> String {
        self.h.objects.describe()
    }

    fn read(&self, key: &Key) -> io::Result<Option<Vec<u8>>> {
        match paths::class(key) {
            KeyClass::BlobBytes => {
                let Some((rec, _)) = self.visible_blob_record(key)? else {
                    return Ok(None);
                };
                if let Some(b) = Self::inline_bytes(key, &rec)? {
                    return Ok(Some(b));
                }
                let Some(d) = rec.data else {
                    return Err(corrupt(key, "names no bytes"));
                };
                let d = parse_key(key, &d)?;
                match self.get_whole(&d)? {
                    Some((b, _)) => Ok(Some(b.to_vec())),
                    None => Err(corrupt(key, format!("its data object {d} is missing"))),
                }
            }
            KeyClass::Log => self.read_log(key),
            KeyClass::UploadData => Err(io::Error::new(
                io::ErrorKind::Unsupported,
                "an unfinished upload's bytes cannot be read back from object storage",
            )),
            KeyClass::Record if is_link(key) => Ok(self.visible_link(key)?.map(|(b, _)| b)),
            KeyClass::Record => Ok(self.get_whole(key)?.map(|(b, _)| b.to_vec())),
        }
    }

    fn read_versioned(&self, key: &Key) -> io::Result<Option<(Vec<u8>, u64)>> {
        match paths::class(key) {
            KeyClass::Record if is_link(key) => Ok(self
                .visible_link(key)?
                .map(|(b, m)| (b, version_of(&m.etag)))),
            KeyClass::Record => Ok(self
                .get_whole(key)?
                .map(|(b, m)| (b.to_vec(), version_of(&m.etag)))),
            _ => Ok(self.read(key)?.map(|b| (b, 0))),
        }
    }

    fn head_version(&self, key: &Key) -> io::Result<Option<u64>> {
        match paths::class(key) {
            KeyClass::Record => Ok(self.head(key)?.map(|m| version_of(&m.etag))),
            _ => Ok(self.stat(key)?.map(|m| m.version)),
        }
    }

    fn write_atomic(&self, key: &Key, data: &[u8]) -> io::Result<()> {
        match paths::class(key) {
            KeyClass::BlobBytes => self.write_blob(key, data, PutMode::Overwrite).map(|_| ()),
            _ => self
                .put(key, Bytes::copy_from_slice(data), PutMode::Overwrite)
                .map(|_| ()),
        }
    }

    fn write_atomic_private(&self, key: &Key, data: &[u8]) -> io::Result<()> {
        // Access to a bucket is the bucket's policy: there are no per-object modes.
        self.write_atomic(key, data)
    }

    fn create_new(&self, key: &Key, data: &[u8]) -> io::Result<bool> {
        match paths::class(key) {
            KeyClass::BlobBytes => self.write_blob(key, data, PutMode::Create),
            _ => self.put_created(key, Bytes::copy_from_slice(data)),
        }
    }

    fn append_line(&self, key: &Key, line: &str) -> io::Result<()> {
        let nanos = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let mut text = line.to_string();
        if !text.ends_with('\n') {
            text.push('\n');
        }
        let entry = paths::log_entry(key, nanos);
        self.put(&entry, Bytes::from(text), PutMode::Create)
            .map(|_| ())
    }

    fn stat(&self, key: &Key) -> io::Result<Option<ObjectMeta>> {
        match paths::class(key) {
            KeyClass::BlobBytes => Ok(self
                .visible_blob_record(key)?
                .map(|(r, m)| meta_of(r.size, m.modified, Some(&m.etag)))),
            KeyClass::UploadData => Ok(self
                .read_append_record_meta(key)?
                .map(|(rec, m)| meta_of(rec.size(), m.modified, Some(&m.etag)))),
            KeyClass::Log => Ok(self
                .read_log(key)?
                .map(|b| meta_of(b.len() as u64, SystemTime::now(), None))),
            // A link's state is in its bytes: one GET instead of the HEAD.
            KeyClass::Record if is_link(key) => Ok(self
                .visible_link(key)?
                .map(|(b, m)| meta_of(b.len() as u64, m.modified, Some(&m.etag)))),
            KeyClass::Record => {
                if let Some(m) = self.head(key)? {
                    return Ok(Some(meta_of(m.size, m.modified, Some(&m.etag))));
                }
                if paths::is_leaf(key) {
                    return Ok(None);
                }
                // A "directory": something under it.
                Ok(self.any_under(key)?.map(|t| meta_of(0, t, None)))
            }
        }
    }

    fn touch(&self, key: &Key) -> io::Result<bool> {
        // Links and blob records are touched as the protocol says (a rewrite with a
        // fresh nonce, replace-if-match); other records carry no gc signal: whether
        // they exist is all a caller learns.
        match paths::class(key) {
            KeyClass::BlobBytes => {
                self.writable()?;
                self.h.touch_ref(key)
            }
            KeyClass::Record if is_link(key) => {
                self.writable()?;
                self.h.touch_ref(key)
            }
            KeyClass::Record => Ok(self.head(key)?.is_some()),
            _ => Ok(self.stat(key)?.is_some()),
        }
    }

    fn commit_refs(&self, new: &[(Key, Vec<u8>)], targets: &[Target]) -> io::Result<Vec<usize>> {
        self.writable()?;
        self.commit_protocol(new, targets)
    }

    fn write_tag(
        &self,
        tag: &Key,
        data: &[u8],
        manifest: &Key,
        create_only: bool,
    ) -> io::Result<TagWrite> {
        self.writable()?;
        // Tags are leaves (nothing relies on one): write, then touch what it names.
        let before = if create_only {
            None
        } else {
            self.get_whole(tag)?
        };
        let (k, body) = (tag.clone(), Bytes::copy_from_slice(data));
        let mode = if create_only {
            PutMode::Create
        } else {
            PutMode::Overwrite
        };
        let written = match self
            .h
            .obj(move |o| async move { o.put(&k, body, mode).await })?
        {
            Ok(etag) => etag,
            Err(ObjectError::AlreadyExists { .. }) => {
                return Ok(TagWrite::Exists(self.read(tag)?.unwrap_or_default()))
            }
            Err(e) => return Err(to_io(e)),
        };
        if self.h.touch_ref(manifest)? {
            return Ok(TagWrite::Written);
        }
        // The manifest is gone (or pending): put the tag back as it was, unless it
        // was written again meanwhile.
        let k = tag.clone();
        let restored = match before {
            Some((old, _)) => {
                let mode = PutMode::Replace(written);
                self.h
                    .obj(move |o| async move { o.put(&k, old, mode).await.map(|_| ()) })?
            }
            None => {
                let mode = DeleteMode::IfMatch(written);
                self.h
                    .obj(move |o| async move { o.delete(&k, mode).await.map(|_| ()) })?
            }
        };
        match restored {
            Ok(()) | Err(ObjectError::Precondition { .. } | ObjectError::NotFound { .. }) => {
                Ok(TagWrite::ManifestMissing)
            }
            Err(e) => Err(to_io(e)),
        }
    }

    fn delete(&self, key: &Key) -> io::Result<bool> {
        self.delete_any(key)
    }

    fn delete_prefix(&self, key: &Key) -> io::Result<bool> {
        self.writable()?;
        let mut any = self.delete_any(key)?;
        for m in self.list_under(key)? {
            any |= self.delete_any(&m.key)?;
        }
        Ok(any)
    }

    fn prune_empty(&self, _key: &Key, _stop: &Key) -> io::Result<()> {
        // There are no directories to remove.
        Ok(())
    }

    fn list(&self, key: &Key) -> io::Result<Option<Vec<Entry>>> {
        let prefix = prefix_of(key);
        let all = self.list_under(key)?;
        if all.is_empty() {
            return Ok(None);
        }
        let mut out: Vec<Entry> = Vec::new();
        for m in all {
            let Some(rest) = m.key.as_str().strip_prefix(&prefix) else {
                continue;
            };
            let (name, kind) = match rest.split_once('/') {
                Some((dir, _)) => (dir, EntryKind::Dir),
                None => (rest, EntryKind::File),
            };
            // The log's entries are part of the log, not a directory of their own.
            if kind == EntryKind::Dir {
                if let Some(log) = name.strip_suffix(".d") {
                    if paths::class(&paths::child(key, log)) == KeyClass::Log {
                        if !out.iter().any(|e| e.name == log) {
                            out.push(Entry {
                                name: log.to_string(),
                                kind: EntryKind::File,
                            });
                        }
                        continue;
                    }
                }
            }
            // An upload's tail is part of its data.
            if kind == EntryKind::File && paths::is_upload_tail(name) {
                continue;
            }
            match out.last() {
                Some(last) if last.name == name => {}
                _ => out.push(Entry {
                    name: name.to_string(),
                    kind,
                }),
            }
        }
        out.dedup_by(|a, b| a.name == b.name);
        Ok(Some(out))
    }

    fn open(&self, key: &Key) -> io::Result<Option<(Box<dyn ObjectReader>, u64)>> {
        match paths::class(key) {
            KeyClass::BlobBytes => {
                let Some((rec, _)) = self.visible_blob_record(key)? else {
                    return Ok(None);
                };
                if let Some(b) = Self::inline_bytes(key, &rec)? {
                    let n = b.len() as u64;
                    return Ok(Some((Box::new(MemReader(io::Cursor::new(b))), n)));
                }
                let Some(d) = &rec.data else {
                    return Err(corrupt(key, "names no bytes"));
                };
                let reader = RangedReader {
                    backend: self.handle(),
                    key: parse_key(key, d)?,
                    size: rec.size,
                    pos: 0,
                    buf: Bytes::new(),
                };
                Ok(Some((Box::new(reader), rec.size)))
            }
            KeyClass::UploadData => {
                // Readable only while it has no parts yet (the tail alone).
                let Some((rec, _)) = self.read_append_record(key)? else {
                    return Ok(None);
                };
                if rec.multipart.is_some() {
                    return Err(io::Error::new(
                        io::ErrorKind::Unsupported,
                        "an unfinished upload's bytes cannot be read back from object storage",
                    ));
                }
                let tail = rec.read_tail(self, key)?.to_vec();
                let n = tail.len() as u64;
                Ok(Some((Box::new(MemReader(io::Cursor::new(tail))), n)))
            }
            _ => Ok(self.read(key)?.map(|b| {
                let n = b.len() as u64;
                (
                    Box::new(MemReader(io::Cursor::new(b))) as Box<dyn ObjectReader>,
                    n,
                )
            })),
        }
    }

    fn open_append(&self, key: &Key) -> io::Result<Box<dyn ObjectAppender>> {
        self.writable()?;
        // A session's record is created by its first flush (with create-if-absent, so
        // a second writer that also started from nothing loses).
        let (rec, etag) = match self.read_append_record(key)? {
            Some((rec, etag)) => (rec, Some(etag)),
            None => (
                AppendRecord {
                    data: paths::data_object().to_string(),
                    ..AppendRecord::default()
                },
                None,
            ),
        };
        let part = self.h.objects.part_size() as usize;
        let mut buf = BytesMut::with_capacity(part.max(rec.tail as usize));
        buf.extend_from_slice(&rec.read_tail(self, key)?);
        Ok(self.appender(key, rec, etag, buf, None))
    }

    fn open_append_new(
        &self,
        key: &Key,
        before_first_store: super::backend::BeforeStore,
    ) -> io::Result<Box<dyn ObjectAppender>> {
        self.writable()?;
        let rec = AppendRecord {
            data: paths::data_object().to_string(),
            ..AppendRecord::default()
        };
        let buf = BytesMut::with_capacity(self.h.objects.part_size() as usize);
        Ok(self.appender(key, rec, None, buf, Some(before_first_store)))
    }

    fn promote(&self, from: &Key, to: &Key) -> io::Result<()> {
        self.writable()?;
        match (paths::class(from), paths::class(to)) {
            (KeyClass::UploadData, _) => self.promote_upload(from, to),
            (KeyClass::BlobBytes, KeyClass::BlobBytes) => {
                // Move the record; the bytes stay where they are.
                let Some((bytes, _)) = self.get_whole(from)? else {
                    return Err(io::Error::new(io::ErrorKind::NotFound, from.to_string()));
                };
                self.put(to, bytes, PutMode::Overwrite)?;
                self.delete_object(from)?;
                Ok(())
            }
            _ => {
                let Some(bytes) = self.read(from)? else {
                    return Err(io::Error::new(io::ErrorKind::NotFound, from.to_string()));
                };
                self.write_atomic(to, &bytes)?;
                self.delete_any(from)?;
                Ok(())
            }
        }
    }

    fn lock(
        &self,
        key: &Key,
        mode: LockMode,
        wait: bool,
    ) -> io::Result<Option<Box<dyn LockGuard>>> {
        if key == &paths::lock(super::COMMIT_LOCK) {
            // The commit lock orders commits against gc's sweep (and the server's
            // removal of idle sessions), and gc does not run here: nothing to exclude.
            return Ok(Some(Box::new(NoLock)));
        }
        if mode == LockMode::Shared {
            return Err(io::Error::new(
                io::ErrorKind::Unsupported,
                format!("{key}: object storage has no shared locks"),
            ));
        }
        // The gc lease only keeps two runs from doing the same work twice: gc's
        // safety rests on its conditional deletes, not on it (see docs/gc.md).
        if self.access == Access::ReadOnly {
            return Ok(Some(Box::new(NoLock)));
        }
        Lease::take(self.handle(), key.clone(), wait).map(|l| l.map(|l| Box::new(l) as _))
    }

    fn now(&self, _scratch: &Key) -> io::Result<SystemTime> {
        self.run(|o| async move { o.now().await })
    }

    fn durable_appends(&self) -> bool {
        true
    }

    fn remote(&self) -> bool {
        true
    }

    fn direct_url(&self, key: &Key, ttl: Duration) -> io::Result<Option<String>> {
        if paths::class(key) != KeyClass::BlobBytes {
            return Ok(None);
        }
        // Small blobs live inside their record: serving them is one GET already.
        let Some((rec, _)) = self.visible_blob_record(key)? else {
            return Ok(None);
        };
        let Some(d) = rec.data else {
            return Ok(None);
        };
        let d = parse_key(key, &d)?;
        self.run(move |o| async move { o.presigned_get(&d, ttl).await })
    }

    fn object_backend(&self) -> Option<&ObjectBackend> {
        Some(self)
    }

    /// Data objects (`data/<uuid>`) that no blob record and no upload session names:
    /// left by a process killed between two steps (gc between a record's delete and
    /// its data's, a commit's clean-up after a lost flip). `data/` is listed first:
    /// a record is created before the data it names, so a data object listed has its
    /// record listed after it, unless that record was deleted in between (then the
    /// object is orphaned by now). Reads each session record and each blob record
    /// small enough to name a data object, on `threads` threads.
    fn orphaned_data(&self, threads: usize) -> io::Result<Vec<super::object::ObjectMeta>> {
        let data = self.list_flat(&format!("{}/", paths::DATA))?;
        if data.is_empty() {
            return Ok(data);
        }
        let sessions: Vec<_> = self
            .list_flat("uploads/")?
            .into_iter()
            .filter(|m| m.key.as_str().ends_with("/data"))
            .collect();
        // Quarantined records (`scan --fix`) after `blobs/`: a record moved from one
        // to the other is written there before it is deleted here.
        let mut records: Vec<_> = self.list_flat(&format!("{}/", paths::BLOBS))?;
        records.extend(self.list_flat(&format!("{}/", paths::QUARANTINE))?);
        records.retain(|m| m.size <= DATA_RECORD_MAX);
        let mut named: std::collections::HashSet<String> = Default::default();
        for r in crate::par::map(&sessions, threads, |m| self.read_raw(&m.key)) {
            if let Some((k, _)) = r?.and_then(|(raw, _)| Self::session_data(&raw)) {
                named.insert(k.to_string());
            }
        }
        for r in crate::par::map(&records, threads, |m| self.read_ref(&m.key)) {
            if let Some(RefState {
                content: Content::Blob(BlobRecord { data: Some(d), .. }),
                ..
            }) = r?
            {
                named.insert(d);
            }
        }
        Ok(data
            .into_iter()
            .filter(|m| !named.contains(m.key.as_str()))
            .collect())
    }

    fn self_test(&self) -> io::Result<()> {
        self.writable()?;
        self.run(|o| async move {
            super::object::selftest::check(&*o)
                .await
                .map_err(|e| ObjectError::Io {
                    key: "the startup self-test".into(),
                    cause: io::Error::other(e.to_string()),
                })
        })
    }
}

/// A second handle on the backend's objects and runtime, for readers, appenders and
/// leases that outlive the call that made them.
#[derive(Clone)]
struct Handle {
    objects: Arc<dyn ObjectStore>,
    rt: tokio::runtime::Handle,
    /// Protocol records this process wrote last, committed, with the version it got:
    /// a touch of one tries replace-if-match on that version first, saving the GET
    /// (a commit touches what it created a moment ago). Only a hint: a version that
    /// moved on fails the condition and the touch reads the record.
    recent: Arc<std::sync::Mutex<std::collections::HashMap<Key, (ETag, Content)>>>,
}

/// Records kept in [`Handle::recent`] at most (then it starts afresh).
const RECENT_MAX: usize = 4096;

impl Handle {
    /// Writes a blob record; with [`PutMode::Create`] a lost race deletes the
    /// record's data object (the winner's bytes are the same) and answers `false`.
    fn put_blob_record(&self, key: &Key, rec: &BlobRecord, mode: PutMode) -> io::Result<bool> {
        let json = Bytes::from(serde_json::to_vec(rec).map_err(io::Error::other)?);
        let k = key.clone();
        let created = match self.run(move |o| async move { o.put(&k, json, mode).await }) {
            Ok(_) => true,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => false,
            Err(e) => return Err(e),
        };
        if !created {
            if let Some(d) = &rec.data {
                self.delete(&parse_key(key, d)?)?;
            }
        }
        Ok(created)
    }

    /// Runs `f` and hands back its own outcome; the outer error is only the wait's.
    fn obj<T, F, Fut>(&self, f: F) -> io::Result<ObjResult<T>>
    where
        T: Send + 'static,
        F: FnOnce(Arc<dyn ObjectStore>) -> Fut,
        Fut: Future<Output = ObjResult<T>> + Send + 'static,
    {
        let fut = f(self.objects.clone());
        self.run(move |_| async move { Ok(fut.await) })
    }

    /// Reads a protocol record (blob record or link) with its state and version.
    pub(crate) fn get_ref(&self, key: &Key) -> io::Result<Option<RefState>> {
        let k = key.clone();
        let Some((raw, meta)) =
            self.run(move |o| async move { super::object::read_small(&*o, &k, RECORD_MAX).await })?
        else {
            return Ok(None);
        };
        let (content, pending) = decode_ref(key, &raw)?;
        Ok(Some(RefState {
            content,
            pending,
            meta,
        }))
    }

    /// Touches a committed protocol record: rewrites it with replace-if-match and a
    /// fresh nonce, so that a gc that judged the version before cannot delete it, and
    /// one that reads it after sees it young. `false` when it is missing or pending
    /// (nothing may rely on it).
    fn touch_ref(&self, key: &Key) -> io::Result<bool> {
        if let Some((etag, content)) = self.recent_get(key) {
            let body = encode_ref(&content, false)?;
            let k = key.clone();
            match self.obj(move |o| async move { o.touch(&k, etag, body).await })? {
                Ok(etag) => {
                    self.remember(key, etag, content);
                    return Ok(true);
                }
                Err(ObjectError::Precondition { .. } | ObjectError::NotFound { .. }) => {
                    self.forget(key)
                }
                Err(e) => return Err(to_io(e)),
            }
        }
        for _ in 0..TOUCH_TRIES {
            let Some(st) = self.get_ref(key)? else {
                return Ok(false);
            };
            if st.pending {
                return Ok(false);
            }
            let body = encode_ref(&st.content, false)?;
            let (k, etag) = (key.clone(), st.meta.etag.clone());
            match self.obj(move |o| async move { o.touch(&k, etag, body).await })? {
                Ok(etag) => {
                    self.remember(key, etag, st.content);
                    return Ok(true);
                }
                // Another touch (or a delete) won: look again.
                Err(ObjectError::Precondition { .. } | ObjectError::NotFound { .. }) => {}
                Err(e) => return Err(to_io(e)),
            }
        }
        Err(CommitConflict::io(
            key,
            format!("touched by others {TOUCH_TRIES} times while this commit touched it"),
        ))
    }

    /// Creates a protocol record with create-if-absent (`pending` unless it references
    /// nothing). When a committed one is there, the commit relies on it instead; when
    /// a pending one is, waits a bounded time for its flip, then takes over one older
    /// than [`PENDING_TAKEOVER`] or answers a [`CommitConflict`].
    fn create_ref(&self, key: &Key, content: &Content, pending: bool) -> io::Result<Created> {
        let started = std::time::Instant::now();
        let mut pause = Duration::from_millis(10);
        loop {
            let created = self.put_ref(key, content, pending, PutMode::Create)?;
            match created {
                Ok(etag) => {
                    if !pending {
                        self.remember(key, etag.clone(), content.clone());
                    }
                    return Ok(Created::Ours(etag));
                }
                Err(ObjectError::AlreadyExists { .. }) => {}
                Err(e) => return Err(to_io(e)),
            }
            let Some(st) = self.get_ref(key)? else {
                continue; // deleted meanwhile: create again
            };
            if !st.pending {
                return Ok(Created::Committed);
            }
            if started.elapsed() < PENDING_WAIT {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(200));
                continue;
            }
            let now = self.run(|o| async move { o.now().await })?;
            let age = now.duration_since(st.meta.modified).unwrap_or_default();
            if age <= PENDING_TAKEOVER {
                return Err(CommitConflict::io(
                    key,
                    "another commit of this record is in progress",
                ));
            }
            // Its commit died: take it over (its flip then fails).
            tracing::warn!(record = %key, age_s = age.as_secs(), "taking over a stale pending record");
            let mode = PutMode::Replace(st.meta.etag.clone());
            match self.put_ref(key, content, pending, mode)? {
                Ok(etag) => return Ok(Created::Ours(etag)),
                Err(ObjectError::Precondition { .. } | ObjectError::NotFound { .. }) => {}
                Err(e) => return Err(to_io(e)),
            }
            if started.elapsed() > PENDING_WAIT * 4 {
                return Err(CommitConflict::io(key, "raced for a stale pending record"));
            }
        }
    }

    /// Puts a protocol record with `mode`. A pending one matters only while this
    /// commit runs (its flip is the durable write), so it is put provisionally
    /// ([`ObjectStore::put_provisional`]).
    fn put_ref(
        &self,
        key: &Key,
        content: &Content,
        pending: bool,
        mode: PutMode,
    ) -> io::Result<ObjResult<ETag>> {
        let body = encode_ref(content, pending)?;
        let k = key.clone();
        self.obj(move |o| async move {
            match pending {
                true => o.put_provisional(&k, body, mode).await,
                false => o.put(&k, body, mode).await,
            }
        })
    }

    /// Flips this commit's pending record (at version `etag`) to committed. `false`
    /// when it is no longer at that version: gc reclaimed it, or another commit took
    /// it over.
    fn flip_ref(&self, key: &Key, content: &Content, etag: &ETag) -> io::Result<bool> {
        let body = encode_ref(content, false)?;
        let (k, mode) = (key.clone(), PutMode::Replace(etag.clone()));
        match self.obj(move |o| async move { o.put(&k, body, mode).await })? {
            Ok(etag) => {
                self.remember(key, etag, content.clone());
                Ok(true)
            }
            Err(ObjectError::Precondition { .. } | ObjectError::NotFound { .. }) => Ok(false),
            Err(e) => Err(to_io(e)),
        }
    }

    fn recent_get(&self, key: &Key) -> Option<(ETag, Content)> {
        self.recent.lock().ok()?.get(key).cloned()
    }

    fn remember(&self, key: &Key, etag: ETag, content: Content) {
        if let Ok(mut m) = self.recent.lock() {
            if m.len() >= RECENT_MAX {
                m.clear();
            }
            m.insert(key.clone(), (etag, content));
        }
    }

    fn forget(&self, key: &Key) {
        if let Ok(mut m) = self.recent.lock() {
            m.remove(key);
        }
    }

    /// Deletes this commit's pending record if it is still at `etag`, and the data
    /// object it named (this commit's own); best effort, gc reclaims what is left.
    fn drop_ref(&self, key: &Key, content: &Content, etag: Option<&ETag>) {
        self.drop_record(key, etag);
        if let Content::Blob(BlobRecord { data: Some(d), .. }) = content {
            if let Some(d) = Key::parse(d) {
                let _ = self.delete(&d);
            }
        }
    }

    /// The record half of [`Handle::drop_ref`]: forgets `key` and deletes it at
    /// version `etag`, leaving any data object it names alone.
    fn drop_record(&self, key: &Key, etag: Option<&ETag>) {
        self.forget(key);
        if let Some(etag) = etag {
            let (k, etag) = (key.clone(), etag.clone());
            let _ = self.obj(move |o| async move { o.delete(&k, DeleteMode::IfMatch(etag)).await });
        }
    }

    /// Commits a blob record at `to` in protocol order: the record first, pending when
    /// it names a data object (so that the data, written by `write_data` next, is
    /// younger than a record that names it, and gc sees one of the two), then the
    /// flip. A small blob inside its record references nothing and is created
    /// committed. `Ok(false)`: a committed record was there (same digest, same bytes)
    /// and `write_data` was not called; the caller drops its bytes. A lost flip is a
    /// [`CommitConflict`], with this commit's data deleted.
    fn commit_blob(
        &self,
        to: &Key,
        record: BlobRecord,
        write_data: impl FnOnce() -> io::Result<()>,
    ) -> io::Result<bool> {
        let pending = record.inline.is_none();
        let content = Content::Blob(record);
        let etag = match self.create_ref(to, &content, pending)? {
            Created::Committed => return Ok(false),
            Created::Ours(etag) => etag,
        };
        if !pending {
            return Ok(true);
        }
        if let Err(e) = write_data() {
            if SessionRaced::of(&e) {
                // The data object was there already: another request closed this
                // session first, and its committed blob record names that object.
                // Only this commit's pending record goes.
                self.drop_record(to, Some(&etag));
            } else {
                self.drop_ref(to, &content, Some(&etag));
            }
            return Err(e);
        }
        if !self.flip_ref(to, &content, &etag)? {
            // gc reclaimed the pending record, or a commit took it over: the record
            // (if any) is not ours; our data is.
            self.drop_ref(to, &content, None);
            return Err(CommitConflict::io(
                to,
                "the pending blob record was reclaimed before it was committed",
            ));
        }
        Ok(true)
    }

    /// Deletes an object (`false`: it was not there).
    fn delete(&self, key: &Key) -> io::Result<bool> {
        let k = key.clone();
        self.run(move |o| async move { o.delete(&k, DeleteMode::Any).await })
    }

    fn run<T, F, Fut>(&self, f: F) -> io::Result<T>
    where
        T: Send + 'static,
        F: FnOnce(Arc<dyn ObjectStore>) -> Fut,
        Fut: Future<Output = ObjResult<T>> + Send + 'static,
    {
        let fut = f(self.objects.clone());
        if self.objects.runs_inline() {
            // Local files: their calls block only briefly (each wait inside is
            // bounded), so they run on this thread, which may block, instead of
            // crossing to the runtime and its blocking pool and back.
            return match super::object::run_inline(&self.rt, fut, OP_TIMEOUT) {
                Some(r) => r.map_err(to_io),
                None => Err(op_timed_out()),
            };
        }
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        self.rt.spawn(async move {
            let _ = tx.send(fut.await);
        });
        match rx.recv_timeout(OP_TIMEOUT) {
            Ok(r) => r.map_err(to_io),
            Err(_) => Err(op_timed_out()),
        }
    }
}

/// The error of an object operation that outlived [`OP_TIMEOUT`].
fn op_timed_out() -> io::Error {
    io::Error::new(
        io::ErrorKind::TimedOut,
        format!(
            "the object store did not answer within {}s",
            OP_TIMEOUT.as_secs()
        ),
    )
}

/// What [`Handle::create_ref`] found.
enum Created {
    /// This commit created it, at this version.
    Ours(ETag),
    /// A committed one was there: the commit relies on it (and touches it).
    Committed,
}

struct NoLock;
impl LockGuard for NoLock {}

/// An exclusive lease on a lock key: an object created with create-if-absent, deleted
/// (if still ours) on release. A lease older than [`LEASE_TTL`] by the backend's clock
/// belongs to a holder that died and is broken. Assumes a holder finishes its work
/// within the TTL (auth edits take milliseconds).
struct Lease {
    h: Handle,
    key: Key,
    etag: ETag,
}

impl Lease {
    fn take(h: Handle, key: Key, wait: bool) -> io::Result<Option<Lease>> {
        let started = std::time::Instant::now();
        let mut pause = Duration::from_millis(5);
        loop {
            let (k, body) = (key.clone(), Bytes::from(uuid::Uuid::new_v4().to_string()));
            match h.run(move |o| async move { o.put(&k, body, PutMode::Create).await }) {
                Ok(etag) => return Ok(Some(Lease { h, key, etag })),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e),
            }
            // Held: break it if its holder is gone.
            let k = key.clone();
            let stale = h.run(move |o| async move {
                let Some(m) = o.head(&k).await? else {
                    return Ok(None);
                };
                let now = o.now().await?;
                let age = now.duration_since(m.modified).unwrap_or_default();
                Ok((age > LEASE_TTL).then_some(m.etag))
            })?;
            if let Some(etag) = stale {
                let k = key.clone();
                tracing::warn!(lock = %key, "breaking a lease older than {}s", LEASE_TTL.as_secs());
                let _ =
                    h.run(move |o| async move { o.delete(&k, DeleteMode::IfMatch(etag)).await });
                continue;
            }
            if !wait {
                return Ok(None);
            }
            if started.elapsed() > LEASE_WAIT {
                return Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    format!(
                        "{key} is held by another process for more than {}s",
                        LEASE_WAIT.as_secs()
                    ),
                ));
            }
            std::thread::sleep(pause);
            pause = (pause * 2).min(Duration::from_millis(200));
        }
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        let (k, etag) = (self.key.clone(), self.etag.clone());
        if let Err(e) = self
            .h
            .run(move |o| async move { o.delete(&k, DeleteMode::IfMatch(etag)).await })
        {
            tracing::warn!(lock = %self.key, error = %e, "could not release a lease; it expires in {}s", LEASE_TTL.as_secs());
        }
    }
}

impl LockGuard for Lease {}

/// Bytes already in memory (inline blobs, records).
struct MemReader(io::Cursor<Vec<u8>>);

impl Read for MemReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf)
    }
}

impl Seek for MemReader {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        self.0.seek(pos)
    }
}

impl ObjectReader for MemReader {
    fn map(&mut self, offset: u64, len: usize) -> Option<io::Result<Bytes>> {
        let b = self.0.get_ref();
        let start = (offset as usize).min(b.len());
        let end = start.saturating_add(len).min(b.len());
        Some(Ok(Bytes::copy_from_slice(&b[start..end])))
    }
}

/// Reads a data object by ranged GETs of up to [`READ_PIECE`] bytes.
struct RangedReader {
    backend: Handle,
    key: Key,
    size: u64,
    pos: u64,
    buf: Bytes,
}

/// Bytes fetched per ranged GET when reading sequentially.
const READ_PIECE: u64 = 4 * 1024 * 1024;

impl RangedReader {
    fn fetch(&self, offset: u64, len: u64) -> io::Result<Bytes> {
        let end = offset.saturating_add(len).min(self.size);
        if offset >= end {
            return Ok(Bytes::new());
        }
        let k = self.key.clone();
        let got = self.backend.run(move |o| async move {
            let opts = GetOptions {
                range: Some(offset..end),
                ..GetOptions::default()
            };
            match o.get(&k, opts).await? {
                Some(g) => g.bytes(end - offset).await,
                None => Err(ObjectError::not_found(&k)),
            }
        })?;
        if got.len() as u64 != end - offset {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!("{} is shorter than its record says", self.key),
            ));
        }
        Ok(got)
    }
}

impl Read for RangedReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.buf.is_empty() {
            if self.pos >= self.size {
                return Ok(0);
            }
            self.buf = self.fetch(self.pos, READ_PIECE)?;
        }
        let n = out.len().min(self.buf.len());
        out[..n].copy_from_slice(&self.buf[..n]);
        self.buf = self.buf.slice(n..);
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for RangedReader {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        let new = match pos {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::End(d) => self.size.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        }
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "seek out of range"))?;
        if new != self.pos {
            self.buf = Bytes::new();
            self.pos = new;
        }
        Ok(new)
    }
}

impl ObjectReader for RangedReader {
    fn map(&mut self, offset: u64, len: usize) -> Option<io::Result<Bytes>> {
        Some(self.fetch(offset, len as u64))
    }

    fn stream(&mut self, offset: u64, len: u64) -> Option<super::object::ByteStream> {
        use futures_util::StreamExt;
        let end = offset.saturating_add(len).min(self.size);
        let want = end.saturating_sub(offset);
        let (objects, key) = (self.backend.objects.clone(), self.key.clone());
        // The request is made on the backend's runtime (its client and connections
        // live there); its body is then read by whoever polls this stream, the
        // server's response, piece by piece as the client reads: no hand-off between
        // runtimes per piece. A client that stops reading stops the read; one that
        // goes away drops it.
        let k = key.clone();
        let get = self.backend.rt.spawn(async move {
            let opts = GetOptions {
                range: Some(offset..end),
                ..GetOptions::default()
            };
            objects.get(&k, opts).await
        });
        let body = futures_util::stream::once(get)
            .map(move |joined| match joined {
                Ok(Ok(Some(g))) => g.body,
                Ok(Ok(None)) => {
                    futures_util::stream::iter([Err(to_io(ObjectError::not_found(&key)))]).boxed()
                }
                Ok(Err(e)) => futures_util::stream::iter([Err(to_io(e))]).boxed(),
                Err(e) => futures_util::stream::iter([Err(io::Error::other(e))]).boxed(),
            })
            .flatten();
        let key = self.key.clone();
        // Ends in an error if the object is shorter than its record says.
        let checked = futures_util::stream::unfold(
            (body.boxed(), 0u64, false),
            move |(mut body, sent, done)| {
                let key = key.clone();
                async move {
                    if done {
                        return None;
                    }
                    match body.next().await {
                        Some(Ok(b)) => {
                            let sent = sent + b.len() as u64;
                            Some((Ok(b), (body, sent, false)))
                        }
                        Some(Err(e)) => Some((Err(e), (body, sent, true))),
                        None if sent != want => Some((
                            Err(io::Error::new(
                                io::ErrorKind::UnexpectedEof,
                                format!("{key} is shorter than its record says"),
                            )),
                            (body, sent, true),
                        )),
                        None => None,
                    }
                }
            },
        );
        Some(checked.boxed())
    }
}

/// A session record's conditional write lost to another request's (on this or
/// another process): this writer's bytes since it opened the session are not part of
/// it. Carried inside an `io::Error`; [`SessionRaced::of`] finds it.
#[derive(Debug)]
pub(crate) struct SessionRaced(String);

impl std::fmt::Display for SessionRaced {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: another request changed this upload session meanwhile",
            self.0
        )
    }
}

impl std::error::Error for SessionRaced {}

impl SessionRaced {
    /// Whether `e` is a lost race for a session record.
    pub(crate) fn of(e: &io::Error) -> bool {
        e.get_ref().is_some_and(|inner| inner.is::<SessionRaced>())
    }
}

/// Appends to an upload session's data: full parts go to the multipart upload, the
/// rest waits in memory and, at each flush, in the tail object.
struct Appender {
    backend: Handle,
    key: Key,
    rec: AppendRecord,
    etag: Option<ETag>,
    /// The backend's part size ([`ObjectStore::part_size`]).
    part: usize,
    /// Bytes not yet in a part (the tail, then what was written since). Filled to
    /// one part and no further; a stored part's memory takes the next one's bytes.
    buf: BytesMut,
    dirty: bool,
    /// Committed: nothing more may be written or flushed.
    spent: bool,
    /// Parts were put since the last [`ObjectStore::sync_multipart`].
    unsynced_parts: bool,
    /// Runs before the first object of the session is stored (a multipart upload,
    /// the tail, the record), for a session opened as new.
    before_first_store: Option<super::backend::BeforeStore>,
}

impl Appender {
    fn data_key(&self) -> io::Result<Key> {
        parse_key(&self.key, &self.rec.data)
    }

    /// Runs the new session's hook, once, before it stores its first object.
    fn storing(&mut self) -> io::Result<()> {
        match self.before_first_store.take() {
            Some(hook) => hook(),
            None => Ok(()),
        }
    }

    fn put_full_parts(&mut self) -> io::Result<()> {
        while self.buf.len() >= self.part {
            let data = self.data_key()?;
            let id = match &self.rec.multipart {
                Some(id) => MultipartId(id.clone()),
                None => {
                    self.storing()?;
                    let k = data.clone();
                    let id = self
                        .backend
                        .run(move |o| async move { o.create_multipart(&k).await })?;
                    self.rec.multipart = Some(id.0.clone());
                    self.dirty = true;
                    // Saved now, so a crash leaves no multipart upload nobody knows.
                    self.save_record()?;
                    id
                }
            };
            // The part leaves without a copy.
            let part = self.buf.split_to(self.part).freeze();
            let n = self.rec.parts.len() as u32 + 1;
            let len = part.len() as u64;
            let tag = self
                .backend
                .run(move |o| async move { o.put_part(&data, &id, n, part).await })?;
            self.rec.parts.push(tag.0);
            self.rec.in_parts += len;
            self.dirty = true;
            self.unsynced_parts = true;
            // The backend is done with the part: the buffer takes its memory back
            // (moving what follows it to the front) rather than a fresh allocation
            // whose pages would all fault in again.
            self.buf.reserve(self.part);
        }
        Ok(())
    }

    fn save_record(&mut self) -> io::Result<()> {
        self.storing()?;
        // The record is what tells a client (and any other process) which bytes are
        // stored: the parts it names must be durable first (ObjectStore::put_part).
        if self.unsynced_parts {
            if let Some(id) = self.multipart_id() {
                let k = self.data_key()?;
                self.backend
                    .run(move |o| async move { o.sync_multipart(&k, &id).await })?;
            }
            self.unsynced_parts = false;
        }
        self.rec.touch = Some(uuid::Uuid::new_v4().simple().to_string());
        let json = Bytes::from(serde_json::to_vec(&self.rec).map_err(io::Error::other)?);
        let k = self.key.clone();
        let mode = match &self.etag {
            Some(e) => PutMode::Replace(e.clone()),
            None => PutMode::Create,
        };
        match self
            .backend
            .obj(move |o| async move { o.put(&k, json, mode).await })?
        {
            Ok(etag) => {
                self.etag = Some(etag);
                Ok(())
            }
            Err(ObjectError::Precondition { .. } | ObjectError::AlreadyExists { .. }) => {
                Err(io::Error::other(SessionRaced(self.key.to_string())))
            }
            Err(e) => Err(to_io(e)),
        }
    }
}

impl Appender {
    fn spent() -> io::Error {
        io::Error::other("the upload session was already committed")
    }

    fn multipart_id(&self) -> Option<MultipartId> {
        self.rec.multipart.clone().map(MultipartId)
    }

    /// Removes what the session stored of its bytes (record, tail); the data object
    /// and the multipart upload are the caller's.
    fn remove_session_objects(&mut self) -> io::Result<()> {
        if self.rec.tail > 0 {
            self.backend.delete(&self.rec.tail_key(&self.key)?)?;
        }
        if self.etag.take().is_some() {
            self.backend.delete(&self.key)?;
        }
        Ok(())
    }

    fn commit(&mut self, to: &Key) -> io::Result<bool> {
        let size = self.rec.in_parts + self.buf.len() as u64;
        let data = self.data_key()?;
        let multipart = self.multipart_id();
        if multipart.is_some() {
            // Parts are numbered by their writer: if another request wrote to this
            // session since it was opened here, completing could mix their parts
            // with ours. Re-saving the record with replace-if-match fences it off
            // (and, with its fresh nonce, touches the session).
            self.save_record()?;
        }
        let record = match &multipart {
            None if is_inline(size) => BlobRecord::inline(&self.buf),
            _ => BlobRecord::at(size, &data),
        };
        let h = self.backend.clone();
        let mut buf = std::mem::take(&mut self.buf);
        let parts: Vec<PartTag> = self.rec.parts.iter().cloned().map(PartTag).collect();
        let session = self.key.to_string();
        let created = h.commit_blob(to, record, || match &multipart {
            None => {
                let (k, b) = (data.clone(), std::mem::take(&mut buf).freeze());
                h.run(move |o| async move { o.put(&k, b, PutMode::Create).await.map(|_| ()) })
                    // Another request closed this session first (its data object is
                    // the session's): a lost race, not a fault.
                    .map_err(|e| match e.kind() {
                        io::ErrorKind::AlreadyExists => io::Error::other(SessionRaced(session)),
                        _ => e,
                    })
            }
            Some(id) => {
                let mut parts = parts.clone();
                if !buf.is_empty() {
                    let n = parts.len() as u32 + 1;
                    let (k, i, b) = (data.clone(), id.clone(), std::mem::take(&mut buf).freeze());
                    parts.push(h.run(move |o| async move { o.put_part(&k, &i, n, b).await })?);
                }
                let (k, i) = (data.clone(), id.clone());
                h.run(move |o| async move { o.complete_multipart(&k, &i, &parts).await })
                    .map(|_| ())
            }
        });
        if !matches!(created, Ok(true)) {
            // The blob is there already (or the commit failed): drop these bytes.
            if let Some(id) = &multipart {
                let (k, i) = (data.clone(), id.clone());
                let _ = h.run(move |o| async move { o.abort_multipart(&k, &i).await });
            }
        }
        // The session ends here either way: a retry starts a new one.
        self.remove_session_objects()?;
        created
    }
}

impl Write for Appender {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if self.spent {
            return Err(Self::spent());
        }
        if self.buf.len() >= self.part {
            self.put_full_parts()?;
        }
        // Up to the end of the part being filled: the rest is the next call's.
        let room = self.part.saturating_sub(self.buf.len()).max(1);
        let n = data.len().min(room);
        self.buf.extend_from_slice(&data[..n]);
        self.dirty = true;
        self.put_full_parts()?;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.dirty || self.spent {
            return Ok(());
        }
        self.put_full_parts()?;
        let tail = Bytes::copy_from_slice(&self.buf);
        let tail_len = tail.len() as u64;
        self.storing()?;
        // The tail goes to a name of its own, which only the record saved next (with
        // replace-if-match) makes the session's: a writer that loses that race leaves
        // the winner's tail as it was (an overwritten shared tail would pair the
        // winner's record and hash with the loser's bytes).
        let before = (self.rec.tail, self.rec.tail_name.clone());
        let old_tail = match self.rec.tail > 0 {
            true => Some(self.rec.tail_key(&self.key)?),
            false => None,
        };
        let mut new_tail = None;
        if tail_len > 0 {
            let name = uuid::Uuid::new_v4().simple().to_string();
            let k = paths::upload_tail_named(&self.key, &name);
            let k2 = k.clone();
            self.backend
                .run(move |o| async move { o.put(&k2, tail, PutMode::Create).await })?;
            self.rec.tail_name = Some(name);
            new_tail = Some(k);
        } else {
            self.rec.tail_name = None;
        }
        self.rec.tail = tail_len;
        if let Err(e) = self.save_record() {
            (self.rec.tail, self.rec.tail_name) = before;
            if let Some(k) = new_tail {
                let _ = self.backend.delete(&k);
            }
            return Err(e);
        }
        // The tail before this flush is no longer the session's; a reader that read
        // the old record and comes for it finds it gone: an error, never other bytes.
        if let Some(k) = old_tail {
            let _ = self.backend.delete(&k);
        }
        self.dirty = false;
        Ok(())
    }
}

impl ObjectAppender for Appender {
    fn sync(&mut self) -> io::Result<()> {
        // What the object store acknowledged is durable.
        self.flush()
    }

    fn known_len(&self) -> Option<u64> {
        Some(self.rec.in_parts + self.buf.len() as u64)
    }

    fn commits_directly(&self) -> bool {
        true
    }

    fn take_small(&mut self) -> io::Result<Option<Vec<u8>>> {
        if self.spent {
            return Err(Self::spent());
        }
        if self.rec.multipart.is_some() || !is_inline(self.buf.len() as u64) {
            return Ok(None);
        }
        self.spent = true;
        let bytes = Vec::from(std::mem::take(&mut self.buf));
        // The bytes are in hand: the session ends here either way (a retry starts a
        // new one), as in `commit`.
        self.remove_session_objects()?;
        Ok(Some(bytes))
    }

    fn commit_into(&mut self, to: &Key) -> io::Result<bool> {
        if self.spent {
            return Err(Self::spent());
        }
        // Spent whatever happens: after a failure the session's state is unknown here.
        self.spent = true;
        self.commit(to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oci::{Digest, RepoName};
    use crate::storage::object::fs::FsObjects;
    use crate::storage::object::mem::MemObjects;

    fn backend() -> ObjectBackend {
        ObjectBackend::new(Arc::new(MemObjects::new()), Access::ReadWrite).unwrap()
    }

    fn link_key() -> (Key, Digest) {
        let d = Digest::sha256_of(b"layer");
        (
            paths::layer_link(&RepoName::parse("acme/app").unwrap(), &d),
            d,
        )
    }

    /// The bytes of the upload session at `key`, read back through the backend.
    fn session_bytes(b: &ObjectBackend, key: &Key) -> io::Result<Vec<u8>> {
        let (mut r, _) = b.open(key)?.expect("the session exists");
        let mut out = Vec::new();
        r.read_to_end(&mut out)?;
        Ok(out)
    }

    #[test]
    fn two_writers_of_one_session_never_pair_one_record_with_the_other_tail() {
        let b = backend();
        let id = crate::storage::UploadId::new();
        let key = paths::upload_data(&id);
        let mut first = b.open_append(&key).unwrap();
        first.write_all(b"head").unwrap();
        first.flush().unwrap();
        // Two writers continue from the same record, with tails of one length.
        let mut a = b.open_append(&key).unwrap();
        let mut z = b.open_append(&key).unwrap();
        a.write_all(b"-aaaa").unwrap();
        z.write_all(b"-zzzz").unwrap();
        a.flush().unwrap();
        let lost = z.flush().unwrap_err();
        assert!(
            lost.to_string().contains("changed this upload session"),
            "{lost}"
        );
        // The session is what the winner's record says, byte for byte: the loser
        // wrote its tail where nobody reads it, and took it away again.
        assert_eq!(session_bytes(&b, &key).unwrap(), b"head-aaaa");
        let mut next = b.open_append(&key).unwrap();
        assert_eq!(next.known_len(), Some(9));
        next.write_all(b"!").unwrap();
        next.flush().unwrap();
        assert_eq!(session_bytes(&b, &key).unwrap(), b"head-aaaa!");
        let dir = paths::upload_dir(&id);
        let names: Vec<String> = b
            .list_under(&dir)
            .unwrap()
            .into_iter()
            .map(|m| m.key.to_string())
            .collect();
        assert_eq!(
            names.len(),
            2,
            "the record and one tail, the last: {names:?}"
        );
        // Cancelling removes every object of the session.
        assert!(b.delete_prefix(&dir).unwrap());
        assert!(b.list_under(&dir).unwrap().is_empty());
    }

    #[test]
    fn a_session_recorded_with_the_unnamed_tail_still_reads_and_continues() {
        let b = backend();
        let key = paths::upload_data(&crate::storage::UploadId::new());
        let rec = AppendRecord {
            data: paths::data_object().to_string(),
            tail: 3,
            ..AppendRecord::default()
        };
        let json = Bytes::from(serde_json::to_vec(&rec).unwrap());
        b.put(&key, json, PutMode::Create).unwrap();
        b.put(
            &paths::upload_tail(&key),
            Bytes::from_static(b"old"),
            PutMode::Create,
        )
        .unwrap();
        assert_eq!(session_bytes(&b, &key).unwrap(), b"old");
        let mut w = b.open_append(&key).unwrap();
        w.write_all(b"+new").unwrap();
        w.flush().unwrap();
        assert_eq!(session_bytes(&b, &key).unwrap(), b"old+new");
        assert!(
            b.get_whole(&paths::upload_tail(&key)).unwrap().is_none(),
            "the unnamed tail was replaced by a named one"
        );
    }

    #[test]
    fn data_record_max_is_the_longest_record_naming_a_data_object() {
        let mut rec = BlobRecord::at(u64::MAX, &paths::data_object());
        rec.pending = true;
        let longest = encode_ref(&Content::Blob(rec), true).unwrap();
        assert_eq!(longest.len() as u64, DATA_RECORD_MAX, "{longest:?}");
        // The smallest inline record of a blob over 85 bytes is bigger: not read.
        let inline = serde_json::to_vec(&BlobRecord::inline(&[0u8; 86])).unwrap();
        assert!(inline.len() as u64 > DATA_RECORD_MAX);
    }

    #[test]
    fn a_pending_link_reads_as_absent_and_cannot_be_relied_on() {
        let b = backend();
        let (key, d) = link_key();
        let body = encode_ref(&Content::Link(d.to_string().into_bytes()), true).unwrap();
        b.put(&key, body, PutMode::Create).unwrap();
        assert_eq!(b.read(&key).unwrap(), None);
        assert_eq!(b.stat(&key).unwrap(), None);
        assert_eq!(b.read_versioned(&key).unwrap(), None);
        assert!(
            !b.touch(&key).unwrap(),
            "a touch relied on a pending record"
        );
        // Still there for gc, which counts pending records as referrers.
        assert!(b.head(&key).unwrap().is_some());
    }

    #[test]
    fn a_record_without_a_state_is_committed_and_every_touch_changes_its_bytes() {
        let b = backend();
        let (key, d) = link_key();
        // As written before the protocol: the digest itself.
        b.put(&key, Bytes::from(d.to_string()), PutMode::Create)
            .unwrap();
        assert_eq!(b.read(&key).unwrap(), Some(d.to_string().into_bytes()));
        let mut seen = vec![b.get_whole(&key).unwrap().unwrap()];
        for _ in 0..3 {
            assert!(b.touch(&key).unwrap());
            let (raw, meta) = b.get_whole(&key).unwrap().unwrap();
            assert!(
                seen.iter().all(|(r, m)| r != &raw && m.etag != meta.etag),
                "a touch left the bytes or the version as they were"
            );
            seen.push((raw, meta));
            assert_eq!(b.read(&key).unwrap(), Some(d.to_string().into_bytes()));
        }
        // Blob records written before the protocol too.
        let blob = paths::blob_data(&d);
        let old = serde_json::json!({"size": 5, "inline": "bGF5ZXI="});
        b.put(&blob, Bytes::from(old.to_string()), PutMode::Create)
            .unwrap();
        assert_eq!(b.read(&blob).unwrap(), Some(b"layer".to_vec()));
        let before = b.head(&blob).unwrap().unwrap().etag;
        assert!(b.touch(&blob).unwrap());
        assert_ne!(b.head(&blob).unwrap().unwrap().etag, before);
        assert_eq!(b.read(&blob).unwrap(), Some(b"layer".to_vec()));
    }

    #[test]
    fn a_commit_relying_on_a_missing_record_leaves_nothing() {
        let b = backend();
        let (key, d) = link_key();
        let target = Target {
            key: paths::blob_data(&d),
            required: true,
        };
        let new = [(key.clone(), d.to_string().into_bytes())];
        assert_eq!(
            b.commit_refs(&new, std::slice::from_ref(&target)).unwrap(),
            vec![0]
        );
        assert!(b.head(&key).unwrap().is_none(), "a pending link was left");
        b.write_atomic(&target.key, b"layer").unwrap();
        assert!(b.commit_refs(&new, &[target]).unwrap().is_empty());
        assert_eq!(b.read(&key).unwrap(), Some(d.to_string().into_bytes()));
        let (raw, _) = b.get_whole(&key).unwrap().unwrap();
        assert!(!decode_ref(&key, &raw).unwrap().1, "left pending");
    }

    /// A commit paused after creating its pending records for longer than gc's
    /// grace: gc reclaims the stale pending manifest link and, top-down, the layer
    /// link only it referenced; the resumed commit's flip then fails (503, nothing
    /// acknowledged) instead of committing a manifest whose layer is gone.
    #[test]
    fn gc_reclaims_a_stale_pending_record_and_the_paused_commit_then_fails() {
        let mem = MemObjects::new();
        let store =
            crate::storage::Store::open_objects(Arc::new(mem.clone()), Access::ReadWrite, true)
                .unwrap();
        let paused = ObjectBackend::new(Arc::new(mem.clone()), Access::ReadWrite).unwrap();
        let repo = RepoName::parse("acme/app").unwrap();
        let layer = store.put_blob_bytes(&repo, b"a layer").unwrap();
        let config = store.put_blob_bytes(&repo, b"{}").unwrap();
        let body = serde_json::to_vec(&serde_json::json!({
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                       "digest": config.to_string(), "size": 2},
            "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar",
                        "digest": layer.to_string(), "size": 7}],
        }))
        .unwrap();
        let md = Digest::sha256_of(&body);
        paused.write_atomic(&paths::blob_data(&md), &body).unwrap();
        let link = paths::manifest_link(&repo, &md);
        let info = Content::Link(
            br#"{"mediaType":"application/vnd.oci.image.manifest.v1+json","size":1}"#.to_vec(),
        );
        let Created::Ours(etag) = paused.h.create_ref(&link, &info, true).unwrap() else {
            panic!("not created");
        };
        // The commit pauses here; gc runs with no grace (everything before T0 is old).
        let opts = crate::gc::Options {
            grace_period: Duration::ZERO,
            ..crate::gc::Options::default()
        };
        let r = crate::gc::run(&store, &opts, &crate::gc::Silent).unwrap();
        assert_eq!(
            (r.manifests_removed, r.layer_links_removed),
            (1, 2),
            "{r:?}"
        );
        assert!(
            paused.head(&link).unwrap().is_none(),
            "the stale pending link stayed"
        );
        assert!(
            !paused.h.flip_ref(&link, &info, &etag).unwrap(),
            "the paused commit's flip succeeded after gc reclaimed its record"
        );
    }

    /// What a crash of the host can leave of a provisional put (docs/gc.md, "A crash
    /// of the host"): an empty or zeroed record reads as a dead commit's pending
    /// record. Nothing sees it, nothing relies on it, gc reclaims it with what only
    /// it referenced, and the same push then commits. Other damage stays an error.
    #[test]
    fn a_torn_record_is_a_dead_commits_pending_record() {
        torn_records_on(Arc::new(MemObjects::new()));
        let dir = tempfile::tempdir().unwrap();
        torn_records_on(Arc::new(FsObjects::create(dir.path()).unwrap()));
    }

    fn torn_records_on(objects: Arc<dyn ObjectStore>) {
        let store =
            crate::storage::Store::open_objects(objects.clone(), Access::ReadWrite, true).unwrap();
        let b = ObjectBackend::new(objects, Access::ReadWrite).unwrap();
        let repo = RepoName::parse("acme/app").unwrap();
        for (i, torn) in [Bytes::new(), Bytes::from(vec![0u8; 180])]
            .into_iter()
            .enumerate()
        {
            let layer = format!("a layer whose push the crash ended, {i}");
            let d = Digest::sha256_of(layer.as_bytes());
            let md = Digest::sha256_of(format!("a manifest, {i}").as_bytes());
            let keys = [
                paths::blob_data(&d),
                paths::layer_link(&repo, &d),
                paths::manifest_link(&repo, &md),
            ];
            for k in &keys {
                b.put(k, torn.clone(), PutMode::Create).unwrap();
                assert_eq!(b.read(k).unwrap(), None, "{k} is visible");
                assert_eq!(b.stat(k).unwrap(), None, "{k} is visible");
                let (_, pending) = decode_ref(k, &torn).unwrap();
                assert!(pending, "{k} read as committed");
                assert!(!b.touch(k).unwrap(), "a touch relied on torn {k}");
            }
            let opts = crate::gc::Options {
                grace_period: Duration::ZERO,
                ..crate::gc::Options::default()
            };
            let r = crate::gc::run(&store, &opts, &crate::gc::Silent).unwrap();
            assert!(r.problems.is_empty(), "{r:?}");
            assert_eq!(r.manifests_removed, 1, "{r:?}");
            for k in &keys {
                assert!(b.head(k).unwrap().is_none(), "gc left torn {k}");
            }
            assert_eq!(store.put_blob_bytes(&repo, layer.as_bytes()).unwrap(), d);
            assert_eq!(
                b.read(&paths::blob_data(&d)).unwrap(),
                Some(layer.into_bytes())
            );
        }
        // Bytes no crash leaves are damage, and an error.
        let (key, _) = link_key();
        let blob = paths::blob_data(&Digest::sha256_of(b"damaged"));
        b.put(&blob, Bytes::from_static(b"{\"size\":"), PutMode::Create)
            .unwrap();
        assert!(
            b.read(&blob).is_err(),
            "a damaged blob record read as absent"
        );
        assert!(decode_ref(&blob, b"\x00{").is_err());
        assert!(!decode_ref(&key, b"sha256:").unwrap().1);
    }

    #[test]
    fn a_flip_after_gc_reclaimed_the_pending_record_fails() {
        let b = backend();
        let (key, d) = link_key();
        let content = Content::Link(d.to_string().into_bytes());
        let Created::Ours(etag) = b.h.create_ref(&key, &content, true).unwrap() else {
            panic!("not created");
        };
        // gc's conditional delete of the version it listed.
        let (k, e) = (key.clone(), etag.clone());
        assert!(b
            .run(move |o| async move { o.delete(&k, DeleteMode::IfMatch(e)).await })
            .unwrap());
        assert!(!b.h.flip_ref(&key, &content, &etag).unwrap());
        assert!(b.head(&key).unwrap().is_none());
    }
}
