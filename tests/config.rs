//! Configuration precedence (flag, then environment, then file, then default), unknown
//! keys and bad values, `config show` and `config check`, on the real binary.

mod common;

use std::path::Path;
use std::process::Output;

fn run(config: &Path, args: &[&str], envs: &[(&str, &str)]) -> Output {
    common::bin_command()
        .arg("--config")
        .arg(config)
        .args(args)
        .envs(envs.iter().copied())
        .output()
        .expect("run registryctl")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn line<'a>(text: &'a str, key: &str) -> &'a str {
    text.lines()
        .find(|l| l.starts_with(&format!("{key} = ")))
        .unwrap_or_else(|| panic!("no `{key}` in:\n{text}"))
}

fn write_config(dir: &Path, text: &str) -> std::path::PathBuf {
    let p = dir.join("config.toml");
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn show_flag_beats_env_beats_file_beats_default() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = write_config(
        dir.path(),
        r#"
root = "from-file"

[server]
listen = "127.0.0.1:7001"
read_only = true
shutdown_timeout = "2m"
"#,
    );
    // File only.
    let o = run(&cfg, &["config", "show"], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let file_src = format!("# file {}", cfg.display());
    // Relative paths in the file are relative to the file's directory.
    let root_line = line(&out, "root");
    assert!(
        root_line.contains(&format!("{}", dir.path().join("from-file").display())),
        "{out}"
    );
    assert!(root_line.ends_with(&file_src), "{out}");
    assert!(
        line(&out, "listen").starts_with("listen = \"127.0.0.1:7001\""),
        "{out}"
    );
    assert!(line(&out, "listen").ends_with(&file_src), "{out}");
    assert_eq!(
        line(&out, "read_only"),
        format!("read_only = true  {file_src}")
    );
    assert!(
        line(&out, "shutdown_timeout").starts_with("shutdown_timeout = \"2m\""),
        "{out}"
    );
    assert_eq!(line(&out, "log_format"), "log_format = \"text\"  # default");

    // The environment beats the file.
    let envs = [
        ("REGISTRYCTL_ROOT", "/from/env"),
        ("REGISTRYCTL_LISTEN", "127.0.0.1:7002"),
        ("REGISTRYCTL_LOG_FORMAT", "json"),
    ];
    let out = stdout(&run(&cfg, &["config", "show"], &envs));
    assert_eq!(
        line(&out, "root"),
        "root = \"/from/env\"  # env REGISTRYCTL_ROOT"
    );
    assert_eq!(
        line(&out, "listen"),
        "listen = \"127.0.0.1:7002\"  # env REGISTRYCTL_LISTEN"
    );
    assert_eq!(
        line(&out, "log_format"),
        "log_format = \"json\"  # env REGISTRYCTL_LOG_FORMAT"
    );
    assert_eq!(
        line(&out, "read_only"),
        format!("read_only = true  {file_src}")
    );

    // A flag beats the environment.
    let out = stdout(&run(
        &cfg,
        &["--root", "/from/flag", "config", "show"],
        &envs,
    ));
    assert_eq!(line(&out, "root"), "root = \"/from/flag\"  # flag");
}

#[test]
fn serve_flag_beats_env_beats_file() {
    let dir = tempfile::tempdir().unwrap();
    let (p_file, p_env) = (common::free_port(), common::free_port());
    let cfg = write_config(
        dir.path(),
        &format!("[server]\nlisten = \"127.0.0.1:{p_file}\"\n"),
    );
    let cfg_s = cfg.to_str().unwrap();
    // BinServer passes --listen (a flag) on a third port and waits for it.
    let env_listen = format!("127.0.0.1:{p_env}");
    let s = common::BinServer::start(
        &[],
        &[
            ("REGISTRYCTL_CONFIG", cfg_s),
            ("REGISTRYCTL_LISTEN", &env_listen),
        ],
    );
    assert!(std::net::TcpStream::connect(&s.addr).is_ok());
    assert!(std::net::TcpStream::connect(&env_listen).is_err());
    assert!(std::net::TcpStream::connect(format!("127.0.0.1:{p_file}")).is_err());
    drop(s);

    // Without the flag, the environment wins over the file.
    let mut child = common::bin_command()
        .args(["--root"])
        .arg(dir.path().join("store"))
        .arg("serve")
        .env("REGISTRYCTL_CONFIG", cfg_s)
        .env("REGISTRYCTL_LISTEN", &env_listen)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while std::net::TcpStream::connect(&env_listen).is_err() {
        assert!(
            std::time::Instant::now() < deadline,
            "env address not served"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(std::net::TcpStream::connect(format!("127.0.0.1:{p_file}")).is_err());
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn unknown_keys_and_bad_values_are_errors_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("[server]\nlisen = \"127.0.0.1:5000\"\n", "lisen"),
        ("rot = \"/x\"\n", "rot"),
        ("[sever]\nlisten = \"127.0.0.1:5000\"\n", "sever"),
        ("[server]\nlisten = \"not an address\"\n", "listen"),
        ("[server]\nread_only = \"yes\"\n", "read_only"),
        (
            "[server]\nshutdown_timeout = \"soon\"\n",
            "shutdown_timeout",
        ),
        ("[server]\nlog_format = \"xml\"\n", "log_format"),
        ("[server]\ntls_cert = \"c.pem\"\n", "tls_key"),
        ("[server]\nmax_requests = 0\n", "max_requests"),
        ("[server]\nmax_connections = -1\n", "max_connections"),
        ("[server]\nidle_timeout = \"0s\"\n", "idle_timeout"),
        ("[server]\nh2_max_streams = \"many\"\n", "h2_max_streams"),
    ];
    for (text, key) in cases {
        let cfg = write_config(dir.path(), text);
        // `config check FILE`.
        let o = common::bin_command()
            .args(["config", "check"])
            .arg(&cfg)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{text}");
        let err = stderr(&o);
        assert!(
            err.contains(key),
            "{text}: error does not name `{key}`:\n{err}"
        );
        assert!(
            err.contains("config.toml"),
            "{text}: error does not name the file:\n{err}"
        );
        // And every command that reads the configuration refuses it.
        let o = run(&cfg, &["config", "show"], &[]);
        assert_eq!(o.status.code(), Some(1), "{text}");
        assert!(stderr(&o).contains(key), "{text}: {}", stderr(&o));
    }
    // serve refuses to start on a bad file.
    let cfg = write_config(dir.path(), "[server]\nlisen = \"127.0.0.1:5000\"\n");
    let o = run(
        &cfg,
        &["--root", dir.path().to_str().unwrap(), "serve"],
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("lisen"));
}

#[test]
fn client_limits_come_from_env_file_or_default() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = write_config(
        dir.path(),
        "[server]\nmax_requests = 10\nidle_timeout = \"5s\"\n",
    );
    let file_src = format!("# file {}", cfg.display());
    let envs = [("REGISTRYCTL_HEADER_TIMEOUT", "3s")];
    let o = run(&cfg, &["config", "show"], &envs);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(
        line(&out, "max_requests"),
        format!("max_requests = 10  {file_src}")
    );
    assert_eq!(
        line(&out, "idle_timeout"),
        format!("idle_timeout = \"5s\"  {file_src}")
    );
    assert_eq!(
        line(&out, "header_timeout"),
        "header_timeout = \"3s\"  # env REGISTRYCTL_HEADER_TIMEOUT"
    );
    assert_eq!(
        line(&out, "max_connections"),
        "max_connections = 4096  # default"
    );
    assert_eq!(
        line(&out, "h2_max_streams"),
        "h2_max_streams = 100  # default"
    );
    // A zero from the command line is bad usage.
    let o = run(&cfg, &["serve", "--max-requests", "0"], &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn check_accepts_a_valid_file() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = write_config(
        dir.path(),
        r#"root = "/var/lib/registryctl"

[server]
listen = "0.0.0.0:5000"
read_only = false
log_format = "json"
metrics_listen = "127.0.0.1:9100"
shutdown_timeout = "45s"
"#,
    );
    let o = common::bin_command()
        .args(["config", "check"])
        .arg(&cfg)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), format!("{}: ok\n", cfg.display()));
}

#[test]
fn bad_env_values_are_errors_naming_the_variable() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = write_config(dir.path(), "");
    let o = run(&cfg, &["serve"], &[("REGISTRYCTL_LISTEN", "nowhere")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--listen"), "{}", stderr(&o));
}
