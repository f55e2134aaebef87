//! gc on object storage (S3-compatible, in memory): the reference-first protocol of
//! `docs/gc.md` ("Online gc on object storage"), safe next to any number of `serve`
//! replicas without a lock.
//!
//! 1. T0 is the backend's clock; the cutoff is T0 minus the grace period.
//! 2. `uploads/`, `blobs/`, `data/` and `repositories/` are each listed once, in
//!    that order (a blob record is created before its session is deleted, so one of
//!    the two is seen), with every object's ETag and time; every manifest is parsed
//!    once.
//! 3. Pending records count as referrers like committed ones; only committed
//!    manifests are roots (with tags).
//! 4. Deletions go top-down — manifests (referrers before what they reference),
//!    layer links, blob records, data objects — each only with delete-if-match on the
//!    ETag listed, and only for a record that is unreached from the roots, older than
//!    the cutoff, and whose every listed referrer was deleted in this run. A delete
//!    that fails on the version (a commit touched or flipped the record) makes the
//!    record, and with it everything it references, live.
//! 5. Upload sessions older than the upload TTL, and data objects named by nothing
//!    listed and older than the cutoff, go the same way.

use std::collections::{HashMap, HashSet};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use super::memo::{BlobSays, Memo};
use super::{
    rfc3339, Action, Ctx, GcError, ItemKind, Observer, Options, Phase, RepoReport, Report,
};
use crate::audit::Recorder;
use crate::oci::{Algorithm, Digest, Manifest, RepoName, Tag};
use crate::reach::{closure, ManifestRefs, Parsed};
use crate::storage::object::{ETag, ObjectMeta};
use crate::storage::on_objects::{CondDelete, Content, ObjectBackend, RefState, DATA_RECORD_MAX};
use crate::storage::{paths, Key, ManifestInfo, Store, StoreError};

/// Test-only: milliseconds gc sleeps between its listing and the rest of the run.
const PAUSE_ENV: &str = "REGISTRYCTL_GC_PAUSE_AFTER_LISTING_MS";

/// Manifests larger than this are not read by gc (the registry refuses bigger ones).
const MANIFEST_MAX: u64 = 16 * 1024 * 1024;

fn io(key: &str) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |cause| StoreError::Io {
        key: key.to_string(),
        cause,
    }
}

/// A listed object: its key, version and time.
#[derive(Debug, Clone)]
struct Listed {
    key: Key,
    etag: ETag,
    modified: SystemTime,
    size: u64,
}

impl From<ObjectMeta> for Listed {
    fn from(m: ObjectMeta) -> Listed {
        Listed {
            key: m.key,
            etag: m.etag,
            modified: m.modified,
            size: m.size,
        }
    }
}

/// A repository as listed.
#[derive(Default)]
struct RepoList {
    tags: Vec<(Tag, Listed)>,
    manifests: HashMap<Digest, Listed>,
    layers: HashMap<Digest, Listed>,
    referrers: Vec<(Digest, Digest, Listed)>,
    other: Vec<Listed>,
}

/// A tag, the manifest it names (`None`: damaged) and its time.
type TagTarget = (Tag, Option<Digest>, SystemTime);

/// Where a record stands in this run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    /// Deleted in this run (or found gone; in a dry run: would be deleted).
    Deleted,
    /// Stays.
    Live,
}

/// What this run knows of the blob records: sizes, the data objects they name, and
/// which of that the memo said rather than a read in this run.
#[derive(Default)]
struct Known {
    sizes: HashMap<Digest, u64>,
    data: HashMap<Digest, Key>,
    from_memo: HashSet<Digest>,
    /// Committed records' facts, for the next run's memo (kept only by a run that
    /// writes it).
    facts: HashMap<Digest, BlobSays>,
    keep_facts: bool,
}

impl Known {
    /// Takes in what a record says (read in this run, or from the memo).
    fn learn(&mut self, d: &Digest, says: BlobSays, from_memo: bool, committed: bool) {
        self.sizes.insert(d.clone(), says.size);
        match &says.data {
            Some(k) => self.data.insert(d.clone(), k.clone()),
            None => self.data.remove(d),
        };
        if from_memo {
            self.from_memo.insert(d.clone());
        } else {
            self.from_memo.remove(d);
        }
        if committed && self.keep_facts {
            self.facts.insert(d.clone(), says);
        } else {
            self.facts.remove(d);
        }
    }

    fn take(&mut self, d: &Digest, st: RefState) {
        if let Content::Blob(rec) = st.content {
            let says = BlobSays {
                size: rec.size,
                data: rec.data.as_deref().and_then(Key::parse),
            };
            self.learn(d, says, false, !st.pending);
        }
    }

    /// Reads `records`; a read that fails fails the run.
    fn read(
        &mut self,
        ob: &ObjectBackend,
        records: &[(&Digest, &Listed)],
        threads: usize,
    ) -> Result<(), StoreError> {
        let read = crate::par::map(records, threads, |(_, l)| ob.read_ref(&l.key));
        for ((d, l), r) in records.iter().zip(read) {
            if let Some(st) = r.map_err(io(l.key.as_str()))? {
                self.take(d, st);
            }
        }
        Ok(())
    }

    /// Reads `records`; what cannot be read stays as it was known.
    fn read_lenient(&mut self, ob: &ObjectBackend, records: &[(&Digest, &Listed)], threads: usize) {
        let read = crate::par::map(records, threads, |(_, l)| ob.read_ref(&l.key));
        for ((d, _), r) in records.iter().zip(read) {
            if let Ok(Some(st)) = r {
                self.take(d, st);
            }
        }
    }
}

/// Runs gc on an object store. See the module docs.
pub(super) fn run(
    store: &Store,
    ob: &ObjectBackend,
    opts: &Options,
    obs: &dyn Observer,
) -> Result<Report, GcError> {
    let started = Instant::now();
    // A lease only against duplicated work: safety rests on the conditional deletes.
    let _gc = store
        .try_gc_lock()
        .map_err(GcError::Start)?
        .ok_or_else(|| GcError::AlreadyRunning(store.describe()))?;
    let t0 = store.clock().map_err(GcError::Start)?;
    let (mut rep, cutoff, upload_cutoff) = Report::starting(opts, t0);
    let threads = opts.threads.max(1);
    let list = |prefix: &str| -> Result<Vec<Listed>, StoreError> {
        Ok(ob
            .list_flat(prefix)
            .map_err(io(prefix))?
            .into_iter()
            .map(Listed::from)
            .collect())
    };

    // ---- list each prefix once, in the protocol's order ------------------------------
    obs.begin(Phase::Blobs, 4);
    let uploads = list("uploads/")?;
    obs.advance(1);
    let blob_objects = list("blobs/")?;
    obs.advance(1);
    let data_objects = list("data/")?;
    obs.advance(1);
    let repo_objects = list("repositories/")?;
    obs.advance(1);

    // Upload sessions, by id; the data object each one names.
    let mut sessions: HashMap<String, Vec<Listed>> = HashMap::new();
    for l in uploads {
        let Some(id) = l.key.as_str().split('/').nth(1) else {
            continue;
        };
        sessions.entry(id.to_string()).or_default().push(l);
    }
    let session_records: Vec<&Listed> = sessions
        .values()
        .flatten()
        .filter(|l| l.key.as_str().ends_with("/data"))
        .collect();
    let read = crate::par::map(&session_records, threads, |l| ob.read_raw(&l.key));
    let mut session_data: HashMap<String, (Key, Option<crate::storage::object::MultipartId>)> =
        HashMap::new();
    for (l, r) in session_records.iter().zip(read) {
        if let Some((raw, _)) = r.map_err(io(l.key.as_str()))? {
            if let (Some(id), Some(named)) = (
                l.key.as_str().split('/').nth(1),
                ObjectBackend::session_data(&raw),
            ) {
                session_data.insert(id.to_string(), named);
            }
        }
    }

    // Blob records: digest, listing, and the data object it names (read only for
    // records small enough to name one: larger ones hold their bytes inline).
    let mut blobs: HashMap<Digest, Listed> = HashMap::new();
    for l in blob_objects {
        let parts: Vec<&str> = l.key.as_str().split('/').collect();
        match parts.as_slice() {
            [paths::BLOBS, alg, _, hex] => {
                match Algorithm::parse(alg).and_then(|a| Digest::from_parts(a, hex)) {
                    Some(d) => {
                        blobs.insert(d, l);
                    }
                    None => rep.strays += 1,
                }
            }
            _ => rep.strays += 1,
        }
    }
    rep.blobs_scanned = blobs.len() as u64;
    // gc's memo (`gc::memo`) stands in for reads of records an earlier run read, as
    // long as the data object it says a record names is listed.
    let mut memo = if opts.memo {
        Memo::load(ob, threads)
    } else {
        Memo::default()
    };
    let data_listed: HashSet<&Key> = data_objects.iter().map(|l| &l.key).collect();
    // A real run with the memo on writes it for the next one.
    let write_memo = opts.memo && !opts.dry_run;
    let mut known = Known {
        keep_facts: write_memo,
        ..Known::default()
    };
    let mut small: Vec<(&Digest, &Listed)> = Vec::new();
    for (d, l) in &blobs {
        match memo.take_blob(d) {
            Some(says) if says.data.as_ref().map_or(true, |k| data_listed.contains(k)) => {
                known.learn(d, says, true, true);
            }
            _ if l.size <= DATA_RECORD_MAX => small.push((d, l)),
            _ => {}
        }
    }
    known.read(ob, &small, threads)?;

    // Repositories, from the one listing.
    let mut repos: std::collections::BTreeMap<String, (RepoName, RepoList)> = Default::default();
    for l in repo_objects {
        let parts: Vec<&str> = l.key.as_str().split('/').collect();
        let Some(i) = parts.iter().position(|p| p.starts_with('_')) else {
            rep.strays += 1;
            continue;
        };
        let Ok(repo) = RepoName::parse(&parts[1..i].join("/")) else {
            rep.strays += 1;
            continue;
        };
        let entry = repos
            .entry(repo.to_string())
            .or_insert_with(|| (repo, RepoList::default()));
        let rl = &mut entry.1;
        let digest =
            |alg: &str, hex: &str| Algorithm::parse(alg).and_then(|a| Digest::from_parts(a, hex));
        match &parts[i..] {
            [paths::TAGS_DIR, t] => match Tag::parse(t) {
                Ok(t) => rl.tags.push((t, l)),
                Err(_) => rep.strays += 1,
            },
            [paths::MANIFESTS_DIR, a, h] => match digest(a, h) {
                Some(d) => {
                    rl.manifests.insert(d, l);
                }
                None => rep.strays += 1,
            },
            [paths::LAYERS_DIR, a, h] => match digest(a, h) {
                Some(d) => {
                    rl.layers.insert(d, l);
                }
                None => rep.strays += 1,
            },
            [paths::REFERRERS_DIR, a1, h1, a2, h2] => match (digest(a1, h1), digest(a2, h2)) {
                (Some(s), Some(r)) => rl.referrers.push((s, r, l)),
                _ => rep.strays += 1,
            },
            _ => rl.other.push(l),
        }
    }
    rep.repositories_scanned = repos.len() as u64;
    obs.end(
        Phase::Blobs,
        &format!(
            "{} blobs, {} data objects, {} repositories, {} upload sessions",
            blobs.len(),
            data_objects.len(),
            repos.len(),
            sessions.len()
        ),
    );

    if let Some(ms) = std::env::var(PAUSE_ENV)
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        // Test-only: widens the window between the listing and the deletes, where
        // tests stop gc (SIGSTOP) to show its deletes then fail safely.
        std::thread::sleep(std::time::Duration::from_millis(ms.min(60_000)));
    }

    // ---- read tags, manifest links and manifests --------------------------------------
    obs.begin(Phase::Repositories, repos.len() as u64);
    let tag_jobs: Vec<(&str, &Tag, &Listed)> = repos
        .iter()
        .flat_map(|(name, (_, rl))| rl.tags.iter().map(move |(t, l)| (name.as_str(), t, l)))
        .collect();
    let read = crate::par::map(&tag_jobs, threads, |(_, _, l)| ob.read_raw(&l.key));
    let mut tag_targets: HashMap<&str, Vec<TagTarget>> = HashMap::new();
    for ((name, t, l), r) in tag_jobs.iter().zip(read) {
        let target = r
            .map_err(io(l.key.as_str()))?
            .and_then(|(b, _)| Digest::parse(String::from_utf8_lossy(&b).trim()).ok());
        tag_targets
            .entry(name)
            .or_default()
            .push(((*t).clone(), target, l.modified));
    }
    obs.end(Phase::Repositories, &format!("{} tags", tag_jobs.len()));

    let jobs: Vec<(&str, &Digest, &Listed)> = repos
        .iter()
        .flat_map(|(name, (_, rl))| rl.manifests.iter().map(move |(d, l)| (name.as_str(), d, l)))
        .collect();
    obs.begin(Phase::Manifests, jobs.len() as u64);
    let read = crate::par::map(&jobs, threads, |(_, d, l)| {
        let r = read_manifest(ob, &memo, &blobs, d, l);
        obs.advance(1);
        r
    });
    // Per repository: digest -> (committed?, parsed).
    let mut parsed: HashMap<&str, HashMap<Digest, (bool, Parsed)>> = HashMap::new();
    // What the manifests reference, for the next run's memo.
    let mut learned_refs: HashMap<(Digest, String), ManifestRefs> = HashMap::new();
    for ((name, d, _), r) in jobs.iter().zip(read) {
        let (committed, p, learned) = r?;
        if let (Some((media_type, refs)), true) = (learned, write_memo) {
            learned_refs.insert(((*d).clone(), media_type), refs);
        }
        parsed
            .entry(name)
            .or_default()
            .insert((*d).clone(), (committed, p));
    }
    rep.manifests_scanned = jobs.len() as u64;
    obs.end(
        Phase::Manifests,
        &format!("{} manifests", rep.manifests_scanned),
    );

    let mut ctx = Ctx {
        store,
        opts,
        t0,
        cutoff,
        sizes: std::mem::take(&mut known.sizes),
        audit: Recorder::new(store, opts.origin.clone().for_gc(&rep.run_id)),
        audit_failed: false,
        items: Vec::new(),
        held_stamps: None,
    };
    let dry = opts.dry_run;
    // Conditional delete of what was judged; a dry run deletes nothing.
    let refused = std::sync::atomic::AtomicU64::new(0);
    let del = |l: &Listed| -> Result<CondDelete, StoreError> {
        if dry {
            return Ok(CondDelete::Deleted);
        }
        let got = ob.delete_if(&l.key, &l.etag).map_err(io(l.key.as_str()))?;
        if got == CondDelete::Changed {
            tracing::info!(key = %l.key, "not deleted: a commit touched it after the listing");
            refused.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        Ok(got)
    };

    // ---- sweep repositories: manifests top-down, then layer links -------------------
    obs.begin(Phase::Sweep, repos.len() as u64);
    // Blob records with a referrer (link) that stays, in any repository.
    let mut blob_live: HashSet<Digest> = HashSet::new();
    for (name, (repo, rl)) in &repos {
        if ctx.audit_failed {
            // Keep everything a repository not swept links.
            blob_live.extend(rl.manifests.keys().cloned());
            blob_live.extend(rl.layers.keys().cloned());
            continue;
        }
        let empty = HashMap::new();
        let man = parsed.get(name.as_str()).unwrap_or(&empty);
        let tags = tag_targets.get(name.as_str()).cloned().unwrap_or_default();
        let mut rr = RepoReport {
            repository: name.clone(),
            manifests_scanned: rl.manifests.len() as u64,
            layer_links_scanned: rl.layers.len() as u64,
            tags_scanned: tags.len() as u64,
            ..RepoReport::default()
        };
        sweep_repo(
            &mut ctx,
            &del,
            repo,
            rl,
            man,
            &tags,
            &mut rr,
            &mut blob_live,
        )?;
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

    // ---- blob records, then the data objects they name ------------------------------
    let candidates: Vec<(&Digest, &Listed)> = blobs
        .iter()
        .filter(|(d, _)| !blob_live.contains(*d))
        .collect();
    rep.blobs_unreferenced = candidates.len() as u64;
    rep.blobs_referenced = rep.blobs_scanned - rep.blobs_unreferenced;
    obs.begin(Phase::Bytes, candidates.len() as u64);
    // Data objects that records which stay name: as read in this run (`data_live`),
    // and as the memo says (`memo_live`: good only for keeping, see `gc::memo`).
    let mut data_live: HashSet<Key> = HashSet::new();
    let mut memo_live: HashSet<Key> = HashSet::new();
    for d in &blob_live {
        if let Some(k) = known.data.get(d) {
            if known.from_memo.contains(d) {
                memo_live.insert(k.clone());
            } else {
                data_live.insert(k.clone());
            }
        }
    }
    // The candidates' records, read in this run: their sizes (big inline records
    // were not read yet), and what data object each names, not as the memo says.
    let unread: Vec<(&Digest, &Listed)> = candidates
        .iter()
        .filter(|(d, _)| known.from_memo.contains(*d) || !ctx.sizes.contains_key(*d))
        .copied()
        .collect();
    known.read_lenient(ob, &unread, threads);
    ctx.sizes.extend(known.sizes.drain());
    let (old, young): (Vec<_>, Vec<_>) = candidates
        .iter()
        .partition(|(_, l)| l.modified < cutoff && !ctx.audit_failed);
    for &(d, l) in young {
        if let Some(k) = known.data.get(d) {
            data_live.insert(k.clone());
        }
        let size = ctx.sizes.get(d).copied().unwrap_or(0);
        rep.held_back.blobs += 1;
        rep.held_back.blob_bytes += size;
        ctx.item(
            Action::HeldBack,
            ItemKind::Blob,
            None,
            Some(d),
            None,
            Some(size),
            l.modified,
        );
    }
    // Data objects whose one blob record this run read and then deleted.
    let mut freed: HashSet<Key> = HashSet::new();
    let mut deleted: HashSet<&Digest> = HashSet::new();
    let outcomes = crate::par::map(&old, threads, |(_, l)| del(l));
    for ((d, l), o) in old.iter().zip(outcomes) {
        let size = ctx.sizes.get(*d).copied().unwrap_or(0);
        match o? {
            CondDelete::Deleted => {
                deleted.insert(*d);
                // Only what this run read counts (a candidate whose read failed
                // still has the memo's word, which may be stale).
                if let (Some(k), false) = (known.data.get(*d), known.from_memo.contains(*d)) {
                    freed.insert(k.clone());
                }
                rep.blobs_deleted += 1;
                rep.bytes_freed += size;
                ctx.item(
                    Action::Remove,
                    ItemKind::Blob,
                    None,
                    Some(d),
                    None,
                    Some(size),
                    l.modified,
                );
            }
            CondDelete::Gone => {
                deleted.insert(*d);
            }
            CondDelete::Changed => {
                // Touched by a commit since it was listed: live, and so is its data.
                if let Some(k) = known.data.get(*d) {
                    data_live.insert(k.clone());
                }
            }
        }
    }
    ctx.flush_audit(&mut rep);

    // ---- upload sessions ---------------------------------------------------------------
    rep.upload_sessions_scanned = sessions.len() as u64;
    for (id, objs) in &sessions {
        let newest = objs.iter().map(|l| l.modified).max().unwrap_or(UNIX_EPOCH);
        let named = session_data.get(id);
        if newest >= upload_cutoff || ctx.audit_failed {
            rep.held_back.upload_sessions += 1;
            if let Some((k, _)) = named {
                data_live.insert(k.clone());
            }
            continue;
        }
        let mut all_gone = true;
        for l in objs {
            if del(l)? == CondDelete::Changed {
                all_gone = false;
            }
        }
        if !all_gone {
            if let Some((k, _)) = named {
                data_live.insert(k.clone());
            }
            continue;
        }
        if let (Some((k, Some(mp))), false) = (named, dry) {
            // The parts of an abandoned multipart upload are not objects: abort it.
            let _ = ob.abort_upload(k, mp);
        }
        let size = objs.iter().map(|l| l.size).sum();
        rep.upload_sessions_removed += 1;
        rep.upload_bytes_freed += size;
        ctx.item(
            Action::Remove,
            ItemKind::Upload,
            None,
            None,
            Some(id.clone()),
            Some(size),
            newest,
        );
    }

    // ---- data objects: named by nothing that stays, and old --------------------------
    let unnamed = |l: &&Listed, data_live: &HashSet<Key>, memo_live: &HashSet<Key>| {
        !data_live.contains(&l.key)
            && !memo_live.contains(&l.key)
            && l.modified < cutoff
            && !ctx.audit_failed
    };
    let mut orphans: Vec<&Listed> = data_objects
        .iter()
        .filter(|l| unnamed(l, &data_live, &memo_live))
        .collect();
    if orphans.iter().any(|l| !freed.contains(&l.key)) && !known.from_memo.is_empty() {
        // A data object no record read in this run names, and not freed by it: a
        // record the memo stood in for may name it (created again since). Read them
        // all before deleting any such object.
        let stood_in: Vec<(&Digest, &Listed)> = blobs
            .iter()
            .filter(|(d, _)| known.from_memo.contains(*d))
            .collect();
        tracing::info!(
            records = stood_in.len(),
            "data objects named by nothing read: reading the records the memo stood in for"
        );
        match known.read(ob, &stood_in, threads) {
            Ok(()) => {
                memo_live.clear();
                for d in &blob_live {
                    if let Some(k) = known.data.get(d) {
                        data_live.insert(k.clone());
                    }
                }
                orphans = data_objects
                    .iter()
                    .filter(|l| unnamed(l, &data_live, &memo_live))
                    .collect();
            }
            Err(e) => {
                // Not knowing, keep them: only what this run freed goes.
                tracing::warn!(error = %e, "records not read: keeping the data objects named by nothing read");
                orphans.retain(|l| freed.contains(&l.key));
            }
        }
    }
    if !orphans.is_empty() {
        // `scan --fix` moves a damaged blob's record into `quarantine/` (written
        // there, then deleted from `blobs/`) and leaves its data object. Listed last,
        // after every read of a blob record, so that a record moved since is seen in
        // one place or the other.
        match quarantine_data(ob, &list, threads) {
            Ok(quarantined) => orphans.retain(|l| !quarantined.contains(&l.key)),
            Err(e) => {
                tracing::warn!(error = %e, "quarantine/ not read: no data object is deleted in this run");
                orphans.clear();
            }
        }
    }
    let outcomes = crate::par::map(&orphans, threads, |l| del(l));
    for o in outcomes {
        o?;
    }
    ctx.flush_audit(&mut rep);
    obs.end(
        Phase::Bytes,
        &format!(
            "{} blobs ({} bytes) removed, {} held back; {} upload sessions removed",
            rep.blobs_deleted, rep.bytes_freed, rep.held_back.blobs, rep.upload_sessions_removed
        ),
    );
    obs.begin(Phase::Uploads, 0);
    obs.end(
        Phase::Uploads,
        &format!("{} upload sessions removed", rep.upload_sessions_removed),
    );

    if write_memo && !ctx.audit_failed {
        // Facts about the records that stay, for the next run.
        let blob_facts = known
            .facts
            .iter()
            .filter(|(d, _)| !deleted.contains(*d) && blobs.contains_key(*d));
        let refs = learned_refs
            .iter()
            .filter(|((d, _), _)| !deleted.contains(d))
            .map(|((d, t), r)| (d, t.as_str(), r));
        if let Err(e) = memo.save(ob, blob_facts, refs) {
            tracing::warn!(error = %e, "gc memo not written: the next run reads every record");
        }
    }
    rep.deletes_refused = refused.load(std::sync::atomic::Ordering::Relaxed);
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

/// The data objects that records in `quarantine/` name.
fn quarantine_data(
    ob: &ObjectBackend,
    list: &dyn Fn(&str) -> Result<Vec<Listed>, StoreError>,
    threads: usize,
) -> Result<HashSet<Key>, StoreError> {
    let records: Vec<Listed> = list(&format!("{}/", paths::QUARANTINE))?
        .into_iter()
        .filter(|l| l.size <= DATA_RECORD_MAX)
        .collect();
    let read = crate::par::map(&records, threads, |l| ob.read_ref(&l.key));
    let mut named = HashSet::new();
    for (l, r) in records.iter().zip(read) {
        if let Some(RefState {
            content: Content::Blob(rec),
            ..
        }) = r.map_err(io(l.key.as_str()))?
        {
            named.extend(rec.data.as_deref().and_then(Key::parse));
        }
    }
    Ok(named)
}

/// A manifest as gc read it: committed, its references, and (media type,
/// references) when they were parsed from its bytes (or the memo), for the memo.
type ReadManifest = (bool, Parsed, Option<(String, ManifestRefs)>);

/// Reads a listed manifest link (pending or not) and the manifest it names (or
/// what the memo says it references, while its bytes are listed). A manifest that
/// cannot be read is an `Err` reason.
fn read_manifest(
    ob: &ObjectBackend,
    memo: &Memo,
    blobs: &HashMap<Digest, Listed>,
    d: &Digest,
    l: &Listed,
) -> Result<ReadManifest, StoreError> {
    let Some(st) = ob.read_ref(&l.key).map_err(io(l.key.as_str()))? else {
        // Deleted since the listing (a client's DELETE, or another gc): it keeps
        // nothing, and its delete finds it gone. A push of the same digest after this
        // read touches what it relies on, which defeats gc's deletes of those.
        return Ok((false, Ok(ManifestRefs::default()), None));
    };
    let committed = !st.pending;
    let Content::Link(info) = st.content else {
        return Ok((committed, Err(format!("{} is not a link", l.key)), None));
    };
    if info.is_empty() && !committed {
        // Torn by a crash of the host while its commit ran: names nothing.
        return Ok((false, Ok(ManifestRefs::default()), None));
    }
    let Ok(info) = serde_json::from_slice::<ManifestInfo>(&info) else {
        return Ok((
            committed,
            Err(format!("manifest link {} is damaged", l.key)),
            None,
        ));
    };
    if let (Some(refs), true) = (memo.refs(d, &info.media_type), blobs.contains_key(d)) {
        let learned = Some((info.media_type.clone(), refs.clone()));
        return Ok((committed, Ok(refs.clone()), learned));
    }
    let key = paths::blob_data(d);
    let body = match ob.read_blob_any(&key, MANIFEST_MAX) {
        Ok(Some(b)) => b,
        // A commit creates the link pending before the bytes (creating them is then
        // their touch): until it flips, the link may name bytes not there yet. Its
        // references are not known, and need not be: the commit touches each after
        // this listing, so gc's delete of one fails or the commit does (docs/gc.md).
        Ok(None) if !committed => return Ok((false, Ok(ManifestRefs::default()), None)),
        Ok(None) => return Ok((committed, Err(format!("manifest {d}: bytes missing")), None)),
        Err(e) => return Ok((committed, Err(format!("manifest {d}: {e}")), None)),
    };
    let parsed = Manifest::parse(&body, &info.media_type)
        .map(|m| ManifestRefs::of(&m))
        .map_err(|e| format!("manifest {d} does not parse: {e}"));
    let learned = parsed
        .as_ref()
        .ok()
        .map(|r| (info.media_type.clone(), r.clone()));
    Ok((committed, parsed, learned))
}

/// Decides and deletes in one repository, top-down; adds the digests whose blob
/// records keep a live referrer here to `blob_live`.
#[allow(clippy::too_many_arguments)]
fn sweep_repo(
    ctx: &mut Ctx<'_>,
    del: &(dyn Fn(&Listed) -> Result<CondDelete, StoreError> + Sync),
    repo: &RepoName,
    rl: &RepoList,
    man: &HashMap<Digest, (bool, Parsed)>,
    tags: &[TagTarget],
    rr: &mut RepoReport,
    blob_live: &mut HashSet<Digest>,
) -> Result<(), StoreError> {
    let opts = ctx.opts;
    let cutoff = ctx.cutoff;
    let mut tag_roots: Vec<&Digest> = Vec::new();
    for (t, target, _) in tags {
        if opts.dry_run
            && opts
                .assume_untagged
                .contains(&(repo.to_string(), t.to_string()))
        {
            continue;
        }
        if let Some(d) = target {
            tag_roots.push(d);
        }
    }
    let committed: Vec<&Digest> = man
        .iter()
        .filter(|(_, (c, _))| *c)
        .map(|(d, _)| d)
        .collect();
    let roots: Vec<&Digest> = if opts.delete_untagged {
        tag_roots.clone()
    } else {
        tag_roots
            .iter()
            .copied()
            .chain(committed.iter().copied())
            .collect()
    };
    let refs: HashMap<Digest, Parsed> = man
        .iter()
        .map(|(d, (_, p))| (d.clone(), p.clone()))
        .collect();
    let mut subjects: HashMap<Digest, Vec<Digest>> = HashMap::new();
    for (d, p) in &refs {
        if let Ok(ManifestRefs {
            subject: Some(s), ..
        }) = p
        {
            subjects.entry(s.clone()).or_default().push(d.clone());
        }
    }
    for (s, r, _) in &rl.referrers {
        subjects.entry(s.clone()).or_default().push(r.clone());
    }
    let held = |d: &Digest| rl.manifests.contains_key(d);
    let reached = closure(roots.iter().copied(), &held, &refs, &subjects);
    if !opts.delete_untagged {
        let tagged = closure(tag_roots.iter().copied(), &held, &refs, &subjects);
        rr.untagged_manifests_kept = committed
            .iter()
            .filter(|d| !tagged.manifests.contains(**d))
            .count() as u64;
    }
    // A manifest whose references are unknown may name anything: if it stays (or
    // might), nothing is deleted in this repository.
    let unreadable: Vec<(&Digest, &String)> = man
        .iter()
        .filter_map(|(d, (_, p))| p.as_ref().err().map(|e| (d, e)))
        .filter(|(d, _)| {
            reached.manifests.contains(*d)
                || rl.manifests.get(*d).is_some_and(|l| l.modified >= cutoff)
        })
        .collect();
    if let Some((d, why)) = unreadable.first() {
        rr.skipped = Some(format!(
            "repository {repo}: manifest {d} could not be read ({why}); nothing removed in this repository, check the store"
        ));
        blob_live.extend(rl.manifests.keys().cloned());
        blob_live.extend(rl.layers.keys().cloned());
        rr.manifests_kept = rl.manifests.len() as u64;
        return Ok(());
    }
    rr.manifests_kept = reached.manifests.len() as u64;

    // Referrers of each manifest link: the manifests in this repository listing it
    // as a child (or, for unknown types, naming it at all).
    let mut parents: HashMap<&Digest, Vec<&Digest>> = HashMap::new();
    for (d, p) in &refs {
        if let Ok(r) = p {
            for c in r.children.iter().chain(r.other.iter()) {
                parents.entry(c).or_default().push(d);
            }
        }
    }
    // Top-down: a manifest is decided after every manifest that references it.
    let mut fate: HashMap<Digest, Fate> = HashMap::new();
    let mut order: Vec<&Digest> = Vec::new();
    {
        let mut visiting: HashSet<&Digest> = HashSet::new();
        let mut done: HashSet<&Digest> = HashSet::new();
        let mut keys: Vec<&Digest> = rl.manifests.keys().collect();
        keys.sort();
        // Post-order over "referenced by": parents first.
        fn visit<'a>(
            d: &'a Digest,
            parents: &HashMap<&'a Digest, Vec<&'a Digest>>,
            visiting: &mut HashSet<&'a Digest>,
            done: &mut HashSet<&'a Digest>,
            order: &mut Vec<&'a Digest>,
        ) {
            if done.contains(d) || !visiting.insert(d) {
                return;
            }
            for p in parents.get(d).into_iter().flatten() {
                visit(p, parents, visiting, done, order);
            }
            done.insert(d);
            order.push(d);
        }
        for d in keys {
            visit(d, &parents, &mut visiting, &mut done, &mut order);
        }
    }
    let mut removed_manifests: HashSet<Digest> = HashSet::new();
    for d in order {
        let l = &rl.manifests[d];
        let referrers_gone = parents
            .get(d)
            .into_iter()
            .flatten()
            .all(|p| fate.get(*p) == Some(&Fate::Deleted));
        let keep = l.modified >= cutoff || !referrers_gone;
        let reached_now = reached.manifests.contains(d);
        let (f, removed) = decide(ctx, del, repo, ItemKind::Manifest, d, l, reached_now, keep)?;
        if removed {
            rr.manifests_removed += 1;
            removed_manifests.insert(d.clone());
        } else if f == Fate::Live && !reached_now {
            rr.held_back_manifests += 1;
        }
        fate.insert(d.clone(), f);
    }
    // What stays references its blob records, layer links and children.
    let mut layer_referrers_live: HashSet<&Digest> = HashSet::new();
    for (d, f) in &fate {
        if *f != Fate::Live {
            continue;
        }
        blob_live.insert(d.clone());
        if let Some(Ok(r)) = refs.get(d) {
            layer_referrers_live.extend(r.blobs.iter());
            layer_referrers_live.extend(r.other.iter());
        }
    }
    // Layer links: unreached, old, and no manifest that stays names them.
    for (d, l) in &rl.layers {
        let keep = l.modified >= cutoff || layer_referrers_live.contains(d);
        let reached_now = reached.blobs.contains(d);
        let (f, removed) = decide(ctx, del, repo, ItemKind::LayerLink, d, l, reached_now, keep)?;
        if removed {
            rr.layer_links_removed += 1;
        } else if f == Fate::Live && !reached_now {
            rr.held_back_layer_links += 1;
        }
        if f == Fate::Live {
            blob_live.insert(d.clone());
        }
    }
    // Referrer records (hints) of manifests removed now, or long gone.
    for (s, r, l) in &rl.referrers {
        let stale =
            removed_manifests.contains(r) || (!rl.manifests.contains_key(r) && l.modified < cutoff);
        if stale && !ctx.audit_failed && del(l)? == CondDelete::Deleted {
            rr.referrers_removed += 1;
            ctx.item(
                Action::Remove,
                ItemKind::Referrer,
                Some(repo),
                Some(r),
                Some(format!("subject {s}")),
                Some(0),
                l.modified,
            );
        }
    }
    // A repository left with nothing but bookkeeping (last-pull times) goes.
    let everything_gone = rl.tags.is_empty()
        && rl
            .manifests
            .keys()
            .all(|d| fate.get(d) == Some(&Fate::Deleted))
        && rr.layer_links_removed as usize == rl.layers.len()
        && (rr.manifests_removed + rr.layer_links_removed) > 0;
    if everything_gone && !ctx.audit_failed {
        for l in &rl.other {
            del(l)?;
        }
        rr.repository_removed = true;
    }
    Ok(())
}

/// Decides one unreached-or-reached link: reached stays; `keep` (young, or a referrer
/// stays) is held back; else a conditional delete, whose refusal makes it live.
/// Returns its fate and whether this run removed it (dry run: would).
#[allow(clippy::too_many_arguments)]
fn decide(
    ctx: &mut Ctx<'_>,
    del: &(dyn Fn(&Listed) -> Result<CondDelete, StoreError> + Sync),
    repo: &RepoName,
    kind: ItemKind,
    d: &Digest,
    l: &Listed,
    reached: bool,
    keep: bool,
) -> Result<(Fate, bool), StoreError> {
    if reached {
        return Ok((Fate::Live, false));
    }
    if keep || ctx.audit_failed {
        ctx.item(
            Action::HeldBack,
            kind,
            Some(repo),
            Some(d),
            None,
            None,
            l.modified,
        );
        return Ok((Fate::Live, false));
    }
    Ok(match del(l)? {
        CondDelete::Deleted => {
            ctx.item(
                Action::Remove,
                kind,
                Some(repo),
                Some(d),
                None,
                None,
                l.modified,
            );
            (Fate::Deleted, true)
        }
        CondDelete::Gone => (Fate::Deleted, false),
        CondDelete::Changed => (Fate::Live, false),
    })
}
