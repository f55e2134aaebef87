//! The hostile load of `tests/slow_clients.rs` against a running registry, for
//! `scripts/slow-clients.sh`: stuck downloads, zero-window HTTP/2 streams, trickled
//! uploads and headers, and meanwhile one well-behaved client whose latencies are
//! reported, with the server's memory when its PID is given.
//!
//! ```sh
//! cargo run --release --example slow_clients -- ADDR [PID] [SECONDS] [DOWNLOADS]
//! ```
//! ADDR is `127.0.0.1:PORT` (loopback only); SECONDS (default 10) is how long the
//! well-behaved client runs; DOWNLOADS (default 1000) the stuck downloads.

#[path = "../tests/slow_load/mod.rs"]
mod slow_load;

use std::time::{Duration, Instant};

use slow_load::{self as load, Plan, Trickle};

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(addr) = args.first().cloned() else {
        eprintln!("usage: slow_clients ADDR [PID] [SECONDS] [DOWNLOADS]");
        std::process::exit(2);
    };
    let ip: std::net::SocketAddr = addr.parse().unwrap_or_else(|e| {
        eprintln!("ADDR {addr:?}: {e}");
        std::process::exit(2);
    });
    if !ip.ip().is_loopback() {
        eprintln!("ADDR must be a loopback address");
        std::process::exit(2);
    }
    let pid: Option<u32> = args.get(1).and_then(|p| p.parse().ok());
    let secs: u64 = args.get(2).and_then(|p| p.parse().ok()).unwrap_or(10);
    let downloads: usize = args.get(3).and_then(|p| p.parse().ok()).unwrap_or(1000);
    let plan = Plan {
        downloads,
        h2_streams: 100,
        uploads: 200,
        header_tricklers: 200,
    };
    let nofile = load::raise_nofile();
    eprintln!("open-files limit {nofile}; plan {plan:?}");
    let base = format!("http://{addr}");
    let limit = Duration::from_secs(5);
    let hard_stop = Instant::now() + Duration::from_secs(secs + 120);

    // Unloaded first, for comparison.
    let fx = load::setup(&base, 16).await;
    let idle = load::well_behaved(
        &base,
        &fx,
        100_000,
        Instant::now() + Duration::from_secs(3),
        limit,
    )
    .await;
    let sessions = load::upload_sessions(&base, &fx.repo, plan.uploads).await;
    let before = pid.map(load::mem);

    let started = Instant::now();
    let stuck = load::stuck_downloads(&addr, &fx.layer_path(), plan.downloads).await;
    let h2 = load::zero_window(&addr, &fx.layer_path(), plan.h2_streams, limit).await;
    let h2_heads = h2.statuses.len();
    let uploads = load::trickled_uploads(&addr, &sessions).await;
    let uploads = Trickle::start(uploads, Duration::from_secs(1), hard_stop);
    let headers = load::trickled_headers(&addr, plan.header_tricklers).await;
    let headers = Trickle::start(headers, Duration::from_secs(1), hard_stop);
    eprintln!("hostile clients in place after {:.1?}", started.elapsed());
    let open = load::metric(&base, "registryctl_http_requests_open").await;
    let conns = load::metric(&base, "registryctl_http_connections").await;

    let loaded = load::well_behaved(
        &base,
        &fx,
        100_000,
        Instant::now() + Duration::from_secs(secs),
        limit,
    )
    .await;
    let during = pid.map(load::mem);
    let up_closed = uploads.finish().await;
    let hdr_closed = headers.finish().await;
    drop(stuck);
    drop(h2);

    println!("plan: {plan:?}; HTTP/2 response heads received: {h2_heads}");
    println!("server: connections {conns:?}, requests open {open:?}");
    println!(
        "== well-behaved client, no hostile load ==\n{}",
        idle.summary()
    );
    println!(
        "== well-behaved client, under hostile load ({secs} s) ==\n{}",
        loaded.summary()
    );
    println!(
        "p99 per request: {:.2?} unloaded, {:.2?} loaded; failures {}",
        load::quantile(&idle.requests, 0.99),
        load::quantile(&loaded.requests, 0.99),
        loaded.failures.len()
    );
    for f in loaded.failures.iter().take(10) {
        println!("  failure: {f}");
    }
    println!(
        "trickled uploads closed by the server: {up_closed}; header tricklers closed: {hdr_closed}"
    );
    if let (Some(b), Some(d)) = (before, during) {
        println!("server memory before load: {b}\nserver memory under load: {d}");
    }
    if !loaded.failures.is_empty() {
        std::process::exit(1);
    }
}
