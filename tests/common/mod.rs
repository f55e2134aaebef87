//! Shared test fixtures: a real registry on an ephemeral loopback port over a store in
//! a temporary directory, and small helpers that push content through the HTTP API.
#![allow(dead_code)]

pub mod replicas;
pub mod s3;

use std::path::{Path, PathBuf};

pub use registryctl::oci::Digest;
#[allow(unused_imports)] // not every test file names store files
pub use registryctl::oci::{RepoName, Tag};
use registryctl::server::{self, App};
#[allow(unused_imports)]
pub use registryctl::storage::paths::{self, AuthFile, Key};
use registryctl::storage::Store;
use serde_json::json;

/// A registry running in this test's runtime.
pub struct TestServer {
    /// Base URL, e.g. `http://127.0.0.1:41234`.
    pub url: String,
    /// `host:port`.
    pub addr: String,
    /// The store the server uses (tests may inspect it).
    pub store: Store,
    dir: tempfile::TempDir,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl TestServer {
    /// Starts a registry on a fresh store.
    pub async fn start() -> TestServer {
        let dir = tempfile::tempdir().expect("tempdir");
        Self::start_in(dir).await
    }

    /// Starts a registry on the store in `dir`.
    pub async fn start_in(dir: tempfile::TempDir) -> TestServer {
        Self::start_in_with(dir, server::Options::default()).await
    }

    /// Starts a registry on a fresh store with the given options (read-only, a fast
    /// store-usage refresh for metrics tests, …).
    pub async fn start_with(options: server::Options) -> TestServer {
        let dir = tempfile::tempdir().expect("tempdir");
        Self::start_in_with(dir, options).await
    }

    /// Starts a registry on the store in `dir` with the given options. The store is
    /// that directory unless `REGISTRYCTL_TEST_STORE` says `s3` (a fresh prefix of the
    /// test SeaweedFS, see [`s3::server`]), `file` (the object protocol in that
    /// directory) or `mem` (objects in memory): set by hand
    /// to run an HTTP suite on another backend (`.ci/run` runs them on `fs`; the S3
    /// and memory paths have suites of their own).
    pub async fn start_in_with(dir: tempfile::TempDir, options: server::Options) -> TestServer {
        let store = test_store(dir.path());
        Self::start_on(store, dir, options).await
    }

    /// Starts a registry on an open store (`dir` is kept for [`TestServer::root`]).
    pub async fn start_on(
        store: Store,
        dir: tempfile::TempDir,
        options: server::Options,
    ) -> TestServer {
        let app = App::with_options(store.clone(), options);
        Self::start_app(store, dir, app).await
    }

    /// Starts a registry serving `app` (built by the test, e.g. with services of its
    /// own) over `store`.
    pub async fn start_app(store: Store, dir: tempfile::TempDir, app: App) -> TestServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr").to_string();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            server::serve_on(listener, app, async {
                let _ = rx.await;
            })
            .await
            .expect("server");
        });
        TestServer {
            url: format!("http://{addr}"),
            addr,
            store,
            dir,
            stop: Some(tx),
            task: Some(task),
        }
    }

    /// The store's root directory (filesystem stores; see [`TestServer::on_fs`]).
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Whether the store is the directory [`TestServer::root`] (not object storage).
    pub fn on_fs(&self) -> bool {
        test_store_kind() == "fs"
    }

    /// Open upload sessions, on any backend.
    pub fn upload_sessions(&self) -> usize {
        // A cancelled lazy session's record (object storage) is no session.
        let (uploads, _) = self.store.list_uploads().expect("list uploads");
        uploads
            .iter()
            .filter(|u| !u.meta.as_ref().is_ok_and(|m| m.cancelled))
            .count()
    }

    /// Stops the server, waiting for requests in flight, and returns the store dir.
    pub async fn stop(mut self) -> tempfile::TempDir {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.task.take() {
            let _ = t.await;
        }
        let dir = tempfile::tempdir().expect("tempdir");
        std::mem::replace(&mut self.dir, dir)
    }

    /// `url + path`.
    pub fn at(&self, path: &str) -> String {
        format!("{}{}", self.url, path)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
    }
}

tokio::task_local! {
    static BACKEND: &'static str;
}

/// Runs a test body with every [`TestServer`] it starts on backend `kind` (`fs`,
/// `file`, `mem` or `s3`); an `s3` run without SeaweedFS is skipped (see [`s3::server`]).
pub async fn on_backend<F: std::future::Future<Output = ()>>(kind: &'static str, test: &str, f: F) {
    if kind == "s3" && s3::server(test).is_none() {
        return;
    }
    BACKEND.scope(kind, f).await
}

/// Runs each named `async fn` test once per backend, as `on_fs::NAME`,
/// `on_file::NAME`, `on_mem::NAME` and `on_s3::NAME` (the HTTP suites: the store must
/// behave the same on the filesystem as `--root` and as `file://` objects, in memory
/// and on S3).
#[macro_export]
macro_rules! on_every_backend {
    ($flavor:tt $($name:ident),* $(,)?) => {
        $crate::on_every_backend!(@one on_fs "fs" $flavor $($name),*);
        $crate::on_every_backend!(@one on_file "file" $flavor $($name),*);
        $crate::on_every_backend!(@one on_mem "mem" $flavor $($name),*);
        $crate::on_every_backend!(@one on_s3 "s3" $flavor $($name),*);
    };
    (@one $m:ident $kind:literal $flavor:tt $($name:ident),*) => {
        mod $m {
            $(
                #[tokio::test $flavor]
                async fn $name() {
                    $crate::common::on_backend($kind, stringify!($name), super::$name()).await
                }
            )*
        }
    };
}

/// Which backend [`TestServer`]s use: the one [`on_backend`] names, else
/// `REGISTRYCTL_TEST_STORE` (`fs`, `file`, `s3` or `mem`), else `fs`.
pub fn test_store_kind() -> String {
    if let Ok(k) = BACKEND.try_with(|k| k.to_string()) {
        return k;
    }
    match std::env::var("REGISTRYCTL_TEST_STORE") {
        Ok(v) if v == "s3" || v == "mem" || v == "file" => v,
        Ok(v) if !v.is_empty() && v != "fs" => {
            panic!("REGISTRYCTL_TEST_STORE={v:?}: expected fs, file, s3 or mem")
        }
        _ => "fs".to_string(),
    }
}

/// A fresh store for a test, on the backend [`test_store_kind`] names (`dir` is the
/// filesystem store's root).
pub fn test_store(dir: &Path) -> Store {
    use registryctl::storage::Access;
    let objects: std::sync::Arc<dyn registryctl::storage::object::ObjectStore> =
        match test_store_kind().as_str() {
            "s3" => {
                let server = s3::server("TestServer")
                    .expect("REGISTRYCTL_TEST_STORE=s3 needs SeaweedFS (set REGISTRYCTL_WEED)");
                std::sync::Arc::new(server.objects())
            }
            "mem" => std::sync::Arc::new(registryctl::storage::object::mem::MemObjects::new()),
            // The object protocol in the test's directory (`--storage file://DIR`).
            "file" => std::sync::Arc::new(
                registryctl::storage::object::fs::FsObjects::create(dir)
                    .expect("objects directory")
                    .with_private_prefixes(&[registryctl::storage::paths::PRIVATE_PREFIX]),
            ),
            _ => return Store::open_or_create(dir).expect("open store"),
        };
    Store::open_objects(objects, Access::ReadWrite, true).expect("open object store")
}

/// The flag that opens the test store in `root` from the CLI: `--root ROOT`, or
/// `--storage file://ROOT` when the tests run on the object protocol in a directory
/// (`REGISTRYCTL_TEST_STORE=file`).
pub fn store_flag(root: &Path) -> [std::ffi::OsString; 2] {
    if test_store_kind() == "file" {
        [
            "--storage".into(),
            format!("file://{}", root.display()).into(),
        ]
    } else {
        ["--root".into(), root.into()]
    }
}

/// A plain HTTP client (no redirects, so `Location` headers can be checked).
pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// sha256 digest of bytes.
pub fn digest(data: &[u8]) -> Digest {
    Digest::sha256_of(data)
}

/// Pushes a blob monolithically (`POST ?digest=`), asserting 201.
pub async fn push_blob(s: &TestServer, repo: &str, data: &[u8]) -> Digest {
    let d = digest(data);
    let r = http()
        .post(s.at(&format!("/v2/{repo}/blobs/uploads/?digest={d}")))
        .body(data.to_vec())
        .send()
        .await
        .expect("push blob");
    assert_eq!(
        r.status(),
        201,
        "push blob: {}",
        r.text().await.unwrap_or_default()
    );
    d
}

/// An OCI image manifest over a config and layers already pushed.
pub fn image_manifest(config: &[u8], layers: &[&[u8]]) -> Vec<u8> {
    let layer_descs: Vec<_> = layers
        .iter()
        .map(|l| {
            json!({"mediaType": "application/vnd.oci.image.layer.v1.tar",
                   "digest": digest(l).to_string(), "size": l.len()})
        })
        .collect();
    serde_json::to_vec(&json!({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                   "digest": digest(config).to_string(), "size": config.len()},
        "layers": layer_descs,
    }))
    .expect("json")
}

/// Pushes a manifest under a tag or digest, returning the response.
pub async fn put_manifest(
    s: &TestServer,
    repo: &str,
    reference: &str,
    media_type: &str,
    body: &[u8],
) -> reqwest::Response {
    http()
        .put(s.at(&format!("/v2/{repo}/manifests/{reference}")))
        .header("content-type", media_type)
        .body(body.to_vec())
        .send()
        .await
        .expect("put manifest")
}

/// Pushes a whole small image (config + layers + manifest under `tag`) and returns
/// the manifest digest.
pub async fn push_image(
    s: &TestServer,
    repo: &str,
    tag: &str,
    config: &[u8],
    layers: &[&[u8]],
) -> Digest {
    push_blob(s, repo, config).await;
    for l in layers {
        push_blob(s, repo, l).await;
    }
    let m = image_manifest(config, layers);
    let r = put_manifest(
        s,
        repo,
        tag,
        "application/vnd.oci.image.manifest.v1+json",
        &m,
    )
    .await;
    assert_eq!(
        r.status(),
        201,
        "push manifest: {}",
        r.text().await.unwrap_or_default()
    );
    digest(&m)
}

/// The spec error code of a JSON error response.
pub async fn error_code(r: reqwest::Response) -> String {
    let body = r.bytes().await.expect("error body");
    let v: serde_json::Value = serde_json::from_slice(&body).expect("error body is JSON");
    v["errors"][0]["code"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// A request body sent as the test feeds `rx`: pieces as they come, the end when
/// every sender is dropped.
pub fn channel_body(
    mut rx: tokio::sync::mpsc::Receiver<Result<bytes::Bytes, std::io::Error>>,
) -> reqwest::Body {
    reqwest::Body::wrap_stream(futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx)))
}

/// `GET` of `path` on `s`.
pub async fn get(s: &TestServer, path: &str) -> reqwest::Response {
    http().get(s.at(path)).send().await.expect("GET")
}

/// `HEAD` of `path` on `s`.
pub async fn head(s: &TestServer, path: &str) -> reqwest::Response {
    http().head(s.at(path)).send().await.expect("HEAD")
}

/// `DELETE` of `path` on `s`.
pub async fn delete(s: &TestServer, path: &str) -> reqwest::Response {
    http().delete(s.at(path)).send().await.expect("DELETE")
}

/// `POST` of `path` on `s`, without a body.
pub async fn post(s: &TestServer, path: &str) -> reqwest::Response {
    http().post(s.at(path)).send().await.expect("POST")
}

/// `GET` of `path` on `s`, parsed as JSON (the status is not checked).
pub async fn fetch_json(s: &TestServer, path: &str) -> serde_json::Value {
    get(s, path).await.json().await.expect("JSON body")
}

/// Asserts that `r` has `status` and the spec error `code`.
pub async fn assert_error(r: reqwest::Response, status: u16, code: &str) {
    let url = r.url().clone();
    assert_eq!(r.status(), status, "{url}");
    assert_eq!(error_code(r).await, code, "{url}");
}

/// Opens an upload session in `repo` (`POST /blobs/uploads/`) and returns its
/// `Location` (the status is not checked).
pub async fn start_upload(s: &TestServer, repo: &str) -> String {
    let r = post(s, &format!("/v2/{repo}/blobs/uploads/")).await;
    r.headers()["location"]
        .to_str()
        .expect("location")
        .to_string()
}

/// GETs blob `d` from `repo` and asserts that its body is `expected`.
pub async fn assert_blob_body(s: &TestServer, repo: &str, d: &Digest, expected: &[u8]) {
    let got = get(s, &format!("/v2/{repo}/blobs/{d}"))
        .await
        .bytes()
        .await
        .expect("blob body");
    assert_eq!(got.as_ref(), expected, "blob {d} in {repo}");
}

/// Where `key` lives in the store at `root`. Tests name store files through
/// `registryctl::storage::paths`, the one owner of the layout (whose own unit test pins
/// the literal scheme), so a layout change cannot turn an `exists()` check vacuous.
pub fn store_path(root: &Path, key: &Key) -> PathBuf {
    root.join(key.as_str())
}

/// A repository name the test knows to be valid.
pub fn repo_name(name: &str) -> RepoName {
    RepoName::parse(name).expect("valid repository name")
}

/// A tag the test knows to be valid.
pub fn tag_name(tag: &str) -> Tag {
    Tag::parse(tag).expect("valid tag")
}

/// Where the auth module keeps `file` in the store at `root`.
pub fn auth_path(root: &Path, file: AuthFile) -> PathBuf {
    store_path(root, &paths::auth_file(file))
}

/// The store's directory of upload sessions under `root`.
pub fn uploads_dir(root: &Path) -> PathBuf {
    store_path(root, &paths::top(paths::UPLOADS))
}

/// How many upload sessions the store at `root` holds.
pub fn upload_sessions(root: &Path) -> usize {
    std::fs::read_dir(uploads_dir(root))
        .expect("uploads dir")
        .count()
}

/// A fresh, empty store in a temporary directory, created in-process as
/// `registryctl init` would: every command but `serve` and `init` refuses to run
/// without one.
pub fn new_store() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    Store::open_or_create(dir.path()).expect("create store");
    dir
}

/// Path of the `registryctl` binary built for the tests.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_registryctl"))
}

/// Sends raw bytes on a fresh connection and returns the status code and the whole
/// response. For requests an HTTP client would normalise (`..`, `%2e`) or that must be
/// cut off mid-body.
pub async fn raw_request(addr: &str, request: &[u8]) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut conn = tokio::net::TcpStream::connect(addr).await.expect("connect");
    conn.write_all(request).await.expect("write");
    let mut out = Vec::new();
    let _ = conn.read_to_end(&mut out).await;
    let text = String::from_utf8_lossy(&out).to_string();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, text)
}

/// A loopback port that was free a moment ago (for tests that start the binary,
/// which must be told its address).
pub fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr").port()
}

/// The real `registryctl` binary running `serve` on a fresh store, with stderr (the
/// log) captured to a file. Killed on drop.
pub struct BinServer {
    /// The child process.
    pub child: std::process::Child,
    /// `host:port` of the API.
    pub addr: String,
    /// The store root.
    pub root: PathBuf,
    /// Where stderr goes.
    pub log: PathBuf,
    dir: tempfile::TempDir,
}

impl BinServer {
    /// Starts `registryctl serve --listen 127.0.0.1:<free>` plus `args`, with `envs`
    /// added to a clean `REGISTRYCTL_*`-free environment, and waits until this child
    /// (not whichever process took the port since [`free_port`] let it go) says it
    /// serves and the port accepts connections. A port lost to another process in
    /// that window is retried with a new one.
    pub fn start(args: &[&str], envs: &[(&str, &str)]) -> BinServer {
        let mut dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("store");
        let log = dir.path().join("stderr.log");
        for _attempt in 0..3 {
            let addr = format!("127.0.0.1:{}", free_port());
            let mut cmd = bin_command();
            cmd.arg("--root")
                .arg(&root)
                .arg("serve")
                .arg("--listen")
                .arg(&addr)
                .args(args)
                .envs(envs.iter().copied())
                .stdout(std::process::Stdio::null())
                .stderr(std::fs::File::create(&log).expect("log file"));
            let child = cmd.spawn().expect("spawn registryctl");
            let mut s = BinServer {
                child,
                addr,
                root: root.clone(),
                log: log.clone(),
                dir,
            };
            if s.wait_serving() {
                return s;
            }
            // The port was taken between free_port and our bind: try another.
            dir = std::mem::replace(&mut s.dir, tempfile::tempdir().expect("tempdir"));
        }
        panic!("registryctl lost its port three times in a row");
    }

    /// Waits until the child logged "registry serving" and its port accepts a
    /// connection. False when it exited because its address was in use; panics on
    /// any other exit or after 20 s.
    fn wait_serving(&mut self) -> bool {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                let log = self.log_text();
                if log.to_lowercase().contains("address already in use")
                    || log.contains("AddrInUse")
                {
                    return false;
                }
                panic!("registryctl exited ({status}) before serving; log:\n{log}");
            }
            if self.log_text().contains("registry serving")
                && std::net::TcpStream::connect(&self.addr).is_ok()
            {
                return true;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "registryctl did not start serving; log:\n{}",
                self.log_text()
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    /// What the server wrote to stderr so far.
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Sends a signal to the server.
    pub fn signal(&self, sig: libc::c_int) {
        let pid = libc::pid_t::try_from(self.child.id()).expect("pid");
        // SAFETY: kill(2) on our own child's pid has no memory-safety implications.
        let rc = unsafe { libc::kill(pid, sig) };
        assert_eq!(rc, 0, "kill");
    }

    /// Waits for the process to exit (at most `secs` seconds) and returns its status.
    pub fn wait_exit(&mut self, secs: u64) -> std::process::ExitStatus {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
        loop {
            if let Some(st) = self.child.try_wait().expect("try_wait") {
                return st;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "registryctl did not exit; log:\n{}",
                self.log_text()
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    /// The temporary directory holding the store and the log.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for BinServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A `Command` for the binary with every `REGISTRYCTL_*` variable and `RUST_LOG`
/// removed, so the developer's environment cannot change a test, and no default
/// configuration file read (an empty one is passed).
pub fn bin_command() -> std::process::Command {
    let mut cmd = std::process::Command::new(bin());
    for (k, _) in std::env::vars_os() {
        if k.to_string_lossy().starts_with("REGISTRYCTL_") || k == "RUST_LOG" {
            cmd.env_remove(k);
        }
    }
    let empty = std::env::temp_dir().join("registryctl-test-empty-config.toml");
    if !empty.exists() {
        let _ = std::fs::write(&empty, "");
    }
    cmd.env("REGISTRYCTL_CONFIG", empty);
    cmd
}

/// Runs `cmd` with `stdin` fed in and its output captured, killing it (and failing
/// the test) if it has not exited within `secs` seconds.
pub fn output_within(
    mut cmd: std::process::Command,
    stdin: &str,
    secs: u64,
) -> std::process::Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn registryctl");
    if let Some(mut i) = child.stdin.take() {
        let _ = i.write_all(stdin.as_bytes());
    }
    wait_output_within(child, &format!("{cmd:?}"), secs)
}

/// Waits for `child` (spawned with its stdout and stderr piped) and collects its
/// output, killing it (and failing the test, naming it `what`) if it has not exited
/// within `secs` seconds.
pub fn wait_output_within(
    mut child: std::process::Child,
    what: &str,
    secs: u64,
) -> std::process::Output {
    // Drained while the child runs: output larger than a pipe's buffer (a `--json`
    // report of thousands of items) would otherwise block it until the deadline.
    fn drain(
        pipe: Option<impl std::io::Read + Send + 'static>,
    ) -> std::thread::JoinHandle<Vec<u8>> {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_end(&mut buf);
            }
            buf
        })
    }
    let out = drain(child.stdout.take());
    let err = drain(child.stderr.take());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    let status = loop {
        if let Some(st) = child.try_wait().expect("try_wait") {
            break st;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("{what} did not exit within {secs} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    std::process::Output {
        status,
        stdout: out.join().expect("stdout reader"),
        stderr: err.join().expect("stderr reader"),
    }
}

/// Runs `registryctl --root <root> ARGS...` to completion (at most 120 s), with
/// `stdin` fed in.
pub fn cli(root: &Path, args: &[&str], stdin: &str) -> std::process::Output {
    let mut cmd = std::process::Command::new(bin());
    cmd.args(store_flag(root)).args(args);
    output_within(cmd, stdin, 120)
}

/// Runs `registryctl --root <root> ARGS...` with stdin closed; returns the exit code
/// (-1 if there is none), stdout and stderr.
pub fn run_cli(root: &Path, args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(bin())
        .args(store_flag(root))
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run registryctl");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// [`run_cli`] on a blocking thread, so a server in this test's runtime keeps serving.
pub async fn run_cli_async(root: &Path, args: &[&str]) -> (i32, String, String) {
    let root = root.to_path_buf();
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    tokio::task::spawn_blocking(move || {
        let a: Vec<&str> = args.iter().map(|s| s.as_str()).collect();
        run_cli(&root, &a)
    })
    .await
    .expect("registryctl runner")
}

/// Runs a `registryctl` command that must succeed; returns its stdout.
pub fn cli_ok(root: &Path, args: &[&str]) -> String {
    let out = cli(root, args, "");
    assert!(
        out.status.success(),
        "registryctl {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Adds a user with `user add --password-stdin`.
pub fn add_user(root: &Path, name: &str, password: &str) {
    let out = cli(
        root,
        &["user", "add", name, "--password-stdin"],
        &format!("{password}\n"),
    );
    assert!(
        out.status.success(),
        "user add: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Polls `check` every 25 ms until it returns true, for at most `secs` seconds.
/// Returns how long it took.
pub async fn eventually<F, Fut>(secs: u64, mut check: F) -> std::time::Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = std::time::Instant::now();
    loop {
        if check().await {
            return start.elapsed();
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(secs),
            "condition not met within {secs} s"
        );
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
}

/// A `tracing` writer that keeps everything written, for tests that read the log.
#[derive(Clone, Default)]
pub struct LogBuf(pub std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for LogBuf {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Status of `GET /v2/` without credentials (401 once access control is on).
pub async fn base_status(s: &TestServer) -> u16 {
    http()
        .get(s.at("/v2/"))
        .send()
        .await
        .map(|r| r.status().as_u16())
        .unwrap_or(0)
}
