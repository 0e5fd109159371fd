//! Verifying V2: gather the parameters from the query and a form body, check the common
//! ones, sign them again and compare.

use std::borrow::Cow;
use std::time::SystemTime;

use acs_protocol::{Secret, SigningAlgorithm};
use subtle::ConstantTimeEq as _;

use crate::parameters::{Pair, form_pairs, query_pairs};
use crate::request::{SignableBody, SignableRequest};
use crate::v2::sign::sign_pairs;
use crate::v2::{
    ACCESS_KEY_ID, ACTION, SECURITY_TOKEN, SIGNATURE, SIGNATURE_METHOD, SIGNATURE_NONCE,
    SIGNATURE_VERSION, SIGNATURE_VERSION_1_0, TIMESTAMP, VERSION,
};
use crate::verify::{
    KeyLookup, ReplayStore, VerificationError, Verified, check_time, remember_nonce,
};

pub(crate) fn verify(
    request: &SignableRequest<'_>,
    keys: &impl KeyLookup,
    now: SystemTime,
    replay: &ReplayStore,
) -> Result<Verified, VerificationError> {
    let mut pairs = query_pairs(request.uri())
        .map_err(|e| VerificationError::malformed(format!("the query string: {e}")))?;
    if request.has_form_body()
        && let SignableBody::Bytes(body) = request.body()
    {
        pairs.extend(
            form_pairs(body)
                .map_err(|e| VerificationError::malformed(format!("the form body: {e}")))?,
        );
    }

    let signature = take_one(&mut pairs, SIGNATURE)?.ok_or(VerificationError::NotSigned)?;
    let param = |name: &'static str| -> Result<Option<&str>, VerificationError> {
        let mut values = pairs
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_ref());
        let first = values.next();
        if values.next().is_some() {
            return Err(VerificationError::incomplete(format!(
                "parameter `{name}` is given more than once"
            )));
        }
        Ok(first)
    };
    let required = |name: &'static str| -> Result<&str, VerificationError> {
        param(name)?
            .ok_or_else(|| VerificationError::incomplete(format!("parameter `{name}` is missing")))
    };

    let method = required(SIGNATURE_METHOD)?;
    if method != SigningAlgorithm::HmacSha1.as_str() {
        return Err(VerificationError::UnsupportedAlgorithm {
            field: "SignatureMethod",
            value: method.to_owned(),
            expected: "HMAC-SHA1",
        });
    }
    let version = required(SIGNATURE_VERSION)?;
    if version != SIGNATURE_VERSION_1_0 {
        return Err(VerificationError::UnsupportedAlgorithm {
            field: "SignatureVersion",
            value: version.to_owned(),
            expected: "1.0",
        });
    }
    let access_key_id = required(ACCESS_KEY_ID)?;
    let secret = keys
        .secret(access_key_id)
        .ok_or_else(|| VerificationError::UnknownAccessKey {
            access_key_id: access_key_id.to_owned(),
        })?;
    let time = check_time(TIMESTAMP, required(TIMESTAMP)?, now)?;
    let nonce = required(SIGNATURE_NONCE)?;

    let verified = Verified {
        access_key_id: access_key_id.to_owned(),
        algorithm: SigningAlgorithm::HmacSha1,
        time,
        nonce: nonce.to_owned(),
        action: param(ACTION)?.map(str::to_owned),
        version: param(VERSION)?.map(str::to_owned),
        security_token: param(SECURITY_TOKEN)?.map(Secret::new),
    };

    let expected = sign_pairs(request.method(), &mut pairs, &secret);
    if !bool::from(expected.signature.as_bytes().ct_eq(signature.as_bytes())) {
        return Err(VerificationError::SignatureMismatch {
            string_to_sign: expected.string_to_sign,
        });
    }
    remember_nonce(replay, &verified.access_key_id, &verified.nonce, time, now)?;
    Ok(verified)
}

/// Removes the parameter `name` and returns its value; a parameter given twice is refused.
fn take_one(pairs: &mut Vec<Pair<'_>>, name: &str) -> Result<Option<String>, VerificationError> {
    let mut found: Option<Cow<'_, str>> = None;
    let mut twice = false;
    pairs.retain(|(n, v)| {
        if n == name {
            twice |= found.replace(v.clone()).is_some();
            false
        } else {
            true
        }
    });
    if twice {
        return Err(VerificationError::incomplete(format!(
            "parameter `{name}` is given more than once"
        )));
    }
    Ok(found.map(Cow::into_owned))
}
