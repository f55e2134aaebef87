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

use std::net::IpAddr;
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
    let (user, token) = authenticate(app, &snap, &req.headers, req.client).await?;
    let access = Access {
        snap: Some(snap),
        user,
        token,
    };
    let anonymous = access.user.is_none() && access.token.is_none();
    let Some(repo) = route.repo() else {
        return match route {
            // `/v2/` says whether the credentials are good: without any, challenge.
            Route::Base if anonymous => Err(challenge(app, &req.headers, None, None)),
            // The catalog is filtered by the caller's rights: a caller that sent
            // nothing is challenged, so that clients which sign in only when asked
            // see what their user may pull. Any valid token lists what its user (or
            // anonymous) may pull; so does an empty Basic user name, which is how
            // clients answer a Basic challenge anonymously.
            Route::Catalog if anonymous && !req.headers.contains_key("authorization") => {
                Err(challenge(app, &req.headers, Some(CATALOG_SCOPE), None))
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
    let Some(user) = access.user.as_deref() else {
        let err = access.token.as_ref().map(|_| "insufficient_scope");
        return Err(challenge(app, &req.headers, Some(&scope), err));
    };
    // From here the caller is signed in: the access log names the user it refuses.
    if access.token.is_some() && access.rules_allow(repo, action) {
        // The rules allow it but this token was issued for other scopes: ask the
        // client to fetch a token for this one.
        return Err(
            challenge(app, &req.headers, Some(&scope), Some("insufficient_scope")).for_user(user),
        );
    }
    Err(ApiError::new(
        StatusCode::FORBIDDEN,
        Code::Denied,
        "requested access to the resource is denied",
    )
    .detail(json!([{ "Type": "repository", "Name": repo.as_str(), "Action": action.as_str() }]))
    .for_user(user))
}

/// The scope a challenge for `GET /v2/_catalog` names.
const CATALOG_SCOPE: &str = "registry:catalog:*";

/// The scope a token needs for `/metrics` on the API listener.
const METRICS_SCOPE: &str = "registry:metrics:*";

/// With access control on, only members of this group may read `/metrics` on the API
/// listener (a separate `--metrics-listen` listener is not checked).
pub const METRICS_GROUP: &str = "metrics";

fn may_read_metrics(snap: &Snapshot, user: &str) -> bool {
    snap.policy.subject_applies(
        &crate::auth::Subject::Group(METRICS_GROUP.into()),
        Some(user),
    )
}

/// Decides a `/metrics` request on the API listener: open while access control is
/// off; then a signed-in member of [`METRICS_GROUP`] (Basic, or a token carrying
/// `registry:metrics:*`), else 401 with a challenge or 403 `DENIED`.
pub(crate) async fn check_metrics(
    app: &App,
    headers: &HeaderMap,
    client: Option<IpAddr>,
) -> Result<(), ApiError> {
    let snap = app.gate().snapshot();
    if !snap.enabled {
        return Ok(());
    }
    let (user, token) = authenticate(app, &snap, headers, client).await?;
    let Some(user) = user else {
        let err = token.as_ref().map(|_| "insufficient_scope");
        return Err(challenge(app, headers, Some(METRICS_SCOPE), err));
    };
    if !may_read_metrics(&snap, &user) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            Code::Denied,
            format!("/metrics needs a member of the group {METRICS_GROUP} (or --metrics-listen)"),
        )
        .for_user(&user));
    }
    let carries = |c: &Claims| {
        c.access
            .iter()
            .any(|ra| ra.kind == "registry" && ra.name == "metrics")
    };
    if token.as_ref().is_some_and(|c| !carries(c)) {
        return Err(challenge(
            app,
            headers,
            Some(METRICS_SCOPE),
            Some("insufficient_scope"),
        )
        .for_user(&user));
    }
    Ok(())
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

/// Checks a user name and password from `client`, under the failed-login throttle
/// (`Err`: 429, not checked; see [`crate::auth::throttle`]).
async fn verify_basic(
    app: &App,
    snap: &Arc<Snapshot>,
    user: String,
    password: String,
    client: Option<IpAddr>,
) -> Result<bool, ApiError> {
    let attempt = app.throttle().attempt(&user, client).map_err(|t| {
        tracing::info!(user = %user.escape_debug(), client = ?client, retry_after_s = t.retry_after_secs(), "throttled a login after too many wrong passwords");
        ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            Code::TooManyRequests,
            format!(
                "too many failed logins from this address; retry in {} s",
                t.retry_after_secs()
            ),
        )
        .header("retry-after", t.retry_after_secs().to_string())
    })?;
    let ok = check_password(app, snap, user, password).await;
    attempt.finish(ok);
    Ok(ok)
}

/// Checks a user name and password: from the cache, else with argon2 on the blocking
/// pool, a few at a time so that a flood of wrong passwords cannot take every thread.
async fn check_password(app: &App, snap: &Arc<Snapshot>, user: String, password: String) -> bool {
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

/// Checks a user name and secret: a robot's (a hash and a map lookup, see
/// `crate::auth::robots`), else a user's password ([`verify_basic`]). Returns the
/// caller id (the user name, or `robot:NAME`), or what to tell a refused client (never
/// the secret). Every way in with a password comes through here.
async fn sign_in(
    app: &App,
    snap: &Arc<Snapshot>,
    user: &str,
    password: &str,
    client: Option<IpAddr>,
) -> Result<Result<String, String>, ApiError> {
    // Robot secrets are 256 random bits: guessing them needs no throttle.
    if let Some(robot) = snap.robot_login(user, password) {
        if let Err(why) = &robot {
            tracing::info!(user = %user.escape_debug(), why = %why, "refused robot credentials");
        }
        return Ok(robot);
    }
    // Passwords are throttled per (user, address) and per address (429 beyond).
    if verify_basic(app, snap, user.to_string(), password.to_string(), client).await? {
        Ok(Ok(user.to_string()))
    } else {
        tracing::info!(user = %user.escape_debug(), "refused a wrong user name or password");
        Ok(Err("invalid user name or password".to_string()))
    }
}

/// Who the caller is: `(user, token claims)`. Bad credentials are a 401.
async fn authenticate(
    app: &App,
    snap: &Arc<Snapshot>,
    headers: &HeaderMap,
    client: Option<IpAddr>,
) -> Result<(Option<String>, Option<Claims>), ApiError> {
    match credentials(headers) {
        Credentials::None => Ok((None, None)),
        Credentials::Basic(u, p) => match sign_in(app, snap, &u, &p, client).await? {
            Ok(caller) => Ok((Some(caller), None)),
            Err(why) => Err(challenge(app, headers, None, None).with_message(why)),
        },
        Credentials::Bearer(t) => {
            let claims = verify_token(app, &t).await.map_err(|why| {
                // The reason may quote parts of the (client-made) token.
                tracing::info!(why = %why.escape_debug(), "refused a bearer token");
                challenge(app, headers, None, Some("invalid_token"))
                    .with_message("invalid or expired token; request a new one")
            })?;
            if !snap.token_is_current(&claims) {
                return Err(challenge(app, headers, None, Some("invalid_token")).with_message(
                    "the token's user no longer exists or has a new password (or its robot was removed, rotated or expired); request a new token",
                ));
            }
            Ok((claims.user().map(str::to_string), Some(claims)))
        }
        Credentials::Unusable => Err(challenge(app, headers, None, None)
            .with_message("unusable Authorization header: use Basic or Bearer")),
    }
}

/// Checks a token against the key in force (kept current by the auth refresher; no
/// I/O unless the token names a key this server has not seen yet).
async fn verify_token(app: &App, token: &str) -> Result<Claims, String> {
    let key = key_for_token(app, token)
        .await
        .ok_or("no token signing key is in force (none made yet, or auth/token.key was removed)")?;
    token::verify(&key, token).map_err(|e| e.to_string())
}

/// The key to check `token` with ([`crate::auth::state::Gate::key_for`]): the one in
/// memory, or, when the token names another key (just made or rotated by another
/// server of the store), the store's, read on a blocking thread.
async fn key_for_token(app: &App, token: &str) -> Option<crate::auth::token::TokenKey> {
    let kid = jsonwebtoken::decode_header(token).ok().and_then(|h| h.kid);
    let cached = app.gate().token_key_cached();
    match (&cached, &kid) {
        (Some(k), Some(kid)) if k.kid() != kid => {}
        (None, Some(_)) => {}
        _ => return cached,
    }
    let app = app.clone();
    tokio::task::spawn_blocking(move || app.gate().key_for(kid.as_deref()))
        .await
        .unwrap_or(cached)
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

/// The largest `POST /token` form accepted.
const MAX_TOKEN_FORM: usize = 64 * 1024;

/// The token endpoint.
///
/// - `GET /token?service=registryctl&scope=repository:acme/app:pull,push[&scope=...]
///   [&offline_token=true]`, optionally with Basic credentials (the docker token
///   spec);
/// - `POST /token` with a form body (the OAuth2 form of the spec, which containerd
///   tries first): `grant_type=password&username=U&password=P` or
///   `grant_type=refresh_token&refresh_token=T`, plus `service`, `scope`
///   (space-separated) and `access_type=offline` for a refresh token.
///
/// Either way the token carries exactly the requested actions the rules allow the
/// caller (anonymous callers get anonymous grants); `registry:catalog:*` is granted
/// to everyone, as the catalog lists only what the caller may pull.
pub(crate) async fn token_endpoint(State(app): State<App>, req: Request) -> Response {
    let result = match *req.method() {
        Method::GET => issue_token(&app, req).await,
        Method::POST => oauth_token(&app, req).await,
        _ => Err(ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            Code::Unsupported,
            "use GET or POST for the token endpoint",
        )),
    };
    match result {
        Ok(r) => r,
        Err(e) => e.into_response(),
    }
}

/// The granted subset of the requested scopes, as a token's `access` claim.
fn grant<'a>(
    snap: &Snapshot,
    user: Option<&str>,
    scopes: impl Iterator<Item = &'a str>,
) -> Vec<ResourceActions> {
    let mut granted: Vec<(RepoName, ActionSet)> = Vec::new();
    let mut catalog = false;
    let mut metrics = false;
    for scope in scopes.flat_map(str::split_whitespace) {
        if scope == METRICS_SCOPE {
            metrics |= user.is_some_and(|u| may_read_metrics(snap, u));
            continue;
        }
        let (repo, wanted) = match token::parse_scope(scope) {
            Scope::Repository(repo, wanted) => (repo, wanted),
            Scope::Catalog => {
                catalog = true;
                continue;
            }
            Scope::Other => continue,
        };
        let mut ok = ActionSet::EMPTY;
        for a in wanted.iter() {
            if snap.allows(user, repo.as_str(), a) {
                ok.insert(a);
            }
        }
        match granted.iter_mut().find(|(r, _)| r == &repo) {
            Some((_, set)) => *set = set.union(ok),
            None => granted.push((repo, ok)),
        }
    }
    let mut access: Vec<ResourceActions> = granted
        .into_iter()
        .filter(|(_, set)| !set.is_empty())
        .map(|(repo, set)| ResourceActions {
            kind: "repository".into(),
            name: repo.as_str().to_string(),
            actions: set.names().into_iter().map(String::from).collect(),
        })
        .collect();
    for (granted, name) in [(catalog, "catalog"), (metrics, "metrics")] {
        if granted {
            access.push(ResourceActions {
                kind: "registry".into(),
                name: name.into(),
                actions: vec!["*".into()],
            });
        }
    }
    access
}

/// An issued token, ready to be answered.
struct Issued {
    jwt: String,
    claims: Claims,
    refresh: Option<String>,
}

/// Signs an access token (and with `offline`, a refresh token) for `user`.
async fn sign_for(
    app: &App,
    snap: &Snapshot,
    user: Option<&str>,
    scopes: Vec<String>,
    offline: bool,
) -> Result<Issued, ApiError> {
    let who = user.and_then(|u| snap.token_user(u));
    if user.is_some() && who.is_none() {
        // Never a token without its user for what that user may do.
        return Err(ApiError::internal(
            "token requested for a user the rules do not know",
        ));
    }
    let access = grant(snap, user, scopes.iter().map(String::as_str));
    let app2 = app.clone();
    let key = tokio::task::spawn_blocking(move || app2.gate().signing_key())
        .await
        .map_err(ApiError::internal)?
        .map_err(|e| {
            if app.options().read_only {
                // The first token request makes the key, which is a write.
                tracing::warn!(error = %e, "no token signing key, and a read-only server makes none");
                ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    Code::Unsupported,
                    "this read-only registry has no token signing key and cannot make one (run `registryctl token rotate` on its store); Basic credentials work meanwhile",
                )
            } else {
                ApiError::internal(e)
            }
        })?;
    let (jwt, claims) = token::issue(&key, who, access).map_err(ApiError::internal)?;
    let refresh = match who {
        Some(u) if offline => Some(token::issue_refresh(&key, u).map_err(ApiError::internal)?),
        _ => None,
    };
    tracing::debug!(
        user = user.unwrap_or("anonymous"),
        access = ?claims.access,
        "issued a token"
    );
    Ok(Issued {
        jwt,
        claims,
        refresh,
    })
}

fn issued_at(claims: &Claims) -> String {
    let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(claims.iat);
    humantime::format_rfc3339_seconds(t).to_string()
}

fn json_response(status: StatusCode, body: serde_json::Value) -> Response {
    (
        status,
        [
            ("content-type", "application/json"),
            ("cache-control", "no-store"),
        ],
        body.to_string(),
    )
        .into_response()
}

async fn issue_token(app: &App, req: Request) -> Result<Response, ApiError> {
    let query = Query::from_uri(req.uri());
    let snap = app.gate().snapshot();
    let client = client_of(&req);
    let user = match credentials(req.headers()) {
        Credentials::None => None,
        Credentials::Basic(u, p) => match sign_in(app, &snap, &u, &p, client).await? {
            Ok(caller) => Some(caller),
            Err(why) => {
                return Err(
                    ApiError::new(StatusCode::UNAUTHORIZED, Code::Unauthorized, why)
                        .header("www-authenticate", "Basic realm=\"registryctl\""),
                )
            }
        },
        _ => {
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                Code::Unauthorized,
                "the token endpoint takes Basic credentials or none",
            )
            .header("www-authenticate", "Basic realm=\"registryctl\""))
        }
    };
    let scopes = query.get_all("scope").map(str::to_string).collect();
    let offline = query.get("offline_token") == Some("true");
    let t = sign_for(app, &snap, user.as_deref(), scopes, offline).await?;
    let mut body = json!({
        "token": t.jwt,
        "access_token": t.jwt,
        "expires_in": token::TOKEN_TTL_SECS,
        "issued_at": issued_at(&t.claims),
    });
    if let Some(r) = t.refresh {
        body["refresh_token"] = json!(r);
    }
    Ok(json_response(StatusCode::OK, body))
}

/// The address a request came from, if it came over a connection.
fn client_of(req: &Request) -> Option<IpAddr> {
    req.extensions()
        .get::<super::listen::ClientAddr>()
        .map(|c| c.0)
}

/// An OAuth2 error answer (RFC 6749 section 5.2).
fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    json_response(
        status,
        json!({ "error": error, "error_description": description }),
    )
}

/// `POST /token`: the OAuth2 password and refresh-token grants.
async fn oauth_token(app: &App, req: Request) -> Result<Response, ApiError> {
    let bad = |error: &str, why: &str| Ok(oauth_error(StatusCode::BAD_REQUEST, error, why));
    let client = client_of(&req);
    let Ok(body) = axum::body::to_bytes(req.into_body(), MAX_TOKEN_FORM).await else {
        return bad(
            "invalid_request",
            "the form is unreadable or larger than 64 KiB",
        );
    };
    let form: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
    let field = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    };
    let snap = app.gate().snapshot();
    let (user, offline) = match field("grant_type") {
        Some("password") => {
            let (Some(u), Some(p)) = (field("username"), field("password")) else {
                return bad(
                    "invalid_request",
                    "the password grant needs username and password",
                );
            };
            match sign_in(app, &snap, u, p, client).await? {
                Ok(caller) => (caller, field("access_type") == Some("offline")),
                Err(why) => return bad("invalid_grant", &why),
            }
        }
        Some("refresh_token") => {
            let Some(t) = field("refresh_token") else {
                return bad(
                    "invalid_request",
                    "the refresh_token grant needs refresh_token",
                );
            };
            let claims = key_for_token(app, t)
                .await
                .ok_or_else(|| "no token signing key is in force".to_string())
                .and_then(|k| token::verify_refresh(&k, t).map_err(|e| e.to_string()));
            match claims {
                Ok(c) if snap.token_is_current(&c) => (c.sub, false),
                Ok(_) => {
                    return bad(
                        "invalid_grant",
                        "the refresh token's user no longer exists or has a new password (or its robot was removed, rotated or expired)",
                    )
                }
                Err(why) => {
                    tracing::info!(why = %why.escape_debug(), "refused a refresh token");
                    return bad("invalid_grant", "invalid or expired refresh token");
                }
            }
        }
        Some(_) => {
            return bad(
                "unsupported_grant_type",
                "grant_type must be password or refresh_token",
            )
        }
        None => return bad("invalid_request", "grant_type is missing"),
    };
    let scopes: Vec<String> = form
        .iter()
        .filter(|(k, _)| k == "scope")
        .map(|(_, v)| v.clone())
        .collect();
    let t = sign_for(app, &snap, Some(&user), scopes, offline).await?;
    let granted: Vec<String> = t
        .claims
        .access
        .iter()
        .map(|ra| format!("{}:{}:{}", ra.kind, ra.name, ra.actions.join(",")))
        .collect();
    let mut body = json!({
        "access_token": t.jwt,
        "expires_in": token::TOKEN_TTL_SECS,
        "issued_at": issued_at(&t.claims),
        "scope": granted.join(" "),
    });
    if let Some(r) = t.refresh {
        body["refresh_token"] = json!(r);
    }
    Ok(json_response(StatusCode::OK, body))
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
