//! The wire side of the emulator: reading parameters and the requested format, decoding typed
//! requests, and writing responses and error envelopes in JSON or XML.
//!
//! This is a local stand-in for the server side of `cloudsso-codec`, to be replaced by it
//! once its API is published; it follows the same rules (see `/work/shared/docs/protocol.md`).

use acs_protocol::encoding::parse_urlencoded;
use acs_protocol::operation::Location;
use acs_protocol::{ErrorCode, Format, Operation};
use http::header::{ACCEPT, CONTENT_TYPE};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::Failure;

/// The most parameters (query and form together) a request may carry.
pub(crate) const MAX_PARAMETERS: usize = 1000;

/// Whether the request's body is `application/x-www-form-urlencoded`.
pub(crate) fn is_form(headers: &http::HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
}

fn format_of_media(media: &str) -> Option<Format> {
    let media = media.split(';').next().unwrap_or("").trim();
    let lower = media.to_ascii_lowercase();
    if lower == "application/json" || lower == "text/json" || lower.ends_with("+json") {
        Some(Format::Json)
    } else if lower == "text/xml" || lower == "application/xml" || lower.ends_with("+xml") {
        Some(Format::Xml)
    } else {
        None
    }
}

/// The format the client asks for: `Format` (query, then form body), then `Accept`, then XML.
pub(crate) fn requested_format<B: AsRef<[u8]>>(request: &http::Request<B>) -> Format {
    let from = |text: &str| {
        parse_urlencoded(text)
            .filter_map(Result::ok)
            .find(|(name, _)| name == "Format")
            .and_then(|(_, value)| value.parse::<Format>().ok())
    };
    if let Some(format) = request.uri().query().and_then(from) {
        return format;
    }
    if is_form(request.headers())
        && let Some(format) = std::str::from_utf8(request.body().as_ref())
            .ok()
            .and_then(from)
    {
        return format;
    }
    request
        .headers()
        .get_all(ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .find_map(format_of_media)
        .unwrap_or(Format::Xml)
}

/// The decoded parameters of the query string and a form body, in order.
pub(crate) fn parameters<B: AsRef<[u8]>>(
    request: &http::Request<B>,
) -> Result<Vec<(String, String)>, Failure> {
    let mut pairs = Vec::new();
    let mut push = |text: &str, whence: &str| -> Result<(), Failure> {
        for pair in parse_urlencoded(text) {
            let (name, value) = pair.map_err(|e| {
                Failure::with_message(ErrorCode::INVALID_PARAMETER, format!("the {whence}: {e}"))
            })?;
            if pairs.len() >= MAX_PARAMETERS {
                return Err(Failure::with_message(
                    ErrorCode::INVALID_PARAMETER,
                    format!("the request carries more than {MAX_PARAMETERS} parameters"),
                ));
            }
            pairs.push((name.into_owned(), value.into_owned()));
        }
        Ok(())
    };
    if let Some(query) = request.uri().query() {
        push(query, "query string")?;
    }
    if is_form(request.headers()) {
        let text = std::str::from_utf8(request.body().as_ref()).map_err(|e| {
            Failure::with_message(
                ErrorCode::INVALID_PARAMETER,
                format!(
                    "form body is not UTF-8 (invalid byte at offset {}); expected \
                     application/x-www-form-urlencoded ASCII",
                    e.valid_up_to()
                ),
            )
        })?;
        push(text, "form body")?;
    }
    Ok(pairs)
}

/// The value of parameter `name`, if given.
pub(crate) fn parameter<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// The typed request of operation `O` from the decoded parameters: `Missing{Name}` for an
/// absent required parameter, `Invalid{Name}` for a value the request type refuses.
pub(crate) fn decode_request<O: Operation>(
    pairs: &[(String, String)],
) -> Result<O::Request, Failure> {
    let description = O::DESCRIPTION;
    let mut object = Map::new();
    for described in description.parameters {
        if !matches!(described.location, Location::Query | Location::Body) {
            continue;
        }
        match parameter(pairs, described.wire_name) {
            Some(value) => {
                object.insert(
                    described.wire_name.to_owned(),
                    Value::String(value.to_owned()),
                );
            }
            None if described.required => {
                return Err(Failure::with_message(
                    ErrorCode::MISSING_PARAMETER,
                    format!(
                        "parameter {} is missing; {} requires it",
                        described.wire_name, description.action
                    ),
                )
                .renamed(format!("Missing{}", described.wire_name)));
            }
            None => {}
        }
    }
    serde_json::from_value(Value::Object(object)).map_err(|error| {
        let message = error.to_string();
        let name = description
            .parameters
            .iter()
            .find(|p| message.contains(p.wire_name))
            .map_or("Parameter", |p| p.wire_name);
        Failure::with_message(ErrorCode::INVALID_PARAMETER, message)
            .renamed(format!("Invalid{name}"))
    })
}

impl Failure {
    fn renamed(mut self, code: String) -> Self {
        self.code = code.into();
        self
    }
}

/// A success body: JSON as the model serializes it, XML with root `<{Action}Response>`.
pub(crate) fn encode_success<T: Serialize>(action: &str, value: &T, format: Format) -> Vec<u8> {
    let value = serde_json::to_value(value).unwrap_or(Value::Null);
    match format {
        Format::Xml => {
            let mut out = String::from("<?xml version='1.0' encoding='UTF-8'?>");
            write_element(&mut out, &format!("{action}Response"), &value);
            out.into_bytes()
        }
        _ => serde_json::to_vec(&value).unwrap_or_default(),
    }
}

/// An error envelope: a flat JSON object, or `<Error>` in XML.
pub(crate) fn encode_error(
    failure: &Failure,
    request_id: &str,
    host_id: &str,
    format: Format,
) -> Vec<u8> {
    let fields = [
        ("RequestId", request_id),
        ("HostId", host_id),
        ("Code", &failure.code),
        ("Message", &failure.message),
    ];
    match format {
        Format::Xml => {
            let mut out = String::from("<?xml version='1.0' encoding='UTF-8'?><Error>");
            for (name, value) in fields {
                write_element(&mut out, name, &Value::String(value.to_owned()));
            }
            out.push_str("</Error>");
            out.into_bytes()
        }
        _ => {
            let object: Map<String, Value> = fields
                .into_iter()
                .map(|(name, value)| (name.to_owned(), Value::String(value.to_owned())))
                .collect();
            serde_json::to_vec(&Value::Object(object)).unwrap_or_default()
        }
    }
}

fn write_element(out: &mut String, name: &str, value: &Value) {
    match value {
        Value::Array(items) => {
            for item in items {
                write_element(out, name, item);
            }
        }
        Value::Null => {}
        _ => {
            out.push('<');
            out.push_str(name);
            out.push('>');
            match value {
                Value::Object(fields) => {
                    for (child, value) in fields {
                        write_element(out, child, value);
                    }
                }
                Value::String(text) => escape_into(out, text),
                other => out.push_str(&other.to_string()),
            }
            out.push_str("</");
            out.push_str(name);
            out.push('>');
        }
    }
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_parameter_then_accept_then_xml() {
        let request = |uri: &str, accept: Option<&str>| {
            let mut builder = http::Request::post(uri);
            if let Some(accept) = accept {
                builder = builder.header(ACCEPT, accept);
            }
            builder.body(Vec::new()).unwrap()
        };
        assert_eq!(
            requested_format(&request("/?Format=json", Some("text/xml"))),
            Format::Json
        );
        assert_eq!(
            requested_format(&request("/", Some("application/json"))),
            Format::Json
        );
        assert_eq!(requested_format(&request("/", None)), Format::Xml);
    }

    #[test]
    fn xml_escapes_text() {
        let failure = Failure::documented(ErrorCode::SIGNATURE_DOES_NOT_MATCH);
        let mut failure = failure;
        failure.message = "a<b&c".to_owned();
        let body = String::from_utf8(encode_error(&failure, "R", "H", Format::Xml)).unwrap();
        assert!(body.contains("<Message>a&lt;b&amp;c</Message>"), "{body}");
        assert!(body.starts_with("<?xml version='1.0' encoding='UTF-8'?><Error><RequestId>R"));
    }
}
