//! The robot-account files under `auth/` (`robots.toml`, `robots-usage.toml`), read
//! and written for [`crate::auth::robots`]: kept here because this module alone knows
//! the store's paths. Same rules as the other auth files: atomic replacement,
//! owner-readable only.

use super::{io_err, paths, Key, ObjectMeta, Result, Store};

/// The files robot accounts keep in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RobotFile {
    /// The robots: grants, expiry, hashed secrets (`auth/robots.toml`).
    Robots,
    /// When each robot was last used (`auth/robots-usage.toml`), written at most
    /// about once a minute per robot by a running server.
    Usage,
}

impl RobotFile {
    /// The file's name under `auth/`.
    pub fn file_name(self) -> &'static str {
        match self {
            RobotFile::Robots => "robots.toml",
            RobotFile::Usage => "robots-usage.toml",
        }
    }

    /// The file's key.
    pub fn key(self) -> Key {
        paths::child(&paths::top(paths::AUTH), self.file_name())
    }
}

impl Store {
    /// Reads a robot file; `None` if it does not exist.
    pub fn read_robot_file(&self, f: RobotFile) -> Result<Option<Vec<u8>>> {
        self.read_key(&f.key())
    }

    /// Replaces a robot file atomically, readable by the store's owner only.
    pub fn write_robot_file(&self, f: RobotFile, data: &[u8]) -> Result<()> {
        let key = f.key();
        self.b()
            .write_atomic_private(&key, data)
            .map_err(io_err(&key))
    }

    /// Size and modification time of a robot file (to notice edits by other processes).
    pub fn robot_file_meta(&self, f: RobotFile) -> Result<Option<ObjectMeta>> {
        self.stat_key(&f.key())
    }
}
