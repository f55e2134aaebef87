//! Tag policy: retention (which tags `prune` removes) and immutability (which tags
//! no push may move and no delete may remove).
//!
//! Rules name repositories with exactly the ACL's pattern grammar
//! ([`crate::auth::Pattern`]: `acme/app`, `acme/*`, `acme/**`) and tags with a glob
//! ([`TagGlob`]: `v*`, `release-*`, `latest`). They live in `auth/policy.toml`
//! beside the access rules, are edited from the shell under the same lock and audit
//! log as the ACL (`registryctl retention …`, `registryctl immutable …`), and a
//! running server re-reads them when the file changes.
//!
//! Retention: a rule *applies* to a tag when its repository pattern matches and its
//! optional tag glob matches. A tag no rule applies to is kept (a repository with no
//! rule is untouched). A tag some rules apply to is kept when any of them keeps it —
//! among the N most recently pushed tags it applies to, pushed or pulled within a
//! duration, or matching one of its keep globs — and removed otherwise; [`Decision`]
//! says which rule decided and why.
//!
//! Quotas ([`QuotaRule`], same file) cap the bytes a scope of repositories references
//! ([`usage`]); the service layer enforces them on manifest pushes.

pub mod live;
pub mod usage;

use std::collections::BTreeMap;
use std::fmt;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::auth::files::{self, Edit};
use crate::auth::{AuthError, Pattern};
use crate::oci::{Digest, RepoName, Tag};
use crate::storage::{AuthFile, Store};

/// A tag glob: `*` stands for any run of characters (also none); everything else is
/// literal. Valid globs use only the characters tags may have, plus `*`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TagGlob(String);

impl TagGlob {
    /// Parses a glob, with a message that says what a valid one looks like.
    pub fn parse(s: &str) -> Result<TagGlob, String> {
        let ok = !s.is_empty()
            && s.len() <= 128
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | '*'));
        if !ok {
            return Err(format!(
                "{s:?} is not a tag glob (letters, digits, '_', '.', '-' and '*', e.g. v* or release-*)"
            ));
        }
        Ok(TagGlob(s.to_string()))
    }

    /// Whether `tag` matches.
    pub fn matches(&self, tag: &str) -> bool {
        glob_match(self.0.as_bytes(), tag.as_bytes())
    }

    /// The glob as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TagGlob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `*`-only glob matching, linear in the input (greedy with one backtrack point).
fn glob_match(pat: &[u8], s: &[u8]) -> bool {
    let (mut p, mut i) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while i < s.len() {
        if p < pat.len() && pat[p] == b'*' {
            star = Some((p, i));
            p += 1;
        } else if p < pat.len() && pat[p] == s[i] {
            p += 1;
            i += 1;
        } else if let Some((sp, si)) = star {
            p = sp + 1;
            i = si + 1;
            star = Some((sp, si + 1));
        } else {
            return false;
        }
    }
    pat[p..].iter().all(|&c| c == b'*')
}

/// One retention rule, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionRule {
    /// Its name (for `rm`, `explain` and the plan).
    pub id: String,
    /// Repositories it applies to (the ACL's pattern grammar).
    pub repos: String,
    /// Only tags matching this glob (all tags when unset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<String>,
    /// Keep the N most recently pushed tags it applies to (per repository).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep_last: Option<usize>,
    /// Keep tags pushed within this long (humantime: `30d`, `12h`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep_pushed_within: Option<String>,
    /// Keep tags whose manifest was pulled within this long.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep_pulled_within: Option<String>,
    /// Always keep tags matching these globs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keep_matching: Vec<String>,
}

/// One immutability rule, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImmutableRule {
    /// Its name.
    pub id: String,
    /// Repositories it applies to.
    pub repos: String,
    /// Tags it protects.
    pub tags: String,
}

/// One storage quota, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotaRule {
    /// Its name (for `rm`, refusals and the lock that serialises its pushes).
    pub id: String,
    /// The scope: every repository this pattern matches, counted together.
    pub repos: String,
    /// The limit as written (`10GiB`, `500M`, `1000000`).
    pub limit: String,
}

/// `auth/policy.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyFile {
    /// Retention rules.
    #[serde(default, rename = "retention")]
    pub retention: Vec<RetentionRule>,
    /// Immutability rules.
    #[serde(default, rename = "immutable")]
    pub immutable: Vec<ImmutableRule>,
    /// Storage quotas.
    #[serde(default, rename = "quota", skip_serializing_if = "Vec::is_empty")]
    pub quota: Vec<QuotaRule>,
}

/// A retention rule, validated.
#[derive(Debug, Clone)]
pub struct Retention {
    /// As stored.
    pub rule: RetentionRule,
    repos: Pattern,
    tags: Option<TagGlob>,
    pushed_within: Option<Duration>,
    pulled_within: Option<Duration>,
    keep_matching: Vec<TagGlob>,
}

/// A quota, validated.
#[derive(Debug, Clone)]
pub struct Quota {
    /// As stored.
    pub rule: QuotaRule,
    /// The scope's pattern.
    pub repos: Pattern,
    /// The limit in bytes.
    pub limit: u64,
}

impl Quota {
    /// Validates a stored quota.
    pub fn new(rule: QuotaRule) -> Result<Quota, AuthError> {
        check_id(&rule.id)?;
        let repos =
            Pattern::parse(&rule.repos).map_err(|e| bad(format!("quota {}: {e}", rule.id)))?;
        let limit = crate::inventory::parse_size(&rule.limit)
            .map_err(|e| bad(format!("quota {}: {e}", rule.id)))?;
        if limit == 0 {
            return Err(bad(format!(
                "quota {}: a limit of 0 refuses every push; write a size such as 10GiB or 500M",
                rule.id
            )));
        }
        Ok(Quota { rule, repos, limit })
    }

    /// Whether `repo` is in the quota's scope.
    pub fn covers(&self, repo: &RepoName) -> bool {
        self.repos.matches(repo.as_str(), None)
    }
}

/// Rule and quota ids name lock files and appear in messages: letters, digits, `-`,
/// `_` and `.`, not starting with `.`.
fn check_id(id: &str) -> Result<(), AuthError> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && !id.starts_with('.')
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(bad(format!(
            "{id:?} is not an id: use letters, digits, '-', '_' and '.' (e.g. acme-10g)"
        )))
    }
}

/// An immutability rule, validated.
#[derive(Debug, Clone)]
pub struct Immutable {
    /// As stored.
    pub rule: ImmutableRule,
    repos: Pattern,
    tags: TagGlob,
}

impl Immutable {
    /// `repos : tags`, as operators write it.
    pub fn describe(&self) -> String {
        format!("{} ({}:{})", self.rule.id, self.rule.repos, self.rule.tags)
    }
}

/// The validated policy.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    /// Retention rules in file order.
    pub retention: Vec<Retention>,
    /// Immutability rules in file order.
    pub immutable: Vec<Immutable>,
    /// Quotas in file order.
    pub quotas: Vec<Quota>,
}

fn bad(why: String) -> AuthError {
    AuthError::Invalid(why)
}

impl Retention {
    /// Validates a stored rule.
    pub fn new(rule: RetentionRule) -> Result<Retention, AuthError> {
        let repos =
            Pattern::parse(&rule.repos).map_err(|e| bad(format!("rule {}: {e}", rule.id)))?;
        let tags = rule
            .tags
            .as_deref()
            .map(TagGlob::parse)
            .transpose()
            .map_err(|e| bad(format!("rule {}: {e}", rule.id)))?;
        let within = |field: &str, v: &Option<String>| {
            v.as_deref()
                .map(humantime::parse_duration)
                .transpose()
                .map_err(|e| {
                    bad(format!(
                        "rule {}: {field}: {e} (write e.g. 30d or 12h)",
                        rule.id
                    ))
                })
        };
        let pushed_within = within("keep_pushed_within", &rule.keep_pushed_within)?;
        let pulled_within = within("keep_pulled_within", &rule.keep_pulled_within)?;
        let keep_matching = rule
            .keep_matching
            .iter()
            .map(|g| TagGlob::parse(g))
            .collect::<Result<_, _>>()
            .map_err(|e| bad(format!("rule {}: {e}", rule.id)))?;
        if rule.keep_last.is_none()
            && pushed_within.is_none()
            && pulled_within.is_none()
            && rule.keep_matching.is_empty()
        {
            return Err(bad(format!(
                "rule {} keeps nothing: give --keep-last, --keep-pushed-within, --keep-pulled-within or --keep-matching",
                rule.id
            )));
        }
        Ok(Retention {
            rule,
            repos,
            tags,
            pushed_within,
            pulled_within,
            keep_matching,
        })
    }

    /// Whether the rule applies to `tag` of `repo`.
    pub fn applies(&self, repo: &RepoName, tag: &Tag) -> bool {
        self.repos.matches(repo.as_str(), None)
            && self.tags.as_ref().map_or(true, |g| g.matches(tag.as_str()))
    }
}

impl Policy {
    /// Validates a policy file.
    pub fn from_file(f: PolicyFile) -> Result<Policy, AuthError> {
        let retention = f
            .retention
            .into_iter()
            .map(Retention::new)
            .collect::<Result<_, _>>()?;
        let immutable = f
            .immutable
            .into_iter()
            .map(|rule| {
                Ok(Immutable {
                    repos: Pattern::parse(&rule.repos)
                        .map_err(|e| bad(format!("rule {}: {e}", rule.id)))?,
                    tags: TagGlob::parse(&rule.tags)
                        .map_err(|e| bad(format!("rule {}: {e}", rule.id)))?,
                    rule,
                })
            })
            .collect::<Result<_, AuthError>>()?;
        let quotas = f
            .quota
            .into_iter()
            .map(Quota::new)
            .collect::<Result<_, _>>()?;
        Ok(Policy {
            retention,
            immutable,
            quotas,
        })
    }

    /// Loads and validates `auth/policy.toml` (missing: no rules).
    pub fn load(store: &Store) -> Result<Policy, AuthError> {
        Policy::from_file(files::load(store, AuthFile::Policy)?)
    }

    /// The immutability rule that protects `tag` of `repo`, if any.
    pub fn immutable_rule(&self, repo: &RepoName, tag: &Tag) -> Option<&Immutable> {
        self.immutable
            .iter()
            .find(|r| r.repos.matches(repo.as_str(), None) && r.tags.matches(tag.as_str()))
    }

    /// The first immutable tag among those pointing at manifest `d` of `repo`, with
    /// its rule described: deleting the manifest would remove it, so it must not.
    pub fn pinned_tag_of(
        &self,
        store: &Store,
        repo: &RepoName,
        d: &Digest,
    ) -> Result<Option<(Tag, String)>, crate::storage::StoreError> {
        if self.immutable.is_empty() {
            return Ok(None);
        }
        Ok(store
            .tags_with_targets(repo)?
            .into_iter()
            .filter(|(_, target)| target.as_ref() == Some(d))
            .find_map(|(t, _)| {
                let rule = self.immutable_rule(repo, &t)?.describe();
                Some((t, rule))
            }))
    }

    /// Decides every tag of one repository.
    pub fn plan_repo(&self, repo: &RepoName, tags: &[TagState], now: SystemTime) -> Vec<Decision> {
        let rules: Vec<&Retention> = self
            .retention
            .iter()
            .filter(|r| r.repos.matches(repo.as_str(), None))
            .collect();
        // Per rule: the tags it applies to, newest push first (ties by name, so the
        // outcome does not depend on listing order).
        let mut ranks: Vec<BTreeMap<&Tag, usize>> = Vec::new();
        for r in &rules {
            let mut applies: Vec<&TagState> =
                tags.iter().filter(|t| r.applies(repo, &t.tag)).collect();
            applies.sort_by(|a, b| b.pushed.cmp(&a.pushed).then_with(|| a.tag.cmp(&b.tag)));
            ranks.push(
                applies
                    .iter()
                    .enumerate()
                    .map(|(i, t)| (&t.tag, i))
                    .collect(),
            );
        }
        tags.iter()
            .map(|t| decide(repo, t, &rules, &ranks, now))
            .collect()
    }
}

/// What retention knows of a tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagState {
    /// The tag.
    pub tag: Tag,
    /// The manifest it points at.
    pub digest: Digest,
    /// When it was last pushed.
    pub pushed: SystemTime,
    /// When its manifest was last pulled (`None`: never, as far as recorded).
    pub pulled: Option<SystemTime>,
}

/// Retention's verdict on one tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    /// The repository.
    pub repository: String,
    /// The tag.
    pub tag: String,
    /// The manifest it points at.
    pub digest: String,
    /// When it was pushed (RFC 3339).
    pub pushed: String,
    /// When its manifest was last pulled (RFC 3339; `None`: never recorded).
    pub pulled: Option<String>,
    /// Whether it stays.
    pub keep: bool,
    /// The rule that decided (`None`: no rule applies).
    pub rule: Option<String>,
    /// Why, in words.
    pub why: String,
}

fn decide(
    repo: &RepoName,
    t: &TagState,
    rules: &[&Retention],
    ranks: &[BTreeMap<&Tag, usize>],
    now: SystemTime,
) -> Decision {
    let mut d = Decision {
        repository: repo.to_string(),
        tag: t.tag.to_string(),
        digest: t.digest.to_string(),
        pushed: humantime::format_rfc3339_seconds(t.pushed).to_string(),
        pulled: t
            .pulled
            .map(|p| humantime::format_rfc3339_seconds(p).to_string()),
        keep: true,
        rule: None,
        why: "no retention rule applies to it".into(),
    };
    let age = now.duration_since(t.pushed).unwrap_or_default();
    let mut applying = Vec::new();
    for (r, rank) in rules.iter().zip(ranks) {
        if !r.applies(repo, &t.tag) {
            continue;
        }
        applying.push(r.rule.id.as_str());
        let keep_why = if let Some(g) = r.keep_matching.iter().find(|g| g.matches(t.tag.as_str())) {
            Some(format!("it matches {g}"))
        } else if let (Some(n), Some(&i)) = (r.rule.keep_last, rank.get(&t.tag)) {
            (i < n).then(|| {
                format!(
                    "it is #{} of the {n} most recently pushed tags the rule keeps",
                    i + 1
                )
            })
        } else {
            None
        };
        let keep_why = keep_why.or_else(|| {
            let within = r.pushed_within?;
            (age <= within).then(|| {
                format!(
                    "it was pushed {} ago, within {}",
                    humantime::format_duration(Duration::from_secs(age.as_secs())),
                    humantime::format_duration(within)
                )
            })
        });
        let keep_why = keep_why.or_else(|| {
            let within = r.pulled_within?;
            let ago = now.duration_since(t.pulled?).unwrap_or_default();
            (ago <= within).then(|| {
                format!(
                    "it was pulled {} ago, within {}",
                    humantime::format_duration(Duration::from_secs(ago.as_secs())),
                    humantime::format_duration(within)
                )
            })
        });
        if let Some(why) = keep_why {
            d.rule = Some(r.rule.id.clone());
            d.why = why;
            return d;
        }
    }
    if !applying.is_empty() {
        d.keep = false;
        d.rule = Some(applying.join(","));
        let pulled = match t.pulled {
            Some(p) => format!(
                "last pulled {} ago",
                humantime::format_duration(Duration::from_secs(
                    now.duration_since(p).unwrap_or_default().as_secs()
                ))
            ),
            None => "never pulled".to_string(),
        };
        d.why = format!(
            "pushed {} ago, {pulled}; no rule that applies ({}) keeps it",
            humantime::format_duration(Duration::from_secs(age.as_secs())),
            applying.join(", ")
        );
    }
    d
}

/// The tags of every repository (or those matching `only`) with retention's verdict.
pub fn plan(store: &Store, policy: &Policy, now: SystemTime) -> anyhow::Result<Vec<Decision>> {
    let mut out = Vec::new();
    if policy.retention.is_empty() {
        return Ok(out);
    }
    for repo in store.list_repos()? {
        if !policy
            .retention
            .iter()
            .any(|r| r.repos.matches(repo.as_str(), None))
        {
            continue;
        }
        let states = tag_states(store, &repo)?;
        out.extend(policy.plan_repo(&repo, &states, now));
    }
    Ok(out)
}

/// What retention knows of every tag of `repo`: target, push time (the tag record's
/// modification time) and the target's last recorded pull. Damaged tag records are
/// left out (scan reports them).
pub fn tag_states(store: &Store, repo: &RepoName) -> crate::storage::Result<Vec<TagState>> {
    let (entries, _) = store.repo_tags(repo)?;
    let pulls = store.pull_times(repo)?;
    Ok(entries
        .into_iter()
        .filter_map(|e| {
            let digest = e.target.ok()?;
            Some(TagState {
                pulled: crate::service::pulls::pulled_at(&pulls, &digest),
                digest,
                tag: e.tag,
                pushed: e.modified,
            })
        })
        .collect())
}

/// Adds a retention rule (its id must be new).
pub fn add_retention(store: &Store, rule: RetentionRule) -> Result<(), AuthError> {
    Retention::new(rule.clone())?;
    files::edit(store, AuthFile::Policy, |f: &mut PolicyFile| {
        if f.retention.iter().any(|r| r.id == rule.id) {
            return Err(AuthError::Exists(format!("retention rule {}", rule.id)));
        }
        let audit = format!("retention add {}", describe_retention(&rule));
        f.retention.push(rule);
        Ok(Edit {
            changed: true,
            audit,
            result: (),
        })
    })
}

/// Adds an immutability rule (its id must be new).
pub fn add_immutable(store: &Store, rule: ImmutableRule) -> Result<(), AuthError> {
    Policy::from_file(PolicyFile {
        immutable: vec![rule.clone()],
        ..PolicyFile::default()
    })?;
    files::edit(store, AuthFile::Policy, |f: &mut PolicyFile| {
        if f.immutable.iter().any(|r| r.id == rule.id) {
            return Err(AuthError::Exists(format!("immutability rule {}", rule.id)));
        }
        let audit = format!("immutable add {} {}:{}", rule.id, rule.repos, rule.tags);
        f.immutable.push(rule);
        Ok(Edit {
            changed: true,
            audit,
            result: (),
        })
    })
}

/// Adds a quota (its id must be new; one scope pattern may have one quota).
pub fn add_quota(store: &Store, rule: QuotaRule) -> Result<(), AuthError> {
    Quota::new(rule.clone())?;
    files::edit(store, AuthFile::Policy, |f: &mut PolicyFile| {
        if f.quota.iter().any(|q| q.id == rule.id) {
            return Err(AuthError::Exists(format!(
                "quota {} exists already: pick another --id",
                rule.id
            )));
        }
        if let Some(q) = f.quota.iter().find(|q| q.repos == rule.repos) {
            return Err(AuthError::Exists(format!(
                "{} has a quota already ({}, {}): remove it first with `registryctl quota rm {}`",
                q.repos, q.id, q.limit, q.id
            )));
        }
        let audit = format!("quota add {} {} limit={}", rule.id, rule.repos, rule.limit);
        f.quota.push(rule);
        Ok(Edit {
            changed: true,
            audit,
            result: (),
        })
    })
}

/// Which kind of rule [`remove`] removes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleKind {
    /// A retention rule.
    Retention,
    /// An immutability rule.
    Immutable,
    /// A quota.
    Quota,
}

/// Removes a rule by id.
pub fn remove(store: &Store, kind: RuleKind, id: &str) -> Result<(), AuthError> {
    files::edit(store, AuthFile::Policy, |f: &mut PolicyFile| {
        let count = |f: &PolicyFile| f.retention.len() + f.immutable.len() + f.quota.len();
        let before = count(f);
        match kind {
            RuleKind::Retention => f.retention.retain(|r| r.id != id),
            RuleKind::Immutable => f.immutable.retain(|r| r.id != id),
            RuleKind::Quota => f.quota.retain(|r| r.id != id),
        }
        if count(f) == before {
            let what = match kind {
                RuleKind::Retention => "retention rule",
                RuleKind::Immutable => "immutability rule",
                RuleKind::Quota => "quota",
            };
            return Err(AuthError::NotFound(format!("{what} {id}")));
        }
        let what = match kind {
            RuleKind::Retention => "retention rm",
            RuleKind::Immutable => "immutable rm",
            RuleKind::Quota => "quota rm",
        };
        Ok(Edit {
            changed: true,
            audit: format!("{what} {id}"),
            result: (),
        })
    })
}

/// One line describing a retention rule.
pub fn describe_retention(r: &RetentionRule) -> String {
    let mut s = format!("{} {}", r.id, r.repos);
    if let Some(t) = &r.tags {
        s += &format!(" tags={t}");
    }
    if let Some(n) = r.keep_last {
        s += &format!(" keep-last={n}");
    }
    if let Some(d) = &r.keep_pushed_within {
        s += &format!(" keep-pushed-within={d}");
    }
    if let Some(d) = &r.keep_pulled_within {
        s += &format!(" keep-pulled-within={d}");
    }
    for g in &r.keep_matching {
        s += &format!(" keep-matching={g}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(id: &str, repos: &str) -> RetentionRule {
        RetentionRule {
            id: id.into(),
            repos: repos.into(),
            tags: None,
            keep_last: None,
            keep_pushed_within: None,
            keep_pulled_within: None,
            keep_matching: Vec::new(),
        }
    }

    fn states(spec: &[(&str, u64)]) -> Vec<TagState> {
        spec.iter()
            .map(|(t, secs)| TagState {
                tag: Tag::parse(t).unwrap(),
                digest: Digest::sha256_of(t.as_bytes()),
                pushed: SystemTime::UNIX_EPOCH + Duration::from_secs(*secs),
                pulled: None,
            })
            .collect()
    }

    /// Tags with a push time and an optional pull time.
    fn pulled_states(spec: &[(&str, u64, Option<u64>)]) -> Vec<TagState> {
        spec.iter()
            .map(|(t, pushed, pulled)| TagState {
                tag: Tag::parse(t).unwrap(),
                digest: Digest::sha256_of(t.as_bytes()),
                pushed: SystemTime::UNIX_EPOCH + Duration::from_secs(*pushed),
                pulled: pulled.map(|p| SystemTime::UNIX_EPOCH + Duration::from_secs(p)),
            })
            .collect()
    }

    fn kept(p: &Policy, repo: &str, tags: &[TagState], now: u64) -> Vec<String> {
        let repo = RepoName::parse(repo).unwrap();
        p.plan_repo(
            &repo,
            tags,
            SystemTime::UNIX_EPOCH + Duration::from_secs(now),
        )
        .into_iter()
        .filter(|d| d.keep)
        .map(|d| d.tag)
        .collect()
    }

    fn policy(rules: Vec<RetentionRule>) -> Policy {
        Policy::from_file(PolicyFile {
            retention: rules,
            ..PolicyFile::default()
        })
        .unwrap()
    }

    #[test]
    fn globs() {
        let g = |p: &str, s: &str| TagGlob::parse(p).unwrap().matches(s);
        assert!(g("v*", "v1.2"));
        assert!(g("v*", "v"));
        assert!(!g("v*", "xv1"));
        assert!(g("release-*", "release-2024"));
        assert!(g("*-rc*", "1.0-rc2"));
        assert!(!g("*-rc*", "1.0"));
        assert!(g("latest", "latest"));
        assert!(!g("latest", "latest2"));
        assert!(g("*", ""));
        assert!(g("a*b*c", "aXbYc"));
        assert!(!g("a*b*c", "aXbY"));
        assert!(TagGlob::parse("v/1").is_err());
        assert!(TagGlob::parse("").is_err());
    }

    #[test]
    fn keep_last_n_with_ties_broken_by_name() {
        let mut r = rule("ci", "acme/**");
        r.keep_last = Some(2);
        let p = policy(vec![r]);
        let tags = states(&[("a", 10), ("b", 30), ("c", 30), ("d", 20)]);
        // b and c share the newest push time: names break the tie, so b then c.
        assert_eq!(kept(&p, "acme/app", &tags, 100), ["b", "c"]);
    }

    #[test]
    fn age_boundaries() {
        let mut r = rule("age", "acme/app");
        r.keep_pushed_within = Some("10s".into());
        let p = policy(vec![r]);
        let tags = states(&[("old", 89), ("edge", 90), ("new", 95)]);
        assert_eq!(kept(&p, "acme/app", &tags, 100), ["edge", "new"]);
    }

    #[test]
    fn tag_patterns_scope_rules_and_keep_globs_always_win() {
        let mut prs = rule("prs", "acme/**");
        prs.tags = Some("pr-*".into());
        prs.keep_last = Some(1);
        let mut all = rule("releases", "acme/**");
        all.keep_matching = vec!["v*".into(), "latest".into()];
        all.tags = Some("v*".into());
        let p = policy(vec![prs, all]);
        let tags = states(&[
            ("pr-1", 1),
            ("pr-2", 2),
            ("v1", 0),
            ("latest", 0),
            ("main", 0),
        ]);
        // pr-2 kept by keep-last; v1 by the keep glob; latest and main: no rule applies.
        assert_eq!(
            kept(&p, "acme/app", &tags, 100),
            ["pr-2", "v1", "latest", "main"]
        );
    }

    #[test]
    fn several_rules_any_keep_wins_and_no_rule_means_untouched() {
        let mut a = rule("last1", "acme/app");
        a.keep_last = Some(1);
        let mut b = rule("recent", "acme/*");
        b.keep_pushed_within = Some("50s".into());
        let p = policy(vec![a, b]);
        let tags = states(&[("x", 10), ("y", 60), ("z", 70)]);
        assert_eq!(kept(&p, "acme/app", &tags, 100), ["y", "z"]);
        let d = p.plan_repo(
            &RepoName::parse("acme/app").unwrap(),
            &tags,
            SystemTime::UNIX_EPOCH + Duration::from_secs(100),
        );
        assert_eq!(d[0].rule.as_deref(), Some("last1,recent"));
        assert_eq!(d[2].rule.as_deref(), Some("last1"));
        // Another organisation: no rule, untouched.
        assert_eq!(kept(&p, "other/app", &tags, 100), ["x", "y", "z"]);
    }

    #[test]
    fn a_rule_that_keeps_nothing_is_refused() {
        let e = Retention::new(rule("empty", "acme/**")).unwrap_err();
        assert!(e.to_string().contains("keeps nothing"), "{e}");
        let mut r = rule("bad", "acme/**");
        r.keep_pushed_within = Some("soon".into());
        assert!(Retention::new(r).is_err());
    }

    #[test]
    fn keep_pulled_within_table() {
        struct Case {
            name: &'static str,
            within: &'static str,
            tags: Vec<(&'static str, u64, Option<u64>)>,
            now: u64,
            kept: Vec<&'static str>,
        }
        let cases = [
            Case {
                name: "boundary: pulled exactly D ago is kept, a second more is not",
                within: "10s",
                tags: vec![
                    ("edge", 0, Some(90)),
                    ("old", 0, Some(89)),
                    ("new", 0, Some(99)),
                ],
                now: 100,
                kept: vec!["edge", "new"],
            },
            Case {
                name: "never pulled is not kept by the pull rule, however recent the push",
                within: "1h",
                tags: vec![("fresh", 99, None), ("used", 0, Some(50))],
                now: 100,
                kept: vec!["used"],
            },
            Case {
                name: "a pull time in the future (clock skew between servers) counts as now",
                within: "1s",
                tags: vec![("skewed", 0, Some(200)), ("stale", 0, Some(10))],
                now: 100,
                kept: vec!["skewed"],
            },
        ];
        for c in cases {
            let mut r = rule("pulls", "acme/**");
            r.keep_pulled_within = Some(c.within.into());
            let p = policy(vec![r]);
            let tags = pulled_states(&c.tags);
            assert_eq!(kept(&p, "acme/app", &tags, c.now), c.kept, "{}", c.name);
        }
    }

    #[test]
    fn keep_pulled_within_combines_with_other_keeps_and_explains() {
        let mut r = rule("mixed", "acme/app");
        r.keep_last = Some(1);
        r.keep_pulled_within = Some("30s".into());
        let p = policy(vec![r]);
        let tags = pulled_states(&[
            ("newest", 90, None),
            ("pulled", 10, Some(80)),
            ("idle", 20, Some(5)),
        ]);
        assert_eq!(kept(&p, "acme/app", &tags, 100), ["newest", "pulled"]);
        let d = p.plan_repo(
            &RepoName::parse("acme/app").unwrap(),
            &tags,
            SystemTime::UNIX_EPOCH + Duration::from_secs(100),
        );
        assert!(
            d[1].why.contains("pulled 20s ago, within 30s"),
            "{}",
            d[1].why
        );
        assert_eq!(d[1].pulled.as_deref(), Some("1970-01-01T00:01:20Z"));
        assert!(!d[2].keep);
        assert!(d[2].why.contains("last pulled 1m 35s ago"), "{}", d[2].why);
        assert_eq!(d[0].pulled, None);
        // A pull rule alone is a rule that keeps something.
        let mut only = rule("only-pulls", "acme/**");
        only.keep_pulled_within = Some("7d".into());
        assert!(Retention::new(only).is_ok());
        let mut bad_d = rule("bad", "acme/**");
        bad_d.keep_pulled_within = Some("a while".into());
        let e = Retention::new(bad_d).unwrap_err().to_string();
        assert!(e.contains("keep_pulled_within") && e.contains("30d"), "{e}");
    }

    #[test]
    fn quotas_validate_with_a_message_that_says_what_to_write() {
        let q = |id: &str, repos: &str, limit: &str| {
            Quota::new(QuotaRule {
                id: id.into(),
                repos: repos.into(),
                limit: limit.into(),
            })
        };
        assert_eq!(q("q1", "acme/**", "10GiB").unwrap().limit, 10 << 30);
        assert_eq!(q("q1", "acme/app", "1000").unwrap().limit, 1000);
        let e = q("q1", "acme/**", "lots").unwrap_err().to_string();
        assert!(e.contains("10GiB") || e.contains("1.5GiB"), "{e}");
        assert!(q("q1", "acme/**", "0")
            .unwrap_err()
            .to_string()
            .contains("500M"));
        assert!(q("q/1", "acme/**", "1G")
            .unwrap_err()
            .to_string()
            .contains("letters"));
        assert!(q("q1", "", "1G").is_err());
        let p = q("q1", "acme/*", "1G").unwrap();
        assert!(p.covers(&RepoName::parse("acme/app").unwrap()));
        assert!(!p.covers(&RepoName::parse("acme/a/b").unwrap()));
    }
}
