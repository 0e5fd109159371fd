//! What temporary credentials cost on the request path, in-process: a CloudSSO read signed
//! with a long-term key and with STS credentials (one more state read and the token's
//! SHA-256), and STS's own AssumeRole (a row issued) and AssumeRoleWithOIDC (an RS256
//! check).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::time::SystemTime;

use acs_protocol::encoding::percent_encode;
use acs_protocol::{Credentials, Format, SigningAlgorithm};
use acs_signer::{FormatParameter, SigningParams, SigningSettings};
use bytes::Bytes;
use cloudsso_emulator::{Emulator, OidcProvider};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

const ROLE: &str = "acs:ram::1234567890123456:role/admin";
const PROVIDER: &str = "acs:ram::1234567890123456:oidc-provider/ack";
const ISSUER: &str = "https://oidc.example.com";

fn signed(
    credentials: &Credentials,
    version: &str,
    action: &str,
    params: &[(&str, &str)],
) -> http::Request<Bytes> {
    let query: Vec<String> = params
        .iter()
        .map(|(n, v)| format!("{}={}", percent_encode(n), percent_encode(v)))
        .collect();
    let mut request = http::Request::post(format!("http://127.0.0.1/?{}", query.join("&")))
        .header("accept", acs_codec::accept_header(Format::Json))
        .body(Vec::new())
        .unwrap();
    let mut settings = SigningSettings::default();
    settings.format_parameter = FormatParameter::from(Format::Json);
    let params = SigningParams::builder()
        .credentials(credentials)
        .algorithm(SigningAlgorithm::Acs3HmacSha256)
        .action(action)
        .version(version)
        .time(SystemTime::now())
        .settings(settings)
        .build()
        .unwrap();
    acs_signer::sign(&mut request, &params).unwrap();
    request.map(Bytes::from)
}

fn id_token() -> String {
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
    header.kid = Some("test-key-1".to_owned());
    let claims = serde_json::json!({"iss": ISSUER, "aud": "sts.aliyuncs.com", "sub": "app",
        "iat": now, "exp": now + 3600});
    let key = jsonwebtoken::EncodingKey::from_rsa_der(include_bytes!("../tests/data/oidc-key.der"));
    jsonwebtoken::encode(&header, &claims, &key).unwrap()
}

fn sts(c: &mut Criterion) {
    let emulator = Emulator::builder()
        .access_key("testid", "testsecret")
        .oidc_provider(
            OidcProvider::new(PROVIDER)
                .unwrap()
                .issuer(ISSUER)
                .client_id("sts.aliyuncs.com")
                .jwks(include_str!("../tests/data/oidc-jwks.json"))
                .unwrap(),
        )
        .rate_limit(0)
        .global_rate_limit(0)
        .build()
        .unwrap();
    let key = Credentials::new("testid", "testsecret");
    let answer = emulator.handle(signed(
        &key,
        "2015-04-01",
        "AssumeRole",
        &[
            ("RoleArn", ROLE),
            ("RoleSessionName", "bench"),
            ("DurationSeconds", "43200"),
        ],
    ));
    let body: serde_json::Value = serde_json::from_slice(answer.body()).unwrap();
    let issued = &body["Credentials"];
    let temporary = Credentials::new(
        issued["AccessKeyId"].as_str().unwrap(),
        issued["AccessKeySecret"].as_str().unwrap(),
    )
    .with_security_token(issued["SecurityToken"].as_str().unwrap());

    let mut group = c.benchmark_group("sts");
    for (name, credentials) in [("key", &key), ("temporary", &temporary)] {
        group.bench_function(format!("GetMFAAuthenticationSettingInfo/{name}"), |b| {
            b.iter_batched(
                || {
                    signed(
                        credentials,
                        "2021-05-15",
                        "GetMFAAuthenticationSettingInfo",
                        &[("DirectoryId", "d-00fc2p61****")],
                    )
                },
                |request| {
                    let response = emulator.handle(request);
                    assert_eq!(response.status(), 200);
                },
                BatchSize::SmallInput,
            );
        });
    }
    group.bench_function("AssumeRole", |b| {
        b.iter_batched(
            || {
                signed(
                    &key,
                    "2015-04-01",
                    "AssumeRole",
                    &[("RoleArn", ROLE), ("RoleSessionName", "bench")],
                )
            },
            |request| {
                let response = emulator.handle(request);
                assert_eq!(response.status(), 200);
            },
            BatchSize::SmallInput,
        );
    });
    let token = id_token();
    let query = format!(
        "http://127.0.0.1/?Action=AssumeRoleWithOIDC&Format=JSON&Version=2015-04-01&OIDCProviderArn={}&RoleArn={}&RoleSessionName=bench&OIDCToken={}",
        percent_encode(PROVIDER),
        percent_encode(ROLE),
        percent_encode(&token)
    );
    group.bench_function("AssumeRoleWithOIDC", |b| {
        b.iter(|| {
            let request = http::Request::post(query.as_str())
                .body(Bytes::new())
                .unwrap();
            let response = emulator.handle(request);
            assert_eq!(response.status(), 200);
        });
    });
    group.finish();
}

criterion_group!(benches, sts);
criterion_main!(benches);
