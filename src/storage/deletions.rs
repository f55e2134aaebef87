//! The deletion audit log's place in the store (`auth/deletions.log`), written and read
//! for [`crate::audit`]: kept here because this module alone knows the store's paths.
//!
//! It is an append-only log like the auth audit log (`auth/audit.log`), through the
//! same backend operation: on the filesystem one `O_APPEND` write (and `fdatasync`) per
//! batch of lines, on object storage one create-only object per batch under
//! `auth/deletions.log.d/`, read back in name order. Many processes append without a
//! lock either way.

use super::{io_err, paths, Key, Result, Store};

/// The log's key.
pub fn deletion_log() -> Key {
    paths::child(&paths::top(paths::AUTH), paths::DELETION_LOG)
}

impl Store {
    /// Appends `lines` (one or more whole lines, `\n`-separated) to the deletion log in
    /// one write: a batch is never torn, and never interleaved with another process's.
    pub fn append_deletion_lines(&self, lines: &str) -> Result<()> {
        let key = deletion_log();
        self.b().append_line(&key, lines).map_err(io_err(&key))
    }

    /// The whole deletion log; `None` if nothing was ever written to it.
    pub fn read_deletion_log(&self) -> Result<Option<Vec<u8>>> {
        self.read_key(&deletion_log())
    }
}
