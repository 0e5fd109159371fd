//! The STS client against a stand-in (an in-process transport): `AssumeRoleWithOIDC` goes
//! out anonymous, `AssumeRole` signed with V2 when asked, the credentials decoded.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};

use acs_protocol::{Credentials, SigningAlgorithm};
use bytes::Bytes;
use sts::acs_client::{HttpClient, RetryConfig};
use sts::{Client, Config};

const ANSWER: &str = r#"{"RequestId":"6894B13B","AssumedRoleUser":{"Arn":"acs:ram::1234:role/admin/alice","AssumedRoleId":"3445:alice"},"Credentials":{"AccessKeyId":"STS.L4aB","AccessKeySecret":"wyLTSmsy","SecurityToken":"CAIS","Expiration":"2015-04-09T11:52:19Z"}}"#;

/// A client whose every request is recorded and answered with `ANSWER`.
fn recording(credentials: Option<Credentials>) -> (Client, Arc<Mutex<Vec<http::Request<Bytes>>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let http = HttpClient::from_fn(move |request: http::Request<Bytes>| {
        record.lock().unwrap().push(request);
        async {
            Ok(http::Response::builder()
                .header("content-type", "application/json;charset=utf-8")
                .body(Bytes::from_static(ANSWER.as_bytes()))
                .unwrap())
        }
    });
    let mut config = Config::builder()
        .region("cn-hangzhou")
        .retry_config(RetryConfig::disabled())
        .http_client(http);
    if let Some(credentials) = credentials {
        config = config.credentials_provider(credentials);
    }
    (Client::new(&config.build()), seen)
}

#[tokio::test]
async fn assume_role_with_oidc_needs_no_credentials_and_sends_no_signature() {
    let (client, seen) = recording(None);
    let response = client
        .assume_role_with_oidc()
        .oidc_provider_arn("acs:ram::1234:oidc-provider/ack")
        .role_arn("acs:ram::1234:role/rrsa")
        .oidc_token("eyJ.token")
        .role_session_name("pod")
        .send()
        .await
        .unwrap();
    let credentials = response.credentials.unwrap();
    assert_eq!(credentials.access_key_secret.unwrap().expose(), "wyLTSmsy");
    let requests = seen.lock().unwrap();
    let request = &requests[0];
    assert_eq!(request.uri().host(), Some("sts.cn-hangzhou.aliyuncs.com"));
    let query = request.uri().query().unwrap();
    assert!(query.contains("OIDCToken=eyJ.token"), "{query}");
    assert!(!query.contains("Signature="), "{query}");
    assert!(!query.contains("AccessKeyId"), "{query}");
    assert_eq!(
        request.headers().get("x-acs-action").unwrap(),
        "AssumeRoleWithOIDC"
    );
    assert!(request.headers().get("authorization").is_none());
}

#[tokio::test]
async fn assume_role_is_signed_with_v2_when_asked() {
    let (client, seen) = recording(Some(Credentials::new("testid", "testsecret")));
    let response = client
        .assume_role()
        .role_arn("acs:ram::1234:role/admin")
        .role_session_name("alice")
        .customize(|options| options.signing_algorithm(SigningAlgorithm::HmacSha1))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.assumed_role_user.unwrap().arn.as_deref(),
        Some("acs:ram::1234:role/admin/alice")
    );
    assert!(!format!("{:?}", response.credentials).contains("wyLTSmsy"));
    let query = seen.lock().unwrap()[0].uri().query().unwrap().to_owned();
    for expected in [
        "SignatureMethod=HMAC-SHA1",
        "SignatureVersion=1.0",
        "AccessKeyId=testid",
        "Signature=",
        "RoleSessionName=alice",
    ] {
        assert!(query.contains(expected), "{expected} in {query}");
    }
    // By default the client signs V3, as every other call.
    client.get_caller_identity().send().await.unwrap();
    let requests = seen.lock().unwrap();
    let authorization = requests[1].headers().get("authorization").unwrap();
    assert!(
        authorization
            .to_str()
            .unwrap()
            .starts_with("ACS3-HMAC-SHA256")
    );
}

#[tokio::test]
async fn from_env_resolves_credentials_with_the_default_chain() {
    // Hermetic: the home directory and the environment injected, instance metadata off.
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join(".aliyun")).unwrap();
    std::fs::write(
        home.path().join(".aliyun/config.json"),
        r#"{"current":"p","profiles":[{"name":"p","mode":"AK","access_key_id":"LTAIprofile","access_key_secret":"s"}]}"#,
    )
    .unwrap();
    let env = sts::acs_client::Env::from_pairs([
        ("HOME", home.path().to_str().unwrap()),
        ("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true"),
    ]);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let http = HttpClient::from_fn(move |request: http::Request<Bytes>| {
        record.lock().unwrap().push(request);
        async {
            Ok(http::Response::new(Bytes::from_static(
                b"{\"RequestId\":\"R\"}",
            )))
        }
    });
    let config = Config::from_env()
        .env(env)
        .region("cn-hangzhou")
        .retry_config(RetryConfig::disabled())
        .http_client(http)
        .load()
        .await
        .unwrap();
    Client::new(&config)
        .get_caller_identity()
        .send()
        .await
        .unwrap();
    let requests = seen.lock().unwrap();
    let authorization = requests[0].headers().get("authorization").unwrap();
    assert!(
        authorization
            .to_str()
            .unwrap()
            .contains("Credential=LTAIprofile,"),
        "{authorization:?}"
    );
    assert_eq!(
        requests[0]
            .headers()
            .get("x-acs-credentials-provider")
            .unwrap(),
        "default/cli_profile/static_ak"
    );
}
