//! Property tests of the parsers of client input (the same ones `fuzz/` fuzzes):
//! arbitrary input never panics, and valid input round-trips.

use proptest::prelude::*;
use registryctl::auth::token::{self, ResourceActions, TokenKey};
use registryctl::auth::{ActionSet, Pattern, Subject};
use registryctl::oci::{Digest, Manifest, Reference, RepoName, Tag};
use registryctl::server::blobs::parse_range;
use registryctl::server::uploads::parse_content_range;

const COMPONENT: &str = "[a-z0-9]{1,8}([._-][a-z0-9]{1,8}){0,2}";

fn repo_name() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::string::string_regex(COMPONENT).unwrap(), 1..4)
        .prop_map(|c| c.join("/"))
}

fn key() -> TokenKey {
    TokenKey::decode(b"BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=").expect("key")
}

proptest! {
    #[test]
    fn names_tags_references_and_digests_never_panic(s in ".{0,300}") {
        let _ = RepoName::parse(&s);
        let _ = Tag::parse(&s);
        let _ = Reference::parse(&s);
        let _ = Digest::parse(&s);
    }

    #[test]
    fn valid_repository_names_round_trip(name in repo_name()) {
        let n = RepoName::parse(&name).expect("a valid name");
        prop_assert_eq!(n.as_str(), name.as_str());
        prop_assert_eq!(RepoName::parse(n.as_str()).ok(), Some(n));
    }

    #[test]
    fn valid_tags_and_digests_round_trip(tag in "[A-Za-z0-9_][A-Za-z0-9._-]{0,127}", hex in "[0-9a-f]{64}") {
        let t = Tag::parse(&tag).expect("a valid tag");
        prop_assert_eq!(t.as_str(), tag.as_str());
        let d = format!("sha256:{hex}");
        let parsed = Digest::parse(&d).expect("a valid digest");
        prop_assert_eq!(parsed.to_string(), d.clone());
        prop_assert_eq!(Reference::parse(&d).expect("a reference").to_string(), d);
        prop_assert_eq!(Reference::parse(&tag).expect("a reference").to_string(), tag);
    }

    #[test]
    fn manifests_never_panic(body in proptest::collection::vec(any::<u8>(), 0..512), ct in "[a-z/.+;= -]{0,40}") {
        let _ = Manifest::parse(&body, &ct);
        let _ = Manifest::parse(&body, "application/vnd.oci.image.manifest.v1+json");
        let _ = Manifest::parse(&body, "application/vnd.oci.image.index.v1+json");
    }

    #[test]
    fn valid_image_manifests_parse_with_every_layer(hexes in proptest::collection::vec("[0-9a-f]{64}", 1..6)) {
        let desc = |h: &str| format!("{{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"sha256:{h}\",\"size\":1}}");
        let layers: Vec<String> = hexes[1..].iter().map(|h| desc(h)).collect();
        let body = format!(
            "{{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:{}\",\"size\":1}},\"layers\":[{}]}}",
            hexes[0],
            layers.join(",")
        );
        let m = Manifest::parse(body.as_bytes(), "application/vnd.oci.image.manifest.v1+json").expect("a valid manifest");
        prop_assert_eq!(m.blob_refs().count(), hexes.len());
    }

    #[test]
    fn ranges_never_panic_and_stay_inside_the_blob(s in ".{0,40}", size in any::<u64>()) {
        if let Ok(Some(r)) = parse_range(Some(&s), size) {
            prop_assert!(r.start <= r.end && r.end < size);
        }
        if let Some((a, b)) = parse_content_range(&s) {
            prop_assert!(a <= b);
        }
    }

    #[test]
    fn byte_ranges_and_content_ranges_round_trip(a in 0u64..1 << 40, len in 1u64..1 << 20, size in 1u64..1 << 41) {
        let b = a + len - 1;
        let r = parse_range(Some(&format!("bytes={a}-{b}")), size);
        if a < size {
            let r = r.expect("satisfiable").expect("a range");
            prop_assert_eq!((r.start, r.end), (a, b.min(size - 1)));
        } else {
            prop_assert!(r.is_err());
        }
        prop_assert_eq!(parse_content_range(&format!("{a}-{b}")), Some((a, b)));
        prop_assert_eq!(parse_content_range(&format!("bytes {a}-{b}/*")), Some((a, b)));
    }

    #[test]
    fn tokens_round_trip_and_made_up_ones_never_verify(repo in repo_name(), junk in ".{0,400}") {
        let access = vec![ResourceActions {
            kind: "repository".into(),
            name: repo,
            actions: vec!["pull".into()],
        }];
        let k = key();
        let (jwt, claims) = token::issue(&k, None, access.clone()).expect("issue");
        let back = token::verify(&k, &jwt).expect("verify");
        prop_assert_eq!(back.access, claims.access);
        prop_assert!(token::verify(&k, &junk).is_err());
        let _ = token::parse_scope(&junk);
        let _ = TokenKey::decode(junk.as_bytes());
    }

    #[test]
    fn acl_input_never_panics_and_patterns_round_trip(s in ".{0,200}", name in repo_name(), wild in 0usize..3) {
        let _ = Pattern::parse(&s);
        let _ = s.parse::<Subject>();
        let _ = ActionSet::parse(&s);
        let _ = registryctl::auth::acl::AclFile::parse(Some(s.as_bytes()));
        let p = match wild {
            0 => name,
            1 => format!("{name}/*"),
            _ => format!("{name}/**"),
        };
        let parsed = Pattern::parse(&p).expect("a valid pattern");
        prop_assert_eq!(parsed.to_string(), p);
    }

    #[test]
    fn config_files_never_panic_and_values_are_read(s in ".{0,300}", n in 1u32..100_000) {
        let _ = registryctl::config::parse(&s);
        let f = registryctl::config::parse(&format!("[server]\nmax_requests = {n}\n")).expect("valid");
        prop_assert_eq!(f.server.max_requests, Some(n));
    }
}
