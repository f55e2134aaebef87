//! The one place that knows the layout of the store.
//!
//! Every object in the store has a [`Key`]: a relative, `/`-separated path built
//! here and only here, from already-validated values ([`RepoName`], [`Tag`],
//! [`Digest`], [`UploadId`]). A backend maps keys to its own namespace (the
//! filesystem backend joins them to the root directory). The layout is documented
//! for operators in `docs/storage.md`; keep the two in step.
//!
//! ```text
//! blobs/<alg>/<hh>/<hex>                            blob bytes (layers, configs, manifests), stored once
//! repositories/<name>/_layers/<alg>/<hex>           repository may serve blob <alg>:<hex>
//! repositories/<name>/_manifests/<alg>/<hex>        repository holds manifest <alg>:<hex> (JSON: mediaType, size)
//! repositories/<name>/_tags/<tag>                   tag -> manifest digest (text)
//! repositories/<name>/_referrers/<alg>/<hex>/<alg>/<hex>
//!                                                   subject -> referrer descriptor (JSON)
//! repositories/<name>/_pulls/last.json              manifest digest -> last pull (unix seconds, JSON)
//! uploads/<uuid>/data, uploads/<uuid>/meta.json     upload sessions
//! quarantine/<alg>/<hex>.<unix-time>                corrupt blob bytes moved aside by `scan --fix`
//! auth/users.toml, auth/acl.toml, auth/audit.log, auth/token.key, auth/policy.toml
//! registryctl-layout.json                           the layout marker (version; see `storage::layout`)
//! locks/<name>.lock                                 advisory locks (commit, gc, pulls, quota-<id>)
//! tmp/                                              staging for atomic writes
//! data/<uuid>                                       object storage only: the bytes of a blob
//!                                                   whose blobs/ record names them (see [`KeyClass`])
//! ```

use std::fmt;

use crate::oci::{Algorithm, Digest, RepoName, Tag};

use super::UploadId;

/// A location in the store, relative to its root.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key(String);

impl Key {
    /// The key as a relative path.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn join(&self, part: &str) -> Key {
        Key(format!("{}/{}", self.0, part))
    }

    /// Validates a key that did not come from this module (a listing of a backend, a
    /// test): relative, `/`-separated, no empty component, none starting with `.`
    /// (backends keep their own bookkeeping under such names), no control character,
    /// at most 1,024 bytes (S3's limit).
    pub fn parse(s: &str) -> Option<Key> {
        let ok = !s.is_empty()
            && s.len() <= 1024
            && !s.chars().any(char::is_control)
            && s.split('/').all(|c| !c.is_empty() && !c.starts_with('.'));
        ok.then(|| Key(s.to_string()))
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

/// Top-level directory of blob bytes.
pub const BLOBS: &str = "blobs";
/// Top-level directory of repositories.
pub const REPOSITORIES: &str = "repositories";
/// Top-level directory of upload sessions.
pub const UPLOADS: &str = "uploads";
/// Top-level directory of quarantined blob bytes.
pub const QUARANTINE: &str = "quarantine";
/// Top-level directory of auth state.
pub const AUTH: &str = "auth";
/// Keys under this prefix (users, tokens, rules, the signing key, the logs) are
/// written readable by their owner only where the backend has file modes.
pub const PRIVATE_PREFIX: &str = "auth/";
/// Top-level directory of lock files.
pub const LOCKS: &str = "locks";
/// Top-level staging directory for atomic writes.
pub const TMP: &str = "tmp";
/// Every top-level directory the layout defines.
pub const TOP_LEVEL: [&str; 7] = [BLOBS, REPOSITORIES, UPLOADS, QUARANTINE, AUTH, LOCKS, TMP];
/// Top-level directory of blob bytes on object storage, named by blob records
/// ([`KeyClass::BlobBytes`]). Not created on the filesystem, where blob bytes live
/// at their `blobs/` key itself.
pub const DATA: &str = "data";
/// Top-level prefix of gc's memo on object storage (facts earlier runs read, see
/// `gc::memo`): a cache, safe to delete at any time.
pub const GC_MEMO: &str = "gc-memo";
/// Name of the deletion audit log under [`AUTH`] (see `storage::deletions`).
pub const DELETION_LOG: &str = "deletions.log";
/// Name of the layout marker, the one top-level file.
pub const LAYOUT_MARKER: &str = "registryctl-layout.json";

/// Whether `name` is a top-level entry the layout defines (a directory of
/// [`TOP_LEVEL`] or the layout marker); anything else at the top is stray.
pub fn is_top_level(name: &str) -> bool {
    TOP_LEVEL.contains(&name) || name == LAYOUT_MARKER || name == DATA || name == GC_MEMO
}

/// What a key holds, for backends that store some kinds of object differently
/// (object storage cannot rename or append, so it keeps blob bytes and upload data
/// behind small records: see `storage::on_objects`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyClass {
    /// The bytes of a blob: `blobs/<alg>/<hh>/<hex>` or a quarantined copy.
    BlobBytes,
    /// The bytes an upload session has received: `uploads/<uuid>/data`.
    UploadData,
    /// An append-only log (the audit log, the deletion log).
    Log,
    /// Anything else: a small record written whole.
    Record,
}

/// The class of `key`.
pub fn class(key: &Key) -> KeyClass {
    let parts: Vec<&str> = key.as_str().split('/').collect();
    match parts.as_slice() {
        [BLOBS, _, _, _] | [QUARANTINE, _, _] => KeyClass::BlobBytes,
        [UPLOADS, _, "data"] => KeyClass::UploadData,
        [AUTH, "audit.log" | DELETION_LOG] => KeyClass::Log,
        _ => KeyClass::Record,
    }
}

/// Whether `key` can only ever name an object, never a "directory" of others (auth
/// files, upload records), so a backend without directories need not list under it
/// to answer a `stat`.
pub fn is_leaf(key: &Key) -> bool {
    let parts: Vec<&str> = key.as_str().split('/').collect();
    match parts.as_slice() {
        [AUTH, _] | [UPLOADS, _, _] => true,
        // Repository names have no component starting with `_`, so these are a tag
        // and a blob or manifest link, whatever the repository's depth.
        [REPOSITORIES, .., TAGS_DIR, _] => parts.len() >= 4,
        [REPOSITORIES, .., LAYERS_DIR | MANIFESTS_DIR, _, _] => parts.len() >= 5,
        _ => false,
    }
}

/// One of the shards of gc's memo on object storage (`gc-memo/<shard>.json`, shard
/// `0..16`: the first hex digit of the digests it holds facts about).
pub fn gc_memo_shard(shard: u8) -> Key {
    Key(format!("{GC_MEMO}/{shard:x}.json"))
}

/// A fresh object for the bytes of a blob on object storage (`data/<uuid>`).
pub fn data_object() -> Key {
    Key(format!("{DATA}/{}", uuid::Uuid::new_v4().simple()))
}

/// The part of an upload's bytes not yet in a multipart part, on object storage, as
/// sessions recorded before tails were named kept it (`uploads/<uuid>/data.tail`).
pub fn upload_tail(data: &Key) -> Key {
    Key(format!("{}.tail", data.0))
}

/// The same, under the name one flush gave it (`uploads/<uuid>/data.tail.<name>`): a
/// fresh name per flush, so that two writers of one session never write over each
/// other's tail, and the session's record names the one that is its.
pub fn upload_tail_named(data: &Key, name: &str) -> Key {
    Key(format!("{}.tail.{name}", data.0))
}

/// Whether `name`, an entry of an upload session's directory, is a tail object
/// ([`upload_tail`], [`upload_tail_named`]): part of the session's data, not an
/// entry of its own.
pub fn is_upload_tail(name: &str) -> bool {
    name.ends_with(".tail") || name.contains(".tail.")
}

/// One entry of an append-only log on object storage (`<log>.d/<time>-<uuid>`),
/// created once and never rewritten; their names sort in the order written.
pub fn log_entry(log: &Key, nanos: u128) -> Key {
    Key(format!(
        "{}.d/{nanos:024}-{}",
        log.0,
        uuid::Uuid::new_v4().simple()
    ))
}

/// The prefix under which [`log_entry`] keys of `log` live.
pub fn log_entries_prefix(log: &Key) -> String {
    format!("{}.d/", log.0)
}

/// Per-repository directory names. They start with `_`, which no repository name
/// component can, so they never collide with nested repositories.
pub const LAYERS_DIR: &str = "_layers";
/// See [`LAYERS_DIR`].
pub const MANIFESTS_DIR: &str = "_manifests";
/// See [`LAYERS_DIR`].
pub const TAGS_DIR: &str = "_tags";
/// See [`LAYERS_DIR`].
pub const REFERRERS_DIR: &str = "_referrers";
/// See [`LAYERS_DIR`]: last-pull times of the repository's manifests.
pub const PULLS_DIR: &str = "_pulls";
/// Every per-repository directory.
pub const REPO_DIRS: [&str; 5] = [
    LAYERS_DIR,
    MANIFESTS_DIR,
    TAGS_DIR,
    REFERRERS_DIR,
    PULLS_DIR,
];

/// The store's root itself (to list the top level).
pub fn root() -> Key {
    // "." on the filesystem; object backends list the root as the empty prefix.
    Key(".".to_string())
}

/// The layout marker: which layout version the store is written in.
pub fn layout_marker() -> Key {
    Key(LAYOUT_MARKER.to_string())
}

/// A top-level directory.
pub fn top(name: &str) -> Key {
    Key(name.to_string())
}

/// Directory of all blob bytes of one algorithm.
pub fn blob_alg_dir(alg: Algorithm) -> Key {
    Key(format!("{BLOBS}/{}", alg.as_str()))
}

/// Where the bytes of a blob live.
pub fn blob_data(d: &Digest) -> Key {
    Key(format!(
        "{BLOBS}/{}/{}/{}",
        d.algorithm().as_str(),
        &d.hex()[..2],
        d.hex()
    ))
}

/// A repository's directory (also the parent of nested repositories).
pub fn repo_dir(repo: &RepoName) -> Key {
    Key(format!("{REPOSITORIES}/{repo}"))
}

/// A per-repository directory such as `_layers`.
pub fn repo_sub(repo: &RepoName, sub: &str) -> Key {
    repo_dir(repo).join(sub)
}

/// The link that lets `repo` serve blob `d`.
pub fn layer_link(repo: &RepoName, d: &Digest) -> Key {
    Key(format!(
        "{REPOSITORIES}/{repo}/{LAYERS_DIR}/{}/{}",
        d.algorithm().as_str(),
        d.hex()
    ))
}

/// The link that says `repo` holds manifest `d`.
pub fn manifest_link(repo: &RepoName, d: &Digest) -> Key {
    Key(format!(
        "{REPOSITORIES}/{repo}/{MANIFESTS_DIR}/{}/{}",
        d.algorithm().as_str(),
        d.hex()
    ))
}

/// Directory of one algorithm's links under `_layers` or `_manifests`.
pub fn link_alg_dir(repo: &RepoName, sub: &str, alg: Algorithm) -> Key {
    repo_dir(repo).join(sub).join(alg.as_str())
}

/// The record of a tag.
pub fn tag(repo: &RepoName, t: &Tag) -> Key {
    Key(format!("{REPOSITORIES}/{repo}/{TAGS_DIR}/{t}"))
}

/// Directory of referrers of `subject`: one entry per referrer, under `<alg>/<hex>`.
pub fn referrers_dir(repo: &RepoName, subject: &Digest) -> Key {
    Key(format!(
        "{REPOSITORIES}/{repo}/{REFERRERS_DIR}/{}/{}",
        subject.algorithm().as_str(),
        subject.hex()
    ))
}

/// One referrer of `subject`.
pub fn referrer(repo: &RepoName, subject: &Digest, referrer: &Digest) -> Key {
    referrers_dir(repo, subject)
        .join(referrer.algorithm().as_str())
        .join(referrer.hex())
}

/// The last-pull record of a repository: one small JSON object (manifest digest to
/// unix seconds) rewritten whole by each flush of a server's batch of pulls. One
/// record per repository (not per manifest) keeps a flush at one write per pulled
/// repository and a prune at one read per repository.
pub fn pulls(repo: &RepoName) -> Key {
    repo_dir(repo).join(PULLS_DIR).join("last.json")
}

/// An upload session's directory.
pub fn upload_dir(id: &UploadId) -> Key {
    // A lazy id is recorded, if ever, under its UUID.
    Key(format!("{UPLOADS}/{}", id.stored()))
}

/// The bytes received so far by an upload session.
pub fn upload_data(id: &UploadId) -> Key {
    upload_dir(id).join("data")
}

/// The session's running hash after its last chunk, where the backend overwrites it
/// in place (the filesystem); elsewhere it is part of the metadata.
pub fn upload_hash(id: &UploadId) -> Key {
    upload_dir(id).join("hash")
}

/// The session's metadata (repository, start time).
pub fn upload_meta(id: &UploadId) -> Key {
    upload_dir(id).join("meta.json")
}

/// Where `scan --fix` moves corrupt bytes of `d`.
pub fn quarantine(d: &Digest, unix_time: u64) -> Key {
    Key(format!(
        "{QUARANTINE}/{}/{}.{unix_time}",
        d.algorithm().as_str(),
        d.hex()
    ))
}

/// An auth file (`users.toml`, `acl.toml`, `audit.log`, `token.key`).
pub fn auth_file(name: AuthFile) -> Key {
    Key(format!("{AUTH}/{}", name.file_name()))
}

/// The files the auth module keeps in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthFile {
    /// Users and groups.
    Users,
    /// Grants and denies.
    Acl,
    /// Append-only log of edits.
    AuditLog,
    /// Token signing key.
    TokenKey,
    /// Retention and immutability rules.
    Policy,
}

impl AuthFile {
    fn file_name(self) -> &'static str {
        match self {
            AuthFile::Users => "users.toml",
            AuthFile::Acl => "acl.toml",
            AuthFile::AuditLog => "audit.log",
            AuthFile::TokenKey => "token.key",
            AuthFile::Policy => "policy.toml",
        }
    }
}

/// An advisory lock file.
pub fn lock(name: &str) -> Key {
    Key(format!("{LOCKS}/{name}.lock"))
}

/// A fresh staging name under `tmp/`.
pub fn tmp(unique: &str) -> Key {
    Key(format!("{TMP}/{unique}"))
}

/// Builds a child key of a listed directory (used by walks over the tree).
pub fn child(parent: &Key, name: &str) -> Key {
    parent.join(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout() {
        let repo = RepoName::parse("acme/app").unwrap();
        let d = Digest::sha256_of(b"x");
        assert_eq!(
            blob_data(&d).as_str(),
            format!("blobs/sha256/{}/{}", &d.hex()[..2], d.hex())
        );
        assert_eq!(
            layer_link(&repo, &d).as_str(),
            format!("repositories/acme/app/_layers/sha256/{}", d.hex())
        );
        assert_eq!(
            tag(&repo, &Tag::parse("v1").unwrap()).as_str(),
            "repositories/acme/app/_tags/v1"
        );
    }
}
