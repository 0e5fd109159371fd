//! The directory operations and the MFA family end to end through `Emulator::handle` with
//! signed requests: semantics, consistency across the family, errors, the answer for
//! operations the emulator does not implement, and persistence across a restart.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::fs;
use std::time::SystemTime;

use acs_protocol::{Credentials, Format, SigningAlgorithm};
use cloudsso_emulator::Emulator;
use serde_json::Value;
use support::*;

const V3: SigningAlgorithm = SigningAlgorithm::Acs3HmacSha256;
const V2: SigningAlgorithm = SigningAlgorithm::HmacSha1;

fn emulator() -> Emulator {
    Emulator::builder()
        .access_key("testid", "testsecret")
        .directory(DIRECTORY)
        .rate_limit(0)
        // These tests create directories beside the configured one (the service allows
        // one per account: `one_directory_per_account_with_globally_unique_names`).
        .directory_quota(1000)
        .build()
        .unwrap()
}

fn key() -> Credentials {
    Credentials::new("testid", "testsecret")
}

/// Calls `action` signed with V3, asking for JSON.
fn call(emulator: &Emulator, action: &str, params: &[(&str, &str)]) -> http::Response<Vec<u8>> {
    call_with(emulator, action, params, V3, Format::Json)
}

fn call_with(
    emulator: &Emulator,
    action: &str,
    params: &[(&str, &str)],
    algorithm: SigningAlgorithm,
    format: Format,
) -> http::Response<Vec<u8>> {
    emulator.handle(signed(
        &key(),
        action,
        params,
        algorithm,
        format,
        SystemTime::now(),
    ))
}

/// The JSON body of a 200 answer.
fn ok(response: &http::Response<Vec<u8>>) -> Value {
    assert_eq!(
        response.status(),
        200,
        "{}",
        String::from_utf8_lossy(response.body())
    );
    let body = json(response);
    assert_eq!(body["RequestId"].as_str().unwrap().len(), 36, "{body}");
    body
}

/// The status and code of an error answer.
fn error(response: &http::Response<Vec<u8>>) -> (u16, String) {
    (response.status().as_u16(), code_of(response))
}

fn is_service_time(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 20
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && b[19] == b'Z'
        && text
            .chars()
            .filter(|c| !"-T:Z".contains(*c))
            .all(|c| c.is_ascii_digit())
}

#[test]
fn directories_are_created_read_listed_and_deleted() {
    let emulator = emulator();
    // The configured directory exists from the start.
    let listed = ok(&call(&emulator, "ListDirectories", &[]));
    assert_eq!(listed["TotalCounts"], 1);
    assert_eq!(listed["Directories"][0]["DirectoryId"], DIRECTORY);
    assert_eq!(listed["Directories"][0]["DirectoryName"], "00fc2p61");
    assert_eq!(listed["Directories"][0]["Region"], "cn-shanghai");

    let created = ok(&call(
        &emulator,
        "CreateDirectory",
        &[("DirectoryName", "example")],
    ));
    let directory = &created["Directory"];
    let id = directory["DirectoryId"].as_str().unwrap().to_owned();
    assert!(id.starts_with("d-") && id.len() == 14, "{id}");
    assert_eq!(directory["DirectoryName"], "example");
    assert_eq!(directory["Region"], "cn-shanghai");
    let created_at = directory["CreateTime"].as_str().unwrap();
    assert!(is_service_time(created_at), "{created_at}");
    assert_eq!(directory["UpdateTime"], directory["CreateTime"]);

    // GetDirectory reports the same, in both versions and formats.
    let got = ok(&call(&emulator, "GetDirectory", &[("DirectoryId", &id)]));
    assert_eq!(&got["Directory"], directory);
    let xml = call_with(
        &emulator,
        "GetDirectory",
        &[("DirectoryId", &id)],
        V2,
        Format::Xml,
    );
    assert_eq!(xml.status(), 200);
    let text = String::from_utf8_lossy(xml.body()).into_owned();
    assert!(text.contains("<GetDirectoryResponse>"), "{text}");
    assert!(
        text.contains(&format!("<DirectoryId>{id}</DirectoryId>")),
        "{text}"
    );
    assert!(
        text.contains("<DirectoryName>example</DirectoryName>"),
        "{text}"
    );

    // ListDirectories: every directory, oldest first, and their number.
    let listed = ok(&call(&emulator, "ListDirectories", &[]));
    assert_eq!(listed["TotalCounts"], 2);
    let ids: Vec<&str> = listed["Directories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["DirectoryId"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&DIRECTORY) && ids.contains(&id.as_str()),
        "{ids:?}"
    );
    let xml = call_with(&emulator, "ListDirectories", &[], V3, Format::Xml);
    let text = String::from_utf8_lossy(xml.body()).into_owned();
    assert_eq!(text.matches("<Directories>").count(), 2, "{text}");

    // Delete, then the directory is unknown everywhere.
    ok(&call(&emulator, "DeleteDirectory", &[("DirectoryId", &id)]));
    for (action, params) in [
        ("GetDirectory", vec![("DirectoryId", id.as_str())]),
        ("DeleteDirectory", vec![("DirectoryId", id.as_str())]),
        (
            "GetMFAAuthenticationSettingInfo",
            vec![("DirectoryId", id.as_str())],
        ),
        (
            "GetMFAAuthenticationStatus",
            vec![("DirectoryId", id.as_str())],
        ),
    ] {
        assert_eq!(
            error(&call(&emulator, action, &params)),
            (404, "EntityNotExists.Directory".to_owned()),
            "{action}"
        );
    }
    let listed = ok(&call(&emulator, "ListDirectories", &[]));
    assert_eq!(listed["TotalCounts"], 1);
    assert_eq!(listed["Directories"][0]["DirectoryId"], DIRECTORY);
    assert!(emulator.directory(&id).is_none());

    // A configured directory can be deleted too; then there is none.
    ok(&call(
        &emulator,
        "DeleteDirectory",
        &[("DirectoryId", DIRECTORY)],
    ));
    let listed = ok(&call(&emulator, "ListDirectories", &[]));
    assert_eq!(listed["TotalCounts"], 0);
    assert_eq!(listed["Directories"], Value::Array(Vec::new()));
}

#[test]
fn directory_names_follow_the_documented_rules() {
    let emulator = emulator();
    // Without a name, one is made: valid, and unique.
    let first = ok(&call(&emulator, "CreateDirectory", &[]));
    let second = ok(&call(&emulator, "CreateDirectory", &[]));
    let name = first["Directory"]["DirectoryName"].as_str().unwrap();
    assert_ne!(
        first["Directory"]["DirectoryId"],
        second["Directory"]["DirectoryId"]
    );
    assert_ne!(name, second["Directory"]["DirectoryName"].as_str().unwrap());
    assert!(
        (2..=64).contains(&name.len()) && !name.starts_with("d-"),
        "{name}"
    );
    assert!(
        name.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
        "{name}"
    );

    let too_long = "a".repeat(65);
    for bad in [
        "a",
        "-abc",
        "abc-",
        "a--b",
        "d-abc",
        "Example",
        "ex_ample",
        "ex ample",
        too_long.as_str(),
        "",
    ] {
        let response = call(&emulator, "CreateDirectory", &[("DirectoryName", bad)]);
        assert_eq!(
            error(&response),
            (400, "InvalidDirectoryName".to_owned()),
            "{bad:?}: {}",
            String::from_utf8_lossy(response.body())
        );
    }
    let max = "a".repeat(64);
    ok(&call(
        &emulator,
        "CreateDirectory",
        &[("DirectoryName", &max)],
    ));
    ok(&call(
        &emulator,
        "CreateDirectory",
        &[("DirectoryName", "a-b-9")],
    ));
    // Names are unique, the made-up ones included.
    for taken in ["a-b-9", name, "00fc2p61"] {
        assert_eq!(
            error(&call(
                &emulator,
                "CreateDirectory",
                &[("DirectoryName", taken)]
            )),
            (409, "EntityAlreadyExists.DirectoryName".to_owned()),
            "{taken}"
        );
    }
    // The refused calls created nothing.
    assert_eq!(emulator.directories().len(), 5);
}

fn setting_info(emulator: &Emulator, directory: &str) -> Value {
    ok(&call(
        emulator,
        "GetMFAAuthenticationSettingInfo",
        &[("DirectoryId", directory)],
    ))["MFAAuthenticationSettingInfo"]
        .clone()
}

fn settings(emulator: &Emulator, directory: &str) -> Value {
    ok(&call(
        emulator,
        "GetMFAAuthenticationSettings",
        &[("DirectoryId", directory)],
    ))["MFAAuthenticationAdvanceSettings"]
        .clone()
}

fn status(emulator: &Emulator, directory: &str) -> Value {
    ok(&call(
        emulator,
        "GetMFAAuthenticationStatus",
        &[("DirectoryId", directory)],
    ))["MFAAuthenticationStatus"]
        .clone()
}

#[test]
fn the_mfa_family_reads_and_writes_one_setting() {
    let emulator = emulator();
    // The documented sample: OnlyRiskyLogin with EnforceVerify, which is MFA in force.
    assert_eq!(
        setting_info(&emulator, DIRECTORY),
        serde_json::json!({
            "MfaAuthenticationAdvanceSettings": "OnlyRiskyLogin",
            "OperationForRiskLogin": "EnforceVerify"
        })
    );
    assert_eq!(settings(&emulator, DIRECTORY), "OnlyRiskyLogin");
    assert_eq!(status(&emulator, DIRECTORY), "Enabled");

    ok(&call(
        &emulator,
        "UpdateMFAAuthenticationSettings",
        &[
            ("DirectoryId", DIRECTORY),
            ("MFAAuthenticationSettings", "Byuser"),
            ("OperationForRiskLogin", "Autonomous"),
            ("AllowedVerificationTypes", r#"["TOTP","WebAuthn"]"#),
        ],
    ));
    assert_eq!(
        setting_info(&emulator, DIRECTORY),
        serde_json::json!({
            "MfaAuthenticationAdvanceSettings": "Byuser",
            "OperationForRiskLogin": "Autonomous",
            "AllowedVerificationTypes": ["TOTP", "WebAuthn"]
        })
    );
    assert_eq!(settings(&emulator, DIRECTORY), "Byuser");
    assert_eq!(status(&emulator, DIRECTORY), "Enabled");
    // XML: the list is the element repeated.
    let xml = call_with(
        &emulator,
        "GetMFAAuthenticationSettingInfo",
        &[("DirectoryId", DIRECTORY)],
        V2,
        Format::Xml,
    );
    let text = String::from_utf8_lossy(xml.body()).into_owned();
    assert!(
        text.contains(
            "<AllowedVerificationTypes>TOTP</AllowedVerificationTypes><AllowedVerificationTypes>WebAuthn</AllowedVerificationTypes>"
        ),
        "{text}"
    );

    // SetMFAAuthenticationStatus drives the same setting; the other parts are kept.
    ok(&call(
        &emulator,
        "SetMFAAuthenticationStatus",
        &[
            ("DirectoryId", DIRECTORY),
            ("MFAAuthenticationStatus", "Disabled"),
        ],
    ));
    assert_eq!(
        setting_info(&emulator, DIRECTORY),
        serde_json::json!({
            "MfaAuthenticationAdvanceSettings": "Disabled",
            "AllowedVerificationTypes": ["TOTP", "WebAuthn"]
        })
    );
    assert_eq!(settings(&emulator, DIRECTORY), "Disabled");
    assert_eq!(status(&emulator, DIRECTORY), "Disabled");

    // Only the parameters given change; OnlyRiskyLogin brings back the kept policy.
    ok(&call(
        &emulator,
        "UpdateMFAAuthenticationSettings",
        &[
            ("DirectoryId", DIRECTORY),
            ("MFAAuthenticationSettings", "OnlyRiskyLogin"),
        ],
    ));
    assert_eq!(
        setting_info(&emulator, DIRECTORY)["OperationForRiskLogin"],
        "Autonomous"
    );
    assert_eq!(settings(&emulator, DIRECTORY), "OnlyRiskyLogin");
    assert_eq!(status(&emulator, DIRECTORY), "Enabled");

    ok(&call(
        &emulator,
        "UpdateMFAAuthenticationSettings",
        &[
            ("DirectoryId", DIRECTORY),
            ("MFAAuthenticationSettings", "Enabled"),
        ],
    ));
    assert_eq!(status(&emulator, DIRECTORY), "Enabled");
    assert_eq!(
        setting_info(&emulator, DIRECTORY)["MfaAuthenticationAdvanceSettings"],
        "Enabled"
    );

    // Refused values change nothing.
    for (params, code) in [
        (
            vec![("MFAAuthenticationSettings", "Sometimes")],
            "InvalidMFAAuthenticationSettings",
        ),
        (
            vec![("OperationForRiskLogin", "Never")],
            "InvalidOperationForRiskLogin",
        ),
        (
            vec![("AllowedVerificationTypes", "[]")],
            "InvalidAllowedVerificationTypes",
        ),
        (
            vec![("AllowedVerificationTypes", r#"[""]"#)],
            "InvalidAllowedVerificationTypes",
        ),
        (
            vec![("AllowedVerificationTypes", "TOTP")],
            "InvalidAllowedVerificationTypes",
        ),
    ] {
        let mut all = vec![("DirectoryId", DIRECTORY)];
        all.extend(params.iter().copied());
        let response = call(&emulator, "UpdateMFAAuthenticationSettings", &all);
        assert_eq!(
            error(&response),
            (400, code.to_owned()),
            "{params:?}: {}",
            String::from_utf8_lossy(response.body())
        );
    }
    assert_eq!(
        setting_info(&emulator, DIRECTORY),
        serde_json::json!({
            "MfaAuthenticationAdvanceSettings": "Enabled",
            "AllowedVerificationTypes": ["TOTP", "WebAuthn"]
        })
    );

    // Every operation of the family needs a directory, and a known one.
    for action in [
        "GetMFAAuthenticationStatus",
        "GetMFAAuthenticationSettings",
        "UpdateMFAAuthenticationSettings",
        "GetDirectory",
        "DeleteDirectory",
    ] {
        assert_eq!(
            error(&call(&emulator, action, &[])),
            (400, "MissingDirectoryId".to_owned()),
            "{action}"
        );
        assert_eq!(
            error(&call(&emulator, action, &[("DirectoryId", "d-unknown")])),
            (404, "EntityNotExists.Directory".to_owned()),
            "{action}"
        );
    }
}

#[test]
fn each_user_has_its_own_setting_within_a_directory() {
    let emulator = emulator();
    let other = ok(&call(&emulator, "CreateDirectory", &[]))["Directory"]["DirectoryId"]
        .as_str()
        .unwrap()
        .to_owned();
    let get = |directory: &str, user: &str| {
        call(
            &emulator,
            "GetUserMFAAuthenticationSettings",
            &[("DirectoryId", directory), ("UserId", user)],
        )
    };
    let update = |directory: &str, user: &str, setting: &str| {
        call(
            &emulator,
            "UpdateUserMFAAuthenticationSettings",
            &[
                ("DirectoryId", directory),
                ("UserId", user),
                ("UserMFAAuthenticationSettings", setting),
            ],
        )
    };
    let create = |name: &str| {
        ok(&call(
            &emulator,
            "CreateUser",
            &[("DirectoryId", DIRECTORY), ("UserName", name)],
        ))["User"]["UserId"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    // A user that does not exist is unknown.
    assert_eq!(
        error(&get(DIRECTORY, "u-00q8wbq42wiltcrk****")),
        (404, "EntityNotExists.User".to_owned())
    );
    assert_eq!(
        error(&update(DIRECTORY, "u-00q8wbq42wiltcrk****", "Disabled")),
        (404, "EntityNotExists.User".to_owned())
    );
    let first = create("first");
    let second = create("second");
    // New users start Enabled.
    assert_eq!(
        ok(&get(DIRECTORY, &first))["UserMFAAuthenticationSettings"],
        "Enabled"
    );
    ok(&update(DIRECTORY, &first, "Disabled"));
    ok(&update(DIRECTORY, &second, "Enabled"));
    let body = ok(&get(DIRECTORY, &first));
    assert_eq!(body["UserMFAAuthenticationSettings"], "Disabled");
    assert_eq!(
        ok(&get(DIRECTORY, &second))["UserMFAAuthenticationSettings"],
        "Enabled"
    );
    // Keyed by directory too.
    assert_eq!(
        error(&get(&other, &second)),
        (404, "EntityNotExists.User".to_owned())
    );
    ok(&update(DIRECTORY, &second, "Disabled"));
    let xml = call_with(
        &emulator,
        "GetUserMFAAuthenticationSettings",
        &[("DirectoryId", DIRECTORY), ("UserId", &second)],
        V2,
        Format::Xml,
    );
    let text = String::from_utf8_lossy(xml.body()).into_owned();
    assert!(
        text.contains("<UserMFAAuthenticationSettings>Disabled</UserMFAAuthenticationSettings>"),
        "{text}"
    );
    // The user's own setting is independent of the directory's policy.
    ok(&call(
        &emulator,
        "SetMFAAuthenticationStatus",
        &[
            ("DirectoryId", DIRECTORY),
            ("MFAAuthenticationStatus", "Enabled"),
        ],
    ));
    assert_eq!(
        ok(&get(DIRECTORY, &second))["UserMFAAuthenticationSettings"],
        "Disabled"
    );
    let dump = emulator.dump().unwrap();
    let users = &dump["accounts"][cloudsso_emulator::DEFAULT_ACCOUNT]["users"];
    assert_eq!(users.as_object().unwrap().len(), 2, "{users}");

    // Errors.
    assert_eq!(
        error(&update("d-unknown", &second, "Enabled")),
        (404, "EntityNotExists.Directory".to_owned())
    );
    assert_eq!(
        error(&get("d-unknown", &second)),
        (404, "EntityNotExists.Directory".to_owned())
    );
    assert_eq!(
        error(&update(DIRECTORY, &second, "Sometimes")),
        (400, "InvalidUserMFAAuthenticationSettings".to_owned())
    );
    assert_eq!(
        error(&update(DIRECTORY, "", "Enabled")),
        (400, "InvalidUserId".to_owned())
    );
    assert_eq!(
        error(&call(
            &emulator,
            "UpdateUserMFAAuthenticationSettings",
            &[("DirectoryId", DIRECTORY), ("UserId", &second)],
        )),
        (400, "MissingUserMFAAuthenticationSettings".to_owned())
    );
    assert_eq!(
        error(&call(
            &emulator,
            "GetUserMFAAuthenticationSettings",
            &[("DirectoryId", DIRECTORY)],
        )),
        (400, "MissingUserId".to_owned())
    );
    assert_eq!(
        ok(&get(DIRECTORY, &second))["UserMFAAuthenticationSettings"],
        "Disabled"
    );

    // A deleted user's setting is gone with it.
    ok(&call(
        &emulator,
        "DeleteUser",
        &[("DirectoryId", DIRECTORY), ("UserId", &second)],
    ));
    assert_eq!(
        error(&get(DIRECTORY, &second)),
        (404, "EntityNotExists.User".to_owned())
    );
}

#[test]
fn every_other_operation_says_the_emulator_does_not_implement_it() {
    let emulator = emulator();
    let implemented: Vec<&str> = Emulator::implemented_actions().collect();
    // All 87 operations are served.
    assert_eq!(implemented.len(), 87);
    let mut refused = Vec::new();
    for description in cloudsso_model::operations::OPERATIONS {
        let action = description.action;
        let response = call(&emulator, action, &[("DirectoryId", DIRECTORY)]);
        if implemented.contains(&action) {
            assert_ne!(code_of(&response), "InvalidAction.NotFound", "{action}");
            continue;
        }
        refused.push(action);
        assert_eq!(response.status(), 404, "{action}");
        let body = json(&response);
        assert_eq!(body["Code"], "InvalidAction.NotFound", "{action}");
        let message = body["Message"].as_str().unwrap();
        assert!(
            message.contains(&format!(
                "the CloudSSO emulator does not implement {action}"
            )),
            "{message}"
        );
        assert!(message.contains("CreateDirectory"), "{message}");
    }
    assert_eq!(
        refused.len() + implemented.len(),
        cloudsso_model::operations::OPERATIONS.len()
    );
    // In XML when asked, with V2 too.
    if let Some(action) = refused.first() {
        let response = call_with(
            &emulator,
            action,
            &[("DirectoryId", DIRECTORY)],
            V2,
            Format::Xml,
        );
        assert_eq!(response.status(), 404);
        let text = String::from_utf8_lossy(response.body()).into_owned();
        assert!(text.starts_with("<?xml"), "{text}");
        assert!(
            text.contains("<Code>InvalidAction.NotFound</Code>"),
            "{text}"
        );
    }
    // An action outside the API is refused as before.
    let response = call(&emulator, "DeleteEverything", &[]);
    assert_eq!(error(&response), (404, "InvalidAction.NotFound".to_owned()));
    assert!(
        !json(&response)["Message"]
            .as_str()
            .unwrap()
            .contains("does not implement"),
    );
}

#[test]
fn everything_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.db");
    let build = || {
        Emulator::builder()
            .access_key("testid", "testsecret")
            .directory(DIRECTORY)
            .directory("d-second")
            .region("cn-hongkong")
            .directory_quota(3)
            .state_file(&path)
            .build()
            .unwrap()
    };
    let emulator = build();
    let created = ok(&call(
        &emulator,
        "CreateDirectory",
        &[("DirectoryName", "kept")],
    ))["Directory"]
        .clone();
    let id = created["DirectoryId"].as_str().unwrap().to_owned();
    assert_eq!(created["Region"], "cn-hongkong");
    ok(&call(
        &emulator,
        "UpdateMFAAuthenticationSettings",
        &[
            ("DirectoryId", &id),
            ("MFAAuthenticationSettings", "Byuser"),
            ("OperationForRiskLogin", "Autonomous"),
            ("AllowedVerificationTypes", r#"["WebAuthn"]"#),
        ],
    ));
    let user = ok(&call(
        &emulator,
        "CreateUser",
        &[("DirectoryId", &id), ("UserName", "kept-user")],
    ))["User"]["UserId"]
        .as_str()
        .unwrap()
        .to_owned();
    ok(&call(
        &emulator,
        "UpdateUserMFAAuthenticationSettings",
        &[
            ("DirectoryId", &id),
            ("UserId", &user),
            ("UserMFAAuthenticationSettings", "Disabled"),
        ],
    ));
    ok(&call(
        &emulator,
        "DeleteDirectory",
        &[("DirectoryId", "d-second")],
    ));
    // On disk before the answers.
    let users = support::sqlite_rows(&path, "users");
    assert_eq!(users.len(), 1);
    assert_eq!(users[0].1, format!("{id}/{user}"));
    assert_eq!(users[0].2["MFAAuthenticationSettings"], "Disabled");
    assert_eq!(users[0].2["UserName"], "kept-user");
    let directories = support::sqlite_rows(&path, "directories");
    assert!(directories.iter().any(|(_, key, _)| key == &id));
    assert!(!directories.iter().any(|(_, key, _)| key == "d-second"));
    let deleted = support::sqlite_rows(&path, "deleted_directories");
    assert_eq!(deleted.len(), 1);
    assert_eq!(deleted[0].1, "d-second");
    let before = emulator.directories();
    drop(emulator);

    // The same configuration: the deleted configured directory stays deleted.
    let restarted = build();
    assert_eq!(restarted.directories(), before);
    let got = ok(&call(&restarted, "GetDirectory", &[("DirectoryId", &id)]));
    assert_eq!(got["Directory"], created);
    assert_eq!(
        setting_info(&restarted, &id),
        serde_json::json!({
            "MfaAuthenticationAdvanceSettings": "Byuser",
            "OperationForRiskLogin": "Autonomous",
            "AllowedVerificationTypes": ["WebAuthn"]
        })
    );
    assert_eq!(
        ok(&call(
            &restarted,
            "GetUserMFAAuthenticationSettings",
            &[("DirectoryId", &id), ("UserId", &user)],
        ))["UserMFAAuthenticationSettings"],
        "Disabled"
    );
    assert_eq!(
        error(&call(
            &restarted,
            "GetDirectory",
            &[("DirectoryId", "d-second")]
        )),
        (404, "EntityNotExists.Directory".to_owned())
    );
    let listed = ok(&call(&restarted, "ListDirectories", &[]));
    assert_eq!(listed["TotalCounts"], 2);
}

#[test]
fn a_version_1_state_file_is_imported_once_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    fs::write(
        &path,
        r#"{
  "format": "cloudsso-emulator-state",
  "version": 1,
  "directories": {
    "d-00fc2p61****": {
      "MfaAuthenticationAdvanceSettings": "Disabled",
      "OperationForRiskLogin": "EnforceVerify"
    },
    "d-second": {
      "MfaAuthenticationAdvanceSettings": "Byuser",
      "OperationForRiskLogin": "Autonomous"
    }
  }
}
"#,
    )
    .unwrap();
    let emulator = Emulator::builder()
        .access_key("testid", "testsecret")
        .state_file(&path)
        .build()
        .unwrap();
    assert_eq!(status(&emulator, DIRECTORY), "Disabled");
    assert_eq!(
        setting_info(&emulator, "d-second"),
        serde_json::json!({
            "MfaAuthenticationAdvanceSettings": "Byuser",
            "OperationForRiskLogin": "Autonomous"
        })
    );
    let listed = ok(&call(&emulator, "ListDirectories", &[]));
    assert_eq!(listed["TotalCounts"], 2);
    let second = ok(&call(
        &emulator,
        "GetDirectory",
        &[("DirectoryId", "d-second")],
    ));
    assert_eq!(second["Directory"]["DirectoryName"], "second");
    assert!(is_service_time(
        second["Directory"]["CreateTime"].as_str().unwrap()
    ));
    // Imported into state.json.sqlite3; the JSON file is as it was.
    let json = fs::read(&path).unwrap();
    let database = dir.path().join("state.json.sqlite3");
    assert_eq!(emulator.state_path(), Some(database.as_path()));
    assert_eq!(support::sqlite_rows(&database, "directories").len(), 2);
    // A change after the import is kept: the file is not imported again.
    ok(&call(
        &emulator,
        "SetMFAAuthenticationStatus",
        &[
            ("DirectoryId", DIRECTORY),
            ("MFAAuthenticationStatus", "Enabled"),
        ],
    ));
    let before = emulator.directories();
    drop(emulator);
    let again = Emulator::builder()
        .access_key("testid", "testsecret")
        .state_file(&path)
        .build()
        .unwrap();
    assert_eq!(again.directories(), before);
    assert_eq!(status(&again, DIRECTORY), "Enabled");
    assert_eq!(fs::read(&path).unwrap(), json);
}
