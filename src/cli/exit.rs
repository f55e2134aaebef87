//! Exit codes: one table for every command.
//!
//! A code means the same thing whichever command returns it; [`TABLE`] is printed at
//! the end of every command's `--help` (see [`super::command`]), in the EXIT STATUS
//! section of every man page and in docs/operations.md. Errors that need a code other
//! than [`FAILURE`] carry it as a [`super::CodedError`].

/// Success; for a check, the answer is yes (healthy, allowed, kept).
pub const OK: u8 = 0;
/// The command failed (the cause is printed on stderr), or a check's answer is no:
/// `scan` found errors, `import` found problems, `gc` left something alone because of
/// a problem, `acl check` denied.
pub const FAILURE: u8 = 1;
/// Bad usage: an unknown flag, a malformed argument or value, or a confirmation that
/// has no terminal to ask on (pass `--yes`). Clap's own code.
pub const USAGE: u8 = 2;
/// The thing named does not exist: user, group, rule, repository, tag or manifest.
pub const NOT_FOUND: u8 = 3;
/// The thing to create exists already.
pub const EXISTS: u8 = 4;
/// A check could not give its answer (`acl check` could not read the auth files,
/// `scan` could not finish its walk).
pub const CHECK_ERROR: u8 = 5;
/// There is no store at the root: the directory is missing, empty, or holds
/// something else. Only `serve` and `init` create one.
pub const NO_STORE: u8 = 6;
/// The store's layout is newer than this registryctl understands: upgrade it.
pub const NEWER_LAYOUT: u8 = 7;
/// Busy: another gc holds the store's gc lock, or another process held a store lock
/// for the whole lock wait (`REGISTRYCTL_LOCK_WAIT`); nothing was done (try again later).
pub const BUSY: u8 = 8;
// 9 is retired and never reused: it meant "gc cannot run on object storage yet",
// and gc now runs there (docs/gc.md, "On object storage").
/// A tag policy decides: the tag is immutable (the change is refused), or `prune`
/// would remove it (`retention explain`).
pub const POLICY: u8 = 10;

/// Every code with its name (as in `--json` error objects) and meaning.
pub const TABLE: &[(u8, &str, &str)] = &[
    (
        OK,
        "ok",
        "success; for a check, the answer is yes (healthy, allowed, kept)",
    ),
    (
        FAILURE,
        "failure",
        "failed (the cause is on stderr), or a check's answer is no (scan found errors, \
         import or gc found problems, acl check denied)",
    ),
    (
        USAGE,
        "usage",
        "bad usage: unknown flag, malformed argument or value, or a confirmation with no \
         terminal to ask on (pass --yes)",
    ),
    (
        NOT_FOUND,
        "not_found",
        "no such user, group, rule, repository, tag or manifest",
    ),
    (EXISTS, "exists", "the thing to create exists already"),
    (
        CHECK_ERROR,
        "check_error",
        "a check could not answer (acl check could not read the auth files, scan could \
         not finish)",
    ),
    (
        NO_STORE,
        "no_store",
        "no store at the root (only `serve` and `init` create one)",
    ),
    (
        NEWER_LAYOUT,
        "newer_layout",
        "the store's layout is newer than this registryctl: upgrade registryctl",
    ),
    (
        BUSY,
        "busy",
        "another gc is running on the store, or another process held a store lock for the \
         whole lock wait (REGISTRYCTL_LOCK_WAIT); nothing was done (try again later)",
    ),
    (
        POLICY,
        "policy",
        "a tag policy decides: the tag is immutable (change refused), or prune would \
         remove it (retention explain)",
    ),
];

/// The name of a code, for `--json` error objects (`failure` for unknown codes).
pub fn name(code: u8) -> &'static str {
    TABLE
        .iter()
        .find(|(c, _, _)| *c == code)
        .map_or("failure", |(_, n, _)| n)
}

/// The table as plain text, wrapped to fit 80 columns, headed "Exit codes:".
pub fn help_text() -> String {
    let mut s = String::from("Exit codes (the same for every command; docs/operations.md):");
    for (code, _, meaning) in TABLE {
        s.push('\n');
        for (i, line) in super::output::wrap(meaning, 72, 0).lines().enumerate() {
            if i == 0 {
                s.push_str(&format!("  {code:>2}  {line}"));
            } else {
                s.push_str(&format!("\n      {line}"));
            }
        }
    }
    s
}

/// An error that exits with `code` (see [`super::CodedError`]).
pub fn err(code: u8, message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(super::CodedError {
        code,
        message: message.into(),
    })
}

/// Appends [`help_text`] to the `--help` of `cmd` and of every subcommand under it,
/// so that every command prints the one table (and the man pages carry it).
pub fn decorate(cmd: clap::Command) -> clap::Command {
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    let after = match cmd.get_after_help() {
        Some(a) => format!("{a}\n\n{}", help_text()),
        None => help_text(),
    };
    let mut cmd = cmd.after_help(after);
    for n in names {
        cmd = cmd.mut_subcommand(n, decorate);
    }
    cmd
}

/// The `--json` form of a failure: `{"error": {"code", "kind", "message"}}`, printed
/// on stdout by commands run with `--json` (the message also goes to stderr).
pub fn json_error(code: u8, message: &str) -> serde_json::Value {
    serde_json::json!({"error": {"code": code, "kind": name(code), "message": message}})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_lines_fit() {
        let mut seen = std::collections::HashSet::new();
        for (c, n, _) in TABLE {
            assert!(seen.insert(*c), "code {c} twice");
            assert_eq!(name(*c), *n);
        }
        for l in help_text().lines() {
            assert!(l.len() <= 80, "{l}");
        }
        assert_eq!(name(99), "failure");
    }
}
