//! Loopback servers for the client's tests: the emulator, and scripted raw HTTP servers.
#![allow(dead_code, unreachable_pub)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use acs_client::{Client, Config, RetryConfig, TimeoutConfig};
use acs_protocol::Credentials;
use cloudsso_emulator::{DEFAULT_DIRECTORY, Emulator, LoopbackServer};
use cloudsso_model::CloudSso;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;

pub const KEY_ID: &str = "testid";
pub const KEY_SECRET: &str = "testsecret";

/// An emulator with the test key and the default directory, `rate_limit` calls per second
/// (0: no limit), served on loopback.
pub async fn emulator(rate_limit: u32) -> LoopbackServer {
    Emulator::builder()
        .access_key(KEY_ID, KEY_SECRET)
        .directory(DEFAULT_DIRECTORY)
        .rate_limit(rate_limit)
        .build()
        .unwrap()
        .serve_loopback()
        .await
        .unwrap()
}

/// A config for `endpoint` with the test key, fast retries, and short timeouts.
pub fn config(endpoint: &str) -> acs_client::ConfigBuilder {
    Config::builder()
        .endpoint(endpoint)
        .credentials_provider(Credentials::new(KEY_ID, KEY_SECRET))
        .proxy(acs_client::ProxyConfig::disabled())
        .retry_config(
            RetryConfig::standard()
                .with_initial_backoff(Duration::from_millis(10))
                .with_max_backoff(Duration::from_secs(3)),
        )
        .timeout_config(
            TimeoutConfig::new()
                .with_connect_timeout(Some(Duration::from_secs(2)))
                .with_read_timeout(Some(Duration::from_secs(5))),
        )
}

pub fn client(config: &Config) -> Client {
    Client::new::<CloudSso>(config)
}

/// A server answering each request with the next of `answers` (raw HTTP responses; the
/// last one repeats), counting requests.
pub struct ScriptedServer {
    pub address: SocketAddr,
    pub requests: Arc<AtomicUsize>,
}

pub async fn scripted(answers: Vec<String>) -> ScriptedServer {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let requests = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&requests);
    let answers = Arc::new(answers);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let counter = Arc::clone(&counter);
            let answers = Arc::clone(&answers);
            tokio::spawn(async move {
                loop {
                    if read_request(&mut stream).await.is_none() {
                        return;
                    }
                    let n = counter.fetch_add(1, Ordering::SeqCst);
                    let answer = &answers[n.min(answers.len() - 1)];
                    if stream.write_all(answer.as_bytes()).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    ScriptedServer { address, requests }
}

/// Reads one request (headers and a `content-length` body); `None` at end of stream.
pub async fn read_request(stream: &mut tokio::net::TcpStream) -> Option<Vec<u8>> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = find(&buffer, b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            while buffer.len() < end + 4 + length {
                let n = stream.read(&mut chunk).await.ok()?;
                if n == 0 {
                    return None;
                }
                buffer.extend_from_slice(&chunk[..n]);
            }
            return Some(buffer);
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
}

pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A raw JSON response.
pub fn json_response(status: u16, reason: &str, extra_headers: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status} {reason}\r\ncontent-type: application/json;charset=utf-8\r\n{extra_headers}content-length: {}\r\n\r\n{body}",
        body.len()
    )
}

/// A loopback forwarder to `backend` that records every request it passes on; with
/// `first_answer`, the first request gets that answer instead of being forwarded.
pub struct Recorder {
    pub address: SocketAddr,
    pub requests: Arc<std::sync::Mutex<Vec<Vec<u8>>>>,
}

pub async fn recording_proxy_to(backend: SocketAddr) -> Recorder {
    forwarder(backend, None).await
}

pub async fn recording_proxy_to_with_first_answer(backend: SocketAddr, first: String) -> Recorder {
    forwarder(backend, Some(first)).await
}

async fn forwarder(backend: SocketAddr, first: Option<String>) -> Recorder {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let requests = Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = Arc::clone(&requests);
    let first = Arc::new(std::sync::Mutex::new(first));
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let seen = Arc::clone(&seen);
            let first = Arc::clone(&first);
            tokio::spawn(async move {
                while let Some(request) = read_request(&mut stream).await {
                    seen.lock().unwrap().push(request.clone());
                    let scripted = first.lock().unwrap().take();
                    let answer = match scripted {
                        Some(answer) => answer.into_bytes(),
                        None => {
                            let mut upstream =
                                tokio::net::TcpStream::connect(backend).await.unwrap();
                            upstream.write_all(&request).await.unwrap();
                            read_request(&mut upstream).await.unwrap()
                        }
                    };
                    if stream.write_all(&answer).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    Recorder { address, requests }
}
