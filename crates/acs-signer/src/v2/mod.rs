//! V2: the RPC signature `HMAC-SHA1` (`SignatureVersion=1.0`), one module per step.
//!
//! 1. `canonicalized_query.rs`: every parameter but `Signature`, sorted, encoded, joined.
//! 2. `string_to_sign.rs`: `Method&%2F&` and the canonicalized query encoded again.
//! 3. `sign.rs`: base64 of HMAC-SHA1 keyed with `secret&`.
//!
//! [`crate::sign`] adds the common parameters and the signature; [`sign_parameters`] signs
//! a set of parameters as it is, as the helper library's `getRPCSignature` does.

pub(crate) mod canonicalized_query;
pub(crate) mod sign;
pub(crate) mod string_to_sign;

use std::borrow::Cow;

use acs_protocol::Secret;
use http::Method;

use crate::output::part;
use crate::parameters::Order;

/// `AccessKeyId`.
pub const ACCESS_KEY_ID: &str = "AccessKeyId";
/// `Action`.
pub const ACTION: &str = "Action";
/// `Format`: `JSON` or `XML`.
pub const FORMAT: &str = "Format";
/// `SecurityToken`: the STS token.
pub const SECURITY_TOKEN: &str = "SecurityToken";
/// `Signature`.
pub const SIGNATURE: &str = "Signature";
/// `SignatureMethod`: `HMAC-SHA1`.
pub const SIGNATURE_METHOD: &str = "SignatureMethod";
/// `SignatureNonce`.
pub const SIGNATURE_NONCE: &str = "SignatureNonce";
/// `SignatureVersion`: `1.0`.
pub const SIGNATURE_VERSION: &str = "SignatureVersion";
/// `Timestamp`: `YYYY-MM-DDTHH:MM:SSZ`.
pub const TIMESTAMP: &str = "Timestamp";
/// `Version`: the API version.
pub const VERSION: &str = "Version";
/// The one `SignatureVersion` of V2.
pub const SIGNATURE_VERSION_1_0: &str = "1.0";

/// A V2 signature and the steps that led to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct V2Signature {
    pub(crate) text: String,
    pub(crate) steps: sign::Steps,
}

impl V2Signature {
    /// The canonicalized query string.
    pub fn canonicalized_query(&self) -> &str {
        part(&self.text, self.steps.canonicalized_query.clone())
    }

    /// The string to sign.
    pub fn string_to_sign(&self) -> &str {
        part(&self.text, self.steps.string_to_sign.clone())
    }

    /// The signature, base64 (not yet percent-encoded).
    pub fn signature(&self) -> &str {
        part(&self.text, self.steps.signature.clone())
    }
}

/// Signs `parameters` (decoded names and values, `Signature` not among them) as they are,
/// for `method`: what the helper library's `getRPCSignature` computes.
pub fn sign_parameters<'a>(
    method: &Method,
    parameters: impl IntoIterator<Item = (&'a str, &'a str)>,
    secret: &Secret,
) -> V2Signature {
    let mut pairs: Vec<_> = parameters
        .into_iter()
        .map(|(name, value)| (Cow::Borrowed(name), Cow::Borrowed(value)))
        .collect();
    let mut text = String::new();
    let steps = sign::write_steps(&mut text, method, &mut pairs, Order::CodePoint, secret);
    V2Signature { text, steps }
}
