//! Helpers shared by the store-administration commands (`scan`, `blob`, `repo`,
//! `tag`, `manifest`): a snapshot of the store, tables, JSON, progress bars and
//! confirmation. Terminal conventions (sizes, colour, when progress may be drawn) come
//! from [`super::output`].

use std::io::Write;

use anyhow::Context;
use comfy_table::{presets, CellAlignment, ContentArrangement, Table};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

use super::output::{self, outln, progress_allowed, write_stdout_bytes, Verbosity};
use super::{open_store, Cli, StoreUse};
use crate::inventory::{Progress, Snapshot};
use crate::scan::ScanProgress;

/// Opens the store read-only and walks it on every core, with a progress bar on a
/// terminal.
pub fn snapshot(cli: &Cli) -> anyhow::Result<Snapshot> {
    let store = open_store(cli, StoreUse::Read)?;
    let bar = Bar::new(cli);
    let snap = Snapshot::take(&store, crate::par::cpu_threads(), &bar);
    bar.finish();
    Ok(snap?)
}

/// A borderless table (like `docker images`), right-aligning the columns listed.
/// Where a width is known ([`output::columns`]: `COLUMNS`, or the terminal's) cells
/// wrap so that no line is wider; piped output without `COLUMNS` keeps whole lines.
pub fn table(headers: &[&str], right: &[usize]) -> Table {
    let mut t = Table::new();
    t.load_preset(presets::NOTHING).set_header(headers.to_vec());
    match output::columns() {
        Some(w) => {
            t.set_content_arrangement(ContentArrangement::Dynamic)
                .set_width(w);
        }
        None => {
            t.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    // Two spaces between columns and none at the left edge, like `docker images`.
    for c in t.column_iter_mut() {
        c.set_padding((0, 2));
    }
    for i in right {
        if let Some(c) = t.column_mut(*i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    t
}

/// Prints a table whose cells have no trailing padding on the last column.
pub fn print_table(t: &Table) {
    for line in t.lines() {
        outln!("{}", line.trim_end());
    }
}

/// Prints a value as pretty JSON on stdout.
pub fn print_json<T: Serialize + ?Sized>(v: &T) -> anyhow::Result<()> {
    let mut text = serde_json::to_vec_pretty(v).context("serialising JSON")?;
    text.push(b'\n');
    write_stdout_bytes(&text);
    Ok(())
}

/// A progress bar on stderr when [`progress_allowed`] (a terminal, no `-q`, no
/// `NO_COLOR`); hidden otherwise (cron, pipes, tests).
pub struct Bar(Option<ProgressBar>);

impl Bar {
    /// A bar for this invocation.
    pub fn new(cli: &Cli) -> Bar {
        if !progress_allowed(Verbosity::from_flags(cli.quiet, cli.verbose)) {
            return Bar(None);
        }
        let pb = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
        Bar(Some(pb))
    }

    /// Removes the bar from the terminal.
    pub fn finish(&self) {
        if let Some(pb) = &self.0 {
            pb.finish_and_clear();
        }
    }
}

impl Progress for Bar {
    fn add_total(&self, n: u64) {
        if let Some(pb) = &self.0 {
            pb.inc_length(n);
        }
    }
    fn advance(&self, n: u64) {
        if let Some(pb) = &self.0 {
            pb.inc(n);
        }
    }
}

impl ScanProgress for Bar {
    fn phase(&self, name: &'static str, total: u64) {
        let Some(pb) = &self.0 else { return };
        let template = if name == "hash" {
            output::bar_template("{bytes}/{total_bytes} {binary_bytes_per_sec}")
        } else {
            output::bar_template("{pos}/{len}")
        };
        if let Ok(style) = ProgressStyle::with_template(&template) {
            pb.set_style(style.progress_chars("=> "));
        }
        pb.set_message(name);
        pb.set_position(0);
        pb.set_length(total);
    }
}

/// A digest for a table: `sha256:` and the first 12 hex digits (as `docker images`
/// shortens ids), or whole with `no_trunc`. JSON always carries whole digests.
pub fn short_digest(d: &str, no_trunc: bool) -> String {
    if no_trunc {
        return d.to_string();
    }
    match d.split_once(':') {
        Some((alg, hex)) if hex.len() > 12 => format!("{alg}:{}", &hex[..12]),
        _ => d.to_string(),
    }
}

/// A list for one table cell: the first item and how many more (`acme/app +3`), so
/// that a long list never widens the table; whole with `no_trunc`.
pub fn short_list(items: &[String], no_trunc: bool) -> String {
    match items {
        [] => "-".to_string(),
        [one] => one.clone(),
        _ if no_trunc => items.join(","),
        [first, rest @ ..] => format!("{first} +{}", rest.len()),
    }
}

/// Whether stdin is a terminal a question can be asked on.
pub fn can_ask() -> bool {
    use std::io::IsTerminal;
    std::io::stdin().is_terminal()
}

/// Asks a yes/no question on the terminal; `false` unless the answer starts with `y`.
pub fn confirm(question: &str) -> anyhow::Result<bool> {
    eprint!("{question} [y/N] ");
    std::io::stderr().flush().ok();
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .context("reading the answer")?;
    Ok(line.trim().to_ascii_lowercase().starts_with('y'))
}
