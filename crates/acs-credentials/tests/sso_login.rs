//! CloudSSO sign-in against a loopback stand-in of the user portal: the device flow with
//! PKCE, polling, its errors, paging of the listings; and the profile it saves, read back by
//! the CLI-profile provider.
#![allow(clippy::unwrap_used)] // test helpers outside #[test] fns

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use acs_client::{Env, ProvideCredentials};
use acs_credentials::cli_profile_writer::{CloudSsoProfile, save_cloud_sso_profile};
use acs_credentials::sso_login::{DEFAULT_CLIENT_ID, LoginError, Portal, Sleep};
use acs_protocol::Secret;
use base64::Engine as _;
use common::{Answer, Recorded, StandIn, serve};
use serde_json::{Value, json};
use sha2::Digest as _;

/// The portal's state the stand-in keeps between calls.
#[derive(Default)]
struct PortalState {
    challenge: Option<String>,
    token_polls: usize,
}

fn json_body(request: &Recorded) -> Value {
    serde_json::from_str(&request.body).unwrap_or(Value::Null)
}

fn error(code: &str) -> Answer {
    Answer::status(
        400,
        json!({"ErrorCode": code, "ErrorMessage": format!("message of {code}"), "RequestId": "r-1"})
            .to_string(),
    )
}

/// A portal that approves after `pending` polls answered `AuthorizationPending`, then
/// answers `/token` with `final_answer`; lists two pages of accounts and one of access
/// configurations; and checks PKCE at `/token`.
async fn portal(pending: usize, final_token: Option<&'static str>) -> StandIn {
    let state = Arc::new(Mutex::new(PortalState::default()));
    serve(move |request| {
        let mut state = state.lock().unwrap();
        let body = json_body(request);
        match (request.method.as_str(), request.path.as_str()) {
            ("POST", "/device-authorization") => {
                state.challenge = body["CodeChallenge"].as_str().map(str::to_owned);
                Answer::ok(
                    json!({"DeviceCode": "device-1", "UserCode": "ABCD-EFGH",
                       "VerificationUri": "http://portal/device/code",
                       "VerificationUriComplete": "http://portal/device/code?user_code=ABCD-EFGH",
                       "Interval": 7})
                    .to_string(),
                )
            }
            ("POST", "/token") => {
                state.token_polls += 1;
                let verifier = body["CodeVerifier"].as_str().unwrap_or_default();
                let expected = base64::engine::general_purpose::URL_SAFE_NO_PAD
                    .encode(sha2::Sha256::digest(verifier.as_bytes()));
                if state.challenge.as_deref() != Some(expected.as_str()) {
                    return error("InvalidCodeVerifier");
                }
                if body["DeviceCode"] != "device-1" {
                    return error("InvalidDeviceCodeError");
                }
                if state.token_polls <= pending {
                    return error("AuthorizationPending");
                }
                match final_token {
                    Some(code) if code.starts_with("Error:") => error(&code[6..]),
                    Some(token) => Answer::ok(json!({"AccessToken": token, "ExpiresIn": 3600}).to_string()),
                    None => error("AuthorizationPending"),
                }
            }
            ("GET", path) if request.headers.get("authorization").map(String::as_str) != Some("Bearer token-1") => {
                let _ = path;
                Answer::status(401, json!({"ErrorCode": "InvalidToken"}).to_string())
            }
            ("GET", "/access-assignments/accounts") => {
                match request.query.get("NextToken").map(String::as_str) {
                    None => Answer::ok(json!({"Accounts": [{"AccountId": "111", "DisplayName": "dev"}],
                        "IsTruncated": true, "NextToken": "page 2/x"}).to_string()),
                    Some("page 2/x") => Answer::ok(json!({"Accounts": [{"AccountId": "222", "DisplayName": "prod"}],
                        "IsTruncated": false}).to_string()),
                    Some(_) => error("InvalidNextToken"),
                }
            }
            ("GET", "/access-assignments/access-configurations") => {
                let account = request.query.get("AccountId").cloned().unwrap_or_default();
                Answer::ok(json!({"AccessConfigurationsForAccount": [
                    {"AccessConfigurationId": format!("ac-{account}"), "AccessConfigurationName": "Admin",
                     "AccessConfigurationDescription": "", "Unknown": 1}],
                    "IsTruncated": false}).to_string())
            }
            ("POST", "/cloud-credentials") => {
                if request.headers.get("authorization").map(String::as_str) != Some("Bearer token-1") {
                    return Answer::status(401, json!({"ErrorCode": "InvalidToken"}).to_string());
                }
                Answer::ok(json!({"RequestId": "r", "CloudCredential": {
                    "AccessKeyId": format!("STS.{}.{}", body["AccountId"].as_str().unwrap_or_default(),
                        body["AccessConfigurationId"].as_str().unwrap_or_default()),
                    "AccessKeySecret": "sk", "SecurityToken": "st",
                    "Expiration": common::wire_time(common::in_an_hour())}}).to_string())
            }
            _ => Answer::status(404, "{}"),
        }
    })
    .await
}

/// A sleep that returns at once and records what it was asked to wait.
fn recording_sleep() -> (Sleep, Arc<Mutex<Vec<Duration>>>) {
    let waits = Arc::new(Mutex::new(Vec::new()));
    let w = waits.clone();
    let sleep: Sleep = Arc::new(move |d| {
        w.lock().unwrap().push(d);
        Box::pin(async {})
    });
    (sleep, waits)
}

fn sign_in_url(server: &StandIn) -> String {
    format!("{}/mydir/login", server.url())
}

fn no_env() -> Env {
    Env::from_pairs(Vec::<(String, String)>::new())
}

#[tokio::test]
async fn the_device_flow_polls_at_the_interval_until_approved_with_the_verifier_of_the_challenge() {
    let server = portal(2, Some("token-1")).await;
    let (sleep, waits) = recording_sleep();
    let portal = Portal::new(&sign_in_url(&server), &no_env(), common::http())
        .unwrap()
        .with_sleep(sleep);
    let authorization = portal.start_device_authorization().await.unwrap();
    assert_eq!(authorization.user_code, "ABCD-EFGH");
    assert_eq!(authorization.verification_uri, "http://portal/device/code");
    assert_eq!(authorization.interval, Duration::from_secs(7));
    let token = portal.wait_for_access_token(&authorization).await.unwrap();
    assert_eq!(token.token.expose(), "token-1");
    assert_eq!(token.expires_in, 3600);
    let requests = server.requests();
    let polls: Vec<_> = requests.iter().filter(|r| r.path == "/token").collect();
    assert_eq!(polls.len(), 3, "two pending answers, then the token");
    assert_eq!(*waits.lock().unwrap(), vec![Duration::from_secs(7); 2]);

    // The bodies, field by field as the CLI sends them.
    let start = json_body(&requests[0]);
    let keys: Vec<_> = start.as_object().unwrap().keys().cloned().collect();
    assert_eq!(
        keys,
        [
            "ClientId",
            "CodeChallenge",
            "CodeChallengeMethod",
            "PortalUrl"
        ]
    );
    assert_eq!(start["PortalUrl"], sign_in_url(&server));
    assert_eq!(start["ClientId"], DEFAULT_CLIENT_ID);
    assert_eq!(start["CodeChallengeMethod"], "S256");
    assert_eq!(start["CodeChallenge"].as_str().unwrap().len(), 43);
    let poll = json_body(polls[0]);
    let keys: Vec<_> = poll.as_object().unwrap().keys().cloned().collect();
    assert_eq!(
        keys,
        ["ClientId", "CodeVerifier", "DeviceCode", "GrantType"]
    );
    assert_eq!(
        poll["GrantType"],
        "urn:ietf:params:oauth:grant-type:device_code"
    );
    let verifier = poll["CodeVerifier"].as_str().unwrap();
    assert_eq!(verifier.len(), 48);
    for request in &requests {
        assert_eq!(request.headers["content-type"], "application/json");
        assert_eq!(request.headers["accept"], "application/json");
        assert!(!request.headers.contains_key("authorization"));
    }
    // The secrets stay out of Debug.
    let shown = format!("{authorization:?} {token:?}");
    assert!(!shown.contains("device-1") && !shown.contains(verifier) && !shown.contains("token-1"));
}

#[tokio::test]
async fn a_second_sign_in_uses_a_new_verifier() {
    let server = portal(0, Some("token-1")).await;
    let portal = Portal::new(&sign_in_url(&server), &no_env(), common::http()).unwrap();
    for _ in 0..2 {
        let authorization = portal.start_device_authorization().await.unwrap();
        portal.wait_for_access_token(&authorization).await.unwrap();
    }
    let verifiers: Vec<_> = server
        .requests()
        .iter()
        .filter(|r| r.path == "/token")
        .map(|r| json_body(r)["CodeVerifier"].clone())
        .collect();
    assert_eq!(verifiers.len(), 2);
    assert_ne!(verifiers[0], verifiers[1]);
}

#[tokio::test]
async fn the_client_id_variables_replace_the_default() {
    let server = portal(0, Some("token-1")).await;
    for (variable, id) in [
        ("ALIBABACLOUD_SSO_CLIENT_ID", "app-one"),
        ("ALIBABA_CLOUD_SSO_CLIENT_ID", "app-two"),
    ] {
        let env = Env::from_pairs([(variable, id)]);
        let portal = Portal::new(&sign_in_url(&server), &env, common::http()).unwrap();
        assert_eq!(portal.client_id(), id);
        let authorization = portal.start_device_authorization().await.unwrap();
        portal.wait_for_access_token(&authorization).await.unwrap();
    }
    let ids: Vec<_> = server
        .requests()
        .iter()
        .map(|r| json_body(r)["ClientId"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids, ["app-one", "app-one", "app-two", "app-two"]);
}

#[tokio::test]
async fn an_expired_device_code_stops_with_the_cli_message() {
    let server = portal(1, Some("Error:InvalidDeviceCodeError")).await;
    let (sleep, _) = recording_sleep();
    let portal = Portal::new(&sign_in_url(&server), &no_env(), common::http())
        .unwrap()
        .with_sleep(sleep);
    let authorization = portal.start_device_authorization().await.unwrap();
    let error = portal
        .wait_for_access_token(&authorization)
        .await
        .unwrap_err();
    assert!(matches!(error, LoginError::Expired { .. }), "{error:?}");
    assert_eq!(
        error.to_string(),
        "Your request has expired, please login again."
    );
    assert_eq!(
        server
            .requests()
            .iter()
            .filter(|r| r.path == "/token")
            .count(),
        2
    );
}

#[tokio::test]
async fn an_unknown_error_code_stops_and_is_named() {
    let server = portal(0, Some("Error:SlowDown")).await;
    let portal = Portal::new(&sign_in_url(&server), &no_env(), common::http()).unwrap();
    let authorization = portal.start_device_authorization().await.unwrap();
    let error = portal
        .wait_for_access_token(&authorization)
        .await
        .unwrap_err();
    match &error {
        LoginError::Token { code, message } => {
            assert_eq!(code, "SlowDown");
            assert_eq!(message.as_deref(), Some("message of SlowDown"));
        }
        other => panic!("expected a token error, got {other:?}"),
    }
    assert!(error.to_string().contains("SlowDown"));
    assert_eq!(
        server
            .requests()
            .iter()
            .filter(|r| r.path == "/token")
            .count(),
        1
    );
}

#[tokio::test]
async fn polling_stops_after_the_bounded_number_of_polls() {
    let server = portal(usize::MAX, None).await;
    let (sleep, waits) = recording_sleep();
    let portal = Portal::new(&sign_in_url(&server), &no_env(), common::http())
        .unwrap()
        .with_sleep(sleep)
        .with_max_polls(4);
    let authorization = portal.start_device_authorization().await.unwrap();
    let error = portal
        .wait_for_access_token(&authorization)
        .await
        .unwrap_err();
    assert!(
        matches!(error, LoginError::Timeout { polls: 4 }),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .starts_with("Login timeout, please try again.")
    );
    assert_eq!(
        server
            .requests()
            .iter()
            .filter(|r| r.path == "/token")
            .count(),
        4
    );
    assert_eq!(
        waits.lock().unwrap().len(),
        3,
        "no wait after the last poll"
    );
}

#[tokio::test]
async fn the_default_bound_is_the_clis_101_polls() {
    let server = portal(usize::MAX, None).await;
    let (sleep, _) = recording_sleep();
    let portal = Portal::new(&sign_in_url(&server), &no_env(), common::http())
        .unwrap()
        .with_sleep(sleep);
    let authorization = portal.start_device_authorization().await.unwrap();
    let error = portal
        .wait_for_access_token(&authorization)
        .await
        .unwrap_err();
    assert!(
        matches!(error, LoginError::Timeout { polls: 101 }),
        "{error:?}"
    );
}

#[tokio::test]
async fn accounts_are_listed_across_pages_and_configurations_per_account() {
    let server = portal(0, Some("token-1")).await;
    let portal = Portal::new(&sign_in_url(&server), &no_env(), common::http()).unwrap();
    let authorization = portal.start_device_authorization().await.unwrap();
    let token = portal.wait_for_access_token(&authorization).await.unwrap();
    let accounts = portal.list_accounts(&token).await.unwrap();
    let ids: Vec<_> = accounts
        .iter()
        .map(|a| (a.account_id.as_str(), a.display_name.as_str()))
        .collect();
    assert_eq!(ids, [("111", "dev"), ("222", "prod")]);
    let configurations = portal
        .list_access_configurations(&token, "222")
        .await
        .unwrap();
    assert_eq!(configurations.len(), 1);
    assert_eq!(configurations[0].access_configuration_id, "ac-222");
    assert_eq!(configurations[0].access_configuration_name, "Admin");
    let lists: Vec<_> = server
        .requests()
        .into_iter()
        .filter(|r| r.method == "GET")
        .collect();
    let queries: Vec<_> = lists
        .iter()
        .map(|r| format!("{}?{}", r.path, r.raw_query))
        .collect();
    assert_eq!(
        queries,
        [
            "/access-assignments/accounts?MaxResults=100",
            "/access-assignments/accounts?MaxResults=100&NextToken=page%202%2Fx",
            "/access-assignments/access-configurations?AccountId=222&MaxResults=100",
        ]
    );
    assert!(
        lists
            .iter()
            .all(|r| r.headers["authorization"] == "Bearer token-1")
    );
}

#[tokio::test]
async fn a_truncated_page_without_a_new_token_is_an_error_not_a_loop() {
    let server = serve(|_| {
        Answer::ok(json!({"Accounts": [], "IsTruncated": true, "NextToken": "same"}).to_string())
    })
    .await;
    let portal = Portal::new(&sign_in_url(&server), &no_env(), common::http()).unwrap();
    let token = acs_credentials::sso_login::AccessToken::new(Secret::new("t"), 3600);
    let error = portal.list_accounts(&token).await.unwrap_err();
    assert!(matches!(error, LoginError::Paging { .. }), "{error:?}");
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn a_sign_in_url_without_scheme_or_host_is_refused() {
    let error = Portal::new("signin.example.com/d/login", &no_env(), common::http()).unwrap_err();
    assert!(
        error.to_string().contains("signin.example.com/d/login"),
        "{error}"
    );
}

#[tokio::test]
async fn the_saved_profile_gives_credentials_through_the_cli_profile_provider() {
    let server = portal(0, Some("token-1")).await;
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join(".aliyun").join("config.json");
    let portal = Portal::new(&sign_in_url(&server), &no_env(), common::http()).unwrap();
    let authorization = portal.start_device_authorization().await.unwrap();
    let token = portal.wait_for_access_token(&authorization).await.unwrap();
    let profile = CloudSsoProfile::new(
        "sso",
        sign_in_url(&server),
        "222",
        "ac-222",
        token.token.clone(),
        token.expires_at,
    );
    save_cloud_sso_profile(&path, &profile).unwrap();
    let env = common::env_with_home(home.path(), &[]);
    let provider = acs_credentials::CliProfileProvider::for_profile("sso", env, common::http());
    let credentials = provider.provide_credentials().await.unwrap();
    assert_eq!(credentials.access_key_id(), "STS.222.ac-222");
}

#[tokio::test]
async fn polling_stops_when_the_device_codes_lifetime_is_spent() {
    let server = serve(|request| match request.path.as_str() {
        "/device-authorization" => Answer::ok(
            json!({"DeviceCode": "d", "UserCode": "u", "VerificationUri": "v",
                   "Interval": 7, "ExpiresIn": 15})
            .to_string(),
        ),
        _ => error("AuthorizationPending"),
    })
    .await;
    let (sleep, waits) = recording_sleep();
    let portal = Portal::new(&sign_in_url(&server), &no_env(), common::http())
        .unwrap()
        .with_sleep(sleep);
    let authorization = portal.start_device_authorization().await.unwrap();
    assert_eq!(authorization.expires_in, Some(Duration::from_secs(15)));
    assert_eq!(
        authorization.verification_uri_complete, "v",
        "without VerificationUriComplete the browser gets VerificationUri"
    );
    let error = portal
        .wait_for_access_token(&authorization)
        .await
        .unwrap_err();
    // Polls at 0, 7 and 14 s; a fourth at 21 s would be past the 15 s lifetime.
    assert!(
        matches!(error, LoginError::Timeout { polls: 3 }),
        "{error:?}"
    );
    assert_eq!(*waits.lock().unwrap(), vec![Duration::from_secs(7); 2]);
}

#[tokio::test]
async fn a_listing_refused_for_the_token_names_the_portals_code() {
    let server = serve(|_| {
        Answer::status(
            401,
            json!({"ErrorCode": "InvalidAccessToken", "ErrorMessage": "expired", "RequestId": "r-9"})
                .to_string(),
        )
    })
    .await;
    let portal = Portal::new(&sign_in_url(&server), &no_env(), common::http()).unwrap();
    let token = acs_credentials::sso_login::AccessToken::new(Secret::new("secret-token"), 3600);
    let error = portal.list_accounts(&token).await.unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains("InvalidAccessToken") && message.contains("r-9"),
        "{message}"
    );
    assert!(!message.contains("secret-token") && !format!("{error:?}").contains("secret-token"));
}
