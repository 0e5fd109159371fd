//! The server side: requests as real clients send them, and the errors the service answers
//! with.
#![allow(clippy::unwrap_used, clippy::panic)] // test helpers outside #[test] fns

use acs_codec::{
    Limits, RequestError, RequestHandler, RequestOptions, decode_request, dispatch_request,
    encode_error, requested_format,
};
use acs_protocol::operation::ValueKind;
use acs_protocol::{Format, Operation};
use cloudsso_model::CloudSso;
use cloudsso_model::{
    GetMfaAuthenticationSettingInfo, MfaAuthenticationStatus, SetMfaAuthenticationStatus,
};

struct Action;

impl RequestHandler for Action {
    type Output = &'static str;

    fn handle<O: Operation>(self, _request: O::Request) -> &'static str {
        O::DESCRIPTION.action
    }
}

fn dispatch(request: &http::Request<Vec<u8>>) -> Result<&'static str, RequestError> {
    dispatch_request::<CloudSso, _, _>(request, &RequestOptions::DEFAULT, Action)
}

fn post(uri: &str) -> http::Request<Vec<u8>> {
    http::Request::post(uri).body(Vec::new()).unwrap()
}

fn form(uri: &str, body: &str) -> http::Request<Vec<u8>> {
    http::Request::post(uri)
        .header(
            "content-type",
            "application/x-www-form-urlencoded; charset=UTF-8",
        )
        .body(body.as_bytes().to_vec())
        .unwrap()
}

#[test]
fn parameters_come_from_the_query_or_a_form_body_as_real_clients_send_them() {
    // The V3 SDK: action in a header, parameters in the query, `*` encoded.
    let v3 = http::Request::post("/?DirectoryId=d-00fc2p61%2A%2A%2A%2A")
        .header("x-acs-action", "GetMFAAuthenticationSettingInfo")
        .body(Vec::new())
        .unwrap();
    assert_eq!(dispatch(&v3), Ok("GetMFAAuthenticationSettingInfo"));
    let typed = decode_request::<GetMfaAuthenticationSettingInfo, _>(&v3).unwrap();
    assert_eq!(typed.directory_id.as_str(), "d-00fc2p61****");

    // An older SDK: everything in a form body, `+` for a space, lower-case hex.
    let old = form(
        "/",
        "Action=SetMFAAuthenticationStatus&Format=JSON&DirectoryId=d+1%2a&MFAAuthenticationStatus=Disabled&Signature=abc%3D",
    );
    assert_eq!(dispatch(&old), Ok("SetMFAAuthenticationStatus"));
    let typed = decode_request::<SetMfaAuthenticationStatus, _>(&old).unwrap();
    assert_eq!(typed.directory_id.as_str(), "d 1*");
    assert_eq!(
        typed.mfa_authentication_status,
        Some(MfaAuthenticationStatus::Disabled)
    );
    assert_eq!(requested_format(&old), Format::Json);

    // GET with a raw `*`.
    let get = http::Request::get("/?Action=GetMFAAuthenticationSettingInfo&DirectoryId=d-1****")
        .body(Vec::new())
        .unwrap();
    assert_eq!(dispatch(&get), Ok("GetMFAAuthenticationSettingInfo"));
}

#[test]
fn errors_map_to_the_documented_codes_and_statuses() {
    let cases: [(http::Request<Vec<u8>>, &str, u16, &str); 7] = [
        (
            http::Request::put("/?Action=GetMFAAuthenticationSettingInfo&DirectoryId=d")
                .body(Vec::new())
                .unwrap(),
            "UnsupportedHTTPMethod",
            400,
            "HTTP method `PUT` is not supported; expected GET or POST",
        ),
        (
            post("/?DirectoryId=d"),
            "MissingAction",
            400,
            "the request names no action; expected an `Action` parameter or an `x-acs-action` header",
        ),
        (
            post("/?Action=DescribeRegions"),
            "InvalidAction.NotFound",
            404,
            "action `DescribeRegions` is not an operation of this API version; expected an action such as SetMFAAuthenticationStatus",
        ),
        (
            post("/?Action=setmfaauthenticationstatus&DirectoryId=d"),
            "InvalidAction.NotFound",
            404,
            "action `setmfaauthenticationstatus` is not an operation of this API version; expected an action such as SetMFAAuthenticationStatus",
        ),
        (
            post("/?Action=SetMFAAuthenticationStatus&MFAAuthenticationStatus=Enabled"),
            "MissingDirectoryId",
            400,
            "parameter DirectoryId is missing; SetMFAAuthenticationStatus requires it",
        ),
        (
            post("/?Action=SetMFAAuthenticationStatus&DirectoryId=d&MFAAuthenticationStatus=On"),
            "InvalidMFAAuthenticationStatus",
            400,
            "parameter MFAAuthenticationStatus is `On`; expected one of Enabled, Disabled",
        ),
        (
            post("/?Action=SetMFAAuthenticationStatus&DirectoryId="),
            "InvalidDirectoryId",
            400,
            "parameter DirectoryId: invalid DirectoryId ``: expected a non-empty ID such as d-00fc2p61****",
        ),
    ];
    for (request, code, status, message) in cases {
        let error = dispatch(&request).unwrap_err();
        assert_eq!(error.code(), code, "{error}");
        assert_eq!(error.status(), status, "{error}");
        assert_eq!(error.to_string(), message);
        let body = error.to_error_body();
        assert_eq!(body.code, code);
        assert_eq!(body.message, message);
    }
}

/// Every parameter the model requires (60, each with evidence in the API description) is
/// answered `Missing{Name}` (400) when it is the one absent, and the request with all of
/// them is accepted.
#[test]
fn every_required_parameter_is_answered_missing_when_absent() {
    let mut checked = 0;
    for operation in cloudsso_model::OPERATIONS {
        let required: Vec<_> = operation.parameters.iter().filter(|p| p.required).collect();
        let query = |without: Option<&str>| {
            let mut query = format!("/?Action={}", operation.action);
            for parameter in required.iter().filter(|p| Some(p.wire_name) != without) {
                assert!(
                    matches!(parameter.kind, ValueKind::String),
                    "{}.{}",
                    operation.action,
                    parameter.wire_name
                );
                let value = parameter.allowed_values.first().copied().unwrap_or("x-1");
                query.push_str(&format!("&{}={value}", parameter.wire_name));
            }
            post(&query)
        };
        if required.is_empty() {
            continue;
        }
        assert_eq!(dispatch(&query(None)), Ok(operation.action));
        for parameter in &required {
            let error = dispatch(&query(Some(parameter.wire_name))).unwrap_err();
            assert_eq!(
                error.code(),
                format!("Missing{}", parameter.wire_name),
                "{}",
                operation.action
            );
            assert_eq!(error.status(), 400);
            assert_eq!(
                error.to_string(),
                format!(
                    "parameter {} is missing; {} requires it",
                    parameter.wire_name, operation.action
                )
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 60);
}

#[test]
fn unknown_values_pass_when_the_check_is_off() {
    let request =
        post("/?Action=SetMFAAuthenticationStatus&DirectoryId=d&MFAAuthenticationStatus=Sometimes");
    let options = RequestOptions::DEFAULT.with_check_allowed_values(false);
    let typed = acs_codec::decode_request_with::<SetMfaAuthenticationStatus, _>(&request, &options)
        .unwrap();
    assert_eq!(
        typed.mfa_authentication_status.as_ref().map(|s| s.as_str()),
        Some("Sometimes")
    );
    assert!(!typed.mfa_authentication_status.unwrap().is_known());
}

#[test]
fn limits_and_undecodable_input_are_invalid_parameters() {
    let options = RequestOptions::DEFAULT.with_limits(Limits::DEFAULT.with_max_parameters(2));
    let error = dispatch_request::<CloudSso, _, _>(&post("/?Action=X&A=1&B=2"), &options, Action)
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "input has 3 parameters, more than the limit max_parameters allows (2)"
    );
    assert_eq!(error.code(), "InvalidParameter");

    let options = RequestOptions::DEFAULT.with_limits(Limits::DEFAULT.with_max_body_bytes(8));
    let error = dispatch_request::<CloudSso, _, _>(
        &form("/", "Action=SetMFAAuthenticationStatus"),
        &options,
        Action,
    )
    .unwrap_err();
    assert!(error.to_string().contains("max_body_bytes"), "{error}");

    let error = dispatch(&post("/?Action=%FF")).unwrap_err();
    assert_eq!(error.code(), "InvalidParameter");
    assert!(error.to_string().contains("%FF"), "{error}");

    let mut bad_form = form("/", "");
    *bad_form.body_mut() = vec![b'A', 0xFF];
    let error = dispatch(&bad_form).unwrap_err();
    assert!(
        matches!(error, RequestError::FormNotUtf8 { offset: 1 }),
        "{error}"
    );
}

#[test]
fn an_error_answers_in_the_requested_format() {
    let request = http::Request::post("/?Action=Nope")
        .header("accept", "application/json")
        .body(Vec::new())
        .unwrap();
    let error = dispatch(&request).unwrap_err();
    let body = error.to_error_body().with_request_id("R").with_host_id("H");
    let response = encode_error(&body, requested_format(&request), error.status());
    assert_eq!(response.status(), 404);
    assert_eq!(
        response.headers()["content-type"],
        "application/json;charset=utf-8"
    );
    let json: serde_json::Value = serde_json::from_slice(response.body()).unwrap();
    assert_eq!(json["Code"], "InvalidAction.NotFound");
    assert_eq!(json["RequestId"], "R");
}
