//! Each way a received request is refused, with the service's error code.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::collections::HashMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use acs_protocol::{Credentials, Secret, SigningAlgorithm};
use acs_signer::{ReplayStore, SignableRequest, SigningParams, VerificationError};

const TIME: u64 = 1_711_699_200; // 2024-03-29T08:00:00Z

fn at(offset: i64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(TIME.saturating_add_signed(offset))
}

/// The parameters of every signed request here, at time 0 with nonce `n0nce`.
fn params(credentials: &Credentials, algorithm: SigningAlgorithm) -> SigningParams<'_> {
    SigningParams::builder()
        .credentials(credentials)
        .algorithm(algorithm)
        .action("SetMFAAuthenticationStatus")
        .version("2021-05-15")
        .time(at(0))
        .nonce("n0nce")
        .build()
        .expect("params")
}

fn signed(algorithm: SigningAlgorithm, secret: &str) -> http::Request<Vec<u8>> {
    let credentials = Credentials::new("testid", secret);
    let params = params(&credentials, algorithm);
    let mut request = http::Request::post(
        "https://cloudsso.cn-shanghai.aliyuncs.com/?DirectoryId=d-00fc2p61****&MFAAuthenticationStatus=Enabled",
    )
    .body(b"{}".to_vec())
    .expect("request");
    acs_signer::sign(&mut request, &params).expect("signing");
    request
}

fn verify_at(request: &http::Request<Vec<u8>>, now: SystemTime) -> Result<(), VerificationError> {
    let keys = HashMap::from([("testid".to_owned(), Secret::new("testsecret"))]);
    acs_signer::verify(
        &SignableRequest::from_request(request),
        &keys,
        now,
        &ReplayStore::new(),
    )
    .map(|_| ())
}

fn refusal(result: Result<(), VerificationError>) -> (&'static str, u16, String) {
    let error = result.expect_err("refused");
    let code = error.error_code();
    (code.code, code.http_status, error.to_string())
}

const V3: SigningAlgorithm = SigningAlgorithm::Acs3HmacSha256;
const V2: SigningAlgorithm = SigningAlgorithm::HmacSha1;

#[test]
fn a_wrong_secret_does_not_match_and_the_message_holds_no_secret() {
    for algorithm in [V3, SigningAlgorithm::Acs3HmacSm3, V2] {
        let (code, status, message) = refusal(verify_at(&signed(algorithm, "wrongsecret"), at(0)));
        assert_eq!(
            (code, status),
            ("SignatureDoesNotMatch", 400),
            "{algorithm}"
        );
        assert!(!message.contains("testsecret") && !message.contains("wrongsecret"));
    }
}

#[test]
fn an_unknown_key_is_not_found() {
    let credentials = Credentials::new("nobody", "testsecret");
    let params = SigningParams::builder()
        .credentials(&credentials)
        .action("A")
        .version("V")
        .time(at(0))
        .build()
        .expect("params");
    let mut request = http::Request::post("https://example.com/")
        .body(Vec::new())
        .expect("request");
    acs_signer::sign(&mut request, &params).expect("signing");
    let (code, status, message) = refusal(verify_at(&request, at(0)));
    assert_eq!((code, status), ("InvalidAccessKeyId.NotFound", 404));
    assert!(message.contains("`nobody`"), "{message}");
}

#[test]
fn timestamps_are_accepted_within_fifteen_minutes_either_way() {
    for algorithm in [V3, V2] {
        let request = signed(algorithm, "testsecret");
        assert!(verify_at(&request, at(900)).is_ok());
        assert!(verify_at(&request, at(-900)).is_ok());
        let (code, _, message) = refusal(verify_at(&request, at(901)));
        assert_eq!(code, "InvalidTimeStamp.Expired");
        assert!(message.contains("-901 s"), "{message}");
        assert_eq!(
            code_of(verify_at(&request, at(-901))),
            "InvalidTimeStamp.Expired"
        );
    }
}

fn code_of(result: Result<(), VerificationError>) -> &'static str {
    refusal(result).0
}

#[test]
fn a_malformed_timestamp_is_a_format_error() {
    let mut request = signed(V3, "testsecret");
    request
        .headers_mut()
        .insert("x-acs-date", "2024-03-29 08:00:00".parse().expect("value"));
    let (code, _, message) = refusal(verify_at(&request, at(0)));
    assert_eq!(code, "InvalidTimeStamp.Format");
    assert!(message.contains("x-acs-date"), "{message}");
}

#[test]
fn an_unsigned_acs_header_or_a_missing_part_is_incomplete() {
    let mut request = signed(V3, "testsecret");
    request
        .headers_mut()
        .insert("x-acs-extra", "1".parse().expect("value"));
    let (code, _, message) = refusal(verify_at(&request, at(0)));
    assert_eq!(code, "IncompleteSignature");
    assert!(message.contains("`x-acs-extra`"), "{message}");

    let mut request = signed(V3, "testsecret");
    let authorization = request.headers()["authorization"]
        .to_str()
        .expect("text")
        .to_owned();
    let without_signature = authorization.split(",Signature=").next().expect("part");
    request
        .headers_mut()
        .insert("authorization", without_signature.parse().expect("value"));
    let (code, _, message) = refusal(verify_at(&request, at(0)));
    assert_eq!(code, "IncompleteSignature");
    assert!(message.contains("Signature"), "{message}");

    let mut request = signed(V3, "testsecret");
    request.headers_mut().remove("authorization");
    assert_eq!(code_of(verify_at(&request, at(0))), "IncompleteSignature");
}

#[test]
fn a_body_that_does_not_match_its_hash_is_refused() {
    let mut request = signed(V3, "testsecret");
    *request.body_mut() = b"{\"changed\":true}".to_vec();
    let (code, _, message) = refusal(verify_at(&request, at(0)));
    assert_eq!(code, "SignatureDoesNotMatch");
    assert!(message.contains("x-acs-content-sha256"), "{message}");
}

#[test]
fn unknown_algorithms_and_methods_are_invalid_signature_methods() {
    let mut request = signed(V3, "testsecret");
    let authorization = request.headers()["authorization"].to_str().expect("text");
    let other = authorization.replacen("ACS3-HMAC-SHA256", "ACS3-HMAC-MD5", 1);
    request
        .headers_mut()
        .insert("authorization", other.parse().expect("value"));
    let (code, _, message) = refusal(verify_at(&request, at(0)));
    assert_eq!(code, "InvalidSignatureMethod");
    assert!(message.contains("`ACS3-HMAC-MD5`"), "{message}");

    for (from, to, field) in [
        (
            "SignatureMethod=HMAC-SHA1",
            "SignatureMethod=HMAC-SHA256",
            "SignatureMethod",
        ),
        (
            "SignatureVersion=1.0",
            "SignatureVersion=2.0",
            "SignatureVersion",
        ),
    ] {
        let mut request = signed(V2, "testsecret");
        let uri = request.uri().to_string().replacen(from, to, 1);
        *request.uri_mut() = uri.parse().expect("uri");
        let (code, _, message) = refusal(verify_at(&request, at(0)));
        assert_eq!(code, "InvalidSignatureMethod");
        assert!(message.contains(field), "{message}");
    }
}

#[test]
fn a_replayed_nonce_is_refused_but_a_forged_request_does_not_use_it_up() {
    let keys = HashMap::from([("testid".to_owned(), Secret::new("testsecret"))]);
    let replay = ReplayStore::new();
    let forged = signed(V3, "wrongsecret");
    let genuine = signed(V3, "testsecret");
    let check = |request: &http::Request<Vec<u8>>| {
        acs_signer::verify(
            &SignableRequest::from_request(request),
            &keys,
            at(0),
            &replay,
        )
        .map(acs_signer::Verified::into_owned)
    };
    assert!(check(&forged).is_err());
    assert!(check(&genuine).is_ok());
    let error = check(&genuine).expect_err("replay");
    assert_eq!(error.error_code().code, "SignatureNonceUsed");
}

#[test]
fn v2_parameters_are_read_from_a_form_body_with_any_encoding() {
    // Sign with the parameters in the query, then move them all into a form body written
    // with `+` for spaces and lower-case hex, as some clients send them.
    let credentials = Credentials::new("testid", "testsecret");
    let params = SigningParams::builder()
        .credentials(&credentials)
        .algorithm(V2)
        .action("SetMFAAuthenticationStatus")
        .version("2021-05-15")
        .time(at(0))
        .build()
        .expect("params");
    let mut request = http::Request::post("https://example.com/?Note=two%20words%2a")
        .body(Vec::new())
        .expect("request");
    acs_signer::sign(&mut request, &params).expect("signing");
    let query = request
        .uri()
        .query()
        .expect("query")
        .replace("%20", "+")
        .replace("%2A", "%2a");
    let moved = http::Request::post("https://example.com/")
        .header(
            "content-type",
            "application/x-www-form-urlencoded; charset=UTF-8",
        )
        .body(query.into_bytes())
        .expect("request");
    assert!(verify_at(&moved, at(0)).is_ok());
}

#[test]
fn a_header_sent_several_times_is_signed_and_verified_with_all_its_values() {
    let credentials = Credentials::new("testid", "testsecret");
    let params = params(&credentials, V3);
    let mut request = http::Request::post("https://cloudsso.cn-shanghai.aliyuncs.com/")
        .header("x-acs-test", " https ")
        .header("x-acs-test", "http")
        .header("x-acs-other", "one")
        .body(Vec::new())
        .expect("request");
    let output = acs_signer::sign(&mut request, &params).expect("signing");
    let canonical = output.canonical_request();
    assert!(canonical.contains("\nx-acs-other:one\n"), "{canonical}");
    assert!(
        canonical.contains("\nx-acs-test:http,https\n"),
        "{canonical}"
    );
    assert_eq!(verify_at(&request, at(0)), Ok(()));
    // Changing one of the values breaks the signature.
    let mut changed = request.clone();
    let values: Vec<_> = changed
        .headers()
        .get_all("x-acs-test")
        .iter()
        .cloned()
        .collect();
    changed.headers_mut().remove("x-acs-test");
    changed
        .headers_mut()
        .append("x-acs-test", values[0].clone());
    changed
        .headers_mut()
        .append("x-acs-test", http::HeaderValue::from_static("ftp"));
    assert_eq!(
        refusal(verify_at(&changed, at(0))).0,
        "SignatureDoesNotMatch"
    );
}
