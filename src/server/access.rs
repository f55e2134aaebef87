//! The access log and request metrics: one middleware around every request.
//!
//! It counts request body bytes as the handler reads them and response body bytes as
//! they are sent, and when the response body ends (or the client goes away) it
//! records the metrics and emits one `tracing` event with target `access`:
//! `method`, `path` (never the query string, which may carry tokens), `status`,
//! `route`, `bytes_in`, `bytes_out`, `duration_ms` and `user`. No header is ever
//! logged, so credentials never reach the log.
//!
//! # Naming the user
//!
//! Authentication names the user in either of two ways:
//! - from a handler or middleware inside this one, call
//!   `req.extensions().get::<RequestLog>()` and [`RequestLog::set_user`];
//! - or put an [`AuthenticatedUser`] into the response's extensions.

use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{Method, Uri};
use axum::middleware::Next;
use axum::response::Response;
use http_body::{Frame, SizeHint};

use super::metrics::RouteKind;
use super::App;

/// The authenticated user of a request, as a response extension (see the module doc).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthenticatedUser(pub String);

#[derive(Default)]
struct Shared {
    bytes_in: AtomicU64,
    user: OnceLock<String>,
}

/// Per-request access-log state, in the request's extensions.
#[derive(Clone, Default)]
pub struct RequestLog(Arc<Shared>);

impl RequestLog {
    /// Names the authenticated user in the access log. The first call wins.
    pub fn set_user(&self, user: impl Into<String>) {
        let _ = self.0.user.set(user.into());
    }
}

/// The middleware: see the module doc.
pub async fn observe(State(app): State<App>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let log = RequestLog::default();
    let (mut parts, body) = req.into_parts();
    let method = parts.method.clone();
    let uri = parts.uri.clone();
    let upload = uri.path().contains("/blobs/uploads");
    parts.extensions.insert(log.clone());
    let counted = Body::new(Counted {
        inner: body,
        counter: log.0.clone(),
    });
    let resp = {
        let metrics = app.metrics();
        let _in_flight = metrics.request_started();
        let _upload = upload.then(|| metrics.upload_started());
        next.run(Request::from_parts(parts, counted)).await
    };
    let (parts, body) = resp.into_parts();
    let route = parts
        .extensions
        .get::<RouteKind>()
        .copied()
        .unwrap_or(RouteKind::Other);
    if let Some(AuthenticatedUser(u)) = parts.extensions.get::<AuthenticatedUser>() {
        log.set_user(u.clone());
    }
    let done = Done {
        app,
        log,
        start,
        method,
        uri,
        route,
        status: parts.status.as_u16(),
        bytes_out: 0,
    };
    // Dropping the body (at its end, or when the client goes away) drops `done`,
    // which writes the record.
    Response::from_parts(
        parts,
        Body::new(Counted {
            inner: body,
            counter: done,
        }),
    )
}

/// A body that reports the size of each data frame as it passes through.
struct Counted<C: Count> {
    inner: Body,
    counter: C,
}

/// Where [`Counted`] adds the bytes it sees.
trait Count: Send + Unpin + 'static {
    fn add(&mut self, n: u64);
}

/// Request bodies count into the shared state the response side reads at the end.
impl Count for Arc<Shared> {
    fn add(&mut self, n: u64) {
        self.bytes_in.fetch_add(n, Relaxed);
    }
}

/// Response bodies count into the record that is written when they are dropped.
impl Count for Done {
    fn add(&mut self, n: u64) {
        self.bytes_out += n;
    }
}

impl<C: Count> http_body::Body for Counted<C> {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let poll = Pin::new(&mut self.inner).poll_frame(cx);
        if let Poll::Ready(Some(Ok(f))) = &poll {
            if let Some(d) = f.data_ref() {
                let n = d.len() as u64;
                self.counter.add(n);
            }
        }
        poll
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// What is logged when the response is over.
struct Done {
    app: App,
    log: RequestLog,
    start: Instant,
    method: Method,
    uri: Uri,
    route: RouteKind,
    status: u16,
    bytes_out: u64,
}

impl Drop for Done {
    fn drop(&mut self) {
        let elapsed = self.start.elapsed();
        let bytes_in = self.log.0.bytes_in.load(Relaxed);
        self.app.metrics().record(
            self.route,
            &self.method,
            self.status,
            bytes_in,
            self.bytes_out,
            elapsed,
        );
        // `path` and `user` are recorded as strings, which both log formats quote and
        // escape (control characters included); the user is a validated name anyway.
        tracing::info!(
            target: "access",
            method = %self.method,
            path = self.uri.path(),
            status = self.status,
            route = self.route.label(),
            bytes_in,
            bytes_out = self.bytes_out,
            duration_ms = elapsed.as_micros() as f64 / 1e3,
            user = self.log.0.user.get().map(String::as_str).unwrap_or("-"),
            "request"
        );
    }
}
