//! Hostile and careless clients against a real server: chunks longer than their
//! `Content-Range`, manifests too large for the limit sent by clients that write
//! before they read, and caps on open upload sessions.

mod common;

use common::{digest, http, start_upload, TestServer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A body sent with `Transfer-Encoding: chunked` (no `Content-Length`), in pieces.
fn chunked(data: Vec<u8>) -> reqwest::Body {
    let pieces: Vec<Result<Vec<u8>, std::io::Error>> =
        data.chunks(7).map(|c| Ok(c.to_vec())).collect();
    reqwest::Body::wrap_stream(futures_util::stream::iter(pieces))
}

/// Bytes in a session, from its status.
async fn session_len(s: &TestServer, location: &str) -> u64 {
    let r = http().get(s.at(location)).send().await.expect("status");
    assert_eq!(r.status().as_u16(), 204);
    let range = r.headers()["range"].to_str().expect("range").to_string();
    let (_, end) = range.split_once('-').expect("a range");
    end.parse::<u64>().expect("range end") + 1
}

#[tokio::test]
async fn a_chunked_patch_longer_than_its_content_range_is_refused_and_nothing_past_it_stored() {
    let s = TestServer::start().await;
    let loc = start_upload(&s, "acme/app").await;
    let first = b"0123456789".to_vec();
    let r = http()
        .patch(s.at(&loc))
        .header("content-range", "0-9")
        .header("content-type", "application/octet-stream")
        .body(chunked(first.clone()))
        .send()
        .await
        .expect("patch");
    assert_eq!(r.status().as_u16(), 202);
    // Declares 10 bytes, sends 30.
    let r = http()
        .patch(s.at(&loc))
        .header("content-range", "10-19")
        .header("content-type", "application/octet-stream")
        .body(chunked(b"abcdefghij-and-twenty-more-xyz".to_vec()))
        .send()
        .await
        .expect("patch");
    assert_eq!(r.status().as_u16(), 416);
    assert_eq!(r.headers()["range"], "0-19");
    let body: serde_json::Value = r.json().await.expect("error body");
    assert_eq!(body["errors"][0]["code"], "BLOB_UPLOAD_INVALID");
    assert_eq!(session_len(&s, &loc).await, 20);
    // The session holds exactly the declared bytes: closing it under their digest works.
    let whole = b"0123456789abcdefghij";
    let r = http()
        .put(s.at(&format!("{loc}?digest={}", digest(whole))))
        .send()
        .await
        .expect("close");
    assert_eq!(r.status().as_u16(), 201);
}

#[tokio::test]
async fn a_closing_put_longer_than_its_content_range_is_refused() {
    let s = TestServer::start().await;
    let loc = start_upload(&s, "acme/app").await;
    let r = http()
        .put(s.at(&format!("{loc}?digest={}", digest(b"0123456789"))))
        .header("content-range", "0-4")
        .body(chunked(b"0123456789".to_vec()))
        .send()
        .await
        .expect("put");
    assert_eq!(r.status().as_u16(), 416);
    assert_eq!(session_len(&s, &loc).await, 5);
}

/// Writes a whole request (headers and body) before reading anything, then reads
/// the answer's status line.
async fn write_then_read(addr: &str, head: String, body_len: usize, chunked: bool) -> String {
    let mut conn = tokio::net::TcpStream::connect(addr).await.expect("connect");
    conn.write_all(head.as_bytes()).await.expect("head");
    let piece = vec![b' '; 64 * 1024];
    let mut left = body_len;
    while left > 0 {
        let n = left.min(piece.len());
        if chunked {
            let size = format!("{n:x}\r\n");
            conn.write_all(size.as_bytes()).await.expect("chunk size");
        }
        conn.write_all(&piece[..n])
            .await
            .expect("the server must take the whole body before answering");
        if chunked {
            conn.write_all(b"\r\n").await.expect("chunk end");
        }
        left -= n;
    }
    if chunked {
        conn.write_all(b"0\r\n\r\n").await.expect("last chunk");
    }
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    // Until the end of the headers (bounded by the read timeout).
    while !answer.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = tokio::time::timeout(std::time::Duration::from_secs(30), conn.read(&mut buf))
            .await
            .expect("an answer within 30 s")
            .expect("an answer, not a reset");
        assert!(n > 0, "connection closed without an answer");
        answer.extend_from_slice(&buf[..n]);
    }
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn a_too_large_manifest_gets_its_413_even_if_the_client_writes_everything_first() {
    let s = TestServer::start().await;
    let len = 5 * 1024 * 1024;
    for chunked in [false, true] {
        let framing = if chunked {
            "Transfer-Encoding: chunked".to_string()
        } else {
            format!("Content-Length: {len}")
        };
        let head = format!(
            "PUT /v2/acme/app/manifests/v1 HTTP/1.1\r\nHost: {}\r\nContent-Type: application/vnd.oci.image.manifest.v1+json\r\n{framing}\r\n\r\n",
            s.addr
        );
        let answer = write_then_read(&s.addr, head, len, chunked).await;
        assert!(
            answer.starts_with("HTTP/1.1 413"),
            "chunked={chunked}: {answer}"
        );
    }
}

fn client_from(from: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(from.parse::<std::net::IpAddr>().expect("address"))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

async fn open_session(c: &reqwest::Client, s: &TestServer, repo: &str) -> reqwest::Response {
    c.post(s.at(&format!("/v2/{repo}/blobs/uploads/")))
        .send()
        .await
        .expect("post")
}

async fn assert_capped(r: reqwest::Response, what: &str) {
    assert_eq!(r.status().as_u16(), 429);
    assert!(r.headers().contains_key("retry-after"));
    let body: serde_json::Value = r.json().await.expect("error body");
    assert_eq!(body["errors"][0]["code"], "TOOMANYREQUESTS");
    let msg = body["errors"][0]["message"].as_str().expect("message");
    assert!(msg.contains(what), "{msg}");
}

#[tokio::test]
async fn open_upload_sessions_are_capped_per_repository_and_per_caller() {
    let s = TestServer::start_with(registryctl::server::Options {
        limits: registryctl::server::Limits {
            max_uploads_per_repo: 3,
            max_uploads_per_user: 2,
            ..Default::default()
        },
        ..Default::default()
    })
    .await;
    let (one, two, three) = (
        client_from("127.0.0.1"),
        client_from("127.0.0.2"),
        client_from("127.0.0.3"),
    );
    // Anonymous callers are counted by address: two each.
    let first = open_session(&one, &s, "acme/a").await;
    assert_eq!(first.status().as_u16(), 202);
    let first = first.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(
        open_session(&one, &s, "acme/b").await.status().as_u16(),
        202
    );
    assert_capped(
        open_session(&one, &s, "acme/c").await,
        "--max-uploads-per-user",
    )
    .await;
    // A monolithic upload holds a place only while it runs.
    let d = digest(b"mono");
    let mono = two
        .post(s.at(&format!("/v2/acme/a/blobs/uploads/?digest={d}")))
        .body(&b"mono"[..])
        .send()
        .await
        .expect("post");
    assert_eq!(mono.status().as_u16(), 201);
    assert_eq!(
        open_session(&two, &s, "acme/a").await.status().as_u16(),
        202
    );
    assert_eq!(
        open_session(&two, &s, "acme/a").await.status().as_u16(),
        202
    );
    // acme/a has three now: full for everyone.
    assert_capped(
        open_session(&three, &s, "acme/a").await,
        "--max-uploads-per-repo",
    )
    .await;
    assert_eq!(
        open_session(&three, &s, "acme/c").await.status().as_u16(),
        202
    );
    // Cancelling (or closing) a session frees its places.
    let r = one.delete(s.at(&first)).send().await.expect("cancel");
    assert_eq!(r.status().as_u16(), 204);
    assert_eq!(
        open_session(&three, &s, "acme/a").await.status().as_u16(),
        202
    );
    assert_eq!(
        open_session(&one, &s, "acme/c").await.status().as_u16(),
        202
    );
    assert_eq!(common::upload_sessions(s.root()), 6);
}

#[tokio::test]
async fn idle_upload_sessions_expire_in_the_server_and_their_places_come_back() {
    let s = TestServer::start_with(registryctl::server::Options {
        limits: registryctl::server::Limits {
            max_uploads_per_repo: 1,
            upload_expiry: std::time::Duration::from_secs(1),
            ..Default::default()
        },
        ..Default::default()
    })
    .await;
    let loc = start_upload(&s, "acme/app").await;
    assert_capped(
        common::post(&s, "/v2/acme/app/blobs/uploads/").await,
        "--max-uploads-per-repo",
    )
    .await;
    common::eventually(20, || async { common::upload_sessions(s.root()) == 0 }).await;
    let r = http().get(s.at(&loc)).send().await.expect("status");
    assert_eq!(r.status().as_u16(), 404);
    common::eventually(10, || async {
        common::post(&s, "/v2/acme/app/blobs/uploads/")
            .await
            .status()
            .as_u16()
            == 202
    })
    .await;
    let metrics = common::get(&s, "/metrics")
        .await
        .text()
        .await
        .expect("metrics");
    assert!(
        metrics.contains("registryctl_upload_sessions_expired_total 1"),
        "{metrics}"
    );
}

/// Every path under `root` with its kind, size and modification time.
fn listing(root: &std::path::Path) -> Vec<(String, bool, u64, std::time::SystemTime)> {
    let mut out = Vec::new();
    let mut todo = vec![root.to_path_buf()];
    while let Some(dir) = todo.pop() {
        for e in std::fs::read_dir(&dir).expect("read_dir") {
            let e = e.expect("entry");
            let m = std::fs::symlink_metadata(e.path()).expect("metadata");
            let rel = e.path().strip_prefix(root).unwrap().display().to_string();
            out.push((rel, m.is_dir(), m.len(), m.modified().expect("mtime")));
            if m.is_dir() {
                todo.push(e.path());
            }
        }
    }
    out.sort();
    out
}

/// Sets the permission bits of everything under `root` (`root` included).
fn chmod_all(root: &std::path::Path, dirs: u32, files: u32) {
    use std::os::unix::fs::PermissionsExt;
    for (rel, is_dir, _, _) in listing(root) {
        let mode = if is_dir { dirs } else { files };
        std::fs::set_permissions(root.join(rel), std::fs::Permissions::from_mode(mode))
            .expect("chmod");
    }
    std::fs::set_permissions(root, std::fs::Permissions::from_mode(dirs)).expect("chmod");
}

#[test]
fn serve_read_only_never_writes_to_the_store() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    // A store with an image, a referrer's subject and an abandoned upload session.
    let (dir, m, session) = rt.block_on(async {
        let s = TestServer::start().await;
        let m = common::push_image(&s, "lib/x", "v1", b"cfg", &[b"layer"]).await;
        let session = start_upload(&s, "lib/x").await;
        (s.stop().await, m, session)
    });
    let root = dir.path().to_path_buf();
    // Idle for years: a writing server would expire it at once.
    for e in std::fs::read_dir(common::uploads_dir(&root)).expect("uploads") {
        let path = e.expect("entry").path();
        let st = std::process::Command::new("touch")
            .args(["-d", "2001-01-01"])
            .arg(path.join("data"))
            .arg(path.join("meta.json"))
            .status()
            .expect("touch");
        assert!(st.success());
    }
    let before = listing(&root);
    // Without write permission a write fails loudly (a 500); as root permissions
    // change nothing, and the listing comparison below is what proves it.
    let root_user = unsafe { libc::geteuid() } == 0;
    if !root_user {
        chmod_all(&root, 0o555, 0o444);
    }
    let addr = format!("127.0.0.1:{}", common::free_port());
    let log = dir.path().with_extension("log");
    let mut child = common::bin_command()
        .arg("--root")
        .arg(&root)
        .args([
            "serve",
            "--read-only",
            "--upload-expiry",
            "1s",
            "--listen",
            &addr,
        ])
        .stderr(std::fs::File::create(&log).expect("log"))
        .spawn()
        .expect("serve");
    let base = format!("http://{addr}");
    let layer = digest(b"layer");
    rt.block_on(async {
        common::eventually(20, || async {
            http()
                .get(format!("{base}/readyz"))
                .send()
                .await
                .is_ok_and(|r| r.status() == 200)
        })
        .await;
        let c = http();
        let accept = "application/vnd.oci.image.manifest.v1+json";
        let reads = [
            c.head(format!("{base}/v2/lib/x/blobs/{layer}")),
            c.get(format!("{base}/v2/lib/x/blobs/{layer}")),
            c.get(format!("{base}/v2/lib/x/blobs/{layer}"))
                .header("range", "bytes=1-2"),
            c.head(format!("{base}/v2/lib/x/manifests/v1"))
                .header("accept", accept),
            c.get(format!("{base}/v2/lib/x/manifests/v1"))
                .header("accept", accept),
            c.get(format!("{base}/v2/lib/x/manifests/{m}"))
                .header("accept", accept),
            c.get(format!("{base}/v2/lib/x/tags/list")),
            c.get(format!("{base}/v2/_catalog")),
            c.get(format!("{base}/v2/lib/x/referrers/{m}")),
            c.get(format!("{base}{session}")),
            c.get(format!("{base}/v2/")),
            c.get(format!("{base}/metrics")),
        ];
        for r in reads {
            let r = r.send().await.expect("request");
            assert!(r.status().is_success(), "{} {}", r.url(), r.status());
        }
        // A sweep of the sessions ran (and counted the idle one) without removing it.
        common::eventually(10, || async {
            let m = c
                .get(format!("{base}/metrics"))
                .send()
                .await
                .expect("metrics");
            m.text()
                .await
                .expect("text")
                .contains("registryctl_upload_sessions_open 1")
        })
        .await;
    });
    let pid = libc::pid_t::try_from(child.id()).expect("pid");
    // SAFETY: kill(2) on our own child's pid.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    assert!(child.wait().expect("wait").success());
    if !root_user {
        chmod_all(&root, 0o755, 0o644);
    }
    let after = listing(&root);
    let changed: Vec<_> = after.iter().filter(|e| !before.contains(e)).collect();
    let gone: Vec<_> = before.iter().filter(|e| !after.contains(e)).collect();
    assert!(
        changed.is_empty() && gone.is_empty(),
        "the read-only server changed the store: new or changed {changed:?}, gone {gone:?}"
    );
    let text = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(!text.contains("internal error"), "{text}");
}

/// `registryctl serve` on a 2 MiB tmpfs of its own (a user and mount namespace, so no
/// root is needed where unprivileged user namespaces are allowed); `None` if this
/// machine cannot make one.
fn serve_on_small_tmpfs(dir: &std::path::Path, addr: &str) -> Option<std::process::Child> {
    let probe = std::process::Command::new("unshare")
        .args([
            "-rm",
            "sh",
            "-c",
            "mount -t tmpfs -o size=1m tmpfs \"$0\"",
            dir.to_str()?,
        ])
        .status()
        .ok()?;
    if !probe.success() {
        return None;
    }
    let proto = common::bin_command();
    let mut cmd = std::process::Command::new("unshare");
    for (k, v) in proto.get_envs() {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    cmd.args(["-rm", "sh", "-c"])
        .arg("mount -t tmpfs -o size=2m tmpfs \"$0\" && exec \"$1\" --root \"$0\" serve --listen \"$2\"")
        .arg(dir)
        .arg(proto.get_program())
        .arg(addr)
        .stderr(std::process::Stdio::null());
    cmd.spawn().ok()
}

#[test]
fn a_full_disk_answers_507_with_a_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("store");
    std::fs::create_dir(&root).expect("mkdir");
    let addr = format!("127.0.0.1:{}", common::free_port());
    let Some(mut child) = serve_on_small_tmpfs(&root, &addr) else {
        // The mapping itself is tested in-process (server::error's unit test).
        println!("SKIPPED a_full_disk_answers_507_with_a_message: unshare -rm (user namespaces) is not available here");
        return;
    };
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let base = format!("http://{addr}");
        common::eventually(20, || async {
            http().get(format!("{base}/v2/")).send().await.is_ok()
        })
        .await;
        let big = vec![7u8; 4 * 1024 * 1024];
        let r = http()
            .post(format!(
                "{base}/v2/acme/app/blobs/uploads/?digest={}",
                digest(&big)
            ))
            .body(big)
            .send()
            .await
            .expect("post");
        assert_eq!(r.status().as_u16(), 507);
        let body: serde_json::Value = r.json().await.expect("error body");
        let msg = body["errors"][0]["message"].as_str().expect("message");
        assert!(msg.contains("storage is full"), "{msg}");
        // The server still answers (and pulls still work).
        let r = http()
            .get(format!("{base}/v2/"))
            .send()
            .await
            .expect("base");
        assert_eq!(r.status().as_u16(), 200);
    });
    let _ = child.kill();
    let _ = child.wait();
}
