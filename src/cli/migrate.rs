//! `registryctl migrate`: upgrades a store to this build's layout version.

use super::output::outln;
use super::{exit, open_store, Cli, StoreUse};
use crate::storage::layout::{CURRENT, UNMARKED};
use crate::storage::LayoutState;

/// Flags of `migrate` (the store is the global `--root`).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Layout 1 is the only layout so far. A store written before layout markers existed\n\
(\"layout 0\") has the same layout: migrating it writes the marker\n\
registryctl-layout.json and changes nothing else. Writing commands and `serve`\n\
do the same on their own; reading commands leave such a store as it is. Safe while\n\
`registryctl serve` runs. On a current store it does nothing.\n\n\
Examples:\n  registryctl migrate --root /var/lib/registryctl"
)]
pub struct MigrateArgs {}

/// Runs `migrate`.
pub fn run(cli: &Cli, _args: &MigrateArgs) -> anyhow::Result<u8> {
    // Opened for writing, which marks an unmarked store; what it found says which.
    let store = open_store(cli, StoreUse::Write)?;
    let root = cli.root.display();
    if !cli.quiet {
        match store.layout_state() {
            LayoutState::Unmarked => outln!(
                "migrated the store at {root} from layout {UNMARKED} (no marker) to layout \
                 {CURRENT}: wrote registryctl-layout.json; nothing else needed to change"
            ),
            _ => outln!("the store at {root} is at layout {CURRENT}, the newest this registryctl knows: nothing to do"),
        }
    }
    Ok(exit::OK)
}
