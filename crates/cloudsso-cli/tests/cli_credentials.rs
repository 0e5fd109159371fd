//! `cloudsso credentials`: which provider answers, the key ID and the expiry, never the
//! secret or the token; and `--profile` in a mode beyond AK and StsToken.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{cloudsso, run};

#[test]
fn credentials_from_the_environment_name_their_provider_and_hide_the_secret() {
    let home = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = run(cloudsso(home.path())
        .env("ALIBABA_CLOUD_SECURITY_TOKEN", "tok-secret-value")
        .arg("credentials"));
    assert_eq!(code, 0, "{stderr}");
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(value["Provider"], "default/env");
    assert_eq!(value["AccessKeyId"], "testid");
    assert_eq!(value["HasSecurityToken"], true);
    assert!(value["Expiration"].is_null());
    assert!(!stdout.contains("testsecret") && !stdout.contains("tok-secret-value"));
}

#[cfg(unix)]
#[test]
fn a_profile_in_external_mode_answers_with_its_expiry() {
    use std::os::unix::fs::PermissionsExt as _;
    let home = tempfile::tempdir().unwrap();
    let script = home.path().join("creds.sh");
    std::fs::write(
        &script,
        "#!/bin/sh\necho '{\"mode\":\"StsToken\",\"access_key_id\":\"STS.external\",\"access_key_secret\":\"ext-secret\",\"sts_token\":\"ext-token\",\"expiration\":\"2099-01-02T03:04:05Z\"}'\n",
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::create_dir_all(home.path().join(".aliyun")).unwrap();
    std::fs::write(
        home.path().join(".aliyun/config.json"),
        serde_json::json!({"current": "other", "profiles": [
            {"name": "ext", "mode": "External", "process_command": script.display().to_string(), "region_id": "cn-hongkong"},
            {"name": "other", "mode": "AK", "access_key_id": "LTAIother", "access_key_secret": "x"}
        ]})
        .to_string(),
    )
    .unwrap();
    let (code, stdout, stderr) =
        run(cloudsso(home.path()).args(["credentials", "--profile", "ext"]));
    assert_eq!(code, 0, "{stderr}");
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(value["Provider"], "cli_profile/external");
    assert_eq!(value["AccessKeyId"], "STS.external");
    assert_eq!(value["Expiration"], "2099-01-02T03:04:05Z");
    assert_eq!(value["Region"], "cn-hongkong");
    assert!(!stdout.contains("ext-secret") && !stdout.contains("ext-token"));
}

#[test]
fn no_credentials_anywhere_exits_2_listing_each_provider() {
    let home = tempfile::tempdir().unwrap();
    let (code, _, stderr) = run(cloudsso(home.path())
        .env_remove("ALIBABA_CLOUD_ACCESS_KEY_ID")
        .env_remove("ALIBABA_CLOUD_ACCESS_KEY_SECRET")
        .arg("credentials"));
    assert_eq!(code, 2, "{stderr}");
    for name in ["env:", "cli_profile:", "profile:"] {
        assert!(stderr.contains(name), "{name} in {stderr}");
    }
}
