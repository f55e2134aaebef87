//! The live auth state of a running server: the current users and policy, reloaded
//! when another process edits the files, the credential cache and the token key.
//!
//! Requests read an immutable [`Snapshot`] behind an `Arc` (one read-lock and a
//! reference count per request, no file access). [`Gate::refresh`] is called by a
//! background task every [`REFRESH_INTERVAL`]: it stats the four files (users, rules,
//! robots, token key) and re-reads one only when its size or modification time changed, or
//! when it was modified within the last two seconds (a coarse filesystem clock could
//! hide a second edit behind an unchanged time); the content is compared by hash, so
//! a re-read that finds the same bytes changes nothing. So a rotated or deleted token
//! key is in force on every server of the store within a refresh interval. The same
//! task writes the robots' last uses ([`super::robots::record_use`]), at most once a
//! minute per robot.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use std::time::{Duration, SystemTime};

use sha2::{Digest as _, Sha256};

use super::acl::AclFile;
use super::cache::CredentialCache;
use super::eval::Policy;
use super::robots::{self, LiveRobots, RobotsFile};
use super::token::{Claims, TokenKey, TokenUser};
use super::users::{self, UsersFile};
use super::Action;
use super::AuthError;
use crate::storage::{AuthFile, ObjectMeta, RobotFile, Store};

/// How often a running server looks at the auth files.
pub const REFRESH_INTERVAL: Duration = Duration::from_millis(250);
/// How often at most a token of an unknown key makes a server re-read the key file.
pub const KEY_RECHECK: Duration = Duration::from_millis(100);
/// Files modified more recently than this are re-read even if their stamp is unchanged.
const RECENT: Duration = Duration::from_secs(2);

/// The users and rules in force, as of one read of the files.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Whether access control is on (at least one user or robot exists).
    pub enabled: bool,
    /// The rules and memberships.
    pub policy: Policy,
    /// User name -> argon2id PHC hash and credential generation.
    hashes: HashMap<String, Credential>,
    /// The robots, by secret hash and caller id.
    robots: LiveRobots,
    /// Bumped whenever the users file's content changes (credential cache validity).
    generation: u64,
    /// Stamps and content hashes the snapshot was built from.
    users_seen: Seen,
    acl_seen: Seen,
    robots_seen: Seen,
    /// Set when the files could not be read at start: everything is refused.
    failed_closed: bool,
}

/// What a snapshot knows of one user's credential.
#[derive(Debug, Clone)]
struct Credential {
    phc: String,
    generation: String,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Seen {
    meta: Option<ObjectMeta>,
    sha: [u8; 32],
}

impl Snapshot {
    /// Whether the user exists.
    pub fn has_user(&self, name: &str) -> bool {
        self.hashes.contains_key(name)
    }

    /// The user (or robot caller id) as tokens name it, with its credential
    /// generation, if it exists.
    pub fn token_user<'a>(&'a self, name: &'a str) -> Option<TokenUser<'a>> {
        let generation = match robots::robot_name(name) {
            Some(_) => self.robots.generation(name),
            None => self.hashes.get(name).map(|c| c.generation.as_str()),
        };
        generation.map(|generation| TokenUser { name, generation })
    }

    /// Checks robot credentials (see [`LiveRobots::login`]): `None` when they are not a
    /// robot's, else the robot's caller id or why it is refused. A hash and a map
    /// lookup; counts a use.
    pub fn robot_login(&self, user: &str, password: &str) -> Option<Result<String, String>> {
        self.robots
            .login(user, password, robots::now())
            .map(|r| r.map(str::to_string))
    }

    /// Whether a token's user still exists with the credential generation the token
    /// was issued for (anonymous tokens always are). A map lookup and a string
    /// comparison: cheap enough for every request.
    pub fn token_is_current(&self, claims: &Claims) -> bool {
        match claims.user() {
            None => true,
            Some(u) if robots::robot_name(u).is_some() => {
                self.robots
                    .token_is_current(u, &claims.generation, robots::now())
            }
            Some(u) => self
                .hashes
                .get(u)
                .is_some_and(|c| c.generation == claims.generation),
        }
    }

    /// Number of users.
    pub fn user_count(&self) -> usize {
        self.hashes.len()
    }

    /// Whether the state is the fail-closed placeholder (files unreadable at start).
    pub fn failed_closed(&self) -> bool {
        self.failed_closed
    }

    /// Whether `user` (`None`: anonymous) may do `action` on `repo` under the rules in
    /// force; everything is allowed while access control is off. The one rule
    /// decision that request checks and the token endpoint share.
    pub fn allows(&self, user: Option<&str>, repo: &str, action: Action) -> bool {
        !self.enabled || self.policy.allows(user, repo, action)
    }

    /// [`Snapshot::allows`], further limited to what a bearer token carries when the
    /// caller presented one: a token never widens the rules in force, so revoking a
    /// grant takes effect at once, not when the token expires.
    pub fn allows_with_token(
        &self,
        user: Option<&str>,
        token: Option<&Claims>,
        repo: &str,
        action: Action,
    ) -> bool {
        let in_token = match token {
            Some(c) if self.enabled => c.repo_actions(repo).contains(action),
            _ => true,
        };
        in_token && self.allows(user, repo, action)
    }
}

/// The auth state shared by every request of a server.
pub struct Gate {
    store: Store,
    current: RwLock<Arc<Snapshot>>,
    cache: CredentialCache,
    key: Mutex<KeyState>,
    /// When a token of a key not in memory last made this server look at the key
    /// file (see [`Gate::key_for`]).
    key_recheck: Mutex<Option<std::time::Instant>>,
    /// A hash to verify against when the user does not exist, so that unknown and
    /// known users take the same time to refuse.
    dummy_hash: OnceLock<Option<String>>,
}

/// The token key in memory and the file state it was read from.
#[derive(Default)]
struct KeyState {
    key: Option<TokenKey>,
    seen: Seen,
    /// Whether `seen` describes a read of the file (false before the first one).
    read: bool,
}

fn sha(bytes: Option<&[u8]>) -> [u8; 32] {
    bytes.map_or([0; 32], |b| Sha256::digest(b).into())
}

impl Gate {
    /// Loads the auth files. Fails when they cannot be read or parsed.
    pub fn open(store: Store) -> Result<Gate, AuthError> {
        let gate = Gate::closed(store);
        gate.reload(true)?;
        gate.reload_key(true)?;
        Ok(gate)
    }

    /// Like [`Gate::open`], but when the files cannot be read the gate refuses every
    /// request (fail closed) instead of failing, and keeps trying to load them.
    pub fn open_or_closed(store: Store) -> Gate {
        let gate = Gate::closed(store);
        if let Err(e) = gate.reload(true) {
            tracing::error!(error = %e, "cannot load the auth files: refusing every request until they are fixed");
        }
        if let Err(e) = gate.reload_key(true) {
            tracing::error!(error = %e, "cannot load the token key: every token is refused until it is fixed");
        }
        gate
    }

    fn closed(store: Store) -> Gate {
        Gate {
            store,
            current: RwLock::new(Arc::new(closed_snapshot())),
            cache: CredentialCache::default(),
            key: Mutex::new(KeyState::default()),
            key_recheck: Mutex::new(None),
            dummy_hash: OnceLock::new(),
        }
    }

    /// The state in force now.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        match self.current.read() {
            Ok(g) => g.clone(),
            Err(p) => p.into_inner().clone(),
        }
    }

    /// Looks at the files and reloads them if they changed. Returns whether the state
    /// changed. On a damaged file the previous state stays in force (and the error is
    /// returned for logging). Blocking.
    pub fn refresh(&self) -> Result<bool, AuthError> {
        let rules = self.reload(false);
        let key = self.reload_key(false);
        self.record_robot_uses();
        Ok(rules? | key?)
    }

    /// Writes the robots' uses that are due (see [`LiveRobots::due_uses`]). A failure
    /// (a read-only store) is logged and costs only the record of the use.
    fn record_robot_uses(&self) {
        let due = self.snapshot().robots.due_uses(robots::now());
        if let Err(e) = robots::record_use(&self.store, &due) {
            tracing::warn!(error = %e, "could not record when robots were last used");
        }
    }

    fn reload(&self, force: bool) -> Result<bool, AuthError> {
        let cur = self.snapshot();
        let users_meta = self.store.auth_file_meta(AuthFile::Users)?;
        let acl_meta = self.store.auth_file_meta(AuthFile::Acl)?;
        let robots_meta = self.store.robot_file_meta(RobotFile::Robots)?;
        if !force
            && !cur.failed_closed
            && !stale(users_meta, &cur.users_seen)
            && !stale(acl_meta, &cur.acl_seen)
            && !stale(robots_meta, &cur.robots_seen)
        {
            return Ok(false);
        }
        let users_bytes = self.store.read_auth_file(AuthFile::Users)?;
        let acl_bytes = self.store.read_auth_file(AuthFile::Acl)?;
        let robots_bytes = self.store.read_robot_file(RobotFile::Robots)?;
        let users_seen = Seen {
            meta: users_meta,
            sha: sha(users_bytes.as_deref()),
        };
        let acl_seen = Seen {
            meta: acl_meta,
            sha: sha(acl_bytes.as_deref()),
        };
        let robots_seen = Seen {
            meta: robots_meta,
            sha: sha(robots_bytes.as_deref()),
        };
        let same_content = !cur.failed_closed
            && users_seen.sha == cur.users_seen.sha
            && acl_seen.sha == cur.acl_seen.sha
            && robots_seen.sha == cur.robots_seen.sha;
        if !force && same_content {
            if users_seen != cur.users_seen
                || acl_seen != cur.acl_seen
                || robots_seen != cur.robots_seen
            {
                // Same bytes, new stamps: remember the stamps so the next look is cheap.
                self.install(Snapshot {
                    enabled: cur.enabled,
                    policy: cur.policy.clone(),
                    hashes: cur.hashes.clone(),
                    robots: cur.robots.clone(),
                    generation: cur.generation,
                    users_seen,
                    acl_seen,
                    robots_seen,
                    failed_closed: false,
                });
            }
            return Ok(false);
        }
        let users = UsersFile::parse(users_bytes.as_deref())?;
        let acl = AclFile::parse(acl_bytes.as_deref())?;
        let robot_file = RobotsFile::parse(robots_bytes.as_deref())?;
        let generation = if users_seen.sha == cur.users_seen.sha && !cur.failed_closed {
            cur.generation
        } else {
            cur.generation + 1
        };
        let next = Snapshot {
            enabled: !users.users.is_empty() || !robot_file.robots.is_empty(),
            policy: Policy::new(acl.rules, &users.memberships())
                .with_robot_grants(robot_file.grant_rules()),
            robots: LiveRobots::build(&robot_file, &cur.robots),
            hashes: users
                .users
                .iter()
                .map(|(n, r)| {
                    let c = Credential {
                        phc: r.password.clone(),
                        generation: r.generation.clone(),
                    };
                    (n.clone(), c)
                })
                .collect(),
            generation,
            users_seen,
            acl_seen,
            robots_seen,
            failed_closed: false,
        };
        // The initial load is reported by the server once it listens.
        if !force {
            log_state(&next);
        }
        self.install(next);
        Ok(true)
    }

    /// Looks at `auth/token.key` and swaps the key in memory when the file's content
    /// changed: a new key after `token rotate`, none after the file was deleted (the
    /// next token request makes one, unless another server made one first). A damaged
    /// file leaves no key in memory, so every token is refused until it is fixed.
    fn reload_key(&self, force: bool) -> Result<bool, AuthError> {
        let meta = self.store.auth_file_meta(AuthFile::TokenKey)?;
        let (seen, read) = match self.key.lock() {
            Ok(g) => (g.seen, g.read),
            Err(p) => (p.get_ref().seen, p.get_ref().read),
        };
        if !force && read && !stale(meta, &seen) {
            return Ok(false);
        }
        let bytes = self.store.read_auth_file(AuthFile::TokenKey)?;
        let now_seen = Seen {
            meta,
            sha: sha(bytes.as_deref()),
        };
        let same = read && now_seen.sha == seen.sha;
        let decoded = if same {
            None
        } else {
            Some(bytes.as_deref().map(TokenKey::decode).transpose())
        };
        let mut g = self.key.lock().unwrap_or_else(|p| p.into_inner());
        g.seen = now_seen;
        g.read = true;
        match decoded {
            None => Ok(false),
            Some(Ok(key)) => {
                match (&g.key, &key) {
                    (Some(old), Some(new)) if old.kid() != new.kid() => {
                        tracing::info!(retired = %old.kid(), kid = %new.kid(), "the token signing key changed; tokens of the old key are refused")
                    }
                    (Some(old), None) => {
                        tracing::info!(retired = %old.kid(), "auth/token.key was removed; every token issued so far is refused")
                    }
                    _ => {}
                }
                g.key = key;
                Ok(true)
            }
            Some(Err(e)) => {
                g.key = None;
                Err(e)
            }
        }
    }

    fn install(&self, next: Snapshot) {
        let next = Arc::new(next);
        match self.current.write() {
            Ok(mut g) => *g = next,
            Err(p) => *p.into_inner() = next,
        }
    }

    /// A cheap check: whether this credential was already verified against the users
    /// in `snap`.
    pub fn cached(&self, snap: &Snapshot, user: &str, password: &str) -> bool {
        snap.hashes.contains_key(user) && self.cache.contains(user, password, snap.generation)
    }

    /// Verifies a credential with argon2 (slow; blocking) and caches a success.
    /// Unknown users are checked against a dummy hash so they take as long.
    pub fn verify(&self, snap: &Snapshot, user: &str, password: &str) -> bool {
        match snap.hashes.get(user) {
            Some(c) => {
                let ok = users::verify_password(&c.phc, password);
                if ok {
                    self.cache.insert(user, password, snap.generation);
                    if users::is_bcrypt(&c.phc) {
                        // An htpasswd import: now that the password is known, keep it
                        // as argon2id like every other. A read-only store keeps bcrypt.
                        match users::upgrade_hash(&self.store, user, &c.phc, password) {
                            Ok(_) => {
                                tracing::info!(user = %user.escape_debug(), "replaced an imported bcrypt hash by argon2id")
                            }
                            Err(e) => {
                                tracing::warn!(user = %user.escape_debug(), error = %e, "could not replace an imported bcrypt hash; it keeps working")
                            }
                        }
                    }
                }
                ok
            }
            None => {
                let dummy = self
                    .dummy_hash
                    .get_or_init(|| users::hash_password("registryctl-dummy-password").ok());
                if let Some(h) = dummy {
                    let _ = users::verify_password(h, password);
                }
                false
            }
        }
    }

    /// The key to sign with: the one in memory, else the store's, made there if
    /// there is none yet (create-if-absent under the auth lock, so servers sharing a
    /// store never make two). Blocking when it is not in memory.
    pub fn signing_key(&self) -> Result<TokenKey, AuthError> {
        if let Some(k) = self.token_key_cached() {
            return Ok(k);
        }
        let key = TokenKey::load_or_create(&self.store)?;
        // The refresher reads the file's stamps on its next look and keeps this key
        // (same content), or replaces it if the file changed meanwhile.
        let mut g = self.key.lock().unwrap_or_else(|p| p.into_inner());
        if g.key.is_none() {
            g.key = Some(key.clone());
        }
        Ok(key)
    }

    /// The key to check a token carrying key id `kid` against. When the key in memory
    /// has another id (or there is none), another server of the store may have just
    /// made or rotated it: the file is looked at now rather than at the next refresh,
    /// so a token one replica issued is accepted by every other at once. At most one
    /// such look per [`KEY_RECHECK`] (tokens with made-up ids cannot make every request
    /// read the store). Blocking when it looks.
    pub fn key_for(&self, kid: Option<&str>) -> Option<TokenKey> {
        let cached = self.token_key_cached();
        let Some(kid) = kid else { return cached };
        if cached.as_ref().is_some_and(|k| k.kid() == kid) {
            return cached;
        }
        {
            let mut last = self.key_recheck.lock().unwrap_or_else(|p| p.into_inner());
            if last.is_some_and(|t| t.elapsed() < KEY_RECHECK) {
                return cached;
            }
            *last = Some(std::time::Instant::now());
        }
        if let Err(e) = self.reload_key(true) {
            tracing::warn!(error = %e, "cannot read the token key");
        }
        self.token_key_cached()
    }

    /// The key tokens are checked against: the one in memory, as of the last look at
    /// the file (no I/O).
    pub fn token_key_cached(&self) -> Option<TokenKey> {
        self.key.lock().ok().and_then(|g| g.key.clone())
    }
}

/// Whether a file's stamp differs from what was seen, or it changed so recently that
/// an unchanged stamp proves nothing.
fn stale(meta: Option<ObjectMeta>, seen: &Seen) -> bool {
    let recent = meta.is_some_and(|m| {
        SystemTime::now()
            .duration_since(m.modified)
            .map_or(true, |d| d < RECENT)
    });
    meta != seen.meta || recent
}

/// Logs what a reload installed; loudly when access control is off.
pub fn log_state(snap: &Snapshot) {
    if snap.failed_closed {
        tracing::error!("the auth files could not be loaded: every request is refused");
    } else if snap.enabled {
        tracing::info!(
            users = snap.hashes.len(),
            robots = snap.robots.len(),
            rules = snap.policy.rules().len(),
            "access control is on"
        );
    } else {
        tracing::warn!(
            "NO USERS ARE CONFIGURED: the registry is OPEN, anyone can pull, push and delete. \
             Add a user with `registryctl user add NAME` to turn access control on"
        );
    }
}

fn closed_snapshot() -> Snapshot {
    Snapshot {
        enabled: true,
        failed_closed: true,
        ..Snapshot::default()
    }
}
