//! The default chain: order, switches, the one error that lists every provider, and no
//! sticking to the last provider after a total failure.

mod common;

use acs_credentials::{CredentialsChain, DefaultChainBuilder};
use common::{Answer, env_with_home, in_an_hour, metadata_body, serve, write_cli_config};
use serde_json::json;

#[tokio::test]
async fn when_every_provider_declines_one_error_lists_each() {
    let home = tempfile::tempdir().unwrap();
    let chain = CredentialsChain::default_chain(&env_with_home(home.path(), &[]), &common::http());
    assert_eq!(
        chain.names().collect::<Vec<_>>(),
        ["env", "cli_profile", "profile"]
    );
    let error = chain.resolve().await.unwrap_err();
    assert!(error.is_not_loaded());
    let text = acs_client::DisplayErrorContext(&error).to_string();
    assert!(
        text.starts_with("default: not configured: unable to get credentials from any of the providers in the chain"),
        "{text}"
    );
    for name in ["env: ", "cli_profile: ", "profile: "] {
        assert!(text.contains(name), "{name} in {text}");
    }
    assert!(text.contains("ALIBABA_CLOUD_ACCESS_KEY_ID"), "{text}");
}

#[tokio::test]
async fn the_official_order_and_switches() {
    let home = tempfile::tempdir().unwrap();
    let token = home.path().join("jwt");
    std::fs::write(&token, "t").unwrap();
    let env = env_with_home(
        home.path(),
        &[
            ("ALIBABA_CLOUD_ROLE_ARN", "acs:ram::1:role/r"),
            (
                "ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
                "acs:ram::1:oidc-provider/p",
            ),
            ("ALIBABA_CLOUD_OIDC_TOKEN_FILE", token.to_str().unwrap()),
            ("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "false"),
            ("ALIBABA_CLOUD_CREDENTIALS_URI", "http://127.0.0.1:9/"),
        ],
    );
    let chain = CredentialsChain::default_chain(&env, &common::http());
    assert_eq!(
        chain.names().collect::<Vec<_>>(),
        [
            "env",
            "oidc_role_arn",
            "cli_profile",
            "profile",
            "ecs_ram_role",
            "credential_uri"
        ]
    );
    // Environment first, whatever else is configured.
    let env = env_with_home(
        home.path(),
        &[
            ("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAIenv"),
            ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "s"),
            ("ALIBABA_CLOUD_SECURITY_TOKEN", "tok"),
        ],
    );
    write_cli_config(
        home.path(),
        &json!({"current": "p", "profiles": [{"name": "p", "mode": "AK", "access_key_id": "LTAIcli", "access_key_secret": "s"}]}),
    );
    let resolved = CredentialsChain::default_chain(&env, &common::http())
        .resolve()
        .await
        .unwrap();
    assert_eq!(
        (
            resolved.provider.as_str(),
            resolved.credentials.access_key_id()
        ),
        ("env", "LTAIenv")
    );
    assert_eq!(
        resolved.credentials.security_token().map(|t| t.expose()),
        Some("tok")
    );
    // The CLI profile when the environment has nothing; skipped when disabled.
    let resolved =
        CredentialsChain::default_chain(&env_with_home(home.path(), &[]), &common::http())
            .resolve()
            .await
            .unwrap();
    assert_eq!(
        (
            resolved.provider.as_str(),
            resolved.credentials.access_key_id()
        ),
        ("cli_profile", "LTAIcli")
    );
    // Named as the official libraries name them (x-acs-credentials-provider).
    assert_eq!(
        resolved.credentials.provider_name(),
        Some("default/cli_profile/static_ak")
    );
    let disabled = env_with_home(
        home.path(),
        &[("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "true")],
    );
    let error = CredentialsChain::default_chain(&disabled, &common::http())
        .resolve()
        .await
        .unwrap_err();
    let text = acs_client::DisplayErrorContext(&error).to_string();
    assert!(
        text.contains("ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true"),
        "{text}"
    );
}

#[tokio::test]
async fn metadata_and_uri_answer_in_the_chain() {
    let server = serve(|r| match (r.method.as_str(), r.path.as_str()) {
        ("PUT", "/latest/api/token") => Answer::ok("t"),
        ("GET", "/latest/meta-data/ram/security-credentials/") => Answer::ok("R"),
        ("GET", "/latest/meta-data/ram/security-credentials/R") => {
            Answer::ok(metadata_body("STS.ecs", in_an_hour()))
        }
        ("GET", "/uri") => Answer::ok(metadata_body("STS.uri", in_an_hour())),
        _ => Answer::status(404, ""),
    })
    .await;
    let home = tempfile::tempdir().unwrap();
    let url = server.url();
    let ecs = env_with_home(
        home.path(),
        &[("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "false")],
    );
    let resolved = DefaultChainBuilder::new(ecs, common::http())
        .metadata_endpoint(url.clone())
        .build()
        .resolve()
        .await
        .unwrap();
    assert_eq!(
        (
            resolved.provider.as_str(),
            resolved.credentials.access_key_id()
        ),
        ("ecs_ram_role", "STS.ecs")
    );
    let uri = env_with_home(
        home.path(),
        &[("ALIBABA_CLOUD_CREDENTIALS_URI", &format!("{url}/uri"))],
    );
    let resolved = CredentialsChain::default_chain(&uri, &common::http())
        .resolve()
        .await
        .unwrap();
    assert_eq!(
        (
            resolved.provider.as_str(),
            resolved.credentials.access_key_id()
        ),
        ("credential_uri", "STS.uri")
    );
}

#[tokio::test]
async fn after_a_total_failure_the_whole_chain_is_tried_again() {
    // The anchors' bug: Node.js and Go record the provider before it succeeds, so after one
    // total failure only the last provider is ever tried again.
    let home = tempfile::tempdir().unwrap();
    let chain = CredentialsChain::default_chain(&env_with_home(home.path(), &[]), &common::http());
    assert!(chain.resolve().await.is_err());
    // A provider in the middle of the chain becomes available.
    std::fs::create_dir_all(home.path().join(".alibabacloud")).unwrap();
    std::fs::write(
        home.path().join(".alibabacloud/credentials"),
        "[default]\ntype = access_key\naccess_key_id = LTAIlater\naccess_key_secret = s\n",
    )
    .unwrap();
    let resolved = chain.resolve().await.unwrap();
    assert_eq!(
        (
            resolved.provider.as_str(),
            resolved.credentials.access_key_id()
        ),
        ("profile", "LTAIlater")
    );
    // And it is remembered: asked first next time.
    assert_eq!(chain.resolve().await.unwrap().provider, "profile");
}

#[tokio::test]
async fn when_the_provider_that_answered_fails_the_chain_is_tried_again_in_order() {
    let server = serve(|r| {
        if r.path == "/uri" {
            Answer::status(500, r#"{"Code":"Down"}"#)
        } else {
            Answer::status(404, "")
        }
    })
    .await;
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join(".alibabacloud")).unwrap();
    std::fs::write(
        home.path().join(".alibabacloud/credentials"),
        "[default]\ntype = access_key\naccess_key_id = LTAIini\naccess_key_secret = s\n",
    )
    .unwrap();
    let env = env_with_home(
        home.path(),
        &[(
            "ALIBABA_CLOUD_CREDENTIALS_URI",
            &format!("{}/uri", server.url()),
        )],
    );
    let chain = CredentialsChain::default_chain(&env, &common::http());
    assert_eq!(chain.resolve().await.unwrap().provider, "profile");
    // The file goes away: the remembered provider declines, the chain goes on to the URI,
    // which fails, and the error names it and what came before.
    std::fs::remove_file(home.path().join(".alibabacloud/credentials")).unwrap();
    // (The file provider keeps what it loaded, as the official ones do: still answers.)
    assert_eq!(chain.resolve().await.unwrap().provider, "profile");
    let fresh = CredentialsChain::default_chain(&env, &common::http());
    let error = fresh.resolve().await.unwrap_err();
    assert!(!error.is_not_loaded());
    let text = acs_client::DisplayErrorContext(&error).to_string();
    assert!(
        text.contains("unable to get credentials from any of the providers in the chain (credential_uri failed)"),
        "{text}"
    );
    assert!(text.contains("env: ") && text.contains("Down"), "{text}");
}

#[tokio::test]
async fn a_configured_provider_that_fails_lets_the_next_one_answer() {
    // As every official library: a RamRoleArn profile whose STS refuses today does not keep
    // the credentials file from answering; the failure is still reported when nothing does.
    let sts = serve(|_| {
        Answer::status(
            500,
            r#"{"Code":"InternalError","Message":"down","RequestId":"R-9"}"#,
        )
    })
    .await;
    let home = tempfile::tempdir().unwrap();
    write_cli_config(
        home.path(),
        &json!({"current": "role", "profiles": [{
            "name": "role", "mode": "RamRoleArn",
            "access_key_id": "LTAIsource", "access_key_secret": "sourcesecret",
            "ram_role_arn": "acs:ram::1:role/r", "ram_session_name": "s1",
            "sts_endpoint": sts.url()
        }]}),
    );
    std::fs::create_dir_all(home.path().join(".alibabacloud")).unwrap();
    let file = home.path().join(".alibabacloud/credentials");
    std::fs::write(
        &file,
        "[default]\ntype = access_key\naccess_key_id = LTAIini\naccess_key_secret = s\n",
    )
    .unwrap();
    let env = env_with_home(home.path(), &[]);
    let chain = CredentialsChain::default_chain(&env, &common::http());
    let resolved = chain.resolve().await.unwrap();
    assert_eq!(
        (
            resolved.provider.as_str(),
            resolved.credentials.access_key_id()
        ),
        ("profile", "LTAIini")
    );
    assert_eq!(sts.count(), 1, "the profile's role was tried first");
    // Without the file, every provider has declined or failed: one error, a failure (not
    // "not configured"), naming the one that failed and the service's answer.
    std::fs::remove_file(&file).unwrap();
    let fresh = CredentialsChain::default_chain(&env, &common::http());
    let error = fresh.resolve().await.unwrap_err();
    assert!(!error.is_not_loaded());
    let text = acs_client::DisplayErrorContext(&error).to_string();
    assert!(text.contains("(cli_profile failed)"), "{text}");
    for part in [
        "env: ",
        "cli_profile: ",
        "InternalError",
        "R-9",
        "profile: ",
    ] {
        assert!(text.contains(part), "{part} in {text}");
    }
    assert!(!text.contains("sourcesecret"), "{text}");
}
