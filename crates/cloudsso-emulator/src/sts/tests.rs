//! The verifier with issued temporary credentials, through `Emulator::handle_at`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, SystemTime};

use acs_protocol::{Credentials, Format, SigningAlgorithm};
use acs_signer::{FormatParameter, SigningParams, SigningSettings};
use bytes::Bytes;

use super::credentials::{Issued, Principal, role_id_of};
use crate::Emulator;

const ACCOUNT: &str = "1234567890123456";
const OTHER: &str = "6543210987654321";

fn emulator() -> Emulator {
    Emulator::builder()
        .account_access_key("testid", "testsecret", ACCOUNT)
        .account_access_key("otherid", "othersecret", OTHER)
        .rate_limit(2)
        // The other account creates a directory beside the documented one.
        .directory_quota(2)
        .build()
        .unwrap()
}

fn start() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000)
}

fn role(account: &str) -> Principal {
    let role_arn = format!("acs:ram::{account}:role/admin");
    Principal::AssumedRole {
        role_id: role_id_of(&role_arn),
        role_arn,
        session_name: "alice".to_owned(),
    }
}

fn issue(emulator: &Emulator, account: &str, now: SystemTime) -> Issued {
    super::issue(
        &emulator.inner().store,
        account,
        role(account),
        Duration::from_secs(900),
        now,
    )
    .unwrap()
}

/// A signed `action` of CloudSSO with `params`.
fn signed(
    credentials: &Credentials,
    action: &str,
    params: &[(&str, &str)],
    algorithm: SigningAlgorithm,
    now: SystemTime,
) -> http::Request<Bytes> {
    let query: Vec<String> = params.iter().map(|(n, v)| format!("{n}={v}")).collect();
    let mut request = http::Request::post(format!("http://127.0.0.1/?{}", query.join("&")))
        .header("accept", acs_codec::accept_header(Format::Json))
        .body(Vec::new())
        .unwrap();
    let mut settings = SigningSettings::default();
    settings.format_parameter = FormatParameter::from(Format::Json);
    let params = SigningParams::builder()
        .credentials(credentials)
        .algorithm(algorithm)
        .action(action)
        .version("2021-05-15")
        .time(now)
        .settings(settings)
        .build()
        .unwrap();
    acs_signer::sign(&mut request, &params).unwrap();
    request.map(Bytes::from)
}

fn credentials(issued: &Issued) -> Credentials {
    Credentials::new(
        issued.access_key_id.clone(),
        issued.access_key_secret.expose(),
    )
    .with_security_token(issued.security_token.expose())
}

fn body(response: &http::Response<Vec<u8>>) -> serde_json::Value {
    serde_json::from_slice(response.body()).unwrap()
}

fn code(response: &http::Response<Vec<u8>>) -> String {
    body(response)["Code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

const ALGORITHMS: [SigningAlgorithm; 2] =
    [SigningAlgorithm::Acs3HmacSha256, SigningAlgorithm::HmacSha1];

#[test]
fn temporary_credentials_act_for_their_account_with_v3_and_v2() {
    let emulator = emulator();
    let now = start();
    // A directory only the other account has.
    let created = emulator.handle_at(
        signed(
            &Credentials::new("otherid", "othersecret"),
            "CreateDirectory",
            &[("DirectoryName", "other-dir")],
            SigningAlgorithm::Acs3HmacSha256,
            now,
        ),
        now,
    );
    assert_eq!(created.status(), 200, "{}", body(&created));
    for algorithm in ALGORITHMS {
        for (account, expected) in [(ACCOUNT, false), (OTHER, true)] {
            let issued = issue(&emulator, account, now);
            let response = emulator.handle_at(
                signed(
                    &credentials(&issued),
                    "ListDirectories",
                    &[],
                    algorithm,
                    now,
                ),
                now,
            );
            assert_eq!(response.status(), 200, "{}", body(&response));
            let names: Vec<String> = body(&response)["Directories"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["DirectoryName"].as_str().unwrap().to_owned())
                .collect();
            assert_eq!(
                names.contains(&"other-dir".to_owned()),
                expected,
                "{account}: {names:?}"
            );
        }
    }
}

#[test]
fn every_refusal_has_its_code_and_status() {
    let emulator = emulator();
    let now = start();
    let issued = issue(&emulator, ACCOUNT, now);
    let other = issue(&emulator, ACCOUNT, now);
    for algorithm in ALGORITHMS {
        let send = |credentials: &Credentials, at: SystemTime| {
            emulator.handle_at(
                signed(credentials, "ListDirectories", &[], algorithm, at),
                at,
            )
        };
        let without_token = Credentials::new(
            issued.access_key_id.clone(),
            issued.access_key_secret.expose(),
        );
        let cases = [
            (without_token.clone(), now, "MissingSecurityToken", 400),
            (
                without_token.clone().with_security_token("not-a-token"),
                now,
                "InvalidSecurityToken.Malformed",
                400,
            ),
            (
                without_token
                    .clone()
                    .with_security_token(other.security_token.expose()),
                now,
                "InvalidSecurityToken.MismatchWithAccessKey",
                400,
            ),
            (
                credentials(&issued),
                now + Duration::from_secs(900),
                "InvalidSecurityToken.Expired",
                400,
            ),
            (
                Credentials::new("STS.NunknownKeyOfNobody0000", "x")
                    .with_security_token(issued.security_token.expose()),
                now,
                "InvalidAccessKeyId.NotFound",
                404,
            ),
            // The right token with a wrong secret: the signature fails first.
            (
                Credentials::new(issued.access_key_id.clone(), "wrong")
                    .with_security_token(issued.security_token.expose()),
                now,
                "SignatureDoesNotMatch",
                400,
            ),
        ];
        for (credentials, at, expected, status) in cases {
            let response = send(&credentials, at);
            assert_eq!(
                code(&response),
                expected,
                "{algorithm:?}: {}",
                body(&response)
            );
            assert_eq!(response.status(), status);
            let text = String::from_utf8_lossy(response.body()).into_owned();
            assert!(!text.contains(issued.security_token.expose()));
            assert!(!text.contains(issued.access_key_secret.expose()));
        }
        // Valid until the last second before `Expiration`.
        let at = now + Duration::from_secs(899);
        assert_eq!(send(&credentials(&issued), at).status(), 200);
    }
}

#[test]
fn temporary_credentials_are_throttled_as_their_account() {
    let emulator = emulator();
    let now = start();
    let issued = issue(&emulator, ACCOUNT, now);
    let key = Credentials::new("testid", "testsecret");
    let send = |credentials: &Credentials| {
        emulator.handle_at(
            signed(
                credentials,
                "ListDirectories",
                &[],
                SigningAlgorithm::Acs3HmacSha256,
                now,
            ),
            now,
        )
    };
    // The limit is 2 a second per account: the key and the credentials share it.
    assert_eq!(send(&key).status(), 200);
    assert_eq!(send(&credentials(&issued)).status(), 200);
    assert_eq!(code(&send(&credentials(&issued))), "Throttling.User");
    assert_eq!(
        send(&Credentials::new("otherid", "othersecret")).status(),
        200
    );
}

#[test]
fn the_admin_dump_redacts_secrets_and_a_state_file_keeps_credentials() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.db");
    let build = || {
        Emulator::builder()
            .account_access_key("testid", "testsecret", ACCOUNT)
            .state_file(&path)
            .build()
            .unwrap()
    };
    let emulator = build();
    let now = SystemTime::now();
    let issued = issue(&emulator, ACCOUNT, now);
    let dump = emulator.dump().unwrap();
    let row = &dump["accounts"][ACCOUNT]["sts_credentials"][&issued.access_key_id];
    assert_eq!(row["AccessKeySecret"], "** redacted **");
    assert_eq!(
        row["Principal"]["RoleArn"],
        format!("acs:ram::{ACCOUNT}:role/admin")
    );
    let text = dump.to_string();
    assert!(!text.contains(issued.access_key_secret.expose()));
    assert!(!text.contains(issued.security_token.expose()));
    drop(emulator);
    // After a restart the credentials still work.
    let emulator = build();
    let response = emulator.handle_at(
        signed(
            &credentials(&issued),
            "ListDirectories",
            &[],
            SigningAlgorithm::Acs3HmacSha256,
            now,
        ),
        now,
    );
    assert_eq!(response.status(), 200, "{}", body(&response));
}

#[test]
fn a_seed_keeps_credentials_only_when_the_dump_included_secrets() {
    let now = start();
    let source = emulator();
    let issued = issue(&source, ACCOUNT, now);
    let list = |emulator: &Emulator| {
        emulator.handle_at(
            signed(
                &credentials(&issued),
                "ListDirectories",
                &[],
                SigningAlgorithm::Acs3HmacSha256,
                now,
            ),
            now,
        )
    };
    // A redacted dump loads the row without its secret: the key is not found.
    let redacted = emulator();
    redacted.load_seed(source.dump().unwrap()).unwrap();
    let response = list(&redacted);
    assert_eq!(
        code(&response),
        "InvalidAccessKeyId.NotFound",
        "{}",
        body(&response)
    );
    // A dump with secrets carries working credentials.
    let full = emulator();
    full.load_seed(source.dump_including_secrets().unwrap())
        .unwrap();
    assert_eq!(list(&full).status(), 200);
}
