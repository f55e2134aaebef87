//! Bounded lock waits: with `locks/commit.lock` (or `locks/auth.lock`) held by another
//! process, a push gets a retryable `503 UNAVAILABLE` with `Retry-After` instead of
//! hanging, and CLI commands exit 8 (busy) naming the lock file; after the holder lets
//! go, both work again.

mod common;

use std::os::unix::io::AsRawFd;
use std::path::Path;
use std::time::Duration;

use common::*;

/// An exclusive `flock` on a store lock file, held by this (test) process: another
/// process than the `registryctl` under test, as a hostile local user would hold it.
struct Holder(#[allow(dead_code)] std::fs::File);

impl Holder {
    fn take(root: &Path, name: &str) -> Holder {
        let path = store_path(root, &paths::lock(name));
        let f = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .expect("open lock file");
        // SAFETY: flock(2) on a descriptor we own.
        let rc = unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
        assert_eq!(rc, 0, "the lock {} is free before the test", path.display());
        Holder(f)
    }
}

/// The wait the processes under test are given (far below the 30 s default).
const WAIT: &str = "400ms";

fn client() -> reqwest::Client {
    // The bound on the test's own wait: a server that hung on the lock fails here.
    reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .expect("client")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_push_behind_a_held_commit_lock_is_told_to_retry_and_succeeds_after_release() {
    let s = BinServer::start(&[], &[("REGISTRYCTL_LOCK_WAIT", WAIT)]);
    let base = format!("http://{}", s.addr);
    let data = b"layer behind a held lock".to_vec();
    let d = digest(&data);
    let push = || {
        client()
            .post(format!("{base}/v2/acme/app/blobs/uploads/?digest={d}"))
            .body(data.clone())
            .send()
    };

    let holder = Holder::take(&s.root, "commit");
    let r = push().await.expect("an answer, not a hang");
    assert_eq!(r.status(), 503);
    let retry: u64 = r.headers()["retry-after"]
        .to_str()
        .expect("retry-after")
        .parse()
        .expect("seconds");
    assert!(retry > 0);
    let body: serde_json::Value = r.json().await.expect("JSON error");
    assert_eq!(body["errors"][0]["code"], "UNAVAILABLE", "{body}");
    let head = || {
        client()
            .head(format!("{base}/v2/acme/app/blobs/{d}"))
            .send()
    };
    // A HEAD on a blob stamps it under the commit lock too (a client may skip the
    // upload on its answer).
    assert_eq!(head().await.expect("HEAD").status(), 503);
    // The server says in its log which lock was busy.
    assert!(s.log_text().contains("commit.lock"), "{}", s.log_text());

    drop(holder);
    assert_eq!(
        head().await.expect("HEAD").status(),
        404,
        "nothing was stored"
    );
    let r = push().await.expect("push after release");
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap_or_default());
}

#[test]
fn cli_commands_behind_a_held_lock_exit_busy_naming_the_lock_file() {
    let dir = new_store();
    let root = dir.path();
    let run = |args: &[&str]| {
        let mut cmd = bin_command();
        cmd.arg("--root")
            .arg(root)
            .args(args)
            .env("REGISTRYCTL_LOCK_WAIT", WAIT);
        output_within(cmd, "s3cret-passw0rd\n", 60)
    };

    let holder = Holder::take(root, "commit");
    let out = run(&["gc", "--grace-period", "0s"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(8), "gc: {err}");
    assert!(
        err.contains("commit.lock") && err.contains("fuser"),
        "{err}"
    );
    drop(holder);
    let out = run(&["gc", "--grace-period", "0s"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let holder = Holder::take(root, "auth");
    let out = run(&["user", "add", "alice", "--password-stdin"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(8), "user add: {err}");
    assert!(err.contains("auth.lock"), "{err}");
    drop(holder);
    let out = run(&["user", "add", "alice", "--password-stdin"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
