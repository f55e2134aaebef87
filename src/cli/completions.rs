//! `registryctl completions SHELL`: prints a completion script on stdout.

use clap_complete::Shell;

use super::exit;

/// Arguments of `completions`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  registryctl completions bash > /etc/bash_completion.d/registryctl
  registryctl completions zsh > \"${fpath[1]}/_registryctl\"
  registryctl completions fish > ~/.config/fish/completions/registryctl.fish
  source <(registryctl completions bash)")]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_name = "SHELL")]
    pub shell: Shell,
}

/// Runs `completions`.
pub fn run(args: &CompletionsArgs) -> anyhow::Result<u8> {
    let mut cmd = super::command();
    // Into memory first: the generators panic when a write fails, and stdout may be a
    // closed pipe (`registryctl completions bash | head -1`) or a full disk.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, super::assets::BIN_NAME, &mut script);
    super::output::write_stdout_bytes(&script);
    Ok(exit::OK)
}
