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

/// Checks `text` against a parameter's documented values, when `check` is on and it has
/// some: otherwise the expectation, `one of A, B`.
pub(crate) fn check_allowed_value(check: bool, allowed: &[&str], text: &str) -> Result<(), String> {
    if check && !allowed.is_empty() && !allowed.contains(&text) {
        return Err(format!("one of {}", allowed.join(", ")));
    }
    Ok(())
}

/// Whether `headers` announce a form body.
pub(crate) fn is_form(headers: &http::HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            crate::format::media_type(value).eq_ignore_ascii_case(FORM_CONTENT_TYPE)
        })
}
