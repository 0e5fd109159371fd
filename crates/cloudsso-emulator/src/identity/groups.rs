//! Groups: create, list (filters and pages), read, rename or describe, delete.

use cloudsso_model::{
    CreateGroup, CreateGroupRequest, CreateGroupResponse, DeleteGroup, DeleteGroupRequest,
    DeleteGroupResponse, GetGroup, GetGroupRequest, GetGroupResponse, Group, ListGroups,
    ListGroupsRequest, ListGroupsResponse, PrincipalType, ProvisionType, UpdateGroup,
    UpdateGroupRequest, UpdateGroupResponse,
};
use http::StatusCode;

use super::users::{NameFilter, deletion_conflict};
use super::{GroupNameRow, GroupRow, folded, group_not_found, scim_locked};
use crate::directory::{self, key, prefix};
use crate::error::Failure;
use crate::pagination::{PageRequest, UP_TO_100};
use crate::params;
use crate::service::{Context, Served};
use crate::state::{AccountState, timestamp};

/// Whether `name` follows the documented rules of `GroupName`: letters, digits and `_-.`.
fn check_group_name(parameter: &str, name: &str) -> Result<(), Failure> {
    if name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c))
    {
        Ok(())
    } else {
        Err(params::invalid(
            parameter,
            name,
            "1 to 128 letters, digits and the characters _ - .",
        ))
    }
}

/// `EntityAlreadyExists.GroupName` (409).
fn group_name_taken(name: &str) -> Failure {
    Failure::new(
        "EntityAlreadyExists.GroupName",
        StatusCode::CONFLICT,
        format!(
            "The group name `{name}` is already in use in this directory (group names are \
             unique regardless of case)."
        ),
    )
}

/// The group as every group operation reports it.
#[allow(clippy::field_reassign_with_default)]
pub(crate) fn view(id: &str, row: &GroupRow) -> Group {
    let mut view = Group::default();
    view.group_id = Some(id.to_owned());
    view.group_name = Some(row.group_name.clone());
    view.description = row.description.clone();
    view.provision_type = Some(row.provision_type.as_str().to_owned());
    view.create_time = Some(row.create_time.clone());
    view.update_time = Some(row.update_time.clone());
    view
}

/// Inserts `row` as group `id` of `directory`: the name must be free and the quota not
/// reached. Used by `CreateGroup` and the seed.
pub(crate) fn insert_group(
    state: &mut AccountState,
    directory: &str,
    id: String,
    row: GroupRow,
    quota: u64,
) -> Result<(), Failure> {
    let dir = state.directory.require_mut(directory)?;
    if dir.group_count >= quota {
        return Err(Failure::new(
            "QuotaExceeded.Group",
            StatusCode::CONFLICT,
            format!(
                "Directory `{directory}` holds {quota} groups, its quota (GroupQuota of \
                 GetDirectoryStatistics); delete a group first."
            ),
        ));
    }
    let name_key = key(directory, &folded(&row.group_name));
    if state.identity.group_names.contains_key(&name_key) {
        return Err(group_name_taken(&row.group_name));
    }
    state
        .identity
        .group_names
        .insert(name_key, GroupNameRow { id: id.clone() });
    state.identity.groups.insert(key(directory, &id), row);
    dir.group_count += 1;
    Ok(())
}

/// A fresh group ID not in use in `directory`.
pub(crate) fn new_group_id(state: &AccountState, directory: &str) -> String {
    loop {
        let id = crate::ids::resource_id("g-");
        if !state.identity.groups.contains_key(&key(directory, &id)) {
            return id;
        }
    }
}

/// `CreateGroup`: a `Manual` group; the name unique in the directory (case-insensitive);
/// within `GroupQuota`.
impl Served for CreateGroup {
    fn serve(
        context: &Context<'_>,
        request: &CreateGroupRequest,
    ) -> Result<CreateGroupResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let name = params::required_text::<Self>("GroupName", &request.group_name)?;
        check_group_name("GroupName", name)?;
        let description = params::text::<Self>("Description", &request.description)?;
        let now = timestamp(context.now);
        let row = GroupRow {
            group_name: name.to_owned(),
            description: description.filter(|d| !d.is_empty()).map(str::to_owned),
            provision_type: ProvisionType::Manual,
            external_id: None,
            create_time: now.clone(),
            update_time: now,
            member_count: 0,
        };
        let quota = directory::quotas(context).groups;
        let group = context.write(|state| {
            let id = new_group_id(state, directory);
            let group = view(&id, &row);
            insert_group(state, directory, id, row, quota)?;
            Ok(group)
        })?;
        Ok(CreateGroupResponse::builder()
            .group(group)
            .request_id(context.request_id())
            .build())
    }
}

/// `ListGroups`: the directory's groups, oldest first, filtered by `Filter`
/// (`GroupName eq|sw`) and `ProvisionType`, in pages.
impl Served for ListGroups {
    fn serve(
        context: &Context<'_>,
        request: &ListGroupsRequest,
    ) -> Result<ListGroupsResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let filter = NameFilter::parse("GroupName", request.filter.as_ref())?;
        let scope = format!(
            "ListGroups\n{directory}\n{}\n{}",
            request.filter.as_deref().unwrap_or_default(),
            request.provision_type.as_ref().map_or("", |p| p.as_str()),
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
                .groups
                .prefix(&below)
                .filter(|(_, group)| {
                    filter.as_ref().is_none_or(|f| f.matches(&group.group_name))
                        && request
                            .provision_type
                            .as_ref()
                            .is_none_or(|p| *p == group.provision_type)
                })
                .map(|(key, group)| (key, view(directory::id_of(key), group)));
            Ok::<_, Failure>(page.page(all))
        })?;
        Ok(page.into_response(context.request_id()))
    }
}

/// `GetGroup`: the group's attributes.
impl Served for GetGroup {
    fn serve(
        context: &Context<'_>,
        request: &GetGroupRequest,
    ) -> Result<GetGroupResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let id = params::required_text::<Self>("GroupId", &request.group_id)?;
        let group = context.read(|state| {
            state.directory.require(directory)?;
            state
                .identity
                .require_group(directory, id)
                .map(|row| view(id, row))
        })?;
        Ok(GetGroupResponse::builder()
            .group(group)
            .request_id(context.request_id())
            .build())
    }
}

/// `UpdateGroup`: `NewGroupName` (unique, same rules as `GroupName`) and `NewDescription`
/// (empty clears it) replace what they name. Refused for a synchronized group under the
/// SCIM lock.
impl Served for UpdateGroup {
    fn serve(
        context: &Context<'_>,
        request: &UpdateGroupRequest,
    ) -> Result<UpdateGroupResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let id = params::required_text::<Self>("GroupId", &request.group_id)?;
        let new_name = params::text::<Self>("NewGroupName", &request.new_group_name)?;
        if let Some(name) = new_name {
            if name.is_empty() {
                return Err(params::invalid(
                    "NewGroupName",
                    name,
                    "a non-empty group name",
                ));
            }
            check_group_name("NewGroupName", name)?;
        }
        let description = params::text::<Self>("NewDescription", &request.new_description)?;
        let now = timestamp(context.now);
        let group = context.write(|state| {
            let locked = state.directory.scim_sync_enabled(directory);
            state.directory.require(directory)?;
            let identity = &mut state.identity;
            let group_key = key(directory, id);
            let old = identity
                .groups
                .get(&group_key)
                .ok_or_else(|| group_not_found(directory, id))?;
            if old.is_locked(locked) {
                return Err(scim_locked("group", id));
            }
            let old_name = old.group_name.clone();
            if let Some(name) = new_name
                && folded(name) != folded(&old_name)
            {
                let new_key = key(directory, &folded(name));
                if identity.group_names.contains_key(&new_key) {
                    return Err(group_name_taken(name));
                }
                identity
                    .group_names
                    .remove(&key(directory, &folded(&old_name)));
                identity
                    .group_names
                    .insert(new_key, GroupNameRow { id: id.to_owned() });
            }
            let row = identity
                .groups
                .get_mut(&group_key)
                .ok_or_else(|| group_not_found(directory, id))?;
            if let Some(name) = new_name {
                row.group_name = name.to_owned();
            }
            if let Some(description) = description {
                row.description = (!description.is_empty()).then(|| description.to_owned());
            }
            row.update_time = now;
            Ok(view(id, row))
        })?;
        Ok(UpdateGroupResponse::builder()
            .group(group)
            .request_id(context.request_id())
            .build())
    }
}

/// `DeleteGroup`: refused while the group has members (`DeletionConflict.Group.Member`) or
/// access assignments (`DeletionConflict.Group.AccessAssigment`, sic), and for a
/// synchronized group under the SCIM lock.
impl Served for DeleteGroup {
    fn serve(
        context: &Context<'_>,
        request: &DeleteGroupRequest,
    ) -> Result<DeleteGroupResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let id = params::required_text::<Self>("GroupId", &request.group_id)?;
        context.write(|state| {
            let locked = state.directory.scim_sync_enabled(directory);
            state.directory.require(directory)?;
            let row = state.identity.require_group(directory, id)?;
            if row.is_locked(locked) {
                return Err(scim_locked("group", id));
            }
            if row.member_count > 0 {
                return Err(deletion_conflict(
                    "DeletionConflict.Group.Member",
                    format!(
                        "The group `{id}` still has {} members; remove them \
                         (RemoveUserFromGroup) first.",
                        row.member_count
                    ),
                ));
            }
            if super::has_access_assignments(state, directory, &PrincipalType::Group, id) {
                return Err(deletion_conflict(
                    "DeletionConflict.Group.AccessAssigment",
                    format!(
                        "The group `{id}` still has access assignments; delete them \
                         (DeleteAccessAssignment) first."
                    ),
                ));
            }
            if super::has_user_provisionings(state, directory, &PrincipalType::Group, id) {
                return Err(deletion_conflict(
                    "DeletionConflict.Group.UserProvisioning",
                    format!(
                        "The group `{id}` still has RAM user provisionings; delete them \
                         (DeleteUserProvisioning) first."
                    ),
                ));
            }
            if let Some(row) = state.identity.groups.remove(&key(directory, id)) {
                state
                    .identity
                    .group_names
                    .remove(&key(directory, &folded(&row.group_name)));
                let dir = state.directory.require_mut(directory)?;
                dir.group_count = dir.group_count.saturating_sub(1);
            }
            Ok(())
        })?;
        Ok(DeleteGroupResponse::builder()
            .request_id(context.request_id())
            .build())
    }
}
