//! `registryctl manifest ls|get|rm`: manifests from the shell.

use serde::Serialize;

use super::listing;
use super::output::{self, outln};
use super::repo::{parse_image_ref, resolve_ref};
use super::{exit, open_store, Cli, StoreUse};
use crate::audit::{Deletion, Kind, Why};
use crate::inventory::human_age;
use crate::storage::LinkKind;

/// `registryctl manifest …`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  registryctl manifest ls acme/app --untagged\n  registryctl manifest get acme/app:v1\n  registryctl manifest rm acme/app:v1 --yes"
)]
pub struct ManifestArgs {
    /// What to do with manifests.
    #[command(subcommand)]
    pub command: ManifestCommand,
}

/// Subcommands of `manifest`.
#[derive(Debug, clap::Subcommand)]
pub enum ManifestCommand {
    /// List a repository's manifests with their type, size, age and tags.
    #[command(
        after_help = "Examples:\n  registryctl manifest ls acme/app\n  registryctl manifest ls acme/app --untagged\n  registryctl manifest ls acme/app --json\n\nTYPE is image, index or the media type of anything else. --untagged lists the\nmanifests no tag points at (index children and referrers included): what `registryctl\ngc --delete-untagged` may remove when nothing tagged reaches them."
    )]
    Ls(ManifestLsArgs),
    /// Print a manifest or index as pretty JSON.
    #[command(
        after_help = "Examples:\n  registryctl manifest get acme/app:v1\n  registryctl manifest get acme/app@sha256:4f1c… | jq '.layers[].size'\n  registryctl manifest get acme/app:v1 --raw | sha256sum\n\n--raw prints the stored bytes unchanged (they hash to the digest)."
    )]
    Get(ManifestGetArgs),
    /// Remove a manifest from a repository, with every tag pointing at it.
    #[command(
        after_help = "Examples:\n  registryctl manifest rm acme/app:v1\n  registryctl manifest rm acme/app@sha256:4f1c… --yes\n\nNames the tags that go with the manifest and asks for confirmation on a terminal;\nwithout one (scripts, cron) it refuses unless --yes is given (2). An immutable tag\npointing at it refuses the removal (10). The blobs it references stay until\n`registryctl gc` finds them unreachable. Safe while `registryctl serve` runs."
    )]
    Rm(ManifestRmArgs),
}

/// Flags of `manifest ls`.
#[derive(Debug, clap::Args)]
pub struct ManifestLsArgs {
    /// The repository, e.g. `acme/app`.
    #[arg(value_name = "REPO")]
    pub repo: String,
    /// Only manifests no tag points at.
    #[arg(long)]
    pub untagged: bool,
    /// Whole digests and tag lists.
    #[arg(long)]
    pub no_trunc: bool,
    /// Print a JSON array.
    #[arg(long)]
    pub json: bool,
}

/// Flags of `manifest get`.
#[derive(Debug, clap::Args)]
pub struct ManifestGetArgs {
    /// `REPO:TAG` or `REPO@DIGEST`.
    #[arg(value_name = "REF")]
    pub reference: String,
    /// The stored bytes as they are, not re-indented.
    #[arg(long)]
    pub raw: bool,
}

/// Flags of `manifest rm`.
#[derive(Debug, clap::Args)]
pub struct ManifestRmArgs {
    /// `REPO:TAG` or `REPO@DIGEST`, e.g. `acme/app:v1` or `acme/app@sha256:…`.
    #[arg(value_name = "REF")]
    pub reference: String,
    /// Do not ask for confirmation (required when stdin is not a terminal).
    #[arg(short, long)]
    pub yes: bool,
}

/// One row of `manifest ls --json`.
#[derive(Debug, Serialize)]
struct ManifestRow {
    digest: String,
    media_type: Option<String>,
    size: Option<u64>,
    tags: Vec<String>,
    age_secs: u64,
    modified: String,
}

/// Runs `manifest …`.
pub fn run(cli: &Cli, args: &ManifestArgs) -> anyhow::Result<u8> {
    match &args.command {
        ManifestCommand::Ls(a) => ls(cli, a),
        ManifestCommand::Get(a) => get(cli, a),
        ManifestCommand::Rm(a) => rm(cli, a),
    }
}

fn short_type(media_type: &str) -> &str {
    match media_type {
        "application/vnd.oci.image.manifest.v1+json"
        | "application/vnd.docker.distribution.manifest.v2+json" => "image",
        "application/vnd.oci.image.index.v1+json"
        | "application/vnd.docker.distribution.manifest.list.v2+json" => "index",
        other => other,
    }
}

fn ls(cli: &Cli, args: &ManifestLsArgs) -> anyhow::Result<u8> {
    let (repo, store) = super::repo::open_repo(cli, &args.repo)?;
    let now = store.clock()?;
    let tags = store.tags_with_targets(&repo)?;
    let (links, _) = store.repo_links(&repo, LinkKind::Manifest)?;
    let mut rows = Vec::new();
    for l in links {
        let names: Vec<String> = tags
            .iter()
            .filter(|(_, d)| d.as_ref() == Some(&l.digest))
            .map(|(t, _)| t.to_string())
            .collect();
        if args.untagged && !names.is_empty() {
            continue;
        }
        let info = store.manifest_info(&repo, &l.digest).ok().flatten();
        rows.push(ManifestRow {
            digest: l.digest.to_string(),
            media_type: info.as_ref().map(|i| i.media_type.clone()),
            size: info.map(|i| i.size),
            tags: names,
            age_secs: now
                .duration_since(l.modified)
                .map(|d| d.as_secs())
                .unwrap_or(0),
            modified: humantime::format_rfc3339_seconds(l.modified).to_string(),
        });
    }
    if args.json {
        listing::print_json(&rows)?;
        return Ok(exit::OK);
    }
    if cli.quiet {
        return Ok(exit::OK);
    }
    let mut t = listing::table(&["DIGEST", "TYPE", "SIZE", "AGE", "TAGS"], &[2, 3]);
    for r in &rows {
        t.add_row(vec![
            listing::short_digest(&r.digest, args.no_trunc),
            r.media_type.as_deref().map_or("?", short_type).to_string(),
            r.size.map_or("?".into(), |s| output::size(s, false)),
            human_age(r.age_secs),
            listing::short_list(&r.tags, args.no_trunc),
        ]);
    }
    if !rows.is_empty() {
        listing::print_table(&t);
    }
    outln!(
        "{} {}manifests",
        rows.len(),
        if args.untagged { "untagged " } else { "" }
    );
    Ok(exit::OK)
}

fn get(cli: &Cli, args: &ManifestGetArgs) -> anyhow::Result<u8> {
    let r = parse_image_ref(&args.reference, false)?;
    let store = open_store(cli, StoreUse::Read)?;
    let digest = resolve_ref(&store, &r)?;
    let Some((_, bytes)) = store.read_manifest(&r.repo, &digest)? else {
        return Err(exit::err(
            exit::NOT_FOUND,
            format!(
                "{}@{digest}: the manifest's bytes are missing (run `registryctl scan`)",
                r.repo
            ),
        ));
    };
    if args.raw {
        output::write_stdout_bytes(&bytes);
        return Ok(exit::OK);
    }
    match serde_json::from_slice::<serde_json::Value>(&bytes) {
        Ok(v) => listing::print_json(&v)?,
        // Stored manifests parse; print what is there rather than fail.
        Err(_) => output::write_stdout_bytes(&bytes),
    }
    Ok(exit::OK)
}

fn rm(cli: &Cli, args: &ManifestRmArgs) -> anyhow::Result<u8> {
    let r = parse_image_ref(&args.reference, false)?;
    let store = open_store(cli, StoreUse::Write)?;
    let digest = resolve_ref(&store, &r)?;
    let repo = &r.repo;
    let policy = crate::policy::Policy::load(&store)?;
    if let Some((tag, rule)) = policy.pinned_tag_of(&store, repo, &digest)? {
        return Err(exit::err(
            exit::POLICY,
            format!(
                "{repo}:{tag} points at {digest} and is immutable (rule {rule}): the manifest cannot be removed"
            ),
        ));
    }
    let tag_names: Vec<crate::oci::Tag> = store
        .tags_with_targets(repo)?
        .into_iter()
        .filter(|(_, d)| d.as_ref() == Some(&digest))
        .map(|(t, _)| t)
        .collect();
    let tags: Vec<String> = tag_names.iter().map(|t| format!("{repo}:{t}")).collect();
    let with = if tags.is_empty() {
        "no tag points at it".to_string()
    } else {
        format!("with its tags {}", tags.join(", "))
    };
    if !args.yes {
        if !listing::can_ask() {
            return Err(exit::err(
                exit::USAGE,
                format!(
                    "refusing to remove {repo}@{digest} ({with}) without confirmation (stdin is not a terminal): pass --yes"
                ),
            ));
        }
        if !listing::confirm(&format!("Remove {repo}@{digest}, {with}?"))? {
            eprintln!("not removed");
            return Ok(exit::FAILURE);
        }
    }
    let size = store.manifest_info(repo, &digest)?.map(|i| i.size);
    if !store.delete_manifest(repo, &digest)? {
        return Err(exit::err(
            exit::NOT_FOUND,
            format!("{repo} holds no manifest {digest}: it was removed meanwhile"),
        ));
    }
    let manifest = Deletion::of(Kind::Manifest)
        .repo(repo)
        .digest(&digest)
        .size(size);
    let tag_entries = tag_names
        .iter()
        .map(|t| Deletion::of(Kind::Tag).repo(repo).tag(t).digest(&digest));
    super::audit::record(
        &store,
        "manifest rm",
        Why::Cli,
        std::iter::once(manifest).chain(tag_entries),
    )?;
    if !cli.quiet {
        outln!("removed {repo}@{digest} ({with})");
    }
    Ok(exit::OK)
}
