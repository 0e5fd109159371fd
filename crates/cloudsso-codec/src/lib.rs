//! CloudSSO requests, responses and service errors on the wire, in JSON and XML, for a
//! client and for a server.
//!
//! Everything here is driven by the model's [`OperationDescription`]s through the
//! [`Operation`] trait: where each parameter travels, how lists and objects are flattened,
//! which XML elements are lists, objects, numbers or booleans. Adding an operation to the
//! model needs no change here.
//!
//! **Client side**
//! - [`encode_request`]: a typed request into an unsigned `http::Request<Vec<u8>>` for the
//!   signer (its contract, which common parameters it leaves to the signer, is documented
//!   there).
//! - [`decode_response`]: an `http::Response` into the typed response, or a
//!   [`ServiceError`] with code, message, request ID, host ID, recommendation, status,
//!   retry-after and an [`ErrorKind`] that says whether to retry.
//!
//! **Server side** (the emulator)
//! - [`dispatch_request`] (by action) and [`decode_request`] (by type): an `http::Request`
//!   from any real client (query or form body, GET or POST) into the typed request, or a
//!   [`RequestError`] that maps to the service's code and status.
//! - [`requested_format`], [`encode_response`], [`encode_error`]: the answer in the format
//!   the request asked for, with the service's exact `content-type`s.
//!
//! **Robustness**: decoding never panics; bodies, XML depth and parameter counts are bounded
//! by [`Limits`]; unknown fields and elements are skipped; errors name the field or element,
//! what was found there and what was expected.
//!
//! [`OperationDescription`]: acs_protocol::operation::OperationDescription
//! [`Operation`]: acs_protocol::Operation

mod error;
mod format;
mod limits;
mod request;
mod response;
mod service_error;
mod tracked;
mod xml;

pub use error::{BodyError, EncodeError, RequestError, ResponseError};
pub use format::{body_format, format_of_content_type, requested_format, sniff_format};
pub use limits::{LimitError, LimitKind, Limits};
pub use request::decode::{
    Parameters, RequestHandler, RequestOptions, decode_request, decode_request_with,
    dispatch_request, request_action,
};
pub use request::encode::{accept_header, encode_request};
pub use response::{
    decode_body, decode_response, decode_response_with, encode_body, encode_response,
};
pub use service_error::{ErrorKind, RateLimit, ServiceError, ServiceErrorBody, encode_error};
