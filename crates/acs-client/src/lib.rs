//! A product-agnostic client runtime for Alibaba Cloud OpenAPI: it sends any operation of
//! any product's model (`O: acs_protocol::Operation`) with what a production client needs
//! and the official runtimes lack by default.
//!
//! - **Transport** ([`HttpClient`]): HTTP/1.1 over hyper with pooled keep-alive
//!   connections; `https://` with rustls on the ring provider and Mozilla's roots compiled
//!   in, or a CA bundle ([`TlsConfig`]); proxies, explicit or from `HTTP_PROXY`,
//!   `HTTPS_PROXY` and `NO_PROXY` ([`ProxyConfig`]), `CONNECT` tunnels for `https://`;
//!   bounded responses. Credential providers reuse it.
//! - **Timeouts** on by default ([`TimeoutConfig`]): connect 5 s, read 10 s; per operation
//!   and per attempt if wanted.
//! - **Retries** on by default ([`RetryConfig`]): 3 attempts, exponential backoff with full
//!   jitter (1 s, capped at 20 s), the service's own wait honoured (`x-acs-retry-after`,
//!   `TimeLeft` of `x-ratelimit-user-api`), a token bucket; throttling, 5xx, connection
//!   failures and timeouts are retried, a business error never.
//! - **Endpoints**: explicit URL, else `<product>[-vpc].<region>.aliyuncs.com`
//!   ([`Network`]), else a clear error.
//! - **Signing** afresh for every attempt (new time and nonce): V3 `ACS3-HMAC-SHA256` by
//!   default, `ACS3-HMAC-SM3`, `ACS3-RSA-SHA256`, or V2 `HMAC-SHA1`.
//! - **Credentials** through [`ProvideCredentials`]: static keys and STS tokens
//!   ([`acs_protocol::Credentials`]), the environment
//!   ([`EnvironmentVariableCredentialsProvider`]), or any provider of another crate.
//! - **Errors** in the AWS SDK's shape ([`SdkError`]): construction, timeout, dispatch,
//!   response or service error; [`ServiceError`] has code, message, request ID, status and
//!   `AccessDeniedDetail`. No secret in any of them, nor in `Debug`, nor in logs.
//! - **Tracing**: a span per operation (`product`, `action`, `attempts`, `status`,
//!   `request_id`, `latency_ms`) and per attempt (`attempt`, `status`, `request_id`,
//!   `latency_ms`), target `acs_client`.
//! - **User agent** in the official SDKs' form, naming this crate, plus
//!   `ALIBABA_CLOUD_USER_AGENT` or [`ConfigBuilder::user_agent_suffix`].
//!
//! # Guide
//!
//! A client is made from a [`Config`] and a product's API type, and sends that product's
//! operations. Here, against the CloudSSO emulator in the same process (a real program
//! would only set a region: `acs_client::from_env().region("cn-shanghai").load().await?`):
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use acs_client::{Client, Config, HttpClient};
//! use acs_protocol::Credentials;
//! use cloudsso_model::{CloudSso, GetMfaAuthenticationStatus, GetMfaAuthenticationStatusRequest};
//!
//! # let emulator = cloudsso_emulator::Emulator::builder()
//! #     .access_key("testid", "testsecret").directory("d-00fc2p61****").build()?;
//! # let in_process = HttpClient::from_fn(move |request| {
//! #     let response = emulator.handle(request).map(bytes::Bytes::from);
//! #     async move { Ok(response) }
//! # });
//! let config = Config::builder()
//!     .region("cn-shanghai")
//!     .credentials_provider(Credentials::new("testid", "testsecret"))
//! #   .http_client(in_process)
//!     .build();
//! let client = Client::new::<CloudSso>(&config);
//! let request = GetMfaAuthenticationStatusRequest::builder()
//!     .directory_id("d-00fc2p61****")
//!     .build()?;
//! let response = client.send::<GetMfaAuthenticationStatus>(request).await?;
//! assert!(response.mfa_authentication_status.is_some());
//! # Ok(()) }
//! ```
//!
//! A service error is a value to match on, never a string to parse:
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # use acs_client::{Client, Config, HttpClient};
//! # use acs_protocol::Credentials;
//! # use cloudsso_model::{CloudSso, GetMfaAuthenticationStatus, GetMfaAuthenticationStatusRequest};
//! # let emulator = cloudsso_emulator::Emulator::builder()
//! #     .access_key("testid", "testsecret").build()?;
//! # let in_process = HttpClient::from_fn(move |request| {
//! #     let response = emulator.handle(request).map(bytes::Bytes::from);
//! #     async move { Ok(response) }
//! # });
//! # let config = Config::builder().region("cn-shanghai")
//! #     .credentials_provider(Credentials::new("testid", "testsecret"))
//! #     .http_client(in_process).build();
//! # let client = Client::new::<CloudSso>(&config);
//! use acs_client::{DisplayErrorContext, SdkError};
//!
//! let request = GetMfaAuthenticationStatusRequest::builder().directory_id("d-missing").build()?;
//! match client.send::<GetMfaAuthenticationStatus>(request).await {
//!     Err(SdkError::ServiceError(error)) if error.code() == "EntityNotExists.Directory" => {
//!         println!("no such directory (request {})", error.request_id().unwrap_or("?"));
//!     }
//!     Err(other) => return Err(DisplayErrorContext(other).to_string().into()),
//!     Ok(_) => unreachable!("the directory does not exist"),
//! }
//! # Ok(()) }
//! ```
//!
//! Retries, timeouts and per-call overrides:
//!
//! ```
//! use std::time::Duration;
//! use acs_client::{CallOptions, Config, RetryConfig, TimeoutConfig};
//!
//! let config = Config::builder()
//!     .region("cn-shanghai")
//!     .retry_config(RetryConfig::standard().with_max_attempts(5))
//!     .timeout_config(TimeoutConfig::new().with_operation_timeout(Some(Duration::from_secs(30))))
//!     .build();
//! // One call without retries:
//! let options = CallOptions::new().retry_config(RetryConfig::disabled());
//! # let _ = (config, options);
//! ```

mod client;
mod config;
mod credentials;
mod endpoint;
mod env;
mod error;
mod http;
mod paginator;
mod retry;
mod timeout;
mod user_agent;
mod v2_query_form;
mod waiter;

pub use acs_codec::PaginationError;
pub use client::{CREDENTIALS_PROVIDER_HEADER, CallOptions, Client, REQUEST_ID_HEADER};
pub use config::{
    Config, ConfigBuilder, ConfigError, ConfigLoader, REGION_ID, SSL_CERT_FILE, USER_AGENT,
    from_env,
};
pub use credentials::{
    ACCESS_KEY_ID, ACCESS_KEY_SECRET, CredentialsError, EnvironmentVariableCredentialsProvider,
    ProvideCredentials, ProvideCredentialsFuture, SECURITY_TOKEN, SharedCredentialsProvider,
};
pub use endpoint::{EndpointError, Network, parse_endpoint, resolve as resolve_endpoint};
pub use env::Env;
pub use error::{
    AccessDeniedDetail, ConstructionFailure, DispatchFailure, DisplayErrorContext,
    RETRY_AFTER_HEADER, ResponseError, SdkError, ServiceError, TimeoutError, TimeoutKind,
};
pub use http::{
    CaBundleError, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_POOL_IDLE_TIMEOUT,
    HttpClient, HttpClientBuildError, HttpClientBuilder, HttpError, HttpErrorKind, InvalidProxy,
    ProxyConfig, TlsConfig,
};
pub use paginator::{ItemPaginator, PaginationStream, Paginator};
pub use retry::{RetryConfig, RetryMode, TokenBucketConfig};
pub use timeout::TimeoutConfig;
pub use user_agent::base_user_agent;
pub use v2_query_form::V2QueryForm;
pub use waiter::{PollOutcome, WaitError, WaiterConfig, wait_until};

/// The protocol types a caller needs beside the client: credentials, algorithms, formats.
pub use acs_protocol;
