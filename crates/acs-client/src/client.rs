//! Sending an operation: encode once, then per attempt get credentials, sign afresh, send,
//! decode; retry what may succeed, within the timeouts.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant, SystemTime};

use acs_protocol::operation::Auth;
use acs_protocol::{Api, Credentials, Format, Operation, SignatureVersion, SigningAlgorithm};
use acs_signer::{FormatParameter, SigningParams, SigningSettings};
use bytes::Bytes;
use http::Uri;
use http::header::{ACCEPT, HeaderMap, HeaderName, HeaderValue, USER_AGENT};
use tracing::Instrument as _;

use crate::config::Config;
use crate::credentials::ProvideCredentials;
use crate::endpoint::{self, EndpointError};
use crate::error::{
    ConstructionFailure, DispatchFailure, ResponseError, SdkError, ServiceError, TimeoutError,
    TimeoutKind,
};
use crate::http::{HttpClient, HttpError};
use crate::retry::{RetryConfig, TokenBucket};
use crate::timeout::TimeoutConfig;
use crate::user_agent;
use crate::v2_query_form::{self, V2QueryForm};

/// The header naming the credentials provider, as the official SDKs send it.
pub const CREDENTIALS_PROVIDER_HEADER: HeaderName =
    HeaderName::from_static("x-acs-credentials-provider");
/// The action's header, which the official SDKs send with V2 signatures too.
const X_ACS_ACTION: HeaderName = HeaderName::from_static("x-acs-action");
/// The API version's header, which the official SDKs send with V2 signatures too.
const X_ACS_VERSION: HeaderName = HeaderName::from_static("x-acs-version");

/// The header carrying the request ID of an answer.
pub const REQUEST_ID_HEADER: &str = "x-acs-request-id";

/// A client of one product's API, for any of its operations; cheap to clone (clones share
/// the connection pool and the retry token bucket).
#[derive(Clone, Debug)]
pub struct Client {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    config: Config,
    product: &'static str,
    endpoint: Result<Uri, EndpointError>,
    http: Result<HttpClient, String>,
    user_agent: Result<HeaderValue, String>,
    token_bucket: Option<TokenBucket>,
}

/// Per-call settings that override the client's, for a fluent builder's `customize()`.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct CallOptions {
    /// Another retry configuration for this call.
    pub retry_config: Option<RetryConfig>,
    /// Other timeouts for this call (the connect timeout is the HTTP client's).
    pub timeout_config: Option<TimeoutConfig>,
    /// Headers to add to the request (signed like the others when `x-acs-*`).
    pub headers: HeaderMap,
    /// A fixed signing time for every attempt (tests and reproductions).
    pub signing_time: Option<SystemTime>,
    /// A fixed nonce for every attempt (tests and reproductions; the service refuses a
    /// nonce it has seen, so a retry with it fails).
    pub signing_nonce: Option<String>,
    /// Another credentials provider for this call.
    pub credentials_provider: Option<crate::SharedCredentialsProvider>,
    /// Another signature for this call: e.g. V2 `HMAC-SHA1`, as the official credential
    /// libraries sign STS `AssumeRole`.
    pub signing_algorithm: Option<SigningAlgorithm>,
    /// The credential libraries' V2 form for this call (`GET`, every parameter in the
    /// query in a given order, `Format=JSON`, signed `HMAC-SHA1` whatever the algorithm):
    /// see [`V2QueryForm`].
    pub v2_query_form: Option<V2QueryForm>,
}

impl CallOptions {
    /// No override.
    pub fn new() -> Self {
        Self::default()
    }

    /// The same with another retry configuration.
    #[must_use]
    pub fn retry_config(mut self, retry: RetryConfig) -> Self {
        self.retry_config = Some(retry);
        self
    }

    /// The same with other timeouts.
    #[must_use]
    pub fn timeout_config(mut self, timeouts: TimeoutConfig) -> Self {
        self.timeout_config = Some(timeouts);
        self
    }

    /// The same with a header added.
    #[must_use]
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.append(name, value);
        self
    }

    /// The same with a fixed signing time.
    #[must_use]
    pub fn signing_time(mut self, time: SystemTime) -> Self {
        self.signing_time = Some(time);
        self
    }

    /// The same with a fixed nonce.
    #[must_use]
    pub fn signing_nonce(mut self, nonce: impl Into<String>) -> Self {
        self.signing_nonce = Some(nonce.into());
        self
    }

    /// The same with another signature.
    #[must_use]
    pub fn signing_algorithm(mut self, algorithm: SigningAlgorithm) -> Self {
        self.signing_algorithm = Some(algorithm);
        self
    }

    /// The same in the credential libraries' V2 form ([`V2QueryForm`]).
    #[must_use]
    pub fn v2_query_form(mut self, form: V2QueryForm) -> Self {
        self.v2_query_form = Some(form);
        self
    }

    /// The same with another credentials provider.
    #[must_use]
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials) -> Self {
        self.credentials_provider = Some(crate::SharedCredentialsProvider::new(provider));
        self
    }
}

/// What one attempt ended with, when not a response.
enum AttemptError {
    Construction(ConstructionFailure),
    Http(HttpError),
    Timeout(Duration),
    Response(ResponseError),
    Service(ServiceError),
}

impl AttemptError {
    fn is_retryable(&self) -> bool {
        match self {
            Self::Http(error) => error.is_retryable(),
            Self::Timeout(_) => true,
            Self::Service(error) => error.is_retryable(),
            Self::Construction(_) | Self::Response(_) => false,
        }
    }

    fn is_timeout(&self) -> bool {
        match self {
            Self::Http(error) => error.is_timeout(),
            Self::Timeout(_) => true,
            _ => false,
        }
    }

    fn server_wait(&self) -> Option<Duration> {
        match self {
            Self::Service(error) => error.retry_after(),
            _ => None,
        }
    }

    fn into_sdk_error(self, attempts: u32) -> SdkError {
        match self {
            Self::Construction(error) => SdkError::ConstructionFailure(error),
            Self::Http(error) if error.is_timeout() => {
                let duration = error.duration().unwrap_or_default();
                SdkError::TimeoutError(TimeoutError::from_http(error, duration, attempts))
            }
            Self::Http(error) => SdkError::DispatchFailure(DispatchFailure::new(error, attempts)),
            Self::Timeout(duration) => SdkError::TimeoutError(TimeoutError::new(
                TimeoutKind::OperationAttempt,
                duration,
                attempts,
            )),
            Self::Response(error) => SdkError::ResponseError(error),
            Self::Service(error) => SdkError::ServiceError(error.with_attempts(attempts)),
        }
    }

    fn describe(&self) -> String {
        match self {
            Self::Construction(e) => e.to_string(),
            Self::Http(e) => e.to_string(),
            Self::Timeout(d) => format!("attempt timeout of {d:?}"),
            Self::Response(e) => e.to_string(),
            Self::Service(e) => e.to_string(),
        }
    }
}

impl Client {
    /// A client of API `A` (e.g. `cloudsso_model::CloudSso`). The endpoint is the
    /// configuration's explicit one, else `<A::PRODUCT>[-vpc].<region>.aliyuncs.com`; without
    /// either, every call fails with a [`ConstructionFailure`] saying so.
    pub fn new<A: Api>(config: &Config) -> Self {
        let explicit = config.endpoint().map(endpoint::parse_endpoint).transpose();
        let endpoint = explicit.and_then(|explicit| {
            endpoint::resolve(
                A::PRODUCT,
                explicit.as_ref(),
                config.region(),
                config.network(),
            )
        });
        let user_agent = HeaderValue::from_str(&user_agent::user_agent(config.user_agent_suffix()))
            .map_err(|_| {
                "the user agent suffix is not a valid header value (printable ASCII)".to_owned()
            });
        let token_bucket = config.retry_config().token_bucket().map(TokenBucket::new);
        Self {
            inner: Arc::new(Inner {
                config: config.clone(),
                product: A::PRODUCT,
                endpoint,
                http: config.http_client(),
                user_agent,
                token_bucket,
            }),
        }
    }

    /// The configuration the client was made from.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The endpoint calls go to, or why there is none.
    pub fn endpoint(&self) -> Result<&Uri, &EndpointError> {
        self.inner.endpoint.as_ref()
    }

    /// Sends `request` of operation `O` with the client's settings.
    pub async fn send<O: Operation>(&self, request: O::Request) -> Result<O::Response, SdkError> {
        self.send_with::<O>(request, &CallOptions::default()).await
    }

    /// Sends `request` of operation `O` with per-call overrides.
    pub async fn send_with<O: Operation>(
        &self,
        request: O::Request,
        options: &CallOptions,
    ) -> Result<O::Response, SdkError> {
        let description = O::DESCRIPTION;
        let timeouts = options
            .timeout_config
            .unwrap_or(*self.inner.config.timeout_config());
        let span = tracing::info_span!(
            target: "acs_client",
            "operation",
            product = description.product,
            action = description.action,
            attempts = tracing::field::Empty,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        let attempts = AtomicU32::new(0);
        let started = Instant::now();
        let call = self
            .invoke::<O>(request, options, timeouts, &attempts, &span)
            .instrument(span.clone());
        let result = match timeouts.operation_timeout() {
            Some(limit) => match tokio::time::timeout(limit, call).await {
                Ok(result) => result,
                Err(_) => Err(SdkError::TimeoutError(TimeoutError::new(
                    TimeoutKind::Operation,
                    limit,
                    attempts.load(Ordering::Relaxed),
                ))),
            },
            None => call.await,
        };
        span.record("attempts", attempts.load(Ordering::Relaxed));
        span.record("latency_ms", started.elapsed().as_millis() as u64);
        if let Err(error) = &result {
            let _entered = span.enter();
            tracing::debug!(target: "acs_client", error = %crate::DisplayErrorContext(error), "call failed");
        }
        result
    }

    async fn invoke<O: Operation>(
        &self,
        request: O::Request,
        options: &CallOptions,
        timeouts: TimeoutConfig,
        attempts: &AtomicU32,
        operation: &tracing::Span,
    ) -> Result<O::Response, SdkError> {
        let inner = &*self.inner;
        let description = O::DESCRIPTION;
        if description.product != inner.product {
            return Err(SdkError::ConstructionFailure(ConstructionFailure::Other(
                format!(
                    "{} is an operation of {}, but this client is for {}",
                    description.action, description.product, inner.product
                ),
            )));
        }
        let endpoint = inner
            .endpoint
            .as_ref()
            .map_err(|e| SdkError::ConstructionFailure(ConstructionFailure::Endpoint(e.clone())))?;
        let http = inner.http.as_ref().map_err(|e| {
            SdkError::ConstructionFailure(ConstructionFailure::Other(format!(
                "no HTTP client: {e}"
            )))
        })?;
        let user_agent = inner
            .user_agent
            .as_ref()
            .map_err(|e| SdkError::ConstructionFailure(ConstructionFailure::Other(e.clone())))?;
        let format = inner.config.format();
        let mut unsigned = acs_codec::encode_request(endpoint, &request, format)
            .map_err(|e| SdkError::ConstructionFailure(ConstructionFailure::Encode(e)))?;
        unsigned
            .headers_mut()
            .insert(USER_AGENT, user_agent.clone());
        for (name, value) in &options.headers {
            unsigned.headers_mut().append(name, value.clone());
        }

        let retry = options
            .retry_config
            .as_ref()
            .unwrap_or(inner.config.retry_config());
        // A per-call retry configuration with its own bucket numbers gets its own bucket.
        let own_bucket;
        let bucket = match (&options.retry_config, retry.token_bucket()) {
            (_, None) => None,
            (None, Some(_)) => inner.token_bucket.as_ref(),
            (Some(_), Some(numbers)) => match &inner.token_bucket {
                Some(shared) if shared.config() == numbers => Some(shared),
                _ => {
                    own_bucket = TokenBucket::new(numbers);
                    Some(&own_bucket)
                }
            },
        };
        let mut retry_cost = None;
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            attempts.store(attempt, Ordering::Relaxed);
            let span = tracing::info_span!(
                target: "acs_client",
                "attempt",
                action = description.action,
                attempt,
                status = tracing::field::Empty,
                request_id = tracing::field::Empty,
                latency_ms = tracing::field::Empty,
            );
            let started = Instant::now();
            let outcome = self
                .attempt::<O>(&unsigned, http, options, timeouts, operation)
                .instrument(span.clone())
                .await;
            span.record("latency_ms", started.elapsed().as_millis() as u64);
            let error = match outcome {
                Ok(response) => {
                    if let Some(bucket) = bucket {
                        bucket.release(retry_cost.unwrap_or(1));
                    }
                    return Ok(response);
                }
                Err(error) => error,
            };
            if !error.is_retryable() || attempt >= retry.max_attempts() {
                return Err(error.into_sdk_error(attempt));
            }
            let Some(wait) = retry.backoff(attempt, error.server_wait(), fastrand::f64()) else {
                let _entered = span.enter();
                tracing::debug!(target: "acs_client", "the service asks for a longer wait than the retry cap; not retrying");
                return Err(error.into_sdk_error(attempt));
            };
            if let Some(bucket) = bucket {
                match bucket.acquire(error.is_timeout()) {
                    Some(cost) => retry_cost = Some(cost),
                    None => {
                        let _entered = span.enter();
                        tracing::debug!(target: "acs_client", "retry token bucket empty; not retrying");
                        return Err(error.into_sdk_error(attempt));
                    }
                }
            }
            {
                let _entered = span.enter();
                tracing::debug!(
                    target: "acs_client",
                    error = %error.describe(),
                    wait_ms = wait.as_millis() as u64,
                    "retrying"
                );
            }
            tokio::time::sleep(wait).await;
        }
    }

    async fn attempt<O: Operation>(
        &self,
        unsigned: &http::Request<Vec<u8>>,
        http: &HttpClient,
        options: &CallOptions,
        timeouts: TimeoutConfig,
        operation: &tracing::Span,
    ) -> Result<O::Response, AttemptError> {
        let exchange = self.exchange::<O>(unsigned, http, options, timeouts, operation);
        match timeouts.operation_attempt_timeout() {
            Some(limit) => tokio::time::timeout(limit, exchange)
                .await
                .unwrap_or(Err(AttemptError::Timeout(limit))),
            None => exchange.await,
        }
    }

    async fn exchange<O: Operation>(
        &self,
        unsigned: &http::Request<Vec<u8>>,
        http: &HttpClient,
        options: &CallOptions,
        timeouts: TimeoutConfig,
        operation: &tracing::Span,
    ) -> Result<O::Response, AttemptError> {
        let config = &self.inner.config;
        let anonymous_operation = O::DESCRIPTION.auth == Auth::Anonymous;
        if anonymous_operation && options.v2_query_form.is_none() {
            let request = anonymous::<O>(unsigned, config, options)?;
            return self.receive::<O>(http, request, timeouts, operation).await;
        }
        if let Some(form) = options.v2_query_form.filter(|_| anonymous_operation) {
            let request = in_v2_query_form::<O>(unsigned, form, None, config, options)?;
            return self.receive::<O>(http, request, timeouts, operation).await;
        }
        let provider = options
            .credentials_provider
            .as_ref()
            .or(config.credentials_provider())
            .ok_or_else(|| {
                AttemptError::Construction(ConstructionFailure::Other(
                    "no credentials provider is configured (Config::builder().credentials_provider(..), or acs_client::from_env())".to_owned(),
                ))
            })?;
        let credentials = provider
            .provide_credentials()
            .await
            .map_err(|e| AttemptError::Construction(ConstructionFailure::Credentials(e)))?;
        if let Some(form) = options.v2_query_form {
            let request =
                in_v2_query_form::<O>(unsigned, form, Some(&credentials), config, options)?;
            return self.receive::<O>(http, request, timeouts, operation).await;
        }
        let signed = sign::<O>(unsigned, &credentials, config, options)?;
        self.receive::<O>(http, signed, timeouts, operation).await
    }

    /// Sends the ready request and reads the answer into the typed response or an error.
    async fn receive<O: Operation>(
        &self,
        http: &HttpClient,
        request: http::Request<Bytes>,
        timeouts: TimeoutConfig,
        operation: &tracing::Span,
    ) -> Result<O::Response, AttemptError> {
        let response = http
            .send(request, timeouts.read_timeout())
            .await
            .map_err(AttemptError::Http)?;
        let status = response.status();
        let request_id = response
            .headers()
            .get(REQUEST_ID_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let spans = [tracing::Span::current(), operation.clone()];
        for span in &spans {
            span.record("status", status.as_u16());
            if let Some(id) = &request_id {
                span.record("request_id", id.as_str());
            }
        }
        if !status.is_success() {
            let error = ServiceError::from_response(&response);
            if request_id.is_none()
                && let Some(id) = error.request_id()
            {
                for span in &spans {
                    span.record("request_id", id);
                }
            }
            tracing::debug!(target: "acs_client", code = error.code(), "service error");
            return Err(AttemptError::Service(error));
        }
        acs_codec::decode_response::<O, _>(&response)
            .map_err(|e| AttemptError::Response(ResponseError::new(status, request_id, e)))
    }
}

/// A V2 request as the official SDKs send it (Python, Go and Node.js alike, `do_rpcrequest`):
/// `Format=json` in lower case (the signer's own parameter would say `JSON`; the service reads
/// either), the action and version also in `x-acs-action` / `x-acs-version`, and no `accept`
/// header (the `Format` parameter asks for the format). The signer then adds no `Format` of
/// its own for JSON.
fn as_official_sdks_send_v2(
    request: &mut http::Request<Vec<u8>>,
    description: &acs_protocol::operation::OperationDescription,
    format: Format,
) -> Result<FormatParameter, AttemptError> {
    let headers = request.headers_mut();
    headers.insert(X_ACS_ACTION, HeaderValue::from_static(description.action));
    headers.insert(X_ACS_VERSION, HeaderValue::from_static(description.version));
    if format != Format::Json {
        return Ok(FormatParameter::from(format));
    }
    headers.remove(ACCEPT);
    let uri = request.uri();
    let path_and_query = match uri.query() {
        Some(query) if !query.is_empty() => format!("{}?{query}&Format=json", uri.path()),
        _ => format!("{}?Format=json", uri.path()),
    };
    let mut parts = uri.clone().into_parts();
    parts.path_and_query = Some(path_and_query.parse().map_err(|e| {
        AttemptError::Construction(ConstructionFailure::Other(format!(
            "adding Format=json to the query: {e}"
        )))
    })?);
    *request.uri_mut() = Uri::from_parts(parts).map_err(|e| {
        AttemptError::Construction(ConstructionFailure::Other(format!(
            "adding Format=json to the query: {e}"
        )))
    })?;
    Ok(FormatParameter::Unset)
}

/// A fresh signature (time, nonce) over a copy of the unsigned request.
fn sign<O: Operation>(
    unsigned: &http::Request<Vec<u8>>,
    credentials: &Credentials,
    config: &Config,
    options: &CallOptions,
) -> Result<http::Request<Bytes>, AttemptError> {
    let description = O::DESCRIPTION;
    let mut request = unsigned.clone();
    if let Some(name) = credentials.provider_name()
        && let Ok(value) = HeaderValue::from_str(name)
    {
        request
            .headers_mut()
            .insert(CREDENTIALS_PROVIDER_HEADER, value);
    }
    let mut format_parameter = FormatParameter::from(config.format());
    if options
        .signing_algorithm
        .unwrap_or(config.signing_algorithm())
        .signature_version()
        == SignatureVersion::V2
    {
        format_parameter = as_official_sdks_send_v2(&mut request, description, config.format())?;
    }
    let settings = SigningSettings::default().with_format_parameter(format_parameter);
    let mut builder = SigningParams::builder()
        .credentials(credentials)
        .algorithm(
            options
                .signing_algorithm
                .unwrap_or(config.signing_algorithm()),
        )
        .action(description.action)
        .version(description.version)
        .settings(settings);
    if let Some(time) = options.signing_time {
        builder = builder.time(time);
    }
    if let Some(nonce) = &options.signing_nonce {
        builder = builder.nonce(nonce);
    }
    let params = builder.build().map_err(|e| {
        AttemptError::Construction(ConstructionFailure::Other(format!(
            "signing parameters: {e}"
        )))
    })?;
    acs_signer::sign(&mut request, &params)
        .map_err(|e| AttemptError::Construction(ConstructionFailure::Signing(e)))?;
    Ok(request.map(Bytes::from))
}

/// An operation sent without signature or access key ID ([`Auth::Anonymous`], e.g. STS
/// `AssumeRoleWithOIDC`), as the Python runtime sends one: V3, the `x-acs-*` headers of a
/// signature (action, version, date, nonce, content hash) and `Format=json` in the query,
/// but no `Authorization`; V2, the common parameters `Action`, `Format=json`, `Version`,
/// `Timestamp` and `SignatureNonce` and the `x-acs-action`/`x-acs-version` headers, as a
/// signed V2 call has them, but no `AccessKeyId` or `Signature`.
fn anonymous<O: Operation>(
    unsigned: &http::Request<Vec<u8>>,
    config: &Config,
    options: &CallOptions,
) -> Result<http::Request<Bytes>, AttemptError> {
    let description = O::DESCRIPTION;
    let failure = |message: String| AttemptError::Construction(ConstructionFailure::Other(message));
    let (time, nonce) = time_and_nonce(options)?;
    let mut request = unsigned.clone();
    let algorithm = options
        .signing_algorithm
        .unwrap_or(config.signing_algorithm());
    let mut query: Vec<(&str, String)> = Vec::new();
    if algorithm.signature_version() == SignatureVersion::V2 {
        // As the OpenAPI runtimes' do_rpcrequest sends an anonymous call: what a signed one
        // has (`Format=json`, the action and version headers, no `accept`), less the
        // signature's parameters.
        let format = match config.format() {
            acs_protocol::Format::Xml => "XML",
            _ => "json",
        };
        let headers = request.headers_mut();
        headers.insert(X_ACS_ACTION, HeaderValue::from_static(description.action));
        headers.insert(X_ACS_VERSION, HeaderValue::from_static(description.version));
        headers.remove(ACCEPT);
        query.extend([
            ("Action", description.action.to_owned()),
            ("Format", format.to_owned()),
            ("Version", description.version.to_owned()),
            ("Timestamp", time.to_string()),
            ("SignatureNonce", nonce),
        ]);
    } else {
        let body = request.body();
        let hash = if algorithm == SigningAlgorithm::Acs3HmacSm3 {
            use sm3::Digest as _;
            hex::encode(sm3::Sm3::digest(body))
        } else {
            use sha2::Digest as _;
            hex::encode(sha2::Sha256::digest(body))
        };
        let headers = request.headers_mut();
        for (name, value) in [
            ("x-acs-action", description.action.to_owned()),
            ("x-acs-version", description.version.to_owned()),
            ("x-acs-date", time.to_string()),
            ("x-acs-signature-nonce", nonce),
            ("x-acs-content-sha256", hash),
        ] {
            let value = HeaderValue::from_str(&value)
                .map_err(|_| failure(format!("{name} `{value}` is not a header value")))?;
            headers.insert(name, value);
        }
        query.push(("Format", "json".to_owned()));
    }
    let mut target = request.uri().to_string();
    for (index, (name, value)) in query.iter().enumerate() {
        let separator = if index == 0 && request.uri().query().is_none() {
            '?'
        } else {
            '&'
        };
        target.push(separator);
        acs_protocol::encoding::percent_encode_into(&mut target, name);
        target.push('=');
        acs_protocol::encoding::percent_encode_into(&mut target, value);
    }
    *request.uri_mut() = target
        .parse()
        .map_err(|e| failure(format!("the request's URI with the common parameters: {e}")))?;
    Ok(request.map(Bytes::from))
}

/// The signing time and nonce of one attempt: the fixed ones of `options`, else now and 128
/// random bits.
fn time_and_nonce(
    options: &CallOptions,
) -> Result<(acs_signer::SigningTime, String), AttemptError> {
    let failure = |message: String| AttemptError::Construction(ConstructionFailure::Other(message));
    let time = match options.signing_time {
        Some(time) => acs_signer::SigningTime::from_system_time(time),
        None => acs_signer::SigningTime::now(),
    }
    .map_err(|e| failure(format!("signing time: {e}")))?;
    let nonce = match &options.signing_nonce {
        Some(nonce) => nonce.clone(),
        None => {
            let mut bytes = [0u8; 16];
            getrandom::fill(&mut bytes).map_err(|e| failure(format!("no random nonce: {e}")))?;
            hex::encode(bytes)
        }
    };
    Ok((time, nonce))
}

/// The request in the credential libraries' V2 form ([`V2QueryForm`]), signed with
/// `credentials` or anonymous.
fn in_v2_query_form<O: Operation>(
    unsigned: &http::Request<Vec<u8>>,
    form: V2QueryForm,
    credentials: Option<&Credentials>,
    config: &Config,
    options: &CallOptions,
) -> Result<http::Request<Bytes>, AttemptError> {
    let (time, nonce) = time_and_nonce(options)?;
    v2_query_form::request(
        unsigned,
        O::DESCRIPTION,
        form,
        config.format(),
        credentials,
        time,
        &nonce,
    )
    .map_err(|message| AttemptError::Construction(ConstructionFailure::Other(message)))
}
