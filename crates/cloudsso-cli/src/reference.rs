//! The wire reference of an operation, as `cloudsso schema` shows it: every parameter and
//! every response field by its wire name, nested members included, one row each.
//!
//! Request rows are named as they are given on the command line: a flattened member as
//! `Tags.N.Key` (given as `--Tags.1.Key`), a member inside a JSON-text parameter as
//! `ExternalId.Id` or `AllowedVerificationTypes[]` (style `json`: part of the parameter's JSON
//! text, not a flag of its own). Response rows use `[]` for list items: `Users[].UserName`.

use acs_protocol::operation::{
    Example, FieldDescription, Limits, Location, OperationDescription, ParameterStyle, ValueKind,
};
use serde::Serialize;

use crate::parameters::usage_of;

/// How deep rows nest at most; the model's types nest far less and never contain themselves.
const MAX_DEPTH: usize = 16;

/// One parameter, or one member of a parameter, by its wire name.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ParameterRow {
    /// The wire name or path: `DirectoryId`, `Tags.N.Key`, `ExternalId.Id`.
    pub name: String,
    /// How to give it on the command line (`--Tags.N.Key VALUE`); `None` for a list or an
    /// object given through its members, and for a member inside JSON text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flag: Option<String>,
    /// `string`, `integer`, `boolean`, `array` or `object`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// `query` or `body`.
    pub location: Location,
    /// `flat` (flattened names) or `json` (inside one parameter's JSON text).
    pub style: ParameterStyle,
    /// Whether the documentation says the service requires it (members: `false`).
    pub required: bool,
    /// The documented values (the enums are open: others are sent as given).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub allowed_values: &'static [&'static str],
    /// The documented limits, not enforced.
    #[serde(skip_serializing_if = "Limits::is_none")]
    pub limits: Limits,
    /// Example values (the official Go SDK's), often masked (`****`).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub examples: &'static [Example],
    /// What it means.
    pub description: &'static str,
}

/// One response field, or a member of one, by its wire name.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct FieldRow {
    /// The wire name or path: `RequestId`, `Users[].UserName`.
    pub name: String,
    /// `string`, `integer`, `boolean`, `array` or `object`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The documented values (open: others are kept).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub allowed_values: &'static [&'static str],
    /// The documented limits.
    #[serde(skip_serializing_if = "Limits::is_none")]
    pub limits: Limits,
    /// Example values (the official Go SDK's), often masked (`****`).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub examples: &'static [Example],
    /// What it means.
    pub description: &'static str,
}

/// The wire reference of one operation.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct WireReference {
    /// Every parameter and member, in the description's order, each parent before its members.
    pub parameters: Vec<ParameterRow>,
    /// Every response field and member, likewise.
    pub response: Vec<FieldRow>,
}

/// The wire reference of `description`.
pub fn wire_reference(description: &OperationDescription) -> WireReference {
    let mut parameters = Vec::new();
    for parameter in description.parameters {
        let json = parameter.style == ParameterStyle::Json;
        let composite = matches!(parameter.kind, ValueKind::List(_) | ValueKind::Object(_));
        parameters.push(ParameterRow {
            name: parameter.wire_name.to_owned(),
            flag: (json || !composite).then(|| usage_of(parameter)),
            kind: parameter.kind.as_str(),
            location: parameter.location,
            style: parameter.style,
            required: parameter.required,
            allowed_values: parameter.allowed_values,
            limits: parameter.limits,
            examples: parameter.examples,
            description: parameter.description,
        });
        let mut members = Vec::new();
        let naming = if json { Naming::Json } else { Naming::Flat };
        members_of(
            parameter.kind,
            parameter.allowed_values,
            parameter.wire_name,
            naming,
            0,
            &mut members,
        );
        for member in members {
            let flag = (!json && !matches!(member.kind, "array" | "object"))
                .then(|| format!("--{} VALUE", member.name));
            parameters.push(ParameterRow {
                name: member.name,
                flag,
                kind: member.kind,
                location: parameter.location,
                style: parameter.style,
                required: false,
                allowed_values: member.allowed_values,
                limits: member.limits,
                examples: member.examples,
                description: member.description,
            });
        }
    }
    let mut response = Vec::new();
    for field in description.response_fields {
        push_field(field, field.wire_name.to_owned(), 0, &mut response);
    }
    WireReference {
        parameters,
        response,
    }
}

/// How members are named below their parent.
#[derive(Clone, Copy)]
enum Naming {
    /// `Tags.N.Key`: the command line's flattened names.
    Flat,
    /// `Tags[].Key`: JSON paths (JSON-text parameters, responses).
    Json,
}

fn push_field(field: &FieldDescription, name: String, depth: usize, out: &mut Vec<FieldRow>) {
    out.push(FieldRow {
        name: name.clone(),
        kind: field.kind.as_str(),
        allowed_values: field.allowed_values,
        limits: field.limits,
        examples: field.examples,
        description: field.description,
    });
    members_of(
        field.kind,
        field.allowed_values,
        &name,
        Naming::Json,
        depth,
        out,
    );
}

/// Appends the rows of the members of a value of `kind` named `name`: list items, then
/// object fields, recursively.
fn members_of(
    kind: ValueKind,
    allowed: &'static [&'static str],
    name: &str,
    naming: Naming,
    depth: usize,
    out: &mut Vec<FieldRow>,
) {
    if depth >= MAX_DEPTH {
        return;
    }
    match kind {
        ValueKind::List(item) => {
            let item_name = match naming {
                Naming::Flat => format!("{name}.N"),
                Naming::Json => format!("{name}[]"),
            };
            match item {
                ValueKind::Object(_) | ValueKind::List(_) => {
                    members_of(*item, allowed, &item_name, naming, depth + 1, out);
                }
                scalar => out.push(FieldRow {
                    name: item_name,
                    kind: scalar.as_str(),
                    allowed_values: allowed,
                    limits: Limits::NONE,
                    examples: &[],
                    description: "",
                }),
            }
        }
        ValueKind::Object(fields) => {
            for field in fields {
                let field_name = format!("{name}.{}", field.wire_name);
                out.push(FieldRow {
                    name: field_name.clone(),
                    kind: field.kind.as_str(),
                    allowed_values: field.allowed_values,
                    limits: field.limits,
                    examples: field.examples,
                    description: field.description,
                });
                members_of(
                    field.kind,
                    field.allowed_values,
                    &field_name,
                    naming,
                    depth + 1,
                    out,
                );
            }
        }
        _ => {}
    }
}

/// The reference as text: one line per parameter and per response field.
pub fn text(description: &OperationDescription) -> String {
    let reference = wire_reference(description);
    let mut out = format!(
        "{} ({} {}, API {})\n",
        description.action,
        description.method,
        match description.style {
            acs_protocol::operation::Style::Rpc => "RPC",
            _ => "?",
        },
        description.version
    );
    if !description.summary.is_empty() {
        out.push_str(&format!("  {}\n", first_line(description.summary)));
    }
    out.push_str("\nParameters (flags as given on the command line):\n");
    if reference.parameters.is_empty() {
        out.push_str("  (none)\n");
    }
    let width = reference
        .parameters
        .iter()
        .map(|row| row.flag.as_deref().unwrap_or(&row.name).len())
        .max()
        .unwrap_or(0);
    for row in &reference.parameters {
        let shown = row.flag.clone().unwrap_or_else(|| format!("{}:", row.name));
        let mut facts = vec![
            row.kind.to_owned(),
            row.location.as_str().to_owned(),
            row.style.as_str().to_owned(),
        ];
        if row.required {
            facts.push("required".to_owned());
        }
        push_values_and_limits(&mut facts, row.allowed_values, &row.limits);
        push_example(&mut facts, row.examples);
        out.push_str(&format!(
            "  {shown:<width$}  {}{}\n",
            facts.join(", "),
            short_description(row.description)
        ));
    }
    out.push_str("\nResponse fields:\n");
    let width = reference
        .response
        .iter()
        .map(|row| row.name.len())
        .max()
        .unwrap_or(0);
    for row in &reference.response {
        let mut facts = vec![row.kind.to_owned()];
        push_values_and_limits(&mut facts, row.allowed_values, &row.limits);
        push_example(&mut facts, row.examples);
        out.push_str(&format!(
            "  {:<width$}  {}{}\n",
            row.name,
            facts.join(", "),
            short_description(row.description)
        ));
    }
    out
}

fn push_values_and_limits(facts: &mut Vec<String>, allowed: &[&str], limits: &Limits) {
    if !allowed.is_empty() {
        facts.push(format!("one of {}", allowed.join("|")));
    }
    let mut limit = |label: &str, value: Option<String>| {
        if let Some(value) = value {
            facts.push(format!("{label} {value}"));
        }
    };
    limit("min length", limits.min_length.map(|v| v.to_string()));
    limit("max length", limits.max_length.map(|v| v.to_string()));
    limit("min", limits.minimum.map(|v| v.to_string()));
    limit("max", limits.maximum.map(|v| v.to_string()));
    limit("max items", limits.max_items.map(|v| v.to_string()));
}

/// `e.g. d-00fc2p61****`: the first example, as given on the command line.
fn push_example(facts: &mut Vec<String>, examples: &[Example]) {
    if let Some(example) = examples.first() {
        facts.push(format!("e.g. {example}"));
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}

fn short_description(text: &str) -> String {
    let line = first_line(text).trim();
    if line.is_empty() {
        return String::new();
    }
    let short: String = line.chars().take(100).collect();
    let ellipsis = if short.len() < line.len() { "..." } else { "" };
    format!(" -- {short}{ellipsis}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(rows: &[ParameterRow]) -> Vec<&str> {
        rows.iter().map(|r| r.name.as_str()).collect()
    }

    #[test]
    fn flattened_members_are_rows_named_as_flags() {
        let reference = wire_reference(cloudsso_model::description("CreateUser").unwrap());
        let names = names(&reference.parameters);
        let tags = names.iter().position(|n| *n == "Tags").unwrap();
        assert_eq!(
            names[tags..tags + 3],
            ["Tags", "Tags.N.Key", "Tags.N.Value"]
        );
        let key = &reference.parameters[tags + 1];
        assert_eq!(key.flag.as_deref(), Some("--Tags.N.Key VALUE"));
        assert_eq!((key.kind, key.style), ("string", ParameterStyle::Flat));
        assert_eq!(reference.parameters[tags].flag, None);
    }

    #[test]
    fn json_text_members_are_rows_inside_their_parameter() {
        let reference = wire_reference(cloudsso_model::description("GetUserId").unwrap());
        let rows: Vec<_> = reference
            .parameters
            .iter()
            .filter(|r| r.name.starts_with("ExternalId"))
            .collect();
        assert_eq!(
            rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
            ["ExternalId", "ExternalId.Id", "ExternalId.Issuer"]
        );
        assert_eq!(
            rows[0].flag.as_deref(),
            Some(r#"--ExternalId '{"Id":"...","Issuer":"..."}'"#)
        );
        assert!(rows.iter().all(|r| r.style == ParameterStyle::Json));
        assert_eq!(rows[1].flag, None);
        let update =
            wire_reference(cloudsso_model::description("UpdateMFAAuthenticationSettings").unwrap());
        assert!(
            names(&update.parameters).contains(&"AllowedVerificationTypes[]"),
            "{update:?}"
        );
    }

    #[test]
    fn response_fields_nest_by_json_path() {
        let reference = wire_reference(cloudsso_model::description("ListUsers").unwrap());
        let names: Vec<&str> = reference.response.iter().map(|r| r.name.as_str()).collect();
        for name in [
            "RequestId",
            "NextToken",
            "Users",
            "Users[].UserName",
            "Users[].Status",
        ] {
            assert!(names.contains(&name), "{name} in {names:?}");
        }
        let text = text(cloudsso_model::description("ListUsers").unwrap());
        assert!(text.contains("--MaxResults VALUE"), "{text}");
        assert!(text.contains("Users[].UserName"), "{text}");
    }

    #[test]
    fn every_operation_has_rows_for_every_parameter_and_field() {
        for description in cloudsso_model::OPERATIONS {
            let reference = wire_reference(description);
            for parameter in description.parameters {
                assert!(
                    reference
                        .parameters
                        .iter()
                        .any(|r| r.name == parameter.wire_name),
                    "{}: {}",
                    description.action,
                    parameter.wire_name
                );
            }
            assert!(reference.response.iter().any(|r| r.name == "RequestId"));
        }
    }
}
