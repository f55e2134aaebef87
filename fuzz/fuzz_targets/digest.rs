//! Digests: never a panic, and what parses prints back as itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use registryctl::oci::Digest;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(d) = Digest::parse(s) {
        assert_eq!(d.to_string(), s);
        assert_eq!(d.hex().len(), d.algorithm().hex_len());
        assert_eq!(Digest::parse(&d.to_string()).ok(), Some(d));
    }
});
