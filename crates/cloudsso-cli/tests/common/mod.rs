//! What the binary's tests share: running `cloudsso` with a clean environment, and
//! `cloudsso serve` in a child process.
// Each test binary uses a part of this module.
#![allow(dead_code, clippy::panic, clippy::unwrap_used)]

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

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

/// A `cloudsso serve` child on a loopback port, killed on drop.
pub(crate) struct Server {
    pub(crate) child: Child,
    /// `http://127.0.0.1:PORT`, as `serve` prints it.
    pub(crate) endpoint: String,
}

impl Server {
    /// `127.0.0.1:PORT`.
    pub(crate) fn address(&self) -> &str {
        self.endpoint
            .strip_prefix("http://")
            .unwrap_or(&self.endpoint)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Spawns `cloudsso serve` on a port the system chooses, with `extra` flags and HOME in
/// `home`, and waits for the address it prints.
pub(crate) fn serve(home: &Path, extra: &[&str]) -> Server {
    let mut child = Command::cargo_bin("cloudsso")
        .unwrap()
        .args(["serve", "--listen", "127.0.0.1:0"])
        .args(extra)
        .env_clear()
        .env("HOME", home)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let endpoint = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    Server { child, endpoint }
}
