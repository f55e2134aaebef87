//! Pulls, usage and quotas end to end with real servers on loopback: last-pull times
//! recorded by manifest `GET`s (not `HEAD`s), flushed in the background and on
//! shutdown, and used by `retention … --keep-pulled-within` in `prune --dry-run` and
//! `retention explain`; `registryctl usage` and its `/metrics` gauges; quotas refused
//! with their figures, exactly, under concurrent pushes to one server and to two
//! servers on one store; `quota add|rm|ls [--json]`.

mod common;

use std::time::Duration;

use common::*;
use registryctl::server::{App, Options};
use registryctl::storage::quota::PullTimes;
use registryctl::storage::Store;
use serde_json::Value;

const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";

/// Pushes an image whose config and layer are `size` bytes derived from `seed`;
/// returns the manifest's status, body and digest.
async fn push_sized(
    s: &TestServer,
    repo: &str,
    tag: &str,
    seed: &str,
    size: usize,
) -> (u16, String, Digest) {
    let (config, layer) = blobs(seed, size);
    push_blob(s, repo, &config).await;
    push_blob(s, repo, &layer).await;
    put_sized(s, repo, tag, seed, size).await
}

/// The config and layer of [`push_sized`].
fn blobs(seed: &str, size: usize) -> (Vec<u8>, Vec<u8>) {
    let fill = |prefix: &str| {
        let mut v = format!("{prefix}-{seed}-").into_bytes();
        v.resize(size, b'.');
        v
    };
    (fill("config"), fill("layer"))
}

/// Puts the manifest of [`push_sized`] (its blobs already pushed).
async fn put_sized(
    s: &TestServer,
    repo: &str,
    tag: &str,
    seed: &str,
    size: usize,
) -> (u16, String, Digest) {
    let (config, layer) = blobs(seed, size);
    let m = image_manifest(&config, &[&layer]);
    let r = put_manifest(s, repo, tag, OCI_MANIFEST, &m).await;
    let status = r.status().as_u16();
    (status, r.text().await.unwrap_or_default(), digest(&m))
}

fn manifest_len(seed: &str, size: usize) -> u64 {
    let (config, layer) = blobs(seed, size);
    image_manifest(&config, &[&layer]).len() as u64
}

async fn pull(s: &TestServer, repo: &str, reference: &str) -> u16 {
    http()
        .get(s.at(&format!("/v2/{repo}/manifests/{reference}")))
        .header("accept", OCI_MANIFEST)
        .send()
        .await
        .expect("get")
        .status()
        .as_u16()
}

fn plan_tags(out: &str) -> (Vec<String>, Value) {
    let plan: Value = serde_json::from_str(out).expect("json");
    let tags = plan["remove"]
        .as_array()
        .expect("remove")
        .iter()
        .map(|d| d["tag"].as_str().expect("tag").to_string())
        .collect();
    (tags, plan)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pulled_tags_are_kept_by_keep_pulled_within() {
    let s = TestServer::start().await;
    let mut digests = Vec::new();
    for tag in ["a", "b", "c", "d"] {
        let (st, body, d) = push_sized(&s, "acme/app", tag, tag, 64).await;
        assert_eq!(st, 201, "{body}");
        digests.push(d);
    }
    // a by tag, b by digest: pulls. c only HEADed: not a pull. d untouched.
    assert_eq!(pull(&s, "acme/app", "a").await, 200);
    assert_eq!(pull(&s, "acme/app", &digests[1].to_string()).await, 200);
    assert_eq!(head(&s, "/v2/acme/app/manifests/c").await.status(), 200);
    let (code, _, err) = run_cli_async(
        s.root(),
        &[
            "retention",
            "add",
            "acme/**",
            "--keep-pulled-within",
            "1h",
            "--id",
            "used",
        ],
    )
    .await;
    assert_eq!(code, 0, "{err}");
    // The background flush writes them within its interval, while the server runs.
    let repo = repo_name("acme/app");
    eventually(20, || async {
        s.store.pull_times(&repo).expect("pulls").len() == 2
    })
    .await;
    let times = s.store.pull_times(&repo).expect("pulls");
    assert!(times.contains_key(&digests[0]) && times.contains_key(&digests[1]));

    let (code, out, err) = run_cli_async(s.root(), &["prune", "--dry-run", "--json"]).await;
    assert_eq!(code, 0, "{err}");
    let (going, plan) = plan_tags(&out);
    assert_eq!(going, ["c", "d"], "{plan}");
    assert_eq!(plan["remove"][0]["pulled"], Value::Null, "{plan}");
    let (code, out, _) = run_cli_async(s.root(), &["prune", "--dry-run"]).await;
    assert_eq!(code, 0);
    assert!(out.contains("PULLED") && out.contains("never"), "{out}");

    let (code, out, _) = run_cli_async(s.root(), &["retention", "explain", "acme/app:a"]).await;
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("pulled") && out.contains("within 1h"), "{out}");
    assert!(
        out.contains("last pulled 20"),
        "an RFC 3339 pull time: {out}"
    );
    let (code, out, _) = run_cli_async(s.root(), &["retention", "explain", "acme/app:d"]).await;
    assert_eq!(code, 10, "{out}");
    assert!(out.contains("never pulled"), "{out}");

    // A pull not flushed yet is written on graceful shutdown.
    assert_eq!(pull(&s, "acme/app", "d").await, 200);
    let store = s.store.clone();
    let dir = s.stop().await;
    assert!(store
        .pull_times(&repo)
        .expect("pulls")
        .contains_key(&digests[3]));
    let (code, out, err) = cli_json(dir.path(), &["prune", "--dry-run", "--json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(plan_tags(&out).0, ["c"]);
}

fn cli_json(root: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    run_cli(root, args)
}

#[tokio::test]
async fn pull_times_merge_keeping_the_newest() {
    let dir = new_store();
    let store = Store::open_or_create(dir.path()).expect("store");
    let repo = repo_name("acme/app");
    let (d1, d2) = (digest(b"one"), digest(b"two"));
    // Two servers flush: the first wrote newer times than the second's batch holds.
    let first: PullTimes = [(d1.clone(), 200), (d2.clone(), 100)].into();
    let second: PullTimes = [(d1.clone(), 150), (d2.clone(), 300)].into();
    {
        let _lock = store.pulls_lock(Duration::from_secs(5)).expect("lock");
        store.merge_pull_times(&repo, &first).expect("merge");
    }
    let _lock = store.pulls_lock(Duration::from_secs(5)).expect("lock");
    store.merge_pull_times(&repo, &second).expect("merge");
    let got = store.pull_times(&repo).expect("read");
    assert_eq!(got.get(&d1), Some(&200));
    assert_eq!(got.get(&d2), Some(&300));
    // The lock is exclusive and its wait bounded.
    let e = store
        .pulls_lock(Duration::from_millis(50))
        .err()
        .expect("held: the second take times out");
    assert!(e.to_string().contains("held"), "{e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn usage_per_org_repo_and_pattern_and_metrics() {
    let s = TestServer::start_with(Options {
        usage_interval: Duration::from_millis(50),
        ..Options::default()
    })
    .await;
    // acme/app and acme/web share a layer; other/x shares it too.
    let shared = vec![b's'; 1000];
    let (app_cfg, web_cfg, x_cfg) = (vec![b'a'; 10], vec![b'w'; 20], vec![b'x'; 30]);
    push_image(&s, "acme/app", "v1", &app_cfg, &[&shared]).await;
    push_image(&s, "acme/web", "v1", &web_cfg, &[&shared]).await;
    push_image(&s, "other/x", "v1", &x_cfg, &[&shared]).await;
    let mlen = |c: &[u8]| image_manifest(c, &[&shared]).len() as u64;
    let (code, out, err) = run_cli_async(s.root(), &["usage", "--json"]).await;
    assert_eq!(code, 0, "{err}");
    let rows: Value = serde_json::from_str(&out).expect("json");
    let acme = &rows[0];
    assert_eq!(acme["scope"], "acme", "{rows}");
    assert_eq!(acme["repositories"], 2);
    let acme_only = 10 + 20 + mlen(&app_cfg) + mlen(&web_cfg);
    assert_eq!(acme["total_bytes"], 1000 + acme_only, "{rows}");
    assert_eq!(acme["only_bytes"], acme_only);
    assert_eq!(acme["shared_bytes"], 1000);
    assert_eq!(rows[1]["scope"], "other");

    let (code, out, _) = run_cli_async(s.root(), &["usage", "--by", "repo", "--json"]).await;
    assert_eq!(code, 0);
    let rows: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(rows.as_array().map(Vec::len), Some(3));
    assert_eq!(rows[0]["scope"], "acme/app");
    assert_eq!(rows[0]["total_bytes"], 1000 + 10 + mlen(&app_cfg));

    let (code, out, _) = run_cli_async(
        s.root(),
        &["usage", "--scope", "*/**", "--scope", "acme/app"],
    )
    .await;
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("SCOPE") && out.contains("SHARED") && out.contains("acme/app"),
        "{out}"
    );
    let (code, _, err) = run_cli_async(s.root(), &["usage", "--scope", "acme//x"]).await;
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("acme/**"), "{err}");

    let want = format!(
        "registryctl_scope_bytes{{scope=\"acme\",kind=\"total\"}} {}",
        1000 + acme_only
    );
    eventually(20, || async {
        let text = get(&s, "/metrics").await.text().await.unwrap_or_default();
        text.contains(&want)
            && text.contains("registryctl_scope_bytes{scope=\"other\",kind=\"shared\"} 1000")
    })
    .await;
    // Quota gauges appear with the quota.
    let (code, _, err) = run_cli_async(
        s.root(),
        &["quota", "add", "acme/**", "--limit", "1G", "--id", "acme"],
    )
    .await;
    assert_eq!(code, 0, "{err}");
    let want = format!(
        "registryctl_quota_used_bytes{{quota=\"acme\",repos=\"acme/**\"}} {}",
        1000 + acme_only
    );
    eventually(20, || async {
        let text = get(&s, "/metrics").await.text().await.unwrap_or_default();
        text.contains(&want)
            && text.contains(
                "registryctl_quota_limit_bytes{quota=\"acme\",repos=\"acme/**\"} 1073741824",
            )
    })
    .await;
}

/// The bytes one [`push_sized`] image adds to a scope holding none of it.
fn image_bytes(seed: &str, size: usize) -> u64 {
    2 * size as u64 + manifest_len(seed, size)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quota_admits_exactly_k_of_8_concurrent_pushes_across_two_servers() {
    let s = TestServer::start().await;
    // A second server on the same store, as another process would be: its own
    // services (and so its own in-process quota locks); only the store lock is shared.
    let other_store = test_store(s.root());
    let other_app = App::with_options(other_store.clone(), Options::default());
    let s2 = TestServer::start_app(other_store, tempfile::tempdir().expect("dir"), other_app).await;
    const SIZE: usize = 4000;
    const K: u64 = 3;
    let seeds: Vec<String> = (0..8).map(|i| format!("img{i}")).collect();
    // Every image adds the same bytes (same sizes, manifests of equal length).
    let each = image_bytes(&seeds[0], SIZE);
    assert!(seeds.iter().all(|sd| image_bytes(sd, SIZE) == each));
    let limit = K * each + each / 2;
    let (code, _, err) = run_cli_async(
        s.root(),
        &[
            "quota",
            "add",
            "acme/**",
            "--limit",
            &limit.to_string(),
            "--id",
            "acme-q",
        ],
    )
    .await;
    assert_eq!(code, 0, "{err}");
    // Blobs first (uploads are not counted), then the 8 manifests at once.
    for (i, sd) in seeds.iter().enumerate() {
        let (config, layer) = blobs(sd, SIZE);
        let srv = if i % 2 == 0 { &s } else { &s2 };
        push_blob(srv, &format!("acme/app{i}"), &config).await;
        push_blob(srv, &format!("acme/app{i}"), &layer).await;
    }
    let pushes = seeds.iter().enumerate().map(|(i, sd)| {
        let srv = if i % 2 == 0 { &s } else { &s2 };
        let repo = format!("acme/app{i}");
        async move { put_sized(srv, &repo, "v1", sd, SIZE).await }
    });
    let results = futures_util::future::join_all(pushes).await;
    let ok = results.iter().filter(|r| r.0 == 201).count() as u64;
    assert_eq!(ok, K, "{results:?}");
    for (st, body, _) in results.iter().filter(|r| r.0 != 201) {
        assert_eq!(*st, 403, "{body}");
        assert!(body.contains("DENIED") && body.contains("acme-q"), "{body}");
        let v: Value = serde_json::from_str(body).expect("error json");
        let detail = &v["errors"][0]["detail"];
        assert_eq!(detail["used"], K * each, "{body}");
        assert_eq!(detail["limit"], limit, "{body}");
        assert_eq!(detail["push"], each, "{body}");
        assert!(
            body.contains(&format!("{} bytes used of {limit}", K * each))
                && body.contains(&format!("this push adds {each}")),
            "{body}"
        );
    }
    // Blobs the scope holds count once: a manifest re-using a pushed layer and config
    // under a new tag in another repository adds only what is new (nothing here).
    let winner = results.iter().position(|r| r.0 == 201).expect("a winner");
    let sd = &seeds[winner];
    let (config, layer) = blobs(sd, SIZE);
    push_blob(&s, "acme/copy", &config).await;
    push_blob(&s, "acme/copy", &layer).await;
    assert_eq!(put_sized(&s, "acme/copy", "again", sd, SIZE).await.0, 201);
    // Another scope is not limited by it.
    assert_eq!(
        push_sized(&s2, "other/app", "v1", "free", SIZE).await.0,
        201
    );
    // Raising the limit reaches the running servers at once.
    let (code, _, _) = run_cli_async(s.root(), &["quota", "rm", "acme-q"]).await;
    assert_eq!(code, 0);
    let refused = results
        .iter()
        .position(|r| r.0 != 201)
        .expect("a refused one");
    let (st, body, _) = put_sized(
        &s2,
        &format!("acme/app{refused}"),
        "v1",
        &seeds[refused],
        SIZE,
    )
    .await;
    assert_eq!(st, 201, "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quota_cli_add_rm_ls_json_and_bad_input() {
    let s = TestServer::start().await;
    let root = s.root().to_path_buf();
    let (code, _, err) =
        run_cli_async(&root, &["quota", "add", "acme/**", "--limit", "lots"]).await;
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("1.5GiB") || err.contains("100M"),
        "says what to write: {err}"
    );
    let (code, _, err) = run_cli_async(
        &root,
        &["quota", "add", "acme/**", "--limit", "1G", "--id", "a/b"],
    )
    .await;
    assert_ne!(code, 0);
    assert!(err.contains("letters"), "{err}");
    let (code, out, err) =
        run_cli_async(&root, &["quota", "add", "acme/**", "--limit", "10KiB"]).await;
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("added quota q1"), "{out}");
    // One quota per pattern.
    let (code, _, err) = run_cli_async(&root, &["quota", "add", "acme/**", "--limit", "1G"]).await;
    assert_ne!(code, 0);
    assert!(err.contains("quota rm q1"), "{err}");
    let (st, body, _) = push_sized(&s, "acme/app", "v1", "small", 1000).await;
    assert_eq!(st, 201, "{body}");
    let used = image_bytes("small", 1000);
    let (code, out, _) = run_cli_async(&root, &["quota", "ls", "--json"]).await;
    assert_eq!(code, 0);
    let rows: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(rows[0]["id"], "q1");
    assert_eq!(rows[0]["repos"], "acme/**");
    assert_eq!(rows[0]["limit_bytes"], 10 * 1024);
    assert_eq!(rows[0]["used_bytes"], used);
    let (code, out, _) = run_cli_async(&root, &["quota", "ls"]).await;
    assert_eq!(code, 0);
    assert!(out.contains("q1") && out.contains("10.0 KiB"), "{out}");
    // Over the limit: refused at once on the running server (the edit is live).
    let (st, body, _) = push_sized(&s, "acme/app", "big", "big", 6000).await;
    assert_eq!(st, 403, "{body}");
    assert!(body.contains("quota q1 on acme/**"), "{body}");
    let (code, _, _) = run_cli_async(&root, &["quota", "rm", "q1"]).await;
    assert_eq!(code, 0);
    let (st, body, _) = put_sized(&s, "acme/app", "big", "big", 6000).await;
    assert_eq!(st, 201, "removed: {body}");
    let (code, _, err) = run_cli_async(&root, &["quota", "rm", "q1"]).await;
    assert_ne!(code, 0);
    assert!(err.contains("quota q1"), "{err}");
    let (code, out, _) = run_cli_async(&root, &["quota", "ls", "--json"]).await;
    assert_eq!((code, out.trim()), (0, "[]"));
    let audit = std::fs::read_to_string(auth_path(&root, AuthFile::AuditLog)).expect("audit log");
    assert!(
        audit.contains("quota add q1 acme/** limit=10KiB") && audit.contains("quota rm q1"),
        "{audit}"
    );
}
