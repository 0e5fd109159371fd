//! Deserializing a `serde_json::Value` while remembering where it failed, so that an error
//! names the field (`MFAAuthenticationSettingInfo.AllowedVerificationTypes[1]`) and not only
//! what serde found and expected.
//!
//! Used where an error must name its field: on the server for request parameters, and on
//! the client for a JSON body, only once the fast path has failed (XML bodies say where
//! in the same pass: `xml::de`).

use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Visitor};
use serde_json::Value;

/// Where deserializing failed and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PathError {
    /// The segments from the root: field names and list indexes.
    pub(crate) path: Vec<Segment>,
    /// serde's message: what was found and what was expected.
    pub(crate) message: String,
}

impl PathError {
    /// The path as text, `A.B[0]`; empty for the root.
    pub(crate) fn path_text(&self) -> String {
        join_path(&self.path, '.')
    }

    /// The top-level field, if the failure was inside one.
    pub(crate) fn top_field(&self) -> Option<&str> {
        match self.path.first() {
            Some(Segment::Field(name)) => Some(name),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Segment {
    Field(String),
    Index(usize),
}

/// Deserializes `T` from `value`, naming the field where it fails.
pub(crate) fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, PathError> {
    T::deserialize(Tracked(value)).map_err(|Error { mut path, message }| {
        path.reverse();
        PathError { path, message }
    })
}

/// serde's message, and where it arose (innermost segment first while the error travels
/// up, as in `xml::de`: nothing is recorded on success).
#[derive(Debug)]
struct Error {
    path: Vec<Segment>,
    message: String,
}

impl Error {
    fn within(mut self, segment: Segment) -> Self {
        self.path.push(segment);
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Self {
            path: Vec::new(),
            message: message.to_string(),
        }
    }
}

fn lift(error: serde_json::Error) -> Error {
    de::Error::custom(error)
}

struct Tracked(Value);

macro_rules! delegate {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
                self.0.$method(visitor).map_err(lift)
            }
        )*
    };
}

impl<'de> de::Deserializer<'de> for Tracked {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Object(map) => visitor.visit_map(Fields {
                iter: map.into_iter(),
                pending: None,
            }),
            Value::Array(items) => visitor.visit_seq(Items {
                iter: items.into_iter().enumerate(),
            }),
            other => other.deserialize_any(visitor).map_err(lift),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            Value::Object(_) => self.deserialize_any(visitor),
            other => other
                .deserialize_struct(name, fields, visitor)
                .map_err(lift),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Object(_) => self.deserialize_any(visitor),
            other => other.deserialize_map(visitor).map_err(lift),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Array(_) => self.deserialize_any(visitor),
            other => other.deserialize_seq(visitor).map_err(lift),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.0
            .deserialize_enum(name, variants, visitor)
            .map_err(lift)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.0.deserialize_unit_struct(name, visitor).map_err(lift)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    delegate! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
        deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char deserialize_str
        deserialize_string deserialize_bytes deserialize_byte_buf deserialize_unit
        deserialize_identifier
    }
}

struct Fields {
    iter: serde_json::map::IntoIter,
    /// The member whose key was just read: its name (for an error) and its value.
    pending: Option<(String, Value)>,
}

impl<'de> de::MapAccess<'de> for Fields {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some((key, value)) = self.iter.next() else {
            return Ok(None);
        };
        let read: Result<K::Value, Error> = seed.deserialize(key.as_str().into_deserializer());
        match read {
            Ok(read) => {
                self.pending = Some((key, value));
                Ok(Some(read))
            }
            Err(error) => Err(error.within(Segment::Field(key))),
        }
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Error> {
        let Some((key, value)) = self.pending.take() else {
            return seed.deserialize(Tracked(Value::Null));
        };
        seed.deserialize(Tracked(value))
            .map_err(|error| error.within(Segment::Field(key)))
    }
}

struct Items {
    iter: std::iter::Enumerate<std::vec::IntoIter<Value>>,
}

impl<'de> de::SeqAccess<'de> for Items {
    type Error = Error;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Error> {
        let Some((index, value)) = self.iter.next() else {
            return Ok(None);
        };
        seed.deserialize(Tracked(value))
            .map(Some)
            .map_err(|error| error.within(Segment::Index(index)))
    }
}

/// A path as text, fields joined by `separator` and indexes in brackets: `A.B[0]` for a
/// field path, `Users[0]/Tags[1]/Key` for an element path.
pub(crate) fn join_path(path: &[Segment], separator: char) -> String {
    let mut text = String::new();
    for segment in path {
        match segment {
            Segment::Field(name) => {
                if !text.is_empty() {
                    text.push(separator);
                }
                text.push_str(name);
            }
            Segment::Index(index) => {
                text.push('[');
                text.push_str(&index.to_string());
                text.push(']');
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloudsso_model::{
        GetMfaAuthenticationSettingInfoResponse, SetMfaAuthenticationStatusRequest,
    };
    use serde_json::json;

    #[test]
    fn names_a_nested_list_item() {
        let value = json!({
            "RequestId": "r",
            "MFAAuthenticationSettingInfo": {"AllowedVerificationTypes": ["TOTP", 7]}
        });
        let error = from_value::<GetMfaAuthenticationSettingInfoResponse>(value).unwrap_err();
        assert_eq!(
            error.path_text(),
            "MFAAuthenticationSettingInfo.AllowedVerificationTypes[1]"
        );
        assert_eq!(error.top_field(), Some("MFAAuthenticationSettingInfo"));
        assert!(error.message.contains("integer `7`"), "{}", error.message);
        assert!(
            error.message.contains("expected a string"),
            "{}",
            error.message
        );
    }

    #[test]
    fn names_a_field_rejected_by_its_own_rule() {
        let value = json!({"DirectoryId": "", "MFAAuthenticationStatus": "Enabled"});
        let error = from_value::<SetMfaAuthenticationStatusRequest>(value).unwrap_err();
        assert_eq!(error.path_text(), "DirectoryId");
        assert!(error.message.contains("non-empty"), "{}", error.message);
    }

    #[test]
    fn a_missing_field_is_reported_at_its_parent() {
        let error = from_value::<SetMfaAuthenticationStatusRequest>(json!({})).unwrap_err();
        assert_eq!(error.path_text(), "");
        assert_eq!(error.message, "missing field `DirectoryId`");
    }

    #[test]
    fn decodes_what_serde_json_decodes() {
        let value = json!({
            "RequestId": "r",
            "Unknown": {"x": [1, 2]},
            "MFAAuthenticationSettingInfo": {"MfaAuthenticationAdvanceSettings": "Byuser", "AllowedVerificationTypes": []}
        });
        let tracked: GetMfaAuthenticationSettingInfoResponse = from_value(value.clone()).unwrap();
        let plain: GetMfaAuthenticationSettingInfoResponse = serde_json::from_value(value).unwrap();
        assert_eq!(tracked, plain);
    }
}
