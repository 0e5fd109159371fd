//! `cloudsso schema [ACTION]`: the operations with their parameters and JSON Schemas.

use crate::cli::SchemaArgs;
use crate::error::CliError;
use crate::operation;

/// Runs `schema`.
pub fn run(args: &SchemaArgs) -> Result<(), CliError> {
    let value = match &args.action {
        Some(action) => {
            operation::check_action(action)?;
            let schema = cloudsso_model::schema::operation_schema(action)
                .ok_or_else(|| CliError::usage("ACTION", format!("`{action}` has no schema")))?;
            serde_json::to_value(schema)
        }
        None => serde_json::to_value(cloudsso_model::schema::operation_schemas()),
    }
    .map_err(|e| CliError::Input(format!("the schema cannot be shown: {e}")))?;
    out!(
        "{}",
        serde_json::to_string_pretty(&value).unwrap_or_else(|_| value.to_string())
    );
    Ok(())
}
