//! The emulator's request path in-process: verify, decode, handle, encode.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::time::SystemTime;

use acs_protocol::encoding::percent_encode;
use acs_protocol::{Credentials, SigningAlgorithm};
use acs_signer::{SigningParams, SigningSettings};
use bytes::Bytes;
use cloudsso_emulator::Emulator;
use criterion::{Criterion, criterion_group, criterion_main};

fn signed(
    action: &str,
    params: &[(&str, &str)],
    algorithm: SigningAlgorithm,
) -> http::Request<Bytes> {
    let credentials = Credentials::new("testid", "testsecret");
    let query: Vec<String> = params
        .iter()
        .map(|(n, v)| format!("{}={}", percent_encode(n), percent_encode(v)))
        .collect();
    let mut request = http::Request::post(format!("http://127.0.0.1:8080/?{}", query.join("&")))
        .header("accept", "application/json")
        .body(Vec::new())
        .unwrap();
    let params = SigningParams::builder()
        .credentials(&credentials)
        .algorithm(algorithm)
        .action(action)
        .version("2021-05-15")
        .settings(SigningSettings::default())
        .build()
        .unwrap();
    acs_signer::sign(&mut request, &params).unwrap();
    request.map(Bytes::from)
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
