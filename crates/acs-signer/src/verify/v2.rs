//! Verifying V2: gather the parameters from the query and a form body, check the common
//! ones, sign them again and compare.

use std::borrow::Cow;
use std::time::SystemTime;

use acs_protocol::{Secret, SigningAlgorithm};
use subtle::ConstantTimeEq as _;

use crate::output::part;
use crate::parameters::{Order, Pair, form_pairs, orders_may_differ, query_pairs};
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
    let matches = |text: &mut String, pairs: &mut [Pair<'_>], order| {
        let expected = write_steps(text, request.method(), pairs, order, &secret);
        let expected_signature = part(text, expected.signature);
        let matches = bool::from(expected_signature.as_bytes().ct_eq(signature.as_bytes()));
        (matches, expected.string_to_sign)
    };
    let (published, string_to_sign) = matches(&mut text, &mut pairs, Order::CodePoint);
    // The Node.js SDK sorts by UTF-16 code unit: tried only when that order can differ.
    let accepted = published
        || (orders_may_differ(&pairs) && matches(&mut String::new(), &mut pairs, Order::Utf16).0);
    if !accepted {
        return Err(VerificationError::SignatureMismatch {
            string_to_sign: part(&text, string_to_sign).to_owned(),
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

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::time::{Duration, UNIX_EPOCH};

    use acs_protocol::encoding::percent_encode;

    use super::*;
    use crate::verify::verify_once;

    /// The Node.js SDK sorts names by UTF-16 code unit; with a name past U+FFFF its signature
    /// differs from the published one, and both are accepted.
    #[test]
    fn names_in_utf16_order_are_accepted() {
        let params = [
            ("AccessKeyId", "id"),
            ("Action", "GetMFAAuthenticationSettingInfo"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", "n"),
            ("SignatureVersion", "1.0"),
            ("Timestamp", "2024-03-29T08:00:00Z"),
            ("Version", "2021-05-15"),
            ("a\u{10000}", "1"),
            ("a\u{e000}", "2"),
        ];
        let secret = Secret::new("secret");
        let signature_in = |order| {
            let mut pairs: Vec<Pair<'_>> = params
                .iter()
                .map(|&(name, value)| (Cow::Borrowed(name), Cow::Borrowed(value)))
                .collect();
            let mut text = String::new();
            let steps = write_steps(&mut text, &http::Method::GET, &mut pairs, order, &secret);
            part(&text, steps.signature).to_owned()
        };
        let published = signature_in(Order::CodePoint);
        let node = signature_in(Order::Utf16);
        assert_ne!(published, node);

        let keys = HashMap::from([("id".to_owned(), Secret::new("secret"))]);
        let now = UNIX_EPOCH + Duration::from_secs(1_711_699_200);
        let verify_signed = |signature: &str| {
            let query: Vec<String> = params
                .iter()
                .chain(&[("Signature", signature)])
                .map(|(name, value)| format!("{}={}", percent_encode(name), percent_encode(value)))
                .collect();
            let uri = format!("https://example.com/?{}", query.join("&"));
            let request = http::Request::get(uri).body(Vec::new()).unwrap();
            verify_once(&request, &keys, now)
        };
        verify_signed(&published).unwrap();
        verify_signed(&node).unwrap();
        let error = verify_signed("bm90IGEgc2lnbmF0dXJl").unwrap_err();
        assert_eq!(error.error_code().code, "SignatureDoesNotMatch");
    }
}
