//! Making connections for the pool: TCP, through a proxy when the settings say so (a plain
//! connection to it for `http://`, a `CONNECT` tunnel for `https://`), then TLS for
//! `https://`, all within the connect timeout.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use http::Uri;
use hyper::rt::{Read, ReadBufCursor, Write};
use hyper_util::client::legacy::connect::proxy::Tunnel;
use hyper_util::client::legacy::connect::{Connected, Connection, HttpConnector};
use hyper_util::client::proxy::matcher::Matcher;
use hyper_util::rt::TokioIo;
use rustls::ClientConfig;
use rustls::pki_types::ServerName;
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tower_service::Service;

use super::error::{HttpError, HttpErrorKind};

/// Connects for the pool.
#[derive(Clone)]
pub(crate) struct Connector {
    pub(crate) tcp: HttpConnector,
    pub(crate) tls: Arc<ClientConfig>,
    pub(crate) proxies: Arc<Matcher>,
    pub(crate) connect_timeout: Option<Duration>,
}

impl Connector {
    pub(crate) fn new(
        tls: Arc<ClientConfig>,
        proxies: Arc<Matcher>,
        connect_timeout: Option<Duration>,
    ) -> Self {
        let mut tcp = HttpConnector::new();
        tcp.enforce_http(false);
        tcp.set_nodelay(true);
        Self {
            tcp,
            tls,
            proxies,
            connect_timeout,
        }
    }

    async fn connect(self, destination: Uri) -> Result<Conn, HttpError> {
        let authority = destination
            .authority()
            .map(|a| a.as_str().to_owned())
            .unwrap_or_default();
        let https = destination.scheme_str() == Some("https");
        let proxy = self.proxies.intercept(&destination);
        let mut tcp = self.tcp.clone();
        match (https, proxy) {
            (false, None) => {
                let io = tcp.call(destination).await.map_err(|e| {
                    HttpError::new(HttpErrorKind::Connect, authority.as_str()).with_source(e)
                })?;
                Ok(Conn::Plain { io, proxied: false })
            }
            (false, Some(proxy)) => {
                let io = tcp.call(proxy.uri().clone()).await.map_err(|e| {
                    HttpError::new(HttpErrorKind::Connect, authority.as_str())
                        .with_text(shown(proxy.uri()))
                        .with_source(e)
                })?;
                Ok(Conn::Plain { io, proxied: true })
            }
            (true, proxy) => {
                let io = match proxy {
                    None => tcp.call(destination.clone()).await.map_err(|e| {
                        HttpError::new(HttpErrorKind::Connect, authority.as_str()).with_source(e)
                    })?,
                    Some(proxy) => {
                        let mut tunnel = Tunnel::new(proxy.uri().clone(), tcp);
                        if let Some(auth) = proxy.basic_auth() {
                            tunnel = tunnel.with_auth(auth.clone());
                        }
                        tunnel.call(destination.clone()).await.map_err(|e| {
                            HttpError::new(HttpErrorKind::Proxy, authority.as_str())
                                .with_text(shown(proxy.uri()))
                                .with_source(e)
                        })?
                    }
                };
                let host = destination
                    .host()
                    .unwrap_or_default()
                    .trim_start_matches('[')
                    .trim_end_matches(']')
                    .to_owned();
                let server_name = ServerName::try_from(host).map_err(|e| {
                    HttpError::new(HttpErrorKind::InvalidRequest, authority.as_str())
                        .with_text("the host is not a name TLS can check")
                        .with_source(e)
                })?;
                let stream = tokio_rustls::TlsConnector::from(Arc::clone(&self.tls))
                    .connect(server_name, io.into_inner())
                    .await
                    .map_err(|e| {
                        // rustls reports its errors inside an `io::Error`: keep the rustls one.
                        let error = HttpError::new(HttpErrorKind::Tls, authority.as_str());
                        if e.get_ref().is_some_and(|inner| inner.is::<rustls::Error>()) {
                            match e.into_inner() {
                                Some(inner) => error.with_source(inner),
                                None => error,
                            }
                        } else {
                            HttpError::new(HttpErrorKind::Io, authority.as_str()).with_source(e)
                        }
                    })?;
                Ok(Conn::Tls(TokioIo::new(Box::new(stream))))
            }
        }
    }
}

/// A proxy's URI for messages: scheme, host and port only.
fn shown(uri: &Uri) -> String {
    match (uri.scheme_str(), uri.host(), uri.port_u16()) {
        (Some(scheme), Some(host), Some(port)) => format!("{scheme}://{host}:{port}"),
        (Some(scheme), Some(host), None) => format!("{scheme}://{host}"),
        _ => "(proxy)".to_owned(),
    }
}

impl Service<Uri> for Connector {
    type Response = Conn;
    type Error = HttpError;
    type Future = Pin<Box<dyn Future<Output = Result<Conn, HttpError>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, destination: Uri) -> Self::Future {
        let this = self.clone();
        Box::pin(async move {
            let authority = destination
                .authority()
                .map(|a| a.as_str().to_owned())
                .unwrap_or_default();
            match this.connect_timeout {
                Some(limit) => tokio::time::timeout(limit, this.connect(destination))
                    .await
                    .unwrap_or_else(|_| {
                        Err(HttpError::new(HttpErrorKind::ConnectTimeout, authority)
                            .with_duration(limit))
                    }),
                None => this.connect(destination).await,
            }
        })
    }
}

/// A connection: plain TCP (to the server, or to a proxy that forwards), or TLS.
pub(crate) enum Conn {
    Plain {
        io: TokioIo<TcpStream>,
        proxied: bool,
    },
    Tls(TokioIo<Box<TlsStream<TcpStream>>>),
}

impl Connection for Conn {
    fn connected(&self) -> Connected {
        match self {
            Self::Plain { proxied, .. } => Connected::new().proxy(*proxied),
            Self::Tls(_) => Connected::new(),
        }
    }
}

impl Read for Conn {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Self::Plain { io, .. } => Pin::new(io).poll_read(cx, buf),
            Self::Tls(io) => Pin::new(io).poll_read(cx, buf),
        }
    }
}

impl Write for Conn {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Self::Plain { io, .. } => Pin::new(io).poll_write(cx, buf),
            Self::Tls(io) => Pin::new(io).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Self::Plain { io, .. } => Pin::new(io).poll_flush(cx),
            Self::Tls(io) => Pin::new(io).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Self::Plain { io, .. } => Pin::new(io).poll_shutdown(cx),
            Self::Tls(io) => Pin::new(io).poll_shutdown(cx),
        }
    }

    fn is_write_vectored(&self) -> bool {
        match self {
            Self::Plain { io, .. } => io.is_write_vectored(),
            Self::Tls(io) => io.is_write_vectored(),
        }
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Self::Plain { io, .. } => Pin::new(io).poll_write_vectored(cx, bufs),
            Self::Tls(io) => Pin::new(io).poll_write_vectored(cx, bufs),
        }
    }
}
