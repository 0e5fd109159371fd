//! The library example of the top-level README, run: build a request, encode it, sign it,
//! let the emulator answer it, decode the answer.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use cloudsso_model::{
    GetMfaAuthenticationSettingInfo, GetMfaAuthenticationSettingInfoRequest,
    MfaAuthenticationAdvanceSettings, MfaAuthenticationStatus, SetMfaAuthenticationStatus,
    SetMfaAuthenticationStatusRequest,
};

fn send(
    emulator: &cloudsso_emulator::Emulator,
    request: http::Request<Vec<u8>>,
) -> http::Response<Vec<u8>> {
    let (parts, body) = request.into_parts();
    emulator.handle(http::Request::from_parts(parts, bytes::Bytes::from(body)))
}

#[test]
fn the_readme_example_works_against_the_emulator() -> Result<(), Box<dyn std::error::Error>> {
    let emulator = cloudsso_emulator::Emulator::builder()
        .access_key("AccessKeyId", "AccessKeySecret")
        .directory("d-00fc2p61****")
        .build()?;

    // As in README.md.
    let request = SetMfaAuthenticationStatusRequest::builder()
        .directory_id("d-00fc2p61****")
        .mfa_authentication_status(MfaAuthenticationStatus::Enabled)
        .build()?;
    let endpoint = "https://cloudsso.cn-shanghai.aliyuncs.com".parse()?;
    let mut http = acs_codec::encode_request(&endpoint, &request, acs_protocol::Format::Json)?;
    let credentials = acs_protocol::Credentials::new("AccessKeyId", "AccessKeySecret");
    let params = acs_signer::SigningParams::builder()
        .credentials(&credentials)
        .action("SetMFAAuthenticationStatus")
        .version(cloudsso_model::API_VERSION)
        .build()?;
    acs_signer::sign(&mut http, &params)?;
    let response = send(&emulator, http);
    let typed = acs_codec::decode_response::<SetMfaAuthenticationStatus, _>(&response)?;
    assert!(typed.request_id.is_some());

    // And the setting reads back.
    let request = GetMfaAuthenticationSettingInfoRequest::builder()
        .directory_id("d-00fc2p61****")
        .build()?;
    let mut http = acs_codec::encode_request(&endpoint, &request, acs_protocol::Format::Xml)?;
    let params = acs_signer::SigningParams::builder()
        .credentials(&credentials)
        .action("GetMFAAuthenticationSettingInfo")
        .version(cloudsso_model::API_VERSION)
        .build()?;
    acs_signer::sign(&mut http, &params)?;
    let response = send(&emulator, http);
    let typed = acs_codec::decode_response::<GetMfaAuthenticationSettingInfo, _>(&response)?;
    let info = typed.mfa_authentication_setting_info.expect("setting");
    assert_eq!(
        info.mfa_authentication_advance_settings,
        Some(MfaAuthenticationAdvanceSettings::Enabled)
    );
    Ok(())
}
