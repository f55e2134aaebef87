//! What bounds the work slow, idle or numerous clients can make the server hold: the
//! settings ([`Limits`]), the cap on requests in flight ([`RequestCap`], beyond which
//! requests are answered at once with `429 TOOMANYREQUESTS`), and the idle timeout of
//! request bodies ([`IdleBody`]). The connection-level bounds (header timeout, idle
//! connections, stalled responses, the connection cap) are in [`super::listen`].

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU32, Ordering::Relaxed};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use http_body::{Frame, SizeHint};

use super::error::{ApiError, Code};
use super::metrics::Timeout;
use super::App;

/// Limits on what clients can make the server hold (see `serve --help`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Requests in flight (from their headers to the end of their response body) at
    /// most; beyond, `429 TOOMANYREQUESTS`. The operator endpoints have a reserve of
    /// their own ([`OPS_RESERVE`]).
    pub max_requests: u32,
    /// Open connections at most; beyond, the server stops accepting until one closes.
    pub max_connections: u32,
    /// How long a client may take to send a request's headers (and a new connection
    /// its first request).
    pub header_timeout: Duration,
    /// How long a request or response body may make no progress, and a connection
    /// stay idle between requests.
    pub idle_timeout: Duration,
    /// Concurrent streams per HTTP/2 connection.
    pub h2_max_streams: u32,
    /// Open upload sessions per repository at most; beyond, `429 TOOMANYREQUESTS`.
    pub max_uploads_per_repo: u32,
    /// Open upload sessions per user (anonymous callers: per client address) at most.
    pub max_uploads_per_user: u32,
    /// An upload session with no bytes written for this long is removed.
    pub upload_expiry: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        use crate::config as c;
        Limits {
            max_requests: c::DEFAULT_MAX_REQUESTS,
            max_connections: c::DEFAULT_MAX_CONNECTIONS,
            header_timeout: c::DEFAULT_HEADER_TIMEOUT,
            idle_timeout: c::DEFAULT_IDLE_TIMEOUT,
            h2_max_streams: c::DEFAULT_H2_MAX_STREAMS,
            max_uploads_per_repo: c::DEFAULT_MAX_UPLOADS_PER_REPO,
            max_uploads_per_user: c::DEFAULT_MAX_UPLOADS_PER_USER,
            upload_expiry: c::DEFAULT_UPLOAD_EXPIRY,
        }
    }
}

/// Requests in flight to `/healthz`, `/readyz` and `/metrics` at most, counted apart
/// from the others so that probes are answered however busy the API is.
pub const OPS_RESERVE: u32 = 64;

/// What `Retry-After` says on a 429, in seconds.
const RETRY_AFTER_SECS: &str = "1";

/// The counts of requests in flight, API and operator endpoints apart.
pub(crate) struct RequestCap {
    api: Arc<Counter>,
    ops: Arc<Counter>,
}

struct Counter {
    now: AtomicU32,
    max: u32,
}

/// A request's place under the cap; dropping it frees the place.
pub(crate) struct Slot(Arc<Counter>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.now.fetch_sub(1, Relaxed);
    }
}

impl RequestCap {
    /// A cap of `max_requests` API requests (plus [`OPS_RESERVE`]).
    pub(crate) fn new(max_requests: u32) -> RequestCap {
        let counter = |max| {
            Arc::new(Counter {
                now: AtomicU32::new(0),
                max,
            })
        };
        RequestCap {
            api: counter(max_requests),
            ops: counter(OPS_RESERVE),
        }
    }

    /// Appends the gauges of the cap to a `/metrics` text.
    pub(crate) fn render(&self, out: &mut String) {
        use std::fmt::Write as _;
        let name = "registryctl_http_requests_open";
        // Writing to a String cannot fail.
        let _ = writeln!(
            out,
            "# HELP {name} Requests holding a place under the request cap, from their headers to the end of their response body (endpoint: api, or ops for /healthz, /readyz, /metrics).\n# TYPE {name} gauge"
        );
        for (label, c) in [("api", &self.api), ("ops", &self.ops)] {
            let _ = writeln!(
                out,
                "{name}{{endpoint=\"{label}\"}} {}",
                c.now.load(Relaxed)
            );
        }
        let name = "registryctl_http_requests_max";
        let _ = writeln!(
            out,
            "# HELP {name} The request cap (--max-requests; ops: the reserve of the operator endpoints).\n# TYPE {name} gauge"
        );
        for (label, c) in [("api", &self.api), ("ops", &self.ops)] {
            let _ = writeln!(out, "{name}{{endpoint=\"{label}\"}} {}", c.max);
        }
    }

    /// A place for a request to `path`, or `None` when its share is full.
    pub(crate) fn try_acquire(&self, path: &str) -> Option<Slot> {
        let c = if is_ops(path) { &self.ops } else { &self.api };
        c.now
            .fetch_update(Relaxed, Relaxed, |n| (n < c.max).then_some(n + 1))
            .ok()
            .map(|_| Slot(c.clone()))
    }
}

/// The operator endpoints, which have their own reserve under the request cap.
pub(crate) fn is_ops(path: &str) -> bool {
    matches!(path, "/healthz" | "/readyz" | "/metrics")
}

/// The answer to a request beyond the cap: `429 TOOMANYREQUESTS` with `Retry-After`.
pub(crate) fn too_many_requests() -> Response {
    let mut resp = ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        Code::TooManyRequests,
        "too many requests in flight; retry later",
    )
    .header("retry-after", RETRY_AFTER_SECS)
    .into_response();
    resp.headers_mut().insert(
        "docker-distribution-api-version",
        axum::http::HeaderValue::from_static("registry/2.0"),
    );
    resp
}

/// What [`drain`] reads and discards of a refused request body at most.
pub(crate) const DRAIN_LIMIT: u64 = 16 * 1024 * 1024;

/// How long [`drain`] reads at most.
const DRAIN_TIME: Duration = Duration::from_secs(10);

/// Reads and discards the rest of a request body that will not be used, up to
/// [`DRAIN_LIMIT`] bytes and [`DRAIN_TIME`], so that a client which writes its whole
/// body before reading the answer gets the answer rather than a reset (a server that
/// closes a connection with unread bytes makes the kernel send RST). Returns whether
/// the body ended; if not, the caller should answer with `Connection: close`.
pub(crate) async fn drain<S, E>(stream: &mut S) -> bool
where
    S: futures_util::Stream<Item = Result<Bytes, E>> + Unpin,
{
    use futures_util::StreamExt;
    let read = async {
        let mut seen = 0u64;
        while let Some(item) = stream.next().await {
            match item {
                Ok(chunk) => {
                    seen += chunk.len() as u64;
                    if seen > DRAIN_LIMIT {
                        return false;
                    }
                }
                Err(_) => return false,
            }
        }
        true
    };
    tokio::time::timeout(DRAIN_TIME, read)
        .await
        .unwrap_or(false)
}

/// Whether the client waits for `100 Continue` before sending its body: then a
/// refusal is answered without reading (which would ask for the body).
pub(crate) fn expects_continue(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get("expect")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("100-continue"))
}

/// A request body that fails when the client sends nothing for `timeout` while the
/// handler waits for it. The clock runs only while the handler is waiting on the
/// client (the inner body is pending), never while the server itself is busy.
pub(crate) struct IdleBody<B> {
    inner: B,
    timeout: Duration,
    /// Allocated once, on the first wait, and reset on every later one.
    sleep: Option<Pin<Box<tokio::time::Sleep>>>,
    armed: bool,
    app: Option<App>,
}

impl<B> IdleBody<B> {
    /// Wraps `inner`; a timeout is counted in `app`'s metrics.
    pub(crate) fn new(inner: B, timeout: Duration, app: App) -> IdleBody<B> {
        IdleBody {
            inner,
            timeout,
            sleep: None,
            armed: false,
            app: Some(app),
        }
    }
}

/// The error a request body ends with when it stalls.
#[derive(Debug, thiserror::Error)]
#[error("the client sent nothing for {0:?}")]
pub(crate) struct BodyStalled(Duration);

impl<B> http_body::Body for IdleBody<B>
where
    B: http_body::Body<Data = Bytes> + Unpin,
    B::Error: Into<axum::BoxError>,
{
    type Data = Bytes;
    type Error = axum::BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::BoxError>>> {
        let this = &mut *self;
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(r) => {
                this.armed = false;
                Poll::Ready(r.map(|f| f.map_err(Into::into)))
            }
            Poll::Pending => {
                let deadline = tokio::time::Instant::now() + this.timeout;
                let sleep = this
                    .sleep
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
                if !this.armed {
                    sleep.as_mut().reset(deadline);
                    this.armed = true;
                }
                if sleep.as_mut().poll(cx).is_ready() {
                    // Counted once, even if the handler polls again.
                    if let Some(app) = this.app.take() {
                        app.metrics().timed_out(Timeout::IdleBody);
                    }
                    return Poll::Ready(Some(Err(BodyStalled(this.timeout).into())));
                }
                Poll::Pending
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_counts_api_and_ops_apart() {
        let cap = RequestCap::new(2);
        let a = cap.try_acquire("/v2/");
        let b = cap.try_acquire("/v2/x/manifests/y");
        assert!(a.is_some() && b.is_some());
        assert!(cap.try_acquire("/v2/").is_none());
        // The probes still have their reserve.
        let probes: Vec<_> = (0..OPS_RESERVE)
            .map(|_| cap.try_acquire("/readyz"))
            .collect();
        assert!(probes.iter().all(Option::is_some));
        assert!(cap.try_acquire("/healthz").is_none());
        drop(a);
        assert!(cap.try_acquire("/v2/").is_some());
    }
}
