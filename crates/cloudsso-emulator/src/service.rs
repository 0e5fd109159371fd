//! The operations' semantics: what each one does to the state and answers.
//!
//! Every operation the emulator serves implements [`Served`]; [`IMPLEMENTED`] lists them by
//! action. The MFA operations all read and write one per-directory state
//! ([`DirectoryState`]), so they agree with each other:
//!
//! | state | written by | read by |
//! | --- | --- | --- |
//! | `MfaAuthenticationAdvanceSettings` | `SetMFAAuthenticationStatus` (`Enabled`/`Disabled`), `UpdateMFAAuthenticationSettings` (`MFAAuthenticationSettings`) | `GetMFAAuthenticationSettingInfo`, `GetMFAAuthenticationSettings`, `GetMFAAuthenticationStatus` (`Disabled` only for `Disabled`) |
//! | `OperationForRiskLogin` | `UpdateMFAAuthenticationSettings` | `GetMFAAuthenticationSettingInfo` (for `Byuser`/`OnlyRiskyLogin`) |
//! | `AllowedVerificationTypes` | `UpdateMFAAuthenticationSettings` | `GetMFAAuthenticationSettingInfo` (once set) |
//! | a user's setting | `UpdateUserMFAAuthenticationSettings` | `GetUserMFAAuthenticationSettings` |

use std::time::SystemTime;

use acs_codec::RequestError;
use acs_protocol::Operation;
use cloudsso_model::{
    CreateDirectory, CreateDirectoryRequest, CreateDirectoryResponse, DeleteDirectory,
    DeleteDirectoryRequest, DeleteDirectoryResponse, Directory, DirectoryId, GetDirectory,
    GetDirectoryRequest, GetDirectoryResponse, GetMfaAuthenticationSettingInfo,
    GetMfaAuthenticationSettingInfoRequest, GetMfaAuthenticationSettingInfoResponse,
    GetMfaAuthenticationSettings, GetMfaAuthenticationSettingsMfaAuthenticationAdvanceSettings,
    GetMfaAuthenticationSettingsRequest, GetMfaAuthenticationSettingsResponse,
    GetMfaAuthenticationStatus, GetMfaAuthenticationStatusRequest,
    GetMfaAuthenticationStatusResponse, GetUserMfaAuthenticationSettings,
    GetUserMfaAuthenticationSettingsRequest, GetUserMfaAuthenticationSettingsResponse,
    ListDirectories, ListDirectoriesRequest, ListDirectoriesResponse,
    MfaAuthenticationAdvanceSettings, MfaAuthenticationSettingInfo, MfaAuthenticationStatus,
    RequestId, SetMfaAuthenticationStatus, SetMfaAuthenticationStatusRequest,
    SetMfaAuthenticationStatusResponse, UpdateMfaAuthenticationSettings,
    UpdateMfaAuthenticationSettingsRequest, UpdateMfaAuthenticationSettingsResponse,
    UpdateUserMfaAuthenticationSettings, UpdateUserMfaAuthenticationSettingsRequest,
    UpdateUserMfaAuthenticationSettingsResponse,
};
use http::StatusCode;

use crate::directory::{self, DeletedDirectory, DirectoryState};
use crate::error::Failure;
use crate::identity::UserMfaSetting;
use crate::ids;
use crate::settings::Settings;
use crate::state::{AccountState, Store};

/// The most directories the emulator holds (memory stays bounded).
pub(crate) const MAX_DIRECTORIES: usize = 1000;
/// The most users with an MFA setting per directory.
pub(crate) const MAX_USERS_PER_DIRECTORY: usize = 10_000;
/// The most entries of `AllowedVerificationTypes`, and the longest one.
const MAX_VERIFICATION_TYPES: usize = 16;
const MAX_VERIFICATION_TYPE_LEN: usize = 64;
/// The longest user ID kept.
const MAX_USER_ID_LEN: usize = 256;

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
    CreateDirectory,
    ListDirectories,
    GetDirectory,
    DeleteDirectory,
    SetMfaAuthenticationStatus,
    GetMfaAuthenticationStatus,
    GetMfaAuthenticationSettingInfo,
    GetMfaAuthenticationSettings,
    UpdateMfaAuthenticationSettings,
    GetUserMfaAuthenticationSettings,
    UpdateUserMfaAuthenticationSettings,
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

/// `EntityNotExists.Directory`, the answer for a directory the emulator does not hold.
pub(crate) fn directory_not_found(id: &str) -> Failure {
    Failure::new(
        "EntityNotExists.Directory",
        StatusCode::NOT_FOUND,
        format!("The specified directory does not exist: DirectoryId `{id}` is not known."),
    )
}

/// `EntityNotExists.User`, for a user whose MFA setting was never set.
fn user_not_found(directory: &str, user: &str) -> Failure {
    Failure::new(
        "EntityNotExists.User",
        StatusCode::NOT_FOUND,
        format!(
            "The specified user does not exist: UserId `{user}` is not known in directory \
             `{directory}` (the emulator knows a user once UpdateUserMFAAuthenticationSettings \
             has set its MFA setting)."
        ),
    )
}

/// `Missing{Name}` for a parameter the emulator needs, as the codec words it.
fn missing(action: &'static str, name: &'static str) -> Failure {
    Failure::from(RequestError::MissingParameter { action, name })
}

/// `Invalid{Name}` with what was found and what was expected.
fn invalid(name: &str, message: impl Into<String>) -> Failure {
    Failure::new(
        format!("Invalid{name}"),
        StatusCode::BAD_REQUEST,
        message.into(),
    )
}

/// The directory ID a request of `O` must carry.
fn directory_of<O: Operation>(id: Option<&DirectoryId>) -> Result<&str, Failure> {
    id.map(DirectoryId::as_str)
        .ok_or_else(|| missing(O::DESCRIPTION.action, "DirectoryId"))
}

/// The user ID a request of `O` must carry: non-empty, at most 256 characters.
fn user_of<O: Operation>(id: Option<&String>) -> Result<&str, Failure> {
    let id = id.ok_or_else(|| missing(O::DESCRIPTION.action, "UserId"))?;
    if id.is_empty() || id.len() > MAX_USER_ID_LEN {
        return Err(invalid(
            "UserId",
            format!(
                "parameter UserId is `{}`; expected a non-empty ID of at most \
                 {MAX_USER_ID_LEN} characters such as u-00q8wbq42wiltcrk****",
                id.chars().take(64).collect::<String>()
            ),
        ));
    }
    Ok(id)
}

/// The directory as `GetDirectory` and friends report it.
fn directory_view(id: &str, state: &DirectoryState) -> Directory {
    Directory::builder()
        .directory_id(id)
        .directory_name(state.directory_name.clone())
        .region(state.region.clone())
        .create_time(state.create_time.clone())
        .update_time(state.update_time.clone())
        .build()
}

/// Reads directory `id` with `f`, or `EntityNotExists.Directory`.
fn with_directory<T>(
    context: &Context<'_>,
    id: &str,
    f: impl FnOnce(&DirectoryState) -> T,
) -> Result<T, Failure> {
    context
        .read(|state| state.directory.directories.get(id).map(f))
        .ok_or_else(|| directory_not_found(id))
}

/// Changes directory `id` with `f` and persists it, or `EntityNotExists.Directory`.
fn change_directory(
    context: &Context<'_>,
    id: &str,
    f: impl FnOnce(&mut DirectoryState) -> Result<(), Failure>,
) -> Result<(), Failure> {
    context.write(|state| {
        let directory = state
            .directory
            .directories
            .get_mut(id)
            .ok_or_else(|| directory_not_found(id))?;
        f(directory)
    })
}

/// `CreateDirectory`: a new directory with a fresh `d-` ID, the name asked for (checked
/// against the documented rules and unique) or one made from the ID, the configured region,
/// the current time and the default MFA setting.
impl Served for CreateDirectory {
    fn serve(
        context: &Context<'_>,
        request: &CreateDirectoryRequest,
    ) -> Result<CreateDirectoryResponse, Failure> {
        if let Some(name) = &request.directory_name
            && !directory::is_valid_directory_name(name)
        {
            return Err(invalid(
                "DirectoryName",
                format!(
                    "parameter DirectoryName is `{}`; expected 2 to 64 lower-case letters, \
                     digits and hyphens, not starting or ending with a hyphen, without two \
                     hyphens in a row, and not starting with `d-`",
                    name.chars().take(80).collect::<String>()
                ),
            ));
        }
        let created = context.write(|state| {
            let data = &mut state.directory;
            if data.directories.len() >= MAX_DIRECTORIES {
                return Err(Failure::new(
                    "QuotaExceeded.Directory",
                    StatusCode::BAD_REQUEST,
                    format!(
                        "The emulator holds {MAX_DIRECTORIES} directories, its limit; \
                             delete one first."
                    ),
                ));
            }
            let id = loop {
                let id = ids::directory_id();
                if !data.directories.contains_key(&id)
                    && !data.deleted_directories.contains_key(&id)
                {
                    break id;
                }
            };
            let name = match &request.directory_name {
                Some(name) => {
                    if data
                        .directories
                        .iter()
                        .any(|(_, d)| &d.directory_name == name)
                    {
                        return Err(Failure::new(
                            "EntityAlreadyExists.DirectoryName",
                            StatusCode::CONFLICT,
                            format!(
                                "The directory name `{name}` is already in use; a \
                                     directory name must be globally unique."
                            ),
                        ));
                    }
                    name.clone()
                }
                None => directory::name_for(&id, |name| {
                    data.directories
                        .iter()
                        .any(|(_, d)| d.directory_name == name)
                }),
            };
            let directory = DirectoryState::new(name, context.region, context.now);
            let view = directory_view(&id, &directory);
            data.directories.insert(id, directory);
            Ok(view)
        })?;
        Ok(CreateDirectoryResponse::builder()
            .directory(created)
            .request_id(context.request_id())
            .build())
    }
}

/// `GetDirectory`: the directory's attributes.
impl Served for GetDirectory {
    fn serve(
        context: &Context<'_>,
        request: &GetDirectoryRequest,
    ) -> Result<GetDirectoryResponse, Failure> {
        let id = directory_of::<Self>(request.directory_id.as_ref())?;
        let view = with_directory(context, id, |state| directory_view(id, state))?;
        Ok(GetDirectoryResponse::builder()
            .directory(view)
            .request_id(context.request_id())
            .build())
    }
}

/// `ListDirectories`: every directory, oldest first (then by ID), and their number.
impl Served for ListDirectories {
    fn serve(
        context: &Context<'_>,
        _request: &ListDirectoriesRequest,
    ) -> Result<ListDirectoriesResponse, Failure> {
        let mut all: Vec<(String, Directory)> = context.read(|state| {
            state
                .directory
                .directories
                .iter()
                .map(|(id, state)| (state.create_time.clone(), directory_view(id, state)))
                .collect()
        });
        all.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| a.1.directory_id.cmp(&b.1.directory_id))
        });
        let total = i64::try_from(all.len()).unwrap_or(i64::MAX);
        Ok(ListDirectoriesResponse::builder()
            .directories(all.into_iter().map(|(_, view)| view))
            .total_counts(total)
            .request_id(context.request_id())
            .build())
    }
}

/// `DeleteDirectory`: the directory and everything kept for it are gone; a configured one
/// is not created again at the next start with the same state file.
impl Served for DeleteDirectory {
    fn serve(
        context: &Context<'_>,
        request: &DeleteDirectoryRequest,
    ) -> Result<DeleteDirectoryResponse, Failure> {
        let id = directory_of::<Self>(request.directory_id.as_ref())?;
        let configured = context.settings.configured_directories.contains(id);
        context.write(|state| {
            if state.directory.directories.remove(id).is_none() {
                return Err(directory_not_found(id));
            }
            if let Some(code) = state.access.directory_has_dependents(id, context.now) {
                return Err(Failure::new(
                    code,
                    StatusCode::CONFLICT,
                    format!(
                        "Directory `{id}` cannot be deleted: its access configurations, \
                         assignments, user provisionings or running tasks must go first ({code})."
                    ),
                ));
            }
            state.access.remove_directory(id);
            if configured {
                state
                    .directory
                    .deleted_directories
                    .insert(id.to_owned(), DeletedDirectory {});
            }
            state
                .identity
                .user_mfa_settings
                .remove_prefix(&format!("{id}/"));
            Ok(())
        })?;
        Ok(DeleteDirectoryResponse::builder()
            .request_id(context.request_id())
            .build())
    }
}

/// `SetMFAAuthenticationStatus`: `Enabled` or `Disabled` becomes the directory's
/// `MfaAuthenticationAdvanceSettings`. Without `MFAAuthenticationStatus` (it is optional)
/// nothing changes.
impl Served for SetMfaAuthenticationStatus {
    fn serve(
        context: &Context<'_>,
        request: &SetMfaAuthenticationStatusRequest,
    ) -> Result<SetMfaAuthenticationStatusResponse, Failure> {
        // The codec already answered `InvalidMFAAuthenticationStatus` for any other value
        // (documented values are checked on decode), and both values are settings too.
        let setting = request
            .mfa_authentication_status
            .as_ref()
            .map(|status| MfaAuthenticationAdvanceSettings::from(status.as_str()));
        change_directory(context, request.directory_id.as_str(), |state| {
            if let Some(setting) = setting {
                state.mfa_authentication_advance_settings = setting;
            }
            Ok(())
        })?;
        Ok(SetMfaAuthenticationStatusResponse::builder()
            .request_id(context.request_id())
            .build())
    }
}

/// The setting as `GetMFAAuthenticationSettingInfo` reports it: `OperationForRiskLogin`
/// only for `Byuser` and `OnlyRiskyLogin`, `AllowedVerificationTypes` once set.
fn setting_info(state: &DirectoryState) -> MfaAuthenticationSettingInfo {
    let mut info = MfaAuthenticationSettingInfo::builder()
        .mfa_authentication_advance_settings(state.mfa_authentication_advance_settings.clone());
    if state.reports_risk_login() {
        info = info.operation_for_risk_login(state.operation_for_risk_login.clone());
    }
    if let Some(types) = &state.allowed_verification_types {
        info = info.allowed_verification_types(types.iter().cloned());
    }
    info.build()
}

/// `GetMFAAuthenticationSettingInfo`: the directory's setting.
impl Served for GetMfaAuthenticationSettingInfo {
    fn serve(
        context: &Context<'_>,
        request: &GetMfaAuthenticationSettingInfoRequest,
    ) -> Result<GetMfaAuthenticationSettingInfoResponse, Failure> {
        let info = with_directory(context, request.directory_id.as_str(), setting_info)?;
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
        let id = directory_of::<Self>(request.directory_id.as_ref())?;
        let status = with_directory(context, id, |state| {
            match state.mfa_authentication_advance_settings {
                MfaAuthenticationAdvanceSettings::Disabled => MfaAuthenticationStatus::Disabled,
                _ => MfaAuthenticationStatus::Enabled,
            }
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
        let id = directory_of::<Self>(request.directory_id.as_ref())?;
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
                return Err(invalid(
                    "AllowedVerificationTypes",
                    format!(
                        "parameter AllowedVerificationTypes is {}; expected a JSON list of 1 to \
                         {MAX_VERIFICATION_TYPES} non-empty names such as [\"TOTP\",\"WebAuthn\"]",
                        serde_json::to_string(types).unwrap_or_default()
                    ),
                ));
            }
        }
        change_directory(context, id, |state| {
            if let Some(setting) = setting {
                state.mfa_authentication_advance_settings = setting;
            }
            if let Some(operation) = &request.operation_for_risk_login {
                state.operation_for_risk_login = operation.clone();
            }
            if let Some(types) = &request.allowed_verification_types {
                let mut unique: Vec<String> = Vec::with_capacity(types.len());
                for t in types {
                    if !unique.contains(t) {
                        unique.push(t.clone());
                    }
                }
                state.allowed_verification_types = Some(unique);
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
        let id = directory_of::<Self>(request.directory_id.as_ref())?;
        let setting = with_directory(context, id, |state| {
            GetMfaAuthenticationSettingsMfaAuthenticationAdvanceSettings::from(
                state.mfa_authentication_advance_settings.as_str(),
            )
        })?;
        Ok(GetMfaAuthenticationSettingsResponse::builder()
            .mfa_authentication_advance_settings(setting)
            .request_id(context.request_id())
            .build())
    }
}

/// `GetUserMFAAuthenticationSettings`: the user's own setting, or `EntityNotExists.User`
/// for a user no `UpdateUserMFAAuthenticationSettings` has named.
impl Served for GetUserMfaAuthenticationSettings {
    fn serve(
        context: &Context<'_>,
        request: &GetUserMfaAuthenticationSettingsRequest,
    ) -> Result<GetUserMfaAuthenticationSettingsResponse, Failure> {
        let id = directory_of::<Self>(request.directory_id.as_ref())?;
        let user = user_of::<Self>(request.user_id.as_ref())?;
        let key = format!("{id}/{user}");
        let setting = context
            .read(|state| {
                state.directory.directories.get(id)?;
                Some(
                    state
                        .identity
                        .user_mfa_settings
                        .get(&key)
                        .map(|row| row.setting.clone()),
                )
            })
            .ok_or_else(|| directory_not_found(id))?
            .ok_or_else(|| user_not_found(id, user))?;
        Ok(GetUserMfaAuthenticationSettingsResponse::builder()
            .request_id(context.request_id())
            .user_mfa_authentication_settings(setting)
            .build())
    }
}

/// `UpdateUserMFAAuthenticationSettings`: sets the user's own setting (`Enabled` or
/// `Disabled`, required). Any user ID is accepted: the emulator does not create users, it
/// keeps the setting of every user it is told about.
impl Served for UpdateUserMfaAuthenticationSettings {
    fn serve(
        context: &Context<'_>,
        request: &UpdateUserMfaAuthenticationSettingsRequest,
    ) -> Result<UpdateUserMfaAuthenticationSettingsResponse, Failure> {
        let id = directory_of::<Self>(request.directory_id.as_ref())?;
        let user = user_of::<Self>(request.user_id.as_ref())?;
        let setting = match &request.user_mfa_authentication_settings {
            None => {
                return Err(missing(
                    Self::DESCRIPTION.action,
                    "UserMFAAuthenticationSettings",
                ));
            }
            // Any value but `Enabled` and `Disabled` was refused on decode.
            Some(setting) => setting.clone(),
        };
        let key = format!("{id}/{user}");
        context.write(|state| {
            if !state.directory.directories.contains_key(id) {
                return Err(directory_not_found(id));
            }
            let users = &mut state.identity.user_mfa_settings;
            if !users.contains_key(&key)
                && users.prefix(&format!("{id}/")).count() >= MAX_USERS_PER_DIRECTORY
            {
                return Err(Failure::new(
                    "QuotaExceeded.User",
                    StatusCode::BAD_REQUEST,
                    format!(
                        "Directory `{id}` holds the MFA setting of {MAX_USERS_PER_DIRECTORY} \
                         users, the emulator's limit."
                    ),
                ));
            }
            users.insert(key, UserMfaSetting { setting });
            Ok(())
        })?;
        Ok(UpdateUserMfaAuthenticationSettingsResponse::builder()
            .request_id(context.request_id())
            .build())
    }
}
