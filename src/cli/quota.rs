//! `registryctl quota add|rm|ls`: storage quotas on scopes of repositories.

use serde::Serialize;

use super::output::{self, outln};
use super::{edit_outcome, exit, listing, open_store, Cli, StoreUse};
use crate::policy::usage::{Accounting, RefCache};
use crate::policy::{self, Policy, QuotaRule, RuleKind};

/// `registryctl quota …`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  registryctl quota add 'acme/**' --limit 10GiB\n  registryctl quota add acme/app --limit 500M --id app\n  registryctl quota ls\n  registryctl quota ls --json\n  registryctl quota rm app\n\nA quota counts every repository its pattern matches together (the ACL's patterns:\nacme/app, acme/* one level, acme/** everything under acme); a blob several of them\nshare counts once. A manifest push that would take the scope over its limit is\nrefused with 403 DENIED and the figures (used, limit, this push). Edits reach a\nrunning server at its next push. See docs/policy.md."
)]
pub struct QuotaArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: QuotaCommand,
}

/// Subcommands of `quota`.
#[derive(Debug, clap::Subcommand)]
pub enum QuotaCommand {
    /// Add a quota on a pattern of repositories.
    #[command(after_help = "Examples:\n  registryctl quota add 'acme/**' --limit 10GiB")]
    Add(AddArgs),
    /// Remove a quota by its id.
    #[command(after_help = "Examples:\n  registryctl quota rm q1")]
    Rm(RmArgs),
    /// List the quotas with what their scopes use now.
    #[command(after_help = "Examples:\n  registryctl quota ls\n  registryctl quota ls --json")]
    Ls(LsArgs),
}

/// Flags of `quota add`.
#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// Repositories counted together (ACL pattern, e.g. `acme/**`).
    #[arg(value_name = "PATTERN")]
    pub repos: String,
    /// The limit: a number of bytes with an optional unit (10GiB, 500M, 1.5G).
    #[arg(long, value_name = "SIZE")]
    pub limit: String,
    /// The quota's name [default: q1, q2, …].
    #[arg(long)]
    pub id: Option<String>,
}

/// Flags of `quota rm`.
#[derive(Debug, clap::Args)]
pub struct RmArgs {
    /// The quota's id (`quota ls` shows them).
    pub id: String,
}

/// Flags of `quota ls`.
#[derive(Debug, clap::Args)]
pub struct LsArgs {
    /// Print the quotas as JSON.
    #[arg(long)]
    pub json: bool,
    /// Sizes in bytes instead of KiB/MiB/GiB.
    #[arg(long, alias = "raw")]
    pub bytes: bool,
}

#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    repos: &'a str,
    limit: &'a str,
    limit_bytes: u64,
    used_bytes: u64,
}

/// Runs `quota …`.
pub fn run(cli: &Cli, args: &QuotaArgs) -> anyhow::Result<u8> {
    match &args.command {
        QuotaCommand::Add(a) => {
            let store = open_store(cli, StoreUse::Write)?;
            let existing: policy::PolicyFile =
                crate::auth::files::load(&store, crate::storage::AuthFile::Policy)?;
            let id = a.id.clone().unwrap_or_else(|| {
                super::first_free_id("q", existing.quota.iter().map(|r| r.id.as_str()))
            });
            let rule = QuotaRule {
                id: id.clone(),
                repos: a.repos.clone(),
                limit: a.limit.clone(),
            };
            Ok(edit_outcome(cli, policy::add_quota(&store, rule), || {
                format!("added quota {id} on {} limit {}", a.repos, a.limit)
            }))
        }
        QuotaCommand::Rm(a) => {
            let store = open_store(cli, StoreUse::Write)?;
            Ok(edit_outcome(
                cli,
                policy::remove(&store, RuleKind::Quota, &a.id),
                || format!("removed quota {}", a.id),
            ))
        }
        QuotaCommand::Ls(a) => {
            let store = open_store(cli, StoreUse::Read)?;
            let p = Policy::load(&store)?;
            let acct = if p.quotas.is_empty() {
                None
            } else {
                Some(Accounting::take(&store, &RefCache::default())?)
            };
            let rows: Vec<Row> = p
                .quotas
                .iter()
                .map(|q| Row {
                    id: &q.rule.id,
                    repos: &q.rule.repos,
                    limit: &q.rule.limit,
                    limit_bytes: q.limit,
                    used_bytes: acct.as_ref().map_or(0, |c| c.pattern_bytes(&q.repos)),
                })
                .collect();
            if a.json {
                listing::print_json(&rows)?;
            } else if rows.is_empty() {
                if !cli.quiet {
                    outln!("no quotas: pushes are limited by nothing but the disk");
                }
            } else {
                let mut t = listing::table(&["ID", "REPOS", "USED", "LIMIT", "USE%"], &[2, 3, 4]);
                for r in &rows {
                    t.add_row(vec![
                        r.id.to_string(),
                        r.repos.to_string(),
                        output::size(r.used_bytes, a.bytes),
                        output::size(r.limit_bytes, a.bytes),
                        format!(
                            "{:.0}%",
                            r.used_bytes as f64 * 100.0 / r.limit_bytes.max(1) as f64
                        ),
                    ]);
                }
                listing::print_table(&t);
            }
            Ok(exit::OK)
        }
    }
}
