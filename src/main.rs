//! The `kabar` binary: hands control to the CLI.

fn main() -> std::process::ExitCode {
    kabar::cli::main()
}
