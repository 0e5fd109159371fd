//! `cloudsso decode ACTION`: a response body on stdin, printed as the typed value or the
//! service error, as JSON.

use std::io::Read as _;

use acs_protocol::Format;
use http::StatusCode;
use serde_json::json;

use acs_client::DEFAULT_MAX_RESPONSE_BYTES as MAX_RESPONSE_BYTES;

use crate::cli::DecodeArgs;
use crate::error::CliError;
use crate::{operation, render};

/// Runs `decode` on `input`.
pub fn run(args: &DecodeArgs, input: &mut dyn std::io::Read) -> Result<(), CliError> {
    operation::check_action(&args.action)?;
    let mut body = Vec::new();
    input
        .take(u64::try_from(MAX_RESPONSE_BYTES).unwrap_or(u64::MAX) + 1)
        .read_to_end(&mut body)
        .map_err(|e| CliError::Input(format!("cannot read stdin: {e}")))?;
    if body.len() > MAX_RESPONSE_BYTES {
        return Err(CliError::Input(format!(
            "the body on stdin is over {MAX_RESPONSE_BYTES} bytes"
        )));
    }
    let format = match args.format {
        Some(format) => Format::from(format),
        None => acs_codec::sniff_format(&body).ok_or_else(|| {
            CliError::Input(
                "the body on stdin is neither JSON nor XML (it starts with neither `{` nor `<`); \
                 pass --format if it is"
                    .to_owned(),
            )
        })?,
    };
    let status = match args.status {
        Some(code) => StatusCode::from_u16(code)
            .map_err(|e| CliError::usage("--status", format!("`{code}`: {e}")))?,
        None if is_error_envelope(&body, format) => StatusCode::BAD_REQUEST,
        None => StatusCode::OK,
    };
    let mut response = http::Response::new(body);
    *response.status_mut() = status;
    if let Ok(value) = http::HeaderValue::from_str(format.content_type()) {
        response
            .headers_mut()
            .insert(http::header::CONTENT_TYPE, value);
    }
    match operation::decode(&args.action, &response) {
        Ok(value) => {
            out!("{}", render::pretty_json(&value));
            Ok(())
        }
        Err(CliError::Service(error)) => {
            let value = json!({
                "HttpStatus": error.status().as_u16(),
                "Code": error.code(),
                "Message": error.message(),
                "RequestId": error.request_id(),
                "HostId": error.host_id(),
                "Recommend": error.recommend(),
            });
            out!("{}", render::pretty_json(&value));
            if let Some(reason) = error.body_error() {
                return Err(CliError::Input(format!(
                    "the error body cannot be decoded: {reason}"
                )));
            }
            Err(CliError::Service(error))
        }
        Err(other) => Err(other),
    }
}

/// Whether `body` is an error envelope: a JSON object with `Code`, or XML rooted at `<Error>`.
fn is_error_envelope(body: &[u8], format: Format) -> bool {
    match format {
        Format::Xml => {
            let text = String::from_utf8_lossy(body);
            let mut rest = text.trim_start_matches('\u{feff}').trim_start();
            if rest.starts_with("<?")
                && let Some(end) = rest.find("?>")
            {
                rest = rest[end + 2..].trim_start();
            }
            rest.starts_with("<Error>") || rest.starts_with("<Error ")
        }
        _ => serde_json::from_slice::<serde_json::Value>(body)
            .ok()
            .and_then(|v| {
                v.as_object()
                    .map(|o| o.contains_key("Code") || o.contains_key("code"))
            })
            .unwrap_or(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_envelopes_are_recognised() {
        assert!(is_error_envelope(b"{\"Code\":\"X\"}", Format::Json));
        assert!(!is_error_envelope(b"{\"RequestId\":\"X\"}", Format::Json));
        assert!(is_error_envelope(
            b"<?xml version='1.0' encoding='UTF-8'?><Error><Code>X</Code></Error>",
            Format::Xml
        ));
        assert!(!is_error_envelope(b"<GetResponse/>", Format::Xml));
    }
}
