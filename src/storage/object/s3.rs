//! The S3-compatible object backend, through the `object_store` crate.
//!
//! `--storage s3://BUCKET/PREFIX`: every key is stored as `PREFIX/key` in `BUCKET`.
//! Endpoint, region and credentials come from [`S3Config`] (filled from the standard
//! `AWS_ENDPOINT_URL`, `AWS_REGION`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
//! `AWS_SESSION_TOKEN` variables or the configuration file). Requests are path-style
//! when an endpoint is given (what self-hosted services expect); plain HTTP is
//! allowed only for a loopback endpoint or when the operator says so.
//!
//! Conditional puts use `If-None-Match: *` and `If-Match`. `object_store` has no
//! conditional delete, so that one call is a SigV4-presigned `DELETE` whose signature
//! covers the `If-Match` header, sent with the crate's own credentials.
//!
//! Retries: the crate retries failed requests. A retried conditional request whose
//! first attempt succeeded but whose reply was lost reports a precondition failure;
//! callers of conditional operations must treat "exists" / "changed" as "maybe mine"
//! and check, which the store's protocol does.

use std::io;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use futures_util::{StreamExt, TryStreamExt};
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::multipart::{MultipartStore, PartId};
use object_store::path::Path;
use object_store::signer::{SignedUrlOptions, Signer};
use object_store::{ObjectStore as _, ObjectStoreExt as _};

use super::{
    DeleteMode, ETag, GetOptions, GetResult, Key, ListCursor, ListPage, MultipartId, ObjResult,
    ObjectError, ObjectMeta, ObjectStore, PartTag, PutMode,
};

/// S3's smallest part, except the last.
pub const MIN_PART: u64 = 5 * 1024 * 1024;

/// Where and how to reach the bucket.
#[derive(Clone, PartialEq, Eq)]
pub struct S3Config {
    /// The bucket.
    pub bucket: String,
    /// Key prefix inside the bucket (no leading or trailing `/`; may be empty).
    pub prefix: String,
    /// Endpoint URL of an S3-compatible service (`None`: AWS itself).
    pub endpoint: Option<String>,
    /// Region (`us-east-1` when unset).
    pub region: Option<String>,
    /// Access key id.
    pub access_key_id: Option<String>,
    /// Secret access key.
    pub secret_access_key: Option<String>,
    /// Session token of temporary credentials.
    pub session_token: Option<String>,
    /// Allow plain HTTP to a non-loopback endpoint.
    pub allow_http: bool,
}

impl std::fmt::Debug for S3Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print credentials.
        f.debug_struct("S3Config")
            .field("bucket", &self.bucket)
            .field("prefix", &self.prefix)
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("allow_http", &self.allow_http)
            .finish_non_exhaustive()
    }
}

impl S3Config {
    /// Parses `s3://BUCKET[/PREFIX]`; the rest of the settings start empty.
    pub fn parse_url(url: &str) -> Result<S3Config, String> {
        let rest = url
            .strip_prefix("s3://")
            .ok_or_else(|| format!("{url:?} is not an s3://BUCKET/PREFIX URL"))?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        let valid_bucket = (3..=63).contains(&bucket.len())
            && bucket
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.');
        if !valid_bucket {
            return Err(format!(
                "{bucket:?} is not a valid bucket name (3-63 characters: a-z, 0-9, '-', '.')"
            ));
        }
        let prefix = prefix.trim_matches('/').to_string();
        if !prefix.is_empty() && Key::parse(&prefix).is_none() {
            return Err(format!("{prefix:?} is not a valid key prefix"));
        }
        Ok(S3Config {
            bucket: bucket.to_string(),
            prefix,
            endpoint: None,
            region: None,
            access_key_id: None,
            secret_access_key: None,
            session_token: None,
            allow_http: false,
        })
    }

    /// Fills unset settings from the standard `AWS_*` environment variables.
    pub fn with_env(mut self) -> S3Config {
        let var = |names: &[&str]| {
            names
                .iter()
                .find_map(|n| std::env::var(n).ok().filter(|v| !v.is_empty()))
        };
        self.endpoint = self
            .endpoint
            .or_else(|| var(&["AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL", "AWS_ENDPOINT"]));
        self.region = self
            .region
            .or_else(|| var(&["AWS_REGION", "AWS_DEFAULT_REGION"]));
        self.access_key_id = self.access_key_id.or_else(|| var(&["AWS_ACCESS_KEY_ID"]));
        self.secret_access_key = self
            .secret_access_key
            .or_else(|| var(&["AWS_SECRET_ACCESS_KEY"]));
        self.session_token = self.session_token.or_else(|| var(&["AWS_SESSION_TOKEN"]));
        self
    }

    /// `s3://bucket/prefix`.
    pub fn url(&self) -> String {
        if self.prefix.is_empty() {
            format!("s3://{}", self.bucket)
        } else {
            format!("s3://{}/{}", self.bucket, self.prefix)
        }
    }
}

/// Whether an endpoint URL names a loopback host.
fn is_loopback(endpoint: &str) -> bool {
    let Ok(url) = url::Url::parse(endpoint) else {
        return false;
    };
    match url.host() {
        Some(url::Host::Domain(d)) => d == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Objects in an S3-compatible bucket.
#[derive(Clone)]
pub struct S3Objects {
    s3: Arc<AmazonS3>,
    config: S3Config,
    http: reqwest013::Client,
}

impl std::fmt::Debug for S3Objects {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Objects")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

fn conv_err(key: &str, e: object_store::Error) -> ObjectError {
    let key = key.to_string();
    match e {
        object_store::Error::NotFound { .. } => ObjectError::NotFound { key },
        object_store::Error::AlreadyExists { .. } => ObjectError::AlreadyExists { key },
        object_store::Error::Precondition { .. } => ObjectError::Precondition { key },
        object_store::Error::NotModified { .. } => ObjectError::NotModified { key },
        object_store::Error::NotImplemented { operation, .. } => {
            ObjectError::Unsupported(operation)
        }
        other => ObjectError::Io {
            key,
            cause: io::Error::other(other.to_string()),
        },
    }
}

impl S3Objects {
    /// Connects to the bucket (no request is made yet; see [`super::selftest::check`]).
    pub fn new(config: S3Config) -> Result<S3Objects, String> {
        // Signing uses ring; reqwest's TLS needs a process-wide rustls provider. A
        // second install (another store in this process) is refused harmlessly.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut allow_http = config.allow_http;
        if let Some(ep) = &config.endpoint {
            if ep.starts_with("http://") && !allow_http {
                if !is_loopback(ep) {
                    return Err(format!(
                        "endpoint {ep} is plain HTTP and not on loopback: use https, or allow it explicitly (storage.allow_http = true)"
                    ));
                }
                allow_http = true;
            }
        }
        let options = object_store::ClientOptions::new()
            .with_allow_http(allow_http)
            .with_timeout(Duration::from_secs(60))
            .with_connect_timeout(Duration::from_secs(5))
            .with_pool_idle_timeout(Duration::from_secs(30));
        let mut b = AmazonS3Builder::new()
            .with_bucket_name(&config.bucket)
            .with_region(config.region.as_deref().unwrap_or("us-east-1"))
            .with_client_options(options)
            .with_conditional_put(object_store::aws::S3ConditionalPut::ETagMatch);
        if let Some(ep) = &config.endpoint {
            b = b.with_endpoint(ep).with_virtual_hosted_style_request(false);
        }
        if let Some(v) = &config.access_key_id {
            b = b.with_access_key_id(v);
        }
        if let Some(v) = &config.secret_access_key {
            b = b.with_secret_access_key(v);
        }
        if let Some(v) = &config.session_token {
            b = b.with_token(v);
        }
        let s3 = b
            .build()
            .map_err(|e| format!("configuring {}: {e}", config.url()))?;
        let http = reqwest013::Client::builder()
            .timeout(Duration::from_secs(60))
            .connect_timeout(Duration::from_secs(5))
            .build()
            .map_err(|e| format!("building the HTTP client: {e}"))?;
        Ok(S3Objects {
            s3: Arc::new(s3),
            config,
            http,
        })
    }

    /// The configuration it was made from.
    pub fn config(&self) -> &S3Config {
        &self.config
    }

    fn full(&self, key: &str) -> String {
        if self.config.prefix.is_empty() {
            key.to_string()
        } else {
            format!("{}/{key}", self.config.prefix)
        }
    }

    fn path(&self, key: &Key) -> Path {
        Path::from(self.full(key.as_str()))
    }

    /// The key of an object path of the bucket, if it is one of ours.
    fn key_of(&self, path: &Path) -> Option<Key> {
        let s = path.as_ref();
        let rel = if self.config.prefix.is_empty() {
            s
        } else {
            s.strip_prefix(self.config.prefix.as_str())?
                .strip_prefix('/')?
        };
        Key::parse(rel)
    }

    fn meta(&self, key: Key, m: &object_store::ObjectMeta) -> ObjectMeta {
        ObjectMeta {
            key,
            size: m.size,
            etag: ETag(m.e_tag.clone().unwrap_or_default()),
            modified: SystemTime::from(m.last_modified),
        }
    }

    /// A DELETE that carries `If-Match`, presigned with the signature covering it.
    async fn delete_if_match(&self, key: &Key, etag: &ETag) -> ObjResult<bool> {
        let value =
            http::HeaderValue::from_str(&etag.0).map_err(|_| ObjectError::precondition(key))?;
        let opts =
            SignedUrlOptions::new().with_signed_header(http::header::IF_MATCH, value.clone());
        let url = self
            .s3
            .signed_url_opts(
                http::Method::DELETE,
                &self.path(key),
                Duration::from_secs(300),
                &opts,
            )
            .await
            .map_err(|e| conv_err(key.as_str(), e))?;
        let resp = self
            .http
            .delete(url.as_str())
            .header("if-match", value)
            .send()
            .await
            .map_err(|e| ObjectError::io(key, io::Error::other(e.to_string())))?;
        match resp.status().as_u16() {
            200 | 204 => Ok(true),
            404 => Ok(false),
            412 => match self.head(key).await? {
                None => Ok(false),
                Some(_) => Err(ObjectError::precondition(key)),
            },
            501 => Err(ObjectError::Unsupported(
                "conditional delete (If-Match on DELETE)".into(),
            )),
            s => {
                let body = resp.text().await.unwrap_or_default();
                Err(ObjectError::io(
                    key,
                    io::Error::other(format!(
                        "DELETE answered {s}: {}",
                        body.chars().take(300).collect::<String>()
                    )),
                ))
            }
        }
    }
}

#[async_trait::async_trait]
impl ObjectStore for S3Objects {
    fn describe(&self) -> String {
        match &self.config.endpoint {
            Some(ep) => format!("{} at {ep}", self.config.url()),
            None => self.config.url(),
        }
    }

    fn min_part_size(&self) -> u64 {
        MIN_PART
    }

    async fn get(&self, key: &Key, opts: GetOptions) -> ObjResult<Option<GetResult>> {
        // An empty range, or one past the end, is not an error here: ask for the
        // object's metadata and serve nothing.
        let mut req = object_store::GetOptions {
            if_match: opts.if_match.as_ref().map(|e| e.0.clone()),
            if_none_match: opts.if_none_match.as_ref().map(|e| e.0.clone()),
            ..Default::default()
        };
        if let Some(r) = &opts.range {
            match self.head(key).await? {
                None => return Ok(None),
                Some(meta) => {
                    let range = super::clamp_range(Some(r), meta.size);
                    if range.is_empty() {
                        super::check_get_conditions(&opts, &meta)?;
                        return Ok(Some(GetResult {
                            meta,
                            range,
                            body: Box::pin(futures_util::stream::empty()),
                        }));
                    }
                    req.range = Some(object_store::GetRange::Bounded(range));
                }
            }
        }
        let got = match self.s3.get_opts(&self.path(key), req).await {
            Ok(g) => g,
            Err(object_store::Error::NotFound { .. }) => return Ok(None),
            Err(e) => return Err(conv_err(key.as_str(), e)),
        };
        let meta = self.meta(key.clone(), &got.meta);
        let range = got.range.clone();
        let k = key.to_string();
        let body = got
            .into_stream()
            .map_err(move |e| io::Error::other(format!("{k}: {e}")))
            .boxed();
        Ok(Some(GetResult { meta, range, body }))
    }

    async fn head(&self, key: &Key) -> ObjResult<Option<ObjectMeta>> {
        match self.s3.head(&self.path(key)).await {
            Ok(m) => Ok(Some(self.meta(key.clone(), &m))),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(conv_err(key.as_str(), e)),
        }
    }

    async fn put(&self, key: &Key, data: Bytes, mode: PutMode) -> ObjResult<ETag> {
        let mode = match mode {
            PutMode::Overwrite => object_store::PutMode::Overwrite,
            PutMode::Create => object_store::PutMode::Create,
            PutMode::Replace(e) => object_store::PutMode::Update(object_store::UpdateVersion {
                e_tag: Some(e.0),
                version: None,
            }),
        };
        let replace = matches!(mode, object_store::PutMode::Update(_));
        let opts = object_store::PutOptions {
            mode,
            ..Default::default()
        };
        match self.s3.put_opts(&self.path(key), data.into(), opts).await {
            Ok(r) => Ok(ETag(r.e_tag.unwrap_or_default())),
            // If-Match on a missing object: some services say 404.
            Err(object_store::Error::NotFound { .. }) if replace => {
                Err(ObjectError::precondition(key))
            }
            Err(e) => Err(conv_err(key.as_str(), e)),
        }
    }

    async fn delete(&self, key: &Key, mode: DeleteMode) -> ObjResult<bool> {
        match mode {
            DeleteMode::IfMatch(etag) => self.delete_if_match(key, &etag).await,
            DeleteMode::Any => {
                // S3 answers a delete of nothing with success: ask first to report it.
                if self.head(key).await?.is_none() {
                    return Ok(false);
                }
                match self.s3.delete(&self.path(key)).await {
                    Ok(()) => Ok(true),
                    Err(object_store::Error::NotFound { .. }) => Ok(false),
                    Err(e) => Err(conv_err(key.as_str(), e)),
                }
            }
        }
    }

    async fn list(
        &self,
        prefix: &str,
        cursor: Option<&ListCursor>,
        limit: usize,
    ) -> ObjResult<ListPage> {
        use object_store::list::{PaginatedListOptions, PaginatedListStore};
        let full = self.full(prefix);
        let full = if prefix.is_empty() && !self.config.prefix.is_empty() {
            format!("{}/", self.config.prefix)
        } else {
            full
        };
        let opts = PaginatedListOptions {
            max_keys: Some(limit.clamp(1, 1000)),
            page_token: cursor.map(|c| c.0.clone()),
            ..Default::default()
        };
        let got = self
            .s3
            .list_paginated((!full.is_empty()).then_some(full.as_str()), opts)
            .await
            .map_err(|e| conv_err(prefix, e))?;
        let objects = got
            .result
            .objects
            .iter()
            // Not ours: outside the prefix, or a bookkeeping name.
            .filter_map(|m| Some(self.meta(self.key_of(&m.location)?, m)))
            .filter(|m| m.key.as_str().starts_with(prefix))
            .collect();
        Ok(ListPage {
            objects,
            next: got.page_token.map(ListCursor),
        })
    }

    async fn presigned_get(&self, key: &Key, ttl: Duration) -> ObjResult<Option<String>> {
        let url = self
            .s3
            .signed_url(http::Method::GET, &self.path(key), ttl)
            .await
            .map_err(|e| conv_err(key.as_str(), e))?;
        Ok(Some(url.to_string()))
    }

    async fn create_multipart(&self, key: &Key) -> ObjResult<MultipartId> {
        self.s3
            .create_multipart(&self.path(key))
            .await
            .map(MultipartId)
            .map_err(|e| conv_err(key.as_str(), e))
    }

    async fn put_part(
        &self,
        key: &Key,
        id: &MultipartId,
        number: u32,
        data: Bytes,
    ) -> ObjResult<PartTag> {
        super::check_part_number(key, number)?;
        self.s3
            .put_part(&self.path(key), &id.0, number as usize - 1, data.into())
            .await
            .map(|p| PartTag(format!("{number}:{}", p.content_id)))
            .map_err(|e| conv_err(key.as_str(), e))
    }

    async fn complete_multipart(
        &self,
        key: &Key,
        id: &MultipartId,
        parts: &[PartTag],
    ) -> ObjResult<ETag> {
        // Parts are tagged `number:etag`; S3 needs them numbered 1..n in order, which
        // is what `object_store` sends for a list of n parts.
        let mut ids = Vec::with_capacity(parts.len());
        for (i, p) in parts.iter().enumerate() {
            let (n, etag) =
                p.0.split_once(':')
                    .ok_or_else(|| ObjectError::precondition(key))?;
            if n != (i + 1).to_string() {
                return Err(ObjectError::Unsupported(
                    "completing a multipart upload with parts that are not numbered 1..n".into(),
                ));
            }
            ids.push(PartId {
                content_id: etag.to_string(),
            });
        }
        self.s3
            .complete_multipart(&self.path(key), &id.0, ids)
            .await
            .map(|r| ETag(r.e_tag.unwrap_or_default()))
            .map_err(|e| conv_err(key.as_str(), e))
    }

    async fn abort_multipart(&self, key: &Key, id: &MultipartId) -> ObjResult<()> {
        match self.s3.abort_multipart(&self.path(key), &id.0).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(conv_err(key.as_str(), e)),
        }
    }

    async fn now(&self) -> ObjResult<SystemTime> {
        // The service's clock is what stamps objects: write a scratch object and read
        // its time back.
        let path = Path::from(self.full(".objects/clock"));
        let key_name = path.to_string();
        self.s3
            .put(&path, Bytes::new().into())
            .await
            .map_err(|e| conv_err(&key_name, e))?;
        let m = self
            .s3
            .head(&path)
            .await
            .map_err(|e| conv_err(&key_name, e))?;
        Ok(SystemTime::from(m.last_modified))
    }
}
