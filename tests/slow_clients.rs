//! `serve` against slow and hostile clients (the real binary on loopback): clients that
//! stop reading or trickle their bytes hold no thread, so everyone else is still
//! served; the header and idle timeouts close them; beyond the request cap requests
//! get `429 TOOMANYREQUESTS` at once. Latencies are printed, never asserted: each
//! well-behaved request must succeed within a generous bound instead.

mod common;
mod slow_load;

use std::time::{Duration, Instant};

use slow_load::{self as load, Plan, Trickle};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The bound on each well-behaved request: far above its normal latency, far below
/// the time a request stuck behind hostile clients would wait.
const LIMIT: Duration = Duration::from_secs(5);

/// The bound on setting up the hostile load (its HTTP/2 streams' response heads, its
/// requests all being served). Not a latency claim: on a loaded 2-core machine 100
/// heads after 1,000 stuck downloads once took longer than [`LIMIT`].
const SETUP: Duration = Duration::from_secs(20);

/// Size of the blob the stuck clients GET: far more than socket buffers hold.
const LAYER_MIB: usize = 16;

async fn start(args: &'static [&'static str]) -> common::BinServer {
    tokio::task::spawn_blocking(move || common::BinServer::start(args, &[]))
        .await
        .expect("start server")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn well_behaved_clients_are_served_while_hostile_ones_hang_on() {
    let nofile = load::raise_nofile();
    let mut plan = Plan {
        downloads: 1000,
        h2_streams: 100,
        uploads: 200,
        header_tricklers: 200,
    };
    // The server needs two descriptors per stuck download (socket and blob), this
    // process one; keep 800 for the rest of both.
    let budget = usize::try_from(nofile)
        .unwrap_or(usize::MAX)
        .saturating_sub(800)
        / 2;
    if plan.downloads > budget {
        println!("open-files limit {nofile}: {budget} stuck downloads instead of 1000");
        plan.downloads = budget;
    }
    // The request cap is raised above what the hostile clients hold (1,300 requests
    // against the default 1,024), and so are the upload-session caps (200 trickled
    // uploads from one anonymous address against 100 per caller): this test shows
    // that they hold no thread; the caps have their own tests.
    let s = start(&["--max-requests", "4096", "--max-uploads-per-user", "1000"]).await;
    let base = format!("http://{}", s.addr);
    let pid = s.child.id();
    let fx = load::setup(&base, LAYER_MIB).await;
    let sessions = load::upload_sessions(&base, &fx.repo, plan.uploads).await;
    let before = load::mem(pid);
    let hard_stop = Instant::now() + Duration::from_secs(75);

    let downloads = load::stuck_downloads(&s.addr, &fx.layer_path(), plan.downloads).await;
    let h2 = load::zero_window(&s.addr, &fx.layer_path(), plan.h2_streams, SETUP).await;
    assert_eq!(h2.statuses.len(), plan.h2_streams, "HTTP/2 response heads");
    assert!(h2.statuses.iter().all(|&st| st == 200), "{:?}", h2.statuses);
    let uploads = load::trickled_uploads(&s.addr, &sessions).await;
    let uploads = Trickle::start(uploads, Duration::from_secs(1), hard_stop);
    let headers = load::trickled_headers(&s.addr, plan.header_tricklers).await;
    let headers = Trickle::start(headers, Duration::from_secs(1), hard_stop);

    // Every hostile request is being served (none is waiting in a queue).
    let want = plan.requests() as f64;
    let wait_until = Instant::now() + SETUP;
    let mut open = None;
    while Instant::now() < wait_until {
        open = load::metric(&base, "registryctl_http_requests_open").await;
        if open.is_some_and(|n| n >= want) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        open.is_some_and(|n| n >= want),
        "the server holds {open:?} requests, not the {want} hostile ones"
    );
    let conns = load::metric(&base, "registryctl_http_connections").await;

    let report = load::well_behaved(
        &base,
        &fx,
        500,
        Instant::now() + Duration::from_secs(5),
        LIMIT,
    )
    .await;
    let during = load::mem(pid);
    println!(
        "hostile: {} stuck downloads, {} zero-window HTTP/2 streams, {} trickled uploads, {} trickled headers; server connections {conns:?}, requests open {open:?}",
        plan.downloads, plan.h2_streams, plan.uploads, plan.header_tricklers
    );
    println!("well-behaved client meanwhile:\n{}", report.summary());
    println!(
        "p99 of each well-behaved request: {:.2?} (issue 12's target: < 100 ms)",
        load::quantile(&report.requests, 0.99)
    );
    println!("server memory before: {before}\nserver memory under load: {during}");

    assert!(
        report.failures.is_empty(),
        "failures: {:#?}",
        report.failures
    );
    assert!(
        report.manifest_get.len() >= 3,
        "too few rounds: {:?}",
        report.manifest_get
    );
    assert!(!report.push.is_empty() && !report.head.is_empty() && !report.readyz.is_empty());
    // The trickled uploads make progress: none timed out meanwhile.
    assert_eq!(uploads.finish().await, 0, "trickled uploads were cut off");
    let closed = headers.finish().await;
    println!("header tricklers closed by the header timeout (10 s) so far: {closed}");
    // Heap and stacks stay small: no thread or buffer per hostile client beyond a few
    // KiB (mapped blob pieces are page cache, counted apart as file memory).
    let grown = during.anon.saturating_sub(before.anon);
    assert!(
        grown < 512 * 1024,
        "anonymous memory grew by {} MiB",
        grown / 1024
    );
    drop(downloads);
    drop(h2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_headers_idle_bodies_and_stalled_responses_are_cut_off() {
    let s = start(&["--header-timeout", "1s", "--idle-timeout", "2s"]).await;
    let base = format!("http://{}", s.addr);
    let fx = load::setup(&base, LAYER_MIB).await;

    // Headers a byte every 200 ms: closed at the header timeout, without a request.
    let conn = tokio::net::TcpStream::connect(&s.addr).await.unwrap();
    let (mut rd, mut wr) = conn.into_split();
    let trickling = tokio::spawn(async move {
        let _ = wr.write_all(b"GET /v2/ HTTP/1.1\r\nX-Slow: ").await;
        for _ in 0..50 {
            if wr.write_all(b"a").await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    });
    let started = Instant::now();
    let mut buf = [0u8; 1024];
    let read = tokio::time::timeout(Duration::from_secs(8), rd.read(&mut buf)).await;
    assert!(
        matches!(read, Ok(Ok(0)) | Ok(Err(_))),
        "a header trickler was not closed: {read:?}"
    );
    assert!(
        started.elapsed() >= Duration::from_millis(500),
        "closed before the header timeout"
    );
    trickling.abort();

    // A connection that never sends a request: closed too.
    let mut silent = tokio::net::TcpStream::connect(&s.addr).await.unwrap();
    let read = tokio::time::timeout(Duration::from_secs(8), silent.read(&mut buf)).await;
    assert!(
        matches!(read, Ok(Ok(0)) | Ok(Err(_))),
        "a silent connection stayed open: {read:?}"
    );

    // An upload body that stops: the request fails with BLOB_UPLOAD_INVALID.
    let location = load::client()
        .post(format!("{base}/v2/{}/blobs/uploads/", fx.repo))
        .send()
        .await
        .unwrap()
        .headers()["location"]
        .to_str()
        .unwrap()
        .to_string();
    let path = location
        .strip_prefix(&base)
        .unwrap_or(&location)
        .to_string();
    let mut conn = tokio::net::TcpStream::connect(&s.addr).await.unwrap();
    let head = format!(
        "PATCH {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: 100\r\n\r\n0123456789"
    );
    conn.write_all(head.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), conn.read_to_end(&mut answer)).await;
    let text = String::from_utf8_lossy(&answer);
    assert!(read.is_ok(), "no answer to a stalled upload");
    assert!(text.starts_with("HTTP/1.1 400"), "{text}");
    assert!(text.contains("BLOB_UPLOAD_INVALID"), "{text}");
    // The bytes that did arrive are kept: the session can be resumed after them.
    let r = load::client()
        .get(load::absolute(&base, &location))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    assert_eq!(r.headers()["range"], "0-9");

    // A download the client stops reading: the connection is closed before the
    // body is complete (reading it all afterwards gets less than the blob).
    let mut stuck = load::stuck_downloads(&s.addr, &fx.layer_path(), 1).await;
    // The idle timeout under test has to pass while the client does nothing.
    tokio::time::sleep(Duration::from_secs(4)).await;
    let mut got = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), stuck[0].read_to_end(&mut got)).await;
    assert!(read.is_ok(), "the stalled download was not closed");
    assert!(
        got.len() < fx.layer_len,
        "the whole blob arrived: {} bytes",
        got.len()
    );

    // HTTP/2 streams with no window: the connection is closed.
    let h2 = load::zero_window(&s.addr, &fx.layer_path(), 10, LIMIT).await;
    assert_eq!(h2.statuses.len(), 10);
    let closed = tokio::time::timeout(Duration::from_secs(10), h2.closed).await;
    assert!(
        closed.is_ok(),
        "the zero-window HTTP/2 connection stayed open"
    );

    for kind in ["header", "idle_body", "stalled_response"] {
        let text = load::client()
            .get(format!("{base}/metrics"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let line = format!("registryctl_http_timeouts_total{{kind=\"{kind}\"}} ");
        let n: u64 = text
            .lines()
            .find_map(|l| l.strip_prefix(&line))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        assert!(n >= 1, "no {kind} timeout counted:\n{text}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn beyond_the_request_cap_requests_get_429_with_retry_after() {
    let s = start(&["--max-requests", "4"]).await;
    let base = format!("http://{}", s.addr);
    let c = load::client();
    // Four uploads in flight hold the four places.
    let sessions = load::upload_sessions(&base, "cap/app", 4).await;
    let held = load::trickled_uploads(&s.addr, &sessions).await;
    let held = Trickle::start(
        held,
        Duration::from_millis(300),
        Instant::now() + Duration::from_secs(30),
    );
    let r = get_until(&c, &format!("{base}/v2/"), 429).await;
    assert_eq!(r.status(), 429);
    assert_eq!(r.headers()["retry-after"], "1");
    common::assert_error(r, 429, "TOOMANYREQUESTS").await;

    // The probes have a reserve of their own.
    let r = c.get(format!("{base}/readyz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let rejected = load::metric(&base, "registryctl_http_rejected_total").await;
    assert!(rejected.is_some_and(|n| n >= 1.0), "{rejected:?}");

    // Once the uploads are gone, requests are served again.
    held.finish().await;
    let r = get_until(&c, &format!("{base}/v2/"), 200).await;
    assert_eq!(r.status(), 200);
}

/// GETs `url` until the answer has `status` (for at most 10 s); the last answer.
async fn get_until(c: &reqwest::Client, url: &str, status: u16) -> reqwest::Response {
    let wait_until = Instant::now() + Duration::from_secs(10);
    let mut r = c.get(url).send().await.unwrap();
    while r.status() != status && Instant::now() < wait_until {
        tokio::time::sleep(Duration::from_millis(50)).await;
        r = c.get(url).send().await.unwrap();
    }
    r
}
