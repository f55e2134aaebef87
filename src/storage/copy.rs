//! What `import store` needs of the storage module beyond the repository API: the
//! files under `auth/`, copied whole from one store to another of either kind. Only
//! this module knows that on object storage an append-only log is a set of entries
//! and on the filesystem one file, so the copy goes through each store's own reads
//! and appends.

use super::backend::EntryKind;
use super::paths::{self, KeyClass};
use super::{io_err, Result, Store};

/// What copying one auth file did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthCopy {
    /// The target had no such file; it has the source's now.
    Copied,
    /// The target had it with the same content.
    AlreadyThere,
    /// The target has it with other content, which is kept.
    Differs,
}

impl Store {
    /// Copies every file under `auth/` (users, groups, rules, the token signing key,
    /// policy, robots, the audit and deletion logs) that `to` lacks; a file `to` has
    /// is left as it is. Returns each file's name with what was done.
    pub fn copy_auth_files_to(&self, to: &Store) -> Result<Vec<(String, AuthCopy)>> {
        let auth = paths::top(paths::AUTH);
        let mut out = Vec::new();
        let mut names: Vec<String> = self
            .list_key(&auth)?
            .unwrap_or_default()
            .into_iter()
            .filter(|e| e.kind == EntryKind::File)
            .map(|e| e.name)
            .filter(|n| paths::class(&paths::child(&auth, n)) == KeyClass::Record)
            .collect();
        names.sort();
        // Logs, whatever form the source keeps them in.
        names.extend(["audit.log", paths::DELETION_LOG].map(String::from));
        for name in names {
            let key = paths::child(&auth, &name);
            let Some(data) = self.read_key(&key)?.filter(|d| !d.is_empty()) else {
                continue;
            };
            let theirs = to.read_key(&key)?.filter(|d| !d.is_empty());
            let done = match theirs {
                Some(t) if t == data => AuthCopy::AlreadyThere,
                Some(_) => AuthCopy::Differs,
                None if paths::class(&key) == KeyClass::Log => {
                    let text = String::from_utf8_lossy(&data);
                    to.b()
                        .append_line(&key, text.strip_suffix('\n').unwrap_or(&text))
                        .map_err(io_err(&key))?;
                    AuthCopy::Copied
                }
                None => {
                    to.b()
                        .write_atomic_private(&key, &data)
                        .map_err(io_err(&key))?;
                    AuthCopy::Copied
                }
            };
            out.push((name, done));
        }
        Ok(out)
    }
}
