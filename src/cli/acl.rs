//! `registryctl acl grant|deny|revoke|ls|check|log`: the access rules.

use anyhow::Context;
use serde_json::json;

use super::listing::{print_json, print_table, table};
use super::output::{self, out, outln};
use super::user::JsonArg;
use super::{auth_failure, exit, open_store, print_error, Cli, StoreUse};
use crate::auth::acl::{self, AclFile};
use crate::auth::model::ANONYMOUS;
use crate::auth::robots::{self, RobotsFile};
use crate::auth::users::UsersFile;
use crate::auth::{Action, ActionSet, Effect, Pattern, Policy, Subject};
use crate::oci::RepoName;
use crate::storage::{AuthFile, Store};

const MODEL_HELP: &str = "SUBJECT is a user name, group:NAME, robot:NAME (deny only: a robot's grants are\nset by `robot create`), authenticated (any signed-in user) or anonymous\n(everyone, signed in or not). PATTERN is a repository name, acme/*\n(one level under acme), acme/** (any depth under acme), ** (everything), and may\nuse {user} for the caller's own name ({user}/**). ACTIONS is pull, push, delete\nor *, comma-separated. An explicit deny beats any grant; without a matching\ngrant, access is denied. Quote patterns with * so the shell leaves them alone.";

/// `registryctl acl ...`.
#[derive(Debug, clap::Args)]
#[command(after_help = format!("{MODEL_HELP}\n\nSee docs/access-control.md."))]
pub struct AclArgs {
    /// The acl subcommand.
    #[command(subcommand)]
    pub command: AclCommand,
}

/// The acl subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum AclCommand {
    /// Allow SUBJECT the ACTIONS on repositories matching PATTERN.
    #[command(after_help = format!("Examples:\n  registryctl acl grant alice 'acme/**' pull,push\n  registryctl acl grant group:ci 'acme/*' '*'\n  registryctl acl grant anonymous 'public/**' pull\n  registryctl acl grant authenticated '{{user}}/**' '*'\n\n{MODEL_HELP}\n\nGranting what is granted already changes nothing and says so."))]
    Grant(RuleArgs),
    /// Forbid SUBJECT the ACTIONS on repositories matching PATTERN, whatever grants say.
    #[command(after_help = format!("Examples:\n  registryctl acl deny bob acme/secret pull\n  registryctl acl deny anonymous 'public/internal/**' '*'\n\n{MODEL_HELP}"))]
    Deny(RuleArgs),
    /// Remove ACTIONS from the grant (or, with --deny, the deny) for SUBJECT and PATTERN.
    #[command(
        after_help = "Examples:\n  registryctl acl revoke alice 'acme/**' push\n  registryctl acl revoke --deny bob acme/secret pull\n\nSUBJECT and PATTERN must be written as in the rule (`registryctl acl ls`).\nA rule left with no action is removed."
    )]
    Revoke(RevokeArgs),
    /// List rules, optionally only those naming a subject or concerning a repository.
    #[command(
        after_help = "Examples:\n  registryctl acl ls\n  registryctl acl ls --subject group:ci\n  registryctl acl ls --repo acme/app --json\n\n--subject S lists the rules whose subject is exactly S; --repo R lists the rules\nwhose pattern can match R (for some user, when it uses {user}). Use `acl check`\nfor the effective answer."
    )]
    Ls(LsArgs),
    /// Say whether SUBJECT (a user name, robot:NAME or anonymous) may do ACTION to REPO, and why.
    #[command(
        after_help = "Examples:\n  registryctl acl check alice acme/app push\n  registryctl acl check robot:ci-acme acme/app push\n  registryctl acl check anonymous public/tools pull && echo public\n\nPrints `allowed` or `denied` and the deciding rule (or that no rule matched).\nThe answer is what `serve` enforces once at least one user exists."
    )]
    Check(CheckArgs),
    /// Print the audit log of every user, group and rule change.
    #[command(
        after_help = "Examples:\n  registryctl acl log\n  registryctl acl log --tail 20\n\nEach line: time (UTC, RFC 3339), OS user who ran the command, what changed."
    )]
    Log(LogArgs),
}

/// `SUBJECT PATTERN ACTIONS`.
#[derive(Debug, clap::Args)]
pub struct RuleArgs {
    /// user, group:NAME, robot:NAME, authenticated or anonymous.
    pub subject: Subject,
    /// acme/app, acme/*, acme/**, **, {user}/**.
    pub pattern: Pattern,
    /// pull, push, delete or *, comma-separated.
    pub actions: ActionSet,
}

/// `[--deny] SUBJECT PATTERN ACTIONS`.
#[derive(Debug, clap::Args)]
pub struct RevokeArgs {
    /// Revoke from the deny rule instead of the grant.
    #[arg(long)]
    pub deny: bool,
    /// The rule to change.
    #[command(flatten)]
    pub rule: RuleArgs,
}

/// Filters of `acl ls`.
#[derive(Debug, clap::Args)]
pub struct LsArgs {
    /// Only rules whose subject is exactly this.
    #[arg(long, value_name = "SUBJECT")]
    pub subject: Option<Subject>,
    /// Only rules whose pattern can match this repository.
    #[arg(long, value_name = "REPO")]
    pub repo: Option<RepoName>,
    /// Output format.
    #[command(flatten)]
    pub out: JsonArg,
}

/// `SUBJECT REPO ACTION`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// A user name, robot:NAME, or anonymous.
    pub subject: Subject,
    /// A repository name.
    pub repo: RepoName,
    /// pull, push or delete.
    #[arg(value_parser = clap::builder::TypedValueParser::try_map(clap::builder::PossibleValuesParser::new(["pull", "push", "delete"]),
        |s| s.parse::<Action>()))]
    pub action: Action,
    /// Print JSON: {"allowed": bool, "rule": rule or null}.
    #[arg(long)]
    pub json: bool,
}

/// Options of `acl log`.
#[derive(Debug, clap::Args)]
pub struct LogArgs {
    /// Only the last N lines.
    #[arg(long, value_name = "N")]
    pub tail: Option<usize>,
}

/// Notes on stderr when a rule names a user or group that does not exist (allowed:
/// scripts may write rules first).
fn note_unknown_subject(store: &Store, subject: &Subject) {
    let Ok(users) = UsersFile::load(store) else {
        return;
    };
    match subject {
        Subject::User(u) if !users.users.contains_key(u) => {
            eprintln!("note: there is no user {u} yet; the rule applies once it is added")
        }
        Subject::Group(g) if !users.groups.contains_key(g) => {
            eprintln!("note: there is no group {g} yet; the rule applies once it is created")
        }
        Subject::Robot(r) if RobotsFile::load(store).is_ok_and(|f| !f.robots.contains_key(r)) => {
            eprintln!("note: there is no robot {r} yet; the rule applies once it is created")
        }
        _ => {}
    }
}

fn add(cli: &Cli, store: &Store, effect: Effect, r: &RuleArgs) -> u8 {
    match acl::add_rule(store, effect, &r.subject, &r.pattern, r.actions) {
        Ok(change) => {
            let verb = match effect {
                Effect::Grant => "granted",
                Effect::Deny => "denied",
            };
            if !cli.quiet {
                if change.changed.is_empty() {
                    outln!(
                        "unchanged: {} is already {verb} {} on {}",
                        r.subject,
                        r.actions,
                        r.pattern
                    );
                } else {
                    out!("{verb} {} {} on {}", r.subject, change.changed, r.pattern);
                    if !change.unchanged.is_empty() {
                        out!(" ({} already {verb})", change.unchanged);
                    }
                    outln!();
                }
            }
            if !cli.quiet {
                note_unknown_subject(store, &r.subject);
            }
            exit::OK
        }
        Err(e) => auth_failure(&e),
    }
}

/// Runs `acl`.
pub fn run(cli: &Cli, args: &AclArgs) -> anyhow::Result<u8> {
    let usage = match &args.command {
        AclCommand::Grant(_) | AclCommand::Deny(_) | AclCommand::Revoke(_) => StoreUse::Write,
        AclCommand::Ls(_) | AclCommand::Check(_) | AclCommand::Log(_) => StoreUse::Read,
    };
    let store = match open_store(cli, usage) {
        Ok(s) => s,
        // For scripts, 1 from `check` must only ever mean "denied".
        Err(e) if matches!(args.command, AclCommand::Check(_)) => {
            return Ok(match print_error("registryctl: error: ", &e) {
                exit::FAILURE => exit::CHECK_ERROR,
                code => code,
            });
        }
        Err(e) => return Err(e),
    };
    match &args.command {
        AclCommand::Grant(r) => Ok(add(cli, &store, Effect::Grant, r)),
        AclCommand::Deny(r) => Ok(add(cli, &store, Effect::Deny, r)),
        AclCommand::Revoke(a) => {
            let effect = if a.deny { Effect::Deny } else { Effect::Grant };
            let r = &a.rule;
            Ok(
                match acl::revoke(&store, effect, &r.subject, &r.pattern, r.actions) {
                    Ok(change) => {
                        if !cli.quiet {
                            out!(
                                "revoked {} {} {} on {}",
                                effect.as_str(),
                                r.subject,
                                change.changed,
                                r.pattern
                            );
                            if !change.unchanged.is_empty() {
                                out!(" ({} was not there)", change.unchanged);
                            }
                            outln!();
                        }
                        exit::OK
                    }
                    Err(e) => auth_failure(&e),
                },
            )
        }
        AclCommand::Ls(a) => {
            let f = match AclFile::load(&store) {
                Ok(f) => f,
                Err(e) => return Ok(auth_failure(&e)),
            };
            let rules: Vec<_> = f
                .rules
                .iter()
                .filter(|r| a.subject.as_ref().map_or(true, |s| &r.subject == s))
                .filter(|r| {
                    a.repo
                        .as_ref()
                        .map_or(true, |repo| r.pattern.may_match(repo.as_str()))
                })
                .collect();
            if a.out.json {
                print_json(&rules)?;
            } else if rules.is_empty() {
                if !cli.quiet {
                    outln!("no rules");
                }
            } else {
                let mut t = table(&["EFFECT", "SUBJECT", "PATTERN", "ACTIONS"], &[]);
                for r in rules {
                    t.add_row(vec![
                        r.effect.as_str().to_string(),
                        r.subject.to_string(),
                        r.pattern.to_string(),
                        r.actions.to_string(),
                    ]);
                }
                print_table(&t);
            }
            Ok(exit::OK)
        }
        AclCommand::Check(a) => check(cli.quiet, &store, a),
        AclCommand::Log(a) => {
            let bytes = store
                .read_auth_file(AuthFile::AuditLog)
                .context("reading the audit log")?;
            let text = String::from_utf8_lossy(bytes.as_deref().unwrap_or_default());
            let lines: Vec<&str> = text.lines().collect();
            if lines.is_empty() && !cli.quiet {
                eprintln!("no changes recorded yet");
            }
            let skip = a.tail.map_or(0, |n| lines.len().saturating_sub(n));
            for l in &lines[skip..] {
                outln!("{l}");
            }
            Ok(exit::OK)
        }
    }
}

fn check(quiet: bool, store: &Store, a: &CheckArgs) -> anyhow::Result<u8> {
    let robot_id = match &a.subject {
        Subject::Robot(r) => Some(robots::caller_id(r)),
        _ => None,
    };
    let caller = match &a.subject {
        Subject::Anonymous => None,
        Subject::User(u) => Some(u.as_str()),
        Subject::Robot(_) => robot_id.as_deref(),
        other => {
            output::error(&format!(
                "check a user name, robot:NAME or {ANONYMOUS}, not {other}: to check a group, check one of its members"
            ));
            return Ok(exit::USAGE);
        }
    };
    let loaded = UsersFile::load(store)
        .and_then(|u| Ok((u, AclFile::load(store)?, RobotsFile::load(store)?)));
    let (users, acl, robot_file) = match loaded {
        Ok(x) => x,
        Err(e) => {
            output::error(&e.to_string());
            return Ok(exit::CHECK_ERROR);
        }
    };
    if let (Some(u), None, false) = (caller, &robot_id, quiet) {
        if !users.users.contains_key(u) {
            eprintln!("note: there is no user {u}; answering as if it existed");
        }
    }
    if users.users.is_empty() && robot_file.robots.is_empty() && !quiet {
        eprintln!("note: no users exist, so `serve` enforces nothing yet: the registry is open");
    }
    if let Subject::Robot(r) = &a.subject {
        // A robot that is gone or expired cannot sign in, whatever the rules say.
        if let Some(why) = robot_file.refusal(r, robots::now()) {
            if a.json {
                outln!(
                    "{}",
                    json!({"allowed": false, "rule": null, "reason": why, "subject": a.subject.to_string(),
                           "repo": a.repo.as_str(), "action": a.action.as_str()})
                );
            } else {
                outln!("denied: {why}");
            }
            return Ok(exit::FAILURE);
        }
    }
    let policy =
        Policy::new(acl.rules, &users.memberships()).with_robot_grants(robot_file.grant_rules());
    let v = policy.decide(caller, a.repo.as_str(), a.action);
    if a.json {
        outln!(
            "{}",
            json!({"allowed": v.allowed, "rule": v.rule, "subject": a.subject.to_string(),
                   "repo": a.repo.as_str(), "action": a.action.as_str()})
        );
    } else if !quiet {
        outln!("{}", v.explain());
    }
    Ok(if v.allowed { exit::OK } else { exit::FAILURE })
}
