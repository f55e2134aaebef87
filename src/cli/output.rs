//! Terminal conventions shared by every subcommand.
//!
//! - Data goes to stdout, diagnostics and logs to stderr; errors are printed once by
//!   `cli::main` with their anyhow cause chain (`error: outer: inner: root`).
//! - Colour follows the global `--color auto|always|never` ([`set_color`]): `auto`
//!   colours a terminal unless `NO_COLOR` is set (<https://no-color.org>). Progress
//!   bars are drawn only on a terminal and without `-q`, coloured by the same choice.
//!   Use [`color_stdout`] / [`color_stderr`] / [`progress_allowed`] instead of
//!   deciding locally.
//! - With `--json`, a command that fails before printing its JSON prints a JSON error
//!   object instead ([`super::exit::json_error`]), so a script always gets an object.
//! - Sizes and durations are human-readable by default ([`size`], [`duration`]); a
//!   subcommand that prints them offers `--raw` (bytes, seconds) for scripts and
//!   passes it as the `raw` argument.
//! - `-q` / `-v` are global flags on [`super::Cli`]; [`Verbosity`] turns them into a
//!   decision a subcommand can ask about.
//! - Everything written to stdout goes through [`write_stdout`] (or the `outln!` /
//!   `out!` macros, this module's `println!` / `print!`), never `println!`, which
//!   panics when the write fails. When the reader has gone (`registryctl blob ls |
//!   head -1`: `EPIPE`), the process ends at once, quietly, with exit status 0, as
//!   ripgrep does (Rust ignores `SIGPIPE`, so the error arrives as a write error); any
//!   other write failure (a full disk: `ENOSPC`) prints one error line on stderr and
//!   exits with 1.
//!
//! ```
//! use registryctl::cli::output;
//! assert_eq!(output::size(1536, false), "1.5 KiB");
//! assert_eq!(output::size(1536, true), "1536");
//! assert_eq!(output::duration(std::time::Duration::from_millis(1500), false), "1.5s");
//! ```

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// Whether anything was written to stdout (so a `--json` failure knows whether its
/// JSON has been printed).
static STDOUT_USED: AtomicBool = AtomicBool::new(false);
/// The last error message reported with [`error`], for the `--json` error object.
static LAST_ERROR: Mutex<Option<String>> = Mutex::new(None);
/// `-q` for a command whose stdout is not data asked for (see [`set_quiet`]).
static QUIET: AtomicBool = AtomicBool::new(false);
/// The `--color` choice, as [`Color`]'s discriminant.
static COLOR: AtomicU8 = AtomicU8::new(Color::Auto as u8);

/// `--color`: when to colour output and progress bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Color {
    /// On a terminal, unless `NO_COLOR` is set.
    #[default]
    Auto = 0,
    /// Always (even in a pipe, and despite `NO_COLOR`).
    Always = 1,
    /// Never.
    Never = 2,
}

/// `-q`: from now on [`write_stdout`] and [`write_stdout_bytes`] print nothing, so
/// that every command is silent but for its errors. `cli::main` does not set it
/// when the output is what was asked for: `--json`, a completion script, `manifest
/// get`, a robot's new secret (`robot create`, `robot rotate`).
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

/// Records the `--color` choice for the whole process.
pub fn set_color(c: Color) {
    COLOR.store(c as u8, Ordering::Relaxed);
}

fn color_choice() -> Color {
    match COLOR.load(Ordering::Relaxed) {
        1 => Color::Always,
        2 => Color::Never,
        _ => Color::Auto,
    }
}

fn colored(terminal: bool) -> bool {
    match color_choice() {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => terminal && !no_color(),
    }
}

/// Prints `registryctl: error: MESSAGE` on stderr and remembers the message for the
/// `--json` error object.
pub fn error(message: &str) {
    // Not eprintln!: it panics if stderr is closed.
    let _ = writeln!(
        std::io::stderr(),
        "{}{message}",
        error_prefix("registryctl: error: ")
    );
    remember_error(message);
}

/// An error line's prefix, bold red when [`color_stderr`].
pub fn error_prefix(prefix: &str) -> String {
    if color_stderr() {
        format!("\x1b[1;31m{}\x1b[0m ", prefix.trim_end())
    } else {
        prefix.to_string()
    }
}

/// Remembers an error message (printed elsewhere) for the `--json` error object.
pub fn remember_error(message: &str) {
    if let Ok(mut last) = LAST_ERROR.lock() {
        *last = Some(message.to_string());
    }
}

/// The last error message reported, if any.
pub fn last_error() -> Option<String> {
    LAST_ERROR.lock().ok().and_then(|l| l.clone())
}

/// Whether anything has been written to stdout.
pub fn stdout_used() -> bool {
    STDOUT_USED.load(Ordering::Relaxed)
}

/// Writes to stdout and flushes (lines must reach a pipe as they are printed, and a
/// failure must show here, not at exit). On failure the process ends: see the module
/// documentation.
pub fn write_stdout(args: std::fmt::Arguments<'_>) {
    if QUIET.load(Ordering::Relaxed) {
        return;
    }
    STDOUT_USED.store(true, Ordering::Relaxed);
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(args).and_then(|()| out.flush()) {
        stdout_failed(&e)
    }
}

/// Writes bytes to stdout, as [`write_stdout`].
pub fn write_stdout_bytes(bytes: &[u8]) {
    if QUIET.load(Ordering::Relaxed) {
        return;
    }
    STDOUT_USED.store(true, Ordering::Relaxed);
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(bytes).and_then(|()| out.flush()) {
        stdout_failed(&e)
    }
}

/// Ends the process after a failed write to stdout: quietly with 0 when the reader
/// closed the pipe, else with an error line and 1.
pub fn stdout_failed(e: &std::io::Error) -> ! {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    // Not eprintln!: it panics if stderr fails too.
    let _ = writeln!(
        std::io::stderr(),
        "registryctl: error: writing to standard output: {e}"
    );
    std::process::exit(i32::from(super::exit::FAILURE));
}

/// `println!` for the CLI's stdout: see [`write_stdout`].
macro_rules! outln {
    () => {
        $crate::cli::output::write_stdout(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::cli::output::write_stdout(format_args!("{}\n", format_args!($($arg)*)))
    };
}
pub(crate) use outln;

/// `print!` for the CLI's stdout: see [`write_stdout`].
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::cli::output::write_stdout(format_args!($($arg)*))
    };
}
pub(crate) use out;

/// Whether `NO_COLOR` is set to a non-empty value.
pub fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// Whether stdout is a terminal.
pub fn stdout_is_terminal() -> bool {
    std::io::stdout().is_terminal()
}

/// Whether stderr is a terminal.
pub fn stderr_is_terminal() -> bool {
    std::io::stderr().is_terminal()
}

/// Whether to colour what is written to stdout.
pub fn color_stdout() -> bool {
    colored(stdout_is_terminal())
}

/// Whether to colour what is written to stderr (logs, errors, progress bars).
pub fn color_stderr() -> bool {
    colored(stderr_is_terminal())
}

/// Whether progress bars or spinners may be drawn (on stderr): only for a person
/// watching a terminal, never in cron, pipes, CI or with `-q`. Their colour follows
/// [`color_stderr`].
pub fn progress_allowed(verbosity: Verbosity) -> bool {
    verbosity != Verbosity::Quiet && stderr_is_terminal()
}

/// An indicatif template for a bar on one line that never wraps: `{wide_bar}` takes
/// what the terminal width leaves; the message is cut to 12 columns; colour per
/// [`color_stderr`]. `counts` is `{pos}/{len}` or a bytes variant.
pub fn bar_template(counts: &str) -> String {
    if color_stderr() {
        format!("{{msg:>12!.cyan}} [{{wide_bar:.green/white}}] {counts} {{elapsed}}")
    } else {
        format!("{{msg:>12!}} [{{wide_bar}}] {counts} {{elapsed}}")
    }
}

/// The width output must fit: `COLUMNS` if set to a number, else the terminal's
/// when stdout is one; `None` (no limit: whole lines for pipes) otherwise.
pub fn columns() -> Option<u16> {
    if let Some(w) = std::env::var("COLUMNS")
        .ok()
        .and_then(|v| v.trim().parse::<u16>().ok())
        .filter(|w| *w >= 20)
    {
        return Some(w);
    }
    if stdout_is_terminal() {
        return comfy_table::Table::new().width();
    }
    None
}

/// Wraps prose at word boundaries to `width` columns; continuation lines start with
/// `indent` spaces. A word longer than a line stays whole.
pub fn wrap(text: &str, width: usize, indent: usize) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let len = line.chars().count();
        if len > indent && len + 1 + word.chars().count() > width {
            out.push_str(line.trim_end());
            out.push('\n');
            line = " ".repeat(indent);
        } else if !line.trim().is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(line.trim_end());
    out
}

/// Prints a line of prose on stdout, wrapped to [`columns`] when a width is known
/// (whole in a pipe without `COLUMNS`); continuation lines indented by `indent`.
pub fn say(text: &str, indent: usize) {
    write_stdout(format_args!("{}\n", fit(text, indent)));
}

/// `text` wrapped to [`columns`] when a width is known, else whole.
pub fn fit(text: &str, indent: usize) -> String {
    match columns() {
        Some(w) => wrap(text, usize::from(w), indent),
        None => text.to_string(),
    }
}

/// One parser and one message for every duration flag: `30s`, `15m`, `24h`, `7d`,
/// `1h30m`; `0s` is allowed, a negative duration is not. Flags using it set
/// `allow_hyphen_values`, so that `-1h` reaches this parser (and its message) rather
/// than being taken for a flag.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let t = s.trim();
    if t.starts_with('-') {
        return Err(format!(
            "`{s}` is negative: give a duration of zero or more, such as 0s, 30m, 24h or 7d"
        ));
    }
    humantime::parse_duration(t).map_err(|_| {
        format!("`{s}` is not a duration: give a number and a unit, such as 0s, 30m, 24h or 7d")
    })
}

/// How much a subcommand should say, from the global `-q` / `-v` flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    /// `-q`: errors only.
    Quiet,
    /// Default: results and warnings.
    Normal,
    /// `-v` or more: also details.
    Verbose,
}

impl Verbosity {
    /// From the global flags.
    pub fn from_flags(quiet: bool, verbose: u8) -> Verbosity {
        match (quiet, verbose) {
            (true, _) => Verbosity::Quiet,
            (_, 0) => Verbosity::Normal,
            _ => Verbosity::Verbose,
        }
    }
}

/// A byte count: binary units with one decimal (`1.5 KiB`, `3.0 GiB`), or the exact
/// number when `raw`.
pub fn size(bytes: u64, raw: bool) -> String {
    const UNITS: [&str; 6] = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    if raw {
        return bytes.to_string();
    }
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut v = bytes as f64 / 1024.0;
    let mut unit = 0;
    while v >= 1024.0 && unit < UNITS.len() - 1 {
        v /= 1024.0;
        unit += 1;
    }
    format!("{v:.1} {}", UNITS[unit])
}

/// A duration: `850ms`, `1.5s`, `2m05s`, `3h07m`, `2d04h`; or seconds with
/// millisecond precision (`1.500`) when `raw`.
pub fn duration(d: Duration, raw: bool) -> String {
    if raw {
        return format!("{:.3}", d.as_secs_f64());
    }
    let secs = d.as_secs();
    if secs == 0 {
        return format!("{}ms", d.as_millis());
    }
    if secs < 60 {
        let s = format!("{:.1}", d.as_secs_f64());
        return format!("{}s", s.strip_suffix(".0").unwrap_or(&s));
    }
    let (m, s) = (secs / 60, secs % 60);
    if m < 60 {
        return format!("{m}m{s:02}s");
    }
    let (h, m) = (m / 60, m % 60);
    if h < 24 {
        return format!("{h}h{m:02}m");
    }
    format!("{}d{:02}h", h / 24, h % 24)
}

/// [`parse_duration`] for flags that keep the text as written (it is stored in a
/// rules file).
pub fn parse_duration_text(s: &str) -> Result<String, String> {
    parse_duration(s).map(|_| s.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(size(0, false), "0 B");
        assert_eq!(size(1023, false), "1023 B");
        assert_eq!(size(1024, false), "1.0 KiB");
        assert_eq!(size(5 * 1024 * 1024 * 1024, false), "5.0 GiB");
        assert_eq!(size(u64::MAX, false), "16.0 EiB");
        assert_eq!(size(12345, true), "12345");
    }

    #[test]
    fn durations() {
        assert_eq!(duration(Duration::from_millis(850), false), "850ms");
        assert_eq!(duration(Duration::from_secs(2), false), "2s");
        assert_eq!(duration(Duration::from_secs(125), false), "2m05s");
        assert_eq!(
            duration(Duration::from_secs(3 * 3600 + 7 * 60), false),
            "3h07m"
        );
        assert_eq!(duration(Duration::from_secs(52 * 3600), false), "2d04h");
        assert_eq!(duration(Duration::from_millis(1500), true), "1.500");
    }

    #[test]
    fn wrapping_and_durations_parsed() {
        assert_eq!(wrap("aa bb cc", 5, 2), "aa bb\n  cc");
        assert_eq!(wrap("averyverylongword x", 5, 0), "averyverylongword\nx");
        assert_eq!(parse_duration("90m"), Ok(Duration::from_secs(5400)));
        assert!(parse_duration("-1h").unwrap_err().contains("negative"));
        assert!(parse_duration("abc")
            .unwrap_err()
            .contains("is not a duration"));
    }

    #[test]
    fn verbosity() {
        assert_eq!(Verbosity::from_flags(true, 0), Verbosity::Quiet);
        assert_eq!(Verbosity::from_flags(false, 0), Verbosity::Normal);
        assert_eq!(Verbosity::from_flags(false, 2), Verbosity::Verbose);
    }
}
