//! What `registryctl quarantine ls|purge` needs of the store: the files `scan --fix`
//! moved to `quarantine/`, and removing one. Kept apart from `repair.rs` (which puts
//! them there) while the backend layer is rewritten; it uses only the store's own
//! key helpers.

use std::time::SystemTime;

use super::backend::EntryKind;
use super::paths::{self, Key};
use super::{Result, Store};
use crate::oci::digest::Algorithm;
use crate::oci::Digest;

/// One file in `quarantine/`: corrupt bytes `scan --fix` moved aside.
#[derive(Debug, Clone)]
pub struct QuarantineEntry {
    /// The file, relative to the store root.
    pub key: Key,
    /// The digest the bytes were stored under (and do not hash to), when the name
    /// fits the layout `quarantine/<alg>/<hex>.<unix-time>`.
    pub digest: Option<Digest>,
    /// Size in bytes.
    pub size: u64,
    /// When the bytes were moved there (the file's time).
    pub modified: SystemTime,
}

impl Store {
    /// Every file in `quarantine/`, sorted by key.
    pub fn quarantine_entries(&self) -> Result<Vec<QuarantineEntry>> {
        let top = paths::top(paths::QUARANTINE);
        let mut out = Vec::new();
        for alg in self.list_key(&top)?.unwrap_or_default() {
            let alg_key = paths::child(&top, &alg.name);
            if alg.kind != EntryKind::Dir {
                continue;
            }
            for e in self.list_key(&alg_key)?.unwrap_or_default() {
                let key = paths::child(&alg_key, &e.name);
                let Some(meta) = self.stat_key(&key)? else {
                    continue;
                };
                let digest = Algorithm::parse(&alg.name).and_then(|a| {
                    let hex = e.name.split_once('.').map_or(e.name.as_str(), |(h, _)| h);
                    Digest::from_parts(a, hex)
                });
                out.push(QuarantineEntry {
                    key,
                    digest,
                    size: meta.size,
                    modified: meta.modified,
                });
            }
        }
        out.sort_by_key(|e| e.key.to_string());
        Ok(out)
    }

    /// Deletes a file [`Store::quarantine_entries`] listed. `false` if it was gone.
    pub fn remove_quarantined(&self, e: &QuarantineEntry) -> Result<bool> {
        self.delete_key(&e.key)
    }
}
