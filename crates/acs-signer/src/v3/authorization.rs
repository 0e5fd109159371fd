//! Step 4 of V3: the `Authorization` header, written and read.
//!
//! ```text
//! <Algorithm> Credential=<AccessKeyId>,SignedHeaders=<SignedHeaders>,Signature=<Signature>
//! ```

use std::ops::Range;

use crate::v3::canonical_request::{CanonicalHeader, push_signed_headers};

/// Appends the `Authorization` value; the signature is the hex at `signature` in `out`, and
/// `headers` are the signed headers, sorted.
pub(crate) fn write(
    out: &mut String,
    algorithm: &str,
    access_key_id: &str,
    headers: &[CanonicalHeader<'_>],
    signature: Range<usize>,
) {
    out.push_str(algorithm);
    out.push_str(" Credential=");
    out.push_str(access_key_id);
    out.push_str(",SignedHeaders=");
    push_signed_headers(out, headers);
    out.push_str(",Signature=");
    out.extend_from_within(signature);
}

/// The parts of a received `Authorization` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ParsedAuthorization<'a> {
    pub(crate) algorithm: &'a str,
    pub(crate) credential: &'a str,
    pub(crate) signed_headers: &'a str,
    pub(crate) signature: &'a str,
}

/// Why an `Authorization` value could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AuthorizationError {
    /// The named part is absent (or empty).
    Missing(&'static str),
    /// A part is there twice, or is not `Name=value`.
    Malformed,
}

/// Reads an `Authorization` value. The parts may come in any order, with spaces around them;
/// each must appear once.
pub(crate) fn parse(value: &str) -> Result<ParsedAuthorization<'_>, AuthorizationError> {
    let value = value.trim_ascii();
    let (algorithm, rest) = value
        .split_once(' ')
        .ok_or(AuthorizationError::Missing("Credential"))?;
    let (mut credential, mut signed_headers, mut signature) = (None, None, None);
    for part in rest.split(',') {
        let part = part.trim_ascii();
        if part.is_empty() {
            continue;
        }
        let (name, content) = part.split_once('=').ok_or(AuthorizationError::Malformed)?;
        let slot = match name.trim_ascii() {
            "Credential" => &mut credential,
            "SignedHeaders" => &mut signed_headers,
            "Signature" => &mut signature,
            _ => return Err(AuthorizationError::Malformed),
        };
        if slot.replace(content.trim_ascii()).is_some() {
            return Err(AuthorizationError::Malformed);
        }
    }
    Ok(ParsedAuthorization {
        algorithm,
        credential: required(credential, "Credential")?,
        signed_headers: required(signed_headers, "SignedHeaders")?,
        signature: required(signature, "Signature")?,
    })
}

/// The part, if present and not empty.
fn required<'a>(slot: Option<&'a str>, name: &'static str) -> Result<&'a str, AuthorizationError> {
    slot.filter(|s| !s.is_empty())
        .ok_or(AuthorizationError::Missing(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_reads_the_published_form() {
        let mut value = String::from("d16b");
        let headers = [CanonicalHeader {
            name: "x-acs-test",
            value: "".into(),
        }];
        write(&mut value, "ACS3-HMAC-SHA256", "acesskey", &headers, 0..4);
        let value = value.split_off(4);
        assert_eq!(
            value,
            "ACS3-HMAC-SHA256 Credential=acesskey,SignedHeaders=x-acs-test,Signature=d16b"
        );
        assert_eq!(
            parse(&value),
            Ok(ParsedAuthorization {
                algorithm: "ACS3-HMAC-SHA256",
                credential: "acesskey",
                signed_headers: "x-acs-test",
                signature: "d16b",
            })
        );
    }

    #[test]
    fn tolerates_spaces_and_order_but_not_gaps() {
        let parsed = parse(" ALG  Signature=s, Credential=c ,SignedHeaders=h ").unwrap();
        assert_eq!(
            (parsed.credential, parsed.signed_headers, parsed.signature),
            ("c", "h", "s")
        );
        assert_eq!(parse("ALG"), Err(AuthorizationError::Missing("Credential")));
        assert_eq!(
            parse("ALG Credential=c,SignedHeaders=h"),
            Err(AuthorizationError::Missing("Signature"))
        );
        assert_eq!(
            parse("ALG Credential=c,SignedHeaders=,Signature=s"),
            Err(AuthorizationError::Missing("SignedHeaders"))
        );
        assert_eq!(
            parse("ALG Credential=c,Credential=d,SignedHeaders=h,Signature=s"),
            Err(AuthorizationError::Malformed)
        );
        assert_eq!(parse("ALG Other=1"), Err(AuthorizationError::Malformed));
        assert_eq!(parse("ALG Credential"), Err(AuthorizationError::Malformed));
    }
}
