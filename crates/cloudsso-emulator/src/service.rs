//! The operations' dispatch: every operation the emulator serves implements [`Served`];
//! [`IMPLEMENTED`] lists them by action, one family after the other. Each family's
//! operations and semantics live in its module (`directory`, `identity`, `access`).

use std::time::SystemTime;

use acs_protocol::Operation;
use cloudsso_model::*;

use crate::error::Failure;
use crate::settings::Settings;
use crate::state::{AccountState, Store};

/// What an operation sees besides its request.
#[derive(Debug)]
pub(crate) struct Context<'a> {
    /// The 16-digit account of the access key that signed the request.
    pub(crate) account: &'a str,
    /// The request's ID (`RequestId`).
    pub(crate) request_id: &'a str,
    /// The time the request is served at.
    pub(crate) now: SystemTime,
    /// The region the emulator reports.
    pub(crate) region: &'a str,
    /// Member accounts, task transition and the other settings.
    pub(crate) settings: &'a Settings,
    pub(crate) store: &'a Store,
}

impl Context<'_> {
    /// The request ID as responses carry it.
    pub(crate) fn request_id(&self) -> RequestId {
        RequestId::from_service(self.request_id)
    }

    /// Reads the account's state.
    pub(crate) fn read<T>(&self, f: impl FnOnce(&AccountState) -> T) -> T {
        self.store.read(self.account, f)
    }

    /// Whether `f` holds for another account's state; hold
    /// [`lock_across_accounts`](Store::lock_across_accounts) until the write it decides.
    pub(crate) fn any_other_account(&self, f: impl Fn(&AccountState) -> bool) -> bool {
        self.store.any_other_account(self.account, f)
    }

    /// Changes the account's state in one transaction: `Ok` is committed (to SQLite when a
    /// state file is used) before the answer is sent; `Err` rolls every change back.
    pub(crate) fn write<T>(
        &self,
        f: impl FnOnce(&mut AccountState) -> Result<T, Failure>,
    ) -> Result<T, Failure> {
        self.store.write(self.account, f)
    }
}

/// An operation the emulator serves.
pub(crate) trait Served: Operation {
    /// Applies `request` and answers, or fails with the service's error.
    fn serve(context: &Context<'_>, request: &Self::Request) -> Result<Self::Response, Failure>;
}

/// Decodes, serves and encodes one request of `O`: the success response, status and
/// `content-type` set.
pub(crate) type Handler = fn(
    &Context<'_>,
    &acs_codec::Parameters,
    acs_protocol::Format,
) -> Result<http::Response<Vec<u8>>, Failure>;

fn handler<O: Served>(
    context: &Context<'_>,
    parameters: &acs_codec::Parameters,
    format: acs_protocol::Format,
) -> Result<http::Response<Vec<u8>>, Failure> {
    let request = crate::wire::decode_request::<O>(parameters)?;
    let response = O::serve(context, &request)?;
    crate::wire::encode_success::<O>(&response, format)
}

macro_rules! implemented {
    ($($op:ty),+ $(,)?) => {
        /// The operations the emulator serves, by action.
        pub(crate) const IMPLEMENTED: &[(&str, Handler)] =
            &[$((<$op as Operation>::DESCRIPTION.action, handler::<$op> as Handler)),+];
    };
}

implemented!(
    // The directory family (src/directory/).
    EnableService,
    DisableService,
    GetServiceStatus,
    CreateDirectory,
    ListDirectories,
    GetDirectory,
    UpdateDirectory,
    DeleteDirectory,
    GetDirectoryStatistics,
    EnableDelegateAccount,
    DisableDelegateAccount,
    SetMfaAuthenticationStatus,
    GetMfaAuthenticationStatus,
    GetMfaAuthenticationSettingInfo,
    GetMfaAuthenticationSettings,
    UpdateMfaAuthenticationSettings,
    SetExternalSamlIdentityProvider,
    GetExternalSamlIdentityProvider,
    ClearExternalSamlIdentityProvider,
    GetDirectorySamlServiceProviderInfo,
    AddExternalSamlIdPCertificate,
    RemoveExternalSamlIdPCertificate,
    ListExternalSamlIdPCertificates,
    SetLoginPreference,
    GetLoginPreference,
    SetPasswordPolicy,
    GetPasswordPolicy,
    GetAttributePassingSetting,
    UpdateAttributePassingSetting,
    CreateScimServerCredential,
    ListScimServerCredentials,
    UpdateScimServerCredentialStatus,
    DeleteScimServerCredential,
    SetScimSynchronizationStatus,
    GetScimSynchronizationStatus,
    // Identity (src/identity/).
    CreateUser,
    ListUsers,
    GetUser,
    GetUserId,
    UpdateUser,
    UpdateUserStatus,
    DeleteUser,
    ResetUserPassword,
    GetUserMfaAuthenticationSettings,
    UpdateUserMfaAuthenticationSettings,
    ListMfaDevicesForUser,
    DeleteMfaDeviceForUser,
    CreateGroup,
    ListGroups,
    GetGroup,
    UpdateGroup,
    DeleteGroup,
    AddUserToGroup,
    RemoveUserFromGroup,
    ListGroupMembers,
    ListJoinedGroupsForUser,
    // The access family (src/access/).
    cloudsso_model::CreateAccessConfiguration,
    cloudsso_model::ListAccessConfigurations,
    cloudsso_model::GetAccessConfiguration,
    cloudsso_model::UpdateAccessConfiguration,
    cloudsso_model::DeleteAccessConfiguration,
    cloudsso_model::AddPermissionPolicyToAccessConfiguration,
    cloudsso_model::RemovePermissionPolicyFromAccessConfiguration,
    cloudsso_model::ListPermissionPoliciesInAccessConfiguration,
    cloudsso_model::UpdateInlinePolicyForAccessConfiguration,
    cloudsso_model::ProvisionAccessConfiguration,
    cloudsso_model::DeprovisionAccessConfiguration,
    cloudsso_model::ListAccessConfigurationProvisionings,
    cloudsso_model::CreateAccessAssignment,
    cloudsso_model::DeleteAccessAssignment,
    cloudsso_model::ListAccessAssignments,
    cloudsso_model::GetTask,
    cloudsso_model::GetTaskStatus,
    cloudsso_model::ListTasks,
    cloudsso_model::CreateUserProvisioning,
    cloudsso_model::ListUserProvisionings,
    cloudsso_model::GetUserProvisioning,
    cloudsso_model::UpdateUserProvisioning,
    cloudsso_model::DeleteUserProvisioning,
    cloudsso_model::GetUserProvisioningConfiguration,
    cloudsso_model::UpdateUserProvisioningConfiguration,
    cloudsso_model::GetUserProvisioningStatistics,
    cloudsso_model::GetUserProvisioningRdAccountStatistics,
    cloudsso_model::ListUserProvisioningEvents,
    cloudsso_model::GetUserProvisioningEvent,
    cloudsso_model::RetryUserProvisioningEvent,
    cloudsso_model::DeleteUserProvisioningEvent,
);

/// The handler of `action`, if the emulator serves it.
pub(crate) fn handler_of(action: &str) -> Option<Handler> {
    IMPLEMENTED
        .iter()
        .find(|(name, _)| *name == action)
        .map(|(_, handler)| *handler)
}
