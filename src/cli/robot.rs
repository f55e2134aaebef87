//! `registryctl robot create|ls|rm|rotate`: robot accounts, credentials for machines.

use serde_json::json;

use super::listing::{print_json, print_table, table};
use super::output::outln;
use super::user::{JsonArg, NameArg};
use super::{auth_failure, exit, open_store, Cli, StoreUse};
use crate::auth::robots::{self, Expiry, Grant, Issued, RobotRecord, RobotsFile, UsageFile};
use crate::auth::users::UsersFile;

const ROBOT_HELP: &str = "A robot signs in like a user, by Basic or the token flow, with the user name\n`robot` (or its own name) and its secret as the password, and gets exactly its\ngrants: grants to authenticated, anonymous or its groups never add to them, while\nany deny naming robot:NAME, one of its groups, authenticated or anonymous wins.\nPut it in groups with `registryctl group add-member GROUP robot:NAME`.\nA GRANT is PATTERN:ACTIONS with the ACL's grammar (acme/app:pull,push,\n'acme/**:pull', '**:*'). Secrets start with rcr_ and are stored only as SHA-256\nhashes; they are shown once, by create and rotate, and never logged. Removing,\nrotating or expiring a robot ends its secret and its tokens on every running\nserver within a second. Robots live in auth/robots.toml; every change is in the\naudit log (`registryctl acl log`), and so is the first use after each creation or\nrotation. A robot turns access control on, as a user does.";

/// `registryctl robot ...`.
#[derive(Debug, clap::Args)]
#[command(after_help = format!("{ROBOT_HELP}\n\nSee docs/access-control.md."))]
pub struct RobotArgs {
    /// The robot subcommand.
    #[command(subcommand)]
    pub command: RobotCommand,
}

/// The robot subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum RobotCommand {
    /// Make a robot with its grants and expiry, and print its secret (once).
    #[command(after_help = format!("Examples:\n  registryctl robot create ci-acme --grant 'acme/app:pull,push' --expires 30d\n  registryctl robot create deploy --grant 'acme/**:pull' --expires 90d --description 'prod cluster'\n  SECRET=$(registryctl -q robot create ci --grant 'ci/**:*' --expires 12h)\n  registryctl robot create ci-acme --grant 'acme/app:push' --expires never --json\n\nThen: skopeo copy --dest-creds \"robot:$SECRET\" ...; docker login -u robot --password-stdin.\nWith -q only the secret is printed; --json prints it with the robot's record.\n\n{ROBOT_HELP}"))]
    Create(CreateArgs),
    /// List robots: grants, expiry, who made them, when they were last used.
    #[command(
        after_help = "Examples:\n  registryctl robot ls\n  registryctl robot ls --json\n\nLAST USED is recorded by the running servers at most once a minute per robot, so\nit may lag by that much. Secrets and their hashes are never shown."
    )]
    Ls(JsonArg),
    /// Remove a robot: its secret and tokens stop working at once.
    #[command(
        after_help = "Examples:\n  registryctl robot rm ci-acme\n\nAlso removes it from its groups; deny rules naming robot:NAME stay."
    )]
    Rm(NameArg),
    /// Give a robot a new secret (printed once); the old one and its tokens are refused.
    #[command(
        after_help = "Examples:\n  registryctl robot rotate ci-acme\n  registryctl robot rotate ci-acme --expires 30d --json\n\nThe grants stay; the expiry stays unless --expires gives a new one (from now),\nwhich also renews an expired robot. With -q only the secret is printed."
    )]
    Rotate(RotateArgs),
}

/// Flags of `robot create`.
#[derive(Debug, clap::Args)]
pub struct CreateArgs {
    /// The robot's name: 1 to 64 of a-z, 0-9, '.', '_', '-' (robot:NAME in rules).
    pub name: String,
    /// What it may do: PATTERN:ACTIONS (repeat for more).
    #[arg(long = "grant", value_name = "PATTERN:ACTIONS", required = true)]
    pub grants: Vec<Grant>,
    /// How long it is valid: 30d, 12h, 90m, 2s, ... or `never`.
    #[arg(long, value_name = "DURATION")]
    pub expires: Expiry,
    /// What it is for (shown by `robot ls`).
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,
    /// Print the secret and the robot as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Flags of `robot rotate`.
#[derive(Debug, clap::Args)]
pub struct RotateArgs {
    /// The robot.
    pub name: String,
    /// A new expiry from now (30d, 12h, ... or `never`); default: keep the current one.
    #[arg(long, value_name = "DURATION")]
    pub expires: Option<Expiry>,
    /// Print the new secret and the robot as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs `robot`.
pub fn run(cli: &Cli, args: &RobotArgs) -> anyhow::Result<u8> {
    let usage = match &args.command {
        RobotCommand::Ls(_) => StoreUse::Read,
        _ => StoreUse::Write,
    };
    let store = open_store(cli, usage)?;
    let result = match &args.command {
        RobotCommand::Create(a) => {
            robots::create(
                &store,
                &a.name,
                a.grants.clone(),
                a.expires,
                a.description.as_deref().unwrap_or_default(),
            )
                .and_then(|issued| show_issued(cli, &a.name, "created", &issued, a.json))
                .map(|()| {
                    if UsersFile::load(&store).is_ok_and(|u| u.users.is_empty()) {
                        eprintln!(
                            "note: there are no users: with this robot, access control is on \
                             and only robots can sign in (`registryctl user add NAME` adds a person)"
                        );
                    }
                })
        }
        RobotCommand::Rotate(a) => robots::rotate(&store, &a.name, a.expires)
            .and_then(|issued| show_issued(cli, &a.name, "rotated", &issued, a.json)),
        RobotCommand::Rm(a) => robots::remove(&store, &a.name).map(|groups| {
            if !cli.quiet {
                outln!("removed robot {}", a.name);
                if !groups.is_empty() {
                    outln!("  and from groups: {}", groups.join(", "));
                }
            }
        }),
        RobotCommand::Ls(a) => {
            let loaded = RobotsFile::load(&store)
                .and_then(|r| Ok((r, UsageFile::load(&store)?, UsersFile::load(&store)?)));
            match loaded {
                Ok((r, u, users)) => return list(&r, &u, &users, a.json).map(|()| exit::OK),
                Err(e) => Err(e),
            }
        }
    };
    Ok(match result {
        Ok(()) => exit::OK,
        Err(e) => auth_failure(&e),
    })
}

fn grant_strings(r: &RobotRecord) -> Vec<String> {
    r.grants.iter().map(Grant::to_string).collect()
}

/// Prints a new secret: alone with `-q`, with the record as JSON, or with a note.
fn show_issued(
    cli: &Cli,
    name: &str,
    verb: &str,
    issued: &Issued,
    as_json: bool,
) -> Result<(), crate::auth::AuthError> {
    let r = &issued.record;
    if as_json {
        outln!(
            "{}",
            json!({
                "name": name,
                "secret": issued.secret.expose(),
                "login_user": robots::LOGIN_USER,
                "grants": grant_strings(r),
                "expires": r.expires,
                "created": r.created,
                "created_by": r.created_by,
                "rotated": r.rotated,
                "description": r.description,
            })
        );
    } else if cli.quiet {
        outln!("{}", issued.secret.expose());
    } else {
        outln!(
            "{verb} robot {name}: {}; expires {}",
            grant_strings(r).join(" "),
            r.expires.as_deref().unwrap_or("never")
        );
        outln!(
            "secret (shown only now; sign in with user name {} or {name}):",
            robots::LOGIN_USER
        );
        outln!("{}", issued.secret.expose());
    }
    Ok(())
}

fn list(f: &RobotsFile, usage: &UsageFile, users: &UsersFile, as_json: bool) -> anyhow::Result<()> {
    let now = robots::now();
    let last_used = |n: &str| {
        usage
            .robots
            .get(n)
            .map(|u| u.last_used.clone())
            .filter(|s| !s.is_empty())
    };
    if as_json {
        let list: Vec<_> = f
            .robots
            .iter()
            .map(|(n, r)| {
                json!({
                    "name": n,
                    "grants": grant_strings(r),
                    "expires": r.expires,
                    "expired": r.expired_at(now),
                    "created": r.created,
                    "created_by": r.created_by,
                    "rotated": r.rotated,
                    "last_used": last_used(n),
                    "groups": users.groups_of(&robots::caller_id(n)),
                    "description": r.description,
                })
            })
            .collect();
        return print_json(&list);
    }
    if f.robots.is_empty() {
        outln!("no robots");
        return Ok(());
    }
    let mut t = table(
        &[
            "NAME",
            "GRANTS",
            "EXPIRES",
            "CREATED BY",
            "LAST USED",
            "GROUPS",
            "DESCRIPTION",
        ],
        &[],
    );
    for (n, r) in &f.robots {
        let expires = match (&r.expires, r.expired_at(now)) {
            (None, _) => "never".to_string(),
            (Some(e), true) => format!("EXPIRED {e}"),
            (Some(e), false) => e.clone(),
        };
        t.add_row(vec![
            n.clone(),
            grant_strings(r).join(" "),
            expires,
            format!("{} {}", r.created_by, r.created),
            last_used(n).unwrap_or_else(|| "never".into()),
            users.groups_of(&robots::caller_id(n)).join(","),
            r.description.clone(),
        ]);
    }
    print_table(&t);
    Ok(())
}
