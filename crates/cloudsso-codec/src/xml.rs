//! XML read and written by the operation's description: the description says which
//! elements are lists (repeated once per item), objects, numbers or booleans, so the XML
//! becomes the same `serde_json::Value` the JSON would be, and one serde form serves both.

use acs_protocol::Format;
use acs_protocol::operation::{FieldDescription, ValueKind};
use quick_xml::Reader;
use quick_xml::events::{BytesRef, Event};
use serde_json::{Map, Value};

use crate::error::BodyError;
use crate::limits::{LimitError, LimitKind, Limits};

/// The XML declaration the service writes first.
pub(crate) const DECLARATION: &str = "<?xml version='1.0' encoding='UTF-8'?>";

/// Reads a document whose root's children are `fields`; returns the root's name and the
/// children as an object of wire names. Unknown elements are skipped.
pub(crate) fn read_document(
    body: &[u8],
    fields: &[FieldDescription],
    limits: &Limits,
) -> Result<(String, Map<String, Value>), BodyError> {
    limits.check_body(body.len())?;
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let text = std::str::from_utf8(body).map_err(|error| BodyError::NotUtf8 {
        format: Format::Xml,
        offset: error.valid_up_to(),
    })?;
    let mut reader = Reader::from_str(text);
    // `<A/>` comes as `<A></A>`: one shape for the code below.
    reader.config_mut().expand_empty_elements = true;
    let mut reader = XmlReader {
        reader,
        max_depth: limits.max_xml_depth,
    };
    loop {
        match reader.next()? {
            Event::Start(start) => {
                let root = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
                reader.check_depth(1)?;
                let map = reader.read_object(fields, &root, 1)?;
                reader.read_to_end_of_document(&root)?;
                return Ok((root, map));
            }
            Event::Text(text) if is_blank(&text) => {}
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
            Event::Eof => {
                return Err(BodyError::Element {
                    element: String::new(),
                    found: "the end of the document".into(),
                    expected: "a root element".into(),
                });
            }
            other => {
                return Err(BodyError::Element {
                    element: String::new(),
                    found: describe(&other),
                    expected: "a root element".into(),
                });
            }
        }
    }
}

fn is_blank(text: &[u8]) -> bool {
    text.iter().all(u8::is_ascii_whitespace)
}

fn describe(event: &Event<'_>) -> String {
    match event {
        Event::Start(start) | Event::Empty(start) => format!(
            "child element <{}>",
            String::from_utf8_lossy(start.local_name().as_ref())
        ),
        Event::End(end) => format!(
            "end tag </{}>",
            String::from_utf8_lossy(end.local_name().as_ref())
        ),
        Event::Text(text) => format!("text `{}`", excerpt(&String::from_utf8_lossy(text))),
        Event::CData(_) => "CDATA".into(),
        Event::GeneralRef(reference) => {
            format!("reference &{};", String::from_utf8_lossy(reference))
        }
        Event::Eof => "the end of the document".into(),
        Event::Decl(_) => "an XML declaration".into(),
        Event::PI(_) => "a processing instruction".into(),
        Event::Comment(_) => "a comment".into(),
        Event::DocType(_) => "a DOCTYPE".into(),
    }
}

/// At most 40 characters of `text`, to quote in an error.
fn excerpt(text: &str) -> String {
    let mut chars = text.chars();
    let short: String = chars.by_ref().take(40).collect();
    if chars.next().is_some() {
        format!("{short}…")
    } else {
        short
    }
}

struct XmlReader<'a> {
    reader: Reader<&'a [u8]>,
    max_depth: usize,
}

impl<'a> XmlReader<'a> {
    fn next(&mut self) -> Result<Event<'a>, BodyError> {
        self.reader.read_event().map_err(|error| BodyError::Syntax {
            format: Format::Xml,
            message: format!("{error} (at byte {})", self.reader.error_position()),
        })
    }

    fn check_depth(&self, depth: usize) -> Result<(), BodyError> {
        if depth > self.max_depth {
            return Err(LimitError::new(LimitKind::MaxXmlDepth, self.max_depth, depth).into());
        }
        Ok(())
    }

    /// After the root: only comments, processing instructions and whitespace.
    fn read_to_end_of_document(&mut self, root: &str) -> Result<(), BodyError> {
        loop {
            match self.next()? {
                Event::Eof => return Ok(()),
                Event::Text(text) if is_blank(&text) => {}
                Event::Comment(_) | Event::PI(_) => {}
                other => {
                    return Err(BodyError::Element {
                        element: root.to_owned(),
                        found: format!("{} after the root element", describe(&other)),
                        expected: "the end of the document".into(),
                    });
                }
            }
        }
    }

    /// Reads the children of the element `name` (already opened, at `depth`) up to its end
    /// tag. Text between children is ignored.
    fn read_object(
        &mut self,
        fields: &[FieldDescription],
        name: &str,
        depth: usize,
    ) -> Result<Map<String, Value>, BodyError> {
        let mut map = Map::new();
        loop {
            match self.next()? {
                Event::Start(start) => {
                    self.check_depth(depth + 1)?;
                    let local = start.local_name();
                    let field = fields
                        .iter()
                        .find(|field| field.wire_name.as_bytes() == local.as_ref());
                    let Some(field) = field else {
                        self.skip(depth + 1)?;
                        continue;
                    };
                    match field.kind {
                        ValueKind::List(item) => {
                            let value = self.read_value(*item, field.wire_name, depth + 1)?;
                            match map
                                .entry(field.wire_name)
                                .or_insert_with(|| Value::Array(Vec::new()))
                            {
                                Value::Array(items) => items.push(value),
                                other => *other = Value::Array(vec![value]),
                            }
                        }
                        kind => {
                            let value = self.read_value(kind, field.wire_name, depth + 1)?;
                            map.insert(field.wire_name.to_owned(), value);
                        }
                    }
                }
                Event::End(_) => return Ok(map),
                Event::Eof => {
                    return Err(BodyError::Element {
                        element: name.to_owned(),
                        found: "the end of the document".into(),
                        expected: format!("</{name}>"),
                    });
                }
                _ => {}
            }
        }
    }

    /// Reads the content of the element `name` (already opened, at `depth`) as `kind`.
    fn read_value(
        &mut self,
        kind: ValueKind,
        name: &str,
        depth: usize,
    ) -> Result<Value, BodyError> {
        match kind {
            ValueKind::Object(fields) => Ok(Value::Object(self.read_object(fields, name, depth)?)),
            ValueKind::String => Ok(Value::String(self.read_text(name)?)),
            ValueKind::Integer => {
                let text = self.read_text(name)?;
                let trimmed = text.trim();
                trimmed
                    .parse::<i64>()
                    .map(Value::from)
                    .or_else(|_| trimmed.parse::<u64>().map(Value::from))
                    .map_err(|_| BodyError::Element {
                        element: name.to_owned(),
                        found: format!("`{}`", excerpt(&text)),
                        expected: "an integer".into(),
                    })
            }
            ValueKind::Boolean => {
                let text = self.read_text(name)?;
                match text.trim() {
                    "true" => Ok(Value::Bool(true)),
                    "false" => Ok(Value::Bool(false)),
                    _ => Err(BodyError::Element {
                        element: name.to_owned(),
                        found: format!("`{}`", excerpt(&text)),
                        expected: "true or false".into(),
                    }),
                }
            }
            // A list of lists has no XML form; read the item as its own kind.
            ValueKind::List(item) => self.read_value(*item, name, depth),
            _ => {
                self.skip(depth)?;
                Ok(Value::Null)
            }
        }
    }

    /// The text of an element that holds only text (CDATA and references included).
    fn read_text(&mut self, name: &str) -> Result<String, BodyError> {
        let mut text = String::new();
        loop {
            match self.next()? {
                Event::Text(part) => {
                    let part = part.xml10_content().map_err(|error| BodyError::Syntax {
                        format: Format::Xml,
                        message: format!("in <{name}>: {error}"),
                    })?;
                    text.push_str(&part);
                }
                Event::CData(part) => {
                    let part = part.decode().map_err(|error| BodyError::Syntax {
                        format: Format::Xml,
                        message: format!("in <{name}>: {error}"),
                    })?;
                    text.push_str(&part);
                }
                Event::GeneralRef(reference) => push_reference(&mut text, &reference, name)?,
                Event::End(_) => return Ok(text),
                Event::Comment(_) | Event::PI(_) => {}
                other => {
                    return Err(BodyError::Element {
                        element: name.to_owned(),
                        found: describe(&other),
                        expected: "text".into(),
                    });
                }
            }
        }
    }

    /// Skips the rest of an element opened at `depth`, children included.
    fn skip(&mut self, depth: usize) -> Result<(), BodyError> {
        let mut open = 1usize;
        loop {
            match self.next()? {
                Event::Start(_) => {
                    open += 1;
                    self.check_depth(depth + open - 1)?;
                }
                Event::End(_) => {
                    open -= 1;
                    if open == 0 {
                        return Ok(());
                    }
                }
                Event::Eof => {
                    return Err(BodyError::Element {
                        element: String::new(),
                        found: "the end of the document".into(),
                        expected: "the end tag of a skipped element".into(),
                    });
                }
                _ => {}
            }
        }
    }
}

fn push_reference(
    text: &mut String,
    reference: &BytesRef<'_>,
    name: &str,
) -> Result<(), BodyError> {
    let invalid = |what: &str| BodyError::Element {
        element: name.to_owned(),
        found: format!("reference &{what};"),
        expected: "one of &lt; &gt; &amp; &apos; &quot; or a character reference".into(),
    };
    let raw = String::from_utf8_lossy(reference);
    match reference.resolve_char_ref() {
        Ok(Some(ch)) => text.push(ch),
        Ok(None) => match quick_xml::escape::resolve_predefined_entity(&raw) {
            Some(resolved) => text.push_str(resolved),
            None => return Err(invalid(&raw)),
        },
        Err(_) => return Err(invalid(&raw)),
    }
    Ok(())
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
        Value::String(text) => {
            open(out, name);
            escape_into(out, text);
            close(out, name);
        }
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
pub(crate) fn escape_into(out: &mut String, text: &str) {
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
    use acs_protocol::Operation;
    use cloudsso_model::GetMfaAuthenticationSettingInfo;

    fn fields() -> &'static [FieldDescription] {
        GetMfaAuthenticationSettingInfo::DESCRIPTION.response_fields
    }

    fn read(xml: &str) -> Result<Value, BodyError> {
        read_document(xml.as_bytes(), fields(), &Limits::DEFAULT).map(|(_, map)| Value::Object(map))
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
