//! `registryctl retention add|rm|ls|explain`: the rules `registryctl prune` applies.

use std::time::SystemTime;

use anyhow::anyhow;

use super::output::outln;
use super::{edit_outcome, exit, listing, open_store, Cli, StoreUse};
use crate::policy::{self, Policy, RetentionRule, RuleKind};

/// `registryctl retention …`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  registryctl retention add 'acme/**' --tags 'pr-*' --keep-last 10 --keep-pushed-within 14d\n  registryctl retention add 'acme/**' --keep-matching 'v*' --keep-matching latest --keep-last 20\n  registryctl retention add 'acme/**' --keep-pulled-within 30d --id used\n  registryctl retention ls\n  registryctl retention explain acme/app:pr-12\n  registryctl prune --dry-run\n\nA tag is removed by `registryctl prune` only when no rule that applies to it keeps\nit; a repository with no rule is untouched. See docs/policy.md."
)]
pub struct RetentionArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: RetentionCommand,
}

/// Subcommands of `retention`.
#[derive(Debug, clap::Subcommand)]
pub enum RetentionCommand {
    /// Add a rule.
    #[command(
        after_help = "Examples:\n  registryctl retention add 'acme/**' --tags 'pr-*' --keep-last 10\n  registryctl retention add acme/app --keep-pushed-within 30d --keep-matching 'v*' --id app-30d\n\nREPOS uses the ACL's patterns: acme/app, acme/* (one level), acme/** (everything\nunder acme). Tag globs use * for any run of characters."
    )]
    Add(AddArgs),
    /// Remove a rule by its id.
    #[command(after_help = "Examples:\n  registryctl retention rm pr-cleanup")]
    Rm(RmArgs),
    /// List the rules.
    #[command(
        after_help = "Examples:\n  registryctl retention ls\n  registryctl retention ls --json"
    )]
    Ls(LsArgs),
    /// Say whether `prune` would keep a tag, and which rule decides.
    #[command(after_help = "Examples:\n  registryctl retention explain acme/app:pr-12")]
    Explain(ExplainArgs),
}

/// Flags of `retention add`.
#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// Repositories the rule applies to (ACL pattern, e.g. `acme/**`).
    #[arg(value_name = "REPOS")]
    pub repos: String,
    /// Only tags matching this glob (e.g. `pr-*`); all tags when unset.
    #[arg(long, value_name = "GLOB")]
    pub tags: Option<String>,
    /// Keep the N most recently pushed tags the rule applies to, per repository.
    #[arg(long, value_name = "N")]
    pub keep_last: Option<usize>,
    /// Keep tags pushed within this long (e.g. 14d, 12h).
    #[arg(long, value_name = "DURATION", value_parser = super::output::parse_duration_text, allow_hyphen_values = true)]
    pub keep_pushed_within: Option<String>,
    /// Keep tags whose manifest was pulled (`GET`) within this long (e.g. 30d).
    #[arg(long, value_name = "DURATION", value_parser = super::output::parse_duration_text, allow_hyphen_values = true)]
    pub keep_pulled_within: Option<String>,
    /// Always keep tags matching this glob (repeatable: `v*`, `latest`).
    #[arg(long, value_name = "GLOB")]
    pub keep_matching: Vec<String>,
    /// The rule's name [default: r1, r2, …].
    #[arg(long)]
    pub id: Option<String>,
}

/// Flags of `retention rm`.
#[derive(Debug, clap::Args)]
pub struct RmArgs {
    /// The rule's id (`retention ls` shows them).
    pub id: String,
}

/// Flags of `retention ls`.
#[derive(Debug, clap::Args)]
pub struct LsArgs {
    /// Print the rules as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Flags of `retention explain`.
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// `REPO:TAG`.
    #[arg(value_name = "REPO:TAG")]
    pub tag: String,
    /// Print the decision as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Exit code of `retention explain` for a tag prune would remove.
pub const EXIT_WOULD_REMOVE: u8 = exit::POLICY;

/// Runs `retention …`.
pub fn run(cli: &Cli, args: &RetentionArgs) -> anyhow::Result<u8> {
    match &args.command {
        RetentionCommand::Add(a) => {
            let store = open_store(cli, StoreUse::Write)?;
            let existing: policy::PolicyFile =
                crate::auth::files::load(&store, crate::storage::AuthFile::Policy)?;
            let id = a.id.clone().unwrap_or_else(|| {
                super::first_free_id("r", existing.retention.iter().map(|r| r.id.as_str()))
            });
            let rule = RetentionRule {
                id: id.clone(),
                repos: a.repos.clone(),
                tags: a.tags.clone(),
                keep_last: a.keep_last,
                keep_pushed_within: a.keep_pushed_within.clone(),
                keep_pulled_within: a.keep_pulled_within.clone(),
                keep_matching: a.keep_matching.clone(),
            };
            let line = policy::describe_retention(&rule);
            Ok(edit_outcome(
                cli,
                policy::add_retention(&store, rule),
                || format!("added retention rule {line}"),
            ))
        }
        RetentionCommand::Rm(a) => {
            let store = open_store(cli, StoreUse::Write)?;
            Ok(edit_outcome(
                cli,
                policy::remove(&store, RuleKind::Retention, &a.id),
                || format!("removed retention rule {}", a.id),
            ))
        }
        RetentionCommand::Ls(a) => {
            let store = open_store(cli, StoreUse::Read)?;
            let p = Policy::load(&store)?;
            let rules: Vec<&RetentionRule> = p.retention.iter().map(|r| &r.rule).collect();
            if a.json {
                listing::print_json(&rules)?;
            } else if rules.is_empty() {
                if !cli.quiet {
                    outln!("no retention rules: `registryctl prune` removes nothing");
                }
            } else {
                for r in rules {
                    outln!("{}", policy::describe_retention(r));
                }
            }
            Ok(exit::OK)
        }
        RetentionCommand::Explain(a) => {
            let r = super::repo::parse_image_ref(&a.tag, false)?;
            let Some(tag) = r.tag.clone() else {
                return Err(exit::err(exit::USAGE, "explain takes REPO:TAG"));
            };
            let store = open_store(cli, StoreUse::Read)?;
            let p = Policy::load(&store)?;
            let (entries, _) = store.repo_tags(&r.repo)?;
            if !entries.iter().any(|e| e.tag == tag) {
                return Err(exit::err(
                    exit::NOT_FOUND,
                    format!(
                        "{}:{tag} does not exist (see `registryctl tag ls {}`)",
                        r.repo, r.repo
                    ),
                ));
            }
            let states = policy::tag_states(&store, &r.repo)?;
            let decision = p
                .plan_repo(&r.repo, &states, SystemTime::now())
                .into_iter()
                .find(|d| d.tag == tag.as_str())
                .ok_or_else(|| {
                    anyhow!(
                        "{}:{tag} has a damaged tag record (run `registryctl scan`)",
                        r.repo
                    )
                })?;
            let pinned = p.immutable_rule(&r.repo, &tag).map(|i| i.describe());
            if a.json {
                listing::print_json(
                    &serde_json::json!({"decision": decision, "immutable": pinned}),
                )?;
            } else {
                let verdict = if decision.keep {
                    "kept"
                } else {
                    "removed by prune"
                };
                let by = decision
                    .rule
                    .as_deref()
                    .map(|r| format!(" (rule {r})"))
                    .unwrap_or_default();
                outln!("{}:{tag}: {verdict}{by}: {}", r.repo, decision.why);
                outln!(
                    "  pushed {}, last pulled {}",
                    decision.pushed,
                    decision.pulled.as_deref().unwrap_or("never (as recorded)")
                );
                if let Some(i) = &pinned {
                    outln!(
                        "{}:{tag} is also immutable ({i}): prune never removes it",
                        r.repo
                    );
                }
            }
            Ok(if decision.keep || pinned.is_some() {
                exit::OK
            } else {
                EXIT_WOULD_REMOVE
            })
        }
    }
}
