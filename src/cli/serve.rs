//! `registryctl serve`: runs the registry until SIGINT or SIGTERM.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use clap::ArgMatches;

use super::{exit, Cli};
use crate::config::{AuthMode, Layers, LogFormat, ServerSettings};
use crate::server::{self, AuthConfig, Limits, Options, ServerConfig, TlsFiles};

/// A listen address: `IP:PORT`, `[IPv6]:PORT`, `:PORT` (every IPv4 interface, as
/// `0.0.0.0:PORT`) or `HOST:PORT` (`localhost` is 127.0.0.1; another name is
/// resolved, its first address taken).
pub fn parse_listen(s: &str) -> Result<SocketAddr, String> {
    use std::net::{Ipv4Addr, ToSocketAddrs};
    let s = s.trim();
    if let Ok(a) = s.parse::<SocketAddr>() {
        return Ok(a);
    }
    let bad = || {
        format!("`{s}` is not an address to listen on: give IP:PORT, HOST:PORT or :PORT (e.g. 0.0.0.0:5000, localhost:5000, :5000)")
    };
    let (host, port) = s.rsplit_once(':').ok_or_else(bad)?;
    let port: u16 = port.parse().map_err(|_| bad())?;
    match host {
        "" | "*" => Ok(SocketAddr::from((Ipv4Addr::UNSPECIFIED, port))),
        "localhost" => Ok(SocketAddr::from((Ipv4Addr::LOCALHOST, port))),
        h => (h, port)
            .to_socket_addrs()
            .map_err(|e| format!("{}: {e}", bad()))?
            .next()
            .ok_or_else(bad),
    }
}

/// Flags of `serve`. Each can also be set by its environment variable or by the
/// `[server]` table of the configuration file (flag, then environment, then file).
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  registryctl serve
  registryctl serve --listen 0.0.0.0:5000 --root /var/lib/registryctl
  registryctl serve --tls-cert cert.pem --tls-key key.pem --metrics-listen 127.0.0.1:9100
  RUST_LOG=info,access=off registryctl serve --log-format json
  registryctl serve --auth-mode basic

Every flag can also be set by its REGISTRYCTL_* variable or in the [server] table
of the configuration file; `registryctl config show` shows the result.

Access control is on as soon as a user exists (`registryctl user add`); edits by
`registryctl user|group|acl` apply to a running server within a second. Token
endpoint: /token (see docs/access-control.md).

Slow and idle clients never hold a thread: a client that stops reading or sending
holds only its connection, until --idle-timeout; --max-requests, --max-connections,
--header-timeout and --h2-max-streams bound what many of them can hold;
--max-uploads-per-repo and --max-uploads-per-user bound open upload sessions, and
idle ones are removed after --upload-expiry.

Endpoints besides /v2/: /healthz (alive), /readyz (store writable), /metrics
(Prometheus; only on --metrics-listen when that is set).

Signals: SIGTERM or Ctrl-C stop accepting connections and let requests in flight
finish for up to --shutdown-timeout, then exit 0 (a second signal exits at once,
with 1); SIGHUP reloads the TLS certificate and key.

The store: created when the root (default ./registryctl-data) is missing or an
empty directory; a directory holding anything else is refused. With --read-only
nothing is created or marked.")]
pub struct ServeArgs {
    /// Address to listen on: IP:PORT, HOST:PORT (localhost:5000) or :PORT (every
    /// interface) [default: 127.0.0.1:5000].
    #[arg(long, env = "REGISTRYCTL_LISTEN", value_name = "ADDR", value_parser = parse_listen)]
    pub listen: Option<SocketAddr>,
    /// Serve pulls only: pushes and deletes get 405 UNSUPPORTED.
    #[arg(long, env = "REGISTRYCTL_READ_ONLY", value_parser = clap::builder::BoolishValueParser::new())]
    pub read_only: bool,
    /// Log format on stderr [default: text].
    #[arg(long, env = "REGISTRYCTL_LOG_FORMAT", value_name = "FORMAT")]
    pub log_format: Option<LogFormat>,
    /// Serve /metrics (and /healthz, /readyz) on this separate plain-HTTP address
    /// instead of the main one.
    #[arg(long, env = "REGISTRYCTL_METRICS_LISTEN", value_name = "ADDR", value_parser = parse_listen)]
    pub metrics_listen: Option<SocketAddr>,
    /// PEM certificate chain: serve HTTPS (needs --tls-key).
    #[arg(long, env = "REGISTRYCTL_TLS_CERT", value_name = "FILE")]
    pub tls_cert: Option<PathBuf>,
    /// PEM private key of --tls-cert.
    #[arg(long, env = "REGISTRYCTL_TLS_KEY", value_name = "FILE")]
    pub tls_key: Option<PathBuf>,
    /// How long requests in flight may take to finish after SIGTERM, e.g. 30s, 2m
    /// [default: 30s].
    #[arg(long, env = "REGISTRYCTL_SHUTDOWN_TIMEOUT", value_name = "DURATION", value_parser = super::output::parse_duration, allow_hyphen_values = true)]
    pub shutdown_timeout: Option<Duration>,
    /// Challenge sent to unauthenticated clients once users exist: bearer (token flow;
    /// docker, containerd, podman and skopeo all handle it) or basic [default: bearer].
    #[arg(long, env = "REGISTRYCTL_AUTH_MODE", value_name = "MODE")]
    pub auth_mode: Option<AuthMode>,
    /// URL of the token endpoint named in Bearer challenges [default:
    /// http(s)://HOST/token, HOST from the request]; set it when a proxy fronts the
    /// registry.
    #[arg(long, env = "REGISTRYCTL_TOKEN_REALM", value_name = "URL")]
    pub token_realm: Option<String>,
    /// Requests in flight at most; beyond, requests are answered at once with 429
    /// TOOMANYREQUESTS and Retry-After (/healthz, /readyz and /metrics have a reserve
    /// of their own) [default: 1024].
    #[arg(long, env = "REGISTRYCTL_MAX_REQUESTS", value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub max_requests: Option<u32>,
    /// Open connections at most; beyond, new connections wait in the kernel's backlog
    /// until one closes [default: 4096].
    #[arg(long, env = "REGISTRYCTL_MAX_CONNECTIONS", value_name = "N", value_parser = clap::value_parser!(u32).range(1..=i64::from(crate::config::MAX_CONNECTIONS_LIMIT)))]
    pub max_connections: Option<u32>,
    /// How long a client may take to send a request's headers, and a new connection
    /// to send its first request; then it is closed [default: 10s].
    #[arg(long, env = "REGISTRYCTL_HEADER_TIMEOUT", value_name = "DURATION", value_parser = super::output::parse_duration, allow_hyphen_values = true)]
    pub header_timeout: Option<Duration>,
    /// How long a request or response body may make no progress before the transfer
    /// fails, and a connection may stay idle between requests [default: 60s].
    #[arg(long, env = "REGISTRYCTL_IDLE_TIMEOUT", value_name = "DURATION", value_parser = super::output::parse_duration, allow_hyphen_values = true)]
    pub idle_timeout: Option<Duration>,
    /// On object storage, answer blob GETs with 307 to a presigned URL of the bucket
    /// (valid 15 minutes) so the bytes bypass the server; clients must be able to
    /// reach the storage endpoint. Blobs up to 256 KiB are still served directly.
    #[arg(long, env = "REGISTRYCTL_REDIRECT_BLOBS", value_parser = clap::builder::BoolishValueParser::new())]
    pub redirect_blobs: bool,
    /// Concurrent streams per HTTP/2 connection [default: 100].
    #[arg(long = "h2-max-streams", env = "REGISTRYCTL_H2_MAX_STREAMS", value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub h2_max_streams: Option<u32>,
    /// Open upload sessions per repository at most; beyond, a new one is answered 429
    /// TOOMANYREQUESTS [default: 1000].
    #[arg(long, env = "REGISTRYCTL_MAX_UPLOADS_PER_REPO", value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub max_uploads_per_repo: Option<u32>,
    /// Open upload sessions per user (anonymous callers: per client address) at most;
    /// beyond, a new one is answered 429 TOOMANYREQUESTS [default: 100].
    #[arg(long, env = "REGISTRYCTL_MAX_UPLOADS_PER_USER", value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub max_uploads_per_user: Option<u32>,
    /// An upload session with no bytes written for this long is removed by the
    /// server [default: 1h].
    #[arg(long, env = "REGISTRYCTL_UPLOAD_EXPIRY", value_name = "DURATION", value_parser = humantime::parse_duration)]
    pub upload_expiry: Option<Duration>,
    /// This server's name among the replicas of one store: the `replica` field of
    /// every log line and access-log entry, of its audit-log entries (NAME/host:pid),
    /// and of `registryctl_replica_info` on /metrics [default: HOSTNAME:PORT].
    #[arg(long, env = "REGISTRYCTL_REPLICA", value_name = "NAME")]
    pub replica: Option<String>,
}

/// Resolves on SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutdown requested; finishing requests in flight");
}

/// Installs the SIGINT and SIGTERM handlers now (so a signal that arrives while the
/// server is starting is not fatal) and returns a future that resolves on either.
/// Must be called inside the runtime.
#[cfg(unix)]
pub fn install_shutdown_signal() -> anyhow::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut term = signal(SignalKind::terminate()).context("installing the SIGTERM handler")?;
    let mut int = signal(SignalKind::interrupt()).context("installing the SIGINT handler")?;
    Ok(async move {
        tokio::select! {
            _ = term.recv() => {},
            _ = int.recv() => {},
        }
        tracing::info!("shutdown requested; finishing requests in flight");
        // A second signal means "now": the operator will not wait for the timeout.
        tokio::spawn(async move {
            tokio::select! {
                _ = term.recv() => {},
                _ = int.recv() => {},
            }
            tracing::warn!(
                "second shutdown signal: exiting without waiting for requests in flight"
            );
            std::process::exit(i32::from(exit::FAILURE));
        });
    })
}

/// See the Unix version; elsewhere only Ctrl-C.
#[cfg(not(unix))]
pub fn install_shutdown_signal() -> anyhow::Result<impl std::future::Future<Output = ()>> {
    Ok(shutdown_signal())
}

/// Runs `serve`; `matches` are serve's own (for the source of each setting).
pub fn run(cli: &Cli, _args: &ServeArgs, matches: &ArgMatches) -> anyhow::Result<u8> {
    let mut layers = Layers::new(matches, &cli.loaded);
    let settings = ServerSettings::resolve(&mut layers)?;
    super::init_logging_as(cli, settings.log_format, Some(&settings.replica));
    crate::audit::name_replica(&settings.replica);
    let store = super::open_store(
        cli,
        super::StoreUse::Serve {
            read_only: settings.read_only,
        },
    )?;
    if store.layout_state() == crate::storage::LayoutState::Created {
        tracing::info!(store = %cli.root.display(), "created a new, empty store");
    }
    warn_if_nothing_granted(&store);
    let tls = match (settings.tls_cert, settings.tls_key) {
        (Some(cert), Some(key)) => Some(TlsFiles { cert, key }),
        _ => None,
    };
    let https = tls.is_some();
    let config = ServerConfig {
        listen: settings.listen,
        metrics_listen: settings.metrics_listen,
        tls,
        options: Options {
            read_only: settings.read_only,
            redirect_blobs: settings
                .redirect_blobs
                .then_some(crate::config::REDIRECT_TTL),
            shutdown_timeout: settings.shutdown_timeout,
            replica: settings.replica.clone(),
            auth: AuthConfig {
                mode: settings.auth_mode,
                realm: settings.token_realm,
                https,
            },
            limits: Limits {
                max_requests: settings.max_requests,
                max_connections: settings.max_connections,
                header_timeout: settings.header_timeout,
                idle_timeout: settings.idle_timeout,
                h2_max_streams: settings.h2_max_streams,
                max_uploads_per_repo: settings.max_uploads_per_repo,
                max_uploads_per_user: settings.max_uploads_per_user,
                upload_expiry: settings.upload_expiry,
            },
            ..Options::default()
        },
    };
    limit_malloc_arenas();
    raise_open_files_limit(settings.max_connections);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        // Storage calls (fsync, flock) block; this bounds the threads a burst of
        // concurrent pushes can start, and with them the memory their stacks use.
        .max_blocking_threads(64)
        .build()
        .context("starting the async runtime")?;
    let result = runtime.block_on(async {
        let shutdown = install_shutdown_signal()?;
        server::serve(store, config, shutdown).await
    });
    // Blocking tasks of abandoned requests must not hold up the exit.
    runtime.shutdown_timeout(Duration::from_secs(1));
    result?;
    Ok(exit::OK)
}

/// Logs at WARN when users exist (so access control is on) but no rule grants
/// anything: every pull and push would be refused.
fn warn_if_nothing_granted(store: &crate::storage::Store) {
    use crate::auth::{acl::AclFile, users::UsersFile, Effect};
    let (Ok(users), Ok(acl)) = (UsersFile::load(store), AclFile::load(store)) else {
        return;
    };
    if !users.users.is_empty() && !acl.rules.iter().any(|r| r.effect == Effect::Grant) {
        tracing::warn!(
            users = users.users.len(),
            "access control is on (users exist) but no rule grants anything: every pull and push is refused; grant access with `registryctl acl grant`"
        );
    }
}

/// Every connection is a file descriptor (and a blob being served another): raises
/// the soft limit on open files to the hard limit, which the default soft limit of
/// many systems (1024) is far below, and warns when even that cannot fit
/// `max_connections`.
fn raise_open_files_limit(max_connections: u32) {
    #[cfg(target_os = "linux")]
    {
        let mut lim = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit/setrlimit only read or write the struct passed.
        let ok = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) } == 0;
        if !ok {
            return;
        }
        if lim.rlim_cur < lim.rlim_max {
            let raised = libc::rlimit {
                rlim_cur: lim.rlim_max,
                rlim_max: lim.rlim_max,
            };
            // SAFETY: as above.
            if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } == 0 {
                lim = raised;
            }
        }
        // Two descriptors per connection (a socket and a blob) and some to spare.
        let needed = 2 * u64::from(max_connections) + 64;
        if lim.rlim_cur < needed {
            tracing::warn!(
                open_files = lim.rlim_cur,
                max_connections,
                "the open-files limit is below what --max-connections needs (2 per connection); raise it (ulimit -n, LimitNOFILE=) or lower --max-connections"
            );
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = max_connections;
}

/// glibc gives every thread that allocates its own malloc arena, and the blocking pool
/// has dozens of threads: each arena keeps freed memory, doubling the server's resident
/// size under concurrent pushes for no gain. Two arenas keep contention low on the
/// machines this runs on and the footprint flat (measured: 38 MiB -> 16 MiB peak after
/// 2000 concurrent small pushes).
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes allocator tuning; called before any thread starts.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}
