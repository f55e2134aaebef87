//! The `user`, `group` and `acl` commands against a real store: idempotency, exit
//! codes, file modes, the audit log, help texts, and 50 concurrent `acl grant`
//! processes all landing.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Stdio};

use common::{add_user, auth_path, cli, cli_ok, AuthFile};

fn code(out: &std::process::Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn grant_is_idempotent_and_revoke_of_nothing_fails_with_its_own_code() {
    let dir = common::new_store();
    let root = dir.path();
    let first = cli_ok(root, &["acl", "grant", "alice", "acme/**", "pull,push"]);
    assert!(
        first.contains("granted alice pull,push on acme/**"),
        "{first}"
    );
    let before = std::fs::read(auth_path(root, AuthFile::Acl)).expect("acl file");
    let again = cli_ok(root, &["acl", "grant", "alice", "acme/**", "pull"]);
    assert!(again.contains("unchanged"), "{again}");
    assert_eq!(
        before,
        std::fs::read(auth_path(root, AuthFile::Acl)).expect("acl file")
    );

    let out = cli(root, &["acl", "revoke", "alice", "acme/**", "delete"], "");
    assert_eq!(code(&out), 3, "revoking what is not granted: {out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("no grant"));
    let out = cli(
        root,
        &["acl", "revoke", "--deny", "alice", "acme/**", "pull"],
        "",
    );
    assert_eq!(code(&out), 3, "a grant is not a deny");

    cli_ok(root, &["acl", "revoke", "alice", "acme/**", "push"]);
    let ls = cli_ok(root, &["acl", "ls", "--json"]);
    let rules: serde_json::Value = serde_json::from_str(&ls).expect("json");
    assert_eq!(rules[0]["actions"], serde_json::json!(["pull"]));
    cli_ok(root, &["acl", "revoke", "alice", "acme/**", "pull"]);
    assert_eq!(cli_ok(root, &["acl", "ls", "--json"]).trim(), "[]");
}

#[test]
fn bad_arguments_are_usage_errors() {
    let dir = common::new_store();
    for args in [
        &["acl", "grant", "alice", "acme/app*", "pull"][..],
        &["acl", "grant", "Alice", "acme/app", "pull"],
        &["acl", "grant", "alice", "acme/app", "fly"],
        &["acl", "check", "alice", "acme/App", "pull"],
        &["acl", "check", "group:ci", "acme/app", "pull"],
    ] {
        let out = cli(dir.path(), args, "");
        assert_eq!(code(&out), 2, "{args:?}: {out:?}");
    }
}

#[test]
fn check_prints_the_deciding_rule_and_exits_0_or_1() {
    let dir = common::new_store();
    let root = dir.path();
    add_user(root, "alice", "pw-alice");
    cli_ok(root, &["acl", "grant", "alice", "acme/**", "*"]);
    cli_ok(root, &["acl", "deny", "alice", "acme/secret", "push"]);
    let out = cli(root, &["acl", "check", "alice", "acme/app", "push"], "");
    assert_eq!(code(&out), 0);
    assert_eq!(
        stdout(&out).trim(),
        "allowed by: grant alice acme/** pull,push,delete"
    );
    let out = cli(root, &["acl", "check", "alice", "acme/secret", "push"], "");
    assert_eq!(code(&out), 1);
    assert_eq!(
        stdout(&out).trim(),
        "denied by: deny alice acme/secret push"
    );
    let out = cli(root, &["acl", "check", "anonymous", "acme/app", "pull"], "");
    assert_eq!(code(&out), 1);
    assert_eq!(stdout(&out).trim(), "denied: no rule matched");
    let out = cli(
        root,
        &["acl", "check", "--json", "alice", "acme/x", "pull"],
        "",
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["allowed"], true);
    assert_eq!(v["rule"]["pattern"], "acme/**");
}

#[test]
fn users_and_groups() {
    let dir = common::new_store();
    let root = dir.path();
    add_user(root, "alice", "s3cret");
    let out = cli(
        root,
        &["user", "add", "alice", "--password-stdin"],
        "other\n",
    );
    assert_eq!(code(&out), 4, "adding an existing user");
    let out = cli(root, &["user", "add", "bob"], "");
    assert_eq!(
        code(&out),
        2,
        "no terminal and no --password-stdin: bad usage"
    );
    let out = cli(root, &["user", "add", "bob", "--password-stdin"], "\n");
    assert_eq!(code(&out), 2, "empty password");
    let out = cli(
        root,
        &["user", "passwd", "nobody", "--password-stdin"],
        "x\n",
    );
    assert_eq!(code(&out), 3);
    let out = cli(
        root,
        &["user", "passwd", "alice", "--password-stdin"],
        "new\n",
    );
    assert_eq!(code(&out), 0);
    cli_ok(root, &["acl", "grant", "alice", "x", "pull"]);
    cli_ok(root, &["acl", "revoke", "alice", "x", "pull"]);

    // Secrets are owner-readable only, and no password appears anywhere in clear.
    for f in [AuthFile::Users, AuthFile::Acl] {
        let mode = std::fs::metadata(auth_path(root, f))
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "{f:?} has mode {mode:o}");
    }
    let users = std::fs::read_to_string(auth_path(root, AuthFile::Users)).expect("users");
    assert!(users.contains("$argon2id$"), "{users}");
    assert!(!users.contains("s3cret") && !users.contains("new\""));

    assert!(cli_ok(root, &["group", "add", "ci"]).contains("added group ci"));
    assert!(cli_ok(root, &["group", "add", "ci"]).contains("unchanged"));
    let out = cli(root, &["group", "add-member", "ci", "nobody"], "");
    assert_eq!(code(&out), 3, "unknown user");
    let out = cli(root, &["group", "add-member", "nogroup", "alice"], "");
    assert_eq!(code(&out), 3, "unknown group");
    cli_ok(root, &["group", "add-member", "ci", "alice"]);
    assert!(cli_ok(root, &["group", "add-member", "ci", "alice"]).contains("unchanged"));
    let groups: serde_json::Value =
        serde_json::from_str(&cli_ok(root, &["group", "ls", "--json"])).expect("json");
    assert_eq!(groups[0]["members"], serde_json::json!(["alice"]));
    let users: serde_json::Value =
        serde_json::from_str(&cli_ok(root, &["user", "ls", "--json"])).expect("json");
    assert_eq!(users[0]["name"], "alice");
    assert_eq!(users[0]["groups"], serde_json::json!(["ci"]));

    cli_ok(root, &["group", "rm-member", "ci", "alice"]);
    let out = cli(root, &["group", "rm-member", "ci", "alice"], "");
    assert_eq!(code(&out), 3, "not a member any more");
    cli_ok(root, &["group", "add-member", "ci", "alice"]);
    assert!(cli_ok(root, &["user", "rm", "alice"]).contains("ci"));
    assert_eq!(code(&cli(root, &["user", "rm", "alice"], "")), 3);
    cli_ok(root, &["group", "rm", "ci"]);
    assert_eq!(code(&cli(root, &["group", "rm", "ci"], "")), 3);

    // Every change is in the audit log, one line each, with time and OS user.
    let log = cli_ok(root, &["acl", "log"]);
    let lines: Vec<&str> = log.lines().collect();
    let whats: Vec<&str> = lines.iter().filter_map(|l| l.split('\t').nth(2)).collect();
    assert_eq!(
        whats,
        [
            "user add alice",
            "user passwd alice",
            "acl grant alice x pull",
            "acl revoke grant alice x pull",
            "group add ci",
            "group add-member ci alice",
            "group rm-member ci alice",
            "group add-member ci alice",
            "user rm alice (also removed from groups ci)",
            "group rm ci",
        ]
    );
    for l in &lines {
        let fields: Vec<&str> = l.split('\t').collect();
        assert_eq!(fields.len(), 3, "{l}");
        assert!(humantime::parse_rfc3339(fields[0]).is_ok(), "{l}");
        assert!(!fields[1].is_empty());
    }
    assert_eq!(
        cli_ok(root, &["acl", "log", "--tail", "1"]).trim_end(),
        lines[lines.len() - 1]
    );
}

#[test]
fn every_subcommand_help_has_examples_and_exit_codes() {
    let dir = common::new_store();
    for sub in [
        &["user", "add"][..],
        &["user", "passwd"],
        &["user", "rm"],
        &["user", "ls"],
        &["group", "add"],
        &["group", "rm"],
        &["group", "ls"],
        &["group", "add-member"],
        &["group", "rm-member"],
        &["acl", "grant"],
        &["acl", "deny"],
        &["acl", "revoke"],
        &["acl", "ls"],
        &["acl", "check"],
        &["acl", "log"],
    ] {
        let mut args = sub.to_vec();
        args.push("--help");
        let help = cli_ok(dir.path(), &args);
        assert!(help.contains("Examples:"), "{sub:?}: {help}");
        assert!(help.contains("Exit codes"), "{sub:?}: {help}");
    }
}

#[test]
fn fifty_concurrent_grants_all_land() {
    let dir = common::new_store();
    let root = dir.path();
    let children: Vec<_> = (0..50)
        .map(|i| {
            Command::new(common::bin())
                .arg("--root")
                .arg(root)
                .args([
                    "-q",
                    "acl",
                    "grant",
                    &format!("user{i}"),
                    &format!("team{i}/**"),
                    "pull,push",
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().expect("wait");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let ls = cli_ok(root, &["acl", "ls", "--json"]);
    let rules: Vec<serde_json::Value> = serde_json::from_str(&ls).expect("acl ls --json parses");
    assert_eq!(rules.len(), 50);
    let mut subjects: Vec<String> = rules
        .iter()
        .map(|r| r["subject"].as_str().expect("subject").to_string())
        .collect();
    subjects.sort();
    subjects.dedup();
    assert_eq!(subjects.len(), 50, "every grant present exactly once");
    let log = cli_ok(root, &["acl", "log"]);
    assert_eq!(log.lines().count(), 50, "one audit line per grant");
    // Nothing left behind in the staging area.
    let tmp = std::fs::read_dir(root.join("tmp")).expect("tmp").count();
    assert_eq!(tmp, 0);
}

#[test]
fn auth_settings_come_from_flags_env_or_the_config_file() {
    let dir = common::new_store();
    let conf = dir.path().join("config.toml");
    std::fs::write(
        &conf,
        "[server]\nauth_mode = \"basic\"\ntoken_realm = \"https://r.example/token\"\n",
    )
    .expect("write config");
    let conf_s = conf.to_str().expect("utf-8 path");
    let shown = cli_ok(dir.path(), &["--config", conf_s, "config", "show"]);
    assert!(shown.contains("auth_mode = \"basic\""), "{shown}");
    assert!(
        shown.contains("token_realm = \"https://r.example/token\""),
        "{shown}"
    );
    std::fs::write(&conf, "[server]\nauth_mode = \"digest\"\n").expect("write config");
    let out = cli(dir.path(), &["config", "check", conf_s], "");
    assert_eq!(code(&out), 1);
    assert!(String::from_utf8_lossy(&out.stderr).contains("auth_mode"));
}

#[test]
fn token_rotate_replaces_the_key_and_records_it() {
    let dir = common::new_store();
    let root = dir.path();
    add_user(root, "alice", "pw");
    let key = auth_path(root, AuthFile::TokenKey);
    let first = cli_ok(root, &["token", "rotate"]);
    assert!(first.starts_with("made a token signing key: "), "{first}");
    let k1 = std::fs::read(&key).expect("key file");
    let mode = std::fs::metadata(&key).expect("key").permissions().mode();
    assert_eq!(mode & 0o077, 0, "token.key mode {mode:o}");
    let second = cli_ok(root, &["token", "rotate"]);
    let kid1 = first
        .trim()
        .rsplit(": ")
        .next()
        .expect("kid")
        .replace(" in use", "");
    assert!(
        second.contains(&format!("{kid1} retired")),
        "{first} / {second}"
    );
    assert_ne!(std::fs::read(&key).expect("key file"), k1);
    let log = cli_ok(root, &["acl", "log"]);
    assert_eq!(log.matches("token rotate").count(), 2, "{log}");
    assert!(log.contains(&format!("key {kid1} retired")), "{log}");

    // Not a store: refused, nothing created.
    let missing = root.join("nothing-here");
    let out = cli(&missing, &["token", "rotate"], "");
    assert_eq!(code(&out), 6, "no store: {out:?}");
    assert!(!missing.exists());
}
