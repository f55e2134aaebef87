//! Reading and editing the auth files through the store.
//!
//! Every edit follows one protocol, so that any number of concurrent `registryctl`
//! processes (and a running `serve`) never lose or tear an update:
//! take the store's auth lock, re-read the file, apply the change, write the whole
//! file atomically (temp file, fsync, rename), append one audit line, release.

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::AuthError;
use crate::storage::{AuthFile, Store};

/// The file name used in messages.
pub fn display_name(f: AuthFile) -> &'static str {
    match f {
        AuthFile::Users => "auth/users.toml",
        AuthFile::Acl => "auth/acl.toml",
        AuthFile::AuditLog => "auth/audit.log",
        AuthFile::TokenKey => "auth/token.key",
        AuthFile::Policy => "auth/policy.toml",
    }
}

/// Parses a TOML auth file's bytes (empty or missing means the default).
pub fn parse<T: DeserializeOwned + Default>(
    f: AuthFile,
    bytes: Option<&[u8]>,
) -> Result<T, AuthError> {
    parse_named(display_name(f), bytes)
}

/// [`parse`] for a file named `file` in messages (the robot files, which are not
/// [`AuthFile`]s).
pub fn parse_named<T: DeserializeOwned + Default>(
    file: &'static str,
    bytes: Option<&[u8]>,
) -> Result<T, AuthError> {
    let Some(bytes) = bytes else {
        return Ok(T::default());
    };
    let damaged = |why: String| AuthError::Damaged { file, why };
    let text = std::str::from_utf8(bytes).map_err(|e| damaged(e.to_string()))?;
    toml::from_str(text).map_err(|e| damaged(e.to_string()))
}

/// Loads a TOML auth file (missing means the default).
pub fn load<T: DeserializeOwned + Default>(store: &Store, f: AuthFile) -> Result<T, AuthError> {
    let bytes = store.read_auth_file(f)?;
    parse(f, bytes.as_deref())
}

/// What an edit did.
pub struct Edit<R> {
    /// Whether the file must be written (and an audit line appended).
    pub changed: bool,
    /// The audit line's description of the change (ignored when nothing changed).
    pub audit: String,
    /// What the caller gets back.
    pub result: R,
}

/// The header written at the top of every auth file.
fn header(f: AuthFile) -> &'static str {
    match f {
        AuthFile::Users => "# registryctl users and groups. Edit with `registryctl user` and `registryctl group`;\n# passwords are argon2id hashes. Keep this file readable by the registry's owner only.\n\n",
        AuthFile::Acl => "# registryctl access rules. Edit with `registryctl acl grant|deny|revoke`;\n# see docs/access-control.md. An explicit deny beats any grant.\n\n",
        AuthFile::Policy => "# registryctl tag policy. Edit with `registryctl retention` and `registryctl immutable`;\n# see docs/policy.md.\n\n",
        _ => "",
    }
}

/// Serialises an auth file with its header.
pub fn render<T: Serialize>(f: AuthFile, value: &T) -> Result<String, AuthError> {
    render_named(display_name(f), header(f), value)
}

/// [`render`] for a file named `file`, with `header` on top.
pub fn render_named<T: Serialize>(
    file: &'static str,
    header: &str,
    value: &T,
) -> Result<String, AuthError> {
    let body = toml::to_string(value).map_err(|e| AuthError::Damaged {
        file,
        why: format!("cannot serialise: {e}"),
    })?;
    Ok(format!("{header}{body}"))
}

/// Applies `op` to file `f` under the auth lock and, if it changed anything, writes the
/// file atomically and appends an audit line.
pub fn edit<T, R>(
    store: &Store,
    f: AuthFile,
    op: impl FnOnce(&mut T) -> Result<Edit<R>, AuthError>,
) -> Result<R, AuthError>
where
    T: Serialize + DeserializeOwned + Default,
{
    let _lock = store.auth_lock()?;
    edit_locked(store, f, op)
}

/// [`edit`] for a caller that holds the auth lock already (an edit of two files).
pub fn edit_locked<T, R>(
    store: &Store,
    f: AuthFile,
    op: impl FnOnce(&mut T) -> Result<Edit<R>, AuthError>,
) -> Result<R, AuthError>
where
    T: Serialize + DeserializeOwned + Default,
{
    let mut value: T = load(store, f)?;
    let edit = op(&mut value)?;
    if edit.changed {
        store.write_auth_file(f, render(f, &value)?.as_bytes())?;
        audit(store, &edit.audit)?;
    }
    Ok(edit.result)
}

/// Appends one line to the audit log: RFC 3339 time, who ran it ([`actor`]), what changed.
/// Tabs and newlines in `what` are replaced so that one edit is always one line.
pub fn audit(store: &Store, what: &str) -> Result<(), AuthError> {
    let now = humantime::format_rfc3339_seconds(std::time::SystemTime::now());
    let what: String = what
        .chars()
        .map(|c| {
            if c == '\t' || c == '\n' || c == '\r' {
                ' '
            } else {
                c
            }
        })
        .collect();
    let line = format!("{now}\t{}\t{what}", actor());
    store.append_auth_line(AuthFile::AuditLog, &line)?;
    Ok(())
}

/// The name of the OS user running this process (falls back to `uid=N`).
pub fn os_user() -> String {
    // SAFETY: getuid cannot fail; getpwuid_r writes only into the buffers we pass.
    let uid = unsafe { libc::getuid() };
    let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
    let mut buf = vec![0 as libc::c_char; 4096];
    let mut result: *mut libc::passwd = std::ptr::null_mut();
    let rc = unsafe { libc::getpwuid_r(uid, &mut pwd, buf.as_mut_ptr(), buf.len(), &mut result) };
    if rc == 0 && !result.is_null() && !pwd.pw_name.is_null() {
        // SAFETY: pw_name points into `buf`, NUL-terminated by getpwuid_r.
        let name = unsafe { std::ffi::CStr::from_ptr(pwd.pw_name) };
        if let Ok(s) = name.to_str() {
            return s.to_string();
        }
    }
    std::env::var("USER").unwrap_or_else(|_| format!("uid={uid}"))
}

/// Who ran the command, for the audit log: the OS user, and the user who invoked
/// `sudo` when there is one (`root(sudo:alice)`).
pub fn actor() -> String {
    let user = os_user();
    match std::env::var("SUDO_USER") {
        Ok(s) if !s.is_empty() && s != user => format!("{user}(sudo:{s})"),
        _ => user,
    }
}
