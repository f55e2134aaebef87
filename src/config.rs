//! Configuration: command-line flags, then `REGISTRYCTL_*` environment variables, then
//! a TOML file, then built-in defaults — the first that sets a key wins.
//!
//! The file is `--config FILE` (or `REGISTRYCTL_CONFIG`); without either,
//! [`DEFAULT_CONFIG_PATH`] is read if it exists. A missing explicit file, an unknown
//! key or a value of the wrong type is an error naming the key: a typo never falls
//! back silently to a default. Relative paths in the file are relative to the file's
//! directory.
//!
//! ```toml
//! root = "/var/lib/registryctl"
//!
//! [storage]                    # instead of root: S3-compatible object storage
//! url = "s3://registry-bucket/prod"
//! endpoint = "https://s3.example.net"   # else AWS_ENDPOINT_URL, else AWS itself
//! region = "eu-west-1"                  # else AWS_REGION
//! access_key_id = "…"                   # else AWS_ACCESS_KEY_ID
//! secret_access_key = "…"               # else AWS_SECRET_ACCESS_KEY
//! allow_http = false                    # plain HTTP to a non-loopback endpoint
//!
//! [server]
//! listen = "0.0.0.0:5000"
//! read_only = false
//! log_format = "json"          # or "text"
//! metrics_listen = "127.0.0.1:9100"
//! tls_cert = "tls/cert.pem"
//! tls_key = "tls/key.pem"
//! shutdown_timeout = "30s"
//! auth_mode = "bearer"         # or "basic"
//! token_realm = "https://registry.example/token"
//! max_requests = 1024          # requests in flight; beyond: 429 TOOMANYREQUESTS
//! max_connections = 4096       # open connections; beyond: accepting pauses
//! header_timeout = "10s"       # to receive a request's headers
//! idle_timeout = "60s"         # a body that makes no progress; an idle connection
//! h2_max_streams = 100         # concurrent streams per HTTP/2 connection
//! redirect_blobs = false       # object storage: 307 blob GETs to presigned URLs
//! max_uploads_per_repo = 1000  # open upload sessions per repository; beyond: 429
//! max_uploads_per_user = 100   # per user (anonymous: per client address); beyond: 429
//! upload_expiry = "1h"         # an upload session with no bytes written for this long is removed
//! replica = "registry-a"       # this server's name in logs and metrics [default: HOSTNAME:PORT]
//! ```
//!
//! # Adding a key
//!
//! Add an `Option` field to the file struct of its table ([`FileConfig`],
//! [`ServerFile`], or a new table struct with `#[serde(deny_unknown_fields)]`), the
//! flag (with `env = "REGISTRYCTL_..."`) to the subcommand's args, and one
//! [`Layers::pick`] line where the subcommand resolves its settings (for `[server]`:
//! [`ServerSettings::resolve`]). `config show` lists every key that was picked, with
//! its source; a new table's settings struct derives `Serialize` and is resolved and
//! inserted there (`src/cli/config.rs`, one line each).

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use clap::parser::ValueSource;
use clap::ArgMatches;
use serde::{Deserialize, Serialize};

/// The configuration file read when neither `--config` nor `REGISTRYCTL_CONFIG` is
/// given (and only if it exists).
pub const DEFAULT_CONFIG_PATH: &str = "/etc/registryctl/config.toml";

/// The whole configuration file. Each table is its own struct.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    /// Store root directory.
    pub root: Option<PathBuf>,
    /// `[server]`: settings of `registryctl serve`.
    #[serde(default)]
    pub server: ServerFile,
    /// `[storage]`: a store kept as objects (S3-compatible storage, or a directory)
    /// instead of `root`.
    #[serde(default)]
    pub storage: StorageFile,
}

/// The `[storage]` table. Settings left out come from the standard `AWS_*`
/// environment variables.
#[derive(Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StorageFile {
    /// `s3://BUCKET[/PREFIX]`, or `file:///DIR` (objects as files in a directory).
    pub url: Option<String>,
    /// Endpoint URL of an S3-compatible service.
    pub endpoint: Option<String>,
    /// Region.
    pub region: Option<String>,
    /// Access key id.
    pub access_key_id: Option<String>,
    /// Secret access key.
    pub secret_access_key: Option<String>,
    /// Allow plain HTTP to an endpoint that is not on loopback.
    pub allow_http: Option<bool>,
}

impl fmt::Debug for StorageFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never print credentials.
        f.debug_struct("StorageFile")
            .field("url", &self.url)
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("allow_http", &self.allow_http)
            .finish_non_exhaustive()
    }
}

impl StorageFile {
    /// The S3 configuration for `url`: this table's settings, then `AWS_*`.
    pub fn s3_config(&self, url: &str) -> Result<crate::storage::object::s3::S3Config, String> {
        let mut c = crate::storage::object::s3::S3Config::parse_url(url)?;
        c.endpoint = self.endpoint.clone();
        c.region = self.region.clone();
        c.access_key_id = self.access_key_id.clone();
        c.secret_access_key = self.secret_access_key.clone();
        c.allow_http = self.allow_http.unwrap_or(false);
        Ok(c.with_env())
    }
}

/// The `[server]` table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerFile {
    /// Address to listen on.
    pub listen: Option<SocketAddr>,
    /// Refuse pushes and deletes.
    pub read_only: Option<bool>,
    /// Log format.
    pub log_format: Option<LogFormat>,
    /// Separate address for `/metrics`, `/healthz` and `/readyz`.
    pub metrics_listen: Option<SocketAddr>,
    /// PEM certificate chain for TLS.
    pub tls_cert: Option<PathBuf>,
    /// PEM private key for TLS.
    pub tls_key: Option<PathBuf>,
    /// How long shutdown waits for requests in flight (`"30s"`, `"2m"`).
    #[serde(default, deserialize_with = "de_duration")]
    pub shutdown_timeout: Option<Duration>,
    /// Challenge style once users exist.
    pub auth_mode: Option<AuthMode>,
    /// Token endpoint URL named in Bearer challenges.
    pub token_realm: Option<String>,
    /// Requests in flight at most; beyond, `429 TOOMANYREQUESTS`.
    pub max_requests: Option<u32>,
    /// Open connections at most; beyond, accepting pauses.
    pub max_connections: Option<u32>,
    /// How long a client may take to send a request's headers (`"10s"`).
    #[serde(default, deserialize_with = "de_duration")]
    pub header_timeout: Option<Duration>,
    /// How long a body may make no progress, and a connection stay idle (`"60s"`).
    #[serde(default, deserialize_with = "de_duration")]
    pub idle_timeout: Option<Duration>,
    /// Concurrent streams per HTTP/2 connection.
    pub h2_max_streams: Option<u32>,
    /// Redirect blob GETs to presigned URLs of the object store.
    pub redirect_blobs: Option<bool>,
    /// Open upload sessions per repository at most.
    pub max_uploads_per_repo: Option<u32>,
    /// Open upload sessions per user (anonymous: per client address) at most.
    pub max_uploads_per_user: Option<u32>,
    /// How long an upload session may have no bytes written before it is removed.
    #[serde(default, deserialize_with = "de_duration")]
    pub upload_expiry: Option<Duration>,
    /// This server's name among the replicas of one store, in logs and metrics.
    pub replica: Option<String>,
}

/// The `WWW-Authenticate` challenge a 401 carries once access control is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum AuthMode {
    /// `Bearer realm=".../token",service=...,scope=...`: the docker token flow, which
    /// docker, containerd, podman and skopeo all follow.
    #[default]
    Bearer,
    /// `Basic realm="registryctl"`: credentials on every request.
    Basic,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines (coloured on a terminal unless `NO_COLOR` is set).
    #[default]
    Text,
    /// One JSON object per line.
    Json,
}

fn de_duration<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
    let s = String::deserialize(d)?;
    humantime::parse_duration(&s)
        .map(Some)
        .map_err(|e| serde::de::Error::custom(format!("invalid duration {s:?}: {e}")))
}

/// Serialises a duration the way it is written in the file (`"30s"`).
pub fn ser_duration<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&humantime::format_duration(*d).to_string())
}

/// A parsed configuration file and where it came from.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// The file read, if any.
    pub path: Option<PathBuf>,
    /// Its content (all keys unset when no file was read).
    pub file: FileConfig,
}

impl Loaded {
    /// Reads `explicit` (which must exist), or [`DEFAULT_CONFIG_PATH`] if it exists,
    /// or nothing.
    pub fn load(explicit: Option<&Path>) -> anyhow::Result<Loaded> {
        let path = match explicit {
            Some(p) => p.to_path_buf(),
            None => {
                let p = PathBuf::from(DEFAULT_CONFIG_PATH);
                if !p.exists() {
                    return Ok(Loaded::default());
                }
                p
            }
        };
        let file = read_file(&path)?;
        Ok(Loaded {
            path: Some(path),
            file,
        })
    }

    /// The directory relative paths in the file are resolved against.
    fn base_dir(&self) -> Option<&Path> {
        self.path.as_deref().and_then(Path::parent)
    }

    /// A path from the file, made relative to the file's directory.
    pub fn file_path(&self, p: &Option<PathBuf>) -> Option<PathBuf> {
        p.as_ref().map(|p| match self.base_dir() {
            Some(base) if p.is_relative() => base.join(p),
            _ => p.clone(),
        })
    }
}

/// Reads and parses a configuration file. Errors name the file, and the key with its
/// line (unknown keys and bad values alike).
pub fn read_file(path: &Path) -> anyhow::Result<FileConfig> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading the configuration file {}", path.display()))?;
    parse(&text).with_context(|| format!("in the configuration file {}", path.display()))
}

/// Parses configuration text.
pub fn parse(text: &str) -> anyhow::Result<FileConfig> {
    // toml's error shows the offending line and key, and serde's message names an
    // unknown field along with the expected ones.
    toml::from_str(text).map_err(|e| anyhow::anyhow!("{}", e.to_string().trim_end()))
}

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Source {
    /// A command-line flag.
    Flag,
    /// An environment variable.
    Env(String),
    /// The configuration file.
    File(PathBuf),
    /// The built-in default.
    #[default]
    Default,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Flag => f.write_str("flag"),
            Source::Env(v) => write!(f, "env {v}"),
            Source::File(p) => write!(f, "file {}", p.display()),
            Source::Default => f.write_str("default"),
        }
    }
}

/// Resolves settings layer by layer and remembers each one's source.
pub struct Layers<'a> {
    matches: Option<&'a ArgMatches>,
    loaded: &'a Loaded,
    /// `(dotted key, source)` for every key picked, in order.
    pub sources: Vec<(&'static str, Source)>,
}

impl<'a> Layers<'a> {
    /// Layers over a subcommand's matches (flags and env) and the file.
    pub fn new(matches: &'a ArgMatches, loaded: &'a Loaded) -> Layers<'a> {
        Layers {
            matches: Some(matches),
            loaded,
            sources: Vec::new(),
        }
    }

    /// Layers over the file alone (no flags, no environment): `config check`.
    pub fn file_only(loaded: &'a Loaded) -> Layers<'a> {
        Layers {
            matches: None,
            loaded,
            sources: Vec::new(),
        }
    }

    /// The value of `key`: clap's value for arg `id` if it came from the command line
    /// or the environment, else the file's, else `default`.
    pub fn pick<T: Clone + Send + Sync + 'static>(
        &mut self,
        key: &'static str,
        id: &str,
        file: Option<T>,
        default: T,
    ) -> T {
        match self.pick_opt(key, id, file) {
            Some(v) => v,
            None => {
                self.set_source(key, Source::Default);
                default
            }
        }
    }

    /// Like [`Layers::pick`] for a setting without a default.
    pub fn pick_opt<T: Clone + Send + Sync + 'static>(
        &mut self,
        key: &'static str,
        id: &str,
        file: Option<T>,
    ) -> Option<T> {
        if let Some(m) = self.matches {
            let from_clap = match m.value_source(id) {
                Some(ValueSource::CommandLine) => Some(Source::Flag),
                Some(ValueSource::EnvVariable) => Some(Source::Env(env_name(id))),
                _ => None,
            };
            if let Some(src) = from_clap {
                if let Ok(Some(v)) = m.try_get_one::<T>(id) {
                    self.set_source(key, src);
                    return Some(v.clone());
                }
            }
        }
        if let Some(v) = file {
            let p = self.loaded.path.clone().unwrap_or_default();
            self.set_source(key, Source::File(p));
            return Some(v);
        }
        self.set_source(key, Source::Default);
        None
    }

    fn set_source(&mut self, key: &'static str, src: Source) {
        match self.sources.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = src,
            None => self.sources.push((key, src)),
        }
    }
}

/// The environment variable of an arg id. clap does not say which variable it read;
/// every setting follows this convention (`tests/cli_help.rs` checks it).
pub fn env_name(id: &str) -> String {
    format!("REGISTRYCTL_{}", id.to_ascii_uppercase().replace('-', "_"))
}

/// How long the presigned URLs of `serve --redirect-blobs` stay valid.
pub const REDIRECT_TTL: Duration = Duration::from_secs(15 * 60);

/// Effective settings of `registryctl serve`.
#[derive(Debug, Clone, Serialize)]
pub struct ServerSettings {
    /// Address to listen on.
    pub listen: SocketAddr,
    /// Refuse pushes and deletes.
    pub read_only: bool,
    /// Redirect blob GETs to presigned URLs of the object store.
    pub redirect_blobs: bool,
    /// Log format.
    pub log_format: LogFormat,
    /// Separate address for `/metrics`, `/healthz` and `/readyz`.
    pub metrics_listen: Option<SocketAddr>,
    /// PEM certificate chain for TLS.
    pub tls_cert: Option<PathBuf>,
    /// PEM private key for TLS.
    pub tls_key: Option<PathBuf>,
    /// How long shutdown waits for requests in flight.
    #[serde(serialize_with = "ser_duration")]
    pub shutdown_timeout: Duration,
    /// Challenge style once users exist.
    pub auth_mode: AuthMode,
    /// Token endpoint URL for Bearer challenges (`None`: built from the request).
    pub token_realm: Option<String>,
    /// Requests in flight at most (beyond: 429).
    pub max_requests: u32,
    /// Open connections at most (beyond: accepting pauses).
    pub max_connections: u32,
    /// How long a client may take to send a request's headers.
    #[serde(serialize_with = "ser_duration")]
    pub header_timeout: Duration,
    /// How long a request or response body may make no progress, and a connection
    /// stay idle between requests.
    #[serde(serialize_with = "ser_duration")]
    pub idle_timeout: Duration,
    /// Concurrent streams per HTTP/2 connection.
    pub h2_max_streams: u32,
    /// Open upload sessions per repository at most (beyond: 429).
    pub max_uploads_per_repo: u32,
    /// Open upload sessions per user, or per client address for anonymous callers
    /// (beyond: 429).
    pub max_uploads_per_user: u32,
    /// How long an upload session may have no bytes written before `serve` removes it.
    #[serde(serialize_with = "ser_duration")]
    pub upload_expiry: Duration,
    /// This server's name among the replicas of one store: the `replica` field of
    /// every log line and the `replica` label of `registryctl_replica_info`.
    pub replica: String,
}

/// Default listen address.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:5000";
/// Default shutdown timeout.
pub const DEFAULT_SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(30);
/// Default cap on requests in flight.
pub const DEFAULT_MAX_REQUESTS: u32 = 1024;
/// Default cap on open connections.
pub const DEFAULT_MAX_CONNECTIONS: u32 = 4096;
/// Default time a client has to send a request's headers.
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time a body may make no progress (and a connection stay idle).
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(60);
/// Default cap on concurrent streams per HTTP/2 connection.
pub const DEFAULT_H2_MAX_STREAMS: u32 = 100;
/// Default cap on open upload sessions per repository.
pub const DEFAULT_MAX_UPLOADS_PER_REPO: u32 = 1000;
/// Default cap on open upload sessions per user (or anonymous client address).
pub const DEFAULT_MAX_UPLOADS_PER_USER: u32 = 100;
/// Default time an upload session may stay idle before `serve` removes it.
pub const DEFAULT_UPLOAD_EXPIRY: Duration = Duration::from_secs(3600);
/// The largest `max_connections` accepted (far above what one process can keep open).
pub const MAX_CONNECTIONS_LIMIT: u32 = 1 << 20;

/// The replica name when none is set: `HOSTNAME:PORT` (the listen port), which tells
/// apart the servers of one store whether they share a machine or not.
pub fn default_replica(port: u16) -> String {
    format!("{}:{port}", hostname())
}

/// This machine's host name (`localhost` if the system gives none).
fn hostname() -> String {
    host_name().unwrap_or_else(|| "localhost".to_string())
}

/// This machine's host name, if the system gives one.
pub fn host_name() -> Option<String> {
    #[cfg(unix)]
    {
        let mut buf = [0u8; 256];
        // SAFETY: gethostname writes at most `buf.len()` bytes into `buf`.
        let rc = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
        if rc == 0 {
            let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
            let h = String::from_utf8_lossy(&buf[..end]);
            if !h.is_empty() {
                return Some(h.into_owned());
            }
        }
    }
    None
}

impl ServerSettings {
    /// Resolves the `[server]` settings from `serve`'s matches (flags and env; the
    /// arg ids are the key names) and the file.
    pub fn resolve(layers: &mut Layers<'_>) -> anyhow::Result<ServerSettings> {
        let f = layers.loaded.file.server.clone();
        let loaded = layers.loaded;
        let default_listen: SocketAddr = DEFAULT_LISTEN
            .parse()
            .context("the built-in listen address")?;
        let listen = layers.pick("server.listen", "listen", f.listen, default_listen);
        let s = ServerSettings {
            listen,
            read_only: layers.pick("server.read_only", "read_only", f.read_only, false),
            redirect_blobs: layers.pick(
                "server.redirect_blobs",
                "redirect_blobs",
                f.redirect_blobs,
                false,
            ),
            log_format: layers.pick(
                "server.log_format",
                "log_format",
                f.log_format,
                LogFormat::Text,
            ),
            metrics_listen: layers.pick_opt(
                "server.metrics_listen",
                "metrics_listen",
                f.metrics_listen,
            ),
            tls_cert: layers.pick_opt("server.tls_cert", "tls_cert", loaded.file_path(&f.tls_cert)),
            tls_key: layers.pick_opt("server.tls_key", "tls_key", loaded.file_path(&f.tls_key)),
            shutdown_timeout: layers.pick(
                "server.shutdown_timeout",
                "shutdown_timeout",
                f.shutdown_timeout,
                DEFAULT_SHUTDOWN_TIMEOUT,
            ),
            auth_mode: layers.pick(
                "server.auth_mode",
                "auth_mode",
                f.auth_mode,
                AuthMode::Bearer,
            ),
            token_realm: layers.pick_opt("server.token_realm", "token_realm", f.token_realm),
            max_requests: layers.pick(
                "server.max_requests",
                "max_requests",
                f.max_requests,
                DEFAULT_MAX_REQUESTS,
            ),
            max_connections: layers.pick(
                "server.max_connections",
                "max_connections",
                f.max_connections,
                DEFAULT_MAX_CONNECTIONS,
            ),
            header_timeout: layers.pick(
                "server.header_timeout",
                "header_timeout",
                f.header_timeout,
                DEFAULT_HEADER_TIMEOUT,
            ),
            idle_timeout: layers.pick(
                "server.idle_timeout",
                "idle_timeout",
                f.idle_timeout,
                DEFAULT_IDLE_TIMEOUT,
            ),
            h2_max_streams: layers.pick(
                "server.h2_max_streams",
                "h2_max_streams",
                f.h2_max_streams,
                DEFAULT_H2_MAX_STREAMS,
            ),
            max_uploads_per_repo: layers.pick(
                "server.max_uploads_per_repo",
                "max_uploads_per_repo",
                f.max_uploads_per_repo,
                DEFAULT_MAX_UPLOADS_PER_REPO,
            ),
            max_uploads_per_user: layers.pick(
                "server.max_uploads_per_user",
                "max_uploads_per_user",
                f.max_uploads_per_user,
                DEFAULT_MAX_UPLOADS_PER_USER,
            ),
            upload_expiry: layers.pick(
                "server.upload_expiry",
                "upload_expiry",
                f.upload_expiry,
                DEFAULT_UPLOAD_EXPIRY,
            ),
            replica: layers.pick(
                "server.replica",
                "replica",
                f.replica,
                default_replica(listen.port()),
            ),
        };
        s.validate()?;
        Ok(s)
    }

    /// Checks settings that are only wrong together.
    pub fn validate(&self) -> anyhow::Result<()> {
        for (key, zero) in [
            (
                "server.max_requests (--max-requests)",
                self.max_requests == 0,
            ),
            (
                "server.max_connections (--max-connections)",
                self.max_connections == 0,
            ),
            (
                "server.h2_max_streams (--h2-max-streams)",
                self.h2_max_streams == 0,
            ),
            (
                "server.header_timeout (--header-timeout)",
                self.header_timeout.is_zero(),
            ),
            (
                "server.idle_timeout (--idle-timeout)",
                self.idle_timeout.is_zero(),
            ),
            (
                "server.max_uploads_per_repo (--max-uploads-per-repo)",
                self.max_uploads_per_repo == 0,
            ),
            (
                "server.max_uploads_per_user (--max-uploads-per-user)",
                self.max_uploads_per_user == 0,
            ),
            (
                "server.upload_expiry (--upload-expiry)",
                self.upload_expiry.is_zero(),
            ),
        ] {
            if zero {
                anyhow::bail!("{key} must be greater than 0");
            }
        }
        if self.replica.is_empty()
            || self.replica.len() > 128
            || self.replica.chars().any(char::is_control)
        {
            anyhow::bail!(
                "server.replica (--replica) must be 1 to 128 printable characters, not {:?}",
                self.replica
            );
        }
        if self.max_connections > MAX_CONNECTIONS_LIMIT {
            anyhow::bail!(
                "server.max_connections (--max-connections) is at most {MAX_CONNECTIONS_LIMIT}"
            );
        }
        match (&self.tls_cert, &self.tls_key) {
            (Some(_), None) => anyhow::bail!(
                "server.tls_cert (--tls-cert) is set but server.tls_key (--tls-key) is not"
            ),
            (None, Some(_)) => anyhow::bail!(
                "server.tls_key (--tls-key) is set but server.tls_cert (--tls-cert) is not"
            ),
            _ => Ok(()),
        }
    }
}
