//! Requests on the wire: the client's encoding into an unsigned `http::Request`, and the
//! server's decoding back into the typed request. Both read the operation's description for
//! where each parameter travels and how a list or an object is flattened.

pub(crate) mod decode;
pub(crate) mod encode;
mod flatten;
mod json_text;

use http::header::CONTENT_TYPE;

/// The `content-type` of a form body.
pub(crate) const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// Whether `headers` announce a form body.
pub(crate) fn is_form(headers: &http::HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|media| media.trim().eq_ignore_ascii_case(FORM_CONTENT_TYPE))
}
