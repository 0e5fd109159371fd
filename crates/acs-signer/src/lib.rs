//! Alibaba Cloud request signatures, signing and verifying, for any product's API.
//!
//! - **V3** (`ACS3-HMAC-SHA256`, the official SDKs' default; `ACS3-HMAC-SM3`;
//!   `ACS3-RSA-SHA256` with a PKCS#8 key): an `Authorization` header over a canonical
//!   request of method, path, query, the `host`/`content-type`/`x-acs-*` headers and the
//!   body's hash. See [`v3`] for the steps.
//! - **V2** (RPC `HMAC-SHA1`, `SignatureVersion=1.0`): a `Signature` parameter over the sorted
//!   parameters of the query and a form body. See [`v2`] for the steps.
//!
//! The crate is sans-IO. [`sign`] signs an [`http::Request`] in place, atomically (on error
//! the request is untouched); [`signing_output`] computes the same [`SigningOutput`] from a
//! borrowed [`SignableRequest`] without changing anything, for other request types. The
//! output shows every intermediate step (canonical request, string to sign, signature), none
//! of which contains the secret. Time and nonce are inputs of [`SigningParams`], defaulting to
//! the system clock and 128 random bits from the operating system.
//!
//! [`verify`] is the server side: given a received request, a [`KeyLookup`] from access key
//! ID to secret, the current time and a [`ReplayStore`], it accepts the request or says why
//! not with a [`VerificationError`] that maps to the service's error code.
//!
//! Nothing here knows a particular product: the action and version are strings, and the
//! shared protocol types ([`acs_protocol::Credentials`], [`acs_protocol::SigningAlgorithm`])
//! come from `acs-protocol`.
//!
//! ## Choices
//! - RustCrypto (`sha2`, `sm3`, `sha1`, `hmac`, `rsa`) for every primitive, one `digest`
//!   generation; `subtle` for constant-time comparison.
//! - The timestamp format is written and parsed here ([`SigningTime`]) rather than with a
//!   date library: it is fixed, strict and on the hot path.
//! - `rsa` 0.9 has a published timing advisory (RUSTSEC-2023-0071) about decryption; this
//!   crate only signs with the caller's own key locally and verifies with public keys, where
//!   no attacker observes private-key timings.
//!
//! ```
//! use std::time::{Duration, UNIX_EPOCH};
//! use acs_protocol::Credentials;
//! use acs_signer::SigningParams;
//!
//! // The published V3 example.
//! let credentials = Credentials::new("YourAccessKeyId", "YourAccessKeySecret");
//! let params = SigningParams::builder()
//!     .credentials(&credentials)
//!     .action("RunInstances")
//!     .version("2014-05-26")
//!     .time(UNIX_EPOCH + Duration::from_secs(1_698_315_752))
//!     .nonce("3156853299f313e23d1673dc12e1703d")
//!     .build()?;
//! let mut request = http::Request::post(
//!     "https://ecs.cn-shanghai.aliyuncs.com/\
//!      ?ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai",
//! )
//! .body(Vec::new())?;
//! let output = acs_signer::sign(&mut request, &params)?;
//! assert_eq!(
//!     output.signature(),
//!     "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod crypto;
mod error;
mod nonce;
mod output;
mod parameters;
mod request;
mod sign;
mod signing_params;
pub mod time;
pub mod v2;
pub mod v3;
mod verify;

pub use error::{BuildError, KeyError, SigningError};
pub use output::{QueryParam, SigningInstructions, SigningOutput};
pub use request::{SignableBody, SignableRequest};
pub use sign::{sign, signing_output};
pub use signing_params::{
    FormatParameter, SignedHeaders, SigningParams, SigningParamsBuilder, SigningSettings,
};
pub use time::{ParseTimeError, SigningTime, TimeOutOfRange};
pub use verify::{KeyLookup, ReplayStore, VerificationError, Verified, WINDOW, verify};
