use std::borrow::Cow;
use std::ops::Range;

use acs_protocol::{Credentials, Secret, SigningAlgorithm};
use http::Method;

use crate::crypto::{push_base64, v2_sign};
use crate::error::SigningError;
use crate::output::{SigningInstructions, SigningOutput, part, span};
use crate::parameters::{Order, Pair, form_pairs, query_pairs};
use crate::request::{SignableBody, SignableRequest};
use crate::signing_params::SigningParams;
use crate::time::SigningTime;
use crate::v2::{
    ACCESS_KEY_ID, ACTION, FORMAT, SECURITY_TOKEN, SIGNATURE, SIGNATURE_METHOD, SIGNATURE_NONCE,
    SIGNATURE_VERSION, SIGNATURE_VERSION_1_0, TIMESTAMP, VERSION,
};
use crate::v2::{canonicalized_query, string_to_sign};

/// Where each step is in the text a V2 signature was written to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Steps {
    pub(crate) canonicalized_query: Range<usize>,
    pub(crate) string_to_sign: Range<usize>,
    pub(crate) signature: Range<usize>,
}

/// The three steps over `pairs` (every parameter but `Signature`) sorted in `order`,
/// appended to `text`.
pub(crate) fn write_steps(
    text: &mut String,
    method: &Method,
    pairs: &mut [Pair<'_>],
    order: Order,
    secret: &Secret,
) -> Steps {
    let canonicalized_query = canonicalized_query::write(text, pairs, order);
    let string_to_sign = span(text, |text| {
        string_to_sign::write(text, method.as_str(), pairs);
    });
    let digest = v2_sign(secret, part(text, string_to_sign.clone()));
    let signature = span(text, |text| push_base64(text, &digest));
    Steps {
        canonicalized_query,
        string_to_sign,
        signature,
    }
}

/// The common parameters the signer sets, and `Format` when the settings set it.
fn is_set_by_signer(name: &str, sets_format: bool) -> bool {
    matches!(
        name,
        ACTION
            | VERSION
            | ACCESS_KEY_ID
            | SIGNATURE_METHOD
            | SIGNATURE_VERSION
            | SIGNATURE_NONCE
            | TIMESTAMP
            | SECURITY_TOKEN
            | SIGNATURE
    ) || (sets_format && name == FORMAT)
}

/// The request's own parameters: the query's and a form body's, but those the signer sets.
pub(crate) fn request_pairs<'a>(
    request: &SignableRequest<'a>,
    sets_format: bool,
) -> Result<Vec<Pair<'a>>, SigningError> {
    let mut pairs =
        query_pairs(request.uri()).map_err(|source| SigningError::InvalidQuery { source })?;
    pairs.retain(|(name, _)| !is_set_by_signer(name, sets_format));
    if request.has_form_body() {
        let SignableBody::Bytes(body) = request.body() else {
            return Err(SigningError::FormBodyRequired);
        };
        for pair in form_pairs(body).map_err(|source| SigningError::InvalidFormBody { source })? {
            if is_set_by_signer(&pair.0, sets_format) {
                return Err(SigningError::ReservedParameterInBody {
                    name: pair.0.into_owned(),
                });
            }
            pairs.push(pair);
        }
    }
    Ok(pairs)
}

/// Signs `request` the way the official SDKs send a V2 RPC request: adds `AccessKeyId`,
/// `Action`, `Format`, `SecurityToken` (with STS credentials), `SignatureMethod`,
/// `SignatureNonce`, `SignatureVersion`, `Timestamp`, `Version` and `Signature` to the query.
pub(crate) fn sign(
    request: &SignableRequest<'_>,
    params: &SigningParams<'_>,
    time: SigningTime,
    nonce: &str,
) -> Result<SigningOutput, SigningError> {
    let credentials: &Credentials = params.credentials;
    let format = params.settings.format_parameter.format();
    let mut pairs = request_pairs(request, format.is_some())?;

    let id = credentials.access_key_id();
    let token = credentials.security_token().map(|token| token.expose());
    let mut added = SigningInstructions::with_param_capacity(
        10,
        id.len()
            + params.action.len()
            + token.map_or(0, str::len)
            + nonce.len()
            + params.version.len()
            + 80,
    );
    added.add_param(ACCESS_KEY_ID, id);
    added.add_param(ACTION, params.action);
    if let Some(format) = format {
        added.add_param(FORMAT, format.as_str());
    }
    if let Some(token) = token {
        added.add_param_with(SECURITY_TOKEN, true, |out| out.push_str(token));
    }
    added.add_param(SIGNATURE_METHOD, SigningAlgorithm::HmacSha1.as_str());
    added.add_param(SIGNATURE_NONCE, nonce);
    added.add_param(SIGNATURE_VERSION, SIGNATURE_VERSION_1_0);
    added.add_param_with(TIMESTAMP, false, |out| time.write_to(out));
    added.add_param(VERSION, params.version);
    pairs.extend(
        added
            .params()
            .map(|param| (Cow::Borrowed(param.name()), Cow::Borrowed(param.value()))),
    );

    let mut text = String::new();
    let steps = write_steps(
        &mut text,
        request.method(),
        &mut pairs,
        Order::CodePoint,
        credentials.access_key_secret(),
    );
    drop(pairs);
    let nonce = span(&mut text, |text| text.push_str(nonce));
    added.add_param(SIGNATURE, part(&text, steps.signature.clone()));
    Ok(SigningOutput {
        algorithm: SigningAlgorithm::HmacSha1,
        time,
        has_security_token: token.is_some(),
        text,
        nonce,
        canonical_request: steps.canonicalized_query,
        string_to_sign: steps.string_to_sign,
        signature: steps.signature,
        authorization: None,
        instructions: added,
    })
}
