//! Flattening a parameter's value into `name=value` pairs and back, as RPC parameters
//! travel: a list as `Name.1`, `Name.2`, ...; an object as `Name.Field`; a list of objects
//! as `Name.1.Field`.

use std::collections::BTreeMap;

use acs_protocol::operation::ValueKind;
use serde_json::{Map, Value};

use super::check_allowed_value;

/// Appends the pairs of `value` under `name` to `out`; `null` gives none.
pub(crate) fn flatten(name: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Bool(flag) => out.push((name.to_owned(), flag.to_string())),
        Value::Number(number) => out.push((name.to_owned(), number.to_string())),
        Value::String(text) => out.push((name.to_owned(), text.clone())),
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                flatten(&format!("{name}.{}", index + 1), item, out);
            }
        }
        Value::Object(members) => {
            for (field, member) in members {
                flatten(&format!("{name}.{field}"), member, out);
            }
        }
    }
}

/// A value read back that does not fit its kind: the name as sent, the value, what fits.
#[derive(Debug)]
pub(crate) struct Misfit {
    pub(crate) key: String,
    pub(crate) value: String,
    pub(crate) expected: String,
}

/// Reads the parameter `name` of `kind` from the decoded pairs; `None` when absent.
/// `allowed` are the documented values, checked when `check_allowed` is set.
pub(crate) fn unflatten(
    params: &BTreeMap<String, String>,
    name: &str,
    kind: ValueKind,
    allowed: &[&str],
    check_allowed: bool,
) -> Result<Option<Value>, Misfit> {
    let scalar = |text: &String| -> Result<Value, Misfit> {
        let misfit = |expected: String| Misfit {
            key: name.to_owned(),
            value: text.clone(),
            expected,
        };
        match kind {
            ValueKind::Integer => text
                .trim()
                .parse::<i64>()
                .map(Value::from)
                .map_err(|_| misfit("an integer".into())),
            // The official Python SDK sends `str(True)`: `True`, `False`.
            ValueKind::Boolean if text.eq_ignore_ascii_case("true") => Ok(Value::Bool(true)),
            ValueKind::Boolean if text.eq_ignore_ascii_case("false") => Ok(Value::Bool(false)),
            ValueKind::Boolean => Err(misfit("true or false".into())),
            _ => {
                check_allowed_value(check_allowed, allowed, text).map_err(misfit)?;
                Ok(Value::String(text.clone()))
            }
        }
    };
    match kind {
        ValueKind::List(item) => {
            let prefix = format!("{name}.");
            let mut indexes: Vec<u64> = params
                .range(prefix.clone()..)
                .take_while(|(key, _)| key.starts_with(&prefix))
                .filter_map(|(key, _)| {
                    let rest = key.get(prefix.len()..)?;
                    let index = rest.split('.').next()?;
                    index.parse::<u64>().ok().filter(|index| *index >= 1)
                })
                .collect();
            indexes.sort_unstable();
            indexes.dedup();
            if indexes.is_empty() {
                return Ok(None);
            }
            let mut items = Vec::with_capacity(indexes.len());
            for index in indexes {
                let key = format!("{name}.{index}");
                if let Some(value) = unflatten(params, &key, *item, allowed, check_allowed)? {
                    items.push(value);
                }
            }
            Ok(Some(Value::Array(items)))
        }
        ValueKind::Object(fields) => {
            let mut members = Map::new();
            for field in fields {
                let key = format!("{name}.{}", field.wire_name);
                if let Some(value) = unflatten(
                    params,
                    &key,
                    field.kind,
                    field.allowed_values,
                    check_allowed,
                )? {
                    members.insert(field.wire_name.to_owned(), value);
                }
            }
            Ok((!members.is_empty()).then_some(Value::Object(members)))
        }
        _ => params.get(name).map(scalar).transpose(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use acs_protocol::operation::FieldDescription;
    use serde_json::json;

    static TAG: ValueKind = ValueKind::Object(&[
        FieldDescription::new("Key", ValueKind::String, ""),
        FieldDescription::new("Value", ValueKind::String, ""),
    ]);

    #[test]
    fn flattens_and_reads_back_lists_of_objects() {
        let value = json!([{"Key": "a", "Value": "1"}, {"Key": "b"}]);
        let mut pairs = Vec::new();
        flatten("Tag", &value, &mut pairs);
        let text: Vec<String> = pairs.iter().map(|(n, v)| format!("{n}={v}")).collect();
        assert_eq!(text, ["Tag.1.Key=a", "Tag.1.Value=1", "Tag.2.Key=b"]);
        let params: BTreeMap<String, String> = pairs.into_iter().collect();
        let back = unflatten(&params, "Tag", ValueKind::List(&TAG), &[], true).unwrap();
        assert_eq!(back, Some(value));
    }

    #[test]
    fn list_indexes_sort_numerically_and_skip_non_numbers() {
        let params: BTreeMap<String, String> = [
            ("L.10", "ten"),
            ("L.2", "two"),
            ("L.x", "no"),
            ("L.0", "no"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let back = unflatten(&params, "L", ValueKind::List(&ValueKind::String), &[], true).unwrap();
        assert_eq!(back, Some(json!(["two", "ten"])));
    }

    #[test]
    fn scalars_are_typed_and_checked() {
        let params: BTreeMap<String, String> = [("N", "12"), ("B", "yes"), ("S", "Foo")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        assert_eq!(
            unflatten(&params, "N", ValueKind::Integer, &[], true).unwrap(),
            Some(json!(12))
        );
        let misfit = unflatten(&params, "B", ValueKind::Boolean, &[], true).unwrap_err();
        assert_eq!(
            (
                misfit.key.as_str(),
                misfit.value.as_str(),
                misfit.expected.as_str()
            ),
            ("B", "yes", "true or false")
        );
        let misfit = unflatten(
            &params,
            "S",
            ValueKind::String,
            &["Enabled", "Disabled"],
            true,
        )
        .unwrap_err();
        assert_eq!(misfit.expected, "one of Enabled, Disabled");
        assert_eq!(
            unflatten(&params, "S", ValueKind::String, &["Enabled"], false).unwrap(),
            Some(json!("Foo"))
        );
        assert_eq!(
            unflatten(&params, "Absent", ValueKind::String, &[], true).unwrap(),
            None
        );
    }
}
