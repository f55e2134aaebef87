//! The access log names the user that authentication sets, by either documented way.

mod common;

use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use registryctl::server::access::{observe, AuthenticatedUser, RequestLog};
use registryctl::server::App;

async fn via_request_log(req: Request) -> Response {
    if let Some(log) = req.extensions().get::<RequestLog>() {
        log.set_user("alice");
    }
    "hi".into_response()
}

async fn via_response_extension() -> Response {
    let mut r = "hi".into_response();
    r.extensions_mut()
        .insert(AuthenticatedUser("bob".to_string()));
    r
}

#[tokio::test(flavor = "current_thread")]
async fn user_is_logged_from_either_hook() {
    let buf = common::LogBuf::default();
    let writer = buf.clone();
    let subscriber = tracing_subscriber::fmt()
        .json()
        .flatten_event(true)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let dir = tempfile::tempdir().unwrap();
    let app = App::new(registryctl::storage::Store::open_or_create(dir.path()).unwrap());
    let router = Router::new()
        .route("/a", get(via_request_log))
        .route("/b", get(via_response_extension))
        .layer(axum::middleware::from_fn_with_state(app.clone(), observe));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move { axum::serve(listener, router).await });
    let client = reqwest::Client::new();
    for path in ["/a", "/b"] {
        let r = client
            .get(format!("http://{addr}{path}"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.text().await.unwrap(), "hi");
    }
    // The record is written when the response body is over, just after the client
    // has it.
    let records = || {
        let text = String::from_utf8_lossy(&buf.0.lock().unwrap()).into_owned();
        let n = text
            .lines()
            .filter(|l| l.contains("\"target\":\"access\""))
            .count();
        async move { n >= 2 }
    };
    common::eventually(10, records).await;
    server.abort();
    let text = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
    let users: Vec<String> = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|e| e["target"] == "access")
        .map(|e| e["user"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(users, ["alice", "bob"], "{text}");
    assert!(app.metrics().render().contains(
        "registryctl_http_requests_total{route=\"other\",method=\"GET\",status=\"200\"} 2"
    ));
}
