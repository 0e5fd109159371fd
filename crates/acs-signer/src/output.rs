//! What signing produces: the headers and parameters to add, and the intermediate steps.

use std::fmt;
use std::ops::Range;

use acs_protocol::SigningAlgorithm;
use acs_protocol::encoding::{percent_decode_component, percent_encode_into};
use http::uri::PathAndQuery;
use http::{HeaderName, HeaderValue, Uri};

use crate::error::SigningError;
use crate::time::SigningTime;

/// Appends what `write` writes to `text` and returns where it is.
///
/// Signing writes every step into one buffer and keeps the ranges: one allocation for all
/// the text a signature produces.
pub(crate) fn span(text: &mut String, write: impl FnOnce(&mut String)) -> Range<usize> {
    let start = text.len();
    write(text);
    start..text.len()
}

/// The part of `text` at `range` (empty if it is not one, which the signer never makes).
pub(crate) fn part(text: &str, range: Range<usize>) -> &str {
    text.get(range).unwrap_or_default()
}

/// A query parameter the signer adds (V2), borrowed from its [`SigningInstructions`].
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct QueryParam<'a> {
    name: &'static str,
    value: &'a str,
    sensitive: bool,
}

impl<'a> QueryParam<'a> {
    /// The name, e.g. `Signature`.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The value, not yet percent-encoded.
    pub fn value(&self) -> &'a str {
        self.value
    }

    /// Whether the value is a credential (the security token), hidden in `Debug`.
    pub fn is_sensitive(&self) -> bool {
        self.sensitive
    }
}

impl fmt::Debug for QueryParam<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value: &dyn fmt::Debug = if self.sensitive {
            &"** redacted **"
        } else {
            &self.value
        };
        f.debug_tuple("QueryParam")
            .field(&self.name)
            .field(value)
            .finish()
    }
}

/// A parameter in [`SigningInstructions`]: its value is a range of the shared text.
#[derive(Clone, Debug, PartialEq, Eq)]
struct AddedParam {
    name: &'static str,
    value: Range<usize>,
    sensitive: bool,
}

/// The changes that sign a request: headers to set and query parameters to add.
///
/// Apply them with [`SigningInstructions::apply_to_request`], or read them and apply them to
/// another request type. A header's earlier values are replaced. V2 parameters of the same
/// names already in the query (from an earlier signature) are replaced as well; since a V2
/// signature does not depend on where its parameters travel, they may also be sent in an
/// `application/x-www-form-urlencoded` body instead of the query.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SigningInstructions {
    headers: Vec<(HeaderName, HeaderValue)>,
    params: Vec<AddedParam>,
    /// The parameters' values, one after another.
    param_text: String,
}

impl fmt::Debug for SigningInstructions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningInstructions")
            .field("headers", &self.headers)
            .field("params", &self.params().collect::<Vec<_>>())
            .finish()
    }
}

impl SigningInstructions {
    /// Instructions that set `headers`.
    pub(crate) fn with_headers(headers: Vec<(HeaderName, HeaderValue)>) -> Self {
        Self {
            headers,
            ..Self::default()
        }
    }

    /// Instructions for `count` parameters whose values take about `text` bytes.
    pub(crate) fn with_param_capacity(count: usize, text: usize) -> Self {
        Self {
            params: Vec::with_capacity(count),
            param_text: String::with_capacity(text),
            ..Self::default()
        }
    }

    /// Adds parameter `name` with the value `write` writes.
    pub(crate) fn add_param_with(
        &mut self,
        name: &'static str,
        sensitive: bool,
        write: impl FnOnce(&mut String),
    ) {
        let value = span(&mut self.param_text, write);
        self.params.push(AddedParam {
            name,
            value,
            sensitive,
        });
    }

    /// Adds parameter `name` with `value`.
    pub(crate) fn add_param(&mut self, name: &'static str, value: &str) {
        self.add_param_with(name, false, |out| out.push_str(value));
    }

    /// The headers to set; the security token's value is marked sensitive.
    pub fn headers(&self) -> &[(HeaderName, HeaderValue)] {
        &self.headers
    }

    /// The query parameters to add (V2), `Signature` last.
    pub fn params(&self) -> impl ExactSizeIterator<Item = QueryParam<'_>> + Clone + '_ {
        self.params.iter().map(|param| QueryParam {
            name: param.name,
            value: part(&self.param_text, param.value.clone()),
            sensitive: param.sensitive,
        })
    }

    /// Sets the headers and adds the parameters to `request`'s query string, canonically
    /// percent-encoded. Either everything is applied or, on error, nothing.
    pub fn apply_to_request<B>(&self, request: &mut http::Request<B>) -> Result<(), SigningError> {
        if !self.params.is_empty() {
            let uri = self.uri_with_params(request.uri())?;
            *request.uri_mut() = uri;
        }
        let headers = request.headers_mut();
        headers.reserve(self.headers.len());
        for (name, value) in &self.headers {
            headers.insert(name.clone(), value.clone());
        }
        Ok(())
    }

    /// `uri` with the parameters in its query, earlier values of the same names removed.
    fn uri_with_params(&self, uri: &Uri) -> Result<Uri, SigningError> {
        let path = match uri.path() {
            "" => "/",
            path => path,
        };
        let existing = uri.query().unwrap_or("");
        let added: usize = self
            .params()
            .map(|p| p.name.len() + p.value.len() * 3 + 2)
            .sum();
        // One buffer for `path?query`, handed to `PathAndQuery` without another copy.
        let mut target = String::with_capacity(path.len() + 1 + existing.len() + added);
        target.push_str(path);
        target.push('?');
        let query_start = target.len();
        for segment in existing.split('&').filter(|s| !s.is_empty()) {
            let raw_name = segment.split_once('=').map_or(segment, |(name, _)| name);
            let replaced = percent_decode_component(raw_name)
                .is_ok_and(|name| self.params.iter().any(|p| p.name == name));
            if !replaced {
                if target.len() > query_start {
                    target.push('&');
                }
                target.push_str(segment);
            }
        }
        for param in self.params() {
            if target.len() > query_start {
                target.push('&');
            }
            percent_encode_into(&mut target, param.name);
            target.push('=');
            percent_encode_into(&mut target, param.value);
        }
        let path_and_query = PathAndQuery::try_from(target)
            .map_err(|e| SigningError::InvalidUri { source: e.into() })?;
        let mut parts = uri.clone().into_parts();
        parts.path_and_query = Some(path_and_query);
        Uri::from_parts(parts).map_err(|e| SigningError::InvalidUri { source: e.into() })
    }
}

/// The result of signing: the [`SigningInstructions`] and every intermediate step.
///
/// The steps hold no secret: the access key secret never enters them. The security token,
/// which travels in the request itself, is part of what is signed and so shows in
/// [`canonical_request`](Self::canonical_request) (and in V2's string to sign); `Debug`
/// leaves those steps out when there is a token.
#[derive(Clone)]
pub struct SigningOutput {
    pub(crate) algorithm: SigningAlgorithm,
    pub(crate) time: SigningTime,
    pub(crate) has_security_token: bool,
    /// Every step's text, one after another; the ranges below say where each is.
    pub(crate) text: String,
    pub(crate) nonce: Range<usize>,
    pub(crate) canonical_request: Range<usize>,
    pub(crate) string_to_sign: Range<usize>,
    pub(crate) signature: Range<usize>,
    pub(crate) authorization: Option<Range<usize>>,
    pub(crate) instructions: SigningInstructions,
}

impl SigningOutput {
    /// The algorithm signed with.
    pub fn algorithm(&self) -> SigningAlgorithm {
        self.algorithm
    }

    /// The signing time (`x-acs-date` or `Timestamp`).
    pub fn time(&self) -> SigningTime {
        self.time
    }

    /// The nonce (`x-acs-signature-nonce` or `SignatureNonce`).
    pub fn nonce(&self) -> &str {
        part(&self.text, self.nonce.clone())
    }

    /// V3: the canonical request. V2: the canonicalized query string (sorted, encoded
    /// parameters, before the second encoding).
    pub fn canonical_request(&self) -> &str {
        part(&self.text, self.canonical_request.clone())
    }

    /// The string to sign.
    pub fn string_to_sign(&self) -> &str {
        part(&self.text, self.string_to_sign.clone())
    }

    /// The signature: lower-case hex for V3, base64 for V2 (not yet percent-encoded).
    pub fn signature(&self) -> &str {
        part(&self.text, self.signature.clone())
    }

    /// V3: the `Authorization` header's value.
    pub fn authorization(&self) -> Option<&str> {
        self.authorization
            .clone()
            .map(|range| part(&self.text, range))
    }

    /// The changes to make to the request.
    pub fn instructions(&self) -> &SigningInstructions {
        &self.instructions
    }

    /// The changes to make to the request, by value.
    pub fn into_instructions(self) -> SigningInstructions {
        self.instructions
    }

    /// Applies the instructions to `request`; see [`SigningInstructions::apply_to_request`].
    pub fn apply_to_request<B>(&self, request: &mut http::Request<B>) -> Result<(), SigningError> {
        self.instructions.apply_to_request(request)
    }
}

impl fmt::Debug for SigningOutput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("SigningOutput");
        debug
            .field("algorithm", &self.algorithm)
            .field("time", &self.time)
            .field("nonce", &self.nonce());
        if self.has_security_token {
            let redacted = "** left out: contains the security token **";
            debug
                .field("canonical_request", &redacted)
                .field("string_to_sign", &redacted);
        } else {
            debug
                .field("canonical_request", &self.canonical_request())
                .field("string_to_sign", &self.string_to_sign());
        }
        debug
            .field("signature", &self.signature())
            .field("instructions", &self.instructions)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_replace_their_earlier_values_and_keep_the_rest() {
        let mut instructions = SigningInstructions::with_param_capacity(2, 32);
        instructions.add_param("Timestamp", "2016-02-23T12:46:24Z");
        instructions.add_param("Signature", "a+b/c=");
        let mut request = http::Request::builder()
            .uri("https://example.com?Keep=%2a&Signature=old&&Timestamp=x&Flag")
            .body(())
            .unwrap();
        instructions.apply_to_request(&mut request).unwrap();
        assert_eq!(
            request.uri().to_string(),
            "https://example.com/?Keep=%2a&Flag&Timestamp=2016-02-23T12%3A46%3A24Z&Signature=a%2Bb%2Fc%3D"
        );
    }

    #[test]
    fn debug_hides_the_token() {
        let mut instructions = SigningInstructions::with_param_capacity(2, 32);
        instructions.add_param_with("SecurityToken", true, |out| out.push_str("t0ken"));
        instructions.add_param("A", "b");
        let params: Vec<_> = instructions.params().collect();
        assert_eq!(params[0].value(), "t0ken");
        assert!(params[0].is_sensitive() && !params[1].is_sensitive());
        assert!(!format!("{instructions:?}").contains("t0ken"));
        assert!(format!("{:?}", params[1]).contains('b'));
    }
}
