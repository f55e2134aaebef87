//! The `registryctl` command tree. Flags are defined here, in one place; each
//! subcommand's work lives in its own file next to this one.

pub mod acl;
pub mod assets;
pub mod audit;
pub mod blob;
pub mod completions;
pub mod config;
pub mod exit;
pub mod gc;
pub mod group;
pub mod image;
pub mod immutable;
pub mod import;
pub mod init;
pub mod listing;
pub mod logline;
pub mod manifest;
pub mod migrate;
pub mod output;
pub mod prune;
pub mod quarantine;
pub mod quota;
pub mod repo;
pub mod retention;
pub mod robot;
pub mod scan;
pub mod serve;
pub mod tag;
pub mod token;
pub mod usage;
pub mod user;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::config::{Loaded, LogFormat};
use crate::storage::Store;

/// An error that exits with its own code instead of [`exit::FAILURE`]. Found anywhere
/// in an error's chain by [`error_code`].
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub(crate) struct CodedError {
    /// The exit code.
    pub code: u8,
    /// The whole message (it may hold a `hint:` line).
    pub message: String,
}

/// The exit code for an error: a [`CodedError`]'s code, [`exit::BUSY`] for a store
/// lock held elsewhere for the whole lock wait, else [`exit::FAILURE`].
pub(crate) fn error_code(e: &anyhow::Error) -> u8 {
    e.chain()
        .find_map(|c| {
            c.downcast_ref::<CodedError>().map(|c| c.code).or_else(|| {
                c.downcast_ref::<crate::storage::lockwait::LockBusy>()
                    .map(|_| exit::BUSY)
            })
        })
        .unwrap_or(exit::FAILURE)
}

/// A rule's default id: the first of `PREFIX1`, `PREFIX2`, … not in `taken`.
pub(crate) fn first_free_id<'a>(prefix: &str, taken: impl IntoIterator<Item = &'a str>) -> String {
    let taken: std::collections::HashSet<&str> = taken.into_iter().collect();
    (1..=taken.len() + 1)
        .map(|i| format!("{prefix}{i}"))
        .find(|c| !taken.contains(c.as_str()))
        .unwrap_or_else(|| prefix.to_string())
}

/// The exit code of an auth-file edit: on success `said()` is printed (unless `-q`),
/// else the error is reported with its code.
pub(crate) fn edit_outcome(
    cli: &Cli,
    result: Result<(), crate::auth::AuthError>,
    said: impl FnOnce() -> String,
) -> u8 {
    match result {
        Ok(()) => {
            if !cli.quiet {
                output::outln!("{}", said());
            }
            exit::OK
        }
        Err(e) => auth_failure(&e),
    }
}

/// Reports an auth error and returns the exit code for it.
pub(crate) fn auth_failure(e: &crate::auth::AuthError) -> u8 {
    use crate::auth::AuthError;
    match e {
        // The detail (which lock file, what to do) is the error's source.
        AuthError::Store(crate::storage::StoreError::Busy(busy)) => {
            output::error(&format!("{e}: {busy}"))
        }
        _ => output::error(&e.to_string()),
    }
    match e {
        AuthError::NotFound(_) => exit::NOT_FOUND,
        AuthError::Exists(_) => exit::EXISTS,
        AuthError::Model(_) | AuthError::Invalid(_) => exit::USAGE,
        AuthError::Store(crate::storage::StoreError::Busy(_)) => exit::BUSY,
        _ => exit::FAILURE,
    }
}

/// What a command does with its store, which decides how it is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StoreUse {
    /// Only reads: nothing is written, not even a lock file or the layout marker, so
    /// it works on a store the user may read but not write.
    Read,
    /// Changes the store; one written before layout markers gets its marker first.
    Write,
    /// `serve`: creates a store in a missing or empty directory (at the default root
    /// or one named), marks an unmarked one. Read-only serving creates and marks
    /// nothing (its store may be on a read-only filesystem).
    Serve {
        /// `serve --read-only`.
        read_only: bool,
    },
    /// `init`: creates a store in a missing or empty directory, marks an unmarked one.
    Init,
}

/// Opens the store this invocation names, the one place that decides which store
/// that is (today `--root` / `REGISTRYCTL_ROOT` / `root` in the file) and whether it
/// may be created. Only `serve` and `init` create one: every other command fails with
/// [`exit::NO_STORE`] and the fix, or [`exit::NEWER_LAYOUT`].
pub(crate) fn open_store(cli: &Cli, usage: StoreUse) -> anyhow::Result<Store> {
    use crate::storage::Access;
    let root = &cli.root;
    let opened = match &cli.storage {
        Some(url) => {
            let (access, create) = match usage {
                // `serve --read-only` writes nothing either: no lock, no stamp, no marker.
                StoreUse::Read | StoreUse::Serve { read_only: true } => (Access::ReadOnly, false),
                StoreUse::Write => (Access::ReadWrite, false),
                StoreUse::Serve { read_only: false } | StoreUse::Init => (Access::ReadWrite, true),
            };
            let objects = connect_objects(cli, url, access, create)?;
            Store::open_objects(objects, access, create)
        }
        None => match usage {
            // `serve --read-only` writes nothing either: no lock file, no stamp, no marker.
            StoreUse::Read | StoreUse::Serve { read_only: true } => {
                Store::open(root, Access::ReadOnly)
            }
            StoreUse::Write => Store::open(root, Access::ReadWrite),
            StoreUse::Serve { read_only: false } | StoreUse::Init => Store::open_or_create(root),
        },
    };
    let root = std::path::PathBuf::from(store_name(cli));
    let root = &root;
    let store = opened.map_err(|e| {
        let hint = format!("\nhint: {}", no_store_hint(cli));
        open_error(
            e,
            "",
            &hint,
            &format!("opening the store at {}", root.display()),
        )
    })?;
    let marks = matches!(
        usage,
        StoreUse::Write | StoreUse::Serve { read_only: false } | StoreUse::Init
    );
    if matches!(usage, StoreUse::Serve { read_only: false }) {
        // Object storage: refuse to serve from a service whose conditional writes
        // are not atomic (a no-op on the filesystem).
        store
            .self_test()
            .with_context(|| format!("checking the store at {}", root.display()))?;
    }
    if marks && store.layout_state() == crate::storage::LayoutState::Unmarked {
        store.migrate().with_context(|| {
            format!(
                "writing the layout marker of the store at {}",
                root.display()
            )
        })?;
        tracing::info!(
            store = %root.display(),
            "the store was written before layout markers; marked it as layout {}",
            crate::storage::layout::CURRENT
        );
    }
    Ok(store)
}

/// Opens the store `source` names (a `--root` directory, or a `--storage` URL) for
/// reading: the source of `import store`.
pub(crate) fn open_source_store(cli: &Cli, source: &str) -> anyhow::Result<Store> {
    use crate::storage::Access;
    let opened = if source.contains("://") {
        let objects = connect_objects(cli, source, Access::ReadOnly, false)?;
        Store::open_objects(objects, Access::ReadOnly, false)
    } else {
        Store::open(std::path::Path::new(source), Access::ReadOnly)
    };
    opened.map_err(|e| open_error(e, "source: ", "", &format!("opening the source {source}")))
}

/// A store that would not open, as the CLI reports it: its exit code, `prefix` before
/// the message, `hint` after a "no store" one, and `context` on an I/O failure.
fn open_error(
    e: crate::storage::OpenError,
    prefix: &str,
    hint: &str,
    context: &str,
) -> anyhow::Error {
    use crate::storage::OpenError;
    let code = match e {
        OpenError::Store(e) => return anyhow::Error::new(e).context(context.to_string()),
        OpenError::NoStore { .. } => exit::NO_STORE,
        OpenError::NewerLayout { .. } => exit::NEWER_LAYOUT,
        // The right store named with the wrong flag: a usage error, and the fix.
        OpenError::OtherKind { .. } => exit::USAGE,
    };
    let hint = if code == exit::NO_STORE { hint } else { "" };
    anyhow::Error::new(CodedError {
        code,
        message: format!("{prefix}{e}{hint}"),
    })
}

/// The object store `--storage URL` names: `s3://BUCKET[/PREFIX]`, or
/// `file:///DIR` (objects as files in a directory, created when missing if
/// `create`).
fn connect_objects(
    cli: &Cli,
    url: &str,
    access: crate::storage::Access,
    create: bool,
) -> anyhow::Result<std::sync::Arc<dyn crate::storage::object::ObjectStore>> {
    use crate::storage::object::fs::FsObjects;
    if let Some(path) = url.strip_prefix("file://") {
        let dir = std::path::Path::new(path);
        if !dir.is_absolute() {
            return Err(anyhow::Error::new(CodedError {
                code: exit::USAGE,
                message: format!(
                    "--storage {url}: a file:// URL names an absolute directory, as in file:///var/lib/registryctl"
                ),
            }));
        }
        let opened = if create {
            FsObjects::create(dir)
        } else if !dir.exists() {
            // The hint names this invocation's flags: only for the store they name
            // (not for the source of `import store`).
            let hint = match cli.storage.as_deref() == Some(url) {
                true => format!("\nhint: {}", no_store_hint(cli)),
                false => String::new(),
            };
            return Err(anyhow::Error::new(CodedError {
                code: exit::NO_STORE,
                message: format!("no store at {url}: the directory does not exist{hint}"),
            }));
        } else if access == crate::storage::Access::ReadOnly {
            FsObjects::open_read_only(dir)
        } else {
            FsObjects::open(dir)
        };
        let objects = opened
            .with_context(|| format!("--storage {url}"))?
            .with_private_prefixes(&[crate::storage::paths::PRIVATE_PREFIX]);
        return Ok(std::sync::Arc::new(objects));
    }
    let config = cli.loaded.file.storage.s3_config(url).map_err(|why| {
        anyhow::Error::new(CodedError {
            code: exit::USAGE,
            message: format!("--storage {url}: {why}"),
        })
    })?;
    let s3 = crate::storage::object::s3::S3Objects::new(config)
        .map_err(|why| anyhow::anyhow!("--storage {url}: {why}"))?;
    Ok(std::sync::Arc::new(s3))
}

/// The store this invocation names, for messages: the `--storage` URL or the root.
pub(crate) fn store_name(cli: &Cli) -> String {
    match &cli.storage {
        Some(url) => url.clone(),
        None => cli.root.display().to_string(),
    }
}

/// How to fix "no store at": create one, or point the root elsewhere (naming where
/// this root came from).
fn no_store_hint(cli: &Cli) -> String {
    use crate::config::Source;
    if let Some(url) = &cli.storage {
        let empty = match url.starts_with("file://") {
            true => "in a new or empty directory",
            false => "under an empty prefix",
        };
        return format!(
            "`registryctl init --storage {url}` (or `registryctl serve --storage {url}`) \
             creates a store {empty}; or point --storage (or \
             REGISTRYCTL_STORAGE, or `url` in the [storage] table) at the store `registryctl \
             serve` uses."
        );
    }
    let from = match &cli.root_source {
        Source::Flag => "the --root flag".to_string(),
        Source::Env(v) => format!("the environment variable {v}"),
        Source::File(p) => format!("`root` in {}", p.display()),
        Source::Default => format!("the default, ./{DEFAULT_ROOT}"),
    };
    format!(
        "`registryctl init --root {}` creates a store there; or point --root (or \
         REGISTRYCTL_ROOT, or `root` in the configuration file) at the store `registryctl \
         serve` uses. This root came from {from}.",
        cli.root.display()
    )
}

/// Default store location: a directory under the current one.
pub const DEFAULT_ROOT: &str = "registryctl-data";

/// registryctl: an OCI registry with granular access control, and the tools to
/// administer its store.
#[derive(Debug, Parser)]
#[command(
    name = "registryctl",
    version,
    about,
    long_about = None,
    after_help = "Examples:\n  registryctl serve --listen 0.0.0.0:5000 --root /var/lib/registryctl\n  registryctl config show\n  registryctl completions bash > /etc/bash_completion.d/registryctl\n\nConfiguration: flags beat REGISTRYCTL_* environment variables, which beat the\nconfiguration file (--config, else /etc/registryctl/config.toml if it exists)."
)]
pub struct Cli {
    /// Store root directory (also `root` in the configuration file).
    #[arg(long, global = true, env = "REGISTRYCTL_ROOT", default_value = DEFAULT_ROOT, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub root: PathBuf,
    /// Store kept as objects instead of --root: s3://BUCKET[/PREFIX] on S3-compatible
    /// storage (endpoint and keys from AWS_* or `[storage]`), or file:///DIR on a
    /// local filesystem (also `url` in `[storage]`).
    #[arg(long, global = true, env = "REGISTRYCTL_STORAGE", value_name = "URL")]
    pub storage: Option<String>,
    /// Print only errors: nothing on stdout but data asked for (--json, a completion
    /// script, manifest get), no notes or progress on stderr.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more detail (repeat for more).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// When to colour output and progress bars: auto (on a terminal, unless NO_COLOR
    /// is set), always or never.
    #[arg(
        long,
        global = true,
        value_enum,
        default_value = "auto",
        value_name = "WHEN"
    )]
    pub color: output::Color,
    /// Configuration file (TOML) [default: /etc/registryctl/config.toml, if it exists].
    #[arg(
        id = "config",
        long = "config",
        global = true,
        env = "REGISTRYCTL_CONFIG",
        value_name = "FILE",
        value_hint = clap::ValueHint::FilePath
    )]
    pub config_file: Option<PathBuf>,
    /// The configuration file as loaded (filled in before the subcommand runs).
    #[arg(skip)]
    pub loaded: Loaded,
    /// Where `root` came from (flag, env, file or default), for `config show`.
    #[arg(skip)]
    pub root_source: crate::config::Source,
    /// The subcommand.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the registry (HTTP API of the OCI Distribution Spec).
    Serve(serve::ServeArgs),
    /// Show the effective configuration, or check a configuration file.
    #[command(
        subcommand,
        after_help = "Examples:\n  registryctl config show\n  registryctl config check /etc/registryctl/config.toml"
    )]
    Config(config::ConfigCommand),
    /// Print a shell completion script.
    Completions(completions::CompletionsArgs),
    /// Manage users (name and password) who may sign in to the registry.
    User(user::UserArgs),
    /// Manage groups of users, usable as `group:NAME` in access rules.
    Group(group::GroupArgs),
    /// Manage and test access rules: grant, deny, revoke, list, check, audit log.
    Acl(acl::AclArgs),
    /// Manage robot accounts: scoped, expiring, revocable credentials for machines.
    Robot(robot::RobotArgs),
    /// Manage the key bearer tokens are signed with.
    Token(token::TokenArgs),
    /// Check the store's integrity (and repair what is safe with --fix).
    Scan(scan::ScanArgs),
    /// Blob inventory: what is using the disk.
    Blob(blob::BlobArgs),
    /// List and purge the corrupt bytes `scan --fix` moved to quarantine/.
    Quarantine(quarantine::QuarantineArgs),
    /// List and remove repositories.
    Repo(repo::RepoArgs),
    /// List, add and remove tags.
    Tag(tag::TagArgs),
    /// List, print and remove manifests.
    Manifest(manifest::ManifestArgs),
    /// Export and import OCI image layouts; copy images between repositories.
    Image(image::ImageArgs),
    /// Import another registry's store (distribution).
    Import(import::ImportArgs),
    /// Manage retention rules: which tags `prune` removes.
    Retention(retention::RetentionArgs),
    /// Manage immutable tags: tags no push may move and no delete may remove.
    Immutable(immutable::ImmutableArgs),
    /// Remove the tags no retention rule keeps (then `gc` reclaims their bytes).
    Prune(prune::PruneArgs),
    /// Manage storage quotas: the bytes a pattern of repositories may reference.
    Quota(quota::QuotaArgs),
    /// Bytes per repository, organisation or pattern: total, only there, shared.
    Usage(usage::UsageArgs),
    /// Remove unreferenced manifests, links and blobs while the registry keeps serving.
    Gc(gc::GcArgs),
    /// The deletion audit log: who removed what, why and when.
    Audit(audit::AuditArgs),
    /// Create a new, empty store (only `serve` and `init` create one).
    Init(init::InitArgs),
    /// Upgrade a store to this registryctl's layout version.
    Migrate(migrate::MigrateArgs),
}

/// Sets up `tracing` on stderr: `RUST_LOG` if set, else a level from `-q`/`-v`;
/// human-readable text (coloured on a terminal without `NO_COLOR`) or JSON lines.
pub fn init_logging(cli: &Cli, format: LogFormat) {
    init_logging_as(cli, format, None)
}

/// [`init_logging`], with a `replica` field on every line when `replica` is given
/// (`serve`, see [`logline`]).
pub fn init_logging_as(cli: &Cli, format: LogFormat, replica: Option<&str>) {
    let default = match (cli.quiet, cli.verbose) {
        (true, _) => "error",
        (_, 0) => "info",
        (_, 1) => "debug",
        _ => "trace",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let text = tracing_subscriber::fmt::format();
    let json = tracing_subscriber::fmt::format()
        .json()
        .flatten_event(true)
        .with_current_span(false);
    // A second initialisation (tests) keeps the first subscriber.
    let _ = match (format, replica) {
        (LogFormat::Text, None) => builder.with_ansi(output::color_stderr()).try_init(),
        (LogFormat::Text, Some(r)) => builder
            .with_ansi(output::color_stderr())
            .event_format(logline::WithReplica::new(text, r, false))
            .try_init(),
        (LogFormat::Json, None) => builder
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .try_init(),
        (LogFormat::Json, Some(r)) => builder
            .event_format(logline::WithReplica::new(json, r, true))
            .fmt_fields(tracing_subscriber::fmt::format::JsonFields::new())
            .try_init(),
    };
}

/// Reads the configuration file and applies what the whole command tree shares (the
/// store root: flag, then `REGISTRYCTL_ROOT`, then the file's `root`).
fn load_config(cli: &mut Cli, matches: &ArgMatches) -> anyhow::Result<()> {
    cli.loaded = Loaded::load(cli.config_file.as_deref())?;
    let loaded = cli.loaded.clone();
    let mut layers = crate::config::Layers::new(matches, &loaded);
    cli.root = layers.pick(
        "root",
        "root",
        loaded.file_path(&loaded.file.root),
        PathBuf::from(DEFAULT_ROOT),
    );
    if let Some((_, src)) = layers.sources.pop() {
        cli.root_source = src;
    }
    cli.storage = layers.pick_opt("storage.url", "storage", loaded.file.storage.url.clone());
    Ok(())
}

/// The matches of the subcommand that is running.
fn sub_matches(matches: &ArgMatches) -> &ArgMatches {
    matches.subcommand().map(|(_, m)| m).unwrap_or(matches)
}

fn run(cli: &Cli, matches: &ArgMatches) -> anyhow::Result<u8> {
    let sub = sub_matches(matches);
    // serve sets up logging itself, once its log format is resolved.
    if !matches!(cli.command, Command::Serve(_)) {
        init_logging(cli, LogFormat::Text);
    }
    match &cli.command {
        Command::Serve(args) => serve::run(cli, args, sub),
        Command::Config(c) => config::run(cli, c),
        Command::Completions(args) => completions::run(args),
        Command::User(args) => user::run(cli, args),
        Command::Group(args) => group::run(cli, args),
        Command::Acl(args) => acl::run(cli, args),
        Command::Robot(args) => robot::run(cli, args),
        Command::Token(args) => token::run(cli, args),
        Command::Scan(args) => scan::run(cli, args),
        Command::Blob(args) => blob::run(cli, args),
        Command::Quarantine(args) => quarantine::run(cli, args),
        Command::Repo(args) => repo::run(cli, args),
        Command::Tag(args) => tag::run(cli, args),
        Command::Manifest(args) => manifest::run(cli, args),
        Command::Image(args) => image::run(cli, args),
        Command::Import(args) => import::run(cli, args),
        Command::Retention(args) => retention::run(cli, args),
        Command::Immutable(args) => immutable::run(cli, args),
        Command::Prune(args) => prune::run(cli, args, sub),
        Command::Quota(args) => quota::run(cli, args),
        Command::Usage(args) => usage::run(cli, args),
        Command::Gc(args) => gc::run(cli, args),
        Command::Audit(args) => audit::run(cli, args),
        Command::Init(args) => init::run(cli, args),
        Command::Migrate(args) => migrate::run(cli, args),
    }
}

/// The command tree as clap builds it from [`Cli`], with the exit-code table at the
/// end of every command's help ([`exit::decorate`]). Everything that parses or
/// documents the command line (main, completions, man pages) uses this.
pub fn command() -> clap::Command {
    exit::decorate(Cli::command())
}

/// Whether the running (sub)command was given `--json` or `--jsonl`.
fn json_requested(matches: &ArgMatches) -> bool {
    let mut m = matches;
    while let Some((_, sub)) = m.subcommand() {
        m = sub;
    }
    ["json", "jsonl"]
        .iter()
        .any(|id| matches!(m.try_get_one::<bool>(id), Ok(Some(true))))
}

/// Parses the command line, runs the subcommand and maps its outcome to an exit code.
pub fn main() -> ExitCode {
    // The maintainers' generator stays outside the command tree, so that the
    // completions and man pages it writes do not offer it to users.
    if std::env::args_os()
        .nth(1)
        .is_some_and(|a| a == assets::COMMAND)
    {
        return report(assets::main(), false);
    }
    let matches = match command().try_get_matches() {
        Ok(m) => m,
        Err(e) => usage_error(e),
    };
    let mut cli = match Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => usage_error(e),
    };
    output::set_color(cli.color);
    let json = json_requested(&matches);
    // -q silences stdout, except output that is the data asked for.
    let data = json
        || matches!(
            cli.command,
            Command::Completions(_)
                | Command::Manifest(manifest::ManifestArgs {
                    command: manifest::ManifestCommand::Get(_)
                })
                // A new secret is the data asked for: -q prints it alone.
                | Command::Robot(robot::RobotArgs {
                    command: robot::RobotCommand::Create(_) | robot::RobotCommand::Rotate(_)
                })
        );
    output::set_quiet(cli.quiet && !data);
    // Commands that do not read the configuration keep working with a broken file.
    let needs_config = !matches!(
        cli.command,
        Command::Completions(_) | Command::Config(config::ConfigCommand::Check(_))
    );
    let loaded = if needs_config {
        load_config(&mut cli, &matches).context("loading the configuration")
    } else {
        Ok(())
    };
    report(loaded.and_then(|()| run(&cli, &matches)), json)
}

/// Prints clap's message and exits with its code; a command line asking for `--json`
/// also gets the JSON error object on stdout.
fn usage_error(e: clap::Error) -> ! {
    use clap::error::ErrorKind;
    let informational = matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion)
        || e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand;
    if !informational && std::env::args_os().any(|a| a == "--json" || a == "--jsonl") {
        let message = e.kind().as_str().unwrap_or("bad usage").to_string();
        let detail = e.render().to_string();
        let first = detail
            .lines()
            .find(|l| !l.trim().is_empty())
            .map(|l| l.trim_start_matches("error: ").to_string())
            .unwrap_or(message);
        if let Ok(text) = serde_json::to_string_pretty(&exit::json_error(exit::USAGE, &first)) {
            output::write_stdout(format_args!("{text}\n"));
        }
    }
    e.exit()
}

/// Prints an error with its cause chain on stderr and returns its exit code
/// ([`error_code`]).
pub(crate) fn print_error(prefix: &str, e: &anyhow::Error) -> u8 {
    use std::io::Write;
    // Not eprintln!: it panics if stderr is closed.
    let _ = writeln!(std::io::stderr(), "{}{e:#}", output::error_prefix(prefix));
    output::remember_error(&format!("{e:#}"));
    error_code(e)
}

/// Turns the outcome into the process's exit code, printing an error on stderr, after
/// flushing what is left for stdout (a failure there ends the process: see
/// [`output::stdout_failed`]).
fn report(result: anyhow::Result<u8>, json: bool) -> ExitCode {
    use std::io::Write;
    if let Err(e) = std::io::stdout().flush() {
        output::stdout_failed(&e);
    }
    let code = match result {
        Ok(code) => code,
        Err(e) => print_error("registryctl: error: ", &e),
    };
    // `--json` promises an object for every outcome: a failure that printed none
    // prints the error as one.
    if json && code != exit::OK && !output::stdout_used() {
        let message = output::last_error().unwrap_or_else(|| exit::name(code).to_string());
        if let Ok(text) = serde_json::to_string_pretty(&exit::json_error(code, &message)) {
            output::write_stdout(format_args!("{text}\n"));
        }
    }
    ExitCode::from(code)
}
