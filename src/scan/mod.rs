//! `registryctl scan`: integrity verification of the whole store, safe next to a
//! running `serve`.
//!
//! A scan takes a [`Snapshot`] (blob buckets and repositories walked in parallel),
//! optionally rehashes every blob (`verify`), and turns what it saw into a list of
//! [`Problem`]s. With `fix` it then repairs what is safe to repair through the
//! `Store` methods in `storage::repair`, each of which re-checks the damage under the
//! commit lock first. The report format is documented in `docs/scan.md`.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use serde::Serialize;

use crate::inventory::{self, ManifestBody, Progress, Snapshot};
use crate::oci::{Digest, ManifestKind, RepoName, Tag};
use crate::storage::{self, paths, LinkKind, Store, UploadId};

/// Default age after which an upload session with no new bytes counts as abandoned.
pub const DEFAULT_UPLOAD_TTL: Duration = Duration::from_secs(24 * 3600);

/// Size of each read while hashing. Large reads keep the per-call overhead far below
/// the cost of hashing; 1 MiB still fits comfortably in L2/L3 alongside the hasher.
pub const HASH_READ_SIZE: usize = 1 << 20;

/// Version tag of the JSON report; bump on incompatible changes.
pub const SCHEMA: &str = "registryctl.scan/v1";

/// What to do.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// Rehash every blob (otherwise only manifests and blobs whose size disagrees
    /// with a descriptor are hashed).
    pub verify: bool,
    /// Repair what is safe to repair.
    pub fix: bool,
    /// With `fix`: say what would be done, change nothing.
    pub dry_run: bool,
    /// Upload sessions and staging files idle for longer are abandoned.
    pub upload_ttl: Duration,
    /// Threads for walking and hashing.
    pub threads: usize,
    /// Who repairs, for the deletion audit log (every repair done is recorded there).
    pub origin: crate::audit::Origin,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            verify: false,
            fix: false,
            dry_run: false,
            upload_ttl: DEFAULT_UPLOAD_TTL,
            threads: crate::par::cpu_threads(),
            origin: crate::audit::Origin::cli("scan --fix", crate::audit::Why::Scan),
        }
    }
}

/// Kinds of problem (the `kind` field of the JSON report).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// Blob bytes do not hash to their digest.
    CorruptBlob,
    /// A manifest (or its link record) does not parse.
    ManifestUnparseable,
    /// A manifest names a blob or child manifest the repository cannot serve.
    MissingReference,
    /// A descriptor's size differs from the (correctly hashing) blob it names.
    SizeMismatch,
    /// A tag points at a manifest the repository does not hold, or cannot be read.
    DanglingTag,
    /// A layer or manifest link whose blob bytes are missing.
    DanglingLink,
    /// A referrer record whose referring manifest is gone.
    StaleReferrer,
    /// Blob bytes nothing links to (reclaimable by gc).
    UnlinkedBlob,
    /// An upload session idle for longer than the upload TTL.
    StaleUpload,
    /// Object storage: a data object no blob record or upload session names
    /// (reclaimable by gc).
    OrphanedData,
    /// A name that does not belong to the store layout.
    Stray,
    /// Files or directories other local users can read (a store created before
    /// private modes, or changed by hand).
    OpenToOthers,
}

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Data is damaged or unreachable by clients.
    Error,
    /// Wasted space or clutter; nothing a client sees.
    Warning,
}

impl ProblemKind {
    /// The kind as spelled in the JSON report.
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemKind::CorruptBlob => "corrupt_blob",
            ProblemKind::ManifestUnparseable => "manifest_unparseable",
            ProblemKind::MissingReference => "missing_reference",
            ProblemKind::SizeMismatch => "size_mismatch",
            ProblemKind::DanglingTag => "dangling_tag",
            ProblemKind::DanglingLink => "dangling_link",
            ProblemKind::StaleReferrer => "stale_referrer",
            ProblemKind::UnlinkedBlob => "unlinked_blob",
            ProblemKind::StaleUpload => "stale_upload",
            ProblemKind::OrphanedData => "orphaned_data",
            ProblemKind::Stray => "stray",
            ProblemKind::OpenToOthers => "open_to_others",
        }
    }

    /// How bad problems of this kind are.
    pub fn severity(self) -> Severity {
        match self {
            ProblemKind::UnlinkedBlob
            | ProblemKind::StaleUpload
            | ProblemKind::OrphanedData
            | ProblemKind::StaleReferrer
            | ProblemKind::Stray
            | ProblemKind::OpenToOthers => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

/// A repair `scan --fix` can make.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Fix {
    Quarantine(Digest, u64),
    Link(RepoName, LinkKind, Digest),
    Tag(RepoName, Tag, Option<Digest>),
    Referrer(RepoName, Digest, Digest),
    Upload(UploadId),
}

/// One problem found.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    /// What is wrong.
    pub kind: ProblemKind,
    /// Error or warning.
    pub severity: Severity,
    /// The repository involved, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
    /// The digest involved, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
    /// The object in the store, relative to its root.
    pub key: String,
    /// A sentence for humans.
    pub detail: String,
    /// Whether `--fix` repairs it.
    pub fixable: bool,
    /// The images (`repo:tag`) whose tag reaches the digest, in the problem's
    /// repository (every repository for blob bytes): who is affected.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<String>,
    #[serde(skip)]
    fix: Option<Fix>,
}

/// One repair, done or (with `--dry-run`) planned.
#[derive(Debug, Clone, Serialize)]
pub struct Action {
    /// `quarantine`, `remove_link`, `remove_tag`, `remove_referrer` or `cancel_upload`.
    pub action: &'static str,
    /// The object acted on.
    pub key: String,
    /// Where quarantined bytes went.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// `done`, `planned` (dry run), `skipped` (healed meanwhile) or `failed`.
    pub result: &'static str,
    /// Why it failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Totals over the whole store.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Totals {
    /// Repositories.
    pub repositories: usize,
    /// Tags in all repositories.
    pub tags: usize,
    /// Manifest links in all repositories.
    pub manifests: usize,
    /// Distinct blobs in the content store (manifests included).
    pub blobs: usize,
    /// Bytes in the content store.
    pub bytes: u64,
    /// Bytes of distinct blobs some repository links (shared blobs counted once).
    pub linked_bytes: u64,
    /// Bytes rehashed by this scan.
    pub hashed_bytes: u64,
    /// Upload sessions in progress or abandoned.
    pub uploads: usize,
    /// Files in `quarantine/` (corrupt bytes moved aside by earlier `--fix` runs),
    /// counted after this run's repairs.
    pub quarantined: usize,
    /// Their bytes.
    pub quarantined_bytes: u64,
}

/// The result of a scan (the JSON report).
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// [`SCHEMA`].
    pub schema: &'static str,
    /// The store scanned.
    pub store: String,
    /// When the walk started, RFC 3339.
    pub started: String,
    /// Wall time in milliseconds.
    pub duration_ms: u64,
    /// Whether every blob was rehashed.
    pub verify: bool,
    /// Whether repairs were requested.
    pub fix: bool,
    /// Whether repairs were only planned.
    pub dry_run: bool,
    /// The upload TTL in seconds.
    pub upload_ttl_secs: u64,
    /// Per repository.
    pub repositories: Vec<inventory::RepoRow>,
    /// Over the whole store.
    pub totals: Totals,
    /// Every problem found.
    pub problems: Vec<Problem>,
    /// Every repair done or planned.
    pub actions: Vec<Action>,
    /// No problems found (not even warnings).
    pub healthy: bool,
    /// Problems of severity error (damage clients can see): `scan` exits 1.
    pub errors: usize,
    /// Problems of severity warning (wasted space, clutter): exit 0 unless
    /// `--fail-on warning`.
    pub warnings: usize,
}

/// Runs a scan (and the repairs asked for).
pub fn run(
    store: &Store,
    opts: &ScanOptions,
    progress: &dyn ScanProgress,
) -> storage::Result<Report> {
    let t0 = Instant::now();
    let first = analyse(store, opts, opts.verify, progress)?;
    let mut problems = first.problems;
    let mut actions = Vec::new();
    let mut audit = crate::audit::Recorder::new(store, opts.origin.clone());
    if opts.fix {
        let mut pending: Vec<Problem> = problems.clone();
        let mut seen: HashSet<(ProblemKind, String, String)> =
            problems.iter().map(identity).collect();
        // Repairs can reveal more: quarantining a manifest's bytes leaves its links and
        // tags dangling. A few structural passes repair those as well.
        for _pass in 0..3 {
            let done = apply(store, &pending, opts.dry_run, &mut actions, &mut audit);
            // Each pass's repairs are recorded before the next pass looks again.
            audit.flush().map_err(|e| {
                e.log_unrecorded();
                e.error
            })?;
            if opts.dry_run || done == 0 {
                break;
            }
            let again = analyse(store, opts, false, &NoScanProgress)?;
            pending = again
                .problems
                .into_iter()
                .filter(|p| seen.insert(identity(p)))
                .collect();
            problems.extend(pending.iter().cloned());
        }
    }
    problems.sort_by(|a, b| (a.kind, &a.key, &a.detail).cmp(&(b.kind, &b.key, &b.detail)));
    let mut totals = first.totals;
    (totals.quarantined, totals.quarantined_bytes) = store.quarantine_usage()?;
    Ok(Report {
        schema: SCHEMA,
        store: store.describe(),
        started: humantime::format_rfc3339_seconds(first.started).to_string(),
        duration_ms: t0.elapsed().as_millis() as u64,
        verify: opts.verify,
        fix: opts.fix,
        dry_run: opts.dry_run,
        upload_ttl_secs: opts.upload_ttl.as_secs(),
        repositories: first.repos,
        totals,
        healthy: problems.is_empty(),
        errors: problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .count(),
        warnings: problems
            .iter()
            .filter(|p| p.severity == Severity::Warning)
            .count(),
        problems,
        actions,
    })
}

fn identity(p: &Problem) -> (ProblemKind, String, String) {
    (p.kind, p.key.clone(), p.detail.clone())
}

/// Progress of a scan: the walk, then hashing (in bytes).
pub trait ScanProgress: Progress {
    /// A new phase starts (`walk` or `hash`), with `total` units of work known so far.
    fn phase(&self, _name: &'static str, _total: u64) {}
}

/// Ignores progress.
pub struct NoScanProgress;
impl Progress for NoScanProgress {}
impl ScanProgress for NoScanProgress {}

struct Analysis {
    started: SystemTime,
    repos: Vec<inventory::RepoRow>,
    totals: Totals,
    problems: Vec<Problem>,
}

fn problem(
    kind: ProblemKind,
    repo: Option<&RepoName>,
    digest: Option<&Digest>,
    key: impl ToString,
    detail: impl Into<String>,
    fix: Option<Fix>,
) -> Problem {
    Problem {
        kind,
        severity: kind.severity(),
        repository: repo.map(|r| r.to_string()),
        digest: digest.map(|d| d.to_string()),
        key: key.to_string(),
        detail: detail.into(),
        fixable: fix.is_some(),
        images: Vec::new(),
        fix,
    }
}

fn analyse(
    store: &Store,
    opts: &ScanOptions,
    verify: bool,
    progress: &dyn ScanProgress,
) -> storage::Result<Analysis> {
    progress.phase("walk", 0);
    let snap = Snapshot::take(store, opts.threads, progress)?;
    let mut problems = Vec::new();
    let (open, examples) =
        store
            .backend()
            .open_to_others()
            .map_err(|cause| storage::StoreError::Io {
                key: store.describe(),
                cause,
            })?;
    if open > 0 {
        problems.push(problem(
            ProblemKind::OpenToOthers,
            None,
            None,
            examples.first().cloned().unwrap_or_default(),
            format!(
                "{open} files and directories can be read by other users (e.g. {}); \
                 `chmod -R o-rwx` the root, or share it with a group with `registryctl \
                 init --store-group GROUP` (docs/storage.md#file-modes)",
                examples.join(", ")
            ),
            None,
        ));
    }

    let orphans = store
        .backend()
        .orphaned_data(opts.threads)
        .map_err(|cause| storage::StoreError::Io {
            key: store.describe(),
            cause,
        })?;
    for m in orphans {
        problems.push(problem(
            ProblemKind::OrphanedData,
            None,
            None,
            m.key.as_str(),
            format!(
                "{} bytes that no blob record or upload session names (left by a \
                 process stopped between two steps); `registryctl gc` reclaims them \
                 once they are older than its grace period",
                m.size
            ),
            None,
        ));
    }

    // Manifest bodies were hashed during the walk.
    let mut hashed: HashMap<Digest, bool> = HashMap::new();
    for r in &snap.repos {
        for m in &r.manifests {
            match &m.body {
                ManifestBody::Corrupt { .. } => {
                    hashed.insert(m.digest.clone(), false);
                }
                ManifestBody::Parsed(_) | ManifestBody::Unparseable(_) => {
                    hashed.insert(m.digest.clone(), true);
                }
                ManifestBody::Missing | ManifestBody::TooLarge(_) => {}
            }
        }
    }

    // Which blobs to hash: all with --verify; else those whose size contradicts a
    // descriptor, which is cheap evidence of truncation or damage.
    let mut declared: HashMap<&Digest, BTreeSet<u64>> = HashMap::new();
    for r in &snap.repos {
        for m in &r.manifests {
            if let Some(p) = m.parsed() {
                for d in p.blob_refs().chain(p.manifests.iter()) {
                    declared.entry(&d.digest).or_default().insert(d.size);
                }
            }
        }
    }
    let mut to_hash: Vec<(Digest, u64)> = snap
        .blobs
        .values()
        .filter(|b| !hashed.contains_key(&b.digest))
        .filter(|b| {
            verify
                || declared
                    .get(&b.digest)
                    .is_some_and(|sizes| sizes.iter().any(|s| *s != b.size))
        })
        .map(|b| (b.digest.clone(), b.size))
        .collect();
    // Biggest first, so the last blob to finish is a small one and all cores stay busy.
    to_hash.sort_by_key(|b| std::cmp::Reverse(b.1));
    let total: u64 = to_hash.iter().map(|(_, s)| *s).sum();
    progress.phase("hash", total);
    let hashed_bytes = AtomicU64::new(0);
    let results = crate::par::map(&to_hash, opts.threads, |(d, size)| {
        thread_local! {
            static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        BUF.with(|buf| {
            let mut buf = buf.borrow_mut();
            buf.resize(HASH_READ_SIZE, 0);
            let mut report = |n: u64| {
                hashed_bytes.fetch_add(n, Ordering::Relaxed);
                progress.advance(n);
            };
            (
                d.clone(),
                *size,
                store.hash_blob_data(d, &mut buf, &mut report),
            )
        })
    });
    let mut corrupt: BTreeMap<Digest, (u64, String)> = BTreeMap::new();
    for (d, size, r) in results {
        match r? {
            // Deleted while we looked (gc): nothing to say.
            None => {}
            Some((computed, n)) if computed != d => {
                corrupt.insert(d.clone(), (n, format!("bytes hash to {computed}")));
                hashed.insert(d, false);
            }
            Some((_, n)) if n != size => {
                // Replaced while we read it: not damage.
                hashed.insert(d, true);
            }
            Some(_) => {
                hashed.insert(d, true);
            }
        }
    }
    for r in &snap.repos {
        for m in &r.manifests {
            if let ManifestBody::Corrupt { computed } = &m.body {
                let size = snap.blobs.get(&m.digest).map(|b| b.size).unwrap_or(0);
                corrupt
                    .entry(m.digest.clone())
                    .or_insert((size, format!("manifest bytes hash to {computed}")));
            }
        }
    }
    for (d, (size, why)) in &corrupt {
        problems.push(problem(
            ProblemKind::CorruptBlob,
            None,
            Some(d),
            paths::blob_data(d),
            format!("{why} ({size} bytes); --fix moves them to quarantine/ so clients can push the blob again"),
            Some(Fix::Quarantine(d.clone(), *size)),
        ));
    }

    for r in &snap.repos {
        repo_problems(store, &snap, r, &corrupt, &mut problems)?;
    }

    // Blob bytes nothing links to. Blobs written or stamped since the walk started may
    // be mid-commit (linked right after), so they are not judged.
    let usage = snap.usage();
    for b in snap.blobs.values() {
        if !usage.contains_key(&b.digest)
            && b.modified < snap.started
            && !corrupt.contains_key(&b.digest)
        {
            problems.push(problem(
                ProblemKind::UnlinkedBlob,
                None,
                Some(&b.digest),
                paths::blob_data(&b.digest),
                format!(
                    "{} bytes no repository links; `registryctl gc` reclaims them",
                    b.size
                ),
                None,
            ));
        }
    }

    let ttl = opts.upload_ttl;
    let idle = |t: SystemTime| snap.started.duration_since(t).unwrap_or_default();
    for u in &snap.uploads {
        if idle(u.modified) > ttl {
            let what = match &u.meta {
                Ok(m) => format!("upload session into {} ", m.repo),
                Err(e) => format!("damaged upload session ({e}) "),
            };
            problems.push(problem(
                ProblemKind::StaleUpload,
                u.meta.as_ref().ok().map(|m| &m.repo),
                None,
                paths::upload_dir(&u.id),
                format!(
                    "{what}idle for {} with {} bytes received",
                    inventory::human_age(idle(u.modified).as_secs()),
                    u.size
                ),
                Some(Fix::Upload(u.id.clone())),
            ));
        }
    }
    for (key, t) in &snap.tmp {
        if idle(*t) > ttl {
            problems.push(problem(
                ProblemKind::Stray,
                None,
                None,
                key,
                "staging file left by an interrupted write; safe to delete by hand",
                None,
            ));
        }
    }
    for s in &snap.strays {
        problems.push(problem(
            ProblemKind::Stray,
            None,
            None,
            &s.key,
            s.why.clone(),
            None,
        ));
    }

    let (repos, linked_bytes) = inventory::repo_rows(&snap);
    let totals = Totals {
        repositories: snap.repos.len(),
        tags: snap.repos.iter().map(|r| r.tags.len()).sum(),
        manifests: snap.repos.iter().map(|r| r.manifests.len()).sum(),
        blobs: snap.blobs.len(),
        bytes: snap.blobs.values().map(|b| b.size).sum(),
        linked_bytes,
        hashed_bytes: hashed_bytes.load(Ordering::Relaxed),
        uploads: snap.uploads.len(),
        quarantined: 0,
        quarantined_bytes: 0,
    };
    name_images(&snap, &mut problems);
    Ok(Analysis {
        started: snap.started,
        repos,
        totals,
        problems,
    })
}

/// Fills in [`Problem::images`]: the tags that reach each problem's digest.
fn name_images(snap: &Snapshot, problems: &mut [Problem]) {
    let wanted: HashSet<Digest> = problems
        .iter()
        .filter_map(|p| p.digest.as_deref().and_then(|d| Digest::parse(d).ok()))
        .collect();
    let using = inventory::images_using(snap, &wanted);
    for p in problems.iter_mut() {
        let Some(d) = p.digest.as_deref().and_then(|d| Digest::parse(d).ok()) else {
            continue;
        };
        let Some(images) = using.get(&d) else {
            continue;
        };
        p.images = images
            .iter()
            .filter(|i| {
                p.repository
                    .as_deref()
                    .map_or(true, |r| i.rsplit_once(':').is_some_and(|(ir, _)| ir == r))
            })
            .cloned()
            .collect();
    }
}

fn repo_problems(
    store: &Store,
    snap: &Snapshot,
    r: &inventory::RepoState,
    corrupt: &BTreeMap<Digest, (u64, String)>,
    out: &mut Vec<Problem>,
) -> storage::Result<()> {
    let repo = &r.name;
    let layers: HashSet<&Digest> = r.layers.iter().map(|l| &l.digest).collect();
    let held: HashMap<&Digest, &inventory::ManifestState> =
        r.manifests.iter().map(|m| (&m.digest, m)).collect();

    for l in &r.layers {
        if !snap.has_blob_data(store, &l.digest)? {
            out.push(problem(
                ProblemKind::DanglingLink,
                Some(repo),
                Some(&l.digest),
                paths::layer_link(repo, &l.digest),
                "layer link to blob bytes that are missing",
                Some(Fix::Link(repo.clone(), LinkKind::Layer, l.digest.clone())),
            ));
        }
    }
    for m in &r.manifests {
        let key = paths::manifest_link(repo, &m.digest);
        if let Err(e) = &m.info {
            out.push(problem(
                ProblemKind::ManifestUnparseable,
                Some(repo),
                Some(&m.digest),
                &key,
                format!("manifest link record is damaged: {e}"),
                None,
            ));
        }
        let parsed = match &m.body {
            ManifestBody::Missing => {
                if !snap.has_blob_data(store, &m.digest)? {
                    out.push(problem(
                        ProblemKind::DanglingLink,
                        Some(repo),
                        Some(&m.digest),
                        &key,
                        "manifest link to bytes that are missing",
                        Some(Fix::Link(
                            repo.clone(),
                            LinkKind::Manifest,
                            m.digest.clone(),
                        )),
                    ));
                }
                continue;
            }
            ManifestBody::TooLarge(_) | ManifestBody::Unparseable(_) => {
                let why = match &m.body {
                    ManifestBody::TooLarge(n) => format!(
                        "manifest bytes are {n} bytes, more than any manifest the server accepts"
                    ),
                    ManifestBody::Unparseable(e) => format!("manifest does not parse: {e}"),
                    _ => String::new(),
                };
                out.push(problem(
                    ProblemKind::ManifestUnparseable,
                    Some(repo),
                    Some(&m.digest),
                    &key,
                    why,
                    None,
                ));
                continue;
            }
            // Reported once, as a corrupt blob.
            ManifestBody::Corrupt { .. } => continue,
            ManifestBody::Parsed(p) => p,
        };
        // Artifacts of unknown type may name content that is not in the repository.
        if parsed.kind == ManifestKind::Artifact {
            continue;
        }
        for desc in parsed.blob_refs() {
            let d = &desc.digest;
            let missing = if !snap.has_blob_data(store, d)? {
                Some("is missing from the content store")
            } else if !layers.contains(d)
                && store.link_modified(repo, LinkKind::Layer, d)?.is_none()
            {
                Some("is not linked into the repository")
            } else {
                None
            };
            if let Some(why) = missing {
                out.push(problem(
                    ProblemKind::MissingReference,
                    Some(repo),
                    Some(&m.digest),
                    &key,
                    format!("references blob {d}, which {why}; push the image again"),
                    None,
                ));
            } else if let Some(b) = snap.blobs.get(d) {
                if b.size != desc.size && !corrupt.contains_key(d) {
                    out.push(problem(
                        ProblemKind::SizeMismatch,
                        Some(repo),
                        Some(&m.digest),
                        &key,
                        format!(
                            "descriptor of {d} says {} bytes, the blob has {}",
                            desc.size, b.size
                        ),
                        None,
                    ));
                }
            }
        }
        for child in &parsed.manifests {
            let d = &child.digest;
            let present = held
                .get(d)
                .is_some_and(|c| !matches!(c.body, ManifestBody::Missing))
                || (store.link_modified(repo, LinkKind::Manifest, d)?.is_some()
                    && snap.has_blob_data(store, d)?);
            if !present {
                out.push(problem(
                    ProblemKind::MissingReference,
                    Some(repo),
                    Some(&m.digest),
                    &key,
                    format!("references child manifest {d}, which the repository does not hold; push it again"),
                    None,
                ));
            }
        }
    }
    for t in &r.tags {
        let key = paths::tag(repo, &t.tag);
        let target = match &t.target {
            Err(e) => {
                out.push(problem(
                    ProblemKind::DanglingTag,
                    Some(repo),
                    None,
                    &key,
                    format!("tag {} record is damaged: {e}", t.tag),
                    Some(Fix::Tag(repo.clone(), t.tag.clone(), None)),
                ));
                continue;
            }
            Ok(d) => d,
        };
        let ok = match held.get(target) {
            Some(m) => {
                !matches!(m.body, ManifestBody::Missing) || snap.has_blob_data(store, target)?
            }
            // Pushed since the manifests were listed?
            None => {
                store
                    .link_modified(repo, LinkKind::Manifest, target)?
                    .is_some()
                    && snap.has_blob_data(store, target)?
            }
        };
        if !ok {
            out.push(problem(
                ProblemKind::DanglingTag,
                Some(repo),
                Some(target),
                &key,
                format!(
                    "tag {} points at manifest {target}, which the repository does not hold",
                    t.tag
                ),
                Some(Fix::Tag(repo.clone(), t.tag.clone(), Some(target.clone()))),
            ));
        }
    }
    for rr in &r.referrers {
        if !held.contains_key(&rr.referrer)
            && store
                .link_modified(repo, LinkKind::Manifest, &rr.referrer)?
                .is_none()
        {
            out.push(problem(
                ProblemKind::StaleReferrer,
                Some(repo),
                Some(&rr.referrer),
                paths::referrer(repo, &rr.subject, &rr.referrer),
                format!(
                    "referrer record of {} names a manifest the repository does not hold",
                    rr.subject
                ),
                Some(Fix::Referrer(
                    repo.clone(),
                    rr.subject.clone(),
                    rr.referrer.clone(),
                )),
            ));
        }
    }
    for s in &r.strays {
        out.push(problem(
            ProblemKind::Stray,
            Some(repo),
            None,
            &s.key,
            s.why.clone(),
            None,
        ));
    }
    Ok(())
}

/// The deletion audit log's entry of a repair done.
fn repair_entry(p: &Problem, fix: &Fix, to: Option<&str>) -> crate::audit::Deletion {
    use crate::audit::{Deletion, Kind};
    let d = match fix {
        Fix::Quarantine(d, size) => {
            let mut e = Deletion::of(Kind::Blob).digest(d).size(Some(*size));
            e.quarantine = true;
            return e.detail(format!(
                "moved to {}: {}",
                to.unwrap_or("quarantine/"),
                p.detail
            ));
        }
        Fix::Link(repo, kind, d) => {
            let k = match kind {
                LinkKind::Manifest => Kind::Manifest,
                LinkKind::Layer => Kind::LayerLink,
            };
            Deletion::of(k).repo(repo).digest(d)
        }
        Fix::Tag(repo, tag, target) => {
            let mut e = Deletion::of(Kind::Tag).repo(repo).tag(tag);
            e.digest = target.as_ref().map(|t| t.to_string());
            e
        }
        Fix::Referrer(repo, _, d) => Deletion::of(Kind::Referrer).repo(repo).digest(d),
        Fix::Upload(id) => {
            let mut e = Deletion::of(Kind::Upload).name(id);
            e.repository = p.repository.clone();
            e
        }
    };
    d.detail(p.detail.clone())
}

/// Applies (or plans) the repairs of `problems`; returns how many changed the store.
fn apply(
    store: &Store,
    problems: &[Problem],
    dry_run: bool,
    actions: &mut Vec<Action>,
    audit: &mut crate::audit::Recorder<'_>,
) -> usize {
    let mut changed = 0;
    // Quarantines first: they turn links and tags into dangling ones that later
    // passes remove.
    let mut fixes: Vec<(&Problem, &Fix)> = problems
        .iter()
        .filter_map(|p| p.fix.as_ref().map(|f| (p, f)))
        .collect();
    fixes.sort_by_key(|(_, f)| !matches!(f, Fix::Quarantine(..)));
    for (p, fix) in fixes {
        let name = match fix {
            Fix::Quarantine(..) => "quarantine",
            Fix::Link(..) => "remove_link",
            Fix::Tag(..) => "remove_tag",
            Fix::Referrer(..) => "remove_referrer",
            Fix::Upload(_) => "cancel_upload",
        };
        let mut action = Action {
            action: name,
            key: p.key.clone(),
            to: None,
            result: "planned",
            error: None,
        };
        if !dry_run {
            let r: storage::Result<bool> = match fix {
                Fix::Quarantine(d, size) => store.quarantine_blob(d, *size).map(|to| {
                    action.to = to.as_ref().map(|k| k.to_string());
                    to.is_some()
                }),
                Fix::Link(repo, kind, d) => store.remove_dangling_link(repo, *kind, d),
                Fix::Tag(repo, tag, target) => {
                    store.remove_dangling_tag(repo, tag, target.as_ref())
                }
                Fix::Referrer(repo, s, d) => store.remove_stale_referrer(repo, s, d),
                Fix::Upload(id) => store.cancel_upload(id),
            };
            action.result = match r {
                Ok(true) => {
                    changed += 1;
                    audit.record(repair_entry(p, fix, action.to.as_deref()));
                    "done"
                }
                Ok(false) => "skipped",
                Err(e) => {
                    action.error = Some(e.to_string());
                    "failed"
                }
            };
        }
        actions.push(action);
    }
    changed
}
