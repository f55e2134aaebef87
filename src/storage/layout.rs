//! The store's layout version, and the rules for opening, creating and upgrading a
//! store.
//!
//! A store records the version of its layout in a marker object at its root
//! ([`paths::layout_marker`], `registryctl-layout.json`):
//!
//! ```json
//! {"layout": 1, "created_by": "registryctl 0.1.0", "created_at": "2026-12-01T20:00:00Z"}
//! ```
//!
//! - Layout 1 is the layout in `docs/storage.md` ([`CURRENT`]).
//! - A store without a marker but with `blobs/`, `repositories/` or `auth/` at its root
//!   was written before markers existed. Its layout is identical to layout 1; call it
//!   layout 0. It opens as it is: reading commands leave it so, and
//!   [`Store::migrate`] (run by writing commands, `serve` and `registryctl migrate`)
//!   writes its marker.
//! - A marker with a newer layout is refused ([`OpenError::NewerLayout`]): this build
//!   cannot know what the newer layout changed, so it neither reads nor writes it.
//! - Nothing else is a store: a missing or empty directory, or one that holds other
//!   files (an OCI image layout, say), is [`OpenError::NoStore`], and only
//!   [`Store::open_or_create`] creates a store, and only in a missing or empty
//!   directory.
//! - A directory holds one of two kinds of store, told apart by the marker's
//!   `protocol`. `--root DIR` stores (no `protocol`) keep blobs at their digests'
//!   paths and coordinate gc by locks and stamps. Object stores (`"protocol":
//!   "objects"`, written by [`Store::open_objects`]; `--storage file:///DIR` on a
//!   directory) keep blob records and data objects and coordinate by conditional
//!   writes (docs/gc.md). Each refuses the other's kind with
//!   [`OpenError::OtherKind`], naming the flag that opens it: read as the wrong kind,
//!   a store would look empty of blobs, and gc would delete them. A bucket's marker
//!   may lack `protocol` (bucket stores predate the field): there is no other kind on
//!   object storage.

use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::backend::{Backend, EntryKind};
use super::fs::FsBackend;
use super::object::ObjectStore;
use super::on_objects::ObjectBackend;
use super::{paths, Store, StoreError};

/// The layout this build writes and the newest it understands.
pub const CURRENT: u64 = 1;

/// The version a store without a marker is taken to have (same layout as 1).
pub const UNMARKED: u64 = 0;

/// The marker's `protocol` of a store kept as objects (blob records, data objects,
/// conditional writes), wherever the objects live.
pub const OBJECTS: &str = "objects";

/// Top-level directories that make a directory without a marker a store written
/// before layout markers.
const UNMARKED_SIGNS: [&str; 3] = [paths::BLOBS, paths::REPOSITORIES, paths::AUTH];

/// The file at the root of an OCI image layout, which is not a store (its `blobs/`
/// would otherwise pass for one).
const OCI_IMAGE_LAYOUT: &str = "oci-layout";

/// Whether a store may be changed through this handle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Nothing is written: no lock file, no staging file, no marker. For the reading
    /// commands, which then work for users who may read the store but not write it.
    ReadOnly,
    /// Reads and writes.
    ReadWrite,
}

/// What opening found at the store's root.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayoutState {
    /// The store was created by this open.
    Created,
    /// A marker with the current layout.
    Current,
    /// No marker: a store written before layout markers (see [`Store::migrate`]).
    Unmarked,
}

/// The marker's content. Unknown fields are ignored, so a later version may add some.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marker {
    /// The layout version.
    pub layout: u64,
    /// `registryctl <version>` that wrote the marker.
    pub created_by: String,
    /// When (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// The version the store had before a migration wrote this marker (0: no marker).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub migrated_from: Option<u64>,
    /// [`OBJECTS`] for a store kept as objects; absent for a `--root` store (and for
    /// bucket stores written before the field).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
}

impl Marker {
    fn now(migrated_from: Option<u64>, protocol: Option<&str>) -> Marker {
        Marker {
            protocol: protocol.map(str::to_string),
            layout: CURRENT,
            created_by: format!("registryctl {}", env!("CARGO_PKG_VERSION")),
            created_at: Some(
                humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string(),
            ),
            migrated_from,
        }
    }
}

/// Why a store could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// There is no store at the path (and this open does not create one).
    #[error("no store at {path}: {why}")]
    NoStore {
        /// The root, as given.
        path: String,
        /// What is there instead.
        why: String,
    },
    /// The store's layout is newer than this build understands.
    #[error(
        "the store at {path} has layout {found}; this registryctl ({}) understands layouts up to {CURRENT}: upgrade registryctl",
        env!("CARGO_PKG_VERSION")
    )]
    NewerLayout {
        /// The root, as given.
        path: String,
        /// The marker's version.
        found: u64,
    },
    /// The directory holds the other kind of store (see the module docs).
    #[error("the store at {path} is {kind}: open it with {fix}")]
    OtherKind {
        /// The root, as given.
        path: String,
        /// What kind of store it is.
        kind: &'static str,
        /// The flag that opens it.
        fix: String,
    },
    /// The store failed (I/O, or a marker that does not parse).
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What a directory holds, judged from its top level.
enum Found {
    Empty,
    Marked(Marker),
    Unmarked,
    Other { oci_image_layout: bool },
}

fn io_at(path: &Path) -> impl FnOnce(io::Error) -> StoreError + '_ {
    move |cause| StoreError::Io {
        key: path.display().to_string(),
        cause,
    }
}

/// The marker in `bytes`.
fn parse_marker(bytes: &[u8]) -> Result<Marker, StoreError> {
    serde_json::from_slice(bytes).map_err(|e| StoreError::Corrupt {
        key: paths::layout_marker().to_string(),
        why: format!("the layout marker does not parse: {e}"),
    })
}

fn inspect(b: &dyn Backend, path: &Path) -> Result<Found, OpenError> {
    let entries = b.list(&paths::root()).map_err(io_at(path))?;
    let entries = entries.unwrap_or_default();
    if entries.is_empty() {
        return Ok(Found::Empty);
    }
    let key = paths::layout_marker();
    if let Some(bytes) = b.read(&key).map_err(|cause| StoreError::Io {
        key: key.to_string(),
        cause,
    })? {
        let m = parse_marker(&bytes)?;
        if m.protocol.as_deref() == Some(OBJECTS) {
            return Err(OpenError::OtherKind {
                path: path.display().to_string(),
                kind: "kept as objects",
                // A file:// URL names an absolute directory.
                fix: format!(
                    "--storage file://{}",
                    path.canonicalize()
                        .unwrap_or_else(|_| path.to_path_buf())
                        .display()
                ),
            });
        }
        return Ok(Found::Marked(m));
    }
    let named = |n: &str| entries.iter().any(|e| e.name == n);
    if named(OCI_IMAGE_LAYOUT) {
        return Ok(Found::Other {
            oci_image_layout: true,
        });
    }
    let sign = entries
        .iter()
        .any(|e| e.kind == EntryKind::Dir && UNMARKED_SIGNS.contains(&e.name.as_str()));
    Ok(if sign {
        Found::Unmarked
    } else {
        Found::Other {
            oci_image_layout: false,
        }
    })
}

fn no_store(path: &Path, why: &str) -> OpenError {
    OpenError::NoStore {
        path: path.display().to_string(),
        why: why.to_string(),
    }
}

/// The state of a store found at `path`, or why it is not one.
fn judge(found: Found, path: &Path) -> Result<LayoutState, OpenError> {
    match found {
        Found::Marked(m) if m.layout == CURRENT => Ok(LayoutState::Current),
        Found::Marked(Marker { layout: v, .. }) if v > CURRENT => Err(OpenError::NewerLayout {
            path: path.display().to_string(),
            found: v,
        }),
        Found::Marked(Marker { layout: v, .. }) => Err(StoreError::Corrupt {
            key: paths::layout_marker().to_string(),
            why: format!("layout {v} is not a version any registryctl wrote"),
        }
        .into()),
        Found::Unmarked => Ok(LayoutState::Unmarked),
        Found::Empty => Err(no_store(path, "the directory is empty")),
        Found::Other {
            oci_image_layout: true,
        } => Err(no_store(
            path,
            "the directory is an OCI image layout (it has an oci-layout file), not a registryctl store",
        )),
        Found::Other {
            oci_image_layout: false,
        } => Err(no_store(
            path,
            "the directory holds other files and no registryctl store",
        )),
    }
}

/// Checks that `path` names an existing directory.
fn existing_dir(path: &Path) -> Result<(), OpenError> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(no_store(path, "it is not a directory")),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            Err(no_store(path, "the directory does not exist"))
        }
        Err(e) => Err(io_at(path)(e).into()),
    }
}

impl Store {
    /// Opens the existing store at `root` on the local filesystem, creating nothing.
    /// A store written before layout markers opens as it is ([`LayoutState::Unmarked`]);
    /// [`Store::migrate`] marks it. With [`Access::ReadWrite`], top-level directories
    /// missing from the layout are recreated.
    pub fn open(root: &Path, access: Access) -> Result<Store, OpenError> {
        existing_dir(root)?;
        let backend = FsBackend::open(root, access).map_err(io_at(root))?;
        let state = judge(inspect(&backend, root)?, root)?;
        if access == Access::ReadWrite {
            backend.ensure_top_level().map_err(io_at(root))?;
        }
        Ok(Store::with_backend_state(Box::new(backend), state))
    }

    /// Opens the store at `root` for reading and writing, creating it when `root` is
    /// missing or an empty directory ([`LayoutState::Created`]). A directory that holds
    /// anything else is never turned into a store. For `serve`, `registryctl init` and
    /// tests.
    pub fn open_or_create(root: &Path) -> Result<Store, OpenError> {
        match std::fs::metadata(root) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Ok(m) if m.is_dir() => {
                let backend = FsBackend::open(root, Access::ReadWrite).map_err(io_at(root))?;
                match inspect(&backend, root)? {
                    Found::Empty => {}
                    Found::Other {
                        oci_image_layout: false,
                    } => {
                        return Err(no_store(
                            root,
                            "the directory is not empty and holds no registryctl store; a store is created only in a new or empty directory",
                        ))
                    }
                    found => {
                        let state = judge(found, root)?;
                        backend.ensure_top_level().map_err(io_at(root))?;
                        return Ok(Store::with_backend_state(Box::new(backend), state));
                    }
                }
            }
            _ => return Store::open(root, Access::ReadWrite),
        }
        let backend = FsBackend::create(root).map_err(io_at(root))?;
        let store = Store::with_backend_state(Box::new(backend), LayoutState::Created);
        // Written last: a crash before this point leaves directories a later open
        // takes for an unmarked store, and marks then.
        store.write_marker(&Marker::now(None, None))?;
        Ok(store)
    }

    /// Opens the store kept in `objects` (a bucket prefix, or memory). There are no
    /// unmarked stores on object storage (markers predate it): without a marker, the
    /// prefix must be empty, and is then a store only if `create`, which writes the
    /// marker. Anything else there is never turned into a store.
    pub fn open_objects(
        objects: std::sync::Arc<dyn ObjectStore>,
        access: Access,
        create: bool,
    ) -> Result<Store, OpenError> {
        let where_ = objects.describe();
        let at = Path::new(&where_);
        let local = objects.local_dir().is_some();
        let backend = ObjectBackend::new(objects, access).map_err(io_at(at))?;
        let key = paths::layout_marker();
        let marker = backend.read(&key).map_err(|cause| StoreError::Io {
            key: format!("{where_}/{key}"),
            cause,
        })?;
        // A directory may hold a `--root` store, which this must not read as objects.
        let other_kind = || OpenError::OtherKind {
            path: where_.clone(),
            kind: "a --root store",
            fix: format!("--root {where_}"),
        };
        if let Some(bytes) = marker {
            let m = parse_marker(&bytes)?;
            if local && m.protocol.as_deref() != Some(OBJECTS) {
                return Err(other_kind());
            }
            let state = judge(Found::Marked(m), at)?;
            return Ok(Store::with_backend_state(Box::new(backend), state));
        }
        let empty = backend.is_empty().map_err(io_at(at))?;
        if local && !empty {
            for sign in UNMARKED_SIGNS {
                if backend
                    .any_under(&paths::top(sign))
                    .map_err(io_at(at))?
                    .is_some()
                {
                    return Err(other_kind());
                }
            }
        }
        match (empty, create) {
            (true, true) => {
                let store = Store::with_backend_state(Box::new(backend), LayoutState::Created);
                store.write_marker(&Marker::now(None, Some(OBJECTS)))?;
                Ok(store)
            }
            (true, false) if local => Err(no_store(at, "the directory is empty")),
            (true, false) => Err(no_store(at, "the bucket prefix holds no objects")),
            (false, _) if local => Err(no_store(
                at,
                "the directory holds other files and no registryctl store; a store is created only in a new or empty directory",
            )),
            (false, _) => Err(no_store(
                at,
                "the bucket prefix holds objects but no registryctl store; a store is created only under an empty prefix",
            )),
        }
    }

    /// Writes the layout marker if the store has none (a store written before layout
    /// markers: the layout itself needs no change). Returns the version it migrated
    /// from, `None` when the store was current already.
    pub fn migrate(&self) -> Result<Option<u64>, StoreError> {
        if self.read_key(&paths::layout_marker())?.is_some() {
            return Ok(None);
        }
        self.write_marker(&Marker::now(Some(UNMARKED), None))?;
        Ok(Some(UNMARKED))
    }

    /// The layout marker, if the store has one.
    pub fn layout_marker(&self) -> Result<Option<Marker>, StoreError> {
        self.read_json(&paths::layout_marker())
    }

    fn write_marker(&self, m: &Marker) -> Result<(), StoreError> {
        let mut bytes = serde_json::to_vec_pretty(m).map_err(|e| StoreError::Corrupt {
            key: paths::layout_marker().to_string(),
            why: format!("cannot serialise the layout marker: {e}"),
        })?;
        bytes.push(b'\n');
        self.write_key(&paths::layout_marker(), &bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oci::RepoName;

    fn no_store(r: Result<Store, OpenError>) -> String {
        match r {
            Err(OpenError::NoStore { why, .. }) => why,
            Err(e) => panic!("expected NoStore, got {e}"),
            Ok(_) => panic!("expected NoStore, got a store"),
        }
    }

    #[test]
    fn only_open_or_create_creates_and_only_in_a_missing_or_empty_directory() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("a/b");
        assert!(no_store(Store::open(&missing, Access::ReadWrite)).contains("does not exist"));
        assert!(!missing.exists());
        let s = Store::open_or_create(&missing).unwrap();
        assert_eq!(s.layout_state(), LayoutState::Created);
        assert_eq!(s.layout_marker().unwrap().unwrap().layout, CURRENT);
        let s = Store::open(&missing, Access::ReadOnly).unwrap();
        assert_eq!(s.layout_state(), LayoutState::Current);

        let empty = dir.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        assert!(no_store(Store::open(&empty, Access::ReadOnly)).contains("empty"));
        let other = dir.path().join("other");
        std::fs::create_dir(&other).unwrap();
        std::fs::write(other.join("x"), "x").unwrap();
        assert!(no_store(Store::open_or_create(&other)).contains("not empty"));
        assert_eq!(std::fs::read_dir(&other).unwrap().count(), 1);
    }

    #[test]
    fn unmarked_stores_open_and_migrate_once_and_newer_ones_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        Store::open_or_create(dir.path()).unwrap();
        std::fs::remove_file(dir.path().join(paths::LAYOUT_MARKER)).unwrap();
        let ro = Store::open(dir.path(), Access::ReadOnly).unwrap();
        assert_eq!(ro.layout_state(), LayoutState::Unmarked);
        // Read-only: the marker is not written, and neither is anything else.
        assert!(ro.migrate().is_err());
        let repo = RepoName::parse("acme/app").unwrap();
        assert!(ro.put_blob_bytes(&repo, b"x").is_err());
        assert!(ro.commit_lock(crate::storage::LockMode::Shared).is_ok());
        assert!(!dir.path().join(paths::lock("commit").as_str()).exists());
        let rw = Store::open(dir.path(), Access::ReadWrite).unwrap();
        assert_eq!(rw.migrate().unwrap(), Some(UNMARKED));
        assert_eq!(rw.migrate().unwrap(), None);
        assert_eq!(rw.layout_marker().unwrap().unwrap().migrated_from, Some(0));

        std::fs::write(
            dir.path().join(paths::LAYOUT_MARKER),
            r#"{"layout": 2, "created_by": "registryctl 9"}"#,
        )
        .unwrap();
        for r in [
            Store::open(dir.path(), Access::ReadOnly),
            Store::open_or_create(dir.path()),
        ] {
            assert!(matches!(r, Err(OpenError::NewerLayout { found: 2, .. })));
        }
    }
}
