//! Reachability: the graph of one repository's manifests and its closure, shared by
//! `gc` (what survives a sweep) and the inventory (`blob ls`: what tags reach).
//!
//! Nodes are the manifests a repository holds; edges go from a manifest to the blobs
//! and child manifests it lists and from a subject to its referrers. The closure is
//! computed per repository: a link survives only if something kept in the same
//! repository reaches it.

use std::collections::{HashMap, HashSet};

use crate::oci::{Digest, Manifest};

/// What a manifest references, extracted once from its bytes (and kept in gc's memo
/// on object storage, see `gc::memo`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ManifestRefs {
    /// Config and layers (and the `blobs` of the withdrawn artifact manifest).
    pub blobs: Vec<Digest>,
    /// Child manifests of an index.
    pub children: Vec<Digest>,
    /// Digests found by the conservative scan of a manifest of unknown type: each may
    /// be a blob or a manifest, so both links are kept.
    pub other: Vec<Digest>,
    /// The manifest this one refers to, if any.
    pub subject: Option<Digest>,
}

impl ManifestRefs {
    /// Extracts the references of a parsed manifest.
    pub fn of(m: &Manifest) -> ManifestRefs {
        ManifestRefs {
            blobs: m.blob_refs().map(|d| d.digest.clone()).collect(),
            children: m.manifests.iter().map(|d| d.digest.clone()).collect(),
            other: m.other_refs.clone(),
            subject: m.subject.as_ref().map(|s| s.digest.clone()),
        }
    }
}

/// A manifest's references, or why they could not be read.
pub type Parsed = Result<ManifestRefs, String>;

/// The result of a closure: what is kept in one repository.
#[derive(Debug, Default)]
pub struct Kept {
    /// Manifest links that are kept.
    pub manifests: HashSet<Digest>,
    /// Layer (blob) links that are kept.
    pub blobs: HashSet<Digest>,
    /// Kept manifests whose references are unknown (bytes missing or unreadable):
    /// anything they name might be needed, so the caller must not delete in this
    /// repository.
    pub unreadable: Vec<(Digest, String)>,
}

/// Computes everything reachable from `roots` among the manifests `held` by the
/// repository, using `parsed` for their references and `referrers` (subject to
/// referrers) for the referrer edges.
pub fn closure<'a>(
    roots: impl IntoIterator<Item = &'a Digest>,
    held: &dyn Fn(&Digest) -> bool,
    parsed: &HashMap<Digest, Parsed>,
    referrers: &HashMap<Digest, Vec<Digest>>,
) -> Kept {
    let mut kept = Kept::default();
    let mut stack: Vec<&Digest> = roots.into_iter().collect();
    while let Some(d) = stack.pop() {
        if !held(d) || kept.manifests.contains(d) {
            continue;
        }
        kept.manifests.insert(d.clone());
        match parsed.get(d) {
            Some(Ok(refs)) => {
                kept.blobs.extend(refs.blobs.iter().cloned());
                stack.extend(refs.children.iter());
                for o in &refs.other {
                    kept.blobs.insert(o.clone());
                    stack.push(o);
                }
            }
            Some(Err(why)) => kept.unreadable.push((d.clone(), why.clone())),
            None => kept
                .unreadable
                .push((d.clone(), "manifest was not read".to_string())),
        }
        if let Some(rs) = referrers.get(d) {
            stack.extend(rs.iter());
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(n: u8) -> Digest {
        Digest::sha256_of(&[n])
    }

    #[test]
    fn nested_index_referrers_and_unknown_refs() {
        // 1 = index -> 2 = index -> 3 = image(blobs 10, 11); 4 referrer of 3 (blob 12);
        // 5 = artifact of unknown type naming 13 and manifest 6; 7 unreachable.
        let mut parsed = HashMap::new();
        parsed.insert(
            d(1),
            Ok(ManifestRefs {
                children: vec![d(2)],
                ..Default::default()
            }),
        );
        parsed.insert(
            d(2),
            Ok(ManifestRefs {
                children: vec![d(3)],
                ..Default::default()
            }),
        );
        parsed.insert(
            d(3),
            Ok(ManifestRefs {
                blobs: vec![d(10), d(11)],
                ..Default::default()
            }),
        );
        parsed.insert(
            d(4),
            Ok(ManifestRefs {
                blobs: vec![d(12)],
                subject: Some(d(3)),
                ..Default::default()
            }),
        );
        parsed.insert(
            d(5),
            Ok(ManifestRefs {
                other: vec![d(13), d(6)],
                ..Default::default()
            }),
        );
        parsed.insert(d(6), Ok(ManifestRefs::default()));
        parsed.insert(d(7), Ok(ManifestRefs::default()));
        let referrers: HashMap<Digest, Vec<Digest>> = [(d(3), vec![d(4)])].into();
        let held = |x: &Digest| parsed.contains_key(x);
        let kept = closure([&d(1), &d(5)], &held, &parsed, &referrers);
        for m in [1, 2, 3, 4, 5, 6] {
            assert!(kept.manifests.contains(&d(m)), "manifest {m}");
        }
        assert!(!kept.manifests.contains(&d(7)));
        for b in [10, 11, 12, 13, 6] {
            assert!(kept.blobs.contains(&d(b)), "blob {b}");
        }
        assert!(kept.unreadable.is_empty());
    }

    #[test]
    fn unreadable_kept_manifest_is_reported() {
        let parsed: HashMap<Digest, Parsed> = [(d(1), Err("gone".to_string()))].into();
        let held = |x: &Digest| parsed.contains_key(x);
        let kept = closure([&d(1)], &held, &parsed, &HashMap::new());
        assert_eq!(kept.unreadable.len(), 1);
    }
}
