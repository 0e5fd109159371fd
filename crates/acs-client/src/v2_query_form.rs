//! The V2 form of the official credential libraries' STS calls: `GET` with every parameter
//! in the query, in the order the library writes them, `Format=JSON`, and none of the
//! OpenAPI runtime's headers (`x-acs-action`, `x-acs-version`, `accept`, the credentials
//! provider's name). The Python credentials library (`alibabacloud-credentials`) sends
//! `AssumeRole` (signed `HMAC-SHA1`) and `AssumeRoleWithOIDC` (anonymous, no nonce) this way;
//! a caller that must equal it byte for byte asks for it per call
//! ([`CallOptions::v2_query_form`](crate::CallOptions::v2_query_form)).
//!
//! What the OpenAPI runtimes send for V2 (`Format=json`, the operation's own method, the
//! `x-acs-*` headers) is the client's default; this form is only for the credential
//! libraries' requests.

use std::borrow::Cow;

use acs_protocol::Credentials;
use acs_protocol::operation::OperationDescription;
use acs_signer::SigningTime;
use bytes::Bytes;
use http::Method;
use http::header::{ACCEPT, CONTENT_LENGTH, CONTENT_TYPE};

/// The order of a V2 query-only request's parameters, as a credential library writes them.
///
/// The parameters `order` names come first, in that order; the others follow, the
/// operation's in the order of its description, then the common ones (`Action`, `Format`,
/// `Version`, `Timestamp`, and when signed `SignatureMethod`, `SignatureVersion`,
/// `SignatureNonce`, `AccessKeyId`, `SecurityToken`); `Signature` is always last. A name
/// without a value in the request is skipped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct V2QueryForm {
    order: &'static [&'static str],
}

impl V2QueryForm {
    /// The form with the parameters in `order` (wire names).
    pub const fn new(order: &'static [&'static str]) -> Self {
        Self { order }
    }

    /// The wire names in the order they are written.
    pub fn order(&self) -> &'static [&'static str] {
        self.order
    }

    fn position(&self, name: &str) -> usize {
        self.order
            .iter()
            .position(|n| *n == name)
            .unwrap_or(self.order.len())
    }
}

/// The request of `description` in `form`: `unsigned`'s operation parameters (query and
/// form body) and the common ones in the query of a `GET`, signed with `credentials`
/// (V2 `HMAC-SHA1`, `nonce`) or anonymous (no nonce, no signature) without.
pub(crate) fn request(
    unsigned: &http::Request<Vec<u8>>,
    description: &OperationDescription,
    form: V2QueryForm,
    format: acs_protocol::Format,
    credentials: Option<&Credentials>,
    time: SigningTime,
    nonce: &str,
) -> Result<http::Request<Bytes>, String> {
    let mut parameters: Vec<(Cow<'_, str>, Cow<'_, str>)> = Vec::new();
    for pair in acs_protocol::encoding::parse_urlencoded(unsigned.uri().query().unwrap_or("")) {
        parameters.push(pair.map_err(|e| format!("the operation's query: {e}"))?);
    }
    let is_form = unsigned
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if is_form {
        let body = std::str::from_utf8(unsigned.body())
            .map_err(|_| "the operation's form body is not UTF-8".to_owned())?;
        for pair in acs_protocol::encoding::parse_urlencoded(body) {
            parameters.push(pair.map_err(|e| format!("the operation's form body: {e}"))?);
        }
    } else if !unsigned.body().is_empty() {
        return Err(format!(
            "{} has a body that is not a form; the V2 query-only form carries parameters only",
            description.action
        ));
    }
    let format = match format {
        acs_protocol::Format::Xml => "XML",
        _ => "JSON",
    };
    let timestamp = time.to_string();
    parameters.extend(
        [
            ("Action", description.action),
            ("Format", format),
            ("Version", description.version),
            ("Timestamp", timestamp.as_str()),
        ]
        .map(|(k, v)| (Cow::Borrowed(k), Cow::Owned(v.to_owned()))),
    );
    if let Some(credentials) = credentials {
        parameters.extend(
            [
                ("SignatureMethod", "HMAC-SHA1"),
                ("SignatureVersion", "1.0"),
                ("SignatureNonce", nonce),
                ("AccessKeyId", credentials.access_key_id()),
            ]
            .map(|(k, v)| (Cow::Borrowed(k), Cow::Owned(v.to_owned()))),
        );
        if let Some(token) = credentials
            .security_token()
            .filter(|t| !t.expose().is_empty())
        {
            parameters.push((
                Cow::Borrowed("SecurityToken"),
                Cow::Owned(token.expose().to_owned()),
            ));
        }
    }
    // A stable sort keeps the operation's order, then the common one, after `order`.
    parameters.sort_by_key(|(name, _)| form.position(name));
    if let Some(credentials) = credentials {
        let signature = acs_signer::v2::sign_parameters(
            &Method::GET,
            parameters.iter().map(|(k, v)| (k.as_ref(), v.as_ref())),
            credentials.access_key_secret(),
        );
        parameters.push((
            Cow::Borrowed("Signature"),
            Cow::Owned(signature.signature().to_owned()),
        ));
    }

    let uri = unsigned.uri();
    let mut target = String::new();
    if let (Some(scheme), Some(authority)) = (uri.scheme_str(), uri.authority()) {
        target.push_str(scheme);
        target.push_str("://");
        target.push_str(authority.as_str());
    }
    target.push_str(uri.path());
    for (index, (name, value)) in parameters.iter().enumerate() {
        target.push(if index == 0 { '?' } else { '&' });
        acs_protocol::encoding::percent_encode_into(&mut target, name);
        target.push('=');
        acs_protocol::encoding::percent_encode_into(&mut target, value);
    }
    let mut request = http::Request::new(Bytes::new());
    *request.method_mut() = Method::GET;
    *request.uri_mut() = target
        .parse()
        .map_err(|e| format!("the request's URI with every parameter in its query: {e}"))?;
    *request.headers_mut() = unsigned.headers().clone();
    for name in [ACCEPT, CONTENT_TYPE, CONTENT_LENGTH] {
        request.headers_mut().remove(name);
    }
    Ok(request)
}
