//! Golden cases of `cloudsso sign --output json`: `fixtures/cli-sign/<case>/command.json`
//! (the command line, its environment) must print exactly `expected.json`, byte for byte.
//! See `fixtures/cli-sign/README.md` for how the cases were derived and cross-checked.
//!
//! `CLI_SIGN_FIXTURES=write cargo test -p cloudsso-cli --test cli_sign`
//! rewrites the expected files (review the diff, then run `interop/signer/check_cli_fixtures.py`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt as _;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/cli-sign")
}

/// Runs every case; returns their names.
fn run_cases() -> Vec<String> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(root())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    let write = std::env::var_os("CLI_SIGN_FIXTURES").is_some_and(|v| v == "write");
    let home = tempfile::tempdir().unwrap();
    let mut ran = Vec::new();
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let command: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(case.join("command.json")).unwrap())
                .unwrap();
        let mut process = Command::cargo_bin("cloudsso").unwrap();
        process.env_clear().env("HOME", home.path());
        for (key, value) in command["env"].as_object().unwrap() {
            process.env(key, value.as_str().unwrap());
        }
        for arg in command["args"].as_array().unwrap() {
            process.arg(arg.as_str().unwrap());
        }
        let output = process.output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{name}: {stderr}");
        let expected_path = case.join("expected.json");
        if write {
            std::fs::write(&expected_path, &output.stdout).unwrap();
        }
        let expected = std::fs::read(&expected_path)
            .unwrap_or_else(|e| panic!("{name}: {}: {e}", expected_path.display()));
        assert!(
            output.stdout == expected,
            "{name}: cloudsso printed\n{}\nexpected.json has\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&expected)
        );
        // The output is exactly the documented JSON shape.
        let value: serde_json::Value = serde_json::from_slice(&expected).unwrap();
        let keys: Vec<&String> = value.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), 4, "{name}: {keys:?}");
        ran.push(name);
    }
    ran
}

#[test]
fn sign_prints_every_golden_case_byte_for_byte() {
    let ran = run_cases();
    assert_eq!(
        ran,
        [
            "v2-create-access-configuration-tags",
            "v2-list-group-members-paginated",
            "v2-list-users-filter",
            "v2-update-mfa-authentication-settings-json",
            "v3-create-access-configuration-tags",
            "v3-list-group-members-paginated",
            "v3-list-users-filter",
            "v3-update-mfa-authentication-settings-json",
        ]
    );
}
