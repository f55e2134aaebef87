//! Bearer tokens, refresh tokens, token scopes and the key file: never a panic, and
//! nothing made up verifies.
#![no_main]

use libfuzzer_sys::fuzz_target;
use registryctl::auth::token::{self, TokenKey};

fuzz_target!(|data: &[u8]| {
    let _ = TokenKey::decode(data);
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let _ = token::parse_scope(s);
    // A fixed key (32 bytes of 7): a fuzzer-made string must never verify under it.
    let key = TokenKey::decode(b"BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=").expect("the key");
    assert!(token::verify(&key, s).is_err());
    assert!(token::verify_refresh(&key, s).is_err());
});
