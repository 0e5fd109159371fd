//! JSON bodies: serde's own form of the response, which is the wire form by design.

use acs_protocol::{Format, Operation};
use serde_json::Value;

use crate::error::{BodyError, EncodeError};
use crate::limits::Limits;

/// Decodes straight from the bytes; only when that fails is the body read again to say
/// where (the fast path pays nothing for the error's detail).
pub(super) fn decode<O: Operation>(body: &[u8], limits: &Limits) -> Result<O::Response, BodyError> {
    let body = limits.checked_body(body)?;
    match serde_json::from_slice::<O::Response>(body) {
        Ok(response) => Ok(response),
        Err(first) => Err(explain::<O>(body, first)),
    }
}

fn explain<O: Operation>(body: &[u8], first: serde_json::Error) -> BodyError {
    let syntax = |error: serde_json::Error| BodyError::Syntax {
        format: Format::Json,
        message: error.to_string(),
    };
    match serde_json::from_slice::<Value>(body) {
        Err(error) => syntax(error),
        Ok(value) => match crate::tracked::from_value::<O::Response>(value) {
            Err(error) => error.into(),
            Ok(_) => syntax(first),
        },
    }
}

pub(super) fn encode<O: Operation>(response: &O::Response) -> Result<Vec<u8>, EncodeError> {
    serde_json::to_vec(response).map_err(|error| EncodeError::NotAnObject {
        action: O::DESCRIPTION.action,
        what: "response",
        found: error.to_string(),
    })
}
