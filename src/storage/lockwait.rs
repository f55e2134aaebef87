//! Bounded waits for `flock(2)` locks.
//!
//! Lock files are files on a shared filesystem: any process that can open one can hold
//! it (a hung admin command, a stopped `gc`, or another local user where the store's
//! modes allow it). A wait without a bound would stall every push behind such a
//! holder, silently. So every lock is taken with `LOCK_NB`, retried with back-off up to
//! the **lock wait** ([`lock_wait`]: `REGISTRYCTL_LOCK_WAIT`, default
//! [`DEFAULT_LOCK_WAIT`]), and then given up with a [`LockBusy`] error that names the
//! lock file and what to do. The CLI exits `8` (busy) on it; `serve` answers `503
//! Service Unavailable` with `Retry-After` (docs/operations.md).

use std::fs::File;
use std::io::{self, ErrorKind};
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// How long a lock is waited for unless `REGISTRYCTL_LOCK_WAIT` says otherwise.
pub const DEFAULT_LOCK_WAIT: Duration = Duration::from_secs(30);

/// The environment variable that sets the lock wait (`30s`, `500ms`, `2m`).
pub const LOCK_WAIT_ENV: &str = "REGISTRYCTL_LOCK_WAIT";

/// The longest pause between two attempts.
const MAX_BACKOFF: Duration = Duration::from_millis(50);

/// The lock wait of this process: `REGISTRYCTL_LOCK_WAIT` if it parses as a duration,
/// else [`DEFAULT_LOCK_WAIT`]. Read once.
pub fn lock_wait() -> Duration {
    static WAIT: OnceLock<Duration> = OnceLock::new();
    *WAIT.get_or_init(|| {
        std::env::var(LOCK_WAIT_ENV)
            .ok()
            .and_then(|v| humantime::parse_duration(v.trim()).ok())
            .unwrap_or(DEFAULT_LOCK_WAIT)
    })
}

/// A lock that another process held for the whole lock wait.
#[derive(Debug, Clone, thiserror::Error)]
#[error(
    "lock file {} is held by another process; gave up after {:.1} s. If no registryctl \
     process should hold it (serve, gc, an admin command), find the holder with \
     `fuser -v {}` and stop it; if the holder is slow but legitimate, retry later or \
     raise {LOCK_WAIT_ENV}",
    path.display(),
    waited.as_secs_f64(),
    path.display()
)]
pub struct LockBusy {
    /// The lock file.
    pub path: PathBuf,
    /// How long this process waited.
    pub waited: Duration,
}

impl LockBusy {
    /// The `io::Error` a backend returns for it (kind `TimedOut`, this as its inner
    /// error, so [`LockBusy::of`] finds it again).
    pub fn into_io(self) -> io::Error {
        io::Error::new(ErrorKind::TimedOut, self)
    }

    /// The [`LockBusy`] inside `e`, if that is what `e` is.
    pub fn of(e: &io::Error) -> Option<&LockBusy> {
        e.get_ref()
            .and_then(|inner| inner.downcast_ref::<LockBusy>())
    }
}

/// Takes `flock(op)` on `file` (`op` without `LOCK_NB`). With `wait == None` tries
/// once: `Ok(false)` when the lock is held elsewhere. With a bound, retries with
/// back-off and fails with [`LockBusy`] (as an `io::Error`) when it runs out.
pub(crate) fn flock(
    file: &File,
    op: libc::c_int,
    wait: Option<Duration>,
    path: &Path,
) -> io::Result<bool> {
    flock_paced(file, op, wait, path, Duration::from_millis(1), MAX_BACKOFF)
}

/// [`flock`] for a lock held only for microseconds at a time (a rename): the first
/// retry after `first`, the pause doubling up to `max`. With the store locks' pace a
/// waiter slept up to 50 ms for a lock that was free again after a few microseconds.
pub(crate) fn flock_paced(
    file: &File,
    op: libc::c_int,
    wait: Option<Duration>,
    path: &Path,
    first: Duration,
    max: Duration,
) -> io::Result<bool> {
    let start = Instant::now();
    let mut pause = first;
    loop {
        // SAFETY: plain syscall on a descriptor the caller owns.
        let rc = unsafe { libc::flock(file.as_raw_fd(), op | libc::LOCK_NB) };
        if rc == 0 {
            return Ok(true);
        }
        let e = io::Error::last_os_error();
        match e.kind() {
            ErrorKind::Interrupted => continue,
            ErrorKind::WouldBlock => {}
            _ => return Err(e),
        }
        let Some(bound) = wait else {
            return Ok(false);
        };
        let waited = start.elapsed();
        if waited >= bound {
            return Err(LockBusy {
                path: path.to_path_buf(),
                waited,
            }
            .into_io());
        }
        std::thread::sleep(pause.min(bound - waited));
        pause = (pause * 2).min(max);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_held_lock_is_given_up_after_the_bound_with_the_file_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("commit.lock");
        let holder = File::create(&path).unwrap();
        assert!(flock(&holder, libc::LOCK_EX, None, &path).unwrap());
        let other = File::open(&path).unwrap();
        assert!(!flock(&other, libc::LOCK_SH, None, &path).unwrap());
        let e = flock(
            &other,
            libc::LOCK_SH,
            Some(Duration::from_millis(50)),
            &path,
        )
        .unwrap_err();
        let busy = LockBusy::of(&e).expect("a LockBusy");
        assert!(busy.waited >= Duration::from_millis(50));
        assert!(e.to_string().contains("commit.lock"), "{e}");
        drop(holder);
        assert!(flock(
            &other,
            libc::LOCK_SH,
            Some(Duration::from_millis(50)),
            &path
        )
        .unwrap());
    }
}
