//! The `registryctl` binary: everything lives in the library's `cli` module.

fn main() -> std::process::ExitCode {
    registryctl::cli::main()
}
