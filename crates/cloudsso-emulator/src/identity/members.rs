//! Group membership: add, remove, a group's members and a user's groups (with `JoinTime`).

use cloudsso_model::{
    AddUserToGroup, AddUserToGroupRequest, AddUserToGroupResponse, GroupMember, JoinedGroup,
    ListGroupMembers, ListGroupMembersRequest, ListGroupMembersResponse, ListJoinedGroupsForUser,
    ListJoinedGroupsForUserRequest, ListJoinedGroupsForUserResponse, RemoveUserFromGroup,
    RemoveUserFromGroupRequest, RemoveUserFromGroupResponse,
};
use http::StatusCode;

use super::{GroupMemberRow, JoinedGroupRow, scim_locked};
use crate::directory::{self, key};
use crate::error::Failure;
use crate::pagination::{PageRequest, UP_TO_100};
use crate::params;
use crate::service::{Context, Served};
use crate::state::{AccountState, timestamp};

/// Adds user `user` to group `group` of `directory` at `now`; both must exist and the
/// membership must be new (`EntityAlreadyExists.GroupMember`). Used by `AddUserToGroup` and
/// the seed.
pub(crate) fn add_member(
    state: &mut AccountState,
    directory: &str,
    group: &str,
    user: &str,
    now: &str,
) -> Result<(), Failure> {
    state.identity.require_user(directory, user)?;
    let group_key = key(directory, group);
    let member_key = format!("{group_key}/{user}");
    if state.identity.group_members.contains_key(&member_key) {
        return Err(Failure::new(
            "EntityAlreadyExists.GroupMember",
            StatusCode::CONFLICT,
            format!("The user `{user}` is already a member of group `{group}`."),
        ));
    }
    let row = state
        .identity
        .groups
        .get_mut(&group_key)
        .ok_or_else(|| super::group_not_found(directory, group))?;
    row.member_count += 1;
    state.identity.group_members.insert(
        member_key,
        GroupMemberRow {
            join_time: now.to_owned(),
        },
    );
    state.identity.joined_groups.insert(
        format!("{}/{group}", key(directory, user)),
        JoinedGroupRow {
            join_time: now.to_owned(),
        },
    );
    Ok(())
}

/// The group and user IDs of a membership request, and whether the SCIM lock holds the
/// group: a synchronized group's members are SCIM's while synchronization is on.
fn check_lock(state: &AccountState, directory: &str, group: &str) -> Result<(), Failure> {
    state.directory.require(directory)?;
    let locked = state.directory.scim_sync_enabled(directory);
    if state
        .identity
        .require_group(directory, group)?
        .is_locked(locked)
    {
        return Err(scim_locked("group", group));
    }
    Ok(())
}

/// `AddUserToGroup`: the user joins the group now (`JoinTime`); a second add of the same
/// membership is `EntityAlreadyExists.GroupMember`.
impl Served for AddUserToGroup {
    fn serve(
        context: &Context<'_>,
        request: &AddUserToGroupRequest,
    ) -> Result<AddUserToGroupResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let group = params::required_text::<Self>("GroupId", &request.group_id)?;
        let user = params::required_text::<Self>("UserId", &request.user_id)?;
        let now = timestamp(context.now);
        context.write(|state| {
            check_lock(state, directory, group)?;
            add_member(state, directory, group, user, &now)?;
            // A provisioned group provisions its new member (the access family's).
            crate::access::user_joined_group(state, directory, group, user, &now);
            Ok(())
        })?;
        Ok(AddUserToGroupResponse::builder()
            .request_id(context.request_id())
            .build())
    }
}

/// `RemoveUserFromGroup`: ends the membership; `EntityNotExists.GroupMember` when the user
/// is not a member.
impl Served for RemoveUserFromGroup {
    fn serve(
        context: &Context<'_>,
        request: &RemoveUserFromGroupRequest,
    ) -> Result<RemoveUserFromGroupResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let group = params::required_text::<Self>("GroupId", &request.group_id)?;
        let user = params::required_text::<Self>("UserId", &request.user_id)?;
        context.write(|state| {
            check_lock(state, directory, group)?;
            state.identity.require_user(directory, user)?;
            let group_key = key(directory, group);
            if state
                .identity
                .group_members
                .remove(&format!("{group_key}/{user}"))
                .is_none()
            {
                return Err(Failure::new(
                    "EntityNotExists.GroupMember",
                    StatusCode::NOT_FOUND,
                    format!("The user `{user}` is not a member of group `{group}`."),
                ));
            }
            state
                .identity
                .joined_groups
                .remove(&format!("{}/{group}", key(directory, user)));
            if let Some(row) = state.identity.groups.get_mut(&group_key) {
                row.member_count = row.member_count.saturating_sub(1);
            }
            crate::access::user_left_group(state, directory, group, user);
            Ok(())
        })?;
        Ok(RemoveUserFromGroupResponse::builder()
            .request_id(context.request_id())
            .build())
    }
}

/// `ListGroupMembers`: the group's members in user ID order (oldest user first), with the
/// user's attributes and `JoinTime`, in pages.
impl Served for ListGroupMembers {
    fn serve(
        context: &Context<'_>,
        request: &ListGroupMembersRequest,
    ) -> Result<ListGroupMembersResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let group = params::required_text::<Self>("GroupId", &request.group_id)?;
        let page = PageRequest::new(
            UP_TO_100,
            format!("ListGroupMembers\n{directory}\n{group}"),
            request.max_results,
            request.next_token.as_deref(),
        )?;
        let page = context.read(|state| {
            state.directory.require(directory)?;
            state.identity.require_group(directory, group)?;
            let below = format!("{}/", key(directory, group));
            let all = state.identity.group_members.prefix(&below).filter_map(
                |(member_key, membership)| {
                    let user_id = directory::id_of(member_key);
                    let user = state.identity.user(directory, user_id)?;
                    #[allow(clippy::field_reassign_with_default)]
                    let view = {
                        let mut view = GroupMember::default();
                        view.group_id = Some(group.to_owned());
                        view.user_id = Some(user_id.to_owned());
                        view.user_name = Some(user.user_name.clone());
                        view.display_name = user.display_name.clone();
                        view.email = user.email.clone();
                        view.description = user.description.clone();
                        view.status = Some(user.status.clone());
                        view.provision_type = Some(user.provision_type.clone());
                        view.join_time = Some(membership.join_time.clone());
                        view
                    };
                    Some((member_key, view))
                },
            );
            Ok::<_, Failure>(page.page(all))
        })?;
        Ok(page.into_response(context.request_id()))
    }
}

/// `ListJoinedGroupsForUser`: the user's groups in group ID order (oldest group first),
/// with `JoinTime`, in pages.
impl Served for ListJoinedGroupsForUser {
    fn serve(
        context: &Context<'_>,
        request: &ListJoinedGroupsForUserRequest,
    ) -> Result<ListJoinedGroupsForUserResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let user = params::required_text::<Self>("UserId", &request.user_id)?;
        let page = PageRequest::new(
            UP_TO_100,
            format!("ListJoinedGroupsForUser\n{directory}\n{user}"),
            request.max_results,
            request.next_token.as_deref(),
        )?;
        let page = context.read(|state| {
            state.directory.require(directory)?;
            state.identity.require_user(directory, user)?;
            let below = format!("{}/", key(directory, user));
            let all = state.identity.joined_groups.prefix(&below).filter_map(
                |(joined_key, membership)| {
                    let group_id = directory::id_of(joined_key);
                    let group = state.identity.group(directory, group_id)?;
                    #[allow(clippy::field_reassign_with_default)]
                    let view = {
                        let mut view = JoinedGroup::default();
                        view.group_id = Some(group_id.to_owned());
                        view.group_name = Some(group.group_name.clone());
                        view.description = group.description.clone();
                        view.provision_type = Some(group.provision_type.clone());
                        view.user_id = Some(user.to_owned());
                        view.join_time = Some(membership.join_time.clone());
                        view
                    };
                    Some((joined_key, view))
                },
            );
            Ok::<_, Failure>(page.page(all))
        })?;
        Ok(page.into_response(context.request_id()))
    }
}
