//! The credential libraries' V2 form ([`V2QueryForm`]), per call: `GET`, every parameter in
//! the query in the given order, `Format=JSON`, signed `HMAC-SHA1` (verified with the
//! signer's own V2 signature over the decoded parameters) or anonymous without a nonce.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use acs_client::{CallOptions, Client, Config, HttpClient, RetryConfig, V2QueryForm};
use acs_protocol::{Credentials, Secret};
use bytes::Bytes;
use sts_model::{
    AssumeRole, AssumeRoleRequest, AssumeRoleWithOidc, AssumeRoleWithOidcRequest, Sts,
};

const ANSWER: &str = r#"{"RequestId":"R","Credentials":{"AccessKeyId":"STS.a","AccessKeySecret":"s","SecurityToken":"t","Expiration":"2030-01-01T00:00:00Z"}}"#;

type Seen = Arc<Mutex<Vec<http::Request<Bytes>>>>;

fn recording_client(credentials: Option<Credentials>) -> (Client, Seen) {
    let seen = Seen::default();
    let record = seen.clone();
    let http = HttpClient::from_fn(move |request: http::Request<Bytes>| {
        record.lock().unwrap().push(request);
        async { Ok(http::Response::new(Bytes::from_static(ANSWER.as_bytes()))) }
    });
    let mut config = Config::builder()
        .endpoint("https://sts.example.com")
        .retry_config(RetryConfig::disabled())
        .http_client(http);
    if let Some(credentials) = credentials {
        config = config.credentials_provider(credentials);
    }
    (Client::new::<Sts>(&config.build()), seen)
}

fn at(seconds: u64) -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(seconds)
}

fn names(query: &str) -> Vec<&str> {
    query
        .split('&')
        .filter_map(|p| p.split('=').next())
        .collect()
}

#[tokio::test]
async fn a_signed_call_is_a_get_with_every_parameter_in_the_given_order() {
    const ORDER: V2QueryForm = V2QueryForm::new(&[
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
    let (client, seen) = recording_client(Some(
        Credentials::new("id", "secret").with_security_token("tok en"),
    ));
    let request = AssumeRoleRequest::builder()
        .role_arn("acs:ram::1:role/r")
        .role_session_name("s")
        .duration_seconds(900)
        .external_id("x")
        .build()
        .unwrap();
    let options = CallOptions::new()
        .v2_query_form(ORDER)
        .signing_time(at(1_735_787_045))
        .signing_nonce("n1");
    client
        .send_with::<AssumeRole>(request, &options)
        .await
        .unwrap();
    let request = seen.lock().unwrap().remove(0);
    assert_eq!(request.method(), http::Method::GET);
    assert!(request.body().is_empty());
    for header in [
        "accept",
        "content-type",
        "x-acs-action",
        "x-acs-version",
        "x-acs-credentials-provider",
        "authorization",
    ] {
        assert!(request.headers().get(header).is_none(), "{header}");
    }
    let query = request.uri().query().unwrap();
    assert_eq!(
        names(query),
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
    assert!(query.starts_with("Action=AssumeRole&Format=JSON&Version=2015-04-01&DurationSeconds=900&RoleArn=acs%3Aram%3A%3A1%3Arole%2Fr&"), "{query}");
    assert!(
        query.contains("&Timestamp=2025-01-02T03%3A04%3A05Z&SignatureNonce=n1&"),
        "{query}"
    );
    assert!(query.contains("&SecurityToken=tok%20en&"), "{query}");
    let pairs: Vec<(String, String)> = acs_protocol::encoding::parse_urlencoded(query)
        .map(|p| p.map(|(k, v)| (k.into_owned(), v.into_owned())).unwrap())
        .collect();
    let (signature, rest): (Vec<_>, Vec<_>) = pairs.iter().partition(|(k, _)| k == "Signature");
    let expected = acs_signer::v2::sign_parameters(
        &http::Method::GET,
        rest.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        &Secret::new("secret"),
    );
    assert_eq!(signature[0].1, expected.signature());
}

#[tokio::test]
async fn an_anonymous_call_has_no_nonce_and_no_signature() {
    const ORDER: V2QueryForm = V2QueryForm::new(&[
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
    let (client, seen) = recording_client(None);
    let request = AssumeRoleWithOidcRequest::builder()
        .role_arn("acs:ram::1:role/r")
        .oidc_provider_arn("acs:ram::1:oidc-provider/p")
        .oidc_token("eyJ")
        .role_session_name("s")
        .duration_seconds(3600)
        .policy("{}")
        .build()
        .unwrap();
    let options = CallOptions::new()
        .v2_query_form(ORDER)
        .signing_time(at(1_735_787_045));
    client
        .send_with::<AssumeRoleWithOidc>(request, &options)
        .await
        .unwrap();
    let request = seen.lock().unwrap().remove(0);
    assert_eq!(request.method(), http::Method::GET);
    assert_eq!(
        request.uri().to_string(),
        "https://sts.example.com/?Action=AssumeRoleWithOIDC&Format=JSON&Version=2015-04-01&DurationSeconds=3600&RoleArn=acs%3Aram%3A%3A1%3Arole%2Fr&OIDCProviderArn=acs%3Aram%3A%3A1%3Aoidc-provider%2Fp&OIDCToken=eyJ&RoleSessionName=s&Timestamp=2025-01-02T03%3A04%3A05Z&Policy=%7B%7D"
    );
}
