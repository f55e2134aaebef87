//! `registryctl quarantine ls|purge`: the corrupt bytes `scan --fix` moved aside.

use std::time::Duration;

use serde::Serialize;

use super::listing;
use super::output::{self, outln};
use super::{exit, open_store, Cli, StoreUse};
use crate::audit::{Deletion, Kind, Origin, Recorder, Why};
use crate::inventory::human_age;

/// `registryctl quarantine …`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  registryctl quarantine ls\n  registryctl quarantine purge --older-than 30d -n\n\n`registryctl scan --fix` moves blob bytes that do not hash to their digest to\nquarantine/<alg>/<hex>.<unix-time> under the store root, so that clients can push the\nblob again; the bytes stay there for investigation until purged."
)]
pub struct QuarantineArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: QuarantineCommand,
}

/// Subcommands of `quarantine`.
#[derive(Debug, clap::Subcommand)]
pub enum QuarantineCommand {
    /// List the quarantined files: digest, size, age.
    #[command(
        after_help = "Examples:\n  registryctl quarantine ls\n  registryctl quarantine ls --json"
    )]
    Ls(LsArgs),
    /// Delete quarantined files (all, or those older than --older-than).
    #[command(
        after_help = "Examples:\n  registryctl quarantine purge -n\n  registryctl quarantine purge --older-than 30d\n\nDeletes only files under quarantine/, never a blob clients can fetch. Safe while\n`registryctl serve` runs."
    )]
    Purge(PurgeArgs),
}

/// Flags of `quarantine ls`.
#[derive(Debug, clap::Args)]
pub struct LsArgs {
    /// Whole digests.
    #[arg(long)]
    pub no_trunc: bool,
    /// Print a JSON array.
    #[arg(long)]
    pub json: bool,
}

/// Flags of `quarantine purge`.
#[derive(Debug, clap::Args)]
pub struct PurgeArgs {
    /// Only files quarantined at least this long ago (e.g. 30d).
    #[arg(long, value_name = "DURATION", value_parser = super::output::parse_duration, allow_hyphen_values = true)]
    pub older_than: Option<Duration>,
    /// Print what would be deleted, delete nothing.
    #[arg(short = 'n', long)]
    pub dry_run: bool,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// One quarantined file, as listed and purged.
#[derive(Debug, Serialize)]
struct Row {
    key: String,
    digest: Option<String>,
    size: u64,
    age_secs: u64,
    modified: String,
}

/// Runs `quarantine …`.
pub fn run(cli: &Cli, args: &QuarantineArgs) -> anyhow::Result<u8> {
    match &args.command {
        QuarantineCommand::Ls(a) => ls(cli, a),
        QuarantineCommand::Purge(a) => purge(cli, a),
    }
}

fn rows(
    store: &crate::storage::Store,
) -> anyhow::Result<Vec<(Row, crate::storage::cli2::QuarantineEntry)>> {
    let now = store.clock()?;
    Ok(store
        .quarantine_entries()?
        .into_iter()
        .map(|e| {
            let row = Row {
                key: e.key.to_string(),
                digest: e.digest.as_ref().map(|d| d.to_string()),
                size: e.size,
                age_secs: now
                    .duration_since(e.modified)
                    .map(|d| d.as_secs())
                    .unwrap_or(0),
                modified: humantime::format_rfc3339_seconds(e.modified).to_string(),
            };
            (row, e)
        })
        .collect())
}

fn ls(cli: &Cli, args: &LsArgs) -> anyhow::Result<u8> {
    let store = open_store(cli, StoreUse::Read)?;
    let rows: Vec<Row> = rows(&store)?.into_iter().map(|(r, _)| r).collect();
    if args.json {
        listing::print_json(&rows)?;
        return Ok(exit::OK);
    }
    if cli.quiet {
        return Ok(exit::OK);
    }
    let mut t = listing::table(&["DIGEST", "SIZE", "AGE", "FILE"], &[1, 2]);
    for r in &rows {
        t.add_row(vec![
            r.digest
                .as_deref()
                .map_or_else(|| "-".into(), |d| listing::short_digest(d, args.no_trunc)),
            output::size(r.size, false),
            human_age(r.age_secs),
            r.key.clone(),
        ]);
    }
    if !rows.is_empty() {
        listing::print_table(&t);
    }
    let total: u64 = rows.iter().map(|r| r.size).sum();
    output::say(
        &format!(
            "{} quarantined files, {}{}",
            rows.len(),
            output::size(total, false),
            if rows.is_empty() {
                ""
            } else {
                ": `registryctl quarantine purge` deletes them"
            }
        ),
        2,
    );
    Ok(exit::OK)
}

fn purge(cli: &Cli, args: &PurgeArgs) -> anyhow::Result<u8> {
    let usage = if args.dry_run {
        StoreUse::Read
    } else {
        StoreUse::Write
    };
    let store = open_store(cli, usage)?;
    let min_age = args.older_than.map_or(0, |d| d.as_secs());
    let mut purged = Vec::new();
    let mut kept = 0usize;
    let mut rec = Recorder::new(&store, Origin::cli("quarantine purge", Why::Cli));
    for (row, entry) in rows(&store)? {
        if row.age_secs < min_age {
            kept += 1;
            continue;
        }
        if args.dry_run {
            purged.push(row);
        } else if store.remove_quarantined(&entry)? {
            let mut d = Deletion::of(Kind::Quarantined)
                .name(&entry.key)
                .size(Some(entry.size));
            d.digest = entry.digest.as_ref().map(|d| d.to_string());
            rec.record(d);
            purged.push(row);
        }
    }
    super::audit::flush(&mut rec, "quarantine purge")?;
    let bytes: u64 = purged.iter().map(|r| r.size).sum();
    if args.json {
        listing::print_json(&serde_json::json!({
            "dry_run": args.dry_run, "purged": purged, "bytes": bytes, "kept": kept,
        }))?;
        return Ok(exit::OK);
    }
    if !cli.quiet {
        let verb = if args.dry_run {
            "would delete"
        } else {
            "deleted"
        };
        for r in &purged {
            outln!("{verb} {}", r.key);
        }
        output::say(
            &format!(
                "{verb} {} quarantined files ({}), kept {kept} younger than --older-than",
                purged.len(),
                output::size(bytes, false)
            ),
            2,
        );
    }
    Ok(exit::OK)
}
