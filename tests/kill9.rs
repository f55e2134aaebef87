//! Crash tests that crash: the real `registryctl serve` is killed with SIGKILL at random
//! points while several clients push images (monolithic and chunked uploads, blobs of
//! random sizes up to several chunks), restarted on the same store, killed again; and
//! `registryctl gc` is killed with SIGKILL inside its sweep and rerun. Afterwards every
//! image the server acknowledged (201 on the manifest `PUT`) pulls byte-exact, nothing
//! live is lost to gc, and `registryctl scan --verify` finds no error.
//!
//! The random choices (sizes, upload modes, kill delays) come from one seed, printed at
//! the start; `KILL9_SEED=N` repeats them (the interleaving with the processes differs).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use common::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use registryctl::oci::Manifest;

const MANIFEST_TYPE: &str = "application/vnd.oci.image.manifest.v1+json";
/// Kills of `serve` per run (the issue asks for at least 30 in CI).
const SERVE_KILLS: usize = 32;
/// Kills of `gc` inside its sweep per run (at least 10).
const GC_KILLS: usize = 12;
/// Pushing clients running at once.
const PUSHERS: usize = 4;

fn seed(what: &str) -> u64 {
    let seed = std::env::var("KILL9_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(rand::random);
    eprintln!("{what}: seed {seed} (KILL9_SEED={seed} repeats its random choices)");
    seed
}

/// Blob content made from a seed, so that a run keeps what it pushed without keeping
/// the bytes (a cheap generator: the bytes only need to differ).
#[derive(Debug, Clone, Copy)]
struct Blob {
    seed: u64,
    len: usize,
}

impl Blob {
    fn bytes(&self) -> Vec<u8> {
        let mut x = self.seed;
        let mut out = Vec::with_capacity(self.len + 8);
        while out.len() < self.len {
            // splitmix64
            x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            out.extend_from_slice(&(z ^ (z >> 31)).to_le_bytes());
        }
        out.truncate(self.len);
        out
    }

    /// Mostly small blobs, some of several hundred KiB, a few of several chunks.
    fn random(rng: &mut StdRng) -> Blob {
        let len = match rng.gen_range(0..100) {
            0..=49 => rng.gen_range(0..4096),
            50..=84 => rng.gen_range(64 * 1024..512 * 1024),
            _ => rng.gen_range(1024 * 1024..5 * 512 * 1024),
        };
        Blob {
            seed: rng.gen(),
            len,
        }
    }
}

/// An image whose manifest `PUT` was answered 201 (or, for gc, written live).
struct Acked {
    repo: String,
    tag: String,
    manifest: Vec<u8>,
    config: Vec<u8>,
    layers: Vec<Blob>,
}

/// A `registryctl serve` child on a fresh loopback port.
struct Serve {
    child: Child,
    url: String,
}

impl Serve {
    /// Starts `serve` on `root`, appending its log to `log`, and waits (at most 20 s)
    /// until it accepts connections.
    fn start(root: &Path, log: &Path) -> Serve {
        let addr = format!("127.0.0.1:{}", free_port());
        let log_file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .expect("log file");
        let mut cmd = bin_command();
        cmd.arg("--root")
            .arg(root)
            .args(["serve", "--listen", &addr])
            // Every kill strands the sessions in flight; the per-caller cap (all
            // clients are 127.0.0.1) must not turn them away.
            .args(["--max-uploads-per-user", "1000000"])
            .args(["--max-uploads-per-repo", "1000000"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log_file);
        let mut child = cmd.spawn().expect("spawn registryctl serve");
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(&addr).is_err() {
            if let Some(st) = child.try_wait().expect("try_wait") {
                panic!(
                    "serve exited with {st} before listening; log:\n{}",
                    std::fs::read_to_string(log).unwrap_or_default()
                );
            }
            assert!(Instant::now() < deadline, "serve did not start listening");
            std::thread::sleep(Duration::from_millis(5));
        }
        Serve {
            child,
            url: format!("http://{addr}"),
        }
    }

    /// SIGKILL, and reap the process.
    fn kill9(mut self) {
        self.child.kill().expect("SIGKILL serve");
        self.child.wait().expect("reap serve");
    }

    /// SIGTERM, and wait (at most 30 s) for a clean exit.
    fn stop(mut self) {
        let pid = libc::pid_t::try_from(self.child.id()).expect("pid");
        // SAFETY: kill(2) on our own child's pid.
        assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(st) = self.child.try_wait().expect("try_wait") {
                assert!(st.success(), "serve exited with {st} after SIGTERM");
                return;
            }
            assert!(Instant::now() < deadline, "serve did not stop on SIGTERM");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// What the pushers share with the test: where the server is now, what it
/// acknowledged, and how many requests are in flight.
#[derive(Default)]
struct Shared {
    url: RwLock<String>,
    stop: AtomicBool,
    in_flight: AtomicUsize,
    acked: Mutex<Vec<Acked>>,
    attempts: AtomicUsize,
}

impl Shared {
    fn at(&self, path: &str) -> String {
        format!("{}{path}", self.url.read().expect("url"))
    }
}

/// One request, counted in flight while it runs; `Err` for a connection that failed
/// (the server was killed or is not up yet) or a status other than `want`.
async fn send(
    shared: &Shared,
    req: reqwest::RequestBuilder,
    want: u16,
) -> Result<reqwest::Response, String> {
    shared.in_flight.fetch_add(1, Ordering::SeqCst);
    let r = req.send().await;
    shared.in_flight.fetch_sub(1, Ordering::SeqCst);
    let r = r.map_err(|e| e.to_string())?;
    if r.status() == want {
        Ok(r)
    } else {
        Err(format!("{} answered {}", r.url(), r.status()))
    }
}

fn location(r: &reqwest::Response) -> Result<String, String> {
    r.headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .map(str::to_string)
        .ok_or_else(|| "no Location".to_string())
}

/// Pushes one blob, monolithically or in chunks of random size.
async fn push_blob_somehow(
    c: &reqwest::Client,
    shared: &Shared,
    rng: &mut StdRng,
    repo: &str,
    data: &[u8],
) -> Result<(), String> {
    let d = digest(data);
    // As real clients do: skip a blob the repository has (pushed before a kill).
    let exists = c.head(shared.at(&format!("/v2/{repo}/blobs/{d}")));
    if send(shared, exists, 200).await.is_ok() {
        return Ok(());
    }
    if data.len() < 64 * 1024 || rng.gen_bool(0.4) {
        let url = shared.at(&format!("/v2/{repo}/blobs/uploads/?digest={d}"));
        send(shared, c.post(url).body(data.to_vec()), 201).await?;
        return Ok(());
    }
    let r = send(
        shared,
        c.post(shared.at(&format!("/v2/{repo}/blobs/uploads/"))),
        202,
    )
    .await?;
    let mut loc = location(&r)?;
    let mut at = 0;
    while at < data.len() {
        let n = rng.gen_range(256 * 1024..1024 * 1024).min(data.len() - at);
        let req = c
            .patch(shared.at(&loc))
            .header("content-type", "application/octet-stream")
            .header("content-range", format!("{at}-{}", at + n - 1))
            .body(data[at..at + n].to_vec());
        loc = location(&send(shared, req, 202).await?)?;
        at += n;
    }
    let sep = if loc.contains('?') { '&' } else { '?' };
    send(
        shared,
        c.put(shared.at(&format!("{loc}{sep}digest={d}"))),
        201,
    )
    .await?;
    Ok(())
}

/// Pushes config, layers and manifest; `Ok` with the manifest when the server
/// answered the manifest `PUT` with 201.
async fn push_image_somehow(
    c: &reqwest::Client,
    shared: &Shared,
    rng: &mut StdRng,
    repo: &str,
    tag: &str,
    config: &[u8],
    layers: &[Blob],
) -> Result<Vec<u8>, String> {
    push_blob_somehow(c, shared, rng, repo, config).await?;
    let mut bytes = Vec::new();
    for l in layers {
        let b = l.bytes();
        push_blob_somehow(c, shared, rng, repo, &b).await?;
        bytes.push(b);
    }
    let refs: Vec<&[u8]> = bytes.iter().map(|b| b.as_slice()).collect();
    let manifest = image_manifest(config, &refs);
    let req = c
        .put(shared.at(&format!("/v2/{repo}/manifests/{tag}")))
        .header("content-type", MANIFEST_TYPE)
        .body(manifest.clone());
    send(shared, req, 201).await?;
    Ok(manifest)
}

/// Pushes new images until told to stop, recording each acknowledged one.
async fn pusher(id: usize, seed: u64, shared: Arc<Shared>) {
    let c = reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .expect("client");
    let mut rng = StdRng::seed_from_u64(seed);
    // Bounded: the test stops the pushers long before this.
    for n in 0..100_000usize {
        if shared.stop.load(Ordering::SeqCst) {
            return;
        }
        shared.attempts.fetch_add(1, Ordering::SeqCst);
        let repo = format!("crash/w{id}/r{}", n % 2);
        let tag = format!("i{n}");
        let layers: Vec<Blob> = (0..rng.gen_range(1..=3))
            .map(|_| Blob::random(&mut rng))
            .collect();
        let config = format!(
            "{{\"worker\":{id},\"n\":{n},\"salt\":{}}}",
            rng.gen::<u64>()
        );
        let config = config.into_bytes();
        // A push cut off by a kill is retried, as a client would, a few times.
        for _attempt in 0..8 {
            if shared.stop.load(Ordering::SeqCst) {
                return;
            }
            match push_image_somehow(&c, &shared, &mut rng, &repo, &tag, &config, &layers).await {
                Ok(manifest) => {
                    shared.acked.lock().expect("acked").push(Acked {
                        repo,
                        tag,
                        manifest,
                        config,
                        layers,
                    });
                    break;
                }
                // The server is down or was killed mid-push: pace the retry a little.
                Err(_) => tokio::time::sleep(Duration::from_millis(rng.gen_range(5..30))).await,
            }
        }
    }
}

/// GETs `path` from `base`; the body, or `None` on any failure.
async fn pull(c: &reqwest::Client, base: &str, path: &str) -> Option<Vec<u8>> {
    let r = c
        .get(format!("{base}{path}"))
        .header("accept", MANIFEST_TYPE)
        .send()
        .await
        .ok()?;
    if r.status() != 200 {
        return None;
    }
    r.bytes().await.ok().map(|b| b.to_vec())
}

/// Asserts that every acknowledged image pulls byte-exact from `base`.
async fn assert_all_pull(base: &str, images: &[Acked]) {
    let c = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client");
    for img in images {
        let got = pull(&c, base, &format!("/v2/{}/manifests/{}", img.repo, img.tag)).await;
        assert_eq!(
            got.as_deref(),
            Some(img.manifest.as_slice()),
            "manifest {}:{} (acknowledged with 201)",
            img.repo,
            img.tag
        );
        let path = format!("/v2/{}/blobs/{}", img.repo, digest(&img.config));
        let config = pull(&c, base, &path).await;
        assert_eq!(
            config.as_deref(),
            Some(img.config.as_slice()),
            "config of {}:{}",
            img.repo,
            img.tag
        );
        for l in &img.layers {
            let want = l.bytes();
            let d = digest(&want);
            let got = pull(&c, base, &format!("/v2/{}/blobs/{d}", img.repo)).await;
            assert!(
                got.as_deref() == Some(want.as_slice()),
                "layer {d} ({} bytes) of {}:{} does not pull byte-exact",
                l.len,
                img.repo,
                img.tag
            );
        }
    }
}

/// `registryctl scan --verify --json` as a process: exit 0 and no error.
fn assert_scan_clean(root: &Path) -> serde_json::Value {
    let out = cli(root, &["scan", "--verify", "--json"], "");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "scan --json printed no JSON ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    assert_eq!(
        report["errors"], 0,
        "scan --verify found errors: {report:#}"
    );
    assert!(out.status.success(), "scan exited {}", out.status);
    report
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_killed_during_pushes_loses_nothing_acknowledged() {
    let seed = seed("serve kill -9");
    let start = Instant::now();
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("store");
    let log = dir.path().join("serve.log");
    let mut rng = StdRng::seed_from_u64(seed);

    let shared = Arc::new(Shared::default());
    let first = Serve::start(&root, &log);
    *shared.url.write().expect("url") = first.url.clone();
    let pushers: Vec<_> = (0..PUSHERS)
        .map(|i| tokio::spawn(pusher(i, seed.wrapping_add(i as u64 + 1), shared.clone())))
        .collect();

    let mut serve = Some(first);
    let mut busy_kills = 0;
    for _ in 0..SERVE_KILLS {
        let s = match serve.take() {
            Some(s) => s,
            None => {
                let (r, l) = (root.clone(), log.clone());
                let s = tokio::task::spawn_blocking(move || Serve::start(&r, &l))
                    .await
                    .expect("start serve");
                *shared.url.write().expect("url") = s.url.clone();
                s
            }
        };
        // The random delay is the kill point under test, not a wait for a condition.
        tokio::time::sleep(Duration::from_millis(rng.gen_range(20..500))).await;
        // Kill while requests are in flight (the pushers reconnect within ~30 ms).
        eventually(10, || async { shared.in_flight.load(Ordering::SeqCst) > 0 }).await;
        busy_kills += 1;
        tokio::task::spawn_blocking(move || s.kill9())
            .await
            .expect("kill serve");
    }
    let kills_done = start.elapsed();

    let (r, l) = (root.clone(), log.clone());
    let last = tokio::task::spawn_blocking(move || Serve::start(&r, &l))
        .await
        .expect("start serve");
    *shared.url.write().expect("url") = last.url.clone();
    // One more acknowledged push after the last restart, then stop the clients.
    let before = shared.acked.lock().expect("acked").len();
    eventually(30, || async {
        shared.acked.lock().expect("acked").len() > before
    })
    .await;
    shared.stop.store(true, Ordering::SeqCst);
    for p in pushers {
        tokio::time::timeout(Duration::from_secs(30), p)
            .await
            .expect("pusher stops")
            .expect("pusher");
    }

    let acked = std::mem::take(&mut *shared.acked.lock().expect("acked"));
    let attempts = shared.attempts.load(Ordering::SeqCst);
    assert!(
        acked.len() >= SERVE_KILLS / 2,
        "only {} of {attempts} pushes were acknowledged",
        acked.len()
    );
    assert_all_pull(&last.url, &acked).await;
    let r2 = root.clone();
    tokio::task::spawn_blocking(move || last.stop())
        .await
        .expect("stop serve");
    let report = tokio::task::spawn_blocking(move || assert_scan_clean(&r2))
        .await
        .expect("scan");
    let layers: usize = acked.iter().map(|a| a.layers.len()).sum();
    let bytes: usize = acked
        .iter()
        .flat_map(|a| a.layers.iter().map(|l| l.len))
        .sum();
    eprintln!(
        "serve kill -9: {busy_kills} kills with requests in flight in {:.1} s; {} of {attempts} \
         images acknowledged ({layers} layers, {:.1} MiB), all pull byte-exact; scan --verify: \
         0 errors, {} warnings; total {:.1} s",
        kills_done.as_secs_f64(),
        acked.len(),
        bytes as f64 / (1024.0 * 1024.0),
        report["warnings"],
        start.elapsed().as_secs_f64()
    );
}

// ---- gc -------------------------------------------------------------------------------

fn put_image(
    store: &registryctl::storage::Store,
    repo: &str,
    tag: Option<&str>,
    config: &[u8],
    layers: &[Blob],
) -> Vec<u8> {
    let r = repo_name(repo);
    store.put_blob_bytes(&r, config).expect("config");
    let bytes: Vec<Vec<u8>> = layers.iter().map(Blob::bytes).collect();
    for b in &bytes {
        store.put_blob_bytes(&r, b).expect("layer");
    }
    let refs: Vec<&[u8]> = bytes.iter().map(|b| b.as_slice()).collect();
    let body = image_manifest(config, &refs);
    let m = Manifest::parse(&body, MANIFEST_TYPE).expect("manifest");
    let t = tag.map(tag_name);
    store
        .put_manifest(&r, &digest(&body), &body, &m, t.as_ref())
        .expect("put manifest");
    body
}

/// Garbage: blobs linked into repositories no manifest uses, and untagged images
/// (removed with `--delete-untagged`). Returns files that a sweep removes. The blobs
/// are written as the store lays them out but without its fsyncs (thousands per round
/// would dominate the test's time); their names come from `storage::paths`.
fn add_garbage(
    store: &registryctl::storage::Store,
    root: &Path,
    rng: &mut StdRng,
    n: usize,
) -> Vec<PathBuf> {
    // With the store's private modes, as the store would create them.
    let write = |path: PathBuf, data: &[u8]| {
        use std::io::Write;
        use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(path.parent().expect("parent"))
            .expect("mkdir");
        std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&path)
            .and_then(|mut f| f.write_all(data))
            .expect("write garbage");
        path
    };
    let mut files = Vec::new();
    for i in 0..n {
        let repo = repo_name(&format!("garbage/g{}", i % 4));
        let b = Blob {
            seed: rng.gen(),
            len: rng.gen_range(16..512),
        }
        .bytes();
        let d = digest(&b);
        files.push(write(store_path(root, &paths::blob_data(&d)), &b));
        let link = store_path(root, &paths::layer_link(&repo, &d));
        files.push(write(link, d.to_string().as_bytes()));
        if i % 500 == 0 {
            let config = format!("{{\"untagged\":{}}}", rng.gen::<u64>()).into_bytes();
            let layer = Blob {
                seed: rng.gen(),
                len: 300,
            };
            put_image(store, &format!("live/a{}", i % 3), None, &config, &[layer]);
        }
    }
    files
}

/// Runs `registryctl gc` with `args` to completion (at most 120 s); exit code and
/// output.
fn gc_json(root: &Path, args: &[&str]) -> (i32, serde_json::Value, String) {
    let mut all = vec!["gc", "--json"];
    all.extend_from_slice(args);
    let out = cli(root, &all, "");
    let v = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (
        out.status.code().unwrap_or(-1),
        v,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const GC_ARGS: [&str; 5] = [
    "--grace-period",
    "0s",
    "--upload-ttl",
    "0s",
    "--delete-untagged",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gc_killed_inside_its_sweep_loses_nothing_live() {
    let seed = seed("gc kill -9");
    let start = Instant::now();
    let mut rng = StdRng::seed_from_u64(seed);
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("store");
    let store = registryctl::storage::Store::open_or_create(&root).expect("store");

    let mut live = Vec::new();
    for i in 0..24 {
        let repo = format!("live/a{}", i % 3);
        let tag = format!("t{i}");
        let config = format!("{{\"live\":{i}}}").into_bytes();
        // Some layers shared with other images, most unique.
        let layers: Vec<Blob> = (0..3)
            .map(|l| Blob {
                seed: if l == 0 { 7 } else { rng.gen() },
                len: rng.gen_range(1..64 * 1024),
            })
            .collect();
        let manifest = put_image(&store, &repo, Some(&tag), &config, &layers);
        live.push(Acked {
            repo,
            tag,
            manifest,
            config,
            layers,
        });
    }

    // How long a whole sweep of this much garbage takes, to spread the kill points
    // over it (only for the random delays; nothing is asserted about it).
    const GARBAGE: usize = 1500;
    add_garbage(&store, &root, &mut rng, GARBAGE);
    let t = Instant::now();
    let (code, first, err) = gc_json(&root, &GC_ARGS);
    assert_eq!(code, 0, "first gc: {err}");
    let full_run = t.elapsed();
    assert!(
        first["blobs_deleted"].as_u64().unwrap_or(0) >= GARBAGE as u64,
        "{first:#}"
    );

    let mut kills = 0;
    let mut finished_first = 0;
    let mut late_kills = 0;
    let mut rounds = 0;
    // Bounded: a round that misses the sweep is retried, at most this often.
    while kills < GC_KILLS && rounds < GC_KILLS * 4 {
        rounds += 1;
        let files = add_garbage(&store, &root, &mut rng, GARBAGE);
        let mut cmd = bin_command();
        cmd.arg("--root").arg(&root).arg("gc").args(GC_ARGS);
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn gc");
        // Inside the sweep: once some of the garbage is gone, and then a random part of
        // a full run's time later.
        let sample: Vec<&PathBuf> = files.iter().step_by(7).collect();
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut exited = None;
        while !sample.iter().any(|f| !f.exists()) {
            if let Some(st) = child.try_wait().expect("try_wait") {
                exited = Some(st);
                break;
            }
            assert!(Instant::now() < deadline, "gc removed nothing within 60 s");
            std::thread::sleep(Duration::from_millis(1));
        }
        if exited.is_none() {
            let max = (full_run.as_millis() as u64 / 2).max(2);
            // The random delay is the kill point under test.
            std::thread::sleep(Duration::from_millis(rng.gen_range(0..max)));
            exited = child.try_wait().expect("try_wait");
        }
        match exited {
            Some(st) => {
                assert!(st.success(), "gc failed: {st}");
                finished_first += 1;
            }
            None => {
                child.kill().expect("SIGKILL gc");
                child.wait().expect("reap gc");
                // Only a kill that left some of this round's garbage was inside the
                // sweep; one after it counts as a late kill.
                if files.iter().any(|f| f.exists()) {
                    kills += 1;
                } else {
                    late_kills += 1;
                }
            }
        }
    }
    assert!(
        kills >= GC_KILLS,
        "only {kills} of {rounds} gc runs were killed inside the sweep ({late_kills} after it, \
         {finished_first} finished first)"
    );
    drop(store);

    // A complete gc, then nothing is left to collect.
    let (code, last, err) = gc_json(&root, &GC_ARGS);
    assert_eq!(code, 0, "final gc: {err} {last:#}");
    let mut dry = vec!["--dry-run"];
    dry.extend_from_slice(&GC_ARGS);
    let (code, plan, err) = gc_json(&root, &dry);
    assert_eq!(code, 0, "dry run: {err}");
    for field in [
        "blobs_deleted",
        "manifests_removed",
        "layer_links_removed",
        "tmp_files_removed",
    ] {
        assert_eq!(plan[field], 0, "garbage left after a complete gc: {plan:#}");
    }
    assert_eq!(plan["upload_sessions_removed"], 0, "{plan:#}");

    // Everything live pulls byte-exact from a fresh serve, and scan finds no error.
    let log = dir.path().join("serve.log");
    let (r, l) = (root.clone(), log.clone());
    let s = tokio::task::spawn_blocking(move || Serve::start(&r, &l))
        .await
        .expect("start serve");
    assert_all_pull(&s.url, &live).await;
    tokio::task::spawn_blocking(move || s.stop())
        .await
        .expect("stop serve");
    let r2 = root.clone();
    let report = tokio::task::spawn_blocking(move || assert_scan_clean(&r2))
        .await
        .expect("scan");
    assert_eq!(report["warnings"], 0, "{report:#}");
    eprintln!(
        "gc kill -9: {kills} kills inside the sweep in {rounds} runs ({late_kills} after it, \
         {finished_first} finished first; a full sweep of {GARBAGE} garbage blobs took {:.2} s); nothing live lost; total {:.1} s",
        full_run.as_secs_f64(),
        start.elapsed().as_secs_f64()
    );
}
