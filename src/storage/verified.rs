//! A bounded in-memory copy of small content-addressed bytes (manifests) that were
//! read from a remote backend and verified against their digest, so serving them
//! again costs no round trip. Only bytes that hash to their digest enter, so the
//! cache can never serve anything a digest does not name; whether a repository may
//! serve them is still decided by reading its link every time.
//!
//! Beside it, [`Records`]: copies of small mutable records (tags, links) by the
//! version the backend gave them, used only after the backend confirmed that version
//! is still current (one metadata request, cheaper than a read on object storage):
//! validated each time, never trusted alone.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use bytes::Bytes;

use crate::oci::{Algorithm, Digest};

/// What the manifest cache holds at most.
pub const MANIFEST_CACHE_BYTES: usize = 32 * 1024 * 1024;

/// Entries larger than this are not kept.
const ENTRY_MAX: usize = 1024 * 1024;

/// Verified bytes by digest, evicted oldest first beyond a byte budget.
pub struct Cache {
    budget: usize,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    map: HashMap<Digest, Bytes>,
    order: VecDeque<Digest>,
    bytes: usize,
}

impl Cache {
    /// An empty cache holding at most `budget` bytes.
    pub fn new(budget: usize) -> Cache {
        Cache {
            budget,
            inner: Mutex::default(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The bytes of `d`, if held.
    pub fn get(&self, d: &Digest) -> Option<Bytes> {
        self.lock().map.get(d).cloned()
    }

    /// Keeps `data` as the bytes of `d` if they hash to it (SHA-256 only) and fit.
    pub fn insert_verified(&self, d: &Digest, data: &[u8]) {
        if data.len() > ENTRY_MAX || d.algorithm() != Algorithm::Sha256 {
            return;
        }
        if &Digest::sha256_of(data) != d {
            return;
        }
        let mut g = self.lock();
        if g.map.contains_key(d) {
            return;
        }
        g.map.insert(d.clone(), Bytes::copy_from_slice(data));
        g.order.push_back(d.clone());
        g.bytes += data.len();
        while g.bytes > self.budget {
            let Some(old) = g.order.pop_front() else {
                break;
            };
            if let Some(b) = g.map.remove(&old) {
                g.bytes -= b.len();
            }
        }
    }
}

/// How many records [`Records`] keeps before it starts over.
pub const RECORDS_MAX: usize = 65_536;

/// Small records by key, each with the version it was read at.
pub struct Records {
    max: usize,
    map: Mutex<HashMap<String, (u64, Bytes)>>,
}

impl Records {
    /// An empty cache of at most `max` records.
    pub fn new(max: usize) -> Records {
        Records {
            max,
            map: Mutex::default(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (u64, Bytes)>> {
        self.map.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The bytes of `key` if they were read at `version`. Version 0 means the
    /// backend gave none (no ETag): such a record is never answered from memory.
    pub fn get(&self, key: &str, version: u64) -> Option<Bytes> {
        if version == 0 {
            return None;
        }
        match self.lock().get(key) {
            Some((v, b)) if *v == version => Some(b.clone()),
            _ => None,
        }
    }

    /// Keeps `data` as read at `version` (small records only).
    pub fn insert(&self, key: &str, version: u64, data: &[u8]) {
        if data.len() > 4096 {
            return;
        }
        let mut g = self.lock();
        if g.len() >= self.max {
            // Rarely reached (that many tags and links served): starting over is
            // simpler than tracking recency and costs one read per record.
            g.clear();
        }
        g.insert(key.to_string(), (version, Bytes::copy_from_slice(data)));
    }

    /// Forgets `key` (it is gone).
    pub fn remove(&self, key: &str) {
        self.lock().remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_answer_only_for_their_version_and_stay_bounded() {
        let r = Records::new(2);
        r.insert("a", 1, b"one");
        assert_eq!(r.get("a", 1).as_deref(), Some(&b"one"[..]));
        assert!(
            r.get("a", 2).is_none(),
            "another version is another content"
        );
        r.insert("b", 1, b"x");
        r.insert("c", 1, b"y");
        assert!(
            r.get("a", 1).is_none() && r.get("c", 1).is_some(),
            "bounded"
        );
        r.remove("c");
        assert!(r.get("c", 1).is_none());
        r.insert("z", 0, b"unversioned");
        assert!(r.get("z", 0).is_none(), "no version, no trust");
    }

    #[test]
    fn only_verified_bytes_enter_and_the_budget_holds() {
        let c = Cache::new(10);
        let d = Digest::sha256_of(b"hello");
        c.insert_verified(&d, b"HELLO");
        assert!(c.get(&d).is_none(), "bytes that do not hash to the digest");
        c.insert_verified(&d, b"hello");
        assert_eq!(c.get(&d).as_deref(), Some(&b"hello"[..]));
        let d2 = Digest::sha256_of(b"world!");
        c.insert_verified(&d2, b"world!");
        assert!(c.get(&d).is_none(), "oldest evicted beyond the budget");
        assert!(c.get(&d2).is_some());
    }
}
