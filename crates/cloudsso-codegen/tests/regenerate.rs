//! Regenerating every product in memory yields exactly the checked-in files: the Rust in
//! `cloudsso-model`, `sts-model` and their clients is what the descriptions say, nothing
//! edited by hand.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use cloudsso_codegen::api::ApiDescription;
use cloudsso_codegen::generate::{GENERATED_MARK, generate, header};
use cloudsso_codegen::{
    API_PATH, PRODUCTS, Product, load_product_api, stale_files, workspace_root,
};
use common::operation;

#[test]
fn the_checked_in_model_is_what_the_generator_writes() {
    let root = workspace_root();
    let mut differ = Vec::new();
    for product in PRODUCTS {
        let api = load_product_api(&root, product).unwrap();
        let files = generate(product, &api).unwrap();
        let tests = usize::from(product.builder_test.is_some());
        assert_eq!(
            files.len(),
            api.operations.len() + 3 + tests,
            "{}",
            product.api
        );
        for file in &files {
            match std::fs::read_to_string(root.join(&file.path)) {
                Ok(checked_in) if checked_in == file.contents => {}
                Ok(_) => differ.push(format!("{} differs", file.path)),
                Err(error) => differ.push(format!("{} is missing: {error}", file.path)),
            }
        }
        // No generated operation file is left over from an operation that is gone.
        for path in stale_files(&root, product, &files).unwrap() {
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
    let mut value = description_value();
    let set = operation(&mut value, "SetMFAAuthenticationStatus");
    set["parameters"][0]["description"] = "Changed.".into();
    let api: ApiDescription = serde_json::from_value(value).unwrap();
    let files = generate(&Product::CLOUDSSO, &api).unwrap();
    let file = files
        .iter()
        .find(|f| f.path.ends_with("/set_mfa_authentication_status.rs"))
        .unwrap();
    assert!(file.contents.contains("\"Changed.\""));
    assert!(file.contents.starts_with(&header(API_PATH, &api)));
    assert!(file.contents.starts_with(GENERATED_MARK));
}

/// An invalid description is refused with the problems named.
#[test]
fn an_invalid_description_is_refused() {
    let mut value = description_value();
    value["types"][0]["fields"][0]["type"] = "object".into();
    let api: ApiDescription = serde_json::from_value(value).unwrap();
    let error = generate(&Product::CLOUDSSO, &api).unwrap_err().to_string();
    assert!(error.contains("an object without ref"), "{error}");
}

/// Each description's product and API version are its model's `PRODUCT` and `API_VERSION`
/// (which every generated operation description refers to), read from its `lib.rs` as text:
/// the model does not depend on the generator, nor the generator on the model.
#[test]
fn the_description_is_of_the_models_product_and_version() {
    let root = workspace_root();
    for product in PRODUCTS {
        let api = load_product_api(&root, product).unwrap();
        let model_src = product.model_src;
        let lib = std::fs::read_to_string(root.join(model_src).join("lib.rs")).unwrap();
        let constant = |name: &str| {
            let prefix = format!("pub const {name}: &str = \"");
            let line = lib
                .lines()
                .find_map(|line| line.strip_prefix(prefix.as_str()))
                .unwrap_or_else(|| panic!("{model_src}/lib.rs has no `{prefix}...`"));
            line.strip_suffix("\";").unwrap().to_owned()
        };
        assert_eq!(api.product, constant("PRODUCT"));
        assert_eq!(api.api_version, constant("API_VERSION"));
        assert!(product.api.contains(&api.api_version), "{}", product.api);
        assert!(product.api.contains(&api.product), "{}", product.api);
    }
}

/// The STS description marks `AssumeRoleWithOIDC` anonymous and its secrets sensitive, and
/// the generated model says so.
#[test]
fn sts_anonymous_and_sensitive_members_reach_the_model() {
    let root = workspace_root();
    let api = load_product_api(&root, &Product::STS).unwrap();
    let files = generate(&Product::STS, &api).unwrap();
    let find = |suffix: &str| {
        &files
            .iter()
            .find(|f| f.path.ends_with(suffix))
            .unwrap()
            .contents
    };
    assert!(find("/assume_role_with_oidc.rs").contains(".anonymous()"));
    assert!(!find("/assume_role.rs").contains(".anonymous()"));
    assert!(find("/assume_role_with_oidc.rs").contains("pub oidc_token: acs_protocol::Secret,"));
    assert!(find("/types.rs").contains("pub access_key_secret: Option<acs_protocol::Secret>,"));
}

/// The checked-in description as JSON, to change in a test.
fn description_value() -> serde_json::Value {
    let text = std::fs::read_to_string(workspace_root().join(API_PATH)).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The `paginated!` list names every operation with `NextToken` in its request and its
/// response.
#[test]
fn the_paginated_list_follows_next_token() {
    let mut value = description_value();
    let list_groups = operation(&mut value, "ListGroups");
    list_groups["parameters"]
        .as_array_mut()
        .unwrap()
        .retain(|p| p["wire_name"] != "NextToken");
    let api: ApiDescription = serde_json::from_value(value).unwrap();
    let files = generate(&Product::CLOUDSSO, &api).unwrap();
    let operations = files
        .iter()
        .find(|f| f.path.ends_with("/operations/mod.rs"))
        .unwrap();
    let list = operations.contents.split("paginated! {\n").nth(1).unwrap();
    let entries: Vec<&str> = list.lines().take_while(|l| *l != "}").collect();
    assert_eq!(entries[0], "    ListUsers(users: crate::ListUsersUser),");
    assert_eq!(
        entries[1],
        "    ListGroupMembers(group_members: crate::GroupMember),"
    );
    assert_eq!(entries.len(), 9, "{entries:?}");
}
