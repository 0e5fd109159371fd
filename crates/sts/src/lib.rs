//! The Alibaba Cloud STS client for Rust (API version `2015-04-01`): the operations that
//! turn a role into temporary credentials, on the same runtime (`acs-client`) as the
//! CloudSSO client.
//!
//! - [`Client::assume_role`]: a RAM role's temporary credentials, signed with the caller's
//!   access key (V3 by default; the official credential libraries sign it with V2, which
//!   `.customize(|o| o.signing_algorithm(SigningAlgorithm::HmacSha1))` selects).
//! - [`Client::assume_role_with_oidc`]: the same in exchange for an OIDC token (RRSA), sent
//!   anonymously as the API describes it: no credentials needed.
//! - [`Client::get_caller_identity`]: who the caller is.
//!
//! The endpoint is `sts.<region>.aliyuncs.com` for a region, or an explicit one.
//! `Config::from_env()` resolves the caller's credentials with the official default chain
//! (`acs-credentials`: environment, OIDC/RRSA, aliyun CLI profile, credentials file, ECS
//! metadata, credentials URI), `.profile(name)` choosing the CLI profile.
//! Secrets in responses (`AccessKeySecret`, `SecurityToken`) are
//! [`Secret`](acs_client::acs_protocol::Secret)s, never shown by `Debug`.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let config = sts::Config::from_env().region("cn-hangzhou").load().await?;
//! let client = sts::Client::new(&config);
//! let response = client
//!     .assume_role()
//!     .role_arn("acs:ram::123456789012****:role/adminrole")
//!     .role_session_name("alice")
//!     .duration_seconds(3600)
//!     .send()
//!     .await?;
//! let credentials = response.credentials.unwrap_or_default();
//! println!("{:?} until {:?}", credentials.access_key_id, credentials.expiration);
//! # Ok(()) }
//! ```

mod fluent;

pub use fluent::*;

/// The runtime: configuration, errors, retries, timeouts, credentials.
pub use acs_client;
pub use acs_client::{CallOptions, Config, ConfigBuilder, ConfigLoader, SdkError, ServiceError};

/// The model: every request, response and operation marker of STS.
pub mod types {
    pub use sts_model::*;
}

/// The STS client: a method per operation, each returning its fluent builder.
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
        Self::from_runtime(acs_client::Client::new::<sts_model::Sts>(&config))
    }

    /// A client that takes `config`.
    pub fn from_conf(config: Config) -> Self {
        Self::new(&config)
    }

    /// A client over an existing runtime client of STS.
    pub fn from_runtime(runtime: acs_client::Client) -> Self {
        Self { runtime }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        self.runtime.config()
    }

    /// The product-agnostic client underneath.
    pub fn runtime(&self) -> &acs_client::Client {
        &self.runtime
    }
}
