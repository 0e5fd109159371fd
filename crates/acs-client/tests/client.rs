//! The client against loopback servers: the emulator for real operations, scripted servers
//! for 5xx, throttling and silence.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use acs_client::{
    CallOptions, Client, Config, DisplayErrorContext, RetryConfig, SdkError, TimeoutConfig,
    TimeoutKind, TokenBucketConfig,
};
use acs_protocol::{Credentials, SigningAlgorithm};
use cloudsso_emulator::DEFAULT_DIRECTORY;
use cloudsso_model::{
    CloudSso, GetMfaAuthenticationStatus, GetMfaAuthenticationStatusRequest,
    SetMfaAuthenticationStatus, SetMfaAuthenticationStatusRequest,
};
use common::*;

fn get_status(directory: &str) -> GetMfaAuthenticationStatusRequest {
    GetMfaAuthenticationStatusRequest::builder()
        .directory_id(directory)
        .build()
        .unwrap()
}

const OK_BODY: &str = r#"{"RequestId":"R-OK","MFAAuthenticationStatus":"Enabled"}"#;

#[tokio::test]
async fn sends_operations_to_the_emulator_with_v3_and_v2() {
    let server = emulator(0).await;
    let endpoint = format!("http://{}", server.address());
    for algorithm in [
        SigningAlgorithm::Acs3HmacSha256,
        SigningAlgorithm::Acs3HmacSm3,
        SigningAlgorithm::HmacSha1,
    ] {
        let config = common::config(&endpoint)
            .signing_algorithm(algorithm)
            .build();
        let client = client(&config);
        let set = SetMfaAuthenticationStatusRequest::builder()
            .directory_id(DEFAULT_DIRECTORY)
            .mfa_authentication_status("Enabled")
            .build()
            .unwrap();
        client
            .send::<SetMfaAuthenticationStatus>(set)
            .await
            .unwrap_or_else(|e| panic!("{algorithm:?}: {}", DisplayErrorContext(e)));
        let status = client
            .send::<GetMfaAuthenticationStatus>(get_status(DEFAULT_DIRECTORY))
            .await
            .unwrap();
        assert_eq!(
            status.mfa_authentication_status.unwrap().as_str(),
            "Enabled"
        );
    }
}

#[tokio::test]
async fn a_business_error_is_never_retried() {
    let server = emulator(0).await;
    let counting = common::recording_proxy_to(server.address()).await;
    let config = common::config(&format!("http://{}", counting.address)).build();
    let error = client(&config)
        .send::<GetMfaAuthenticationStatus>(get_status("d-missing"))
        .await
        .unwrap_err();
    let service = error.into_service_error().unwrap();
    assert_eq!(service.code(), "EntityNotExists.Directory");
    assert_eq!(service.status().as_u16(), 404);
    assert_eq!(service.attempts(), 1);
    assert!(service.request_id().is_some());
    assert_eq!(counting.requests.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn a_503_then_200_is_retried_exactly_once() {
    let server = scripted(vec![
        json_response(
            503,
            "Service Unavailable",
            "",
            r#"{"Code":"ServiceUnavailable","Message":"try later"}"#,
        ),
        json_response(200, "OK", "", OK_BODY),
    ])
    .await;
    let config = common::config(&format!("http://{}", server.address)).build();
    let response = client(&config)
        .send::<GetMfaAuthenticationStatus>(get_status(DEFAULT_DIRECTORY))
        .await
        .unwrap();
    assert_eq!(response.request_id.unwrap().as_str(), "R-OK");
    assert_eq!(server.requests.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn retries_stop_at_max_attempts_and_when_disabled() {
    let always_503 = json_response(
        503,
        "Service Unavailable",
        "",
        r#"{"Code":"ServiceUnavailable","Message":"m"}"#,
    );
    let server = scripted(vec![always_503]).await;
    let config = common::config(&format!("http://{}", server.address)).build();
    let client = client(&config);
    let error = client
        .send::<GetMfaAuthenticationStatus>(get_status(DEFAULT_DIRECTORY))
        .await
        .unwrap_err();
    assert_eq!(error.as_service_error().unwrap().attempts(), 3);
    assert_eq!(server.requests.load(Ordering::SeqCst), 3);
    let error = client
        .send_with::<GetMfaAuthenticationStatus>(
            get_status(DEFAULT_DIRECTORY),
            &CallOptions::new().retry_config(RetryConfig::disabled()),
        )
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("ServiceUnavailable"));
    assert_eq!(server.requests.load(Ordering::SeqCst), 4);
}

#[tokio::test]
async fn the_token_bucket_stops_retries_when_drained() {
    let always_503 = json_response(
        503,
        "Service Unavailable",
        "",
        r#"{"Code":"ServiceUnavailable","Message":"m"}"#,
    );
    let server = scripted(vec![always_503]).await;
    // Ten tokens: two retries of five, then the bucket is empty.
    let retry = RetryConfig::standard()
        .with_max_attempts(10)
        .with_initial_backoff(Duration::from_millis(1))
        .with_token_bucket(Some(TokenBucketConfig::with_capacity(10)));
    let config = common::config(&format!("http://{}", server.address))
        .retry_config(retry)
        .build();
    let client = client(&config);
    let error = client
        .send::<GetMfaAuthenticationStatus>(get_status(DEFAULT_DIRECTORY))
        .await
        .unwrap_err();
    assert_eq!(error.as_service_error().unwrap().attempts(), 3);
    assert_eq!(server.requests.load(Ordering::SeqCst), 3);
    // Still empty: the next call gets no retry at all.
    let error = client
        .send::<GetMfaAuthenticationStatus>(get_status(DEFAULT_DIRECTORY))
        .await
        .unwrap_err();
    assert_eq!(error.as_service_error().unwrap().attempts(), 1);
    assert_eq!(server.requests.load(Ordering::SeqCst), 4);
}

#[tokio::test]
async fn the_servers_wait_is_honoured() {
    let throttled = json_response(
        400,
        "Bad Request",
        "x-acs-retry-after: 300\r\n",
        r#"{"Code":"Throttling.User","Message":"Request was denied due to user flow control."}"#,
    );
    let server = scripted(vec![throttled, json_response(200, "OK", "", OK_BODY)]).await;
    let config = common::config(&format!("http://{}", server.address)).build();
    let started = Instant::now();
    client(&config)
        .send::<GetMfaAuthenticationStatus>(get_status(DEFAULT_DIRECTORY))
        .await
        .unwrap();
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(server.requests.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_silent_server_is_a_timeout_error_within_the_timeout() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream); // accepted, never answered
        }
    });
    let read_timeout = Duration::from_millis(300);
    let config = common::config(&format!("http://{address}"))
        .retry_config(RetryConfig::disabled())
        .timeout_config(TimeoutConfig::new().with_read_timeout(Some(read_timeout)))
        .build();
    let started = Instant::now();
    let error = client(&config)
        .send::<GetMfaAuthenticationStatus>(get_status(DEFAULT_DIRECTORY))
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    let SdkError::TimeoutError(timeout) = &error else {
        panic!("{}", DisplayErrorContext(&error));
    };
    assert_eq!(timeout.kind(), TimeoutKind::Read);
    assert!(
        elapsed < read_timeout + Duration::from_secs(3),
        "{elapsed:?}"
    );
    assert!(error.to_string().contains("read timeout"), "{error}");

    // The operation timeout bounds retries too.
    let operation = Duration::from_millis(500);
    let config = common::config(&format!("http://{address}"))
        .timeout_config(
            TimeoutConfig::new()
                .with_read_timeout(Some(read_timeout))
                .with_operation_timeout(Some(operation)),
        )
        .build();
    let started = Instant::now();
    let error = client(&config)
        .send::<GetMfaAuthenticationStatus>(get_status(DEFAULT_DIRECTORY))
        .await
        .unwrap_err();
    let SdkError::TimeoutError(timeout) = &error else {
        panic!("{}", DisplayErrorContext(&error));
    };
    assert_eq!(timeout.kind(), TimeoutKind::Operation);
    assert!(started.elapsed() < operation + Duration::from_secs(3));
}

#[tokio::test]
async fn a_refused_connection_is_a_dispatch_failure_after_retries() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let config = common::config(&format!("http://{address}")).build();
    let error = client(&config)
        .send::<GetMfaAuthenticationStatus>(get_status(DEFAULT_DIRECTORY))
        .await
        .unwrap_err();
    let SdkError::DispatchFailure(failure) = &error else {
        panic!("{}", DisplayErrorContext(&error));
    };
    assert_eq!(failure.attempts(), 3);
    let shown = DisplayErrorContext(&error).to_string();
    assert!(
        shown.contains(&format!("cannot connect to {address}")),
        "{shown}"
    );
}

#[tokio::test]
async fn endpoint_and_credentials_problems_are_construction_failures() {
    let no_region = Config::builder()
        .credentials_provider(Credentials::new(KEY_ID, KEY_SECRET))
        .build();
    let error = Client::new::<CloudSso>(&no_region)
        .send::<GetMfaAuthenticationStatus>(get_status(DEFAULT_DIRECTORY))
        .await
        .unwrap_err();
    assert!(matches!(error, SdkError::ConstructionFailure(_)), "{error}");
    assert!(
        error.to_string().contains("ALIBABA_CLOUD_REGION_ID"),
        "{error}"
    );

    let vpc = Config::builder()
        .region("cn-hongkong")
        .network(acs_client::Network::Vpc)
        .build();
    assert_eq!(
        Client::new::<CloudSso>(&vpc)
            .endpoint()
            .unwrap()
            .to_string(),
        "https://cloudsso-vpc.cn-hongkong.aliyuncs.com/"
    );
    let explicit = vpc.to_builder().endpoint("http://127.0.0.1:1").build();
    assert_eq!(
        Client::new::<CloudSso>(&explicit)
            .endpoint()
            .unwrap()
            .to_string(),
        "http://127.0.0.1:1/"
    );

    let no_credentials = Config::builder().endpoint("http://127.0.0.1:1").build();
    let error = Client::new::<CloudSso>(&no_credentials)
        .send::<GetMfaAuthenticationStatus>(get_status(DEFAULT_DIRECTORY))
        .await
        .unwrap_err();
    assert!(
        error.to_string().contains("no credentials provider"),
        "{error}"
    );

    let env = acs_client::Env::from_pairs([("ALIBABA_CLOUD_ACCESS_KEY_ID", "id")]);
    let config = acs_client::from_env()
        .env(env)
        .endpoint("http://127.0.0.1:1")
        .load()
        .await
        .unwrap();
    let error = Client::new::<CloudSso>(&config)
        .send::<GetMfaAuthenticationStatus>(get_status(DEFAULT_DIRECTORY))
        .await
        .unwrap_err();
    let shown = DisplayErrorContext(&error).to_string();
    assert!(shown.contains("ALIBABA_CLOUD_ACCESS_KEY_SECRET"), "{shown}");
}

#[tokio::test]
async fn from_env_reads_region_credentials_and_user_agent() {
    let server = emulator(0).await;
    let recorded = common::recording_proxy_to(server.address()).await;
    let env = acs_client::Env::from_pairs([
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", KEY_ID),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", KEY_SECRET),
        ("ALIBABA_CLOUD_REGION_ID", "us-west-1"),
        ("ALIBABA_CLOUD_USER_AGENT", "my-tool/1.0"),
    ]);
    let config = acs_client::from_env()
        .env(env.clone())
        .load()
        .await
        .unwrap();
    assert_eq!(config.region(), Some("us-west-1"));
    assert_eq!(
        Client::new::<CloudSso>(&config)
            .endpoint()
            .unwrap()
            .to_string(),
        "https://cloudsso.us-west-1.aliyuncs.com/"
    );
    let config = acs_client::from_env()
        .env(env)
        .endpoint(format!("http://{}", recorded.address))
        .load()
        .await
        .unwrap();
    Client::new::<CloudSso>(&config)
        .send::<GetMfaAuthenticationStatus>(get_status(DEFAULT_DIRECTORY))
        .await
        .unwrap();
    let requests = recorded.requests.lock().unwrap().clone();
    let head = String::from_utf8_lossy(&requests[0]).to_ascii_lowercase();
    assert!(
        head.contains("\r\nx-acs-credentials-provider: env\r\n"),
        "{head}"
    );
    assert!(head.contains(" my-tool/1.0\r\n"), "{head}");
    assert!(head.contains("\r\nuser-agent: alibabacloud ("), "{head}");
    assert!(!head.contains(&KEY_SECRET.to_ascii_lowercase()), "{head}");
}

#[tokio::test]
async fn each_attempt_is_signed_afresh() {
    let server = emulator(0).await;
    let recorded = common::recording_proxy_to_with_first_answer(
        server.address(),
        json_response(
            503,
            "Service Unavailable",
            "",
            r#"{"Code":"ServiceUnavailable","Message":"m"}"#,
        ),
    )
    .await;
    let config = common::config(&format!("http://{}", recorded.address)).build();
    client(&config)
        .send::<GetMfaAuthenticationStatus>(get_status(DEFAULT_DIRECTORY))
        .await
        .unwrap();
    let requests = recorded.requests.lock().unwrap().clone();
    assert_eq!(requests.len(), 2);
    let nonce = |request: &[u8]| {
        String::from_utf8_lossy(request)
            .lines()
            .find_map(|l| {
                l.to_ascii_lowercase()
                    .strip_prefix("x-acs-signature-nonce: ")
                    .map(str::to_owned)
            })
            .unwrap()
    };
    assert_ne!(nonce(&requests[0]), nonce(&requests[1]));
}

#[tokio::test]
async fn an_anonymous_operation_goes_unsigned_without_credentials() {
    use sts_model::{AssumeRoleWithOidc, AssumeRoleWithOidcRequest, Sts};
    let body = r#"{"RequestId":"R-STS","Credentials":{"AccessKeyId":"STS.id","AccessKeySecret":"s","SecurityToken":"t","Expiration":"2030-01-01T00:00:00Z"}}"#;
    let backend = scripted(vec![json_response(200, "OK", "", body)]).await;
    for (algorithm, v2) in [
        (SigningAlgorithm::Acs3HmacSha256, false),
        (SigningAlgorithm::HmacSha1, true),
    ] {
        let recorded = recording_proxy_to(backend.address).await;
        // No credentials provider at all.
        let config = Config::builder()
            .endpoint(format!("http://{}", recorded.address))
            .signing_algorithm(algorithm)
            .build();
        let request = AssumeRoleWithOidcRequest::builder()
            .oidc_provider_arn("acs:ram::1:oidc-provider/p")
            .role_arn("acs:ram::1:role/r")
            .oidc_token("eyJ0b2tlbi1zZWNyZXQ")
            .role_session_name("s")
            .build()
            .unwrap();
        Client::new::<Sts>(&config)
            .send::<AssumeRoleWithOidc>(request)
            .await
            .unwrap_or_else(|e| panic!("{}", DisplayErrorContext(e)));
        let head = String::from_utf8_lossy(&recorded.requests.lock().unwrap()[0]).into_owned();
        let lower = head.to_ascii_lowercase();
        assert!(!lower.contains("\r\nauthorization:"), "{head}");
        assert!(
            !head.contains("AccessKeyId=") && !head.contains("Signature="),
            "{head}"
        );
        assert!(!lower.contains("x-acs-credentials-provider"), "{head}");
        if v2 {
            // As the Python SDK's do_rpcrequest sends an anonymous V2 call: the signed
            // call's `Format=json` and action and version headers, no `accept`.
            for parameter in [
                "Action=AssumeRoleWithOIDC",
                "&Format=json&",
                "Version=2015-04-01",
                "Timestamp=",
                "SignatureNonce=",
            ] {
                assert!(head.contains(parameter), "{parameter}: {head}");
            }
            assert!(!head.contains("Format=JSON"), "{head}");
            for header in [
                "x-acs-action: assumerolewithoidc",
                "x-acs-version: 2015-04-01",
            ] {
                assert!(lower.contains(header), "{header}: {head}");
            }
            assert!(!lower.contains("\r\naccept:"), "{head}");
        } else {
            for header in [
                "x-acs-action: assumerolewithoidc",
                "x-acs-version: 2015-04-01",
                "x-acs-date: ",
                "x-acs-signature-nonce: ",
                "x-acs-content-sha256: ",
            ] {
                assert!(lower.contains(header), "{header}: {head}");
            }
            assert!(
                head.contains("&Format=json HTTP/1.1") || head.contains("Format=json"),
                "{head}"
            );
        }
    }
}
