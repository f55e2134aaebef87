//! The filesystem backend: keys are paths under a root directory.
//!
//! Atomic writes go to `tmp/` on the same filesystem, are fsynced, renamed into place
//! and the destination directory is fsynced, so that a write acknowledged to a client
//! survives a crash and a crash never leaves a partial file under a final name.
//! Locks are `flock(2)` locks on files under `locks/`; each acquisition opens its own
//! file description so that locks taken by different threads of one process are
//! independent. A wait for one is bounded ([`super::lockwait`]).
//!
//! Opened [`Access::ReadOnly`] (the reading commands), the backend writes nothing at
//! all, so that a user who may read a store but not write it can still inspect it:
//! every write fails with `PermissionDenied`, a lock is taken on its file only if the
//! file exists (opened read-only: `flock` needs no write access; a missing lock file
//! means no process has used that lock, and none is created), and the clock is the
//! system clock instead of a stamped scratch file (see [`Backend::now`]).

use std::fs::{self, File, OpenOptions};
use std::io::{self, ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::backend::{
    Backend, Entry, EntryKind, LockGuard, LockMode, ObjectAppender, ObjectMeta, ObjectReader,
};
use super::layout::Access;
use super::lockwait;
use super::modes::{self, Modes};
use super::object::fs::{start_writeback, WRITEBACK_STEP};
use super::paths::{self, Key};

/// A store rooted at a directory.
#[derive(Debug)]
pub struct FsBackend {
    root: PathBuf,
    access: Access,
    /// Modes of what this backend creates, decided by the root ([`modes`]).
    modes: Modes,
}

fn not_found_is_none<T>(r: io::Result<T>) -> io::Result<Option<T>> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

fn fsync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

impl FsBackend {
    /// Opens the existing directory `root`, creating nothing. Whether it holds a store
    /// is for the caller to check (`Store::open` does).
    pub fn open(root: &Path, access: Access) -> io::Result<FsBackend> {
        let root = root.canonicalize()?;
        let modes = Modes::of_root(&root);
        Ok(FsBackend {
            root,
            access,
            modes,
        })
    }

    /// Creates `root` (and its parents) if needed and every top-level directory of the
    /// layout in it; for a new store.
    pub fn create(root: &Path) -> io::Result<FsBackend> {
        // The root itself is private (its parents are the operator's business).
        if let Some(parent) = root.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent)?;
        }
        modes::PRIVATE.create_dir_all(root)?;
        let backend = FsBackend::open(root, Access::ReadWrite)?;
        backend.ensure_top_level()?;
        Ok(backend)
    }

    /// Creates the top-level directories of the layout that are missing (writable
    /// opens of an existing store: staging needs `tmp/`).
    pub fn ensure_top_level(&self) -> io::Result<()> {
        self.writable()?;
        for top in paths::TOP_LEVEL {
            self.modes.create_dir_all(&self.root.join(top))?;
        }
        Ok(())
    }

    /// `Err` when opened read-only: the guard in front of every write.
    fn writable(&self) -> io::Result<()> {
        match self.access {
            Access::ReadWrite => Ok(()),
            Access::ReadOnly => Err(io::Error::new(
                ErrorKind::PermissionDenied,
                "the store was opened read-only by this command",
            )),
        }
    }

    /// The root directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn path(&self, key: &Key) -> PathBuf {
        self.root.join(key.as_str())
    }

    fn tmp_path(&self) -> PathBuf {
        let unique = format!("{}.tmp", uuid::Uuid::new_v4().simple());
        self.path(&paths::tmp(&unique))
    }

    /// Renames without any fsync, creating `to`'s parent if it is missing.
    fn rename_volatile(&self, from: &Path, to: &Path) -> io::Result<()> {
        match fs::rename(from, to) {
            Err(e) if e.kind() == ErrorKind::NotFound && from.exists() => {
                self.modes
                    .create_dir_all(to.parent().unwrap_or(&self.root))?;
                fs::rename(from, to)
            }
            other => other,
        }
    }

    /// Renames `from` to `to`, creating `to`'s parent if it is missing, then fsyncs the
    /// parent. Retries because a concurrent prune may remove a freshly made parent.
    fn rename_into_place(&self, from: &Path, to: &Path) -> io::Result<()> {
        let parent = to.parent().unwrap_or(&self.root);
        let mut attempts = 0;
        loop {
            match fs::rename(from, to) {
                Ok(()) => return fsync_dir(parent),
                Err(e) if e.kind() == ErrorKind::NotFound && attempts < 5 && from.exists() => {
                    attempts += 1;
                    self.modes.create_dir_all(parent)?;
                }
                Err(e) => return Err(e),
            }
        }
    }
}

impl FsBackend {
    /// Atomic write whose file is created with `mode` (whatever the umask): the temp
    /// file gets the mode before any byte is written, so a secret is never readable by
    /// others.
    fn write_atomic_mode(&self, key: &Key, data: &[u8], mode: u32) -> io::Result<()> {
        self.write_replacing(key, data, mode, true)
    }

    /// Temp file, optional fsync, rename; with `durable` also the directory fsync
    /// (inside `rename_into_place`).
    fn write_replacing(&self, key: &Key, data: &[u8], mode: u32, durable: bool) -> io::Result<()> {
        self.writable()?;
        let tmp = self.tmp_path();
        let result = (|| {
            let mut f = Modes::create_new(&tmp, mode, false)?;
            f.write_all(data)?;
            if !durable {
                drop(f);
                return self.rename_volatile(&tmp, &self.path(key));
            }
            f.sync_data()?;
            drop(f);
            self.rename_into_place(&tmp, &self.path(key))
        })();
        if result.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        result
    }
}

/// Appends straight to the file: the server already hands over large batches, and a
/// per-session buffer would cost memory for every concurrent upload.
///
/// Every [`WRITEBACK_STEP`] bytes it asks the kernel to start writing the new pages to
/// disk, so that the fsync that closes an upload finds little left to do: disk writes
/// overlap with receiving instead of following it.
struct FileAppender {
    file: File,
    /// Bytes appended through this handle and not yet handed to writeback.
    pending: u64,
    /// Offset of the first pending byte.
    pending_from: u64,
}

impl FileAppender {
    fn new(file: File) -> io::Result<FileAppender> {
        let len = file.metadata()?.len();
        Ok(FileAppender {
            file,
            pending: 0,
            pending_from: len,
        })
    }

    fn start_writeback(&mut self) {
        start_writeback(&self.file, self.pending_from, self.pending);
        self.pending_from += self.pending;
        self.pending = 0;
    }
}

impl Write for FileAppender {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.pending += n as u64;
        if self.pending >= WRITEBACK_STEP {
            self.start_writeback();
        }
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

impl ObjectAppender for FileAppender {
    fn sync(&mut self) -> io::Result<()> {
        self.file.sync_data()
    }
}

/// A blob file opened for reading.
struct FileReader(File);

impl std::io::Read for FileReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf)
    }
}

impl std::io::Seek for FileReader {
    fn seek(&mut self, pos: std::io::SeekFrom) -> io::Result<u64> {
        self.0.seek(pos)
    }
}

impl ObjectReader for FileReader {
    fn map(&mut self, offset: u64, len: usize) -> Option<io::Result<bytes::Bytes>> {
        if len == 0 {
            return Some(Ok(bytes::Bytes::new()));
        }
        // SAFETY: files under blob names are immutable: they are only ever created by
        // rename and removed by unlink (or moved by rename to quarantine), never
        // truncated or rewritten in place, and a mapping outlives an unlink.
        let map = unsafe {
            memmap2::MmapOptions::new()
                .offset(offset)
                .len(len)
                .map(&self.0)
        };
        Some(map.map(|m| {
            // Read the pages in here, on the blocking pool, so that the async writer
            // never stalls on a page fault that goes to disk.
            if m.advise(memmap2::Advice::PopulateRead).is_err() {
                let _ = m.advise(memmap2::Advice::WillNeed);
            }
            bytes::Bytes::from_owner(m)
        }))
    }
}

struct FlockGuard {
    _file: File,
}

impl LockGuard for FlockGuard {}

/// What a read-only open gets for a lock whose file does not exist: no process has
/// ever taken that lock on this store, and a reader must not create the file.
struct NoLockFile;

impl LockGuard for NoLockFile {}

/// `flock(2)` on `file`; `None` when `wait` is false and the lock is held elsewhere.
/// A wait is bounded by [`lockwait::lock_wait`] and then fails with
/// [`lockwait::LockBusy`].
fn flock(
    file: File,
    mode: LockMode,
    wait: bool,
    path: &Path,
) -> io::Result<Option<Box<dyn LockGuard>>> {
    let op = match mode {
        LockMode::Shared => libc::LOCK_SH,
        LockMode::Exclusive => libc::LOCK_EX,
    };
    let bound = wait.then(lockwait::lock_wait);
    if lockwait::flock(&file, op, bound, path)? {
        Ok(Some(Box::new(FlockGuard { _file: file })))
    } else {
        Ok(None)
    }
}

impl Backend for FsBackend {
    fn describe(&self) -> String {
        self.root.display().to_string()
    }

    fn read(&self, key: &Key) -> io::Result<Option<Vec<u8>>> {
        not_found_is_none(fs::read(self.path(key)))
    }

    fn write_atomic(&self, key: &Key, data: &[u8]) -> io::Result<()> {
        self.write_atomic_mode(key, data, self.modes.file)
    }

    fn write_atomic_volatile(&self, key: &Key, data: &[u8]) -> io::Result<()> {
        self.write_replacing(key, data, self.modes.file, false)
    }

    fn overwrite_in_place(&self, key: &Key, data: &[u8]) -> io::Result<bool> {
        use std::os::unix::fs::FileExt;
        self.writable()?;
        // No rename: on ext4, renaming over a file starts the writeback of the new
        // one (`auto_da_alloc`), which queues behind an upload's own data and cost
        // 2.5 ms per chunk here. The parent is never created: a session removed
        // meanwhile stays removed.
        let f = self
            .modes
            .open_or_create(&self.path(key), OpenOptions::new().write(true))?;
        f.write_all_at(data, 0)?;
        f.set_len(data.len() as u64)?;
        Ok(true)
    }

    fn write_atomic_private(&self, key: &Key, data: &[u8]) -> io::Result<()> {
        // Never readable by others; by the group only where the store is shared with
        // it (its members run the commands that write these files).
        self.write_atomic_mode(key, data, self.modes.file & 0o660)
    }

    fn create_new(&self, key: &Key, data: &[u8]) -> io::Result<bool> {
        let tmp = self.tmp_path();
        let result = (|| {
            let mut f = Modes::create_new(&tmp, self.modes.file, false)?;
            f.write_all(data)?;
            f.sync_data()?;
            drop(f);
            let to = self.path(key);
            let parent = to.parent().unwrap_or(&self.root).to_path_buf();
            self.modes.create_dir_all(&parent)?;
            // link(2) fails if the name exists: create-if-absent, atomic.
            match fs::hard_link(&tmp, &to) {
                Ok(()) => {
                    fsync_dir(&parent)?;
                    Ok(true)
                }
                Err(e) if e.kind() == ErrorKind::AlreadyExists => Ok(false),
                Err(e) => Err(e),
            }
        })();
        let _ = fs::remove_file(&tmp);
        result
    }

    fn append_line(&self, key: &Key, line: &str) -> io::Result<()> {
        self.writable()?;
        let path = self.path(key);
        if let Some(parent) = path.parent() {
            self.modes.create_dir_all(parent)?;
        }
        let mut f = self
            .modes
            .open_or_create(&path, OpenOptions::new().append(true))?;
        // One write call per line: O_APPEND makes concurrent appenders interleave
        // whole lines, never parts of them.
        let mut buf = line.trim_end_matches('\n').as_bytes().to_vec();
        buf.push(b'\n');
        f.write_all(&buf)?;
        f.sync_data()
    }

    fn stat(&self, key: &Key) -> io::Result<Option<ObjectMeta>> {
        Ok(
            not_found_is_none(fs::metadata(self.path(key)))?.map(|m| ObjectMeta {
                size: m.len(),
                modified: m.modified().unwrap_or(SystemTime::UNIX_EPOCH),
                version: 0,
            }),
        )
    }

    fn touch(&self, key: &Key) -> io::Result<bool> {
        self.writable()?;
        let path = self.path(key);
        let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes())
            .map_err(|e| io::Error::new(ErrorKind::InvalidInput, e))?;
        // utimensat(NULL times) stamps both times with the filesystem's current time.
        let rc = unsafe { libc::utimensat(libc::AT_FDCWD, c.as_ptr(), std::ptr::null(), 0) };
        if rc == 0 {
            return Ok(true);
        }
        let e = io::Error::last_os_error();
        if e.kind() == ErrorKind::NotFound {
            Ok(false)
        } else {
            Err(e)
        }
    }

    fn delete(&self, key: &Key) -> io::Result<bool> {
        self.writable()?;
        Ok(not_found_is_none(fs::remove_file(self.path(key)))?.is_some())
    }

    fn delete_prefix(&self, key: &Key) -> io::Result<bool> {
        self.writable()?;
        Ok(not_found_is_none(fs::remove_dir_all(self.path(key)))?.is_some())
    }

    fn prune_empty(&self, key: &Key, stop: &Key) -> io::Result<()> {
        self.writable()?;
        let stop = self.path(stop);
        let mut cur = self.path(key);
        while cur.starts_with(&stop) && cur != stop && cur != self.root {
            match fs::remove_dir(&cur) {
                Ok(()) => {}
                Err(e) if e.kind() == ErrorKind::NotFound => {}
                // Not empty (ENOTEMPTY/EEXIST) or anything else: stop climbing.
                Err(_) => break,
            }
            match cur.parent() {
                Some(p) => cur = p.to_path_buf(),
                None => break,
            }
        }
        Ok(())
    }

    fn list(&self, key: &Key) -> io::Result<Option<Vec<Entry>>> {
        let Some(rd) = not_found_is_none(fs::read_dir(self.path(key)))? else {
            return Ok(None);
        };
        let mut out = Vec::new();
        for e in rd {
            let e = e?;
            let kind = match e.file_type() {
                Ok(t) if t.is_file() => EntryKind::File,
                Ok(t) if t.is_dir() => EntryKind::Dir,
                _ => EntryKind::Other,
            };
            out.push(Entry {
                name: e.file_name().to_string_lossy().into_owned(),
                kind,
            });
        }
        Ok(Some(out))
    }

    fn open(&self, key: &Key) -> io::Result<Option<(Box<dyn ObjectReader>, u64)>> {
        let Some(f) = not_found_is_none(File::open(self.path(key)))? else {
            return Ok(None);
        };
        let len = f.metadata()?.len();
        Ok(Some((Box::new(FileReader(f)), len)))
    }

    fn open_append(&self, key: &Key) -> io::Result<Box<dyn ObjectAppender>> {
        self.writable()?;
        let path = self.path(key);
        if let Some(parent) = path.parent() {
            self.modes.create_dir_all(parent)?;
        }
        let f = self
            .modes
            .open_or_create(&path, OpenOptions::new().append(true))?;
        Ok(Box::new(FileAppender::new(f)?))
    }

    fn promote(&self, from: &Key, to: &Key) -> io::Result<()> {
        self.writable()?;
        self.rename_into_place(&self.path(from), &self.path(to))
    }

    fn lock(
        &self,
        key: &Key,
        mode: LockMode,
        wait: bool,
    ) -> io::Result<Option<Box<dyn LockGuard>>> {
        let path = self.path(key);
        if self.access == Access::ReadOnly {
            return match File::open(&path) {
                Ok(file) => flock(file, mode, wait, &path),
                Err(e) if e.kind() == ErrorKind::NotFound => Ok(Some(Box::new(NoLockFile))),
                Err(e) => Err(e),
            };
        }
        if let Some(parent) = path.parent() {
            self.modes.create_dir_all(parent)?;
        }
        let file = self
            .modes
            .open_or_create(&path, OpenOptions::new().read(true).write(true))?;
        flock(file, mode, wait, &path)
    }

    fn link_external(&self, src: &Path, key: &Key) -> io::Result<bool> {
        let path = self.path(key);
        if let Some(parent) = path.parent() {
            self.modes.create_dir_all(parent)?;
        }
        // A hard link shares the source file's mode (see docs/storage.md#file-modes).
        match fs::hard_link(src, &path) {
            Ok(()) => Ok(true),
            // Another filesystem, or one without hard links (or not allowed to link
            // another user's file): the caller copies.
            Err(e)
                if e.raw_os_error().is_some_and(|c| {
                    [libc::EXDEV, libc::EPERM, libc::EOPNOTSUPP, libc::EMLINK].contains(&c)
                }) =>
            {
                Ok(false)
            }
            Err(e) => Err(e),
        }
    }

    fn open_to_others(&self) -> io::Result<(u64, Vec<String>)> {
        use std::os::unix::fs::PermissionsExt;
        let (mut count, mut some) = (0u64, Vec::new());
        let mut todo = vec![self.root.clone()];
        // Bounded by the store's size: each directory is listed once.
        while let Some(dir) = todo.pop() {
            let Some(rd) = not_found_is_none(fs::read_dir(&dir))? else {
                continue;
            };
            for e in rd {
                let e = e?;
                let Some(m) = not_found_is_none(e.metadata())? else {
                    continue;
                };
                if m.permissions().mode() & 0o004 != 0 && !m.file_type().is_symlink() {
                    count += 1;
                    if some.len() < 3 {
                        let p = e.path();
                        let rel = p.strip_prefix(&self.root).unwrap_or(&p);
                        some.push(rel.display().to_string());
                    }
                }
                if m.is_dir() {
                    todo.push(e.path());
                }
            }
        }
        Ok((count, some))
    }

    fn now(&self, scratch: &Key) -> io::Result<SystemTime> {
        if self.access == Access::ReadOnly {
            // Stamping the scratch file is a write. The system clock runs at most one
            // timer tick (a few ms) ahead of the filesystem's coarse one; see
            // docs/storage.md for what that means for `gc --dry-run`.
            return Ok(SystemTime::now());
        }
        let path = self.path(scratch);
        if let Some(parent) = path.parent() {
            self.modes.create_dir_all(parent)?;
        }
        self.modes
            .open_or_create(&path, OpenOptions::new().write(true))?;
        self.touch(scratch)?;
        fs::metadata(&path)?.modified()
    }
}
