//! The store's files are private to its owner (directories 0700, files 0600) or, with
//! `init --store-group`, shared with one group (2770/0660), whatever the umask of the
//! processes that write them: checked on every file after `init`, a push through
//! `serve` and a user edit, each run under a permissive (or a restrictive) umask.

mod common;

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::*;

/// A `registryctl --root ROOT` command whose process runs with `umask`.
fn with_umask(root: &Path, umask: libc::mode_t) -> std::process::Command {
    let mut cmd = bin_command();
    cmd.arg("--root").arg(root);
    // SAFETY: umask(2) is async-signal-safe and touches only the child.
    unsafe {
        cmd.pre_exec(move || {
            libc::umask(umask);
            Ok(())
        });
    }
    cmd
}

fn run_ok(mut cmd: std::process::Command, stdin: &str) -> String {
    let out = output_within(
        {
            cmd.stdin(Stdio::piped());
            cmd
        },
        stdin,
        60,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Starts `serve` on `root` under `umask`, pushes an image (a monolithic and a chunked
/// blob, a tagged manifest), stops it.
fn push_through_serve(root: &Path, umask: libc::mode_t) {
    let addr = format!("127.0.0.1:{}", free_port());
    let mut cmd = with_umask(root, umask);
    cmd.args(["serve", "--listen", &addr])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut child = cmd.spawn().expect("spawn serve");
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(&addr).is_err() {
        assert!(Instant::now() < deadline, "serve did not start");
        assert!(
            child.try_wait().expect("try_wait").is_none(),
            "serve exited"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let c = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .build()
            .expect("client");
        let base = format!("http://{addr}");
        let config = b"{\"modes\":1}".to_vec();
        let layer = vec![7u8; 100_000];
        let r = c
            .post(format!(
                "{base}/v2/acme/app/blobs/uploads/?digest={}",
                digest(&config)
            ))
            .body(config.clone())
            .send()
            .await
            .expect("push config");
        assert_eq!(r.status(), 201);
        let r = c
            .post(format!("{base}/v2/acme/app/blobs/uploads/"))
            .send()
            .await
            .expect("start upload");
        assert_eq!(r.status(), 202);
        let loc = r.headers()["location"]
            .to_str()
            .expect("location")
            .to_string();
        let r = c
            .put(format!("{base}{loc}?digest={}", digest(&layer)))
            .body(layer.clone())
            .send()
            .await
            .expect("put layer");
        assert_eq!(r.status(), 201);
        let m = image_manifest(&config, &[&layer]);
        let r = c
            .put(format!("{base}/v2/acme/app/manifests/v1"))
            .header("content-type", "application/vnd.oci.image.manifest.v1+json")
            .body(m)
            .send()
            .await
            .expect("put manifest");
        assert_eq!(r.status(), 201);
    });
    let _ = child.kill();
    let _ = child.wait();
}

/// Every directory and file under `root` (the root included), with its mode and gid.
fn walk(root: &Path) -> Vec<(PathBuf, bool, u32, u32)> {
    let mut out = Vec::new();
    let mut todo = vec![root.to_path_buf()];
    while let Some(p) = todo.pop() {
        let m = std::fs::symlink_metadata(&p).expect("stat");
        out.push((
            p.clone(),
            m.is_dir(),
            m.permissions().mode() & 0o7777,
            m.gid(),
        ));
        if m.is_dir() {
            for e in std::fs::read_dir(&p).expect("read_dir") {
                todo.push(e.expect("entry").path());
            }
        }
    }
    out
}

fn populate(root: &Path, umask: libc::mode_t) {
    push_through_serve(root, umask);
    let mut cmd = with_umask(root, umask);
    cmd.args(["user", "add", "alice", "--password-stdin"]);
    run_ok(cmd, "s3cret-passw0rd\n");
    // gc writes its clock stamp and removes nothing here.
    let mut cmd = with_umask(root, umask);
    cmd.args(["gc", "-q"]);
    run_ok(cmd, "");
}

#[test]
fn a_new_store_is_private_to_its_owner_under_a_permissive_umask() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("store");
    let mut cmd = with_umask(&root, 0);
    cmd.arg("init");
    run_ok(cmd, "");
    populate(&root, 0);
    let all = walk(&root);
    assert!(all.len() > 20, "{all:?}");
    for (p, is_dir, mode, _) in &all {
        let want = if *is_dir { 0o700 } else { 0o600 };
        assert_eq!(*mode, want, "{} has mode {mode:o}", p.display());
    }
    // The blob bytes and the lock files are among them.
    assert!(all.iter().any(|(p, ..)| p.ends_with("locks/commit.lock")));
    assert!(all
        .iter()
        .any(|(p, ..)| p.starts_with(root.join("blobs")) && !p.is_dir()));
}

#[test]
fn a_store_shared_with_a_group_gives_it_read_and_write_whatever_the_umask() {
    // A group this user is a member of: its primary group.
    // SAFETY: getgid(2) cannot fail.
    let gid = unsafe { libc::getgid() };
    let out = std::process::Command::new("id")
        .arg("-gn")
        .output()
        .expect("id -gn");
    let group = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(!group.is_empty(), "no name for gid {gid}");

    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("store");
    let mut cmd = with_umask(&root, 0o077);
    cmd.args(["init", "--store-group", &group]);
    let said = run_ok(cmd, "");
    assert!(said.contains(&group), "{said}");
    populate(&root, 0o077);
    for (p, is_dir, mode, g) in walk(&root) {
        let want = if is_dir { 0o2770 } else { 0o660 };
        assert_eq!(mode, want, "{} has mode {mode:o}", p.display());
        assert_eq!(g, gid, "{} has gid {g}", p.display());
    }

    // An unknown group is a usage error, and changes nothing.
    let other = dir.path().join("other");
    let mut cmd = with_umask(&other, 0o022);
    cmd.args(["init", "--store-group", "no-such-group-registryctl"]);
    let out = output_within(cmd, "", 30);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!other.exists());
}

#[test]
fn scan_warns_about_files_other_users_can_read_in_an_older_store() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("store");
    let mut cmd = with_umask(&root, 0o022);
    cmd.arg("init");
    run_ok(cmd, "");
    let scan = || {
        let mut cmd = with_umask(&root, 0o022);
        cmd.args(["scan", "--json"]);
        let out: serde_json::Value = serde_json::from_str(&run_ok(cmd, "")).expect("scan --json");
        out
    };
    assert_eq!(scan()["warnings"], 0, "a new store is private");
    // What a store written before private modes (umask 022) looks like.
    let marker = root.join("registryctl-layout.json");
    std::fs::set_permissions(&marker, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    std::fs::set_permissions(&root, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let report = scan();
    assert_eq!(report["errors"], 0);
    let problems = report["problems"].as_array().expect("problems");
    let open: Vec<_> = problems
        .iter()
        .filter(|p| p["kind"] == "open_to_others")
        .collect();
    assert_eq!(open.len(), 1, "{report:#}");
    assert_eq!(open[0]["severity"], "warning");
    let detail = open[0]["detail"].as_str().expect("detail");
    assert!(
        detail.starts_with("1 files") && detail.contains("registryctl-layout.json"),
        "{detail}"
    );
}
