//! Users (name + argon2id password hash) and groups (name + members), kept in
//! `auth/users.toml`, and the edits the `user` and `group` commands make.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use serde::{Deserialize, Serialize};

use super::files::{self, Edit};
use super::model::validate_name;
use super::AuthError;
use crate::storage::{AuthFile, Store};

/// One user.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserRecord {
    /// PHC string of the argon2id hash of the password.
    pub password: String,
    /// When the user was added (RFC 3339).
    pub created: String,
    /// The credential generation: a random id renewed whenever the password is set
    /// (`user add`, `user passwd`). Tokens carry it and are refused once it changes,
    /// so a new password, or a removed and re-added user, ends the old tokens. Empty
    /// for users added before generations existed (renewed by their next passwd).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub generation: String,
}

impl fmt::Debug for UserRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never print the hash, even in debug output.
        f.debug_struct("UserRecord")
            .field("created", &self.created)
            .finish_non_exhaustive()
    }
}

/// One group.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupRecord {
    /// User names of the members.
    #[serde(default)]
    pub members: BTreeSet<String>,
}

/// The contents of `auth/users.toml`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsersFile {
    /// Users by name.
    #[serde(default)]
    pub users: BTreeMap<String, UserRecord>,
    /// Groups by name.
    #[serde(default)]
    pub groups: BTreeMap<String, GroupRecord>,
}

impl UsersFile {
    /// Loads and validates the file (missing means no users).
    pub fn load(store: &Store) -> Result<UsersFile, AuthError> {
        let f: UsersFile = files::load(store, AuthFile::Users)?;
        f.validate()?;
        Ok(f)
    }

    /// Parses and validates the file's bytes.
    pub fn parse(bytes: Option<&[u8]>) -> Result<UsersFile, AuthError> {
        let f: UsersFile = files::parse(AuthFile::Users, bytes)?;
        f.validate()?;
        Ok(f)
    }

    /// Checks names (a hand-edited file may hold anything).
    fn validate(&self) -> Result<(), AuthError> {
        let damaged = |why: String| AuthError::Damaged {
            file: files::display_name(AuthFile::Users),
            why,
        };
        for name in self.users.keys() {
            validate_name("user", name).map_err(|e| damaged(e.to_string()))?;
        }
        for (g, rec) in &self.groups {
            validate_name("group", g).map_err(|e| damaged(e.to_string()))?;
            for m in &rec.members {
                validate_member(m).map_err(|e| damaged(format!("group {g}: {e}")))?;
            }
        }
        Ok(())
    }

    /// Group name -> members, for [`super::eval::Policy::new`].
    pub fn memberships(&self) -> BTreeMap<String, BTreeSet<String>> {
        self.groups
            .iter()
            .map(|(g, r)| (g.clone(), r.members.clone()))
            .collect()
    }

    /// Groups a user is a member of.
    pub fn groups_of(&self, user: &str) -> Vec<String> {
        self.groups
            .iter()
            .filter(|(_, r)| r.members.contains(user))
            .map(|(g, _)| g.clone())
            .collect()
    }
}

/// Validates a group member: a user name, or `robot:NAME` for a robot account.
fn validate_member(m: &str) -> Result<(), super::ModelError> {
    match super::robots::robot_name(m) {
        Some(r) => validate_name("robot", r),
        None => validate_name("user", m),
    }
}

/// Hashes a password with argon2id (random salt, the crate's default cost).
pub fn hash_password(password: &str) -> Result<String, AuthError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AuthError::Hash(e.to_string()))
}

/// Whether a stored hash is a bcrypt hash (a user imported from an htpasswd file, who
/// has not signed in since; the first successful sign-in replaces it).
pub fn is_bcrypt(hash: &str) -> bool {
    ["$2a$", "$2b$", "$2y$"].iter().any(|p| hash.starts_with(p))
}

/// Checks a password against a stored hash: an argon2id PHC string, or a bcrypt hash
/// imported from htpasswd. The comparison inside is constant-time; a damaged hash
/// verifies nothing.
pub fn verify_password(phc: &str, password: &str) -> bool {
    if is_bcrypt(phc) {
        return bcrypt::verify(password, phc).unwrap_or(false);
    }
    match PasswordHash::new(phc) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// A new random credential generation (64 bits, hex).
pub fn new_generation() -> String {
    let mut b = [0u8; 8];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut b);
    hex::encode(b)
}

/// Rejects passwords that cannot be right.
pub fn check_password(password: &str) -> Result<(), AuthError> {
    if password.is_empty() {
        return Err(AuthError::Invalid("the password is empty".into()));
    }
    if password.len() > 1024 {
        return Err(AuthError::Invalid(
            "the password is longer than 1024 bytes".into(),
        ));
    }
    Ok(())
}

/// Adds a user. Fails with [`AuthError::Exists`] if the name is taken.
pub fn add_user(store: &Store, name: &str, password: &str) -> Result<(), AuthError> {
    validate_name("user", name)?;
    check_password(password)?;
    // Hash outside the lock: argon2 is deliberately slow.
    let hash = hash_password(password)?;
    files::edit(store, AuthFile::Users, |f: &mut UsersFile| {
        if f.users.contains_key(name) {
            return Err(AuthError::Exists(format!(
                "user {name} already exists; use `registryctl user passwd {name}` to change the password"
            )));
        }
        let created = humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string();
        f.users.insert(
            name.to_string(),
            UserRecord {
                password: hash,
                created,
                generation: new_generation(),
            },
        );
        Ok(Edit {
            changed: true,
            audit: format!("user add {name}"),
            result: (),
        })
    })
}

/// Changes a user's password.
pub fn set_password(store: &Store, name: &str, password: &str) -> Result<(), AuthError> {
    check_password(password)?;
    let hash = hash_password(password)?;
    files::edit(store, AuthFile::Users, |f: &mut UsersFile| {
        let rec = f.users.get_mut(name).ok_or_else(|| no_user(name))?;
        rec.password = hash;
        rec.generation = new_generation();
        Ok(Edit {
            changed: true,
            audit: format!("user passwd {name}"),
            result: (),
        })
    })
}

/// Removes a user and its group memberships; returns the groups it was removed from.
pub fn remove_user(store: &Store, name: &str) -> Result<Vec<String>, AuthError> {
    files::edit(store, AuthFile::Users, |f: &mut UsersFile| {
        f.users.remove(name).ok_or_else(|| no_user(name))?;
        let mut left = Vec::new();
        for (g, rec) in f.groups.iter_mut() {
            if rec.members.remove(name) {
                left.push(g.clone());
            }
        }
        let audit = if left.is_empty() {
            format!("user rm {name}")
        } else {
            format!(
                "user rm {name} (also removed from groups {})",
                left.join(",")
            )
        };
        Ok(Edit {
            changed: true,
            audit,
            result: left,
        })
    })
}

/// The error for a user that does not exist.
pub fn no_user(name: &str) -> AuthError {
    AuthError::NotFound(format!(
        "no user {name}; `registryctl user ls` lists the users"
    ))
}

fn no_group(name: &str) -> AuthError {
    AuthError::NotFound(format!(
        "no group {name}; `registryctl group ls` lists the groups"
    ))
}

/// Adds a group. `false` (nothing written) if it already exists.
pub fn add_group(store: &Store, name: &str) -> Result<bool, AuthError> {
    validate_name("group", name)?;
    files::edit(store, AuthFile::Users, |f: &mut UsersFile| {
        let added = !f.groups.contains_key(name);
        f.groups.entry(name.to_string()).or_default();
        Ok(Edit {
            changed: added,
            audit: format!("group add {name}"),
            result: added,
        })
    })
}

/// Removes a group.
pub fn remove_group(store: &Store, name: &str) -> Result<(), AuthError> {
    files::edit(store, AuthFile::Users, |f: &mut UsersFile| {
        f.groups.remove(name).ok_or_else(|| no_group(name))?;
        Ok(Edit {
            changed: true,
            audit: format!("group rm {name}"),
            result: (),
        })
    })
}

/// Adds users (or robots, as `robot:NAME`) to a group (both must exist). Returns the
/// members that were not members yet.
pub fn add_members(store: &Store, group: &str, users: &[String]) -> Result<Vec<String>, AuthError> {
    let _lock = store.auth_lock()?;
    let robots = super::robots::RobotsFile::load(store)?;
    files::edit_locked(store, AuthFile::Users, |f: &mut UsersFile| {
        for u in users {
            match super::robots::robot_name(u) {
                Some(r) if !robots.robots.contains_key(r) => {
                    return Err(super::robots::no_robot(r))
                }
                Some(_) => {}
                None if !f.users.contains_key(u.as_str()) => return Err(no_user(u)),
                None => {}
            }
        }
        let rec = f.groups.get_mut(group).ok_or_else(|| no_group(group))?;
        let added: Vec<String> = users
            .iter()
            .filter(|u| rec.members.insert(u.to_string()))
            .cloned()
            .collect();
        Ok(Edit {
            changed: !added.is_empty(),
            audit: format!("group add-member {group} {}", added.join(",")),
            result: added,
        })
    })
}

/// Removes users from a group. Fails with [`AuthError::NotFound`] if none of them was a
/// member; returns the users removed.
pub fn remove_members(
    store: &Store,
    group: &str,
    users: &[String],
) -> Result<Vec<String>, AuthError> {
    files::edit(store, AuthFile::Users, |f: &mut UsersFile| {
        let rec = f.groups.get_mut(group).ok_or_else(|| no_group(group))?;
        let removed: Vec<String> = users
            .iter()
            .filter(|u| rec.members.remove(u.as_str()))
            .cloned()
            .collect();
        if removed.is_empty() {
            return Err(AuthError::NotFound(format!(
                "none of {} is a member of group {group}",
                users.join(", ")
            )));
        }
        Ok(Edit {
            changed: true,
            audit: format!("group rm-member {group} {}", removed.join(",")),
            result: removed,
        })
    })
}

/// The scheme of an htpasswd hash that cannot be imported, by name.
fn unsupported_scheme(hash: &str) -> Option<&'static str> {
    if is_bcrypt(hash) {
        return None;
    }
    Some(if hash.starts_with("$apr1$") {
        "Apache MD5 ($apr1$)"
    } else if hash.starts_with("{SHA}") {
        "SHA-1 ({SHA})"
    } else if hash.starts_with("$1$") {
        "MD5-crypt ($1$)"
    } else if hash.starts_with("$5$") {
        "SHA-256-crypt ($5$)"
    } else if hash.starts_with("$6$") {
        "SHA-512-crypt ($6$)"
    } else if hash.len() == 13 {
        "DES crypt"
    } else {
        "plain text or an unknown scheme"
    })
}

/// What `user import-htpasswd` did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct HtpasswdReport {
    /// Users added (or replaced with `--replace`).
    pub imported: Vec<String>,
    /// Users that exist already and were left alone.
    pub existing: Vec<String>,
    /// Lines not imported: (line number, user name, why).
    pub refused: Vec<(usize, String, String)>,
}

/// Imports the users of an htpasswd file (distribution's `auth.htpasswd`). Only bcrypt
/// hashes are taken (what `htpasswd -B` writes and distribution accepts); they keep
/// working, and each is replaced by an argon2id hash at the user's first successful
/// sign-in ([`upgrade_hash`]). Lines with other schemes are refused, naming the
/// scheme; users that exist are left alone unless `replace`.
pub fn import_htpasswd(
    store: &Store,
    text: &str,
    replace: bool,
) -> Result<HtpasswdReport, AuthError> {
    let mut report = HtpasswdReport::default();
    let mut wanted: Vec<(String, String)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((name, hash)) = line.split_once(':') else {
            report
                .refused
                .push((i + 1, String::new(), "not NAME:HASH".into()));
            continue;
        };
        if let Err(e) = validate_name("user", name) {
            report
                .refused
                .push((i + 1, name.to_string(), e.to_string()));
            continue;
        }
        if let Some(scheme) = unsupported_scheme(hash) {
            report.refused.push((
                i + 1,
                name.to_string(),
                format!("{scheme} hashes are not supported: re-create the user with htpasswd -B (bcrypt), or `registryctl user add`"),
            ));
            continue;
        }
        if hash.parse::<bcrypt::HashParts>().is_err() {
            report
                .refused
                .push((i + 1, name.to_string(), "a damaged bcrypt hash".into()));
            continue;
        }
        wanted.push((name.to_string(), hash.to_string()));
    }
    files::edit(store, AuthFile::Users, |f: &mut UsersFile| {
        for (name, hash) in &wanted {
            if f.users.contains_key(name) && !replace {
                report.existing.push(name.clone());
                continue;
            }
            let created =
                humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string();
            f.users.insert(
                name.clone(),
                UserRecord {
                    password: hash.clone(),
                    created,
                    generation: new_generation(),
                },
            );
            report.imported.push(name.clone());
        }
        Ok(Edit {
            changed: !report.imported.is_empty(),
            audit: format!("user import-htpasswd {}", report.imported.join(",")),
            result: (),
        })
    })?;
    Ok(report)
}

/// After a successful sign-in with an imported bcrypt hash: replaces it by an
/// argon2id hash of the same password, if the user's hash is still `old` (the
/// password is the same, so the credential generation and the user's tokens stay).
pub fn upgrade_hash(
    store: &Store,
    name: &str,
    old: &str,
    password: &str,
) -> Result<bool, AuthError> {
    let hash = hash_password(password)?;
    files::edit(store, AuthFile::Users, |f: &mut UsersFile| {
        let changed = match f.users.get_mut(name) {
            Some(rec) if rec.password == old => {
                rec.password = hash;
                true
            }
            _ => false,
        };
        Ok(Edit {
            changed,
            audit: format!(
                "user rehash {name} (imported bcrypt hash replaced by argon2id at sign-in)"
            ),
            result: changed,
        })
    })
}
