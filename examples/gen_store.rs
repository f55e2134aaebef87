//! Builds a large store directly through the `Store` API, for timing `registryctl gc`
//! (see `scripts/gc-bench.sh`).
//!
//! ```text
//! cargo run --release --example gen_store -- DIR|s3://BUCKET/PREFIX [--images 18200]
//!     [--repos 20] [--layers 4] [--shared 500] [--orphans 8500] [--threads 8]
//! ```
//!
//! An `s3://` target is written straight to the bucket (endpoint and credentials from
//! `AWS_ENDPOINT_URL`, `AWS_REGION`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`; the
//! prefix must be empty or hold a store).
//!
//! Per repository, image `i` has a unique config, `--layers` unique layers and one
//! layer from a shared pool. Images with `i % 10` in {0, 1} are pushed by digest and
//! referenced in pairs by a tagged index; `i % 10 == 2` are pushed by digest only
//! (garbage for `--delete-untagged`); the rest are tagged. `--orphans` blobs are
//! uploaded and never referenced. The defaults give 100,000 layer and config blobs
//! and 20,020 manifests.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use registryctl::oci::{Digest, Manifest, RepoName, Tag};
use registryctl::storage::object::s3::{S3Config, S3Objects};
use registryctl::storage::object::ObjectStore;
use registryctl::storage::{Access, Store};
use serde_json::json;
use std::sync::Arc;

struct Args {
    dir: PathBuf,
    images: usize,
    repos: usize,
    layers: usize,
    shared: usize,
    orphans: usize,
    threads: usize,
}

fn parse_args() -> Result<Args, String> {
    let mut it = std::env::args().skip(1);
    let mut a = Args {
        dir: PathBuf::new(),
        images: 18_200,
        repos: 20,
        layers: 4,
        shared: 500,
        orphans: 8_500,
        threads: 8,
    };
    while let Some(arg) = it.next() {
        let mut num = |name: &str| -> Result<usize, String> {
            it.next()
                .and_then(|v| v.parse().ok())
                .ok_or_else(|| format!("{name} needs a number"))
        };
        match arg.as_str() {
            "--images" => a.images = num("--images")?,
            "--repos" => a.repos = num("--repos")?.max(1),
            "--layers" => a.layers = num("--layers")?,
            "--shared" => a.shared = num("--shared")?.max(1),
            "--orphans" => a.orphans = num("--orphans")?,
            "--threads" => a.threads = num("--threads")?.max(1),
            s if !s.starts_with('-') && a.dir.as_os_str().is_empty() => a.dir = PathBuf::from(s),
            s => return Err(format!("unknown argument {s}")),
        }
    }
    if a.dir.as_os_str().is_empty() {
        return Err("usage: gen_store DIR|s3://BUCKET/PREFIX [--images N] [--repos R] [--layers L] [--shared S] [--orphans O] [--threads T]".into());
    }
    Ok(a)
}

fn desc(media_type: &str, data: &[u8]) -> serde_json::Value {
    json!({"mediaType": media_type, "digest": Digest::sha256_of(data).to_string(), "size": data.len()})
}

fn put(
    store: &Store,
    repo: &RepoName,
    body: &[u8],
    tag: Option<&Tag>,
) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let m = Manifest::parse(body, "")?;
    store.put_manifest(repo, &Digest::sha256_of(body), body, &m, tag)?;
    Ok(body.to_vec())
}

fn gen_repo(store: &Store, a: &Args, r: usize) -> Result<(), Box<dyn std::error::Error>> {
    let repo = RepoName::parse(&format!("bench/repo{r}"))?;
    let images = a.images / a.repos + usize::from(r < a.images % a.repos);
    let orphans = a.orphans / a.repos + usize::from(r < a.orphans % a.repos);
    let mut pending_child: Option<Vec<u8>> = None;
    for i in 0..images {
        let config = format!("{{\"repo\":{r},\"image\":{i}}}").into_bytes();
        store.put_blob_bytes(&repo, &config)?;
        let mut layers = Vec::new();
        for l in 0..a.layers {
            let data = format!("layer {r} {i} {l}").into_bytes();
            store.put_blob_bytes(&repo, &data)?;
            layers.push(desc("application/vnd.oci.image.layer.v1.tar", &data));
        }
        let shared = format!("shared layer {}", (r * 7919 + i) % a.shared).into_bytes();
        store.put_blob_bytes(&repo, &shared)?;
        layers.push(desc("application/vnd.oci.image.layer.v1.tar", &shared));
        let body = serde_json::to_vec(&json!({
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": desc("application/vnd.oci.image.config.v1+json", &config),
            "layers": layers,
        }))?;
        match i % 10 {
            0 => pending_child = Some(put(store, &repo, &body, None)?),
            1 => {
                let second = put(store, &repo, &body, None)?;
                let first = pending_child.take().unwrap_or_else(|| second.clone());
                let index = serde_json::to_vec(&json!({
                    "schemaVersion": 2,
                    "mediaType": "application/vnd.oci.image.index.v1+json",
                    "manifests": [
                        desc("application/vnd.oci.image.manifest.v1+json", &first),
                        desc("application/vnd.oci.image.manifest.v1+json", &second),
                    ],
                }))?;
                put(
                    store,
                    &repo,
                    &index,
                    Some(&Tag::parse(&format!("multi{i}"))?),
                )?;
            }
            2 => {
                put(store, &repo, &body, None)?;
            }
            _ => {
                put(store, &repo, &body, Some(&Tag::parse(&format!("img{i}"))?))?;
            }
        }
    }
    for o in 0..orphans {
        store.put_blob_bytes(&repo, format!("orphan {r} {o}").as_bytes())?;
    }
    Ok(())
}

/// The store at a directory or an `s3://` URL, created if absent.
fn open(target: &std::path::Path) -> Result<Store, Box<dyn std::error::Error>> {
    let t = target.to_string_lossy();
    if !t.starts_with("s3://") {
        return Ok(Store::open_or_create(target)?);
    }
    let config = S3Config::parse_url(&t)?.with_env();
    let objects: Arc<dyn ObjectStore> = Arc::new(S3Objects::new(config)?);
    Ok(Store::open_objects(objects, Access::ReadWrite, true)?)
}

fn main() -> std::process::ExitCode {
    let a = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("gen_store: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let store = match open(&a.dir) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("gen_store: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let next = AtomicUsize::new(0);
    let failed = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..a.threads {
            s.spawn(|| loop {
                let r = next.fetch_add(1, Ordering::Relaxed);
                if r >= a.repos {
                    return;
                }
                if let Err(e) = gen_repo(&store, &a, r) {
                    eprintln!("gen_store: repository {r}: {e}");
                    failed.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
    });
    if failed.load(Ordering::Relaxed) > 0 {
        return std::process::ExitCode::FAILURE;
    }
    let manifests = a.images + a.images / 10;
    let blobs = a.images * (a.layers + 1) + a.shared.min(a.images) + a.orphans;
    println!(
        "gen_store: {} repositories, about {manifests} manifests and {blobs} layer/config blobs in {}",
        a.repos,
        a.dir.display()
    );
    std::process::ExitCode::SUCCESS
}
