//! Where credentials come from: the [`ProvideCredentials`] trait that every provider
//! implements, static keys, and the environment variables.

use std::borrow::Cow;
use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use acs_protocol::Credentials;

use crate::env::Env;

/// The future a provider returns.
pub type ProvideCredentialsFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Credentials, CredentialsError>> + Send + 'a>>;

/// A source of credentials: static keys, environment variables, a profile file, the ECS
/// metadata service, STS, a chain of them, a cache in front of one.
///
/// The client calls [`provide_credentials`](Self::provide_credentials) before signing each
/// attempt, so a provider that caches decides how often it really fetches.
///
/// ```
/// use acs_client::{CredentialsError, ProvideCredentials, ProvideCredentialsFuture};
/// use acs_protocol::Credentials;
///
/// /// Keys from a vault (here, fixed).
/// #[derive(Debug)]
/// struct Vault;
///
/// impl ProvideCredentials for Vault {
///     fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
///         Box::pin(async {
///             Ok(Credentials::new("testid", "testsecret").with_provider_name("vault"))
///         })
///     }
/// }
/// let provider = acs_client::SharedCredentialsProvider::new(Vault);
/// # let _ = provider;
/// ```
pub trait ProvideCredentials: Send + Sync + fmt::Debug + 'static {
    /// Credentials for the next request, or why there are none.
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_>;
}

/// A provider shared by clients and their clones.
#[derive(Clone, Debug)]
pub struct SharedCredentialsProvider(Arc<dyn ProvideCredentials>);

impl SharedCredentialsProvider {
    /// Shares `provider`.
    pub fn new(provider: impl ProvideCredentials) -> Self {
        Self(Arc::new(provider))
    }
}

impl ProvideCredentials for SharedCredentialsProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        self.0.provide_credentials()
    }
}

impl From<Arc<dyn ProvideCredentials>> for SharedCredentialsProvider {
    fn from(provider: Arc<dyn ProvideCredentials>) -> Self {
        Self(provider)
    }
}

impl<T: ProvideCredentials> ProvideCredentials for Arc<T> {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        (**self).provide_credentials()
    }
}

/// Static keys are a provider of themselves. Credentials that name no provider are sent as
/// `static_ak` (or `static_sts` with a security token), as the official SDKs name keys given
/// in their configuration.
impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        let credentials = if self.provider_name().is_some() {
            self.clone()
        } else if self.security_token().is_some() {
            self.clone().with_provider_name("static_sts")
        } else {
            self.clone().with_provider_name("static_ak")
        };
        Box::pin(std::future::ready(Ok(credentials)))
    }
}

/// Why a provider gave no credentials.
///
/// [`is_not_loaded`](Self::is_not_loaded) says that the provider is not configured at all
/// (its variables or files are absent), so a chain moves on to the next; any other error is
/// a failure of a configured provider, which a chain reports. The message names the provider
/// and never holds a secret.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CredentialsError {
    /// The provider is not configured here (e.g. its environment variables are unset).
    #[error("{provider}: not configured: {message}")]
    NotLoaded {
        /// The provider, e.g. `env`.
        provider: Cow<'static, str>,
        /// What it looked for.
        message: Cow<'static, str>,
    },
    /// The provider is configured but invalid (e.g. a key ID without its secret).
    #[error("{provider}: invalid configuration: {message}")]
    InvalidConfiguration {
        /// The provider.
        provider: Cow<'static, str>,
        /// What is wrong, naming the variable, field or file.
        message: Cow<'static, str>,
    },
    /// The provider failed to get credentials (a network error, a refusal, a bad answer).
    #[error("{provider}: failed to get credentials: {message}")]
    ProviderFailed {
        /// The provider.
        provider: Cow<'static, str>,
        /// What failed.
        message: Cow<'static, str>,
        /// The underlying error, if any.
        #[source]
        source: Option<Box<dyn StdError + Send + Sync + 'static>>,
    },
    /// The provider took longer than it was allowed.
    #[error("{provider}: no credentials within {timeout:?}")]
    Timeout {
        /// The provider.
        provider: Cow<'static, str>,
        /// The time allowed.
        timeout: std::time::Duration,
    },
}

impl CredentialsError {
    /// The provider is not configured; a chain moves on.
    pub fn not_loaded(
        provider: impl Into<Cow<'static, str>>,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self::NotLoaded {
            provider: provider.into(),
            message: message.into(),
        }
    }

    /// The provider is configured wrongly.
    pub fn invalid_configuration(
        provider: impl Into<Cow<'static, str>>,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self::InvalidConfiguration {
            provider: provider.into(),
            message: message.into(),
        }
    }

    /// The provider failed, because of `source`.
    pub fn provider_failed(
        provider: impl Into<Cow<'static, str>>,
        message: impl Into<Cow<'static, str>>,
        source: impl Into<Box<dyn StdError + Send + Sync + 'static>>,
    ) -> Self {
        Self::ProviderFailed {
            provider: provider.into(),
            message: message.into(),
            source: Some(source.into()),
        }
    }

    /// The provider failed, with no underlying error to show.
    pub fn provider_failed_message(
        provider: impl Into<Cow<'static, str>>,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self::ProviderFailed {
            provider: provider.into(),
            message: message.into(),
            source: None,
        }
    }

    /// Whether the provider is simply not configured (a chain tries the next one).
    pub fn is_not_loaded(&self) -> bool {
        matches!(self, Self::NotLoaded { .. })
    }

    /// The provider that failed.
    pub fn provider(&self) -> &str {
        match self {
            Self::NotLoaded { provider, .. }
            | Self::InvalidConfiguration { provider, .. }
            | Self::ProviderFailed { provider, .. }
            | Self::Timeout { provider, .. } => provider,
        }
    }
}

/// The access key ID variable.
pub const ACCESS_KEY_ID: &str = "ALIBABA_CLOUD_ACCESS_KEY_ID";
/// The access key secret variable.
pub const ACCESS_KEY_SECRET: &str = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
/// The STS security token variable.
pub const SECURITY_TOKEN: &str = "ALIBABA_CLOUD_SECURITY_TOKEN";

/// Credentials from `ALIBABA_CLOUD_ACCESS_KEY_ID` and `ALIBABA_CLOUD_ACCESS_KEY_SECRET`
/// (both required), with `ALIBABA_CLOUD_SECURITY_TOKEN` for STS credentials: the first link
/// of every official SDK's default chain. Named `env` in `x-acs-credentials-provider`.
///
/// Neither variable set: [`CredentialsError::NotLoaded`]; one without the other:
/// [`CredentialsError::InvalidConfiguration`] naming the missing one.
#[derive(Clone, Debug, Default)]
pub struct EnvironmentVariableCredentialsProvider {
    env: Env,
}

impl EnvironmentVariableCredentialsProvider {
    /// The provider's name, as the official SDKs send it.
    pub const NAME: &'static str = "env";

    /// Reads the process's environment at each call.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads `env` instead.
    pub fn with_env(env: Env) -> Self {
        Self { env }
    }

    fn load(&self) -> Result<Credentials, CredentialsError> {
        let id = self.env.get(ACCESS_KEY_ID);
        let secret = self.env.get(ACCESS_KEY_SECRET);
        let (id, secret) = match (id, secret) {
            (Some(id), Some(secret)) => (id, secret),
            (None, None) => {
                return Err(CredentialsError::not_loaded(
                    Self::NAME,
                    format!("{ACCESS_KEY_ID} and {ACCESS_KEY_SECRET} are not set"),
                ));
            }
            (Some(_), None) => {
                return Err(CredentialsError::invalid_configuration(
                    Self::NAME,
                    format!("{ACCESS_KEY_ID} is set but {ACCESS_KEY_SECRET} is not"),
                ));
            }
            (None, Some(_)) => {
                return Err(CredentialsError::invalid_configuration(
                    Self::NAME,
                    format!("{ACCESS_KEY_SECRET} is set but {ACCESS_KEY_ID} is not"),
                ));
            }
        };
        let mut credentials = Credentials::new(id, secret).with_provider_name(Self::NAME);
        if let Some(token) = self.env.get(SECURITY_TOKEN) {
            credentials = credentials.with_security_token(token);
        }
        Ok(credentials)
    }
}

impl ProvideCredentials for EnvironmentVariableCredentialsProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(std::future::ready(self.load()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provide(provider: &impl ProvideCredentials) -> Result<Credentials, CredentialsError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime.block_on(provider.provide_credentials())
    }

    #[test]
    fn environment_variables_with_and_without_a_token() {
        let env = Env::from_pairs([(ACCESS_KEY_ID, "id"), (ACCESS_KEY_SECRET, "s3cr3t")]);
        let credentials = provide(&EnvironmentVariableCredentialsProvider::with_env(env)).unwrap();
        assert_eq!(credentials.access_key_id(), "id");
        assert_eq!(credentials.access_key_secret().expose(), "s3cr3t");
        assert!(credentials.security_token().is_none());
        assert_eq!(credentials.provider_name(), Some("env"));

        let env = Env::from_pairs([
            (ACCESS_KEY_ID, "id"),
            (ACCESS_KEY_SECRET, "s3cr3t"),
            (SECURITY_TOKEN, "t0k3n"),
        ]);
        let credentials = provide(&EnvironmentVariableCredentialsProvider::with_env(env)).unwrap();
        assert_eq!(
            credentials.security_token().map(|t| t.expose()),
            Some("t0k3n")
        );
    }

    #[test]
    fn absent_is_not_loaded_and_half_set_is_invalid() {
        let none = provide(&EnvironmentVariableCredentialsProvider::with_env(
            Env::from_pairs::<&str, &str>([]),
        ))
        .unwrap_err();
        assert!(none.is_not_loaded());
        assert_eq!(none.provider(), "env");

        let half = provide(&EnvironmentVariableCredentialsProvider::with_env(
            Env::from_pairs([(ACCESS_KEY_SECRET, "s3cr3t")]),
        ))
        .unwrap_err();
        assert!(!half.is_not_loaded());
        let message = half.to_string();
        assert!(message.contains(ACCESS_KEY_ID), "{message}");
        assert!(!message.contains("s3cr3t"));
    }

    #[test]
    fn static_keys_name_themselves() {
        let plain = provide(&Credentials::new("id", "secret")).unwrap();
        assert_eq!(plain.provider_name(), Some("static_ak"));
        let sts = provide(&Credentials::new("id", "secret").with_security_token("t")).unwrap();
        assert_eq!(sts.provider_name(), Some("static_sts"));
        let named = provide(&Credentials::new("id", "secret").with_provider_name("vault")).unwrap();
        assert_eq!(named.provider_name(), Some("vault"));
        let shared = SharedCredentialsProvider::new(Credentials::new("id", "secret"));
        assert_eq!(provide(&shared).unwrap().access_key_id(), "id");
    }
}
