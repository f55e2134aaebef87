//! `registryctl serve`: runs the registry until SIGINT or SIGTERM.

use std::net::SocketAddr;

use anyhow::Context;

use super::{exit, Cli};
use crate::server::{self, AuthConfig, ChallengeMode, ServerConfig};
use crate::storage::Store;

/// Flags of `serve`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  registryctl serve\n  registryctl serve --listen 0.0.0.0:5000 --root /var/lib/registryctl\n  registryctl serve --auth-mode basic\n\nAccess control is on as soon as a user exists (`registryctl user add`); edits by\n`registryctl user|group|acl` apply to a running server within a second.\n\nExit codes: 0 stopped cleanly, 1 failed to start or crashed."
)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(
        long,
        env = "REGISTRYCTL_LISTEN",
        default_value = "127.0.0.1:5000",
        value_name = "ADDR"
    )]
    pub listen: SocketAddr,
    /// Challenge sent to unauthenticated clients once users exist: `bearer` (token
    /// flow; docker, containerd, podman and skopeo all handle it) or `basic`.
    #[arg(long, env = "REGISTRYCTL_AUTH_MODE", value_enum, default_value_t = AuthMode::Bearer)]
    pub auth_mode: AuthMode,
    /// URL of the token endpoint named in Bearer challenges (default:
    /// `http://<Host header>/token`; set it when a TLS proxy fronts the registry).
    #[arg(long, env = "REGISTRYCTL_TOKEN_REALM", value_name = "URL")]
    pub token_realm: Option<String>,
}

/// The challenge styles of `--auth-mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AuthMode {
    /// `WWW-Authenticate: Bearer` and the token endpoint `GET /token`.
    Bearer,
    /// `WWW-Authenticate: Basic`.
    Basic,
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

/// Runs `serve`.
pub fn run(cli: &Cli, args: &ServeArgs) -> anyhow::Result<u8> {
    let store = Store::open(&cli.root)
        .with_context(|| format!("opening the store at {}", cli.root.display()))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let config = ServerConfig {
        listen: args.listen,
        auth: AuthConfig {
            mode: match args.auth_mode {
                AuthMode::Bearer => ChallengeMode::Bearer,
                AuthMode::Basic => ChallengeMode::Basic,
            },
            realm: args.token_realm.clone(),
        },
    };
    runtime.block_on(server::serve(store, config, shutdown_signal()))?;
    Ok(exit::OK)
}
