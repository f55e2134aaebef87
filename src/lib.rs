//! registryctl: an OCI container registry and the tools that administer its store.
//!
//! - [`auth`]: users, groups, access rules, tokens and their enforcement state;
//! - [`oci`]: digests, names, media types, manifests and their references;
//! - [`storage`]: the only owner of the storage tree's paths and writes;
//! - [`reach`]: a repository's manifest graph and what its roots reach (gc and inventory);
//! - [`gc`]: online mark-and-sweep garbage collection of the store;
//! - [`scan`]: the integrity scan and its repairs;
//! - [`image`]: whole images to and from OCI image layouts, and copies between repositories;
//! - [`import`]: moving a store of the reference registry (distribution), or another
//!   registryctl store of any kind, into this one;
//! - [`inventory`]: the store walk behind `blob ls` and `repo ls`;
//! - [`policy`]: tag retention (`prune`) and immutability rules;
//! - [`par`]: the one parallel map the walks share;
//! - [`server`]: the HTTP API of the OCI Distribution Spec;
//! - [`cli`]: the `registryctl` command tree;
//! - [`config`]: settings from flags, then `REGISTRYCTL_*` environment, then a TOML file.
#![warn(missing_docs)]

pub mod audit;
pub mod auth;
pub mod cli;
pub mod config;
pub mod gc;
pub mod image;
pub mod import;
pub mod inventory;
pub mod oci;
pub mod par;
pub mod policy;
pub mod reach;
pub mod scan;
pub mod server;
pub mod service;
pub mod storage;
