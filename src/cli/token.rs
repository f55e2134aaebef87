//! `registryctl token rotate`: replaces the token signing key.

use super::output::outln;
use super::{auth_failure, exit, Cli};
use super::{open_store, StoreUse};
use crate::auth::token::TokenKey;

/// `registryctl token ...`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Bearer tokens are signed with the key in auth/token.key under the store root,\nshared by every `serve` on the store. Each key has an id that tokens carry (`kid`)."
)]
pub struct TokenArgs {
    /// The token subcommand.
    #[command(subcommand)]
    pub command: TokenCommand,
}

/// The token subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum TokenCommand {
    /// Replace the signing key with a new random one; tokens of the old key are refused.
    #[command(
        after_help = "Every running `serve` on the store signs with the new key, and refuses every\ntoken signed by the old one, within a second; clients then ask for new tokens.\nRefresh tokens of the old key stop working too. The change is recorded in the\naudit log (`registryctl acl log`).\n\nExamples:\n  registryctl token rotate"
    )]
    Rotate,
}

/// Runs `token`.
pub fn run(cli: &Cli, args: &TokenArgs) -> anyhow::Result<u8> {
    let store = open_store(cli, StoreUse::Write)?;
    match &args.command {
        TokenCommand::Rotate => match TokenKey::rotate(&store) {
            Ok((old, new)) => {
                if !cli.quiet {
                    match old {
                        Some(old) => outln!(
                            "rotated the token signing key: {old} retired, {} in use",
                            new.kid()
                        ),
                        None => outln!("made a token signing key: {} in use", new.kid()),
                    }
                }
                Ok(exit::OK)
            }
            Err(e) => Ok(auth_failure(&e)),
        },
    }
}
