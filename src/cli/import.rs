//! `registryctl import distribution PATH`: moves a distribution store into this one.

use std::path::PathBuf;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::output::{outln, progress_allowed, Verbosity};
use super::{exit, listing, output, Cli};
use crate::import::{self, ImportProgress, ImportReport};

/// `registryctl import …`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  registryctl import distribution /var/lib/docker-registry")]
pub struct ImportArgs {
    /// Where to import from.
    #[command(subcommand)]
    pub command: ImportCommand,
}

/// Subcommands of `import`.
#[derive(Debug, clap::Subcommand)]
pub enum ImportCommand {
    /// Import a store of the reference registry (distribution 2.x/3.x, filesystem driver).
    #[command(
        after_help = "Examples:\n  registryctl import distribution /var/lib/docker-registry\n  registryctl --root /srv/registryctl import distribution /srv/distribution --json\n\nPATH is the `rootdirectory` of distribution's filesystem storage (the directory\nholding docker/registry/v2). Every repository, tag, manifest (index children and\nreferrers included) and blob is imported, each blob's digest checked on the way in;\nupload leftovers are skipped. Blobs are hard-linked when both stores are on one\nfilesystem (no second copy of the bytes), copied otherwise; the report says which.\nA second run imports nothing new and says so; an interrupted run resumes. Problems\n(bytes that do not match their digest, missing blobs) are reported, never imported.\nSafe while `registryctl serve` runs; stop distribution first, or import again after."
    )]
    Distribution(DistributionArgs),
}

/// Flags of `import distribution`.
#[derive(Debug, clap::Args)]
pub struct DistributionArgs {
    /// The distribution store's root directory.
    #[arg(value_name = "PATH")]
    pub path: PathBuf,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// A progress bar on stderr when it is a terminal.
struct Bar(Option<ProgressBar>);

impl ImportProgress for Bar {
    fn repository(&self, name: &str, done: usize, total: usize) {
        if let Some(b) = &self.0 {
            b.set_length(total as u64);
            b.set_position(done as u64);
            b.set_message(name.to_string());
        }
    }
    fn bytes(&self, _: u64) {}
}

/// Runs `import …`.
pub fn run(cli: &Cli, args: &ImportArgs) -> anyhow::Result<u8> {
    let ImportCommand::Distribution(a) = &args.command;
    let store = super::open_store(cli, super::StoreUse::Write)?;
    let bar = Bar(
        progress_allowed(Verbosity::from_flags(cli.quiet, cli.verbose)).then(|| {
            let b = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
            b.set_style(
                ProgressStyle::with_template("{pos}/{len} repositories {wide_msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            b
        }),
    );
    let report = import::import_distribution(&store, &a.path, &bar)?;
    if let Some(b) = &bar.0 {
        b.finish_and_clear();
    }
    let code = if report.problems.is_empty() {
        exit::OK
    } else {
        exit::FAILURE
    };
    if a.json {
        listing::print_json(&report)?;
        return Ok(code);
    }
    print_report(cli, &report);
    Ok(code)
}

fn print_report(cli: &Cli, r: &ImportReport) {
    if !r.problems.is_empty() {
        let mut t = listing::table(&["REPOSITORY", "WHAT", "PROBLEM"], &[]);
        for p in &r.problems {
            t.add_row(vec![
                p.repository.clone().unwrap_or_else(|| "-".into()),
                p.what.clone(),
                p.why.clone(),
            ]);
        }
        for line in t.lines() {
            eprintln!("{}", line.trim_end());
        }
    }
    if cli.quiet {
        return;
    }
    if r.nothing_new() && r.problems.is_empty() {
        outln!(
            "nothing new: all {} repositories, {} tags, {} manifests and {} blobs were imported before",
            r.repositories, r.tags, r.manifests, r.blobs
        );
        return;
    }
    let mut t = listing::table(
        &[
            "REPOS",
            "TAGS",
            "MANIFESTS",
            "BLOBS",
            "LINKED",
            "COPIED",
            "BYTES",
            "PRESENT",
            "PROBLEMS",
        ],
        &[0, 1, 2, 3, 4, 5, 6, 7, 8],
    );
    t.add_row(vec![
        r.repositories.to_string(),
        r.tags.to_string(),
        r.manifests.to_string(),
        r.blobs.to_string(),
        r.linked.to_string(),
        r.copied.to_string(),
        output::size(r.bytes, false),
        r.already_there.to_string(),
        r.problems.len().to_string(),
    ]);
    listing::print_table(&t);
}
