//! `registryctl import distribution PATH` and `registryctl import store SOURCE`:
//! bring a distribution store, or another registryctl store, into this one.

use std::path::PathBuf;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::output::{outln, progress_allowed, Verbosity};
use super::{exit, listing, output, Cli};
use crate::import::{self, ImportProgress, ImportReport};

/// `registryctl import …`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  registryctl import distribution /var/lib/docker-registry\n  registryctl --storage s3://registry/prod import store /var/lib/registryctl"
)]
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
    /// Copy another registryctl store (a --root directory, file:///DIR or s3://…) into
    /// this one.
    #[command(
        after_help = "Examples:\n  registryctl --storage s3://registry/prod import store /var/lib/registryctl\n  registryctl --storage file:///srv/registry import store /var/lib/registryctl --json\n\nSOURCE is a --root directory or a --storage URL; it is only read. This store (--root\nor --storage) receives every repository's blobs (streamed, each digest checked on\nthe way in), manifests and tags, then the files under auth/ (users, groups, rules,\nthe token signing key, policy, robots, the audit log) that it lacks; an auth file\nit has with other content is kept and reported. This is how a store moves off one\nmachine's disk, or from --root onto the object protocol (file:///DIR). A second\nrun copies nothing new and says so; an interrupted run resumes. Upload sessions in\nprogress are not copied. Safe while `registryctl serve` runs on this store; stop\npushes to the source, or import again after they end."
    )]
    Store(StoreArgs),
}

/// Flags of `import store`.
#[derive(Debug, clap::Args)]
pub struct StoreArgs {
    /// The store to copy: a --root directory or a --storage URL.
    #[arg(value_name = "SOURCE")]
    pub source: String,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
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
    let (report, json) = match &args.command {
        ImportCommand::Distribution(a) => {
            (import::import_distribution(&store, &a.path, &bar)?, a.json)
        }
        ImportCommand::Store(a) => {
            let source = super::open_source_store(cli, &a.source)?;
            if source.describe() == store.describe() {
                return Err(anyhow::Error::new(super::CodedError {
                    code: exit::USAGE,
                    message: format!("{} is this store: name another as SOURCE", a.source),
                }));
            }
            (import::import_store(&store, &source, &bar)?, a.json)
        }
    };
    if let Some(b) = &bar.0 {
        b.finish_and_clear();
    }
    let code = if report.problems.is_empty() {
        exit::OK
    } else {
        exit::FAILURE
    };
    if json {
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
            "nothing new: all {} repositories, {} tags, {} manifests, {} blobs and {} auth files were imported before",
            r.repositories, r.tags, r.manifests, r.blobs, r.auth_files
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
            "AUTH FILES",
            "BYTES",
            "PRESENT",
            "PROBLEMS",
        ],
        &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    );
    t.add_row(vec![
        r.repositories.to_string(),
        r.tags.to_string(),
        r.manifests.to_string(),
        r.blobs.to_string(),
        r.linked.to_string(),
        r.copied.to_string(),
        r.auth_files.to_string(),
        output::size(r.bytes, false),
        r.already_there.to_string(),
        r.problems.len().to_string(),
    ]);
    listing::print_table(&t);
}
