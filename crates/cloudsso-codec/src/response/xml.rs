//! XML bodies: root `<{Action}Response>`, read and written by the operation's description.

use acs_protocol::Operation;
use serde_json::Value;

use crate::error::{BodyError, EncodeError};
use crate::limits::Limits;
use crate::xml;

/// The root element of `O`'s response: `{Action}Response`.
fn root<O: Operation>() -> String {
    format!("{}Response", O::DESCRIPTION.action)
}

pub(super) fn decode<O: Operation>(body: &[u8], limits: &Limits) -> Result<O::Response, BodyError> {
    let (found, members) = xml::read_document(body, O::DESCRIPTION.response_fields, limits)?;
    let action = O::DESCRIPTION.action;
    let is_expected = found
        .strip_prefix(action)
        .is_some_and(|rest| rest == "Response");
    if !is_expected {
        return Err(BodyError::Element {
            element: found.clone(),
            found: format!("root element <{found}>"),
            expected: format!("<{}>", root::<O>()),
        });
    }
    // Fast path; only on failure is the document read again to say where.
    match serde_json::from_value(Value::Object(members)) {
        Ok(response) => Ok(response),
        Err(first) => {
            let (_, members) = xml::read_document(body, O::DESCRIPTION.response_fields, limits)?;
            match crate::tracked::from_value::<O::Response>(Value::Object(members)) {
                Err(error) => Err(error.into()),
                Ok(_) => Err(BodyError::Field {
                    field: String::new(),
                    message: first.to_string(),
                }),
            }
        }
    }
}

pub(super) fn encode<O: Operation>(response: &O::Response) -> Result<Vec<u8>, EncodeError> {
    let not_an_object = |found: String| EncodeError::NotAnObject {
        action: O::DESCRIPTION.action,
        what: "response",
        found,
    };
    match serde_json::to_value(response) {
        Ok(Value::Object(members)) => {
            let mut out = String::new();
            xml::write_document(
                &mut out,
                &root::<O>(),
                O::DESCRIPTION.response_fields,
                &members,
            );
            Ok(out.into_bytes())
        }
        Ok(other) => Err(not_an_object(other.to_string())),
        Err(error) => Err(not_an_object(error.to_string())),
    }
}
