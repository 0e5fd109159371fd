//! Signing in to CloudSSO as the aliyun CLI does (`aliyun configure --mode CloudSSO`): the
//! user portal's device authorization with PKCE, then the accounts and access
//! configurations the user may choose from. The access token it yields is what
//! [`crate::cloud_sso::CloudSsoProvider`] spends at `/cloud-credentials`, once
//! [`crate::cli_profile_writer`] has saved it in a profile.
//!
//! ```no_run
//! # async fn sign_in(http: acs_client::HttpClient) -> Result<(), acs_credentials::sso_login::LoginError> {
//! use acs_credentials::sso_login::Portal;
//! let portal = Portal::new("https://signin-cn-shanghai.alibabacloudsso.com/start/login",
//!     &acs_client::Env::real(), http)?;
//! let authorization = portal.start_device_authorization().await?;
//! println!("{} {}", authorization.verification_uri, authorization.user_code);
//! let token = portal.wait_for_access_token(&authorization).await?;
//! let accounts = portal.list_accounts(&token).await?;
//! # let _ = accounts; Ok(()) }
//! ```

mod device;
mod listings;
pub mod pkce;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use acs_protocol::Secret;
use bytes::Bytes;

use crate::error::EndpointError;
use crate::runtime::{Env, HttpClient};
use crate::transport::{exchange, request_error};

pub use device::{AccessToken, DEFAULT_INTERVAL, DeviceAuthorization, GRANT_TYPE};
pub use listings::{AccessConfiguration, Account, PAGE_SIZE};

/// The portal's OAuth client ID for command-line sign-in, the aliyun CLI's.
pub const DEFAULT_CLIENT_ID: &str = "app-vaz16tltdxs96audqf35";
/// Variables that replace [`DEFAULT_CLIENT_ID`], the first set wins (the CLI reads both).
pub const ENV_CLIENT_ID: [&str; 2] = ["ALIBABACLOUD_SSO_CLIENT_ID", "ALIBABA_CLOUD_SSO_CLIENT_ID"];
/// Timeout of each portal call, the CLI's.
pub const PORTAL_TIMEOUT: Duration = Duration::from_secs(10);
/// Polls of `/token` before giving up, the CLI's bound (101 polls).
pub const DEFAULT_MAX_POLLS: u32 = 101;

/// Waits for a duration; injected so that tests of polling do not wait.
pub type Sleep = Arc<dyn Fn(Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync>;

/// A sign-in that failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoginError {
    /// The sign-in URL has no scheme or host.
    #[error(
        "sign-in URL {url:?}: expected a URL with a scheme and a host, such as https://signin-cn-shanghai.alibabacloudsso.com/<DirectoryName>/login"
    )]
    SignInUrl {
        /// The URL given.
        url: String,
    },
    /// A portal call failed (no answer, an error status, an unexpected body).
    #[error(transparent)]
    Portal(#[from] EndpointError),
    /// `InvalidDeviceCodeError`: the user code expired or is unknown.
    #[error("Your request has expired, please login again.")]
    Expired {
        /// The portal's message.
        message: Option<String>,
    },
    /// `/token` answered an error code other than `AuthorizationPending`.
    #[error("Error occurred while obtaining access token: {code}{}", message.as_deref().map(|m| format!(": {m}")).unwrap_or_default())]
    Token {
        /// `ErrorCode`.
        code: String,
        /// `ErrorMessage`.
        message: Option<String>,
    },
    /// The user did not approve within the bounded number of polls or the code's lifetime.
    #[error("Login timeout, please try again. (no approval after {polls} polls)")]
    Timeout {
        /// Polls made.
        polls: u32,
    },
    /// No random numbers for the PKCE verifier.
    #[error("cannot draw the PKCE code verifier from the operating system's random source")]
    Random(#[source] getrandom::Error),
    /// The portal paged without end (a truncated page without a new `NextToken`).
    #[error(
        "{endpoint}: `IsTruncated` is true but `NextToken` is {next_token:?}, the same or empty"
    )]
    Paging {
        /// The listing.
        endpoint: String,
        /// The token given.
        next_token: String,
    },
}

/// The user portal of one sign-in URL.
#[derive(Clone)]
pub struct Portal {
    sign_in_url: String,
    base_url: String,
    client_id: String,
    http: HttpClient,
    sleep: Sleep,
    max_polls: u32,
}

impl std::fmt::Debug for Portal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Portal")
            .field("sign_in_url", &self.sign_in_url)
            .field("client_id", &self.client_id)
            .field("max_polls", &self.max_polls)
            .finish_non_exhaustive()
    }
}

impl Portal {
    /// The portal of `sign_in_url` (its API is at fixed paths on the URL's scheme, host and
    /// port), with the client ID from `env` or the CLI's.
    pub fn new(sign_in_url: &str, env: &Env, http: HttpClient) -> Result<Self, LoginError> {
        let base_url = crate::cloud_sso::portal_base_url(sign_in_url).ok_or_else(|| {
            LoginError::SignInUrl {
                url: sign_in_url.to_owned(),
            }
        })?;
        let client_id = env
            .get_any(&ENV_CLIENT_ID)
            .filter(|id| !id.is_empty())
            .unwrap_or_else(|| DEFAULT_CLIENT_ID.to_owned());
        Ok(Self {
            sign_in_url: sign_in_url.to_owned(),
            base_url,
            client_id,
            http,
            sleep: Arc::new(|d| Box::pin(tokio::time::sleep(d))),
            max_polls: DEFAULT_MAX_POLLS,
        })
    }

    /// The same portal waiting with `sleep` between polls (tests: return at once).
    #[must_use]
    pub fn with_sleep(mut self, sleep: Sleep) -> Self {
        self.sleep = sleep;
        self
    }

    /// The same portal giving up after `max_polls` polls of `/token`.
    #[must_use]
    pub fn with_max_polls(mut self, max_polls: u32) -> Self {
        self.max_polls = max_polls;
        self
    }

    /// The sign-in URL, as given.
    pub fn sign_in_url(&self) -> &str {
        &self.sign_in_url
    }

    /// The client ID sent.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// Sends one JSON call: `body` as JSON for a POST, none for a GET; `token` as Bearer.
    async fn call(
        &self,
        method: http::Method,
        path_and_query: &str,
        body: Option<serde_json::Value>,
        token: Option<&Secret>,
    ) -> Result<http::Response<Bytes>, EndpointError> {
        let name = format!("CloudSSO portal {}", self.base_url);
        let mut request = http::Request::builder()
            .method(method)
            .uri(format!("{}{path_and_query}", self.base_url))
            .header(http::header::ACCEPT, "application/json")
            .header(http::header::CONTENT_TYPE, "application/json")
            .header(http::header::USER_AGENT, crate::sts::user_agent());
        if let Some(token) = token {
            request = request.header(
                http::header::AUTHORIZATION,
                format!("Bearer {}", token.expose()),
            );
        }
        let body = body.map(|b| Bytes::from(b.to_string())).unwrap_or_default();
        let request = request.body(body).map_err(|_| {
            // The builder's error may quote a header value, which can be the token.
            request_error(&name, format!("{path_and_query}: not a valid request"))
        })?;
        exchange(&self.http, &name, request, PORTAL_TIMEOUT).await
    }

    fn endpoint(&self, path: &str) -> String {
        format!("CloudSSO portal {}{path}", self.base_url)
    }
}
