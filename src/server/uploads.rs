//! Blob upload endpoints: start (end-4a), monolithic POST (end-4b), mount (end-11),
//! chunked PATCH (end-5), closing PUT (end-6), status (end-13) and cancel.

use axum::body::{Body, Bytes};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;

use super::drain::Drain;
use super::{blocking, ApiError, App, Code, Req};
use crate::oci::{Digest, RepoName};
use crate::storage::{UploadError, UploadId, UploadWriter};

/// Bytes gathered from the network before they are handed to the disk writer: large
/// enough that hashing and writing run in big steps, small enough to bound memory.
const BATCH: usize = 1 << 20;

/// Why streaming a body into a session stopped early.
enum BodyError {
    /// The client's body failed (disconnect, length mismatch).
    Client(String),
    /// The body went on past the end its `Content-Range` declared: what came after
    /// it was not stored (and was read and discarded, within bounds; `drained` says
    /// whether it all was).
    PastRange { drained: bool },
    /// Writing to the store failed.
    Store(std::io::Error),
}

/// Streams a request body into an upload session. Bytes are received on the async
/// side and handed over in batches to a short blocking task that hashes and writes
/// them ([`super::drain`]); the next batch is received while one is written, so
/// receiving and hashing overlap, at most two batches are in memory and a slow client
/// holds no thread. At most `limit` bytes are stored (the length a chunk's
/// `Content-Range` declared), whatever the body's framing says: bytes past it end the
/// request with [`BodyError::PastRange`]. Returns the writer (for the caller to finish
/// or release) and the number of bytes written.
async fn write_body(
    w: UploadWriter,
    body: Body,
    limit: Option<u64>,
) -> Result<(UploadWriter, Result<u64, BodyError>), ApiError> {
    let drain = Drain::new(w);
    let mut received = 0u64;
    let mut stream = body.into_data_stream();
    let mut batch = Batch::default();
    let mut client_err = None;
    while let Some(item) = stream.next().await {
        match item {
            Ok(mut chunk) => {
                let room = limit.map_or(u64::MAX, |l| l - received);
                if chunk.len() as u64 > room {
                    // `room` is below the chunk's length, so it fits a usize.
                    chunk.truncate(room as usize);
                    batch.push(chunk);
                    let drained = super::limits::drain(&mut stream).await;
                    client_err = Some(BodyError::PastRange { drained });
                    break;
                }
                received += chunk.len() as u64;
                batch.push(chunk);
                if batch.len >= BATCH && !drain.send(batch.take(), false).await {
                    break; // a write failed: the rest would not be stored
                }
            }
            Err(e) => {
                client_err = Some(BodyError::Client(e.to_string()));
                break;
            }
        }
    }
    // Bytes received before a failure are kept too: the client can resume after them.
    drain.send(batch.take(), true).await;
    let (w, written, failed) = drain.finish().await;
    // The writing task panicked: the writer (and with it the session's cached hash)
    // is gone, and the next request rebuilds it from disk.
    let w = w.ok_or_else(|| ApiError::internal("an upload's writing task panicked"))?;
    let result = match (client_err, failed) {
        (_, Some(e)) => Err(BodyError::Store(e)),
        (Some(e), None) => Err(e),
        (None, None) => Ok(written),
    };
    Ok((w, result))
}

/// Below this size a chunk is copied into the batch rather than kept: a chunk is a
/// view into hyper's read buffer, and thousands of tiny views (a body trickled a byte
/// at a time) would each keep a whole read buffer alive.
const SMALL_CHUNK: usize = 16 * 1024;

/// The chunks of one batch, in order; small ones copied together.
#[derive(Default)]
struct Batch {
    chunks: Vec<Bytes>,
    small: bytes::BytesMut,
    len: usize,
}

impl Batch {
    fn push(&mut self, chunk: Bytes) {
        self.len += chunk.len();
        if chunk.len() < SMALL_CHUNK {
            self.small.extend_from_slice(&chunk);
        } else {
            self.seal_small();
            self.chunks.push(chunk);
        }
    }

    fn seal_small(&mut self) {
        if !self.small.is_empty() {
            self.chunks.push(std::mem::take(&mut self.small).freeze());
        }
    }

    /// The chunks gathered so far; the batch starts over.
    fn take(&mut self) -> Vec<Bytes> {
        self.seal_small();
        self.len = 0;
        std::mem::take(&mut self.chunks)
    }
}

fn upload_location(repo: &RepoName, id: &UploadId) -> String {
    format!("/v2/{repo}/blobs/uploads/{id}")
}

fn range_value(len: u64) -> String {
    format!("0-{}", len.saturating_sub(1))
}

fn accepted(repo: &RepoName, id: &UploadId, len: u64) -> Response {
    (
        StatusCode::ACCEPTED,
        [
            ("location", upload_location(repo, id)),
            ("range", range_value(len)),
            ("docker-upload-uuid", id.to_string()),
            ("content-length", "0".to_string()),
        ],
    )
        .into_response()
}

fn created(repo: &RepoName, d: &Digest) -> Response {
    (
        StatusCode::CREATED,
        [
            ("location", format!("/v2/{repo}/blobs/{d}")),
            ("docker-content-digest", d.to_string()),
            ("content-length", "0".to_string()),
        ],
    )
        .into_response()
}

fn upload_unknown() -> ApiError {
    ApiError::not_found(
        Code::BlobUploadUnknown,
        "upload session unknown to this repository",
    )
}

/// Validates a session id from the URL. A lazy id is unknown once it is older than
/// the upload expiry, or once this process has closed or cancelled its session.
fn parse_id(app: &App, id: &str) -> Result<UploadId, ApiError> {
    let id = UploadId::parse(id).ok_or_else(upload_unknown)?;
    if let Some(started) = id.lazy_started() {
        let age = crate::storage::unix_now().saturating_sub(started);
        if age > app.options().limits.upload_expiry.as_secs() || app.sessions().ended(&id) {
            return Err(upload_unknown());
        }
    }
    Ok(id)
}

fn upload_error(e: UploadError) -> ApiError {
    match e {
        UploadError::Unknown => upload_unknown(),
        UploadError::Busy => ApiError::bad_request(
            Code::BlobUploadInvalid,
            "another request is writing to this upload session; retry when it has finished",
        ),
        UploadError::Raced { offset } => ApiError::bad_request(
            Code::BlobUploadInvalid,
            format!("another request wrote to this upload session at the same time; this request's bytes were not kept, the session has {offset} bytes: GET the upload URL and continue from there"),
        ),
        UploadError::DigestMismatch { expected, computed } => ApiError::bad_request(
            Code::DigestInvalid,
            format!("uploaded content has digest {computed}, not {expected}; nothing was stored"),
        ),
        UploadError::Store(e) => e.into(),
    }
}

fn body_error(e: BodyError, w: &UploadWriter) -> ApiError {
    match e {
        BodyError::Client(msg) if w.is_lazy() => ApiError::bad_request(
            Code::BlobUploadInvalid,
            format!("request body ended early ({msg}); nothing was kept, send the blob again"),
        ),
        BodyError::Client(msg) => ApiError::bad_request(
            Code::BlobUploadInvalid,
            format!("request body ended early ({msg}); the bytes received are kept, GET the upload URL to resume"),
        ),
        BodyError::PastRange { drained } => {
            let e = resume_at(
                w,
                format!(
                    "the chunk is longer than its Content-Range; only the declared bytes were kept, the upload has {} bytes",
                    w.offset()
                ),
            );
            if drained {
                e
            } else {
                e.header("connection", "close")
            }
        }
        BodyError::Store(e) => ApiError::storage(format!("writing upload: {e}"), Some(&e)),
    }
}

/// A `416` that tells the client where the session is, so it can resume.
fn resume_at(w: &UploadWriter, message: String) -> ApiError {
    out_of_order(w.repo(), w.id(), w.offset(), message)
}

/// `416`: a chunk that does not continue the session, which has `offset` bytes.
fn out_of_order(repo: &RepoName, id: &UploadId, offset: u64, message: String) -> ApiError {
    ApiError::new(
        StatusCode::RANGE_NOT_SATISFIABLE,
        Code::BlobUploadInvalid,
        message,
    )
    .header("location", upload_location(repo, id))
    .header("range", range_value(offset))
    .header("docker-upload-uuid", id.to_string())
}

/// Parses `Content-Range` as `start-end` (also tolerating `bytes start-end/total`).
/// Public for the fuzz targets and property tests.
pub fn parse_content_range(v: &str) -> Option<(u64, u64)> {
    let v = v.trim();
    let v = v.strip_prefix("bytes ").unwrap_or(v);
    let v = v.split('/').next().unwrap_or(v);
    let (a, b) = v.split_once('-')?;
    let (a, b): (u64, u64) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
    (b >= a).then_some((a, b))
}

/// Opens a session for appending; a session another caller opened is unknown here.
async fn open_writer(
    app: &App,
    repo: &RepoName,
    id: &UploadId,
    req: &Req,
) -> Result<UploadWriter, ApiError> {
    let blobs = app.services().blobs.clone();
    let (repo, id, owner) = (repo.clone(), id.clone(), owner(req));
    blocking(move || {
        blobs
            .upload_writer(&repo, &id, owner.as_deref())
            .map_err(upload_error)
    })
    .await
}

/// Who the session belongs to: the signed-in caller (`None`: anonymous).
fn owner(req: &Req) -> Option<String> {
    req.access.user().map(str::to_string)
}

/// Checks a chunk's `Content-Range` against the session offset; the 416 carries the
/// current range so the client can resume. Returns the chunk's declared length (the
/// most that will be stored of its body).
fn check_chunk(req: &Req, w: &UploadWriter) -> Result<Option<u64>, ApiError> {
    let Some(cr) = req.header("content-range") else {
        return Ok(None);
    };
    let not_satisfiable = || {
        resume_at(
            w,
            format!(
                "chunk range {cr:?} does not continue the upload, which has {} bytes",
                w.offset()
            ),
        )
    };
    let (start, end) = parse_content_range(cr).ok_or_else(not_satisfiable)?;
    if start != w.offset() {
        return Err(not_satisfiable());
    }
    if let Some(len) = req.content_length() {
        if len != end - start + 1 {
            return Err(ApiError::bad_request(
                Code::SizeInvalid,
                format!("Content-Length {len} does not match Content-Range {cr}"),
            ));
        }
    }
    Ok(Some(end - start + 1))
}

/// Opens a session, checks the chunk's place and appends the request body: the common
/// part of `PATCH` and the closing `PUT`.
async fn append_body(
    app: &App,
    repo: &RepoName,
    id: &UploadId,
    req: &Req,
    body: Body,
) -> Result<UploadWriter, ApiError> {
    let w = open_writer(app, repo, id, req).await?;
    let declared = check_chunk(req, &w)?;
    let (w, written) = write_body(w, body, declared).await?;
    if let Err(e) = written {
        return Err(body_error(e, &w));
    }
    Ok(w)
}

/// Finishes a session under `expected`, on the blocking pool.
async fn finish(app: &App, w: UploadWriter, expected: Digest) -> Result<Response, ApiError> {
    let blobs = app.services().blobs.clone();
    let (repo, id, lazy) = (w.repo().clone(), w.id().clone(), w.is_lazy());
    let d = expected.clone();
    let done = blocking(move || Ok(blobs.finish_upload(w, &d))).await?;
    // Closed, refused (a mismatch removes the session: not a lazy session's, which
    // the refused bytes never were part of) or found gone: no longer open.
    let ended = match &done {
        Ok(_) | Err(UploadError::Unknown) => true,
        Err(UploadError::DigestMismatch { .. }) => !lazy,
        Err(_) => false,
    };
    if ended {
        app.sessions().closed(&id);
    }
    done.map_err(upload_error)?;
    Ok(created(&repo, &expected))
}

fn digest_param(req: &Req) -> Result<Option<Digest>, ApiError> {
    req.query
        .get("digest")
        .map(Digest::parse)
        .transpose()
        .map_err(Into::into)
}

/// `POST /v2/<name>/blobs/uploads/`: mount, monolithic upload, or a new session.
pub(crate) async fn start(
    app: App,
    repo: RepoName,
    req: Req,
    body: Body,
) -> Result<Response, ApiError> {
    if let Some(mount) = req.query.get("mount") {
        let d = Digest::parse(mount)?;
        if let Some(from) = req.query.get("from") {
            let from = RepoName::parse(from)?;
            let blobs = app.services().blobs.clone();
            let (to, d2) = (repo.clone(), d.clone());
            if blocking(move || Ok(blobs.mount(&to, &from, &d2)?)).await? {
                return Ok(created(&repo, &d));
            }
        }
        // Not mountable: fall through to an ordinary session (202), as the spec asks.
    }
    let digest = digest_param(&req)?;
    let place = app.sessions().reserve(
        &repo,
        super::sessions::Owner::of(req.access.user(), req.client),
    )?;
    let blobs = app.services().blobs.clone();
    let r2 = repo.clone();
    let who = owner(&req);
    let id = blocking(move || Ok(blobs.start_upload(&r2, who.as_deref())?)).await?;
    place.opened(&id);
    let Some(expected) = digest else {
        return Ok(accepted(&repo, &id, 0));
    };
    let w = open_writer(&app, &repo, &id, &req).await?;
    let (w, written) = write_body(w, body, None).await?;
    if let Err(e) = written {
        return Err(body_error(e, &w));
    }
    finish(&app, w, expected).await
}

/// `PATCH /v2/<name>/blobs/uploads/<id>`: appends a chunk (or a streamed body).
pub(crate) async fn patch(
    app: App,
    repo: RepoName,
    id: String,
    req: Req,
    body: Body,
) -> Result<Response, ApiError> {
    let mut id = parse_id(&app, &id)?;
    if id.is_lazy() {
        // The first chunk: the session is recorded now, under the stored id the
        // client goes on with.
        id = record(&app, &repo, id, &req).await?;
    }
    let w = append_body(&app, &repo, &id, &req, body).await?;
    // The bytes become durable and the running hash is saved with the session, so
    // the next chunk may land on any process.
    let blobs = app.services().blobs.clone();
    let checkpointed = blocking(move || Ok(blobs.checkpoint_upload(w))).await?;
    let len = match checkpointed {
        Ok(len) => len,
        // A chunk that lost a race for the session is out of order now: 416, with
        // where the session stands, as for any chunk at the wrong offset.
        Err(UploadError::Raced { offset }) => {
            return Err(out_of_order(
                &repo,
                &id,
                offset,
                format!("another request wrote to this upload session at the same time; this chunk was not kept, the session has {offset} bytes"),
            ))
        }
        Err(e) => return Err(upload_error(e)),
    };
    Ok(accepted(&repo, &id, len))
}

/// `PUT /v2/<name>/blobs/uploads/<id>?digest=`: optional last chunk, then close.
pub(crate) async fn put(
    app: App,
    repo: RepoName,
    id: String,
    req: Req,
    body: Body,
) -> Result<Response, ApiError> {
    let id = parse_id(&app, &id)?;
    let expected = digest_param(&req)?.ok_or_else(|| {
        ApiError::bad_request(
            Code::DigestInvalid,
            "the closing PUT needs ?digest=<digest>",
        )
    })?;
    // A lazy session has no bytes unless a chunk recorded it and the client kept
    // using the lazy id (the spec says to follow each response's Location, but some
    // clients close at the URL they started with): a closing PUT that brings the
    // whole blob needs no record, one that brings nothing or a later part goes on
    // from the record.
    let empty = http_body::Body::size_hint(&body).exact() == Some(0);
    let whole_blob = !empty
        && req
            .header("content-range")
            .and_then(parse_content_range)
            .map_or(true, |(start, _)| start == 0);
    let id = if id.is_lazy() && !whole_blob {
        record(&app, &repo, id, &req).await?
    } else {
        id
    };
    let w = append_body(&app, &repo, &id, &req, body).await?;
    finish(&app, w, expected).await
}

/// Records a lazy session (its first chunk, or a closing `PUT` that may follow
/// chunks sent to the lazy id); the stored id to go on with.
async fn record(app: &App, repo: &RepoName, id: UploadId, req: &Req) -> Result<UploadId, ApiError> {
    let blobs = app.services().blobs.clone();
    let (repo, who) = (repo.clone(), owner(req));
    blocking(move || {
        blobs
            .record_upload(&repo, &id, who.as_deref())
            .map_err(upload_error)
    })
    .await
}

/// `GET /v2/<name>/blobs/uploads/<id>`: how many bytes the session has.
pub(crate) async fn status(
    app: App,
    repo: RepoName,
    id: String,
    req: Req,
) -> Result<Response, ApiError> {
    let id = parse_id(&app, &id)?;
    let blobs = app.services().blobs.clone();
    let (r2, id2, who) = (repo.clone(), id.clone(), owner(&req));
    let len = blocking(move || Ok(blobs.upload_offset(&r2, &id2, who.as_deref())?))
        .await?
        .ok_or_else(upload_unknown)?;
    let mut resp = accepted(&repo, &id, len);
    *resp.status_mut() = StatusCode::NO_CONTENT;
    Ok(resp)
}

/// `DELETE /v2/<name>/blobs/uploads/<id>`: cancels the session.
pub(crate) async fn cancel(
    app: App,
    repo: RepoName,
    id: String,
    req: Req,
) -> Result<Response, ApiError> {
    let id = parse_id(&app, &id)?;
    let id2 = id.clone();
    let blobs = app.services().blobs.clone();
    let who = owner(&req);
    let existed = blocking(move || Ok(blobs.cancel_upload(&repo, &id, who.as_deref())?)).await?;
    if !existed {
        return Err(upload_unknown());
    }
    app.sessions().closed(&id2);
    Ok(StatusCode::NO_CONTENT.into_response())
}
