//! Every command's `--help` has a summary, examples and the exit codes; the terminal
//! conventions hold (data on stdout, errors with causes on stderr).

mod common;

use clap::CommandFactory;
use registryctl::cli::Cli;

fn walk(cmd: &clap::Command, path: &str, problems: &mut Vec<String>) {
    let name = format!("{path}{}", cmd.get_name());
    if cmd.get_about().is_none() {
        problems.push(format!("`{name}` has no about (one-line summary)"));
    }
    let after = cmd
        .get_after_help()
        .or(cmd.get_after_long_help())
        .map(|s| s.to_string())
        .unwrap_or_default();
    if !after.contains("Exit codes") {
        problems.push(format!(
            "`{name}` --help does not list its \"Exit codes\" (after_help)"
        ));
    }
    // A command with subcommands documents its examples on the leaves.
    if !cmd.has_subcommands() && !after.contains("Examples") {
        problems.push(format!("`{name}` --help has no \"Examples\" (after_help)"));
    }
    for sub in cmd.get_subcommands() {
        walk(sub, &format!("{name} "), problems);
    }
}

#[test]
fn every_subcommand_has_summary_examples_and_exit_codes() {
    let cmd = registryctl::cli::command();
    let mut problems = Vec::new();
    // The root: summary and exit codes.
    walk(&cmd, "", &mut problems);
    // The maintainers' generator, parsed apart from the tree.
    walk(
        &registryctl::cli::exit::decorate(registryctl::cli::assets::GenerateArgs::command()),
        "",
        &mut problems,
    );
    assert!(
        problems.is_empty(),
        "help texts to fix:\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn clap_definitions_are_consistent() {
    Cli::command().debug_assert();
}

#[test]
fn completions_print_a_script_on_stdout() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = common::bin_command()
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(out.status.success(), "{shell}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("registryctl"), "{shell}");
        assert!(text.contains("serve"), "{shell}");
        assert!(
            out.stderr.is_empty(),
            "{shell}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = common::bin_command()
        .args(["completions", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn errors_go_to_stderr_with_their_causes() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.toml");
    let out = common::bin_command()
        .arg("--config")
        .arg(&missing)
        .args(["config", "show"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("registryctl: error: loading the configuration: "),
        "{err}"
    );
    assert!(err.contains("nope.toml"), "{err}");
    // The root cause (the OS error) is part of the chain.
    assert!(err.contains("No such file"), "{err}");
}

#[test]
fn environment_variables_follow_the_naming_convention() {
    // `config show` names the variable a value came from by this convention.
    fn walk(cmd: &clap::Command, bad: &mut Vec<String>) {
        for a in cmd.get_arguments() {
            if let Some(env) = a.get_env() {
                let want = registryctl::config::env_name(a.get_id().as_str());
                if env.to_string_lossy() != want {
                    bad.push(format!("{}: {:?} should be {want}", a.get_id(), env));
                }
            }
        }
        for s in cmd.get_subcommands() {
            walk(s, bad);
        }
    }
    let mut bad = Vec::new();
    walk(&Cli::command(), &mut bad);
    assert!(bad.is_empty(), "{bad:?}");
}
