//! The wire side of the emulator, through `acs-codec`: the requested format, the
//! parameters, typed requests, and responses and error envelopes in JSON or XML.

use acs_codec::{Limits, Parameters, RequestError, RequestOptions, ServiceErrorBody};
use acs_protocol::{ErrorCode, Format, Operation};

use crate::error::Failure;

impl From<RequestError> for Failure {
    fn from(error: RequestError) -> Self {
        Self::new(error.code(), error.status(), error.to_string())
    }
}

/// The format the client asks for: `Format` (query, then form body), then `Accept`, then XML.
pub(crate) fn requested_format<B: AsRef<[u8]>>(request: &http::Request<B>) -> Format {
    acs_codec::requested_format(request)
}

/// The format the client asks for, from the parameters already read (`Format`, then
/// `Accept`, then XML).
pub(crate) fn format_of<B: AsRef<[u8]>>(
    request: &http::Request<B>,
    parameters: Result<&Parameters, &Failure>,
) -> Format {
    match parameters {
        Ok(parameters) => parameters.requested_format(request.headers()),
        // Rare (a method, a limit, bad encoding): the codec's own reading of the request.
        Err(_) => acs_codec::requested_format(request),
    }
}

/// The decoded parameters of the query string and a form body.
pub(crate) fn parameters<B: AsRef<[u8]>>(
    request: &http::Request<B>,
    max_body_bytes: usize,
) -> Result<Parameters, Failure> {
    let limits = Limits::DEFAULT.with_max_body_bytes(max_body_bytes);
    Ok(Parameters::from_request(request, &limits)?)
}

/// The typed request of operation `O`: `Missing{Name}` for an absent required parameter,
/// `Invalid{Name}` for a value outside its type or its documented values.
pub(crate) fn decode_request<O: Operation>(parameters: &Parameters) -> Result<O::Request, Failure> {
    Ok(parameters.decode::<O>(&RequestOptions::DEFAULT)?)
}

/// A success response in `format`: status 200, the body and its `content-type`.
pub(crate) fn encode_success<O: Operation>(
    response: &O::Response,
    format: Format,
) -> Result<http::Response<Vec<u8>>, Failure> {
    acs_codec::encode_response::<O>(response, format).map_err(|error| {
        tracing::error!(%error, "a response could not be encoded");
        Failure::documented(ErrorCode::INTERNAL_ERROR)
    })
}

/// An error response in `format`: the failure's status, the envelope and its
/// `content-type`.
pub(crate) fn encode_error(
    failure: &Failure,
    request_id: &str,
    host_id: &str,
    format: Format,
) -> http::Response<Vec<u8>> {
    let body = ServiceErrorBody::new(failure.code.as_ref(), failure.message.as_str())
        .with_request_id(request_id)
        .with_host_id(host_id);
    acs_codec::encode_error(&body, format, failure.status)
}

/// The status of a failure built from a codec error, for tests.
#[cfg(test)]
fn status_of(error: RequestError) -> http::StatusCode {
    Failure::from(error).status
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codec_errors_keep_their_code_and_status() {
        assert_eq!(
            status_of(RequestError::UnknownAction {
                action: "X".to_owned()
            }),
            http::StatusCode::NOT_FOUND
        );
        let failure = Failure::from(RequestError::MissingParameter {
            action: "GetMFAAuthenticationSettingInfo",
            name: "DirectoryId",
        });
        assert_eq!(failure.code, "MissingDirectoryId");
    }

    #[test]
    fn error_envelopes_carry_request_and_host_ids() {
        let failure = Failure::documented(ErrorCode::SIGNATURE_DOES_NOT_MATCH);
        let response = encode_error(&failure, "R", "H", Format::Xml);
        assert_eq!(response.status(), failure.status);
        assert_eq!(
            response.headers()[http::header::CONTENT_TYPE],
            Format::Xml.content_type()
        );
        let body = String::from_utf8(response.into_body()).unwrap();
        assert!(
            body.starts_with("<?xml version='1.0' encoding='UTF-8'?><Error><RequestId>R</RequestId><HostId>H</HostId><Code>SignatureDoesNotMatch</Code>"),
            "{body}"
        );
    }
}
