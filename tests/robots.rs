//! Robot accounts end to end: the real `registryctl serve` on a loopback port, robots
//! made, rotated and removed by the real CLI while it runs, and clients signing in as
//! robots by Basic and by the token flow (reqwest, and skopeo when installed).

mod common;
#[allow(dead_code)] // the interop suite's helpers; this file uses a few
#[path = "interop/support.rs"]
mod support;

use base64::Engine;
use common::{add_user, cli, cli_ok, digest, eventually, http, run_cli, BinServer};
use serde_json::{json, Value};
use support::{have, run, run_fails, ClientEnv, Layout, Tool};

/// How a request signs in.
#[derive(Clone, Copy)]
enum Creds<'a> {
    Basic(&'a str, &'a str),
    Bearer(&'a str),
}

fn with(rb: reqwest::RequestBuilder, creds: Creds<'_>) -> reqwest::RequestBuilder {
    match creds {
        Creds::Basic(u, p) => rb.basic_auth(u, Some(p)),
        Creds::Bearer(t) => rb.bearer_auth(t),
    }
}

fn base(s: &BinServer) -> String {
    format!("http://{}", s.addr)
}

/// Makes a robot with the real CLI and returns its secret (`-q` prints only it).
fn create_robot(root: &std::path::Path, name: &str, grants: &[&str], expires: &str) -> String {
    let mut args = vec!["-q", "robot", "create", name, "--expires", expires];
    for g in grants {
        args.extend(["--grant", g]);
    }
    let secret = cli_ok(root, &args).trim().to_string();
    assert!(
        secret.starts_with("rcr_"),
        "a recognisable secret: {secret:?}"
    );
    secret
}

/// `robot rotate -q NAME`: the new secret.
fn rotate_robot(root: &std::path::Path, name: &str) -> String {
    cli_ok(root, &["-q", "robot", "rotate", name])
        .trim()
        .to_string()
}

/// `robot ls --json`.
fn robot_list(root: &std::path::Path) -> Vec<Value> {
    let out = cli_ok(root, &["robot", "ls", "--json"]);
    serde_json::from_str::<Value>(&out)
        .expect("robot ls --json")
        .as_array()
        .expect("a list")
        .clone()
}

async fn status(url: String, creds: Creds<'_>) -> u16 {
    with(http().get(url), creds)
        .send()
        .await
        .expect("GET")
        .status()
        .as_u16()
}

/// Pushes a tiny image (config, layer, manifest under `tag`) with `creds`; returns the
/// first status that is not 201 (the refusal), or 201.
async fn push_as(base: &str, repo: &str, tag: &str, creds: Creds<'_>) -> u16 {
    let layer = format!("layer of {repo}:{tag}").into_bytes();
    let config = br#"{"architecture":"amd64","os":"linux"}"#.to_vec();
    for blob in [&config, &layer] {
        let d = digest(blob);
        let r = with(
            http().post(format!("{base}/v2/{repo}/blobs/uploads/?digest={d}")),
            creds,
        )
        .body(blob.clone())
        .send()
        .await
        .expect("push blob");
        if r.status() != 201 {
            return r.status().as_u16();
        }
    }
    let manifest = common::image_manifest(&config, &[&layer]);
    with(
        http().put(format!("{base}/v2/{repo}/manifests/{tag}")),
        creds,
    )
    .header("content-type", "application/vnd.oci.image.manifest.v1+json")
    .body(manifest)
    .send()
    .await
    .expect("put manifest")
    .status()
    .as_u16()
}

/// `GET /token` with Basic credentials for `scopes`; returns the token and its claims.
async fn token_for(base: &str, user: &str, secret: &str, scopes: &[&str]) -> (String, Value) {
    let mut q: Vec<(&str, &str)> = vec![("service", "registryctl")];
    q.extend(scopes.iter().map(|s| ("scope", *s)));
    let r = http()
        .get(format!("{base}/token"))
        .query(&q)
        .basic_auth(user, Some(secret))
        .send()
        .await
        .expect("GET /token");
    let code = r.status();
    let body = r.text().await.expect("token body");
    assert_eq!(code, 200, "token for {user}: {body}");
    let body: Value = serde_json::from_str(&body).expect("token JSON");
    let token = body["token"].as_str().expect("token").to_string();
    let claims = jwt_claims(&token);
    (token, claims)
}

fn jwt_claims(token: &str) -> Value {
    let payload = token.split('.').nth(1).expect("jwt has a payload");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .expect("base64url payload");
    serde_json::from_slice(&bytes).expect("claims are JSON")
}

/// Waits until `url` answers `want` with `creds` (edits reach the server within a second).
async fn wait_status(url: &str, creds: Creds<'_>, want: u16) {
    eventually(10, || async {
        status(url.to_string(), creds).await == want
    })
    .await;
}

/// Starts `serve` on a fresh store with an admin user, and waits until the server
/// enforces access control (anonymous callers are challenged).
async fn server(args: &[&str]) -> BinServer {
    let s = BinServer::start(args, &[]);
    add_user(&s.root, "admin", "admin-pw");
    cli_ok(&s.root, &["acl", "grant", "admin", "**", "*"]);
    let url = format!("{}/v2/", base(&s));
    eventually(10, || async {
        http()
            .get(&url)
            .send()
            .await
            .is_ok_and(|r| r.status() == 401)
    })
    .await;
    s
}

/// Waits until the server knows the robot with `secret` (`GET /v2/` with it: 200, not
/// 401). With access control on, that is conclusive, and so is everything the robot's
/// file held when it was written.
async fn wait_robot(base: &str, secret: &str) {
    wait_status(&format!("{base}/v2/"), Creds::Basic("robot", secret), 200).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_list_basic_login_rotate_and_remove() {
    let s = server(&[]).await;
    let b = base(&s);
    let secret = create_robot(&s.root, "ci-acme", &["acme/app:pull,push"], "30d");
    assert!(secret.len() >= 4 + 43, "at least 32 random bytes: {secret}");
    let other = create_robot(&s.root, "other", &["acme/app:pull"], "30d");
    assert_ne!(secret, other);
    let tags = format!("{b}/v2/acme/app/tags/list");
    wait_robot(&b, &other).await;
    // Signed in and allowed, nothing pushed yet: 404.
    assert_eq!(
        status(tags.clone(), Creds::Basic("robot", &secret)).await,
        404
    );

    // Pushes where granted, refused elsewhere and for what it was not granted.
    assert_eq!(
        push_as(&b, "acme/app", "v1", Creds::Basic("robot", &secret)).await,
        201
    );
    assert_eq!(
        push_as(&b, "acme/other", "v1", Creds::Basic("robot", &secret)).await,
        403
    );
    assert_eq!(
        push_as(&b, "acme/app", "v2", Creds::Basic("robot", &other)).await,
        403
    );
    let del = http()
        .delete(format!("{b}/v2/acme/app/manifests/v1"))
        .basic_auth("robot", Some(&secret))
        .send()
        .await
        .expect("DELETE");
    assert_eq!(del.status(), 403, "no delete grant");
    // Its own name works as the user name too; a wrong secret does not.
    assert_eq!(
        status(tags.clone(), Creds::Basic("ci-acme", &secret)).await,
        200
    );
    assert_eq!(
        status(tags.clone(), Creds::Basic("other", &secret)).await,
        401
    );
    assert_eq!(
        status(tags.clone(), Creds::Basic("robot", "rcr_not-a-secret")).await,
        401
    );

    // The listing: grants, expiry, who made it; never a secret or its hash.
    let list = robot_list(&s.root);
    let names: Vec<&str> = list.iter().filter_map(|r| r["name"].as_str()).collect();
    assert_eq!(names, ["ci-acme", "other"]);
    assert_eq!(list[0]["grants"], json!(["acme/app:pull,push"]));
    assert_eq!(list[0]["expired"], false);
    assert!(list[0]["expires"].is_string());
    assert!(list[0]["created_by"]
        .as_str()
        .is_some_and(|s| !s.is_empty()));
    let text = cli_ok(&s.root, &["robot", "ls"]);
    let hash: [u8; 32] = <sha2::Sha256 as sha2::Digest>::digest(secret.as_bytes()).into();
    let hash = hex::encode(hash);
    for shown in [text.as_str(), &serde_json::to_string(&list).expect("json")] {
        assert!(
            !shown.contains(&secret) && !shown.contains(&hash),
            "{shown}"
        );
    }

    // Rotation: the old secret is refused, the new one works.
    let rotated = rotate_robot(&s.root, "ci-acme");
    assert_ne!(rotated, secret);
    wait_status(&tags, Creds::Basic("robot", &secret), 401).await;
    assert_eq!(
        status(tags.clone(), Creds::Basic("robot", &rotated)).await,
        200
    );

    // Removal: refused at once (within a second); rm again is "not found".
    cli_ok(&s.root, &["robot", "rm", "ci-acme"]);
    wait_status(&tags, Creds::Basic("robot", &rotated), 401).await;
    assert_eq!(run_cli(&s.root, &["robot", "rm", "ci-acme"]).0, 3);
    // Exit codes of bad input.
    let (code, _, err) = run_cli(
        &s.root,
        &[
            "robot",
            "create",
            "other",
            "--grant",
            "a:pull",
            "--expires",
            "1d",
        ],
    );
    assert_eq!(code, 4, "exists: {err}");
    for bad in [
        [
            "robot",
            "create",
            "x",
            "--grant",
            "acme/app",
            "--expires",
            "1d",
        ],
        [
            "robot",
            "create",
            "x",
            "--grant",
            "{user}/**:pull",
            "--expires",
            "1d",
        ],
        [
            "robot",
            "create",
            "x",
            "--grant",
            "a:pull",
            "--expires",
            "soon",
        ],
        [
            "robot",
            "create",
            "X!",
            "--grant",
            "a:pull",
            "--expires",
            "1d",
        ],
    ] {
        let (code, _, err) = run_cli(&s.root, &bad);
        assert_eq!(code, 2, "{bad:?}: {err}");
    }
    assert_eq!(robot_list(&s.root).len(), 1, "only `other` is left");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_flow_gives_exactly_the_grants_and_tokens_end_with_rotation_and_removal() {
    let s = server(&[]).await;
    let b = base(&s);
    // Grants to everyone signed in, or to everyone, do not widen a robot's.
    cli_ok(
        &s.root,
        &["acl", "grant", "authenticated", "**", "pull,push"],
    );
    cli_ok(&s.root, &["acl", "grant", "anonymous", "public/**", "pull"]);
    let secret = create_robot(&s.root, "ci-acme", &["acme/app:pull,push"], "30d");
    wait_robot(&b, &secret).await;

    let scopes = [
        "repository:acme/app:pull,push,delete",
        "repository:acme/other:pull,push",
        "repository:public/x:pull",
    ];
    let (token, claims) = token_for(&b, "robot", &secret, &scopes).await;
    assert_eq!(claims["sub"], "robot:ci-acme");
    assert_eq!(
        claims["access"],
        json!([{"type": "repository", "name": "acme/app", "actions": ["pull", "push"]}]),
        "exactly its grants"
    );
    // The OAuth2 form grants the same.
    let r = http()
        .post(format!("{b}/token"))
        .form(&[
            ("grant_type", "password"),
            ("username", "robot"),
            ("password", secret.as_str()),
            ("service", "registryctl"),
            ("scope", &scopes.join(" ")),
            ("access_type", "offline"),
        ])
        .send()
        .await
        .expect("POST /token");
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.expect("JSON");
    assert_eq!(body["scope"], "repository:acme/app:pull,push");
    let refresh = body["refresh_token"]
        .as_str()
        .expect("refresh token")
        .to_string();
    let bad = http()
        .post(format!("{b}/token"))
        .form(&[
            ("grant_type", "password"),
            ("username", "robot"),
            ("password", "rcr_wrong"),
        ])
        .send()
        .await
        .expect("POST /token");
    assert_eq!(bad.status(), 400);

    // The token pushes where granted and nowhere else; Basic agrees.
    assert_eq!(
        push_as(&b, "acme/app", "v1", Creds::Bearer(&token)).await,
        201
    );
    assert_ne!(
        push_as(&b, "acme/other", "v1", Creds::Bearer(&token)).await,
        201
    );
    assert_eq!(
        push_as(&b, "acme/other", "v1", Creds::Basic("robot", &secret)).await,
        403,
        "the authenticated grant does not apply to robots"
    );
    let manifest = format!("{b}/v2/acme/app/manifests/v1");
    assert_eq!(status(manifest.clone(), Creds::Bearer(&token)).await, 200);

    // Rotation under the running server ends the token and the refresh token.
    let rotated = rotate_robot(&s.root, "ci-acme");
    wait_status(&manifest, Creds::Bearer(&token), 401).await;
    let r = http()
        .post(format!("{b}/token"))
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh.as_str()),
            ("service", "registryctl"),
            ("scope", "repository:acme/app:pull"),
        ])
        .send()
        .await
        .expect("POST /token");
    assert_eq!(r.status(), 400, "the refresh token of the old generation");
    let (token2, _) = token_for(&b, "robot", &rotated, &["repository:acme/app:pull"]).await;
    assert_eq!(status(manifest.clone(), Creds::Bearer(&token2)).await, 200);

    // Removal ends the new token too.
    cli_ok(&s.root, &["robot", "rm", "ci-acme"]);
    wait_status(&manifest, Creds::Bearer(&token2), 401).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn denies_on_the_robot_or_its_groups_win_and_acl_check_explains() {
    let s = server(&[]).await;
    let b = base(&s);
    let secret = create_robot(&s.root, "ci", &["acme/**:pull,push"], "30d");
    cli_ok(&s.root, &["group", "add", "contractors"]);
    cli_ok(&s.root, &["group", "add-member", "contractors", "robot:ci"]);
    cli_ok(
        &s.root,
        &["acl", "deny", "group:contractors", "acme/frozen", "push"],
    );
    // A group's grants do not widen a robot's.
    cli_ok(
        &s.root,
        &["acl", "grant", "group:contractors", "other/**", "pull"],
    );
    // Nor may the ACL grant to a robot.
    let (code, _, err) = run_cli(&s.root, &["acl", "grant", "robot:ci", "other/**", "pull"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("robot create"), "{err}");
    // A robot that does not exist cannot join a group.
    let (code, _, _) = run_cli(
        &s.root,
        &["group", "add-member", "contractors", "robot:nope"],
    );
    assert_eq!(code, 3);

    let me = Creds::Basic("robot", &secret);
    wait_robot(&b, &secret).await;
    // The last edit (the deny naming the robot) in force: so are the earlier ones.
    cli_ok(&s.root, &["acl", "deny", "robot:ci", "acme/secret", "pull"]);
    wait_status(&format!("{b}/v2/acme/secret/tags/list"), me, 403).await;
    assert_eq!(status(format!("{b}/v2/other/x/tags/list"), me).await, 403);
    assert_eq!(push_as(&b, "acme/frozen", "v1", me).await, 403);
    assert_eq!(push_as(&b, "acme/app", "v1", me).await, 201);
    assert_eq!(
        status(format!("{b}/v2/acme/frozen/tags/list"), me).await,
        404
    );

    // `acl check` explains each of those like a user's decision.
    let check = |args: &[&str]| {
        let mut all = vec!["acl", "check"];
        all.extend(args);
        let (code, out, _) = run_cli(&s.root, &all);
        (code, out.trim().to_string())
    };
    assert_eq!(
        check(&["robot:ci", "acme/app", "push"]),
        (0, "allowed by: grant robot:ci acme/** pull,push".into())
    );
    assert_eq!(
        check(&["robot:ci", "acme/secret", "pull"]),
        (1, "denied by: deny robot:ci acme/secret pull".into())
    );
    assert_eq!(
        check(&["robot:ci", "acme/frozen", "push"]),
        (
            1,
            "denied by: deny group:contractors acme/frozen push".into()
        )
    );
    assert_eq!(
        check(&["robot:ci", "other/x", "pull"]),
        (1, "denied: no rule matched".into())
    );
    let (code, out) = check(&["robot:nope", "acme/app", "pull"]);
    assert_eq!(code, 1);
    assert!(out.contains("no robot nope"), "{out}");
    let (code, out) = check(&["robot:ci", "acme/app", "push", "--json"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).expect("check --json");
    assert_eq!(v["rule"]["subject"], "robot:ci");
    // Removing the robot takes it out of its groups.
    let out = cli_ok(&s.root, &["robot", "rm", "ci"]);
    assert!(out.contains("contractors"), "{out}");
    let groups = cli_ok(&s.root, &["group", "ls", "--json"]);
    assert!(!groups.contains("robot:ci"), "{groups}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_robot_is_refused_with_a_message_that_says_so() {
    let s = server(&[]).await;
    let b = base(&s);
    let secret = create_robot(&s.root, "brief", &["acme/app:pull"], "5s");
    let tags = format!("{b}/v2/acme/app/tags/list");
    let me = Creds::Basic("robot", &secret);
    // Works before its expiry (with Basic and a token)...
    wait_robot(&b, &secret).await;
    assert_eq!(status(tags.clone(), me).await, 404);
    let (token, _) = token_for(&b, "robot", &secret, &["repository:acme/app:pull"]).await;
    assert_eq!(status(tags.clone(), Creds::Bearer(&token)).await, 404);
    // ...and not after: Basic says why, the token is refused too.
    eventually(15, || async { status(tags.clone(), me).await == 401 }).await;
    let r = with(http().get(&tags), me).send().await.expect("GET");
    let body = r.text().await.expect("body");
    assert!(body.contains("robot brief expired at"), "{body}");
    assert!(!body.contains(&secret), "{body}");
    assert_eq!(status(tags.clone(), Creds::Bearer(&token)).await, 401);
    let r = http()
        .get(format!("{b}/token"))
        .query(&[
            ("service", "registryctl"),
            ("scope", "repository:acme/app:pull"),
        ])
        .basic_auth("robot", Some(&secret))
        .send()
        .await
        .expect("GET /token");
    assert_eq!(r.status(), 401);
    assert!(r.text().await.expect("body").contains("expired"));
    // The CLI says so as well.
    let (code, out, _) = run_cli(
        &s.root,
        &["acl", "check", "robot:brief", "acme/app", "pull"],
    );
    assert_eq!(code, 1);
    assert!(out.contains("expired at"), "{out}");
    assert_eq!(robot_list(&s.root)[0]["expired"], true);
    assert!(cli_ok(&s.root, &["robot", "ls"]).contains("EXPIRED"));
    // Rotating with a new expiry renews it, with a new secret.
    let renewed = cli_ok(
        &s.root,
        &["-q", "robot", "rotate", "brief", "--expires", "1h"],
    )
    .trim()
    .to_string();
    wait_robot(&b, &renewed).await;
    assert_eq!(status(tags.clone(), me).await, 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_concurrent_creates_lose_nothing() {
    let s = server(&[]).await;
    let children: Vec<_> = (0..20)
        .map(|i| {
            let mut cmd = common::bin_command();
            cmd.arg("--root")
                .arg(&s.root)
                .args(["-q", "robot", "create", &format!("r{i:02}")])
                .args([
                    "--grant",
                    &format!("team{i}/**:pull,push"),
                    "--expires",
                    "1d",
                ])
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped());
            cmd.spawn().expect("spawn robot create")
        })
        .collect();
    let mut secrets = std::collections::BTreeSet::new();
    for child in children {
        // A hung child would hold the test: bound the wait.
        let pid = child.id();
        let out = tokio::time::timeout(
            std::time::Duration::from_secs(120),
            tokio::task::spawn_blocking(move || child.wait_with_output()),
        )
        .await
        .unwrap_or_else(|_| panic!("robot create (pid {pid}) did not finish within 120 s"))
        .expect("join")
        .expect("wait");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        secrets.insert(String::from_utf8_lossy(&out.stdout).trim().to_string());
    }
    assert_eq!(secrets.len(), 20, "20 different secrets");
    let list = robot_list(&s.root);
    let names: Vec<String> = list
        .iter()
        .filter_map(|r| r["name"].as_str().map(String::from))
        .collect();
    let want: Vec<String> = (0..20).map(|i| format!("r{i:02}")).collect();
    assert_eq!(names, want);
    let log = cli_ok(&s.root, &["acl", "log"]);
    assert_eq!(log.matches("\trobot create r").count(), 20, "{log}");
    // Every one of them works against the running server.
    let b = base(&s);
    for secret in &secrets {
        wait_robot(&b, secret).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_entries_last_use_and_no_secret_anywhere() {
    let s = server(&["-v"]).await;
    let b = base(&s);
    let first = create_robot(&s.root, "ci", &["acme/app:pull,push"], "30d");
    let tags = format!("{b}/v2/acme/app/tags/list");
    wait_robot(&b, &first).await;
    // The first use is recorded at once; later ones at most once a minute.
    eventually(10, || async {
        robot_list(&s.root)[0]["last_used"].is_string()
    })
    .await;
    let usage = s.root.join("auth/robots-usage.toml");
    let recorded = std::fs::read(&usage).expect("usage file");
    for _ in 0..6 {
        assert_eq!(
            status(tags.clone(), Creds::Basic("robot", &first)).await,
            404
        );
        // Spreads the requests over the window in which a rewrite would show (the
        // assertion is that none happens, so there is no condition to poll for).
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    assert_eq!(
        std::fs::read(&usage).expect("usage file"),
        recorded,
        "no write per request"
    );
    let first_use = |since: &'static str| {
        let root = s.root.clone();
        move || {
            let log = cli_ok(&root, &["acl", "log"]);
            async move { log.contains(&format!("robot first-use ci (first use since its {since}")) }
        }
    };
    eventually(10, first_use("creation")).await;
    let second = rotate_robot(&s.root, "ci");
    wait_robot(&b, &second).await;
    eventually(10, first_use("rotation")).await;
    // A wrong secret's refusal does not echo it.
    let wrong = format!("{first}x");
    let r = http()
        .get(&tags)
        .basic_auth("robot", Some(&wrong))
        .send()
        .await
        .expect("GET");
    assert_eq!(r.status(), 401);
    assert!(!r.text().await.expect("body").contains(&wrong));
    let (token, _) = token_for(&b, "robot", &second, &["repository:acme/app:pull"]).await;
    assert_eq!(status(tags.clone(), Creds::Bearer(&token)).await, 404);
    cli_ok(&s.root, &["robot", "rm", "ci"]);

    let log = cli_ok(&s.root, &["acl", "log"]);
    let lines: Vec<&str> = log.lines().filter(|l| l.contains("\trobot ")).collect();
    let what: Vec<&str> = lines
        .iter()
        .filter_map(|l| l.splitn(3, '\t').nth(2))
        .map(|w| w.split(" (").next().unwrap_or(w))
        .map(|w| w.split(" grants").next().unwrap_or(w))
        .map(|w| w.split(" expires").next().unwrap_or(w))
        .collect();
    assert_eq!(
        what,
        [
            "robot create ci",
            "robot first-use ci",
            "robot rotate ci",
            "robot first-use ci",
            "robot rm ci"
        ],
        "{log}"
    );
    // No secret in the server's log (with -v), the audit log, the files or a listing.
    eventually(10, || async { s.log_text().contains("robot:ci") }).await;
    let mut everything = vec![s.log_text(), log, cli_ok(&s.root, &["robot", "ls"])];
    for f in std::fs::read_dir(s.root.join("auth")).expect("auth dir") {
        everything.push(
            String::from_utf8_lossy(&std::fs::read(f.expect("entry").path()).expect("read")).into(),
        );
    }
    for text in &everything {
        for secret in [&first, &second, &token] {
            assert!(
                !text.contains(secret.as_str()),
                "a secret leaked into:\n{text}"
            );
        }
    }
}

/// For a client test: `None` (after the SKIPPED line) when `tool` is missing; else a
/// server with robot `ci-acme` (`acme/app:pull,push`) in force, its secret and an
/// environment of the client's own.
async fn with_client(test: &str, tool: Tool) -> Option<(BinServer, String, ClientEnv)> {
    if !have(test, &[tool]) {
        return None;
    }
    let s = server(&[]).await;
    let secret = create_robot(&s.root, "ci-acme", &["acme/app:pull,push"], "30d");
    wait_robot(&base(&s), &secret).await;
    Some((s, secret, ClientEnv::new()))
}

/// skopeo signs in as a robot (`--dest-creds robot:SECRET`, the token flow): the copy
/// to the granted repository succeeds, the one to another is refused, and skopeo says so.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn skopeo_pushes_as_a_robot_where_granted_only() {
    let Some((s, secret, env)) =
        with_client("skopeo_pushes_as_a_robot_where_granted_only", Tool::Skopeo).await
    else {
        return;
    };
    let lay = Layout::create(&env.path("lay"));
    let (m, _) = lay.image("amd64", &[("ci.txt", b"built by ci\n")]);
    lay.set_refs(&[("x", &m)]);
    let src = format!("oci:{}:x", lay.dir.display());
    let creds = format!("robot:{secret}");
    run(&mut env.skopeo_copy(
        &["--preserve-digests", "--dest-creds", &creds],
        &src,
        &format!("docker://{}/acme/app:v1", s.addr),
    ));
    let served = http()
        .get(format!("{}/v2/acme/app/manifests/v1", base(&s)))
        .header("accept", support::ACCEPT_ALL)
        .basic_auth("robot", Some(&secret))
        .send()
        .await
        .expect("GET manifest");
    assert_eq!(served.status(), 200);
    assert_eq!(
        digest(&served.bytes().await.expect("body")).to_string(),
        m.digest
    );
    let err = run_fails(&mut env.skopeo_copy(
        &["--preserve-digests", "--dest-creds", &creds],
        &src,
        &format!("docker://{}/acme/other:v1", s.addr),
    ));
    // skopeo first looks for the blobs there (a pull: 403 Forbidden), or starts an
    // upload (a push: DENIED).
    assert!(
        err.contains("requested access to the resource is denied")
            || err.contains("403 (Forbidden)"),
        "skopeo says it was refused: {err}"
    );
    let other = http()
        .get(format!("{}/v2/acme/other/tags/list", base(&s)))
        .basic_auth("admin", Some("admin-pw"))
        .send()
        .await
        .expect("GET tags");
    assert_eq!(other.status(), 404, "nothing landed in acme/other");
    assert!(!s.log_text().contains(&secret), "the secret is not logged");
    let _ = cli(&s.root, &["robot", "rm", "ci-acme"], "");
}

/// podman: `podman login -u robot` with the secret (checked by podman against `/v2/`
/// through the token flow), then pushes with the stored credentials: to the granted
/// repository it works, to another it is refused; a wrong secret cannot log in.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn podman_logs_in_and_pushes_as_a_robot_where_granted_only() {
    let Some((s, secret, env)) = with_client(
        "podman_logs_in_and_pushes_as_a_robot_where_granted_only",
        Tool::Podman,
    )
    .await
    else {
        return;
    };
    let podman = |args: &[&str]| {
        let mut c = env.containers("podman");
        c.args(args);
        c
    };
    let err = run_fails(&mut podman(&[
        "login",
        "--tls-verify=false",
        "-u",
        "robot",
        "-p",
        "rcr_wrong",
        &s.addr,
    ]));
    assert!(
        err.contains("invalid username/password"),
        "podman says the secret is wrong: {err}"
    );
    run(&mut podman(&[
        "login",
        "--tls-verify=false",
        "-u",
        "robot",
        "-p",
        &secret,
        &s.addr,
    ]));
    // An image of its own in podman's storage, from a root filesystem tarball.
    let rootfs = env.path("rootfs");
    std::fs::create_dir_all(&rootfs).expect("mkdir");
    std::fs::write(rootfs.join("ci.txt"), b"built by ci, pushed by podman\n").expect("write");
    let tarball = env.path("rootfs.tar");
    run(std::process::Command::new("tar")
        .arg("-cf")
        .arg(&tarball)
        .arg("-C")
        .arg(&rootfs)
        .arg("."));
    let id = "localhost/ci/app:1";
    run(&mut podman(&[
        "import",
        "-q",
        &tarball.to_string_lossy(),
        id,
    ]));
    run(&mut podman(&[
        "push",
        "-q",
        "--tls-verify=false",
        id,
        &format!("docker://{}/acme/app:podman", s.addr),
    ]));
    let tags = http()
        .get(format!("{}/v2/acme/app/tags/list", base(&s)))
        .basic_auth("robot", Some(&secret))
        .send()
        .await
        .expect("GET tags");
    assert!(tags.text().await.expect("body").contains("\"podman\""));
    let err = run_fails(&mut podman(&[
        "push",
        "-q",
        "--tls-verify=false",
        id,
        &format!("docker://{}/acme/other:podman", s.addr),
    ]));
    assert!(
        err.contains("requested access to the resource is denied")
            || err.contains("403 (Forbidden)"),
        "podman says it was refused: {err}"
    );
    assert!(!s.log_text().contains(&secret), "the secret is not logged");
}

/// Robots on a store in S3-compatible object storage (a real SeaweedFS, see
/// `tests/common/s3.rs`): made, rotated and removed by CLI processes with `--storage`
/// while a registry serves from the same prefix, which picks every change up; the
/// audit log (entries on object storage) records them and the first uses.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn robots_on_object_storage() {
    let Some(s3) = common::s3::server("robots_on_object_storage") else {
        return;
    };
    let objects = s3.objects();
    let url = objects.config().url();
    let cli = move |args: Vec<String>, stdin: &'static str| {
        let url = url.clone();
        tokio::task::spawn_blocking(move || {
            let a: Vec<&str> = args.iter().map(String::as_str).collect();
            let (code, out, err) = s3.cli(&url, &a, stdin);
            assert_eq!(code, 0, "registryctl {a:?}: {out}{err}");
            out
        })
    };
    let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    cli(args(&["init"]), "").await.expect("init");
    let store = registryctl::storage::Store::open_objects(
        std::sync::Arc::new(objects),
        registryctl::storage::Access::ReadWrite,
        false,
    )
    .expect("open the store");
    let dir = tempfile::tempdir().expect("tempdir");
    let s = common::TestServer::start_on(store, dir, Default::default()).await;
    cli(
        args(&["user", "add", "admin", "--password-stdin"]),
        "admin-pw\n",
    )
    .await
    .expect("user add");
    // Until the server has loaded the users file it admits everyone (no users: open
    // access), so a robot's sign-in proves nothing: wait for the challenge first.
    let v2 = format!("{}/v2/", s.url);
    eventually(10, || async {
        http()
            .get(&v2)
            .send()
            .await
            .is_ok_and(|r| r.status() == 401)
    })
    .await;
    let create = args(&[
        "-q",
        "robot",
        "create",
        "ci",
        "--grant",
        "acme/app:pull,push",
        "--expires",
        "30d",
    ]);
    let secret = cli(create, "")
        .await
        .expect("robot create")
        .trim()
        .to_string();
    wait_robot(&s.url, &secret).await;
    assert_eq!(
        push_as(&s.url, "acme/app", "v1", Creds::Basic("robot", &secret)).await,
        201
    );
    assert_eq!(
        push_as(&s.url, "acme/other", "v1", Creds::Basic("robot", &secret)).await,
        403
    );
    let rotated = cli(args(&["-q", "robot", "rotate", "ci"]), "")
        .await
        .expect("rotate")
        .trim()
        .to_string();
    wait_robot(&s.url, &rotated).await;
    assert_eq!(
        status(format!("{}/v2/", s.url), Creds::Basic("robot", &secret)).await,
        401
    );
    // The last use is recorded there too (the first one at once).
    eventually(10, || async {
        let out = cli(args(&["robot", "ls", "--json"]), "").await.expect("ls");
        let list: Value = serde_json::from_str(&out).expect("robot ls --json");
        list[0]["last_used"].is_string()
    })
    .await;
    eventually(10, || async {
        let log = cli(args(&["acl", "log"]), "").await.expect("log");
        log.contains("robot first-use ci (first use since its rotation")
    })
    .await;
    cli(args(&["robot", "rm", "ci"]), "").await.expect("rm");
    eventually(10, || async {
        status(format!("{}/v2/", s.url), Creds::Basic("robot", &rotated)).await == 401
    })
    .await;
    let log = cli(args(&["acl", "log"]), "").await.expect("log");
    for want in ["robot create ci", "robot rotate ci", "robot rm ci"] {
        assert!(log.contains(want), "{want}: {log}");
    }
    assert!(!log.contains(&secret) && !log.contains(&rotated), "{log}");
}
