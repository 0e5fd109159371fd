//! `Config::from_env()` resolves credentials with the default chain of `acs-credentials`, as
//! `aws_config::load_from_env()` does: hermetic (the environment and the home directory
//! injected, instance metadata off), against the emulator in process, which accepts only
//! `testid`/`testsecret`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use acs_protocol::Credentials;
use bytes::Bytes;
use cloudsso::acs_client::{DisplayErrorContext, Env, HttpClient, ProvideCredentials, RetryConfig};
use cloudsso::{Client, Config, ConfigLoader, SdkError};
use cloudsso_emulator::Emulator;

const DIRECTORY: &str = "d-00fc2p61****";

fn in_process_emulator() -> HttpClient {
    let emulator = Emulator::builder()
        .access_key("testid", "testsecret")
        .directory(DIRECTORY)
        .build()
        .unwrap();
    HttpClient::from_fn(move |request| {
        let response = emulator.handle(request).map(Bytes::from);
        async move { Ok(response) }
    })
}

/// An environment with `home` as the home directory, no instance metadata, and `pairs`.
fn env(home: &Path, pairs: &[(&str, &str)]) -> Env {
    let mut all = vec![
        ("HOME".to_owned(), home.display().to_string()),
        (
            "ALIBABA_CLOUD_ECS_METADATA_DISABLED".to_owned(),
            "true".to_owned(),
        ),
    ];
    all.extend(
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    Env::from_pairs(all)
}

/// `~/.aliyun/config.json` with `current` = `other` (a key the emulator does not know) and
/// `dev` (the emulator's key).
fn write_cli_config(home: &Path) {
    std::fs::create_dir_all(home.join(".aliyun")).unwrap();
    std::fs::write(
        home.join(".aliyun/config.json"),
        r#"{"current":"other","profiles":[
            {"name":"other","mode":"AK","access_key_id":"LTAIother","access_key_secret":"x"},
            {"name":"dev","mode":"AK","access_key_id":"testid","access_key_secret":"testsecret"}
        ]}"#,
    )
    .unwrap();
}

fn loader(env: Env) -> ConfigLoader {
    Config::from_env()
        .env(env)
        .region("cn-shanghai")
        .retry_config(RetryConfig::disabled())
        .http_client(in_process_emulator())
}

/// The access key ID the emulator saw, or its error code.
async fn call(client: &Client) -> Result<(), String> {
    match client
        .get_mfa_authentication_status()
        .directory_id(DIRECTORY)
        .send()
        .await
    {
        Ok(_) => Ok(()),
        Err(SdkError::ServiceError(error)) => Err(error.code().to_owned()),
        Err(other) => Err(DisplayErrorContext(other).to_string()),
    }
}

#[tokio::test]
async fn the_cli_profile_that_profile_names_answers_over_current() {
    let home = tempfile::tempdir().unwrap();
    write_cli_config(home.path());
    let config = loader(env(home.path(), &[]))
        .profile("dev")
        .load()
        .await
        .unwrap();
    assert!(config.credentials_from_env());
    let client = Client::new(&config);
    call(&client).await.unwrap();
    // The credentials name the chain and the link, as the official SDKs send them.
    let credentials = client
        .config()
        .credentials_provider()
        .unwrap()
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(
        credentials.provider_name(),
        Some("default/cli_profile/static_ak")
    );
    // Without `.profile(..)`: the file's `current`, whose key the emulator refuses.
    let config = loader(env(home.path(), &[])).load().await.unwrap();
    assert_eq!(
        call(&Client::new(&config)).await.unwrap_err(),
        "InvalidAccessKeyId.NotFound"
    );
    // ALIBABA_CLOUD_PROFILE selects one too.
    let config = loader(env(home.path(), &[("ALIBABA_CLOUD_PROFILE", "dev")]))
        .load()
        .await
        .unwrap();
    call(&Client::new(&config)).await.unwrap();
}

#[tokio::test]
async fn the_credentials_file_answers_when_nothing_before_it_is_configured() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join(".alibabacloud")).unwrap();
    std::fs::write(
        home.path().join(".alibabacloud/credentials"),
        "[default]\ntype = access_key\naccess_key_id = testid\naccess_key_secret = testsecret\n",
    )
    .unwrap();
    let config = loader(env(home.path(), &[])).load().await.unwrap();
    call(&Client::new(&config)).await.unwrap();
    // The environment comes first.
    let config = loader(env(
        home.path(),
        &[
            ("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAIenv"),
            ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "x"),
        ],
    ))
    .load()
    .await
    .unwrap();
    assert_eq!(
        call(&Client::new(&config)).await.unwrap_err(),
        "InvalidAccessKeyId.NotFound"
    );
}

#[tokio::test]
async fn an_explicit_provider_wins_and_nothing_configured_is_one_clear_error() {
    let home = tempfile::tempdir().unwrap();
    write_cli_config(home.path());
    let config = loader(env(home.path(), &[]))
        .credentials_provider(Credentials::new("testid", "testsecret"))
        .load()
        .await
        .unwrap();
    assert!(!config.credentials_from_env());
    call(&Client::new(&config)).await.unwrap();
    // An empty home: every provider declines, and the error lists each.
    let empty = tempfile::tempdir().unwrap();
    let config = loader(env(empty.path(), &[])).load().await.unwrap();
    let error = call(&Client::new(&config)).await.unwrap_err();
    assert!(
        error.contains("unable to get credentials from any of the providers in the chain"),
        "{error}"
    );
    for link in ["env: ", "cli_profile: ", "profile: "] {
        assert!(error.contains(link), "{link} in {error}");
    }
}
