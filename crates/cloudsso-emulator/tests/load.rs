//! Load: 64 concurrent signed clients against one served emulator for about 3 s, over
//! loopback, 8 access keys of 8 accounts limited to 10 calls per second per operation. No
//! error but throttling, and no lost update: each client owns a directory, and every read
//! and the final state (in memory and in the database) show its last acknowledged write.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::time::{Duration, Instant, SystemTime};

use acs_protocol::{Credentials, Format, SigningAlgorithm};
use cloudsso_emulator::Emulator;
use http_body_util::{BodyExt as _, Full};
use hyper_util::rt::TokioIo;
use support::{GET, SET, code_of, signed};

const CLIENTS: usize = 64;
const KEYS: usize = 8;
const RUN_FOR: Duration = Duration::from_secs(3);

/// The account of key `key`.
fn account(key: usize) -> String {
    format!("{:016}", key + 1)
}

#[derive(Debug, Default)]
struct Tally {
    ok: u64,
    throttled: u64,
}

async fn client(index: usize, address: std::net::SocketAddr) -> (Tally, Option<&'static str>) {
    let credentials = Credentials::new(
        format!("key-{}", index % KEYS),
        format!("secret-{}", index % KEYS),
    );
    let directory = format!("d-load-{index}");
    let (algorithm, format) = match index % 4 {
        0 => (SigningAlgorithm::Acs3HmacSha256, Format::Json),
        1 => (SigningAlgorithm::Acs3HmacSha256, Format::Xml),
        2 => (SigningAlgorithm::HmacSha1, Format::Json),
        _ => (SigningAlgorithm::HmacSha1, Format::Xml),
    };
    let stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .unwrap();
    tokio::spawn(connection);
    let mut tally = Tally::default();
    let mut acknowledged: Option<&'static str> = None;
    let started = Instant::now();
    let mut round = 0_u64;
    while started.elapsed() < RUN_FOR {
        round += 1;
        let status = if round.is_multiple_of(2) {
            "Enabled"
        } else {
            "Disabled"
        };
        let (action, params): (&str, Vec<(&str, &str)>) = if round.is_multiple_of(3) {
            (GET, vec![("DirectoryId", directory.as_str())])
        } else {
            (
                SET,
                vec![
                    ("DirectoryId", directory.as_str()),
                    ("MFAAuthenticationStatus", status),
                ],
            )
        };
        let request = signed(
            &credentials,
            action,
            &params,
            algorithm,
            format,
            SystemTime::now(),
        );
        let (mut parts, body) = request.into_parts();
        parts.uri = parts
            .uri
            .path_and_query()
            .unwrap()
            .as_str()
            .parse()
            .unwrap();
        let response = sender
            .send_request(http::Request::from_parts(parts, Full::new(body)))
            .await
            .unwrap();
        let (parts, body) = response.into_parts();
        let body = body.collect().await.unwrap().to_bytes().to_vec();
        let response = http::Response::from_parts(parts, body);
        if response.status().is_success() {
            tally.ok += 1;
            let text = String::from_utf8_lossy(response.body()).into_owned();
            if action == SET {
                acknowledged = Some(status);
            } else if let Some(expected) = acknowledged {
                assert!(
                    text.contains(&format!(
                        "\"MfaAuthenticationAdvanceSettings\":\"{expected}\""
                    )) || text.contains(&format!("<MfaAuthenticationAdvanceSettings>{expected}<")),
                    "client {index}: lost update, expected {expected}: {text}"
                );
            }
        } else {
            let code = code_of(&response);
            assert_eq!(
                code,
                "Throttling.User",
                "client {index}: {}",
                String::from_utf8_lossy(response.body())
            );
            assert!(response.headers().contains_key("x-ratelimit-user-api"));
            tally.throttled += 1;
            // Back off as the header says, a little.
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
    (tally, acknowledged)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_four_clients_lose_no_update() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.db");
    let mut builder = Emulator::builder().rate_limit(10).state_file(&state);
    for key in 0..KEYS {
        builder =
            builder.account_access_key(format!("key-{key}"), format!("secret-{key}"), account(key));
    }
    for index in 0..CLIENTS {
        builder = builder.directory(format!("d-load-{index}"));
    }
    let emulator = builder.build().unwrap();
    let server = emulator.serve_loopback().await.unwrap();
    let address = server.address();

    let tasks: Vec<_> = (0..CLIENTS)
        .map(|i| tokio::spawn(client(i, address)))
        .collect();
    let mut total = Tally::default();
    let mut last = Vec::new();
    for task in tasks {
        let (tally, acknowledged) = task.await.unwrap();
        total.ok += tally.ok;
        total.throttled += tally.throttled;
        last.push(acknowledged);
    }
    server.shutdown().await.unwrap();

    assert!(total.ok > u64::try_from(CLIENTS).unwrap(), "{total:?}");
    // 8 keys at 10 calls per second per operation: 64 clients must have been throttled.
    assert!(total.throttled > 0, "{total:?}");
    let on_disk = support::sqlite_rows(&state, "directories");
    for (index, acknowledged) in last.into_iter().enumerate() {
        let id = format!("d-load-{index}");
        let Some(expected) = acknowledged else {
            continue;
        };
        let account = account(index % KEYS);
        assert_eq!(
            emulator.account_directories(&account)[&id]
                .mfa_authentication_advance_settings
                .as_str(),
            expected,
            "{id} in memory"
        );
        let row = on_disk
            .iter()
            .find(|(a, key, _)| a == &account && key == &id)
            .unwrap();
        assert_eq!(
            row.2["MfaAuthenticationAdvanceSettings"], expected,
            "{id} on disk"
        );
    }
    eprintln!("load: {total:?} in {RUN_FOR:?} with {CLIENTS} clients");
}
