//! The filesystem object backend: each object is a file under a root directory, at
//! the path its key names.
//!
//! - **Durability.** A put writes a temporary file, fsyncs it, renames it over the
//!   final name and fsyncs the directory: an acknowledged put survives a crash, and a
//!   crash never leaves a partial object under a final name. Two writes promise
//!   less, and cost less: a provisional put (a commit's pending record) does no
//!   fsync at all, and a touch only sets a new modification time on the file in
//!   place. Either may be undone by a crash of the host, and a provisional put may
//!   leave an empty (or zeroed) file under its name, which readers take for a dead
//!   commit's pending record. That is safe because each protects a running commit
//!   from a running gc and such a crash ends both (docs/gc.md, "A crash of the
//!   host").
//! - **Atomic conditions across processes.** Every put and delete of a key holds an
//!   exclusive `flock(2)` on the key's parent directory while it checks the condition
//!   and renames or unlinks, so create-if-absent, replace-if-match and
//!   delete-if-match have exactly one winner among any number of processes on one
//!   host. Reads take no lock: they open the file (a rename swaps it whole) and judge
//!   conditions on what they opened. Directories are never removed, so a lock is
//!   never taken on a directory that is about to disappear.
//! - **ETags** are the file's inode, modification time in nanoseconds and size. Every
//!   put makes a new file and stamps it with a time of its own ([`version_time`]):
//!   later than the system clock's reading and than any time this process gave
//!   before. The kernel's own stamp is not enough: on many kernels it advances once
//!   a tick (1-10 ms), and a file replaced twice in one tick gets the first one's
//!   inode back (the inode freed by the first rename), so its third version would
//!   carry the first one's tag, and a delete-if-match on that stale tag would win.
//! - **Bookkeeping** lives under `.objects/` at the root (staging files, multipart
//!   uploads, the clock's scratch file), a name no [`Key`] can have.
//! - **Multipart uploads** append parts that arrive in order to one data file, so
//!   completing them is a rename, never a copy (a 5 GiB push writes its bytes once).
//!   A part that arrives out of order, or again, is kept in its own file, and only
//!   then does completion copy. Parts are durable from `sync_multipart` (or
//!   completion) on, not from each put: a put only starts the disk's writeback and
//!   appends a line to the upload's log.
//! - **Serving** reads objects of up to 64 KiB with the open; larger ones it maps in
//!   2 MiB pieces with their pages read in, on the blocking pool one piece at a time,
//!   so no thread waits while a client is slow.

use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, ErrorKind, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use serde::{Deserialize, Serialize};

use super::{
    check_get_conditions, clamp_range, DeleteMode, ETag, GetOptions, GetResult, Key, ListCursor,
    ListPage, MultipartId, ObjResult, ObjectError, ObjectMeta, ObjectStore, PartTag, PutMode,
};

/// The backend's own directory under the root.
const META_DIR: &str = ".objects";
/// Size of each piece a get streams.
const PIECE: u64 = 2 * 1024 * 1024;
/// Ranges up to this size a get reads at once, with the open.
const SMALL_READ: u64 = 64 * 1024;

/// Objects as files under a directory.
#[derive(Debug, Clone)]
pub struct FsObjects {
    root: PathBuf,
    /// Key prefixes whose files are created readable by the owner only.
    private: Vec<String>,
    /// Whether the clock may stamp its scratch file (a read-only inspection writes
    /// nothing, and reads the system clock).
    stamps: bool,
}

/// How much of a put must survive a crash of the host.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Durability {
    /// The new version, by name: the staged file and the directory are fsynced
    /// ([`ObjectStore::put`]).
    Full,
    /// The old version or the new one, whole: the staged file is fsynced, the
    /// directory is not (a touch that rewrites a committed record).
    Whole,
    /// Nothing: no fsync. After a crash the key may be missing, at its old version,
    /// at the new one, or torn (empty, or zero bytes where the filesystem had not
    /// written them yet): [`ObjectStore::put_provisional`].
    Provisional,
}

fn none_if_missing<T>(r: io::Result<T>) -> io::Result<Option<T>> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

fn fsync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// The modification time of a new version of an object: the system clock in
/// nanoseconds, or one nanosecond after the last time this process gave if the
/// clock has not moved on since (see the module docs, "ETags").
fn version_time() -> SystemTime {
    static LAST: AtomicU64 = AtomicU64::new(0);
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
        .unwrap_or(0);
    let mut last = LAST.load(Ordering::Relaxed);
    loop {
        let next = now.max(last.saturating_add(1));
        match LAST.compare_exchange_weak(last, next, Ordering::Relaxed, Ordering::Relaxed) {
            Ok(_) => return UNIX_EPOCH + Duration::from_nanos(next),
            Err(seen) => last = seen,
        }
    }
}

fn etag_of(m: &fs::Metadata) -> ETag {
    let nanos = m.mtime() as i128 * 1_000_000_000 + m.mtime_nsec() as i128;
    ETag(format!("{:x}.{:x}.{:x}", m.ino(), nanos, m.len()))
}

fn meta_of(key: &Key, m: &fs::Metadata) -> ObjectMeta {
    ObjectMeta {
        key: key.clone(),
        size: m.len(),
        etag: etag_of(m),
        modified: m.modified().unwrap_or(UNIX_EPOCH),
    }
}

/// An exclusive `flock` on a directory, released on drop; for a key's directory
/// ([`DirLock::take_queued`]) taken after this process's own lock of it.
struct DirLock {
    // Declared first, so dropped first: the flock is released before the next
    // thread of this process is let in.
    _dir: File,
    _local: Option<parking_lot::MutexGuard<'static, ()>>,
}

/// How many stripes [`LOCAL_LOCKS`] has.
const LOCAL_STRIPES: usize = 64;

/// This process's locks of directories, one per stripe of directory paths. Threads
/// of one process queue here and are woken as soon as the holder is done; only one
/// of them at a time takes the directory's `flock`, which is polled (it cannot be
/// waited for with a bound). Without them, concurrent pushes into one repository
/// (whose links share a directory) spent their waits in failed `flock` calls and
/// back-off sleeps. Two directories in one stripe only wait for each other's short
/// holds. Only keys' directories are locked this way, and never two at once by one
/// thread (the stripes are not reentrant); an upload's directory, which a completion
/// holds while it installs the object, is locked by `flock` alone.
static LOCAL_LOCKS: [parking_lot::Mutex<()>; LOCAL_STRIPES] =
    [const { parking_lot::Mutex::new(()) }; LOCAL_STRIPES];

impl DirLock {
    /// Waits at most the lock wait ([`crate::storage::lockwait`]): the lock is held for
    /// one check and rename, so a longer hold means a stuck or hostile holder. Retries
    /// come fast (20 µs, doubling to 1 ms) for the same reason.
    fn take(dir: &Path) -> io::Result<DirLock> {
        Self::flock(dir, crate::storage::lockwait::lock_wait(), None)
    }

    /// [`DirLock::take`] for a key's directory: queued behind this process's other
    /// holders first ([`LOCAL_LOCKS`]), the lock wait bounding both waits together.
    fn take_queued(dir: &Path) -> io::Result<DirLock> {
        use std::hash::{Hash, Hasher};
        let wait = crate::storage::lockwait::lock_wait();
        let started = std::time::Instant::now();
        let mut h = std::collections::hash_map::DefaultHasher::new();
        dir.hash(&mut h);
        let stripe = &LOCAL_LOCKS[(h.finish() % LOCAL_STRIPES as u64) as usize];
        let local = stripe.try_lock_for(wait).ok_or_else(|| {
            crate::storage::lockwait::LockBusy {
                path: dir.to_path_buf(),
                waited: started.elapsed(),
            }
            .into_io()
        })?;
        Self::flock(dir, wait.saturating_sub(started.elapsed()), Some(local))
    }

    fn flock(
        dir: &Path,
        wait: Duration,
        local: Option<parking_lot::MutexGuard<'static, ()>>,
    ) -> io::Result<DirLock> {
        let f = File::open(dir)?;
        crate::storage::lockwait::flock_paced(
            &f,
            libc::LOCK_EX,
            Some(wait),
            dir,
            Duration::from_micros(20),
            Duration::from_millis(1),
        )?;
        Ok(DirLock {
            _dir: f,
            _local: local,
        })
    }
}

/// Runs short blocking filesystem work (see [`super::blocking_io`]).
async fn blocking<T: Send + 'static>(
    key: &Key,
    f: impl FnOnce() -> ObjResult<T> + Send + 'static,
) -> ObjResult<T> {
    super::blocking_io(f)
        .await
        .map_err(|e| ObjectError::io(key, e))?
}

/// What a multipart upload's directory records: `index.json`, written when the
/// upload is created, then one [`PartLine`] per put part in `parts.log`.
#[derive(Debug, Default, Serialize, Deserialize)]
struct UploadIndex {
    /// The key the upload becomes.
    key: String,
    /// Parts appended to `data`, in order: (tag, length). Part `i + 1` is at index `i`.
    appended: Vec<(String, u64)>,
    /// Parts kept in files of their own: number -> tag.
    loose: BTreeMap<u32, String>,
}

impl UploadIndex {
    /// What the index itself says of the parts (an upload created before the parts
    /// log listed its parts here; a new one's index lists none).
    fn state(&self) -> LogState {
        LogState {
            count: self.appended.len() as u32,
            end: self.appended.iter().map(|(_, n)| n).sum(),
            loose: !self.loose.is_empty(),
        }
    }
}

/// One put part, a line of an upload's `parts.log`, with what the upload holds
/// after it, so that a put reads only the last line.
///
/// A part is logged by an append with no fsync of its own: rewriting and fsyncing an
/// index per part made every part wait for a disk flush (on ext4 that journal commit
/// also waits for the part's data). `sync_multipart` makes the data and then the
/// log durable. A crash before that may leave a torn last line, or lines naming bytes
/// that were lost: no caller relies on a part before its sync. Reading stops at the
/// first line that is not whole, and the next put cuts it off.
#[derive(Debug, Serialize, Deserialize)]
struct PartLine {
    number: u32,
    tag: String,
    /// The part's length.
    len: u64,
    /// Appended to `data`; otherwise kept in `part-<number>`.
    appended: bool,
    /// Afterwards: parts appended, where `data` ends, whether any part is loose.
    after: LogState,
}

/// What a put part needs to know of the upload: whether the next part in order may
/// be appended, and where.
#[derive(Debug, Default, Clone, Copy, PartialEq, Serialize, Deserialize)]
struct LogState {
    count: u32,
    end: u64,
    loose: bool,
}

/// The whole lines at the start of `log` that parse, each with the byte just past it.
fn log_lines(log: &[u8]) -> impl Iterator<Item = (PartLine, usize)> + '_ {
    let mut at = 0;
    log.split_inclusive(|&b| b == b'\n').map_while(move |line| {
        let parsed = serde_json::from_slice(line.strip_suffix(b"\n")?).ok()?;
        at += line.len();
        Some((parsed, at))
    })
}

/// Appended data (multipart parts here, `--root` uploads in `storage::fs`) is handed
/// to the disk's writeback in windows of this size.
pub(crate) const WRITEBACK_STEP: u64 = 8 * 1024 * 1024;

/// Bytes read from the end of a parts log to find its last line (a line is ~100).
const LOG_TAIL: u64 = 16 * 1024;

impl FsObjects {
    /// Opens the objects under an existing directory `root`. Nothing is created
    /// until a write needs it (the bookkeeping directory then), so opening a
    /// directory only to read it, or to find it holds something else, changes nothing.
    pub fn open(root: &Path) -> io::Result<FsObjects> {
        let root = root.canonicalize()?;
        if !fs::metadata(&root)?.is_dir() {
            return Err(io::Error::other("not a directory"));
        }
        Ok(FsObjects {
            root,
            private: Vec::new(),
            stamps: true,
        })
    }

    /// [`FsObjects::open`] for reading only: the clock stamps no scratch file (puts
    /// are the caller's to refuse, as `ObjectBackend` does for a read-only store).
    pub fn open_read_only(root: &Path) -> io::Result<FsObjects> {
        Ok(FsObjects {
            stamps: false,
            ..FsObjects::open(root)?
        })
    }

    /// Opens `root`, creating it first when missing: the directory itself private
    /// (owner only, like a `--root` store's), its parents as the umask says.
    pub fn create(root: &Path) -> io::Result<FsObjects> {
        if !root.exists() {
            if let Some(parent) = root.parent().filter(|p| !p.as_os_str().is_empty()) {
                fs::create_dir_all(parent)?;
            }
            crate::storage::modes::PRIVATE.create_dir_all(root)?;
        }
        FsObjects::open(root)
    }

    /// Files under these key prefixes are created readable by the owner only.
    pub fn with_private_prefixes(mut self, prefixes: &[&str]) -> FsObjects {
        self.private = prefixes.iter().map(|p| p.to_string()).collect();
        self
    }

    /// The root directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn path(&self, key: &Key) -> PathBuf {
        self.root.join(key.as_str())
    }

    fn meta_path(&self, sub: &str) -> PathBuf {
        self.root.join(META_DIR).join(sub)
    }

    fn upload_dir(&self, id: &MultipartId) -> io::Result<PathBuf> {
        // Ids are UUIDs we made; anything else cannot name an upload.
        let ok = uuid::Uuid::try_parse(&id.0).is_ok();
        if !ok {
            return Err(io::Error::new(ErrorKind::NotFound, "no such upload"));
        }
        Ok(self.meta_path("multipart").join(&id.0))
    }

    fn mode_for(&self, key: &Key) -> u32 {
        if self.private.iter().any(|p| key.as_str().starts_with(p)) {
            0o600
        } else {
            0o666
        }
    }

    /// Writes `data` to a fresh staging file, fsynced. The caller renames or removes it.
    fn stage(&self, data: &[u8], mode: u32) -> io::Result<PathBuf> {
        self.stage_as(data, mode, true)
    }

    /// [`FsObjects::stage`], fsynced only if `sync`.
    fn stage_as(&self, data: &[u8], mode: u32, sync: bool) -> io::Result<PathBuf> {
        let tmp = self
            .meta_path("tmp")
            .join(format!("{}.tmp", uuid::Uuid::new_v4().simple()));
        let written = (|| {
            let create = || {
                OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .mode(mode)
                    .open(&tmp)
            };
            let mut f = match create() {
                // The first write of this root: its bookkeeping directory.
                Err(e) if e.kind() == ErrorKind::NotFound => {
                    fs::create_dir_all(self.meta_path("tmp"))?;
                    create()?
                }
                r => r?,
            };
            f.write_all(data)?;
            match sync {
                true => f.sync_data(),
                false => Ok(()),
            }
        })();
        match written {
            Ok(()) => Ok(tmp),
            Err(e) => {
                let _ = fs::remove_file(&tmp);
                Err(e)
            }
        }
    }

    /// The parent directory of `key`, created if missing, locked.
    fn lock_parent(&self, key: &Key) -> io::Result<(DirLock, PathBuf)> {
        // The directory is there but for a key's first put: try the lock first.
        let (lock, parent) = self.lock_parent_if_present(key)?;
        let lock = match lock {
            Some(l) => l,
            None => {
                fs::create_dir_all(&parent)?;
                DirLock::take_queued(&parent)?
            }
        };
        Ok((lock, parent))
    }

    /// The lock of `key`'s directory, `None` when there is no such directory (so
    /// no object under it), and the directory.
    fn lock_parent_if_present(&self, key: &Key) -> io::Result<(Option<DirLock>, PathBuf)> {
        let path = self.path(key);
        let parent = path.parent().unwrap_or(&self.root).to_path_buf();
        match DirLock::take_queued(&parent) {
            Ok(l) => Ok((Some(l), parent)),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok((None, parent)),
            Err(e) => Err(e),
        }
    }

    /// Puts a staged file under `key` if `mode` allows. On failure the staged file is
    /// removed, unless it is a multipart upload's data (`keep_on_error`), which a retry
    /// of the completion still needs. The directory is fsynced after the rename when
    /// `durability` is [`Durability::Full`].
    fn install(
        &self,
        key: &Key,
        staged: &Path,
        mode: &PutMode,
        keep_on_error: bool,
        durability: Durability,
    ) -> ObjResult<ETag> {
        let result = (|| {
            // Opened before the lock, which is held as briefly as can be: every other
            // writer of the directory waits for it.
            let version = File::open(staged).map_err(|e| ObjectError::io(key, e))?;
            let (lock, parent) = self.lock_parent(key).map_err(|e| ObjectError::io(key, e))?;
            let path = self.path(key);
            let current = none_if_missing(fs::symlink_metadata(&path))
                .map_err(|e| ObjectError::io(key, e))?;
            if current.as_ref().is_some_and(|m| !m.is_file()) {
                return Err(ObjectError::io(key, io::Error::other("not a regular file")));
            }
            match (mode, &current) {
                (PutMode::Create, Some(_)) => return Err(ObjectError::exists(key)),
                (PutMode::Replace(_), None) => return Err(ObjectError::precondition(key)),
                (PutMode::Replace(want), Some(m)) if &etag_of(m) != want => {
                    return Err(ObjectError::precondition(key))
                }
                _ => {}
            }
            // Stamped under the lock, just before it becomes the current version; its
            // tag is read here, as the file may be replaced once the lock is released
            // (a rename keeps inode, time and size).
            let etag = version
                .set_modified(version_time())
                .and_then(|()| version.metadata())
                .map(|m| etag_of(&m))
                .map_err(|e| ObjectError::io(key, e))?;
            fs::rename(staged, &path).map_err(|e| ObjectError::io(key, e))?;
            // The directory's fsync, which makes the rename durable, needs no lock:
            // whatever another writer does next is made durable by its own fsync of
            // the same directory, which the journal orders after this rename. Holding
            // the lock through it made every writer of one directory queue behind
            // each other's disk flushes.
            drop(lock);
            if durability == Durability::Full {
                fsync_dir(&parent).map_err(|e| ObjectError::io(key, e))?;
            }
            Ok(etag)
        })();
        if result.is_err() && !keep_on_error {
            let _ = fs::remove_file(staged);
        }
        result
    }

    /// Stages `data` and installs it under `key`, as durably as `durability` says:
    /// see [`ObjectStore::put`] and [`ObjectStore::put_provisional`].
    async fn put_file(
        &self,
        key: &Key,
        data: Bytes,
        mode: PutMode,
        durability: Durability,
    ) -> ObjResult<ETag> {
        let this = self.clone();
        let k = key.clone();
        blocking(key, move || {
            let sync = durability != Durability::Provisional;
            let staged = this
                .stage_as(&data, this.mode_for(&k), sync)
                .map_err(|e| ObjectError::io(&k, e))?;
            this.install(&k, &staged, &mode, false, durability)
        })
        .await
    }

    /// [`ObjectStore::touch`] by a new modification time: under the key's lock, if
    /// the file is at `want`. `None` when that cannot give a new ETag: a filesystem
    /// with coarse timestamps, or a file another user owns (only the owner may set
    /// its times; replacing it needs only the directory's write permission).
    fn restamp(&self, key: &Key, want: &ETag) -> ObjResult<Option<ETag>> {
        let path = self.path(key);
        // A missing directory holds no object: nothing to create for a touch.
        let (lock, _) = self
            .lock_parent_if_present(key)
            .map_err(|e| ObjectError::io(key, e))?;
        let Some(_lock) = lock else {
            return Err(ObjectError::precondition(key));
        };
        let Some(file) = none_if_missing(File::open(&path)).map_err(|e| ObjectError::io(key, e))?
        else {
            return Err(ObjectError::precondition(key));
        };
        let before = file.metadata().map_err(|e| ObjectError::io(key, e))?;
        if !before.is_file() || &etag_of(&before) != want {
            return Err(ObjectError::precondition(key));
        }
        // Strictly later than the version's own stamp, whichever process gave it.
        let old = before.modified().unwrap_or(UNIX_EPOCH);
        let stamp = version_time().max(old + Duration::from_nanos(1));
        match file.set_modified(stamp) {
            Ok(()) => {}
            Err(e) if e.kind() == ErrorKind::PermissionDenied => return Ok(None),
            Err(e) => return Err(ObjectError::io(key, e)),
        }
        let after = file.metadata().map_err(|e| ObjectError::io(key, e))?;
        let tag = etag_of(&after);
        Ok((&tag != want).then_some(tag))
    }

    /// The upload's index (`NotFound` if it is another key's).
    fn read_index(&self, dir: &Path, key: &Key) -> ObjResult<UploadIndex> {
        let bytes = match fs::read(dir.join("index.json")) {
            Ok(b) => b,
            Err(e) if e.kind() == ErrorKind::NotFound => return Err(ObjectError::not_found(key)),
            Err(e) => return Err(ObjectError::io(key, e)),
        };
        let index: UploadIndex = serde_json::from_slice(&bytes).map_err(|e| {
            ObjectError::io(key, io::Error::new(ErrorKind::InvalidData, e.to_string()))
        })?;
        if index.key != key.as_str() {
            return Err(ObjectError::not_found(key));
        }
        Ok(index)
    }

    /// The upload's index with every logged part: what completion needs.
    fn read_parts(&self, dir: &Path, key: &Key) -> ObjResult<UploadIndex> {
        let mut index = self.read_index(dir, key)?;
        let log = none_if_missing(fs::read(dir.join("parts.log")))
            .map_err(|e| ObjectError::io(key, e))?
            .unwrap_or_default();
        for (line, _) in log_lines(&log) {
            match line.appended {
                true => index.appended.push((line.tag, line.len)),
                false => {
                    index.loose.insert(line.number, line.tag);
                }
            }
        }
        Ok(index)
    }

    /// The state after the log's last whole line (`base` if it has none), and the
    /// log's length up to it, from the log's last [`LOG_TAIL`] bytes.
    fn log_state(&self, dir: &Path, base: LogState) -> io::Result<(LogState, u64)> {
        use std::io::{Read, Seek, SeekFrom};
        let Some(mut f) = none_if_missing(File::open(dir.join("parts.log")))? else {
            return Ok((base, 0));
        };
        let len = f.metadata()?.len();
        let from = len.saturating_sub(LOG_TAIL);
        f.seek(SeekFrom::Start(from))?;
        let mut tail = Vec::with_capacity((len - from) as usize);
        f.take(len - from).read_to_end(&mut tail)?;
        // The window may start inside a line: the lines start after its first
        // newline (or at 0 when it holds the whole log).
        let start = match from {
            0 => 0,
            _ => match tail.iter().position(|&b| b == b'\n') {
                Some(i) => i + 1,
                None => return Err(io::Error::new(ErrorKind::InvalidData, "parts log damaged")),
            },
        };
        let last = log_lines(&tail[start..]).last();
        match last {
            Some((line, end)) => Ok((line.after, from + (start + end) as u64)),
            None if from == 0 => Ok((base, 0)),
            None => Err(io::Error::new(ErrorKind::InvalidData, "parts log damaged")),
        }
    }

    /// Writes a new upload's index (staged, fsynced, renamed, directory fsynced).
    fn create_index(&self, dir: &Path, index: &UploadIndex, key: &Key) -> ObjResult<()> {
        let json =
            serde_json::to_vec(index).map_err(|e| ObjectError::io(key, io::Error::other(e)))?;
        let staged = self
            .stage(&json, 0o600)
            .map_err(|e| ObjectError::io(key, e))?;
        fs::rename(&staged, dir.join("index.json")).map_err(|e| {
            let _ = fs::remove_file(&staged);
            ObjectError::io(key, e)
        })?;
        fsync_dir(dir).map_err(|e| ObjectError::io(key, e))
    }

    /// Appends `line` to the upload's log at `good` (its length up to its last whole
    /// line), cutting off what follows there: a line torn by a crash.
    fn log_part(&self, dir: &Path, good: u64, line: &PartLine) -> io::Result<()> {
        let mut bytes = serde_json::to_vec(line).map_err(io::Error::other)?;
        bytes.push(b'\n');
        write_at_end(&dir.join("parts.log"), good, &bytes).map(|_| ())
    }

    /// The directory of multipart upload `id`, locked; `NotFound` when there is no
    /// such upload (any more).
    fn lock_upload(&self, key: &Key, id: &MultipartId) -> ObjResult<(DirLock, PathBuf)> {
        let dir = self
            .upload_dir(id)
            .map_err(|_| ObjectError::not_found(key))?;
        match DirLock::take(&dir) {
            Ok(l) => Ok((l, dir)),
            Err(e) if e.kind() == ErrorKind::NotFound => Err(ObjectError::not_found(key)),
            Err(e) => Err(ObjectError::io(key, e)),
        }
    }

    fn put_part_blocking(
        &self,
        key: &Key,
        id: &MultipartId,
        number: u32,
        data: &[u8],
    ) -> ObjResult<PartTag> {
        super::check_part_number(key, number)?;
        let (_lock, dir) = self.lock_upload(key, id)?;
        let base = self.read_index(&dir, key)?.state();
        let io_err = |e| ObjectError::io(key, e);
        let (before, good) = self.log_state(&dir, base).map_err(io_err)?;
        let tag = format!("{number}.{}", uuid::Uuid::new_v4().simple());
        let len = data.len() as u64;
        let appended = before.count.checked_add(1) == Some(number) && !before.loose;
        if appended {
            // The next part in order: append it where the previous one ended. A
            // retried append after a crash or lost reply finds the file longer than
            // the log says; the stale tail is cut off first.
            let f = write_at_end(&dir.join("data"), before.end, data).map_err(io_err)?;
            // Durable at the next sync_multipart or completion. The disk starts on
            // each whole window of WRITEBACK_STEP bytes this part completes, while the
            // caller receives the next part (as `--root` does, every 8 MiB).
            let (from, to) = (
                before.end / WRITEBACK_STEP,
                (before.end + len) / WRITEBACK_STEP,
            );
            if to > from {
                let start = from * WRITEBACK_STEP;
                start_writeback(&f, start, to * WRITEBACK_STEP - start);
            }
        } else {
            let staged = self.stage(data, 0o600).map_err(io_err)?;
            fs::rename(&staged, dir.join(format!("part-{number}"))).map_err(|e| {
                let _ = fs::remove_file(&staged);
                io_err(e)
            })?;
        }
        let after = match appended {
            true => LogState {
                count: before.count + 1,
                end: before.end + len,
                loose: false,
            },
            false => LogState {
                loose: true,
                ..before
            },
        };
        let line = PartLine {
            number,
            tag: tag.clone(),
            len,
            appended,
            after,
        };
        self.log_part(&dir, good, &line).map_err(io_err)?;
        Ok(PartTag(tag))
    }

    fn sync_multipart_blocking(&self, key: &Key, id: &MultipartId) -> ObjResult<()> {
        let (_lock, dir) = self.lock_upload(key, id)?;
        let io_err = |e| ObjectError::io(key, e);
        // The data before the log that names it, then the log's and the loose
        // parts' names.
        for name in ["data", "parts.log"] {
            if let Some(f) = none_if_missing(File::open(dir.join(name))).map_err(io_err)? {
                f.sync_data().map_err(io_err)?;
            }
        }
        fsync_dir(&dir).map_err(io_err)
    }

    fn complete_blocking(&self, key: &Key, id: &MultipartId, parts: &[PartTag]) -> ObjResult<ETag> {
        let (lock, dir) = self.lock_upload(key, id)?;
        let io_err = |e| ObjectError::io(key, e);
        let index = self.read_parts(&dir, key)?;
        let data = dir.join("data");
        let in_order = parts.len() == index.appended.len()
            && index.loose.is_empty()
            && parts
                .iter()
                .zip(&index.appended)
                .all(|(p, (t, _))| &p.0 == t);
        let source = if in_order {
            if parts.is_empty() {
                File::create(&data)
                    .map_err(io_err)?
                    .sync_all()
                    .map_err(io_err)?;
            } else {
                // Appended parts are durable only from here (put_part defers it).
                File::open(&data)
                    .and_then(|f| f.sync_data())
                    .map_err(io_err)?;
            }
            data
        } else {
            // Out-of-order or replaced parts: build the object by copying.
            fs::create_dir_all(self.meta_path("tmp")).map_err(io_err)?;
            let out = self
                .meta_path("tmp")
                .join(format!("{}.tmp", uuid::Uuid::new_v4().simple()));
            let built = self.concatenate(&dir, &index, parts, &out, key);
            if let Err(e) = built {
                let _ = fs::remove_file(&out);
                return Err(e);
            }
            out
        };
        // The data file leaves the upload directory before the directory goes.
        let etag = self.install(
            key,
            &source,
            &PutMode::Overwrite,
            in_order,
            Durability::Full,
        )?;
        drop(lock);
        let _ = fs::remove_dir_all(&dir);
        Ok(etag)
    }

    fn concatenate(
        &self,
        dir: &Path,
        index: &UploadIndex,
        parts: &[PartTag],
        out: &Path,
        key: &Key,
    ) -> ObjResult<()> {
        let io_err = |e| ObjectError::io(key, e);
        let mut w = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(self.mode_for(key))
            .open(out)
            .map_err(io_err)?;
        for p in parts {
            let number: u32 =
                p.0.split('.')
                    .next()
                    .and_then(|n| n.parse().ok())
                    .ok_or_else(|| ObjectError::precondition(key))?;
            if index.loose.get(&number) == Some(&p.0) {
                let mut r = File::open(dir.join(format!("part-{number}"))).map_err(io_err)?;
                io::copy(&mut r, &mut w).map_err(io_err)?;
                continue;
            }
            let i = number as usize - 1;
            match index.appended.get(i) {
                Some((t, len)) if t == &p.0 => {
                    let offset: u64 = index.appended[..i].iter().map(|(_, n)| n).sum();
                    let mut r = File::open(dir.join("data")).map_err(io_err)?;
                    use std::io::{Read, Seek, SeekFrom};
                    r.seek(SeekFrom::Start(offset)).map_err(io_err)?;
                    io::copy(&mut r.take(*len), &mut w).map_err(io_err)?;
                }
                _ => return Err(ObjectError::precondition(key)),
            }
        }
        w.sync_data().map_err(io_err)
    }

    fn list_blocking(
        &self,
        prefix: &str,
        start_after: Option<&str>,
        limit: usize,
    ) -> ObjResult<ListPage> {
        // Start at the deepest directory the prefix names whole.
        let base = match prefix.rfind('/') {
            Some(i) => &prefix[..i + 1],
            None => "",
        };
        let mut page = ListPage::default();
        let dir = self.root.join(base);
        let mut walker = Walker {
            root: &self.root,
            prefix,
            start_after,
            limit,
            page: &mut page,
        };
        walker.walk(&dir, base)?;
        Ok(page)
    }
}

/// A depth-first walk that yields keys in byte order: each directory's entries are
/// visited sorted by their name as it appears in a key (`name/` for a directory), so
/// that a whole subtree sorts where its prefix does.
struct Walker<'a> {
    root: &'a Path,
    prefix: &'a str,
    start_after: Option<&'a str>,
    limit: usize,
    page: &'a mut ListPage,
}

impl Walker<'_> {
    /// Returns `false` once the page is full.
    fn walk(&mut self, dir: &Path, rel: &str) -> ObjResult<bool> {
        let key_err = |e| ObjectError::Io {
            key: rel.to_string(),
            cause: e,
        };
        let Some(rd) = none_if_missing(fs::read_dir(dir)).map_err(key_err)? else {
            return Ok(true);
        };
        let mut entries = Vec::new();
        for e in rd {
            let e = e.map_err(key_err)?;
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue; // bookkeeping (ours) or stray dotfiles: never keys
            }
            let Ok(t) = e.file_type() else { continue };
            if t.is_dir() {
                entries.push((format!("{rel}{name}/"), true));
            } else if t.is_file() {
                entries.push((format!("{rel}{name}"), false));
            }
        }
        entries.sort();
        for (k, is_dir) in entries {
            // Skip what sorts entirely before the prefix or the resume point.
            let cmp_len = k.len().min(self.prefix.len());
            if k[..cmp_len] != self.prefix[..cmp_len] {
                continue;
            }
            if let Some(after) = self.start_after {
                let subtree_before = is_dir && k.as_str() < after && !after.starts_with(&k);
                if subtree_before || (!is_dir && k.as_str() <= after) {
                    continue;
                }
            }
            if is_dir {
                if !self.walk(&self.root.join(&k), &k)? {
                    return Ok(false);
                }
                continue;
            }
            if !k.starts_with(self.prefix) {
                continue;
            }
            let Some(key) = Key::parse(&k) else { continue };
            let Some(m) = none_if_missing(fs::metadata(self.root.join(&k))).map_err(key_err)?
            else {
                continue; // deleted while we walked
            };
            if self.page.objects.len() == self.limit.max(1) {
                let last = self
                    .page
                    .objects
                    .last()
                    .map(|m| ListCursor(m.key.to_string()));
                self.page.next = last;
                return Ok(false);
            }
            self.page.objects.push(meta_of(&key, &m));
        }
        Ok(true)
    }
}

/// Streams `range` of an open file in [`PIECE`]-sized mapped pieces, each prepared
/// on the blocking pool.
fn file_stream(file: Arc<File>, range: std::ops::Range<u64>, key: Key) -> super::ByteStream {
    let stream = futures_util::stream::try_unfold(
        (file, range.start, range.end, key),
        |(file, offset, end, key)| async move {
            if offset >= end {
                return Ok(None);
            }
            let len = PIECE.min(end - offset) as usize;
            let f = file.clone();
            let piece = super::blocking_io(move || map_piece(&f, offset, len)).await??;
            if piece.is_empty() {
                return Err(io::Error::new(
                    ErrorKind::UnexpectedEof,
                    format!("{key}: object shorter than its size"),
                ));
            }
            let next = offset + piece.len() as u64;
            Ok(Some((piece, (file, next, end, key))))
        },
    );
    Box::pin(stream)
}

/// Writes `bytes` to the (private) file at `path` at offset `at`, its end: what
/// follows `at` (left by a crash or a write whose reply was lost) is cut off first.
fn write_at_end(path: &Path, at: u64, bytes: &[u8]) -> io::Result<File> {
    use std::io::{Seek, SeekFrom};
    let mut f = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(path)?;
    if f.metadata()?.len() != at {
        f.set_len(at)?;
    }
    f.seek(SeekFrom::Start(at))?;
    f.write_all(bytes)?;
    Ok(f)
}

/// Asks the kernel to start writing `len` bytes at `offset` of `file` to disk, without
/// waiting: the fsync that makes them durable later then has less to wait for.
pub(crate) fn start_writeback(file: &File, offset: u64, len: u64) {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::io::AsRawFd;
        // SAFETY: a plain syscall on an fd we own; failure only means no early
        // writeback.
        unsafe {
            libc::sync_file_range(
                file.as_raw_fd(),
                offset as libc::off64_t,
                len as libc::off64_t,
                libc::SYNC_FILE_RANGE_WRITE,
            );
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (file, offset, len);
}

/// Reads `range` of a file whole (a small one: [`SMALL_READ`]); an object shorter than
/// its size, which a file under a final name never is, is an error.
fn read_range(file: &File, range: &std::ops::Range<u64>) -> io::Result<Bytes> {
    use std::os::unix::fs::FileExt;
    let mut buf = vec![0u8; (range.end - range.start) as usize];
    file.read_exact_at(&mut buf, range.start)?;
    Ok(Bytes::from(buf))
}

/// Maps `len` bytes at `offset` with the pages read in (so the async writer never
/// faults on disk), or reads them where mapping fails.
fn map_piece(file: &File, offset: u64, len: usize) -> io::Result<Bytes> {
    // SAFETY: files under final names are immutable: created by rename, removed by
    // unlink, never truncated or written in place; a mapping outlives an unlink.
    let mapped = unsafe {
        memmap2::MmapOptions::new()
            .offset(offset)
            .len(len)
            .map(file)
    };
    match mapped {
        Ok(m) => {
            if m.advise(memmap2::Advice::PopulateRead).is_err() {
                let _ = m.advise(memmap2::Advice::WillNeed);
            }
            Ok(Bytes::from_owner(m))
        }
        Err(_) => {
            use std::os::unix::fs::FileExt;
            let mut buf = vec![0u8; len];
            let n = file.read_at(&mut buf, offset)?;
            buf.truncate(n);
            Ok(Bytes::from(buf))
        }
    }
}

#[async_trait::async_trait]
impl ObjectStore for FsObjects {
    fn describe(&self) -> String {
        self.root.display().to_string()
    }

    fn local_dir(&self) -> Option<&Path> {
        Some(&self.root)
    }

    fn min_part_size(&self) -> u64 {
        1
    }

    /// 1 MiB: the memory one writing request holds (8 MiB elsewhere, where S3 wants
    /// at least 5). A file has no minimum, and a part costs one append to the log:
    /// monolithic 512 MiB pushes measured no slower than with 8 MiB parts.
    fn part_size(&self) -> u64 {
        1024 * 1024
    }

    fn runs_inline(&self) -> bool {
        true
    }

    async fn get(&self, key: &Key, opts: GetOptions) -> ObjResult<Option<GetResult>> {
        let path = self.path(key);
        let k = key.clone();
        let opened = blocking(key, move || {
            let Some(f) = none_if_missing(File::open(&path)).map_err(|e| ObjectError::io(&k, e))?
            else {
                return Ok(None);
            };
            let m = f.metadata().map_err(|e| ObjectError::io(&k, e))?;
            if !m.is_file() {
                return Ok(None);
            }
            let meta = meta_of(&k, &m);
            check_get_conditions(&opts, &meta)?;
            let range = clamp_range(opts.range.as_ref(), meta.size);
            // Small objects (records, manifests) are read here and then, in the same
            // trip to the blocking pool, instead of mapped piece by piece.
            let head = if range.end - range.start <= SMALL_READ {
                Some(read_range(&f, &range).map_err(|e| ObjectError::io(&k, e))?)
            } else {
                None
            };
            Ok(Some((f, meta, range, head)))
        })
        .await?;
        let Some((file, meta, range, head)) = opened else {
            return Ok(None);
        };
        let body = match head {
            Some(bytes) => Box::pin(futures_util::stream::once(async move { Ok(bytes) })),
            None => file_stream(Arc::new(file), range.clone(), key.clone()),
        };
        Ok(Some(GetResult { meta, range, body }))
    }

    async fn head(&self, key: &Key) -> ObjResult<Option<ObjectMeta>> {
        let path = self.path(key);
        let k = key.clone();
        blocking(key, move || {
            let m = none_if_missing(fs::metadata(&path)).map_err(|e| ObjectError::io(&k, e))?;
            Ok(m.filter(|m| m.is_file()).map(|m| meta_of(&k, &m)))
        })
        .await
    }

    async fn put(&self, key: &Key, data: Bytes, mode: PutMode) -> ObjResult<ETag> {
        self.put_file(key, data, mode, Durability::Full).await
    }

    /// No fsync at all: the bytes and the rename are left to the kernel's writeback
    /// (or to the flip, a durable put of the same key, which replaces them).
    async fn put_provisional(&self, key: &Key, data: Bytes, mode: PutMode) -> ObjResult<ETag> {
        self.put_file(key, data, mode, Durability::Provisional)
            .await
    }

    /// Restamps the file under the key's lock: a new modification time, so a new
    /// ETag, and the bytes as they were. Falls back to a provisional put of
    /// `rewritten` where the filesystem's timestamps are too coarse to tell the two
    /// versions apart.
    async fn touch(&self, key: &Key, etag: ETag, rewritten: Bytes) -> ObjResult<ETag> {
        let this = self.clone();
        let k = key.clone();
        let want = etag.clone();
        let restamped = blocking(key, move || this.restamp(&k, &want)).await?;
        match restamped {
            Some(tag) => Ok(tag),
            // A committed record rewritten: its bytes must be there whole after a
            // crash (the old version or the new one), so the staged file is fsynced.
            None => {
                self.put_file(key, rewritten, PutMode::Replace(etag), Durability::Whole)
                    .await
            }
        }
    }

    async fn delete(&self, key: &Key, mode: DeleteMode) -> ObjResult<bool> {
        let this = self.clone();
        let k = key.clone();
        blocking(key, move || {
            let path = this.path(&k);
            let (lock, parent) = this
                .lock_parent_if_present(&k)
                .map_err(|e| ObjectError::io(&k, e))?;
            let Some(lock) = lock else {
                return Ok(false);
            };
            let Some(m) =
                none_if_missing(fs::symlink_metadata(&path)).map_err(|e| ObjectError::io(&k, e))?
            else {
                return Ok(false);
            };
            if !m.is_file() {
                return Ok(false);
            }
            if let DeleteMode::IfMatch(want) = &mode {
                if &etag_of(&m) != want {
                    return Err(ObjectError::precondition(&k));
                }
            }
            match fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == ErrorKind::NotFound => return Ok(false),
                Err(e) => return Err(ObjectError::io(&k, e)),
            }
            drop(lock); // as for puts: the fsync needs no lock
            fsync_dir(&parent).map_err(|e| ObjectError::io(&k, e))?;
            Ok(true)
        })
        .await
    }

    async fn list(
        &self,
        prefix: &str,
        cursor: Option<&ListCursor>,
        limit: usize,
    ) -> ObjResult<ListPage> {
        let this = self.clone();
        let (prefix, after) = (prefix.to_string(), cursor.map(|c| c.0.clone()));
        let key = Key::parse(prefix.trim_end_matches('/'))
            .unwrap_or_else(|| super::super::paths::top("."));
        blocking(&key, move || {
            this.list_blocking(&prefix, after.as_deref(), limit)
        })
        .await
    }

    async fn create_multipart(&self, key: &Key) -> ObjResult<MultipartId> {
        let this = self.clone();
        let k = key.clone();
        blocking(key, move || {
            let id = MultipartId(uuid::Uuid::new_v4().to_string());
            let dir = this.upload_dir(&id).map_err(|e| ObjectError::io(&k, e))?;
            fs::create_dir_all(this.meta_path("multipart")).map_err(|e| ObjectError::io(&k, e))?;
            fs::create_dir(&dir).map_err(|e| ObjectError::io(&k, e))?;
            let index = UploadIndex {
                key: k.as_str().to_string(),
                ..UploadIndex::default()
            };
            this.create_index(&dir, &index, &k)?;
            Ok(id)
        })
        .await
    }

    async fn put_part(
        &self,
        key: &Key,
        id: &MultipartId,
        number: u32,
        data: Bytes,
    ) -> ObjResult<PartTag> {
        let this = self.clone();
        let (k, id) = (key.clone(), id.clone());
        blocking(key, move || this.put_part_blocking(&k, &id, number, &data)).await
    }

    /// Fsyncs the appended data, the parts log and the upload's directory (the
    /// log's and loose parts' names).
    async fn sync_multipart(&self, key: &Key, id: &MultipartId) -> ObjResult<()> {
        let this = self.clone();
        let (k, id) = (key.clone(), id.clone());
        blocking(key, move || this.sync_multipart_blocking(&k, &id)).await
    }

    async fn complete_multipart(
        &self,
        key: &Key,
        id: &MultipartId,
        parts: &[PartTag],
    ) -> ObjResult<ETag> {
        let this = self.clone();
        let (k, id, parts) = (key.clone(), id.clone(), parts.to_vec());
        blocking(key, move || this.complete_blocking(&k, &id, &parts)).await
    }

    async fn abort_multipart(&self, key: &Key, id: &MultipartId) -> ObjResult<()> {
        let this = self.clone();
        let (k, id) = (key.clone(), id.clone());
        blocking(key, move || {
            let Ok(dir) = this.upload_dir(&id) else {
                return Ok(());
            };
            match fs::remove_dir_all(&dir) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
                Err(e) => Err(ObjectError::io(&k, e)),
            }
        })
        .await
    }

    async fn now(&self) -> ObjResult<SystemTime> {
        let path = self.meta_path("clock");
        let key = super::super::paths::top("clock");
        let stamps = self.stamps;
        blocking(&key, move || {
            // The filesystem stamps files with a coarser clock than SystemTime::now();
            // comparisons with object times must use the filesystem's.
            let stamped = (|| {
                if !stamps {
                    return Err(io::Error::from(ErrorKind::PermissionDenied));
                }
                OpenOptions::new()
                    .create(true)
                    .truncate(false)
                    .write(true)
                    .open(&path)?;
                let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes())
                    .map_err(|e| io::Error::new(ErrorKind::InvalidInput, e))?;
                // SAFETY: a NUL-terminated path and NULL times ("now, by the kernel").
                let rc =
                    unsafe { libc::utimensat(libc::AT_FDCWD, c.as_ptr(), std::ptr::null(), 0) };
                if rc != 0 {
                    return Err(io::Error::last_os_error());
                }
                fs::metadata(&path)?.modified()
            })();
            // A store this process cannot write (a read-only inspection) falls back to
            // the system clock, which runs at most one tick ahead.
            Ok(stamped.unwrap_or_else(|_| SystemTime::now() - Duration::from_millis(10)))
        })
        .await
    }
}
