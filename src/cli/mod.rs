//! The `registryctl` command tree. Flags are defined here, in one place; each
//! subcommand's work lives in its own file next to this one.

pub mod acl;
pub mod group;
pub mod serve;
pub mod user;

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
    /// The thing to revoke, remove or change does not exist (`acl revoke`, `user rm`,
    /// `user passwd`, `group rm`, `group rm-member`, ...).
    pub const NOT_FOUND: u8 = 3;
    /// The thing to create exists already (`user add`).
    pub const EXISTS: u8 = 4;
    /// `acl check` could not decide (the auth files could not be read).
    pub const CHECK_ERROR: u8 = 5;
}

/// Reports an auth error and returns the exit code for it.
pub(crate) fn auth_failure(e: &crate::auth::AuthError) -> u8 {
    use crate::auth::AuthError;
    eprintln!("registryctl: error: {e}");
    match e {
        AuthError::NotFound(_) => exit::NOT_FOUND,
        AuthError::Exists(_) => exit::EXISTS,
        AuthError::Model(_) | AuthError::Invalid(_) => exit::USAGE,
        _ => exit::FAILURE,
    }
}

/// Opens the store named by `--root`.
pub(crate) fn open_store(cli: &Cli) -> anyhow::Result<crate::storage::Store> {
    use anyhow::Context;
    crate::storage::Store::open(&cli.root)
        .with_context(|| format!("opening the store at {}", cli.root.display()))
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
    /// Manage users (name and password) who may sign in to the registry.
    User(user::UserArgs),
    /// Manage groups of users, usable as `group:NAME` in access rules.
    Group(group::GroupArgs),
    /// Manage and test access rules: grant, deny, revoke, list, check, audit log.
    Acl(acl::AclArgs),
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
        Command::User(args) => user::run(&cli, args),
        Command::Group(args) => group::run(&cli, args),
        Command::Acl(args) => acl::run(&cli, args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("registryctl: error: {e:#}");
            ExitCode::from(exit::FAILURE)
        }
    }
}
