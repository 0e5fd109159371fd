//! The emulator's request path, in-process: semantics, errors, replay, throttling, state.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::fs;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use acs_protocol::{Credentials, Format, SigningAlgorithm};
use bytes::Bytes;
use cloudsso_emulator::{Emulator, StateError};
use support::*;

const V3: SigningAlgorithm = SigningAlgorithm::Acs3HmacSha256;
const V2: SigningAlgorithm = SigningAlgorithm::HmacSha1;

fn emulator() -> Emulator {
    Emulator::builder()
        .access_key("testid", "testsecret")
        .directory(DIRECTORY)
        .build()
        .unwrap()
}

fn key() -> Credentials {
    Credentials::new("testid", "testsecret")
}

fn now() -> SystemTime {
    SystemTime::now()
}

#[test]
fn set_then_get_round_trips_with_both_versions_and_formats() {
    let emulator = emulator();
    // The documented sample is the initial state.
    let response = emulator.handle(signed(
        &key(),
        GET,
        &[("DirectoryId", DIRECTORY)],
        V3,
        Format::Json,
        now(),
    ));
    assert_eq!(response.status(), 200);
    let body = json(&response);
    assert_eq!(
        body["MFAAuthenticationSettingInfo"]["MfaAuthenticationAdvanceSettings"],
        "OnlyRiskyLogin"
    );
    assert_eq!(
        body["MFAAuthenticationSettingInfo"]["OperationForRiskLogin"],
        "EnforceVerify"
    );
    assert_eq!(body["RequestId"].as_str().unwrap().len(), 36);

    for (algorithm, format, status) in [
        (V3, Format::Json, "Disabled"),
        (V2, Format::Xml, "Enabled"),
        (SigningAlgorithm::Acs3HmacSm3, Format::Xml, "Disabled"),
        (V2, Format::Json, "Enabled"),
    ] {
        let response = emulator.handle(signed(
            &key(),
            SET,
            &[
                ("DirectoryId", DIRECTORY),
                ("MFAAuthenticationStatus", status),
            ],
            algorithm,
            format,
            now(),
        ));
        assert_eq!(
            response.status(),
            200,
            "{}",
            String::from_utf8_lossy(response.body())
        );
        let text = String::from_utf8_lossy(response.body()).into_owned();
        match format {
            Format::Xml => {
                assert!(
                    text.contains("<SetMFAAuthenticationStatusResponse><RequestId>"),
                    "{text}"
                );
                assert_eq!(response.headers()["content-type"], "text/xml;charset=utf-8");
            }
            _ => assert!(json(&response)["RequestId"].is_string()),
        }
        let response = emulator.handle(signed(
            &key(),
            GET,
            &[("DirectoryId", DIRECTORY)],
            algorithm,
            format,
            now(),
        ));
        assert_eq!(response.status(), 200);
        let text = String::from_utf8_lossy(response.body()).into_owned();
        assert!(
            text.contains(&format!("<MfaAuthenticationAdvanceSettings>{status}<"))
                || text.contains(&format!(
                    "\"MfaAuthenticationAdvanceSettings\":\"{status}\""
                )),
            "{text}"
        );
        // OperationForRiskLogin only for Byuser and OnlyRiskyLogin.
        assert!(!text.contains("OperationForRiskLogin"), "{text}");
    }
}

#[test]
fn an_unknown_directory_is_entity_not_exists() {
    let emulator = emulator();
    for action in [SET, GET] {
        let response = emulator.handle(signed(
            &key(),
            action,
            &[
                ("DirectoryId", "d-nope"),
                ("MFAAuthenticationStatus", "Enabled"),
            ],
            V3,
            Format::Json,
            now(),
        ));
        assert_eq!(response.status(), 404);
        let body = json(&response);
        assert_eq!(body["Code"], "EntityNotExists.Directory");
        assert_eq!(body["HostId"], cloudsso_emulator::DEFAULT_HOST_ID);
        assert_eq!(
            body["RequestId"].as_str().unwrap(),
            response.headers()["x-acs-request-id"]
        );
    }
}

#[test]
fn a_wrong_secret_does_not_match_in_either_version() {
    let emulator = emulator();
    let wrong = Credentials::new("testid", "wrong-secret");
    for (algorithm, format) in [(V3, Format::Json), (V2, Format::Xml)] {
        let response = emulator.handle(signed(
            &wrong,
            GET,
            &[("DirectoryId", DIRECTORY)],
            algorithm,
            format,
            now(),
        ));
        assert_eq!(response.status(), 400);
        assert_eq!(code_of(&response), "SignatureDoesNotMatch");
        assert!(!String::from_utf8_lossy(response.body()).contains("testsecret"));
    }
    let unknown = Credentials::new("other", "testsecret");
    let response = emulator.handle(signed(
        &unknown,
        GET,
        &[("DirectoryId", DIRECTORY)],
        V3,
        Format::Json,
        now(),
    ));
    assert_eq!(response.status(), 404);
    assert_eq!(code_of(&response), "InvalidAccessKeyId.NotFound");
}

#[test]
fn a_replayed_request_is_refused_and_an_old_one_expired() {
    let emulator = emulator();
    let request = signed(
        &key(),
        GET,
        &[("DirectoryId", DIRECTORY)],
        V3,
        Format::Json,
        now(),
    );
    assert_eq!(emulator.handle(request.clone()).status(), 200);
    let response = emulator.handle(request);
    assert_eq!(code_of(&response), "SignatureNonceUsed");
    let old = now() - Duration::from_secs(16 * 60);
    let response = emulator.handle(signed(
        &key(),
        GET,
        &[("DirectoryId", DIRECTORY)],
        V2,
        Format::Json,
        old,
    ));
    assert_eq!(code_of(&response), "InvalidTimeStamp.Expired");
}

#[test]
fn calls_over_the_limit_are_throttled_with_the_time_left() {
    let emulator = Emulator::builder()
        .access_key("testid", "testsecret")
        .access_key("same", "samesecret")
        .account_access_key("other", "othersecret", "2222222222222222")
        .rate_limit(3)
        .global_rate_limit(0)
        .build()
        .unwrap();
    // Mid-second, so the window cannot roll over during the test.
    let t = UNIX_EPOCH + Duration::from_millis(4_000_000_000_400);
    let call = |credentials: &Credentials, action: &str| {
        let request = signed(
            credentials,
            action,
            &[("DirectoryId", DIRECTORY)],
            V3,
            Format::Json,
            t,
        );
        emulator.handle_at(request, t)
    };
    for _ in 0..3 {
        assert_eq!(call(&key(), GET).status(), 200);
    }
    let response = call(&key(), GET);
    assert_eq!(code_of(&response), "Throttling.User");
    assert_eq!(response.status(), 400);
    assert_eq!(
        response.headers()["x-ratelimit-user-api"],
        "Limit:3,Remain:0,TimeLeft:600,Reset:4000000001000"
    );
    // Another key of the same account shares the account's window.
    assert_eq!(
        code_of(&call(&Credentials::new("same", "samesecret"), GET)),
        "Throttling.User"
    );
    // Another operation and another account are counted apart.
    assert_ne!(code_of(&call(&key(), SET)), "Throttling.User");
    assert_eq!(
        call(&Credentials::new("other", "othersecret"), GET).status(),
        200
    );
    // The next second is a new window.
    let later = t + Duration::from_millis(600);
    let request = signed(
        &key(),
        GET,
        &[("DirectoryId", DIRECTORY)],
        V3,
        Format::Json,
        later,
    );
    assert_eq!(emulator.handle_at(request, later).status(), 200);
}

#[test]
fn the_global_limit_counts_every_account_together() {
    let emulator = Emulator::builder()
        .access_key("testid", "testsecret")
        .account_access_key("other", "othersecret", "2222222222222222")
        .rate_limit(0)
        .global_rate_limit(2)
        .build()
        .unwrap();
    let t = UNIX_EPOCH + Duration::from_millis(4_000_000_000_250);
    let call = |credentials: &Credentials, action: &str| {
        let request = signed(
            credentials,
            action,
            &[("DirectoryId", DIRECTORY)],
            V3,
            Format::Json,
            t,
        );
        emulator.handle_at(request, t)
    };
    let other = Credentials::new("other", "othersecret");
    assert_eq!(call(&key(), GET).status(), 200);
    // Each account starts with the documented directory.
    assert_eq!(call(&other, GET).status(), 200);
    let response = call(&other, GET);
    assert_eq!(code_of(&response), "Throttling.Api");
    assert_eq!(response.status(), 400);
    assert_eq!(
        response.headers()["x-ratelimit-user-api"],
        "Limit:2,Remain:0,TimeLeft:750,Reset:4000000001000"
    );
    assert_eq!(code_of(&call(&key(), GET)), "Throttling.Api");
    // Per operation.
    assert_ne!(code_of(&call(&key(), SET)), "Throttling.Api");
}

#[test]
fn parameters_are_checked_with_the_documented_codes() {
    let emulator = emulator();
    type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], u16, &'a str);
    let cases: &[Case<'_>] = &[
        (
            SET,
            &[
                ("DirectoryId", DIRECTORY),
                ("MFAAuthenticationStatus", "Sometimes"),
            ],
            400,
            "InvalidMFAAuthenticationStatus",
        ),
        (
            SET,
            &[("MFAAuthenticationStatus", "Enabled")],
            400,
            "MissingDirectoryId",
        ),
        (GET, &[], 400, "MissingDirectoryId"),
        (GET, &[("DirectoryId", "")], 400, "InvalidDirectoryId"),
        ("DeleteEverything", &[], 404, "InvalidAction.NotFound"),
    ];
    for (action, params, status, code) in cases {
        let response = emulator.handle(signed(&key(), action, params, V3, Format::Json, now()));
        assert_eq!(
            response.status(),
            *status,
            "{action} {params:?}: {}",
            String::from_utf8_lossy(response.body())
        );
        assert_eq!(code_of(&response), *code, "{action} {params:?}");
    }
    // The invalid value changed nothing.
    assert_eq!(
        emulator
            .directory(DIRECTORY)
            .unwrap()
            .mfa_authentication_advance_settings
            .as_str(),
        "OnlyRiskyLogin"
    );
}

#[test]
fn garbage_never_yields_a_5xx() {
    let emulator = emulator();
    let cases: Vec<http::Request<Bytes>> = vec![
        http::Request::get("/").body(Bytes::new()).unwrap(),
        http::Request::put("/?Format=JSON")
            .body(Bytes::new())
            .unwrap(),
        http::Request::post("/?Signature=x&%FF=1")
            .body(Bytes::new())
            .unwrap(),
        http::Request::post("/")
            .header("authorization", "ACS3-HMAC-SHA256 nonsense")
            .body(Bytes::new())
            .unwrap(),
        http::Request::post("/")
            .header(
                "authorization",
                "ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host,Signature=zz",
            )
            .header("x-acs-date", "yesterday")
            .header("x-acs-signature-nonce", "n")
            .body(Bytes::new())
            .unwrap(),
        http::Request::post("/")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Bytes::from_static(b"\xff\xfe=\x00"))
            .unwrap(),
        http::Request::post("/")
            .body(Bytes::from(vec![b'a'; 1 << 20]))
            .unwrap(),
    ];
    for request in cases {
        let description = format!("{} {}", request.method(), request.uri());
        let response = emulator.handle(request);
        assert!(
            response.status().is_client_error(),
            "{description}: {}",
            response.status()
        );
        assert!(!code_of(&response).is_empty(), "{description}");
        // Without Format or Accept the answer is XML, as the service's default.
        let expected: &[u8] = if description.contains("Format=JSON") {
            b"{"
        } else {
            b"<?xml"
        };
        assert!(response.body().starts_with(expected), "{description}");
    }
}

#[test]
fn state_survives_a_restart_and_a_corrupt_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.db");
    let build = || {
        Emulator::builder()
            .access_key("testid", "testsecret")
            .directory(DIRECTORY)
            .directory("d-second")
            .state_file(&path)
            .build()
    };
    let emulator = build().unwrap();
    let response = emulator.handle(signed(
        &key(),
        SET,
        &[
            ("DirectoryId", "d-second"),
            ("MFAAuthenticationStatus", "Disabled"),
        ],
        V2,
        Format::Json,
        now(),
    ));
    assert_eq!(response.status(), 200);
    // On disk before the answer.
    let on_disk = support::sqlite_rows(&path, "directories");
    let second = on_disk
        .iter()
        .find(|(_, key, _)| key == "d-second")
        .unwrap();
    assert_eq!(second.2["MfaAuthenticationAdvanceSettings"], "Disabled");
    drop(emulator);

    let restarted = build().unwrap();
    let response = restarted.handle(signed(
        &key(),
        GET,
        &[("DirectoryId", "d-second")],
        V3,
        Format::Json,
        now(),
    ));
    assert_eq!(
        json(&response)["MFAAuthenticationSettingInfo"]["MfaAuthenticationAdvanceSettings"],
        "Disabled"
    );
    assert_eq!(
        restarted
            .directory(DIRECTORY)
            .unwrap()
            .mfa_authentication_advance_settings
            .as_str(),
        "OnlyRiskyLogin"
    );
    drop(restarted);

    fs::write(
        &path,
        "{\"format\": \"cloudsso-emulator-state\", \"version\": 1, \"directories\": {",
    )
    .unwrap();
    let error = build().unwrap_err();
    assert!(
        matches!(
            error,
            cloudsso_emulator::BuildError::State(StateError::Corrupt { .. })
        ),
        "{error}"
    );
    assert!(error.to_string().contains("is refused"), "{error}");
}

#[test]
fn debug_never_shows_a_secret() {
    let emulator = emulator();
    let debug = format!("{emulator:?}");
    assert!(debug.contains("testid"));
    assert!(!debug.contains("testsecret"));
}
