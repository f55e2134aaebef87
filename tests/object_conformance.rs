//! One conformance suite for the object interface, run against every backend: the
//! filesystem, memory, and a real S3-compatible server (SeaweedFS on loopback).
//! Each case is written once, against `dyn ObjectStore`; the `suite!` macro makes a
//! test of it per backend.

mod common;

use std::collections::BTreeSet;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use futures_util::StreamExt;
use registryctl::storage::object::fs::FsObjects;
use registryctl::storage::object::mem::{Fault, FaultKind, MemObjects, Op};
use registryctl::storage::object::{
    list_all, read_small, selftest, DeleteMode, GetOptions, MultipartId, ObjectError, ObjectStore,
    PutMode,
};
use registryctl::storage::Key;

fn key(s: &str) -> Key {
    Key::parse(s).expect("valid key")
}

fn b(s: &str) -> Bytes {
    Bytes::copy_from_slice(s.as_bytes())
}

async fn read(store: &dyn ObjectStore, k: &str) -> Option<Vec<u8>> {
    read_small(store, &key(k), 64 << 20)
        .await
        .expect("read")
        .map(|(bytes, _)| bytes.to_vec())
}

async fn get_range(store: &dyn ObjectStore, k: &str, r: std::ops::Range<u64>) -> Vec<u8> {
    let got = store
        .get(
            &key(k),
            GetOptions {
                range: Some(r),
                ..GetOptions::default()
            },
        )
        .await
        .expect("get")
        .expect("exists");
    got.bytes(u64::MAX).await.expect("body").to_vec()
}

// ---- the cases ----------------------------------------------------------------------

async fn put_get_head(store: &dyn ObjectStore) {
    let etag = store
        .put(&key("a/obj"), b("hello world"), PutMode::Overwrite)
        .await
        .expect("put");
    assert_eq!(
        read(store, "a/obj").await.as_deref(),
        Some(&b"hello world"[..])
    );
    let meta = store
        .head(&key("a/obj"))
        .await
        .expect("head")
        .expect("exists");
    assert_eq!(meta.size, 11);
    assert_eq!(meta.etag, etag, "head reports the ETag the put returned");
    let got = store
        .get(&key("a/obj"), GetOptions::default())
        .await
        .expect("get")
        .expect("exists");
    // The store keeps copies of records by this ETag, confirmed with a HEAD.
    assert_eq!(got.meta.etag, etag, "get reports the ETag head does");
    assert_eq!(meta.key, key("a/obj"));
    assert_eq!(get_range(store, "a/obj", 6..11).await, b"world");
    assert_eq!(
        get_range(store, "a/obj", 6..1000).await,
        b"world",
        "clamped"
    );
    assert!(
        get_range(store, "a/obj", 11..20).await.is_empty(),
        "past the end"
    );
    let again = store
        .put(&key("a/obj"), b("hello world"), PutMode::Overwrite)
        .await
        .expect("overwrite");
    let now = store
        .head(&key("a/obj"))
        .await
        .expect("head")
        .expect("exists");
    assert_eq!(now.etag, again);
    // Same bytes may keep the same ETag on S3 (content MD5); different bytes never do.
    let third = store
        .put(&key("a/obj"), b("changed"), PutMode::Overwrite)
        .await
        .expect("overwrite");
    assert_ne!(third, etag, "new content, new ETag");
    assert_eq!(read(store, "a/obj").await.as_deref(), Some(&b"changed"[..]));
    // An empty object is an object.
    store
        .put(&key("a/empty"), Bytes::new(), PutMode::Create)
        .await
        .expect("empty");
    assert_eq!(read(store, "a/empty").await.as_deref(), Some(&b""[..]));
}

async fn missing_objects(store: &dyn ObjectStore) {
    assert!(store
        .get(&key("no/such"), GetOptions::default())
        .await
        .expect("get")
        .is_none());
    assert!(store.head(&key("no/such")).await.expect("head").is_none());
    assert!(!store
        .delete(&key("no/such"), DeleteMode::Any)
        .await
        .expect("delete"));
    let etag = store
        .put(&key("no/tmp"), b("x"), PutMode::Create)
        .await
        .expect("put");
    assert!(store
        .delete(&key("no/tmp"), DeleteMode::Any)
        .await
        .expect("delete"));
    assert!(!store
        .delete(&key("no/tmp"), DeleteMode::IfMatch(etag.clone()))
        .await
        .expect("delete-if-match of nothing"));
    assert!(matches!(
        store
            .put(&key("no/tmp"), b("y"), PutMode::Replace(etag))
            .await,
        Err(ObjectError::Precondition { .. })
    ));
    assert!(store.head(&key("no/tmp")).await.expect("head").is_none());
}

async fn create_if_absent(store: &dyn ObjectStore) {
    store
        .put(&key("c/one"), b("first"), PutMode::Create)
        .await
        .expect("create");
    let second = store.put(&key("c/one"), b("second"), PutMode::Create).await;
    assert!(
        matches!(second, Err(ObjectError::AlreadyExists { .. })),
        "{second:?}"
    );
    assert_eq!(read(store, "c/one").await.as_deref(), Some(&b"first"[..]));
}

async fn replace_if_match(store: &dyn ObjectStore) {
    let v1 = store
        .put(&key("r/rec"), b("v1"), PutMode::Create)
        .await
        .expect("create");
    let v2 = store
        .put(&key("r/rec"), b("v2"), PutMode::Replace(v1.clone()))
        .await
        .expect("replace current");
    assert_ne!(v1, v2);
    let stale = store
        .put(&key("r/rec"), b("v3"), PutMode::Replace(v1))
        .await;
    assert!(
        matches!(stale, Err(ObjectError::Precondition { .. })),
        "{stale:?}"
    );
    assert_eq!(read(store, "r/rec").await.as_deref(), Some(&b"v2"[..]));
}

async fn delete_if_match(store: &dyn ObjectStore) {
    let v1 = store
        .put(&key("d/rec"), b("v1"), PutMode::Create)
        .await
        .expect("create");
    let v2 = store
        .put(&key("d/rec"), b("v2"), PutMode::Overwrite)
        .await
        .expect("overwrite");
    let stale = store.delete(&key("d/rec"), DeleteMode::IfMatch(v1)).await;
    assert!(
        matches!(stale, Err(ObjectError::Precondition { .. })),
        "{stale:?}"
    );
    assert_eq!(read(store, "d/rec").await.as_deref(), Some(&b"v2"[..]));
    assert!(store
        .delete(&key("d/rec"), DeleteMode::IfMatch(v2))
        .await
        .expect("delete current"));
    assert!(store.head(&key("d/rec")).await.expect("head").is_none());
}

async fn provisional_puts_keep_the_modes(store: &dyn ObjectStore) {
    let v1 = store
        .put_provisional(&key("p/rec"), b("v1"), PutMode::Create)
        .await
        .expect("create");
    let again = store
        .put_provisional(&key("p/rec"), b("v0"), PutMode::Create)
        .await;
    assert!(
        matches!(again, Err(ObjectError::AlreadyExists { .. })),
        "{again:?}"
    );
    let v2 = store
        .put_provisional(&key("p/rec"), b("v2"), PutMode::Replace(v1.clone()))
        .await
        .expect("replace");
    assert_ne!(v1, v2);
    let stale = store
        .put_provisional(&key("p/rec"), b("v3"), PutMode::Replace(v1))
        .await;
    assert!(
        matches!(stale, Err(ObjectError::Precondition { .. })),
        "{stale:?}"
    );
    let got = store
        .head(&key("p/rec"))
        .await
        .expect("head")
        .expect("exists");
    assert_eq!(got.etag, v2);
    assert_eq!(read(store, "p/rec").await.as_deref(), Some(&b"v2"[..]));
}

/// A touch gives a new version (old bytes or the rewritten ones, the backend's
/// choice) that a delete-if-match of the old version cannot remove, and only one of
/// many touches of one version wins.
async fn touch_makes_a_new_version(store: &dyn ObjectStore) {
    let k = key("t/rec");
    let v1 = store
        .put(&k, b("rec n1"), PutMode::Create)
        .await
        .expect("create");
    let before = store.head(&k).await.expect("head").expect("exists");
    let v2 = store
        .touch(&k, v1.clone(), b("rec n2"))
        .await
        .expect("touch");
    assert_ne!(v1, v2, "a touch gives a new version");
    let after = store.head(&k).await.expect("head").expect("exists");
    assert_eq!(after.etag, v2);
    assert!(after.modified >= before.modified, "a touch does not age");
    let bytes = read(store, "t/rec").await.expect("exists");
    assert!(
        bytes == b"rec n1" || bytes == b"rec n2",
        "old or rewritten bytes: {bytes:?}"
    );
    let stale = store.delete(&k, DeleteMode::IfMatch(v1.clone())).await;
    assert!(
        matches!(stale, Err(ObjectError::Precondition { .. })),
        "{stale:?}"
    );
    let stale = store.touch(&k, v1, b("rec n3")).await;
    assert!(
        matches!(stale, Err(ObjectError::Precondition { .. })),
        "{stale:?}"
    );
    let missing = store.touch(&key("t/none"), v2.clone(), b("x")).await;
    assert!(
        matches!(
            missing,
            Err(ObjectError::Precondition { .. } | ObjectError::NotFound { .. })
        ),
        "{missing:?}"
    );
    const N: usize = 16;
    let touches = futures_util::future::join_all(
        (0..N).map(|i| store.touch(&k, v2.clone(), Bytes::from(format!("rec r{i}")))),
    )
    .await;
    let won: Vec<_> = touches.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert_eq!(won.len(), 1, "one touch of a version wins: {touches:?}");
    assert!(touches
        .iter()
        .all(|r| r.is_ok() || matches!(r, Err(ObjectError::Precondition { .. }))));
    // A touch and a delete-if-match of one version: exactly one succeeds.
    let v = won[0].clone();
    let (t, d) = futures_util::future::join(
        store.touch(&k, v.clone(), b("rec last")),
        store.delete(&k, DeleteMode::IfMatch(v)),
    )
    .await;
    assert!(
        t.is_ok() != matches!(d, Ok(true)),
        "touch {t:?} and delete {d:?} of one version"
    );
}

async fn get_conditions(store: &dyn ObjectStore) {
    let v1 = store
        .put(&key("g/rec"), b("v1"), PutMode::Create)
        .await
        .expect("create");
    let v2 = store
        .put(&key("g/rec"), b("v2"), PutMode::Replace(v1.clone()))
        .await
        .expect("replace");
    let cond = |if_match, if_none_match| GetOptions {
        if_match,
        if_none_match,
        ..GetOptions::default()
    };
    let r = store.get(&key("g/rec"), cond(Some(v1.clone()), None)).await;
    assert!(matches!(r, Err(ObjectError::Precondition { .. })));
    let r = store.get(&key("g/rec"), cond(None, Some(v2.clone()))).await;
    assert!(matches!(r, Err(ObjectError::NotModified { .. })));
    let got = store
        .get(&key("g/rec"), cond(Some(v2.clone()), Some(v1)))
        .await
        .expect("get")
        .expect("exists");
    assert_eq!(got.meta.etag, v2);
    assert_eq!(got.bytes(100).await.expect("body").as_ref(), b"v2");
}

async fn listing_order_prefix_and_pages(store: &dyn ObjectStore) {
    // Names chosen so that directory-order and byte-order differ: '-' < '/' < '0'.
    let names = [
        "l/a-c",
        "l/a/b",
        "l/a/b/c",
        "l/a0",
        "l/b",
        "l/a/a",
        "l/z/y/x",
        "lx/not-mine",
    ];
    // "l/a/b" as an object and "l/a/b/c" under it cannot both exist on a filesystem;
    // use distinct leaves there.
    let names: Vec<&str> = names.into_iter().filter(|n| *n != "l/a/b").collect();
    for n in &names {
        store
            .put(&key(n), b(n), PutMode::Create)
            .await
            .expect("put");
    }
    let all = list_all(store, "l/").await.expect("list");
    let got: Vec<&str> = all.iter().map(|m| m.key.as_str()).collect();
    let mut want: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| n.starts_with("l/"))
        .collect();
    want.sort();
    assert_eq!(got, want, "byte order, prefix only");
    assert!(all.iter().all(|m| m.size == m.key.as_str().len() as u64));
    // Pages of two, each resumed from the last page's cursor: every object once.
    let mut seen = Vec::new();
    let mut cursor = None;
    for _ in 0..10 {
        let page = store.list("l/", cursor.as_ref(), 2).await.expect("page");
        assert!(page.objects.len() <= 2);
        seen.extend(page.objects.iter().map(|m| m.key.as_str().to_string()));
        cursor = page.next;
        if cursor.is_none() {
            break;
        }
    }
    assert!(cursor.is_none(), "the walk ends");
    seen.sort();
    assert_eq!(seen, want, "each object exactly once");
    // A deeper prefix, and one with nothing under it.
    let deep = list_all(store, "l/a/").await.expect("list");
    let got: Vec<&str> = deep.iter().map(|m| m.key.as_str()).collect();
    assert_eq!(got, ["l/a/a", "l/a/b/c"]);
    assert!(list_all(store, "nothing/").await.expect("list").is_empty());
    // The whole store lists too (the backend's own bookkeeping never shows).
    let everything = list_all(store, "").await.expect("list all");
    let keys: BTreeSet<&str> = everything.iter().map(|m| m.key.as_str()).collect();
    for n in &names {
        assert!(keys.contains(n), "{n} in the full listing");
    }
    assert!(keys.iter().all(|k| !k.starts_with('.')));
}

/// Bytes of a part: `n` bytes of a pattern seeded by `seed`.
fn part(seed: u8, n: usize) -> Bytes {
    Bytes::from(
        (0..n)
            .map(|i| seed.wrapping_add((i % 251) as u8))
            .collect::<Vec<u8>>(),
    )
}

async fn multipart_upload(store: &dyn ObjectStore) {
    let min = store.min_part_size().max(1) as usize;
    let k = key("mp/blob");
    let id = store.create_multipart(&k).await.expect("create");
    let p1 = part(1, min);
    let p2 = part(2, min + 17);
    let p3 = part(3, 1000);
    let t1 = store
        .put_part(&k, &id, 1, p1.clone())
        .await
        .expect("part 1");
    let t2 = store
        .put_part(&k, &id, 2, p2.clone())
        .await
        .expect("part 2");
    store.sync_multipart(&k, &id).await.expect("sync");
    let t3 = store
        .put_part(&k, &id, 3, p3.clone())
        .await
        .expect("part 3");
    assert!(
        store.head(&k).await.expect("head").is_none(),
        "invisible until completed"
    );
    let missing = MultipartId("00000000-0000-4000-8000-000000000000".into());
    let unknown = store.sync_multipart(&k, &missing).await;
    assert!(
        unknown.is_ok() || matches!(unknown, Err(ObjectError::NotFound { .. })),
        "{unknown:?}"
    );
    store
        .complete_multipart(&k, &id, &[t1, t2, t3])
        .await
        .expect("complete");
    let mut want = p1.to_vec();
    want.extend_from_slice(&p2);
    want.extend_from_slice(&p3);
    let got = read(store, "mp/blob").await.expect("exists");
    assert_eq!(got.len(), want.len());
    assert!(got == want, "content is the parts in order");
    // The upload is gone.
    let again = store.put_part(&k, &id, 4, part(4, 10)).await;
    assert!(again.is_err(), "a completed upload takes no parts");
}

async fn multipart_part_replaced_and_aborted(store: &dyn ObjectStore) {
    let min = store.min_part_size().max(1) as usize;
    let k = key("mp2/blob");
    let id = store.create_multipart(&k).await.expect("create");
    let _old = store
        .put_part(&k, &id, 1, part(9, min))
        .await
        .expect("part 1");
    // A retry of part 1 (lost reply) replaces it.
    let t1 = store
        .put_part(&k, &id, 1, part(1, min))
        .await
        .expect("part 1 again");
    let t2 = store
        .put_part(&k, &id, 2, part(2, 5))
        .await
        .expect("part 2");
    store
        .complete_multipart(&k, &id, &[t1, t2])
        .await
        .expect("complete");
    let mut want = part(1, min).to_vec();
    want.extend_from_slice(&part(2, 5));
    assert!(read(store, "mp2/blob").await.expect("exists") == want);
    // Abort: nothing is created, and aborting twice is fine.
    let k2 = key("mp2/aborted");
    let id2 = store.create_multipart(&k2).await.expect("create");
    store
        .put_part(&k2, &id2, 1, part(5, 100))
        .await
        .expect("part");
    store.abort_multipart(&k2, &id2).await.expect("abort");
    store.abort_multipart(&k2, &id2).await.expect("abort again");
    assert!(store.head(&k2).await.expect("head").is_none());
    // A completion with no parts makes an empty object.
    let k3 = key("mp2/empty-single");
    let id3 = store.create_multipart(&k3).await.expect("create");
    let t = store
        .put_part(&k3, &id3, 1, Bytes::new())
        .await
        .expect("empty part");
    store
        .complete_multipart(&k3, &id3, &[t])
        .await
        .expect("complete");
    assert_eq!(
        read(store, "mp2/empty-single").await.as_deref(),
        Some(&b""[..])
    );
}

async fn large_object_streams_in_pieces(store: &dyn ObjectStore) {
    let data = part(7, 9 * 1024 * 1024 + 3);
    store
        .put(&key("big/obj"), data.clone(), PutMode::Overwrite)
        .await
        .expect("put");
    let got = store
        .get(&key("big/obj"), GetOptions::default())
        .await
        .expect("get")
        .expect("exists");
    assert_eq!(got.meta.size, data.len() as u64);
    let mut body = got.body;
    let mut total = Vec::new();
    let mut pieces = 0;
    while let Some(p) = body.next().await {
        total.extend_from_slice(&p.expect("piece"));
        pieces += 1;
        assert!(pieces < 100_000);
    }
    assert!(total == data.to_vec(), "streamed bytes equal the object");
    assert_eq!(
        get_range(store, "big/obj", 4_000_000..4_000_010).await,
        data[4_000_000..4_000_010].to_vec()
    );
}

async fn concurrent_conditionals_have_one_winner(store: &dyn ObjectStore) {
    const N: usize = 16;
    let k = key("race/rec");
    let creates = futures_util::future::join_all(
        (0..N).map(|i| store.put(&k, Bytes::from(format!("c{i}")), PutMode::Create)),
    )
    .await;
    let winners: Vec<_> = creates.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert_eq!(winners.len(), 1, "one create wins: {creates:?}");
    assert!(creates
        .iter()
        .all(|r| r.is_ok() || matches!(r, Err(ObjectError::AlreadyExists { .. }))));
    let v = winners[0].clone();
    let replaces = futures_util::future::join_all((0..N).map(|i| {
        store.put(
            &k,
            Bytes::from(format!("r{i}")),
            PutMode::Replace(v.clone()),
        )
    }))
    .await;
    let won: Vec<_> = replaces.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert_eq!(won.len(), 1, "one replace of a version wins: {replaces:?}");
    assert!(replaces
        .iter()
        .all(|r| r.is_ok() || matches!(r, Err(ObjectError::Precondition { .. }))));
    let current = won[0].clone();
    let deletes = futures_util::future::join_all(
        (0..N).map(|_| store.delete(&k, DeleteMode::IfMatch(current.clone()))),
    )
    .await;
    let deleted = deletes.iter().filter(|r| matches!(r, Ok(true))).count();
    assert_eq!(deleted, 1, "one delete wins: {deletes:?}");
    assert!(deletes
        .iter()
        .all(|r| matches!(r, Ok(_) | Err(ObjectError::Precondition { .. }))));
}

async fn clock_matches_object_times(store: &dyn ObjectStore) {
    let before = store.now().await.expect("now");
    let sys = SystemTime::now();
    let skew = sys.duration_since(before).unwrap_or_else(|e| e.duration());
    assert!(
        skew < Duration::from_secs(5),
        "backend clock near ours: {skew:?}"
    );
    store
        .put(&key("clock/obj"), b("x"), PutMode::Overwrite)
        .await
        .expect("put");
    let m = store
        .head(&key("clock/obj"))
        .await
        .expect("head")
        .expect("exists");
    // S3 stamps whole seconds: allow for the truncation.
    assert!(
        m.modified + Duration::from_secs(1) >= before,
        "an object written after now() is not stamped before it"
    );
}

async fn selftest_passes(store: &dyn ObjectStore) {
    selftest::check(store).await.expect("self-test");
    let left = list_all(store, "registryctl-selftest/")
        .await
        .expect("list");
    assert!(left.is_empty(), "the self-test cleans up: {left:?}");
}

// ---- one test per case and backend --------------------------------------------------

macro_rules! suite {
    ($($case:ident),* $(,)?) => {
        mod fs {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    let dir = tempfile::tempdir().expect("tempdir");
                    let store = super::FsObjects::open(dir.path()).expect("open");
                    super::$case(&store).await;
                }
            )*
        }
        mod mem {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    // S3's minimum part size, so callers are held to it here too.
                    let store = super::MemObjects::new();
                    super::$case(&store).await;
                }
            )*
        }
        mod s3 {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    let Some(server) = crate::common::s3::server(concat!("s3::", stringify!($case))) else {
                        return;
                    };
                    let store = server.objects();
                    super::$case(&store).await;
                }
            )*
        }
    };
}

suite!(
    put_get_head,
    missing_objects,
    create_if_absent,
    replace_if_match,
    delete_if_match,
    provisional_puts_keep_the_modes,
    touch_makes_a_new_version,
    get_conditions,
    listing_order_prefix_and_pages,
    multipart_upload,
    multipart_part_replaced_and_aborted,
    large_object_streams_in_pieces,
    concurrent_conditionals_have_one_winner,
    clock_matches_object_times,
    selftest_passes,
);

// ---- backend-specific ---------------------------------------------------------------

/// A multipart upload started by one process continues in another: a second backend
/// value on the same location stands in for the other process.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fs_multipart_continues_in_another_instance() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = FsObjects::open(dir.path()).expect("open");
    let b2 = FsObjects::open(dir.path()).expect("open again");
    let k = key("x/blob");
    let id = a.create_multipart(&k).await.expect("create");
    let t1 = a.put_part(&k, &id, 1, part(1, 1000)).await.expect("part 1");
    let t2 = b2
        .put_part(&k, &id, 2, part(2, 10))
        .await
        .expect("part 2 elsewhere");
    b2.complete_multipart(&k, &id, &[t1, t2])
        .await
        .expect("complete elsewhere");
    let mut want = part(1, 1000).to_vec();
    want.extend_from_slice(&part(2, 10));
    assert!(read(&a, "x/blob").await.expect("exists") == want);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s3_multipart_continues_in_another_instance() {
    let Some(server) = common::s3::server("s3_multipart_continues_in_another_instance") else {
        return;
    };
    let config = server.config();
    let a = registryctl::storage::object::s3::S3Objects::new(config.clone()).expect("a");
    let b2 = registryctl::storage::object::s3::S3Objects::new(config).expect("b");
    let min = a.min_part_size() as usize;
    let k = key("x/blob");
    let id = a.create_multipart(&k).await.expect("create");
    let t1 = a.put_part(&k, &id, 1, part(1, min)).await.expect("part 1");
    let t2 = b2
        .put_part(&k, &id, 2, part(2, 10))
        .await
        .expect("part 2 elsewhere");
    b2.complete_multipart(&k, &id, &[t1, t2])
        .await
        .expect("complete elsewhere");
    let got = read(&a, "x/blob").await.expect("exists");
    assert_eq!(got.len(), min + 10);
}

/// The filesystem backend completes in-order parts by renaming its data file: no
/// copy. (The inode of the completed object is the one the parts were appended to.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fs_in_order_multipart_completes_without_copy() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = FsObjects::open(dir.path()).expect("open");
    let k = key("x/blob");
    let id = store.create_multipart(&k).await.expect("create");
    let t1 = store
        .put_part(&k, &id, 1, part(1, 4096))
        .await
        .expect("part");
    fs_complete_by_rename(&store, dir.path(), &k, &id, &[t1], &part(1, 4096)).await;
    assert!(!fs_upload_dir(dir.path(), &id).exists());
}

/// The inode of a file (a completion by rename keeps the data file's).
fn inode(path: &std::path::Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .ino()
}

/// Completes a filesystem upload with `tags`, and checks that it became `want` by a
/// rename of its data file, not a copy.
async fn fs_complete_by_rename(
    store: &FsObjects,
    root: &std::path::Path,
    k: &Key,
    id: &MultipartId,
    tags: &[registryctl::storage::object::PartTag],
    want: &[u8],
) {
    let ino = inode(&fs_upload_dir(root, id).join("data"));
    store
        .complete_multipart(k, id, tags)
        .await
        .expect("complete");
    assert!(read(store, k.as_str()).await.expect("object") == want);
    assert_eq!(inode(&root.join(k.as_str())), ino, "completed by a rename");
}

/// The directory of a filesystem multipart upload.
fn fs_upload_dir(root: &std::path::Path, id: &MultipartId) -> std::path::PathBuf {
    root.join(".objects/multipart").join(&id.0)
}

/// A crash in the middle of logging a part leaves a torn last line in the upload's
/// parts log: the line is not a part, the next put cuts it off and appends in order,
/// and completion finds every part whole.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fs_a_torn_parts_log_line_is_cut_off() {
    use std::io::Write;
    let dir = tempfile::tempdir().expect("tempdir");
    let store = FsObjects::open(dir.path()).expect("open");
    let k = key("x/blob");
    let id = store.create_multipart(&k).await.expect("create");
    let t1 = store
        .put_part(&k, &id, 1, part(1, 5000))
        .await
        .expect("part 1");
    let t2 = store
        .put_part(&k, &id, 2, part(2, 3000))
        .await
        .expect("part 2");
    let log = fs_upload_dir(dir.path(), &id).join("parts.log");
    let whole = std::fs::metadata(&log).expect("parts log").len();
    // A third part whose line was cut short (and whose bytes reached the data file).
    std::fs::OpenOptions::new()
        .append(true)
        .open(&log)
        .and_then(|mut f| f.write_all(b"{\"number\":3,\"tag\":\"3.ab"))
        .expect("torn line");
    let t3 = store
        .put_part(&k, &id, 3, part(3, 700))
        .await
        .expect("part 3");
    // The torn line is gone: what follows the whole lines is part 3's, and whole.
    let log_bytes = std::fs::read(&log).expect("log");
    let rest = &log_bytes[whole as usize..];
    assert_eq!(
        rest.iter().filter(|&&b| b == b'\n').count(),
        1,
        "one new line"
    );
    let line: serde_json::Value = serde_json::from_slice(rest).expect("a whole line");
    assert_eq!(line["tag"], t3.0.as_str());
    let mut want = part(1, 5000).to_vec();
    want.extend_from_slice(&part(2, 3000));
    want.extend_from_slice(&part(3, 700));
    // Still in order after the torn line.
    fs_complete_by_rename(&store, dir.path(), &k, &id, &[t1, t2, t3], &want).await;
}

/// A put reads only the end of the parts log: an upload of more parts than that
/// window holds lines for still appends each in order, and completion reads all.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fs_many_parts_append_in_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = FsObjects::open(dir.path()).expect("open");
    let k = key("x/many");
    let id = store.create_multipart(&k).await.expect("create");
    let mut tags = Vec::new();
    let mut want = Vec::new();
    for n in 1..=400u32 {
        let p = part(n as u8, 10 + n as usize % 7);
        want.extend_from_slice(&p);
        tags.push(store.put_part(&k, &id, n, p).await.expect("part"));
    }
    let log = fs_upload_dir(dir.path(), &id).join("parts.log");
    assert!(
        std::fs::metadata(&log).expect("log").len() > 16 * 1024,
        "the log outgrew the window"
    );
    fs_complete_by_rename(&store, dir.path(), &k, &id, &tags, &want).await;
}

/// An upload begun by a version that listed its parts in `index.json` (no parts
/// log) continues: the next part appends where the listed ones end.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fs_an_upload_with_parts_in_its_index_continues() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = FsObjects::open(dir.path()).expect("open");
    let k = key("x/old");
    let id = store.create_multipart(&k).await.expect("create");
    let t1 = store
        .put_part(&k, &id, 1, part(1, 2000))
        .await
        .expect("part 1");
    // Rewrite the upload as the older layout had it.
    let up = fs_upload_dir(dir.path(), &id);
    let index = serde_json::json!({"key": "x/old", "appended": [[t1.0, 2000]], "loose": {}});
    std::fs::write(up.join("index.json"), index.to_string()).expect("old index");
    std::fs::remove_file(up.join("parts.log")).expect("no log");
    let t2 = store
        .put_part(&k, &id, 2, part(2, 900))
        .await
        .expect("part 2");
    let mut want = part(1, 2000).to_vec();
    want.extend_from_slice(&part(2, 900));
    // Part 2 went in order after the listed part.
    fs_complete_by_rename(&store, dir.path(), &k, &id, &[t1, t2], &want).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mem_lost_reply_applies_the_operation() {
    let store = MemObjects::new();
    store.inject(Fault {
        op: Op::Put,
        key_prefix: "f/".into(),
        kind: FaultKind::LostReply,
        times: 1,
    });
    let r = store.put(&key("f/rec"), b("mine"), PutMode::Create).await;
    assert!(
        matches!(r, Err(ObjectError::Io { .. })),
        "reply lost: {r:?}"
    );
    // The retry of a lost create finds the object: the caller must check whose it is.
    let retry = store.put(&key("f/rec"), b("mine"), PutMode::Create).await;
    assert!(matches!(retry, Err(ObjectError::AlreadyExists { .. })));
    assert_eq!(read(&store, "f/rec").await.as_deref(), Some(&b"mine"[..]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mem_error_applies_nothing_and_faults_are_counted() {
    let store = MemObjects::new();
    store.inject(Fault {
        op: Op::Delete,
        key_prefix: String::new(),
        kind: FaultKind::Error,
        times: 2,
    });
    store
        .put(&key("e/rec"), b("x"), PutMode::Create)
        .await
        .expect("puts are not targeted");
    for _ in 0..2 {
        assert!(store.delete(&key("e/rec"), DeleteMode::Any).await.is_err());
        assert!(store.head(&key("e/rec")).await.expect("head").is_some());
    }
    assert!(store
        .delete(&key("e/rec"), DeleteMode::Any)
        .await
        .expect("spent"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mem_delay_holds_the_operation() {
    let store = MemObjects::new();
    store.inject(Fault {
        op: Op::Get,
        key_prefix: "slow/".into(),
        kind: FaultKind::Delay(Duration::from_millis(300)),
        times: 1,
    });
    store
        .put(&key("slow/rec"), b("x"), PutMode::Create)
        .await
        .expect("put");
    let start = std::time::Instant::now();
    let slow_key = key("slow/rec");
    let slow = store.get(&slow_key, GetOptions::default());
    // The delayed get has not answered after 100 ms; a get elsewhere has.
    let fast = tokio::time::timeout(Duration::from_secs(5), read(&store, "slow/rec"));
    let (slow, fast) = tokio::join!(slow, fast);
    assert!(slow.expect("get").is_some());
    assert!(fast.expect("fast").is_some());
    assert!(
        start.elapsed() >= Duration::from_millis(300),
        "the delay applied"
    );
    store.clear_faults();
}

/// A part smaller than the minimum, other than the last, is refused at completion
/// (as S3 does), so the store's upload path is held to the rule in tests.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mem_enforces_the_minimum_part_size() {
    let store = MemObjects::with_min_part_size(100);
    let k = key("p/blob");
    let id = store.create_multipart(&k).await.expect("create");
    let t1 = store
        .put_part(&k, &id, 1, part(1, 10))
        .await
        .expect("part 1");
    let t2 = store
        .put_part(&k, &id, 2, part(2, 10))
        .await
        .expect("part 2");
    assert!(store.complete_multipart(&k, &id, &[t1, t2]).await.is_err());
    store.abort_multipart(&k, &id).await.expect("abort");
    assert_eq!(store.open_uploads(), 0);
}

/// Every version of a key on the filesystem backend has a tag no earlier version had,
/// however fast they follow each other: replaced files hand their inodes back at
/// once (two files alternate), and kernels that stamp files from the tick clock give
/// versions written within one tick the same time, so the backend stamps each
/// version itself. (A kernel that stamps finer, as this machine's does, passes
/// without that; here the test holds the stamps' order.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fs_versions_of_a_key_never_repeat_a_tag() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = FsObjects::open(dir.path()).expect("open");
    let k = key("rec/one");
    let mut seen = std::collections::HashSet::new();
    let mut last = std::time::UNIX_EPOCH;
    for round in 0..300 {
        let mut tag = store
            .put(&k, b("same bytes"), PutMode::Create)
            .await
            .expect("create");
        for _ in 0..3 {
            assert!(seen.insert(tag.clone()), "round {round}: {tag:?} again");
            let m = store.head(&k).await.expect("head").expect("exists");
            assert!(
                m.modified > last,
                "round {round}: versions stamped in order"
            );
            last = m.modified;
            tag = store
                .put(&k, b("same bytes"), PutMode::Replace(tag))
                .await
                .expect("replace");
        }
        assert!(store
            .delete(&k, DeleteMode::IfMatch(tag))
            .await
            .expect("delete"));
    }
}

/// On the filesystem a touch restamps the file in place (same file, same bytes), and
/// its new stamp is later than the version's own even when that stamp is ahead of
/// the clock (another process's, or a clock stepped back).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fs_a_touch_restamps_the_file_in_place() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let store = FsObjects::open(dir.path()).expect("open");
    let k = key("rec/touched");
    let v1 = store
        .put(&k, b("old bytes"), PutMode::Create)
        .await
        .expect("create");
    let path = dir.path().join("rec/touched");
    let ino = inode(&path);
    let ahead = SystemTime::now() + Duration::from_secs(3600);
    std::fs::File::open(&path)
        .and_then(|f| f.set_modified(ahead))
        .expect("stamp ahead");
    let v_ahead = store.head(&k).await.expect("head").expect("exists").etag;
    assert_ne!(v1, v_ahead);
    let v2 = store
        .touch(&k, v_ahead.clone(), b("new bytes"))
        .await
        .expect("touch");
    assert_ne!(v2, v_ahead);
    let m = std::fs::metadata(&path).expect("stat");
    assert_eq!(m.ino(), ino, "the same file");
    assert!(
        m.modified().expect("mtime") > ahead,
        "stamped after the old stamp"
    );
    assert_eq!(
        read(&store, "rec/touched").await.as_deref(),
        Some(&b"old bytes"[..])
    );
    // A touch of a key whose directory does not exist fails and creates nothing.
    let missing = store.touch(&key("nodir/sub/rec"), v2, b("x")).await;
    assert!(
        matches!(missing, Err(ObjectError::Precondition { .. })),
        "{missing:?}"
    );
    assert!(!dir.path().join("nodir").exists(), "no directory made");
    let staged = std::fs::read_dir(dir.path().join(".objects/tmp"))
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(staged, 0, "nothing staged is left behind");
}
