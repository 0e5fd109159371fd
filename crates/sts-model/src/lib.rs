//! The wire model of Alibaba Cloud STS (Security Token Service), API version `2015-04-01`:
//! the operations that turn a role into temporary credentials, which the credential
//! providers send.
//!
//! - [`AssumeRole`]: a RAM role's temporary credentials, for a caller with an access key.
//! - [`AssumeRoleWithOidc`] (`AssumeRoleWithOIDC`): the same in exchange for an OIDC token (RRSA); sent anonymously
//!   (its description says [`acs_protocol::Auth::Anonymous`]).
//! - [`GetCallerIdentity`]: who the caller is.
//!
//! Generated, like `cloudsso-model`, by `cargo run -p cloudsso-codegen` from the checked-in
//! API description `api/sts-2015-04-01.json` (format in `api/README.md`); `types.rs` and
//! `operations/` are not edited by hand. Secrets (a response's `AccessKeySecret` and
//! `SecurityToken`, the request's `OIDCToken`) are [`acs_protocol::Secret`]s, which `Debug`
//! never shows.
//!
//! ```
//! use sts_model::AssumeRoleRequest;
//!
//! let request = AssumeRoleRequest::builder()
//!     .role_arn("acs:ram::123456789012****:role/adminrole")
//!     .role_session_name("alice")
//!     .duration_seconds(3600)
//!     .build()?;
//! assert_eq!(request.role_session_name, "alice");
//! # Ok::<(), sts_model::BuildError>(())
//! ```

#[macro_use]
extern crate acs_model;

pub mod operations;
mod types;

pub use acs_model::{BuildError, InvalidValue, RequestId, UnknownValue};
pub use acs_protocol::operation::OperationDescription;
pub use operations::*;
pub use types::*;

/// The product code of STS in endpoints (`sts.<region>.aliyuncs.com`).
pub const PRODUCT: &str = "sts";

/// The API version this model describes.
pub const API_VERSION: &str = "2015-04-01";

/// STS's API as a type: the product code, the version and the operations by action, for
/// generic code such as `acs_codec::dispatch_request::<Sts, _, _>` and the client runtime.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Sts;

impl acs_protocol::Api for Sts {
    const PRODUCT: &'static str = PRODUCT;
    const VERSION: &'static str = API_VERSION;

    fn visit_operation<V: acs_protocol::OperationVisitor>(
        action: &str,
        visitor: V,
    ) -> Option<V::Output> {
        operations::visit_operation(action, visitor)
    }
}
