//! The rule file `auth/acl.toml` and the edits `acl grant|deny|revoke` make.
//!
//! A rule is identified by (effect, subject, pattern); its actions are a set. Granting
//! or denying merges actions into the matching rule (or appends a new rule); revoking
//! removes actions from it and drops the rule when none are left. New rules go to the
//! end of the file; order only matters for which rule is *reported* as deciding.

use serde::{Deserialize, Serialize};

use super::files::{self, Edit};
use super::model::{ActionSet, Effect, Pattern, Rule, Subject};
use super::AuthError;
use crate::storage::{AuthFile, Store};

/// The contents of `auth/acl.toml`: `[[rule]]` tables.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AclFile {
    /// The rules, in file order.
    #[serde(default, rename = "rule")]
    pub rules: Vec<Rule>,
}

impl AclFile {
    /// Loads the file (missing means no rules).
    pub fn load(store: &Store) -> Result<AclFile, AuthError> {
        files::load(store, AuthFile::Acl)
    }

    /// Parses the file's bytes.
    pub fn parse(bytes: Option<&[u8]>) -> Result<AclFile, AuthError> {
        files::parse(AuthFile::Acl, bytes)
    }

    fn position(&self, effect: Effect, subject: &Subject, pattern: &Pattern) -> Option<usize> {
        self.rules.iter().position(|r| {
            r.effect == effect && &r.subject == subject && r.pattern.as_str() == pattern.as_str()
        })
    }
}

/// What a grant, deny or revoke changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    /// Actions added (grant/deny) or removed (revoke).
    pub changed: ActionSet,
    /// Actions that were already there (grant/deny) or were not there (revoke).
    pub unchanged: ActionSet,
}

/// Adds a grant or deny, merging with an existing rule for the same subject and
/// pattern. Nothing is written when every action was already there.
pub fn add_rule(
    store: &Store,
    effect: Effect,
    subject: &Subject,
    pattern: &Pattern,
    actions: ActionSet,
) -> Result<Change, AuthError> {
    if actions.is_empty() {
        return Err(AuthError::Invalid("no action given".into()));
    }
    if let (Effect::Grant, Subject::Robot(r)) = (effect, subject) {
        // A robot has exactly the grants it was made with (`super::robots`).
        return Err(AuthError::Invalid(format!(
            "a robot's grants are fixed when it is made (`registryctl robot create {r} --grant PATTERN:ACTIONS`); rules may only deny it"
        )));
    }
    files::edit(store, AuthFile::Acl, |f: &mut AclFile| {
        let existing = f.position(effect, subject, pattern);
        let had = existing.map_or(ActionSet::EMPTY, |i| f.rules[i].actions);
        let added = actions.minus(had);
        match existing {
            Some(i) => f.rules[i].actions = had.union(actions),
            None => f.rules.push(Rule {
                effect,
                subject: subject.clone(),
                pattern: pattern.clone(),
                actions,
            }),
        }
        Ok(Edit {
            changed: !added.is_empty(),
            audit: format!("acl {} {subject} {pattern} {added}", effect.as_str()),
            result: Change {
                changed: added,
                unchanged: actions.intersect(had),
            },
        })
    })
}

/// Removes actions from the grant (or deny) for `subject` and `pattern`. Fails with
/// [`AuthError::NotFound`] when none of the actions was there.
pub fn revoke(
    store: &Store,
    effect: Effect,
    subject: &Subject,
    pattern: &Pattern,
    actions: ActionSet,
) -> Result<Change, AuthError> {
    files::edit(store, AuthFile::Acl, |f: &mut AclFile| {
        let existing = f.position(effect, subject, pattern);
        let had = existing.map_or(ActionSet::EMPTY, |i| f.rules[i].actions);
        let removed = actions.intersect(had);
        let (Some(i), false) = (existing, removed.is_empty()) else {
            return Err(AuthError::NotFound(format!(
                "there is no {} of {actions} on {pattern} for {subject}; `registryctl acl ls --subject {subject}` lists its rules",
                effect.as_str()
            )));
        };
        let left = had.minus(removed);
        if left.is_empty() {
            f.rules.remove(i);
        } else {
            f.rules[i].actions = left;
        }
        Ok(Edit {
            changed: true,
            audit: format!(
                "acl revoke {} {subject} {pattern} {removed}",
                effect.as_str()
            ),
            result: Change {
                changed: removed,
                unchanged: actions.minus(had),
            },
        })
    })
}
