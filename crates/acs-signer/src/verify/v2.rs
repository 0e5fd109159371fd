//! Verifying V2: gather the parameters from the query and a form body, check the common
//! ones, sign them again and compare.

use std::borrow::Cow;
use std::time::SystemTime;

use acs_protocol::{Secret, SigningAlgorithm};
use subtle::ConstantTimeEq as _;

use crate::output::part;
use crate::parameters::{Pair, form_pairs, query_pairs};
use crate::request::{SignableBody, SignableRequest};
use crate::v2::sign::write_steps;
use crate::v2::{
    ACCESS_KEY_ID, ACTION, SECURITY_TOKEN, SIGNATURE, SIGNATURE_METHOD, SIGNATURE_NONCE,
    SIGNATURE_VERSION, SIGNATURE_VERSION_1_0, TIMESTAMP, VERSION,
};
use crate::verify::{
    KeyLookup, ReplayStore, VerificationError, Verified, check_time, remember_nonce,
};

pub(crate) fn verify<'a>(
    request: &SignableRequest<'a>,
    keys: &impl KeyLookup,
    now: SystemTime,
    replay: &ReplayStore,
) -> Result<Verified<'a>, VerificationError> {
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
    // A value is borrowed from the request unless it had to be decoded.
    let param = |name: &'static str| -> Result<Option<Cow<'a, str>>, VerificationError> {
        let mut values = pairs
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.clone());
        let first = values.next();
        if values.next().is_some() {
            return Err(VerificationError::incomplete(format!(
                "parameter `{name}` is given more than once"
            )));
        }
        Ok(first)
    };
    let required = |name: &'static str| -> Result<Cow<'a, str>, VerificationError> {
        param(name)?
            .ok_or_else(|| VerificationError::incomplete(format!("parameter `{name}` is missing")))
    };

    let method = required(SIGNATURE_METHOD)?;
    if method != SigningAlgorithm::HmacSha1.as_str() {
        return Err(VerificationError::UnsupportedAlgorithm {
            field: "SignatureMethod",
            value: method.into_owned(),
            expected: "HMAC-SHA1",
        });
    }
    let version = required(SIGNATURE_VERSION)?;
    if version != SIGNATURE_VERSION_1_0 {
        return Err(VerificationError::UnsupportedAlgorithm {
            field: "SignatureVersion",
            value: version.into_owned(),
            expected: "1.0",
        });
    }
    let access_key_id = required(ACCESS_KEY_ID)?;
    let secret =
        keys.secret_ref(&access_key_id)
            .ok_or_else(|| VerificationError::UnknownAccessKey {
                access_key_id: access_key_id.clone().into_owned(),
            })?;
    let time = check_time(TIMESTAMP, &required(TIMESTAMP)?, now)?;
    let nonce = required(SIGNATURE_NONCE)?;

    let verified = Verified {
        access_key_id,
        algorithm: SigningAlgorithm::HmacSha1,
        time,
        nonce,
        action: param(ACTION)?,
        version: param(VERSION)?,
        security_token: param(SECURITY_TOKEN)?.map(|token| Secret::new(token.into_owned())),
    };

    let mut text = String::new();
    let expected = write_steps(&mut text, request.method(), &mut pairs, &secret);
    let expected_signature = part(&text, expected.signature);
    if !bool::from(expected_signature.as_bytes().ct_eq(signature.as_bytes())) {
        return Err(VerificationError::SignatureMismatch {
            string_to_sign: part(&text, expected.string_to_sign).to_owned(),
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
