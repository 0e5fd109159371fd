//! Every fact of the official Go SDK (`api/cloudsso-go-sdk-facts.json`, imported by
//! `tools/import-api`) is in the model: each summary in its operation's description, each
//! example in its parameter's or field's description and in the request's JSON Schema.
//! The counts say how many made it; the one left out is named with why
//! (`rejected_examples` in `api/overrides.json`).

#![allow(clippy::unwrap_used, clippy::panic)] // test helpers outside #[test] fns

use std::collections::BTreeSet;
use std::path::Path;

use acs_protocol::operation::{Example, FieldDescription, ValueKind};
use cloudsso_model::description;
use cloudsso_model::schema::operation_schema;
use serde_json::Value;

fn read(path: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    serde_json::from_str(&text).unwrap()
}

fn facts() -> Value {
    read("api/cloudsso-go-sdk-facts.json")
}

/// The Go SDK's example text as the JSON value of a member of `kind` (the import's rule:
/// integers as numbers, booleans as `true`/`false` whatever their case).
fn typed(text: &str, kind: &ValueKind) -> Value {
    match kind {
        ValueKind::Integer => Value::from(text.parse::<i64>().unwrap()),
        ValueKind::Boolean => Value::from(text.eq_ignore_ascii_case("true")),
        _ => Value::from(text),
    }
}

fn examples_of(examples: &[Example]) -> Vec<Value> {
    examples
        .iter()
        .map(|e| serde_json::to_value(e).unwrap())
        .collect()
}

fn go_examples(member: &Value) -> Vec<&str> {
    member["examples"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap())
        .collect()
}

/// The fields of a nested object, or of a list's object items.
fn nested_fields(kind: &ValueKind) -> &'static [FieldDescription] {
    match kind {
        ValueKind::Object(fields) => fields,
        ValueKind::List(ValueKind::Object(fields)) => fields,
        _ => &[],
    }
}

/// The `(action, parameter)` pairs whose Go examples the overrides reject, and the values.
fn rejected() -> BTreeSet<(String, String, String)> {
    let overrides = read("api/overrides.json");
    let mut out = BTreeSet::new();
    for (action, op) in overrides["operations"].as_object().unwrap() {
        let Some(parameters) = op["parameters"].as_object() else {
            continue;
        };
        for (wire, parameter) in parameters {
            for value in parameter["rejected_examples"]["values"]
                .as_array()
                .into_iter()
                .flatten()
            {
                let reason = parameter["rejected_examples"]["reason"].as_str().unwrap();
                assert!(!reason.is_empty(), "{action}.{wire}: a rejection says why");
                out.insert((action.clone(), wire.clone(), value.as_str().unwrap().into()));
            }
        }
    }
    out
}

#[test]
fn every_go_sdk_summary_is_in_the_model() {
    let facts = facts();
    let mut found = 0;
    for (action, op) in facts["operations"].as_object().unwrap() {
        let summary = op["summary"].as_str().unwrap();
        if summary.is_empty() {
            continue;
        }
        let described = description(action).unwrap_or_else(|| panic!("{action} is not modelled"));
        assert_eq!(described.summary, summary, "{action}");
        found += 1;
    }
    assert_eq!(found, 85);
    assert_eq!(facts["statistics"]["with_summary"], 85);
    // The two operations the Go SDK lacks have none.
    for action in [
        "GetAttributePassingSetting",
        "UpdateAttributePassingSetting",
    ] {
        assert!(facts["operations"].get(action).is_none());
        assert_eq!(description(action).unwrap().summary, "");
    }
}

#[test]
fn every_go_sdk_parameter_example_is_in_the_model_and_its_json_schema() {
    let facts = facts();
    let rejected = rejected();
    let (mut with_example, mut found, mut left_out, mut nested) = (0, 0, Vec::new(), 0);
    for (action, op) in facts["operations"].as_object().unwrap() {
        let described = description(action).unwrap();
        let schema = operation_schema(action).unwrap().request.to_value();
        for (wire, parameter) in op["parameters"].as_object().unwrap() {
            let modelled = described
                .parameter(wire)
                .unwrap_or_else(|| panic!("{action}.{wire} is not modelled"));
            let examples = go_examples(parameter);
            if !examples.is_empty() {
                with_example += 1;
            }
            let mut all = !examples.is_empty();
            for text in examples {
                if rejected.contains(&(action.clone(), wire.clone(), text.to_owned())) {
                    assert!(!examples_of(modelled.examples).contains(&Value::from(text)));
                    left_out.push(format!("{action}.{wire}"));
                    all = false;
                    continue;
                }
                let value = typed(text, &modelled.kind);
                assert!(
                    examples_of(modelled.examples).contains(&value),
                    "{action}.{wire}: {value} in {:?}",
                    modelled.examples
                );
                let in_schema = &schema["properties"][wire.as_str()]["examples"];
                assert!(
                    in_schema.as_array().is_some_and(|e| e.contains(&value)),
                    "{action}.{wire}: {value} in the JSON Schema: {in_schema}"
                );
            }
            if all {
                found += 1;
            }
            // Members of an object parameter (GetUserId's JSON-text ExternalId).
            for (name, field) in parameter["fields"].as_object().into_iter().flatten() {
                let modelled = nested_fields(&modelled.kind)
                    .iter()
                    .find(|f| f.wire_name == name)
                    .unwrap_or_else(|| panic!("{action}.{wire}.{name} is not modelled"));
                for text in go_examples(field) {
                    assert!(
                        examples_of(modelled.examples).contains(&typed(text, &modelled.kind)),
                        "{action}.{wire}.{name}"
                    );
                    nested += 1;
                }
            }
        }
    }
    assert_eq!(with_example, 258);
    assert_eq!(facts["statistics"]["request_parameters_with_example"], 258);
    assert_eq!(found, 257);
    assert_eq!(left_out, ["GetMFAAuthenticationSettingInfo.DirectoryId"]);
    assert_eq!(nested, 2);
}

/// Counts the Go examples of `members` found in `fields`, recursing into nested objects.
fn response_examples(
    place: &str,
    members: &serde_json::Map<String, Value>,
    fields: &[FieldDescription],
) -> usize {
    let mut found = 0;
    for (wire, member) in members {
        let modelled = fields
            .iter()
            .find(|f| f.wire_name == wire)
            .unwrap_or_else(|| panic!("{place}{wire} is not modelled"));
        let examples = go_examples(member);
        for text in &examples {
            let value = typed(text, &modelled.kind);
            assert!(
                examples_of(modelled.examples).contains(&value),
                "{place}{wire}: {value} in {:?}",
                modelled.examples
            );
        }
        if !examples.is_empty() {
            found += 1;
        }
        if let Some(nested) = member["fields"].as_object() {
            let place = format!("{place}{wire}.");
            found += response_examples(&place, nested, nested_fields(&modelled.kind));
        }
    }
    found
}

#[test]
fn every_go_sdk_response_field_example_is_in_the_model() {
    let facts = facts();
    let mut found = 0;
    for (action, op) in facts["operations"].as_object().unwrap() {
        let described = description(action).unwrap();
        let place = format!("{action}: ");
        found += response_examples(
            &place,
            op["response"].as_object().unwrap(),
            described.response_fields,
        );
    }
    assert_eq!(found, 572);
    assert_eq!(facts["statistics"]["response_fields_with_example"], 572);
}

#[test]
fn the_source_commit_of_the_facts_is_the_one_recorded() {
    let facts = facts();
    let api = read("api/cloudsso-2021-05-15.json");
    assert_eq!(
        api["source"]["go_sdk"]["commit"], facts["source"]["commit"],
        "re-run tools/import-api after updating the facts"
    );
    assert_eq!(
        facts["source"]["commit"],
        "b0f5c498cd592b9bd1f356cd170b581cdd007cd4"
    );
}
