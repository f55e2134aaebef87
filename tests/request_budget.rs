//! Request budgets on object storage: every object operation is a round trip to S3,
//! so the number of them per push and per pull decides throughput there. These tests
//! count the operations the in-memory object store sees for the requests the
//! benchmark's scenarios make, and hold each to a budget (a count, not a time: the
//! same on every machine).

mod common;

use common::*;
use registryctl::storage::object::mem::{MemObjects, Op};
use registryctl::storage::{Access, Store};
use std::sync::Arc;

async fn server_on(objects: &MemObjects) -> TestServer {
    let store = Store::open_objects(Arc::new(objects.clone()), Access::ReadWrite, true)
        .expect("open object store");
    let dir = tempfile::tempdir().expect("tempdir");
    TestServer::start_on(store, dir, Default::default()).await
}

/// A server whose first upload-session sweep (a listing of `uploads/`, run on a
/// blocking thread as the server starts) is over, with the log cleared: under load
/// that sweep can run late, inside a request being counted.
async fn swept_server_on(objects: &MemObjects) -> TestServer {
    objects.record_ops();
    let s = server_on(objects).await;
    eventually(10, || {
        let swept = objects
            .take_log()
            .iter()
            .any(|(op, key)| *op == Op::List && key == "uploads/");
        async move { swept }
    })
    .await;
    // The sweep reads each session it lists; there are none yet, so it is over.
    objects.take_log();
    s
}

fn show(what: &str, log: &[(Op, String)]) -> String {
    let mut s = format!("{what}: {} operations\n", log.len());
    for (op, key) in log {
        s.push_str(&format!("  {op:?} {key}\n"));
    }
    s
}

/// Pushes a blob the way `regbench` and most clients do: POST, then PUT ?digest=.
async fn post_put(s: &TestServer, repo: &str, data: &[u8]) {
    let r = post(s, &format!("/v2/{repo}/blobs/uploads/")).await;
    assert_eq!(r.status(), 202);
    let loc = r.headers()["location"]
        .to_str()
        .expect("location")
        .to_string();
    let sep = if loc.contains('?') { '&' } else { '?' };
    let url = if loc.starts_with("http") {
        loc.clone()
    } else {
        s.at(&loc)
    };
    let r = http()
        .put(format!("{url}{sep}digest={}", digest(data)))
        .body(data.to_vec())
        .send()
        .await
        .expect("put");
    let status = r.status();
    assert_eq!(status, 201, "{}", r.text().await.unwrap_or_default());
}

#[tokio::test]
async fn small_push_and_manifest_pull_budgets() {
    let objects = MemObjects::new();
    let s = swept_server_on(&objects).await;
    let layer = b"a small layer".to_vec();
    let config = b"{\"architecture\":\"amd64\"}".to_vec();
    post_put(&s, "acme/app", &layer).await;
    objects.take_log(); // the first request also loads the auth files
    post_put(&s, "acme/app", &config).await;
    let blob2 = objects.take_log();
    // A first manifest push loads the policy; the budget is for the next ones.
    push_image(&s, "acme/app", "v0", b"{}", &[b"another layer"]).await;
    objects.take_log();
    let m = image_manifest(&config, &[&layer]);
    let r = put_manifest(
        &s,
        "acme/app",
        "v1",
        "application/vnd.oci.image.manifest.v1+json",
        &m,
    )
    .await;
    assert_eq!(r.status(), 201);
    let manifest = objects.take_log();
    let mut pulls = Vec::new();
    for _ in 0..3 {
        let r = http()
            .get(s.at("/v2/acme/app/manifests/v1"))
            .header("accept", "application/vnd.oci.image.manifest.v1+json")
            .send()
            .await
            .expect("get");
        assert_eq!(r.status(), 200);
        assert_eq!(r.bytes().await.expect("body").as_ref(), m.as_slice());
        pulls.push(objects.take_log());
    }
    // Reloads of the auth files are timed, not per request: leave them out.
    let own = |log: &[(Op, String)]| -> Vec<(Op, String)> {
        log.iter()
            .filter(|(_, k)| !k.starts_with("auth/") || k == "auth/policy.toml")
            .cloned()
            .collect()
    };
    // POST + PUT of a small blob: the POST stores nothing (a lazy session id), the
    // PUT reads nothing of the session (it has no bytes): the link created pending,
    // the blob record holding the bytes (created after the link: that creation is
    // the touch the online-gc protocol asks for, docs/gc.md), the link's flip.
    let blob2 = own(&blob2);
    assert!(blob2.len() <= 3, "{}", show("blob POST+PUT", &blob2));
    // A manifest over two blobs: the policy's version (one HEAD, read once for the
    // quotas and the tag policy), per blob its record (the size) and a touch of its
    // link, the manifest's link (created pending, flipped), its bytes (created
    // after the pending link, which makes their creation their touch), and the tag
    // (its old value read for a restore, written, then the manifest link touched):
    // 11, where the filesystem-era protocol took 9 (with two policy HEADs; the link
    // HEADs became touches; the flip, the tag's read and touch are new). The link
    // touches here are one PUT each because this process wrote them last;
    // elsewhere each is GET + PUT.
    let manifest = own(&manifest);
    assert!(manifest.len() <= 11, "{}", show("manifest PUT", &manifest));
    // A warm manifest GET by tag: one metadata request each for the tag and the
    // repository's link, confirming the copies kept of them (the bytes come from
    // the verified cache).
    let pull = own(&pulls[2]);
    assert!(
        pull.len() <= 2 && pull.iter().all(|(op, _)| *op == Op::Head),
        "{}",
        show("manifest GET", &pull)
    );
    // A tag moved elsewhere is seen at once: the HEAD finds another version.
    let other = push_image(&s, "acme/app", "v1", b"{\"b\":1}", &[b"layer b"]).await;
    let r = http()
        .get(s.at("/v2/acme/app/manifests/v1"))
        .header("accept", "application/vnd.oci.image.manifest.v1+json")
        .send()
        .await
        .expect("get");
    assert_eq!(
        r.headers()["docker-content-digest"],
        other.to_string().as_str()
    );
    // And a deleted manifest is gone at once, cached copies or not.
    let r = delete(&s, &format!("/v2/acme/app/manifests/{other}")).await;
    assert_eq!(r.status(), 202);
    assert_eq!(get(&s, "/v2/acme/app/manifests/v1").await.status(), 404);
    assert_eq!(
        get(&s, &format!("/v2/acme/app/manifests/{other}"))
            .await
            .status(),
        404
    );
}

/// PATCHes `data` in `chunk`-sized pieces to a fresh session, then closes it.
async fn push_chunked(s: &TestServer, repo: &str, data: &[u8], chunk: usize) {
    let mut loc = s.at(&start_upload(s, repo).await);
    for (i, piece) in data.chunks(chunk).enumerate() {
        let start = i * chunk;
        let r = http()
            .patch(&loc)
            .header(
                "content-range",
                format!("{start}-{}", start + piece.len() - 1),
            )
            .body(piece.to_vec())
            .send()
            .await
            .expect("patch");
        assert_eq!(r.status(), 202);
        let l = r.headers()["location"]
            .to_str()
            .expect("location")
            .to_string();
        loc = if l.starts_with("http") { l } else { s.at(&l) };
    }
    let sep = if loc.contains('?') { '&' } else { '?' };
    let r = http()
        .put(format!("{loc}{sep}digest={}", digest(data)))
        .send()
        .await
        .expect("put");
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap_or_default());
}

/// A blob of several multipart parts, pushed in chunks twice: the first commit
/// completes its multipart upload in place, the second finds the blob there and
/// aborts its own; nothing of either session is left, and the bytes are exact.
#[tokio::test]
async fn multipart_commit_leaves_nothing_behind() {
    let objects = MemObjects::new();
    let s = server_on(&objects).await;
    let data: Vec<u8> = (0..20u32 << 20).map(|i| (i % 251) as u8).collect();
    push_chunked(&s, "acme/big", &data, 7 << 20).await;
    push_chunked(&s, "acme/big", &data, 3 << 20).await;
    assert_eq!(
        objects.open_uploads(),
        0,
        "a multipart upload was left open"
    );
    assert_blob_body(&s, "acme/big", &digest(&data), &data).await;
    let keys: Vec<String> = objects
        .keys()
        .into_iter()
        .filter(|k| k.starts_with("uploads/") || k.starts_with("data/"))
        .collect();
    assert_eq!(keys.len(), 1, "one data object, no session left: {keys:?}");
}
