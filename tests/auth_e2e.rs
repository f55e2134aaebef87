//! Access control end to end: a real server, real files edited by the real CLI, and
//! the `oci-client` crate as the registry client.

mod common;

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

/// A server with `acme/app:v1`, access control on, and alice (password `pw`) allowed
/// to pull `acme/**`.
async fn acme_app_pullable_by_alice() -> TestServer {
    let s = TestServer::start().await;
    push_image(&s, "acme/app", "v1", b"{\"c\":1}", &[b"layer"]).await;
    add_user(s.root(), "alice", "pw");
    cli_ok(s.root(), &["acl", "grant", "alice", "acme/**", "pull"]);
    wait_auth_on(&s).await;
    s
}

/// Status of a GET with a bearer token (and an OCI manifest `Accept`).
async fn bearer_status(s: &TestServer, path: &str, token: &str) -> u16 {
    bearer_status_at(s.at(path), token).await
}

/// [`bearer_status`] for a full URL.
async fn bearer_status_at(url: String, token: &str) -> u16 {
    http()
        .get(url)
        .header("accept", "application/vnd.oci.image.manifest.v1+json")
        .bearer_auth(token)
        .send()
        .await
        .map(|r| r.status().as_u16())
        .unwrap_or(0)
}

/// The `kid` in a JWT's header.
fn jwt_kid(token: &str) -> String {
    let header = token.split('.').next().expect("jwt has a header");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(header)
        .expect("base64url header");
    let v: serde_json::Value = serde_json::from_slice(&bytes).expect("header is JSON");
    v["kid"].as_str().expect("a kid").to_string()
}

/// A second registry on the same store as `s` (another `serve` process would do the
/// same: nothing is shared but the files). Stops when the returned sender is dropped.
async fn second_server(root: &std::path::Path) -> (String, tokio::sync::oneshot::Sender<()>) {
    let store = registryctl::storage::Store::open_or_create(root).expect("store");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let app = registryctl::server::App::with_options(store, Options::default());
    tokio::spawn(async move {
        let _ = registryctl::server::serve_on(listener, app, async {
            let _ = rx.await;
        })
        .await;
    });
    (url, tx)
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

    // Anonymous callers are challenged; with an anonymous token they see what
    // anonymous may pull: nothing here.
    let r = http()
        .get(s.at("/v2/_catalog"))
        .send()
        .await
        .expect("catalog");
    assert_eq!(r.status(), 401);
    let anon = token_string(token_for(s, "registry:catalog:*", None).await).await;
    let r = http()
        .get(s.at("/v2/_catalog"))
        .bearer_auth(anon)
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

    // A token issued before a revoke stops working with the revoke, not at expiry.
    let token =
        token_string(token_for(&s, "repository:acme/app:pull", Some(("alice", "pw"))).await).await;
    cli_ok(s.root(), &["acl", "deny", "alice", "acme/app", "pull"]);
    let took = eventually(5, || async { status().await == 403 }).await;
    eprintln!("deny applied after {took:?}");
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

    // A hand edit that does not parse: the server keeps what it had. To know that the
    // server has looked at the damaged file, rotate the token key after the damage and
    // wait until the old token is refused: the pass of the refresher that picked up the
    // new key began after the damage and read the rules first.
    let token =
        token_string(token_for(&s, "repository:acme/app:pull", Some(("alice", "pw"))).await).await;
    let acl = auth_path(s.root(), AuthFile::Acl);
    let good = std::fs::read_to_string(&acl).expect("acl");
    std::fs::write(&acl, format!("{good}\nthis is not toml [")).expect("write");
    cli_ok(s.root(), &["token", "rotate"]);
    eventually(5, || async {
        bearer_status(&s, "/v2/acme/app/manifests/v1", &token).await == 401
    })
    .await;
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

#[tokio::test]
async fn token_key_rotation_and_deletion_apply_to_every_server_on_the_store() {
    let s = acme_app_pullable_by_alice().await;
    let (b_url, _b_stop) = second_server(s.root()).await;
    let path = "/v2/acme/app/manifests/v1";
    let on_b = |token: String| {
        let url = format!("{b_url}{path}");
        async move { bearer_status_at(url, &token).await }
    };
    let scope = "repository:acme/app:pull";
    let alice = Some(("alice", "pw"));

    // One key for both servers; tokens name it.
    let t1 = token_string(token_for(&s, scope, alice).await).await;
    let kid1 = jwt_kid(&t1);
    assert_eq!(bearer_status(&s, path, &t1).await, 200);
    eventually(5, || async { on_b(t1.clone()).await == 200 }).await;
    let key_file = auth_path(s.root(), AuthFile::TokenKey);
    let key1 = std::fs::read(&key_file).expect("key file");

    // Rotation: the old token is refused on both servers, new tokens carry the new key.
    let out = cli_ok(s.root(), &["token", "rotate"]);
    assert!(out.contains(&format!("{kid1} retired")), "{out}");
    eventually(5, || async { bearer_status(&s, path, &t1).await == 401 }).await;
    eventually(5, || async { on_b(t1.clone()).await == 401 }).await;
    let r = http()
        .get(s.at(path))
        .header("accept", "application/vnd.oci.image.manifest.v1+json")
        .bearer_auth(&t1)
        .send()
        .await
        .expect("get");
    let ch = r.headers()["www-authenticate"]
        .to_str()
        .expect("ascii")
        .to_string();
    assert!(ch.contains("error=\"invalid_token\""), "{ch}");
    let t2 = token_string(token_for(&s, scope, alice).await).await;
    let kid2 = jwt_kid(&t2);
    assert_ne!(kid1, kid2);
    assert!(out.contains(&format!("{kid2} in use")), "{out}");
    assert_eq!(bearer_status(&s, path, &t2).await, 200);
    assert_eq!(on_b(t2.clone()).await, 200);

    // Deleting the file refuses every token; the next token request (here on the
    // second server) makes one key, which the first server then uses too instead of
    // making its own.
    std::fs::remove_file(&key_file).expect("remove key");
    eventually(5, || async { bearer_status(&s, path, &t2).await == 401 }).await;
    eventually(5, || async { on_b(t2.clone()).await == 401 }).await;
    let r = http()
        .get(format!("{b_url}/token"))
        .query(&[("service", "registryctl"), ("scope", scope)])
        .basic_auth("alice", Some("pw"))
        .send()
        .await
        .expect("token from the second server");
    let t3 = token_string(r).await;
    let key3 = std::fs::read(&key_file).expect("a new key file");
    assert_ne!(key3, key1);
    eventually(5, || async { bearer_status(&s, path, &t3).await == 200 }).await;
    let t4 = token_string(token_for(&s, scope, alice).await).await;
    assert_eq!(
        jwt_kid(&t4),
        jwt_kid(&t3),
        "the first server signs with the same key"
    );
    assert_eq!(std::fs::read(&key_file).expect("key file"), key3);
    assert_eq!(on_b(t4).await, 200);

    // A token without a key id, or with the current kid but signed by another key, is
    // refused.
    let mut parts: Vec<String> = t3.split('.').map(str::to_string).collect();
    parts[0] =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(br#"{"typ":"JWT","alg":"HS256"}"#);
    assert_eq!(bearer_status(&s, path, &parts.join(".")).await, 401);
}

#[tokio::test]
async fn a_new_password_or_a_re_added_user_ends_the_old_tokens() {
    let s = TestServer::start().await;
    push_image(&s, "acme/app", "v1", b"{\"c\":1}", &[b"layer"]).await;
    add_user(s.root(), "admin", "admin-pw"); // keeps access control on throughout
    add_user(s.root(), "alice", "pw1");
    cli_ok(s.root(), &["acl", "grant", "alice", "acme/**", "pull"]);
    wait_auth_on(&s).await;
    let path = "/v2/acme/app/manifests/v1";
    let scope = "repository:acme/app:pull";

    let t1 = token_string(token_for(&s, scope, Some(("alice", "pw1"))).await).await;
    assert_ne!(jwt_claims(&t1)["gen"], serde_json::Value::Null);
    assert_eq!(bearer_status(&s, path, &t1).await, 200);
    let out = common::cli(
        s.root(),
        &["user", "passwd", "alice", "--password-stdin"],
        "pw2\n",
    );
    assert!(out.status.success());
    eventually(5, || async { bearer_status(&s, path, &t1).await == 401 }).await;
    let t2 = token_string(token_for(&s, scope, Some(("alice", "pw2"))).await).await;
    assert_eq!(bearer_status(&s, path, &t2).await, 200);

    // Another person under the same name: the first one's token is not theirs.
    cli_ok(s.root(), &["user", "rm", "alice"]);
    add_user(s.root(), "alice", "pw3");
    eventually(5, || async {
        as_user(&s, "GET", path, ("alice", "pw3")).await.status() == 200
    })
    .await;
    assert_eq!(bearer_status(&s, path, &t2).await, 401);
    let t3 = token_string(token_for(&s, scope, Some(("alice", "pw3"))).await).await;
    assert_eq!(bearer_status(&s, path, &t3).await, 200);
}

/// `POST /token` with a form body.
async fn post_token(s: &TestServer, form: &[(&str, &str)]) -> (u16, serde_json::Value) {
    let r = http()
        .post(s.at("/token"))
        .form(form)
        .send()
        .await
        .expect("token POST");
    let status = r.status().as_u16();
    (status, r.json().await.expect("JSON answer"))
}

#[tokio::test]
async fn post_token_password_and_refresh_token_grants() {
    let s = acme_app_pullable_by_alice().await;
    let path = "/v2/acme/app/manifests/v1";
    let scope = "repository:acme/app:pull,push repository:acme/other:pull";

    // What containerd sends first.
    let (st, v) = post_token(
        &s,
        &[
            ("grant_type", "password"),
            ("username", "alice"),
            ("password", "pw"),
            ("service", "registryctl"),
            ("client_id", "containerd-client"),
            ("access_type", "offline"),
            ("scope", scope),
        ],
    )
    .await;
    assert_eq!(st, 200, "{v}");
    let access = v["access_token"]
        .as_str()
        .expect("access_token")
        .to_string();
    assert_eq!(v["expires_in"], 300);
    assert!(
        v["issued_at"].as_str().is_some_and(|t| t.ends_with('Z')),
        "{v}"
    );
    assert_eq!(
        v["scope"],
        "repository:acme/app:pull repository:acme/other:pull"
    );
    let refresh = v["refresh_token"]
        .as_str()
        .expect("refresh_token")
        .to_string();
    assert_eq!(jwt_claims(&access)["sub"], "alice");
    assert_eq!(bearer_status(&s, path, &access).await, 200);
    // A refresh token is not an access token.
    assert_eq!(bearer_status(&s, path, &refresh).await, 401);

    // Without access_type=offline: no refresh token.
    let (st, v) = post_token(
        &s,
        &[
            ("grant_type", "password"),
            ("username", "alice"),
            ("password", "pw"),
            ("scope", "repository:acme/app:pull"),
        ],
    )
    .await;
    assert_eq!(st, 200);
    assert!(v.get("refresh_token").is_none(), "{v}");

    // The refresh grant gives access tokens as alice; an access token is no refresh token.
    let (st, v) = post_token(
        &s,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", &refresh),
            ("service", "registryctl"),
            ("scope", "repository:acme/app:pull"),
        ],
    )
    .await;
    assert_eq!(st, 200, "{v}");
    let again = v["access_token"].as_str().expect("access_token");
    assert_eq!(bearer_status(&s, path, again).await, 200);
    let (st, v) = post_token(
        &s,
        &[("grant_type", "refresh_token"), ("refresh_token", &access)],
    )
    .await;
    assert_eq!((st, v["error"].as_str()), (400, Some("invalid_grant")));

    // Errors are OAuth2 errors.
    for (form, error) in [
        (
            vec![
                ("grant_type", "password"),
                ("username", "alice"),
                ("password", "wrong"),
            ],
            "invalid_grant",
        ),
        (
            vec![
                ("grant_type", "password"),
                ("username", "nobody"),
                ("password", "pw"),
            ],
            "invalid_grant",
        ),
        (
            vec![("grant_type", "password"), ("username", "alice")],
            "invalid_request",
        ),
        (
            vec![("grant_type", "client_credentials")],
            "unsupported_grant_type",
        ),
        (vec![("username", "alice")], "invalid_request"),
    ] {
        let (st, v) = post_token(&s, &form).await;
        assert_eq!(
            (st, v["error"].as_str()),
            (400, Some(error)),
            "{form:?}: {v}"
        );
    }

    // A new password ends the refresh token too.
    let out = common::cli(
        s.root(),
        &["user", "passwd", "alice", "--password-stdin"],
        "pw2\n",
    );
    assert!(out.status.success());
    eventually(5, || async {
        bearer_status(&s, path, &access).await == 401
    })
    .await;
    let (st, v) = post_token(
        &s,
        &[("grant_type", "refresh_token"), ("refresh_token", &refresh)],
    )
    .await;
    assert_eq!(
        (st, v["error"].as_str()),
        (400, Some("invalid_grant")),
        "{v}"
    );

    // GET /token hands out a refresh token with offline_token=true.
    let r = http()
        .get(s.at("/token"))
        .query(&[
            ("service", "registryctl"),
            ("scope", "repository:acme/app:pull"),
            ("offline_token", "true"),
        ])
        .basic_auth("alice", Some("pw2"))
        .send()
        .await
        .expect("token GET");
    let v: serde_json::Value = r.json().await.expect("json");
    let refresh = v["refresh_token"].as_str().expect("refresh_token");
    let (st, _) = post_token(
        &s,
        &[("grant_type", "refresh_token"), ("refresh_token", refresh)],
    )
    .await;
    assert_eq!(st, 200);
}

#[tokio::test]
async fn an_upload_session_belongs_to_the_caller_who_opened_it() {
    let s = TestServer::start().await;
    add_user(s.root(), "alice", "a-pw");
    add_user(s.root(), "bob", "b-pw");
    for who in ["alice", "bob", "anonymous"] {
        cli_ok(s.root(), &["acl", "grant", who, "acme/**", "pull,push"]);
    }
    wait_auth_on(&s).await;
    let data = b"alice's bytes";
    let d = common::digest(data);
    let req = |method: &str, url: &str, creds: Option<(&str, &str)>| {
        let m = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let rb = http().request(m, s.at(url));
        match creds {
            Some((u, p)) => rb.basic_auth(u, Some(p)),
            None => rb,
        }
    };
    // Opens a session as `creds` and returns its location.
    let open_session = |url: &'static str, creds: Option<(&'static str, &'static str)>| {
        let r = req("POST", url, creds).send();
        async move {
            let r = r.await.expect("post");
            assert_eq!(r.status(), 202);
            r.headers()["location"].to_str().expect("ascii").to_string()
        }
    };
    let alice = Some(("alice", "a-pw"));
    let loc = open_session("/v2/acme/app/blobs/uploads/", alice).await;

    // Bob and anonymous, who may push here, cannot see, continue, close or cancel it.
    for creds in [Some(("bob", "b-pw")), None] {
        for (method, url) in [
            ("GET", loc.clone()),
            ("PATCH", loc.clone()),
            ("PUT", format!("{loc}?digest={d}")),
            ("DELETE", loc.clone()),
        ] {
            let r = req(method, &url, creds)
                .header("content-type", "application/octet-stream")
                .body(data.to_vec())
                .send()
                .await
                .expect("request");
            common::assert_error(r, 404, "BLOB_UPLOAD_UNKNOWN").await;
        }
    }
    // Alice can.
    let r = req("PATCH", &loc, alice)
        .header("content-type", "application/octet-stream")
        .body(data.to_vec())
        .send()
        .await
        .expect("patch");
    assert_eq!(r.status(), 202);
    let r = req("GET", &loc, alice).send().await.expect("status");
    assert_eq!(r.status(), 204);
    let r = req("PUT", &format!("{loc}?digest={d}"), alice)
        .send()
        .await
        .expect("put");
    assert_eq!(r.status(), 201);

    // An anonymous session is anonymous's: a signed-in user cannot cancel it.
    let loc = open_session("/v2/acme/app/blobs/uploads/", None).await;
    let r = req("DELETE", &loc, alice).send().await.expect("delete");
    common::assert_error(r, 404, "BLOB_UPLOAD_UNKNOWN").await;
    let r = req("DELETE", &loc, None).send().await.expect("delete");
    assert_eq!(r.status(), 204);

    // Cancelling needs push, not delete (outside acme, where anonymous may push).
    cli_ok(s.root(), &["acl", "grant", "alice", "team/**", "pull,push"]);
    cli_ok(s.root(), &["acl", "grant", "carol", "team/**", "delete"]);
    add_user(s.root(), "carol", "c-pw");
    let carol = Some(("carol", "c-pw"));
    eventually(5, || async {
        req("GET", "/v2/", carol)
            .send()
            .await
            .expect("get")
            .status()
            == 200
    })
    .await;
    let loc = open_session("/v2/team/app/blobs/uploads/", alice).await;
    let r = req("DELETE", &loc, carol).send().await.expect("delete");
    common::assert_error(r, 403, "DENIED").await;
    let r = req("DELETE", &loc, alice).send().await.expect("delete");
    assert_eq!(r.status(), 204);
}

#[tokio::test]
async fn anonymous_catalog_is_challenged_and_a_catalog_token_lists() {
    let s = TestServer::start().await;
    for repo in ["a/1", "b/1", "pub/x"] {
        push_blob(&s, repo, repo.as_bytes()).await;
    }
    add_user(s.root(), "alice", "pw");
    cli_ok(s.root(), &["acl", "grant", "alice", "a/**", "pull"]);
    cli_ok(s.root(), &["acl", "grant", "anonymous", "pub/**", "pull"]);
    wait_auth_on(&s).await;

    let r = http().get(s.at("/v2/_catalog")).send().await.expect("get");
    assert_eq!(r.status(), 401);
    let ch = r.headers()["www-authenticate"]
        .to_str()
        .expect("ascii")
        .to_string();
    let ps = challenge_params(&ch);
    assert_eq!(param(&ps, "scope"), Some("registry:catalog:*"), "{ch}");
    assert_eq!(param(&ps, "service"), Some("registryctl"));

    let list = |token: String| {
        let url = s.at("/v2/_catalog");
        async move {
            let r = http()
                .get(url)
                .bearer_auth(token)
                .send()
                .await
                .expect("catalog");
            assert_eq!(r.status(), 200);
            let v: serde_json::Value = r.json().await.expect("json");
            v["repositories"].clone()
        }
    };
    let t = token_string(token_for(&s, "registry:catalog:*", Some(("alice", "pw"))).await).await;
    assert_eq!(
        jwt_claims(&t)["access"],
        serde_json::json!([{"type": "registry", "name": "catalog", "actions": ["*"]}])
    );
    assert_eq!(list(t).await, serde_json::json!(["a/1", "pub/x"]));
    let anon = token_string(token_for(&s, "registry:catalog:*", None).await).await;
    assert_eq!(list(anon).await, serde_json::json!(["pub/x"]));
    // An empty Basic user name is an anonymous answer to a challenge.
    let r = http()
        .get(s.at("/v2/_catalog"))
        .header("authorization", "Basic Og==")
        .send()
        .await
        .expect("get");
    let v: serde_json::Value = r.json().await.expect("json");
    assert_eq!(v["repositories"], serde_json::json!(["pub/x"]));
}

#[test]
fn client_controlled_log_fields_are_escaped_and_refusals_name_the_user() {
    let s = common::BinServer::start(&[], &[]);
    add_user(&s.root, "alice", "pw");
    cli_ok(&s.root, &["acl", "grant", "alice", "acme/**", "pull"]);
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let url = |p: &str| format!("http://{}{p}", s.addr);
        let status =
            |r: reqwest::Result<reqwest::Response>| r.map(|r| r.status().as_u16()).unwrap_or(0);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while status(http().get(url("/v2/")).send().await) != 401 {
            assert!(
                std::time::Instant::now() < deadline,
                "access control never came on"
            );
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        let evil = "mallory\nINFO forged user=admin logged in\u{1b}[2J";
        let auth = base64::engine::general_purpose::STANDARD.encode(format!("{evil}:pw"));
        let r = http()
            .get(url("/v2/acme/app/tags/list"))
            .header("authorization", format!("Basic {auth}"))
            .send()
            .await;
        assert_eq!(status(r), 401);
        let r = http()
            .get(url("/v2/other/app/tags/list"))
            .basic_auth("alice", Some("pw"))
            .send()
            .await;
        assert_eq!(status(r), 403);
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let log = loop {
        let log = s.log_text();
        if log.contains("/v2/other/app/tags/list") {
            break log;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no access record:\n{log}"
        );
        std::thread::sleep(std::time::Duration::from_millis(25));
    };
    assert!(
        !log.contains('\u{1b}'),
        "an escape sequence reached the log:\n{log}"
    );
    assert!(
        !log.lines().any(|l| l.starts_with("INFO forged")),
        "a forged line:\n{log}"
    );
    assert!(
        log.contains(r"mallory\nINFO forged user=admin logged in\u{1b}[2J"),
        "the name is logged, escaped:\n{log}"
    );
    let refusal = log
        .lines()
        .find(|l| l.contains("/v2/other/app/tags/list"))
        .expect("access record");
    assert!(refusal.contains("status=403"), "{refusal}");
    assert!(refusal.contains("user=\"alice\""), "{refusal}");
}
