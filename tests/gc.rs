//! `registryctl gc`: one test per reachability rule, the grace period, dry runs, the
//! single-gc guard, and a stress test of gc running repeatedly next to writers.
//!
//! Content is pushed through a real server ([`common::TestServer`]); gc is the real
//! binary run as a separate process on the same store, as operators run it.

mod common;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

use common::*;
use registryctl::oci::Digest;
use serde_json::{json, Value};

const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";

/// Runs the gc binary on `root`; returns exit code, parsed JSON (if `--json`) and stderr.
fn gc_sync(root: &Path, args: &[&str]) -> (i32, Value, String) {
    let out = Command::new(bin())
        .arg("--root")
        .arg(root)
        .arg("gc")
        .args(args)
        .output()
        .expect("run gc");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let json = if args.contains(&"--json") {
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "gc --json output is not JSON ({e}): {}\nstderr: {stderr}",
                String::from_utf8_lossy(&out.stdout)
            )
        })
    } else {
        Value::Null
    };
    (out.status.code().unwrap_or(-1), json, stderr)
}

async fn gc(root: &Path, args: &[&str]) -> Value {
    let root = root.to_path_buf();
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let (code, json, stderr) = tokio::task::spawn_blocking(move || {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut all = vec!["--json"];
        all.extend(a);
        gc_sync(&root, &all)
    })
    .await
    .expect("join");
    assert_eq!(code, 0, "gc failed: {stderr}\n{json:#}");
    json
}

async fn status(s: &TestServer, url: &str, accept: Option<&str>) -> u16 {
    let mut req = http().get(s.at(url));
    if let Some(a) = accept {
        req = req.header("accept", a);
    }
    req.send().await.expect("get").status().as_u16()
}

async fn has_manifest(s: &TestServer, repo: &str, d: &Digest) -> bool {
    let st = status(s, &format!("/v2/{repo}/manifests/{d}"), Some("*/*")).await;
    assert!(st == 200 || st == 404, "unexpected status {st}");
    st == 200
}

async fn has_blob(s: &TestServer, repo: &str, d: &Digest) -> bool {
    let st = status(s, &format!("/v2/{repo}/blobs/{d}"), None).await;
    assert!(st == 200 || st == 404, "unexpected status {st}");
    st == 200
}

fn bytes_exist(s: &TestServer, d: &Digest) -> bool {
    s.store.blob_data_meta(d).expect("stat").is_some()
}

async fn push_manifest(
    s: &TestServer,
    repo: &str,
    reference: &str,
    mt: &str,
    body: &[u8],
) -> Digest {
    let r = put_manifest(s, repo, reference, mt, body).await;
    assert_eq!(
        r.status(),
        201,
        "push manifest: {}",
        r.text().await.unwrap_or_default()
    );
    digest(body)
}

fn index_of(children: &[(&[u8], &str)]) -> Vec<u8> {
    let ms: Vec<Value> = children
        .iter()
        .map(|(b, mt)| {
            json!({"mediaType": mt, "digest": digest(b).to_string(), "size": b.len(),
                            "platform": {"os": "linux", "architecture": "amd64"}})
        })
        .collect();
    serde_json::to_vec(&json!({"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": ms}))
        .unwrap()
}

/// Pushes config+layers and a manifest by digest (untagged); returns its bytes.
async fn push_untagged_image(
    s: &TestServer,
    repo: &str,
    config: &[u8],
    layers: &[&[u8]],
) -> Vec<u8> {
    push_blob(s, repo, config).await;
    for l in layers {
        push_blob(s, repo, l).await;
    }
    let m = image_manifest(config, layers);
    push_manifest(s, repo, &digest(&m).to_string(), OCI_MANIFEST, &m).await;
    m
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn multi_arch_index_children_kept_with_delete_untagged() {
    let s = TestServer::start().await;
    let amd = push_untagged_image(&s, "app", b"cfg-amd", &[b"layer-amd"]).await;
    let arm = push_untagged_image(&s, "app", b"cfg-arm", &[b"layer-arm"]).await;
    let idx = index_of(&[(&amd, OCI_MANIFEST), (&arm, OCI_MANIFEST)]);
    push_manifest(&s, "app", "multi", OCI_INDEX, &idx).await;
    let stray = push_untagged_image(&s, "app", b"cfg-stray", &[b"layer-stray"]).await;

    let r = gc(s.root(), &["--delete-untagged", "--grace-period", "0s"]).await;
    for m in [&amd, &arm, &idx] {
        assert!(has_manifest(&s, "app", &digest(m)).await);
    }
    for b in [&b"cfg-amd"[..], b"layer-amd", b"cfg-arm", b"layer-arm"] {
        assert!(has_blob(&s, "app", &digest(b)).await);
    }
    assert!(!has_manifest(&s, "app", &digest(&stray)).await);
    assert!(!has_blob(&s, "app", &digest(b"layer-stray")).await);
    assert!(!bytes_exist(&s, &digest(b"layer-stray")));
    assert_eq!(r["manifests_removed"], 1);
    // cfg-stray, layer-stray and the stray manifest's own bytes.
    assert_eq!(r["blobs_deleted"], 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nested_indexes_are_followed() {
    let s = TestServer::start().await;
    let leaf = push_untagged_image(&s, "nest", b"cfg-leaf", &[b"layer-leaf"]).await;
    let inner = index_of(&[(&leaf, OCI_MANIFEST)]);
    push_manifest(&s, "nest", &digest(&inner).to_string(), OCI_INDEX, &inner).await;
    let outer = index_of(&[(&inner, OCI_INDEX)]);
    push_manifest(&s, "nest", "top", OCI_INDEX, &outer).await;

    let r = gc(s.root(), &["--delete-untagged", "--grace-period", "0s"]).await;
    assert_eq!(r["manifests_removed"], 0);
    assert_eq!(r["layer_links_removed"], 0);
    assert!(has_manifest(&s, "nest", &digest(&leaf)).await);
    assert!(has_manifest(&s, "nest", &digest(&inner)).await);
    assert!(has_blob(&s, "nest", &digest(b"layer-leaf")).await);
}

fn referrer_of(subject: &[u8], config: &[u8], layer: &[u8]) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "schemaVersion": 2, "mediaType": OCI_MANIFEST,
        "artifactType": "application/vnd.example.sbom",
        "config": {"mediaType": "application/vnd.oci.empty.v1+json", "digest": digest(config).to_string(), "size": config.len()},
        "layers": [{"mediaType": "application/spdx+json", "digest": digest(layer).to_string(), "size": layer.len()}],
        "subject": {"mediaType": OCI_MANIFEST, "digest": digest(subject).to_string(), "size": subject.len()},
    }))
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn referrers_kept_with_subject_and_removed_with_it() {
    let s = TestServer::start().await;
    let subj = push_image(&s, "sig", "v1", b"cfg-subj", &[b"layer-subj"]).await;
    let (_, subj_body) = s
        .store
        .read_manifest(&"sig".parse().unwrap(), &subj)
        .unwrap()
        .unwrap();
    push_blob(&s, "sig", b"{}").await;
    push_blob(&s, "sig", b"sbom-1").await;
    let refm = referrer_of(&subj_body, b"{}", b"sbom-1");
    push_manifest(&s, "sig", &digest(&refm).to_string(), OCI_MANIFEST, &refm).await;

    // Kept with its (tagged) subject.
    gc(s.root(), &["--delete-untagged", "--grace-period", "0s"]).await;
    assert!(has_manifest(&s, "sig", &digest(&refm)).await);
    assert!(has_blob(&s, "sig", &digest(b"sbom-1")).await);
    let listing: Value = http()
        .get(s.at(&format!("/v2/sig/referrers/{subj}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listing["manifests"].as_array().unwrap().len(), 1);

    // Untag the subject: both go, with the referrer record.
    let r = http()
        .delete(s.at("/v2/sig/manifests/v1"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202);
    let r = gc(s.root(), &["--delete-untagged", "--grace-period", "0s"]).await;
    assert!(!has_manifest(&s, "sig", &subj).await);
    assert!(!has_manifest(&s, "sig", &digest(&refm)).await);
    assert!(!bytes_exist(&s, &digest(b"sbom-1")));
    assert_eq!(r["manifests_removed"], 2);
    assert_eq!(r["referrers_removed"], 1);
    let (records, _) = s
        .store
        .repo_referrer_records(&"sig".parse().unwrap())
        .unwrap();
    assert!(records.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shared_digest_is_unlinked_per_repository() {
    let s = TestServer::start().await;
    // Repository b uses the layer; repository a only has it as a leftover upload.
    push_image(&s, "b", "v1", b"cfg-b", &[b"shared-layer"]).await;
    push_blob(&s, "a", b"shared-layer").await;
    push_image(&s, "a", "v1", b"cfg-a", &[b"own-layer"]).await;

    let r = gc(s.root(), &["--grace-period", "0s"]).await;
    assert!(
        !has_blob(&s, "a", &digest(b"shared-layer")).await,
        "leftover link in a must go"
    );
    assert!(
        has_blob(&s, "b", &digest(b"shared-layer")).await,
        "b still uses it"
    );
    assert!(bytes_exist(&s, &digest(b"shared-layer")));
    assert!(has_blob(&s, "a", &digest(b"own-layer")).await);
    assert_eq!(r["layer_links_removed"], 1);
    assert_eq!(r["blobs_deleted"], 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tag_overwrite_leaves_untagged_manifest() {
    let s = TestServer::start().await;
    let old = push_image(&s, "ow", "latest", b"cfg-old", &[b"layer-old", b"base"]).await;
    let new = push_image(&s, "ow", "latest", b"cfg-new", &[b"layer-new", b"base"]).await;

    // Without --delete-untagged every manifest is a root.
    let r = gc(s.root(), &["--grace-period", "0s"]).await;
    assert_eq!(r["manifests_removed"], 0);
    assert!(has_manifest(&s, "ow", &old).await);

    let r = gc(s.root(), &["--delete-untagged", "--grace-period", "0s"]).await;
    assert_eq!(r["manifests_removed"], 1);
    assert!(!has_manifest(&s, "ow", &old).await);
    assert!(!has_blob(&s, "ow", &digest(b"layer-old")).await);
    assert!(!bytes_exist(&s, &digest(b"layer-old")));
    assert!(has_manifest(&s, "ow", &new).await);
    assert!(has_blob(&s, "ow", &digest(b"base")).await);
    assert_eq!(r["tags_removed"], 0);
    let repo = &r["repositories"][0];
    assert_eq!(repo["repository"], "ow");
    assert_eq!(repo["manifests_removed"], 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_type_artifact_references_are_kept() {
    let s = TestServer::start().await;
    push_blob(&s, "art", b"part-1").await;
    push_blob(&s, "art", b"part-2").await;
    let body = serde_json::to_vec(&json!({
        "mediaType": "application/vnd.example.bundle.v1+json",
        "parts": [{"blob": {"digest": digest(b"part-1").to_string()}},
                  {"nested": [{"digest": digest(b"part-2").to_string()}]}],
    }))
    .unwrap();
    push_manifest(
        &s,
        "art",
        "bundle",
        "application/vnd.example.bundle.v1+json",
        &body,
    )
    .await;
    push_blob(&s, "art", b"orphan-part").await;

    let r = gc(s.root(), &["--delete-untagged", "--grace-period", "0s"]).await;
    assert!(has_blob(&s, "art", &digest(b"part-1")).await);
    assert!(has_blob(&s, "art", &digest(b"part-2")).await);
    assert!(!has_blob(&s, "art", &digest(b"orphan-part")).await);
    assert_eq!(r["layer_links_removed"], 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn orphan_blob_and_stale_upload_removed() {
    let s = TestServer::start().await;
    push_image(&s, "o", "v1", b"cfg", &[b"layer"]).await;
    let orphan = push_blob(&s, "o", b"orphan").await;
    // Bytes no repository links at all (the link was deleted through the API).
    let unlinked = push_blob(&s, "o", b"unlinked").await;
    let r = http()
        .delete(s.at(&format!("/v2/o/blobs/{unlinked}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202);
    // Two upload sessions: one stale, one fresh.
    let mut sessions = Vec::new();
    for _ in 0..2 {
        let r = http()
            .post(s.at("/v2/o/blobs/uploads/"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 202);
        let id = r.headers()["docker-upload-uuid"]
            .to_str()
            .unwrap()
            .to_string();
        sessions.push(id);
    }
    let stale_id = registryctl::storage::UploadId::parse(&sessions[0]).expect("upload id");
    let stale = store_path(s.root(), &paths::upload_dir(&stale_id));
    let old = SystemTime::now() - Duration::from_secs(3 * 24 * 3600);
    for key in [paths::upload_data(&stale_id), paths::upload_meta(&stale_id)] {
        std::fs::File::options()
            .write(true)
            .open(store_path(s.root(), &key))
            .unwrap()
            .set_modified(old)
            .unwrap();
    }

    let r = gc(s.root(), &["--grace-period", "0s", "--upload-ttl", "24h"]).await;
    assert!(!bytes_exist(&s, &orphan));
    assert!(!bytes_exist(&s, &unlinked));
    assert!(has_blob(&s, "o", &digest(b"layer")).await);
    assert_eq!(r["blobs_deleted"], 2);
    assert_eq!(
        r["bytes_freed"],
        (b"orphan".len() + b"unlinked".len()) as u64
    );
    assert_eq!(r["upload_sessions_removed"], 1);
    assert_eq!(r["held_back"]["upload_sessions"], 1);
    assert!(!stale.exists());
    let fresh_id = registryctl::storage::UploadId::parse(&sessions[1]).expect("upload id");
    assert!(store_path(s.root(), &paths::upload_dir(&fresh_id)).exists());
}

/// Sets the modification time of every file under `dir` to `t`.
fn age_tree(dir: &Path, t: SystemTime) {
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let p = e.path();
        if e.file_type().unwrap().is_dir() {
            age_tree(&p, t);
        } else {
            std::fs::File::options()
                .write(true)
                .open(&p)
                .unwrap()
                .set_modified(t)
                .unwrap();
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn grace_period_is_honoured() {
    let s = TestServer::start().await;
    push_image(&s, "g", "v1", b"cfg", &[b"layer"]).await;
    let orphan = push_blob(&s, "g", b"young-orphan").await;

    // Default grace period (1h): fresh garbage is held back and reported as such.
    let r = gc(s.root(), &[]).await;
    assert_eq!(r["grace_period_seconds"], 3600);
    assert_eq!(r["layer_links_removed"], 0);
    assert_eq!(r["blobs_deleted"], 0);
    assert_eq!(r["held_back"]["layer_links"], 1);
    assert_eq!(r["held_back"]["blobs"], 0, "bytes are still linked");
    assert!(bytes_exist(&s, &orphan));

    // Two hours later (mtimes moved back), a 1h grace period lets it go, a 3h one not.
    age_tree(
        &store_path(s.root(), &paths::top(paths::REPOSITORIES)),
        SystemTime::now() - Duration::from_secs(7200),
    );
    age_tree(
        &store_path(s.root(), &paths::top(paths::BLOBS)),
        SystemTime::now() - Duration::from_secs(7200),
    );
    let r = gc(s.root(), &["--grace-period", "3h"]).await;
    assert_eq!(r["layer_links_removed"], 0);
    let r = gc(s.root(), &["--grace-period", "1h"]).await;
    assert_eq!(r["layer_links_removed"], 1);
    assert_eq!(r["blobs_deleted"], 1);
    assert!(!bytes_exist(&s, &orphan));
}

/// Every path under `root` except lock files, with size and mtime.
fn tree(root: &Path) -> BTreeMap<String, (u64, SystemTime, bool)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let e = e.unwrap();
            let p = e.path();
            let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
            if rel.starts_with("locks") {
                continue;
            }
            let m = e.metadata().unwrap();
            out.insert(rel, (m.len(), m.modified().unwrap(), m.is_dir()));
            if m.is_dir() {
                stack.push(p);
            }
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dry_run_changes_nothing_and_lists_the_plan() {
    let s = TestServer::start().await;
    push_image(&s, "d", "v1", b"cfg-1", &[b"layer-1"]).await;
    push_image(&s, "d", "v1", b"cfg-2", &[b"layer-2"]).await;
    push_blob(&s, "d", b"orphan").await;
    let r = http()
        .post(s.at("/v2/d/blobs/uploads/"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202);
    let before = tree(s.root());

    const ARGS: [&str; 5] = [
        "--delete-untagged",
        "--grace-period",
        "0s",
        "--upload-ttl",
        "0s",
    ];
    let mut dry = vec!["--dry-run"];
    dry.extend(ARGS);
    let plan = gc(s.root(), &dry).await;
    assert_eq!(tree(s.root()), before, "dry run changed the store");
    assert_eq!(plan["dry_run"], true);
    let items = plan["items"].as_array().unwrap();
    let removed = |kind: &str| {
        items
            .iter()
            .filter(|i| i["kind"] == kind && i["action"] == "remove")
            .count()
    };
    assert_eq!(removed("manifest"), 1);
    assert_eq!(removed("layer-link"), 3); // cfg-1, layer-1, orphan
    assert_eq!(removed("blob"), 4); // those three and the old manifest's bytes
    assert_eq!(removed("upload"), 1);
    for i in items {
        assert!(i["size"].is_u64() && i["age_seconds"].is_u64(), "{i}");
        if i["kind"] != "blob" && i["kind"] != "upload" {
            assert_eq!(i["repository"], "d");
        }
    }

    // The real run removes exactly what the plan said.
    let real = gc(s.root(), &ARGS).await;
    for k in [
        "manifests_removed",
        "layer_links_removed",
        "blobs_deleted",
        "bytes_freed",
        "upload_sessions_removed",
    ] {
        assert_eq!(real[k], plan[k], "{k}");
    }
    // ... and lists it, item for item.
    // Ages differ between the two runs; everything else must match.
    let removals = |items: &[serde_json::Value]| {
        let mut out: Vec<String> = items
            .iter()
            .filter(|i| i["action"] == "remove")
            .map(|i| {
                let mut i = i.clone();
                i["age_seconds"] = 0.into();
                i.to_string()
            })
            .collect();
        out.sort();
        out
    };
    let done = real["items"]
        .as_array()
        .expect("a real run lists its items");
    assert_eq!(removals(done), removals(items));

    // A dry run with the default grace period shows the same garbage as held back.
    push_blob(&s, "d", b"young").await;
    let plan = gc(s.root(), &["--dry-run"]).await;
    let items = plan["items"].as_array().unwrap();
    assert!(items
        .iter()
        .any(|i| i["action"] == "held-back" && i["digest"] == digest(b"young").to_string()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn second_gc_exits_with_already_running() {
    let s = TestServer::start().await;
    let guard = s.store.try_gc_lock().unwrap().expect("gc lock free");
    let root = s.root().to_path_buf();
    let (code, _, stderr) =
        tokio::task::spawn_blocking(move || gc_sync(&root, &["--grace-period", "0s"]))
            .await
            .unwrap();
    assert_eq!(code, 8, "{stderr}");
    assert!(stderr.contains("already running"), "{stderr}");
    drop(guard);
    let root = s.root().to_path_buf();
    let (code, _, stderr) = tokio::task::spawn_blocking(move || gc_sync(&root, &["-q"]))
        .await
        .unwrap();
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.is_empty(), "-q prints nothing: {stderr}");
}

#[test]
fn help_and_usage() {
    let out = Command::new(bin()).args(["gc", "--help"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    for w in [
        "Exit codes",
        "--grace-period",
        "--delete-untagged",
        "Examples",
        "8  another gc",
    ] {
        assert!(text.contains(w), "help lacks {w}: {text}");
    }
    let out = Command::new(bin())
        .args(["gc", "--grace-period", "soon"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

// ---- stress ---------------------------------------------------------------------

/// A blob pushed through the API the way clients do: HEAD first and skip the upload
/// if the registry has it; else mount from `from` when given; else upload.
async fn ensure_blob(url: &str, repo: &str, from: Option<&str>, data: &[u8]) -> Result<(), String> {
    let c = http();
    let d = digest(data);
    let head = c
        .head(format!("{url}/v2/{repo}/blobs/{d}"))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if head.status() == 200 {
        return Ok(());
    }
    if let Some(from) = from {
        let r = c
            .post(format!(
                "{url}/v2/{repo}/blobs/uploads/?mount={d}&from={from}"
            ))
            .send()
            .await
            .map_err(|e| e.to_string())?;
        match r.status().as_u16() {
            201 => return Ok(()),
            202 => {
                let loc = r.headers()["location"].to_str().unwrap().to_string();
                let sep = if loc.contains('?') { '&' } else { '?' };
                let loc = if loc.starts_with('/') {
                    format!("{url}{loc}")
                } else {
                    loc
                };
                let r = c
                    .put(format!("{loc}{sep}digest={d}"))
                    .body(data.to_vec())
                    .send()
                    .await
                    .map_err(|e| e.to_string())?;
                return if r.status() == 201 {
                    Ok(())
                } else {
                    Err(format!("upload after mount fallback: {}", r.status()))
                };
            }
            s => return Err(format!("mount: {s}")),
        }
    }
    let r = c
        .post(format!("{url}/v2/{repo}/blobs/uploads/?digest={d}"))
        .body(data.to_vec())
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if r.status() == 201 {
        Ok(())
    } else {
        Err(format!("upload: {}", r.status()))
    }
}

enum PushOutcome {
    Ok,
    /// `MANIFEST_BLOB_UNKNOWN`: a clean refusal, allowed when gc removed something the
    /// client had checked before the run.
    BlobUnknown,
}

async fn put_m(
    url: &str,
    repo: &str,
    reference: &str,
    mt: &str,
    body: &[u8],
) -> Result<PushOutcome, String> {
    let r = http()
        .put(format!("{url}/v2/{repo}/manifests/{reference}"))
        .header("content-type", mt)
        .body(body.to_vec())
        .send()
        .await
        .map_err(|e| e.to_string())?;
    match r.status().as_u16() {
        201 => Ok(PushOutcome::Ok),
        400 => {
            let v: Value = r.json().await.map_err(|e| e.to_string())?;
            if v["errors"][0]["code"] == "MANIFEST_BLOB_UNKNOWN" {
                Ok(PushOutcome::BlobUnknown)
            } else {
                Err(format!("manifest push refused: {v}"))
            }
        }
        s => Err(format!(
            "manifest push: {s} {}",
            r.text().await.unwrap_or_default()
        )),
    }
}

/// Pulls a manifest (by tag or digest) and everything it references, verifying every
/// digest. Returns the manifest's digest.
async fn pull_all(url: &str, repo: &str, reference: &str) -> Result<Digest, String> {
    let c = http();
    let r = c
        .get(format!("{url}/v2/{repo}/manifests/{reference}"))
        .header("accept", "*/*")
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if r.status() != 200 {
        return Err(format!("manifest {repo}:{reference}: {}", r.status()));
    }
    let body = r.bytes().await.map_err(|e| e.to_string())?;
    let d = digest(&body);
    if reference.contains(':') && d.to_string() != reference {
        return Err(format!("manifest {reference} has digest {d}"));
    }
    let v: Value = serde_json::from_slice(&body).map_err(|e| e.to_string())?;
    let mut blobs: Vec<String> = Vec::new();
    if let Some(c) = v["config"]["digest"].as_str() {
        blobs.push(c.to_string());
    }
    for l in v["layers"].as_array().into_iter().flatten() {
        blobs.push(l["digest"].as_str().unwrap_or_default().to_string());
    }
    for b in blobs {
        let r = c
            .get(format!("{url}/v2/{repo}/blobs/{b}"))
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if r.status() != 200 {
            return Err(format!("blob {b} of {repo}:{reference}: {}", r.status()));
        }
        let data = r.bytes().await.map_err(|e| e.to_string())?;
        if digest(&data).to_string() != b {
            return Err(format!("blob {b} of {repo}:{reference} does not verify"));
        }
    }
    for m in v["manifests"].as_array().into_iter().flatten() {
        let child = m["digest"].as_str().unwrap_or_default().to_string();
        Box::pin(pull_all(url, repo, &child)).await?;
    }
    Ok(d)
}

#[derive(Default)]
struct WriterLog {
    /// Tag -> digest of the last successful push.
    tags: HashMap<String, Digest>,
    pushes: u64,
    clean_refusals: u64,
}

async fn writer(url: String, w: usize, deadline: Instant) -> Result<WriterLog, String> {
    let repo = format!("stress/w{w}");
    let other = format!("stress/w{}", (w + 1) % 4);
    let shared: Vec<Vec<u8>> = (0..3)
        .map(|i| format!("shared-base-{i}").into_bytes())
        .collect();
    let mut log = WriterLog::default();
    let mut k = 0u64;
    let mut last_image: Option<Vec<u8>> = None;
    while Instant::now() < deadline {
        k += 1;
        let config = format!("config {w} {k}").into_bytes();
        let own = format!("own layer {w} {k} {}", "x".repeat((k % 7) as usize * 100)).into_bytes();
        let base = &shared[(k % 3) as usize];
        // Shared layers: HEAD-then-skip, or a mount from the neighbour's repository.
        let from = (k % 2 == 0).then_some(other.as_str());
        ensure_blob(&url, &repo, from, base).await?;
        ensure_blob(&url, &repo, None, &config).await?;
        ensure_blob(&url, &repo, None, &own).await?;
        let m = image_manifest(&config, &[base.as_slice(), own.as_slice()]);
        let tag = format!("t{}", k % 4); // tags are overwritten all the time
        match k % 5 {
            // An index whose children are pushed by digest only.
            0 => {
                let d1 = digest(&m).to_string();
                let r1 = put_m(&url, &repo, &d1, OCI_MANIFEST, &m).await?;
                let prev = last_image.clone().unwrap_or_else(|| m.clone());
                // The previous image may be gone (untagged and collected): push it again.
                let r2 =
                    put_m(&url, &repo, &digest(&prev).to_string(), OCI_MANIFEST, &prev).await?;
                if matches!(r1, PushOutcome::BlobUnknown) || matches!(r2, PushOutcome::BlobUnknown)
                {
                    log.clean_refusals += 1;
                    continue;
                }
                let idx = index_of(&[(&m, OCI_MANIFEST), (&prev, OCI_MANIFEST)]);
                match put_m(&url, &repo, &format!("idx{}", k % 2), OCI_INDEX, &idx).await? {
                    PushOutcome::Ok => {
                        log.pushes += 1;
                        log.tags.insert(format!("idx{}", k % 2), digest(&idx));
                    }
                    PushOutcome::BlobUnknown => log.clean_refusals += 1,
                }
            }
            _ => match put_m(&url, &repo, &tag, OCI_MANIFEST, &m).await? {
                PushOutcome::Ok => {
                    log.pushes += 1;
                    log.tags.insert(tag.clone(), digest(&m));
                    // A referrer of the image just pushed, by digest only.
                    if k % 3 == 0 {
                        let sig = format!("signature {w} {k}").into_bytes();
                        ensure_blob(&url, &repo, None, b"{}").await?;
                        ensure_blob(&url, &repo, None, &sig).await?;
                        let r = referrer_of(&m, b"{}", &sig);
                        put_m(&url, &repo, &digest(&r).to_string(), OCI_MANIFEST, &r).await?;
                    }
                    last_image = Some(m);
                }
                PushOutcome::BlobUnknown => log.clean_refusals += 1,
            },
        }
    }
    Ok(log)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn stress_gc_next_to_writers_loses_nothing() {
    let s = TestServer::start().await;
    let secs: u64 = std::env::var("GC_STRESS_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12);
    let deadline = Instant::now() + Duration::from_secs(secs);
    let writers: Vec<_> = (0..4)
        .map(|w| tokio::spawn(writer(s.url.clone(), w, deadline)))
        .collect();
    let root = s.root().to_path_buf();
    let gcs = tokio::task::spawn_blocking(move || {
        let mut runs = Vec::new();
        while Instant::now() < deadline {
            let (code, json, stderr) = gc_sync(
                &root,
                &["--json", "--delete-untagged", "--grace-period", "0s"],
            );
            assert_eq!(code, 0, "gc failed during the stress test: {stderr}");
            runs.push(json);
        }
        runs
    });
    let mut logs = Vec::new();
    for w in writers {
        logs.push(w.await.expect("writer panicked").expect("writer failed"));
    }
    let runs = gcs.await.expect("gc loop");
    // One more collection with everything quiet, then every tag must pull completely.
    let fin = gc(s.root(), &["--delete-untagged", "--grace-period", "0s"]).await;
    let removed: u64 = runs
        .iter()
        .chain(std::iter::once(&fin))
        .map(|r| {
            r["manifests_removed"].as_u64().unwrap() + r["layer_links_removed"].as_u64().unwrap()
        })
        .sum();
    let pushes: u64 = logs.iter().map(|l| l.pushes).sum();
    let refusals: u64 = logs.iter().map(|l| l.clean_refusals).sum();
    eprintln!(
        "stress: {} gc runs, {removed} links removed, {pushes} successful pushes, {refusals} clean refusals",
        runs.len()
    );
    assert!(runs.len() >= 2, "gc ran too few times");
    assert!(
        removed > 0,
        "gc removed nothing: the test did not exercise it"
    );
    let mut failures = Vec::new();
    for (w, log) in logs.iter().enumerate() {
        for (tag, d) in &log.tags {
            match pull_all(&s.url, &format!("stress/w{w}"), tag).await {
                Ok(got) if &got == d => {}
                Ok(got) => failures.push(format!("w{w}:{tag} is {got}, pushed {d}")),
                Err(e) => failures.push(e),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures: {failures:#?}",
        failures.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upload_removed_by_gc_fails_cleanly_at_finish() {
    use registryctl::storage::UploadError;
    let s = TestServer::start().await;
    let repo: registryctl::oci::RepoName = "up".parse().unwrap();
    let id = s.store.start_upload(&repo, None).unwrap();
    let mut w = s.store.upload_writer(&repo, &id, None).unwrap();
    w.write(b"some bytes").unwrap();
    w.flush().unwrap();
    // Lets the filesystem's coarse clock move past the session's mtime, so that gc's
    // start time is strictly later (a clock tick, not a condition to poll for).
    std::thread::sleep(Duration::from_millis(20));
    // A session untouched for longer than the TTL (0s here) is removed...
    gc(s.root(), &["--upload-ttl", "0s"]).await;
    // ...and finishing it is a clean "unknown session", not a store failure.
    let err = s
        .store
        .finish_upload(w, &digest(b"some bytes"))
        .unwrap_err();
    assert!(matches!(err, UploadError::Unknown), "{err:?}");
    assert!(!bytes_exist(&s, &digest(b"some bytes")));
}
