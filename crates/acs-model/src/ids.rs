//! The request ID every response carries, and the value an open enum keeps when it does not
//! know it.

crate::id_newtype! {
    /// The ID the service gives each request, e.g. `14E2B1A9-7713-5E6F-8409-8DE12DF51AF4`.
    ///
    /// Taken as the service sends it, without validation.
    RequestId, wire = "RequestId", example = "14E2B1A9-7713-5E6F-8409-8DE12DF51AF4", rule = any
}

impl RequestId {
    /// Wraps a request ID; every string is one.
    pub fn from_service(value: impl Into<String>) -> Self {
        Self(value.into())
    }
}

/// A value of an open enum that this version of the model does not know.
///
/// It is kept verbatim so that it is re-sent unchanged. It is made only by the enums'
/// `From<&str>` and `FromStr`, which map the known values to their variants first, so an
/// `Unknown` never holds a documented value.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    /// For `open_enum!` only, after it has found `value` is no known value.
    #[doc(hidden)]
    pub fn __new(value: &str) -> Self {
        Self(value.to_owned())
    }

    /// The value as it was received.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_id_is_any_text() {
        assert_eq!(RequestId::new("").unwrap().as_str(), "");
        let id: RequestId = serde_json::from_str("\"14E2B1A9\"").unwrap();
        assert_eq!(id, RequestId::from_service("14E2B1A9"));
    }
}
