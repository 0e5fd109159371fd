//! The operations' semantics: what each one does to the state and answers.

use cloudsso_model::{
    GetMfaAuthenticationSettingInfoRequest, GetMfaAuthenticationSettingInfoResponse,
    MfaAuthenticationAdvanceSettings, MfaAuthenticationSettingInfo, MfaAuthenticationStatus,
    RequestId, SetMfaAuthenticationStatusRequest, SetMfaAuthenticationStatusResponse,
};
use http::StatusCode;

use crate::error::{Failure, StateError};
use crate::state::Store;

/// `EntityNotExists.Directory`, the answer for a directory the emulator does not hold.
pub(crate) fn directory_not_found(id: &str) -> Failure {
    Failure::new(
        "EntityNotExists.Directory",
        StatusCode::NOT_FOUND,
        format!("The specified directory does not exist: DirectoryId `{id}` is not known."),
    )
}

fn state_failure(error: &StateError) -> Failure {
    tracing::error!(%error, "state could not be persisted");
    Failure::with_message(
        acs_protocol::ErrorCode::SERVICE_UNAVAILABLE,
        "The request has failed due to a temporary failure of the server: the state could not \
         be persisted.",
    )
}

/// `SetMFAAuthenticationStatus`: `Enabled` or `Disabled` becomes the directory's
/// `MfaAuthenticationAdvanceSettings`. Without `MFAAuthenticationStatus` (it is optional)
/// nothing changes.
pub(crate) fn set_mfa_authentication_status(
    store: &Store,
    request: &SetMfaAuthenticationStatusRequest,
    request_id: &str,
) -> Result<SetMfaAuthenticationStatusResponse, Failure> {
    let setting = match &request.mfa_authentication_status {
        None => None,
        Some(MfaAuthenticationStatus::Enabled) => Some(MfaAuthenticationAdvanceSettings::Enabled),
        Some(MfaAuthenticationStatus::Disabled) => Some(MfaAuthenticationAdvanceSettings::Disabled),
        Some(other) => {
            return Err(Failure::new(
                "InvalidMFAAuthenticationStatus",
                StatusCode::BAD_REQUEST,
                format!(
                    "parameter MFAAuthenticationStatus is `{}`; expected {}",
                    other.as_str(),
                    MfaAuthenticationStatus::VALUES.join(" or ")
                ),
            ));
        }
    };
    let id = request.directory_id.as_str();
    let found = store
        .update(id, |state| {
            if let Some(setting) = setting {
                state.mfa_authentication_advance_settings = setting;
            }
        })
        .map_err(|e| state_failure(&e))?;
    if !found {
        return Err(directory_not_found(id));
    }
    Ok(SetMfaAuthenticationStatusResponse::builder()
        .request_id(RequestId::from_service(request_id))
        .build())
}

/// `GetMFAAuthenticationSettingInfo`: the directory's setting, with `OperationForRiskLogin`
/// only for `Byuser` and `OnlyRiskyLogin`.
pub(crate) fn get_mfa_authentication_setting_info(
    store: &Store,
    request: &GetMfaAuthenticationSettingInfoRequest,
    request_id: &str,
) -> Result<GetMfaAuthenticationSettingInfoResponse, Failure> {
    let id = request.directory_id.as_str();
    let state = store.get(id).ok_or_else(|| directory_not_found(id))?;
    let mut info = MfaAuthenticationSettingInfo::builder()
        .mfa_authentication_advance_settings(state.mfa_authentication_advance_settings.clone());
    if state.reports_risk_login() {
        info = info.operation_for_risk_login(state.operation_for_risk_login.clone());
    }
    Ok(GetMfaAuthenticationSettingInfoResponse::builder()
        .request_id(RequestId::from_service(request_id))
        .mfa_authentication_setting_info(info.build())
        .build())
}
