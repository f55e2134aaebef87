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

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::model::{Action, Effect, Rule, Subject};

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
    /// user -> groups they are a member of.
    groups_of: HashMap<String, BTreeSet<String>>,
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
        Policy { rules, groups_of }
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
        }
    }

    /// Decides whether `caller` may do `action` to `repo`.
    pub fn decide(&self, caller: Caller<'_>, repo: &str, action: Action) -> Verdict<'_> {
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
                Effect::Grant => {
                    grant.get_or_insert(rule);
                }
            }
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
