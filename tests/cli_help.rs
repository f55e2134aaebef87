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

/// Every argument in the tree, with the path of its command.
fn all_args(cmd: &clap::Command, path: &str, out: &mut Vec<(String, clap::Arg)>) {
    for a in cmd.get_arguments() {
        out.push((path.to_string(), a.clone()));
    }
    for sub in cmd.get_subcommands() {
        all_args(sub, &format!("{path} {}", sub.get_name()), out);
    }
}

#[test]
fn completions_offer_directories_enumerated_values_and_no_hidden_flags() {
    let read = |f: &str| std::fs::read_to_string(format!("completions/{f}")).unwrap();
    let (bash, zsh, fish) = (
        read("registryctl.bash"),
        read("_registryctl"),
        read("registryctl.fish"),
    );
    // --root completes directories.
    assert!(
        zsh.contains("--root=[") && zsh.contains(":DIR:_files -/"),
        "zsh --root"
    );
    assert!(fish.contains("-l root") && fish.contains("__fish_complete_directories"));
    assert!(bash.contains("compopt -o plusdirs"), "bash --root");
    // Enumerated values complete: sort keys, formats, colour, acl actions, shells.
    for words in [
        "size age digest",
        "auto always never",
        "error warning",
        "text json",
    ] {
        assert!(
            bash.contains(&format!("-W \"{words}\"")),
            "bash lacks {words}"
        );
    }
    // Positional values (bash's generator does not complete positionals).
    assert!(zsh.contains(":action -- pull, push or delete:(pull push delete)"));
    // Hidden flags would be offered by the zsh and bash generators: there are none,
    // and everything offered is documented.
    let mut args = Vec::new();
    let cmd = registryctl::cli::command();
    all_args(&cmd, "registryctl", &mut args);
    for (path, a) in &args {
        assert!(
            !a.is_hide_set() || a.get_long().is_none(),
            "{path} --{:?} is hidden; completions would offer it",
            a.get_long()
        );
    }
}

#[test]
fn man_pages_keep_examples_verbatim() {
    let cmd = registryctl::cli::command();
    let gc = cmd.find_subcommand("gc").unwrap();
    let page = std::fs::read_to_string("man/registryctl-gc.1").unwrap();
    let ex = page.split(".SH EXAMPLES\n.nf\n").nth(1).expect("EXAMPLES");
    let ex = &ex[..ex.find(".fi").unwrap()];
    let help = gc.get_after_help().unwrap().to_string();
    let want: Vec<&str> = help
        .split("Examples:")
        .nth(1)
        .unwrap()
        .split("\n\n")
        .next()
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::trim_start)
        .collect();
    let got: Vec<String> = ex.lines().map(|l| l.replace("\\-", "-")).collect();
    assert_eq!(got, want, "examples reflowed or lost");
    assert!(
        want.iter().any(|l| l.contains("  # ")),
        "a commented example keeps its spacing"
    );
    assert!(
        page.contains(".SH SYNOPSIS\n\\fBregistryctl gc\\fR"),
        "{page}"
    );
    assert!(
        page.contains("\\fB\\-\\-grace\\-period\\fR \\fIDURATION\\fR"),
        "values in SYNOPSIS"
    );
    assert!(page.contains(".SH ENVIRONMENT") && page.contains(".B NO_COLOR"));
    assert!(page.contains(&format!("registryctl {}", env!("CARGO_PKG_VERSION"))));
    assert!(!page.contains("docs/gc.md)") || page.contains("(in the registryctl source)"));
}
