//! The `cloudsso` binary; see the `cloudsso_cli` library for everything it does.

use std::process::ExitCode;

fn main() -> ExitCode {
    cloudsso_cli::run(
        std::env::args_os(),
        &cloudsso_cli::credentials::Environment::from_process(),
    )
}
