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

use crate::oci::{Algorithm, HashState, Hasher, RepoName};

use super::backend::ObjectAppender;

/// A validated upload session id (a UUID, so it is safe in a path).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UploadId(String);

impl UploadId {
    /// A new random id.
    pub fn new() -> UploadId {
        UploadId(uuid::Uuid::new_v4().to_string())
    }

    /// Validates an id taken from a URL.
    pub fn parse(s: &str) -> Option<UploadId> {
        uuid::Uuid::try_parse(s)
            .ok()
            .map(|u| UploadId(u.hyphenated().to_string()))
            .filter(|id| id.0 == s)
    }

    /// The id as a string.
    pub fn as_str(&self) -> &str {
        &self.0
    }
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
}

impl UploadMeta {
    /// Whether this is a session of `repo` opened by `caller` (`None`: anonymous):
    /// to anyone else it does not exist.
    pub fn belongs_to(&self, repo: &RepoName, caller: Option<&str>) -> bool {
        &self.repo == repo && self.owner.as_deref() == caller
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
    pub(crate) id: UploadId,
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

    /// The session id.
    pub fn id(&self) -> &UploadId {
        &self.id
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
        let state = match (flushed && !self.poisoned, self.hasher.take()) {
            (true, Some(h)) => Some((h, self.len)),
            _ => None,
        };
        self.slots.release(&self.id, state);
    }
}
