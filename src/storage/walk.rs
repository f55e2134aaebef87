//! Walks over the whole store, for gc, scan and the blob inventory.
//!
//! The walks are split at natural fan-out points (one blob bucket, one repository) so
//! that callers can spread them over threads. Every name that does not fit the layout
//! is returned as a [`Stray`] instead of being skipped without a word.

use std::time::SystemTime;

use super::paths::{self, Key};
use super::{io_err, EntryKind, Result, Store, StoreError, UploadId, UploadMeta};
use crate::oci::{Algorithm, Digest, RepoName, Tag};

/// Something in the store that does not belong to the layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stray {
    /// Where it is.
    pub key: Key,
    /// Why it does not belong.
    pub why: String,
}

impl Stray {
    fn new(key: Key, why: impl Into<String>) -> Stray {
        Stray {
            key,
            why: why.into(),
        }
    }
}

/// One bucket of the content store: `blobs/<alg>/<hh>`.
pub type Bucket = (Algorithm, String);

/// Blob bytes in the content store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlobEntry {
    /// The digest its path names.
    pub digest: Digest,
    /// Size in bytes.
    pub size: u64,
    /// Last write or stamp.
    pub modified: SystemTime,
}

/// Which kind of per-repository link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinkKind {
    /// `_layers`: the repository may serve this blob.
    Layer,
    /// `_manifests`: the repository holds this manifest.
    Manifest,
}

impl LinkKind {
    fn dir(self) -> &'static str {
        match self {
            LinkKind::Layer => paths::LAYERS_DIR,
            LinkKind::Manifest => paths::MANIFESTS_DIR,
        }
    }

    /// The link's key.
    pub fn key(self, repo: &RepoName, d: &Digest) -> Key {
        match self {
            LinkKind::Layer => paths::layer_link(repo, d),
            LinkKind::Manifest => paths::manifest_link(repo, d),
        }
    }
}

/// A link record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkEntry {
    /// The linked digest.
    pub digest: Digest,
    /// Last write or stamp.
    pub modified: SystemTime,
}

/// A tag record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagEntry {
    /// The tag.
    pub tag: Tag,
    /// What it points at, or why the record could not be read.
    pub target: std::result::Result<Digest, String>,
    /// Last write.
    pub modified: SystemTime,
}

/// A referrer record: `referrer`'s subject is `subject`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferrerEntry {
    /// The subject manifest.
    pub subject: Digest,
    /// The referring manifest.
    pub referrer: Digest,
}

/// An upload session.
#[derive(Debug, Clone)]
pub struct UploadEntry {
    /// Session id.
    pub id: UploadId,
    /// Its metadata, or why it could not be read.
    pub meta: std::result::Result<UploadMeta, String>,
    /// Bytes received.
    pub size: u64,
    /// Last time bytes arrived (or the session started).
    pub modified: SystemTime,
}

impl Store {
    fn stat_required(&self, key: &Key) -> Result<Option<super::ObjectMeta>> {
        self.stat_key(key)
    }

    /// The buckets of the content store (`blobs/<alg>/<hh>`), to spread a walk over
    /// threads, plus anything at those levels that does not belong.
    pub fn blob_buckets(&self) -> Result<(Vec<Bucket>, Vec<Stray>)> {
        let mut buckets = Vec::new();
        let mut strays = Vec::new();
        let top = paths::top(paths::BLOBS);
        for alg_entry in self.list_key(&top)?.unwrap_or_default() {
            let alg_key = paths::child(&top, &alg_entry.name);
            let alg = match (Algorithm::parse(&alg_entry.name), alg_entry.kind) {
                (Some(a), EntryKind::Dir) => a,
                _ => {
                    strays.push(Stray::new(alg_key, "not a digest algorithm directory"));
                    continue;
                }
            };
            for b in self.list_key(&alg_key)?.unwrap_or_default() {
                let ok = b.kind == EntryKind::Dir
                    && b.name.len() == 2
                    && b.name
                        .bytes()
                        .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c));
                if ok {
                    buckets.push((alg, b.name));
                } else {
                    strays.push(Stray::new(
                        paths::child(&alg_key, &b.name),
                        "not a two-hex-digit bucket directory",
                    ));
                }
            }
        }
        buckets.sort();
        Ok((buckets, strays))
    }

    /// The blobs in one bucket.
    pub fn blobs_in_bucket(
        &self,
        alg: Algorithm,
        bucket: &str,
    ) -> Result<(Vec<BlobEntry>, Vec<Stray>)> {
        let key = paths::child(&paths::blob_alg_dir(alg), bucket);
        let mut blobs = Vec::new();
        let mut strays = Vec::new();
        for e in self.list_key(&key)?.unwrap_or_default() {
            let child = paths::child(&key, &e.name);
            let digest = Digest::from_parts(alg, &e.name).filter(|d| d.hex().starts_with(bucket));
            match (digest, e.kind) {
                (Some(digest), EntryKind::File) => {
                    // Gone between list and stat: deleted concurrently, not an error.
                    if let Some(m) = self.stat_required(&child)? {
                        blobs.push(BlobEntry {
                            digest,
                            size: m.size,
                            modified: m.modified,
                        });
                    }
                }
                _ => strays.push(Stray::new(child, "not a blob named by its digest")),
            }
        }
        Ok((blobs, strays))
    }

    /// Every blob in the content store (single-threaded convenience over the buckets).
    pub fn all_blobs(&self) -> Result<(Vec<BlobEntry>, Vec<Stray>)> {
        let (buckets, mut strays) = self.blob_buckets()?;
        let mut blobs = Vec::new();
        for (alg, b) in buckets {
            let (mut bl, mut st) = self.blobs_in_bucket(alg, &b)?;
            blobs.append(&mut bl);
            strays.append(&mut st);
        }
        Ok((blobs, strays))
    }

    /// Stat of blob bytes, whether or not any repository links them.
    pub fn blob_data_meta(&self, d: &Digest) -> Result<Option<super::ObjectMeta>> {
        self.stat_key(&paths::blob_data(d))
    }

    /// Reads blob bytes whole (manifests; callers check sizes before reading big blobs).
    pub fn read_blob_data(&self, d: &Digest) -> Result<Option<Vec<u8>>> {
        self.read_key(&paths::blob_data(d))
    }

    /// Opens blob bytes for streaming (integrity checks).
    pub fn open_blob_data(
        &self,
        d: &Digest,
    ) -> Result<Option<(Box<dyn super::ObjectReader>, u64)>> {
        let key = paths::blob_data(d);
        self.backend().open(&key).map_err(io_err(&key))
    }

    /// Every repository, plus directories under `repositories/` that are neither a
    /// valid repository nor on the way to one.
    pub fn repos_with_strays(&self) -> Result<(Vec<RepoName>, Vec<Stray>)> {
        let mut repos = Vec::new();
        let mut strays = Vec::new();
        let mut stack = vec![(paths::top(paths::REPOSITORIES), String::new())];
        while let Some((key, prefix)) = stack.pop() {
            let mut is_repo = false;
            for e in self.list_key(&key)?.unwrap_or_default() {
                let child = paths::child(&key, &e.name);
                if e.kind != EntryKind::Dir {
                    strays.push(Stray::new(child, "file where only directories belong"));
                    continue;
                }
                if e.name.starts_with('_') {
                    if prefix.is_empty() || !paths::REPO_DIRS.contains(&e.name.as_str()) {
                        strays.push(Stray::new(child, "unknown per-repository directory"));
                    } else {
                        is_repo = true;
                    }
                    continue;
                }
                let name = if prefix.is_empty() {
                    e.name.clone()
                } else {
                    format!("{prefix}/{}", e.name)
                };
                if RepoName::parse(&name).is_err() {
                    strays.push(Stray::new(child, "not a valid repository name"));
                    continue;
                }
                stack.push((child, name));
            }
            if is_repo {
                if let Ok(r) = RepoName::parse(&prefix) {
                    repos.push(r);
                }
            }
        }
        repos.sort();
        Ok((repos, strays))
    }

    /// A repository's links of one kind with their times.
    pub fn repo_links(
        &self,
        repo: &RepoName,
        kind: LinkKind,
    ) -> Result<(Vec<LinkEntry>, Vec<Stray>)> {
        let dir = paths::repo_sub(repo, kind.dir());
        let mut links = Vec::new();
        let mut strays = Vec::new();
        for alg_entry in self.list_key(&dir)?.unwrap_or_default() {
            let alg_key = paths::child(&dir, &alg_entry.name);
            let Some(alg) =
                Algorithm::parse(&alg_entry.name).filter(|_| alg_entry.kind == EntryKind::Dir)
            else {
                strays.push(Stray::new(alg_key, "not a digest algorithm directory"));
                continue;
            };
            for e in self.list_key(&alg_key)?.unwrap_or_default() {
                let child = paths::child(&alg_key, &e.name);
                match (Digest::from_parts(alg, &e.name), e.kind) {
                    (Some(digest), EntryKind::File) => {
                        if let Some(m) = self.stat_required(&child)? {
                            links.push(LinkEntry {
                                digest,
                                modified: m.modified,
                            });
                        }
                    }
                    _ => strays.push(Stray::new(child, "not a link named by a digest")),
                }
            }
        }
        links.sort_by(|a, b| a.digest.cmp(&b.digest));
        Ok((links, strays))
    }

    /// Modification time of one link, `None` if it does not exist.
    pub fn link_modified(
        &self,
        repo: &RepoName,
        kind: LinkKind,
        d: &Digest,
    ) -> Result<Option<SystemTime>> {
        Ok(self.stat_key(&kind.key(repo, d))?.map(|m| m.modified))
    }

    /// A repository's tag records.
    pub fn repo_tags(&self, repo: &RepoName) -> Result<(Vec<TagEntry>, Vec<Stray>)> {
        let dir = paths::repo_sub(repo, paths::TAGS_DIR);
        let mut tags = Vec::new();
        let mut strays = Vec::new();
        for e in self.list_key(&dir)?.unwrap_or_default() {
            let child = paths::child(&dir, &e.name);
            let tag = match (Tag::parse(&e.name), e.kind) {
                (Ok(t), EntryKind::File) => t,
                _ => {
                    strays.push(Stray::new(child, "not a tag record"));
                    continue;
                }
            };
            let Some(m) = self.stat_required(&child)? else {
                continue;
            };
            let target = match self.read_key(&child)? {
                None => continue,
                Some(b) => {
                    let s = String::from_utf8_lossy(&b);
                    Digest::parse(s.trim()).map_err(|e| e.to_string())
                }
            };
            tags.push(TagEntry {
                tag,
                target,
                modified: m.modified,
            });
        }
        tags.sort_by(|a, b| a.tag.cmp(&b.tag));
        Ok((tags, strays))
    }

    /// A repository's referrer records.
    pub fn repo_referrer_records(
        &self,
        repo: &RepoName,
    ) -> Result<(Vec<ReferrerEntry>, Vec<Stray>)> {
        let dir = paths::repo_sub(repo, paths::REFERRERS_DIR);
        let mut out = Vec::new();
        let mut strays = Vec::new();
        for sa in self.list_key(&dir)?.unwrap_or_default() {
            let sa_key = paths::child(&dir, &sa.name);
            let Some(salg) = Algorithm::parse(&sa.name) else {
                strays.push(Stray::new(sa_key, "not a digest algorithm directory"));
                continue;
            };
            for sh in self.list_key(&sa_key)?.unwrap_or_default() {
                let sh_key = paths::child(&sa_key, &sh.name);
                let Some(subject) = Digest::from_parts(salg, &sh.name) else {
                    strays.push(Stray::new(sh_key, "not a subject digest directory"));
                    continue;
                };
                for ra in self.list_key(&sh_key)?.unwrap_or_default() {
                    let ra_key = paths::child(&sh_key, &ra.name);
                    let Some(ralg) = Algorithm::parse(&ra.name) else {
                        strays.push(Stray::new(ra_key, "not a digest algorithm directory"));
                        continue;
                    };
                    for rh in self.list_key(&ra_key)?.unwrap_or_default() {
                        match Digest::from_parts(ralg, &rh.name) {
                            Some(referrer) => out.push(ReferrerEntry {
                                subject: subject.clone(),
                                referrer,
                            }),
                            None => strays.push(Stray::new(
                                paths::child(&ra_key, &rh.name),
                                "not a referrer record",
                            )),
                        }
                    }
                }
            }
        }
        Ok((out, strays))
    }

    /// Every upload session.
    pub fn list_uploads(&self) -> Result<(Vec<UploadEntry>, Vec<Stray>)> {
        let top = paths::top(paths::UPLOADS);
        let mut out = Vec::new();
        let mut strays = Vec::new();
        for e in self.list_key(&top)?.unwrap_or_default() {
            let child = paths::child(&top, &e.name);
            let Some(id) = UploadId::parse(&e.name).filter(|_| e.kind == EntryKind::Dir) else {
                strays.push(Stray::new(child, "not an upload session directory"));
                continue;
            };
            let meta_key = paths::upload_meta(&id);
            let data_key = paths::upload_data(&id);
            let meta = match self.read_key(&meta_key)? {
                None => Err("session has no meta.json".to_string()),
                Some(b) => serde_json::from_slice::<UploadMeta>(&b).map_err(|e| e.to_string()),
            };
            let (size, modified) = match (self.stat_key(&data_key)?, self.stat_key(&meta_key)?) {
                (Some(d), _) => (d.size, d.modified),
                (None, Some(m)) => (0, m.modified),
                (None, None) => match self.stat_key(&child)? {
                    Some(m) => (0, m.modified),
                    None => continue,
                },
            };
            out.push(UploadEntry {
                id,
                meta,
                size,
                modified,
            });
        }
        Ok((out, strays))
    }

    /// Entries of `tmp/` (staging files left by interrupted writes) with their times.
    pub fn tmp_entries(&self) -> Result<Vec<(Key, SystemTime)>> {
        let top = paths::top(paths::TMP);
        let mut out = Vec::new();
        for e in self.list_key(&top)?.unwrap_or_default() {
            let child = paths::child(&top, &e.name);
            if let Some(m) = self.stat_key(&child)? {
                out.push((child, m.modified));
            }
        }
        Ok(out)
    }

    /// Top-level entries that are not part of the layout.
    pub fn top_level_strays(&self) -> Result<Vec<Stray>> {
        let mut strays = Vec::new();
        let root = paths::root();
        let entries = self
            .backend()
            .list(&root)
            .map_err(|cause| StoreError::Io {
                key: root.to_string(),
                cause,
            })?
            .unwrap_or_default();
        for e in entries {
            if !paths::is_top_level(&e.name) {
                strays.push(Stray::new(
                    paths::top(&e.name),
                    "not part of the store layout",
                ));
            }
        }
        Ok(strays)
    }
}
