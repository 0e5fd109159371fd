//! The wire model of Alibaba Cloud CloudSSO, API version `2021-05-15`.
//!
//! Every operation has a marker type implementing [`acs_protocol::Operation`], which ties
//! together its typed request, its typed response and its [`OperationDescription`]: the
//! action, version, method and, for each parameter, its wire name, location, type, whether it
//! is required and its documented values. The codec, the signer's callers, the CLI and the
//! emulator all read that one description, so an operation is added in this crate alone.
//!
//! All 87 operations, their types and their descriptions are generated (by
//! `cargo run -p cloudsso-codegen`) from the checked-in API description
//! `api/cloudsso-2021-05-15.json`, documented in `api/README.md`; `types.rs` and
//! `operations/` are not edited by hand.
//!
//! The types keep the service's wire names exactly, inconsistent casing included
//! (`MFAAuthenticationStatus` beside `MfaAuthenticationAdvanceSettings`), through serde
//! renames; Rust names are idiomatic.
//!
//! - Requests are built with builders that fail with a [`BuildError`] naming the field.
//! - Responses have every field optional, and unknown fields are ignored.
//! - Every enum is open: known values plus `Unknown`, which keeps a value this version does
//!   not know so that it decodes today and is re-sent unchanged.
//! - The list operations that page by `NextToken` implement [`acs_protocol::Paginated`], and
//!   [`visit_paginated_operation`] dispatches over them by action.
//! - [`schema`] gives the JSON Schema of every request and response.
//! - With the `proptest` feature, every type implements `proptest::arbitrary::Arbitrary`.
//!
//! ```
//! use cloudsso_model::{MfaAuthenticationStatus, SetMfaAuthenticationStatusRequest};
//!
//! let request = SetMfaAuthenticationStatusRequest::builder()
//!     .directory_id("d-00fc2p61****")
//!     .mfa_authentication_status(MfaAuthenticationStatus::Enabled)
//!     .build()?;
//! assert_eq!(request.directory_id.as_str(), "d-00fc2p61****");
//! # Ok::<(), cloudsso_model::BuildError>(())
//! ```

// The doc comments of the generated types are the vendor's text, kept verbatim because they
// are also the descriptions of the JSON Schemas; its `<Attribute>`-style placeholders and
// bare URLs are not HTML or links.
#![allow(rustdoc::invalid_html_tags, rustdoc::bare_urls)]

#[macro_use]
extern crate acs_model;

mod ids;
pub mod operations;
pub mod schema;
mod types;

pub use acs_model::{BuildError, InvalidValue, RequestId, UnknownValue};
pub use acs_protocol::operation::OperationDescription;
pub use ids::DirectoryId;
pub use operations::*;
pub use types::*;

/// The product code of CloudSSO in endpoints (`cloudsso.<region>.aliyuncs.com`).
pub const PRODUCT: &str = "cloudsso";

/// The API version this model describes.
pub const API_VERSION: &str = "2021-05-15";

/// CloudSSO's API as a type: the product code, the version and the operations by action,
/// for generic code such as `acs_codec::dispatch_request::<CloudSso, _, _>`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct CloudSso;

impl acs_protocol::Api for CloudSso {
    const PRODUCT: &'static str = PRODUCT;
    const VERSION: &'static str = API_VERSION;

    fn visit_operation<V: acs_protocol::OperationVisitor>(
        action: &str,
        visitor: V,
    ) -> Option<V::Output> {
        operations::visit_operation(action, visitor)
    }
}

#[cfg(test)]
mod tests {
    use crate::{BuildError, MfaAuthenticationStatus, SetMfaAuthenticationStatusRequest};

    #[test]
    fn builder_names_the_missing_field() {
        let error = SetMfaAuthenticationStatusRequest::builder()
            .mfa_authentication_status(MfaAuthenticationStatus::Enabled)
            .build()
            .unwrap_err();
        assert_eq!(
            error,
            BuildError::MissingField {
                field: "DirectoryId"
            }
        );
        assert_eq!(error.to_string(), "DirectoryId is required but was not set");
    }

    #[test]
    fn builder_names_the_invalid_value() {
        let error = SetMfaAuthenticationStatusRequest::builder()
            .directory_id("")
            .build()
            .unwrap_err();
        assert!(matches!(&error, BuildError::InvalidValue(v) if v.field == "DirectoryId"));
        assert!(error.to_string().starts_with("invalid DirectoryId ``"));
    }
}
