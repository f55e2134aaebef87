//! Repository names, tags and references (tag or digest): never a panic, and what
//! parses prints back as itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use registryctl::oci::{Reference, RepoName, Tag};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(n) = RepoName::parse(s) {
        assert_eq!(n.as_str(), s);
        assert_eq!(RepoName::parse(n.as_str()).ok(), Some(n.clone()));
        let _ = n.org();
        assert!(n.components().count() >= 1);
    }
    if let Ok(t) = Tag::parse(s) {
        assert_eq!(t.as_str(), s);
    }
    if let Ok(r) = Reference::parse(s) {
        assert_eq!(r.to_string(), s);
    }
});
