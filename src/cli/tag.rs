//! `registryctl tag ls|rm`: tags from the shell.

use anyhow::{bail, Context};
use serde::Serialize;

use super::listing;
use super::output::outln;
use super::repo::parse_repo;
use super::{exit, open_store, Cli, StoreUse};
use crate::inventory::human_age;
use crate::oci::{RepoName, Tag};

/// `registryctl tag …`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  registryctl tag ls acme/app\n  registryctl tag rm acme/app:v1.2"
)]
pub struct TagArgs {
    /// What to do with tags.
    #[command(subcommand)]
    pub command: TagCommand,
}

/// Subcommands of `tag`.
#[derive(Debug, clap::Subcommand)]
pub enum TagCommand {
    /// List a repository's tags with the manifest each points at.
    #[command(
        after_help = "Examples:\n  registryctl tag ls acme/app\n  registryctl tag ls acme/app --json"
    )]
    Ls(TagLsArgs),
    /// Remove a tag (untag only: the manifest stays for gc to judge).
    #[command(
        after_help = "Examples:\n  registryctl tag rm acme/app:v1.2\n\nSafe while `registryctl serve` runs: clients stop seeing the tag at once."
    )]
    Rm(TagRmArgs),
}

/// Flags of `tag ls`.
#[derive(Debug, clap::Args)]
pub struct TagLsArgs {
    /// The repository, e.g. `acme/app`.
    #[arg(value_name = "REPO")]
    pub repo: String,
    /// Print a JSON array.
    #[arg(long)]
    pub json: bool,
}

/// Flags of `tag rm`.
#[derive(Debug, clap::Args)]
pub struct TagRmArgs {
    /// `REPO:TAG`, e.g. `acme/app:v1.2`.
    #[arg(value_name = "REPO:TAG")]
    pub reference: String,
}

/// One row of `tag ls --json`.
#[derive(Debug, Serialize)]
struct TagRow {
    tag: String,
    /// The manifest digest, or null when the record is damaged.
    digest: Option<String>,
    /// Seconds since the tag was last written.
    age_secs: u64,
    modified: String,
}

/// Runs `tag …`.
pub fn run(cli: &Cli, args: &TagArgs) -> anyhow::Result<u8> {
    match &args.command {
        TagCommand::Ls(a) => ls(cli, a),
        TagCommand::Rm(a) => rm(cli, a),
    }
}

fn ls(cli: &Cli, args: &TagLsArgs) -> anyhow::Result<u8> {
    let repo = parse_repo(&args.repo)?;
    let store = open_store(cli, StoreUse::Read)?;
    if !store.repo_exists(&repo)? {
        return Err(exit::err(
            exit::NOT_FOUND,
            format!("no repository {repo}: see `registryctl repo ls`"),
        ));
    }
    let now = store.clock()?;
    let (tags, _strays) = store.repo_tags(&repo)?;
    let rows: Vec<TagRow> = tags
        .into_iter()
        .map(|t| TagRow {
            tag: t.tag.to_string(),
            digest: t.target.ok().map(|d| d.to_string()),
            age_secs: now
                .duration_since(t.modified)
                .map(|d| d.as_secs())
                .unwrap_or(0),
            modified: humantime::format_rfc3339_seconds(t.modified).to_string(),
        })
        .collect();
    if args.json {
        listing::print_json(&rows)?;
        return Ok(exit::OK);
    }
    let mut t = listing::table(&["TAG", "DIGEST", "AGE"], &[2]);
    for r in &rows {
        t.add_row(vec![
            r.tag.clone(),
            r.digest
                .clone()
                .unwrap_or_else(|| "(damaged record)".into()),
            human_age(r.age_secs),
        ]);
    }
    if !rows.is_empty() {
        listing::print_table(&t);
    }
    if !cli.quiet {
        outln!("{} tags", rows.len());
    }
    Ok(exit::OK)
}

/// Splits `REPO:TAG` at the last `:` (repository names cannot contain one).
pub fn parse_repo_tag(s: &str) -> anyhow::Result<(RepoName, Tag)> {
    let Some((r, t)) = s.rsplit_once(':') else {
        bail!("`{s}` is not REPO:TAG (e.g. acme/app:v1.2)");
    };
    let repo = parse_repo(r)?;
    let tag = Tag::parse(t).with_context(|| format!("`{t}` is not a valid tag"))?;
    Ok((repo, tag))
}

fn rm(cli: &Cli, args: &TagRmArgs) -> anyhow::Result<u8> {
    let (repo, tag) = parse_repo_tag(&args.reference)?;
    let store = open_store(cli, StoreUse::Write)?;
    if let Some(rule) = crate::policy::Policy::load(&store)?.immutable_rule(&repo, &tag) {
        bail!(
            "{repo}:{tag} is immutable (rule {}): it cannot be removed; `registryctl immutable rm` first if you must",
            rule.describe()
        );
    }
    if !store.delete_tag(&repo, &tag)? {
        bail!("no tag {tag} in {repo}: see `registryctl tag ls {repo}`");
    }
    if !cli.quiet {
        outln!("untagged {repo}:{tag}");
    }
    Ok(exit::OK)
}
