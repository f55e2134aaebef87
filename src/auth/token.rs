//! Bearer tokens: short-lived JWTs signed with HS256 and a random key kept in the store.
//!
//! The key (32 random bytes, base64 in `auth/token.key`, owner-readable only) is made
//! under the auth lock, only if there is none, the first time a token is issued; so
//! tokens survive a restart and every `serve` on the same store signs with the same
//! key. `registryctl token rotate` (or deleting the file) replaces it: every running
//! server notices within a refresh interval ([`super::state::REFRESH_INTERVAL`]) and
//! from then on refuses tokens signed by the retired key. Each key has a key id
//! ([`TokenKey::kid`], derived from the key) that tokens carry in their header, so a
//! token of a retired key is refused by its `kid` before any signature check.
//!
//! Claims follow `auth_jwt.md`: `iss`, `sub` (empty for anonymous), `aud` (the
//! service), `exp`, `nbf`, `iat`, `jti` and `access`, which lists exactly the granted
//! subset of the requested scopes; plus `gen`, the credential generation of the user
//! (see [`super::users::UserRecord::generation`]), so that a new password or a removed
//! and re-added user invalidates the tokens issued before.
//!
//! Refresh tokens (the OAuth2 `refresh_token` grant of `POST /token`) are JWTs of the
//! same key with another audience ([`REFRESH_AUDIENCE`]), so neither kind can stand in
//! for the other.

use std::fmt;

use base64::Engine;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use super::model::{Action, ActionSet};
use super::AuthError;
use crate::oci::RepoName;
use crate::storage::{unix_now, AuthFile, Store};

/// The `service` (JWT `aud` and `iss`) this registry names itself.
pub const SERVICE: &str = "registryctl";
/// How long an issued token is valid.
pub const TOKEN_TTL_SECS: u64 = 300;
/// Clock skew tolerated when checking `exp` and `nbf`.
const LEEWAY_SECS: u64 = 5;

/// How long a refresh token (`POST /token` with `access_type=offline`, or `GET /token`
/// with `offline_token=true`) is valid. A new password, removing the user or rotating
/// the key ends it sooner.
pub const REFRESH_TTL_SECS: u64 = 24 * 3600;
/// The audience of refresh tokens: unlike [`SERVICE`], so a refresh token is never
/// accepted as an access token, nor an access token as a refresh token.
pub const REFRESH_AUDIENCE: &str = "registryctl-refresh";

/// The HMAC key tokens are signed with, and its key id. Its `Debug` never shows the
/// bytes.
#[derive(Clone)]
pub struct TokenKey {
    raw: Vec<u8>,
    kid: String,
}

impl fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TokenKey(kid={}, ..)", self.kid)
    }
}

fn damaged(why: impl Into<String>) -> AuthError {
    AuthError::Damaged {
        file: "auth/token.key",
        why: why.into(),
    }
}

impl TokenKey {
    fn from_raw(raw: Vec<u8>) -> TokenKey {
        // The id is derived from the key, so every process names the same key alike
        // and a hand-made key file needs no id of its own. A truncated hash of 32
        // random bytes tells nothing about them.
        let mut h = Sha256::new();
        h.update(b"registryctl token key id\0");
        h.update(&raw);
        let kid = hex::encode(&h.finalize()[..8]);
        TokenKey { raw, kid }
    }

    /// Decodes the contents of `auth/token.key` (base64 of at least 32 bytes).
    pub fn decode(bytes: &[u8]) -> Result<TokenKey, AuthError> {
        let text = String::from_utf8_lossy(bytes);
        let raw = base64::engine::general_purpose::STANDARD
            .decode(text.trim())
            .map_err(|e| {
                damaged(format!(
                    "{e}; run `registryctl token rotate` to make a new key (issued tokens stop working)"
                ))
            })?;
        if raw.len() < 32 {
            return Err(damaged(
                "key shorter than 32 bytes; run `registryctl token rotate` to make a new one",
            ));
        }
        Ok(TokenKey::from_raw(raw))
    }

    /// A new random key.
    fn generate() -> TokenKey {
        let mut raw = vec![0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut raw);
        TokenKey::from_raw(raw)
    }

    fn encode(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode(&self.raw) + "\n"
    }

    /// The key id tokens signed with this key carry in their `kid` header.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// Reads the key if one was made.
    pub fn load(store: &Store) -> Result<Option<TokenKey>, AuthError> {
        store
            .read_auth_file(AuthFile::TokenKey)?
            .map(|b| TokenKey::decode(&b))
            .transpose()
    }

    /// Reads the key, making and storing one if there is none yet (never replacing
    /// one that exists, so every server on the store ends up with the same key).
    pub fn load_or_create(store: &Store) -> Result<TokenKey, AuthError> {
        if let Some(k) = Self::load(store)? {
            return Ok(k);
        }
        let _lock = store.auth_lock()?;
        // Another process may have made it while we waited for the lock.
        if let Some(k) = Self::load(store)? {
            return Ok(k);
        }
        let key = TokenKey::generate();
        store.write_auth_file(AuthFile::TokenKey, key.encode().as_bytes())?;
        tracing::info!(kid = %key.kid, "made a new token signing key in auth/token.key");
        Ok(key)
    }

    /// Replaces the key with a new random one, under the auth lock, and records it in
    /// the audit log. Returns the retired key's id (`None` if there was none, or it
    /// was unreadable) and the new key. Running servers pick the new key up within a
    /// refresh interval and refuse every token of the old one from then on.
    pub fn rotate(store: &Store) -> Result<(Option<String>, TokenKey), AuthError> {
        let _lock = store.auth_lock()?;
        let old = Self::load(store).ok().flatten().map(|k| k.kid);
        let key = TokenKey::generate();
        store.write_auth_file(AuthFile::TokenKey, key.encode().as_bytes())?;
        let what = match &old {
            Some(o) => format!("token rotate (key {o} retired, key {} in use)", key.kid),
            None => format!("token rotate (key {} in use)", key.kid),
        };
        super::files::audit(store, &what)?;
        Ok((old, key))
    }
}

/// One entry of a token's `access` claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceActions {
    /// Resource type (`repository`, `registry`).
    #[serde(rename = "type")]
    pub kind: String,
    /// Resource name (`acme/app`, `catalog`).
    pub name: String,
    /// Granted actions.
    pub actions: Vec<String>,
}

/// The claims of a registry token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    /// Issuer.
    pub iss: String,
    /// The user the token is for; empty for anonymous.
    pub sub: String,
    /// Audience: the service.
    pub aud: String,
    /// Expiry (Unix seconds).
    pub exp: u64,
    /// Not before (Unix seconds).
    pub nbf: u64,
    /// Issued at (Unix seconds).
    pub iat: u64,
    /// Unique id.
    pub jti: String,
    /// What the token grants.
    #[serde(default)]
    pub access: Vec<ResourceActions>,
    /// The credential generation of `sub` when the token was issued; the token is
    /// valid only while the user still has it. Empty for anonymous tokens.
    #[serde(rename = "gen", default, skip_serializing_if = "String::is_empty")]
    pub generation: String,
}

impl Claims {
    /// The user, or `None` for an anonymous token.
    pub fn user(&self) -> Option<&str> {
        (!self.sub.is_empty()).then_some(self.sub.as_str())
    }

    /// Whether the token carries the catalog scope (`registry:catalog:*`).
    pub fn has_catalog(&self) -> bool {
        self.access.iter().any(|ra| {
            ra.kind == "registry" && ra.name == "catalog" && ra.actions.iter().any(|a| a == "*")
        })
    }

    /// The repository actions the token carries for `repo`.
    pub fn repo_actions(&self, repo: &str) -> ActionSet {
        let mut set = ActionSet::EMPTY;
        for ra in &self.access {
            if ra.kind == "repository" && ra.name == repo {
                for a in &ra.actions {
                    match a.as_str() {
                        "*" => set = ActionSet::ALL,
                        other => {
                            if let Ok(a) = other.parse::<Action>() {
                                set.insert(a);
                            }
                        }
                    }
                }
            }
        }
        set
    }
}

/// A requested scope (`repository:acme/app:pull,push`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Actions on a repository.
    Repository(RepoName, ActionSet),
    /// Listing the repositories (`registry:catalog:*`).
    Catalog,
    /// Anything else (kept so it can be answered with nothing granted).
    Other,
}

/// Parses one scope. The resource class (`repository(plugin)`) is ignored, as the
/// spec says; unknown action words are dropped.
pub fn parse_scope(s: &str) -> Scope {
    let Some((kind, rest)) = s.split_once(':') else {
        return Scope::Other;
    };
    let Some((name, actions)) = rest.rsplit_once(':') else {
        return Scope::Other;
    };
    let kind = kind.split('(').next().unwrap_or(kind);
    if kind == "registry" {
        return if name == "catalog" && actions.split(',').any(|a| a == "*") {
            Scope::Catalog
        } else {
            Scope::Other
        };
    }
    if kind != "repository" {
        return Scope::Other;
    }
    let Ok(repo) = RepoName::parse(name) else {
        return Scope::Other;
    };
    let mut set = ActionSet::EMPTY;
    for a in actions.split(',') {
        if a == "*" {
            set = ActionSet::ALL;
        } else if let Ok(a) = a.parse::<Action>() {
            set.insert(a);
        }
    }
    Scope::Repository(repo, set)
}

/// The user a token is issued to.
#[derive(Debug, Clone, Copy)]
pub struct TokenUser<'a> {
    /// The user name.
    pub name: &'a str,
    /// The user's credential generation (see [`Claims::generation`]).
    pub generation: &'a str,
}

fn sign(key: &TokenKey, claims: &Claims) -> Result<String, AuthError> {
    let mut header = Header::new(Algorithm::HS256);
    header.kid = Some(key.kid.clone());
    jsonwebtoken::encode(&header, claims, &EncodingKey::from_secret(&key.raw))
        .map_err(|e| AuthError::Token(e.to_string()))
}

fn claims_for(user: Option<TokenUser<'_>>, aud: &str, ttl: u64) -> Claims {
    let now = unix_now();
    Claims {
        iss: SERVICE.to_string(),
        sub: user.map(|u| u.name).unwrap_or_default().to_string(),
        aud: aud.to_string(),
        exp: now + ttl,
        nbf: now.saturating_sub(LEEWAY_SECS),
        iat: now,
        jti: uuid::Uuid::new_v4().simple().to_string(),
        access: Vec::new(),
        generation: user.map(|u| u.generation).unwrap_or_default().to_string(),
    }
}

/// Signs an access token for `user` (`None`: anonymous) carrying `access`.
pub fn issue(
    key: &TokenKey,
    user: Option<TokenUser<'_>>,
    access: Vec<ResourceActions>,
) -> Result<(String, Claims), AuthError> {
    let mut claims = claims_for(user, SERVICE, TOKEN_TTL_SECS);
    claims.access = access;
    Ok((sign(key, &claims)?, claims))
}

/// Signs a refresh token for `user`: it carries no access of its own, only the right
/// to ask `POST /token` for access tokens as that user.
pub fn issue_refresh(key: &TokenKey, user: TokenUser<'_>) -> Result<String, AuthError> {
    sign(
        key,
        &claims_for(Some(user), REFRESH_AUDIENCE, REFRESH_TTL_SECS),
    )
}

fn verify_for(key: &TokenKey, token: &str, aud: &str) -> Result<Claims, AuthError> {
    // The key id first: a token of a retired key gets a clear refusal, and one of an
    // unknown key never reaches the signature check.
    let header = jsonwebtoken::decode_header(token).map_err(|e| AuthError::Token(e.to_string()))?;
    match header.kid.as_deref() {
        Some(kid) if kid == key.kid => {}
        Some(_) => {
            return Err(AuthError::Token(
                "signed by a retired or unknown key".into(),
            ))
        }
        None => return Err(AuthError::Token("no key id (kid) in the header".into())),
    }
    let mut v = Validation::new(Algorithm::HS256);
    v.leeway = LEEWAY_SECS;
    v.validate_nbf = true;
    v.set_audience(&[aud]);
    v.set_issuer(&[SERVICE]);
    v.set_required_spec_claims(&["exp", "nbf", "aud", "iss", "sub"]);
    jsonwebtoken::decode::<Claims>(token, &DecodingKey::from_secret(&key.raw), &v)
        .map(|d| d.claims)
        .map_err(|e| AuthError::Token(e.to_string()))
}

/// Checks an access token's key id, signature (HS256 only), expiry, audience and
/// issuer. Whether its user and generation are still current is the caller's check.
pub fn verify(key: &TokenKey, token: &str) -> Result<Claims, AuthError> {
    verify_for(key, token, SERVICE)
}

/// [`verify`] for a refresh token; also refuses one without a user.
pub fn verify_refresh(key: &TokenKey, token: &str) -> Result<Claims, AuthError> {
    let c = verify_for(key, token, REFRESH_AUDIENCE)?;
    if c.sub.is_empty() {
        return Err(AuthError::Token("a refresh token names no user".into()));
    }
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes() {
        let r = |s: &str| RepoName::parse(s).unwrap();
        assert_eq!(
            parse_scope("repository:acme/app:pull,push"),
            Scope::Repository(r("acme/app"), ActionSet::parse("pull,push").unwrap())
        );
        assert_eq!(
            parse_scope("repository(plugin):a:*"),
            Scope::Repository(r("a"), ActionSet::ALL)
        );
        assert_eq!(parse_scope("registry:catalog:*"), Scope::Catalog);
        assert_eq!(parse_scope("registry:catalog:pull"), Scope::Other);
        assert_eq!(parse_scope("garbage"), Scope::Other);
    }

    #[test]
    fn sign_and_verify() {
        let key = TokenKey::from_raw(vec![7; 32]);
        let alice = TokenUser {
            name: "alice",
            generation: "g1",
        };
        let access = vec![ResourceActions {
            kind: "repository".into(),
            name: "acme/app".into(),
            actions: vec!["pull".into()],
        }];
        let (t, _) = issue(&key, Some(alice), access).unwrap();
        let c = verify(&key, &t).unwrap();
        assert_eq!(c.user(), Some("alice"));
        assert_eq!(c.generation, "g1");
        assert_eq!(c.repo_actions("acme/app"), ActionSet::of(Action::Pull));
        let other = TokenKey::from_raw(vec![8; 32]);
        assert_ne!(other.kid(), key.kid());
        let err = verify(&other, &t).unwrap_err().to_string();
        assert!(err.contains("retired"), "{err}");
        // Access and refresh tokens cannot stand in for each other.
        let r = issue_refresh(&key, alice).unwrap();
        assert_eq!(verify_refresh(&key, &r).unwrap().sub, "alice");
        assert!(verify(&key, &r).is_err());
        assert!(verify_refresh(&key, &t).is_err());
    }

    #[test]
    fn the_key_id_is_derived_from_the_key() {
        let text = base64::engine::general_purpose::STANDARD.encode([9u8; 32]);
        let a = TokenKey::decode(text.as_bytes()).unwrap();
        let b = TokenKey::decode(format!("{text}\n").as_bytes()).unwrap();
        assert_eq!(a.kid(), b.kid());
        assert_eq!(a.kid().len(), 16);
        assert!(TokenKey::decode(b"c2hvcnQ=").is_err());
    }
}
