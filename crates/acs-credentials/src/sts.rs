//! The two STS 2015-04-01 calls the providers make, `AssumeRole` (signed, V2 `HMAC-SHA1`) and
//! `AssumeRoleWithOIDC` (anonymous): the generated STS operations ([`sts_model`]) sent by the
//! acs-client runtime ([`StsClient`]), in the form the official Python library sends them:
//! `GET /` with every parameter in the query, in the library's order
//! ([`acs_client::V2QueryForm`]). (The Go and Node.js libraries `POST` the operation's
//! parameters as a form body instead; the service accepts both. We follow Python so that our
//! request can be compared with its request byte for byte: `.ci/interop-credentials.sh`.)
//!
//! One difference is deliberate: Python encodes the query with `quote_plus`, so a space
//! becomes `+` in the URL and in the string it signs, which the service (decoding `+` as a
//! space and re-encoding it as `%20`) does not accept; we encode as RFC 3986 and the
//! signature documentation say (`%20`), as Go and Node.js do. For values without spaces the
//! two requests are identical.

use std::time::Duration;

use acs_client::{CallOptions, V2QueryForm};
use acs_protocol::Credentials;
use acs_signer::SigningTime;
use serde::Deserialize;

use crate::error::EndpointError;
use crate::runtime::{Env, HttpClient};
use crate::transport::request_error;

/// The STS API version.
pub const STS_VERSION: &str = "2015-04-01";
/// `DurationSeconds` when none is configured.
pub const DEFAULT_DURATION_SECONDS: u32 = 3600;
/// The shortest `DurationSeconds` STS accepts.
pub const MIN_DURATION_SECONDS: u32 = 900;
/// Connect timeout of STS calls, as the official libraries set it.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Read timeout of STS calls, as the official libraries set it.
pub const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// `ALIBABA_CLOUD_STS_REGION`: the region of the STS endpoint when none is configured.
pub const ENV_STS_REGION: &str = "ALIBABA_CLOUD_STS_REGION";
/// `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED=true`: `sts-vpc.<region>.aliyuncs.com`.
pub const ENV_VPC_ENDPOINT_ENABLED: &str = "ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED";
/// `ALIBABA_CLOUD_ROLE_SESSION_NAME`: the session name when none is configured.
pub const ENV_ROLE_SESSION_NAME: &str = "ALIBABA_CLOUD_ROLE_SESSION_NAME";

/// Where STS is: an explicit endpoint, else a region's, else the central one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct StsEndpoint {
    /// `sts_endpoint`: a host (`sts.cn-hangzhou.aliyuncs.com`, HTTPS) or a URL
    /// (`http://127.0.0.1:8080`).
    pub endpoint: Option<String>,
    /// `sts_region`: `sts.<region>.aliyuncs.com`.
    pub region: Option<String>,
    /// Use the VPC endpoint `sts-vpc.<region>.aliyuncs.com`; `None` reads
    /// `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED`.
    pub vpc: Option<bool>,
}

impl StsEndpoint {
    /// An explicit endpoint (host or URL).
    pub fn endpoint(endpoint: impl Into<String>) -> Self {
        Self {
            endpoint: Some(endpoint.into()),
            ..Self::default()
        }
    }

    /// A region's endpoint.
    pub fn region(region: impl Into<String>) -> Self {
        Self {
            region: Some(region.into()),
            ..Self::default()
        }
    }

    /// The base URL, as the official libraries choose it: the explicit endpoint; else
    /// `sts[-vpc].<region>.aliyuncs.com` for the configured region or
    /// `ALIBABA_CLOUD_STS_REGION`; else `sts.aliyuncs.com`. HTTPS unless the endpoint names
    /// its scheme.
    pub fn base_url(&self, env: &Env) -> String {
        let non_empty = |v: &Option<String>| v.clone().filter(|v| !v.is_empty());
        if let Some(endpoint) = non_empty(&self.endpoint) {
            return with_scheme(&endpoint);
        }
        let vpc = self.vpc.unwrap_or_else(|| {
            env.get(ENV_VPC_ENDPOINT_ENABLED)
                .is_some_and(|v| v.eq_ignore_ascii_case("true"))
        });
        let prefix = if vpc { "sts-vpc" } else { "sts" };
        match non_empty(&self.region).or_else(|| env.get(ENV_STS_REGION).filter(|v| !v.is_empty()))
        {
            Some(region) => format!("https://{prefix}.{region}.aliyuncs.com"),
            None => "https://sts.aliyuncs.com".to_owned(),
        }
    }
}

/// `https://` before a bare host; a URL stays as it is, without a trailing `/`.
pub(crate) fn with_scheme(endpoint: &str) -> String {
    let endpoint = endpoint.trim_end_matches('/');
    if endpoint.starts_with("http://") || endpoint.starts_with("https://") {
        endpoint.to_owned()
    } else {
        format!("https://{endpoint}")
    }
}

/// The session name when none is configured: `ALIBABA_CLOUD_ROLE_SESSION_NAME`, else
/// `credentials-rust-<unix time>` (the official libraries write their language there).
pub fn default_session_name(env: &Env, now: std::time::SystemTime) -> String {
    env.get(ENV_ROLE_SESSION_NAME)
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| {
            let seconds = now
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or_default();
            format!("credentials-rust-{seconds}")
        })
}

/// The parameters of one `AssumeRole` call.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AssumeRoleParams {
    /// `RoleArn`: `acs:ram::<account>:role/<name>`.
    pub role_arn: String,
    /// `RoleSessionName`.
    pub role_session_name: String,
    /// `DurationSeconds`, 900 to the role's maximum.
    pub duration_seconds: u32,
    /// `Policy`, a JSON policy that narrows the role's.
    pub policy: Option<String>,
    /// `ExternalId`.
    pub external_id: Option<String>,
}

impl AssumeRoleParams {
    /// The required parameters, the default duration and no policy or external ID.
    pub fn new(role_arn: impl Into<String>, role_session_name: impl Into<String>) -> Self {
        Self {
            role_arn: role_arn.into(),
            role_session_name: role_session_name.into(),
            duration_seconds: DEFAULT_DURATION_SECONDS,
            policy: None,
            external_id: None,
        }
    }
}

/// The parameters of one `AssumeRoleWithOIDC` call.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AssumeRoleWithOidcParams {
    /// `RoleArn`.
    pub role_arn: String,
    /// `OIDCProviderArn`.
    pub oidc_provider_arn: String,
    /// `OIDCToken`: the token file's content.
    pub oidc_token: acs_protocol::Secret,
    /// `RoleSessionName`.
    pub role_session_name: String,
    /// `DurationSeconds`.
    pub duration_seconds: u32,
    /// `Policy`.
    pub policy: Option<String>,
}

impl AssumeRoleWithOidcParams {
    /// The required parameters, the default duration and no policy.
    pub fn new(
        role_arn: impl Into<String>,
        oidc_provider_arn: impl Into<String>,
        oidc_token: impl Into<acs_protocol::Secret>,
        role_session_name: impl Into<String>,
    ) -> Self {
        Self {
            role_arn: role_arn.into(),
            oidc_provider_arn: oidc_provider_arn.into(),
            oidc_token: oidc_token.into(),
            role_session_name: role_session_name.into(),
            duration_seconds: DEFAULT_DURATION_SECONDS,
            policy: None,
        }
    }
}

impl std::fmt::Debug for AssumeRoleWithOidcParams {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AssumeRoleWithOidcParams")
            .field("role_arn", &self.role_arn)
            .field("oidc_provider_arn", &self.oidc_provider_arn)
            .field("oidc_token", &self.oidc_token)
            .field("role_session_name", &self.role_session_name)
            .field("duration_seconds", &self.duration_seconds)
            .field("policy", &self.policy)
            .finish()
    }
}

/// `User-Agent` of our metadata, URI and CloudSSO requests, in the official libraries' form.
pub(crate) fn user_agent() -> String {
    format!(
        "AlibabaCloud ({}; {}) Rust Credentials/{} TeaDSL/1",
        std::env::consts::OS,
        std::env::consts::ARCH,
        env!("CARGO_PKG_VERSION")
    )
}

/// `AssumeRole`'s parameters in the order the Python library writes them (`Policy` and
/// `ExternalId`, optional, after the signature's own).
pub const ASSUME_ROLE_FORM: V2QueryForm = V2QueryForm::new(&[
    "Action",
    "Format",
    "Version",
    "DurationSeconds",
    "RoleArn",
    "RoleSessionName",
    "SignatureMethod",
    "SignatureVersion",
    "Timestamp",
    "SignatureNonce",
    "Policy",
    "ExternalId",
    "AccessKeyId",
    "SecurityToken",
]);

/// `AssumeRoleWithOIDC`'s parameters in the order the Python library writes them
/// (anonymous: no nonce, no signature).
pub const ASSUME_ROLE_WITH_OIDC_FORM: V2QueryForm = V2QueryForm::new(&[
    "Action",
    "Format",
    "Version",
    "DurationSeconds",
    "RoleArn",
    "OIDCProviderArn",
    "OIDCToken",
    "RoleSessionName",
    "Timestamp",
    "Policy",
]);

/// The providers' STS client: the generated STS operations ([`sts_model`]) sent by the
/// acs-client runtime, in the credential libraries' V2 form ([`ASSUME_ROLE_FORM`],
/// [`ASSUME_ROLE_WITH_OIDC_FORM`]), read timeout 10 s, without retries (the official
/// libraries retry none; the chain and the cache decide what happens next). The connect
/// timeout is the given HTTP client's (5 s for one a configuration makes, as the official
/// libraries set it).
///
/// It uses the model crate rather than the fluent `sts` crate because `sts` depends on this
/// crate for its default chain (`sts::Config::from_env()`); the fluent builders are a thin
/// layer over the same `acs_client::Client::send_with`.
#[derive(Debug, Clone)]
pub struct StsClient {
    runtime: acs_client::Client,
    base_url: String,
}

impl StsClient {
    /// A client of STS at `base_url` ([`StsEndpoint::base_url`]) through `http`.
    pub fn new(base_url: impl Into<String>, http: HttpClient) -> Self {
        let base_url = base_url.into();
        let config = acs_client::Config::builder()
            .endpoint(base_url.clone())
            .http_client(http)
            .retry_config(acs_client::RetryConfig::disabled())
            .timeout_config(
                acs_client::TimeoutConfig::new()
                    .with_connect_timeout(Some(CONNECT_TIMEOUT))
                    .with_read_timeout(Some(READ_TIMEOUT)),
            )
            .user_agent_suffix(format!("Credentials/{}", env!("CARGO_PKG_VERSION")))
            .build();
        Self {
            runtime: acs_client::Client::new::<sts_model::Sts>(&config),
            base_url,
        }
    }

    /// The base URL.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// `AssumeRole` signed with `source` (V2 `HMAC-SHA1`, as the official libraries sign
    /// it); `options` may fix the time and nonce (tests). The credentials, all four fields
    /// required.
    pub async fn assume_role(
        &self,
        source: &Credentials,
        params: &AssumeRoleParams,
        options: CallOptions,
    ) -> Result<Credentials, EndpointError> {
        let endpoint = format!("STS AssumeRole at {}", self.base_url);
        let mut request = sts_model::AssumeRoleRequest::builder()
            .role_arn(params.role_arn.clone())
            .role_session_name(params.role_session_name.clone())
            .duration_seconds(i64::from(params.duration_seconds));
        if let Some(policy) = params.policy.as_deref().filter(|p| !p.is_empty()) {
            request = request.policy(policy);
        }
        if let Some(external_id) = params.external_id.as_deref().filter(|p| !p.is_empty()) {
            request = request.external_id(external_id);
        }
        let request = request
            .build()
            .map_err(|error| request_error(&endpoint, error))?;
        let options = options
            .v2_query_form(ASSUME_ROLE_FORM)
            .credentials_provider(source.clone());
        let response = self
            .runtime
            .send_with::<sts_model::AssumeRole>(request, &options)
            .await
            .map_err(|error| endpoint_error(&endpoint, error))?;
        into_credentials(&endpoint, response.credentials)
    }

    /// `AssumeRoleWithOIDC`, anonymous; `options` may fix the time (tests).
    pub async fn assume_role_with_oidc(
        &self,
        params: &AssumeRoleWithOidcParams,
        options: CallOptions,
    ) -> Result<Credentials, EndpointError> {
        let endpoint = format!("STS AssumeRoleWithOIDC at {}", self.base_url);
        let mut request = sts_model::AssumeRoleWithOidcRequest::builder()
            .role_arn(params.role_arn.clone())
            .oidc_provider_arn(params.oidc_provider_arn.clone())
            .oidc_token(params.oidc_token.expose())
            .role_session_name(params.role_session_name.clone())
            .duration_seconds(i64::from(params.duration_seconds));
        if let Some(policy) = params.policy.as_deref().filter(|p| !p.is_empty()) {
            request = request.policy(policy);
        }
        let request = request
            .build()
            .map_err(|error| request_error(&endpoint, error))?;
        let options = options.v2_query_form(ASSUME_ROLE_WITH_OIDC_FORM);
        let response = self
            .runtime
            .send_with::<sts_model::AssumeRoleWithOidc>(request, &options)
            .await
            .map_err(|error| endpoint_error(&endpoint, error))?;
        into_credentials(&endpoint, response.credentials)
    }
}

/// The runtime's error as the providers report an endpoint's: the service's status, code,
/// message and request ID; no response; a request that cannot be made; an answer that is
/// not STS's (never quoting the body, which may hold secrets).
fn endpoint_error(endpoint: &str, error: acs_client::SdkError) -> EndpointError {
    use acs_client::SdkError;
    let non_empty = |v: &str| Some(v.to_owned()).filter(|v| !v.is_empty());
    match error {
        SdkError::ServiceError(error) => EndpointError::Status {
            endpoint: endpoint.to_owned(),
            status: error.status(),
            code: non_empty(error.code()),
            message: non_empty(error.message()),
            request_id: error.request_id().map(str::to_owned),
        },
        SdkError::ResponseError(error) => EndpointError::Response {
            endpoint: endpoint.to_owned(),
            problem: format!(
                "HTTP {} with a body that is not the operation's JSON answer",
                error.status()
            ),
        },
        SdkError::ConstructionFailure(error) => EndpointError::Request {
            endpoint: endpoint.to_owned(),
            problem: acs_client::DisplayErrorContext(error).to_string(),
        },
        other => EndpointError::Transport {
            endpoint: endpoint.to_owned(),
            source: Box::new(other),
        },
    }
}

/// The four fields of an STS answer's `Credentials`, each required.
fn into_credentials(
    endpoint: &str,
    credentials: Option<sts_model::Credentials>,
) -> Result<Credentials, EndpointError> {
    let credentials = credentials.ok_or_else(|| EndpointError::Response {
        endpoint: endpoint.to_owned(),
        problem: "`Credentials` is missing".to_owned(),
    })?;
    WireCredentials {
        access_key_id: credentials.access_key_id,
        access_key_secret: credentials.access_key_secret.map(|s| s.expose().to_owned()),
        security_token: credentials.security_token.map(|s| s.expose().to_owned()),
        expiration: credentials.expiration,
    }
    .into_credentials(endpoint)
}

/// `Credentials` of an STS answer, each field required.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct WireCredentials {
    pub(crate) access_key_id: Option<String>,
    pub(crate) access_key_secret: Option<String>,
    pub(crate) security_token: Option<String>,
    pub(crate) expiration: Option<String>,
}

impl WireCredentials {
    /// The credentials, or which field is missing or malformed.
    pub(crate) fn into_credentials(self, endpoint: &str) -> Result<Credentials, EndpointError> {
        let missing = |field: &str| EndpointError::Response {
            endpoint: endpoint.to_owned(),
            problem: format!("`{field}` is missing or empty"),
        };
        let non_empty = |v: Option<String>| v.filter(|v| !v.is_empty());
        let id = non_empty(self.access_key_id).ok_or_else(|| missing("AccessKeyId"))?;
        let secret = non_empty(self.access_key_secret).ok_or_else(|| missing("AccessKeySecret"))?;
        let token = non_empty(self.security_token).ok_or_else(|| missing("SecurityToken"))?;
        let expiration = non_empty(self.expiration).ok_or_else(|| missing("Expiration"))?;
        let expiration = parse_expiration(endpoint, &expiration)?;
        Ok(Credentials::new(id, secret)
            .with_security_token(token)
            .with_expiration(expiration))
    }
}

/// `Expiration`: `YYYY-MM-DDTHH:MM:SSZ`, the layout every official library parses.
pub(crate) fn parse_expiration(
    endpoint: &str,
    text: &str,
) -> Result<std::time::SystemTime, EndpointError> {
    SigningTime::parse(text)
        .map(SigningTime::to_system_time)
        .map_err(|error| EndpointError::Response {
            endpoint: endpoint.to_owned(),
            problem: format!("`Expiration`: {error}"),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_resolution_follows_the_official_order() {
        let env = Env::from_pairs([(ENV_STS_REGION, "cn-beijing")]);
        let none = Env::from_pairs(Vec::<(String, String)>::new());
        assert_eq!(
            StsEndpoint::default().base_url(&none),
            "https://sts.aliyuncs.com"
        );
        assert_eq!(
            StsEndpoint::default().base_url(&env),
            "https://sts.cn-beijing.aliyuncs.com"
        );
        assert_eq!(
            StsEndpoint::region("cn-hangzhou").base_url(&env),
            "https://sts.cn-hangzhou.aliyuncs.com"
        );
        let vpc = Env::from_pairs([
            (ENV_STS_REGION, "cn-beijing"),
            (ENV_VPC_ENDPOINT_ENABLED, "true"),
        ]);
        assert_eq!(
            StsEndpoint::default().base_url(&vpc),
            "https://sts-vpc.cn-beijing.aliyuncs.com"
        );
        assert_eq!(
            StsEndpoint::endpoint("sts.example.com").base_url(&vpc),
            "https://sts.example.com"
        );
        assert_eq!(
            StsEndpoint::endpoint("http://127.0.0.1:9/").base_url(&vpc),
            "http://127.0.0.1:9"
        );
    }

    /// An STS client whose every request is answered with `status` and `body`.
    fn answering(status: u16, body: &'static str) -> StsClient {
        let http = HttpClient::from_fn(move |_request| async move {
            Ok(http::Response::builder()
                .status(status)
                .header("content-type", "application/json")
                .body(bytes::Bytes::from_static(body.as_bytes()))
                .unwrap_or_default())
        });
        StsClient::new("http://127.0.0.1:1", http)
    }

    #[tokio::test]
    async fn a_response_without_a_field_names_it_and_never_shows_the_secret() {
        let source = Credentials::new("testid", "testsecret");
        let params = AssumeRoleParams::new("acs:ram::1:role/r", "s");
        let body = r#"{"Credentials":{"AccessKeyId":"STS.a","AccessKeySecret":"hush","Expiration":"2030-01-01T00:00:00Z"}}"#;
        let error = answering(200, body)
            .assume_role(&source, &params, CallOptions::new())
            .await
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(error.contains("SecurityToken"), "{error}");
        assert!(!error.contains("hush"));
        let bad = r#"{"Credentials":{"AccessKeyId":"STS.a","AccessKeySecret":"hush","SecurityToken":"t","Expiration":"tomorrow"}}"#;
        let error = answering(200, bad)
            .assume_role(&source, &params, CallOptions::new())
            .await
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            error.contains("Expiration") && error.contains("tomorrow"),
            "{error}"
        );
        assert!(!error.contains("hush"));
    }

    #[tokio::test]
    async fn a_service_error_keeps_its_code_and_a_strange_body_is_not_quoted() {
        let source = Credentials::new("testid", "testsecret");
        let params = AssumeRoleParams::new("acs:ram::1:role/r", "s");
        let denied =
            r#"{"RequestId":"R-1","Code":"NoPermission","Message":"You are not authorized"}"#;
        let error = answering(403, denied)
            .assume_role(&source, &params, CallOptions::new())
            .await
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert_eq!(
            error,
            "STS AssumeRole at http://127.0.0.1:1: HTTP 403 Forbidden, code NoPermission: You are not authorized (request id R-1)"
        );
        let strange = r#"{"Credentials":"AccessKeySecret hush"}"#;
        let error = answering(200, strange)
            .assume_role(&source, &params, CallOptions::new())
            .await
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(error.contains("not the operation's JSON answer"), "{error}");
        assert!(!error.contains("hush"), "{error}");
    }
}
