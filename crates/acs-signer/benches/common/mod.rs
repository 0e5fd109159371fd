//! What the benches and the `repeat` example share: the request, its signing parameters and
//! the floors, the bare primitives over the same bytes.

use std::time::{Duration, UNIX_EPOCH};

use acs_protocol::{Credentials, SigningAlgorithm};
use acs_signer::SigningParams;
use base64::Engine as _;
use bytes::Bytes;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// The request of every case: `SetMFAAuthenticationStatus` with its two parameters.
pub(crate) const URL: &str = "https://cloudsso.cn-shanghai.aliyuncs.com/?DirectoryId=d-00fc2p61****&MFAAuthenticationStatus=Enabled";

/// A new unsigned `POST` of [`URL`].
pub(crate) fn request() -> http::Request<Vec<u8>> {
    http::Request::post(URL).body(Vec::new()).expect("request")
}

/// The signing parameters of every case, with a fixed time and nonce.
pub(crate) fn params(credentials: &Credentials, algorithm: SigningAlgorithm) -> SigningParams<'_> {
    SigningParams::builder()
        .credentials(credentials)
        .algorithm(algorithm)
        .action("SetMFAAuthenticationStatus")
        .version("2021-05-15")
        .time(time())
        .nonce("c1e2a7d0b5f84c3e9a6d1f0b2e4c6a8d")
        .build()
        .expect("params")
}

/// The V3 floor: SHA-256 of the canonical request, HMAC-SHA256 of the string to sign, hex.
pub(crate) fn v3_floor(canonical: &str) -> String {
    let hash = hex::encode(Sha256::digest(canonical.as_bytes()));
    let string_to_sign = format!("ACS3-HMAC-SHA256\n{hash}");
    let mut mac = Hmac::<Sha256>::new_from_slice(b"YourAccessKeySecret").expect("key");
    mac.update(string_to_sign.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// The V3 floor with nothing allocated: the string to sign and both hex digests on the stack.
pub(crate) fn v3_floor_on_stack(canonical: &str) -> [u8; 64] {
    const PREFIX: &[u8] = b"ACS3-HMAC-SHA256\n";
    let mut string_to_sign = [0_u8; PREFIX.len() + 64];
    string_to_sign[..PREFIX.len()].copy_from_slice(PREFIX);
    hex::encode_to_slice(
        Sha256::digest(canonical.as_bytes()),
        &mut string_to_sign[PREFIX.len()..],
    )
    .expect("hex");
    let mut mac = Hmac::<Sha256>::new_from_slice(b"YourAccessKeySecret").expect("key");
    mac.update(&string_to_sign);
    let mut signature = [0_u8; 64];
    hex::encode_to_slice(mac.finalize().into_bytes(), &mut signature).expect("hex");
    signature
}

/// What a V3 signer that sets its headers on an `http::Request` does at the least, all of
/// it known beforehand: no parsing, sorting, encoding or formatting.
pub(crate) struct V3Least {
    /// The canonical request, as the signer wrote it.
    canonical_request: String,
    /// The headers the signer set but `Authorization`, with their values.
    headers: Vec<(http::HeaderName, String)>,
    /// `Authorization` up to its signature.
    authorization: String,
}

impl V3Least {
    /// The parts of `output`, the signing of a request.
    pub(crate) fn new(output: &acs_signer::SigningOutput) -> Self {
        let authorization = output.authorization().expect("a V3 output");
        let headers = output.instructions().headers().iter();
        Self {
            canonical_request: output.canonical_request().to_owned(),
            headers: headers
                .filter(|(name, _)| name != http::header::AUTHORIZATION)
                .map(|(name, value)| (name.clone(), value.to_str().expect("text").to_owned()))
                .collect(),
            authorization: authorization
                .strip_suffix(output.signature())
                .expect("the signature ends it")
                .to_owned(),
        }
    }

    /// Writes the canonical request, signs it as [`v3_floor_on_stack`] does, writes the
    /// header values and `Authorization` into one buffer, and inserts them into `request`.
    pub(crate) fn sign(&self, request: &mut http::Request<Vec<u8>>) -> String {
        let mut canonical_request = String::with_capacity(self.canonical_request.len());
        canonical_request.push_str(&self.canonical_request);
        let signature = v3_floor_on_stack(&canonical_request);
        let mut values = String::with_capacity(512);
        let mut ranges = Vec::with_capacity(self.headers.len() + 1);
        for (_, value) in &self.headers {
            let start = values.len();
            values.push_str(value);
            ranges.push(start..values.len());
        }
        let start = values.len();
        values.push_str(&self.authorization);
        values.push_str(std::str::from_utf8(&signature).expect("hex"));
        ranges.push(start..values.len());
        let values = Bytes::from(values);
        let names = self.headers.iter().map(|(name, _)| name.clone());
        let names = names.chain([http::header::AUTHORIZATION]);
        let map = request.headers_mut();
        map.reserve(ranges.len());
        for (name, range) in names.zip(ranges) {
            let value = http::HeaderValue::from_maybe_shared(values.slice(range)).expect("value");
            map.insert(name, value);
        }
        canonical_request
    }
}

/// The V2 floor: HMAC-SHA1 of the string to sign, keyed with the secret and `&`, base64.
pub(crate) fn v2_floor(string_to_sign: &str) -> String {
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(b"YourAccessKeySecret&").expect("key");
    mac.update(string_to_sign.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// The signing time of every case: 2024-03-29T08:00:00Z.
pub(crate) fn time() -> std::time::SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_711_699_200)
}
