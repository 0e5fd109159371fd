//! XML read and written by the operation's description: the description says which
//! elements are lists (repeated once per item), objects, numbers or booleans. Reading goes
//! straight from quick-xml's events into the typed value (`de`), so the XML has the serde
//! form the JSON has; writing goes through the value's `serde_json::Value`.

mod de;

use acs_protocol::operation::{FieldDescription, ValueKind};
use serde_json::{Map, Value};

use crate::error::BodyError;
use crate::limits::Limits;

/// The XML declaration the service writes first.
pub(crate) const DECLARATION: &str = "<?xml version='1.0' encoding='UTF-8'?>";

pub(crate) use de::from_document;

/// Reads a document whose root's children are `fields` (the root's name is not checked);
/// returns the children as an object of wire names. Unknown elements are skipped.
pub(crate) fn read_document(
    body: &[u8],
    fields: &'static [FieldDescription],
    limits: &Limits,
) -> Result<Map<String, Value>, BodyError> {
    from_document(body, fields, limits, |_| Ok(()))
}

/// Writes `<root>` with the members of `map` as children: described fields first, in the
/// description's order, then any others.
pub(crate) fn write_document(
    out: &mut String,
    root: &str,
    fields: &[FieldDescription],
    map: &Map<String, Value>,
) {
    out.push_str(DECLARATION);
    write_object(out, root, fields, map);
}

fn write_object(
    out: &mut String,
    name: &str,
    fields: &[FieldDescription],
    map: &Map<String, Value>,
) {
    open(out, name);
    for field in fields {
        if let Some(value) = map.get(field.wire_name) {
            write_value(out, field.wire_name, Some(field.kind), value);
        }
    }
    for (key, value) in map {
        if !fields.iter().any(|field| field.wire_name == key) {
            write_value(out, key, None, value);
        }
    }
    close(out, name);
}

fn write_value(out: &mut String, name: &str, kind: Option<ValueKind>, value: &Value) {
    match value {
        Value::Null => {}
        Value::Array(items) => {
            let item_kind = match kind {
                Some(ValueKind::List(item)) => Some(*item),
                _ => None,
            };
            for item in items {
                write_value(out, name, item_kind, item);
            }
        }
        Value::Object(members) => {
            let fields = match kind {
                Some(ValueKind::Object(fields)) => fields,
                _ => &[],
            };
            write_object(out, name, fields, members);
        }
        Value::String(text) => write_text_element(out, name, text),
        Value::Bool(flag) => {
            open(out, name);
            out.push_str(if *flag { "true" } else { "false" });
            close(out, name);
        }
        Value::Number(number) => {
            open(out, name);
            out.push_str(&number.to_string());
            close(out, name);
        }
    }
}

/// `<name>text</name>`, the text escaped.
pub(crate) fn write_text_element(out: &mut String, name: &str, text: &str) {
    open(out, name);
    escape_into(out, text);
    close(out, name);
}

fn open(out: &mut String, name: &str) {
    out.push('<');
    out.push_str(name);
    out.push('>');
}

fn close(out: &mut String, name: &str) {
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

/// Escapes text content: the five predefined entities, and `\r` as a character reference
/// so that a reader's end-of-line normalization gives it back unchanged.
fn escape_into(out: &mut String, text: &str) {
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            other => out.push(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::{LimitError, LimitKind};
    use acs_protocol::Operation;
    use cloudsso_model::GetMfaAuthenticationSettingInfo;

    fn fields() -> &'static [FieldDescription] {
        GetMfaAuthenticationSettingInfo::DESCRIPTION.response_fields
    }

    fn read(xml: &str) -> Result<Value, BodyError> {
        read_document(xml.as_bytes(), fields(), &Limits::DEFAULT).map(Value::Object)
    }

    #[test]
    fn reads_lists_objects_cdata_references_bom_and_declaration() {
        let xml = "\u{feff}<?xml version='1.0' encoding='UTF-8'?>\n<!-- c -->\n<R>\n \
            <RequestId><![CDATA[a<b]]>&amp;&#x41;&#66;</RequestId>\
            <Unknown><Deep><Deeper/></Deep>text</Unknown>\
            <MFAAuthenticationSettingInfo>\
              <AllowedVerificationTypes>TOTP</AllowedVerificationTypes>\
              <AllowedVerificationTypes/>\
              <MfaAuthenticationAdvanceSettings>Byuser</MfaAuthenticationAdvanceSettings>\
            </MFAAuthenticationSettingInfo></R>\n";
        assert_eq!(
            read(xml).unwrap(),
            serde_json::json!({
                "RequestId": "a<b&AB",
                "MFAAuthenticationSettingInfo": {
                    "AllowedVerificationTypes": ["TOTP", ""],
                    "MfaAuthenticationAdvanceSettings": "Byuser"
                }
            })
        );
    }

    #[test]
    fn errors_name_the_element_what_was_found_and_expected() {
        let error = read("<R><RequestId><X/></RequestId></R>").unwrap_err();
        assert_eq!(
            error.to_string(),
            "element <RequestId>: found child element <X>, expected text"
        );
        let error = read("<R><RequestId>&nbsp;</RequestId></R>").unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("element <RequestId>: found reference &nbsp;"),
            "{error}"
        );
        let error = read("<R><RequestId>x</RequestId>").unwrap_err();
        assert_eq!(
            error.to_string(),
            "element <R>: found the end of the document, expected </R>"
        );
        let error = read("<R></R><S/>").unwrap_err();
        assert!(
            error.to_string().contains("after the root element"),
            "{error}"
        );
        let error = read("<R><RequestId>a</Other></R>").unwrap_err();
        assert!(matches!(error, BodyError::Syntax { .. }), "{error}");
        assert!(
            read("")
                .unwrap_err()
                .to_string()
                .contains("expected a root element")
        );
    }

    #[test]
    fn depth_limit_counts_skipped_elements_too() {
        let limits = Limits::DEFAULT.with_max_xml_depth(3);
        let ok = "<R><U><V/></U></R>";
        assert!(read_document(ok.as_bytes(), fields(), &limits).is_ok());
        let deep = "<R><U><V><W/></V></U></R>";
        let error = read_document(deep.as_bytes(), fields(), &limits).unwrap_err();
        assert_eq!(
            error,
            BodyError::Limit(LimitError::new(LimitKind::MaxXmlDepth, 3, 4))
        );
    }

    #[test]
    fn escaping_survives_a_read() {
        let mut out = String::new();
        let text = "a&b<c>d\"e'f\r\ng";
        let map = serde_json::json!({ "RequestId": text });
        let Value::Object(map) = map else {
            unreachable!()
        };
        write_document(&mut out, "R", fields(), &map);
        assert_eq!(read(&out).unwrap()["RequestId"], text);
    }
}
