//! `registryctl blob ls`, `repo ls|rm`, `tag ls|rm`, `manifest rm` with the real
//! binary against a store a real server is serving.

mod common;

use std::path::Path;
use std::time::{Duration, SystemTime};

use common::*;
use serde_json::Value;

async fn json(root: &Path, args: &[&str]) -> Value {
    let (code, out, err) = run_cli_async(root, args).await;
    assert_eq!(code, 0, "{args:?}: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

fn digests(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|b| b["digest"].as_str().unwrap().to_string())
        .collect()
}

fn blob_path(root: &Path, d: &registryctl::oci::Digest) -> std::path::PathBuf {
    store_path(root, &paths::blob_data(d))
}

struct Fixture {
    s: TestServer,
    big: Vec<u8>,
    shared: Vec<u8>,
    m_app: registryctl::oci::Digest,
    m_db: registryctl::oci::Digest,
}

/// acme/app:v1 and acme/app/sub:v1 share a layer; other/db:v1 is untagged later.
async fn fixture() -> Fixture {
    let s = TestServer::start().await;
    let big = vec![3u8; 300 * 1024];
    let shared = vec![5u8; 20 * 1024];
    let m_app = push_image(&s, "acme/app", "v1", b"{\"app\":1}", &[&big, &shared]).await;
    push_image(&s, "acme/app/sub", "v1", b"{\"sub\":1}", &[&shared]).await;
    let m_db = push_image(&s, "other/db", "v1", b"{\"db\":1}", &[b"db-layer"]).await;
    Fixture {
        s,
        big,
        shared,
        m_app,
        m_db,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn blob_ls_filters_sorts_limits() {
    let f = fixture().await;
    let root = f.s.root().to_path_buf();
    let all = json(&root, &["blob", "ls", "--json"]).await;
    // 3 configs + big + shared + db layer + 3 manifests.
    assert_eq!(all.as_array().unwrap().len(), 9);
    let mut sorted = digests(&all);
    sorted.sort();
    assert_eq!(digests(&all), sorted, "default order is by digest");
    let shared_d = digest(&f.shared).to_string();
    let row = all
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["digest"] == shared_d.as_str())
        .unwrap();
    assert_eq!(row["size"], 20 * 1024);
    assert_eq!(row["manifests"], 2);
    assert_eq!(row["reachable"], true);
    assert_eq!(
        row["repositories"],
        serde_json::json!(["acme/app", "acme/app/sub"])
    );
    assert!(row["age_secs"].as_u64().is_some() && row["modified"].as_str().is_some());

    // --repo glob: `*` stays in one component, `**` crosses.
    let one = json(&root, &["blob", "ls", "--json", "--repo", "acme/*"]).await;
    // acme/app's config, big, shared and manifest (not acme/app/sub's own blobs).
    assert_eq!(one.as_array().unwrap().len(), 4, "{one:#}");
    let deep = json(&root, &["blob", "ls", "--json", "--repo", "acme/**"]).await;
    assert_eq!(deep.as_array().unwrap().len(), 6, "{deep:#}");
    let db = json(&root, &["blob", "ls", "--json", "--repo", "other/d?"]).await;
    assert_eq!(db.as_array().unwrap().len(), 3);

    // --min-size with human units.
    let big = json(&root, &["blob", "ls", "--json", "--min-size", "100K"]).await;
    assert_eq!(digests(&big), vec![digest(&f.big).to_string()]);

    // --sort size (largest first), --limit.
    let by_size = json(
        &root,
        &["blob", "ls", "--json", "--sort", "size", "--limit", "2"],
    )
    .await;
    let sizes: Vec<u64> = by_size
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["size"].as_u64().unwrap())
        .collect();
    assert_eq!(sizes, vec![300 * 1024, 20 * 1024]);

    // --older-than and --sort age (oldest first).
    let old = blob_path(&root, &f.m_db);
    std::fs::File::options()
        .write(true)
        .open(&old)
        .unwrap()
        .set_modified(SystemTime::now() - Duration::from_secs(10 * 86400))
        .unwrap();
    let older = json(&root, &["blob", "ls", "--json", "--older-than", "7d"]).await;
    assert_eq!(digests(&older), vec![f.m_db.to_string()]);
    let by_age = json(&root, &["blob", "ls", "--json", "--sort", "age"]).await;
    assert_eq!(digests(&by_age)[0], f.m_db.to_string());

    // --unreachable: untagging other/db makes its manifest, config and layer unreachable.
    let (code, _, err) = run_cli_async(&root, &["tag", "rm", "other/db:v1"]).await;
    assert_eq!(code, 0, "{err}");
    let unref = json(&root, &["blob", "ls", "--json", "--unreachable"]).await;
    let mut expect = vec![
        f.m_db.to_string(),
        digest(b"{\"db\":1}").to_string(),
        digest(b"db-layer").to_string(),
    ];
    expect.sort();
    assert_eq!(digests(&unref), expect);
    assert!(unref
        .as_array()
        .unwrap()
        .iter()
        .all(|b| b["reachable"] == false));

    // --jsonl: one object per line.
    let (code, out, _) = run_cli_async(&root, &["blob", "ls", "--jsonl", "--limit", "4"]).await;
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 4);
    for l in out.lines() {
        let v: Value = serde_json::from_str(l).unwrap();
        assert!(v["digest"].as_str().unwrap().starts_with("sha256:"));
    }

    // Table with a totals line; --bytes prints raw sizes.
    let (code, out, _) = run_cli_async(&root, &["blob", "ls", "--sort", "size", "--bytes"]).await;
    assert_eq!(code, 0);
    let first = out.lines().nth(1).unwrap();
    assert!(
        // Tables show sha256: and 12 hex digits (--no-trunc for all).
        first.starts_with(&digest(&f.big).to_string()[..19]) && first.contains("307200"),
        "{out}"
    );
    assert!(
        out.lines()
            .last()
            .unwrap()
            .starts_with("9 of 9 blobs shown"),
        "{out}"
    );
    let (_, out, _) = run_cli_async(&root, &["blob", "ls", "--sort", "size"]).await;
    assert!(out.contains("300.0 KiB"), "{out}");

    // Bad values say what is expected.
    let (code, _, err) = run_cli_async(&root, &["blob", "ls", "--min-size", "lots"]).await;
    assert_eq!(code, 2);
    assert!(err.contains("not a size"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repo_tag_manifest_commands_next_to_running_server() {
    let f = fixture().await;
    let s = &f.s;
    let root = s.root().to_path_buf();

    let repos = json(&root, &["repo", "ls", "--json"]).await;
    let names: Vec<&str> = repos
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["acme/app", "acme/app/sub", "other/db"]);
    assert_eq!(repos[0]["tags"], 1);
    assert_eq!(repos[0]["manifests"], 1);
    assert_eq!(repos[0]["blobs"], 3);
    let app_manifest_len = std::fs::metadata(blob_path(&root, &f.m_app)).unwrap().len();
    assert_eq!(
        repos[0]["bytes"].as_u64().unwrap(),
        9 + 300 * 1024 + 20 * 1024 + app_manifest_len
    );
    let (code, out, _) = run_cli_async(&root, &["repo", "ls"]).await;
    assert_eq!(code, 0);
    assert!(
        out.contains("acme/app/sub") && out.contains("3 repositories"),
        "{out}"
    );

    // tag ls, then a second tag through the API, seen by the command.
    let body = image_manifest(b"{\"app\":1}", &[&f.big, &f.shared]);
    let r = put_manifest(
        s,
        "acme/app",
        "v2",
        "application/vnd.oci.image.manifest.v1+json",
        &body,
    )
    .await;
    assert_eq!(r.status(), 201);
    let tags = json(&root, &["tag", "ls", "acme/app", "--json"]).await;
    assert_eq!(tags.as_array().unwrap().len(), 2);
    assert_eq!(tags[0]["tag"], "v1");
    assert_eq!(tags[0]["digest"], f.m_app.to_string());

    // tag rm: the server stops serving the tag; the manifest stays.
    let (code, out, err) = run_cli_async(&root, &["tag", "rm", "acme/app:v1"]).await;
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("untagged acme/app:v1"));
    let accept = "application/vnd.oci.image.manifest.v1+json";
    let get = |reference: String| {
        http()
            .get(s.at(&format!("/v2/acme/app/manifests/{reference}")))
            .header("accept", accept)
            .send()
    };
    assert_eq!(get("v1".into()).await.unwrap().status(), 404);
    assert_eq!(get(f.m_app.to_string()).await.unwrap().status(), 200);
    let (code, _, err) = run_cli_async(&root, &["tag", "rm", "acme/app:v1"]).await;
    assert_eq!(code, 3, "no such tag");
    assert!(err.contains("no tag v1"), "{err}");
    let (code, _, err) = run_cli_async(&root, &["tag", "rm", "acme/app"]).await;
    assert_eq!(code, 2, "malformed argument");
    assert!(err.contains("REPO:TAG"), "{err}");

    // manifest rm: gone by digest, and the tag pointing at it with it.
    let (code, _, err) = run_cli_async(
        &root,
        &["manifest", "rm", &format!("acme/app@{}", f.m_app), "--yes"],
    )
    .await;
    assert_eq!(code, 0, "{err}");
    assert_eq!(get(f.m_app.to_string()).await.unwrap().status(), 404);
    assert_eq!(get("v2".into()).await.unwrap().status(), 404);
    let (code, _, _) = run_cli_async(
        &root,
        &["manifest", "rm", &format!("acme/app@{}", f.m_app), "--yes"],
    )
    .await;
    assert_eq!(code, 3, "no such manifest");

    // repo rm refuses without --yes when stdin is not a terminal.
    let (code, _, err) = run_cli_async(&root, &["repo", "rm", "other/db"]).await;
    assert_eq!(code, 2, "a confirmation with no terminal is a usage error");
    assert!(err.contains("--yes"), "{err}");
    let tags_list = || http().get(s.at("/v2/other/db/tags/list")).send();
    assert_eq!(tags_list().await.unwrap().status(), 200);
    let (code, _, err) = run_cli_async(&root, &["repo", "rm", "other/db", "--yes"]).await;
    assert_eq!(code, 0, "{err}");
    assert_eq!(tags_list().await.unwrap().status(), 404);
    let (code, _, err) = run_cli_async(&root, &["repo", "rm", "other/db", "--yes"]).await;
    assert_eq!(code, 3);
    assert!(err.contains("no repository"), "{err}");
    let repos = json(&root, &["repo", "ls", "--json"]).await;
    assert_eq!(repos.as_array().unwrap().len(), 2);
    // The removed repository's blob bytes stay for gc.
    assert!(blob_path(&root, &f.m_db).exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reachability_follows_indexes_and_referrers() {
    let s = TestServer::start().await;
    let root = s.root().to_path_buf();
    let oci_manifest = "application/vnd.oci.image.manifest.v1+json";
    // An image pushed by digest only, then a tagged index over it.
    for b in [&b"{\"child\":1}"[..], b"child-layer"] {
        push_blob(&s, "acme/app", b).await;
    }
    let child = image_manifest(b"{\"child\":1}", &[b"child-layer"]);
    let child_d = digest(&child);
    let r = put_manifest(&s, "acme/app", &child_d.to_string(), oci_manifest, &child).await;
    assert_eq!(r.status(), 201);
    let index = serde_json::to_vec(&serde_json::json!({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.index.v1+json",
        "manifests": [{"mediaType": oci_manifest, "digest": child_d.to_string(), "size": child.len()}],
    }))
    .unwrap();
    let index_d = digest(&index);
    let r = put_manifest(
        &s,
        "acme/app",
        "multi",
        "application/vnd.oci.image.index.v1+json",
        &index,
    )
    .await;
    assert_eq!(r.status(), 201);
    // A signature-like referrer of the index, untagged.
    let sig_config = b"{\"sig\":1}";
    push_blob(&s, "acme/app", sig_config).await;
    let sig = serde_json::to_vec(&serde_json::json!({
        "schemaVersion": 2,
        "mediaType": oci_manifest,
        "artifactType": "application/example.signature",
        "config": {"mediaType": "application/vnd.oci.empty.v1+json", "digest": digest(sig_config).to_string(), "size": sig_config.len()},
        "layers": [],
        "subject": {"mediaType": "application/vnd.oci.image.index.v1+json", "digest": index_d.to_string(), "size": index.len()},
    }))
    .unwrap();
    let sig_d = digest(&sig);
    let r = put_manifest(&s, "acme/app", &sig_d.to_string(), oci_manifest, &sig).await;
    assert_eq!(r.status(), 201);
    // An untagged image nothing refers to.
    for b in [&b"{\"orphan\":1}"[..], b"orphan-layer"] {
        push_blob(&s, "acme/app", b).await;
    }
    let orphan = image_manifest(b"{\"orphan\":1}", &[b"orphan-layer"]);
    let r = put_manifest(
        &s,
        "acme/app",
        &digest(&orphan).to_string(),
        oci_manifest,
        &orphan,
    )
    .await;
    assert_eq!(r.status(), 201);

    let unref = json(&root, &["blob", "ls", "--json", "--unreachable"]).await;
    let mut expect = vec![
        digest(&orphan).to_string(),
        digest(b"{\"orphan\":1}").to_string(),
        digest(b"orphan-layer").to_string(),
    ];
    expect.sort();
    assert_eq!(digests(&unref), expect);
    let all = json(&root, &["blob", "ls", "--json"]).await;
    let child_row = all
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["digest"] == child_d.to_string().as_str())
        .unwrap();
    // Referenced by the index; reachable through it.
    assert_eq!(child_row["manifests"], 1);
    assert_eq!(child_row["reachable"], true);
    assert_eq!(all.as_array().unwrap().len(), 9);
}
