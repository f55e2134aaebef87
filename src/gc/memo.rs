//! gc's memo on object storage: what earlier runs read from records that stay, so
//! that a run need not read them again (docs/gc.md, "gc's memo").
//!
//! Two kinds of fact, each about a digest:
//! - **A manifest's references** under a media type. The bytes at a digest never
//!   change, so neither does what they reference: this fact cannot go stale. It is
//!   used only while the manifest's blob record is in this run's listing (a run that
//!   misses the bytes reads them, and reports them missing as before).
//! - **A blob record's size and the data object it names** (`None`: its bytes are
//!   inline). The size cannot go stale either. The data object can, if the record
//!   was deleted and created again since. gc therefore uses it only to *keep* a data
//!   object, never to delete one: a data object is deleted without reading every
//!   record the memo stood in for only when this run read, and then deleted, the
//!   record that named it (a data object is named by one blob record at most). Any
//!   other data object that looks unnamed makes the run read those records first.
//!
//! The memo is 16 shards (`gc-memo/<x>.json`, by the first hex digit of the digest).
//! Each run ignores one shard, in turn, and reads its records afresh, so a stale
//! fact that kept a data object alive goes within 16 runs. A shard written by
//! another version of registryctl, or that does not parse, is ignored. Only a real
//! run writes the memo; a dry run reads it.

use std::collections::HashMap;

use bytes::Bytes;
use serde::{Deserialize, Serialize};

use crate::oci::Digest;
use crate::reach::ManifestRefs;
use crate::storage::on_objects::ObjectBackend;
use crate::storage::{paths, Key};

/// Number of shards.
pub(super) const SHARDS: u8 = 16;
/// The shards' format; with the crate's version, what a shard must carry to be used.
const FORMAT: u32 = 1;

/// One shard as stored.
#[derive(Serialize, Deserialize)]
struct Shard {
    format: u32,
    version: String,
    run: u64,
    blobs: Vec<BlobFact>,
    manifests: Vec<RefsFact>,
}

#[derive(Serialize, Deserialize)]
struct BlobFact {
    digest: Digest,
    size: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    data: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct RefsFact {
    digest: Digest,
    media_type: String,
    refs: ManifestRefs,
}

/// What a committed blob record said: its size and the data object it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct BlobSays {
    /// The blob's size.
    pub(super) size: u64,
    /// The data object holding its bytes (`None`: inline).
    pub(super) data: Option<Key>,
}

/// The facts loaded for one run, and the facts it learns for the next.
#[derive(Default)]
pub(super) struct Memo {
    /// This run's number (one more than the newest shard's).
    run: u64,
    blobs: HashMap<Digest, BlobSays>,
    refs: HashMap<(Digest, String), ManifestRefs>,
}

/// The shard a digest's facts belong to.
fn shard_of(d: &Digest) -> u8 {
    d.hex()
        .chars()
        .next()
        .and_then(|c| c.to_digit(16))
        .map_or(0, |v| v as u8)
}

impl Memo {
    /// Loads every shard but the one this run reads afresh. Unreadable, damaged or
    /// foreign shards count as empty (a warning says why).
    pub(super) fn load(ob: &ObjectBackend, threads: usize) -> Memo {
        let shards: Vec<u8> = (0..SHARDS).collect();
        let read = crate::par::map(&shards, threads, |&n| {
            let key = paths::gc_memo_shard(n);
            match ob.read_raw(&key) {
                Ok(Some((raw, _))) => match serde_json::from_slice::<Shard>(&raw) {
                    Ok(s) if s.format == FORMAT && s.version == env!("CARGO_PKG_VERSION") => {
                        Some(s)
                    }
                    Ok(_) => {
                        tracing::info!(%key, "gc memo shard of another version: not used");
                        None
                    }
                    Err(e) => {
                        tracing::warn!(%key, error = %e, "gc memo shard damaged: not used");
                        None
                    }
                },
                Ok(None) => None,
                Err(e) => {
                    tracing::warn!(%key, error = %e, "gc memo shard unreadable: not used");
                    None
                }
            }
        });
        let loaded: Vec<(u8, Shard)> = shards
            .into_iter()
            .zip(read)
            .filter_map(|(n, s)| s.map(|s| (n, s)))
            .collect();
        let run = loaded.iter().map(|(_, s)| s.run).max().unwrap_or(0) + 1;
        let fresh = (run % u64::from(SHARDS)) as u8;
        let mut memo = Memo {
            run,
            ..Memo::default()
        };
        for (n, shard) in loaded {
            if n == fresh {
                continue;
            }
            for b in shard.blobs {
                if shard_of(&b.digest) != n {
                    continue;
                }
                let data = match b.data {
                    Some(k) => match Key::parse(&k) {
                        Some(k) => Some(k),
                        None => continue,
                    },
                    None => None,
                };
                memo.blobs.insert(b.digest, BlobSays { size: b.size, data });
            }
            for m in shard.manifests {
                if shard_of(&m.digest) == n {
                    memo.refs.insert((m.digest, m.media_type), m.refs);
                }
            }
        }
        memo
    }

    /// What the memo says about a committed blob record (taken out: the run keeps
    /// its own copy of what it knows).
    pub(super) fn take_blob(&mut self, d: &Digest) -> Option<BlobSays> {
        self.blobs.remove(d)
    }

    /// A manifest's references under `media_type`, if an earlier run read them.
    pub(super) fn refs(&self, d: &Digest, media_type: &str) -> Option<&ManifestRefs> {
        self.refs.get(&(d.clone(), media_type.to_string()))
    }

    /// Writes the memo for the next run: the facts about every record that stays.
    /// Each shard is one overwrite, built and written one at a time (so that only
    /// one shard's copy is in memory); a failure leaves the shards written so far.
    pub(super) fn save<'a>(
        &self,
        ob: &ObjectBackend,
        blobs: impl Iterator<Item = (&'a Digest, &'a BlobSays)>,
        refs: impl Iterator<Item = (&'a Digest, &'a str, &'a ManifestRefs)>,
    ) -> std::io::Result<()> {
        let mut blob_shards: Vec<Vec<(&Digest, &BlobSays)>> = vec![Vec::new(); SHARDS.into()];
        for (d, says) in blobs {
            blob_shards[usize::from(shard_of(d))].push((d, says));
        }
        let mut ref_shards: Vec<Vec<(&Digest, &str, &ManifestRefs)>> =
            vec![Vec::new(); SHARDS.into()];
        for r in refs {
            ref_shards[usize::from(shard_of(r.0))].push(r);
        }
        for (n, (blobs, refs)) in blob_shards.into_iter().zip(ref_shards).enumerate() {
            let shard = Shard {
                format: FORMAT,
                version: env!("CARGO_PKG_VERSION").to_string(),
                run: self.run,
                blobs: blobs
                    .into_iter()
                    .map(|(d, says)| BlobFact {
                        digest: d.clone(),
                        size: says.size,
                        data: says.data.as_ref().map(|k| k.to_string()),
                    })
                    .collect(),
                manifests: refs
                    .into_iter()
                    .map(|(d, media_type, r)| RefsFact {
                        digest: d.clone(),
                        media_type: media_type.to_string(),
                        refs: r.clone(),
                    })
                    .collect(),
            };
            let body = serde_json::to_vec(&shard).map_err(std::io::Error::other)?;
            drop(shard);
            ob.put_whole(&paths::gc_memo_shard(n as u8), Bytes::from(body))?;
        }
        Ok(())
    }
}
