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
//! **Wire rules** (all read from the description): lists and objects in a request are
//! flattened (`Tags.1.Key=k&Tags.1.Value=v`), except parameters of
//! [`ParameterStyle::Json`], which travel as one parameter holding their compact JSON text
//! (`AllowedVerificationTypes=["TOTP","WebAuthn"]`) and are read back checked against
//! their type; integers and booleans as their text (`MaxResults=50`, `true`); in XML
//! responses a list is its element repeated once per item, at any depth.
//!
//! **Pagination**: [`Paginator`] walks the pages of any operation that implements
//! [`Paginated`] (the model's list operations with `NextToken` in their request and their
//! response, which [`is_paginated`] finds by description), without I/O: send each
//! [`Paginator::next_request`], hand its response to [`Paginator::advance`].
//!
//! ```
//! use acs_protocol::Format;
//! use acs_codec::{Paginator, decode_response, encode_request};
//! use cloudsso_model::{ListUsers, ListUsersRequest, ListUsersResponse, ListUsersUser};
//!
//! # fn send(http: http::Request<Vec<u8>>) -> http::Response<Vec<u8>> {
//! #     let request = acs_codec::decode_request::<ListUsers, _>(&http).unwrap();
//! #     let user = |id: &str| ListUsersUser::builder().user_id(id).build();
//! #     let page = match request.next_token.as_deref() {
//! #         None => ListUsersResponse::builder().users([user("u-1"), user("u-2")]).is_truncated(true).next_token("t2"),
//! #         _ => ListUsersResponse::builder().users([user("u-3")]).is_truncated(false),
//! #     };
//! #     acs_codec::encode_response::<ListUsers>(&page.build(), Format::Json).unwrap()
//! # }
//! let endpoint = "cloudsso.cn-shanghai.aliyuncs.com".parse()?;
//! let first = ListUsersRequest::builder().directory_id("d-1").max_results(2).build()?;
//! let mut pages = Paginator::<ListUsers>::new(first);
//! let mut users = Vec::new();
//! while let Some(request) = pages.next_request() {
//!     let http = encode_request(&endpoint, request, Format::Json)?;
//!     // ... sign with acs-signer and send: `send` stands in for both ...
//!     let response = decode_response::<ListUsers, _>(&send(http))?;
//!     pages.advance(&response)?; // the next request carries the response's NextToken
//!     users.extend(response.users.unwrap_or_default());
//! }
//! assert_eq!(users.len(), 3);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! **Robustness**: decoding never panics; bodies, XML depth and parameter counts are bounded
//! by [`Limits`]; unknown fields and elements are skipped; errors name the field or element,
//! what was found there and what was expected.
//!
//! [`OperationDescription`]: acs_protocol::operation::OperationDescription
//! [`Operation`]: acs_protocol::Operation
//! [`Paginated`]: acs_protocol::Paginated
//! [`ParameterStyle::Json`]: acs_protocol::operation::ParameterStyle::Json

mod error;
mod format;
mod limits;
mod paginator;
mod request;
mod response;
mod service_error;
mod tracked;
mod xml;

pub use error::{BodyError, EncodeError, RequestError, ResponseError};
pub use format::{body_format, format_of_content_type, requested_format, sniff_format};
pub use limits::{LimitError, LimitKind, Limits};
pub use paginator::{PaginationError, Paginator, is_paginated};
pub use request::decode::{
    Parameters, RequestHandler, RequestOptions, decode_request, decode_request_with,
    dispatch_request, request_action,
};
pub use request::encode::{accept_header, encode_request};
pub use response::{
    decode_body, decode_response, decode_response_with, encode_body, encode_response,
};
pub use service_error::{ErrorKind, RateLimit, ServiceError, ServiceErrorBody, encode_error};
