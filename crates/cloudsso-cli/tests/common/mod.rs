//! What the binary's tests share: running `cloudsso` with a clean environment.

use std::path::Path;
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt as _;

/// `cloudsso` with a clean environment, HOME in `home`, and the test key.
pub(crate) fn cloudsso(home: &Path) -> Command {
    let mut command = Command::cargo_bin("cloudsso").unwrap();
    command
        .env_clear()
        .env("HOME", home)
        // Never the real instance metadata address from a test.
        .env("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
        .env("ALIBABA_CLOUD_ACCESS_KEY_ID", "testid")
        .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "testsecret");
    command
}

/// Runs `command`: its exit code, stdout and stderr.
pub(crate) fn run(command: &mut Command) -> (i32, String, String) {
    let output = command.output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}
