//! The client side on malformed, odd or hostile responses: errors that name the field or
//! element, what was found and what was expected.
#![allow(clippy::unwrap_used, clippy::panic)] // test helpers outside #[test] fns

use acs_codec::{
    BodyError, LimitKind, Limits, ResponseError, decode_body, decode_response,
    decode_response_with, encode_request,
};
use acs_protocol::Format;
use cloudsso_model::{
    GetMfaAuthenticationSettingInfo, GetMfaAuthenticationSettingInfoRequest,
    SetMfaAuthenticationStatus,
};

fn ok(content_type: &str, body: &str) -> http::Response<Vec<u8>> {
    http::Response::builder()
        .status(200)
        .header("content-type", content_type)
        .body(body.as_bytes().to_vec())
        .unwrap()
}

fn body_error(result: Result<impl std::fmt::Debug, ResponseError>) -> BodyError {
    match result {
        Err(ResponseError::Body { source, .. }) => source,
        other => panic!("expected a body error, got {other:?}"),
    }
}

#[test]
fn a_json_field_of_the_wrong_type_is_named() {
    let response = ok(
        "application/json",
        r#"{"RequestId":"r","MFAAuthenticationSettingInfo":{"AllowedVerificationTypes":["TOTP",7]}}"#,
    );
    let error = decode_response::<GetMfaAuthenticationSettingInfo, _>(&response).unwrap_err();
    assert_eq!(
        error.to_string(),
        "GetMFAAuthenticationSettingInfo response: field `MFAAuthenticationSettingInfo.AllowedVerificationTypes[1]`: invalid type: integer `7`, expected a string"
    );
}

#[test]
fn malformed_json_says_where() {
    let error = body_error(decode_response::<SetMfaAuthenticationStatus, _>(&ok(
        "application/json",
        r#"{"RequestId": "r""#,
    )));
    assert!(
        matches!(
            error,
            BodyError::Syntax {
                format: Format::Json,
                ..
            }
        ),
        "{error}"
    );
    assert!(error.to_string().contains("line 1 column"), "{error}");
}

#[test]
fn the_wrong_root_element_is_named() {
    let error = body_error(decode_response::<SetMfaAuthenticationStatus, _>(&ok(
        "text/xml;charset=utf-8",
        "<GetMFAAuthenticationSettingInfoResponse><RequestId>r</RequestId></GetMFAAuthenticationSettingInfoResponse>",
    )));
    assert_eq!(
        error.to_string(),
        "element <GetMFAAuthenticationSettingInfoResponse>: found root element <GetMFAAuthenticationSettingInfoResponse>, expected <SetMFAAuthenticationStatusResponse>"
    );
}

#[test]
fn unknown_fields_elements_and_values_are_kept_or_skipped() {
    let json = r#"{"RequestId":"r","New":{"x":[1]},"MFAAuthenticationSettingInfo":{"MfaAuthenticationAdvanceSettings":"Tomorrow","New":1}}"#;
    let from_json =
        decode_response::<GetMfaAuthenticationSettingInfo, _>(&ok("application/json", json))
            .unwrap();
    let xml = "<GetMFAAuthenticationSettingInfoResponse><New><x>1</x></New><RequestId>r</RequestId>\
        <MFAAuthenticationSettingInfo><MfaAuthenticationAdvanceSettings>Tomorrow</MfaAuthenticationAdvanceSettings><New/></MFAAuthenticationSettingInfo>\
        </GetMFAAuthenticationSettingInfoResponse>";
    let from_xml =
        decode_response::<GetMfaAuthenticationSettingInfo, _>(&ok("text/xml", xml)).unwrap();
    assert_eq!(from_json, from_xml);
    let info = from_json.mfa_authentication_setting_info.unwrap();
    let advance = info.mfa_authentication_advance_settings.unwrap();
    assert_eq!(advance.as_str(), "Tomorrow");
    assert!(!advance.is_known());
}

#[test]
fn an_unknown_format_is_reported_with_what_was_seen() {
    let error = body_error(decode_response::<SetMfaAuthenticationStatus, _>(&ok(
        "text/plain",
        "RequestId=r",
    )));
    assert_eq!(
        error.to_string(),
        "body format unknown: content-type `text/plain`, body starting `RequestId=r`; expected JSON or XML"
    );
}

#[test]
fn limits_apply_to_success_and_error_bodies() {
    let limits = Limits::DEFAULT.with_max_body_bytes(16);
    let big = format!(r#"{{"RequestId":"{}"}}"#, "x".repeat(32));
    let error = body_error(decode_response_with::<SetMfaAuthenticationStatus, _>(
        &ok("application/json", &big),
        &limits,
    ));
    assert!(matches!(error, BodyError::Limit(limit) if limit.limit == LimitKind::MaxBodyBytes));

    let deep = format!(
        "<SetMFAAuthenticationStatusResponse>{}{}</SetMFAAuthenticationStatusResponse>",
        "<a>".repeat(100),
        "</a>".repeat(100)
    );
    let error =
        decode_body::<SetMfaAuthenticationStatus>(deep.as_bytes(), Format::Xml, &Limits::DEFAULT)
            .unwrap_err();
    assert_eq!(
        error.to_string(),
        "input has 33 levels of elements, more than the limit max_xml_depth allows (32)"
    );
}

#[test]
fn the_endpoint_must_be_a_host_with_an_optional_scheme() {
    let request = GetMfaAuthenticationSettingInfoRequest::builder()
        .directory_id("d-1")
        .build()
        .unwrap();
    let local = encode_request(
        &"http://127.0.0.1:8080".parse().unwrap(),
        &request,
        Format::Json,
    )
    .unwrap();
    assert_eq!(local.uri(), "http://127.0.0.1:8080/?DirectoryId=d-1");
    assert_eq!(local.headers()["host"], "127.0.0.1:8080");
    let error =
        encode_request(&"https://h/prefix".parse().unwrap(), &request, Format::Json).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("endpoint `https://h/prefix`: it has a path or a query"),
        "{error}"
    );
    let error = encode_request(&"/".parse().unwrap(), &request, Format::Json).unwrap_err();
    assert!(error.to_string().contains("it has no host"), "{error}");
}
