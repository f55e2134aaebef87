//! HTTP-level tests of every endpoint of the OCI Distribution Spec: each success path
//! and each error code, against a real server on an ephemeral loopback port.

mod common;

use common::*;
use serde_json::{json, Value};

const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";

/// Asserts that `r` is a 201 whose `Location` is blob `d` in acme/app.
#[track_caller]
fn assert_blob_created(r: &reqwest::Response, d: &Digest) {
    assert_eq!(r.status(), 201);
    assert_eq!(
        r.headers()["location"],
        format!("/v2/acme/app/blobs/{d}").as_str()
    );
}

async fn base_endpoint_answers_200_with_api_version() {
    let s = TestServer::start().await;
    for path in ["/v2/", "/v2"] {
        let r = get(&s, path).await;
        assert_eq!(r.status(), 200);
        assert_eq!(
            r.headers()["docker-distribution-api-version"],
            "registry/2.0"
        );
    }
    let r = get(&s, "/v3/").await;
    assert_eq!(r.status(), 404);
    let r = post(&s, "/v2/").await;
    assert_eq!(r.status(), 405);
}

async fn monolithic_post_and_blob_get_head_range() {
    let s = TestServer::start().await;
    let data = b"0123456789".to_vec();
    let d = digest(&data);
    let r = http()
        .post(s.at(&format!("/v2/acme/app/blobs/uploads/?digest={d}")))
        .body(data.clone())
        .send()
        .await
        .unwrap();
    assert_blob_created(&r, &d);
    assert_eq!(r.headers()["docker-content-digest"], d.to_string().as_str());

    let url = s.at(&format!("/v2/acme/app/blobs/{d}"));
    let r = http().get(&url).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["docker-content-digest"], d.to_string().as_str());
    assert_eq!(r.headers()["content-length"], "10");
    assert_eq!(r.bytes().await.unwrap().as_ref(), data.as_slice());

    let r = http().head(&url).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-length"], "10");
    assert_eq!(r.headers()["docker-content-digest"], d.to_string().as_str());

    for (range, status, body, content_range) in [
        ("bytes=2-4", 206, &b"234"[..], Some("bytes 2-4/10")),
        ("bytes=7-", 206, &b"789"[..], Some("bytes 7-9/10")),
        ("bytes=-2", 206, &b"89"[..], Some("bytes 8-9/10")),
        ("bytes=5-100", 206, &b"56789"[..], Some("bytes 5-9/10")),
    ] {
        let r = http()
            .get(&url)
            .header("range", range)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), status, "{range}");
        assert_eq!(
            r.headers()
                .get("content-range")
                .map(|v| v.to_str().unwrap()),
            content_range
        );
        assert_eq!(r.bytes().await.unwrap().as_ref(), body, "{range}");
    }
    let r = http()
        .get(&url)
        .header("range", "bytes=10-")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 416);
    assert_eq!(r.headers()["content-range"], "bytes */10");

    // The blob is visible only in the repository that links it.
    let r = get(&s, &format!("/v2/acme/other/blobs/{d}")).await;
    assert_error(r, 404, "BLOB_UNKNOWN").await;
}

async fn blob_errors() {
    let s = TestServer::start().await;
    let missing = digest(b"nope");
    let r = get(&s, &format!("/v2/acme/app/blobs/{missing}")).await;
    assert_error(r, 404, "BLOB_UNKNOWN").await;
    let r = head(&s, &format!("/v2/acme/app/blobs/{missing}")).await;
    assert_eq!(r.status(), 404);
    for bad in ["sha256:xyz", "md5:abc", "nodigest", "sha256:..%2F..%2Fetc"] {
        let r = get(&s, &format!("/v2/acme/app/blobs/{bad}")).await;
        assert_error(r, 400, "DIGEST_INVALID").await;
    }
}

async fn post_then_put_upload() {
    let s = TestServer::start().await;
    let r = post(&s, "/v2/acme/app/blobs/uploads/").await;
    assert_eq!(r.status(), 202);
    let loc = r.headers()["location"].to_str().unwrap().to_string();
    assert!(loc.starts_with("/v2/acme/app/blobs/uploads/"), "{loc}");
    assert_eq!(r.headers()["range"], "0-0");
    assert!(r.headers().contains_key("docker-upload-uuid"));
    let data = vec![7u8; 100_000];
    let d = digest(&data);
    let r = http()
        .put(s.at(&format!("{loc}?digest={d}")))
        .header("content-type", "application/octet-stream")
        .body(data.clone())
        .send()
        .await
        .unwrap();
    assert_blob_created(&r, &d);
    assert_blob_body(&s, "acme/app", &d, &data).await;
    // The session is closed.
    let r = get(&s, &loc).await;
    assert_error(r, 404, "BLOB_UPLOAD_UNKNOWN").await;
}

async fn chunked_upload_with_status_and_out_of_order_chunk() {
    let s = TestServer::start().await;
    let data: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
    let d = digest(&data);
    let r = http()
        .post(s.at("/v2/acme/app/blobs/uploads/"))
        .header("content-length", "0")
        .send()
        .await
        .unwrap();
    let mut loc = r.headers()["location"].to_str().unwrap().to_string();
    let chunks = [&data[..100_000], &data[100_000..250_000], &data[250_000..]];
    let mut off = 0usize;
    for (i, c) in chunks[..2].iter().enumerate() {
        let r = http()
            .patch(s.at(&loc))
            .header("content-type", "application/octet-stream")
            .header("content-range", format!("{}-{}", off, off + c.len() - 1))
            .body(c.to_vec())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 202, "chunk {i}");
        off += c.len();
        assert_eq!(r.headers()["range"], format!("0-{}", off - 1).as_str());
        loc = r.headers()["location"].to_str().unwrap().to_string();
    }
    // A chunk that does not continue at the current offset: 416 with the current range.
    let r = http()
        .patch(s.at(&loc))
        .header("content-range", "0-9")
        .body(vec![0u8; 10])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 416);
    assert_eq!(r.headers()["range"], "0-249999");
    // Status tells where to resume.
    let r = get(&s, &loc).await;
    assert_eq!(r.status(), 204);
    assert_eq!(r.headers()["range"], "0-249999");
    assert!(r.headers()["location"]
        .to_str()
        .unwrap()
        .contains("/blobs/uploads/"));
    // The last chunk goes with the closing PUT.
    let r = http()
        .put(s.at(&format!("{loc}?digest={d}")))
        .header("content-range", format!("{}-{}", off, data.len() - 1))
        .body(chunks[2].to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    assert_blob_body(&s, "acme/app", &d, &data).await;
}

/// Blobs of several multipart parts (1 MiB on `file://`, 8 MiB on S3 and in
/// memory): chunks that end inside a part, a part's bytes split across requests, and
/// a monolithic upload; every byte comes back in place.
async fn uploads_of_many_parts_keep_every_byte() {
    let s = TestServer::start().await;
    let data: Vec<u8> = (0..9_700_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let d = digest(&data);
    let mut loc = start_upload(&s, "acme/big").await;
    let mut off = 0usize;
    for len in [700_000usize, 1_300_000, 3_000_001, 2_500_000] {
        let c = &data[off..off + len];
        let r = http()
            .patch(s.at(&loc))
            .header("content-type", "application/octet-stream")
            .header("content-range", format!("{}-{}", off, off + len - 1))
            .body(c.to_vec())
            .send()
            .await
            .expect("PATCH");
        assert_eq!(r.status(), 202, "chunk at {off}");
        off += len;
        assert_eq!(r.headers()["range"], format!("0-{}", off - 1).as_str());
        loc = r.headers()["location"]
            .to_str()
            .expect("location")
            .to_string();
    }
    let r = http()
        .put(s.at(&format!("{loc}?digest={d}")))
        .header("content-range", format!("{}-{}", off, data.len() - 1))
        .body(data[off..].to_vec())
        .send()
        .await
        .expect("closing PUT");
    assert_eq!(r.status(), 201);
    assert_blob_body(&s, "acme/big", &d, &data).await;

    let mono: Vec<u8> = data.iter().rev().copied().collect();
    let dm = digest(&mono);
    assert_eq!(push_blob(&s, "acme/big", &mono).await, dm);
    assert_blob_body(&s, "acme/big", &dm, &mono).await;
}

async fn streamed_patch_then_empty_put() {
    let s = TestServer::start().await;
    let data = vec![3u8; 2_000_000];
    let d = digest(&data);
    let loc = start_upload(&s, "acme/app").await;
    let r = http()
        .patch(s.at(&loc))
        .body(data.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202);
    assert_eq!(r.headers()["range"], "0-1999999");
    let r = http()
        .put(s.at(&format!("{loc}?digest={d}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let r = head(&s, &format!("/v2/acme/app/blobs/{d}")).await;
    assert_eq!(r.headers()["content-length"], "2000000");
}

async fn closing_put_with_wrong_digest_keeps_nothing() {
    let s = TestServer::start().await;
    let data = b"actual content".to_vec();
    let claimed = digest(b"something else");
    let loc = start_upload(&s, "acme/app").await;
    let r = http()
        .put(s.at(&format!("{loc}?digest={claimed}")))
        .body(data.clone())
        .send()
        .await
        .unwrap();
    assert_error(r, 400, "DIGEST_INVALID").await;
    for d in [&claimed, &digest(&data)] {
        let r = head(&s, &format!("/v2/acme/app/blobs/{d}")).await;
        assert_eq!(r.status(), 404, "{d} visible after a failed upload");
    }
    let claimed_key = paths::blob_data(&claimed);
    assert!(s.store.backend().stat(&claimed_key).unwrap().is_none());
    if s.on_fs() {
        let claimed_path = store_path(s.root(), &claimed_key);
        assert!(!claimed_path.parent().expect("fan-out dir").exists());
    }
    // Monolithic POST with the wrong digest: the same.
    let r = http()
        .post(s.at(&format!("/v2/acme/app/blobs/uploads/?digest={claimed}")))
        .body(data)
        .send()
        .await
        .unwrap();
    assert_error(r, 400, "DIGEST_INVALID").await;
    // Missing or malformed digest on the closing PUT.
    let loc = start_upload(&s, "acme/app").await;
    let r = http().put(s.at(&loc)).send().await.unwrap();
    assert_error(r, 400, "DIGEST_INVALID").await;
    let r = http()
        .put(s.at(&format!("{loc}?digest=sha256:12")))
        .send()
        .await
        .unwrap();
    assert_error(r, 400, "DIGEST_INVALID").await;
}

async fn upload_session_errors_and_cancel() {
    let s = TestServer::start().await;
    let unknown = "/v2/acme/app/blobs/uploads/5f0e2a8c-4b1e-4d6a-9d3c-1f2e3a4b5c6d";
    for path in [
        unknown,
        "/v2/acme/app/blobs/uploads/not-a-uuid",
        "/v2/acme/app/blobs/uploads/..%2F..%2Fblobs",
    ] {
        let r = get(&s, path).await;
        assert_error(r, 404, "BLOB_UPLOAD_UNKNOWN").await;
        let r = http().patch(s.at(path)).body("x").send().await.unwrap();
        assert_eq!(r.status(), 404, "{path}");
    }
    // A session belongs to its repository.
    let loc = start_upload(&s, "acme/app").await;
    let id = loc.rsplit('/').next().unwrap();
    let r = get(&s, &format!("/v2/acme/other/blobs/uploads/{id}")).await;
    assert_eq!(r.status(), 404);
    // Cancel.
    let r = delete(&s, &loc).await;
    assert_eq!(r.status(), 204);
    let r = get(&s, &loc).await;
    assert_eq!(r.status(), 404);
    let r = delete(&s, &loc).await;
    assert_error(r, 404, "BLOB_UPLOAD_UNKNOWN").await;
    assert_eq!(s.upload_sessions(), 0);
}

async fn cross_repository_mount() {
    let s = TestServer::start().await;
    let d = push_blob(&s, "acme/base", b"shared layer").await;
    let r = post(
        &s,
        &format!("/v2/acme/app/blobs/uploads/?mount={d}&from=acme/base"),
    )
    .await;
    assert_blob_created(&r, &d);
    assert_eq!(r.headers()["docker-content-digest"], d.to_string().as_str());
    let r = get(&s, &format!("/v2/acme/app/blobs/{d}")).await;
    assert_eq!(r.bytes().await.unwrap().as_ref(), b"shared layer");
    // Not in the source repository: an ordinary session instead.
    let other = digest(b"not there");
    let r = post(
        &s,
        &format!("/v2/acme/app2/blobs/uploads/?mount={other}&from=acme/base"),
    )
    .await;
    assert_eq!(r.status(), 202);
    assert!(r.headers()["location"]
        .to_str()
        .unwrap()
        .contains("/v2/acme/app2/blobs/uploads/"));
    let r = post(&s, &format!("/v2/acme/app2/blobs/uploads/?mount={d}")).await;
    assert_eq!(
        r.status(),
        202,
        "mount without from falls back to an upload"
    );
    let r = post(
        &s,
        &format!("/v2/acme/app2/blobs/uploads/?mount={d}&from=Bad..Name"),
    )
    .await;
    assert_error(r, 400, "NAME_INVALID").await;
}

async fn manifest_put_get_head_and_negotiation() {
    let s = TestServer::start().await;
    push_blob(&s, "acme/app", b"{}").await;
    push_blob(&s, "acme/app", b"layer").await;
    // Non-canonical JSON: the registry must keep the exact bytes.
    let m = image_manifest(b"{}", &[b"layer"]);
    let mut body = b"  ".to_vec();
    body.extend_from_slice(&m);
    body.extend_from_slice(b"\n");
    let d = digest(&body);
    let r = put_manifest(&s, "acme/app", "v1", OCI_MANIFEST, &body).await;
    assert_eq!(r.status(), 201);
    assert_eq!(
        r.headers()["location"],
        format!("/v2/acme/app/manifests/{d}").as_str()
    );
    assert_eq!(r.headers()["docker-content-digest"], d.to_string().as_str());
    assert!(r.headers().get("oci-subject").is_none());

    for reference in ["v1".to_string(), d.to_string()] {
        let url = s.at(&format!("/v2/acme/app/manifests/{reference}"));
        let r = http()
            .get(&url)
            .header("accept", OCI_MANIFEST)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-type"], OCI_MANIFEST);
        assert_eq!(r.headers()["docker-content-digest"], d.to_string().as_str());
        assert_eq!(r.bytes().await.unwrap().as_ref(), body.as_slice());
        let r = http().head(&url).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(
            r.headers()["content-length"],
            body.len().to_string().as_str()
        );
        assert_eq!(r.headers()["content-type"], OCI_MANIFEST);
    }
    // An Accept header that does not admit the stored type.
    let r = http()
        .get(s.at("/v2/acme/app/manifests/v1"))
        .header(
            "accept",
            "application/vnd.docker.distribution.manifest.v2+json",
        )
        .send()
        .await
        .unwrap();
    assert_error(r, 404, "MANIFEST_UNKNOWN").await;
    let r = http()
        .get(s.at("/v2/acme/app/manifests/v1"))
        .header("accept", "*/*")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

async fn manifest_errors() {
    let s = TestServer::start().await;
    let m = image_manifest(b"{}", &[b"layer"]);
    // References not in the repository.
    let r = put_manifest(&s, "acme/app", "v1", OCI_MANIFEST, &m).await;
    assert_eq!(r.status(), 400);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["errors"][0]["code"], "MANIFEST_BLOB_UNKNOWN");
    assert_eq!(
        v["errors"][0]["detail"]["missing"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    push_blob(&s, "acme/app", b"{}").await;
    push_blob(&s, "acme/app", b"layer").await;
    // Invalid JSON, mismatched type, schema 1, wrong digest, too large.
    for (ct, body) in [
        (OCI_MANIFEST, b"not json".to_vec()),
        (OCI_INDEX, m.clone()),
        (
            "application/vnd.docker.distribution.manifest.v1+prettyjws",
            br#"{"schemaVersion":1,"fsLayers":[]}"#.to_vec(),
        ),
        (OCI_MANIFEST, br#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","layers":[]}"#.to_vec()),
    ] {
        let r = put_manifest(&s, "acme/app", "v1", ct, &body).await;
        assert_eq!(r.status(), 400, "{}", String::from_utf8_lossy(&body));
        assert_eq!(error_code(r).await, "MANIFEST_INVALID");
    }
    let wrong = digest(b"other");
    let r = put_manifest(&s, "acme/app", &wrong.to_string(), OCI_MANIFEST, &m).await;
    assert_error(r, 400, "DIGEST_INVALID").await;
    let huge = vec![b' '; 4 * 1024 * 1024 + 1];
    let r = put_manifest(&s, "acme/app", "v1", OCI_MANIFEST, &huge).await;
    assert_error(r, 413, "SIZE_INVALID").await;
    // A descriptor whose size disagrees with the stored blob.
    let mut v: Value = serde_json::from_slice(&m).unwrap();
    v["layers"][0]["size"] = json!(999);
    let r = put_manifest(
        &s,
        "acme/app",
        "v1",
        OCI_MANIFEST,
        &serde_json::to_vec(&v).unwrap(),
    )
    .await;
    assert_error(r, 400, "MANIFEST_INVALID").await;
    // Nothing of the refused pushes is visible.
    let r = get(&s, "/v2/acme/app/manifests/v1").await;
    assert_error(r, 404, "MANIFEST_UNKNOWN").await;
    let r = get(&s, "/v2/acme/app/tags/list").await;
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["tags"], json!([]));
    // Unknown repository; invalid reference.
    let r = get(&s, "/v2/acme/none/manifests/v1").await;
    assert_error(r, 404, "NAME_UNKNOWN").await;
    // A reference that is neither a tag nor a digest names no manifest: 404 to a GET or
    // HEAD, 400 to a PUT.
    for bad in ["-bad", "sha256:short", "a:b", &"t".repeat(129)] {
        let path = format!("/v2/acme/app/manifests/{bad}");
        let r = get(&s, &path).await;
        assert_error(r, 404, "MANIFEST_UNKNOWN").await;
        let r = head(&s, &path).await;
        assert_eq!(r.status(), 404, "HEAD {bad}");
    }
    let r = put_manifest(&s, "acme/app", "-bad", OCI_MANIFEST, &m).await;
    assert_eq!(r.status(), 400);
    let r = post(&s, "/v2/acme/app/manifests/v1").await;
    assert_error(r, 405, "UNSUPPORTED").await;
}

async fn manifest_media_types_are_validated_and_never_served_empty() {
    let s = TestServer::start().await;
    push_blob(&s, "acme/app", b"{}").await;
    push_blob(&s, "acme/app", b"layer").await;
    let m = image_manifest(b"{}", &[b"layer"]);
    let with_type = |t: &str| {
        let mut v: Value = serde_json::from_slice(&m).unwrap();
        v["mediaType"] = json!(t);
        serde_json::to_vec(&v).unwrap()
    };
    for bad in [
        "",
        "application/vnd.example\nx",
        "application/vnd.example\u{7}+json",
        "application/vnd example",
        "noslash",
        "application/vnd.example+json; charset=utf-8",
    ] {
        for ct in ["", "application/json"] {
            let r = put_manifest(&s, "acme/app", "v1", ct, &with_type(bad)).await;
            assert_eq!(r.status(), 400, "{bad:?} with Content-Type {ct:?}");
            assert_eq!(error_code(r).await, "MANIFEST_INVALID");
        }
    }
    let r = get(&s, "/v2/acme/app/manifests/v1").await;
    assert_error(r, 404, "MANIFEST_UNKNOWN").await;

    // A well-formed artifact type is stored and served with its type.
    let body = with_type("application/vnd.example.thing+json");
    let d = digest(&body);
    let r = put_manifest(&s, "acme/app", "v1", "", &body).await;
    assert_eq!(r.status(), 201);
    let r = get(&s, "/v2/acme/app/manifests/v1").await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()["content-type"],
        "application/vnd.example.thing+json"
    );

    // A manifest an older version stored with a type that is no header value is served
    // whole, as application/octet-stream, not as an empty 200.
    let body = with_type("application/vnd.example.other+json");
    let mut parsed = registryctl::oci::Manifest::parse(&body, "").unwrap();
    parsed.media_type = "application/vnd.bad\ntype".into();
    let bd = digest(&body);
    s.store
        .put_manifest(
            &repo_name("acme/app"),
            &bd,
            &body,
            &parsed,
            Some(&tag_name("old")),
        )
        .unwrap();
    for method in ["GET", "HEAD"] {
        let r = http()
            .request(
                reqwest::Method::from_bytes(method.as_bytes()).unwrap(),
                s.at("/v2/acme/app/manifests/old"),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{method}");
        assert_eq!(r.headers()["content-type"], "application/octet-stream");
        assert_eq!(
            r.headers()["docker-content-digest"],
            bd.to_string().as_str()
        );
        if method == "GET" {
            assert_eq!(r.bytes().await.unwrap(), body);
        }
    }
    assert_ne!(d, bd);
}

async fn push_child(s: &TestServer, repo: &str, n: u8) -> (Vec<u8>, common::Digest) {
    let config = format!("{{\"n\":{n}}}");
    let layer = vec![n; 10];
    push_blob(s, repo, config.as_bytes()).await;
    push_blob(s, repo, &layer).await;
    let m = image_manifest(config.as_bytes(), &[&layer]);
    let d = digest(&m);
    let r = put_manifest(s, repo, &d.to_string(), OCI_MANIFEST, &m).await;
    assert_eq!(r.status(), 201);
    (m, d)
}

async fn image_index_requires_its_children() {
    let s = TestServer::start().await;
    let (m1, d1) = push_child(&s, "acme/multi", 1).await;
    let (m2, d2) = push_child(&s, "acme/multi", 2).await;
    let index = |children: &[(&Vec<u8>, &common::Digest, &str)]| {
        serde_json::to_vec(&json!({
            "schemaVersion": 2,
            "mediaType": OCI_INDEX,
            "manifests": children.iter().map(|(m, d, arch)| json!({
                "mediaType": OCI_MANIFEST, "digest": d.to_string(), "size": m.len(),
                "platform": {"architecture": arch, "os": "linux"}
            })).collect::<Vec<_>>()
        }))
        .unwrap()
    };
    let ghost = digest(b"ghost");
    let ghost_m = b"ghost".to_vec();
    let bad = index(&[(&m1, &d1, "amd64"), (&ghost_m, &ghost, "arm64")]);
    let r = put_manifest(&s, "acme/multi", "latest", OCI_INDEX, &bad).await;
    assert_error(r, 400, "MANIFEST_BLOB_UNKNOWN").await;
    let good = index(&[(&m1, &d1, "amd64"), (&m2, &d2, "arm64")]);
    let r = put_manifest(&s, "acme/multi", "latest", OCI_INDEX, &good).await;
    assert_eq!(r.status(), 201);
    let r = http()
        .get(s.at("/v2/acme/multi/manifests/latest"))
        .header("accept", OCI_INDEX)
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["content-type"], OCI_INDEX);
    assert_eq!(r.bytes().await.unwrap().as_ref(), good.as_slice());
    // A child of an index in another repository does not count.
    let r = put_manifest(&s, "acme/elsewhere", "latest", OCI_INDEX, &good).await;
    assert_error(r, 400, "MANIFEST_BLOB_UNKNOWN").await;
}

async fn docker_schema2_and_unknown_artifact_types() {
    let s = TestServer::start().await;
    push_blob(&s, "acme/docker", b"{}").await;
    push_blob(&s, "acme/docker", b"layer").await;
    let dm = serde_json::to_vec(&json!({
        "schemaVersion": 2,
        "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "digest": digest(b"{}").to_string(), "size": 2},
        "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "digest": digest(b"layer").to_string(), "size": 5}]
    }))
    .unwrap();
    let r = put_manifest(
        &s,
        "acme/docker",
        "v1",
        "application/vnd.docker.distribution.manifest.v2+json",
        &dm,
    )
    .await;
    assert_eq!(r.status(), 201);
    let list = serde_json::to_vec(&json!({
        "schemaVersion": 2,
        "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json",
        "manifests": [{"mediaType": "application/vnd.docker.distribution.manifest.v2+json", "digest": digest(&dm).to_string(), "size": dm.len(),
                       "platform": {"architecture": "amd64", "os": "linux"}}]
    }))
    .unwrap();
    let r = put_manifest(
        &s,
        "acme/docker",
        "list",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        &list,
    )
    .await;
    assert_eq!(r.status(), 201);
    let r = get(&s, "/v2/acme/docker/manifests/list").await;
    assert_eq!(
        r.headers()["content-type"],
        "application/vnd.docker.distribution.manifest.list.v2+json"
    );
    // Any other JSON with a mediaType is kept as an artifact.
    let art = br#"{"mediaType":"application/vnd.example.thing.v1+json","payload":[1,2,3]}"#;
    let r = put_manifest(
        &s,
        "acme/docker",
        "thing",
        "application/vnd.example.thing.v1+json",
        art,
    )
    .await;
    assert_eq!(r.status(), 201);
    let r = get(&s, "/v2/acme/docker/manifests/thing").await;
    assert_eq!(
        r.headers()["content-type"],
        "application/vnd.example.thing.v1+json"
    );
    assert_eq!(r.bytes().await.unwrap().as_ref(), art);
}

async fn referrers_api_with_filter() {
    let s = TestServer::start().await;
    let subject = push_image(&s, "acme/app", "v1", b"{\"a\":1}", &[b"l1"]).await;
    let subject_size = head(&s, "/v2/acme/app/manifests/v1").await.headers()["content-length"]
        .to_str()
        .unwrap()
        .parse::<u64>()
        .unwrap();
    let empty = push_blob(&s, "acme/app", b"{}").await;
    let sig = push_blob(&s, "acme/app", b"signature").await;
    let referrer = |artifact_type: Option<&str>,
                    config_type: &str,
                    layer: &common::Digest,
                    len: usize| {
        let mut v = json!({
            "schemaVersion": 2,
            "mediaType": OCI_MANIFEST,
            "config": {"mediaType": config_type, "digest": empty.to_string(), "size": 2},
            "layers": [{"mediaType": "application/octet-stream", "digest": layer.to_string(), "size": len}],
            "subject": {"mediaType": OCI_MANIFEST, "digest": subject.to_string(), "size": subject_size},
            "annotations": {"org.example.kind": "test"}
        });
        if let Some(t) = artifact_type {
            v["artifactType"] = json!(t);
        }
        serde_json::to_vec(&v).unwrap()
    };
    let r1 = referrer(
        Some("application/vnd.example.sig"),
        "application/vnd.oci.empty.v1+json",
        &sig,
        9,
    );
    let r2 = referrer(None, "application/vnd.example.sbom", &sig, 9);
    for body in [&r1, &r2] {
        let d = digest(body);
        let r = put_manifest(&s, "acme/app", &d.to_string(), OCI_MANIFEST, body).await;
        assert_eq!(r.status(), 201);
        assert_eq!(r.headers()["oci-subject"], subject.to_string().as_str());
    }
    let r = get(&s, &format!("/v2/acme/app/referrers/{subject}")).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], OCI_INDEX);
    assert!(r.headers().get("oci-filters-applied").is_none());
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["mediaType"], OCI_INDEX);
    let ms = v["manifests"].as_array().unwrap();
    assert_eq!(ms.len(), 2);
    let types: Vec<&str> = ms
        .iter()
        .map(|m| m["artifactType"].as_str().unwrap())
        .collect();
    assert!(types.contains(&"application/vnd.example.sig"));
    assert!(
        types.contains(&"application/vnd.example.sbom"),
        "config media type used when artifactType is absent"
    );
    assert!(ms
        .iter()
        .all(|m| m["annotations"]["org.example.kind"] == "test"));
    let r = get(
        &s,
        &format!("/v2/acme/app/referrers/{subject}?artifactType=application/vnd.example.sbom"),
    )
    .await;
    assert_eq!(r.headers()["oci-filters-applied"], "artifactType");
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["manifests"].as_array().unwrap().len(), 1);
    assert_eq!(v["manifests"][0]["digest"], digest(&r2).to_string());
    // Deleting a referrer removes it from the list.
    let r = delete(&s, &format!("/v2/acme/app/manifests/{}", digest(&r1))).await;
    assert_eq!(r.status(), 202);
    let v = fetch_json(&s, &format!("/v2/acme/app/referrers/{subject}")).await;
    assert_eq!(v["manifests"].as_array().unwrap().len(), 1);
    // No referrers: an empty index, never 404. Bad digest: 400.
    let r = get(&s, &format!("/v2/acme/app/referrers/{}", digest(b"none"))).await;
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["manifests"], json!([]));
    let r = get(&s, "/v2/acme/app/referrers/sha256:abc").await;
    assert_error(r, 400, "DIGEST_INVALID").await;
}

async fn tag_list_pagination() {
    let s = TestServer::start().await;
    let m = image_manifest(b"{}", &[]);
    push_blob(&s, "acme/app", b"{}").await;
    let tags = ["a", "b", "c", "d", "e"];
    for t in tags {
        assert_eq!(
            put_manifest(&s, "acme/app", t, OCI_MANIFEST, &m)
                .await
                .status(),
            201
        );
    }
    let page = |q: &str| {
        let url = s.at(&format!("/v2/acme/app/tags/list{q}"));
        async move { http().get(url).send().await.unwrap() }
    };
    let r = page("").await;
    assert!(r.headers().get("link").is_none());
    let v: Value = r.json().await.unwrap();
    assert_eq!(v, json!({"name": "acme/app", "tags": tags}));
    let r = page("?n=2").await;
    assert_eq!(
        r.headers()["link"],
        "</v2/acme/app/tags/list?n=2&last=b>; rel=\"next\""
    );
    assert_eq!(r.json::<Value>().await.unwrap()["tags"], json!(["a", "b"]));
    let r = page("?n=2&last=b").await;
    assert_eq!(r.json::<Value>().await.unwrap()["tags"], json!(["c", "d"]));
    let r = page("?n=2&last=d").await;
    assert!(r.headers().get("link").is_none());
    assert_eq!(r.json::<Value>().await.unwrap()["tags"], json!(["e"]));
    let r = page("?last=c").await;
    assert_eq!(r.json::<Value>().await.unwrap()["tags"], json!(["d", "e"]));
    let r = page("?n=0").await;
    assert!(r.headers().get("link").is_none());
    assert_eq!(r.json::<Value>().await.unwrap()["tags"], json!([]));
    let r = page("?n=5").await;
    assert!(r.headers().get("link").is_none());
    let r = page("?n=x").await;
    assert_eq!(r.status(), 400);
    let r = get(&s, "/v2/acme/none/tags/list").await;
    assert_error(r, 404, "NAME_UNKNOWN").await;
}

async fn catalog_pagination_and_nested_names() {
    let s = TestServer::start().await;
    let repos = ["acme/app", "acme/team/app", "acme/team/app/sub", "zeta"];
    for r in repos {
        push_blob(&s, r, b"x").await;
    }
    let v = fetch_json(&s, "/v2/_catalog").await;
    assert_eq!(v["repositories"], json!(repos));
    let r = get(&s, "/v2/_catalog?n=2").await;
    assert_eq!(
        r.headers()["link"],
        "</v2/_catalog?n=2&last=acme/team/app>; rel=\"next\""
    );
    assert_eq!(
        r.json::<Value>().await.unwrap()["repositories"],
        json!(["acme/app", "acme/team/app"])
    );
    let r = get(&s, "/v2/_catalog?n=2&last=acme/team/app").await;
    assert!(r.headers().get("link").is_none());
    assert_eq!(
        r.json::<Value>().await.unwrap()["repositories"],
        json!(["acme/team/app/sub", "zeta"])
    );
}

async fn deletes() {
    let s = TestServer::start().await;
    let d = push_image(&s, "acme/app", "v1", b"{}", &[b"layer"]).await;
    let m = get(&s, "/v2/acme/app/manifests/v1")
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(
        put_manifest(&s, "acme/app", "v2", OCI_MANIFEST, &m)
            .await
            .status(),
        201
    );
    // Deleting a tag removes only that tag.
    let r = delete(&s, "/v2/acme/app/manifests/v1").await;
    assert_eq!(r.status(), 202);
    let r = get(&s, "/v2/acme/app/manifests/v1").await;
    assert_error(r, 404, "MANIFEST_UNKNOWN").await;
    let r = get(&s, &format!("/v2/acme/app/manifests/{d}")).await;
    assert_eq!(r.status(), 200);
    let r = delete(&s, "/v2/acme/app/manifests/v1").await;
    assert_error(r, 404, "MANIFEST_UNKNOWN").await;
    // Deleting by digest removes the manifest and every tag pointing at it.
    let r = delete(&s, &format!("/v2/acme/app/manifests/{d}")).await;
    assert_eq!(r.status(), 202);
    for reference in ["v2".to_string(), d.to_string()] {
        let r = get(&s, &format!("/v2/acme/app/manifests/{reference}")).await;
        assert_eq!(r.status(), 404);
    }
    // Blobs.
    let layer = digest(b"layer");
    let r = delete(&s, &format!("/v2/acme/app/blobs/{layer}")).await;
    assert_eq!(r.status(), 202);
    let r = get(&s, &format!("/v2/acme/app/blobs/{layer}")).await;
    assert_eq!(r.status(), 404);
    let r = delete(&s, &format!("/v2/acme/app/blobs/{layer}")).await;
    assert_error(r, 404, "BLOB_UNKNOWN").await;
    let r = delete(&s, "/v2/acme/none/manifests/v1").await;
    assert_error(r, 404, "NAME_UNKNOWN").await;
}

async fn invalid_names_never_touch_the_disk() {
    let s = TestServer::start().await;
    let long = format!("{}/app", "a".repeat(260));
    for name in [
        "Acme/app",
        "%2e%2e/etc",
        "acme/../../etc",
        "acme/%2E%2E/x",
        "acme//app",
        "-acme",
        "acme/_layers",
        "/etc",
        long.as_str(),
    ] {
        for (method, path) in [
            ("GET", format!("/v2/{name}/tags/list")),
            ("GET", format!("/v2/{name}/manifests/latest")),
            ("PUT", format!("/v2/{name}/manifests/latest")),
            ("POST", format!("/v2/{name}/blobs/uploads/")),
        ] {
            // Raw requests: an HTTP client would normalise the dot segments away.
            let req = format!("{method} {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            let (status, text) = raw_request(&s.addr, req.as_bytes()).await;
            assert_eq!(status, 400, "{method} {path}: {text}");
            assert!(text.contains("NAME_INVALID"), "{path}: {text}");
        }
    }
    let (repos, strays) = s.store.repos_with_strays().unwrap();
    assert!(
        repos.is_empty() && strays.is_empty(),
        "{repos:?} {strays:?}"
    );
    assert_eq!(s.upload_sessions(), 0);
}

async fn malformed_requests_never_get_a_500() {
    let s = TestServer::start().await;
    let d = push_image(&s, "acme/app", "v1", b"{}", &[b"layer"]).await;
    let paths = [
        "/v2/acme/app/manifests/".to_string(),
        "/v2/acme/app/manifests/sha256:".to_string(),
        format!("/v2/acme/app/manifests/{d}x"),
        "/v2/acme/app/blobs/".to_string(),
        "/v2/acme/app/blobs/uploads/%00".to_string(),
        "/v2/acme/app/referrers/".to_string(),
        "/v2/acme/app/tags/list?n=-1".to_string(),
        "/v2/acme/app/tags/list?n=99999999999999999999999".to_string(),
        "/v2/_catalog?n=abc".to_string(),
        "/v2/acme/app/blobs/uploads/?mount=sha256:zz&from=acme/app".to_string(),
        "/v2/acme/app/blobs/uploads/?digest=nonsense".to_string(),
        "/v2/acme/app/blobs/uploads/8e3f9a5e-1111-4222-8333-944445555666?digest=x".to_string(),
        "/v2/_catalog/x".to_string(),
        "/v2/../../etc/passwd".to_string(),
    ];
    for method in ["GET", "HEAD", "PUT", "POST", "PATCH", "DELETE", "OPTIONS"] {
        for path in &paths {
            let req = format!(
                "{method} {path} HTTP/1.1\r\nHost: x\r\nContent-Range: zz\r\nRange: bytes=zz\r\nContent-Type: application/vnd.oci.image.manifest.v1+json\r\nContent-Length: 3\r\nConnection: close\r\n\r\n{{{{["
            );
            let (status, text) = raw_request(&s.addr, req.as_bytes()).await;
            assert!(
                (400..500).contains(&status),
                "{method} {path} -> {status}: {text}"
            );
        }
    }
    // The registry still works.
    let r = get(&s, "/v2/acme/app/manifests/v1").await;
    assert_eq!(r.status(), 200);
}

on_every_backend!(()
    base_endpoint_answers_200_with_api_version,
    monolithic_post_and_blob_get_head_range,
    blob_errors,
    post_then_put_upload,
    chunked_upload_with_status_and_out_of_order_chunk,
    streamed_patch_then_empty_put,
    uploads_of_many_parts_keep_every_byte,
    closing_put_with_wrong_digest_keeps_nothing,
    upload_session_errors_and_cancel,
    cross_repository_mount,
    manifest_put_get_head_and_negotiation,
    manifest_errors,
    manifest_media_types_are_validated_and_never_served_empty,
    image_index_requires_its_children,
    docker_schema2_and_unknown_artifact_types,
    referrers_api_with_filter,
    tag_list_pagination,
    catalog_pagination_and_nested_names,
    deletes,
    invalid_names_never_touch_the_disk,
    malformed_requests_never_get_a_500,
);
