//! The two STS 2015-04-01 calls the providers make, `AssumeRole` (signed, V2 `HMAC-SHA1`) and
//! `AssumeRoleWithOIDC` (anonymous), in the form the official Python library sends them:
//! `GET /` with every parameter in the query, in the library's order. (The Go and Node.js
//! libraries `POST` the operation's parameters as a form body instead; the service accepts
//! both. We follow Python so that our request can be compared with its request byte for
//! byte: `.ci/interop-credentials.sh`.)
//!
//! One difference is deliberate: Python encodes the query with `quote_plus`, so a space
//! becomes `+` in the URL and in the string it signs, which the service (decoding `+` as a
//! space and re-encoding it as `%20`) does not accept; we encode as RFC 3986 and the
//! signature documentation say (`%20`), as Go and Node.js do. For values without spaces the
//! two requests are identical.

use std::time::Duration;

use acs_protocol::Credentials;
use acs_protocol::encoding::percent_encode_into;
use acs_signer::SigningTime;
use bytes::Bytes;
use http::Method;
use serde::Deserialize;

use crate::error::EndpointError;
use crate::runtime::Env;
use crate::transport::{parse_json, request_error};

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

/// A fresh `SignatureNonce`: 128 random bits, hex.
pub(crate) fn nonce() -> String {
    let mut bytes = [0_u8; 16];
    // The operating system's generator; if it fails, the time still makes the nonce unique
    // enough for the replay window (the nonce is not a secret).
    if getrandom::fill(&mut bytes).is_err() {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        bytes = nanos.to_le_bytes();
    }
    hex::encode(bytes)
}

/// `User-Agent` of our STS, metadata and URI requests, in the official libraries' form.
pub(crate) fn user_agent() -> String {
    format!(
        "AlibabaCloud ({}; {}) Rust Credentials/{} TeaDSL/1",
        std::env::consts::OS,
        std::env::consts::ARCH,
        env!("CARGO_PKG_VERSION")
    )
}

fn get_request(
    base_url: &str,
    query: &[(&str, &str)],
    name: &str,
) -> Result<http::Request<Bytes>, EndpointError> {
    let mut uri = format!("{base_url}/?");
    for (i, (key, value)) in query.iter().enumerate() {
        if i > 0 {
            uri.push('&');
        }
        percent_encode_into(&mut uri, key);
        uri.push('=');
        percent_encode_into(&mut uri, value);
    }
    http::Request::builder()
        .method(Method::GET)
        .uri(uri)
        .header(http::header::USER_AGENT, user_agent())
        .body(Bytes::new())
        .map_err(|error| request_error(&format!("STS {name} at {base_url}"), error))
}

/// The signed `AssumeRole` request at `base_url` ([`StsEndpoint::base_url`]) with `source`
/// credentials, at `time` with `nonce`: `GET /?` and the parameters in the order the Python
/// library writes them, `Signature` last.
pub fn assume_role_request(
    base_url: &str,
    source: &Credentials,
    params: &AssumeRoleParams,
    time: SigningTime,
    nonce: &str,
) -> Result<http::Request<Bytes>, EndpointError> {
    let timestamp = time.to_string();
    let duration = params.duration_seconds.to_string();
    let mut query: Vec<(&str, &str)> = vec![
        ("Action", "AssumeRole"),
        ("Format", "JSON"),
        ("Version", STS_VERSION),
        ("DurationSeconds", &duration),
        ("RoleArn", &params.role_arn),
        ("RoleSessionName", &params.role_session_name),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureVersion", "1.0"),
        ("Timestamp", &timestamp),
        ("SignatureNonce", nonce),
    ];
    if let Some(policy) = params.policy.as_deref().filter(|p| !p.is_empty()) {
        query.push(("Policy", policy));
    }
    if let Some(external_id) = params.external_id.as_deref().filter(|p| !p.is_empty()) {
        query.push(("ExternalId", external_id));
    }
    query.push(("AccessKeyId", source.access_key_id()));
    if let Some(token) = source.security_token().filter(|t| !t.expose().is_empty()) {
        query.push(("SecurityToken", token.expose()));
    }
    let signature = acs_signer::v2::sign_parameters(
        &Method::GET,
        query.iter().copied(),
        source.access_key_secret(),
    );
    query.push(("Signature", signature.signature()));
    get_request(base_url, &query, "AssumeRole")
}

/// The anonymous `AssumeRoleWithOIDC` request at `base_url` at `time`, in the Python
/// library's order.
pub fn assume_role_with_oidc_request(
    base_url: &str,
    params: &AssumeRoleWithOidcParams,
    time: SigningTime,
) -> Result<http::Request<Bytes>, EndpointError> {
    let timestamp = time.to_string();
    let duration = params.duration_seconds.to_string();
    let mut query: Vec<(&str, &str)> = vec![
        ("Action", "AssumeRoleWithOIDC"),
        ("Format", "JSON"),
        ("Version", STS_VERSION),
        ("DurationSeconds", &duration),
        ("RoleArn", &params.role_arn),
        ("OIDCProviderArn", &params.oidc_provider_arn),
        ("OIDCToken", params.oidc_token.expose()),
        ("RoleSessionName", &params.role_session_name),
        ("Timestamp", &timestamp),
    ];
    if let Some(policy) = params.policy.as_deref().filter(|p| !p.is_empty()) {
        query.push(("Policy", policy));
    }
    get_request(base_url, &query, "AssumeRoleWithOIDC")
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

/// Reads an `AssumeRole` or `AssumeRoleWithOIDC` answer (2xx):
/// `{"RequestId", "AssumedRoleUser", "Credentials": {…}}`.
pub fn parse_credentials_response(
    endpoint: &str,
    body: &[u8],
) -> Result<Credentials, EndpointError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Answer {
        credentials: Option<WireCredentials>,
    }
    let answer: Answer = parse_json(endpoint, body)?;
    answer
        .credentials
        .ok_or_else(|| EndpointError::Response {
            endpoint: endpoint.to_owned(),
            problem: "`Credentials` is missing".to_owned(),
        })?
        .into_credentials(endpoint)
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

    #[test]
    fn assume_role_is_signed_over_every_parameter_in_the_python_order()
    -> Result<(), Box<dyn std::error::Error>> {
        let source = Credentials::new("testid", "testsecret").with_security_token("tok en");
        let mut params = AssumeRoleParams::new("acs:ram::123456789012:role/admin", "s1");
        params.external_id = Some("ext".to_owned());
        let time = SigningTime::parse("2025-01-02T03:04:05Z")?;
        let request = assume_role_request("http://127.0.0.1:1", &source, &params, time, "n1")?;
        assert_eq!(request.method(), Method::GET);
        let query = request.uri().query().unwrap_or_default();
        let names: Vec<&str> = query
            .split('&')
            .filter_map(|p| p.split('=').next())
            .collect();
        assert_eq!(
            names,
            [
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
                "ExternalId",
                "AccessKeyId",
                "SecurityToken",
                "Signature"
            ]
        );
        assert!(query.contains("RoleArn=acs%3Aram%3A%3A123456789012%3Arole%2Fadmin"));
        assert!(query.contains("SecurityToken=tok%20en"));
        assert!(query.contains("Timestamp=2025-01-02T03%3A04%3A05Z"));
        // The signature is the V2 one over the other parameters.
        let pairs: Vec<(String, String)> = acs_protocol::encoding::parse_urlencoded(query)
            .map(|pair| pair.map(|(k, v)| (k.into_owned(), v.into_owned())))
            .collect::<Result<_, _>>()?;
        let signature = pairs
            .iter()
            .find(|(k, _)| k == "Signature")
            .map(|(_, v)| v.clone());
        let expected = acs_signer::v2::sign_parameters(
            &Method::GET,
            pairs
                .iter()
                .filter(|(k, _)| k != "Signature")
                .map(|(k, v)| (k.as_str(), v.as_str())),
            &acs_protocol::Secret::new("testsecret"),
        );
        assert_eq!(signature.as_deref(), Some(expected.signature()));
        Ok(())
    }

    #[test]
    fn a_response_without_a_field_names_it_and_never_shows_the_secret() {
        let body = br#"{"Credentials":{"AccessKeyId":"STS.a","AccessKeySecret":"hush","Expiration":"2030-01-01T00:00:00Z"}}"#;
        let error = parse_credentials_response("STS", body)
            .err()
            .map(|e| e.to_string());
        let error = error.unwrap_or_default();
        assert!(error.contains("SecurityToken"), "{error}");
        assert!(!error.contains("hush"));
        let bad = br#"{"Credentials":{"AccessKeyId":"STS.a","AccessKeySecret":"hush","SecurityToken":"t","Expiration":"tomorrow"}}"#;
        let error = parse_credentials_response("STS", bad)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            error.contains("Expiration") && error.contains("tomorrow"),
            "{error}"
        );
    }
}
