//! Moving content into this store from elsewhere: [`distribution`] (a store of the
//! reference registry) and [`store`] (another registryctl store, of either kind).
//!
//! Both bring each repository in in the order that keeps the target consistent at
//! every step: blobs, then manifests (children before what lists them), then tags.
//! What is there already is left alone, so a second run brings nothing and an
//! interrupted one resumes; problems are reported, never imported.

pub mod distribution;
pub mod store;

pub use distribution::{find_v2, import_distribution};
pub use store::import_store;

use serde::Serialize;

use crate::oci::{Digest, Manifest, RepoName};
use crate::storage::{PutManifestError, Store};

/// The largest manifest read (the registry's own limit).
const MANIFEST_LIMIT: u64 = crate::oci::manifest::MAX_MANIFEST_SIZE as u64;

/// Something that was not imported, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The repository, if the problem is in one.
    pub repository: Option<String>,
    /// What (a digest, a tag, a path).
    pub what: String,
    /// Why it was not imported.
    pub why: String,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// Repositories found.
    pub repositories: usize,
    /// Tags set (or already right).
    pub tags: usize,
    /// Manifests imported (or already there).
    pub manifests: usize,
    /// Blob links imported (or already there).
    pub blobs: usize,
    /// Bytes of blobs that were brought in by this run.
    pub bytes: u64,
    /// Blobs hard-linked (no bytes copied).
    pub linked: usize,
    /// Blobs copied.
    pub copied: usize,
    /// Files under `auth/` found in the source (`import store`).
    pub auth_files: usize,
    /// Blobs, manifests, tags and auth files that were there already (a second run:
    /// all).
    pub already_there: usize,
    /// What was not imported.
    pub problems: Vec<Problem>,
}

impl ImportReport {
    /// Whether this run brought nothing new in.
    pub fn nothing_new(&self) -> bool {
        self.already_there == self.blobs + self.manifests + self.tags + self.auth_files
    }
}

/// Progress, for a bar on a terminal.
pub trait ImportProgress {
    /// A repository is starting (`done` of `total`).
    fn repository(&self, name: &str, done: usize, total: usize);
    /// Bytes were brought in.
    fn bytes(&self, n: u64);
}

/// No progress display.
pub struct Quiet;

impl ImportProgress for Quiet {
    fn repository(&self, _: &str, _: usize, _: usize) {}
    fn bytes(&self, _: u64) {}
}

/// Stores `pending` manifests (digest, media type, bytes) of `repo`: each pass
/// stores what it can, leaves before the indexes that list them, until nothing moves.
/// What is left names content the repository lacks, and is reported.
fn store_manifests(
    store: &Store,
    repo: &RepoName,
    mut pending: Vec<(Digest, String, Vec<u8>)>,
    report: &mut ImportReport,
) -> anyhow::Result<()> {
    let problem = |what: String, why: String| Problem {
        repository: Some(repo.to_string()),
        what,
        why,
    };
    let mut last_errors = Vec::new();
    for _pass in 0..32 {
        if pending.is_empty() {
            break;
        }
        let mut left = Vec::new();
        last_errors.clear();
        let before = pending.len();
        for (d, mt, bytes) in pending {
            let m = match Manifest::parse(&bytes, &mt) {
                Ok(m) => m,
                Err(e) => {
                    report.problems.push(problem(
                        d.to_string(),
                        format!("manifest does not parse: {e}"),
                    ));
                    continue;
                }
            };
            match store.put_manifest(repo, &d, &bytes, &m, None) {
                Ok(()) => report.manifests += 1,
                Err(PutManifestError::Unknown(missing)) => {
                    last_errors.push((
                        d.clone(),
                        format!("it names content the repository lacks: {}", list(&missing)),
                    ));
                    left.push((d, mt, bytes));
                }
                Err(PutManifestError::SizeMismatch {
                    digest,
                    declared,
                    actual,
                }) => {
                    report.problems.push(problem(
                        d.to_string(),
                        format!("it says {digest} has {declared} bytes, the blob has {actual}"),
                    ));
                }
                Err(PutManifestError::TagPinned { .. }) | Err(PutManifestError::Quota(_)) => {
                    // No tag is set here and the store has no quota service: neither
                    // can be the cause.
                }
                Err(PutManifestError::Store(e)) => return Err(e.into()),
            }
        }
        let stuck = left.len() == before;
        pending = left;
        if stuck {
            break;
        }
    }
    for (d, why) in last_errors {
        report.problems.push(problem(d.to_string(), why));
    }
    Ok(())
}

fn list(ds: &[Digest]) -> String {
    ds.iter()
        .map(Digest::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
