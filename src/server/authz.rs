//! Enforcement of access control: who is calling (Basic credentials, a bearer token or
//! nobody), whether the route allows it, the `WWW-Authenticate` challenges, and the
//! token endpoint (`GET /token`).
//!
//! Every decision is made from the route, the method and the caller alone, before any
//! storage lookup: a caller without pull on a repository gets the same answer whether
//! or not it exists. Unauthenticated callers get 401 with a challenge; signed-in
//! callers that the rules refuse get 403 `DENIED`. A bearer token limits a caller to
//! the scopes it carries *and* the rules in force now, so revoking a grant takes
//! effect at once, not when the token expires.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde_json::json;

use super::routes::Route;
use super::{ApiError, App, Code, Query, Req};
use crate::auth::token::{self, Claims, ResourceActions, Scope};
use crate::auth::{Action, ActionSet, Snapshot};
use crate::config::AuthMode;
use crate::oci::RepoName;

/// How the server challenges and names its token endpoint.
#[derive(Debug, Clone, Default)]
pub struct AuthConfig {
    /// The challenge style.
    pub mode: AuthMode,
    /// The token endpoint URL put in Bearer challenges. `None`: built from the
    /// request's `Host` (set it when a proxy fronts the registry).
    pub realm: Option<String>,
    /// The listener speaks TLS: the default realm uses `https://`.
    pub https: bool,
}

/// What the caller may do, decided once per request.
#[derive(Clone)]
pub(crate) struct Access {
    /// `None` when access control is off (no users): everything is allowed.
    snap: Option<Arc<Snapshot>>,
    /// The signed-in user; `None` for anonymous callers.
    user: Option<String>,
    /// The bearer token's claims, when the caller presented one.
    token: Option<Claims>,
}

impl Access {
    /// Access when access control is off.
    pub(crate) fn open() -> Access {
        Access {
            snap: None,
            user: None,
            token: None,
        }
    }

    /// Whether the rules (ignoring any token's scope) allow `action` on `repo`.
    fn rules_allow(&self, repo: &RepoName, action: Action) -> bool {
        match &self.snap {
            None => true,
            Some(s) => s.allows(self.user.as_deref(), repo.as_str(), action),
        }
    }

    /// Whether the caller may do `action` to `repo`: the rules allow it and, with a
    /// bearer token, the token carries it (decided by `Snapshot::allows_with_token`).
    pub(crate) fn may(&self, repo: &RepoName, action: Action) -> bool {
        match &self.snap {
            None => true,
            Some(s) => s.allows_with_token(
                self.user.as_deref(),
                self.token.as_ref(),
                repo.as_str(),
                action,
            ),
        }
    }

    /// The signed-in user, if any (for the access log).
    pub(crate) fn user(&self) -> Option<&str> {
        self.user.as_deref()
    }

    /// Whether `_catalog` may list `repo` (the caller's pull rights, whatever a
    /// token's repository scopes are).
    pub(crate) fn may_list(&self, repo: &RepoName) -> bool {
        self.rules_allow(repo, Action::Pull)
    }
}

/// The action a request needs: GET/HEAD pull, POST/PATCH/PUT push, DELETE delete;
/// everything on an upload session (including its status and cancel) is part of a
/// push and needs push. Other methods get 405 from the handler without touching
/// storage; pull is asked.
pub(crate) fn action_for(route: &Route, m: &Method) -> Action {
    if matches!(route, Route::UploadStart(_) | Route::Upload(..)) {
        return Action::Push;
    }
    match *m {
        Method::POST | Method::PATCH | Method::PUT => Action::Push,
        Method::DELETE => Action::Delete,
        _ => Action::Pull,
    }
}

/// The scope a challenge names for an action (push asks for pull too, as docker does).
fn scope_actions(a: Action) -> &'static str {
    match a {
        Action::Pull => "pull",
        Action::Push => "pull,push",
        Action::Delete => "delete",
    }
}

/// Decides a request. Returns the caller's access (for catalog filtering), or the
/// 401/403 to answer. A cross-repository mount whose source the caller may not pull
/// has its `mount`/`from` parameters dropped, so it becomes a plain upload session.
pub(crate) async fn check(app: &App, route: &Route, req: &mut Req) -> Result<Access, ApiError> {
    let snap = app.gate().snapshot();
    if !snap.enabled {
        return Ok(Access::open());
    }
    let (user, token) = authenticate(app, &snap, &req.headers).await?;
    let access = Access {
        snap: Some(snap),
        user,
        token,
    };
    let Some(repo) = route.repo() else {
        return match route {
            // `/v2/` says whether the credentials are good: without any, challenge.
            Route::Base if access.user.is_none() && access.token.is_none() => {
                Err(challenge(app, &req.headers, None, None))
            }
            _ => Ok(access),
        };
    };
    let action = action_for(route, &req.method);
    if matches!(route, Route::UploadStart(_)) && req.query.get("mount").is_some() {
        let from_ok = req
            .query
            .get("from")
            .and_then(|f| RepoName::parse(f).ok())
            .is_some_and(|from| access.may(&from, Action::Pull));
        if !from_ok {
            req.query.remove("mount");
            req.query.remove("from");
        }
    }
    if access.may(repo, action) {
        return Ok(access);
    }
    let scope = format!("repository:{repo}:{}", scope_actions(action));
    if access.user.is_none() {
        let err = access.token.as_ref().map(|_| "insufficient_scope");
        return Err(challenge(app, &req.headers, Some(&scope), err));
    }
    if access.token.is_some() && access.rules_allow(repo, action) {
        // The rules allow it but this token was issued for other scopes: ask the
        // client to fetch a token for this one.
        return Err(challenge(
            app,
            &req.headers,
            Some(&scope),
            Some("insufficient_scope"),
        ));
    }
    Err(ApiError::new(
        StatusCode::FORBIDDEN,
        Code::Denied,
        "requested access to the resource is denied",
    )
    .detail(json!([{ "Type": "repository", "Name": repo.as_str(), "Action": action.as_str() }])))
}

/// Credentials in an `Authorization` header.
enum Credentials {
    None,
    Basic(String, String),
    Bearer(String),
    Unusable,
}

fn credentials(headers: &HeaderMap) -> Credentials {
    let Some(v) = headers.get("authorization") else {
        return Credentials::None;
    };
    let Ok(v) = v.to_str() else {
        return Credentials::Unusable;
    };
    let (scheme, rest) = v.trim().split_once(' ').unwrap_or((v, ""));
    let rest = rest.trim();
    if scheme.eq_ignore_ascii_case("basic") {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(rest)
            .ok()
            .and_then(|b| String::from_utf8(b).ok());
        match decoded.as_deref().and_then(|s| s.split_once(':')) {
            // Some clients (containers/image with --no-creds) answer a Basic challenge
            // with an empty user name: that is an anonymous caller.
            Some(("", _)) => Credentials::None,
            Some((u, p)) => Credentials::Basic(u.to_string(), p.to_string()),
            None => Credentials::Unusable,
        }
    } else if scheme.eq_ignore_ascii_case("bearer") && !rest.is_empty() {
        Credentials::Bearer(rest.to_string())
    } else {
        Credentials::Unusable
    }
}

/// Checks a user name and password: from the cache, else with argon2 on the blocking
/// pool, a few at a time so that a flood of wrong passwords cannot take every thread.
async fn verify_basic(app: &App, snap: &Arc<Snapshot>, user: String, password: String) -> bool {
    let gate = app.gate();
    if gate.cached(snap, &user, &password) {
        return true;
    }
    let Ok(_permit) = app.inner.hash_slots.acquire().await else {
        return false;
    };
    let (app2, snap2) = (app.clone(), snap.clone());
    tokio::task::spawn_blocking(move || app2.gate().verify(&snap2, &user, &password))
        .await
        .unwrap_or(false)
}

/// Who the caller is: `(user, token claims)`. Bad credentials are a 401.
async fn authenticate(
    app: &App,
    snap: &Arc<Snapshot>,
    headers: &HeaderMap,
) -> Result<(Option<String>, Option<Claims>), ApiError> {
    match credentials(headers) {
        Credentials::None => Ok((None, None)),
        Credentials::Basic(u, p) => {
            if verify_basic(app, snap, u.clone(), p).await {
                Ok((Some(u), None))
            } else {
                tracing::info!(user = %u, "refused a wrong user name or password");
                Err(challenge(app, headers, None, None)
                    .with_message("invalid user name or password"))
            }
        }
        Credentials::Bearer(t) => {
            let claims = verify_token(app, &t).await.map_err(|why| {
                tracing::info!(%why, "refused a bearer token");
                challenge(app, headers, None, Some("invalid_token"))
                    .with_message("invalid or expired token; request a new one")
            })?;
            match claims.user() {
                Some(u) if !snap.has_user(u) => {
                    Err(challenge(app, headers, None, Some("invalid_token"))
                        .with_message("the token's user no longer exists"))
                }
                u => Ok((u.map(str::to_string), Some(claims))),
            }
        }
        Credentials::Unusable => Err(challenge(app, headers, None, None)
            .with_message("unusable Authorization header: use Basic or Bearer")),
    }
}

async fn verify_token(app: &App, token: &str) -> Result<Claims, String> {
    let key = match app.gate().token_key_cached() {
        Some(k) => k,
        None => {
            let app2 = app.clone();
            tokio::task::spawn_blocking(move || app2.gate().token_key(false))
                .await
                .map_err(|e| e.to_string())?
                .map_err(|e| e.to_string())?
                .ok_or("no token was ever issued by this registry")?
        }
    };
    token::verify(&key, token).map_err(|e| e.to_string())
}

fn quote(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// The token endpoint's URL for Bearer challenges.
fn realm(app: &App, headers: &HeaderMap) -> String {
    if let Some(r) = &app.auth_config().realm {
        return r.clone();
    }
    let host = headers
        .get("host")
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let scheme = if app.auth_config().https {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}/token")
}

/// A 401 with the configured challenge.
fn challenge(app: &App, headers: &HeaderMap, scope: Option<&str>, error: Option<&str>) -> ApiError {
    let value = match app.auth_config().mode {
        AuthMode::Basic => "Basic realm=\"registryctl\"".to_string(),
        AuthMode::Bearer => {
            let mut v = format!(
                "Bearer realm=\"{}\",service=\"{}\"",
                quote(&realm(app, headers)),
                token::SERVICE
            );
            if let Some(s) = scope {
                v.push_str(&format!(",scope=\"{}\"", quote(s)));
            }
            if let Some(e) = error {
                v.push_str(&format!(",error=\"{e}\""));
            }
            v
        }
    };
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        Code::Unauthorized,
        "authentication required",
    )
    .header("www-authenticate", value)
}

/// `GET /token?service=registryctl&scope=repository:acme/app:pull,push[&scope=...]`,
/// optionally with Basic credentials: a signed token carrying exactly the requested
/// actions the rules allow the caller (anonymous callers get anonymous grants).
pub(crate) async fn token_endpoint(State(app): State<App>, req: Request) -> Response {
    match issue_token(&app, req).await {
        Ok(r) => r,
        Err(e) => e.into_response(),
    }
}

async fn issue_token(app: &App, req: Request) -> Result<Response, ApiError> {
    if req.method() != Method::GET {
        return Err(ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            Code::Unsupported,
            "use GET for the token endpoint",
        ));
    }
    let query = Query::from_uri(req.uri());
    let snap = app.gate().snapshot();
    let user = match credentials(req.headers()) {
        Credentials::None => None,
        Credentials::Basic(u, p) => {
            if !verify_basic(app, &snap, u.clone(), p).await {
                tracing::info!(user = %u, "token request with a wrong user name or password");
                return Err(ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    Code::Unauthorized,
                    "invalid user name or password",
                )
                .header("www-authenticate", "Basic realm=\"registryctl\""));
            }
            Some(u)
        }
        _ => {
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                Code::Unauthorized,
                "the token endpoint takes Basic credentials or none",
            )
            .header("www-authenticate", "Basic realm=\"registryctl\""))
        }
    };
    let mut granted: Vec<(RepoName, ActionSet)> = Vec::new();
    for scope in query.get_all("scope").flat_map(str::split_whitespace) {
        let Scope::Repository(repo, wanted) = token::parse_scope(scope) else {
            continue;
        };
        let mut ok = ActionSet::EMPTY;
        for a in wanted.iter() {
            if snap.allows(user.as_deref(), repo.as_str(), a) {
                ok.insert(a);
            }
        }
        match granted.iter_mut().find(|(r, _)| r == &repo) {
            Some((_, set)) => *set = set.union(ok),
            None => granted.push((repo, ok)),
        }
    }
    let access: Vec<ResourceActions> = granted
        .into_iter()
        .filter(|(_, set)| !set.is_empty())
        .map(|(repo, set)| ResourceActions {
            kind: "repository".into(),
            name: repo.as_str().to_string(),
            actions: set.names().into_iter().map(String::from).collect(),
        })
        .collect();
    let app2 = app.clone();
    let key = tokio::task::spawn_blocking(move || app2.gate().token_key(true))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?
        .ok_or_else(|| ApiError::internal("no token key"))?;
    let (jwt, claims) = token::issue(&key, user.as_deref(), access).map_err(ApiError::internal)?;
    tracing::debug!(
        user = user.as_deref().unwrap_or("anonymous"),
        access = ?claims.access,
        "issued a token"
    );
    let issued_at = humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string();
    let body = json!({
        "token": jwt,
        "access_token": jwt,
        "expires_in": token::TOKEN_TTL_SECS,
        "issued_at": issued_at,
    });
    Ok((
        StatusCode::OK,
        [("content-type", "application/json")],
        body.to_string(),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_per_route_and_method() {
        let r = RepoName::parse("a/b").unwrap();
        let m = Route::Manifest(r.clone(), "v1".into());
        assert_eq!(action_for(&m, &Method::GET), Action::Pull);
        assert_eq!(action_for(&m, &Method::HEAD), Action::Pull);
        assert_eq!(action_for(&m, &Method::PUT), Action::Push);
        assert_eq!(action_for(&m, &Method::DELETE), Action::Delete);
        let b = Route::Blob(r.clone(), "sha256:x".into());
        assert_eq!(action_for(&b, &Method::DELETE), Action::Delete);
        let u = Route::Upload(r.clone(), "id".into());
        assert_eq!(action_for(&u, &Method::GET), Action::Push);
        assert_eq!(action_for(&u, &Method::DELETE), Action::Push);
        assert_eq!(
            action_for(&Route::UploadStart(r), &Method::POST),
            Action::Push
        );
    }

    #[test]
    fn basic_credentials_parse() {
        let mut h = HeaderMap::new();
        h.insert("authorization", "Basic YWxpY2U6cDpx".parse().unwrap()); // alice:p:q
        assert!(matches!(credentials(&h), Credentials::Basic(u, p) if u == "alice" && p == "p:q"));
        h.insert("authorization", "Basic Og==".parse().unwrap()); // ":"
        assert!(matches!(credentials(&h), Credentials::None));
        h.insert("authorization", "bearer abc".parse().unwrap());
        assert!(matches!(credentials(&h), Credentials::Bearer(t) if t == "abc"));
        h.insert("authorization", "Digest x".parse().unwrap());
        assert!(matches!(credentials(&h), Credentials::Unusable));
    }
}
