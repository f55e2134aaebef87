//! `registryctl import store SOURCE`: copies another registryctl store into this one,
//! whichever kind each is: a `--root` directory, a directory kept as objects
//! (`file:///DIR`) or a bucket prefix (`s3://…`). It is how an operator moves a
//! store off one machine's disk, or onto the object protocol.
//!
//! Per repository, in the order that keeps this store consistent at every step: its
//! blobs (each streamed through an upload session and stored only if it hashes to
//! its digest), its manifests (children first), its tags. Then the files under
//! `auth/` (users, groups, rules, the token signing key, policy, robots, the audit
//! log), each copied only where this store has no such file: a file this store has
//! with other content is reported and kept. Upload sessions in progress are not
//! copied. The source is only read; a second run copies nothing.

use anyhow::Context;

use super::{store_manifests, ImportProgress, ImportReport, Problem};
use crate::oci::{Digest, RepoName};
use crate::storage::walk::LinkKind;
use crate::storage::{AuthCopy, Store, UploadError};

/// Copies everything in `source` into `target` (see the module docs).
pub fn import_store(
    target: &Store,
    source: &Store,
    progress: &dyn ImportProgress,
) -> anyhow::Result<ImportReport> {
    let mut report = ImportReport::default();
    let repos = source
        .list_repos()
        .context("listing the source's repositories")?;
    report.repositories = repos.len();
    for (i, repo) in repos.iter().enumerate() {
        progress.repository(repo.as_str(), i, repos.len());
        import_repo(target, source, repo, &mut report, progress)
            .with_context(|| format!("importing {repo}"))?;
    }
    for (name, copy) in source
        .copy_auth_files_to(target)
        .context("copying the files under auth/")?
    {
        report.auth_files += 1;
        match copy {
            AuthCopy::Copied => {}
            AuthCopy::AlreadyThere => report.already_there += 1,
            AuthCopy::Differs => report.problems.push(Problem {
                repository: None,
                what: format!("auth/{name}"),
                why: "this store has the file with other content: kept this store's".into(),
            }),
        }
    }
    Ok(report)
}

fn import_repo(
    target: &Store,
    source: &Store,
    repo: &RepoName,
    report: &mut ImportReport,
    progress: &dyn ImportProgress,
) -> anyhow::Result<()> {
    let problem = |what: String, why: String| Problem {
        repository: Some(repo.to_string()),
        what,
        why,
    };
    // 1. Blobs.
    let (layers, _) = source.repo_links(repo, LinkKind::Layer)?;
    for link in layers {
        let d = &link.digest;
        report.blobs += 1;
        if target.blob_size(repo, d)?.is_some() {
            report.already_there += 1;
            continue;
        }
        let Some((mut reader, size)) = source.open_blob(repo, d)? else {
            report.problems.push(problem(
                d.to_string(),
                "the source lists the blob but has no bytes for it".into(),
            ));
            continue;
        };
        match target.put_blob_from(repo, d, &mut reader, &format!("the source's {d}")) {
            Ok(_) => {
                report.copied += 1;
                report.bytes += size;
                progress.bytes(size);
            }
            Err(UploadError::DigestMismatch { computed, .. }) => {
                report.problems.push(problem(
                    d.to_string(),
                    format!("its bytes in the source hash to {computed}: not imported"),
                ));
            }
            Err(e) => return Err(anyhow::anyhow!("blob {d}: {e}")),
        }
    }
    // 2. Manifests.
    let (manifests, _) = source.repo_links(repo, LinkKind::Manifest)?;
    let mut pending = Vec::new();
    for link in manifests {
        let d = link.digest;
        if target.manifest_info(repo, &d)?.is_some() {
            report.manifests += 1;
            report.already_there += 1;
            continue;
        }
        match source.read_manifest(repo, &d)? {
            Some((info, bytes)) if Digest::of(d.algorithm(), &bytes) == d => {
                pending.push((d, info.media_type, bytes));
            }
            Some(_) => report.problems.push(problem(
                d.to_string(),
                "its bytes in the source do not hash to its digest: not imported".into(),
            )),
            None => report.problems.push(problem(
                d.to_string(),
                "the source lists the manifest but has no bytes for it".into(),
            )),
        }
    }
    store_manifests(target, repo, pending, report)?;
    // 3. Tags.
    for (tag, d) in source.tags_with_targets(repo)? {
        let Some(d) = d else {
            report.problems.push(problem(
                format!("{repo}:{tag}"),
                "the source's tag record is damaged".into(),
            ));
            continue;
        };
        report.tags += 1;
        if target.resolve_tag(repo, &tag)?.as_ref() == Some(&d) {
            report.already_there += 1;
            continue;
        }
        if !target.set_tag(repo, &tag, &d)? {
            report.tags -= 1;
            report.problems.push(problem(
                format!("{repo}:{tag}"),
                format!("its manifest {d} was not imported"),
            ));
        }
    }
    Ok(())
}
