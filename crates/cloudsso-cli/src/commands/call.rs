//! `cloudsso call ACTION [--Param value]...`: send through `acs-client` (signing afresh per
//! attempt, retries, timeouts, proxies, TLS), decode, print.

use std::path::Path;
use std::time::Duration;

use acs_client::{Client, Config, HttpClient, RetryConfig, TimeoutConfig, TlsConfig};
use cloudsso_model::CloudSso;

use crate::cli::CallArgs;
use crate::credentials::{self, Environment};
use crate::error::CliError;
use crate::{endpoint, operation, render};

/// Runs `call`.
pub async fn run(
    args: &CallArgs,
    params: &[(String, String)],
    env: &Environment,
) -> Result<(), CliError> {
    operation::check_action(&args.action)?;
    if args.all_pages {
        operation::check_paginated(&args.action)?;
    }
    let timeout = Duration::from_secs(args.timeout.max(1));
    let connect_timeout = timeout.min(acs_client::DEFAULT_CONNECT_TIMEOUT);
    let mut http = HttpClient::builder()
        .env(env.to_client_env())
        .connect_timeout(Some(connect_timeout));
    if let Some(tls) = tls_config(args.ca_bundle.as_deref(), env)? {
        http = http.tls(tls);
    }
    let http = http
        .build()
        .map_err(|e| CliError::usage("HTTP_PROXY/HTTPS_PROXY/ALL_PROXY", e.to_string()))?;
    // Credentials through the same transport (proxies, CA bundle), as STS and metadata calls.
    let resolved = credentials::resolve(env, args.target.profile.as_deref(), &http).await?;
    let endpoint = endpoint::resolve(
        args.target.endpoint.as_deref(),
        args.target.region.as_deref(),
        resolved.region.as_deref(),
    )?;
    let config = Config::builder()
        .endpoint(endpoint.to_string())
        .credentials_provider(resolved.credentials.clone())
        .signing_algorithm(super::algorithm_of(args.target.signature_version))
        .format(args.target.format.into())
        .retry_config(RetryConfig::standard().with_max_attempts(args.max_attempts))
        .timeout_config(
            TimeoutConfig::new()
                .with_connect_timeout(Some(connect_timeout))
                .with_read_timeout(Some(timeout)),
        )
        .user_agent_suffix(format!("cloudsso-cli/{}", env!("CARGO_PKG_VERSION")))
        .http_client(http)
        .build();
    let client = Client::new::<CloudSso>(&config);
    let value = if args.all_pages {
        operation::send_all_pages(&client, &args.action, params).await?
    } else {
        operation::send(&client, &args.action, params).await?
    };
    out!("{}", render::pretty_json(&value));
    Ok(())
}

/// The roots to trust: `--ca-bundle FILE` if given, else the file `SSL_CERT_FILE` names if
/// set (the variable OpenSSL, curl and Python read, so a machine set up for a TLS-inspecting
/// proxy works without the flag), else Mozilla's (`None`). The file is read here, not at the
/// first `https://` request, so a wrong path is a usage error whatever the endpoint; errors
/// name the flag or the variable.
fn tls_config(flag: Option<&Path>, env: &Environment) -> Result<Option<TlsConfig>, CliError> {
    let (source, path) = match (flag, env.var("SSL_CERT_FILE")) {
        (Some(path), _) => ("--ca-bundle", path),
        (None, Some(path)) => ("SSL_CERT_FILE", Path::new(path)),
        (None, None) => return Ok(None),
    };
    TlsConfig::from_pem_file(path)
        .map(Some)
        .map_err(|e| CliError::usage(source, e.to_string()))
}
