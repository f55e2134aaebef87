//! An in-memory object backend with fault injection, for tests.
//!
//! It behaves like a strict object store (atomic conditional operations, a minimum
//! part size for multipart uploads) and can be told to misbehave the way networks and
//! object stores do: answer late, fail, or carry out an operation and then lose the
//! reply ([`Fault`]). Faults are a backend like any other, not a mock of the store.

use std::collections::{BTreeMap, HashMap};
use std::io;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use bytes::Bytes;

use super::{
    check_get_conditions, clamp_range, DeleteMode, ETag, GetOptions, GetResult, Key, ListCursor,
    ListPage, MultipartId, ObjResult, ObjectError, ObjectMeta, ObjectStore, PartTag, PutMode,
};

/// The operations faults can target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    /// [`ObjectStore::get`].
    Get,
    /// [`ObjectStore::head`].
    Head,
    /// [`ObjectStore::put`].
    Put,
    /// [`ObjectStore::delete`].
    Delete,
    /// [`ObjectStore::list`].
    List,
    /// Any of the multipart operations.
    Multipart,
}

/// What an injected fault does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaultKind {
    /// Wait this long, then carry out the operation normally.
    Delay(Duration),
    /// Fail without doing anything.
    Error,
    /// Carry out the operation, then fail as if the reply had been lost.
    LostReply,
}

/// A fault: which operations it hits, what it does and how many times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// The operation it targets.
    pub op: Op,
    /// Only keys starting with this (all keys when empty).
    pub key_prefix: String,
    /// What it does.
    pub kind: FaultKind,
    /// How many operations it hits before it is spent (`u32::MAX`: forever).
    pub times: u32,
}

#[derive(Clone)]
struct Stored {
    data: Bytes,
    etag: ETag,
    modified: SystemTime,
}

/// A multipart upload in progress: its key and its parts (number -> bytes, tag).
type Upload = (String, BTreeMap<u32, (Bytes, String)>);

#[derive(Default)]
struct State {
    objects: BTreeMap<String, Stored>,
    uploads: HashMap<String, Upload>,
    faults: Vec<Fault>,
    /// Every operation since the last [`MemObjects::take_log`], when logging is on.
    log: Option<Vec<(Op, String)>>,
}

/// Objects in memory. Cheap to clone; clones share the same objects.
#[derive(Clone)]
pub struct MemObjects {
    state: Arc<Mutex<State>>,
    versions: Arc<AtomicU64>,
    min_part: u64,
}

impl Default for MemObjects {
    fn default() -> Self {
        MemObjects::new()
    }
}

impl MemObjects {
    /// An empty store with S3's 5 MiB minimum part size.
    pub fn new() -> MemObjects {
        MemObjects::with_min_part_size(5 * 1024 * 1024)
    }

    /// An empty store with the given minimum part size (small in tests).
    pub fn with_min_part_size(min_part: u64) -> MemObjects {
        MemObjects {
            state: Arc::default(),
            versions: Arc::new(AtomicU64::new(1)),
            min_part,
        }
    }

    /// Adds a fault; it applies to operations that start from now on.
    pub fn inject(&self, fault: Fault) {
        self.lock().faults.push(fault);
    }

    /// Removes every fault.
    pub fn clear_faults(&self) {
        self.lock().faults.clear();
    }

    /// Starts (or restarts) recording every operation and the key it names, so tests
    /// can hold the store to a request budget (each one is a round trip on S3).
    pub fn record_ops(&self) {
        self.lock().log = Some(Vec::new());
    }

    /// The operations recorded since [`MemObjects::record_ops`] or the last call, in
    /// order; recording continues.
    pub fn take_log(&self) -> Vec<(Op, String)> {
        self.lock()
            .log
            .as_mut()
            .map(std::mem::take)
            .unwrap_or_default()
    }

    /// Every key stored, in byte order.
    pub fn keys(&self) -> Vec<String> {
        self.lock().objects.keys().cloned().collect()
    }

    /// Number of multipart uploads not completed or aborted.
    pub fn open_uploads(&self) -> usize {
        self.lock().uploads.len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn next_etag(&self) -> ETag {
        ETag(format!(
            "m{}",
            self.versions.fetch_add(1, Ordering::Relaxed)
        ))
    }

    /// Takes the first matching fault (spending one of its uses), if any.
    fn fault(&self, op: Op, key: &str) -> Option<FaultKind> {
        let mut st = self.lock();
        if let Some(log) = st.log.as_mut() {
            log.push((op, key.to_string()));
        }
        let i = st
            .faults
            .iter()
            .position(|f| f.op == op && key.starts_with(&f.key_prefix) && f.times > 0)?;
        let f = &mut st.faults[i];
        if f.times != u32::MAX {
            f.times -= 1;
        }
        let kind = f.kind.clone();
        if f.times == 0 {
            st.faults.remove(i);
        }
        Some(kind)
    }

    /// Runs `f` under the faults that apply to `op` on `key`.
    async fn faulty<T>(&self, op: Op, key: &str, f: impl FnOnce() -> ObjResult<T>) -> ObjResult<T> {
        let injected = || ObjectError::Io {
            key: key.to_string(),
            cause: io::Error::new(io::ErrorKind::ConnectionReset, "injected fault"),
        };
        match self.fault(op, key) {
            None => f(),
            Some(FaultKind::Delay(d)) => {
                tokio::time::sleep(d).await;
                f()
            }
            Some(FaultKind::Error) => Err(injected()),
            Some(FaultKind::LostReply) => {
                let _ = f();
                Err(injected())
            }
        }
    }

    fn meta(key: &str, s: &Stored) -> ObjResult<ObjectMeta> {
        Ok(ObjectMeta {
            key: Key::parse(key).ok_or_else(|| ObjectError::Io {
                key: key.to_string(),
                cause: io::Error::new(io::ErrorKind::InvalidData, "invalid key"),
            })?,
            size: s.data.len() as u64,
            etag: s.etag.clone(),
            modified: s.modified,
        })
    }
}

#[async_trait::async_trait]
impl ObjectStore for MemObjects {
    fn describe(&self) -> String {
        "memory".to_string()
    }

    fn min_part_size(&self) -> u64 {
        self.min_part
    }

    async fn get(&self, key: &Key, opts: GetOptions) -> ObjResult<Option<GetResult>> {
        self.faulty(Op::Get, key.as_str(), || {
            let st = self.lock();
            let Some(s) = st.objects.get(key.as_str()) else {
                return Ok(None);
            };
            let meta = Self::meta(key.as_str(), s)?;
            check_get_conditions(&opts, &meta)?;
            let range = clamp_range(opts.range.as_ref(), meta.size);
            let piece = s.data.slice(range.start as usize..range.end as usize);
            let body = futures_util::stream::iter([Ok(piece)]);
            Ok(Some(GetResult {
                meta,
                range,
                body: Box::pin(body),
            }))
        })
        .await
    }

    async fn head(&self, key: &Key) -> ObjResult<Option<ObjectMeta>> {
        self.faulty(Op::Head, key.as_str(), || {
            let st = self.lock();
            st.objects
                .get(key.as_str())
                .map(|s| Self::meta(key.as_str(), s))
                .transpose()
        })
        .await
    }

    async fn put(&self, key: &Key, data: Bytes, mode: PutMode) -> ObjResult<ETag> {
        self.faulty(Op::Put, key.as_str(), || {
            let mut st = self.lock();
            let current = st.objects.get(key.as_str()).map(|s| &s.etag);
            match (&mode, current) {
                (PutMode::Create, Some(_)) => return Err(ObjectError::exists(key)),
                (PutMode::Replace(want), Some(have)) if want != have => {
                    return Err(ObjectError::precondition(key))
                }
                (PutMode::Replace(_), None) => return Err(ObjectError::precondition(key)),
                _ => {}
            }
            let etag = self.next_etag();
            st.objects.insert(
                key.as_str().to_string(),
                Stored {
                    data,
                    etag: etag.clone(),
                    modified: SystemTime::now(),
                },
            );
            Ok(etag)
        })
        .await
    }

    async fn delete(&self, key: &Key, mode: DeleteMode) -> ObjResult<bool> {
        self.faulty(Op::Delete, key.as_str(), || {
            let mut st = self.lock();
            match (&mode, st.objects.get(key.as_str())) {
                (_, None) => return Ok(false),
                (DeleteMode::IfMatch(want), Some(s)) if want != &s.etag => {
                    return Err(ObjectError::precondition(key))
                }
                _ => {}
            }
            st.objects.remove(key.as_str());
            Ok(true)
        })
        .await
    }

    async fn list(
        &self,
        prefix: &str,
        cursor: Option<&ListCursor>,
        limit: usize,
    ) -> ObjResult<ListPage> {
        self.faulty(Op::List, prefix, || {
            let st = self.lock();
            let from = match cursor {
                Some(c) if c.0.as_str() >= prefix => std::ops::Bound::Excluded(c.0.clone()),
                _ => std::ops::Bound::Included(prefix.to_string()),
            };
            let mut page = ListPage::default();
            for (k, s) in st.objects.range((from, std::ops::Bound::Unbounded)) {
                if !k.starts_with(prefix) {
                    break;
                }
                if page.objects.len() == limit.max(1) {
                    page.next = page.objects.last().map(|m| ListCursor(m.key.to_string()));
                    break;
                }
                page.objects.push(Self::meta(k, s)?);
            }
            Ok(page)
        })
        .await
    }

    async fn create_multipart(&self, key: &Key) -> ObjResult<MultipartId> {
        self.faulty(Op::Multipart, key.as_str(), || {
            let id = uuid::Uuid::new_v4().to_string();
            self.lock()
                .uploads
                .insert(id.clone(), (key.as_str().to_string(), BTreeMap::new()));
            Ok(MultipartId(id))
        })
        .await
    }

    async fn put_part(
        &self,
        key: &Key,
        id: &MultipartId,
        number: u32,
        data: Bytes,
    ) -> ObjResult<PartTag> {
        self.faulty(Op::Multipart, key.as_str(), || {
            super::check_part_number(key, number)?;
            let tag = format!("{number}:{}", self.next_etag());
            let mut st = self.lock();
            let Some((k, parts)) = st.uploads.get_mut(&id.0) else {
                return Err(ObjectError::not_found(key));
            };
            if k != key.as_str() {
                return Err(ObjectError::not_found(key));
            }
            parts.insert(number, (data, tag.clone()));
            Ok(PartTag(tag))
        })
        .await
    }

    async fn complete_multipart(
        &self,
        key: &Key,
        id: &MultipartId,
        parts: &[PartTag],
    ) -> ObjResult<ETag> {
        self.faulty(Op::Multipart, key.as_str(), || {
            let mut st = self.lock();
            let Some((k, stored)) = st.uploads.get(&id.0) else {
                return Err(ObjectError::not_found(key));
            };
            if k != key.as_str() {
                return Err(ObjectError::not_found(key));
            }
            let mut data = Vec::new();
            for (i, want) in parts.iter().enumerate() {
                let found = stored.values().find(|(_, t)| t == &want.0);
                let Some((bytes, _)) = found else {
                    return Err(ObjectError::precondition(key));
                };
                if i + 1 < parts.len() && (bytes.len() as u64) < self.min_part {
                    return Err(ObjectError::io(
                        key,
                        io::Error::new(
                            io::ErrorKind::InvalidInput,
                            format!("part {} is smaller than the minimum part size", i + 1),
                        ),
                    ));
                }
                data.extend_from_slice(bytes);
            }
            st.uploads.remove(&id.0);
            let etag = self.next_etag();
            st.objects.insert(
                key.as_str().to_string(),
                Stored {
                    data: Bytes::from(data),
                    etag: etag.clone(),
                    modified: SystemTime::now(),
                },
            );
            Ok(etag)
        })
        .await
    }

    async fn abort_multipart(&self, key: &Key, id: &MultipartId) -> ObjResult<()> {
        self.faulty(Op::Multipart, key.as_str(), || {
            self.lock().uploads.remove(&id.0);
            Ok(())
        })
        .await
    }

    async fn now(&self) -> ObjResult<SystemTime> {
        Ok(SystemTime::now())
    }
}
