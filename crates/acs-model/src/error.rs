/// A value that breaks a rule the API states (for IDs: non-empty).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {field} `{value}`: expected {expected}")]
#[non_exhaustive]
pub struct InvalidValue {
    /// The wire name of the field, e.g. `DirectoryId`.
    pub field: &'static str,
    /// The value that was given.
    pub value: String,
    /// What the API accepts.
    pub expected: &'static str,
}

impl InvalidValue {
    /// The error for `value` of `field`, which the API expects to be `expected` (used by
    /// the models' ID newtypes).
    pub fn new(field: &'static str, value: impl Into<String>, expected: &'static str) -> Self {
        Self {
            field,
            value: value.into(),
            expected,
        }
    }
}

/// Why a request builder could not build its request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// A required field was not set.
    #[error("{field} is required but was not set")]
    MissingField {
        /// The wire name of the field, e.g. `DirectoryId`.
        field: &'static str,
    },
    /// A field was set to a value the API does not accept.
    #[error(transparent)]
    InvalidValue(#[from] InvalidValue),
}
