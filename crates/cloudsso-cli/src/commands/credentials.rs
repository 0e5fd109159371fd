//! `cloudsso credentials`: which provider answers and with which key, as `call` and `sign`
//! would resolve them. The secret and the security token are never printed.

use acs_client::HttpClient;
use serde_json::json;

use crate::cli::CredentialsArgs;
use crate::credentials::{self, Environment};
use crate::error::CliError;
use crate::render;

/// Runs `credentials`.
pub async fn run(args: &CredentialsArgs, env: &Environment) -> Result<(), CliError> {
    let http = HttpClient::builder()
        .env(env.to_client_env())
        .build()
        .map_err(|e| CliError::usage("HTTP_PROXY/HTTPS_PROXY/ALL_PROXY", e.to_string()))?;
    let resolved = credentials::resolve(env, args.profile.as_deref(), &http).await?;
    let expiration = resolved
        .credentials
        .expiration()
        .and_then(|t| acs_signer::SigningTime::from_system_time(t).ok())
        .map(|t| t.to_string());
    let value = json!({
        "Provider": resolved.source,
        "AccessKeyId": resolved.credentials.access_key_id(),
        "HasSecurityToken": resolved.credentials.security_token().is_some(),
        "Expiration": expiration,
        "Region": resolved.region,
    });
    out!("{}", render::pretty_json(&value));
    Ok(())
}
