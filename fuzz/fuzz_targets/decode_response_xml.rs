//! Any bytes as an XML success body of each operation, as an XML error envelope, and as a
//! whole error response whose format is sniffed.
#![no_main]

use acs_protocol::Format;
use acs_codec::{Limits, ServiceError, ServiceErrorBody, decode_body};
use cloudsso_model::{GetMfaAuthenticationSettingInfo, SetMfaAuthenticationStatus};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = Limits::DEFAULT.with_max_xml_depth(16);
    let _ = decode_body::<GetMfaAuthenticationSettingInfo>(data, Format::Xml, &limits);
    let _ = decode_body::<SetMfaAuthenticationStatus>(data, Format::Xml, &limits);
    let _ = ServiceErrorBody::from_bytes(data, Format::Xml, &limits);
    let mut response = http::Response::new(data.to_vec());
    *response.status_mut() = http::StatusCode::BAD_REQUEST;
    let _ = ServiceError::from_response(&response, &limits);
});
