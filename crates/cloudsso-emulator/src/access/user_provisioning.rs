//! RAM user provisionings: Create/List/Get/Update/DeleteUserProvisioning(s),
//! Get/UpdateUserProvisioningConfiguration, GetUserProvisioningStatistics,
//! GetUserProvisioningRdAccountStatistics, and the failed events
//! (List/Get/Retry/DeleteUserProvisioningEvent(s)).
//!
//! A provisioning creates RAM users in the member account, and a user it cannot create is a
//! failed event: see [`super::ram_users`] for when that happens and how to make it happen.

use cloudsso_model::{
    CreateUserProvisioning, CreateUserProvisioningRequest, CreateUserProvisioningResponse,
    CreateUserStatus, DeleteUserProvisioning, DeleteUserProvisioningEvent,
    DeleteUserProvisioningEventRequest, DeleteUserProvisioningEventResponse,
    DeleteUserProvisioningRequest, DeleteUserProvisioningResponse, DeletionStrategy,
    DuplicationStrategy, GetUserProvisioning, GetUserProvisioningConfiguration,
    GetUserProvisioningConfigurationRequest, GetUserProvisioningConfigurationResponse,
    GetUserProvisioningEvent, GetUserProvisioningEventRequest, GetUserProvisioningEventResponse,
    GetUserProvisioningRdAccountStatistics, GetUserProvisioningRdAccountStatisticsRequest,
    GetUserProvisioningRdAccountStatisticsResponse, GetUserProvisioningRequest,
    GetUserProvisioningResponse, GetUserProvisioningStatistics,
    GetUserProvisioningStatisticsRequest, GetUserProvisioningStatisticsResponse,
    ListUserProvisioningEvents, ListUserProvisioningEventsRequest,
    ListUserProvisioningEventsResponse, ListUserProvisionings, ListUserProvisioningsRequest,
    ListUserProvisioningsResponse, PrincipalType, RetryUserProvisioningEvent,
    RetryUserProvisioningEventRequest, RetryUserProvisioningEventResponse, SourceType,
    UpdateUserProvisioning, UpdateUserProvisioningConfiguration,
    UpdateUserProvisioningConfigurationRequest, UpdateUserProvisioningConfigurationResponse,
    UpdateUserProvisioningRequest, UpdateUserProvisioningResponse, UserProvisioning,
    UserProvisioningConfiguration, UserProvisioningEvent, UserProvisioningStatistics,
};
use serde::{Deserialize, Serialize};

use super::params;
use super::params::Given as _;
use super::ram_users;
use super::{
    MAX_ROWS_PER_DIRECTORY, RD_ACCOUNT, Tables, conflict, id_of, key, member_account, not_found,
    prefix, principal_of,
};
use crate::error::Failure;
use crate::pagination::{PageRequest, UP_TO_100};
use crate::service::{Context, Served};
use crate::state::{AccountState, Row, timestamp};

/// `SourceType` of a run started by `CreateUserProvisioning`.
const START_PROVISIONING: &str = "StartProvisioning";
/// The default session duration of provisioned RAM users, in hours (documented).
const DEFAULT_SESSION_HOURS: i64 = 6;
/// The default landing page (documented).
const DEFAULT_LANDING_PAGE: &str = "https://homenew.console.aliyun.com";
/// The longest landing page kept (not documented).
const MAX_LANDING_PAGE: usize = 1024;

/// One RAM user provisioning.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct UserProvisioningRow {
    pub(crate) principal_type: String,
    pub(crate) principal_id: String,
    pub(crate) target_id: String,
    pub(crate) duplication_strategy: String,
    pub(crate) deletion_strategy: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) description: Option<String>,
    pub(crate) status: String,
    pub(crate) owner_pk: String,
    pub(crate) create_time: String,
    pub(crate) update_time: String,
}

impl Row for UserProvisioningRow {
    const TABLE: &'static str = "user_provisionings";
}

/// A directory's user provisioning configuration, once UpdateUserProvisioningConfiguration
/// changed it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct UserProvisioningConfigurationRow {
    pub(crate) session_duration: i64,
    pub(crate) default_landing_page: String,
    pub(crate) create_time: String,
    pub(crate) update_time: String,
}

impl Row for UserProvisioningConfigurationRow {
    const TABLE: &'static str = "user_provisioning_configurations";
}

/// One failed event of a user provisioning.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct UserProvisioningEventRow {
    pub(crate) user_provisioning_id: String,
    pub(crate) source_type: String,
    pub(crate) principal_type: String,
    pub(crate) principal_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) principal_name: Option<String>,
    pub(crate) target_id: String,
    pub(crate) duplication_strategy: String,
    pub(crate) deletion_strategy: String,
    pub(crate) error_count: i64,
    pub(crate) error_info: String,
    pub(crate) create_time: String,
    pub(crate) update_time: String,
    pub(crate) latest_async_time: String,
}

impl Row for UserProvisioningEventRow {
    const TABLE: &'static str = "user_provisioning_events";
}

fn user_provisioning_not_found(directory: &str, id: &str) -> Failure {
    not_found(
        "UserProvisioning",
        format!(
            "The specified user provisioning does not exist: UserProvisioningId `{id}` is not \
             known in directory `{directory}`."
        ),
    )
}

fn event_not_found(directory: &str, id: &str) -> Failure {
    not_found(
        "UserProvisioningEvent",
        format!(
            "The specified user provisioning event does not exist: EventId `{id}` is not known \
             in directory `{directory}`."
        ),
    )
}

fn user_provisioning_view(
    state: &AccountState,
    directory: &str,
    id: &str,
    row: &UserProvisioningRow,
) -> UserProvisioning {
    let mut view = UserProvisioning::default();
    view.user_provisioning_id = Some(id.to_owned());
    view.directory_id = Some(directory.to_owned());
    view.principal_type = Some(PrincipalType::from(row.principal_type.as_str()));
    view.principal_id = Some(row.principal_id.clone());
    view.principal_name =
        state
            .identity
            .principal_name(directory, &row.principal_type, &row.principal_id);
    view.target_type = Some(RD_ACCOUNT.to_owned());
    view.target_id = Some(row.target_id.clone());
    view.duplication_strategy = Some(DuplicationStrategy::from(row.duplication_strategy.as_str()));
    view.deletion_strategy = Some(DeletionStrategy::from(row.deletion_strategy.as_str()));
    view.description.clone_from(&row.description);
    view.status = Some(CreateUserStatus::from(row.status.as_str()));
    view.owner_pk = Some(row.owner_pk.clone());
    view.create_time = Some(row.create_time.clone());
    view.update_time = Some(row.update_time.clone());
    view
}

fn event_view(directory: &str, id: &str, row: &UserProvisioningEventRow) -> UserProvisioningEvent {
    let mut view = UserProvisioningEvent::default();
    view.event_id = Some(id.to_owned());
    view.directory_id = Some(directory.to_owned());
    view.user_provisioning_id = Some(row.user_provisioning_id.clone());
    view.source_type = Some(SourceType::from(row.source_type.as_str()));
    view.principal_type = Some(PrincipalType::from(row.principal_type.as_str()));
    view.principal_id = Some(row.principal_id.clone());
    view.principal_name.clone_from(&row.principal_name);
    view.target_type = Some(RD_ACCOUNT.to_owned());
    view.target_id = Some(row.target_id.clone());
    view.duplication_strategy = Some(DuplicationStrategy::from(row.duplication_strategy.as_str()));
    view.deletion_strategy = Some(DeletionStrategy::from(row.deletion_strategy.as_str()));
    view.error_count = Some(row.error_count);
    view.error_info = Some(row.error_info.clone());
    view.create_time = Some(row.create_time.clone());
    view.update_time = Some(row.update_time.clone());
    view.latest_async_time = Some(row.latest_async_time.clone());
    view
}

impl Tables {
    fn require_user_provisioning(
        &self,
        directory: &str,
        id: &str,
    ) -> Result<&UserProvisioningRow, Failure> {
        self.user_provisionings
            .get(&key(directory, id))
            .ok_or_else(|| user_provisioning_not_found(directory, id))
    }
}

/// A strategy, if given, checked against its documented values.
fn strategy<'a>(
    name: &'static str,
    value: Option<&'a str>,
    allowed: &[&str],
) -> Result<Option<&'a str>, Failure> {
    match value {
        None => Ok(None),
        Some(v) if allowed.contains(&v) => Ok(Some(v)),
        Some(v) => Err(params::invalid(name, v, &allowed.join(" or "))),
    }
}

/// `CreateUserProvisioning`: a RAM user provisioning (`up-` ID) of an existing user or group
/// to a member account, `Enabled`, `OwnerPk` the calling account. One per principal and
/// account (`EntityAlreadyExists.UserProvisioning`, the emulator's code).
impl Served for CreateUserProvisioning {
    fn serve(
        context: &Context<'_>,
        request: &CreateUserProvisioningRequest,
    ) -> Result<CreateUserProvisioningResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let (kind, principal) =
            principal_of::<Self>(request.principal_type.given(), request.principal_id.given())?;
        let account = member_account::<Self>(
            context,
            request.target_type.given().map(String::as_str),
            request.target_id.given().map(String::as_str),
        )?;
        let duplication = strategy(
            "DuplicationStrategy",
            request
                .duplication_strategy
                .given()
                .map(DuplicationStrategy::as_str),
            DuplicationStrategy::VALUES,
        )?
        .ok_or_else(|| params::missing::<Self>("DuplicationStrategy"))?;
        let deletion = strategy(
            "DeletionStrategy",
            request
                .deletion_strategy
                .given()
                .map(DeletionStrategy::as_str),
            DeletionStrategy::VALUES,
        )?
        .ok_or_else(|| params::missing::<Self>("DeletionStrategy"))?;
        let description = params::text::<Self>("Description", &request.description)?;
        let now = timestamp(context.now);
        let view = context.write(|state| {
            state.directory.require(directory)?;
            state
                .identity
                .require_principal_name(directory, kind, principal)?;
            let scan = prefix(directory);
            let existing = state
                .access
                .user_provisionings
                .prefix(&scan)
                .find(|(_, p)| {
                    p.principal_type == kind.as_str()
                        && p.principal_id == principal
                        && p.target_id == account
                });
            if let Some((k, _)) = existing {
                return Err(conflict(
                    "EntityAlreadyExists.UserProvisioning",
                    format!(
                        "{} `{principal}` is already provisioned to account `{account}` by user \
                         provisioning `{}`.",
                        kind.as_str(),
                        id_of(k)
                    ),
                ));
            }
            if state
                .access
                .user_provisionings
                .prefix(&prefix(directory))
                .count()
                >= MAX_ROWS_PER_DIRECTORY
            {
                return Err(conflict(
                    "QuotaExceeded.UserProvisioning",
                    format!(
                        "Directory `{directory}` holds the emulator's limit of user provisionings."
                    ),
                ));
            }
            let id = super::ids::resource_id("up-");
            let row = UserProvisioningRow {
                principal_type: kind.as_str().to_owned(),
                principal_id: principal.to_owned(),
                target_id: account.to_owned(),
                duplication_strategy: duplication.to_owned(),
                deletion_strategy: deletion.to_owned(),
                description: description.map(str::to_owned),
                status: CreateUserStatus::Enabled.as_str().to_owned(),
                owner_pk: context.account.to_owned(),
                create_time: now.clone(),
                update_time: now.clone(),
            };
            state
                .access
                .user_provisionings
                .insert(key(directory, &id), row.clone());
            ram_users::run(state, directory, &id, None, START_PROVISIONING, None, &now);
            Ok(user_provisioning_view(state, directory, &id, &row))
        })?;
        let mut response = CreateUserProvisioningResponse::default();
        response.user_provisioning = Some(view);
        response.request_id = Some(context.request_id());
        Ok(response)
    }
}

/// `GetUserProvisioning`.
impl Served for GetUserProvisioning {
    fn serve(
        context: &Context<'_>,
        request: &GetUserProvisioningRequest,
    ) -> Result<GetUserProvisioningResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let id =
            params::required_text::<Self>("UserProvisioningId", &request.user_provisioning_id)?;
        let view = context.read(|state| {
            state.directory.require(directory)?;
            let row = state.access.require_user_provisioning(directory, id)?;
            Ok::<_, Failure>(user_provisioning_view(state, directory, id, row))
        })?;
        let mut response = GetUserProvisioningResponse::default();
        response.user_provisioning = Some(view);
        response.request_id = Some(context.request_id());
        Ok(response)
    }
}

/// `ListUserProvisionings`: oldest first, with the pair filters (`PrincipalType` +
/// `PrincipalId`, `TargetType` + `TargetId`), each applied only when both are given.
impl Served for ListUserProvisionings {
    fn serve(
        context: &Context<'_>,
        request: &ListUserProvisioningsRequest,
    ) -> Result<ListUserProvisioningsResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let target = match (&request.target_type, &request.target_id) {
            (Some(_), Some(id)) => Some(id.as_str()),
            _ => None,
        };
        let principal = match (&request.principal_type, &request.principal_id) {
            (Some(kind), Some(id)) => Some((kind.as_str(), id.as_str())),
            _ => None,
        };
        let scope = format!("ListUserProvisionings\n{directory}\n{target:?}\n{principal:?}");
        let paging = PageRequest::new(
            UP_TO_100,
            scope,
            request.max_results,
            request.next_token.given().map(String::as_str),
        )?;
        let page = context.read(|state| {
            state.directory.require(directory)?;
            let scan = prefix(directory);
            let items = state
                .access
                .user_provisionings
                .prefix(&scan)
                .filter(|(_, p)| {
                    target.is_none_or(|t| p.target_id == t)
                        && principal.is_none_or(|(kind, id)| {
                            p.principal_type == kind && p.principal_id == id
                        })
                })
                .map(|(k, p)| (k, (id_of(k), p)));
            Ok::<_, Failure>(
                paging
                    .page(items)
                    .map(|(id, p)| user_provisioning_view(state, directory, id, p)),
            )
        })?;
        Ok(page.into_response(context.request_id()))
    }
}

/// `UpdateUserProvisioning`: `NewDescription`, `NewDuplicationStrategy`,
/// `NewDeletionStrategy`, each when given.
impl Served for UpdateUserProvisioning {
    fn serve(
        context: &Context<'_>,
        request: &UpdateUserProvisioningRequest,
    ) -> Result<UpdateUserProvisioningResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let id =
            params::required_text::<Self>("UserProvisioningId", &request.user_provisioning_id)?;
        let description = params::text::<Self>("NewDescription", &request.new_description)?;
        let duplication = strategy(
            "NewDuplicationStrategy",
            request
                .new_duplication_strategy
                .as_ref()
                .map(|s| s.as_str()),
            DuplicationStrategy::VALUES,
        )?;
        let deletion = strategy(
            "NewDeletionStrategy",
            request.new_deletion_strategy.as_ref().map(|s| s.as_str()),
            DeletionStrategy::VALUES,
        )?;
        let now = timestamp(context.now);
        let view = context.write(|state| {
            state.directory.require(directory)?;
            let row = state
                .access
                .user_provisionings
                .get_mut(&key(directory, id))
                .ok_or_else(|| user_provisioning_not_found(directory, id))?;
            if let Some(d) = description {
                row.description = Some(d.to_owned());
            }
            if let Some(d) = duplication {
                row.duplication_strategy = d.to_owned();
            }
            if let Some(d) = deletion {
                row.deletion_strategy = d.to_owned();
            }
            row.update_time = now;
            let row = row.clone();
            Ok(user_provisioning_view(state, directory, id, &row))
        })?;
        let mut response = UpdateUserProvisioningResponse::default();
        response.user_provisioning = Some(view);
        response.request_id = Some(context.request_id());
        Ok(response)
    }
}

/// `DeleteUserProvisioning`: the provisioning and its events go, and the RAM users it
/// manages are deleted (`DeletionStrategy` `Delete`) or kept (`Keep`): the one given, else
/// the stored one.
impl Served for DeleteUserProvisioning {
    fn serve(
        context: &Context<'_>,
        request: &DeleteUserProvisioningRequest,
    ) -> Result<DeleteUserProvisioningResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let id =
            params::required_text::<Self>("UserProvisioningId", &request.user_provisioning_id)?;
        let deletion = strategy(
            "DeletionStrategy",
            request
                .deletion_strategy
                .given()
                .map(DeletionStrategy::as_str),
            DeletionStrategy::VALUES,
        )?;
        context.write(|state| {
            state.directory.require(directory)?;
            let stored = state
                .access
                .require_user_provisioning(directory, id)?
                .deletion_strategy
                .clone();
            ram_users::deprovision(state, directory, id, None, deletion.unwrap_or(&stored));
            let access = &mut state.access;
            access.user_provisionings.remove(&key(directory, id));
            let events: Vec<String> = access
                .user_provisioning_events
                .prefix(&prefix(directory))
                .filter(|(_, e)| e.user_provisioning_id == id)
                .map(|(k, _)| k.to_owned())
                .collect();
            for k in events {
                access.user_provisioning_events.remove(&k);
            }
            Ok(())
        })?;
        let mut response = DeleteUserProvisioningResponse::default();
        response.request_id = Some(context.request_id());
        Ok(response)
    }
}

/// The configuration of `directory`: the stored one, or the documented defaults dated at
/// the directory's creation.
fn configuration(
    state: &AccountState,
    directory: &str,
) -> Result<UserProvisioningConfiguration, Failure> {
    let created = state.directory.require(directory)?.create_time.clone();
    let row = state
        .access
        .user_provisioning_configurations
        .get(directory)
        .cloned()
        .unwrap_or_else(|| UserProvisioningConfigurationRow {
            session_duration: DEFAULT_SESSION_HOURS,
            default_landing_page: DEFAULT_LANDING_PAGE.to_owned(),
            create_time: created.clone(),
            update_time: created,
        });
    let mut view = UserProvisioningConfiguration::default();
    view.directory_id = Some(directory.to_owned());
    view.session_duration = Some(row.session_duration);
    view.default_landing_page = Some(row.default_landing_page);
    view.create_time = Some(row.create_time);
    view.update_time = Some(row.update_time);
    Ok(view)
}

/// `GetUserProvisioningConfiguration`: `SessionDuration` (hours, default 6) and
/// `DefaultLandingPage` (default `https://homenew.console.aliyun.com`).
impl Served for GetUserProvisioningConfiguration {
    fn serve(
        context: &Context<'_>,
        request: &GetUserProvisioningConfigurationRequest,
    ) -> Result<GetUserProvisioningConfigurationResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let view = context.read(|state| configuration(state, directory))?;
        let mut response = GetUserProvisioningConfigurationResponse::default();
        response.user_provisioning_configuration = Some(view);
        response.request_id = Some(context.request_id());
        Ok(response)
    }
}

/// `UpdateUserProvisioningConfiguration`: `NewSessionDuration` (1-24 hours) and
/// `NewDefaultLandingPage` (an `http(s)://` address), each when given; answers the result.
impl Served for UpdateUserProvisioningConfiguration {
    fn serve(
        context: &Context<'_>,
        request: &UpdateUserProvisioningConfigurationRequest,
    ) -> Result<UpdateUserProvisioningConfigurationResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let session = params::integer::<Self>("NewSessionDuration", request.new_session_duration)?;
        let landing = request.new_default_landing_page.given().map(String::as_str);
        if let Some(page) = landing {
            let web = page.starts_with("https://") || page.starts_with("http://");
            if !web || page.chars().count() > MAX_LANDING_PAGE {
                return Err(params::invalid(
                    "NewDefaultLandingPage",
                    page,
                    "an http:// or https:// address of at most 1024 characters",
                ));
            }
        }
        let now = timestamp(context.now);
        let view = context.write(|state| {
            let current = configuration(state, directory)?;
            let row = UserProvisioningConfigurationRow {
                session_duration: session
                    .or(current.session_duration)
                    .unwrap_or(DEFAULT_SESSION_HOURS),
                default_landing_page: landing
                    .map(str::to_owned)
                    .or(current.default_landing_page)
                    .unwrap_or_else(|| DEFAULT_LANDING_PAGE.to_owned()),
                create_time: current.create_time.unwrap_or_else(|| now.clone()),
                update_time: now,
            };
            state
                .access
                .user_provisioning_configurations
                .insert(directory.to_owned(), row);
            configuration(state, directory)
        })?;
        let mut response = UpdateUserProvisioningConfigurationResponse::default();
        response.user_provisioning_configuration = Some(view);
        response.request_id = Some(context.request_id());
        Ok(response)
    }
}

/// `GetUserProvisioningStatistics`: the provisioning's failed events (`FailedEventCount`)
/// and when it last ran (`LatestAsyncTime`: its last change, or its latest event's).
impl Served for GetUserProvisioningStatistics {
    fn serve(
        context: &Context<'_>,
        request: &GetUserProvisioningStatisticsRequest,
    ) -> Result<GetUserProvisioningStatisticsResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let id =
            params::required_text::<Self>("UserProvisioningId", &request.user_provisioning_id)?;
        let view = context.read(|state| {
            state.directory.require(directory)?;
            let row = state.access.require_user_provisioning(directory, id)?;
            let scan = prefix(directory);
            let events: Vec<&UserProvisioningEventRow> = state
                .access
                .user_provisioning_events
                .prefix(&scan)
                .map(|(_, e)| e)
                .filter(|e| e.user_provisioning_id == id)
                .collect();
            let latest = events
                .iter()
                .map(|e| e.latest_async_time.clone())
                .chain([row.update_time.clone()])
                .max();
            let mut view = UserProvisioningStatistics::default();
            view.directory_id = Some(directory.to_owned());
            view.entity_id = Some(id.to_owned());
            view.r#type = Some("User Provisioning".to_owned());
            view.owner_pk = Some(row.owner_pk.clone());
            view.failed_event_count = Some(i64::try_from(events.len()).unwrap_or(i64::MAX));
            view.latest_async_time = latest;
            Ok::<_, Failure>(view)
        })?;
        let mut response = GetUserProvisioningStatisticsResponse::default();
        response.user_provisioning_statistics = Some(view);
        response.request_id = Some(context.request_id());
        Ok(response)
    }
}

/// `GetUserProvisioningRdAccountStatistics`: the failed events of every provisioning to the
/// member account `RdMemberId`, and when one last ran there (absent when none ever did).
impl Served for GetUserProvisioningRdAccountStatistics {
    fn serve(
        context: &Context<'_>,
        request: &GetUserProvisioningRdAccountStatisticsRequest,
    ) -> Result<GetUserProvisioningRdAccountStatisticsResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let member = member_account::<Self>(
            context,
            Some(RD_ACCOUNT),
            request.rd_member_id.given().map(String::as_str),
        )
        .map_err(|failure| {
            if failure.code == "MissingTargetId" {
                params::missing::<Self>("RdMemberId")
            } else if failure.code == "InvalidTargetId" {
                params::invalid(
                    "RdMemberId",
                    request
                        .rd_member_id
                        .given()
                        .map(String::as_str)
                        .unwrap_or_default(),
                    "the 16-digit ID of a member account of the resource directory",
                )
            } else {
                failure
            }
        })?;
        let view = context.read(|state| {
            state.directory.require(directory)?;
            let access = &state.access;
            let failed = access
                .user_provisioning_events
                .prefix(&prefix(directory))
                .filter(|(_, e)| e.target_id == member)
                .count();
            let latest = access
                .user_provisionings
                .prefix(&prefix(directory))
                .filter(|(_, p)| p.target_id == member)
                .map(|(_, p)| p.update_time.clone())
                .max();
            let mut view = UserProvisioningStatistics::default();
            view.directory_id = Some(directory.to_owned());
            view.entity_id = Some(member.to_owned());
            view.r#type = Some("RD Account".to_owned());
            view.owner_pk = Some(context.account.to_owned());
            view.failed_event_count = Some(i64::try_from(failed).unwrap_or(i64::MAX));
            view.latest_async_time = latest;
            Ok::<_, Failure>(view)
        })?;
        let mut response = GetUserProvisioningRdAccountStatisticsResponse::default();
        response.user_provisioning_statistics = Some(view);
        response.request_id = Some(context.request_id());
        Ok(response)
    }
}

/// `ListUserProvisioningEvents`: the directory's failed events, oldest first, optionally of
/// one provisioning (unknown: `EntityNotExists.UserProvisioning`).
impl Served for ListUserProvisioningEvents {
    fn serve(
        context: &Context<'_>,
        request: &ListUserProvisioningEventsRequest,
    ) -> Result<ListUserProvisioningEventsResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let of = request
            .user_provisioning_id
            .as_deref()
            .filter(|id| !id.is_empty());
        let scope = format!("ListUserProvisioningEvents\n{directory}\n{of:?}");
        let paging = PageRequest::new(
            UP_TO_100,
            scope,
            request.max_results,
            request.next_token.given().map(String::as_str),
        )?;
        let page = context.read(|state| {
            state.directory.require(directory)?;
            if let Some(of) = of {
                state.access.require_user_provisioning(directory, of)?;
            }
            let scan = prefix(directory);
            let items = state
                .access
                .user_provisioning_events
                .prefix(&scan)
                .filter(|(_, e)| of.is_none_or(|of| e.user_provisioning_id == of))
                .map(|(k, e)| (k, (id_of(k), e)));
            Ok::<_, Failure>(
                paging
                    .page(items)
                    .map(|(id, e)| event_view(directory, id, e)),
            )
        })?;
        Ok(page.into_response(context.request_id()))
    }
}

/// `GetUserProvisioningEvent`.
impl Served for GetUserProvisioningEvent {
    fn serve(
        context: &Context<'_>,
        request: &GetUserProvisioningEventRequest,
    ) -> Result<GetUserProvisioningEventResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let id = params::required_text::<Self>("EventId", &request.event_id)?;
        let view = context.read(|state| {
            state.directory.require(directory)?;
            let row = state
                .access
                .user_provisioning_events
                .get(&key(directory, id))
                .ok_or_else(|| event_not_found(directory, id))?;
            Ok::<_, Failure>(event_view(directory, id, row))
        })?;
        let mut response = GetUserProvisioningEventResponse::default();
        response.user_provisioning_event = Some(view);
        response.request_id = Some(context.request_id());
        Ok(response)
    }
}

/// `RetryUserProvisioningEvent`: runs the provisioning again for the event's user, with
/// `DuplicationStrategy` when given (`TakeOver` resolves a taken name): on success the
/// event is gone, else it counts one more failure (`ErrorCount`); either way the
/// provisioning's `UpdateTime` is the retry's time. The call itself succeeds, as the
/// service's retry is asynchronous.
impl Served for RetryUserProvisioningEvent {
    fn serve(
        context: &Context<'_>,
        request: &RetryUserProvisioningEventRequest,
    ) -> Result<RetryUserProvisioningEventResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let id = params::required_text::<Self>("EventId", &request.event_id)?;
        let duplication = strategy(
            "DuplicationStrategy",
            request
                .duplication_strategy
                .given()
                .map(DuplicationStrategy::as_str),
            DuplicationStrategy::VALUES,
        )?;
        let now = timestamp(context.now);
        context.write(|state| {
            state.directory.require(directory)?;
            let event = state
                .access
                .user_provisioning_events
                .get(&key(directory, id))
                .cloned()
                .ok_or_else(|| event_not_found(directory, id))?;
            let up = key(directory, &event.user_provisioning_id);
            let name = state
                .identity
                .user(directory, &event.principal_id)
                .map(|u| u.user_name.clone());
            match name {
                Some(name) if state.access.user_provisionings.contains_key(&up) => {
                    ram_users::run(
                        state,
                        directory,
                        &event.user_provisioning_id,
                        Some(&[(event.principal_id.clone(), name)]),
                        &event.source_type,
                        duplication,
                        &now,
                    );
                    if let Some(p) = state.access.user_provisionings.get_mut(&up) {
                        p.update_time = now;
                    }
                }
                // Nothing left to provision: the event is moot.
                _ => {
                    state
                        .access
                        .user_provisioning_events
                        .remove(&key(directory, id));
                }
            }
            Ok(())
        })?;
        let mut response = RetryUserProvisioningEventResponse::default();
        response.request_id = Some(context.request_id());
        Ok(response)
    }
}

/// `DeleteUserProvisioningEvent`: the event goes (when `UserProvisioningId` is given, the
/// event must be of that provisioning).
impl Served for DeleteUserProvisioningEvent {
    fn serve(
        context: &Context<'_>,
        request: &DeleteUserProvisioningEventRequest,
    ) -> Result<DeleteUserProvisioningEventResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let id = params::required_text::<Self>("EventId", &request.event_id)?;
        let of = request
            .user_provisioning_id
            .as_deref()
            .filter(|id| !id.is_empty());
        context.write(|state| {
            state.directory.require(directory)?;
            let access = &mut state.access;
            let k = key(directory, id);
            let matches = access
                .user_provisioning_events
                .get(&k)
                .is_some_and(|e| of.is_none_or(|of| e.user_provisioning_id == of));
            if !matches {
                return Err(event_not_found(directory, id));
            }
            access.user_provisioning_events.remove(&k);
            Ok(())
        })?;
        let mut response = DeleteUserProvisioningEventResponse::default();
        response.request_id = Some(context.request_id());
        Ok(response)
    }
}
