//! `cargo run -p cloudsso-codegen`: regenerates the model's Rust from the API description.
//!
//! Reads `api/cloudsso-2021-05-15.json`, validates it, writes `crates/cloudsso-model/src/types.rs`
//! and `crates/cloudsso-model/src/operations/*.rs` (formatted with rustfmt), and removes
//! generated operation files that no longer belong to an operation.

use std::path::Path;
use std::process::ExitCode;

use cloudsso_codegen::generate::{MODEL_SRC, generate};
use cloudsso_codegen::{load_api, stale_files, workspace_root};

fn main() -> ExitCode {
    match run(&workspace_root()) {
        Ok(count) => {
            println!("cloudsso-codegen: wrote {count} files under {MODEL_SRC}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("cloudsso-codegen: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(root: &Path) -> Result<usize, String> {
    let api = load_api(root).map_err(|error| error.to_string())?;
    let files = generate(&api).map_err(|error| error.to_string())?;
    for file in &files {
        let target = root.join(&file.path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|error| format!("creating {}: {error}", parent.display()))?;
        }
        std::fs::write(&target, &file.contents)
            .map_err(|error| format!("writing {}: {error}", target.display()))?;
    }
    // Remove stale generated operation files (only files carrying the generated header).
    let stale = stale_files(root, &files)
        .map_err(|error| format!("listing {MODEL_SRC}/operations: {error}"))?;
    for path in stale {
        std::fs::remove_file(root.join(&path))
            .map_err(|error| format!("removing {path}: {error}"))?;
    }
    Ok(files.len())
}
