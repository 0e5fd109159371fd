//! Saving a CloudSSO sign-in in the aliyun CLI's configuration: the keys the CLI writes,
//! every other profile and key kept, mode 0600, a corrupt file refused and left untouched.
#![allow(clippy::unwrap_used)] // test helpers outside #[test] fns

use std::path::Path;

use acs_credentials::cli_profile_writer::{CachedSts, CloudSsoProfile, save_cloud_sso_profile};
use acs_protocol::Secret;
use serde_json::{Value, json};

fn sign_in() -> CloudSsoProfile {
    CloudSsoProfile::new(
        "sso",
        "https://signin-cn-shanghai.alibabacloudsso.com/d/login",
        "1234567890",
        "ac-abc",
        Secret::new("the-token"),
        1_900_000_000,
    )
}

fn read(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn a_new_file_holds_the_clis_keys_and_is_private() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(".aliyun").join("config.json");
    save_cloud_sso_profile(&path, &sign_in()).unwrap();
    let config = read(&path);
    assert_eq!(
        config,
        json!({
            "current": "sso",
            "meta_path": "",
            "profiles": [{
                "name": "sso",
                "mode": "CloudSSO",
                "cloud_sso_sign_in_url": "https://signin-cn-shanghai.alibabacloudsso.com/d/login",
                "cloud_sso_account_id": "1234567890",
                "cloud_sso_access_config": "ac-abc",
                "access_token": "the-token",
                "cloud_sso_access_token_expire": 1_900_000_000,
                "region_id": "cn-hangzhou",
                "output_format": "json",
                "language": "en",
            }]
        })
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // No temporary file left behind.
    let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, ["config.json"]);
}

#[test]
fn other_profiles_and_unknown_keys_are_kept_and_stale_sts_is_cleared() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.json");
    let before = json!({
        "current": "ak",
        "meta_path": "/somewhere",
        "future_top_level": {"x": [1, 2]},
        "profiles": [
            {"name": "ak", "mode": "AK", "access_key_id": "LTAI", "access_key_secret": "s",
             "region_id": "cn-beijing", "unknown_key": true},
            {"name": "sso", "mode": "AK", "access_key_id": "old", "access_key_secret": "old-secret",
             "sts_token": "old-token", "sts_expiration": 1_900_000_000, "region_id": "eu-central-1",
             "retry_count": 3, "some_future_key": "kept"}
        ]
    });
    std::fs::write(&path, serde_json::to_vec_pretty(&before).unwrap()).unwrap();
    save_cloud_sso_profile(&path, &sign_in()).unwrap();
    let after = read(&path);
    assert_eq!(after["current"], "ak", "an existing current is not changed");
    assert_eq!(after["meta_path"], "/somewhere");
    assert_eq!(after["future_top_level"], before["future_top_level"]);
    assert_eq!(after["profiles"][0], before["profiles"][0]);
    let sso = &after["profiles"][1];
    assert_eq!(sso["mode"], "CloudSSO");
    assert_eq!(sso["region_id"], "eu-central-1");
    assert_eq!(sso["retry_count"], 3);
    assert_eq!(sso["some_future_key"], "kept");
    assert_eq!(sso["access_token"], "the-token");
    for key in [
        "access_key_id",
        "access_key_secret",
        "sts_token",
        "sts_expiration",
    ] {
        assert!(
            sso.get(key).is_none(),
            "{key} of the old credentials must go"
        );
    }
    assert_eq!(after["profiles"].as_array().unwrap().len(), 2);
}

#[test]
fn cached_sts_credentials_are_written_when_known() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.json");
    let mut profile = sign_in();
    profile.region_id = Some("cn-shanghai".to_owned());
    profile.sts = Some(CachedSts::new(
        "STS.id",
        Secret::new("sk"),
        Secret::new("st"),
        1_800_000_000,
    ));
    save_cloud_sso_profile(&path, &profile).unwrap();
    let sso = &read(&path)["profiles"][0];
    assert_eq!(sso["access_key_id"], "STS.id");
    assert_eq!(sso["access_key_secret"], "sk");
    assert_eq!(sso["sts_token"], "st");
    assert_eq!(sso["sts_expiration"], 1_800_000_000);
    assert_eq!(sso["region_id"], "cn-shanghai");
}

#[test]
fn a_file_that_is_not_json_is_refused_and_left_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.json");
    for corrupt in [
        &b"{\"profiles\": [ {\"name\": \"ak\", "[..],
        b"[1, 2]",
        b"{\"profiles\": {\"name\": \"x\"}}",
        b"{\"profiles\": [\"x\"]}",
    ] {
        std::fs::write(&path, corrupt).unwrap();
        let error = save_cloud_sso_profile(&path, &sign_in()).unwrap_err();
        assert_eq!(std::fs::read(&path).unwrap(), corrupt);
        let message = error.to_string();
        assert!(message.contains("config.json"), "{message}");
        assert!(!message.contains("the-token"), "{message}");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
    }
}
