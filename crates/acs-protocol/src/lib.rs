//! Alibaba Cloud OpenAPI protocol types shared by the signer, the codec and the service models.
//!
//! Nothing in this crate knows a particular product: it holds what every Alibaba Cloud API
//! has in common, so that the signer ([`acs-signer`]) can depend on it without depending on
//! CloudSSO, and the CloudSSO model and codec can describe their operations in its terms.
//!
//! - [`encoding`]: RFC 3986 percent-encoding and `application/x-www-form-urlencoded` parsing,
//!   the one implementation that both the signatures and the codec use.
//! - [`Credentials`] and [`Secret`]: access keys whose secret never shows in `Debug`.
//! - [`SigningAlgorithm`] and [`SignatureVersion`]: the signature schemes, by their wire names.
//! - [`Format`]: the response formats, JSON and XML.
//! - [`operation`]: the machine-readable description of an operation (action, version, method,
//!   parameters with their locations and types), the [`Operation`] trait that ties a
//!   description to its request and response types, and [`Paginated`] for the operations
//!   that page by `NextToken`.
//! - [`ErrorCode`]: the gateway error codes with their HTTP status and message.
//!
//! [`acs-signer`]: https://docs.rs/acs-signer

mod credentials;
pub mod encoding;
mod error_code;
mod format;
pub mod operation;
mod signature;

pub use credentials::{Credentials, Secret};
pub use error_code::ErrorCode;
pub use format::{Format, ParseFormatError};
pub use operation::{
    Api, Auth, Operation, OperationRequest, OperationVisitor, Paginated, PaginatedVisitor,
};
pub use signature::{ParseSigningAlgorithmError, SignatureVersion, SigningAlgorithm};
