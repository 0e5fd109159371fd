//! Provisionings and access assignments: Provision/DeprovisionAccessConfiguration,
//! ListAccessConfigurationProvisionings, Create/DeleteAccessAssignment,
//! ListAccessAssignments.
//!
//! Effects are applied when the request is accepted; the task that the answer carries
//! reports `InProgress` until the transition completes it ([`super::tasks`]).

use std::time::SystemTime;

use cloudsso_model::{
    AccessAssignment, AccessConfigurationProvisioning, CreateAccessAssignment,
    CreateAccessAssignmentRequest, CreateAccessAssignmentResponse, CreateAccessAssignmentTask,
    DeleteAccessAssignment, DeleteAccessAssignmentRequest, DeleteAccessAssignmentResponse,
    DeprovisionAccessConfiguration, DeprovisionAccessConfigurationRequest,
    DeprovisionAccessConfigurationResponse, DeprovisionStrategy, ListAccessAssignments,
    ListAccessAssignmentsRequest, ListAccessAssignmentsResponse,
    ListAccessConfigurationProvisionings, ListAccessConfigurationProvisioningsRequest,
    ListAccessConfigurationProvisioningsResponse, ListAccessConfigurationProvisioningsStatus,
    PrincipalType, ProvisionAccessConfiguration, ProvisionAccessConfigurationRequest,
    ProvisionAccessConfigurationResponse, ProvisionAccessConfigurationTask, TaskType,
};

use super::params;
use super::params::Given as _;
use super::tasks::{NewTask, TaskRow, task_conflict};
use super::{
    AccessConfigurationRow, AssignmentRow, MAX_ROWS_PER_DIRECTORY, ProvisioningRow, RD_ACCOUNT,
    Tables, assignment_key, conflict, id_of, key, member_account, not_found, prefix, principal_of,
    provisioning_key,
};
use crate::error::Failure;
use crate::pagination::{PageRequest, UP_TO_20};
use crate::service::{Context, Served};
use crate::state::{AccountState, timestamp};

/// `Provisioned`.
const PROVISIONED: &str = "Provisioned";

/// The RAM role a provisioning creates in the member account (documented).
fn ram_role_name(ac_name: &str) -> String {
    format!("AliyunReservedSSO-{ac_name}")
}

/// The RAM policies the role has: the System policies as they are, the Inline one as
/// `AliyunReservedSSO-<AC name>-InlinePolicy` (documented).
fn ram_policy_names(ac: &AccessConfigurationRow) -> Vec<String> {
    ac.permission_policies
        .iter()
        .map(|p| {
            if p.permission_policy_type == "Inline" {
                format!(
                    "AliyunReservedSSO-{}-InlinePolicy",
                    ac.access_configuration_name
                )
            } else {
                p.permission_policy_name.clone()
            }
        })
        .collect()
}

impl Tables {
    /// Provisions AC `ac` on `account` (or re-provisions it): `Provisioned` with the AC's
    /// current policies.
    fn provision(&mut self, directory: &str, ac: &str, account: &str, now: &str) {
        let k = provisioning_key(directory, ac, account);
        match self.provisionings.get_mut(&k) {
            Some(p) => {
                p.status = PROVISIONED.to_owned();
                p.update_time = now.to_owned();
            }
            None => {
                self.provisionings.insert(
                    k,
                    ProvisioningRow {
                        access_configuration_id: ac.to_owned(),
                        target_id: account.to_owned(),
                        status: PROVISIONED.to_owned(),
                        create_time: now.to_owned(),
                        update_time: now.to_owned(),
                    },
                );
            }
        }
    }

    /// Whether any assignment uses AC `ac` on `account`.
    fn assigned_on(&self, directory: &str, ac: &str, account: &str) -> bool {
        self.assignments
            .prefix(&format!("{}/", provisioning_key(directory, ac, account)))
            .next()
            .is_some()
    }

    /// `OperationConflict.Task` while a task of AC `ac` on `account` is in progress.
    fn check_no_task_on(
        &self,
        directory: &str,
        ac: &str,
        account: &str,
        types: &[TaskType],
        now: SystemTime,
    ) -> Result<(), Failure> {
        match self.running_task(directory, ac, Some(account), types, now) {
            Some((id, task)) => Err(task_conflict(&id, &task)),
            None => Ok(()),
        }
    }

    /// `QuotaExceeded.*` once the directory holds the emulator's bound of rows of a kind.
    fn check_room(&self, directory: &str, what: &str, count: usize) -> Result<(), Failure> {
        if count >= MAX_ROWS_PER_DIRECTORY {
            return Err(conflict(
                format!("QuotaExceeded.{what}"),
                format!(
                    "Directory `{directory}` holds {MAX_ROWS_PER_DIRECTORY} {what} rows, the \
                     emulator's limit."
                ),
            ));
        }
        Ok(())
    }
}

fn provision_task_view(
    id: &str,
    task: &TaskRow,
    now: SystemTime,
) -> ProvisionAccessConfigurationTask {
    let mut view = ProvisionAccessConfigurationTask::default();
    view.task_id = Some(id.to_owned());
    view.task_type = Some(task.task_type.clone());
    view.status = Some(task.status(now));
    view.access_configuration_id = Some(task.access_configuration_id.clone());
    view.access_configuration_name = Some(task.access_configuration_name.clone());
    view.target_type = Some(task.target_type.clone());
    view.target_id = Some(task.target_id.clone());
    view
}

fn assignment_task_view(id: &str, task: &TaskRow, now: SystemTime) -> CreateAccessAssignmentTask {
    let mut view = CreateAccessAssignmentTask::default();
    view.task_id = Some(id.to_owned());
    view.task_type = Some(task.task_type.clone());
    view.status = Some(task.status(now));
    view.access_configuration_id = Some(task.access_configuration_id.clone());
    view.access_configuration_name = Some(task.access_configuration_name.clone());
    view.target_type = Some(task.target_type.clone());
    view.target_id = Some(task.target_id.clone());
    view.principal_type = task.principal_type.as_deref().map(PrincipalType::from);
    view.principal_id.clone_from(&task.principal_id);
    view.principal_name.clone_from(&task.principal_name);
    view
}

/// The AC named by a request, or `Missing…` / `EntityNotExists.AccessConfiguration`.
fn access_configuration<'a>(
    state: &'a AccountState,
    directory: &str,
    id: &str,
) -> Result<&'a AccessConfigurationRow, Failure> {
    state.directory.require(directory)?;
    state.access.require_access_configuration(directory, id)
}

/// `ProvisionAccessConfiguration`: provisions the AC on the account (first time: RAM role
/// `AliyunReservedSSO-<AC name>` and SAML provider), or re-provisions it
/// (`ReprovisionRequired` becomes `Provisioned`); provisioning an up-to-date AC again is
/// accepted and changes nothing. Answers one task.
impl Served for ProvisionAccessConfiguration {
    fn serve(
        context: &Context<'_>,
        request: &ProvisionAccessConfigurationRequest,
    ) -> Result<ProvisionAccessConfigurationResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let ac = params::required_text::<Self>(
            "AccessConfigurationId",
            &request.access_configuration_id,
        )?;
        let account = member_account::<Self>(
            context,
            request.target_type.given().map(String::as_str),
            request.target_id.given().map(String::as_str),
        )?;
        let now = context.now;
        let transition = super::transition(context);
        let task = context.write(|state| {
            let name = access_configuration(state, directory, ac)?
                .access_configuration_name
                .clone();
            let access = &mut state.access;
            access.check_no_task_on(
                directory,
                ac,
                account,
                &[
                    TaskType::DeprovisionAccessConfiguration,
                    TaskType::ProvisionAccessConfiguration,
                ],
                now,
            )?;
            access.provision(directory, ac, account, &timestamp(now));
            let (id, task) = access.start_task(
                directory,
                NewTask {
                    task_type: TaskType::ProvisionAccessConfiguration,
                    access_configuration_id: ac,
                    access_configuration_name: &name,
                    target_id: account,
                    principal: None,
                },
                transition,
                now,
            );
            Ok(provision_task_view(&id, &task, now))
        })?;
        let mut response = ProvisionAccessConfigurationResponse::default();
        response.tasks = Some(vec![task]);
        response.request_id = Some(context.request_id());
        Ok(response)
    }
}

/// `DeprovisionAccessConfiguration`: removes the AC from the account (its RAM role and
/// policies); refused while assignments on that account use it
/// (`DeletionConflict.AccessConfigurationProvisioning.AccessAssignment`) and for an AC not
/// provisioned there (`EntityNotExists.AccessConfigurationProvisioning`). Answers one task.
impl Served for DeprovisionAccessConfiguration {
    fn serve(
        context: &Context<'_>,
        request: &DeprovisionAccessConfigurationRequest,
    ) -> Result<DeprovisionAccessConfigurationResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let ac = params::required_text::<Self>(
            "AccessConfigurationId",
            &request.access_configuration_id,
        )?;
        let account = member_account::<Self>(
            context,
            request.target_type.given().map(String::as_str),
            request.target_id.given().map(String::as_str),
        )?;
        let now = context.now;
        let transition = super::transition(context);
        let task = context.write(|state| {
            let name = access_configuration(state, directory, ac)?
                .access_configuration_name
                .clone();
            let access = &mut state.access;
            let k = provisioning_key(directory, ac, account);
            if !access.provisionings.contains_key(&k) {
                return Err(provisioning_not_found(ac, account));
            }
            if access.assigned_on(directory, ac, account) {
                return Err(conflict(
                    "DeletionConflict.AccessConfigurationProvisioning.AccessAssignment",
                    format!(
                        "Access configuration `{ac}` cannot be deprovisioned from account \
                         `{account}`: access assignments on that account still use it \
                         (DeleteAccessAssignment first)."
                    ),
                ));
            }
            access.check_no_task_on(directory, ac, account, &[], now)?;
            access.provisionings.remove(&k);
            let (id, task) = access.start_task(
                directory,
                NewTask {
                    task_type: TaskType::DeprovisionAccessConfiguration,
                    access_configuration_id: ac,
                    access_configuration_name: &name,
                    target_id: account,
                    principal: None,
                },
                transition,
                now,
            );
            Ok(provision_task_view(&id, &task, now))
        })?;
        let mut response = DeprovisionAccessConfigurationResponse::default();
        response.tasks = Some(vec![task]);
        response.request_id = Some(context.request_id());
        Ok(response)
    }
}

fn provisioning_not_found(ac: &str, account: &str) -> Failure {
    not_found(
        "AccessConfigurationProvisioning",
        format!(
            "Access configuration `{ac}` is not provisioned on account `{account}` \
             (ListAccessConfigurationProvisionings lists where it is)."
        ),
    )
}

/// `ListAccessConfigurationProvisionings`: where ACs are provisioned, by AC (oldest AC
/// first) then account, with the `AccessConfigurationId`, `TargetType`+`TargetId` (both)
/// and `ProvisioningStatus` filters; an unknown `AccessConfigurationId` is
/// `EntityNotExists.AccessConfiguration`.
impl Served for ListAccessConfigurationProvisionings {
    fn serve(
        context: &Context<'_>,
        request: &ListAccessConfigurationProvisioningsRequest,
    ) -> Result<ListAccessConfigurationProvisioningsResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let ac = request
            .access_configuration_id
            .given()
            .map(String::as_str)
            .filter(|a| !a.is_empty());
        let target = match (&request.target_type, &request.target_id) {
            (Some(_), Some(id)) => Some(id.as_str()),
            _ => None,
        };
        let status = request.provisioning_status.as_ref().map(|s| s.as_str());
        let scope = format!(
            "ListAccessConfigurationProvisionings\n{directory}\n{ac:?}\n{target:?}\n{status:?}"
        );
        let paging = PageRequest::new(
            UP_TO_20,
            scope,
            request.max_results,
            request.next_token.given().map(String::as_str),
        )?;
        let page = context.read(|state| {
            state.directory.require(directory)?;
            let access = &state.access;
            let scan = access.scan_by_access_configuration(directory, ac)?;
            let items = access.provisionings.prefix(&scan).filter(|(_, p)| {
                target.is_none_or(|t| p.target_id == t) && status.is_none_or(|s| p.status == s)
            });
            Ok::<_, Failure>(paging.page(items).map(|p| {
                let ac_row = access
                    .access_configurations
                    .get(&key(directory, &p.access_configuration_id));
                let mut view = AccessConfigurationProvisioning::default();
                view.access_configuration_id = Some(p.access_configuration_id.clone());
                if let Some(ac_row) = ac_row {
                    view.access_configuration_name = Some(ac_row.access_configuration_name.clone());
                    view.ram_role_name = Some(ram_role_name(&ac_row.access_configuration_name));
                    view.ram_policy_names = Some(ram_policy_names(ac_row));
                }
                view.saml_provider_name = Some(format!("AliyunReservedSSO-{directory}"));
                view.status = Some(ListAccessConfigurationProvisioningsStatus::from(
                    p.status.as_str(),
                ));
                view.target_type = Some(RD_ACCOUNT.to_owned());
                view.target_id = Some(p.target_id.clone());
                view.create_time = Some(p.create_time.clone());
                view.update_time = Some(p.update_time.clone());
                view
            }))
        })?;
        Ok(page.into_response(context.request_id()))
    }
}

/// `CreateAccessAssignment`: grants the principal (an existing user or group) the AC on the
/// account, provisioning the AC there if it is not yet (an AC that needs re-provisioning
/// stays so). Refused for an identical assignment (`EntityAlreadyExists.AccessAssignment`)
/// and while the AC is being deprovisioned from that account (`OperationConflict.Task`).
/// The assignment is listed at once; the task reports `InProgress` until it completes.
impl Served for CreateAccessAssignment {
    fn serve(
        context: &Context<'_>,
        request: &CreateAccessAssignmentRequest,
    ) -> Result<CreateAccessAssignmentResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let ac = params::required_text::<Self>(
            "AccessConfigurationId",
            &request.access_configuration_id,
        )?;
        let account = member_account::<Self>(
            context,
            request.target_type.given().map(String::as_str),
            request.target_id.given().map(String::as_str),
        )?;
        let (kind, principal) =
            principal_of::<Self>(request.principal_type.given(), request.principal_id.given())?;
        let now = context.now;
        let transition = super::transition(context);
        let task = context.write(|state| {
            let name = access_configuration(state, directory, ac)?
                .access_configuration_name
                .clone();
            let principal_name = state
                .identity
                .require_principal_name(directory, kind, principal)?;
            let access = &mut state.access;
            let k = assignment_key(directory, ac, account, kind.as_str(), principal);
            if access.assignments.contains_key(&k) {
                return Err(conflict(
                    "EntityAlreadyExists.AccessAssignment",
                    format!(
                        "{} `{principal}` already has access configuration `{ac}` on account \
                         `{account}`.",
                        kind.as_str()
                    ),
                ));
            }
            access.check_no_task_on(
                directory,
                ac,
                account,
                &[TaskType::DeprovisionAccessConfiguration],
                now,
            )?;
            access.check_room(
                directory,
                "AccessAssignment",
                access.assignments.prefix(&prefix(directory)).count(),
            )?;
            let time = timestamp(now);
            if !access
                .provisionings
                .contains_key(&provisioning_key(directory, ac, account))
            {
                access.provision(directory, ac, account, &time);
            }
            access.assignments.insert(
                k,
                AssignmentRow {
                    access_configuration_id: ac.to_owned(),
                    target_id: account.to_owned(),
                    principal_type: kind.as_str().to_owned(),
                    principal_id: principal.to_owned(),
                    create_time: time,
                },
            );
            let (id, task) = access.start_task(
                directory,
                NewTask {
                    task_type: TaskType::CreateAccessAssignment,
                    access_configuration_id: ac,
                    access_configuration_name: &name,
                    target_id: account,
                    principal: Some((kind.as_str(), principal, &principal_name)),
                },
                transition,
                now,
            );
            Ok(assignment_task_view(&id, &task, now))
        })?;
        let mut response = CreateAccessAssignmentResponse::default();
        response.task = Some(task);
        response.request_id = Some(context.request_id());
        Ok(response)
    }
}

/// `DeleteAccessAssignment`: revokes the assignment; with `DeprovisionStrategy`
/// `DeprovisionForLastAccessAssignmentOnAccount` the AC is also deprovisioned from the
/// account when this was its last assignment there (`None`, the default, keeps it).
/// Refused while the assignment's creation is in progress (`OperationConflict.Task`).
impl Served for DeleteAccessAssignment {
    fn serve(
        context: &Context<'_>,
        request: &DeleteAccessAssignmentRequest,
    ) -> Result<DeleteAccessAssignmentResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let ac = params::required_text::<Self>(
            "AccessConfigurationId",
            &request.access_configuration_id,
        )?;
        let account = member_account::<Self>(
            context,
            request.target_type.given().map(String::as_str),
            request.target_id.given().map(String::as_str),
        )?;
        let (kind, principal) =
            principal_of::<Self>(request.principal_type.given(), request.principal_id.given())?;
        let deprovision = match &request.deprovision_strategy {
            None | Some(DeprovisionStrategy::None) => false,
            Some(DeprovisionStrategy::DeprovisionForLastAccessAssignmentOnAccount) => true,
            Some(other) => {
                return Err(params::invalid(
                    "DeprovisionStrategy",
                    other.as_str(),
                    "None or DeprovisionForLastAccessAssignmentOnAccount",
                ));
            }
        };
        let now = context.now;
        let transition = super::transition(context);
        let task = context.write(|state| {
            let name = access_configuration(state, directory, ac)?
                .access_configuration_name
                .clone();
            let principal_name = state
                .identity
                .principal_name(directory, kind.as_str(), principal)
                .unwrap_or_default();
            let access = &mut state.access;
            let k = assignment_key(directory, ac, account, kind.as_str(), principal);
            if !access.assignments.contains_key(&k) {
                return Err(not_found(
                    "AccessAssignment",
                    format!(
                        "{} `{principal}` has no access configuration `{ac}` on account \
                         `{account}`.",
                        kind.as_str()
                    ),
                ));
            }
            if let Some((id, task)) = access.tasks.prefix(&prefix(directory)).find(|(_, t)| {
                t.task_type == TaskType::CreateAccessAssignment.as_str()
                    && t.access_configuration_id == ac
                    && t.target_id == account
                    && t.principal_type.as_deref() == Some(kind.as_str())
                    && t.principal_id.as_deref() == Some(principal)
                    && t.in_progress(now)
            }) {
                return Err(task_conflict(id_of(id), task));
            }
            access.assignments.remove(&k);
            if deprovision && !access.assigned_on(directory, ac, account) {
                access
                    .provisionings
                    .remove(&provisioning_key(directory, ac, account));
            }
            let (id, task) = access.start_task(
                directory,
                NewTask {
                    task_type: TaskType::DeleteAccessAssignment,
                    access_configuration_id: ac,
                    access_configuration_name: &name,
                    target_id: account,
                    principal: Some((kind.as_str(), principal, &principal_name)),
                },
                transition,
                now,
            );
            Ok(assignment_task_view(&id, &task, now))
        })?;
        let mut response = DeleteAccessAssignmentResponse::default();
        response.task = Some(task);
        response.request_id = Some(context.request_id());
        Ok(response)
    }
}

/// `ListAccessAssignments`: the directory's assignments by AC (oldest first), account and
/// principal, with the `AccessConfigurationId` filter and the pair filters
/// (`TargetType`+`TargetId`, `PrincipalType`+`PrincipalId`), each applied only when both
/// halves are given (documented).
impl Served for ListAccessAssignments {
    fn serve(
        context: &Context<'_>,
        request: &ListAccessAssignmentsRequest,
    ) -> Result<ListAccessAssignmentsResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let ac = request
            .access_configuration_id
            .given()
            .map(String::as_str)
            .filter(|a| !a.is_empty());
        let target = match (&request.target_type, &request.target_id) {
            (Some(_), Some(id)) => Some(id.as_str()),
            _ => None,
        };
        let principal = match (&request.principal_type, &request.principal_id) {
            (Some(kind), Some(id)) => Some((kind.as_str(), id.as_str())),
            _ => None,
        };
        let scope =
            format!("ListAccessAssignments\n{directory}\n{ac:?}\n{target:?}\n{principal:?}");
        let paging = PageRequest::new(
            UP_TO_20,
            scope,
            request.max_results,
            request.next_token.given().map(String::as_str),
        )?;
        let page = context.read(|state| {
            state.directory.require(directory)?;
            let access = &state.access;
            let scan = access.scan_by_access_configuration(directory, ac)?;
            let items = access.assignments.prefix(&scan).filter(|(_, a)| {
                target.is_none_or(|t| a.target_id == t)
                    && principal
                        .is_none_or(|(kind, id)| a.principal_type == kind && a.principal_id == id)
            });
            Ok::<_, Failure>(paging.page(items).map(|a| {
                let mut view = AccessAssignment::default();
                view.access_configuration_id = Some(a.access_configuration_id.clone());
                view.access_configuration_name = access
                    .access_configurations
                    .get(&key(directory, &a.access_configuration_id))
                    .map(|ac| ac.access_configuration_name.clone());
                view.principal_type = Some(PrincipalType::from(a.principal_type.as_str()));
                view.principal_id = Some(a.principal_id.clone());
                view.principal_name =
                    state
                        .identity
                        .principal_name(directory, &a.principal_type, &a.principal_id);
                view.target_type = Some(RD_ACCOUNT.to_owned());
                view.target_id = Some(a.target_id.clone());
                view.create_time = Some(a.create_time.clone());
                view
            }))
        })?;
        Ok(page.into_response(context.request_id()))
    }
}
