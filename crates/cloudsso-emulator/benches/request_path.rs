//! The emulator's request path in-process: verify, decode, handle, encode.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::SystemTime;

use acs_protocol::{Credentials, Format, SigningAlgorithm};
use bytes::Bytes;
use cloudsso_emulator::Emulator;
use criterion::{Criterion, criterion_group, criterion_main};

/// A request of `action` with `params`, signed now for the key `testid`:`testsecret`.
fn signed(
    action: &str,
    params: &[(&str, &str)],
    algorithm: SigningAlgorithm,
) -> http::Request<Bytes> {
    let credentials = Credentials::new("testid", "testsecret");
    support::signed(
        &credentials,
        action,
        params,
        algorithm,
        Format::Json,
        SystemTime::now(),
    )
}

fn request_path(c: &mut Criterion) {
    let emulator = Emulator::builder()
        .access_key("testid", "testsecret")
        .rate_limit(0)
        .build()
        .unwrap();
    let mut group = c.benchmark_group("emulator");
    for (name, algorithm) in [
        ("v3", SigningAlgorithm::Acs3HmacSha256),
        ("v2", SigningAlgorithm::HmacSha1),
    ] {
        // Each iteration needs a fresh nonce: sign outside the measurement.
        group.bench_function(format!("GetMFAAuthenticationSettingInfo/{name}"), |b| {
            b.iter_batched(
                || {
                    signed(
                        "GetMFAAuthenticationSettingInfo",
                        &[("DirectoryId", "d-00fc2p61****")],
                        algorithm,
                    )
                },
                |request| emulator.handle_at(request, SystemTime::now()),
                criterion::BatchSize::SmallInput,
            );
        });
        group.bench_function(format!("SetMFAAuthenticationStatus/{name}"), |b| {
            b.iter_batched(
                || {
                    signed(
                        "SetMFAAuthenticationStatus",
                        &[
                            ("DirectoryId", "d-00fc2p61****"),
                            ("MFAAuthenticationStatus", "Enabled"),
                        ],
                        algorithm,
                    )
                },
                |request| emulator.handle_at(request, SystemTime::now()),
                criterion::BatchSize::SmallInput,
            );
        });
    }
    // A write committed to a state database, with no users and with 100,000 users' settings
    // in the state: only the changed row is written, so the two stay close.
    for users in [0_usize, 100_000] {
        let dir = tempfile::tempdir().unwrap();
        let emulator = Emulator::builder()
            .access_key("testid", "testsecret")
            .rate_limit(0)
            .global_rate_limit(0)
            .state_file(dir.path().join("state.db"))
            .build()
            .unwrap();
        if users > 0 {
            let mut rows = serde_json::Map::new();
            for i in 0..users {
                rows.insert(
                    format!("d-00fc2p61****/u-{i:012}"),
                    serde_json::json!({"UserMFAAuthenticationSettings": "Enabled"}),
                );
            }
            emulator
                .load_seed(serde_json::json!({
                    "accounts": {cloudsso_emulator::DEFAULT_ACCOUNT: {"user_mfa_settings": rows}}
                }))
                .unwrap();
        }
        let mut round = 0_u64;
        group.bench_function(
            format!("SetMFAAuthenticationStatus/v3/state-db/{users}-users"),
            |b| {
                b.iter_batched(
                    || {
                        round += 1;
                        let status = if round.is_multiple_of(2) {
                            "Enabled"
                        } else {
                            "Disabled"
                        };
                        signed(
                            "SetMFAAuthenticationStatus",
                            &[
                                ("DirectoryId", "d-00fc2p61****"),
                                ("MFAAuthenticationStatus", status),
                            ],
                            SigningAlgorithm::Acs3HmacSha256,
                        )
                    },
                    |request| {
                        let response = emulator.handle_at(request, SystemTime::now());
                        assert_eq!(response.status(), 200);
                        response
                    },
                    criterion::BatchSize::SmallInput,
                );
            },
        );
    }
    group.bench_function("rejected/unsigned", |b| {
        b.iter(|| {
            emulator.handle(
                http::Request::post("http://127.0.0.1:8080/?Format=JSON")
                    .body(Bytes::new())
                    .unwrap(),
            )
        });
    });
    group.finish();
}

criterion_group!(benches, request_path);
criterion_main!(benches);
