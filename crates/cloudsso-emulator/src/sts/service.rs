//! STS's dispatch: the three operations by action, each answering from `sts_model` types in
//! the format asked for, and the checks they share (session names, durations, policies).

use std::time::{Duration, SystemTime};

use acs_protocol::Operation;
use http::StatusCode;
use sts_model::{AssumeRole, AssumeRoleWithOidc, GetCallerIdentity};

use crate::emulator::Caller;
use crate::error::Failure;
use crate::state::Store;
use crate::sts::config::Config;
use crate::sts::credentials::{Issued, MAX_DURATION, MIN_DURATION, Principal};

/// What an STS operation sees besides its request.
pub(crate) struct Context<'a> {
    /// Who signed the request; `None` for the anonymous `AssumeRoleWithOIDC`.
    pub(crate) caller: Option<&'a Caller>,
    /// The access key ID that signed it.
    pub(crate) access_key_id: Option<&'a str>,
    pub(crate) store: &'a Store,
    pub(crate) config: &'a Config,
    pub(crate) request_id: &'a str,
    pub(crate) now: SystemTime,
}

impl Context<'_> {
    /// The request ID as responses carry it.
    pub(crate) fn request_id(&self) -> sts_model::RequestId {
        sts_model::RequestId::from_service(self.request_id)
    }
}

/// An STS operation the emulator serves.
pub(crate) trait Served: Operation {
    /// Applies `request` and answers, or fails with the service's error.
    fn serve(context: &Context<'_>, request: &Self::Request) -> Result<Self::Response, Failure>;
}

type Handler = fn(
    &Context<'_>,
    &acs_codec::Parameters,
    acs_protocol::Format,
) -> Result<http::Response<Vec<u8>>, Failure>;

fn handler<O: Served>(
    context: &Context<'_>,
    parameters: &acs_codec::Parameters,
    format: acs_protocol::Format,
) -> Result<http::Response<Vec<u8>>, Failure> {
    let request = crate::wire::decode_request::<O>(parameters)?;
    let response = O::serve(context, &request)?;
    crate::wire::encode_success::<O>(&response, format)
}

/// The operations STS serves, by action.
const IMPLEMENTED: &[(&str, Handler)] = &[
    (AssumeRole::DESCRIPTION.action, handler::<AssumeRole>),
    (
        AssumeRoleWithOidc::DESCRIPTION.action,
        handler::<AssumeRoleWithOidc>,
    ),
    (
        GetCallerIdentity::DESCRIPTION.action,
        handler::<GetCallerIdentity>,
    ),
];

/// The action the anonymous form of `AssumeRoleWithOIDC` names.
pub(crate) const ASSUME_ROLE_WITH_OIDC: &str = AssumeRoleWithOidc::DESCRIPTION.action;

/// Serves STS `action`, or `InvalidAction.NotFound` (404) for an action STS does not have.
pub(crate) fn serve(
    context: &Context<'_>,
    action: &str,
    parameters: &acs_codec::Parameters,
    format: acs_protocol::Format,
) -> Result<http::Response<Vec<u8>>, Failure> {
    let Some((_, handler)) = IMPLEMENTED.iter().find(|(name, _)| *name == action) else {
        return Err(Failure::with_message(
            acs_protocol::ErrorCode::INVALID_ACTION_NOT_FOUND,
            format!(
                "Specified api is not found, please check your url and method: action \
                 `{}` is not an operation of STS 2015-04-01; the emulator implements \
                 AssumeRole, AssumeRoleWithOIDC and GetCallerIdentity",
                crate::params::quoted(action)
            ),
        ));
    };
    handler(context, parameters, format)
}

/// `RoleSessionName`: 2 to 64 letters, digits, `.`, `@`, `-`, `_`; else
/// `InvalidParameter.RoleSessionName` (400).
pub(crate) fn check_session_name(name: &str) -> Result<(), Failure> {
    let valid = (2..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'@' | b'-' | b'_'));
    if valid {
        return Ok(());
    }
    Err(Failure::new(
        "InvalidParameter.RoleSessionName",
        StatusCode::BAD_REQUEST,
        format!(
            "The parameter RoleSessionName is wrongly formed: `{}`; expected 2 to 64 letters, \
             digits, `.`, `@`, `-` or `_`",
            crate::params::quoted(name)
        ),
    ))
}

/// `DurationSeconds` (default 3600) within 900 and `max` (at most 43200); else
/// `InvalidParameter.DurationSeconds` (400) naming why.
pub(crate) fn duration(
    seconds: Option<i64>,
    max: Duration,
    why_max: &str,
) -> Result<Duration, Failure> {
    let seconds = seconds.unwrap_or(3600);
    let max = max.min(MAX_DURATION);
    let wanted = u64::try_from(seconds).ok().map(Duration::from_secs);
    match wanted {
        Some(d) if (MIN_DURATION..=max).contains(&d) => Ok(d),
        _ => Err(Failure::new(
            "InvalidParameter.DurationSeconds",
            StatusCode::BAD_REQUEST,
            format!(
                "The Min/Max value of DurationSeconds is 15min/12hr: DurationSeconds `{seconds}` \
                 is out of range; expected {} to {} ({why_max})",
                MIN_DURATION.as_secs(),
                max.as_secs()
            ),
        )),
    }
}

/// `Policy`, when given: 1 to 2048 characters of JSON text holding an object; else
/// `InvalidParameter.PolicyGrammar` (400). The emulator does not enforce policies.
pub(crate) fn check_policy(policy: Option<&str>) -> Result<(), Failure> {
    let Some(policy) = policy else {
        return Ok(());
    };
    let problem = if policy.is_empty() || policy.chars().count() > 2048 {
        Some(format!(
            "it has {} characters; expected 1 to 2048",
            policy.chars().count()
        ))
    } else {
        match serde_json::from_str::<serde_json::Value>(policy) {
            Ok(serde_json::Value::Object(_)) => None,
            Ok(_) => Some("expected a JSON object".to_owned()),
            Err(e) => Some(format!("not JSON: {e}")),
        }
    };
    match problem {
        None => Ok(()),
        Some(problem) => Err(Failure::new(
            "InvalidParameter.PolicyGrammar",
            StatusCode::BAD_REQUEST,
            format!("The parameter Policy has not passed grammar check: {problem}"),
        )),
    }
}

/// The `Credentials` of an answer.
pub(crate) fn credentials_of(issued: &Issued) -> sts_model::Credentials {
    sts_model::Credentials::builder()
        .access_key_id(issued.access_key_id.clone())
        .access_key_secret(issued.access_key_secret.clone())
        .security_token(issued.security_token.clone())
        .expiration(issued.expiration.clone())
        .build()
}

/// The `AssumedRoleUser` of an answer: `Arn` `acs:ram::<account>:role/<name>/<session>`
/// (the documented sample's form) and `AssumedRoleId` `<role ID>:<session>`.
pub(crate) fn assumed_role_user(
    account: &str,
    principal: &Principal,
) -> sts_model::AssumedRoleUser {
    let (_, name) = principal.role(account);
    let session = principal.session_name();
    sts_model::AssumedRoleUser::builder()
        .arn(format!("acs:ram::{account}:role/{name}/{session}"))
        .assumed_role_id(format!("{}:{session}", principal.role_id(account)))
        .build()
}

/// `NoPermission` (403): the role does not trust the caller.
pub(crate) fn no_permission(role_arn: &str, who: &str) -> Failure {
    Failure::new(
        "NoPermission",
        StatusCode::FORBIDDEN,
        format!(
            "You are not authorized to do this action. You should be authorized by RAM: role \
             {role_arn} does not trust {who}"
        ),
    )
}

/// `EntityNotExist.Role` (404).
pub(crate) fn role_not_found(role_arn: &str) -> Failure {
    Failure::new(
        "EntityNotExist.Role",
        StatusCode::NOT_FOUND,
        format!("The role not exists: {role_arn}; expected a role configured with --role"),
    )
}

/// `InvalidParameter.RoleArn` (400).
pub(crate) fn invalid_role_arn(role_arn: &str) -> Failure {
    Failure::new(
        "InvalidParameter.RoleArn",
        StatusCode::BAD_REQUEST,
        format!(
            "The parameter RoleArn is wrongly formed: `{}`; expected \
             acs:ram::<16-digit account>:role/<name>",
            crate::params::quoted(role_arn)
        ),
    )
}
