//! Step 3 of V2 and the whole: the signature, and the signer that adds the common parameters.

use std::borrow::Cow;

use acs_protocol::{Credentials, Secret, SigningAlgorithm};
use http::Method;

use crate::crypto::v2_signature;
use crate::error::SigningError;
use crate::output::{QueryParam, SigningInstructions, SigningOutput};
use crate::parameters::{Pair, form_pairs, query_pairs};
use crate::request::{SignableBody, SignableRequest};
use crate::signing_params::SigningParams;
use crate::time::SigningTime;
use crate::v2::canonicalized_query::canonicalized_query;
use crate::v2::string_to_sign::string_to_sign;
use crate::v2::{
    ACCESS_KEY_ID, ACTION, FORMAT, SECURITY_TOKEN, SIGNATURE, SIGNATURE_METHOD, SIGNATURE_NONCE,
    SIGNATURE_VERSION, SIGNATURE_VERSION_1_0, TIMESTAMP, V2Signature, VERSION,
};

/// Signs parameters as they are: canonicalized query, string to sign, signature.
pub(crate) fn sign_pairs(method: &Method, pairs: &mut [Pair<'_>], secret: &Secret) -> V2Signature {
    let canonicalized_query = canonicalized_query(pairs);
    let string_to_sign = string_to_sign(method.as_str(), &canonicalized_query);
    let signature = v2_signature(secret, &string_to_sign);
    V2Signature {
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

    let mut date = String::with_capacity(20);
    time.write_to(&mut date);
    let mut added = Vec::with_capacity(10);
    added.push(QueryParam::new(ACCESS_KEY_ID, credentials.access_key_id()));
    added.push(QueryParam::new(ACTION, params.action));
    if let Some(format) = format {
        added.push(QueryParam::new(FORMAT, format.as_str()));
    }
    if let Some(token) = credentials.security_token() {
        added.push(QueryParam::sensitive(SECURITY_TOKEN, token.expose()));
    }
    added.push(QueryParam::new(
        SIGNATURE_METHOD,
        SigningAlgorithm::HmacSha1.as_str(),
    ));
    added.push(QueryParam::new(SIGNATURE_NONCE, nonce));
    added.push(QueryParam::new(SIGNATURE_VERSION, SIGNATURE_VERSION_1_0));
    added.push(QueryParam::new(TIMESTAMP, date));
    added.push(QueryParam::new(VERSION, params.version));
    pairs.extend(
        added
            .iter()
            .map(|param| (Cow::Borrowed(param.name()), Cow::Borrowed(param.value()))),
    );

    let signed = sign_pairs(
        request.method(),
        &mut pairs,
        credentials.access_key_secret(),
    );
    drop(pairs);
    added.push(QueryParam::new(SIGNATURE, signed.signature.clone()));
    Ok(SigningOutput {
        algorithm: SigningAlgorithm::HmacSha1,
        time,
        nonce: nonce.to_owned(),
        canonical_request: signed.canonicalized_query,
        string_to_sign: signed.string_to_sign,
        signature: signed.signature,
        authorization: None,
        has_security_token: credentials.security_token().is_some(),
        instructions: SigningInstructions::new(Vec::new(), added),
    })
}
