//! `registryctl serve`: the HTTP API of the OCI Distribution Spec over the store.
//!
//! One axum handler receives every `/v2` request, recognises the endpoint
//! ([`routes::parse`]), and hands it to the module for that part of the API. Storage
//! calls are blocking and run on tokio's blocking pool; blob bodies stream through
//! bounded channels in both directions, so memory stays flat whatever the blob size.

pub mod access;
pub mod blobs;
pub mod error;
pub mod listing;
pub mod manifests;
pub mod routes;
pub mod uploads;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;

use crate::auth::{AuthError, Gate};
use crate::storage::Store;

pub use access::{AuthConfig, ChallengeMode};
pub use error::{ApiError, Code};
use routes::Route;

/// What the server needs to run.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Address to listen on.
    pub listen: SocketAddr,
    /// Challenge style and token realm.
    pub auth: AuthConfig,
}

/// State shared by every request.
#[derive(Clone)]
pub struct App {
    inner: Arc<AppInner>,
}

struct AppInner {
    store: Store,
    gate: Gate,
    auth: AuthConfig,
    /// Bounds concurrent argon2 verifications (each is CPU- and memory-hungry).
    hash_slots: tokio::sync::Semaphore,
}

impl App {
    /// Application state over a store, with the default auth settings. Auth files that
    /// cannot be loaded make the server refuse every request (fail closed).
    pub fn new(store: Store) -> App {
        let gate = Gate::open_or_closed(store.clone());
        App::build(store, gate, AuthConfig::default())
    }

    /// Application state with explicit auth settings; fails if the auth files cannot
    /// be loaded (what `serve` uses, so a damaged file stops it at start).
    pub fn with_auth(store: Store, auth: AuthConfig) -> Result<App, AuthError> {
        let gate = Gate::open(store.clone())?;
        Ok(App::build(store, gate, auth))
    }

    fn build(store: Store, gate: Gate, auth: AuthConfig) -> App {
        let slots = std::thread::available_parallelism().map_or(2, |n| n.get());
        App {
            inner: Arc::new(AppInner {
                store,
                gate,
                auth,
                hash_slots: tokio::sync::Semaphore::new(slots),
            }),
        }
    }

    /// The live auth state.
    pub fn gate(&self) -> &Gate {
        &self.inner.gate
    }

    /// The auth settings.
    pub fn auth_config(&self) -> &AuthConfig {
        &self.inner.auth
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.inner.store
    }
}

/// The router for the whole API.
pub fn router(app: App) -> Router {
    Router::new()
        .route("/v2", any(dispatch))
        .route("/v2/", any(dispatch))
        .route("/v2/{*path}", any(dispatch))
        .route("/token", any(access::token_endpoint))
        .fallback(not_found)
        .layer(axum::middleware::map_response(api_version_header))
        .with_state(app)
}

async fn api_version_header(mut resp: Response) -> Response {
    resp.headers_mut().insert(
        "docker-distribution-api-version",
        HeaderValue::from_static("registry/2.0"),
    );
    resp
}

async fn not_found() -> Response {
    ApiError::not_found(Code::Unsupported, "no such endpoint").into_response()
}

/// Runs a blocking storage call on the blocking pool.
pub(crate) async fn blocking<T, F>(f: F) -> Result<T, ApiError>
where
    F: FnOnce() -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    tokio::task::spawn_blocking(f)
        .await
        .map_err(ApiError::internal)?
}

/// Query parameters of a request, decoded.
pub(crate) struct Query(Vec<(String, String)>);

impl Query {
    fn from_uri(uri: &axum::http::Uri) -> Query {
        Query(
            uri.query()
                .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
                .unwrap_or_default(),
        )
    }

    /// The first value of a parameter.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a parameter, in order.
    pub(crate) fn get_all<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a str> + 'a {
        let name = name.to_string();
        self.0
            .iter()
            .filter(move |(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Drops a parameter.
    pub(crate) fn remove(&mut self, name: &str) {
        self.0.retain(|(k, _)| k != name);
    }
}

/// Everything a handler may need from the request besides its body.
pub(crate) struct Req {
    pub method: Method,
    pub headers: HeaderMap,
    pub query: Query,
    /// What the caller may do (decided before the handler runs).
    pub access: access::Access,
}

impl Req {
    /// A header as a string, if present and valid.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// `Content-Length`, if present and numeric.
    pub(crate) fn content_length(&self) -> Option<u64> {
        self.header("content-length").and_then(|v| v.parse().ok())
    }
}

fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        Code::Unsupported,
        "method not allowed on this endpoint",
    )
}

async fn dispatch(State(app): State<App>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let route = match routes::parse(parts.uri.path()) {
        Ok(Some(r)) => r,
        Ok(None) => return not_found().await,
        Err(e) => return ApiError::from(e).into_response(),
    };
    let mut req = Req {
        method: parts.method,
        headers: parts.headers,
        query: Query::from_uri(&parts.uri),
        access: access::Access::open(),
    };
    // Access is decided here, from the route, method and caller only: before any
    // storage lookup, so refusals never reveal whether a repository exists.
    match access::check(&app, &route, &mut req).await {
        Ok(a) => req.access = a,
        Err(e) => return e.into_response(),
    }
    match handle(app, route, req, body).await {
        Ok(r) => r,
        Err(e) => e.into_response(),
    }
}

async fn handle(app: App, route: Route, req: Req, body: Body) -> Result<Response, ApiError> {
    use Method as M;
    let m = req.method.clone();
    match route {
        Route::Base => match m {
            M::GET | M::HEAD => {
                Ok((StatusCode::OK, [("content-type", "application/json")], "{}").into_response())
            }
            _ => Err(method_not_allowed()),
        },
        Route::Catalog => match m {
            M::GET => listing::catalog(app, req).await,
            _ => Err(method_not_allowed()),
        },
        Route::Tags(repo) => match m {
            M::GET => listing::tags(app, repo, req).await,
            _ => Err(method_not_allowed()),
        },
        Route::Referrers(repo, d) => match m {
            M::GET => listing::referrers(app, repo, d, req).await,
            _ => Err(method_not_allowed()),
        },
        Route::Manifest(repo, reference) => match m {
            M::GET | M::HEAD => manifests::get(app, repo, reference, req).await,
            M::PUT => manifests::put(app, repo, reference, req, body).await,
            M::DELETE => manifests::delete(app, repo, reference).await,
            _ => Err(method_not_allowed()),
        },
        Route::Blob(repo, d) => match m {
            M::GET | M::HEAD => blobs::get(app, repo, d, req).await,
            M::DELETE => blobs::delete(app, repo, d).await,
            _ => Err(method_not_allowed()),
        },
        Route::UploadStart(repo) => match m {
            M::POST => uploads::start(app, repo, req, body).await,
            _ => Err(method_not_allowed()),
        },
        Route::Upload(repo, id) => match m {
            M::GET => uploads::status(app, repo, id).await,
            M::PATCH => uploads::patch(app, repo, id, req, body).await,
            M::PUT => uploads::put(app, repo, id, req, body).await,
            M::DELETE => uploads::cancel(app, repo, id).await,
            _ => Err(method_not_allowed()),
        },
    }
}

/// Looks at the auth files every [`crate::auth::state::REFRESH_INTERVAL`] and reloads
/// them when they change, so edits by `registryctl acl|user|group` apply without a
/// restart. Ends when the server's state is dropped.
fn spawn_auth_refresher(app: &App) {
    let weak = Arc::downgrade(&app.inner);
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(crate::auth::state::REFRESH_INTERVAL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        let mut last_error: Option<String> = None;
        loop {
            tick.tick().await;
            let Some(inner) = weak.upgrade() else { break };
            let result = tokio::task::spawn_blocking(move || inner.gate.refresh()).await;
            match result {
                Ok(Ok(_)) => last_error = None,
                Ok(Err(e)) => {
                    let msg = e.to_string();
                    if last_error.as_deref() != Some(msg.as_str()) {
                        tracing::error!(error = %msg, "cannot reload the auth files; the previous rules stay in force");
                        last_error = Some(msg);
                    }
                }
                Err(e) => tracing::error!(error = %e, "auth reload task failed"),
            }
        }
    });
}

/// Serves the API on `config.listen` until `shutdown` resolves, then finishes the
/// requests in flight.
pub async fn serve(
    store: Store,
    config: ServerConfig,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", config.listen))?;
    let app = App::with_auth(store, config.auth)?;
    serve_on(listener, app, shutdown).await
}

/// Serves the API on an already bound listener (tests bind port 0 and read the port).
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    app: App,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let local = listener.local_addr()?;
    tracing::info!(listen = %local, store = %app.store().describe(), "registry serving");
    crate::auth::state::log_state(&app.gate().snapshot());
    tracing::info!(mode = ?app.auth_config().mode, "challenge style for unauthenticated requests");
    spawn_auth_refresher(&app);
    axum::serve(listener, router(app))
        .with_graceful_shutdown(shutdown)
        .await?;
    tracing::info!("registry stopped");
    Ok(())
}
