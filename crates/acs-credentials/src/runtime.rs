//! Stand-in for acs-client's credentials trait, environment and HTTP client until it lands.
#![allow(missing_docs, unreachable_pub, dead_code)]

use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use acs_protocol::Credentials;
use bytes::Bytes;

pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[derive(Debug, thiserror::Error)]
pub enum CredentialsError {
    #[error("credentials not loaded: {0}")]
    NotLoaded(#[source] BoxError),
    #[error("credentials provider failed: {0}")]
    ProviderError(#[source] BoxError),
}

impl CredentialsError {
    pub fn not_loaded(source: impl Into<BoxError>) -> Self {
        Self::NotLoaded(source.into())
    }
    pub fn provider_error(source: impl Into<BoxError>) -> Self {
        Self::ProviderError(source.into())
    }
    pub fn is_not_loaded(&self) -> bool {
        matches!(self, Self::NotLoaded(_))
    }
}

pub type ProvideCredentialsFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Credentials, CredentialsError>> + Send + 'a>>;

pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_>;
}

#[derive(Clone, Debug)]
pub struct SharedCredentialsProvider(Arc<dyn ProvideCredentials>);

impl SharedCredentialsProvider {
    pub fn new(provider: impl ProvideCredentials + 'static) -> Self {
        Self(Arc::new(provider))
    }
}

impl ProvideCredentials for SharedCredentialsProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        self.0.provide_credentials()
    }
}

#[derive(Clone, Default)]
pub struct Env(Option<Arc<BTreeMap<String, String>>>);

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Env")
    }
}

impl Env {
    pub fn real() -> Self {
        Self(None)
    }
    pub fn from_pairs<K: Into<String>, V: Into<String>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        Self(Some(Arc::new(
            pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )))
    }
    pub fn get(&self, name: &str) -> Option<String> {
        match &self.0 {
            None => std::env::var(name).ok(),
            Some(map) => map.get(name).cloned(),
        }
    }
}

#[derive(Debug)]
pub struct EnvironmentVariableCredentialsProvider {
    env: Env,
}

impl EnvironmentVariableCredentialsProvider {
    pub fn new_with_env(env: Env) -> Self {
        Self { env }
    }
}

impl ProvideCredentials for EnvironmentVariableCredentialsProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(async move {
            let get = |n: &str| self.env.get(n).filter(|v| !v.is_empty());
            match (
                get("ALIBABA_CLOUD_ACCESS_KEY_ID"),
                get("ALIBABA_CLOUD_ACCESS_KEY_SECRET"),
            ) {
                (Some(id), Some(secret)) => {
                    let mut c = Credentials::new(id, secret);
                    if let Some(t) = get("ALIBABA_CLOUD_SECURITY_TOKEN") {
                        c = c.with_security_token(t);
                    }
                    Ok(c)
                }
                _ => Err(CredentialsError::not_loaded(
                    "ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET are not both set",
                )),
            }
        })
    }
}

#[derive(Debug, Clone, Default)]
pub struct HttpClient;

#[derive(Debug, thiserror::Error)]
#[error("http: {0}")]
pub struct HttpError(String);

impl HttpClient {
    pub fn new() -> Self {
        Self
    }
    pub async fn send(
        &self,
        request: http::Request<Bytes>,
        read_timeout: Duration,
    ) -> Result<http::Response<Bytes>, HttpError> {
        use http_body_util::{BodyExt, Full};
        let e = |x: &dyn fmt::Display| HttpError(x.to_string());
        let uri = request.uri().clone();
        let host = uri.host().ok_or_else(|| HttpError("no host".into()))?;
        let port = uri.port_u16().unwrap_or(80);
        let fut = async {
            let stream = tokio::net::TcpStream::connect((host, port))
                .await
                .map_err(|x| e(&x))?;
            let (mut sender, conn) =
                hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
                    .await
                    .map_err(|x| e(&x))?;
            tokio::spawn(conn);
            let (mut parts, body) = request.into_parts();
            let authority = uri.authority().map(|a| a.to_string()).unwrap_or_default();
            parts.headers.insert(
                http::header::HOST,
                http::HeaderValue::from_str(&authority).map_err(|x| e(&x))?,
            );
            let path = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
            parts.uri = path.parse().map_err(|x: http::uri::InvalidUri| e(&x))?;
            let response = sender
                .send_request(http::Request::from_parts(parts, Full::new(body)))
                .await
                .map_err(|x| e(&x))?;
            let (parts, body) = response.into_parts();
            let body = body.collect().await.map_err(|x| e(&x))?.to_bytes();
            Ok(http::Response::from_parts(parts, body))
        };
        tokio::time::timeout(read_timeout, fut)
            .await
            .map_err(|_| HttpError("timed out".into()))?
    }
}
