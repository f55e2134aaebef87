//! The vocabulary of access control: who ([`Subject`]), what ([`Pattern`] over
//! repository names), which [`Action`]s, and the [`Rule`]s that grant or deny them.
//!
//! Everything here is pure: parsing, validation, display and matching. Evaluation
//! lives in [`super::eval`], the files in [`super::users`] and [`super::acl`].

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::oci::RepoName;

/// Why a subject, pattern, action list or name was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    /// A user or group name outside the allowed grammar.
    #[error("invalid {what} name {name:?}: use 1 to 64 of a-z, 0-9, '.', '_', '-', starting with a letter or digit")]
    InvalidName {
        /// "user", "group" or "robot".
        what: &'static str,
        /// The offending name.
        name: String,
    },
    /// A user name that is one of the reserved subject words.
    #[error("{0:?} is reserved (it names a built-in subject); pick another user name")]
    ReservedName(String),
    /// A repository pattern outside the grammar.
    #[error("invalid repository pattern {pattern:?}: {why}")]
    InvalidPattern {
        /// The offending pattern.
        pattern: String,
        /// What is wrong with it.
        why: String,
    },
    /// An action list that names something else than pull, push, delete or `*`.
    #[error("invalid action {0:?}: use pull, push, delete or * (comma-separated, e.g. pull,push)")]
    InvalidAction(String),
    /// An effect other than grant or deny (in a hand-edited file).
    #[error("invalid effect {0:?}: use grant or deny")]
    InvalidEffect(String),
}

/// Longest user or group name.
pub const MAX_PRINCIPAL_NAME: usize = 64;

/// Validates a user or group name: `[a-z0-9][a-z0-9._-]{0,63}`. Lower case keeps a
/// user name usable as a repository path component (for `{user}` namespaces).
pub fn validate_name(what: &'static str, name: &str) -> Result<(), ModelError> {
    let b = name.as_bytes();
    let ok = !b.is_empty()
        && b.len() <= MAX_PRINCIPAL_NAME
        && (b[0].is_ascii_lowercase() || b[0].is_ascii_digit())
        && b.iter().all(|&c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'.' || c == b'_' || c == b'-'
        });
    if !ok {
        return Err(ModelError::InvalidName {
            what,
            name: name.to_string(),
        });
    }
    if what == "user" && (name == ANONYMOUS || name == AUTHENTICATED) {
        return Err(ModelError::ReservedName(name.to_string()));
    }
    Ok(())
}

/// The subject word for callers without credentials (and, by extension, everyone).
pub const ANONYMOUS: &str = "anonymous";
/// The subject word for any signed-in user.
pub const AUTHENTICATED: &str = "authenticated";
/// Prefix of group subjects.
pub const GROUP_PREFIX: &str = "group:";
/// Prefix of robot subjects (`robot:ci-acme`); a robot's caller id is the same string,
/// which no user name can collide with (user names have no `:`).
pub const ROBOT_PREFIX: &str = "robot:";

/// Who a rule is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Subject {
    /// One user, by name.
    User(String),
    /// Every member of a group (`group:NAME`).
    Group(String),
    /// One robot account (`robot:NAME`, see [`super::robots`]).
    Robot(String),
    /// Everyone, including callers without credentials.
    Anonymous,
    /// Every signed-in user.
    Authenticated,
}

impl FromStr for Subject {
    type Err = ModelError;
    fn from_str(s: &str) -> Result<Subject, ModelError> {
        if s == ANONYMOUS {
            return Ok(Subject::Anonymous);
        }
        if s == AUTHENTICATED {
            return Ok(Subject::Authenticated);
        }
        if let Some(g) = s.strip_prefix(GROUP_PREFIX) {
            validate_name("group", g)?;
            return Ok(Subject::Group(g.to_string()));
        }
        if let Some(r) = s.strip_prefix(ROBOT_PREFIX) {
            validate_name("robot", r)?;
            return Ok(Subject::Robot(r.to_string()));
        }
        validate_name("user", s)?;
        Ok(Subject::User(s.to_string()))
    }
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::User(u) => f.write_str(u),
            Subject::Group(g) => write!(f, "{GROUP_PREFIX}{g}"),
            Subject::Robot(r) => write!(f, "{ROBOT_PREFIX}{r}"),
            Subject::Anonymous => f.write_str(ANONYMOUS),
            Subject::Authenticated => f.write_str(AUTHENTICATED),
        }
    }
}

/// One thing a caller may do to a repository.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    /// Read manifests, blobs, tags, referrers.
    Pull,
    /// Upload blobs, push manifests and tags.
    Push,
    /// Delete manifests, tags and blob links.
    Delete,
}

impl Action {
    /// All actions, in display order.
    pub const ALL: [Action; 3] = [Action::Pull, Action::Push, Action::Delete];

    /// The wire and file form.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Pull => "pull",
            Action::Push => "push",
            Action::Delete => "delete",
        }
    }

    fn bit(self) -> u8 {
        match self {
            Action::Pull => 1,
            Action::Push => 2,
            Action::Delete => 4,
        }
    }
}

impl FromStr for Action {
    type Err = ModelError;
    fn from_str(s: &str) -> Result<Action, ModelError> {
        match s {
            "pull" => Ok(Action::Pull),
            "push" => Ok(Action::Push),
            "delete" => Ok(Action::Delete),
            _ => Err(ModelError::InvalidAction(s.to_string())),
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A set of actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ActionSet(u8);

impl ActionSet {
    /// No action.
    pub const EMPTY: ActionSet = ActionSet(0);
    /// Pull, push and delete.
    pub const ALL: ActionSet = ActionSet(7);

    /// Parses `pull,push`, `*` or a single action. Empty items are rejected.
    pub fn parse(s: &str) -> Result<ActionSet, ModelError> {
        let mut set = ActionSet::EMPTY;
        for item in s.split(',').map(str::trim) {
            if item == "*" {
                set = ActionSet::ALL;
            } else {
                set.insert(item.parse()?);
            }
        }
        Ok(set)
    }

    /// A set of one action.
    pub fn of(a: Action) -> ActionSet {
        ActionSet(a.bit())
    }

    /// Adds an action.
    pub fn insert(&mut self, a: Action) {
        self.0 |= a.bit();
    }

    /// Whether the action is in the set.
    pub fn contains(self, a: Action) -> bool {
        self.0 & a.bit() != 0
    }

    /// Whether no action is in the set.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Actions in both sets.
    pub fn intersect(self, o: ActionSet) -> ActionSet {
        ActionSet(self.0 & o.0)
    }

    /// Actions in either set.
    pub fn union(self, o: ActionSet) -> ActionSet {
        ActionSet(self.0 | o.0)
    }

    /// Actions in `self` but not in `o`.
    pub fn minus(self, o: ActionSet) -> ActionSet {
        ActionSet(self.0 & !o.0)
    }

    /// The actions, in display order.
    pub fn iter(self) -> impl Iterator<Item = Action> {
        Action::ALL.into_iter().filter(move |a| self.contains(*a))
    }

    /// The actions as strings, in display order.
    pub fn names(self) -> Vec<&'static str> {
        self.iter().map(Action::as_str).collect()
    }
}

impl fmt::Display for ActionSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.names().join(","))
    }
}

/// One component of a [`Pattern`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Part {
    /// A literal path component.
    Lit(String),
    /// `*`: exactly one component.
    One,
    /// `**`: any number of components (at least one when it ends the pattern).
    Any,
    /// `{user}`: the caller's user name (never matches for anonymous callers).
    User,
}

/// The placeholder for the caller's user name in a pattern.
pub const USER_PLACEHOLDER: &str = "{user}";

/// A repository pattern: `/`-separated components, each a literal repository-name
/// component, `*` (exactly one component), `**` (any number of components; at the end
/// of a pattern at least one, so `acme/**` is everything *under* `acme`) or `{user}`
/// (the caller's user name).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Pattern {
    text: String,
    parts: Vec<Part>,
}

impl Pattern {
    /// Parses and validates a pattern.
    pub fn parse(s: &str) -> Result<Pattern, ModelError> {
        let bad = |why: &str| ModelError::InvalidPattern {
            pattern: s.to_string(),
            why: why.to_string(),
        };
        if s.is_empty() {
            return Err(bad("it is empty"));
        }
        if s.len() > crate::oci::name::MAX_NAME_LEN {
            return Err(bad("it is longer than a repository name may be"));
        }
        let mut parts = Vec::new();
        for c in s.split('/') {
            let part = match c {
                "*" => Part::One,
                "**" => Part::Any,
                USER_PLACEHOLDER => Part::User,
                "" => return Err(bad("it has an empty component (leading, trailing or double '/')")),
                lit if lit.contains('*') || lit.contains('{') || lit.contains('}') => {
                    return Err(bad(
                        "wildcards stand alone as a whole component: use acme/*, acme/** or {user}/**",
                    ))
                }
                lit => {
                    RepoName::parse(lit).map_err(|_| {
                        bad(&format!(
                            "{lit:?} is not a valid repository name component (lower-case letters, digits, '.', '_', '-')"
                        ))
                    })?;
                    Part::Lit(lit.to_string())
                }
            };
            if part == Part::Any && parts.last() == Some(&Part::Any) {
                return Err(bad("'**/**' is the same as '**'; write it once"));
            }
            parts.push(part);
        }
        Ok(Pattern {
            text: s.to_string(),
            parts,
        })
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the pattern uses `{user}`.
    pub fn has_user_placeholder(&self) -> bool {
        self.parts.contains(&Part::User)
    }

    /// Whether `repo` matches, with `user` substituted for `{user}` (`None`: anonymous,
    /// so `{user}` matches nothing).
    pub fn matches(&self, repo: &str, user: Option<&str>) -> bool {
        let comps: Vec<&str> = repo.split('/').collect();
        match_parts(&self.parts, &comps, Placeholder::Is(user))
    }

    /// Whether `repo` matches for *some* user (`{user}` matches any component); used to
    /// list the rules that may concern a repository.
    pub fn may_match(&self, repo: &str) -> bool {
        let comps: Vec<&str> = repo.split('/').collect();
        match_parts(&self.parts, &comps, Placeholder::AnyUser)
    }
}

#[derive(Clone, Copy)]
enum Placeholder<'a> {
    Is(Option<&'a str>),
    AnyUser,
}

fn match_parts(parts: &[Part], comps: &[&str], user: Placeholder<'_>) -> bool {
    let Some((first, rest)) = parts.split_first() else {
        return comps.is_empty();
    };
    let head_is = |ok: bool| ok && match_parts(rest, &comps[1..], user);
    match first {
        Part::Any => {
            // A trailing `**` needs at least one component ("under"); elsewhere zero is fine.
            let min = usize::from(rest.is_empty());
            (min..=comps.len()).any(|k| match_parts(rest, &comps[k..], user))
        }
        _ if comps.is_empty() => false,
        Part::One => head_is(true),
        Part::Lit(l) => head_is(comps[0] == l),
        Part::User => head_is(match user {
            Placeholder::Is(u) => u == Some(comps[0]),
            Placeholder::AnyUser => true,
        }),
    }
}

impl FromStr for Pattern {
    type Err = ModelError;
    fn from_str(s: &str) -> Result<Pattern, ModelError> {
        Pattern::parse(s)
    }
}

impl FromStr for ActionSet {
    type Err = ModelError;
    fn from_str(s: &str) -> Result<ActionSet, ModelError> {
        ActionSet::parse(s)
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Whether a rule allows or forbids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Effect {
    /// Allows the actions.
    Grant,
    /// Forbids the actions, whatever any grant says.
    Deny,
}

impl Effect {
    /// The file and display form.
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Grant => "grant",
            Effect::Deny => "deny",
        }
    }
}

impl FromStr for Effect {
    type Err = ModelError;
    fn from_str(s: &str) -> Result<Effect, ModelError> {
        match s {
            "grant" => Ok(Effect::Grant),
            "deny" => Ok(Effect::Deny),
            _ => Err(ModelError::InvalidEffect(s.to_string())),
        }
    }
}

/// One rule: `effect subject pattern actions`. Within a rule file, a (effect, subject,
/// pattern) triple appears at most once; editing merges actions into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// Grant or deny.
    pub effect: Effect,
    /// Who it is about.
    pub subject: Subject,
    /// Which repositories.
    pub pattern: Pattern,
    /// Which actions.
    pub actions: ActionSet,
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {} {}",
            self.effect.as_str(),
            self.subject,
            self.pattern,
            self.actions
        )
    }
}

/// The on-disk form of a rule in `acl.toml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleRecord {
    effect: String,
    subject: String,
    pattern: String,
    actions: Vec<String>,
}

impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        RuleRecord {
            effect: self.effect.as_str().to_string(),
            subject: self.subject.to_string(),
            pattern: self.pattern.as_str().to_string(),
            actions: self.actions.names().into_iter().map(String::from).collect(),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Rule {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Rule, D::Error> {
        use serde::de::Error;
        let r = RuleRecord::deserialize(d)?;
        let actions = ActionSet::parse(&r.actions.join(",")).map_err(D::Error::custom)?;
        Ok(Rule {
            effect: r.effect.parse().map_err(D::Error::custom)?,
            subject: r.subject.parse().map_err(D::Error::custom)?,
            pattern: Pattern::parse(&r.pattern).map_err(D::Error::custom)?,
            actions,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        let p = |s: &str| Pattern::parse(s).unwrap();
        assert!(p("acme/app").matches("acme/app", None));
        assert!(!p("acme/app").matches("acme/app2", None));
        assert!(p("acme/*").matches("acme/app", None));
        assert!(!p("acme/*").matches("acme/team/app", None));
        assert!(!p("acme/*").matches("acme", None));
        assert!(p("acme/**").matches("acme/team/app", None));
        assert!(!p("acme/**").matches("acme", None));
        assert!(p("**").matches("x", None));
        assert!(p("a/**/b").matches("a/b", None));
        assert!(p("a/**/b").matches("a/x/y/b", None));
        assert!(p("{user}/**").matches("alice/x", Some("alice")));
        assert!(!p("{user}/**").matches("alice/x", Some("bob")));
        assert!(!p("{user}/**").matches("alice/x", None));
        assert!(p("{user}/**").may_match("alice/x"));
        for bad in ["", "/a", "a/", "a//b", "a*", "A/b", "**/**", "{usr}"] {
            assert!(Pattern::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn subjects_and_actions() {
        assert_eq!(
            "group:ci".parse::<Subject>().unwrap(),
            Subject::Group("ci".into())
        );
        assert_eq!("anonymous".parse::<Subject>().unwrap(), Subject::Anonymous);
        assert!("Alice".parse::<Subject>().is_err());
        assert!("group:".parse::<Subject>().is_err());
        assert_eq!(ActionSet::parse("*").unwrap(), ActionSet::ALL);
        assert_eq!(
            ActionSet::parse("pull, push").unwrap().to_string(),
            "pull,push"
        );
        assert!(ActionSet::parse("pull,,push").is_err());
        assert!(validate_name("user", "anonymous").is_err());
    }
}
