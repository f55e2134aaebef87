//! `registryctl import store SOURCE`, through the real binary, between stores of
//! every kind: a `--root` store copied into a directory kept as objects and back
//! again, and into a bucket prefix on SeaweedFS, must come out the same (every
//! repository's tags, manifests with their media types, blob bytes, referrers, and
//! the files under `auth/`), `scan` clean and with nothing for gc; a second run
//! copies nothing; an auth file the target has with other content is kept and
//! reported; a store cannot import itself.

mod common;

use std::path::Path;
use std::sync::Arc;

use common::replicas::Shared;
use common::{image_manifest, repo_name, tag_name};
use registryctl::oci::{Digest, Manifest};
use registryctl::storage::object::fs::FsObjects;
use registryctl::storage::walk::LinkKind;
use registryctl::storage::{Access, AuthFile, Store};

const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";

fn put(store: &Store, repo: &str, media_type: &str, body: &[u8], tag: Option<&str>) -> Digest {
    let m = Manifest::parse(body, media_type).expect("manifest parses");
    let d = Digest::sha256_of(body);
    let tag = tag.map(tag_name);
    store
        .put_manifest(&repo_name(repo), &d, body, &m, tag.as_ref())
        .expect("put manifest");
    d
}

fn image(store: &Store, repo: &str, config: &[u8], layers: &[&[u8]], tag: Option<&str>) -> Digest {
    let r = repo_name(repo);
    store.put_blob_bytes(&r, config).expect("config");
    for l in layers {
        store.put_blob_bytes(&r, l).expect("layer");
    }
    put(
        store,
        repo,
        OCI_MANIFEST,
        &image_manifest(config, layers),
        tag,
    )
}

/// Two repositories sharing a layer, a 3 MiB layer, an index of two images, a
/// referrer, tags; a user, a grant and an immutability rule (and the audit log
/// entries they leave).
fn fill(root: &Path) {
    let store = Store::open_or_create(root).expect("source store");
    let big: Vec<u8> = (0..3_000_000u32).map(|i| (i * 13 % 251) as u8).collect();
    let a = image(
        &store,
        "acme/app",
        b"{\"a\":1}",
        &[b"shared", &big],
        Some("v1"),
    );
    let b = image(
        &store,
        "acme/app",
        b"{\"b\":2}",
        &[b"shared", b"other"],
        Some("v2"),
    );
    let children: Vec<serde_json::Value> = [&a, &b]
        .iter()
        .map(|d| {
            let size = store
                .manifest_info(&repo_name("acme/app"), d)
                .unwrap()
                .unwrap()
                .size;
            serde_json::json!({"mediaType": OCI_MANIFEST, "digest": d.to_string(), "size": size})
        })
        .collect();
    let index = serde_json::to_vec(
        &serde_json::json!({"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": children}),
    )
    .unwrap();
    put(&store, "acme/app", OCI_INDEX, &index, Some("latest"));
    let config = b"{}";
    store
        .put_blob_bytes(&repo_name("acme/app"), config)
        .unwrap();
    let size = store
        .manifest_info(&repo_name("acme/app"), &a)
        .unwrap()
        .unwrap()
        .size;
    let referrer = serde_json::to_vec(&serde_json::json!({
        "schemaVersion": 2, "mediaType": OCI_MANIFEST,
        "artifactType": "application/vnd.example.sbom",
        "config": {"mediaType": "application/vnd.oci.empty.v1+json",
                   "digest": Digest::sha256_of(config).to_string(), "size": 2},
        "layers": [],
        "subject": {"mediaType": OCI_MANIFEST, "digest": a.to_string(), "size": size},
    }))
    .unwrap();
    put(&store, "acme/app", OCI_MANIFEST, &referrer, None);
    image(&store, "team/base", b"{\"c\":3}", &[b"shared"], Some("1.0"));
    drop(store);
    let src = Shared::Fs(root.to_path_buf());
    src.cli_ok(&["user", "add", "alice", "--password-stdin"], "secret-pw\n");
    src.cli_ok(&["acl", "grant", "alice", "acme/**", "pull"], "");
    src.cli_ok(&["immutable", "add", "acme/**:v*"], "");
}

/// Everything `import store` carries, read through the store API.
fn snapshot(store: &Store) -> String {
    let mut out = String::new();
    for repo in store.list_repos().expect("repos") {
        out += &format!("repo {repo}\n");
        for (tag, d) in store.tags_with_targets(&repo).unwrap() {
            out += &format!("  tag {tag} {d:?}\n");
        }
        let (links, _) = store.repo_links(&repo, LinkKind::Manifest).unwrap();
        for l in links {
            let (info, bytes) = store.read_manifest(&repo, &l.digest).unwrap().unwrap();
            assert_eq!(Digest::sha256_of(&bytes), l.digest);
            let refs: Vec<String> = store
                .referrers(&repo, &l.digest)
                .unwrap()
                .iter()
                .map(|r| r.digest.to_string())
                .collect();
            out += &format!(
                "  manifest {} {} {} referrers {refs:?}\n",
                l.digest, info.media_type, info.size
            );
        }
        let (links, _) = store.repo_links(&repo, LinkKind::Layer).unwrap();
        for l in links {
            let (mut r, size) = store.open_blob(&repo, &l.digest).unwrap().unwrap();
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut r, &mut bytes).unwrap();
            assert_eq!(Digest::sha256_of(&bytes), l.digest, "blob bytes");
            out += &format!("  blob {} {size}\n", l.digest);
        }
    }
    for f in [
        AuthFile::Users,
        AuthFile::Acl,
        AuthFile::Policy,
        AuthFile::AuditLog,
    ] {
        let data = store.read_auth_file(f).unwrap().unwrap_or_default();
        out += &format!("{f:?} {}\n", String::from_utf8_lossy(&data));
    }
    out
}

fn open_file(dir: &Path) -> Store {
    let objects = FsObjects::open(dir).expect("open objects");
    Store::open_objects(Arc::new(objects), Access::ReadOnly, false).expect("open store")
}

fn url_of(s: &Shared) -> String {
    match s {
        Shared::Fs(root) => root.display().to_string(),
        Shared::Objects { url, .. } => url.clone(),
    }
}

/// `import store` of `source` into `target` (`init` first when `create`): its JSON
/// report, after checking the target scans clean and gc finds nothing.
fn import(target: &Shared, source: &Shared) -> serde_json::Value {
    let (code, out, err) = target.cli(&["import", "store", &url_of(source), "--json"], "");
    assert_eq!(code, 0, "import store: {out}{err}");
    let report: serde_json::Value = serde_json::from_str(&out).expect("report");
    assert_eq!(report["problems"], serde_json::json!([]), "{out}");
    target.cli_ok(&["scan"], "");
    let gc: serde_json::Value = serde_json::from_str(
        &target.cli_ok(&["gc", "--dry-run", "--json", "--grace-period", "0s"], ""),
    )
    .expect("gc report");
    assert_eq!(
        (
            gc["blobs_deleted"].clone(),
            gc["manifests_removed"].clone(),
            gc["layer_links_removed"].clone()
        ),
        (0.into(), 0.into(), 0.into()),
        "gc would remove: {gc}"
    );
    report
}

#[test]
fn a_root_store_moves_to_a_directory_kept_as_objects_and_back_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    fill(&root);
    let want = snapshot(&Store::open(&root, Access::ReadOnly).unwrap());
    assert!(
        want.contains("alice") && want.contains("referrers [\"sha256:"),
        "{want}"
    );

    let source = Shared::Fs(root.clone());
    let objects = dir.path().join("objects");
    let middle = Shared::file(&objects);
    middle.cli_ok(&["init"], "");
    let r = import(&middle, &source);
    assert_eq!(
        (
            r["repositories"].clone(),
            r["tags"].clone(),
            r["manifests"].clone(),
            r["blobs"].clone()
        ),
        (2.into(), 4.into(), 5.into(), 8.into()),
        "{r}"
    );
    assert_eq!(r["already_there"], 0, "{r}");
    assert!(r["bytes"].as_u64().unwrap() > 3_000_000, "{r}");
    assert_eq!(snapshot(&open_file(&objects)), want);

    // Again: nothing new.
    let (code, out, err) = middle.cli(&["import", "store", root.to_str().unwrap()], "");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("nothing new"), "{out}{err}");

    // And back into a new --root store.
    let back = dir.path().join("back");
    let again = Shared::Fs(back.clone());
    again.cli_ok(&["init"], "");
    import(&again, &middle);
    assert_eq!(
        snapshot(&Store::open(&back, Access::ReadOnly).unwrap()),
        want
    );
    // The copy serves sign-ins: alice's password came along.
    let (code, out, err) = again.cli(&["acl", "check", "alice", "acme/app", "pull"], "");
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn an_auth_file_the_target_has_is_kept_and_reported_and_a_store_cannot_import_itself() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    fill(&root);
    let target = Shared::Fs(dir.path().join("target"));
    target.cli_ok(&["init"], "");
    target.cli_ok(&["user", "add", "bob", "--password-stdin"], "bob-pw\n");
    let (code, out, err) = target.cli(&["import", "store", root.to_str().unwrap(), "--json"], "");
    assert_eq!(code, 1, "{out}{err}");
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    let problems = r["problems"].to_string();
    assert!(
        problems.contains("auth/users.toml") && problems.contains("kept this store's"),
        "{r}"
    );
    let (_, users, _) = target.cli(&["user", "ls"], "");
    assert!(users.contains("bob") && !users.contains("alice"), "{users}");
    // The repositories came in regardless.
    assert!(target.cli_ok(&["repo", "ls"], "").contains("team/base"));

    let (code, _, err) =
        Shared::Fs(root.clone()).cli(&["import", "store", root.to_str().unwrap()], "");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("is this store"), "{err}");
    // A missing source is "no store" (6), named as the source, and says nothing of
    // how to create one (that would be this store's flags).
    let none = dir.path().join("none");
    for source in [
        none.display().to_string(),
        format!("file://{}", none.display()),
    ] {
        let (code, _, err) = target.cli(&["import", "store", &source], "");
        assert_eq!(code, 6, "{source}: {err}");
        assert!(
            err.contains("no store at") && !err.contains("hint"),
            "{source}: {err}"
        );
    }
    assert!(!none.exists());
}

#[test]
fn a_root_store_moves_to_s3() {
    let Some(s3) = common::s3::server("a_root_store_moves_to_s3") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    fill(&root);
    let want = snapshot(&Store::open(&root, Access::ReadOnly).unwrap());
    let objects = s3.objects();
    let url = objects.config().url();
    let target = Shared::Objects { url, env: s3.env() };
    target.cli_ok(&["init"], "");
    import(&target, &Shared::Fs(root));
    let store = Store::open_objects(Arc::new(objects), Access::ReadOnly, false).unwrap();
    assert_eq!(snapshot(&store), want);
}
