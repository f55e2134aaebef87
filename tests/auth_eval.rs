//! Table-driven evaluation over subjects × patterns × actions: deny over grant, `{user}`
//! namespaces, nested repositories, anonymous, authenticated and groups. The rules and
//! groups are written in the real file formats and parsed as `serve` parses them.

use registryctl::auth::acl::AclFile;
use registryctl::auth::users::UsersFile;
use registryctl::auth::{Action, Policy};

const ACL: &str = r#"
[[rule]]
effect = "grant"
subject = "alice"
pattern = "acme/**"
actions = ["pull", "push"]

[[rule]]
effect = "deny"
subject = "alice"
pattern = "acme/secret"
actions = ["pull", "push", "delete"]

[[rule]]
effect = "grant"
subject = "group:ci"
pattern = "acme/*"
actions = ["pull"]

[[rule]]
effect = "grant"
subject = "group:ci"
pattern = "ci/**"
actions = ["pull", "push", "delete"]

[[rule]]
effect = "deny"
subject = "group:ci"
pattern = "ci/prod/**"
actions = ["delete"]

[[rule]]
effect = "grant"
subject = "authenticated"
pattern = "{user}/**"
actions = ["pull", "push", "delete"]

[[rule]]
effect = "grant"
subject = "anonymous"
pattern = "public/**"
actions = ["pull"]

[[rule]]
effect = "deny"
subject = "anonymous"
pattern = "public/internal"
actions = ["pull"]

[[rule]]
effect = "grant"
subject = "bob"
pattern = "acme/team/app"
actions = ["push"]

[[rule]]
effect = "grant"
subject = "carol"
pattern = "**"
actions = ["pull"]

[[rule]]
effect = "deny"
subject = "carol"
pattern = "private"
actions = ["pull"]
"#;

const USERS: &str = r#"
[users.alice]
password = "x"
created = "2026-01-01T00:00:00Z"

[users.bob]
password = "x"
created = "2026-01-01T00:00:00Z"

[users.carol]
password = "x"
created = "2026-01-01T00:00:00Z"

[groups.ci]
members = ["bob"]
"#;

use Action::{Delete as D, Pull as P, Push as U};

/// (caller, repo, action, allowed, deciding rule or "" for none)
const CASES: &[(Option<&str>, &str, Action, bool, &str)] = &[
    // Direct grant, nested repositories under `acme/**`.
    (
        Some("alice"),
        "acme/app",
        P,
        true,
        "grant alice acme/** pull,push",
    ),
    (
        Some("alice"),
        "acme/team/app",
        U,
        true,
        "grant alice acme/** pull,push",
    ),
    (Some("alice"), "acme", P, false, ""), // `acme/**` is what is *under* acme
    (Some("alice"), "acme/app", D, false, ""),
    // Deny beats grant, whatever the order of the rules.
    (
        Some("alice"),
        "acme/secret",
        P,
        false,
        "deny alice acme/secret pull,push,delete",
    ),
    (
        Some("alice"),
        "acme/secret/sub",
        P,
        true,
        "grant alice acme/** pull,push",
    ),
    // Groups: `acme/*` is one level only.
    (
        Some("bob"),
        "acme/app",
        P,
        true,
        "grant group:ci acme/* pull",
    ),
    (Some("bob"), "acme/team/app", P, false, ""),
    (
        Some("bob"),
        "acme/team/app",
        U,
        true,
        "grant bob acme/team/app push",
    ),
    (Some("bob"), "acme/app", U, false, ""),
    (
        Some("bob"),
        "ci/build/x",
        D,
        true,
        "grant group:ci ci/** pull,push,delete",
    ),
    (
        Some("bob"),
        "ci/prod/app",
        D,
        false,
        "deny group:ci ci/prod/** delete",
    ),
    (
        Some("bob"),
        "ci/prod/app",
        U,
        true,
        "grant group:ci ci/** pull,push,delete",
    ),
    (Some("alice"), "ci/build/x", P, false, ""), // not a member
    // `{user}` namespaces for every signed-in user, never for anonymous.
    (
        Some("alice"),
        "alice/tools",
        U,
        true,
        "grant authenticated {user}/** pull,push,delete",
    ),
    (
        Some("alice"),
        "alice/a/b/c",
        D,
        true,
        "grant authenticated {user}/** pull,push,delete",
    ),
    (Some("alice"), "bob/tools", P, false, ""),
    (
        Some("bob"),
        "bob/tools",
        P,
        true,
        "grant authenticated {user}/** pull,push,delete",
    ),
    (Some("alice"), "alice", P, false, ""),
    (None, "alice/tools", P, false, ""),
    // Anonymous rules apply to everyone; their denies too.
    (
        None,
        "public/tools",
        P,
        true,
        "grant anonymous public/** pull",
    ),
    (
        None,
        "public/a/b",
        P,
        true,
        "grant anonymous public/** pull",
    ),
    (None, "public/tools", U, false, ""),
    (
        Some("bob"),
        "public/tools",
        P,
        true,
        "grant anonymous public/** pull",
    ),
    (
        None,
        "public/internal",
        P,
        false,
        "deny anonymous public/internal pull",
    ),
    (
        Some("carol"),
        "public/internal",
        P,
        false,
        "deny anonymous public/internal pull",
    ),
    (None, "acme/app", P, false, ""),
    // `**` is everything; an exact deny carves one repository out.
    (Some("carol"), "x", P, true, "grant carol ** pull"),
    (Some("carol"), "x/y/z", P, true, "grant carol ** pull"),
    (
        Some("carol"),
        "private",
        P,
        false,
        "deny carol private pull",
    ),
    (Some("carol"), "private/sub", P, true, "grant carol ** pull"),
    (Some("carol"), "x", U, false, ""),
    // A user that does not exist is no one in particular.
    (Some("mallory"), "acme/app", P, false, ""),
    (
        Some("mallory"),
        "mallory/x",
        P,
        true,
        "grant authenticated {user}/** pull,push,delete",
    ),
];

#[test]
fn evaluation_table() {
    let acl = AclFile::parse(Some(ACL.as_bytes())).expect("acl parses");
    let users = UsersFile::parse(Some(USERS.as_bytes())).expect("users parse");
    let policy = Policy::new(acl.rules, &users.memberships());
    let mut failures = Vec::new();
    for &(caller, repo, action, allowed, rule) in CASES {
        let v = policy.decide(caller, repo, action);
        let got_rule = v.rule.map(|r| r.to_string()).unwrap_or_default();
        if v.allowed != allowed || got_rule != rule {
            failures.push(format!(
                "{} {action} {repo}: got allowed={} by {got_rule:?}, want allowed={allowed} by {rule:?}",
                caller.unwrap_or("anonymous"),
                v.allowed
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn explanation_names_the_rule() {
    let acl = AclFile::parse(Some(ACL.as_bytes())).expect("acl parses");
    let policy = Policy::new(acl.rules, &Default::default());
    assert_eq!(
        policy.decide(Some("alice"), "acme/secret", P).explain(),
        "denied by: deny alice acme/secret pull,push,delete"
    );
    assert_eq!(
        policy.decide(None, "nothing", P).explain(),
        "denied: no rule matched"
    );
}

#[test]
fn damaged_rules_are_refused() {
    for bad in [
        "[[rule]]\neffect = \"maybe\"\nsubject = \"a\"\npattern = \"x\"\nactions = [\"pull\"]\n",
        "[[rule]]\neffect = \"grant\"\nsubject = \"a\"\npattern = \"x*\"\nactions = [\"pull\"]\n",
        "[[rule]]\neffect = \"grant\"\nsubject = \"a\"\npattern = \"x\"\nactions = [\"fly\"]\n",
        "[[rule]]\neffect = \"grant\"\nsubject = \"Bad Name\"\npattern = \"x\"\nactions = [\"pull\"]\n",
        "not toml at all [",
    ] {
        assert!(AclFile::parse(Some(bad.as_bytes())).is_err(), "{bad}");
    }
}
