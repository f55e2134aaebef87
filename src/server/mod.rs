//! `registryctl serve`: the HTTP API of the OCI Distribution Spec over the store.
//!
//! One axum handler receives every `/v2` request, recognises the endpoint
//! ([`routes::parse`]), and hands it to the module for that part of the API. Storage
//! calls are blocking and run on tokio's blocking pool as short tasks; no thread ever
//! waits on a client: blob bodies move one piece at a time between the network (async)
//! and the store (a blocking task per piece), so memory stays flat whatever the blob
//! size and a client that stops reading or sending holds no thread. Connections are
//! served by our own accept loop ([`listen`]) with the bounds of [`Limits`].

pub mod access;
pub mod authz;
pub mod blobs;
mod drain;
pub mod error;
pub mod limits;
mod listen;
pub mod listing;
pub mod manifests;
pub mod metrics;
pub mod ops;
pub mod routes;
mod sessions;
pub mod tls;
pub mod uploads;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;

use crate::auth::{AuthError, Gate};
use crate::storage::Store;

pub use authz::AuthConfig;
pub use error::{ApiError, Code};
pub use limits::Limits;
pub use metrics::{Metrics, RouteKind};
use routes::Route;
pub use tls::TlsFiles;

/// What the server needs to run.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Address to listen on.
    pub listen: SocketAddr,
    /// A second, plain-HTTP address for `/metrics`, `/healthz` and `/readyz`; when
    /// set, `/metrics` is served there only.
    pub metrics_listen: Option<SocketAddr>,
    /// TLS on `listen`.
    pub tls: Option<TlsFiles>,
    /// Behaviour of the running server.
    pub options: Options,
}

/// How the running server behaves.
#[derive(Debug, Clone)]
pub struct Options {
    /// Refuse every request that would change the store (405 `UNSUPPORTED`).
    pub read_only: bool,
    /// After a shutdown request, how long requests in flight may take to finish.
    pub shutdown_timeout: Duration,
    /// The pause between two walks of the store for the store-size gauges of
    /// `/metrics` (the first walk runs at start-up).
    pub usage_interval: Duration,
    /// Challenge style and token realm of access control.
    pub auth: AuthConfig,
    /// Bounds on what clients can make the server hold.
    pub limits: Limits,
    /// Answer blob `GET`s with `307` to a presigned URL of the object store, valid
    /// this long, instead of streaming the bytes through the server (object storage
    /// only; small blobs are still served directly).
    pub redirect_blobs: Option<Duration>,
    /// The failed-login throttle's bounds.
    pub throttle: crate::auth::throttle::ThrottleConfig,
    /// This server's name among the replicas of one store (`--replica`), shown by
    /// `registryctl_replica_info` on `/metrics`.
    pub replica: String,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            read_only: false,
            shutdown_timeout: crate::config::DEFAULT_SHUTDOWN_TIMEOUT,
            usage_interval: Duration::from_secs(60),
            auth: AuthConfig::default(),
            limits: Limits::default(),
            redirect_blobs: None,
            throttle: Default::default(),
            replica: crate::config::default_replica(5000),
        }
    }
}

/// State shared by every request.
#[derive(Clone)]
pub struct App {
    inner: Arc<AppInner>,
}

struct AppInner {
    store: Store,
    options: Options,
    metrics: Metrics,
    gate: Gate,
    /// Bounds concurrent argon2 verifications (each is CPU- and memory-hungry).
    hash_slots: tokio::sync::Semaphore,
    /// Requests in flight, shared by every listener.
    requests: limits::RequestCap,
    /// What the handlers call: blob, manifest and tag services over the store.
    services: crate::service::Services,
    /// Failed logins.
    throttle: crate::auth::throttle::Throttle,
    /// Open upload sessions, for their caps.
    sessions: Arc<sessions::Sessions>,
    /// The last `/readyz` probe of the store.
    ready: ops::ReadyProbe,
}

impl App {
    /// Application state over a store, with default [`Options`].
    pub fn new(store: Store) -> App {
        App::with_options(store, Options::default())
    }

    /// Application state over a store. Auth files that cannot be loaded make the
    /// server refuse every request (fail closed) until they are fixed.
    pub fn with_options(store: Store, options: Options) -> App {
        let gate = Gate::open_or_closed(store.clone());
        App::build(store, options, gate)
    }

    /// Like [`App::with_options`], but fails if the auth files cannot be loaded
    /// (what `serve` uses, so that a damaged file stops it at start).
    pub fn try_with_options(store: Store, options: Options) -> Result<App, AuthError> {
        let gate = Gate::open(store.clone())?;
        Ok(App::build(store, options, gate))
    }

    /// Application state over a store whose requests go through `services` (the
    /// store's own, wrapped by whatever the caller adds: see [`crate::service`]).
    pub fn with_services(
        store: Store,
        services: crate::service::Services,
        options: Options,
    ) -> App {
        let gate = Gate::open_or_closed(store.clone());
        App::build_with(store, services, options, gate)
    }

    fn build(store: Store, options: Options, gate: Gate) -> App {
        let services = crate::service::Services::over(&store);
        App::build_with(store, services, options, gate)
    }

    fn build_with(
        store: Store,
        services: crate::service::Services,
        options: Options,
        gate: Gate,
    ) -> App {
        let slots = std::thread::available_parallelism().map_or(2, |n| n.get());
        let requests = limits::RequestCap::new(options.limits.max_requests);
        let throttle = crate::auth::throttle::Throttle::new(options.throttle.clone());
        let sessions = Arc::new(sessions::Sessions::new(
            options.limits.max_uploads_per_repo,
            options.limits.max_uploads_per_user,
        ));
        if let (true, Some(log)) = (options.read_only, &services.pulls) {
            // A read-only server writes nothing, pull times included.
            log.disable();
        }
        App {
            inner: Arc::new(AppInner {
                store,
                requests,
                options,
                metrics: Metrics::default(),
                gate,
                hash_slots: tokio::sync::Semaphore::new(slots),
                services,
                throttle,
                sessions,
                ready: ops::ReadyProbe::default(),
            }),
        }
    }

    /// The live auth state.
    pub fn gate(&self) -> &Gate {
        &self.inner.gate
    }

    /// The auth settings.
    pub fn auth_config(&self) -> &AuthConfig {
        &self.inner.options.auth
    }

    /// How the server behaves.
    pub fn options(&self) -> &Options {
        &self.inner.options
    }

    /// The server's metrics.
    pub fn metrics(&self) -> &Metrics {
        &self.inner.metrics
    }

    /// The `/readyz` probe and its last outcome.
    pub fn ready(&self) -> &ops::ReadyProbe {
        &self.inner.ready
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// The cap on requests in flight.
    pub(crate) fn request_cap(&self) -> &limits::RequestCap {
        &self.inner.requests
    }

    /// The services the handlers call.
    pub fn services(&self) -> &crate::service::Services {
        &self.inner.services
    }

    /// Open upload sessions.
    pub(crate) fn sessions(&self) -> &Arc<sessions::Sessions> {
        &self.inner.sessions
    }

    /// The failed-login throttle.
    pub fn throttle(&self) -> &crate::auth::throttle::Throttle {
        &self.inner.throttle
    }
}

/// The router for the whole API, with `/healthz`, `/readyz` and `/metrics`.
pub fn router(app: App) -> Router {
    api_router(app, true)
}

/// The API router; `/metrics` only if `with_metrics` (it moves to its own listener
/// when one is configured).
fn api_router(app: App, with_metrics: bool) -> Router {
    let r = Router::new()
        .route("/v2", any(dispatch))
        .route("/v2/", any(dispatch))
        .route("/v2/{*path}", any(dispatch))
        .route("/token", any(authz::token_endpoint))
        .merge(ops::health_routes());
    let r = if with_metrics {
        r.merge(ops::guarded_metrics_routes())
    } else {
        r
    };
    // `observe` is the outermost layer, so it records the final status; middleware
    // added before it (authentication) runs inside and can name the user through
    // `access::RequestLog`.
    r.fallback(not_found)
        .layer(axum::middleware::map_response(api_version_header))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            access::observe,
        ))
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
    pub access: authz::Access,
    /// The address the request came from (`None` for in-process callers).
    pub client: Option<std::net::IpAddr>,
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
    // The route kind is tagged on every answer, refusals included, for the access
    // log and the metrics.
    let kind = RouteKind::of(&route);
    let mut resp = match authorize_and_handle(app, route, parts, body).await {
        Ok(r) => r,
        Err(e) => e.into_response(),
    };
    resp.extensions_mut().insert(kind);
    resp
}

async fn authorize_and_handle(
    app: App,
    route: Route,
    parts: axum::http::request::Parts,
    body: Body,
) -> Result<Response, ApiError> {
    if app.options().read_only && !matches!(parts.method, Method::GET | Method::HEAD) {
        return Err(read_only_refusal());
    }
    let log = parts.extensions.get::<access::RequestLog>().cloned();
    let client = parts.extensions.get::<listen::ClientAddr>().map(|c| c.0);
    let mut req = Req {
        method: parts.method,
        headers: parts.headers,
        query: Query::from_uri(&parts.uri),
        access: authz::Access::open(),
        client,
    };
    // Access is decided here, from the route, method and caller only: before any
    // storage lookup, so refusals never reveal whether a repository exists.
    let access = authz::check(&app, &route, &mut req).await?;
    if let (Some(log), Some(user)) = (&log, access.user()) {
        log.set_user(user);
    }
    req.access = access;
    handle(app, route, req, body).await
}

/// Records an API deletion in the deletion audit log, after it happened. A failure
/// cannot undo the deletion, and the client learns nothing useful from an error for
/// a delete that succeeded: the server's log gets the error and the entries instead
/// (docs/policy.md, "Deletion audit").
pub(crate) fn record_deletions(
    store: &Store,
    user: Option<&str>,
    deletions: impl IntoIterator<Item = crate::audit::Deletion>,
) {
    let mut rec = crate::audit::Recorder::new(store, crate::audit::Origin::api(user));
    for d in deletions {
        rec.record(d);
    }
    if let Err(e) = rec.flush() {
        e.log_unrecorded();
    }
}

/// The answer to a push or delete on a read-only registry.
fn read_only_refusal() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        Code::Unsupported,
        "this registry is read-only: pushes and deletes are disabled (serve --read-only)",
    )
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
            M::DELETE => manifests::delete(app, repo, reference, req).await,
            _ => Err(method_not_allowed()),
        },
        Route::Blob(repo, d) => match m {
            M::GET | M::HEAD => blobs::get(app, repo, d, req).await,
            M::DELETE => blobs::delete(app, repo, d, req).await,
            _ => Err(method_not_allowed()),
        },
        Route::UploadStart(repo) => match m {
            M::POST => uploads::start(app, repo, req, body).await,
            _ => Err(method_not_allowed()),
        },
        Route::Upload(repo, id) => match m {
            M::GET => uploads::status(app, repo, id, req).await,
            M::PATCH => uploads::patch(app, repo, id, req, body).await,
            M::PUT => uploads::put(app, repo, id, req, body).await,
            M::DELETE => uploads::cancel(app, repo, id, req).await,
            _ => Err(method_not_allowed()),
        },
    }
}

/// Serves the API on `config.listen` (and `/metrics` on `config.metrics_listen`)
/// until `shutdown` resolves, then stops accepting and lets the requests in flight
/// finish, for at most `options.shutdown_timeout`.
pub async fn serve(
    store: Store,
    config: ServerConfig,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    // Before binding: once clients can connect, SIGHUP must no longer be fatal.
    let hup = tls::Hangup::install();
    // A bad certificate fails the start before anything listens.
    let tls = match &config.tls {
        Some(files) => Some((files.clone(), files.acceptor()?)),
        None => None,
    };
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", config.listen))?;
    let metrics_listener = match config.metrics_listen {
        Some(addr) => Some(
            tokio::net::TcpListener::bind(addr)
                .await
                .map_err(|e| anyhow::anyhow!("cannot listen on {addr} (metrics): {e}"))?,
        ),
        None => None,
    };
    let app = App::try_with_options(store, config.options)?;
    let (stop, stopped) = shutdown_channel(shutdown);
    let _stop = AbortOnDrop(stop);
    let _usage = spawn_usage_refresh(&app);
    let _auth = spawn_auth_refresher(&app);
    let _sessions = spawn_session_sweeper(&app);
    let _pulls = spawn_pull_flusher(&app);
    let api = api_router(app.clone(), metrics_listener.is_none());
    let local = listener.local_addr()?;
    let scheme = if config.tls.is_some() {
        "https"
    } else {
        "http"
    };
    tracing::info!(listen = %local, scheme, store = %app.store().describe(), read_only = app.options().read_only, "registry serving");
    crate::auth::state::log_state(&app.gate().snapshot());
    let (main_stopped, metrics_stopped) = (stopped.clone(), stopped.clone());
    let main_app = app.clone();
    let main = async move {
        match tls {
            Some((files, acceptor)) => {
                let tls = tls::TlsListener::with_hangup(listener, files, acceptor, hup)?;
                listen::run_listener(tls, api, main_app, main_stopped).await
            }
            None => {
                let _hup = AbortOnDrop(tokio::spawn(tls::ignore_sighup(hup)));
                listen::run_listener(listener, api, main_app, main_stopped).await
            }
        }
    };
    let ops_app = app.clone();
    let metrics = async move {
        match metrics_listener {
            Some(l) => {
                tracing::info!(listen = %l.local_addr()?, "metrics serving");
                let router = ops::ops_router(ops_app.clone());
                listen::run_listener(l, router, ops_app, metrics_stopped).await
            }
            None => Ok(()),
        }
    };
    let both = async { tokio::try_join!(main, metrics).map(|_| ()) };
    finish_within(both, stopped, app.options().shutdown_timeout).await?;
    flush_pulls(&app).await;
    tracing::info!("registry stopped");
    Ok(())
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
    let (stop, stopped) = shutdown_channel(shutdown);
    let _stop = AbortOnDrop(stop);
    let _usage = spawn_usage_refresh(&app);
    let _auth = spawn_auth_refresher(&app);
    let _sessions = spawn_session_sweeper(&app);
    let _pulls = spawn_pull_flusher(&app);
    let serving = listen::run_listener(listener, router(app.clone()), app.clone(), stopped.clone());
    finish_within(serving, stopped, app.options().shutdown_timeout).await?;
    flush_pulls(&app).await;
    tracing::info!("registry stopped");
    Ok(())
}

/// Turns the shutdown future into a flag every listener can wait on.
fn shutdown_channel(
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> (
    tokio::task::JoinHandle<()>,
    tokio::sync::watch::Receiver<bool>,
) {
    let (tx, rx) = tokio::sync::watch::channel(false);
    let task = tokio::spawn(async move {
        shutdown.await;
        let _ = tx.send(true);
    });
    (task, rx)
}

async fn wait_stopped(mut rx: tokio::sync::watch::Receiver<bool>) {
    // An error means the sender is gone, which only happens after it sent `true`
    // or the server is being torn down: either way, stop.
    let _ = rx.wait_for(|stop| *stop).await;
}

/// Runs `serving` to completion, but once shutdown has been requested gives it at
/// most `timeout` more.
async fn finish_within(
    serving: impl std::future::Future<Output = anyhow::Result<()>>,
    stopped: tokio::sync::watch::Receiver<bool>,
    timeout: Duration,
) -> anyhow::Result<()> {
    let deadline = async {
        wait_stopped(stopped).await;
        tokio::time::sleep(timeout).await;
    };
    tokio::select! {
        r = serving => r,
        _ = deadline => {
            tracing::warn!(timeout = %humantime::format_duration(timeout), "requests still in flight at the shutdown timeout; abandoning them");
            Ok(())
        }
    }
}

/// Walks the store every `usage_interval` for the store gauges; aborted on drop.
fn spawn_usage_refresh(app: &App) -> AbortOnDrop {
    let app = app.clone();
    AbortOnDrop(tokio::spawn(async move {
        // Sleeping after each walk (not on a fixed tick) keeps a slow walk of a huge
        // store from running back to back.
        let refs = Arc::new(crate::policy::usage::RefCache::default());
        loop {
            let store = app.store().clone();
            match tokio::task::spawn_blocking(move || store.usage()).await {
                Ok(Ok(u)) => app.metrics().set_usage(&u),
                Ok(Err(e)) => tracing::warn!(error = %e, "measuring the store for /metrics failed"),
                Err(e) => tracing::warn!(error = %e, "measuring the store for /metrics panicked"),
            }
            let (store, refs2) = (app.store().clone(), refs.clone());
            match tokio::task::spawn_blocking(move || {
                crate::policy::usage::metrics_text(&store, &refs2)
            })
            .await
            {
                Ok(Ok(text)) => app.metrics().set_scopes(text),
                Ok(Err(e)) => {
                    tracing::warn!(error = %e, "measuring usage per organisation for /metrics failed")
                }
                Err(e) => {
                    tracing::warn!(error = %e, "measuring usage per organisation for /metrics panicked")
                }
            }
            tokio::time::sleep(app.options().usage_interval).await;
        }
    }))
}

/// Writes the pulls recorded in memory to the store every
/// [`crate::service::pulls::FLUSH_INTERVAL`]; aborted on drop (the server flushes once
/// more after its last request, [`flush_pulls`]).
fn spawn_pull_flusher(app: &App) -> AbortOnDrop {
    let app = app.clone();
    AbortOnDrop(tokio::spawn(async move {
        let mut tick = tokio::time::interval(crate::service::pulls::FLUSH_INTERVAL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            flush_pulls(&app).await;
        }
    }))
}

/// Writes the pending pull times to the store (a failure is logged; they stay
/// pending for the next flush).
async fn flush_pulls(app: &App) {
    let Some(log) = app.services().pulls.clone() else {
        return;
    };
    if log.pending() == 0 {
        return;
    }
    let store = app.store().clone();
    match tokio::task::spawn_blocking(move || log.flush(&store)).await {
        Ok(Ok(n)) => tracing::debug!(manifests = n, "pull times written"),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "writing pull times failed; they are kept for the next flush")
        }
        Err(e) => tracing::warn!(error = %e, "writing pull times panicked"),
    }
}

/// Lists the store's upload sessions every [`sessions::expiry_period`], removes the
/// idle ones (not on a read-only server) and re-counts them for the caps. Aborted on
/// drop.
fn spawn_session_sweeper(app: &App) -> AbortOnDrop {
    let app = app.clone();
    AbortOnDrop(tokio::spawn(async move {
        let expiry = app.options().limits.upload_expiry;
        let read_only = app.options().read_only;
        loop {
            let (sessions, store) = (app.sessions().clone(), app.store().clone());
            let pass = tokio::task::spawn_blocking(move || {
                sessions::pass(&sessions, &store, expiry, read_only)
            });
            if let Err(e) = pass.await {
                tracing::warn!(error = %e, "the upload session sweep panicked");
            }
            tokio::time::sleep(sessions::expiry_period(expiry)).await;
        }
    }))
}

/// Looks at the auth files every [`crate::auth::state::REFRESH_INTERVAL`] and reloads
/// them when they change, so edits by `registryctl acl|user|group` apply without a
/// restart. Aborted on drop.
fn spawn_auth_refresher(app: &App) -> AbortOnDrop {
    let app = app.clone();
    AbortOnDrop(tokio::spawn(async move {
        let mut tick = tokio::time::interval(crate::auth::state::REFRESH_INTERVAL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        let mut last_error: Option<String> = None;
        loop {
            tick.tick().await;
            let a = app.clone();
            match tokio::task::spawn_blocking(move || a.gate().refresh()).await {
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
    }))
}

/// Aborts a background task when dropped.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}
