//! `cloudsso call` over TLS: a tokio-rustls acceptor on 127.0.0.1, in front of an in-process
//! emulator, with a self-signed certificate that rcgen makes for each run. It checks that a
//! `--ca-bundle` holding that certificate is trusted (and the SNI and ALPN sent), that the
//! built-in roots refuse it with a transport error (exit 1), and that a bad `--ca-bundle` is a
//! usage error (exit 2) naming the flag and the file. No traffic leaves 127.0.0.1.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::sync::{Arc, Mutex};

use cloudsso_emulator::{DEFAULT_DIRECTORY, Emulator};
use common::{cloudsso, run};
use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;

/// What the server saw of one handshake: the SNI and the ALPN protocol agreed.
type Handshake = (Option<String>, Option<Vec<u8>>);

/// A TLS-terminating proxy on 127.0.0.1 that forwards to an emulator on another loopback
/// port; both stop when it is dropped (with its runtime).
struct TlsServer {
    /// `https://127.0.0.1:PORT`.
    endpoint: String,
    port: u16,
    /// The server's certificate, PEM.
    certificate: String,
    handshakes: Arc<Mutex<Vec<Handshake>>>,
    _runtime: tokio::runtime::Runtime,
}

/// A server whose self-signed certificate names `names` (IP addresses or DNS names).
fn tls_server(names: &[&str]) -> TlsServer {
    let names: Vec<String> = names.iter().map(|&n| n.to_owned()).collect();
    let certified = rcgen::generate_simple_self_signed(names).unwrap();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
        certified.signing_key.serialize_der(),
    ));
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![certified.cert.der().clone()], key)
        .unwrap();
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    let acceptor = TlsAcceptor::from(Arc::new(config));

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let handshakes = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&handshakes);
    let port = runtime.block_on(async move {
        let emulator = Emulator::builder()
            .access_key("testid", "testsecret")
            .directory(DEFAULT_DIRECTORY)
            .build()
            .unwrap();
        let backend = emulator.serve_loopback().await.unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            let backend = backend;
            while let Ok((stream, _)) = listener.accept().await {
                let acceptor = acceptor.clone();
                let seen = Arc::clone(&seen);
                let address = backend.address();
                tokio::spawn(async move {
                    // A client that refuses the certificate ends the handshake: not an error.
                    let Ok(mut tls) = acceptor.accept(stream).await else {
                        return;
                    };
                    let session = tls.get_ref().1;
                    seen.lock().unwrap().push((
                        session.server_name().map(str::to_owned),
                        session.alpn_protocol().map(<[u8]>::to_vec),
                    ));
                    let mut plain = TcpStream::connect(address).await.unwrap();
                    let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
                });
            }
        });
        port
    });
    TlsServer {
        endpoint: format!("https://127.0.0.1:{port}"),
        port,
        certificate: certified.cert.pem(),
        handshakes,
        _runtime: runtime,
    }
}

/// `call GetMFAAuthenticationSettingInfo` against `endpoint`, with `extra` flags.
fn get_setting(home: &Path, endpoint: &str, extra: &[&str]) -> (i32, String, String) {
    run(cloudsso(home)
        .args([
            "call",
            "GetMFAAuthenticationSettingInfo",
            "--endpoint",
            endpoint,
            "--DirectoryId",
            DEFAULT_DIRECTORY,
            "--timeout",
            "10",
        ])
        .args(extra))
}

#[test]
fn call_over_tls_trusts_the_ca_bundle_and_sends_sni_and_alpn() {
    let home = tempfile::tempdir().unwrap();
    let server = tls_server(&["127.0.0.1", "localhost"]);
    let bundle = home.path().join("cert.pem");
    std::fs::write(&bundle, &server.certificate).unwrap();
    let bundle = bundle.to_str().unwrap();

    for (version, format) in [("v3", "json"), ("v2", "xml")] {
        let (code, stdout, stderr) = get_setting(
            home.path(),
            &server.endpoint,
            &[
                "--ca-bundle",
                bundle,
                "--signature-version",
                version,
                "--format",
                format,
            ],
        );
        assert_eq!(code, 0, "{version} {format}: {stderr}");
        let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(
            value["MFAAuthenticationSettingInfo"]["MfaAuthenticationAdvanceSettings"],
            "OnlyRiskyLogin",
            "{stdout}"
        );
        assert_eq!(value["RequestId"].as_str().unwrap().len(), 36, "{stdout}");
    }

    // By name: SNI is the endpoint's host; by IP address there is none, as RFC 6066 asks.
    let by_name = format!("https://localhost:{}", server.port);
    let (code, _, stderr) = get_setting(home.path(), &by_name, &["--ca-bundle", bundle]);
    assert_eq!(code, 0, "{stderr}");
    let handshakes = server.handshakes.lock().unwrap().clone();
    let alpn = Some(b"http/1.1".to_vec());
    assert_eq!(
        handshakes,
        [
            (None, alpn.clone()),
            (None, alpn.clone()),
            (Some("localhost".to_owned()), alpn)
        ]
    );
}

#[test]
fn an_untrusted_certificate_is_a_transport_error_naming_host_and_reason() {
    let home = tempfile::tempdir().unwrap();
    let server = tls_server(&["127.0.0.1"]);
    let host = format!("127.0.0.1:{}", server.port);

    // The built-in Mozilla roots do not hold a certificate made a moment ago.
    let (code, stdout, stderr) = get_setting(home.path(), &server.endpoint, &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.contains(&format!("TLS handshake with {host}")),
        "{stderr}"
    );
    assert!(
        stderr.contains("invalid peer certificate: UnknownIssuer"),
        "{stderr}"
    );
    assert!(stderr.contains("--ca-bundle"), "{stderr}");
    assert!(!stderr.contains("testsecret"), "{stderr}");

    // Another server's certificate in the bundle does not vouch for this one.
    let other = tls_server(&["127.0.0.1"]);
    let bundle = home.path().join("other.pem");
    std::fs::write(&bundle, &other.certificate).unwrap();
    let (code, _, stderr) = get_setting(
        home.path(),
        &server.endpoint,
        &["--ca-bundle", bundle.to_str().unwrap()],
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("invalid peer certificate"), "{stderr}");

    // A certificate for other names: trusted, but not for this host.
    let named = tls_server(&["cloudsso.example"]);
    let bundle = home.path().join("named.pem");
    std::fs::write(&bundle, &named.certificate).unwrap();
    let (code, _, stderr) = get_setting(
        home.path(),
        &named.endpoint,
        &["--ca-bundle", bundle.to_str().unwrap()],
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("invalid peer certificate"), "{stderr}");
    assert!(
        stderr.contains(r#"not valid for name "127.0.0.1""#),
        "{stderr}"
    );
    assert!(!stderr.contains("--ca-bundle"), "{stderr}");
}

#[test]
fn a_bad_ca_bundle_is_a_usage_error_naming_the_flag_and_the_file() {
    let home = tempfile::tempdir().unwrap();
    let missing = home.path().join("missing.pem");
    let garbage = home.path().join("garbage.pem");
    std::fs::write(&garbage, "this is not a certificate\n").unwrap();
    let broken = home.path().join("broken.pem");
    std::fs::write(
        &broken,
        "-----BEGIN CERTIFICATE-----\n!!not base64!!\n-----END CERTIFICATE-----\n",
    )
    .unwrap();
    let not_x509 = home.path().join("not-x509.pem");
    std::fs::write(
        &not_x509,
        "-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQ=\n-----END CERTIFICATE-----\n",
    )
    .unwrap();
    // Nothing listens there: the file is read before any connection.
    for (file, expected) in [
        (&missing, "cannot read"),
        (&garbage, "holds no certificate"),
        (&broken, "is not valid PEM"),
        (&not_x509, "certificate 1 of"),
    ] {
        let file = file.to_str().unwrap();
        let (code, stdout, stderr) =
            get_setting(home.path(), "https://127.0.0.1:9", &["--ca-bundle", file]);
        assert_eq!(code, 2, "{file}: {stderr}");
        assert!(stdout.is_empty(), "{stdout}");
        assert!(stderr.starts_with("error: --ca-bundle: "), "{stderr}");
        assert!(stderr.contains(&format!("`{file}`")), "{stderr}");
        assert!(stderr.contains(expected), "{file}: {stderr}");
    }
}

#[test]
fn ssl_cert_file_is_the_bundle_when_the_flag_is_not_given() {
    let home = tempfile::tempdir().unwrap();
    let server = tls_server(&["127.0.0.1"]);
    let bundle = home.path().join("cert.pem");
    std::fs::write(&bundle, &server.certificate).unwrap();
    let missing = home.path().join("missing.pem");
    let call = |ssl_cert_file: &Path, extra: &[&str]| {
        run(cloudsso(home.path())
            .env("SSL_CERT_FILE", ssl_cert_file)
            .args([
                "call",
                "GetMFAAuthenticationSettingInfo",
                "--endpoint",
                &server.endpoint,
                "--DirectoryId",
                DEFAULT_DIRECTORY,
                "--timeout",
                "10",
            ])
            .args(extra))
    };

    let (code, _, stderr) = call(&bundle, &[]);
    assert_eq!(code, 0, "{stderr}");
    // The flag wins: the variable's file is not read.
    let (code, _, stderr) = call(&missing, &["--ca-bundle", bundle.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    // A file the variable names but that cannot be read is named, with the variable.
    let (code, _, stderr) = call(&missing, &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.starts_with("error: SSL_CERT_FILE: "), "{stderr}");
    assert!(
        stderr.contains(&format!("`{}`", missing.display())),
        "{stderr}"
    );
}
