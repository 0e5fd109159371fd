//! A minimal HTTP/1.1 client over hyper for `call` and `demo`.
//!
//! TLS is not built in: `https://` endpoints are refused with a clear error (see the crate
//! documentation for why); `http://` endpoints, such as the emulator's, work fully.

use std::time::Duration;

use bytes::Bytes;
use http::uri::PathAndQuery;
use http_body_util::{BodyExt as _, Full, Limited};
use hyper_util::rt::TokioIo;

use crate::error::CliError;

/// The largest response body read: 4 MiB, as the codec's default limit.
pub const MAX_RESPONSE_BYTES: usize = 4 * 1024 * 1024;

/// Sends `request` (absolute URI) and reads the whole response within `timeout`.
pub async fn send(
    request: http::Request<Vec<u8>>,
    timeout: Duration,
) -> Result<http::Response<Vec<u8>>, CliError> {
    match tokio::time::timeout(timeout, send_inner(request)).await {
        Ok(result) => result,
        Err(_) => Err(CliError::Transport(format!(
            "no answer within {} s (see --timeout)",
            timeout.as_secs()
        ))),
    }
}

async fn send_inner(request: http::Request<Vec<u8>>) -> Result<http::Response<Vec<u8>>, CliError> {
    let uri = request.uri().clone();
    match uri.scheme_str() {
        Some("http") => {}
        Some("https") => {
            return Err(CliError::usage(
                "--endpoint",
                format!(
                    "{uri} is https, and this build of cloudsso has no TLS; use an http:// \
                     endpoint (such as `cloudsso serve`), or `cloudsso sign --output curl` and \
                     send the request with curl"
                ),
            ));
        }
        other => {
            return Err(CliError::usage(
                "--endpoint",
                format!(
                    "scheme `{}` is not supported; expected http",
                    other.unwrap_or("")
                ),
            ));
        }
    }
    let authority = uri
        .authority()
        .ok_or_else(|| CliError::usage("--endpoint", format!("{uri} has no host")))?;
    let port = authority.port_u16().unwrap_or(80);
    let host = authority
        .host()
        .trim_start_matches('[')
        .trim_end_matches(']');
    let stream = tokio::net::TcpStream::connect((host, port))
        .await
        .map_err(|e| CliError::Transport(format!("cannot connect to {authority}: {e}")))?;
    let _ = stream.set_nodelay(true);
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| CliError::Transport(format!("HTTP handshake with {authority}: {e}")))?;
    let connection = tokio::spawn(connection);

    let (mut parts, body) = request.into_parts();
    let origin = uri
        .path_and_query()
        .cloned()
        .unwrap_or_else(|| PathAndQuery::from_static("/"));
    parts.uri = http::Uri::from(origin);
    if !parts.headers.contains_key(http::header::HOST)
        && let Ok(value) = http::HeaderValue::from_str(authority.as_str())
    {
        parts.headers.insert(http::header::HOST, value);
    }
    let request = http::Request::from_parts(parts, Full::new(Bytes::from(body)));
    let response = sender
        .send_request(request)
        .await
        .map_err(|e| CliError::Transport(format!("request to {authority} failed: {e}")))?;
    let (parts, body) = response.into_parts();
    let body = Limited::new(body, MAX_RESPONSE_BYTES)
        .collect()
        .await
        .map_err(|e| CliError::Transport(format!("reading the answer of {authority}: {e}")))?
        .to_bytes();
    connection.abort();
    Ok(http::Response::from_parts(parts, body.to_vec()))
}
