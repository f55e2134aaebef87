//! `registryctl serve`: runs the registry until SIGINT or SIGTERM.

use std::net::SocketAddr;

use anyhow::Context;

use super::{exit, Cli};
use crate::server::{self, ServerConfig};
use crate::storage::Store;

/// Flags of `serve`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  registryctl serve\n  registryctl serve --listen 0.0.0.0:5000 --root /var/lib/registryctl\n\nExit codes: 0 stopped cleanly, 1 failed to start or crashed."
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
    };
    runtime.block_on(server::serve(store, config, shutdown_signal()))?;
    Ok(exit::OK)
}
