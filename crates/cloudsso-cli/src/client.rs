//! A minimal HTTP/1.1 client over hyper for `call` and `demo`, over TLS for `https://`.
//!
//! TLS is rustls on the ring provider, through tokio-rustls: SNI is the endpoint's host (none
//! for an IP address, as the RFC asks), ALPN offers `http/1.1` only, and the server's
//! certificate is checked against Mozilla's roots compiled in (webpki-roots) or, with
//! `--ca-bundle FILE`, against the certificates of that file instead. One connection per
//! request: `call` makes one request (or one per page), so pooling would buy nothing.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::uri::{Authority, PathAndQuery};
use http_body_util::{BodyExt as _, Full, Limited};
use hyper_util::rt::TokioIo;
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, ServerName};
use rustls::{ClientConfig, RootCertStore};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;

use crate::credentials::Environment;
use crate::error::CliError;

/// The largest response body read: 4 MiB, as the codec's default limit.
pub const MAX_RESPONSE_BYTES: usize = 4 * 1024 * 1024;

/// A file of CA certificates to trust instead of Mozilla's roots, and what named it (for
/// errors).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CaBundle<'a> {
    /// `--ca-bundle`, or `SSL_CERT_FILE`.
    pub source: &'static str,
    /// The PEM file.
    pub path: &'a Path,
}

impl<'a> CaBundle<'a> {
    /// `--ca-bundle FILE` if given, else the file `SSL_CERT_FILE` names if it is set and not
    /// empty: the variable OpenSSL, curl and Python read, so a machine set up for a
    /// TLS-inspecting proxy works without the flag.
    pub fn resolve(flag: Option<&'a Path>, env: &'a Environment) -> Option<Self> {
        match flag {
            Some(path) => Some(Self {
                source: "--ca-bundle",
                path,
            }),
            None => env.var("SSL_CERT_FILE").map(|path| Self {
                source: "SSL_CERT_FILE",
                path: Path::new(path),
            }),
        }
    }
}

/// Sends requests: the time allowed for each, and the TLS settings for `https://`.
#[derive(Clone, Debug)]
pub struct Client {
    timeout: Duration,
    tls: Arc<ClientConfig>,
}

impl Client {
    /// A client whose requests get `timeout` each (connecting, the TLS handshake, sending
    /// and reading the whole answer), trusting the certificates of `ca_bundle` if given,
    /// else Mozilla's roots.
    ///
    /// The file is read here, not at the first `https://` request, so that a wrong path is
    /// a usage error whatever the endpoint.
    pub fn new(timeout: Duration, ca_bundle: Option<CaBundle<'_>>) -> Result<Self, CliError> {
        let roots = match ca_bundle {
            Some(bundle) => load_roots(bundle)?,
            None => RootCertStore {
                roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
            },
        };
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| CliError::Transport(format!("cannot set up TLS: {e}")))?
            .with_root_certificates(roots)
            .with_no_client_auth();
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(Self {
            timeout,
            tls: Arc::new(config),
        })
    }

    /// Sends `request` (absolute URI) and reads the whole response within the timeout.
    pub async fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, CliError> {
        match tokio::time::timeout(self.timeout, self.send_inner(request)).await {
            Ok(result) => result,
            Err(_) => Err(CliError::Transport(format!(
                "no answer within {} s (see --timeout)",
                self.timeout.as_secs()
            ))),
        }
    }

    async fn send_inner(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, CliError> {
        let uri = request.uri().clone();
        let tls = match uri.scheme_str() {
            Some("http") => false,
            Some("https") => true,
            other => {
                return Err(CliError::usage(
                    "--endpoint",
                    format!(
                        "scheme `{}` is not supported; expected http or https",
                        other.unwrap_or("")
                    ),
                ));
            }
        };
        let authority = uri
            .authority()
            .ok_or_else(|| CliError::usage("--endpoint", format!("{uri} has no host")))?;
        let port = authority.port_u16().unwrap_or(if tls { 443 } else { 80 });
        let host = authority
            .host()
            .trim_start_matches('[')
            .trim_end_matches(']');
        let stream = TcpStream::connect((host, port))
            .await
            .map_err(|e| CliError::Transport(format!("cannot connect to {authority}: {e}")))?;
        let _ = stream.set_nodelay(true);
        if tls {
            let server_name = ServerName::try_from(host.to_owned()).map_err(|e| {
                CliError::usage(
                    "--endpoint",
                    format!("`{host}` is not a host name TLS can check ({e})"),
                )
            })?;
            let connector = tokio_rustls::TlsConnector::from(Arc::clone(&self.tls));
            let stream = connector
                .connect(server_name, stream)
                .await
                .map_err(|e| handshake_error(authority, &e))?;
            exchange(stream, request, authority).await
        } else {
            exchange(stream, request, authority).await
        }
    }
}

/// One request and its whole answer over a connected `stream`.
async fn exchange<S>(
    stream: S,
    request: http::Request<Vec<u8>>,
    authority: &Authority,
) -> Result<http::Response<Vec<u8>>, CliError>
where
    S: AsyncRead + AsyncWrite + Send + Unpin + 'static,
{
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| CliError::Transport(format!("HTTP handshake with {authority}: {e}")))?;
    let connection = tokio::spawn(connection);

    let (mut parts, body) = request.into_parts();
    let origin = parts
        .uri
        .path_and_query()
        .cloned()
        .unwrap_or_else(|| PathAndQuery::from_static("/"));
    parts.uri = http::Uri::from(origin);
    if !parts.headers.contains_key(http::header::HOST)
        && let Ok(value) = http::HeaderValue::from_str(authority.as_str())
    {
        parts.headers.insert(http::header::HOST, value);
    }
    let request = http::Request::from_parts(parts, Full::new(Bytes::from(body)));
    let response = sender
        .send_request(request)
        .await
        .map_err(|e| CliError::Transport(format!("request to {authority} failed: {e}")))?;
    let (parts, body) = response.into_parts();
    let body = Limited::new(body, MAX_RESPONSE_BYTES)
        .collect()
        .await
        .map_err(|e| CliError::Transport(format!("reading the answer of {authority}: {e}")))?
        .to_bytes();
    connection.abort();
    Ok(http::Response::from_parts(parts, body.to_vec()))
}

/// A failed handshake as a transport error naming the endpoint and rustls's reason; a
/// certificate from an issuer not trusted gets a hint at `--ca-bundle`.
fn handshake_error(authority: &Authority, error: &std::io::Error) -> CliError {
    let rustls_error = error
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>());
    let hint = match rustls_error {
        Some(rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer)) => {
            " (no trusted root issued it: --ca-bundle FILE trusts the CA certificates of FILE \
             instead of Mozilla's roots)"
        }
        _ => "",
    };
    CliError::Transport(format!("TLS handshake with {authority}: {error}{hint}"))
}

/// The certificates of the bundle's PEM file, each one checked, as the only roots.
fn load_roots(bundle: CaBundle<'_>) -> Result<RootCertStore, CliError> {
    let CaBundle { source, path } = bundle;
    let shown = path.display();
    let bytes = std::fs::read(path).map_err(|e| {
        CliError::usage(
            source,
            format!("cannot read `{shown}` ({e}); expected a PEM file of CA certificates"),
        )
    })?;
    let mut roots = RootCertStore::empty();
    for (index, certificate) in CertificateDer::pem_slice_iter(&bytes).enumerate() {
        let certificate = certificate.map_err(|e| {
            CliError::usage(
                source,
                format!(
                    "`{shown}` is not valid PEM ({e}); expected -----BEGIN CERTIFICATE----- \
                     blocks"
                ),
            )
        })?;
        roots.add(certificate).map_err(|e| {
            CliError::usage(
                source,
                format!(
                    "certificate {} of `{shown}` cannot be a root ({e}); expected X.509 CA \
                     certificates",
                    index + 1
                ),
            )
        })?;
    }
    if roots.is_empty() {
        return Err(CliError::usage(
            source,
            format!(
                "`{shown}` holds no certificate; expected a PEM file with at least one \
                 -----BEGIN CERTIFICATE----- block"
            ),
        ));
    }
    Ok(roots)
}
