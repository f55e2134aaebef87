//! Output for terminals and pipes: under `COLUMNS=80` no line of any table is wider;
//! tables show short digests and `first +N` lists unless `--no-trunc`; piped output
//! without `COLUMNS` keeps whole lines; `--color` decides colour beside `NO_COLOR`;
//! `-q` silences every command's stdout (but `--json`); `-n` is `--dry-run`.

mod common;

use std::path::Path;

use common::{bin_command, push_blob, push_image, TestServer};

/// `registryctl --root ROOT ARGS` with extra environment: code, stdout, stderr.
fn run_env(root: &Path, args: &[&str], envs: &[(&str, &str)]) -> (i32, String, String) {
    let mut cmd = bin_command();
    cmd.env_remove("COLUMNS").env_remove("NO_COLOR");
    cmd.arg("--root")
        .arg(root)
        .args(args)
        .envs(envs.iter().copied());
    let out = common::output_within(cmd, "", 60);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

async fn run_async(root: &Path, args: &[&str], envs: &[(&str, &str)]) -> (i32, String, String) {
    let root = root.to_path_buf();
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let envs: Vec<(String, String)> = envs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    tokio::task::spawn_blocking(move || {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        let e: Vec<(&str, &str)> = envs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        run_env(&root, &a, &e)
    })
    .await
    .unwrap()
}

/// A store whose names are long: one layer shared by eight repositories with long
/// names, an untagged manifest, an orphan blob.
async fn wide_store() -> TestServer {
    let s = TestServer::start().await;
    for i in 0..8 {
        let repo = format!("a-rather-long-organisation-name/with-a-long-team/service-number-{i}");
        push_image(
            &s,
            &repo,
            &format!("release-2026-12-01-build-{i}"),
            format!("cfg{i}").as_bytes(),
            &[b"shared layer"],
        )
        .await;
    }
    push_blob(
        &s,
        "a-rather-long-organisation-name/with-a-long-team/service-number-0",
        b"orphan",
    )
    .await;
    s
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_table_fits_80_columns_and_no_trunc_shows_everything() {
    let s = wide_store().await;
    let root = s.root().to_path_buf();
    let repo0 = "a-rather-long-organisation-name/with-a-long-team/service-number-0";
    let commands: Vec<Vec<&str>> = vec![
        vec!["blob", "ls"],
        vec!["repo", "ls"],
        vec!["tag", "ls", repo0],
        vec!["manifest", "ls", repo0],
        vec!["scan"],
        vec!["gc", "-n", "--grace-period", "0s"],
        vec!["gc", "-n"],
        vec!["quarantine", "ls"],
        vec!["acl", "ls"],
        vec!["--help"],
        vec!["blob", "ls", "--help"],
    ];
    for args in &commands {
        let (code, out, err) = run_async(&root, args, &[("COLUMNS", "80")]).await;
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(!out.trim().is_empty(), "{args:?} printed nothing");
        for line in out.lines() {
            assert!(
                line.chars().count() <= 80,
                "{args:?}: a line of {} columns under COLUMNS=80:\n{line}\n---\n{out}",
                line.chars().count()
            );
        }
    }

    // Short digests and `first +N` by default; everything with --no-trunc.
    let (_, out, _) = run_async(&root, &["blob", "ls"], &[]).await;
    let layer = common::digest(b"shared layer").to_string();
    let row = out
        .lines()
        .find(|l| l.starts_with(&layer[..19]))
        .expect(&out);
    assert!(!row.contains(&layer), "the whole digest: {row}");
    assert!(row.contains(" +7"), "eight repositories as first +7: {row}");
    assert!(row.contains("layer"), "the kind column: {row}");
    let (_, out, _) = run_async(&root, &["blob", "ls", "--no-trunc"], &[]).await;
    let row = out.lines().find(|l| l.starts_with(&layer)).expect(&out);
    assert_eq!(row.matches("service-number-").count(), 8, "{row}");
    // Piped without COLUMNS: whole lines, nothing wrapped.
    assert!(row.len() > 80);
    let (_, out, _) = run_async(&root, &["tag", "ls", repo0, "--no-trunc"], &[]).await;
    let m = out.lines().find(|l| l.starts_with("release-")).unwrap();
    assert!(
        m.contains("sha256:") && m.split_whitespace().nth(1).unwrap().len() == 71,
        "{m}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quiet_silences_every_command_but_json() {
    let s = TestServer::start().await;
    push_image(&s, "acme/app", "v1", b"cfg", &[b"layer"]).await;
    let root = s.root().to_path_buf();
    let (code, _, err) = run_async(
        &root,
        &["acl", "grant", "anonymous", "acme/**", "pull"],
        &[],
    )
    .await;
    assert_eq!(code, 0, "{err}");
    let commands: &[&[&str]] = &[
        &["acl", "check", "anonymous", "acme/app", "pull"],
        &["acl", "check", "anonymous", "acme/app", "push"],
        &["acl", "ls"],
        &["acl", "log"],
        &["user", "ls"],
        &["group", "ls"],
        &["group", "add", "ci"],
        &["blob", "ls"],
        &["repo", "ls"],
        &["tag", "ls", "acme/app"],
        &["tag", "add", "acme/app:v1", "v2"],
        &["tag", "rm", "acme/app:v2"],
        &["manifest", "ls", "acme/app"],
        &["scan"],
        &["gc", "-n"],
        &["gc"],
        &["retention", "ls"],
        &["immutable", "ls"],
        &["prune", "-n"],
        &["quarantine", "ls"],
        &["quarantine", "purge", "-n"],
        &["config", "show"],
        &["migrate"],
        &["init"],
    ];
    for args in commands {
        let mut a = vec!["-q"];
        a.extend_from_slice(args);
        let (code, out, err) = run_async(&root, &a, &[]).await;
        assert!(code == 0 || code == 1, "{a:?}: {code} {err}");
        assert!(out.is_empty(), "{a:?} printed with -q:\n{out}");
        assert!(err.is_empty(), "{a:?} printed notes with -q:\n{err}");
    }
    // The denied check still answers with its code.
    let (code, _, _) = run_async(
        &root,
        &["-q", "acl", "check", "anonymous", "acme/app", "push"],
        &[],
    )
    .await;
    assert_eq!(code, 1);
    // JSON is data asked for: -q leaves it.
    let (code, out, _) = run_async(&root, &["-q", "tag", "ls", "acme/app", "--json"], &[]).await;
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["tag"], "v1");
    // Errors still print.
    let (code, _, err) = run_async(&root, &["-q", "tag", "rm", "acme/app:nope"], &[]).await;
    assert_eq!(code, 3);
    assert!(err.contains("no tag nope"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn color_flag_beside_no_color_and_n_for_dry_run() {
    let s = TestServer::start().await;
    push_blob(&s, "acme/app", b"orphan bytes").await;
    let root = s.root().to_path_buf();
    let esc = "\x1b[";
    let fail = ["tag", "rm", "acme/app:nope"];
    let with = |flags: &[&'static str]| {
        let mut a = flags.to_vec();
        a.extend_from_slice(&fail);
        a
    };
    // A pipe (auto): no colour; always: colour, even with NO_COLOR; never: none.
    let (_, _, err) = run_async(&root, &with(&[]), &[]).await;
    assert!(!err.contains(esc), "{err:?}");
    let (_, _, err) = run_async(&root, &with(&["--color", "always"]), &[]).await;
    assert!(err.contains(esc), "{err:?}");
    let (_, _, err) = run_async(&root, &with(&["--color", "always"]), &[("NO_COLOR", "1")]).await;
    assert!(err.contains(esc), "--color always beats NO_COLOR: {err:?}");
    let (_, _, err) = run_async(&root, &with(&["--color", "never"]), &[]).await;
    assert!(!err.contains(esc), "{err:?}");
    let (code, _, err) = run_async(&root, &with(&["--color", "sometimes"]), &[]).await;
    assert_eq!(code, 2, "{err}");

    // -n is --dry-run: the orphan stays.
    let (code, out, err) =
        run_async(&root, &["gc", "-n", "--grace-period", "0s", "--json"], &[]).await;
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["dry_run"], true);
    assert_eq!(v["blobs_deleted"], 1);
    let (_, out, _) = run_async(&root, &["blob", "ls", "--json"], &[]).await;
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1, "nothing removed by -n");
    let (code, _, err) = run_async(&root, &["scan", "--fix", "-n"], &[]).await;
    assert_eq!(code, 0, "{err}");
}
