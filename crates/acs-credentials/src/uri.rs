//! A credentials URI (`ALIBABA_CLOUD_CREDENTIALS_URI`, profile mode `CredentialsURI`): `GET`
//! answers `{"Code":"Success","AccessKeyId",…,"Expiration"}`.

use std::time::Duration;

use bytes::Bytes;
use serde::Deserialize;

use crate::cache::{CachingProvider, Fetch, FetchFuture};
use crate::error::EndpointError;
use crate::runtime::{
    BoxError, CredentialsError, HttpClient, ProvideCredentials, ProvideCredentialsFuture, failed,
};
use crate::sts::{WireCredentials, user_agent};
use crate::transport::{exchange, parse_json, request_error};

/// The provider's name, as the official libraries send it in `x-acs-credentials-provider`.
pub const NAME: &str = "credential_uri";

fn fail(source: impl Into<BoxError>) -> CredentialsError {
    failed(NAME, "the credentials URI gave no credentials", source)
}

/// `ALIBABA_CLOUD_CREDENTIALS_URI`.
pub const ENV_CREDENTIALS_URI: &str = "ALIBABA_CLOUD_CREDENTIALS_URI";
/// Read timeout, as the official libraries set it.
pub const URI_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// One `GET` of the URI.
#[derive(Debug)]
pub struct CredentialsUri {
    uri: String,
    http: HttpClient,
}

impl Fetch for CredentialsUri {
    fn fetch(&self) -> FetchFuture<'_> {
        Box::pin(async move {
            let name = format!("credentials URI {}", self.uri);
            let request = http::Request::get(self.uri.as_str())
                .header(http::header::USER_AGENT, user_agent())
                .body(Bytes::new())
                .map_err(|e| fail(request_error(&name, e)))?;
            let response = exchange(&self.http, &name, request, URI_READ_TIMEOUT)
                .await
                .map_err(fail)?;
            #[derive(Deserialize)]
            #[serde(rename_all = "PascalCase")]
            struct Answer {
                code: Option<String>,
                #[serde(flatten)]
                credentials: WireCredentials,
            }
            let answer: Answer = parse_json(&name, response.body()).map_err(fail)?;
            // Python requires "Success"; Node.js ignores `Code`. An absent `Code` is accepted,
            // a different one is not.
            if let Some(code) = answer.code.filter(|c| c != "Success") {
                return Err(fail(EndpointError::Response {
                    endpoint: name,
                    problem: format!("`Code` is {code:?}, expected \"Success\""),
                }));
            }
            answer
                .credentials
                .into_credentials(&name)
                .map(|credentials| credentials.with_provider_name(NAME))
                .map_err(fail)
        })
    }
}

/// Credentials from a URI, cached and refreshed before they expire.
#[derive(Debug)]
pub struct UriCredentialsProvider(CachingProvider<CredentialsUri>);

impl UriCredentialsProvider {
    /// Fetches from `uri`.
    pub fn new(uri: impl Into<String>, http: HttpClient) -> Self {
        Self(CachingProvider::new(CredentialsUri {
            uri: uri.into(),
            http,
        }))
    }
}

impl UriCredentialsProvider {
    /// The same provider on another clock (tests).
    #[must_use]
    pub fn with_time_source(self, time: crate::TimeSource) -> Self {
        Self(self.0.with_time_source(time))
    }
}

impl ProvideCredentials for UriCredentialsProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        self.0.provide_credentials()
    }
}
