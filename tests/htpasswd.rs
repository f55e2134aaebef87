//! `registryctl user import-htpasswd`: distribution's bcrypt users keep their
//! passwords (Basic and the token flow), are re-hashed with argon2id at their first
//! sign-in, and other hash schemes are refused by name.

mod common;

use common::*;
use serde_json::Value;

async fn base_with(s: &TestServer, user: &str, password: &str) -> u16 {
    http()
        .get(s.at("/v2/"))
        .basic_auth(user, Some(password))
        .send()
        .await
        .expect("request")
        .status()
        .as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn htpasswd_users_sign_in_and_are_rehashed() {
    let s = TestServer::start().await;
    push_image(&s, "acme/app", "v1", b"{\"c\":1}", &[b"layer"]).await;
    // What `htpasswd -B` writes ($2y$), plus lines of schemes we refuse.
    let alice = bcrypt::hash_with_result("alice-pw", 4)
        .expect("bcrypt")
        .format_for_version(bcrypt::Version::TwoY);
    let bob = bcrypt::hash_with_result("bob-pw", 4)
        .expect("bcrypt")
        .format_for_version(bcrypt::Version::TwoB);
    let file = s.root().join("../htpasswd-test");
    std::fs::write(
        &file,
        format!(
            "# users\nalice:{alice}\nbob:{bob}\ncarol:$apr1$abcdefgh$0123456789abcdefghijkl\ndave:{{SHA}}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\n"
        ),
    )
    .expect("write");
    let file_s = file.to_string_lossy().to_string();
    let (code, out, err) =
        run_cli_async(s.root(), &["user", "import-htpasswd", &file_s, "--json"]).await;
    assert_eq!(code, 1, "two lines refused: {out}{err}");
    let report: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(report["imported"], serde_json::json!(["alice", "bob"]));
    let refused = report["refused"].to_string();
    assert!(
        refused.contains("apr1") && refused.contains("SHA-1"),
        "{refused}"
    );
    cli_ok(s.root(), &["acl", "grant", "alice", "acme/**", "pull"]);
    eventually(10, || async { base_with(&s, "nobody", "x").await == 401 }).await;

    // Basic: the bcrypt password works, a wrong one does not.
    eventually(10, || async {
        base_with(&s, "alice", "alice-pw").await == 200
    })
    .await;
    assert_eq!(base_with(&s, "alice", "wrong").await, 401);
    // At that first sign-in the hash became argon2id, and the password still works.
    let users = std::fs::read_to_string(auth_path(s.root(), AuthFile::Users)).expect("users");
    let alice_line = users
        .lines()
        .skip_while(|l| !l.contains("[users.alice]"))
        .find(|l| l.starts_with("password"))
        .expect("alice's hash")
        .to_string();
    assert!(alice_line.contains("$argon2id$"), "{alice_line}");
    assert!(users.contains(&bob), "bob has not signed in: still bcrypt");
    let audit = std::fs::read_to_string(auth_path(s.root(), AuthFile::AuditLog)).expect("audit");
    assert!(audit.contains("user rehash alice"), "{audit}");
    // The token flow, after the rehash.
    eventually(10, || async {
        base_with(&s, "alice", "alice-pw").await == 200
    })
    .await;
    let r = http()
        .get(s.at("/token"))
        .query(&[
            ("service", "registryctl"),
            ("scope", "repository:acme/app:pull"),
        ])
        .basic_auth("alice", Some("alice-pw"))
        .send()
        .await
        .expect("token");
    assert_eq!(r.status(), 200);
    let token: Value = r.json().await.expect("token json");
    let token = token["token"].as_str().expect("token").to_string();
    let r = http()
        .get(s.at("/v2/acme/app/manifests/v1"))
        .header("accept", "application/vnd.oci.image.manifest.v1+json")
        .bearer_auth(&token)
        .send()
        .await
        .expect("pull");
    assert_eq!(r.status(), 200);
    // Bob signs in with the token flow first: his bcrypt hash works there too.
    let r = http()
        .get(s.at("/token"))
        .query(&[("service", "registryctl")])
        .basic_auth("bob", Some("bob-pw"))
        .send()
        .await
        .expect("token");
    assert_eq!(r.status(), 200);

    // A second import leaves existing users alone.
    let (code, out, _) =
        run_cli_async(s.root(), &["user", "import-htpasswd", &file_s, "--json"]).await;
    assert_eq!(code, 1);
    let again: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(again["existing"], serde_json::json!(["alice", "bob"]));
    assert_eq!(again["imported"], serde_json::json!([]));
    let _ = std::fs::remove_file(&file);
}
