//! `Range` (blob downloads) and `Content-Range` (upload chunks): never a panic, and a
//! satisfiable range lies within the blob.
#![no_main]

use libfuzzer_sys::fuzz_target;
use registryctl::server::blobs::parse_range;
use registryctl::server::uploads::parse_content_range;

fuzz_target!(|data: &[u8]| {
    if data.len() < 8 {
        return;
    }
    let (size, text) = data.split_at(8);
    let size = u64::from_le_bytes(size.try_into().unwrap_or([0; 8]));
    let Ok(s) = std::str::from_utf8(text) else {
        return;
    };
    if let Ok(Some(r)) = parse_range(Some(s), size) {
        assert!(r.start <= r.end && r.end < size);
    }
    if let Some((a, b)) = parse_content_range(s) {
        assert!(a <= b);
    }
});
