//! The default chain, in the official libraries' order:
//!
//! 1. `env`: `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET`
//!    (+ `ALIBABA_CLOUD_SECURITY_TOKEN`);
//! 2. `oidc_role_arn`: only when `ALIBABA_CLOUD_ROLE_ARN`, `ALIBABA_CLOUD_OIDC_PROVIDER_ARN`
//!    and `ALIBABA_CLOUD_OIDC_TOKEN_FILE` are all set;
//! 3. `cli_profile`: `~/.aliyun/config.json`, unless `ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true`;
//! 4. `profile`: the credentials file ([`crate::ini_profile`]);
//! 5. `ecs_ram_role`: instance metadata, unless `ALIBABA_CLOUD_ECS_METADATA_DISABLED=true`;
//! 6. `credential_uri`: only when `ALIBABA_CLOUD_CREDENTIALS_URI` is set.
//!
//! A provider that is not configured ("not loaded") lets the chain move on, and so does one
//! that is configured but fails, as in every official library (Python, Go and Node.js catch
//! any error and try the next provider): a profile whose role cannot be assumed today does not
//! keep instance metadata or a credentials URI from answering. Nothing is hidden: when no
//! provider answers, the one error lists each provider in order and why it declined or
//! failed, and is a failure ([`CredentialsError::is_not_loaded`] false) when any provider was
//! configured but failed, "not loaded" only when none was configured at all. Each failure is
//! also logged (`tracing`, target `acs_credentials`, debug) when a later provider answers.
//!
//! The chain remembers which provider answered and asks it first next time, so that its
//! cache is used; if it fails, the whole chain is tried again in order, and after a total
//! failure nothing is remembered. (The Node.js and Go libraries record the provider before it
//! has succeeded, so after one total failure they only ever try the last provider again;
//! Python records it on success but then never leaves it.) Building a chain starts nothing:
//! no thread, no task, no request.

use std::fmt;
use std::sync::{Mutex, PoisonError};

use acs_protocol::Credentials;

use crate::cli_profile::CliProfileProvider;
use crate::ecs::{EcsRamRoleProvider, EcsRamRoleSettings};
use crate::ini_profile::IniProfileProvider;
use crate::oidc::{OidcRoleArnProvider, OidcSettings};
use crate::runtime::{
    CredentialsError, Env, EnvironmentVariableCredentialsProvider, HttpClient, ProvideCredentials,
    ProvideCredentialsFuture, SharedCredentialsProvider, named_through,
};
use crate::uri::{ENV_CREDENTIALS_URI, UriCredentialsProvider};

/// The chain's name, as the official libraries send it (`default/<provider>`).
pub const NAME: &str = "default";

/// `ALIBABA_CLOUD_ECS_METADATA_DISABLED=true`: no instance metadata in the chain.
pub const ENV_ECS_METADATA_DISABLED: &str = "ALIBABA_CLOUD_ECS_METADATA_DISABLED";

/// No provider of the chain gave credentials: each declined or failed.
#[derive(Debug)]
pub struct ChainError {
    /// Each provider tried and why it gave nothing (the whole error chain), in order.
    pub attempts: Vec<(String, String)>,
    /// The providers among them that were configured but failed (rather than declined).
    pub failed: Vec<String>,
}

impl fmt::Display for ChainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unable to get credentials from any of the providers in the chain")?;
        if !self.failed.is_empty() {
            write!(f, " ({} failed)", self.failed.join(", "))?;
        }
        // Each reason after its link's name, unless it starts with it already.
        for (name, reason) in &self.attempts {
            match reason.strip_prefix(name.as_str()) {
                Some(rest) if rest.starts_with(": ") => write!(f, "; {reason}")?,
                _ => write!(f, "; {name}: {reason}")?,
            }
        }
        Ok(())
    }
}

impl std::error::Error for ChainError {}

/// Credentials and the name of the provider that gave them.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The credentials.
    pub credentials: Credentials,
    /// `env`, `oidc_role_arn`, `cli_profile`, `profile`, `ecs_ram_role`, `credential_uri`,
    /// or a name given to [`CredentialsChain::push`].
    pub provider: String,
}

/// An ordered list of providers, the first that answers wins.
#[derive(Debug, Default)]
pub struct CredentialsChain {
    links: Vec<(String, SharedCredentialsProvider)>,
    last: Mutex<Option<usize>>,
}

impl CredentialsChain {
    /// An empty chain.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `provider` under `name` at the end.
    #[must_use]
    pub fn push(mut self, name: impl Into<String>, provider: SharedCredentialsProvider) -> Self {
        self.links.push((name.into(), provider));
        self
    }

    /// The names of the providers, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.links.iter().map(|(name, _)| name.as_str())
    }

    /// The official default chain for `env`, its HTTP calls through `http`.
    pub fn default_chain(env: &Env, http: &HttpClient) -> Self {
        DefaultChainBuilder::new(env.clone(), http.clone()).build()
    }

    fn last(&self) -> Option<usize> {
        *self.last.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn set_last(&self, index: Option<usize>) {
        *self.last.lock().unwrap_or_else(PoisonError::into_inner) = index;
    }

    /// The credentials of the first provider that has them, and its name.
    pub async fn resolve(&self) -> Result<Resolved, CredentialsError> {
        let resolved = |i: usize, credentials| Resolved {
            credentials: named_through(NAME, credentials),
            provider: self.links[i].0.clone(),
        };
        // The provider that answered last, first: its cache is there.
        let mut retried = None;
        if let Some(i) = self.last().filter(|&i| i < self.links.len()) {
            match self.links[i].1.provide_credentials().await {
                Ok(credentials) => return Ok(resolved(i, credentials)),
                Err(error) => retried = Some((i, error)),
            }
        }
        let mut attempts = Vec::new();
        let mut failed = Vec::new();
        for (i, (name, provider)) in self.links.iter().enumerate() {
            let result = match retried.take_if(|(r, _)| *r == i) {
                Some((_, error)) => Err(error),
                None => provider.provide_credentials().await,
            };
            match result {
                Ok(credentials) => {
                    self.set_last(Some(i));
                    return Ok(resolved(i, credentials));
                }
                Err(error) => {
                    let reason = acs_client::DisplayErrorContext(&error).to_string();
                    if !error.is_not_loaded() {
                        // Configured but failing: say so, then try the next, as the official
                        // libraries do.
                        tracing::debug!(
                            target: "acs_credentials",
                            provider = name.as_str(),
                            error = reason.as_str(),
                            "a configured credentials provider failed; trying the next"
                        );
                        failed.push(name.clone());
                    }
                    attempts.push((name.clone(), reason));
                }
            }
        }
        // A total failure: nothing is remembered, the next call starts from the top.
        self.set_last(None);
        let error = ChainError { attempts, failed };
        if error.failed.is_empty() {
            Err(CredentialsError::not_loaded(NAME, error.to_string()))
        } else {
            Err(CredentialsError::provider_failed(
                NAME,
                "no provider in the chain gave credentials",
                error,
            ))
        }
    }
}

impl ProvideCredentials for CredentialsChain {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(async move { self.resolve().await.map(|r| r.credentials) })
    }
}

/// The default chain, with the settings tests and programs may change.
#[derive(Debug)]
pub struct DefaultChainBuilder {
    env: Env,
    http: HttpClient,
    profile: Option<String>,
    metadata_endpoint: Option<String>,
}

impl DefaultChainBuilder {
    /// The default chain reading `env`.
    pub fn new(env: Env, http: HttpClient) -> Self {
        Self {
            env,
            http,
            profile: None,
            metadata_endpoint: None,
        }
    }

    /// The aliyun CLI profile to use instead of `ALIBABA_CLOUD_PROFILE` or `current`.
    #[must_use]
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// The instance metadata service's base URL (tests; default `http://100.100.100.200`).
    #[must_use]
    pub fn metadata_endpoint(mut self, url: impl Into<String>) -> Self {
        self.metadata_endpoint = Some(url.into());
        self
    }

    /// The chain. Nothing is read or sent until credentials are asked for.
    pub fn build(self) -> CredentialsChain {
        let env = self.env;
        let http = self.http;
        let is_true = |name: &str| {
            env.get(name)
                .is_some_and(|v| v.eq_ignore_ascii_case("true"))
        };
        let mut chain = CredentialsChain::new().push(
            "env",
            SharedCredentialsProvider::new(EnvironmentVariableCredentialsProvider::with_env(
                env.clone(),
            )),
        );
        if OidcSettings::configured_in(&env) {
            // Configured in full, so only a bad duration could refuse it; then it reports.
            match OidcRoleArnProvider::new(OidcSettings::default(), &env, http.clone()) {
                Ok(provider) => {
                    chain = chain.push("oidc_role_arn", SharedCredentialsProvider::new(provider));
                }
                Err(error) => {
                    chain = chain.push(
                        "oidc_role_arn",
                        SharedCredentialsProvider::new(Refused("oidc_role_arn", error.to_string())),
                    );
                }
            }
        }
        let cli = match self.profile {
            Some(name) => CliProfileProvider::for_profile(name, env.clone(), http.clone()),
            None => CliProfileProvider::new(env.clone(), http.clone()),
        };
        chain = chain
            .push("cli_profile", SharedCredentialsProvider::new(cli))
            .push(
                "profile",
                SharedCredentialsProvider::new(IniProfileProvider::new(env.clone(), http.clone())),
            );
        if !is_true(ENV_ECS_METADATA_DISABLED) {
            let settings = EcsRamRoleSettings {
                endpoint: self.metadata_endpoint,
                ..EcsRamRoleSettings::default()
            };
            chain = chain.push(
                "ecs_ram_role",
                SharedCredentialsProvider::new(EcsRamRoleProvider::new(
                    settings,
                    &env,
                    http.clone(),
                )),
            );
        }
        if let Some(uri) = env.get(ENV_CREDENTIALS_URI).filter(|v| !v.is_empty()) {
            chain = chain.push(
                "credential_uri",
                SharedCredentialsProvider::new(UriCredentialsProvider::new(uri, http)),
            );
        }
        chain
    }
}

/// A provider whose configuration was refused when the chain was built: its name, why.
#[derive(Debug)]
struct Refused(&'static str, String);

impl ProvideCredentials for Refused {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        let (name, message) = (self.0, self.1.clone());
        Box::pin(async move { Err(CredentialsError::invalid_configuration(name, message)) })
    }
}

/// `config` with the default chain as its credentials provider when
/// [`acs_client::from_env`] chose the credentials (none was set), else as it is: what the
/// product crates' `Client::new` does, so that `cloudsso::Config::from_env()` resolves
/// credentials as `aws_config::load_from_env()` does.
///
/// The chain reads `config`'s environment, the aliyun CLI profile that
/// [`ConfigLoader::profile`](acs_client::ConfigLoader::profile) names, and sends its STS,
/// metadata and URI calls through `config`'s HTTP client (its proxies and roots). It is made
/// once per loaded configuration and shared by every client made from it and its clones
/// ([`acs_client::Config::with_default_credentials_chain`]), so its cache is too. Nothing
/// is read or sent before credentials are first asked for.
pub fn with_default_chain(config: &acs_client::Config) -> acs_client::Config {
    config.with_default_credentials_chain(|config| match config.http_client() {
        Ok(http) => {
            let mut builder = DefaultChainBuilder::new(config.env().clone(), http);
            if let Some(profile) = config.profile() {
                builder = builder.profile(profile);
            }
            SharedCredentialsProvider::new(builder.build())
        }
        // The client reports the same problem for its own calls; the chain says it too.
        Err(message) => SharedCredentialsProvider::new(Refused(
            NAME,
            format!("no HTTP client for the chain: {message}"),
        )),
    })
}
