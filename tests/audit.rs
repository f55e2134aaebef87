//! The deletion audit log end to end: one entry for every deletion path (API `DELETE`s
//! by a user and anonymously, `tag rm`, `manifest rm`, `repo rm`, `prune`, gc with its
//! run id, `scan --fix`, `quarantine purge`) with the right who, what and why;
//! `audit log` filters; `prune --gc` (plan, then run: kept images pull, removed bytes
//! are gone); and the API and `audit log` on S3 (a real SeaweedFS).

mod common;

use std::collections::HashSet;

use common::*;
use serde_json::Value;

/// Every entry of the log, through `audit log --json` (one object per line).
fn entries(root: &std::path::Path) -> Vec<Value> {
    lines(&cli_ok(root, &["audit", "log", "--json"]))
}

fn lines(out: &str) -> Vec<Value> {
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// The entries whose fields include every `(field, value)` of `want`.
fn having<'a>(all: &'a [Value], want: &[(&str, &str)]) -> Vec<&'a Value> {
    all.iter()
        .filter(|e| want.iter().all(|(k, v)| e[*k].as_str() == Some(*v)))
        .collect()
}

#[track_caller]
fn one<'a>(all: &'a [Value], want: &[(&str, &str)]) -> &'a Value {
    let found = having(all, want);
    assert_eq!(
        found.len(),
        1,
        "exactly one entry with {want:?} in {all:#?}"
    );
    found[0]
}

fn os_user() -> String {
    let out = std::process::Command::new("id")
        .arg("-un")
        .output()
        .expect("id -un");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[track_caller]
fn assert_process_fields(e: &Value, command: &str) {
    assert_eq!(e["command"], command, "{e}");
    let replica = e["replica"].as_str().expect("replica");
    let (host, pid) = replica.rsplit_once(':').expect("host:pid");
    assert!(!host.is_empty() && pid.parse::<u32>().is_ok(), "{e}");
    let t = e["time"].as_str().expect("time");
    assert!(
        t.ends_with('Z') && humantime::parse_rfc3339(t).is_ok(),
        "{e}"
    );
}

async fn as_alice(s: &TestServer, path: &str) -> u16 {
    http()
        .delete(s.at(path))
        .basic_auth("alice", Some("alice-pw"))
        .send()
        .await
        .expect("delete")
        .status()
        .as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_deletion_path_is_audited() {
    let s = TestServer::start().await;
    let root = s.root().to_path_buf();
    // Pushed while the registry is open (before the first user).
    let v1 = push_image(&s, "acme/app", "v1", b"{\"a\":1}", &[b"layer v1"]).await;
    let v2 = push_image(&s, "acme/app", "v2", b"{\"a\":2}", &[b"layer v2"]).await;
    let pr = push_image(&s, "acme/app", "pr-1", b"{\"a\":3}", &[b"layer pr"]).await;
    push_image(&s, "acme/old", "v1", b"{\"o\":1}", &[b"layer old"]).await;
    push_image(&s, "pub/app", "v1", b"{\"p\":1}", &[b"layer pub"]).await;
    for t in ["pr-1", "pr-2", "v9"] {
        let layer = format!("ci layer {t}");
        push_image(&s, "ci/app", t, t.as_bytes(), &[layer.as_bytes()]).await;
    }
    let corrupt_layer = b"scan me".as_slice();
    push_image(&s, "scan/app", "v1", b"{\"s\":1}", &[corrupt_layer]).await;
    add_user(&root, "alice", "alice-pw");
    cli_ok(&root, &["acl", "grant", "alice", "acme/**", "*"]);
    cli_ok(&root, &["acl", "grant", "anonymous", "pub/**", "*"]);
    // The running server picks up the users and both rules.
    eventually(10, || async {
        let alice = http()
            .get(s.at("/v2/acme/app/tags/list"))
            .basic_auth("alice", Some("alice-pw"))
            .send()
            .await
            .is_ok_and(|r| r.status() == 200);
        // Access control is on only once anonymous is refused where it has no rule
        // (before the server sees the users, everything is open).
        alice
            && get(&s, "/v2/pub/app/tags/list").await.status() == 200
            && get(&s, "/v2/acme/app/tags/list").await.status() == 401
    })
    .await;
    let me = os_user();

    // API, as alice: a tag, then a manifest by digest (with the tag pointing at it).
    assert_eq!(as_alice(&s, "/v2/acme/app/manifests/v2").await, 202);
    assert_eq!(
        as_alice(&s, &format!("/v2/acme/app/manifests/{pr}")).await,
        202
    );
    // API, anonymously: a blob link.
    let pub_layer = digest(b"layer pub");
    let r = delete(&s, &format!("/v2/pub/app/blobs/{pub_layer}")).await;
    assert_eq!(r.status(), 202);
    // A refused delete records nothing.
    let r = delete(&s, "/v2/acme/app/manifests/v1").await;
    assert_eq!(r.status(), 401);

    let all = entries(&root);
    let e = one(&all, &[("kind", "tag"), ("tag", "v2")]);
    assert_eq!(
        (
            &e["who"],
            &e["why"],
            &e["repository"],
            &e["digest"],
            &e["action"]
        ),
        (
            &Value::from("alice"),
            &Value::from("api"),
            &Value::from("acme/app"),
            &Value::from(v2.to_string()),
            &Value::from("delete")
        )
    );
    assert_process_fields(e, "registryctl serve");
    let e = one(&all, &[("kind", "manifest"), ("digest", &pr.to_string())]);
    assert_eq!((&e["who"], &e["why"]), (&"alice".into(), &"api".into()));
    assert!(
        e["size"].as_u64().unwrap() > 100,
        "the manifest's size: {e}"
    );
    one(
        &all,
        &[
            ("kind", "tag"),
            ("tag", "pr-1"),
            ("repository", "acme/app"),
            ("who", "alice"),
        ],
    );
    let e = one(&all, &[("kind", "layer-link"), ("repository", "pub/app")]);
    assert_eq!(e["who"], "anonymous");
    assert_eq!(e["digest"], pub_layer.to_string());
    assert_eq!(e["size"], 9, "the blob's size");
    assert_eq!(
        all.len(),
        4,
        "nothing else, and not the refused delete: {all:#?}"
    );

    // CLI: tag rm, manifest rm, repo rm, as the OS user.
    cli_ok(&root, &["tag", "rm", "acme/app:v1"]);
    let (code, out, err) = run_cli(
        &root,
        &["manifest", "rm", &format!("acme/app@{v1}"), "--yes"],
    );
    assert_eq!(code, 0, "{out}{err}");
    cli_ok(&root, &["repo", "rm", "acme/old", "--yes"]);
    let all = entries(&root);
    let e = one(
        &all,
        &[("kind", "tag"), ("tag", "v1"), ("repository", "acme/app")],
    );
    assert_eq!((&e["who"], &e["why"]), (&me.as_str().into(), &"cli".into()));
    assert_eq!(e["digest"], v1.to_string());
    assert_process_fields(e, "registryctl tag rm");
    let e = one(&all, &[("kind", "manifest"), ("digest", &v1.to_string())]);
    assert_eq!((&e["who"], &e["why"]), (&me.as_str().into(), &"cli".into()));
    assert_process_fields(e, "registryctl manifest rm");
    let e = one(&all, &[("kind", "repository"), ("repository", "acme/old")]);
    assert_eq!(e["why"], "cli");
    assert!(
        e["detail"]
            .as_str()
            .unwrap()
            .contains("1 tags, 1 manifests"),
        "{e}"
    );

    // prune, naming the rule.
    cli_ok(
        &root,
        &[
            "retention",
            "add",
            "ci/**",
            "--keep-matching",
            "v*",
            "--id",
            "keep-v",
        ],
    );
    cli_ok(&root, &["prune"]);
    let all = entries(&root);
    let pruned = having(&all, &[("why", "retention")]);
    let tags: HashSet<&str> = pruned.iter().map(|e| e["tag"].as_str().unwrap()).collect();
    assert_eq!(tags, HashSet::from(["pr-1", "pr-2"]), "{pruned:#?}");
    for e in &pruned {
        assert_eq!(
            (&e["kind"], &e["repository"]),
            (&"tag".into(), &"ci/app".into())
        );
        assert!(e["rule"].as_str().unwrap().contains("keep-v"), "{e}");
        assert_eq!(e["who"], me.as_str());
        assert_process_fields(e, "registryctl prune");
    }

    // scan --fix: corrupt bytes go to quarantine, the links to them go.
    let d = digest(corrupt_layer);
    let path = store_path(&root, &paths::blob_data(&d));
    std::fs::write(&path, b"scan m!").expect("corrupt the layer");
    let (code, out, err) = run_cli(&root, &["scan", "--verify", "--fix"]);
    assert!(code == 0 || code == 1, "{out}{err}");
    let all = entries(&root);
    let e = one(&all, &[("why", "scan"), ("action", "quarantine")]);
    assert_eq!(
        (&e["kind"], &e["digest"]),
        (&"blob".into(), &d.to_string().into())
    );
    assert!(e["detail"].as_str().unwrap().contains("quarantine/"), "{e}");
    assert_process_fields(e, "registryctl scan --fix");
    one(
        &all,
        &[
            ("why", "scan"),
            ("kind", "layer-link"),
            ("repository", "scan/app"),
        ],
    );
    // quarantine purge.
    cli_ok(&root, &["quarantine", "purge"]);
    let all = entries(&root);
    let e = one(&all, &[("kind", "quarantined")]);
    assert_eq!(
        (&e["why"], &e["digest"]),
        (&"cli".into(), &d.to_string().into())
    );

    // gc: every removal with the run's id, as listed by the report of a real run.
    let upload = start_upload(&s, "pub/app").await;
    assert!(!upload.is_empty());
    let before = entries(&root).len();
    let (code, out, err) = run_cli(
        &root,
        &[
            "gc",
            "--delete-untagged",
            "--grace-period",
            "0s",
            "--upload-ttl",
            "0s",
            "--json",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    let report: Value = serde_json::from_str(&out).expect("gc report");
    let run_id = report["run_id"].as_str().expect("run id").to_string();
    let items = report["items"]
        .as_array()
        .expect("a real run lists its items");
    let removed: Vec<&Value> = items.iter().filter(|i| i["action"] == "remove").collect();
    assert!(!removed.is_empty(), "{report:#}");
    assert_eq!(
        removed.iter().filter(|i| i["kind"] == "blob").count() as u64,
        report["blobs_deleted"].as_u64().unwrap()
    );
    let all = entries(&root);
    let by_gc = having(&all, &[("why", "gc")]);
    assert_eq!(by_gc.len(), all.len() - before, "only gc wrote: {all:#?}");
    assert_eq!(by_gc.len(), removed.len(), "one entry per removed item");
    for e in &by_gc {
        assert_eq!(e["gc_run"], run_id.as_str(), "{e}");
        assert_eq!(e["who"], me.as_str());
        assert_process_fields(e, "registryctl gc");
    }
    for kind in ["manifest", "layer-link", "blob", "upload"] {
        assert!(
            by_gc.iter().any(|e| e["kind"] == kind),
            "gc recorded a {kind}: {by_gc:#?}"
        );
    }
    let pr_blob = digest(b"ci layer pr-1");
    let e = one(
        &all,
        &[
            ("why", "gc"),
            ("kind", "blob"),
            ("digest", &pr_blob.to_string()),
        ],
    );
    assert_eq!(e["size"], 13, "{e}");
    // A dry run records nothing.
    let n = entries(&root).len();
    cli_ok(
        &root,
        &["gc", "-n", "--delete-untagged", "--grace-period", "0s"],
    );
    assert_eq!(entries(&root).len(), n);

    // Filters: --repo, --kind, the table.
    let acme = lines(&cli_ok(
        &root,
        &[
            "audit", "log", "--repo", "acme/**", "--kind", "tag", "--json",
        ],
    ));
    let tags: HashSet<&str> = acme.iter().map(|e| e["tag"].as_str().unwrap()).collect();
    assert_eq!(tags, HashSet::from(["v1", "v2", "pr-1"]), "{acme:#?}");
    let table = cli_ok(&root, &["audit", "log", "--kind", "repository"]);
    assert!(
        table.contains("WHO") && table.contains("acme/old"),
        "{table}"
    );
    assert_eq!(table.lines().count(), 2, "{table}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_log_filters_by_time() {
    let s = TestServer::start().await;
    let root = s.root().to_path_buf();
    push_image(&s, "acme/app", "v1", b"{}", &[b"one"]).await;
    push_image(&s, "acme/app", "v2", b"{}", &[b"one"]).await;
    cli_ok(&root, &["tag", "rm", "acme/app:v1"]);
    // An entry from long ago and a torn line, as another writer might have left them.
    let log = root.join("auth/deletions.log");
    let mut text = std::fs::read_to_string(&log).expect("the log is a file");
    text.push_str(
        "{\"time\":\"2020-01-01T00:00:00.000Z\",\"who\":\"old\",\"action\":\"delete\",\"kind\":\"tag\",\"repository\":\"acme/app\",\"tag\":\"ancient\",\"why\":\"cli\",\"command\":\"registryctl tag rm\",\"replica\":\"h:1\"}\n{\"time\":\"20",
    );
    std::fs::write(&log, text).expect("write");
    let tags = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["audit", "log", "--json"];
        a.extend_from_slice(args);
        let (code, out, err) = run_cli(&root, &a);
        assert_eq!(code, 0, "{out}{err}");
        assert!(err.contains("1 lines of the log are not entries"), "{err}");
        let mut t: Vec<String> = lines(&out)
            .iter()
            .map(|e| e["tag"].as_str().unwrap().to_string())
            .collect();
        t.sort();
        t
    };
    assert_eq!(tags(&[]), ["ancient", "v1"]);
    assert_eq!(tags(&["--since", "1h"]), ["v1"]);
    assert_eq!(
        tags(&["--since", "2019-12-31T23:59:59Z", "--until", "1h"]),
        ["ancient"]
    );
    assert_eq!(tags(&["--since", "2020-01-01"]), ["ancient", "v1"]);
    assert_eq!(
        tags(&["--until", "2020-01-01T00:00:00Z"]),
        Vec::<String>::new()
    );
    // A point in time appended after the first removal splits the log.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let mid = humantime::format_rfc3339_millis(std::time::SystemTime::now()).to_string();
    std::thread::sleep(std::time::Duration::from_millis(20));
    cli_ok(&root, &["tag", "rm", "acme/app:v2"]);
    assert_eq!(tags(&["--since", &mid]), ["v2"]);
    assert_eq!(tags(&["--since", "1d", "--until", &mid]), ["v1"]);
    // Not a time: usage error, naming both forms.
    let (code, _, err) = run_cli(&root, &["audit", "log", "--since", "yesterday"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("neither a duration"), "{err}");
    // An empty store has an empty log.
    let empty = new_store();
    let (code, out, err) = run_cli(empty.path(), &["audit", "log"]);
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    assert!(err.contains("0 of 0 entries"), "{err}");
}

/// Whether `repo:tag` pulls (manifest and every blob it names).
async fn pulls(s: &TestServer, repo: &str, tag: &str, layer: &[u8]) -> bool {
    let r = http()
        .get(s.at(&format!("/v2/{repo}/manifests/{tag}")))
        .header("accept", "application/vnd.oci.image.manifest.v1+json")
        .send()
        .await
        .expect("get");
    if r.status() != 200 {
        return false;
    }
    let r = get(s, &format!("/v2/{repo}/blobs/{}", digest(layer))).await;
    r.status() == 200 && r.bytes().await.expect("body").as_ref() == layer
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prune_then_gc_in_one_command() {
    let s = TestServer::start().await;
    let root = s.root().to_path_buf();
    let shared = b"shared base layer".as_slice();
    let layers: Vec<Vec<u8>> = (0..3)
        .map(|i| format!("pr layer {i}").into_bytes())
        .collect();
    for (i, l) in layers.iter().enumerate() {
        let config = format!("{{\"pr\":{i}}}");
        push_image(
            &s,
            "ci/app",
            &format!("pr-{i}"),
            config.as_bytes(),
            &[shared, l],
        )
        .await;
    }
    push_image(&s, "ci/app", "v1", b"{\"v\":1}", &[shared, b"v1 layer"]).await;
    cli_ok(
        &root,
        &[
            "retention",
            "add",
            "ci/**",
            "--keep-matching",
            "v*",
            "--id",
            "rel",
        ],
    );
    let blob_file = |l: &[u8]| store_path(&root, &paths::blob_data(&digest(l)));

    // gc flags belong to --gc.
    let (code, _, err) = run_cli(&root, &["prune", "--grace-period", "0s"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--gc"), "{err}");

    let gc = ["--gc", "--delete-untagged", "--grace-period", "0s"];
    // The plan: three tags, and what gc would reclaim once they are gone.
    let mut args = vec!["prune", "--dry-run", "--json"];
    args.extend(gc);
    let (code, out, err) = run_cli(&root, &args);
    assert_eq!(code, 0, "{out}{err}");
    let plan: Value = serde_json::from_str(&out).expect("one JSON object");
    assert_eq!(plan["dry_run"], true);
    assert_eq!(plan["remove"].as_array().unwrap().len(), 3, "{plan:#}");
    assert_eq!(plan["gc"]["dry_run"], true);
    assert_eq!(plan["gc"]["manifests_removed"], 3, "{plan:#}");
    // 3 unique layers, 3 configs and 3 manifests' bytes; the shared layer stays.
    assert_eq!(plan["gc"]["blobs_deleted"], 9, "{plan:#}");
    let planned: HashSet<String> = plan["gc"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "blob" && i["action"] == "remove")
        .map(|i| i["digest"].as_str().unwrap().to_string())
        .collect();
    assert!(planned.contains(&digest(&layers[0]).to_string()));
    assert!(!planned.contains(&digest(shared).to_string()));
    // Nothing went, and nothing was recorded.
    assert!(pulls(&s, "ci/app", "pr-0", &layers[0]).await);
    assert!(entries(&root).is_empty());
    // The human plan of both.
    let mut args = vec!["prune", "-n"];
    args.extend(gc);
    let out = cli_ok(&root, &args);
    assert!(
        out.contains("would remove 3 tags") && out.contains("gc dry run"),
        "{out}"
    );

    // The real thing.
    let mut args = vec!["prune", "--json"];
    args.extend(gc);
    let (code, out, err) = run_cli(&root, &args);
    assert_eq!(code, 0, "{out}{err}");
    let done: Value = serde_json::from_str(&out).expect("one JSON object");
    assert_eq!(done["remove"].as_array().unwrap().len(), 3);
    assert_eq!(done["gc"]["dry_run"], false);
    assert_eq!(done["gc"]["blobs_deleted"], 9, "{done:#}");
    let removed: HashSet<String> = done["gc"]["items"]
        .as_array()
        .expect("a real run lists what it removed")
        .iter()
        .filter(|i| i["kind"] == "blob" && i["action"] == "remove")
        .map(|i| i["digest"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(removed, planned, "the plan was exact");
    for (i, l) in layers.iter().enumerate() {
        assert!(!blob_file(l).exists(), "pr layer {i} bytes are gone");
        assert!(!pulls(&s, "ci/app", &format!("pr-{i}"), l).await);
    }
    assert!(blob_file(shared).exists());
    assert!(pulls(&s, "ci/app", "v1", b"v1 layer").await);
    assert!(pulls(&s, "ci/app", "v1", shared).await);
    // Both halves recorded: the tags by the rule, gc's removals by the run.
    let all = entries(&root);
    assert_eq!(
        having(&all, &[("why", "retention"), ("kind", "tag")]).len(),
        3
    );
    let run = done["gc"]["run_id"].as_str().unwrap();
    let by_gc = having(&all, &[("why", "gc"), ("gc_run", run)]);
    assert!(by_gc
        .iter()
        .all(|e| e["command"] == "registryctl prune --gc"));
    assert_eq!(having(&all, &[("why", "gc"), ("kind", "blob")]).len(), 9);

    // gc's exit codes: another gc holding the store makes it exit 8, after the prune.
    let store = registryctl::storage::Store::open(&root, registryctl::storage::Access::ReadWrite)
        .expect("open");
    let guard = store.try_gc_lock().expect("lock").expect("free");
    push_image(&s, "ci/app", "pr-9", b"{\"pr\":9}", &[b"pr layer 9"]).await;
    let mut args = vec!["prune", "--json"];
    args.extend(gc);
    let (code, out, err) = run_cli(&root, &args);
    assert_eq!(code, 8, "{out}{err}");
    let busy: Value = serde_json::from_str(&out).expect("one JSON object");
    assert_eq!(
        busy["remove"].as_array().unwrap().len(),
        1,
        "the prune happened"
    );
    assert_eq!(busy["gc"]["error"]["code"], 8, "{busy:#}");
    drop(guard);
}

/// The API's deletes and `audit log` on object storage, where each batch of entries is
/// one create-only object.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_deletes_are_audited_on_s3() {
    let Some(s3) = common::s3::server("api_deletes_are_audited_on_s3") else {
        return;
    };
    let objects = s3.objects();
    let config = objects.config().clone();
    let url = config.url();
    let run = move |args: &[&str]| {
        let url = url.clone();
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        tokio::task::spawn_blocking(move || {
            let a: Vec<&str> = args.iter().map(String::as_str).collect();
            s3.cli(&url, &a, "")
        })
    };
    let (code, out, err) = run(&["init"]).await.expect("init");
    assert_eq!(code, 0, "{out}{err}");
    let store = registryctl::storage::Store::open_objects(
        std::sync::Arc::new(objects),
        registryctl::storage::Access::ReadWrite,
        false,
    )
    .expect("open the store");
    let dir = tempfile::tempdir().expect("tempdir");
    let s = TestServer::start_on(store, dir, Default::default()).await;
    let a = push_image(&s, "acme/app", "v1", b"{\"a\":1}", &[b"layer a"]).await;
    push_image(&s, "acme/app", "v2", b"{\"a\":2}", &[b"layer b"]).await;
    assert_eq!(delete(&s, "/v2/acme/app/manifests/v2").await.status(), 202);
    assert_eq!(
        delete(&s, &format!("/v2/acme/app/manifests/{a}"))
            .await
            .status(),
        202
    );
    let layer = digest(b"layer b");
    assert_eq!(
        delete(&s, &format!("/v2/acme/app/blobs/{layer}"))
            .await
            .status(),
        202
    );
    let (code, out, err) = run(&["tag", "rm", "acme/app:v2"]).await.expect("tag rm");
    assert_eq!(code, 3, "already gone: {out}{err}");

    let (code, out, err) = run(&["audit", "log", "--json"]).await.expect("audit log");
    assert_eq!(code, 0, "{out}{err}");
    let all = lines(&out);
    assert_eq!(all.len(), 4, "{all:#?}");
    assert!(all
        .iter()
        .all(|e| e["who"] == "anonymous" && e["why"] == "api"));
    one(&all, &[("kind", "tag"), ("tag", "v2")]);
    one(&all, &[("kind", "manifest"), ("digest", &a.to_string())]);
    one(
        &all,
        &[("kind", "tag"), ("tag", "v1"), ("digest", &a.to_string())],
    );
    let e = one(
        &all,
        &[("kind", "layer-link"), ("digest", &layer.to_string())],
    );
    assert_eq!(e["size"], 7);
    // One object per batch: the manifest delete's two entries share one.
    let objects = registryctl::storage::object::s3::S3Objects::new(config).expect("s3");
    let batches = registryctl::storage::object::list_all(&objects, "auth/deletions.log.d/")
        .await
        .expect("list");
    assert_eq!(batches.len(), 3, "{batches:?}");
    let (code, out, _) = run(&["audit", "log", "--since", "1h", "--kind", "manifest"])
        .await
        .unwrap();
    assert_eq!(code, 0);
    assert!(
        out.contains("acme/app@") && out.contains("anonymous"),
        "{out}"
    );
}

/// When the log cannot be written, the deletion stays done and the command says so:
/// exit 1 and the unrecorded entries on stderr; gc stops removing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_log_that_cannot_be_written_is_an_error() {
    let s = TestServer::start().await;
    let root = s.root().to_path_buf();
    push_image(&s, "acme/app", "v1", b"{\"a\":1}", &[b"layer a"]).await;
    push_image(&s, "acme/app", "v2", b"{\"a\":2}", &[b"layer b"]).await;
    push_image(&s, "other/app", "v1", b"{\"o\":1}", &[b"layer o"]).await;
    // A directory where the log should be: every append fails.
    std::fs::create_dir_all(root.join("auth/deletions.log/x")).expect("block the log");
    let (code, out, err) = run_cli(&root, &["tag", "rm", "acme/app:v1"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("the deletion audit log could not be written"),
        "{err}"
    );
    let line = err
        .lines()
        .find_map(|l| l.strip_prefix("registryctl tag rm: unrecorded deletion: "))
        .unwrap_or_else(|| panic!("the entry on stderr: {err}"));
    let e: Value = serde_json::from_str(line).expect("the entry is JSON");
    assert_eq!((&e["kind"], &e["tag"]), (&"tag".into(), &"v1".into()));
    assert_eq!(
        get(&s, "/v2/acme/app/manifests/v1").await.status(),
        404,
        "the deletion happened"
    );
    // The API still answers the delete, and the server's log has the entry.
    assert_eq!(delete(&s, "/v2/acme/app/manifests/v2").await.status(), 202);
    // gc: the first repository's removals cannot be recorded, so it stops there.
    let (code, _, _) = run_cli(&root, &["tag", "rm", "other/app:v1"]);
    assert_eq!(code, 1, "removed, not recorded");
    let (code, out, err) = run_cli(
        &root,
        &["gc", "--delete-untagged", "--grace-period", "0s", "--json"],
    );
    assert_eq!(code, 1, "{out}{err}");
    let report: Value = serde_json::from_str(&out).expect("report");
    let problems = report["problems"].to_string();
    assert!(problems.contains("gc stopped removing"), "{problems}");
    assert_eq!(
        report["blobs_deleted"], 0,
        "no bytes removed after the failure"
    );
    assert_eq!(
        report["repositories"].as_array().unwrap().len(),
        1,
        "{report:#}"
    );
    assert!(
        err.contains("registryctl gc: unrecorded deletion: {"),
        "{err}"
    );
}
