//! Content digests (`algorithm:hex`) and the streaming hasher that produces them.
//!
//! Only the two algorithms the image spec registers are accepted: `sha256` (the
//! default for everything this registry computes) and `sha512`. A digest is
//! validated completely on parse — algorithm, length and lower-case hex — so a
//! `Digest` can be turned into a storage path without any further checks.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest as _, Sha256, Sha512};

/// A registered digest algorithm (serialized by its name, `sha256` or `sha512`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Algorithm {
    /// SHA-256, 64 hex characters.
    Sha256,
    /// SHA-512, 128 hex characters.
    Sha512,
}

impl Algorithm {
    /// The name used in digest strings and storage paths.
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::Sha256 => "sha256",
            Algorithm::Sha512 => "sha512",
        }
    }

    /// Number of hex characters in an encoded digest of this algorithm.
    pub fn hex_len(self) -> usize {
        match self {
            Algorithm::Sha256 => 64,
            Algorithm::Sha512 => 128,
        }
    }

    /// Parses an algorithm name.
    pub fn parse(s: &str) -> Option<Algorithm> {
        match s {
            "sha256" => Some(Algorithm::Sha256),
            "sha512" => Some(Algorithm::Sha512),
            _ => None,
        }
    }
}

/// Why a string is not a digest.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DigestError {
    /// No `:` separator.
    #[error("digest {0:?} is not of the form algorithm:hex")]
    Malformed(String),
    /// An algorithm this registry does not support.
    #[error("digest algorithm {0:?} is not supported (use sha256 or sha512)")]
    UnsupportedAlgorithm(String),
    /// Wrong length or characters in the encoded part.
    #[error(
        "digest {0:?} does not have the length and lower-case hex encoding its algorithm requires"
    )]
    BadEncoding(String),
}

/// A validated content digest.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Digest {
    algorithm: Algorithm,
    hex: String,
}

impl Digest {
    /// Parses and validates `algorithm:hex`.
    pub fn parse(s: &str) -> Result<Digest, DigestError> {
        let (alg, hex) = s
            .split_once(':')
            .ok_or_else(|| DigestError::Malformed(s.to_string()))?;
        let algorithm = Algorithm::parse(alg).ok_or_else(|| {
            if alg.is_empty()
                || !alg
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"+._-".contains(&b))
            {
                DigestError::Malformed(s.to_string())
            } else {
                DigestError::UnsupportedAlgorithm(alg.to_string())
            }
        })?;
        Digest::from_parts(algorithm, hex).ok_or_else(|| DigestError::BadEncoding(s.to_string()))
    }

    /// Builds a digest from an algorithm and its hex encoding, if the encoding is valid.
    pub fn from_parts(algorithm: Algorithm, hex: &str) -> Option<Digest> {
        let ok = hex.len() == algorithm.hex_len()
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        ok.then(|| Digest {
            algorithm,
            hex: hex.to_string(),
        })
    }

    /// The SHA-256 digest of `data`.
    pub fn sha256_of(data: &[u8]) -> Digest {
        Digest {
            algorithm: Algorithm::Sha256,
            hex: hex::encode(Sha256::digest(data)),
        }
    }

    /// The digest of `data` under `algorithm`.
    pub fn of(algorithm: Algorithm, data: &[u8]) -> Digest {
        let mut h = Hasher::new(algorithm);
        h.update(data);
        h.finish()
    }

    /// The algorithm.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The hex-encoded hash.
    pub fn hex(&self) -> &str {
        &self.hex
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.algorithm.as_str(), self.hex)
    }
}

impl fmt::Debug for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl FromStr for Digest {
    type Err = DigestError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Digest::parse(s)
    }
}

impl Serialize for Digest {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Digest {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Digest::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// An incremental hasher for one of the supported algorithms.
///
/// `Clone` so that an upload session can keep its running state between chunks.
#[derive(Clone)]
pub enum Hasher {
    /// SHA-256 state.
    Sha256(Sha256),
    /// SHA-512 state.
    Sha512(Sha512),
}

impl Hasher {
    /// A fresh hasher.
    pub fn new(algorithm: Algorithm) -> Hasher {
        match algorithm {
            Algorithm::Sha256 => Hasher::Sha256(Sha256::new()),
            Algorithm::Sha512 => Hasher::Sha512(Sha512::new()),
        }
    }

    /// The algorithm this hasher computes.
    pub fn algorithm(&self) -> Algorithm {
        match self {
            Hasher::Sha256(_) => Algorithm::Sha256,
            Hasher::Sha512(_) => Algorithm::Sha512,
        }
    }

    /// Feeds bytes.
    pub fn update(&mut self, data: &[u8]) {
        match self {
            Hasher::Sha256(h) => h.update(data),
            Hasher::Sha512(h) => h.update(data),
        }
    }

    /// The digest of everything fed so far.
    pub fn finish(self) -> Digest {
        let (algorithm, hex) = match self {
            Hasher::Sha256(h) => (Algorithm::Sha256, hex::encode(h.finalize())),
            Hasher::Sha512(h) => (Algorithm::Sha512, hex::encode(h.finalize())),
        };
        Digest { algorithm, hex }
    }

    /// The running state, so that another process can continue hashing where this
    /// one stopped without reading the bytes again (stateless upload sessions).
    pub fn save(&self) -> HashState {
        use sha2::digest::common::hazmat::SerializableState;
        let (algorithm, bytes) = match self {
            Hasher::Sha256(h) => (Algorithm::Sha256, h.serialize().to_vec()),
            Hasher::Sha512(h) => (Algorithm::Sha512, h.serialize().to_vec()),
        };
        HashState {
            algorithm,
            state: hex::encode(bytes),
        }
    }

    /// A hasher continuing from a saved state; `None` if the state is damaged.
    pub fn restore(saved: &HashState) -> Option<Hasher> {
        use sha2::digest::common::hazmat::SerializableState;
        let bytes = hex::decode(&saved.state).ok()?;
        match saved.algorithm {
            Algorithm::Sha256 => {
                let arr = bytes.as_slice().try_into().ok()?;
                Sha256::deserialize(arr).ok().map(Hasher::Sha256)
            }
            Algorithm::Sha512 => {
                let arr = bytes.as_slice().try_into().ok()?;
                Sha512::deserialize(arr).ok().map(Hasher::Sha512)
            }
        }
    }
}

/// A hasher's saved running state ([`Hasher::save`]), as stored in an upload
/// session's record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HashState {
    /// The algorithm.
    pub algorithm: Algorithm,
    /// The algorithm's internal state and buffered bytes, hex-encoded.
    pub state: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_states_continue_exactly() {
        let data: Vec<u8> = (0..10_000u32).map(|i| (i * 31 % 256) as u8).collect();
        for alg in [Algorithm::Sha256, Algorithm::Sha512] {
            let whole = Digest::of(alg, &data);
            // Split at every awkward place: inside a block, on a block boundary, at 0.
            for split in [0, 1, 63, 64, 65, 127, 128, 129, 4096, 9_999, 10_000] {
                let mut h = Hasher::new(alg);
                h.update(&data[..split]);
                let saved = h.save();
                let json = serde_json::to_string(&saved).unwrap();
                let back: HashState = serde_json::from_str(&json).unwrap();
                let mut h2 = Hasher::restore(&back).expect("restores");
                h2.update(&data[split..]);
                assert_eq!(h2.finish(), whole, "{alg:?} split at {split}");
            }
        }
        let damaged = HashState {
            algorithm: Algorithm::Sha256,
            state: "00ff".into(),
        };
        assert!(Hasher::restore(&damaged).is_none());
    }

    #[test]
    fn parses_valid_digests() {
        let d = Digest::sha256_of(b"");
        assert_eq!(
            d.to_string(),
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(Digest::parse(&d.to_string()).unwrap(), d);
        let d512 = Digest::of(Algorithm::Sha512, b"x");
        assert_eq!(Digest::parse(&d512.to_string()).unwrap(), d512);
    }

    #[test]
    fn rejects_bad_digests() {
        for bad in [
            "",
            "sha256",
            "sha256:",
            "sha256:abc",
            "sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
            "sha256:../../../../etc/passwd",
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85/",
            "md5:d41d8cd98f00b204e9800998ecf8427e",
            "SHA256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        ] {
            assert!(Digest::parse(bad).is_err(), "{bad:?} accepted");
        }
        assert!(matches!(
            Digest::parse("md5:d41d8cd98f00b204e9800998ecf8427e"),
            Err(DigestError::UnsupportedAlgorithm(_))
        ));
    }
}
