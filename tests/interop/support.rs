//! Helpers of the interop suite: which clients are installed (and what to do when one
//! is not), an isolated environment per test for the clients, OCI image layouts
//! written byte by byte, and the store checks run after each client's round trip.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{json, Value};

use crate::common::{self, digest};

/// Set to `1` (CI does) to turn a missing client into a failure instead of a skip.
pub const REQUIRE_VAR: &str = "REGISTRYCTL_REQUIRE_INTEROP";
/// Python interpreter with the `oras` package (CI points it at its venv).
pub const ORAS_PYTHON_VAR: &str = "REGISTRYCTL_ORAS_PYTHON";

pub const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
pub const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";
pub const OCI_CONFIG: &str = "application/vnd.oci.image.config.v1+json";
pub const OCI_LAYER: &str = "application/vnd.oci.image.layer.v1.tar";
/// Every manifest type a client may have pushed, for `Accept`.
pub const ACCEPT_ALL: &str = "application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.v2+json, application/vnd.docker.distribution.manifest.list.v2+json";

/// Writes a line to the real stderr. libtest captures `println!`/`eprintln!` of
/// passing tests, and a skip must never be silent, so this bypasses the capture.
pub fn say(line: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{line}");
}

/// An external client the suite drives.
#[derive(Debug, Clone, Copy)]
pub enum Tool {
    Skopeo,
    Podman,
    Buildah,
    Umoci,
    /// The ORAS Python SDK (a Python with `import oras` working).
    Oras,
    /// The reference registry, Debian's `docker-registry` (distribution 2.8).
    Distribution,
}

impl Tool {
    fn name(self) -> &'static str {
        match self {
            Tool::Skopeo => "skopeo",
            Tool::Podman => "podman",
            Tool::Buildah => "buildah",
            Tool::Umoci => "umoci",
            Tool::Oras => "oras (Python SDK)",
            Tool::Distribution => "docker-registry (distribution)",
        }
    }

    fn install_hint(self) -> &'static str {
        match self {
            Tool::Skopeo => "apt-get install skopeo",
            Tool::Podman => "apt-get install podman",
            Tool::Buildah => "apt-get install buildah",
            Tool::Umoci => "apt-get install umoci",
            Tool::Distribution => "apt-get install docker-registry",
            Tool::Oras => "python3 -m venv target/interop-venv && target/interop-venv/bin/pip install oras, or set REGISTRYCTL_ORAS_PYTHON to a python that has it",
        }
    }

    fn installed(self) -> bool {
        let (program, args): (PathBuf, &[&str]) = match self {
            Tool::Skopeo => ("skopeo".into(), &["--version"]),
            Tool::Podman => ("podman".into(), &["--version"]),
            Tool::Buildah => ("buildah".into(), &["--version"]),
            Tool::Umoci => ("umoci".into(), &["--version"]),
            Tool::Distribution => ("docker-registry".into(), &["--version"]),
            Tool::Oras => (oras_python(), &["-c", "import oras.provider"]),
        };
        Command::new(program)
            .args(args)
            .output()
            .is_ok_and(|o| o.status.success())
    }
}

/// The Python to run the oras script with: `$REGISTRYCTL_ORAS_PYTHON`, else the venv
/// `.ci/run` makes (`target/interop-venv`), else `python3`.
pub fn oras_python() -> PathBuf {
    if let Some(p) = std::env::var_os(ORAS_PYTHON_VAR).filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/interop-venv/bin/python");
    if venv.exists() {
        venv
    } else {
        PathBuf::from("python3")
    }
}

/// True when every tool is installed. Otherwise prints `SKIPPED <test>: ...` and
/// returns false (the caller returns, the test passes), or fails the test when
/// `REGISTRYCTL_REQUIRE_INTEROP=1`.
pub fn have(test: &str, tools: &[Tool]) -> bool {
    let missing: Vec<Tool> = tools.iter().copied().filter(|t| !t.installed()).collect();
    if missing.is_empty() {
        return true;
    }
    let what = missing
        .iter()
        .map(|t| format!("{} not installed ({})", t.name(), t.install_hint()))
        .collect::<Vec<_>>()
        .join("; ");
    let line = format!("SKIPPED {test}: {what}");
    if std::env::var(REQUIRE_VAR).is_ok_and(|v| v == "1") {
        panic!("{line} — and {REQUIRE_VAR}=1 says the interop clients must be present");
    }
    say(&line);
    false
}

/// A private HOME, runtime dir, temp dir, auth file and containers storage for the
/// clients of one test, so that nothing leaks between tests or from the developer's
/// own configuration.
pub struct ClientEnv {
    dir: tempfile::TempDir,
}

impl ClientEnv {
    pub fn new() -> ClientEnv {
        let dir = tempfile::tempdir().expect("tempdir");
        for sub in ["home", "run", "tmp", "config", "storage", "storage-run"] {
            std::fs::create_dir_all(dir.path().join(sub)).expect("mkdir");
        }
        // An existing empty auth file: the clients then neither read the developer's
        // credentials nor complain that the file is missing.
        std::fs::write(dir.path().join("auth.json"), "{}").expect("auth file");
        ClientEnv { dir }
    }

    /// A scratch path inside this environment.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `program` with the environment pointed at this test's directories.
    pub fn cmd(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut c = Command::new(program);
        c.env("HOME", self.path("home"))
            .env("XDG_RUNTIME_DIR", self.path("run"))
            .env("XDG_CONFIG_HOME", self.path("config"))
            .env("TMPDIR", self.path("tmp"))
            .env("REGISTRY_AUTH_FILE", self.path("auth.json"))
            .env_remove("DOCKER_CONFIG")
            .env_remove("CONTAINERS_STORAGE_CONF");
        c
    }

    /// `skopeo copy --quiet` plus `flags` from `src` to `dest`, with TLS verification
    /// off on both sides (the registry is plain HTTP on loopback; `oci:` ignores it).
    pub fn skopeo_copy(&self, flags: &[&str], src: &str, dest: &str) -> Command {
        let mut c = self.cmd("skopeo");
        c.args([
            "copy",
            "--quiet",
            "--src-tls-verify=false",
            "--dest-tls-verify=false",
        ])
        .args(flags)
        .args([src, dest]);
        c
    }

    /// `podman`/`buildah` with vfs storage of their own (shared by both, so what
    /// buildah builds podman sees, and removing it locally really removes it).
    pub fn containers(&self, program: &str) -> Command {
        let mut c = self.cmd(program);
        c.arg("--storage-driver")
            .arg("vfs")
            .arg("--root")
            .arg(self.path("storage"))
            .arg("--runroot")
            .arg(self.path("storage-run"));
        c
    }
}

fn describe(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for a in cmd.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

/// Runs a command that must succeed; returns its stdout (trimmed).
pub fn run(cmd: &mut Command) -> String {
    String::from_utf8_lossy(&run_raw(cmd)).trim().to_string()
}

/// Runs a command that must succeed; returns its stdout byte for byte.
pub fn run_raw(cmd: &mut Command) -> Vec<u8> {
    let out = output(cmd);
    assert!(
        out.status.success(),
        "`{}` failed ({}):\nstdout: {}\nstderr: {}",
        describe(cmd),
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Runs a command that must fail; returns stdout and stderr together.
pub fn run_fails(cmd: &mut Command) -> String {
    let out = output(cmd);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !out.status.success(),
        "`{}` succeeded but should have failed:\n{text}",
        describe(cmd)
    );
    text
}

fn output(cmd: &mut Command) -> Output {
    cmd.output()
        .unwrap_or_else(|e| panic!("could not run `{}`: {e}", describe(cmd)))
}

/// Reads a `--digestfile` written by a client.
pub fn read_digest_file(path: &Path) -> String {
    let d = std::fs::read_to_string(path).expect("digest file");
    d.trim().to_string()
}

// ---------------------------------------------------------------------------------
// OCI image layouts

/// An OCI image layout on disk, written byte by byte so every digest is known.
pub struct Layout {
    pub dir: PathBuf,
}

/// A descriptor of something written into a layout.
#[derive(Debug, Clone)]
pub struct Desc {
    pub media_type: String,
    pub digest: String,
    pub size: usize,
}

impl Desc {
    pub fn json(&self) -> Value {
        json!({"mediaType": self.media_type, "digest": self.digest, "size": self.size})
    }
}

impl Layout {
    /// An empty layout at `dir`.
    pub fn create(dir: &Path) -> Layout {
        std::fs::create_dir_all(dir.join("blobs/sha256")).expect("mkdir layout");
        std::fs::write(dir.join("oci-layout"), r#"{"imageLayoutVersion":"1.0.0"}"#)
            .expect("oci-layout");
        let l = Layout {
            dir: dir.to_path_buf(),
        };
        l.set_refs(&[]);
        l
    }

    /// Writes a blob.
    pub fn blob(&self, media_type: &str, data: &[u8]) -> Desc {
        let d = digest(data).to_string();
        let hex = d.trim_start_matches("sha256:");
        std::fs::write(self.dir.join("blobs/sha256").join(hex), data).expect("blob");
        Desc {
            media_type: media_type.to_string(),
            digest: d,
            size: data.len(),
        }
    }

    /// Writes a one-layer image for `arch` whose layer holds `files`; returns the
    /// manifest's descriptor (with the platform in the returned JSON value).
    pub fn image(&self, arch: &str, files: &[(&str, &[u8])]) -> (Desc, Value) {
        let layer = self.blob(OCI_LAYER, &tar(files));
        // An uncompressed layer: its diff ID is its digest.
        let config = json!({
            "architecture": arch,
            "os": "linux",
            "config": {"Labels": {"org.example.arch": arch}},
            "rootfs": {"type": "layers", "diff_ids": [layer.digest]},
        });
        let config = self.blob(OCI_CONFIG, config.to_string().as_bytes());
        let manifest = json!({
            "schemaVersion": 2,
            "mediaType": OCI_MANIFEST,
            "config": config.json(),
            "layers": [layer.json()],
        });
        let m = self.blob(OCI_MANIFEST, manifest.to_string().as_bytes());
        let mut entry = m.json();
        entry["platform"] = json!({"architecture": arch, "os": "linux"});
        (m, entry)
    }

    /// Writes an image index over manifest entries.
    pub fn index(&self, entries: &[Value]) -> Desc {
        let index = json!({"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": entries});
        self.blob(OCI_INDEX, index.to_string().as_bytes())
    }

    /// Replaces `index.json` with these tagged references.
    pub fn set_refs(&self, refs: &[(&str, &Desc)]) {
        let manifests: Vec<Value> = refs
            .iter()
            .map(|(tag, d)| {
                let mut v = d.json();
                v["annotations"] = json!({"org.opencontainers.image.ref.name": tag});
                v
            })
            .collect();
        let index = json!({"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": manifests});
        std::fs::write(self.dir.join("index.json"), index.to_string()).expect("index.json");
    }

    /// The descriptor `index.json` holds for `tag`.
    pub fn lookup(dir: &Path, tag: &str) -> Value {
        let index: Value = serde_json::from_slice(
            &std::fs::read(dir.join("index.json")).expect("read index.json"),
        )
        .expect("index.json is JSON");
        index["manifests"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|m| m["annotations"]["org.opencontainers.image.ref.name"] == tag)
            .cloned()
            .unwrap_or_else(|| panic!("no {tag} in {}/index.json: {index}", dir.display()))
    }

    /// Asserts every blob of the layout at `dir` hashes to its file name; returns
    /// their digests.
    pub fn verify_blobs(dir: &Path) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        for e in std::fs::read_dir(dir.join("blobs/sha256")).expect("blobs dir") {
            let e = e.expect("entry");
            let name = format!("sha256:{}", e.file_name().to_string_lossy());
            let data = std::fs::read(e.path()).expect("blob");
            assert_eq!(
                digest(&data).to_string(),
                name,
                "blob {} of {} does not hash to its name",
                e.path().display(),
                dir.display()
            );
            seen.insert(name);
        }
        seen
    }

    /// Reads a blob of the layout at `dir`.
    pub fn read_blob(dir: &Path, d: &str) -> Vec<u8> {
        std::fs::read(
            dir.join("blobs/sha256")
                .join(d.trim_start_matches("sha256:")),
        )
        .unwrap_or_else(|e| panic!("blob {d} in {}: {e}", dir.display()))
    }
}

/// A ustar archive of regular files (mode 0644, owner 0, mtime 0).
pub fn tar(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, data) in files {
        let mut h = [0u8; 512];
        let put = |h: &mut [u8; 512], at: usize, s: &[u8]| h[at..at + s.len()].copy_from_slice(s);
        put(&mut h, 0, name.as_bytes());
        put(&mut h, 100, b"0000644\0");
        put(&mut h, 108, b"0000000\0");
        put(&mut h, 116, b"0000000\0");
        put(&mut h, 124, format!("{:011o}\0", data.len()).as_bytes());
        put(&mut h, 136, b"00000000000\0");
        put(&mut h, 148, b"        ");
        h[156] = b'0';
        put(&mut h, 257, b"ustar\0");
        put(&mut h, 263, b"00");
        let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
        put(&mut h, 148, format!("{sum:06o}\0 ").as_bytes());
        out.extend_from_slice(&h);
        out.extend_from_slice(data);
        out.resize(out.len().div_ceil(512) * 512, 0);
    }
    out.resize(out.len() + 1024, 0);
    out
}

// ---------------------------------------------------------------------------------
// Talking to the registry directly, to check what the clients did

/// GETs a manifest's exact bytes.
pub async fn get_manifest(base: &str, repo: &str, reference: &str) -> Option<Vec<u8>> {
    let r = common::http()
        .get(format!("{base}/v2/{repo}/manifests/{reference}"))
        .header("accept", ACCEPT_ALL)
        .send()
        .await
        .expect("GET manifest");
    if r.status() == 404 {
        return None;
    }
    assert_eq!(r.status(), 200, "GET {repo} manifest {reference}");
    Some(r.bytes().await.expect("body").to_vec())
}

/// GETs a JSON document.
pub async fn get_json(url: &str) -> Value {
    let r = common::http().get(url).send().await.expect("GET");
    assert_eq!(r.status(), 200, "GET {url}");
    r.json().await.expect("JSON body")
}

/// The config and layer descriptors of an image manifest.
pub fn image_blobs(m: &Value) -> impl Iterator<Item = &Value> {
    std::iter::once(&m["config"]).chain(m["layers"].as_array().into_iter().flatten())
}

/// GETs the config and layers of an image manifest and checks each hashes to its
/// digest.
pub async fn check_image_blobs(base: &str, repo: &str, m: &Value) {
    for blob in image_blobs(m) {
        check_blob(base, repo, blob["digest"].as_str().expect("digest")).await;
    }
}

/// GETs a blob and checks it hashes to its digest.
pub async fn check_blob(base: &str, repo: &str, d: &str) {
    let r = common::http()
        .get(format!("{base}/v2/{repo}/blobs/{d}"))
        .send()
        .await
        .expect("GET blob");
    assert_eq!(r.status(), 200, "GET {repo} blob {d}");
    let body = r.bytes().await.expect("body");
    assert_eq!(digest(&body).to_string(), d, "{repo} blob {d} content");
}

fn digest_of(v: &Value) -> Option<String> {
    v["digest"].as_str().map(str::to_string)
}

/// Every digest a tag of the registry reaches: the tagged manifests, index children,
/// configs, layers, and (recursively) the referrers of all of them, by repository.
pub async fn reachable_from_tags(base: &str) -> BTreeSet<(String, String)> {
    let catalog = get_json(&format!("{base}/v2/_catalog")).await;
    let mut out = BTreeSet::new();
    for repo in catalog["repositories"].as_array().into_iter().flatten() {
        let repo = repo.as_str().expect("repo name").to_string();
        let tags = get_json(&format!("{base}/v2/{repo}/tags/list")).await;
        let mut todo: Vec<String> = tags["tags"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|t| t.as_str().map(str::to_string))
            .collect();
        while let Some(reference) = todo.pop() {
            let Some(bytes) = get_manifest(base, &repo, &reference).await else {
                continue;
            };
            let d = digest(&bytes).to_string();
            if !out.insert((repo.clone(), d.clone())) && reference.starts_with("sha256:") {
                continue;
            }
            let m: Value = serde_json::from_slice(&bytes).expect("manifest JSON");
            for child in m["manifests"].as_array().into_iter().flatten() {
                todo.extend(digest_of(child));
            }
            for blob in image_blobs(&m) {
                if let Some(b) = digest_of(blob) {
                    out.insert((repo.clone(), b));
                }
            }
            let referrers = get_json(&format!("{base}/v2/{repo}/referrers/{d}")).await;
            for r in referrers["manifests"].as_array().into_iter().flatten() {
                todo.extend(digest_of(r));
            }
        }
    }
    out
}

/// After a client's round trip: `registryctl scan --verify` finds the store healthy
/// and `registryctl gc --dry-run` plans to remove nothing a tag reaches.
pub async fn check_store_after(test: &str, root: &Path, base: &str) {
    let keep = reachable_from_tags(base).await;
    assert!(!keep.is_empty(), "{test}: no tagged content to protect?");
    check_scan(test, root, &keep);
    // A grace period of 0 makes the plan cover everything just pushed; with the
    // default nothing this young would be touched and the check would prove nothing.
    let out = common::bin_command()
        .arg("--root")
        .arg(root)
        .args(["gc", "--dry-run", "--json", "--grace-period", "0s"])
        .output()
        .expect("run gc");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{test}: `registryctl gc --dry-run` failed ({}):\n{stdout}{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{test}: gc --dry-run --json is not JSON ({e}):\n{stdout}"));
    let items = report["items"]
        .as_array()
        .unwrap_or_else(|| panic!("{test}: gc --dry-run --json lists no items:\n{stdout}"));
    let planned = items.iter().filter(|i| i["action"] == "remove").count();
    say(&format!(
        "NOTE {test}: gc --dry-run plans {planned} removal(s), none of the {} objects tags reach",
        keep.len()
    ));
    for item in items {
        if item["action"] != "remove" {
            continue;
        }
        let (Some(repo), Some(d)) = (item["repository"].as_str(), item["digest"].as_str()) else {
            if let Some(d) = item["digest"].as_str() {
                // Blob bytes: no repository; nothing tagged anywhere may use them.
                assert!(
                    !keep.iter().any(|(_, k)| k == d),
                    "{test}: gc --dry-run would remove blob {d}, which a tag reaches: {item}"
                );
            }
            continue;
        };
        assert!(
            !keep.contains(&(repo.to_string(), d.to_string())),
            "{test}: gc --dry-run would remove {repo}@{d}, which a tag reaches: {item}"
        );
        assert!(
            item["kind"] != "tag",
            "{test}: gc --dry-run would remove a tag: {item}"
        );
    }
    // A dry run changes nothing: every tagged object is still served.
    let after = reachable_from_tags(base).await;
    assert_eq!(keep, after, "{test}: gc --dry-run changed the store");
}

/// `registryctl scan --verify --json`: no errors, and the only warnings allowed are
/// `unlinked_blob`s that no tag reaches, i.e. the bytes a client's DELETE leaves for
/// gc (deletes unlink, gc reclaims). Anything else fails the test.
fn check_scan(test: &str, root: &Path, keep: &BTreeSet<(String, String)>) {
    let out = common::bin_command()
        .arg("--root")
        .arg(root)
        .args(["scan", "--verify", "--json"])
        .output()
        .expect("run scan");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let shown = || {
        format!(
            "({}):\n{stdout}{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        )
    };
    let report: Value = serde_json::from_str(&stdout).unwrap_or_else(|_| {
        panic!(
            "{test}: `registryctl scan --verify --json` gave no JSON {}",
            shown()
        )
    });
    // Warnings do not fail a scan: exit 0 means no errors.
    assert_eq!(
        out.status.code(),
        Some(0),
        "{test}: `registryctl scan --verify` finds errors {}",
        shown()
    );
    assert_eq!(report["errors"], 0, "{test}: {}", shown());
    let mut garbage = Vec::new();
    for p in report["problems"].as_array().into_iter().flatten() {
        let d = p["digest"].as_str().unwrap_or_default();
        let acceptable = p["kind"] == "unlinked_blob"
            && p["severity"] == "warning"
            && !keep.iter().any(|(_, k)| k == d);
        assert!(
            acceptable,
            "{test}: `registryctl scan --verify` finds a problem: {p} {}",
            shown()
        );
        garbage.push(d.to_string());
    }
    if garbage.is_empty() {
        assert_eq!(report["healthy"], true, "{test}: {}", shown());
        return;
    }
    say(&format!(
        "NOTE {test}: scan --verify healthy but for {} unlinked blob(s) left by client deletes, for gc: {}",
        garbage.len(),
        garbage.join(" ")
    ));
}
