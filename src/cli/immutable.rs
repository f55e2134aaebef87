//! `registryctl immutable add|rm|ls`: tags that no push may move and no delete may
//! remove.

use super::output::outln;
use super::{edit_outcome, exit, listing, open_store, Cli, StoreUse};
use crate::policy::{self, ImmutableRule, Policy, RuleKind};

/// `registryctl immutable …`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  registryctl immutable add 'acme/**:v*'\n  registryctl immutable add 'acme/app:release-*' --id app-releases\n  registryctl immutable ls\n  registryctl immutable rm app-releases\n\nA push that would move a protected tag, and a delete of it (API or CLI), is refused\nnaming the rule; pushing the same digest again succeeds (CI retries). Edits apply\nto a running server at once. See docs/policy.md."
)]
pub struct ImmutableArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: ImmutableCommand,
}

/// Subcommands of `immutable`.
#[derive(Debug, clap::Subcommand)]
pub enum ImmutableCommand {
    /// Protect tags: `REPOS:TAGS`, e.g. `acme/**:v*`.
    #[command(after_help = "Examples:\n  registryctl immutable add 'acme/**:v*'")]
    Add(AddArgs),
    /// Remove a rule by its id.
    #[command(after_help = "Examples:\n  registryctl immutable rm i1")]
    Rm(RmArgs),
    /// List the rules.
    #[command(after_help = "Examples:\n  registryctl immutable ls --json")]
    Ls(LsArgs),
}

/// Flags of `immutable add`.
#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// `REPOS:TAGS`: an ACL repository pattern and a tag glob.
    #[arg(value_name = "REPOS:TAGS")]
    pub rule: String,
    /// The rule's name [default: i1, i2, …].
    #[arg(long)]
    pub id: Option<String>,
}

/// Flags of `immutable rm`.
#[derive(Debug, clap::Args)]
pub struct RmArgs {
    /// The rule's id (`immutable ls` shows them).
    pub id: String,
}

/// Flags of `immutable ls`.
#[derive(Debug, clap::Args)]
pub struct LsArgs {
    /// Print the rules as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs `immutable …`.
pub fn run(cli: &Cli, args: &ImmutableArgs) -> anyhow::Result<u8> {
    match &args.command {
        ImmutableCommand::Add(a) => {
            let Some((repos, tags)) = a.rule.rsplit_once(':') else {
                return Err(super::exit::err(
                    super::exit::USAGE,
                    format!("`{}` is not REPOS:TAGS (e.g. 'acme/**:v*')", a.rule),
                ));
            };
            let store = open_store(cli, StoreUse::Write)?;
            let existing = Policy::load(&store)?;
            let id = a.id.clone().unwrap_or_else(|| {
                super::first_free_id("i", existing.immutable.iter().map(|r| r.rule.id.as_str()))
            });
            let rule = ImmutableRule {
                id: id.clone(),
                repos: repos.to_string(),
                tags: tags.to_string(),
            };
            Ok(edit_outcome(
                cli,
                policy::add_immutable(&store, rule),
                || format!("added immutability rule {id} {repos}:{tags}"),
            ))
        }
        ImmutableCommand::Rm(a) => {
            let store = open_store(cli, StoreUse::Write)?;
            Ok(edit_outcome(
                cli,
                policy::remove(&store, RuleKind::Immutable, &a.id),
                || format!("removed immutability rule {}", a.id),
            ))
        }
        ImmutableCommand::Ls(a) => {
            let store = open_store(cli, StoreUse::Read)?;
            let p = Policy::load(&store)?;
            let rules: Vec<&ImmutableRule> = p.immutable.iter().map(|r| &r.rule).collect();
            if a.json {
                listing::print_json(&rules)?;
            } else if rules.is_empty() {
                if !cli.quiet {
                    outln!("no immutability rules: every tag may move");
                }
            } else {
                for r in rules {
                    outln!("{} {}:{}", r.id, r.repos, r.tags);
                }
            }
            Ok(exit::OK)
        }
    }
}
