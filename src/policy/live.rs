//! The policy as a running server sees it: re-read whenever `auth/policy.toml`
//! changes. Only pushes and deletes of tags consult it, so checking the file's
//! metadata on each of those (one `stat`) keeps edits effective at once without a
//! poller.

use std::sync::{Arc, Mutex};

use super::Policy;
use crate::auth::AuthError;
use crate::storage::{AuthFile, ObjectMeta, Store};

/// The policy with the file metadata it was read at.
type Cached = Option<(Option<ObjectMeta>, Arc<Policy>)>;

/// A cached [`Policy`], refreshed when its file changes.
#[derive(Clone, Default)]
pub struct LivePolicy {
    cached: Arc<Mutex<Cached>>,
}

impl LivePolicy {
    /// The current policy. A file that does not parse is an error (fail closed: the
    /// caller refuses the change it was about to make).
    pub fn get(&self, store: &Store) -> Result<Arc<Policy>, AuthError> {
        let meta = store.auth_file_meta(AuthFile::Policy)?;
        let mut cached = self.cached.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((m, p)) = cached.as_ref() {
            if *m == meta {
                return Ok(p.clone());
            }
        }
        let policy = Arc::new(Policy::load(store)?);
        *cached = Some((meta, policy.clone()));
        Ok(policy)
    }
}
