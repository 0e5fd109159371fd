use acs_protocol::operation::{
    FieldDescription, Location, OperationDescription, ParameterDescription, ValueKind,
};
use acs_protocol::{Operation, OperationRequest};
use serde::{Deserialize, Serialize};

use crate::{BuildError, DirectoryId, MfaAuthenticationStatus, RequestId};

/// `SetMFAAuthenticationStatus`: enables or disables MFA for the users of a directory.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SetMfaAuthenticationStatus;

impl Operation for SetMfaAuthenticationStatus {
    type Request = SetMfaAuthenticationStatusRequest;
    type Response = SetMfaAuthenticationStatusResponse;
    const DESCRIPTION: &'static OperationDescription = &OperationDescription::rpc(
        crate::PRODUCT,
        crate::API_VERSION,
        "SetMFAAuthenticationStatus",
        "Enables or disables multi-factor authentication (MFA) for users in a directory.",
    )
    .parameters(&[
        ParameterDescription::new(
            "DirectoryId",
            Location::Query,
            ValueKind::String,
            "The ID of the directory.",
        )
        .required(),
        ParameterDescription::new(
            "MFAAuthenticationStatus",
            Location::Query,
            ValueKind::String,
            "The status of MFA.",
        )
        .allowed_values(MfaAuthenticationStatus::VALUES),
    ])
    .response_fields(&[FieldDescription::new(
        "RequestId",
        ValueKind::String,
        "The ID of the request.",
    )]);
}

/// The request of [`SetMfaAuthenticationStatus`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct SetMfaAuthenticationStatusRequest {
    /// The ID of the directory.
    #[serde(rename = "DirectoryId")]
    pub directory_id: DirectoryId,
    /// The status of MFA: `Enabled` or `Disabled`.
    #[serde(
        rename = "MFAAuthenticationStatus",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub mfa_authentication_status: Option<MfaAuthenticationStatus>,
}

impl OperationRequest for SetMfaAuthenticationStatusRequest {
    type Operation = SetMfaAuthenticationStatus;
}

impl SetMfaAuthenticationStatusRequest {
    /// Starts a request; `DirectoryId` is required.
    pub fn builder() -> SetMfaAuthenticationStatusRequestBuilder {
        SetMfaAuthenticationStatusRequestBuilder::default()
    }
}

/// Builds a [`SetMfaAuthenticationStatusRequest`].
#[derive(Clone, Debug, Default)]
pub struct SetMfaAuthenticationStatusRequestBuilder {
    directory_id: Option<String>,
    mfa_authentication_status: Option<MfaAuthenticationStatus>,
}

impl SetMfaAuthenticationStatusRequestBuilder {
    /// Sets `DirectoryId` (required).
    #[must_use]
    pub fn directory_id(mut self, value: impl Into<String>) -> Self {
        self.directory_id = Some(value.into());
        self
    }

    /// Sets `MFAAuthenticationStatus`.
    #[must_use]
    pub fn mfa_authentication_status(mut self, value: impl Into<MfaAuthenticationStatus>) -> Self {
        self.mfa_authentication_status = Some(value.into());
        self
    }

    /// The request, or the first field that is missing or invalid.
    pub fn build(self) -> Result<SetMfaAuthenticationStatusRequest, BuildError> {
        let directory_id = self.directory_id.ok_or(BuildError::MissingField {
            field: "DirectoryId",
        })?;
        Ok(SetMfaAuthenticationStatusRequest {
            directory_id: DirectoryId::new(directory_id)?,
            mfa_authentication_status: self.mfa_authentication_status,
        })
    }
}

/// The response of [`SetMfaAuthenticationStatus`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
#[non_exhaustive]
pub struct SetMfaAuthenticationStatusResponse {
    /// The ID of the request.
    #[serde(rename = "RequestId", default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<RequestId>,
}

impl SetMfaAuthenticationStatusResponse {
    /// Starts an empty response.
    pub fn builder() -> SetMfaAuthenticationStatusResponseBuilder {
        SetMfaAuthenticationStatusResponseBuilder::default()
    }
}

/// Builds a [`SetMfaAuthenticationStatusResponse`]; every field is optional.
#[derive(Clone, Debug, Default)]
pub struct SetMfaAuthenticationStatusResponseBuilder {
    inner: SetMfaAuthenticationStatusResponse,
}

impl SetMfaAuthenticationStatusResponseBuilder {
    /// Sets `RequestId`.
    #[must_use]
    pub fn request_id(mut self, value: RequestId) -> Self {
        self.inner.request_id = Some(value);
        self
    }

    /// The response.
    pub fn build(self) -> SetMfaAuthenticationStatusResponse {
        self.inner
    }
}
