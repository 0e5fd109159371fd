//! The identity family: users, groups and their settings.

use cloudsso_model::UserMfaAuthenticationSettings;
use serde::{Deserialize, Serialize};

use crate::state::{Row, Table, TableSet, TableVisitor};

/// The identity family's tables.
#[derive(Debug, Default, Clone)]
pub(crate) struct Tables {
    /// Each user's own MFA setting, by `directory/user`.
    pub(crate) user_mfa_settings: Table<UserMfaSetting>,
}

impl TableSet for Tables {
    fn visit(&mut self, visitor: &mut dyn TableVisitor) {
        visitor.table(&mut self.user_mfa_settings);
    }
}

/// A user's own MFA setting, as `UpdateUserMFAAuthenticationSettings` set it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct UserMfaSetting {
    #[serde(rename = "UserMFAAuthenticationSettings")]
    pub(crate) setting: UserMfaAuthenticationSettings,
}

impl Row for UserMfaSetting {
    const TABLE: &'static str = "user_mfa_settings";
}
