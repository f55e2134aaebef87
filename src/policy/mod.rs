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
//! among the N most recently pushed tags it applies to, pushed within a duration, or
//! matching one of its keep globs — and removed otherwise; [`Decision`] says which
//! rule decided and why.

pub mod live;

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

/// `auth/policy.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyFile {
    /// Retention rules.
    #[serde(default, rename = "retention")]
    pub retention: Vec<RetentionRule>,
    /// Immutability rules.
    #[serde(default, rename = "immutable")]
    pub immutable: Vec<ImmutableRule>,
}

/// A retention rule, validated.
#[derive(Debug, Clone)]
pub struct Retention {
    /// As stored.
    pub rule: RetentionRule,
    repos: Pattern,
    tags: Option<TagGlob>,
    pushed_within: Option<Duration>,
    keep_matching: Vec<TagGlob>,
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
        let pushed_within = rule
            .keep_pushed_within
            .as_deref()
            .map(humantime::parse_duration)
            .transpose()
            .map_err(|e| {
                bad(format!(
                    "rule {}: keep_pushed_within: {e} (write e.g. 30d or 12h)",
                    rule.id
                ))
            })?;
        let keep_matching = rule
            .keep_matching
            .iter()
            .map(|g| TagGlob::parse(g))
            .collect::<Result<_, _>>()
            .map_err(|e| bad(format!("rule {}: {e}", rule.id)))?;
        if rule.keep_last.is_none() && pushed_within.is_none() && rule.keep_matching.is_empty() {
            return Err(bad(format!(
                "rule {} keeps nothing: give --keep-last, --keep-pushed-within or --keep-matching",
                rule.id
            )));
        }
        Ok(Retention {
            rule,
            repos,
            tags,
            pushed_within,
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
        Ok(Policy {
            retention,
            immutable,
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
        if let Some(why) = keep_why {
            d.rule = Some(r.rule.id.clone());
            d.why = why;
            return d;
        }
    }
    if !applying.is_empty() {
        d.keep = false;
        d.rule = Some(applying.join(","));
        d.why = format!(
            "pushed {} ago; no rule that applies ({}) keeps it",
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
        let (entries, _) = store.repo_tags(&repo)?;
        let states: Vec<TagState> = entries
            .into_iter()
            .filter_map(|e| {
                Some(TagState {
                    digest: e.target.ok()?,
                    tag: e.tag,
                    pushed: e.modified,
                })
            })
            .collect();
        out.extend(policy.plan_repo(&repo, &states, now));
    }
    Ok(out)
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
        retention: Vec::new(),
        immutable: vec![rule.clone()],
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

/// Which kind of rule [`remove`] removes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleKind {
    /// A retention rule.
    Retention,
    /// An immutability rule.
    Immutable,
}

/// Removes a rule by id.
pub fn remove(store: &Store, kind: RuleKind, id: &str) -> Result<(), AuthError> {
    files::edit(store, AuthFile::Policy, |f: &mut PolicyFile| {
        let before = f.retention.len() + f.immutable.len();
        match kind {
            RuleKind::Retention => f.retention.retain(|r| r.id != id),
            RuleKind::Immutable => f.immutable.retain(|r| r.id != id),
        }
        if f.retention.len() + f.immutable.len() == before {
            let what = match kind {
                RuleKind::Retention => "retention",
                RuleKind::Immutable => "immutability",
            };
            return Err(AuthError::NotFound(format!("{what} rule {id}")));
        }
        let what = match kind {
            RuleKind::Retention => "retention rm",
            RuleKind::Immutable => "immutable rm",
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
            keep_matching: Vec::new(),
        }
    }

    fn states(spec: &[(&str, u64)]) -> Vec<TagState> {
        spec.iter()
            .map(|(t, secs)| TagState {
                tag: Tag::parse(t).unwrap(),
                digest: Digest::sha256_of(t.as_bytes()),
                pushed: SystemTime::UNIX_EPOCH + Duration::from_secs(*secs),
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
            immutable: Vec::new(),
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
}
