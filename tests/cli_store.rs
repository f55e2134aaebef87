//! What the store commands tell the operator, through the real binary: scan
//! severities (warnings do not fail, `--fail-on warning`) naming the images a problem
//! touches; `quarantine ls|purge`; `blob ls` kinds and the unreferenced/unreachable
//! filters; gc's items and why nothing was removable; the image commands (`manifest
//! rm REPO:TAG` with confirmation, `manifest ls --untagged`, `manifest get`, `tag rm`
//! of several tags and globs, `tag add`); access-control warnings of `user add`,
//! `user rm` and `serve`; `serve --listen :PORT` and `HOST:PORT`.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::{bin_command, digest, push_blob, push_image, store_path, TestServer};
use registryctl::storage::paths;
use serde_json::Value;

fn run(root: &Path, args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut cmd = bin_command();
    cmd.env_remove("COLUMNS");
    cmd.arg("--root").arg(root).args(args);
    let out = common::output_within(cmd, stdin, 60);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

async fn run_async(root: &Path, args: &[&str]) -> (i32, String, String) {
    let root = root.to_path_buf();
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    tokio::task::spawn_blocking(move || {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        run(&root, &a, "")
    })
    .await
    .unwrap()
}

async fn json(root: &Path, args: &[&str]) -> Value {
    let (code, out, err) = run_async(root, args).await;
    assert!(code == 0 || code == 1, "{args:?}: {code} {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}: {out}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scan_warnings_do_not_fail_and_errors_name_the_images() {
    let s = TestServer::start().await;
    let root = s.root().to_path_buf();
    push_image(&s, "acme/app", "v1", b"cfg", &[b"layer one"]).await;
    push_image(&s, "acme/app", "v2", b"cfg2", &[b"layer one"]).await;
    push_image(&s, "team/db", "latest", b"cfg3", &[b"layer one"]).await;
    // Unlinked bytes (a routine delete, until gc runs) and a stray file: warnings.
    push_image(&s, "old/app", "v1", b"old cfg", &[b"old layer"]).await;
    let (code, _, err) = run_async(&root, &["repo", "rm", "old/app", "--yes"]).await;
    assert_eq!(code, 0, "{err}");
    std::fs::write(root.join("notes.txt"), "hello").unwrap();
    let (code, out, err) = run_async(&root, &["scan"]).await;
    assert_eq!(code, 0, "warnings alone pass: {out}{err}");
    assert!(out.contains("SEVERITY"), "{out}");
    let row = |out: &str, sev: &str, kind: &str| {
        out.lines()
            .any(|l| l.starts_with(sev) && l.split_whitespace().nth(1) == Some(kind))
    };
    assert!(row(&out, "warning", "unlinked_blob"), "{out}");
    assert!(row(&out, "warning", "stray"), "{out}");
    assert!(out.contains("0 errors"), "{out}");
    let (code, _, _) = run_async(&root, &["scan", "--fail-on", "warning"]).await;
    assert_eq!(code, 1, "--fail-on warning fails on them");
    let v = json(&root, &["scan", "--json"]).await;
    assert_eq!(v["errors"], 0);
    assert!(v["warnings"].as_u64().unwrap() >= 3, "{v:#}");

    // A corrupt layer: an error, naming every image that uses it.
    let layer = digest(b"layer one");
    std::fs::write(store_path(&root, &paths::blob_data(&layer)), b"layer 1!!").unwrap();
    let (code, out, _) = run_async(&root, &["scan", "--verify"]).await;
    assert_eq!(code, 1, "{out}");
    assert!(row(&out, "error", "corrupt_blob"), "{out}");
    assert!(out.contains("acme/app:v1 +2"), "the images using it: {out}");
    let v = json(&root, &["scan", "--verify", "--json"]).await;
    let p = v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["kind"] == "corrupt_blob")
        .expect("corrupt blob reported");
    assert_eq!(p["severity"], "error");
    let images: Vec<&str> = p["images"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i.as_str().unwrap())
        .collect();
    assert_eq!(images, ["acme/app:v1", "acme/app:v2", "team/db:latest"]);

    // --fix quarantines it; quarantine ls lists it; purge -n keeps it; a young file
    // survives --older-than; purge deletes it.
    let (code, _, err) = run_async(&root, &["scan", "--verify", "--fix"]).await;
    assert_eq!(code, 1, "{err}");
    let q = json(&root, &["quarantine", "ls", "--json"]).await;
    assert_eq!(q.as_array().unwrap().len(), 1, "{q}");
    assert_eq!(q[0]["digest"], layer.to_string());
    let (code, out, _) = run_async(&root, &["quarantine", "ls"]).await;
    assert_eq!(code, 0);
    assert!(
        out.contains(&layer.to_string()[..19]) && out.contains("1 quarantined files"),
        "{out}"
    );
    let (code, out, _) = run_async(&root, &["quarantine", "purge", "-n"]).await;
    assert_eq!(code, 0);
    assert!(out.contains("would delete 1"), "{out}");
    let (_, out, _) = run_async(&root, &["quarantine", "purge", "--older-than", "1d"]).await;
    assert!(out.contains("deleted 0") && out.contains("kept 1"), "{out}");
    assert_eq!(
        json(&root, &["quarantine", "ls", "--json"])
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let (_, out, _) = run_async(&root, &["quarantine", "purge"]).await;
    assert!(out.contains("deleted 1"), "{out}");
    assert!(json(&root, &["quarantine", "ls", "--json"])
        .await
        .as_array()
        .unwrap()
        .is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn blob_kinds_and_unreferenced_apart_from_unreachable() {
    let s = TestServer::start().await;
    let root = s.root().to_path_buf();
    let m = push_image(&s, "acme/app", "v1", b"the config", &[b"the layer"]).await;
    let orphan = push_blob(&s, "acme/app", b"pushed, never in a manifest").await;
    let rows = json(&root, &["blob", "ls", "--json"]).await;
    let kind = |d: &str| {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["digest"] == d)
            .unwrap()["kind"]
            .clone()
    };
    assert_eq!(kind(&m.to_string()), "manifest");
    assert_eq!(kind(&digest(b"the config").to_string()), "config");
    assert_eq!(kind(&digest(b"the layer").to_string()), "layer");
    let (_, out, _) = run_async(&root, &["blob", "ls"]).await;
    assert!(out.lines().next().unwrap().contains("KIND"), "{out}");

    let digests = |v: &Value| -> Vec<String> {
        let mut d: Vec<String> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["digest"].as_str().unwrap().to_string())
            .collect();
        d.sort();
        d
    };
    // Tagged: only the orphan is unreferenced, and unreachable.
    assert_eq!(
        digests(&json(&root, &["blob", "ls", "--json", "--unreferenced"]).await),
        [orphan.to_string()]
    );
    assert_eq!(
        digests(&json(&root, &["blob", "ls", "--json", "--unreachable"]).await),
        [orphan.to_string()]
    );
    // Untagged: the image is unreachable (--untagged is the same filter) but still
    // referenced: plain gc keeps it.
    let (code, _, err) = run_async(&root, &["tag", "rm", "acme/app:v1"]).await;
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        digests(&json(&root, &["blob", "ls", "--json", "--unreferenced"]).await),
        [orphan.to_string()]
    );
    let mut all = vec![
        m.to_string(),
        digest(b"the config").to_string(),
        digest(b"the layer").to_string(),
        orphan.to_string(),
    ];
    all.sort();
    assert_eq!(
        digests(&json(&root, &["blob", "ls", "--json", "--untagged"]).await),
        all
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gc_says_what_it_removed_and_why_nothing_was_removable() {
    let s = TestServer::start().await;
    let root = s.root().to_path_buf();
    let m = push_image(&s, "acme/app", "v1", b"cfg", &[b"layer"]).await;
    let (code, _, err) = run_async(&root, &["tag", "rm", "acme/app:v1"]).await;
    assert_eq!(code, 0, "{err}");
    // Untagged, but plain gc keeps untagged manifests: the report says so.
    let (code, out, err) = run_async(&root, &["gc", "--grace-period", "0s"]).await;
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Nothing was removable"), "{out}");
    assert!(
        out.contains("1 untagged manifests are kept") && out.contains("--delete-untagged"),
        "{out}"
    );
    // Young garbage: the grace period holds it back, with its size and when it goes.
    let (code, out, _) = run_async(&root, &["gc", "--delete-untagged"]).await;
    assert_eq!(code, 0);
    assert!(
        out.contains("the grace period (1h00m) holds back 1 manifests"),
        "{out}"
    );
    assert!(out.contains("removable from"), "{out}");
    let v = json(&root, &["gc", "--delete-untagged", "--json"]).await;
    assert!(v["held_back"]["first_removable_at"].is_string(), "{v:#}");
    assert!(
        v["kept_because"][0]
            .as_str()
            .unwrap()
            .contains("grace period"),
        "{v:#}"
    );
    // A real run's --json lists what it removed.
    let v = json(
        &root,
        &["gc", "--delete-untagged", "--grace-period", "0s", "--json"],
    )
    .await;
    assert_eq!(v["dry_run"], false);
    let items = v["items"].as_array().expect("items on a real run");
    for (kind, d) in [
        ("manifest", m.to_string()),
        ("blob", digest(b"layer").to_string()),
    ] {
        assert!(
            items
                .iter()
                .any(|i| i["action"] == "remove" && i["kind"] == kind && i["digest"] == d),
            "{kind} {d} not listed: {v:#}"
        );
    }
    let v = json(&root, &["gc", "--grace-period", "0s", "--json"]).await;
    assert_eq!(v["blobs_deleted"], 0);
    assert!(v["items"].as_array().unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn image_commands_an_operator_expects() {
    let s = TestServer::start().await;
    let root = s.root().to_path_buf();
    let m1 = push_image(&s, "acme/app", "v1", b"c1", &[b"l1"]).await;
    push_image(&s, "acme/app", "pr-1", b"c2", &[b"l2"]).await;
    push_image(&s, "acme/app", "pr-2", b"c3", &[b"l3"]).await;
    push_image(&s, "acme/app", "pr-3", b"c4", &[b"l4"]).await;
    let untagged = push_image(&s, "acme/app", "tmp", b"c5", &[b"l5"]).await;

    // manifest get: pretty JSON of what was pushed.
    let (code, out, err) = run_async(&root, &["manifest", "get", "acme/app:v1"]).await;
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\n  \"schemaVersion\": 2"), "pretty: {out}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["config"]["digest"], digest(b"c1").to_string());
    let (_, raw, _) = run_async(
        &root,
        &["manifest", "get", &format!("acme/app@{m1}"), "--raw"],
    )
    .await;
    assert_eq!(digest(raw.as_bytes()), m1);

    // tag add: a server-side retag.
    let (code, out, err) = run_async(&root, &["tag", "add", "acme/app:v1", "stable"]).await;
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("tagged acme/app:stable"), "{out}");
    let r = common::get(&s, "/v2/acme/app/manifests/stable").await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["docker-content-digest"], m1.to_string());

    // tag rm: several tags and a glob; a glob matching nothing removes nothing.
    let (code, _, err) =
        run_async(&root, &["tag", "rm", "acme/app:tmp", "acme/app:nomatch-*"]).await;
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("nothing was removed"), "{err}");
    let (code, out, err) = run_async(&root, &["tag", "rm", "acme/app:pr-*", "acme/app:tmp"]).await;
    assert_eq!(code, 0, "{err}");
    for t in ["pr-1", "pr-2", "pr-3", "tmp"] {
        assert!(out.contains(&format!("untagged acme/app:{t}")), "{out}");
    }
    let tags = json(&root, &["tag", "ls", "acme/app", "--json"]).await;
    let names: Vec<&str> = tags
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["tag"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["stable", "v1"]);

    // manifest ls --untagged.
    let rows = json(
        &root,
        &["manifest", "ls", "acme/app", "--untagged", "--json"],
    )
    .await;
    let ds: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["digest"].as_str().unwrap())
        .collect();
    assert_eq!(ds.len(), 4);
    assert!(ds.contains(&untagged.to_string().as_str()) && !ds.contains(&m1.to_string().as_str()));
    let (_, out, _) = run_async(&root, &["manifest", "ls", "acme/app"]).await;
    assert!(out.contains("image") && out.contains("stable +1"), "{out}");

    // manifest rm REPO:TAG: names the tags going with it; no terminal and no --yes
    // refuses (2); --yes removes.
    let (code, _, err) = run_async(&root, &["manifest", "rm", "acme/app:v1"]).await;
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("acme/app:stable") && err.contains("acme/app:v1") && err.contains("--yes"),
        "{err}"
    );
    assert_eq!(
        common::get(&s, "/v2/acme/app/manifests/v1").await.status(),
        200
    );
    let (code, out, err) = run_async(&root, &["manifest", "rm", "acme/app:v1", "--yes"]).await;
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("with its tags acme/app:stable, acme/app:v1"),
        "{out}"
    );
    assert_eq!(
        common::get(&s, "/v2/acme/app/manifests/stable")
            .await
            .status(),
        404
    );
}

#[test]
fn access_control_warnings() {
    let store = common::new_store();
    let root = store.path();
    let (code, _, err) = run(
        root,
        &["user", "add", "alice", "--password-stdin"],
        "pw-alice-1\n",
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("access control is now ON"), "{err}");
    assert!(err.contains("no rule grants anything"), "{err}");
    let (code, _, err) = run(
        root,
        &["user", "add", "bob", "--password-stdin"],
        "pw-bob-12\n",
    );
    assert_eq!(code, 0);
    assert!(
        !err.contains("access control is now ON"),
        "only the first: {err}"
    );

    // serve says it at WARN while nothing is granted.
    let log = serve_log(root, &[]);
    assert!(
        log.contains("WARN") && log.contains("no rule grants anything"),
        "{log}"
    );
    let (code, _, _) = run(root, &["acl", "grant", "bob", "acme/**", "pull"], "");
    assert_eq!(code, 0);
    let log = serve_log(root, &[]);
    assert!(!log.contains("no rule grants anything"), "{log}");

    // user rm notes the rules still naming the user, as group rm does.
    let (code, _, err) = run(root, &["user", "rm", "bob"], "");
    assert_eq!(code, 0);
    assert!(err.contains("1 rule(s) still name bob"), "{err}");
}

/// Starts `serve` on `root`, waits until it listens (or fails), stops it, returns its
/// log. `extra` replaces the default `--listen 127.0.0.1:<free>`.
fn serve_log(root: &Path, extra: &[&str]) -> String {
    let port = common::free_port();
    let listen = format!("127.0.0.1:{port}");
    let args: Vec<String> = if extra.is_empty() {
        vec!["--listen".into(), listen.clone()]
    } else {
        extra
            .iter()
            .map(|a| a.replace("PORT", &port.to_string()))
            .collect()
    };
    let log_path = root.join("serve-test.log");
    let mut cmd = bin_command();
    cmd.arg("--root")
        .arg(root)
        .arg("serve")
        .args(&args)
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(&log_path).unwrap());
    let mut child = cmd.spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut listening = false;
    while Instant::now() < deadline {
        if std::net::TcpStream::connect(&listen).is_ok() {
            listening = true;
            break;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    let log = std::fs::read_to_string(&log_path).unwrap_or_default();
    assert!(
        listening,
        "serve {args:?} did not listen on {listen}: {log}"
    );
    log
}

#[test]
fn serve_listen_accepts_port_only_and_host_port() {
    let store = common::new_store();
    let root = store.path();
    serve_log(root, &["--listen", ":PORT"]);
    serve_log(root, &["--listen", "localhost:PORT"]);
    serve_log(root, &["--listen", "127.0.0.1:PORT"]);
    let (code, _, err) = run(root, &["serve", "--listen", "nowhere"], "");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("IP:PORT, HOST:PORT or :PORT"), "{err}");
}
