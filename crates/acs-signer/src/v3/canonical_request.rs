//! Step 1 of V3: the canonical request.
//!
//! ```text
//! Method \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders \n SignedHeaders \n HashedPayload
//! ```

use std::borrow::Cow;
use std::ops::Range;

use http::HeaderMap;

use crate::error::SigningError;
use crate::output::span;
use crate::parameters::{
    Pair, QueryForm, push_canonical_pairs_with, push_canonical_uri, sort_pairs,
};
use crate::signing_params::SignedHeaders;

/// A header as it enters the canonical request: its lower-case name and canonical value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CanonicalHeader<'a> {
    pub(crate) name: &'a str,
    pub(crate) value: Cow<'a, str>,
}

/// Whether a header is signed under `selection`.
pub(crate) fn is_selected(name: &str, selection: SignedHeaders) -> bool {
    match selection {
        SignedHeaders::AllPresent => name != "authorization",
        _ => is_required_or_standard(name),
    }
}

/// `host`, `content-type` and `x-acs-*`: the headers the standard selection signs.
fn is_required_or_standard(name: &str) -> bool {
    must_be_signed(name) || name == "content-type"
}

/// `host` and every `x-acs-*` header: a request that sends one must sign it.
pub(crate) fn must_be_signed(name: &str) -> bool {
    name == "host" || name.starts_with("x-acs-")
}

/// Trims a header value as the SDKs do before signing it (HTTP's optional whitespace).
pub(crate) fn trim_value(value: &str) -> &str {
    value.trim_matches(|c| c == ' ' || c == '\t')
}

/// The canonical value of every value of header `name`: each trimmed, sorted, joined with `,`.
pub(crate) fn canonical_value<'a>(
    headers: &'a HeaderMap,
    name: &str,
) -> Result<Cow<'a, str>, SigningError> {
    let not_utf8 = || SigningError::HeaderNotUtf8 {
        name: name.to_owned(),
    };
    let mut values = headers.get_all(name).iter();
    let Some(first) = values.next() else {
        return Ok(Cow::Borrowed(""));
    };
    let first = trim_value(first.to_str().map_err(|_| not_utf8())?);
    let Some(second) = values.next() else {
        return Ok(Cow::Borrowed(first));
    };
    let mut all = vec![first, trim_value(second.to_str().map_err(|_| not_utf8())?)];
    for value in values {
        all.push(trim_value(value.to_str().map_err(|_| not_utf8())?));
    }
    all.sort_unstable();
    Ok(Cow::Owned(all.join(",")))
}

/// The request's headers that `selection` signs, but those for which `replaced` holds.
pub(crate) fn collect_headers<'a>(
    headers: &'a HeaderMap,
    selection: SignedHeaders,
    replaced: impl Fn(&str) -> bool,
) -> Result<Vec<CanonicalHeader<'a>>, SigningError> {
    let mut out = Vec::with_capacity(headers.keys_len() + 8);
    for name in headers.keys() {
        let name = name.as_str();
        if is_selected(name, selection) && !replaced(name) {
            out.push(CanonicalHeader {
                name,
                value: canonical_value(headers, name)?,
            });
        }
    }
    Ok(out)
}

/// Where a canonical request and its `SignedHeaders` line are in the buffer it was written to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CanonicalRequest {
    pub(crate) whole: Range<usize>,
    pub(crate) signed_headers: Range<usize>,
}

/// Appends the canonical request to `out`, the query written in `form`. Sorts `query` and
/// `headers` in place; header names must be lower-case and distinct.
pub(crate) fn write(
    out: &mut String,
    method: &str,
    path: &str,
    query: &mut [Pair<'_>],
    headers: &mut [CanonicalHeader<'_>],
    hashed_payload: &str,
    form: QueryForm,
) -> Result<CanonicalRequest, SigningError> {
    sort_pairs(query, form.order);
    headers.sort_unstable_by(|a, b| a.name.cmp(b.name));
    // Room for what usually follows in the same buffer: the string to sign, the signature,
    // the `Authorization` value and the nonce.
    const FOLLOWING: usize = 512;
    out.reserve(
        FOLLOWING
            + 16
            + path.len()
            + query
                .iter()
                .map(|(n, v)| n.len() + v.len() + 2)
                .sum::<usize>()
                * 3
                / 2
            + headers
                .iter()
                .map(|h| 2 * h.name.len() + h.value.len() + 2)
                .sum::<usize>()
            + hashed_payload.len(),
    );
    let start = out.len();
    out.push_str(method);
    out.push('\n');
    push_canonical_uri(out, path).map_err(|source| SigningError::InvalidPath { source })?;
    out.push('\n');
    push_canonical_pairs_with(out, query, form.names);
    out.push('\n');
    for header in headers.iter() {
        out.push_str(header.name);
        out.push(':');
        out.push_str(&header.value);
        out.push('\n');
    }
    out.push('\n');
    let signed_headers = span(out, |out| push_signed_headers(out, headers));
    out.push('\n');
    out.push_str(hashed_payload);
    Ok(CanonicalRequest {
        whole: start..out.len(),
        signed_headers,
    })
}

/// Appends the `SignedHeaders` value: the (sorted) names joined with `;`.
pub(crate) fn push_signed_headers(out: &mut String, headers: &[CanonicalHeader<'_>]) {
    for (i, header) in headers.iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        out.push_str(header.name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_values_are_trimmed_sorted_and_joined() {
        let mut headers = HeaderMap::new();
        headers.append("x-acs-test", " https ".parse().unwrap());
        headers.append("x-acs-test", "http".parse().unwrap());
        headers.append("x-acs-single", "\tone ".parse().unwrap());
        headers.append("user-agent", "ua".parse().unwrap());
        headers.append(
            "x-acs-bytes",
            http::HeaderValue::from_bytes(&[0xff]).unwrap(),
        );
        assert_eq!(
            canonical_value(&headers, "x-acs-test").unwrap(),
            "http,https"
        );
        assert_eq!(canonical_value(&headers, "x-acs-single").unwrap(), "one");
        assert_eq!(canonical_value(&headers, "absent").unwrap(), "");
        let error = canonical_value(&headers, "x-acs-bytes").unwrap_err();
        assert!(error.to_string().contains("`x-acs-bytes`"));

        headers.remove("x-acs-bytes");
        let standard =
            collect_headers(&headers, SignedHeaders::Standard, |n| n == "x-acs-single").unwrap();
        assert_eq!(standard.len(), 1);
        let all = collect_headers(&headers, SignedHeaders::AllPresent, |_| false).unwrap();
        assert_eq!(all.len(), 3);
    }

    #[test]
    fn empty_query_and_headers_leave_empty_lines() {
        let mut out = String::from("before");
        let request = write(
            &mut out,
            "GET",
            "",
            &mut [],
            &mut [],
            "abc",
            QueryForm::PUBLISHED,
        )
        .unwrap();
        assert_eq!(&out[request.whole], "GET\n/\n\n\n\nabc");
        assert_eq!(&out[request.signed_headers], "");
    }
}
