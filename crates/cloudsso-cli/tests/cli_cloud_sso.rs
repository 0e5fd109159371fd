//! `cloudsso call --profile NAME` with a `CloudSSO` profile (what `cloudsso login` saves):
//! the CloudSSO provider asks the portal's `/cloud-credentials` with the saved token, and the
//! call is signed with what the portal gave. One loopback stand-in plays the portal and, for
//! every other request, the emulator, which knows only the portal's key.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use cloudsso_emulator::{DEFAULT_DIRECTORY, Emulator};
use common::{cloudsso, run};
use http_body_util::{BodyExt as _, Full};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};

const TOKEN: &str = "sso-portal-token-never-printed";

/// What the stand-in saw: for each request, its path, its bearer token check, its JSON body,
/// and its `x-acs-security-token`.
type Seen = Arc<Mutex<Vec<(String, bool, Value, Option<String>)>>>;

struct StandIn {
    addr: SocketAddr,
    seen: Seen,
    _runtime: tokio::runtime::Runtime,
}

fn start() -> StandIn {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let emulator = Emulator::builder()
        .access_key("STS.portal", "portal-secret")
        .build()
        .unwrap();
    let seen = Seen::default();
    let record = seen.clone();
    runtime.spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let (emulator, record) = (emulator.clone(), record.clone());
            tokio::spawn(async move {
                let service = hyper::service::service_fn(
                    move |request: hyper::Request<hyper::body::Incoming>| {
                        let (emulator, record) = (emulator.clone(), record.clone());
                        async move {
                            let (parts, body) = request.into_parts();
                            let body = body.collect().await.map(|b| b.to_bytes()).unwrap_or_default();
                            let bearer = parts.headers.get("authorization").and_then(|v| v.to_str().ok())
                                == Some(&format!("Bearer {TOKEN}"));
                            let token = parts.headers.get("x-acs-security-token")
                                .and_then(|v| v.to_str().ok()).map(str::to_owned);
                            let json: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
                            record.lock().unwrap().push((parts.uri.path().to_owned(), bearer, json, token));
                            let response = if parts.uri.path() == "/cloud-credentials" {
                                let expiration = chrono_like(SystemTime::now() + Duration::from_secs(3600));
                                let body = if bearer {
                                    json!({"RequestId": "R-SSO", "CloudCredential": {
                                        "AccessKeyId": "STS.portal", "AccessKeySecret": "portal-secret",
                                        "SecurityToken": "portal-sts-token", "Expiration": expiration}})
                                } else {
                                    json!({"ErrorCode": "InvalidToken"})
                                };
                                hyper::Response::builder()
                                    .status(if bearer { 200 } else { 401 })
                                    .header("content-type", "application/json")
                                    .body(Full::new(Bytes::from(body.to_string())))
                                    .unwrap()
                            } else {
                                let answer = emulator.handle(http::Request::from_parts(parts, body));
                                let (parts, body) = answer.into_parts();
                                hyper::Response::from_parts(parts, Full::new(Bytes::from(body)))
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
    StandIn {
        addr,
        seen,
        _runtime: runtime,
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ`.
fn chrono_like(time: SystemTime) -> String {
    let seconds = time.duration_since(UNIX_EPOCH).unwrap().as_secs();
    acs_signer::SigningTime::from_system_time(UNIX_EPOCH + Duration::from_secs(seconds))
        .unwrap()
        .to_string()
}

#[test]
fn call_with_a_cloud_sso_profile_signs_with_the_portals_credentials() {
    let stand_in = start();
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join(".aliyun")).unwrap();
    let expire = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 3600;
    std::fs::write(
        home.path().join(".aliyun/config.json"),
        json!({"current": "other", "profiles": [
            {"name": "sso", "mode": "CloudSSO",
             "cloud_sso_sign_in_url": format!("http://{}/mydir/login", stand_in.addr),
             "access_token": TOKEN, "cloud_sso_access_token_expire": expire,
             "cloud_sso_account_id": "1111111111111111", "cloud_sso_access_config": "ac-admin",
             "region_id": "cn-shanghai"},
            {"name": "other", "mode": "AK", "access_key_id": "LTAIother", "access_key_secret": "x"}
        ]})
        .to_string(),
    )
    .unwrap();
    let (code, stdout, stderr) = run(cloudsso(home.path())
        .env_remove("ALIBABA_CLOUD_ACCESS_KEY_ID")
        .env_remove("ALIBABA_CLOUD_ACCESS_KEY_SECRET")
        .args([
            "call",
            "GetMFAAuthenticationStatus",
            "--endpoint",
            &format!("http://{}", stand_in.addr),
            "--DirectoryId",
            DEFAULT_DIRECTORY,
            "--profile",
            "sso",
        ]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(stdout.contains("MFAAuthenticationStatus"), "{stdout}");
    assert!(!stdout.contains(TOKEN) && !stderr.contains(TOKEN));
    let seen = stand_in.seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 2, "{seen:?}");
    let (path, bearer, body, _) = &seen[0];
    assert_eq!(path, "/cloud-credentials");
    assert!(bearer, "the saved token as a bearer token");
    assert_eq!(
        body,
        &json!({"AccountId": "1111111111111111", "AccessConfigurationId": "ac-admin"})
    );
    // The call itself: the portal's key (the only one the emulator knows) and its token.
    let (path, _, _, token) = &seen[1];
    assert_eq!(path, "/");
    assert_eq!(token.as_deref(), Some("portal-sts-token"));
    // `cloudsso credentials --profile sso` names the provider, never the secret.
    let (code, stdout, stderr) =
        run(cloudsso(home.path()).args(["credentials", "--profile", "sso"]));
    assert_eq!(code, 0, "{stderr}");
    let value: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(value["AccessKeyId"], "STS.portal");
    assert_eq!(value["HasSecurityToken"], true);
    assert!(!stdout.contains("portal-secret") && !stdout.contains("portal-sts-token"));
}
