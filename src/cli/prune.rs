//! `registryctl prune`: removes the tags that no retention rule keeps.

use std::time::SystemTime;

use serde::Serialize;

use super::gc::{self as gc_cli, GcFlags};
use super::output::{self, outln};
use super::{exit, listing, open_store, Cli, StoreUse};
use crate::audit::{self, Deletion, Origin, Recorder, Why};
use crate::policy::{self, Decision, Policy};

/// Flags of `prune`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  registryctl prune --dry-run\n  registryctl prune -n --json | jq '.remove[] | \"\\(.repository):\\(.tag)\"'\n  registryctl prune --gc --delete-untagged -n     # the tags, then what gc would reclaim\n  registryctl prune --gc --delete-untagged --grace-period 24h\n\nThe plan lists each tag to go with its repository, push and last-pull time and the\nrules that apply; immutable tags are never removed. Removing a tag frees nothing by itself:\n`registryctl gc --delete-untagged` then reclaims what no tag reaches (plain gc keeps\nuntagged manifests), or `prune --gc` runs gc right after, with gc's flags and exit\ncodes; with --dry-run its plan counts the tags the prune would remove as gone. Every\nremoved tag is recorded in the deletion audit log (`registryctl audit log`). Safe\nwhile `registryctl serve` runs: a tag pushed again after the plan was made is left\nalone."
)]
pub struct PruneArgs {
    /// Print the plan, remove nothing.
    #[arg(short = 'n', long)]
    pub dry_run: bool,
    /// Print the plan (or what was removed) as JSON; with --gc, gc's report is its
    /// `gc` field.
    #[arg(long)]
    pub json: bool,
    /// Then run gc (as `registryctl gc` with the flags below; with --dry-run, plan it).
    #[arg(long)]
    pub gc: bool,
    /// gc's flags, used with --gc.
    #[command(flatten, next_help_heading = "With --gc")]
    pub gc_flags: GcFlags,
}

/// The ids of [`GcFlags`]' arguments (to refuse them without --gc).
const GC_FLAG_IDS: [&str; 4] = ["delete_untagged", "grace_period", "upload_ttl", "threads"];

#[derive(Serialize)]
struct Outcome<'a> {
    dry_run: bool,
    remove: Vec<&'a Decision>,
    /// Tags the plan would remove that are immutable, and so stay.
    immutable: Vec<&'a Decision>,
    /// Tags that changed between the plan and the removal, and so stay.
    changed: Vec<&'a Decision>,
    kept: usize,
}

/// Runs `prune` (`matches`: its own, to tell gc flags given from defaults).
pub fn run(cli: &Cli, args: &PruneArgs, matches: &clap::ArgMatches) -> anyhow::Result<u8> {
    if !args.gc {
        let given = GC_FLAG_IDS
            .iter()
            .find(|id| matches.value_source(id) == Some(clap::parser::ValueSource::CommandLine));
        if let Some(id) = given {
            return Err(exit::err(
                exit::USAGE,
                format!(
                    "--{} is a flag of gc: add --gc to run gc after the prune",
                    id.replace('_', "-")
                ),
            ));
        }
    }
    let store = if args.dry_run {
        open_store(cli, StoreUse::Read)?
    } else {
        open_store(cli, StoreUse::Write)?
    };
    let p = Policy::load(&store)?;
    let mut recorder = Recorder::new(&store, Origin::cli("prune", Why::Retention));
    let plan = policy::plan(&store, &p, SystemTime::now())?;
    let mut out = Outcome {
        dry_run: args.dry_run,
        remove: Vec::new(),
        immutable: Vec::new(),
        changed: Vec::new(),
        kept: 0,
    };
    for d in &plan {
        if d.keep {
            out.kept += 1;
            continue;
        }
        let (Ok(repo), Ok(tag)) = (
            crate::oci::RepoName::parse(&d.repository),
            crate::oci::Tag::parse(&d.tag),
        ) else {
            continue;
        };
        if p.immutable_rule(&repo, &tag).is_some() {
            out.immutable.push(d);
            continue;
        }
        if args.dry_run {
            out.remove.push(d);
            continue;
        }
        let digest = crate::oci::Digest::parse(&d.digest)?;
        if store.delete_tag_if(&repo, &tag, &digest)? {
            out.remove.push(d);
            let mut del = Deletion::of(audit::Kind::Tag)
                .repo(&repo)
                .tag(&tag)
                .digest(&digest);
            del.rule = d.rule.clone();
            recorder.record(del);
            if recorder.pending() >= audit::BATCH_LINES {
                write_audit(&mut recorder)?;
            }
        } else {
            out.changed.push(d);
        }
    }
    write_audit(&mut recorder)?;
    let gc_run = args.gc.then(|| gc_cli::Run {
        flags: &args.gc_flags,
        dry_run: args.dry_run,
        list_items: args.json,
        // A dry run's gc plan counts the tags the prune would remove as gone.
        assume_untagged: out
            .remove
            .iter()
            .map(|d| (d.repository.clone(), d.tag.clone()))
            .collect(),
        command: "prune --gc",
    });
    if args.json {
        let mut v = serde_json::to_value(&out)?;
        let mut code = exit::OK;
        if let Some(run) = gc_run {
            match gc_cli::collect(cli, &store, run) {
                Ok(report) => {
                    v["gc"] = gc_cli::json_report(&report)?;
                    code = gc_cli::finish(&report);
                }
                Err(e) => {
                    // The prune happened: say so in the one object, with gc's error.
                    code = super::error_code(&e);
                    v["gc"] = exit::json_error(code, &format!("{e:#}"));
                    let _ = super::print_error("registryctl prune: gc: ", &e);
                }
            }
        }
        listing::print_json(&v)?;
        return Ok(code);
    }
    if !out.remove.is_empty() {
        let mut t = listing::table(&["REPOSITORY", "TAG", "PUSHED", "PULLED", "RULES"], &[]);
        for d in &out.remove {
            t.add_row(vec![
                d.repository.clone(),
                d.tag.clone(),
                d.pushed.clone(),
                d.pulled.clone().unwrap_or_else(|| "never".into()),
                d.rule.clone().unwrap_or_default(),
            ]);
        }
        listing::print_table(&t);
    }
    if !cli.quiet {
        let verb = if args.dry_run {
            "would remove"
        } else {
            "removed"
        };
        output::say(
            &format!(
                "{verb} {} tags, kept {}{}{}",
                out.remove.len(),
                out.kept,
                if out.immutable.is_empty() {
                    String::new()
                } else {
                    format!(", {} immutable left alone", out.immutable.len())
                },
                if out.changed.is_empty() {
                    String::new()
                } else {
                    format!(", {} pushed again meanwhile left alone", out.changed.len())
                }
            ),
            2,
        );
        if !args.dry_run && !out.remove.is_empty() && !args.gc {
            outln!(
                "run `registryctl gc --delete-untagged` (or `prune --gc --delete-untagged`) to reclaim what the removed tags held"
            );
        }
    }
    let Some(run) = gc_run else {
        return Ok(exit::OK);
    };
    let removed = out.remove.len();
    let report = gc_cli::collect(cli, &store, run).map_err(|e| {
        if args.dry_run {
            e
        } else {
            e.context(format!("the prune removed {removed} tags; then gc failed"))
        }
    })?;
    if !cli.quiet {
        outln!();
    }
    gc_cli::print_report(cli, &report)?;
    Ok(gc_cli::finish(&report))
}

/// Writes the removed tags' audit entries; a failure is the command's error, with
/// the entries not written on stderr.
fn write_audit(recorder: &mut Recorder<'_>) -> anyhow::Result<()> {
    super::audit::flush(recorder, "prune")
}
