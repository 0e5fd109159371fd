//! What a client is made from: [`Config`], built by hand ([`Config::builder`]) or from the
//! environment ([`from_env`]).

use std::fmt;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use acs_protocol::{Format, SigningAlgorithm};

use crate::credentials::{
    EnvironmentVariableCredentialsProvider, ProvideCredentials, SharedCredentialsProvider,
};
use crate::endpoint::Network;
use crate::env::Env;
use crate::http::{CaBundleError, HttpClient, ProxyConfig, TlsConfig};
use crate::retry::RetryConfig;
use crate::timeout::TimeoutConfig;

/// The region variable.
pub const REGION_ID: &str = "ALIBABA_CLOUD_REGION_ID";
/// The user agent suffix variable.
pub const USER_AGENT: &str = "ALIBABA_CLOUD_USER_AGENT";
/// The CA bundle variable OpenSSL, curl and Go read.
pub const SSL_CERT_FILE: &str = "SSL_CERT_FILE";

/// A client's settings; cheap to clone, and clients made from one `Config` (and its clones)
/// share one connection pool.
#[derive(Clone)]
pub struct Config {
    pub(crate) region: Option<String>,
    pub(crate) endpoint: Option<String>,
    pub(crate) network: Network,
    pub(crate) credentials_provider: Option<SharedCredentialsProvider>,
    pub(crate) retry_config: RetryConfig,
    pub(crate) timeout_config: TimeoutConfig,
    pub(crate) signing_algorithm: SigningAlgorithm,
    pub(crate) format: Format,
    pub(crate) user_agent_suffix: Option<String>,
    pub(crate) proxy: Option<ProxyConfig>,
    pub(crate) tls: Option<TlsConfig>,
    pub(crate) env: Env,
    /// The aliyun CLI profile a default chain reads ([`ConfigLoader::profile`]).
    pub(crate) profile: Option<String>,
    /// Set when [`from_env`] chose the credentials: the default chain a product crate puts
    /// in, made once and shared by clones ([`Config::with_default_credentials_chain`]).
    default_credentials: Option<Arc<OnceLock<SharedCredentialsProvider>>>,
    http_client: Arc<OnceLock<Result<HttpClient, String>>>,
    /// The HTTP client was given, so transport settings do not replace it.
    http_client_given: bool,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("network", &self.network)
            .field("credentials_provider", &self.credentials_provider)
            .field("retry_config", &self.retry_config)
            .field("timeout_config", &self.timeout_config)
            .field("signing_algorithm", &self.signing_algorithm)
            .field("format", &self.format)
            .field("user_agent_suffix", &self.user_agent_suffix)
            .field("proxy", &self.proxy)
            .field("tls", &self.tls)
            .field("profile", &self.profile)
            .finish_non_exhaustive()
    }
}

impl Config {
    /// A loader that reads the environment (region, credentials, user agent, proxies) when
    /// [`load`](ConfigLoader::load)ed; the same as [`from_env`].
    pub fn from_env() -> ConfigLoader {
        from_env()
    }

    /// A builder with the defaults: no region, no endpoint, public network, no credentials,
    /// standard retries, connect 5 s / read 10 s, `ACS3-HMAC-SHA256`, JSON, proxies from
    /// the process's environment, Mozilla's roots.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// The same settings in a builder, to change some. The new configuration shares the
    /// HTTP client (and its pool) unless its proxy or TLS settings are changed.
    pub fn to_builder(&self) -> ConfigBuilder {
        ConfigBuilder {
            config: self.clone(),
        }
    }

    /// The region, e.g. `cn-shanghai`.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The explicit endpoint, if one was set.
    pub fn endpoint(&self) -> Option<&str> {
        self.endpoint.as_deref()
    }

    /// The network of regional endpoints.
    pub fn network(&self) -> &Network {
        &self.network
    }

    /// The credentials provider, if one was set.
    pub fn credentials_provider(&self) -> Option<&SharedCredentialsProvider> {
        self.credentials_provider.as_ref()
    }

    /// How calls are retried.
    pub fn retry_config(&self) -> &RetryConfig {
        &self.retry_config
    }

    /// The timeouts.
    pub fn timeout_config(&self) -> &TimeoutConfig {
        &self.timeout_config
    }

    /// The signature algorithm (V3 `ACS3-HMAC-SHA256` by default; `HMAC-SHA1` is V2).
    pub fn signing_algorithm(&self) -> SigningAlgorithm {
        self.signing_algorithm
    }

    /// The response format asked for.
    pub fn format(&self) -> Format {
        self.format
    }

    /// The user agent suffix.
    pub fn user_agent_suffix(&self) -> Option<&str> {
        self.user_agent_suffix.as_deref()
    }

    /// The environment this configuration was read from.
    pub fn env(&self) -> &Env {
        &self.env
    }

    /// The aliyun CLI profile the default chain reads instead of `ALIBABA_CLOUD_PROFILE` or
    /// the file's `current` ([`ConfigLoader::profile`]).
    pub fn profile(&self) -> Option<&str> {
        self.profile.as_deref()
    }

    /// Whether [`from_env`] chose the credentials (none was set), so that a product crate
    /// puts its default chain in ([`with_default_credentials_chain`](Self::with_default_credentials_chain)).
    pub fn credentials_from_env(&self) -> bool {
        self.default_credentials.is_some()
    }

    /// The configuration with `chain`'s provider as its credentials provider when
    /// [`from_env`] chose the credentials (none was set); otherwise a clone.
    ///
    /// `chain` runs once per loaded configuration: every clone, and every client made from
    /// one, shares the provider it made, and so its cache. This is the hook through which
    /// a product crate (`cloudsso`, `sts`) puts the `acs-credentials` default chain in:
    /// acs-client does not know those providers, so on its own a loaded configuration reads
    /// only the environment variables.
    pub fn with_default_credentials_chain(
        &self,
        chain: impl FnOnce(&Config) -> SharedCredentialsProvider,
    ) -> Config {
        let mut config = self.clone();
        if let Some(slot) = &self.default_credentials {
            config.credentials_provider = Some(slot.get_or_init(|| chain(self)).clone());
        }
        config
    }

    /// The HTTP client: the one given, else one made (once, shared by clones) from the
    /// connect timeout, proxy and TLS settings. Credential providers send through it too.
    pub fn http_client(&self) -> Result<HttpClient, String> {
        self.http_client
            .get_or_init(|| {
                let mut builder = HttpClient::builder()
                    .connect_timeout(self.timeout_config.connect_timeout())
                    .env(self.env.clone());
                if let Some(proxy) = &self.proxy {
                    builder = builder.proxy(proxy.clone());
                }
                if let Some(tls) = &self.tls {
                    builder = builder.tls(tls.clone());
                }
                builder.build().map_err(|e| e.to_string())
            })
            .clone()
    }
}

/// Builds a [`Config`].
#[derive(Debug)]
pub struct ConfigBuilder {
    config: Config,
}

impl Default for ConfigBuilder {
    fn default() -> Self {
        Self {
            config: Config {
                region: None,
                endpoint: None,
                network: Network::Public,
                credentials_provider: None,
                retry_config: RetryConfig::standard(),
                timeout_config: TimeoutConfig::default(),
                signing_algorithm: SigningAlgorithm::default(),
                format: Format::Json,
                user_agent_suffix: None,
                proxy: None,
                tls: None,
                env: Env::real(),
                profile: None,
                default_credentials: None,
                http_client: Arc::new(OnceLock::new()),
                http_client_given: false,
            },
        }
    }
}

macro_rules! setters {
    ($builder:ident) => {
        impl $builder {
            /// The region, e.g. `cn-shanghai`: the regional endpoint
            /// `<product>[-vpc].<region>.aliyuncs.com` is used unless an endpoint is set.
            #[must_use]
            pub fn region(mut self, region: impl Into<String>) -> Self {
                self.config_mut().region = Some(region.into());
                self
            }

            /// An explicit endpoint, which wins over the region: `https://host[:port]`,
            /// `http://127.0.0.1:8080`, or a bare host (meaning `https://`).
            #[must_use]
            pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
                self.config_mut().endpoint = Some(endpoint.into());
                self
            }

            /// The network of regional endpoints: public (default) or VPC.
            #[must_use]
            pub fn network(mut self, network: Network) -> Self {
                self.config_mut().network = network;
                self
            }

            /// Where credentials come from.
            #[must_use]
            pub fn credentials_provider(mut self, provider: impl ProvideCredentials) -> Self {
                self.config_mut().credentials_provider =
                    Some(SharedCredentialsProvider::new(provider));
                self.config_mut().default_credentials = None;
                self
            }

            /// An already shared credentials provider.
            #[must_use]
            pub fn shared_credentials_provider(
                mut self,
                provider: SharedCredentialsProvider,
            ) -> Self {
                self.config_mut().credentials_provider = Some(provider);
                self.config_mut().default_credentials = None;
                self
            }

            /// How calls are retried ([`RetryConfig::standard`] by default).
            #[must_use]
            pub fn retry_config(mut self, retry: RetryConfig) -> Self {
                self.config_mut().retry_config = retry;
                self
            }

            /// The timeouts (connect 5 s, read 10 s by default). The connect timeout is the
            /// HTTP client's, so it applies when the configuration makes that client (not to
            /// one given with `http_client`).
            #[must_use]
            pub fn timeout_config(mut self, timeouts: TimeoutConfig) -> Self {
                self.config_mut().timeout_config = timeouts;
                self.reset_http_client();
                self
            }

            /// The signature algorithm: `ACS3-HMAC-SHA256` (default), `ACS3-HMAC-SM3`,
            /// `ACS3-RSA-SHA256`, or `HMAC-SHA1` for V2.
            #[must_use]
            pub fn signing_algorithm(mut self, algorithm: acs_protocol::SigningAlgorithm) -> Self {
                self.config_mut().signing_algorithm = algorithm;
                self
            }

            /// The response format asked for: JSON (default) or XML.
            #[must_use]
            pub fn format(mut self, format: acs_protocol::Format) -> Self {
                self.config_mut().format = format;
                self
            }

            /// Appended to the user agent after a space (`my-tool/1.0`).
            #[must_use]
            pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
                self.config_mut().user_agent_suffix = Some(suffix.into());
                self
            }

            /// Explicit proxy settings (instead of the environment's).
            #[must_use]
            pub fn proxy(mut self, proxy: ProxyConfig) -> Self {
                self.config_mut().proxy = Some(proxy);
                self.reset_http_client();
                self
            }

            /// The roots to trust for `https://`.
            #[must_use]
            pub fn tls(mut self, tls: TlsConfig) -> Self {
                self.config_mut().tls = Some(tls);
                self.reset_http_client();
                self
            }

            /// The HTTP client to send with (its own connect timeout, proxies and roots then
            /// apply, whatever else is set), e.g. one shared by several configurations, or
            /// [`HttpClient::from_fn`] for an in-process server.
            #[must_use]
            pub fn http_client(mut self, client: HttpClient) -> Self {
                self.config_mut().http_client = Arc::new(OnceLock::from(Ok(client)));
                self.config_mut().http_client_given = true;
                self
            }

            /// The environment to read instead of the process's (for tests).
            #[must_use]
            pub fn env(mut self, env: Env) -> Self {
                self.config_mut().env = env;
                self.reset_http_client();
                self
            }
        }
    };
}

setters!(ConfigBuilder);
setters!(ConfigLoader);

impl ConfigBuilder {
    fn config_mut(&mut self) -> &mut Config {
        &mut self.config
    }

    fn reset_http_client(&mut self) {
        if !self.config.http_client_given {
            self.config.http_client = Arc::new(OnceLock::new());
        }
    }

    /// The configuration.
    pub fn build(self) -> Config {
        self.config
    }
}

/// Loads a [`Config`] from the environment, with explicit settings winning; made by
/// [`from_env`].
#[derive(Debug)]
pub struct ConfigLoader {
    config: Config,
    explicit_tls: bool,
    explicit_proxy: bool,
}

/// A configuration from the environment, to adjust and [`load`](ConfigLoader::load):
///
/// - region: `ALIBABA_CLOUD_REGION_ID` unless [`region`](ConfigLoader::region) is set;
/// - credentials: unless a provider is set, the default chain of `acs-credentials` when
///   the client is a product crate's (`cloudsso::Client::new`, `sts::Client::new`: see
///   [`Config::with_default_credentials_chain`]), reading the aliyun CLI profile
///   [`profile`](ConfigLoader::profile) names; with acs-client alone,
///   [`EnvironmentVariableCredentialsProvider`];
/// - user agent suffix: `ALIBABA_CLOUD_USER_AGENT`;
/// - proxies: `HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY`, `NO_PROXY` (either case);
/// - roots: the CA certificates of the file `SSL_CERT_FILE` names, if set, else Mozilla's.
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let config = acs_client::from_env().region("cn-shanghai").load().await?;
/// # let _ = config; Ok(()) }
/// ```
pub fn from_env() -> ConfigLoader {
    ConfigLoader {
        config: ConfigBuilder::default().config,
        explicit_tls: false,
        explicit_proxy: false,
    }
}

impl ConfigLoader {
    fn config_mut(&mut self) -> &mut Config {
        &mut self.config
    }

    /// The aliyun CLI profile (`~/.aliyun/config.json`) the default chain reads, instead of
    /// `ALIBABA_CLOUD_PROFILE` or the file's `current`. No effect when a credentials
    /// provider is set.
    #[must_use]
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.config.profile = Some(name.into());
        self
    }

    fn reset_http_client(&mut self) {
        self.explicit_tls |= self.config.tls.is_some();
        self.explicit_proxy |= self.config.proxy.is_some();
        if !self.config.http_client_given {
            self.config.http_client = Arc::new(OnceLock::new());
        }
    }

    /// Reads the environment for what was not set explicitly. Fails only on a CA bundle
    /// (`SSL_CERT_FILE`) that cannot be used, or proxy variables that are not proxy URLs.
    pub async fn load(self) -> Result<Config, ConfigError> {
        let mut config = self.config;
        let env = config.env.clone();
        if config.region.is_none() {
            config.region = env.get(REGION_ID);
        }
        if config.user_agent_suffix.is_none() {
            config.user_agent_suffix = env.get(USER_AGENT);
        }
        if config.credentials_provider.is_none() {
            config.credentials_provider = Some(SharedCredentialsProvider::new(
                EnvironmentVariableCredentialsProvider::with_env(env.clone()),
            ));
            config.default_credentials = Some(Arc::new(OnceLock::new()));
        }
        if !self.explicit_tls
            && config.tls.is_none()
            && let Some(path) = env.get(SSL_CERT_FILE)
        {
            let tls = TlsConfig::from_pem_file(&path).map_err(|source| ConfigError::CaBundle {
                variable: SSL_CERT_FILE,
                path: PathBuf::from(path),
                source,
            })?;
            config.tls = Some(tls);
        }
        if !self.explicit_proxy && config.proxy.is_none() {
            config.proxy = Some(ProxyConfig::from_env(&env));
        }
        if config.http_client.get().is_none()
            && let Err(message) = config.http_client()
        {
            return Err(ConfigError::HttpClient { message });
        }
        Ok(config)
    }
}

/// A configuration that cannot be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The CA bundle a variable names cannot be used.
    #[error("{variable}: {source}")]
    CaBundle {
        /// The variable.
        variable: &'static str,
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: CaBundleError,
    },
    /// The HTTP client cannot be made (e.g. a proxy variable that is not a proxy URL).
    #[error("cannot make the HTTP client: {message}")]
    HttpClient {
        /// Why.
        message: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_default_chain_goes_in_once_and_only_where_from_env_chose_the_credentials() {
        use acs_protocol::Credentials;
        use std::sync::atomic::{AtomicU32, Ordering};
        let made = AtomicU32::new(0);
        let chain = |config: &Config| {
            made.fetch_add(1, Ordering::SeqCst);
            assert_eq!(config.profile(), Some("dev"));
            SharedCredentialsProvider::new(Credentials::new("chain", "s"))
        };
        let loaded = from_env()
            .env(Env::from_pairs([("ALIBABA_CLOUD_ACCESS_KEY_ID", "envid")]))
            .profile("dev")
            .load()
            .await
            .unwrap();
        assert!(loaded.credentials_from_env());
        let key = |config: &Config| {
            let provider = config.credentials_provider().cloned().unwrap();
            async move {
                provider
                    .provide_credentials()
                    .await
                    .map(|c| c.access_key_id().to_owned())
            }
        };
        // acs-client alone: the environment variables only (the secret is missing here).
        assert!(key(&loaded).await.is_err());
        let first = loaded.with_default_credentials_chain(chain);
        let second = loaded.clone().with_default_credentials_chain(chain);
        assert_eq!(key(&first).await.unwrap(), "chain");
        assert_eq!(key(&second).await.unwrap(), "chain");
        assert_eq!(
            made.load(Ordering::SeqCst),
            1,
            "made once, shared by clones"
        );
        // An explicit provider wins, whether given to the loader or the builder after it.
        let explicit = from_env()
            .credentials_provider(Credentials::new("explicit", "s"))
            .load()
            .await
            .unwrap();
        assert!(!explicit.credentials_from_env());
        assert_eq!(
            key(&explicit.with_default_credentials_chain(chain))
                .await
                .unwrap(),
            "explicit"
        );
        let rebuilt = loaded
            .to_builder()
            .credentials_provider(Credentials::new("later", "s"))
            .build();
        assert_eq!(
            key(&rebuilt.with_default_credentials_chain(chain))
                .await
                .unwrap(),
            "later"
        );
        assert_eq!(made.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn a_given_http_client_stays_whatever_is_set_after_it() {
        let given = HttpClient::from_fn(|_| async { Ok(http::Response::new(bytes::Bytes::new())) });
        let config = Config::builder()
            .http_client(given)
            .proxy(ProxyConfig::all("http://proxy:1"))
            .tls(TlsConfig::webpki_roots())
            .build();
        assert!(format!("{:?}", config.http_client().unwrap()).contains("in-process"));
        // Made from the settings otherwise, once, and shared by clones.
        let config = Config::builder()
            .env(Env::from_pairs([("HTTPS_PROXY", "http://proxy:1")]))
            .build();
        let made = config.http_client().unwrap();
        assert!(format!("{made:?}").contains("proxy:1"));
        let bad = Config::builder()
            .proxy(ProxyConfig::all("socks5://proxy:1"))
            .build();
        assert!(bad.http_client().unwrap_err().contains("socks5://proxy:1"));
    }
}
