//! Repository names and tags, validated against the distribution spec's grammar.
//!
//! A `RepoName` or `Tag` that exists has passed validation, so storage can put it in
//! a path without escaping: the grammar admits no `/` at either end, no empty
//! component, no `.` or `..` component, no upper case and no percent sign, and a
//! component never starts with `_` (which the storage layout reserves for its own
//! directories).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Longest repository name accepted (many clients cap host + `/` + name at 255).
pub const MAX_NAME_LEN: usize = 255;
/// Longest tag the spec allows.
pub const MAX_TAG_LEN: usize = 128;

/// Why a name or tag was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    /// Repository name not matching the grammar.
    #[error("invalid repository name {0:?}: use lower-case components of letters and digits separated by '.', '_', '__' or '-', joined by '/'")]
    InvalidName(String),
    /// Repository name longer than [`MAX_NAME_LEN`].
    #[error("repository name is {0} characters long; the limit is {MAX_NAME_LEN}")]
    TooLong(usize),
    /// Tag not matching `[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}`.
    #[error(
        "invalid tag {0:?}: a tag is 1 to 128 of [A-Za-z0-9._-] and does not start with '.' or '-'"
    )]
    InvalidTag(String),
}

/// A validated repository name such as `acme/app` or `acme/team/app`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RepoName(String);

fn valid_component(c: &str) -> bool {
    let b = c.as_bytes();
    let alnum = |x: u8| x.is_ascii_lowercase() || x.is_ascii_digit();
    let mut i = 0;
    // component := alnum+ (separator alnum+)*
    loop {
        let start = i;
        while i < b.len() && alnum(b[i]) {
            i += 1;
        }
        if i == start {
            return false;
        }
        if i == b.len() {
            return true;
        }
        match b[i] {
            b'.' => i += 1,
            b'_' => {
                i += 1;
                if i < b.len() && b[i] == b'_' {
                    i += 1;
                }
            }
            b'-' => {
                while i < b.len() && b[i] == b'-' {
                    i += 1;
                }
            }
            _ => return false,
        }
    }
}

impl RepoName {
    /// Validates a repository name.
    pub fn parse(s: &str) -> Result<RepoName, NameError> {
        if s.len() > MAX_NAME_LEN {
            return Err(NameError::TooLong(s.len()));
        }
        if s.is_empty() || !s.split('/').all(valid_component) {
            return Err(NameError::InvalidName(s.to_string()));
        }
        Ok(RepoName(s.to_string()))
    }

    /// The name as a string.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The organisation: the first path component (`acme` for `acme/team/app`).
    pub fn org(&self) -> &str {
        self.0.split('/').next().unwrap_or(&self.0)
    }

    /// The path components.
    pub fn components(&self) -> impl Iterator<Item = &str> {
        self.0.split('/')
    }
}

impl fmt::Display for RepoName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for RepoName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl FromStr for RepoName {
    type Err = NameError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RepoName::parse(s)
    }
}

impl Serialize for RepoName {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for RepoName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        RepoName::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// A validated tag.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Tag(String);

impl Tag {
    /// Validates a tag.
    pub fn parse(s: &str) -> Result<Tag, NameError> {
        let b = s.as_bytes();
        let ok = !b.is_empty()
            && b.len() <= MAX_TAG_LEN
            && (b[0].is_ascii_alphanumeric() || b[0] == b'_')
            && b.iter()
                .all(|&c| c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || c == b'-');
        if ok {
            Ok(Tag(s.to_string()))
        } else {
            Err(NameError::InvalidTag(s.to_string()))
        }
    }

    /// The tag as a string.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_spec_names() {
        for ok in [
            "a",
            "acme/app",
            "acme/team/app",
            "a.b_c__d-e---f",
            "0/1/2",
            "library/ubuntu",
        ] {
            assert!(RepoName::parse(ok).is_ok(), "{ok:?} rejected");
        }
        assert_eq!(RepoName::parse("acme/team/app").unwrap().org(), "acme");
    }

    #[test]
    fn rejects_bad_names() {
        let long = "a".repeat(MAX_NAME_LEN + 1);
        for bad in [
            "",
            "/acme",
            "acme/",
            "acme//app",
            "..",
            "acme/..",
            "acme/./app",
            "%2e%2e",
            "Acme",
            "acme/_layers",
            "a___b",
            "a.-b",
            "-a",
            "a-",
            "a b",
            "/etc/passwd",
            long.as_str(),
        ] {
            assert!(RepoName::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn tags() {
        assert!(Tag::parse("latest").is_ok());
        assert!(Tag::parse("_x.Y-1").is_ok());
        assert!(Tag::parse(&"a".repeat(128)).is_ok());
        for bad in ["", ".x", "-x", "a/b", "..", &"a".repeat(129), "a:b"] {
            assert!(Tag::parse(bad).is_err(), "{bad:?} accepted");
        }
    }
}
