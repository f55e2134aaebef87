//! Manifests and indexes under each content type a client may send: never a panic,
//! and every reference of what parses can be walked.
#![no_main]

use libfuzzer_sys::fuzz_target;
use registryctl::oci::{media, Manifest};

const TYPES: [&str; 7] = [
    media::OCI_MANIFEST,
    media::OCI_INDEX,
    media::DOCKER_MANIFEST,
    media::DOCKER_LIST,
    "application/json",
    "",
    "application/vnd.example+json; charset=utf-8",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let content_type = TYPES[usize::from(pick) % TYPES.len()];
    if let Ok(m) = Manifest::parse(body, content_type) {
        let _ = m.blob_refs().count();
        let _ = m.all_refs().count();
        let _ = m.referrer_artifact_type();
    }
});
