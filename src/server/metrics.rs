//! Prometheus metrics, kept in plain atomics and rendered in the text exposition
//! format (version 0.0.4) on `/metrics`.
//!
//! Recording a request is a handful of relaxed atomic adds into fixed arrays indexed by
//! route kind, method and status: no lock, no map lookup, no allocation. Store totals
//! are gauges refreshed by a background walk (see `Options::usage_interval`), never
//! computed during a scrape.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering::Relaxed};
use std::time::Duration;

use axum::http::Method;

use crate::storage::Usage;

/// The kind of endpoint a request addressed: the `route` label of every metric and
/// a field of the access log. The dispatcher puts it in the response's extensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteKind {
    /// `/v2/`.
    Base,
    /// `/v2/_catalog`.
    Catalog,
    /// `/v2/<name>/tags/list`.
    Tags,
    /// `/v2/<name>/manifests/<reference>`.
    Manifest,
    /// `/v2/<name>/blobs/<digest>`.
    Blob,
    /// `/v2/<name>/blobs/uploads/` (start or monolithic upload).
    UploadStart,
    /// `/v2/<name>/blobs/uploads/<id>` (chunks, close, status, cancel).
    Upload,
    /// `/v2/<name>/referrers/<digest>`.
    Referrers,
    /// `/healthz`, `/readyz`, `/metrics`.
    Ops,
    /// Anything else (unknown paths, invalid names).
    Other,
}

impl RouteKind {
    const ALL: [RouteKind; 10] = [
        RouteKind::Base,
        RouteKind::Catalog,
        RouteKind::Tags,
        RouteKind::Manifest,
        RouteKind::Blob,
        RouteKind::UploadStart,
        RouteKind::Upload,
        RouteKind::Referrers,
        RouteKind::Ops,
        RouteKind::Other,
    ];

    /// The kind of a parsed route.
    pub fn of(route: &super::routes::Route) -> RouteKind {
        use super::routes::Route as R;
        match route {
            R::Base => RouteKind::Base,
            R::Catalog => RouteKind::Catalog,
            R::Tags(_) => RouteKind::Tags,
            R::Manifest(..) => RouteKind::Manifest,
            R::Blob(..) => RouteKind::Blob,
            R::UploadStart(_) => RouteKind::UploadStart,
            R::Upload(..) => RouteKind::Upload,
            R::Referrers(..) => RouteKind::Referrers,
        }
    }

    /// The label value.
    pub fn label(self) -> &'static str {
        match self {
            RouteKind::Base => "base",
            RouteKind::Catalog => "catalog",
            RouteKind::Tags => "tags",
            RouteKind::Manifest => "manifest",
            RouteKind::Blob => "blob",
            RouteKind::UploadStart => "upload_start",
            RouteKind::Upload => "upload",
            RouteKind::Referrers => "referrers",
            RouteKind::Ops => "ops",
            RouteKind::Other => "other",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

const METHODS: [&str; 7] = ["GET", "HEAD", "PUT", "POST", "PATCH", "DELETE", "OTHER"];

fn method_index(m: &Method) -> usize {
    match *m {
        Method::GET => 0,
        Method::HEAD => 1,
        Method::PUT => 2,
        Method::POST => 3,
        Method::PATCH => 4,
        Method::DELETE => 5,
        _ => 6,
    }
}

/// Statuses 100..=599 each have a slot.
const STATUSES: usize = 500;

/// Upper bounds of the latency histogram's buckets, in seconds (`+Inf` is implied).
const BUCKETS: [f64; 14] = [
    0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0,
];
/// [`BUCKETS`] in nanoseconds, for the integer comparison on the hot path.
const BUCKET_NANOS: [u64; 14] = [
    1_000_000,
    5_000_000,
    10_000_000,
    25_000_000,
    50_000_000,
    100_000_000,
    250_000_000,
    500_000_000,
    1_000_000_000,
    2_500_000_000,
    5_000_000_000,
    10_000_000_000,
    30_000_000_000,
    60_000_000_000,
];

const ROUTES: usize = RouteKind::ALL.len();

/// Why the server gave up on a client (the `kind` label of
/// `registryctl_http_timeouts_total`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timeout {
    /// A request's headers (or a new connection's first request) took longer than
    /// the header timeout: the connection is closed.
    Header,
    /// A request body made no progress for the idle timeout: the request fails.
    IdleBody,
    /// A response the client stopped reading made no progress for the idle timeout:
    /// the connection is closed.
    StalledResponse,
    /// A connection had no request for the idle timeout: it is closed.
    IdleConnection,
}

impl Timeout {
    const ALL: [Timeout; 4] = [
        Timeout::Header,
        Timeout::IdleBody,
        Timeout::StalledResponse,
        Timeout::IdleConnection,
    ];

    fn label(self) -> &'static str {
        match self {
            Timeout::Header => "header",
            Timeout::IdleBody => "idle_body",
            Timeout::StalledResponse => "stalled_response",
            Timeout::IdleConnection => "idle_connection",
        }
    }
}

/// All counters and gauges of one server.
pub struct Metrics {
    /// `[route][method][status - 100]`.
    requests: Box<[AtomicU64]>,
    /// `[route][bucket]`, non-cumulative; the last slot is `+Inf`.
    latency: Box<[AtomicU64]>,
    latency_sum_nanos: [AtomicU64; ROUTES],
    bytes_in: [AtomicU64; ROUTES],
    bytes_out: [AtomicU64; ROUTES],
    in_flight: AtomicI64,
    uploads_in_flight: AtomicI64,
    store_blobs: AtomicU64,
    store_bytes: AtomicU64,
    upload_sessions: AtomicU64,
    usage_refreshed_unix: AtomicU64,
    rejected: AtomicU64,
    timeouts: [AtomicU64; Timeout::ALL.len()],
    connections: AtomicI64,
    accept_paused: AtomicU64,
    /// Per-organisation usage and quota gauges, rendered by the background walk
    /// (`crate::policy::usage::render_metrics`) and appended as they are.
    scopes: std::sync::Mutex<String>,
}

fn zeros(n: usize) -> Box<[AtomicU64]> {
    (0..n).map(|_| AtomicU64::new(0)).collect()
}

impl Default for Metrics {
    fn default() -> Metrics {
        Metrics {
            requests: zeros(ROUTES * METHODS.len() * STATUSES),
            latency: zeros(ROUTES * (BUCKETS.len() + 1)),
            latency_sum_nanos: Default::default(),
            bytes_in: Default::default(),
            bytes_out: Default::default(),
            in_flight: AtomicI64::new(0),
            uploads_in_flight: AtomicI64::new(0),
            store_blobs: AtomicU64::new(0),
            store_bytes: AtomicU64::new(0),
            upload_sessions: AtomicU64::new(0),
            usage_refreshed_unix: AtomicU64::new(0),
            rejected: AtomicU64::new(0),
            timeouts: Default::default(),
            connections: AtomicI64::new(0),
            accept_paused: AtomicU64::new(0),
            scopes: Default::default(),
        }
    }
}

/// Decrements an in-flight gauge when dropped (so an aborted request still counts
/// down).
pub(crate) struct InFlight<'a>(&'a AtomicI64);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Relaxed);
    }
}

impl Metrics {
    /// Records a finished request.
    pub fn record(
        &self,
        route: RouteKind,
        method: &Method,
        status: u16,
        bytes_in: u64,
        bytes_out: u64,
        elapsed: Duration,
    ) {
        let r = route.index();
        let s = usize::from(status.clamp(100, 599) - 100);
        let i = (r * METHODS.len() + method_index(method)) * STATUSES + s;
        self.requests[i].fetch_add(1, Relaxed);
        let nanos = u64::try_from(elapsed.as_nanos()).unwrap_or(u64::MAX);
        let b = BUCKET_NANOS
            .iter()
            .position(|&le| nanos <= le)
            .unwrap_or(BUCKETS.len());
        self.latency[r * (BUCKETS.len() + 1) + b].fetch_add(1, Relaxed);
        self.latency_sum_nanos[r].fetch_add(nanos, Relaxed);
        self.bytes_in[r].fetch_add(bytes_in, Relaxed);
        self.bytes_out[r].fetch_add(bytes_out, Relaxed);
    }

    /// Counts a request in flight until the guard is dropped.
    pub(crate) fn request_started(&self) -> InFlight<'_> {
        self.in_flight.fetch_add(1, Relaxed);
        InFlight(&self.in_flight)
    }

    /// Counts an upload request (body being received) until the guard is dropped.
    pub(crate) fn upload_started(&self) -> InFlight<'_> {
        self.uploads_in_flight.fetch_add(1, Relaxed);
        InFlight(&self.uploads_in_flight)
    }

    /// Counts a request answered `429` because the request cap was reached.
    pub(crate) fn rejected(&self) {
        self.rejected.fetch_add(1, Relaxed);
    }

    /// Counts a client the server gave up on.
    pub(crate) fn timed_out(&self, kind: Timeout) {
        self.timeouts[kind as usize].fetch_add(1, Relaxed);
    }

    /// Counts an open connection until the guard is dropped.
    pub(crate) fn connection_opened(&self) -> InFlight<'_> {
        self.connections.fetch_add(1, Relaxed);
        InFlight(&self.connections)
    }

    /// Counts a pause in accepting because the connection cap was reached.
    pub(crate) fn accept_paused(&self) {
        self.accept_paused.fetch_add(1, Relaxed);
    }

    /// Publishes the result of a walk of the store.
    pub fn set_usage(&self, u: &Usage) {
        self.store_blobs.store(u.blobs, Relaxed);
        self.store_bytes.store(u.blob_bytes, Relaxed);
        self.upload_sessions.store(u.upload_sessions, Relaxed);
        self.usage_refreshed_unix
            .store(crate::storage::unix_now(), Relaxed);
    }

    /// Publishes the scope usage and quota gauges of a background walk.
    pub fn set_scopes(&self, text: String) {
        *self.scopes.lock().unwrap_or_else(|p| p.into_inner()) = text;
    }

    /// The text exposition of every metric.
    pub fn render(&self) -> String {
        let mut out = String::with_capacity(16 * 1024);
        // Writing to a String cannot fail; the results are ignored for that reason.
        let o = &mut out;
        let _ = writeln!(o, "# HELP registryctl_build_info Build information.");
        let _ = writeln!(o, "# TYPE registryctl_build_info gauge");
        let _ = writeln!(
            o,
            "registryctl_build_info{{version=\"{}\"}} 1",
            env!("CARGO_PKG_VERSION")
        );

        header(
            o,
            "registryctl_http_requests_total",
            "counter",
            "HTTP requests by route kind, method and status.",
        );
        for route in RouteKind::ALL {
            for (mi, method) in METHODS.iter().enumerate() {
                for s in 0..STATUSES {
                    let i = (route.index() * METHODS.len() + mi) * STATUSES + s;
                    let n = self.requests[i].load(Relaxed);
                    if n > 0 {
                        let _ = writeln!(
                            o,
                            "registryctl_http_requests_total{{route=\"{}\",method=\"{method}\",status=\"{}\"}} {n}",
                            route.label(),
                            s + 100
                        );
                    }
                }
            }
        }

        let name = "registryctl_http_request_duration_seconds";
        header(
            o,
            name,
            "histogram",
            "Time from receiving a request to the end of its response body.",
        );
        for route in RouteKind::ALL {
            let r = route.index();
            let l = route.label();
            let mut cumulative = 0;
            for (b, le) in BUCKETS.iter().enumerate() {
                cumulative += self.latency[r * (BUCKETS.len() + 1) + b].load(Relaxed);
                let _ = writeln!(o, "{name}_bucket{{route=\"{l}\",le=\"{le}\"}} {cumulative}");
            }
            cumulative += self.latency[r * (BUCKETS.len() + 1) + BUCKETS.len()].load(Relaxed);
            let _ = writeln!(o, "{name}_bucket{{route=\"{l}\",le=\"+Inf\"}} {cumulative}");
            let sum = self.latency_sum_nanos[r].load(Relaxed) as f64 / 1e9;
            let _ = writeln!(o, "{name}_sum{{route=\"{l}\"}} {sum}");
            let _ = writeln!(o, "{name}_count{{route=\"{l}\"}} {cumulative}");
        }

        for (name, help, arr) in [
            (
                "registryctl_http_request_bytes_total",
                "Request body bytes received.",
                &self.bytes_in,
            ),
            (
                "registryctl_http_response_bytes_total",
                "Response body bytes sent.",
                &self.bytes_out,
            ),
        ] {
            header(o, name, "counter", help);
            for route in RouteKind::ALL {
                let n = arr[route.index()].load(Relaxed);
                let _ = writeln!(o, "{name}{{route=\"{}\"}} {n}", route.label());
            }
        }

        for (name, help, v) in [
            (
                "registryctl_http_rejected_total",
                "Requests answered 429 TOOMANYREQUESTS because the request cap (--max-requests) was reached.",
                &self.rejected,
            ),
            (
                "registryctl_http_accept_paused_total",
                "Times accepting paused because the connection cap (--max-connections) was reached.",
                &self.accept_paused,
            ),
        ] {
            header(o, name, "counter", help);
            let _ = writeln!(o, "{name} {}", v.load(Relaxed));
        }
        let name = "registryctl_http_timeouts_total";
        header(
            o,
            name,
            "counter",
            "Clients given up on: slow headers, bodies that made no progress, stalled responses, idle connections.",
        );
        for kind in Timeout::ALL {
            let n = self.timeouts[kind as usize].load(Relaxed);
            let _ = writeln!(o, "{name}{{kind=\"{}\"}} {n}", kind.label());
        }

        let gauges: [(&str, &str, i128); 7] = [
            (
                "registryctl_http_connections",
                "Open client connections.",
                self.connections.load(Relaxed).into(),
            ),
            (
                "registryctl_http_requests_in_flight",
                "Requests being served.",
                self.in_flight.load(Relaxed).into(),
            ),
            (
                "registryctl_uploads_in_flight",
                "Upload requests whose body is being received.",
                self.uploads_in_flight.load(Relaxed).into(),
            ),
            (
                "registryctl_upload_sessions",
                "Upload sessions in the store (as of the last store walk).",
                self.upload_sessions.load(Relaxed).into(),
            ),
            (
                "registryctl_store_blobs",
                "Blobs in the store (as of the last store walk).",
                self.store_blobs.load(Relaxed).into(),
            ),
            (
                "registryctl_store_blob_bytes",
                "Total size of the blobs in the store (as of the last store walk).",
                self.store_bytes.load(Relaxed).into(),
            ),
            (
                "registryctl_store_usage_refreshed_timestamp_seconds",
                "Unix time of the last store walk (0: not yet).",
                self.usage_refreshed_unix.load(Relaxed).into(),
            ),
        ];
        for (name, help, v) in gauges {
            header(o, name, "gauge", help);
            let _ = writeln!(o, "{name} {v}");
        }
        out.push_str(&self.scopes.lock().unwrap_or_else(|p| p.into_inner()));
        out
    }
}

fn header(o: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(o, "# HELP {name} {help}");
    let _ = writeln!(o, "# TYPE {name} {kind}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_and_renders() {
        let m = Metrics::default();
        m.record(
            RouteKind::Blob,
            &Method::GET,
            200,
            0,
            10,
            Duration::from_millis(3),
        );
        m.record(
            RouteKind::Blob,
            &Method::GET,
            200,
            0,
            5,
            Duration::from_secs(100),
        );
        let t = m.render();
        assert!(t.contains(
            "registryctl_http_requests_total{route=\"blob\",method=\"GET\",status=\"200\"} 2"
        ));
        assert!(t.contains(
            "registryctl_http_request_duration_seconds_bucket{route=\"blob\",le=\"0.001\"} 0"
        ));
        assert!(t.contains(
            "registryctl_http_request_duration_seconds_bucket{route=\"blob\",le=\"0.005\"} 1"
        ));
        assert!(t.contains(
            "registryctl_http_request_duration_seconds_bucket{route=\"blob\",le=\"60\"} 1"
        ));
        assert!(t.contains(
            "registryctl_http_request_duration_seconds_bucket{route=\"blob\",le=\"+Inf\"} 2"
        ));
        assert!(t.contains("registryctl_http_request_duration_seconds_count{route=\"blob\"} 2"));
        assert!(t.contains("registryctl_http_response_bytes_total{route=\"blob\"} 15"));
        assert_eq!(BUCKET_NANOS[0], 1_000_000);
        assert_eq!(BUCKET_NANOS[13], 60_000_000_000);
    }
}
