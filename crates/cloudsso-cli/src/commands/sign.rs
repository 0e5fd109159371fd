//! `cloudsso sign ACTION [--Param value]...`: the signed request, not sent.

use std::time::SystemTime;

use acs_protocol::SigningAlgorithm;
use acs_protocol::encoding::percent_encode;
use http::Method;

use crate::cli::{AlgorithmArg, MethodArg, OutputArg, SignArgs, SignatureVersionArg};
use crate::credentials::{self, Environment};
use crate::error::CliError;
use crate::signing::{self, SignOptions};
use crate::{endpoint, operation, render};

/// Runs `sign`.
pub async fn run(
    args: &SignArgs,
    params: &[(String, String)],
    env: &Environment,
) -> Result<(), CliError> {
    let algorithm = match (args.signature_algorithm, args.target.signature_version) {
        (Some(_), Some(SignatureVersionArg::V2)) => {
            return Err(CliError::usage(
                "--signature-algorithm",
                "names a V3 algorithm, but --signature-version is v2",
            ));
        }
        (Some(AlgorithmArg::HmacSha256), _) => SigningAlgorithm::Acs3HmacSha256,
        (Some(AlgorithmArg::HmacSm3), _) => SigningAlgorithm::Acs3HmacSm3,
        (Some(AlgorithmArg::RsaSha256), _) => SigningAlgorithm::Acs3RsaSha256,
        (None, version) => super::algorithm_of(version),
    };
    let time = args.timestamp.as_deref().map(parse_timestamp).transpose()?;
    let http = acs_client::HttpClient::builder()
        .env(env.to_client_env())
        .build()
        .map_err(|e| CliError::usage("HTTP_PROXY/HTTPS_PROXY/ALL_PROXY", e.to_string()))?;
    let resolved = credentials::resolve(env, args.target.profile.as_deref(), &http).await?;
    let endpoint = endpoint::resolve(
        args.target.endpoint.as_deref(),
        args.target.region.as_deref(),
        resolved.region.as_deref(),
    )?;
    let format = args.target.format.into();
    let known = cloudsso_model::description(&args.action).is_some();
    let mut request = if known {
        operation::encode(&args.action, params, &endpoint, format)?
    } else {
        raw_request(&endpoint, params)?
    };
    if let Some(method) = args.method {
        *request.method_mut() = match method {
            MethodArg::Get => Method::GET,
            MethodArg::Post => Method::POST,
        };
    }
    let version = args
        .api_version
        .clone()
        .unwrap_or_else(|| cloudsso_model::API_VERSION.to_owned());
    let mut options = SignOptions::new(algorithm, format);
    options.time = time;
    options.nonce = args.nonce.clone();
    let output = signing::sign(
        &mut request,
        &resolved.credentials,
        &args.action,
        &version,
        &options,
    )?;
    if args.steps {
        errln!("-- canonical request\n{}", output.canonical_request());
        errln!("-- string to sign\n{}", output.string_to_sign());
    }
    let text = match args.output {
        OutputArg::Http => render::http_message(&request),
        OutputArg::Json => render::json(&request),
        OutputArg::Curl => render::curl(&request),
    };
    out!("{text}");
    Ok(())
}

/// `--timestamp` as RFC 3339.
fn parse_timestamp(text: &str) -> Result<SystemTime, CliError> {
    let timestamp: jiff::Timestamp = text.parse().map_err(|e| {
        CliError::usage(
            "--timestamp",
            format!("`{text}` is not an RFC 3339 time ({e}); expected e.g. 2023-10-26T10:22:32Z"),
        )
    })?;
    Ok(SystemTime::from(timestamp))
}

/// A request of an action outside the model: the parameters in the query, in order.
fn raw_request(
    endpoint: &http::Uri,
    params: &[(String, String)],
) -> Result<http::Request<Vec<u8>>, CliError> {
    let query: Vec<String> = params
        .iter()
        .map(|(n, v)| format!("{}={}", percent_encode(n), percent_encode(v)))
        .collect();
    let authority = endpoint
        .authority()
        .map(|a| a.as_str().to_owned())
        .unwrap_or_default();
    let scheme = endpoint.scheme_str().unwrap_or("https");
    let uri = if query.is_empty() {
        format!("{scheme}://{authority}/")
    } else {
        format!("{scheme}://{authority}/?{}", query.join("&"))
    };
    http::Request::post(uri)
        .header(http::header::HOST, authority)
        .body(Vec::new())
        .map_err(|e| CliError::usage("--endpoint", format!("cannot form a request: {e}")))
}
