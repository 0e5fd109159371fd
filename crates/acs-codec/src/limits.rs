//! Limits on untrusted input: a server decodes requests from anyone, a client decodes
//! whatever answers at the endpoint. Each limit has a name that its error repeats.

use std::fmt;

/// The bounds a decoder keeps to on untrusted input.
///
/// The defaults are far above anything CloudSSO sends or accepts (its largest responses are
/// lists of a few hundred items) and far below what would exhaust a process.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Limits {
    /// The most bytes a body (response, error envelope, form) may have.
    pub max_body_bytes: usize,
    /// The deepest nesting of XML elements, the root being depth 1.
    pub max_xml_depth: usize,
    /// The most parameters a request (query and form together) may carry.
    pub max_parameters: usize,
}

impl Limits {
    /// 4 MiB bodies, XML 32 levels deep, 1000 parameters.
    pub const DEFAULT: Self = Self {
        max_body_bytes: 4 * 1024 * 1024,
        max_xml_depth: 32,
        max_parameters: 1000,
    };

    /// The same limits with another `max_body_bytes`.
    #[must_use]
    pub const fn with_max_body_bytes(mut self, max: usize) -> Self {
        self.max_body_bytes = max;
        self
    }

    /// The same limits with another `max_xml_depth`.
    #[must_use]
    pub const fn with_max_xml_depth(mut self, max: usize) -> Self {
        self.max_xml_depth = max;
        self
    }

    /// The same limits with another `max_parameters`.
    #[must_use]
    pub const fn with_max_parameters(mut self, max: usize) -> Self {
        self.max_parameters = max;
        self
    }

    pub(crate) fn check_body(&self, len: usize) -> Result<(), LimitError> {
        if len > self.max_body_bytes {
            return Err(LimitError::new(
                LimitKind::MaxBodyBytes,
                self.max_body_bytes,
                len,
            ));
        }
        Ok(())
    }

    /// `body` within `max_body_bytes`, without its UTF-8 byte order mark.
    pub(crate) fn checked_body<'a>(&self, body: &'a [u8]) -> Result<&'a [u8], LimitError> {
        self.check_body(body.len())?;
        Ok(strip_bom(body))
    }
}

/// `body` without its UTF-8 byte order mark, if it has one.
pub(crate) fn strip_bom(body: &[u8]) -> &[u8] {
    body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body)
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Which limit an input went past.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LimitKind {
    /// [`Limits::max_body_bytes`].
    MaxBodyBytes,
    /// [`Limits::max_xml_depth`].
    MaxXmlDepth,
    /// [`Limits::max_parameters`].
    MaxParameters,
}

impl LimitKind {
    /// The limit's name, as the field of [`Limits`] spells it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::MaxBodyBytes => "max_body_bytes",
            Self::MaxXmlDepth => "max_xml_depth",
            Self::MaxParameters => "max_parameters",
        }
    }

    const fn unit(self) -> &'static str {
        match self {
            Self::MaxBodyBytes => "bytes",
            Self::MaxXmlDepth => "levels of elements",
            Self::MaxParameters => "parameters",
        }
    }
}

impl fmt::Display for LimitKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An input went past one of the [`Limits`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[error(
    "input has {found} {unit}, more than the limit {limit} allows ({max})",
    unit = limit.unit()
)]
#[non_exhaustive]
pub struct LimitError {
    /// The limit.
    pub limit: LimitKind,
    /// Its value.
    pub max: usize,
    /// What the input had (for depth: the first depth past the limit).
    pub found: usize,
}

impl LimitError {
    pub(crate) const fn new(limit: LimitKind, max: usize, found: usize) -> Self {
        Self { limit, max, found }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_limit_names_itself_and_both_sizes() {
        let limits = Limits::DEFAULT.with_max_body_bytes(10);
        assert!(limits.check_body(10).is_ok());
        let error = limits.check_body(11).unwrap_err();
        assert_eq!(error.limit, LimitKind::MaxBodyBytes);
        assert_eq!(
            error.to_string(),
            "input has 11 bytes, more than the limit max_body_bytes allows (10)"
        );
    }
}
