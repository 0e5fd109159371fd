//! Loopback stand-ins for STS, instance metadata, credentials URIs and the CloudSSO portal,
//! and helpers for injected environments and files.
#![allow(
    dead_code,
    unreachable_pub,
    missing_docs,
    clippy::expect_used,
    clippy::unwrap_used
)]

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use acs_client::{Env, HttpClient};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;

/// A request as the stand-in received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub query: BTreeMap<String, String>,
    pub raw_query: String,
    pub headers: BTreeMap<String, String>,
    pub body: String,
}

/// What the stand-in answers.
pub struct Answer {
    pub status: u16,
    pub body: String,
    pub delay: Duration,
}

impl Answer {
    pub fn ok(body: impl Into<String>) -> Self {
        Self {
            status: 200,
            body: body.into(),
            delay: Duration::ZERO,
        }
    }
    pub fn status(status: u16, body: impl Into<String>) -> Self {
        Self {
            status,
            body: body.into(),
            delay: Duration::ZERO,
        }
    }
    pub fn delayed(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

type Handler = dyn Fn(&Recorded) -> Answer + Send + Sync;

pub struct StandIn {
    pub addr: SocketAddr,
    pub requests: Arc<Mutex<Vec<Recorded>>>,
    count: Arc<AtomicUsize>,
}

impl StandIn {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
    pub fn count(&self) -> usize {
        self.count.load(Ordering::SeqCst)
    }
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().map(|r| r.clone()).unwrap_or_default()
    }
}

/// Serves `handler` on 127.0.0.1 (a free port) until the runtime ends.
pub async fn serve(handler: impl Fn(&Recorded) -> Answer + Send + Sync + 'static) -> StandIn {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let addr = listener.local_addr().expect("local address");
    let requests = Arc::new(Mutex::new(Vec::new()));
    let count = Arc::new(AtomicUsize::new(0));
    let handler: Arc<Handler> = Arc::new(handler);
    let (r, c) = (requests.clone(), count.clone());
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let (handler, r, c) = (handler.clone(), r.clone(), c.clone());
            tokio::spawn(async move {
                let service = service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
                    let (handler, r, c) = (handler.clone(), r.clone(), c.clone());
                    async move {
                        let (parts, body) = request.into_parts();
                        let body = body
                            .collect()
                            .await
                            .map(|b| b.to_bytes())
                            .unwrap_or_default();
                        let raw_query = parts.uri.query().unwrap_or_default().to_owned();
                        let query = acs_protocol::encoding::parse_urlencoded(&raw_query)
                            .filter_map(Result::ok)
                            .map(|(k, v)| (k.into_owned(), v.into_owned()))
                            .collect();
                        let recorded = Recorded {
                            method: parts.method.to_string(),
                            path: parts.uri.path().to_owned(),
                            query,
                            raw_query,
                            headers: parts
                                .headers
                                .iter()
                                .map(|(k, v)| {
                                    (k.to_string(), v.to_str().unwrap_or_default().to_owned())
                                })
                                .collect(),
                            body: String::from_utf8_lossy(&body).into_owned(),
                        };
                        c.fetch_add(1, Ordering::SeqCst);
                        let answer = handler(&recorded);
                        if let Ok(mut r) = r.lock() {
                            r.push(recorded);
                        }
                        if !answer.delay.is_zero() {
                            tokio::time::sleep(answer.delay).await;
                        }
                        let response = hyper::Response::builder()
                            .status(answer.status)
                            .header("content-type", "application/json")
                            .body(Full::new(Bytes::from(answer.body)))
                            .expect("response");
                        Ok::<_, Infallible>(response)
                    }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    StandIn {
        addr,
        requests,
        count,
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ` of `time`.
pub fn wire_time(time: SystemTime) -> String {
    acs_signer::SigningTime::from_system_time(time)
        .expect("time in range")
        .to_string()
}

/// An STS answer whose key ID is `id`, expiring at `expiration`.
pub fn sts_body(id: &str, expiration: SystemTime) -> String {
    format!(
        r#"{{"RequestId":"r1","AssumedRoleUser":{{"Arn":"acs:ram::1:role/r","AssumedRoleId":"1:s"}},"Credentials":{{"AccessKeyId":"{id}","AccessKeySecret":"secret-of-{id}","SecurityToken":"token-of-{id}","Expiration":"{}"}}}}"#,
        wire_time(expiration)
    )
}

/// An instance-metadata or URI answer.
pub fn metadata_body(id: &str, expiration: SystemTime) -> String {
    format!(
        r#"{{"Code":"Success","AccessKeyId":"{id}","AccessKeySecret":"secret-of-{id}","SecurityToken":"token-of-{id}","Expiration":"{}","LastUpdated":"2020-01-01T00:00:00Z"}}"#,
        wire_time(expiration)
    )
}

pub fn in_an_hour() -> SystemTime {
    SystemTime::now() + Duration::from_secs(3600)
}

/// An environment with a home directory and no metadata service, plus `pairs`.
pub fn env_with_home(home: &std::path::Path, pairs: &[(&str, &str)]) -> Env {
    let mut all: Vec<(String, String)> = vec![
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

/// Writes `~/.aliyun/config.json` under `home`.
pub fn write_cli_config(home: &std::path::Path, json: &serde_json::Value) {
    let dir = home.join(".aliyun");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join("config.json"), json.to_string()).expect("write config");
}

/// An HTTP client with the default settings.
pub fn http() -> HttpClient {
    HttpClient::new().expect("an HTTP client")
}
