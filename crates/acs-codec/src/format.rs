//! Which format a body is in, and which format a request asks for.

use acs_protocol::Format;
use http::HeaderMap;
use http::header::{ACCEPT, CONTENT_TYPE};

use crate::limits::{Limits, strip_bom};
use crate::request::decode::Parameters;

/// The media type of a `content-type` value: what precedes its parameters (`;charset=…`),
/// trimmed; letter case is left to the caller.
pub(crate) fn media_type(content_type: &str) -> &str {
    content_type.split(';').next().unwrap_or("").trim()
}

/// The format a `content-type` names: `application/json`, `text/json` and `*+json` are
/// JSON; `text/xml`, `application/xml` and `*+xml` are XML; parameters such as
/// `;charset=utf-8` and letter case do not matter. `None` for anything else.
pub fn format_of_content_type(content_type: &str) -> Option<Format> {
    let media = media_type(content_type);
    let is = |name: &str| media.eq_ignore_ascii_case(name);
    let ends = |suffix: &str| {
        media.len() > suffix.len()
            && media
                .get(media.len() - suffix.len()..)
                .is_some_and(|tail| tail.eq_ignore_ascii_case(suffix))
    };
    if is("application/json") || is("text/json") || ends("+json") {
        Some(Format::Json)
    } else if is("text/xml") || is("application/xml") || ends("+xml") {
        Some(Format::Xml)
    } else {
        None
    }
}

/// The format of a body judged by its first significant byte (after a BOM and whitespace):
/// `{` or `[` is JSON, `<` is XML.
pub fn sniff_format(body: &[u8]) -> Option<Format> {
    match strip_bom(body).iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{' | b'[') => Some(Format::Json),
        Some(b'<') => Some(Format::Xml),
        _ => None,
    }
}

/// The format of a message's body: its `content-type` first, sniffing the body second.
pub fn body_format(headers: &http::HeaderMap, body: &[u8]) -> Option<Format> {
    headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(format_of_content_type)
        .or_else(|| sniff_format(body))
}

/// The format a request asks its answer in, as the service decides it: the `Format`
/// parameter (query, then form body) first, then the `Accept` header, and XML when neither
/// names one.
///
/// A `Format` value that is neither `JSON` nor `XML` (in any case) is passed over, as is an
/// `Accept` header that names neither format. The parameters are read as
/// [`Parameters::from_request`] reads them with [`Limits::DEFAULT`], whatever the method; a
/// request whose parameters cannot be read (over a limit, not percent-encoded, a form that
/// is not UTF-8) is answered by its `Accept` header alone. A server that reads the
/// parameters anyway asks [`Parameters::requested_format`] instead.
pub fn requested_format<B: AsRef<[u8]>>(request: &http::Request<B>) -> Format {
    match Parameters::read_any_method(request, &Limits::DEFAULT) {
        Ok(parameters) => parameters.requested_format(request.headers()),
        Err(_) => accepted_format(request.headers()).unwrap_or(Format::Xml),
    }
}

impl Parameters {
    /// The format the request with these parameters and `headers` asks its answer in: the
    /// `Format` parameter first, then the `Accept` header, and XML when neither names one
    /// (the rules of [`requested_format`]).
    pub fn requested_format(&self, headers: &HeaderMap) -> Format {
        self.get("Format")
            .and_then(|value| value.parse::<Format>().ok())
            .or_else(|| accepted_format(headers))
            .unwrap_or(Format::Xml)
    }
}

/// The first format the `Accept` headers name.
fn accepted_format(headers: &HeaderMap) -> Option<Format> {
    headers
        .get_all(ACCEPT)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .find_map(format_of_content_type)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_and_their_variants() {
        for json in [
            "application/json;charset=utf-8",
            "application/json",
            "Application/JSON; charset=UTF-8",
            "text/json",
            "application/problem+json",
        ] {
            assert_eq!(format_of_content_type(json), Some(Format::Json), "{json}");
        }
        for xml in [
            "text/xml;charset=utf-8",
            "text/xml",
            "application/xml",
            "TEXT/XML ; charset=utf-8",
            "application/atom+xml",
        ] {
            assert_eq!(format_of_content_type(xml), Some(Format::Xml), "{xml}");
        }
        for other in ["text/plain", "", "+json", "application/octet-stream"] {
            assert_eq!(format_of_content_type(other), None, "{other}");
        }
    }

    #[test]
    fn sniffs_past_bom_and_whitespace() {
        assert_eq!(sniff_format(b"\xEF\xBB\xBF \n{}"), Some(Format::Json));
        assert_eq!(sniff_format(b"\t<?xml?>"), Some(Format::Xml));
        assert_eq!(sniff_format(b"  "), None);
        assert_eq!(sniff_format(b"Internal"), None);
    }

    fn request(uri: &str, accept: Option<&str>, form: Option<&str>) -> http::Request<Vec<u8>> {
        let mut builder = http::Request::post(uri);
        if let Some(accept) = accept {
            builder = builder.header(ACCEPT, accept);
        }
        if form.is_some() {
            builder = builder.header(CONTENT_TYPE, "application/x-www-form-urlencoded");
        }
        builder
            .body(form.unwrap_or("").as_bytes().to_vec())
            .unwrap()
    }

    #[test]
    fn format_parameter_then_accept_then_xml() {
        let with = |uri, accept, form| requested_format(&request(uri, accept, form));
        assert_eq!(
            with("/?Format=json", Some("application/xml"), None),
            Format::Json
        );
        assert_eq!(
            with("/", Some("application/xml"), Some("Format=JSON")),
            Format::Json
        );
        assert_eq!(
            with("/?Format=XML", Some("application/json"), None),
            Format::Xml
        );
        assert_eq!(
            with("/", Some("text/html, application/json"), None),
            Format::Json
        );
        assert_eq!(
            with("/?Format=YAML", Some("application/json"), None),
            Format::Json
        );
        assert_eq!(with("/", Some("*/*"), None), Format::Xml);
        assert_eq!(with("/", None, None), Format::Xml);
    }
}
