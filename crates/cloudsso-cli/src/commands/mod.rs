//! One module per command.

pub mod call;
pub mod credentials;
pub mod decode;
pub mod demo;
pub mod login;
pub mod schema;
pub mod serve;
pub mod sign;

use acs_protocol::SigningAlgorithm;

use crate::cli::SignatureVersionArg;

/// The algorithm of a signature version: `ACS3-HMAC-SHA256` or `HMAC-SHA1`.
pub fn algorithm_of(version: Option<SignatureVersionArg>) -> SigningAlgorithm {
    match version {
        Some(SignatureVersionArg::V2) => SigningAlgorithm::HmacSha1,
        Some(SignatureVersionArg::V3) | None => SigningAlgorithm::Acs3HmacSha256,
    }
}
