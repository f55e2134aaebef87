//! Failed logins are throttled per (user, address) pair and per address, on `/v2`
//! (Basic) and `/token` (GET with Basic, POST password grant), without locking the
//! user out from other addresses; counted in `/metrics`.

mod common;

use std::net::IpAddr;
use std::time::Duration;

use common::{add_user, base_status, cli_ok, eventually, TestServer};
use registryctl::auth::throttle::ThrottleConfig;
use registryctl::server::Options;

/// A client whose connections come from `from` (a loopback address other than
/// 127.0.0.1 stands for another machine; the server is still on 127.0.0.1).
fn client_from(from: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(from.parse::<IpAddr>().expect("address"))
        .build()
        .expect("client")
}

/// A server with alice (password `right`), throttling by `config`; blocks last a
/// minute so that no test depends on how fast it runs.
async fn server(config: ThrottleConfig) -> TestServer {
    let s = TestServer::start_with(Options {
        throttle: ThrottleConfig {
            base_delay: Duration::from_secs(60),
            ..config
        },
        ..Options::default()
    })
    .await;
    add_user(s.root(), "alice", "right");
    cli_ok(s.root(), &["acl", "grant", "alice", "**", "pull"]);
    // Alice may read /metrics (access control is on).
    cli_ok(s.root(), &["group", "add", "metrics"]);
    cli_ok(s.root(), &["group", "add-member", "metrics", "alice"]);
    eventually(5, || async { base_status(&s).await == 401 }).await;
    s
}

async fn v2_status(s: &TestServer, c: &reqwest::Client, user: &str, pw: &str) -> reqwest::Response {
    c.get(s.at("/v2/"))
        .basic_auth(user, Some(pw))
        .send()
        .await
        .expect("request")
}

fn assert_throttled(r: &reqwest::Response) {
    assert_eq!(r.status().as_u16(), 429);
    let retry: u64 = r
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("a numeric Retry-After");
    assert!((1..=60).contains(&retry), "Retry-After {retry}");
}

async fn metric(s: &TestServer, name: &str) -> u64 {
    // From an address no test throttles.
    let text = client_from("127.0.0.99")
        .get(s.at("/metrics"))
        .basic_auth("alice", Some("right"))
        .send()
        .await
        .expect("metrics")
        .text()
        .await
        .expect("metrics text");
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{name} ")))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("{name} not in /metrics"))
}

#[tokio::test]
async fn wrong_passwords_block_the_pair_on_v2_and_token_but_not_another_address() {
    let s = server(ThrottleConfig {
        pair_free: 3,
        ..ThrottleConfig::default()
    })
    .await;
    let here = client_from("127.0.0.1");
    // The free failures, then one more that starts the block: all checked (401).
    for _ in 0..4 {
        assert_eq!(v2_status(&s, &here, "alice", "wrong").await.status(), 401);
    }
    // Now refused unchecked, even with the right password, on every login route.
    assert_throttled(&v2_status(&s, &here, "alice", "wrong").await);
    assert_throttled(&v2_status(&s, &here, "alice", "right").await);
    let token_get = here
        .get(s.at("/token?service=registryctl&scope=repository:a/b:pull"))
        .basic_auth("alice", Some("right"))
        .send()
        .await
        .expect("token");
    assert_throttled(&token_get);
    let token_post = here
        .post(s.at("/token"))
        .form(&[
            ("grant_type", "password"),
            ("username", "alice"),
            ("password", "right"),
            ("service", "registryctl"),
        ])
        .send()
        .await
        .expect("token");
    assert_throttled(&token_post);
    // Alice from elsewhere, and another user from here, are not affected.
    let elsewhere = client_from("127.0.0.2");
    assert_eq!(
        v2_status(&s, &elsewhere, "alice", "right").await.status(),
        200
    );
    add_user(s.root(), "bob", "bobs");
    eventually(5, || async {
        v2_status(&s, &here, "bob", "bobs").await.status() == 200
    })
    .await;
    // Four for alice, and bob's tries before the server had read his entry.
    assert!(metric(&s, "registryctl_auth_failures_total").await >= 4);
    assert!(metric(&s, "registryctl_auth_throttled_total").await >= 4);
    assert!(metric(&s, "registryctl_auth_throttle_entries").await >= 2);
}

#[tokio::test]
async fn an_address_guessing_many_users_is_blocked_for_every_user_there_only() {
    let s = server(ThrottleConfig {
        pair_free: 100,
        addr_free: 3,
        ..ThrottleConfig::default()
    })
    .await;
    let here = client_from("127.0.0.1");
    for u in ["u1", "u2", "u3", "u4"] {
        assert_eq!(v2_status(&s, &here, u, "guess").await.status(), 401);
    }
    assert_throttled(&v2_status(&s, &here, "alice", "right").await);
    let elsewhere = client_from("127.0.0.3");
    assert_eq!(
        v2_status(&s, &elsewhere, "alice", "right").await.status(),
        200
    );
}

/// `POST /token` with alice's password grant.
async fn password_grant(
    c: &reqwest::Client,
    s: &TestServer,
    pw: &str,
) -> reqwest::Result<reqwest::Response> {
    c.post(s.at("/token"))
        .form(&[
            ("grant_type", "password"),
            ("username", "alice"),
            ("password", pw),
        ])
        .send()
        .await
}

#[tokio::test]
async fn wrong_password_grants_on_post_token_count_too() {
    let s = server(ThrottleConfig {
        pair_free: 1,
        ..ThrottleConfig::default()
    })
    .await;
    let here = client_from("127.0.0.1");
    for _ in 0..2 {
        assert_eq!(
            password_grant(&here, &s, "wrong")
                .await
                .expect("token")
                .status(),
            400
        );
    }
    assert_throttled(&password_grant(&here, &s, "right").await.expect("token"));
    // A right password before the block resets the pair's count.
    let other = client_from("127.0.0.4");
    for pw in ["wrong", "right", "wrong", "right"] {
        let r = password_grant(&other, &s, pw).await.expect("token");
        let want = if pw == "right" { 200 } else { 400 };
        assert_eq!(r.status().as_u16(), want, "{pw}");
    }
}

#[tokio::test]
async fn with_access_control_on_metrics_on_the_api_listener_needs_the_metrics_group() {
    let s = server(ThrottleConfig::default()).await;
    let c = client_from("127.0.0.5");
    // Anonymous: challenged with the metrics scope.
    let r = c.get(s.at("/metrics")).send().await.expect("metrics");
    assert_eq!(r.status().as_u16(), 401);
    let ch = r.headers()["www-authenticate"].to_str().expect("challenge");
    assert!(ch.contains("scope=\"registry:metrics:*\""), "{ch}");
    // A user outside the group: 403.
    add_user(s.root(), "bob", "bobs");
    eventually(5, || async {
        v2_status(&s, &c, "bob", "bobs").await.status() == 200
    })
    .await;
    let r = c
        .get(s.at("/metrics"))
        .basic_auth("bob", Some("bobs"))
        .send()
        .await
        .expect("metrics");
    assert_eq!(r.status().as_u16(), 403);
    // A member, with Basic or with a token for the metrics scope.
    let r = c
        .get(s.at("/metrics"))
        .basic_auth("alice", Some("right"))
        .send()
        .await
        .expect("metrics");
    assert_eq!(r.status().as_u16(), 200);
    // With a token for the metrics scope: alice's carries it, bob's does not.
    for (user, pw, want) in [("alice", "right", 200), ("bob", "bobs", 403)] {
        let t: serde_json::Value = c
            .get(s.at("/token?service=registryctl&scope=registry:metrics:*"))
            .basic_auth(user, Some(pw))
            .send()
            .await
            .expect("token")
            .json()
            .await
            .expect("json");
        let t = t["token"].as_str().expect("token");
        let r = c
            .get(s.at("/metrics"))
            .bearer_auth(t)
            .send()
            .await
            .expect("metrics");
        assert_eq!(r.status().as_u16(), want, "{user}");
    }
}
