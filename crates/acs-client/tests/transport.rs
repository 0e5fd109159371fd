//! The transport against loopback servers made here: TLS with an rcgen certificate and a
//! custom CA, an HTTP proxy that tunnels `CONNECT` and forwards plain requests, `NO_PROXY`,
//! and connection reuse. No traffic leaves 127.0.0.1.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use acs_client::{
    DisplayErrorContext, Env, HttpErrorKind, ProxyConfig, RetryConfig, SdkError, TlsConfig,
};
use cloudsso_emulator::DEFAULT_DIRECTORY;
use cloudsso_model::{GetMfaAuthenticationStatus, GetMfaAuthenticationStatusRequest};
use common::*;
use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;

fn request() -> GetMfaAuthenticationStatusRequest {
    GetMfaAuthenticationStatusRequest::builder()
        .directory_id(DEFAULT_DIRECTORY)
        .build()
        .unwrap()
}

/// A TLS front for `backend` with a fresh self-signed certificate for `localhost` and
/// 127.0.0.1; returns its address, the certificate (PEM) and the handshake count.
async fn tls_front(backend: SocketAddr) -> (SocketAddr, String, Arc<AtomicUsize>) {
    let certified =
        rcgen::generate_simple_self_signed(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])
            .unwrap();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
        certified.signing_key.serialize_der(),
    ));
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![certified.cert.der().clone()], key)
        .unwrap();
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let handshakes = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&handshakes);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            let counted = Arc::clone(&counted);
            tokio::spawn(async move {
                counted.fetch_add(1, Ordering::SeqCst);
                let Ok(mut tls) = acceptor.accept(stream).await else {
                    return;
                };
                let mut plain = TcpStream::connect(backend).await.unwrap();
                let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
            });
        }
    });
    (address, certified.cert.pem(), handshakes)
}

/// What the proxy saw: request lines (`CONNECT host:port HTTP/1.1`, or the absolute-form
/// line of a forwarded request) and `proxy-authorization` values.
#[derive(Clone, Default)]
struct ProxyLog {
    lines: Arc<Mutex<Vec<String>>>,
    authorizations: Arc<Mutex<Vec<String>>>,
}

/// An HTTP proxy on loopback: `CONNECT` tunnels, and plain requests forwarded to the host
/// their absolute-form target names.
async fn proxy() -> (SocketAddr, ProxyLog) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let log = ProxyLog::default();
    let seen = log.clone();
    tokio::spawn(async move {
        while let Ok((mut client, _)) = listener.accept().await {
            let seen = seen.clone();
            tokio::spawn(async move {
                while let Some(request) = read_request(&mut client).await {
                    let head = String::from_utf8_lossy(&request).into_owned();
                    let line = head.lines().next().unwrap_or_default().to_owned();
                    seen.lines.lock().unwrap().push(line.clone());
                    if let Some(auth) = head.lines().find_map(|l| {
                        l.to_ascii_lowercase()
                            .starts_with("proxy-authorization:")
                            .then(|| l[20..].trim().to_owned())
                    }) {
                        seen.authorizations.lock().unwrap().push(auth);
                    }
                    let target = line.split(' ').nth(1).unwrap_or_default().to_owned();
                    if line.starts_with("CONNECT ") {
                        let mut upstream = TcpStream::connect(target.as_str()).await.unwrap();
                        client
                            .write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n")
                            .await
                            .unwrap();
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
                        return;
                    }
                    let uri: http::Uri = target.parse().unwrap();
                    let mut upstream = TcpStream::connect(uri.authority().unwrap().as_str())
                        .await
                        .unwrap();
                    upstream.write_all(&request).await.unwrap();
                    let answer = read_request(&mut upstream).await.unwrap();
                    if client.write_all(&answer).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (address, log)
}

#[tokio::test]
async fn https_with_a_custom_ca_directly_and_through_a_connect_proxy() {
    let server = emulator(0).await;
    let (front, certificate, _) = tls_front(server.address()).await;
    let (proxy, log) = proxy().await;
    let tls = TlsConfig::from_pem(certificate.as_bytes()).unwrap();
    let endpoint = format!("https://localhost:{}", front.port());

    // Directly.
    let config = common::config(&endpoint).tls(tls.clone()).build();
    client(&config)
        .send::<GetMfaAuthenticationStatus>(request())
        .await
        .unwrap_or_else(|e| panic!("{}", DisplayErrorContext(e)));
    assert!(log.lines.lock().unwrap().is_empty());

    // Through the proxy, with its credentials.
    let config = common::config(&endpoint)
        .tls(tls)
        .proxy(ProxyConfig::disabled().with_https(format!("http://user:pa55@{proxy}")))
        .build();
    client(&config)
        .send::<GetMfaAuthenticationStatus>(request())
        .await
        .unwrap_or_else(|e| panic!("{}", DisplayErrorContext(e)));
    assert_eq!(
        log.lines.lock().unwrap().as_slice(),
        [format!("CONNECT localhost:{} HTTP/1.1", front.port())]
    );
    // "user:pa55" in Base64.
    assert_eq!(
        log.authorizations.lock().unwrap().as_slice(),
        ["Basic dXNlcjpwYTU1"]
    );
}

#[tokio::test]
async fn http_through_the_proxy_and_no_proxy_bypasses_it() {
    let server = emulator(0).await;
    let (proxy, log) = proxy().await;
    let endpoint = format!("http://{}", server.address());

    let env = Env::from_pairs([("http_proxy", format!("http://u:p@{proxy}"))]);
    let config = common::config(&endpoint)
        .proxy(ProxyConfig::from_env(&env))
        .build();
    client(&config)
        .send::<GetMfaAuthenticationStatus>(request())
        .await
        .unwrap_or_else(|e| panic!("{}", DisplayErrorContext(e)));
    let lines = log.lines.lock().unwrap().clone();
    assert_eq!(lines.len(), 1);
    assert!(
        lines[0].starts_with(&format!("POST http://{}/?", server.address())),
        "{lines:?}"
    );
    assert_eq!(
        log.authorizations.lock().unwrap().as_slice(),
        ["Basic dTpw"]
    );

    // NO_PROXY names the host: straight to the server.
    let env = Env::from_pairs([
        ("HTTP_PROXY", format!("http://{proxy}")),
        ("NO_PROXY", "example.com,127.0.0.1".to_owned()),
    ]);
    let config = acs_client::from_env()
        .env(env.clone())
        .endpoint(&endpoint)
        .credentials_provider(acs_protocol::Credentials::new(KEY_ID, KEY_SECRET))
        .load()
        .await
        .unwrap();
    client(&config)
        .send::<GetMfaAuthenticationStatus>(request())
        .await
        .unwrap_or_else(|e| panic!("{}", DisplayErrorContext(e)));
    assert_eq!(log.lines.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn an_untrusted_certificate_is_a_tls_dispatch_failure_never_retried() {
    let server = emulator(0).await;
    let (front, _, handshakes) = tls_front(server.address()).await;
    let config = common::config(&format!("https://127.0.0.1:{}", front.port())).build();
    let error = client(&config)
        .send::<GetMfaAuthenticationStatus>(request())
        .await
        .unwrap_err();
    let SdkError::DispatchFailure(failure) = &error else {
        panic!("{}", DisplayErrorContext(&error));
    };
    assert_eq!(failure.as_http_error().kind(), HttpErrorKind::Tls);
    assert_eq!(
        failure.as_http_error().certificate_error(),
        Some(&rustls::CertificateError::UnknownIssuer)
    );
    let shown = DisplayErrorContext(&error).to_string();
    assert!(
        shown.contains(&format!(
            "TLS handshake with 127.0.0.1:{} failed",
            front.port()
        )),
        "{shown}"
    );
    assert!(shown.contains("UnknownIssuer"), "{shown}");
    assert_eq!(handshakes.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn ssl_cert_file_is_the_ca_bundle_of_from_env() {
    let server = emulator(0).await;
    let (front, certificate, _) = tls_front(server.address()).await;
    let directory = tempfile::tempdir().unwrap();
    let bundle = directory.path().join("ca.pem");
    std::fs::write(&bundle, certificate).unwrap();
    let env = Env::from_pairs([
        ("SSL_CERT_FILE", bundle.to_str().unwrap()),
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", KEY_ID),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", KEY_SECRET),
    ]);
    let config = acs_client::from_env()
        .env(env)
        .endpoint(format!("https://localhost:{}", front.port()))
        .load()
        .await
        .unwrap();
    client(&config)
        .send::<GetMfaAuthenticationStatus>(request())
        .await
        .unwrap_or_else(|e| panic!("{}", DisplayErrorContext(e)));

    let missing = directory.path().join("missing.pem");
    let env = Env::from_pairs([("SSL_CERT_FILE", missing.to_str().unwrap())]);
    let error = acs_client::from_env().env(env).load().await.unwrap_err();
    let shown = error.to_string();
    assert!(shown.starts_with("SSL_CERT_FILE: "), "{shown}");
    assert!(shown.contains("missing.pem"), "{shown}");
}

#[tokio::test]
async fn connections_are_kept_alive_and_reused() {
    let server = emulator(0).await;
    // A TCP relay that counts the connections made to it.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let connections = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&connections);
    let backend = server.address();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            counted.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let mut upstream = TcpStream::connect(backend).await.unwrap();
                let _ = tokio::io::copy_bidirectional(&mut stream, &mut upstream).await;
            });
        }
    });
    let config = common::config(&format!("http://{address}"))
        .retry_config(RetryConfig::disabled())
        .build();
    let client = client(&config);
    for _ in 0..3 {
        client
            .send::<GetMfaAuthenticationStatus>(request())
            .await
            .unwrap();
    }
    assert_eq!(connections.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn an_answer_over_the_bound_is_refused() {
    let body = format!("{{\"RequestId\":\"{}\"}}", "x".repeat(2048));
    let server = scripted(vec![json_response(200, "OK", "", &body)]).await;
    let http = acs_client::HttpClient::builder()
        .proxy(ProxyConfig::disabled())
        .max_response_bytes(1024)
        .build()
        .unwrap();
    let request = http::Request::post(format!("http://{}/", server.address))
        .body(bytes::Bytes::new())
        .unwrap();
    let error = http.send(request, None).await.unwrap_err();
    assert_eq!(error.kind(), HttpErrorKind::ResponseTooLarge);
    assert!(error.to_string().contains("1024 bytes"), "{error}");
    // And a raw read works within the bound.
    let mut stream = TcpStream::connect(server.address).await.unwrap();
    stream
        .write_all(b"GET / HTTP/1.1\r\nhost: x\r\n\r\n")
        .await
        .unwrap();
    let mut first = [0u8; 12];
    stream.read_exact(&mut first).await.unwrap();
    assert_eq!(&first, b"HTTP/1.1 200");
}
