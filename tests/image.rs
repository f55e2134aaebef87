//! `registryctl image export|import|copy`: OCI image layouts in and out of the store
//! (directory and tar), multi-platform indexes whole, digests checked both ways, and
//! copies between repositories that link instead of copying bytes.

mod common;

use std::path::Path;

use common::*;
use serde_json::{json, Value};

const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";
const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";

fn big_layer() -> Vec<u8> {
    (0..3_000_000u32).map(|i| (i * 7 % 253) as u8).collect()
}

async fn manifest_digest(s: &TestServer, repo: &str, reference: &str) -> Option<String> {
    let r = http()
        .get(s.at(&format!("/v2/{repo}/manifests/{reference}")))
        .header("accept", format!("{OCI_MANIFEST}, {OCI_INDEX}"))
        .send()
        .await
        .expect("get manifest");
    if r.status() == 404 {
        return None;
    }
    assert_eq!(r.status(), 200);
    let body = r.bytes().await.expect("body");
    Some(digest(&body).to_string())
}

fn layout_index(dir: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(dir.join("index.json")).expect("index.json"))
        .expect("index json")
}

/// Every blob file of a layout hashes to its name.
fn assert_layout_consistent(dir: &Path) {
    let mut n = 0;
    for e in std::fs::read_dir(dir.join("blobs/sha256")).expect("blobs dir") {
        let e = e.expect("entry");
        let bytes = std::fs::read(e.path()).expect("blob");
        assert_eq!(
            digest(&bytes).hex(),
            e.file_name().to_string_lossy(),
            "layout blob named by its digest"
        );
        n += 1;
    }
    assert!(n > 0);
    let marker: Value =
        serde_json::from_slice(&std::fs::read(dir.join("oci-layout")).expect("oci-layout"))
            .expect("marker json");
    assert_eq!(marker["imageLayoutVersion"], "1.0.0");
}

/// Pushes a two-platform index tagged `multi`, returning its digest.
async fn push_index(s: &TestServer, repo: &str) -> String {
    let mut children = Vec::new();
    for arch in ["amd64", "arm64"] {
        let config = format!("{{\"architecture\":\"{arch}\"}}");
        let layer = format!("layer for {arch}");
        let d = push_image(s, repo, "tmp", config.as_bytes(), &[layer.as_bytes()]).await;
        let m = image_manifest(config.as_bytes(), &[layer.as_bytes()]);
        children.push(
            json!({"mediaType": OCI_MANIFEST, "digest": d.to_string(), "size": m.len(),
                             "platform": {"os": "linux", "architecture": arch}}),
        );
    }
    let index = serde_json::to_vec(&json!({"schemaVersion": 2, "mediaType": OCI_INDEX,
                                           "manifests": children}))
    .expect("json");
    let r = put_manifest(s, repo, "multi", OCI_INDEX, &index).await;
    assert_eq!(r.status(), 201);
    let r = delete(s, &format!("/v2/{repo}/manifests/tmp")).await;
    assert!(r.status().is_success());
    digest(&index).to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_then_import_into_another_store() {
    let a = TestServer::start().await;
    let layer = big_layer();
    let d = push_image(&a, "acme/app", "v1", b"{\"cfg\":1}", &[&layer, b"small"]).await;
    let out = tempfile::tempdir().expect("tempdir");
    let layout = out.path().join("layout");
    let layout_s = layout.to_string_lossy().to_string();
    let (code, stdout, stderr) =
        run_cli_async(a.root(), &["image", "export", "acme/app:v1", &layout_s]).await;
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("1 manifests, 3 blobs"), "{stdout}");
    assert_layout_consistent(&layout);
    let index = layout_index(&layout);
    assert_eq!(index["manifests"][0]["digest"], d.to_string());
    assert_eq!(
        index["manifests"][0]["annotations"]["org.opencontainers.image.ref.name"],
        "v1"
    );

    let b_dir = common::new_store();
    let (code, stdout, stderr) = run_cli_async(
        b_dir.path(),
        &["image", "import", &layout_s, "team/copy:v2", "--json"],
    )
    .await;
    assert_eq!(code, 0, "{stdout}{stderr}");
    let report: Value = serde_json::from_str(&stdout).expect("json report");
    assert_eq!(report["blobs"], 3);
    assert_eq!(report["digest"], d.to_string());
    let b = TestServer::start_in(b_dir).await;
    assert_eq!(
        manifest_digest(&b, "team/copy", "v2").await.as_deref(),
        Some(d.to_string().as_str())
    );
    assert_blob_body(&b, "team/copy", &digest(&layer), &layer).await;
    // A second import finds everything there.
    let (code, stdout, _) = run_cli_async(
        b.root(),
        &["image", "import", &layout_s, "team/copy:v2", "--json"],
    )
    .await;
    assert_eq!(code, 0);
    let report: Value = serde_json::from_str(&stdout).expect("json report");
    assert_eq!(report["blobs_present"], 3);
    assert_eq!(report["bytes_written"], 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_two_platform_index_round_trips_through_a_tar_archive() {
    let a = TestServer::start().await;
    let index = push_index(&a, "acme/multi").await;
    let out = tempfile::tempdir().expect("tempdir");
    let tar = out.path().join("multi.tar");
    let tar_s = tar.to_string_lossy().to_string();
    let (code, stdout, stderr) = run_cli_async(
        a.root(),
        &["image", "export", "acme/multi:multi", "--tar", &tar_s],
    )
    .await;
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("3 manifests, 4 blobs"), "{stdout}");
    // The archive is a layout: unpack it with tar(1) and check it.
    let unpacked = out.path().join("unpacked");
    std::fs::create_dir(&unpacked).expect("mkdir");
    let st = std::process::Command::new("tar")
        .arg("-xf")
        .arg(&tar)
        .arg("-C")
        .arg(&unpacked)
        .status()
        .expect("tar");
    assert!(st.success());
    assert_layout_consistent(&unpacked);

    let b_dir = common::new_store();
    let (code, stdout, stderr) = run_cli_async(
        b_dir.path(),
        &["image", "import", &tar_s, "other/multi:multi"],
    )
    .await;
    assert_eq!(code, 0, "{stdout}{stderr}");
    let b = TestServer::start_in(b_dir).await;
    assert_eq!(
        manifest_digest(&b, "other/multi", "multi").await.as_deref(),
        Some(index.as_str())
    );
    // Every child manifest came along, by digest.
    let idx: Value = serde_json::from_slice(
        &http()
            .get(b.at("/v2/other/multi/manifests/multi"))
            .header("accept", OCI_INDEX)
            .send()
            .await
            .expect("get")
            .bytes()
            .await
            .expect("body"),
    )
    .expect("index json");
    for child in idx["manifests"].as_array().expect("children") {
        let cd = child["digest"].as_str().expect("digest");
        assert_eq!(
            manifest_digest(&b, "other/multi", cd).await.as_deref(),
            Some(cd)
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_damaged_layout_imports_nothing_under_the_tag() {
    let a = TestServer::start().await;
    let layer = b"the real layer".to_vec();
    push_image(&a, "acme/app", "v1", b"{}", &[&layer]).await;
    let out = tempfile::tempdir().expect("tempdir");
    let layout = out.path().join("layout");
    let layout_s = layout.to_string_lossy().to_string();
    let (code, _, stderr) =
        run_cli_async(a.root(), &["image", "export", "acme/app:v1", &layout_s]).await;
    assert_eq!(code, 0, "{stderr}");
    // Same length, other bytes.
    let blob = layout.join("blobs/sha256").join(digest(&layer).hex());
    std::fs::write(&blob, b"the fake layer").expect("tamper");
    let b_dir = common::new_store();
    let (code, _, stderr) =
        run_cli_async(b_dir.path(), &["image", "import", &layout_s, "acme/app:v1"]).await;
    assert_eq!(code, 1);
    assert!(
        stderr.contains(&digest(&layer).to_string()),
        "names the blob: {stderr}"
    );
    let b = TestServer::start_in(b_dir).await;
    assert!(manifest_digest(&b, "acme/app", "v1").await.is_none());
    let r = head(&b, &format!("/v2/acme/app/blobs/{}", digest(&layer))).await;
    assert_eq!(r.status(), 404, "nothing stored under the real digest");
    // A layout with several images: the one named like the target tag, or --name.
    push_image(&a, "acme/app", "v2", b"{\"v\":2}", &[b"second image"]).await;
    let (code, _, stderr) =
        run_cli_async(a.root(), &["image", "export", "acme/app:v2", &layout_s]).await;
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        layout_index(&layout)["manifests"].as_array().map(Vec::len),
        Some(2)
    );
    let (code, _, stderr) =
        run_cli_async(b.root(), &["image", "import", &layout_s, "acme/other:v3"]).await;
    assert_eq!(code, 1);
    assert!(
        stderr.contains("--name") && stderr.contains("v2"),
        "{stderr}"
    );
    let (code, _, stderr) = run_cli_async(
        b.root(),
        &[
            "image",
            "import",
            &layout_s,
            "acme/other:v3",
            "--name",
            "v2",
        ],
    )
    .await;
    assert_eq!(code, 0, "{stderr}");
    assert!(manifest_digest(&b, "acme/other", "v3").await.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copy_links_without_copying_bytes() {
    let s = TestServer::start().await;
    let layer = big_layer();
    let d = push_image(&s, "acme/app", "v1", b"{\"c\":2}", &[&layer]).await;
    let index = push_index(&s, "acme/app").await;
    let blob_files = |root: &Path| walk_files(&root.join("blobs")).len();
    let before = blob_files(s.root());
    let (code, stdout, stderr) =
        run_cli_async(s.root(), &["image", "copy", "acme/app:v1", "team/app"]).await;
    assert_eq!(code, 0, "{stdout}{stderr}");
    let (code, _, stderr) = run_cli_async(
        s.root(),
        &[
            "image",
            "copy",
            &format!("acme/app@{index}"),
            "team/app:multi",
        ],
    )
    .await;
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(blob_files(s.root()), before, "no bytes copied");
    assert_eq!(
        manifest_digest(&s, "team/app", "v1").await.as_deref(),
        Some(d.to_string().as_str())
    );
    assert_eq!(
        manifest_digest(&s, "team/app", "multi").await.as_deref(),
        Some(index.as_str())
    );
    assert_blob_body(&s, "team/app", &digest(&layer), &layer).await;
    // Bad references are usage errors with a message, not panics.
    let (code, _, stderr) = run_cli_async(s.root(), &["image", "copy", "acme/app", "x/y"]).await;
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("REPO:TAG"), "{stderr}");
    let (code, _, stderr) =
        run_cli_async(s.root(), &["image", "copy", "acme/app:nope", "x/y"]).await;
    assert_eq!(code, 3, "no such image");
    assert!(stderr.contains("does not exist"), "{stderr}");
}

fn walk_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// With `--referrers`, the manifests whose subject is the image (a signature here)
/// travel with it, through export and import and through copy.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn referrers_come_along_when_asked() {
    let s = TestServer::start().await;
    let subject = push_image(&s, "acme/app", "v1", b"{\"s\":1}", &[b"subject layer"]).await;
    let subject_size = image_manifest(b"{\"s\":1}", &[b"subject layer"]).len();
    push_blob(&s, "acme/app", b"{}").await;
    push_blob(&s, "acme/app", b"signature").await;
    let sig = serde_json::to_vec(&json!({
        "schemaVersion": 2, "mediaType": OCI_MANIFEST,
        "artifactType": "application/vnd.example.signature",
        "config": {"mediaType": "application/vnd.oci.empty.v1+json", "digest": digest(b"{}").to_string(), "size": 2},
        "layers": [{"mediaType": "application/octet-stream", "digest": digest(b"signature").to_string(), "size": 9}],
        "subject": {"mediaType": OCI_MANIFEST, "digest": subject.to_string(), "size": subject_size},
    }))
    .expect("json");
    let sig_digest = digest(&sig).to_string();
    assert_eq!(
        put_manifest(&s, "acme/app", &sig_digest, OCI_MANIFEST, &sig)
            .await
            .status(),
        201
    );

    let referrers_of = |s: &TestServer, repo: &str| {
        let url = s.at(&format!("/v2/{repo}/referrers/{subject}"));
        async move {
            let v: Value = http()
                .get(url)
                .send()
                .await
                .expect("get")
                .json()
                .await
                .expect("json");
            v["manifests"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|m| m["digest"].as_str().unwrap_or("").to_string())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        }
    };
    // Without the flag: the image alone.
    let (code, _, e) =
        run_cli_async(s.root(), &["image", "copy", "acme/app:v1", "plain/app"]).await;
    assert_eq!(code, 0, "{e}");
    assert!(referrers_of(&s, "plain/app").await.is_empty());
    // With it: copy and a layout round trip both carry the signature.
    let (code, _, e) = run_cli_async(
        s.root(),
        &["image", "copy", "acme/app:v1", "signed/app", "--referrers"],
    )
    .await;
    assert_eq!(code, 0, "{e}");
    assert_eq!(
        referrers_of(&s, "signed/app").await,
        vec![sig_digest.clone()]
    );
    let out = tempfile::tempdir().expect("tempdir");
    let layout = out.path().join("layout");
    let layout_s = layout.to_string_lossy().to_string();
    let (code, o, e) = run_cli_async(
        s.root(),
        &["image", "export", "acme/app:v1", &layout_s, "--referrers"],
    )
    .await;
    assert_eq!(code, 0, "{e}");
    assert!(o.contains("2 manifests"), "{o}");
    assert!(layout
        .join("blobs/sha256")
        .join(digest(&sig).hex())
        .is_file());
}
