//! `registryctl group add|rm|ls|add-member|rm-member`: groups of users.

use serde_json::json;

use super::listing::{print_json, print_table, table};
use super::output::outln;
use super::user::{JsonArg, NameArg};
use super::{auth_failure, exit, open_store, Cli, StoreUse};
use crate::auth::acl::AclFile;
use crate::auth::users::{self, UsersFile};
use crate::auth::Subject;

/// `registryctl group ...`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "A group is named `group:NAME` in access rules, e.g.\n  registryctl acl grant group:ci 'acme/**' pull,push"
)]
pub struct GroupArgs {
    /// The group subcommand.
    #[command(subcommand)]
    pub command: GroupCommand,
}

/// The group subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum GroupCommand {
    /// Create a group (does nothing, successfully, if it exists).
    #[command(after_help = "Examples:\n  registryctl group add ci")]
    Add(NameArg),
    /// Delete a group (rules naming it stay until revoked).
    #[command(after_help = "Examples:\n  registryctl group rm ci")]
    Rm(NameArg),
    /// List groups and their members.
    #[command(after_help = "Examples:\n  registryctl group ls\n  registryctl group ls --json")]
    Ls(JsonArg),
    /// Add existing users (or robots, as robot:NAME) to an existing group.
    #[command(
        after_help = "Examples:\n  registryctl group add-member ci alice bob\n  registryctl group add-member contractors robot:ci-acme\n\nA robot in a group is bound by the group's denies; the group's grants do not\nwiden the robot's own."
    )]
    AddMember(MembersArgs),
    /// Remove users from a group.
    #[command(after_help = "Examples:\n  registryctl group rm-member ci bob")]
    RmMember(MembersArgs),
}

/// A group and some users.
#[derive(Debug, clap::Args)]
pub struct MembersArgs {
    /// The group.
    pub group: String,
    /// The users (robots as robot:NAME).
    #[arg(required = true)]
    pub users: Vec<String>,
}

/// Runs `group`.
pub fn run(cli: &Cli, args: &GroupArgs) -> anyhow::Result<u8> {
    let usage = match &args.command {
        GroupCommand::Ls(_) => StoreUse::Read,
        _ => StoreUse::Write,
    };
    let store = open_store(cli, usage)?;
    let say = |s: String| {
        if !cli.quiet {
            outln!("{s}");
        }
    };
    let result = match &args.command {
        GroupCommand::Add(a) => users::add_group(&store, &a.name).map(|added| {
            say(if added {
                format!("added group {}", a.name)
            } else {
                format!("unchanged: group {} exists already", a.name)
            })
        }),
        GroupCommand::Rm(a) => users::remove_group(&store, &a.name).map(|()| {
            say(format!("removed group {}", a.name));
            let subject = Subject::Group(a.name.clone());
            let left = AclFile::load(&store)
                .map(|f| f.rules.iter().filter(|r| r.subject == subject).count())
                .unwrap_or(0);
            if left > 0 {
                eprintln!(
                    "note: {left} rule(s) still name {subject}; they apply again if the group is re-created \
                     (`registryctl acl ls --subject {subject}`, then `acl revoke`)"
                );
            }
        }),
        GroupCommand::Ls(a) => {
            match UsersFile::load(&store) {
                Ok(f) => return list(&f, a.json).map(|()| exit::OK),
                Err(e) => Err(e),
            }
        }
        GroupCommand::AddMember(a) => users::add_members(&store, &a.group, &a.users).map(|added| {
            say(if added.is_empty() {
                format!("unchanged: already members of {}", a.group)
            } else {
                format!("added to {}: {}", a.group, added.join(", "))
            })
        }),
        GroupCommand::RmMember(a) => {
            users::remove_members(&store, &a.group, &a.users).map(|removed| {
                say(format!("removed from {}: {}", a.group, removed.join(", ")))
            })
        }
    };
    Ok(match result {
        Ok(()) => exit::OK,
        Err(e) => auth_failure(&e),
    })
}

fn list(f: &UsersFile, json: bool) -> anyhow::Result<()> {
    if json {
        let list: Vec<_> = f
            .groups
            .iter()
            .map(|(g, r)| json!({"name": g, "members": r.members}))
            .collect();
        return print_json(&list);
    }
    if f.groups.is_empty() {
        outln!("no groups");
        return Ok(());
    }
    let mut t = table(&["NAME", "MEMBERS"], &[]);
    for (g, r) in &f.groups {
        let members: Vec<&str> = r.members.iter().map(String::as_str).collect();
        t.add_row(vec![g.clone(), members.join(",")]);
    }
    print_table(&t);
    Ok(())
}
