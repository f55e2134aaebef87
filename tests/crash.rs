//! Crash safety of uploads: a body cut off mid-stream leaves nothing visible under its
//! digest, and the session can be resumed (also after a restart) or cancelled.

mod common;

use common::*;

/// Sends a request whose body is shorter than its `Content-Length`, then closes the
/// connection: what a client or network failure mid-upload looks like to the server.
async fn cut_off(addr: &str, method: &str, path: &str, declared: usize, sent: &[u8]) {
    use tokio::io::AsyncWriteExt;
    let mut conn = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: {declared}\r\n\r\n"
    );
    conn.write_all(head.as_bytes()).await.expect("head");
    conn.write_all(sent).await.expect("body");
    conn.flush().await.expect("flush");
    // The server still reads what was sent, then sees the end of the stream; callers
    // wait for the session to hold it (`wait_for_offset`).
    drop(conn);
}

/// A monolithic `POST ?digest=` of `data` to acme/app, cut off after `sent` bytes.
async fn cut_off_post(s: &TestServer, data: &[u8], sent: usize) {
    let d = digest(data);
    cut_off(
        &s.addr,
        "POST",
        &format!("/v2/acme/app/blobs/uploads/?digest={d}"),
        data.len(),
        &data[..sent],
    )
    .await;
}

fn content(n: usize) -> Vec<u8> {
    (0..n).map(|i| (i * 7 % 256) as u8).collect()
}

async fn wait_for_offset(s: &TestServer, loc: &str, expected: usize) {
    // The server notices the disconnect asynchronously; poll the session status.
    let want = format!("0-{}", expected - 1);
    eventually(10, || async {
        let r = get(s, loc).await;
        assert_eq!(r.status(), 204);
        r.headers().get("range").is_some_and(|v| v == want.as_str())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cut_off_put_is_invisible_and_resumable() {
    let s = TestServer::start().await;
    let data = content(3_000_000);
    let d = digest(&data);
    let loc = start_upload(&s, "acme/app").await;

    cut_off(
        &s.addr,
        "PUT",
        &format!("{loc}?digest={d}"),
        data.len(),
        &data[..1_000_000],
    )
    .await;
    let r = head(&s, &format!("/v2/acme/app/blobs/{d}")).await;
    assert_eq!(r.status(), 404, "a cut-off upload must not be visible");
    assert!(!store_path(s.root(), &paths::blob_data(&d)).exists());
    wait_for_offset(&s, &loc, 1_000_000).await;

    // Resume with the rest.
    let r = http()
        .patch(s.at(&loc))
        .header("content-range", format!("1000000-{}", data.len() - 1))
        .body(data[1_000_000..].to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202);
    let r = http()
        .put(s.at(&format!("{loc}?digest={d}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    assert_blob_body(&s, "acme/app", &d, &data).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cut_off_monolithic_post_is_invisible_and_cancellable() {
    let s = TestServer::start().await;
    let data = content(2_000_000);
    let d = digest(&data);
    cut_off_post(&s, &data, 500_000).await;
    let r = head(&s, &format!("/v2/acme/app/blobs/{d}")).await;
    assert_eq!(r.status(), 404);
    // The partial session is on disk, and can be cancelled.
    eventually(10, || async { upload_sessions(s.root()) == 1 }).await;
    let sessions: Vec<_> = std::fs::read_dir(uploads_dir(s.root())).unwrap().collect();
    assert_eq!(sessions.len(), 1);
    let id = sessions[0]
        .as_ref()
        .unwrap()
        .file_name()
        .into_string()
        .unwrap();
    let loc = format!("/v2/acme/app/blobs/uploads/{id}");
    wait_for_offset(&s, &loc, 500_000).await;
    let r = delete(&s, &loc).await;
    assert_eq!(r.status(), 204);
    assert_eq!(upload_sessions(s.root()), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn session_survives_a_restart() {
    let s = TestServer::start().await;
    let data = content(1_500_000);
    let d = digest(&data);
    let loc = start_upload(&s, "acme/app").await;
    let r = http()
        .patch(s.at(&loc))
        .header("content-range", "0-499999")
        .body(data[..500_000].to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202);
    // A new process on the same store has no cached hash state: it rebuilds it.
    let dir = s.stop().await;
    let s = TestServer::start_in(dir).await;
    wait_for_offset(&s, &loc, 500_000).await;
    let r = http()
        .put(s.at(&format!("{loc}?digest={d}")))
        .header("content-range", format!("500000-{}", data.len() - 1))
        .body(data[500_000..].to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    assert_blob_body(&s, "acme/app", &d, &data).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staging_leaves_no_partial_files_under_final_names() {
    // Every blob file in the content store hashes to its name, whatever was cut off.
    let s = TestServer::start().await;
    for i in 0..5usize {
        let data = content(200_000 + i);
        cut_off_post(&s, &data, 100_000).await;
        push_blob(&s, "acme/app", &content(1000 + i)).await;
    }
    // Check once the server has written every cut-off body it received.
    eventually(10, || async { upload_sessions(s.root()) == 5 }).await;
    for e in std::fs::read_dir(uploads_dir(s.root())).unwrap() {
        let id = e.unwrap().file_name().into_string().unwrap();
        wait_for_offset(&s, &format!("/v2/acme/app/blobs/uploads/{id}"), 100_000).await;
    }
    let (blobs, strays) = s.store.all_blobs().unwrap();
    assert!(strays.is_empty());
    assert_eq!(blobs.len(), 5);
    for b in blobs {
        let bytes = s.store.read_blob_data(&b.digest).unwrap().unwrap();
        assert_eq!(digest(&bytes), b.digest);
    }
}
