//! Which format a body is in, and which format a request asks for.

use acs_protocol::Format;
use acs_protocol::encoding::parse_urlencoded;
use http::header::{ACCEPT, CONTENT_TYPE};

/// The format a `content-type` names: `application/json`, `text/json` and `*+json` are
/// JSON; `text/xml`, `application/xml` and `*+xml` are XML; parameters such as
/// `;charset=utf-8` and letter case do not matter. `None` for anything else.
pub fn format_of_content_type(content_type: &str) -> Option<Format> {
    let media = content_type.split(';').next().unwrap_or("").trim();
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
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    match body.iter().find(|b| !b.is_ascii_whitespace()) {
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
/// `Accept` header that names neither format.
pub fn requested_format<B: AsRef<[u8]>>(request: &http::Request<B>) -> Format {
    let from_parameter = |text: &str| {
        parse_urlencoded(text)
            .filter_map(Result::ok)
            .find(|(name, _)| name == "Format")
            .and_then(|(_, value)| value.parse::<Format>().ok())
    };
    let from_query = request.uri().query().and_then(from_parameter);
    let from_form = || {
        crate::request::is_form(request.headers())
            .then(|| std::str::from_utf8(request.body().as_ref()).ok())
            .flatten()
            .and_then(from_parameter)
    };
    if let Some(format) = from_query.or_else(from_form) {
        return format;
    }
    request
        .headers()
        .get_all(ACCEPT)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .find_map(format_of_content_type)
        .unwrap_or(Format::Xml)
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
