//! Generates the Rust of `cloudsso-model` from the checked-in API description,
//! `api/cloudsso-2021-05-15.json` (its format is documented in `api/README.md`).
//!
//! [`api::ApiDescription`] reads and validates the description; [`generate::generate`]
//! turns it into the model's generated files, formatted with `rustfmt`, in memory; the
//! binary (`cargo run -p cloudsso-codegen`) writes them. A test regenerates in memory and
//! compares with the checked-in files.

pub mod api;
pub mod generate;
pub mod names;

use std::path::{Path, PathBuf};

/// The description's path, relative to the workspace root.
pub const API_PATH: &str = "api/cloudsso-2021-05-15.json";

/// The workspace root (two levels above this crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}
