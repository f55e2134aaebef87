//! `registryctl blob ls`: the blob inventory (what is using the disk).

use std::time::Duration;

use anyhow::Context;

use super::listing;
use super::output;
use super::{exit, Cli};
use crate::inventory::{self, BlobQuery, BlobSort, Glob};

/// `registryctl blob …`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  registryctl blob ls --sort size --limit 20")]
pub struct BlobArgs {
    /// What to do with blobs.
    #[command(subcommand)]
    pub command: BlobCommand,
}

/// Subcommands of `blob`.
#[derive(Debug, clap::Subcommand)]
pub enum BlobCommand {
    /// List blobs with their size, repositories, referencing manifests, reachability and age.
    Ls(BlobLsArgs),
}

/// Flags of `blob ls`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  registryctl blob ls --sort size --limit 20\n  registryctl blob ls --repo 'acme/**' --min-size 100M\n  registryctl blob ls --unreachable --older-than 7d --json\n  registryctl blob ls --unreferenced --no-trunc\n\nKIND is what the blob is used as: manifest, config or layer. REFS counts the manifests\nnaming it. A blob is unreferenced (--unreferenced) when no manifest names it and no\nrepository holds it as a manifest: plain `registryctl gc` reclaims those. It is\nreachable (TAGGED yes) when a tag reaches it through manifests (index children, config,\nlayers) or it belongs to a referrer (signature, SBOM) of something reachable; the rest\n(--unreachable, alias --untagged) is what `registryctl gc --delete-untagged` reclaims.\nTables show 12 hex digits of a digest and the first repository (+N more): --no-trunc\nor --json for everything. Sizes accept K, M, G, T (powers of 1024) and KB, MB, GB, TB (powers of 1000).\nSafe to run while `registryctl serve` uses the store."
)]
pub struct BlobLsArgs {
    /// Only blobs linked by a repository matching this glob (`*` within a path
    /// component, `**` across components, `?` one character).
    #[arg(long, value_name = "GLOB")]
    pub repo: Option<Glob>,
    /// Only blobs no manifest names and no repository holds as a manifest (what plain
    /// `gc` reclaims).
    #[arg(long)]
    pub unreferenced: bool,
    /// Only blobs no tag reaches, untagged manifests and what only they use included
    /// (what `gc --delete-untagged` reclaims).
    #[arg(long, visible_alias = "untagged")]
    pub unreachable: bool,
    /// Only blobs last written or used at least this long ago (e.g. 7d, 12h).
    #[arg(long, value_name = "DURATION", value_parser = super::output::parse_duration, allow_hyphen_values = true)]
    pub older_than: Option<Duration>,
    /// Only blobs at least this big (e.g. 100M, 1.5GiB).
    #[arg(long, value_name = "SIZE", value_parser = inventory::parse_size)]
    pub min_size: Option<u64>,
    /// Order: size (largest first), age (oldest first) or digest.
    #[arg(long, value_enum, default_value = "digest")]
    pub sort: BlobSort,
    /// Show at most N blobs (the totals line still counts every match).
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Sizes in bytes instead of KiB/MiB/GiB (`--raw` works too, as elsewhere).
    #[arg(long, alias = "raw")]
    pub bytes: bool,
    /// Whole digests and repository lists (tables shorten them to fit 80 columns).
    #[arg(long)]
    pub no_trunc: bool,
    /// Print a JSON array.
    #[arg(long, conflicts_with = "jsonl")]
    pub json: bool,
    /// Print one JSON object per line.
    #[arg(long)]
    pub jsonl: bool,
}

/// Runs `blob …`.
pub fn run(cli: &Cli, args: &BlobArgs) -> anyhow::Result<u8> {
    match &args.command {
        BlobCommand::Ls(a) => ls(cli, a),
    }
}

fn ls(cli: &Cli, args: &BlobLsArgs) -> anyhow::Result<u8> {
    let snap = listing::snapshot(cli)?;
    let q = BlobQuery {
        repo: args.repo.clone(),
        unreferenced: args.unreferenced,
        unreachable: args.unreachable,
        older_than: args.older_than.map(|d| d.as_secs()),
        min_size: args.min_size,
        sort: Some(args.sort),
    };
    let rows = inventory::blob_rows(&snap, &q);
    let matched = rows.len();
    let matched_bytes: u64 = rows.iter().map(|r| r.size).sum();
    let unreachable_bytes: u64 = rows.iter().filter(|r| !r.reachable).map(|r| r.size).sum();
    let shown = &rows[..args.limit.unwrap_or(matched).min(matched)];
    if args.json {
        listing::print_json(shown)?;
        return Ok(exit::OK);
    }
    if args.jsonl {
        for r in shown {
            let mut line = serde_json::to_vec(r).context("serialising JSON")?;
            line.push(b'\n');
            output::write_stdout_bytes(&line);
        }
        return Ok(exit::OK);
    }
    // The repository list is last: the one column of variable width.
    let mut t = listing::table(
        &[
            "DIGEST",
            "KIND",
            "SIZE",
            "REFS",
            "TAGGED",
            "AGE",
            "REPOSITORIES",
        ],
        &[2, 3, 5],
    );
    for r in shown {
        t.add_row(vec![
            listing::short_digest(&r.digest, args.no_trunc),
            r.kind.map_or("-", |k| k.as_str()).to_string(),
            output::size(r.size, args.bytes),
            r.manifests.to_string(),
            if r.reachable { "yes" } else { "no" }.to_string(),
            inventory::human_age(r.age_secs),
            listing::short_list(&r.repositories, args.no_trunc),
        ]);
    }
    if !shown.is_empty() {
        listing::print_table(&t);
    }
    if !cli.quiet {
        output::say(
            &format!(
                "{} of {} blobs shown; {} matching, {} of them unreachable",
                shown.len(),
                matched,
                total_size(matched_bytes, args.bytes),
                total_size(unreachable_bytes, args.bytes),
            ),
            2,
        );
    }
    Ok(exit::OK)
}

fn total_size(n: u64, raw: bool) -> String {
    if raw {
        format!("{n} bytes")
    } else {
        output::size(n, false)
    }
}
