//! The spec's error codes and the JSON error body every failure is answered with.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::oci::{DigestError, NameError, ReferenceError};
use crate::storage::StoreError;

/// An error code from the distribution spec (plus `DENIED`/`UNAUTHORIZED` for auth).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Code {
    BlobUnknown,
    BlobUploadInvalid,
    BlobUploadUnknown,
    DigestInvalid,
    ManifestBlobUnknown,
    ManifestInvalid,
    ManifestUnknown,
    NameInvalid,
    NameUnknown,
    SizeInvalid,
    Unauthorized,
    Denied,
    Unsupported,
    TooManyRequests,
    /// The registry cannot serve the request right now (a store lock held elsewhere
    /// for the whole lock wait); retry after `Retry-After`.
    Unavailable,
}

impl Code {
    /// The wire form.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::BlobUnknown => "BLOB_UNKNOWN",
            Code::BlobUploadInvalid => "BLOB_UPLOAD_INVALID",
            Code::BlobUploadUnknown => "BLOB_UPLOAD_UNKNOWN",
            Code::DigestInvalid => "DIGEST_INVALID",
            Code::ManifestBlobUnknown => "MANIFEST_BLOB_UNKNOWN",
            Code::ManifestInvalid => "MANIFEST_INVALID",
            Code::ManifestUnknown => "MANIFEST_UNKNOWN",
            Code::NameInvalid => "NAME_INVALID",
            Code::NameUnknown => "NAME_UNKNOWN",
            Code::SizeInvalid => "SIZE_INVALID",
            Code::Unauthorized => "UNAUTHORIZED",
            Code::Denied => "DENIED",
            Code::Unsupported => "UNSUPPORTED",
            Code::TooManyRequests => "TOOMANYREQUESTS",
            Code::Unavailable => "UNAVAILABLE",
        }
    }
}

/// An error response: status, code, message and optional detail, plus extra headers
/// (a `Range` on 416, a challenge on 401).
#[derive(Debug)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Spec error code; `None` for a server fault.
    pub code: Option<Code>,
    /// Human-readable message.
    pub message: String,
    /// Structured detail.
    pub detail: Option<serde_json::Value>,
    /// Headers to add.
    pub headers: Vec<(&'static str, String)>,
    /// The signed-in user the request was refused to, for the access log.
    pub user: Option<String>,
}

impl ApiError {
    /// A client error with a spec code.
    pub fn new(status: StatusCode, code: Code, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code: Some(code),
            message: message.into(),
            detail: None,
            headers: Vec::new(),
            user: None,
        }
    }

    /// Names the signed-in user in the access log record of this refusal.
    pub fn for_user(mut self, user: &str) -> ApiError {
        self.user = Some(user.to_string());
        self
    }

    /// Adds a detail value.
    pub fn detail(mut self, detail: serde_json::Value) -> ApiError {
        self.detail = Some(detail);
        self
    }

    /// Replaces the message.
    pub fn with_message(mut self, message: impl Into<String>) -> ApiError {
        self.message = message.into();
        self
    }

    /// Adds a header.
    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> ApiError {
        self.headers.push((name, value.into()));
        self
    }

    /// 404 with the given code.
    pub fn not_found(code: Code, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, code, message)
    }

    /// 400 with the given code.
    pub fn bad_request(code: Code, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, code, message)
    }

    /// A server fault: logged here, answered with a 500 that does not leak internals.
    pub fn internal(err: impl std::fmt::Display) -> ApiError {
        // Escaped: an error may quote something a client sent.
        tracing::error!(error = %err.to_string().escape_debug(), "internal error");
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: None,
            message: "internal server error; see the registry's log".into(),
            detail: None,
            headers: Vec::new(),
            user: None,
        }
    }

    /// A response that could not be built (a header value that is not one): a 500
    /// that says so, never an empty `200`.
    pub fn unbuildable(err: axum::http::Error) -> ApiError {
        tracing::error!(error = %err, "building a response failed");
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: None,
            message: format!("the registry could not build its response ({err}); see its log"),
            detail: None,
            headers: Vec::new(),
            user: None,
        }
    }
}

/// Whether an I/O error means the store has no room left (`ENOSPC`, or `EDQUOT`: the
/// store's owner is over quota).
pub(crate) fn is_storage_full(e: &std::io::Error) -> bool {
    e.raw_os_error()
        .is_some_and(|c| c == libc::ENOSPC || c == libc::EDQUOT)
}

impl ApiError {
    /// A failed write: `507 Insufficient Storage` with a message when `io` says the
    /// store is full, else a 500.
    pub fn storage(err: impl std::fmt::Display, io: Option<&std::io::Error>) -> ApiError {
        if io.is_some_and(is_storage_full) {
            ApiError::storage_full(err)
        } else {
            ApiError::internal(err)
        }
    }

    /// `507 Insufficient Storage`, logged as an error (the operator must act).
    fn storage_full(err: impl std::fmt::Display) -> ApiError {
        tracing::error!(error = %err.to_string().escape_debug(), "the store is full");
        ApiError {
            status: StatusCode::INSUFFICIENT_STORAGE,
            code: None,
            message: "the registry's storage is full; nothing was stored, retry when space has been freed".into(),
            detail: None,
            headers: Vec::new(),
            user: None,
        }
    }
}

/// Seconds a client is told to wait after a busy store lock.
pub const BUSY_RETRY_AFTER_SECS: u64 = 5;

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        if let StoreError::Busy(busy) = &e {
            // The operator must look: something holds a store lock far too long.
            tracing::warn!(error = %busy, "a store lock is busy; answering 503");
            return ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                Code::Unavailable,
                "the registry's store is busy (a lock is held elsewhere); nothing was done, retry later",
            )
            .header("retry-after", BUSY_RETRY_AFTER_SECS.to_string());
        }
        if let StoreError::Conflict(c) = &e {
            // A commit raced gc or another commit of the same digest: safe to retry.
            tracing::info!(error = %c, "a commit lost a race; answering 503");
            return ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                Code::Unavailable,
                format!("{c}"),
            )
            .header("retry-after", "1".to_string());
        }
        if matches!(&e, StoreError::Io { cause, .. } if is_storage_full(cause)) {
            ApiError::storage_full(e)
        } else {
            ApiError::internal(e)
        }
    }
}

impl From<NameError> for ApiError {
    fn from(e: NameError) -> ApiError {
        ApiError::bad_request(Code::NameInvalid, e.to_string())
    }
}

impl From<DigestError> for ApiError {
    fn from(e: DigestError) -> ApiError {
        ApiError::bad_request(Code::DigestInvalid, e.to_string())
    }
}

impl From<ReferenceError> for ApiError {
    fn from(e: ReferenceError) -> ApiError {
        match e {
            ReferenceError::Digest(d) => d.into(),
            ReferenceError::Tag(t) => ApiError::bad_request(Code::ManifestInvalid, t.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let code = self.code.map(Code::as_str).unwrap_or("UNKNOWN");
        let mut err = json!({ "code": code, "message": self.message });
        if let Some(d) = self.detail {
            err["detail"] = d;
        }
        let body = json!({ "errors": [err] }).to_string();
        let mut resp = (self.status, body).into_response();
        let h = resp.headers_mut();
        h.insert("content-type", HeaderValue::from_static("application/json"));
        for (name, value) in self.headers {
            if let Ok(v) = HeaderValue::from_str(&value) {
                h.append(name, v);
            }
        }
        if let Some(u) = self.user {
            resp.extensions_mut()
                .insert(super::access::AuthenticatedUser(u));
        }
        resp
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_store_is_a_507_with_a_message_and_other_io_errors_a_500() {
        let io = |code| StoreError::Io {
            key: "uploads/x/data".into(),
            cause: std::io::Error::from_raw_os_error(code),
        };
        for code in [libc::ENOSPC, libc::EDQUOT] {
            let e = ApiError::from(io(code));
            assert_eq!(e.status, StatusCode::INSUFFICIENT_STORAGE);
            assert!(e.message.contains("storage is full"), "{}", e.message);
        }
        let e = ApiError::from(io(libc::EIO));
        assert_eq!(e.status, StatusCode::INTERNAL_SERVER_ERROR);
        let raw = std::io::Error::from_raw_os_error(libc::ENOSPC);
        assert_eq!(
            ApiError::storage("writing", Some(&raw)).status,
            StatusCode::INSUFFICIENT_STORAGE
        );
    }
}
