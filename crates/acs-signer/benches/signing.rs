//! Signing and verifying beside their floor: the bare primitives over the same bytes.
//!
//! Each group runs our code and its floor on the same input, so the ratio is the cost of
//! everything but the cryptography (parsing, sorting, encoding, building headers). The V3
//! groups show two floors: the issue's, written plainly (`format!`, `hex::encode`), and the
//! same primitives with nothing allocated; and, apart, what `http` itself takes to insert
//! the seven headers a V3 signature adds, a cost no signer that sets them can avoid.

#![allow(missing_docs, clippy::expect_used)]

use std::collections::HashMap;
use std::hint::black_box;
use std::time::{Duration, UNIX_EPOCH};

use acs_protocol::{Credentials, Secret, SigningAlgorithm};
use acs_signer::{ReplayStore, SignableRequest, SigningParams};
use base64::Engine as _;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

const URL: &str = "https://cloudsso.cn-shanghai.aliyuncs.com/?DirectoryId=d-00fc2p61****&MFAAuthenticationStatus=Enabled";

fn request() -> http::Request<Vec<u8>> {
    http::Request::post(URL).body(Vec::new()).expect("request")
}

fn params(credentials: &Credentials, algorithm: SigningAlgorithm) -> SigningParams<'_> {
    SigningParams::builder()
        .credentials(credentials)
        .algorithm(algorithm)
        .action("SetMFAAuthenticationStatus")
        .version("2021-05-15")
        .time(UNIX_EPOCH + Duration::from_secs(1_711_699_200))
        .nonce("c1e2a7d0b5f84c3e9a6d1f0b2e4c6a8d")
        .build()
        .expect("params")
}

/// The V3 floor: SHA-256 of the canonical request, HMAC-SHA256 of the string to sign, hex.
fn v3_floor(canonical: &str) -> String {
    let hash = hex::encode(Sha256::digest(canonical.as_bytes()));
    let string_to_sign = format!("ACS3-HMAC-SHA256\n{hash}");
    let mut mac = Hmac::<Sha256>::new_from_slice(b"YourAccessKeySecret").expect("key");
    mac.update(string_to_sign.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// The V3 floor with nothing allocated: the string to sign and both hex digests on the stack.
fn v3_floor_on_stack(canonical: &str) -> [u8; 64] {
    const PREFIX: &[u8] = b"ACS3-HMAC-SHA256\n";
    let mut string_to_sign = [0_u8; PREFIX.len() + 64];
    string_to_sign[..PREFIX.len()].copy_from_slice(PREFIX);
    hex::encode_to_slice(
        Sha256::digest(canonical.as_bytes()),
        &mut string_to_sign[PREFIX.len()..],
    )
    .expect("hex");
    let mut mac = Hmac::<Sha256>::new_from_slice(b"YourAccessKeySecret").expect("key");
    mac.update(&string_to_sign);
    let mut signature = [0_u8; 64];
    hex::encode_to_slice(mac.finalize().into_bytes(), &mut signature).expect("hex");
    signature
}

fn v3(c: &mut Criterion) {
    let credentials = Credentials::new("YourAccessKeyId", "YourAccessKeySecret");
    let params = params(&credentials, SigningAlgorithm::Acs3HmacSha256);
    let canonical = acs_signer::sign(&mut request(), &params)
        .expect("signing")
        .canonical_request()
        .to_owned();
    let mut group = c.benchmark_group("v3-sign SetMFAAuthenticationStatus");
    group.bench_function("acs-signer sign", |b| {
        // The request is built outside the timing: only signing is measured.
        b.iter_batched_ref(
            request,
            |request| black_box(acs_signer::sign(request, &params).expect("signing")),
            BatchSize::SmallInput,
        );
    });
    // The same without changing the request: what `sign` costs beyond computing.
    let unsigned = request();
    group.bench_function("acs-signer signing_output", |b| {
        b.iter(|| {
            let view = SignableRequest::from_request(black_box(&unsigned));
            black_box(acs_signer::signing_output(&view, &params).expect("signing"))
        });
    });
    group.bench_function("floor: sha256 + hmac-sha256 + hex", |b| {
        b.iter(|| black_box(v3_floor(black_box(&canonical))));
    });
    group.bench_function("floor on the stack: sha256 + hmac-sha256 + hex", |b| {
        b.iter(|| black_box(v3_floor_on_stack(black_box(&canonical))));
    });
    // What `http` takes to insert the finished headers into a new request's map.
    let mut signed = request();
    acs_signer::sign(&mut signed, &params).expect("signing");
    let headers: Vec<_> = signed
        .headers()
        .iter()
        .map(|(name, value)| (name.clone(), value.clone()))
        .collect();
    group.bench_function("http alone: insert the 7 signed headers", |b| {
        b.iter_batched_ref(
            request,
            |request| {
                let map = request.headers_mut();
                map.reserve(headers.len());
                for (name, value) in &headers {
                    map.insert(name.clone(), value.clone());
                }
            },
            BatchSize::SmallInput,
        );
    });
    group.finish();

    let now = UNIX_EPOCH + Duration::from_secs(1_711_699_200);
    let keys = HashMap::from([(
        "YourAccessKeyId".to_owned(),
        Secret::new("YourAccessKeySecret"),
    )]);
    let mut group = c.benchmark_group("v3-verify SetMFAAuthenticationStatus");
    // A request with another nonce, to warm a store up as a running server's is.
    let other_nonce = SigningParams::builder()
        .credentials(&credentials)
        .action("SetMFAAuthenticationStatus")
        .version("2021-05-15")
        .time(now)
        .nonce("0d8a6c4e2b0f1d6a9e3c48f5b0d7a2e1")
        .build()
        .expect("params");
    let mut earlier = request();
    acs_signer::sign(&mut earlier, &other_nonce).expect("signing");
    group.bench_function("acs-signer verify", |b| {
        // A store for each run (made outside the timing), as the request's nonce may be
        // accepted once per store; each has seen one earlier request, so the timing holds
        // what a running server pays per request, not the first allocation of its tables.
        b.iter_batched_ref(
            || {
                let replay = ReplayStore::with_capacity(4);
                let view = SignableRequest::from_request(&earlier);
                acs_signer::verify(&view, &keys, now, &replay).expect("verified");
                replay
            },
            |replay| {
                let view = SignableRequest::from_request(&signed);
                black_box(acs_signer::verify(&view, &keys, now, replay).expect("verified"))
            },
            BatchSize::SmallInput,
        );
    });
    group.bench_function("floor: sha256 + hmac-sha256 + hex", |b| {
        b.iter(|| black_box(v3_floor(black_box(&canonical))));
    });
    group.finish();
}

fn v2(c: &mut Criterion) {
    let credentials = Credentials::new("YourAccessKeyId", "YourAccessKeySecret");
    let params = params(&credentials, SigningAlgorithm::HmacSha1);
    let string_to_sign = acs_signer::sign(&mut request(), &params)
        .expect("signing")
        .string_to_sign()
        .to_owned();
    let mut group = c.benchmark_group("v2-sign SetMFAAuthenticationStatus");
    group.bench_function("acs-signer sign", |b| {
        // The request is built outside the timing: only signing is measured.
        b.iter_batched_ref(
            request,
            |request| black_box(acs_signer::sign(request, &params).expect("signing")),
            BatchSize::SmallInput,
        );
    });
    // The same without rewriting the request's URI: what `sign` costs beyond computing.
    let unsigned = request();
    group.bench_function("acs-signer signing_output", |b| {
        b.iter(|| {
            let view = SignableRequest::from_request(black_box(&unsigned));
            black_box(acs_signer::signing_output(&view, &params).expect("signing"))
        });
    });
    group.bench_function("floor: hmac-sha1 + base64", |b| {
        b.iter(|| {
            let mut mac = Hmac::<sha1::Sha1>::new_from_slice(b"YourAccessKeySecret&").expect("key");
            mac.update(black_box(string_to_sign.as_bytes()));
            black_box(
                base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes()),
            );
        });
    });
    group.finish();
}

criterion_group!(benches, v3, v2);
criterion_main!(benches);
