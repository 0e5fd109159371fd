//! The pages' HTML: escaping, the layout every page shares, forms with their CSRF field,
//! and the headers that keep pages out of caches and frames. Plain HTML that works
//! without JavaScript (the pages carry none: the content security policy forbids it).

use http::{HeaderValue, StatusCode, header};

/// `text` with `& < > " '` escaped, for element content and quoted attributes.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;\
padding:0 1rem;line-height:1.5;color:#1a1a1a}h1{font-size:1.5rem}label{display:block;\
margin-top:.75rem;font-weight:600}input[type=text],input[type=password]{width:100%;\
padding:.4rem;font-size:1rem;box-sizing:border-box}button{margin-top:1rem;padding:.4rem 1rem;\
font-size:1rem}.alert{border:1px solid #b00;background:#fee;padding:.5rem}.note{border:1px \
solid #06c;background:#eef5ff;padding:.5rem}code{word-break:break-all}table{border-collapse:\
collapse}td,th{border:1px solid #999;padding:.25rem .5rem;text-align:left}";

/// A whole page: `title` (already plain text) and `body` (already HTML), with an optional
/// alert shown above the body.
pub(crate) fn page(
    status: StatusCode,
    title: &str,
    alert: Option<&str>,
    body: &str,
) -> http::Response<Vec<u8>> {
    let alert = alert
        .map(|a| {
            format!(
                "<p class=\"alert\" role=\"alert\" id=\"error\">{}</p>",
                escape(a)
            )
        })
        .unwrap_or_default();
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} - CloudSSO user portal (emulator)</title><style>{STYLE}</style></head>\
         <body><header><p>CloudSSO user portal <small>(cloudsso emulator)</small></p></header>\
         <main><h1>{title}</h1>{alert}{body}</main></body></html>\n",
        title = escape(title),
    );
    let mut response = http::Response::new(html.into_bytes());
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    secure_headers(headers);
    response
}

/// `303 See Other` to `location` (a path of the portal).
pub(crate) fn redirect(location: &str) -> http::Response<Vec<u8>> {
    let mut response = http::Response::new(Vec::new());
    *response.status_mut() = StatusCode::SEE_OTHER;
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    secure_headers(response.headers_mut());
    response
}

fn secure_headers(headers: &mut http::HeaderMap) {
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; \
             frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
}

/// A text or password input with its label.
pub(crate) fn input(id: &str, label: &str, kind: &str, autocomplete: &str, value: &str) -> String {
    format!(
        "<label for=\"{id}\">{label}</label><input type=\"{kind}\" id=\"{id}\" name=\"{id}\" \
         autocomplete=\"{autocomplete}\" value=\"{value}\" required>",
        label = escape(label),
        value = escape(value),
    )
}

/// A POST form to `action` with the CSRF token and the `step` it carries, `fields`
/// (already HTML), and one submit button per `(step value, label)` of `buttons` (a `skip…`
/// step skips the browser's validation of required fields).
pub(crate) fn form(action: &str, csrf: &str, fields: &str, buttons: &[(&str, &str)]) -> String {
    let buttons: String = buttons
        .iter()
        .map(|(step, label)| {
            format!(
                "<button type=\"submit\" name=\"step\" value=\"{}\" id=\"submit-{}\"{}>{}</button> ",
                escape(step),
                escape(step),
                // Skipping sends no field: the browser must not ask for the required ones.
                if step.starts_with("skip") { " formnovalidate" } else { "" },
                escape(label)
            )
        })
        .collect();
    format!(
        "<form method=\"post\" action=\"{}\"><input type=\"hidden\" name=\"csrf\" \
         value=\"{}\">{fields}<div>{buttons}</div></form>",
        escape(action),
        escape(csrf),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
