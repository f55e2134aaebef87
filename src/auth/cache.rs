//! A bounded cache of verified credentials, so that argon2 runs once per credential
//! rather than once per request.
//!
//! Entries are keyed by SHA-256 of a per-process random salt, the user name and the
//! password (the password itself is never kept, and the salt keeps the keys useless
//! outside this process) and stamped with the generation of the users file they were checked
//! against: when users change (a new password, a removed user), every older entry
//! stops counting at once.

use std::collections::HashMap;
use std::sync::Mutex;

use sha2::{Digest as _, Sha256};

/// Most entries kept; when full, the cache starts over (cheap, and the working set of
/// credentials in practice is small).
pub const CAPACITY: usize = 4096;

/// Verified credentials.
#[derive(Debug)]
pub struct CredentialCache {
    salt: [u8; 32],
    entries: Mutex<HashMap<[u8; 32], u64>>,
}

impl Default for CredentialCache {
    fn default() -> CredentialCache {
        let mut salt = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut salt);
        CredentialCache {
            salt,
            entries: Mutex::default(),
        }
    }
}

fn key(salt: &[u8; 32], user: &str, password: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(salt);
    // Length-prefix the user so that ("ab", "c") and ("a", "bc") differ.
    h.update((user.len() as u64).to_le_bytes());
    h.update(user.as_bytes());
    h.update(password.as_bytes());
    h.finalize().into()
}

impl CredentialCache {
    /// Whether this exact credential was verified against users generation `generation`.
    pub fn contains(&self, user: &str, password: &str, generation: u64) -> bool {
        let k = key(&self.salt, user, password);
        match self.entries.lock() {
            Ok(m) => m.get(&k) == Some(&generation),
            Err(_) => false,
        }
    }

    /// Records a credential verified against users generation `generation`.
    pub fn insert(&self, user: &str, password: &str, generation: u64) {
        let k = key(&self.salt, user, password);
        if let Ok(mut m) = self.entries.lock() {
            if m.len() >= CAPACITY {
                m.retain(|_, g| *g == generation);
                if m.len() >= CAPACITY {
                    m.clear();
                }
            }
            m.insert(k, generation);
        }
    }

    /// Number of entries (for tests and diagnostics).
    pub fn len(&self) -> usize {
        self.entries.lock().map(|m| m.len()).unwrap_or(0)
    }

    /// Whether the cache is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
