//! Regenerating the model in memory yields exactly the checked-in files: the Rust in
//! `cloudsso-model` is what the description says, nothing edited by hand.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use cloudsso_codegen::api::ApiDescription;
use cloudsso_codegen::generate::{HEADER, MODEL_SRC, generate};
use cloudsso_codegen::{API_PATH, workspace_root};

#[test]
fn the_checked_in_model_is_what_the_generator_writes() {
    let root = workspace_root();
    let text = std::fs::read_to_string(root.join(API_PATH)).unwrap();
    let api = ApiDescription::from_json(&text).unwrap();
    let files = generate(&api).unwrap();
    assert_eq!(files.len(), api.operations.len() + 2);
    let mut differ = Vec::new();
    for file in &files {
        match std::fs::read_to_string(root.join(&file.path)) {
            Ok(checked_in) if checked_in == file.contents => {}
            Ok(_) => differ.push(format!("{} differs", file.path)),
            Err(error) => differ.push(format!("{} is missing: {error}", file.path)),
        }
    }
    // No generated operation file is left over from an operation that is gone.
    let dir = root.join(MODEL_SRC).join("operations");
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = format!(
            "{MODEL_SRC}/operations/{}",
            entry.file_name().to_string_lossy()
        );
        let generated = std::fs::read_to_string(entry.path())
            .unwrap()
            .starts_with(HEADER);
        if generated && !files.iter().any(|f| f.path == path) {
            differ.push(format!("{path} is generated but belongs to no operation"));
        }
    }
    assert!(
        differ.is_empty(),
        "regenerate with `cargo run -p cloudsso-codegen`:\n{}",
        differ.join("\n")
    );
}

/// The generator's output changes with the description (the test above can fail).
#[test]
fn a_changed_description_changes_the_output() {
    let text = std::fs::read_to_string(workspace_root().join(API_PATH)).unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let set = value["operations"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|o| o["action"] == "SetMFAAuthenticationStatus")
        .unwrap();
    set["parameters"][0]["description"] = "Changed.".into();
    let api: ApiDescription = serde_json::from_value(value).unwrap();
    let files = generate(&api).unwrap();
    let file = files
        .iter()
        .find(|f| f.path.ends_with("/set_mfa_authentication_status.rs"))
        .unwrap();
    assert!(file.contents.contains("\"Changed.\""));
    assert!(file.contents.starts_with(HEADER));
}

/// An invalid description is refused with the problems named.
#[test]
fn an_invalid_description_is_refused() {
    let text = std::fs::read_to_string(workspace_root().join(API_PATH)).unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    value["types"][0]["fields"][0]["type"] = "object".into();
    let api: ApiDescription = serde_json::from_value(value).unwrap();
    let error = generate(&api).unwrap_err().to_string();
    assert!(error.contains("an object without ref"), "{error}");
}
