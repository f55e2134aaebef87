//! `registryctl prune`: removes the tags that no retention rule keeps.

use std::time::SystemTime;

use serde::Serialize;

use super::output::{self, outln};
use super::{exit, listing, open_store, Cli, StoreUse};
use crate::policy::{self, Decision, Policy};

/// Flags of `prune`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  registryctl prune --dry-run\n  registryctl prune -n --json | jq '.remove[] | \"\\(.repository):\\(.tag)\"'\n  registryctl prune && registryctl gc\n\nThe plan lists each tag to go with its repository, push and last-pull time and the\nrules that apply; immutable tags are never removed. Removing a tag frees nothing by itself:\n`registryctl gc` then reclaims what no tag reaches. Safe while `registryctl serve`\nruns: a tag pushed again after the plan was made is left alone."
)]
pub struct PruneArgs {
    /// Print the plan, remove nothing.
    #[arg(short = 'n', long)]
    pub dry_run: bool,
    /// Print the plan (or what was removed) as JSON.
    #[arg(long)]
    pub json: bool,
}

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

/// Runs `prune`.
pub fn run(cli: &Cli, args: &PruneArgs) -> anyhow::Result<u8> {
    let store = if args.dry_run {
        open_store(cli, StoreUse::Read)?
    } else {
        open_store(cli, StoreUse::Write)?
    };
    let p = Policy::load(&store)?;
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
        } else {
            out.changed.push(d);
        }
    }
    if args.json {
        listing::print_json(&out)?;
        return Ok(exit::OK);
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
        if !args.dry_run && !out.remove.is_empty() {
            outln!("run `registryctl gc` to reclaim what the removed tags held");
        }
    }
    Ok(exit::OK)
}
