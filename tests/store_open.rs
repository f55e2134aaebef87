//! How commands open their store, through the real binary: a wrong root never creates
//! one (every command exits with the one "no store" code and leaves the path as it
//! was), `init` and `serve` create one only in a missing or empty directory, a store
//! written before layout markers opens and `migrate` marks it, a newer layout is
//! refused everywhere with one code, reading commands write nothing (and work for a
//! user who cannot write the store), an error prints its cause once, and stdout
//! closed early or full ends a command cleanly.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use clap::CommandFactory;
use common::{bin_command, new_store, repo_name, tag_name};
use registryctl::oci::{Digest, Manifest};
use registryctl::storage::{paths, Store};

const NO_STORE: i32 = 6;
const NEWER_LAYOUT: i32 = 7;

/// Every command that opens a store, with arguments that get it as far as opening.
fn store_commands() -> Vec<Vec<&'static str>> {
    let d = "acme/app@sha256:0000000000000000000000000000000000000000000000000000000000000000";
    [
        &["user", "add", "alice", "--password-stdin"][..],
        &["user", "passwd", "alice", "--password-stdin"],
        &["user", "rm", "alice"],
        &["user", "ls"],
        &[
            "user",
            "import-htpasswd",
            "/nonexistent/registryctl-test-htpasswd",
        ],
        &["group", "add", "ci"],
        &["group", "rm", "ci"],
        &["group", "add-member", "ci", "alice"],
        &["group", "rm-member", "ci", "alice"],
        &["group", "ls"],
        &["acl", "grant", "alice", "acme/**", "pull"],
        &["acl", "deny", "alice", "acme/**", "push"],
        &["acl", "revoke", "alice", "acme/**", "pull"],
        &["acl", "ls"],
        &["acl", "check", "alice", "acme/app", "pull"],
        &["acl", "log"],
        &["scan"],
        &["scan", "--fix"],
        &["scan", "--fix", "--dry-run"],
        &["blob", "ls"],
        &["repo", "ls"],
        &["repo", "rm", "acme/app", "--yes"],
        &["tag", "ls", "acme/app"],
        &["tag", "rm", "acme/app:v1"],
        &["manifest", "rm", d, "--yes"],
        &["manifest", "ls", "acme/app"],
        &["manifest", "get", d],
        &["tag", "add", "acme/app:v1", "v2"],
        &["quarantine", "ls"],
        &["quarantine", "purge"],
        &["quarantine", "purge", "-n"],
        &[
            "image",
            "export",
            "acme/app:v1",
            "/nonexistent/registryctl-test-layout",
        ],
        &[
            "image",
            "import",
            "/nonexistent/registryctl-test-layout",
            "acme/app:v1",
        ],
        &["image", "copy", "acme/app:v1", "acme/other:v1"],
        &[
            "import",
            "distribution",
            "/nonexistent/registryctl-test-distribution",
        ],
        &["import", "store", "/nonexistent/registryctl-test-source"],
        &["retention", "add", "acme/**", "--keep-last", "1"],
        &["retention", "rm", "r1"],
        &["retention", "ls"],
        &["retention", "explain", "acme/app:v1"],
        &["immutable", "add", "acme/**:v*"],
        &["immutable", "rm", "i1"],
        &["immutable", "ls"],
        &["prune"],
        &["prune", "--dry-run"],
        &["prune", "--gc", "--dry-run"],
        &["prune", "--gc"],
        &["audit", "log"],
        &["quota", "add", "acme/**", "--limit", "1G"],
        &["quota", "rm", "q1"],
        &["quota", "ls"],
        &["usage"],
        &["token", "rotate"],
        &[
            "robot",
            "create",
            "ci",
            "--grant",
            "acme/app:pull",
            "--expires",
            "1d",
        ],
        &["robot", "ls"],
        &["robot", "rm", "ci"],
        &["robot", "rotate", "ci"],
        &["gc"],
        &["gc", "--dry-run"],
        &["migrate"],
    ]
    .iter()
    .map(|a| a.to_vec())
    .collect()
}

/// Leaf command paths of the real command tree (`user add`, `scan`, …).
fn leaf_commands(cmd: &clap::Command, prefix: &str, out: &mut Vec<String>) {
    for sub in cmd.get_subcommands() {
        let path = format!("{prefix}{}", sub.get_name()).trim().to_string();
        if sub.has_subcommands() {
            leaf_commands(sub, &format!("{path} "), out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn the_list_of_store_commands_covers_the_command_tree() {
    let mut leaves = Vec::new();
    leaf_commands(&registryctl::cli::Cli::command(), "", &mut leaves);
    let listed: Vec<String> = store_commands()
        .iter()
        .map(|a| {
            a.iter()
                .take_while(|w| !w.starts_with('-') && !w.contains(['/', '*']))
                .take(2)
                .copied()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    // Commands that take no store, and the two that create one (tested apart).
    let without_store = [
        "config show",
        "config check",
        "completions",
        "serve",
        "init",
    ];
    for leaf in leaves {
        let covered = listed
            .iter()
            .any(|l| l == &leaf || l.split(' ').next() == Some(leaf.as_str()));
        assert!(
            covered || without_store.contains(&leaf.as_str()),
            "`registryctl {leaf}` is in neither list: add it to store_commands()"
        );
    }
}

/// Runs the binary with a deadline (a command that wrongly starts serving is killed).
fn run_bounded(cmd: Command, stdin: &str) -> Output {
    common::output_within(cmd, stdin, 60)
}

fn run_at(root: &Path, args: &[&str]) -> Output {
    let mut cmd = bin_command();
    cmd.arg("--root").arg(root).args(args);
    run_bounded(cmd, "pw\n")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Every path under `dir` with its type, size, mode, mtime and (for files) content.
fn tree(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let m = std::fs::symlink_metadata(&d).expect("stat");
        let content = if m.is_file() {
            format!("{:?}", std::fs::read(&d).expect("read"))
        } else {
            String::new()
        };
        out.insert(
            d.clone(),
            format!(
                "{:?} {} {:o} {}.{} {content}",
                m.file_type(),
                m.len(),
                m.mode(),
                m.mtime(),
                m.mtime_nsec()
            ),
        );
        if m.is_dir() {
            for e in std::fs::read_dir(&d).expect("read_dir") {
                stack.push(e.expect("entry").path());
            }
        }
    }
    out
}

/// An OCI image layout (what `skopeo copy oci:DIR` reads): not a store.
fn oci_image_layout(dir: &Path) {
    let d = Digest::sha256_of(b"{}");
    std::fs::create_dir_all(dir.join("blobs/sha256")).unwrap();
    std::fs::write(dir.join("blobs/sha256").join(d.hex()), b"{}").unwrap();
    std::fs::write(dir.join("oci-layout"), br#"{"imageLayoutVersion":"1.0.0"}"#).unwrap();
    std::fs::write(
        dir.join("index.json"),
        br#"{"schemaVersion":2,"manifests":[]}"#,
    )
    .unwrap();
}

fn assert_no_store(o: &Output, root: &Path, args: &[&str]) {
    let err = stderr(o);
    assert_eq!(
        o.status.code(),
        Some(NO_STORE),
        "{args:?} at {}: {err}",
        root.display()
    );
    assert!(
        err.contains(&format!("no store at {}", root.display())),
        "{args:?}: {err}"
    );
    assert!(
        err.contains(&format!("registryctl init --root {}", root.display())),
        "{args:?} names the fix: {err}"
    );
}

#[test]
fn a_wrong_root_never_creates_a_store_and_every_command_says_so_with_one_code() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("typo/registryctl-data");
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let oci = dir.path().join("oci-image");
    oci_image_layout(&oci);
    let other = dir.path().join("other");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("notes.txt"), "not a store").unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let before = tree(dir.path());
    for args in store_commands() {
        for root in [&missing, &empty, &oci, &other, &file] {
            let o = run_at(root, &args);
            assert_no_store(&o, root, &args);
        }
        assert!(!missing.exists(), "{args:?} created {}", missing.display());
        assert_eq!(tree(dir.path()), before, "{args:?} changed a directory");
    }
    // serve creates a store in a missing or empty directory (below), never in one that
    // holds something else.
    for root in [&oci, &other, &file] {
        let o = run_at(root, &["serve", "--listen", "127.0.0.1:0"]);
        assert_no_store(&o, root, &["serve"]);
    }
    assert_eq!(tree(dir.path()), before, "serve changed a directory");
}

#[test]
fn the_no_store_hint_names_where_the_root_came_from() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("nope");
    let o = run_bounded(
        {
            let mut c = bin_command();
            c.env("REGISTRYCTL_ROOT", &root).args(["repo", "ls"]);
            c
        },
        "",
    );
    assert_eq!(o.status.code(), Some(NO_STORE));
    assert!(stderr(&o).contains("REGISTRYCTL_ROOT"), "{}", stderr(&o));
    // The default root, in the current directory, is not created either.
    let o = run_bounded(
        {
            let mut c = bin_command();
            c.current_dir(dir.path()).args(["user", "ls"]);
            c
        },
        "",
    );
    assert_eq!(o.status.code(), Some(NO_STORE), "{}", stderr(&o));
    assert!(stderr(&o).contains("the default"), "{}", stderr(&o));
    assert!(!dir.path().join("registryctl-data").exists());
}

fn marker(root: &Path) -> serde_json::Value {
    let text = std::fs::read(root.join(paths::LAYOUT_MARKER)).expect("layout marker");
    serde_json::from_slice(&text).expect("marker is JSON")
}

#[test]
fn init_creates_a_store_only_in_a_missing_or_empty_directory() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("new/store");
    let o = run_at(&root, &["init"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("created a new store"), "{}", stdout(&o));
    let m = marker(&root);
    assert_eq!(m["layout"], 1);
    assert_eq!(
        m["created_by"],
        format!("registryctl {}", env!("CARGO_PKG_VERSION"))
    );
    for top in paths::TOP_LEVEL {
        assert!(root.join(top).is_dir(), "{top}");
    }
    // The store works: a writing and a reading command.
    let o = run_at(&root, &["acl", "grant", "alice", "acme/**", "pull"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(run_at(&root, &["acl", "ls"]).status.success());
    // Again: nothing changes.
    let before = tree(&root);
    let o = run_at(&root, &["init"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("exists already"), "{}", stdout(&o));
    assert_eq!(tree(&root), before);

    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    assert!(run_at(&empty, &["init"]).status.success());
    assert_eq!(marker(&empty)["layout"], 1);

    let oci = dir.path().join("oci");
    oci_image_layout(&oci);
    let other = dir.path().join("other");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("x"), "x").unwrap();
    for root in [&oci, &other] {
        let before = tree(root);
        let o = run_at(root, &["init"]);
        assert_eq!(o.status.code(), Some(NO_STORE), "{}", stderr(&o));
        assert!(stderr(&o).contains("no store at"), "{}", stderr(&o));
        assert_eq!(tree(root), before);
    }
    assert!(stderr(&run_at(&oci, &["init"])).contains("OCI image layout"));
}

/// Waits until `path` exists (at most 20 s).
fn wait_for(path: &Path, child: &mut std::process::Child) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !path.exists() {
        if let Some(st) = child.try_wait().expect("try_wait") {
            panic!(
                "registryctl exited with {st} before {} appeared",
                path.display()
            );
        }
        assert!(
            Instant::now() < deadline,
            "{} did not appear",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn serve_creates_its_store_at_the_default_root_and_at_a_new_root() {
    // `cargo run -- serve` from the README: the default root, in the current directory.
    let dir = tempfile::tempdir().unwrap();
    let mut child = bin_command()
        .current_dir(dir.path())
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let default_marker = dir
        .path()
        .join("registryctl-data")
        .join(paths::LAYOUT_MARKER);
    wait_for(&default_marker, &mut child);
    let _ = child.kill();
    let _ = child.wait();
    // An explicit new root.
    let s = common::BinServer::start(&[], &[]);
    assert_eq!(marker(&s.root)["layout"], 1);
    assert!(
        s.log_text().contains("created a new, empty store"),
        "{}",
        s.log_text()
    );
}

/// Stores an image (a `{}` config and `layers`) in `repo`, tagged `tag` if given.
fn put_image(store: &Store, repo: &str, layers: &[&[u8]], tag: Option<&str>) -> Digest {
    let repo = repo_name(repo);
    let config = store.put_blob_bytes(&repo, b"{}").unwrap();
    let mut descriptors = Vec::new();
    for l in layers {
        let d = store.put_blob_bytes(&repo, l).unwrap();
        descriptors.push(serde_json::json!({
            "mediaType": "application/vnd.oci.image.layer.v1.tar",
            "digest": d.to_string(), "size": l.len()}));
    }
    let body = serde_json::to_vec(&serde_json::json!({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                   "digest": config.to_string(), "size": 2},
        "layers": descriptors,
    }))
    .unwrap();
    let m = Manifest::parse(&body, "application/vnd.oci.image.manifest.v1+json").unwrap();
    let d = Digest::sha256_of(&body);
    let tag = tag.map(tag_name);
    store
        .put_manifest(&repo, &d, &body, &m, tag.as_ref())
        .unwrap();
    d
}

/// A store as the code before layout markers wrote it: every top-level directory,
/// `acme/app:v1`, no marker.
fn unmarked_store_with_content(root: &Path) {
    let store = Store::open_or_create(root).unwrap();
    put_image(&store, "acme/app", &[b"layer"], Some("v1"));
    drop(store);
    std::fs::remove_file(root.join(paths::LAYOUT_MARKER)).unwrap();
}

/// The reading commands, on a store holding `acme/app:v1`.
fn reading_commands() -> Vec<Vec<&'static str>> {
    [
        &["scan"][..],
        &["scan", "--verify", "--json"],
        &["scan", "--fix", "--dry-run"],
        &["blob", "ls"],
        &["blob", "ls", "--jsonl"],
        &["repo", "ls"],
        &["tag", "ls", "acme/app"],
        &["user", "ls"],
        &["group", "ls"],
        &["acl", "ls"],
        &["acl", "check", "anonymous", "acme/app", "pull"],
        &["acl", "log"],
        &["gc", "--dry-run"],
        &["gc", "--dry-run", "--json"],
        &["audit", "log"],
        &["audit", "log", "--json", "--since", "1h"],
    ]
    .iter()
    .map(|a| a.to_vec())
    .collect()
}

#[test]
fn a_store_written_before_layout_markers_opens_and_migrate_marks_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("store");
    unmarked_store_with_content(&root);
    let before = tree(&root);
    // Reading commands work and leave it as it is.
    for args in reading_commands() {
        let o = run_at(&root, &args);
        // acl check answers 1 for "denied", which the empty rules give.
        let ok = if args[0] == "acl" && args[1] == "check" {
            o.status.code() == Some(1)
        } else {
            o.status.success()
        };
        assert!(ok, "{args:?}: {:?} {}", o.status, stderr(&o));
        assert_eq!(tree(&root), before, "{args:?} wrote to the store");
    }
    assert!(stdout(&run_at(&root, &["tag", "ls", "acme/app"])).contains("v1"));

    let o = run_at(&root, &["migrate"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("from layout 0 (no marker) to layout 1"),
        "{}",
        stdout(&o)
    );
    let m = marker(&root);
    assert_eq!(m["layout"], 1);
    assert_eq!(m["migrated_from"], 0);
    let o = run_at(&root, &["migrate"]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("nothing to do"), "{}", stdout(&o));
    assert_eq!(marker(&root), m);
    assert!(stdout(&run_at(&root, &["tag", "ls", "acme/app"])).contains("v1"));

    // A writing command marks an unmarked store too.
    let other = dir.path().join("other");
    unmarked_store_with_content(&other);
    let o = run_at(&other, &["tag", "rm", "acme/app:v1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(marker(&other)["layout"], 1);

    // So does serve.
    let third = dir.path().join("third");
    unmarked_store_with_content(&third);
    let mut child = bin_command()
        .arg("--root")
        .arg(&third)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_for(&third.join(paths::LAYOUT_MARKER), &mut child);
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn a_newer_layout_is_refused_by_every_command_with_one_code() {
    let dir = new_store();
    let root = dir.path();
    std::fs::write(
        root.join(paths::LAYOUT_MARKER),
        r#"{"layout": 99, "created_by": "registryctl 9.0.0", "future_field": true}"#,
    )
    .unwrap();
    let before = tree(root);
    let mut all = store_commands();
    all.push(vec!["init"]);
    all.push(vec!["serve", "--listen", "127.0.0.1:0"]);
    for args in all {
        let o = run_at(root, &args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(NEWER_LAYOUT), "{args:?}: {err}");
        assert!(
            err.contains("has layout 99")
                && err.contains("understands layouts up to 1")
                && err.contains("upgrade registryctl"),
            "{args:?}: {err}"
        );
        assert_eq!(tree(root), before, "{args:?} changed the store");
    }
}

#[test]
fn a_damaged_marker_is_an_error_not_a_guess() {
    let dir = new_store();
    std::fs::write(dir.path().join(paths::LAYOUT_MARKER), "not json").unwrap();
    let o = run_at(dir.path(), &["repo", "ls"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("layout marker does not parse"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn reading_commands_write_nothing() {
    let dir = new_store();
    let root = dir.path();
    unmarked_store_with_content(root);
    // Marked again, and the lock files of a store that has been used.
    assert!(run_at(root, &["migrate"]).status.success());
    assert!(run_at(root, &["gc"]).status.success());
    let before = tree(root);
    for args in reading_commands() {
        let o = run_at(root, &args);
        assert!(
            o.status.success() || args[1] == "check",
            "{args:?}: {}",
            stderr(&o)
        );
        assert_eq!(tree(root), before, "{args:?} wrote to the store");
    }
}

fn run_file(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = bin_command();
    cmd.arg("--storage")
        .arg(format!("file://{}", dir.display()))
        .args(args);
    run_bounded(cmd, "pw\n")
}

/// A store kept as objects in a directory, holding `acme/app:v1`.
fn file_store_with_content(dir: &Path) {
    let o = run_file(dir, &["init"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let objects = registryctl::storage::object::fs::FsObjects::open(dir).unwrap();
    let store = Store::open_objects(
        std::sync::Arc::new(objects),
        registryctl::storage::Access::ReadWrite,
        false,
    )
    .unwrap();
    put_image(&store, "acme/app", &[b"layer"], Some("v1"));
}

#[test]
fn a_directory_store_of_either_kind_opens_only_with_its_own_flag() {
    let dir = tempfile::tempdir().unwrap();
    let objects = dir.path().join("objects");
    file_store_with_content(&objects);
    let m = marker(&objects);
    assert_eq!(
        (m["layout"].clone(), m["protocol"].clone()),
        (1.into(), "objects".into())
    );
    let mode = std::fs::metadata(&objects).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o700, "the directory is private");
    let root = dir.path().join("root");
    assert!(run_at(&root, &["init"]).status.success());
    let unmarked = dir.path().join("unmarked");
    unmarked_store_with_content(&unmarked);

    let mut all = store_commands();
    all.push(vec!["init"]);
    all.push(vec!["serve", "--listen", "127.0.0.1:0"]);
    let trees = [&objects, &root, &unmarked].map(|d| tree(d));
    for args in &all {
        let o = run_at(&objects, args);
        let err = stderr(&o);
        assert_eq!(
            o.status.code(),
            Some(2),
            "--root on objects, {args:?}: {err}"
        );
        let fix = format!(
            "is kept as objects: open it with --storage file://{}",
            objects.display()
        );
        assert!(err.contains(&fix), "{args:?}: {err}");
        for other in [&root, &unmarked] {
            let o = run_file(other, args);
            let err = stderr(&o);
            assert_eq!(
                o.status.code(),
                Some(2),
                "file:// on --root, {args:?}: {err}"
            );
            let fix = format!("is a --root store: open it with --root {}", other.display());
            assert!(err.contains(&fix), "{args:?}: {err}");
        }
    }
    assert_eq!(
        [&objects, &root, &unmarked].map(|d| tree(d)),
        trees,
        "a refused open wrote"
    );

    // A relative --root gets the fix as an absolute URL (file:// takes no other).
    let mut cmd = bin_command();
    cmd.current_dir(dir.path())
        .args(["--root", "objects", "repo", "ls"]);
    let o = run_bounded(cmd, "");
    let fix = format!(
        "--storage file://{}",
        objects.canonicalize().unwrap().display()
    );
    assert!(stderr(&o).contains(&fix), "{}", stderr(&o));

    // Its own flag opens it; a relative or missing directory is named as such.
    let o = run_file(&objects, &["tag", "ls", "acme/app"]);
    assert!(stdout(&o).contains("v1   sha256:"), "{}", stderr(&o));
    let o = run_file(Path::new("relative"), &["repo", "ls"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("absolute directory"), "{}", stderr(&o));
    let missing = dir.path().join("missing");
    let o = run_file(&missing, &["repo", "ls"]);
    assert_eq!(o.status.code(), Some(NO_STORE), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("new or empty directory"),
        "{}",
        stderr(&o)
    );
    assert!(!missing.exists());
}

#[test]
fn reading_commands_write_nothing_to_a_directory_kept_as_objects() {
    let dir = tempfile::tempdir().unwrap();
    let objects = dir.path().join("objects");
    file_store_with_content(&objects);
    // The bookkeeping of a store that has been used: gc's memo and the clock's stamp.
    let o = run_file(&objects, &["gc"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let before = tree(&objects);
    for args in reading_commands() {
        let o = run_file(&objects, &args);
        assert!(
            o.status.success() || args[1] == "check",
            "{args:?}: {}",
            stderr(&o)
        );
        assert_eq!(tree(&objects), before, "{args:?} wrote to the store");
    }
}

/// A command prefix that runs as `nobody` (setpriv, else runuser), if this machine can
/// drop privileges.
fn as_nobody() -> Option<Vec<String>> {
    let candidates: [&[&str]; 2] = [
        &[
            "setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
        ],
        &["runuser", "-u", "nobody", "--"],
    ];
    candidates.into_iter().find_map(|prefix| {
        let ok = Command::new(prefix[0])
            .args(&prefix[1..])
            .arg("true")
            .output()
            .is_ok_and(|o| o.status.success());
        ok.then(|| prefix.iter().map(|s| s.to_string()).collect())
    })
}

/// The binary where `nobody` can run it: the build directory may sit below one that
/// only root can search (a CI checkout under /root), so link or copy it into `dir`.
fn binary_for_nobody(dir: &Path) -> PathBuf {
    let to = dir.join("registryctl");
    if std::fs::hard_link(common::bin(), &to).is_err() {
        std::fs::copy(common::bin(), &to).expect("copy the binary");
    }
    to
}

fn run_as(prefix: &[String], bin: &Path, root: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(&prefix[0]);
    cmd.args(&prefix[1..])
        .arg(bin)
        .arg("--root")
        .arg(root)
        .args(args)
        .env_remove("REGISTRYCTL_ROOT")
        .env_remove("RUST_LOG")
        .env("REGISTRYCTL_CONFIG", "/dev/null");
    run_bounded(cmd, "pw\n")
}

#[test]
fn reading_commands_work_for_a_user_who_cannot_write_the_store() {
    let Some(nobody) = as_nobody() else {
        println!("SKIPPED reading_commands_work_for_a_user_who_cannot_write_the_store: neither setpriv nor runuser can drop privileges here");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("store");
    unmarked_store_with_content(&root);
    assert!(run_at(&root, &["migrate"]).status.success());
    assert!(run_at(&root, &["gc"]).status.success());
    common::add_user(&root, "alice", "pw");
    let bin = binary_for_nobody(dir.path());
    // Readable by everyone (the operator chose to share even the auth files), writable
    // by the owner only.
    let status = Command::new("chmod")
        .args(["-R", "a+rX,go-w"])
        .arg(dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    assert!(run_as(&nobody, &bin, &root, &["repo", "ls"])
        .status
        .success());
    let before = tree(&root);
    for args in reading_commands() {
        let o = run_as(&nobody, &bin, &root, &args);
        assert!(
            o.status.success() || args[1] == "check",
            "{args:?} as nobody: {:?} {}",
            o.status,
            stderr(&o)
        );
        assert!(
            !stderr(&o).contains("ermission denied"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
    assert_eq!(tree(&root), before);
    assert!(stdout(&run_as(&nobody, &bin, &root, &["user", "ls"])).contains("alice"));

    // A writing command fails, naming the OS error once.
    let o = run_as(
        &nobody,
        &bin,
        &root,
        &["acl", "grant", "alice", "acme/**", "pull"],
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert_eq!(err.matches("Permission denied").count(), 1, "{err}");
    // A real gc cannot start, and says it removed nothing.
    let o = run_as(&nobody, &bin, &root, &["gc"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert_eq!(err.matches("Permission denied").count(), 1, "{err}");
    assert!(!err.contains("removed so far was garbage"), "{err}");
    assert_eq!(tree(&root), before);
    // Let the temporary directory be removed.
    let _ = std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700));
}

#[test]
fn an_io_error_names_its_cause_once_and_a_dry_run_that_cannot_start_removed_nothing() {
    let dir = new_store();
    let root = dir.path();
    // A lock file that cannot be opened: a symbolic link to itself.
    let lock = root.join(paths::lock("gc").as_str());
    std::os::unix::fs::symlink(&lock, &lock).unwrap();
    for args in [&["gc", "--dry-run"][..], &["gc"]] {
        let o = run_at(root, args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        assert_eq!(
            err.matches("Too many levels of symbolic links").count(),
            1,
            "{args:?}: {err}"
        );
        assert!(err.contains("nothing was removed"), "{args:?}: {err}");
        assert!(
            !err.contains("removed so far was garbage"),
            "{args:?}: {err}"
        );
    }
}

/// A pipe whose buffer holds only one page, so that a command printing more than that
/// is still writing when the reader goes away.
fn small_pipe() -> (std::fs::File, std::fs::File) {
    use std::os::fd::FromRawFd;
    let mut fds = [0; 2];
    // SAFETY: pipe2 fills the two descriptors, which we then own.
    let rc = unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) };
    assert_eq!(rc, 0, "pipe2");
    // SAFETY: fcntl on a descriptor we own.
    let rc = unsafe { libc::fcntl(fds[1], libc::F_SETPIPE_SZ, 4096) };
    assert!(rc >= 4096, "F_SETPIPE_SZ");
    // SAFETY: fresh descriptors, owned by nothing else.
    unsafe {
        (
            std::fs::File::from_raw_fd(fds[0]),
            std::fs::File::from_raw_fd(fds[1]),
        )
    }
}

/// Runs `args` with stdout to a pipe that is closed after the first line.
fn head_1(root: &Path, args: &[&str]) -> (Output, String) {
    let (read, write) = small_pipe();
    let mut cmd = bin_command();
    cmd.arg("--root").arg(root).args(args);
    cmd.stdin(Stdio::null())
        .stdout(Stdio::from(write))
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn");
    drop(cmd); // our copy of the pipe's write end
    let mut first = String::new();
    BufReader::new(read)
        .read_line(&mut first)
        .expect("first line");
    // The reader is gone now.
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().expect("try_wait").is_none() {
        assert!(Instant::now() < deadline, "{args:?} did not exit");
        std::thread::sleep(Duration::from_millis(10));
    }
    (child.wait_with_output().expect("output"), first)
}

/// A store with enough blobs and tags that `blob ls` and `tag ls` print far more
/// than a pipe buffer.
fn big_store() -> tempfile::TempDir {
    let dir = new_store();
    let store = Store::open_or_create(dir.path()).unwrap();
    let d = put_image(&store, "acme/app", &[], None);
    let repo = repo_name("acme/app");
    for i in 0..300 {
        store
            .put_blob_bytes(&repo, format!("blob {i}").as_bytes())
            .unwrap();
        store
            .set_tag(&repo, &tag_name(&format!("tag-{i:04}")), &d)
            .unwrap();
    }
    dir
}

#[test]
fn a_closed_pipe_ends_a_command_quietly_with_status_0() {
    let dir = big_store();
    for args in [
        &["blob", "ls"][..],
        &["blob", "ls", "--jsonl"],
        &["tag", "ls", "acme/app"],
        &["tag", "ls", "acme/app", "--json"],
        &["completions", "bash"],
        &["-q", "gc", "--dry-run", "--json"],
    ] {
        let (o, first) = head_1(dir.path(), args);
        assert!(!first.is_empty(), "{args:?} printed nothing");
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert_eq!(stderr(&o), "", "{args:?} said something on stderr");
    }
}

#[test]
fn a_full_disk_on_stdout_is_an_error_with_status_1() {
    let dir = big_store();
    for args in [
        &["blob", "ls"][..],
        &["repo", "ls", "--json"],
        &["tag", "ls", "acme/app"],
        &["completions", "bash"],
        &["scan"],
        &["gc", "--dry-run"],
        &["config", "show"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let o = bin_command()
            .arg("--root")
            .arg(dir.path())
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::from(full))
            .stderr(Stdio::piped())
            .output()
            .expect("run");
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains("writing to standard output: No space left on device"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}
