//! `cargo run -p cloudsso-codegen`: regenerates the model's Rust from the API description.
//!
//! Reads `api/cloudsso-2021-05-15.json`, validates it, writes `crates/cloudsso-model/src/types.rs`
//! and `crates/cloudsso-model/src/operations/*.rs` (formatted with rustfmt), and removes
//! generated operation files that no longer belong to an operation.

use std::path::Path;
use std::process::ExitCode;

use cloudsso_codegen::api::ApiDescription;
use cloudsso_codegen::generate::{HEADER, MODEL_SRC, generate};
use cloudsso_codegen::{API_PATH, workspace_root};

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
    let path = root.join(API_PATH);
    let text = std::fs::read_to_string(&path)
        .map_err(|error| format!("reading {}: {error}", path.display()))?;
    let api =
        ApiDescription::from_json(&text).map_err(|error| format!("{}: {error}", path.display()))?;
    let files = generate(&api).map_err(|error| error.to_string())?;
    let written: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
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
    let dir = root.join(MODEL_SRC).join("operations");
    let entries =
        std::fs::read_dir(&dir).map_err(|error| format!("listing {}: {error}", dir.display()))?;
    for entry in entries.flatten() {
        let relative = format!(
            "{MODEL_SRC}/operations/{}",
            entry.file_name().to_string_lossy()
        );
        let generated = std::fs::read_to_string(entry.path()).is_ok_and(|t| t.starts_with(HEADER));
        if generated && !written.contains(&relative) {
            std::fs::remove_file(entry.path())
                .map_err(|error| format!("removing {relative}: {error}"))?;
        }
    }
    Ok(files.len())
}
