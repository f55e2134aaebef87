//! `registryctl manifest rm`: removes a manifest from a repository.

use anyhow::{bail, Context};

use super::output::outln;
use super::repo::parse_repo;
use super::{exit, open_store, Cli, StoreUse};
use crate::oci::Digest;

/// `registryctl manifest …`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  registryctl manifest rm acme/app@sha256:4f1c…"
)]
pub struct ManifestArgs {
    /// What to do with manifests.
    #[command(subcommand)]
    pub command: ManifestCommand,
}

/// Subcommands of `manifest`.
#[derive(Debug, clap::Subcommand)]
pub enum ManifestCommand {
    /// Remove a manifest from a repository, with every tag pointing at it.
    #[command(
        after_help = "Examples:\n  registryctl manifest rm acme/app@sha256:4f1c…\n\nThe blobs it references stay until `registryctl gc` finds them unreachable. Safe while\n`registryctl serve` runs."
    )]
    Rm(ManifestRmArgs),
}

/// Flags of `manifest rm`.
#[derive(Debug, clap::Args)]
pub struct ManifestRmArgs {
    /// `REPO@DIGEST`, e.g. `acme/app@sha256:…`.
    #[arg(value_name = "REPO@DIGEST")]
    pub reference: String,
}

/// Runs `manifest …`.
pub fn run(cli: &Cli, args: &ManifestArgs) -> anyhow::Result<u8> {
    match &args.command {
        ManifestCommand::Rm(a) => rm(cli, a),
    }
}

fn rm(cli: &Cli, args: &ManifestRmArgs) -> anyhow::Result<u8> {
    let Some((r, d)) = args.reference.split_once('@') else {
        bail!(
            "`{}` is not REPO@DIGEST (e.g. acme/app@sha256:…; `registryctl tag ls REPO` shows digests)",
            args.reference
        );
    };
    let repo = parse_repo(r)?;
    let digest = Digest::parse(d).with_context(|| format!("`{d}` is not a digest"))?;
    let store = open_store(cli, StoreUse::Write)?;
    let policy = crate::policy::Policy::load(&store)?;
    if let Some((tag, rule)) = policy.pinned_tag_of(&store, &repo, &digest)? {
        bail!(
            "{repo}:{tag} points at {digest} and is immutable (rule {rule}): the manifest cannot be removed"
        );
    }
    if !store.delete_manifest(&repo, &digest)? {
        bail!("{repo} holds no manifest {digest}: see `registryctl tag ls {repo}`");
    }
    if !cli.quiet {
        outln!("removed {repo}@{digest}");
    }
    Ok(exit::OK)
}
