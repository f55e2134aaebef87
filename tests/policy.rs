//! Tag policy end to end: immutable tags refused through the API and the CLI (an
//! identical re-push accepted, concurrent first pushes with one winner, edits live on a
//! running server), and retention: rules, `prune --dry-run`, `retention explain`,
//! `prune`.

mod common;

use common::*;
use serde_json::Value;

const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";

async fn push_tag(s: &TestServer, repo: &str, tag: &str, seed: &str) -> (u16, String, Digest) {
    let config = format!("{{\"seed\":\"{seed}\"}}");
    push_blob(s, repo, config.as_bytes()).await;
    push_blob(s, repo, seed.as_bytes()).await;
    let m = image_manifest(config.as_bytes(), &[seed.as_bytes()]);
    let r = put_manifest(s, repo, tag, OCI_MANIFEST, &m).await;
    let status = r.status().as_u16();
    (status, r.text().await.unwrap_or_default(), digest(&m))
}

async fn tag_target(s: &TestServer, repo: &str, tag: &str) -> Option<String> {
    let r = http()
        .head(s.at(&format!("/v2/{repo}/manifests/{tag}")))
        .header("accept", OCI_MANIFEST)
        .send()
        .await
        .expect("head");
    (r.status() == 200).then(|| {
        r.headers()["docker-content-digest"]
            .to_str()
            .expect("digest")
            .to_string()
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn immutable_tags_do_not_move_or_go() {
    let s = TestServer::start().await;
    let (code, out, err) = run_cli_async(s.root(), &["immutable", "add", "acme/**:v*"]).await;
    assert_eq!(code, 0, "{out}{err}");
    let (st, _, a) = push_tag(&s, "acme/app", "v1", "a").await;
    assert_eq!(st, 201);
    // The same digest again: a CI retry succeeds.
    let (st, _, again) = push_tag(&s, "acme/app", "v1", "a").await;
    assert_eq!((st, &again), (201, &a));
    // Another manifest under the tag: refused, naming the rule; the tag stays.
    let (st, body, _) = push_tag(&s, "acme/app", "v1", "b").await;
    assert_eq!(st, 403, "{body}");
    assert!(
        body.contains("DENIED") && body.contains("i1") && body.contains("immutable"),
        "{body}"
    );
    assert_eq!(tag_target(&s, "acme/app", "v1").await, Some(a.to_string()));
    // Tags the rule does not cover move freely.
    assert_eq!(push_tag(&s, "acme/app", "latest", "a").await.0, 201);
    assert_eq!(push_tag(&s, "acme/app", "latest", "b").await.0, 201);
    assert_eq!(push_tag(&s, "other/app", "v1", "b").await.0, 201);
    assert_eq!(push_tag(&s, "other/app", "v1", "c").await.0, 201);
    // Deletes through the API: by tag, and by the digest the tag points at.
    let r = delete(&s, "/v2/acme/app/manifests/v1").await;
    assert_eq!(r.status(), 403);
    let r = delete(&s, &format!("/v2/acme/app/manifests/{a}")).await;
    assert_eq!(r.status(), 403);
    // And through the CLI.
    let (code, _, err) = run_cli_async(s.root(), &["tag", "rm", "acme/app:v1"]).await;
    assert_eq!(code, 10, "the policy code");
    assert!(err.contains("immutable"), "{err}");
    let (code, _, err) = run_cli_async(
        s.root(),
        &["manifest", "rm", &format!("acme/app@{a}"), "--yes"],
    )
    .await;
    assert_eq!(code, 10, "the policy code");
    assert!(err.contains("immutable"), "{err}");
    assert_eq!(tag_target(&s, "acme/app", "v1").await, Some(a.to_string()));
    // Removing the rule takes effect on the running server at once.
    let (code, out, _) = run_cli_async(s.root(), &["immutable", "ls", "--json"]).await;
    assert_eq!(code, 0);
    let rules: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(rules[0]["id"], "i1");
    let (code, _, err) = run_cli_async(s.root(), &["immutable", "rm", "i1"]).await;
    assert_eq!(code, 0, "{err}");
    let (st, _, b) = push_tag(&s, "acme/app", "v1", "b").await;
    assert_eq!(st, 201);
    assert_eq!(tag_target(&s, "acme/app", "v1").await, Some(b.to_string()));
    let (code, _, _) = run_cli_async(s.root(), &["immutable", "rm", "i1"]).await;
    assert_eq!(code, 3, "no such rule");
}

/// Concurrent first pushes of different manifests under one immutable tag: exactly
/// one wins, and the tag points at the winner.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_first_pushes_of_an_immutable_tag_have_one_winner() {
    let s = TestServer::start().await;
    let (code, _, err) = run_cli_async(s.root(), &["immutable", "add", "race/**:*"]).await;
    assert_eq!(code, 0, "{err}");
    let mut bodies = Vec::new();
    for i in 0..8 {
        let config = format!("{{\"n\":{i}}}");
        push_blob(&s, "race/app", config.as_bytes()).await;
        push_blob(&s, "race/app", b"shared layer").await;
        bodies.push(image_manifest(config.as_bytes(), &[b"shared layer"]));
    }
    let pushes = bodies
        .iter()
        .map(|m| put_manifest(&s, "race/app", "v1", OCI_MANIFEST, m));
    let results = futures_util::future::join_all(pushes).await;
    let won: Vec<usize> = results
        .iter()
        .enumerate()
        .filter(|(_, r)| r.status() == 201)
        .map(|(i, _)| i)
        .collect();
    assert_eq!(
        won.len(),
        1,
        "one winner: {:?}",
        results.iter().map(|r| r.status()).collect::<Vec<_>>()
    );
    assert!(results
        .iter()
        .all(|r| r.status() == 201 || r.status() == 403));
    assert_eq!(
        tag_target(&s, "race/app", "v1").await,
        Some(digest(&bodies[won[0]]).to_string())
    );
}

/// Sets a tag's push time (its record's modification time) for a deterministic plan.
fn set_pushed(root: &std::path::Path, repo: &str, tag: &str, when: &str) {
    let path = store_path(root, &paths::tag(&repo_name(repo), &tag_name(tag)));
    let st = std::process::Command::new("touch")
        .arg("-d")
        .arg(when)
        .arg(&path)
        .status()
        .expect("touch");
    assert!(st.success());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retention_plans_explains_and_prunes() {
    let s = TestServer::start().await;
    for (i, tag) in ["pr-1", "pr-2", "pr-3", "pr-4", "pr-5", "v1", "latest"]
        .iter()
        .enumerate()
    {
        assert_eq!(push_tag(&s, "acme/app", tag, tag).await.0, 201);
        set_pushed(
            s.root(),
            "acme/app",
            tag,
            &format!("2020-01-01 00:00:{:02}", i + 1),
        );
    }
    assert_eq!(push_tag(&s, "other/app", "pr-1", "x").await.0, 201);
    // A rule that keeps nothing is refused with a message.
    let (code, _, err) = run_cli_async(s.root(), &["retention", "add", "acme/**"]).await;
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("keeps nothing"), "{err}");
    let (code, _, err) = run_cli_async(
        s.root(),
        &[
            "retention",
            "add",
            "acme/**",
            "--tags",
            "pr-*",
            "--keep-last",
            "2",
            "--id",
            "prs",
        ],
    )
    .await;
    assert_eq!(code, 0, "{err}");

    let (code, out, err) = run_cli_async(s.root(), &["prune", "--dry-run", "--json"]).await;
    assert_eq!(code, 0, "{err}");
    let plan: Value = serde_json::from_str(&out).expect("json");
    let going: Vec<&str> = plan["remove"]
        .as_array()
        .expect("remove")
        .iter()
        .map(|d| d["tag"].as_str().expect("tag"))
        .collect();
    assert_eq!(going, ["pr-1", "pr-2", "pr-3"], "{plan}");
    assert_eq!(plan["remove"][0]["rule"], "prs");
    assert_eq!(plan["remove"][0]["repository"], "acme/app");
    assert!(plan["remove"][0]["pushed"]
        .as_str()
        .unwrap_or("")
        .starts_with("2020-01-01T00:00:01"));
    // Nothing went in the dry run.
    assert!(tag_target(&s, "acme/app", "pr-1").await.is_some());

    let (code, out, _) = run_cli_async(s.root(), &["retention", "explain", "acme/app:pr-1"]).await;
    assert_eq!(code, 10, "prune would remove it: {out}");
    assert!(
        out.contains("removed by prune") && out.contains("prs"),
        "{out}"
    );
    let (code, out, _) = run_cli_async(s.root(), &["retention", "explain", "acme/app:pr-5"]).await;
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("#1 of the 2"), "{out}");
    let (code, out, _) = run_cli_async(s.root(), &["retention", "explain", "acme/app:v1"]).await;
    assert_eq!(code, 0);
    assert!(out.contains("no retention rule applies"), "{out}");

    // An immutable tag is never pruned.
    let (code, _, _) = run_cli_async(s.root(), &["immutable", "add", "acme/app:pr-2"]).await;
    assert_eq!(code, 0);
    let (code, out, err) = run_cli_async(s.root(), &["prune", "--json"]).await;
    assert_eq!(code, 0, "{err}");
    let done: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(done["remove"].as_array().map(Vec::len), Some(2), "{done}");
    assert_eq!(done["immutable"][0]["tag"], "pr-2");
    for (tag, present) in [
        ("pr-1", false),
        ("pr-2", true),
        ("pr-3", false),
        ("pr-4", true),
        ("pr-5", true),
        ("v1", true),
        ("latest", true),
    ] {
        assert_eq!(
            tag_target(&s, "acme/app", tag).await.is_some(),
            present,
            "{tag}"
        );
    }
    assert!(
        tag_target(&s, "other/app", "pr-1").await.is_some(),
        "no rule: untouched"
    );
    // The rule list and its audit trail.
    let (code, out, _) = run_cli_async(s.root(), &["retention", "ls"]).await;
    assert_eq!(code, 0);
    assert!(out.contains("prs acme/** tags=pr-* keep-last=2"), "{out}");
    let audit =
        std::fs::read_to_string(auth_path(s.root(), AuthFile::AuditLog)).expect("audit log");
    assert!(audit.contains("retention add prs"), "{audit}");
    assert!(audit.contains("immutable add"), "{audit}");
}
