//! Runs one operation of the benches `N` times, for counts that do not depend on the machine's
//! load: instructions under `valgrind --tool=callgrind`, heap allocations under
//! `valgrind --tool=memcheck` ("total heap usage"). Run it with `N` and `2N` and divide the
//! difference by `N` to leave out the program's start.
//!
//! ```text
//! cargo build --release -p acs-signer --example repeat
//! valgrind --tool=callgrind target/release/examples/repeat v3-sign 1000
//! ```
//!
//! Operations: `v3-sign`, `v3-signing-output`, `v3-verify`, `v2-sign`, `v2-signing-output`;
//! `v3-floor` and `v2-floor`, the benches' floors (V3's on the stack); `v3-least`, the least a
//! V3 signer does (the benches' `least` line); and `request`, which only makes the requests
//! that `v3-sign`, `v2-sign` and `v3-least` then sign (subtract it from theirs).
//! Under valgrind the hashes run without the CPU's SHA extensions, so the floors count more
//! instructions than they take time; the difference between an operation and its floor is
//! what the signer adds.

#![allow(clippy::expect_used)]

#[allow(dead_code)]
#[path = "../benches/common/mod.rs"]
mod common;

use std::collections::HashMap;
use std::hint::black_box;

use acs_protocol::{Credentials, Secret, SigningAlgorithm};
use acs_signer::{ReplayStore, SignableRequest};

use common::{V3Least, params, request, time, v2_floor, v3_floor_on_stack};

fn main() {
    let mut args = std::env::args().skip(1);
    let operation = args.next().unwrap_or_default();
    let times: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(1000);
    let algorithm = match operation.starts_with("v2") {
        true => SigningAlgorithm::HmacSha1,
        false => SigningAlgorithm::Acs3HmacSha256,
    };
    let credentials = Credentials::new("YourAccessKeyId", "YourAccessKeySecret");
    let now = time();
    let params = params(&credentials, algorithm);
    // The floors take what the signer gives them to hash and sign.
    let steps = acs_signer::sign(&mut request(), &params).expect("signing");
    match operation.as_str() {
        "v3-floor" => {
            for _ in 0..times {
                black_box(v3_floor_on_stack(black_box(steps.canonical_request())));
            }
        }
        "v2-floor" => {
            for _ in 0..times {
                black_box(v2_floor(black_box(steps.string_to_sign())));
            }
        }
        "v3-least" => {
            let least = V3Least::new(&steps);
            let mut requests: Vec<_> = (0..times).map(|_| request()).collect();
            for request in &mut requests {
                black_box(least.sign(request));
            }
        }
        "request" => {
            black_box((0..times).map(|_| request()).collect::<Vec<_>>());
        }
        "v3-sign" | "v2-sign" => {
            // The requests are made first, so that only signing is in the loop.
            let mut requests: Vec<_> = (0..times).map(|_| request()).collect();
            for request in &mut requests {
                black_box(acs_signer::sign(request, &params).expect("signing"));
            }
        }
        "v3-signing-output" | "v2-signing-output" => {
            let unsigned = request();
            for _ in 0..times {
                let view = SignableRequest::from_request(black_box(&unsigned));
                black_box(acs_signer::signing_output(&view, &params).expect("signing"));
            }
        }
        "v3-verify" => {
            let mut signed = request();
            acs_signer::sign(&mut signed, &params).expect("signing");
            let keys = HashMap::from([(
                "YourAccessKeyId".to_owned(),
                Secret::new("YourAccessKeySecret"),
            )]);
            // A store per request, as the nonce may be used once per store.
            let stores: Vec<_> = (0..times).map(|_| ReplayStore::with_capacity(4)).collect();
            for replay in &stores {
                let view = SignableRequest::from_request(&signed);
                black_box(acs_signer::verify(&view, &keys, now, replay).expect("verified"));
            }
        }
        other => {
            eprintln!(
                "unknown operation `{other}`; expected v3-sign, v3-signing-output, v3-verify, \
                 v2-sign, v2-signing-output, v3-floor, v2-floor, v3-least or request"
            );
            std::process::exit(2);
        }
    }
}
