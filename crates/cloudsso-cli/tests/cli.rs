//! The `cloudsso` binary end to end: `serve` in a child process, `call` against it with both
//! signature versions and formats, `sign` against the published vectors, and usage errors
//! that exit 2 naming the flag.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use assert_cmd::cargo::CommandCargoExt as _;
use common::{cloudsso, run, serve};

#[test]
fn call_round_trips_with_both_signature_versions_and_formats() {
    let home = tempfile::tempdir().unwrap();
    let state = home.path().join("state.db");
    let server = serve(home.path(), &["--state", state.to_str().unwrap()]);
    for (version, format, status) in [
        ("v3", "json", "Enabled"),
        ("v3", "xml", "Disabled"),
        ("v2", "json", "Enabled"),
        ("v2", "xml", "Disabled"),
    ] {
        let (code, stdout, stderr) = run(cloudsso(home.path()).args([
            "call",
            "SetMFAAuthenticationStatus",
            "--endpoint",
            &server.endpoint,
            "--signature-version",
            version,
            "--format",
            format,
            "--DirectoryId",
            "d-00fc2p61****",
            "--MFAAuthenticationStatus",
            status,
        ]));
        assert_eq!(code, 0, "{version} {format}: {stderr}");
        let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(value["RequestId"].as_str().unwrap().len(), 36);

        let (code, stdout, stderr) = run(cloudsso(home.path()).args([
            "call",
            "GetMFAAuthenticationSettingInfo",
            "--endpoint",
            &server.endpoint,
            "--signature-version",
            version,
            "--format",
            format,
            "--DirectoryId=d-00fc2p61****",
        ]));
        assert_eq!(code, 0, "{version} {format}: {stderr}");
        let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(
            value["MFAAuthenticationSettingInfo"]["MfaAuthenticationAdvanceSettings"], status,
            "{version} {format}"
        );
        // Committed to the database before the answer (read as the sqlite3 shell would).
        let database = rusqlite::Connection::open(&state).unwrap();
        let stored: String = database
            .query_row(
                "SELECT json_extract(body, '$.MfaAuthenticationAdvanceSettings') FROM \
                 directories WHERE key = 'd-00fc2p61****'",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(stored, status);
    }
}

#[test]
fn call_sends_a_json_text_parameter_to_the_emulator() {
    let home = tempfile::tempdir().unwrap();
    let server = serve(home.path(), &[]);
    for (version, format) in [("v3", "json"), ("v2", "xml")] {
        let (code, _, stderr) = run(cloudsso(home.path()).args([
            "call",
            "UpdateMFAAuthenticationSettings",
            "--endpoint",
            &server.endpoint,
            "--signature-version",
            version,
            "--format",
            format,
            "--DirectoryId",
            "d-00fc2p61****",
            "--MFAAuthenticationSettings",
            "Enabled",
            "--AllowedVerificationTypes",
            r#"["TOTP","WebAuthn"]"#,
        ]));
        assert_eq!(code, 0, "{version} {format}: {stderr}");
        let (code, stdout, stderr) = run(cloudsso(home.path()).args([
            "call",
            "GetMFAAuthenticationSettings",
            "--endpoint",
            &server.endpoint,
            "--DirectoryId",
            "d-00fc2p61****",
        ]));
        assert_eq!(code, 0, "{stderr}");
        assert!(
            stdout.contains(r#""MFAAuthenticationAdvanceSettings": "Enabled""#),
            "{stdout}"
        );
    }
}

#[test]
fn serve_takes_every_quota_statistics_report() {
    let home = tempfile::tempdir().unwrap();
    let server = serve(
        home.path(),
        &[
            "--user-quota",
            "7",
            "--group-quota",
            "6",
            "--access-configuration-quota",
            "5",
            "--system-policy-quota",
            "4",
            "--inline-policy-quota",
            "0",
            "--directory-quota",
            "2",
        ],
    );
    let (code, stdout, stderr) = run(cloudsso(home.path()).args([
        "call",
        "GetDirectoryStatistics",
        "--endpoint",
        &server.endpoint,
        "--DirectoryId",
        "d-00fc2p61****",
    ]));
    assert_eq!(code, 0, "{stderr}");
    for expected in [
        r#""UserQuota": 7"#,
        r#""GroupQuota": 6"#,
        r#""AccessConfigurationQuota": 5"#,
        r#""SystemPolicyPerAccessConfigurationQuota": 4"#,
        r#""InlinePolicyPerAccessConfigurationQuota": 0"#,
    ] {
        assert!(stdout.contains(expected), "{expected}: {stdout}");
    }
    // A second directory fits the raised directory quota; a third does not.
    let create = |name: &str| {
        run(cloudsso(home.path()).args([
            "call",
            "CreateDirectory",
            "--endpoint",
            &server.endpoint,
            "--DirectoryName",
            name,
        ]))
    };
    let (code, _, stderr) = create("second");
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = create("third");
    assert_eq!(code, 1);
    assert!(stderr.contains("QuotaExceeded.Directory"), "{stderr}");
}

#[test]
fn service_errors_exit_1_with_code_and_request_id() {
    let home = tempfile::tempdir().unwrap();
    let server = serve(home.path(), &[]);
    let (code, _, stderr) = run(cloudsso(home.path())
        .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "wrong")
        .args([
            "call",
            "GetMFAAuthenticationSettingInfo",
            "--endpoint",
            &server.endpoint,
        ])
        .args(["--DirectoryId", "d-00fc2p61****"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("SignatureDoesNotMatch"), "{stderr}");
    assert!(stderr.contains("RequestId: "), "{stderr}");
    assert!(!stderr.contains("wrong"), "{stderr}");

    let (code, _, stderr) = run(cloudsso(home.path())
        .args([
            "call",
            "GetMFAAuthenticationSettingInfo",
            "--endpoint",
            &server.endpoint,
        ])
        .args(["--DirectoryId", "d-unknown", "--signature-version", "v2"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("EntityNotExists.Directory"), "{stderr}");
}

#[test]
fn credentials_come_from_an_aliyun_profile() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join(".aliyun")).unwrap();
    std::fs::write(
        home.path().join(".aliyun/config.json"),
        r#"{"current": "emu", "profiles": [{"name": "emu", "mode": "AK", "access_key_id": "testid", "access_key_secret": "testsecret", "region_id": "cn-shanghai"}]}"#,
    )
    .unwrap();
    let server = serve(home.path(), &[]);
    let mut command = Command::cargo_bin("cloudsso").unwrap();
    command.env_clear().env("HOME", home.path());
    let (code, stdout, stderr) = run(command
        .args([
            "call",
            "GetMFAAuthenticationSettingInfo",
            "--endpoint",
            &server.endpoint,
        ])
        .args(["--DirectoryId", "d-00fc2p61****", "--profile", "emu"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("OnlyRiskyLogin"), "{stdout}");
}

#[test]
fn sign_reproduces_the_published_vectors() {
    let home = tempfile::tempdir().unwrap();
    // V3 worked example ("V3 request structure and signature").
    let (code, stdout, stderr) = run(cloudsso(home.path())
        .env("ALIBABA_CLOUD_ACCESS_KEY_ID", "YourAccessKeyId")
        .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "YourAccessKeySecret")
        .args(["sign", "RunInstances", "--api-version", "2014-05-26"])
        .args(["--endpoint", "ecs.cn-shanghai.aliyuncs.com"])
        .args([
            "--ImageId",
            "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd",
        ])
        .args([
            "--RegionId",
            "cn-shanghai",
            "--timestamp",
            "2023-10-26T10:22:32Z",
        ])
        .args([
            "--nonce",
            "3156853299f313e23d1673dc12e1703d",
            "--output",
            "json",
        ]));
    assert_eq!(code, 0, "{stderr}");
    let value: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(value["method"], "POST");
    let authorization = value["headers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h[0] == "authorization")
        .unwrap()[1]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        authorization.ends_with(
            "Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
        ),
        "{authorization}"
    );
    assert!(stdout.starts_with(
        r#"{"method": "POST", "url": "https://ecs.cn-shanghai.aliyuncs.com/?ImageId="#
    ));

    // V2 worked example ("RPC signature mechanism (V2)"), GET and POST.
    for (method, signature) in [
        ("GET", "OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D"),
        ("POST", "MxbnVAM4w6sft9xjVpe%2FGCKueuk%3D"),
    ] {
        let (code, stdout, stderr) = run(cloudsso(home.path())
            .env("ALIBABA_CLOUD_ACCESS_KEY_ID", "testid")
            .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "testsecret")
            .args(["sign", "DescribeRegions", "--api-version", "2014-05-26"])
            .args(["--endpoint", "ecs.aliyuncs.com", "--method", method])
            .args(["--signature-version", "v2", "--format", "xml"])
            .args(["--timestamp", "2016-02-23T12:46:24Z"])
            .args([
                "--nonce",
                "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
                "--output",
                "curl",
            ]));
        assert_eq!(code, 0, "{stderr}");
        assert!(
            stdout.contains(&format!("Signature={signature}")),
            "{method}: {stdout}"
        );
    }
}

#[test]
fn bad_flags_and_values_exit_2_naming_the_flag() {
    let home = tempfile::tempdir().unwrap();
    let corrupt = home.path().join("corrupt.json");
    std::fs::write(&corrupt, "{").unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "call",
                "GetMFAAuthenticationSettingInfo",
                "--format",
                "yaml",
            ],
            "--format",
        ),
        (
            &["call", "GetMFAAuthenticationSettingInfo", "--DirectoryId"],
            "--DirectoryId",
        ),
        (
            &["call", "GetMFAAuthenticationSettingInfo", "--Bogus", "x"],
            "--Bogus",
        ),
        (
            &["call", "GetMFAAuthenticationSettingInfo"],
            "--DirectoryId",
        ),
        (
            &["call", "DeleteEverything", "--DirectoryId", "d"],
            "ACTION",
        ),
        (
            // Read before any connection: the default https endpoint is not reached.
            &[
                "call",
                "GetMFAAuthenticationSettingInfo",
                "--DirectoryId",
                "d",
                "--ca-bundle",
                "/nonexistent/ca.pem",
            ],
            "--ca-bundle: cannot read `/nonexistent/ca.pem`",
        ),
        (
            &[
                "call",
                "GetMFAAuthenticationSettingInfo",
                "--DirectoryId",
                "d",
                "--endpoint",
                "ftp://x",
            ],
            "--endpoint",
        ),
        (
            &[
                "call",
                "GetMFAAuthenticationSettingInfo",
                "--DirectoryId",
                "d",
                "--region",
                "Not A Region",
            ],
            "--region",
        ),
        (
            &[
                "call",
                "GetMFAAuthenticationSettingInfo",
                "--DirectoryId",
                "d",
                "--signature-version",
                "v4",
            ],
            "--signature-version",
        ),
        (
            &[
                "sign",
                "GetMFAAuthenticationSettingInfo",
                "--DirectoryId",
                "d",
                "--timestamp",
                "yesterday",
            ],
            "--timestamp",
        ),
        (
            &[
                "sign",
                "GetMFAAuthenticationSettingInfo",
                "--DirectoryId",
                "d",
                "--output",
                "yaml",
            ],
            "--output",
        ),
        (
            &[
                "sign",
                "GetMFAAuthenticationSettingInfo",
                "--DirectoryId",
                "d",
                "--signature-version",
                "v2",
                "--signature-algorithm",
                "ACS3-HMAC-SM3",
            ],
            "--signature-algorithm",
        ),
        (
            &[
                "sign",
                "GetMFAAuthenticationSettingInfo",
                "--DirectoryId",
                "d",
                "--profile",
                "missing",
            ],
            "--profile",
        ),
        (
            &[
                "decode",
                "GetMFAAuthenticationSettingInfo",
                "--status",
                "42",
            ],
            "--status",
        ),
        (
            &["sign", "CreateUser", "--Tags.1.Colour", "red"],
            "--Tags.1.Colour: `Colour` is not a field of Tags.1; expected --Tags.1.Key, --Tags.1.Value",
        ),
        (
            &["sign", "CreateUser", "--Tags", "team"],
            "--Tags: Tags is a list of objects",
        ),
        (
            &[
                "sign",
                "CreateUser",
                "--Tags.1.Key",
                "a",
                "--Tags.3.Key",
                "b",
            ],
            "--Tags.3: list items are numbered 1, 2, 3, ... without gaps",
        ),
        (
            &["sign", "ListUsers", "--MaxResults", "ten"],
            "--MaxResults: parameter MaxResults is `ten`; expected an integer",
        ),
        (
            &[
                "sign",
                "CreateAccessConfiguration",
                "--DirectoryId",
                "d-1",
                "--AccessConfigurationName",
                "a",
                "--Tags.1.Key",
                "a",
                "--SessionDuration",
                "1h",
            ],
            "--SessionDuration",
        ),
        (
            &[
                "sign",
                "UpdateMFAAuthenticationSettings",
                "--AllowedVerificationTypes",
                "TOTP",
            ],
            "--AllowedVerificationTypes: `TOTP` is not JSON text",
        ),
        (
            &[
                "sign",
                "UpdateMFAAuthenticationSettings",
                "--AllowedVerificationTypes.1",
                "TOTP",
            ],
            "--AllowedVerificationTypes.1: AllowedVerificationTypes travels as one parameter holding JSON text",
        ),
        (
            &["sign", "GetUserId", "--ExternalId", r#"{"Id": 7}"#],
            "--ExternalId: `{\"Id\": 7}`: at ExternalId.Id, expected a JSON string",
        ),
        (&["schema", "NoSuchAction"], "ACTION"),
        (&["schema", "ListUsers", "--output", "yaml"], "--output"),
        (&["schema", "--DirectoryId", "d"], "--DirectoryId"),
        (&["serve", "--rate-limit", "-1"], "--rate-limit"),
        (&["serve", "--directory-quota", "1001"], "--directory-quota"),
        (&["serve", "--access-key", "no-colon-here"], "--access-key"),
        (&["serve", "--listen", "0.0.0.0:0"], "--listen"),
        (&["serve", "--listen", "not-an-address"], "--listen"),
        (
            &[
                "serve",
                "--listen",
                "127.0.0.1:0",
                "--state",
                corrupt.to_str().unwrap(),
            ],
            "--state",
        ),
        (&["frobnicate"], "frobnicate"),
    ];
    for (args, flag) in cases {
        let (code, _, stderr) = run(cloudsso(home.path()).args(*args));
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(
            stderr.contains(flag),
            "{args:?} should name {flag}: {stderr}"
        );
    }
    // The secret of --access-key is never echoed.
    let (_, _, stderr) = run(cloudsso(home.path()).args(["serve", "--access-key", "s3cr3tvalue"]));
    assert!(!stderr.contains("s3cr3tvalue"), "{stderr}");
}

#[test]
fn schema_shows_every_parameter_and_field_by_wire_name() {
    let home = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = run(cloudsso(home.path()).args(["schema", "CreateUser"]));
    assert_eq!(code, 0, "{stderr}");
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let rows = value["wire"]["parameters"].as_array().unwrap();
    let key = rows.iter().find(|r| r["name"] == "Tags.N.Key").unwrap();
    assert_eq!(key["flag"], "--Tags.N.Key VALUE");
    assert_eq!(
        (&key["type"], &key["location"], &key["style"]),
        (&"string".into(), &"query".into(), &"flat".into())
    );
    let status = rows.iter().find(|r| r["name"] == "Status").unwrap();
    assert_eq!(
        status["allowed_values"],
        serde_json::json!(["Enabled", "Disabled"])
    );
    let name = rows.iter().find(|r| r["name"] == "UserName").unwrap();
    assert_eq!(name["limits"]["max_length"], 64);
    assert!(value["request"].is_object() && value["response"].is_object());
    // The Go SDK's summary and examples; required with evidence (service.md §7: ✓ and R).
    assert_eq!(value["description"]["summary"], "Creates a user.");
    assert_eq!(name["required"], true);
    assert_eq!(name["examples"], serde_json::json!(["Alice"]));
    assert_eq!(
        value["request"]["properties"]["UserName"]["examples"],
        serde_json::json!(["Alice"])
    );
    assert_eq!(
        value["request"]["required"],
        serde_json::json!(["DirectoryId", "UserName"])
    );
    let fields = value["wire"]["response"].as_array().unwrap();
    let created = fields
        .iter()
        .find(|r| r["name"] == "User.CreateTime")
        .unwrap();
    assert_eq!(
        created["examples"],
        serde_json::json!(["2021-10-26T03:03:42Z"])
    );
    let (code, stdout, stderr) =
        run(cloudsso(home.path()).args(["schema", "CreateUser", "--output", "text"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("\n  Creates a user.\n"), "{stdout}");
    let line = stdout
        .lines()
        .find(|l| l.trim_start().starts_with("--DirectoryId VALUE"))
        .unwrap();
    assert!(
        line.contains("string, query, flat, required, e.g. d-00fc2p61**** -- The directory ID."),
        "{line}"
    );

    let (code, stdout, stderr) =
        run(cloudsso(home.path()).args(["schema", "GetUserId", "--output", "text"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains(r#"--ExternalId '{"Id":"...","Issuer":"..."}'  object, query, json"#),
        "{stdout}"
    );
    assert!(stdout.contains("ExternalId.Issuer:"), "{stdout}");

    let (code, stdout, stderr) = run(cloudsso(home.path()).args(["schema"]));
    assert_eq!(code, 0, "{stderr}");
    let all: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(all.as_array().unwrap().len(), 87);
    assert!(
        all.as_array()
            .unwrap()
            .iter()
            .all(|op| op["wire"]["response"].is_array())
    );
}

/// A parameter that travels as JSON text goes as one parameter holding it.
#[test]
fn sign_sends_a_json_text_parameter_as_one_parameter() {
    let home = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = run(cloudsso(home.path()).args([
        "sign",
        "UpdateMFAAuthenticationSettings",
        "--DirectoryId",
        "d-00fc2p61****",
        "--AllowedVerificationTypes",
        r#"["TOTP", "WebAuthn"]"#,
        "--output",
        "json",
    ]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout
            .contains("/?AllowedVerificationTypes=%5B%22TOTP%22%2C%22WebAuthn%22%5D&DirectoryId="),
        "{stdout}"
    );
}

#[test]
fn decode_exits_by_what_the_body_is() {
    let home = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/operations/SetMFAAuthenticationStatus/sample-response.xml");
    let (code, stdout, stderr) = run(cloudsso(home.path())
        .args(["decode", "SetMFAAuthenticationStatus"])
        .stdin(std::fs::File::open(fixture).unwrap()));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("14E2B1A9-7713-5E6F-8409-8DE12DF51AF4"),
        "{stdout}"
    );

    let mut child = cloudsso(home.path())
        .args([
            "decode",
            "GetMFAAuthenticationSettingInfo",
            "--status",
            "400",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write as _;
        let mut stdin = child.stdin.take().unwrap();
        stdin
            .write_all(br#"{"RequestId":"R","HostId":"H","Code":"Throttling.User","Message":"Request was denied due to user flow control."}"#)
            .unwrap();
    }
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["Code"], "Throttling.User");

    let (code, _, stderr) = run(cloudsso(home.path())
        .args([
            "decode",
            "GetMFAAuthenticationSettingInfo",
            "--format",
            "json",
        ])
        .stdin(Stdio::null()));
    assert_eq!(code, 2, "{stderr}");
}

#[test]
fn serve_stops_cleanly_on_sigterm() {
    let home = tempfile::tempdir().unwrap();
    let mut server = serve(home.path(), &[]);
    let pid = server.child.id().to_string();
    let status = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(status.success());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            assert!(status.success(), "{status:?}");
            break;
        }
        assert!(std::time::Instant::now() < deadline, "serve did not stop");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn help_has_examples() {
    let home = tempfile::tempdir().unwrap();
    for command in ["call", "sign", "decode", "schema", "serve", "demo"] {
        let (code, stdout, _) = run(cloudsso(home.path()).args([command, "--help"]));
        assert_eq!(code, 0);
        assert!(stdout.contains("Examples:"), "{command}: {stdout}");
    }
}

#[test]
fn demo_passes() {
    let home = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = run(cloudsso(home.path()).args(["demo", "--quiet"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(stdout.contains("summary: 13 passed, 0 failed"), "{stdout}");
}

/// `sign --output json` gives the signature of every golden case of `fixtures/signer/` that
/// sends its parameters in the query (the cases with a form body or with parameters outside
/// the operation's description are the signer's own business).
#[test]
fn sign_reproduces_the_golden_signer_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/signer");
    let read = |case: &Path, file: &str| {
        let text = std::fs::read_to_string(case.join(file)).unwrap();
        text.strip_suffix('\n').unwrap_or(&text).to_owned()
    };
    let mut names: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    names.sort();
    let mut checked = Vec::new();
    let home = tempfile::tempdir().unwrap();
    for case in names {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let context: serde_json::Value =
            serde_json::from_str(&read(&case, "context.json")).unwrap();
        if context["mode"] != "sign"
            || name.ends_with("special-characters")
            || name.contains("form-body")
        {
            continue;
        }
        let request = read(&case, "request.txt");
        let mut lines = request.lines();
        let mut first = lines.next().unwrap().split(' ');
        let (method, target) = (first.next().unwrap(), first.next().unwrap());
        let host = lines
            .find_map(|l| l.strip_prefix("host:"))
            .unwrap()
            .to_owned();
        let secret = match context["access_key_secret"].as_str().unwrap() {
            file if file.starts_with("file:") => read(&case, &file["file:".len()..]),
            secret => secret.to_owned(),
        };
        let action = context["action"].as_str().unwrap();
        let algorithm = context["algorithm"].as_str().unwrap();
        let mut command = cloudsso(home.path());
        command
            .env(
                "ALIBABA_CLOUD_ACCESS_KEY_ID",
                context["access_key_id"].as_str().unwrap(),
            )
            .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", &secret)
            .args(["sign", action, "--endpoint", &format!("https://{host}")])
            .args(["--method", method, "--output", "json"])
            .args(["--timestamp", context["time"].as_str().unwrap()])
            .args(["--nonce", context["nonce"].as_str().unwrap()]);
        if let Some(token) = context["security_token"].as_str() {
            command.env("ALIBABA_CLOUD_SECURITY_TOKEN", token);
        }
        if cloudsso_model::description(action).is_none() {
            command.args(["--api-version", context["version"].as_str().unwrap()]);
        }
        if algorithm == "HMAC-SHA1" {
            let format = context["format_parameter"].as_str().unwrap_or("JSON");
            command.args(["--signature-version", "v2", "--format", format]);
        } else {
            command.args(["--signature-algorithm", algorithm]);
        }
        let query = target.split_once('?').map_or("", |(_, q)| q);
        for pair in acs_protocol::encoding::parse_urlencoded(query) {
            let (name, value) = pair.unwrap();
            command.arg(format!("--{name}")).arg(value.as_ref());
        }
        let (code, stdout, stderr) = run(&mut command);
        assert_eq!(code, 0, "{name}: {stderr}");
        let signed: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
        if algorithm == "HMAC-SHA1" {
            let url: http::Uri = signed["url"].as_str().unwrap().parse().unwrap();
            let signature = acs_protocol::encoding::parse_urlencoded(url.query().unwrap())
                .map(Result::unwrap)
                .find(|(n, _)| n == "Signature")
                .unwrap()
                .1
                .into_owned();
            assert_eq!(signature, read(&case, "signature.txt"), "{name}");
        } else {
            let authorization = signed["headers"]
                .as_array()
                .unwrap()
                .iter()
                .find(|h| h[0] == "authorization")
                .unwrap()[1]
                .as_str()
                .unwrap()
                .to_owned();
            assert_eq!(authorization, read(&case, "authorization.txt"), "{name}");
        }
        checked.push(name);
    }
    assert_eq!(
        checked,
        [
            "v2-get-mfa-authentication-setting-info",
            "v2-published-example-get",
            "v2-published-example-post",
            "v2-set-mfa-authentication-status",
            "v2-sts-token",
            "v3-get-mfa-authentication-setting-info",
            "v3-published-example",
            "v3-rsa",
            "v3-set-mfa-authentication-status",
            "v3-sm3",
            "v3-sts-token",
        ]
    );
}

/// A stand-in service for a paginated operation: answers `pages` in turn, one connection
/// each, and gives back the request target of each request it read.
fn paginated_stub(
    pages: &'static [&'static str],
) -> (String, std::thread::JoinHandle<Vec<String>>) {
    use std::io::{Read as _, Write as _};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let mut targets = Vec::new();
        for body in pages {
            let (mut stream, _) = listener.accept().unwrap();
            let mut head = Vec::new();
            let mut buffer = [0_u8; 4096];
            while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                let read = stream.read(&mut buffer).unwrap();
                assert!(read > 0, "the request ended early");
                head.extend_from_slice(&buffer[..read]);
            }
            let text = String::from_utf8_lossy(&head).into_owned();
            targets.push(text.split(' ').nth(1).unwrap().to_owned());
            write!(
                stream,
                "HTTP/1.1 200 OK\r\ncontent-type: application/json;charset=utf-8\r\n\
                 content-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            )
            .unwrap();
        }
        targets
    });
    (endpoint, handle)
}

#[test]
fn call_all_pages_follows_next_token_to_the_last_page() {
    let home = tempfile::tempdir().unwrap();
    let (endpoint, stub) = paginated_stub(&[
        r#"{"RequestId":"r-1","IsTruncated":true,"NextToken":"t+2/=","Groups":[{"GroupId":"g-1"}]}"#,
        r#"{"RequestId":"r-2","IsTruncated":true,"NextToken":"t-3","Groups":[{"GroupId":"g-2"}]}"#,
        r#"{"RequestId":"r-3","IsTruncated":false,"Groups":[{"GroupId":"g-3"}]}"#,
    ]);
    let (code, stdout, stderr) = run(cloudsso(home.path())
        .args(["call", "ListGroups", "--endpoint", &endpoint, "--all-pages"])
        .args(["--DirectoryId", "d-00fc2p61****", "--MaxResults", "1"]));
    assert_eq!(code, 0, "{stderr}");
    let pages: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    let ids: Vec<&str> = pages
        .as_array()
        .unwrap()
        .iter()
        .map(|page| page["Groups"][0]["GroupId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["g-1", "g-2", "g-3"]);
    let targets = stub.join().unwrap();
    assert!(!targets[0].contains("NextToken"), "{targets:?}");
    assert!(targets[1].contains("NextToken=t%2B2%2F%3D"), "{targets:?}");
    assert!(targets[2].contains("NextToken=t-3"), "{targets:?}");
    assert!(
        targets.iter().all(|t| t.contains("MaxResults=1")),
        "{targets:?}"
    );

    // An operation without NextToken has no pages to follow.
    let (code, _, stderr) = run(cloudsso(home.path())
        .args(["call", "GetMFAAuthenticationSettingInfo", "--all-pages"])
        .args(["--endpoint", &endpoint, "--DirectoryId", "d-00fc2p61****"]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("--all-pages"), "{stderr}");
}

/// `serve --state`: a `kill -9` at any moment loses no acknowledged change and leaves a
/// readable database. Each round starts the emulator on the same file, checks it reports the
/// last acknowledged status (or the one in flight at the kill, which the file may or may
/// not hold) and every directory created in earlier rounds, creates a directory (waiting for
/// the answer), sends a change, and kills the server after a varying delay, often while the
/// change is in flight.
#[test]
fn a_kill_9_loses_no_acknowledged_change() {
    let home = tempfile::tempdir().unwrap();
    let state = home.path().join("state.db");
    let state = state.to_str().unwrap();
    let mut acknowledged: Option<&str> = None;
    // Every change sent since the last acknowledged one: a killed server may have committed
    // any of them before dying, not only the latest.
    let mut in_flight: Vec<&str> = Vec::new();
    let mut acknowledged_rounds = 0;
    for round in 0..8_u64 {
        let mut server = serve(
            home.path(),
            // Each round creates a directory beside the others (the service allows one).
            &[
                "--state",
                state,
                "--rate-limit",
                "0",
                "--directory-quota",
                "100",
            ],
        );
        let (code, stdout, stderr) = run(cloudsso(home.path())
            .args(["call", "GetMFAAuthenticationSettingInfo"])
            .args([
                "--endpoint",
                &server.endpoint,
                "--DirectoryId",
                "d-00fc2p61****",
            ]));
        assert_eq!(code, 0, "round {round}: {stderr}");
        if let Some(expected) = acknowledged {
            let holds = |value: &str| {
                stdout.contains(&format!(
                    "\"MfaAuthenticationAdvanceSettings\": \"{value}\""
                ))
            };
            assert!(
                holds(expected) || in_flight.iter().any(|value| holds(value)),
                "round {round}: expected {expected} (or {in_flight:?} in flight): {stdout}"
            );
        }
        // Every directory created (and acknowledged) in an earlier round is there.
        let (code, stdout, stderr) = run(cloudsso(home.path())
            .args(["call", "ListDirectories"])
            .args(["--endpoint", &server.endpoint]));
        assert_eq!(code, 0, "round {round}: {stderr}");
        for earlier in 0..round {
            assert!(
                stdout.contains(&format!("\"DirectoryName\": \"round-{earlier}\"")),
                "round {round}: directory round-{earlier} is missing: {stdout}"
            );
        }
        let (code, _, stderr) = run(cloudsso(home.path())
            .args(["call", "CreateDirectory"])
            .args(["--endpoint", &server.endpoint])
            .args(["--DirectoryName", &format!("round-{round}")]));
        assert_eq!(code, 0, "round {round}: {stderr}");
        let value = if round % 2 == 0 {
            "Enabled"
        } else {
            "Disabled"
        };
        let mut call = cloudsso(home.path())
            .args(["call", "SetMFAAuthenticationStatus"])
            .args([
                "--endpoint",
                &server.endpoint,
                "--DirectoryId",
                "d-00fc2p61****",
            ])
            .args(["--MFAAuthenticationStatus", value])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // The last round kills only after the answer, so that at least one change is
        // acknowledged however slow the machine is.
        let answered = if round == 7 {
            Some(call.wait().unwrap())
        } else {
            std::thread::sleep(std::time::Duration::from_millis(round * 9 % 40));
            None
        };
        server.child.kill().unwrap(); // SIGKILL
        server.child.wait().unwrap();
        let status = match answered {
            Some(status) => status,
            None => call.wait().unwrap(),
        };
        if status.success() {
            acknowledged = Some(value);
            in_flight.clear();
            acknowledged_rounds += 1;
        } else {
            in_flight.push(value);
        }
    }
    // The file is readable after the last kill too, and holds the last round's change.
    let server = serve(home.path(), &["--state", state]);
    let (code, stdout, stderr) = run(cloudsso(home.path())
        .args(["call", "GetMFAAuthenticationSettingInfo"])
        .args([
            "--endpoint",
            &server.endpoint,
            "--DirectoryId",
            "d-00fc2p61****",
        ]));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(acknowledged, Some("Disabled"));
    assert!(
        stdout.contains("\"MfaAuthenticationAdvanceSettings\": \"Disabled\""),
        "{stdout}"
    );
    assert!(acknowledged_rounds > 0, "no change was ever acknowledged");
}
