//! Several `registryctl serve` processes on one store behind one HAProxy, as an
//! operator runs replicas: [`Cluster::start`] starts N replicas (real processes of the
//! binary, each on its own loopback port) on a shared filesystem root or S3 prefix,
//! and an HAProxy on a free loopback port in front of them, `balance roundrobin` with
//! every request balanced on its own (`option http-server-close`, `http-reuse never`),
//! so the chunks of one upload land on different replicas. Everything is killed on
//! drop.
//!
//! HAProxy is `/usr/sbin/haproxy` (Debian's `haproxy`, installed by `.ci/run`) or
//! `$REGISTRYCTL_HAPROXY`; without it [`haproxy_binary`] prints a SKIPPED line,
//! unless `REGISTRYCTL_REQUIRE_HAPROXY=1` or `REGISTRYCTL_REQUIRE_INTEROP=1` (which
//! `.ci/run` sets: CI must never pass by skipping) makes that a failure.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Where the replicas' store is.
#[derive(Clone, Debug)]
pub enum Shared {
    /// One `--root` directory (locks and stamps).
    Fs(PathBuf),
    /// One store kept as objects, `--storage URL`: an S3 prefix
    /// (`s3://BUCKET/PREFIX`) or a directory (`file:///DIR`), with the environment
    /// reaching the server.
    Objects {
        /// The `--storage` URL.
        url: String,
        /// `AWS_*` variables of the server (none for `file://`).
        env: Vec<(&'static str, String)>,
    },
}

impl Shared {
    /// A fresh prefix on the S3 server `s3`.
    pub fn s3(s3: &super::s3::S3Server) -> Shared {
        Shared::Objects {
            url: format!(
                "s3://{}/r-{}",
                super::s3::BUCKET,
                uuid::Uuid::new_v4().simple()
            ),
            env: s3.env(),
        }
    }

    /// Objects as files in the directory `dir` (created by the first `serve`).
    pub fn file(dir: &Path) -> Shared {
        Shared::Objects {
            url: format!("file://{}", dir.display()),
            env: Vec::new(),
        }
    }

    /// `registryctl` with this store's flag and environment, in a clean environment.
    pub fn command(&self) -> Command {
        let mut cmd = super::bin_command();
        cmd.env_remove("AWS_CA_BUNDLE")
            .env_remove("AWS_PROFILE")
            .env_remove("AWS_SESSION_TOKEN");
        match self {
            Shared::Fs(root) => {
                cmd.arg("--root").arg(root);
            }
            Shared::Objects { url, env } => {
                cmd.envs(env.iter().map(|(k, v)| (*k, v.as_str())))
                    .arg("--storage")
                    .arg(url);
            }
        }
        cmd
    }

    /// Runs `registryctl ARGS…` on this store (at most 120 s) with `stdin` fed in:
    /// exit code (-1 without one), stdout, stderr.
    pub fn cli(&self, args: &[&str], stdin: &str) -> (i32, String, String) {
        let mut cmd = self.command();
        cmd.args(args);
        let out = super::output_within(cmd, stdin, 120);
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// [`Shared::cli`] that must succeed; its stdout.
    pub fn cli_ok(&self, args: &[&str], stdin: &str) -> String {
        let (code, out, err) = self.cli(args, stdin);
        assert_eq!(code, 0, "registryctl {args:?} failed: {out}{err}");
        out
    }

    /// [`Shared::cli`] on a blocking thread, so servers of the caller's runtime go on.
    pub async fn cli_async(&self, args: &[&str]) -> (i32, String, String) {
        let me = self.clone();
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        tokio::task::spawn_blocking(move || {
            let a: Vec<&str> = args.iter().map(String::as_str).collect();
            me.cli(&a, "")
        })
        .await
        .expect("registryctl runner")
    }
}

/// One `serve` process of a cluster; restartable on its port.
pub struct Replica {
    /// `--replica` name.
    pub name: String,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    /// Where its stderr goes (appended across restarts).
    pub log: PathBuf,
    child: Option<Child>,
    store: Shared,
    args: Vec<String>,
}

impl Replica {
    /// Starts `serve --replica NAME --listen ADDR ARGS…` on `store` and waits until it
    /// accepts connections.
    pub fn start(store: &Shared, name: &str, dir: &Path, args: &[&str]) -> Replica {
        let mut r = Replica {
            name: name.to_string(),
            addr: format!("127.0.0.1:{}", super::free_port()),
            log: dir.join(format!("{name}.log")),
            child: None,
            store: store.clone(),
            args: args.iter().map(|s| s.to_string()).collect(),
        };
        r.spawn();
        r
    }

    /// `http://ADDR` + `path`.
    pub fn at(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn spawn(&mut self) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .expect("replica log");
        let mut cmd = self.store.command();
        cmd.arg("serve")
            .arg("--listen")
            .arg(&self.addr)
            .arg("--replica")
            .arg(&self.name)
            .args(&self.args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log);
        self.child = Some(cmd.spawn().expect("spawn registryctl serve"));
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(&self.addr).is_err() {
            if let Some(Ok(Some(st))) = self.child.as_mut().map(|c| c.try_wait()) {
                panic!(
                    "replica {} exited with {st}; log:\n{}",
                    self.name,
                    self.log_text()
                );
            }
            assert!(
                Instant::now() < deadline,
                "replica {} did not start listening; log:\n{}",
                self.name,
                self.log_text()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// What it wrote to stderr so far.
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Sends `sig` to the process.
    pub fn signal(&self, sig: libc::c_int) {
        let Some(c) = &self.child else { return };
        let pid = libc::pid_t::try_from(c.id()).expect("pid");
        // SAFETY: kill(2) on our own child's pid.
        unsafe {
            libc::kill(pid, sig);
        }
    }

    /// `kill -9` and reap.
    pub fn kill9(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// `kill -9`, then the same command again on the same port.
    pub fn restart(&mut self) {
        self.kill9();
        self.spawn();
    }
}

impl Drop for Replica {
    fn drop(&mut self) {
        // SIGKILL ends a stopped process too; SIGCONT first leaves no stopped process
        // behind should the kill fail.
        self.signal(libc::SIGCONT);
        self.kill9();
    }
}

/// The HAProxy binary, or `None` (with a SKIPPED line) where it is missing and not
/// required.
pub fn haproxy_binary(test: &str) -> Option<PathBuf> {
    let p = std::env::var_os("REGISTRYCTL_HAPROXY")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/sbin/haproxy"));
    if p.is_file() {
        return Some(p);
    }
    let required = ["REGISTRYCTL_REQUIRE_HAPROXY", "REGISTRYCTL_REQUIRE_INTEROP"]
        .iter()
        .any(|k| std::env::var(k).is_ok_and(|v| v == "1"));
    if required {
        panic!("{test}: haproxy is required (REGISTRYCTL_REQUIRE_HAPROXY=1) but {} is missing; apt-get install haproxy", p.display());
    }
    println!("SKIPPED {test}: haproxy not installed (apt-get install haproxy, or set REGISTRYCTL_HAPROXY)");
    None
}

/// The HAProxy configuration of a cluster: round robin per request over `servers`
/// (`name`, `addr`), each health-checked on `/readyz`, every timeout bounded.
pub fn haproxy_config(listen: &str, servers: &[(String, String)]) -> String {
    let mut cfg = format!(
        "global
    maxconn 2000
defaults
    mode http
    timeout connect 2s
    timeout client 30s
    timeout server 30s
    timeout http-request 10s
    timeout queue 10s
    # Every request on its own: a keep-alive client's requests (and the chunks of
    # one upload) are spread over the replicas.
    option http-server-close
    http-reuse never
    # A request that could not be sent (replica down) goes to another one.
    retries 2
    option redispatch
frontend registry
    bind {listen}
    default_backend replicas
backend replicas
    balance roundrobin
    option httpchk GET /readyz
"
    );
    for (name, addr) in servers {
        cfg.push_str(&format!(
            "    server {name} {addr} check inter 500ms fall 2 rise 1\n"
        ));
    }
    cfg
}

/// HAProxy in the foreground on a free loopback port. Killed on drop.
pub struct Haproxy {
    /// `127.0.0.1:PORT`.
    pub addr: String,
    /// Its log (stderr).
    pub log: PathBuf,
    child: Child,
}

impl Haproxy {
    /// Starts HAProxy `bin` in front of `servers` and waits until it accepts.
    pub fn start(bin: &Path, dir: &Path, servers: &[(String, String)]) -> Haproxy {
        let addr = format!("127.0.0.1:{}", super::free_port());
        let cfg = dir.join("haproxy.cfg");
        std::fs::write(&cfg, haproxy_config(&addr, servers)).expect("haproxy.cfg");
        let log = dir.join("haproxy.log");
        let child = Command::new(bin)
            .arg("-db") // foreground, no daemon
            .arg("-f")
            .arg(&cfg)
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&log).expect("log"))
            .stderr(std::fs::File::create(dir.join("haproxy.err")).expect("log"))
            .spawn()
            .expect("spawn haproxy");
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(&addr).is_err() {
            assert!(
                Instant::now() < deadline,
                "haproxy did not start: {}",
                std::fs::read_to_string(dir.join("haproxy.err")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        Haproxy { addr, log, child }
    }
}

impl Drop for Haproxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// N replicas on one store and the balancer in front of them.
pub struct Cluster {
    /// The store they share.
    pub store: Shared,
    /// The replicas, `r0`…
    pub replicas: Vec<Replica>,
    /// The balancer.
    pub haproxy: Haproxy,
    dir: tempfile::TempDir,
}

impl Cluster {
    /// Creates the store (`registryctl init`), starts `n` replicas with `args` and
    /// HAProxy, and waits until the balancer serves `/v2/` (at most 20 s). `None`
    /// where HAProxy is missing (see [`haproxy_binary`]).
    pub async fn start(test: &str, store: Shared, n: usize, args: &[&str]) -> Option<Cluster> {
        let bin = haproxy_binary(test)?;
        let dir = tempfile::tempdir().expect("tempdir");
        store.cli_ok(&["init"], "");
        let replicas: Vec<Replica> = (0..n)
            .map(|i| Replica::start(&store, &format!("r{i}"), dir.path(), args))
            .collect();
        let servers: Vec<(String, String)> = replicas
            .iter()
            .map(|r| (r.name.clone(), r.addr.clone()))
            .collect();
        let haproxy = Haproxy::start(&bin, dir.path(), &servers);
        let c = Cluster {
            store,
            replicas,
            haproxy,
            dir,
        };
        let url = c.url("/v2/");
        super::eventually(20, || {
            let url = url.clone();
            async move {
                matches!(super::http().get(&url).send().await, Ok(r) if r.status() == 200)
            }
        })
        .await;
        Some(c)
    }

    /// `http://BALANCER` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.haproxy.addr)
    }

    /// The cluster's scratch directory (logs, haproxy.cfg).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Every replica's log, for a failure message.
    pub fn logs(&self) -> String {
        self.replicas
            .iter()
            .map(|r| format!("--- {} ---\n{}", r.name, tail(&r.log_text(), 30)))
            .collect()
    }
}

fn tail(s: &str, n: usize) -> String {
    let lines: Vec<&str> = s.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n") + "\n"
}
