//! The borrowed view of an HTTP request that signing and verification read.

use std::fmt;

use http::{HeaderMap, Method, Uri};

/// The body of a request as the signature sees it.
#[derive(Clone, Copy)]
#[non_exhaustive]
pub enum SignableBody<'a> {
    /// The body's bytes (empty for no body). V3 hashes them; V2 reads the parameters of an
    /// `application/x-www-form-urlencoded` body.
    Bytes(&'a [u8]),
    /// For V3 only: the lower-case hex hash of a body that is not at hand (a stream), to be
    /// sent as `x-acs-content-sha256` (SHA-256, or SM3 for `ACS3-HMAC-SM3`).
    Precomputed(&'a str),
}

impl fmt::Debug for SignableBody<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Bytes(bytes) => write!(f, "Bytes({} bytes)", bytes.len()),
            Self::Precomputed(hash) => f.debug_tuple("Precomputed").field(hash).finish(),
        }
    }
}

/// A borrowed view of an HTTP request: method, URI, headers and body.
///
/// Make one with [`SignableRequest::from_request`] from an [`http::Request`] whose body is
/// bytes, or with [`SignableRequest::new`] from the parts (e.g. for a streaming body, with
/// [`SignableBody::Precomputed`]).
#[derive(Clone, Copy, Debug)]
pub struct SignableRequest<'a> {
    method: &'a Method,
    uri: &'a Uri,
    headers: &'a HeaderMap,
    body: SignableBody<'a>,
}

impl<'a> SignableRequest<'a> {
    /// A view of the given parts.
    pub fn new(
        method: &'a Method,
        uri: &'a Uri,
        headers: &'a HeaderMap,
        body: SignableBody<'a>,
    ) -> Self {
        Self {
            method,
            uri,
            headers,
            body,
        }
    }

    /// A view of `request`, its body read as bytes.
    pub fn from_request<B: AsRef<[u8]>>(request: &'a http::Request<B>) -> Self {
        Self::new(
            request.method(),
            request.uri(),
            request.headers(),
            SignableBody::Bytes(request.body().as_ref()),
        )
    }

    /// The method.
    pub fn method(&self) -> &'a Method {
        self.method
    }

    /// The URI: the path and the query string (and, for a client, the authority).
    pub fn uri(&self) -> &'a Uri {
        self.uri
    }

    /// The headers.
    pub fn headers(&self) -> &'a HeaderMap {
        self.headers
    }

    /// The body.
    pub fn body(&self) -> SignableBody<'a> {
        self.body
    }

    /// The host: the `host` header, else the URI's authority without user information.
    pub(crate) fn host(&self) -> Option<&'a str> {
        if let Some(value) = self.headers.get(http::header::HOST) {
            return value.to_str().ok();
        }
        self.uri.authority().map(|authority| {
            let text = authority.as_str();
            text.rsplit_once('@').map_or(text, |(_, host)| host)
        })
    }

    /// Whether the body is `application/x-www-form-urlencoded`, per `content-type`.
    pub(crate) fn has_form_body(&self) -> bool {
        self.headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| {
                let mime = value.split(';').next().unwrap_or("").trim();
                mime.eq_ignore_ascii_case("application/x-www-form-urlencoded")
            })
    }
}

impl<'a, B: AsRef<[u8]>> From<&'a http::Request<B>> for SignableRequest<'a> {
    fn from(request: &'a http::Request<B>) -> Self {
        Self::from_request(request)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_comes_from_the_header_first_then_the_authority() {
        let request = http::Request::builder()
            .uri("https://user@example.com:8443/")
            .body(Vec::new())
            .unwrap();
        assert_eq!(
            SignableRequest::from(&request).host(),
            Some("example.com:8443")
        );
        let request = http::Request::builder()
            .uri("https://example.com/")
            .header("host", "other.example")
            .body(Vec::new())
            .unwrap();
        assert_eq!(
            SignableRequest::from(&request).host(),
            Some("other.example")
        );
        let request = http::Request::builder().uri("/").body(Vec::new()).unwrap();
        assert_eq!(SignableRequest::from(&request).host(), None);
    }

    #[test]
    fn form_bodies_are_recognised_by_their_media_type() {
        for (content_type, form) in [
            ("application/x-www-form-urlencoded", true),
            ("Application/X-WWW-Form-Urlencoded; charset=UTF-8", true),
            ("application/json", false),
        ] {
            let request = http::Request::builder()
                .header("content-type", content_type)
                .body(Vec::new())
                .unwrap();
            assert_eq!(SignableRequest::from(&request).has_form_body(), form);
        }
        let request = http::Request::builder().body(b"a=1".to_vec()).unwrap();
        assert!(!SignableRequest::from(&request).has_form_body());
        assert_eq!(
            format!("{:?}", SignableRequest::from(&request).body()),
            "Bytes(3 bytes)"
        );
    }
}
