//! `registryctl init`: creates a new, empty store.

use super::output::outln;
use super::{exit, open_store, Cli, StoreUse};
use crate::storage::LayoutState;

/// Flags of `init` (the store is the global `--root`).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Creates the store's directory (and its parents) if needed, its layout and its\n\
layout marker (registryctl-layout.json). Only a missing or empty directory becomes a\n\
store; on an existing store init changes nothing (or only adds the marker to a store\n\
written before layout markers, as `registryctl migrate` does) and exits 0.\n\
`registryctl serve` also creates its store when the directory is missing or empty;\n\
every other command refuses to run without one.\n\n\
Examples:\n  registryctl init --root /var/lib/registryctl\n  \
REGISTRYCTL_ROOT=/srv/registry registryctl init\n\n\
Exit codes: 0 created (or already a store), 1 failed, 2 bad usage, 6 the directory is not\n\
empty and holds no store, 7 the store there needs a newer registryctl."
)]
pub struct InitArgs {}

/// Runs `init`.
pub fn run(cli: &Cli, _args: &InitArgs) -> anyhow::Result<u8> {
    // What opening found says what it did (it marks an unmarked store).
    let store = open_store(cli, StoreUse::Init)?;
    let root = super::store_name(cli);
    let layout = crate::storage::layout::CURRENT;
    if !cli.quiet {
        match store.layout_state() {
            LayoutState::Created => outln!("created a new store at {root} (layout {layout})"),
            LayoutState::Current => {
                outln!("a store exists already at {root} (layout {layout}); nothing changed")
            }
            LayoutState::Unmarked => outln!(
                "a store exists already at {root}; it was written before layout markers, \
                 so init marked it as layout {layout} (nothing else changed)"
            ),
        }
    }
    Ok(exit::OK)
}
