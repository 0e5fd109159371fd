//! The access family: access configurations (ACs) with their System and Inline policies,
//! their provisionings on member accounts, access assignments, the tasks of the four
//! asynchronous operations, and RAM user provisionings with their configuration,
//! statistics and events (service.md §1, §3, §4, §5, §7).
//!
//! | table | key | row |
//! | --- | --- | --- |
//! | `access_configurations` | `d-…/ac-…` | [`AccessConfigurationRow`] (policies inside) |
//! | `access_provisionings` | `d-…/ac-…/<account>` | [`ProvisioningRow`] |
//! | `access_assignments` | `d-…/ac-…/<account>/<User\|Group>/<principal>` | [`AssignmentRow`] |
//! | `access_tasks` | `d-…/t-…` | [`TaskRow`] |
//! | `user_provisionings` | `d-…/up-…` | [`UserProvisioningRow`] |
//! | `user_provisioning_configurations` | `d-…` | [`UserProvisioningConfigurationRow`] |
//! | `user_provisioning_events` | `d-…/upe-…` | [`UserProvisioningEventRow`] |
//! | `ram_users` | `<member account>/<RAM user name>` | [`RamUserRow`] (see [`ram_users`]) |
//!
//! IDs sort in creation order, so every list is in creation order and pages by key.
//!
//! Effects of the asynchronous operations are applied when the request is accepted (an
//! assignment is listed, a provisioning exists or is gone at once); the task reports
//! `InProgress` until the configured transition completes it, and while it is in progress
//! it holds back what would contradict it (see [`tasks`]).

use std::time::SystemTime;

use cloudsso_model::{PrincipalType, Tag};
use http::StatusCode;
use serde::{Deserialize, Serialize};

use crate::directory::AccessCounts;
use crate::error::Failure;

use crate::service::Context;
use crate::settings::TaskTransition;
use crate::state::{Row, Table, TableSet, TableVisitor};

mod assignments;
mod configurations;
mod ram_users;
mod tasks;
mod user_provisioning;

pub(crate) use crate::{ids, params};

/// The only `TargetType` the service knows: a member account of the resource directory.
pub(crate) const RD_ACCOUNT: &str = "RD-Account";
/// The most assignments, tasks, user provisionings and events the emulator keeps per
/// directory (memory stays bounded; finished tasks beyond it are dropped oldest first).
pub(crate) const MAX_ROWS_PER_DIRECTORY: usize = 100_000;

/// The access family's tables of one account.
#[derive(Debug, Default, Clone)]
pub(crate) struct Tables {
    /// The access configurations with their policies.
    pub(crate) access_configurations: Table<AccessConfigurationRow>,
    /// Where each AC is provisioned.
    pub(crate) provisionings: Table<ProvisioningRow>,
    /// Who may use which AC on which account.
    pub(crate) assignments: Table<AssignmentRow>,
    /// The tasks of Create/DeleteAccessAssignment and Provision/DeprovisionAccessConfiguration.
    pub(crate) tasks: Table<TaskRow>,
    /// RAM user provisionings.
    pub(crate) user_provisionings: Table<UserProvisioningRow>,
    /// Each directory's user provisioning configuration, once changed.
    pub(crate) user_provisioning_configurations: Table<UserProvisioningConfigurationRow>,
    /// Failed user provisioning events.
    pub(crate) user_provisioning_events: Table<UserProvisioningEventRow>,
    /// The RAM users of member accounts: those provisionings made, and those a seed lists.
    pub(crate) ram_users: Table<RamUserRow>,
}

impl TableSet for Tables {
    fn visit(&mut self, visitor: &mut dyn TableVisitor) {
        visitor.table(&mut self.access_configurations);
        visitor.table(&mut self.provisionings);
        visitor.table(&mut self.assignments);
        visitor.table(&mut self.tasks);
        visitor.table(&mut self.user_provisionings);
        visitor.table(&mut self.user_provisioning_configurations);
        visitor.table(&mut self.user_provisioning_events);
        visitor.table(&mut self.ram_users);
    }
}

impl Tables {
    /// Why directory `directory` cannot be deleted because of the access family, as the
    /// service's code (`DeletionConflict.Directory.Task` for a running task,
    /// `DeletionConflict.Directory.AccessAssignment`, `.AccessConfiguration`,
    /// `.UserProvisioning`), or `None`.
    pub(crate) fn directory_has_dependents(
        &self,
        directory: &str,
        now: SystemTime,
    ) -> Option<&'static str> {
        let prefix = prefix(directory);
        if self
            .tasks
            .prefix(&prefix)
            .any(|(_, task)| task.in_progress(now))
        {
            return Some("DeletionConflict.Directory.Task");
        }
        if self.assignments.prefix(&prefix).next().is_some() {
            return Some("DeletionConflict.Directory.AccessAssignment");
        }
        if self.access_configurations.prefix(&prefix).next().is_some() {
            return Some("DeletionConflict.Directory.AccessConfiguration");
        }
        if self.user_provisionings.prefix(&prefix).next().is_some() {
            return Some("DeletionConflict.Directory.UserProvisioning");
        }
        None
    }

    /// Forgets what remains of a deleted directory (finished tasks, its configuration).
    pub(crate) fn remove_directory(&mut self, directory: &str) {
        let prefix = prefix(directory);
        self.tasks.remove_prefix(&prefix);
        self.user_provisioning_events.remove_prefix(&prefix);
        self.user_provisioning_configurations.remove(directory);
    }

    /// The counts GetDirectoryStatistics reports of directory `directory` at `now`.
    pub(crate) fn statistics(&self, directory: &str, now: SystemTime) -> AccessCounts {
        let prefix = prefix(directory);
        AccessCounts {
            configurations: self.access_configurations.prefix(&prefix).count(),
            assignments: self.assignments.prefix(&prefix).count(),
            in_progress_tasks: self
                .tasks
                .prefix(&prefix)
                .filter(|(_, task)| task.in_progress(now))
                .count(),
        }
    }

    /// Where a listing of provisionings or assignments (both keyed AC first) starts: the
    /// rows of AC `ac` when one is given (it must exist, else
    /// `EntityNotExists.AccessConfiguration`), else every row of `directory`.
    pub(crate) fn scan_by_access_configuration(
        &self,
        directory: &str,
        ac: Option<&str>,
    ) -> Result<String, Failure> {
        match ac {
            Some(ac) => {
                self.require_access_configuration(directory, ac)?;
                Ok(prefix(&key(directory, ac)))
            }
            None => Ok(prefix(directory)),
        }
    }

    /// Whether principal `id` of `kind` has an access assignment (DeleteUser and DeleteGroup
    /// answer `DeletionConflict.User.AccessAssigment` / `.Group.AccessAssigment` then).
    pub(crate) fn principal_has_assignments(
        &self,
        directory: &str,
        kind: &PrincipalType,
        id: &str,
    ) -> bool {
        self.assignments
            .prefix(&prefix(directory))
            .any(|(_, a)| a.principal_type == kind.as_str() && a.principal_id == id)
    }

    /// Whether principal `id` of `kind` has a RAM user provisioning.
    pub(crate) fn principal_has_user_provisionings(
        &self,
        directory: &str,
        kind: &PrincipalType,
        id: &str,
    ) -> bool {
        self.user_provisionings
            .prefix(&prefix(directory))
            .any(|(_, p)| p.principal_type == kind.as_str() && p.principal_id == id)
    }
}

pub(crate) use crate::directory::{id_of, key, prefix};

/// One access configuration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct AccessConfigurationRow {
    pub(crate) access_configuration_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) relay_state: Option<String>,
    pub(crate) session_duration: i64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) tags: Vec<Tag>,
    pub(crate) create_time: String,
    pub(crate) update_time: String,
    /// The System and Inline policies, in the order they were added.
    #[serde(default)]
    pub(crate) permission_policies: Vec<PermissionPolicyRow>,
}

impl Row for AccessConfigurationRow {
    const TABLE: &'static str = "access_configurations";
}

/// One policy of an AC.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct PermissionPolicyRow {
    /// `System` or `Inline`.
    pub(crate) permission_policy_type: String,
    pub(crate) permission_policy_name: String,
    /// The document of an Inline policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) permission_policy_document: Option<String>,
    pub(crate) add_time: String,
}

/// An AC provisioned on one account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct ProvisioningRow {
    pub(crate) access_configuration_id: String,
    pub(crate) target_id: String,
    /// `Provisioned` or `ReprovisionRequired`.
    pub(crate) status: String,
    pub(crate) create_time: String,
    pub(crate) update_time: String,
}

impl Row for ProvisioningRow {
    const TABLE: &'static str = "access_provisionings";
}

/// An access assignment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct AssignmentRow {
    pub(crate) access_configuration_id: String,
    pub(crate) target_id: String,
    /// `User` or `Group`.
    pub(crate) principal_type: String,
    pub(crate) principal_id: String,
    pub(crate) create_time: String,
}

impl Row for AssignmentRow {
    const TABLE: &'static str = "access_assignments";
}

pub(crate) use ram_users::{RamUserRow, user_joined_group, user_left_group};
pub(crate) use tasks::TaskRow;
pub(crate) use user_provisioning::{
    UserProvisioningConfigurationRow, UserProvisioningEventRow, UserProvisioningRow,
};

/// The key of a provisioning.
pub(crate) fn provisioning_key(directory: &str, ac: &str, account: &str) -> String {
    format!("{directory}/{ac}/{account}")
}

/// The key of an assignment.
pub(crate) fn assignment_key(
    directory: &str,
    ac: &str,
    account: &str,
    principal_type: &str,
    principal: &str,
) -> String {
    format!("{directory}/{ac}/{account}/{principal_type}/{principal}")
}

/// A 404 `EntityNotExists.<kind>`.
pub(crate) fn not_found(kind: &str, message: String) -> Failure {
    Failure::new(
        format!("EntityNotExists.{kind}"),
        StatusCode::NOT_FOUND,
        message,
    )
}

/// A 409 (`DeletionConflict.*`, `OperationConflict.*`, `EntityAlreadyExists.*`).
pub(crate) fn conflict(code: impl Into<String>, message: String) -> Failure {
    Failure::new(code.into(), StatusCode::CONFLICT, message)
}

/// `EntityNotExists.AccessConfiguration`.
pub(crate) fn access_configuration_not_found(directory: &str, id: &str) -> Failure {
    not_found(
        "AccessConfiguration",
        format!(
            "The specified access configuration does not exist: AccessConfigurationId `{id}` \
             is not known in directory `{directory}`."
        ),
    )
}

/// Checks `TargetType` (only `RD-Account`) and `TargetId` (a member account of the resource
/// directory: 16 digits, and in the configured member list when there is one).
pub(crate) fn member_account<'a, O: acs_protocol::Operation>(
    context: &Context<'_>,
    target_type: Option<&str>,
    target_id: Option<&'a str>,
) -> Result<&'a str, Failure> {
    let target_type = target_type.ok_or_else(|| params::missing::<O>("TargetType"))?;
    if target_type != RD_ACCOUNT {
        return Err(params::invalid("TargetType", target_type, "RD-Account"));
    }
    let target_id = target_id.ok_or_else(|| params::missing::<O>("TargetId"))?;
    if target_id.len() != 16 || !target_id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(params::invalid(
            "TargetId",
            target_id,
            "the 16-digit ID of a member account of the resource directory",
        ));
    }
    if !is_member_account(context, target_id) {
        return Err(not_found(
            "Account",
            format!(
                "The account `{target_id}` is not a member of the resource directory (the \
                 emulator was given an explicit member list)."
            ),
        ));
    }
    Ok(target_id)
}

/// Whether `account` is a member of the resource directory: any account unless the
/// emulator was given an explicit member list.
fn is_member_account(context: &Context<'_>, account: &str) -> bool {
    context.settings.is_member_account(account)
}

/// The transition of the tasks started now.
pub(crate) fn transition(context: &Context<'_>) -> TaskTransition {
    context.settings.task_transition
}

/// A `PrincipalType` and `PrincipalId`, both required.
pub(crate) fn principal_of<'a, O: acs_protocol::Operation>(
    principal_type: Option<&'a PrincipalType>,
    principal_id: Option<&'a String>,
) -> Result<(&'a PrincipalType, &'a str), Failure> {
    let kind = principal_type.ok_or_else(|| params::missing::<O>("PrincipalType"))?;
    if !kind.is_known() {
        return Err(params::invalid(
            "PrincipalType",
            kind.as_str(),
            "User or Group",
        ));
    }
    let id = principal_id
        .filter(|id| !id.is_empty())
        .ok_or_else(|| params::missing::<O>("PrincipalId"))?;
    Ok((kind, id.as_str()))
}
