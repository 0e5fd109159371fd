//! The error envelopes of `fixtures/errors/` decoded into typed service errors and encoded
//! back.
#![allow(clippy::unwrap_used, clippy::panic)] // test helpers outside #[test] fns

mod common;

use std::time::Duration;

use acs_codec::{
    ErrorKind, ResponseError, ServiceError, ServiceErrorBody, decode_response, encode_error,
};
use acs_protocol::{ErrorCode, Format};
use cloudsso_model::SetMfaAuthenticationStatus;
use common::{http_response, xml_tree};

fn service_error(path: &str) -> ServiceError {
    let response = http_response(path);
    match decode_response::<SetMfaAuthenticationStatus, _>(&response) {
        Err(ResponseError::Service(error)) => *error,
        other => panic!("{path}: expected a service error, got {other:?}"),
    }
}

#[test]
fn signature_does_not_match_in_xml() {
    let error = service_error("errors/signature-does-not-match.xml.http");
    assert_eq!(error.status(), 400);
    assert_eq!(error.code(), ErrorCode::SIGNATURE_DOES_NOT_MATCH.code);
    assert_eq!(error.message(), ErrorCode::SIGNATURE_DOES_NOT_MATCH.message);
    assert_eq!(
        error.request_id(),
        Some("7B2F2C5A-1E34-5C5B-9F0A-3D2E8C1B4A01")
    );
    assert_eq!(error.host_id(), Some("cloudsso.cn-shanghai.aliyuncs.com"));
    assert_eq!(error.recommend(), None);
    assert_eq!(error.kind(), ErrorKind::Client);
    assert!(!error.is_retryable());
    assert_eq!(error.retry_after(), None);
    assert_eq!(
        error.to_string(),
        "HTTP 400 SignatureDoesNotMatch: Specified signature is not matched with our calculation. (RequestId 7B2F2C5A-1E34-5C5B-9F0A-3D2E8C1B4A01)"
    );
    insta::assert_debug_snapshot!(error);
}

#[test]
fn signature_does_not_match_in_json_with_recommend() {
    let error = service_error("errors/signature-does-not-match.json.http");
    let xml = service_error("errors/signature-does-not-match.xml.http");
    assert_eq!(error.code(), xml.code());
    assert_eq!(error.message(), xml.message());
    assert_eq!(error.request_id(), xml.request_id());
    assert_eq!(
        error.recommend(),
        Some("https://api.aliyun.com/troubleshoot?q=SignatureDoesNotMatch&product=cloudsso")
    );
    insta::assert_debug_snapshot!(error);
}

#[test]
fn throttling_with_retry_after() {
    let error = service_error("errors/throttling-user.json.http");
    assert_eq!(error.code(), ErrorCode::THROTTLING_USER.code);
    assert_eq!(error.kind(), ErrorKind::Throttling);
    assert!(error.is_retryable());
    assert_eq!(error.retry_after(), Some(Duration::from_millis(2000)));
    insta::assert_debug_snapshot!(error);
}

#[test]
fn internal_error_is_a_retryable_server_error() {
    let error = service_error("errors/internal-error.xml.http");
    assert_eq!(error.status(), 500);
    assert_eq!(error.code(), ErrorCode::INTERNAL_ERROR.code);
    assert_eq!(error.kind(), ErrorKind::Server);
    assert!(error.is_retryable());
    insta::assert_debug_snapshot!(error);
}

#[test]
fn lower_case_members_are_read() {
    let error = service_error("errors/lower-case-members.json.http");
    assert_eq!(error.status(), 404);
    assert_eq!(error.code(), ErrorCode::INVALID_ACTION_NOT_FOUND.code);
    assert_eq!(error.message(), ErrorCode::INVALID_ACTION_NOT_FOUND.message);
    assert_eq!(
        error.request_id(),
        Some("9E8D7C6B-5A4F-5E3D-8C2B-1A0F9E8D7C6B")
    );
    assert_eq!(error.host_id(), Some("cloudsso.cn-shanghai.aliyuncs.com"));
    assert_eq!(error.kind(), ErrorKind::Client);
}

/// The server's encoding of the XML envelope is the documented form byte for byte; the JSON
/// one is the same object.
#[test]
fn encoding_reproduces_the_envelopes() {
    for (path, format) in [
        ("errors/signature-does-not-match.xml.http", Format::Xml),
        ("errors/internal-error.xml.http", Format::Xml),
        ("errors/signature-does-not-match.json.http", Format::Json),
        ("errors/throttling-user.json.http", Format::Json),
    ] {
        let fixture = http_response(path);
        let error = service_error(path);
        let encoded = encode_error(error.body(), format, error.status());
        assert_eq!(encoded.status(), fixture.status(), "{path}");
        assert_eq!(
            encoded.headers()["content-type"],
            fixture.headers()["content-type"],
            "{path}"
        );
        match format {
            Format::Xml => {
                assert_eq!(
                    String::from_utf8_lossy(encoded.body()),
                    String::from_utf8_lossy(fixture.body()),
                    "{path}"
                );
                assert_eq!(xml_tree(encoded.body()), xml_tree(fixture.body()));
            }
            _ => {
                let ours: serde_json::Value = serde_json::from_slice(encoded.body()).unwrap();
                let theirs: serde_json::Value = serde_json::from_slice(fixture.body()).unwrap();
                assert_eq!(ours, theirs, "{path}");
                // Members in the documented order.
                assert_eq!(encoded.body(), fixture.body(), "{path}");
            }
        }
    }
}

#[test]
fn gateway_codes_encode_with_their_documented_message() {
    let body = ServiceErrorBody::from_error_code(ErrorCode::SIGNATURE_NONCE_USED)
        .with_request_id("R")
        .with_host_id("H");
    let response = encode_error(&body, Format::Xml, http::StatusCode::BAD_REQUEST);
    assert_eq!(
        std::str::from_utf8(response.body()).unwrap(),
        "<?xml version='1.0' encoding='UTF-8'?><Error><RequestId>R</RequestId><HostId>H</HostId><Code>SignatureNonceUsed</Code><Message>Specified signature nonce was used already.</Message></Error>"
    );
}
