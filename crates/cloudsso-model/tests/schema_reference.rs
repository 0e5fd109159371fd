//! The schema reference: every operation's description and JSON Schemas, as a reviewed
//! snapshot. A change to any wire name, type or rule shows up here.

use cloudsso_model::schema::{operation_schema, operation_schemas};
use cloudsso_model::{OPERATIONS, description};

#[test]
fn every_operation_has_a_schema_snapshot() {
    let schemas = operation_schemas();
    assert_eq!(schemas.len(), OPERATIONS.len());
    for schema in schemas {
        insta::assert_json_snapshot!(schema.description.action, schema);
    }
}

#[test]
fn request_schemas_require_what_the_descriptions_require() {
    for operation in OPERATIONS {
        let schema = operation_schema(operation.action).unwrap();
        let required: Vec<&str> = schema
            .request
            .get("required")
            .and_then(|r| r.as_array())
            .map(|r| r.iter().filter_map(|v| v.as_str()).collect())
            .unwrap_or_default();
        let described: Vec<&str> = operation
            .parameters
            .iter()
            .filter(|p| p.required)
            .map(|p| p.wire_name)
            .collect();
        assert_eq!(required, described, "{}", operation.action);
        let names: Vec<&str> = schema
            .request
            .get("properties")
            .and_then(|p| p.as_object())
            .map(|p| p.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let mut parameters: Vec<&str> = operation.parameters.iter().map(|p| p.wire_name).collect();
        parameters.sort_unstable();
        assert_eq!(names, parameters, "{}", operation.action);
    }
}

#[test]
fn actions_are_looked_up_exactly() {
    assert!(description("SetMFAAuthenticationStatus").is_some());
    assert!(description("setmfaauthenticationstatus").is_none());
    assert!(operation_schema("NoSuchAction").is_none());
}
