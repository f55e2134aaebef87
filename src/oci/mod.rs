//! The OCI vocabulary: digests, repository names and tags, media types, manifests and
//! the references they hold. Pure functions over bytes and strings: nothing here
//! touches the disk or the network.

pub mod digest;
pub mod manifest;
pub mod name;

pub use digest::{Algorithm, Digest, DigestError, HashState, Hasher};
pub use manifest::{media, Descriptor, Manifest, ManifestError, ManifestKind};
pub use name::{NameError, RepoName, Tag};

/// A manifest reference in a URL: a tag or a digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reference {
    /// A tag such as `latest`.
    Tag(Tag),
    /// A digest such as `sha256:…`.
    Digest(Digest),
}

impl Reference {
    /// Parses a reference: anything containing `:` must be a valid digest, anything
    /// else a valid tag.
    pub fn parse(s: &str) -> Result<Reference, ReferenceError> {
        if s.contains(':') {
            Digest::parse(s)
                .map(Reference::Digest)
                .map_err(ReferenceError::Digest)
        } else {
            Tag::parse(s)
                .map(Reference::Tag)
                .map_err(ReferenceError::Tag)
        }
    }
}

impl std::fmt::Display for Reference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reference::Tag(t) => t.fmt(f),
            Reference::Digest(d) => d.fmt(f),
        }
    }
}

/// Why a reference is invalid.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ReferenceError {
    /// Looked like a digest but is not one.
    #[error(transparent)]
    Digest(DigestError),
    /// Not a valid tag.
    #[error(transparent)]
    Tag(NameError),
}
