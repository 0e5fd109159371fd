//! Any bytes as a JSON success body of each operation, and as a JSON error envelope.
#![no_main]

use acs_protocol::Format;
use acs_codec::{Limits, ServiceErrorBody, decode_body};
use cloudsso_model::{GetMfaAuthenticationSettingInfo, SetMfaAuthenticationStatus};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = Limits::DEFAULT;
    let _ = decode_body::<GetMfaAuthenticationSettingInfo>(data, Format::Json, &limits);
    let _ = decode_body::<SetMfaAuthenticationStatus>(data, Format::Json, &limits);
    let _ = ServiceErrorBody::from_bytes(data, Format::Json, &limits);
});
