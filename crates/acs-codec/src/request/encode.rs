//! The client side: a typed request into an unsigned `http::Request`.

use acs_protocol::encoding::percent_encode_into;
use acs_protocol::operation::{HttpMethod, Location};
use acs_protocol::{Format, Operation, OperationRequest};
use http::header::{ACCEPT, CONTENT_TYPE, HOST, HeaderValue};
use http::{Method, Uri};

use super::FORM_CONTENT_TYPE;
use super::flatten::flatten;
use super::json_text;
use crate::error::{EncodeError, to_object};

/// The `Accept` header that asks for `format`.
pub fn accept_header(format: Format) -> &'static str {
    match format {
        Format::Xml => "application/xml",
        _ => "application/json",
    }
}

/// Encodes `request` into the unsigned HTTP request its operation's description calls for.
///
/// The contract with the signer and the transport:
/// - the method is the description's (`POST` for every RPC operation), the path is `/`;
/// - `endpoint` gives the scheme (`https` when it has none), host and port, e.g.
///   `cloudsso.cn-shanghai.aliyuncs.com` or `http://127.0.0.1:8080`; a path other than `/`
///   or a query is an error;
/// - each parameter travels where its description says: [`Location::Query`] in the query,
///   [`Location::Body`] in an `application/x-www-form-urlencoded` body (with that
///   `content-type`; without body parameters the body is empty and there is no
///   `content-type`); lists are flattened as `Name.1`, objects as `Name.Field`, a list of
///   objects as `Name.1.Field`, except that a list or object parameter of
///   [`ParameterStyle::Json`] travels as one parameter holding its compact JSON text
///   (`AllowedVerificationTypes=["TOTP","WebAuthn"]`, as the official SDKs' `*Shrink`
///   fields); integers and booleans as their decimal and `true`/`false` text; names and
///   values are percent-encoded as RFC 3986 (`%20`, `%2A`), in the description's order;
///   absent optional parameters are left out;
/// - headers: `host` (the endpoint's authority) and `accept` (`application/json` or
///   `application/xml` for `format`);
/// - **no** common parameters: no `Action`, `Version`, `Format`, timestamp, nonce or
///   signature. The V3 signer sends the action and version as `x-acs-action` and
///   `x-acs-version` headers; the V2 signer adds `Action`, `Version`, `Format` and the rest
///   of its common parameters to the query itself.
///
/// ```
/// use acs_protocol::Format;
/// use cloudsso_model::SetMfaAuthenticationStatusRequest;
///
/// let request = SetMfaAuthenticationStatusRequest::builder()
///     .directory_id("d-00fc2p61****")
///     .mfa_authentication_status("Enabled")
///     .build()?;
/// let endpoint = "cloudsso.cn-shanghai.aliyuncs.com".parse()?;
/// let http = acs_codec::encode_request(&endpoint, &request, Format::Json)?;
/// assert_eq!(
///     http.uri(),
///     "https://cloudsso.cn-shanghai.aliyuncs.com/?DirectoryId=d-00fc2p61%2A%2A%2A%2A&MFAAuthenticationStatus=Enabled"
/// );
/// assert_eq!(http.headers()["accept"], "application/json");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// [`ParameterStyle::Json`]: acs_protocol::operation::ParameterStyle::Json
pub fn encode_request<R: OperationRequest>(
    endpoint: &Uri,
    request: &R,
    format: Format,
) -> Result<http::Request<Vec<u8>>, EncodeError> {
    let description = R::Operation::DESCRIPTION;
    let action = description.action;
    let endpoint_error = |reason: &str| EncodeError::Endpoint {
        endpoint: endpoint.to_string(),
        reason: reason.to_owned(),
    };
    let authority = endpoint
        .authority()
        .ok_or_else(|| endpoint_error("it has no host"))?;
    if !matches!(endpoint.path(), "" | "/") || endpoint.query().is_some() {
        return Err(endpoint_error("it has a path or a query"));
    }
    let scheme = endpoint.scheme_str().unwrap_or("https");

    let members = to_object(request).map_err(|found| EncodeError::NotAnObject {
        action,
        what: "request",
        found: found.to_string(),
    })?;
    let mut query = Vec::new();
    let mut body = Vec::new();
    for parameter in description.parameters {
        if let Some(value) = members.get(parameter.wire_name) {
            let out = match parameter.location {
                Location::Body => &mut body,
                _ => &mut query,
            };
            if json_text::is_json_text(parameter) && !value.is_null() {
                out.push((parameter.wire_name.to_owned(), json_text::to_text(value)));
            } else {
                flatten(parameter.wire_name, value, out);
            }
        }
    }
    // A member the description does not know (a model bug) still travels, in the query.
    for (name, value) in &members {
        if description.parameter(name).is_none() {
            flatten(name, value, &mut query);
        }
    }

    let mut uri = format!("{scheme}://{authority}/");
    if !query.is_empty() {
        uri.push('?');
        uri.push_str(&urlencode(&query));
    }
    let uri: Uri = uri
        .parse()
        .map_err(|error: http::uri::InvalidUri| EncodeError::Http {
            action,
            message: error.to_string(),
        })?;
    let host = HeaderValue::from_str(authority.as_str()).map_err(|error| EncodeError::Http {
        action,
        message: error.to_string(),
    })?;

    let mut http = http::Request::new(Vec::new());
    *http.method_mut() = match description.method {
        HttpMethod::Get => Method::GET,
        _ => Method::POST,
    };
    *http.uri_mut() = uri;
    let headers = http.headers_mut();
    headers.insert(HOST, host);
    headers.insert(ACCEPT, HeaderValue::from_static(accept_header(format)));
    if !body.is_empty() {
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(FORM_CONTENT_TYPE));
        *http.body_mut() = urlencode(&body).into_bytes();
    }
    Ok(http)
}

/// `name=value` pairs, percent-encoded, joined with `&`.
fn urlencode(pairs: &[(String, String)]) -> String {
    let mut out = String::new();
    for (index, (name, value)) in pairs.iter().enumerate() {
        if index > 0 {
            out.push('&');
        }
        percent_encode_into(&mut out, name);
        out.push('=');
        percent_encode_into(&mut out, value);
    }
    out
}
