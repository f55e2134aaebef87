//! Manifests: media types, parsing, validation and the references a manifest holds.
//!
//! The registry stores manifests byte for byte; this module only reads them to learn
//! what they point at. It uses small tolerant serde structs instead of full typed
//! models because it must accept OCI and Docker schema 2 alike, ignore fields it does
//! not need, and parse tens of thousands of manifests quickly during a gc walk.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::digest::Digest;

/// Media types the registry understands.
pub mod media {
    /// OCI image manifest.
    pub const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
    /// OCI image index.
    pub const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";
    /// Docker image manifest, schema 2.
    pub const DOCKER_MANIFEST: &str = "application/vnd.docker.distribution.manifest.v2+json";
    /// Docker manifest list.
    pub const DOCKER_LIST: &str = "application/vnd.docker.distribution.manifest.list.v2+json";
    /// Docker schema 1 (signed or not): refused, it has been deprecated for years.
    pub const DOCKER_SCHEMA1: &str = "application/vnd.docker.distribution.manifest.v1+json";
    /// Docker schema 1, signed form.
    pub const DOCKER_SCHEMA1_SIGNED: &str =
        "application/vnd.docker.distribution.manifest.v1+prettyjws";
    /// The withdrawn OCI artifact manifest (image-spec 1.1 release candidates).
    pub const OCI_ARTIFACT_MANIFEST: &str = "application/vnd.oci.artifact.manifest.v1+json";
    /// The OCI empty descriptor's media type.
    pub const OCI_EMPTY: &str = "application/vnd.oci.empty.v1+json";
}

/// Largest manifest accepted on push (the spec asks registries to take at least 4 MiB).
pub const MAX_MANIFEST_SIZE: usize = 4 * 1024 * 1024;

/// A content descriptor as it appears inside manifests.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Descriptor {
    /// Media type of the referenced content.
    #[serde(rename = "mediaType", default)]
    pub media_type: String,
    /// Digest of the referenced content.
    pub digest: Digest,
    /// Size of the referenced content in bytes.
    pub size: u64,
    /// Artifact type, for referrers and artifacts.
    #[serde(
        rename = "artifactType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub artifact_type: Option<String>,
    /// Annotations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<BTreeMap<String, String>>,
    /// Platform of an index entry, kept as-is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<Value>,
}

/// What kind of document a manifest is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ManifestKind {
    /// OCI image manifest or Docker schema 2 manifest: a config and layers.
    Image,
    /// OCI image index or Docker manifest list: child manifests.
    Index,
    /// Any other JSON document with a media type; its descriptors are found by a
    /// conservative scan.
    Artifact,
}

/// Why a manifest was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ManifestError(pub String);

fn invalid(msg: impl Into<String>) -> ManifestError {
    ManifestError(msg.into())
}

/// A parsed manifest: its type and everything it references.
#[derive(Debug, Clone)]
pub struct Manifest {
    /// The media type the manifest is served with.
    pub media_type: String,
    /// Image, index or artifact.
    pub kind: ManifestKind,
    /// The config descriptor of an image manifest.
    pub config: Option<Descriptor>,
    /// Layers (and `blobs` of the withdrawn artifact manifest): blobs the manifest needs.
    pub layers: Vec<Descriptor>,
    /// Child manifests of an index.
    pub manifests: Vec<Descriptor>,
    /// The manifest this one refers to (referrers API).
    pub subject: Option<Descriptor>,
    /// `artifactType` of the manifest itself.
    pub artifact_type: Option<String>,
    /// Annotations of the manifest itself.
    pub annotations: Option<BTreeMap<String, String>>,
    /// For artifacts of unknown type: every digest found anywhere in the document.
    pub other_refs: Vec<Digest>,
}

#[derive(Deserialize)]
struct Raw {
    #[serde(rename = "schemaVersion")]
    schema_version: Option<Value>,
    #[serde(rename = "mediaType")]
    media_type: Option<String>,
    #[serde(rename = "artifactType")]
    artifact_type: Option<String>,
    config: Option<Descriptor>,
    layers: Option<Vec<Descriptor>>,
    blobs: Option<Vec<Descriptor>>,
    manifests: Option<Vec<Descriptor>>,
    subject: Option<Descriptor>,
    annotations: Option<BTreeMap<String, String>>,
    #[serde(rename = "fsLayers")]
    fs_layers: Option<Value>,
}

/// Strips parameters and white space from a `Content-Type` value.
pub fn bare_media_type(content_type: &str) -> &str {
    content_type.split(';').next().unwrap_or("").trim()
}

/// Whether `t` is a media type of RFC 6838 syntax: `type/subtype`, each a
/// restricted name (1 to 127 of letters, digits and `!#$&-^_.+`, starting with a
/// letter or digit), without parameters. What is stored here is later sent as a
/// `Content-Type`, so nothing else (control characters, spaces, an empty string) may
/// pass.
pub fn is_valid_media_type(t: &str) -> bool {
    fn restricted_name(n: &str) -> bool {
        let b = n.as_bytes();
        (1..=127).contains(&b.len())
            && b[0].is_ascii_alphanumeric()
            && b.iter()
                .all(|c| c.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(c))
    }
    t.split_once('/')
        .is_some_and(|(ty, sub)| restricted_name(ty) && restricted_name(sub))
}

fn is_generic_json(t: &str) -> bool {
    t.is_empty() || t == "application/json" || t == "application/octet-stream"
}

impl Manifest {
    /// Parses and validates a manifest pushed with the given `Content-Type` (may be empty).
    ///
    /// The media type is the body's `mediaType` field, else the `Content-Type`; the two
    /// must agree when both are given. OCI and Docker image manifests and indexes are
    /// checked structurally; any other JSON object with a media type is accepted as an
    /// artifact whose references are found by scanning it.
    pub fn parse(body: &[u8], content_type: &str) -> Result<Manifest, ManifestError> {
        let header_type = bare_media_type(content_type);
        let raw: Raw = serde_json::from_slice(body).map_err(|e| {
            invalid(format!(
                "manifest is not valid JSON of the expected shape: {e}"
            ))
        })?;
        if raw.fs_layers.is_some()
            || header_type == media::DOCKER_SCHEMA1
            || header_type == media::DOCKER_SCHEMA1_SIGNED
        {
            return Err(invalid(
                "Docker schema 1 manifests are not supported; push schema 2 or OCI",
            ));
        }
        let media_type = match (&raw.media_type, header_type) {
            (Some(body_type), h) if !is_generic_json(h) && body_type != h => {
                return Err(invalid(format!(
                    "Content-Type {h:?} does not match the manifest's mediaType {body_type:?}"
                )))
            }
            (Some(body_type), _) => body_type.clone(),
            (None, h) if !is_generic_json(h) => h.to_string(),
            // No type anywhere: infer from the structure, as OCI allows omitting mediaType.
            (None, _) if raw.manifests.is_some() => media::OCI_INDEX.to_string(),
            (None, _) if raw.config.is_some() => media::OCI_MANIFEST.to_string(),
            (None, _) => {
                return Err(invalid(
                    "manifest has no mediaType and no Content-Type says what it is",
                ))
            }
        };
        if !is_valid_media_type(&media_type) {
            return Err(invalid(format!(
                "mediaType {media_type:?} is not a media type (RFC 6838 type/subtype)"
            )));
        }
        match media_type.as_str() {
            media::OCI_MANIFEST | media::DOCKER_MANIFEST => {
                check_schema_version(&raw)?;
                let config = raw
                    .config
                    .ok_or_else(|| invalid("image manifest has no config descriptor"))?;
                let layers = raw
                    .layers
                    .ok_or_else(|| invalid("image manifest has no layers array"))?;
                if raw.manifests.is_some() {
                    return Err(invalid("image manifest must not have a manifests array"));
                }
                Ok(Manifest {
                    media_type,
                    kind: ManifestKind::Image,
                    config: Some(config),
                    layers,
                    manifests: Vec::new(),
                    subject: raw.subject,
                    artifact_type: raw.artifact_type,
                    annotations: raw.annotations,
                    other_refs: Vec::new(),
                })
            }
            media::OCI_INDEX | media::DOCKER_LIST => {
                check_schema_version(&raw)?;
                let manifests = raw
                    .manifests
                    .ok_or_else(|| invalid("image index has no manifests array"))?;
                if raw.config.is_some() || raw.layers.is_some() {
                    return Err(invalid("image index must not have config or layers"));
                }
                Ok(Manifest {
                    media_type,
                    kind: ManifestKind::Index,
                    config: None,
                    layers: Vec::new(),
                    manifests,
                    subject: raw.subject,
                    artifact_type: raw.artifact_type,
                    annotations: raw.annotations,
                    other_refs: Vec::new(),
                })
            }
            media::OCI_ARTIFACT_MANIFEST => Ok(Manifest {
                media_type,
                kind: ManifestKind::Image,
                config: None,
                layers: raw.blobs.unwrap_or_default(),
                manifests: Vec::new(),
                subject: raw.subject,
                artifact_type: raw.artifact_type,
                annotations: raw.annotations,
                other_refs: Vec::new(),
            }),
            _ => {
                let value: Value = serde_json::from_slice(body)
                    .map_err(|e| invalid(format!("manifest is not valid JSON: {e}")))?;
                let mut other_refs = Vec::new();
                collect_digests(&value, &mut other_refs);
                Ok(Manifest {
                    media_type,
                    kind: ManifestKind::Artifact,
                    config: raw.config,
                    layers: raw.layers.unwrap_or_default(),
                    manifests: raw.manifests.unwrap_or_default(),
                    subject: raw.subject,
                    artifact_type: raw.artifact_type,
                    annotations: raw.annotations,
                    other_refs,
                })
            }
        }
    }

    /// Digests of blobs this manifest needs in its repository (config and layers).
    pub fn blob_refs(&self) -> impl Iterator<Item = &Descriptor> {
        self.config.iter().chain(self.layers.iter())
    }

    /// The `artifactType` a referrers listing reports for this manifest: its own
    /// `artifactType`, else (for image manifests) its config's media type.
    pub fn referrer_artifact_type(&self) -> Option<String> {
        match &self.artifact_type {
            Some(t) if !t.is_empty() => Some(t.clone()),
            _ if self.kind == ManifestKind::Index => None,
            _ => self
                .config
                .as_ref()
                .map(|c| c.media_type.clone())
                .filter(|t| !t.is_empty()),
        }
    }

    /// Every digest this manifest can reach, for reachability: config, layers, child
    /// manifests and, for artifacts of unknown type, every digest found in the document.
    /// The subject is not included: a referrer does not keep its subject alive.
    pub fn all_refs(&self) -> impl Iterator<Item = &Digest> {
        self.blob_refs()
            .chain(self.manifests.iter())
            .map(|d| &d.digest)
            .chain(self.other_refs.iter())
    }
}

fn check_schema_version(raw: &Raw) -> Result<(), ManifestError> {
    match &raw.schema_version {
        Some(v) if v.as_i64() == Some(2) => Ok(()),
        Some(v) => Err(invalid(format!("schemaVersion must be 2, not {v}"))),
        None => Err(invalid("schemaVersion is missing")),
    }
}

/// Walks a JSON document and collects every string field named `digest` that parses
/// as a digest (except inside `subject`, which does not keep anything alive).
fn collect_digests(v: &Value, out: &mut Vec<Digest>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                if k == "subject" {
                    continue;
                }
                if k == "digest" {
                    if let Some(d) = child.as_str().and_then(|s| Digest::parse(s).ok()) {
                        out.push(d);
                    }
                } else {
                    collect_digests(child, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| collect_digests(i, out)),
        _ => {}
    }
}

/// Whether an `Accept` header admits a manifest of `media_type`.
///
/// No header, `*/*`, `application/*` or the exact type admit it; entries with `q=0`
/// are refusals.
pub fn accepts(accept_values: &[&str], media_type: &str) -> bool {
    let mut saw_any = false;
    for value in accept_values {
        for entry in value.split(',') {
            let mut parts = entry.split(';');
            let t = parts.next().unwrap_or("").trim();
            if t.is_empty() {
                continue;
            }
            saw_any = true;
            let refused = parts.any(|p| {
                let p = p.trim();
                p == "q=0" || p == "q=0.0" || p == "q=0.00" || p == "q=0.000"
            });
            if refused {
                continue;
            }
            if t == "*/*" || t == "application/*" || t.eq_ignore_ascii_case(media_type) {
                return true;
            }
            // Clients that ask for plain JSON take anything JSON-shaped.
            if t == "application/json" {
                return true;
            }
        }
    }
    !saw_any
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(n: u8) -> String {
        Digest::sha256_of(&[n]).to_string()
    }

    #[test]
    fn parses_oci_image_with_subject() {
        let body = format!(
            r#"{{"schemaVersion":2,"mediaType":"{}","config":{{"mediaType":"application/vnd.example.sbom","digest":"{}","size":2}},"layers":[{{"mediaType":"x","digest":"{}","size":3}}],"subject":{{"mediaType":"{}","digest":"{}","size":9}}}}"#,
            media::OCI_MANIFEST,
            d(1),
            d(2),
            media::OCI_MANIFEST,
            d(3)
        );
        let m = Manifest::parse(body.as_bytes(), media::OCI_MANIFEST).unwrap();
        assert_eq!(m.kind, ManifestKind::Image);
        assert_eq!(m.blob_refs().count(), 2);
        assert_eq!(m.subject.as_ref().unwrap().digest.to_string(), d(3));
        assert_eq!(
            m.referrer_artifact_type().as_deref(),
            Some("application/vnd.example.sbom")
        );
        assert!(m.all_refs().all(|r| r.to_string() != d(3)));
    }

    #[test]
    fn media_type_syntax() {
        for ok in [
            media::OCI_MANIFEST,
            media::DOCKER_LIST,
            "application/vnd.example+json",
            "x/y",
        ] {
            assert!(is_valid_media_type(ok), "{ok}");
        }
        let long = format!("application/{}", "a".repeat(128));
        for bad in [
            "",
            "application",
            "application/",
            "/json",
            "application/vnd.x\n",
            "application/vnd.x\u{1b}[31m",
            "application/vnd x",
            "application/json; charset=utf-8",
            "a/b/c",
            "application/-x",
            long.as_str(),
        ] {
            assert!(!is_valid_media_type(bad), "{bad:?}");
            let body = format!(
                r#"{{"schemaVersion":2,"mediaType":{}}}"#,
                serde_json::json!(bad)
            );
            assert!(Manifest::parse(body.as_bytes(), "").is_err(), "{bad:?}");
        }
    }

    #[test]
    fn type_mismatch_and_schema1_refused() {
        let body = format!(
            r#"{{"schemaVersion":2,"mediaType":"{}","manifests":[]}}"#,
            media::OCI_INDEX
        );
        assert!(Manifest::parse(body.as_bytes(), media::OCI_MANIFEST).is_err());
        assert!(Manifest::parse(body.as_bytes(), media::OCI_INDEX).is_ok());
        assert!(Manifest::parse(body.as_bytes(), "").is_ok());
        assert!(Manifest::parse(br#"{"schemaVersion":1,"fsLayers":[]}"#, "").is_err());
        assert!(Manifest::parse(b"not json", media::OCI_MANIFEST).is_err());
        let bad_digest = format!(
            r#"{{"schemaVersion":2,"mediaType":"{}","manifests":[{{"mediaType":"x","digest":"sha256:zz","size":1}}]}}"#,
            media::OCI_INDEX
        );
        assert!(Manifest::parse(bad_digest.as_bytes(), "").is_err());
    }

    #[test]
    fn unknown_types_are_scanned_conservatively() {
        let body = format!(
            r#"{{"mediaType":"application/vnd.example.thing","parts":[{{"x":{{"digest":"{}"}}}}],"subject":{{"digest":"{}","size":1,"mediaType":"m"}}}}"#,
            d(7),
            d(8)
        );
        let m = Manifest::parse(body.as_bytes(), "").unwrap();
        assert_eq!(m.kind, ManifestKind::Artifact);
        let refs: Vec<String> = m.all_refs().map(|d| d.to_string()).collect();
        assert_eq!(refs, vec![d(7)]);
    }

    #[test]
    fn accept_header() {
        assert!(accepts(&[], media::OCI_MANIFEST));
        assert!(accepts(&["*/*"], media::OCI_MANIFEST));
        assert!(accepts(
            &["application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json"],
            media::OCI_MANIFEST
        ));
        assert!(!accepts(&[media::DOCKER_MANIFEST], media::OCI_INDEX));
        assert!(!accepts(
            &["application/vnd.oci.image.index.v1+json;q=0"],
            media::OCI_INDEX
        ));
    }
}
