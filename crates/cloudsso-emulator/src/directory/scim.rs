//! SCIM credentials (the secret is shown once, in the create answer, and kept only as a
//! salted hash) and SCIM synchronization, whose `Enabled` status locks synchronized users
//! and groups.

use std::time::Duration;

use cloudsso_model::{
    CreateScimServerCredential, CreateScimServerCredentialRequest,
    CreateScimServerCredentialResponse, CreateScimServerCredentialScimServerCredential,
    CreateUserStatus, DeleteScimServerCredential, DeleteScimServerCredentialRequest,
    DeleteScimServerCredentialResponse, GetScimSynchronizationStatus,
    GetScimSynchronizationStatusRequest, GetScimSynchronizationStatusResponse,
    ListScimServerCredentials, ListScimServerCredentialsRequest, ListScimServerCredentialsResponse,
    ListScimServerCredentialsScimServerCredential, NewStatus, ScimSynchronizationStatus,
    SetScimSynchronizationStatus, SetScimSynchronizationStatusRequest,
    SetScimSynchronizationStatusResponse, UpdateScimServerCredentialStatus,
    UpdateScimServerCredentialStatusRequest, UpdateScimServerCredentialStatusResponse,
};
use http::StatusCode;

use super::{MAX_SCIM_CREDENTIALS, ScimCredentialRow, id_of, key, prefix};
use crate::error::Failure;
use crate::identity::password::SecretHash;
use crate::params;
use crate::service::{Context, Served};
use crate::state::timestamp;

/// How long a credential is valid (the documented example: one year after creation).
const VALIDITY: Duration = Duration::from_secs(365 * 24 * 60 * 60);
/// The length of a credential's secret (letters and digits).
const SECRET_LEN: usize = 40;

/// `EntityNotExists.SCIMCredential` (documented, 404).
fn credential_not_found(directory: &str, id: &str) -> Failure {
    Failure::new(
        "EntityNotExists.SCIMCredential",
        StatusCode::NOT_FOUND,
        format!(
            "The SCIM credential `{}` does not exist in directory `{directory}`.",
            params::quoted(id)
        ),
    )
}

/// A credential as `ListSCIMServerCredentials` and `UpdateSCIMServerCredentialStatus`
/// report it: never its secret.
#[allow(clippy::field_reassign_with_default)]
fn view(
    directory: &str,
    id: &str,
    row: &ScimCredentialRow,
) -> ListScimServerCredentialsScimServerCredential {
    let mut view = ListScimServerCredentialsScimServerCredential::default();
    view.credential_id = Some(id.to_owned());
    view.credential_type = Some(row.credential_type.clone());
    view.directory_id = Some(directory.to_owned());
    view.status = Some(CreateUserStatus::from(row.status.as_str()));
    view.create_time = Some(row.create_time.clone());
    view.expire_time = Some(row.expire_time.clone());
    view
}

/// `CreateSCIMServerCredential`: a `BearerToken` credential, `Enabled`, valid one year; its
/// `CredentialSecret` is in this answer only. At most two per directory
/// (`QuotaExceeded.SCIMCredential`).
impl Served for CreateScimServerCredential {
    fn serve(
        context: &Context<'_>,
        request: &CreateScimServerCredentialRequest,
    ) -> Result<CreateScimServerCredentialResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let secret = crate::ids::secret(SECRET_LEN);
        let row = ScimCredentialRow {
            credential_type: "BearerToken".to_owned(),
            status: "Enabled".to_owned(),
            create_time: timestamp(context.now),
            expire_time: timestamp(context.now + VALIDITY),
            secret_hash: SecretHash::new(&secret),
        };
        let id = context.write(|state| {
            state.directory.require(directory)?;
            let below = prefix(directory);
            if state.directory.scim_credentials.prefix(&below).count() >= MAX_SCIM_CREDENTIALS {
                return Err(Failure::new(
                    "QuotaExceeded.SCIMCredential",
                    StatusCode::CONFLICT,
                    format!(
                        "Directory `{directory}` has {MAX_SCIM_CREDENTIALS} SCIM credentials, \
                         the most it can have; delete one first."
                    ),
                ));
            }
            let id = loop {
                let id = crate::ids::resource_id("scimcred-");
                if !state
                    .directory
                    .scim_credentials
                    .contains_key(&key(directory, &id))
                {
                    break id;
                }
            };
            state
                .directory
                .scim_credentials
                .insert(key(directory, &id), row.clone());
            Ok(id)
        })?;
        #[allow(clippy::field_reassign_with_default)]
        let credential = {
            let mut c = CreateScimServerCredentialScimServerCredential::default();
            c.credential_id = Some(id);
            c.credential_type = Some(row.credential_type);
            c.credential_secret = Some(secret);
            c.directory_id = Some(directory.to_owned());
            c.status = Some(row.status);
            c.create_time = Some(row.create_time);
            c.expire_time = Some(row.expire_time);
            c
        };
        Ok(CreateScimServerCredentialResponse::builder()
            .scim_server_credential(credential)
            .request_id(context.request_id())
            .build())
    }
}

/// `ListSCIMServerCredentials`: the directory's credentials, oldest first, without secrets
/// (not paginated).
impl Served for ListScimServerCredentials {
    fn serve(
        context: &Context<'_>,
        request: &ListScimServerCredentialsRequest,
    ) -> Result<ListScimServerCredentialsResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let credentials: Vec<_> = context.read(|state| {
            state.directory.require(directory)?;
            Ok::<_, Failure>(
                state
                    .directory
                    .scim_credentials
                    .prefix(&prefix(directory))
                    .map(|(k, row)| view(directory, id_of(k), row))
                    .collect(),
            )
        })?;
        let total = i64::try_from(credentials.len()).unwrap_or(i64::MAX);
        Ok(ListScimServerCredentialsResponse::builder()
            .scim_server_credentials(credentials)
            .total_counts(total)
            .request_id(context.request_id())
            .build())
    }
}

/// `UpdateSCIMServerCredentialStatus`: `Enabled` or `Disabled` (`NewStatus`, required);
/// answers the credential.
impl Served for UpdateScimServerCredentialStatus {
    fn serve(
        context: &Context<'_>,
        request: &UpdateScimServerCredentialStatusRequest,
    ) -> Result<UpdateScimServerCredentialStatusResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let id = params::required_text::<Self>("CredentialId", &request.credential_id)?;
        let status = params::required::<Self, NewStatus>("NewStatus", &request.new_status)?;
        let credential = context.write(|state| {
            state.directory.require(directory)?;
            let row = state
                .directory
                .scim_credentials
                .get_mut(&key(directory, id))
                .ok_or_else(|| credential_not_found(directory, id))?;
            status.as_str().clone_into(&mut row.status);
            Ok(view(directory, id, row))
        })?;
        Ok(UpdateScimServerCredentialStatusResponse::builder()
            .scim_server_credential(credential)
            .request_id(context.request_id())
            .build())
    }
}

/// `DeleteSCIMServerCredential`: the credential is gone (synchronizations using it stop
/// working, as documented).
impl Served for DeleteScimServerCredential {
    fn serve(
        context: &Context<'_>,
        request: &DeleteScimServerCredentialRequest,
    ) -> Result<DeleteScimServerCredentialResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let id = params::required_text::<Self>("CredentialId", &request.credential_id)?;
        context.write(|state| {
            state.directory.require(directory)?;
            state
                .directory
                .scim_credentials
                .remove(&key(directory, id))
                .map(|_| ())
                .ok_or_else(|| credential_not_found(directory, id))
        })?;
        Ok(DeleteScimServerCredentialResponse::builder()
            .request_id(context.request_id())
            .build())
    }
}

/// `SetSCIMSynchronizationStatus`: `Enabled` or `Disabled` (required). While `Enabled`,
/// synchronized users and groups cannot be updated, deleted or have members changed.
impl Served for SetScimSynchronizationStatus {
    fn serve(
        context: &Context<'_>,
        request: &SetScimSynchronizationStatusRequest,
    ) -> Result<SetScimSynchronizationStatusResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let status = params::required::<Self, ScimSynchronizationStatus>(
            "SCIMSynchronizationStatus",
            &request.scim_synchronization_status,
        )?
        .clone();
        context.write(|state| {
            state
                .directory
                .require_mut(directory)?
                .scim_synchronization_status = status;
            Ok(())
        })?;
        Ok(SetScimSynchronizationStatusResponse::builder()
            .request_id(context.request_id())
            .build())
    }
}

/// `GetSCIMSynchronizationStatus`: `Enabled` or `Disabled` (default).
impl Served for GetScimSynchronizationStatus {
    fn serve(
        context: &Context<'_>,
        request: &GetScimSynchronizationStatusRequest,
    ) -> Result<GetScimSynchronizationStatusResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let status = context.read(|state| {
            state
                .directory
                .require(directory)
                .map(|row| row.scim_synchronization_status.clone())
        })?;
        Ok(GetScimSynchronizationStatusResponse::builder()
            .scim_synchronization_status(status)
            .request_id(context.request_id())
            .build())
    }
}
