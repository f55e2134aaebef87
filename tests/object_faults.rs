//! Crash tests on the fault-injecting backend: pushes through a real server whose
//! object store fails one operation — an error, or the operation done and its reply
//! lost, which is what a crash between a write and its acknowledgement looks like to
//! the store — at every kind of operation and key. After each, the server is
//! replaced by a fresh one on the same objects (a restart), and then everything the
//! registry acknowledged so far pulls byte-exact, and a verifying scan finds no error:
//! no blob is visible under a digest its bytes do not hash to.

mod common;

use std::sync::Arc;

use common::*;
use registryctl::scan::{self, NoScanProgress, ScanOptions, Severity};
use registryctl::storage::object::mem::{Fault, FaultKind, MemObjects, Op};
use registryctl::storage::{Access, Store};

const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";

/// An upload of `data` into `repo`: POST, then PATCHes of `chunk` bytes, then the
/// closing PUT. `Err` with what failed when any step is not accepted.
async fn try_push_blob(
    s: &TestServer,
    repo: &str,
    data: &[u8],
    chunk: usize,
) -> Result<(), String> {
    let d = digest(data);
    let r = http()
        .post(s.at(&format!("/v2/{repo}/blobs/uploads/")))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if r.status() != 202 {
        return Err(format!("POST {}", r.status()));
    }
    let mut loc = r.headers()["location"].to_str().unwrap().to_string();
    let mut off = 0;
    for piece in data.chunks(chunk) {
        let r = http()
            .patch(s.at(&loc))
            .header("content-type", "application/octet-stream")
            .header("content-range", format!("{off}-{}", off + piece.len() - 1))
            .body(piece.to_vec())
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if r.status() != 202 {
            return Err(format!("PATCH {}", r.status()));
        }
        loc = r.headers()["location"].to_str().unwrap().to_string();
        off += piece.len();
    }
    let sep = if loc.contains('?') { '&' } else { '?' };
    let r = http()
        .put(s.at(&format!("{loc}{sep}digest={d}")))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if r.status() != 201 {
        return Err(format!("PUT {}", r.status()));
    }
    Ok(())
}

/// Pushes an image; `Ok(manifest)` only if every request was acknowledged.
async fn try_push_image(
    s: &TestServer,
    repo: &str,
    tag: &str,
    config: &[u8],
    layers: &[&[u8]],
) -> Result<Vec<u8>, String> {
    try_push_blob(s, repo, config, 1 << 20).await?;
    for l in layers {
        try_push_blob(s, repo, l, 3 << 20).await?;
    }
    let m = image_manifest(config, layers);
    let r = http()
        .put(s.at(&format!("/v2/{repo}/manifests/{tag}")))
        .header("content-type", OCI_MANIFEST)
        .body(m.clone())
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if r.status() != 201 {
        return Err(format!("PUT manifest {}", r.status()));
    }
    Ok(m)
}

/// An acknowledged image: where it is and its bytes.
struct Pushed {
    tag: String,
    manifest: Vec<u8>,
    blobs: Vec<Vec<u8>>,
}

async fn restart(objects: &MemObjects) -> TestServer {
    let store =
        Store::open_objects(Arc::new(objects.clone()), Access::ReadWrite, false).expect("reopen");
    TestServer::start_on(store, tempfile::tempdir().unwrap(), Default::default()).await
}

/// Every acknowledged manifest is served byte-exact; the blobs of the last `deep`
/// images too (the big layer is shared: hashing it for every image each round would
/// only repeat the same check); and a verifying scan finds no error.
async fn check_everything(s: &TestServer, pushed: &[Pushed], deep: usize, after: &str) {
    for (i, p) in pushed.iter().enumerate() {
        let r = http()
            .get(s.at(&format!("/v2/acme/app/manifests/{}", p.tag)))
            .header("accept", OCI_MANIFEST)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{after}: manifest {} lost", p.tag);
        assert_eq!(
            r.bytes().await.unwrap().as_ref(),
            &p.manifest[..],
            "{after}"
        );
        if i + deep >= pushed.len() {
            for b in &p.blobs {
                assert_blob_body(s, "acme/app", &digest(b), b).await;
            }
        }
    }
    let store = s.store.clone();
    let report = tokio::task::spawn_blocking(move || {
        let opts = ScanOptions {
            verify: true,
            threads: 2,
            ..ScanOptions::default()
        };
        scan::run(&store, &opts, &NoScanProgress)
    })
    .await
    .unwrap()
    .expect("scan runs");
    let errors: Vec<_> = report
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{after}: scan found {errors:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_failed_operation_anywhere_loses_nothing_acknowledged() {
    let objects = MemObjects::new();
    Store::open_objects(Arc::new(objects.clone()), Access::ReadWrite, true).expect("create");
    // A layer bigger than one part, so sessions use multipart uploads; shared by
    // every image, so later commits of it also lose the create of its record.
    let big: Vec<u8> = (0..9_500_000u32).map(|i| (i % 253) as u8).collect();
    let mut pushed: Vec<Pushed> = Vec::new();
    let mut failed = 0;
    let mut s = restart(&objects).await;
    let ops = [
        Op::Put,
        Op::Multipart,
        Op::Delete,
        Op::Get,
        Op::Head,
        Op::List,
    ];
    let prefixes = ["blobs/", "data/", "uploads/", "repositories/"];
    let kinds = [FaultKind::Error, FaultKind::LostReply];
    let mut n = 0;
    for op in ops {
        for prefix in prefixes {
            for kind in &kinds {
                n += 1;
                let fault = format!("{op:?} {kind:?} on {prefix}");
                let tag = format!("run{n}");
                let config = format!("config of {tag}").into_bytes();
                let own = format!("layer of {tag}").repeat(50).into_bytes();
                objects.inject(Fault {
                    op,
                    key_prefix: prefix.to_string(),
                    kind: kind.clone(),
                    times: 1,
                });
                let outcome = try_push_image(&s, "acme/app", &tag, &config, &[&own, &big]).await;
                objects.clear_faults();
                match outcome {
                    Ok(manifest) => pushed.push(Pushed {
                        tag,
                        manifest,
                        blobs: vec![config, own, big.clone()],
                    }),
                    Err(_) => failed += 1,
                }
                // A restart: the next process knows only what is in the store.
                s = restart(&objects).await;
                check_everything(&s, &pushed, 1, &fault).await;
            }
        }
    }
    check_everything(&s, &pushed, pushed.len(), "all faults").await;
    println!(
        "{n} faults injected: {} pushes acknowledged, {failed} refused",
        pushed.len()
    );
    // The faults did hit: some pushes failed, and the others all survived.
    assert!(failed > 0, "no injected fault made a push fail");
    assert!(!pushed.is_empty(), "every push failed");
    // And the store still takes a clean push afterwards.
    let m = try_push_image(&s, "acme/app", "after", b"config after", &[b"layer after"])
        .await
        .expect("a push after the faults");
    assert!(!m.is_empty());
}
