//! Inner loops of the registry, measured with criterion (`cargo bench --bench core`):
//! digest hashing, manifest parsing and reference extraction, access-rule evaluation,
//! and name validation. Figures belong in the README only as ratios against a peer; these
//! benches are for catching regressions in the hot paths.

use std::collections::BTreeMap;

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use registryctl::auth::eval::Policy;
use registryctl::auth::model::{Action, Rule};
use registryctl::oci::{Algorithm, Digest, Hasher, Manifest, RepoName, Tag};

fn hashing(c: &mut Criterion) {
    let mut g = c.benchmark_group("digest");
    for size in [4 * 1024usize, 1 << 20] {
        let data = vec![7u8; size];
        g.throughput(Throughput::Bytes(size as u64));
        g.bench_with_input(BenchmarkId::new("sha256", size), &data, |b, d| {
            b.iter(|| {
                let mut h = Hasher::new(Algorithm::Sha256);
                h.update(black_box(d));
                h.finish()
            })
        });
    }
    g.finish();
}

fn manifest_body(layers: usize) -> Vec<u8> {
    let layer = |i: usize| {
        format!(
            r#"{{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{}","size":{}}}"#,
            Digest::sha256_of(&i.to_le_bytes()),
            1000 + i
        )
    };
    let layers: Vec<String> = (0..layers).map(layer).collect();
    format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{}","size":2}},"layers":[{}],"annotations":{{"org.opencontainers.image.created":"2026-11-28T00:00:00Z"}}}}"#,
        Digest::sha256_of(b"{}"),
        layers.join(",")
    )
    .into_bytes()
}

fn manifests(c: &mut Criterion) {
    let mut g = c.benchmark_group("manifest");
    for layers in [5usize, 50] {
        let body = manifest_body(layers);
        g.bench_with_input(
            BenchmarkId::new("parse_and_refs", layers),
            &body,
            |b, body| {
                b.iter(|| {
                    let m = Manifest::parse(
                        black_box(body),
                        "application/vnd.oci.image.manifest.v1+json",
                    )
                    .expect("valid manifest");
                    m.all_refs().count()
                })
            },
        );
    }
    g.finish();
}

fn acl(c: &mut Criterion) {
    let mut rules: Vec<Rule> = Vec::new();
    for i in 0..50 {
        let line = format!("grant user{i} org{i}/** pull,push");
        let mut parts = line.split(' ');
        let (e, s, p, a) = (
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
        );
        rules.push(Rule {
            effect: e.parse().expect("effect"),
            subject: s.parse().expect("subject"),
            pattern: p.parse().expect("pattern"),
            actions: a.parse().expect("actions"),
        });
    }
    rules.push(Rule {
        effect: "deny".parse().expect("effect"),
        subject: "anonymous".parse().expect("subject"),
        pattern: "secret/**".parse().expect("pattern"),
        actions: "*".parse().expect("actions"),
    });
    let policy = Policy::new(rules, &BTreeMap::new());
    c.bench_function("acl/decide_50_rules", |b| {
        b.iter(|| {
            policy.allows(
                black_box(Some("user42")),
                black_box("org42/team/app"),
                Action::Push,
            )
        })
    });
}

fn names(c: &mut Criterion) {
    c.bench_function("name/repo_nested", |b| {
        b.iter(|| RepoName::parse(black_box("acme-corp/platform.team/api__gateway")).is_ok())
    });
    c.bench_function("name/tag", |b| {
        b.iter(|| Tag::parse(black_box("v1.2.3-rc.1_amd64")).is_ok())
    });
    let d = Digest::sha256_of(b"x").to_string();
    c.bench_function("name/digest", |b| {
        b.iter(|| Digest::parse(black_box(&d)).is_ok())
    });
}

criterion_group!(benches, hashing, manifests, acl, names);
criterion_main!(benches);
