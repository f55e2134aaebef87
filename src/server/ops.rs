//! Endpoints for operators and orchestrators: `/healthz` (the process answers),
//! `/readyz` (the store can be written and read) and `/metrics` (Prometheus).

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

fn ops(resp: impl IntoResponse) -> Response {
    let mut resp = resp.into_response();
    resp.extensions_mut().insert(RouteKind::Ops);
    resp
}

async fn healthz() -> Response {
    ops((StatusCode::OK, "ok\n"))
}

async fn readyz(State(app): State<App>) -> Response {
    let store = app.store().clone();
    // A read-only server may run on a read-only filesystem: reading is all it needs.
    let read_only = app.options().read_only;
    let probe = move || {
        if read_only {
            store.probe_readable()
        } else {
            store.probe()
        }
    };
    match tokio::task::spawn_blocking(probe).await {
        Ok(Ok(())) => ops((StatusCode::OK, "ready\n")),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readiness probe failed");
            ops((StatusCode::SERVICE_UNAVAILABLE, format!("not ready: {e}\n")))
        }
        Err(e) => ops((
            StatusCode::SERVICE_UNAVAILABLE,
            format!("not ready: probe failed: {e}\n"),
        )),
    }
}

async fn metrics(State(app): State<App>) -> Response {
    let mut text = app.metrics().render();
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
