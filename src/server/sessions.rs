//! Open upload sessions: a cap per repository and per owner, and the expiry of idle
//! sessions by `serve` itself.
//!
//! The counts are kept in memory. A session opened here is counted from the moment
//! its `POST` is let through (a [`Reservation`], so concurrent opens cannot overshoot
//! the cap) until it is closed or cancelled here. Every [`expiry_period`] the server
//! lists the store's sessions: it removes those with no bytes written for
//! `upload_expiry`, and re-counts from the listing, so sessions opened, closed or
//! removed by another process (a second `serve`, `gc`) are counted within a period.
//!
//! The owner is the signed-in user; an anonymous caller is counted by its client
//! address (so one anonymous client cannot take every anonymous caller's share), and
//! anonymous sessions found in the store (whose address is not recorded) count only
//! toward their repository's cap.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use axum::http::StatusCode;

use super::{ApiError, Code};
use crate::oci::RepoName;
use crate::storage::{LockMode, Store, UploadId};

/// Whom a session is counted against.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Owner {
    /// A signed-in user.
    User(String),
    /// An anonymous caller, by address.
    Address(IpAddr),
    /// An anonymous session from the store's listing, or an in-process caller.
    Unknown,
}

impl Owner {
    /// The owner of a request's sessions.
    pub(crate) fn of(user: Option<&str>, client: Option<IpAddr>) -> Owner {
        match (user, client) {
            (Some(u), _) => Owner::User(u.to_string()),
            (None, Some(a)) => Owner::Address(a),
            (None, None) => Owner::Unknown,
        }
    }
}

#[derive(Debug, Clone)]
struct Entry {
    repo: RepoName,
    owner: Owner,
    /// When it was counted: a listing begun before that may not show it yet.
    since: Instant,
}

#[derive(Default)]
struct State {
    open: HashMap<UploadId, Entry>,
    /// Reservations not yet turned into sessions.
    pending: Vec<(RepoName, Owner)>,
    /// Sessions closed here since the last listing (which may still show them).
    closed: HashMap<UploadId, Instant>,
    /// Sessions this process ended, newest last, for [`Sessions::ended`].
    ended: HashSet<UploadId>,
    ended_order: std::collections::VecDeque<UploadId>,
    per_repo: HashMap<RepoName, u32>,
    per_owner: HashMap<Owner, u32>,
}

impl State {
    fn add(&mut self, repo: &RepoName, owner: &Owner) {
        *self.per_repo.entry(repo.clone()).or_default() += 1;
        if *owner != Owner::Unknown {
            *self.per_owner.entry(owner.clone()).or_default() += 1;
        }
    }

    fn sub(&mut self, repo: &RepoName, owner: &Owner) {
        fn dec<K: std::hash::Hash + Eq>(m: &mut HashMap<K, u32>, k: &K) {
            if let Some(n) = m.get_mut(k) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    m.remove(k);
                }
            }
        }
        dec(&mut self.per_repo, repo);
        dec(&mut self.per_owner, owner);
    }

    fn recount(&mut self) {
        self.per_repo.clear();
        self.per_owner.clear();
        let all: Vec<(RepoName, Owner)> = self
            .open
            .values()
            .map(|e| (e.repo.clone(), e.owner.clone()))
            .chain(self.pending.iter().cloned())
            .collect();
        for (r, o) in all {
            self.add(&r, &o);
        }
    }
}

/// The session counts of one server.
pub(crate) struct Sessions {
    state: Mutex<State>,
    max_per_repo: u32,
    max_per_owner: u32,
    refused: AtomicU64,
    expired: AtomicU64,
}

/// A place for a session being opened; dropped without [`Reservation::opened`], the
/// place is given back.
pub(crate) struct Reservation {
    sessions: Arc<Sessions>,
    key: Option<(RepoName, Owner)>,
}

impl Reservation {
    /// The session was created as `id`.
    pub(crate) fn opened(mut self, id: &UploadId) {
        let Some((repo, owner)) = self.key.take() else {
            return;
        };
        let mut st = self.sessions.lock();
        if let Some(i) = st.pending.iter().position(|p| p.0 == repo && p.1 == owner) {
            st.pending.swap_remove(i);
        }
        st.open.insert(
            id.stored(),
            Entry {
                repo,
                owner,
                since: Instant::now(),
            },
        );
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        if let Some((repo, owner)) = self.key.take() {
            let mut st = self.sessions.lock();
            if let Some(i) = st.pending.iter().position(|p| p.0 == repo && p.1 == owner) {
                st.pending.swap_remove(i);
                st.sub(&repo, &owner);
            }
        }
    }
}

impl Sessions {
    /// Counts with these caps.
    pub(crate) fn new(max_per_repo: u32, max_per_owner: u32) -> Sessions {
        Sessions {
            state: Mutex::default(),
            max_per_repo,
            max_per_owner,
            refused: AtomicU64::new(0),
            expired: AtomicU64::new(0),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // Every update leaves the state consistent, so a poisoned lock is usable.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A place for a new session of `repo` for `owner`, or the `429` to answer.
    pub(crate) fn reserve(
        self: &Arc<Self>,
        repo: &RepoName,
        owner: Owner,
    ) -> Result<Reservation, ApiError> {
        let mut st = self.lock();
        let in_repo = st.per_repo.get(repo).copied().unwrap_or(0);
        let of_owner = match owner {
            Owner::Unknown => 0,
            _ => st.per_owner.get(&owner).copied().unwrap_or(0),
        };
        let refusal = if in_repo >= self.max_per_repo {
            Some(format!(
                "repository {repo} has {in_repo} open upload sessions, the most allowed (--max-uploads-per-repo); finish or cancel some, or wait for idle ones to expire"
            ))
        } else if of_owner >= self.max_per_owner {
            let who = match &owner {
                Owner::User(u) => format!("user {u}"),
                _ => "this client".to_string(),
            };
            Some(format!(
                "{who} has {of_owner} open upload sessions, the most allowed (--max-uploads-per-user); finish or cancel some, or wait for idle ones to expire"
            ))
        } else {
            None
        };
        if let Some(message) = refusal {
            drop(st);
            self.refused.fetch_add(1, Relaxed);
            return Err(ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                Code::TooManyRequests,
                message,
            )
            .header("retry-after", "60"));
        }
        st.add(repo, &owner);
        st.pending.push((repo.clone(), owner.clone()));
        Ok(Reservation {
            sessions: self.clone(),
            key: Some((repo.clone(), owner)),
        })
    }

    /// A session was closed or cancelled (or found gone) here.
    pub(crate) fn closed(&self, id: &UploadId) {
        let id = id.stored();
        let mut st = self.lock();
        if let Some(e) = st.open.remove(&id) {
            st.sub(&e.repo, &e.owner);
        }
        st.closed.insert(id.clone(), Instant::now());
        // Remembered so that the session's lazy id, if it had one, is unknown here
        // from now on (nothing in the store says a lazy session was closed).
        if st.ended.len() >= MAX_ENDED {
            if let Some(old) = st.ended_order.pop_front() {
                st.ended.remove(&old);
            }
        }
        if st.ended.insert(id.clone()) {
            st.ended_order.push_back(id);
        }
    }

    /// Whether this process closed or cancelled the session of a lazy id (one of the
    /// last [`MAX_ENDED`]).
    pub(crate) fn ended(&self, id: &UploadId) -> bool {
        self.lock().ended.contains(&id.stored())
    }

    /// Re-counts from a listing of the store's sessions, begun at `listed_at`.
    fn reconcile(&self, listing: Vec<(UploadId, RepoName, Option<String>)>, listed_at: Instant) {
        let mut st = self.lock();
        let seen: HashSet<&UploadId> = listing.iter().map(|(id, _, _)| id).collect();
        // Sessions counted after the listing began may be missing from it.
        st.open
            .retain(|id, e| seen.contains(id) || e.since >= listed_at);
        let closed = std::mem::take(&mut st.closed);
        for (id, repo, owner) in listing {
            if st.open.contains_key(&id) || closed.get(&id).is_some_and(|t| *t >= listed_at) {
                continue;
            }
            let owner = owner.map_or(Owner::Unknown, Owner::User);
            st.open.insert(
                id,
                Entry {
                    repo,
                    owner,
                    since: listed_at,
                },
            );
        }
        st.closed = closed
            .into_iter()
            .filter(|(_, t)| *t >= listed_at)
            .collect();
        st.recount();
    }

    /// Sessions counted now.
    fn open_count(&self) -> usize {
        self.lock().open.len()
    }

    /// Appends the session metrics to a `/metrics` text.
    pub(crate) fn render(&self, out: &mut String) {
        // Writing to a String cannot fail.
        for (name, help, v) in [
            (
                "registryctl_upload_sessions_refused_total",
                "Upload sessions refused (429) at the cap per repository or per user.",
                &self.refused,
            ),
            (
                "registryctl_upload_sessions_expired_total",
                "Idle upload sessions removed by the server.",
                &self.expired,
            ),
        ] {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} counter\n{name} {}",
                v.load(Relaxed)
            );
        }
        let name = "registryctl_upload_sessions_open";
        let _ = writeln!(
            out,
            "# HELP {name} Upload sessions the caps count now (this server's, and the store's as of the last listing).\n# TYPE {name} gauge\n{name} {}",
            self.open_count()
        );
    }
}

/// How often sessions are listed and idle ones removed: a quarter of the expiry,
/// within 100 ms and a minute.
pub(crate) fn expiry_period(expiry: Duration) -> Duration {
    (expiry / 4).clamp(Duration::from_millis(100), Duration::from_secs(60))
}

/// Ended sessions remembered for [`Sessions::ended`]: about 2 MiB of ids.
const MAX_ENDED: usize = 16 * 1024;

/// Idle sessions removed at most per period, so one pass stays short.
const MAX_EXPIRED_PER_PASS: usize = 1000;

/// One pass (blocking): lists the store's sessions, removes those idle for `expiry`
/// (each under the exclusive commit lock, which a session's close also takes, so a
/// close in progress finishes first), and re-counts. `read_only`: count only.
pub(crate) fn pass(sessions: &Sessions, store: &Store, expiry: Duration, read_only: bool) {
    let listed_at = Instant::now();
    let (uploads, _strays) = match store.list_uploads() {
        Ok(l) => l,
        Err(e) => {
            tracing::warn!(error = %e, "listing upload sessions failed");
            return;
        }
    };
    let cutoff = SystemTime::now().checked_sub(expiry);
    let mut listing = Vec::with_capacity(uploads.len());
    let mut removed = 0usize;
    for u in uploads {
        let stale = cutoff.is_some_and(|c| u.modified < c);
        if stale && !read_only && removed < MAX_EXPIRED_PER_PASS {
            if let Some(c) = cutoff {
                match expire(store, &u.id, c) {
                    Ok(true) => {
                        removed += 1;
                        sessions.expired.fetch_add(1, Relaxed);
                        continue;
                    }
                    Ok(false) => {}
                    Err(e) => {
                        tracing::warn!(id = %u.id, error = %e, "removing an idle upload session failed")
                    }
                }
            }
        }
        // A cancelled lazy session's record holds no session.
        match u.meta {
            Ok(m) if !m.cancelled => listing.push((u.id, m.repo, m.owner)),
            _ => {}
        }
    }
    if removed > 0 {
        tracing::info!(removed, expiry = %humantime::format_duration(expiry), "removed idle upload sessions");
    }
    sessions.reconcile(listing, listed_at);
}

fn expire(store: &Store, id: &UploadId, cutoff: SystemTime) -> crate::storage::Result<bool> {
    let _commit = store.commit_lock(LockMode::Exclusive)?;
    let r = store.remove_upload_if_older(id, cutoff, false)?;
    Ok(matches!(r, crate::storage::Removal::Removed { .. }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo(s: &str) -> RepoName {
        RepoName::parse(s).unwrap()
    }

    #[test]
    fn caps_count_reservations_and_open_sessions_and_free_on_close() {
        let s = Arc::new(Sessions::new(2, 3));
        let alice = || Owner::User("alice".into());
        let a = s.reserve(&repo("a/b"), alice()).unwrap();
        let b = s.reserve(&repo("a/b"), alice()).unwrap();
        // The repository is full, even before either session exists.
        let full = s.reserve(&repo("a/b"), alice()).err().unwrap();
        assert_eq!(full.status, StatusCode::TOO_MANY_REQUESTS);
        let id = UploadId::new();
        a.opened(&id);
        drop(b); // failed to open: its place comes back
        let c = s.reserve(&repo("a/b"), alice()).unwrap();
        c.opened(&UploadId::new());
        s.reserve(&repo("x/y"), alice())
            .unwrap()
            .opened(&UploadId::new());
        // Alice has three: no more anywhere; another user still may.
        let e = s.reserve(&repo("z/z"), alice()).err().unwrap();
        assert!(e.message.contains("user alice"), "{}", e.message);
        assert!(s.reserve(&repo("z/z"), Owner::User("bob".into())).is_ok());
        s.closed(&id);
        assert!(s.reserve(&repo("z/z"), alice()).is_ok());
    }

    #[test]
    fn anonymous_callers_are_counted_by_address() {
        let s = Arc::new(Sessions::new(100, 1));
        let a1 = Owner::of(None, Some("10.0.0.1".parse().unwrap()));
        let a2 = Owner::of(None, Some("10.0.0.2".parse().unwrap()));
        s.reserve(&repo("a/b"), a1.clone())
            .unwrap()
            .opened(&UploadId::new());
        assert!(s.reserve(&repo("a/b"), a1).is_err());
        assert!(s.reserve(&repo("a/b"), a2).is_ok());
        // In-process callers have no per-owner cap.
        for _ in 0..5 {
            s.reserve(&repo("a/b"), Owner::Unknown)
                .unwrap()
                .opened(&UploadId::new());
        }
    }

    #[test]
    fn a_listing_recounts_but_keeps_what_it_cannot_have_seen() {
        let s = Arc::new(Sessions::new(100, 100));
        let gone = UploadId::new();
        s.reserve(&repo("a/b"), Owner::User("u".into()))
            .unwrap()
            .opened(&gone);
        let listed_at = Instant::now();
        let fresh = UploadId::new();
        s.reserve(&repo("a/b"), Owner::User("u".into()))
            .unwrap()
            .opened(&fresh);
        let other = UploadId::new();
        let closed_meanwhile = UploadId::new();
        s.closed(&closed_meanwhile);
        s.reconcile(
            vec![
                (other.clone(), repo("c/d"), Some("v".into())),
                (closed_meanwhile, repo("c/d"), None),
            ],
            listed_at,
        );
        let st = s.lock();
        // `gone` was not listed (removed elsewhere); `fresh` came after the listing
        // began; `other` was opened by another process; `closed_meanwhile` stays closed.
        assert!(!st.open.contains_key(&gone));
        assert!(st.open.contains_key(&fresh));
        assert!(st.open.contains_key(&other));
        assert_eq!(st.open.len(), 2);
        assert_eq!(st.per_repo.get(&repo("c/d")), Some(&1));
        assert_eq!(st.per_owner.get(&Owner::User("u".into())), Some(&1));
    }

    #[test]
    fn the_period_is_a_quarter_of_the_expiry_within_bounds() {
        assert_eq!(
            expiry_period(Duration::from_secs(3600)),
            Duration::from_secs(60)
        );
        assert_eq!(
            expiry_period(Duration::from_secs(2)),
            Duration::from_millis(500)
        );
        assert_eq!(
            expiry_period(Duration::from_millis(1)),
            Duration::from_millis(100)
        );
    }
}
