//! The client's cost per call, beside its floor, in one group:
//!
//! - `client_send`: `Client::send::<GetMFAAuthenticationStatus>` against the emulator
//!   in-process ([`HttpClient::from_fn`]): encoding, credentials, signing with a fresh nonce,
//!   the emulator's `handle` (which verifies the signature), decoding, retry bookkeeping,
//!   spans;
//! - `sans_io_call`: what any client must do for the call, with no runtime: encode, sign,
//!   the emulator's `handle`, decode;
//! - `emulator_handle`: the emulator's own `handle` of the same request, signed beforehand
//!   (outside the measurement).
//!
//! `client_send` − `emulator_handle` is what the client adds to a call; `client_send` −
//! `sans_io_call` is what its runtime adds (credentials, retry bookkeeping, spans, the
//! transport's future, the tokio `block_on`). Run with short times on the shared
//! machine: `cargo bench -p acs-client -- --warm-up-time 1 --measurement-time 3`.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use acs_client::{Client, Config, HttpClient};
use acs_protocol::{Credentials, Format};
use bytes::Bytes;
use cloudsso_emulator::{DEFAULT_DIRECTORY, Emulator};
use cloudsso_model::{CloudSso, GetMfaAuthenticationStatus, GetMfaAuthenticationStatusRequest};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

fn request() -> GetMfaAuthenticationStatusRequest {
    GetMfaAuthenticationStatusRequest::builder()
        .directory_id(DEFAULT_DIRECTORY)
        .build()
        .unwrap()
}

/// A fresh emulator (each benchmark its own, as the replay store fills with a million
/// nonces).
fn emulator() -> Emulator {
    Emulator::builder()
        .access_key("testid", "testsecret")
        .directory(DEFAULT_DIRECTORY)
        .rate_limit(0)
        .build()
        .unwrap()
}

fn client_overhead(c: &mut Criterion) {
    let emulator = emulator();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let in_process = {
        let emulator = emulator.clone();
        HttpClient::from_fn(move |request| {
            let response = emulator.handle(request).map(Bytes::from);
            async move { Ok(response) }
        })
    };
    let credentials = Credentials::new("testid", "testsecret");
    let config = Config::builder()
        .endpoint("https://cloudsso.cn-shanghai.aliyuncs.com")
        .credentials_provider(credentials.clone())
        .http_client(in_process)
        .build();
    let client = Client::new::<CloudSso>(&config);
    // The client works: one call before measuring.
    runtime
        .block_on(client.send::<GetMfaAuthenticationStatus>(request()))
        .unwrap();

    let signed = || {
        let endpoint = "https://cloudsso.cn-shanghai.aliyuncs.com".parse().unwrap();
        let mut http = acs_codec::encode_request(&endpoint, &request(), Format::Json).unwrap();
        let params = acs_signer::SigningParams::builder()
            .credentials(&credentials)
            .action("GetMFAAuthenticationStatus")
            .version(cloudsso_model::API_VERSION)
            .build()
            .unwrap();
        acs_signer::sign(&mut http, &params).unwrap();
        http.map(Bytes::from)
    };

    let mut group = c.benchmark_group("client_overhead");
    group.bench_function("client_send", |b| {
        b.iter(|| {
            runtime
                .block_on(client.send::<GetMfaAuthenticationStatus>(black_box(request())))
                .unwrap()
        });
    });
    let emulator = self::emulator();
    group.bench_function("sans_io_call", |b| {
        b.iter(|| {
            let response = emulator.handle(signed());
            acs_codec::decode_response::<GetMfaAuthenticationStatus, _>(&response).unwrap()
        });
    });
    let emulator = self::emulator();
    group.bench_function("emulator_handle", |b| {
        b.iter_batched(
            signed,
            |http| {
                let response = emulator.handle(black_box(http));
                assert!(response.status().is_success());
                response
            },
            BatchSize::SmallInput,
        );
    });
    group.finish();
}

criterion_group!(benches, client_overhead);
criterion_main!(benches);
