//! Online mark-and-sweep garbage collection, safe next to a live `serve`.
//!
//! The protocol (written out for operators in `docs/gc.md`):
//!
//! 1. Only one gc per store ([`Store::try_gc_lock`]).
//! 2. The start time T0 is read from the backend's clock *while holding the commit
//!    lock exclusively*, so every commit either finished before T0 (and is seen by the
//!    walks, which start after T0) or started after T0 (and stamped everything it
//!    created or relied on with a time ≥ T0). Nothing stamped at or after the cutoff
//!    (T0 minus the grace period) is removed.
//! 3. Mark, without any lock and in parallel: list blobs, repositories, links, tags and
//!    referrer records; read and parse every manifest.
//! 4. Sweep, one repository at a time under the exclusive commit lock: re-read the tags
//!    and manifest links, take as roots the tags (plus every manifest unless
//!    `--delete-untagged`) plus every manifest link stamped at or after the cutoff,
//!    compute the closure over the graph ([`crate::reach`]), and delete the unreached links older than
//!    the cutoff (re-checking each one's time), with their referrer records.
//! 5. Blob bytes that no surviving link names are deleted in batches under the
//!    exclusive lock after re-checking their time: a new link to existing bytes always
//!    stamps the bytes, so links made after their repository was swept keep them.
//! 6. Upload sessions and staging files untouched for longer than the upload TTL go.

mod memo;
mod objects;

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::Serialize;

use crate::audit::{self, Deletion, Origin, Recorder, Why};
use crate::oci::{Digest, Manifest, RepoName};
use crate::reach::{closure, Kept, ManifestRefs, Parsed};
use crate::storage::{
    BlobEntry, LinkEntry, LinkKind, LockMode, ReferrerEntry, Removal, Store, StoreError, TagEntry,
};

/// How many blob deletions share one hold of the commit lock.
const BYTES_BATCH: usize = 256;

/// What to collect and how.
#[derive(Debug, Clone)]
pub struct Options {
    /// Decide everything, remove nothing.
    pub dry_run: bool,
    /// Tags are the only roots: untagged manifests (not reachable from a tagged one)
    /// are removed.
    pub delete_untagged: bool,
    /// Nothing stamped less than this long before the start is removed.
    pub grace_period: Duration,
    /// Upload sessions and staging files untouched for this long are removed.
    pub upload_ttl: Duration,
    /// Worker threads for the walks.
    pub threads: usize,
    /// Record every removed or held-back object in [`Report::items`].
    pub list_items: bool,
    /// Who runs it, for the deletion audit log (a real run records every object it
    /// removes there, with the run's id).
    pub origin: Origin,
    /// Tags (repository, tag) a dry run treats as removed, so that `prune --gc
    /// --dry-run` plans gc as it will run after the prune. A real run ignores it.
    pub assume_untagged: HashSet<(String, String)>,
    /// On object storage, use gc's memo of earlier runs (`gc::memo`) and write it
    /// for the next; `false` reads every record.
    pub memo: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            dry_run: false,
            delete_untagged: false,
            grace_period: DEFAULT_GRACE_PERIOD,
            upload_ttl: DEFAULT_UPLOAD_TTL,
            threads: crate::par::io_threads(),
            list_items: false,
            origin: Origin::cli("gc", Why::Gc),
            assume_untagged: HashSet::new(),
            memo: true,
        }
    }
}

/// Default grace period: long enough for any push in progress (uploads then the
/// manifest) to finish, short enough that cron runs reclaim space the same day.
pub const DEFAULT_GRACE_PERIOD: Duration = Duration::from_secs(3600);
/// Default upload TTL: a day, the usual time an interrupted push is resumed within.
pub const DEFAULT_UPLOAD_TTL: Duration = Duration::from_secs(24 * 3600);

/// Why gc did not run.
#[derive(Debug, thiserror::Error)]
pub enum GcError {
    /// Another gc holds the gc lock.
    #[error("another gc is already running on the store at {0}; wait for it to finish (only one runs at a time)")]
    AlreadyRunning(String),
    /// The store failed before gc removed anything (taking its locks, reading the
    /// clock).
    #[error(transparent)]
    Start(StoreError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The phases, for progress reporting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Listing blob bytes.
    Blobs,
    /// Listing repositories' links, tags and referrers.
    Repositories,
    /// Reading and parsing manifests.
    Manifests,
    /// Deciding and removing per repository.
    Sweep,
    /// Removing unreferenced blob bytes.
    Bytes,
    /// Removing stale upload sessions and staging files.
    Uploads,
}

impl Phase {
    /// A short label.
    pub fn label(self) -> &'static str {
        match self {
            Phase::Blobs => "scan blobs",
            Phase::Repositories => "scan repositories",
            Phase::Manifests => "parse manifests",
            Phase::Sweep => "sweep repositories",
            Phase::Bytes => "sweep blob bytes",
            Phase::Uploads => "sweep uploads",
        }
    }
}

/// Receives progress; implemented by the CLI (progress bars or log lines).
pub trait Observer: Sync {
    /// A phase starts with `total` steps.
    fn begin(&self, phase: Phase, total: u64);
    /// `n` steps of the current phase are done (called from worker threads).
    fn advance(&self, n: u64);
    /// The phase ended; `summary` says what it found.
    fn end(&self, phase: Phase, summary: &str);
}

/// An observer that ignores everything.
pub struct Silent;

impl Observer for Silent {
    fn begin(&self, _: Phase, _: u64) {}
    fn advance(&self, _: u64) {}
    fn end(&self, _: Phase, _: &str) {}
}

/// Objects kept only because they are younger than the grace period (or needed by
/// something that is).
#[derive(Debug, Default, Clone, Serialize)]
pub struct HeldBack {
    /// Manifest links.
    pub manifests: u64,
    /// Layer (blob) links.
    pub layer_links: u64,
    /// Blob bytes no link names.
    pub blobs: u64,
    /// Size of those blob bytes.
    pub blob_bytes: u64,
    /// Upload sessions younger than the upload TTL.
    pub upload_sessions: u64,
    /// When the first held-back manifest, link or blob leaves the grace period (its
    /// stamp plus the grace period), RFC 3339; null when nothing is held back. A run
    /// after that removes it, unless something uses it by then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_removable_at: Option<String>,
    /// When the last one does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub all_removable_at: Option<String>,
}

/// What gc did to one repository.
#[derive(Debug, Default, Clone, Serialize)]
pub struct RepoReport {
    /// The repository.
    pub repository: String,
    /// Manifest links found.
    pub manifests_scanned: u64,
    /// Layer links found.
    pub layer_links_scanned: u64,
    /// Tags found.
    pub tags_scanned: u64,
    /// Manifest links kept.
    pub manifests_kept: u64,
    /// Manifest links removed.
    pub manifests_removed: u64,
    /// Layer links removed.
    pub layer_links_removed: u64,
    /// Tags removed (only tags naming a removed manifest; there should be none).
    pub tags_removed: u64,
    /// Untagged manifests kept because `--delete-untagged` was not given.
    pub untagged_manifests_kept: u64,
    /// Referrer records removed.
    pub referrers_removed: u64,
    /// Manifest links kept only by the grace period.
    pub held_back_manifests: u64,
    /// Layer links kept only by the grace period.
    pub held_back_layer_links: u64,
    /// The repository was left empty and removed.
    pub repository_removed: bool,
    /// Why nothing was removed in this repository, if so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
}

/// Whether an item is removed or held back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    /// Removed (or, in a dry run, would be).
    Remove,
    /// Garbage but younger than the grace period (or needed by something that is).
    HeldBack,
}

/// What kind of object an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemKind {
    /// A repository's manifest link.
    Manifest,
    /// A repository's layer (blob) link.
    LayerLink,
    /// A tag record.
    Tag,
    /// A referrer record.
    Referrer,
    /// Blob bytes in the content store.
    Blob,
    /// An upload session.
    Upload,
    /// A staging file under `tmp/`.
    Tmp,
}

/// One object a run removed or held back (or a dry run would).
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// Removed or held back.
    pub action: Action,
    /// What it is.
    pub kind: ItemKind,
    /// The repository, for links, tags and referrer records.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
    /// The digest, for links, referrers and blobs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
    /// The name, for tags, upload sessions and staging files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Size in bytes of the content concerned (for links: the blob they name).
    pub size: u64,
    /// Seconds since it was last stamped, at the start of the run.
    pub age_seconds: u64,
}

/// The outcome of a run. The first seven fields keep the names of the prototype's
/// report, which existing scripts read.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Report {
    /// Blob bytes in the content store (layers, configs and manifests).
    pub blobs_scanned: u64,
    /// Manifest links read and parsed, over all repositories.
    pub manifests_scanned: u64,
    /// Blob bytes still named by a link after the sweep.
    pub blobs_referenced: u64,
    /// Blob bytes named by no link (removed plus held back).
    pub blobs_unreferenced: u64,
    /// Blob bytes removed (in a dry run: that would be removed).
    pub blobs_deleted: u64,
    /// Size of the blob bytes removed.
    pub bytes_freed: u64,
    /// Wall time of the run.
    pub duration_seconds: f64,
    /// Nothing was changed.
    pub dry_run: bool,
    /// Only tags were roots.
    pub delete_untagged: bool,
    /// The grace period in seconds.
    pub grace_period_seconds: u64,
    /// The upload TTL in seconds.
    pub upload_ttl_seconds: u64,
    /// Start time T0 (RFC 3339, backend clock).
    pub started_at: String,
    /// Objects stamped before this were eligible (RFC 3339).
    pub cutoff: String,
    /// Repositories scanned.
    pub repositories_scanned: u64,
    /// Repositories left empty and removed.
    pub repositories_removed: u64,
    /// Manifest links removed.
    pub manifests_removed: u64,
    /// Layer links removed.
    pub layer_links_removed: u64,
    /// Tags removed.
    pub tags_removed: u64,
    /// Referrer records removed.
    pub referrers_removed: u64,
    /// Upload sessions found.
    pub upload_sessions_scanned: u64,
    /// Upload sessions removed.
    pub upload_sessions_removed: u64,
    /// Bytes of removed upload sessions.
    pub upload_bytes_freed: u64,
    /// Staging files removed.
    pub tmp_files_removed: u64,
    /// What the grace period (or upload TTL) kept.
    pub held_back: HeldBack,
    /// Names in the store that do not fit the layout (left alone).
    pub strays: u64,
    /// Untagged manifests kept because `--delete-untagged` was not given (with what
    /// only they use); 0 with it.
    pub untagged_manifests_kept: u64,
    /// Object storage: conditional deletes refused because the record was at another
    /// version than the one listed (a commit touched or flipped it since): each such
    /// record was kept, with everything it references. 0 on the filesystem.
    pub deletes_refused: u64,
    /// Problems that made gc leave something alone; non-empty means exit status 1.
    pub problems: Vec<String>,
    /// Per-repository breakdown.
    pub repositories: Vec<RepoReport>,
    /// Every removed (or, in a dry run, to be removed) and held-back object, when
    /// asked for (`--json`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<Item>>,
    /// This run's id, as its entries in the deletion audit log name it (`gc_run`).
    pub run_id: String,
    /// Entries of the deletion audit log that could not be written (JSON lines; the
    /// failure is also a problem): the command prints them.
    #[serde(skip)]
    pub audit_unrecorded: Vec<String>,
}

impl Report {
    /// Adds one repository's sweep to the totals (its skip reason, once, to the
    /// problems) and keeps it in the per-repository list.
    fn add_repository(&mut self, rr: RepoReport) {
        if let Some(why) = &rr.skipped {
            if !self.problems.iter().any(|p| p == why) {
                self.problems.push(why.clone());
            }
        }
        self.manifests_removed += rr.manifests_removed;
        self.layer_links_removed += rr.layer_links_removed;
        self.tags_removed += rr.tags_removed;
        self.referrers_removed += rr.referrers_removed;
        self.held_back.manifests += rr.held_back_manifests;
        self.held_back.layer_links += rr.held_back_layer_links;
        self.untagged_manifests_kept += rr.untagged_manifests_kept;
        self.repositories_removed += u64::from(rr.repository_removed);
        self.repositories.push(rr);
    }

    /// The report of a run starting at `t0`, with its cutoff and upload cutoff.
    fn starting(opts: &Options, t0: SystemTime) -> (Report, SystemTime, SystemTime) {
        let cutoff = t0.checked_sub(opts.grace_period).unwrap_or(UNIX_EPOCH);
        let upload_cutoff = t0.checked_sub(opts.upload_ttl).unwrap_or(UNIX_EPOCH);
        let rep = Report {
            dry_run: opts.dry_run,
            delete_untagged: opts.delete_untagged,
            grace_period_seconds: opts.grace_period.as_secs(),
            upload_ttl_seconds: opts.upload_ttl.as_secs(),
            started_at: rfc3339(t0),
            cutoff: rfc3339(cutoff),
            run_id: run_id(t0),
            ..Report::default()
        };
        (rep, cutoff, upload_cutoff)
    }
}

/// Reads the start time as a barrier: holding the commit lock exclusively means no
/// commit is half done, so each commit is wholly before T0 or wholly after it.
pub fn start_time(store: &Store) -> Result<SystemTime, StoreError> {
    let _commit = store.commit_lock(LockMode::Exclusive)?;
    store.clock()
}

/// Everything listed about one repository during the mark phase.
struct RepoScan {
    repo: RepoName,
    tags: usize,
    manifest_links: Vec<LinkEntry>,
    layer_links: Vec<LinkEntry>,
    referrer_records: Vec<ReferrerEntry>,
    parsed: HashMap<Digest, Parsed>,
}

fn scan_repo(store: &Store, repo: &RepoName) -> Result<(RepoScan, u64), StoreError> {
    let (tags, s1) = store.repo_tags(repo)?;
    let (manifest_links, s2) = store.repo_links(repo, LinkKind::Manifest)?;
    let (layer_links, s3) = store.repo_links(repo, LinkKind::Layer)?;
    let (referrer_records, s4) = store.repo_referrer_records(repo)?;
    let strays = (s1.len() + s2.len() + s3.len() + s4.len()) as u64;
    Ok((
        RepoScan {
            repo: repo.clone(),
            tags: tags.len(),
            manifest_links,
            layer_links,
            referrer_records,
            parsed: HashMap::new(),
        },
        strays,
    ))
}

/// Reads and parses a manifest the repository holds. A missing or unreadable
/// manifest is an `Err` with the reason, so that gc keeps everything it might name.
fn parse_manifest(store: &Store, repo: &RepoName, d: &Digest) -> Result<Parsed, StoreError> {
    let Some((info, body)) = store.read_manifest(repo, d)? else {
        return Ok(Err(format!(
            "manifest {d} in {repo}: link or bytes missing"
        )));
    };
    Ok(Manifest::parse(&body, &info.media_type)
        .map(|m| ManifestRefs::of(&m))
        .map_err(|e| format!("manifest {d} in {repo} does not parse: {e}")))
}

fn age(t0: SystemTime, t: SystemTime) -> u64 {
    t0.duration_since(t).map(|d| d.as_secs()).unwrap_or(0)
}

fn rfc3339(t: SystemTime) -> String {
    humantime::format_rfc3339_millis(t).to_string()
}

struct Ctx<'a> {
    store: &'a Store,
    opts: &'a Options,
    /// The deletion audit log's entries of this run (a real run only).
    audit: Recorder<'a>,
    /// Writing them failed: remove nothing more.
    audit_failed: bool,
    t0: SystemTime,
    cutoff: SystemTime,
    sizes: HashMap<Digest, u64>,
    items: Vec<Item>,
    /// Oldest and newest stamps of what was held back (for "removable at").
    held_stamps: Option<(SystemTime, SystemTime)>,
}

impl Ctx<'_> {
    #[allow(clippy::too_many_arguments)]
    fn item(
        &mut self,
        action: Action,
        kind: ItemKind,
        repo: Option<&RepoName>,
        digest: Option<&Digest>,
        name: Option<String>,
        size: Option<u64>,
        modified: SystemTime,
    ) {
        if action == Action::HeldBack {
            self.held_stamps = Some(match self.held_stamps {
                None => (modified, modified),
                Some((lo, hi)) => (lo.min(modified), hi.max(modified)),
            });
        }
        let size = size.or_else(|| digest.and_then(|d| self.sizes.get(d).copied()));
        if action == Action::Remove && !self.opts.dry_run {
            let mut d = Deletion::of(audit_kind(kind)).size(size);
            d.repository = repo.map(|r| r.to_string());
            d.digest = digest.map(|x| x.to_string());
            if kind == ItemKind::Tag {
                d.tag = name.clone();
            } else {
                d.name = name.clone();
            }
            self.audit.record(d);
        }
        if !self.opts.list_items {
            return;
        }
        let size = size.unwrap_or(0);
        self.items.push(Item {
            action,
            kind,
            repository: repo.map(|r| r.to_string()),
            digest: digest.map(|d| d.to_string()),
            name,
            size,
            age_seconds: age(self.t0, modified),
        });
    }

    /// Writes the audit entries of what was removed so far; on failure records the
    /// problem, keeps the unwritten lines for the report and stops the run's
    /// deletions. Called after each hold of the commit lock, never under it.
    fn flush_audit(&mut self, rep: &mut Report) {
        if let Err(e) = self.audit.flush() {
            rep.problems.push(format!(
                "{e}; gc stopped removing (re-run it once the log is writable)"
            ));
            rep.audit_unrecorded.extend(e.unrecorded);
            self.audit_failed = true;
        }
    }
}

/// The audit log's kind of a gc item.
fn audit_kind(k: ItemKind) -> audit::Kind {
    match k {
        ItemKind::Manifest => audit::Kind::Manifest,
        ItemKind::LayerLink => audit::Kind::LayerLink,
        ItemKind::Tag => audit::Kind::Tag,
        ItemKind::Referrer => audit::Kind::Referrer,
        ItemKind::Blob => audit::Kind::Blob,
        ItemKind::Upload => audit::Kind::Upload,
        ItemKind::Tmp => audit::Kind::Tmp,
    }
}

/// A run's id: its start (UTC, to the second) and a random suffix.
fn run_id(t0: SystemTime) -> String {
    let stamp: String = humantime::format_rfc3339_seconds(t0)
        .to_string()
        .chars()
        .filter(|c| *c != '-' && *c != ':')
        .collect();
    let uuid = uuid::Uuid::new_v4().simple().to_string();
    format!("{stamp}-{}", &uuid[..8])
}

/// Runs gc on a store.
pub fn run(store: &Store, opts: &Options, obs: &dyn Observer) -> Result<Report, GcError> {
    if let Some(ob) = store.backend().object_backend() {
        // Object storage has its own protocol: conditional deletes, no locks.
        return objects::run(store, ob, opts, obs);
    }
    let started = Instant::now();
    let _gc = store
        .try_gc_lock()
        .map_err(GcError::Start)?
        .ok_or_else(|| GcError::AlreadyRunning(store.describe()))?;
    let t0 = start_time(store).map_err(GcError::Start)?;
    let (mut rep, cutoff, upload_cutoff) = Report::starting(opts, t0);
    let threads = opts.threads.max(1);

    // ---- mark: blobs --------------------------------------------------------------
    let (buckets, strays) = store.blob_buckets()?;
    rep.strays += strays.len() as u64;
    obs.begin(Phase::Blobs, buckets.len() as u64);
    let listed = crate::par::map(&buckets, threads, |(alg, b)| {
        let r = store.blobs_in_bucket(*alg, b);
        obs.advance(1);
        r
    });
    let mut blobs: Vec<BlobEntry> = Vec::new();
    for r in listed {
        let (mut bl, st) = r?;
        rep.strays += st.len() as u64;
        blobs.append(&mut bl);
    }
    rep.blobs_scanned = blobs.len() as u64;
    obs.end(Phase::Blobs, &format!("{} blobs", blobs.len()));

    // ---- mark: repositories -------------------------------------------------------
    let (repos, strays) = store.repos_with_strays()?;
    rep.strays += strays.len() as u64;
    rep.repositories_scanned = repos.len() as u64;
    obs.begin(Phase::Repositories, repos.len() as u64);
    let listed = crate::par::map(&repos, threads, |r| {
        let s = scan_repo(store, r);
        obs.advance(1);
        s
    });
    let mut scans = Vec::with_capacity(repos.len());
    for r in listed {
        let (scan, strays) = r?;
        rep.strays += strays;
        scans.push(scan);
    }
    obs.end(
        Phase::Repositories,
        &format!("{} repositories", scans.len()),
    );

    // ---- mark: manifests (flattened so one big repository still uses every thread)
    let jobs: Vec<(usize, Digest)> = scans
        .iter()
        .enumerate()
        .flat_map(|(i, s)| s.manifest_links.iter().map(move |l| (i, l.digest.clone())))
        .collect();
    obs.begin(Phase::Manifests, jobs.len() as u64);
    let parsed = crate::par::map(&jobs, threads, |(i, d)| {
        let p = parse_manifest(store, &scans[*i].repo, d);
        obs.advance(1);
        p
    });
    for ((i, d), p) in jobs.into_iter().zip(parsed) {
        scans[i].parsed.insert(d, p?);
    }
    rep.manifests_scanned = scans.iter().map(|s| s.parsed.len() as u64).sum();
    obs.end(
        Phase::Manifests,
        &format!("{} manifests", rep.manifests_scanned),
    );

    let mut ctx = Ctx {
        store,
        opts,
        t0,
        cutoff,
        sizes: blobs.iter().map(|b| (b.digest.clone(), b.size)).collect(),
        audit: Recorder::new(store, opts.origin.clone().for_gc(&rep.run_id)),
        audit_failed: false,
        items: Vec::new(),
        held_stamps: None,
    };

    // ---- sweep: repositories --------------------------------------------------------
    obs.begin(Phase::Sweep, scans.len() as u64);
    let mut surviving: HashSet<Digest> = HashSet::new();
    for scan in scans {
        if ctx.audit_failed {
            break;
        }
        let mut rr = RepoReport {
            repository: scan.repo.to_string(),
            manifests_scanned: scan.manifest_links.len() as u64,
            layer_links_scanned: scan.layer_links.len() as u64,
            tags_scanned: scan.tags as u64,
            ..RepoReport::default()
        };
        let listed: Vec<Digest> = scan
            .manifest_links
            .iter()
            .chain(scan.layer_links.iter())
            .map(|l| l.digest.clone())
            .collect();
        if let Err(e) = sweep_repo(&mut ctx, scan, &mut rr, &mut surviving) {
            // Keep the bytes of everything this repository linked: what was removed
            // before the error is unknown here, and keeping more is always safe.
            surviving.extend(listed);
            let msg = format!("repository {}: {e}", rr.repository);
            rr.skipped = Some(msg.clone());
            rep.problems.push(msg);
        }
        rep.add_repository(rr);
        ctx.flush_audit(&mut rep);
        obs.advance(1);
    }
    obs.end(
        Phase::Sweep,
        &format!(
            "{} manifests, {} layer links, {} tags removed",
            rep.manifests_removed, rep.layer_links_removed, rep.tags_removed
        ),
    );

    // ---- sweep: blob bytes ----------------------------------------------------------
    let candidates: Vec<&BlobEntry> = blobs
        .iter()
        .filter(|b| !surviving.contains(&b.digest))
        .collect();
    rep.blobs_unreferenced = candidates.len() as u64;
    rep.blobs_referenced = rep.blobs_scanned - rep.blobs_unreferenced;
    obs.begin(Phase::Bytes, candidates.len() as u64);
    for batch in candidates.chunks(BYTES_BATCH) {
        if ctx.audit_failed {
            break;
        }
        let commit = store.commit_lock(LockMode::Exclusive)?;
        let outcomes = crate::par::map(batch, threads, |b| {
            store.remove_blob_if_older(&b.digest, cutoff, opts.dry_run)
        });
        for (b, outcome) in batch.iter().zip(outcomes) {
            match outcome? {
                Removal::Removed { size } => {
                    rep.blobs_deleted += 1;
                    rep.bytes_freed += size;
                    ctx.item(
                        Action::Remove,
                        ItemKind::Blob,
                        None,
                        Some(&b.digest),
                        None,
                        Some(size),
                        b.modified,
                    );
                }
                Removal::Young { modified } => {
                    rep.held_back.blobs += 1;
                    rep.held_back.blob_bytes += b.size;
                    ctx.item(
                        Action::HeldBack,
                        ItemKind::Blob,
                        None,
                        Some(&b.digest),
                        None,
                        Some(b.size),
                        modified,
                    );
                }
                Removal::Gone => {}
            }
        }
        drop(commit);
        ctx.flush_audit(&mut rep);
        obs.advance(batch.len() as u64);
    }
    obs.end(
        Phase::Bytes,
        &format!(
            "{} blobs ({} bytes) removed, {} held back",
            rep.blobs_deleted, rep.bytes_freed, rep.held_back.blobs
        ),
    );

    // ---- sweep: uploads and staging files -------------------------------------------
    let (uploads, strays) = store.list_uploads()?;
    rep.strays += strays.len() as u64;
    rep.upload_sessions_scanned = uploads.len() as u64;
    let tmp = store.tmp_entries()?;
    obs.begin(Phase::Uploads, (uploads.len() + tmp.len()) as u64);
    let stale: Vec<_> = uploads
        .iter()
        .filter(|u| {
            if u.modified >= upload_cutoff {
                rep.held_back.upload_sessions += 1;
                return false;
            }
            true
        })
        .collect();
    if (!stale.is_empty() || !tmp.is_empty()) && !ctx.audit_failed {
        let _commit = store.commit_lock(LockMode::Exclusive)?;
        for u in stale {
            if let Removal::Removed { size } =
                store.remove_upload_if_older(&u.id, upload_cutoff, opts.dry_run)?
            {
                rep.upload_sessions_removed += 1;
                rep.upload_bytes_freed += size;
                ctx.item(
                    Action::Remove,
                    ItemKind::Upload,
                    u.meta.as_ref().ok().map(|m| &m.repo),
                    None,
                    Some(u.id.to_string()),
                    Some(size),
                    u.modified,
                );
            }
        }
        for (key, modified) in &tmp {
            if let Removal::Removed { size } =
                store.remove_tmp_if_older(key, upload_cutoff, opts.dry_run)?
            {
                rep.tmp_files_removed += 1;
                ctx.item(
                    Action::Remove,
                    ItemKind::Tmp,
                    None,
                    None,
                    Some(key.to_string()),
                    Some(size),
                    *modified,
                );
            }
        }
    }
    ctx.flush_audit(&mut rep);
    obs.end(
        Phase::Uploads,
        &format!(
            "{} upload sessions, {} staging files removed",
            rep.upload_sessions_removed, rep.tmp_files_removed
        ),
    );

    if let Some((lo, hi)) = ctx.held_stamps {
        let at = |t: SystemTime| rfc3339(t + opts.grace_period);
        rep.held_back.first_removable_at = Some(at(lo));
        rep.held_back.all_removable_at = Some(at(hi));
    }
    if opts.list_items {
        rep.items = Some(std::mem::take(&mut ctx.items));
    }
    rep.duration_seconds = started.elapsed().as_secs_f64();
    Ok(rep)
}

/// Decides and removes in one repository under one hold of the exclusive commit lock,
/// and adds the digests its surviving links name to `surviving`.
fn sweep_repo(
    ctx: &mut Ctx<'_>,
    mut scan: RepoScan,
    rr: &mut RepoReport,
    surviving: &mut HashSet<Digest>,
) -> Result<(), StoreError> {
    let store = ctx.store;
    let (opts, cutoff) = (ctx.opts, ctx.cutoff);
    let repo = scan.repo.clone();
    let _commit = store.commit_lock(LockMode::Exclusive)?;

    // Re-read the roots: commits since the mark phase may have added or moved tags and
    // pushed manifests (stamped ≥ T0) that reach old, otherwise unmarked content.
    let (mut tags, _) = store.repo_tags(&repo)?;
    if opts.dry_run && !opts.assume_untagged.is_empty() {
        let name = repo.to_string();
        tags.retain(|t| {
            !opts
                .assume_untagged
                .contains(&(name.clone(), t.tag.to_string()))
        });
    }
    let (mlinks, _) = store.repo_links(&repo, LinkKind::Manifest)?;
    let held: HashMap<Digest, SystemTime> = mlinks
        .iter()
        .map(|l| (l.digest.clone(), l.modified))
        .collect();
    for d in held.keys() {
        if !scan.parsed.contains_key(d) {
            let p = parse_manifest(store, &repo, d)?;
            scan.parsed.insert(d.clone(), p);
        }
    }
    let mut referrers: HashMap<Digest, Vec<Digest>> = HashMap::new();
    for (d, p) in &scan.parsed {
        if let (Ok(refs), true) = (p, held.contains_key(d)) {
            if let Some(s) = &refs.subject {
                referrers.entry(s.clone()).or_default().push(d.clone());
            }
        }
    }
    for rec in &scan.referrer_records {
        referrers
            .entry(rec.subject.clone())
            .or_default()
            .push(rec.referrer.clone());
    }

    let tag_roots: Vec<&Digest> = tags.iter().filter_map(|t| t.target.as_ref().ok()).collect();
    let strict_roots: Vec<&Digest> = if opts.delete_untagged {
        tag_roots.clone()
    } else {
        tag_roots.iter().copied().chain(held.keys()).collect()
    };
    let young: Vec<&Digest> = held
        .iter()
        .filter(|(_, m)| **m >= cutoff)
        .map(|(d, _)| d)
        .collect();
    let is_held = |d: &Digest| held.contains_key(d);
    // `strict` is what the rules keep; `kept` adds what the grace period protects
    // (young manifests and everything they reach).
    let strict = closure(
        strict_roots.iter().copied(),
        &is_held,
        &scan.parsed,
        &referrers,
    );
    let kept: Kept = closure(
        strict_roots.iter().copied().chain(young.iter().copied()),
        &is_held,
        &scan.parsed,
        &referrers,
    );
    rr.manifests_kept = kept.manifests.len() as u64;
    if !opts.delete_untagged {
        // Reporting only: what --delete-untagged would no longer keep.
        let tagged = closure(
            tag_roots.iter().copied(),
            &is_held,
            &scan.parsed,
            &referrers,
        );
        rr.untagged_manifests_kept = held
            .keys()
            .filter(|d| !tagged.manifests.contains(*d))
            .count() as u64;
    }
    if let Some((d, why)) = kept.unreadable.first() {
        rr.skipped = Some(format!(
            "repository {repo}: kept manifest {d} could not be read ({why}); nothing removed in this repository, check the store"
        ));
        surviving.extend(held.keys().cloned());
        surviving.extend(scan.layer_links.iter().map(|l| l.digest.clone()));
        return Ok(());
    }

    // Manifest links as re-listed under the lock; layer links as listed in the mark
    // phase (links made since were stamped ≥ T0 and are never candidates).
    let mut removed_manifests: HashSet<Digest> = HashSet::new();
    let (removed, held_back) = sweep_links(
        ctx,
        &repo,
        LinkKind::Manifest,
        &mlinks,
        (&kept.manifests, &strict.manifests),
        surviving,
        &mut removed_manifests,
    )?;
    rr.manifests_removed = removed;
    rr.held_back_manifests = held_back;
    let (removed, held_back) = sweep_links(
        ctx,
        &repo,
        LinkKind::Layer,
        &scan.layer_links,
        (&kept.blobs, &strict.blobs),
        surviving,
        &mut HashSet::new(),
    )?;
    rr.layer_links_removed = removed;
    rr.held_back_layer_links = held_back;

    // Referrer records of removed manifests, and stale ones whose manifest is gone.
    let mut records: Vec<(Digest, Digest)> = scan
        .referrer_records
        .iter()
        .filter(|r| !held.contains_key(&r.referrer) || removed_manifests.contains(&r.referrer))
        .map(|r| (r.subject.clone(), r.referrer.clone()))
        .collect();
    for d in &removed_manifests {
        if let Some(Ok(ManifestRefs {
            subject: Some(s), ..
        })) = scan.parsed.get(d)
        {
            records.push((s.clone(), d.clone()));
        }
    }
    records.sort();
    records.dedup();
    for (subject, referrer) in records {
        let gone = if opts.dry_run {
            true
        } else {
            store.remove_referrer_record(&repo, &subject, &referrer)?
        };
        if gone {
            rr.referrers_removed += 1;
            ctx.item(
                Action::Remove,
                ItemKind::Referrer,
                Some(&repo),
                Some(&referrer),
                Some(format!("subject {subject}")),
                Some(0),
                ctx.t0,
            );
        }
    }

    // Tags naming a removed manifest (tags are roots, so none are expected).
    for t in tags_naming(&tags, &removed_manifests) {
        if opts.dry_run || store.remove_tag_record(&repo, &t.tag)? {
            rr.tags_removed += 1;
            ctx.item(
                Action::Remove,
                ItemKind::Tag,
                Some(&repo),
                t.target.as_ref().ok(),
                Some(t.tag.to_string()),
                Some(0),
                t.modified,
            );
        }
    }

    if !opts.dry_run && (rr.manifests_removed + rr.layer_links_removed + rr.referrers_removed) > 0 {
        rr.repository_removed = store.prune_repo(&repo)?;
    }
    Ok(())
}

/// Removes the links of one kind that `kept.0` does not contain and that are older
/// than the cutoff; records survivors in `surviving` and removals in `removed_out`.
/// `kept.1` is what the rules alone keep: the difference is held back by the grace
/// period. Returns (removed, held back).
fn sweep_links(
    ctx: &mut Ctx<'_>,
    repo: &RepoName,
    kind: LinkKind,
    links: &[LinkEntry],
    kept: (&HashSet<Digest>, &HashSet<Digest>),
    surviving: &mut HashSet<Digest>,
    removed_out: &mut HashSet<Digest>,
) -> Result<(u64, u64), StoreError> {
    let item_kind = match kind {
        LinkKind::Manifest => ItemKind::Manifest,
        LinkKind::Layer => ItemKind::LayerLink,
    };
    let (mut removed, mut held_back) = (0, 0);
    // Unlinks wait on the file system's journal: issue them from several threads so
    // the lock is held for less time.
    let candidates: Vec<&LinkEntry> = links
        .iter()
        .filter(|l| !kept.0.contains(&l.digest))
        .collect();
    let (store, cutoff, dry_run) = (ctx.store, ctx.cutoff, ctx.opts.dry_run);
    let outcomes = crate::par::map(&candidates, ctx.opts.threads, |l| {
        store.remove_link_if_older(repo, kind, &l.digest, cutoff, dry_run)
    });
    let mut outcome: HashMap<&Digest, Removal> = HashMap::with_capacity(candidates.len());
    for (l, o) in candidates.iter().zip(outcomes) {
        outcome.insert(&l.digest, o?);
    }
    for l in links {
        let d = &l.digest;
        let (action, modified) = match outcome.get(d) {
            None => {
                surviving.insert(d.clone());
                if kept.1.contains(d) {
                    continue;
                }
                (Action::HeldBack, l.modified)
            }
            Some(Removal::Removed { .. }) => {
                removed_out.insert(d.clone());
                (Action::Remove, l.modified)
            }
            Some(Removal::Young { modified }) => {
                surviving.insert(d.clone());
                (Action::HeldBack, *modified)
            }
            Some(Removal::Gone) => continue,
        };
        match action {
            Action::Remove => removed += 1,
            Action::HeldBack => held_back += 1,
        }
        ctx.item(action, item_kind, Some(repo), Some(d), None, None, modified);
    }
    Ok((removed, held_back))
}

fn tags_naming<'a>(tags: &'a [TagEntry], removed: &HashSet<Digest>) -> Vec<&'a TagEntry> {
    tags.iter()
        .filter(|t| t.target.as_ref().is_ok_and(|d| removed.contains(d)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_time_waits_for_commits_in_flight() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_or_create(dir.path()).unwrap();
        let shared = store.commit_lock(LockMode::Shared).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let s2 = store.clone();
        let h = std::thread::spawn(move || {
            let t = start_time(&s2).unwrap();
            tx.send(t).unwrap();
        });
        // While a commit holds the lock, T0 cannot be read: the reader is still
        // waiting (a reader that failed would have hung up instead).
        assert_eq!(
            rx.recv_timeout(Duration::from_millis(300)),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout)
        );
        assert!(
            !h.is_finished(),
            "start_time returned while a commit held the lock"
        );
        let released = SystemTime::now();
        drop(shared);
        let t0 = rx.recv_timeout(Duration::from_secs(10)).unwrap();
        h.join().unwrap();
        // The clock is coarse; allow for its granularity.
        assert!(t0 + Duration::from_millis(50) >= released);
    }

    #[test]
    fn second_gc_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_or_create(dir.path()).unwrap();
        let _held = store.try_gc_lock().unwrap().unwrap();
        let err = run(&store, &Options::default(), &Silent).unwrap_err();
        assert!(matches!(err, GcError::AlreadyRunning(_)));
    }
}
