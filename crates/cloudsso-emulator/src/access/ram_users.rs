//! What a RAM user provisioning does in the member account, and the failed events it leaves
//! (service.md §1): it creates a RAM user named as each CloudSSO user it covers (the user,
//! or each member of the group), and a user that cannot be created is a failed event with
//! `ErrorInfo` `OperationConflict.UserProvisioning.Process.fail.ImsUserExists`.
//!
//! The emulator's member accounts hold the RAM users provisionings created and the ones a
//! seed lists in the `ram_users` table (key `<account>/<RAM user name>`, row `{}`), which
//! stand for users made in RAM directly. Provisioning CloudSSO user `alice` to an account:
//!
//! - no RAM user `alice` there: it is created;
//! - `alice` is already this provisioning's: nothing changes;
//! - `alice` exists otherwise: `DuplicationStrategy` `TakeOver` takes it over; `KeepBoth`
//!   creates `alice_sso` (the documented suffix), and when `alice_sso` exists otherwise
//!   too, the provisioning of `alice` fails: a failed event.
//!
//! A run starts with `CreateUserProvisioning` (`SourceType` `StartProvisioning`), with
//! `AddUserToGroup` for a provisioned group (`AddUserToGroup`), and with
//! `RetryUserProvisioningEvent` (the event's source; its `DuplicationStrategy`, when given,
//! replaces the provisioning's for that run). One event per provisioning and user: another
//! failure counts on it (`ErrorCount`), a success removes it. Removing a user from a
//! provisioned group, and deleting a provisioning, remove (`DeletionStrategy` `Delete`) or
//! release (`Keep`) the RAM users it manages; that never fails in the emulator.

use cloudsso_model::PrincipalType;
use serde::{Deserialize, Serialize};

use super::{Tables, UserProvisioningEventRow, UserProvisioningRow, id_of, key, prefix};
use crate::state::{AccountState, Row};

/// `ErrorInfo` of a RAM user that could not be created (the documented example).
pub(crate) const IMS_USER_EXISTS: &str =
    "OperationConflict.UserProvisioning.Process.fail.ImsUserExists";
/// The suffix `KeepBoth` gives a RAM user whose name is taken (documented).
const KEEP_BOTH_SUFFIX: &str = "_sso";

/// A RAM user of a member account.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct RamUserRow {
    /// The provisioning (`d-…/up-…`) that created or took over the user; absent for a user
    /// the provisionings do not manage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) user_provisioning: Option<String>,
    /// The CloudSSO user it stands for, when a provisioning manages it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) user_id: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub(crate) create_time: String,
}

impl Row for RamUserRow {
    const TABLE: &'static str = "ram_users";
}

/// The CloudSSO users provisioning `row` of `directory` covers: `(user ID, user name)`.
fn covered_users(
    state: &AccountState,
    directory: &str,
    row: &UserProvisioningRow,
) -> Vec<(String, String)> {
    if row.principal_type == PrincipalType::Group.as_str() {
        let below = prefix(&key(directory, &row.principal_id));
        state
            .identity
            .group_members
            .prefix(&below)
            .filter_map(|(k, _)| {
                let user = id_of(k);
                state
                    .identity
                    .user(directory, user)
                    .map(|u| (user.to_owned(), u.user_name.clone()))
            })
            .collect()
    } else {
        state
            .identity
            .user(directory, &row.principal_id)
            .map(|u| vec![(row.principal_id.clone(), u.user_name.clone())])
            .unwrap_or_default()
    }
}

/// Creates or takes over the RAM user of CloudSSO user `user` (named `name`) in `account`
/// for provisioning `up` with `duplication`; `false` when the names it may use are taken.
fn provision_user(
    tables: &mut Tables,
    account: &str,
    up: &str,
    (user, name): (&str, &str),
    duplication: &str,
    now: &str,
) -> bool {
    let ours = |row: &RamUserRow| {
        row.user_provisioning.as_deref() == Some(up) && row.user_id.as_deref() == Some(user)
    };
    let suffixed = format!("{name}{KEEP_BOTH_SUFFIX}");
    let candidates: &[&str] = if duplication == "TakeOver" {
        &[name]
    } else {
        &[name, &suffixed]
    };
    for candidate in candidates {
        let k = key(account, candidate);
        match tables.ram_users.get(&k) {
            Some(row) if ours(row) => return true,
            Some(_) if duplication != "TakeOver" => {}
            existing => {
                let create_time = existing
                    .map(|row| row.create_time.clone())
                    .filter(|t| !t.is_empty())
                    .unwrap_or_else(|| now.to_owned());
                tables.ram_users.insert(
                    k,
                    RamUserRow {
                        user_provisioning: Some(up.to_owned()),
                        user_id: Some(user.to_owned()),
                        create_time,
                    },
                );
                return true;
            }
        }
    }
    false
}

/// Runs provisioning `id` of `directory` for `users` (all it covers when `None`): each RAM
/// user created or taken over, each failure a failed event from `source` (or one more
/// failure on the user's open event), each success the end of the user's open event.
/// `duplication` replaces the provisioning's strategy for this run.
pub(crate) fn run(
    state: &mut AccountState,
    directory: &str,
    id: &str,
    users: Option<&[(String, String)]>,
    source: &str,
    duplication: Option<&str>,
    now: &str,
) {
    let up = key(directory, id);
    let Some(row) = state.access.user_provisionings.get(&up).cloned() else {
        return;
    };
    let users = match users {
        Some(users) => users.to_vec(),
        None => covered_users(state, directory, &row),
    };
    let duplication = duplication.unwrap_or(&row.duplication_strategy).to_owned();
    for (user, name) in &users {
        let done = provision_user(
            &mut state.access,
            &row.target_id,
            &up,
            (user, name),
            &duplication,
            now,
        );
        let open = state
            .access
            .user_provisioning_events
            .prefix(&prefix(directory))
            .find(|(_, e)| e.user_provisioning_id == id && e.principal_id == *user)
            .map(|(k, _)| k.to_owned());
        let events = &mut state.access.user_provisioning_events;
        match (done, open) {
            (true, Some(open)) => {
                events.remove(&open);
            }
            (true, None) => {}
            (false, Some(open)) => {
                if let Some(event) = events.get_mut(&open) {
                    event.error_count = event.error_count.saturating_add(1);
                    source.clone_into(&mut event.source_type);
                    duplication.clone_into(&mut event.duplication_strategy);
                    now.clone_into(&mut event.update_time);
                    now.clone_into(&mut event.latest_async_time);
                }
            }
            (false, None) => {
                let event = crate::ids::resource_id("upe-");
                events.insert(
                    key(directory, &event),
                    UserProvisioningEventRow {
                        user_provisioning_id: id.to_owned(),
                        source_type: source.to_owned(),
                        principal_type: PrincipalType::User.as_str().to_owned(),
                        principal_id: user.clone(),
                        principal_name: Some(name.clone()),
                        target_id: row.target_id.clone(),
                        duplication_strategy: duplication.clone(),
                        deletion_strategy: row.deletion_strategy.clone(),
                        error_count: 1,
                        error_info: IMS_USER_EXISTS.to_owned(),
                        create_time: now.to_owned(),
                        update_time: now.to_owned(),
                        latest_async_time: now.to_owned(),
                    },
                );
            }
        }
    }
}

/// Removes (`deletion` `Delete`) or releases (`Keep`) the RAM users provisioning `id` of
/// `directory` manages, only CloudSSO user `user`'s when given, and ends their open events.
pub(crate) fn deprovision(
    state: &mut AccountState,
    directory: &str,
    id: &str,
    user: Option<&str>,
    deletion: &str,
) {
    let up = key(directory, id);
    let Some(row) = state.access.user_provisionings.get(&up) else {
        return;
    };
    let below = prefix(&row.target_id);
    let access = &mut state.access;
    let managed: Vec<String> = access
        .ram_users
        .prefix(&below)
        .filter(|(_, r)| {
            r.user_provisioning.as_deref() == Some(up.as_str())
                && user.is_none_or(|u| r.user_id.as_deref() == Some(u))
        })
        .map(|(k, _)| k.to_owned())
        .collect();
    for k in managed {
        if deletion == "Delete" {
            access.ram_users.remove(&k);
        } else if let Some(r) = access.ram_users.get_mut(&k) {
            r.user_provisioning = None;
            r.user_id = None;
        }
    }
    let events: Vec<String> = access
        .user_provisioning_events
        .prefix(&prefix(directory))
        .filter(|(_, e)| e.user_provisioning_id == id && user.is_none_or(|u| e.principal_id == u))
        .map(|(k, _)| k.to_owned())
        .collect();
    for k in events {
        access.user_provisioning_events.remove(&k);
    }
}

/// The provisionings of group `group` of `directory`, by ID.
fn of_group(state: &AccountState, directory: &str, group: &str) -> Vec<String> {
    state
        .access
        .user_provisionings
        .prefix(&prefix(directory))
        .filter(|(_, p)| {
            p.principal_type == PrincipalType::Group.as_str() && p.principal_id == group
        })
        .map(|(k, _)| id_of(k).to_owned())
        .collect()
}

/// `AddUserToGroup`: each provisioning of the group provisions the new member.
pub(crate) fn user_joined_group(
    state: &mut AccountState,
    directory: &str,
    group: &str,
    user: &str,
    now: &str,
) {
    let Some(name) = state
        .identity
        .user(directory, user)
        .map(|u| u.user_name.clone())
    else {
        return;
    };
    let users = [(user.to_owned(), name)];
    for id in of_group(state, directory, group) {
        run(
            state,
            directory,
            &id,
            Some(&users),
            "AddUserToGroup",
            None,
            now,
        );
    }
}

/// `RemoveUserFromGroup`: each provisioning of the group deprovisions the former member
/// with its `DeletionStrategy`.
pub(crate) fn user_left_group(state: &mut AccountState, directory: &str, group: &str, user: &str) {
    for id in of_group(state, directory, group) {
        let deletion = state
            .access
            .user_provisionings
            .get(&key(directory, &id))
            .map(|p| p.deletion_strategy.clone())
            .unwrap_or_default();
        deprovision(state, directory, &id, Some(user), &deletion);
    }
}
