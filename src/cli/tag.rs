//! `registryctl tag ls|rm|add`: tags from the shell.

use anyhow::Context;
use serde::Serialize;

use super::listing;
use super::output::outln;
use super::repo::{parse_image_ref, parse_repo, resolve_ref};
use super::{exit, open_store, Cli, StoreUse};
use crate::audit::{self, Deletion, Origin, Recorder, Why};
use crate::inventory::{human_age, Glob};
use crate::oci::{RepoName, Tag};
use crate::policy::Policy;

/// `registryctl tag …`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  registryctl tag ls acme/app\n  registryctl tag rm acme/app:v1.2\n  registryctl tag add acme/app:v1.2 stable"
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
        after_help = "Examples:\n  registryctl tag ls acme/app\n  registryctl tag ls acme/app --no-trunc\n  registryctl tag ls acme/app --json\n\nThe table shows 12 hex digits of each digest: --no-trunc or --json for whole ones."
    )]
    Ls(TagLsArgs),
    /// Remove tags (untag only: the manifests stay for gc to judge).
    #[command(
        after_help = "Examples:\n  registryctl tag rm acme/app:v1.2\n  registryctl tag rm acme/app:v1.2 acme/app:v1.3\n  registryctl tag rm 'acme/app:pr-*'\n\nA tag may be a glob (`*` any run of characters, `?` one): quote it for the shell. A\nglob that matches nothing, or a tag that does not exist, is an error (3) and nothing is\nremoved; so is an immutable tag (10). Safe while `registryctl serve` runs: clients\nstop seeing the tags at once."
    )]
    Rm(TagRmArgs),
    /// Point a new tag at the manifest an existing tag or digest names (retag, no copy).
    #[command(
        after_help = "Examples:\n  registryctl tag add acme/app:v1.2 stable\n  registryctl tag add acme/app@sha256:4f1c… v1.2.1\n\nThe new tag is in the same repository (use `registryctl image copy` for another). An\nexisting tag is moved, unless an immutable rule protects it (10). Safe while\n`registryctl serve` runs."
    )]
    Add(TagAddArgs),
}

/// Flags of `tag ls`.
#[derive(Debug, clap::Args)]
pub struct TagLsArgs {
    /// The repository, e.g. `acme/app`.
    #[arg(value_name = "REPO")]
    pub repo: String,
    /// Whole digests.
    #[arg(long)]
    pub no_trunc: bool,
    /// Print a JSON array.
    #[arg(long)]
    pub json: bool,
}

/// Flags of `tag rm`.
#[derive(Debug, clap::Args)]
pub struct TagRmArgs {
    /// `REPO:TAG` or `REPO:GLOB`, e.g. `acme/app:v1.2` or `'acme/app:pr-*'`.
    #[arg(value_name = "REPO:TAG", required = true)]
    pub references: Vec<String>,
}

/// Flags of `tag add`.
#[derive(Debug, clap::Args)]
pub struct TagAddArgs {
    /// The manifest: `REPO:TAG` or `REPO@DIGEST`.
    #[arg(value_name = "SOURCE")]
    pub source: String,
    /// The new tag (in the same repository).
    #[arg(value_name = "TAG")]
    pub tag: String,
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
        TagCommand::Add(a) => add(cli, a),
    }
}

fn ls(cli: &Cli, args: &TagLsArgs) -> anyhow::Result<u8> {
    let (repo, store) = super::repo::open_repo(cli, &args.repo)?;
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
            r.digest.as_deref().map_or_else(
                || "(damaged record)".into(),
                |d| listing::short_digest(d, args.no_trunc),
            ),
            human_age(r.age_secs),
        ]);
    }
    if !rows.is_empty() && !cli.quiet {
        listing::print_table(&t);
    }
    if !cli.quiet {
        outln!("{} tags", rows.len());
    }
    Ok(exit::OK)
}

/// Splits `REPO:TAG` at the last `:` (repository names cannot contain one); a
/// malformed one is a usage error.
pub fn parse_repo_tag(s: &str) -> anyhow::Result<(RepoName, Tag)> {
    let (repo, tag) = split_repo_tag(s)?;
    let tag = Tag::parse(tag)
        .map_err(|e| exit::err(exit::USAGE, format!("`{tag}` is not a valid tag: {e}")))?;
    Ok((repo, tag))
}

fn split_repo_tag(s: &str) -> anyhow::Result<(RepoName, &str)> {
    let Some((r, t)) = s.rsplit_once(':') else {
        return Err(exit::err(
            exit::USAGE,
            format!("`{s}` is not REPO:TAG (e.g. acme/app:v1.2)"),
        ));
    };
    Ok((parse_repo(r)?, t))
}

fn immutable_refusal(repo: &RepoName, tag: &Tag, rule: &str, what: &str) -> anyhow::Error {
    exit::err(
        exit::POLICY,
        format!(
            "{repo}:{tag} is immutable (rule {rule}): {what}; `registryctl immutable rm` first if you must"
        ),
    )
}

fn rm(cli: &Cli, args: &TagRmArgs) -> anyhow::Result<u8> {
    // Parse everything before opening the store: a typo removes nothing.
    let mut wanted: Vec<(RepoName, String)> = Vec::new();
    for r in &args.references {
        let (repo, pat) = split_repo_tag(r)?;
        if !pat.contains(['*', '?']) {
            parse_repo_tag(r)?;
        }
        wanted.push((repo, pat.to_string()));
    }
    let store = open_store(cli, StoreUse::Write)?;
    let policy = Policy::load(&store)?;
    let mut targets: Vec<(RepoName, Tag)> = Vec::new();
    for (repo, pat) in &wanted {
        let tags = store.list_tags(repo)?.unwrap_or_default();
        let glob = Glob::new(pat);
        let matched: Vec<Tag> = tags
            .into_iter()
            .filter(|t| glob.matches(t.as_str()))
            .collect();
        if matched.is_empty() {
            return Err(exit::err(
                exit::NOT_FOUND,
                format!(
                    "no tag {pat} in {repo}: see `registryctl tag ls {repo}`; nothing was removed"
                ),
            ));
        }
        for tag in matched {
            if let Some(rule) = policy.immutable_rule(repo, &tag) {
                return Err(immutable_refusal(
                    repo,
                    &tag,
                    &rule.describe(),
                    "it cannot be removed; nothing was removed",
                ));
            }
            if !targets.iter().any(|(r, t)| r == repo && *t == tag) {
                targets.push((repo.clone(), tag));
            }
        }
    }
    let mut rec = Recorder::new(&store, Origin::cli("tag rm", Why::Cli));
    for (repo, tag) in &targets {
        // The manifest it pointed at, for the audit log (read just before: a tag
        // moved in between is recorded with its old target).
        let target = store.resolve_tag(repo, tag).ok().flatten();
        // Gone meanwhile (another client): what was asked for is true.
        let removed = store.delete_tag(repo, tag)?;
        if removed {
            let mut d = Deletion::of(audit::Kind::Tag).repo(repo).tag(tag);
            d.digest = target.map(|t| t.to_string());
            rec.record(d);
        }
        if !cli.quiet {
            outln!(
                "untagged {repo}:{tag}{}",
                if removed { "" } else { " (already gone)" }
            );
        }
    }
    super::audit::flush(&mut rec, "tag rm")?;
    Ok(exit::OK)
}

fn add(cli: &Cli, args: &TagAddArgs) -> anyhow::Result<u8> {
    let src = parse_image_ref(&args.source, false)?;
    let tag = Tag::parse(&args.tag).map_err(|e| {
        exit::err(
            exit::USAGE,
            format!("`{}` is not a valid tag: {e}", args.tag),
        )
    })?;
    let store = open_store(cli, StoreUse::Write)?;
    let digest = resolve_ref(&store, &src)?;
    let repo = &src.repo;
    if let Some(rule) = Policy::load(&store)?.immutable_rule(repo, &tag) {
        let current = store.resolve_tag(repo, &tag)?;
        if current.is_some() && current.as_ref() != Some(&digest) {
            return Err(immutable_refusal(
                repo,
                &tag,
                &rule.describe(),
                "it cannot be moved",
            ));
        }
    }
    if !store
        .set_tag(repo, &tag, &digest)
        .with_context(|| format!("tagging {repo}:{tag}"))?
    {
        return Err(exit::err(
            exit::NOT_FOUND,
            format!("{repo} no longer holds {digest}"),
        ));
    }
    if !cli.quiet {
        outln!("tagged {repo}:{tag} -> {digest}");
    }
    Ok(exit::OK)
}
