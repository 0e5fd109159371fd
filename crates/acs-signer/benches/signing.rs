//! Signing and verifying beside their floor: the bare primitives over the same bytes.
//!
//! Each group runs our code and its floor on the same input, so the ratio is the cost of
//! everything but the cryptography (parsing, sorting, encoding, building headers). The V3
//! groups show two floors: the issue's, written plainly (`format!`, `hex::encode`), and the
//! same primitives with nothing allocated. Apart from those, what no signer that works on an
//! `http::Request` can avoid: for V3, `http` inserting the seven headers, and the least a
//! signer does (the floor on the stack plus writing and inserting the headers, everything
//! known beforehand); for V2, `http` parsing the signed path and query.

#![allow(missing_docs, clippy::expect_used)]

mod common;

use std::collections::HashMap;
use std::hint::black_box;

use acs_protocol::{Credentials, Secret, SigningAlgorithm};
use acs_signer::{ReplayStore, SignableRequest, SigningParams};
use criterion::measurement::WallTime;
use criterion::{BatchSize, BenchmarkGroup, Criterion, criterion_group, criterion_main};

use common::{V3Least, params, request, time, v2_floor, v3_floor, v3_floor_on_stack};

/// Inputs made per batch. `SmallInput` makes a tenth of all iterations at once (thousands of
/// requests, megabytes), so the timing would include cache misses that a client signing its
/// request does not have; 64 requests stay in cache.
const BATCH: BatchSize = BatchSize::NumIterations(64);

/// `sign`, which changes the request, and `signing_output`, which leaves it alone: the
/// difference is what applying the headers (V3) or rewriting the URI (V2) costs.
fn bench_signing(group: &mut BenchmarkGroup<'_, WallTime>, params: &SigningParams<'_>) {
    group.bench_function("acs-signer sign", |b| {
        // The request is built outside the timing: only signing is measured.
        b.iter_batched_ref(
            request,
            |request| black_box(acs_signer::sign(request, params).expect("signing")),
            BATCH,
        );
    });
    let unsigned = request();
    group.bench_function("acs-signer signing_output", |b| {
        b.iter(|| {
            let view = SignableRequest::from_request(black_box(&unsigned));
            black_box(acs_signer::signing_output(&view, params).expect("signing"))
        });
    });
}

fn v3(c: &mut Criterion) {
    let credentials = Credentials::new("YourAccessKeyId", "YourAccessKeySecret");
    let params = params(&credentials, SigningAlgorithm::Acs3HmacSha256);
    let output = acs_signer::sign(&mut request(), &params).expect("signing");
    let canonical = output.canonical_request().to_owned();
    let least = V3Least::new(&output);
    let mut group = c.benchmark_group("v3-sign SetMFAAuthenticationStatus");
    bench_signing(&mut group, &params);
    group.bench_function("floor: sha256 + hmac-sha256 + hex", |b| {
        b.iter(|| black_box(v3_floor(black_box(&canonical))));
    });
    group.bench_function("floor on the stack: sha256 + hmac-sha256 + hex", |b| {
        b.iter(|| black_box(v3_floor_on_stack(black_box(&canonical))));
    });
    group.bench_function(
        "least: floor on the stack + write and insert the headers",
        |b| {
            b.iter_batched_ref(request, |request| black_box(least.sign(request)), BATCH);
        },
    );
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
            BATCH,
        );
    });
    group.finish();

    let now = time();
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
            BATCH,
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
    let mut signed = request();
    let string_to_sign = acs_signer::sign(&mut signed, &params)
        .expect("signing")
        .string_to_sign()
        .to_owned();
    let mut group = c.benchmark_group("v2-sign SetMFAAuthenticationStatus");
    bench_signing(&mut group, &params);
    // `sign` puts the parameters in the query: `http` checks every byte of the new target.
    let target = signed.uri().path_and_query().expect("target").to_string();
    group.bench_function("http alone: parse the signed path and query", |b| {
        b.iter_batched(
            || target.clone(),
            |target| black_box(http::uri::PathAndQuery::try_from(target).expect("target")),
            BATCH,
        );
    });
    group.bench_function("floor: hmac-sha1 + base64", |b| {
        b.iter(|| black_box(v2_floor(black_box(&string_to_sign))));
    });
    group.finish();
}

criterion_group!(benches, v3, v2);
criterion_main!(benches);
