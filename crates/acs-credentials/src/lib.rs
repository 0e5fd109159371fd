//! Alibaba Cloud credentials as the official SDKs resolve them, for any product.
//!
//! - Static keys and STS tokens ([`acs_protocol::Credentials`] is a provider of itself) and
//!   the environment ([`acs_client::EnvironmentVariableCredentialsProvider`]) are acs-client's;
//!   this crate uses its [`acs_client::ProvideCredentials`], [`acs_client::Env`] and
//!   [`acs_client::HttpClient`].
//! - [`RamRoleArnProvider`]: STS `AssumeRole` with the credentials of any source provider.
//! - [`OidcRoleArnProvider`]: OIDC / RRSA, STS `AssumeRoleWithOIDC` with a token file.
//! - [`EcsRamRoleProvider`]: ECS instance metadata, IMDSv2 with the v1 fallback.
//! - [`UriCredentialsProvider`]: a credentials URI.
//! - [`ExternalProcessProvider`]: credentials printed by a command.
//! - [`CloudSsoProvider`]: the CloudSSO portal with the aliyun CLI's saved sign-in.
//! - [`sso_login`]: signing in to CloudSSO (device authorization with PKCE), and
//!   [`cli_profile_writer`]: saving the sign-in as the aliyun CLI does.
//! - [`CliProfileProvider`]: `~/.aliyun/config.json` in every mode above.
//! - [`IniProfileProvider`]: the credentials file `~/.alibabacloud/credentials[.ini]`.
//! - [`CredentialsChain`]: the default chain in the official order ([`chain`]), and
//!   [`with_default_chain`], how `cloudsso::Config::from_env()` and `sts::Config::from_env()`
//!   get it.
//! - [`sts::StsClient`]: the providers' `AssumeRole` and `AssumeRoleWithOIDC`, the generated
//!   STS operations sent by the acs-client runtime in the Python library's form.
//!
//! # Where this crate sits
//!
//! acs-client does not know this crate: it offers a hook,
//! [`acs_client::Config::with_default_credentials_chain`], a slot that a configuration loaded
//! from the environment without a provider leaves open. The product crates (`cloudsso`,
//! `sts`) depend on this crate and fill the slot with [`with_default_chain`] in their
//! `Client::new`. That way a user of `cloudsso` gets the official default chain from
//! `Config::from_env()` with nothing else to call, the chain's cache is shared by every
//! client of one configuration, and a user of acs-client alone pays for no provider. This
//! crate sends STS through the generated model (`sts-model`) on the acs-client runtime rather
//! than through the fluent `sts` crate, since `sts` depends on this crate for its own
//! `from_env()`: the dependencies point one way, `acs-client` ← `acs-credentials` ← `sts`,
//! `cloudsso`.
//!
//! Every provider that fetches temporary credentials caches them and refreshes them before
//! they expire, one refresh at a time however many tasks ask ([`cache`]). Nothing runs in
//! the background. Secrets never appear in `Debug`, `Display`, errors or logs.

mod runtime;

pub mod cache;
pub mod chain;
pub mod cli_profile;
pub mod cli_profile_writer;
pub mod cloud_sso;
pub mod ecs;
pub mod error;
pub mod external;
pub mod ini_profile;
pub mod oidc;
pub mod ram_role_arn;
pub mod sso_login;
pub mod sts;
mod time_source;
mod transport;
pub mod uri;

pub use cache::{CachingProvider, Fetch};
pub use chain::{ChainError, CredentialsChain, DefaultChainBuilder, Resolved, with_default_chain};
pub use cli_profile::CliProfileProvider;
pub use cloud_sso::CloudSsoProvider;
pub use ecs::EcsRamRoleProvider;
pub use external::ExternalProcessProvider;
pub use ini_profile::IniProfileProvider;
pub use oidc::OidcRoleArnProvider;
pub use ram_role_arn::RamRoleArnProvider;
pub use time_source::TimeSource;
pub use uri::UriCredentialsProvider;
