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

use super::exit;
use super::output::outln;

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
    let matches =
        exit::decorate(GenerateArgs::command()).get_matches_from(std::env::args_os().skip(1));
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
    let mut cmd = super::command().disable_help_subcommand(true);
    cmd.build();
    write_pages(&cmd, &man_dir)
        .with_context(|| format!("writing man pages to {}", man_dir.display()))?;
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&man_dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "1"))
        .collect();
    pages.sort();
    written.extend(pages);
    Ok(written)
}

/// Variables every command reads, beside those of its flags.
const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "NO_COLOR",
        "When set to a non-empty value, no colour (unless --color always); see https://no-color.org.",
    ),
    (
        "COLUMNS",
        "The width tables are fitted to (cells wrap); without it, the terminal's width, and whole lines in a pipe.",
    ),
    (
        "RUST_LOG",
        "Log filter (e.g. debug, registryctl=trace), instead of the level -q and -v choose.",
    ),
];

/// Writes the page of `cmd` and of every visible subcommand under it.
fn write_pages(cmd: &clap::Command, dir: &Path) -> anyhow::Result<()> {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        write_pages(sub, dir)?;
    }
    let man = clap_mangen::Man::new(cmd.clone())
        .date("")
        .source(format!("{BIN_NAME} {}", env!("CARGO_PKG_VERSION")))
        .manual("registryctl manual");
    let path = dir.join(man.get_filename());
    std::fs::write(&path, page(&man, cmd)?)
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

/// Escapes text for roff: backslashes, and a leading `.` or `'` that would be read
/// as a request; `-` as a hyphen that copies as a minus.
fn roff(text: &str) -> String {
    let s = text.replace('\\', "\\e").replace('-', "\\-");
    if s.starts_with('.') || s.starts_with('\'') {
        format!("\\&{s}")
    } else {
        s
    }
}

/// Source-tree documents named in help texts are not installed with the pages.
fn man_text(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("docs/") {
        let tail = &rest[i..];
        let end = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_' | '.')))
            .unwrap_or(tail.len());
        let name = tail[..end].trim_end_matches('.');
        out.push_str(&rest[..i]);
        out.push_str(name);
        if name.ends_with(".md") {
            out.push_str(" (in the registryctl source)");
        }
        rest = &tail[name.len()..];
    }
    out.push_str(rest);
    out
}

/// The SYNOPSIS line: every visible option with its value (`--sort size|age|digest`,
/// `--older-than DURATION`), then the operands.
fn synopsis(cmd: &clap::Command) -> String {
    let name = cmd.get_bin_name().unwrap_or_else(|| cmd.get_name());
    let mut parts = vec![format!("\\fB{}\\fR", roff(name))];
    for a in cmd
        .get_arguments()
        .filter(|a| !a.is_hide_set() && !a.is_positional())
    {
        if a.get_id() == "help" || a.get_id() == "version" {
            continue;
        }
        let flag = match (a.get_short(), a.get_long()) {
            (Some(s), Some(l)) => format!("\\fB\\-{s}\\fR|\\fB\\-\\-{}\\fR", roff(l)),
            (None, Some(l)) => format!("\\fB\\-\\-{}\\fR", roff(l)),
            (Some(s), None) => format!("\\fB\\-{s}\\fR"),
            (None, None) => continue,
        };
        let takes_value = a.get_num_args().is_some_and(|n| n.takes_values());
        let value = if !takes_value {
            String::new()
        } else {
            let possible: Vec<String> = a
                .get_possible_values()
                .iter()
                .filter(|p| !p.is_hide_set())
                .map(|p| p.get_name().to_string())
                .collect();
            if !possible.is_empty() && possible.len() <= 6 {
                format!(" \\fI{}\\fR", roff(&possible.join("|")))
            } else {
                let names = a
                    .get_value_names()
                    .map(|v| v.join(" "))
                    .unwrap_or_else(|| a.get_id().as_str().to_uppercase());
                format!(" \\fI{}\\fR", roff(&names))
            }
        };
        parts.push(format!("[{flag}{value}]"));
    }
    for a in cmd.get_positionals().filter(|a| !a.is_hide_set()) {
        let names = a
            .get_value_names()
            .map(|v| v.join(" "))
            .unwrap_or_else(|| a.get_id().as_str().to_uppercase());
        let many = a.get_num_args().is_some_and(|n| n.max_values() > 1);
        let dots = if many { "..." } else { "" };
        if a.is_required_set() {
            parts.push(format!("\\fI{}\\fR{dots}", roff(&names)));
        } else {
            parts.push(format!("[\\fI{}\\fR]{dots}", roff(&names)));
        }
    }
    if cmd.has_subcommands() {
        parts.push("\\fICOMMAND\\fR".to_string());
    }
    parts.join(" ")
}

/// One page: clap_mangen's title, name, description, options and subcommands, then
/// SYNOPSIS with values, EXAMPLES (verbatim), NOTES (the rest of the help text), EXIT
/// STATUS (the one table), ENVIRONMENT and the version (also in the footer).
fn page(man: &clap_mangen::Man, cmd: &clap::Command) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    out.extend_from_slice(format!(".SH SYNOPSIS\n{}\n", synopsis(cmd)).as_bytes());
    man.render_description_section(&mut out)?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut out)?;
    }
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        man.render_subcommands_section(&mut out)?;
    }
    let after = cmd
        .get_after_help()
        .map(|s| s.to_string())
        .unwrap_or_default();
    let (mut examples, mut notes) = (Vec::new(), Vec::new());
    for para in after.split("\n\n") {
        if let Some(ex) = para.strip_prefix("Examples:") {
            examples.extend(
                ex.lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(|l| l.trim_start().to_string()),
            );
        } else if !para.starts_with("Exit codes") && !para.trim().is_empty() {
            notes.push(para.to_string());
        }
    }
    let mut s = String::new();
    if !examples.is_empty() {
        s.push_str(".SH EXAMPLES\n.nf\n");
        for l in &examples {
            s.push_str(&roff(l));
            s.push('\n');
        }
        s.push_str(".fi\n");
    }
    if !notes.is_empty() {
        s.push_str(".SH NOTES\n");
        for n in &notes {
            s.push_str(".PP\n.nf\n");
            for l in man_text(n).lines() {
                s.push_str(&roff(l));
                s.push('\n');
            }
            s.push_str(".fi\n");
        }
    }
    s.push_str(".SH \"EXIT STATUS\"\nThe same codes for every registryctl command:\n");
    for (code, _, meaning) in exit::TABLE {
        s.push_str(&format!(".TP\n.B {code}\n{}\n", roff(&man_text(meaning))));
    }
    s.push_str(".SH ENVIRONMENT\n");
    let mut seen = std::collections::BTreeSet::new();
    for a in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
        if let Some(env) = a.get_env().and_then(|e| e.to_str()) {
            if seen.insert(env.to_string()) {
                let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
                let flag = a
                    .get_long()
                    .map(|l| format!(" (as --{l})"))
                    .unwrap_or_default();
                s.push_str(&format!(
                    ".TP\n.B {}\n{}{}\n",
                    roff(env),
                    roff(&man_text(&help)),
                    roff(&flag)
                ));
            }
        }
    }
    for (env, what) in ENVIRONMENT {
        s.push_str(&format!(".TP\n.B {env}\n{}\n", roff(what)));
    }
    s.push_str(&format!(
        ".SH VERSION\n{}\n",
        roff(&format!("{BIN_NAME} {}", env!("CARGO_PKG_VERSION")))
    ));
    out.extend_from_slice(s.as_bytes());
    Ok(out)
}
