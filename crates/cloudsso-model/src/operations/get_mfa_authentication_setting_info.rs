use acs_protocol::operation::{
    FieldDescription, Location, OperationDescription, ParameterDescription, ValueKind,
};
use acs_protocol::{Operation, OperationRequest};
use serde::{Deserialize, Serialize};

use crate::{
    BuildError, DirectoryId, MfaAuthenticationAdvanceSettings, MfaAuthenticationSettingInfo,
    OperationForRiskLogin, RequestId,
};

/// `GetMFAAuthenticationSettingInfo`: queries the MFA setting of all users of a directory.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct GetMfaAuthenticationSettingInfo;

impl Operation for GetMfaAuthenticationSettingInfo {
    type Request = GetMfaAuthenticationSettingInfoRequest;
    type Response = GetMfaAuthenticationSettingInfoResponse;
    const DESCRIPTION: &'static OperationDescription = &OperationDescription::rpc(
        crate::PRODUCT,
        crate::API_VERSION,
        "GetMFAAuthenticationSettingInfo",
        "Queries the multi-factor authentication (MFA) setting of all users.",
    )
    .parameters(&[ParameterDescription::new(
        "DirectoryId",
        Location::Query,
        ValueKind::String,
        "The ID of the directory.",
    )
    .required()])
    .response_fields(&[
        FieldDescription::new("RequestId", ValueKind::String, "The ID of the request."),
        FieldDescription::new(
            "MFAAuthenticationSettingInfo",
            ValueKind::Object(&[
                FieldDescription::new(
                    "MfaAuthenticationAdvanceSettings",
                    ValueKind::String,
                    "The MFA policy of all users.",
                )
                .allowed_values(MfaAuthenticationAdvanceSettings::VALUES),
                FieldDescription::new(
                    "OperationForRiskLogin",
                    ValueKind::String,
                    "The MFA policy for unusual logons; returned only for Byuser and OnlyRiskyLogin.",
                )
                .allowed_values(OperationForRiskLogin::VALUES),
                FieldDescription::new(
                    "AllowedVerificationTypes",
                    ValueKind::List(&ValueKind::String),
                    "The MFA methods users may use.",
                ),
            ]),
            "The MFA setting of all users.",
        ),
    ]);
}

/// The request of [`GetMfaAuthenticationSettingInfo`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct GetMfaAuthenticationSettingInfoRequest {
    /// The ID of the directory.
    #[serde(rename = "DirectoryId")]
    pub directory_id: DirectoryId,
}

impl OperationRequest for GetMfaAuthenticationSettingInfoRequest {
    type Operation = GetMfaAuthenticationSettingInfo;
}

impl GetMfaAuthenticationSettingInfoRequest {
    /// Starts a request; `DirectoryId` is required.
    pub fn builder() -> GetMfaAuthenticationSettingInfoRequestBuilder {
        GetMfaAuthenticationSettingInfoRequestBuilder::default()
    }
}

/// Builds a [`GetMfaAuthenticationSettingInfoRequest`].
#[derive(Clone, Debug, Default)]
pub struct GetMfaAuthenticationSettingInfoRequestBuilder {
    directory_id: Option<String>,
}

impl GetMfaAuthenticationSettingInfoRequestBuilder {
    /// Sets `DirectoryId` (required).
    #[must_use]
    pub fn directory_id(mut self, value: impl Into<String>) -> Self {
        self.directory_id = Some(value.into());
        self
    }

    /// The request, or the first field that is missing or invalid.
    pub fn build(self) -> Result<GetMfaAuthenticationSettingInfoRequest, BuildError> {
        let directory_id = self.directory_id.ok_or(BuildError::MissingField {
            field: "DirectoryId",
        })?;
        Ok(GetMfaAuthenticationSettingInfoRequest {
            directory_id: DirectoryId::new(directory_id)?,
        })
    }
}

/// The response of [`GetMfaAuthenticationSettingInfo`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct GetMfaAuthenticationSettingInfoResponse {
    /// The ID of the request.
    #[serde(rename = "RequestId", default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<RequestId>,
    /// The MFA setting of all users.
    #[serde(
        rename = "MFAAuthenticationSettingInfo",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub mfa_authentication_setting_info: Option<MfaAuthenticationSettingInfo>,
}

impl GetMfaAuthenticationSettingInfoResponse {
    /// Starts an empty response.
    pub fn builder() -> GetMfaAuthenticationSettingInfoResponseBuilder {
        GetMfaAuthenticationSettingInfoResponseBuilder::default()
    }
}

/// Builds a [`GetMfaAuthenticationSettingInfoResponse`]; every field is optional.
#[derive(Clone, Debug, Default)]
pub struct GetMfaAuthenticationSettingInfoResponseBuilder {
    inner: GetMfaAuthenticationSettingInfoResponse,
}

impl GetMfaAuthenticationSettingInfoResponseBuilder {
    /// Sets `RequestId`.
    #[must_use]
    pub fn request_id(mut self, value: RequestId) -> Self {
        self.inner.request_id = Some(value);
        self
    }

    /// Sets `MFAAuthenticationSettingInfo`.
    #[must_use]
    pub fn mfa_authentication_setting_info(mut self, value: MfaAuthenticationSettingInfo) -> Self {
        self.inner.mfa_authentication_setting_info = Some(value);
        self
    }

    /// The response.
    pub fn build(self) -> GetMfaAuthenticationSettingInfoResponse {
        self.inner
    }
}
