//! `registryctl init`: creates a new, empty store.

use anyhow::Context;

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
The store is private to its owner (directories 0700, files 0600, whatever the umask).\n\
--store-group GROUP shares it with a group instead: the root and everything in it get\n\
the group, directories 2770 (setgid: new files inherit the group) and files 0660, so\n\
the group's members can run every command; also on an existing store (docs/storage.md).\n\n\
Examples:\n  registryctl init --root /var/lib/registryctl\n  \
registryctl init --root /srv/registry --store-group registry\n  \
REGISTRYCTL_ROOT=/srv/registry registryctl init"
)]
pub struct InitArgs {
    /// Share the store with this group (directories 2770, files 0660) instead of
    /// keeping it private to its owner (0700/0600)
    #[arg(long, env = "REGISTRYCTL_STORE_GROUP", value_name = "GROUP")]
    pub store_group: Option<String>,
}

/// Runs `init`.
pub fn run(cli: &Cli, args: &InitArgs) -> anyhow::Result<u8> {
    let group = match &args.store_group {
        Some(_) if cli.storage.is_some() => {
            return Err(exit::err(
                exit::USAGE,
                "--store-group applies to a store on the filesystem, not to object storage",
            ))
        }
        Some(name) => Some(
            crate::storage::modes::group_id(name)
                .map_err(|e| exit::err(exit::USAGE, format!("--store-group {name}: {e}")))?,
        ),
        None => None,
    };
    // What opening found says what it did (it marks an unmarked store).
    let store = open_store(cli, StoreUse::Init)?;
    if let (Some(gid), Some(name)) = (group, &args.store_group) {
        crate::storage::modes::share_with_group(&cli.root, gid).with_context(|| {
            format!(
                "sharing the store at {} with group {name}",
                cli.root.display()
            )
        })?;
        if !cli.quiet {
            outln!(
                "the store at {} is shared with group {name} (directories 2770, files 0660)",
                cli.root.display()
            );
        }
    }
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
