//! `registryctl repo ls|rm`: repositories from the shell.

use std::io::IsTerminal;

use super::listing;
use super::output::{self, outln};
use super::{exit, open_store, Cli, StoreUse};
use crate::audit::{Deletion, Kind, Why};
use crate::image::ImageRef;
use crate::inventory;
use crate::oci::{Digest, RepoName};

/// `registryctl repo …`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  registryctl repo ls\n  registryctl repo rm acme/old-app --yes"
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
        after_help = "Examples:\n  registryctl repo ls\n  registryctl repo ls --json\n\nSIZE counts every blob and manifest the repository links; blobs shared between\nrepositories count in each, and once in the totals line."
    )]
    Ls(RepoLsArgs),
    /// Remove a repository: its tags, manifests and links (blob bytes stay for gc).
    #[command(
        after_help = "Examples:\n  registryctl repo rm acme/old-app\n  registryctl repo rm acme/old-app --yes\n\nAsks for confirmation on a terminal; without one (scripts, cron) it refuses unless\n--yes is given. Nested repositories (acme/old-app/sub) are not removed. Safe while\n`registryctl serve` runs: clients see the repository disappear at once."
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
        output::say(
            &format!(
                "{} repositories, {} (shared blobs counted once)",
                rows.len(),
                output::size(total, args.bytes)
            ),
            2,
        );
    }
    Ok(exit::OK)
}

/// Parses a repository name with a message that says what a valid one looks like
/// (a usage error, [`exit::USAGE`]).
pub fn parse_repo(s: &str) -> anyhow::Result<RepoName> {
    RepoName::parse(s).map_err(|e| {
        exit::err(
            exit::USAGE,
            format!(
                "`{s}` is not a repository name (lowercase components separated by `/`, e.g. acme/app): {e}"
            ),
        )
    })
}

/// Parses a repository name and opens the store to read it; a repository the store
/// does not hold is [`exit::NOT_FOUND`].
pub fn open_repo(cli: &Cli, name: &str) -> anyhow::Result<(RepoName, crate::storage::Store)> {
    let repo = parse_repo(name)?;
    let store = open_store(cli, StoreUse::Read)?;
    if !store.repo_exists(&repo)? {
        return Err(exit::err(
            exit::NOT_FOUND,
            format!("no repository {repo}: see `registryctl repo ls`"),
        ));
    }
    Ok((repo, store))
}

/// Parses `REPO:TAG`, `REPO@DIGEST` (or, with `tag_optional`, `REPO`); a malformed
/// one is a usage error.
pub fn parse_image_ref(s: &str, tag_optional: bool) -> anyhow::Result<ImageRef> {
    ImageRef::parse(s, tag_optional).map_err(|e| match super::error_code(&e) {
        exit::FAILURE => exit::err(exit::USAGE, format!("{e:#}")),
        _ => e,
    })
}

/// The manifest digest a reference names; [`exit::NOT_FOUND`] when there is none.
pub fn resolve_ref(store: &crate::storage::Store, r: &ImageRef) -> anyhow::Result<Digest> {
    if let Some(d) = &r.digest {
        if store.manifest_info(&r.repo, d)?.is_none() {
            return Err(exit::err(
                exit::NOT_FOUND,
                format!(
                    "{} holds no manifest {d}: see `registryctl manifest ls {}`",
                    r.repo, r.repo
                ),
            ));
        }
        return Ok(d.clone());
    }
    let Some(tag) = &r.tag else {
        return Err(exit::err(
            exit::USAGE,
            format!(
                "name a tag or a digest of {} (REPO:TAG or REPO@DIGEST)",
                r.repo
            ),
        ));
    };
    store.resolve_tag(&r.repo, tag)?.ok_or_else(|| {
        exit::err(
            exit::NOT_FOUND,
            format!(
                "{}:{tag} does not exist: see `registryctl tag ls {}`",
                r.repo, r.repo
            ),
        )
    })
}

fn rm(cli: &Cli, args: &RepoRmArgs) -> anyhow::Result<u8> {
    let repo = parse_repo(&args.repo)?;
    let store = open_store(cli, StoreUse::Write)?;
    if !store.repo_exists(&repo)? {
        return Err(exit::err(
            exit::NOT_FOUND,
            format!(
                "no repository {repo} in {}: see `registryctl repo ls`",
                store.describe()
            ),
        ));
    }
    if !args.yes {
        if !std::io::stdin().is_terminal() {
            return Err(exit::err(
                exit::USAGE,
                format!("refusing to remove {repo} without confirmation (stdin is not a terminal): pass --yes"),
            ));
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
    let tags = store.list_tags(&repo)?.unwrap_or_default().len();
    let (manifests, _) = store.repo_links(&repo, crate::storage::LinkKind::Manifest)?;
    let (layers, _) = store.repo_links(&repo, crate::storage::LinkKind::Layer)?;
    let detail = format!(
        "{tags} tags, {} manifests, {} layer links",
        manifests.len(),
        layers.len()
    );
    if !store.delete_repo(&repo)? {
        return Err(exit::err(
            exit::NOT_FOUND,
            format!("no repository {repo}: it was removed meanwhile"),
        ));
    }
    super::audit::record(
        &store,
        "repo rm",
        Why::Cli,
        [Deletion::of(Kind::Repository).repo(&repo).detail(detail)],
    )?;
    if !cli.quiet {
        outln!("removed repository {repo}");
    }
    Ok(exit::OK)
}
