//! File modes of a store on the filesystem: private to its owner, or shared with one
//! group.
//!
//! Everything the store creates gets its mode explicitly (a `chmod` after creating,
//! so the umask cannot widen or narrow it):
//!
//! - **private** (the default): directories `0700`, files `0600`: no other local user
//!   can read a blob, an auth file, or open a lock file to stall the registry;
//! - **group-shared**, when the store's root directory has the setgid bit (what
//!   `registryctl init --store-group GROUP` sets up, or `chgrp GROUP ROOT && chmod 2770
//!   ROOT`): directories `2770`, files `0660`. The setgid bit makes every new file and
//!   directory inherit the root's group from the kernel, so members of the group can run
//!   every command (gc, user edits) as themselves and `serve` still reads what they
//!   wrote. The auth files are then group-readable too: members are as trusted as the
//!   owner.
//!
//! The mode is decided by the store (its root), not by each process's configuration, so
//! `serve` and every command agree. Files and directories that exist already keep their
//! modes (stores created before private modes keep working; `scan` warns about files
//! other users can read).

use std::fs::{self, File, OpenOptions};
use std::io::{self, ErrorKind};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;

/// The modes new directories and files of one store get.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Modes {
    /// Mode of a new directory.
    pub dir: u32,
    /// Mode of a new file.
    pub file: u32,
}

/// Owner only.
pub const PRIVATE: Modes = Modes {
    dir: 0o700,
    file: 0o600,
};

/// Owner and the root's group (setgid directories).
pub const GROUP: Modes = Modes {
    dir: 0o2770,
    file: 0o660,
};

impl Modes {
    /// The modes of the store at `root`: [`GROUP`] when the root directory has the
    /// setgid bit, else [`PRIVATE`]. A root that cannot be read is taken as private.
    pub fn of_root(root: &Path) -> Modes {
        match fs::metadata(root) {
            Ok(m) if m.mode() & 0o2000 != 0 => GROUP,
            _ => PRIVATE,
        }
    }

    /// Creates `dir` and its missing parents with [`Modes::dir`] (parents that exist
    /// are left as they are).
    pub fn create_dir_all(&self, dir: &Path) -> io::Result<()> {
        if dir.is_dir() {
            return Ok(());
        }
        if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
            self.create_dir_all(parent)?;
        }
        match fs::DirBuilder::new().mode(self.dir & 0o777).create(dir) {
            Ok(()) => fs::set_permissions(dir, fs::Permissions::from_mode(self.dir)),
            Err(e) if e.kind() == ErrorKind::AlreadyExists && dir.is_dir() => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Creates a new file (it must not exist) with `mode`, independent of the umask.
    pub fn create_new(path: &Path, mode: u32, read: bool) -> io::Result<File> {
        let f = OpenOptions::new()
            .read(read)
            .write(true)
            .create_new(true)
            .mode(mode)
            .open(path)?;
        f.set_permissions(fs::Permissions::from_mode(mode))?;
        Ok(f)
    }

    /// Opens `path` with `opts` (no `create`), creating it first with [`Modes::file`]
    /// if it is missing.
    pub fn open_or_create(&self, path: &Path, opts: &OpenOptions) -> io::Result<File> {
        match opts.open(path) {
            Err(e) if e.kind() == ErrorKind::NotFound => {}
            other => return other,
        }
        match Modes::create_new(path, self.file, false) {
            // Another process may have created it since.
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
        opts.open(path)
    }
}

/// The gid of group `name`.
pub fn group_id(name: &str) -> io::Result<u32> {
    let c = std::ffi::CString::new(name)
        .map_err(|_| io::Error::new(ErrorKind::InvalidInput, "a group name has no NUL"))?;
    let mut grp: libc::group = unsafe { std::mem::zeroed() };
    let mut buf = vec![0 as libc::c_char; 16 * 1024];
    let mut out: *mut libc::group = std::ptr::null_mut();
    // SAFETY: every pointer is valid for the call; the result points into `grp`/`buf`,
    // which outlive its use here.
    let rc =
        unsafe { libc::getgrnam_r(c.as_ptr(), &mut grp, buf.as_mut_ptr(), buf.len(), &mut out) };
    if rc != 0 {
        return Err(io::Error::from_raw_os_error(rc));
    }
    if out.is_null() {
        return Err(io::Error::new(
            ErrorKind::NotFound,
            format!("there is no group {name:?} on this system"),
        ));
    }
    Ok(grp.gr_gid)
}

/// Shares the store at `root` with group `gid`: the root and everything under it get
/// the group, directories `2770` and files `0660` ([`GROUP`]). For `init
/// --store-group` on a new or an existing store. Symlinks are not followed.
pub fn share_with_group(root: &Path, gid: u32) -> io::Result<()> {
    fn visit(path: &Path, gid: u32) -> io::Result<()> {
        let m = fs::symlink_metadata(path)?;
        if m.file_type().is_symlink() {
            return Ok(());
        }
        std::os::unix::fs::lchown(path, None, Some(gid))?;
        if m.is_dir() {
            fs::set_permissions(path, fs::Permissions::from_mode(GROUP.dir))?;
            for e in fs::read_dir(path)? {
                visit(&e?.path(), gid)?;
            }
        } else {
            fs::set_permissions(path, fs::Permissions::from_mode(GROUP.file))?;
        }
        Ok(())
    }
    visit(root, gid)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode(p: &Path) -> u32 {
        fs::metadata(p).unwrap().mode() & 0o7777
    }

    #[test]
    fn modes_follow_the_root_and_not_the_umask() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("store");
        PRIVATE.create_dir_all(&root.join("a/b")).unwrap();
        assert_eq!(mode(&root), 0o700);
        assert_eq!(mode(&root.join("a/b")), 0o700);
        assert_eq!(Modes::of_root(&root), PRIVATE);
        fs::set_permissions(&root, fs::Permissions::from_mode(0o2770)).unwrap();
        assert_eq!(Modes::of_root(&root), GROUP);
        GROUP.create_dir_all(&root.join("c")).unwrap();
        assert_eq!(mode(&root.join("c")), 0o2770);
        let f = root.join("c/f");
        Modes::create_new(&f, GROUP.file, false).unwrap();
        assert_eq!(mode(&f), 0o660);
    }
}
