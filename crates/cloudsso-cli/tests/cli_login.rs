//! `cloudsso login` end to end against a loopback stand-in of the CloudSSO user portal: the
//! device flow, the choice of account and access configuration by flag, by the only choice,
//! or a usage error naming the flag, and the profile saved.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use common::{cloudsso, run};
use http_body_util::{BodyExt as _, Full};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};

const TOKEN: &str = "portal-token-do-not-print";

/// What the stand-in portal grants and how long it keeps the user waiting.
#[derive(Clone)]
struct Grants {
    /// `/token` answers `AuthorizationPending` this many times first.
    pending: usize,
    accounts: Vec<(&'static str, &'static str)>,
    configurations: Vec<(&'static str, &'static str)>,
}

struct Portal {
    addr: SocketAddr,
    polls: Arc<AtomicUsize>,
    paths: Arc<Mutex<Vec<String>>>,
    _runtime: tokio::runtime::Runtime,
}

impl Portal {
    fn sign_in_url(&self) -> String {
        format!("http://{}/mydir/login", self.addr)
    }
}

fn answer(status: u16, body: Value) -> hyper::Response<Full<Bytes>> {
    hyper::Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(body.to_string())))
        .unwrap()
}

fn start_portal(grants: Grants) -> Portal {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let polls = Arc::new(AtomicUsize::new(0));
    let paths = Arc::new(Mutex::new(Vec::new()));
    let (p, l) = (polls.clone(), paths.clone());
    runtime.spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let (grants, polls, paths) = (grants.clone(), p.clone(), l.clone());
            tokio::spawn(async move {
                let service = hyper::service::service_fn(
                    move |request: hyper::Request<hyper::body::Incoming>| {
                        let (grants, polls, paths) = (grants.clone(), polls.clone(), paths.clone());
                        async move {
                            let (parts, body) = request.into_parts();
                            let body = body.collect().await.map(|b| b.to_bytes()).unwrap_or_default();
                            let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
                            paths.lock().unwrap().push(parts.uri.to_string());
                            let bearer = parts.headers.get("authorization").and_then(|v| v.to_str().ok())
                                == Some(&format!("Bearer {TOKEN}"));
                            let response = match (parts.method.as_str(), parts.uri.path()) {
                                ("POST", "/device-authorization") => answer(200, json!({
                                    "DeviceCode": "dc-1", "UserCode": "WXYZ-1234",
                                    "VerificationUri": "http://portal.test/device/code",
                                    "VerificationUriComplete": "http://portal.test/device/code?user_code=WXYZ-1234",
                                    "Interval": 1})),
                                ("POST", "/token") if body["DeviceCode"] == "dc-1"
                                    && body["CodeVerifier"].as_str().is_some_and(|v| v.len() == 48) => {
                                    if polls.fetch_add(1, Ordering::SeqCst) < grants.pending {
                                        answer(400, json!({"ErrorCode": "AuthorizationPending", "ErrorMessage": "wait"}))
                                    } else {
                                        answer(200, json!({"AccessToken": TOKEN, "ExpiresIn": 3600}))
                                    }
                                }
                                ("GET", _) if !bearer => answer(401, json!({"ErrorCode": "InvalidToken"})),
                                ("GET", "/access-assignments/accounts") => answer(200, json!({
                                    "Accounts": grants.accounts.iter().map(|(id, name)| json!({"AccountId": id, "DisplayName": name})).collect::<Vec<_>>(),
                                    "IsTruncated": false})),
                                ("GET", "/access-assignments/access-configurations") => answer(200, json!({
                                    "AccessConfigurationsForAccount": grants.configurations.iter().map(|(id, name)| json!({"AccessConfigurationId": id, "AccessConfigurationName": name})).collect::<Vec<_>>(),
                                    "IsTruncated": false})),
                                _ => answer(400, json!({"ErrorCode": "InvalidRequest"})),
                            };
                            Ok::<_, Infallible>(response)
                        }
                    },
                );
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    Portal {
        addr,
        polls,
        paths,
        _runtime: runtime,
    }
}

fn two_of_each(pending: usize) -> Grants {
    Grants {
        pending,
        accounts: vec![("1111111111111111", "dev"), ("2222222222222222", "prod")],
        configurations: vec![("ac-admin", "Admin"), ("ac-readonly", "ReadOnly")],
    }
}

fn config(home: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(home.join(".aliyun/config.json")).unwrap()).unwrap()
}

#[test]
fn login_with_flags_polls_saves_the_profile_and_never_prints_the_token() {
    let portal = start_portal(two_of_each(1));
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join(".aliyun")).unwrap();
    let other = json!({"current": "ak", "profiles": [{"name": "ak", "mode": "AK",
        "access_key_id": "LTAIxxx", "access_key_secret": "s", "region_id": "cn-beijing", "extra": [1]}]});
    std::fs::write(home.path().join(".aliyun/config.json"), other.to_string()).unwrap();
    let (code, stdout, stderr) = run(cloudsso(home.path()).args([
        "login",
        "--profile",
        "sso",
        "--sign-in-url",
        &portal.sign_in_url(),
        "--account-id",
        "2222222222222222",
        "--access-configuration-id",
        "ac-readonly",
        "--no-browser",
    ]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(
        stdout.contains("SignIn url: http://portal.test/device/code\n"),
        "{stdout}"
    );
    assert!(stdout.contains("User code: WXYZ-1234\n"), "{stdout}");
    assert!(
        stdout.contains("You have successfully logged in."),
        "{stdout}"
    );
    assert!(
        stdout.contains("account:              2222222222222222"),
        "{stdout}"
    );
    assert!(!stdout.contains(TOKEN) && !stderr.contains(TOKEN));
    assert_eq!(
        portal.polls.load(Ordering::SeqCst),
        2,
        "one pending answer, then the token"
    );

    let saved = config(home.path());
    assert_eq!(saved["current"], "ak");
    assert_eq!(saved["profiles"][0], other["profiles"][0]);
    let sso = &saved["profiles"][1];
    assert_eq!(sso["name"], "sso");
    assert_eq!(sso["mode"], "CloudSSO");
    assert_eq!(sso["cloud_sso_sign_in_url"], portal.sign_in_url().as_str());
    assert_eq!(sso["cloud_sso_account_id"], "2222222222222222");
    assert_eq!(sso["cloud_sso_access_config"], "ac-readonly");
    assert_eq!(sso["access_token"], TOKEN);
    let expire = sso["cloud_sso_access_token_expire"].as_i64().unwrap();
    let now = jiff::Timestamp::now().as_second();
    assert!(
        (now + 3500..=now + 3600).contains(&expire),
        "{expire} vs now {now}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(home.path().join(".aliyun/config.json"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let paths = portal.paths.lock().unwrap().clone();
    assert!(
        paths.contains(
            &"/access-assignments/access-configurations?AccountId=2222222222222222&MaxResults=100"
                .to_owned()
        ),
        "{paths:?}"
    );
}

#[test]
fn the_only_account_and_configuration_are_taken_and_the_url_is_the_profiles_own() {
    let portal = start_portal(Grants {
        pending: 0,
        accounts: vec![("1111111111111111", "dev")],
        configurations: vec![("ac-admin", "Admin")],
    });
    let home = tempfile::tempdir().unwrap();
    let first = run(cloudsso(home.path()).args([
        "login",
        "--profile",
        "sso",
        "--sign-in-url",
        &portal.sign_in_url(),
        "--no-browser",
    ]));
    assert_eq!(first.0, 0, "{first:?}");
    assert_eq!(
        config(home.path())["profiles"][0]["cloud_sso_access_config"],
        "ac-admin"
    );
    assert_eq!(config(home.path())["current"], "sso");
    // Signing in again needs no URL: the profile has it.
    let again = run(cloudsso(home.path()).args(["login", "--profile", "sso", "--no-browser"]));
    assert_eq!(again.0, 0, "{again:?}");
    assert_eq!(portal.polls.load(Ordering::SeqCst), 2);
}

#[test]
fn several_choices_without_a_flag_off_a_terminal_name_the_flag() {
    let portal = start_portal(two_of_each(0));
    let home = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = run(cloudsso(home.path()).args([
        "login",
        "--profile",
        "sso",
        "--sign-in-url",
        &portal.sign_in_url(),
        "--no-browser",
    ]));
    assert_eq!(code, 2, "{stdout}\n{stderr}");
    assert!(stderr.contains("--account-id"), "{stderr}");
    assert!(
        stderr.contains("1111111111111111 (dev)") && stderr.contains("2222222222222222 (prod)"),
        "{stderr}"
    );
    assert!(
        !home.path().join(".aliyun/config.json").exists(),
        "nothing saved"
    );

    let (code, _, stderr) = run(cloudsso(home.path()).args([
        "login",
        "--profile",
        "sso",
        "--sign-in-url",
        &portal.sign_in_url(),
        "--no-browser",
        "--account-id",
        "1111111111111111",
    ]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--access-configuration-id") && stderr.contains("ac-readonly (ReadOnly)"),
        "{stderr}"
    );

    let (code, _, stderr) = run(cloudsso(home.path()).args([
        "login",
        "--profile",
        "sso",
        "--sign-in-url",
        &portal.sign_in_url(),
        "--no-browser",
        "--account-id",
        "3333333333333333",
    ]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--account-id") && stderr.contains("\"3333333333333333\" is not granted"),
        "{stderr}"
    );
}

#[test]
fn a_corrupt_configuration_is_refused_and_left_as_it_is() {
    let portal = start_portal(two_of_each(0));
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join(".aliyun")).unwrap();
    let corrupt = b"{\"profiles\": [ {\"name\": ";
    std::fs::write(home.path().join(".aliyun/config.json"), corrupt).unwrap();
    let (code, _, stderr) = run(cloudsso(home.path()).args([
        "login",
        "--profile",
        "sso",
        "--sign-in-url",
        &portal.sign_in_url(),
        "--no-browser",
        "--account-id",
        "1111111111111111",
        "--access-configuration-id",
        "ac-admin",
    ]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("config.json"), "{stderr}");
    assert_eq!(
        std::fs::read(home.path().join(".aliyun/config.json")).unwrap(),
        corrupt
    );
}

#[test]
fn no_sign_in_url_anywhere_is_a_usage_error() {
    let home = tempfile::tempdir().unwrap();
    let (code, _, stderr) = run(cloudsso(home.path()).args(["login", "--profile", "sso"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("--sign-in-url"), "{stderr}");
    let (code, _, stderr) = run(cloudsso(home.path()).args([
        "login",
        "--profile",
        "sso",
        "--sign-in-url",
        "not a url",
    ]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--sign-in-url") && stderr.contains("not a url"),
        "{stderr}"
    );
}
