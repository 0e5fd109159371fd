//! The state layer end to end: the SQLite file (refusals, rollback, import), accounts kept
//! apart, the admin interface (in-process and over HTTP), and an oversized body answered
//! rather than reset.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::fs;
use std::path::Path;
use std::time::SystemTime;

use acs_protocol::{Credentials, Format, SigningAlgorithm};
use cloudsso_emulator::{BuildError, DEFAULT_ACCOUNT, Emulator, StateError, TaskTransition};
use serde_json::{Value, json};
use support::*;

const OTHER_ACCOUNT: &str = "2222222222222222";

fn key() -> Credentials {
    Credentials::new("testid", "testsecret")
}

fn other_key() -> Credentials {
    Credentials::new("other", "othersecret")
}

fn builder() -> cloudsso_emulator::EmulatorBuilder {
    Emulator::builder()
        .access_key("testid", "testsecret")
        .account_access_key("other", "othersecret", OTHER_ACCOUNT)
        .rate_limit(0)
        // These tests create directories beside the configured one (the service allows
        // one per account: `one_directory_per_account_with_globally_unique_names`).
        .directory_quota(1000)
}

fn call(
    emulator: &Emulator,
    credentials: &Credentials,
    action: &str,
    params: &[(&str, &str)],
) -> http::Response<Vec<u8>> {
    emulator.handle(signed(
        credentials,
        action,
        params,
        SigningAlgorithm::Acs3HmacSha256,
        Format::Json,
        SystemTime::now(),
    ))
}

fn created_directory(emulator: &Emulator, credentials: &Credentials, name: &str) -> String {
    let response = call(
        emulator,
        credentials,
        "CreateDirectory",
        &[("DirectoryName", name)],
    );
    assert_eq!(
        response.status(),
        200,
        "{}",
        String::from_utf8_lossy(response.body())
    );
    json(&response)["Directory"]["DirectoryId"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn refused(path: &Path) -> StateError {
    match builder().state_file(path).build().unwrap_err() {
        BuildError::State(error) => error,
        other => panic!("expected a state error, got {other}"),
    }
}

#[test]
fn a_foreign_corrupt_or_newer_file_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();

    // Not SQLite, not JSON.
    let garbage = dir.path().join("garbage.db");
    fs::write(&garbage, b"\x00\x01not a database at all").unwrap();
    let error = refused(&garbage);
    assert!(matches!(error, StateError::Corrupt { .. }), "{error}");
    assert!(
        error.to_string().contains("neither a SQLite database"),
        "{error}"
    );
    assert_eq!(
        fs::read(&garbage).unwrap(),
        b"\x00\x01not a database at all"
    );

    // Another program's SQLite database.
    let foreign = dir.path().join("foreign.db");
    {
        let connection = rusqlite::Connection::open(&foreign).unwrap();
        connection
            .execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine');")
            .unwrap();
    }
    let before = fs::read(&foreign).unwrap();
    let error = refused(&foreign);
    assert!(
        error
            .to_string()
            .contains("without the emulator's `meta` table"),
        "{error}"
    );
    assert_eq!(fs::read(&foreign).unwrap(), before);

    // A SQLite file with a meta table but another marker.
    let marked = dir.path().join("marked.db");
    {
        let connection = rusqlite::Connection::open(&marked).unwrap();
        connection
            .execute_batch(
                "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT); \
                 INSERT INTO meta VALUES ('format', 'something-else'), ('schema_version', '1');",
            )
            .unwrap();
    }
    let error = refused(&marked);
    assert!(error.to_string().contains("`something-else`"), "{error}");

    // Our own file, written by a newer emulator.
    let newer = dir.path().join("newer.db");
    drop(builder().state_file(&newer).build().unwrap());
    {
        let connection = rusqlite::Connection::open(&newer).unwrap();
        connection
            .execute(
                "UPDATE meta SET value = '99' WHERE key = 'schema_version'",
                [],
            )
            .unwrap();
    }
    let before = fs::read(&newer).unwrap();
    let error = refused(&newer);
    assert!(
        matches!(
            error,
            StateError::Newer {
                version: 99,
                supported: 1,
                ..
            }
        ),
        "{error}"
    );
    assert!(
        error.to_string().contains("newer than this emulator's 1"),
        "{error}"
    );
    assert_eq!(fs::read(&newer).unwrap(), before);

    // Our file with its pages damaged.
    let damaged = dir.path().join("damaged.db");
    let emulator = builder().state_file(&damaged).build().unwrap();
    for i in 0..50 {
        created_directory(&emulator, &key(), &format!("name-{i}"));
    }
    drop(emulator);
    let mut bytes = fs::read(&damaged).unwrap();
    let len = bytes.len();
    for byte in &mut bytes[len / 2..] {
        *byte = 0xA5;
    }
    fs::write(&damaged, &bytes).unwrap();
    let _ = fs::remove_file(dir.path().join("damaged.db-wal"));
    let error = refused(&damaged);
    assert!(matches!(error, StateError::Corrupt { .. }), "{error}");
    assert_eq!(fs::read(&damaged).unwrap(), bytes);

    // An empty file holds nothing to lose: it becomes a new database.
    let empty = dir.path().join("empty.db");
    fs::write(&empty, b"").unwrap();
    let emulator = builder().state_file(&empty).build().unwrap();
    assert_eq!(emulator.directories().len(), 1);
}

#[test]
fn the_database_holds_one_row_per_resource_readable_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.db");
    let emulator = builder().state_file(&path).build().unwrap();
    let id = created_directory(&emulator, &key(), "readable");
    let other = created_directory(&emulator, &other_key(), "elsewhere");
    let rows = sqlite_rows(&path, "directories");
    // The documented directory in each account, and one created in each.
    assert_eq!(rows.len(), 4, "{rows:?}");
    let row = rows.iter().find(|(_, k, _)| k == &id).unwrap();
    assert_eq!(row.0, DEFAULT_ACCOUNT);
    assert_eq!(row.2["DirectoryName"], "readable");
    let row = rows.iter().find(|(_, k, _)| k == &other).unwrap();
    assert_eq!(row.0, OTHER_ACCOUNT);
    let connection = rusqlite::Connection::open(&path).unwrap();
    let meta: Vec<(String, String)> = connection
        .prepare("SELECT key, value FROM meta ORDER BY key")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(meta.contains(&(
        "format".to_owned(),
        cloudsso_emulator::STATE_FORMAT.to_owned()
    )));
    assert!(meta.contains(&("schema_version".to_owned(), "1".to_owned())));
    let name: String = connection
        .query_row(
            "SELECT json_extract(body, '$.DirectoryName') FROM directories WHERE key = ?1",
            [&id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(name, "readable");
}

#[test]
fn a_failed_request_changes_nothing_in_memory_or_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.db");
    let emulator = builder().state_file(&path).build().unwrap();
    created_directory(&emulator, &key(), "taken");
    let before_memory = emulator.dump().unwrap();
    let before_disk = sqlite_rows(&path, "directories");
    let response = call(
        &emulator,
        &key(),
        "CreateDirectory",
        &[("DirectoryName", "taken")],
    );
    assert_eq!(code_of(&response), "EntityAlreadyExists.DirectoryName");
    let response = call(
        &emulator,
        &key(),
        "UpdateUserMFAAuthenticationSettings",
        &[
            ("DirectoryId", "d-unknown"),
            ("UserId", "u-1"),
            ("UserMFAAuthenticationSettings", "Enabled"),
        ],
    );
    assert_eq!(code_of(&response), "EntityNotExists.Directory");
    assert_eq!(emulator.dump().unwrap(), before_memory);
    assert_eq!(sqlite_rows(&path, "directories"), before_disk);
    assert!(sqlite_rows(&path, "users").is_empty());
}

#[test]
fn one_accounts_key_never_sees_or_changes_another_accounts_directories() {
    let emulator = builder().build().unwrap();
    let mine = created_directory(&emulator, &key(), "mine");
    let theirs = created_directory(&emulator, &other_key(), "theirs");
    let listed = |credentials: &Credentials| -> Vec<String> {
        json(&call(&emulator, credentials, "ListDirectories", &[]))["Directories"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["DirectoryId"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(listed(&key()).contains(&mine));
    assert!(!listed(&key()).contains(&theirs));
    assert!(listed(&other_key()).contains(&theirs));
    assert!(!listed(&other_key()).contains(&mine));
    for (action, params) in [
        ("GetDirectory", vec![("DirectoryId", theirs.as_str())]),
        (
            "SetMFAAuthenticationStatus",
            vec![
                ("DirectoryId", theirs.as_str()),
                ("MFAAuthenticationStatus", "Disabled"),
            ],
        ),
        ("DeleteDirectory", vec![("DirectoryId", theirs.as_str())]),
    ] {
        let response = call(&emulator, &key(), action, &params);
        assert_eq!(response.status(), 404, "{action}");
        assert_eq!(code_of(&response), "EntityNotExists.Directory", "{action}");
    }
    // Names are unique across accounts, as the service keeps them globally unique.
    let response = call(
        &emulator,
        &other_key(),
        "CreateDirectory",
        &[("DirectoryName", "mine")],
    );
    assert_eq!(code_of(&response), "EntityAlreadyExists.DirectoryName");
    assert_eq!(
        emulator.account_directories(OTHER_ACCOUNT)[&theirs]
            .mfa_authentication_advance_settings
            .as_str(),
        "OnlyRiskyLogin"
    );
    assert_eq!(emulator.accounts(), [DEFAULT_ACCOUNT, OTHER_ACCOUNT]);
}

#[test]
fn dump_seed_and_reset_round_trip() {
    let emulator = builder().directory("d-configured").build().unwrap();
    let id = created_directory(&emulator, &key(), "seeded");
    let user = json(&call(
        &emulator,
        &key(),
        "CreateUser",
        &[("DirectoryId", &id), ("UserName", "seeded-user")],
    ))["User"]["UserId"]
        .as_str()
        .unwrap()
        .to_owned();
    let response = call(
        &emulator,
        &key(),
        "UpdateUserMFAAuthenticationSettings",
        &[
            ("DirectoryId", &id),
            ("UserId", &user),
            ("UserMFAAuthenticationSettings", "Disabled"),
        ],
    );
    assert_eq!(response.status(), 200);
    let dump = emulator.dump().unwrap();
    assert_eq!(dump["format"], cloudsso_emulator::DUMP_FORMAT);
    assert_eq!(
        dump["accounts"][DEFAULT_ACCOUNT]["directories"][&id]["DirectoryName"],
        "seeded"
    );
    assert_eq!(
        dump["accounts"][DEFAULT_ACCOUNT]["users"][format!("{id}/{user}")]["MFAAuthenticationSettings"],
        "Disabled"
    );

    // A dump seeds another emulator at start, to the same state.
    let seeded = builder()
        .directory("d-configured")
        .seed(dump.clone())
        .build()
        .unwrap();
    assert_eq!(seeded.dump().unwrap(), dump);
    let response = call(
        &seeded,
        &key(),
        "GetUserMFAAuthenticationSettings",
        &[("DirectoryId", &id), ("UserId", &user)],
    );
    assert_eq!(json(&response)["UserMFAAuthenticationSettings"], "Disabled");

    // Reset: everything but the configured directories, then the seed.
    let extra = created_directory(&seeded, &key(), "extra");
    seeded.reset().unwrap();
    assert_eq!(seeded.dump().unwrap()["accounts"], dump["accounts"]);
    assert!(!seeded.directories().contains_key(&extra));
    emulator.reset().unwrap();
    let directories = emulator.directories();
    assert_eq!(directories.keys().collect::<Vec<_>>(), ["d-configured"]);

    // A seed that does not fit is refused whole, naming the problem.
    for (document, expected) in [
        (json!({"accounts": {"123": {}}}), "16-digit"),
        (
            json!({"accounts": {DEFAULT_ACCOUNT: {"bogus": {}}}}),
            "table `bogus`",
        ),
        (
            json!({"accounts": {DEFAULT_ACCOUNT: {"directories": {"d-x": {"MfaAuthenticationAdvanceSettings": 5}}}}}),
            "row `d-x`",
        ),
        (json!({"format": "other", "accounts": {}}), "format"),
        (json!([]), "not a JSON object"),
    ] {
        let error = emulator.load_seed(document).unwrap_err();
        assert!(error.to_string().contains(expected), "{error}");
    }
    assert_eq!(
        emulator.directories().keys().collect::<Vec<_>>(),
        ["d-configured"]
    );
    let error = builder().seed(json!({"accounts": 1})).build().unwrap_err();
    assert!(matches!(error, BuildError::Seed { .. }), "{error}");
}

#[test]
fn a_seed_is_loaded_into_a_new_state_file_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.db");
    let seed = json!({"accounts": {DEFAULT_ACCOUNT: {"directories": {"d-seeded": {
        "DirectoryName": "seeded",
        "MfaAuthenticationAdvanceSettings": "Enabled",
        "OperationForRiskLogin": "Autonomous"
    }}}}});
    let emulator = builder()
        .state_file(&path)
        .seed(seed.clone())
        .build()
        .unwrap();
    let response = call(
        &emulator,
        &key(),
        "SetMFAAuthenticationStatus",
        &[
            ("DirectoryId", "d-seeded"),
            ("MFAAuthenticationStatus", "Disabled"),
        ],
    );
    assert_eq!(response.status(), 200);
    drop(emulator);
    // The state file holds rows: the seed does not overwrite the change.
    let again = builder().state_file(&path).seed(seed).build().unwrap();
    assert_eq!(
        again
            .directory("d-seeded")
            .unwrap()
            .mfa_authentication_advance_settings
            .as_str(),
        "Disabled"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_admin_interface_answers_over_http_on_the_api_listener() {
    let emulator = builder().build().unwrap();
    let server = emulator.serve_loopback().await.unwrap();
    let base = format!("http://{}", server.address());
    let send = |method: &'static str, path: &str, body: &str| {
        let url = format!("{base}{path}");
        let body = body.to_owned();
        async move {
            let stream = tokio::net::TcpStream::connect(
                url.trim_start_matches("http://").split('/').next().unwrap(),
            )
            .await
            .unwrap();
            let (mut sender, connection) =
                hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
                    .await
                    .unwrap();
            tokio::spawn(connection);
            let request = http::Request::builder()
                .method(method)
                .uri(
                    url.parse::<http::Uri>()
                        .unwrap()
                        .path_and_query()
                        .unwrap()
                        .as_str(),
                )
                .header("host", "localhost")
                .body(http_body_util::Full::new(bytes::Bytes::from(body)))
                .unwrap();
            let response = sender.send_request(request).await.unwrap();
            let status = response.status().as_u16();
            let body = http_body_util::BodyExt::collect(response.into_body())
                .await
                .unwrap()
                .to_bytes();
            (status, serde_json::from_slice::<Value>(&body).unwrap())
        }
    };
    let (status, body) = send("GET", "/_emulator/task-transition", "").await;
    assert_eq!((status, body), (200, json!({"TaskTransition": "reads:1"})));
    let (status, body) = send(
        "PUT",
        "/_emulator/task-transition",
        r#"{"TaskTransition":"seconds:2.5"}"#,
    )
    .await;
    assert_eq!(
        (status, body),
        (200, json!({"TaskTransition": "seconds:2.5"}))
    );
    assert_eq!(
        emulator.task_transition(),
        TaskTransition::After(std::time::Duration::from_millis(2500))
    );
    let (status, body) = send(
        "PUT",
        "/_emulator/task-transition",
        r#"{"TaskTransition":"later"}"#,
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["Code"], "InvalidParameter.TaskTransition");

    let seed = json!({"accounts": {OTHER_ACCOUNT: {"directories": {"d-over-http": {
        "DirectoryName": "over-http",
        "MfaAuthenticationAdvanceSettings": "Enabled",
        "OperationForRiskLogin": "Autonomous"
    }}}}});
    let (status, _) = send("POST", "/_emulator/seed", &seed.to_string()).await;
    assert_eq!(status, 200);
    assert!(
        emulator
            .account_directories(OTHER_ACCOUNT)
            .contains_key("d-over-http")
    );
    let (status, body) = send("GET", "/_emulator/state", "").await;
    assert_eq!(status, 200);
    assert_eq!(
        body["accounts"][OTHER_ACCOUNT]["directories"]["d-over-http"]["DirectoryName"],
        "over-http"
    );
    let (status, body) = send("GET", "/_emulator/state?include-secrets=true", "").await;
    assert_eq!((status, body["secrets"].as_str()), (200, Some("included")));
    let (status, body) = send("GET", "/_emulator/state?everything", "").await;
    assert_eq!(
        (status, body["Code"].as_str()),
        (400, Some("InvalidParameter.Query"))
    );
    let (status, body) = send("POST", "/_emulator/seed", "{not json").await;
    assert_eq!(status, 400);
    assert_eq!(body["Code"], "InvalidParameter.Seed");
    let (status, _) = send("POST", "/_emulator/reset", "").await;
    assert_eq!(status, 200);
    assert!(
        !emulator
            .account_directories(OTHER_ACCOUNT)
            .contains_key("d-over-http")
    );
    let (status, body) = send("GET", "/_emulator/reset", "").await;
    assert_eq!(
        (status, body["Code"].as_str()),
        (405, Some("UnsupportedHTTPMethod"))
    );
    let (status, body) = send("GET", "/_emulator/nothing", "").await;
    assert_eq!(
        (status, body["Code"].as_str()),
        (404, Some("InvalidApi.NotFound"))
    );
    server.shutdown().await.unwrap();
}

/// A client that sends a 50 MB body in full, then reads, gets the 400 (not a reset): the
/// server drains the body before answering and closing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversized_body_gets_its_answer_not_a_reset() {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

    let emulator = builder().build().unwrap();
    let server = emulator.serve_loopback().await.unwrap();
    let size = 50 * 1024 * 1024;
    for chunked in [false, true] {
        let mut stream = tokio::net::TcpStream::connect(server.address())
            .await
            .unwrap();
        let head = if chunked {
            "POST /?Format=JSON HTTP/1.1\r\nhost: localhost\r\ntransfer-encoding: chunked\r\n\r\n"
                .to_owned()
        } else {
            format!(
                "POST /?Format=JSON HTTP/1.1\r\nhost: localhost\r\ncontent-length: {size}\r\n\r\n"
            )
        };
        stream.write_all(head.as_bytes()).await.unwrap();
        let chunk = vec![b'a'; 1024 * 1024];
        for _ in 0..size / chunk.len() {
            if chunked {
                stream
                    .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
                    .await
                    .unwrap();
                stream.write_all(&chunk).await.unwrap();
                stream.write_all(b"\r\n").await.unwrap();
            } else {
                stream.write_all(&chunk).await.unwrap();
            }
        }
        if chunked {
            stream.write_all(b"0\r\n\r\n").await.unwrap();
        }
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await.unwrap();
        let answer = String::from_utf8_lossy(&answer);
        assert!(
            answer.starts_with("HTTP/1.1 400"),
            "chunked {chunked}: {answer}"
        );
        assert!(answer.contains("\"Code\":\"InvalidParameter\""), "{answer}");
        assert!(
            answer.to_ascii_lowercase().contains("connection: close"),
            "{answer}"
        );
    }
    server.shutdown().await.unwrap();
}

/// The dump shows no secret unless asked: password hashes (and their history), MFA device
/// seeds and SCIM credential hashes are the marker. Both dumps seed: the redacted one loads
/// users, devices and credentials without their secrets (the password history is gone, so
/// the same password is accepted again), the full one keeps them (the same password is
/// refused by the reuse rule) and dumps the same again.
#[test]
fn the_dump_redacts_every_secret_unless_asked_and_both_seed() {
    const PASSWORD: &str = "Str0ng-Passw0rd!";
    const DEVICE_SEED: &str = "JBSWY3DPEHPK3PXPJBSWY3DP";
    let emulator = builder().build().unwrap();
    let d = ("DirectoryId", support::DIRECTORY);
    let user = json(&call(
        &emulator,
        &key(),
        "CreateUser",
        &[d, ("UserName", "alice")],
    ))["User"]["UserId"]
        .as_str()
        .unwrap()
        .to_owned();
    let reset = |emulator: &Emulator| {
        call(
            emulator,
            &key(),
            "ResetUserPassword",
            &[d, ("UserId", &user), ("Password", PASSWORD)],
        )
    };
    assert_eq!(reset(&emulator).status(), 200);
    let credential = json(&call(&emulator, &key(), "CreateSCIMServerCredential", &[d]));
    let scim_secret = credential["SCIMServerCredential"]["CredentialSecret"]
        .as_str()
        .unwrap()
        .to_owned();
    let device = format!("{}/{user}/mfa-seeded", support::DIRECTORY);
    emulator
        .load_seed(
            json!({"accounts": {DEFAULT_ACCOUNT: {"mfa_devices": {&device: {
                "DeviceType": "TOTP",
                "DeviceName": "phone",
                "EffectiveTime": "2026-12-01T00:00:00Z",
                "Secret": DEVICE_SEED
            }}}}}),
        )
        .unwrap();

    let redacted = emulator.dump().unwrap();
    let full = emulator.dump_including_secrets().unwrap();
    assert_eq!(redacted["secrets"], "redacted");
    assert_eq!(full["secrets"], "included");
    let tables = &redacted["accounts"][DEFAULT_ACCOUNT];
    let marker = cloudsso_emulator::REDACTED_SECRET;
    let user_row = &tables["users"][format!("{}/{user}", support::DIRECTORY)];
    assert_eq!(user_row["Password"]["Hash"], marker);
    assert!(user_row["Password"]["SetTime"].is_string());
    assert_eq!(tables["mfa_devices"][&device]["Secret"], marker);
    let credentials = tables["scim_credentials"].as_object().unwrap();
    assert_eq!(credentials.len(), 1);
    for row in credentials.values() {
        assert_eq!(row["SecretHash"], marker);
    }
    let redacted_text = redacted.to_string();
    let full_text = full.to_string();
    let full_user =
        &full["accounts"][DEFAULT_ACCOUNT]["users"][format!("{}/{user}", support::DIRECTORY)];
    let hash = full_user["Password"]["Hash"]["Hash"].as_str().unwrap();
    let salt = full_user["Password"]["Hash"]["Salt"].as_str().unwrap();
    for secret in [DEVICE_SEED, hash, salt] {
        assert!(
            !redacted_text.contains(secret),
            "{secret} in the redacted dump"
        );
        assert!(
            full_text.contains(secret),
            "{secret} missing from the full dump"
        );
    }
    // What the emulator never keeps is in neither.
    for plain in [PASSWORD, scim_secret.as_str()] {
        assert!(!redacted_text.contains(plain) && !full_text.contains(plain));
    }

    // The redacted dump seeds: everything is there but the secrets.
    let from_redacted = builder().seed(redacted.clone()).build().unwrap();
    assert_eq!(from_redacted.dump().unwrap(), redacted);
    let devices = json(&call(
        &from_redacted,
        &key(),
        "ListMFADevicesForUser",
        &[d, ("UserId", &user)],
    ));
    assert_eq!(devices["TotalCounts"], 1, "{devices}");
    assert_eq!(reset(&from_redacted).status(), 200);

    // The full dump seeds the same state, secrets and all.
    let from_full = builder().seed(full.clone()).build().unwrap();
    assert_eq!(from_full.dump_including_secrets().unwrap(), full);
    let refused = reset(&from_full);
    assert_eq!(code_of(&refused), "InvalidPassword", "{}", json(&refused));
}
