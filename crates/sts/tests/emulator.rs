//! The STS client against the emulator's STS in process: what the generated client sends,
//! the emulator serves (V3 and V2, signed and anonymous), and the temporary credentials it
//! answers sign the next calls.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use acs_protocol::{Credentials, SigningAlgorithm};
use bytes::Bytes;
use cloudsso_emulator::Emulator;
use sts::acs_client::{HttpClient, RetryConfig};
use sts::{Client, Config};

const ACCOUNT: &str = "1234567890123456";
const ROLE: &str = "acs:ram::1234567890123456:role/admin";

fn emulator() -> Emulator {
    Emulator::builder()
        .account_access_key("testid", "testsecret", ACCOUNT)
        .build()
        .unwrap()
}

/// A client of `emulator` signing with `credentials` (none: anonymous calls only).
fn client(emulator: &Emulator, credentials: Option<Credentials>) -> Client {
    let served = emulator.clone();
    let http = HttpClient::from_fn(move |request| {
        let response = served.handle(request).map(Bytes::from);
        async move { Ok(response) }
    });
    let mut config = Config::builder()
        .region("cn-hangzhou")
        .retry_config(RetryConfig::disabled())
        .http_client(http);
    if let Some(credentials) = credentials {
        config = config.credentials_provider(credentials);
    }
    Client::new(&config.build())
}

#[tokio::test]
async fn assume_role_then_call_as_the_role_with_v3_and_v2() {
    let emulator = emulator();
    let client = client(&emulator, Some(Credentials::new("testid", "testsecret")));
    for algorithm in [SigningAlgorithm::Acs3HmacSha256, SigningAlgorithm::HmacSha1] {
        let response = client
            .assume_role()
            .role_arn(ROLE)
            .role_session_name("alice")
            .duration_seconds(900)
            .customize(move |options| options.signing_algorithm(algorithm))
            .send()
            .await
            .unwrap();
        let user = response.assumed_role_user.unwrap();
        assert_eq!(
            user.arn.as_deref(),
            Some("acs:ram::1234567890123456:role/admin/alice")
        );
        let issued = response.credentials.unwrap();
        let key_id = issued.access_key_id.unwrap();
        assert!(key_id.starts_with("STS.N"), "{key_id}");
        let temporary = Credentials::new(key_id, issued.access_key_secret.unwrap().expose())
            .with_security_token(issued.security_token.unwrap().expose());

        let as_role = sts::Client::new(
            &client
                .config()
                .to_builder()
                .credentials_provider(temporary)
                .build(),
        );
        let identity = as_role
            .get_caller_identity()
            .customize(move |options| options.signing_algorithm(algorithm))
            .send()
            .await
            .unwrap();
        assert_eq!(identity.identity_type.as_deref(), Some("AssumedRoleUser"));
        assert_eq!(identity.account_id.as_deref(), Some(ACCOUNT));
        assert_eq!(identity.user_id, user.assumed_role_id);
        // Role chaining beyond an hour is refused with the service's code.
        let error = as_role
            .assume_role()
            .role_arn(ROLE)
            .role_session_name("bob")
            .duration_seconds(7200)
            .send()
            .await
            .unwrap_err();
        assert_eq!(error.code(), Some("InvalidParameter.DurationSeconds"));
    }
}

#[tokio::test]
async fn assume_role_with_oidc_goes_out_anonymous_and_reaches_the_token_check() {
    let emulator = Emulator::builder()
        .account_access_key("testid", "testsecret", ACCOUNT)
        .oidc_provider(
            cloudsso_emulator::OidcProvider::new("acs:ram::1234567890123456:oidc-provider/ack")
                .unwrap()
                .issuer("https://oidc.example.com")
                .client_id("sts.aliyuncs.com")
                .jwks(include_str!(
                    "../../cloudsso-emulator/tests/data/oidc-jwks.json"
                ))
                .unwrap(),
        )
        .build()
        .unwrap();
    let client = client(&emulator, None);
    for algorithm in [SigningAlgorithm::Acs3HmacSha256, SigningAlgorithm::HmacSha1] {
        let call = |provider: &'static str| {
            client
                .assume_role_with_oidc()
                .oidc_provider_arn(provider)
                .role_arn(ROLE)
                .oidc_token("eyJhbGciOiJSUzI1NiJ9.e30.c2ln")
                .role_session_name("pod")
                .customize(move |options| options.signing_algorithm(algorithm))
                .send()
        };
        // Accepted without a signature, refused for what the token is.
        let error = call("acs:ram::1234567890123456:oidc-provider/ack")
            .await
            .unwrap_err();
        assert_eq!(
            error.code(),
            Some("AuthenticationFail.OIDCToken.Invalid"),
            "{error:?}"
        );
        let error = call("acs:ram::1234567890123456:oidc-provider/other")
            .await
            .unwrap_err();
        assert_eq!(error.code(), Some("EntityNotExist.OIDCProvider"));
    }
}
