//! Signed requests for the emulator's tests.
#![allow(dead_code, unreachable_pub, clippy::unwrap_used, clippy::expect_used)]

use std::time::SystemTime;

use acs_protocol::encoding::percent_encode;
use acs_protocol::{Credentials, Format, SigningAlgorithm};
use acs_signer::{FormatParameter, SigningParams, SigningSettings};
use bytes::Bytes;

pub const SET: &str = "SetMFAAuthenticationStatus";
pub const GET: &str = "GetMFAAuthenticationSettingInfo";
pub const DIRECTORY: &str = "d-00fc2p61****";

/// A request of `action` with `params` in the query, signed with `algorithm` at `now`.
pub fn signed(
    credentials: &Credentials,
    action: &str,
    params: &[(&str, &str)],
    algorithm: SigningAlgorithm,
    format: Format,
    now: SystemTime,
) -> http::Request<Bytes> {
    let query: Vec<String> = params
        .iter()
        .map(|(n, v)| format!("{}={}", percent_encode(n), percent_encode(v)))
        .collect();
    let uri = format!("http://127.0.0.1/?{}", query.join("&"));
    let mut request = http::Request::post(uri)
        .header("accept", acs_codec::accept_header(format))
        .body(Vec::new())
        .unwrap();
    let mut settings = SigningSettings::default();
    settings.format_parameter = FormatParameter::from(format);
    let params = SigningParams::builder()
        .credentials(credentials)
        .algorithm(algorithm)
        .action(action)
        .version("2021-05-15")
        .time(now)
        .settings(settings)
        .build()
        .unwrap();
    acs_signer::sign(&mut request, &params).unwrap();
    request.map(Bytes::from)
}

/// The `Code` of an error body in either format.
pub fn code_of(response: &http::Response<Vec<u8>>) -> String {
    let body = String::from_utf8_lossy(response.body()).into_owned();
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(&body) {
        return value["Code"].as_str().unwrap_or_default().to_owned();
    }
    body.split("<Code>")
        .nth(1)
        .and_then(|rest| rest.split("</Code>").next())
        .unwrap_or_default()
        .to_owned()
}

pub fn json(response: &http::Response<Vec<u8>>) -> serde_json::Value {
    serde_json::from_slice(response.body()).unwrap()
}

/// The rows of `table` in the state database at `path`, read as the `sqlite3` shell would:
/// `(account, key, body)`.
pub fn sqlite_rows(
    path: &std::path::Path,
    table: &str,
) -> Vec<(String, String, serde_json::Value)> {
    let connection =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let mut statement = connection
        .prepare(&format!(
            "SELECT account, key, body FROM {table} ORDER BY account, key"
        ))
        .unwrap();
    statement
        .query_map([], |row| {
            let body: String = row.get(2)?;
            Ok((
                row.get(0)?,
                row.get(1)?,
                serde_json::from_str(&body).unwrap(),
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
}
