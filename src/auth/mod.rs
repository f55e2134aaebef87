//! Access control: users and groups, grant/deny rules over repository patterns, their
//! evaluation, the files they live in, bearer tokens and the live state `serve` uses.
//!
//! - [`model`]: subjects, patterns, actions, rules (pure);
//! - [`eval`]: deny beats grant, no grant means denied, and which rule decided;
//! - [`users`], [`acl`]: `auth/users.toml` and `auth/acl.toml` and their edits;
//! - [`files`]: the locked, atomic, audited edit protocol shared by both;
//! - [`token`]: JWT issue and verification with the store's signing key;
//! - [`cache`]: verified credentials, so argon2 runs once per credential;
//! - [`robots`]: robot accounts (scoped, expiring, revocable machine credentials) in
//!   `auth/robots.toml`;
//! - [`throttle`]: failed logins, throttled per (user, address) and per address;
//! - [`state`]: what a running server holds, reloaded when the files change.
//!
//! `docs/access-control.md` is the operator's view.

pub mod acl;
pub mod cache;
pub mod eval;
pub mod files;
pub mod model;
pub mod robots;
pub mod state;
pub mod throttle;
pub mod token;
pub mod users;

pub use eval::{Policy, Verdict};
pub use model::{Action, ActionSet, Effect, ModelError, Pattern, Rule, Subject};
pub use state::{Gate, Snapshot};

use crate::storage::StoreError;

/// Why an auth operation failed.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// An auth file does not parse.
    #[error("{file} is damaged (fix it by hand or restore it from a backup): {why}")]
    Damaged {
        /// Which file.
        file: &'static str,
        /// What is wrong.
        why: String,
    },
    /// A name, pattern or action list is malformed.
    #[error(transparent)]
    Model(#[from] ModelError),
    /// An argument is unusable.
    #[error("{0}")]
    Invalid(String),
    /// The thing to change or remove does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The thing to create exists already.
    #[error("{0}")]
    Exists(String),
    /// Password hashing failed.
    #[error("password hashing failed: {0}")]
    Hash(String),
    /// A token could not be made or is not valid.
    #[error("token: {0}")]
    Token(String),
}
