//! Issue 13 end to end: a `RamRoleArn` profile of `~/.aliyun/config.json` whose
//! `sts_endpoint` names a spawned `cloudsso serve` gets temporary credentials from its STS,
//! and `cloudsso call` calls CloudSSO with them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::Command;

use common::{cloudsso, run, serve};

const ACCOUNT: &str = "1234567890123456";
const ROLE: &str = "acs:ram::1234567890123456:role/admin";

/// Writes `~/.aliyun/config.json` with a `RamRoleArn` profile `role` over the source key
/// `source:source-secret`, assuming `role_arn` at `sts_endpoint`.
fn write_config(home: &Path, role_arn: &str, sts_endpoint: &str) {
    std::fs::create_dir_all(home.join(".aliyun")).unwrap();
    std::fs::write(
        home.join(".aliyun/config.json"),
        serde_json::json!({"current": "role", "profiles": [{
            "name": "role",
            "mode": "RamRoleArn",
            "access_key_id": "source",
            "access_key_secret": "source-secret",
            "ram_role_arn": role_arn,
            "ram_session_name": "e2e",
            "expired_seconds": 900,
            "sts_endpoint": sts_endpoint,
            "region_id": "cn-shanghai"
        }]})
        .to_string(),
    )
    .unwrap();
}

/// `cloudsso` with no key in the environment: the profile is the only source.
fn with_profile(home: &Path) -> Command {
    let mut command = cloudsso(home);
    command
        .env_remove("ALIBABA_CLOUD_ACCESS_KEY_ID")
        .env_remove("ALIBABA_CLOUD_ACCESS_KEY_SECRET");
    command
}

#[test]
fn a_ram_role_arn_profile_gets_credentials_from_serve_and_calls_cloudsso_with_them() {
    let home = tempfile::tempdir().unwrap();
    let server = serve(
        home.path(),
        &[
            "--access-key",
            &format!("source:source-secret:{ACCOUNT}"),
            "--role",
            ROLE,
        ],
    );
    // A scheme in sts_endpoint: plain HTTP to the loopback emulator.
    write_config(home.path(), ROLE, &server.endpoint);

    let (code, stdout, stderr) =
        run(with_profile(home.path()).args(["credentials", "--profile", "role"]));
    assert_eq!(code, 0, "{stderr}");
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert!(
        value["Provider"].as_str().unwrap().contains("ram_role_arn"),
        "{value}"
    );
    let key_id = value["AccessKeyId"].as_str().unwrap();
    assert!(key_id.starts_with("STS.N"), "{value}");
    assert_eq!(value["HasSecurityToken"], true);
    assert!(
        value["Expiration"].as_str().unwrap().ends_with('Z'),
        "{value}"
    );
    assert!(!stdout.contains("source-secret"));

    for version in ["v3", "v2"] {
        let (code, stdout, stderr) = run(with_profile(home.path()).args([
            "call",
            "ListDirectories",
            "--profile",
            "role",
            "--endpoint",
            &server.endpoint,
            "--signature-version",
            version,
        ]));
        assert_eq!(code, 0, "{version}: {stderr}");
        let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(
            value["Directories"][0]["DirectoryId"], "d-00fc2p61****",
            "{version}: {value}"
        );
    }

    // The emulator issued them, for the role's account (the admin dump, secret redacted).
    let dump = dump(&server.endpoint);
    let rows = dump["accounts"][ACCOUNT]["sts_credentials"]
        .as_object()
        .unwrap();
    assert!(
        rows.values()
            .all(|row| row["AccessKeySecret"] == "** redacted **")
    );
    assert!(
        rows.values().any(|row| row["Principal"]["RoleArn"] == ROLE
            && row["Principal"]["RoleSessionName"] == "e2e")
    );
}

#[test]
fn a_role_serve_does_not_know_is_refused_with_the_service_code() {
    let home = tempfile::tempdir().unwrap();
    let server = serve(
        home.path(),
        &[
            "--access-key",
            &format!("source:source-secret:{ACCOUNT}"),
            "--role",
            ROLE,
        ],
    );
    write_config(
        home.path(),
        "acs:ram::1234567890123456:role/nobody",
        &server.endpoint,
    );
    let (code, _, stderr) = run(with_profile(home.path()).args([
        "call",
        "ListDirectories",
        "--profile",
        "role",
        "--endpoint",
        &server.endpoint,
    ]));
    assert_ne!(code, 0);
    assert!(stderr.contains("EntityNotExist.Role"), "{stderr}");
    assert!(!stderr.contains("source-secret"), "{stderr}");
}

#[test]
fn serve_refuses_bad_role_and_provider_flags_naming_them() {
    let home = tempfile::tempdir().unwrap();
    let (code, _, stderr) = run(cloudsso(home.path()).args([
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--role",
        "acs:ram::12:role/admin",
    ]));
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("--role") && stderr.contains("acs:ram::12:role/admin"),
        "{stderr}"
    );
    let (code, _, stderr) = run(cloudsso(home.path()).args([
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--oidc-provider",
        "acs:ram::1234567890123456:oidc-provider/ack,issuer=https://i,client-id=c,keys=/nonexistent/jwks.json",
    ]));
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("--oidc-provider") && stderr.contains("/nonexistent/jwks.json"),
        "{stderr}"
    );
}

/// `GET /_emulator/state` over a plain TCP connection.
fn dump(endpoint: &str) -> serde_json::Value {
    use std::io::{Read as _, Write as _};
    let address = endpoint.strip_prefix("http://").unwrap();
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    write!(
        stream,
        "GET /_emulator/state HTTP/1.1\r\nhost: {address}\r\nconnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    // The body may be chunked.
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        let mut out = String::new();
        let mut rest = body;
        while let Some((size, after)) = rest.split_once("\r\n") {
            let size = usize::from_str_radix(size.trim(), 16).unwrap();
            if size == 0 {
                break;
            }
            out.push_str(&after[..size]);
            rest = &after[size + 2..];
        }
        return serde_json::from_str(&out).unwrap();
    }
    serde_json::from_str(body).unwrap()
}
