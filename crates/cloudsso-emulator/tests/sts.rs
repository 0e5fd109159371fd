//! STS 2015-04-01 on the emulator, in-process: AssumeRole (configured roles, trust, role
//! chaining, every refusal), GetCallerIdentity, AssumeRoleWithOIDC (RS256 ID tokens, every
//! refusal), and the temporary credentials calling CloudSSO until they expire.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, SystemTime};

use acs_protocol::encoding::percent_encode;
use acs_protocol::{Credentials, Format, SigningAlgorithm};
use acs_signer::{FormatParameter, SigningParams, SigningSettings};
use bytes::Bytes;
use cloudsso_emulator::{Emulator, OidcProvider, RamRole};
use jsonwebtoken::{Algorithm, EncodingKey, Header};

const ACCOUNT: &str = "1234567890123456";
const OTHER: &str = "6543210987654321";
const ROLE: &str = "acs:ram::1234567890123456:role/admin";
const OTHER_ROLE: &str = "acs:ram::6543210987654321:role/deployer";
const PROVIDER: &str = "acs:ram::1234567890123456:oidc-provider/ack";
const ISSUER: &str = "https://oidc.example.com/cluster-1";
const CLIENT_ID: &str = "sts.aliyuncs.com";
const V3: SigningAlgorithm = SigningAlgorithm::Acs3HmacSha256;
const V2: SigningAlgorithm = SigningAlgorithm::HmacSha1;

fn start() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000)
}

fn key() -> Credentials {
    Credentials::new("testid", "testsecret")
}

fn other_key() -> Credentials {
    Credentials::new("otherid", "othersecret")
}

fn builder() -> cloudsso_emulator::EmulatorBuilder {
    Emulator::builder()
        .account_access_key("testid", "testsecret", ACCOUNT)
        .account_access_key("otherid", "othersecret", OTHER)
}

/// A request of `action` (`version`) with `params` in the query, signed at `now`.
fn signed_version(
    credentials: &Credentials,
    version: &str,
    action: &str,
    params: &[(&str, &str)],
    algorithm: SigningAlgorithm,
    format: Format,
    now: SystemTime,
) -> http::Request<Bytes> {
    let query: Vec<String> = params
        .iter()
        .map(|(n, v)| format!("{}={}", percent_encode(n), percent_encode(v)))
        .collect();
    let mut request = http::Request::post(format!("http://127.0.0.1/?{}", query.join("&")))
        .header("accept", acs_codec::accept_header(format))
        .body(Vec::new())
        .unwrap();
    let mut settings = SigningSettings::default();
    settings.format_parameter = FormatParameter::from(format);
    let params = SigningParams::builder()
        .credentials(credentials)
        .algorithm(algorithm)
        .action(action)
        .version(version)
        .time(now)
        .settings(settings)
        .build()
        .unwrap();
    acs_signer::sign(&mut request, &params).unwrap();
    request.map(Bytes::from)
}

fn sts(
    emulator: &Emulator,
    credentials: &Credentials,
    action: &str,
    params: &[(&str, &str)],
    now: SystemTime,
) -> http::Response<Vec<u8>> {
    emulator.handle_at(
        signed_version(
            credentials,
            "2015-04-01",
            action,
            params,
            V3,
            Format::Json,
            now,
        ),
        now,
    )
}

fn list_directories(
    emulator: &Emulator,
    credentials: &Credentials,
    algorithm: SigningAlgorithm,
    now: SystemTime,
) -> http::Response<Vec<u8>> {
    emulator.handle_at(
        signed_version(
            credentials,
            "2021-05-15",
            "ListDirectories",
            &[],
            algorithm,
            Format::Json,
            now,
        ),
        now,
    )
}

fn json(response: &http::Response<Vec<u8>>) -> serde_json::Value {
    serde_json::from_slice(response.body()).expect("a JSON body")
}

fn code(response: &http::Response<Vec<u8>>) -> String {
    json(response)["Code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// The temporary credentials of a successful answer.
fn temporary(body: &serde_json::Value) -> Credentials {
    let c = &body["Credentials"];
    Credentials::new(
        c["AccessKeyId"].as_str().unwrap(),
        c["AccessKeySecret"].as_str().unwrap(),
    )
    .with_security_token(c["SecurityToken"].as_str().unwrap())
}

fn assume(
    emulator: &Emulator,
    credentials: &Credentials,
    role: &str,
    extra: &[(&str, &str)],
    now: SystemTime,
) -> http::Response<Vec<u8>> {
    let mut params = vec![("RoleArn", role), ("RoleSessionName", "alice")];
    params.extend_from_slice(extra);
    sts(emulator, credentials, "AssumeRole", &params, now)
}

#[test]
fn assume_role_answers_credentials_that_call_cloudsso_until_they_expire() {
    let emulator = builder().build().unwrap();
    let now = start();
    for algorithm in [V3, V2] {
        let response = emulator.handle_at(
            signed_version(
                &key(),
                "2015-04-01",
                "AssumeRole",
                &[("RoleArn", ROLE), ("RoleSessionName", "alice")],
                algorithm,
                Format::Json,
                now,
            ),
            now,
        );
        assert_eq!(response.status(), 200, "{}", json(&response));
        let body = json(&response);
        assert_eq!(body["RequestId"].as_str().unwrap().len(), 36);
        let credentials = &body["Credentials"];
        let id = credentials["AccessKeyId"].as_str().unwrap();
        assert!(id.starts_with("STS.N") && id.len() == 27, "{id}");
        assert_eq!(credentials["AccessKeySecret"].as_str().unwrap().len(), 44);
        assert!(
            credentials["SecurityToken"]
                .as_str()
                .unwrap()
                .starts_with("CAIS")
        );
        // The default DurationSeconds: 3600; the documented `2015-04-09T11:52:19Z` form.
        assert_eq!(credentials["Expiration"], "2027-01-15T09:00:00Z");
        let user = &body["AssumedRoleUser"];
        assert_eq!(user["Arn"], "acs:ram::1234567890123456:role/admin/alice");
        let assumed_id = user["AssumedRoleId"].as_str().unwrap();
        let (role_id, session) = assumed_id.split_once(':').unwrap();
        assert_eq!(session, "alice");
        assert!(role_id.len() == 19 && role_id.bytes().all(|b| b.is_ascii_digit()));

        let temporary = temporary(&body);
        for at in [now, now + Duration::from_secs(3599)] {
            let response = list_directories(&emulator, &temporary, algorithm, at);
            assert_eq!(response.status(), 200, "{}", json(&response));
        }
        let expired = list_directories(
            &emulator,
            &temporary,
            algorithm,
            now + Duration::from_secs(3600),
        );
        assert_eq!(code(&expired), "InvalidSecurityToken.Expired");
        assert_eq!(expired.status(), 400);
    }
}

#[test]
fn assume_role_answers_xml_when_asked() {
    let emulator = builder().build().unwrap();
    let now = start();
    let response = emulator.handle_at(
        signed_version(
            &key(),
            "2015-04-01",
            "AssumeRole",
            &[("RoleArn", ROLE), ("RoleSessionName", "alice")],
            V2,
            Format::Xml,
            now,
        ),
        now,
    );
    assert_eq!(response.status(), 200);
    let body = String::from_utf8(response.into_body()).unwrap();
    assert!(body.starts_with("<?xml"), "{body}");
    assert!(body.contains("<AssumeRoleResponse>"), "{body}");
    assert!(body.contains("<AccessKeyId>STS.N"), "{body}");
    assert!(
        body.contains("<Arn>acs:ram::1234567890123456:role/admin/alice</Arn>"),
        "{body}"
    );
}

#[test]
fn duration_seconds_bounds_the_validity() {
    let emulator = builder().build().unwrap();
    let now = start();
    for (seconds, expiration) in [
        ("900", "2027-01-15T08:15:00Z"),
        ("43200", "2027-01-15T20:00:00Z"),
    ] {
        let response = assume(
            &emulator,
            &key(),
            ROLE,
            &[("DurationSeconds", seconds)],
            now,
        );
        assert_eq!(json(&response)["Credentials"]["Expiration"], expiration);
    }
    for seconds in ["899", "43201", "0", "-5"] {
        let response = assume(
            &emulator,
            &key(),
            ROLE,
            &[("DurationSeconds", seconds)],
            now,
        );
        assert_eq!(
            code(&response),
            "InvalidParameter.DurationSeconds",
            "{seconds}"
        );
        assert_eq!(response.status(), 400);
        assert!(
            json(&response)["Message"]
                .as_str()
                .unwrap()
                .contains(seconds)
        );
    }
    // Not an integer: the codec's code for the parameter.
    let response = assume(&emulator, &key(), ROLE, &[("DurationSeconds", "soon")], now);
    assert_eq!(code(&response), "InvalidDurationSeconds");
}

#[test]
fn every_assume_role_refusal_has_its_code() {
    let emulator = builder().build().unwrap();
    let now = start();
    type Case<'a> = (&'a [(&'a str, &'a str)], &'a str, u16);
    let cases: &[Case<'_>] = &[
        (&[("RoleSessionName", "alice")], "MissingRoleArn", 400),
        (&[("RoleArn", ROLE)], "MissingRoleSessionName", 400),
        (
            &[
                ("RoleArn", "acs:ram::123:role/admin"),
                ("RoleSessionName", "alice"),
            ],
            "InvalidParameter.RoleArn",
            400,
        ),
        (
            &[("RoleArn", ROLE), ("RoleSessionName", "a")],
            "InvalidParameter.RoleSessionName",
            400,
        ),
        (
            &[("RoleArn", ROLE), ("RoleSessionName", "al ice")],
            "InvalidParameter.RoleSessionName",
            400,
        ),
        (
            &[("RoleArn", ROLE), ("RoleSessionName", &"x".repeat(65))],
            "InvalidParameter.RoleSessionName",
            400,
        ),
        (
            &[
                ("RoleArn", ROLE),
                ("RoleSessionName", "alice"),
                ("Policy", "{not json"),
            ],
            "InvalidParameter.PolicyGrammar",
            400,
        ),
        (
            &[
                ("RoleArn", ROLE),
                ("RoleSessionName", "alice"),
                ("ExternalId", "x"),
            ],
            "InvalidParameter.ExternalId",
            400,
        ),
        // No role configured: only the caller's own account's roles.
        (
            &[("RoleArn", OTHER_ROLE), ("RoleSessionName", "alice")],
            "NoPermission",
            403,
        ),
    ];
    for (params, expected, status) in cases {
        let response = sts(&emulator, &key(), "AssumeRole", params, now);
        assert_eq!(
            code(&response),
            *expected,
            "{params:?}: {}",
            json(&response)
        );
        assert_eq!(response.status(), *status);
    }
    // Valid optional parameters are accepted (the policy is not enforced).
    let response = assume(
        &emulator,
        &key(),
        ROLE,
        &[
            (
                "Policy",
                r#"{"Statement":[{"Action":["*"],"Effect":"Allow","Resource":["*"]}],"Version":"1"}"#,
            ),
            ("ExternalId", "abc-123"),
            ("SourceIdentity", "alice@example.com"),
        ],
        now,
    );
    assert_eq!(response.status(), 200, "{}", json(&response));
    assert_eq!(json(&response)["SourceIdentity"], "alice@example.com");
}

#[test]
fn configured_roles_exist_alone_and_trust_whom_they_say() {
    let emulator = builder()
        .role(ROLE.parse().unwrap())
        .role(
            RamRole::new(OTHER_ROLE)
                .unwrap()
                .trust(ACCOUNT)
                .unwrap()
                .max_session_duration(Duration::from_secs(7200))
                .unwrap(),
        )
        .role(
            "acs:ram::1234567890123456:role/keyonly=otherid"
                .parse()
                .unwrap(),
        )
        .build()
        .unwrap();
    let now = start();
    // A role not configured does not exist once roles are configured.
    let response = assume(
        &emulator,
        &key(),
        "acs:ram::1234567890123456:role/nobody",
        &[],
        now,
    );
    assert_eq!(code(&response), "EntityNotExist.Role");
    assert_eq!(response.status(), 404);
    // The own account's configured role.
    assert_eq!(assume(&emulator, &key(), ROLE, &[], now).status(), 200);
    // Role ARNs are matched without regard to case, as RAM names are.
    let upper = assume(
        &emulator,
        &key(),
        "acs:ram::1234567890123456:role/ADMIN",
        &[],
        now,
    );
    assert_eq!(upper.status(), 200, "{}", json(&upper));
    // The other account does not trust itself here, but trusts ACCOUNT: cross-account.
    let response = assume(
        &emulator,
        &key(),
        OTHER_ROLE,
        &[("DurationSeconds", "7200")],
        now,
    );
    assert_eq!(response.status(), 200, "{}", json(&response));
    let body = json(&response);
    // The credentials act for the role's account.
    let identity = sts(&emulator, &temporary(&body), "GetCallerIdentity", &[], now);
    assert_eq!(json(&identity)["AccountId"], OTHER);
    let response = assume(&emulator, &other_key(), OTHER_ROLE, &[], now);
    assert_eq!(code(&response), "NoPermission");
    assert_eq!(response.status(), 403);
    // Beyond the role's maximum session duration.
    let response = assume(
        &emulator,
        &key(),
        OTHER_ROLE,
        &[("DurationSeconds", "7201")],
        now,
    );
    assert_eq!(code(&response), "InvalidParameter.DurationSeconds");
    // A role trusting one access key only.
    let keyonly = "acs:ram::1234567890123456:role/keyonly";
    assert_eq!(
        code(&assume(&emulator, &key(), keyonly, &[], now)),
        "NoPermission"
    );
    assert_eq!(
        assume(&emulator, &other_key(), keyonly, &[], now).status(),
        200
    );
}

#[test]
fn temporary_credentials_may_assume_a_role_for_an_hour_at_most() {
    let emulator = builder().build().unwrap();
    let now = start();
    let first = temporary(&json(&assume(&emulator, &key(), ROLE, &[], now)));
    let response = assume(&emulator, &first, ROLE, &[("DurationSeconds", "3601")], now);
    assert_eq!(code(&response), "InvalidParameter.DurationSeconds");
    assert!(
        json(&response)["Message"]
            .as_str()
            .unwrap()
            .contains("role chaining")
    );
    let response = assume(&emulator, &first, ROLE, &[("DurationSeconds", "3600")], now);
    assert_eq!(response.status(), 200, "{}", json(&response));
    let second = temporary(&json(&response));
    assert_ne!(second.access_key_id(), first.access_key_id());
    assert_eq!(list_directories(&emulator, &second, V3, now).status(), 200);
    // Without its token, temporary credentials cannot assume a role either.
    let bare = Credentials::new(first.access_key_id(), first.access_key_secret().expose());
    assert_eq!(
        code(&assume(&emulator, &bare, ROLE, &[], now)),
        "MissingSecurityToken"
    );
}

#[test]
fn get_caller_identity_names_the_account_or_the_assumed_role() {
    let emulator = builder().build().unwrap();
    let now = start();
    let response = sts(&emulator, &key(), "GetCallerIdentity", &[], now);
    assert_eq!(response.status(), 200, "{}", json(&response));
    let body = json(&response);
    assert_eq!(body["AccountId"], ACCOUNT);
    assert_eq!(body["Arn"], "acs:ram::1234567890123456:root");
    assert_eq!(body["IdentityType"], "Account");
    assert_eq!(body["UserId"], ACCOUNT);
    assert_eq!(body["PrincipalId"], ACCOUNT);
    assert!(body.get("RoleId").is_none());

    let assumed = json(&assume(&emulator, &key(), ROLE, &[], now));
    let response = sts(
        &emulator,
        &temporary(&assumed),
        "GetCallerIdentity",
        &[],
        now,
    );
    let body = json(&response);
    assert_eq!(body["AccountId"], ACCOUNT);
    assert_eq!(body["IdentityType"], "AssumedRoleUser");
    assert_eq!(
        body["Arn"],
        "acs:ram::1234567890123456:assumed-role/admin/alice"
    );
    let assumed_role_id = assumed["AssumedRoleUser"]["AssumedRoleId"]
        .as_str()
        .unwrap();
    assert_eq!(body["UserId"], assumed_role_id);
    assert_eq!(body["PrincipalId"], assumed_role_id);
    assert_eq!(
        body["RoleId"].as_str().unwrap(),
        assumed_role_id.split(':').next().unwrap()
    );
}

#[test]
fn versions_and_actions_route_between_the_two_services() {
    let emulator = builder().build().unwrap();
    let now = start();
    let response = sts(&emulator, &key(), "ListDirectories", &[], now);
    assert_eq!(code(&response), "InvalidAction.NotFound");
    assert_eq!(response.status(), 404);
    let response = emulator.handle_at(
        signed_version(
            &key(),
            "2019-01-01",
            "AssumeRole",
            &[],
            V3,
            Format::Json,
            now,
        ),
        now,
    );
    assert_eq!(code(&response), "InvalidVersion");
    assert!(
        json(&response)["Message"]
            .as_str()
            .unwrap()
            .contains("2015-04-01")
    );
    // An STS request with a wrong signature is refused before any STS check.
    let response = sts(
        &emulator,
        &Credentials::new("testid", "wrong"),
        "AssumeRole",
        &[],
        now,
    );
    assert_eq!(code(&response), "SignatureDoesNotMatch");
}

// AssumeRoleWithOIDC.

const KEY_DER: &[u8] = include_bytes!("data/oidc-key.der");
const OTHER_KEY_DER: &[u8] = include_bytes!("data/oidc-other-key.der");
const PUBLIC_PEM: &str = include_str!("data/oidc-key.pub.pem");
const JWKS: &str = include_str!("data/oidc-jwks.json");

fn provider() -> OidcProvider {
    OidcProvider::new(PROVIDER)
        .unwrap()
        .issuer(ISSUER)
        .client_id("other-client")
        .client_id(CLIENT_ID)
        .jwks(JWKS)
        .unwrap()
}

fn seconds(time: SystemTime) -> i64 {
    i64::try_from(
        time.duration_since(SystemTime::UNIX_EPOCH)
            .unwrap()
            .as_secs(),
    )
    .unwrap()
}

/// An ID token signed with `der` (RS256, `kid` test-key-1) carrying `claims`.
fn id_token(der: &[u8], claims: &serde_json::Value) -> String {
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some("test-key-1".to_owned());
    jsonwebtoken::encode(&header, claims, &EncodingKey::from_rsa_der(der)).unwrap()
}

fn claims(now: SystemTime) -> serde_json::Value {
    serde_json::json!({
        "iss": ISSUER,
        "sub": "system:serviceaccount:default:app",
        "aud": CLIENT_ID,
        "iat": seconds(now) - 10,
        "nbf": seconds(now) - 10,
        "exp": seconds(now) + 600,
    })
}

/// `AssumeRoleWithOIDC` as the official credential providers send it: anonymous, the
/// common parameters `Action`, `Format`, `Version`, `Timestamp` and the operation's, in the
/// query; no `AccessKeyId`, no `Signature`.
fn anonymous_v2(params: &[(&str, &str)], now: SystemTime) -> http::Request<Bytes> {
    let timestamp = acs_signer::SigningTime::from_system_time(now)
        .unwrap()
        .to_string();
    let mut all = vec![
        ("Action", "AssumeRoleWithOIDC"),
        ("Format", "JSON"),
        ("Version", "2015-04-01"),
        ("Timestamp", timestamp.as_str()),
    ];
    all.extend_from_slice(params);
    let query: Vec<String> = all
        .iter()
        .map(|(n, v)| format!("{}={}", percent_encode(n), percent_encode(v)))
        .collect();
    http::Request::post(format!("http://127.0.0.1/?{}", query.join("&")))
        .body(Bytes::new())
        .unwrap()
}

/// The same in acs-client's V3 form: `x-acs-action`, `x-acs-version`, the operation's
/// parameters in a form body, no `Authorization`.
fn anonymous_v3(params: &[(&str, &str)]) -> http::Request<Bytes> {
    let body: Vec<String> = params
        .iter()
        .map(|(n, v)| format!("{}={}", percent_encode(n), percent_encode(v)))
        .collect();
    http::Request::post("http://127.0.0.1/?Format=json")
        .header("x-acs-action", "AssumeRoleWithOIDC")
        .header("x-acs-version", "2015-04-01")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Bytes::from(body.join("&")))
        .unwrap()
}

fn oidc(
    emulator: &Emulator,
    token: &str,
    role: &str,
    extra: &[(&str, &str)],
    now: SystemTime,
) -> http::Response<Vec<u8>> {
    let mut params = vec![
        ("OIDCProviderArn", PROVIDER),
        ("RoleArn", role),
        ("OIDCToken", token),
        ("RoleSessionName", "app"),
    ];
    params.extend_from_slice(extra);
    emulator.handle_at(anonymous_v2(&params, now), now)
}

#[test]
fn assume_role_with_oidc_exchanges_a_verified_token() {
    let emulator = builder().oidc_provider(provider()).build().unwrap();
    let now = start();
    let token = id_token(KEY_DER, &claims(now));
    let response = oidc(&emulator, &token, ROLE, &[("DurationSeconds", "900")], now);
    assert_eq!(response.status(), 200, "{}", json(&response));
    let body = json(&response);
    assert_eq!(body["Credentials"]["Expiration"], "2027-01-15T08:15:00Z");
    assert_eq!(
        body["AssumedRoleUser"]["Arn"],
        "acs:ram::1234567890123456:role/admin/app"
    );
    let info = &body["OIDCTokenInfo"];
    assert_eq!(info["Issuer"], ISSUER);
    assert_eq!(info["Subject"], "system:serviceaccount:default:app");
    assert_eq!(info["ClientIds"], CLIENT_ID);
    assert_eq!(info["ExpirationTime"], "2027-01-15T08:10:00Z");
    let credentials = temporary(&body);
    assert_eq!(
        list_directories(&emulator, &credentials, V3, now).status(),
        200
    );
    let identity = json(&sts(&emulator, &credentials, "GetCallerIdentity", &[], now));
    assert_eq!(
        identity["Arn"],
        "acs:ram::1234567890123456:assumed-role/admin/app"
    );

    // acs-client's V3 form, without a session name (one is generated), the audience a list.
    let mut listed = claims(now);
    listed["aud"] = serde_json::json!(["someone-else", CLIENT_ID]);
    let token = id_token(KEY_DER, &listed);
    let response = emulator.handle_at(
        anonymous_v3(&[
            ("OIDCProviderArn", PROVIDER),
            ("RoleArn", ROLE),
            ("OIDCToken", &token),
        ]),
        now,
    );
    assert_eq!(response.status(), 200, "{}", json(&response));
    let session = json(&response)["AssumedRoleUser"]["AssumedRoleId"]
        .as_str()
        .unwrap()
        .split_once(':')
        .unwrap()
        .1
        .to_owned();
    assert!(
        session.starts_with("oidc-") && session.len() == 17,
        "{session}"
    );

    // A provider configured with a PEM public key verifies the same token.
    let emulator = builder()
        .oidc_provider(
            OidcProvider::new(PROVIDER)
                .unwrap()
                .issuer(ISSUER)
                .client_id(CLIENT_ID)
                .rsa_public_key_pem(PUBLIC_PEM)
                .unwrap(),
        )
        .build()
        .unwrap();
    let token = id_token(KEY_DER, &claims(now));
    assert_eq!(oidc(&emulator, &token, ROLE, &[], now).status(), 200);
}

#[test]
fn every_oidc_refusal_has_its_code() {
    let emulator = builder().oidc_provider(provider()).build().unwrap();
    let now = start();
    let with = |name: &str, value: serde_json::Value| {
        let mut claims = claims(now);
        claims[name] = value;
        id_token(KEY_DER, &claims)
    };
    let without = |name: &str| {
        let mut claims = claims(now);
        claims.as_object_mut().unwrap().remove(name);
        id_token(KEY_DER, &claims)
    };
    let mut hs256 = Header::new(Algorithm::HS256);
    hs256.kid = Some("test-key-1".to_owned());
    let symmetric =
        jsonwebtoken::encode(&hs256, &claims(now), &EncodingKey::from_secret(b"k")).unwrap();
    let good = id_token(KEY_DER, &claims(now));
    let tampered = {
        let mut parts: Vec<String> = good.split('.').map(str::to_owned).collect();
        let mut forged = claims(now);
        forged["sub"] = "admin".into();
        parts[1] = base64::Engine::encode(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
            serde_json::to_vec(&forged).unwrap(),
        );
        parts.join(".")
    };
    let cases: Vec<(String, &str)> = vec![
        (
            "not.a.jwt".to_owned(),
            "AuthenticationFail.OIDCToken.Invalid",
        ),
        (
            id_token(OTHER_KEY_DER, &claims(now)),
            "AuthenticationFail.OIDCToken.Invalid",
        ),
        (tampered, "AuthenticationFail.OIDCToken.Invalid"),
        (symmetric, "AuthenticationFail.OIDCToken.Invalid"),
        (
            with("iss", "https://evil.example.com".into()),
            "AuthenticationFail.OIDCToken.IssuerMismatch",
        ),
        (
            without("iss"),
            "AuthenticationFail.OIDCToken.IssuerMismatch",
        ),
        (
            with("aud", "another-client".into()),
            "AuthenticationFail.OIDCToken.AudienceMismatch",
        ),
        (
            without("aud"),
            "AuthenticationFail.OIDCToken.AudienceMismatch",
        ),
        (
            with("exp", (seconds(now) - 1).into()),
            "AuthenticationFail.OIDCToken.Expired",
        ),
        (
            with("exp", seconds(now).into()),
            "AuthenticationFail.OIDCToken.Expired",
        ),
        (without("exp"), "AuthenticationFail.OIDCToken.Expired"),
        (
            with("nbf", (seconds(now) + 60).into()),
            "AuthenticationFail.OIDCToken.NotYetValid",
        ),
        (
            with("iat", (seconds(now) + 60).into()),
            "AuthenticationFail.OIDCToken.NotYetValid",
        ),
        ("abc".to_owned(), "InvalidParameter.OIDCToken"),
    ];
    for (token, expected) in &cases {
        let response = oidc(&emulator, token, ROLE, &[], now);
        assert_eq!(code(&response), *expected, "{}", json(&response));
        assert_eq!(response.status(), 400);
        // The token is never echoed.
        if token.len() > 8 {
            assert!(!String::from_utf8_lossy(response.body()).contains(token.as_str()));
        }
    }
    // The same good token passes, and later, when it has expired, does not.
    assert_eq!(oidc(&emulator, &good, ROLE, &[], now).status(), 200);
    let later = now + Duration::from_secs(600);
    assert_eq!(
        code(&oidc(&emulator, &good, ROLE, &[], later)),
        "AuthenticationFail.OIDCToken.Expired"
    );

    let response = oidc(&emulator, &good, OTHER_ROLE, &[], now);
    assert_eq!(code(&response), "NoPermission");
    assert_eq!(response.status(), 403);
    let response = oidc(&emulator, &good, "acs:ram::1:role/x", &[], now);
    assert_eq!(code(&response), "InvalidParameter.RoleArn");
    let mut params = vec![
        (
            "OIDCProviderArn",
            "acs:ram::1234567890123456:oidc-provider/unknown",
        ),
        ("RoleArn", ROLE),
        ("OIDCToken", good.as_str()),
    ];
    let response = emulator.handle_at(anonymous_v2(&params, now), now);
    assert_eq!(code(&response), "EntityNotExist.OIDCProvider");
    assert_eq!(response.status(), 404);
    params[0].1 = "acs:ram::1234567890123456:role/not-a-provider";
    let response = emulator.handle_at(anonymous_v2(&params, now), now);
    assert_eq!(code(&response), "InvalidParameter.OIDCProviderArn");
    params.pop();
    params[0].1 = PROVIDER;
    let response = emulator.handle_at(anonymous_v2(&params, now), now);
    assert_eq!(code(&response), "MissingOIDCToken");
    // Only AssumeRoleWithOIDC goes unsigned: an anonymous AssumeRole is refused.
    let response = emulator.handle_at(
        http::Request::post(
            "http://127.0.0.1/?Action=AssumeRole&Version=2015-04-01&Format=JSON&RoleArn=x",
        )
        .body(Bytes::new())
        .unwrap(),
        now,
    );
    assert_eq!(code(&response), "IncompleteSignature");
}

#[test]
fn oidc_roles_follow_the_configured_trust() {
    let emulator = builder()
        .oidc_provider(provider())
        .role(RamRole::new(ROLE).unwrap().trust(PROVIDER).unwrap())
        .role(
            "acs:ram::1234567890123456:role/keys-only=testid"
                .parse()
                .unwrap(),
        )
        .build()
        .unwrap();
    let now = start();
    let token = id_token(KEY_DER, &claims(now));
    assert_eq!(oidc(&emulator, &token, ROLE, &[], now).status(), 200);
    let response = oidc(
        &emulator,
        &token,
        "acs:ram::1234567890123456:role/keys-only",
        &[],
        now,
    );
    assert_eq!(code(&response), "NoPermission");
    let response = oidc(
        &emulator,
        &token,
        "acs:ram::1234567890123456:role/missing",
        &[],
        now,
    );
    assert_eq!(code(&response), "EntityNotExist.Role");
}

#[test]
fn incomplete_providers_are_refused_at_build() {
    let error = builder()
        .oidc_provider(OidcProvider::new(PROVIDER).unwrap().issuer(ISSUER))
        .build()
        .unwrap_err();
    assert!(error.to_string().contains("client ID"), "{error}");
}
