//! Operation parameters on the command line, checked against the operation's description
//! before they reach the codec, the way the aliyun CLI takes them:
//!
//! - a scalar by its wire name: `--DirectoryId d-00fc2p61****`, `--MaxResults 10`;
//! - a list or an object of [`ParameterStyle::Flat`] flattened, one flag per scalar:
//!   `--Tags.1.Key k --Tags.1.Value v --Tags.2.Key k2`, list items numbered 1, 2, ... without
//!   gaps;
//! - a parameter of [`ParameterStyle::Json`] as one flag holding the JSON text of the whole
//!   value: `--AllowedVerificationTypes '["TOTP","WebAuthn"]'`.
//!
//! Every name and path is checked here, so that an error names the flag, the value and what
//! was expected, instead of a parameter being silently left out. Scalar values (integers,
//! booleans) are checked by the codec when it decodes them.

use std::collections::{BTreeMap, BTreeSet};

use acs_protocol::operation::{
    FieldDescription, OperationDescription, ParameterDescription, ParameterStyle, ValueKind,
};
use serde_json::Value;

use crate::error::CliError;

/// How deep a JSON text or a flattened name may nest; the model's deepest type is far less.
const MAX_DEPTH: usize = 16;

/// Checks every `(name, value)` of `params` against `description`: each name is a parameter
/// of the operation (or a flattened path into one), given once, list items numbered from 1
/// without gaps, JSON-text parameters holding JSON of their type.
pub fn check(
    description: &OperationDescription,
    params: &[(String, String)],
) -> Result<(), CliError> {
    let mut seen = BTreeSet::new();
    // The indexes given for each list, by the flattened name of the list.
    let mut lists: BTreeMap<String, BTreeSet<u64>> = BTreeMap::new();
    for (name, value) in params {
        if !seen.insert(name.as_str()) {
            return Err(CliError::usage(
                format!("--{name}"),
                "is given twice; expected each parameter once",
            ));
        }
        let top = name.split('.').next().unwrap_or(name);
        let parameter = description
            .parameter(top)
            .ok_or_else(|| unknown_parameter(description, name))?;
        match parameter.style {
            ParameterStyle::Json if is_composite(parameter.kind) => {
                check_json_parameter(parameter, name, value)?;
            }
            _ => check_flat_name(parameter, name, &mut lists)?,
        }
    }
    for (list, indexes) in &lists {
        for (expected, index) in (1..).zip(indexes) {
            if *index != expected {
                return Err(CliError::usage(
                    format!("--{list}.{index}"),
                    format!(
                        "list items are numbered 1, 2, 3, ... without gaps, and {list}.{expected} \
                         is missing"
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Whether values of `kind` are lists or objects.
fn is_composite(kind: ValueKind) -> bool {
    matches!(kind, ValueKind::List(_) | ValueKind::Object(_))
}

fn unknown_parameter(description: &OperationDescription, name: &str) -> CliError {
    let expected: Vec<String> = description
        .parameters
        .iter()
        .map(|p| format!("--{}", p.wire_name))
        .collect();
    let top = name.split('.').next().unwrap_or(name);
    let hint = description
        .parameters
        .iter()
        .find(|p| p.wire_name.eq_ignore_ascii_case(top))
        .map(|p| {
            format!(
                " (names are case-sensitive: did you mean --{}?)",
                p.wire_name
            )
        })
        .unwrap_or_default();
    let expected = if expected.is_empty() {
        "none: it takes no parameters".to_owned()
    } else {
        expected.join(", ")
    };
    CliError::usage(
        format!("--{name}"),
        format!(
            "is not a parameter of {}{hint}; expected {expected}",
            description.action
        ),
    )
}

/// A flattened name: each segment after the parameter's name is a list index (1, 2, ...) or
/// a field of an object, and the path ends at a scalar.
fn check_flat_name(
    parameter: &ParameterDescription,
    name: &str,
    lists: &mut BTreeMap<String, BTreeSet<u64>>,
) -> Result<(), CliError> {
    let mut kind = parameter.kind;
    let mut path = parameter.wire_name.to_owned();
    let segments: Vec<&str> = name.split('.').skip(1).collect();
    if segments.len() > MAX_DEPTH {
        return Err(CliError::usage(
            format!("--{name}"),
            format!("nests deeper than {MAX_DEPTH} levels"),
        ));
    }
    for segment in segments {
        match kind {
            ValueKind::List(item) => {
                let index = segment
                    .parse::<u64>()
                    .ok()
                    .filter(|index| *index >= 1 && !segment.starts_with('0'))
                    .ok_or_else(|| {
                        CliError::usage(
                            format!("--{name}"),
                            format!(
                                "`{segment}` is not a list index; expected --{path}.N{} with N = \
                                 1, 2, 3, ...",
                                flat_suffix(*item)
                            ),
                        )
                    })?;
                lists.entry(path.clone()).or_default().insert(index);
                path = format!("{path}.{index}");
                kind = *item;
            }
            ValueKind::Object(fields) => {
                let field = fields
                    .iter()
                    .find(|f| f.wire_name == segment)
                    .ok_or_else(|| {
                        let expected: Vec<String> = fields
                            .iter()
                            .map(|f| format!("--{path}.{}", f.wire_name))
                            .collect();
                        CliError::usage(
                            format!("--{name}"),
                            format!(
                                "`{segment}` is not a field of {path}; expected {}",
                                expected.join(", ")
                            ),
                        )
                    })?;
                path = format!("{path}.{}", field.wire_name);
                kind = field.kind;
            }
            scalar => {
                return Err(CliError::usage(
                    format!("--{name}"),
                    format!(
                        "{path} is a {}, which has no member `{segment}`; expected --{path} VALUE",
                        scalar.as_str()
                    ),
                ));
            }
        }
    }
    if is_composite(kind) {
        let what = match kind {
            ValueKind::List(ValueKind::Object(_)) => "a list of objects",
            ValueKind::List(_) => "a list",
            _ => "an object",
        };
        return Err(CliError::usage(
            format!("--{name}"),
            format!(
                "{path} is {what}, given the aliyun CLI's way, one flag per value; expected \
                 --{path}{} VALUE",
                flat_suffix(kind)
            ),
        ));
    }
    Ok(())
}

/// The rest of a flattened name down to the first scalar: `.1.Key` for a list of tags.
fn flat_suffix(kind: ValueKind) -> String {
    let mut suffix = String::new();
    let mut kind = kind;
    for _ in 0..MAX_DEPTH {
        match kind {
            ValueKind::List(item) => {
                suffix.push_str(".1");
                kind = *item;
            }
            ValueKind::Object(fields) => match fields.first() {
                Some(field) => {
                    suffix.push('.');
                    suffix.push_str(field.wire_name);
                    kind = field.kind;
                }
                None => break,
            },
            _ => break,
        }
    }
    suffix
}

/// A parameter that travels as JSON text: one flag, no flattened members, JSON of its type.
fn check_json_parameter(
    parameter: &ParameterDescription,
    name: &str,
    value: &str,
) -> Result<(), CliError> {
    let example = example_json(parameter.kind, parameter.allowed_values, 0);
    if name != parameter.wire_name {
        return Err(CliError::usage(
            format!("--{name}"),
            format!(
                "{} travels as one parameter holding JSON text, not flattened; expected --{} '{example}'",
                parameter.wire_name, parameter.wire_name
            ),
        ));
    }
    let json: Value = serde_json::from_str(value).map_err(|error| {
        CliError::usage(
            format!("--{name}"),
            format!("`{value}` is not JSON text ({error}); expected e.g. '{example}'"),
        )
    })?;
    check_json(parameter.kind, &json, parameter.wire_name, 0).map_err(|(at, expected)| {
        CliError::usage(
            format!("--{name}"),
            format!("`{value}`: at {at}, expected {expected}; e.g. '{example}'"),
        )
    })
}

/// Whether `value` has the shape of `kind`; else where it does not, and what was expected.
fn check_json(
    kind: ValueKind,
    value: &Value,
    at: &str,
    depth: usize,
) -> Result<(), (String, String)> {
    if depth > MAX_DEPTH {
        return Err((at.to_owned(), format!("at most {MAX_DEPTH} levels")));
    }
    let misfit = |expected: &str| Err((at.to_owned(), expected.to_owned()));
    match (kind, value) {
        (ValueKind::String, Value::String(_))
        | (ValueKind::Boolean, Value::Bool(_))
        | (ValueKind::Integer, Value::Number(_)) => {
            if matches!(kind, ValueKind::Integer) && value.as_i64().is_none() {
                return misfit("a whole number");
            }
            Ok(())
        }
        (ValueKind::List(item), Value::Array(items)) => {
            for (index, item_value) in items.iter().enumerate() {
                check_json(*item, item_value, &format!("{at}[{index}]"), depth + 1)?;
            }
            Ok(())
        }
        (ValueKind::Object(fields), Value::Object(members)) => {
            for (member, member_value) in members {
                let field = fields
                    .iter()
                    .find(|f| f.wire_name == member)
                    .ok_or_else(|| {
                        let names: Vec<&str> = fields.iter().map(|f| f.wire_name).collect();
                        (
                            format!("{at}.{member}"),
                            format!("a member of {at}: one of {}", names.join(", ")),
                        )
                    })?;
                check_json(
                    field.kind,
                    member_value,
                    &format!("{at}.{member}"),
                    depth + 1,
                )?;
            }
            Ok(())
        }
        (ValueKind::String, _) => misfit("a JSON string"),
        (ValueKind::Integer, _) => misfit("a whole number"),
        (ValueKind::Boolean, _) => misfit("true or false"),
        (ValueKind::List(_), _) => misfit("a JSON array"),
        (ValueKind::Object(_), _) => misfit("a JSON object"),
        _ => misfit(kind.as_str()),
    }
}

/// An example of JSON text of `kind`: `["TOTP","WebAuthn"]`, `{"Id":"...","Issuer":"..."}`.
pub fn example_json(kind: ValueKind, allowed: &[&str], depth: usize) -> String {
    if depth > 4 {
        return "...".to_owned();
    }
    let quote = |text: &str| Value::from(text).to_string();
    match kind {
        ValueKind::String => match allowed.first() {
            Some(first) => quote(first),
            None => quote("..."),
        },
        ValueKind::Integer => "1".to_owned(),
        ValueKind::Boolean => "true".to_owned(),
        ValueKind::List(item) => {
            let items: Vec<String> = if allowed.len() > 1 && matches!(item, ValueKind::String) {
                allowed.iter().take(2).map(|v| quote(v)).collect()
            } else {
                vec![example_json(*item, allowed, depth + 1)]
            };
            format!("[{}]", items.join(","))
        }
        ValueKind::Object(fields) => {
            let members: Vec<String> = fields
                .iter()
                .map(|f: &FieldDescription| {
                    format!(
                        "{}:{}",
                        quote(f.wire_name),
                        example_json(f.kind, f.allowed_values, depth + 1)
                    )
                })
                .collect();
            format!("{{{}}}", members.join(","))
        }
        _ => quote("..."),
    }
}

/// The flag of each parameter as given on the command line for `--help` and messages:
/// `--DirectoryId VALUE`, `--Tags.N.Key VALUE`, `--AllowedVerificationTypes '["TOTP"]'`.
pub fn usage_of(parameter: &ParameterDescription) -> String {
    match parameter.style {
        ParameterStyle::Json if is_composite(parameter.kind) => format!(
            "--{} '{}'",
            parameter.wire_name,
            example_json(parameter.kind, parameter.allowed_values, 0)
        ),
        _ => format!(
            "--{}{} VALUE",
            parameter.wire_name,
            flat_suffix(parameter.kind).replace(".1", ".N")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_of(action: &str, params: &[(&str, &str)]) -> Result<(), String> {
        let description = cloudsso_model::description(action).unwrap();
        let params: Vec<(String, String)> = params
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect();
        check(description, &params).map_err(|e| e.to_string())
    }

    #[test]
    fn flattened_lists_of_objects_are_taken() {
        check_of(
            "CreateUser",
            &[
                ("DirectoryId", "d-1"),
                ("UserName", "alice"),
                ("Tags.1.Key", "team"),
                ("Tags.1.Value", "sso"),
                ("Tags.2.Key", "env"),
            ],
        )
        .unwrap();
    }

    #[test]
    fn bad_flattened_names_say_what_is_expected() {
        let error = check_of("CreateUser", &[("Tags.1.Colour", "red")]).unwrap_err();
        assert_eq!(
            error,
            "--Tags.1.Colour: `Colour` is not a field of Tags.1; expected --Tags.1.Key, \
             --Tags.1.Value"
        );
        let error = check_of("CreateUser", &[("Tags.first.Key", "k")]).unwrap_err();
        assert!(
            error.starts_with(
                "--Tags.first.Key: `first` is not a list index; expected --Tags.N.Key"
            ),
            "{error}"
        );
        for index in ["0", "01", "-1"] {
            let name = format!("Tags.{index}.Key");
            let error = check_of("CreateUser", &[(&name, "k")]).unwrap_err();
            assert!(error.contains("is not a list index"), "{error}");
        }
        let error = check_of("CreateUser", &[("Tags", "k")]).unwrap_err();
        assert!(
            error.starts_with("--Tags: Tags is a list of objects")
                && error.ends_with("expected --Tags.1.Key VALUE"),
            "{error}"
        );
        let error = check_of("CreateUser", &[("UserName.1", "k")]).unwrap_err();
        assert!(error.contains("UserName is a string"), "{error}");
        let error =
            check_of("CreateUser", &[("Tags.1.Key", "a"), ("Tags.3.Key", "b")]).unwrap_err();
        assert!(
            error.starts_with("--Tags.3: list items are numbered")
                && error.contains("Tags.2 is missing"),
            "{error}"
        );
        let error = check_of("CreateUser", &[("UserName", "a"), ("UserName", "b")]).unwrap_err();
        assert!(error.starts_with("--UserName: is given twice"), "{error}");
        let error = check_of("CreateUser", &[("username", "a")]).unwrap_err();
        assert!(error.contains("did you mean --UserName?"), "{error}");
    }

    #[test]
    fn json_text_parameters_take_json_of_their_type() {
        check_of(
            "UpdateMFAAuthenticationSettings",
            &[("AllowedVerificationTypes", r#"["TOTP","WebAuthn"]"#)],
        )
        .unwrap();
        check_of(
            "GetUserId",
            &[("ExternalId", r#"{"Id":"e-1","Issuer":"https://idp"}"#)],
        )
        .unwrap();
        let error = check_of(
            "UpdateMFAAuthenticationSettings",
            &[("AllowedVerificationTypes", "TOTP")],
        )
        .unwrap_err();
        assert!(
            error.starts_with("--AllowedVerificationTypes: `TOTP` is not JSON text")
                && error.ends_with(r#"expected e.g. '["..."]'"#),
            "{error}"
        );
        let error = check_of(
            "UpdateMFAAuthenticationSettings",
            &[("AllowedVerificationTypes", r#"["TOTP",7]"#)],
        )
        .unwrap_err();
        assert!(
            error.contains("at AllowedVerificationTypes[1], expected a JSON string"),
            "{error}"
        );
        let error = check_of(
            "UpdateMFAAuthenticationSettings",
            &[("AllowedVerificationTypes.1", "TOTP")],
        )
        .unwrap_err();
        assert!(
            error.contains("travels as one parameter holding JSON text, not flattened"),
            "{error}"
        );
        let error = check_of("GetUserId", &[("ExternalId", r#"{"Idd":"e-1"}"#)]).unwrap_err();
        assert!(
            error.contains("at ExternalId.Idd, expected a member"),
            "{error}"
        );
    }

    #[test]
    fn usage_shows_the_flattened_or_json_form() {
        let create = cloudsso_model::description("CreateUser").unwrap();
        assert_eq!(
            usage_of(create.parameter("Tags").unwrap()),
            "--Tags.N.Key VALUE"
        );
        let update = cloudsso_model::description("UpdateMFAAuthenticationSettings").unwrap();
        assert_eq!(
            usage_of(update.parameter("AllowedVerificationTypes").unwrap()),
            r#"--AllowedVerificationTypes '["..."]'"#
        );
    }
}
