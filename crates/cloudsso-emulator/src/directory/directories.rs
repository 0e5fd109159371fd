//! Directories: create, list, read, rename, delete (refused while anything depends on the
//! directory), and statistics with quotas.

use std::time::SystemTime;

use cloudsso_model::{
    CreateDirectory, CreateDirectoryRequest, CreateDirectoryResponse, DeleteDirectory,
    DeleteDirectoryRequest, DeleteDirectoryResponse, Directory, DirectoryStatistics, GetDirectory,
    GetDirectoryRequest, GetDirectoryResponse, GetDirectoryStatistics,
    GetDirectoryStatisticsRequest, GetDirectoryStatisticsResponse, ListDirectories,
    ListDirectoriesRequest, ListDirectoriesResponse, MfaAuthenticationAdvanceSettings,
    OperationForRiskLogin, ScimSynchronizationStatus, SourceIdentityPassing, UpdateDirectory,
    UpdateDirectoryRequest, UpdateDirectoryResponse,
};
use http::StatusCode;

use super::{
    DeletedDirectory, DirectoryRow, PasswordPolicyRow, SamlIdentityProviderRow, Tables, prefix,
    quotas, service_status,
};
use crate::error::Failure;
use crate::params;
use crate::service::{Context, Served};
use crate::state::{AccountState, timestamp};

/// The most directories one account holds, whatever the directory quota says (the service
/// allows one per management account; `directory_quota` may allow more so that tests can
/// work side by side).
pub(crate) const MAX_DIRECTORIES: usize = 1000;

/// Whether `name` follows the documented rules of `DirectoryName`: 2 to 64 characters,
/// lower-case letters, digits and hyphens, no hyphen first or last, no two hyphens in a
/// row, not starting with `d-`.
pub(crate) fn is_valid_directory_name(name: &str) -> bool {
    (2..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !name.starts_with('-')
        && !name.ends_with('-')
        && !name.contains("--")
        && !name.starts_with("d-")
}

/// A valid name made from directory ID `id` (`d-00fc2p61****` -> `00fc2p61`), not `taken`.
pub(crate) fn name_for(id: &str, taken: impl Fn(&str) -> bool) -> String {
    let rest = id.strip_prefix("d-").unwrap_or(id).to_ascii_lowercase();
    let mut base = String::new();
    for c in rest.chars() {
        let c = if c.is_ascii_lowercase() || c.is_ascii_digit() {
            c
        } else {
            '-'
        };
        if !(c == '-' && (base.is_empty() || base.ends_with('-'))) {
            base.push(c);
        }
        if base.len() >= 48 {
            break;
        }
    }
    let mut base = base.trim_end_matches('-').to_owned();
    if !is_valid_directory_name(&base) {
        base = format!("directory-{base}").trim_end_matches('-').to_owned();
    }
    if !taken(&base) {
        return base;
    }
    (2_u32..)
        .map(|n| format!("{base}-{n}"))
        .find(|name| !taken(name))
        .unwrap_or(base)
}

/// `InvalidDirectoryName` (or `InvalidNewDirectoryName`) for `name`.
fn invalid_name(parameter: &str, name: &str) -> Failure {
    params::invalid(
        parameter,
        name,
        "2 to 64 lower-case letters, digits and hyphens, not starting or ending with a hyphen, \
         without two hyphens in a row, and not starting with `d-`",
    )
}

/// `EntityAlreadyExists.DirectoryName` (409).
fn name_taken(name: &str) -> Failure {
    Failure::new(
        "EntityAlreadyExists.DirectoryName",
        StatusCode::CONFLICT,
        format!(
            "The directory name `{name}` is already in use; a directory name must be unique \
             across all accounts."
        ),
    )
}

/// Whether another account's directory is named `name` (names are globally unique). Call
/// with `Store::lock_across_accounts` held until the write it decides.
fn taken_by_another_account(context: &Context<'_>, name: &str) -> bool {
    context.any_other_account(|state| {
        state
            .directory
            .directories
            .iter()
            .any(|(_, d)| d.directory_name == name)
    })
}

/// `QuotaExceeded.Directory` (409): the account holds its quota of directories.
fn directory_quota_exceeded(quota: u64) -> Failure {
    Failure::new(
        "QuotaExceeded.Directory",
        StatusCode::CONFLICT,
        format!(
            "The account already holds {quota} directory(ies), its quota: the service allows one \
             directory per management account (delete it first, or raise the emulator's \
             directory quota)."
        ),
    )
}

/// A new directory row named `name` in `region`, created at `now`, with every setting at
/// its default.
pub(crate) fn new_row(name: String, region: &str, now: SystemTime) -> DirectoryRow {
    let time = timestamp(now);
    DirectoryRow {
        directory_name: name,
        region: region.to_owned(),
        create_time: time.clone(),
        update_time: time,
        // The documented sample setting (GO example of GetMFAAuthenticationSettingInfo).
        mfa_authentication_advance_settings: MfaAuthenticationAdvanceSettings::OnlyRiskyLogin,
        operation_for_risk_login: OperationForRiskLogin::EnforceVerify,
        allowed_verification_types: None,
        allow_user_to_get_credentials: false,
        login_network_masks: String::new(),
        password_policy: PasswordPolicyRow::default(),
        source_identity_passing: SourceIdentityPassing::Disabled,
        scim_synchronization_status: ScimSynchronizationStatus::Disabled,
        saml_identity_provider: SamlIdentityProviderRow::default(),
        saml_service_provider_id: crate::ids::uuid(),
        user_count: 0,
        group_count: 0,
    }
}

/// Creates a directory in `state`: with ID `id` when given (a configured or seeded
/// directory) or a fresh `d-` ID, named `name` when given (checked and unique) or after its
/// ID. Returns the ID. Used by `CreateDirectory`, the configured directories and the seed.
pub(crate) fn create_directory(
    state: &mut AccountState,
    id: Option<&str>,
    name: Option<&str>,
    region: &str,
    now: SystemTime,
) -> Result<String, Failure> {
    let tables = &mut state.directory;
    if tables.directories.len() >= MAX_DIRECTORIES {
        return Err(Failure::new(
            "QuotaExceeded.Directory",
            StatusCode::CONFLICT,
            format!(
                "The account holds {MAX_DIRECTORIES} directories, the emulator's limit; delete one first."
            ),
        ));
    }
    let id = match id {
        Some(id) => {
            if tables.directories.contains_key(id) {
                return Err(Failure::new(
                    "EntityAlreadyExists.Directory",
                    StatusCode::CONFLICT,
                    format!("The directory `{id}` already exists."),
                ));
            }
            id.to_owned()
        }
        None => loop {
            let id = crate::ids::directory_id();
            if !tables.directories.contains_key(&id)
                && !tables.deleted_directories.contains_key(&id)
            {
                break id;
            }
        },
    };
    let taken = |tables: &Tables, name: &str| {
        tables
            .directories
            .iter()
            .any(|(_, d)| d.directory_name == name)
    };
    let name = match name {
        Some(name) => {
            if !is_valid_directory_name(name) {
                return Err(invalid_name("DirectoryName", name));
            }
            if taken(tables, name) {
                return Err(name_taken(name));
            }
            name.to_owned()
        }
        None => name_for(&id, |name| taken(tables, name)),
    };
    tables
        .directories
        .insert(id.clone(), new_row(name, region, now));
    Ok(id)
}

/// The directory as `GetDirectory` and friends report it.
pub(crate) fn view(id: &str, row: &DirectoryRow) -> Directory {
    Directory::builder()
        .directory_id(id)
        .directory_name(row.directory_name.clone())
        .region(row.region.clone())
        .create_time(row.create_time.clone())
        .update_time(row.update_time.clone())
        .build()
}

/// `CreateDirectory`: a new directory with a fresh `d-` ID, the name asked for (checked
/// against the documented rules and unique across all accounts) or one made from the ID,
/// the emulator's region, and every setting at its default. Refused while the service is
/// disabled (`OperationConflict.Service.Disabled`) and when the account holds its quota of
/// directories (one, as the service allows per management account: `QuotaExceeded.Directory`).
impl Served for CreateDirectory {
    fn serve(
        context: &Context<'_>,
        request: &CreateDirectoryRequest,
    ) -> Result<CreateDirectoryResponse, Failure> {
        if let Some(name) = &request.directory_name
            && !is_valid_directory_name(name)
        {
            return Err(invalid_name("DirectoryName", name));
        }
        let quota = context.settings.directory_quota;
        let _names = context.store.lock_across_accounts();
        if let Some(name) = &request.directory_name
            && taken_by_another_account(context, name)
        {
            return Err(name_taken(name));
        }
        let directory = context.write(|state| {
            service_status::require_enabled(&state.directory)?;
            if u64::try_from(state.directory.directories.len()).unwrap_or(u64::MAX) >= quota {
                return Err(directory_quota_exceeded(quota));
            }
            let id = create_directory(
                state,
                None,
                request.directory_name.as_deref(),
                context.region,
                context.now,
            )?;
            let row = state.directory.require(&id)?;
            Ok(view(&id, row))
        })?;
        Ok(CreateDirectoryResponse::builder()
            .directory(directory)
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
        let id = params::directory::<Self>(&request.directory_id)?;
        let directory =
            context.read(|state| state.directory.require(id).map(|row| view(id, row)))?;
        Ok(GetDirectoryResponse::builder()
            .directory(directory)
            .request_id(context.request_id())
            .build())
    }
}

/// `ListDirectories`: every directory of the account, oldest first (then by ID), and their
/// number (not paginated).
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
                .map(|(id, row)| (row.create_time.clone(), view(id, row)))
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

/// `UpdateDirectory`: renames the directory (`NewDirectoryName`, the rules of
/// `DirectoryName`, or the directory's own ID; unique across all accounts); `UpdateTime`
/// moves.
impl Served for UpdateDirectory {
    fn serve(
        context: &Context<'_>,
        request: &UpdateDirectoryRequest,
    ) -> Result<UpdateDirectoryResponse, Failure> {
        let id = params::directory::<Self>(&request.directory_id)?;
        let name = params::required_text::<Self>("NewDirectoryName", &request.new_directory_name)?;
        if !is_valid_directory_name(name) && name != id {
            return Err(invalid_name("NewDirectoryName", name));
        }
        let now = timestamp(context.now);
        let _names = context.store.lock_across_accounts();
        if taken_by_another_account(context, name) {
            return Err(name_taken(name));
        }
        let directory = context.write(|state| {
            let tables = &mut state.directory;
            tables.require(id)?;
            if tables
                .directories
                .iter()
                .any(|(other, d)| other != id && d.directory_name == name)
            {
                return Err(name_taken(name));
            }
            let row = tables.require_mut(id)?;
            if row.directory_name != name {
                name.clone_into(&mut row.directory_name);
                row.update_time = now;
            }
            Ok(view(id, row))
        })?;
        Ok(UpdateDirectoryResponse::builder()
            .directory(directory)
            .request_id(context.request_id())
            .build())
    }
}

/// What depends on a directory and keeps it from being deleted, in the order checked: the
/// access family's (running tasks, assignments, access configurations, user
/// provisionings), then users, groups, SCIM credentials, the SAML IdP configuration.
fn deletion_conflict(state: &AccountState, id: &str, now: SystemTime) -> Option<Failure> {
    let conflict = |code: &'static str, what: &str| {
        Failure::new(
            code,
            StatusCode::CONFLICT,
            format!("The directory `{id}` cannot be deleted: {what}."),
        )
    };
    if let Some(code) = state.access.directory_has_dependents(id, now) {
        let what = match code {
            "DeletionConflict.Directory.Task" => {
                "tasks are still running (GetTaskStatus until they end)"
            }
            "DeletionConflict.Directory.AccessAssignment" => {
                "access assignments remain (DeleteAccessAssignment)"
            }
            "DeletionConflict.Directory.AccessConfiguration" => {
                "access configurations remain (DeleteAccessConfiguration)"
            }
            _ => "user provisionings remain (DeleteUserProvisioning)",
        };
        return Some(conflict(code, what));
    }
    let row = state.directory.directories.get(id)?;
    let below = prefix(id);
    let conflicts: [(bool, &'static str, &str); 4] = [
        (
            row.user_count > 0,
            "DeletionConflict.Directory.User",
            "users remain (DeleteUser)",
        ),
        (
            row.group_count > 0,
            "DeletionConflict.Directory.Group",
            "groups remain (DeleteGroup)",
        ),
        (
            state
                .directory
                .scim_credentials
                .prefix(&below)
                .next()
                .is_some(),
            "DeletionConflict.Directory.SCIMCredential",
            "SCIM credentials remain (DeleteSCIMServerCredential)",
        ),
        (
            row.saml_identity_provider.is_configured()
                || state.directory.certificates.prefix(&below).next().is_some(),
            "DeletionConflict.Directory.SAMLIdentityProvider",
            "the external SAML identity provider is configured \
             (ClearExternalSAMLIdentityProvider)",
        ),
    ];
    conflicts
        .into_iter()
        .find(|(present, _, _)| *present)
        .map(|(_, code, what)| conflict(code, what))
}

/// `DeleteDirectory`: refused while anything depends on the directory (running tasks,
/// access assignments, access configurations, users, groups, SCIM credentials, the SAML
/// IdP configuration), with `DeletionConflict.Directory.<what>`; then the directory and its
/// settings are gone.
impl Served for DeleteDirectory {
    fn serve(
        context: &Context<'_>,
        request: &DeleteDirectoryRequest,
    ) -> Result<DeleteDirectoryResponse, Failure> {
        let id = params::directory::<Self>(&request.directory_id)?;
        let configured = super::is_configured(context, id);
        context.write(|state| {
            state.directory.require(id)?;
            if let Some(conflict) = deletion_conflict(state, id, context.now) {
                return Err(conflict);
            }
            state.directory.directories.remove(id);
            if configured {
                state
                    .directory
                    .deleted_directories
                    .insert(id.to_owned(), DeletedDirectory {});
            }
            super::remove_access_rows(state, id);
            Ok(())
        })?;
        Ok(DeleteDirectoryResponse::builder()
            .request_id(context.request_id())
            .build())
    }
}

/// `GetDirectoryStatistics`: the directory's counts, its quotas, and whether SSO logon and
/// SCIM synchronization are on.
impl Served for GetDirectoryStatistics {
    fn serve(
        context: &Context<'_>,
        request: &GetDirectoryStatisticsRequest,
    ) -> Result<GetDirectoryStatisticsResponse, Failure> {
        let id = params::directory::<Self>(&request.directory_id)?;
        let quotas = quotas(context);
        let statistics = context.read(|state| {
            let row = state.directory.require(id)?;
            let access = super::access_counts(state, id, context.now);
            let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
            let number = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
            #[allow(clippy::field_reassign_with_default)]
            let statistics = {
                let mut s = DirectoryStatistics::default();
                s.directory_id = Some(id.to_owned());
                s.directory_name = Some(row.directory_name.clone());
                s.region = Some(row.region.clone());
                s.user_count = Some(number(row.user_count));
                s.user_quota = Some(number(quotas.users));
                s.group_count = Some(number(row.group_count));
                s.group_quota = Some(number(quotas.groups));
                s.access_configuration_count = Some(count(access.configurations));
                s.access_configuration_quota = Some(number(quotas.access_configurations));
                s.access_assignment_count = Some(count(access.assignments));
                s.system_policy_per_access_configuration_quota =
                    Some(number(quotas.system_policies_per_access_configuration));
                s.inline_policy_per_access_configuration_quota =
                    Some(number(quotas.inline_policies_per_access_configuration));
                s.scim_server_credential_count = Some(count(
                    state.directory.scim_credentials.prefix(&prefix(id)).count(),
                ));
                s.in_progress_task_count = Some(count(access.in_progress_tasks));
                s.sso_enabled = Some(state.directory.sso_enabled(id));
                s.scim_sync_enabled = Some(state.directory.scim_sync_enabled(id));
                s
            };
            Ok::<_, Failure>(statistics)
        })?;
        Ok(GetDirectoryStatisticsResponse::builder()
            .directory_statistics(statistics)
            .request_id(context.request_id())
            .build())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_documented_rules() {
        for good in ["ab", "my-directory", "a1-b2-c3", &"a".repeat(64)] {
            assert!(is_valid_directory_name(good), "{good}");
        }
        for bad in [
            "a",
            "-ab",
            "ab-",
            "a--b",
            "d-abc",
            "Abc",
            "a_b",
            &"a".repeat(65),
        ] {
            assert!(!is_valid_directory_name(bad), "{bad}");
        }
        assert_eq!(name_for("d-00fc2p61****", |_| false), "00fc2p61");
        assert_eq!(
            name_for("d-00fc2p61****", |n| n == "00fc2p61"),
            "00fc2p61-2"
        );
        assert_eq!(name_for("d-x", |_| false), "directory-x");
    }
}
