//! Online gc on S3 next to replicas (a real SeaweedFS, see `tests/common/s3.rs`): two
//! `serve` processes on one bucket prefix take pushes — a shared base layer re-used
//! after a HEAD, unique layers, multi-arch indexes, tags moved on every push, requests
//! alternating between the replicas — while `gc --grace-period 2s` runs in a loop as
//! separate processes. One gc is stopped (SIGSTOP) between its listing and its
//! deletes for longer than the grace period while a push re-uses what it judged
//! garbage; its deletes are refused and nothing is lost. Afterwards every
//! acknowledged push pulls completely and verifies through both replicas, and a final
//! gc leaves no garbage. Every loop is bounded.

mod common;

use std::process::{Child, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::s3::S3Server;
use common::*;
use registryctl::oci::Digest;
use registryctl::storage::object::{list_all, ObjectStore};
use registryctl::storage::{Access, Store};
use serde_json::json;

const IMAGE: &str = "application/vnd.oci.image.manifest.v1+json";
const INDEX: &str = "application/vnd.oci.image.index.v1+json";
const GRACE: &str = "2s";

/// A `registryctl` process on the bucket (serve or gc), killed when dropped.
struct Proc {
    child: Child,
    log: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

impl Proc {
    fn start(s3: &S3Server, url: &str, args: &[&str], envs: &[(&str, &str)]) -> Proc {
        let dir = tempfile::tempdir().expect("tempdir");
        let log = dir.path().join("stderr.log");
        let mut cmd = bin_command();
        cmd.env_remove("AWS_CA_BUNDLE")
            .env_remove("AWS_PROFILE")
            .env_remove("AWS_SESSION_TOKEN")
            .envs(s3.env())
            .envs(envs.iter().copied())
            .arg("--storage")
            .arg(url)
            .args(args)
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(dir.path().join("stdout")).expect("stdout"))
            .stderr(std::fs::File::create(&log).expect("log"));
        let child = cmd.spawn().expect("spawn registryctl");
        Proc {
            child,
            log,
            _dir: dir,
        }
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn stdout(&self) -> String {
        std::fs::read_to_string(self._dir.path().join("stdout")).unwrap_or_default()
    }

    fn signal(&self, sig: libc::c_int) {
        let pid = libc::pid_t::try_from(self.child.id()).expect("pid");
        // SAFETY: kill(2) on our own child's pid has no memory-safety implications.
        assert_eq!(unsafe { libc::kill(pid, sig) }, 0, "kill");
    }

    /// Waits (bounded) for the exit code.
    fn wait(&mut self, secs: u64) -> i32 {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            if let Some(st) = self.child.try_wait().expect("try_wait") {
                return st.code().unwrap_or(-1);
            }
            assert!(
                Instant::now() < deadline,
                "registryctl did not exit; log:\n{}",
                self.log_text()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(s3: &S3Server, url: &str) -> (Proc, String) {
    let addr = format!("127.0.0.1:{}", free_port());
    // HEAD-then-skip touches a link older than a second (the default is half an
    // hour: half the default grace).
    let p = Proc::start(
        s3,
        url,
        &["serve", "--listen", &addr],
        &[("REGISTRYCTL_REUSE_TOUCH_SECS", "1")],
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(&addr).is_err() {
        assert!(
            Instant::now() < deadline,
            "serve did not listen:\n{}",
            p.log_text()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    (p, format!("http://{addr}"))
}

/// Requests alternate between the replicas.
struct Replicas {
    bases: Vec<String>,
    next: std::sync::atomic::AtomicUsize,
}

impl Replicas {
    fn pick(&self) -> &str {
        let i = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        &self.bases[i % self.bases.len()]
    }
}

async fn upload(r: &Replicas, repo: &str, data: &[u8]) -> Result<(), String> {
    let d = digest(data);
    let resp = http()
        .post(format!("{}/v2/{repo}/blobs/uploads/?digest={d}", r.pick()))
        .body(data.to_vec())
        .send()
        .await
        .map_err(|e| e.to_string())?;
    match resp.status().as_u16() {
        201 => Ok(()),
        s => Err(format!(
            "blob upload {s}: {}",
            resp.text().await.unwrap_or_default()
        )),
    }
}

/// HEAD first and skip the upload when the replica says the blob is there.
async fn upload_unless_there(r: &Replicas, repo: &str, data: &[u8]) -> Result<(), String> {
    let d = digest(data);
    let resp = http()
        .head(format!("{}/v2/{repo}/blobs/{d}", r.pick()))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if resp.status() == 200 {
        return Ok(());
    }
    upload(r, repo, data).await
}

async fn put(
    r: &Replicas,
    repo: &str,
    reference: &str,
    mt: &str,
    body: &[u8],
) -> Result<(), String> {
    let resp = http()
        .put(format!("{}/v2/{repo}/manifests/{reference}", r.pick()))
        .header("content-type", mt)
        .body(body.to_vec())
        .send()
        .await
        .map_err(|e| e.to_string())?;
    match resp.status().as_u16() {
        201 => Ok(()),
        s => Err(format!(
            "manifest put {s}: {}",
            resp.text().await.unwrap_or_default()
        )),
    }
}

/// What an acknowledged push promised: the manifest and every blob under it.
#[derive(Clone, Debug)]
struct Acked {
    repo: String,
    manifest: Vec<u8>,
    blobs: Vec<Vec<u8>>,
}

/// One pusher: `rounds` images (plus an index every third round), each retried a
/// bounded number of times when a replica answers a retryable error.
async fn pusher(
    r: Arc<Replicas>,
    id: usize,
    rounds: usize,
    base: Arc<Vec<u8>>,
) -> (Vec<Acked>, u32) {
    let repo = format!("team{}/app", id % 2);
    let mut acked = Vec::new();
    let mut retries = 0u32;
    let mut pending_children: Vec<Vec<u8>> = Vec::new();
    for round in 0..rounds {
        let config = format!("{{\"pusher\":{id},\"round\":{round}}}").into_bytes();
        let own = format!("layer of pusher {id} round {round}").into_bytes();
        let m = image_manifest(&config, &[&base, &own]);
        let tag = format!("p{id}");
        let mut done = false;
        for _attempt in 0..6 {
            let pushed = async {
                upload_unless_there(&r, &repo, &base).await?;
                upload(&r, &repo, &config).await?;
                upload(&r, &repo, &own).await?;
                put(&r, &repo, &tag, IMAGE, &m).await
            }
            .await;
            match pushed {
                Ok(()) => {
                    done = true;
                    break;
                }
                Err(_) => {
                    retries += 1;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
            }
        }
        assert!(done, "pusher {id} round {round}: six attempts failed");
        acked.push(Acked {
            repo: repo.clone(),
            manifest: m.clone(),
            blobs: vec![base.to_vec(), config, own],
        });
        pending_children.push(m);
        if round % 3 == 2 {
            let ms: Vec<_> = pending_children
                .drain(..)
                .enumerate()
                .map(|(i, m)| {
                    json!({"mediaType": IMAGE, "digest": digest(&m).to_string(), "size": m.len(),
                           "platform": {"os": "linux", "architecture": format!("arch{i}")}})
                })
                .collect();
            let index = serde_json::to_vec(
                &json!({"schemaVersion": 2, "mediaType": INDEX, "manifests": ms}),
            )
            .expect("json");
            let mut ok = false;
            for _ in 0..6 {
                if put(&r, &repo, &format!("idx{id}"), INDEX, &index)
                    .await
                    .is_ok()
                {
                    ok = true;
                    break;
                }
                retries += 1;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            assert!(ok, "pusher {id}: index push failed six times");
            acked.push(Acked {
                repo: repo.clone(),
                manifest: index,
                blobs: Vec::new(),
            });
        }
    }
    (acked, retries)
}

async fn verify(r: &Replicas, a: &Acked) {
    let d = digest(&a.manifest);
    for base in &r.bases {
        let resp = http()
            .get(format!("{base}/v2/{}/manifests/{d}", a.repo))
            .header("accept", format!("{IMAGE}, {INDEX}"))
            .send()
            .await
            .expect("get manifest");
        assert_eq!(
            resp.status(),
            200,
            "acknowledged manifest {d} in {} lost",
            a.repo
        );
        let body = resp.bytes().await.expect("body");
        assert_eq!(Digest::sha256_of(&body), d, "manifest {d} has other bytes");
        for blob in &a.blobs {
            let bd = digest(blob);
            let resp = http()
                .get(format!("{base}/v2/{}/blobs/{bd}", a.repo))
                .send()
                .await
                .expect("get blob");
            assert_eq!(resp.status(), 200, "blob {bd} of acknowledged {d} lost");
            let got = resp.bytes().await.expect("body");
            assert_eq!(Digest::sha256_of(&got), bd, "blob {bd} has other bytes");
        }
    }
}

fn gc_json(s3: &S3Server, url: &str, grace: &str) -> serde_json::Value {
    let (code, out, err) = s3.cli(url, &["gc", "--grace-period", grace, "--json"], "");
    assert_eq!(code, 0, "gc failed: {out}{err}");
    serde_json::from_str(&out).expect("gc --json")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn replicas_push_while_gc_loops_and_a_stopped_gc_deletes_nothing_in_use() {
    let Some(s3) =
        common::s3::server("replicas_push_while_gc_loops_and_a_stopped_gc_deletes_nothing_in_use")
    else {
        return;
    };
    let objects = s3.objects();
    let url = objects.config().url();
    let objects: Arc<dyn ObjectStore> = Arc::new(objects);
    drop(Store::open_objects(objects.clone(), Access::ReadWrite, true).expect("create the store"));
    let (_a, base_a) = serve(s3, &url);
    let (_b, base_b) = serve(s3, &url);
    let replicas = Arc::new(Replicas {
        bases: vec![base_a, base_b],
        next: Default::default(),
    });
    // A base layer big enough to live in a data object of its own.
    let base: Arc<Vec<u8>> = Arc::new((0..300_000u32).map(|i| (i % 253) as u8).collect());

    // ---- the fault, first: a gc stopped between its listing and its deletes ----------
    let old_layer = b"uploaded long ago, referenced by nothing yet".to_vec();
    upload(&replicas, "team0/app", &old_layer)
        .await
        .expect("upload");
    upload(&replicas, "team0/app", b"{\"late\":true}")
        .await
        .expect("upload");
    // Older than the grace, whole seconds included (S3 stamps to the second).
    tokio::time::sleep(Duration::from_millis(3500)).await;
    let mut stopped = Proc::start(
        s3,
        &url,
        &["gc", "--grace-period", GRACE, "--json"],
        &[("REGISTRYCTL_GC_PAUSE_AFTER_LISTING_MS", "1500")],
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    while !stopped.log_text().contains("gc: scan blobs") {
        assert!(
            Instant::now() < deadline,
            "gc did not list:\n{}",
            stopped.log_text()
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    stopped.signal(libc::SIGSTOP);
    // While it is stopped (longer than the grace period), a push re-uses the layer
    // it judged garbage: the push touches the link, so gc's version is stale.
    let late = image_manifest(b"{\"late\":true}", &[&old_layer]);
    put(&replicas, "team0/app", "late", IMAGE, &late)
        .await
        .expect("the push next to a stopped gc is acknowledged");
    tokio::time::sleep(Duration::from_millis(2500)).await;
    stopped.signal(libc::SIGCONT);
    assert_eq!(stopped.wait(120), 0, "{}", stopped.log_text());
    let rep: serde_json::Value = serde_json::from_str(&stopped.stdout()).expect("gc --json");
    assert!(
        rep["deletes_refused"].as_u64().unwrap_or(0) >= 1,
        "the stopped gc's deletes were not refused: {rep}"
    );
    let late_acked = Acked {
        repo: "team0/app".into(),
        manifest: late,
        blobs: vec![old_layer.clone(), b"{\"late\":true}".to_vec()],
    };
    verify(&replicas, &late_acked).await;

    // ---- pushers on both replicas while gc loops -------------------------------------
    let pushers: Vec<_> = (0..4)
        .map(|i| tokio::spawn(pusher(replicas.clone(), i, 9, base.clone())))
        .collect();
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let gc_loop = {
        let (done, url) = (done.clone(), url.clone());
        tokio::task::spawn_blocking(move || {
            let mut runs = 0;
            let mut refused = 0;
            while !done.load(std::sync::atomic::Ordering::Relaxed) && runs < 60 {
                let rep = gc_json(s3, &url, GRACE);
                refused += rep["deletes_refused"].as_u64().unwrap_or(0);
                assert!(
                    rep["problems"].as_array().is_some_and(|p| p.is_empty()),
                    "{rep}"
                );
                runs += 1;
            }
            (runs, refused)
        })
    };
    let mut acked = vec![late_acked];
    let mut retries = 0;
    for p in pushers {
        let (a, r) = p.await.expect("pusher");
        acked.extend(a);
        retries += r;
    }
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let (runs, refused) = gc_loop.await.expect("gc loop");
    assert!(runs >= 1, "gc never ran next to the pushers");
    eprintln!(
        "{} acknowledged pushes, {retries} retried attempts, {runs} gc runs, {refused} deletes refused",
        acked.len()
    );
    for a in &acked {
        verify(&replicas, a).await;
    }

    // ---- a final gc leaves no garbage ---------------------------------------------------
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let fin = gc_json(s3, &url, GRACE);
    assert!(
        fin["problems"].as_array().is_some_and(|p| p.is_empty()),
        "{fin}"
    );
    let again = gc_json(s3, &url, "0s");
    assert_eq!(again["blobs_unreferenced"], 0, "garbage left: {again}");
    assert_eq!(again["manifests_removed"], 0, "{again}");
    assert_eq!(again["layer_links_removed"], 0, "{again}");
    let held = &again["held_back"];
    assert_eq!(
        (held["manifests"].as_u64(), held["layer_links"].as_u64()),
        (Some(0), Some(0)),
        "{again}"
    );
    for a in &acked {
        verify(&replicas, a).await;
    }
    // The one data object is the base layer's: nothing unnamed is left.
    let data = list_all(&*objects, "data/").await.expect("list data/");
    assert_eq!(data.len(), 1, "data objects left: {data:?}");
    let uploads = list_all(&*objects, "uploads/")
        .await
        .expect("list uploads/");
    assert!(uploads.is_empty(), "upload sessions left: {uploads:?}");
}

/// Not a check: figures. Writes a store of `GC_BENCH_BLOBS` (default 2,000) blobs and
/// `GC_BENCH_MANIFESTS` (500) manifests to the bucket through the store's own commit
/// paths (four unique layers per image, the rest orphans, half the images tagged),
/// then times `gc --dry-run`, a real `gc --grace-period 0s --delete-untagged` and a
/// second run, as separate processes. Run with
/// `cargo test --release --test online_gc_s3 gc_timing -- --ignored --nocapture`.
#[test]
#[ignore]
fn gc_timing_on_a_generated_store() {
    let Some(s3) = common::s3::server("gc_timing_on_a_generated_store") else {
        return;
    };
    let n = |var: &str, d: usize| {
        std::env::var(var)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(d)
    };
    let (blobs, manifests) = (n("GC_BENCH_BLOBS", 2000), n("GC_BENCH_MANIFESTS", 500));
    let objects = s3.objects();
    let url = objects.config().url();
    let store = Store::open_objects(Arc::new(objects), Access::ReadWrite, true).expect("create");
    let started = Instant::now();
    let per = (blobs / manifests.max(1)).max(2);
    let work: Vec<usize> = (0..manifests).collect();
    registryctl::par::map(&work, 16, |&i| {
        let repo = registryctl::oci::RepoName::parse(&format!("bench/r{}", i % 20)).expect("repo");
        let config = format!("{{\"image\":{i}}}").into_bytes();
        let layers: Vec<Vec<u8>> = (1..per)
            .map(|j| format!("layer {j} of image {i}").into_bytes())
            .collect();
        store.put_blob_bytes(&repo, &config).expect("config");
        for l in &layers {
            store.put_blob_bytes(&repo, l).expect("layer");
        }
        let refs: Vec<&[u8]> = layers.iter().map(|l| l.as_slice()).collect();
        let body = image_manifest(&config, &refs);
        let m = registryctl::oci::Manifest::parse(&body, IMAGE).expect("manifest");
        let tag = registryctl::oci::Tag::parse(&format!("t{i}")).expect("tag");
        store
            .put_manifest(
                &repo,
                &Digest::sha256_of(&body),
                &body,
                &m,
                (i % 2 == 0).then_some(&tag),
            )
            .expect("put manifest");
    });
    eprintln!(
        "generated {manifests} manifests over {} blobs in {:.1}s",
        manifests * per,
        started.elapsed().as_secs_f64()
    );
    let time = |args: &[&str]| {
        let t = Instant::now();
        let (code, out, err) = s3.cli(&url, args, "");
        assert_eq!(code, 0, "{out}{err}");
        let v: serde_json::Value = serde_json::from_str(&out).expect("json");
        eprintln!(
            "gc {args:?}: {:.2}s wall (report {:.2}s): blobs scanned {}, deleted {}, manifests removed {}",
            t.elapsed().as_secs_f64(),
            v["duration_seconds"].as_f64().unwrap_or(0.0),
            v["blobs_scanned"],
            v["blobs_deleted"],
            v["manifests_removed"]
        );
    };
    time(&[
        "gc",
        "--dry-run",
        "--grace-period",
        "0s",
        "--delete-untagged",
        "--json",
    ]);
    time(&["gc", "--grace-period", "0s", "--delete-untagged", "--json"]);
    time(&["gc", "--grace-period", "0s", "--delete-untagged", "--json"]);
}
