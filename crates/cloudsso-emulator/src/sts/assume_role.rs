//! `AssumeRole`: temporary credentials of a RAM role for a caller the role trusts; and
//! `GetCallerIdentity`.

use std::time::Duration;

use http::StatusCode;
use sts_model::{
    AssumeRole, AssumeRoleRequest, AssumeRoleResponse, GetCallerIdentity, GetCallerIdentityRequest,
    GetCallerIdentityResponse,
};

use crate::emulator::Caller;
use crate::error::Failure;
use crate::sts::config::parse_role_arn;
use crate::sts::credentials::{MAX_DURATION, Principal, issue};
use crate::sts::service::{
    Context, Served, assumed_role_user, check_policy, check_session_name, credentials_of, duration,
    invalid_role_arn, no_permission, role_not_found,
};

/// The longest session of role chaining (temporary credentials calling `AssumeRole`), as
/// the service allows: one hour.
const CHAINED_MAX: Duration = Duration::from_secs(3600);

/// `ExternalId`: 2 to 1224 of `[\w+=,.@:/-]`; else `InvalidParameter.ExternalId` (400).
fn check_external_id(external_id: Option<&str>) -> Result<(), Failure> {
    let Some(id) = external_id else {
        return Ok(());
    };
    let valid = (2..=1224).contains(&id.len())
        && id.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(
                    b,
                    b'_' | b'+' | b'=' | b',' | b'.' | b'@' | b':' | b'/' | b'-'
                )
        });
    if valid {
        return Ok(());
    }
    Err(Failure::new(
        "InvalidParameter.ExternalId",
        StatusCode::BAD_REQUEST,
        format!(
            "The parameter ExternalId is wrongly formed: `{}`; expected 2 to 1224 letters, \
             digits or `_+=,.@:/-`",
            crate::params::quoted(id)
        ),
    ))
}

/// `AssumeRole`: checks `RoleArn`, `RoleSessionName`, `DurationSeconds` (900 up to the
/// role's maximum; one hour for role chaining), `Policy`, `ExternalId`; the role must be
/// configured (or, with no role configured, be of the caller's account) and trust the
/// caller. Issues credentials acting for the role's account.
impl Served for AssumeRole {
    fn serve(
        context: &Context<'_>,
        request: &AssumeRoleRequest,
    ) -> Result<AssumeRoleResponse, Failure> {
        let caller = context
            .caller
            .ok_or_else(|| Failure::documented(acs_protocol::ErrorCode::INCOMPLETE_SIGNATURE))?;
        let arn =
            parse_role_arn(&request.role_arn).ok_or_else(|| invalid_role_arn(&request.role_arn))?;
        check_session_name(&request.role_session_name)?;
        check_policy(request.policy.as_deref())?;
        check_external_id(request.external_id.as_deref())?;
        let account = caller.account();
        let (role_id, max) = if context.config.roles.is_empty() {
            // No role configured: every role of the caller's own account exists.
            if arn.account != account {
                return Err(no_permission(&arn.arn(), &format!("account {account}")));
            }
            (
                crate::sts::credentials::role_id_of(&arn.arn()),
                MAX_DURATION,
            )
        } else {
            let role = context
                .config
                .role(&arn)
                .ok_or_else(|| role_not_found(&arn.arn()))?;
            if !role.trusts(account, context.access_key_id, None) {
                return Err(no_permission(
                    &arn.arn(),
                    &format!(
                        "account {account} (access key {})",
                        context.access_key_id.unwrap_or("-")
                    ),
                ));
            }
            (role.role_id.clone(), role.max_session_duration)
        };
        let duration = if matches!(caller, Caller::Temporary(_)) {
            duration(
                request.duration_seconds,
                max.min(CHAINED_MAX),
                "role chaining allows at most one hour",
            )?
        } else {
            duration(
                request.duration_seconds,
                max,
                "the role's maximum session duration",
            )?
        };
        let principal = Principal::AssumedRole {
            role_arn: arn.arn(),
            role_id,
            session_name: request.role_session_name.clone(),
        };
        let issued = issue(
            context.store,
            &arn.account,
            principal,
            duration,
            context.now,
        )?;
        let mut response = AssumeRoleResponse::default();
        response.request_id = Some(context.request_id());
        response.assumed_role_user = Some(assumed_role_user(&issued.account, &issued.principal));
        response.credentials = Some(credentials_of(&issued));
        response
            .source_identity
            .clone_from(&request.source_identity);
        Ok(response)
    }
}

/// `GetCallerIdentity`: for a configured key, the account itself (`IdentityType`
/// `Account`, `Arn` `acs:ram::<account>:root`); for temporary credentials the assumed role
/// (`AssumedRoleUser`, `Arn` `acs:ram::<account>:assumed-role/<role>/<session>`,
/// `UserId` = `PrincipalId` = `<role ID>:<session>`, `RoleId`).
impl Served for GetCallerIdentity {
    fn serve(
        context: &Context<'_>,
        _request: &GetCallerIdentityRequest,
    ) -> Result<GetCallerIdentityResponse, Failure> {
        let caller = context
            .caller
            .ok_or_else(|| Failure::documented(acs_protocol::ErrorCode::INCOMPLETE_SIGNATURE))?;
        let mut response = GetCallerIdentityResponse::default();
        response.request_id = Some(context.request_id());
        match caller {
            Caller::Key { account } => {
                response.account_id = Some(account.clone());
                response.arn = Some(format!("acs:ram::{account}:root"));
                response.user_id = Some(account.clone());
                response.principal_id = Some(account.clone());
                response.identity_type = Some("Account".to_owned());
            }
            Caller::Temporary(temporary) => {
                let account = &temporary.account;
                let principal = &temporary.principal;
                let (_, name) = principal.role(account);
                let session = principal.session_name();
                let role_id = principal.role_id(account);
                let user_id = format!("{role_id}:{session}");
                response.account_id = Some(account.clone());
                response.arn = Some(format!("acs:ram::{account}:assumed-role/{name}/{session}"));
                response.user_id = Some(user_id.clone());
                response.principal_id = Some(user_id);
                response.identity_type = Some("AssumedRoleUser".to_owned());
                response.role_id = Some(role_id);
            }
        }
        Ok(response)
    }
}
