//! Access control end to end: a real server, real files edited by the real CLI, and
//! the `oci-client` crate as the registry client.

mod common;

use std::time::Duration;

use base64::Engine;
use common::{
    add_user, auth_path, base_status, cli_ok, eventually, http, paths, push_blob, push_image,
    AuthFile, TestServer,
};
use oci_client::client::{ClientConfig, ClientProtocol, Config, ImageLayer};
use oci_client::manifest::IMAGE_LAYER_MEDIA_TYPE;
use oci_client::secrets::RegistryAuth;
use oci_client::{Client, Reference};
use registryctl::config::AuthMode;
use registryctl::oci::RepoName;
use registryctl::server::{AuthConfig, Options};

fn oci() -> Client {
    Client::new(ClientConfig {
        protocol: ClientProtocol::Http,
        ..Default::default()
    })
}

fn reference(s: &TestServer, repo_tag: &str) -> Reference {
    format!("{}/{repo_tag}", s.addr).parse().expect("reference")
}

fn basic(user: &str, pw: &str) -> RegistryAuth {
    RegistryAuth::Basic(user.to_string(), pw.to_string())
}

async fn oci_push(
    s: &TestServer,
    repo_tag: &str,
    auth: &RegistryAuth,
    layer: &[u8],
) -> oci_client::errors::Result<()> {
    let layers = vec![ImageLayer::oci_v1(layer.to_vec(), None)];
    let config = Config::oci_v1(format!("{{\"layer\":{}}}", layer.len()).into_bytes(), None);
    oci()
        .push(&reference(s, repo_tag), &layers, config, auth, None)
        .await
        .map(|_| ())
}

async fn oci_pull(
    s: &TestServer,
    repo_tag: &str,
    auth: &RegistryAuth,
) -> oci_client::errors::Result<Vec<u8>> {
    let img = oci()
        .pull(&reference(s, repo_tag), auth, vec![IMAGE_LAYER_MEDIA_TYPE])
        .await?;
    Ok(img
        .layers
        .first()
        .map(|l| l.data.to_vec())
        .unwrap_or_default())
}

/// Waits until the server enforces access control (the first user was added).
async fn wait_auth_on(s: &TestServer) {
    eventually(5, || async { base_status(s).await == 401 }).await;
}

fn jwt_claims(token: &str) -> serde_json::Value {
    let payload = token.split('.').nth(1).expect("jwt has a payload");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .expect("base64url payload");
    serde_json::from_slice(&bytes).expect("claims are JSON")
}

/// Parses `Bearer k="v",k2="v2"` into pairs.
fn challenge_params(h: &str) -> Vec<(String, String)> {
    let rest = h.strip_prefix("Bearer ").expect("a Bearer challenge");
    rest.split("\",")
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim_matches('"').to_string()))
        .collect()
}

fn param<'a>(ps: &'a [(String, String)], k: &str) -> Option<&'a str> {
    ps.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str())
}

/// A request with Basic credentials (and an OCI manifest `Accept`, and `{}` as body).
async fn as_user(
    s: &TestServer,
    method: &str,
    path: &str,
    (u, p): (&str, &str),
) -> reqwest::Response {
    let m = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
    http()
        .request(m, s.at(path))
        .header("accept", "application/vnd.oci.image.manifest.v1+json")
        .basic_auth(u, Some(p))
        .body("{}")
        .send()
        .await
        .expect("request")
}

async fn token_for(s: &TestServer, scope: &str, creds: Option<(&str, &str)>) -> reqwest::Response {
    let mut rb = http()
        .get(s.at("/token"))
        .query(&[("service", "registryctl"), ("scope", scope)]);
    if let Some((u, p)) = creds {
        rb = rb.basic_auth(u, Some(p));
    }
    rb.send().await.expect("token request")
}

async fn token_string(r: reqwest::Response) -> String {
    assert_eq!(r.status(), 200);
    let v: serde_json::Value = r.json().await.expect("token JSON");
    v["token"].as_str().expect("token field").to_string()
}

#[tokio::test]
async fn oci_client_pushes_where_granted_and_is_refused_elsewhere() {
    let s = TestServer::start().await;
    assert_eq!(base_status(&s).await, 200, "no users: open");
    add_user(s.root(), "alice", "alice-pw");
    cli_ok(s.root(), &["acl", "grant", "alice", "acme/**", "pull,push"]);
    wait_auth_on(&s).await;

    let alice = basic("alice", "alice-pw");
    oci_push(&s, "acme/app:v1", &alice, b"layer one")
        .await
        .expect("push where granted");
    oci_push(&s, "acme/team/app:v1", &alice, b"nested")
        .await
        .expect("push into a nested repository");
    assert_eq!(
        oci_pull(&s, "acme/app:v1", &alice).await.expect("pull"),
        b"layer one"
    );

    let refused = oci_push(&s, "other/app:v1", &alice, b"nope").await;
    assert!(refused.is_err(), "push outside the grant must fail");
    let other = RepoName::parse("other/app").expect("name");
    assert!(
        !s.store.repo_exists(&other).expect("store"),
        "nothing was written"
    );

    let wrong = basic("alice", "wrong");
    assert!(oci_pull(&s, "acme/app:v1", &wrong).await.is_err());
    assert!(oci_pull(&s, "acme/app:v1", &RegistryAuth::Anonymous)
        .await
        .is_err());

    // Basic credentials are also accepted directly on /v2 requests in Bearer mode.
    let r = as_user(
        &s,
        "GET",
        "/v2/acme/app/manifests/v1",
        ("alice", "alice-pw"),
    )
    .await;
    assert_eq!(r.status(), 200);
    let r = as_user(&s, "GET", "/v2/", ("alice", "wrong")).await;
    assert_eq!(r.status(), 401);
    let r = as_user(
        &s,
        "PUT",
        "/v2/other/app/manifests/v1",
        ("alice", "alice-pw"),
    )
    .await;
    assert_eq!(r.status(), 403);
    assert_eq!(common::error_code(r).await, "DENIED");
}

#[tokio::test]
async fn basic_challenge_mode_works_with_oci_client() {
    let s = TestServer::start_with(Options {
        auth: AuthConfig {
            mode: AuthMode::Basic,
            ..AuthConfig::default()
        },
        ..Options::default()
    })
    .await;
    add_user(s.root(), "bob", "bob-pw");
    cli_ok(s.root(), &["acl", "grant", "bob", "team/*", "*"]);
    wait_auth_on(&s).await;
    let r = http().get(s.at("/v2/")).send().await.expect("get");
    assert_eq!(
        r.headers()["www-authenticate"].to_str().expect("ascii"),
        "Basic realm=\"registryctl\""
    );
    let bob = basic("bob", "bob-pw");
    oci_push(&s, "team/app:v1", &bob, b"basic layer")
        .await
        .expect("push");
    assert_eq!(
        oci_pull(&s, "team/app:v1", &bob).await.expect("pull"),
        b"basic layer"
    );
    // Anonymous callers (including clients that send an empty Basic user name) get
    // what anonymous may do.
    cli_ok(s.root(), &["acl", "grant", "anonymous", "team/app", "pull"]);
    let anon = || {
        http()
            .get(s.at("/v2/team/app/manifests/v1"))
            .header("accept", "application/vnd.oci.image.manifest.v1+json")
            .header("authorization", "Basic Og==")
            .send()
    };
    eventually(5, || async { anon().await.expect("get").status() == 200 }).await;
    assert_eq!(
        oci_pull(&s, "team/app:v1", &RegistryAuth::Anonymous)
            .await
            .expect("anonymous pull in basic mode"),
        b"basic layer"
    );
    assert!(
        oci_push(&s, "team/a/b:v1", &bob, b"x").await.is_err(),
        "team/* is one level"
    );
}

#[tokio::test]
async fn anonymous_pull_of_a_public_org() {
    let s = TestServer::start().await;
    push_image(&s, "public/tools", "v1", b"{\"c\":1}", &[b"public layer"]).await;
    push_image(&s, "acme/private", "v1", b"{\"c\":2}", &[b"private layer"]).await;
    add_user(s.root(), "admin", "admin-pw");
    cli_ok(
        s.root(),
        &["acl", "grant", "anonymous", "public/**", "pull"],
    );
    wait_auth_on(&s).await;

    let anon = RegistryAuth::Anonymous;
    assert_eq!(
        oci_pull(&s, "public/tools:v1", &anon)
            .await
            .expect("anonymous pull"),
        b"public layer"
    );
    assert!(oci_pull(&s, "acme/private:v1", &anon).await.is_err());
    assert!(oci_push(&s, "public/tools:v2", &anon, b"x").await.is_err());
    // Without any token dance: a plain anonymous GET of a public manifest works.
    let r = http()
        .get(s.at("/v2/public/tools/manifests/v1"))
        .header("accept", "application/vnd.oci.image.manifest.v1+json")
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn token_flow_with_a_scoped_token() {
    let s = TestServer::start().await;
    let d = push_image(&s, "acme/app", "v1", b"{\"c\":1}", &[b"layer"]).await;
    push_image(&s, "acme/other", "v1", b"{\"c\":2}", &[b"layer2"]).await;
    add_user(s.root(), "alice", "alice-pw");
    cli_ok(s.root(), &["acl", "grant", "alice", "acme/**", "pull"]);
    wait_auth_on(&s).await;

    // The challenge names the realm, the service and the scope the request needs.
    let r = http()
        .get(s.at("/v2/acme/app/manifests/v1"))
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), 401);
    let ch = r.headers()["www-authenticate"]
        .to_str()
        .expect("ascii")
        .to_string();
    let ps = challenge_params(&ch);
    assert_eq!(
        param(&ps, "realm"),
        Some(format!("http://{}/token", s.addr).as_str())
    );
    assert_eq!(param(&ps, "service"), Some("registryctl"));
    assert_eq!(param(&ps, "scope"), Some("repository:acme/app:pull"));

    // Ask for more than granted: the token carries exactly the granted subset.
    let r = token_for(
        &s,
        "repository:acme/app:pull,push,delete",
        Some(("alice", "alice-pw")),
    )
    .await;
    let token = token_string(r).await;
    let claims = jwt_claims(&token);
    assert_eq!(claims["sub"], "alice");
    assert_eq!(claims["aud"], "registryctl");
    assert_eq!(
        claims["access"],
        serde_json::json!([{"type": "repository", "name": "acme/app", "actions": ["pull"]}])
    );
    assert!(claims["exp"].as_u64().expect("exp") <= claims["iat"].as_u64().expect("iat") + 300);

    let get = |path: &str, tok: &str| {
        http()
            .get(s.at(path))
            .header("accept", "application/vnd.oci.image.manifest.v1+json")
            .bearer_auth(tok)
            .send()
    };
    assert_eq!(
        get("/v2/acme/app/manifests/v1", &token)
            .await
            .expect("get")
            .status(),
        200
    );
    assert_eq!(
        get(&format!("/v2/acme/app/manifests/{d}"), &token)
            .await
            .expect("get")
            .status(),
        200
    );
    // Push is not in the token and not granted: 403.
    let r = http()
        .put(s.at("/v2/acme/app/manifests/v2"))
        .bearer_auth(&token)
        .body("{}")
        .send()
        .await
        .expect("put");
    assert_eq!(r.status(), 403);
    // Another repository the rules allow, but the token was not issued for: ask for a
    // new token.
    let r = get("/v2/acme/other/manifests/v1", &token)
        .await
        .expect("get");
    assert_eq!(r.status(), 401);
    let ch = r.headers()["www-authenticate"]
        .to_str()
        .expect("ascii")
        .to_string();
    assert!(ch.contains("error=\"insufficient_scope\""), "{ch}");
    assert!(ch.contains("scope=\"repository:acme/other:pull\""), "{ch}");

    // A forged or garbled token is refused.
    let mut forged = token.clone();
    forged.pop();
    assert_eq!(
        get("/v2/acme/app/manifests/v1", &forged)
            .await
            .expect("get")
            .status(),
        401
    );

    // Anonymous tokens carry only anonymous grants (none here); wrong passwords get none.
    let anon = token_string(token_for(&s, "repository:acme/app:pull", None).await).await;
    assert_eq!(jwt_claims(&anon)["access"], serde_json::json!([]));
    assert_eq!(
        token_for(&s, "repository:acme/app:pull", Some(("alice", "nope")))
            .await
            .status(),
        401
    );

    // The key is in the store, owner-readable only, and tokens survive a restart.
    let mode = std::os::unix::fs::PermissionsExt::mode(
        &std::fs::metadata(auth_path(s.root(), AuthFile::TokenKey))
            .expect("key file")
            .permissions(),
    );
    assert_eq!(mode & 0o077, 0, "token.key mode {mode:o}");
    let dir = s.stop().await;
    let s = TestServer::start_in(dir).await;
    let r = http()
        .get(s.at("/v2/acme/app/manifests/v1"))
        .header("accept", "application/vnd.oci.image.manifest.v1+json")
        .bearer_auth(&token)
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), 200, "a token survives a restart");
}

#[tokio::test]
async fn catalog_lists_only_pullable_repositories_with_pagination() {
    let s = TestServer::start().await;
    for repo in ["a/1", "a/2", "b/1", "b/2", "c/1", "c/x/deep"] {
        push_blob(&s, repo, repo.as_bytes()).await;
    }
    add_user(s.root(), "alice", "pw");
    cli_ok(s.root(), &["acl", "grant", "alice", "a/**", "pull"]);
    cli_ok(s.root(), &["acl", "grant", "alice", "c/*", "pull"]);
    cli_ok(s.root(), &["acl", "grant", "alice", "b/2", "push"]); // push alone does not list
    wait_auth_on(&s).await;

    let s = &s;
    let list = |q: &'static str| async move {
        let r = http()
            .get(s.at(&format!("/v2/_catalog{q}")))
            .basic_auth("alice", Some("pw"))
            .send()
            .await
            .expect("catalog");
        assert_eq!(r.status(), 200);
        let link = r
            .headers()
            .get("link")
            .map(|l| l.to_str().expect("ascii").to_string());
        let v: serde_json::Value = r.json().await.expect("json");
        (v["repositories"].clone(), link)
    };
    let (all, link) = list("").await;
    assert_eq!(all, serde_json::json!(["a/1", "a/2", "c/1"]));
    assert!(link.is_none());
    let (page1, link) = list("?n=2").await;
    assert_eq!(page1, serde_json::json!(["a/1", "a/2"]));
    assert_eq!(
        link.as_deref(),
        Some("</v2/_catalog?n=2&last=a/2>; rel=\"next\"")
    );
    let (page2, link) = list("?n=2&last=a/2").await;
    assert_eq!(page2, serde_json::json!(["c/1"]));
    assert!(link.is_none());

    // oci-client (through the token flow) sees the same filtered list.
    let cat = oci()
        .catalog(
            &reference(s, "a/1:latest"),
            &basic("alice", "pw"),
            None,
            None,
        )
        .await
        .expect("oci-client catalog");
    assert_eq!(cat.repositories, ["a/1", "a/2", "c/1"]);

    // Anonymous callers see what anonymous may pull: nothing here.
    let r = http()
        .get(s.at("/v2/_catalog"))
        .send()
        .await
        .expect("catalog");
    let v: serde_json::Value = r.json().await.expect("json");
    assert_eq!(v["repositories"], serde_json::json!([]));
}

#[tokio::test]
async fn refusals_do_not_reveal_whether_a_repository_exists() {
    let s = TestServer::start().await;
    let d = push_image(&s, "acme/secret", "v1", b"{\"c\":1}", &[b"secret layer"]).await;
    add_user(s.root(), "alice", "pw");
    cli_ok(s.root(), &["acl", "grant", "alice", "public/**", "pull"]);
    wait_auth_on(&s).await;

    let layer = common::digest(b"secret layer");
    for creds in [None, Some(("alice", "pw"))] {
        for (method, path) in [
            ("GET", "manifests/v1".to_string()),
            ("HEAD", format!("manifests/{d}")),
            ("GET", format!("blobs/{layer}")),
            ("GET", "tags/list".to_string()),
            ("GET", format!("referrers/{d}")),
            ("POST", "blobs/uploads/".to_string()),
            ("DELETE", format!("manifests/{d}")),
        ] {
            let mut answers = Vec::new();
            for repo in ["acme/secret", "acme/nothing"] {
                let m = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
                let mut rb = http().request(m, s.at(&format!("/v2/{repo}/{path}")));
                if let Some((u, p)) = creds {
                    rb = rb.basic_auth(u, Some(p));
                }
                let r = rb.send().await.expect("request");
                let status = r.status().as_u16();
                let challenge = r
                    .headers()
                    .get("www-authenticate")
                    .map(|h| h.to_str().expect("ascii").replace(repo, "REPO"));
                let body = r.text().await.expect("body").replace(repo, "REPO");
                answers.push((status, challenge, body));
            }
            assert_eq!(answers[0], answers[1], "{method} {path} as {creds:?}");
            let want = if creds.is_some() { 403 } else { 401 };
            assert_eq!(answers[0].0, want, "{method} {path} as {creds:?}");
        }
    }
}

#[tokio::test]
async fn acl_edits_apply_to_a_running_server_within_a_second() {
    let s = TestServer::start().await;
    push_image(&s, "acme/app", "v1", b"{\"c\":1}", &[b"layer"]).await;
    add_user(s.root(), "alice", "pw");
    wait_auth_on(&s).await;
    let status = || async {
        http()
            .get(s.at("/v2/acme/app/manifests/v1"))
            .header("accept", "application/vnd.oci.image.manifest.v1+json")
            .basic_auth("alice", Some("pw"))
            .send()
            .await
            .map(|r| r.status().as_u16())
            .unwrap_or(0)
    };
    assert_eq!(status().await, 403);

    cli_ok(s.root(), &["acl", "grant", "alice", "acme/*", "pull"]);
    let took = eventually(5, || async { status().await == 200 }).await;
    eprintln!("grant applied after {took:?}");
    assert!(took < Duration::from_millis(1500), "grant took {took:?}");

    // A token issued before a revoke stops working with the revoke, not at expiry.
    let token =
        token_string(token_for(&s, "repository:acme/app:pull", Some(("alice", "pw"))).await).await;
    cli_ok(s.root(), &["acl", "deny", "alice", "acme/app", "pull"]);
    let took = eventually(5, || async { status().await == 403 }).await;
    eprintln!("deny applied after {took:?}");
    assert!(took < Duration::from_millis(1500), "deny took {took:?}");
    let r = http()
        .get(s.at("/v2/acme/app/manifests/v1"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), 403);

    // Changing the password invalidates the cached credential.
    let out = common::cli(
        s.root(),
        &["user", "passwd", "alice", "--password-stdin"],
        "new-pw\n",
    );
    assert!(out.status.success());
    eventually(5, || async { status().await == 401 }).await;
    // Removing the last user turns access control off again (loudly, in the log).
    cli_ok(s.root(), &["user", "rm", "alice"]);
    eventually(5, || async { base_status(&s).await == 200 }).await;
}

#[tokio::test]
async fn mount_needs_pull_on_the_source_else_it_is_a_plain_upload() {
    let s = TestServer::start().await;
    let d = push_blob(&s, "secret/x", b"mountable").await;
    add_user(s.root(), "alice", "pw");
    cli_ok(s.root(), &["acl", "grant", "alice", "acme/**", "pull,push"]);
    wait_auth_on(&s).await;

    let mount = || async {
        http()
            .post(s.at(&format!(
                "/v2/acme/app/blobs/uploads/?mount={d}&from=secret/x"
            )))
            .basic_auth("alice", Some("pw"))
            .send()
            .await
            .map(|r| r.status().as_u16())
            .unwrap_or(0)
    };
    assert_eq!(
        mount().await,
        202,
        "no pull on the source: a plain upload session"
    );
    let acme = RepoName::parse("acme/app").expect("name");
    assert_eq!(s.store.blob_size(&acme, &d).expect("store"), None);

    cli_ok(s.root(), &["acl", "grant", "alice", "secret/*", "pull"]);
    eventually(5, || async { mount().await == 201 }).await;
    assert_eq!(s.store.blob_size(&acme, &d).expect("store"), Some(9));
}

#[tokio::test]
async fn a_damaged_rule_file_keeps_the_previous_rules_and_stops_a_fresh_start() {
    let s = TestServer::start().await;
    push_image(&s, "acme/app", "v1", b"{\"c\":1}", &[b"layer"]).await;
    add_user(s.root(), "alice", "pw");
    cli_ok(s.root(), &["acl", "grant", "alice", "acme/*", "pull"]);
    wait_auth_on(&s).await;
    let pull = || async {
        as_user(&s, "GET", "/v2/acme/app/manifests/v1", ("alice", "pw"))
            .await
            .status()
            .as_u16()
    };
    eventually(5, || async { pull().await == 200 }).await;

    // A hand edit that does not parse: the server keeps what it had.
    let acl = auth_path(s.root(), AuthFile::Acl);
    let good = std::fs::read_to_string(&acl).expect("acl");
    std::fs::write(&acl, format!("{good}\nthis is not toml [")).expect("write");
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(pull().await, 200, "previous rules stay in force");

    // A fresh start on the damaged file fails with a message naming the file.
    let store = registryctl::storage::Store::open_or_create(s.root()).expect("store");
    let err = registryctl::server::App::try_with_options(store, Options::default())
        .err()
        .expect("refuses to start");
    assert!(
        err.to_string().contains(&format!(
            "{} is damaged",
            paths::auth_file(AuthFile::Acl).as_str()
        )),
        "{err}"
    );

    // Fixed (and changed) by the CLI: applies again.
    std::fs::write(&acl, good).expect("write");
    cli_ok(s.root(), &["acl", "deny", "alice", "acme/app", "pull"]);
    eventually(5, || async { pull().await == 403 }).await;
}
