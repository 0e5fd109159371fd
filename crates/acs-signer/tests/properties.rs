//! Properties of signing and verifying, over generated requests.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::collections::HashMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use acs_protocol::encoding::percent_encode;
use acs_protocol::{Credentials, Secret, SigningAlgorithm};
use acs_signer::{ReplayStore, SignableRequest, SigningParams};
use proptest::prelude::*;

const TIME: u64 = 1_711_699_200; // 2024-03-29T08:00:00Z

fn time() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(TIME)
}

/// Parameter names and values: any text, including what needs encoding.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z0-9]{0,12}",
        "[ *~/+=&%.\\-_é中😀a-z]{0,12}",
        any::<String>().prop_map(|s| s.chars().take(16).collect()),
    ]
}

fn params() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::vec(("[A-Za-z][A-Za-z0-9.]{0,8}", text()), 0..6)
}

fn algorithm() -> impl Strategy<Value = SigningAlgorithm> {
    prop_oneof![
        Just(SigningAlgorithm::Acs3HmacSha256),
        Just(SigningAlgorithm::Acs3HmacSm3),
        Just(SigningAlgorithm::HmacSha1),
    ]
}

fn query(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(n, v)| format!("{}={}", percent_encode(n), percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn request(pairs: &[(String, String)], body: &[u8]) -> http::Request<Vec<u8>> {
    http::Request::post(format!(
        "https://cloudsso.cn-shanghai.aliyuncs.com/?{}",
        query(pairs)
    ))
    .header("content-type", "application/json")
    .body(body.to_vec())
    .expect("request")
}

fn sign(
    request: &mut http::Request<Vec<u8>>,
    algorithm: SigningAlgorithm,
    credentials: &Credentials,
    nonce: &str,
) -> Result<acs_signer::SigningOutput, acs_signer::SigningError> {
    let params = SigningParams::builder()
        .credentials(credentials)
        .algorithm(algorithm)
        .action("SetMFAAuthenticationStatus")
        .version("2021-05-15")
        .time(time())
        .nonce(nonce)
        .build()
        .expect("params");
    acs_signer::sign(request, &params)
}

fn keys() -> HashMap<String, Secret> {
    HashMap::from([("testid".to_owned(), Secret::new("testsecret"))])
}

fn verify(
    request: &http::Request<Vec<u8>>,
) -> Result<acs_signer::Verified<'_>, acs_signer::VerificationError> {
    acs_signer::verify(
        &SignableRequest::from_request(request),
        &keys(),
        time(),
        &ReplayStore::new(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any parameter, any header value, any body: signing returns, it never panics.
    #[test]
    fn signing_never_panics(
        pairs in params(),
        header in prop::collection::vec(any::<u8>(), 0..24),
        body in prop::collection::vec(any::<u8>(), 0..32),
        algorithm in algorithm(),
        action in any::<String>(),
        nonce in any::<String>(),
    ) {
        let mut request = request(&pairs, &body);
        if let Ok(value) = http::HeaderValue::from_bytes(&header) {
            request.headers_mut().insert("x-acs-extra", value);
        }
        let credentials = Credentials::new("testid", "testsecret");
        let params = SigningParams::builder()
            .credentials(&credentials)
            .algorithm(algorithm)
            .action(&action)
            .version("2021-05-15")
            .nonce(&nonce)
            .build()
            .expect("params");
        let before = request.clone();
        match acs_signer::sign(&mut request, &params) {
            Ok(_) => {}
            // Atomic: a failure leaves the request as it was.
            Err(_) => {
                prop_assert_eq!(request.uri(), before.uri());
                prop_assert_eq!(request.headers(), before.headers());
            }
        }
    }

    /// The verifier accepts what the signer produces, with or without an STS token.
    #[test]
    fn the_verifier_accepts_every_signed_request(
        pairs in params(),
        body in prop::collection::vec(any::<u8>(), 0..32),
        algorithm in algorithm(),
        token in proptest::option::of("[A-Za-z0-9+/=]{1,40}"),
    ) {
        let mut credentials = Credentials::new("testid", "testsecret");
        if let Some(token) = &token {
            credentials = credentials.with_security_token(token.as_str());
        }
        let mut request = request(&pairs, &body);
        sign(&mut request, algorithm, &credentials, "n0nce").expect("signing");
        let verified = verify(&request).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(verified.algorithm, algorithm);
        prop_assert_eq!(verified.security_token.as_ref().map(Secret::expose), token.as_deref());
    }

    /// Changing a parameter's value, a signed header, the body or the time breaks it.
    #[test]
    fn changing_a_signed_byte_breaks_the_signature(
        pairs in prop::collection::vec(("[A-Za-z][A-Za-z0-9]{0,8}", text()), 1..6),
        body in prop::collection::vec(any::<u8>(), 1..32),
        algorithm in algorithm(),
        which in 0..4_usize,
        index in any::<prop::sample::Index>(),
    ) {
        let credentials = Credentials::new("testid", "testsecret");
        let mut signed = request(&pairs, &body);
        sign(&mut signed, algorithm, &credentials, "n0nce").expect("signing");
        let mut tampered = signed.clone();
        match which {
            0 => {
                // A parameter's value gets one more character.
                let mut changed = pairs.clone();
                let i = index.index(changed.len());
                changed[i].1.push('x');
                let uri = signed.uri().to_string().replacen(
                    &query(&pairs),
                    &query(&changed),
                    1,
                );
                *tampered.uri_mut() = uri.parse().expect("uri");
            }
            1 => {
                tampered.headers_mut().insert("x-acs-action", "GetMFAAuthenticationSettingInfo".parse().expect("value"));
            }
            2 => {
                let i = index.index(body.len());
                tampered.body_mut()[i] ^= 1;
            }
            _ => {
                if algorithm == SigningAlgorithm::HmacSha1 {
                    let uri = signed.uri().to_string().replace("T08%3A00%3A00Z", "T08%3A00%3A01Z");
                    *tampered.uri_mut() = uri.parse().expect("uri");
                } else {
                    tampered.headers_mut().insert("x-acs-date", "2024-03-29T08:00:01Z".parse().expect("value"));
                }
            }
        }
        // V2 does not sign the body (a JSON body, not a form); everything else is signed.
        let body_unsigned = which == 2 && algorithm == SigningAlgorithm::HmacSha1;
        // A V2 request does not carry x-acs-action: adding it changes nothing signed.
        let header_unsigned = which == 1 && algorithm == SigningAlgorithm::HmacSha1;
        if body_unsigned || header_unsigned {
            prop_assert!(verify(&tampered).is_ok());
        } else {
            let error = verify(&tampered).expect_err("tampered request accepted");
            prop_assert_eq!(error.error_code().code, "SignatureDoesNotMatch", "{}", error);
        }
    }

    /// The order of the parameters in the URL does not change the signature.
    #[test]
    fn parameter_order_never_changes_the_signature(
        pairs in prop::collection::vec(("[A-Za-z][A-Za-z0-9]{0,8}", text()), 0..6),
        algorithm in algorithm(),
        seed in any::<u64>(),
    ) {
        let credentials = Credentials::new("testid", "testsecret");
        let mut shuffled = pairs.clone();
        // A deterministic shuffle from the seed.
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let j = usize::try_from(state % (i as u64 + 1)).expect("index");
            shuffled.swap(i, j);
        }
        let mut a = request(&pairs, b"");
        let mut b = request(&shuffled, b"");
        let a = sign(&mut a, algorithm, &credentials, "n0nce").expect("signing");
        let b = sign(&mut b, algorithm, &credentials, "n0nce").expect("signing");
        prop_assert_eq!(a.signature(), b.signature());
    }
}

#[test]
fn rsa_signatures_verify_with_the_public_half_and_fail_with_another_key() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/signer/v3-rsa");
    let pem = std::fs::read_to_string(format!("{dir}/private-key.pem")).expect("key");
    let credentials = Credentials::new("rsa-key", pem.as_str());
    let mut request = request(&[("DirectoryId".into(), "d-00fc2p61****".into())], b"");
    sign(
        &mut request,
        SigningAlgorithm::Acs3RsaSha256,
        &credentials,
        "n0nce",
    )
    .expect("signing");
    let view = SignableRequest::from_request(&request);
    let replay = ReplayStore::new();
    let keys = |id: &str| (id == "rsa-key").then(|| Secret::new(pem.as_str()));
    acs_signer::verify(&view, &keys, time(), &replay).expect("verifies");

    let other = "not a key";
    let keys = |id: &str| (id == "rsa-key").then(|| Secret::new(other));
    let error = acs_signer::verify(&view, &keys, time(), &ReplayStore::new()).unwrap_err();
    assert_eq!(error.error_code().code, "InvalidParameter");
}
