//! Stateless upload sessions: the running hash is saved with the session, so chunks of
//! one upload can land on different `serve` processes (or on one after a restart)
//! without any of them reading back the bytes already received.

mod common;

use std::path::Path;

use common::*;
use registryctl::server::{self, App};
use registryctl::storage::{paths, HashCheckpoint, Store, UploadId};

/// A registry on an existing store root, stopped on drop: one of several "processes"
/// sharing a store (each has its own `Store`, so nothing is shared in memory).
struct Replica {
    url: String,
    store: Store,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Replica {
    async fn start(root: &Path) -> Replica {
        let store = Store::open_or_create(root).expect("open store");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let app = App::new(store.clone());
        let task = tokio::spawn(async move {
            server::serve_on(listener, app, async {
                let _ = rx.await;
            })
            .await
            .expect("server");
        });
        Replica {
            url,
            store,
            stop: Some(tx),
            task: Some(task),
        }
    }

    async fn stop(mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.task.take() {
            let _ = t.await;
        }
    }
}

fn content(n: usize) -> Vec<u8> {
    (0..n).map(|i| (i * 13 % 251) as u8).collect()
}

/// Sends `chunk` (at `offset`) to the session at `location` on `base`.
async fn patch(base: &str, location: &str, chunk: &[u8], offset: usize) -> reqwest::Response {
    http()
        .patch(format!("{base}{location}"))
        .header("content-type", "application/octet-stream")
        .header(
            "content-range",
            format!("{offset}-{}", offset + chunk.len() - 1),
        )
        .body(chunk.to_vec())
        .send()
        .await
        .expect("patch")
}

async fn start_session(base: &str) -> String {
    let r = http()
        .post(format!("{base}/v2/acme/app/blobs/uploads/"))
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 202);
    r.headers()["location"]
        .to_str()
        .expect("location")
        .to_string()
}

async fn close(base: &str, location: &str, d: &Digest) -> reqwest::Response {
    let sep = if location.contains('?') { '&' } else { '?' };
    http()
        .put(format!("{base}{location}{sep}digest={d}"))
        .send()
        .await
        .expect("put")
}

async fn blob_bytes(base: &str, d: &Digest) -> Vec<u8> {
    let r = http()
        .get(format!("{base}/v2/acme/app/blobs/{d}"))
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), 200);
    r.bytes().await.expect("body").to_vec()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chunks_alternate_between_replicas_without_rehashing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = Replica::start(dir.path()).await;
    let b = Replica::start(dir.path()).await;
    let data = content(10 * 100_003);
    let d = digest(&data);
    let loc = start_session(&a.url).await;
    for (i, chunk) in data.chunks(100_003).enumerate() {
        let base = if i % 2 == 0 { &a.url } else { &b.url };
        let r = patch(base, &loc, chunk, i * 100_003).await;
        assert_eq!(
            r.status(),
            202,
            "chunk {i}: {}",
            r.text().await.unwrap_or_default()
        );
    }
    let r = close(&b.url, &loc, &d).await;
    assert_eq!(r.status(), 201);
    assert!(blob_bytes(&a.url, &d).await == data);
    assert_eq!(
        a.store.rehashed_bytes() + b.store.rehashed_bytes(),
        0,
        "no replica read back bytes another had hashed"
    );
    a.stop().await;
    b.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_continues_after_a_restart_without_rehashing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = content(3 * 65_537);
    let d = digest(&data);
    let first = Replica::start(dir.path()).await;
    let loc = start_session(&first.url).await;
    let r = patch(&first.url, &loc, &data[..65_537], 0).await;
    assert_eq!(r.status(), 202);
    first.stop().await;
    let second = Replica::start(dir.path()).await;
    let r = patch(&second.url, &loc, &data[65_537..], 65_537).await;
    assert_eq!(r.status(), 202);
    assert_eq!(close(&second.url, &loc, &d).await.status(), 201);
    assert!(blob_bytes(&second.url, &d).await == data);
    assert_eq!(second.store.rehashed_bytes(), 0);
    second.stop().await;
}

/// The session id at the end of an upload URL.
fn session_id(loc: &str) -> UploadId {
    UploadId::parse(loc.rsplit('/').next().expect("id")).expect("a session id")
}

/// On a fresh replica of the store at `root`: the rest of `data` after `from` bytes
/// goes to session `loc` and the session closes; the blob is `data`, and the
/// replica read the first `from` bytes back exactly once (their checkpoint was
/// not trusted).
async fn finish_after_one_rehash(root: &Path, loc: &str, data: &[u8], from: usize) {
    let d = digest(data);
    let b = Replica::start(root).await;
    assert_eq!(patch(&b.url, loc, &data[from..], from).await.status(), 202);
    assert_eq!(close(&b.url, loc, &d).await.status(), 201);
    assert!(blob_bytes(&b.url, &d).await == data);
    assert_eq!(
        b.store.rehashed_bytes(),
        from as u64,
        "rebuilt from the bytes once, not trusted"
    );
    b.stop().await;
}

/// Rewrites the checkpoint the filesystem saved for session `id` (its own record,
/// overwritten in place after each chunk) through `edit`, as a valid record.
fn edit_checkpoint(root: &Path, id: &UploadId, edit: impl FnOnce(&mut HashCheckpoint)) {
    let path = store_path(root, &paths::upload_hash(id));
    let mut c = HashCheckpoint::from_framed(&std::fs::read(&path).expect("checkpoint"))
        .expect("a valid checkpoint was saved");
    edit(&mut c);
    std::fs::write(&path, c.to_framed()).expect("write");
}

/// A checkpoint torn by a crash, or mixed by two writers, fails its own check: the
/// next chunk rebuilds the state from the bytes, once, and the blob is stored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_torn_checkpoint_is_not_trusted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = content(120_000);
    let a = Replica::start(dir.path()).await;
    let loc = start_session(&a.url).await;
    assert_eq!(patch(&a.url, &loc, &data[..60_000], 0).await.status(), 202);
    assert_eq!(
        patch(&a.url, &loc, &data[60_000..90_000], 60_000)
            .await
            .status(),
        202
    );
    a.stop().await;
    let id = session_id(&loc);
    let path = store_path(dir.path(), &paths::upload_hash(&id));
    let mut record = std::fs::read(&path).expect("checkpoint");
    let c = HashCheckpoint::from_framed(&record).expect("valid as written");
    assert_eq!(c.len, 90_000, "the second chunk overwrote the first's");
    // One byte of the JSON changed as a torn write would leave it.
    let last = record.len() - 2;
    record[last] ^= 0x01;
    assert!(
        HashCheckpoint::from_framed(&record).is_none(),
        "fails its check"
    );
    std::fs::write(&path, &record).expect("write");
    finish_after_one_rehash(dir.path(), &loc, &data, 90_000).await;
}

/// A checkpoint that does not match the bytes (damaged, or the data grew without
/// one) is never trusted: the state is rebuilt from the bytes, and the blob is
/// stored only under the digest the bytes really have.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_checkpoint_that_does_not_match_the_data_is_not_trusted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = content(200_000);
    let a = Replica::start(dir.path()).await;
    let loc = start_session(&a.url).await;
    assert_eq!(patch(&a.url, &loc, &data[..100_000], 0).await.status(), 202);
    a.stop().await;
    let id = session_id(&loc);
    // Damage the saved state (and keep the record's own check valid).
    edit_checkpoint(dir.path(), &id, |c| {
        assert_eq!(c.len, 100_000, "a checkpoint was saved: {c:?}");
        c.state.state = "00".into();
    });
    finish_after_one_rehash(dir.path(), &loc, &data, 100_000).await;

    // Bytes appended behind the checkpoint's back (another writer): the close reads
    // the data back and refuses the digest of the checkpointed view.
    let c = Replica::start(dir.path()).await;
    let loc = start_session(&c.url).await;
    let part = &data[..1000];
    assert_eq!(patch(&c.url, &loc, part, 0).await.status(), 202);
    let id = session_id(&loc);
    let data_path = store_path(dir.path(), &paths::upload_data(&id));
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&data_path)
        .expect("data");
    std::io::Write::write_all(&mut f, b"sneaked in").expect("append");
    drop(f);
    let r = close(&c.url, &loc, &digest(part)).await;
    assert_eq!(
        r.status(),
        400,
        "the bytes no longer hash to the checkpointed digest"
    );
    assert_eq!(error_code(r).await, "DIGEST_INVALID");
    let r = http()
        .head(format!("{}/v2/acme/app/blobs/{}", c.url, digest(part)))
        .send()
        .await
        .expect("head");
    assert_eq!(r.status(), 404, "nothing stored under the wrong digest");
    c.stop().await;
}

/// Two real `registryctl serve` processes on one store root: an upload started on
/// one continues and finishes on the other.
#[test]
fn two_processes_share_one_session() {
    let a = BinServer::start(&[], &[]);
    let addr_b = format!("127.0.0.1:{}", free_port());
    let mut b = bin_command()
        .arg("--root")
        .arg(&a.root)
        .arg("serve")
        .arg("--listen")
        .arg(&addr_b)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("second server");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while std::net::TcpStream::connect(&addr_b).is_err() {
        assert!(
            std::time::Instant::now() < deadline,
            "second server did not listen"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let (ua, ub) = (format!("http://{}", a.addr), format!("http://{addr_b}"));
        let data = content(4 * 50_000);
        let d = digest(&data);
        let loc = start_session(&ua).await;
        for (i, chunk) in data.chunks(50_000).enumerate() {
            let base = if i % 2 == 0 { &ub } else { &ua };
            assert_eq!(patch(base, &loc, chunk, i * 50_000).await.status(), 202);
        }
        assert_eq!(close(&ub, &loc, &d).await.status(), 201);
        assert!(blob_bytes(&ua, &d).await == data);
    });
    let _ = b.kill();
    let _ = b.wait();
}

/// A checkpoint written in an earlier boot of the machine (its bytes were not synced,
/// and a crash may have lost them) is ignored: the bytes are read back once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_checkpoint_from_another_boot_is_not_trusted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = content(150_000);
    let a = Replica::start(dir.path()).await;
    let loc = start_session(&a.url).await;
    assert_eq!(patch(&a.url, &loc, &data[..50_000], 0).await.status(), 202);
    a.stop().await;
    let id = session_id(&loc);
    edit_checkpoint(dir.path(), &id, |c| {
        assert!(c.boot.is_some(), "names its boot: {c:?}");
        c.boot = Some("an-earlier-boot".into());
    });
    finish_after_one_rehash(dir.path(), &loc, &data, 50_000).await;
}

/// On object storage a new session is fresh: nothing is stored for it, so its first
/// writer reads no append record. It stops being fresh before its first bytes are
/// stored, so a writer in another process never takes a session holding bytes for
/// an empty one.
#[test]
fn a_fresh_session_stops_being_fresh_before_its_first_bytes() {
    use registryctl::storage::object::mem::MemObjects;
    use registryctl::storage::Access;
    let objects = std::sync::Arc::new(MemObjects::new());
    let a = Store::open_objects(objects.clone(), Access::ReadWrite, true).expect("open a");
    let b = Store::open_objects(objects, Access::ReadWrite, false).expect("open b");
    let repo = registryctl::oci::RepoName::parse("acme/app").expect("repo");
    // The POST's id is lazy: nothing is stored until its first chunk records it.
    let lazy = a.start_upload(&repo, None).expect("start");
    assert!(lazy.is_lazy());
    assert!(b.upload_meta(&lazy).expect("meta").is_none());
    let id = a.record_upload(&repo, &lazy, None).expect("record");
    assert!(!id.is_lazy());
    let fresh = |s: &Store| s.upload_meta(&id).expect("meta").expect("session").fresh;
    assert!(fresh(&b));
    // Opening and writing into memory stores nothing yet.
    let mut w = a.upload_writer(&repo, &id, None).expect("writer");
    w.write(b"first bytes").expect("write");
    assert!(fresh(&b));
    // The chunk's end stores them, and the session is no longer fresh.
    assert_eq!(a.checkpoint_upload(w).expect("checkpoint"), 11);
    assert!(!fresh(&b));
    let w = b.upload_writer(&repo, &id, None).expect("writer in b");
    assert_eq!(w.offset(), 11);
    drop(w);
    // A filesystem session is never fresh: its data file exists from the start.
    let dir = tempfile::tempdir().expect("tempdir");
    let fs = Store::open_or_create(dir.path()).expect("fs store");
    let id = fs.start_upload(&repo, None).expect("start");
    assert!(!fs.upload_meta(&id).expect("meta").expect("session").fresh);
}

/// Two servers on one in-memory object store (two "processes" sharing a bucket).
async fn two_on_objects() -> (
    registryctl::storage::object::mem::MemObjects,
    TestServer,
    TestServer,
) {
    use registryctl::storage::object::mem::MemObjects;
    use registryctl::storage::Access;
    let objects = MemObjects::new();
    let open = |create| {
        Store::open_objects(
            std::sync::Arc::new(objects.clone()),
            Access::ReadWrite,
            create,
        )
        .expect("open object store")
    };
    let dir = || tempfile::tempdir().expect("tempdir");
    let a = TestServer::start_on(open(true), dir(), Default::default()).await;
    let b = TestServer::start_on(open(false), dir(), Default::default()).await;
    (objects, a, b)
}

fn session_keys(objects: &registryctl::storage::object::mem::MemObjects) -> Vec<String> {
    objects
        .keys()
        .into_iter()
        .filter(|k| k.starts_with("uploads/"))
        .collect()
}

async fn put_at(s: &TestServer, loc: &str, d: &Digest, body: &[u8]) -> reqwest::Response {
    http()
        .put(s.at(&format!("{loc}?digest={d}")))
        .body(body.to_vec())
        .send()
        .await
        .expect("put")
}

/// On object storage a `POST` stores nothing: its session id is lazy. A closing `PUT`
/// with the whole blob stores only the blob; afterwards the id is unknown to the
/// process that closed it. Another process cannot know it was closed (nothing says
/// so in the store): there the id reads as an empty session, and nothing sent to it
/// can be stored under a digest it does not hash to.
#[tokio::test]
async fn a_lazy_session_is_stored_only_by_its_first_chunk() {
    let (objects, a, b) = two_on_objects().await;
    let data = content(70_000);
    let d = digest(&data);
    let loc = start_upload(&a, "acme/app").await;
    let id = session_id(&loc);
    assert!(id.is_lazy(), "{loc}");
    assert!(session_keys(&objects).is_empty(), "the POST stored nothing");
    // Either process answers for it; it belongs to its repository only.
    assert_eq!(get(&b, &loc).await.status(), 204);
    let elsewhere = loc.replace("/acme/app/", "/acme/other/");
    assert_error(get(&a, &elsewhere).await, 404, "BLOB_UPLOAD_UNKNOWN").await;
    assert_error(
        put_at(&a, &elsewhere, &d, &data).await,
        404,
        "BLOB_UPLOAD_UNKNOWN",
    )
    .await;
    // The whole blob in the closing PUT: no session is ever stored.
    assert_eq!(put_at(&a, &loc, &d, &data).await.status(), 201);
    assert!(
        session_keys(&objects).is_empty(),
        "{:?}",
        session_keys(&objects)
    );
    assert_blob_body(&b, "acme/app", &d, &data).await;
    assert_error(get(&a, &loc).await, 404, "BLOB_UPLOAD_UNKNOWN").await;
    assert_error(
        put_at(&a, &loc, &d, &data).await,
        404,
        "BLOB_UPLOAD_UNKNOWN",
    )
    .await;
    // The other process: an empty session, into which wrong bytes store nothing.
    assert_eq!(get(&b, &loc).await.status(), 204);
    let r = put_at(&b, &loc, &digest(b"other"), b"not other").await;
    assert_error(r, 400, "DIGEST_INVALID").await;
    assert!(
        session_keys(&objects).is_empty(),
        "{:?}",
        session_keys(&objects)
    );

    // A first chunk records the session, and the client goes on at the stored id,
    // on either process.
    let loc = start_upload(&a, "acme/app").await;
    let r = patch(&a.url, &loc, &data[..30_000], 0).await;
    assert_eq!(r.status(), 202);
    let stored = r.headers()["location"]
        .to_str()
        .expect("location")
        .to_string();
    let stored_id = session_id(&stored);
    assert!(!stored_id.is_lazy(), "{stored}");
    assert_eq!(stored_id, session_id(&loc).stored());
    assert_eq!(
        patch(&b.url, &stored, &data[30_000..50_000], 30_000)
            .await
            .status(),
        202
    );
    // A client that keeps the lazy id is served from the record: a status, a chunk,
    // a closing PUT with the rest; a PUT with a whole blob that is not it fails.
    let r = get(&b, &loc).await;
    assert_eq!(r.status(), 204);
    assert_eq!(r.headers()["range"], "0-49999");
    let r = put_at(&b, &loc, &d, &data[50_000..]).await;
    assert_error(r, 400, "DIGEST_INVALID").await;
    assert_eq!(
        patch(&a.url, &loc, &data[50_000..60_000], 50_000)
            .await
            .status(),
        202
    );
    let r = http()
        .put(b.at(&format!("{loc}?digest={d}")))
        .header("content-range", format!("60000-{}", data.len() - 1))
        .body(data[60_000..].to_vec())
        .send()
        .await
        .expect("put");
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap_or_default());
    assert_blob_body(&a, "acme/app", &d, &data).await;
    assert!(
        session_keys(&objects).is_empty(),
        "{:?}",
        session_keys(&objects)
    );
    assert_error(get(&b, &loc).await, 404, "BLOB_UPLOAD_UNKNOWN").await;
}

/// A cancelled lazy session is recorded as cancelled, so its id is unknown on every
/// process (and the record is not counted as a session); an expired lazy id is
/// unknown too; a lazy id belongs to its caller.
#[tokio::test]
async fn a_cancelled_or_expired_lazy_id_is_unknown_everywhere() {
    let (objects, a, b) = two_on_objects().await;
    let loc = start_upload(&a, "acme/app").await;
    assert_eq!(delete(&a, &loc).await.status(), 204);
    for s in [&a, &b] {
        assert_error(get(s, &loc).await, 404, "BLOB_UPLOAD_UNKNOWN").await;
        assert_error(delete(s, &loc).await, 404, "BLOB_UPLOAD_UNKNOWN").await;
    }
    let r = patch(&b.url, &loc, b"late", 0).await;
    assert_eq!(r.status(), 404);
    assert_eq!(session_keys(&objects).len(), 1, "the cancellation's record");
    assert_eq!(a.upload_sessions(), 0);
    // Forged or aged ids: another caller's, or one older than the upload expiry.
    let repo = registryctl::oci::RepoName::parse("acme/app").expect("repo");
    let store = Store::open_objects(
        std::sync::Arc::new(objects.clone()),
        registryctl::storage::Access::ReadWrite,
        false,
    )
    .expect("open");
    let lazy = store.start_upload(&repo, None).expect("start");
    assert!(store
        .upload_offset(&repo, &lazy, Some("bob"))
        .expect("offset")
        .is_none());
    assert!(store.upload_writer(&repo, &lazy, Some("bob")).is_err());
    assert!(store.record_upload(&repo, &lazy, Some("bob")).is_err());
    assert_eq!(
        store.upload_offset(&repo, &lazy, None).expect("offset"),
        Some(0)
    );
    let mut parts = lazy.as_str().split('.');
    let (uuid, binding) = (parts.next().expect("uuid"), parts.nth(1).expect("binding"));
    let old = registryctl::storage::unix_now() - 2 * 24 * 3600;
    let aged = format!("/v2/acme/app/blobs/uploads/{uuid}.{old:x}.{binding}");
    assert!(UploadId::parse(aged.rsplit('/').next().expect("id")).is_some());
    assert_error(get(&a, &aged).await, 404, "BLOB_UPLOAD_UNKNOWN").await;
    // Ids that are not exactly as handed out are no ids.
    for bad in [
        format!("{uuid}.{old:X}.{binding}"),
        format!("{uuid}.0{old:x}.{binding}"),
        format!("{uuid}.{old:x}.{}", binding.to_uppercase()),
        format!("{uuid}.{old:x}.{binding}0"),
        format!("{uuid}.{old:x}"),
        format!("{uuid}..{binding}"),
    ] {
        assert!(UploadId::parse(&bad).is_none(), "{bad}");
    }
}

/// A lazy session's writer that must store bytes before its commit (a blob of more
/// than one part) records its own session first, so that what it stored is found by
/// the session sweep if the process dies; a commit removes that record again, and a
/// writer that stored nothing recorded nothing.
#[test]
fn a_lazy_writer_records_its_session_before_it_stores_bytes() {
    use registryctl::storage::object::mem::MemObjects;
    use registryctl::storage::Access;
    let objects = MemObjects::new();
    let store = Store::open_objects(
        std::sync::Arc::new(objects.clone()),
        Access::ReadWrite,
        true,
    )
    .expect("open");
    let repo = registryctl::oci::RepoName::parse("acme/big").expect("repo");
    let sessions = || session_keys(&objects);
    // Killed after the first part: the writer's own session is recorded.
    let lazy = store.start_upload(&repo, None).expect("start");
    let mut w = store.upload_writer(&repo, &lazy, None).expect("writer");
    assert_eq!(w.id(), &lazy, "the client's id");
    w.write(&content(1 << 20)).expect("write");
    assert!(
        sessions().is_empty(),
        "nothing stored yet: {:?}",
        sessions()
    );
    w.write(&content(9 << 20)).expect("write");
    let recorded = sessions();
    assert!(
        recorded.iter().any(|k| k.ends_with("/meta.json")) && objects.open_uploads() == 1,
        "a part was stored, so the session is recorded: {recorded:?}"
    );
    assert!(
        !recorded.iter().any(|k| k.contains(lazy.stored().as_str())),
        "under an id of the writer's own, not the client's: {recorded:?}"
    );
    std::mem::forget(w); // the process died here
                         // A whole blob of three parts, committed: nothing of the session is left.
    let data = content(20 << 20);
    let d = digest(&data);
    let lazy = store.start_upload(&repo, None).expect("start");
    let mut w = store.upload_writer(&repo, &lazy, None).expect("writer");
    w.write(&data).expect("write");
    store.finish_upload(w, &d).expect("commit");
    let left: Vec<String> = sessions()
        .into_iter()
        .filter(|k| !recorded.contains(k))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    assert_eq!(objects.open_uploads(), 1, "only the dead writer's upload");
}
