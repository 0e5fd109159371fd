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

use api::ApiDescription;
use generate::{GeneratedFile, HEADER, MODEL_SRC};

/// The description's path, relative to the workspace root.
pub const API_PATH: &str = "api/cloudsso-2021-05-15.json";

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

/// Reads and parses the description under the workspace `root` (not yet validated: see
/// [`ApiDescription::problems`]).
pub fn load_api(root: &Path) -> Result<ApiDescription, LoadError> {
    let path = root.join(API_PATH);
    let text = std::fs::read_to_string(&path).map_err(|source| LoadError::Read {
        path: path.clone(),
        source,
    })?;
    ApiDescription::from_json(&text).map_err(|source| LoadError::Parse { path, source })
}

/// The generated operation files under the workspace `root` (those starting with
/// [`HEADER`]) that are not among `files`: left over from an operation that is gone.
/// Relative to the workspace root, with `/`, in name order.
pub fn stale_files(root: &Path, files: &[GeneratedFile]) -> std::io::Result<Vec<String>> {
    let dir = root.join(MODEL_SRC).join("operations");
    let mut stale = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if !entry.file_type()?.is_file() {
            continue;
        }
        let path = format!(
            "{MODEL_SRC}/operations/{}",
            entry.file_name().to_string_lossy()
        );
        let generated = std::fs::read(entry.path())?.starts_with(HEADER.as_bytes());
        if generated && !files.iter().any(|f| f.path == path) {
            stale.push(path);
        }
    }
    stale.sort();
    Ok(stale)
}
