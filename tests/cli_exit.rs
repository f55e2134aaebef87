//! One exit-code table for every command: every `--help`, every man page and
//! docs/operations.md print the same table; the same mistake gives the same code in
//! every command (malformed argument 2, no such thing 3, busy 8, immutable 10); with
//! `--json` every outcome is a JSON object on stdout, "another gc is running"
//! included; every duration flag has one parser and one message.

mod common;

use common::{bin_command, new_store, push_image, TestServer};
use registryctl::cli::exit;
use serde_json::Value;
use std::path::Path;

/// `registryctl --root ROOT ARGS` with the test environment: code, stdout, stderr.
fn run(root: &Path, args: &[&str]) -> (i32, String, String) {
    let mut cmd = bin_command();
    cmd.arg("--root").arg(root).args(args);
    let out = common::output_within(cmd, "", 60);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every command path of the tree (`["tag", "rm"]`, ...), leaves and groups.
fn command_paths(cmd: &clap::Command, prefix: &[String], out: &mut Vec<Vec<String>>) {
    for sub in cmd.get_subcommands() {
        if sub.get_name() == "help" {
            continue;
        }
        let mut p = prefix.to_vec();
        p.push(sub.get_name().to_string());
        out.push(p.clone());
        command_paths(sub, &p, out);
    }
}

#[test]
fn every_help_and_man_page_and_the_docs_print_the_one_table() {
    let table = exit::help_text();
    let mut paths = vec![vec![]];
    command_paths(&registryctl::cli::command(), &[], &mut paths);
    assert!(paths.len() > 40, "{} commands", paths.len());
    let dir = tempfile::tempdir().unwrap();
    for p in &paths {
        let mut args: Vec<&str> = p.iter().map(String::as_str).collect();
        args.push("--help");
        let (code, out, err) = run(dir.path(), &args);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(
            out.contains(&table),
            "`registryctl {}` --help lacks the exit-code table:\n{out}",
            p.join(" ")
        );
        // No command keeps a list of its own that could contradict the table.
        assert_eq!(out.matches("Exit codes").count(), 1, "{args:?}");
        // The man page of the command has the table in its EXIT STATUS section.
        let page = if p.is_empty() {
            "registryctl.1".to_string()
        } else {
            format!("registryctl-{}.1", p.join("-"))
        };
        let man = std::fs::read_to_string(Path::new("man").join(&page)).unwrap();
        let status = man.split(".SH \"EXIT STATUS\"").nth(1).unwrap_or_else(|| {
            panic!("{page} has no EXIT STATUS section");
        });
        for (code, _, _) in exit::TABLE {
            assert!(
                status.contains(&format!(".B {code}\n")),
                "{page}: code {code} missing from EXIT STATUS"
            );
        }
    }
    let docs = std::fs::read_to_string("docs/operations.md").unwrap();
    for (code, name, meaning) in exit::TABLE {
        let row = format!("| {code} | {name} | {meaning} |");
        assert!(
            docs.contains(&row),
            "docs/operations.md lacks the row {row}"
        );
    }
}

#[test]
fn a_malformed_argument_is_2_in_every_command() {
    let store = new_store();
    let root = store.path();
    let cases: &[&[&str]] = &[
        &["tag", "ls", "Not/A/Repo"],
        &["tag", "rm", "acme/app"],
        &["tag", "rm", "Bad:v1"],
        &["manifest", "rm", "acme/app@sha256:nothex"],
        &["manifest", "get", "acme/app"],
        &["repo", "rm", "UPPER", "--yes"],
        &["image", "export", "acme/app", "/tmp/never-written"],
        &["retention", "explain", "acme/app"],
        &["immutable", "add", "no-colon"],
        &["acl", "check", "group:ci", "acme/app", "pull"],
        &["blob", "ls", "--min-size", "lots"],
        &["blob", "ls", "--older-than", "abc"],
        &["gc", "--grace-period", "-1h"],
        &["gc", "--frobnicate"],
        &["user", "add", "alice"], // no terminal and no --password-stdin
    ];
    for args in cases {
        let (code, _, err) = run(root, args);
        assert_eq!(code, exit::USAGE as i32, "{args:?}: {err}");
        assert!(!err.is_empty(), "{args:?} says why");
    }
}

#[test]
fn no_such_thing_is_3_in_every_command() {
    let store = new_store();
    let root = store.path();
    let d = "sha256:0000000000000000000000000000000000000000000000000000000000000000";
    let cases: Vec<Vec<String>> = vec![
        vec!["tag".into(), "ls".into(), "acme/app".into()],
        vec!["tag".into(), "rm".into(), "acme/app:v1".into()],
        vec![
            "manifest".into(),
            "rm".into(),
            format!("acme/app@{d}"),
            "--yes".into(),
        ],
        vec!["manifest".into(), "get".into(), "acme/app:v1".into()],
        vec![
            "repo".into(),
            "rm".into(),
            "acme/app".into(),
            "--yes".into(),
        ],
        vec!["retention".into(), "rm".into(), "r9".into()],
        vec!["immutable".into(), "rm".into(), "i9".into()],
        vec!["user".into(), "rm".into(), "nobody".into()],
        vec!["group".into(), "rm".into(), "nobody".into()],
        vec![
            "image".into(),
            "export".into(),
            "acme/app:v1".into(),
            "/tmp/never-written".into(),
        ],
        vec![
            "tag".into(),
            "add".into(),
            "acme/app:v1".into(),
            "v2".into(),
        ],
    ];
    for args in &cases {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, _, err) = run(root, &a);
        assert_eq!(code, exit::NOT_FOUND as i32, "{a:?}: {err}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_failures_are_objects_and_busy_and_policy_have_their_codes() {
    let s = TestServer::start().await;
    let root = s.root().to_path_buf();
    push_image(&s, "acme/app", "v1", b"cfg", &[b"layer"]).await;

    // Another gc holds the lock: 8, and a JSON object saying so.
    let guard = s.store.try_gc_lock().unwrap().expect("gc lock free");
    let r = root.clone();
    let (code, out, err) = tokio::task::spawn_blocking(move || run(&r, &["gc", "--json"]))
        .await
        .unwrap();
    assert_eq!(code, exit::BUSY as i32, "{err}");
    let v: Value = serde_json::from_str(&out).expect("a JSON object on stdout");
    assert_eq!(v["error"]["kind"], "busy");
    assert_eq!(v["error"]["code"], 8);
    assert!(v["error"]["message"]
        .as_str()
        .unwrap()
        .contains("another gc"));
    drop(guard);

    // An immutable tag refuses its removal with the policy code, in both commands.
    let r = root.clone();
    let outs = tokio::task::spawn_blocking(move || {
        let add = run(&r, &["immutable", "add", "acme/**:v*"]);
        let tag = run(&r, &["tag", "rm", "acme/app:v1"]);
        let man = run(&r, &["manifest", "rm", "acme/app:v1", "--yes"]);
        let missing = run(&r, &["tag", "ls", "acme/none", "--json"]);
        let usage = run(&r, &["blob", "ls", "--json", "--older-than", "soon"]);
        (add, tag, man, missing, usage)
    })
    .await
    .unwrap();
    assert_eq!(outs.0 .0, 0, "{}", outs.0 .2);
    assert_eq!(outs.1 .0, exit::POLICY as i32, "{}", outs.1 .2);
    assert_eq!(outs.2 .0, exit::POLICY as i32, "{}", outs.2 .2);
    // Not found and usage errors under --json are objects too.
    let v: Value = serde_json::from_str(&outs.3 .1).expect("JSON on stdout");
    assert_eq!(v["error"]["kind"], "not_found", "{v}");
    assert_eq!(outs.3 .0, 3);
    let v: Value = serde_json::from_str(&outs.4 .1).expect("JSON on stdout");
    assert_eq!(v["error"]["kind"], "usage", "{v}");
    assert_eq!(outs.4 .0, 2);
}

#[test]
fn every_duration_flag_has_one_parser_and_one_message() {
    let store = new_store();
    let root = store.path();
    let flags: &[&[&str]] = &[
        &["gc", "--grace-period"],
        &["gc", "--upload-ttl"],
        &["scan", "--upload-ttl"],
        &["blob", "ls", "--older-than"],
        &["quarantine", "purge", "--older-than"],
        &[
            "retention",
            "add",
            "acme/**",
            "--keep-last",
            "1",
            "--keep-pushed-within",
        ],
        &["serve", "--shutdown-timeout"],
        &["serve", "--header-timeout"],
        &["serve", "--idle-timeout"],
    ];
    for f in flags {
        for (value, says) in [("abc", "is not a duration"), ("-1h", "is negative")] {
            let mut args = f.to_vec();
            args.push(value);
            let (code, _, err) = run(root, &args);
            assert_eq!(code, 2, "{args:?}: {err}");
            assert!(
                err.contains(&format!("`{value}` {says}: give")),
                "{args:?}: {err}"
            );
            assert!(!err.contains("unexpected argument"), "{args:?}: {err}");
        }
    }
    // A valid one is taken.
    let (code, _, err) = run(root, &["gc", "-n", "--grace-period", "0s", "-q"]);
    assert_eq!(code, 0, "{err}");
}
