//! The schema reference: JSON Schemas of every request and response, by action.

use acs_protocol::{Operation, OperationVisitor};
use schemars::transform::RecursiveTransform;
use schemars::{Schema, SchemaGenerator, generate::SchemaSettings};
use serde::Serialize;
use serde_json::Value;

use crate::{OPERATIONS, OperationDescription, visit_operation};

/// The JSON Schemas of one operation's request and response, and its description.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct OperationSchema {
    /// The operation's description: action, version, method, parameters.
    pub description: &'static OperationDescription,
    /// The JSON Schema (draft 2020-12) of the request's parameters.
    pub request: Schema,
    /// The JSON Schema (draft 2020-12) of the success response body.
    pub response: Schema,
}

/// The schema of the operation whose action is `action`.
pub fn operation_schema(action: &str) -> Option<OperationSchema> {
    visit_operation(action, SchemaVisitor)
}

/// The schemas of every operation, in the API's order.
pub fn operation_schemas() -> Vec<OperationSchema> {
    OPERATIONS
        .iter()
        .filter_map(|description| operation_schema(description.action))
        .collect()
}

struct SchemaVisitor;

impl OperationVisitor for SchemaVisitor {
    type Output = OperationSchema;

    fn visit<O: Operation>(self) -> OperationSchema {
        let generator = || {
            SchemaGenerator::new(
                SchemaSettings::draft2020_12()
                    .with_transform(RecursiveTransform(without_null_for_absent)),
            )
        };
        OperationSchema {
            description: O::DESCRIPTION,
            request: generator().into_root_schema_for::<O::Request>(),
            response: generator().into_root_schema_for::<O::Response>(),
        }
    }
}

/// schemars lets every `Option` be `null`; on this wire an absent field is omitted instead,
/// so the schema says what the service sends: `{"anyOf": [X, {"type": "null"}]}` becomes X's
/// reference and `"type": [T, "null"]` becomes `T`.
fn without_null_for_absent(schema: &mut Schema) {
    let Some(object) = schema.as_object_mut() else {
        return;
    };
    if let Some(Value::Array(types)) = object.get_mut("type") {
        types.retain(|t| t != "null");
        if let [only] = types.as_slice() {
            let only = only.clone();
            object.insert("type".to_owned(), only);
        }
    }
    let null = serde_json::json!({ "type": "null" });
    let kept = match object.get("anyOf") {
        Some(Value::Array(alternatives)) => match alternatives.as_slice() {
            [kept, other] | [other, kept] if *other == null => Some(kept.clone()),
            _ => None,
        },
        _ => None,
    };
    if let Some(Value::Object(kept)) = kept {
        object.remove("anyOf");
        for (key, value) in kept {
            object.entry(key).or_insert(value);
        }
    }
}
