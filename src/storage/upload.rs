//! Upload sessions: ids, their metadata, and the streaming writer that hashes bytes
//! as it appends them.
//!
//! The running hash of each session is kept in memory between requests so that a
//! chunked upload is hashed once, as it arrives, and it is also saved in the
//! session's record after every chunk ([`HashCheckpoint`]), so that a chunk that lands
//! on another `serve` process, or after a restart, continues from the saved state
//! without reading the bytes again. Only when neither matches the bytes on disk (a
//! failed write, a crash between the bytes and the record) is the state rebuilt by
//! reading them, so a session can always be resumed.

use std::collections::HashMap;
use std::fmt;
use std::io::{Read, Write};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use crate::oci::{Algorithm, HashState, Hasher, RepoName};

use super::backend::ObjectAppender;

/// A validated upload session id, safe in a path. Two forms:
///
/// - *stored*: a UUID naming a session recorded under `uploads/<uuid>/`;
/// - *lazy* (object storage): `<uuid>.<start, hex seconds>.<binding>`, handed out by a
///   `POST` that stores nothing. Until its first chunk the session has no bytes, so a
///   closing `PUT` with the whole blob needs no record at all; a first `PATCH` records
///   it under its UUID (and the client goes on with the stored id it is given). The
///   binding (a hash of the repository and the owner) keeps it a session of that
///   repository and caller only; a forged one gains nothing a `POST` would not give.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UploadId(String);

/// Length of a UUID in its hyphenated form, the stored id and a lazy id's prefix.
const UUID_LEN: usize = 36;

impl UploadId {
    /// A new random (stored) id.
    pub fn new() -> UploadId {
        UploadId(uuid::Uuid::new_v4().to_string())
    }

    /// A new lazy id of a session of `repo` for `owner`, started at `started` (Unix
    /// seconds).
    pub fn lazy(repo: &RepoName, owner: Option<&str>, started: u64) -> UploadId {
        UploadId(format!(
            "{}.{started:x}.{}",
            uuid::Uuid::new_v4(),
            binding(repo, owner)
        ))
    }

    /// Validates an id taken from a URL (either form, exactly as it is written).
    pub fn parse(s: &str) -> Option<UploadId> {
        let (uuid, rest) = match s.split_once('.') {
            Some((u, rest)) => (u, Some(rest)),
            None => (s, None),
        };
        let u = uuid::Uuid::try_parse(uuid).ok()?.hyphenated().to_string();
        if u != uuid {
            return None;
        }
        if let Some(rest) = rest {
            let (t, b) = rest.split_once('.')?;
            let t = u64::from_str_radix(t, 16).ok()?;
            let ok = b.len() == BINDING_LEN
                && b.bytes()
                    .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase());
            if !ok || format!("{u}.{t:x}.{b}") != s {
                return None;
            }
        }
        Some(UploadId(s.to_string()))
    }

    /// The id as a string.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is a lazy id (see the type).
    pub fn is_lazy(&self) -> bool {
        self.0.len() > UUID_LEN
    }

    /// The stored id this one is recorded under: itself, or a lazy id's UUID.
    pub fn stored(&self) -> UploadId {
        UploadId(self.0[..UUID_LEN.min(self.0.len())].to_string())
    }

    /// A lazy id's start (Unix seconds); `None` for a stored id.
    pub fn lazy_started(&self) -> Option<u64> {
        let rest = self.0.get(UUID_LEN + 1..)?;
        u64::from_str_radix(rest.split('.').next()?, 16).ok()
    }

    /// Whether a lazy id was handed out for `repo` and `owner` (a stored id's owner
    /// is in its record instead: `false`).
    pub fn binds(&self, repo: &RepoName, owner: Option<&str>) -> bool {
        self.is_lazy() && self.0.ends_with(&binding(repo, owner))
    }
}

/// Hex digits of a lazy id's binding.
const BINDING_LEN: usize = 16;

/// The binding of a lazy id: the first 8 bytes of a SHA-256 of the repository and the
/// owner, in hex. Not secret: it only has to tell sessions apart.
fn binding(repo: &RepoName, owner: Option<&str>) -> String {
    use sha2::Digest as _;
    let mut h = sha2::Sha256::new();
    h.update(b"registryctl lazy upload\0");
    h.update(repo.as_str().as_bytes());
    match owner {
        Some(o) => {
            h.update(b"\0user\0");
            h.update(o.as_bytes());
        }
        None => h.update(b"\0anonymous"),
    }
    hex::encode(&h.finalize()[..BINDING_LEN / 2])
}

impl Default for UploadId {
    fn default() -> Self {
        UploadId::new()
    }
}

impl fmt::Display for UploadId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for UploadId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What is recorded about a session when it starts.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UploadMeta {
    /// The repository the session uploads into.
    pub repo: RepoName,
    /// Start time, seconds since the Unix epoch.
    pub started: u64,
    /// The running hash after the last chunk, if one was saved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hashed: Option<HashCheckpoint>,
    /// The signed-in user who opened the session; `None` for an anonymous caller
    /// (and for sessions recorded before owners were). Only the same caller may
    /// continue, query or cancel it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// No bytes stored yet (object storage): set when the session is created, and
    /// cleared before its first bytes or its append record are stored, so a writer
    /// that finds it set knows there is nothing to look for (one request fewer per
    /// upload). Absent in sessions recorded before it existed, which are read in full.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub fresh: bool,
    /// A cancelled lazy session (object storage): recorded so that its id is
    /// unknown everywhere from now on, until the sweep removes the record when it
    /// is older than the upload expiry (by then the id has expired too).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cancelled: bool,
}

impl UploadMeta {
    /// Whether this is a session of `repo` opened by `caller` (`None`: anonymous):
    /// to anyone else it does not exist.
    pub fn belongs_to(&self, repo: &RepoName, caller: Option<&str>) -> bool {
        &self.repo == repo && self.owner.as_deref() == caller && !self.cancelled
    }
}

/// The running hash of a session's first `len` bytes, saved after a chunk. It is
/// used only when the data is exactly `len` bytes long, and only if those bytes are
/// known to be the ones hashed: either they were made durable before the checkpoint
/// was written (`boot` is `None`), or the checkpoint was written during the current
/// boot of this machine (`boot`), when every process sees the same page cache, so
/// bytes not yet on disk are still the bytes that were written. After a machine
/// crash unsynced bytes may be lost or zeroed, and such a checkpoint is ignored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HashCheckpoint {
    /// Bytes hashed.
    pub len: u64,
    /// The hasher's state after them.
    pub state: HashState,
    /// The kernel's boot id when the checkpoint was written without syncing the
    /// bytes first; `None` when they were synced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub boot: Option<String>,
}

impl HashCheckpoint {
    /// Whether the checkpoint speaks for `on_disk` bytes of data now.
    pub fn trusted_for(&self, on_disk: u64) -> bool {
        self.len == on_disk
            && match &self.boot {
                None => true,
                Some(b) => boot_id().is_some_and(|now| now == b),
            }
    }

    /// The checkpoint as a record that checks itself, for a backend that overwrites
    /// it in place ([`super::backend::Backend::overwrite_in_place`]): the SHA-256 of
    /// the JSON in hex, a newline, the JSON. A torn or mixed write fails the check.
    pub fn to_framed(&self) -> Vec<u8> {
        // Serializing this plain struct cannot fail.
        let json = serde_json::to_vec(self).unwrap_or_default();
        let mut out = hex::encode(Sha256::digest(&json)).into_bytes();
        out.push(b'\n');
        out.extend_from_slice(&json);
        out
    }

    /// Reads a record written by [`HashCheckpoint::to_framed`]; `None` if it does not
    /// check out (torn by a crash or by a concurrent writer: the bytes get rehashed).
    pub fn from_framed(b: &[u8]) -> Option<HashCheckpoint> {
        let (sum, json) = (b.get(..64)?, b.get(65..)?);
        if b.get(64) != Some(&b'\n') || hex::encode(Sha256::digest(json)).as_bytes() != sum {
            return None;
        }
        serde_json::from_slice(json).ok()
    }
}

/// This boot's id (Linux: `/proc/sys/kernel/random/boot_id`), read once; `None`
/// elsewhere, which makes checkpoints sync their bytes first.
pub fn boot_id() -> Option<&'static str> {
    static BOOT: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    BOOT.get_or_init(|| {
        std::fs::read_to_string("/proc/sys/kernel/random/boot_id")
            .ok()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    })
    .as_deref()
}

/// A session's running hash, kept between requests.
pub(crate) enum Slot {
    /// Not being written; the hash of the first `len` bytes.
    Idle(Box<Hasher>, u64),
    /// A request is writing to it right now.
    Busy,
}

/// In-memory hash states of the sessions this process has written to.
#[derive(Default)]
pub(crate) struct Slots(Mutex<HashMap<UploadId, Slot>>);

impl Slots {
    /// Claims the session for one writer. `Err(())` if another writer has it;
    /// `Ok(None)` if no state is cached.
    pub(crate) fn claim(&self, id: &UploadId) -> Result<Option<(Hasher, u64)>, ()> {
        let mut map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        match map.insert(id.clone(), Slot::Busy) {
            Some(Slot::Busy) => Err(()),
            Some(Slot::Idle(h, len)) => Ok(Some((*h, len))),
            None => Ok(None),
        }
    }

    /// Returns a state after a successful write, or forgets it.
    pub(crate) fn release(&self, id: &UploadId, state: Option<(Hasher, u64)>) {
        let mut map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        match state {
            Some((h, len)) => {
                map.insert(id.clone(), Slot::Idle(Box::new(h), len));
            }
            None => {
                map.remove(id);
            }
        }
    }
}

/// Hashes everything `reader` yields.
pub(crate) fn hash_reader(
    algorithm: Algorithm,
    reader: &mut dyn Read,
) -> std::io::Result<(Hasher, u64)> {
    let mut h = Hasher::new(algorithm);
    let mut buf = vec![0u8; 1 << 20];
    let mut total = 0u64;
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            return Ok((h, total));
        }
        h.update(&buf[..n]);
        total += n as u64;
    }
}

/// Appends to one upload session, hashing as it goes. Obtained from
/// [`super::Store::upload_writer`]; hand it back with [`super::Store::finish_upload`]
/// or just drop it to end a request (the state is kept for the next one).
pub struct UploadWriter {
    /// The session written: its stored id (for a lazy session, a new one of this
    /// writer's own, recorded only if it stores anything before it commits).
    pub(crate) id: UploadId,
    /// For a lazy session: the id the client knows, and whether this writer has
    /// recorded its session (`id`) yet.
    pub(crate) lazy: Option<(UploadId, std::sync::Arc<std::sync::atomic::AtomicBool>)>,
    pub(crate) repo: RepoName,
    pub(crate) out: Option<Box<dyn ObjectAppender>>,
    pub(crate) hasher: Option<Hasher>,
    pub(crate) len: u64,
    pub(crate) poisoned: bool,
    pub(crate) slots: std::sync::Arc<Slots>,
}

impl UploadWriter {
    /// Bytes in the session so far (the next chunk must start here).
    pub fn offset(&self) -> u64 {
        self.len
    }

    /// The session id, as the client knows it.
    pub fn id(&self) -> &UploadId {
        self.lazy.as_ref().map_or(&self.id, |(shown, _)| shown)
    }

    /// Whether this writes a lazy session: its bytes are not kept for another
    /// request if this one fails.
    pub fn is_lazy(&self) -> bool {
        self.lazy.is_some()
    }

    /// The repository being uploaded into.
    pub fn repo(&self) -> &RepoName {
        &self.repo
    }

    /// Appends bytes. After an error the session's bytes on disk are unknown, so the
    /// cached hash is dropped and rebuilt from disk by the next writer.
    pub fn write(&mut self, data: &[u8]) -> std::io::Result<()> {
        let (Some(out), Some(h)) = (self.out.as_mut(), self.hasher.as_mut()) else {
            return Err(std::io::Error::other("upload writer already finished"));
        };
        if let Err(e) = out.write_all(data) {
            self.poisoned = true;
            return Err(e);
        }
        h.update(data);
        self.len += data.len() as u64;
        Ok(())
    }

    /// Whether the backend commits this session's bytes straight from the writer
    /// (object storage), so a request that ends in a commit need not flush first.
    pub fn commits_directly(&self) -> bool {
        self.out.as_ref().is_some_and(|o| o.commits_directly())
    }

    /// Flushes buffered bytes to the backend.
    pub fn flush(&mut self) -> std::io::Result<()> {
        if let Some(out) = self.out.as_mut() {
            if let Err(e) = out.flush() {
                self.poisoned = true;
                return Err(e);
            }
        }
        Ok(())
    }
}

impl Drop for UploadWriter {
    fn drop(&mut self) {
        let flushed = self.flush().is_ok();
        // A lazy session's writer is reached by no later request: keep nothing.
        let keep = flushed && !self.poisoned && self.lazy.is_none();
        let state = match (keep, self.hasher.take()) {
            (true, Some(h)) => Some((h, self.len)),
            _ => None,
        };
        self.slots.release(&self.id, state);
    }
}
