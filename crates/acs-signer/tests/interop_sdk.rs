//! Interop with Alibaba Cloud's official Python SDK (`alibabacloud-tea-openapi`).
//!
//! `.ci/interop-signer.sh` installs the SDK in a virtual environment, has
//! `interop/signer/generate.py` compute a few hundred signatures with the SDK's own request
//! path and signing functions, and runs this test with `ACS_INTEROP_CASES` naming the cases
//! file. Without the variable the test says it was skipped and passes.
//!
//! The checks, shared with `interop_node.rs`, are in `common/mod.rs`: our signer computes
//! every step as the SDK does (the SDK signs every header it sends but `Authorization`, our
//! `SignedHeaders::AllPresent`), our verifier accepts the SDK's requests, and the known
//! divergence of V3 parameter names that need encoding is exactly that.

#![allow(clippy::expect_used, clippy::panic)] // test helpers outside #[test] fns

mod common;

use acs_signer::SignedHeaders;

#[test]
fn official_sdk_signatures_match_ours_and_verify() {
    common::run(&common::Sdk {
        name: "the official Python SDK",
        test: "interop_sdk",
        cases_var: "ACS_INTEROP_CASES",
        script: ".ci/interop-signer.sh",
        signed_headers: SignedHeaders::AllPresent,
        // generate.py's COUNTS.
        minimum_per_kind: &[
            ("v3-client-ACS3-HMAC-SHA256", 160),
            ("v3-client-ACS3-HMAC-SM3", 60),
            ("v3-client-ACS3-RSA-SHA256", 24),
            ("v3-prepared", 30),
            ("v3-client-special-names", 24),
            ("v2-client", 160),
        ],
    });
}
