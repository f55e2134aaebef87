//! Usage accounting: which bytes a repository, an organisation or any pattern of
//! repositories (a *scope*) references, for `registryctl usage`, the `/metrics`
//! gauges and quotas.
//!
//! A repository references each manifest it holds (the manifest's own bytes) and
//! every blob and child manifest those manifests name (their descriptors' sizes,
//! which a push checks against the stored blob). A scope references the union of
//! its repositories' references: a blob several of its repositories (or manifests)
//! share counts once. Blobs uploaded but referenced by no manifest count nowhere
//! (gc reclaims them).
//!
//! Manifests are content-addressed, so what one references never changes: a
//! [`RefCache`] keeps it by digest and a repeated walk reads only the link listings.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use serde::Serialize;

use crate::auth::Pattern;
use crate::oci::{Digest, Manifest, RepoName};
use crate::storage::{self, LinkKind, Store};

/// What one manifest references, itself included: `(digest, size)`.
pub type ManifestRefs = Arc<Vec<(Digest, u64)>>;

/// Blobs referenced, with their sizes.
pub type Refs = HashMap<Digest, u64>;

/// Past this many manifests the cache starts over (a bound on memory, ~100 bytes each).
const CACHE_MAX: usize = 1_000_000;

/// What each manifest references, by digest.
#[derive(Default)]
pub struct RefCache {
    by_digest: Mutex<HashMap<Digest, ManifestRefs>>,
}

impl RefCache {
    fn get(&self, d: &Digest) -> Option<ManifestRefs> {
        self.by_digest
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(d)
            .cloned()
    }

    fn put(&self, d: Digest, refs: ManifestRefs) {
        let mut m = self.by_digest.lock().unwrap_or_else(|p| p.into_inner());
        if m.len() >= CACHE_MAX {
            m.clear();
        }
        m.insert(d, refs);
    }
}

/// What a manifest with these bytes references, itself included.
pub fn refs_of(digest: &Digest, body_len: u64, m: &Manifest) -> Vec<(Digest, u64)> {
    let mut out = vec![(digest.clone(), body_len)];
    for desc in m.blob_refs().chain(m.manifests.iter()) {
        out.push((desc.digest.clone(), desc.size));
    }
    out
}

/// What manifest `d` of `repo` references; `None` if the repository does not hold it.
/// A stored manifest that no longer parses counts as its own bytes only.
pub fn manifest_refs(
    store: &Store,
    repo: &RepoName,
    d: &Digest,
    cache: &RefCache,
) -> storage::Result<Option<ManifestRefs>> {
    if let Some(r) = cache.get(d) {
        return Ok(Some(r));
    }
    let Some((info, body)) = store.read_manifest(repo, d)? else {
        return Ok(None);
    };
    let refs = match Manifest::parse(&body, &info.media_type) {
        Ok(m) => refs_of(d, body.len() as u64, &m),
        Err(_) => vec![(d.clone(), body.len() as u64)],
    };
    let refs = Arc::new(refs);
    cache.put(d.clone(), refs.clone());
    Ok(Some(refs))
}

/// Everything `repo` references.
pub fn repo_refs(store: &Store, repo: &RepoName, cache: &RefCache) -> storage::Result<Refs> {
    let mut out = Refs::new();
    let (links, _) = store.repo_links(repo, LinkKind::Manifest)?;
    for l in links {
        // A manifest removed between the listing and the read is skipped.
        if let Some(refs) = manifest_refs(store, repo, &l.digest, cache)? {
            out.extend(refs.iter().cloned());
        }
    }
    Ok(out)
}

/// Everything the repositories matching `pattern` reference, as one set.
pub fn pattern_refs(store: &Store, pattern: &Pattern, cache: &RefCache) -> storage::Result<Refs> {
    let mut out = Refs::new();
    for repo in store.list_repos()? {
        if pattern.matches(repo.as_str(), None) {
            out.extend(repo_refs(store, &repo, cache)?);
        }
    }
    Ok(out)
}

/// The bytes of a set of references.
pub fn bytes(refs: &Refs) -> u64 {
    refs.values().sum()
}

/// Every repository's references, indexed by blob: the input of scope figures.
pub struct Accounting {
    repos: Vec<RepoName>,
    /// Blob -> (size, the repositories referencing it, as indices into `repos`).
    blobs: HashMap<Digest, (u64, Vec<u32>)>,
}

/// One scope's figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScopeUsage {
    /// The scope: a repository, an organisation or a pattern.
    pub scope: String,
    /// Repositories in it.
    pub repositories: usize,
    /// Distinct blobs (manifests included) it references.
    pub blobs: u64,
    /// Bytes of those blobs, each counted once.
    pub total_bytes: u64,
    /// Bytes of the blobs no repository outside the scope references.
    pub only_bytes: u64,
    /// Bytes of the blobs repositories outside the scope reference too.
    pub shared_bytes: u64,
}

/// How `usage` groups repositories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GroupBy {
    /// Each repository is a scope.
    Repo,
    /// Repositories with the same first path component are one scope.
    Org,
}

/// The organisation of a repository: its first path component.
pub fn org_of(repo: &RepoName) -> &str {
    repo.as_str().split('/').next().unwrap_or(repo.as_str())
}

impl Accounting {
    /// Reads every repository's references.
    pub fn take(store: &Store, cache: &RefCache) -> storage::Result<Accounting> {
        let repos = store.list_repos()?;
        let mut blobs: HashMap<Digest, (u64, Vec<u32>)> = HashMap::new();
        for (i, repo) in repos.iter().enumerate() {
            for (d, size) in repo_refs(store, repo, cache)? {
                let e = blobs.entry(d).or_insert((size, Vec::new()));
                e.1.push(i as u32);
            }
        }
        Ok(Accounting { repos, blobs })
    }

    /// The repositories seen.
    pub fn repos(&self) -> &[RepoName] {
        &self.repos
    }

    /// Figures of the scope made of the repositories `member` admits.
    pub fn scope(&self, name: &str, member: impl Fn(&RepoName) -> bool) -> ScopeUsage {
        let inside: Vec<bool> = self.repos.iter().map(member).collect();
        let mut u = ScopeUsage {
            scope: name.to_string(),
            repositories: inside.iter().filter(|&&b| b).count(),
            blobs: 0,
            total_bytes: 0,
            only_bytes: 0,
            shared_bytes: 0,
        };
        for (size, users) in self.blobs.values() {
            let (mut any_in, mut any_out) = (false, false);
            for &i in users {
                if inside[i as usize] {
                    any_in = true;
                } else {
                    any_out = true;
                }
            }
            if !any_in {
                continue;
            }
            u.blobs += 1;
            u.total_bytes += size;
            if any_out {
                u.shared_bytes += size;
            } else {
                u.only_bytes += size;
            }
        }
        u
    }

    /// Figures of every repository or every organisation, sorted by name.
    pub fn grouped(&self, by: GroupBy) -> Vec<ScopeUsage> {
        let names: Vec<String> = match by {
            GroupBy::Repo => self.repos.iter().map(|r| r.to_string()).collect(),
            GroupBy::Org => {
                let set: std::collections::BTreeSet<&str> = self.repos.iter().map(org_of).collect();
                set.into_iter().map(str::to_string).collect()
            }
        };
        names
            .iter()
            .map(|n| match by {
                GroupBy::Repo => self.scope(n, |r| r.as_str() == n),
                GroupBy::Org => self.scope(n, |r| org_of(r) == n),
            })
            .collect()
    }

    /// The references of the repositories `pattern` matches, as one set (what a quota
    /// on `pattern` counts).
    pub fn pattern_bytes(&self, pattern: &Pattern) -> u64 {
        let inside: HashSet<u32> = self
            .repos
            .iter()
            .enumerate()
            .filter(|(_, r)| pattern.matches(r.as_str(), None))
            .map(|(i, _)| i as u32)
            .collect();
        self.blobs
            .values()
            .filter(|(_, users)| users.iter().any(|i| inside.contains(i)))
            .map(|(size, _)| size)
            .sum()
    }
}

/// How a quota gauge's value is found.
type QuotaGauge = fn(&Accounting, &super::Quota) -> u64;

/// Walks the store and renders [`render_metrics`] with the current quotas (a policy
/// file that does not parse: the usage without quota gauges).
pub fn metrics_text(store: &Store, cache: &RefCache) -> storage::Result<String> {
    let acct = Accounting::take(store, cache)?;
    let quotas = super::Policy::load(store)
        .map(|p| p.quotas)
        .unwrap_or_default();
    Ok(render_metrics(&acct, &quotas))
}

/// The `/metrics` text of the per-organisation usage and of each quota's usage and
/// limit, from one [`Accounting`] (label values are repository components, quota ids
/// and ACL patterns: none holds a character the exposition format must escape, but
/// they are escaped anyway).
pub fn render_metrics(acct: &Accounting, quotas: &[super::Quota]) -> String {
    use std::fmt::Write as _;
    let esc = |v: &str| {
        v.replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', "\\n")
    };
    let mut o = String::new();
    let _ = writeln!(
        o,
        "# HELP registryctl_scope_bytes Bytes an organisation references (kind total, only: no other organisation references them, shared), as of the last store walk.\n# TYPE registryctl_scope_bytes gauge"
    );
    for u in acct.grouped(GroupBy::Org) {
        let s = esc(&u.scope);
        for (kind, v) in [
            ("total", u.total_bytes),
            ("only", u.only_bytes),
            ("shared", u.shared_bytes),
        ] {
            let _ = writeln!(
                o,
                "registryctl_scope_bytes{{scope=\"{s}\",kind=\"{kind}\"}} {v}"
            );
        }
    }
    let gauges: [(&str, &str, QuotaGauge); 2] = [
        (
            "registryctl_quota_used_bytes",
            "Bytes a quota's scope references, as of the last store walk.",
            |a, q| a.pattern_bytes(&q.repos),
        ),
        (
            "registryctl_quota_limit_bytes",
            "A quota's limit.",
            |_, q| q.limit,
        ),
    ];
    for (name, help, value) in gauges {
        let _ = writeln!(o, "# HELP {name} {help}\n# TYPE {name} gauge");
        for q in quotas {
            let _ = writeln!(
                o,
                "{name}{{quota=\"{}\",repos=\"{}\"}} {}",
                esc(&q.rule.id),
                esc(&q.rule.repos),
                value(acct, q)
            );
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Digest {
        Digest::sha256_of(s.as_bytes())
    }

    fn acct(spec: &[(&str, &[(&str, u64)])]) -> Accounting {
        let repos: Vec<RepoName> = spec
            .iter()
            .map(|(r, _)| RepoName::parse(r).unwrap())
            .collect();
        let mut blobs: HashMap<Digest, (u64, Vec<u32>)> = HashMap::new();
        for (i, (_, refs)) in spec.iter().enumerate() {
            for (b, size) in refs.iter() {
                blobs
                    .entry(d(b))
                    .or_insert((*size, Vec::new()))
                    .1
                    .push(i as u32);
            }
        }
        Accounting { repos, blobs }
    }

    #[test]
    fn scopes_count_shared_blobs_once_and_split_only_from_shared() {
        let a = acct(&[
            ("acme/app", &[("base", 100), ("app", 10)]),
            ("acme/web", &[("base", 100), ("web", 20)]),
            ("other/x", &[("base", 100), ("x", 5)]),
            ("solo", &[("s", 7)]),
        ]);
        let orgs = a.grouped(GroupBy::Org);
        let acme = orgs.iter().find(|u| u.scope == "acme").unwrap();
        // base shared by two acme repositories counts once; other/x shares it too.
        assert_eq!(
            (acme.repositories, acme.blobs, acme.total_bytes),
            (2, 3, 130)
        );
        assert_eq!((acme.only_bytes, acme.shared_bytes), (30, 100));
        let solo = orgs.iter().find(|u| u.scope == "solo").unwrap();
        assert_eq!(
            (solo.total_bytes, solo.only_bytes, solo.shared_bytes),
            (7, 7, 0)
        );
        let repos = a.grouped(GroupBy::Repo);
        let app = repos.iter().find(|u| u.scope == "acme/app").unwrap();
        assert_eq!(
            (app.total_bytes, app.only_bytes, app.shared_bytes),
            (110, 10, 100)
        );
        // A pattern scope, with the ACL's grammar.
        let p = Pattern::parse("acme/**").unwrap();
        assert_eq!(a.pattern_bytes(&p), 130);
        let all = a.scope("**", |_| true);
        assert_eq!((all.total_bytes, all.shared_bytes), (142, 0));
        let none = a.scope("nothing", |_| false);
        assert_eq!((none.repositories, none.total_bytes), (0, 0));
    }
}
