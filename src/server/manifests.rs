//! Manifest endpoints: `GET`/`HEAD` (end-3), `PUT` (end-7) and `DELETE` (end-9).

use axum::body::Body;
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;

use super::{blocking, limits, ApiError, App, Code, Req};
use crate::oci::manifest::{accepts, is_valid_media_type, MAX_MANIFEST_SIZE};
use crate::oci::{media, Digest, Manifest, Reference, RepoName};
use crate::service::{DeleteError, Services};
use crate::storage::quota::QuotaError;
use crate::storage::{ManifestInfo, PutManifestError, TagUpdate};

/// 404 for a manifest, telling an unknown repository from an unknown manifest.
fn manifest_missing(
    services: &Services,
    repo: &RepoName,
    reference: &Reference,
) -> Result<ApiError, ApiError> {
    if !services.tags.repository_exists(repo)? {
        return Ok(ApiError::not_found(
            Code::NameUnknown,
            format!("repository {repo} is not known to this registry"),
        ));
    }
    Ok(ApiError::not_found(
        Code::ManifestUnknown,
        format!("manifest {reference} is unknown to repository {repo}"),
    ))
}

/// Whether a stored type takes part in `Accept` negotiation. Artifacts of other types
/// are served whatever the client asked for: there is nothing else to offer them.
fn negotiated(media_type: &str) -> bool {
    matches!(
        media_type,
        media::OCI_MANIFEST | media::OCI_INDEX | media::DOCKER_MANIFEST | media::DOCKER_LIST
    )
}

/// `GET`/`HEAD /v2/<name>/manifests/<reference>`.
pub(crate) async fn get(
    app: App,
    repo: RepoName,
    reference: String,
    req: Req,
) -> Result<Response, ApiError> {
    // Nothing can be stored under a reference that is neither a tag nor a digest, so
    // asking for one is asking for a manifest that does not exist.
    let reference = Reference::parse(&reference).map_err(|e| {
        ApiError::not_found(
            Code::ManifestUnknown,
            format!("no manifest can have the reference {reference:?}: {e}"),
        )
    })?;
    let head = req.method == Method::HEAD;
    let services = app.services().clone();
    let r2 = reference.clone();
    let found: Result<(Digest, ManifestInfo, Option<Vec<u8>>), ApiError> = blocking(move || {
        let digest = match &r2 {
            Reference::Digest(d) => Some(d.clone()),
            Reference::Tag(t) => services.tags.resolve(&repo, t)?,
        };
        let Some(digest) = digest else {
            return Ok(Err(manifest_missing(&services, &repo, &r2)?));
        };
        if head {
            return Ok(match services.manifests.info(&repo, &digest)? {
                Some(info) => Ok((digest, info, None)),
                None => Err(manifest_missing(&services, &repo, &r2)?),
            });
        }
        Ok(match services.manifests.read(&repo, &digest)? {
            Some((info, body)) => Ok((digest, info, Some(body))),
            None => Err(manifest_missing(&services, &repo, &r2)?),
        })
    })
    .await?;
    let (digest, info, body) = found?;
    let accept: Vec<&str> = req
        .headers
        .get_all("accept")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    if negotiated(&info.media_type) && !accepts(&accept, &info.media_type) {
        return Err(ApiError::not_found(
            Code::ManifestUnknown,
            format!(
                "manifest {reference} is stored as {}, which the request's Accept header does not admit",
                info.media_type
            ),
        ));
    }
    let builder = Response::builder()
        .status(StatusCode::OK)
        .header("content-type", served_type(&info.media_type, &digest))
        .header("content-length", info.size)
        .header("docker-content-digest", digest.to_string())
        .header("etag", format!("\"{digest}\""));
    builder
        .body(body.map(Body::from).unwrap_or_default())
        .map_err(ApiError::unbuildable)
}

/// The `Content-Type` a stored manifest is served with. Pushes validate the type, but
/// a store written by an older version may hold one that is no header value: such a
/// manifest is served as `application/octet-stream` rather than not at all.
fn served_type<'a>(media_type: &'a str, digest: &Digest) -> &'a str {
    if is_valid_media_type(media_type) {
        media_type
    } else {
        tracing::warn!(%digest, media_type = ?media_type, "a stored manifest has an invalid media type; serving it as application/octet-stream");
        "application/octet-stream"
    }
}

/// Reads a manifest body, refusing anything over [`MAX_MANIFEST_SIZE`] without
/// buffering more than the limit. The `413` comes after the rest of the body was read
/// and discarded (within [`super::limits::drain`]'s bounds), so that a client that
/// writes its whole body before reading sees it; beyond those bounds the connection
/// is closed after the answer.
async fn read_limited(req: &Req, body: Body) -> Result<Vec<u8>, ApiError> {
    let too_large = |drained: bool| {
        let e = ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            Code::SizeInvalid,
            format!("manifest exceeds the limit of {MAX_MANIFEST_SIZE} bytes"),
        );
        if drained {
            e
        } else {
            e.header("connection", "close")
        }
    };
    let mut stream = body.into_data_stream();
    if let Some(n) = req
        .content_length()
        .filter(|&n| n > MAX_MANIFEST_SIZE as u64)
    {
        // Read only what a client would send anyway: one waiting for `100 Continue`
        // sends nothing, and one announcing more than the drain takes is cut off.
        let worth = n <= limits::DRAIN_LIMIT && !limits::expects_continue(&req.headers);
        let drained = worth && limits::drain(&mut stream).await;
        return Err(too_large(drained));
    }
    let mut out = Vec::with_capacity(req.content_length().unwrap_or(0) as usize);
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| {
            ApiError::bad_request(Code::ManifestInvalid, format!("reading manifest body: {e}"))
        })?;
        if out.len() + chunk.len() > MAX_MANIFEST_SIZE {
            drop(out);
            let drained = limits::drain(&mut stream).await;
            return Err(too_large(drained));
        }
        out.extend_from_slice(&chunk);
    }
    Ok(out)
}

/// `PUT /v2/<name>/manifests/<reference>`.
pub(crate) async fn put(
    app: App,
    repo: RepoName,
    reference: String,
    req: Req,
    body: Body,
) -> Result<Response, ApiError> {
    let reference = Reference::parse(&reference)?;
    let bytes = read_limited(&req, body).await?;
    let digest = match &reference {
        Reference::Digest(d) => {
            let computed = Digest::of(d.algorithm(), &bytes);
            if &computed != d {
                return Err(ApiError::bad_request(
                    Code::DigestInvalid,
                    format!("manifest body has digest {computed}, not {d}"),
                ));
            }
            computed
        }
        Reference::Tag(_) => Digest::sha256_of(&bytes),
    };
    let content_type = req.header("content-type").unwrap_or("").to_string();
    let manifest = Manifest::parse(&bytes, &content_type)
        .map_err(|e| ApiError::bad_request(Code::ManifestInvalid, e.0))?;
    let subject = manifest.subject.as_ref().map(|s| s.digest.clone());
    let manifests = app.services().manifests.clone();
    let (r2, d2) = (repo.clone(), digest.clone());
    let tag = match reference {
        Reference::Tag(t) => Some(t),
        Reference::Digest(_) => None,
    };
    blocking(move || {
        // Tags move unless the policy service pins them (immutable tags).
        manifests
            .put(&r2, &d2, &bytes, &manifest, tag.as_ref(), TagUpdate::Move)
            .map_err(|e| match e {
                PutManifestError::TagPinned { tag, current, rule } => ApiError::new(
                    StatusCode::FORBIDDEN,
                    Code::Denied,
                    format!(
                        "tag {tag} of {r2} is immutable (rule {}) and points at {}: push under a new tag",
                        rule.as_deref().unwrap_or("?"),
                        current.map_or("a damaged record".to_string(), |d| d.to_string())
                    ),
                ),
                PutManifestError::Unknown(missing) => ApiError::bad_request(
                    Code::ManifestBlobUnknown,
                    format!(
                        "manifest references blobs or manifests not in repository {r2}; push them first"
                    ),
                )
                .detail(serde_json::json!({
                    "missing": missing.iter().map(|d| d.to_string()).collect::<Vec<_>>()
                })),
                PutManifestError::SizeMismatch { .. } => {
                    ApiError::bad_request(Code::ManifestInvalid, e.to_string())
                }
                PutManifestError::Quota(q) => quota_refusal(&r2, q),
                PutManifestError::Store(e) => e.into(),
            })
    })
    .await?;
    let mut resp = (
        StatusCode::CREATED,
        [
            ("location", format!("/v2/{repo}/manifests/{digest}")),
            ("docker-content-digest", digest.to_string()),
            ("content-length", "0".to_string()),
        ],
    )
        .into_response();
    if let Some(s) = subject {
        if let Ok(v) = s.to_string().parse() {
            resp.headers_mut().insert("oci-subject", v);
        }
    }
    Ok(resp)
}

/// The audit entries of deleting `reference`: the tag (with its target), or the
/// manifest (with its size) and every tag pointing at it.
fn deletions_of(
    store: &crate::storage::Store,
    repo: &RepoName,
    reference: &Reference,
) -> Vec<crate::audit::Deletion> {
    use crate::audit::{Deletion, Kind};
    match reference {
        Reference::Tag(t) => {
            let mut d = Deletion::of(Kind::Tag).repo(repo).tag(t);
            d.digest = store
                .resolve_tag(repo, t)
                .ok()
                .flatten()
                .map(|x| x.to_string());
            vec![d]
        }
        Reference::Digest(dg) => {
            let size = store.manifest_info(repo, dg).ok().flatten().map(|i| i.size);
            let mut out = vec![Deletion::of(Kind::Manifest)
                .repo(repo)
                .digest(dg)
                .size(size)];
            for (tag, target) in store.tags_with_targets(repo).unwrap_or_default() {
                if target.as_ref() == Some(dg) {
                    out.push(Deletion::of(Kind::Tag).repo(repo).tag(tag).digest(dg));
                }
            }
            out
        }
    }
}

/// A quota's refusal: `403 DENIED` with the figures, as Harbor answers too. The
/// spec has no quota code; `DENIED` ("access to the resource is denied") is the
/// closest, and `403` tells clients not to retry, where `507` would mean the
/// registry's disk is full. A busy quota lock is `429 TOOMANYREQUESTS`: retry later.
fn quota_refusal(repo: &RepoName, q: QuotaError) -> ApiError {
    match &q {
        QuotaError::Exceeded {
            id,
            repos,
            used,
            limit,
            push,
        } => ApiError::new(
            StatusCode::FORBIDDEN,
            Code::Denied,
            format!("push to {repo} refused: {q}"),
        )
        .detail(serde_json::json!({
            "quota": id, "repos": repos, "used": used, "limit": limit, "push": push
        })),
        QuotaError::Busy { .. } => ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            Code::TooManyRequests,
            format!("push to {repo} not done: {q}"),
        )
        .header("retry-after", "1"),
    }
}

/// `DELETE /v2/<name>/manifests/<reference>`: a tag deletes only the tag; a digest
/// deletes the manifest and every tag pointing at it.
pub(crate) async fn delete(
    app: App,
    repo: RepoName,
    reference: String,
    req: Req,
) -> Result<Response, ApiError> {
    let reference = Reference::parse(&reference)?;
    let services = app.services().clone();
    let store = app.store().clone();
    let user = req.access.user().map(str::to_string);
    blocking(move || {
        // What goes, for the deletion audit log: read just before (a tag moved in
        // between is recorded with the target read here).
        let gone = deletions_of(&store, &repo, &reference);
        // The policy service refuses to remove an immutable tag, directly or with
        // the manifest it points at.
        let deleted = match &reference {
            Reference::Tag(t) => services.tags.delete(&repo, t),
            Reference::Digest(d) => services.manifests.delete(&repo, d),
        };
        match deleted {
            Ok(true) => {
                super::record_deletions(&store, user.as_deref(), gone);
                Ok(())
            }
            Ok(false) => Err(manifest_missing(&services, &repo, &reference)?),
            Err(DeleteError::Pinned { tag, rule }) => Err(ApiError::new(
                StatusCode::FORBIDDEN,
                Code::Denied,
                format!("tag {tag} of {repo} is immutable (rule {rule}): it cannot be deleted"),
            )),
            Err(e @ DeleteError::PolicyUnreadable(_)) => Err(ApiError::internal(e.to_string())),
            Err(DeleteError::Store(e)) => Err(e.into()),
        }
    })
    .await?;
    Ok((StatusCode::ACCEPTED, [("content-length", "0")]).into_response())
}
