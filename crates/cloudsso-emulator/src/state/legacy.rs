//! The JSON state files of earlier versions (1: each directory's MFA setting; 2: the
//! directories with their attributes and users' MFA settings), read once to be imported
//! into the database, never written.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use cloudsso_model::{
    CreateUserStatus, MfaAuthenticationAdvanceSettings, OperationForRiskLogin, ProvisionType,
    UserMfaAuthenticationSettings,
};
use serde::Deserialize;
use serde::de::IgnoredAny;

use super::AccountState;
use crate::directory::{DeletedDirectory, name_for, new_row};
use crate::error::StateError;
use crate::identity::UserRow;

/// The `format` field every JSON state file carries.
const JSON_FORMAT: &str = "cloudsso-emulator-state";

/// A JSON state file as read.
#[derive(Debug)]
pub(crate) struct LegacyState {
    /// The file.
    pub(crate) path: PathBuf,
    /// The version it was written as.
    version: u32,
    directories: BTreeMap<String, LegacyDirectory>,
    deleted: BTreeSet<String>,
}

/// A directory of a version 2 file (version 1 has only the two settings).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LegacyDirectory {
    #[serde(rename = "DirectoryName", default)]
    directory_name: String,
    #[serde(rename = "Region", default)]
    region: String,
    #[serde(rename = "CreateTime", default)]
    create_time: String,
    #[serde(rename = "UpdateTime", default)]
    update_time: String,
    #[serde(rename = "MfaAuthenticationAdvanceSettings")]
    mfa_authentication_advance_settings: MfaAuthenticationAdvanceSettings,
    #[serde(rename = "OperationForRiskLogin")]
    operation_for_risk_login: OperationForRiskLogin,
    #[serde(rename = "AllowedVerificationTypes", default)]
    allowed_verification_types: Option<Vec<String>>,
    #[serde(rename = "Users", default)]
    users: BTreeMap<String, UserMfaAuthenticationSettings>,
}

/// A version 2 file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StateFile {
    /// Checked by [`Header`]; named so that `deny_unknown_fields` accepts it.
    #[serde(rename = "format")]
    _format: IgnoredAny,
    /// Checked by [`Header`].
    #[serde(rename = "version")]
    _version: IgnoredAny,
    directories: BTreeMap<String, LegacyDirectory>,
    #[serde(default)]
    deleted: BTreeSet<String>,
}

/// A version 1 file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StateFileV1 {
    /// Checked by [`Header`].
    #[serde(rename = "format")]
    _format: IgnoredAny,
    /// Checked by [`Header`].
    #[serde(rename = "version")]
    _version: IgnoredAny,
    directories: BTreeMap<String, DirectoryV1>,
}

/// A directory of a version 1 file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DirectoryV1 {
    #[serde(rename = "MfaAuthenticationAdvanceSettings")]
    mfa_authentication_advance_settings: MfaAuthenticationAdvanceSettings,
    #[serde(rename = "OperationForRiskLogin")]
    operation_for_risk_login: OperationForRiskLogin,
}

/// The first fields of any JSON state file.
#[derive(Debug, Deserialize)]
struct Header {
    format: String,
    version: u32,
}

/// Reads a JSON state file of version 1 or 2; anything else is refused as corrupt.
pub(crate) fn read(path: &Path) -> Result<LegacyState, StateError> {
    let bytes = std::fs::read(path).map_err(|source| StateError::Read {
        path: path.to_owned(),
        source,
    })?;
    let corrupt = |reason: String| StateError::Corrupt {
        path: path.to_owned(),
        reason: format!("as a JSON state file: {reason}"),
    };
    let header: Header = serde_json::from_slice(&bytes).map_err(|e| corrupt(e.to_string()))?;
    if header.format != JSON_FORMAT {
        return Err(corrupt(format!(
            "format is `{}`; expected `{JSON_FORMAT}`",
            header.format
        )));
    }
    let (directories, deleted) = match header.version {
        1 => {
            let file: StateFileV1 =
                serde_json::from_slice(&bytes).map_err(|e| corrupt(e.to_string()))?;
            let directories = file
                .directories
                .into_iter()
                .map(|(id, old)| {
                    let directory = LegacyDirectory {
                        directory_name: String::new(),
                        region: String::new(),
                        create_time: String::new(),
                        update_time: String::new(),
                        mfa_authentication_advance_settings: old
                            .mfa_authentication_advance_settings,
                        operation_for_risk_login: old.operation_for_risk_login,
                        allowed_verification_types: None,
                        users: BTreeMap::new(),
                    };
                    (id, directory)
                })
                .collect();
            (directories, BTreeSet::new())
        }
        2 => {
            let file: StateFile =
                serde_json::from_slice(&bytes).map_err(|e| corrupt(e.to_string()))?;
            (file.directories, file.deleted)
        }
        other => {
            return Err(corrupt(format!("version is {other}; expected 1 or 2")));
        }
    };
    if let Some(empty) = directories.keys().find(|id| id.is_empty()) {
        return Err(corrupt(format!(
            "directory ID `{empty}` is empty; expected a non-empty ID"
        )));
    }
    Ok(LegacyState {
        path: path.to_owned(),
        version: header.version,
        directories,
        deleted,
    })
}

/// Puts the file's directories, users' MFA settings and deleted directories into `state`;
/// a version 1 directory gets a name made from its ID, `region` and `now`. The old files
/// knew users only by the MFA setting given to their ID: each becomes a `Manual` user named
/// after its ID (so that nothing acknowledged is lost), with that setting.
pub(crate) fn import(
    legacy: &LegacyState,
    state: &mut AccountState,
    region: &str,
    now: SystemTime,
) {
    let time = crate::state::timestamp(now);
    for (id, old) in &legacy.directories {
        let mut directory = if old.directory_name.is_empty() {
            let tables = &state.directory;
            let name = name_for(id, |name| {
                tables
                    .directories
                    .iter()
                    .any(|(_, d)| d.directory_name == name)
            });
            new_row(name, region, now)
        } else {
            let mut row = new_row(old.directory_name.clone(), &old.region, now);
            row.create_time.clone_from(&old.create_time);
            row.update_time.clone_from(&old.update_time);
            row
        };
        directory.mfa_authentication_advance_settings =
            old.mfa_authentication_advance_settings.clone();
        directory.operation_for_risk_login = old.operation_for_risk_login.clone();
        directory.allowed_verification_types = old.allowed_verification_types.clone();
        directory.user_count = u64::try_from(old.users.len()).unwrap_or(u64::MAX);
        state.directory.directories.insert(id.clone(), directory);
        for (user, setting) in &old.users {
            state.identity.users.insert(
                format!("{id}/{user}"),
                UserRow {
                    user_name: user.clone(),
                    display_name: None,
                    first_name: None,
                    last_name: None,
                    email: None,
                    description: None,
                    status: CreateUserStatus::Enabled,
                    provision_type: ProvisionType::Manual,
                    external_id: None,
                    tags: Vec::new(),
                    create_time: time.clone(),
                    update_time: time.clone(),
                    mfa_authentication_settings: setting.clone(),
                    password: None,
                },
            );
        }
    }
    for id in &legacy.deleted {
        state
            .directory
            .deleted_directories
            .insert(id.clone(), DeletedDirectory {});
    }
    crate::identity::seed::rebuild_derived(state);
    tracing::info!(path = %legacy.path.display(), version = legacy.version, directories = legacy.directories.len(), "importing a JSON state file");
}
