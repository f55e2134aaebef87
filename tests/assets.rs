//! The checked-in completion scripts and man pages are exactly what the generator
//! writes from the current command definitions.

use std::collections::BTreeMap;
use std::path::Path;

const REGENERATE: &str = "cargo run -- generate-assets --out .";

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for sub in ["completions", "man"] {
        let Ok(entries) = std::fs::read_dir(dir.join(sub)) else {
            continue;
        };
        for e in entries {
            let p = e.expect("entry").path();
            let name = format!("{sub}/{}", p.file_name().unwrap().to_string_lossy());
            out.insert(name, std::fs::read(&p).expect("read"));
        }
    }
    out
}

#[test]
fn checked_in_assets_are_up_to_date() {
    let tmp = tempfile::tempdir().unwrap();
    registryctl::cli::assets::generate(tmp.path()).expect("generate");
    let fresh = files(tmp.path());
    let repo = files(Path::new(env!("CARGO_MANIFEST_DIR")));
    assert!(fresh.contains_key("man/registryctl.1"));
    assert!(fresh.contains_key("man/registryctl-serve.1"));
    assert!(fresh.contains_key("completions/registryctl.bash"));
    let missing: Vec<_> = fresh.keys().filter(|k| !repo.contains_key(*k)).collect();
    let stale: Vec<_> = fresh
        .iter()
        .filter(|(k, v)| repo.get(*k).is_some_and(|r| r != *v))
        .map(|(k, _)| k)
        .collect();
    let extra: Vec<_> = repo.keys().filter(|k| !fresh.contains_key(*k)).collect();
    assert!(
        missing.is_empty() && stale.is_empty() && extra.is_empty(),
        "completions/ and man/ are out of date with the command definitions \
         (missing: {missing:?}, changed: {stale:?}, no longer generated: {extra:?}).\n\
         Regenerate them with:\n    {REGENERATE}\nand commit the result."
    );
}

#[test]
fn generation_is_deterministic() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    registryctl::cli::assets::generate(a.path()).unwrap();
    registryctl::cli::assets::generate(b.path()).unwrap();
    assert_eq!(files(a.path()), files(b.path()));
}
