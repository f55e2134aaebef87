//! Robot accounts: credentials for machines (CI jobs, deploy pipelines, clusters), each
//! with its own grants, an expiry, and a secret that can be rotated or revoked without
//! touching anyone's password.
//!
//! - A robot is named `robot:NAME` in rules and group memberships; that string is also
//!   its caller id everywhere a signed-in caller is named (tokens' `sub`, the access
//!   log, upload-session owners). No user name contains `:`, so the two never collide.
//! - Its grants use the ACL's grammar (`PATTERN:ACTIONS`, e.g. `acme/app:pull,push`) and
//!   are the *only* grants it gets: [`super::eval`] ignores grants to `authenticated`,
//!   `anonymous` and its groups for it, while every deny that applies to it still wins.
//! - Its secret is `rcr_` and 43 characters of base64url (32 bytes from the OS's random
//!   source), shown once. Only its SHA-256 is stored: for a random secret of that size
//!   a fast hash is as safe as a slow one, so checking it costs a hash and a map lookup
//!   per request, not an argon2 run. Clients sign in with the user name `robot` (or
//!   the robot's own name) and the secret as password, by Basic or the token flow.
//! - Each robot has a credential generation, as users do: tokens carry it, and
//!   rotating the secret renews it, so the robot's old tokens are refused; removing the
//!   robot or reaching its expiry ends them too.
//! - `auth/robots.toml` holds the robots and is edited under the auth lock like the
//!   other auth files ([`super::files`]); `auth/robots-usage.toml` holds when each was
//!   last used, written by a running server at most once a minute per robot (uses are
//!   counted in memory, [`LiveRobots`]). The first use after each creation or rotation
//!   is recorded in the audit log.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest as _, Sha256};

use super::files::{self, Edit};
use super::model::{validate_name, ActionSet, Effect, ModelError, Pattern, Rule, Subject};
use super::users::{new_generation, UsersFile};
use super::AuthError;
use crate::storage::{unix_now, AuthFile, RobotFile, Store};

pub use super::model::ROBOT_PREFIX;

/// What every robot secret starts with, so that it is recognisable (secret scanners,
/// a reviewer reading a CI configuration).
pub const SECRET_PREFIX: &str = "rcr_";
/// The user name robots sign in with (the robot's own name works too).
pub const LOGIN_USER: &str = "robot";
/// Random bytes in a secret.
const SECRET_BYTES: usize = 32;
/// A running server writes a robot's last use at most this often.
pub const USE_FLUSH_SECS: u64 = 60;
/// Longest description.
const MAX_DESCRIPTION: usize = 200;

const ROBOTS_NAME: &str = "auth/robots.toml";
const USAGE_NAME: &str = "auth/robots-usage.toml";
const ROBOTS_HEADER: &str = "# registryctl robot accounts. Edit with `registryctl robot`; secrets are stored as\n# SHA-256 hashes and never shown again. Keep this file readable by the registry's owner only.\n\n";
const USAGE_HEADER: &str = "# When each robot was last used, written by `registryctl serve` (at most once a minute\n# per robot). Shown by `registryctl robot ls`.\n\n";

/// A robot's caller id: `robot:NAME`.
pub fn caller_id(name: &str) -> String {
    format!("{ROBOT_PREFIX}{name}")
}

/// The robot's name if `caller` is a robot's caller id.
pub fn robot_name(caller: &str) -> Option<&str> {
    caller.strip_prefix(ROBOT_PREFIX)
}

/// One grant of a robot: `PATTERN:ACTIONS` (`acme/app:pull,push`, `acme/**:pull`),
/// with the pattern and action grammar of the ACL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// Which repositories.
    pub pattern: Pattern,
    /// Which actions.
    pub actions: ActionSet,
}

impl FromStr for Grant {
    type Err = AuthError;
    fn from_str(s: &str) -> Result<Grant, AuthError> {
        let Some((pattern, actions)) = s.rsplit_once(':') else {
            return Err(AuthError::Invalid(format!(
                "invalid grant {s:?}: write PATTERN:ACTIONS, e.g. 'acme/app:pull,push' or 'acme/**:pull'"
            )));
        };
        let pattern = Pattern::parse(pattern)?;
        if pattern.has_user_placeholder() {
            return Err(AuthError::Invalid(format!(
                "invalid grant {s:?}: a robot has no namespace of its own, so {{user}} cannot be used"
            )));
        }
        let actions = ActionSet::parse(actions)?;
        if actions.is_empty() {
            return Err(ModelError::InvalidAction(actions.to_string()).into());
        }
        Ok(Grant { pattern, actions })
    }
}

impl fmt::Display for Grant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.pattern, self.actions)
    }
}

impl Serialize for Grant {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Grant {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Grant, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// How long a robot is valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiry {
    /// Until it is removed.
    Never,
    /// For this long from now.
    After(Duration),
}

impl FromStr for Expiry {
    type Err = String;
    fn from_str(s: &str) -> Result<Expiry, String> {
        if s == "never" {
            return Ok(Expiry::Never);
        }
        match humantime::parse_duration(s) {
            Ok(d) if d >= Duration::from_secs(1) => Ok(Expiry::After(d)),
            Ok(_) => Err("an expiry must be at least 1s".into()),
            Err(e) => Err(format!(
                "{e}: use a duration such as 30d, 12h, 90m or 2s, or `never`"
            )),
        }
    }
}

impl Expiry {
    /// The expiry time (RFC 3339, seconds) this means from `now`; `None` for never.
    fn at(self, now: SystemTime) -> Result<Option<String>, AuthError> {
        match self {
            Expiry::Never => Ok(None),
            Expiry::After(d) => now
                .checked_add(d)
                .filter(|t| *t < UNIX_EPOCH + Duration::from_secs(253_402_300_799))
                .map(|t| Some(rfc3339(t)))
                .ok_or_else(|| {
                    AuthError::Invalid("the expiry is too far away; use `never`".into())
                }),
        }
    }
}

fn rfc3339(t: SystemTime) -> String {
    humantime::format_rfc3339_seconds(t).to_string()
}

fn unix_of(rfc: &str) -> Option<u64> {
    humantime::parse_rfc3339(rfc)
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map(|d| d.as_secs())
}

/// One robot, as `auth/robots.toml` keeps it.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RobotRecord {
    /// Hex SHA-256 of the secret.
    pub secret_sha256: String,
    /// The credential generation (renewed by rotation; tokens carry it).
    pub generation: String,
    /// What it may do.
    pub grants: Vec<Grant>,
    /// When it was made (RFC 3339).
    pub created: String,
    /// Who made it (the OS user, as in the audit log).
    pub created_by: String,
    /// When its secret was last rotated (RFC 3339), if ever.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotated: Option<String>,
    /// When it stops working (RFC 3339); `None`: never.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
    /// What it is for.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

impl fmt::Debug for RobotRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the hash, even in debug output.
        f.debug_struct("RobotRecord")
            .field("grants", &self.grants)
            .field("created", &self.created)
            .field("expires", &self.expires)
            .finish_non_exhaustive()
    }
}

impl RobotRecord {
    /// The expiry as Unix seconds (`None`: never). An unreadable time counts as
    /// already expired, so a damaged hand edit fails closed.
    pub fn expires_unix(&self) -> Option<u64> {
        self.expires.as_deref().map(|e| unix_of(e).unwrap_or(0))
    }

    /// Whether it has expired at `now` (Unix seconds).
    pub fn expired_at(&self, now: u64) -> bool {
        self.expires_unix().is_some_and(|e| now >= e)
    }
}

/// The contents of `auth/robots.toml`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RobotsFile {
    /// Robots by name.
    #[serde(default)]
    pub robots: BTreeMap<String, RobotRecord>,
}

impl RobotsFile {
    /// Loads and validates the file (missing means no robots).
    pub fn load(store: &Store) -> Result<RobotsFile, AuthError> {
        RobotsFile::parse(store.read_robot_file(RobotFile::Robots)?.as_deref())
    }

    /// Parses and validates the file's bytes.
    pub fn parse(bytes: Option<&[u8]>) -> Result<RobotsFile, AuthError> {
        let f: RobotsFile = files::parse_named(ROBOTS_NAME, bytes)?;
        for (name, r) in &f.robots {
            let damaged = |why: String| AuthError::Damaged {
                file: ROBOTS_NAME,
                why: format!("robot {name}: {why}"),
            };
            validate_name("robot", name).map_err(|e| damaged(e.to_string()))?;
            if r.secret_sha256.len() != 64 || hex::decode(&r.secret_sha256).is_err() {
                return Err(damaged("secret_sha256 is not a SHA-256 in hex".into()));
            }
            if r.generation.is_empty() {
                return Err(damaged("the generation is empty".into()));
            }
        }
        Ok(f)
    }

    /// Each robot's grants as grant rules naming it, keyed by caller id, for
    /// [`super::eval::Policy::with_robot_grants`].
    pub fn grant_rules(&self) -> impl Iterator<Item = (String, Vec<Rule>)> + '_ {
        self.robots.iter().map(|(name, r)| {
            let rules = r
                .grants
                .iter()
                .map(|g| Rule {
                    effect: Effect::Grant,
                    subject: Subject::Robot(name.clone()),
                    pattern: g.pattern.clone(),
                    actions: g.actions,
                })
                .collect();
            (caller_id(name), rules)
        })
    }

    /// Why `name` is refused at `now` (missing or expired), or `None` if it may sign in.
    pub fn refusal(&self, name: &str, now: u64) -> Option<String> {
        match self.robots.get(name) {
            None => Some(format!("there is no robot {name}")),
            Some(r) if r.expired_at(now) => Some(expired_message(name, r.expires.as_deref())),
            Some(_) => None,
        }
    }
}

fn expired_message(name: &str, at: Option<&str>) -> String {
    format!(
        "robot {name} expired at {}; `registryctl robot rotate {name} --expires 30d` renews it with a new secret",
        at.unwrap_or("?")
    )
}

/// One robot's use, as `auth/robots-usage.toml` keeps it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsageRecord {
    /// When it was last used (RFC 3339), as recorded (up to a minute late).
    pub last_used: String,
    /// The generation whose first use has been recorded in the audit log.
    pub generation: String,
}

/// The contents of `auth/robots-usage.toml`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsageFile {
    /// Uses by robot name.
    #[serde(default)]
    pub robots: BTreeMap<String, UsageRecord>,
}

impl UsageFile {
    /// Loads the file (missing means no use recorded).
    pub fn load(store: &Store) -> Result<UsageFile, AuthError> {
        files::parse_named(
            USAGE_NAME,
            store.read_robot_file(RobotFile::Usage)?.as_deref(),
        )
    }

    fn save(&self, store: &Store) -> Result<(), AuthError> {
        let text = files::render_named(USAGE_NAME, USAGE_HEADER, self)?;
        Ok(store.write_robot_file(RobotFile::Usage, text.as_bytes())?)
    }
}

/// A robot secret. Its `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    fn generate() -> Secret {
        let mut raw = [0u8; SECRET_BYTES];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut raw);
        Secret(format!(
            "{SECRET_PREFIX}{}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw)
        ))
    }

    /// The secret, to show once.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(..)")
    }
}

/// SHA-256 of a secret (what is stored and looked up).
fn secret_hash(secret: &str) -> [u8; 32] {
    Sha256::digest(secret.as_bytes()).into()
}

/// The error for a robot that does not exist.
pub fn no_robot(name: &str) -> AuthError {
    AuthError::NotFound(format!(
        "no robot {name}; `registryctl robot ls` lists the robots"
    ))
}

/// Applies `op` to the robots file; the caller holds the auth lock. Writes the file
/// and appends the audit line when it changed.
fn edit_locked<R>(
    store: &Store,
    op: impl FnOnce(&mut RobotsFile) -> Result<Edit<R>, AuthError>,
) -> Result<R, AuthError> {
    let mut f = RobotsFile::load(store)?;
    let edit = op(&mut f)?;
    if edit.changed {
        let text = files::render_named(ROBOTS_NAME, ROBOTS_HEADER, &f)?;
        store.write_robot_file(RobotFile::Robots, text.as_bytes())?;
        files::audit(store, &edit.audit)?;
    }
    Ok(edit.result)
}

/// A robot just made (or rotated): its secret, shown once, and its record.
#[derive(Debug)]
pub struct Issued {
    /// The secret.
    pub secret: Secret,
    /// The record as stored.
    pub record: RobotRecord,
}

fn grants_text(grants: &[Grant]) -> String {
    grants
        .iter()
        .map(Grant::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Makes a robot. Fails with [`AuthError::Exists`] if the name is taken.
pub fn create(
    store: &Store,
    name: &str,
    grants: Vec<Grant>,
    expiry: Expiry,
    description: &str,
) -> Result<Issued, AuthError> {
    validate_name("robot", name)?;
    if grants.is_empty() {
        return Err(AuthError::Invalid(
            "a robot needs at least one --grant PATTERN:ACTIONS".into(),
        ));
    }
    if description.len() > MAX_DESCRIPTION || description.chars().any(char::is_control) {
        return Err(AuthError::Invalid(format!(
            "the description must be at most {MAX_DESCRIPTION} bytes, on one line"
        )));
    }
    let secret = Secret::generate();
    let now = SystemTime::now();
    let record = RobotRecord {
        secret_sha256: hex::encode(secret_hash(secret.expose())),
        generation: new_generation(),
        grants,
        created: rfc3339(now),
        created_by: files::actor(),
        rotated: None,
        expires: expiry.at(now)?,
        description: description.to_string(),
    };
    let _lock = store.auth_lock()?;
    edit_locked(store, |f| {
        if f.robots.contains_key(name) {
            return Err(AuthError::Exists(format!(
                "robot {name} already exists; `registryctl robot rotate {name}` gives it a new secret"
            )));
        }
        f.robots.insert(name.to_string(), record.clone());
        Ok(Edit {
            changed: true,
            audit: format!(
                "robot create {name} grants {} expires {}",
                grants_text(&record.grants),
                record.expires.as_deref().unwrap_or("never")
            ),
            result: (),
        })
    })?;
    Ok(Issued { secret, record })
}

/// Gives a robot a new secret (and a new credential generation, so its tokens end),
/// and with `expiry` a new expiry from now. The old secret is refused from then on.
pub fn rotate(store: &Store, name: &str, expiry: Option<Expiry>) -> Result<Issued, AuthError> {
    let secret = Secret::generate();
    let hash = hex::encode(secret_hash(secret.expose()));
    let now = SystemTime::now();
    let expires = expiry.map(|e| e.at(now)).transpose()?;
    let _lock = store.auth_lock()?;
    let record = edit_locked(store, |f| {
        let r = f.robots.get_mut(name).ok_or_else(|| no_robot(name))?;
        r.secret_sha256 = hash;
        r.generation = new_generation();
        r.rotated = Some(rfc3339(now));
        if let Some(e) = expires {
            r.expires = e;
        }
        Ok(Edit {
            changed: true,
            audit: format!(
                "robot rotate {name} expires {}",
                r.expires.as_deref().unwrap_or("never")
            ),
            result: r.clone(),
        })
    })?;
    Ok(Issued { secret, record })
}

/// Removes a robot, its group memberships and its usage record; returns the groups it
/// was removed from. Rules naming it stay (as for users).
pub fn remove(store: &Store, name: &str) -> Result<Vec<String>, AuthError> {
    let _lock = store.auth_lock()?;
    edit_locked(store, |f| {
        f.robots.remove(name).ok_or_else(|| no_robot(name))?;
        Ok(Edit {
            changed: true,
            audit: format!("robot rm {name}"),
            result: (),
        })
    })?;
    let member = caller_id(name);
    let groups = files::edit_locked(store, AuthFile::Users, |u: &mut UsersFile| {
        let mut left = Vec::new();
        for (g, rec) in u.groups.iter_mut() {
            if rec.members.remove(&member) {
                left.push(g.clone());
            }
        }
        Ok(Edit {
            changed: !left.is_empty(),
            audit: format!("group rm-member {} {member}", left.join(",")),
            result: left,
        })
    })?;
    let mut usage = UsageFile::load(store)?;
    if usage.robots.remove(name).is_some() {
        usage.save(store)?;
    }
    Ok(groups)
}

/// One robot's use to record: its name, the generation it used, when (Unix seconds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Use {
    /// The robot.
    pub name: String,
    /// The generation the use was made with.
    pub generation: String,
    /// When.
    pub at: u64,
}

/// Records uses in `auth/robots-usage.toml` under the auth lock, in one write, and
/// appends `robot first-use` to the audit log for each robot whose current generation
/// had not been used yet (first use after creation or rotation). Uses of a robot that
/// was removed or rotated since are dropped.
pub fn record_use(store: &Store, uses: &[Use]) -> Result<(), AuthError> {
    if uses.is_empty() {
        return Ok(());
    }
    let _lock = store.auth_lock()?;
    let robots = RobotsFile::load(store)?;
    let mut usage = UsageFile::load(store)?;
    let mut changed = false;
    for u in uses {
        let Some(r) = robots
            .robots
            .get(&u.name)
            .filter(|r| r.generation == u.generation)
        else {
            continue;
        };
        let entry = usage.robots.entry(u.name.clone()).or_default();
        if entry.generation != u.generation {
            let since = match &r.rotated {
                Some(t) => format!("its rotation at {t}"),
                None => format!("its creation at {}", r.created),
            };
            files::audit(
                store,
                &format!("robot first-use {} (first use since {since})", u.name),
            )?;
            entry.generation = u.generation.clone();
            changed = true;
        }
        let at = rfc3339(UNIX_EPOCH + Duration::from_secs(u.at));
        if unix_of(&entry.last_used).map_or(true, |t| t < u.at) {
            entry.last_used = at;
            changed = true;
        }
    }
    if changed {
        usage.save(store)?;
    }
    Ok(())
}

/// Uses counted in memory by a running server, per robot and generation.
#[derive(Debug, Default)]
struct UseCell {
    /// Last use (Unix seconds; 0: none).
    last: AtomicU64,
    /// The last use handed out for writing.
    written: AtomicU64,
    /// When it was handed out (Unix seconds; 0: never, so the first use is written at once).
    written_at: AtomicU64,
}

/// A robot as a running server checks it.
#[derive(Debug, Clone)]
struct LiveRobot {
    name: String,
    caller: String,
    generation: String,
    expires: Option<u64>,
    expires_text: Option<String>,
    uses: Arc<UseCell>,
}

impl LiveRobot {
    fn expired(&self, now: u64) -> bool {
        self.expires.is_some_and(|e| now >= e)
    }

    fn used(&self, now: u64) {
        // A plain load first: most requests fall in a second already counted.
        if self.uses.last.load(Ordering::Relaxed) < now {
            self.uses.last.fetch_max(now, Ordering::Relaxed);
        }
    }
}

/// The robots a running server knows, indexed by the hash of their secret and by
/// caller id. Built from the robots file at each reload of the auth state; the use
/// counters of robots whose generation did not change carry over.
#[derive(Debug, Default, Clone)]
pub struct LiveRobots {
    by_secret: HashMap<[u8; 32], String>,
    robots: HashMap<String, LiveRobot>,
}

impl LiveRobots {
    /// Indexes `file`, keeping the counters of `previous` for unchanged robots.
    pub fn build(file: &RobotsFile, previous: &LiveRobots) -> LiveRobots {
        let mut live = LiveRobots::default();
        for (name, r) in &file.robots {
            let caller = caller_id(name);
            let uses = previous
                .robots
                .get(&caller)
                .filter(|p| p.generation == r.generation)
                .map_or_else(Arc::default, |p| p.uses.clone());
            if let Ok(h) = <[u8; 32]>::try_from(hex::decode(&r.secret_sha256).unwrap_or_default()) {
                live.by_secret.insert(h, caller.clone());
            }
            live.robots.insert(
                caller.clone(),
                LiveRobot {
                    name: name.clone(),
                    caller,
                    generation: r.generation.clone(),
                    expires: r.expires_unix(),
                    expires_text: r.expires.clone(),
                    uses,
                },
            );
        }
        live
    }

    /// Number of robots.
    pub fn len(&self) -> usize {
        self.robots.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.robots.is_empty()
    }

    /// Checks Basic-style credentials. `None` when they are not a robot's (the
    /// password is not a robot secret, or names no robot while the user name is not
    /// `robot`): the caller then checks them as a user's. Otherwise the robot's caller
    /// id, or why it is refused (unknown secret, expired). Counts a use.
    pub fn login(&self, user: &str, password: &str, now: u64) -> Option<Result<&str, String>> {
        if !password.starts_with(SECRET_PREFIX) {
            return None;
        }
        let as_robot = user == LOGIN_USER || user.starts_with(ROBOT_PREFIX);
        let found = self
            .by_secret
            .get(&secret_hash(password))
            .and_then(|c| self.robots.get(c));
        let Some(r) = found.filter(|r| as_robot || user == r.name) else {
            return as_robot.then(|| {
                Err("invalid robot secret (the robot was removed, its secret rotated, or it is mistyped)".to_string())
            });
        };
        if user.starts_with(ROBOT_PREFIX) && user != r.caller {
            return Some(Err("the secret is not this robot's".to_string()));
        }
        if r.expired(now) {
            return Some(Err(expired_message(&r.name, r.expires_text.as_deref())));
        }
        r.used(now);
        Some(Ok(&r.caller))
    }

    /// The credential generation of the robot with caller id `caller`.
    pub fn generation(&self, caller: &str) -> Option<&str> {
        self.robots.get(caller).map(|r| r.generation.as_str())
    }

    /// Whether a token of robot `caller` with `generation` is still good at `now`: the
    /// robot exists, was not rotated since, and has not expired. Counts a use.
    pub fn token_is_current(&self, caller: &str, generation: &str, now: u64) -> bool {
        match self.robots.get(caller) {
            Some(r) if r.generation == generation && !r.expired(now) => {
                r.used(now);
                true
            }
            _ => false,
        }
    }

    /// The uses to write now: robots used since their last write, at most once per
    /// [`USE_FLUSH_SECS`] each (the first use at once). Marks them as handed out.
    pub fn due_uses(&self, now: u64) -> Vec<Use> {
        let mut due = Vec::new();
        for r in self.robots.values() {
            let c = &r.uses;
            let last = c.last.load(Ordering::Relaxed);
            let at = c.written_at.load(Ordering::Relaxed);
            if last > c.written.load(Ordering::Relaxed) && (at == 0 || now >= at + USE_FLUSH_SECS) {
                c.written.store(last, Ordering::Relaxed);
                c.written_at.store(now, Ordering::Relaxed);
                due.push(Use {
                    name: r.name.clone(),
                    generation: r.generation.clone(),
                    at: last,
                });
            }
        }
        due
    }
}

/// Now, in Unix seconds (the clock robots' expiry and uses are measured with).
pub fn now() -> u64 {
    unix_now()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grants_parse() {
        let g: Grant = "acme/app:pull,push".parse().unwrap();
        assert_eq!(g.pattern.as_str(), "acme/app");
        assert_eq!(g.to_string(), "acme/app:pull,push");
        assert_eq!(
            "acme/**:*".parse::<Grant>().unwrap().actions,
            ActionSet::ALL
        );
        for bad in [
            "acme/app",
            "acme/app:",
            "acme/app:fly",
            "{user}/**:pull",
            ":pull",
        ] {
            assert!(bad.parse::<Grant>().is_err(), "{bad}");
        }
    }

    #[test]
    fn expiries_parse() {
        assert_eq!("never".parse::<Expiry>(), Ok(Expiry::Never));
        assert_eq!(
            "30d".parse::<Expiry>(),
            Ok(Expiry::After(Duration::from_secs(30 * 86400)))
        );
        assert!("0s".parse::<Expiry>().is_err());
        assert!("soon".parse::<Expiry>().is_err());
    }

    #[test]
    fn secrets_are_long_random_and_hidden() {
        let a = Secret::generate();
        let b = Secret::generate();
        assert_ne!(a, b);
        assert!(a.expose().starts_with(SECRET_PREFIX));
        assert_eq!(a.expose().len(), SECRET_PREFIX.len() + 43);
        assert!(!format!("{a:?}").contains(&a.expose()[4..]));
    }

    fn file_with(name: &str, secret: &str, expires: Option<u64>) -> RobotsFile {
        let mut f = RobotsFile::default();
        let mut r = super::tests_support::record();
        r.secret_sha256 = hex::encode(secret_hash(secret));
        r.generation = "g1".into();
        r.grants = vec!["acme/app:pull".parse().unwrap()];
        r.expires = expires.map(|e| rfc3339(UNIX_EPOCH + Duration::from_secs(e)));
        f.robots.insert(name.into(), r);
        f
    }

    #[test]
    fn login_and_uses() {
        let secret = "rcr_0123456789";
        let live = LiveRobots::build(&file_with("ci", secret, Some(2000)), &LiveRobots::default());
        assert_eq!(live.login("robot", secret, 1000), Some(Ok("robot:ci")));
        assert_eq!(live.login("ci", secret, 1000), Some(Ok("robot:ci")));
        assert!(matches!(
            live.login("robot", "rcr_other", 1000),
            Some(Err(_))
        ));
        // Not a robot credential: left to the password check.
        assert_eq!(live.login("alice", "rcr_other", 1000), None);
        assert_eq!(live.login("robot", "password", 1000), None);
        let expired = live.login("robot", secret, 2000);
        assert!(
            matches!(&expired, Some(Err(m)) if m.contains("expired")),
            "{expired:?}"
        );
        assert!(live.token_is_current("robot:ci", "g1", 1500));
        assert!(!live.token_is_current("robot:ci", "g0", 1500));
        assert!(!live.token_is_current("robot:ci", "g1", 2500));
        // The first use is due at once, later ones once a minute.
        let due = live.due_uses(1500);
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].at, 1500);
        live.login("robot", secret, 1510);
        assert!(live.due_uses(1511).is_empty());
        assert_eq!(live.due_uses(1500 + USE_FLUSH_SECS)[0].at, 1510);
        // Counters survive a rebuild with the same generation.
        live.login("robot", secret, 1600);
        let again = LiveRobots::build(&file_with("ci", secret, Some(2000)), &live);
        assert_eq!(again.due_uses(1700)[0].at, 1600);
    }
}

#[cfg(test)]
mod eval_tests {
    use super::*;
    use crate::auth::model::Action;
    use crate::auth::Policy;
    use std::collections::{BTreeMap, BTreeSet};

    fn rule(s: &str) -> Rule {
        let p: Vec<&str> = s.split_whitespace().collect();
        Rule {
            effect: p[0].parse().unwrap(),
            subject: p[1].parse().unwrap(),
            pattern: p[2].parse().unwrap(),
            actions: p[3].parse().unwrap(),
        }
    }

    #[test]
    fn a_robot_gets_its_grants_and_every_deny_that_applies() {
        let mut robots = RobotsFile::default();
        let mut rec = super::tests_support::record();
        rec.grants = vec!["acme/**:pull,push".parse().unwrap()];
        robots.robots.insert("ci".into(), rec);
        let groups =
            BTreeMap::from([("ext".to_string(), BTreeSet::from(["robot:ci".to_string()]))]);
        let rules = vec![
            rule("grant authenticated ** *"),
            rule("grant anonymous public/** pull"),
            rule("grant group:ext other/** pull"),
            rule("deny group:ext acme/frozen push"),
            rule("deny robot:ci acme/secret pull"),
            rule("deny authenticated acme/locked *"),
        ];
        let p = Policy::new(rules, &groups).with_robot_grants(robots.grant_rules());
        let ci = Some("robot:ci");
        let explain = |repo: &str, a: Action| p.decide(ci, repo, a).explain();
        assert_eq!(
            explain("acme/app", Action::Push),
            "allowed by: grant robot:ci acme/** pull,push"
        );
        assert_eq!(
            explain("acme/app", Action::Delete),
            "denied: no rule matched"
        );
        assert_eq!(explain("public/x", Action::Pull), "denied: no rule matched");
        assert_eq!(explain("other/x", Action::Pull), "denied: no rule matched");
        assert_eq!(
            explain("acme/frozen", Action::Push),
            "denied by: deny group:ext acme/frozen push"
        );
        assert_eq!(
            explain("acme/secret", Action::Pull),
            "denied by: deny robot:ci acme/secret pull"
        );
        assert_eq!(
            explain("acme/locked", Action::Pull),
            "denied by: deny authenticated acme/locked pull,push,delete"
        );
        // A user is unaffected by the robot's grants; another robot has none.
        assert!(p.allows(Some("alice"), "public/x", Action::Pull));
        assert!(!p.allows(Some("robot:other"), "acme/app", Action::Pull));
    }
}

#[cfg(test)]
mod tests_support {
    use super::*;

    /// A robot record with no grants, for unit tests.
    pub fn record() -> RobotRecord {
        RobotRecord {
            secret_sha256: "0".repeat(64),
            generation: "g".into(),
            grants: Vec::new(),
            created: "2026-12-01T00:00:00Z".into(),
            created_by: "test".into(),
            rotated: None,
            expires: None,
            description: String::new(),
        }
    }
}
