//! `cargo run -p cloudsso-codegen`: regenerates every product's Rust from its API description.
//!
//! For each product of `PRODUCTS` (CloudSSO, STS): reads `api/<product>-<version>.json`,
//! validates it, writes the model's `types.rs` and `operations/*.rs` and the client's
//! generated files (formatted with rustfmt), and removes generated operation files that no
//! longer belong to an operation.

use std::path::Path;
use std::process::ExitCode;

use cloudsso_codegen::generate::generate;
use cloudsso_codegen::{PRODUCTS, Product, load_product_api, stale_files, workspace_root};

fn main() -> ExitCode {
    let root = workspace_root();
    for product in PRODUCTS {
        match run(&root, product) {
            Ok(count) => println!("cloudsso-codegen: wrote {count} files from {}", product.api),
            Err(message) => {
                eprintln!("cloudsso-codegen: {}: {message}", product.api);
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}

fn run(root: &Path, product: &Product) -> Result<usize, String> {
    let api = load_product_api(root, product).map_err(|error| error.to_string())?;
    let files = generate(product, &api).map_err(|error| error.to_string())?;
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
    let stale = stale_files(root, product, &files)
        .map_err(|error| format!("listing {}/operations: {error}", product.model_src))?;
    for path in stale {
        std::fs::remove_file(root.join(&path))
            .map_err(|error| format!("removing {path}: {error}"))?;
    }
    Ok(files.len())
}
