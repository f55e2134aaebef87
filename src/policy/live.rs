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

thread_local! {
    /// The policy one call already read, for the services it calls in turn
    /// ([`LivePolicy::within`]).
    static IN_CALL: std::cell::RefCell<Option<Arc<Policy>>> = const { std::cell::RefCell::new(None) };
}

impl LivePolicy {
    /// The current policy. A file that does not parse is an error (fail closed: the
    /// caller refuses the change it was about to make). Inside [`LivePolicy::within`]
    /// on this thread, the policy given there, without asking the store again.
    pub fn get(&self, store: &Store) -> Result<Arc<Policy>, AuthError> {
        if let Some(p) = IN_CALL.with(|c| c.borrow().clone()) {
            return Ok(p);
        }
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

    /// Runs `f` (a call into the next service of one request, on this thread) with
    /// `policy` as what every [`LivePolicy::get`] returns meanwhile: the services of
    /// one push (quotas, then the tag policy) read the policy once, not once each (on
    /// object storage a HEAD each).
    pub fn within<R>(policy: Arc<Policy>, f: impl FnOnce() -> R) -> R {
        /// Puts back what was there before, also when `f` panics.
        struct Restore(Option<Arc<Policy>>);
        impl Drop for Restore {
            fn drop(&mut self) {
                let prev = self.0.take();
                IN_CALL.with(|c| *c.borrow_mut() = prev);
            }
        }
        let prev = IN_CALL.with(|c| c.borrow_mut().replace(policy));
        let _restore = Restore(prev);
        f()
    }
}
