//! `cloudsso demo`: the documented examples end to end through the real stack, against an
//! in-process emulator on a loopback port: build, encode, sign, HTTP, verify, handle,
//! encode, decode; with both signature versions and both formats.

use std::time::Duration;

use acs_client::{DisplayErrorContext, HttpClient, ProxyConfig};
use acs_protocol::{Credentials, Format, SigningAlgorithm};
use bytes::Bytes;
use cloudsso_emulator::{DEFAULT_DIRECTORY, Emulator};
use serde_json::Value;

use crate::cli::DemoArgs;
use crate::error::CliError;
use crate::signing::{self, SignOptions};
use crate::{operation, render};

const SET: &str = "SetMFAAuthenticationStatus";
const GET: &str = "GetMFAAuthenticationSettingInfo";
const V3: SigningAlgorithm = SigningAlgorithm::Acs3HmacSha256;
const V2: SigningAlgorithm = SigningAlgorithm::HmacSha1;

/// What a step expects.
enum Expect {
    /// Success, with these `MFAAuthenticationSettingInfo` members (`None`: absent).
    Setting(&'static str, Option<&'static str>),
    /// Success with a `RequestId`.
    Acknowledged,
    /// This service error code.
    Error(&'static str),
}

struct Step {
    title: String,
    action: &'static str,
    params: Vec<(String, String)>,
    algorithm: SigningAlgorithm,
    format: Format,
    credentials: Credentials,
    expect: Expect,
    /// Send the same signed request a second time and judge that answer.
    replay: bool,
}

/// Runs `demo`.
pub async fn run(args: &DemoArgs) -> Result<(), CliError> {
    let emulator = Emulator::builder()
        .access_key("testid", "testsecret")
        .directory(DEFAULT_DIRECTORY)
        .build()
        .map_err(|e| CliError::Input(e.to_string()))?;
    let server = emulator
        .serve_loopback()
        .await
        .map_err(|e| CliError::Transport(format!("cannot listen on loopback: {e}")))?;
    let address = server.address();
    let endpoint: http::Uri = format!("http://{address}")
        .parse()
        .map_err(|e| CliError::Transport(format!("{e}")))?;
    out!("cloudsso demo: an emulator listens on http://{address} (access key testid)");
    let client = HttpClient::builder()
        .proxy(ProxyConfig::disabled())
        .build()
        .map_err(|e| CliError::Transport(e.to_string()))?;

    let good = Credentials::new("testid", "testsecret");
    let directory = || vec![("DirectoryId".to_owned(), DEFAULT_DIRECTORY.to_owned())];
    let with_status = |status: &str| {
        let mut params = directory();
        params.push(("MFAAuthenticationStatus".to_owned(), status.to_owned()));
        params
    };
    let mut steps = vec![Step {
        title: "the documented sample state".to_owned(),
        action: GET,
        params: directory(),
        algorithm: V3,
        format: Format::Json,
        credentials: good.clone(),
        expect: Expect::Setting("OnlyRiskyLogin", Some("EnforceVerify")),
        replay: false,
    }];
    for (algorithm, format, status) in [
        (V3, Format::Json, "Enabled"),
        (V3, Format::Xml, "Disabled"),
        (V2, Format::Json, "Enabled"),
        (V2, Format::Xml, "Disabled"),
    ] {
        steps.push(Step {
            title: format!("set MFA {status}"),
            action: SET,
            params: with_status(status),
            algorithm,
            format,
            credentials: good.clone(),
            expect: Expect::Acknowledged,
            replay: false,
        });
        steps.push(Step {
            title: format!("read back {status}"),
            action: GET,
            params: directory(),
            algorithm,
            format,
            credentials: good.clone(),
            expect: Expect::Setting(status, None),
            replay: false,
        });
    }
    steps.push(Step {
        title: "an unknown directory".to_owned(),
        action: GET,
        params: vec![("DirectoryId".to_owned(), "d-unknown".to_owned())],
        algorithm: V3,
        format: Format::Xml,
        credentials: good.clone(),
        expect: Expect::Error("EntityNotExists.Directory"),
        replay: false,
    });
    steps.push(Step {
        title: "a wrong secret".to_owned(),
        action: GET,
        params: directory(),
        algorithm: V2,
        format: Format::Json,
        credentials: Credentials::new("testid", "not-the-secret"),
        expect: Expect::Error("SignatureDoesNotMatch"),
        replay: false,
    });
    steps.push(Step {
        title: "an invalid status value".to_owned(),
        action: SET,
        params: with_status("Sometimes"),
        algorithm: V3,
        format: Format::Json,
        credentials: good.clone(),
        expect: Expect::Error("InvalidMFAAuthenticationStatus"),
        replay: false,
    });
    steps.push(Step {
        title: "the same signed request twice".to_owned(),
        action: GET,
        params: directory(),
        algorithm: V3,
        format: Format::Xml,
        credentials: good,
        expect: Expect::Error("SignatureNonceUsed"),
        replay: true,
    });

    let mut results = Vec::new();
    for (index, step) in steps.iter().enumerate() {
        let label = format!(
            "{:>2}. {} {} ({}, {}): {}",
            index + 1,
            step.action,
            step.params
                .iter()
                .map(|(n, v)| format!("{n}={v}"))
                .collect::<Vec<_>>()
                .join(" "),
            step.algorithm,
            step.format,
            step.title
        );
        let verdict = run_step(step, &client, &endpoint, args.quiet, &label).await;
        match &verdict {
            Ok(()) => out!("PASS {label}"),
            Err(reason) => out!("FAIL {label}: {reason}"),
        }
        results.push(verdict.is_ok());
    }
    let _ = tokio::time::timeout(Duration::from_secs(5), server.shutdown()).await;

    let failed = results.iter().filter(|ok| !**ok).count();
    out!(
        "\nsummary: {} passed, {} failed",
        results.len() - failed,
        failed
    );
    if failed > 0 {
        return Err(CliError::DemoFailed {
            failed,
            total: results.len(),
        });
    }
    Ok(())
}

async fn run_step(
    step: &Step,
    client: &HttpClient,
    endpoint: &http::Uri,
    quiet: bool,
    label: &str,
) -> Result<(), String> {
    let show = |title: &str, text: &str| {
        if !quiet {
            out!("  -- {title}\n{}", indent(text));
        }
    };
    if !quiet {
        out!("\n== {label}");
    }
    let mut request = operation::encode(step.action, &step.params, endpoint, step.format)
        .map_err(|e| format!("encode: {e}"))?;
    show(
        "encoded (unsigned) request",
        &render::http_message(&request),
    );
    let output = signing::sign(
        &mut request,
        &step.credentials,
        step.action,
        cloudsso_model::API_VERSION,
        &SignOptions::new(step.algorithm, step.format),
    )
    .map_err(|e| format!("sign: {e}"))?;
    show(
        if step.algorithm == V2 {
            "canonicalized query (V2)"
        } else {
            "canonical request (V3)"
        },
        output.canonical_request(),
    );
    show("string to sign", output.string_to_sign());
    show("signed request", &render::http_message(&request));
    let request = request.map(Bytes::from);
    let send = |request| async {
        client
            .send(request, Some(Duration::from_secs(10)))
            .await
            .map(|response| response.map(|body| body.to_vec()))
            .map_err(|e| format!("HTTP: {}", DisplayErrorContext(e)))
    };
    let mut response = send(request.clone()).await?;
    if step.replay {
        response = send(request).await?;
    }
    let content_type = response
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    show(
        "raw response",
        &format!(
            "HTTP {} ({content_type})\n{}",
            response.status(),
            String::from_utf8_lossy(response.body())
        ),
    );
    let decoded = operation::decode(step.action, &response);
    match &decoded {
        Ok(value) => show(
            "decoded value",
            &serde_json::to_string_pretty(value).unwrap_or_default(),
        ),
        Err(CliError::Service(error)) => show("decoded service error", &error.to_string()),
        Err(error) => show("decode failed", &error.to_string()),
    }
    judge(&step.expect, decoded)
}

fn judge(expect: &Expect, decoded: Result<Value, CliError>) -> Result<(), String> {
    match (expect, decoded) {
        (Expect::Acknowledged, Ok(value)) => {
            if value["RequestId"].as_str().is_some_and(|id| !id.is_empty()) {
                Ok(())
            } else {
                Err(format!("no RequestId in {value}"))
            }
        }
        (Expect::Setting(setting, risk), Ok(value)) => {
            let info = &value["MFAAuthenticationSettingInfo"];
            let found = info["MfaAuthenticationAdvanceSettings"].as_str();
            let found_risk = info["OperationForRiskLogin"].as_str();
            if found == Some(*setting) && found_risk == *risk {
                Ok(())
            } else {
                Err(format!(
                    "expected MfaAuthenticationAdvanceSettings {setting} and \
                     OperationForRiskLogin {risk:?}, found {info}"
                ))
            }
        }
        (Expect::Error(code), Err(CliError::Service(error))) => {
            if error.code() == *code && error.request_id().is_some() {
                Ok(())
            } else {
                Err(format!("expected {code} with a RequestId, got {error}"))
            }
        }
        (Expect::Error(code), Ok(value)) => Err(format!("expected {code}, got success {value}")),
        (_, Err(error)) => Err(format!("expected success, got {error}")),
    }
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|line| format!("     {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}
