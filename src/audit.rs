//! The deletion audit log: one JSON line per object a deletion or policy action
//! removed (gc, prune, the API's `DELETE`s, `tag rm`, `manifest rm`, `repo rm`,
//! `scan --fix`, `quarantine purge`), saying who, what, why, when and which process.
//!
//! It is its own log, `auth/deletions.log`, beside the auth audit log
//! (`auth/audit.log`, tab-separated lines that `acl log` prints and scripts read): a
//! large gc writes thousands of lines, which would bury the few edits of users and
//! rules, and one format per file keeps both greppable (`jq` here). Both are written
//! through the same backend append ([`Store::append_deletion_lines`]).
//!
//! **Order**: an entry is written *after* its deletion succeeded, because only then is
//! it known what went (gc and prune re-check each object under the commit lock at the
//! moment they remove it, and may leave it). A [`Recorder`] batches the entries of a
//! sweep into one append (gc: one per repository, per blob batch and for the uploads),
//! so a crash between a deletion and its entry loses at most that batch's lines; a
//! failed write is an error of the command, which prints the entries it could not
//! record on stderr. See docs/policy.md, "Deletion audit".

use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::storage::{Store, StoreError};

/// Lines per append: a batch on object storage is one object, kept well under a MiB.
pub const BATCH_LINES: usize = 1000;

/// What kind of object an entry is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A manifest (its link in a repository).
    Manifest,
    /// A tag.
    Tag,
    /// Blob bytes in the content store.
    Blob,
    /// A repository's link to a blob (API `DELETE …/blobs/<digest>`, gc, scan).
    LayerLink,
    /// A referrer record.
    Referrer,
    /// An upload session.
    Upload,
    /// A staging file under `tmp/`.
    Tmp,
    /// A whole repository (`repo rm`).
    Repository,
    /// Quarantined bytes (`scan --fix` moves corrupt bytes there, `quarantine purge`
    /// deletes them).
    Quarantined,
}

impl Kind {
    /// The name used in the log and by `audit log --kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Manifest => "manifest",
            Kind::Tag => "tag",
            Kind::Blob => "blob",
            Kind::LayerLink => "layer-link",
            Kind::Referrer => "referrer",
            Kind::Upload => "upload",
            Kind::Tmp => "tmp",
            Kind::Repository => "repository",
            Kind::Quarantined => "quarantined",
        }
    }
}

/// Why something was removed: the path that removed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// An HTTP `DELETE`.
    Api,
    /// A CLI command run for this object (`tag rm`, `manifest rm`, `repo rm`,
    /// `quarantine purge`).
    Cli,
    /// Garbage collection (the entry names the run).
    Gc,
    /// A retention rule (`prune`; the entry names the rules).
    Retention,
    /// `scan --fix` (the entry says what was wrong).
    Scan,
}

impl Why {
    fn as_str(self) -> &'static str {
        match self {
            Why::Api => "api",
            Why::Cli => "cli",
            Why::Gc => "gc",
            Why::Retention => "retention",
            Why::Scan => "scan",
        }
    }
}

/// One line of the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// When it was removed (RFC 3339, UTC, milliseconds).
    pub time: String,
    /// The API user (`anonymous` without one), or the OS user of a CLI command
    /// (`root(sudo:alice)` under sudo).
    pub who: String,
    /// `delete`, or `quarantine` (bytes moved aside, not deleted).
    pub action: String,
    /// What it was (see [`Kind`]).
    pub kind: String,
    /// The repository, for everything but blob bytes and staging files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
    /// The tag, for tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// The digest (of a tag: the manifest it pointed at).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
    /// The name, for upload sessions, staging and quarantined files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Size in bytes, where known (links: the blob they named).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// `api`, `cli`, `gc`, `retention` or `scan`.
    pub why: String,
    /// The retention rules that decided (`why: retention`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// The gc run (`why: gc`), as in the gc report's `run_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gc_run: Option<String>,
    /// More, in words: what `scan` found wrong, where quarantined bytes went, what a
    /// removed repository held.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The command that did it (`registryctl gc`, `registryctl serve`, …).
    pub command: String,
    /// The process: `host:pid` (`NAME/host:pid` for a `serve --replica NAME`).
    pub replica: String,
}

impl Entry {
    /// The entry's time, if it parses.
    pub fn at(&self) -> Option<SystemTime> {
        humantime::parse_rfc3339_weak(&self.time).ok()
    }
}

/// What was removed: the part of an [`Entry`] the deleting code knows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deletion {
    /// `quarantine` instead of `delete`.
    pub quarantine: bool,
    /// What it was.
    pub kind: Option<Kind>,
    /// See [`Entry::repository`].
    pub repository: Option<String>,
    /// See [`Entry::tag`].
    pub tag: Option<String>,
    /// See [`Entry::digest`].
    pub digest: Option<String>,
    /// See [`Entry::name`].
    pub name: Option<String>,
    /// See [`Entry::size`].
    pub size: Option<u64>,
    /// See [`Entry::rule`].
    pub rule: Option<String>,
    /// See [`Entry::detail`].
    pub detail: Option<String>,
}

impl Deletion {
    /// A deletion of a `kind` object.
    pub fn of(kind: Kind) -> Deletion {
        Deletion {
            kind: Some(kind),
            ..Deletion::default()
        }
    }

    /// In `repo`.
    pub fn repo(mut self, repo: impl ToString) -> Deletion {
        self.repository = Some(repo.to_string());
        self
    }

    /// The tag.
    pub fn tag(mut self, tag: impl ToString) -> Deletion {
        self.tag = Some(tag.to_string());
        self
    }

    /// The digest.
    pub fn digest(mut self, d: impl ToString) -> Deletion {
        self.digest = Some(d.to_string());
        self
    }

    /// The name.
    pub fn name(mut self, name: impl ToString) -> Deletion {
        self.name = Some(name.to_string());
        self
    }

    /// The size, if known.
    pub fn size(mut self, size: Option<u64>) -> Deletion {
        self.size = size;
        self
    }

    /// The detail.
    pub fn detail(mut self, detail: impl Into<String>) -> Deletion {
        self.detail = Some(detail.into());
        self
    }
}

/// Who removes, why, and from which process: the same for every entry of a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// See [`Entry::who`].
    pub who: String,
    /// See [`Entry::why`].
    pub why: Why,
    /// See [`Entry::gc_run`].
    pub gc_run: Option<String>,
    /// See [`Entry::command`].
    pub command: String,
    /// See [`Entry::replica`].
    pub replica: String,
}

impl Origin {
    /// A CLI command (`command` without the program name: `tag rm`) run by this
    /// process's OS user, for a reason of its own (`why`).
    pub fn cli(command: &str, why: Why) -> Origin {
        Origin {
            who: crate::auth::files::actor(),
            why,
            gc_run: None,
            command: format!("registryctl {command}"),
            replica: replica(),
        }
    }

    /// An API request of `user` (`None`: anonymous) to this `serve`.
    pub fn api(user: Option<&str>) -> Origin {
        Origin {
            who: user.unwrap_or("anonymous").to_string(),
            why: Why::Api,
            gc_run: None,
            command: "registryctl serve".to_string(),
            replica: replica(),
        }
    }

    /// The same origin for a gc run.
    pub fn for_gc(mut self, run_id: &str) -> Origin {
        self.why = Why::Gc;
        self.gc_run = Some(run_id.to_string());
        self
    }

    /// The entry for `d`, stamped now.
    pub fn entry(&self, d: Deletion) -> Entry {
        Entry {
            time: humantime::format_rfc3339_millis(SystemTime::now()).to_string(),
            who: self.who.clone(),
            action: if d.quarantine { "quarantine" } else { "delete" }.to_string(),
            kind: d.kind.map_or("unknown", Kind::as_str).to_string(),
            repository: d.repository,
            tag: d.tag,
            digest: d.digest,
            name: d.name,
            size: d.size,
            why: self.why.as_str().to_string(),
            rule: d.rule,
            gc_run: self.gc_run.clone(),
            detail: d.detail,
            command: self.command.clone(),
            replica: self.replica.clone(),
        }
    }
}

static REPLICA: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// This process: `host:pid`, or `NAME/host:pid` in a `serve` that named itself with
/// [`name_replica`].
pub fn replica() -> String {
    REPLICA.get_or_init(host_pid).clone()
}

/// Names this process's entries after its replica (`serve --replica NAME`), so that
/// the log says which of several `serve`s on one store deleted something. Takes
/// effect only before the first entry is written (serve calls it at start).
pub fn name_replica(name: &str) {
    let _ = REPLICA.set(format!("{name}/{}", host_pid()));
}

fn host_pid() -> String {
    let host = crate::config::host_name().unwrap_or_else(|| "unknown-host".to_string());
    format!("{host}:{}", std::process::id())
}

/// Entries that could not be written: the command must say so.
#[derive(Debug, thiserror::Error)]
#[error("the deletion audit log could not be written ({error}): {} deletions that happened are not recorded there", .unrecorded.len())]
pub struct AuditError {
    /// Why.
    pub error: StoreError,
    /// The lines not written (JSON), for the command to print.
    pub unrecorded: Vec<String>,
}

impl AuditError {
    /// Puts the unwritten entries in the process's log (stderr for the CLI), for a
    /// caller whose error cannot carry them.
    pub fn log_unrecorded(&self) {
        tracing::error!("{self}; the unrecorded entries follow");
        for line in &self.unrecorded {
            tracing::error!("unrecorded deletion: {line}");
        }
    }
}

/// Collects the entries of one command and writes them in batches.
pub struct Recorder<'a> {
    store: &'a Store,
    origin: Origin,
    pending: Vec<String>,
    written: u64,
}

impl<'a> Recorder<'a> {
    /// A recorder for `origin`'s deletions in `store`.
    pub fn new(store: &'a Store, origin: Origin) -> Recorder<'a> {
        Recorder {
            store,
            origin,
            pending: Vec::new(),
            written: 0,
        }
    }

    /// The origin its entries carry.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// Notes a deletion that happened (written at the next [`Recorder::flush`]).
    pub fn record(&mut self, d: Deletion) {
        let e = self.origin.entry(d);
        // An entry of strings and numbers always serialises.
        if let Ok(line) = serde_json::to_string(&e) {
            self.pending.push(line);
        }
    }

    /// Entries recorded and not yet written.
    pub fn pending(&self) -> usize {
        self.pending.len()
    }

    /// Entries written so far.
    pub fn written(&self) -> u64 {
        self.written
    }

    /// Writes what was recorded, [`BATCH_LINES`] lines per append. On failure nothing
    /// more is written and every line not written is in the error.
    pub fn flush(&mut self) -> Result<(), AuditError> {
        while !self.pending.is_empty() {
            let n = self.pending.len().min(BATCH_LINES);
            let text = self.pending[..n].join("\n");
            if let Err(error) = self.store.append_deletion_lines(&text) {
                return Err(AuditError {
                    error,
                    unrecorded: std::mem::take(&mut self.pending),
                });
            }
            self.pending.drain(..n);
            self.written += n as u64;
        }
        Ok(())
    }
}

impl Drop for Recorder<'_> {
    /// A command that stops on an error after removing something still records it;
    /// if even that fails, the lines go to the process's log (stderr for the CLI).
    fn drop(&mut self) {
        if let Err(e) = self.flush() {
            e.log_unrecorded();
        }
    }
}

/// What [`read`] found.
#[derive(Debug, Default)]
pub struct Log {
    /// The entries, in the order written.
    pub entries: Vec<Entry>,
    /// Lines that are not entries (a torn last line after a crash, a newer format).
    pub unreadable: usize,
}

/// Reads the whole deletion log.
pub fn read(store: &Store) -> Result<Log, StoreError> {
    let mut log = Log::default();
    let Some(bytes) = store.read_deletion_log()? else {
        return Ok(log);
    };
    for line in bytes.split(|&b| b == b'\n') {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<Entry>(line) {
            Ok(e) => log.entries.push(e),
            Err(_) => {
                log.unreadable += 1;
                // A write torn by a crash has no newline, so the next batch's first
                // line was appended to it: that entry is whole from its last start.
                if let Some(e) = recover(line) {
                    log.entries.push(e);
                }
            }
        }
    }
    Ok(log)
}

/// The entry at the end of a line that starts with a torn one.
fn recover(line: &[u8]) -> Option<Entry> {
    const START: &[u8] = b"{\"time\":";
    let at = line
        .windows(START.len())
        .rposition(|w| w == START)
        .filter(|&i| i > 0)?;
    serde_json::from_slice(&line[at..]).ok()
}

/// Which entries `audit log` shows.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    /// At or after.
    pub since: Option<SystemTime>,
    /// Before.
    pub until: Option<SystemTime>,
    /// Repository names matching (entries without a repository never match).
    pub repo: Option<crate::inventory::Glob>,
    /// Of these kinds (empty: all).
    pub kinds: Vec<Kind>,
}

impl Filter {
    /// Whether `e` is shown. An entry whose time does not parse is shown only when
    /// no time bound is given.
    pub fn matches(&self, e: &Entry) -> bool {
        if self.since.is_some() || self.until.is_some() {
            let Some(t) = e.at() else {
                return false;
            };
            if self.since.is_some_and(|s| t < s) || self.until.is_some_and(|u| t >= u) {
                return false;
            }
        }
        if let Some(g) = &self.repo {
            if !e.repository.as_deref().is_some_and(|r| g.matches(r)) {
                return false;
            }
        }
        self.kinds.is_empty() || self.kinds.iter().any(|k| k.as_str() == e.kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(time: &str, kind: Kind, repo: Option<&str>) -> Entry {
        let mut e = Origin::cli("tag rm", Why::Cli).entry(Deletion {
            repository: repo.map(str::to_string),
            ..Deletion::of(kind)
        });
        e.time = time.to_string();
        e
    }

    #[test]
    fn filter() {
        let t = |s: &str| humantime::parse_rfc3339_weak(s).unwrap();
        let a = entry("2026-12-01T10:00:00.000Z", Kind::Tag, Some("acme/app"));
        let b = entry("2026-12-01T12:00:00.000Z", Kind::Blob, None);
        let f = Filter {
            since: Some(t("2026-12-01T11:00:00Z")),
            ..Filter::default()
        };
        assert!(!f.matches(&a) && f.matches(&b));
        let f = Filter {
            until: Some(t("2026-12-01T12:00:00Z")),
            ..Filter::default()
        };
        assert!(f.matches(&a) && !f.matches(&b), "until is exclusive");
        let f = Filter {
            repo: Some(crate::inventory::Glob::new("acme/**")),
            ..Filter::default()
        };
        assert!(f.matches(&a) && !f.matches(&b));
        let f = Filter {
            kinds: vec![Kind::Blob, Kind::Manifest],
            ..Filter::default()
        };
        assert!(!f.matches(&a) && f.matches(&b));
        let mut bad = a.clone();
        bad.time = "yesterday".into();
        assert!(Filter::default().matches(&bad));
        let f = Filter {
            since: Some(t("2026-12-01T00:00:00Z")),
            ..Filter::default()
        };
        assert!(!f.matches(&bad));
    }

    #[test]
    fn entries_round_trip_and_omit_what_is_unknown() {
        let e =
            Origin::api(None).entry(Deletion::of(Kind::Manifest).repo("a/b").digest("sha256:00"));
        let line = serde_json::to_string(&e).unwrap();
        assert!(
            !line.contains("\"tag\"") && !line.contains("\"size\""),
            "{line}"
        );
        assert!(line.contains("\"who\":\"anonymous\"") && line.contains("\"why\":\"api\""));
        assert_eq!(serde_json::from_str::<Entry>(&line).unwrap(), e);
        assert!(e.at().is_some());
    }
}
