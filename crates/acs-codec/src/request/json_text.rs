//! Parameters of [`ParameterStyle::Json`]: the whole value travels as one parameter whose
//! value is its compact JSON text (`AllowedVerificationTypes=["TOTP","WebAuthn"]`), as the
//! official SDKs send their `*Shrink` fields. The server reads the text back and checks it
//! against the parameter's description before the typed request sees it.
//!
//! [`ParameterStyle::Json`]: acs_protocol::operation::ParameterStyle::Json

use std::collections::BTreeMap;

use acs_protocol::operation::{ParameterDescription, ParameterStyle, ValueKind};
use serde_json::{Map, Value};

use super::check_allowed_value;
use super::flatten::Misfit;

/// Whether `parameter` travels as JSON text: [`ParameterStyle::Json`] for a list or an
/// object. A scalar travels as itself in either style.
pub(crate) fn is_json_text(parameter: &ParameterDescription) -> bool {
    matches!(parameter.style, ParameterStyle::Json)
        && matches!(parameter.kind, ValueKind::List(_) | ValueKind::Object(_))
}

/// The compact JSON text of `value`. A `serde_json::Value` always serializes.
pub(crate) fn to_text(value: &Value) -> String {
    value.to_string()
}

/// Reads the JSON-text parameter `parameter` from the decoded pairs: `None` when absent
/// (or `null`), else its value checked against the description; object members the
/// description does not know are dropped, as unknown fields are elsewhere.
pub(crate) fn read(
    params: &BTreeMap<String, String>,
    parameter: &ParameterDescription,
    check_allowed: bool,
) -> Result<Option<Value>, Misfit> {
    let Some(text) = params.get(parameter.wire_name) else {
        return Ok(None);
    };
    let misfit = |detail: String| Misfit {
        key: parameter.wire_name.to_owned(),
        value: text.clone(),
        expected: format!("JSON text of {} ({detail})", describe(parameter.kind)),
    };
    let value: Value =
        serde_json::from_str(text).map_err(|error| misfit(format!("not JSON: {error}")))?;
    if value.is_null() {
        return Ok(None);
    }
    let checker = Checker { check_allowed };
    checker
        .conform(
            parameter.kind,
            parameter.allowed_values,
            value,
            &mut String::new(),
        )
        .map(Some)
        .map_err(|wrong| {
            let at = if wrong.at.is_empty() {
                String::new()
            } else {
                format!("at `{}` ", wrong.at)
            };
            misfit(format!(
                "{at}found {}, expected {}",
                wrong.found, wrong.expected
            ))
        })
}

/// What is wrong inside the JSON value: where, what was found, what fits.
struct Wrong {
    at: String,
    found: String,
    expected: String,
}

struct Checker {
    check_allowed: bool,
}

impl Checker {
    fn conform(
        &self,
        kind: ValueKind,
        allowed: &[&str],
        value: Value,
        at: &mut String,
    ) -> Result<Value, Wrong> {
        let wrong = |value: &Value, at: &str, expected: String| Wrong {
            at: at.to_owned(),
            found: found(value),
            expected,
        };
        match (kind, value) {
            (ValueKind::String, Value::String(text)) => {
                if let Err(expected) = check_allowed_value(self.check_allowed, allowed, &text) {
                    return Err(wrong(&Value::String(text), at, expected));
                }
                Ok(Value::String(text))
            }
            (ValueKind::Integer, Value::Number(number)) if number.is_i64() => {
                Ok(Value::Number(number))
            }
            (ValueKind::Boolean, Value::Bool(flag)) => Ok(Value::Bool(flag)),
            (ValueKind::List(item), Value::Array(items)) => {
                let mut out = Vec::with_capacity(items.len());
                for (index, value) in items.into_iter().enumerate() {
                    let len = at.len();
                    at.push_str(&format!("[{index}]"));
                    let value = self.conform(*item, allowed, value, at)?;
                    at.truncate(len);
                    out.push(value);
                }
                Ok(Value::Array(out))
            }
            (ValueKind::Object(fields), Value::Object(members)) => {
                let mut out = Map::new();
                for (name, value) in members {
                    let Some(field) = fields.iter().find(|field| field.wire_name == name) else {
                        continue;
                    };
                    if value.is_null() {
                        continue;
                    }
                    let len = at.len();
                    if !at.is_empty() {
                        at.push('.');
                    }
                    at.push_str(&name);
                    let value = self.conform(field.kind, field.allowed_values, value, at)?;
                    at.truncate(len);
                    out.insert(name, value);
                }
                Ok(Value::Object(out))
            }
            (kind, value) => Err(wrong(&value, at, describe(kind))),
        }
    }
}

/// The JSON value found, for an error: its kind and, for a scalar, itself.
fn found(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(flag) => format!("boolean `{flag}`"),
        Value::Number(number) => format!("number `{number}`"),
        Value::String(text) => format!("string {}", Value::String(text.clone())),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

/// A type in words: `a list of strings`, `an object with members Id, Issuer`.
pub(crate) fn describe(kind: ValueKind) -> String {
    words(kind, false)
}

/// A type in words, one (`a string`) or several (`strings`).
fn words(kind: ValueKind, plural: bool) -> String {
    let noun = |article: &str, noun: &str| {
        if plural {
            format!("{noun}s")
        } else {
            format!("{article} {noun}")
        }
    };
    match kind {
        ValueKind::String => noun("a", "string"),
        ValueKind::Integer => noun("an", "integer"),
        ValueKind::Boolean => noun("a", "boolean"),
        ValueKind::List(item) => format!("{} of {}", noun("a", "list"), words(*item, true)),
        ValueKind::Object(fields) => {
            format!("{} with members {}", noun("an", "object"), members(fields))
        }
        _ => kind.as_str().to_owned(),
    }
}

fn members(fields: &[acs_protocol::operation::FieldDescription]) -> String {
    let names: Vec<&str> = fields.iter().map(|field| field.wire_name).collect();
    names.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use acs_protocol::operation::{FieldDescription, Location};
    use serde_json::json;

    static TAG: ValueKind = ValueKind::Object(&[
        FieldDescription::new("Key", ValueKind::String, ""),
        FieldDescription::new("Value", ValueKind::String, "").allowed_values(&["a", "b"]),
    ]);
    static TAGS: ParameterDescription =
        ParameterDescription::new("Tags", Location::Query, ValueKind::List(&TAG), "").json();

    fn params(text: &str) -> BTreeMap<String, String> {
        [("Tags".to_owned(), text.to_owned())].into_iter().collect()
    }

    #[test]
    fn reads_checks_and_trims_json_text() {
        let back = read(
            &params(r#"[{"Key":"k","Value":"a","New":1},{}]"#),
            &TAGS,
            true,
        );
        assert_eq!(back.unwrap(), Some(json!([{"Key": "k", "Value": "a"}, {}])));
        assert_eq!(read(&params("null"), &TAGS, true).unwrap(), None);
        assert_eq!(read(&BTreeMap::new(), &TAGS, true).unwrap(), None);
    }

    #[test]
    fn errors_say_where_what_and_the_type() {
        let misfit = read(&params(r#"[{"Value":"c"}]"#), &TAGS, true).unwrap_err();
        assert_eq!(misfit.key, "Tags");
        assert_eq!(misfit.value, r#"[{"Value":"c"}]"#);
        assert_eq!(
            misfit.expected,
            "JSON text of a list of objects with members Key, Value (at `[0].Value` found string \"c\", expected one of a, b)"
        );
        assert!(read(&params(r#"[{"Value":"c"}]"#), &TAGS, false).is_ok());
        let misfit = read(&params("Key=k"), &TAGS, true).unwrap_err();
        assert!(
            misfit
                .expected
                .starts_with("JSON text of a list of objects with members Key, Value (not JSON"),
            "{}",
            misfit.expected
        );
        let misfit = read(&params(r#"{"Key":"k"}"#), &TAGS, true).unwrap_err();
        assert_eq!(
            misfit.expected,
            "JSON text of a list of objects with members Key, Value (found an object, expected a list of objects with members Key, Value)"
        );
        let misfit = read(&params(r#"[{"Key":7}]"#), &TAGS, true).unwrap_err();
        assert!(
            misfit
                .expected
                .ends_with("(at `[0].Key` found number `7`, expected a string)"),
            "{}",
            misfit.expected
        );
    }

    #[test]
    fn only_lists_and_objects_travel_as_json_text() {
        assert!(is_json_text(&TAGS));
        let scalar = ParameterDescription::new("N", Location::Query, ValueKind::Integer, "").json();
        assert!(!is_json_text(&scalar));
        let flat = ParameterDescription::new("Tags", Location::Query, ValueKind::List(&TAG), "");
        assert!(!is_json_text(&flat));
        assert_eq!(
            to_text(&json!(["TOTP", "WebAuthn"])),
            r#"["TOTP","WebAuthn"]"#
        );
    }
}
