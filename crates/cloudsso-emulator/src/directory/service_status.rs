//! The service's status in an account, and its delegated administrator.

use cloudsso_model::{
    CreateUserStatus, DisableDelegateAccount, DisableDelegateAccountRequest,
    DisableDelegateAccountResponse, DisableService, DisableServiceRequest, DisableServiceResponse,
    EnableDelegateAccount, EnableDelegateAccountRequest, EnableDelegateAccountResponse,
    EnableService, EnableServiceRequest, EnableServiceResponse, GetServiceStatus,
    GetServiceStatusRequest, GetServiceStatusResponse, PrerequisiteCheckResult, ServiceStatus,
};
use http::StatusCode;

use super::{DelegateRow, SERVICE_KEY, ServiceRow, Tables};
use crate::error::Failure;
use crate::params;
use crate::service::{Context, Served};
use crate::state::timestamp;

/// Whether the service is enabled in the account (it is until `DisableService`).
pub(crate) fn is_enabled(tables: &Tables) -> bool {
    tables
        .service
        .get(SERVICE_KEY)
        .is_none_or(|row| row.status != "Disabled")
}

/// `OperationConflict.Service.Disabled` (409) unless the service is enabled.
pub(crate) fn require_enabled(tables: &Tables) -> Result<(), Failure> {
    if is_enabled(tables) {
        Ok(())
    } else {
        Err(Failure::new(
            "OperationConflict.Service.Disabled",
            StatusCode::CONFLICT,
            "CloudSSO is disabled in this account; call EnableService first.",
        ))
    }
}

/// `EnableService`: the service is on (again). Any account may enable it (the emulator
/// treats every account as a resource directory's management account).
impl Served for EnableService {
    fn serve(
        context: &Context<'_>,
        _request: &EnableServiceRequest,
    ) -> Result<EnableServiceResponse, Failure> {
        context.write(|state| {
            if !is_enabled(&state.directory) {
                state.directory.service.insert(
                    SERVICE_KEY.to_owned(),
                    ServiceRow {
                        status: "Enabled".to_owned(),
                    },
                );
            }
            Ok(())
        })?;
        Ok(EnableServiceResponse::builder()
            .request_id(context.request_id())
            .build())
    }
}

/// `DisableService`: the service is off; refused while the account has a directory
/// (`OperationConflict.Service.DirectoryExists`, the documented prerequisite).
impl Served for DisableService {
    fn serve(
        context: &Context<'_>,
        _request: &DisableServiceRequest,
    ) -> Result<DisableServiceResponse, Failure> {
        context.write(|state| {
            if let Some((id, _)) = state.directory.directories.iter().next() {
                return Err(Failure::new(
                    "OperationConflict.Service.DirectoryExists",
                    StatusCode::CONFLICT,
                    format!(
                        "CloudSSO cannot be disabled while the account has a directory \
                         (`{id}`); delete every directory first."
                    ),
                ));
            }
            state.directory.service.insert(
                SERVICE_KEY.to_owned(),
                ServiceRow {
                    status: "Disabled".to_owned(),
                },
            );
            Ok(())
        })?;
        Ok(DisableServiceResponse::builder()
            .request_id(context.request_id())
            .build())
    }
}

/// `GetServiceStatus`: the account, `Enabled`/`Disabled`, the regions of its directories,
/// and, only while disabled, `PrerequisiteCheckResult` `Success`.
impl Served for GetServiceStatus {
    fn serve(
        context: &Context<'_>,
        _request: &GetServiceStatusRequest,
    ) -> Result<GetServiceStatusResponse, Failure> {
        let (enabled, mut regions) = context.read(|state| {
            let regions: Vec<String> = state
                .directory
                .directories
                .iter()
                .map(|(_, d)| d.region.clone())
                .collect();
            (is_enabled(&state.directory), regions)
        });
        regions.sort();
        regions.dedup();
        let mut status = ServiceStatus::builder()
            .account_id(context.account)
            .regions_in_use(regions);
        if enabled {
            status = status.status(CreateUserStatus::Enabled);
        } else {
            status = status
                .status(CreateUserStatus::Disabled)
                .prerequisite_check_result(PrerequisiteCheckResult::Success);
        }
        Ok(GetServiceStatusResponse::builder()
            .service_status(status.build())
            .request_id(context.request_id())
            .build())
    }
}

/// The `AccountId` of a delegate request, checked: a member of the resource directory
/// other than the management account itself.
fn delegate_account<'a, O: acs_protocol::Operation>(
    context: &Context<'_>,
    account: &'a impl params::Given<String>,
) -> Result<&'a str, Failure> {
    let account = params::required_text::<O>("AccountId", account)?;
    if account == context.account {
        return Err(params::invalid(
            "AccountId",
            account,
            "a member account of the resource directory, not the management account itself",
        ));
    }
    if !context.settings.is_member_account(account) {
        return Err(Failure::new(
            "EntityNotExists.Account",
            StatusCode::NOT_FOUND,
            format!(
                "The account `{}` is not a member of the resource directory.",
                params::quoted(account)
            ),
        ));
    }
    Ok(account)
}

/// `EnableDelegateAccount`: the member account becomes CloudSSO's delegated administrator.
/// One at a time (as the resource directory allows one delegated administrator per
/// trusted service): another is `EntityAlreadyExists.DelegateAccount`.
impl Served for EnableDelegateAccount {
    fn serve(
        context: &Context<'_>,
        request: &EnableDelegateAccountRequest,
    ) -> Result<EnableDelegateAccountResponse, Failure> {
        let account = delegate_account::<Self>(context, &request.account_id)?;
        let now = timestamp(context.now);
        context.write(|state| {
            if let Some((existing, _)) = state.directory.delegates.iter().next() {
                return Err(Failure::new(
                    "EntityAlreadyExists.DelegateAccount",
                    StatusCode::CONFLICT,
                    format!(
                        "The account `{existing}` is already the delegated administrator; \
                         DisableDelegateAccount it first."
                    ),
                ));
            }
            state
                .directory
                .delegates
                .insert(account.to_owned(), DelegateRow { enable_time: now });
            Ok(())
        })?;
        Ok(EnableDelegateAccountResponse::builder()
            .request_id(context.request_id())
            .build())
    }
}

/// `DisableDelegateAccount`: the account is no longer the delegated administrator;
/// `EntityNotExists.DelegateAccount` if it was not.
impl Served for DisableDelegateAccount {
    fn serve(
        context: &Context<'_>,
        request: &DisableDelegateAccountRequest,
    ) -> Result<DisableDelegateAccountResponse, Failure> {
        let account = params::required_text::<Self>("AccountId", &request.account_id)?;
        context.write(|state| {
            state
                .directory
                .delegates
                .remove(account)
                .map(|_| ())
                .ok_or_else(|| {
                    Failure::new(
                        "EntityNotExists.DelegateAccount",
                        StatusCode::NOT_FOUND,
                        format!(
                            "The account `{}` is not the delegated administrator.",
                            params::quoted(account)
                        ),
                    )
                })
        })?;
        Ok(DisableDelegateAccountResponse::builder()
            .request_id(context.request_id())
            .build())
    }
}
