//! A start-up check of the conditional operations on a live backend.
//!
//! The store's correctness across processes rests on three atomic operations:
//! create-if-absent, replace-if-ETag-matches and delete-if-ETag-matches. Some
//! S3-compatible services accept the headers and ignore them. Before serving from
//! such a backend, [`check`] races a few contenders on each operation and insists
//! on exactly one winner; a backend that fails is named with the capability it lacks.

use bytes::Bytes;

use super::{DeleteMode, Key, ObjectError, ObjectStore, PutMode};

/// Contenders per operation.
const CONTENDERS: usize = 4;

/// A capability the backend lacks.
#[derive(Debug, thiserror::Error)]
#[error("the storage backend {backend} fails the {capability} check: {why}")]
pub struct SelfTestError {
    /// Where the objects live.
    pub backend: String,
    /// `create-if-absent`, `replace-if-match` or `delete-if-match`.
    pub capability: &'static str,
    /// What went wrong.
    pub why: String,
}

/// Races [`CONTENDERS`] writers on each conditional operation, under a scratch key
/// that is removed afterwards.
pub async fn check(store: &dyn ObjectStore) -> Result<(), SelfTestError> {
    let base = format!("registryctl-selftest/{}", uuid::Uuid::new_v4().simple());
    let fail = |capability: &'static str, why: String| SelfTestError {
        backend: store.describe(),
        capability,
        why,
    };
    let key = Key::parse(&format!("{base}/probe"))
        .ok_or_else(|| fail("create-if-absent", "cannot name a scratch key".into()))?;
    let result = race(store, &key).await.map_err(|(c, why)| fail(c, why));
    // Best effort: a leftover probe is harmless and named as such.
    let _ = store.delete(&key, DeleteMode::Any).await;
    result
}

async fn race(store: &dyn ObjectStore, key: &Key) -> Result<(), (&'static str, String)> {
    // create-if-absent: exactly one of the contenders creates it.
    let creates = futures_util::future::join_all(
        (0..CONTENDERS)
            .map(|i| store.put(key, Bytes::from(format!("create {i}")), PutMode::Create)),
    )
    .await;
    let winners = count_winners(&creates, |e| matches!(e, ObjectError::AlreadyExists { .. }))
        .map_err(|why| ("create-if-absent", why))?;
    if winners != 1 {
        return Err((
            "create-if-absent",
            format!("{winners} of {CONTENDERS} concurrent creates succeeded"),
        ));
    }
    let etag = creates
        .into_iter()
        .find_map(Result::ok)
        .ok_or(("create-if-absent", "no ETag returned".to_string()))?;
    // replace-if-match: exactly one of the contenders replaces the version it saw.
    let replaces = futures_util::future::join_all((0..CONTENDERS).map(|i| {
        store.put(
            key,
            Bytes::from(format!("replace {i}")),
            PutMode::Replace(etag.clone()),
        )
    }))
    .await;
    let winners = count_winners(&replaces, |e| matches!(e, ObjectError::Precondition { .. }))
        .map_err(|why| ("replace-if-match", why))?;
    if winners != 1 {
        return Err((
            "replace-if-match",
            format!("{winners} of {CONTENDERS} concurrent replaces of one version succeeded"),
        ));
    }
    let current = replaces
        .into_iter()
        .find_map(Result::ok)
        .ok_or(("replace-if-match", "no ETag returned".to_string()))?;
    // delete-if-match: a stale version must not delete, the current one must.
    match store.delete(key, DeleteMode::IfMatch(etag)).await {
        Err(ObjectError::Precondition { .. }) => {}
        Ok(true) => {
            return Err((
                "delete-if-match",
                "a delete of a stale version succeeded".into(),
            ))
        }
        Ok(false) => return Err(("delete-if-match", "the object vanished".into())),
        Err(e) => return Err(("delete-if-match", e.to_string())),
    }
    match store.delete(key, DeleteMode::IfMatch(current)).await {
        Ok(true) => Ok(()),
        Ok(false) => Err(("delete-if-match", "the object vanished".into())),
        Err(e) => Err(("delete-if-match", e.to_string())),
    }
}

/// Counts successes; an error other than the expected refusal is a failure.
fn count_winners<T>(
    results: &[Result<T, ObjectError>],
    refused: impl Fn(&ObjectError) -> bool,
) -> Result<usize, String> {
    let mut wins = 0;
    for r in results {
        match r {
            Ok(_) => wins += 1,
            Err(e) if refused(e) => {}
            Err(e) => return Err(e.to_string()),
        }
    }
    Ok(wins)
}
