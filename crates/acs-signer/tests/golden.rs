//! The golden signature cases of `fixtures/signer/`, one test per case.
//!
//! Each case folder holds the inputs (`context.json`, `request.txt`) and the expected output
//! of every step (`canonical-request.txt`, `string-to-sign.txt`, `signature.txt`,
//! `authorization.txt` for V3, `signed-request.txt`). A case's test checks the steps in
//! order, so a failure names the first step that diverged, then checks that the verifier
//! accepts the signed request, and snapshots the steps with insta.
//!
//! Setting `ACS_SIGNER_FIXTURES=write` writes the computed outputs of the cases whose
//! context says `"derived": true`, and of published cases only the files the publication
//! does not give (it never overwrites a published value): for adding a case, after which the
//! files are reviewed and cross-checked against the official SDK by `.ci/interop-signer.sh`.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use acs_protocol::{Credentials, Secret, SigningAlgorithm};
use acs_signer::{
    FormatParameter, ReplayStore, SignableBody, SignableRequest, SignedHeaders, SigningParams,
    SigningSettings, SigningTime,
};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Context {
    /// What the case shows.
    #[allow(dead_code)]
    description: String,
    /// Where the expected values come from.
    #[allow(dead_code)]
    source: String,
    /// Computed by this crate (and cross-checked with the SDK), not published.
    #[serde(default)]
    derived: bool,
    /// `sign` (the SDK's way: the signer adds its headers or parameters), `prepared` (a V3
    /// request signed as it is) or `parameters` (V2 parameters signed as they are).
    mode: String,
    algorithm: String,
    access_key_id: String,
    /// The secret, or `file:NAME` for a file in the case folder (an RSA key).
    access_key_secret: String,
    #[serde(default)]
    security_token: Option<String>,
    #[serde(default)]
    action: Option<String>,
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    time: Option<String>,
    #[serde(default)]
    nonce: Option<String>,
    /// V2: `JSON`, `XML` or `unset`.
    #[serde(default)]
    format_parameter: Option<String>,
    /// V3: `standard` or `all-present`.
    #[serde(default)]
    signed_headers: Option<String>,
    /// V3 `prepared`: the payload hash given instead of a body.
    #[serde(default)]
    payload_hash: Option<String>,
    /// `parameters`: the method and the parameters.
    #[serde(default)]
    method: Option<String>,
    #[serde(default)]
    parameters: Option<BTreeMap<String, String>>,
}

struct Case {
    name: &'static str,
    dir: PathBuf,
    context: Context,
    write: bool,
}

impl Case {
    fn load(name: &'static str) -> Self {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/signer")
            .join(name);
        let text = std::fs::read_to_string(dir.join("context.json"))
            .unwrap_or_else(|e| panic!("{name}: context.json: {e}"));
        let context: Context =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: context.json: {e}"));
        let write = std::env::var("ACS_SIGNER_FIXTURES").as_deref() == Ok("write");
        Self {
            name,
            dir,
            context,
            write,
        }
    }

    fn read(&self, file: &str) -> String {
        std::fs::read_to_string(self.dir.join(file))
            .unwrap_or_else(|e| panic!("{}: {file}: {e}", self.name))
    }

    /// Compares a step with its file (a final newline in the file is not part of it), or
    /// writes it.
    fn check(&self, step: &str, file: &str, actual: &str) {
        if self.write && (self.context.derived || !self.dir.join(file).exists()) {
            std::fs::write(self.dir.join(file), format!("{actual}\n"))
                .unwrap_or_else(|e| panic!("{}: {file}: {e}", self.name));
            return;
        }
        let expected = self.read(file);
        let expected = expected.strip_suffix('\n').unwrap_or(&expected);
        assert!(
            expected == actual,
            "case `{}`: the {step} diverged (first differing step)\n--- expected ({file})\n{expected}\n--- actual\n{actual}\n",
            self.name
        );
    }

    fn credentials(&self) -> Credentials {
        let secret = match self.context.access_key_secret.strip_prefix("file:") {
            Some(file) => self.read(file),
            None => self.context.access_key_secret.clone(),
        };
        let credentials = Credentials::new(self.context.access_key_id.clone(), secret);
        match &self.context.security_token {
            Some(token) => credentials.with_security_token(token.clone()),
            None => credentials,
        }
    }

    fn algorithm(&self) -> SigningAlgorithm {
        self.context.algorithm.parse().expect("algorithm")
    }

    fn time(&self) -> SystemTime {
        let text = self.context.time.as_deref().expect("time");
        SigningTime::parse(text).expect("time").to_system_time()
    }
}

/// Parses `request.txt`: `METHOD TARGET HTTP/1.1`, header lines, a blank line, the body.
fn parse_request(text: &str) -> http::Request<Vec<u8>> {
    let (head, body) = text.split_once("\n\n").unwrap_or((text, ""));
    let mut lines = head.lines();
    let request_line = lines.next().expect("request line");
    let mut parts = request_line.split(' ');
    let method = parts.next().expect("method");
    let target = parts.next().expect("target");
    let mut builder = http::Request::builder().method(method).uri(target);
    for line in lines {
        let (name, value) = line.split_once(':').expect("header line");
        builder = builder.header(name, value);
    }
    let body = body.strip_suffix('\n').unwrap_or(body);
    builder.body(body.as_bytes().to_vec()).expect("request")
}

/// Writes a request as `request.txt` has it, headers sorted by name.
fn print_request(request: &http::Request<Vec<u8>>) -> String {
    let target = request
        .uri()
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_owned();
    let mut out = format!("{} {} HTTP/1.1\n", request.method(), target);
    let mut headers: Vec<(String, String)> = request
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_owned(),
                v.to_str().expect("header").to_owned(),
            )
        })
        .collect();
    headers.sort();
    for (name, value) in headers {
        out.push_str(&format!("{name}:{value}\n"));
    }
    out.push('\n');
    out.push_str(&String::from_utf8_lossy(request.body()));
    out
}

fn settings(context: &Context) -> SigningSettings {
    let mut settings = SigningSettings::default();
    settings.signed_headers = match context.signed_headers.as_deref() {
        None | Some("standard") => SignedHeaders::Standard,
        Some("all-present") => SignedHeaders::AllPresent,
        Some(other) => panic!("signed_headers `{other}`"),
    };
    settings.format_parameter = match context.format_parameter.as_deref() {
        None | Some("JSON") => FormatParameter::Json,
        Some("XML") => FormatParameter::Xml,
        Some("unset") => FormatParameter::Unset,
        Some(other) => panic!("format_parameter `{other}`"),
    };
    settings
}

fn run(name: &'static str) {
    let case = Case::load(name);
    let credentials = case.credentials();
    let (canonical, string_to_sign, signature, authorization, signed) =
        match case.context.mode.as_str() {
            "sign" => {
                let mut request = parse_request(&case.read("request.txt"));
                let params = SigningParams::builder()
                    .credentials(&credentials)
                    .algorithm(case.algorithm())
                    .action(case.context.action.as_deref().expect("action"))
                    .version(case.context.version.as_deref().expect("version"))
                    .time(case.time())
                    .nonce(case.context.nonce.as_deref().expect("nonce"))
                    .settings(settings(&case.context))
                    .build()
                    .expect("params");
                let output = acs_signer::sign(&mut request, &params).expect("signing");
                (
                    output.canonical_request().to_owned(),
                    output.string_to_sign().to_owned(),
                    output.signature().to_owned(),
                    output.authorization().map(str::to_owned),
                    Some(request),
                )
            }
            "prepared" => {
                let mut request = parse_request(&case.read("request.txt"));
                let hash = case.context.payload_hash.clone();
                let body = match &hash {
                    Some(hash) => SignableBody::Precomputed(hash),
                    None => SignableBody::Bytes(request.body()),
                };
                let view =
                    SignableRequest::new(request.method(), request.uri(), request.headers(), body);
                let signed = acs_signer::v3::sign_prepared(
                    &view,
                    case.algorithm(),
                    &credentials,
                    settings(&case.context).signed_headers,
                )
                .expect("signing");
                request.headers_mut().insert(
                    http::header::AUTHORIZATION,
                    signed.authorization().parse().expect("authorization"),
                );
                (
                    signed.canonical_request().to_owned(),
                    signed.string_to_sign().to_owned(),
                    signed.signature().to_owned(),
                    Some(signed.authorization().to_owned()),
                    hash.is_none().then_some(request),
                )
            }
            "parameters" => {
                let method: http::Method = case
                    .context
                    .method
                    .as_deref()
                    .expect("method")
                    .parse()
                    .expect("method");
                let parameters = case.context.parameters.as_ref().expect("parameters");
                let signed = acs_signer::v2::sign_parameters(
                    &method,
                    parameters.iter().map(|(n, v)| (n.as_str(), v.as_str())),
                    credentials.access_key_secret(),
                );
                (
                    signed.canonicalized_query().to_owned(),
                    signed.string_to_sign().to_owned(),
                    signed.signature().to_owned(),
                    None,
                    None,
                )
            }
            other => panic!("mode `{other}`"),
        };

    case.check("canonical request", "canonical-request.txt", &canonical);
    case.check("string to sign", "string-to-sign.txt", &string_to_sign);
    case.check("signature", "signature.txt", &signature);
    if let Some(authorization) = &authorization {
        case.check("Authorization", "authorization.txt", authorization);
    }
    let printed = signed.as_ref().map(print_request);
    if let Some(printed) = &printed {
        case.check("signed request", "signed-request.txt", printed);
    }

    // The verifier accepts the signed request at its own time, once.
    if let Some(request) = &signed
        && case.context.time.is_some()
    {
        let mut keys = HashMap::new();
        keys.insert(
            credentials.access_key_id().to_owned(),
            Secret::new(credentials.access_key_secret().expose()),
        );
        let replay = ReplayStore::new();
        let view = SignableRequest::from_request(request);
        let verified = acs_signer::verify(&view, &keys, case.time(), &replay)
            .unwrap_or_else(|e| panic!("case `{name}`: the verifier refused it: {e}"));
        assert_eq!(verified.algorithm, case.algorithm());
        assert_eq!(verified.access_key_id, credentials.access_key_id());
        let later = case.time() + Duration::from_secs(60);
        let replayed = acs_signer::verify(&view, &keys, later, &replay).unwrap_err();
        assert_eq!(replayed.error_code().code, "SignatureNonceUsed", "{name}");
    }

    let mut steps = format!(
        "canonical request:\n{canonical}\n\nstring to sign:\n{string_to_sign}\n\nsignature: {signature}\n"
    );
    if let Some(authorization) = authorization {
        steps.push_str(&format!("authorization: {authorization}\n"));
    }
    if let Some(printed) = printed {
        steps.push_str(&format!("\nsigned request:\n{printed}\n"));
    }
    insta::assert_snapshot!(name, steps);
}

macro_rules! cases {
    ($($test:ident => $folder:literal,)+) => {
        $(
            #[test]
            fn $test() {
                run($folder);
            }
        )+

        #[test]
        fn every_folder_is_a_case() {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/signer");
            let mut folders: Vec<String> = std::fs::read_dir(dir)
                .expect("fixtures/signer")
                .filter_map(Result::ok)
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            folders.sort();
            let mut listed = vec![$($folder.to_owned()),+];
            listed.sort();
            assert_eq!(folders, listed, "every folder of fixtures/signer has a test");
        }
    };
}

cases! {
    v3_published_example => "v3-published-example",
    v3_helper_library_repeated_header => "v3-helper-library-repeated-header",
    v2_published_example_get => "v2-published-example-get",
    v2_published_example_post => "v2-published-example-post",
    v2_helper_library_parameters => "v2-helper-library-parameters",
    v3_set_mfa_authentication_status => "v3-set-mfa-authentication-status",
    v3_get_mfa_authentication_setting_info => "v3-get-mfa-authentication-setting-info",
    v2_set_mfa_authentication_status => "v2-set-mfa-authentication-status",
    v2_get_mfa_authentication_setting_info => "v2-get-mfa-authentication-setting-info",
    v3_sts_token => "v3-sts-token",
    v2_sts_token => "v2-sts-token",
    v3_special_characters => "v3-special-characters",
    v2_special_characters => "v2-special-characters",
    v2_form_body_post => "v2-form-body-post",
    v3_sm3 => "v3-sm3",
    v3_rsa => "v3-rsa",
}
