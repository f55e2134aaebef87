//! `registryctl scan`: checks the store's integrity, optionally repairing it.

use std::time::Duration;

use super::listing::{self, Bar};
use super::output::{self, outln};
use super::{open_store, print_error, Cli, StoreUse};
use crate::scan::{self, Report, ScanOptions};

/// Exit code of `scan` when it could not run: the check has no answer.
pub const COULD_NOT_RUN: u8 = super::exit::CHECK_ERROR;

/// Flags of `scan`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  registryctl scan\n  registryctl scan --verify --json > report.json\n  registryctl scan --verify --fix --dry-run\n  registryctl scan --fix --upload-ttl 6h\n\nSafe to run while `registryctl serve` uses the store. Without --verify only manifests\nand blobs whose size contradicts a manifest are hashed. --fix moves corrupt blobs to\nquarantine/ (clients can then push them again), removes links to missing bytes, tags\nto nothing, stale referrer records and abandoned upload sessions; it deletes no blob\nbytes. The JSON report is described in docs/scan.md.\n\nSeverity: errors are damage clients can see (corrupt or missing bytes, dangling tags);\nwarnings are clutter (unlinked bytes awaiting gc, stale uploads, stray files). Only\nerrors fail the scan (exit 1) unless --fail-on warning. A problem names the images\n(repo:tag) whose tags reach its digest; a corrupt blob lists every image using it."
)]
pub struct ScanArgs {
    /// Rehash every blob on all cores (reads everything).
    #[arg(long)]
    pub verify: bool,
    /// Repair what is safe to repair.
    #[arg(long)]
    pub fix: bool,
    /// With --fix: print what would be repaired, change nothing.
    #[arg(short = 'n', long, requires = "fix")]
    pub dry_run: bool,
    /// The least severity that fails the scan (exit 1): error (the default: warnings
    /// such as unlinked bytes awaiting gc do not fail a cron job) or warning.
    #[arg(long, value_enum, default_value = "error", value_name = "SEVERITY")]
    pub fail_on: FailOn,
    /// Whole digests and image lists in the table.
    #[arg(long)]
    pub no_trunc: bool,
    /// Upload sessions and staging files idle this long are abandoned.
    #[arg(long, default_value = "24h", value_name = "DURATION", value_parser = super::output::parse_duration, allow_hyphen_values = true)]
    pub upload_ttl: Duration,
    /// Threads for walking and hashing (default: every core).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
    /// Print the report as JSON (schema in docs/scan.md).
    #[arg(long)]
    pub json: bool,
}

/// `scan --fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Only errors (damage clients can see) fail the scan.
    Error,
    /// Warnings fail it too.
    Warning,
}

/// Runs `scan`. Failures to run are reported here and mapped to exit code 2, so that
/// cron can tell them from problems in the store (exit code 1).
pub fn run(cli: &Cli, args: &ScanArgs) -> anyhow::Result<u8> {
    match scan(cli, args) {
        Ok(report) => {
            let failing = match args.fail_on {
                FailOn::Error => report.errors,
                FailOn::Warning => report.errors + report.warnings,
            };
            Ok(if failing == 0 {
                super::exit::OK
            } else {
                super::exit::FAILURE
            })
        }
        // "No store" and "newer layout" keep the codes every command uses for them.
        Err(e) => Ok(match print_error("registryctl scan: could not run: ", &e) {
            super::exit::FAILURE => COULD_NOT_RUN,
            code => code,
        }),
    }
}

fn scan(cli: &Cli, args: &ScanArgs) -> anyhow::Result<Report> {
    // Only a real repair writes; `--fix --dry-run` reads like a plain scan.
    let usage = if args.fix && !args.dry_run {
        StoreUse::Write
    } else {
        StoreUse::Read
    };
    let store = open_store(cli, usage)?;
    let opts = ScanOptions {
        verify: args.verify,
        fix: args.fix,
        dry_run: args.dry_run,
        upload_ttl: args.upload_ttl,
        threads: args
            .threads
            .map(usize::from)
            .unwrap_or_else(crate::par::cpu_threads),
        origin: crate::audit::Origin::cli("scan --fix", crate::audit::Why::Scan),
    };
    let bar = Bar::new(cli);
    let report = scan::run(&store, &opts, &bar);
    bar.finish();
    let report = report?;
    if args.json {
        listing::print_json(&report)?;
    } else {
        print_human(cli, args, &report);
    }
    Ok(report)
}

fn severity(s: scan::Severity) -> &'static str {
    match s {
        scan::Severity::Error => "error",
        scan::Severity::Warning => "warning",
    }
}

fn print_human(cli: &Cli, args: &ScanArgs, r: &Report) {
    if !cli.quiet {
        if !r.repositories.is_empty() {
            let mut t = listing::table(
                &["REPOSITORY", "TAGS", "MANIFESTS", "BLOBS", "SIZE"],
                &[1, 2, 3, 4],
            );
            for row in &r.repositories {
                t.add_row(vec![
                    row.name.clone(),
                    row.tags.to_string(),
                    row.manifests.to_string(),
                    row.blobs.to_string(),
                    output::size(row.bytes, false),
                ]);
            }
            listing::print_table(&t);
            outln!();
        }
        let t = &r.totals;
        output::say(&format!(
            "{} repositories, {} tags, {} manifests; {} blobs, {} ({} linked, shared blobs counted once){}",
            t.repositories,
            t.tags,
            t.manifests,
            t.blobs,
            output::size(t.bytes, false),
            output::size(t.linked_bytes, false),
            if r.verify {
                format!(
                    "; {} rehashed in {:.1}s",
                    output::size(t.hashed_bytes, false),
                    r.duration_ms as f64 / 1000.0
                )
            } else {
                String::new()
            }
        ), 2);
        if t.quarantined > 0 {
            output::say(&format!(
                "quarantine/ holds {} files ({}): corrupt bytes moved aside; delete them once investigated",
                t.quarantined,
                output::size(t.quarantined_bytes, false)
            ), 2);
        }
    }
    if r.problems.is_empty() {
        if !cli.quiet {
            outln!("no problems found");
        }
    } else if !cli.quiet {
        outln!();
        let mut t = listing::table(&["SEVERITY", "PROBLEM", "OBJECT", "IMAGES", "DETAIL"], &[]);
        for p in &r.problems {
            let object = match (&p.digest, &p.repository) {
                (Some(d), Some(repo)) => {
                    format!("{repo}@{}", listing::short_digest(d, args.no_trunc))
                }
                (Some(d), None) => listing::short_digest(d, args.no_trunc),
                (None, _) => p.key.clone(),
            };
            t.add_row(vec![
                severity(p.severity).to_string(),
                p.kind.as_str().to_string(),
                object,
                listing::short_list(&p.images, args.no_trunc),
                p.detail.clone(),
            ]);
        }
        listing::print_table(&t);
        let fixable = r.problems.iter().filter(|p| p.fixable).count();
        output::say(
            &format!(
                "{} errors, {} warnings{} ({} fixable{})",
                r.errors,
                r.warnings,
                if r.errors == 0 {
                    match args.fail_on {
                        FailOn::Error => ": warnings do not fail the scan (--fail-on warning)",
                        FailOn::Warning => ": --fail-on warning fails the scan",
                    }
                } else {
                    ""
                },
                fixable,
                if r.fix || fixable == 0 {
                    ""
                } else {
                    ": run `registryctl scan --fix --dry-run` to see the repairs"
                }
            ),
            2,
        );
    }
    if !r.actions.is_empty() && !cli.quiet {
        outln!();
        let mut t = listing::table(&["REPAIR", "OBJECT", "RESULT"], &[]);
        for a in &r.actions {
            let result = match (&a.to, &a.error) {
                (_, Some(e)) => format!("{}: {e}", a.result),
                (Some(to), None) => format!("{} (moved to {to})", a.result),
                (None, None) => a.result.to_string(),
            };
            t.add_row(vec![a.action.to_string(), a.key.clone(), result]);
        }
        listing::print_table(&t);
        if r.dry_run {
            outln!("dry run: nothing was changed");
        }
    }
}
