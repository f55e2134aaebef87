//! Whole images in and out of the store: export to an OCI image layout (a directory
//! or a tar archive), import from one, and copy between repositories of one store.
//!
//! An image is a manifest with everything it references: its config and layers, the
//! child manifests of an index (each with theirs), and with `referrers` the manifests
//! whose subject it is. Every byte is checked against its digest on the way out and
//! on the way in; an import stores a manifest only after everything it names is in
//! the repository, children before their index, so a failure half-way leaves
//! nothing tagged (unreferenced blobs that gc reclaims at most).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::{self, File};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context};
use serde::{Deserialize, Serialize};

use crate::oci::{Descriptor, Digest, Hasher, Manifest, RepoName, Tag};
use crate::storage::{Store, UploadError};

/// The annotation an OCI layout's `index.json` names images by.
pub const REF_NAME: &str = "org.opencontainers.image.ref.name";
/// The largest manifest read from a layout (the registry accepts up to 4 MiB).
const MANIFEST_LIMIT: u64 = crate::oci::manifest::MAX_MANIFEST_SIZE as u64;

/// `REPO:TAG` or `REPO@DIGEST`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// The repository.
    pub repo: RepoName,
    /// The tag, if named by tag.
    pub tag: Option<Tag>,
    /// The digest, if named by digest.
    pub digest: Option<Digest>,
}

impl ImageRef {
    /// Parses `REPO:TAG`, `REPO@DIGEST` or, with `tag_optional`, a bare `REPO`.
    pub fn parse(s: &str, tag_optional: bool) -> anyhow::Result<ImageRef> {
        if let Some((r, d)) = s.split_once('@') {
            let digest = Digest::parse(d).with_context(|| format!("`{d}` is not a digest"))?;
            return Ok(ImageRef {
                repo: parse_repo(r)?,
                tag: None,
                digest: Some(digest),
            });
        }
        match s.rsplit_once(':') {
            Some((r, t)) => Ok(ImageRef {
                repo: parse_repo(r)?,
                tag: Some(Tag::parse(t).with_context(|| format!("`{t}` is not a valid tag"))?),
                digest: None,
            }),
            None if tag_optional => Ok(ImageRef {
                repo: parse_repo(s)?,
                tag: None,
                digest: None,
            }),
            None => bail!("`{s}` is neither REPO:TAG nor REPO@DIGEST (e.g. acme/app:v1)"),
        }
    }

    /// The manifest digest it names in `store`.
    pub fn resolve(&self, store: &Store) -> anyhow::Result<Digest> {
        if let Some(d) = &self.digest {
            if store.manifest_info(&self.repo, d)?.is_none() {
                bail!("{} holds no manifest {d}", self.repo);
            }
            return Ok(d.clone());
        }
        let Some(tag) = &self.tag else {
            bail!("name a tag or a digest of {}", self.repo);
        };
        store.resolve_tag(&self.repo, tag)?.ok_or_else(|| {
            anyhow!(
                "{}:{tag} does not exist (see `registryctl tag ls {}`)",
                self.repo,
                self.repo
            )
        })
    }
}

impl std::fmt::Display for ImageRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.tag, &self.digest) {
            (_, Some(d)) => write!(f, "{}@{d}", self.repo),
            (Some(t), None) => write!(f, "{}:{t}", self.repo),
            (None, None) => write!(f, "{}", self.repo),
        }
    }
}

fn parse_repo(s: &str) -> anyhow::Result<RepoName> {
    RepoName::parse(s).with_context(|| format!("`{s}` is not a valid repository name"))
}

/// What an export, import or copy moved.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The top manifest's digest.
    pub digest: String,
    /// Manifests (the image's, its children's, referrers').
    pub manifests: usize,
    /// Config and layer blobs.
    pub blobs: usize,
    /// Bytes of blobs written (not counting those already there).
    pub bytes_written: u64,
    /// Blobs that were already at the destination.
    pub blobs_present: usize,
}

/// The `oci-layout` file.
#[derive(Serialize, Deserialize)]
struct LayoutMarker {
    #[serde(rename = "imageLayoutVersion")]
    version: String,
}

/// `index.json` of a layout.
#[derive(Serialize, Deserialize)]
struct LayoutIndex {
    #[serde(rename = "schemaVersion")]
    schema_version: u32,
    #[serde(rename = "mediaType", default, skip_serializing_if = "Option::is_none")]
    media_type: Option<String>,
    #[serde(default)]
    manifests: Vec<Descriptor>,
}

fn layout_blob_path(d: &Digest) -> String {
    format!("blobs/{}/{}", d.algorithm().as_str(), d.hex())
}

/// A manifest read from the store: its media type and bytes.
type Loaded = (String, Vec<u8>);

/// The graph of one image in a repository: manifests in an order where every
/// manifest comes after the manifests it names (children, subjects first).
struct Graph {
    /// (digest, media type, bytes) in dependency order.
    manifests: Vec<(Digest, String, Vec<u8>)>,
    /// Config and layer descriptors, each once.
    blobs: Vec<Descriptor>,
}

fn walk(store: &Store, repo: &RepoName, top: &Digest, referrers: bool) -> anyhow::Result<Graph> {
    let mut graph = Graph {
        manifests: Vec::new(),
        blobs: Vec::new(),
    };
    let mut blobs: BTreeMap<Digest, Descriptor> = BTreeMap::new();
    let mut seen = HashSet::new();
    walk_from(store, repo, top, &mut seen, &mut graph, &mut blobs)?;
    if referrers {
        // Referrers (and theirs) come after their subjects; each is an image of its
        // own, walked the same way.
        let mut i = 0;
        while i < graph.manifests.len() {
            let subject = graph.manifests[i].0.clone();
            for r in store.referrers(repo, &subject)? {
                if !seen.contains(&r.digest) {
                    walk_from(store, repo, &r.digest, &mut seen, &mut graph, &mut blobs)?;
                }
            }
            i += 1;
        }
    }
    graph.blobs = blobs.into_values().collect();
    Ok(graph)
}

/// Depth-first from `top`: every manifest is appended after the children it names.
fn walk_from(
    store: &Store,
    repo: &RepoName,
    top: &Digest,
    seen: &mut HashSet<Digest>,
    graph: &mut Graph,
    blobs: &mut BTreeMap<Digest, Descriptor>,
) -> anyhow::Result<()> {
    // (digest, children already pushed): a manifest is emitted on its second visit.
    let mut stack: Vec<(Digest, Option<Loaded>)> = vec![(top.clone(), None)];
    let mut budget = 1_000_000usize; // a bound on the walk, whatever the store holds
    while let Some((d, loaded)) = stack.pop() {
        budget = budget
            .checked_sub(1)
            .ok_or_else(|| anyhow!("image graph of {repo}@{top} is too large"))?;
        if let Some((media_type, bytes)) = loaded {
            graph.manifests.push((d, media_type, bytes));
            continue;
        }
        if !seen.insert(d.clone()) {
            continue;
        }
        let (info, bytes) = store.read_manifest(repo, &d)?.ok_or_else(|| {
            anyhow!(
                "{repo} is missing manifest {d}, which the image needs (run `registryctl scan`)"
            )
        })?;
        check_digest(&d, &bytes)?;
        let m = Manifest::parse(&bytes, &info.media_type)
            .map_err(|e| anyhow!("manifest {d} in {repo} does not parse: {e}"))?;
        for b in m.blob_refs() {
            blobs.entry(b.digest.clone()).or_insert_with(|| b.clone());
        }
        let children: Vec<Digest> = m.manifests.iter().map(|c| c.digest.clone()).collect();
        stack.push((d, Some((info.media_type, bytes))));
        for c in children {
            stack.push((c, None));
        }
    }
    Ok(())
}

fn check_digest(d: &Digest, bytes: &[u8]) -> anyhow::Result<()> {
    let got = Digest::of(d.algorithm(), bytes);
    if &got != d {
        bail!("content named {d} hashes to {got}: not copied");
    }
    Ok(())
}

/// Where an export writes: a directory or a tar stream.
trait LayoutSink {
    fn has(&self, path: &str) -> bool;
    fn put(&mut self, path: &str, size: u64, reader: &mut dyn Read) -> anyhow::Result<()>;
    fn index(&self) -> anyhow::Result<Option<LayoutIndex>>;
}

struct DirSink {
    root: PathBuf,
}

impl LayoutSink for DirSink {
    fn has(&self, path: &str) -> bool {
        self.root.join(path).is_file()
    }

    fn put(&mut self, path: &str, _size: u64, reader: &mut dyn Read) -> anyhow::Result<()> {
        let dest = self.root.join(path);
        let parent = dest.parent().unwrap_or(&self.root);
        fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        let tmp = parent.join(format!(".{}.tmp", uuid::Uuid::new_v4().simple()));
        let written = (|| -> io::Result<()> {
            let mut f = File::create(&tmp)?;
            io::copy(reader, &mut f)?;
            f.sync_data()
        })();
        match written.and_then(|()| fs::rename(&tmp, &dest)) {
            Ok(()) => Ok(()),
            Err(e) => {
                let _ = fs::remove_file(&tmp);
                Err(e).with_context(|| format!("writing {}", dest.display()))
            }
        }
    }

    fn index(&self) -> anyhow::Result<Option<LayoutIndex>> {
        let p = self.root.join("index.json");
        match fs::read(&p) {
            Ok(b) => Ok(Some(serde_json::from_slice(&b).with_context(|| {
                format!("{} is not an OCI image index", p.display())
            })?)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e).with_context(|| format!("reading {}", p.display())),
        }
    }
}

struct TarSink<W: Write> {
    tar: tar::Builder<W>,
    written: HashSet<String>,
}

impl<W: Write> LayoutSink for TarSink<W> {
    fn has(&self, path: &str) -> bool {
        self.written.contains(path)
    }

    fn put(&mut self, path: &str, size: u64, reader: &mut dyn Read) -> anyhow::Result<()> {
        let mut h = tar::Header::new_ustar();
        h.set_size(size);
        h.set_mode(0o644);
        h.set_mtime(0);
        h.set_entry_type(tar::EntryType::Regular);
        self.tar
            .append_data(&mut h, path, reader)
            .with_context(|| format!("writing {path} to the archive"))?;
        self.written.insert(path.to_string());
        Ok(())
    }

    fn index(&self) -> anyhow::Result<Option<LayoutIndex>> {
        Ok(None)
    }
}

/// A reader that hashes what passes through and fails at the end on a mismatch, so
/// bytes that do not match their digest never complete a write.
struct Verified<R> {
    inner: R,
    hasher: Option<Hasher>,
    expected: Digest,
    remaining: u64,
}

impl<R: Read> Read for Verified<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(h) = self.hasher.as_mut() {
            h.update(&buf[..n]);
        }
        self.remaining = self.remaining.saturating_sub(n as u64);
        if n == 0 {
            if let Some(h) = self.hasher.take() {
                let got = h.finish();
                if got != self.expected {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("blob {} hashes to {got}", self.expected),
                    ));
                }
            }
        }
        Ok(n)
    }
}

fn export_into(
    store: &Store,
    src: &ImageRef,
    referrers: bool,
    sink: &mut dyn LayoutSink,
) -> anyhow::Result<(Report, Descriptor)> {
    let top = src.resolve(store)?;
    let graph = walk(store, &src.repo, &top, referrers)?;
    let mut report = Report {
        digest: top.to_string(),
        ..Report::default()
    };
    sink.put(
        "oci-layout",
        30,
        &mut &br#"{"imageLayoutVersion":"1.0.0"}"#[..],
    )?;
    for b in &graph.blobs {
        report.blobs += 1;
        let path = layout_blob_path(&b.digest);
        if sink.has(&path) {
            report.blobs_present += 1;
            continue;
        }
        let (reader, size) = store.open_blob(&src.repo, &b.digest)?.ok_or_else(|| {
            anyhow!(
                "{} is missing blob {}, which the image needs",
                src.repo,
                b.digest
            )
        })?;
        let mut v = Verified {
            inner: reader,
            hasher: Some(Hasher::new(b.digest.algorithm())),
            expected: b.digest.clone(),
            remaining: size,
        };
        sink.put(&path, size, &mut v)?;
        report.bytes_written += size;
    }
    let mut top_desc = None;
    for (d, media_type, bytes) in &graph.manifests {
        report.manifests += 1;
        let path = layout_blob_path(d);
        if !sink.has(&path) {
            sink.put(&path, bytes.len() as u64, &mut bytes.as_slice())?;
        }
        if d == &top {
            top_desc = Some(Descriptor {
                media_type: media_type.clone(),
                digest: d.clone(),
                size: bytes.len() as u64,
                artifact_type: None,
                annotations: None,
                platform: None,
            });
        }
    }
    let mut desc = top_desc.ok_or_else(|| anyhow!("the image's own manifest was not walked"))?;
    if let Some(tag) = &src.tag {
        desc.annotations = Some(BTreeMap::from([(REF_NAME.to_string(), tag.to_string())]));
    }
    Ok((report, desc))
}

fn index_json(existing: Option<LayoutIndex>, desc: &Descriptor) -> anyhow::Result<Vec<u8>> {
    let mut index = existing.unwrap_or(LayoutIndex {
        schema_version: 2,
        media_type: Some(crate::oci::media::OCI_INDEX.to_string()),
        manifests: Vec::new(),
    });
    let name = desc.annotations.as_ref().and_then(|a| a.get(REF_NAME));
    // One entry per name: a re-export of a tag replaces it.
    index.manifests.retain(|m| {
        let other = m.annotations.as_ref().and_then(|a| a.get(REF_NAME));
        match (name, other) {
            (Some(n), Some(o)) => n != o,
            (None, None) => m.digest != desc.digest,
            _ => true,
        }
    });
    index.manifests.push(desc.clone());
    Ok(serde_json::to_vec_pretty(&index)?)
}

/// Writes `src` into the OCI image layout at `dir` (created if missing; an existing
/// layout gains the image, replacing an entry of the same name).
pub fn export_dir(
    store: &Store,
    src: &ImageRef,
    dir: &Path,
    referrers: bool,
) -> anyhow::Result<Report> {
    if dir.exists() {
        let empty = fs::read_dir(dir)
            .with_context(|| format!("reading {}", dir.display()))?
            .next()
            .is_none();
        if !empty && !dir.join("oci-layout").is_file() {
            bail!(
                "{} exists and is not an OCI image layout: name a new or empty directory",
                dir.display()
            );
        }
    }
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut sink = DirSink {
        root: dir.to_path_buf(),
    };
    let (report, desc) = export_into(store, src, referrers, &mut sink)?;
    let index = index_json(sink.index()?, &desc)?;
    sink.put("index.json", index.len() as u64, &mut index.as_slice())?;
    Ok(report)
}

/// Writes `src` as an OCI image layout in a tar archive at `file` (replaced whole).
pub fn export_tar(
    store: &Store,
    src: &ImageRef,
    file: &Path,
    referrers: bool,
) -> anyhow::Result<Report> {
    let parent = file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = parent.join(format!(".{}.tmp", uuid::Uuid::new_v4().simple()));
    let result = (|| {
        let f = File::create(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
        let mut sink = TarSink {
            tar: tar::Builder::new(io::BufWriter::new(f)),
            written: HashSet::new(),
        };
        let (report, desc) = export_into(store, src, referrers, &mut sink)?;
        let index = index_json(None, &desc)?;
        sink.put("index.json", index.len() as u64, &mut index.as_slice())?;
        let mut w = sink.tar.into_inner().context("finishing the archive")?;
        w.flush()?;
        w.get_ref().sync_data()?;
        fs::rename(&tmp, file).with_context(|| format!("writing {}", file.display()))?;
        Ok(report)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Where an import reads: a layout directory or a tar archive of one.
trait LayoutSource {
    /// Opens a file of the layout with its size; `None` if it is not there.
    fn open(&self, path: &str) -> anyhow::Result<Option<(Box<dyn Read + '_>, u64)>>;
}

struct DirSource(PathBuf);

impl LayoutSource for DirSource {
    fn open(&self, path: &str) -> anyhow::Result<Option<(Box<dyn Read + '_>, u64)>> {
        let p = self.0.join(path);
        match File::open(&p) {
            Ok(f) => {
                let size = f.metadata()?.len();
                Ok(Some((Box::new(f), size)))
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e).with_context(|| format!("opening {}", p.display())),
        }
    }
}

/// A tar archive read in place: one pass records where each file's bytes are, then
/// reads seek there (nothing is extracted).
struct TarSource {
    path: PathBuf,
    entries: HashMap<String, (u64, u64)>,
}

impl TarSource {
    fn open(path: &Path) -> anyhow::Result<TarSource> {
        let f = File::open(path).with_context(|| format!("opening {}", path.display()))?;
        let mut archive = tar::Archive::new(f);
        let mut entries = HashMap::new();
        for e in archive
            .entries()
            .with_context(|| format!("{} is not a tar archive", path.display()))?
        {
            let e = e.with_context(|| format!("reading {}", path.display()))?;
            if e.header().entry_type() != tar::EntryType::Regular {
                continue;
            }
            let name = e
                .path()?
                .to_string_lossy()
                .trim_start_matches("./")
                .to_string();
            entries.insert(name, (e.raw_file_position(), e.size()));
        }
        Ok(TarSource {
            path: path.to_path_buf(),
            entries,
        })
    }
}

impl LayoutSource for TarSource {
    fn open(&self, path: &str) -> anyhow::Result<Option<(Box<dyn Read + '_>, u64)>> {
        let Some(&(offset, size)) = self.entries.get(path) else {
            return Ok(None);
        };
        let mut f = File::open(&self.path)?;
        f.seek(SeekFrom::Start(offset))?;
        Ok(Some((Box::new(f.take(size)), size)))
    }
}

fn read_small(src: &dyn LayoutSource, path: &str, limit: u64) -> anyhow::Result<Option<Vec<u8>>> {
    let Some((r, size)) = src.open(path)? else {
        return Ok(None);
    };
    if size > limit {
        bail!("{path} is {size} bytes, more than the {limit} a manifest may have");
    }
    let mut out = Vec::with_capacity(size as usize);
    r.take(limit + 1).read_to_end(&mut out)?;
    Ok(Some(out))
}

/// Reads the OCI image layout at `path` (a directory or a tar archive) into `dst`
/// (`REPO:TAG`; the tag is set last). `name` picks the image by its
/// `org.opencontainers.image.ref.name`; without it the layout must hold one image, or
/// one named like the destination tag.
pub fn import(
    store: &Store,
    path: &Path,
    dst: &ImageRef,
    name: Option<&str>,
) -> anyhow::Result<Report> {
    let tag = dst
        .tag
        .as_ref()
        .ok_or_else(|| anyhow!("import into REPO:TAG (e.g. acme/app:v1)"))?;
    let source: Box<dyn LayoutSource> = if path.is_dir() {
        Box::new(DirSource(path.to_path_buf()))
    } else {
        Box::new(TarSource::open(path)?)
    };
    let marker = read_small(&*source, "oci-layout", 4096)?.ok_or_else(|| {
        anyhow!(
            "{} is not an OCI image layout (no oci-layout file)",
            path.display()
        )
    })?;
    let marker: LayoutMarker = serde_json::from_slice(&marker)
        .map_err(|e| anyhow!("{}: oci-layout does not parse: {e}", path.display()))?;
    if !marker.version.starts_with("1.") {
        bail!(
            "{}: image layout version {} is not supported (1.x is)",
            path.display(),
            marker.version
        );
    }
    let index = read_small(&*source, "index.json", MANIFEST_LIMIT)?
        .ok_or_else(|| anyhow!("{}: no index.json", path.display()))?;
    let index: LayoutIndex = serde_json::from_slice(&index)
        .map_err(|e| anyhow!("{}: index.json does not parse: {e}", path.display()))?;
    let named = |m: &Descriptor| -> Option<String> {
        m.annotations
            .as_ref()
            .and_then(|a| a.get(REF_NAME))
            .cloned()
    };
    let names: Vec<String> = index.manifests.iter().filter_map(named).collect();
    let pick = match name {
        Some(n) => index
            .manifests
            .iter()
            .find(|m| named(m).as_deref() == Some(n)),
        None if index.manifests.len() == 1 => index.manifests.first(),
        None => index
            .manifests
            .iter()
            .find(|m| named(m).as_deref() == Some(tag.as_str())),
    };
    let Some(top) = pick else {
        bail!(
            "{} holds {} images; pick one with --name (names: {})",
            path.display(),
            index.manifests.len(),
            if names.is_empty() {
                "none".to_string()
            } else {
                names.join(", ")
            }
        );
    };
    let mut report = Report {
        digest: top.digest.to_string(),
        ..Report::default()
    };
    let mut done = HashSet::new();
    import_manifest(store, &*source, &dst.repo, top, &mut report, &mut done, 0)?;
    let (media_type, bytes) = manifest_bytes(&*source, top)?;
    let m = Manifest::parse(&bytes, &media_type).map_err(|e| anyhow!("{}: {e}", top.digest))?;
    store
        .put_manifest(&dst.repo, &top.digest, &bytes, &m, Some(tag))
        .with_context(|| format!("tagging {}:{tag}", dst.repo))?;
    Ok(report)
}

fn manifest_bytes(src: &dyn LayoutSource, desc: &Descriptor) -> anyhow::Result<(String, Vec<u8>)> {
    let bytes = read_small(src, &layout_blob_path(&desc.digest), MANIFEST_LIMIT)?
        .ok_or_else(|| anyhow!("the layout is missing manifest {}", desc.digest))?;
    check_digest(&desc.digest, &bytes)?;
    // The descriptor's media type, else the document's own.
    let media_type = if desc.media_type.is_empty() {
        serde_json::from_slice::<serde_json::Value>(&bytes)
            .ok()
            .and_then(|v| {
                v.get("mediaType")
                    .and_then(|m| m.as_str())
                    .map(str::to_string)
            })
            .unwrap_or_else(|| crate::oci::media::OCI_MANIFEST.to_string())
    } else {
        desc.media_type.clone()
    };
    Ok((media_type, bytes))
}

fn import_manifest(
    store: &Store,
    src: &dyn LayoutSource,
    repo: &RepoName,
    desc: &Descriptor,
    report: &mut Report,
    done: &mut HashSet<Digest>,
    depth: usize,
) -> anyhow::Result<()> {
    if depth > 16 {
        bail!("manifest {} nests more than 16 indexes deep", desc.digest);
    }
    if !done.insert(desc.digest.clone()) {
        return Ok(());
    }
    report.manifests += 1;
    let (media_type, bytes) = manifest_bytes(src, desc)?;
    let m = Manifest::parse(&bytes, &media_type)
        .map_err(|e| anyhow!("manifest {} does not parse: {e}", desc.digest))?;
    for child in &m.manifests {
        import_manifest(store, src, repo, child, report, done, depth + 1)?;
    }
    for b in m.blob_refs() {
        if !done.insert(b.digest.clone()) {
            continue;
        }
        report.blobs += 1;
        if store.blob_size(repo, &b.digest)?.is_some() {
            report.blobs_present += 1;
            continue;
        }
        let (reader, size) = src
            .open(&layout_blob_path(&b.digest))?
            .ok_or_else(|| anyhow!("the layout is missing blob {}", b.digest))?;
        upload(store, repo, &b.digest, reader)?;
        report.bytes_written += size;
    }
    // The top manifest is stored (and tagged) by the caller.
    if depth > 0 {
        store
            .put_manifest(repo, &desc.digest, &bytes, &m, None)
            .with_context(|| format!("storing manifest {}", desc.digest))?;
    }
    Ok(())
}

/// Streams a blob into the repository through an upload session; the store checks
/// the digest when the session closes and stores nothing on a mismatch.
fn upload(
    store: &Store,
    repo: &RepoName,
    d: &Digest,
    mut reader: Box<dyn Read + '_>,
) -> anyhow::Result<()> {
    match store.put_blob_from(repo, d, &mut reader, &format!("the layout's blob {d}")) {
        Ok(_) => Ok(()),
        Err(UploadError::DigestMismatch { computed, .. }) => {
            bail!("the layout's blob {d} hashes to {computed}: nothing was imported under it")
        }
        Err(e) => Err(anyhow!("storing blob {d}: {e}")),
    }
}

/// Copies `src` into `dst_repo` of the same store without copying bytes: blobs are
/// linked, manifests re-recorded, children before their index. The image is tagged
/// `dst_tag`, else `src`'s tag if it was named by one.
pub fn copy(
    store: &Store,
    src: &ImageRef,
    dst_repo: &RepoName,
    dst_tag: Option<&Tag>,
    referrers: bool,
) -> anyhow::Result<Report> {
    let top = src.resolve(store)?;
    let graph = walk(store, &src.repo, &top, referrers)?;
    let mut report = Report {
        digest: top.to_string(),
        ..Report::default()
    };
    for b in &graph.blobs {
        report.blobs += 1;
        if store.blob_size(dst_repo, &b.digest)?.is_some() {
            report.blobs_present += 1;
            continue;
        }
        if !store.mount_blob(dst_repo, &src.repo, &b.digest)? {
            bail!(
                "{} is missing blob {}, which the image needs",
                src.repo,
                b.digest
            );
        }
    }
    let tag = dst_tag.or(src.tag.as_ref());
    for (d, media_type, bytes) in &graph.manifests {
        report.manifests += 1;
        let m = Manifest::parse(bytes, media_type).map_err(|e| anyhow!("{d}: {e}"))?;
        let t = if d == &top { tag } else { None };
        store
            .put_manifest(dst_repo, d, bytes, &m, t)
            .with_context(|| format!("recording manifest {d} in {dst_repo}"))?;
    }
    Ok(report)
}
