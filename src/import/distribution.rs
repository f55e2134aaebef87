//! `registryctl import distribution`: moves a store of the reference registry
//! (distribution 2.x/3.x, filesystem driver) into this one.
//!
//! distribution keeps, under `<root>/docker/registry/v2/`:
//!
//! ```text
//! blobs/sha256/<hh>/<hex>/data                                  bytes (layers, configs, manifests)
//! repositories/<name>/_layers/sha256/<hex>/link                 repository may serve the blob
//! repositories/<name>/_manifests/revisions/sha256/<hex>/link    repository holds the manifest
//! repositories/<name>/_manifests/tags/<tag>/current/link        tag -> manifest
//! repositories/<name>/_uploads/…                                uploads in progress (skipped)
//! ```
//!
//! Each repository is imported in the order that keeps our store consistent at every
//! step: its blobs (each hashed, and hard-linked when the stores share a filesystem,
//! else copied), then its manifests (children before the indexes that list them),
//! then its tags. Everything already there is left alone, so a second run copies
//! nothing and an interrupted run resumes where it stopped. Problems (a blob whose
//! bytes do not match its digest, a missing blob, a manifest that does not parse) are
//! reported, never imported.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

use super::{store_manifests, ImportProgress, ImportReport, Problem};
use crate::oci::{media, Algorithm, Digest, RepoName, Tag};
use crate::storage::{Adopted, Store, UploadError};

use super::MANIFEST_LIMIT;

/// The `docker/registry/v2` directory of a distribution store given as its root
/// directory (what `rootdirectory` says) or as that directory itself.
pub fn find_v2(path: &Path) -> anyhow::Result<PathBuf> {
    for candidate in [path.join("docker/registry/v2"), path.to_path_buf()] {
        if candidate.join("repositories").is_dir() || candidate.join("blobs").is_dir() {
            return Ok(candidate);
        }
    }
    bail!(
        "{} is not a distribution store: no docker/registry/v2/repositories or blobs under it (give the `rootdirectory` of its filesystem storage)",
        path.display()
    )
}

/// Reads a distribution `link` file: `sha256:<hex>`.
fn read_link(path: &Path) -> Result<Digest, String> {
    let text = fs::read_to_string(path).map_err(|e| e.to_string())?;
    Digest::parse(text.trim()).map_err(|e| format!("bad link {:?}: {e}", text.trim()))
}

/// Digests named by `<dir>/<alg>/<hex>/link` files, checked against their names.
fn links_under(dir: &Path, problems: &mut Vec<Problem>, repo: &RepoName) -> Vec<Digest> {
    let mut out = Vec::new();
    let Ok(algs) = fs::read_dir(dir) else {
        return out;
    };
    for alg in algs.flatten() {
        let alg_name = alg.file_name().to_string_lossy().into_owned();
        let Some(a) = Algorithm::parse(&alg_name) else {
            continue;
        };
        let Ok(entries) = fs::read_dir(alg.path()) else {
            continue;
        };
        for e in entries.flatten() {
            let hex = e.file_name().to_string_lossy().into_owned();
            let Some(named) = Digest::from_parts(a, &hex) else {
                continue;
            };
            match read_link(&e.path().join("link")) {
                Ok(d) if d == named => out.push(d),
                Ok(d) => problems.push(Problem {
                    repository: Some(repo.to_string()),
                    what: named.to_string(),
                    why: format!("its link names {d}"),
                }),
                Err(why) => problems.push(Problem {
                    repository: Some(repo.to_string()),
                    what: named.to_string(),
                    why,
                }),
            }
        }
    }
    out.sort();
    out
}

/// Every repository directory under `repositories/` (one holding `_layers` or
/// `_manifests`), with its name; names that are not valid are problems.
fn find_repos(v2: &Path, problems: &mut Vec<Problem>) -> Vec<(RepoName, PathBuf)> {
    let top = v2.join("repositories");
    let mut out = Vec::new();
    let mut stack = vec![(top.clone(), String::new())];
    let mut budget = 10_000_000usize; // bound the walk whatever the tree holds
    while let Some((dir, name)) = stack.pop() {
        let Ok(rd) = fs::read_dir(&dir) else { continue };
        let mut is_repo = false;
        for e in rd.flatten() {
            budget = budget.saturating_sub(1);
            if budget == 0 {
                break;
            }
            let n = e.file_name().to_string_lossy().into_owned();
            if !e.file_type().is_ok_and(|t| t.is_dir()) {
                continue;
            }
            if n.starts_with('_') {
                is_repo |= n == "_layers" || n == "_manifests";
                continue;
            }
            let child = if name.is_empty() {
                n
            } else {
                format!("{name}/{n}")
            };
            stack.push((e.path(), child));
        }
        if is_repo {
            match RepoName::parse(&name) {
                Ok(r) => out.push((r, dir)),
                Err(e) => problems.push(Problem {
                    repository: Some(name.clone()),
                    what: dir.display().to_string(),
                    why: format!("not a valid repository name here: {e}"),
                }),
            }
        }
    }
    out.sort();
    out
}

fn blob_data(v2: &Path, d: &Digest) -> PathBuf {
    v2.join("blobs")
        .join(d.algorithm().as_str())
        .join(&d.hex()[..2])
        .join(d.hex())
        .join("data")
}

/// The media type of a stored manifest: its own `mediaType`, else what its shape says.
fn media_type_of(bytes: &[u8]) -> Option<String> {
    let v: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    if let Some(m) = v.get("mediaType").and_then(|m| m.as_str()) {
        return Some(m.to_string());
    }
    if v.get("schemaVersion").and_then(|s| s.as_u64()) == Some(1) {
        return Some(media::DOCKER_SCHEMA1_SIGNED.to_string());
    }
    if v.get("manifests").is_some() {
        return Some(media::OCI_INDEX.to_string());
    }
    Some(media::OCI_MANIFEST.to_string())
}

/// Imports every repository of the distribution store at `path` into `store`.
pub fn import_distribution(
    store: &Store,
    path: &Path,
    progress: &dyn ImportProgress,
) -> anyhow::Result<ImportReport> {
    let v2 = find_v2(path)?;
    let mut report = ImportReport::default();
    let repos = find_repos(&v2, &mut report.problems);
    report.repositories = repos.len();
    for (i, (repo, dir)) in repos.iter().enumerate() {
        progress.repository(repo.as_str(), i, repos.len());
        import_repo(store, &v2, repo, dir, &mut report, progress)
            .with_context(|| format!("importing {repo}"))?;
    }
    Ok(report)
}

fn import_repo(
    store: &Store,
    v2: &Path,
    repo: &RepoName,
    dir: &Path,
    report: &mut ImportReport,
    progress: &dyn ImportProgress,
) -> anyhow::Result<()> {
    let problem = |what: String, why: String| Problem {
        repository: Some(repo.to_string()),
        what,
        why,
    };
    // 1. Blobs.
    for d in links_under(&dir.join("_layers"), &mut report.problems, repo) {
        let data = blob_data(v2, &d);
        let size = match fs::metadata(&data) {
            Ok(m) => m.len(),
            Err(_) => {
                report.problems.push(problem(
                    d.to_string(),
                    "its bytes are missing from blobs/".into(),
                ));
                continue;
            }
        };
        match store.adopt_blob(repo, &d, &data) {
            Ok(how) => {
                report.blobs += 1;
                match how {
                    Adopted::AlreadyThere => report.already_there += 1,
                    Adopted::Linked => report.linked += 1,
                    Adopted::Copied => report.copied += 1,
                }
                if how != Adopted::AlreadyThere {
                    report.bytes += size;
                    progress.bytes(size);
                }
            }
            Err(UploadError::DigestMismatch { computed, .. }) => {
                report.problems.push(problem(
                    d.to_string(),
                    format!("its bytes hash to {computed}: not imported"),
                ));
            }
            Err(e) => return Err(anyhow::anyhow!("blob {d}: {e}")),
        }
    }
    // 2. Manifests: leaves first, then whatever lists them, until nothing moves.
    let mut pending: Vec<(Digest, String, Vec<u8>)> = Vec::new();
    let revisions = dir.join("_manifests/revisions");
    for d in links_under(&revisions, &mut report.problems, repo) {
        if store.manifest_info(repo, &d)?.is_some() {
            report.manifests += 1;
            report.already_there += 1;
            continue;
        }
        let data = blob_data(v2, &d);
        let bytes = match fs::metadata(&data) {
            Ok(m) if m.len() > MANIFEST_LIMIT => {
                report.problems.push(problem(
                    d.to_string(),
                    format!("manifest of {} bytes is over the limit", m.len()),
                ));
                continue;
            }
            Ok(_) => fs::read(&data).with_context(|| format!("reading {}", data.display()))?,
            Err(_) => {
                report.problems.push(problem(
                    d.to_string(),
                    "manifest bytes are missing from blobs/".into(),
                ));
                continue;
            }
        };
        let computed = Digest::of(d.algorithm(), &bytes);
        if computed != d {
            report.problems.push(problem(
                d.to_string(),
                format!("manifest bytes hash to {computed}: not imported"),
            ));
            continue;
        }
        let Some(mt) = media_type_of(&bytes) else {
            report
                .problems
                .push(problem(d.to_string(), "manifest is not JSON".into()));
            continue;
        };
        pending.push((d, mt, bytes));
    }
    store_manifests(store, repo, pending, report)?;
    // 3. Tags.
    let tags_dir = dir.join("_manifests/tags");
    if let Ok(rd) = fs::read_dir(&tags_dir) {
        let mut names: Vec<String> = rd
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        for name in names {
            let Ok(tag) = Tag::parse(&name) else {
                report
                    .problems
                    .push(problem(name.clone(), "not a valid tag".into()));
                continue;
            };
            let d = match read_link(&tags_dir.join(&name).join("current/link")) {
                Ok(d) => d,
                Err(why) => {
                    report.problems.push(problem(format!("{repo}:{tag}"), why));
                    continue;
                }
            };
            if store.resolve_tag(repo, &tag)?.as_ref() == Some(&d) {
                report.tags += 1;
                report.already_there += 1;
                continue;
            }
            if store.set_tag(repo, &tag, &d)? {
                report.tags += 1;
            } else {
                report.problems.push(problem(
                    format!("{repo}:{tag}"),
                    format!("its manifest {d} was not imported"),
                ));
            }
        }
    }
    Ok(())
}
