//! `cloudsso login` against the emulated user portal of `cloudsso serve`, end to end: an
//! admin (`cloudsso call`) creates a user with a password that must be changed, a group,
//! an access configuration and an assignment, and enables MFA; `cloudsso login` starts; the
//! browser step is plain HTTP form posts (cookies kept, CSRF tokens sent back): sign in,
//! change the password, bind a TOTP device (the test computes the codes), enter the user
//! code and approve; the login completes and saves the profile; `cloudsso call` with that
//! profile succeeds; after `DeleteAccessAssignment`, fresh credentials are refused.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use assert_cmd::cargo::CommandCargoExt as _;
use common::{Server, cloudsso, run, serve};
use serde_json::Value;

const MEMBER: &str = "1111111111111111";
const DIRECTORY: &str = "d-00fc2p61****";

/// `cloudsso call ACTION` against the server with the test key: the JSON answer.
fn call(home: &Path, server: &Server, action: &str, params: &[(&str, &str)]) -> Value {
    let endpoint = server.endpoint.clone();
    let mut command = cloudsso(home);
    command.args(["call", action, "--endpoint", &endpoint]);
    for (name, value) in params {
        command.arg(format!("--{name}")).arg(value);
    }
    let (code, stdout, stderr) = run(&mut command);
    assert_eq!(code, 0, "{action}: {stderr}");
    serde_json::from_str(&stdout).unwrap()
}

/// One HTTP/1.1 exchange over a fresh connection: status, headers (lower-case names) and
/// body.
fn exchange(
    address: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, Vec<(String, String)>, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8(raw).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(": "))
        .map(|(k, v)| (k.to_ascii_lowercase(), v.to_owned()))
        .collect();
    (status, headers, body.to_owned())
}

/// A browser without JavaScript: the session cookie, the last page, redirects followed.
struct Browser {
    address: String,
    cookie: Option<String>,
    page: String,
}

impl Browser {
    fn request(&mut self, method: &str, path: &str, form: &str) -> (u16, String) {
        let mut headers = vec![("Content-Type", "application/x-www-form-urlencoded")];
        let cookie = self.cookie.clone();
        if let Some(cookie) = &cookie {
            headers.push(("Cookie", cookie.as_str()));
        }
        let (status, response_headers, body) =
            exchange(&self.address, method, path, &headers, form);
        for (name, value) in &response_headers {
            if name == "set-cookie" {
                assert!(value.contains("HttpOnly") && value.contains("SameSite=Strict"));
                self.cookie = Some(value.split(';').next().unwrap().to_owned());
            }
        }
        if status == 303 {
            let location = response_headers
                .iter()
                .find(|(k, _)| k == "location")
                .map(|(_, v)| v.clone())
                .unwrap();
            return self.request("GET", &location, "");
        }
        self.page = body;
        (status, self.page.clone())
    }

    fn get(&mut self, path: &str) -> (u16, String) {
        self.request("GET", path, "")
    }

    fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
        let csrf = between(&self.page, "name=\"csrf\" value=\"", "\"");
        let mut form = form_urlencoded::Serializer::new(String::new());
        form.append_pair("csrf", &csrf);
        for (k, v) in fields {
            form.append_pair(k, v);
        }
        self.request("POST", path, &form.finish())
    }
}

fn between(text: &str, start: &str, end: &str) -> String {
    text.split(start)
        .nth(1)
        .and_then(|rest| rest.split(end).next())
        .unwrap_or_default()
        .to_owned()
}

fn totp_code(secret: &str, at: SystemTime) -> String {
    let bytes = totp_rs::Secret::Encoded(secret.to_owned())
        .to_bytes()
        .unwrap();
    let totp = totp_rs::TOTP::new(totp_rs::Algorithm::SHA1, 6, 0, 30, bytes).unwrap();
    totp.generate(at.duration_since(UNIX_EPOCH).unwrap().as_secs())
}

#[test]
fn login_against_the_emulated_portal_with_password_change_and_mfa() {
    let home = tempfile::tempdir().unwrap();
    let server = serve(home.path(), &["--task-transition", "immediate"]);
    let home = home.path();
    let d = ("DirectoryId", DIRECTORY);
    let name = call(home, &server, "GetDirectory", &[d])["Directory"]["DirectoryName"]
        .as_str()
        .unwrap()
        .to_owned();
    let user = call(home, &server, "CreateUser", &[d, ("UserName", "alice")])["User"]["UserId"]
        .as_str()
        .unwrap()
        .to_owned();
    call(
        home,
        &server,
        "ResetUserPassword",
        &[
            d,
            ("UserId", &user),
            ("Password", "Initial-Pass-1"),
            ("RequirePasswordResetForNextLogin", "true"),
        ],
    );
    let group = call(home, &server, "CreateGroup", &[d, ("GroupName", "devs")])["Group"]["GroupId"]
        .as_str()
        .unwrap()
        .to_owned();
    call(
        home,
        &server,
        "AddUserToGroup",
        &[d, ("GroupId", &group), ("UserId", &user)],
    );
    let ac = call(
        home,
        &server,
        "CreateAccessConfiguration",
        &[d, ("AccessConfigurationName", "ReadOnly")],
    )["AccessConfiguration"]["AccessConfigurationId"]
        .as_str()
        .unwrap()
        .to_owned();
    let assignment = [
        d,
        ("AccessConfigurationId", ac.as_str()),
        ("TargetType", "RD-Account"),
        ("TargetId", MEMBER),
        ("PrincipalType", "Group"),
        ("PrincipalId", group.as_str()),
    ];
    call(home, &server, "CreateAccessAssignment", &assignment);
    call(
        home,
        &server,
        "SetLoginPreference",
        &[d, ("AllowUserToGetCredentials", "true")],
    );
    call(
        home,
        &server,
        "SetMFAAuthenticationStatus",
        &[d, ("MFAAuthenticationStatus", "Enabled")],
    );

    let sign_in_url = format!("{}/{name}/login", server.endpoint);
    let mut login = Command::cargo_bin("cloudsso")
        .unwrap()
        .args([
            "login",
            "--profile",
            "sso",
            "--sign-in-url",
            &sign_in_url,
            "--no-browser",
        ])
        .env_clear()
        .env("HOME", home)
        .env("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(login.stdout.take().unwrap());
    let mut printed = String::new();
    let user_code = loop {
        let mut line = String::new();
        assert!(
            stdout.read_line(&mut line).unwrap() > 0,
            "login ended: {printed}"
        );
        printed.push_str(&line);
        if let Some(code) = line.trim().strip_prefix("User code: ") {
            break code.to_owned();
        }
    };
    assert!(printed.contains(&format!(
        "SignIn url: http://{}/device/code",
        server.address()
    )));

    let mut browser = Browser {
        address: server.address().to_owned(),
        cookie: None,
        page: String::new(),
    };
    let (status, _) = browser.get(&format!("/device/code?user_code={user_code}"));
    assert_eq!(status, 200);
    let (_, page) = browser.post(
        "/device/code",
        &[("step", "code"), ("user_code", &user_code)],
    );
    assert!(page.contains("<h1>Sign in</h1>"), "{page}");
    let here = format!("/{name}/login");
    let (_, page) = browser.post(
        &here,
        &[
            ("step", "password"),
            ("username", "alice"),
            ("password", "Initial-Pass-1"),
        ],
    );
    assert!(page.contains("<h1>Change your password</h1>"), "{page}");
    let (_, page) = browser.post(
        &here,
        &[
            ("step", "change-password"),
            ("new_password", "Changed-Pass-2"),
            ("confirm_password", "Changed-Pass-2"),
        ],
    );
    assert!(page.contains("<h1>Bind an MFA device</h1>"), "{page}");
    let secret = between(&page, "<code id=\"totp-secret\">", "</code>");
    let code = totp_code(&secret, SystemTime::now());
    let (_, page) = browser.post(&here, &[("step", "bind-mfa"), ("code", &code)]);
    assert!(page.contains("<h1>Approve sign-in</h1>"), "{page}");
    let (_, page) = browser.post("/device/code", &[("step", "approve")]);
    assert!(page.contains("id=\"done\""), "{page}");

    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    let status = login.wait().unwrap();
    let mut stderr = String::new();
    login
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(status.success(), "{printed}{rest}{stderr}");
    assert!(rest.contains("You have successfully logged in."), "{rest}");
    let devices = call(
        home,
        &server,
        "ListMFADevicesForUser",
        &[d, ("UserId", &user)],
    );
    assert_eq!(devices["MFADevices"].as_array().unwrap().len(), 1);

    let config: Value =
        serde_json::from_slice(&std::fs::read(home.join(".aliyun/config.json")).unwrap()).unwrap();
    let profile = config["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "sso")
        .unwrap()
        .clone();
    assert_eq!(profile["mode"], "CloudSSO");
    assert_eq!(profile["cloud_sso_sign_in_url"], sign_in_url.as_str());
    assert_eq!(profile["cloud_sso_account_id"], MEMBER);
    assert_eq!(profile["cloud_sso_access_config"], ac.as_str());
    let token = profile["access_token"].as_str().unwrap().to_owned();
    assert!(!format!("{printed}{rest}{stderr}").contains(&token));

    // The profile's credentials call the emulator, acting for the member account.
    let endpoint = server.endpoint.clone();
    let (code, stdout, stderr) = run(cloudsso(home)
        .env_remove("ALIBABA_CLOUD_ACCESS_KEY_ID")
        .env_remove("ALIBABA_CLOUD_ACCESS_KEY_SECRET")
        .args([
            "call",
            "ListDirectories",
            "--endpoint",
            &endpoint,
            "--profile",
            "sso",
        ]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("RequestId"), "{stdout}");

    // After DeleteAccessAssignment, fresh credentials are refused.
    call(home, &server, "DeleteAccessAssignment", &assignment);
    let body = format!("{{\"AccountId\":\"{MEMBER}\",\"AccessConfigurationId\":\"{ac}\"}}");
    let bearer = format!("Bearer {token}");
    let (status, _, answer) = exchange(
        server.address(),
        "POST",
        "/cloud-credentials",
        &[
            ("Content-Type", "application/json"),
            ("Authorization", &bearer),
        ],
        &body,
    );
    assert_eq!(status, 403, "{answer}");
    assert!(answer.contains("NoPermission.AccessAssignment"), "{answer}");
}
