//! Access configurations and their permission policies: Create/List/Get/Update/Delete
//! AccessConfiguration(s), Add/Remove/ListPermissionPolic(y|ies)…,
//! UpdateInlinePolicyForAccessConfiguration.

use cloudsso_model::{
    AddPermissionPolicyToAccessConfiguration, AddPermissionPolicyToAccessConfigurationRequest,
    AddPermissionPolicyToAccessConfigurationResponse, CreateAccessConfiguration,
    CreateAccessConfigurationAccessConfiguration, CreateAccessConfigurationRequest,
    CreateAccessConfigurationResponse, DeleteAccessConfiguration, DeleteAccessConfigurationRequest,
    DeleteAccessConfigurationResponse, GetAccessConfiguration, GetAccessConfigurationRequest,
    GetAccessConfigurationResponse, ListAccessConfigurations, ListAccessConfigurationsRequest,
    ListAccessConfigurationsResponse, ListPermissionPoliciesInAccessConfiguration,
    ListPermissionPoliciesInAccessConfigurationRequest,
    ListPermissionPoliciesInAccessConfigurationResponse, PermissionPolicy, PermissionPolicyType,
    RemovePermissionPolicyFromAccessConfiguration,
    RemovePermissionPolicyFromAccessConfigurationRequest,
    RemovePermissionPolicyFromAccessConfigurationResponse, TaskType, UpdateAccessConfiguration,
    UpdateAccessConfigurationAccessConfiguration, UpdateAccessConfigurationRequest,
    UpdateAccessConfigurationResponse, UpdateInlinePolicyForAccessConfiguration,
    UpdateInlinePolicyForAccessConfigurationRequest,
    UpdateInlinePolicyForAccessConfigurationResponse,
};
use http::StatusCode;

use super::params;
use super::params::Given as _;
use super::tasks::task_conflict;
use super::{
    AccessConfigurationRow, PermissionPolicyRow, Tables, access_configuration_not_found, conflict,
    id_of, key, not_found, prefix,
};
use crate::error::Failure;
use crate::pagination::{PageRequest, UP_TO_100};
use crate::service::{Context, Served};
use crate::state::timestamp;

/// The default `SessionDuration` (documented).
const DEFAULT_SESSION_DURATION: i64 = 3600;
/// The longest Inline policy document (documented for the API; the console allows more).
const MAX_INLINE_DOCUMENT: usize = 4096;
/// The longest Inline policy name (documented) and, the emulator's choice, System one.
const MAX_INLINE_NAME: usize = 32;
const MAX_SYSTEM_NAME: usize = 128;
/// The longest `RelayState` kept (not documented).
const MAX_RELAY_STATE: usize = 1024;
/// The status notification of an AC with a provisioning that needs re-provisioning.
pub(crate) const REPROVISION_REQUIRED: &str = "ReprovisionRequired";

/// Whether `name` is a valid AC name: letters, digits and `-`, 1 to 32 characters.
fn is_valid_name(name: &str) -> bool {
    (1..=32).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

impl Tables {
    /// AC `id` of `directory`, or `EntityNotExists.AccessConfiguration`.
    pub(crate) fn require_access_configuration(
        &self,
        directory: &str,
        id: &str,
    ) -> Result<&AccessConfigurationRow, Failure> {
        self.access_configurations
            .get(&key(directory, id))
            .ok_or_else(|| access_configuration_not_found(directory, id))
    }

    /// Whether any provisioning of AC `id` needs re-provisioning.
    pub(crate) fn needs_reprovisioning(&self, directory: &str, id: &str) -> bool {
        self.provisionings
            .prefix(&format!("{}/", key(directory, id)))
            .any(|(_, p)| p.status == REPROVISION_REQUIRED)
    }

    /// Marks every provisioning of AC `id` `ReprovisionRequired` (its policies changed).
    fn require_reprovisioning(&mut self, directory: &str, id: &str, now: &str) {
        let prefix = format!("{}/", key(directory, id));
        let keys: Vec<String> = self
            .provisionings
            .prefix(&prefix)
            .map(|(k, _)| k.to_owned())
            .collect();
        for k in keys {
            if let Some(p) = self.provisionings.get_mut(&k) {
                p.status = REPROVISION_REQUIRED.to_owned();
                p.update_time = now.to_owned();
            }
        }
    }

    /// `OperationConflict.Task` while AC `id` is being provisioned somewhere.
    fn check_not_provisioning(
        &self,
        directory: &str,
        id: &str,
        now: std::time::SystemTime,
    ) -> Result<(), Failure> {
        match self.running_task(
            directory,
            id,
            None,
            &[TaskType::ProvisionAccessConfiguration],
            now,
        ) {
            Some((task, row)) => Err(task_conflict(&task, &row)),
            None => Ok(()),
        }
    }

    /// The AC as Create/Get/ListAccessConfiguration(s) report it.
    fn access_configuration_view(
        &self,
        directory: &str,
        id: &str,
        row: &AccessConfigurationRow,
    ) -> CreateAccessConfigurationAccessConfiguration {
        let mut view = CreateAccessConfigurationAccessConfiguration::default();
        view.access_configuration_id = Some(id.to_owned());
        view.access_configuration_name = Some(row.access_configuration_name.clone());
        view.description.clone_from(&row.description);
        view.relay_state.clone_from(&row.relay_state);
        view.session_duration = Some(row.session_duration);
        view.create_time = Some(row.create_time.clone());
        view.update_time = Some(row.update_time.clone());
        view.status_notifications = Some(self.notifications(directory, id));
        if !row.tags.is_empty() {
            view.tags = Some(row.tags.clone());
        }
        view
    }

    fn notifications(&self, directory: &str, id: &str) -> Vec<String> {
        if self.needs_reprovisioning(directory, id) {
            vec![REPROVISION_REQUIRED.to_owned()]
        } else {
            Vec::new()
        }
    }
}

/// `CreateAccessConfiguration`: a new AC (`ac-` ID) with a unique name (case-insensitive),
/// `SessionDuration` 3600 unless given, no policies; at most 1000 per directory.
impl Served for CreateAccessConfiguration {
    fn serve(
        context: &Context<'_>,
        request: &CreateAccessConfigurationRequest,
    ) -> Result<CreateAccessConfigurationResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let name = params::required_text::<Self>(
            "AccessConfigurationName",
            &request.access_configuration_name,
        )?;
        if !is_valid_name(name) {
            return Err(params::invalid(
                "AccessConfigurationName",
                name,
                "1 to 32 letters, digits and hyphens",
            ));
        }
        let description = params::text::<Self>("Description", &request.description)?;
        let relay_state = relay_state(request.relay_state.given())?;
        let session_duration =
            params::integer::<Self>("SessionDuration", request.session_duration)?
                .unwrap_or(DEFAULT_SESSION_DURATION);
        let quota = crate::directory::quotas(context).access_configurations;
        let now = timestamp(context.now);
        let view = context.write(|state| {
            state.directory.require(directory)?;
            let access = &mut state.access;
            let mut count: u64 = 0;
            for (_, ac) in access.access_configurations.prefix(&prefix(directory)) {
                count += 1;
                if ac.access_configuration_name.eq_ignore_ascii_case(name) {
                    return Err(conflict(
                        "EntityAlreadyExists.AccessConfiguration",
                        format!(
                            "An access configuration named `{}` already exists in directory \
                             `{directory}` (names are unique, case-insensitively).",
                            ac.access_configuration_name
                        ),
                    ));
                }
            }
            if count >= quota {
                return Err(Failure::new(
                    "QuotaExceeded.AccessConfiguration",
                    StatusCode::CONFLICT,
                    format!(
                        "Directory `{directory}` holds {quota} access configurations, its \
                         AccessConfigurationQuota."
                    ),
                ));
            }
            let id = super::ids::resource_id("ac-");
            let row = AccessConfigurationRow {
                access_configuration_name: name.to_owned(),
                description: description.map(str::to_owned),
                relay_state: relay_state.map(str::to_owned),
                session_duration,
                tags: request.tags.clone().unwrap_or_default(),
                create_time: now.clone(),
                update_time: now.clone(),
                permission_policies: Vec::new(),
            };
            let view = access.access_configuration_view(directory, &id, &row);
            access
                .access_configurations
                .insert(key(directory, &id), row);
            Ok(view)
        })?;
        let mut response = CreateAccessConfigurationResponse::default();
        response.access_configuration = Some(view);
        response.request_id = Some(context.request_id());
        Ok(response)
    }
}

fn relay_state(value: Option<&String>) -> Result<Option<&str>, Failure> {
    match value {
        Some(v) if v.chars().count() > MAX_RELAY_STATE => Err(params::invalid(
            "RelayState",
            v,
            "a console address of at most 1024 characters",
        )),
        other => Ok(other.map(String::as_str)),
    }
}

/// `GetAccessConfiguration`.
impl Served for GetAccessConfiguration {
    fn serve(
        context: &Context<'_>,
        request: &GetAccessConfigurationRequest,
    ) -> Result<GetAccessConfigurationResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let id = params::required_text::<Self>(
            "AccessConfigurationId",
            &request.access_configuration_id,
        )?;
        let view = context.read(|state| {
            state.directory.require(directory)?;
            let row = state.access.require_access_configuration(directory, id)?;
            Ok::<_, Failure>(state.access.access_configuration_view(directory, id, row))
        })?;
        let mut response = GetAccessConfigurationResponse::default();
        response.access_configuration = Some(view);
        response.request_id = Some(context.request_id());
        Ok(response)
    }
}

/// A name filter `<attribute> eq|sw <value>` (case-insensitive), as a predicate on names.
pub(crate) fn name_filter(
    filter: Option<&str>,
    attribute: &str,
) -> Result<Option<(bool, String)>, Failure> {
    let Some(filter) = filter.filter(|f| !f.trim().is_empty()) else {
        return Ok(None);
    };
    let mut words = filter.split_whitespace();
    let (Some(a), Some(op), Some(value), None) =
        (words.next(), words.next(), words.next(), words.next())
    else {
        return Err(params::invalid(
            "Filter",
            filter,
            &format!("`{attribute} eq <value>` or `{attribute} sw <value>`"),
        ));
    };
    let exact = if op.eq_ignore_ascii_case("eq") {
        true
    } else if op.eq_ignore_ascii_case("sw") {
        false
    } else {
        return Err(params::invalid(
            "Filter",
            filter,
            &format!("`{attribute} eq <value>` or `{attribute} sw <value>`"),
        ));
    };
    if !a.eq_ignore_ascii_case(attribute) {
        return Err(params::invalid(
            "Filter",
            filter,
            &format!("`{attribute} eq <value>` or `{attribute} sw <value>`"),
        ));
    }
    Ok(Some((exact, value.to_lowercase())))
}

/// Whether `name` passes a [`name_filter`].
pub(crate) fn matches_name(filter: Option<&(bool, String)>, name: &str) -> bool {
    match filter {
        None => true,
        Some((true, value)) => name.to_lowercase() == *value,
        Some((false, value)) => name.to_lowercase().starts_with(value.as_str()),
    }
}

/// `ListAccessConfigurations`: the directory's ACs, oldest first, with the `Filter`
/// (`AccessConfigurationName eq|sw <value>`), `StatusNotifications=ReprovisionRequired`
/// and `Tags` (every tag given must be on the AC) filters.
impl Served for ListAccessConfigurations {
    fn serve(
        context: &Context<'_>,
        request: &ListAccessConfigurationsRequest,
    ) -> Result<ListAccessConfigurationsResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let filter = name_filter(
            request.filter.given().map(String::as_str),
            "AccessConfigurationName",
        )?;
        let reprovision = match request.status_notifications.given().map(String::as_str) {
            None | Some("") => false,
            Some(REPROVISION_REQUIRED) => true,
            Some(other) => {
                return Err(params::invalid(
                    "StatusNotifications",
                    other,
                    "ReprovisionRequired",
                ));
            }
        };
        let tags = request.tags.clone().unwrap_or_default();
        let scope = format!(
            "ListAccessConfigurations\n{directory}\n{filter:?}\n{reprovision}\n{}",
            serde_json::to_string(&tags).unwrap_or_default()
        );
        let paging = PageRequest::new(
            UP_TO_100,
            scope,
            request.max_results,
            request.next_token.given().map(String::as_str),
        )?;
        let page = context.read(|state| {
            state.directory.require(directory)?;
            let access = &state.access;
            let scan = prefix(directory);
            let items = access
                .access_configurations
                .prefix(&scan)
                .filter(|(k, ac)| {
                    matches_name(filter.as_ref(), &ac.access_configuration_name)
                        && (!reprovision || access.needs_reprovisioning(directory, id_of(k)))
                        && tags.iter().all(|t| ac.tags.contains(t))
                })
                .map(|(k, ac)| (k, (id_of(k), ac)));
            Ok::<_, Failure>(
                paging
                    .page(items)
                    .map(|(id, ac)| access.access_configuration_view(directory, id, ac)),
            )
        })?;
        Ok(page.into_response(context.request_id()))
    }
}

/// `UpdateAccessConfiguration`: `NewDescription`, `NewSessionDuration` (900-43200) and
/// `NewRelayState`, each when given; no re-provisioning needed (documented). Refused with
/// `OperationConflict.Task` while the AC is being provisioned.
impl Served for UpdateAccessConfiguration {
    fn serve(
        context: &Context<'_>,
        request: &UpdateAccessConfigurationRequest,
    ) -> Result<UpdateAccessConfigurationResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let id = params::required_text::<Self>(
            "AccessConfigurationId",
            &request.access_configuration_id,
        )?;
        let description = params::text::<Self>("NewDescription", &request.new_description)?;
        let session = params::integer::<Self>("NewSessionDuration", request.new_session_duration)?;
        let relay = relay_state(request.new_relay_state.given())?;
        let now = timestamp(context.now);
        let view = context.write(|state| {
            state.directory.require(directory)?;
            let access = &mut state.access;
            access.require_access_configuration(directory, id)?;
            access.check_not_provisioning(directory, id, context.now)?;
            let notifications = access.notifications(directory, id);
            let row = access
                .access_configurations
                .get_mut(&key(directory, id))
                .ok_or_else(|| access_configuration_not_found(directory, id))?;
            if let Some(d) = description {
                row.description = Some(d.to_owned());
            }
            if let Some(s) = session {
                row.session_duration = s;
            }
            if let Some(r) = relay {
                row.relay_state = Some(r.to_owned());
            }
            row.update_time = now;
            let mut view = UpdateAccessConfigurationAccessConfiguration::default();
            view.access_configuration_id = Some(id.to_owned());
            view.access_configuration_name = Some(row.access_configuration_name.clone());
            view.description.clone_from(&row.description);
            view.relay_state.clone_from(&row.relay_state);
            view.session_duration = Some(row.session_duration);
            view.create_time = Some(row.create_time.clone());
            view.update_time = Some(row.update_time.clone());
            view.status_notifications = Some(notifications);
            Ok(view)
        })?;
        let mut response = UpdateAccessConfigurationResponse::default();
        response.access_configuration = Some(view);
        response.request_id = Some(context.request_id());
        Ok(response)
    }
}

/// `DeleteAccessConfiguration`: refused while the AC is assigned
/// (`DeletionConflict.AccessConfiguration.AccessAssignment`), provisioned anywhere
/// (`.Provisioning`), has a task in progress (`.Task`), or has policies and
/// `ForceRemovePermissionPolicies` is not `true` (`.PermissionPolicy`, the emulator's code).
impl Served for DeleteAccessConfiguration {
    fn serve(
        context: &Context<'_>,
        request: &DeleteAccessConfigurationRequest,
    ) -> Result<DeleteAccessConfigurationResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let id = params::required_text::<Self>(
            "AccessConfigurationId",
            &request.access_configuration_id,
        )?;
        let force = request.force_remove_permission_policies.unwrap_or(false);
        context.write(|state| {
            state.directory.require(directory)?;
            let access = &mut state.access;
            let row = access.require_access_configuration(directory, id)?;
            let ac_prefix = format!("{}/", key(directory, id));
            let in_use = |what: &str, detail: &str| {
                conflict(
                    format!("DeletionConflict.AccessConfiguration.{what}"),
                    format!("Access configuration `{id}` cannot be deleted: {detail}."),
                )
            };
            if access.assignments.prefix(&ac_prefix).next().is_some() {
                return Err(in_use(
                    "AccessAssignment",
                    "access assignments still use it (DeleteAccessAssignment first)",
                ));
            }
            if access.provisionings.prefix(&ac_prefix).next().is_some() {
                return Err(in_use(
                    "Provisioning",
                    "it is still provisioned on accounts (DeprovisionAccessConfiguration first)",
                ));
            }
            if access
                .running_task(directory, id, None, &[], context.now)
                .is_some()
            {
                return Err(in_use(
                    "Task",
                    "a task of it is still in progress (poll GetTaskStatus until it ends)",
                ));
            }
            if !row.permission_policies.is_empty() && !force {
                return Err(in_use(
                    "PermissionPolicy",
                    "it still has permission policies (remove them, or pass \
                     ForceRemovePermissionPolicies=true)",
                ));
            }
            access.access_configurations.remove(&key(directory, id));
            Ok(())
        })?;
        let mut response = DeleteAccessConfigurationResponse::default();
        response.request_id = Some(context.request_id());
        Ok(response)
    }
}

fn policy_not_found(id: &str, kind: &str, name: &str) -> Failure {
    not_found(
        "PermissionPolicy",
        format!(
            "Access configuration `{id}` has no {kind} policy named `{name}` \
             (ListPermissionPoliciesInAccessConfiguration lists its policies)."
        ),
    )
}

/// The policy type of a request: `System` or `Inline`, required.
fn policy_type<O: acs_protocol::Operation>(
    value: Option<&PermissionPolicyType>,
) -> Result<&'static str, Failure> {
    match value {
        None => Err(params::missing::<O>("PermissionPolicyType")),
        Some(PermissionPolicyType::System) => Ok("System"),
        Some(PermissionPolicyType::Inline) => Ok("Inline"),
        Some(other) => Err(params::invalid(
            "PermissionPolicyType",
            other.as_str(),
            "System or Inline",
        )),
    }
}

/// An Inline policy document: non-empty JSON of at most 4096 characters.
fn inline_document<'a>(name: &str, value: &'a str) -> Result<&'a str, Failure> {
    let expected = "a JSON policy document of 1 to 4096 characters";
    if value.is_empty() || value.chars().count() > MAX_INLINE_DOCUMENT {
        return Err(params::invalid(name, value, expected));
    }
    match serde_json::from_str::<serde_json::Value>(value) {
        Ok(serde_json::Value::Object(_)) => Ok(value),
        _ => Err(params::invalid(name, value, expected)),
    }
}

/// `AddPermissionPolicyToAccessConfiguration`: a System policy (any name: the emulator does
/// not know RAM's catalogue; at most 20) or the Inline policy (at most 1, name at most 32
/// characters, `InlinePolicyDocument` JSON of at most 4096 characters). Every provisioning of
/// the AC becomes `ReprovisionRequired`.
impl Served for AddPermissionPolicyToAccessConfiguration {
    fn serve(
        context: &Context<'_>,
        request: &AddPermissionPolicyToAccessConfigurationRequest,
    ) -> Result<AddPermissionPolicyToAccessConfigurationResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let id = params::required_text::<Self>(
            "AccessConfigurationId",
            &request.access_configuration_id,
        )?;
        let kind = policy_type::<Self>(request.permission_policy_type.given())?;
        let name =
            params::required_text::<Self>("PermissionPolicyName", &request.permission_policy_name)?;
        let max_name = if kind == "Inline" {
            MAX_INLINE_NAME
        } else {
            MAX_SYSTEM_NAME
        };
        if name.chars().count() > max_name {
            return Err(params::invalid(
                "PermissionPolicyName",
                name,
                &format!("at most {max_name} characters"),
            ));
        }
        let document = if kind == "Inline" {
            let document = request
                .inline_policy_document
                .as_deref()
                .ok_or_else(|| params::missing::<Self>("InlinePolicyDocument"))?;
            Some(inline_document("InlinePolicyDocument", document)?)
        } else {
            None
        };
        let quotas = crate::directory::quotas(context);
        let now = timestamp(context.now);
        context.write(|state| {
            state.directory.require(directory)?;
            let access = &mut state.access;
            access.require_access_configuration(directory, id)?;
            access.check_not_provisioning(directory, id, context.now)?;
            let row = access
                .access_configurations
                .get_mut(&key(directory, id))
                .ok_or_else(|| access_configuration_not_found(directory, id))?;
            let same_kind = row
                .permission_policies
                .iter()
                .filter(|p| p.permission_policy_type == kind);
            let mut count: u64 = 0;
            for p in same_kind {
                count += 1;
                if p.permission_policy_name == name {
                    return Err(conflict(
                        "EntityAlreadyExists.PermissionPolicy",
                        format!(
                            "Access configuration `{id}` already has the {kind} policy `{name}`."
                        ),
                    ));
                }
            }
            let quota = if kind == "Inline" {
                quotas.inline_policies_per_access_configuration
            } else {
                quotas.system_policies_per_access_configuration
            };
            if count >= quota {
                return Err(Failure::new(
                    format!("QuotaExceeded.{kind}Policy"),
                    StatusCode::CONFLICT,
                    format!(
                        "Access configuration `{id}` already has {quota} {kind} policies, its \
                         quota ({kind}PolicyPerAccessConfigurationQuota)."
                    ),
                ));
            }
            row.permission_policies.push(PermissionPolicyRow {
                permission_policy_type: kind.to_owned(),
                permission_policy_name: name.to_owned(),
                permission_policy_document: document.map(str::to_owned),
                add_time: now.clone(),
            });
            row.update_time.clone_from(&now);
            access.require_reprovisioning(directory, id, &now);
            Ok(())
        })?;
        let mut response = AddPermissionPolicyToAccessConfigurationResponse::default();
        response.request_id = Some(context.request_id());
        Ok(response)
    }
}

/// `RemovePermissionPolicyFromAccessConfiguration`: the policy goes (a removed Inline
/// policy is lost); every provisioning of the AC becomes `ReprovisionRequired`.
impl Served for RemovePermissionPolicyFromAccessConfiguration {
    fn serve(
        context: &Context<'_>,
        request: &RemovePermissionPolicyFromAccessConfigurationRequest,
    ) -> Result<RemovePermissionPolicyFromAccessConfigurationResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let id = params::required_text::<Self>(
            "AccessConfigurationId",
            &request.access_configuration_id,
        )?;
        let kind = policy_type::<Self>(request.permission_policy_type.given())?;
        let name =
            params::required_text::<Self>("PermissionPolicyName", &request.permission_policy_name)?;
        let now = timestamp(context.now);
        context.write(|state| {
            state.directory.require(directory)?;
            let access = &mut state.access;
            access.require_access_configuration(directory, id)?;
            access.check_not_provisioning(directory, id, context.now)?;
            let row = access
                .access_configurations
                .get_mut(&key(directory, id))
                .ok_or_else(|| access_configuration_not_found(directory, id))?;
            let at = row
                .permission_policies
                .iter()
                .position(|p| p.permission_policy_type == kind && p.permission_policy_name == name)
                .ok_or_else(|| policy_not_found(id, kind, name))?;
            row.permission_policies.remove(at);
            row.update_time.clone_from(&now);
            access.require_reprovisioning(directory, id, &now);
            Ok(())
        })?;
        let mut response = RemovePermissionPolicyFromAccessConfigurationResponse::default();
        response.request_id = Some(context.request_id());
        Ok(response)
    }
}

/// `ListPermissionPoliciesInAccessConfiguration`: the AC's policies in the order added
/// (optionally of one type), with `AddTime` and, for the Inline one, its document; not
/// paginated.
impl Served for ListPermissionPoliciesInAccessConfiguration {
    fn serve(
        context: &Context<'_>,
        request: &ListPermissionPoliciesInAccessConfigurationRequest,
    ) -> Result<ListPermissionPoliciesInAccessConfigurationResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let id = params::required_text::<Self>(
            "AccessConfigurationId",
            &request.access_configuration_id,
        )?;
        let kind = request.permission_policy_type.as_ref().map(|k| k.as_str());
        let policies = context.read(|state| {
            state.directory.require(directory)?;
            let row = state.access.require_access_configuration(directory, id)?;
            Ok::<_, Failure>(
                row.permission_policies
                    .iter()
                    .filter(|p| kind.is_none_or(|k| k == p.permission_policy_type))
                    .map(|p| {
                        let mut policy = PermissionPolicy::default();
                        policy.permission_policy_type = Some(p.permission_policy_type.clone());
                        policy.permission_policy_name = Some(p.permission_policy_name.clone());
                        policy
                            .permission_policy_document
                            .clone_from(&p.permission_policy_document);
                        policy.add_time = Some(p.add_time.clone());
                        policy
                    })
                    .collect::<Vec<_>>(),
            )
        })?;
        let mut response = ListPermissionPoliciesInAccessConfigurationResponse::default();
        response.total_counts = Some(i64::try_from(policies.len()).unwrap_or(i64::MAX));
        response.permission_policies = Some(policies);
        response.request_id = Some(context.request_id());
        Ok(response)
    }
}

/// `UpdateInlinePolicyForAccessConfiguration`: replaces the Inline policy's document;
/// every provisioning of the AC becomes `ReprovisionRequired`.
impl Served for UpdateInlinePolicyForAccessConfiguration {
    fn serve(
        context: &Context<'_>,
        request: &UpdateInlinePolicyForAccessConfigurationRequest,
    ) -> Result<UpdateInlinePolicyForAccessConfigurationResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let id = params::required_text::<Self>(
            "AccessConfigurationId",
            &request.access_configuration_id,
        )?;
        let name = params::required_text::<Self>("InlinePolicyName", &request.inline_policy_name)?;
        let document = request
            .new_inline_policy_document
            .as_deref()
            .ok_or_else(|| params::missing::<Self>("NewInlinePolicyDocument"))?;
        let document = inline_document("NewInlinePolicyDocument", document)?;
        let now = timestamp(context.now);
        context.write(|state| {
            state.directory.require(directory)?;
            let access = &mut state.access;
            access.require_access_configuration(directory, id)?;
            access.check_not_provisioning(directory, id, context.now)?;
            let row = access
                .access_configurations
                .get_mut(&key(directory, id))
                .ok_or_else(|| access_configuration_not_found(directory, id))?;
            let policy = row
                .permission_policies
                .iter_mut()
                .find(|p| p.permission_policy_type == "Inline" && p.permission_policy_name == name)
                .ok_or_else(|| policy_not_found(id, "Inline", name))?;
            policy.permission_policy_document = Some(document.to_owned());
            row.update_time.clone_from(&now);
            access.require_reprovisioning(directory, id, &now);
            Ok(())
        })?;
        let mut response = UpdateInlinePolicyForAccessConfigurationResponse::default();
        response.request_id = Some(context.request_id());
        Ok(response)
    }
}
