//! `registryctl config show` and `registryctl config check FILE`.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Subcommand};

use super::output::{out, outln};
use super::serve::ServeArgs;
use super::{exit, Cli};
use crate::config::{self, Layers, Loaded, ServerSettings, Source};

/// The `config` subcommands.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the effective configuration (as TOML) with the source of each value.
    #[command(
        after_help = "Shows what `registryctl serve` would use from the environment, the
configuration file and the defaults (flags given to serve itself are not seen here).
Each line ends with its source: flag, env VARIABLE, file PATH or default.

Examples:
  registryctl config show
  registryctl --config /etc/registryctl/config.toml config show
  REGISTRYCTL_LISTEN=0.0.0.0:5000 registryctl config show"
    )]
    Show,
    /// Validate a configuration file: syntax, known keys, value types.
    #[command(
        after_help = "Checks FILE alone (the environment is ignored): unknown keys, values of the
wrong type and settings that only go together (tls_cert with tls_key) are errors
naming the key. TLS certificate and key files are loaded if set.

Examples:
  registryctl config check /etc/registryctl/config.toml"
    )]
    Check(CheckArgs),
}

/// Arguments of `config check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The configuration file to check.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

/// Runs a `config` subcommand.
pub fn run(cli: &Cli, cmd: &ConfigCommand) -> anyhow::Result<u8> {
    match cmd {
        ConfigCommand::Show => show(cli),
        ConfigCommand::Check(args) => check(args),
    }
}

fn show(cli: &Cli) -> anyhow::Result<u8> {
    // serve's flags as seen from the environment alone: the same resolution code as
    // `serve`, so what is shown is what serve would use.
    let matches = ServeArgs::augment_args(clap::Command::new("serve"))
        .try_get_matches_from(["serve"])
        .map_err(|e| {
            let msg = e.to_string();
            anyhow::anyhow!("{}", msg.trim_start_matches("error: ").trim_end())
        })
        .context("reading REGISTRYCTL_* environment variables")?;
    let mut layers = Layers::new(&matches, &cli.loaded);
    // One entry per table; a new table is resolved here with the same `layers`.
    let mut effective = toml::Table::new();
    let server = ServerSettings::resolve(&mut layers)?;
    effective.insert(
        "server".into(),
        toml::Value::try_from(&server).context("rendering [server]")?,
    );
    out!("{}", render(cli, &effective, &layers.sources));
    Ok(exit::OK)
}

/// The effective configuration as TOML, each key followed by its source as a comment.
/// Tables come in the order their first key was resolved.
fn render(cli: &Cli, effective: &toml::Table, sources: &[(&'static str, Source)]) -> String {
    let mut out = String::new();
    match &cli.loaded.path {
        Some(p) => out.push_str(&format!("# configuration file: {}\n", p.display())),
        None => out.push_str(&format!(
            "# configuration file: none ({} does not exist)\n",
            config::DEFAULT_CONFIG_PATH
        )),
    }
    let root = toml::Value::String(cli.root.display().to_string());
    out.push_str(&format!("root = {root}  # {}\n", cli.root_source));
    let mut table = "";
    for (key, src) in sources {
        let Some((t, name)) = key.split_once('.') else {
            continue;
        };
        if t != table {
            out.push_str(&format!("\n[{t}]\n"));
            table = t;
        }
        match effective.get(t).and_then(|v| v.get(name)) {
            Some(v) => out.push_str(&format!("{name} = {v}  # {src}\n")),
            None => out.push_str(&format!("# {name} is not set\n")),
        }
    }
    out
}

fn check(args: &CheckArgs) -> anyhow::Result<u8> {
    let file = config::read_file(&args.file)?;
    let loaded = Loaded {
        path: Some(args.file.clone()),
        file,
    };
    // No flags and no environment: the file alone.
    let mut layers = Layers::file_only(&loaded);
    let server = ServerSettings::resolve(&mut layers)
        .with_context(|| format!("in the configuration file {}", args.file.display()))?;
    if let (Some(cert), Some(key)) = (&server.tls_cert, &server.tls_key) {
        crate::server::TlsFiles {
            cert: cert.clone(),
            key: key.clone(),
        }
        .acceptor()
        .context("server.tls_cert / server.tls_key")?;
    }
    outln!("{}: ok", args.file.display());
    Ok(exit::OK)
}
