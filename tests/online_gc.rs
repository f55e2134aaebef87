//! gc on object storage (the in-memory backend here; `tests/online_gc_s3.rs` runs
//! replicas on SeaweedFS): the reference-first protocol of docs/gc.md ("Online gc on
//! object storage"). gc's scenarios where they apply, records written before the
//! protocol, and the races the protocol exists for, made deterministic by committing
//! from gc's progress observer between its listing and its deletes.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use registryctl::gc::{self, Observer, Options, Phase, Report};
use registryctl::oci::{Digest, Manifest};
use registryctl::storage::object::mem::MemObjects;
use registryctl::storage::object::{read_small, DeleteMode, ObjectStore, PutMode};
use registryctl::storage::{paths, Access, Key, Store};
use serde_json::json;

const IMAGE: &str = "application/vnd.oci.image.manifest.v1+json";
const INDEX: &str = "application/vnd.oci.image.index.v1+json";

fn open(objects: &MemObjects) -> Store {
    Store::open_objects(Arc::new(objects.clone()), Access::ReadWrite, true).expect("open")
}

async fn server_on(objects: &MemObjects) -> TestServer {
    let dir = tempfile::tempdir().expect("tempdir");
    TestServer::start_on(open(objects), dir, Default::default()).await
}

fn opts(grace: u64, delete_untagged: bool) -> Options {
    Options {
        grace_period: Duration::from_secs(grace),
        delete_untagged,
        list_items: true,
        ..Options::default()
    }
}

/// gc as another process would run it: its own store handle on the same objects.
async fn run_gc(objects: &MemObjects, o: Options) -> Report {
    let store = open(objects);
    tokio::task::spawn_blocking(move || gc::run(&store, &o, &gc::Silent))
        .await
        .expect("gc thread")
        .expect("gc")
}

fn index_of(children: &[(&[u8], &str)]) -> Vec<u8> {
    let ms: Vec<_> = children
        .iter()
        .map(|(m, arch)| {
            json!({"mediaType": IMAGE, "digest": digest(m).to_string(), "size": m.len(),
                   "platform": {"os": "linux", "architecture": arch}})
        })
        .collect();
    serde_json::to_vec(&json!({"schemaVersion": 2, "mediaType": INDEX, "manifests": ms}))
        .expect("json")
}

async fn status(s: &TestServer, path: &str) -> u16 {
    get(s, path).await.status().as_u16()
}

/// Every kept image pulls whole; what gc removed is gone; a second run finds nothing.
#[tokio::test]
async fn gc_on_objects_keeps_what_is_used_and_removes_the_rest() {
    let objects = MemObjects::new();
    let s = server_on(&objects).await;
    // A tagged image, an untagged one, an orphan blob, a tagged index over two
    // digest-only children, and a referrer of the tagged image.
    let tagged = push_image(&s, "acme/app", "v1", b"{\"c\":1}", &[b"base", b"app"]).await;
    let untagged = push_image(&s, "acme/app", "v2", b"{\"c\":2}", &[b"base", b"old"]).await;
    assert_eq!(
        delete(&s, "/v2/acme/app/manifests/v2").await.status(),
        202,
        "tag delete"
    );
    let _ = untagged;
    let orphan = push_blob(&s, "acme/app", b"never referenced").await;
    let mut children = Vec::new();
    for arch in ["amd64", "arm64"] {
        let cfg = format!("{{\"arch\":\"{arch}\"}}");
        let layer = format!("layer-{arch}");
        push_blob(&s, "acme/multi", cfg.as_bytes()).await;
        push_blob(&s, "acme/multi", layer.as_bytes()).await;
        let m = image_manifest(cfg.as_bytes(), &[layer.as_bytes()]);
        let r = put_manifest(&s, "acme/multi", &digest(&m).to_string(), IMAGE, &m).await;
        assert_eq!(r.status(), 201);
        children.push((m, arch));
    }
    let refs: Vec<(&[u8], &str)> = children.iter().map(|(m, a)| (m.as_slice(), *a)).collect();
    let index = index_of(&refs);
    assert_eq!(
        put_manifest(&s, "acme/multi", "latest", INDEX, &index)
            .await
            .status(),
        201
    );
    push_blob(&s, "acme/app", b"{}").await;
    let sig = serde_json::to_vec(&json!({
        "schemaVersion": 2, "mediaType": IMAGE, "artifactType": "application/example.sig",
        "config": {"mediaType": "application/vnd.oci.empty.v1+json",
                   "digest": digest(b"{}").to_string(), "size": 2},
        "layers": [],
        "subject": {"mediaType": IMAGE, "digest": tagged.to_string(), "size": 1},
    }))
    .unwrap();
    let sig_d = digest(&sig);
    assert_eq!(
        put_manifest(&s, "acme/app", &sig_d.to_string(), IMAGE, &sig)
            .await
            .status(),
        201
    );

    // The grace period holds everything back.
    let r = run_gc(&objects, opts(3600, true)).await;
    assert_eq!(
        (r.blobs_deleted, r.manifests_removed, r.layer_links_removed),
        (0, 0, 0),
        "{r:?}"
    );
    assert!(
        r.held_back.layer_links > 0 && r.held_back.manifests > 0,
        "{r:?}"
    );
    // A dry run without it plans, and changes nothing.
    let keys = objects.keys();
    let plan = run_gc(
        &objects,
        Options {
            dry_run: true,
            ..opts(0, true)
        },
    )
    .await;
    assert!(plan.dry_run && plan.blobs_deleted > 0, "{plan:?}");
    assert_eq!(objects.keys(), keys, "a dry run changed the store");

    // Plain gc keeps untagged manifests; only the orphan blob goes.
    let r = run_gc(&objects, opts(0, false)).await;
    assert_eq!(r.manifests_removed, 0, "{r:?}");
    assert_eq!(r.untagged_manifests_kept, 1, "{r:?}");
    assert!(r.problems.is_empty(), "{r:?}");
    assert_eq!(
        status(&s, &format!("/v2/acme/app/blobs/{orphan}")).await,
        404,
        "the orphan blob's link stayed"
    );
    assert_eq!((r.blobs_deleted, r.layer_links_removed), (1, 1), "{r:?}");
    // The plan also had the untagged image's manifest, config and own layer.
    assert_eq!(plan.blobs_deleted, r.blobs_deleted + 3, "{plan:?} vs {r:?}");

    // With --delete-untagged the untagged image and its own layer go; the index's
    // children, the referrer of the tagged image and shared layers stay.
    let r = run_gc(&objects, opts(0, true)).await;
    assert_eq!(r.manifests_removed, 1, "{r:?}");
    assert!(r.problems.is_empty(), "{r:?}");
    assert_eq!(status(&s, "/v2/acme/app/manifests/v1").await, 200);
    assert_eq!(
        status(&s, &format!("/v2/acme/app/manifests/{untagged}")).await,
        404
    );
    assert_eq!(
        status(&s, &format!("/v2/acme/app/blobs/{}", digest(b"old"))).await,
        404
    );
    for l in [&b"base"[..], b"app", b"{\"c\":1}"] {
        assert_blob_body(&s, "acme/app", &digest(l), l).await;
    }
    assert_eq!(
        status(&s, &format!("/v2/acme/app/manifests/{sig_d}")).await,
        200,
        "the referrer went"
    );
    for (m, _) in &children {
        assert_eq!(
            status(&s, &format!("/v2/acme/multi/manifests/{}", digest(m))).await,
            200
        );
    }
    for arch in ["amd64", "arm64"] {
        let layer = format!("layer-{arch}");
        assert_blob_body(
            &s,
            "acme/multi",
            &digest(layer.as_bytes()),
            layer.as_bytes(),
        )
        .await;
    }
    // Nothing is left to collect, and nothing unnamed is left in data/.
    let r = run_gc(&objects, opts(0, true)).await;
    assert_eq!(
        (r.blobs_deleted, r.blobs_unreferenced, r.manifests_removed),
        (0, 0, 0),
        "{r:?}"
    );
    // Every removal is in the deletion audit log, with the run's id.
    let log = {
        let objects = objects.clone();
        tokio::task::spawn_blocking(move || open(&objects).read_deletion_log())
            .await
            .expect("thread")
            .expect("read the deletion log")
            .unwrap_or_default()
    };
    let log = String::from_utf8_lossy(&log);
    assert!(
        log.contains("\"gc_run\""),
        "no gc entries in the log: {log}"
    );
    assert!(log.contains(&untagged.to_string()), "{log}");
}

/// Runs `commit` (once) when gc begins `phase`: between its listing and its deletes
/// (Phase::Sweep), or between its link and blob deletes (Phase::Bytes).
struct CommitAt<F: FnMut() + Send> {
    phase: Phase,
    commit: Mutex<Option<F>>,
}

impl<F: FnMut() + Send> Observer for CommitAt<F> {
    fn begin(&self, phase: Phase, _: u64) {
        if phase == self.phase {
            if let Some(mut f) = self.commit.lock().expect("lock").take() {
                f();
            }
        }
    }
    fn advance(&self, _: u64) {}
    fn end(&self, _: Phase, _: &str) {}
}

async fn gc_with<F: FnMut() + Send + 'static>(
    objects: &MemObjects,
    o: Options,
    phase: Phase,
    commit: F,
) -> Report {
    let store = open(objects);
    tokio::task::spawn_blocking(move || {
        let obs = CommitAt {
            phase,
            commit: Mutex::new(Some(commit)),
        };
        gc::run(&store, &o, &obs)
    })
    .await
    .expect("gc thread")
    .expect("gc")
}

/// The protocol's two outcomes when a push re-uses old, unreferenced blobs while gc
/// runs: a push that touches them after gc listed them wins (gc's deletes fail on
/// the version and everything stays); a push after gc deleted them fails cleanly
/// with MANIFEST_BLOB_UNKNOWN and is not acknowledged.
#[tokio::test]
async fn a_touch_after_the_listing_defeats_gcs_delete_and_a_late_push_fails_cleanly() {
    let objects = MemObjects::new();
    let s = server_on(&objects).await;
    let config = b"{\"late\":1}".to_vec();
    let layer = b"an old layer nobody references yet".to_vec();
    push_blob(&s, "acme/app", &config).await;
    push_blob(&s, "acme/app", &layer).await;
    let m = image_manifest(&config, &[&layer]);
    let (replica, body) = (open(&objects), m.clone());
    // A second replica pushes the manifest after gc listed the store.
    let r = gc_with(&objects, opts(0, true), Phase::Sweep, move || {
        let parsed = Manifest::parse(&body, IMAGE).expect("manifest");
        replica
            .put_manifest(
                &repo_name("acme/app"),
                &Digest::sha256_of(&body),
                &body,
                &parsed,
                Some(&tag_name("v1")),
            )
            .expect("the push next to gc is acknowledged");
    })
    .await;
    assert_eq!(
        (r.layer_links_removed, r.blobs_deleted),
        (0, 0),
        "gc deleted what a push touched after its listing: {r:?}"
    );
    assert_eq!(
        get(&s, "/v2/acme/app/manifests/v1").await.status(),
        200,
        "the acknowledged push is gone"
    );
    assert_blob_body(&s, "acme/app", &digest(&layer), &layer).await;
    assert_blob_body(&s, "acme/app", &digest(&config), &config).await;

    // The other order: gc removes the links first, then a push names them.
    let config2 = b"{\"late\":2}".to_vec();
    push_blob(&s, "acme/other", &config2).await;
    push_blob(&s, "acme/other", &layer).await;
    let m2 = image_manifest(&config2, &[&layer]);
    let (replica, body) = (open(&objects), m2.clone());
    let outcome = Arc::new(Mutex::new(None));
    let seen = outcome.clone();
    let r = gc_with(&objects, opts(0, true), Phase::Bytes, move || {
        let parsed = Manifest::parse(&body, IMAGE).expect("manifest");
        let got = replica.put_manifest(
            &repo_name("acme/other"),
            &Digest::sha256_of(&body),
            &body,
            &parsed,
            Some(&tag_name("v1")),
        );
        *seen.lock().expect("lock") = Some(format!("{got:?}"));
    })
    .await;
    assert_eq!(r.layer_links_removed, 2, "{r:?}");
    let got = outcome.lock().expect("lock").clone().unwrap_or_default();
    assert!(
        got.contains("Unknown"),
        "the late push was not refused: {got}"
    );
    assert_eq!(get(&s, "/v2/acme/other/manifests/v1").await.status(), 404);
    // The shared layer's bytes stay: acme/app's link names them.
    assert_blob_body(&s, "acme/app", &digest(&layer), &layer).await;
    let r = put_manifest(&s, "acme/other", "v1", IMAGE, &m2).await;
    assert_error(r, 400, "MANIFEST_BLOB_UNKNOWN").await;
    let _ = m;
}

/// A manifest a client deletes after gc listed it is gone, not damaged: gc goes on
/// in that repository (no problem reported, exit 0) and keeps what still stays.
#[tokio::test]
async fn a_manifest_deleted_after_the_listing_is_no_problem() {
    let objects = MemObjects::new();
    let s = server_on(&objects).await;
    let (config, layer) = (b"{\"kept\":1}".to_vec(), b"a kept layer".to_vec());
    let (config2, layer2) = (b"{\"gone\":1}".to_vec(), b"a layer of the deleted".to_vec());
    for b in [&config, &layer, &config2, &layer2] {
        push_blob(&s, "acme/app", b).await;
    }
    let kept = image_manifest(&config, &[&layer]);
    let gone = image_manifest(&config2, &[&layer2]);
    assert_eq!(
        put_manifest(&s, "acme/app", "v1", IMAGE, &kept)
            .await
            .status(),
        201
    );
    assert_eq!(
        put_manifest(&s, "acme/app", "v2", IMAGE, &gone)
            .await
            .status(),
        201
    );
    let replica = open(&objects);
    let d = digest(&gone);
    // A grace period that holds everything young: the deleted link counts as young.
    let r = gc_with(&objects, opts(3600, false), Phase::Manifests, move || {
        let deleted = replica
            .delete_manifest(&repo_name("acme/app"), &Digest::sha256_of(&gone))
            .expect("delete next to gc");
        assert!(deleted);
    })
    .await;
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!(
        get(&s, &format!("/v2/acme/app/manifests/{d}"))
            .await
            .status(),
        404
    );
    assert_eq!(get(&s, "/v2/acme/app/manifests/v1").await.status(), 200);
    assert_blob_body(&s, "acme/app", &digest(&layer), &layer).await;
    // What only the deleted manifest used is gone after this run and the next.
    let r = run_gc(&objects, opts(0, false)).await;
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    for b in [&config2, &layer2] {
        let path = format!("/v2/acme/app/blobs/{}", digest(b));
        assert_eq!(status(&s, &path).await, 404, "{path}");
    }
    assert_blob_body(&s, "acme/app", &digest(&config), &config).await;
}

/// A commit creates a manifest's link pending before the manifest's bytes (creating
/// them is their touch). A gc that reads the link between the two finds no bytes:
/// that is no problem (exit 0, the repository is swept), the young pending link
/// stays, and once old it is reclaimed like any stale pending record.
#[tokio::test]
async fn a_pending_manifest_link_before_its_bytes_is_no_problem() {
    let objects = MemObjects::new();
    let s = server_on(&objects).await;
    let kept = push_image(&s, "acme/app", "v1", b"{\"kept\":1}", &[b"kept layer"]).await;
    let (config, layer) = (
        b"{\"caught\":1}".to_vec(),
        b"a layer of the caught".to_vec(),
    );
    push_blob(&s, "acme/app", &config).await;
    push_blob(&s, "acme/app", &layer).await;
    let m = image_manifest(&config, &[&layer]);
    let info = json!({"mediaType": IMAGE, "size": m.len()}).to_string();
    let link = json!({"link": info, "pending": true, "touch": "caught"}).to_string();
    let key = paths::manifest_link(&repo_name("acme/app"), &digest(&m));
    objects
        .put(&key, link.into_bytes().into(), PutMode::Create)
        .await
        .expect("put the pending link");
    let r = run_gc(&objects, opts(3600, false)).await;
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert!(
        objects.head(&key).await.expect("head").is_some(),
        "a young pending link went"
    );
    let m_path = format!("/v2/acme/app/manifests/{}", digest(&m));
    assert_eq!(status(&s, &m_path).await, 404, "a pending link is served");
    // Old (grace 0): reclaimed with the unreferenced layers; the tagged image stays.
    let r = run_gc(&objects, opts(0, false)).await;
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert!(objects.head(&key).await.expect("head").is_none(), "{r:?}");
    assert_eq!(r.layer_links_removed, 2, "{r:?}");
    assert_eq!(
        status(&s, &format!("/v2/acme/app/manifests/{kept}")).await,
        200
    );
    // A push of it now names links gc removed: refused cleanly.
    let r = put_manifest(&s, "acme/app", "v2", IMAGE, &m).await;
    assert_error(r, 400, "MANIFEST_BLOB_UNKNOWN").await;
}

fn orphans_scan_finds(objects: &MemObjects) -> Vec<String> {
    use registryctl::scan::{self, NoScanProgress, ScanOptions};
    let report = scan::run(&open(objects), &ScanOptions::default(), &NoScanProgress).expect("scan");
    report
        .problems
        .iter()
        .filter(|p| p.kind == scan::ProblemKind::OrphanedData)
        .map(|p| p.key.clone())
        .collect()
}

/// A data object that no record or session names (a process killed between gc's
/// delete of a record and of its data) is reported by `scan` as orphaned_data, a
/// warning, and reclaimed by gc; the data of a live blob is not reported, nor the
/// bytes of an open session.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scan_reports_orphaned_data_and_gc_reclaims_it() {
    let objects = MemObjects::new();
    let s = server_on(&objects).await;
    let big: Vec<u8> = (0..600_000u32).map(|i| (i % 251) as u8).collect();
    push_image(&s, "acme/app", "v1", b"{\"big\":1}", &[&big]).await;
    // An open chunked session with bytes in it.
    let r = post(&s, "/v2/acme/app/blobs/uploads/").await;
    assert_eq!(r.status(), 202);
    let loc = r.headers()["location"]
        .to_str()
        .expect("location")
        .to_string();
    let r = http()
        .patch(s.at(&loc))
        .header("content-type", "application/octet-stream")
        .body(vec![7u8; 100_000])
        .send()
        .await
        .expect("patch");
    assert_eq!(r.status(), 202);
    let orphan = Key::parse("data/0123456789abcdef0123456789abcdef").expect("key");
    objects
        .put(&orphan, b"left behind".to_vec().into(), PutMode::Create)
        .await
        .expect("put");
    let found = tokio::task::spawn_blocking({
        let objects = objects.clone();
        move || orphans_scan_finds(&objects)
    })
    .await
    .expect("scan thread");
    assert_eq!(found, vec![orphan.to_string()]);
    let r = run_gc(&objects, opts(0, false)).await;
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    let found = tokio::task::spawn_blocking(move || orphans_scan_finds(&objects))
        .await
        .expect("scan thread");
    assert!(found.is_empty(), "{found:?} after gc: {r:?}");
    assert_blob_body(&s, "acme/app", &digest(&big), &big).await;
}

/// Records written before the protocol (no state, no nonce) are committed: gc keeps
/// them while a manifest uses them and removes them when nothing does.
#[tokio::test]
async fn records_without_a_state_are_read_and_collected_as_committed() {
    let objects = MemObjects::new();
    let _ = open(&objects);
    let put = |key: Key, body: Vec<u8>| {
        let objects = objects.clone();
        async move {
            objects
                .put(&key, body.into(), PutMode::Create)
                .await
                .expect("put");
        }
    };
    let repo = repo_name("legacy/app");
    let b64 = |b: &[u8]| {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode(b)
    };
    let (config, layer, stale) = (&b"{\"old\":1}"[..], &b"old layer"[..], &b"stale"[..]);
    for blob in [config, layer, stale] {
        let d = digest(blob);
        let rec = json!({"size": blob.len(), "inline": b64(blob)}).to_string();
        put(paths::blob_data(&d), rec.into_bytes()).await;
        put(paths::layer_link(&repo, &d), d.to_string().into_bytes()).await;
    }
    let m = image_manifest(config, &[layer]);
    let md = digest(&m);
    let rec = json!({"size": m.len(), "inline": b64(&m)}).to_string();
    put(paths::blob_data(&md), rec.into_bytes()).await;
    let info = json!({"mediaType": IMAGE, "size": m.len()}).to_string();
    put(paths::manifest_link(&repo, &md), info.into_bytes()).await;
    put(
        paths::tag(&repo, &tag_name("v1")),
        md.to_string().into_bytes(),
    )
    .await;
    let s = server_on(&objects).await;
    assert_eq!(get(&s, "/v2/legacy/app/manifests/v1").await.status(), 200);
    assert_blob_body(&s, "legacy/app", &digest(layer), layer).await;

    let r = run_gc(&objects, opts(0, true)).await;
    assert_eq!((r.layer_links_removed, r.blobs_deleted), (1, 1), "{r:?}");
    assert!(r.problems.is_empty(), "{r:?}");
    assert_eq!(get(&s, "/v2/legacy/app/manifests/v1").await.status(), 200);
    assert_blob_body(&s, "legacy/app", &digest(layer), layer).await;
    assert_blob_body(&s, "legacy/app", &digest(config), config).await;
    assert_eq!(
        get(&s, &format!("/v2/legacy/app/blobs/{}", digest(stale)))
            .await
            .status(),
        404
    );
    // A tag moved away from the old manifest: it goes, with what only it used.
    let new = push_image(&s, "legacy/app", "v1", b"{\"new\":1}", &[b"new layer"]).await;
    let r = run_gc(&objects, opts(0, true)).await;
    assert_eq!(r.manifests_removed, 1, "{r:?}");
    assert_eq!(
        get(&s, &format!("/v2/legacy/app/manifests/{md}"))
            .await
            .status(),
        404
    );
    assert_eq!(
        get(&s, &format!("/v2/legacy/app/manifests/{new}"))
            .await
            .status(),
        200
    );
}

/// GETs of the records gc reads per blob: blob records (`blobs/`) only.
fn blob_record_gets(log: &[(registryctl::storage::object::mem::Op, String)]) -> usize {
    use registryctl::storage::object::mem::Op;
    log.iter()
        .filter(|(op, k)| *op == Op::Get && k.starts_with("blobs/"))
        .count()
}

/// Bytes of `len` whose digest does not start with `avoid` (the shard a run reads
/// afresh), so that a test sees the memo stand in for the record.
fn bytes_outside_shard(len: usize, seed: u8, avoid: char) -> Vec<u8> {
    for nonce in 0..64u8 {
        let b: Vec<u8> = (0..len)
            .map(|i| (i as u8).wrapping_mul(seed) ^ nonce)
            .collect();
        if !digest(&b).hex().starts_with(avoid) {
            return b;
        }
    }
    panic!("64 digests in a row started with {avoid}");
}

/// gc's memo: a second real run reads only the blob records of the shard it reads
/// afresh (and those it may delete), not every record, and decides the same; a
/// run with the memo off, and one over damaged shards, read them all again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_run_reads_what_the_memo_does_not_hold_and_decides_the_same() {
    let objects = MemObjects::new();
    let s = server_on(&objects).await;
    let big: Vec<u8> = (0..300_000u32).map(|i| (i % 241) as u8).collect();
    for i in 0..12u8 {
        let layer = [i; 40];
        let config = format!("{{\"n\":{i}}}");
        let layers: Vec<&[u8]> = if i == 0 {
            vec![&big, &layer]
        } else {
            vec![&layer]
        };
        push_image(&s, "acme/app", &format!("v{i}"), config.as_bytes(), &layers).await;
    }
    objects.record_ops();
    let first = run_gc(&objects, opts(0, false)).await;
    let cold = blob_record_gets(&objects.take_log());
    let second = run_gc(&objects, opts(0, false)).await;
    let warm = blob_record_gets(&objects.take_log());
    assert_eq!(first.blobs_scanned, second.blobs_scanned);
    assert_eq!(first.blobs_referenced, second.blobs_referenced);
    assert_eq!(second.blobs_deleted, 0);
    // 12 manifests, 12 configs, 12 small layers and the big one: the cold run reads
    // the manifests' bytes and the records small enough to name a data object.
    assert!(cold >= 12, "cold run read {cold} blob records");
    assert!(
        warm * 4 < cold,
        "the warm run read {warm} blob records, the cold one {cold}"
    );
    let off = run_gc(
        &objects,
        Options {
            memo: false,
            ..opts(0, false)
        },
    )
    .await;
    assert_eq!(blob_record_gets(&objects.take_log()), cold, "memo off");
    assert_eq!(off.blobs_referenced, first.blobs_referenced);
    for n in 0..16u8 {
        objects
            .put(
                &paths::gc_memo_shard(n),
                b"{not json".to_vec().into(),
                PutMode::Overwrite,
            )
            .await
            .expect("damage a shard");
    }
    let damaged = run_gc(&objects, opts(0, false)).await;
    assert_eq!(blob_record_gets(&objects.take_log()), cold, "damaged memo");
    assert_eq!(damaged.blobs_referenced, first.blobs_referenced);
    assert!(damaged.problems.is_empty(), "{:?}", damaged.problems);
    assert_blob_body(&s, "acme/app", &digest(&big), &big).await;
}

/// The memo's one fact that can go stale: a blob record deleted and created again
/// since (here by hand, its old data object left behind) names a new data object,
/// while the memo still names the old one, which is listed. The new data object
/// looks unnamed; gc must read the records the memo stood in for before deleting
/// it, and then deletes only the old one. (Without that read this test loses the
/// blob's bytes.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_record_created_again_since_the_memo_keeps_its_new_data() {
    let objects = MemObjects::new();
    let s = server_on(&objects).await;
    // The second run reads shard 2 afresh (runs count from 1): keep the layer out.
    let big = bytes_outside_shard(300_000, 7, '2');
    let d = digest(&big);
    push_image(&s, "acme/app", "v1", b"{\"c\":1}", &[&big]).await;
    let first = run_gc(&objects, opts(0, false)).await;
    assert!(first.problems.is_empty(), "{:?}", first.problems);
    let record = paths::blob_data(&d);
    let data_of = |raw: &[u8]| -> String {
        let v: serde_json::Value = serde_json::from_slice(raw).expect("record");
        v["data"].as_str().expect("names a data object").to_string()
    };
    let raw = || async {
        read_small(&objects, &record, 1 << 20)
            .await
            .expect("read")
            .expect("record")
            .0
    };
    let old = data_of(&raw().await);
    objects
        .delete(&record, DeleteMode::Any)
        .await
        .expect("delete the record by hand");
    push_blob(&s, "acme/app", &big).await;
    let new = data_of(&raw().await);
    assert_ne!(old, new);
    let r = run_gc(&objects, opts(0, false)).await;
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    let keys = objects.keys();
    assert!(keys.contains(&new), "the record's data object was deleted");
    assert!(!keys.contains(&old), "the old data object was left");
    assert_blob_body(&s, "acme/app", &d, &big).await;
}

/// `scan --fix` moves a damaged blob's record into `quarantine/` and leaves its data
/// object: gc keeps that object (it is named, by the quarantined record), and scan
/// does not call it orphaned.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quarantined_record_keeps_its_data_object() {
    let objects = MemObjects::new();
    let s = server_on(&objects).await;
    let big: Vec<u8> = (0..300_000u32).map(|i| (i % 239) as u8).collect();
    let d = push_blob(&s, "acme/app", &big).await;
    let moved = tokio::task::spawn_blocking({
        let objects = objects.clone();
        let d = d.clone();
        move || open(&objects).quarantine_blob(&d, 300_000)
    })
    .await
    .expect("thread")
    .expect("quarantine")
    .expect("moved");
    let raw = read_small(&objects, &moved, 1 << 20)
        .await
        .expect("read")
        .expect("quarantined record");
    let v: serde_json::Value = serde_json::from_slice(&raw.0).expect("record");
    let data = v["data"].as_str().expect("names a data object").to_string();
    let r = run_gc(&objects, opts(0, false)).await;
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert!(
        objects.keys().contains(&data),
        "gc deleted a quarantined blob's bytes"
    );
    let found = tokio::task::spawn_blocking(move || orphans_scan_finds(&objects))
        .await
        .expect("scan thread");
    assert!(found.is_empty(), "{found:?}");
}
