//! Content discovery: tag list (end-8), catalog, referrers (end-12).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::{blocking, ApiError, App, Code, Req};
use crate::oci::{media, Digest, RepoName};

/// Largest page served when a client asks for more (the `Link` header points on).
pub const MAX_PAGE: usize = 10_000;

/// One page of a sorted listing and the `Link` to the next one.
struct Page {
    items: Vec<String>,
    next: Option<String>,
}

/// Applies `n` and `last` to a sorted list. `path` is the endpoint for the `Link`.
fn paginate(sorted: Vec<String>, req: &Req, path: &str) -> Result<Page, ApiError> {
    let n = match req.query.get("n") {
        None | Some("") => None,
        Some(v) => Some(v.parse::<usize>().map_err(|_| {
            ApiError::bad_request(
                Code::Unsupported,
                format!("n={v:?} is not a non-negative integer"),
            )
        })?),
    };
    if n == Some(0) {
        return Ok(Page {
            items: Vec::new(),
            next: None,
        });
    }
    let start = match req.query.get("last") {
        Some(last) if !last.is_empty() => sorted.partition_point(|x| x.as_str() <= last),
        _ => 0,
    };
    let limit = n.unwrap_or(usize::MAX).min(MAX_PAGE);
    let rest = &sorted[start.min(sorted.len())..];
    let items: Vec<String> = rest.iter().take(limit).cloned().collect();
    let next = (rest.len() > items.len())
        .then(|| items.last())
        .flatten()
        .map(|last| format!("<{path}?n={limit}&last={last}>; rel=\"next\""));
    Ok(Page { items, next })
}

fn page_response(body: serde_json::Value, next: Option<String>) -> Response {
    let mut resp = (
        StatusCode::OK,
        [("content-type", "application/json")],
        body.to_string(),
    )
        .into_response();
    if let Some(link) = next.and_then(|l| l.parse().ok()) {
        resp.headers_mut().insert("link", link);
    }
    resp
}

/// `GET /v2/<name>/tags/list[?n=&last=]`.
pub(crate) async fn tags(app: App, repo: RepoName, req: Req) -> Result<Response, ApiError> {
    let tags_svc = app.services().tags.clone();
    let r2 = repo.clone();
    let tags = blocking(move || Ok(tags_svc.list(&r2)?)).await?;
    let Some(tags) = tags else {
        return Err(ApiError::not_found(
            Code::NameUnknown,
            format!("repository {repo} is not known to this registry"),
        ));
    };
    let names = tags.into_iter().map(|t| t.as_str().to_string()).collect();
    let page = paginate(names, &req, &format!("/v2/{repo}/tags/list"))?;
    Ok(page_response(
        json!({ "name": repo.as_str(), "tags": page.items }),
        page.next,
    ))
}

/// `GET /v2/_catalog[?n=&last=]`.
pub(crate) async fn catalog(app: App, req: Req) -> Result<Response, ApiError> {
    let tags_svc = app.services().tags.clone();
    let repos = blocking(move || Ok(tags_svc.repositories()?)).await?;
    // Filter before paginating, so pages are full and `last` works on what is visible.
    let names = repos
        .into_iter()
        .filter(|r| req.access.may_list(r))
        .map(|r| r.as_str().to_string())
        .collect();
    let page = paginate(names, &req, "/v2/_catalog")?;
    Ok(page_response(
        json!({ "repositories": page.items }),
        page.next,
    ))
}

/// `GET /v2/<name>/referrers/<digest>[?artifactType=]`: an image index of the
/// manifests whose subject is `digest`. Never 404: an unknown subject has no referrers.
pub(crate) async fn referrers(
    app: App,
    repo: RepoName,
    digest: String,
    req: Req,
) -> Result<Response, ApiError> {
    let subject = Digest::parse(&digest)?;
    let manifests = app.services().manifests.clone();
    let mut list = blocking(move || Ok(manifests.referrers(&repo, &subject)?)).await?;
    let filter = req.query.get("artifactType").filter(|t| !t.is_empty());
    if let Some(t) = filter {
        list.retain(|d| d.artifact_type.as_deref() == Some(t));
    }
    let body = json!({
        "schemaVersion": 2,
        "mediaType": media::OCI_INDEX,
        "manifests": list,
    });
    let mut resp = (
        StatusCode::OK,
        [("content-type", media::OCI_INDEX)],
        body.to_string(),
    )
        .into_response();
    if filter.is_some() {
        resp.headers_mut().insert(
            "oci-filters-applied",
            axum::http::HeaderValue::from_static("artifactType"),
        );
    }
    Ok(resp)
}
