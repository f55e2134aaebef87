//! `registryctl audit log`: the deletion audit log (docs/policy.md, "Deletion
//! audit"); and the one way CLI commands write to it ([`record`], [`flush`]).

use std::io::Write;
use std::time::SystemTime;

use super::output;
use super::{exit, listing, open_store, Cli, StoreUse};
use crate::audit::{self, Deletion, Entry, Filter, Kind, Origin, Recorder};
use crate::inventory::Glob;
use crate::storage::Store;

/// `registryctl audit …`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  registryctl audit log --since 1h\n  registryctl audit log --repo 'acme/**' --kind tag,manifest --json | jq -r .who\n\nEvery deletion and policy action is one JSON line in auth/deletions.log (on object\nstorage: objects under auth/deletions.log.d/): gc's removals with the run id, prune\nwith the retention rules, the API's DELETEs with the user, tag rm, manifest rm, repo\nrm, scan --fix and quarantine purge with the OS user. Edits of users, groups, robots\nand rules are in the auth audit log instead (`registryctl acl log`)."
)]
pub struct AuditArgs {
    /// The subcommand.
    #[command(subcommand)]
    pub command: AuditCommand,
}

/// Subcommands of `audit`.
#[derive(Debug, clap::Subcommand)]
pub enum AuditCommand {
    /// Print the deletion audit log: who removed what, why and when.
    #[command(
        after_help = "Examples:\n  registryctl audit log\n  registryctl audit log --since 2026-12-01T00:00:00Z --until 2026-12-02T00:00:00Z\n  registryctl audit log --since 30m --kind blob --json\n\nWHEN is a duration back from now (30m, 24h, 7d: the durations of gc --grace-period) or\nan RFC 3339 time in UTC (2026-12-01T10:00:00Z; a date alone means its midnight).\n--since is inclusive, --until exclusive. --repo takes the glob of `blob ls --repo`\n(`*` within a path component, `**` across). The table's WHY column names the\nretention rules or the gc run; --json prints every field, one object per line."
    )]
    Log(AuditLogArgs),
}

/// Flags of `audit log`.
#[derive(Debug, clap::Args)]
pub struct AuditLogArgs {
    /// Only entries at or after WHEN (a duration back from now, or an RFC 3339 time).
    #[arg(long, value_name = "WHEN", value_parser = parse_when, allow_hyphen_values = true)]
    pub since: Option<SystemTime>,
    /// Only entries before WHEN (a duration back from now, or an RFC 3339 time).
    #[arg(long, value_name = "WHEN", value_parser = parse_when, allow_hyphen_values = true)]
    pub until: Option<SystemTime>,
    /// Only entries about repositories matching this glob.
    #[arg(long, value_name = "GLOB")]
    pub repo: Option<Glob>,
    /// Only entries of these kinds (comma-separated or repeated).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "KIND")]
    pub kind: Vec<Kind>,
    /// One JSON object per line, with every field.
    #[arg(long)]
    pub json: bool,
}

/// A point in time: a duration back from now (the parser of gc's `--grace-period`),
/// or an RFC 3339 time (UTC), or a date (its midnight, UTC).
fn parse_when(s: &str) -> Result<SystemTime, String> {
    let t = s.trim();
    if t.starts_with(|c: char| c.is_ascii_digit()) && !t.contains(['-', ':']) {
        let d = output::parse_duration(t)?;
        return SystemTime::now()
            .checked_sub(d)
            .ok_or_else(|| format!("`{s}` reaches back before 1970"));
    }
    let full = if t.len() == 10 {
        format!("{t}T00:00:00Z")
    } else {
        t.to_string()
    };
    humantime::parse_rfc3339_weak(&full).map_err(|_| {
        format!(
            "`{s}` is neither a duration (30m, 24h, 7d) nor a time (RFC 3339 in UTC, such as 2026-12-01T10:00:00Z, or a date)"
        )
    })
}

/// Runs `audit …`.
pub fn run(cli: &Cli, args: &AuditArgs) -> anyhow::Result<u8> {
    match &args.command {
        AuditCommand::Log(a) => log(cli, a),
    }
}

fn log(cli: &Cli, args: &AuditLogArgs) -> anyhow::Result<u8> {
    let store = open_store(cli, StoreUse::Read)?;
    let log = audit::read(&store).map_err(|e| {
        anyhow::Error::new(e).context("reading the deletion audit log (auth/deletions.log)")
    })?;
    let filter = Filter {
        since: args.since,
        until: args.until,
        repo: args.repo.clone(),
        kinds: args.kind.clone(),
    };
    let shown: Vec<&Entry> = log.entries.iter().filter(|e| filter.matches(e)).collect();
    if args.json {
        let mut text = Vec::new();
        for e in &shown {
            serde_json::to_writer(&mut text, e)?;
            text.push(b'\n');
        }
        output::write_stdout_bytes(&text);
    } else if !shown.is_empty() {
        let mut t = listing::table(&["TIME", "WHO", "WHY", "KIND", "SIZE", "WHAT"], &[4]);
        for e in &shown {
            t.add_row(vec![
                e.time.clone(),
                e.who.clone(),
                why(e),
                kind(e),
                e.size.map_or("-".to_string(), |n| output::size(n, false)),
                what(e),
            ]);
        }
        listing::print_table(&t);
    }
    if !cli.quiet {
        let mut err = std::io::stderr().lock();
        if log.unreadable > 0 {
            let _ = writeln!(
                err,
                "registryctl audit log: {} lines of the log are not entries (a write torn by a crash, or a newer format) and were skipped",
                log.unreadable
            );
        }
        if !args.json {
            let _ = writeln!(
                err,
                "{} of {} entries shown",
                shown.len(),
                log.entries.len()
            );
        }
    }
    Ok(exit::OK)
}

fn why(e: &Entry) -> String {
    match (&e.rule, &e.gc_run) {
        (Some(r), _) => format!("{} ({r})", e.why),
        (None, Some(g)) => format!("{} {g}", e.why),
        _ => e.why.clone(),
    }
}

fn kind(e: &Entry) -> String {
    if e.action == "delete" {
        e.kind.clone()
    } else {
        format!("{} ({})", e.kind, e.action)
    }
}

fn what(e: &Entry) -> String {
    let digest = e.digest.as_deref().map(|d| listing::short_digest(d, false));
    match (&e.repository, &e.tag, digest, &e.name) {
        (Some(r), Some(t), _, _) => format!("{r}:{t}"),
        (Some(r), None, Some(d), _) => format!("{r}@{d}"),
        (Some(r), None, None, Some(n)) => format!("{r} {n}"),
        (Some(r), None, None, None) => r.clone(),
        (None, _, Some(d), _) => d,
        (None, _, None, Some(n)) => n.clone(),
        _ => "-".to_string(),
    }
}

/// Writes a CLI command's recorded deletions. On failure the entries not written are
/// printed on stderr (they are the only record left) and the error is the command's.
pub(crate) fn flush(rec: &mut Recorder<'_>, command: &str) -> anyhow::Result<()> {
    rec.flush().map_err(|e| {
        let mut err = std::io::stderr().lock();
        for line in &e.unrecorded {
            let _ = writeln!(err, "registryctl {command}: unrecorded deletion: {line}");
        }
        anyhow::Error::new(e)
    })
}

/// Records deletions a CLI command made (`command` as in [`Origin::cli`]), at once.
pub(crate) fn record(
    store: &Store,
    command: &str,
    why: audit::Why,
    deletions: impl IntoIterator<Item = Deletion>,
) -> anyhow::Result<()> {
    let mut rec = Recorder::new(store, Origin::cli(command, why));
    for d in deletions {
        rec.record(d);
    }
    flush(&mut rec, command)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn when() {
        let now = SystemTime::now();
        let t = parse_when("1h").unwrap();
        let back = now.duration_since(t).unwrap().as_secs();
        assert!((3599..=3601).contains(&back), "{back}");
        assert_eq!(
            parse_when("2026-12-01T10:00:00Z").unwrap(),
            humantime::parse_rfc3339("2026-12-01T10:00:00Z").unwrap()
        );
        assert_eq!(
            parse_when("2026-12-01").unwrap(),
            humantime::parse_rfc3339("2026-12-01T00:00:00Z").unwrap()
        );
        assert!(parse_when("-1h").is_err());
        assert!(parse_when("yesterday").unwrap_err().contains("neither"));
        assert!(parse_when("1 fortnight").is_err());
    }
}
