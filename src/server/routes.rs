//! Maps a `/v2/...` path to an endpoint of the distribution spec.
//!
//! Repository names contain `/`, so the endpoint is recognised from the right-hand
//! end of the path and everything before it is the name. The raw (undecoded) path is
//! used: a percent-encoded name is simply invalid, never decoded into something else.

use crate::oci::{NameError, RepoName};

/// The endpoint a request addresses, with its repository name already validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `/v2/` (end-1).
    Base,
    /// `/v2/_catalog`.
    Catalog,
    /// `/v2/<name>/tags/list` (end-8).
    Tags(RepoName),
    /// `/v2/<name>/manifests/<reference>` (end-3, end-7, end-9).
    Manifest(RepoName, String),
    /// `/v2/<name>/blobs/<digest>` (end-2, end-10).
    Blob(RepoName, String),
    /// `/v2/<name>/blobs/uploads/` (end-4, end-11).
    UploadStart(RepoName),
    /// `/v2/<name>/blobs/uploads/<id>` (end-5, end-6, end-13, cancel).
    Upload(RepoName, String),
    /// `/v2/<name>/referrers/<digest>` (end-12).
    Referrers(RepoName, String),
}

impl Route {
    /// The repository the route addresses, if any.
    pub fn repo(&self) -> Option<&RepoName> {
        match self {
            Route::Base | Route::Catalog => None,
            Route::Tags(r)
            | Route::Manifest(r, _)
            | Route::Blob(r, _)
            | Route::UploadStart(r)
            | Route::Upload(r, _)
            | Route::Referrers(r, _) => Some(r),
        }
    }
}

/// Parses a request path. `Ok(None)` for paths that are no endpoint at all.
pub fn parse(path: &str) -> Result<Option<Route>, NameError> {
    let Some(rest) = path.strip_prefix("/v2") else {
        return Ok(None);
    };
    if rest.is_empty() || rest == "/" {
        return Ok(Some(Route::Base));
    }
    let Some(rest) = rest.strip_prefix('/') else {
        return Ok(None);
    };
    if rest == "_catalog" {
        return Ok(Some(Route::Catalog));
    }
    let segs: Vec<&str> = rest.split('/').collect();
    let n = segs.len();
    let name = |upto: usize| RepoName::parse(&segs[..upto].join("/"));
    if n >= 4 && segs[n - 3] == "blobs" && segs[n - 2] == "uploads" {
        let r = name(n - 3)?;
        return Ok(Some(if segs[n - 1].is_empty() {
            Route::UploadStart(r)
        } else {
            Route::Upload(r, segs[n - 1].to_string())
        }));
    }
    if n >= 3 && segs[n - 2] == "blobs" && segs[n - 1] == "uploads" {
        // `/blobs/uploads` without the trailing slash.
        return Ok(Some(Route::UploadStart(name(n - 2)?)));
    }
    if n >= 3 && segs[n - 2] == "tags" && segs[n - 1] == "list" {
        return Ok(Some(Route::Tags(name(n - 2)?)));
    }
    if n >= 3 {
        let last = segs[n - 1].to_string();
        match segs[n - 2] {
            "manifests" => return Ok(Some(Route::Manifest(name(n - 2)?, last))),
            "blobs" => return Ok(Some(Route::Blob(name(n - 2)?, last))),
            "referrers" => return Ok(Some(Route::Referrers(name(n - 2)?, last))),
            _ => {}
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> RepoName {
        RepoName::parse(s).unwrap()
    }

    #[test]
    fn routes() {
        assert_eq!(parse("/v2/").unwrap(), Some(Route::Base));
        assert_eq!(parse("/v2").unwrap(), Some(Route::Base));
        assert_eq!(parse("/v2/_catalog").unwrap(), Some(Route::Catalog));
        assert_eq!(
            parse("/v2/a/b/c/manifests/latest").unwrap(),
            Some(Route::Manifest(r("a/b/c"), "latest".into()))
        );
        assert_eq!(
            parse("/v2/a/manifests/manifests/x").unwrap(),
            Some(Route::Manifest(r("a/manifests"), "x".into()))
        );
        assert_eq!(
            parse("/v2/a/blobs/uploads/").unwrap(),
            Some(Route::UploadStart(r("a")))
        );
        assert_eq!(
            parse("/v2/a/blobs/uploads/xyz").unwrap(),
            Some(Route::Upload(r("a"), "xyz".into()))
        );
        assert_eq!(parse("/v2/a/tags/list").unwrap(), Some(Route::Tags(r("a"))));
        assert!(parse("/v2/%2e%2e/tags/list").is_err());
        assert!(parse("/v2/../x/tags/list").is_err());
        assert!(parse("/v2/A/tags/list").is_err());
        assert_eq!(parse("/v2/a/unknown").unwrap(), None);
        assert_eq!(parse("/v3/").unwrap(), None);
    }
}
