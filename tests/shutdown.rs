//! SIGTERM stops accepting connections, lets the request in flight finish and exits 0.

mod common;

use std::time::Duration;

use bytes::Bytes;
use registryctl::oci::RepoName;
use registryctl::storage::Store;

#[test]
fn sigterm_finishes_an_upload_in_flight_then_exits_0() {
    let mut s = common::BinServer::start(&["--shutdown-timeout", "30s"], &[]);
    let base = format!("http://{}", s.addr);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let data: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
    let d = common::digest(&data);
    rt.block_on(async {
        let c = common::http();
        let r = c
            .post(format!("{base}/v2/slow/app/blobs/uploads/"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 202);
        let location = r.headers()["location"].to_str().unwrap().to_string();
        let url = if location.starts_with('/') {
            format!("{base}{location}")
        } else {
            location
        };
        let sep = if url.contains('?') { '&' } else { '?' };

        // A slow, chunked PUT that closes the session: half now, half after SIGTERM.
        let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
        let body = common::channel_body(rx);
        let put = tokio::spawn(
            c.put(format!("{url}{sep}digest={d}"))
                .header("content-type", "application/octet-stream")
                .body(body)
                .send(),
        );
        let (first, second) = data.split_at(data.len() / 2);
        for chunk in first.chunks(100_000) {
            tx.send(Ok(Bytes::copy_from_slice(chunk))).await.unwrap();
        }
        // Paces the body: the server has half of it when the signal comes.
        tokio::time::sleep(Duration::from_millis(200)).await;

        s.signal(libc::SIGTERM);
        common::eventually(10, || async { s.log_text().contains("shutdown requested") }).await;
        // Still running (the upload is in flight) but no longer accepting.
        assert!(s.child.try_wait().unwrap().is_none(), "exited too early");
        let refused = tokio::time::timeout(
            Duration::from_secs(2),
            common::http().get(format!("{base}/v2/")).send(),
        )
        .await;
        assert!(
            !matches!(refused, Ok(Ok(_))),
            "a new request was served after SIGTERM"
        );

        for chunk in second.chunks(100_000) {
            tx.send(Ok(Bytes::copy_from_slice(chunk))).await.unwrap();
            // Paces the body: a slow client finishing during the shutdown.
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        drop(tx);
        let r = put.await.unwrap().unwrap();
        assert_eq!(r.status(), 201, "{}", r.text().await.unwrap_or_default());
    });
    let status = s.wait_exit(20);
    assert_eq!(status.code(), Some(0), "log:\n{}", s.log_text());
    let log = s.log_text();
    assert!(log.contains("shutdown requested"), "{log}");
    assert!(log.contains("registry stopped"), "{log}");
    // stderr is not a terminal here: no colour codes.
    assert!(!log.contains('\x1b'), "{log}");

    // The blob is in the store, whole.
    let store = Store::open_or_create(&s.root).unwrap();
    let repo = RepoName::parse("slow/app").unwrap();
    assert_eq!(store.blob_size(&repo, &d).unwrap(), Some(data.len() as u64));
}

#[test]
fn sighup_without_tls_does_not_stop_the_server() {
    let mut s = common::BinServer::start(&[], &[]);
    s.signal(libc::SIGHUP);
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !s.log_text().contains("nothing to reload") {
        assert!(
            std::time::Instant::now() < deadline,
            "SIGHUP was not handled"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        s.child.try_wait().unwrap().is_none(),
        "SIGHUP killed the server"
    );
    assert!(std::net::TcpStream::connect(&s.addr).is_ok());
    assert!(s.log_text().contains("nothing to reload"));
    s.signal(libc::SIGTERM);
    assert_eq!(s.wait_exit(10).code(), Some(0));
}

#[test]
fn an_idle_server_exits_0_at_once_on_sigterm_and_sigint() {
    for sig in [libc::SIGTERM, libc::SIGINT] {
        // With nothing in flight the server must not wait out its shutdown timeout:
        // a long one makes "at once" distinguishable from "after the timeout" on a
        // loaded machine without timing anything finely.
        // `wait_exit` fails the test if it takes longer than half that timeout.
        let mut s = common::BinServer::start(&["--shutdown-timeout", "120s"], &[]);
        s.signal(sig);
        let status = s.wait_exit(60);
        assert_eq!(status.code(), Some(0), "log:\n{}", s.log_text());
    }
}

#[test]
fn shutdown_timeout_bounds_a_stuck_request() {
    let mut s = common::BinServer::start(&["--shutdown-timeout", "500ms"], &[]);
    let base = format!("http://{}", s.addr);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let tx = start_stuck_upload(&base).await;
        let started = std::time::Instant::now();
        s.signal(libc::SIGTERM);
        // The client never finishes; the server gives up after the timeout.
        let status = tokio::task::spawn_blocking(move || {
            let st = s.wait_exit(10);
            (st, s)
        })
        .await
        .unwrap();
        assert_eq!(status.0.code(), Some(0));
        let waited = started.elapsed();
        assert!(waited >= Duration::from_millis(400), "{waited:?}");
        assert!(waited < Duration::from_secs(5), "{waited:?}");
        assert!(status.1.log_text().contains("shutdown timeout"));
        drop(tx);
    });
}

/// A receiver as a stream of body chunks.
#[test]
fn a_second_signal_exits_at_once() {
    let mut s = common::BinServer::start(&["--shutdown-timeout", "60s"], &[]);
    let base = format!("http://{}", s.addr);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let tx = start_stuck_upload(&base).await;
        s.signal(libc::SIGTERM);
        common::eventually(10, || async { s.log_text().contains("shutdown requested") }).await;
        assert!(
            s.child.try_wait().unwrap().is_none(),
            "exited before the second signal"
        );
        s.signal(libc::SIGINT);
        let st = tokio::task::spawn_blocking(move || s.wait_exit(5))
            .await
            .unwrap();
        assert_eq!(st.code(), Some(1));
        drop(tx);
    });
}

/// Starts a monolithic upload whose body never ends (until the sender is dropped)
/// and waits until the server is receiving it.
async fn start_stuck_upload(base: &str) -> Chunks {
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(1);
    tokio::spawn(
        common::http()
            .post(format!(
                "{base}/v2/stuck/blobs/uploads/?digest={}",
                common::digest(b"x")
            ))
            .body(common::channel_body(rx))
            .send(),
    );
    tx.send(Ok(Bytes::from_static(b"partial"))).await.unwrap();
    // No store to look at from here: give the server a moment to take the request in
    // (the tests then only need it to be in flight, which it is from here on).
    tokio::time::sleep(Duration::from_millis(200)).await;
    tx
}

/// The sending side of a streamed request body.
type Chunks = tokio::sync::mpsc::Sender<Result<Bytes, std::io::Error>>;
