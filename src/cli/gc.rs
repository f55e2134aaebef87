//! `registryctl gc`: online garbage collection next to a running `serve`.
//!
//! The work is in [`crate::gc`]; this file turns flags into options and the report
//! into a table, JSON, progress bars (terminal) or log lines (cron).

use std::io::Write;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{exit, listing, open_store, output, Cli, StoreUse};
use crate::gc::{self, GcError, Observer, Options, Phase, Report};

/// Exit status when another gc holds the store's gc lock.
pub const EXIT_ALREADY_RUNNING: u8 = exit::BUSY;

/// Flags of `gc`.
#[derive(Debug, clap::Args)]
#[command(
    about = "Remove unreferenced manifests, links and blobs while the registry keeps serving",
    after_help = "Safe to run from cron while `registryctl serve` takes pushes: nothing a push, \
mount or blob re-use relies on is removed, and nothing younger than the grace period is \
removed at all. See docs/gc.md for the protocol.\n\n\
Examples:\n  \
registryctl gc --dry-run                      # what would go, what the grace period keeps\n  \
registryctl gc --dry-run --json | jq '.items' # every object of the plan\n  \
registryctl gc --delete-untagged -q           # cron: also drop untagged manifests\n  \
registryctl gc --grace-period 24h --upload-ttl 7d --json\n\n\
--dry-run only reads: it works for a user who may read the store but not write it (it then \
takes the locks only where their files exist, and its clock is the system clock; docs/gc.md)."
)]
pub struct GcArgs {
    /// Decide everything and report it, remove nothing.
    #[arg(short = 'n', long)]
    pub dry_run: bool,
    /// What to collect.
    #[command(flatten)]
    pub flags: GcFlags,
    /// Print one JSON report on stdout, with every item removed (or, with --dry-run,
    /// to be removed) and held back, and why nothing more was removable.
    #[arg(long)]
    pub json: bool,
}

/// The flags that decide what gc collects, shared by `gc` and `prune --gc`.
#[derive(Debug, Clone, clap::Args)]
pub struct GcFlags {
    /// Only tags are roots: manifests that no tag reaches (directly, as an index child
    /// or as a referrer of one) are removed with what only they use.
    #[arg(long)]
    pub delete_untagged: bool,
    /// Nothing stamped (written, pushed, mounted or re-used) more recently than this
    /// is removed.
    #[arg(long, value_parser = super::output::parse_duration, allow_hyphen_values = true, default_value = "1h", value_name = "DURATION")]
    pub grace_period: Duration,
    /// Upload sessions and staging files untouched for this long are removed.
    #[arg(long, value_parser = super::output::parse_duration, allow_hyphen_values = true, default_value = "24h", value_name = "DURATION")]
    pub upload_ttl: Duration,
    /// Worker threads for the walks (default: twice the cores, at most 16).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Object storage: read every record instead of trusting what earlier runs read
    /// from records that stay (gc's memo, docs/gc.md), and do not write the memo.
    #[arg(long)]
    pub no_memo: bool,
}

/// Progress on stderr: bars on a terminal, one log line per phase otherwise.
struct Progress {
    bar: Option<ProgressBar>,
    quiet: bool,
    phase_start: Mutex<Instant>,
}

impl Progress {
    fn new(cli: &Cli) -> Progress {
        let verbosity = output::Verbosity::from_flags(cli.quiet, cli.verbose);
        let bar = output::progress_allowed(verbosity).then(|| {
            let b = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
            b.set_style(
                ProgressStyle::with_template(&output::bar_template("{pos}/{len}"))
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            b
        });
        Progress {
            bar,
            quiet: cli.quiet,
            phase_start: Mutex::new(Instant::now()),
        }
    }
}

impl Observer for Progress {
    fn begin(&self, phase: Phase, total: u64) {
        if let Ok(mut t) = self.phase_start.lock() {
            *t = Instant::now();
        }
        if let Some(b) = &self.bar {
            b.reset();
            b.set_length(total);
            b.set_position(0);
            b.set_message(phase.label());
        }
    }

    fn advance(&self, n: u64) {
        if let Some(b) = &self.bar {
            b.inc(n);
        }
    }

    fn end(&self, phase: Phase, summary: &str) {
        let secs = self
            .phase_start
            .lock()
            .map(|t| t.elapsed().as_secs_f64())
            .unwrap_or(0.0);
        let line = format!("gc: {}: {summary} ({secs:.2}s)", phase.label());
        match &self.bar {
            Some(b) => b.println(line),
            None if !self.quiet => {
                let _ = writeln!(std::io::stderr(), "{line}");
            }
            None => {}
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

fn bytes(n: u64) -> String {
    output::size(n, false)
}

fn summary_table(r: &Report) -> comfy_table::Table {
    let verb = if r.dry_run { "WOULD REMOVE" } else { "REMOVED" };
    let mut t = listing::table(&["", "SCANNED", verb, "HELD BACK"], &[1, 2, 3]);
    let sum = |f: fn(&gc::RepoReport) -> u64| r.repositories.iter().map(f).sum::<u64>();
    let rows: Vec<[String; 4]> = vec![
        [
            "blob bytes".into(),
            r.blobs_scanned.to_string(),
            format!("{} ({})", r.blobs_deleted, bytes(r.bytes_freed)),
            format!("{} ({})", r.held_back.blobs, bytes(r.held_back.blob_bytes)),
        ],
        [
            "manifests".into(),
            r.manifests_scanned.to_string(),
            r.manifests_removed.to_string(),
            r.held_back.manifests.to_string(),
        ],
        [
            "layer links".into(),
            sum(|x| x.layer_links_scanned).to_string(),
            r.layer_links_removed.to_string(),
            r.held_back.layer_links.to_string(),
        ],
        [
            "tags".into(),
            sum(|x| x.tags_scanned).to_string(),
            r.tags_removed.to_string(),
            "-".into(),
        ],
        [
            "referrer records".into(),
            "-".into(),
            r.referrers_removed.to_string(),
            "-".into(),
        ],
        [
            "upload sessions".into(),
            r.upload_sessions_scanned.to_string(),
            format!(
                "{} ({})",
                r.upload_sessions_removed,
                bytes(r.upload_bytes_freed)
            ),
            r.held_back.upload_sessions.to_string(),
        ],
        [
            "staging files".into(),
            "-".into(),
            r.tmp_files_removed.to_string(),
            "-".into(),
        ],
        [
            "repositories".into(),
            r.repositories_scanned.to_string(),
            r.repositories_removed.to_string(),
            "-".into(),
        ],
    ];
    for row in rows {
        t.add_row(row.to_vec());
    }
    t
}

/// Repositories where something was (or would be) removed or held back.
fn repo_table(r: &Report, limit: usize) -> Option<(comfy_table::Table, usize)> {
    let busy: Vec<_> = r
        .repositories
        .iter()
        .filter(|x| {
            x.manifests_removed
                + x.layer_links_removed
                + x.tags_removed
                + x.held_back_manifests
                + x.held_back_layer_links
                > 0
                || x.skipped.is_some()
        })
        .collect();
    if busy.is_empty() {
        return None;
    }
    // Short headers: the table fits 80 columns (MANIFESTS KEPT/REMOVED, LINKS REMOVED).
    let mut t = listing::table(
        &["REPOSITORY", "KEPT", "REMOVED", "LINKS", "HELD", "NOTE"],
        &[1, 2, 3, 4],
    );
    for x in busy.iter().take(limit) {
        let note = match (&x.skipped, x.repository_removed) {
            (Some(_), _) => "skipped: see problems",
            (None, true) => "emptied, removed",
            _ => "",
        };
        t.add_row(vec![
            x.repository.clone(),
            x.manifests_kept.to_string(),
            x.manifests_removed.to_string(),
            x.layer_links_removed.to_string(),
            (x.held_back_manifests + x.held_back_layer_links).to_string(),
            note.to_string(),
        ]);
    }
    Some((t, busy.len().saturating_sub(limit)))
}

/// Why nothing (more) was removed: untagged manifests kept without
/// --delete-untagged, and what the grace period holds back until when.
pub(crate) fn reasons(r: &Report) -> Vec<String> {
    let mut out = Vec::new();
    if r.untagged_manifests_kept > 0 {
        out.push(format!(
            "{} untagged manifests are kept (with the layers only they use): plain gc \
             keeps untagged manifests, `--delete-untagged` removes them",
            r.untagged_manifests_kept
        ));
    }
    let h = &r.held_back;
    if h.manifests + h.layer_links + h.blobs > 0 {
        let grace = output::duration(Duration::from_secs(r.grace_period_seconds), false);
        let when = match (&h.first_removable_at, &h.all_removable_at) {
            (Some(a), Some(b)) if a == b => format!("; removable from {a}"),
            (Some(a), Some(b)) => format!("; the first removable from {a}, all from {b}"),
            _ => String::new(),
        };
        out.push(format!(
            "the grace period ({grace}) holds back {} manifests, {} layer links and {} \
             blobs ({}) stamped after the cutoff {}{when}",
            h.manifests,
            h.layer_links,
            h.blobs,
            bytes(h.blob_bytes),
            r.cutoff
        ));
    }
    if h.upload_sessions > 0 {
        out.push(format!(
            "{} upload sessions are younger than the upload TTL ({})",
            h.upload_sessions,
            output::duration(Duration::from_secs(r.upload_ttl_seconds), false)
        ));
    }
    out
}

fn print_human(r: &Report) -> std::io::Result<()> {
    // Into memory, then out through the CLI's stdout writer (see `output`).
    let mut out = Vec::new();
    if r.dry_run {
        let head = format!(
            "gc dry run: nothing was removed. Plan as of {} (cutoff {}):",
            r.started_at, r.cutoff
        );
        writeln!(out, "{}", output::fit(&head, 2))?;
    } else {
        let head = format!(
            "gc finished in {:.2}s (started {}, cutoff {}):",
            r.duration_seconds, r.started_at, r.cutoff
        );
        writeln!(out, "{}", output::fit(&head, 2))?;
    }
    for line in summary_table(r).lines() {
        writeln!(out, "{}", line.trim_end())?;
    }
    if let Some((t, more)) = repo_table(r, 20) {
        writeln!(out)?;
        for line in t.lines() {
            writeln!(out, "{}", line.trim_end())?;
        }
        if more > 0 {
            writeln!(out, "... and {more} more repositories (see --json)")?;
        }
    }
    let removed = r.blobs_deleted + r.manifests_removed + r.layer_links_removed;
    let why = reasons(r);
    if !why.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            if removed == 0 {
                "Nothing was removable, because:"
            } else {
                "Kept, although unused:"
            }
        )?;
        for w in why {
            writeln!(out, "{}", output::fit(&format!("  - {w}"), 4))?;
        }
    } else if removed == 0 {
        writeln!(out, "Nothing was removable: every object is in use.")?;
    }
    if r.strays > 0 {
        let line = format!(
            "{} names in the store do not fit its layout and were left alone",
            r.strays
        );
        writeln!(out, "{}", output::fit(&line, 2))?;
    }
    super::output::write_stdout_bytes(&out);
    Ok(())
}

/// How a run of gc is asked for: by `gc`, or by `prune --gc` after its tags.
pub(crate) struct Run<'a> {
    /// What to collect.
    pub flags: &'a GcFlags,
    /// Remove nothing.
    pub dry_run: bool,
    /// List every item (`--json`).
    pub list_items: bool,
    /// Tags a dry run treats as already removed (those `prune --gc -n` would remove).
    pub assume_untagged: std::collections::HashSet<(String, String)>,
    /// The command, for the deletion audit log (`gc`, `prune --gc`).
    pub command: &'static str,
}

/// Runs gc on an open store: the report, or the error `gc` exits with.
pub(crate) fn collect(
    cli: &Cli,
    store: &crate::storage::Store,
    run: Run<'_>,
) -> anyhow::Result<Report> {
    let opts = Options {
        dry_run: run.dry_run,
        delete_untagged: run.flags.delete_untagged,
        grace_period: run.flags.grace_period,
        upload_ttl: run.flags.upload_ttl,
        threads: run
            .flags
            .threads
            .unwrap_or_else(crate::par::io_threads)
            .max(1),
        list_items: run.list_items,
        origin: crate::audit::Origin::cli(run.command, crate::audit::Why::Gc),
        assume_untagged: run.assume_untagged,
        memo: !run.flags.no_memo,
    };
    let progress = Progress::new(cli);
    let report = match gc::run(store, &opts, &progress) {
        Ok(r) => r,
        Err(GcError::AlreadyRunning(root)) => {
            drop(progress);
            return Err(exit::err(
                EXIT_ALREADY_RUNNING,
                format!(
                    "another gc is already running on the store at {root}; nothing was done \
                     (wait for it to finish, only one gc runs at a time)"
                ),
            ));
        }
        Err(GcError::Start(e)) => {
            drop(progress);
            return Err(anyhow::Error::new(e).context("gc could not start; nothing was removed"));
        }
        Err(GcError::Store(e)) => {
            drop(progress);
            let what = if run.dry_run {
                "gc dry run stopped; nothing was removed"
            } else {
                "gc stopped; what it removed so far was garbage, and running it again resumes"
            };
            return Err(anyhow::Error::new(e).context(what));
        }
    };
    drop(progress);
    Ok(report)
}

/// The JSON report, with `kept_because`.
pub(crate) fn json_report(report: &Report) -> anyhow::Result<serde_json::Value> {
    let mut v = serde_json::to_value(report).context("serialising the report")?;
    v["kept_because"] = serde_json::json!(reasons(report));
    Ok(v)
}

/// Prints the report's problems (and audit entries it could not write) on stderr and
/// returns the exit code: [`exit::FAILURE`] when there were any.
pub(crate) fn finish(report: &Report) -> u8 {
    let mut err = std::io::stderr().lock();
    for p in &report.problems {
        let _ = writeln!(err, "registryctl gc: problem: {p}");
    }
    for line in &report.audit_unrecorded {
        let _ = writeln!(err, "registryctl gc: unrecorded deletion: {line}");
    }
    if report.problems.is_empty() {
        exit::OK
    } else {
        exit::FAILURE
    }
}

/// Prints the human report (unless `-q`).
pub(crate) fn print_report(cli: &Cli, report: &Report) -> anyhow::Result<()> {
    if !cli.quiet {
        print_human(report).context("writing the report")?;
    }
    Ok(())
}

/// Runs `gc`.
pub fn run(cli: &Cli, args: &GcArgs) -> anyhow::Result<u8> {
    // A dry run only reads: it works on a store this user may not write (docs/gc.md).
    let usage = if args.dry_run {
        StoreUse::Read
    } else {
        StoreUse::Write
    };
    let store = open_store(cli, usage)?;
    let report = collect(
        cli,
        &store,
        Run {
            flags: &args.flags,
            dry_run: args.dry_run,
            list_items: args.json,
            assume_untagged: Default::default(),
            command: "gc",
        },
    )?;
    if args.json {
        listing::print_json(&json_report(&report)?)?;
    } else {
        print_report(cli, &report)?;
    }
    Ok(finish(&report))
}
