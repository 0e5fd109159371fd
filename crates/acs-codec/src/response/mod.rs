//! Responses on the wire: the client's decoding of an `http::Response` into the typed
//! response or a [`ServiceError`], and the server's encoding of a typed response.

mod json;
mod xml;

use acs_protocol::{Format, Operation};
use http::StatusCode;
use http::header::{CONTENT_TYPE, HeaderValue};

use crate::error::{BodyError, EncodeError, ResponseError};
use crate::format::body_format;
use crate::limits::Limits;
use crate::service_error::ServiceError;

/// Decodes a response of operation `O` with the default [`Limits`]: the typed response for
/// a 2xx status, a [`ServiceError`] for any other.
///
/// The body's format comes from its `content-type`, or from its first byte when the
/// `content-type` names neither JSON nor XML.
pub fn decode_response<O: Operation, B: AsRef<[u8]>>(
    response: &http::Response<B>,
) -> Result<O::Response, ResponseError> {
    decode_response_with::<O, B>(response, &Limits::DEFAULT)
}

/// [`decode_response`] within other limits.
pub fn decode_response_with<O: Operation, B: AsRef<[u8]>>(
    response: &http::Response<B>,
    limits: &Limits,
) -> Result<O::Response, ResponseError> {
    if !response.status().is_success() {
        return Err(ResponseError::Service(Box::new(
            ServiceError::from_response(response, limits),
        )));
    }
    let body = response.body().as_ref();
    let format = body_format(response.headers(), body).ok_or_else(|| ResponseError::Body {
        action: O::DESCRIPTION.action,
        source: unknown_format(response.headers(), body),
    })?;
    decode_body::<O>(body, format, limits).map_err(|source| ResponseError::Body {
        action: O::DESCRIPTION.action,
        source,
    })
}

/// Decodes a success body of operation `O` in `format`, e.g. a saved response. Unknown
/// fields and elements are skipped; a BOM and, in XML, a declaration, comments and CDATA
/// are accepted.
pub fn decode_body<O: Operation>(
    body: &[u8],
    format: Format,
    limits: &Limits,
) -> Result<O::Response, BodyError> {
    match format {
        Format::Xml => xml::decode::<O>(body, limits),
        _ => json::decode::<O>(body, limits),
    }
}

/// Encodes a success response of operation `O` as the service answers it: status 200, the
/// body in `format` (XML with root `<{Action}Response>`, lists as the element repeated per
/// item, members in the description's order) and that format's exact `content-type`.
pub fn encode_response<O: Operation>(
    response: &O::Response,
    format: Format,
) -> Result<http::Response<Vec<u8>>, EncodeError> {
    let body = encode_body::<O>(response, format)?;
    let mut http = http::Response::new(body);
    *http.status_mut() = StatusCode::OK;
    http.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    Ok(http)
}

/// The body [`encode_response`] sends.
pub fn encode_body<O: Operation>(
    response: &O::Response,
    format: Format,
) -> Result<Vec<u8>, EncodeError> {
    match format {
        Format::Xml => xml::encode::<O>(response),
        _ => json::encode::<O>(response),
    }
}

/// The error for a body whose format neither the headers nor the body tell.
pub(crate) fn unknown_format(headers: &http::HeaderMap, body: &[u8]) -> BodyError {
    let content_type = headers
        .get(CONTENT_TYPE)
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
        .unwrap_or_default();
    let head = &body[..body.len().min(32)];
    BodyError::UnknownFormat {
        content_type,
        starts_with: String::from_utf8_lossy(head).into_owned(),
    }
}
