//! `AssumeRoleWithOIDC` (RRSA): temporary credentials of a RAM role in exchange for an ID
//! token of a configured OIDC provider, sent anonymously.
//!
//! The token is an RS256 JWS checked with `jsonwebtoken` against the provider's keys; then
//! its claims, against the request's time (so tests can move the clock): `iss` the
//! provider's issuer, `aud` one of its client IDs, `exp` not passed, `nbf` (and `iat`) not
//! in the future. Each refusal has its code (*the documentation is silent on them; all
//! 400*):
//!
//! | case | code |
//! | --- | --- |
//! | not a JWS, not RS256, no key with its `kid`, or a bad signature | `AuthenticationFail.OIDCToken.Invalid` |
//! | `iss` is not the provider's issuer | `AuthenticationFail.OIDCToken.IssuerMismatch` |
//! | `aud` names none of its client IDs | `AuthenticationFail.OIDCToken.AudienceMismatch` |
//! | `exp` absent or passed | `AuthenticationFail.OIDCToken.Expired` |
//! | `nbf` or `iat` in the future | `AuthenticationFail.OIDCToken.NotYetValid` |

use std::time::SystemTime;

use http::StatusCode;
use jsonwebtoken::{Algorithm, Validation};
use serde::Deserialize;
use sts_model::{
    AssumeRoleWithOidc, AssumeRoleWithOidcRequest, AssumeRoleWithOidcResponse, OidcTokenInfo,
};

use crate::error::Failure;
use crate::state::timestamp;
use crate::sts::config::{OidcProvider, parse_arn, parse_role_arn};
use crate::sts::credentials::{MAX_DURATION, Principal, issue};
use crate::sts::service::{
    Context, Served, assumed_role_user, check_policy, check_session_name, credentials_of, duration,
    invalid_role_arn, no_permission, role_not_found,
};

/// The claims the emulator reads.
#[derive(Debug, Deserialize)]
struct Claims {
    iss: Option<String>,
    sub: Option<String>,
    #[serde(default)]
    aud: Audience,
    exp: Option<i64>,
    nbf: Option<i64>,
    iat: Option<i64>,
}

/// `aud`: one string or a list.
#[derive(Debug, Default, Deserialize)]
#[serde(untagged)]
enum Audience {
    One(String),
    Many(Vec<String>),
    #[default]
    None,
}

impl Audience {
    fn values(&self) -> Vec<&str> {
        match self {
            Self::One(one) => vec![one.as_str()],
            Self::Many(many) => many.iter().map(String::as_str).collect(),
            Self::None => Vec::new(),
        }
    }
}

fn refused(code: &'static str, message: String) -> Failure {
    Failure::new(code, StatusCode::BAD_REQUEST, message)
}

/// The token's claims, once its signature verifies with one of the provider's keys.
fn verified_claims(provider: &OidcProvider, token: &str) -> Result<Claims, Failure> {
    let invalid = |why: String| {
        refused(
            "AuthenticationFail.OIDCToken.Invalid",
            format!("The OIDCToken is invalid: {why}"),
        )
    };
    let header = jsonwebtoken::decode_header(token)
        .map_err(|e| invalid(format!("it is not a JWT ({e}); expected an RS256 ID token")))?;
    if header.alg != Algorithm::RS256 {
        return Err(invalid(format!(
            "its algorithm is {:?}; expected RS256",
            header.alg
        )));
    }
    let mut validation = Validation::new(Algorithm::RS256);
    // The claims are checked below against the request's time, not the system clock.
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.validate_aud = false;
    validation.required_spec_claims.clear();
    let candidates: Vec<_> = provider
        .keys
        .iter()
        .filter(|k| header.kid.is_none() || k.kid.is_none() || k.kid == header.kid)
        .collect();
    if candidates.is_empty() {
        return Err(invalid(format!(
            "provider {} has no key with kid `{}`",
            provider.arn(),
            header
                .kid
                .as_deref()
                .map(crate::params::quoted)
                .unwrap_or_default()
        )));
    }
    let mut last = None;
    for key in candidates {
        match jsonwebtoken::decode::<Claims>(token, &key.key, &validation) {
            Ok(data) => return Ok(data.claims),
            Err(e) => last = Some(e),
        }
    }
    Err(invalid(format!(
        "its signature does not verify with the keys of provider {} ({})",
        provider.arn(),
        last.map(|e| e.to_string()).unwrap_or_default()
    )))
}

/// Checks `claims` against `provider` at `now`.
fn check_claims(provider: &OidcProvider, claims: &Claims, now: SystemTime) -> Result<(), Failure> {
    let issuer = provider.issuer.as_deref().unwrap_or_default();
    if claims.iss.as_deref() != Some(issuer) {
        return Err(refused(
            "AuthenticationFail.OIDCToken.IssuerMismatch",
            format!(
                "The issuer of the OIDCToken `{}` is not the issuer of provider {}; expected `{issuer}`",
                claims
                    .iss
                    .as_deref()
                    .map(crate::params::quoted)
                    .unwrap_or_default(),
                provider.arn()
            ),
        ));
    }
    let audiences = claims.aud.values();
    if !audiences
        .iter()
        .any(|aud| provider.client_ids.iter().any(|id| id == aud))
    {
        return Err(refused(
            "AuthenticationFail.OIDCToken.AudienceMismatch",
            format!(
                "The audience of the OIDCToken {audiences:?} names none of the client IDs of \
                 provider {}; expected one of {:?}",
                provider.arn(),
                provider.client_ids
            ),
        ));
    }
    let now = now
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    match claims.exp {
        Some(exp) if exp > now => {}
        Some(exp) => {
            return Err(refused(
                "AuthenticationFail.OIDCToken.Expired",
                format!("The OIDCToken is expired: exp {exp} is not after now ({now})"),
            ));
        }
        None => {
            return Err(refused(
                "AuthenticationFail.OIDCToken.Expired",
                "The OIDCToken has no expiry (exp); expected an ID token with exp".to_owned(),
            ));
        }
    }
    for (name, value) in [("nbf", claims.nbf), ("iat", claims.iat)] {
        if let Some(value) = value
            && value > now
        {
            return Err(refused(
                "AuthenticationFail.OIDCToken.NotYetValid",
                format!("The OIDCToken is not valid yet: {name} {value} is after now ({now})"),
            ));
        }
    }
    Ok(())
}

/// `EntityNotExist.OIDCProvider` (404).
fn provider_not_found(arn: &str) -> Failure {
    Failure::new(
        "EntityNotExist.OIDCProvider",
        StatusCode::NOT_FOUND,
        format!(
            "The OIDC provider does not exist: {}; expected one configured with --oidc-provider",
            crate::params::quoted(arn)
        ),
    )
}

/// A session name when none is given: `oidc-` and 12 letters and digits.
fn generated_session_name() -> String {
    format!("oidc-{}", crate::ids::secret(12))
}

/// `AssumeRoleWithOIDC`: the provider must be configured; the token must verify (see the
/// module); the role must be of the provider's account and, when roles are configured,
/// configured and trusting the provider (or its account). `RoleSessionName` is optional
/// (*generated `oidc-…` when absent*). Answers `OIDCTokenInfo` beside the credentials.
impl Served for AssumeRoleWithOidc {
    fn serve(
        context: &Context<'_>,
        request: &AssumeRoleWithOidcRequest,
    ) -> Result<AssumeRoleWithOidcResponse, Failure> {
        if parse_arn(&request.oidc_provider_arn, "oidc-provider").is_none() {
            return Err(Failure::new(
                "InvalidParameter.OIDCProviderArn",
                StatusCode::BAD_REQUEST,
                format!(
                    "The parameter OIDCProviderArn is wrongly formed: `{}`; expected \
                     acs:ram::<16-digit account>:oidc-provider/<name>",
                    crate::params::quoted(&request.oidc_provider_arn)
                ),
            ));
        }
        let arn =
            parse_role_arn(&request.role_arn).ok_or_else(|| invalid_role_arn(&request.role_arn))?;
        if let Some(name) = &request.role_session_name {
            check_session_name(name)?;
        }
        check_policy(request.policy.as_deref())?;
        let token = request.oidc_token.expose();
        if !(4..=20_000).contains(&token.len()) {
            return Err(refused(
                "InvalidParameter.OIDCToken",
                format!(
                    "The parameter OIDCToken has {} characters; expected 4 to 20000",
                    token.len()
                ),
            ));
        }
        let provider = context
            .config
            .provider(&request.oidc_provider_arn)
            .ok_or_else(|| provider_not_found(&request.oidc_provider_arn))?;
        let claims = verified_claims(provider, token)?;
        check_claims(provider, &claims, context.now)?;
        let provider_arn = provider.arn();
        if arn.account != provider.account {
            return Err(no_permission(
                &arn.arn(),
                &format!("provider {provider_arn} of another account"),
            ));
        }
        let (role_id, max) = if context.config.roles.is_empty() {
            (
                crate::sts::credentials::role_id_of(&arn.arn()),
                MAX_DURATION,
            )
        } else {
            let role = context
                .config
                .role(&arn)
                .ok_or_else(|| role_not_found(&arn.arn()))?;
            if !role.trusts(&provider.account, None, Some(&provider_arn)) {
                return Err(no_permission(
                    &arn.arn(),
                    &format!("provider {provider_arn}"),
                ));
            }
            (role.role_id.clone(), role.max_session_duration)
        };
        let duration = duration(
            request.duration_seconds,
            max,
            "the role's maximum session duration",
        )?;
        let session_name = request
            .role_session_name
            .clone()
            .unwrap_or_else(generated_session_name);
        let principal = Principal::AssumedRole {
            role_arn: arn.arn(),
            role_id,
            session_name,
        };
        let issued = issue(
            context.store,
            &arn.account,
            principal,
            duration,
            context.now,
        )?;
        let time = |seconds: Option<i64>| {
            seconds
                .and_then(|s| u64::try_from(s).ok())
                .map(|s| timestamp(SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(s)))
        };
        let mut info = OidcTokenInfo::default();
        info.issuer.clone_from(&claims.iss);
        info.subject.clone_from(&claims.sub);
        info.client_ids = Some(claims.aud.values().join(","));
        info.expiration_time = time(claims.exp);
        info.issuance_time = time(claims.iat);
        let mut response = AssumeRoleWithOidcResponse::default();
        response.request_id = Some(context.request_id());
        response.assumed_role_user = Some(assumed_role_user(&issued.account, &issued.principal));
        response.credentials = Some(credentials_of(&issued));
        response.oidc_token_info = Some(info);
        Ok(response)
    }
}
