//! Identity: users, groups and their memberships, each user's MFA setting and MFA devices,
//! password resets, and `GetUserId`.
//!
//! Keys (every directory's rows are a prefix range `d-…/`):
//!
//! | table | key | row |
//! | --- | --- | --- |
//! | `users` | `d-…/u-…` | [`UserRow`] |
//! | `groups` | `d-…/g-…` | [`GroupRow`] |
//! | `group_members` | `d-…/g-…/u-…` | [`GroupMemberRow`] (a group's members, in user ID order) |
//! | `joined_groups` | `d-…/u-…/g-…` | [`JoinedGroupRow`] (the same membership, from the user) |
//! | `mfa_devices` | `d-…/u-…/mfa-…` | [`MfaDeviceRow`] |
//! | `user_names`, `user_emails`, `group_names` | `d-…/<name in lower case>` | [`UserNameRow`]… (uniqueness, `eq` filters) |
//!
//! IDs begin with a time-ordered part, so key order is creation order and lists come out
//! oldest first.

mod groups;
mod members;
mod mfa;
pub(crate) mod password;
pub(crate) mod seed;
mod users;

pub(crate) use mfa::{NewDevice, bind_device};

use cloudsso_model::{
    CreateUserStatus, PrincipalType, ProvisionType, Tag, UserMfaAuthenticationSettings,
};
use http::StatusCode;
use serde::{Deserialize, Serialize};

use crate::directory::key;
use crate::error::Failure;
use crate::state::{Row, Table, TableSet, TableVisitor};
use password::SecretHash;

/// The most MFA devices of one user (documented).
pub(crate) const MAX_MFA_DEVICES: usize = 2;

/// The identity family's tables of one account.
#[derive(Debug, Default, Clone)]
pub(crate) struct Tables {
    pub(crate) users: Table<UserRow>,
    pub(crate) groups: Table<GroupRow>,
    pub(crate) group_members: Table<GroupMemberRow>,
    pub(crate) joined_groups: Table<JoinedGroupRow>,
    pub(crate) mfa_devices: Table<MfaDeviceRow>,
    pub(crate) user_names: Table<UserNameRow>,
    pub(crate) user_emails: Table<UserEmailRow>,
    pub(crate) group_names: Table<GroupNameRow>,
}

impl TableSet for Tables {
    fn visit(&mut self, visitor: &mut dyn TableVisitor) {
        visitor.table(&mut self.users);
        visitor.table(&mut self.groups);
        visitor.table(&mut self.group_members);
        visitor.table(&mut self.joined_groups);
        visitor.table(&mut self.mfa_devices);
        visitor.table(&mut self.user_names);
        visitor.table(&mut self.user_emails);
        visitor.table(&mut self.group_names);
    }
}

impl Tables {
    /// User `id` of `directory`, if it exists (for the access family: principals).
    pub(crate) fn user(&self, directory: &str, id: &str) -> Option<&UserRow> {
        self.users.get(&key(directory, id))
    }

    /// Group `id` of `directory`, if it exists (for the access family: principals).
    pub(crate) fn group(&self, directory: &str, id: &str) -> Option<&GroupRow> {
        self.groups.get(&key(directory, id))
    }

    /// The IDs of the groups user `id` of `directory` is a member of, in ID order.
    pub(crate) fn groups_of(&self, directory: &str, id: &str) -> Vec<String> {
        let below = format!("{}/", key(directory, id));
        self.joined_groups
            .prefix(&below)
            .map(|(key, _)| crate::directory::id_of(key).to_owned())
            .collect()
    }

    /// User `id`, or `EntityNotExists.User`.
    pub(crate) fn require_user(&self, directory: &str, id: &str) -> Result<&UserRow, Failure> {
        self.user(directory, id)
            .ok_or_else(|| user_not_found(directory, id))
    }

    /// Group `id`, or `EntityNotExists.Group`.
    pub(crate) fn require_group(&self, directory: &str, id: &str) -> Result<&GroupRow, Failure> {
        self.group(directory, id)
            .ok_or_else(|| group_not_found(directory, id))
    }

    /// The current name of principal `id` of `kind` (`User` or `Group`, as the access
    /// family's rows spell it), if it exists: the access family reports principals by name.
    pub(crate) fn principal_name(&self, directory: &str, kind: &str, id: &str) -> Option<String> {
        if kind == PrincipalType::Group.as_str() {
            self.group(directory, id).map(|g| g.group_name.clone())
        } else {
            self.user(directory, id).map(|u| u.user_name.clone())
        }
    }

    /// The name of principal `id` of `kind`, or `EntityNotExists.User` / `.Group`.
    pub(crate) fn require_principal_name(
        &self,
        directory: &str,
        kind: &PrincipalType,
        id: &str,
    ) -> Result<String, Failure> {
        if *kind == PrincipalType::Group {
            self.require_group(directory, id)
                .map(|g| g.group_name.clone())
        } else {
            self.require_user(directory, id)
                .map(|u| u.user_name.clone())
        }
    }
}

/// Whether principal `id` of `kind` in `directory` has access assignments (the access
/// family's; `DeleteUser` and `DeleteGroup` refuse then).
pub(crate) fn has_access_assignments(
    state: &crate::state::AccountState,
    directory: &str,
    kind: &PrincipalType,
    id: &str,
) -> bool {
    state.access.principal_has_assignments(directory, kind, id)
}

/// Whether principal `id` of `kind` has RAM user provisionings (the access family's).
pub(crate) fn has_user_provisionings(
    state: &crate::state::AccountState,
    directory: &str,
    kind: &PrincipalType,
    id: &str,
) -> bool {
    state
        .access
        .principal_has_user_provisionings(directory, kind, id)
}

/// The lower-case form of a name, for uniqueness and `eq`/`sw` filters (the service's
/// filters are case-insensitive, and so is uniqueness here).
pub(crate) fn folded(name: &str) -> String {
    name.to_lowercase()
}

/// `EntityNotExists.User`.
pub(crate) fn user_not_found(directory: &str, id: &str) -> Failure {
    Failure::new(
        "EntityNotExists.User",
        StatusCode::NOT_FOUND,
        format!(
            "The specified user does not exist: UserId `{id}` is not known in directory `{directory}`."
        ),
    )
}

/// `EntityNotExists.Group`.
pub(crate) fn group_not_found(directory: &str, id: &str) -> Failure {
    Failure::new(
        "EntityNotExists.Group",
        StatusCode::NOT_FOUND,
        format!(
            "The specified group does not exist: GroupId `{id}` is not known in directory `{directory}`."
        ),
    )
}

/// `OperationConflict.SCIMSynchronization` (409): a synchronized user or group cannot be
/// changed while SCIM synchronization is on (the documented lock).
pub(crate) fn scim_locked(kind: &str, id: &str) -> Failure {
    Failure::new(
        "OperationConflict.SCIMSynchronization",
        StatusCode::CONFLICT,
        format!(
            "The {kind} `{id}` is synchronized through SCIM and SCIM synchronization is \
             enabled: it cannot be updated, deleted or have its memberships changed until \
             SetSCIMSynchronizationStatus disables synchronization."
        ),
    )
}

/// An external identity of a synchronized user or group (`ExternalId`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct ExternalIdRow {
    pub(crate) id: String,
    pub(crate) issuer: String,
}

/// A user.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct UserRow {
    pub(crate) user_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) last_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) description: Option<String>,
    pub(crate) status: CreateUserStatus,
    pub(crate) provision_type: ProvisionType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) external_id: Option<ExternalIdRow>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) tags: Vec<Tag>,
    pub(crate) create_time: String,
    pub(crate) update_time: String,
    /// The user's own MFA setting (used under the `Byuser` policy); new users `Enabled`.
    #[serde(rename = "MFAAuthenticationSettings")]
    pub(crate) mfa_authentication_settings: UserMfaAuthenticationSettings,
    /// The password, once `ResetUserPassword` set one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) password: Option<PasswordRow>,
}

impl Row for UserRow {
    const TABLE: &'static str = "users";
    const SECRETS: &'static [&'static str] = &["/Password/Hash", "/Password/History"];
}

impl UserRow {
    /// Whether the SCIM lock holds this user (synchronized, and synchronization on).
    pub(crate) fn is_locked(&self, scim_sync_enabled: bool) -> bool {
        scim_sync_enabled && self.provision_type == ProvisionType::Synchronized
    }
}

/// A user's password: its hash, the hashes of the previous ones (for
/// `PasswordReusePrevention`), and whether it must be changed at the next logon.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct PasswordRow {
    /// Absent from a seed that redacted it: a password nothing matches.
    #[serde(default)]
    pub(crate) hash: SecretHash,
    pub(crate) set_time: String,
    pub(crate) require_password_reset_for_next_login: bool,
    /// Earlier passwords, newest first (at most 24, the largest reuse prevention).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) history: Vec<SecretHash>,
}

/// The most earlier passwords kept (the largest `PasswordReusePrevention`).
const MAX_PASSWORD_HISTORY: usize = 24;

impl PasswordRow {
    /// The hashes of `current` and of the passwords before it, newest first: what a new
    /// password must not repeat.
    pub(crate) fn used(current: Option<&PasswordRow>) -> Vec<SecretHash> {
        current
            .map(|p| {
                std::iter::once(p.hash.clone())
                    .chain(p.history.iter().cloned())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// `password`, set at `set_time`, replacing `current` (which joins the history, kept to
    /// the last 24).
    pub(crate) fn replacing(
        current: Option<&PasswordRow>,
        password: &str,
        set_time: String,
        require_password_reset_for_next_login: bool,
    ) -> Self {
        let mut history = Self::used(current);
        history.truncate(MAX_PASSWORD_HISTORY);
        Self {
            hash: SecretHash::new(password),
            set_time,
            require_password_reset_for_next_login,
            history,
        }
    }
}

/// A group.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct GroupRow {
    pub(crate) group_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) description: Option<String>,
    pub(crate) provision_type: ProvisionType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) external_id: Option<ExternalIdRow>,
    pub(crate) create_time: String,
    pub(crate) update_time: String,
    /// The number of members (kept with every add and remove).
    pub(crate) member_count: u64,
}

impl Row for GroupRow {
    const TABLE: &'static str = "groups";
}

impl GroupRow {
    /// Whether the SCIM lock holds this group.
    pub(crate) fn is_locked(&self, scim_sync_enabled: bool) -> bool {
        scim_sync_enabled && self.provision_type == ProvisionType::Synchronized
    }
}

/// Rows that say one thing by their key alone, each kind its own table.
macro_rules! key_rows {
    ($($(#[$doc:meta])* $name:ident = $table:literal { $field:ident: $ty:ty }),+ $(,)?) => {$(
        $(#[$doc])*
        #[derive(Clone, Debug, Serialize, Deserialize)]
        #[serde(rename_all = "PascalCase")]
        pub(crate) struct $name {
            pub(crate) $field: $ty,
        }

        impl Row for $name {
            const TABLE: &'static str = $table;
        }
    )+};
}

key_rows! {
    /// A user's membership in a group, keyed from the group (`d-…/g-…/u-…`).
    GroupMemberRow = "group_members" { join_time: String },
    /// The same membership keyed from the user (`d-…/u-…/g-…`).
    JoinedGroupRow = "joined_groups" { join_time: String },
    /// A user name taken (`d-…/<name in lower case>`), by which user.
    UserNameRow = "user_names" { id: String },
    /// An email address taken, by which user.
    UserEmailRow = "user_emails" { id: String },
    /// A group name taken, by which group.
    GroupNameRow = "group_names" { id: String },
}

/// A secret that is kept (a TOTP seed must be read back to check codes) but never shown:
/// `Debug` redacts it and no answer carries it.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub(crate) struct DeviceSecret(pub(crate) String);

impl std::fmt::Debug for DeviceSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DeviceSecret(<redacted>)")
    }
}

/// An MFA device bound to a user (binding is the portal's: a later feature).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct MfaDeviceRow {
    /// `TOTP`, `CrossPlatformPasskey` or `PlatformPasskey`.
    pub(crate) device_type: String,
    pub(crate) device_name: String,
    pub(crate) effective_time: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) last_use_time: Option<String>,
    /// The TOTP seed or passkey material; never in an answer or a log. Empty when a seed
    /// redacted it.
    #[serde(default)]
    pub(crate) secret: DeviceSecret,
}

impl Row for MfaDeviceRow {
    const TABLE: &'static str = "mfa_devices";
    const SECRETS: &'static [&'static str] = &["/Secret"];
}
