//! The enums and nested objects that operations share.

use serde::{Deserialize, Serialize};

open_enum! {
    /// Whether MFA is on for the users of a directory (`MFAAuthenticationStatus`).
    MfaAuthenticationStatus {
        /// `Enabled`: MFA is on.
        Enabled = "Enabled",
        /// `Disabled`: MFA is off.
        Disabled = "Disabled",
    }
}

open_enum! {
    /// The MFA policy of all users (`MfaAuthenticationAdvanceSettings`).
    MfaAuthenticationAdvanceSettings {
        /// `Enabled`: MFA is enabled for all users.
        Enabled = "Enabled",
        /// `Byuser`: each user's own setting applies.
        ByUser = "Byuser",
        /// `Disabled`: MFA is disabled for all users.
        Disabled = "Disabled",
        /// `OnlyRiskyLogin`: MFA is required only for unusual logons.
        OnlyRiskyLogin = "OnlyRiskyLogin",
    }
}

open_enum! {
    /// What an unusual logon must do about MFA (`OperationForRiskLogin`).
    OperationForRiskLogin {
        /// `Autonomous`: MFA is prompted but may be skipped unless a device is bound.
        Autonomous = "Autonomous",
        /// `EnforceVerify`: MFA is required, binding a device first if none is bound.
        EnforceVerify = "EnforceVerify",
    }
}

/// The MFA setting of all users of a directory (`MFAAuthenticationSettingInfo`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct MfaAuthenticationSettingInfo {
    /// The MFA policy of all users.
    #[serde(
        rename = "MfaAuthenticationAdvanceSettings",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub mfa_authentication_advance_settings: Option<MfaAuthenticationAdvanceSettings>,
    /// The MFA policy for unusual logons; present only for `Byuser` and `OnlyRiskyLogin`.
    #[serde(
        rename = "OperationForRiskLogin",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub operation_for_risk_login: Option<OperationForRiskLogin>,
    /// The MFA methods users may use, e.g. `TOTP`, `WebAuthn` (newer than the documentation).
    #[serde(
        rename = "AllowedVerificationTypes",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub allowed_verification_types: Option<Vec<String>>,
}

impl MfaAuthenticationSettingInfo {
    /// Starts an empty setting.
    pub fn builder() -> MfaAuthenticationSettingInfoBuilder {
        MfaAuthenticationSettingInfoBuilder::default()
    }
}

/// Builds a [`MfaAuthenticationSettingInfo`]; every field is optional.
#[derive(Clone, Debug, Default)]
pub struct MfaAuthenticationSettingInfoBuilder {
    inner: MfaAuthenticationSettingInfo,
}

impl MfaAuthenticationSettingInfoBuilder {
    /// Sets `MfaAuthenticationAdvanceSettings`.
    #[must_use]
    pub fn mfa_authentication_advance_settings(
        mut self,
        value: impl Into<MfaAuthenticationAdvanceSettings>,
    ) -> Self {
        self.inner.mfa_authentication_advance_settings = Some(value.into());
        self
    }

    /// Sets `OperationForRiskLogin`.
    #[must_use]
    pub fn operation_for_risk_login(mut self, value: impl Into<OperationForRiskLogin>) -> Self {
        self.inner.operation_for_risk_login = Some(value.into());
        self
    }

    /// Sets `AllowedVerificationTypes`.
    #[must_use]
    pub fn allowed_verification_types<I, S>(mut self, values: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.inner.allowed_verification_types = Some(values.into_iter().map(Into::into).collect());
        self
    }

    /// The setting.
    pub fn build(self) -> MfaAuthenticationSettingInfo {
        self.inner
    }
}
