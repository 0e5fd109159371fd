//! Printing a request: as an HTTP/1.1 message, as JSON, or as a curl command line; and
//! printing a JSON value.

use serde_json::Value;

/// `value` as indented JSON (compact in the unlikely case it cannot be indented).
pub fn pretty_json(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}

/// The request line with the origin-form target, the headers and the body.
pub fn http_message(request: &http::Request<Vec<u8>>) -> String {
    let target = request.uri().path_and_query().map_or("/", |p| p.as_str());
    let mut out = format!("{} {target} HTTP/1.1\n", request.method());
    for (name, value) in request.headers() {
        out.push_str(name.as_str());
        out.push_str(": ");
        out.push_str(&String::from_utf8_lossy(value.as_bytes()));
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&String::from_utf8_lossy(request.body()));
    out
}

/// Exactly `{"method": "...", "url": "...", "headers": [["name", "value"], ...], "body": "..."}`.
pub fn json(request: &http::Request<Vec<u8>>) -> String {
    let string = |text: &str| Value::from(text).to_string();
    let headers: Vec<String> = request
        .headers()
        .iter()
        .map(|(name, value)| {
            format!(
                "[{}, {}]",
                string(name.as_str()),
                string(&String::from_utf8_lossy(value.as_bytes()))
            )
        })
        .collect();
    format!(
        "{{\"method\": {}, \"url\": {}, \"headers\": [{}], \"body\": {}}}",
        string(request.method().as_str()),
        string(&request.uri().to_string()),
        headers.join(", "),
        string(&String::from_utf8_lossy(request.body()))
    )
}

/// A curl command line that sends the request as it is.
pub fn curl(request: &http::Request<Vec<u8>>) -> String {
    let mut out = format!(
        "curl -X {} {}",
        request.method(),
        quote(&request.uri().to_string())
    );
    for (name, value) in request.headers() {
        out.push_str(" \\\n  -H ");
        out.push_str(&quote(&format!(
            "{}: {}",
            name,
            String::from_utf8_lossy(value.as_bytes())
        )));
    }
    if !request.body().is_empty() {
        out.push_str(" \\\n  --data-binary ");
        out.push_str(&quote(&String::from_utf8_lossy(request.body())));
    }
    out
}

/// Single-quotes `text` for a POSIX shell.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> http::Request<Vec<u8>> {
        http::Request::post("http://h/?a=%2A")
            .header("host", "h")
            .header("x-q", "it's")
            .body(b"k=v".to_vec())
            .unwrap()
    }

    #[test]
    fn json_has_exactly_the_documented_shape() {
        assert_eq!(
            json(&request()),
            r#"{"method": "POST", "url": "http://h/?a=%2A", "headers": [["host", "h"], ["x-q", "it's"]], "body": "k=v"}"#
        );
    }

    #[test]
    fn curl_quotes_for_the_shell() {
        let text = curl(&request());
        assert!(text.starts_with("curl -X POST 'http://h/?a=%2A'"), "{text}");
        assert!(text.contains(r"-H 'x-q: it'\''s'"), "{text}");
        assert!(text.ends_with("--data-binary 'k=v'"), "{text}");
    }

    #[test]
    fn http_uses_the_origin_form() {
        assert!(http_message(&request()).starts_with("POST /?a=%2A HTTP/1.1\nhost: h\n"));
    }
}
