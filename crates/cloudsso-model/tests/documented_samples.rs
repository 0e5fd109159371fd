//! The documentation's samples decode (via serde JSON) into the typed values the pages
//! describe; the snapshots are the reviewed typed values.

use cloudsso_model::{
    GetMfaAuthenticationSettingInfoResponse, MfaAuthenticationAdvanceSettings,
    MfaAuthenticationStatus, OperationForRiskLogin, SetMfaAuthenticationStatusRequest,
    SetMfaAuthenticationStatusResponse,
};

const SET_RESPONSE_JSON: &str =
    include_str!("../../../fixtures/operations/SetMFAAuthenticationStatus/sample-response.json");
const GET_RESPONSE_JSON: &str = include_str!(
    "../../../fixtures/operations/GetMFAAuthenticationSettingInfo/sample-response.json"
);
const SET_REQUEST: &str =
    include_str!("../../../fixtures/operations/SetMFAAuthenticationStatus/sample-request.txt");

#[test]
fn set_mfa_authentication_status_sample_response() {
    let response: SetMfaAuthenticationStatusResponse =
        serde_json::from_str(SET_RESPONSE_JSON).unwrap();
    assert_eq!(
        response.request_id.as_ref().map(|id| id.as_str()),
        Some("14E2B1A9-7713-5E6F-8409-8DE12DF51AF4")
    );
    insta::assert_debug_snapshot!(response);
}

#[test]
fn get_mfa_authentication_setting_info_sample_response() {
    let response: GetMfaAuthenticationSettingInfoResponse =
        serde_json::from_str(GET_RESPONSE_JSON).unwrap();
    let info = response.mfa_authentication_setting_info.as_ref().unwrap();
    assert_eq!(
        info.mfa_authentication_advance_settings,
        Some(MfaAuthenticationAdvanceSettings::OnlyRiskyLogin)
    );
    assert_eq!(
        info.operation_for_risk_login,
        Some(OperationForRiskLogin::EnforceVerify)
    );
    insta::assert_debug_snapshot!(response);
}

/// The sample request's parameters (the page shows them as a URL split over lines), read as
/// the JSON object of wire names that is the request's serde form.
#[test]
fn set_mfa_authentication_status_sample_request() {
    let query = SET_REQUEST
        .lines()
        .map(|line| {
            line.trim_start_matches("https://[Endpoint]/?")
                .trim_start_matches('&')
        })
        .filter(|pair| !pair.starts_with('<') && !pair.starts_with("Action="));
    let parameters: serde_json::Map<String, serde_json::Value> = query
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap();
            (name.to_owned(), value.into())
        })
        .collect();
    let request: SetMfaAuthenticationStatusRequest =
        serde_json::from_value(parameters.into()).unwrap();
    assert_eq!(request.directory_id.as_str(), "d-00fc2p61****");
    assert_eq!(
        request.mfa_authentication_status,
        Some(MfaAuthenticationStatus::Enabled)
    );
    insta::assert_debug_snapshot!(request);
}

/// `Byuser` keeps its odd casing on the wire and is a known value, not `Unknown`.
#[test]
fn by_user_keeps_its_wire_casing() {
    let value = MfaAuthenticationAdvanceSettings::from("Byuser");
    assert_eq!(value, MfaAuthenticationAdvanceSettings::ByUser);
    assert_eq!(serde_json::to_string(&value).unwrap(), "\"Byuser\"");
    assert!(!MfaAuthenticationAdvanceSettings::from("ByUser").is_known());
}
