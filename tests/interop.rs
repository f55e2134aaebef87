//! Interop with the clients people actually use: skopeo, podman, buildah, umoci and
//! the ORAS Python SDK drive a real `registryctl` server, and every round trip is
//! checked by comparing digests (what the client built or was told, what the registry
//! serves, what comes back out).
//!
//! The clients come from Debian's packages and PyPI; `.ci/run` installs them. A test
//! whose client is missing prints `SKIPPED <test>: <tool> not installed (...)` and
//! passes, unless `REGISTRYCTL_REQUIRE_INTEROP=1` (set by CI), which makes it fail.
//! Each test has its own registry, store and client directories (HOME, runtime dir,
//! auth file, containers storage). Only loopback addresses are used, over plain HTTP,
//! hence `--tls-verify=false` everywhere. After each round trip the store is checked
//! with `registryctl scan --verify` and `registryctl gc --dry-run`.
//! The credentials tests run the real binary with users and ACLs made by its CLI.

mod common;
#[path = "interop/support.rs"]
mod support;

use std::collections::BTreeSet;
use std::path::Path;

use common::*;
use serde_json::{json, Value};
use support::*;

const TLS: &str = "--tls-verify=false";

fn docker_ref(s: &TestServer, rest: &str) -> String {
    format!("docker://{}/{rest}", s.addr)
}

/// A registry and client environment of their own for `test`, or `None` (after the
/// SKIPPED line) when one of `tools` is missing.
async fn setup(test: &str, tools: &[Tool]) -> Option<(TestServer, ClientEnv)> {
    if !have(test, tools) {
        return None;
    }
    Some((TestServer::start().await, ClientEnv::new()))
}

fn sha(data: &[u8]) -> String {
    digest(data).to_string()
}

/// skopeo: an image built by umoci goes in (`oci:` → `docker://`) and back out, with
/// `inspect`, `list-tags` and `delete`, digests compared at every step.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn skopeo_copy_inspect_list_delete() {
    let test = "skopeo_copy_inspect_list_delete";
    let Some((s, env)) = setup(test, &[Tool::Skopeo, Tool::Umoci]).await else {
        return;
    };

    // A small image built the way umoci users build them (gzip layer).
    let lay = env.path("umoci-layout");
    let lay_s = lay.to_string_lossy().to_string();
    let rootfs = env.path("payload");
    std::fs::create_dir_all(rootfs.join("etc")).expect("mkdir");
    std::fs::write(rootfs.join("etc/hello.txt"), b"hello from umoci\n").expect("write");
    run(env.cmd("umoci").args(["init", "--layout", &lay_s]));
    run(env
        .cmd("umoci")
        .args(["new", "--image", &format!("{lay_s}:latest")]));
    run(env
        .cmd("umoci")
        .args(["insert", "--image", &format!("{lay_s}:latest")])
        .arg(rootfs.join("etc/hello.txt"))
        .arg("/etc/hello.txt"));
    run(env.cmd("umoci").args([
        "config",
        "--image",
        &format!("{lay_s}:latest"),
        "--config.cmd",
        "/bin/true",
        "--os",
        "linux",
        "--architecture",
        "amd64",
    ]));
    let desc = Layout::lookup(&lay, "latest");
    let manifest_digest = desc["digest"].as_str().expect("digest").to_string();
    let manifest: Value =
        serde_json::from_slice(&Layout::read_blob(&lay, &manifest_digest)).expect("manifest");

    // In: the layout to the registry, under two tags.
    for tag in ["v1", "v2"] {
        run(&mut env.skopeo_copy(
            &[],
            &format!("oci:{lay_s}:latest"),
            &docker_ref(&s, &format!("acme/app:{tag}")),
        ));
    }
    let served = get_manifest(&s.url, "acme/app", "v1")
        .await
        .expect("v1 is served");
    assert_eq!(
        sha(&served),
        manifest_digest,
        "registry serves the layout's manifest bytes"
    );
    check_image_blobs(&s.url, "acme/app", &manifest).await;

    // inspect: skopeo computes the digest from what it was served.
    let inspected: Value = serde_json::from_str(&run(env.cmd("skopeo").args([
        "inspect",
        TLS,
        &docker_ref(&s, "acme/app:v1"),
    ])))
    .expect("inspect JSON");
    assert_eq!(inspected["Digest"], manifest_digest.as_str());
    assert_eq!(inspected["Architecture"], "amd64");
    assert_eq!(
        inspected["Layers"],
        json!(manifest["layers"]
            .as_array()
            .expect("layers")
            .iter()
            .map(|l| l["digest"].clone())
            .collect::<Vec<_>>())
    );
    let raw =
        run_raw(
            env.cmd("skopeo")
                .args(["inspect", "--raw", TLS, &docker_ref(&s, "acme/app:v2")]),
        );
    assert_eq!(
        sha(&raw),
        manifest_digest,
        "inspect --raw gives the exact bytes"
    );

    // list-tags.
    let tags: Value = serde_json::from_str(&run(env.cmd("skopeo").args([
        "list-tags",
        TLS,
        &docker_ref(&s, "acme/app"),
    ])))
    .expect("list-tags JSON");
    let tags: BTreeSet<&str> = tags["Tags"]
        .as_array()
        .expect("Tags")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(tags, BTreeSet::from(["v1", "v2"]));

    // Registry to registry (skopeo tries a cross-repository blob mount first): the
    // manifest and blobs arrive unchanged.
    run(&mut env.skopeo_copy(
        &[],
        &docker_ref(&s, "acme/app:v1"),
        &docker_ref(&s, "acme/mirror:v1"),
    ));
    let mirrored = get_manifest(&s.url, "acme/mirror", "v1")
        .await
        .expect("mirror");
    assert_eq!(
        sha(&mirrored),
        manifest_digest,
        "copied between repositories as is"
    );
    check_image_blobs(&s.url, "acme/mirror", &manifest).await;

    // Docker schema 2: skopeo converts the image and pushes a Docker manifest, which
    // the registry serves back under its own media type and digest.
    let docker_digest_file = env.path("docker.digest");
    run(env
        .cmd("skopeo")
        .args([
            "copy",
            "--quiet",
            "--format",
            "v2s2",
            "--dest-tls-verify=false",
            "--digestfile",
        ])
        .arg(&docker_digest_file)
        .arg(format!("oci:{lay_s}:latest"))
        .arg(docker_ref(&s, "acme/app:docker")));
    let docker_digest = read_digest_file(&docker_digest_file);
    let r = http()
        .get(s.at("/v2/acme/app/manifests/docker"))
        .header("accept", ACCEPT_ALL)
        .send()
        .await
        .expect("GET docker manifest");
    assert_eq!(
        r.headers()["content-type"],
        "application/vnd.docker.distribution.manifest.v2+json"
    );
    assert_eq!(sha(&r.bytes().await.expect("body")), docker_digest);
    let inspected: Value = serde_json::from_str(&run(env.cmd("skopeo").args([
        "inspect",
        TLS,
        &docker_ref(&s, "acme/app:docker"),
    ])))
    .expect("inspect JSON");
    assert_eq!(inspected["Digest"], docker_digest.as_str());
    run(env
        .cmd("skopeo")
        .args(["delete", TLS, &docker_ref(&s, "acme/app:docker")]));

    // Out: the registry back to a fresh layout, same digests, every blob intact.
    let out = env.path("out");
    let out_s = out.to_string_lossy().to_string();
    run(&mut env.skopeo_copy(
        &[],
        &docker_ref(&s, "acme/app:v1"),
        &format!("oci:{out_s}:v1"),
    ));
    assert_eq!(
        Layout::lookup(&out, "v1")["digest"],
        manifest_digest.as_str()
    );
    let blobs = Layout::verify_blobs(&out);
    let original = Layout::verify_blobs(&lay);
    assert!(
        blobs.is_subset(&original) && blobs.contains(&manifest_digest),
        "copied-out layout has other blobs: {blobs:?} vs {original:?}"
    );

    // delete: a second image under its own tag goes; the first one stays.
    let other = Layout::create(&env.path("other"));
    let (m, _) = other.image("amd64", &[("gone.txt", b"to be deleted\n")]);
    other.set_refs(&[("x", &m)]);
    // --preserve-digests: skopeo would otherwise gzip the uncompressed layer on the
    // way and push a manifest with another digest.
    run(&mut env.skopeo_copy(
        &["--preserve-digests"],
        &format!("oci:{}:x", other.dir.display()),
        &docker_ref(&s, "acme/app:old"),
    ));
    assert!(get_manifest(&s.url, "acme/app", &m.digest).await.is_some());
    run(env
        .cmd("skopeo")
        .args(["delete", TLS, &docker_ref(&s, "acme/app:old")]));
    assert!(
        get_manifest(&s.url, "acme/app", &m.digest).await.is_none(),
        "deleted by digest"
    );
    assert!(
        get_manifest(&s.url, "acme/app", "old").await.is_none(),
        "its tag went with it"
    );
    let err = run_fails(
        env.cmd("skopeo")
            .args(["inspect", TLS, &docker_ref(&s, "acme/app:old")]),
    );
    assert!(
        err.contains("manifest unknown") || err.contains("not found"),
        "skopeo reports the deleted image as unknown: {err}"
    );
    let still =
        run_raw(
            env.cmd("skopeo")
                .args(["inspect", "--raw", TLS, &docker_ref(&s, "acme/app:v1")]),
        );
    assert_eq!(sha(&still), manifest_digest, "the other image is untouched");

    check_store_after(test, s.root(), &s.url).await;
}

/// skopeo `copy --all --preserve-digests` of a two-platform index written in the
/// test: the index digest and both platform manifests survive the trip in and out.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn skopeo_copy_all_multi_arch_index() {
    let test = "skopeo_copy_all_multi_arch_index";
    let Some((s, env)) = setup(test, &[Tool::Skopeo]).await else {
        return;
    };
    let lay = Layout::create(&env.path("multi"));
    let (amd, amd_entry) = lay.image("amd64", &[("arch.txt", b"amd64\n")]);
    let (arm, arm_entry) = lay.image("arm64", &[("arch.txt", b"arm64\n")]);
    let index = lay.index(&[amd_entry, arm_entry]);
    lay.set_refs(&[("multi", &index)]);

    run(&mut env.skopeo_copy(
        &["--all", "--preserve-digests"],
        &format!("oci:{}:multi", lay.dir.display()),
        &docker_ref(&s, "acme/multi:v1"),
    ));

    // The registry serves the index and both children byte for byte.
    let served = get_manifest(&s.url, "acme/multi", "v1")
        .await
        .expect("index served");
    assert_eq!(sha(&served), index.digest, "index digest preserved");
    for m in [&amd, &arm] {
        let bytes = get_manifest(&s.url, "acme/multi", &m.digest)
            .await
            .expect("child served");
        assert_eq!(sha(&bytes), m.digest);
    }
    let raw = run_raw(env.cmd("skopeo").args([
        "inspect",
        "--raw",
        TLS,
        &docker_ref(&s, "acme/multi:v1"),
    ]));
    assert_eq!(sha(&raw), index.digest, "skopeo sees the same index");
    // inspect reports the index's digest and resolves it to the platform asked for:
    // that platform's config comes back byte for byte.
    for (arch, m) in [("amd64", &amd), ("arm64", &arm)] {
        let platform = ["--override-arch", arch, "--override-os", "linux"];
        let v: Value = serde_json::from_str(&run(env.cmd("skopeo").args(platform).args([
            "inspect",
            TLS,
            &docker_ref(&s, "acme/multi:v1"),
        ])))
        .expect("inspect JSON");
        assert_eq!(
            v["Digest"],
            index.digest.as_str(),
            "{arch}: the index digest"
        );
        assert_eq!(v["Architecture"], arch);
        let manifest: Value =
            serde_json::from_slice(&Layout::read_blob(&lay.dir, &m.digest)).expect("manifest");
        let config = run_raw(env.cmd("skopeo").args(platform).args([
            "inspect",
            "--config",
            "--raw",
            TLS,
            &docker_ref(&s, "acme/multi:v1"),
        ]));
        assert_eq!(
            sha(&config),
            manifest["config"]["digest"]
                .as_str()
                .expect("config digest"),
            "{arch} resolves to its own image"
        );
    }

    // And back out, whole.
    let out = env.path("out");
    run(&mut env.skopeo_copy(
        &["--all", "--preserve-digests"],
        &docker_ref(&s, "acme/multi:v1"),
        &format!("oci:{}:v1", out.display()),
    ));
    assert_eq!(Layout::lookup(&out, "v1")["digest"], index.digest.as_str());
    let got = Layout::verify_blobs(&out);
    let want = Layout::verify_blobs(&lay.dir);
    assert_eq!(
        got, want,
        "the layout copied out holds exactly the blobs copied in"
    );

    check_store_after(test, s.root(), &s.url).await;
}

/// buildah builds two FROM scratch images (amd64, arm64) and pushes them; the local
/// copies are removed and podman pulls one back (running nothing); podman assembles
/// the two into an index with `manifest create/add/push --all`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn buildah_podman_build_push_pull_manifest() {
    let test = "buildah_podman_build_push_pull_manifest";
    let Some((s, env)) = setup(test, &[Tool::Buildah, Tool::Podman]).await else {
        return;
    };
    let reg = &s.addr;

    let mut pushed = Vec::new();
    for arch in ["amd64", "arm64"] {
        let file = env.path(&format!("{arch}.txt"));
        std::fs::write(&file, format!("built for {arch}\n")).expect("write");
        let ctr = run(env.containers("buildah").args(["from", "scratch"]));
        run(env
            .containers("buildah")
            .arg("copy")
            .arg(&ctr)
            .arg(&file)
            .arg("/hello.txt"));
        run(env.containers("buildah").args([
            "config", "--arch", arch, "--os", "linux", "--cmd", "/hello", &ctr,
        ]));
        let local = format!("localhost/interop/built:{arch}");
        run(env
            .containers("buildah")
            .args(["commit", "-q", &ctr, &local]));
        run(env.containers("buildah").args(["rm", &ctr]));
        let digest_file = env.path(&format!("{arch}.digest"));
        run(env
            .containers("buildah")
            .args(["push", "-q", TLS, "--digestfile"])
            .arg(&digest_file)
            .arg(&local)
            .arg(format!("docker://{reg}/acme/built:{arch}")));
        let d = read_digest_file(&digest_file);
        let bytes = get_manifest(&s.url, "acme/built", arch)
            .await
            .expect("pushed");
        assert_eq!(
            sha(&bytes),
            d,
            "registry serves what buildah says it pushed"
        );
        let m: Value = serde_json::from_slice(&bytes).expect("manifest JSON");
        check_image_blobs(&s.url, "acme/built", &m).await;
        let config = m["config"]["digest"].as_str().expect("config").to_string();
        run(env.containers("buildah").args(["rmi", &local]));
        pushed.push((arch, d, config));
    }
    let images = run(env.containers("podman").args(["images", "-q"]));
    assert!(
        images.is_empty(),
        "local images removed before the pull: {images}"
    );

    // Pull one back with podman: same manifest, same image ID (config digest).
    let (_, amd_digest, amd_config) = &pushed[0];
    let image = format!("{reg}/acme/built:amd64");
    run(env.containers("podman").args(["pull", "-q", TLS, &image]));
    let inspected = run(env.containers("podman").args([
        "image",
        "inspect",
        "--format",
        "{{.Id}} {{.Digest}}",
        &image,
    ]));
    assert_eq!(
        inspected,
        format!("{} {amd_digest}", amd_config.trim_start_matches("sha256:")),
        "podman's image ID and digest"
    );
    run(env.containers("podman").args(["rmi", &image]));

    // podman manifest: an index of the two pushed images.
    run(env
        .containers("podman")
        .args(["manifest", "create", "localhost/interop/list"]));
    for (arch, _, _) in &pushed {
        run(env.containers("podman").args([
            "manifest",
            "add",
            TLS,
            "localhost/interop/list",
            &format!("docker://{reg}/acme/built:{arch}"),
        ]));
    }
    let digest_file = env.path("list.digest");
    run(env
        .containers("podman")
        .args(["manifest", "push", "-q", "--all", TLS, "--digestfile"])
        .arg(&digest_file)
        .arg("localhost/interop/list")
        .arg(format!("docker://{reg}/acme/built:multi")));
    let list_digest = read_digest_file(&digest_file);
    let bytes = get_manifest(&s.url, "acme/built", "multi")
        .await
        .expect("index pushed");
    assert_eq!(
        sha(&bytes),
        list_digest,
        "registry serves the index podman pushed"
    );
    let index: Value = serde_json::from_slice(&bytes).expect("index JSON");
    let children: BTreeSet<(String, String)> = index["manifests"]
        .as_array()
        .expect("manifests")
        .iter()
        .map(|m| {
            (
                m["platform"]["architecture"]
                    .as_str()
                    .unwrap_or("?")
                    .to_string(),
                m["digest"].as_str().unwrap_or("?").to_string(),
            )
        })
        .collect();
    let expected: BTreeSet<(String, String)> = pushed
        .iter()
        .map(|(arch, d, _)| (arch.to_string(), d.clone()))
        .collect();
    assert_eq!(
        children, expected,
        "the index lists the two pushed images by digest"
    );
    for (_, d) in &children {
        let b = get_manifest(&s.url, "acme/built", d)
            .await
            .expect("child served");
        assert_eq!(&sha(&b), d);
    }

    // podman pulls one platform out of the index, and pushes it again elsewhere.
    let (_, arm_digest, arm_config) = &pushed[1];
    let multi = format!("{reg}/acme/built:multi");
    run(env
        .containers("podman")
        .args(["pull", "-q", "--arch", "arm64", TLS, &multi]));
    let id = run(env
        .containers("podman")
        .args(["image", "inspect", "--format", "{{.Id}}", &multi]));
    assert_eq!(
        id,
        arm_config.trim_start_matches("sha256:"),
        "the arm64 image"
    );
    let repo_digests = run(env.containers("podman").args([
        "image",
        "inspect",
        "--format",
        "{{range .RepoDigests}}{{println .}}{{end}}",
        &multi,
    ]));
    for d in [&list_digest, arm_digest] {
        assert!(
            repo_digests.contains(&format!("{reg}/acme/built@{d}")),
            "podman records {d}: {repo_digests}"
        );
    }
    let again = format!("{reg}/acme/repushed:v1");
    run(env.containers("podman").args(["tag", &multi, &again]));
    let digest_file = env.path("repushed.digest");
    run(env
        .containers("podman")
        .args(["push", "-q", TLS, "--digestfile"])
        .arg(&digest_file)
        .arg(&again));
    let d = read_digest_file(&digest_file);
    let bytes = get_manifest(&s.url, "acme/repushed", "v1")
        .await
        .expect("repushed");
    assert_eq!(sha(&bytes), d, "registry serves what podman says it pushed");
    let m: Value = serde_json::from_slice(&bytes).expect("manifest JSON");
    assert_eq!(
        m["config"]["digest"],
        arm_config.as_str(),
        "same image config"
    );

    // podman search: the catalog and a repository's tags.
    let found = run(env.containers("podman").args([
        "search",
        TLS,
        "--format",
        "{{.Name}}",
        &format!("{reg}/acme"),
    ]));
    let found: BTreeSet<&str> = found.lines().map(str::trim).collect();
    let want_repos = [format!("{reg}/acme/built"), format!("{reg}/acme/repushed")];
    assert_eq!(
        found,
        want_repos.iter().map(String::as_str).collect(),
        "podman search lists the catalog"
    );
    // (podman 4.3 ignores --format with --list-tags: a NAME TAG table.)
    let table = run(env.containers("podman").args([
        "search",
        "--list-tags",
        TLS,
        &format!("{reg}/acme/built"),
    ]));
    let tags: BTreeSet<&str> = table
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().last())
        .collect();
    assert_eq!(tags, BTreeSet::from(["amd64", "arm64", "multi"]));

    check_store_after(test, s.root(), &s.url).await;
}

/// The ORAS Python SDK: an artifact with an `artifactType`, two referrers of an image
/// (`subject`), pulls of both, and the referrers API with and without a filter. The
/// script (tests/interop/oras_roundtrip.py) checks from the client's side; this test
/// checks the same through the HTTP API.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oras_artifact_and_referrers() {
    let test = "oras_artifact_and_referrers";
    let Some((s, env)) = setup(test, &[Tool::Oras]).await else {
        return;
    };
    let image = push_image(
        &s,
        "acme/signed",
        "v1",
        br#"{"architecture":"amd64","os":"linux"}"#,
        &[b"layer"],
    )
    .await;
    let size = get_manifest(&s.url, "acme/signed", "v1")
        .await
        .expect("image")
        .len();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop/oras_roundtrip.py");
    let work = env.path("oras");
    std::fs::create_dir_all(&work).expect("mkdir");
    let out = run(env
        .cmd(oras_python())
        .arg(&script)
        .arg(&s.addr)
        .arg("acme/signed")
        .arg(image.to_string())
        .arg(size.to_string())
        .arg(&work));
    let summary: Value = serde_json::from_str(out.lines().last().unwrap_or_default())
        .unwrap_or_else(|e| panic!("oras script summary ({e}): {out}"));
    let field = |k: &str| summary[k].as_str().expect(k).to_string();
    let (artifact, signature, sbom) = (
        field("artifact"),
        field("signature"),
        field("sbom_referrer"),
    );

    // The same facts, seen through our own HTTP client.
    let tagged = get_manifest(&s.url, "acme/signed", "sbom-v1")
        .await
        .expect("artifact tag");
    assert_eq!(sha(&tagged), artifact);
    let v: Value = serde_json::from_slice(&tagged).expect("artifact JSON");
    assert_eq!(v["artifactType"], "application/vnd.example.sbom.v1+json");
    let referrers = get_json(&s.at(&format!("/v2/acme/signed/referrers/{image}"))).await;
    let listed: BTreeSet<(String, String)> = referrers["manifests"]
        .as_array()
        .expect("manifests")
        .iter()
        .map(|m| {
            (
                m["digest"].as_str().unwrap_or("?").to_string(),
                m["artifactType"].as_str().unwrap_or("?").to_string(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        BTreeSet::from([
            (
                signature,
                "application/vnd.example.signature.v1".to_string()
            ),
            (sbom, "application/vnd.example.sbom.v1+json".to_string()),
        ])
    );

    check_store_after(test, s.root(), &s.url).await;
}

// ---------------------------------------------------------------------------------
// Credentials: users and ACLs made with the real CLI, `serve --auth-mode basic|bearer`.

/// skopeo with `--creds`, `--src-creds` and `--dest-creds` against `serve --auth-mode
/// MODE`: alice may push and pull `acme/**`, bob may only pull; anonymous and wrong
/// passwords get nothing. Each refusal must be visible in skopeo's own error output.
async fn skopeo_with_credentials(test: &str, mode: &str) {
    if !have(test, &[Tool::Skopeo]) {
        return;
    }
    let s = BinServer::start(&["--auth-mode", mode], &[]);
    let base = format!("http://{}", s.addr);
    add_user(&s.root, "alice", "alice-pw");
    add_user(&s.root, "bob", "bob-pw");
    cli_ok(
        &s.root,
        &["acl", "grant", "alice", "acme/**", "pull,push,delete"],
    );
    cli_ok(&s.root, &["acl", "grant", "bob", "acme/**", "pull"]);
    // Edits apply to a running server within a second: wait until anonymous requests
    // are challenged and the last grant (bob's pull) is in force. The server takes
    // Basic credentials on API requests in either mode.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let anon = http()
            .get(format!("{base}/v2/"))
            .send()
            .await
            .expect("GET /v2/");
        let bob = http()
            .get(format!("{base}/v2/acme/private/tags/list"))
            .basic_auth("bob", Some("bob-pw"))
            .send()
            .await
            .expect("GET tags as bob");
        // 404: bob may look, there is just nothing there yet.
        if anon.status() == 401 && bob.status() == 404 {
            let challenge = anon
                .headers()
                .get("www-authenticate")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_ascii_lowercase();
            assert!(
                challenge.starts_with(mode),
                "{mode} challenge: {challenge:?}"
            );
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "access control not in force ({} anonymous, {} bob); log:\n{}",
            anon.status(),
            bob.status(),
            s.log_text()
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }

    let env = ClientEnv::new();
    let lay = Layout::create(&env.path("lay"));
    let (m, _) = lay.image("amd64", &[("secret.txt", b"for alice and bob\n")]);
    lay.set_refs(&[("x", &m)]);
    let src = format!("oci:{}:x", lay.dir.display());
    let dest = |tag: &str| format!("docker://{}/acme/private:{tag}", s.addr);
    let skopeo = |args: &[&str]| {
        let mut c = env.cmd("skopeo");
        c.args(args);
        c
    };

    // alice pushes (--dest-creds) and inspects (--creds).
    run(&mut env.skopeo_copy(
        &["--preserve-digests", "--dest-creds", "alice:alice-pw"],
        &src,
        &dest("v1"),
    ));
    let raw = run_raw(&mut skopeo(&[
        "inspect",
        "--raw",
        TLS,
        "--creds",
        "alice:alice-pw",
        &dest("v1"),
    ]));
    assert_eq!(sha(&raw), m.digest, "{mode}: alice sees what she pushed");
    let tags = run(&mut skopeo(&[
        "list-tags",
        TLS,
        "--creds",
        "alice:alice-pw",
        &format!("docker://{}/acme/private", s.addr),
    ]));
    assert!(
        tags.contains("\"v1\""),
        "{mode}: list-tags with creds: {tags}"
    );

    // bob pulls (--src-creds): same digests on the way out.
    let out = env.path("out");
    run(&mut env.skopeo_copy(
        &["--preserve-digests", "--src-creds", "bob:bob-pw"],
        &dest("v1"),
        &format!("oci:{}:v1", out.display()),
    ));
    assert_eq!(Layout::lookup(&out, "v1")["digest"], m.digest.as_str());
    Layout::verify_blobs(&out);

    // Refusals, each visible in skopeo's error output.
    // Signed in but the ACL says no: the spec's DENIED, which skopeo prints as
    // "requested access to the resource is denied". Not signed in (or a wrong
    // password): UNAUTHORIZED.
    let denied = |text: &str| text.contains("requested access to the resource is denied");
    let unauthorized = |text: &str| text.to_ascii_lowercase().contains("unauthorized");
    let err = run_fails(&mut env.skopeo_copy(
        &["--preserve-digests", "--dest-creds", "bob:bob-pw"],
        &src,
        &dest("by-bob"),
    ));
    assert!(
        denied(&err),
        "{mode}: bob's push refused, and skopeo says so: {err}"
    );
    let err = run_fails(&mut skopeo(&["inspect", "--raw", TLS, &dest("v1")]));
    assert!(
        unauthorized(&err),
        "{mode}: anonymous pull refused, and skopeo says so: {err}"
    );
    let err = run_fails(&mut skopeo(&[
        "inspect",
        "--raw",
        TLS,
        "--creds",
        "alice:wrong",
        &dest("v1"),
    ]));
    assert!(
        unauthorized(&err),
        "{mode}: a wrong password refused, and skopeo says so: {err}"
    );
    let err = run_fails(&mut skopeo(&[
        "delete",
        TLS,
        "--creds",
        "bob:bob-pw",
        &dest("v1"),
    ]));
    assert!(
        denied(&err),
        "{mode}: bob's delete refused, and skopeo says so: {err}"
    );

    // Nothing the refused requests asked for happened.
    let tags = run(&mut skopeo(&[
        "list-tags",
        TLS,
        "--creds",
        "alice:alice-pw",
        &format!("docker://{}/acme/private", s.addr),
    ]));
    assert!(
        !tags.contains("by-bob"),
        "{mode}: bob's refused push left a tag: {tags}"
    );
    let raw = run_raw(&mut skopeo(&[
        "inspect",
        "--raw",
        TLS,
        "--creds",
        "bob:bob-pw",
        &dest("v1"),
    ]));
    assert_eq!(
        sha(&raw),
        m.digest,
        "{mode}: bob's refused delete removed nothing"
    );

    // alice may delete.
    run(&mut skopeo(&[
        "delete",
        TLS,
        "--creds",
        "alice:alice-pw",
        &dest("v1"),
    ]));
    let err = run_fails(&mut skopeo(&[
        "inspect",
        "--raw",
        TLS,
        "--creds",
        "alice:alice-pw",
        &dest("v1"),
    ]));
    assert!(
        err.contains("manifest unknown") || err.contains("not found"),
        "{mode}: {err}"
    );
}

/// skopeo credentials through HTTP Basic auth.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn skopeo_credentials_basic() {
    skopeo_with_credentials("skopeo_credentials_basic", "basic").await;
}

/// skopeo credentials through the Bearer token flow (`WWW-Authenticate: Bearer`,
/// token endpoint).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn skopeo_credentials_bearer() {
    skopeo_with_credentials("skopeo_credentials_bearer", "bearer").await;
}

/// `registryctl image export` writes what skopeo reads, and `image import` reads what
/// skopeo writes: a single image and a two-platform index, digests compared both ways.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn image_layouts_round_trip_through_skopeo() {
    let test = "image_layouts_round_trip_through_skopeo";
    let Some((s, env)) = setup(test, &[Tool::Skopeo]).await else {
        return;
    };
    let layer: Vec<u8> = (0..1_000_000u32).map(|i| (i % 241) as u8).collect();
    let single = push_image(
        &s,
        "acme/app",
        "v1",
        b"{\"architecture\":\"amd64\",\"os\":\"linux\"}",
        &[&layer],
    )
    .await;
    // A two-platform index, children by digest only.
    let mut children = Vec::new();
    for arch in ["amd64", "arm64"] {
        let config = format!("{{\"architecture\":\"{arch}\",\"os\":\"linux\"}}");
        let l = format!("layer of {arch}");
        let d = push_image(&s, "acme/app", "tmp", config.as_bytes(), &[l.as_bytes()]).await;
        let size = image_manifest(config.as_bytes(), &[l.as_bytes()]).len();
        children.push(
            json!({"mediaType": OCI_MANIFEST, "digest": d.to_string(), "size": size,
                             "platform": {"os": "linux", "architecture": arch}}),
        );
    }
    let index = serde_json::to_vec(
        &json!({"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": children}),
    )
    .expect("json");
    assert_eq!(
        put_manifest(&s, "acme/app", "multi", OCI_INDEX, &index)
            .await
            .status(),
        201
    );

    // Out: registryctl writes the layout, skopeo pushes it to the registry again.
    let out = env.path("exported");
    let out_s = out.to_string_lossy().to_string();
    for tag in ["v1", "multi"] {
        let (code, o, e) = run_cli_async(
            s.root(),
            &["image", "export", &format!("acme/app:{tag}"), &out_s],
        )
        .await;
        assert_eq!(code, 0, "{o}{e}");
        run(&mut env.skopeo_copy(
            &["--all", "--preserve-digests"],
            &format!("oci:{out_s}:{tag}"),
            &docker_ref(&s, &format!("skopeo/app:{tag}")),
        ));
    }
    let served = get_manifest(&s.url, "skopeo/app", "v1").await.expect("v1");
    assert_eq!(sha(&served), single.to_string());
    let served = get_manifest(&s.url, "skopeo/app", "multi")
        .await
        .expect("multi");
    assert_eq!(sha(&served), sha(&index));

    // In: skopeo writes a layout from the registry, registryctl imports it.
    let from = env.path("from-skopeo");
    let from_s = from.to_string_lossy().to_string();
    for tag in ["v1", "multi"] {
        run(&mut env.skopeo_copy(
            &["--all", "--preserve-digests"],
            &docker_ref(&s, &format!("acme/app:{tag}")),
            &format!("oci:{from_s}:{tag}"),
        ));
        let (code, o, e) = run_cli_async(
            s.root(),
            &["image", "import", &from_s, &format!("imported/app:{tag}")],
        )
        .await;
        assert_eq!(code, 0, "{o}{e}");
    }
    let served = get_manifest(&s.url, "imported/app", "v1")
        .await
        .expect("v1");
    assert_eq!(sha(&served), single.to_string());
    let served = get_manifest(&s.url, "imported/app", "multi")
        .await
        .expect("multi");
    assert_eq!(sha(&served), sha(&index));
    for c in &children {
        let d = c["digest"].as_str().expect("digest");
        let m = get_manifest(&s.url, "imported/app", d)
            .await
            .expect("child");
        assert_eq!(sha(&m), d);
    }
}

/// A running distribution 2.8 (Debian's `docker-registry`) on a store of its own.
struct Distribution {
    child: std::process::Child,
    url: String,
    root: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

impl Distribution {
    fn start() -> Distribution {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("store");
        let port = free_port();
        let config = dir.path().join("config.yml");
        std::fs::write(
            &config,
            format!(
                "version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: {}\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:{port}\n",
                root.display()
            ),
        )
        .expect("config");
        let child = std::process::Command::new("docker-registry")
            .arg("serve")
            .arg(&config)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start docker-registry");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                std::time::Instant::now() < deadline,
                "distribution did not listen"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        Distribution {
            child,
            url: format!("http://127.0.0.1:{port}"),
            root,
            _dir: dir,
        }
    }

    async fn push_blob(&self, repo: &str, data: &[u8]) -> String {
        let d = sha(data);
        let r = common::http()
            .post(format!("{}/v2/{repo}/blobs/uploads/", self.url))
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), 202);
        let loc = r.headers()["location"]
            .to_str()
            .expect("location")
            .to_string();
        let sep = if loc.contains('?') { '&' } else { '?' };
        let url = if loc.starts_with("http") {
            loc
        } else {
            format!("{}{loc}", self.url)
        };
        let r = common::http()
            .put(format!("{url}{sep}digest={d}"))
            .header("content-type", "application/octet-stream")
            .body(data.to_vec())
            .send()
            .await
            .expect("put");
        assert_eq!(r.status(), 201, "distribution blob push");
        d
    }

    async fn put_manifest(&self, repo: &str, reference: &str, media_type: &str, body: &[u8]) {
        let r = common::http()
            .put(format!("{}/v2/{repo}/manifests/{reference}", self.url))
            .header("content-type", media_type)
            .body(body.to_vec())
            .send()
            .await
            .expect("put manifest");
        assert_eq!(
            r.status(),
            201,
            "distribution manifest push: {}",
            r.text().await.unwrap_or_default()
        );
    }

    /// An image (config + one layer) under `reference`; returns its manifest bytes.
    async fn push_image(&self, repo: &str, reference: &str, seed: &str) -> Vec<u8> {
        let config = format!("{{\"architecture\":\"amd64\",\"os\":\"linux\",\"seed\":\"{seed}\"}}");
        let layer = format!("layer {seed} ").repeat(1000).into_bytes();
        self.push_blob(repo, config.as_bytes()).await;
        self.push_blob(repo, &layer).await;
        let m = image_manifest(config.as_bytes(), &[&layer]);
        self.put_manifest(repo, reference, OCI_MANIFEST, &m).await;
        m
    }
}

impl Drop for Distribution {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `registryctl import distribution` on a store that a real distribution 2.8 filled
/// through its API: every tag and manifest (an index with its children included) is
/// served afterwards with the same digests, blobs are hard-linked, a corrupt blob is
/// reported and not imported, a second run imports nothing new, and `scan --verify`
/// is clean.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_a_distribution_store() {
    let test = "import_a_distribution_store";
    if !have(test, &[Tool::Distribution]) {
        return;
    }
    let mut dist = Distribution::start();
    let mut expected: Vec<(String, String, String)> = Vec::new(); // repo, reference, digest
    for (repo, n) in [("acme/app", 3), ("acme/team/tool", 2)] {
        for i in 0..n {
            let m = dist
                .push_image(repo, &format!("v{i}"), &format!("{repo}-{i}"))
                .await;
            expected.push((repo.into(), format!("v{i}"), sha(&m)));
        }
    }
    // A tag moved to a newer image: the old manifest stays, untagged.
    let old = dist.push_image("acme/app", "moving", "old").await;
    let new = dist.push_image("acme/app", "moving", "new").await;
    expected.push(("acme/app".into(), sha(&old), sha(&old)));
    expected.push(("acme/app".into(), "moving".into(), sha(&new)));
    // A two-platform index whose children are pushed by digest only.
    let mut children = Vec::new();
    for arch in ["amd64", "arm64"] {
        let m = dist.push_image("acme/app", "child-tmp", arch).await;
        children.push(
            json!({"mediaType": OCI_MANIFEST, "digest": sha(&m), "size": m.len(),
                             "platform": {"os": "linux", "architecture": arch}}),
        );
        expected.push(("acme/app".into(), sha(&m), sha(&m)));
    }
    let index = serde_json::to_vec(
        &json!({"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": children}),
    )
    .expect("json");
    dist.put_manifest("acme/app", "multi", OCI_INDEX, &index)
        .await;
    expected.push(("acme/app".into(), "multi".into(), sha(&index)));
    // A referrer (a manifest with a subject): distribution 2.8 stores it as a manifest.
    let subject = expected[0].2.clone();
    let subject_size = get_manifest(&dist.url, "acme/app", "v0")
        .await
        .expect("v0")
        .len();
    dist.push_blob("acme/app", b"{}").await;
    let sig_layer = dist.push_blob("acme/app", b"a signature").await;
    let sig = serde_json::to_vec(&json!({"schemaVersion": 2, "mediaType": OCI_MANIFEST,
        "artifactType": "application/vnd.example.signature",
        "config": {"mediaType": "application/vnd.oci.empty.v1+json", "digest": sha(b"{}"), "size": 2},
        "layers": [{"mediaType": "application/octet-stream", "digest": sig_layer, "size": 11}],
        "subject": {"mediaType": OCI_MANIFEST, "digest": subject, "size": subject_size}}))
    .expect("json");
    dist.put_manifest("acme/app", &sha(&sig), OCI_MANIFEST, &sig)
        .await;
    expected.push(("acme/app".into(), sha(&sig), sha(&sig)));
    // A blob nobody references, whose bytes are then damaged on disk.
    let orphan = dist.push_blob("acme/app", b"orphan bytes").await;
    let _ = dist.child.kill();
    let _ = dist.child.wait();
    let hex = orphan.trim_start_matches("sha256:");
    let orphan_path = dist
        .root
        .join("docker/registry/v2/blobs/sha256")
        .join(&hex[..2])
        .join(hex)
        .join("data");
    std::fs::write(&orphan_path, b"damaged byte").expect("damage");

    let ours = common::new_store();
    let dist_root = dist.root.to_string_lossy().to_string();
    let (code, stdout, stderr) = run_cli_async(
        ours.path(),
        &["import", "distribution", &dist_root, "--json"],
    )
    .await;
    assert_eq!(code, 1, "the damaged blob is a problem: {stdout}{stderr}");
    let report: Value = serde_json::from_str(&stdout).expect("report");
    assert_eq!(report["repositories"], 2, "{report}");
    let problems = report["problems"].as_array().expect("problems");
    assert_eq!(problems.len(), 1, "{report}");
    assert_eq!(problems[0]["what"], orphan.as_str());
    assert!(
        report["linked"].as_u64().unwrap_or(0) > 0,
        "same filesystem: hard links {report}"
    );
    assert_eq!(report["copied"], 0);
    // v0-v2, v0-v1, moving, multi and child-tmp.
    assert_eq!(report["tags"].as_u64(), Some(8), "{report}");

    // Again: nothing new.
    let (code, stdout, _) = run_cli_async(
        ours.path(),
        &["import", "distribution", &dist_root, "--json"],
    )
    .await;
    assert_eq!(code, 1);
    let again: Value = serde_json::from_str(&stdout).expect("report");
    assert_eq!(again["linked"], 0);
    assert_eq!(again["copied"], 0);
    assert_eq!(again["bytes"], 0);
    let total = again["blobs"].as_u64().unwrap_or(0)
        + again["manifests"].as_u64().unwrap_or(0)
        + again["tags"].as_u64().unwrap_or(0);
    assert_eq!(again["already_there"].as_u64(), Some(total), "{again}");

    // Everything is served with the digests distribution had.
    let s = TestServer::start_in(ours).await;
    for (repo, reference, d) in &expected {
        let got = get_manifest(&s.url, repo, reference)
            .await
            .unwrap_or_else(|| panic!("{repo}:{reference} is served"));
        assert_eq!(&sha(&got), d, "{repo}:{reference}");
        let m: Value = serde_json::from_slice(&got).expect("manifest json");
        for l in m["layers"].as_array().into_iter().flatten() {
            let ld = l["digest"].as_str().expect("layer digest");
            let r = common::http()
                .get(s.at(&format!("/v2/{repo}/blobs/{ld}")))
                .send()
                .await
                .expect("blob");
            assert_eq!(r.status(), 200);
            assert_eq!(sha(&r.bytes().await.expect("bytes")), ld);
        }
    }
    // The referrer is found through the referrers API.
    let referrers: Value = common::http()
        .get(s.at(&format!("/v2/acme/app/referrers/{}", expected[0].2)))
        .send()
        .await
        .expect("referrers")
        .json()
        .await
        .expect("referrers json");
    assert_eq!(
        referrers["manifests"][0]["digest"],
        sha(&sig).as_str(),
        "{referrers}"
    );
    let orphan_head = common::http()
        .head(s.at(&format!("/v2/acme/app/blobs/{orphan}")))
        .send()
        .await
        .expect("head");
    assert_eq!(
        orphan_head.status(),
        404,
        "the damaged blob was not imported"
    );
    let (code, out, err) = run_cli_async(s.root(), &["scan", "--verify"]).await;
    assert_eq!(code, 0, "scan --verify is clean: {out}{err}");
}
