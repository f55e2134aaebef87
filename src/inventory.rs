//! A point-in-time picture of the whole store, shared by `scan`, `blob ls` and
//! `repo ls`: every blob, every repository's links, manifests and tags, and what
//! references what.
//!
//! The picture is taken while `serve` may be writing, so it is not atomic: callers
//! that are about to call something a problem re-check it with a fresh `stat`
//! ([`Snapshot::has_blob_data`]) before saying so.
//!
//! Reachability is computed per repository, the way gc judges it: tags are the roots;
//! a reachable manifest makes its config, layers and child manifests reachable, and
//! a manifest whose `subject` is reachable (a signature, an SBOM) is reachable too.
//! The gc module (another branch at the time of writing) computes the same thing for
//! its mark phase; once both are merged this walk should use its code.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::time::SystemTime;

use serde::Serialize;

use crate::oci::manifest::MAX_MANIFEST_SIZE;
use crate::oci::{Digest, Manifest, RepoName};
use crate::reach::{closure, ManifestRefs, Parsed};
use crate::storage::walk::Bucket;
use crate::storage::{
    BlobEntry, LinkEntry, LinkKind, ManifestInfo, ReferrerEntry, Result, Store, Stray, TagEntry,
    UploadEntry,
};

/// What the bytes of a manifest a repository holds turned out to be.
#[derive(Debug, Clone)]
pub enum ManifestBody {
    /// The blob data is not there.
    Missing,
    /// Bigger than any manifest the server accepts: not read.
    TooLarge(u64),
    /// The bytes do not hash to the manifest's digest.
    Corrupt {
        /// What they hash to.
        computed: Digest,
    },
    /// The bytes hash correctly but do not parse as the recorded media type.
    Unparseable(String),
    /// Parsed.
    Parsed(Box<Manifest>),
}

/// One manifest a repository holds.
#[derive(Debug, Clone)]
pub struct ManifestState {
    /// Its digest.
    pub digest: Digest,
    /// When the link was last written or stamped.
    pub modified: SystemTime,
    /// The link record (media type, size), or why it could not be read.
    pub info: std::result::Result<ManifestInfo, String>,
    /// Its bytes, checked.
    pub body: ManifestBody,
}

impl ManifestState {
    /// The parsed manifest, if it parsed.
    pub fn parsed(&self) -> Option<&Manifest> {
        match &self.body {
            ManifestBody::Parsed(m) => Some(m),
            _ => None,
        }
    }
}

/// Everything one repository records.
#[derive(Debug, Clone)]
pub struct RepoState {
    /// The repository.
    pub name: RepoName,
    /// `_layers` links.
    pub layers: Vec<LinkEntry>,
    /// `_manifests` links with their bodies.
    pub manifests: Vec<ManifestState>,
    /// Tags.
    pub tags: Vec<TagEntry>,
    /// Referrer records.
    pub referrers: Vec<ReferrerEntry>,
    /// Names under the repository that do not fit the layout.
    pub strays: Vec<Stray>,
}

/// The whole store, as walked.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// Blob data by digest.
    pub blobs: BTreeMap<Digest, BlobEntry>,
    /// Repositories, sorted by name.
    pub repos: Vec<RepoState>,
    /// Upload sessions.
    pub uploads: Vec<UploadEntry>,
    /// Staging entries under `tmp/`.
    pub tmp: Vec<(crate::storage::Key, SystemTime)>,
    /// Names anywhere outside repositories that do not fit the layout.
    pub strays: Vec<Stray>,
    /// The store's clock when the walk started (object times are compared with it).
    pub started: SystemTime,
}

/// Callbacks while a snapshot is taken (progress bars).
pub trait Progress: Sync {
    /// `n` more units of work of a phase are known.
    fn add_total(&self, _n: u64) {}
    /// `n` units of work are done.
    fn advance(&self, _n: u64) {}
}

/// A progress sink that ignores everything.
pub struct NoProgress;
impl Progress for NoProgress {}

impl Snapshot {
    /// Walks the whole store on `threads` threads: blob buckets in parallel, then
    /// repositories in parallel. Manifest bodies are read and hashed (they are small),
    /// so a damaged manifest is always found, with or without `scan --verify`.
    pub fn take(store: &Store, threads: usize, progress: &dyn Progress) -> Result<Snapshot> {
        let started = store.clock()?;
        let mut strays = store.top_level_strays()?;
        let (buckets, mut bucket_strays) = store.blob_buckets()?;
        strays.append(&mut bucket_strays);
        progress.add_total(buckets.len() as u64);
        let per_bucket = crate::par::map(&buckets, threads, |(alg, b): &Bucket| {
            let r = store.blobs_in_bucket(*alg, b);
            progress.advance(1);
            r
        });
        let mut blobs = BTreeMap::new();
        for r in per_bucket {
            let (bl, mut st) = r?;
            strays.append(&mut st);
            for b in bl {
                blobs.insert(b.digest.clone(), b);
            }
        }
        let (repo_names, mut repo_strays) = store.repos_with_strays()?;
        strays.append(&mut repo_strays);
        progress.add_total(repo_names.len() as u64);
        let per_repo = crate::par::map(&repo_names, threads, |name| {
            let r = walk_repo(store, name);
            progress.advance(1);
            r
        });
        let repos = per_repo.into_iter().collect::<Result<Vec<_>>>()?;
        let (mut uploads, mut upload_strays) = store.list_uploads()?;
        strays.append(&mut upload_strays);
        // A cancelled lazy session's record (kept until it expires) is no session.
        uploads.retain(|u| !u.meta.as_ref().is_ok_and(|m| m.cancelled));
        let tmp = store.tmp_entries()?;
        Ok(Snapshot {
            blobs,
            repos,
            uploads,
            tmp,
            strays,
            started,
        })
    }

    /// Whether blob data exists: in the walk, or (written since) on disk now.
    pub fn has_blob_data(&self, store: &Store, d: &Digest) -> Result<bool> {
        Ok(self.blobs.contains_key(d) || store.blob_data_meta(d)?.is_some())
    }

    /// Who links and references every blob, and whether it is reachable.
    pub fn usage(&self) -> BTreeMap<Digest, BlobUsage> {
        let mut out: BTreeMap<Digest, BlobUsage> = BTreeMap::new();
        // Distinct manifests (across repositories) that reference each digest.
        let mut referencing: HashMap<&Digest, HashSet<&Digest>> = HashMap::new();
        for repo in &self.repos {
            for l in &repo.layers {
                out.entry(l.digest.clone())
                    .or_default()
                    .repos
                    .insert(repo.name.clone());
            }
            for l in &repo.layers {
                out.entry(l.digest.clone())
                    .or_default()
                    .note(BlobKind::Layer);
            }
            for m in &repo.manifests {
                let u = out.entry(m.digest.clone()).or_default();
                u.repos.insert(repo.name.clone());
                u.note(BlobKind::Manifest);
                if let Some(p) = m.parsed() {
                    for r in p.all_refs() {
                        referencing.entry(r).or_default().insert(&m.digest);
                    }
                    if let Some(c) = &p.config {
                        out.entry(c.digest.clone())
                            .or_default()
                            .note(BlobKind::Config);
                    }
                    for c in &p.manifests {
                        out.entry(c.digest.clone())
                            .or_default()
                            .note(BlobKind::Manifest);
                    }
                }
            }
            for d in repo_reachable(repo) {
                out.entry(d).or_default().reachable = true;
            }
        }
        for (d, ms) in referencing {
            out.entry(d.clone()).or_default().manifests = ms.len();
        }
        out
    }
}

/// How one blob is used.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BlobUsage {
    /// Repositories that link it (as a layer/config or as a manifest).
    pub repos: BTreeSet<RepoName>,
    /// Distinct manifests whose config, layers or children name it.
    pub manifests: usize,
    /// Reachable from a tag in some repository.
    pub reachable: bool,
    /// What it is used as (the strongest use when several: manifest, config, layer);
    /// `None` when nothing links it.
    pub kind: Option<BlobKind>,
}

impl BlobUsage {
    fn note(&mut self, kind: BlobKind) {
        self.kind = Some(self.kind.map_or(kind, |k| k.max(kind)));
    }

    /// A manifest names it (config, layer, child), or a repository holds it as a
    /// manifest: what plain `gc` keeps links for.
    pub fn referenced(&self) -> bool {
        self.manifests > 0 || self.kind == Some(BlobKind::Manifest) && !self.repos.is_empty()
    }
}

/// What a blob is used as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlobKind {
    /// An image layer (or any blob an artifact names).
    Layer,
    /// An image config.
    Config,
    /// A manifest or index.
    Manifest,
}

impl BlobKind {
    /// As printed in tables.
    pub fn as_str(self) -> &'static str {
        match self {
            BlobKind::Layer => "layer",
            BlobKind::Config => "config",
            BlobKind::Manifest => "manifest",
        }
    }
}

/// Per digest, the images (`repo:tag`) whose tag reaches it, for the digests in
/// `wanted` only (a closure per tag: for reports about a few problems, not for
/// every blob of a large store).
pub fn images_using(
    snap: &Snapshot,
    wanted: &HashSet<Digest>,
) -> HashMap<Digest, BTreeSet<String>> {
    let mut out: HashMap<Digest, BTreeSet<String>> = HashMap::new();
    if wanted.is_empty() {
        return out;
    }
    for repo in &snap.repos {
        let parsed = repo_parsed(repo);
        let referrers = repo_referrers(&parsed);
        for t in &repo.tags {
            let Ok(root) = &t.target else { continue };
            let kept = closure(
                std::iter::once(root),
                &|d| parsed.contains_key(d),
                &parsed,
                &referrers,
            );
            for d in kept.manifests.iter().chain(kept.blobs.iter()) {
                if wanted.contains(d) {
                    out.entry(d.clone())
                        .or_default()
                        .insert(format!("{}:{}", repo.name, t.tag));
                }
            }
        }
    }
    out
}

fn repo_parsed(repo: &RepoState) -> HashMap<Digest, Parsed> {
    repo.manifests
        .iter()
        .map(|m| {
            let refs = m
                .parsed()
                .map(ManifestRefs::of)
                .ok_or_else(|| "manifest unreadable".to_string());
            (m.digest.clone(), refs)
        })
        .collect()
}

fn repo_referrers(parsed: &HashMap<Digest, Parsed>) -> HashMap<Digest, Vec<Digest>> {
    let mut referrers: HashMap<Digest, Vec<Digest>> = HashMap::new();
    for (d, refs) in parsed {
        if let Some(subject) = refs.as_ref().ok().and_then(|r| r.subject.clone()) {
            referrers.entry(subject).or_default().push(d.clone());
        }
    }
    referrers
}

/// Digests reachable from the tags of one repository (see the module docs): the same
/// closure gc computes with `--delete-untagged`.
pub fn repo_reachable(repo: &RepoState) -> HashSet<Digest> {
    let parsed = repo_parsed(repo);
    let referrers = repo_referrers(&parsed);
    let roots: Vec<Digest> = repo
        .tags
        .iter()
        .filter_map(|t| t.target.as_ref().ok().cloned())
        .collect();
    let kept = closure(
        roots.iter(),
        &|d| parsed.contains_key(d),
        &parsed,
        &referrers,
    );
    kept.manifests.into_iter().chain(kept.blobs).collect()
}

fn walk_repo(store: &Store, name: &RepoName) -> Result<RepoState> {
    let (layers, mut strays) = store.repo_links(name, LinkKind::Layer)?;
    let (mlinks, mut st) = store.repo_links(name, LinkKind::Manifest)?;
    strays.append(&mut st);
    let mut manifests = Vec::with_capacity(mlinks.len());
    for l in mlinks {
        let info = match store.manifest_info(name, &l.digest) {
            Ok(Some(i)) => Ok(i),
            // Removed since it was listed.
            Ok(None) => continue,
            Err(e) => Err(e.to_string()),
        };
        let body = read_manifest_body(store, &l.digest, info.as_ref().ok())?;
        manifests.push(ManifestState {
            digest: l.digest,
            modified: l.modified,
            info,
            body,
        });
    }
    let (tags, mut st) = store.repo_tags(name)?;
    strays.append(&mut st);
    let (referrers, mut st) = store.repo_referrer_records(name)?;
    strays.append(&mut st);
    Ok(RepoState {
        name: name.clone(),
        layers,
        manifests,
        tags,
        referrers,
        strays,
    })
}

fn read_manifest_body(
    store: &Store,
    d: &Digest,
    info: Option<&ManifestInfo>,
) -> Result<ManifestBody> {
    let Some(meta) = store.blob_data_meta(d)? else {
        return Ok(ManifestBody::Missing);
    };
    if meta.size > MAX_MANIFEST_SIZE as u64 {
        return Ok(ManifestBody::TooLarge(meta.size));
    }
    let Some(bytes) = store.read_blob_data(d)? else {
        return Ok(ManifestBody::Missing);
    };
    let computed = Digest::of(d.algorithm(), &bytes);
    if &computed != d {
        return Ok(ManifestBody::Corrupt { computed });
    }
    let media_type = info.map(|i| i.media_type.as_str()).unwrap_or("");
    Ok(match Manifest::parse(&bytes, media_type) {
        Ok(m) => ManifestBody::Parsed(Box::new(m)),
        Err(e) => ManifestBody::Unparseable(e.to_string()),
    })
}

// ---- blob ls --------------------------------------------------------------------------

/// One row of `blob ls`.
#[derive(Debug, Clone, Serialize)]
pub struct BlobRow {
    /// The blob's digest.
    pub digest: String,
    /// Size in bytes.
    pub size: u64,
    /// Repositories that link it.
    pub repositories: Vec<String>,
    /// Distinct manifests that reference it.
    pub manifests: usize,
    /// Reachable from some tag.
    pub reachable: bool,
    /// A manifest names it or a repository holds it as a manifest.
    pub referenced: bool,
    /// `layer`, `config` or `manifest`; null when nothing links it.
    pub kind: Option<BlobKind>,
    /// Seconds since it was last written or stamped.
    pub age_secs: u64,
    /// Last write or stamp, RFC 3339.
    pub modified: String,
}

/// How `blob ls` orders rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BlobSort {
    /// Largest first.
    Size,
    /// Oldest first.
    Age,
    /// By digest.
    Digest,
}

/// Filters and order of `blob ls`.
#[derive(Debug, Clone, Default)]
pub struct BlobQuery {
    /// Only blobs linked by a repository matching this glob.
    pub repo: Option<Glob>,
    /// Only blobs no manifest names and no repository holds as a manifest.
    pub unreferenced: bool,
    /// Only blobs no tag reaches.
    pub unreachable: bool,
    /// Only blobs at least this old (seconds).
    pub older_than: Option<u64>,
    /// Only blobs at least this big.
    pub min_size: Option<u64>,
    /// Order (digest when `None`).
    pub sort: Option<BlobSort>,
}

/// Rows of `blob ls` for a snapshot: every blob matching `q`, sorted.
pub fn blob_rows(snap: &Snapshot, q: &BlobQuery) -> Vec<BlobRow> {
    let usage = snap.usage();
    let empty = BlobUsage::default();
    let mut rows: Vec<BlobRow> = snap
        .blobs
        .values()
        .filter_map(|b| {
            let u = usage.get(&b.digest).unwrap_or(&empty);
            let age = snap
                .started
                .duration_since(b.modified)
                .map(|d| d.as_secs())
                .unwrap_or(0);
            let keep = q
                .repo
                .as_ref()
                .map_or(true, |g| u.repos.iter().any(|r| g.matches(r.as_str())))
                && (!q.unreferenced || !u.referenced())
                && (!q.unreachable || !u.reachable)
                && q.older_than.map_or(true, |t| age >= t)
                && q.min_size.map_or(true, |s| b.size >= s);
            keep.then(|| BlobRow {
                digest: b.digest.to_string(),
                size: b.size,
                repositories: u.repos.iter().map(|r| r.to_string()).collect(),
                manifests: u.manifests,
                reachable: u.reachable,
                referenced: u.referenced(),
                kind: u.kind,
                age_secs: age,
                modified: humantime::format_rfc3339_seconds(b.modified).to_string(),
            })
        })
        .collect();
    match q.sort.unwrap_or(BlobSort::Digest) {
        BlobSort::Digest => rows.sort_by(|a, b| a.digest.cmp(&b.digest)),
        BlobSort::Size => rows.sort_by(|a, b| b.size.cmp(&a.size).then(a.digest.cmp(&b.digest))),
        BlobSort::Age => {
            rows.sort_by(|a, b| b.age_secs.cmp(&a.age_secs).then(a.digest.cmp(&b.digest)))
        }
    }
    rows
}

// ---- repo ls --------------------------------------------------------------------------

/// One row of `repo ls` (and of the per-repository part of the scan report).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RepoRow {
    /// The repository.
    pub name: String,
    /// Tags.
    pub tags: usize,
    /// Manifests held.
    pub manifests: usize,
    /// Blobs linked (configs and layers).
    pub blobs: usize,
    /// Bytes of every distinct blob and manifest it links that has data.
    pub bytes: u64,
}

/// Per-repository counts, and the bytes of the distinct blobs all of them link
/// (shared blobs counted once).
pub fn repo_rows(snap: &Snapshot) -> (Vec<RepoRow>, u64) {
    let mut all: HashSet<&Digest> = HashSet::new();
    let mut rows = Vec::new();
    for r in &snap.repos {
        let mut mine: HashSet<&Digest> = HashSet::new();
        mine.extend(r.layers.iter().map(|l| &l.digest));
        mine.extend(r.manifests.iter().map(|m| &m.digest));
        let bytes = mine
            .iter()
            .filter_map(|d| snap.blobs.get(*d))
            .map(|b| b.size)
            .sum();
        all.extend(mine);
        rows.push(RepoRow {
            name: r.name.to_string(),
            tags: r.tags.len(),
            manifests: r.manifests.len(),
            blobs: r.layers.len(),
            bytes,
        });
    }
    let total = all
        .iter()
        .filter_map(|d| snap.blobs.get(*d))
        .map(|b| b.size)
        .sum();
    (rows, total)
}

// ---- small parsers and formatters shared by the listing commands -----------------------

/// A repository-name glob: `*` matches within one path component, `**` across
/// components, `?` one character other than `/`. Everything else matches itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glob(Vec<char>);

impl Glob {
    /// Compiles a pattern (every string is a valid pattern).
    pub fn new(pattern: &str) -> Glob {
        Glob(pattern.chars().collect())
    }

    /// Whether `name` matches the whole pattern.
    pub fn matches(&self, name: &str) -> bool {
        let n: Vec<char> = name.chars().collect();
        glob_match(&self.0, &n)
    }
}

impl std::str::FromStr for Glob {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> std::result::Result<Glob, Self::Err> {
        Ok(Glob::new(s))
    }
}

fn glob_match(p: &[char], n: &[char]) -> bool {
    match p.first() {
        None => n.is_empty(),
        Some('*') if p.get(1) == Some(&'*') => {
            // `**` (and a `/` right after it, so `a/**/b` also matches `a/b`).
            let rest = &p[2..];
            let rest_no_slash = rest.strip_prefix(&['/']).unwrap_or(rest);
            (0..=n.len())
                .any(|i| glob_match(rest, &n[i..]) || (i == 0 && glob_match(rest_no_slash, n)))
        }
        Some('*') => {
            let rest = &p[1..];
            for i in 0..=n.len() {
                if glob_match(rest, &n[i..]) {
                    return true;
                }
                if n.get(i) == Some(&'/') {
                    break;
                }
            }
            false
        }
        Some('?') => n.first().is_some_and(|c| *c != '/') && glob_match(&p[1..], &n[1..]),
        Some(c) => n.first() == Some(c) && glob_match(&p[1..], &n[1..]),
    }
}

/// Parses a size such as `100M`, `1.5GiB`, `512k` or `2000`: `K`, `M`, `G`, `T` (with
/// or without `iB`) are powers of 1024, `KB`, `MB`, `GB`, `TB` powers of 1000, `B` or
/// nothing is bytes. Case-insensitive.
pub fn parse_size(s: &str) -> std::result::Result<u64, String> {
    let t = s.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let value: f64 = num.parse().map_err(|_| {
        format!("`{s}` is not a size: use a number with an optional unit, e.g. 100M or 1.5GiB")
    })?;
    let mult: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kib" => 1 << 10,
        "m" | "mib" => 1 << 20,
        "g" | "gib" => 1 << 30,
        "t" | "tib" => 1 << 40,
        "kb" => 1_000,
        "mb" => 1_000_000,
        "gb" => 1_000_000_000,
        "tb" => 1_000_000_000_000,
        other => {
            return Err(format!(
                "unknown size unit `{other}` in `{s}`: use B, K, M, G, T (powers of 1024) or KB, MB, GB, TB"
            ))
        }
    };
    Ok((value * mult as f64).round() as u64)
}

/// Seconds as a short age: `45s`, `12m`, `5h`, `3d`.
pub fn human_age(secs: u64) -> String {
    match secs {
        s if s < 60 => format!("{s}s"),
        s if s < 3600 => format!("{}m", s / 60),
        s if s < 86400 => format!("{}h", s / 3600),
        s => format!("{}d", s / 86400),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        let g = Glob::new("acme/*");
        assert!(g.matches("acme/app"));
        assert!(!g.matches("acme/app/sub"));
        assert!(!g.matches("other/app"));
        let g = Glob::new("acme/**");
        assert!(g.matches("acme/app/sub"));
        assert!(Glob::new("**/db").matches("db"));
        assert!(Glob::new("**/db").matches("a/b/db"));
        assert!(Glob::new("app?").matches("app1"));
        assert!(!Glob::new("app?").matches("app"));
        assert!(Glob::new("exact").matches("exact"));
        assert!(!Glob::new("exact").matches("exactly"));
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("2000"), Ok(2000));
        assert_eq!(parse_size("1k"), Ok(1024));
        assert_eq!(parse_size("100M"), Ok(100 << 20));
        assert_eq!(parse_size("1.5GiB"), Ok(3 << 29));
        assert_eq!(parse_size("1MB"), Ok(1_000_000));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("3 parsecs").is_err());
        assert_eq!(human_age(90_000), "1d");
    }
}
