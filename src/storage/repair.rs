//! Repairs `scan --fix` makes. Each one re-checks, under the commit lock, that the
//! damage it was asked to repair is still there, because `serve` may have healed it
//! in the meantime (a client pushing the missing blob again, a tag moved elsewhere).
//! Nothing here deletes blob bytes: corrupt bytes are moved to `quarantine/`.

use std::io;

use super::paths::{self, Key};
use super::{io_err, LockMode, Result, Store, StoreError};
use crate::oci::{Digest, RepoName, Tag};

impl Store {
    /// Moves blob bytes that do not hash to their digest out of the content store into
    /// `quarantine/<alg>/<hex>.<unix-time>`, so that a client can push the blob again.
    /// `expected_size` is the size that was hashed: if the bytes changed since, nothing
    /// is moved and `None` is returned. Returns where the bytes went.
    pub fn quarantine_blob(&self, d: &Digest, expected_size: u64) -> Result<Option<Key>> {
        let _commit = self.commit_lock(LockMode::Shared)?;
        let data = paths::blob_data(d);
        match self.stat_key(&data)? {
            Some(m) if m.size == expected_size => {}
            _ => return Ok(None),
        }
        let target = paths::quarantine(d, super::unix_now());
        self.b().promote(&data, &target).map_err(io_err(&target))?;
        Ok(Some(target))
    }

    /// Files in `quarantine/` and their total size (for the scan report).
    pub fn quarantine_usage(&self) -> Result<(usize, u64)> {
        let top = paths::top(paths::QUARANTINE);
        let (mut files, mut bytes) = (0, 0);
        for alg in self.list_key(&top)?.unwrap_or_default() {
            let alg_key = paths::child(&top, &alg.name);
            for e in self.list_key(&alg_key)?.unwrap_or_default() {
                if let Some(m) = self.stat_key(&paths::child(&alg_key, &e.name))? {
                    files += 1;
                    bytes += m.size;
                }
            }
        }
        Ok((files, bytes))
    }

    /// Removes a repository's link (layer or manifest) whose blob bytes are missing.
    /// For a manifest link the referrer record naming it goes too. `false` (nothing
    /// changed) if the bytes are there again or the link is already gone.
    pub fn remove_dangling_link(
        &self,
        repo: &RepoName,
        kind: super::LinkKind,
        d: &Digest,
    ) -> Result<bool> {
        let _commit = self.commit_lock(LockMode::Shared)?;
        if self.stat_key(&paths::blob_data(d))?.is_some() {
            return Ok(false);
        }
        if kind == super::LinkKind::Manifest {
            // The body is gone, so the subject is unknown: look for the record by name.
            let (records, _) = self.repo_referrer_records(repo)?;
            for r in records.iter().filter(|r| &r.referrer == d) {
                self.delete_key(&paths::referrer(repo, &r.subject, d))?;
            }
        }
        self.delete_key(&kind.key(repo, d))
    }

    /// Removes a tag that points at nothing usable: a manifest the repository does not
    /// hold or whose bytes are missing, or a record that does not parse (`target`
    /// `None`). `false` if the tag was changed or healed meanwhile, or is gone.
    pub fn remove_dangling_tag(
        &self,
        repo: &RepoName,
        tag: &Tag,
        target: Option<&Digest>,
    ) -> Result<bool> {
        let _commit = self.commit_lock(LockMode::Shared)?;
        let key = paths::tag(repo, tag);
        let now = match self.read_key(&key)? {
            None => return Ok(false),
            Some(b) => Digest::parse(String::from_utf8_lossy(&b).trim()).ok(),
        };
        if now.as_ref() != target {
            return Ok(false);
        }
        if let Some(d) = &now {
            let held = self.stat_key(&paths::manifest_link(repo, d))?.is_some();
            if held && self.stat_key(&paths::blob_data(d))?.is_some() {
                return Ok(false);
            }
        }
        self.delete_key(&key)
    }

    /// Removes a referrer record whose referring manifest the repository no longer
    /// holds. `false` if it holds it again or the record is gone.
    pub fn remove_stale_referrer(
        &self,
        repo: &RepoName,
        subject: &Digest,
        referrer: &Digest,
    ) -> Result<bool> {
        let _commit = self.commit_lock(LockMode::Shared)?;
        if self
            .stat_key(&paths::manifest_link(repo, referrer))?
            .is_some()
        {
            return Ok(false);
        }
        self.delete_key(&paths::referrer(repo, subject, referrer))
    }

    /// Hashes blob bytes with their digest's algorithm; calls `progress` with each
    /// chunk's length. `None` if the bytes are gone. Returns what they hash to and how
    /// many bytes were hashed.
    ///
    /// Where the backend can map objects into memory the bytes are hashed in place, in
    /// `MAP_CHUNK` pieces (no copy into a buffer: that copy cost as much CPU as the
    /// hashing); otherwise, and for anything past the size seen at open, they are read
    /// `buf.len()` bytes at a time.
    pub fn hash_blob_data(
        &self,
        d: &Digest,
        buf: &mut [u8],
        progress: &mut dyn FnMut(u64),
    ) -> Result<Option<(Digest, u64)>> {
        const MAP_CHUNK: u64 = 8 << 20;
        let key = paths::blob_data(d);
        let err = |cause: io::Error| StoreError::Io {
            key: key.to_string(),
            cause,
        };
        let Some((mut r, size)) = self.open_blob_data(d)? else {
            return Ok(None);
        };
        let mut h = crate::oci::Hasher::new(d.algorithm());
        let mut n = 0u64;
        while n < size {
            let len = MAP_CHUNK.min(size - n);
            match r.map(n, len as usize) {
                Some(Ok(bytes)) => {
                    h.update(&bytes);
                    n += len;
                    progress(len);
                }
                Some(Err(e)) => return Err(err(e)),
                None => break,
            }
        }
        io::Seek::seek(&mut r, io::SeekFrom::Start(n)).map_err(err)?;
        loop {
            let got = match io::Read::read(&mut r, buf) {
                Ok(0) => break,
                Ok(got) => got,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(err(e)),
            };
            h.update(&buf[..got]);
            n += got as u64;
            progress(got as u64);
        }
        Ok(Some((h.finish(), n)))
    }
}
