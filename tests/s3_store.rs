//! The whole command set on a store in S3-compatible object storage (a real SeaweedFS,
//! see `tests/common/s3.rs`): a registry serving from a bucket prefix while the CLI,
//! as separate processes with `--storage s3://…`, lists, scans, edits rules and
//! removes content there; concurrent rule edits that lose nothing on either backend;
//! gc on the bucket; and the startup self-test naming a capability the backend lacks.

mod common;

use std::sync::Arc;

use common::s3::S3Server;
use common::*;
use registryctl::storage::object::mem::{Fault, FaultKind, MemObjects, Op};
use registryctl::storage::object::ObjectStore;
use registryctl::storage::{Access, Store};

/// `registryctl --storage URL ARGS…` against the test SeaweedFS, in a clean
/// environment (the machine's own AWS settings must not leak in).
fn s3_cli(s3: &S3Server, url: &str, args: &[&str], stdin: &str) -> (i32, String, String) {
    s3.cli(url, args, stdin)
}

#[track_caller]
fn s3_ok(s3: &S3Server, url: &str, args: &[&str]) -> String {
    let (code, out, err) = s3_cli(s3, url, args, "");
    assert_eq!(code, 0, "registryctl {args:?}: {out}{err}");
    out
}

/// A fresh prefix, as a URL and as an object store the test can open in-process.
fn fresh(s3: &S3Server) -> (String, Arc<dyn ObjectStore>) {
    let objects = s3.objects();
    let url = objects.config().url();
    (url, Arc::new(objects))
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(f).await.expect("blocking task")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_command_works_on_s3() {
    let Some(s3) = common::s3::server("every_command_works_on_s3") else {
        return;
    };
    let (url, objects) = fresh(s3);
    // Nothing there yet: not a store, and reading commands say so with exit 6.
    let u = url.clone();
    let (code, _, err) = blocking(move || s3_cli(s3, &u, &["repo", "ls"], "")).await;
    assert_eq!(code, 6, "{err}");
    assert!(err.contains("registryctl init --storage"), "{err}");
    let u = url.clone();
    let out = blocking(move || s3_ok(s3, &u, &["init"])).await;
    assert!(out.contains(&url), "{out}");

    // A registry serving from the same prefix.
    let store = Store::open_objects(objects, Access::ReadWrite, false).expect("open");
    let dir = tempfile::tempdir().unwrap();
    let s = TestServer::start_on(store, dir, Default::default()).await;
    let big: Vec<u8> = (0..12_000_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let m1 = push_image(&s, "acme/app", "v1", b"config-1", &[b"small layer", &big]).await;
    let m2 = push_image(&s, "acme/app", "v2", b"config-2", &[b"other layer"]).await;
    push_image(&s, "acme/tools", "latest", b"config-3", &[b"tools layer"]).await;
    assert_blob_body(&s, "acme/app", &digest(&big), &big).await;

    let u = url.clone();
    let (repos, tags, blobs, scan, verify) = blocking(move || {
        (
            s3_ok(s3, &u, &["repo", "ls"]),
            s3_ok(s3, &u, &["tag", "ls", "acme/app"]),
            s3_ok(s3, &u, &["blob", "ls"]),
            s3_ok(s3, &u, &["scan"]),
            s3_ok(s3, &u, &["scan", "--verify"]),
        )
    })
    .await;
    assert!(
        repos.contains("acme/app") && repos.contains("acme/tools"),
        "{repos}"
    );
    assert!(tags.contains("v1") && tags.contains("v2"), "{tags}");
    assert!(tags.contains(&m1.hex()[..12]), "{tags}");
    assert!(blobs.contains(&digest(&big).hex()[..12]), "{blobs}");
    assert!(scan.contains("no problems"), "{scan}");
    assert!(verify.contains("no problems"), "{verify}");

    // Users, groups and rules, with their audit log; the running server sees them.
    let u = url.clone();
    blocking(move || {
        let (code, _, err) = s3_cli(
            s3,
            &u,
            &["user", "add", "ci", "--password-stdin"],
            "s3cret-pass\n",
        );
        assert_eq!(code, 0, "{err}");
        s3_ok(s3, &u, &["group", "add", "builders"]);
        s3_ok(s3, &u, &["group", "add-member", "builders", "ci"]);
        s3_ok(
            s3,
            &u,
            &["acl", "grant", "group:builders", "acme/**", "pull,push"],
        );
    })
    .await;
    let u = url.clone();
    let (rules, check, log) = blocking(move || {
        (
            s3_ok(s3, &u, &["acl", "ls"]),
            s3_ok(s3, &u, &["acl", "check", "ci", "acme/app", "push"]),
            s3_ok(s3, &u, &["acl", "log"]),
        )
    })
    .await;
    assert!(rules.contains("group:builders"), "{rules}");
    assert!(check.to_lowercase().contains("allow"), "{check}");
    for what in ["ci", "builders", "acme/**"] {
        assert!(log.contains(what), "audit log lacks {what}: {log}");
    }
    eventually(10, || async { base_status(&s).await == 401 }).await;
    // The users file and the rules are reloaded one after the other: the user may
    // sign in (403) a moment before the grant arrives.
    let pull = || async {
        http()
            .get(s.at(&format!("/v2/acme/app/manifests/{m2}")))
            .basic_auth("ci", Some("s3cret-pass"))
            .header("accept", "application/vnd.oci.image.manifest.v1+json")
            .send()
            .await
            .map(|r| r.status().as_u16())
            .unwrap_or(0)
    };
    eventually(10, || async { pull().await == 200 }).await;

    // Removing content from the CLI.
    let u = url.clone();
    blocking(move || {
        s3_ok(s3, &u, &["tag", "rm", "acme/app:v2"]);
        s3_ok(
            s3,
            &u,
            &["manifest", "rm", "--yes", &format!("acme/app@{m1}")],
        );
        s3_ok(s3, &u, &["repo", "rm", "--yes", "acme/tools"]);
    })
    .await;
    let u = url.clone();
    let (tags, repos) = blocking(move || {
        (
            s3_ok(s3, &u, &["tag", "ls", "acme/app"]),
            s3_ok(s3, &u, &["repo", "ls"]),
        )
    })
    .await;
    assert!(!tags.contains("v1") && !tags.contains("v2"), "{tags}");
    assert!(!repos.contains("acme/tools"), "{repos}");

    // gc on object storage (the reference-first protocol, docs/gc.md): a dry run
    // plans, a real run with no grace and only tags as roots removes what is left
    // of the removed manifests and repository, and a second run finds nothing.
    let u = url.clone();
    let (plan, real, again) = blocking(move || {
        (
            s3_cli(s3, &u, &["gc", "--dry-run", "--json"], ""),
            s3_cli(
                s3,
                &u,
                &["gc", "--grace-period", "0s", "--delete-untagged", "--json"],
                "",
            ),
            s3_cli(
                s3,
                &u,
                &["gc", "--grace-period", "0s", "--delete-untagged", "--json"],
                "",
            ),
        )
    })
    .await;
    assert_eq!(plan.0, 0, "{plan:?}");
    let v: serde_json::Value = serde_json::from_str(&plan.1).expect("gc --json prints JSON");
    assert_eq!(v["dry_run"], true);
    assert_eq!(real.0, 0, "{real:?}");
    let v: serde_json::Value = serde_json::from_str(&real.1).expect("gc --json prints JSON");
    assert!(v["blobs_deleted"].as_u64().unwrap_or(0) > 0, "{v}");
    assert!(v["manifests_removed"].as_u64().unwrap_or(0) > 0, "{v}");
    assert!(
        v["problems"].as_array().is_some_and(|p| p.is_empty()),
        "{v}"
    );
    assert_eq!(again.0, 0, "{again:?}");
    let v: serde_json::Value = serde_json::from_str(&again.1).expect("gc --json prints JSON");
    assert_eq!(v["blobs_scanned"], 0, "garbage left after gc: {v}");
    assert_eq!(v["manifests_scanned"], 0, "garbage left after gc: {v}");
}

/// 50 `acl grant` processes at once, each granting a pattern of its own: every grant
/// is there afterwards, and the audit log has every entry.
fn fifty_grants(run: impl Fn(&[&str]) -> (i32, String, String) + Sync) -> (String, String) {
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..50)
            .map(|i| {
                let run = &run;
                scope.spawn(move || {
                    let pattern = format!("team{i}/**");
                    run(&["acl", "grant", "anonymous", &pattern, "pull"])
                })
            })
            .collect();
        for h in handles {
            let (code, out, err) = h.join().expect("grant thread");
            assert_eq!(code, 0, "{out}{err}");
        }
    });
    let (_, rules, _) = run(&["acl", "ls"]);
    let (_, log, _) = run(&["acl", "log"]);
    (rules, log)
}

fn assert_all_fifty(rules: &str, log: &str) {
    for i in 0..50 {
        let pattern = format!("team{i}/**");
        assert!(rules.contains(&pattern), "grant {pattern} lost:\n{rules}");
        assert!(log.contains(&pattern), "audit entry {pattern} lost:\n{log}");
    }
}

#[test]
fn fifty_concurrent_acl_grants_lose_nothing_on_s3() {
    let Some(s3) = common::s3::server("fifty_concurrent_acl_grants_lose_nothing_on_s3") else {
        return;
    };
    let (url, _) = fresh(s3);
    s3_ok(s3, &url, &["init"]);
    let (rules, log) = fifty_grants(|args| s3_cli(s3, &url, args, ""));
    assert_all_fifty(&rules, &log);
}

#[test]
fn fifty_concurrent_acl_grants_lose_nothing_on_the_filesystem() {
    let dir = tempfile::tempdir().unwrap();
    cli_ok(dir.path(), &["init"]);
    let (rules, log) = fifty_grants(|args| run_cli(dir.path(), args));
    assert_all_fifty(&rules, &log);
}

#[test]
fn the_startup_self_test_names_the_capability_a_backend_lacks() {
    let mem = MemObjects::new();
    let store = Store::open_objects(Arc::new(mem.clone()), Access::ReadWrite, true).unwrap();
    store.self_test().expect("a sound backend passes");
    // Every conditional create fails: the self-test says which capability.
    mem.inject(Fault {
        op: Op::Put,
        key_prefix: "registryctl-selftest/".into(),
        kind: FaultKind::Error,
        times: u32::MAX,
    });
    let err = store.self_test().expect_err("a failing backend is refused");
    assert!(err.to_string().contains("create-if-absent"), "{err}");
}

#[test]
fn object_stores_open_only_what_is_a_store() {
    let mem = MemObjects::new();
    let objects: Arc<dyn ObjectStore> = Arc::new(mem.clone());
    assert!(matches!(
        Store::open_objects(objects.clone(), Access::ReadOnly, false),
        Err(registryctl::storage::OpenError::NoStore { .. })
    ));
    // Something else under the prefix: never turned into a store.
    let other = MemObjects::new();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(other.put(
        &Key::parse("photos/cat.jpg").unwrap(),
        bytes::Bytes::from_static(b"x"),
        registryctl::storage::object::PutMode::Overwrite,
    ))
    .unwrap();
    let err = Store::open_objects(Arc::new(other), Access::ReadWrite, true)
        .err()
        .expect("refused");
    assert!(err.to_string().contains("no registryctl store"), "{err}");
    // Created once, then opened.
    let s = Store::open_objects(objects.clone(), Access::ReadWrite, true).unwrap();
    assert_eq!(s.layout_state(), registryctl::storage::LayoutState::Created);
    let s = Store::open_objects(objects, Access::ReadOnly, false).unwrap();
    assert_eq!(s.layout_state(), registryctl::storage::LayoutState::Current);
    // Read-only: nothing is written.
    let repo = repo_name("acme/app");
    assert!(s.put_blob_bytes(&repo, b"x").is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn blob_gets_redirect_to_presigned_urls_when_asked() {
    let Some(s3) = common::s3::server("blob_gets_redirect_to_presigned_urls_when_asked") else {
        return;
    };
    let (_, objects) = fresh(s3);
    let store = Store::open_objects(objects, Access::ReadWrite, true).expect("open");
    let options = registryctl::server::Options {
        redirect_blobs: Some(std::time::Duration::from_secs(60)),
        ..Default::default()
    };
    let s = TestServer::start_on(store, tempfile::tempdir().unwrap(), options).await;
    let big: Vec<u8> = (0..3_000_000u32).map(|i| (i % 241) as u8).collect();
    let (db, ds) = (
        push_blob(&s, "acme/app", &big).await,
        push_blob(&s, "acme/app", b"small").await,
    );
    let r = get(&s, &format!("/v2/acme/app/blobs/{db}")).await;
    assert_eq!(r.status(), 307);
    assert_eq!(
        r.headers()["docker-content-digest"],
        db.to_string().as_str()
    );
    let url = r.headers()["location"].to_str().unwrap().to_string();
    assert!(url.starts_with(&s3.endpoint), "{url}");
    let body = reqwest::get(&url).await.unwrap();
    assert_eq!(body.status(), 200);
    assert_eq!(body.bytes().await.unwrap().as_ref(), &big[..]);
    // Small blobs live in their record: served directly; HEAD never redirects.
    assert_blob_body(&s, "acme/app", &ds, b"small").await;
    let r = head(&s, &format!("/v2/acme/app/blobs/{db}")).await;
    assert_eq!(r.status(), 200);
    // Another repository, which does not have the blob, gets no URL.
    let r = get(&s, &format!("/v2/acme/other/blobs/{db}")).await;
    assert_eq!(r.status(), 404);
}

#[test]
fn the_configuration_file_names_the_bucket_and_its_credentials() {
    let Some(s3) =
        common::s3::server("the_configuration_file_names_the_bucket_and_its_credentials")
    else {
        return;
    };
    let (url, _) = fresh(s3);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(
        &file,
        format!(
            "[storage]\nurl = \"{url}\"\nendpoint = \"{}\"\nregion = \"us-east-1\"\naccess_key_id = \"{}\"\nsecret_access_key = \"{}\"\n",
            s3.endpoint,
            common::s3::ACCESS_KEY,
            common::s3::SECRET_KEY
        ),
    )
    .unwrap();
    let run = |args: &[&str]| {
        let mut cmd = bin_command();
        for k in [
            "AWS_CA_BUNDLE",
            "AWS_ENDPOINT_URL",
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
        ] {
            cmd.env_remove(k);
        }
        cmd.arg("--config").arg(&file).args(args);
        output_within(cmd, "", 60)
    };
    let out = run(&["init"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&["repo", "ls"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The file's secret never shows in `config show`.
    let out = run(&["config", "show"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains(common::s3::SECRET_KEY), "{text}");
}

#[test]
fn an_edit_of_the_same_size_within_a_second_is_noticed() {
    let Some(s3) = common::s3::server("an_edit_of_the_same_size_within_a_second_is_noticed") else {
        return;
    };
    let (_, objects) = fresh(s3);
    let store = Store::open_objects(objects, Access::ReadWrite, true).expect("open");
    // S3's modification times have whole seconds: servers notice edits of the auth
    // files by their stat, which must change with the content.
    store.write_auth_file(AuthFile::Acl, b"grant a").unwrap();
    let first = store.auth_file_meta(AuthFile::Acl).unwrap().unwrap();
    store.write_auth_file(AuthFile::Acl, b"grant b").unwrap();
    let second = store.auth_file_meta(AuthFile::Acl).unwrap().unwrap();
    assert_eq!(first.size, second.size);
    assert_ne!(first, second, "a changed file must not look unchanged");
}

/// Two servers (replicas) on one fresh prefix, and the location of an upload session
/// of `acme/app` started on the first.
async fn two_replicas_and_a_session(s3: &S3Server) -> (TestServer, TestServer, String) {
    let (_, objects) = fresh(s3);
    let open = |create| Store::open_objects(objects.clone(), Access::ReadWrite, create);
    let a = TestServer::start_on(
        open(true).expect("open"),
        tempfile::tempdir().expect("tempdir"),
        Default::default(),
    )
    .await;
    let z = TestServer::start_on(
        open(false).expect("open"),
        tempfile::tempdir().expect("tempdir"),
        Default::default(),
    )
    .await;
    let r = post(&a, "/v2/acme/app/blobs/uploads/").await;
    assert_eq!(r.status(), 202);
    let loc = r.headers()["location"]
        .to_str()
        .expect("location")
        .to_string();
    (a, z, loc)
}

/// Two requests of one session racing: the first half of each body (both then hold
/// the session open), then the rest of `a`'s, which ends first, then the rest of `z`'s.
/// Their responses.
async fn race(
    ta: tokio::sync::mpsc::Sender<Result<bytes::Bytes, std::io::Error>>,
    tz: tokio::sync::mpsc::Sender<Result<bytes::Bytes, std::io::Error>>,
    a: &[u8],
    z: &[u8],
    pa: tokio::task::JoinHandle<reqwest::Result<reqwest::Response>>,
    pz: tokio::task::JoinHandle<reqwest::Result<reqwest::Response>>,
) -> (reqwest::Response, reqwest::Response) {
    let (half_a, rest_a) = a.split_at(a.len() / 2);
    let (half_z, rest_z) = z.split_at(z.len() / 2);
    for (t, half) in [(&ta, half_a), (&tz, half_z)] {
        t.send(Ok(bytes::Bytes::copy_from_slice(half)))
            .await
            .expect("send");
    }
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    ta.send(Ok(bytes::Bytes::copy_from_slice(rest_a)))
        .await
        .expect("send");
    drop(ta);
    let ra = pa.await.expect("task").expect("first request");
    tz.send(Ok(bytes::Bytes::copy_from_slice(rest_z)))
        .await
        .expect("send");
    drop(tz);
    let rz = pz.await.expect("task").expect("second request");
    (ra, rz)
}

/// Two PATCHes of one session at one offset, through two replicas on S3, each
/// holding its session open before either stores its bytes: one wins, the other is
/// refused with 416 (its chunk is out of order now), and the session then holds the
/// winner's bytes only. Before tails were
/// named (docs/storage.md), the loser's tail could pair with the winner's record,
/// and the blob was stored under a digest its bytes do not have.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_racing_patches_through_two_replicas_keep_the_winners_bytes() {
    let test = "two_racing_patches_through_two_replicas_keep_the_winners_bytes";
    let Some(s3) = common::s3::server(test) else {
        return;
    };
    let (a, z, loc) = two_replicas_and_a_session(s3).await;
    let patch = |s: &TestServer, body: reqwest::Body, from: usize, len: usize| {
        http()
            .patch(s.at(&loc))
            .header("content-type", "application/octet-stream")
            .header("content-range", format!("{from}-{}", from + len - 1))
            .body(body)
            .send()
    };
    let r = patch(&a, b"head".to_vec().into(), 0, 4)
        .await
        .expect("patch");
    assert_eq!(r.status(), 202);
    const LEN: usize = 2 << 20;
    let (win, lose) = (vec![b'a'; LEN], vec![b'z'; LEN]);
    let (ta, ra) = tokio::sync::mpsc::channel(4);
    let (tz, rz) = tokio::sync::mpsc::channel(4);
    let pa = tokio::spawn(patch(&a, channel_body(ra), 4, LEN));
    let pz = tokio::spawn(patch(&z, channel_body(rz), 4, LEN));
    let (ra, rz) = race(ta, tz, &win, &lose, pa, pz).await;
    assert_eq!(ra.status(), 202, "{}", ra.text().await.unwrap_or_default());
    // The loser's chunk is out of order now: 416, with where the session stands.
    let range = rz.headers().get("range").cloned();
    assert_eq!(
        rz.status(),
        416,
        "the second PATCH at one offset: {}",
        rz.text().await.unwrap_or_default()
    );
    assert_eq!(
        range.as_ref().and_then(|v| v.to_str().ok()),
        Some(format!("0-{}", 4 + LEN - 1).as_str())
    );
    let mut whole = b"head".to_vec();
    whole.extend_from_slice(&win);
    let d = digest(&whole);
    let sep = if loc.contains('?') { '&' } else { '?' };
    let r = http()
        .put(z.at(&format!("{loc}{sep}digest={d}")))
        .send()
        .await
        .expect("put");
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap_or_default());
    assert_blob_body(&a, "acme/app", &d, &whole).await;
}

/// The closing `PUT`s of one session through two replicas, both holding it open: one
/// stores its blob, the other is told its session is gone or changed (400
/// `BLOB_UPLOAD_INVALID` or 404 `BLOB_UPLOAD_UNKNOWN`, never a 5xx), and only the
/// winner's blob exists.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_racing_closing_puts_through_two_replicas_store_one_blob() {
    let test = "two_racing_closing_puts_through_two_replicas_store_one_blob";
    let Some(s3) = common::s3::server(test) else {
        return;
    };
    let (a, z, loc) = two_replicas_and_a_session(s3).await;
    let r = http()
        .patch(a.at(&loc))
        .header("content-type", "application/octet-stream")
        .header("content-range", "0-3")
        .body(b"head".to_vec())
        .send()
        .await
        .expect("patch");
    assert_eq!(r.status(), 202);
    // The session as the first chunk recorded it: where a client goes on.
    let loc = r.headers()["location"]
        .to_str()
        .expect("location")
        .to_string();
    const LEN: usize = 2 << 20;
    let whole = |fill: u8| {
        let mut w = b"head".to_vec();
        w.extend(std::iter::repeat(fill).take(LEN));
        w
    };
    let (wa, wz) = (whole(b'a'), whole(b'z'));
    let (da, dz) = (digest(&wa), digest(&wz));
    let sep = if loc.contains('?') { '&' } else { '?' };
    let close = |s: &TestServer, d: &Digest, body: reqwest::Body| {
        http()
            .put(s.at(&format!("{loc}{sep}digest={d}")))
            .header("content-type", "application/octet-stream")
            .body(body)
            .send()
    };
    let (ta, ra) = tokio::sync::mpsc::channel(4);
    let (tz, rz) = tokio::sync::mpsc::channel(4);
    let pa = tokio::spawn(close(&a, &da, channel_body(ra)));
    let pz = tokio::spawn(close(&z, &dz, channel_body(rz)));
    let (ra, rz) = race(ta, tz, &wa[4..], &wz[4..], pa, pz).await;
    assert_eq!(ra.status(), 201, "{}", ra.text().await.unwrap_or_default());
    let status = rz.status().as_u16();
    let body = rz.text().await.unwrap_or_default();
    assert!(
        (status == 400 && body.contains("BLOB_UPLOAD_INVALID"))
            || (status == 404 && body.contains("BLOB_UPLOAD_UNKNOWN")),
        "the second closing PUT of one session: {status} {body}"
    );
    assert_blob_body(&a, "acme/app", &da, &wa).await;
    let r = head(&z, &format!("/v2/acme/app/blobs/{dz}")).await;
    assert_eq!(r.status(), 404, "the loser's blob is not stored");
}
