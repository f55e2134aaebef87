//! `registryctl scan` against real stores with known damage, with the real binary and
//! a real server running on the same store.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use common::*;
use serde_json::Value;

/// Runs the binary on `root`; returns exit code and stdout (stderr if stdout is empty).
fn run(root: &Path, args: &[&str]) -> (i32, String) {
    stdout_or_stderr(run_cli(root, args))
}

/// [`run`] off the async runtime (the server in this process keeps serving).
async fn run_async(root: &Path, args: &[&str]) -> (i32, String) {
    stdout_or_stderr(run_cli_async(root, args).await)
}

/// The exit code with stdout, or with stderr when stdout is empty.
fn stdout_or_stderr((code, stdout, stderr): (i32, String, String)) -> (i32, String) {
    (code, if stdout.is_empty() { stderr } else { stdout })
}

/// `scan --json` with `extra` flags: exit code and the parsed report.
async fn scan_async(root: &Path, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["scan", "--json"];
    args.extend_from_slice(extra);
    let (code, out) = run_async(root, &args).await;
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    (code, v)
}

/// `(kind, key)` of every problem.
/// The problems found, by kind and key; without `open_to_others`, which the files
/// these tests damage by hand (written with the test's umask) add (tests/store_modes.rs
/// checks it).
fn problems(v: &Value) -> BTreeSet<(String, String)> {
    v["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .filter(|p| p["kind"] != "open_to_others")
        .map(|p| {
            (
                p["kind"].as_str().unwrap().to_string(),
                p["key"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn set(items: &[(&str, String)]) -> BTreeSet<(String, String)> {
    items
        .iter()
        .map(|(k, p)| (k.to_string(), p.clone()))
        .collect()
}

/// A store key as the report spells it, from the one owner of the layout.
fn key(k: Key) -> String {
    k.as_str().to_string()
}

fn blob_key(d: &registryctl::oci::Digest) -> String {
    key(paths::blob_data(d))
}

/// The key of tag `t` in repository `repo`.
fn tag_key(repo: &str, t: &str) -> String {
    key(paths::tag(&repo_name(repo), &tag_name(t)))
}

/// Every file under `root` with its size and content digest.
fn tree(root: &Path) -> BTreeSet<(PathBuf, u64, String)> {
    let mut out = BTreeSet::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let e = e.unwrap();
            let p = e.path();
            if p.starts_with(store_path(root, &paths::top(paths::LOCKS))) {
                continue;
            }
            if e.file_type().unwrap().is_dir() {
                stack.push(p);
            } else {
                let data = std::fs::read(&p).unwrap();
                out.insert((
                    p.strip_prefix(root).unwrap().to_path_buf(),
                    data.len() as u64,
                    digest(&data).to_string(),
                ));
            }
        }
    }
    out
}

fn backdate(path: &Path, by: Duration) {
    let f = std::fs::File::options().write(true).open(path).unwrap();
    f.set_modified(SystemTime::now() - by).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthy_store_scans_clean() {
    let s = TestServer::start().await;
    let shared = vec![7u8; 50_000];
    push_image(&s, "acme/app", "v1", b"{\"c\":1}", &[&shared, b"app-layer"]).await;
    push_image(&s, "other/db", "v1", b"{\"c\":2}", &[&shared, b"db-layer"]).await;
    let root = s.root().to_path_buf();
    let (code, v) = scan_async(&root, &["--verify"]).await;
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["schema"], "registryctl.scan/v1");
    assert_eq!(v["healthy"], true);
    assert!(v["problems"].as_array().unwrap().is_empty());
    assert_eq!(v["totals"]["repositories"], 2);
    assert_eq!(v["totals"]["tags"], 2);
    assert_eq!(v["totals"]["manifests"], 2);
    // 2 configs + shared + 2 own layers + 2 manifests.
    assert_eq!(v["totals"]["blobs"], 7);
    let repo_bytes: u64 = v["repositories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["bytes"].as_u64().unwrap())
        .sum();
    let total = v["totals"]["linked_bytes"].as_u64().unwrap();
    // The shared layer counts in each repository but once in the total.
    assert_eq!(repo_bytes - total, shared.len() as u64);
    assert_eq!(total, v["totals"]["bytes"].as_u64().unwrap());
    assert!(v["totals"]["hashed_bytes"].as_u64().unwrap() > 50_000);

    // Human output and exit code too.
    let root = s.root().to_path_buf();
    let (code, out) = run_async(&root, &["scan"]).await;
    assert_eq!(code, 0);
    assert!(
        out.contains("acme/app") && out.contains("no problems found"),
        "{out}"
    );
}

#[tokio::test]
async fn scan_could_not_run_exits_5() {
    let dir = tempfile::tempdir().unwrap();
    // No store has the code every command uses for it.
    let (code, out) = run(&dir.path().join("missing"), &["scan"]);
    assert_eq!(code, 6);
    assert!(out.contains("no store at"), "{out}");
    // A store that cannot be read is "could not run".
    registryctl::storage::Store::open_or_create(dir.path()).unwrap();
    std::fs::write(dir.path().join(paths::LAYOUT_MARKER), "garbage").unwrap();
    let (code, out) = run(dir.path(), &["scan"]);
    assert_eq!(code, 5, "{out}");
    assert!(out.contains("could not run"), "{out}");
    let (code, _) = run(dir.path(), &["scan", "--dry-run"]);
    assert_eq!(code, 2, "--dry-run without --fix is a usage error");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn damaged_store_found_fixed_and_healed() {
    let s = TestServer::start().await;
    let root = s.root().to_path_buf();
    let flipped = vec![1u8; 40_000];
    let m_app = push_image(&s, "acme/app", "v1", b"{\"app\":1}", &[&flipped, b"app-ok"]).await;
    let gone = b"web-layer-gone".to_vec();
    let m_web = push_image(&s, "acme/web", "latest", b"{\"web\":1}", &[&gone]).await;
    let m_trunc = push_image(&s, "acme/trunc", "v1", b"{\"t\":1}", &[b"trunc-layer"]).await;

    // A flipped byte in a layer (same size: only --verify sees it).
    let flipped_d = digest(&flipped);
    let p = root.join(blob_key(&flipped_d));
    let mut data = std::fs::read(&p).unwrap();
    data[1234] ^= 0x40;
    std::fs::write(&p, &data).unwrap();
    // Missing blob bytes.
    let gone_d = digest(&gone);
    std::fs::remove_file(root.join(blob_key(&gone_d))).unwrap();
    // A truncated manifest.
    let p = root.join(blob_key(&m_trunc));
    let data = std::fs::read(&p).unwrap();
    std::fs::write(&p, &data[..data.len() / 2]).unwrap();
    // A tag pointing at a manifest the repository does not hold.
    let ghost = digest(b"no such manifest");
    std::fs::write(root.join(tag_key("acme/app", "ghost")), ghost.to_string()).unwrap();
    // An abandoned upload session.
    let r = post(&s, "/v2/acme/app/blobs/uploads/").await;
    assert_eq!(r.status(), 202);
    let upload_dir = std::fs::read_dir(uploads_dir(&root))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let upload_id =
        registryctl::storage::UploadId::parse(&upload_dir.file_name().unwrap().to_string_lossy())
            .expect("upload id");
    for k in [
        paths::upload_data(&upload_id),
        paths::upload_meta(&upload_id),
    ] {
        backdate(&store_path(&root, &k), Duration::from_secs(3 * 86400));
    }
    let upload_key = key(paths::upload_dir(&upload_id));
    // A stray file.
    std::fs::write(root.join("notes.txt"), "hello").unwrap();

    let web_link = key(paths::layer_link(&repo_name("acme/web"), &gone_d));
    let web_manifest = key(paths::manifest_link(&repo_name("acme/web"), &m_web));
    let structural = [
        ("corrupt_blob", blob_key(&m_trunc)),
        ("dangling_link", web_link.clone()),
        ("missing_reference", web_manifest.clone()),
        ("dangling_tag", tag_key("acme/app", "ghost")),
        ("stale_upload", upload_key.clone()),
        ("stray", "notes.txt".to_string()),
    ];

    let (code, v) = scan_async(&root, &[]).await;
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(v["healthy"], false);
    assert_eq!(problems(&v), set(&structural), "{v:#}");

    let mut all = structural.to_vec();
    all.push(("corrupt_blob", blob_key(&flipped_d)));
    let (code, v) = scan_async(&root, &["--verify"]).await;
    assert_eq!(code, 1);
    assert_eq!(problems(&v), set(&all), "{v:#}");
    let fixable: BTreeSet<String> = v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["fixable"] == true)
        .map(|p| p["kind"].as_str().unwrap().to_string())
        .collect();
    let expect: BTreeSet<String> = [
        "corrupt_blob",
        "dangling_link",
        "dangling_tag",
        "stale_upload",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(fixable, expect);

    // --fix --dry-run plans and changes nothing.
    let before = tree(&root);
    let (code, v) = scan_async(&root, &["--verify", "--fix", "--dry-run"]).await;
    assert_eq!(code, 1);
    let actions = v["actions"].as_array().unwrap();
    assert_eq!(actions.len(), 5, "{v:#}");
    assert!(actions.iter().all(|a| a["result"] == "planned"));
    assert_eq!(tree(&root), before, "dry run changed the store");

    // --fix repairs.
    let (code, v) = scan_async(&root, &["--verify", "--fix"]).await;
    assert_eq!(code, 1, "problems were found, even if repaired");
    let actions = v["actions"].as_array().unwrap();
    assert!(
        actions.iter().all(|a| a["result"] == "done"),
        "{actions:#?}"
    );
    let done: BTreeSet<(String, String)> = actions
        .iter()
        .map(|a| {
            (
                a["action"].as_str().unwrap().to_string(),
                a["key"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for expected in [
        ("quarantine", blob_key(&flipped_d)),
        ("quarantine", blob_key(&m_trunc)),
        ("remove_link", web_link.clone()),
        ("remove_tag", tag_key("acme/app", "ghost")),
        ("cancel_upload", upload_key.clone()),
        // Revealed by the quarantines and repaired in a later pass.
        (
            "remove_link",
            key(paths::layer_link(&repo_name("acme/app"), &flipped_d)),
        ),
        (
            "remove_link",
            key(paths::manifest_link(&repo_name("acme/trunc"), &m_trunc)),
        ),
        ("remove_tag", tag_key("acme/trunc", "v1")),
    ] {
        assert!(
            done.contains(&(expected.0.to_string(), expected.1.clone())),
            "missing {expected:?} in {done:#?}"
        );
    }
    // The corrupt bytes are in quarantine, not deleted.
    // The quarantine directory of sha256 blobs (the parent of any quarantined name).
    let q_dir = store_path(&root, &paths::quarantine(&flipped_d, 0));
    let q: Vec<String> = std::fs::read_dir(q_dir.parent().expect("quarantine dir"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(q.len(), 2, "{q:?}");
    assert_eq!(v["totals"]["quarantined"], 2);
    assert!(q
        .iter()
        .any(|n| n.starts_with(&format!("{}.", flipped_d.hex()))));
    assert!(q
        .iter()
        .any(|n| n.starts_with(&format!("{}.", m_trunc.hex()))));
    assert!(!root.join(blob_key(&flipped_d)).exists());
    assert!(!upload_dir.exists());

    // What cannot be fixed remains: manifests missing a blob (until a client pushes it
    // again) and the stray file.
    let app_manifest = key(paths::manifest_link(&repo_name("acme/app"), &m_app));
    let (code, v) = scan_async(&root, &["--verify"]).await;
    assert_eq!(code, 1);
    assert_eq!(
        problems(&v),
        set(&[
            ("missing_reference", app_manifest.clone()),
            ("missing_reference", web_manifest.clone()),
            ("stray", "notes.txt".to_string()),
        ]),
        "{v:#}"
    );

    // The server now says the corrupt blob is missing, so a client pushes it again.
    let r = head(&s, &format!("/v2/acme/app/blobs/{flipped_d}")).await;
    assert_eq!(r.status(), 404);
    push_blob(&s, "acme/app", &flipped).await;
    push_blob(&s, "acme/web", &gone).await;
    std::fs::remove_file(root.join("notes.txt")).unwrap();
    let (code, v) = scan_async(&root, &["--verify"]).await;
    // The trunc repository lost its only manifest; its blobs are still linked, so the
    // store is healthy again.
    assert_eq!(code, 0, "{v:#}");
    let r = http()
        .get(s.at("/v2/acme/app/manifests/v1"))
        .header("accept", "application/vnd.oci.image.manifest.v1+json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unlinked_blobs_are_reported_not_deleted() {
    let s = TestServer::start().await;
    let root = s.root().to_path_buf();
    push_image(&s, "acme/app", "v1", b"{\"a\":1}", &[b"only-layer"]).await;
    // Removing the repository leaves its blob bytes for gc.
    let (code, out) = run_async(&root, &["repo", "rm", "acme/app", "--yes"]).await;
    assert_eq!(code, 0, "{out}");
    // Bytes written "before" the scan started are judged.
    for e in walk_files(&store_path(&root, &paths::top(paths::BLOBS))) {
        backdate(&e, Duration::from_secs(3600));
    }
    let (code, v) = scan_async(&root, &["--fix"]).await;
    assert_eq!(code, 0, "warnings alone do not fail the scan");
    let kinds: Vec<&str> = v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, vec!["unlinked_blob"; 3], "{v:#}");
    assert!(v["problems"][0]["severity"] == "warning");
    // Nothing to fix: gc's job; the bytes are still there.
    assert!(v["actions"].as_array().unwrap().is_empty());
    assert_eq!(
        walk_files(&store_path(&root, &paths::top(paths::BLOBS))).len(),
        3
    );
}

fn walk_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            } else {
                out.push(e.path());
            }
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn referrers_manifest_links_and_damaged_tags_repaired() {
    let s = TestServer::start().await;
    let root = s.root().to_path_buf();
    let m = push_image(&s, "acme/app", "v1", b"{\"a\":1}", &[b"layer"]).await;
    let m2 = push_image(&s, "acme/app", "v2", b"{\"a\":2}", &[b"layer"]).await;
    // A referrer record naming a manifest the repository does not hold.
    let ghost = digest(b"ghost referrer");
    let referrer_key = key(paths::referrer(&repo_name("acme/app"), &m, &ghost));
    let rec = root.join(&referrer_key);
    std::fs::create_dir_all(rec.parent().unwrap()).unwrap();
    std::fs::write(&rec, "{}").unwrap();
    // Manifest bytes gone: its link dangles; the tag on it is revealed by the repair.
    std::fs::remove_file(root.join(blob_key(&m2))).unwrap();
    // A tag record that does not parse.
    std::fs::write(root.join(tag_key("acme/app", "broken")), "not a digest").unwrap();

    let link_key = key(paths::manifest_link(&repo_name("acme/app"), &m2));
    let (code, v) = scan_async(&root, &[]).await;
    assert_eq!(code, 1);
    assert_eq!(
        problems(&v),
        set(&[
            ("stale_referrer", referrer_key.clone()),
            ("dangling_link", link_key.clone()),
            ("dangling_tag", tag_key("acme/app", "broken")),
            ("dangling_tag", tag_key("acme/app", "v2")),
        ]),
        "{v:#}"
    );
    let (code, v) = scan_async(&root, &["--fix"]).await;
    assert_eq!(code, 1);
    assert_eq!(v["actions"].as_array().unwrap().len(), 4, "{v:#}");
    assert!(!rec.exists());
    let (code, v) = scan_async(&root, &[]).await;
    assert_eq!(code, 0, "{v:#}");
    // The server agrees: v2 is gone, v1 still served.
    let tags = fetch_json(&s, "/v2/acme/app/tags/list").await;
    assert_eq!(tags["tags"], serde_json::json!(["v1"]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unparseable_manifest_reported_not_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    registryctl::storage::Store::open_or_create(root).unwrap();
    let body = b"not json";
    let d = digest(body);
    let blob = root.join(blob_key(&d));
    std::fs::create_dir_all(blob.parent().unwrap()).unwrap();
    std::fs::write(&blob, body).unwrap();
    let link = key(paths::manifest_link(&repo_name("acme/bad"), &d));
    let tag = root.join(tag_key("acme/bad", "v1"));
    std::fs::create_dir_all(root.join(&link).parent().unwrap()).unwrap();
    std::fs::create_dir_all(tag.parent().unwrap()).unwrap();
    std::fs::write(
        root.join(&link),
        r#"{"mediaType":"application/vnd.oci.image.manifest.v1+json","size":8}"#,
    )
    .unwrap();
    std::fs::write(&tag, d.to_string()).unwrap();
    let (code, v) = scan_async(root, &["--fix"]).await;
    assert_eq!(code, 1);
    assert_eq!(
        problems(&v),
        set(&[("manifest_unparseable", link)]),
        "{v:#}"
    );
    assert!(v["actions"].as_array().unwrap().is_empty());
    assert!(blob.exists());
}
