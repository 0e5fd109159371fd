//! Why a request got no complete response.

use std::error::Error as StdError;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// What failed on the way to a response.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HttpErrorKind {
    /// The request cannot be sent: no `http`/`https` scheme, no host, a bad header.
    InvalidRequest,
    /// No TCP connection (refused, unreachable, DNS).
    Connect,
    /// No connection within the connect timeout.
    ConnectTimeout,
    /// The TLS handshake failed (an untrusted or mismatched certificate, a protocol error).
    Tls,
    /// The proxy refused or broke the `CONNECT` tunnel.
    Proxy,
    /// No complete answer within the read timeout.
    ReadTimeout,
    /// The connection failed while the request was sent or the answer read.
    Io,
    /// The answer is larger than the client accepts.
    ResponseTooLarge,
}

/// A request that got no complete response: what failed, where, and the underlying error
/// as [`source`](StdError::source).
#[derive(Clone)]
pub struct HttpError {
    kind: HttpErrorKind,
    /// The `host:port` the request went to.
    authority: String,
    detail: Detail,
    source: Option<Arc<dyn StdError + Send + Sync + 'static>>,
}

#[derive(Clone, Debug)]
enum Detail {
    None,
    Duration(Duration),
    Limit(usize),
    Text(String),
}

impl HttpError {
    pub(crate) fn new(kind: HttpErrorKind, authority: impl Into<String>) -> Self {
        Self {
            kind,
            authority: authority.into(),
            detail: Detail::None,
            source: None,
        }
    }

    pub(crate) fn with_source(
        mut self,
        source: impl Into<Box<dyn StdError + Send + Sync + 'static>>,
    ) -> Self {
        self.source = Some(Arc::from(source.into()));
        self
    }

    pub(crate) fn with_duration(mut self, duration: Duration) -> Self {
        self.detail = Detail::Duration(duration);
        self
    }

    pub(crate) fn with_limit(mut self, limit: usize) -> Self {
        self.detail = Detail::Limit(limit);
        self
    }

    pub(crate) fn with_text(mut self, text: impl Into<String>) -> Self {
        self.detail = Detail::Text(text.into());
        self
    }

    /// An error for an in-process transport (see [`HttpClient::from_fn`]), as a connection
    /// failure to `authority`.
    ///
    /// [`HttpClient::from_fn`]: crate::HttpClient::from_fn
    pub fn other(
        kind: HttpErrorKind,
        authority: impl Into<String>,
        source: impl Into<Box<dyn StdError + Send + Sync + 'static>>,
    ) -> Self {
        Self::new(kind, authority).with_source(source)
    }

    /// The timeout that ran out, for a timeout.
    pub fn duration(&self) -> Option<Duration> {
        match self.detail {
            Detail::Duration(duration) => Some(duration),
            _ => None,
        }
    }

    /// What failed.
    pub fn kind(&self) -> HttpErrorKind {
        self.kind
    }

    /// The `host:port` the request went to.
    pub fn authority(&self) -> &str {
        &self.authority
    }

    /// Whether a timeout (connect or read) ran out.
    pub fn is_timeout(&self) -> bool {
        matches!(
            self.kind,
            HttpErrorKind::ConnectTimeout | HttpErrorKind::ReadTimeout
        )
    }

    /// Whether sending again may work: connection failures, timeouts, broken connections,
    /// and a proxy that could not be reached; never a refused certificate or a bad request.
    pub fn is_retryable(&self) -> bool {
        match self.kind {
            HttpErrorKind::Connect
            | HttpErrorKind::ConnectTimeout
            | HttpErrorKind::ReadTimeout
            | HttpErrorKind::Io => true,
            HttpErrorKind::Proxy => self.has_io_source(),
            _ => false,
        }
    }

    /// The certificate error of a failed TLS handshake, if that is what happened.
    pub fn certificate_error(&self) -> Option<&rustls::CertificateError> {
        let mut next: Option<&(dyn StdError + 'static)> = self.source();
        while let Some(error) = next {
            if let Some(rustls::Error::InvalidCertificate(certificate)) =
                error.downcast_ref::<rustls::Error>()
            {
                return Some(certificate);
            }
            next = error.source();
        }
        None
    }

    fn has_io_source(&self) -> bool {
        let mut next: Option<&(dyn StdError + 'static)> = self.source();
        while let Some(error) = next {
            if error.is::<std::io::Error>() {
                return true;
            }
            next = error.source();
        }
        false
    }
}

impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let authority = &self.authority;
        match (self.kind, &self.detail) {
            (HttpErrorKind::InvalidRequest, Detail::Text(text)) => {
                write!(f, "cannot send the request to `{authority}`: {text}")
            }
            (HttpErrorKind::InvalidRequest, _) => {
                write!(f, "cannot send the request to `{authority}`")
            }
            (HttpErrorKind::Connect, _) => write!(f, "cannot connect to {authority}"),
            (HttpErrorKind::ConnectTimeout, Detail::Duration(d)) => {
                write!(
                    f,
                    "no connection to {authority} within {d:?} (connect timeout)"
                )
            }
            (HttpErrorKind::ConnectTimeout, _) => {
                write!(f, "no connection to {authority} within the connect timeout")
            }
            (HttpErrorKind::Tls, _) => write!(f, "TLS handshake with {authority} failed"),
            (HttpErrorKind::Proxy, Detail::Text(proxy)) => {
                write!(f, "proxy {proxy} gave no tunnel to {authority}")
            }
            (HttpErrorKind::Proxy, _) => write!(f, "the proxy gave no tunnel to {authority}"),
            (HttpErrorKind::ReadTimeout, Detail::Duration(d)) => {
                write!(f, "no answer from {authority} within {d:?} (read timeout)")
            }
            (HttpErrorKind::ReadTimeout, _) => {
                write!(f, "no answer from {authority} within the read timeout")
            }
            (HttpErrorKind::Io, _) => write!(f, "the connection to {authority} failed"),
            (HttpErrorKind::ResponseTooLarge, Detail::Limit(limit)) => write!(
                f,
                "the answer of {authority} is larger than {limit} bytes, the most accepted"
            ),
            (HttpErrorKind::ResponseTooLarge, _) => {
                write!(f, "the answer of {authority} is too large")
            }
        }
    }
}

impl fmt::Debug for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpError")
            .field("kind", &self.kind)
            .field("authority", &self.authority)
            .field("source", &self.source)
            .finish()
    }
}

impl StdError for HttpError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn StdError + 'static))
    }
}
