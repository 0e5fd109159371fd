//! The Alibaba Cloud CloudSSO client for Rust (API version `2021-05-15`).
//!
//! - [`Client`]: a method per operation (all 87), each returning a fluent builder with a
//!   setter per request parameter, `.send().await`, and `.customize(..)` for per-call
//!   settings; generated from the API description, like the model.
//! - [`Config`]: region or endpoint, credentials, retries (on by default: 3 attempts,
//!   backoff with jitter, the service's wait honoured), timeouts (connect 5 s, read 10 s),
//!   proxies, signing; `Config::from_env()` reads the environment and resolves credentials
//!   with the official default chain (`acs-credentials`), `.profile(name)` choosing the
//!   aliyun CLI profile and `.credentials_provider(..)` overriding it.
//! - [`types`]: the model (requests, responses, enums, IDs), re-exported from
//!   `cloudsso-model`.
//! - Paginators: each list operation that pages has `.into_paginator()`, a `Stream` of pages
//!   (`.send()`) or items (`.items().send()`), with `.page_size(n)`.
//! - Waiters: the four operations that start tasks have `.send_and_wait(WaiterConfig)`, and
//!   [`Client::wait_until_task_succeeded`] waits for any task.
//! - Errors: [`SdkError`] says which of construction, timeout, dispatch, response or
//!   service error happened; [`SdkError::into_service_error`] gives the code, message,
//!   request ID, status and `AccessDeniedDetail`.
//!
//! The runtime (transport, retries, timeouts, endpoints, credentials, signing, tracing) is
//! `acs-client`, shared with the other products' clients.
//!
//! # Guide
//!
//! In a program, the configuration comes from the environment and a region, and credentials
//! from the default chain of the official SDKs, tried in order until one answers: the
//! variables `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET` (optionally
//! `ALIBABA_CLOUD_SECURITY_TOKEN`); OIDC/RRSA (`ALIBABA_CLOUD_ROLE_ARN`,
//! `ALIBABA_CLOUD_OIDC_PROVIDER_ARN`, `ALIBABA_CLOUD_OIDC_TOKEN_FILE`); the aliyun CLI's
//! `~/.aliyun/config.json` in any SDK mode (including `CloudSSO` after `cloudsso login`); the
//! credentials file; ECS instance metadata; `ALIBABA_CLOUD_CREDENTIALS_URI`. They are cached
//! and refreshed before they expire, shared by every client of one configuration:
//!
//! ```no_run
//! use cloudsso::types::MfaAuthenticationStatus;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let config = cloudsso::Config::from_env().region("cn-shanghai").load().await?;
//! let client = cloudsso::Client::new(&config);
//! client
//!     .set_mfa_authentication_status()
//!     .directory_id("d-00fc2p61****")
//!     .mfa_authentication_status(MfaAuthenticationStatus::Enabled)
//!     .send()
//!     .await?;
//! # Ok(()) }
//! ```
//!
//! The examples below run against the CloudSSO emulator in the same process (hidden lines
//! set it up); a real program only differs in its configuration.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let emulator = cloudsso_emulator::Emulator::builder()
//! #     .access_key("testid", "testsecret").directory("d-00fc2p61****").build()?;
//! # let in_process = cloudsso::acs_client::HttpClient::from_fn(move |request| {
//! #     let response = emulator.handle(request).map(bytes::Bytes::from);
//! #     async move { Ok(response) }
//! # });
//! use cloudsso::acs_client::acs_protocol::Credentials;
//! use cloudsso::types::MfaAuthenticationStatus;
//!
//! let config = cloudsso::Config::builder()
//!     .region("cn-shanghai")
//!     .credentials_provider(Credentials::new("testid", "testsecret"))
//! #   .http_client(in_process)
//!     .build();
//! let client = cloudsso::Client::new(&config);
//!
//! client
//!     .set_mfa_authentication_status()
//!     .directory_id("d-00fc2p61****")
//!     .mfa_authentication_status(MfaAuthenticationStatus::Disabled)
//!     .send()
//!     .await?;
//! let status = client
//!     .get_mfa_authentication_status()
//!     .directory_id("d-00fc2p61****")
//!     .send()
//!     .await?;
//! assert_eq!(
//!     status.mfa_authentication_status,
//!     Some(MfaAuthenticationStatus::Disabled)
//! );
//! # Ok(()) }
//! ```
//!
//! A missing required parameter fails before anything is sent, naming it; a service error
//! is a value to match on:
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let emulator = cloudsso_emulator::Emulator::builder()
//! #     .access_key("testid", "testsecret").build()?;
//! # let in_process = cloudsso::acs_client::HttpClient::from_fn(move |request| {
//! #     let response = emulator.handle(request).map(bytes::Bytes::from);
//! #     async move { Ok(response) }
//! # });
//! # let config = cloudsso::Config::builder().region("cn-shanghai")
//! #     .credentials_provider(cloudsso::acs_client::acs_protocol::Credentials::new("testid", "testsecret"))
//! #     .http_client(in_process).build();
//! # let client = cloudsso::Client::new(&config);
//! use cloudsso::SdkError;
//!
//! let error = client.set_mfa_authentication_status().send().await.unwrap_err();
//! assert!(error.to_string().contains("DirectoryId is required"), "{error}");
//!
//! match client.get_directory().directory_id("d-missing").send().await {
//!     Err(SdkError::ServiceError(error)) => {
//!         assert!(error.status().is_client_error());
//!         println!("{}: {} ({:?})", error.code(), error.message(), error.request_id());
//!     }
//!     other => panic!("expected a service error, got {other:?}"),
//! }
//! # Ok(()) }
//! ```
//!
//! Per-call settings, e.g. no retries and a shorter timeout for one call:
//!
//! ```no_run
//! # async fn run(client: cloudsso::Client) -> Result<(), cloudsso::SdkError> {
//! use std::time::Duration;
//! use cloudsso::acs_client::{RetryConfig, TimeoutConfig};
//!
//! let directories = client
//!     .list_directories()
//!     .customize(|options| {
//!         options
//!             .retry_config(RetryConfig::disabled())
//!             .timeout_config(TimeoutConfig::new().with_operation_timeout(Some(Duration::from_secs(3))))
//!     })
//!     .send()
//!     .await?;
//! # let _ = directories; Ok(()) }
//! ```
//!
//! Every user of a directory, page by page as a `Stream` (`futures::TryStreamExt`):
//!
//! ```no_run
//! # async fn run(client: cloudsso::Client) -> Result<(), cloudsso::SdkError> {
//! use futures_util::TryStreamExt as _;
//!
//! let users: Vec<_> = client
//!     .list_users()
//!     .directory_id("d-00fc2p61****")
//!     .into_paginator()
//!     .page_size(100)
//!     .items()
//!     .send()
//!     .try_collect()
//!     .await?;
//! # let _ = users; Ok(()) }
//! ```
//!
//! Granting access and waiting for its task:
//!
//! ```no_run
//! # async fn run(client: cloudsso::Client) -> Result<(), cloudsso::WaitError> {
//! use std::time::Duration;
//! use cloudsso::WaiterConfig;
//! use cloudsso::types::PrincipalType;
//!
//! client
//!     .create_access_assignment()
//!     .directory_id("d-00fc2p61****")
//!     .access_configuration_id("ac-00jhtfl8thteu6uj****")
//!     .target_type("RD-Account")
//!     .target_id("114240524784****")
//!     .principal_type(PrincipalType::User)
//!     .principal_id("u-00q8wbq42wiltcrk****")
//!     .send_and_wait(WaiterConfig::new(Duration::from_secs(120)))
//!     .await?;
//! # Ok(()) }
//! ```

// The doc comments of the generated builders carry the vendor's summaries verbatim.
#![allow(rustdoc::invalid_html_tags, rustdoc::bare_urls)]

mod fluent;
mod waiters;

pub use fluent::*;

/// The runtime: configuration, errors, retries, timeouts, credentials, paginators.
pub use acs_client;
pub use acs_client::{
    CallOptions, Config, ConfigBuilder, ConfigLoader, PaginationStream, Paginator, SdkError,
    ServiceError, WaitError, WaiterConfig,
};

/// The model: every request, response, enum, ID and operation marker of CloudSSO.
pub mod types {
    pub use cloudsso_model::*;
}

/// The CloudSSO client: a method per operation, each returning its fluent builder.
///
/// Cheap to clone: clones share the connection pool and the retry token bucket.
#[derive(Clone, Debug)]
pub struct Client {
    runtime: acs_client::Client,
}

impl Client {
    /// A client with `config` (region or endpoint, credentials, retries, timeouts).
    ///
    /// When `config` was loaded by [`Config::from_env`] without a credentials provider, the
    /// client resolves credentials with the default chain of `acs-credentials` (environment,
    /// OIDC/RRSA, the aliyun CLI profile `ConfigLoader::profile` names, the credentials
    /// file, ECS metadata, a credentials URI), made once per loaded configuration and shared
    /// by every client made from it ([`acs_credentials::with_default_chain`]).
    pub fn new(config: &Config) -> Self {
        let config = acs_credentials::with_default_chain(config);
        Self::from_runtime(acs_client::Client::new::<cloudsso_model::CloudSso>(&config))
    }

    /// A client that takes `config`.
    pub fn from_conf(config: Config) -> Self {
        Self::new(&config)
    }

    /// A client over an existing runtime client of CloudSSO.
    pub fn from_runtime(runtime: acs_client::Client) -> Self {
        Self { runtime }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        self.runtime.config()
    }

    /// The product-agnostic client underneath, which sends any operation by type
    /// (`runtime().send::<cloudsso::types::ListDirectories>(request)`).
    pub fn runtime(&self) -> &acs_client::Client {
        &self.runtime
    }
}
