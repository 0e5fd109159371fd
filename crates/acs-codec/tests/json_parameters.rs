//! Parameters that travel as JSON text (`ParameterStyle::Json`, the SDK's `*Shrink`
//! fields), with the real operations that have them.
#![allow(clippy::unwrap_used)] // test helpers outside #[test] fns

use acs_codec::{
    RequestError, RequestHandler, RequestOptions, decode_request, dispatch_request, encode_request,
};
use acs_protocol::Format;
use cloudsso_model::CloudSso;
use cloudsso_model::{
    ExternalId, GetUserId, GetUserIdRequest, UpdateMfaAuthenticationSettings,
    UpdateMfaAuthenticationSettingsRequest,
};

fn endpoint() -> http::Uri {
    "cloudsso.cn-shanghai.aliyuncs.com".parse().unwrap()
}

fn post(uri: &str) -> http::Request<Vec<u8>> {
    http::Request::post(uri).body(Vec::new()).unwrap()
}

#[test]
fn allowed_verification_types_travel_as_one_json_text_parameter() {
    let request = UpdateMfaAuthenticationSettingsRequest::builder()
        .directory_id("d-1")
        .allowed_verification_types(["TOTP", "WebAuthn"])
        .mfa_authentication_settings("Enabled")
        .build()
        .unwrap();
    let http = encode_request(&endpoint(), &request, Format::Json).unwrap();
    // `["TOTP","WebAuthn"]`, percent-encoded like any value; not `.1`, `.2`.
    assert_eq!(
        http.uri(),
        "https://cloudsso.cn-shanghai.aliyuncs.com/?AllowedVerificationTypes=%5B%22TOTP%22%2C%22WebAuthn%22%5D&DirectoryId=d-1&MFAAuthenticationSettings=Enabled"
    );
    let back = decode_request::<UpdateMfaAuthenticationSettings, _>(&http).unwrap();
    assert_eq!(back, request);
    assert_eq!(
        back.allowed_verification_types.as_deref(),
        Some(&["TOTP".to_owned(), "WebAuthn".to_owned()][..])
    );
}

#[test]
fn an_empty_list_and_spaces_in_json_text_are_kept_and_accepted() {
    let request = UpdateMfaAuthenticationSettingsRequest::builder()
        .directory_id("d-1")
        .allowed_verification_types(Vec::<String>::new())
        .build()
        .unwrap();
    let http = encode_request(&endpoint(), &request, Format::Json).unwrap();
    assert_eq!(
        http.uri().query(),
        Some("AllowedVerificationTypes=%5B%5D&DirectoryId=d-1")
    );
    let back = decode_request::<UpdateMfaAuthenticationSettings, _>(&http).unwrap();
    assert_eq!(back.allowed_verification_types, Some(Vec::new()));

    // As a person or another SDK may write it: spaces, `+` for a space in a form.
    let spaced =
        post("/?DirectoryId=d-1&AllowedVerificationTypes=%5B%20%22TOTP%22%2C+%22SMS%22%20%5D");
    let back = decode_request::<UpdateMfaAuthenticationSettings, _>(&spaced).unwrap();
    assert_eq!(
        back.allowed_verification_types,
        Some(vec!["TOTP".to_owned(), "SMS".to_owned()])
    );
}

#[test]
fn external_id_travels_as_one_json_object() {
    let request = GetUserIdRequest::builder()
        .directory_id("d-1")
        .external_id(ExternalId::builder().id("e 1").issuer("SCIM").build())
        .build()
        .unwrap();
    let http = encode_request(&endpoint(), &request, Format::Xml).unwrap();
    assert_eq!(
        http.uri().query(),
        Some("DirectoryId=d-1&ExternalId=%7B%22Id%22%3A%22e%201%22%2C%22Issuer%22%3A%22SCIM%22%7D")
    );
    let back = decode_request::<GetUserId, _>(&http).unwrap();
    assert_eq!(back, request);

    // An unknown member is skipped, as unknown fields are elsewhere; `null` is absence.
    let loose = post(
        "/?DirectoryId=d-1&ExternalId=%7B%22Id%22%3A%22x%22%2C%22Issuer%22%3Anull%2C%22New%22%3A1%7D",
    );
    let back = decode_request::<GetUserId, _>(&loose).unwrap();
    assert_eq!(
        back.external_id,
        Some(ExternalId::builder().id("x").build())
    );
}

struct Action;

impl RequestHandler for Action {
    type Output = &'static str;
    fn handle<O: acs_protocol::Operation>(self, _: O::Request) -> &'static str {
        O::DESCRIPTION.action
    }
}

#[test]
fn text_that_is_not_json_of_the_type_is_invalid_name_naming_the_value() {
    // The flattened form is not what this parameter takes.
    let flat = post("/?Action=UpdateMFAAuthenticationSettings&AllowedVerificationTypes=TOTP");
    let error =
        dispatch_request::<CloudSso, _, _>(&flat, &RequestOptions::DEFAULT, Action).unwrap_err();
    assert_eq!(error.code(), "InvalidAllowedVerificationTypes");
    assert_eq!(error.status(), 400);
    assert!(
        matches!(&error, RequestError::InvalidParameter { name: "AllowedVerificationTypes", value, .. } if value == "TOTP"),
        "{error:?}"
    );
    assert!(
        error.to_string().starts_with(
            "parameter AllowedVerificationTypes is `TOTP`; expected JSON text of a list of strings (not JSON: "
        ),
        "{error}"
    );

    // JSON, but of another shape: the item at fault is named.
    let shape = post("/?AllowedVerificationTypes=%5B%22TOTP%22%2C7%5D");
    let error = decode_request::<UpdateMfaAuthenticationSettings, _>(&shape).unwrap_err();
    assert_eq!(
        error.to_string(),
        r#"parameter AllowedVerificationTypes is `["TOTP",7]`; expected JSON text of a list of strings (at `[1]` found number `7`, expected a string)"#
    );

    let object = post("/?ExternalId=%5B%5D");
    let error = decode_request::<GetUserId, _>(&object).unwrap_err();
    assert_eq!(error.code(), "InvalidExternalId");
    assert_eq!(
        error.to_string(),
        "parameter ExternalId is `[]`; expected JSON text of an object with members Id, Issuer (found a list, expected an object with members Id, Issuer)"
    );
    let member = post("/?ExternalId=%7B%22Id%22%3Atrue%7D");
    let error = decode_request::<GetUserId, _>(&member).unwrap_err();
    assert!(
        error
            .to_string()
            .ends_with("(at `Id` found boolean `true`, expected a string)"),
        "{error}"
    );
}
