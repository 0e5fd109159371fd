//! `cargo run -p cloudsso-codegen`: validates the API description (generation follows).

use std::process::ExitCode;

use cloudsso_codegen::api::ApiDescription;
use cloudsso_codegen::{API_PATH, workspace_root};

fn main() -> ExitCode {
    let path = workspace_root().join(API_PATH);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("cloudsso-codegen: reading {}: {error}", path.display());
            return ExitCode::FAILURE;
        }
    };
    let api = match ApiDescription::from_json(&text) {
        Ok(api) => api,
        Err(error) => {
            eprintln!("cloudsso-codegen: {}: {error}", path.display());
            return ExitCode::FAILURE;
        }
    };
    let problems = api.problems();
    for problem in &problems {
        eprintln!("cloudsso-codegen: {}: {problem}", path.display());
    }
    if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
