//! `cloudsso call ACTION [--Param value]...`: sign, send, decode, print.

use std::time::Duration;

use crate::cli::CallArgs;
use crate::credentials::{self, Environment};
use crate::error::CliError;
use crate::signing::{self, SignOptions};
use crate::{client, endpoint, operation};

/// Runs `call`.
pub async fn run(
    args: &CallArgs,
    params: &[(String, String)],
    env: &Environment,
) -> Result<(), CliError> {
    operation::check_action(&args.action)?;
    let resolved = credentials::resolve(env, args.target.profile.as_deref())?;
    let endpoint = endpoint::resolve(
        args.target.endpoint.as_deref(),
        args.target.region.as_deref(),
        resolved.region.as_deref(),
    )?;
    let format = args.target.format.into();
    let mut request = operation::encode(&args.action, params, &endpoint, format)?;
    let algorithm = super::algorithm_of(args.target.signature_version);
    signing::sign(
        &mut request,
        &resolved.credentials,
        &args.action,
        cloudsso_model::API_VERSION,
        &SignOptions::new(algorithm, format),
    )?;
    let response = client::send(request, Duration::from_secs(args.timeout.max(1))).await?;
    let value = operation::decode(&args.action, &response)?;
    out!(
        "{}",
        serde_json::to_string_pretty(&value).unwrap_or_else(|_| value.to_string())
    );
    Ok(())
}
