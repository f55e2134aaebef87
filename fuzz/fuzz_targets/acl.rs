//! Access-control patterns, subjects, action lists and the rules file: never a
//! panic, and a pattern that parses prints back as one that parses alike.
#![no_main]

use libfuzzer_sys::fuzz_target;
use registryctl::auth::acl::AclFile;
use registryctl::auth::{ActionSet, Pattern, Subject};

fuzz_target!(|data: &[u8]| {
    let _ = AclFile::parse(Some(data));
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(p) = Pattern::parse(s) {
        let again = Pattern::parse(&p.to_string()).expect("a printed pattern parses");
        assert_eq!(again.to_string(), p.to_string());
    }
    let _ = s.parse::<Subject>();
    let _ = ActionSet::parse(s);
});
