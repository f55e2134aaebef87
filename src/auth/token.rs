//! Bearer tokens: short-lived JWTs signed with HS256 and a random key kept in the store.
//!
//! The key (32 random bytes, base64 in `auth/token.key`, owner-readable only) is made
//! once, under the auth lock, the first time a token is issued; so tokens survive a
//! restart and every `serve` on the same store accepts the others' tokens. Claims follow
//! `auth_jwt.md`: `iss`, `sub` (empty for anonymous), `aud` (the service), `exp`, `nbf`,
//! `iat`, `jti` and `access`, which lists exactly the granted subset of the requested
//! scopes.

use std::fmt;

use base64::Engine;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use serde::{Deserialize, Serialize};

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

/// The HMAC key tokens are signed with. Its `Debug` never shows the bytes.
#[derive(Clone)]
pub struct TokenKey(Vec<u8>);

impl fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenKey(..)")
    }
}

fn decode_key(bytes: &[u8]) -> Result<TokenKey, AuthError> {
    let text = String::from_utf8_lossy(bytes);
    let raw = base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .map_err(|e| AuthError::Damaged {
            file: "auth/token.key",
            why: format!("{e}; delete it to make a new key (issued tokens stop working)"),
        })?;
    if raw.len() < 32 {
        return Err(AuthError::Damaged {
            file: "auth/token.key",
            why: "key shorter than 32 bytes; delete it to make a new one".into(),
        });
    }
    Ok(TokenKey(raw))
}

impl TokenKey {
    /// Reads the key if one was made.
    pub fn load(store: &Store) -> Result<Option<TokenKey>, AuthError> {
        store
            .read_auth_file(AuthFile::TokenKey)?
            .map(|b| decode_key(&b))
            .transpose()
    }

    /// Reads the key, making and storing one if there is none yet.
    pub fn load_or_create(store: &Store) -> Result<TokenKey, AuthError> {
        if let Some(k) = Self::load(store)? {
            return Ok(k);
        }
        let _lock = store.auth_lock()?;
        // Another process may have made it while we waited for the lock.
        if let Some(k) = Self::load(store)? {
            return Ok(k);
        }
        let mut raw = vec![0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut raw);
        let text = base64::engine::general_purpose::STANDARD.encode(&raw) + "\n";
        store.write_auth_file(AuthFile::TokenKey, text.as_bytes())?;
        tracing::info!("made a new token signing key in auth/token.key");
        Ok(TokenKey(raw))
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
}

impl Claims {
    /// The user, or `None` for an anonymous token.
    pub fn user(&self) -> Option<&str> {
        (!self.sub.is_empty()).then_some(self.sub.as_str())
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

/// Signs a token for `user` (`None`: anonymous) carrying `access`.
pub fn issue(
    key: &TokenKey,
    user: Option<&str>,
    access: Vec<ResourceActions>,
) -> Result<(String, Claims), AuthError> {
    let now = unix_now();
    let claims = Claims {
        iss: SERVICE.to_string(),
        sub: user.unwrap_or_default().to_string(),
        aud: SERVICE.to_string(),
        exp: now + TOKEN_TTL_SECS,
        nbf: now.saturating_sub(LEEWAY_SECS),
        iat: now,
        jti: uuid::Uuid::new_v4().simple().to_string(),
        access,
    };
    let token = jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(&key.0),
    )
    .map_err(|e| AuthError::Token(e.to_string()))?;
    Ok((token, claims))
}

/// Checks a token's signature (HS256 only), expiry, audience and issuer.
pub fn verify(key: &TokenKey, token: &str) -> Result<Claims, AuthError> {
    let mut v = Validation::new(Algorithm::HS256);
    v.leeway = LEEWAY_SECS;
    v.validate_nbf = true;
    v.set_audience(&[SERVICE]);
    v.set_issuer(&[SERVICE]);
    v.set_required_spec_claims(&["exp", "nbf", "aud", "iss", "sub"]);
    jsonwebtoken::decode::<Claims>(token, &DecodingKey::from_secret(&key.0), &v)
        .map(|d| d.claims)
        .map_err(|e| AuthError::Token(e.to_string()))
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
        assert_eq!(parse_scope("registry:catalog:*"), Scope::Other);
        assert_eq!(parse_scope("garbage"), Scope::Other);
    }

    #[test]
    fn sign_and_verify() {
        let key = TokenKey(vec![7; 32]);
        let access = vec![ResourceActions {
            kind: "repository".into(),
            name: "acme/app".into(),
            actions: vec!["pull".into()],
        }];
        let (t, _) = issue(&key, Some("alice"), access).unwrap();
        let c = verify(&key, &t).unwrap();
        assert_eq!(c.user(), Some("alice"));
        assert_eq!(c.repo_actions("acme/app"), ActionSet::of(Action::Pull));
        assert!(verify(&TokenKey(vec![8; 32]), &t).is_err());
    }
}
