//! Several `serve` processes on one store behind HAProxy (tests/common/replicas.rs):
//! on one S3 prefix (a real SeaweedFS) and on one filesystem root.
//!
//! - `shared_state_*`: what one replica writes, every other serves at once (uploads
//!   hopping replicas chunk by chunk, tags, tag moves, deletes after the others read
//!   the same objects), user and rule edits by separate `registryctl` processes reach
//!   every replica within 2 s, a token one replica issued is accepted by the others,
//!   and logs and metrics name the replica.
//! - `faults_*`: concurrent pushers through the balancer (shared base layers re-used
//!   after a HEAD, chunked uploads, multi-arch indexes, referrers, tag moves, deletes)
//!   while replicas are killed with SIGKILL and restarted, or stopped and continued,
//!   and gc runs in a loop with a 3 s grace, one run stopped with SIGSTOP in the
//!   middle for longer than the grace, later ones killed with SIGKILL in the middle;
//!   afterwards every acknowledged push pulls completely and byte-verifies through
//!   the balancer, `registryctl scan --verify` finds no error, and a gc without grace
//!   leaves nothing for a second one to remove; the load driver's `gc-check`
//!   (`../shared/bench`) finds its gc test set, pushed before the faults, kept and
//!   swept exactly as a plain gc should.
//! - `readyz_follows_the_object_store`: a replica's `/readyz` turns 503 when its
//!   SeaweedFS is killed, or stopped (the probe's timeout), and 200 again when it is
//!   back.

mod common;

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::replicas::{Cluster, Replica, Shared};
use common::{digest, Digest};
use serde_json::json;

const IMAGE: &str = "application/vnd.oci.image.manifest.v1+json";
const INDEX: &str = "application/vnd.oci.image.index.v1+json";

/// A client with a bound on every request (a stopped replica holds its requests until
/// it is continued; HAProxy's own server timeout is 30 s).
fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(40))
        .build()
        .expect("client")
}

/// An absolute URL for an upload's `Location` (which may be a path).
fn absolute(base: &str, location: &str) -> String {
    match location.starts_with('/') {
        true => format!("{base}{location}"),
        false => location.to_string(),
    }
}

type Res<T> = Result<T, String>;

fn status_is(
    r: reqwest::Result<reqwest::Response>,
    want: u16,
    what: &str,
) -> Res<reqwest::Response> {
    match r {
        Ok(r) if r.status().as_u16() == want => Ok(r),
        Ok(r) => Err(format!("{what}: status {}", r.status())),
        Err(e) => Err(format!("{what}: {e}")),
    }
}

/// Pushes `data` in one `POST ?digest=`.
async fn push_mono(c: &reqwest::Client, base: &str, repo: &str, data: &[u8]) -> Res<Digest> {
    let d = digest(data);
    let r = c
        .post(format!("{base}/v2/{repo}/blobs/uploads/?digest={d}"))
        .body(data.to_vec())
        .send()
        .await;
    status_is(r, 201, "monolithic push")?;
    Ok(d)
}

/// Pushes `data` as a POST, one PATCH per chunk and a closing PUT; request `i` goes
/// to `bases[i % len]` (give one base, the balancer, to let it choose).
async fn push_chunked(
    c: &reqwest::Client,
    bases: &[String],
    repo: &str,
    data: &[u8],
    chunk: usize,
) -> Res<Digest> {
    let d = digest(data);
    let mut n = 0usize;
    let mut next = || {
        n += 1;
        bases[(n - 1) % bases.len()].clone()
    };
    let base = next();
    let r = status_is(
        c.post(format!("{base}/v2/{repo}/blobs/uploads/"))
            .send()
            .await,
        202,
        "start upload",
    )?;
    let mut loc = location(&r)?;
    let mut offset = 0usize;
    for part in data.chunks(chunk) {
        let base = next();
        let end = offset + part.len() - 1;
        let r = status_is(
            c.patch(absolute(&base, &loc))
                .header("content-type", "application/octet-stream")
                .header("content-range", format!("{offset}-{end}"))
                .body(part.to_vec())
                .send()
                .await,
            202,
            "patch chunk",
        )?;
        loc = location(&r)?;
        offset += part.len();
    }
    let base = next();
    let sep = if loc.contains('?') { '&' } else { '?' };
    status_is(
        c.put(format!("{}{sep}digest={d}", absolute(&base, &loc)))
            .send()
            .await,
        201,
        "close upload",
    )?;
    Ok(d)
}

fn location(r: &reqwest::Response) -> Res<String> {
    r.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .ok_or_else(|| "no Location".to_string())
}

async fn put_manifest(
    c: &reqwest::Client,
    base: &str,
    repo: &str,
    reference: &str,
    media_type: &str,
    body: &[u8],
) -> Res<()> {
    let r = c
        .put(format!("{base}/v2/{repo}/manifests/{reference}"))
        .header("content-type", media_type)
        .body(body.to_vec())
        .send()
        .await;
    status_is(r, 201, "put manifest").map(|_| ())
}

/// Status and body of a GET.
async fn get(c: &reqwest::Client, url: &str) -> (u16, Vec<u8>) {
    match c.get(url).send().await {
        Ok(r) => {
            let s = r.status().as_u16();
            (s, r.bytes().await.map(|b| b.to_vec()).unwrap_or_default())
        }
        Err(_) => (0, Vec::new()),
    }
}

/// Asserts that a GET of `url` answers 200 with `want`; `what` says which check.
async fn assert_serves(c: &reqwest::Client, url: &str, want: &[u8], what: &str) {
    let (s, got) = get(c, url).await;
    assert_eq!((s, got == want), (200, true), "{what}: {url}");
}

/// Waits until a GET of `url` answers `status` (at most `secs` seconds).
async fn answers_within(c: &reqwest::Client, url: &str, status: u16, secs: u64) {
    common::eventually(secs, || async { get(c, url).await.0 == status }).await;
}

async fn head_status(c: &reqwest::Client, url: &str) -> u16 {
    c.head(url)
        .send()
        .await
        .map(|r| r.status().as_u16())
        .unwrap_or(0)
}

fn image(config: &[u8], layers: &[&[u8]], subject: Option<(&Digest, usize)>) -> Vec<u8> {
    let layers: Vec<_> = layers
        .iter()
        .map(|l| {
            json!({"mediaType": "application/vnd.oci.image.layer.v1.tar",
                        "digest": digest(l).to_string(), "size": l.len()})
        })
        .collect();
    let mut m = json!({
        "schemaVersion": 2,
        "mediaType": IMAGE,
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                   "digest": digest(config).to_string(), "size": config.len()},
        "layers": layers,
    });
    if let Some((d, size)) = subject {
        m["artifactType"] = json!("application/vnd.example.sbom");
        m["subject"] = json!({"mediaType": IMAGE, "digest": d.to_string(), "size": size});
    }
    serde_json::to_vec(&m).expect("json")
}

fn index(children: &[(Digest, usize)]) -> Vec<u8> {
    let ms: Vec<_> = children
        .iter()
        .enumerate()
        .map(|(i, (d, size))| {
            let arch = ["amd64", "arm64", "s390x"][i % 3];
            json!({"mediaType": IMAGE, "digest": d.to_string(), "size": size,
                   "platform": {"architecture": arch, "os": "linux"}})
        })
        .collect();
    serde_json::to_vec(&json!({"schemaVersion": 2, "mediaType": INDEX, "manifests": ms}))
        .expect("json")
}

/// Deterministic bytes.
fn bytes(seed: &str, len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + 32);
    let mut h = digest(seed.as_bytes()).to_string().into_bytes();
    while out.len() < len {
        h = digest(&h).to_string().into_bytes();
        out.extend_from_slice(&h);
    }
    out.truncate(len);
    out
}

// ---- shared state -------------------------------------------------------------------

async fn shared_state(test: &str, store: Shared) {
    let Some(cl) = Cluster::start(test, store, 3, &[]).await else {
        return;
    };
    let c = client();
    let r: Vec<String> = cl.replicas.iter().map(|r| r.at("")).collect();
    let repo = "acme/app";

    // An upload begun on r0 continues on r1, then r2, and is closed on r0.
    let layer = bytes("layer", 300_000);
    let ld = push_chunked(&c, &r, repo, &layer, 100_000)
        .await
        .unwrap_or_else(|e| panic!("chunked upload across replicas: {e}\n{}", cl.logs()));
    // And one through the balancer, which spreads its requests.
    let layer2 = bytes("layer2", 250_000);
    push_chunked(&c, &[cl.url("")], repo, &layer2, 50_000)
        .await
        .expect("chunked upload through the balancer");
    // HAProxy balanced that upload's requests one by one: more than one replica
    // logged its PATCHes.
    let patched = cl
        .replicas
        .iter()
        .filter(|r| r.log_text().contains("method=PATCH"))
        .count();
    assert!(
        patched >= 2,
        "the balancer sent every chunk to one replica\n{}",
        cl.logs()
    );
    let config = b"{\"architecture\":\"amd64\"}".to_vec();
    push_mono(&c, &r[1], repo, &config).await.expect("config");
    for base in &r {
        for (d, body) in [(&ld, &layer), (&digest(&layer2), &layer2)] {
            let (s, got) = get(&c, &format!("{base}/v2/{repo}/blobs/{d}")).await;
            assert_eq!(s, 200, "{base} serves a blob uploaded across replicas");
            assert!(got == *body, "{base}: the bytes of {d}");
        }
    }

    // A tag pushed through r0 is served by every replica at once; moved through r1,
    // every replica (which served the old target a moment ago) serves the new one.
    let m1 = image(&config, &[&layer], None);
    let m2 = image(&config, &[&layer, &layer2], None);
    put_manifest(&c, &r[0], repo, "v1", IMAGE, &m1)
        .await
        .expect("push v1");
    for base in &r {
        assert_serves(
            &c,
            &format!("{base}/v2/{repo}/manifests/v1"),
            &m1,
            "serves v1 at once",
        )
        .await;
        let (s, tags) = get(&c, &format!("{base}/v2/{repo}/tags/list")).await;
        assert_eq!(s, 200);
        assert!(
            String::from_utf8_lossy(&tags).contains("\"v1\""),
            "{base} lists v1"
        );
    }
    put_manifest(&c, &r[1], repo, "v1", IMAGE, &m2)
        .await
        .expect("move v1");
    for base in &r {
        assert_serves(
            &c,
            &format!("{base}/v2/{repo}/manifests/v1"),
            &m2,
            "serves the moved v1 at once",
        )
        .await;
    }

    // Deletes through one replica are seen at once by the others, which had just
    // read the same objects (no cached "exists" outlives them).
    let lone = bytes("lone", 1000);
    let lone_d = push_mono(&c, &r[2], repo, &lone).await.expect("lone blob");
    let m1d = digest(&m1);
    for base in &r {
        assert_eq!(
            head_status(&c, &format!("{base}/v2/{repo}/blobs/{lone_d}")).await,
            200
        );
        let (s, _) = get(&c, &format!("{base}/v2/{repo}/manifests/{m1d}")).await;
        assert_eq!(s, 200, "{base} serves m1 by digest");
    }
    let del = c
        .delete(format!("{}/v2/{repo}/blobs/{lone_d}", r[1]))
        .send()
        .await
        .expect("delete blob");
    assert_eq!(del.status(), 202, "blob delete");
    let del = c
        .delete(format!("{}/v2/{repo}/manifests/{m1d}", r[1]))
        .send()
        .await
        .expect("delete manifest");
    assert_eq!(del.status(), 202, "manifest delete");
    // The audit log says which replica deleted them.
    let audit = cl.store.cli_async(&["audit", "log", "--json"]).await;
    assert_eq!(audit.0, 0, "audit log: {}{}", audit.1, audit.2);
    let by_r1 = format!("{}/", cl.replicas[1].name);
    let deletes: Vec<serde_json::Value> = audit
        .1
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|e| e["command"] == "registryctl serve")
        .collect();
    assert!(
        deletes.len() >= 2
            && deletes
                .iter()
                .all(|e| e["replica"].as_str().is_some_and(|r| r.starts_with(&by_r1))),
        "the deletes name replica {}: {deletes:?}",
        cl.replicas[1].name
    );
    for base in &r {
        assert_eq!(
            head_status(&c, &format!("{base}/v2/{repo}/blobs/{lone_d}")).await,
            404,
            "{base}: a deleted blob is gone at once"
        );
        // Nor can it be mounted from there into another repository.
        let m = c
            .post(format!(
                "{base}/v2/acme/other/blobs/uploads/?mount={lone_d}&from={repo}"
            ))
            .send()
            .await
            .expect("mount");
        assert_eq!(
            m.status(),
            202,
            "{base}: a mount of a deleted blob starts an upload instead"
        );
        let (s, _) = get(&c, &format!("{base}/v2/{repo}/manifests/{m1d}")).await;
        assert_eq!(s, 404, "{base}: a deleted manifest is gone at once");
        let s = head_status(&c, &format!("{base}/v2/{repo}/manifests/{m1d}")).await;
        assert_eq!(s, 404, "{base}: HEAD of a deleted manifest");
    }

    // On the filesystem, gc works across processes: once it removed the bytes, no
    // replica claims them, and a HEAD-then-push puts them back for all.
    if matches!(cl.store, Shared::Fs(_)) {
        cl.store.cli_ok(&["gc", "--grace-period", "0s"], "");
        for base in &r {
            let s = head_status(&c, &format!("{base}/v2/{repo}/blobs/{lone_d}")).await;
            assert_eq!(s, 404, "{base}: bytes gc removed");
        }
        push_mono(&c, &r[0], repo, &lone).await.expect("push again");
        for base in &r {
            assert_serves(
                &c,
                &format!("{base}/v2/{repo}/blobs/{lone_d}"),
                &lone,
                "pushed again after gc",
            )
            .await;
        }
    }

    // Logs and metrics name the replica.
    let (s, metrics) = get(&c, &format!("{}/metrics", r[1])).await;
    assert_eq!(s, 200);
    assert!(
        String::from_utf8_lossy(&metrics).contains("registryctl_replica_info{replica=\"r1\"} 1"),
        "the replica's name on /metrics"
    );
    let log = cl.replicas[1].log_text();
    let access: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("access: request"))
        .collect();
    assert!(!access.is_empty(), "access log of r1:\n{log}");
    assert!(
        log.lines()
            .all(|l| l.trim().is_empty() || l.ends_with("replica=r1")),
        "every line of r1's log names it:\n{log}"
    );

    // User and rule edits by separate processes reach every replica within 2 s.
    cl.store.cli_ok(
        &["user", "add", "alice", "--password-stdin"],
        "s3cret-pass\n",
    );
    let tags_url = |base: &String| format!("{base}/v2/{repo}/tags/list");
    let as_alice = |url: String| {
        let c = c.clone();
        async move {
            c.get(url)
                .basic_auth("alice", Some("s3cret-pass"))
                .send()
                .await
                .map(|r| r.status().as_u16())
                .unwrap_or(0)
        }
    };
    for base in &r {
        let url = tags_url(base);
        let took = common::eventually(2, || {
            let c = c.clone();
            let url = url.clone();
            async move { c.get(&url).send().await.is_ok_and(|r| r.status() == 401) }
        })
        .await;
        println!("{base}: access control on after {took:?}");
    }
    cl.store
        .cli_ok(&["acl", "grant", "alice", "acme/**", "pull,push"], "");
    for base in &r {
        let url = tags_url(base);
        let took = common::eventually(2, || {
            let f = as_alice(url.clone());
            async move { f.await == 200 }
        })
        .await;
        println!("{base}: grant in force after {took:?}");
    }

    // A token issued by r0 is accepted by r1 and r2: the signing key is the store's.
    let tok = c
        .get(format!(
            "{}/token?service=registryctl&scope=repository:{repo}:pull",
            r[0]
        ))
        .basic_auth("alice", Some("s3cret-pass"))
        .send()
        .await
        .expect("token");
    assert_eq!(tok.status(), 200, "token from r0");
    let body: serde_json::Value = tok.json().await.expect("token json");
    let token = body["token"].as_str().expect("token field").to_string();
    for base in &r {
        let s = c
            .get(tags_url(base))
            .bearer_auth(&token)
            .send()
            .await
            .expect("pull with token")
            .status();
        assert_eq!(s, 200, "{base} accepts r0's token");
    }

    cl.store
        .cli_ok(&["acl", "revoke", "alice", "acme/**", "pull,push"], "");
    for base in &r {
        let url = tags_url(base);
        common::eventually(2, || {
            let f = as_alice(url.clone());
            async move { f.await == 403 }
        })
        .await;
        let s = c
            .get(tags_url(base))
            .bearer_auth(&token)
            .send()
            .await
            .expect("pull with token")
            .status()
            .as_u16();
        assert_ne!(
            s, 200,
            "{base}: a revoked grant is not carried by the token"
        );
    }
    // A rotated key retires r0's token on every replica within 2 s.
    cl.store
        .cli_ok(&["acl", "grant", "alice", "acme/**", "pull"], "");
    cl.store.cli_ok(&["token", "rotate"], "");
    for base in &r {
        let url = tags_url(base);
        common::eventually(2, || {
            let c = c.clone();
            let url = url.clone();
            let token = token.clone();
            async move {
                c.get(&url)
                    .bearer_auth(&token)
                    .send()
                    .await
                    .is_ok_and(|r| r.status() == 401)
            }
        })
        .await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn shared_state_on_fs() {
    let dir = tempfile::tempdir().expect("tempdir");
    shared_state("shared_state_on_fs", Shared::Fs(dir.path().join("store"))).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn shared_state_on_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    shared_state(
        "shared_state_on_file",
        Shared::file(&dir.path().join("store")),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn shared_state_on_s3() {
    let Some(s3) = common::s3::server("shared_state_on_s3") else {
        return;
    };
    shared_state("shared_state_on_s3", Shared::s3(s3)).await;
}

// ---- naming -------------------------------------------------------------------------

/// `config show` of `--root DIR` with `envs` and `args` after `config show`.
fn config_show(dir: &std::path::Path, config: Option<&str>, envs: &[(&str, &str)]) -> String {
    let mut cmd = common::bin_command();
    if let Some(text) = config {
        let f = dir.join("config.toml");
        std::fs::write(&f, text).expect("config");
        cmd.env("REGISTRYCTL_CONFIG", f);
    }
    cmd.envs(envs.iter().copied())
        .arg("--root")
        .arg(dir.join("store"))
        .args(["config", "show"]);
    let out = common::output_within(cmd, "", 60);
    assert!(out.status.success(), "config show: {out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_replica_name_comes_from_env_file_or_host_and_port() {
    let dir = tempfile::tempdir().expect("tempdir");
    let shown = config_show(
        dir.path(),
        None,
        &[("REGISTRYCTL_LISTEN", "127.0.0.1:5123")],
    );
    let default = shown
        .lines()
        .find(|l| l.starts_with("replica = "))
        .unwrap_or_else(|| panic!("no replica in:\n{shown}"));
    assert!(
        default.contains(":5123\"") && default.ends_with("# default"),
        "{default}"
    );
    let file = "[server]\nreplica = \"from-file\"\n";
    assert!(config_show(dir.path(), Some(file), &[]).contains("replica = \"from-file\""));
    let env = config_show(
        dir.path(),
        Some(file),
        &[("REGISTRYCTL_REPLICA", "from-env")],
    );
    assert!(
        env.contains("replica = \"from-env\"  # env REGISTRYCTL_REPLICA"),
        "{env}"
    );
    let mut cmd = common::bin_command();
    cmd.arg("--root")
        .arg(dir.path().join("store"))
        .args(["serve", "--replica", "bad\nname"]);
    let out = common::output_within(cmd, "", 60);
    assert!(
        !out.status.success(),
        "a replica name with a newline is refused"
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--replica"),
        "{out:?}"
    );
}

// ---- readiness ----------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readyz_follows_the_object_store() {
    let Some(mut s3) = common::s3::OwnS3::start("readyz_follows_the_object_store") else {
        return;
    };
    let store = Shared::s3(&s3.server);
    store.cli_ok(&["init"], "");
    let dir = tempfile::tempdir().expect("tempdir");
    let replica = Replica::start(&store, "ready-test", dir.path(), &["--log-format", "json"]);
    let c = client();
    let readyz = replica.at("/readyz");
    let (s, _) = get(&c, &readyz).await;
    assert_eq!(s, 200, "ready with the store up: {}", replica.log_text());

    tokio::task::block_in_place(|| s3.kill());
    answers_within(&c, &readyz, 503, 15).await;
    let (_, body) = get(&c, &readyz).await;
    let reason = String::from_utf8_lossy(&body);
    assert!(reason.starts_with("not ready: "), "a reason: {reason}");
    // Each answer is bounded by the probe's timeout (2 s) even with the store gone;
    // the bound checked here is loose on purpose (a shared, loaded machine).
    let t = Instant::now();
    let (s, _) = get(&c, &readyz).await;
    assert_eq!(s, 503);
    assert!(
        t.elapsed() < Duration::from_secs(10),
        "/readyz hung for {:?}",
        t.elapsed()
    );

    tokio::task::block_in_place(|| s3.restart());
    answers_within(&c, &readyz, 200, 30).await;

    // A store that stops answering (SIGSTOP) is not waited for: the probe gives up.
    s3.signal(libc::SIGSTOP);
    answers_within(&c, &readyz, 503, 15).await;
    s3.signal(libc::SIGCONT);
    answers_within(&c, &readyz, 200, 30).await;
    let log = replica.log_text();
    assert!(
        log.contains("readiness probe failed"),
        "the failure is logged:\n{log}"
    );
    for line in log.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("a JSON log line");
        assert_eq!(v["replica"], "ready-test", "{line}");
    }
}

// ---- faults -------------------------------------------------------------------------

/// What a pusher was told was stored.
#[derive(Debug, Clone)]
struct Acked {
    repo: String,
    /// Tag it was pushed under, if it should still resolve to it.
    tag: Option<String>,
    manifest: Vec<u8>,
    /// Every blob it references, with its bytes (images only).
    blobs: Vec<Arc<Vec<u8>>>,
    /// Set for a referrer: the subject it names.
    subject: Option<Digest>,
}

#[derive(Default)]
struct Outcome {
    acked: Vec<Acked>,
    deleted: Vec<(String, Digest)>,
    failures: Vec<String>,
}

/// Requests tried again (caught by a fault), for the report; shared by the tests
/// of this binary, so a figure printed counts every test's so far.
static RETRIES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Retries `op` up to 4 times (a request caught by a killed replica); the error of
/// the last try.
async fn retry<T, F, Fut>(mut op: F) -> Res<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Res<T>>,
{
    let mut last = String::new();
    for attempt in 0..4u64 {
        match op().await {
            Ok(v) => return Ok(v),
            Err(e) => last = e,
        }
        RETRIES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        tokio::time::sleep(Duration::from_millis(200 * (attempt + 1))).await;
    }
    Err(last)
}

/// One pusher: images over shared base layers (HEAD first, pushed only when
/// missing), a fresh chunked layer each, every third round an index of its last
/// images, every fourth a referrer, a moving `latest` tag, and throwaway manifests it
/// deletes again.
async fn pusher(
    base: String,
    id: usize,
    base_layers: Arc<Vec<Arc<Vec<u8>>>>,
    until: Instant,
) -> Outcome {
    let c = client();
    let repo = format!("acme/p{}", id % 2);
    let mut out = Outcome::default();
    let mut recent: Vec<(Digest, usize)> = Vec::new();
    for round in 0..400 {
        if Instant::now() > until {
            break;
        }
        let step = async {
            // HEAD-then-skip: a base layer is pushed only when the registry lacks it.
            let shared = base_layers[round % base_layers.len()].clone();
            let sd = digest(&shared);
            let url = format!("{base}/v2/{repo}/blobs/{sd}");
            if retry(|| async {
                match head_status(&c, &url).await {
                    0 => Err("HEAD failed".to_string()),
                    s => Ok(s),
                }
            })
            .await?
                != 200
            {
                retry(|| push_mono(&c, &base, &repo, &shared)).await?;
            }
            let own = Arc::new(bytes(&format!("own-{id}-{round}"), 40_000 + round * 997));
            let bases = [base.clone()];
            retry(|| push_chunked(&c, &bases, &repo, &own, 16_384)).await?;
            let config = format!("{{\"pusher\":{id},\"round\":{round}}}").into_bytes();
            retry(|| push_mono(&c, &base, &repo, &config)).await?;
            let m = image(&config, &[&shared, &own], None);
            let tag = format!("i{id}-{round}");
            retry(|| put_manifest(&c, &base, &repo, &tag, IMAGE, &m)).await?;
            let md = digest(&m);
            out.acked.push(Acked {
                repo: repo.clone(),
                tag: Some(tag),
                manifest: m.clone(),
                blobs: vec![Arc::new(config.clone()), shared.clone(), own.clone()],
                subject: None,
            });
            recent.push((md.clone(), m.len()));
            // The tag that moves.
            let latest = format!("latest-{id}");
            let _ = retry(|| put_manifest(&c, &base, &repo, &latest, IMAGE, &m)).await;
            if round % 3 == 2 {
                let idx = index(&recent[recent.len().saturating_sub(3)..]);
                let tag = format!("x{id}-{round}");
                retry(|| put_manifest(&c, &base, &repo, &tag, INDEX, &idx)).await?;
                out.acked.push(Acked {
                    repo: repo.clone(),
                    tag: Some(tag),
                    manifest: idx,
                    blobs: Vec::new(),
                    subject: None,
                });
            }
            if round % 4 == 1 {
                let sbom = format!("sbom of {md}").into_bytes();
                retry(|| push_mono(&c, &base, &repo, &sbom)).await?;
                let empty = b"{}".to_vec();
                retry(|| push_mono(&c, &base, &repo, &empty)).await?;
                let r = image(&empty, &[&sbom], Some((&md, m.len())));
                let rd = digest(&r);
                let by_digest = rd.to_string();
                retry(|| put_manifest(&c, &base, &repo, &by_digest, IMAGE, &r)).await?;
                out.acked.push(Acked {
                    repo: repo.clone(),
                    tag: None,
                    manifest: r,
                    blobs: vec![Arc::new(empty), Arc::new(sbom)],
                    subject: Some(md.clone()),
                });
            }
            if round % 5 == 3 {
                // A throwaway: pushed, then its manifest deleted.
                let cfg = format!("{{\"throwaway\":[{id},{round}]}}").into_bytes();
                retry(|| push_mono(&c, &base, &repo, &cfg)).await?;
                let t = image(&cfg, &[&shared], None);
                let td = digest(&t);
                let tmp = format!("tmp{id}-{round}");
                retry(|| put_manifest(&c, &base, &repo, &tmp, IMAGE, &t)).await?;
                let url = format!("{base}/v2/{repo}/manifests/{td}");
                retry(|| async {
                    match c.delete(&url).send().await {
                        Ok(r) if r.status() == 202 || r.status() == 404 => Ok(()),
                        Ok(r) => Err(format!("delete manifest: {}", r.status())),
                        Err(e) => Err(format!("delete manifest: {e}")),
                    }
                })
                .await?;
                out.deleted.push((repo.clone(), td));
            }
            Ok::<(), String>(())
        };
        if let Err(e) = step.await {
            out.failures.push(format!("pusher {id} round {round}: {e}"));
        }
    }
    out
}

/// Pulls `a` through the balancer and checks every byte.
async fn verify(c: &reqwest::Client, base: &str, a: &Acked) -> Res<()> {
    let md = digest(&a.manifest);
    let (s, got) = get(c, &format!("{base}/v2/{}/manifests/{md}", a.repo)).await;
    if s != 200 || got != a.manifest {
        return Err(format!(
            "{}@{md}: status {s}, same bytes {}",
            a.repo,
            got == a.manifest
        ));
    }
    if let Some(t) = &a.tag {
        let (s, got) = get(c, &format!("{base}/v2/{}/manifests/{t}", a.repo)).await;
        if s != 200 || got != a.manifest {
            return Err(format!("{}:{t}: status {s}", a.repo));
        }
    }
    for b in &a.blobs {
        let d = digest(b);
        let (s, got) = get(c, &format!("{base}/v2/{}/blobs/{d}", a.repo)).await;
        if s != 200 || digest(&got) != d {
            return Err(format!("{}: blob {d} of {md}: status {s}", a.repo));
        }
    }
    if let Some(subject) = &a.subject {
        let (s, got) = get(c, &format!("{base}/v2/{}/referrers/{subject}", a.repo)).await;
        if s != 200 || !String::from_utf8_lossy(&got).contains(&md.to_string()) {
            return Err(format!("{}: referrer {md} of {subject} not listed", a.repo));
        }
    }
    Ok(())
}

async fn faults(test: &str, store: Shared) {
    let Some(mut cl) = Cluster::start(test, store, 3, &[]).await else {
        return;
    };
    let base = cl.url("");
    // The load driver's gc test set, pushed through the balancer before the faults:
    // what a correct gc keeps and removes of it is checked at the end.
    let gc_set = tempfile::tempdir().expect("tempdir");
    let gc_state = gc_set.path().join("populate.state.json");
    let driver = regbench(test);
    if let Some(rb) = &driver {
        let state = gc_state.to_string_lossy();
        let (code, out, err) = run_regbench(
            rb,
            &base,
            &[
                "populate", "--images", "24", "--repos", "2", "--state", &state,
            ],
        )
        .await;
        assert_eq!(code, 0, "regbench populate: {out}{err}");
    }
    let base_layers: Arc<Vec<Arc<Vec<u8>>>> = Arc::new(
        (0..3)
            .map(|i| Arc::new(bytes(&format!("base-{i}"), 120_000)))
            .collect(),
    );
    let started = Instant::now();
    let until = started + Duration::from_secs(25);
    let pushers: Vec<_> = (0..4)
        .map(|id| tokio::spawn(pusher(base.clone(), id, base_layers.clone(), until)))
        .collect();

    // gc in a loop beside the pushers, as cron would run it, with a few seconds of
    // grace; one run is stopped with SIGSTOP in the middle for longer than the grace
    // and continued, later runs are killed with SIGKILL in the middle.
    let gc_stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let gc_loop = {
        let store = cl.store.clone();
        let stop = gc_stop.clone();
        tokio::task::spawn_blocking(move || gc_loop(&store, &stop))
    };

    // Faults, one after the other, while the pushers run.
    let at = |secs: u64| started + Duration::from_secs(secs);
    let sleep_until = |t: Instant| tokio::time::sleep_until(t.into());
    sleep_until(at(4)).await;
    tokio::task::block_in_place(|| cl.replicas[1].kill9());
    sleep_until(at(6)).await;
    tokio::task::block_in_place(|| cl.replicas[1].restart());
    sleep_until(at(9)).await;
    cl.replicas[2].signal(libc::SIGSTOP);
    sleep_until(at(12)).await;
    cl.replicas[2].signal(libc::SIGCONT);
    sleep_until(at(15)).await;
    tokio::task::block_in_place(|| cl.replicas[0].restart()); // kill -9, then start again
    sleep_until(at(18)).await;
    cl.replicas[1].signal(libc::SIGSTOP);
    sleep_until(at(19)).await;
    cl.replicas[1].signal(libc::SIGCONT);

    let mut all = Outcome::default();
    for p in pushers {
        let o = p.await.expect("pusher");
        all.acked.extend(o.acked);
        all.deleted.extend(o.deleted);
        all.failures.extend(o.failures);
    }
    gc_stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let gc_runs = gc_loop.await.expect("gc loop");
    println!(
        "{test}: {} acknowledged manifests, {} deleted, {} failed rounds, {} requests retried (in this binary so far), gc runs {:?} ({} deletes refused) in {:?}",
        all.acked.len(),
        all.deleted.len(),
        all.failures.len(),
        RETRIES.load(std::sync::atomic::Ordering::Relaxed),
        gc_runs,
        gc_runs
            .iter()
            .map(|r| match r {
                GcRun::Done { refused, .. } => *refused,
                _ => 0,
            })
            .sum::<u64>(),
        started.elapsed()
    );
    for i in [0, 1] {
        let starts = cl.replicas[i]
            .log_text()
            .matches("registry serving")
            .count();
        assert_eq!(starts, 2, "r{i} was killed and started again");
    }
    for f in &all.failures {
        println!("  {f}");
    }
    let done = gc_runs
        .iter()
        .filter(|r| matches!(r, GcRun::Done { .. }))
        .count();
    assert!(done >= 3, "gc ran during the pushes: {gc_runs:?}");
    assert!(
        gc_runs.iter().any(|r| matches!(r, GcRun::Killed)),
        "a gc was killed: {gc_runs:?}"
    );
    assert!(
        gc_runs
            .iter()
            .any(|r| matches!(r, GcRun::Done { stopped: true, .. })),
        "a stopped gc finished after SIGCONT: {gc_runs:?}"
    );
    assert!(
        all.acked.len() >= 20,
        "too few pushes got through ({}):\n{:?}\n{}",
        all.acked.len(),
        all.failures,
        cl.logs()
    );

    // A last gc after the pushes, then every acknowledged push pulls through the
    // balancer, byte for byte; the deleted manifests stay deleted.
    let fin = tokio::task::block_in_place(|| final_gc(&cl.store, GRACE));
    assert!(
        fin["problems"].as_array().is_some_and(|p| p.is_empty()),
        "final gc: {fin}"
    );
    let c = client();
    let mut bad = Vec::new();
    for a in &all.acked {
        if let Err(e) = verify(&c, &base, a).await {
            bad.push(e);
        }
    }
    // Each moving tag names one of its pusher's acknowledged images.
    let acked: HashSet<Digest> = all.acked.iter().map(|a| digest(&a.manifest)).collect();
    for id in 0..4 {
        let (s, got) = get(
            &c,
            &format!("{base}/v2/acme/p{}/manifests/latest-{id}", id % 2),
        )
        .await;
        if s != 200 || !acked.contains(&digest(&got)) {
            bad.push(format!(
                "latest-{id}: status {s}, an acknowledged image: {}",
                acked.contains(&digest(&got))
            ));
        }
    }
    for (repo, d) in &all.deleted {
        let (s, _) = get(&c, &format!("{base}/v2/{repo}/manifests/{d}")).await;
        if s != 404 {
            bad.push(format!("deleted {repo}@{d} answers {s}"));
        }
    }
    assert!(
        bad.is_empty(),
        "after the faults:\n{}\n{}",
        bad.join("\n"),
        cl.logs()
    );
    let (code, out, err) = cl.store.cli_async(&["scan", "--verify"]).await;
    assert_eq!(code, 0, "scan --verify after the faults:\n{out}{err}");

    // No garbage left: with the pushes over, a gc without grace removes what the
    // faults left unreferenced (aborted uploads, killed gc runs' leftovers), and a
    // second one finds nothing; every acknowledged push still verifies.
    let swept = tokio::task::block_in_place(|| final_gc(&cl.store, "0s"));
    let again = tokio::task::block_in_place(|| final_gc(&cl.store, "0s"));
    println!(
        "{test}: after the pushes, gc without grace removed {} blobs, {} manifests; a second run {}",
        swept["blobs_deleted"], swept["manifests_removed"], again["blobs_deleted"]
    );
    for field in [
        "blobs_unreferenced",
        "manifests_removed",
        "layer_links_removed",
    ] {
        assert_eq!(again[field], 0, "garbage left ({field}): {again}");
    }
    for a in &all.acked {
        if let Err(e) = verify(&c, &base, a).await {
            bad.push(e);
        }
    }
    assert!(bad.is_empty(), "after the last gc:\n{}", bad.join("\n"));

    // The load driver agrees: nothing of its set that must be kept is missing (each
    // blob read back in full), and nothing that a plain gc removes is left.
    if let Some(rb) = &driver {
        let state = gc_state.to_string_lossy();
        let (code, out, err) = run_regbench(
            rb,
            &base,
            &["gc-check", "--state", &state, "--mode", "plain"],
        )
        .await;
        println!("{test}: regbench gc-check: {out}");
        assert_eq!(
            code, 0,
            "regbench gc-check found kept objects missing: {out}{err}"
        );
        let report: serde_json::Value =
            serde_json::from_str(&out).unwrap_or_else(|e| panic!("gc-check report: {e}: {out}"));
        assert_eq!(report["metrics"]["kept_missing"], 0.0, "{out}");
        assert_eq!(report["metrics"]["garbage_left"], 0.0, "{out}");
    }
}

/// The load driver of `../shared/bench` (`regbench`) that `REGISTRYCTL_REGBENCH`
/// names (.ci/run builds it). `None` (a SKIPPED line) when unset, unless
/// `REGISTRYCTL_REQUIRE_REGBENCH=1`: then a failure.
fn regbench(test: &str) -> Option<std::path::PathBuf> {
    match std::env::var_os("REGISTRYCTL_REGBENCH") {
        Some(p) if std::path::Path::new(&p).is_file() => Some(p.into()),
        _ if std::env::var("REGISTRYCTL_REQUIRE_REGBENCH").is_ok_and(|v| v == "1") => {
            panic!("{test}: REGISTRYCTL_REQUIRE_REGBENCH=1 but REGISTRYCTL_REGBENCH names no regbench binary")
        }
        _ => {
            println!(
                "SKIPPED {test}: regbench gc-check (set REGISTRYCTL_REGBENCH to the load driver)"
            );
            None
        }
    }
}

/// Runs the load driver against `base` (quiet, JSON, 4 workers, bounded to 5
/// minutes); its exit code, stdout and stderr.
async fn run_regbench(rb: &std::path::Path, base: &str, args: &[&str]) -> (i32, String, String) {
    let child = std::process::Command::new(rb)
        .args([
            "--url",
            base,
            "-q",
            "--json",
            "--concurrency",
            "4",
            "--timeout-s",
            "60",
        ])
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("regbench runs");
    let out = tokio::task::block_in_place(|| common::wait_output_within(child, "regbench", 300));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The grace period of the gc runs beside the pushers: a few seconds, longer than a
/// pusher takes from its HEAD or upload to its manifest (when no replica is stopped).
const GRACE: &str = "3s";

/// How one gc run of the loop ended.
#[derive(Debug)]
enum GcRun {
    /// Exited 0; `stopped` when it was stopped with SIGSTOP (for longer than the
    /// grace) and continued in the middle of its run.
    Done { stopped: bool, refused: u64 },
    /// Killed with SIGKILL in the middle of its run.
    Killed,
    /// Exited 8 (busy) while the lease of a killed run had not expired (object
    /// storage: 30 s; the filesystem's flock dies with its holder).
    Busy,
}

/// `registryctl gc --json` runs every 2 s until `stop` (at most 40 runs): the third
/// is stopped with SIGSTOP for 4 s (past the grace) and continued, every fifth from
/// the sixth on is killed with SIGKILL 100-500 ms into its run. Panics on any other
/// outcome.
fn gc_loop(store: &Shared, stop: &std::sync::atomic::AtomicBool) -> Vec<GcRun> {
    let mut runs = Vec::new();
    let mut killed = false;
    for n in 0..40u64 {
        if stop.load(std::sync::atomic::Ordering::Relaxed) {
            break;
        }
        let mut cmd = store.command();
        cmd.args(["gc", "--json", "-q", "--grace-period", GRACE])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let child = cmd.spawn().expect("spawn gc");
        let pid = child.id() as libc::pid_t;
        let stopped = n == 2;
        if n >= 5 && n % 5 == 0 {
            std::thread::sleep(Duration::from_millis(100 + (97 * n) % 400));
            let mut child = child;
            let _ = child.kill();
            let _ = child.wait();
            runs.push(GcRun::Killed);
            killed = true;
        } else {
            if stopped {
                std::thread::sleep(Duration::from_millis(150));
                // SAFETY: signals a child of this process, which has not been reaped.
                unsafe { libc::kill(pid, libc::SIGSTOP) };
                std::thread::sleep(Duration::from_secs(4));
                // SAFETY: as above.
                unsafe { libc::kill(pid, libc::SIGCONT) };
            }
            let out = common::wait_output_within(child, "gc", 120);
            let code = out.status.code().unwrap_or(-1);
            let stdout = String::from_utf8_lossy(&out.stdout);
            let stderr = String::from_utf8_lossy(&out.stderr);
            match code {
                0 => {
                    let report: serde_json::Value = serde_json::from_str(&stdout)
                        .unwrap_or_else(|e| panic!("gc report: {e}: {stdout}"));
                    runs.push(GcRun::Done {
                        stopped,
                        refused: report["deletes_refused"].as_u64().unwrap_or(0),
                    });
                }
                8 if killed => runs.push(GcRun::Busy),
                _ => panic!("gc run {n} exited {code}: {stdout}{stderr}"),
            }
        }
        std::thread::sleep(Duration::from_secs(2));
    }
    runs
}

/// A gc with `grace` once no other is running: waits out the lease a killed run left
/// (object storage: 30 s; bounded to 60 s). Its report; panics unless it exits 0.
fn final_gc(store: &Shared, grace: &str) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (code, out, err) = store.cli(&["gc", "--json", "-q", "--grace-period", grace], "");
        if code == 8 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_secs(1));
            continue;
        }
        assert_eq!(code, 0, "final gc: {out}{err}");
        return serde_json::from_str(&out).unwrap_or_else(|e| panic!("gc report: {e}: {out}"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn faults_on_fs() {
    let dir = tempfile::tempdir().expect("tempdir");
    faults("faults_on_fs", Shared::Fs(dir.path().join("store"))).await;
}

/// The protocol of object storage on a local directory: three processes on one
/// `file://` store, the same faults.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn faults_on_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    faults("faults_on_file", Shared::file(&dir.path().join("store"))).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn faults_on_s3() {
    let Some(s3) = common::s3::server("faults_on_s3") else {
        return;
    };
    faults("faults_on_s3", Shared::s3(s3)).await;
}
