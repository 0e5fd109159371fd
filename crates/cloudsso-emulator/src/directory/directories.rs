//! Directories: their attributes and MFA setting, and the rules of their names.

use std::time::SystemTime;

use cloudsso_model::{MfaAuthenticationAdvanceSettings, OperationForRiskLogin};
use serde::{Deserialize, Serialize};

use crate::state::{Row, timestamp};

/// One directory: its attributes (what `GetDirectory` reports) and its MFA setting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DirectoryState {
    /// The directory's name (`DirectoryName`): given to `CreateDirectory`, or made from the
    /// ID for a configured directory or a `CreateDirectory` without a name.
    #[serde(rename = "DirectoryName", default)]
    pub directory_name: String,
    /// The region the directory lives in (`Region`).
    #[serde(rename = "Region", default)]
    pub region: String,
    /// When the directory was created (`CreateTime`), `YYYY-MM-DDTHH:MM:SSZ` in UTC.
    #[serde(rename = "CreateTime", default)]
    pub create_time: String,
    /// When the directory's attributes last changed (`UpdateTime`), same format.
    #[serde(rename = "UpdateTime", default)]
    pub update_time: String,
    /// What `GetMFAAuthenticationSettingInfo` reports as `MfaAuthenticationAdvanceSettings`;
    /// `SetMFAAuthenticationStatus` sets it to `Enabled` or `Disabled`,
    /// `UpdateMFAAuthenticationSettings` to any of the four values.
    #[serde(rename = "MfaAuthenticationAdvanceSettings")]
    pub mfa_authentication_advance_settings: MfaAuthenticationAdvanceSettings,
    /// The policy for unusual logons, reported only while the setting is `Byuser` or
    /// `OnlyRiskyLogin`.
    #[serde(rename = "OperationForRiskLogin")]
    pub operation_for_risk_login: OperationForRiskLogin,
    /// The MFA methods users may use, once `UpdateMFAAuthenticationSettings` set them;
    /// `None` (not reported) until then.
    #[serde(
        rename = "AllowedVerificationTypes",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub allowed_verification_types: Option<Vec<String>>,
}

impl Row for DirectoryState {
    const TABLE: &'static str = "directories";
}

impl Default for DirectoryState {
    /// The documented sample MFA setting (`OnlyRiskyLogin` with `EnforceVerify`) and empty
    /// attributes (the emulator fills them when it creates a directory).
    fn default() -> Self {
        Self {
            directory_name: String::new(),
            region: String::new(),
            create_time: String::new(),
            update_time: String::new(),
            mfa_authentication_advance_settings: MfaAuthenticationAdvanceSettings::OnlyRiskyLogin,
            operation_for_risk_login: OperationForRiskLogin::EnforceVerify,
            allowed_verification_types: None,
        }
    }
}

impl DirectoryState {
    /// A new directory named `name` in `region`, created at `now`, with the default MFA
    /// setting.
    pub(crate) fn new(name: String, region: &str, now: SystemTime) -> Self {
        let time = timestamp(now);
        Self {
            directory_name: name,
            region: region.to_owned(),
            create_time: time.clone(),
            update_time: time,
            ..Self::default()
        }
    }

    /// Whether `OperationForRiskLogin` is reported with the setting.
    pub fn reports_risk_login(&self) -> bool {
        matches!(
            self.mfa_authentication_advance_settings,
            MfaAuthenticationAdvanceSettings::ByUser
                | MfaAuthenticationAdvanceSettings::OnlyRiskyLogin
        )
    }
}

/// A configured directory that `DeleteDirectory` deleted (keyed by its ID): it is not
/// created again at the next start.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct DeletedDirectory {}

impl Row for DeletedDirectory {
    const TABLE: &'static str = "deleted_directories";
}

/// Whether `name` follows the documented rules of `DirectoryName`: 2 to 64 characters,
/// lower-case letters, digits and hyphens, no hyphen first or last, no two hyphens in a
/// row, not starting with `d-`.
pub(crate) fn is_valid_directory_name(name: &str) -> bool {
    (2..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !name.starts_with('-')
        && !name.ends_with('-')
        && !name.contains("--")
        && !name.starts_with("d-")
}

/// A valid name made from directory ID `id` (`d-00fc2p61****` -> `00fc2p61`), for which
/// `in_use` is false.
pub(crate) fn name_for(id: &str, in_use: impl Fn(&str) -> bool) -> String {
    let rest = id.strip_prefix("d-").unwrap_or(id).to_ascii_lowercase();
    let mut base = String::new();
    for c in rest.chars() {
        let c = if c.is_ascii_lowercase() || c.is_ascii_digit() {
            c
        } else {
            '-'
        };
        if !(c == '-' && (base.is_empty() || base.ends_with('-'))) {
            base.push(c);
        }
        if base.len() >= 48 {
            break;
        }
    }
    let mut base = base.trim_end_matches('-').to_owned();
    if !is_valid_directory_name(&base) {
        base = format!("directory-{base}").trim_end_matches('-').to_owned();
    }
    if !in_use(&base) {
        return base;
    }
    (2_u32..)
        .map(|n| format!("{base}-{n}"))
        .find(|name| !in_use(name))
        .unwrap_or(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_documented_rules() {
        for (id, name) in [
            ("d-00fc2p61****", "00fc2p61"),
            ("d-abc", "abc"),
            ("u-00q8wbq42wiltcrk****", "u-00q8wbq42wiltcrk"),
            ("d-d-x", "directory-d-x"),
            ("*", "directory"),
            ("d-A__B", "a-b"),
        ] {
            let made = name_for(id, |_| false);
            assert_eq!(made, name, "{id}");
            assert!(is_valid_directory_name(&made), "{made}");
        }
        assert_eq!(name_for("d-abc", |name| name == "abc"), "abc-2");
        for bad in [
            "a",
            "-ab",
            "ab-",
            "a--b",
            "d-ab",
            "Ab",
            "a_b",
            &"a".repeat(65),
        ] {
            assert!(!is_valid_directory_name(bad), "{bad}");
        }
        assert!(is_valid_directory_name(&"a".repeat(64)));
    }
}
