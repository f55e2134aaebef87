//! The storage backend interface: the primitive operations the store is built from.
//!
//! Everything that depends on where bytes physically live — directories, `rename`,
//! `fsync`, advisory locks, modification times — sits behind this trait, so that the
//! store, gc, scan and the server never see a filesystem path. [`super::fs::FsBackend`]
//! is the only implementation today; an object-storage backend would implement the
//! same operations (atomic put, conditional delete, list by prefix, a lock service).

use std::io::{self, Read, Seek, Write};
use std::time::SystemTime;

use super::paths::Key;

/// Size and modification time of an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ObjectMeta {
    /// Size in bytes.
    pub size: u64,
    /// Last modification (or explicit touch).
    pub modified: SystemTime,
    /// Changes whenever the content does, where the backend versions objects (object
    /// storage: derived from the ETag, since its modification times have whole-second
    /// resolution); 0 where modification times are precise enough (filesystem).
    pub version: u64,
}

/// What a listed name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// A regular object.
    File,
    /// A prefix that has children.
    Dir,
    /// Anything else (symlink, socket, …): never part of the layout.
    Other,
}

/// One name in a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The last path component.
    pub name: String,
    /// File, directory or other.
    pub kind: EntryKind,
}

/// A readable, seekable object.
pub trait ObjectReader: Read + Seek + Send {
    /// Maps `len` bytes at `offset` into memory as one zero-copy buffer, with the pages
    /// already read in, if the backend can. `None` means "not supported: read instead".
    /// Serving from such buffers saves the copy (and the zeroing) a `read` costs.
    fn map(&mut self, offset: u64, len: usize) -> Option<io::Result<bytes::Bytes>> {
        let _ = (offset, len);
        None
    }

    /// The `len` bytes at `offset` as an asynchronous stream, if the backend serves
    /// them better that way (object storage: one streaming GET instead of a request
    /// per piece). The stream holds a bounded number of pieces ahead of its reader.
    fn stream(&mut self, offset: u64, len: u64) -> Option<super::object::ByteStream> {
        let _ = (offset, len);
        None
    }
}

/// What [`Backend::open_append_new`] runs before an appender first stores anything.
pub type BeforeStore = Box<dyn FnOnce() -> io::Result<()> + Send>;

/// An object opened for appending (upload sessions).
pub trait ObjectAppender: Write + Send {
    /// Makes everything written so far durable.
    fn sync(&mut self) -> io::Result<()>;

    /// The object's length as this appender knows it without asking the backend
    /// again (object storage: from the session record it read on opening). `None`:
    /// ask [`Backend::stat`].
    fn known_len(&self) -> Option<u64> {
        None
    }

    /// Whether [`ObjectAppender::commit_into`] is supported.
    fn commits_directly(&self) -> bool {
        false
    }

    /// Everything written, when it is small enough to be committed inside one record
    /// and none of it went to a multipart upload: the bytes are handed over, what the
    /// session kept of them is removed, and the appender is spent. The caller then
    /// commits the bytes with their repository link in one [`Backend::commit_refs`]
    /// (object storage: the link pending first, so creating the record is its touch).
    /// `Ok(None)` (the default): commit with [`ObjectAppender::commit_into`].
    fn take_small(&mut self) -> io::Result<Option<Vec<u8>>> {
        Ok(None)
    }

    /// Turns everything written (not necessarily flushed) straight into the blob bytes
    /// at `to` with create-if-absent, and removes what the session kept of it; the
    /// appender is spent afterwards. `Ok(false)`: the blob was there already (same
    /// digest, same bytes) and this appender's bytes were dropped. Object storage does
    /// this without re-reading its record and, for small blobs, in one request; where
    /// unsupported ([`ObjectAppender::commits_directly`] is `false`) the store syncs
    /// and calls [`Backend::promote`] instead.
    fn commit_into(&mut self, to: &Key) -> io::Result<bool> {
        let _ = to;
        Err(io::Error::new(
            io::ErrorKind::Unsupported,
            "this backend commits uploads with promote",
        ))
    }
}

/// What [`Backend::write_tag`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TagWrite {
    /// The tag holds the new value and the manifest was relied on.
    Written,
    /// The manifest is not there; the tag is as it was.
    ManifestMissing,
    /// `create_only` and the tag exists: its content.
    Exists(Vec<u8>),
}

/// Held while a lock is taken; dropping it releases the lock.
pub trait LockGuard: Send {}

/// Shared or exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockMode {
    /// Many holders at once (serve's commits).
    Shared,
    /// One holder (gc's sweep, single-gc guard).
    Exclusive,
}

/// A commit lost a race it must not paper over (object storage: gc reclaimed one of
/// its pending records, or another upload of the same digest holds it): nothing was
/// acknowledged and the client should retry. Carried inside an `io::Error` (kind
/// `Interrupted`) so the store can tell it from a failure ([`CommitConflict::of`]).
#[derive(Debug, Clone, thiserror::Error)]
#[error("{key}: {why}; nothing was committed, retry")]
pub struct CommitConflict {
    /// The record involved.
    pub key: String,
    /// What happened.
    pub why: String,
}

impl CommitConflict {
    /// The `io::Error` a backend returns for it.
    pub fn io(key: &Key, why: impl Into<String>) -> io::Error {
        io::Error::new(
            io::ErrorKind::Interrupted,
            CommitConflict {
                key: key.to_string(),
                why: why.into(),
            },
        )
    }

    /// The [`CommitConflict`] inside `e`, if that is what `e` is.
    pub fn of(e: &io::Error) -> Option<&CommitConflict> {
        e.get_ref()
            .and_then(|inner| inner.downcast_ref::<CommitConflict>())
    }
}

/// A record a commit relies on ([`Backend::commit_refs`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Its key.
    pub key: Key,
    /// Whether the commit fails when it is missing (else it is touched if present).
    pub required: bool,
}

/// The primitive operations the store needs from where it keeps bytes.
pub trait Backend: Send + Sync + 'static {
    /// A human-readable description of the location (for logs and reports).
    fn describe(&self) -> String;
    /// Reads a small object whole; `None` if it does not exist.
    fn read(&self, key: &Key) -> io::Result<Option<Vec<u8>>>;
    /// Replaces an object atomically and durably: readers see the old or the new
    /// content, never a mix, and a crash never leaves a partial object.
    fn write_atomic(&self, key: &Key, data: &[u8]) -> io::Result<()>;
    /// Like [`Backend::write_atomic`], but the object is readable by the store's owner
    /// only (secrets: password hashes, the token signing key).
    fn write_atomic_private(&self, key: &Key, data: &[u8]) -> io::Result<()>;
    /// Like [`Backend::write_atomic`] (readers never see a partial object) but not
    /// durable: a crash may lose it. For records whose loss only costs a retry, such as
    /// a new upload session, where an fsync would be pure latency.
    fn write_atomic_volatile(&self, key: &Key, data: &[u8]) -> io::Result<()> {
        self.write_atomic(key, data)
    }
    /// Overwrites an existing object's bytes where they lie, or creates it, without
    /// the atomic replace of [`Backend::write_atomic_volatile`] and without creating
    /// missing parents (`NotFound` then): cheaper where a replace is a rename, but a
    /// reader or a crash may see old and new bytes mixed, so it is only for records
    /// that check themselves (an upload's hash checkpoint) and only for short-lived
    /// ones. `Ok(false)`: this backend has no cheaper way (object storage, where every
    /// put replaces whole); use an atomic record instead.
    fn overwrite_in_place(&self, _key: &Key, _data: &[u8]) -> io::Result<bool> {
        Ok(false)
    }
    /// Writes an object only if none exists under `key` (atomically, durably);
    /// `false` when one does.
    fn create_new(&self, key: &Key, data: &[u8]) -> io::Result<bool>;
    /// Appends a line to an object, creating it if needed (audit logs).
    fn append_line(&self, key: &Key, line: &str) -> io::Result<()>;
    /// Size and modification time; `None` if missing.
    fn stat(&self, key: &Key) -> io::Result<Option<ObjectMeta>>;
    /// Sets the modification time to now; `false` if the object does not exist.
    fn touch(&self, key: &Key) -> io::Result<bool>;
    /// Deletes an object; `false` if it did not exist.
    fn delete(&self, key: &Key) -> io::Result<bool>;
    /// Deletes a prefix and everything under it; `false` if it did not exist.
    fn delete_prefix(&self, key: &Key) -> io::Result<bool>;
    /// Removes `key` and then its parents while they are empty, stopping at `stop`.
    fn prune_empty(&self, key: &Key, stop: &Key) -> io::Result<()>;
    /// Lists the direct children of a prefix; `None` if it does not exist.
    fn list(&self, key: &Key) -> io::Result<Option<Vec<Entry>>>;
    /// Opens an object for reading with its size; `None` if missing.
    fn open(&self, key: &Key) -> io::Result<Option<(Box<dyn ObjectReader>, u64)>>;
    /// Opens (creating if needed) an object for appending.
    fn open_append(&self, key: &Key) -> io::Result<Box<dyn ObjectAppender>>;
    /// Opens for appending an object known not to exist yet, without looking for it;
    /// `before_first_store` runs once, before the appender stores anything (the
    /// caller's chance to record that the object may exist from then on). Backends
    /// that gain nothing by not looking open it as [`Backend::open_append`] does, and
    /// run the hook at once.
    fn open_append_new(
        &self,
        key: &Key,
        before_first_store: BeforeStore,
    ) -> io::Result<Box<dyn ObjectAppender>> {
        before_first_store()?;
        self.open_append(key)
    }
    /// Moves an object to a new key atomically and durably, replacing any object there.
    fn promote(&self, from: &Key, to: &Key) -> io::Result<()>;
    /// Takes an advisory lock. With `wait == false` returns `None` when it is held
    /// elsewhere in a conflicting mode.
    fn lock(&self, key: &Key, mode: LockMode, wait: bool)
        -> io::Result<Option<Box<dyn LockGuard>>>;
    /// Makes `key` a hard link to `src`, a file outside the store (imports), when the
    /// backend can do that without copying; `false` when it cannot (another
    /// filesystem, no hard links), and the caller copies instead.
    fn link_external(&self, src: &std::path::Path, key: &Key) -> io::Result<bool> {
        let _ = (src, key);
        Ok(false)
    }
    /// Whether what an [`ObjectAppender`] flushed is durable (object storage), so that
    /// an upload's saved hash state can be trusted after a crash or on another host
    /// without re-reading its bytes (which object storage cannot do before the upload
    /// is complete).
    fn durable_appends(&self) -> bool {
        false
    }
    /// A URL from which a client may `GET` the bytes at `key` directly for `ttl`
    /// (object storage's presigned URLs), if the backend can issue one for it.
    fn direct_url(&self, key: &Key, ttl: std::time::Duration) -> io::Result<Option<String>> {
        let _ = (key, ttl);
        Ok(None)
    }
    /// Reads a small record with its version ([`ObjectMeta::version`]) as of that
    /// very read, so that a copy kept by version is never paired with other bytes.
    /// Meaningful where [`Backend::remote`]; elsewhere the version is 0.
    fn read_versioned(&self, key: &Key) -> io::Result<Option<(Vec<u8>, u64)>> {
        Ok(self.read(key)?.map(|b| (b, 0)))
    }

    /// The version of a record as of now ([`ObjectMeta::version`]) without reading
    /// it, to confirm a copy kept by version: a version once read committed stays
    /// committed. `None` if missing. Object storage: one HEAD.
    fn head_version(&self, key: &Key) -> io::Result<Option<u64>> {
        Ok(self.stat(key)?.map(|m| m.version))
    }

    /// Whether this is object storage, where every operation is a network round trip.
    /// The store then keeps an in-memory copy of small content-addressed bytes it has
    /// verified; writes records whose content never changes (links, blob bytes) with
    /// one create-if-absent instead of stamp-then-write, since stamps carry no gc
    /// signal there; and lets an upload session's data come into being with its first
    /// bytes rather than as an empty object when the session opens.
    fn remote(&self) -> bool {
        false
    }
    /// The object-storage backend underneath, for gc's sweep there (which works on
    /// versions and flat listings rather than on this trait's primitives).
    fn object_backend(&self) -> Option<&super::on_objects::ObjectBackend> {
        None
    }
    /// Files and directories of the store that users other than its owner and group
    /// can read (mode `o+r`; filesystem stores created before private modes): how many,
    /// and a few of their keys. `(0, [])` where there are no file modes.
    fn open_to_others(&self) -> io::Result<(u64, Vec<String>)> {
        Ok((0, Vec::new()))
    }
    /// Stored bytes that nothing names (object storage: a `data/<uuid>` that no blob
    /// record and no upload session names, left by a process stopped between two
    /// steps), listed on `threads` threads. Empty where bytes live under their digest.
    fn orphaned_data(&self, _threads: usize) -> io::Result<Vec<super::object::ObjectMeta>> {
        Ok(Vec::new())
    }
    /// Checks at startup that the backend does what the store relies on (object
    /// storage: that its conditional writes are atomic); an error names what failed.
    fn self_test(&self) -> io::Result<()> {
        Ok(())
    }
    /// Commits references: makes each record of `new` (key, content; content-addressed
    /// records whose content never changes, or whose existing version the commit may
    /// rely on instead) exist, relying on every record of `targets`. Returns the
    /// indexes of required targets that are missing (then nothing was committed, and
    /// records of `new` this call created are gone again).
    ///
    /// The filesystem's implementation is the flock-and-stamp protocol: the caller
    /// holds the commit lock (shared); targets are stamped, then each new record is
    /// stamped or written. Object storage implements the reference-first protocol of
    /// `docs/gc.md` ("Online gc on object storage"): create pending, touch, flip; a
    /// lost race is a [`CommitConflict`].
    fn commit_refs(&self, new: &[(Key, Vec<u8>)], targets: &[Target]) -> io::Result<Vec<usize>> {
        let mut missing = Vec::new();
        for (i, t) in targets.iter().enumerate() {
            if !self.touch(&t.key)? && t.required {
                missing.push(i);
            }
        }
        if !missing.is_empty() {
            return Ok(missing);
        }
        for (key, data) in new {
            if !self.touch(key)? {
                self.write_atomic(key, data)?;
            }
        }
        Ok(missing)
    }
    /// Points a tag at a manifest: writes `data` at `tag`, then relies on `manifest`.
    /// `false` (the tag restored to what it was) when the manifest is not there.
    /// With `create_only` an existing tag is left alone and `Ok(Some(current))` says
    /// what it holds. The filesystem's implementation stamps the manifest first (the
    /// caller holds the commit lock); object storage writes first and touches after.
    fn write_tag(
        &self,
        tag: &Key,
        data: &[u8],
        manifest: &Key,
        create_only: bool,
    ) -> io::Result<TagWrite> {
        if !self.touch(manifest)? {
            return Ok(TagWrite::ManifestMissing);
        }
        if create_only {
            if !self.create_new(tag, data)? {
                return Ok(TagWrite::Exists(self.read(tag)?.unwrap_or_default()));
            }
        } else {
            self.write_atomic(tag, data)?;
        }
        Ok(TagWrite::Written)
    }
    /// The backend's own clock, as it would stamp an object touched now. Comparisons
    /// against object times must use this, not the system clock, because filesystems
    /// stamp with a coarser clock than `SystemTime::now()`.
    fn now(&self, scratch: &Key) -> io::Result<SystemTime>;
}
