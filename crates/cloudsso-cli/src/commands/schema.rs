//! `cloudsso schema [ACTION]`: the operations with every parameter and response field by
//! wire name (see [`crate::reference`]), and their JSON Schemas.

use serde_json::Value;

use crate::cli::{SchemaArgs, SchemaOutputArg};
use crate::error::CliError;
use crate::{operation, reference, render};

/// Runs `schema`.
pub fn run(args: &SchemaArgs) -> Result<(), CliError> {
    let descriptions: Vec<&'static cloudsso_model::OperationDescription> = match &args.action {
        Some(action) => vec![operation::check_action(action)?],
        None => cloudsso_model::OPERATIONS.to_vec(),
    };
    if args.output == SchemaOutputArg::Text {
        let texts: Vec<String> = descriptions
            .iter()
            .map(|description| reference::text(description))
            .collect();
        out!("{}", texts.join("\n"));
        return Ok(());
    }
    let mut values = Vec::with_capacity(descriptions.len());
    for description in &descriptions {
        values.push(operation_value(description)?);
    }
    let value = match (&args.action, values.pop()) {
        (Some(_), Some(value)) => value,
        (_, last) => {
            values.extend(last);
            Value::Array(values)
        }
    };
    out!("{}", render::pretty_json(&value));
    Ok(())
}

/// One operation: its description, its wire reference (`wire`) and its JSON Schemas.
fn operation_value(description: &cloudsso_model::OperationDescription) -> Result<Value, CliError> {
    let action = description.action;
    let schema = cloudsso_model::schema::operation_schema(action)
        .ok_or_else(|| CliError::usage("ACTION", format!("`{action}` has no schema")))?;
    let shown = |e: serde_json::Error| CliError::Input(format!("the schema cannot be shown: {e}"));
    let mut value = serde_json::to_value(schema).map_err(shown)?;
    let wire = serde_json::to_value(reference::wire_reference(description)).map_err(shown)?;
    if let Value::Object(members) = &mut value {
        members.insert("wire".to_owned(), wire);
    }
    Ok(value)
}
