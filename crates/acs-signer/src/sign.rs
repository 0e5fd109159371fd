//! Signing, whichever the version: resolve the time and the nonce, then run V3 or V2.

use std::borrow::Cow;

use acs_protocol::SignatureVersion;

use crate::error::SigningError;
use crate::nonce::random_nonce;
use crate::output::SigningOutput;
use crate::request::SignableRequest;
use crate::signing_params::SigningParams;
use crate::time::SigningTime;
use crate::{v2, v3};

/// Computes the signature of `request` and what to add to it, without changing it.
///
/// The algorithm in `params` chooses V3 or V2. Without a fixed time the system clock is read;
/// without a fixed nonce a random one is drawn.
pub fn signing_output(
    request: &SignableRequest<'_>,
    params: &SigningParams<'_>,
) -> Result<SigningOutput, SigningError> {
    let time = match params.time {
        Some(time) => SigningTime::from_system_time(time)?,
        None => SigningTime::now()?,
    };
    let nonce = match params.nonce {
        Some(nonce) => Cow::Borrowed(nonce),
        None => Cow::Owned(random_nonce()?),
    };
    match params.algorithm.signature_version() {
        SignatureVersion::V3 => v3::sign::sign(request, params, time, &nonce),
        SignatureVersion::V2 => v2::sign::sign(request, params, time, &nonce),
        _ => Err(SigningError::UnsupportedAlgorithm(
            params.algorithm.as_str().to_owned(),
        )),
    }
}

/// Signs `request` in place and returns what was done, with the intermediate steps.
///
/// Atomic: on error the request is untouched.
///
/// ```
/// use acs_protocol::Credentials;
/// use acs_signer::SigningParams;
///
/// let credentials = Credentials::new("YourAccessKeyId", "YourAccessKeySecret");
/// let params = SigningParams::builder()
///     .credentials(&credentials)
///     .action("GetMFAAuthenticationSettingInfo")
///     .version("2021-05-15")
///     .build()?;
/// let mut request = http::Request::post(
///     "https://cloudsso.cn-shanghai.aliyuncs.com/?DirectoryId=d-00fc2p61****",
/// )
/// .body(Vec::new())?;
/// let output = acs_signer::sign(&mut request, &params)?;
/// assert_eq!(
///     request.headers()["authorization"].to_str()?,
///     output.authorization().unwrap_or_default(),
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn sign<B: AsRef<[u8]>>(
    request: &mut http::Request<B>,
    params: &SigningParams<'_>,
) -> Result<SigningOutput, SigningError> {
    let output = signing_output(&SignableRequest::from_request(request), params)?;
    output.apply_to_request(request)?;
    Ok(output)
}
