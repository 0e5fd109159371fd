//! Seeded state: after rows are loaded raw (a seed document, a dump put back, a legacy
//! import), [`rebuild_derived`] derives again what the identity tables keep beside their
//! rows (name indexes, memberships seen from the user, counts). For tests, [`fixture`]
//! seeds a directory with users, devices, groups and memberships from plain data through
//! the operations' own checks.

use crate::directory::key;
use crate::state::AccountState;

/// Rebuilds what the identity tables derive from their rows, for state loaded as raw rows
/// (a dump put back, a seed of table rows): the name and email indexes, the memberships
/// seen from the user, and the user, group and member counts. Rows that point nowhere (a
/// membership of a user or group that does not exist) are dropped.
pub(crate) fn rebuild_derived(state: &mut AccountState) {
    use std::collections::BTreeMap;

    use super::{GroupNameRow, JoinedGroupRow, UserEmailRow, UserNameRow};

    let identity = &mut state.identity;
    identity.user_names.remove_prefix("");
    identity.user_emails.remove_prefix("");
    identity.group_names.remove_prefix("");
    identity.joined_groups.remove_prefix("");
    let mut users: BTreeMap<String, u64> = BTreeMap::new();
    let mut groups: BTreeMap<String, u64> = BTreeMap::new();
    let user_rows: Vec<(String, String, Option<String>)> = identity
        .users
        .iter()
        .map(|(k, u)| (k.to_owned(), u.user_name.clone(), u.email.clone()))
        .collect();
    for (user_key, name, email) in user_rows {
        let Some((directory, id)) = user_key.split_once('/') else {
            continue;
        };
        *users.entry(directory.to_owned()).or_default() += 1;
        identity.user_names.insert(
            key(directory, &super::folded(&name)),
            UserNameRow { id: id.to_owned() },
        );
        if let Some(email) = email {
            identity.user_emails.insert(
                key(directory, &super::folded(&email)),
                UserEmailRow { id: id.to_owned() },
            );
        }
    }
    let group_rows: Vec<(String, String)> = identity
        .groups
        .iter()
        .map(|(k, g)| (k.to_owned(), g.group_name.clone()))
        .collect();
    for (group_key, name) in &group_rows {
        let Some((directory, id)) = group_key.split_once('/') else {
            continue;
        };
        *groups.entry(directory.to_owned()).or_default() += 1;
        identity.group_names.insert(
            key(directory, &super::folded(name)),
            GroupNameRow { id: id.to_owned() },
        );
    }
    let memberships: Vec<(String, String)> = identity
        .group_members
        .iter()
        .map(|(k, m)| (k.to_owned(), m.join_time.clone()))
        .collect();
    let mut members: BTreeMap<String, u64> = BTreeMap::new();
    for (member_key, join_time) in memberships {
        let mut parts = member_key.splitn(3, '/');
        let (Some(directory), Some(group), Some(user)) = (parts.next(), parts.next(), parts.next())
        else {
            identity.group_members.remove(&member_key);
            continue;
        };
        if !identity.users.contains_key(&key(directory, user))
            || !identity.groups.contains_key(&key(directory, group))
        {
            identity.group_members.remove(&member_key);
            continue;
        }
        *members.entry(key(directory, group)).or_default() += 1;
        identity.joined_groups.insert(
            format!("{directory}/{user}/{group}"),
            JoinedGroupRow { join_time },
        );
    }
    for (group_key, _) in group_rows {
        let count = members.get(&group_key).copied().unwrap_or(0);
        if let Some(row) = identity.groups.get_mut(&group_key)
            && row.member_count != count
        {
            row.member_count = count;
        }
    }
    let directories: Vec<String> = state
        .directory
        .directories
        .iter()
        .map(|(k, _)| k.to_owned())
        .collect();
    // Fields a seed may leave out: the times (now) and the SP's ID.
    let now = crate::state::timestamp(std::time::SystemTime::now());
    for directory in &directories {
        let incomplete = state
            .directory
            .directories
            .get(directory)
            .is_some_and(|row| {
                row.create_time.is_empty()
                    || row.update_time.is_empty()
                    || row.saml_service_provider_id.is_empty()
                    || row.directory_name.is_empty()
            });
        if !incomplete {
            continue;
        }
        let taken: Vec<String> = state
            .directory
            .directories
            .iter()
            .map(|(_, d)| d.directory_name.clone())
            .collect();
        if let Some(row) = state.directory.directories.get_mut(directory) {
            if row.create_time.is_empty() {
                row.create_time.clone_from(&now);
            }
            if row.update_time.is_empty() {
                row.update_time.clone_from(&row.create_time);
            }
            if row.saml_service_provider_id.is_empty() {
                row.saml_service_provider_id = crate::ids::uuid();
            }
            if row.directory_name.is_empty() {
                row.directory_name =
                    crate::directory::name_for(directory, |name| taken.iter().any(|t| t == name));
            }
        }
    }
    for directory in directories {
        let user_count = users.get(&directory).copied().unwrap_or(0);
        let group_count = groups.get(&directory).copied().unwrap_or(0);
        if let Some(row) = state.directory.directories.get_mut(&directory)
            && (row.user_count != user_count || row.group_count != group_count)
        {
            row.user_count = user_count;
            row.group_count = group_count;
        }
    }
}

#[cfg(test)]
pub(crate) mod fixture {
    //! A directory with users, MFA devices, groups and memberships from plain data.

    use std::time::SystemTime;

    use cloudsso_model::{CreateUserStatus, ProvisionType, UserMfaAuthenticationSettings};
    use serde::Deserialize;

    use super::super::groups::{insert_group, new_group_id};
    use super::super::members::add_member;
    use super::super::mfa::{NewDevice, bind_device};
    use super::super::users::{insert_user, new_user_id};
    use super::super::{DeviceSecret, ExternalIdRow, GroupRow, UserRow};
    use crate::directory::{Quotas, create_directory, key};
    use crate::error::Failure;
    use crate::state::{AccountState, timestamp};

    /// A directory to seed (JSON with the service's field names).
    #[derive(Debug, Clone, Default, Deserialize)]
    #[serde(rename_all = "PascalCase", deny_unknown_fields)]
    pub(crate) struct SeedDirectory {
        /// Its ID (a fresh `d-` ID when omitted); an existing directory is seeded into.
        #[serde(default)]
        pub(crate) directory_id: Option<String>,
        /// Its name (made from the ID when omitted).
        #[serde(default)]
        pub(crate) directory_name: Option<String>,
        #[serde(default)]
        pub(crate) users: Vec<SeedUser>,
        #[serde(default)]
        pub(crate) groups: Vec<SeedGroup>,
    }

    /// A user to seed.
    #[derive(Debug, Clone, Default, Deserialize)]
    #[serde(rename_all = "PascalCase", deny_unknown_fields)]
    pub(crate) struct SeedUser {
        #[serde(default)]
        pub(crate) user_id: Option<String>,
        pub(crate) user_name: String,
        #[serde(default)]
        pub(crate) display_name: Option<String>,
        #[serde(default)]
        pub(crate) first_name: Option<String>,
        #[serde(default)]
        pub(crate) last_name: Option<String>,
        #[serde(default)]
        pub(crate) email: Option<String>,
        #[serde(default)]
        pub(crate) description: Option<String>,
        /// `Enabled` (default) or `Disabled`.
        #[serde(default)]
        pub(crate) status: Option<String>,
        /// `Manual` (default) or `Synchronized`.
        #[serde(default)]
        pub(crate) provision_type: Option<String>,
        #[serde(default)]
        pub(crate) external_id: Option<ExternalIdRow>,
        #[serde(default, rename = "MFADevices")]
        pub(crate) mfa_devices: Vec<SeedDevice>,
    }

    /// An MFA device to bind to a seeded user.
    #[derive(Clone, Default, Deserialize)]
    #[serde(rename_all = "PascalCase", deny_unknown_fields)]
    pub(crate) struct SeedDevice {
        /// `TOTP` (default), `CrossPlatformPasskey` or `PlatformPasskey`.
        #[serde(default)]
        pub(crate) device_type: Option<String>,
        pub(crate) device_name: String,
        /// The device's secret (a TOTP seed); never shown.
        #[serde(default)]
        pub(crate) secret: String,
    }

    impl std::fmt::Debug for SeedDevice {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("SeedDevice")
                .field("device_type", &self.device_type)
                .field("device_name", &self.device_name)
                .finish_non_exhaustive()
        }
    }

    /// A group to seed, with its members by user name or user ID.
    #[derive(Debug, Clone, Default, Deserialize)]
    #[serde(rename_all = "PascalCase", deny_unknown_fields)]
    pub(crate) struct SeedGroup {
        #[serde(default)]
        pub(crate) group_id: Option<String>,
        pub(crate) group_name: String,
        #[serde(default)]
        pub(crate) description: Option<String>,
        #[serde(default)]
        pub(crate) provision_type: Option<String>,
        #[serde(default)]
        pub(crate) external_id: Option<ExternalIdRow>,
        #[serde(default)]
        pub(crate) members: Vec<String>,
    }

    /// Seeds `seed` into `state` (creating the directory unless it exists) and returns the
    /// directory's ID. Fails, changing nothing the caller commits, on the first name taken,
    /// quota reached or unknown member. (A test fixture: the emulator's seed document is a
    /// dump of table rows, after which [`rebuild_derived`] runs.)
    pub(crate) fn apply(
        state: &mut AccountState,
        seed: &SeedDirectory,
        region: &str,
        now: SystemTime,
        quotas: Quotas,
    ) -> Result<String, Failure> {
        let time = timestamp(now);
        let directory = match seed.directory_id.as_deref() {
            Some(id) if state.directory.directories.contains_key(id) => id.to_owned(),
            id => create_directory(state, id, seed.directory_name.as_deref(), region, now)?,
        };
        let provision = |p: &Option<String>| {
            p.as_deref()
                .map_or(ProvisionType::Manual, ProvisionType::from)
        };
        for user in &seed.users {
            let id = match &user.user_id {
                Some(id) => id.clone(),
                None => new_user_id(state, &directory),
            };
            let row = UserRow {
                user_name: user.user_name.clone(),
                display_name: user.display_name.clone(),
                first_name: user.first_name.clone(),
                last_name: user.last_name.clone(),
                email: user.email.clone(),
                description: user.description.clone(),
                status: user
                    .status
                    .as_deref()
                    .map_or(CreateUserStatus::Enabled, CreateUserStatus::from),
                provision_type: provision(&user.provision_type),
                external_id: user.external_id.clone(),
                tags: Vec::new(),
                create_time: time.clone(),
                update_time: time.clone(),
                mfa_authentication_settings: UserMfaAuthenticationSettings::Enabled,
                password: None,
            };
            insert_user(state, &directory, id.clone(), row, quotas.users)?;
            for device in &user.mfa_devices {
                bind_device(
                    state,
                    &directory,
                    &id,
                    NewDevice {
                        device_type: device
                            .device_type
                            .clone()
                            .unwrap_or_else(|| "TOTP".to_owned()),
                        device_name: device.device_name.clone(),
                        secret: DeviceSecret(device.secret.clone()),
                    },
                    &time,
                )?;
            }
        }
        for group in &seed.groups {
            let id = match &group.group_id {
                Some(id) => id.clone(),
                None => new_group_id(state, &directory),
            };
            let row = GroupRow {
                group_name: group.group_name.clone(),
                description: group.description.clone(),
                provision_type: provision(&group.provision_type),
                external_id: group.external_id.clone(),
                create_time: time.clone(),
                update_time: time.clone(),
                member_count: 0,
            };
            insert_group(state, &directory, id.clone(), row, quotas.groups)?;
            for member in &group.members {
                let user = if state.identity.users.contains_key(&key(&directory, member)) {
                    member.clone()
                } else {
                    state
                        .identity
                        .user_names
                        .get(&key(&directory, &super::super::folded(member)))
                        .map(|row| row.id.clone())
                        .unwrap_or_else(|| member.clone())
                };
                add_member(state, &directory, &id, &user, &time)?;
            }
        }
        Ok(directory)
    }
}

#[cfg(test)]
mod tests {
    use super::fixture::*;
    use super::*;
    use crate::directory::Quotas;
    use std::time::SystemTime;

    fn seeded() -> (AccountState, String) {
        let mut state = AccountState::default();
        let seed: SeedDirectory = serde_json::from_value(serde_json::json!({
            "DirectoryId": "d-seeded",
            "Users": [
                {"UserName": "alice", "Email": "alice@example.com"},
                {"UserName": "bob", "ProvisionType": "Synchronized",
                 "ExternalId": {"Id": "ext-bob", "Issuer": "SCIM"},
                 "MFADevices": [{"DeviceName": "phone", "Secret": "JBSWY3DPEHPK3PXP"}]}
            ],
            "Groups": [{"GroupName": "team", "Members": ["alice", "bob"]}]
        }))
        .unwrap();
        let directory = apply(
            &mut state,
            &seed,
            "cn-shanghai",
            SystemTime::now(),
            Quotas::default(),
        )
        .unwrap();
        (state, directory)
    }

    #[test]
    fn a_seed_goes_through_the_operations_checks() {
        let (state, directory) = seeded();
        assert_eq!(directory, "d-seeded");
        let row = state.directory.require(&directory).unwrap();
        assert_eq!((row.user_count, row.group_count), (2, 1));
        assert_eq!(state.identity.group_members.len(), 2);
        assert_eq!(state.identity.joined_groups.len(), 2);
        assert_eq!(state.identity.mfa_devices.len(), 1);
        let debug = format!("{:?}", state.identity.mfa_devices.iter().next());
        assert!(!debug.contains("JBSWY3DPEHPK3PXP"), "{debug}");
        // A second seed of the same names is refused.
        let mut again = state.clone();
        let seed: SeedDirectory = serde_json::from_value(serde_json::json!({
            "DirectoryId": "d-seeded", "Users": [{"UserName": "ALICE"}]
        }))
        .unwrap();
        let failure = apply(
            &mut again,
            &seed,
            "cn-shanghai",
            SystemTime::now(),
            Quotas::default(),
        )
        .unwrap_err();
        assert_eq!(failure.code, "EntityAlreadyExists.UserName");
    }

    #[test]
    fn derived_rows_are_rebuilt_from_raw_rows() {
        let (expected, directory) = seeded();
        let mut state = expected.clone();
        state.identity.user_names.remove_prefix("");
        state.identity.joined_groups.remove_prefix("");
        if let Some(row) = state.directory.directories.get_mut(&directory) {
            row.user_count = 0;
        }
        // A membership of a user that does not exist is dropped.
        state.identity.group_members.insert(
            format!("{directory}/g-none/u-none"),
            super::super::GroupMemberRow {
                join_time: "2021-01-01T00:00:00Z".to_owned(),
            },
        );
        rebuild_derived(&mut state);
        let names = |s: &AccountState| -> Vec<String> {
            s.identity
                .user_names
                .iter()
                .map(|(k, r)| format!("{k}={}", r.id))
                .collect()
        };
        assert_eq!(names(&state), names(&expected));
        assert_eq!(state.identity.joined_groups.len(), 2);
        assert_eq!(state.identity.group_members.len(), 2);
        assert_eq!(state.directory.require(&directory).unwrap().user_count, 2);
    }
}
