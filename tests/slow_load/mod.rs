//! Hostile and well-behaved clients for `tests/slow_clients.rs` and the benchmark
//! driver `examples/slow_clients.rs` (run by `scripts/slow-clients.sh`): connections
//! that start a blob GET and never read, HTTP/2 streams with a zero window, uploads
//! and request headers trickled a byte at a time, and one client that pulls, pushes
//! and HEADs meanwhile and records its latencies. Every loop here is bounded by a
//! count or a deadline, and every connection goes to the address it is given
//! (loopback only, in the tests and the script).
#![allow(dead_code)]

use std::time::{Duration, Instant};

use registryctl::oci::Digest;
use serde_json::json;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

/// How many hostile clients of each kind.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// Connections that GET the big blob and never read.
    pub downloads: usize,
    /// Streams of one HTTP/2 connection with a zero window, each GETting the blob.
    pub h2_streams: usize,
    /// Upload PATCHes whose body arrives a byte at a time.
    pub uploads: usize,
    /// Connections whose request headers arrive a byte at a time.
    pub header_tricklers: usize,
}

impl Plan {
    /// Requests the server holds in flight once the plan is in place (header
    /// tricklers have not made a request yet).
    pub fn requests(&self) -> usize {
        self.downloads + self.h2_streams + self.uploads
    }

    /// Client sockets the plan opens.
    pub fn sockets(&self) -> usize {
        self.downloads + 1 + self.uploads + self.header_tricklers
    }
}

/// What the clients pull: an image whose layer is big enough that a client that
/// does not read cannot take it all into socket buffers.
pub struct Fixture {
    /// Repository of the image.
    pub repo: String,
    /// Its tag.
    pub tag: String,
    /// The config blob (reused by every pushed manifest).
    pub config: Vec<u8>,
    /// The big layer's digest.
    pub layer: Digest,
    /// The big layer's size.
    pub layer_len: usize,
}

impl Fixture {
    /// Path of the big layer.
    pub fn layer_path(&self) -> String {
        format!("/v2/{}/blobs/{}", self.repo, self.layer)
    }
}

/// A client without redirects or proxies, with a bound on every request.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client")
}

fn ok(r: &reqwest::Response, what: &str) -> Result<(), String> {
    if r.status().is_success() {
        Ok(())
    } else {
        Err(format!("{what}: status {}", r.status()))
    }
}

/// `location` resolved against `base`.
pub fn absolute(base: &str, location: &str) -> String {
    if location.starts_with('/') {
        format!("{base}{location}")
    } else {
        location.to_string()
    }
}

/// `POST` + `PUT ?digest=`: one blob, monolithic in the closing PUT.
pub async fn push_blob(
    c: &reqwest::Client,
    base: &str,
    repo: &str,
    data: &[u8],
) -> Result<Digest, String> {
    let d = Digest::sha256_of(data);
    let r = c
        .post(format!("{base}/v2/{repo}/blobs/uploads/"))
        .send()
        .await
        .map_err(|e| format!("POST upload: {e}"))?;
    ok(&r, "POST upload")?;
    let location = r
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .ok_or("POST upload: no Location")?
        .to_string();
    let url = absolute(base, &location);
    let sep = if url.contains('?') { '&' } else { '?' };
    let r = c
        .put(format!("{url}{sep}digest={d}"))
        .header("content-type", "application/octet-stream")
        .body(data.to_vec())
        .send()
        .await
        .map_err(|e| format!("PUT upload: {e}"))?;
    ok(&r, "PUT upload")?;
    Ok(d)
}

fn manifest(config: &[u8], layer: &Digest, layer_len: usize) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                   "digest": Digest::sha256_of(config).to_string(), "size": config.len()},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar",
                    "digest": layer.to_string(), "size": layer_len}],
    }))
    .expect("json")
}

async fn put_manifest(
    c: &reqwest::Client,
    base: &str,
    repo: &str,
    tag: &str,
    body: Vec<u8>,
) -> Result<(), String> {
    let r = c
        .put(format!("{base}/v2/{repo}/manifests/{tag}"))
        .header("content-type", "application/vnd.oci.image.manifest.v1+json")
        .body(body)
        .send()
        .await
        .map_err(|e| format!("PUT manifest: {e}"))?;
    ok(&r, "PUT manifest")
}

/// Pushes the image the clients pull: a `layer_mib` MiB layer, tagged `big`.
pub async fn setup(base: &str, layer_mib: usize) -> Fixture {
    let c = client();
    let repo = "slow/app".to_string();
    let layer: Vec<u8> = (0..layer_mib * 1024 * 1024)
        .map(|i| (i % 251) as u8 ^ (i >> 20) as u8)
        .collect();
    let config = br#"{"architecture":"amd64","os":"linux"}"#.to_vec();
    push_blob(&c, base, &repo, &config)
        .await
        .expect("push config");
    let d = push_blob(&c, base, &repo, &layer)
        .await
        .expect("push layer");
    put_manifest(&c, base, &repo, "big", manifest(&config, &d, layer.len()))
        .await
        .expect("push manifest");
    Fixture {
        repo,
        tag: "big".into(),
        config,
        layer: d,
        layer_len: layer.len(),
    }
}

/// Opens connections in batches (so as not to overflow the listen backlog).
async fn connect_many(addr: &str, n: usize) -> Vec<TcpStream> {
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let batch = (n - out.len()).min(100);
        let conns =
            futures_util::future::join_all((0..batch).map(|_| TcpStream::connect(addr))).await;
        for c in conns {
            out.push(c.expect("connect"));
        }
    }
    out
}

/// `n` connections that send `GET path` and never read. Their receive buffers are
/// small, as a client's that stopped reading would soon be full anyway.
pub async fn stuck_downloads(addr: &str, path: &str, n: usize) -> Vec<TcpStream> {
    let sa: std::net::SocketAddr = addr.parse().expect("socket address");
    let mut conns = Vec::with_capacity(n);
    while conns.len() < n {
        let batch = (n - conns.len()).min(100);
        let connecting = (0..batch).map(|_| async move {
            let sock = tokio::net::TcpSocket::new_v4()?;
            sock.set_recv_buffer_size(64 * 1024)?;
            sock.connect(sa).await
        });
        for c in futures_util::future::join_all(connecting).await {
            conns.push(c.expect("connect"));
        }
    }
    let req = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n\r\n");
    for c in &mut conns {
        c.write_all(req.as_bytes()).await.expect("send GET");
    }
    conns
}

/// One HTTP/2 connection (prior knowledge) whose streams have a zero window: the
/// server can send response heads but no body byte.
pub struct ZeroWindow {
    /// Statuses of the response heads received.
    pub statuses: Vec<u16>,
    /// Resolves when the server closes the connection.
    pub closed: tokio::task::JoinHandle<()>,
    _send: h2::client::SendRequest<bytes::Bytes>,
    _bodies: Vec<h2::RecvStream>,
}

/// Opens [`ZeroWindow`] with `streams` GETs of `path`; waits (at most `wait` in all)
/// for their response heads.
pub async fn zero_window(addr: &str, path: &str, streams: usize, wait: Duration) -> ZeroWindow {
    let tcp = TcpStream::connect(addr).await.expect("connect h2");
    let (mut send, conn) = h2::client::Builder::new()
        .initial_window_size(0)
        .handshake::<_, bytes::Bytes>(tcp)
        .await
        .expect("h2 handshake");
    let closed = tokio::spawn(async move {
        let _ = conn.await;
    });
    let deadline = tokio::time::Instant::now() + wait;
    let mut responses = Vec::with_capacity(streams);
    for _ in 0..streams {
        send = tokio::time::timeout_at(deadline, send.ready())
            .await
            .expect("h2 stream slot in time")
            .expect("h2 ready");
        let req = hyper::Request::get(format!("http://{addr}{path}"))
            .body(())
            .expect("request");
        let (resp, _) = send.send_request(req, true).expect("h2 send");
        responses.push(resp);
    }
    let mut statuses = Vec::with_capacity(streams);
    let mut bodies = Vec::with_capacity(streams);
    for resp in responses {
        if let Ok(Ok(r)) = tokio::time::timeout_at(deadline, resp).await {
            statuses.push(r.status().as_u16());
            bodies.push(r.into_body());
        }
    }
    ZeroWindow {
        statuses,
        closed,
        _send: send,
        _bodies: bodies,
    }
}

/// Opens `n` upload sessions in `repo` and returns their paths (made before the
/// hostile load, so that a server it freezes can still be measured).
pub async fn upload_sessions(base: &str, repo: &str, n: usize) -> Vec<String> {
    let c = client();
    let mut paths = Vec::with_capacity(n);
    for _ in 0..n {
        let r = c
            .post(format!("{base}/v2/{repo}/blobs/uploads/"))
            .send()
            .await
            .expect("POST upload");
        assert_eq!(r.status(), 202, "POST upload");
        let location = r.headers()["location"].to_str().expect("location");
        paths.push(location.strip_prefix(base).unwrap_or(location).to_string());
    }
    paths
}

/// A PATCH of each session in `paths`, on its own connection, whose body (declared
/// 1 MiB) has not been sent yet: [`Trickle`] sends it a byte at a time.
pub async fn trickled_uploads(addr: &str, paths: &[String]) -> Vec<TcpStream> {
    let mut conns = connect_many(addr, paths.len()).await;
    for (conn, path) in conns.iter_mut().zip(paths) {
        let head = format!(
            "PATCH {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/octet-stream\r\nContent-Length: 1048576\r\n\r\n"
        );
        conn.write_all(head.as_bytes())
            .await
            .expect("send PATCH head");
    }
    conns
}

/// `n` connections whose request headers will arrive a byte at a time; the first
/// bytes of the request line are sent now.
pub async fn trickled_headers(addr: &str, n: usize) -> Vec<TcpStream> {
    let mut conns = connect_many(addr, n).await;
    for c in &mut conns {
        c.write_all(b"GET /v2/ HTTP/1.1\r\nX-Slow: ")
            .await
            .expect("send");
    }
    conns
}

/// Sends one byte on each connection every `every`, until `until` or until the
/// server has closed them all; reports how many the server closed (a write failed).
pub struct Trickle {
    task: tokio::task::JoinHandle<usize>,
    stop: tokio::sync::watch::Sender<bool>,
}

impl Trickle {
    /// Starts trickling on `conns`.
    pub fn start(conns: Vec<TcpStream>, every: Duration, until: Instant) -> Trickle {
        let (stop, mut stopped) = tokio::sync::watch::channel(false);
        let task = tokio::spawn(async move {
            let mut open: Vec<Option<TcpStream>> = conns.into_iter().map(Some).collect();
            let mut closed = 0;
            let mut tick = tokio::time::interval(every);
            while Instant::now() < until && closed < open.len() {
                tokio::select! {
                    _ = tick.tick() => {}
                    _ = stopped.changed() => break,
                }
                for slot in &mut open {
                    if let Some(c) = slot {
                        // One byte never fills a socket buffer: a failed write means
                        // the server closed the connection.
                        if c.try_write(b"a").is_err() {
                            *slot = None;
                            closed += 1;
                        }
                    }
                }
            }
            closed
        });
        Trickle { task, stop }
    }

    /// Stops trickling, closes the connections and returns how many the server had
    /// closed.
    pub async fn finish(self) -> usize {
        let _ = self.stop.send(true);
        self.task.await.unwrap_or(0)
    }
}

/// Latencies of the well-behaved client, by operation.
#[derive(Debug, Default)]
pub struct Report {
    /// `GET` of the manifest by tag.
    pub manifest_get: Vec<Duration>,
    /// One push: `POST` + `PUT` of a small blob, then `PUT` of a manifest.
    pub push: Vec<Duration>,
    /// `HEAD` of the big blob.
    pub head: Vec<Duration>,
    /// `GET /readyz`.
    pub readyz: Vec<Duration>,
    /// Every request alone (a push is three).
    pub requests: Vec<Duration>,
    /// What failed (status, error, or no answer within the timeout).
    pub failures: Vec<String>,
}

/// The `q`-quantile (0..=1) of `v`, nearest rank.
pub fn quantile(v: &[Duration], q: f64) -> Duration {
    if v.is_empty() {
        return Duration::ZERO;
    }
    let mut s = v.to_vec();
    s.sort();
    let rank = ((q * s.len() as f64).ceil() as usize).clamp(1, s.len());
    s[rank - 1]
}

impl Report {
    /// One line per operation: count, p50, p99, max.
    pub fn summary(&self) -> String {
        let line = |name: &str, v: &[Duration]| {
            format!(
                "{name:<13} n={:<4} p50={:>8.2?} p99={:>8.2?} max={:>8.2?}\n",
                v.len(),
                quantile(v, 0.5),
                quantile(v, 0.99),
                v.iter().max().copied().unwrap_or_default()
            )
        };
        let mut s = String::new();
        s += &line("manifest GET", &self.manifest_get);
        s += &line("push", &self.push);
        s += &line("blob HEAD", &self.head);
        s += &line("readyz", &self.readyz);
        s += &line("each request", &self.requests);
        s
    }
}

async fn timed<F, T>(
    report: &mut Report,
    limit: Duration,
    what: &str,
    f: F,
) -> Option<(T, Duration)>
where
    F: std::future::Future<Output = Result<T, String>>,
{
    let start = Instant::now();
    match tokio::time::timeout(limit, f).await {
        Ok(Ok(v)) => {
            let took = start.elapsed();
            report.requests.push(took);
            Some((v, took))
        }
        Ok(Err(e)) => {
            report.failures.push(format!("{what}: {e}"));
            None
        }
        Err(_) => {
            report
                .failures
                .push(format!("{what}: no answer within {limit:?}"));
            None
        }
    }
}

async fn get_ok(c: &reqwest::Client, url: String, accept: &str, what: &str) -> Result<(), String> {
    let r = c
        .get(url)
        .header("accept", accept)
        .send()
        .await
        .map_err(|e| format!("{what}: {e}"))?;
    ok(&r, what)?;
    r.bytes().await.map_err(|e| format!("{what} body: {e}"))?;
    Ok(())
}

/// Pulls, pushes, HEADs and probes `/readyz`, one after the other, for `rounds`
/// rounds or until `until`, each request bounded by `limit`.
pub async fn well_behaved(
    base: &str,
    fx: &Fixture,
    rounds: usize,
    until: Instant,
    limit: Duration,
) -> Report {
    let c = client();
    let mut report = Report::default();
    for i in 0..rounds {
        if Instant::now() >= until {
            break;
        }
        let url = format!("{base}/v2/{}/manifests/{}", fx.repo, fx.tag);
        let accept = "application/vnd.oci.image.manifest.v1+json";
        if let Some(((), t)) = timed(
            &mut report,
            limit,
            "manifest GET",
            get_ok(&c, url, accept, "manifest GET"),
        )
        .await
        {
            report.manifest_get.push(t);
        }

        // A push: a small layer (POST + PUT) and a manifest over it.
        let push_start = Instant::now();
        let layer = format!("layer {i} {:?}", push_start).into_bytes();
        let pushed = timed(
            &mut report,
            limit,
            "blob push",
            push_blob(&c, base, &fx.repo, &layer),
        )
        .await;
        if let Some((d, _)) = pushed {
            let m = manifest(&fx.config, &d, layer.len());
            let tag = format!("push-{i}");
            if timed(
                &mut report,
                limit,
                "manifest PUT",
                put_manifest(&c, base, &fx.repo, &tag, m),
            )
            .await
            .is_some()
            {
                report.push.push(push_start.elapsed());
            }
        }

        let head = async {
            let r = c
                .head(format!("{base}{}", fx.layer_path()))
                .send()
                .await
                .map_err(|e| format!("HEAD: {e}"))?;
            ok(&r, "HEAD")
        };
        if let Some(((), t)) = timed(&mut report, limit, "blob HEAD", head).await {
            report.head.push(t);
        }

        let url = format!("{base}/readyz");
        if let Some(((), t)) = timed(
            &mut report,
            limit,
            "readyz",
            get_ok(&c, url, "*/*", "readyz"),
        )
        .await
        {
            report.readyz.push(t);
        }
    }
    report
}

/// Memory figures of a process, from `/proc/PID/status` (KiB).
#[derive(Debug, Clone, Copy, Default)]
pub struct Mem {
    /// Resident set now.
    pub rss: u64,
    /// Peak resident set.
    pub hwm: u64,
    /// Anonymous resident memory (heap, stacks).
    pub anon: u64,
    /// File-backed resident memory (mapped blob pieces are page cache; the kernel
    /// counts a page once per mapping of it).
    pub file: u64,
    /// Proportional set size: each page counted once, however often it is mapped
    /// (what the process really occupies).
    pub pss: u64,
}

/// Reads [`Mem`] of `pid`.
pub fn mem(pid: u32) -> Mem {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
    let pss = rollup
        .lines()
        .find_map(|l| l.strip_prefix("Pss:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    Mem {
        rss: field("VmRSS:"),
        hwm: field("VmHWM:"),
        anon: field("RssAnon:"),
        file: field("RssFile:"),
        pss,
    }
}

impl std::fmt::Display for Mem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "VmRSS {} MiB (anon {} MiB, file {} MiB), PSS {} MiB, peak VmHWM {} MiB",
            self.rss / 1024,
            self.anon / 1024,
            self.file / 1024,
            self.pss / 1024,
            self.hwm / 1024
        )
    }
}

/// A gauge or counter from the server's `/metrics` (the sum over its label sets;
/// `None` if the scrape failed).
pub async fn metric(base: &str, name: &str) -> Option<f64> {
    let text = client()
        .get(format!("{base}/metrics"))
        .send()
        .await
        .ok()?
        .text()
        .await
        .ok()?;
    let mut sum = None;
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let (key, value) = line.rsplit_once(' ')?;
        let bare = key.split('{').next().unwrap_or(key);
        if bare == name {
            *sum.get_or_insert(0.0) += value.parse::<f64>().ok()?;
        }
    }
    sum
}

/// Raises this process's soft limit on open files to its hard limit (children
/// inherit it) and returns the limit now in force.
pub fn raise_nofile() -> u64 {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit only read or write the struct passed.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) != 0 {
            return 1024;
        }
        lim.rlim_cur = lim.rlim_max;
        if libc::setrlimit(libc::RLIMIT_NOFILE, &lim) != 0 {
            libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim);
        }
    }
    lim.rlim_cur
}
