//! Users: create, list (filters and pages), read, find by external ID, update, enable or
//! disable, delete, and password reset.

use cloudsso_model::{
    CreateUser, CreateUserRequest, CreateUserResponse, CreateUserStatus, CreateUserUser,
    DeleteUser, DeleteUserRequest, DeleteUserResponse, ExternalId, GetUser, GetUserId,
    GetUserIdRequest, GetUserIdResponse, GetUserRequest, GetUserResponse, ListUsers,
    ListUsersRequest, ListUsersResponse, ListUsersUser, NewStatus, PrincipalType, ProvisionType,
    ResetUserPassword, ResetUserPasswordRequest, ResetUserPasswordResponse, Tag, UpdateUser,
    UpdateUserRequest, UpdateUserResponse, UpdateUserStatus, UpdateUserStatusRequest,
    UpdateUserStatusResponse, UpdateUserUser, UserMfaAuthenticationSettings,
};
use http::StatusCode;

use super::password;
use super::{
    ExternalIdRow, PasswordRow, UserEmailRow, UserNameRow, UserRow, folded, scim_locked,
    user_not_found,
};
use crate::directory::{self, key, prefix};
use crate::error::Failure;
use crate::pagination::{PageRequest, UP_TO_100};
use crate::params;
use crate::service::{Context, Served};
use crate::state::{AccountState, timestamp};

/// The most tags of one user, and the longest key and value (not published; the common
/// Alibaba Cloud tag limits).
const MAX_TAGS: usize = 20;
const MAX_TAG_KEY: usize = 128;
const MAX_TAG_VALUE: usize = 128;

/// Whether `name` follows the documented rules of `UserName`: letters, digits and `@_-.`.
fn check_user_name(name: &str) -> Result<(), Failure> {
    if name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "@_-.".contains(c))
    {
        Ok(())
    } else {
        Err(params::invalid(
            "UserName",
            name,
            "1 to 64 letters, digits and the characters @ _ - .",
        ))
    }
}

/// Tags as given, checked: at most 20, keys non-empty and unique, lengths within 128.
fn checked_tags(tags: Option<&Vec<Tag>>) -> Result<Vec<Tag>, Failure> {
    let Some(tags) = tags else {
        return Ok(Vec::new());
    };
    if tags.len() > MAX_TAGS {
        return Err(params::invalid(
            "Tags",
            &format!("{} tags", tags.len()),
            &format!("at most {MAX_TAGS} tags"),
        ));
    }
    let mut seen: Vec<&str> = Vec::with_capacity(tags.len());
    for tag in tags {
        let key = tag.key.as_deref().unwrap_or_default();
        let value = tag.value.as_deref().unwrap_or_default();
        if key.is_empty() || key.chars().count() > MAX_TAG_KEY || seen.contains(&key) {
            return Err(params::invalid(
                "Tags",
                key,
                &format!("unique, non-empty tag keys of at most {MAX_TAG_KEY} characters"),
            ));
        }
        if value.chars().count() > MAX_TAG_VALUE {
            return Err(params::invalid(
                "Tags",
                value,
                &format!("tag values of at most {MAX_TAG_VALUE} characters"),
            ));
        }
        seen.push(key);
    }
    Ok(tags.clone())
}

/// `EntityAlreadyExists.UserName` (409).
fn user_name_taken(name: &str) -> Failure {
    Failure::new(
        "EntityAlreadyExists.UserName",
        StatusCode::CONFLICT,
        format!(
            "The user name `{name}` is already in use in this directory (user names are \
             unique regardless of case)."
        ),
    )
}

/// `EntityAlreadyExists.Email` (409).
fn email_taken(email: &str) -> Failure {
    Failure::new(
        "EntityAlreadyExists.Email",
        StatusCode::CONFLICT,
        format!(
            "The email address `{email}` is already used by another user of this directory \
             (email addresses are unique regardless of case)."
        ),
    )
}

/// `QuotaExceeded.User` (409).
fn user_quota_exceeded(directory: &str, quota: u64) -> Failure {
    Failure::new(
        "QuotaExceeded.User",
        StatusCode::CONFLICT,
        format!(
            "Directory `{directory}` holds {quota} users, its quota (UserQuota of \
             GetDirectoryStatistics); delete a user first."
        ),
    )
}

/// Inserts `row` as user `id` of `directory`: the name and email must be free and the
/// quota not reached. Used by `CreateUser` and the seed.
pub(crate) fn insert_user(
    state: &mut AccountState,
    directory: &str,
    id: String,
    row: UserRow,
    quota: u64,
) -> Result<(), Failure> {
    let dir = state.directory.require_mut(directory)?;
    if dir.user_count >= quota {
        return Err(user_quota_exceeded(directory, quota));
    }
    let identity = &mut state.identity;
    let name_key = key(directory, &folded(&row.user_name));
    if identity.user_names.contains_key(&name_key) {
        return Err(user_name_taken(&row.user_name));
    }
    if let Some(email) = &row.email {
        let email_key = key(directory, &folded(email));
        if identity.user_emails.contains_key(&email_key) {
            return Err(email_taken(email));
        }
        identity
            .user_emails
            .insert(email_key, UserEmailRow { id: id.clone() });
    }
    identity
        .user_names
        .insert(name_key, UserNameRow { id: id.clone() });
    identity.users.insert(key(directory, &id), row);
    dir.user_count += 1;
    Ok(())
}

/// A fresh user ID not in use in `directory`.
pub(crate) fn new_user_id(state: &AccountState, directory: &str) -> String {
    loop {
        let id = crate::ids::resource_id("u-");
        if !state.identity.users.contains_key(&key(directory, &id)) {
            return id;
        }
    }
}

/// The user as `GetUser` and `ListUsers` report it.
#[allow(clippy::field_reassign_with_default)]
fn list_view(id: &str, row: &UserRow) -> ListUsersUser {
    let mut view = ListUsersUser::default();
    view.user_id = Some(id.to_owned());
    view.user_name = Some(row.user_name.clone());
    view.display_name = row.display_name.clone();
    view.first_name = row.first_name.clone();
    view.last_name = row.last_name.clone();
    view.email = row.email.clone();
    view.description = row.description.clone();
    view.status = Some(row.status.clone());
    view.provision_type = Some(row.provision_type.clone());
    view.external_id = row.external_id.as_ref().map(|e| {
        let mut external = ExternalId::default();
        external.id = Some(e.id.clone());
        external.issuer = Some(e.issuer.clone());
        external
    });
    view.tags = (!row.tags.is_empty()).then(|| row.tags.clone());
    view.create_time = Some(row.create_time.clone());
    view.update_time = Some(row.update_time.clone());
    view
}

/// The user as `CreateUser` reports it.
#[allow(clippy::field_reassign_with_default)]
fn create_view(id: &str, row: &UserRow) -> CreateUserUser {
    let mut view = CreateUserUser::default();
    view.user_id = Some(id.to_owned());
    view.user_name = Some(row.user_name.clone());
    view.display_name = row.display_name.clone();
    view.first_name = row.first_name.clone();
    view.last_name = row.last_name.clone();
    view.email = row.email.clone();
    view.description = row.description.clone();
    view.status = Some(row.status.clone());
    view.provision_type = Some(row.provision_type.clone());
    view.tags = (!row.tags.is_empty()).then(|| row.tags.clone());
    view.create_time = Some(row.create_time.clone());
    view.update_time = Some(row.update_time.clone());
    view
}

/// The user as `UpdateUser` reports it.
#[allow(clippy::field_reassign_with_default)]
fn update_view(id: &str, row: &UserRow) -> UpdateUserUser {
    let mut view = UpdateUserUser::default();
    view.user_id = Some(id.to_owned());
    view.user_name = Some(row.user_name.clone());
    view.display_name = row.display_name.clone();
    view.first_name = row.first_name.clone();
    view.last_name = row.last_name.clone();
    view.email = row.email.clone();
    view.description = row.description.clone();
    view.status = Some(row.status.clone());
    view.provision_type = Some(row.provision_type.clone());
    view.create_time = Some(row.create_time.clone());
    view.update_time = Some(row.update_time.clone());
    view
}

/// `CreateUser`: a `Manual` user, `Enabled` unless `Status` says otherwise, its MFA setting
/// `Enabled`; name and email unique in the directory (case-insensitive); within `UserQuota`.
impl Served for CreateUser {
    fn serve(
        context: &Context<'_>,
        request: &CreateUserRequest,
    ) -> Result<CreateUserResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let user_name = params::required_text::<Self>("UserName", &request.user_name)?;
        check_user_name(user_name)?;
        let email = params::text::<Self>("Email", &request.email)?;
        let now = timestamp(context.now);
        let row = UserRow {
            user_name: user_name.to_owned(),
            display_name: params::text::<Self>("DisplayName", &request.display_name)?
                .map(str::to_owned),
            first_name: params::text::<Self>("FirstName", &request.first_name)?.map(str::to_owned),
            last_name: params::text::<Self>("LastName", &request.last_name)?.map(str::to_owned),
            email: email.filter(|e| !e.is_empty()).map(str::to_owned),
            description: params::text::<Self>("Description", &request.description)?
                .map(str::to_owned),
            status: request.status.clone().unwrap_or(CreateUserStatus::Enabled),
            provision_type: ProvisionType::Manual,
            external_id: None,
            tags: checked_tags(request.tags.as_ref())?,
            create_time: now.clone(),
            update_time: now,
            mfa_authentication_settings: UserMfaAuthenticationSettings::Enabled,
            password: None,
        };
        let quota = directory::quotas(context).users;
        let user = context.write(|state| {
            let id = new_user_id(state, directory);
            let view = create_view(&id, &row);
            insert_user(state, directory, id, row, quota)?;
            Ok(view)
        })?;
        Ok(CreateUserResponse::builder()
            .user(user)
            .request_id(context.request_id())
            .build())
    }
}

/// A parsed `Filter` of a list: `<Attribute> eq|sw <Value>`, case-insensitive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NameFilter {
    starts_with: bool,
    value: String,
}

impl NameFilter {
    /// `filter` for `attribute` (`UserName`, `GroupName`), or `Invalid{Filter}`.
    pub(crate) fn parse(attribute: &str, filter: Option<&String>) -> Result<Option<Self>, Failure> {
        let Some(filter) = filter.filter(|f| !f.trim().is_empty()) else {
            return Ok(None);
        };
        let expected =
            format!("`{attribute} eq <value>` or `{attribute} sw <value>` (case-insensitive)");
        let mut parts = filter.trim().splitn(3, ' ');
        let (Some(name), Some(operator), Some(value)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(params::invalid("Filter", filter, &expected));
        };
        let starts_with = match operator.to_ascii_lowercase().as_str() {
            "eq" => false,
            "sw" => true,
            _ => return Err(params::invalid("Filter", filter, &expected)),
        };
        if !name.eq_ignore_ascii_case(attribute) {
            return Err(params::invalid("Filter", filter, &expected));
        }
        let value = value.trim().trim_matches('"');
        Ok(Some(Self {
            starts_with,
            value: folded(value),
        }))
    }

    /// Whether `name` passes.
    pub(crate) fn matches(&self, name: &str) -> bool {
        let name = folded(name);
        if self.starts_with {
            name.starts_with(&self.value)
        } else {
            name == self.value
        }
    }
}

/// `ListUsers`: the directory's users, oldest first, filtered by `Filter` (`UserName eq|sw`),
/// `Status`, `ProvisionType` and `Tags` (users carrying every tag given), in pages.
impl Served for ListUsers {
    fn serve(
        context: &Context<'_>,
        request: &ListUsersRequest,
    ) -> Result<ListUsersResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let filter = NameFilter::parse("UserName", request.filter.as_ref())?;
        let tags = request.tags.clone().unwrap_or_default();
        let scope = format!(
            "ListUsers\n{directory}\n{}\n{}\n{}\n{}",
            request.filter.as_deref().unwrap_or_default(),
            request.status.as_ref().map_or("", |s| s.as_str()),
            request.provision_type.as_ref().map_or("", |p| p.as_str()),
            serde_json::to_string(&tags).unwrap_or_default(),
        );
        let page = PageRequest::new(
            UP_TO_100,
            scope,
            request.max_results,
            request.next_token.as_deref(),
        )?;
        let page = context.read(|state| {
            state.directory.require(directory)?;
            let below = prefix(directory);
            let all = state
                .identity
                .users
                .prefix(&below)
                .filter(|(_, user)| {
                    filter.as_ref().is_none_or(|f| f.matches(&user.user_name))
                        && request.status.as_ref().is_none_or(|s| *s == user.status)
                        && request
                            .provision_type
                            .as_ref()
                            .is_none_or(|p| *p == user.provision_type)
                        && tags.iter().all(|tag| user.tags.contains(tag))
                })
                .map(|(key, user)| (key, list_view(directory::id_of(key), user)));
            Ok::<_, Failure>(page.page(all))
        })?;
        Ok(page.into_response(context.request_id()))
    }
}

/// `GetUser`: the user's attributes.
impl Served for GetUser {
    fn serve(context: &Context<'_>, request: &GetUserRequest) -> Result<GetUserResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let id = params::required_text::<Self>("UserId", &request.user_id)?;
        let user = context.read(|state| {
            state.directory.require(directory)?;
            state
                .identity
                .require_user(directory, id)
                .map(|row| list_view(id, row))
        })?;
        Ok(GetUserResponse::builder()
            .user(user)
            .request_id(context.request_id())
            .build())
    }
}

/// `GetUserId`: the ID of the user synchronized with `ExternalId` (`Id` and `Issuer` both
/// match exactly), or `EntityNotExists.User`.
impl Served for GetUserId {
    fn serve(
        context: &Context<'_>,
        request: &GetUserIdRequest,
    ) -> Result<GetUserIdResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let external = params::required::<Self, ExternalId>("ExternalId", &request.external_id)?;
        let wanted = ExternalIdRow {
            id: params::required_text::<Self>("ExternalId.Id", &external.id)
                .map_err(|_| params::missing::<Self>("ExternalId"))?
                .to_owned(),
            issuer: external.issuer.clone().unwrap_or_else(|| "SCIM".to_owned()),
        };
        let id = context.read(|state| {
            state.directory.require(directory)?;
            state
                .identity
                .users
                .prefix(&prefix(directory))
                .find(|(_, user)| user.external_id.as_ref() == Some(&wanted))
                .map(|(key, _)| directory::id_of(key).to_owned())
                .ok_or_else(|| {
                    Failure::new(
                        "EntityNotExists.User",
                        StatusCode::NOT_FOUND,
                        format!(
                            "No user of directory `{directory}` has the external ID `{}` \
                             issued by `{}`.",
                            params::quoted(&wanted.id),
                            params::quoted(&wanted.issuer)
                        ),
                    )
                })
        })?;
        Ok(GetUserIdResponse::builder()
            .user_id(id)
            .request_id(context.request_id())
            .build())
    }
}

/// `UpdateUser`: each `New*` parameter given replaces its attribute (an empty value clears
/// an optional one); `UserName` cannot change. Refused for a synchronized user while SCIM
/// synchronization is on.
impl Served for UpdateUser {
    fn serve(
        context: &Context<'_>,
        request: &UpdateUserRequest,
    ) -> Result<UpdateUserResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let id = params::required_text::<Self>("UserId", &request.user_id)?;
        let display_name = params::text::<Self>("NewDisplayName", &request.new_display_name)?;
        let first_name = params::text::<Self>("NewFirstName", &request.new_first_name)?;
        let last_name = params::text::<Self>("NewLastName", &request.new_last_name)?;
        let email = params::text::<Self>("NewEmail", &request.new_email)?;
        let description = params::text::<Self>("NewDescription", &request.new_description)?;
        let now = timestamp(context.now);
        let user = context.write(|state| {
            let locked = state.directory.scim_sync_enabled(directory);
            state.directory.require(directory)?;
            let identity = &mut state.identity;
            let user_key = key(directory, id);
            let old = identity
                .users
                .get(&user_key)
                .ok_or_else(|| user_not_found(directory, id))?;
            if old.is_locked(locked) {
                return Err(scim_locked("user", id));
            }
            let old_email = old.email.clone();
            if let Some(email) = email {
                let new_email = (!email.is_empty()).then(|| email.to_owned());
                if new_email.as_deref().map(folded) != old_email.as_deref().map(folded) {
                    if let Some(new) = &new_email {
                        let new_key = key(directory, &folded(new));
                        if identity.user_emails.contains_key(&new_key) {
                            return Err(email_taken(new));
                        }
                        identity
                            .user_emails
                            .insert(new_key, UserEmailRow { id: id.to_owned() });
                    }
                    if let Some(old) = &old_email {
                        identity.user_emails.remove(&key(directory, &folded(old)));
                    }
                }
            }
            let row = identity
                .users
                .get_mut(&user_key)
                .ok_or_else(|| user_not_found(directory, id))?;
            let set = |field: &mut Option<String>, value: Option<&str>| {
                if let Some(value) = value {
                    *field = (!value.is_empty()).then(|| value.to_owned());
                }
            };
            set(&mut row.display_name, display_name);
            set(&mut row.first_name, first_name);
            set(&mut row.last_name, last_name);
            set(&mut row.email, email);
            set(&mut row.description, description);
            row.update_time = now;
            Ok(update_view(id, row))
        })?;
        Ok(UpdateUserResponse::builder()
            .user(user)
            .request_id(context.request_id())
            .build())
    }
}

/// `UpdateUserStatus`: `Enabled` or `Disabled` (allowed under the SCIM lock, as
/// documented).
impl Served for UpdateUserStatus {
    fn serve(
        context: &Context<'_>,
        request: &UpdateUserStatusRequest,
    ) -> Result<UpdateUserStatusResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let id = params::required_text::<Self>("UserId", &request.user_id)?;
        let status = params::required::<Self, NewStatus>("NewStatus", &request.new_status)?;
        let status = CreateUserStatus::from(status.as_str());
        let now = timestamp(context.now);
        context.write(|state| {
            state.directory.require(directory)?;
            let row = state
                .identity
                .users
                .get_mut(&key(directory, id))
                .ok_or_else(|| user_not_found(directory, id))?;
            if row.status != status {
                row.status = status;
                row.update_time = now;
            }
            Ok(())
        })?;
        Ok(UpdateUserStatusResponse::builder()
            .request_id(context.request_id())
            .build())
    }
}

/// A `DeletionConflict.*` (409) naming what still depends on the resource.
pub(crate) fn deletion_conflict(code: &'static str, message: String) -> Failure {
    Failure::new(code, StatusCode::CONFLICT, message)
}

/// `DeleteUser`: refused while the user belongs to a group
/// (`DeletionConflict.User.Group`), has MFA devices (`DeletionConflict.User.MFADevice`) or
/// access assignments (`DeletionConflict.User.AccessAssigment`, sic), and for a
/// synchronized user under the SCIM lock.
impl Served for DeleteUser {
    fn serve(
        context: &Context<'_>,
        request: &DeleteUserRequest,
    ) -> Result<DeleteUserResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let id = params::required_text::<Self>("UserId", &request.user_id)?;
        context.write(|state| {
            let locked = state.directory.scim_sync_enabled(directory);
            state.directory.require(directory)?;
            let user_key = key(directory, id);
            let row = state.identity.require_user(directory, id)?;
            if row.is_locked(locked) {
                return Err(scim_locked("user", id));
            }
            let below = format!("{user_key}/");
            if !state.identity.groups_of(directory, id).is_empty() {
                return Err(deletion_conflict(
                    "DeletionConflict.User.Group",
                    format!(
                        "The user `{id}` still belongs to groups; remove it from every group \
                         (RemoveUserFromGroup) first."
                    ),
                ));
            }
            if state.identity.mfa_devices.prefix(&below).next().is_some() {
                return Err(deletion_conflict(
                    "DeletionConflict.User.MFADevice",
                    format!(
                        "The user `{id}` still has MFA devices; delete them \
                         (DeleteMFADeviceForUser) first."
                    ),
                ));
            }
            if super::has_access_assignments(state, directory, &PrincipalType::User, id) {
                return Err(deletion_conflict(
                    "DeletionConflict.User.AccessAssigment",
                    format!(
                        "The user `{id}` still has access assignments; delete them \
                         (DeleteAccessAssignment) first."
                    ),
                ));
            }
            if super::has_user_provisionings(state, directory, &PrincipalType::User, id) {
                return Err(deletion_conflict(
                    "DeletionConflict.User.UserProvisioning",
                    format!(
                        "The user `{id}` still has RAM user provisionings; delete them \
                         (DeleteUserProvisioning) first."
                    ),
                ));
            }
            remove_user(state, directory, id);
            Ok(())
        })?;
        Ok(DeleteUserResponse::builder()
            .request_id(context.request_id())
            .build())
    }
}

/// Removes user `id` of `directory` and its name and email entries.
fn remove_user(state: &mut AccountState, directory: &str, id: &str) {
    let identity = &mut state.identity;
    if let Some(row) = identity.users.remove(&key(directory, id)) {
        identity
            .user_names
            .remove(&key(directory, &folded(&row.user_name)));
        if let Some(email) = &row.email {
            identity.user_emails.remove(&key(directory, &folded(email)));
        }
        if let Ok(dir) = state.directory.require_mut(directory) {
            dir.user_count = dir.user_count.saturating_sub(1);
        }
    }
}

/// `ResetUserPassword`: sets the password given (checked against the directory's password
/// policy, including reuse of the last `PasswordReusePrevention` passwords) or, with
/// `GenerateRandomPassword=true`, a generated one returned as `NewPassword`. Refused while
/// SSO logon is on (the documented rule). The password is kept only as a salted hash.
impl Served for ResetUserPassword {
    fn serve(
        context: &Context<'_>,
        request: &ResetUserPasswordRequest,
    ) -> Result<ResetUserPasswordResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let id = params::required_text::<Self>("UserId", &request.user_id)?;
        let generate = request.generate_random_password.unwrap_or(false);
        if generate && request.password.is_some() {
            return Err(Failure::new(
                "InvalidPassword",
                StatusCode::BAD_REQUEST,
                "parameter Password must not be given with GenerateRandomPassword=true; expected \
                 either a password or GenerateRandomPassword=true",
            ));
        }
        if !generate && request.password.is_none() {
            return Err(params::missing::<Self>("Password"));
        }
        let require_reset = request
            .require_password_reset_for_next_login
            .unwrap_or(false);
        let now = timestamp(context.now);
        let generated = context.write(|state| {
            let policy = state.directory.require(directory)?.password_policy.clone();
            if state.directory.sso_enabled(directory) {
                return Err(Failure::new(
                    "OperationConflict.SSOEnabled",
                    StatusCode::CONFLICT,
                    format!(
                        "SSO logon is enabled in directory `{directory}`: users log on through \
                         the external identity provider and passwords cannot be reset."
                    ),
                ));
            }
            let row = state
                .identity
                .users
                .get_mut(&key(directory, id))
                .ok_or_else(|| user_not_found(directory, id))?;
            let history = PasswordRow::used(row.password.as_ref());
            let (password, generated) = match &request.password {
                Some(password) if !generate => (password.clone(), false),
                _ => (password::generate(&row.user_name, &policy), true),
            };
            if let Some(reason) = password::policy_violation(&password, &row.user_name, &policy) {
                return Err(Failure::new(
                    "InvalidPassword",
                    StatusCode::BAD_REQUEST,
                    format!("parameter Password breaks the password policy: {reason}"),
                ));
            }
            if password::reused(&password, &history, policy.password_reuse_prevention) {
                return Err(Failure::new(
                    "InvalidPassword",
                    StatusCode::BAD_REQUEST,
                    format!(
                        "parameter Password breaks the password policy: it is one of the last \
                         {} passwords of the user",
                        policy.password_reuse_prevention
                    ),
                ));
            }
            row.password = Some(PasswordRow::replacing(
                row.password.as_ref(),
                &password,
                now.clone(),
                require_reset,
            ));
            row.update_time = now;
            Ok(generated.then_some(password))
        })?;
        let mut response = ResetUserPasswordResponse::builder().request_id(context.request_id());
        if let Some(password) = generated {
            response = response.new_password(password);
        }
        Ok(response.build())
    }
}
