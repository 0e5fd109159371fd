//! The directory family: the service's status, delegated administrators, directories and
//! their statistics, and each directory's settings (MFA, logon preference, password policy,
//! attribute passing, the external SAML identity provider and its certificates, the SAML
//! service provider, SCIM credentials and synchronization).
//!
//! A directory's settings are one row ([`DirectoryRow`]), so that every operation of a
//! setting's family reads and writes the same value: the MFA operations agree with each
//! other, `GetDirectoryStatistics` agrees with the IdP's `SSOStatus`, and so on. Rows of a
//! directory's resources are keyed `d-…/<id>` so that a directory's rows are a prefix range.

mod directories;
mod mfa;
mod preferences;
mod saml;
mod scim;
mod service_status;

use std::time::SystemTime;

use cloudsso_model::{
    BindingType, MfaAuthenticationAdvanceSettings, OperationForRiskLogin,
    ScimSynchronizationStatus, SourceIdentityPassing, SsoStatus,
};
use http::StatusCode;
use serde::{Deserialize, Serialize};

use crate::error::Failure;
use crate::identity::password::SecretHash;
use crate::service::Context;
use crate::state::{AccountState, Row, Table, TableSet, TableVisitor};

pub(crate) use directories::{MAX_DIRECTORIES, create_directory, name_for, new_row};

/// A directory as the library reports it ([`Emulator::directory`](crate::Emulator::directory)):
/// its attributes and MFA setting.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct DirectoryState {
    /// `DirectoryName`.
    pub directory_name: String,
    /// `Region`.
    pub region: String,
    /// `CreateTime`, `YYYY-MM-DDTHH:MM:SSZ` in UTC.
    pub create_time: String,
    /// `UpdateTime`, same format.
    pub update_time: String,
    /// The MFA policy (`MfaAuthenticationAdvanceSettings`).
    pub mfa_authentication_advance_settings: MfaAuthenticationAdvanceSettings,
    /// `OperationForRiskLogin`.
    pub operation_for_risk_login: OperationForRiskLogin,
    /// `AllowedVerificationTypes`, once set.
    pub allowed_verification_types: Option<Vec<String>>,
}

impl From<&DirectoryRow> for DirectoryState {
    fn from(row: &DirectoryRow) -> Self {
        Self {
            directory_name: row.directory_name.clone(),
            region: row.region.clone(),
            create_time: row.create_time.clone(),
            update_time: row.update_time.clone(),
            mfa_authentication_advance_settings: row.mfa_authentication_advance_settings.clone(),
            operation_for_risk_login: row.operation_for_risk_login.clone(),
            allowed_verification_types: row.allowed_verification_types.clone(),
        }
    }
}

/// The most SAML signing certificates of one directory (documented).
pub(crate) const MAX_CERTIFICATES: usize = 2;
/// The most SCIM credentials of one directory (documented).
pub(crate) const MAX_SCIM_CREDENTIALS: usize = 2;

/// The directory family's tables of one account.
#[derive(Debug, Default, Clone)]
pub(crate) struct Tables {
    /// The directories with their settings, by directory ID.
    pub(crate) directories: Table<DirectoryRow>,
    /// Configured directories that `DeleteDirectory` deleted: not created again at start.
    pub(crate) deleted_directories: Table<DeletedDirectory>,
    /// The service's status (one row, key [`SERVICE_KEY`]); absent means Enabled.
    pub(crate) service: Table<ServiceRow>,
    /// The delegated administrator accounts, by account ID.
    pub(crate) delegates: Table<DelegateRow>,
    /// The external IdP's signing certificates, `d-…/idp-c-…`.
    pub(crate) certificates: Table<CertificateRow>,
    /// The SCIM credentials, `d-…/scimcred-…`.
    pub(crate) scim_credentials: Table<ScimCredentialRow>,
}

impl TableSet for Tables {
    fn visit(&mut self, visitor: &mut dyn TableVisitor) {
        visitor.table(&mut self.directories);
        visitor.table(&mut self.deleted_directories);
        visitor.table(&mut self.service);
        visitor.table(&mut self.delegates);
        visitor.table(&mut self.certificates);
        visitor.table(&mut self.scim_credentials);
    }
}

impl Tables {
    /// Directory `id`, or `EntityNotExists.Directory`.
    pub(crate) fn require(&self, id: &str) -> Result<&DirectoryRow, Failure> {
        self.directories
            .get(id)
            .ok_or_else(|| directory_not_found(id))
    }

    /// Directory `id` for a change, or `EntityNotExists.Directory`.
    pub(crate) fn require_mut(&mut self, id: &str) -> Result<&mut DirectoryRow, Failure> {
        self.directories
            .get_mut(id)
            .ok_or_else(|| directory_not_found(id))
    }

    /// Whether SCIM synchronization is on in directory `id` (synchronized users and groups
    /// are then locked).
    pub(crate) fn scim_sync_enabled(&self, id: &str) -> bool {
        self.directories
            .get(id)
            .is_some_and(|d| d.scim_synchronization_status == ScimSynchronizationStatus::Enabled)
    }

    /// Whether SSO logon through the external IdP is on in directory `id`.
    pub(crate) fn sso_enabled(&self, id: &str) -> bool {
        self.directories
            .get(id)
            .is_some_and(|d| d.saml_identity_provider.sso_status == SsoStatus::Enabled)
    }
}

/// A directory's quotas (`GetDirectoryStatistics`), enforced on create.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Quotas {
    pub(crate) users: u64,
    pub(crate) groups: u64,
    pub(crate) access_configurations: u64,
    pub(crate) system_policies_per_access_configuration: u64,
    pub(crate) inline_policies_per_access_configuration: u64,
}

impl Default for Quotas {
    /// The documented values (GO examples of `GetDirectoryStatistics`, service.md §3).
    fn default() -> Self {
        Self {
            users: 1000,
            groups: 500,
            access_configurations: 1000,
            system_policies_per_access_configuration: 20,
            inline_policies_per_access_configuration: 1,
        }
    }
}

/// The quotas in force for `context`'s request.
pub(crate) fn quotas(context: &Context<'_>) -> Quotas {
    context.settings.quotas
}

/// Whether directory `id` was configured at start (deleting it is remembered, so that it
/// is not created again at the next start).
pub(crate) fn is_configured(context: &Context<'_>, id: &str) -> bool {
    context.settings.configured_directories.contains(id)
}

/// What the access family holds for a directory, as statistics need it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct AccessCounts {
    pub(crate) configurations: usize,
    pub(crate) assignments: usize,
    pub(crate) in_progress_tasks: usize,
}

/// The access family's counts for directory `id` at `now`.
pub(crate) fn access_counts(state: &AccountState, id: &str, now: SystemTime) -> AccessCounts {
    state.access.statistics(id, now)
}

/// Removes the access family's remaining rows of directory `id` (what does not keep a
/// directory from being deleted: finished tasks, its provisioning configuration).
pub(crate) fn remove_access_rows(state: &mut AccountState, id: &str) {
    state.access.remove_directory(id);
}

/// The key of the one row of [`Tables::service`].
pub(crate) const SERVICE_KEY: &str = "service";

/// The key of a directory's resource `id`: `d-…/id`.
pub(crate) fn key(directory: &str, id: &str) -> String {
    format!("{directory}/{id}")
}

/// The key prefix of a directory's resources: `d-…/`.
pub(crate) fn prefix(directory: &str) -> String {
    format!("{directory}/")
}

/// The ID part of a key `d-…/id`.
pub(crate) fn id_of(key: &str) -> &str {
    key.rsplit_once('/').map_or(key, |(_, id)| id)
}

/// `EntityNotExists.Directory`, the answer for a directory the account does not hold.
pub(crate) fn directory_not_found(id: &str) -> Failure {
    Failure::new(
        "EntityNotExists.Directory",
        StatusCode::NOT_FOUND,
        format!("The specified directory does not exist: DirectoryId `{id}` is not known."),
    )
}

/// One directory: what `GetDirectory` reports and every per-directory setting. A seed may
/// give only some fields: the others take their defaults.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub(crate) struct DirectoryRow {
    pub(crate) directory_name: String,
    pub(crate) region: String,
    pub(crate) create_time: String,
    pub(crate) update_time: String,
    /// The MFA policy (`GetMFAAuthenticationSettingInfo`).
    pub(crate) mfa_authentication_advance_settings: MfaAuthenticationAdvanceSettings,
    /// Reported only while the policy is `Byuser` or `OnlyRiskyLogin`.
    pub(crate) operation_for_risk_login: OperationForRiskLogin,
    /// Reported once `UpdateMFAAuthenticationSettings` set them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) allowed_verification_types: Option<Vec<String>>,
    pub(crate) allow_user_to_get_credentials: bool,
    /// `;`-separated IPv4 addresses and CIDR blocks; empty: any network.
    pub(crate) login_network_masks: String,
    pub(crate) password_policy: PasswordPolicyRow,
    pub(crate) source_identity_passing: SourceIdentityPassing,
    #[serde(rename = "SCIMSynchronizationStatus")]
    pub(crate) scim_synchronization_status: ScimSynchronizationStatus,
    #[serde(rename = "SAMLIdentityProvider")]
    pub(crate) saml_identity_provider: SamlIdentityProviderRow,
    /// The UUID in the SAML SP's ACS URL, fixed at creation.
    #[serde(rename = "SAMLServiceProviderId")]
    pub(crate) saml_service_provider_id: String,
    /// The number of users and groups (kept with every create and delete, so that quotas
    /// are checked without counting).
    pub(crate) user_count: u64,
    pub(crate) group_count: u64,
}

impl Row for DirectoryRow {
    const TABLE: &'static str = "directories";
}

impl Default for DirectoryRow {
    /// Every setting at its default, in the emulator's default region; no name or times
    /// (the seed's loading fills the times).
    fn default() -> Self {
        let mut row =
            directories::new_row(String::new(), crate::DEFAULT_REGION, SystemTime::UNIX_EPOCH);
        row.create_time = String::new();
        row.update_time = String::new();
        row.saml_service_provider_id = String::new();
        row
    }
}

/// A directory's password policy, as `SetPasswordPolicy` sets it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub(crate) struct PasswordPolicyRow {
    pub(crate) min_password_length: i64,
    pub(crate) min_password_different_chars: i64,
    pub(crate) max_password_age: i64,
    pub(crate) max_login_attempts: i64,
    pub(crate) password_reuse_prevention: i64,
    pub(crate) password_not_contain_username: bool,
}

impl Default for PasswordPolicyRow {
    /// The documented example values (GO `example:` comments of `GetPasswordPolicy`).
    fn default() -> Self {
        Self {
            min_password_length: 8,
            min_password_different_chars: 8,
            max_password_age: 90,
            max_login_attempts: 5,
            password_reuse_prevention: 1,
            password_not_contain_username: true,
        }
    }
}

/// The longest password the service takes (`MaxPasswordLength`, documented 32).
pub(crate) const MAX_PASSWORD_LENGTH: i64 = 32;

/// A directory's external SAML IdP configuration; empty until set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub(crate) struct SamlIdentityProviderRow {
    #[serde(rename = "SSOStatus")]
    pub(crate) sso_status: SsoStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) entity_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) login_url: Option<String>,
    pub(crate) want_request_signed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) binding_type: Option<BindingType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) encoded_metadata_document: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) create_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) update_time: Option<String>,
}

impl Default for SamlIdentityProviderRow {
    /// Nothing configured, SSO logon `Disabled` (documented default).
    fn default() -> Self {
        Self {
            sso_status: SsoStatus::Disabled,
            entity_id: None,
            login_url: None,
            want_request_signed: false,
            binding_type: None,
            encoded_metadata_document: None,
            create_time: None,
            update_time: None,
        }
    }
}

impl SamlIdentityProviderRow {
    /// Whether anything was configured (which `DeleteDirectory` refuses to drop).
    pub(crate) fn is_configured(&self) -> bool {
        self.create_time.is_some()
    }
}

/// A configured directory that `DeleteDirectory` deleted.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct DeletedDirectory {}

impl Row for DeletedDirectory {
    const TABLE: &'static str = "deleted_directories";
}

/// The service's status in an account.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct ServiceRow {
    /// `Enabled` or `Disabled`.
    pub(crate) status: String,
}

impl Row for ServiceRow {
    const TABLE: &'static str = "service_status";
}

/// A delegated administrator account.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct DelegateRow {
    pub(crate) enable_time: String,
}

impl Row for DelegateRow {
    const TABLE: &'static str = "delegate_accounts";
}

/// A signing certificate of the external IdP, with what `ListExternalSAMLIdPCertificates`
/// reports of it, read from the certificate when it was added.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct CertificateRow {
    pub(crate) x509_certificate: String,
    pub(crate) issuer: String,
    pub(crate) subject: String,
    pub(crate) serial_number: String,
    pub(crate) not_before: String,
    pub(crate) not_after: String,
    pub(crate) signature_algorithm: String,
    pub(crate) public_key: String,
    pub(crate) version: i64,
    /// When it was added (certificates are listed in this order).
    pub(crate) add_time: String,
}

impl Row for CertificateRow {
    const TABLE: &'static str = "saml_idp_certificates";
}

/// A SCIM credential; its secret is kept only as a salted hash.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct ScimCredentialRow {
    pub(crate) credential_type: String,
    /// `Enabled` or `Disabled`.
    pub(crate) status: String,
    pub(crate) create_time: String,
    pub(crate) expire_time: String,
    /// Absent from a seed that redacted it: a secret nothing matches.
    #[serde(default)]
    pub(crate) secret_hash: SecretHash,
}

impl Row for ScimCredentialRow {
    const TABLE: &'static str = "scim_credentials";
    const SECRETS: &'static [&'static str] = &["/SecretHash"];
}
