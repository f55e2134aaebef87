//! `registryctl generate-assets`: writes the shell completion scripts and the man
//! pages that are checked in to the repository, from the clap definitions alone. It
//! is a maintainers' tool, parsed apart from the command tree (see `cli::main`), so
//! that what it generates does not offer it to users.
//!
//! ```text
//! registryctl generate-assets --out .        # or: cargo run -- generate-assets --out .
//! ```
//!
//! writes `completions/registryctl.bash`, `completions/_registryctl` (zsh),
//! `completions/registryctl.fish`, `completions/registryctl.elv`,
//! `completions/_registryctl.ps1` and `man/registryctl.1` plus one page per visible
//! subcommand (`man/registryctl-serve.1`, `man/registryctl-config-show.1`, …). The
//! output depends only on the command definitions (no dates, no environment), and
//! stale pages of removed subcommands are deleted, so `tests/assets.rs` can require
//! the checked-in files to be exactly what this writes.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{CommandFactory, FromArgMatches, Parser};
use clap_complete::Shell;

use super::output::outln;
use super::exit;

/// The binary's name, as completions and man pages call it.
pub const BIN_NAME: &str = "registryctl";

/// The shells completion scripts are generated for.
pub const SHELLS: [Shell; 5] = [
    Shell::Bash,
    Shell::Zsh,
    Shell::Fish,
    Shell::Elvish,
    Shell::PowerShell,
];

/// The first argument that selects the generator.
pub const COMMAND: &str = "generate-assets";

/// Arguments of `generate-assets`.
#[derive(Debug, Parser)]
#[command(
    name = "registryctl generate-assets",
    bin_name = "registryctl generate-assets",
    about = "Write the completion scripts and man pages (for packagers and maintainers).",
    after_help = "Writes completions/ and man/ under --out (the repository root when run by a
maintainer after changing any command or flag).

Examples:
  cargo run -- generate-assets --out ."
)]
pub struct GenerateArgs {
    /// Directory to write `completions/` and `man/` into.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub out: PathBuf,
}

/// Parses `registryctl generate-assets ...` and runs it.
pub fn main() -> anyhow::Result<u8> {
    let matches = exit::decorate(GenerateArgs::command()).get_matches_from(std::env::args_os().skip(1));
    let args = match GenerateArgs::from_arg_matches(&matches) {
        Ok(a) => a,
        Err(e) => e.exit(),
    };
    run(&args)
}

/// Runs `generate-assets`.
pub fn run(args: &GenerateArgs) -> anyhow::Result<u8> {
    for p in generate(&args.out)? {
        outln!("{}", p.display());
    }
    Ok(exit::OK)
}

/// Writes every completion script and man page under `out`; returns the files.
pub fn generate(out: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    let comp_dir = out.join("completions");
    std::fs::create_dir_all(&comp_dir)
        .with_context(|| format!("creating {}", comp_dir.display()))?;
    for shell in SHELLS {
        let mut cmd = super::command();
        let path = clap_complete::generate_to(shell, &mut cmd, BIN_NAME, &comp_dir)
            .with_context(|| format!("writing the {shell} completions"))?;
        written.push(path);
    }

    let man_dir = out.join("man");
    std::fs::create_dir_all(&man_dir).with_context(|| format!("creating {}", man_dir.display()))?;
    // Remove the pages of subcommands that no longer exist.
    for e in
        std::fs::read_dir(&man_dir).with_context(|| format!("listing {}", man_dir.display()))?
    {
        let p = e?.path();
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if name.starts_with(BIN_NAME) && name.ends_with(".1") {
            std::fs::remove_file(&p).with_context(|| format!("removing {}", p.display()))?;
        }
    }
    clap_mangen::generate_to(super::command(), &man_dir)
        .with_context(|| format!("writing man pages to {}", man_dir.display()))?;
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&man_dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "1"))
        .collect();
    pages.sort();
    written.extend(pages);
    Ok(written)
}
