//! Each provider against loopback stand-ins, with injected environments and files.
#![allow(clippy::unwrap_used)] // test helpers outside #[test] fns

mod common;

use std::time::Duration;

use acs_client::{Env, ProvideCredentials, SharedCredentialsProvider};
use acs_credentials::ecs::EcsRamRoleSettings;
use acs_credentials::oidc::OidcSettings;
use acs_credentials::ram_role_arn::RamRoleArnSettings;
use acs_credentials::sts::StsEndpoint;
use acs_credentials::{
    CliProfileProvider, EcsRamRoleProvider, ExternalProcessProvider, OidcRoleArnProvider,
    RamRoleArnProvider,
};
use acs_protocol::Credentials;
use common::{
    Answer, Recorded, env_with_home, in_an_hour, metadata_body, serve, sts_body, write_cli_config,
};
use serde_json::json;

/// The V2 signature of `request` recomputed with `secret` equals its `Signature`.
fn signed_with(request: &Recorded, secret: &str) -> bool {
    let signature = acs_signer::v2::sign_parameters(
        &http::Method::GET,
        request
            .query
            .iter()
            .filter(|(k, _)| *k != "Signature")
            .map(|(k, v)| (k.as_str(), v.as_str())),
        &acs_protocol::Secret::new(secret),
    );
    request.query.get("Signature").map(String::as_str) == Some(signature.signature())
}

fn no_env() -> Env {
    Env::from_pairs(Vec::<(String, String)>::new())
}

#[tokio::test]
async fn ram_role_arn_assumes_the_role_with_any_source_provider() {
    let sts = serve(|_| Answer::ok(sts_body("STS.role", in_an_hour()))).await;
    let source = SharedCredentialsProvider::new(
        Credentials::new("LTAIsource", "source-secret").with_security_token("source-token"),
    );
    let mut settings = RamRoleArnSettings::new("acs:ram::1234567890123456:role/admin");
    settings.role_session_name = Some("session-1".to_owned());
    settings.duration_seconds = Some(1800);
    settings.policy = Some(r#"{"Statement":[]}"#.to_owned());
    settings.external_id = Some("ext-1".to_owned());
    settings.sts = StsEndpoint::endpoint(sts.url());
    let provider = RamRoleArnProvider::new(source, settings, &no_env(), common::http()).unwrap();
    let credentials = provider.provide_credentials().await.unwrap();
    assert_eq!(credentials.provider_name(), Some("ram_role_arn/static_sts"));
    assert!(credentials.expiration().is_some());
    assert_eq!(credentials.access_key_id(), "STS.role");
    assert_eq!(
        credentials.security_token().map(|t| t.expose()),
        Some("token-of-STS.role")
    );
    let request = &sts.requests()[0];
    assert_eq!(request.method, "GET");
    assert_eq!(request.path, "/");
    for (name, value) in [
        ("Action", "AssumeRole"),
        ("Version", "2015-04-01"),
        ("Format", "JSON"),
        ("RoleArn", "acs:ram::1234567890123456:role/admin"),
        ("RoleSessionName", "session-1"),
        ("DurationSeconds", "1800"),
        ("Policy", r#"{"Statement":[]}"#),
        ("ExternalId", "ext-1"),
        ("AccessKeyId", "LTAIsource"),
        ("SecurityToken", "source-token"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureVersion", "1.0"),
    ] {
        assert_eq!(
            request.query.get(name).map(String::as_str),
            Some(value),
            "{name}"
        );
    }
    assert!(signed_with(request, "source-secret"));
    // The Debug of the provider shows no secret.
    let debug = format!("{provider:?}");
    assert!(
        !debug.contains("source-secret") && !debug.contains("source-token"),
        "{debug}"
    );
}

#[tokio::test]
async fn ram_role_arn_reports_sts_errors_with_code_and_message() {
    let sts = serve(|_| {
        Answer::status(
            404,
            r#"{"RequestId":"r-9","Code":"EntityNotExist.Role","Message":"The role not exists: acs:ram::1:role/x."}"#,
        )
    })
    .await;
    let source = SharedCredentialsProvider::new(Credentials::new("LTAIsource", "source-secret"));
    let mut settings = RamRoleArnSettings::new("acs:ram::1:role/x");
    settings.sts = StsEndpoint::endpoint(sts.url());
    let provider = RamRoleArnProvider::new(source, settings, &no_env(), common::http()).unwrap();
    let error = provider.provide_credentials().await.unwrap_err();
    let text = acs_error_text(&error);
    assert!(
        text.contains("EntityNotExist.Role") && text.contains("r-9") && text.contains("404"),
        "{text}"
    );
    assert!(!text.contains("source-secret"));
}

/// The error and its sources.
fn acs_error_text(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(e) = source {
        text.push_str(" / ");
        text.push_str(&e.to_string());
        source = e.source();
    }
    text
}

#[tokio::test]
async fn ram_role_arn_refuses_a_short_duration_and_a_missing_role() {
    let source = SharedCredentialsProvider::new(Credentials::new("a", "b"));
    let mut settings = RamRoleArnSettings::new("acs:ram::1:role/x");
    settings.duration_seconds = Some(899);
    let error =
        RamRoleArnProvider::new(source.clone(), settings, &no_env(), common::http()).unwrap_err();
    assert!(
        error.to_string().contains("899") && error.to_string().contains("900"),
        "{error}"
    );
    let error = RamRoleArnProvider::new(
        source,
        RamRoleArnSettings::default(),
        &no_env(),
        common::http(),
    )
    .unwrap_err();
    assert!(
        error.to_string().contains("ALIBABA_CLOUD_ROLE_ARN"),
        "{error}"
    );
}

#[tokio::test]
async fn oidc_sends_the_token_file_as_it_is_at_each_refresh() {
    let sts = serve(|r| {
        let token = r.query.get("OIDCToken").cloned().unwrap_or_default();
        // Credentials that expire at once after the first, so the second call refreshes.
        Answer::ok(sts_body(&format!("STS.{token}"), in_an_hour()))
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, "jwt-one\n").unwrap();
    let env = Env::from_pairs([
        ("ALIBABA_CLOUD_ROLE_ARN", "acs:ram::1:role/k8s"),
        (
            "ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
            "acs:ram::1:oidc-provider/ack",
        ),
        (
            "ALIBABA_CLOUD_OIDC_TOKEN_FILE",
            token_file.to_str().unwrap(),
        ),
        ("ALIBABA_CLOUD_ROLE_SESSION_NAME", "pod-1"),
    ]);
    let settings = OidcSettings::default().with_sts(StsEndpoint::endpoint(sts.url()));
    let start = std::time::SystemTime::now();
    let offset = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let o = offset.clone();
    let provider = OidcRoleArnProvider::new(settings, &env, common::http())
        .unwrap()
        .with_time_source(acs_credentials::TimeSource::from_fn(move || {
            start + Duration::from_secs(o.load(std::sync::atomic::Ordering::SeqCst))
        }));
    assert_eq!(
        provider
            .provide_credentials()
            .await
            .unwrap()
            .access_key_id(),
        "STS.jwt-one"
    );
    std::fs::write(&token_file, "jwt-two").unwrap();
    offset.store(50 * 60, std::sync::atomic::Ordering::SeqCst);
    assert_eq!(
        provider
            .provide_credentials()
            .await
            .unwrap()
            .access_key_id(),
        "STS.jwt-two"
    );
    let request = &sts.requests()[0];
    assert_eq!(
        request.query.get("Action").map(String::as_str),
        Some("AssumeRoleWithOIDC")
    );
    assert_eq!(
        request.query.get("RoleSessionName").map(String::as_str),
        Some("pod-1")
    );
    assert_eq!(
        request.query.get("OIDCProviderArn").map(String::as_str),
        Some("acs:ram::1:oidc-provider/ack")
    );
    // Anonymous: no key, no signature.
    assert!(!request.query.contains_key("Signature") && !request.query.contains_key("AccessKeyId"));
    assert!(format!("{provider:?}").find("jwt-").is_none());
}

#[tokio::test]
async fn ecs_uses_the_imdsv2_token_and_discovers_the_role() {
    let imds = serve(|r| match (r.method.as_str(), r.path.as_str()) {
        ("PUT", "/latest/api/token") => {
            assert_eq!(
                r.headers
                    .get("x-aliyun-ecs-metadata-token-ttl-seconds")
                    .map(String::as_str),
                Some("21600")
            );
            Answer::ok("imds-token")
        }
        ("GET", "/latest/meta-data/ram/security-credentials/") => Answer::ok("EcsRole"),
        ("GET", "/latest/meta-data/ram/security-credentials/EcsRole") => {
            Answer::ok(metadata_body("STS.ecs", in_an_hour()))
        }
        _ => Answer::status(404, ""),
    })
    .await;
    let settings = EcsRamRoleSettings::default().with_endpoint(imds.url());
    let provider = EcsRamRoleProvider::new(settings, &no_env(), common::http());
    assert_eq!(
        provider
            .provide_credentials()
            .await
            .unwrap()
            .access_key_id(),
        "STS.ecs"
    );
    let requests = imds.requests();
    // One token for the round: role name and credentials.
    assert_eq!(requests.len(), 3, "{requests:?}");
    for r in requests.iter().filter(|r| r.method == "GET") {
        assert_eq!(
            r.headers
                .get("x-aliyun-ecs-metadata-token")
                .map(String::as_str),
            Some("imds-token")
        );
    }
}

#[tokio::test]
async fn ecs_falls_back_to_imdsv1_unless_disabled() {
    let imds = serve(|r| match (r.method.as_str(), r.path.as_str()) {
        ("PUT", _) => Answer::status(403, ""),
        ("GET", "/latest/meta-data/ram/security-credentials/Named") => {
            assert!(!r.headers.contains_key("x-aliyun-ecs-metadata-token"));
            Answer::ok(metadata_body("STS.v1", in_an_hour()))
        }
        _ => Answer::status(404, ""),
    })
    .await;
    let env = Env::from_pairs([("ALIBABA_CLOUD_ECS_METADATA", "Named")]);
    let settings = EcsRamRoleSettings::default().with_endpoint(imds.url());
    let provider = EcsRamRoleProvider::new(settings.clone(), &env, common::http());
    assert_eq!(
        provider
            .provide_credentials()
            .await
            .unwrap()
            .access_key_id(),
        "STS.v1"
    );

    let env = Env::from_pairs([
        ("ALIBABA_CLOUD_ECS_METADATA", "Named"),
        ("ALIBABA_CLOUD_IMDSV1_DISABLED", "true"),
    ]);
    let provider = EcsRamRoleProvider::new(settings, &env, common::http());
    let error = provider.provide_credentials().await.unwrap_err();
    assert!(!error.is_not_loaded());
    assert!(
        acs_error_text(&error).contains("IMDSV1_DISABLED"),
        "{}",
        acs_error_text(&error)
    );
}

#[tokio::test]
async fn ecs_without_a_metadata_service_declines() {
    // A port nobody listens on: bind, read the port, close.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let settings = EcsRamRoleSettings::default().with_endpoint(format!("http://127.0.0.1:{port}"));
    let provider = EcsRamRoleProvider::new(settings, &no_env(), common::http());
    let error = provider.provide_credentials().await.unwrap_err();
    assert!(error.is_not_loaded(), "{error}");
}

#[tokio::test]
async fn ecs_refuses_a_body_whose_code_is_not_success() {
    let imds = serve(|r| match r.method.as_str() {
        "PUT" => Answer::ok("t"),
        _ => Answer::ok(r#"{"Code":"Failure","AccessKeyId":"x","AccessKeySecret":"hush","SecurityToken":"y","Expiration":"2099-01-01T00:00:00Z"}"#),
    })
    .await;
    let env = Env::from_pairs([("ALIBABA_CLOUD_ECS_METADATA", "R")]);
    let settings = EcsRamRoleSettings::default().with_endpoint(imds.url());
    let error = EcsRamRoleProvider::new(settings, &env, common::http())
        .provide_credentials()
        .await
        .unwrap_err();
    let text = acs_error_text(&error);
    assert!(text.contains("Failure") && !text.contains("hush"), "{text}");
}

#[cfg(unix)]
fn script(dir: &std::path::Path, name: &str, body: &str) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[cfg(unix)]
#[tokio::test]
async fn external_process_credentials_and_failures() {
    let dir = tempfile::tempdir().unwrap();
    let sts = script(
        dir.path(),
        "sts.sh",
        r#"echo "{\"mode\":\"StsToken\",\"access_key_id\":\"STS.ext\",\"access_key_secret\":\"s\",\"sts_token\":\"$1\",\"expiration\":\"2099-01-01T00:00:00Z\"}""#,
    );
    let provider =
        ExternalProcessProvider::new(&format!("{} 'tok en'", sts.display()), None).unwrap();
    let credentials = provider.provide_credentials().await.unwrap();
    assert_eq!(credentials.access_key_id(), "STS.ext");
    assert_eq!(
        credentials.security_token().map(|t| t.expose()),
        Some("tok en")
    );

    let failing = script(dir.path(), "fail.sh", "echo 'no session' >&2; exit 3");
    let error = ExternalProcessProvider::new(&failing.display().to_string(), None)
        .unwrap()
        .provide_credentials()
        .await
        .unwrap_err();
    let text = acs_error_text(&error);
    assert!(text.contains("no session") && text.contains('3'), "{text}");

    let garbage = script(
        dir.path(),
        "garbage.sh",
        "echo '{\"mode\":\"AK\",\"access_key_id\":\"a\"}'",
    );
    let error = ExternalProcessProvider::new(&garbage.display().to_string(), None)
        .unwrap()
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(acs_error_text(&error).contains("access_key_secret"));

    let slow = script(dir.path(), "slow.sh", "sleep 5");
    let started = std::time::Instant::now();
    let error = ExternalProcessProvider::new(
        &slow.display().to_string(),
        Some(Duration::from_millis(200)),
    )
    .unwrap()
    .provide_credentials()
    .await
    .unwrap_err();
    assert!(acs_error_text(&error).contains("did not finish"));
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "the timeout error within timeout + margin"
    );
}

#[tokio::test]
async fn cli_profile_modes_ak_and_sts_token_and_selection_rules() {
    let home = tempfile::tempdir().unwrap();
    write_cli_config(
        home.path(),
        &json!({
            "current": "ak",
            "profiles": [
                {"name": "ak", "mode": "AK", "access_key_id": "LTAIak", "access_key_secret": "s1", "region_id": "cn-shanghai"},
                {"name": "sts", "mode": "StsToken", "access_key_id": "STS.x", "access_key_secret": "s2", "sts_token": "t2"},
                {"name": "legacy", "access_key_id": "LTAIlegacy", "access_key_secret": "s3"},
                {"name": "oauth", "mode": "OAuth"}
            ],
            "meta_path": ""
        }),
    );
    let http = common::http();
    let current = CliProfileProvider::new(env_with_home(home.path(), &[]), http.clone());
    assert_eq!(
        current.provide_credentials().await.unwrap().access_key_id(),
        "LTAIak"
    );
    assert_eq!(
        current.selected().await.unwrap().region_id.as_deref(),
        Some("cn-shanghai")
    );
    let by_env = CliProfileProvider::new(
        env_with_home(home.path(), &[("ALIBABA_CLOUD_PROFILE", "sts")]),
        http.clone(),
    );
    let credentials = by_env.provide_credentials().await.unwrap();
    assert_eq!(credentials.security_token().map(|t| t.expose()), Some("t2"));
    // Explicit beats the variable.
    let explicit = CliProfileProvider::for_profile(
        "legacy",
        env_with_home(home.path(), &[("ALIBABA_CLOUD_PROFILE", "sts")]),
        http.clone(),
    );
    assert_eq!(
        explicit
            .provide_credentials()
            .await
            .unwrap()
            .access_key_id(),
        "LTAIlegacy"
    );
    assert_eq!(explicit.selected().await.unwrap().mode, "AK");
    // Unsupported mode and unknown profile: errors that say which.
    let oauth =
        CliProfileProvider::for_profile("oauth", env_with_home(home.path(), &[]), http.clone());
    let text = acs_error_text(&oauth.provide_credentials().await.unwrap_err());
    assert!(text.contains("OAuth") && text.contains("mode"), "{text}");
    let missing =
        CliProfileProvider::for_profile("nope", env_with_home(home.path(), &[]), http.clone());
    let text = acs_error_text(&missing.provide_credentials().await.unwrap_err());
    assert!(text.contains("nope") && text.contains("ak, sts"), "{text}");
    // ALIBABA_CLOUD_CONFIG_FILE names another file.
    let other = home.path().join("elsewhere.json");
    std::fs::write(&other, json!({"current": "o", "profiles": [{"name": "o", "mode": "AK", "access_key_id": "LTAIother", "access_key_secret": "x"}]}).to_string()).unwrap();
    let moved = CliProfileProvider::new(
        env_with_home(
            home.path(),
            &[("ALIBABA_CLOUD_CONFIG_FILE", other.to_str().unwrap())],
        ),
        http,
    );
    assert_eq!(
        moved.provide_credentials().await.unwrap().access_key_id(),
        "LTAIother"
    );
}

#[tokio::test]
async fn cli_profile_a_corrupt_file_is_an_error_not_a_skip() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join(".aliyun")).unwrap();
    std::fs::write(home.path().join(".aliyun/config.json"), "{ not json").unwrap();
    let provider = CliProfileProvider::new(env_with_home(home.path(), &[]), common::http());
    let error = provider.provide_credentials().await.unwrap_err();
    assert!(!error.is_not_loaded());
    assert!(acs_error_text(&error).contains("config.json"));
    // The file is left as it was.
    assert_eq!(
        std::fs::read_to_string(home.path().join(".aliyun/config.json")).unwrap(),
        "{ not json"
    );
}

#[tokio::test]
async fn cli_profile_role_modes_honour_sts_endpoint_and_chain_their_sources() {
    let sts = serve(|r| {
        let key = r.query.get("AccessKeyId").cloned().unwrap_or_default();
        Answer::ok(sts_body(&format!("STS.by-{key}"), in_an_hour()))
    })
    .await;
    let home = tempfile::tempdir().unwrap();
    write_cli_config(
        home.path(),
        &json!({
            "current": "chained",
            "profiles": [
                {"name": "base", "mode": "RamRoleArn", "access_key_id": "LTAIbase", "access_key_secret": "base-secret",
                 "ram_role_arn": "acs:ram::1:role/first", "ram_session_name": "s-first", "expired_seconds": 900,
                 "sts_endpoint": sts.url()},
                {"name": "chained", "mode": "ChainableRamRoleArn", "source_profile": "base",
                 "ram_role_arn": "acs:ram::2:role/second", "ram_session_name": "s-second", "sts_endpoint": sts.url()},
                {"name": "loop-a", "mode": "ChainableRamRoleArn", "source_profile": "loop-b", "ram_role_arn": "acs:ram::1:role/a"},
                {"name": "loop-b", "mode": "ChainableRamRoleArn", "source_profile": "loop-a", "ram_role_arn": "acs:ram::1:role/b"}
            ]
        }),
    );
    let provider = CliProfileProvider::new(env_with_home(home.path(), &[]), common::http());
    let credentials = provider.provide_credentials().await.unwrap();
    assert_eq!(credentials.access_key_id(), "STS.by-STS.by-LTAIbase");
    let requests = sts.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].query["RoleArn"], "acs:ram::1:role/first");
    assert_eq!(requests[0].query["DurationSeconds"], "900");
    assert!(signed_with(&requests[0], "base-secret"));
    assert_eq!(requests[1].query["RoleArn"], "acs:ram::2:role/second");
    assert_eq!(
        requests[1].query["SecurityToken"],
        "token-of-STS.by-LTAIbase"
    );
    assert!(signed_with(&requests[1], "secret-of-STS.by-LTAIbase"));
    let looped =
        CliProfileProvider::for_profile("loop-a", env_with_home(home.path(), &[]), common::http());
    assert!(acs_error_text(&looped.provide_credentials().await.unwrap_err()).contains("cycle"));
}

#[tokio::test]
async fn cli_profile_uri_ecs_oidc_and_external_modes() {
    let server = serve(|r| match (r.method.as_str(), r.path.as_str()) {
        ("GET", "/uri") => Answer::ok(metadata_body("STS.uri", in_an_hour())),
        ("PUT", "/latest/api/token") => Answer::ok("t"),
        ("GET", "/latest/meta-data/ram/security-credentials/ProfileRole") => {
            Answer::ok(metadata_body("STS.ecs", in_an_hour()))
        }
        ("GET", "/") => Answer::ok(sts_body("STS.oidc", in_an_hour())),
        _ => Answer::status(404, ""),
    })
    .await;
    let home = tempfile::tempdir().unwrap();
    let token_file = home.path().join("jwt");
    std::fs::write(&token_file, "header.payload.sig").unwrap();
    write_cli_config(
        home.path(),
        &json!({
            "current": "uri",
            "profiles": [
                {"name": "uri", "mode": "CredentialsURI", "credentials_uri": format!("{}/uri", server.url())},
                {"name": "ecs", "mode": "EcsRamRole", "ram_role_name": "ProfileRole"},
                {"name": "oidc", "mode": "OIDC", "ram_role_arn": "acs:ram::1:role/o", "oidc_provider_arn": "acs:ram::1:oidc-provider/p",
                 "oidc_token_file": token_file.to_str().unwrap(), "sts_endpoint": server.url()},
                {"name": "ext", "mode": "External", "process_command": "echo '{\"mode\":\"AK\",\"access_key_id\":\"LTAIext\",\"access_key_secret\":\"x\"}'"}
            ]
        }),
    );
    let env = |profile: &str| {
        env_with_home(
            home.path(),
            &[
                ("ALIBABA_CLOUD_PROFILE", profile),
                ("ALIBABA_CLOUD_ECS_METADATA_ENDPOINT", &server.url()),
            ],
        )
    };
    let http = common::http();
    for (profile, id) in [
        ("uri", "STS.uri"),
        ("ecs", "STS.ecs"),
        ("oidc", "STS.oidc"),
        ("ext", "LTAIext"),
    ] {
        let provider = CliProfileProvider::new(env(profile), http.clone());
        assert_eq!(
            provider
                .provide_credentials()
                .await
                .unwrap()
                .access_key_id(),
            id,
            "{profile}"
        );
    }
    let oidc = server
        .requests()
        .into_iter()
        .find(|r| r.path == "/")
        .unwrap();
    assert_eq!(oidc.query["OIDCToken"], "header.payload.sig");
}

#[tokio::test]
async fn cli_profile_cloud_sso_calls_the_portal_with_the_saved_token() {
    let portal = serve(|r| {
        if r.method == "POST" && r.path == "/cloud-credentials" {
            assert_eq!(r.headers.get("authorization").map(String::as_str), Some("Bearer portal-token"));
            let body: serde_json::Value = serde_json::from_str(&r.body).unwrap();
            assert_eq!(body, json!({"AccountId": "1234567890123456", "AccessConfigurationId": "ac-1"}));
            Answer::ok(format!(
                r#"{{"CloudCredential":{{"AccessKeyId":"STS.sso","AccessKeySecret":"x","SecurityToken":"y","Expiration":"{}"}},"RequestId":"r"}}"#,
                common::wire_time(in_an_hour())
            ))
        } else {
            Answer::status(404, "")
        }
    })
    .await;
    let home = tempfile::tempdir().unwrap();
    let later = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 3600;
    let profile = |name: &str, expire: u64| {
        json!({"name": name, "mode": "CloudSSO", "cloud_sso_sign_in_url": format!("{}/dir/login", portal.url()),
               "cloud_sso_account_id": "1234567890123456", "cloud_sso_access_config": "ac-1",
               "access_token": "portal-token", "cloud_sso_access_token_expire": expire})
    };
    write_cli_config(
        home.path(),
        &json!({"current": "sso", "profiles": [profile("sso", later), profile("expired", 1)]}),
    );
    let provider = CliProfileProvider::new(env_with_home(home.path(), &[]), common::http());
    assert_eq!(
        provider
            .provide_credentials()
            .await
            .unwrap()
            .access_key_id(),
        "STS.sso"
    );
    let expired =
        CliProfileProvider::for_profile("expired", env_with_home(home.path(), &[]), common::http());
    let text = acs_error_text(&expired.provide_credentials().await.unwrap_err());
    assert!(
        text.contains("aliyun configure --profile expired") && !text.contains("portal-token"),
        "{text}"
    );
    assert_eq!(portal.count(), 1);
}

#[tokio::test]
async fn ini_file_both_names_the_variable_and_the_section() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join(".alibabacloud");
    std::fs::create_dir_all(&dir).unwrap();
    let http = common::http();
    let ini = |env: Env| acs_credentials::IniProfileProvider::new(env, http.clone());
    // Python's name alone.
    std::fs::write(
        dir.join("credentials.ini"),
        "[default]\ntype = access_key\naccess_key_id = LTAIpy\naccess_key_secret = s\n",
    )
    .unwrap();
    assert_eq!(
        ini(env_with_home(home.path(), &[]))
            .provide_credentials()
            .await
            .unwrap()
            .access_key_id(),
        "LTAIpy"
    );
    // Go/Node's name wins when both exist.
    std::fs::write(dir.join("credentials"), "[default]\ntype = access_key\naccess_key_id = LTAIgo\naccess_key_secret = s\n[prod]\ntype = access_key\naccess_key_id = LTAIprod\naccess_key_secret = s\n").unwrap();
    assert_eq!(
        ini(env_with_home(home.path(), &[]))
            .provide_credentials()
            .await
            .unwrap()
            .access_key_id(),
        "LTAIgo"
    );
    // The section from ALIBABA_CLOUD_PROFILE.
    assert_eq!(
        ini(env_with_home(
            home.path(),
            &[("ALIBABA_CLOUD_PROFILE", "prod")]
        ))
        .provide_credentials()
        .await
        .unwrap()
        .access_key_id(),
        "LTAIprod"
    );
    // ALIBABA_CLOUD_CREDENTIALS_FILE.
    let other = home.path().join("creds");
    std::fs::write(&other, "[default]\ntype = bogus\n").unwrap();
    let error = ini(env_with_home(
        home.path(),
        &[("ALIBABA_CLOUD_CREDENTIALS_FILE", other.to_str().unwrap())],
    ))
    .provide_credentials()
    .await
    .unwrap_err();
    assert!(acs_error_text(&error).contains("bogus"));
}
