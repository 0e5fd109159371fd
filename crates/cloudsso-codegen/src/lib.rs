//! Generates the Rust of every product's model (`cloudsso-model`, `sts-model`) and client
//! (`cloudsso`, `sts`) from the checked-in API descriptions in `api/` (their format is
//! documented in `api/README.md`); [`PRODUCTS`] lists them.
//!
//! [`api::ApiDescription`] reads and validates a description; [`generate::generate`] turns
//! it into the product's generated files, formatted with `rustfmt`, in memory; the binary
//! (`cargo run -p cloudsso-codegen`) writes them. A test regenerates in memory and compares
//! with the checked-in files.

pub mod api;
pub mod client;
pub mod generate;
pub mod names;

use std::path::{Path, PathBuf};

use api::ApiDescription;
use generate::{GENERATED_MARK, GeneratedFile};

/// A product the generator writes: where its description is read and where its Rust goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Product {
    /// The description's path, relative to the workspace root.
    pub api: &'static str,
    /// The model crate's `src`, relative to the workspace root.
    pub model_src: &'static str,
    /// The model crate's name as a Rust path (`cloudsso_model`), for the client's imports.
    pub model_crate: &'static str,
    /// The client crate's `src`, relative to the workspace root.
    pub client_src: &'static str,
    /// Where the test that sends every fluent builder to the emulator goes, for a product
    /// the emulator serves.
    pub builder_test: Option<&'static str>,
}

impl Product {
    /// CloudSSO 2021-05-15.
    pub const CLOUDSSO: Self = Self {
        api: "api/cloudsso-2021-05-15.json",
        model_src: "crates/cloudsso-model/src",
        model_crate: "cloudsso_model",
        client_src: "crates/cloudsso/src",
        builder_test: Some("crates/cloudsso/tests/every_builder.rs"),
    };

    /// STS 2015-04-01 (the operations the credential providers send).
    pub const STS: Self = Self {
        api: "api/sts-2015-04-01.json",
        model_src: "crates/sts-model/src",
        model_crate: "sts_model",
        client_src: "crates/sts/src",
        builder_test: None,
    };
}

/// Every product the generator writes.
pub const PRODUCTS: &[Product] = &[Product::CLOUDSSO, Product::STS];

/// CloudSSO's description's path, relative to the workspace root.
pub const API_PATH: &str = Product::CLOUDSSO.api;

/// The workspace root (two levels above this crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// Why the description could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("reading {}: {source}", .path.display())]
    Read {
        /// The description's path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not a description.
    #[error("{}: {source}", .path.display())]
    Parse {
        /// The description's path.
        path: PathBuf,
        /// What is wrong with the JSON.
        source: serde_json::Error,
    },
}

/// Reads and parses CloudSSO's description under the workspace `root` (not yet validated:
/// see [`ApiDescription::problems`]).
pub fn load_api(root: &Path) -> Result<ApiDescription, LoadError> {
    load_product_api(root, &Product::CLOUDSSO)
}

/// Reads and parses `product`'s description under the workspace `root` (not yet validated).
pub fn load_product_api(root: &Path, product: &Product) -> Result<ApiDescription, LoadError> {
    let path = root.join(product.api);
    let text = std::fs::read_to_string(&path).map_err(|source| LoadError::Read {
        path: path.clone(),
        source,
    })?;
    ApiDescription::from_json(&text).map_err(|source| LoadError::Parse { path, source })
}

/// The generated operation files of `product` under the workspace `root` (those starting
/// with [`GENERATED_MARK`]) that are not among `files`: left over from an operation that is
/// gone. Relative to the workspace root, with `/`, in name order.
pub fn stale_files(
    root: &Path,
    product: &Product,
    files: &[GeneratedFile],
) -> std::io::Result<Vec<String>> {
    let model_src = product.model_src;
    let dir = root.join(model_src).join("operations");
    let mut stale = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if !entry.file_type()?.is_file() {
            continue;
        }
        let path = format!(
            "{model_src}/operations/{}",
            entry.file_name().to_string_lossy()
        );
        let generated = std::fs::read(entry.path())?.starts_with(GENERATED_MARK.as_bytes());
        if generated && !files.iter().any(|f| f.path == path) {
            stale.push(path);
        }
    }
    stale.sort();
    Ok(stale)
}
