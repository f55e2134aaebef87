//! Blob endpoints: `GET`/`HEAD` with `Range` (end-2) and `DELETE` (end-10).

use std::io::SeekFrom;

use axum::body::{Body, Bytes};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};

use super::{blocking, ApiError, App, Code, Req};
use crate::oci::{Digest, RepoName};
use crate::storage::ObjectReader;

/// Size of each piece when streaming a blob out: large enough that the per-piece cost
/// (a map or read, a channel hand-off) is small, small enough that the pieces in
/// flight keep the server's memory flat.
const READ_CHUNK: usize = 2 * 1024 * 1024;

/// A satisfiable byte range, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByteRange {
    /// First byte.
    pub start: u64,
    /// Last byte (inclusive).
    pub end: u64,
}

/// Parses a `Range` header against a blob of `size` bytes. `Ok(None)` means serve the
/// whole blob (no header, or a form we do not support such as several ranges, which
/// RFC 9110 lets a server ignore); `Err(())` means the range cannot be satisfied.
/// Public for the fuzz targets and property tests.
#[allow(clippy::result_unit_err)]
pub fn parse_range(header: Option<&str>, size: u64) -> Result<Option<ByteRange>, ()> {
    let Some(h) = header else { return Ok(None) };
    let Some(spec) = h.trim().strip_prefix("bytes=") else {
        return Ok(None);
    };
    if spec.contains(',') {
        return Ok(None);
    }
    let (a, b) = spec.split_once('-').ok_or(())?;
    let (a, b) = (a.trim(), b.trim());
    let range = if a.is_empty() {
        // Suffix range: the last `b` bytes.
        let n: u64 = b.parse().map_err(|_| ())?;
        if n == 0 || size == 0 {
            return Err(());
        }
        ByteRange {
            start: size.saturating_sub(n),
            end: size - 1,
        }
    } else {
        let start: u64 = a.parse().map_err(|_| ())?;
        let end: u64 = if b.is_empty() {
            size.saturating_sub(1)
        } else {
            b.parse::<u64>()
                .map_err(|_| ())?
                .min(size.saturating_sub(1))
        };
        if start >= size || end < start {
            return Err(());
        }
        ByteRange { start, end }
    };
    Ok(Some(range))
}

/// Streams `len` bytes of `reader` from `start`. Each piece is mapped (or read) by a
/// short task on the blocking pool when the body is polled for it, and the send is
/// awaited on the async side, so a slow client holds no thread and at most one piece.
/// hyper asks for the next piece while it still has a few hundred KiB of the last one
/// to write, which overlaps the read with the send; reading further ahead measured no
/// faster and doubles what a client that stops reading holds.
pub(crate) fn stream_body(mut reader: Box<dyn ObjectReader>, start: u64, len: u64) -> Body {
    if let Some(stream) = reader.stream(start, len) {
        // Object storage: its own streaming GET, pulled as the client reads.
        return Body::from_stream(stream);
    }
    let cursor = Cursor {
        reader,
        offset: start,
        end: start + len,
        mapping: true,
    };
    let stream = futures_util::stream::unfold(Some(cursor), |cursor| async move {
        let cursor = cursor.filter(|c| c.offset < c.end)?;
        match fetch(cursor).await {
            Ok((cursor, Ok(piece))) => Some((Ok(piece), Some(cursor))),
            Ok((_, Err(e))) => {
                tracing::error!(error = %e, "reading blob failed mid-stream");
                Some((Err(e), None))
            }
            Err(e) => {
                // The read task panicked: the reader is gone with it.
                tracing::error!(error = %e, "reading blob failed mid-stream");
                Some((Err(std::io::Error::other("blob read failed")), None))
            }
        }
    });
    Body::from_stream(stream)
}

/// Where a blob being streamed out is up to.
struct Cursor {
    reader: Box<dyn ObjectReader>,
    offset: u64,
    end: u64,
    /// Whether mapping still works (after a failure, pieces are read).
    mapping: bool,
}

/// The cursor back from a fetch, with the piece it fetched.
type Fetched = (Cursor, std::io::Result<Bytes>);

/// Fetches the next piece on the blocking pool: one short task.
fn fetch(mut c: Cursor) -> tokio::task::JoinHandle<Fetched> {
    tokio::task::spawn_blocking(move || {
        let want = READ_CHUNK.min((c.end - c.offset) as usize);
        let piece = match c.mapping.then(|| c.reader.map(c.offset, want)).flatten() {
            Some(Ok(b)) if !b.is_empty() => Ok(b),
            // No mapping here (or it failed): fall back to reads from now on.
            Some(_) | None => {
                c.mapping = false;
                read_piece(&mut *c.reader, c.offset, want)
            }
        };
        if let Ok(b) = &piece {
            c.offset += b.len() as u64;
        }
        (c, piece)
    })
}

fn read_piece(reader: &mut dyn ObjectReader, offset: u64, want: usize) -> std::io::Result<Bytes> {
    reader.seek(SeekFrom::Start(offset))?;
    let mut buf = vec![0u8; want];
    let n = reader.read(&mut buf)?;
    if n == 0 {
        return Err(std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            "blob shorter than its recorded size",
        ));
    }
    buf.truncate(n);
    Ok(Bytes::from(buf))
}

/// `GET`/`HEAD /v2/<name>/blobs/<digest>`.
pub(crate) async fn get(
    app: App,
    repo: RepoName,
    digest: String,
    req: Req,
) -> Result<Response, ApiError> {
    let d = Digest::parse(&digest)?;
    let blobs = app.services().blobs.clone();
    if req.method == Method::HEAD {
        let (repo2, d2) = (repo.clone(), d.clone());
        // The stamp protects a blob a client will reuse from a concurrent gc; a
        // read-only server takes no pushes, so it neither stamps nor locks.
        let read_only = app.options().read_only;
        let size = blocking(move || {
            Ok(if read_only {
                blobs.size(&repo2, &d2)?
            } else {
                blobs.size_for_reuse(&repo2, &d2)?
            })
        })
        .await?;
        let Some(size) = size else {
            return Err(blob_unknown(&d));
        };
        return blob_headers(StatusCode::OK, &d, size, None)
            .body(Body::empty())
            .map_err(ApiError::unbuildable);
    }
    if let Some(ttl) = app.options().redirect_blobs {
        let (blobs, repo2, d2) = (blobs.clone(), repo.clone(), d.clone());
        let url = blocking(move || Ok(blobs.direct_url(&repo2, &d2, ttl)?)).await?;
        if let Some(url) = url {
            return Response::builder()
                .status(StatusCode::TEMPORARY_REDIRECT)
                .header("location", url)
                .header("docker-content-digest", d.to_string())
                .header("content-length", 0)
                .body(Body::empty())
                .map_err(ApiError::unbuildable);
        }
    }
    let range_header = req.header("range").map(str::to_string);
    let d2 = d.clone();
    let opened = blocking(move || {
        let Some((reader, size)) = blobs.open(&repo, &d2)? else {
            return Ok(None);
        };
        let range = parse_range(range_header.as_deref(), size);
        Ok(Some((reader, size, range)))
    })
    .await?;
    let Some((reader, size, range)) = opened else {
        return Err(blob_unknown(&d));
    };
    match range {
        Err(()) => Ok((
            StatusCode::RANGE_NOT_SATISFIABLE,
            [("content-range", format!("bytes */{size}"))],
        )
            .into_response()),
        Ok(None) => {
            let body = stream_body(reader, 0, size);
            blob_headers(StatusCode::OK, &d, size, None)
                .body(body)
                .map_err(ApiError::unbuildable)
        }
        Ok(Some(r)) => {
            let len = r.end - r.start + 1;
            let body = stream_body(reader, r.start, len);
            blob_headers(StatusCode::PARTIAL_CONTENT, &d, len, Some((r, size)))
                .body(body)
                .map_err(ApiError::unbuildable)
        }
    }
}

fn blob_headers(
    status: StatusCode,
    d: &Digest,
    len: u64,
    range: Option<(ByteRange, u64)>,
) -> axum::http::response::Builder {
    let mut b = Response::builder()
        .status(status)
        .header("content-type", "application/octet-stream")
        .header("content-length", len)
        .header("docker-content-digest", d.to_string())
        .header("etag", format!("\"{d}\""))
        .header("accept-ranges", "bytes");
    if let Some((r, size)) = range {
        b = b.header(
            "content-range",
            format!("bytes {}-{}/{size}", r.start, r.end),
        );
    }
    b
}

fn blob_unknown(d: &Digest) -> ApiError {
    ApiError::not_found(
        Code::BlobUnknown,
        format!("blob {d} is unknown to this repository"),
    )
    .detail(serde_json::json!({ "digest": d.to_string() }))
}

/// `DELETE /v2/<name>/blobs/<digest>`: unlinks the blob from the repository.
pub(crate) async fn delete(
    app: App,
    repo: RepoName,
    digest: String,
    req: Req,
) -> Result<Response, ApiError> {
    let d = Digest::parse(&digest)?;
    let blobs = app.services().blobs.clone();
    let store = app.store().clone();
    let user = req.access.user().map(str::to_string);
    let d2 = d.clone();
    let existed = blocking(move || {
        let size = store.blob_size(&repo, &d2).ok().flatten();
        let existed = blobs.unlink(&repo, &d2)?;
        if existed {
            let gone = crate::audit::Deletion::of(crate::audit::Kind::LayerLink)
                .repo(&repo)
                .digest(&d2)
                .size(size);
            super::record_deletions(&store, user.as_deref(), [gone]);
        }
        Ok(existed)
    })
    .await?;
    if !existed {
        return Err(blob_unknown(&d));
    }
    Ok((StatusCode::ACCEPTED, [("content-length", "0")]).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        let r = |s, e| Ok(Some(ByteRange { start: s, end: e }));
        assert_eq!(parse_range(None, 10), Ok(None));
        assert_eq!(parse_range(Some("bytes=0-3"), 10), r(0, 3));
        assert_eq!(parse_range(Some("bytes=5-"), 10), r(5, 9));
        assert_eq!(parse_range(Some("bytes=-3"), 10), r(7, 9));
        assert_eq!(parse_range(Some("bytes=2-100"), 10), r(2, 9));
        assert_eq!(parse_range(Some("bytes=10-"), 10), Err(()));
        assert_eq!(parse_range(Some("bytes=5-2"), 10), Err(()));
        assert_eq!(parse_range(Some("bytes=x-2"), 10), Err(()));
        assert_eq!(parse_range(Some("bytes=0-1,3-4"), 10), Ok(None));
        assert_eq!(parse_range(Some("items=0-1"), 10), Ok(None));
    }
}
