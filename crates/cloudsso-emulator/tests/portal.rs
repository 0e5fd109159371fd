//! The emulated user portal end to end, in-process with an injected clock: an admin sets a
//! directory up through the signed API; a "browser" (cookies kept, forms posted with their
//! CSRF token) signs in on the pages; the device flow and the listings are called as
//! `cloudsso login` and the aliyun CLI call them. Edge cases: expired and unknown device
//! codes, a code approved twice, polling too fast, a stolen token after the user is
//! disabled, wrong TOTP codes and replays, lockout, network masks, forced password change.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::net::IpAddr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use acs_protocol::{Credentials, Format, SigningAlgorithm};
use base64::Engine as _;
use bytes::Bytes;
use cloudsso_emulator::Emulator;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use support::*;

const MEMBER: &str = "1111111111111111";
const OTHER_MEMBER: &str = "2222222222222222";
const PASSWORD: &str = "Initial-Pass-1";
const CLIENT_ID: &str = "app-vaz16tltdxs96audqf35";

fn local() -> IpAddr {
    "127.0.0.1".parse().unwrap()
}

/// A fixed start time in the middle of a TOTP step.
fn start() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_800_000_010)
}

struct Fixture {
    emulator: Emulator,
    name: String,
    user: String,
    ac: String,
}

fn call(emulator: &Emulator, action: &str, params: &[(&str, &str)]) -> Value {
    let response = emulator.handle(signed(
        &Credentials::new("testid", "testsecret"),
        action,
        params,
        SigningAlgorithm::Acs3HmacSha256,
        Format::Json,
        SystemTime::now(),
    ));
    assert_eq!(
        response.status(),
        200,
        "{action}: {}",
        String::from_utf8_lossy(response.body())
    );
    json(&response)
}

const D: (&str, &str) = ("DirectoryId", DIRECTORY);

/// A directory with user `alice` (password set, reset required or not), in group `devs`,
/// which is granted access configuration `ReadOnly` (2 h) on [`MEMBER`]; MFA as `mfa`.
fn fixture(require_reset: bool, mfa: &str) -> Fixture {
    let emulator = Emulator::builder()
        .access_key("testid", "testsecret")
        .directory(DIRECTORY)
        .rate_limit(0)
        .global_rate_limit(0)
        .task_transition(cloudsso_emulator::TaskTransition::Immediate)
        .build()
        .unwrap();
    let name = call(&emulator, "GetDirectory", &[D])["Directory"]["DirectoryName"]
        .as_str()
        .unwrap()
        .to_owned();
    let user = call(&emulator, "CreateUser", &[D, ("UserName", "alice")])["User"]["UserId"]
        .as_str()
        .unwrap()
        .to_owned();
    call(
        &emulator,
        "ResetUserPassword",
        &[
            D,
            ("UserId", &user),
            ("Password", PASSWORD),
            (
                "RequirePasswordResetForNextLogin",
                if require_reset { "true" } else { "false" },
            ),
        ],
    );
    let group = call(&emulator, "CreateGroup", &[D, ("GroupName", "devs")])["Group"]["GroupId"]
        .as_str()
        .unwrap()
        .to_owned();
    call(
        &emulator,
        "AddUserToGroup",
        &[D, ("GroupId", &group), ("UserId", &user)],
    );
    let ac = call(
        &emulator,
        "CreateAccessConfiguration",
        &[
            D,
            ("AccessConfigurationName", "ReadOnly"),
            ("Description", "read only"),
            ("SessionDuration", "7200"),
        ],
    )["AccessConfiguration"]["AccessConfigurationId"]
        .as_str()
        .unwrap()
        .to_owned();
    call(
        &emulator,
        "CreateAccessAssignment",
        &[
            D,
            ("AccessConfigurationId", &ac),
            ("TargetType", "RD-Account"),
            ("TargetId", MEMBER),
            ("PrincipalType", "Group"),
            ("PrincipalId", &group),
        ],
    );
    call(
        &emulator,
        "SetLoginPreference",
        &[D, ("AllowUserToGetCredentials", "true")],
    );
    call(
        &emulator,
        "SetMFAAuthenticationStatus",
        &[D, ("MFAAuthenticationStatus", mfa)],
    );
    Fixture {
        emulator,
        name,
        user,
        ac,
    }
}

/// A JSON call of the portal API: status and body.
fn api(
    emulator: &Emulator,
    method: &str,
    path: &str,
    body: Option<Value>,
    token: Option<&str>,
    now: SystemTime,
) -> (u16, Value) {
    let mut request = http::Request::builder()
        .method(method)
        .uri(format!(
            "http://127.0.0.1:9/{}",
            path.trim_start_matches('/')
        ))
        .header("host", "127.0.0.1:9")
        .header("accept", "application/json")
        .header("content-type", "application/json");
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    let body = body
        .map(|b| serde_json::to_vec(&b).unwrap())
        .unwrap_or_default();
    let response =
        emulator.handle_portal_at(request.body(Bytes::from(body)).unwrap(), local(), now);
    let status = response.status().as_u16();
    let value = serde_json::from_slice(response.body()).unwrap_or(Value::Null);
    (status, value)
}

struct Device {
    device_code: String,
    user_code: String,
    verifier: String,
}

fn challenge(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

fn authorize(fixture: &Fixture, now: SystemTime) -> Device {
    let verifier = "v".repeat(20) + "0123456789abcdefghijklmnopqrst";
    let (status, body) = api(
        &fixture.emulator,
        "POST",
        "/device-authorization",
        Some(json!({
            "PortalUrl": format!("http://127.0.0.1:9/{}/login", fixture.name),
            "CodeChallenge": challenge(&verifier),
            "ClientId": CLIENT_ID,
            "CodeChallengeMethod": "S256",
        })),
        None,
        now,
    );
    assert_eq!(status, 200, "{body}");
    let user_code = body["UserCode"].as_str().unwrap().to_owned();
    assert_eq!(body["VerificationUri"], "http://127.0.0.1:9/device/code");
    assert_eq!(
        body["VerificationUriComplete"],
        format!("http://127.0.0.1:9/device/code?user_code={user_code}")
    );
    assert_eq!(body["Interval"], 1);
    assert_eq!(body["ExpiresIn"], 600);
    Device {
        device_code: body["DeviceCode"].as_str().unwrap().to_owned(),
        user_code,
        verifier,
    }
}

fn poll(fixture: &Fixture, device: &Device, now: SystemTime) -> (u16, Value) {
    api(
        &fixture.emulator,
        "POST",
        "/token",
        Some(json!({
            "CodeVerifier": device.verifier,
            "ClientId": CLIENT_ID,
            "DeviceCode": device.device_code,
            "GrantType": "urn:ietf:params:oauth:grant-type:device_code",
        })),
        None,
        now,
    )
}

/// A browser: keeps the session cookie, posts forms with the CSRF token of the last page.
struct Browser<'a> {
    emulator: &'a Emulator,
    cookie: Option<String>,
    page: String,
    peer: IpAddr,
}

impl<'a> Browser<'a> {
    fn new(emulator: &'a Emulator) -> Self {
        Self {
            emulator,
            cookie: None,
            page: String::new(),
            peer: local(),
        }
    }

    fn send(
        &mut self,
        request: http::request::Builder,
        body: String,
        now: SystemTime,
    ) -> (u16, String) {
        let mut request = request.header("host", "127.0.0.1:9");
        if let Some(cookie) = &self.cookie {
            request = request.header("cookie", cookie);
        }
        let response = self.emulator.handle_portal_at(
            request.body(Bytes::from(body)).unwrap(),
            self.peer,
            now,
        );
        if let Some(set) = response.headers().get("set-cookie") {
            let set = set.to_str().unwrap();
            assert!(
                set.contains("HttpOnly") && set.contains("SameSite=Strict"),
                "{set}"
            );
            self.cookie = Some(set.split(';').next().unwrap().to_owned());
        }
        let status = response.status().as_u16();
        if status == 303 {
            let location = response.headers()["location"].to_str().unwrap().to_owned();
            return self.get(&location, now);
        }
        self.page = String::from_utf8(response.into_body()).unwrap();
        (status, self.page.clone())
    }

    fn get(&mut self, path: &str, now: SystemTime) -> (u16, String) {
        self.send(
            http::Request::get(format!("http://127.0.0.1:9{path}")),
            String::new(),
            now,
        )
    }

    /// Posts `fields` (and the CSRF token of the page shown) to `path`, following a
    /// redirect.
    fn post(&mut self, path: &str, fields: &[(&str, &str)], now: SystemTime) -> (u16, String) {
        let csrf = between(&self.page, "name=\"csrf\" value=\"", "\"");
        let mut form = form_urlencoded::Serializer::new(String::new());
        form.append_pair("csrf", &csrf);
        for (k, v) in fields {
            form.append_pair(k, v);
        }
        self.send(
            http::Request::post(format!("http://127.0.0.1:9{path}"))
                .header("content-type", "application/x-www-form-urlencoded"),
            form.finish(),
            now,
        )
    }
}

fn between(text: &str, start: &str, end: &str) -> String {
    text.split(start)
        .nth(1)
        .and_then(|rest| rest.split(end).next())
        .unwrap_or_default()
        .to_owned()
}

fn totp_code(secret_base32: &str, now: SystemTime) -> String {
    let secret = totp_rs::Secret::Encoded(secret_base32.to_owned())
        .to_bytes()
        .unwrap();
    let totp = totp_rs::TOTP::new(totp_rs::Algorithm::SHA1, 6, 0, 30, secret).unwrap();
    totp.generate(now.duration_since(UNIX_EPOCH).unwrap().as_secs())
}

/// Signs `browser` in as alice with `password` (no MFA, no forced change expected).
fn sign_in(
    fixture: &Fixture,
    browser: &mut Browser<'_>,
    password: &str,
    now: SystemTime,
) -> (u16, String) {
    let login = format!("/{}/login", fixture.name);
    browser.get(&login, now);
    browser.post(
        &login,
        &[
            ("step", "password"),
            ("username", "alice"),
            ("password", password),
        ],
        now,
    )
}

#[test]
fn the_whole_story_password_change_mfa_binding_approval_and_credentials_refused_then_granted() {
    let fixture = fixture(true, "Enabled");
    let mut now = start();
    let device = authorize(&fixture, now);
    assert_eq!(
        poll(&fixture, &device, now).1["ErrorCode"],
        "AuthorizationPending"
    );

    let mut browser = Browser::new(&fixture.emulator);
    let (status, page) = browser.get(&format!("/device/code?user_code={}", device.user_code), now);
    assert_eq!(status, 200);
    assert!(
        page.contains(&format!("value=\"{}\"", device.user_code)),
        "{page}"
    );
    assert!(page.contains("<label for=\"user_code\">"));
    let (status, page) = browser.post(
        "/device/code",
        &[("step", "code"), ("user_code", &device.user_code)],
        now,
    );
    assert_eq!(status, 200);
    assert!(page.contains("<h1>Sign in</h1>"), "{page}");
    let login = format!("/{}/login", fixture.name);
    let (_, page) = browser.post(
        &login,
        &[
            ("step", "password"),
            ("username", "alice"),
            ("password", PASSWORD),
        ],
        now,
    );
    assert!(page.contains("<h1>Change your password</h1>"), "{page}");
    // The policy is checked.
    let (status, page) = browser.post(
        &login,
        &[
            ("step", "change-password"),
            ("new_password", "short"),
            ("confirm_password", "short"),
        ],
        now,
    );
    assert_eq!(status, 400);
    assert!(page.contains("password policy"), "{page}");
    // The same password again is refused.
    let (status, _) = browser.post(
        &login,
        &[
            ("step", "change-password"),
            ("new_password", PASSWORD),
            ("confirm_password", PASSWORD),
        ],
        now,
    );
    assert_eq!(status, 400);
    let (_, page) = browser.post(
        &login,
        &[
            ("step", "change-password"),
            ("new_password", "Changed-Pass-2"),
            ("confirm_password", "Changed-Pass-2"),
        ],
        now,
    );
    assert!(page.contains("<h1>Bind an MFA device</h1>"), "{page}");
    assert!(
        !page.contains("skip-mfa"),
        "binding is required under Enabled"
    );
    let secret = between(&page, "<code id=\"totp-secret\">", "</code>");
    let uri = between(&page, "<code id=\"totp-uri\">", "</code>");
    assert!(uri.starts_with("otpauth://totp/CloudSSO:alice%40"), "{uri}");
    assert!(uri.contains(&format!("secret={secret}")));
    // A wrong code is refused; the right one binds the device.
    let code = totp_code(&secret, now);
    let wrong = if code == "000000" { "000001" } else { "000000" };
    let (status, _) = browser.post(&login, &[("step", "bind-mfa"), ("code", wrong)], now);
    assert_eq!(status, 400);
    let (status, page) = browser.post(&login, &[("step", "bind-mfa"), ("code", &code)], now);
    assert_eq!(status, 200);
    assert!(page.contains("<h1>Approve sign-in</h1>"), "{page}");
    assert!(page.contains(&device.user_code));
    let devices = call(
        &fixture.emulator,
        "ListMFADevicesForUser",
        &[D, ("UserId", &fixture.user)],
    );
    assert_eq!(
        devices["MFADevices"].as_array().unwrap().len(),
        1,
        "{devices}"
    );
    assert_eq!(devices["MFADevices"][0]["DeviceType"], "TOTP");

    let (status, page) = browser.post("/device/code", &[("step", "approve")], now);
    assert_eq!(status, 200);
    assert!(page.contains("id=\"done\""), "{page}");

    now += Duration::from_secs(1);
    let (status, token) = poll(&fixture, &device, now);
    assert_eq!(status, 200, "{token}");
    assert_eq!(token["ExpiresIn"], 28800);
    let token = token["AccessToken"].as_str().unwrap().to_owned();
    // The device code is spent.
    now += Duration::from_secs(1);
    assert_eq!(
        poll(&fixture, &device, now).1["ErrorCode"],
        "InvalidDeviceCodeError"
    );

    let (status, accounts) = api(
        &fixture.emulator,
        "GET",
        "/access-assignments/accounts",
        None,
        Some(&token),
        now,
    );
    assert_eq!(status, 200);
    assert_eq!(
        accounts["Accounts"],
        json!([{"AccountId": MEMBER, "DisplayName": MEMBER}])
    );
    assert_eq!(accounts["IsTruncated"], false);
    let (status, configurations) = api(
        &fixture.emulator,
        "GET",
        &format!("/access-assignments/access-configurations?AccountId={MEMBER}"),
        None,
        Some(&token),
        now,
    );
    assert_eq!(status, 200);
    assert_eq!(
        configurations["AccessConfigurationsForAccount"],
        json!([{"AccessConfigurationId": fixture.ac, "AccessConfigurationName": "ReadOnly", "AccessConfigurationDescription": "read only"}])
    );
    // Another account: nothing granted, nothing listed, credentials refused.
    let (_, other) = api(
        &fixture.emulator,
        "GET",
        &format!("/access-assignments/access-configurations?AccountId={OTHER_MEMBER}"),
        None,
        Some(&token),
        now,
    );
    assert_eq!(other["AccessConfigurationsForAccount"], json!([]));
    let (status, refused) = api(
        &fixture.emulator,
        "POST",
        "/cloud-credentials",
        Some(json!({"AccountId": OTHER_MEMBER, "AccessConfigurationId": fixture.ac})),
        Some(&token),
        now,
    );
    assert_eq!(
        (status, refused["ErrorCode"].as_str()),
        (403, Some("NoPermission.AccessAssignment"))
    );
    assert!(refused["RequestId"].is_string());

    // AllowUserToGetCredentials gates /cloud-credentials.
    call(
        &fixture.emulator,
        "SetLoginPreference",
        &[D, ("AllowUserToGetCredentials", "false")],
    );
    let (status, refused) = api(
        &fixture.emulator,
        "POST",
        "/cloud-credentials",
        Some(json!({"AccountId": MEMBER, "AccessConfigurationId": fixture.ac})),
        Some(&token),
        now,
    );
    assert_eq!(
        (status, refused["ErrorCode"].as_str()),
        (403, Some("Forbidden.AllowUserToGetCredentials"))
    );

    // A later sign-in asks for a code; the code just used is refused (replay), the next
    // step's code is accepted.
    let mut second = Browser::new(&fixture.emulator);
    let (_, page) = sign_in(&fixture, &mut second, "Changed-Pass-2", now);
    assert!(page.contains("<h1>MFA verification</h1>"), "{page}");
    let (status, page) = second.post(&login, &[("step", "verify-mfa"), ("code", &code)], now);
    assert_eq!(status, 400);
    assert!(page.contains("already used"), "{page}");
    let later = now + Duration::from_secs(30);
    let (status, page) = second.post(
        &login,
        &[("step", "verify-mfa"), ("code", &totp_code(&secret, later))],
        later,
    );
    assert_eq!(status, 200);
    assert!(page.contains("id=\"signed-in\""), "{page}");
    assert!(page.contains("ReadOnly"));

    // DeleteMFADeviceForUser: the next sign-in binds again.
    let device_id = devices["MFADevices"][0]["DeviceId"]
        .as_str()
        .unwrap()
        .to_owned();
    call(
        &fixture.emulator,
        "DeleteMFADeviceForUser",
        &[D, ("UserId", &fixture.user), ("MFADeviceId", &device_id)],
    );
    let mut third = Browser::new(&fixture.emulator);
    let (_, page) = sign_in(&fixture, &mut third, "Changed-Pass-2", later);
    assert!(page.contains("<h1>Bind an MFA device</h1>"), "{page}");
}

/// Signs in without MFA and approves `device`; the access token.
fn approve(fixture: &Fixture, device: &Device, now: SystemTime) -> String {
    let mut browser = Browser::new(&fixture.emulator);
    browser.get(&format!("/device/code?user_code={}", device.user_code), now);
    browser.post(
        "/device/code",
        &[("step", "code"), ("user_code", &device.user_code)],
        now,
    );
    let login = format!("/{}/login", fixture.name);
    let (_, page) = browser.post(
        &login,
        &[
            ("step", "password"),
            ("username", "alice"),
            ("password", PASSWORD),
        ],
        now,
    );
    assert!(page.contains("Approve sign-in"), "{page}");
    let (_, page) = browser.post("/device/code", &[("step", "approve")], now);
    assert!(page.contains("id=\"done\""), "{page}");
    let (status, token) = poll(fixture, device, now + Duration::from_secs(2));
    assert_eq!(status, 200, "{token}");
    token["AccessToken"].as_str().unwrap().to_owned()
}

#[test]
fn a_stolen_token_stops_working_when_the_user_is_disabled() {
    let fixture = fixture(false, "Disabled");
    let now = start();
    let device = authorize(&fixture, now);
    let token = approve(&fixture, &device, now);
    let (status, _) = api(
        &fixture.emulator,
        "GET",
        "/access-assignments/accounts",
        None,
        Some(&token),
        now,
    );
    assert_eq!(status, 200);
    call(
        &fixture.emulator,
        "UpdateUserStatus",
        &[D, ("UserId", &fixture.user), ("NewStatus", "Disabled")],
    );
    let (status, body) = api(
        &fixture.emulator,
        "GET",
        "/access-assignments/accounts",
        None,
        Some(&token),
        now,
    );
    assert_eq!(
        (status, body["ErrorCode"].as_str()),
        (401, Some("InvalidAccessToken.UserDisabled"))
    );
    let (status, body) = api(
        &fixture.emulator,
        "POST",
        "/cloud-credentials",
        Some(json!({"AccountId": MEMBER, "AccessConfigurationId": fixture.ac})),
        Some(&token),
        now,
    );
    assert_eq!(
        (status, body["ErrorCode"].as_str()),
        (401, Some("InvalidAccessToken.UserDisabled"))
    );
    // A disabled user cannot sign in either (with the right password).
    let mut browser = Browser::new(&fixture.emulator);
    let (status, page) = sign_in(&fixture, &mut browser, PASSWORD, now);
    assert_eq!(status, 401);
    assert!(page.contains("disabled"), "{page}");
    // Tokens expire.
    call(
        &fixture.emulator,
        "UpdateUserStatus",
        &[D, ("UserId", &fixture.user), ("NewStatus", "Enabled")],
    );
    let late = now + cloudsso_emulator::ACCESS_TOKEN_LIFETIME + Duration::from_secs(10);
    let (status, body) = api(
        &fixture.emulator,
        "GET",
        "/access-assignments/accounts",
        None,
        Some(&token),
        late,
    );
    assert_eq!(status, 401);
    assert_eq!(body["ErrorCode"], "InvalidAccessToken.Expired");
    let (status, body) = api(
        &fixture.emulator,
        "GET",
        "/access-assignments/accounts",
        None,
        Some("made-up"),
        now,
    );
    assert_eq!(
        (status, body["ErrorCode"].as_str()),
        (401, Some("InvalidAccessToken"))
    );
    let (status, body) = api(
        &fixture.emulator,
        "GET",
        "/access-assignments/accounts",
        None,
        None,
        now,
    );
    assert_eq!(
        (status, body["ErrorCode"].as_str()),
        (401, Some("InvalidAccessToken"))
    );
}

#[test]
fn device_codes_expire_are_unknown_or_are_approved_once() {
    let fixture = fixture(false, "Disabled");
    let now = start();
    // Unknown.
    let unknown = Device {
        device_code: "nope".to_owned(),
        user_code: "BBBB-CCCC".to_owned(),
        verifier: "x".repeat(43),
    };
    assert_eq!(
        poll(&fixture, &unknown, now).1["ErrorCode"],
        "InvalidDeviceCodeError"
    );
    // Expired.
    let device = authorize(&fixture, now);
    let late = now + cloudsso_emulator::DEVICE_CODE_LIFETIME;
    let (status, body) = poll(&fixture, &device, late);
    assert_eq!(
        (status, body["ErrorCode"].as_str()),
        (400, Some("InvalidDeviceCodeError"))
    );
    // An expired user code cannot be entered on the page.
    let mut browser = Browser::new(&fixture.emulator);
    browser.get("/device/code", late);
    let (status, page) = browser.post(
        "/device/code",
        &[("step", "code"), ("user_code", &device.user_code)],
        late,
    );
    assert_eq!(status, 400);
    assert!(page.contains("unknown or has expired"), "{page}");

    // Approved twice: the second approval is refused.
    let device = authorize(&fixture, now);
    let mut first = Browser::new(&fixture.emulator);
    let mut second = Browser::new(&fixture.emulator);
    let login = format!("/{}/login", fixture.name);
    for browser in [&mut first, &mut second] {
        browser.get("/device/code", now);
        browser.post(
            "/device/code",
            &[("step", "code"), ("user_code", &device.user_code)],
            now,
        );
        let (_, page) = browser.post(
            &login,
            &[
                ("step", "password"),
                ("username", "alice"),
                ("password", PASSWORD),
            ],
            now,
        );
        assert!(page.contains("Approve sign-in"), "{page}");
    }
    let (status, _) = first.post("/device/code", &[("step", "approve")], now);
    assert_eq!(status, 200);
    let (status, page) = second.post("/device/code", &[("step", "approve")], now);
    assert_eq!(status, 409);
    assert!(page.contains("already approved"), "{page}");

    // A wrong PKCE verifier never gets the token.
    let stolen = Device {
        device_code: device.device_code.clone(),
        user_code: device.user_code.clone(),
        verifier: "w".repeat(43),
    };
    let (status, body) = poll(&fixture, &stolen, now + Duration::from_secs(5));
    assert_eq!(
        (status, body["ErrorCode"].as_str()),
        (400, Some("InvalidParameter.CodeVerifier"))
    );
    let (status, _) = poll(&fixture, &device, now + Duration::from_secs(10));
    assert_eq!(status, 200);

    // Denied.
    let device = authorize(&fixture, now);
    let mut browser = Browser::new(&fixture.emulator);
    browser.get("/device/code", now);
    browser.post(
        "/device/code",
        &[("step", "code"), ("user_code", &device.user_code)],
        now,
    );
    browser.post(
        &login,
        &[
            ("step", "password"),
            ("username", "alice"),
            ("password", PASSWORD),
        ],
        now,
    );
    browser.post("/device/code", &[("step", "deny")], now);
    assert_eq!(
        poll(&fixture, &device, now + Duration::from_secs(5)).1["ErrorCode"],
        "AccessDenied"
    );
}

#[test]
fn polling_faster_than_the_interval_slows_down() {
    let fixture = fixture(false, "Disabled");
    let now = start();
    let device = authorize(&fixture, now);
    assert_eq!(
        poll(&fixture, &device, now).1["ErrorCode"],
        "AuthorizationPending"
    );
    let (status, body) = poll(&fixture, &device, now + Duration::from_millis(300));
    assert_eq!(
        (status, body["ErrorCode"].as_str()),
        (400, Some("SlowDown"))
    );
    assert!(body["ErrorMessage"].as_str().unwrap().contains("Interval"));
    // At the interval after the last poll: answered again.
    let (_, body) = poll(&fixture, &device, now + Duration::from_millis(1300));
    assert_eq!(body["ErrorCode"], "AuthorizationPending");
}

#[test]
fn requests_are_checked_field_by_field() {
    let fixture = fixture(false, "Disabled");
    let now = start();
    let base = json!({
        "PortalUrl": format!("http://127.0.0.1:9/{}/login", fixture.name),
        "CodeChallenge": challenge("abc"),
        "ClientId": CLIENT_ID,
        "CodeChallengeMethod": "S256",
    });
    for (field, value, code) in [
        (
            "CodeChallengeMethod",
            json!("plain"),
            "InvalidParameter.CodeChallengeMethod",
        ),
        (
            "CodeChallenge",
            json!("short"),
            "InvalidParameter.CodeChallenge",
        ),
        ("ClientId", json!(""), "MissingParameter.ClientId"),
        (
            "PortalUrl",
            json!("no-scheme"),
            "InvalidParameter.PortalUrl",
        ),
        (
            "PortalUrl",
            json!("http://127.0.0.1:9/nobody/login"),
            "EntityNotExists.Directory",
        ),
    ] {
        let mut body = base.clone();
        body[field] = value;
        let (status, answer) = api(
            &fixture.emulator,
            "POST",
            "/device-authorization",
            Some(body),
            None,
            now,
        );
        assert_eq!(answer["ErrorCode"], code, "{field}: {answer}");
        assert!(status == 400 || status == 404);
        assert!(
            answer["ErrorMessage"].as_str().unwrap().contains(field)
                || code.starts_with("EntityNotExists")
        );
    }
    // AccountId is checked before the token (as the live service does).
    let (status, answer) = api(
        &fixture.emulator,
        "GET",
        "/access-assignments/access-configurations?AccountId=uid",
        None,
        Some("bogus"),
        now,
    );
    assert_eq!(
        (status, answer["ErrorCode"].as_str()),
        (400, Some("InvalidParameter.AccountId.InvalidChars"))
    );
    let (status, answer) = api(&fixture.emulator, "GET", "/token", None, None, now);
    assert_eq!(
        (status, answer["ErrorCode"].as_str()),
        (405, Some("MethodNotAllowed"))
    );
}

#[test]
fn lockout_network_masks_and_csrf() {
    let fixture = fixture(false, "Disabled");
    let now = start();
    call(
        &fixture.emulator,
        "SetPasswordPolicy",
        &[D, ("MaxLoginAttempts", "3")],
    );
    let mut browser = Browser::new(&fixture.emulator);
    for _ in 0..2 {
        let (status, page) = sign_in(&fixture, &mut browser, "Wrong-Pass-9", now);
        assert_eq!(status, 401);
        assert!(
            page.contains("user name or password is incorrect"),
            "{page}"
        );
    }
    let (_, page) = sign_in(&fixture, &mut browser, "Wrong-Pass-9", now);
    assert!(page.contains("locked out"), "{page}");
    // Locked even with the right password, until an hour has passed.
    let (_, page) = sign_in(
        &fixture,
        &mut browser,
        PASSWORD,
        now + Duration::from_secs(60),
    );
    assert!(page.contains("locked out"), "{page}");
    let (status, page) = sign_in(
        &fixture,
        &mut browser,
        PASSWORD,
        now + Duration::from_secs(3601),
    );
    assert_eq!(status, 200);
    assert!(page.contains("id=\"signed-in\""), "{page}");

    call(
        &fixture.emulator,
        "SetLoginPreference",
        &[D, ("LoginNetworkMasks", "10.0.0.0/8")],
    );
    let mut outside = Browser::new(&fixture.emulator);
    let (status, page) = sign_in(&fixture, &mut outside, PASSWORD, now);
    assert_eq!(status, 401);
    assert!(page.contains("outside the directory"), "{page}");
    let mut inside = Browser::new(&fixture.emulator);
    inside.peer = "10.1.2.3".parse().unwrap();
    let (status, _) = sign_in(&fixture, &mut inside, PASSWORD, now);
    assert_eq!(status, 200);

    // A form without the session's CSRF token is refused.
    let mut forged = Browser::new(&fixture.emulator);
    forged.get(&format!("/{}/login", fixture.name), now);
    forged.page = String::new();
    let (status, _) = forged.post(
        &format!("/{}/login", fixture.name),
        &[
            ("step", "password"),
            ("username", "alice"),
            ("password", PASSWORD),
        ],
        now,
    );
    assert_eq!(status, 403);
    // Unknown directory pages are 404.
    let (status, _) = forged.get("/nobody/login", now);
    assert_eq!(status, 404);
}

#[test]
fn wrong_mfa_codes_count_towards_the_lockout() {
    let fixture = fixture(false, "Enabled");
    let mut now = start();
    call(
        &fixture.emulator,
        "SetPasswordPolicy",
        &[D, ("MaxLoginAttempts", "3")],
    );
    let login = format!("/{}/login", fixture.name);
    // The first sign-in binds a device.
    let mut browser = Browser::new(&fixture.emulator);
    let (_, page) = sign_in(&fixture, &mut browser, PASSWORD, now);
    assert!(page.contains("<h1>Bind an MFA device</h1>"), "{page}");
    let secret = between(&page, "<code id=\"totp-secret\">", "</code>");
    let code = totp_code(&secret, now);
    let (status, _) = browser.post(&login, &[("step", "bind-mfa"), ("code", &code)], now);
    assert_eq!(status, 200);

    // A later sign-in: two wrong codes are refused as wrong, the third (after signing in
    // again) locks the user out, and then even the right code and the right password are
    // refused for an hour.
    now += Duration::from_secs(30);
    let mut second = Browser::new(&fixture.emulator);
    let (_, page) = sign_in(&fixture, &mut second, PASSWORD, now);
    assert!(page.contains("<h1>MFA verification</h1>"), "{page}");
    let right = totp_code(&secret, now);
    let wrong = if right == "000000" {
        "000001"
    } else {
        "000000"
    };
    for _ in 0..2 {
        let (status, page) = second.post(&login, &[("step", "verify-mfa"), ("code", wrong)], now);
        assert_eq!(status, 400);
        assert!(page.contains("MFA code is incorrect"), "{page}");
    }
    // Signing in again with the right password does not start the count again.
    let mut again = Browser::new(&fixture.emulator);
    let (_, page) = sign_in(&fixture, &mut again, PASSWORD, now);
    assert!(page.contains("<h1>MFA verification</h1>"), "{page}");
    let (_, page) = again.post(&login, &[("step", "verify-mfa"), ("code", wrong)], now);
    assert!(page.contains("locked out"), "{page}");
    let (_, page) = second.post(&login, &[("step", "verify-mfa"), ("code", &right)], now);
    assert!(page.contains("locked out"), "{page}");
    let mut third = Browser::new(&fixture.emulator);
    let (_, page) = sign_in(
        &fixture,
        &mut third,
        PASSWORD,
        now + Duration::from_secs(60),
    );
    assert!(page.contains("locked out"), "{page}");

    // An hour after the last wrong code, the right password and code sign in.
    let later = now + Duration::from_secs(3601);
    let mut fourth = Browser::new(&fixture.emulator);
    let (_, page) = sign_in(&fixture, &mut fourth, PASSWORD, later);
    assert!(page.contains("<h1>MFA verification</h1>"), "{page}");
    let (status, page) = fourth.post(
        &login,
        &[("step", "verify-mfa"), ("code", &totp_code(&secret, later))],
        later,
    );
    assert_eq!(status, 200);
    assert!(page.contains("id=\"signed-in\""), "{page}");
}

#[test]
fn only_risky_login_asks_for_mfa_at_an_unusual_address_and_autonomous_may_skip() {
    let fixture = fixture(false, "Disabled");
    let now = start();
    call(
        &fixture.emulator,
        "UpdateMFAAuthenticationSettings",
        &[
            D,
            ("MFAAuthenticationSettings", "OnlyRiskyLogin"),
            ("OperationForRiskLogin", "Autonomous"),
        ],
    );
    let mut browser = Browser::new(&fixture.emulator);
    let (_, page) = sign_in(&fixture, &mut browser, PASSWORD, now);
    assert!(
        page.contains("<h1>Bind an MFA device</h1>")
            && page.contains("skip-mfa")
            && page.contains("formnovalidate"),
        "{page}"
    );
    let (_, page) = browser.post(
        &format!("/{}/login", fixture.name),
        &[("step", "skip-mfa")],
        now,
    );
    assert!(page.contains("id=\"signed-in\""), "{page}");
    // The same address again: usual, no MFA.
    let mut again = Browser::new(&fixture.emulator);
    let (_, page) = sign_in(&fixture, &mut again, PASSWORD, now);
    assert!(page.contains("id=\"signed-in\""), "{page}");
    // Another address under EnforceVerify: binding required.
    call(
        &fixture.emulator,
        "UpdateMFAAuthenticationSettings",
        &[D, ("OperationForRiskLogin", "EnforceVerify")],
    );
    let mut elsewhere = Browser::new(&fixture.emulator);
    elsewhere.peer = "192.0.2.7".parse().unwrap();
    let (_, page) = sign_in(&fixture, &mut elsewhere, PASSWORD, now);
    assert!(
        page.contains("<h1>Bind an MFA device</h1>") && !page.contains("skip-mfa"),
        "{page}"
    );

    // Byuser: the user's own setting decides.
    call(
        &fixture.emulator,
        "UpdateMFAAuthenticationSettings",
        &[D, ("MFAAuthenticationSettings", "Byuser")],
    );
    call(
        &fixture.emulator,
        "UpdateUserMFAAuthenticationSettings",
        &[
            D,
            ("UserId", &fixture.user),
            ("UserMFAAuthenticationSettings", "Disabled"),
        ],
    );
    let mut byuser = Browser::new(&fixture.emulator);
    let (_, page) = sign_in(&fixture, &mut byuser, PASSWORD, now);
    assert!(page.contains("id=\"signed-in\""), "{page}");
    call(
        &fixture.emulator,
        "UpdateUserMFAAuthenticationSettings",
        &[
            D,
            ("UserId", &fixture.user),
            ("UserMFAAuthenticationSettings", "Enabled"),
        ],
    );
    let mut byuser = Browser::new(&fixture.emulator);
    let (_, page) = sign_in(&fixture, &mut byuser, PASSWORD, now);
    assert!(page.contains("<h1>Bind an MFA device</h1>"), "{page}");
}

#[test]
fn credentials_act_for_the_member_account_for_the_session_duration() {
    let fixture = fixture(false, "Disabled");
    let now = SystemTime::now();
    let device = authorize(&fixture, now);
    let token = approve(&fixture, &device, now);
    let (status, body) = api(
        &fixture.emulator,
        "POST",
        "/cloud-credentials",
        Some(json!({"AccountId": MEMBER, "AccessConfigurationId": fixture.ac})),
        Some(&token),
        now,
    );
    assert_eq!(status, 200, "{body}");
    let credential = &body["CloudCredential"];
    let id = credential["AccessKeyId"].as_str().unwrap();
    assert!(id.starts_with("STS."), "{id}");
    let expiration = credential["Expiration"].as_str().unwrap();
    // YYYY-MM-DDTHH:MM:SSZ, two hours (the access configuration's SessionDuration) on.
    let expected: Vec<String> = [7200, 7201]
        .iter()
        .map(|s| {
            acs_signer::SigningTime::from_system_time(now + Duration::from_secs(*s))
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(
        expected.contains(&expiration.to_owned()),
        "{expiration} {expected:?}"
    );
    let secret = credential["AccessKeySecret"].as_str().unwrap();
    let security_token = credential["SecurityToken"].as_str().unwrap();
    // The emulator accepts them, acting for the member account.
    let response = fixture.emulator.handle(signed(
        &Credentials::new(id, secret).with_security_token(security_token),
        "ListDirectories",
        &[],
        SigningAlgorithm::Acs3HmacSha256,
        Format::Json,
        SystemTime::now(),
    ));
    assert_eq!(
        response.status(),
        200,
        "{}",
        String::from_utf8_lossy(response.body())
    );
    // Without the token they are refused.
    let response = fixture.emulator.handle(signed(
        &Credentials::new(id, secret),
        "ListDirectories",
        &[],
        SigningAlgorithm::Acs3HmacSha256,
        Format::Json,
        SystemTime::now(),
    ));
    assert_eq!(response.status(), 400);
    assert_eq!(code_of(&response), "MissingSecurityToken");
    // After DeleteAccessAssignment, fresh credentials are refused.
    let group = call(&fixture.emulator, "ListGroups", &[D])["Groups"][0]["GroupId"]
        .as_str()
        .unwrap()
        .to_owned();
    call(
        &fixture.emulator,
        "DeleteAccessAssignment",
        &[
            D,
            ("AccessConfigurationId", &fixture.ac),
            ("TargetType", "RD-Account"),
            ("TargetId", MEMBER),
            ("PrincipalType", "Group"),
            ("PrincipalId", &group),
        ],
    );
    let (status, body) = api(
        &fixture.emulator,
        "POST",
        "/cloud-credentials",
        Some(json!({"AccountId": MEMBER, "AccessConfigurationId": fixture.ac})),
        Some(&token),
        now,
    );
    assert_eq!(
        (status, body["ErrorCode"].as_str()),
        (403, Some("NoPermission.AccessAssignment"))
    );
}

mod never_panics {
    use proptest::prelude::*;

    use super::*;

    const PATHS: &[(&str, &str)] = &[
        ("POST", "/device-authorization"),
        ("POST", "/token"),
        ("GET", "/access-assignments/accounts"),
        ("GET", "/access-assignments/access-configurations"),
        ("POST", "/cloud-credentials"),
        ("POST", "/device/code"),
        ("GET", "/device/code"),
        ("POST", "/x/login"),
        ("GET", "/%ZZ/login"),
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Any body, query, token and cookie: an answer below 500; the JSON API's refusals
        /// are the documented envelope naming a code.
        #[test]
        fn any_input_gets_a_refusal_not_a_crash(
            which in 0..PATHS.len(),
            body in proptest::collection::vec(any::<u8>(), 0..256),
            query in "[ -~]{0,40}",
            token in proptest::option::of("[ -~]{0,40}"),
            cookie in proptest::option::of("[ -~]{0,60}"),
        ) {
            let emulator = Emulator::builder().access_key("testid", "testsecret").build().unwrap();
            let (method, path) = PATHS[which];
            let query = form_urlencoded::byte_serialize(query.as_bytes()).collect::<String>();
            let mut request = http::Request::builder()
                .method(method)
                .uri(format!("http://127.0.0.1:9{path}?AccountId={query}&user_code={query}"));
            if let Some(token) = token.filter(|t| http::HeaderValue::from_str(t).is_ok()) {
                request = request.header("authorization", format!("Bearer {token}"));
            }
            if let Some(cookie) = cookie.filter(|c| http::HeaderValue::from_str(c).is_ok()) {
                request = request.header("cookie", cookie);
            }
            let response = emulator.handle_portal_at(
                request.body(Bytes::from(body)).unwrap(),
                local(),
                start(),
            );
            prop_assert!(response.status().as_u16() < 500, "{}", response.status());
            if !path.ends_with("login") && !path.starts_with("/device/") {
                let value: Value = serde_json::from_slice(response.body()).unwrap();
                prop_assert!(value["ErrorCode"].as_str().is_some_and(|c| !c.is_empty()), "{value}");
                prop_assert!(value["RequestId"].is_string());
            }
        }
    }
}

#[test]
fn a_password_older_than_max_password_age_must_be_changed() {
    let fixture = fixture(false, "Disabled");
    call(
        &fixture.emulator,
        "SetPasswordPolicy",
        &[D, ("MaxPasswordAge", "30")],
    );
    let now = SystemTime::now();
    let mut browser = Browser::new(&fixture.emulator);
    let (_, page) = sign_in(
        &fixture,
        &mut browser,
        PASSWORD,
        now + Duration::from_secs(29 * 86_400),
    );
    assert!(page.contains("id=\"signed-in\""), "{page}");
    let mut later = Browser::new(&fixture.emulator);
    let (_, page) = sign_in(
        &fixture,
        &mut later,
        PASSWORD,
        now + Duration::from_secs(31 * 86_400),
    );
    assert!(page.contains("<h1>Change your password</h1>"), "{page}");
}

#[test]
fn an_admin_reset_signs_everyone_out() {
    let fixture = fixture(false, "Disabled");
    let now = start();
    let device = authorize(&fixture, now);
    let token = approve(&fixture, &device, now);
    let (status, _) = api(
        &fixture.emulator,
        "GET",
        "/access-assignments/accounts",
        None,
        Some(&token),
        now,
    );
    assert_eq!(status, 200);
    fixture.emulator.reset().unwrap();
    let (status, body) = api(
        &fixture.emulator,
        "GET",
        "/access-assignments/accounts",
        None,
        Some(&token),
        now,
    );
    assert_eq!(
        (status, body["ErrorCode"].as_str()),
        (401, Some("InvalidAccessToken"))
    );
}

#[test]
fn an_access_token_survives_a_restart_with_a_state_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.db");
    let build = || {
        Emulator::builder()
            .access_key("testid", "testsecret")
            .directory(DIRECTORY)
            .rate_limit(0)
            .global_rate_limit(0)
            .state_file(&path)
            .build()
            .unwrap()
    };
    let first = build();
    let name = call(&first, "GetDirectory", &[D])["Directory"]["DirectoryName"]
        .as_str()
        .unwrap()
        .to_owned();
    let user = call(&first, "CreateUser", &[D, ("UserName", "alice")])["User"]["UserId"]
        .as_str()
        .unwrap()
        .to_owned();
    call(
        &first,
        "ResetUserPassword",
        &[D, ("UserId", &user), ("Password", PASSWORD)],
    );
    call(
        &first,
        "SetMFAAuthenticationStatus",
        &[D, ("MFAAuthenticationStatus", "Disabled")],
    );
    let fixture = Fixture {
        emulator: first,
        name,
        user,
        ac: String::new(),
    };
    let now = start();
    let device = authorize(&fixture, now);
    let token = approve(&fixture, &device, now);
    drop(fixture);
    // Only the token's SHA-256 is in the database.
    let rows = sqlite_rows(&path, "portal_access_tokens");
    assert_eq!(rows.len(), 1);
    assert!(!rows[0].1.contains(&token) && !rows[0].2.to_string().contains(&token));
    let second = build();
    let (status, body) = api(
        &second,
        "GET",
        "/access-assignments/accounts",
        None,
        Some(&token),
        now,
    );
    assert_eq!(status, 200, "{body}");
}
