//! The STS model on the wire through the product-agnostic codec: requests by wire name, the
//! documented response decoded, secrets never in `Debug`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use acs_protocol::{Auth, Format, Operation};
use sts_model::{
    AssumeRole, AssumeRoleRequest, AssumeRoleWithOidc, AssumeRoleWithOidcRequest,
    GetCallerIdentity, GetCallerIdentityRequest, Sts,
};

fn endpoint() -> http::Uri {
    "https://sts.aliyuncs.com".parse().unwrap()
}

#[test]
fn assume_role_sends_its_parameters_by_wire_name() {
    let request = AssumeRoleRequest::builder()
        .role_arn("acs:ram::1234:role/admin")
        .role_session_name("alice")
        .duration_seconds(900)
        .external_id("abcd1234")
        .build()
        .unwrap();
    let http = acs_codec::encode_request(&endpoint(), &request, Format::Json).unwrap();
    let query = http.uri().query().unwrap();
    assert_eq!(
        query,
        "RoleArn=acs%3Aram%3A%3A1234%3Arole%2Fadmin&RoleSessionName=alice&DurationSeconds=900&ExternalId=abcd1234"
    );
    // The server side reads it back by action.
    let back = acs_codec::decode_request::<AssumeRole, _>(&http).unwrap();
    assert_eq!(back, request);
}

#[test]
fn a_missing_role_arn_is_named() {
    let error = AssumeRoleRequest::builder()
        .role_session_name("alice")
        .build()
        .unwrap_err();
    assert_eq!(error.to_string(), "RoleArn is required but was not set");
}

#[test]
fn only_assume_role_with_oidc_is_anonymous() {
    assert_eq!(AssumeRoleWithOidc::DESCRIPTION.auth, Auth::Anonymous);
    assert_eq!(AssumeRole::DESCRIPTION.auth, Auth::AccessKey);
    assert_eq!(GetCallerIdentity::DESCRIPTION.auth, Auth::AccessKey);
    assert_eq!(AssumeRoleWithOidc::DESCRIPTION.action, "AssumeRoleWithOIDC");
    assert_eq!(<Sts as acs_protocol::Api>::VERSION, "2015-04-01");
}

/// The response of the fact sheet (client.md section 1) decodes, and `Debug` shows neither
/// the secret nor the token.
#[test]
fn the_documented_response_decodes_and_debug_hides_secrets() {
    let body = r#"{"RequestId":"6894B13B-6D71-4EF5-88FA-F32781734A7F","AssumedRoleUser":{"Arn":"acs:ram::1234:role/admin/alice","AssumedRoleId":"34458433936495****:alice"},"Credentials":{"AccessKeyId":"STS.L4aBSCSJVMuKg5U1****","AccessKeySecret":"wyLTSmsyPGP1ohvvw8xYgB29dlGI8KMiH2pK****","SecurityToken":"CAIS****","Expiration":"2015-04-09T11:52:19Z"},"Unknown":1}"#;
    let response = http::Response::builder()
        .status(200)
        .header("content-type", "application/json;charset=utf-8")
        .body(body.as_bytes().to_vec())
        .unwrap();
    let decoded = acs_codec::decode_response::<AssumeRole, _>(&response).unwrap();
    let credentials = decoded.credentials.clone().unwrap();
    assert_eq!(
        credentials.access_key_id.as_deref(),
        Some("STS.L4aBSCSJVMuKg5U1****")
    );
    assert_eq!(
        credentials.access_key_secret.as_ref().unwrap().expose(),
        "wyLTSmsyPGP1ohvvw8xYgB29dlGI8KMiH2pK****"
    );
    assert_eq!(
        credentials.expiration.as_deref(),
        Some("2015-04-09T11:52:19Z")
    );
    let debug = format!("{decoded:?}");
    assert!(
        !debug.contains("wyLTSmsy") && !debug.contains("CAIS"),
        "{debug}"
    );
    assert!(debug.contains("STS.L4aBSCSJVMuKg5U1****"), "{debug}");
}

#[test]
fn the_oidc_token_is_sent_but_never_shown() {
    let request = AssumeRoleWithOidcRequest::builder()
        .oidc_provider_arn("acs:ram::1234:oidc-provider/ack-rrsa")
        .role_arn("acs:ram::1234:role/rrsa")
        .oidc_token("eyJhbGciOiJSUzI1NiJ9.secret-part")
        .role_session_name("pod")
        .build()
        .unwrap();
    assert!(!format!("{request:?}").contains("secret-part"));
    let http = acs_codec::encode_request(&endpoint(), &request, Format::Json).unwrap();
    assert!(
        http.uri()
            .query()
            .unwrap()
            .contains("OIDCToken=eyJhbGciOiJSUzI1NiJ9.secret-part")
    );
}

#[test]
fn get_caller_identity_has_no_parameters() {
    let http = acs_codec::encode_request(
        &endpoint(),
        &GetCallerIdentityRequest::default(),
        Format::Json,
    )
    .unwrap();
    assert_eq!(http.uri().query().unwrap_or(""), "");
}
