//! Sending a request to a credentials endpoint and reading the answer, the same way for STS,
//! instance metadata, a credentials URI and the CloudSSO portal.

use std::time::Duration;

use bytes::Bytes;
use serde::Deserialize;

use crate::error::EndpointError;
use crate::runtime::HttpClient;

/// Sends `request`; a non-2xx answer becomes [`EndpointError::Status`] with the body's code
/// and message (never the rest of the body).
pub(crate) async fn exchange(
    client: &HttpClient,
    endpoint: &str,
    request: http::Request<Bytes>,
    read_timeout: Duration,
) -> Result<http::Response<Bytes>, EndpointError> {
    let response = client
        .send(request, Some(read_timeout))
        .await
        .map_err(|source| EndpointError::Transport {
            endpoint: endpoint.to_owned(),
            source: Box::new(source),
        })?;
    if response.status().is_success() {
        Ok(response)
    } else {
        Err(status_error(endpoint, &response))
    }
}

/// The error of a non-2xx answer: its status and, if the body is a JSON error, its code,
/// message and request ID (`Code`/`Message` as the OpenAPI gateway writes them,
/// `ErrorCode`/`ErrorMessage` as the CloudSSO portal does).
pub(crate) fn status_error(endpoint: &str, response: &http::Response<Bytes>) -> EndpointError {
    #[derive(Deserialize, Default)]
    #[serde(rename_all = "PascalCase")]
    struct ErrorBody {
        code: Option<String>,
        message: Option<String>,
        error_code: Option<String>,
        error_message: Option<String>,
        request_id: Option<String>,
    }
    let body: ErrorBody = serde_json::from_slice(response.body()).unwrap_or_default();
    EndpointError::Status {
        endpoint: endpoint.to_owned(),
        status: response.status(),
        code: body.code.or(body.error_code),
        message: body.message.or(body.error_message),
        request_id: body.request_id,
    }
}

/// Parses a 2xx JSON body into `T`, naming the endpoint (but never showing the body, which
/// holds secrets) on failure.
pub(crate) fn parse_json<T: for<'de> Deserialize<'de>>(
    endpoint: &str,
    body: &[u8],
) -> Result<T, EndpointError> {
    serde_json::from_slice(body).map_err(|error| EndpointError::Response {
        endpoint: endpoint.to_owned(),
        // Only the kind and position: serde_json's message may quote a value.
        problem: format!(
            "the body is not the expected JSON ({:?} error at line {} column {})",
            error.classify(),
            error.line(),
            error.column()
        ),
    })
}

/// A request builder error, named after its endpoint.
pub(crate) fn request_error(endpoint: &str, problem: impl std::fmt::Display) -> EndpointError {
    EndpointError::Request {
        endpoint: endpoint.to_owned(),
        problem: problem.to_string(),
    }
}
