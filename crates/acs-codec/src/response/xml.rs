//! XML bodies: root `<{Action}Response>`, read and written by the operation's description.

use acs_protocol::Operation;

use crate::error::{BodyError, EncodeError, to_object};
use crate::limits::Limits;
use crate::xml;

/// The root element of `O`'s response: `{Action}Response`.
fn root<O: Operation>() -> String {
    format!("{}Response", O::DESCRIPTION.action)
}

/// Reads the body straight into the typed response; the root element is checked before
/// its children are read.
pub(super) fn decode<O: Operation>(body: &[u8], limits: &Limits) -> Result<O::Response, BodyError> {
    let action = O::DESCRIPTION.action;
    xml::from_document(body, O::DESCRIPTION.response_fields, limits, |found| {
        if found.strip_prefix(action) == Some("Response") {
            return Ok(());
        }
        Err(BodyError::Element {
            element: found.to_owned(),
            found: format!("root element <{found}>"),
            expected: format!("<{}>", root::<O>()),
        })
    })
}

pub(super) fn encode<O: Operation>(response: &O::Response) -> Result<Vec<u8>, EncodeError> {
    let members = to_object(response).map_err(|found| EncodeError::NotAnObject {
        action: O::DESCRIPTION.action,
        what: "response",
        found: found.to_string(),
    })?;
    let mut out = String::new();
    xml::write_document(
        &mut out,
        &root::<O>(),
        O::DESCRIPTION.response_fields,
        &members,
    );
    Ok(out.into_bytes())
}
