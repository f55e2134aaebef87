//! The accept loop and each connection: HTTP/1 and HTTP/2 (by ALPN or prior
//! knowledge) through hyper-util's `auto` builder, with every wait on a client bounded.
//!
//! - At most `max_connections` connections are open: at the cap the loop stops
//!   accepting (new connections wait in the kernel's backlog) until one closes.
//! - HTTP/1 headers must arrive within `header_timeout` (hyper's own timer); a new
//!   connection (HTTP/1 or HTTP/2) that has not started a request by then is closed.
//! - A connection with no request in flight for `idle_timeout` is closed (gracefully:
//!   a `GOAWAY` on HTTP/2).
//! - A response that the client stopped reading is detected by a watchdog, since
//!   nothing polls a body that cannot be sent: while some response piece is with the
//!   client and nothing at all was written to the socket for `idle_timeout`, the
//!   connection is closed. (Request bodies time out on their own, see
//!   [`super::limits::IdleBody`].)
//! - Every request takes a place under the request cap ([`super::limits::RequestCap`])
//!   until its response body is done, or is answered `429` at once.
//!
//! Shutdown is graceful as with `axum::serve`: the listener is dropped (no new
//! connections), every connection is asked to finish what it is doing
//! (`graceful_shutdown`), and the loop returns when the last one has closed.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering::Relaxed};
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::response::Response;
use axum::Router;
use http_body::{Frame, SizeHint};
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};

use super::limits::{self, IdleBody, Limits, Slot};
use super::metrics::{RouteKind, Timeout};
use super::App;

/// After a connection was asked to close, how long it may take before it is dropped
/// (once no request is in flight on it).
const DRAIN_GRACE: Duration = Duration::from_secs(1);

/// How often the accept loop may warn that the connection cap was reached.
const CAP_WARN_INTERVAL: Duration = Duration::from_secs(60);

/// Serves `router` on `listener` until `stopped`, then finishes gracefully (see the
/// module doc).
pub(crate) async fn run_listener<L>(
    mut listener: L,
    router: Router,
    app: App,
    stopped: watch::Receiver<bool>,
) -> anyhow::Result<()>
where
    L: axum::serve::Listener<Addr = std::net::SocketAddr>,
{
    let limits = app.options().limits.clone();
    let builder = Arc::new(builder(&limits));
    let slots = Arc::new(Semaphore::new(limits.max_connections as usize));
    let stop = super::wait_stopped(stopped.clone());
    tokio::pin!(stop);
    let mut warned: Option<Instant> = None;
    loop {
        if slots.available_permits() == 0 {
            app.metrics().accept_paused();
            if warned.map_or(true, |t| t.elapsed() >= CAP_WARN_INTERVAL) {
                tracing::warn!(
                    max_connections = limits.max_connections,
                    "connection cap reached; accepting paused until a connection closes"
                );
                warned = Some(Instant::now());
            }
        }
        let permit = tokio::select! {
            p = slots.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break, // never closed
            },
            () = &mut stop => break,
        };
        let (io, peer) = tokio::select! {
            c = listener.accept() => c,
            () = &mut stop => break,
        };
        tokio::spawn(connection(
            io,
            ClientAddr(peer.ip()),
            builder.clone(),
            router.clone(),
            app.clone(),
            stopped.clone(),
            permit,
        ));
    }
    drop(listener);
    // Each connection holds a permit until it has closed.
    let _all_closed = slots.acquire_many(limits.max_connections).await;
    Ok(())
}

fn builder(limits: &Limits) -> auto::Builder<TokioExecutor> {
    let mut b = auto::Builder::new(TokioExecutor::new());
    b.http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    b.http2()
        .timer(TokioTimer::new())
        .max_concurrent_streams(limits.h2_max_streams);
    b
}

/// How often a connection's watchdog looks at it: a quarter of the shortest timeout,
/// so that a timeout is acted on within 25% of its length.
fn tick_period(limits: &Limits) -> Duration {
    (limits.header_timeout.min(limits.idle_timeout) / 4)
        .clamp(Duration::from_millis(50), Duration::from_secs(1))
}

/// The address a request came from (its connection's peer), in the request's
/// extensions; the failed-login throttle keys on it. Behind a proxy it is the proxy's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ClientAddr(pub std::net::IpAddr);

async fn connection<I>(
    io: I,
    peer: ClientAddr,
    builder: Arc<auto::Builder<TokioExecutor>>,
    router: Router,
    app: App,
    stopped: watch::Receiver<bool>,
    _permit: OwnedSemaphorePermit,
) where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let _open = app.metrics().connection_opened();
    let limits = app.options().limits.clone();
    let state = Arc::new(ConnState::new());
    let io = TokioIo::new(Watched {
        inner: io,
        conn: state.clone(),
    });
    let service = ConnService {
        router,
        app: app.clone(),
        conn: state.clone(),
        peer,
    };
    let conn = builder.serve_connection(io, service);
    tokio::pin!(conn);
    let mut tick = tokio::time::interval(tick_period(&limits));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let stop = super::wait_stopped(stopped);
    tokio::pin!(stop);
    let mut draining: Option<Instant> = None;
    loop {
        tokio::select! {
            r = conn.as_mut() => {
                if let Err(e) = r {
                    let timeout = e
                        .downcast_ref::<hyper::Error>()
                        .is_some_and(hyper::Error::is_timeout);
                    if timeout {
                        app.metrics().timed_out(Timeout::Header);
                    }
                    tracing::debug!(error = %e, "connection ended with an error");
                }
                return;
            }
            () = &mut stop, if draining.is_none() => {
                conn.as_mut().graceful_shutdown();
                draining = Some(Instant::now());
            }
            _ = tick.tick() => {
                if let Some(t) = draining {
                    if state.in_flight.load(Relaxed) == 0 && t.elapsed() >= DRAIN_GRACE {
                        return;
                    }
                }
                match state.verdict(&limits, now_ms()) {
                    Verdict::Busy => {}
                    Verdict::Idle(kind) => {
                        if draining.is_none() {
                            app.metrics().timed_out(kind);
                            conn.as_mut().graceful_shutdown();
                            draining = Some(Instant::now());
                        }
                    }
                    Verdict::Stalled => {
                        app.metrics().timed_out(Timeout::StalledResponse);
                        tracing::debug!(idle_timeout = ?limits.idle_timeout, "closing a connection whose client stopped reading");
                        return;
                    }
                }
            }
        }
    }
}

/// Milliseconds since the first call: the coarse clock of the watchdogs.
fn now_ms() -> u64 {
    static START: OnceLock<Instant> = OnceLock::new();
    let start = START.get_or_init(Instant::now);
    u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// What a connection's watchdog knows of it.
struct ConnState {
    /// Requests in flight (from their headers to the end of their response body).
    in_flight: AtomicUsize,
    /// Response bodies whose last piece is with the client, waiting to be sent.
    with_client: AtomicUsize,
    /// The last sign of life ([`now_ms`]): opened, a request started or ended, a
    /// response piece was handed over, bytes were written to the socket.
    last_progress: AtomicU64,
    /// Whether a request has started on it.
    served_any: AtomicBool,
}

/// The watchdog's reading of a connection.
enum Verdict {
    /// Nothing to do.
    Busy,
    /// No request in flight for too long: close it gracefully.
    Idle(Timeout),
    /// A response is waiting on a client that has not read anything for too long.
    Stalled,
}

impl ConnState {
    fn new() -> ConnState {
        ConnState {
            in_flight: AtomicUsize::new(0),
            with_client: AtomicUsize::new(0),
            last_progress: AtomicU64::new(now_ms()),
            served_any: AtomicBool::new(false),
        }
    }

    fn touch(&self) {
        self.last_progress.store(now_ms(), Relaxed);
    }

    fn verdict(&self, limits: &Limits, now: u64) -> Verdict {
        let quiet = Duration::from_millis(now.saturating_sub(self.last_progress.load(Relaxed)));
        if self.in_flight.load(Relaxed) == 0 {
            let (limit, kind) = if self.served_any.load(Relaxed) {
                (limits.idle_timeout, Timeout::IdleConnection)
            } else {
                (limits.header_timeout, Timeout::Header)
            };
            if quiet >= limit {
                return Verdict::Idle(kind);
            }
        } else if self.with_client.load(Relaxed) > 0 && quiet >= limits.idle_timeout {
            return Verdict::Stalled;
        }
        Verdict::Busy
    }
}

/// The socket, noting every successful write as progress.
struct Watched<I> {
    inner: I,
    conn: Arc<ConnState>,
}

impl<I: AsyncRead + Unpin> AsyncRead for Watched<I> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<I: AsyncWrite + Unpin> Watched<I> {
    fn noted(&self, r: Poll<std::io::Result<usize>>) -> Poll<std::io::Result<usize>> {
        if let Poll::Ready(Ok(n)) = &r {
            if *n > 0 {
                self.conn.touch();
            }
        }
        r
    }
}

impl<I: AsyncWrite + Unpin> AsyncWrite for Watched<I> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let r = Pin::new(&mut self.inner).poll_write(cx, buf);
        self.noted(r)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let r = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        self.noted(r)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// A request in flight on a connection, until dropped (with its response body).
struct Active(Arc<ConnState>);

impl Active {
    fn start(conn: Arc<ConnState>) -> Active {
        conn.in_flight.fetch_add(1, Relaxed);
        conn.served_any.store(true, Relaxed);
        conn.touch();
        Active(conn)
    }
}

impl Drop for Active {
    fn drop(&mut self) {
        self.0.touch();
        self.0.in_flight.fetch_sub(1, Relaxed);
    }
}

/// The per-connection service: the request cap, the request body's idle timeout,
/// then the router; the response body carries the request's place and tells the
/// watchdog when a piece is with the client.
#[derive(Clone)]
struct ConnService {
    router: Router,
    app: App,
    conn: Arc<ConnState>,
    peer: ClientAddr,
}

impl hyper::service::Service<hyper::Request<Incoming>> for ConnService {
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn call(&self, mut req: hyper::Request<Incoming>) -> Self::Future {
        req.extensions_mut().insert(self.peer);
        let active = Active::start(self.conn.clone());
        let Some(slot) = self.app.request_cap().try_acquire(req.uri().path()) else {
            let resp = rejected(&self.app, &req);
            return Box::pin(std::future::ready(Ok(
                resp.map(|b| Body::new(Tracked::new(b, active, None)))
            )));
        };
        let idle = self.app.options().limits.idle_timeout;
        let req = req.map(|b| Body::new(IdleBody::new(b, idle, self.app.clone())));
        let mut router = self.router.clone();
        Box::pin(async move {
            // A Router is always ready: no `poll_ready` needed before `call`.
            let resp = match tower_service::Service::call(&mut router, req).await {
                Ok(r) => r,
                Err(never) => match never {},
            };
            Ok(resp.map(|b| Body::new(Tracked::new(b, active, Some(slot)))))
        })
    }
}

/// Answers a request beyond the cap, and counts it.
fn rejected(app: &App, req: &hyper::Request<Incoming>) -> Response {
    let path = req.uri().path();
    let route = if limits::is_ops(path) {
        RouteKind::Ops
    } else {
        match super::routes::parse(path) {
            Ok(Some(r)) => RouteKind::of(&r),
            _ => RouteKind::Other,
        }
    };
    let metrics = app.metrics();
    metrics.rejected();
    metrics.record(route, req.method(), 429, 0, 0, Duration::ZERO);
    tracing::debug!(method = %req.method(), path, "request cap reached: 429");
    limits::too_many_requests()
}

/// A response body that holds its request's place under the cap and tells the
/// connection's watchdog whether its last piece is with the client (handed to hyper
/// to send) or with the server (being produced).
struct Tracked {
    inner: Body,
    active: Active,
    _slot: Option<Slot>,
    with_client: bool,
}

impl Tracked {
    fn new(inner: Body, active: Active, slot: Option<Slot>) -> Tracked {
        // The head is with the client from the start: a client that never reads
        // (or an HTTP/2 stream with no window) never has the body polled at all.
        active.0.with_client.fetch_add(1, Relaxed);
        Tracked {
            inner,
            active,
            _slot: slot,
            with_client: true,
        }
    }

    fn set_with_client(&mut self, yes: bool) {
        if self.with_client == yes {
            return;
        }
        self.with_client = yes;
        let conn = &self.active.0;
        if yes {
            conn.touch();
            conn.with_client.fetch_add(1, Relaxed);
        } else {
            conn.with_client.fetch_sub(1, Relaxed);
        }
    }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        self.set_with_client(false);
    }
}

impl http_body::Body for Tracked {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        // Asked for more: the client took the last piece.
        self.set_with_client(false);
        let poll = Pin::new(&mut self.inner).poll_frame(cx);
        if let Poll::Ready(Some(Ok(_))) = &poll {
            self.set_with_client(true);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> Limits {
        Limits {
            header_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
            ..Limits::default()
        }
    }

    #[test]
    fn the_watchdog_tells_idle_from_stalled_from_busy() {
        let l = limits();
        let c = ConnState::new();
        let t0 = c.last_progress.load(Relaxed);
        // A new connection with no request: the header timeout applies.
        assert!(matches!(c.verdict(&l, t0 + 9_000), Verdict::Busy));
        assert!(matches!(
            c.verdict(&l, t0 + 10_000),
            Verdict::Idle(Timeout::Header)
        ));
        // A request in flight whose response is with the server (no piece handed
        // over): never stalled, however long it takes.
        c.in_flight.store(1, Relaxed);
        c.served_any.store(true, Relaxed);
        assert!(matches!(c.verdict(&l, t0 + 600_000), Verdict::Busy));
        // A piece with the client and nothing written for the idle timeout: stalled.
        c.with_client.store(1, Relaxed);
        assert!(matches!(c.verdict(&l, t0 + 59_000), Verdict::Busy));
        assert!(matches!(c.verdict(&l, t0 + 60_000), Verdict::Stalled));
        // Done, and idle between requests: the idle timeout applies.
        c.with_client.store(0, Relaxed);
        c.in_flight.store(0, Relaxed);
        assert!(matches!(c.verdict(&l, t0 + 30_000), Verdict::Busy));
        assert!(matches!(
            c.verdict(&l, t0 + 60_000),
            Verdict::Idle(Timeout::IdleConnection)
        ));
    }

    #[test]
    fn ticks_are_a_quarter_of_the_shortest_timeout_within_bounds() {
        let mut l = limits();
        assert_eq!(tick_period(&l), Duration::from_secs(1));
        l.header_timeout = Duration::from_secs(1);
        assert_eq!(tick_period(&l), Duration::from_millis(250));
        l.idle_timeout = Duration::from_millis(10);
        assert_eq!(tick_period(&l), Duration::from_millis(50));
    }
}
