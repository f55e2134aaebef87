//! The `registryctl` command tree. Flags are defined here, in one place; each
//! subcommand's work lives in its own file next to this one.

pub mod gc;
pub mod serve;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit codes shared by every subcommand.
pub mod exit {
    /// Success.
    pub const OK: u8 = 0;
    /// The command ran and failed (or found problems).
    pub const FAILURE: u8 = 1;
    /// Bad usage (clap's own code).
    pub const USAGE: u8 = 2;
}

/// Default store location: a directory under the current one.
pub const DEFAULT_ROOT: &str = "registryctl-data";

/// registryctl: an OCI registry with granular access control, and the tools to
/// administer its store.
#[derive(Debug, Parser)]
#[command(name = "registryctl", version, about, long_about = None)]
pub struct Cli {
    /// Store root directory.
    #[arg(long, global = true, env = "REGISTRYCTL_ROOT", default_value = DEFAULT_ROOT, value_name = "DIR")]
    pub root: PathBuf,
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more detail (repeat for more).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// The subcommand.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the registry (HTTP API of the OCI Distribution Spec).
    Serve(serve::ServeArgs),
    /// Remove unreferenced manifests, links and blobs while the registry keeps serving.
    Gc(gc::GcArgs),
}

fn init_logging(cli: &Cli) {
    let default = match (cli.quiet, cli.verbose) {
        (true, _) => "error",
        (_, 0) => "info",
        (_, 1) => "debug",
        _ => "trace",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// Parses the command line, runs the subcommand and maps its outcome to an exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(&cli);
    let result = match &cli.command {
        Command::Serve(args) => serve::run(&cli, args),
        Command::Gc(args) => gc::run(&cli, args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("registryctl: error: {e:#}");
            ExitCode::from(exit::FAILURE)
        }
    }
}
