//! `registryctl usage`: the bytes each repository, organisation or pattern of
//! repositories references, what only it references and what it shares.

use super::output::{self, outln};
use super::{exit, listing, open_store, Cli, StoreUse};
use crate::auth::Pattern;
use crate::policy::usage::{Accounting, GroupBy, RefCache, ScopeUsage};

/// Flags of `usage`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  registryctl usage                     # per organisation (first path component)\n  registryctl usage --by repo\n  registryctl usage --scope 'acme/team-*/**' --scope 'acme/app'\n  registryctl usage --json | jq '.[] | select(.only_bytes > 1e9)'\n\nTOTAL is the bytes of the blobs and manifests the scope's manifests reference, each\ncounted once however many of its repositories share it; ONLY is what no repository\noutside the scope references (what deleting the scope would free after gc); SHARED\nis the rest. Blobs no manifest references count nowhere. Patterns are the ACL's\n(acme/app, acme/* one level, acme/** everything under acme). See docs/policy.md."
)]
pub struct UsageArgs {
    /// Group repositories by organisation (first path component) or not at all.
    #[arg(long, value_enum, default_value = "org", conflicts_with = "scope")]
    pub by: GroupBy,
    /// One scope: the repositories this ACL pattern matches (repeatable).
    #[arg(long, value_name = "PATTERN")]
    pub scope: Vec<String>,
    /// Print a JSON array.
    #[arg(long)]
    pub json: bool,
    /// Sizes in bytes instead of KiB/MiB/GiB.
    #[arg(long, alias = "raw")]
    pub bytes: bool,
}

/// Runs `usage`.
pub fn run(cli: &Cli, args: &UsageArgs) -> anyhow::Result<u8> {
    let patterns: Vec<Pattern> = args
        .scope
        .iter()
        .map(|s| {
            Pattern::parse(s).map_err(|e| {
                exit::err(
                    exit::USAGE,
                    format!("--scope {s}: {e} (write an ACL pattern such as acme/** or acme/app)"),
                )
            })
        })
        .collect::<Result<_, _>>()?;
    let store = open_store(cli, StoreUse::Read)?;
    let acct = Accounting::take(&store, &RefCache::default())?;
    let rows: Vec<ScopeUsage> = if patterns.is_empty() {
        acct.grouped(args.by)
    } else {
        args.scope
            .iter()
            .zip(&patterns)
            .map(|(s, p)| acct.scope(s, |r| p.matches(r.as_str(), None)))
            .collect()
    };
    if args.json {
        listing::print_json(&rows)?;
        return Ok(exit::OK);
    }
    if rows.is_empty() {
        if !cli.quiet {
            outln!("no repositories");
        }
        return Ok(exit::OK);
    }
    let mut t = listing::table(
        &["SCOPE", "REPOS", "BLOBS", "TOTAL", "ONLY", "SHARED"],
        &[1, 2, 3, 4, 5],
    );
    for u in &rows {
        t.add_row(vec![
            u.scope.clone(),
            u.repositories.to_string(),
            u.blobs.to_string(),
            output::size(u.total_bytes, args.bytes),
            output::size(u.only_bytes, args.bytes),
            output::size(u.shared_bytes, args.bytes),
        ]);
    }
    listing::print_table(&t);
    Ok(exit::OK)
}
