//! The directory's MFA policy. Every operation reads and writes the same fields of the
//! directory's row, so they agree with each other:
//!
//! | field | written by | read by |
//! | --- | --- | --- |
//! | `MfaAuthenticationAdvanceSettings` | `SetMFAAuthenticationStatus` (`Enabled`/`Disabled`), `UpdateMFAAuthenticationSettings` (`MFAAuthenticationSettings`) | `GetMFAAuthenticationSettingInfo`, `GetMFAAuthenticationSettings`, `GetMFAAuthenticationStatus` (`Disabled` only for `Disabled`) |
//! | `OperationForRiskLogin` | `UpdateMFAAuthenticationSettings` | `GetMFAAuthenticationSettingInfo` (for `Byuser`/`OnlyRiskyLogin`) |
//! | `AllowedVerificationTypes` | `UpdateMFAAuthenticationSettings` | `GetMFAAuthenticationSettingInfo` (once set) |

use cloudsso_model::{
    GetMfaAuthenticationSettingInfo, GetMfaAuthenticationSettingInfoRequest,
    GetMfaAuthenticationSettingInfoResponse, GetMfaAuthenticationSettings,
    GetMfaAuthenticationSettingsMfaAuthenticationAdvanceSettings,
    GetMfaAuthenticationSettingsRequest, GetMfaAuthenticationSettingsResponse,
    GetMfaAuthenticationStatus, GetMfaAuthenticationStatusRequest,
    GetMfaAuthenticationStatusResponse, MfaAuthenticationAdvanceSettings,
    MfaAuthenticationSettingInfo, MfaAuthenticationStatus, SetMfaAuthenticationStatus,
    SetMfaAuthenticationStatusRequest, SetMfaAuthenticationStatusResponse,
    UpdateMfaAuthenticationSettings, UpdateMfaAuthenticationSettingsRequest,
    UpdateMfaAuthenticationSettingsResponse,
};

use super::DirectoryRow;
use crate::error::Failure;
use crate::params;
use crate::service::{Context, Served};

/// The most entries of `AllowedVerificationTypes`, and the longest one.
const MAX_VERIFICATION_TYPES: usize = 16;
const MAX_VERIFICATION_TYPE_LEN: usize = 64;

/// Whether `OperationForRiskLogin` is reported with the setting.
fn reports_risk_login(row: &DirectoryRow) -> bool {
    matches!(
        row.mfa_authentication_advance_settings,
        MfaAuthenticationAdvanceSettings::ByUser | MfaAuthenticationAdvanceSettings::OnlyRiskyLogin
    )
}

/// The setting as `GetMFAAuthenticationSettingInfo` reports it: `OperationForRiskLogin`
/// only for `Byuser` and `OnlyRiskyLogin`, `AllowedVerificationTypes` once set.
fn setting_info(row: &DirectoryRow) -> MfaAuthenticationSettingInfo {
    let mut info = MfaAuthenticationSettingInfo::builder()
        .mfa_authentication_advance_settings(row.mfa_authentication_advance_settings.clone());
    if reports_risk_login(row) {
        info = info.operation_for_risk_login(row.operation_for_risk_login.clone());
    }
    if let Some(types) = &row.allowed_verification_types {
        info = info.allowed_verification_types(types.iter().cloned());
    }
    info.build()
}

/// `SetMFAAuthenticationStatus`: `Enabled` or `Disabled` becomes the directory's
/// `MfaAuthenticationAdvanceSettings`. Without `MFAAuthenticationStatus` (it is optional)
/// nothing changes.
impl Served for SetMfaAuthenticationStatus {
    fn serve(
        context: &Context<'_>,
        request: &SetMfaAuthenticationStatusRequest,
    ) -> Result<SetMfaAuthenticationStatusResponse, Failure> {
        // The codec already answered `InvalidMFAAuthenticationStatus` for any other value.
        let setting = request
            .mfa_authentication_status
            .as_ref()
            .map(|status| MfaAuthenticationAdvanceSettings::from(status.as_str()));
        let id = request.directory_id.as_str();
        context.write(|state| {
            let row = state.directory.require_mut(id)?;
            if let Some(setting) = setting {
                row.mfa_authentication_advance_settings = setting;
            }
            Ok(())
        })?;
        Ok(SetMfaAuthenticationStatusResponse::builder()
            .request_id(context.request_id())
            .build())
    }
}

/// `GetMFAAuthenticationSettingInfo`: the directory's setting.
impl Served for GetMfaAuthenticationSettingInfo {
    fn serve(
        context: &Context<'_>,
        request: &GetMfaAuthenticationSettingInfoRequest,
    ) -> Result<GetMfaAuthenticationSettingInfoResponse, Failure> {
        let id = request.directory_id.as_str();
        let info = context.read(|state| state.directory.require(id).map(setting_info))?;
        Ok(GetMfaAuthenticationSettingInfoResponse::builder()
            .request_id(context.request_id())
            .mfa_authentication_setting_info(info)
            .build())
    }
}

/// `GetMFAAuthenticationStatus`: `Disabled` when the setting is `Disabled`, `Enabled` for
/// `Enabled`, `Byuser` and `OnlyRiskyLogin` (MFA is in force for some logons).
impl Served for GetMfaAuthenticationStatus {
    fn serve(
        context: &Context<'_>,
        request: &GetMfaAuthenticationStatusRequest,
    ) -> Result<GetMfaAuthenticationStatusResponse, Failure> {
        let id = params::directory::<Self>(&request.directory_id)?;
        let status = context.read(|state| {
            state
                .directory
                .require(id)
                .map(|row| match row.mfa_authentication_advance_settings {
                    MfaAuthenticationAdvanceSettings::Disabled => MfaAuthenticationStatus::Disabled,
                    _ => MfaAuthenticationStatus::Enabled,
                })
        })?;
        Ok(GetMfaAuthenticationStatusResponse::builder()
            .mfa_authentication_status(status)
            .request_id(context.request_id())
            .build())
    }
}

/// `UpdateMFAAuthenticationSettings`: each parameter given replaces its part of the
/// directory's setting (`MFAAuthenticationSettings` the policy, `OperationForRiskLogin`,
/// `AllowedVerificationTypes`); parameters not given are kept.
impl Served for UpdateMfaAuthenticationSettings {
    fn serve(
        context: &Context<'_>,
        request: &UpdateMfaAuthenticationSettingsRequest,
    ) -> Result<UpdateMfaAuthenticationSettingsResponse, Failure> {
        let id = params::directory::<Self>(&request.directory_id)?;
        // Values outside `MFAAuthenticationSettings` and `OperationForRiskLogin`'s documented
        // ones never get here: the codec answers `Invalid{Name}` on decode.
        let setting = request
            .mfa_authentication_settings
            .as_ref()
            .map(|setting| MfaAuthenticationAdvanceSettings::from(setting.as_str()));
        if let Some(types) = &request.allowed_verification_types {
            let valid = !types.is_empty()
                && types.len() <= MAX_VERIFICATION_TYPES
                && types
                    .iter()
                    .all(|t| !t.is_empty() && t.len() <= MAX_VERIFICATION_TYPE_LEN);
            if !valid {
                return Err(params::invalid(
                    "AllowedVerificationTypes",
                    &serde_json::to_string(types).unwrap_or_default(),
                    &format!(
                        "a JSON list of 1 to {MAX_VERIFICATION_TYPES} non-empty names such as \
                         [\"TOTP\",\"WebAuthn\"]"
                    ),
                ));
            }
        }
        context.write(|state| {
            let row = state.directory.require_mut(id)?;
            if let Some(setting) = setting {
                row.mfa_authentication_advance_settings = setting;
            }
            if let Some(operation) = &request.operation_for_risk_login {
                row.operation_for_risk_login = operation.clone();
            }
            if let Some(types) = &request.allowed_verification_types {
                let mut unique: Vec<String> = Vec::with_capacity(types.len());
                for t in types {
                    if !unique.contains(t) {
                        unique.push(t.clone());
                    }
                }
                row.allowed_verification_types = Some(unique);
            }
            Ok(())
        })?;
        Ok(UpdateMfaAuthenticationSettingsResponse::builder()
            .request_id(context.request_id())
            .build())
    }
}

/// `GetMFAAuthenticationSettings`: the directory's policy. `OnlyRiskyLogin`, which this
/// operation's documented values lack, is reported as it is.
impl Served for GetMfaAuthenticationSettings {
    fn serve(
        context: &Context<'_>,
        request: &GetMfaAuthenticationSettingsRequest,
    ) -> Result<GetMfaAuthenticationSettingsResponse, Failure> {
        let id = params::directory::<Self>(&request.directory_id)?;
        let setting = context.read(|state| {
            state.directory.require(id).map(|row| {
                GetMfaAuthenticationSettingsMfaAuthenticationAdvanceSettings::from(
                    row.mfa_authentication_advance_settings.as_str(),
                )
            })
        })?;
        Ok(GetMfaAuthenticationSettingsResponse::builder()
            .mfa_authentication_advance_settings(setting)
            .request_id(context.request_id())
            .build())
    }
}
