//! The transport: an HTTP/1.1 client with pooled keep-alive connections, `http://` and
//! `https://` (rustls, ring provider), proxies, a connect timeout, a read timeout per request
//! and a bound on the response size. Credential providers reuse it for the metadata service,
//! credential URIs, STS and the SSO portal.

mod connector;
mod error;
mod proxy;
mod tls;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::header::{
    ACCEPT_ENCODING, CONTENT_LENGTH, HeaderValue, PROXY_AUTHORIZATION, TRANSFER_ENCODING,
};
use http_body_util::{BodyExt as _, Full, Limited};
use hyper_util::client::legacy::Client as PooledClient;
use hyper_util::client::legacy::connect::capture_connection;
use hyper_util::client::proxy::matcher::Matcher;
use hyper_util::rt::{TokioExecutor, TokioTimer};

pub use error::{HttpError, HttpErrorKind};
pub use proxy::{InvalidProxy, ProxyConfig};
pub use tls::{CaBundleError, TlsConfig};

use connector::Connector;

use crate::env::Env;

/// The largest response read by default: 4 MiB, the codec's default body limit.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 4 * 1024 * 1024;
/// How long an idle pooled connection is kept.
pub const DEFAULT_POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(90);
/// The connect timeout of [`HttpClient::new`]: 5 s, as the Python runtime's.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

type HandlerFuture = Pin<Box<dyn Future<Output = Result<http::Response<Bytes>, HttpError>> + Send>>;
type Handler = dyn Fn(http::Request<Bytes>) -> HandlerFuture + Send + Sync;

/// An HTTP/1.1 client; cheap to clone (clones share the connection pool).
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use std::time::Duration;
/// use acs_client::HttpClient;
///
/// let client = HttpClient::new()?; // proxies from the environment, Mozilla's roots
/// let request = http::Request::get("http://100.100.100.200/latest/meta-data/")
///     .body(bytes::Bytes::new())?;
/// let response = client.send(request, Some(Duration::from_secs(1))).await?;
/// println!("{}", response.status());
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct HttpClient {
    inner: Arc<Inner>,
}

enum Transport {
    Pooled {
        client: PooledClient<Connector, Full<Bytes>>,
        proxies: Arc<Matcher>,
    },
    InProcess(Box<Handler>),
}

struct Inner {
    transport: Transport,
    max_response_bytes: usize,
    settings: String,
}

impl fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpClient")
            .field("settings", &self.inner.settings)
            .finish()
    }
}

impl HttpClient {
    /// A client with the defaults of [`HttpClientBuilder`]: proxies from the process's
    /// environment, Mozilla's roots, a 5 s connect timeout.
    pub fn new() -> Result<Self, HttpClientBuildError> {
        Self::builder().build()
    }

    /// A builder.
    pub fn builder() -> HttpClientBuilder {
        HttpClientBuilder::default()
    }

    /// A client that hands every request to `handler` in-process instead of a network: for
    /// tests, benchmarks, and an emulator in the same process. The read timeout and the
    /// response bound still apply.
    ///
    /// ```
    /// use acs_client::HttpClient;
    /// use bytes::Bytes;
    ///
    /// let client = HttpClient::from_fn(|request: http::Request<Bytes>| async move {
    ///     Ok(http::Response::new(Bytes::from(format!("you asked for {}", request.uri()))))
    /// });
    /// # let _ = client;
    /// ```
    pub fn from_fn<F, Fut>(handler: F) -> Self
    where
        F: Fn(http::Request<Bytes>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<http::Response<Bytes>, HttpError>> + Send + 'static,
    {
        let handler: Box<Handler> = Box::new(move |request| Box::pin(handler(request)));
        Self {
            inner: Arc::new(Inner {
                transport: Transport::InProcess(handler),
                max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
                settings: "in-process".to_owned(),
            }),
        }
    }

    /// Sends `request` (absolute `http://` or `https://` URI) and reads the whole answer.
    ///
    /// `read_timeout` bounds the wait for the complete answer once a connection is ready
    /// (a pooled one, or a new one within the connect timeout). The answer is refused past
    /// the size bound.
    pub async fn send(
        &self,
        request: http::Request<Bytes>,
        read_timeout: Option<Duration>,
    ) -> Result<http::Response<Bytes>, HttpError> {
        let authority = request
            .uri()
            .authority()
            .map(|a| a.as_str().to_owned())
            .unwrap_or_default();
        match request.uri().scheme_str() {
            Some("http" | "https") if !authority.is_empty() => {}
            _ => {
                return Err(
                    HttpError::new(HttpErrorKind::InvalidRequest, authority).with_text(format!(
                        "`{}` is not an absolute http:// or https:// URI",
                        request.uri()
                    )),
                );
            }
        }
        let mut request = request;
        declare_body_and_codings(&mut request);
        let max = self.inner.max_response_bytes;
        match &self.inner.transport {
            Transport::InProcess(handler) => {
                let answer = handler(request);
                let response = match read_timeout {
                    Some(limit) => tokio::time::timeout(limit, answer).await.map_err(|_| {
                        HttpError::new(HttpErrorKind::ReadTimeout, authority.as_str())
                            .with_duration(limit)
                    })??,
                    None => answer.await?,
                };
                if response.body().len() > max {
                    return Err(
                        HttpError::new(HttpErrorKind::ResponseTooLarge, authority).with_limit(max)
                    );
                }
                Ok(response)
            }
            Transport::Pooled { client, proxies } => {
                let mut request = request.map(Full::new);
                if request.uri().scheme_str() == Some("http")
                    && let Some(proxy) = proxies.intercept(request.uri())
                    && let Some(auth) = proxy.basic_auth()
                {
                    let mut auth = auth.clone();
                    auth.set_sensitive(true);
                    request.headers_mut().insert(PROXY_AUTHORIZATION, auth);
                }
                let mut connection = capture_connection(&mut request);
                let exchange = async {
                    let response = client
                        .request(request)
                        .await
                        .map_err(|e| request_error(&authority, e))?;
                    let (parts, body) = response.into_parts();
                    let body = Limited::new(body, max).collect().await.map_err(|e| {
                        if e.is::<http_body_util::LengthLimitError>() {
                            HttpError::new(HttpErrorKind::ResponseTooLarge, authority.as_str())
                                .with_limit(max)
                        } else {
                            HttpError::new(HttpErrorKind::Io, authority.as_str()).with_source(e)
                        }
                    })?;
                    Ok(http::Response::from_parts(parts, body.to_bytes()))
                };
                let Some(limit) = read_timeout else {
                    return exchange.await;
                };
                tokio::pin!(exchange);
                // Until a connection is ready the connector's own timeout governs; from then
                // on, the read timeout.
                tokio::select! {
                    biased;
                    result = &mut exchange => return result,
                    _ = connection.wait_for_connection_metadata() => {}
                }
                tokio::time::timeout(limit, exchange).await.map_err(|_| {
                    HttpError::new(HttpErrorKind::ReadTimeout, authority.as_str())
                        .with_duration(limit)
                })?
            }
        }
    }
}

/// Headers the official SDKs' HTTP stacks send and hyper does not: `content-length` even for
/// an empty body of a method that has one (hyper leaves it out for an empty body; RFC 9110
/// says a user agent should send it, and some gateways answer 411 without it), and
/// `accept-encoding: identity` (without it any coding is acceptable, RFC 9110 12.5.3, and this
/// client decodes none). Python's `http.client` sends both.
fn declare_body_and_codings(request: &mut http::Request<Bytes>) {
    let length = request.body().len();
    let method = request.method().clone();
    let headers = request.headers_mut();
    if !headers.contains_key(ACCEPT_ENCODING) {
        headers.insert(ACCEPT_ENCODING, HeaderValue::from_static("identity"));
    }
    let body_expected = !matches!(
        method,
        http::Method::GET | http::Method::HEAD | http::Method::DELETE | http::Method::OPTIONS
    );
    if (length > 0 || body_expected)
        && !headers.contains_key(CONTENT_LENGTH)
        && !headers.contains_key(TRANSFER_ENCODING)
    {
        headers.insert(CONTENT_LENGTH, HeaderValue::from(length));
    }
}

/// The pool's error as ours: a connector error comes back as it was made.
fn request_error(authority: &str, error: hyper_util::client::legacy::Error) -> HttpError {
    let mut next: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(&error);
    while let Some(source) = next {
        if let Some(ours) = source.downcast_ref::<HttpError>() {
            return ours.clone();
        }
        next = source.source();
    }
    let kind = if error.is_connect() {
        HttpErrorKind::Connect
    } else {
        HttpErrorKind::Io
    };
    HttpError::new(kind, authority).with_source(error)
}

/// Builds an [`HttpClient`].
#[derive(Clone, Debug)]
pub struct HttpClientBuilder {
    connect_timeout: Option<Duration>,
    proxy: Option<ProxyConfig>,
    env: Env,
    tls: TlsConfig,
    max_response_bytes: usize,
    pool_idle_timeout: Option<Duration>,
}

impl Default for HttpClientBuilder {
    fn default() -> Self {
        Self {
            connect_timeout: Some(DEFAULT_CONNECT_TIMEOUT),
            proxy: None,
            env: Env::real(),
            tls: TlsConfig::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            pool_idle_timeout: Some(DEFAULT_POOL_IDLE_TIMEOUT),
        }
    }
}

impl HttpClientBuilder {
    /// The time allowed to make a connection (TCP, proxy tunnel and TLS handshake); `None`
    /// waits for ever. 5 s by default.
    #[must_use]
    pub fn connect_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Explicit proxy settings; without them, the environment's ([`ProxyConfig::from_env`]).
    #[must_use]
    pub fn proxy(mut self, proxy: ProxyConfig) -> Self {
        self.proxy = Some(proxy);
        self
    }

    /// The environment the proxy variables are read from when no explicit proxy is set.
    #[must_use]
    pub fn env(mut self, env: Env) -> Self {
        self.env = env;
        self
    }

    /// The roots to trust for `https://`; Mozilla's by default.
    #[must_use]
    pub fn tls(mut self, tls: TlsConfig) -> Self {
        self.tls = tls;
        self
    }

    /// The largest answer read; 4 MiB by default.
    #[must_use]
    pub fn max_response_bytes(mut self, max: usize) -> Self {
        self.max_response_bytes = max;
        self
    }

    /// How long idle connections stay in the pool; `None` keeps them until the server
    /// closes them. 90 s by default.
    #[must_use]
    pub fn pool_idle_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.pool_idle_timeout = timeout;
        self
    }

    /// The client; fails on a proxy URL or TLS settings that cannot work.
    pub fn build(self) -> Result<HttpClient, HttpClientBuildError> {
        let proxy = self
            .proxy
            .clone()
            .unwrap_or_else(|| ProxyConfig::from_env(&self.env));
        let proxies = Arc::new(proxy.matcher()?);
        let tls = Arc::new(
            self.tls
                .client_config()
                .map_err(HttpClientBuildError::Tls)?,
        );
        let connector = Connector::new(tls, Arc::clone(&proxies), self.connect_timeout);
        let client = PooledClient::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .pool_idle_timeout(self.pool_idle_timeout)
            .build(connector);
        let settings = format!(
            "connect_timeout: {:?}, proxy: {proxy:?}, tls: {:?}, max_response_bytes: {}",
            self.connect_timeout, self.tls, self.max_response_bytes
        );
        Ok(HttpClient {
            inner: Arc::new(Inner {
                transport: Transport::Pooled { client, proxies },
                max_response_bytes: self.max_response_bytes,
                settings,
            }),
        })
    }
}

/// Settings that cannot make a client.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum HttpClientBuildError {
    /// A proxy URL is not usable.
    #[error(transparent)]
    Proxy(#[from] InvalidProxy),
    /// rustls refused the TLS settings.
    #[error("cannot set up TLS: {0}")]
    Tls(#[source] rustls::Error),
}
