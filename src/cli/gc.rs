//! `registryctl gc`: online garbage collection next to a running `serve`.
//!
//! The work is in [`crate::gc`]; this file turns flags into options and the report
//! into a table, JSON, progress bars (terminal) or log lines (cron).

use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::Context;
use comfy_table::{presets, Cell, CellAlignment, Table};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{exit, open_store, Cli, StoreUse};
use crate::gc::{self, GcError, Observer, Options, Phase, Report};

/// Exit status when another gc holds the store's gc lock.
pub const EXIT_ALREADY_RUNNING: u8 = 3;

fn parse_duration(s: &str) -> Result<Duration, String> {
    humantime::parse_duration(s.trim())
        .map_err(|e| format!("{e}: give a duration such as 0s, 30m, 24h or 7d"))
}

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
Exit codes: 0 done; 1 failed, or left part of the store alone because of a problem \
(the message says which; nothing unsafe was removed); 2 bad usage; 3 another gc is already \
running on this store (try again when it ends); 6 no store at the root; 7 the store needs a \
newer registryctl.\n\n\
--dry-run only reads: it works for a user who may read the store but not write it (it then \
takes the locks only where their files exist, and its clock is the system clock; docs/gc.md)."
)]
pub struct GcArgs {
    /// Decide everything and report it, remove nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Only tags are roots: manifests that no tag reaches (directly, as an index child
    /// or as a referrer of one) are removed with what only they use.
    #[arg(long)]
    pub delete_untagged: bool,
    /// Nothing stamped (written, pushed, mounted or re-used) more recently than this
    /// is removed.
    #[arg(long, value_parser = parse_duration, default_value = "1h", value_name = "DURATION")]
    pub grace_period: Duration,
    /// Upload sessions and staging files untouched for this long are removed.
    #[arg(long, value_parser = parse_duration, default_value = "24h", value_name = "DURATION")]
    pub upload_ttl: Duration,
    /// Print one JSON report on stdout (with --dry-run it lists every item).
    #[arg(long)]
    pub json: bool,
    /// Worker threads for the walks (default: twice the cores, at most 16).
    #[arg(long, hide = true)]
    pub threads: Option<usize>,
}

/// Progress on stderr: bars on a terminal, one log line per phase otherwise.
struct Progress {
    bar: Option<ProgressBar>,
    quiet: bool,
    phase_start: Mutex<Instant>,
}

impl Progress {
    fn new(quiet: bool) -> Progress {
        let tty = std::io::stderr().is_terminal();
        let colour = std::env::var_os("NO_COLOR").map_or(true, |v| v.is_empty());
        let bar = (tty && !quiet).then(|| {
            let b = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
            b.set_style(style(colour));
            b
        });
        Progress {
            bar,
            quiet,
            phase_start: Mutex::new(Instant::now()),
        }
    }
}

fn style(colour: bool) -> ProgressStyle {
    let template = if colour {
        "{msg:>20.cyan} [{bar:30.green/white}] {pos}/{len} {elapsed}"
    } else {
        "{msg:>20} [{bar:30}] {pos}/{len} {elapsed}"
    };
    ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ")
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
            None if !self.quiet => eprintln!("{line}"),
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

/// Human-readable size.
fn bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u + 1 < UNITS.len() {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

fn summary_table(r: &Report) -> Table {
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED);
    let verb = if r.dry_run { "would remove" } else { "removed" };
    t.set_header(vec!["", "scanned", verb, "held back by grace"]);
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
            r.repositories
                .iter()
                .map(|x| x.layer_links_scanned)
                .sum::<u64>()
                .to_string(),
            r.layer_links_removed.to_string(),
            r.held_back.layer_links.to_string(),
        ],
        [
            "tags".into(),
            r.repositories
                .iter()
                .map(|x| x.tags_scanned)
                .sum::<u64>()
                .to_string(),
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
        t.add_row(vec![
            Cell::new(&row[0]),
            Cell::new(&row[1]).set_alignment(CellAlignment::Right),
            Cell::new(&row[2]).set_alignment(CellAlignment::Right),
            Cell::new(&row[3]).set_alignment(CellAlignment::Right),
        ]);
    }
    t
}

/// Repositories where something was (or would be) removed or held back.
fn repo_table(r: &Report, limit: usize) -> Option<(Table, usize)> {
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
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED);
    t.set_header(vec![
        "repository",
        "manifests kept",
        "manifests removed",
        "layer links removed",
        "held back",
        "note",
    ]);
    for x in busy.iter().take(limit) {
        let note = match (&x.skipped, x.repository_removed) {
            (Some(_), _) => "skipped: see problems",
            (None, true) => "emptied, removed",
            _ => "",
        };
        t.add_row(vec![
            Cell::new(&x.repository),
            Cell::new(x.manifests_kept).set_alignment(CellAlignment::Right),
            Cell::new(x.manifests_removed).set_alignment(CellAlignment::Right),
            Cell::new(x.layer_links_removed).set_alignment(CellAlignment::Right),
            Cell::new(x.held_back_manifests + x.held_back_layer_links)
                .set_alignment(CellAlignment::Right),
            Cell::new(note),
        ]);
    }
    Some((t, busy.len().saturating_sub(limit)))
}

fn print_human(r: &Report) -> std::io::Result<()> {
    // Into memory, then out through the CLI's stdout writer (see `output`).
    let mut out = Vec::new();
    if r.dry_run {
        writeln!(
            out,
            "gc dry run: nothing was removed. Plan as of {} (cutoff {}):",
            r.started_at, r.cutoff
        )?;
    } else {
        writeln!(
            out,
            "gc finished in {:.2}s (started {}, cutoff {}):",
            r.duration_seconds, r.started_at, r.cutoff
        )?;
    }
    writeln!(out, "{}", summary_table(r))?;
    if let Some((t, more)) = repo_table(r, 20) {
        writeln!(out, "{t}")?;
        if more > 0 {
            writeln!(out, "... and {more} more repositories (see --json)")?;
        }
    }
    if r.strays > 0 {
        writeln!(
            out,
            "{} names in the store do not fit its layout and were left alone",
            r.strays
        )?;
    }
    super::output::write_stdout_bytes(&out);
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
    if let Some(why) = store.gc_unsupported() {
        if args.json {
            super::listing::print_json(&serde_json::json!({
                "outcome": "unsupported",
                "store": store.describe(),
                "message": why,
            }))?;
        }
        eprintln!("registryctl gc: {why} (store {})", store.describe());
        return Ok(exit::UNSUPPORTED);
    }
    let opts = Options {
        dry_run: args.dry_run,
        delete_untagged: args.delete_untagged,
        grace_period: args.grace_period,
        upload_ttl: args.upload_ttl,
        threads: args.threads.unwrap_or_else(crate::par::io_threads).max(1),
        list_items: args.dry_run && args.json,
    };
    let progress = Progress::new(cli.quiet);
    let report = match gc::run(&store, &opts, &progress) {
        Ok(r) => r,
        Err(GcError::AlreadyRunning(root)) => {
            drop(progress);
            eprintln!(
                "registryctl gc: another gc is already running on the store at {root}; \
                 nothing was done (wait for it to finish, only one gc runs at a time)"
            );
            return Ok(EXIT_ALREADY_RUNNING);
        }
        Err(GcError::Start(e)) => {
            drop(progress);
            return Err(anyhow::Error::new(e).context("gc could not start; nothing was removed"));
        }
        Err(GcError::Store(e)) => {
            drop(progress);
            let what = if args.dry_run {
                "gc dry run stopped; nothing was removed"
            } else {
                "gc stopped; what it removed so far was garbage, and running it again resumes"
            };
            return Err(anyhow::Error::new(e).context(what));
        }
    };
    drop(progress);
    if args.json {
        super::listing::print_json(&report)?;
    } else if !cli.quiet {
        print_human(&report).context("writing the report")?;
    }
    for p in &report.problems {
        eprintln!("registryctl gc: problem: {p}");
    }
    Ok(if report.problems.is_empty() {
        exit::OK
    } else {
        exit::FAILURE
    })
}
