//! `registryctl repo ls|rm`: repositories from the shell.

use std::io::IsTerminal;

use anyhow::{bail, Context};

use super::listing;
use super::output::{self, outln};
use super::{exit, open_store, Cli, StoreUse};
use crate::inventory;
use crate::oci::RepoName;

/// `registryctl repo …`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  registryctl repo ls\n  registryctl repo rm acme/old-app --yes\n\nExit codes: 0 success, 1 failure (the cause is printed on stderr), 2 bad usage, 6 no store at the root, 7 the store needs a newer registryctl."
)]
pub struct RepoArgs {
    /// What to do with repositories.
    #[command(subcommand)]
    pub command: RepoCommand,
}

/// Subcommands of `repo`.
#[derive(Debug, clap::Subcommand)]
pub enum RepoCommand {
    /// List repositories with tag, manifest and blob counts and sizes.
    #[command(
        after_help = "Examples:\n  registryctl repo ls\n  registryctl repo ls --json\n\nSIZE counts every blob and manifest the repository links; blobs shared between\nrepositories count in each, and once in the totals line.\n\nExit codes: 0 listed, 1 failed, 2 bad usage, 6 no store at the root, 7 the store needs a newer registryctl."
    )]
    Ls(RepoLsArgs),
    /// Remove a repository: its tags, manifests and links (blob bytes stay for gc).
    #[command(
        after_help = "Examples:\n  registryctl repo rm acme/old-app\n  registryctl repo rm acme/old-app --yes\n\nAsks for confirmation on a terminal; without one (scripts, cron) it refuses unless\n--yes is given. Nested repositories (acme/old-app/sub) are not removed. Safe while\n`registryctl serve` runs: clients see the repository disappear at once.\n\nExit codes: 0 removed, 1 failed, declined or no such repository, 2 bad usage, 6 no store at the root, 7 the store needs a newer registryctl."
    )]
    Rm(RepoRmArgs),
}

/// Flags of `repo ls`.
#[derive(Debug, clap::Args)]
pub struct RepoLsArgs {
    /// Sizes in bytes instead of KiB/MiB/GiB (`--raw` works too, as elsewhere).
    #[arg(long, alias = "raw")]
    pub bytes: bool,
    /// Print a JSON array.
    #[arg(long)]
    pub json: bool,
}

/// Flags of `repo rm`.
#[derive(Debug, clap::Args)]
pub struct RepoRmArgs {
    /// The repository, e.g. `acme/app`.
    #[arg(value_name = "REPO")]
    pub repo: String,
    /// Do not ask for confirmation (required when stdin is not a terminal).
    #[arg(short, long)]
    pub yes: bool,
}

/// Runs `repo …`.
pub fn run(cli: &Cli, args: &RepoArgs) -> anyhow::Result<u8> {
    match &args.command {
        RepoCommand::Ls(a) => ls(cli, a),
        RepoCommand::Rm(a) => rm(cli, a),
    }
}

fn ls(cli: &Cli, args: &RepoLsArgs) -> anyhow::Result<u8> {
    let snap = listing::snapshot(cli)?;
    let (rows, total) = inventory::repo_rows(&snap);
    if args.json {
        listing::print_json(&rows)?;
        return Ok(exit::OK);
    }
    let mut t = listing::table(
        &["REPOSITORY", "TAGS", "MANIFESTS", "BLOBS", "SIZE"],
        &[1, 2, 3, 4],
    );
    for r in &rows {
        t.add_row(vec![
            r.name.clone(),
            r.tags.to_string(),
            r.manifests.to_string(),
            r.blobs.to_string(),
            output::size(r.bytes, args.bytes),
        ]);
    }
    if !rows.is_empty() {
        listing::print_table(&t);
    }
    if !cli.quiet {
        outln!(
            "{} repositories, {} (shared blobs counted once)",
            rows.len(),
            output::size(total, args.bytes)
        );
    }
    Ok(exit::OK)
}

/// Parses a repository name with a message that says what a valid one looks like.
pub fn parse_repo(s: &str) -> anyhow::Result<RepoName> {
    RepoName::parse(s).with_context(|| {
        format!(
            "`{s}` is not a repository name (lowercase components separated by `/`, e.g. acme/app)"
        )
    })
}

fn rm(cli: &Cli, args: &RepoRmArgs) -> anyhow::Result<u8> {
    let repo = parse_repo(&args.repo)?;
    let store = open_store(cli, StoreUse::Write)?;
    if !store.repo_exists(&repo)? {
        bail!(
            "no repository {repo} in {}: see `registryctl repo ls`",
            store.describe()
        );
    }
    if !args.yes {
        if !std::io::stdin().is_terminal() {
            bail!("refusing to remove {repo} without confirmation: pass --yes");
        }
        let tags = store.list_tags(&repo)?.unwrap_or_default().len();
        let question = format!(
            "Remove repository {repo} with its {tags} tags? Blob bytes stay until `registryctl gc`."
        );
        if !listing::confirm(&question)? {
            eprintln!("not removed");
            return Ok(exit::FAILURE);
        }
    }
    if !store.delete_repo(&repo)? {
        bail!("no repository {repo}: it was removed meanwhile");
    }
    if !cli.quiet {
        outln!("removed repository {repo}");
    }
    Ok(exit::OK)
}
