//! `cloudsso call ACTION [--Param value]...`: sign, send, decode, print.

use std::time::Duration;

use crate::cli::CallArgs;
use crate::client::{CaBundle, Client};
use crate::credentials::{self, Environment};
use crate::error::CliError;
use crate::signing::{self, SignOptions};
use crate::{endpoint, operation, render};

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
    let algorithm = super::algorithm_of(args.target.signature_version);
    let options = SignOptions::new(algorithm, format);
    let client = Client::new(
        Duration::from_secs(args.timeout.max(1)),
        CaBundle::resolve(args.ca_bundle.as_deref(), env),
    )?;
    let value = if args.all_pages {
        let mut pages = operation::pages(&args.action, params, &endpoint, format)?;
        let mut values = Vec::new();
        while let Some(mut request) = pages.next_request()? {
            let credentials = &resolved.credentials;
            let version = cloudsso_model::API_VERSION;
            signing::sign(&mut request, credentials, &args.action, version, &options)?;
            let response = client.send(request).await?;
            values.push(pages.advance(&response)?);
        }
        serde_json::Value::Array(values)
    } else {
        let mut request = operation::encode(&args.action, params, &endpoint, format)?;
        let version = cloudsso_model::API_VERSION;
        signing::sign(
            &mut request,
            &resolved.credentials,
            &args.action,
            version,
            &options,
        )?;
        let response = client.send(request).await?;
        operation::decode(&args.action, &response)?
    };
    out!("{}", render::pretty_json(&value));
    Ok(())
}
