use std::fmt;
use std::str::FromStr;

/// The format of a response body, as the `Format` parameter names it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// `JSON`, the official SDKs' choice.
    #[default]
    Json,
    /// `XML`, the service's default when a request names no format.
    Xml,
}

impl Format {
    /// The value of the `Format` parameter: `JSON` or `XML`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Json => "JSON",
            Self::Xml => "XML",
        }
    }

    /// The `content-type` the service answers with in this format.
    pub const fn content_type(self) -> &'static str {
        match self {
            Self::Json => "application/json;charset=utf-8",
            Self::Xml => "text/xml;charset=utf-8",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A string that names no response format.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown format `{0}`; expected JSON or XML")]
pub struct ParseFormatError(pub String);

impl FromStr for Format {
    type Err = ParseFormatError;

    /// Accepts `JSON` and `XML` in any case, as the service does.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.eq_ignore_ascii_case("json") {
            Ok(Self::Json)
        } else if s.eq_ignore_ascii_case("xml") {
            Ok(Self::Xml)
        } else {
            Err(ParseFormatError(s.to_owned()))
        }
    }
}
