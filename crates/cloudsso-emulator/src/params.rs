//! Checks of request parameters that the codec leaves to the service: presence of the
//! parameters an operation needs, and the documented limits (lengths, ranges) of
//! [`acs_protocol::operation::Limits`] read from the operation's own description, so that
//! a limit is written once, in the API description.
//!
//! Failures are worded as the codec words its own: `Missing{Name}` and `Invalid{Name}`
//! (400), naming the parameter, the value and what was expected.

use acs_codec::RequestError;
use acs_protocol::Operation;
use cloudsso_model::DirectoryId;
use http::StatusCode;

use crate::error::Failure;

/// The most characters of a value quoted back in an error message.
const QUOTED_CHARS: usize = 80;

/// A request field that may or may not be given: `Option<T>` for an optional parameter,
/// `T` for one the API marks required (the codec refused its absence already).
pub(crate) trait Given<T> {
    /// The value, if given.
    fn given(&self) -> Option<&T>;
}

impl<T> Given<T> for T {
    fn given(&self) -> Option<&T> {
        Some(self)
    }
}

impl<T> Given<T> for Option<T> {
    fn given(&self) -> Option<&T> {
        self.as_ref()
    }
}

/// `Missing{Name}` for a parameter operation `O` needs.
pub(crate) fn missing<O: Operation>(name: &'static str) -> Failure {
    Failure::from(RequestError::MissingParameter {
        action: O::DESCRIPTION.action,
        name,
    })
}

/// `Invalid{Name}`: parameter `name` is `value`, `expected` was.
pub(crate) fn invalid(name: &str, value: &str, expected: &str) -> Failure {
    Failure::new(
        format!("Invalid{name}"),
        StatusCode::BAD_REQUEST,
        format!(
            "parameter {name} is `{}`; expected {expected}",
            quoted(value)
        ),
    )
}

/// `value` cut to [`QUOTED_CHARS`] characters for a message.
pub(crate) fn quoted(value: &str) -> String {
    let mut text: String = value.chars().take(QUOTED_CHARS).collect();
    if value.chars().nth(QUOTED_CHARS).is_some() {
        text.push('…');
    }
    text
}

/// The parameter `value` of `O` that must be present.
pub(crate) fn required<'a, O: Operation, T>(
    name: &'static str,
    value: &'a impl Given<T>,
) -> Result<&'a T, Failure> {
    value.given().ok_or_else(|| missing::<O>(name))
}

/// The `DirectoryId` a request of `O` must carry.
pub(crate) fn directory<O: Operation>(id: &impl Given<DirectoryId>) -> Result<&str, Failure> {
    id.given()
        .map(DirectoryId::as_str)
        .ok_or_else(|| missing::<O>("DirectoryId"))
}

/// Text parameter `name` of `O` within its documented length (in characters), if given.
pub(crate) fn text<'a, O: Operation>(
    name: &str,
    value: &'a impl Given<String>,
) -> Result<Option<&'a str>, Failure> {
    let Some(value) = value.given() else {
        return Ok(None);
    };
    if let Some(limits) = O::DESCRIPTION.parameter(name).map(|p| p.limits) {
        let length = u64::try_from(value.chars().count()).unwrap_or(u64::MAX);
        let too_short = limits.min_length.is_some_and(|min| length < min);
        let too_long = limits.max_length.is_some_and(|max| length > max);
        if too_short || too_long {
            let expected = match (limits.min_length, limits.max_length) {
                (Some(min), Some(max)) => format!("{min} to {max} characters"),
                (Some(min), None) => format!("at least {min} characters"),
                (None, Some(max)) => format!("at most {max} characters"),
                (None, None) => "a text".to_owned(),
            };
            return Err(invalid(name, value, &expected));
        }
    }
    Ok(Some(value.as_str()))
}

/// Text parameter `name` of `O` that must be present and non-empty, within its documented
/// length.
pub(crate) fn required_text<'a, O: Operation>(
    name: &'static str,
    value: &'a impl Given<String>,
) -> Result<&'a str, Failure> {
    match text::<O>(name, value)? {
        None => Err(missing::<O>(name)),
        Some("") => Err(invalid(name, "", "a non-empty value")),
        Some(value) => Ok(value),
    }
}

/// Integer parameter `name` of `O` within its documented range, if given.
pub(crate) fn integer<O: Operation>(
    name: &str,
    value: Option<i64>,
) -> Result<Option<i64>, Failure> {
    let Some(value) = value else {
        return Ok(None);
    };
    if let Some(limits) = O::DESCRIPTION.parameter(name).map(|p| p.limits) {
        let low = limits.minimum.is_some_and(|min| value < min);
        let high = limits.maximum.is_some_and(|max| value > max);
        if low || high {
            let expected = match (limits.minimum, limits.maximum) {
                (Some(min), Some(max)) => format!("an integer from {min} to {max}"),
                (Some(min), None) => format!("an integer of at least {min}"),
                (None, Some(max)) => format!("an integer of at most {max}"),
                (None, None) => "an integer".to_owned(),
            };
            return Err(invalid(name, &value.to_string(), &expected));
        }
    }
    Ok(Some(value))
}

#[cfg(test)]
mod tests {
    use cloudsso_model::{CreateUser, SetPasswordPolicy};

    use super::*;

    #[test]
    fn lengths_and_ranges_come_from_the_description() {
        let long = "x".repeat(65);
        let failure = text::<CreateUser>("UserName", &Some(long)).unwrap_err();
        assert_eq!(failure.code, "InvalidUserName");
        assert!(
            failure.message.contains("at most 64 characters"),
            "{}",
            failure.message
        );
        let fine = "alice".to_owned();
        assert_eq!(
            text::<CreateUser>("UserName", &fine).unwrap(),
            Some("alice")
        );
        let failure = integer::<SetPasswordPolicy>("MinPasswordLength", Some(7)).unwrap_err();
        assert_eq!(failure.code, "InvalidMinPasswordLength");
        assert!(
            failure.message.contains("from 8 to 32"),
            "{}",
            failure.message
        );
        assert_eq!(
            required_text::<CreateUser>("UserName", &None::<String>)
                .unwrap_err()
                .code,
            "MissingUserName"
        );
    }
}
