//! The log during authenticated traffic: the access log names the signed-in user, and
//! no password, token or `Authorization` header ever reaches any log line. In its own
//! test binary because it installs a `tracing` subscriber: tests running beside it in
//! the same process would race with it over `tracing`'s per-callsite interest cache.

mod common;

use base64::Engine;
use common::{add_user, base_status, cli_ok, eventually, http, push_image, TestServer};

async fn get_as(s: &TestServer, path: &str, (u, p): (&str, &str)) -> u16 {
    http()
        .get(s.at(path))
        .header("accept", "application/vnd.oci.image.manifest.v1+json")
        .basic_auth(u, Some(p))
        .send()
        .await
        .map(|r| r.status().as_u16())
        .unwrap_or(0)
}

#[tokio::test(flavor = "current_thread")]
async fn the_log_names_the_user_and_never_holds_a_password_or_token() {
    let buf = common::LogBuf::default();
    let writer = buf.clone();
    let subscriber = tracing_subscriber::fmt()
        .json()
        .flatten_event(true)
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let s = TestServer::start().await;
    push_image(&s, "acme/app", "v1", b"{\"c\":1}", &[b"layer"]).await;
    add_user(s.root(), "alice", "Secret-Password-1");
    cli_ok(s.root(), &["acl", "grant", "alice", "acme/**", "pull"]);
    eventually(5, || async { base_status(&s).await == 401 }).await;
    let ok = ("alice", "Secret-Password-1");
    assert_eq!(get_as(&s, "/v2/acme/app/manifests/v1", ok).await, 200);
    let wrong = ("alice", "Wrong-Password-2");
    assert_eq!(get_as(&s, "/v2/acme/app/manifests/v1", wrong).await, 401);
    let r = http()
        .get(s.at("/token"))
        .query(&[
            ("service", "registryctl"),
            ("scope", "repository:acme/app:pull"),
        ])
        .basic_auth(ok.0, Some(ok.1))
        .send()
        .await
        .expect("token request");
    let v: serde_json::Value = r.json().await.expect("token JSON");
    let token = v["token"].as_str().expect("token").to_string();
    let r = http()
        .get(s.at("/v2/acme/app/tags/list"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), 200);
    // Access records are written when the response body ends, just after the client
    // has it: wait for the ones the assertion below counts.
    let alice_records = || {
        let text = String::from_utf8_lossy(&buf.0.lock().expect("log buffer")).into_owned();
        let n = text
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|e| e["target"] == "access" && e["status"] == 200 && e["user"] == "alice")
            .count();
        async move { n >= 2 }
    };
    eventually(10, alice_records).await;

    let text = String::from_utf8(buf.0.lock().expect("log buffer").clone()).expect("utf-8");
    let users: Vec<String> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|e| e["target"] == "access" && e["status"] == 200)
        .filter_map(|e| e["user"].as_str().map(str::to_string))
        .collect();
    assert!(
        users.iter().filter(|u| *u == "alice").count() >= 2,
        "Basic and Bearer requests name alice: {users:?}"
    );
    for secret in ["Secret-Password-1", "Wrong-Password-2", token.as_str()] {
        assert!(!text.contains(secret), "a secret reached the log");
    }
    let b64 = base64::engine::general_purpose::STANDARD.encode("alice:Secret-Password-1");
    assert!(
        !text.contains(&b64),
        "an Authorization header reached the log"
    );
}
