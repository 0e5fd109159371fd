//! Service errors: the envelope both sides share ([`ServiceErrorBody`]), the client's typed
//! error with its classification and retry-after ([`ServiceError`]), and the server's
//! encoding of an envelope ([`encode_error`]).

use std::time::Duration;

use acs_protocol::operation::{FieldDescription, ValueKind};
use acs_protocol::{ErrorCode, Format};
use http::StatusCode;
use http::header::{CONTENT_TYPE, HeaderValue};
use serde_json::Value;

use crate::error::BodyError;
use crate::limits::Limits;
use crate::xml;

/// The body of an error response: `RequestId`, `HostId`, `Code`, `Message` and sometimes
/// `Recommend` (a troubleshooting URL).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct ServiceErrorBody {
    /// `RequestId`.
    pub request_id: Option<String>,
    /// `HostId`: the endpoint host that answered.
    pub host_id: Option<String>,
    /// `Code`, e.g. `SignatureDoesNotMatch`; empty when the body had none.
    pub code: String,
    /// `Message`.
    pub message: String,
    /// `Recommend`.
    pub recommend: Option<String>,
}

impl ServiceErrorBody {
    /// An envelope with a code and a message.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            message: message.into(),
            ..Self::default()
        }
    }

    /// The envelope of a documented gateway error, with the service's message.
    pub fn from_error_code(code: ErrorCode) -> Self {
        Self::new(code.code, code.message)
    }

    /// The same envelope with a `RequestId`.
    #[must_use]
    pub fn with_request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// The same envelope with a `HostId`.
    #[must_use]
    pub fn with_host_id(mut self, host_id: impl Into<String>) -> Self {
        self.host_id = Some(host_id.into());
        self
    }

    /// The same envelope with a `Recommend`.
    #[must_use]
    pub fn with_recommend(mut self, recommend: impl Into<String>) -> Self {
        self.recommend = Some(recommend.into());
        self
    }

    /// The envelope in `format`: a flat JSON object, or
    /// `<?xml version='1.0' encoding='UTF-8'?><Error>…</Error>`, members in the order
    /// `RequestId`, `HostId`, `Code`, `Message`, `Recommend`, absent ones left out.
    pub fn to_bytes(&self, format: Format) -> Vec<u8> {
        let members = [
            ("RequestId", self.request_id.as_deref()),
            ("HostId", self.host_id.as_deref()),
            ("Code", Some(self.code.as_str())),
            ("Message", Some(self.message.as_str())),
            ("Recommend", self.recommend.as_deref()),
        ];
        match format {
            Format::Xml => {
                let mut out = String::from(xml::DECLARATION);
                out.push_str("<Error>");
                for (name, value) in members {
                    if let Some(value) = value {
                        xml::write_text_element(&mut out, name, value);
                    }
                }
                out.push_str("</Error>");
                out.into_bytes()
            }
            _ => {
                // Written by hand: `serde_json::Map` would sort the members.
                let mut out = String::from("{");
                for (name, value) in members {
                    if let Some(value) = value {
                        if out.len() > 1 {
                            out.push(',');
                        }
                        out.push('"');
                        out.push_str(name);
                        out.push_str("\":");
                        out.push_str(&Value::from(value).to_string());
                    }
                }
                out.push('}');
                out.into_bytes()
            }
        }
    }

    /// Reads an envelope in `format`. Both casings the official SDK reads are accepted
    /// (`Code`/`code`, `Message`/`message`, `RequestId`/`requestId`, ...), the capitalized
    /// one first; unknown members are skipped, and the root element's name is not checked.
    pub fn from_bytes(body: &[u8], format: Format, limits: &Limits) -> Result<Self, BodyError> {
        let map = match format {
            Format::Xml => xml::read_document(body, ENVELOPE_FIELDS, limits)?,
            _ => {
                let body = limits.checked_body(body)?;
                match serde_json::from_slice::<Value>(body) {
                    Ok(Value::Object(map)) => map,
                    Ok(other) => {
                        return Err(BodyError::Field {
                            field: String::new(),
                            message: format!(
                                "found {}, expected an object with Code and Message",
                                json_kind(&other)
                            ),
                        });
                    }
                    Err(error) => {
                        return Err(BodyError::Syntax {
                            format: Format::Json,
                            message: error.to_string(),
                        });
                    }
                }
            }
        };
        let member = |upper: &str, lower: &str| {
            [upper, lower]
                .iter()
                .find_map(|name| map.get(*name).and_then(scalar_text))
        };
        Ok(Self {
            request_id: member("RequestId", "requestId"),
            host_id: member("HostId", "hostId"),
            code: member("Code", "code").unwrap_or_default(),
            message: member("Message", "message").unwrap_or_default(),
            recommend: member("Recommend", "recommend"),
        })
    }
}

const fn text_field(name: &'static str) -> FieldDescription {
    FieldDescription::new(name, ValueKind::String, "")
}

/// The members of an error envelope, both casings.
static ENVELOPE_FIELDS: &[FieldDescription] = &[
    text_field("RequestId"),
    text_field("requestId"),
    text_field("HostId"),
    text_field("hostId"),
    text_field("Code"),
    text_field("code"),
    text_field("Message"),
    text_field("message"),
    text_field("Recommend"),
    text_field("recommend"),
];

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Encodes an error envelope as the service answers it: `status`, the body in `format`, and
/// that format's exact `content-type` (`application/json;charset=utf-8` or
/// `text/xml;charset=utf-8`).
pub fn encode_error(
    body: &ServiceErrorBody,
    format: Format,
    status: StatusCode,
) -> http::Response<Vec<u8>> {
    let mut response = http::Response::new(body.to_bytes(format));
    *response.status_mut() = status;
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    response
}

/// What kind of failure a service error is, which decides whether to retry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Flow control (`Throttling`, `Throttling.*`, or HTTP 429): retry after a while.
    Throttling,
    /// The request is at fault: fix it rather than retry.
    Client,
    /// The service failed (`InternalError`, `ServiceUnavailable`, or HTTP 5xx): retry.
    Server,
}

impl ErrorKind {
    /// Classifies by `Code` first and the HTTP status second, as the published status tables
    /// disagree while codes do not.
    pub fn classify(code: &str, status: StatusCode) -> Self {
        // A documented code: flow control, or by the status the gateway answers it with.
        if let Some(known) = ErrorCode::find(code) {
            return if known.is_throttling() {
                Self::Throttling
            } else if known.http_status >= 500 {
                Self::Server
            } else {
                Self::Client
            };
        }
        // Undocumented variants of the documented families.
        if code == "Throttling" || code.starts_with("Throttling.") {
            return Self::Throttling;
        }
        if code.ends_with(".InternalError") || code.starts_with("ServiceUnavailable.") {
            return Self::Server;
        }
        if status == StatusCode::TOO_MANY_REQUESTS {
            Self::Throttling
        } else if status.is_server_error() {
            Self::Server
        } else {
            Self::Client
        }
    }

    /// Whether the same request may succeed if sent again: throttling and server errors.
    pub const fn is_retryable(self) -> bool {
        matches!(self, Self::Throttling | Self::Server)
    }
}

/// A rate-limit hint, from the `x-ratelimit-user-api` or `x-ratelimit-user` header:
/// `Limit:100,Remain:0,TimeLeft:2000,Reset:1700000000000`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct RateLimit {
    /// `Limit`: calls allowed in the window.
    pub limit: Option<u64>,
    /// `Remain`: calls left in the window.
    pub remain: Option<u64>,
    /// `TimeLeft`: until the window ends (sent in milliseconds).
    pub time_left: Option<Duration>,
    /// `Reset`: when the window ends, as the service sends it (milliseconds since the epoch).
    pub reset: Option<u64>,
}

impl RateLimit {
    /// The headers that carry the hint, the more specific first.
    pub const HEADERS: [&'static str; 2] = ["x-ratelimit-user-api", "x-ratelimit-user"];

    /// Parses a header value; unknown keys and unparsable numbers are skipped, and `None`
    /// means no known key had a value.
    pub fn parse(value: &str) -> Option<Self> {
        let mut limit = Self::default();
        let mut any = false;
        for pair in value.split(',') {
            let Some((key, number)) = pair.split_once(':') else {
                continue;
            };
            let Ok(number) = number.trim().parse::<u64>() else {
                continue;
            };
            let slot = match key.trim() {
                "Limit" => &mut limit.limit,
                "Remain" => &mut limit.remain,
                "Reset" => &mut limit.reset,
                "TimeLeft" => {
                    limit.time_left = Some(Duration::from_millis(number));
                    any = true;
                    continue;
                }
                _ => continue,
            };
            *slot = Some(number);
            any = true;
        }
        any.then_some(limit)
    }

    /// The longest `TimeLeft` of the rate-limit headers in `headers`: both limits must
    /// allow the next call.
    pub fn retry_after(headers: &http::HeaderMap) -> Option<Duration> {
        Self::HEADERS
            .iter()
            .flat_map(|name| headers.get_all(*name))
            .filter_map(|value| value.to_str().ok())
            .filter_map(Self::parse)
            .filter_map(|limit| limit.time_left)
            .max()
    }
}

/// An error the service answered with: its HTTP status, its envelope, the retry-after time
/// from the rate-limit headers and its [`ErrorKind`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceError {
    status: StatusCode,
    body: ServiceErrorBody,
    retry_after: Option<Duration>,
    kind: ErrorKind,
    body_error: Option<BodyError>,
}

impl ServiceError {
    /// An error from its parts; the kind comes from [`ErrorKind::classify`].
    pub fn new(status: StatusCode, body: ServiceErrorBody, retry_after: Option<Duration>) -> Self {
        let kind = ErrorKind::classify(&body.code, status);
        Self {
            status,
            body,
            retry_after,
            kind,
            body_error: None,
        }
    }

    /// Reads an error response (status other than 2xx). A body that is no envelope (a
    /// proxy's HTML page, say) gives an empty code, the body's start as the message, and
    /// [`ServiceError::body_error`] saying why.
    pub fn from_response<B: AsRef<[u8]>>(response: &http::Response<B>, limits: &Limits) -> Self {
        let bytes = response.body().as_ref();
        let retry_after = RateLimit::retry_after(response.headers());
        let parsed = match crate::format::body_format(response.headers(), bytes) {
            Some(format) => ServiceErrorBody::from_bytes(bytes, format, limits),
            None => Err(crate::response::unknown_format(response.headers(), bytes)),
        };
        match parsed {
            Ok(body) => Self::new(response.status(), body, retry_after),
            Err(error) => {
                let head = &bytes[..bytes.len().min(200)];
                let body = ServiceErrorBody::new("", String::from_utf8_lossy(head).trim());
                let mut service_error = Self::new(response.status(), body, retry_after);
                service_error.body_error = Some(error);
                service_error
            }
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// `Code`, e.g. `Throttling.User`; empty when the body had none.
    pub fn code(&self) -> &str {
        &self.body.code
    }

    /// `Message`.
    pub fn message(&self) -> &str {
        &self.body.message
    }

    /// `RequestId`, to quote to support.
    pub fn request_id(&self) -> Option<&str> {
        self.body.request_id.as_deref()
    }

    /// `HostId`.
    pub fn host_id(&self) -> Option<&str> {
        self.body.host_id.as_deref()
    }

    /// `Recommend`: a troubleshooting URL.
    pub fn recommend(&self) -> Option<&str> {
        self.body.recommend.as_deref()
    }

    /// The whole envelope.
    pub fn body(&self) -> &ServiceErrorBody {
        &self.body
    }

    /// How long to wait before retrying: `TimeLeft` of the rate-limit headers.
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }

    /// Throttling, client or server.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// Whether sending the same request again may succeed.
    pub fn is_retryable(&self) -> bool {
        self.kind.is_retryable()
    }

    /// Why the body was not an error envelope, if it was not.
    pub fn body_error(&self) -> Option<&BodyError> {
        self.body_error.as_ref()
    }
}

impl std::fmt::Display for ServiceError {
    /// `400 SignatureDoesNotMatch: Specified signature ... (RequestId ...)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "HTTP {} {}: {}",
            self.status.as_u16(),
            self.body.code,
            self.body.message
        )?;
        if let Some(id) = &self.body.request_id {
            write!(f, " (RequestId {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ServiceError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.body_error.as_ref().map(|error| error as _)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_by_code_then_status() {
        let classify =
            |code, status: u16| ErrorKind::classify(code, StatusCode::from_u16(status).unwrap());
        assert_eq!(classify("Throttling.User", 400), ErrorKind::Throttling);
        assert_eq!(classify("Throttling.Api", 503), ErrorKind::Throttling);
        assert_eq!(classify("Throttling", 400), ErrorKind::Throttling);
        assert_eq!(classify("ThrottlingX", 400), ErrorKind::Client);
        assert_eq!(classify("InternalError", 400), ErrorKind::Server);
        assert_eq!(classify("ServiceUnavailable", 503), ErrorKind::Server);
        assert_eq!(classify("SignatureDoesNotMatch", 500), ErrorKind::Client);
        assert_eq!(
            classify("EntityNotExists.Directory", 404),
            ErrorKind::Client
        );
        assert_eq!(classify("Whatever", 429), ErrorKind::Throttling);
        assert_eq!(classify("", 502), ErrorKind::Server);
        assert!(ErrorKind::Throttling.is_retryable());
        assert!(ErrorKind::Server.is_retryable());
        assert!(!ErrorKind::Client.is_retryable());
    }

    #[test]
    fn parses_the_rate_limit_header() {
        let limit =
            RateLimit::parse("Limit:100,Remain:0,TimeLeft:2000,Reset:1700000000000").unwrap();
        assert_eq!(limit.limit, Some(100));
        assert_eq!(limit.remain, Some(0));
        assert_eq!(limit.time_left, Some(Duration::from_millis(2000)));
        assert_eq!(limit.reset, Some(1_700_000_000_000));
        assert_eq!(
            RateLimit::parse(" TimeLeft : 5 , Odd:x").unwrap().time_left,
            Some(Duration::from_millis(5))
        );
        assert_eq!(RateLimit::parse("garbage"), None);
        assert_eq!(RateLimit::parse("TimeLeft:-1"), None);

        let mut headers = http::HeaderMap::new();
        headers.insert(
            "x-ratelimit-user",
            HeaderValue::from_static("TimeLeft:3000"),
        );
        headers.insert(
            "x-ratelimit-user-api",
            HeaderValue::from_static("Limit:100,Remain:0,TimeLeft:2000"),
        );
        assert_eq!(
            RateLimit::retry_after(&headers),
            Some(Duration::from_secs(3))
        );
        assert_eq!(RateLimit::retry_after(&http::HeaderMap::new()), None);
    }

    #[test]
    fn a_body_that_is_no_envelope_still_gives_an_error() {
        let response = http::Response::builder()
            .status(502)
            .header(CONTENT_TYPE, "text/html")
            .body(b"<html>Bad Gateway</html".to_vec())
            .unwrap();
        let error = ServiceError::from_response(&response, &Limits::DEFAULT);
        assert_eq!(error.code(), "");
        assert_eq!(error.kind(), ErrorKind::Server);
        assert!(error.message().contains("Bad Gateway"));
        assert!(error.body_error().is_some());
    }

    #[test]
    fn envelope_round_trips_in_both_formats() {
        let body = ServiceErrorBody::from_error_code(ErrorCode::SIGNATURE_DOES_NOT_MATCH)
            .with_request_id("R<&>")
            .with_host_id("cloudsso.cn-shanghai.aliyuncs.com")
            .with_recommend("https://example.invalid/?a=1&b=2");
        for format in [Format::Json, Format::Xml] {
            let bytes = body.to_bytes(format);
            assert_eq!(
                ServiceErrorBody::from_bytes(&bytes, format, &Limits::DEFAULT).unwrap(),
                body
            );
        }
    }
}
