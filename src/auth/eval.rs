//! Evaluation: may this caller do this action to this repository, and which rule said so.
//!
//! 1. A rule *applies* to a caller when its subject is the caller's user name, a group
//!    the user is a member of, `authenticated` (any signed-in user) or `anonymous`
//!    (everyone, signed in or not), its pattern matches the repository (with `{user}`
//!    read as the caller's user name), and its actions include the action.
//! 2. If any applying rule is a deny, the answer is *denied*, decided by the first such
//!    deny in file order: an explicit deny beats every grant.
//! 3. Otherwise, if any applying rule is a grant, the answer is *allowed*, decided by the
//!    first such grant.
//! 4. Otherwise the answer is *denied* and no rule decided it.
//!
//! A robot (caller id `robot:NAME`, see [`super::robots`]) is evaluated the same way,
//! except that the only grants that count for it are its own (fixed when it was made):
//! grants to `authenticated`, `anonymous` or its groups never widen them, while every
//! deny that applies to it (naming it, one of its groups, `authenticated` or
//! `anonymous`) still wins.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::model::{Action, Effect, Rule, Subject, ROBOT_PREFIX};

/// Who is asking: a signed-in user, or nobody (`None`: no credentials).
pub type Caller<'a> = Option<&'a str>;

/// The outcome of an evaluation, with the rule that decided it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict<'a> {
    /// Whether the action is allowed.
    pub allowed: bool,
    /// The deciding rule; `None` when no rule matched (denied by default).
    pub rule: Option<&'a Rule>,
}

impl Verdict<'_> {
    /// A one-line explanation, e.g. `allowed by: grant alice acme/** pull,push`.
    pub fn explain(&self) -> String {
        match (self.allowed, self.rule) {
            (true, Some(r)) => format!("allowed by: {r}"),
            (false, Some(r)) => format!("denied by: {r}"),
            (_, None) => "denied: no rule matched".to_string(),
        }
    }
}

/// The rules and group memberships, indexed for evaluation.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    rules: Vec<Rule>,
    /// user (or robot caller id) -> groups they are a member of.
    groups_of: HashMap<String, BTreeSet<String>>,
    /// robot caller id (`robot:NAME`) -> its grants, as grant rules naming it.
    robot_grants: HashMap<String, Vec<Rule>>,
}

impl Policy {
    /// Builds a policy from rules (in file order) and groups (group -> members).
    pub fn new(rules: Vec<Rule>, groups: &BTreeMap<String, BTreeSet<String>>) -> Policy {
        let mut groups_of: HashMap<String, BTreeSet<String>> = HashMap::new();
        for (g, members) in groups {
            for m in members {
                groups_of.entry(m.clone()).or_default().insert(g.clone());
            }
        }
        Policy {
            rules,
            groups_of,
            robot_grants: HashMap::new(),
        }
    }

    /// Adds the robots' own grants: (robot caller id, its grant rules).
    pub fn with_robot_grants(
        mut self,
        grants: impl IntoIterator<Item = (String, Vec<Rule>)>,
    ) -> Policy {
        self.robot_grants.extend(grants);
        self
    }

    /// The rules, in file order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Whether `subject` covers `caller`.
    pub fn subject_applies(&self, subject: &Subject, caller: Caller<'_>) -> bool {
        match subject {
            Subject::Anonymous => true,
            Subject::Authenticated => caller.is_some(),
            Subject::User(u) => caller == Some(u.as_str()),
            Subject::Group(g) => caller
                .and_then(|u| self.groups_of.get(u))
                .is_some_and(|gs| gs.contains(g)),
            Subject::Robot(r) => {
                caller.and_then(|c| c.strip_prefix(ROBOT_PREFIX)) == Some(r.as_str())
            }
        }
    }

    /// Decides whether `caller` may do `action` to `repo`.
    pub fn decide(&self, caller: Caller<'_>, repo: &str, action: Action) -> Verdict<'_> {
        let robot = caller.filter(|c| c.starts_with(ROBOT_PREFIX));
        let mut grant = None;
        for rule in &self.rules {
            if !rule.actions.contains(action)
                || !self.subject_applies(&rule.subject, caller)
                || !rule.pattern.matches(repo, caller)
            {
                continue;
            }
            match rule.effect {
                Effect::Deny => {
                    return Verdict {
                        allowed: false,
                        rule: Some(rule),
                    }
                }
                // A robot gets its own grants only (below).
                Effect::Grant if robot.is_some() => {}
                Effect::Grant => {
                    grant.get_or_insert(rule);
                }
            }
        }
        if let Some(r) = robot {
            grant = self.robot_grants.get(r).and_then(|rules| {
                rules
                    .iter()
                    .find(|g| g.actions.contains(action) && g.pattern.matches(repo, caller))
            });
        }
        Verdict {
            allowed: grant.is_some(),
            rule: grant,
        }
    }

    /// Shorthand for `decide(..).allowed`.
    pub fn allows(&self, caller: Caller<'_>, repo: &str, action: Action) -> bool {
        self.decide(caller, repo, action).allowed
    }
}
