//! Endpoints for operators and orchestrators: `/healthz` (the process answers),
//! `/readyz` (the store can be written and read) and `/metrics` (Prometheus).

use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::{App, RouteKind};

/// `/healthz` and `/readyz`.
pub fn health_routes() -> Router<App> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
}

/// `/metrics`.
pub fn metrics_routes() -> Router<App> {
    Router::new().route("/metrics", get(metrics))
}

/// `/metrics` on the API listener: with access control on, only for members of the
/// group [`super::authz::METRICS_GROUP`].
pub fn guarded_metrics_routes() -> Router<App> {
    Router::new().route("/metrics", get(guarded_metrics))
}

async fn guarded_metrics(State(app): State<App>, req: axum::extract::Request) -> Response {
    let client = req
        .extensions()
        .get::<super::listen::ClientAddr>()
        .map(|c| c.0);
    if let Err(e) = super::authz::check_metrics(&app, req.headers(), client).await {
        return ops(e);
    }
    metrics(State(app)).await
}

/// The router of the separate metrics listener: `/metrics`, `/healthz`, `/readyz`.
pub fn ops_router(app: App) -> Router {
    health_routes().merge(metrics_routes()).with_state(app)
}

/// `registryctl_replica_info{replica="NAME"} 1`: which replica of the store answered
/// the scrape, to join with its other series (whose `instance` the scraper adds).
fn replica_info(out: &mut String, replica: &str) {
    use std::fmt::Write as _;
    let escaped = replica.replace('\\', "\\\\").replace('"', "\\\"");
    let _ = writeln!(
        out,
        "# HELP registryctl_replica_info This server's name among the replicas of its store (--replica).\n\
         # TYPE registryctl_replica_info gauge\n\
         registryctl_replica_info{{replica=\"{escaped}\"}} 1"
    );
}

fn ops(resp: impl IntoResponse) -> Response {
    let mut resp = resp.into_response();
    resp.extensions_mut().insert(RouteKind::Ops);
    resp
}

async fn healthz() -> Response {
    ops((StatusCode::OK, "ok\n"))
}

/// How long a readiness answer is reused: however often `/readyz` is asked, the
/// store sees at most one probe per this period per server.
pub const READY_CACHE: Duration = Duration::from_secs(1);
/// How long a probe may take before the server is reported not ready (a store that
/// does not answer, e.g. a paused object store, must not hang the orchestrator).
pub const READY_TIMEOUT: Duration = Duration::from_secs(2);

/// The last readiness probe's outcome, shared by concurrent `/readyz` requests.
#[derive(Default)]
pub struct ReadyProbe {
    /// When the last probe finished and what it found (`Err`: why not ready). The
    /// async lock is held across a probe, so concurrent callers wait for that one
    /// probe instead of starting their own.
    last: tokio::sync::Mutex<Option<(Instant, Result<(), String>)>>,
}

impl ReadyProbe {
    /// Whether the store is reachable, writable (readable, for a read-only server)
    /// and answers within [`READY_TIMEOUT`], as of a probe at most [`READY_CACHE`] old.
    pub async fn check(
        &self,
        store: &crate::storage::Store,
        read_only: bool,
    ) -> Result<(), String> {
        let mut last = self.last.lock().await;
        if let Some((at, outcome)) = last.as_ref() {
            if at.elapsed() < READY_CACHE {
                return outcome.clone();
            }
        }
        let store = store.clone();
        // A read-only server may run on a read-only filesystem: reading is all it needs.
        let probe = tokio::task::spawn_blocking(move || match read_only {
            true => store.probe_readable(),
            false => store.probe(),
        });
        let outcome = match tokio::time::timeout(READY_TIMEOUT, probe).await {
            Ok(Ok(Ok(()))) => Ok(()),
            Ok(Ok(Err(e))) => Err(format!("the store cannot be reached or written: {e}")),
            Ok(Err(e)) => Err(format!("probe failed: {e}")),
            // The blocking probe runs on and ends with the store client's own timeouts.
            Err(_) => Err(format!(
                "the store did not answer within {}s",
                READY_TIMEOUT.as_secs()
            )),
        };
        if let Err(why) = &outcome {
            tracing::warn!(error = %why, "readiness probe failed");
        }
        *last = Some((Instant::now(), outcome.clone()));
        outcome
    }
}

async fn readyz(State(app): State<App>) -> Response {
    match app
        .ready()
        .check(app.store(), app.options().read_only)
        .await
    {
        Ok(()) => ops((StatusCode::OK, "ready\n")),
        Err(why) => ops((
            StatusCode::SERVICE_UNAVAILABLE,
            format!("not ready: {why}\n"),
        )),
    }
}

async fn metrics(State(app): State<App>) -> Response {
    let mut text = app.metrics().render();
    replica_info(&mut text, &app.options().replica);
    app.request_cap().render(&mut text);
    app.throttle().render(&mut text);
    app.sessions().render(&mut text);
    let mut resp = ops(text);
    resp.headers_mut().insert(
        "content-type",
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    resp
}
