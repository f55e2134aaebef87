//! Totals of what the store holds and a readiness probe, for the server's `/metrics`
//! and `/readyz`. The totals walk the blob tree, so callers run them rarely (the
//! server refreshes them in the background), never per request.

use crate::oci::Algorithm;

use super::paths::{self, Key};
use super::{io_err, EntryKind, Result, Store};

/// What the store holds, as of one walk.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    /// Number of stored blobs (layers, configs and manifests, each stored once).
    pub blobs: u64,
    /// Their total size in bytes.
    pub blob_bytes: u64,
    /// Upload sessions present (started and neither finished nor cancelled).
    pub upload_sessions: u64,
}

impl Store {
    /// Counts blobs, their bytes and the upload sessions. Walks `blobs/`: seconds on
    /// a store with millions of blobs, so call it from a background task.
    pub fn usage(&self) -> Result<Usage> {
        let mut u = Usage::default();
        for alg in [Algorithm::Sha256, Algorithm::Sha512] {
            let alg_dir = paths::blob_alg_dir(alg);
            for fan in self.dirs(&alg_dir)? {
                let fan_key = paths::child(&alg_dir, &fan);
                for e in self.list_key(&fan_key)?.unwrap_or_default() {
                    if e.kind != EntryKind::File {
                        continue;
                    }
                    // A blob deleted by gc between the listing and the stat is skipped.
                    if let Some(meta) = self.stat_key(&paths::child(&fan_key, &e.name))? {
                        u.blobs += 1;
                        u.blob_bytes += meta.size;
                    }
                }
            }
        }
        u.upload_sessions = self.dirs(&paths::top(paths::UPLOADS))?.len() as u64;
        Ok(u)
    }

    /// Names of the sub-directories of `key` (none if it does not exist).
    fn dirs(&self, key: &Key) -> Result<Vec<String>> {
        Ok(self
            .list_key(key)?
            .unwrap_or_default()
            .into_iter()
            .filter(|e| e.kind == EntryKind::Dir)
            .map(|e| e.name)
            .collect())
    }

    /// Checks that the store can be read (its blob directory listed): the readiness
    /// of a read-only server, whose store may be on a read-only filesystem.
    pub fn probe_readable(&self) -> Result<()> {
        let key = paths::top(paths::BLOBS);
        match self.list_key(&key)? {
            Some(_) => Ok(()),
            None => Err(super::StoreError::Corrupt {
                key: key.to_string(),
                why: "the blob directory is missing".into(),
            }),
        }
    }

    /// Checks that the store can be written and read back: writes, reads and deletes
    /// a small probe object in the staging area.
    pub fn probe(&self) -> Result<()> {
        let key = paths::tmp(&format!("readyz-{}", uuid::Uuid::new_v4().simple()));
        let data = b"registryctl readiness probe";
        self.write_key(&key, data)?;
        let back = self.read_key(&key);
        // Always try to clean up, whatever the read returned.
        let _ = self.b().delete(&key).map_err(io_err(&key));
        match back? {
            Some(b) if b == data => Ok(()),
            _ => Err(super::StoreError::Corrupt {
                key: key.to_string(),
                why: "the probe read back differently from what was written".into(),
            }),
        }
    }
}
