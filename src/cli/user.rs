//! `registryctl user add|passwd|rm|ls`: the users who may sign in.

use std::io::{BufRead, IsTerminal};

use anyhow::{bail, Context};
use serde_json::json;

use super::listing::{print_json, print_table, table};
use super::output::outln;
use super::{auth_failure, exit, open_store, Cli, StoreUse};
use crate::auth::users::{self, UsersFile};

/// `registryctl user ...`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Access control is on as soon as one user exists. Users live in auth/users.toml\nunder the store root (argon2id hashes, owner-readable only); every change is\nrecorded in the audit log (`registryctl acl log`)."
)]
pub struct UserArgs {
    /// The user subcommand.
    #[command(subcommand)]
    pub command: UserCommand,
}

/// The user subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum UserCommand {
    /// Add a user (asks for the password twice on a terminal).
    #[command(
        after_help = "Examples:\n  registryctl user add alice\n  printf '%s\\n' \"$PASSWORD\" | registryctl user add ci-bot --password-stdin"
    )]
    Add(PasswordArgs),
    /// Change a user's password (asks twice on a terminal).
    #[command(
        after_help = "Examples:\n  registryctl user passwd alice\n  printf '%s\\n' \"$PASSWORD\" | registryctl user passwd alice --password-stdin"
    )]
    Passwd(PasswordArgs),
    /// Remove a user (and its group memberships; rules naming it stay).
    #[command(after_help = "Examples:\n  registryctl user rm alice")]
    Rm(NameArg),
    /// List users with their groups.
    #[command(after_help = "Examples:\n  registryctl user ls\n  registryctl user ls --json")]
    Ls(JsonArg),
    /// Import users from an htpasswd file (bcrypt hashes, as distribution uses).
    #[command(
        name = "import-htpasswd",
        after_help = "Examples:\n  registryctl user import-htpasswd /etc/docker/registry/htpasswd\n  registryctl user import-htpasswd htpasswd --replace --json\n\nOnly bcrypt hashes ($2y$, $2b$, $2a$: what `htpasswd -B` writes and distribution\naccepts) are imported; their passwords keep working and each is replaced by an\nargon2id hash at the user's first successful sign-in. Lines with other schemes\n(MD5 $apr1$, {SHA}, crypt, plain text) are refused, naming the scheme. Existing users\nare left alone unless --replace. Access control is on as soon as a user exists."
    )]
    ImportHtpasswd(HtpasswdArgs),
}

/// Flags of `user import-htpasswd`.
#[derive(Debug, clap::Args)]
pub struct HtpasswdArgs {
    /// The htpasswd file.
    #[arg(value_name = "FILE")]
    pub file: std::path::PathBuf,
    /// Replace users that exist already.
    #[arg(long)]
    pub replace: bool,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// A user name and how to read the password.
#[derive(Debug, clap::Args)]
pub struct PasswordArgs {
    /// The user name: 1 to 64 of a-z, 0-9, '.', '_', '-'.
    pub name: String,
    /// Read the password from the first line of standard input (for scripts).
    #[arg(long)]
    pub password_stdin: bool,
}

/// Just a name.
#[derive(Debug, clap::Args)]
pub struct NameArg {
    /// The name.
    pub name: String,
}

/// Output format of a listing.
#[derive(Debug, clap::Args)]
pub struct JsonArg {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Reads a password: the first line of stdin with `--password-stdin`, else a prompt
/// (twice) on the terminal.
fn read_password(from_stdin: bool) -> anyhow::Result<String> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("reading the password from standard input")?;
        return Ok(line.trim_end_matches(['\n', '\r']).to_string());
    }
    if !std::io::stdin().is_terminal() {
        return Err(super::exit::err(
            super::exit::USAGE,
            "standard input is not a terminal: pipe the password and pass --password-stdin",
        ));
    }
    let first = rpassword::prompt_password("Password: ").context("reading the password")?;
    let second =
        rpassword::prompt_password("Password (again): ").context("reading the password")?;
    if first != second {
        bail!("the two passwords differ; nothing was changed");
    }
    Ok(first)
}

/// After the first user on an open registry: access control is now on.
fn warn_access_control_on(store: &crate::storage::Store) {
    use crate::auth::{acl::AclFile, Effect};
    let grants = AclFile::load(store)
        .map(|f| f.rules.iter().filter(|r| r.effect == Effect::Grant).count())
        .unwrap_or(0);
    let rules = if grants == 0 {
        "no rule grants anything yet, so nobody (not even this user) can pull or push until \
         one does: e.g. `registryctl acl grant NAME 'REPO/**' pull,push`"
            .to_string()
    } else {
        format!("{grants} grant rule(s) now decide who may pull and push (`registryctl acl ls`)")
    };
    eprintln!(
        "WARNING: this is the first user: access control is now ON, and anonymous clients \
         are refused unless a rule grants `anonymous`; {rules}"
    );
}

/// Runs `user`.
pub fn run(cli: &Cli, args: &UserArgs) -> anyhow::Result<u8> {
    let usage = match &args.command {
        UserCommand::Ls(_) => StoreUse::Read,
        _ => StoreUse::Write,
    };
    let store = open_store(cli, usage)?;
    let say = |s: String| {
        if !cli.quiet {
            outln!("{s}");
        }
    };
    let result = match &args.command {
        UserCommand::Add(a) => {
            let pw = read_password(a.password_stdin)?;
            let was_open = UsersFile::load(&store).is_ok_and(|f| f.users.is_empty());
            users::add_user(&store, &a.name, &pw).map(|()| {
                say(format!("added user {}", a.name));
                if was_open && !cli.quiet {
                    warn_access_control_on(&store);
                }
            })
        }
        UserCommand::Passwd(a) => {
            // Fail before prompting when the user does not exist.
            if !UsersFile::load(&store)?.users.contains_key(&a.name) {
                return Ok(auth_failure(&users::no_user(&a.name)));
            }
            let pw = read_password(a.password_stdin)?;
            users::set_password(&store, &a.name, &pw)
                .map(|()| say(format!("changed the password of {}", a.name)))
        }
        UserCommand::Rm(a) => users::remove_user(&store, &a.name).map(|groups| {
            say(format!("removed user {}", a.name));
            if !groups.is_empty() {
                say(format!("  and from groups: {}", groups.join(", ")));
            }
            let subject = crate::auth::Subject::User(a.name.clone());
            let left = crate::auth::acl::AclFile::load(&store)
                .map(|f| f.rules.iter().filter(|r| r.subject == subject).count())
                .unwrap_or(0);
            if left > 0 && !cli.quiet {
                eprintln!(
                    "note: {left} rule(s) still name {subject}; they apply again if the user is re-added \
                     (`registryctl acl ls --subject {subject}`, then `acl revoke`)"
                );
            }
            let robots = crate::auth::robots::RobotsFile::load(&store);
            if UsersFile::load(&store).is_ok_and(|f| f.users.is_empty())
                && robots.is_ok_and(|r| r.robots.is_empty())
            {
                eprintln!(
                    "WARNING: that was the last user: access control is now OFF and the registry \
                     is open to anyone. Add a user (`registryctl user add NAME`) to turn it back on."
                );
            }
        }),
        UserCommand::ImportHtpasswd(a) => {
            let text = std::fs::read_to_string(&a.file)
                .map_err(|e| anyhow::anyhow!("reading {}: {e}", a.file.display()))?;
            let report = match users::import_htpasswd(&store, &text, a.replace) {
                Ok(r) => r,
                Err(e) => return Ok(auth_failure(&e)),
            };
            if a.json {
                print_json(&report)?;
            } else {
                for (line, name, why) in &report.refused {
                    eprintln!("line {line} ({name}): {why}");
                }
                say(format!(
                    "imported {} users{}{}",
                    report.imported.len(),
                    if report.existing.is_empty() {
                        String::new()
                    } else {
                        format!(", left {} existing alone ({})", report.existing.len(), report.existing.join(", "))
                    },
                    if report.refused.is_empty() {
                        String::new()
                    } else {
                        format!(", refused {} lines", report.refused.len())
                    }
                ));
            }
            return Ok(if report.refused.is_empty() {
                exit::OK
            } else {
                exit::FAILURE
            });
        }
        UserCommand::Ls(a) => {
            match UsersFile::load(&store) {
                Ok(f) => return list(&f, a.json).map(|()| exit::OK),
                Err(e) => Err(e),
            }
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
            .users
            .iter()
            .map(|(n, r)| json!({"name": n, "created": r.created, "groups": f.groups_of(n)}))
            .collect();
        return print_json(&list);
    }
    if f.users.is_empty() {
        outln!("no users: access control is off and the registry is open");
        return Ok(());
    }
    let mut t = table(&["NAME", "CREATED", "GROUPS"], &[]);
    for (n, r) in &f.users {
        t.add_row(vec![n.clone(), r.created.clone(), f.groups_of(n).join(",")]);
    }
    print_table(&t);
    Ok(())
}
