//! The interop test shared by `interop_sdk.rs` (Alibaba Cloud's official Python SDK,
//! `alibabacloud-tea-openapi`) and `interop_node.rs` (the official Node.js SDK,
//! `@alicloud/openapi-client` and `@alicloud/openapi-util`): both SDKs' cases files have one
//! format (`interop/signer/generate.py` writes the Python one, `interop/node/sign-cases.js`
//! the Node one from the same inputs), and each is checked the same way.
//!
//! For every case: our signer, given the same inputs, computes the same canonical request,
//! string to sign, signature and headers or parameters as the SDK (a failure names the first
//! step that differs); and our verifier accepts the request exactly as the SDK sends it (URL,
//! headers and body as the SDK handed them to its HTTP layer), at the case's time.
//!
//! Known divergences, checked as such:
//! - `v3-client-special-names`: for V3 both SDKs leave parameter *names* unencoded in the
//!   canonical query string (only values are encoded), where `protocol.md` (and the published
//!   algorithm) encode both. Cases whose names need encoding must differ from ours in exactly
//!   that way and no other, and our verifier must accept the SDK's requests all the same (it
//!   tries the SDK's form when the published one does not match and some name needs
//!   encoding).
//! - `v3-utf16-order`, `v2-utf16-order` (Node only): JavaScript sorts parameter names by UTF-16
//!   code unit, where the Python SDK, `protocol.md` and we sort by code point (UTF-8 byte
//!   order). The two differ only between a character above U+FFFF (a surrogate pair,
//!   0xD800..0xDFFF) and one in U+E000..U+FFFF. The SDK's canonical query must be ours in UTF-16
//!   order and otherwise the same, and our verifier must accept the SDK's requests all the
//!   same (it tries UTF-16 order when the published form does not match and some name has a
//!   character above U+FFFF).

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use acs_protocol::encoding::{parse_urlencoded, percent_decode_component, percent_encode};
use acs_protocol::{Credentials, Secret, SigningAlgorithm};
use acs_signer::{
    FormatParameter, ReplayStore, SignableBody, SignableRequest, SignedHeaders, SigningParams,
    SigningSettings,
};
use base64::Engine as _;
use serde::Deserialize;

/// One SDK's cases and how that SDK signs.
#[derive(Debug)]
pub(crate) struct Sdk {
    /// The SDK as messages name it, e.g. "the Python SDK".
    pub(crate) name: &'static str,
    /// The test's name, which starts its lines of output.
    pub(crate) test: &'static str,
    /// The variable naming the cases file.
    pub(crate) cases_var: &'static str,
    /// The script that writes the cases file and sets the variable.
    pub(crate) script: &'static str,
    /// Which headers the SDK's V3 signature covers.
    pub(crate) signed_headers: SignedHeaders,
    /// At least this many cases of each kind must arrive, so the test cannot pass on a
    /// truncated or empty file (the generator's counts).
    pub(crate) minimum_per_kind: &'static [(&'static str, usize)],
}

/// Headers the V3 signer sets; every one must equal what the SDK sent.
const V3_SIGNER_HEADERS: &[&str] = &[
    "host",
    "x-acs-action",
    "x-acs-version",
    "x-acs-date",
    "x-acs-signature-nonce",
    "x-acs-content-sha256",
    "x-acs-security-token",
    "x-acs-accesskey-id",
    "authorization",
];

#[derive(Debug, Deserialize)]
struct Document {
    seed: u64,
    sdk: BTreeMap<String, String>,
    cases: Vec<Case>,
}

#[derive(Debug, Deserialize)]
struct Case {
    id: String,
    kind: String,
    algorithm: String,
    input: Input,
    sdk: SdkOutput,
}

#[derive(Debug, Deserialize)]
struct Input {
    method: String,
    #[serde(default)]
    host: Option<String>,
    pathname: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    #[serde(default)]
    body_base64: String,
    #[serde(default)]
    payload_hash: Option<String>,
    #[serde(default)]
    action: Option<String>,
    #[serde(default)]
    version: Option<String>,
    access_key_id: String,
    access_key_secret: String,
    #[serde(default)]
    verify_key: Option<String>,
    #[serde(default)]
    security_token: Option<String>,
    #[serde(default)]
    epoch_seconds: Option<u64>,
    #[serde(default)]
    nonce: Option<String>,
}

#[derive(Debug, Deserialize)]
struct SdkOutput {
    canonical_request: String,
    string_to_sign: String,
    signature: String,
    #[serde(default)]
    authorization: Option<String>,
    #[serde(default)]
    sent: Option<Sent>,
}

/// The request as the SDK handed it to the HTTP session.
#[derive(Debug, Deserialize)]
struct Sent {
    method: String,
    url: String,
    headers: Vec<(String, String)>,
    body_base64: String,
}

type CheckResult = Result<(), String>;

/// The first failures, for an assertion's message: enough to see the pattern.
pub(crate) fn first_failures(failures: &[String]) -> String {
    failures
        .iter()
        .take(15)
        .cloned()
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Checks every case of the file `sdk.cases_var` names, or says the test was skipped when the
/// variable is not set (and returns false).
pub(crate) fn run(sdk: &Sdk) -> bool {
    let test = sdk.test;
    let var = sdk.cases_var;
    let Some(path) = std::env::var_os(var) else {
        println!(
            "{test} skipped: {var} is not set ({} sets it to the cases {} computed)",
            sdk.script, sdk.name
        );
        return false;
    };
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.to_string_lossy()));
    let document: Document = serde_json::from_str(&text).expect("the cases file is not valid");
    println!(
        "{test}: {} cases from {} (seed {}), SDK {:?}",
        document.cases.len(),
        path.to_string_lossy(),
        document.seed,
        document.sdk
    );

    let mut per_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for case in &document.cases {
        *per_kind.entry(case.kind.as_str()).or_default() += 1;
    }
    for (kind, minimum) in sdk.minimum_per_kind {
        let got = per_kind.get(kind).copied().unwrap_or(0);
        assert!(
            got >= *minimum,
            "expected at least {minimum} cases of kind {kind}, got {got}: the cases file is \
             incomplete"
        );
    }
    check_coverage(&document.cases);

    let mut failures = Vec::new();
    let mut passed: BTreeMap<&str, usize> = BTreeMap::new();
    for case in &document.cases {
        let result = match case.kind.as_str() {
            "v3-client-special-names" => check_v3_special_names(sdk, case),
            kind if kind.starts_with("v3-client-") => check_v3_client(sdk, case),
            "v3-prepared" => check_v3_prepared(sdk, case),
            "v2-client" => check_v2_client(case),
            "v3-utf16-order" => check_v3_utf16_order(sdk, case),
            "v2-utf16-order" => check_v2_utf16_order(case),
            other => Err(format!("unknown kind {other}")),
        };
        match result {
            Ok(()) => *passed.entry(case.kind.as_str()).or_default() += 1,
            Err(message) => failures.push(format!("case {} ({}): {message}", case.id, case.kind)),
        }
    }

    for (kind, count) in &per_kind {
        println!(
            "{test}: {kind}: {} of {count} as expected",
            passed.get(kind).copied().unwrap_or(0)
        );
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from {}:\n\n{}",
        failures.len(),
        document.cases.len(),
        sdk.name,
        first_failures(&failures)
    );
    println!(
        "{test}: compared {} cases with {}: all as expected",
        document.cases.len(),
        sdk.name
    );
    true
}

/// Both versions with and without an STS token, V2 with GET and POST and a form body.
fn check_coverage(cases: &[Case]) {
    let count = |pred: &dyn Fn(&Case) -> bool| cases.iter().filter(|c| pred(c)).count();
    let v3 = |c: &Case| c.kind.starts_with("v3-client");
    let v2 = |c: &Case| c.kind == "v2-client";
    let sts = |c: &Case| c.input.security_token.is_some();
    let coverage = [
        ("V3 with an STS token", count(&|c| v3(c) && sts(c))),
        ("V3 without an STS token", count(&|c| v3(c) && !sts(c))),
        ("V2 with an STS token", count(&|c| v2(c) && sts(c))),
        ("V2 without an STS token", count(&|c| v2(c) && !sts(c))),
        ("V2 GET", count(&|c| v2(c) && c.input.method == "GET")),
        ("V2 POST", count(&|c| v2(c) && c.input.method == "POST")),
        (
            "V2 POST with a form body",
            count(&|c| v2(c) && !c.input.body_base64.is_empty()),
        ),
    ];
    for (what, got) in coverage {
        assert!(got >= 10, "expected at least 10 cases of {what}, got {got}");
    }
}

// --- V3 ----------------------------------------------------------------------------------

fn algorithm(case: &Case) -> Result<SigningAlgorithm, String> {
    case.algorithm
        .parse()
        .map_err(|e| format!("algorithm {}: {e}", case.algorithm))
}

fn credentials(input: &Input) -> Credentials {
    let credentials = Credentials::new(
        input.access_key_id.as_str(),
        input.access_key_secret.as_str(),
    );
    match &input.security_token {
        Some(token) => credentials.with_security_token(token.as_str()),
        None => credentials,
    }
}

fn signing_time(input: &Input) -> Result<SystemTime, String> {
    let seconds = input.epoch_seconds.ok_or("no epoch_seconds")?;
    Ok(UNIX_EPOCH + Duration::from_secs(seconds))
}

/// `name=value&...`, each canonically percent-encoded, in the given order.
fn encode_query(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(name, value)| format!("{}={}", percent_encode(name), percent_encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

fn decode_base64(text: &str) -> Result<Vec<u8>, String> {
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|e| format!("body_base64: {e}"))
}

/// The request our signer is given: the case's method, URL (host, path, query encoded by
/// us), the headers the caller and the SDK's transport set, and the body.
fn unsigned_request(input: &Input) -> Result<http::Request<Vec<u8>>, String> {
    let host = input.host.as_deref().ok_or("no host")?;
    let mut uri = format!("https://{host}{}", input.pathname);
    if !input.query.is_empty() {
        uri.push('?');
        uri.push_str(&encode_query(&input.query));
    }
    let mut builder = http::Request::builder()
        .method(input.method.as_str())
        .uri(uri);
    for (name, value) in &input.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    builder
        .body(decode_base64(&input.body_base64)?)
        .map_err(|e| format!("building the request: {e}"))
}

/// The request exactly as the SDK sent it.
fn sent_request(sent: &Sent) -> Result<http::Request<Vec<u8>>, String> {
    let mut builder = http::Request::builder()
        .method(sent.method.as_str())
        .uri(sent.url.as_str());
    for (name, value) in &sent.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    builder
        .body(decode_base64(&sent.body_base64)?)
        .map_err(|e| format!("building the SDK's request: {e}"))
}

/// The first step at which ours and the SDK's differ, with the first differing line.
fn compare_steps(steps: &[(&str, &str, &str)]) -> Result<(), String> {
    for (step, ours, theirs) in steps {
        if ours == theirs {
            continue;
        }
        let line = ours
            .split('\n')
            .zip(theirs.split('\n'))
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| ours.split('\n').count().min(theirs.split('\n').count()));
        let ours_line = ours.split('\n').nth(line).unwrap_or("<none>");
        let theirs_line = theirs.split('\n').nth(line).unwrap_or("<none>");
        return Err(format!(
            "first difference at step `{step}`, line {}:\n  ours: {ours_line:?}\n  sdk:  \
             {theirs_line:?}\nours in full: {ours:?}\nsdk in full:  {theirs:?}",
            line + 1
        ));
    }
    Ok(())
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// The decoded parameters of a URL's query and of a form body, sorted.
fn decoded_parameters(
    uri: &http::Uri,
    form_body: Option<&[u8]>,
) -> Result<Vec<(String, String)>, String> {
    let mut pairs = Vec::new();
    let mut push = |text: &str| -> Result<(), String> {
        for pair in parse_urlencoded(text) {
            let (name, value) = pair.map_err(|e| e.to_string())?;
            pairs.push((name.into_owned(), value.into_owned()));
        }
        Ok(())
    };
    if let Some(query) = uri.query() {
        push(query)?;
    }
    if let Some(body) = form_body {
        push(std::str::from_utf8(body).map_err(|e| e.to_string())?)?;
    }
    pairs.sort();
    Ok(pairs)
}

/// Verifies the SDK's request at the case's time with a fresh replay store: the verifier's
/// answer, or why the request could not be built.
fn verify_sent(
    case: &Case,
    sent: &Sent,
) -> Result<Result<acs_signer::Verified<'static>, acs_signer::VerificationError>, String> {
    let input = &case.input;
    let request = sent_request(sent)?;
    let key = input
        .verify_key
        .clone()
        .unwrap_or_else(|| input.access_key_secret.clone());
    let keys = HashMap::from([(input.access_key_id.clone(), Secret::new(key))]);
    let now = signing_time(input)?;
    Ok(acs_signer::verify(
        &SignableRequest::from_request(&request),
        &keys,
        now,
        &ReplayStore::new(),
    )
    .map(acs_signer::Verified::into_owned))
}

/// Our V3 signature of the case's request, the SDK's way (the headers it signs).
fn sign_v3(
    config: &Sdk,
    case: &Case,
) -> Result<(http::Request<Vec<u8>>, acs_signer::SigningOutput), String> {
    let mut settings = SigningSettings::default();
    settings.signed_headers = config.signed_headers;
    sign_input(&case.input, algorithm(case)?, settings)
}

/// The case's request, signed by our signer with `algorithm` and `settings` and the case's
/// credentials, action, version, time and nonce.
fn sign_input(
    input: &Input,
    algorithm: SigningAlgorithm,
    settings: SigningSettings,
) -> Result<(http::Request<Vec<u8>>, acs_signer::SigningOutput), String> {
    let credentials = credentials(input);
    let params = SigningParams::builder()
        .credentials(&credentials)
        .algorithm(algorithm)
        .action(input.action.as_deref().ok_or("no action")?)
        .version(input.version.as_deref().ok_or("no version")?)
        .time(signing_time(input)?)
        .nonce(input.nonce.as_deref().ok_or("no nonce")?)
        .settings(settings)
        .build()
        .map_err(|e| e.to_string())?;
    let mut request = unsigned_request(input)?;
    let output = acs_signer::sign(&mut request, &params).map_err(|e| format!("signing: {e}"))?;
    Ok((request, output))
}

fn check_v3_client(config: &Sdk, case: &Case) -> CheckResult {
    let sdk = &case.sdk;
    let sent = sdk.sent.as_ref().ok_or("no sent request")?;
    let (request, output) = sign_v3(config, case)?;
    compare_steps(&[
        (
            "canonical request",
            output.canonical_request(),
            &sdk.canonical_request,
        ),
        (
            "string to sign",
            output.string_to_sign(),
            &sdk.string_to_sign,
        ),
        ("signature", output.signature(), &sdk.signature),
        (
            "Authorization",
            output.authorization().unwrap_or_default(),
            sdk.authorization.as_deref().unwrap_or_default(),
        ),
    ])?;
    for name in V3_SIGNER_HEADERS {
        let ours = request
            .headers()
            .get(*name)
            .map(|v| v.to_str().unwrap_or("<not UTF-8>"));
        let theirs = header(&sent.headers, name);
        if ours != theirs {
            return Err(format!(
                "header `{name}`: ours {ours:?}, the SDK sent {theirs:?}"
            ));
        }
    }
    let ours = decoded_parameters(request.uri(), None)?;
    let sent_uri: http::Uri = sent.url.parse().map_err(|e| format!("SDK url: {e}"))?;
    let theirs = decoded_parameters(&sent_uri, None)?;
    if ours != theirs {
        return Err(format!(
            "query parameters: ours {ours:?}, the SDK sent {theirs:?}"
        ));
    }

    let verified = accepted(case, sent)?;
    let expected = algorithm(case)?;
    if verified.access_key_id != case.input.access_key_id || verified.algorithm != expected {
        return Err(format!("verified as {verified:?}"));
    }
    Ok(())
}

/// The SDK's V3 canonical query line, as the SDK writes it, from ours: the same pairs with
/// each name decoded again (the SDK leaves names as they are and encodes only values).
fn with_names_unencoded(canonical_query: &str) -> Result<String, String> {
    canonical_query
        .split('&')
        .filter(|s| !s.is_empty())
        .map(|segment| {
            let (name, value) = segment.split_once('=').unwrap_or((segment, ""));
            let name = percent_decode_component(name).map_err(|e| e.to_string())?;
            Ok(format!("{name}={value}"))
        })
        .collect::<Result<Vec<_>, String>>()
        .map(|segments| segments.join("&"))
}

/// The known divergence: parameter names that need percent-encoding. Ours must equal the
/// SDK's in every line but the canonical query, and the SDK's canonical query must be ours
/// with the names left unencoded.
fn check_v3_special_names(config: &Sdk, case: &Case) -> CheckResult {
    let sdk = &case.sdk;
    let sent = sdk.sent.as_ref().ok_or("no sent request")?;
    let (_, output) = sign_v3(config, case)?;
    let (ours, theirs) = query_lines(output.canonical_request(), &sdk.canonical_request)?;
    let expected_sdk_query = with_names_unencoded(ours)?;
    if expected_sdk_query != theirs {
        return Err(format!(
            "the canonical query differs otherwise than by unencoded names:\n  ours: {ours:?}\n  \
             ours with names unencoded: {expected_sdk_query:?}\n  sdk:  {theirs:?}"
        ));
    }
    if ours == theirs {
        return Err(
            "the SDK now encodes V3 parameter names as protocol.md does: the known divergence \
             is gone, so move these cases to the compared classes"
                .to_owned(),
        );
    }
    accepted(case, sent).map(|_| ())
}

/// The line of the canonical query in each of two V3 canonical requests, which must be the
/// same in every other line.
fn query_lines<'a>(ours: &'a str, theirs: &'a str) -> Result<(&'a str, &'a str), String> {
    let ours_lines: Vec<&str> = ours.split('\n').collect();
    let theirs_lines: Vec<&str> = theirs.split('\n').collect();
    if ours_lines.len() != theirs_lines.len() {
        return Err(format!(
            "canonical requests of different shape:\n  ours: {ours:?}\n  sdk:  {theirs:?}"
        ));
    }
    for (i, (a, b)) in ours_lines.iter().zip(&theirs_lines).enumerate() {
        if i != 2 && a != b {
            return Err(format!(
                "canonical request line {} differs beyond the known divergence:\n  ours: {a:?}\n  \
                 sdk:  {b:?}",
                i + 1
            ));
        }
    }
    Ok((ours_lines[2], theirs_lines[2]))
}

/// What our verifier makes of the SDK's request, which it must accept, as it accepts every
/// real client's.
fn accepted(case: &Case, sent: &Sent) -> Result<acs_signer::Verified<'static>, String> {
    verify_sent(case, sent)?.map_err(|e| {
        format!(
            "our verifier rejects the SDK's request: {e} ({})",
            e.error_code().code
        )
    })
}

/// `Utils.get_authorization` on a request as given: our `v3::sign_prepared`.
fn check_v3_prepared(config: &Sdk, case: &Case) -> CheckResult {
    let input = &case.input;
    let sdk = &case.sdk;
    let mut uri = input.pathname.clone();
    if !input.query.is_empty() {
        uri.push('?');
        uri.push_str(&encode_query(&input.query));
    }
    let uri: http::Uri = uri.parse().map_err(|e| format!("uri: {e}"))?;
    let method: http::Method = input.method.parse().map_err(|e| format!("method: {e}"))?;
    let mut headers = http::HeaderMap::new();
    for (name, value) in &input.headers {
        let name = http::HeaderName::from_bytes(name.as_bytes()).map_err(|e| e.to_string())?;
        let value = http::HeaderValue::from_str(value).map_err(|e| e.to_string())?;
        headers.append(name, value);
    }
    let payload = input.payload_hash.as_deref().ok_or("no payload_hash")?;
    let request = SignableRequest::new(&method, &uri, &headers, SignableBody::Precomputed(payload));
    let signed = acs_signer::v3::sign_prepared(
        &request,
        algorithm(case)?,
        &credentials(input),
        config.signed_headers,
    )
    .map_err(|e| format!("signing: {e}"))?;
    compare_steps(&[
        (
            "canonical request",
            signed.canonical_request(),
            &sdk.canonical_request,
        ),
        (
            "string to sign",
            signed.string_to_sign(),
            &sdk.string_to_sign,
        ),
        ("signature", signed.signature(), &sdk.signature),
        (
            "Authorization",
            signed.authorization(),
            sdk.authorization.as_deref().unwrap_or_default(),
        ),
    ])?;
    Ok(())
}

// --- V2 ----------------------------------------------------------------------------------

/// Our V2 signature of the case's request.
fn sign_v2(case: &Case) -> Result<(http::Request<Vec<u8>>, acs_signer::SigningOutput), String> {
    // Both SDKs send `Format=json` (lower case) themselves; it is in the case's query, and our
    // signer signs it as it is.
    let mut settings = SigningSettings::default();
    settings.format_parameter = FormatParameter::Unset;
    sign_input(&case.input, SigningAlgorithm::HmacSha1, settings)
}

fn check_v2_client(case: &Case) -> CheckResult {
    let input = &case.input;
    let sdk = &case.sdk;
    let sent = sdk.sent.as_ref().ok_or("no sent request")?;
    let (request, output) = sign_v2(case)?;
    compare_steps(&[
        (
            "canonicalized query",
            output.canonical_request(),
            &sdk.canonical_request,
        ),
        (
            "string to sign",
            output.string_to_sign(),
            &sdk.string_to_sign,
        ),
        ("signature", output.signature(), &sdk.signature),
    ])?;

    let form = |body: &[u8], headers: &[(String, String)]| {
        header(headers, "content-type")
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"))
            .then(|| body.to_vec())
    };
    let our_body = form(request.body(), &input.headers);
    let ours = decoded_parameters(request.uri(), our_body.as_deref())?;
    let sent_body = decode_base64(&sent.body_base64)?;
    let sent_uri: http::Uri = sent.url.parse().map_err(|e| format!("SDK url: {e}"))?;
    let theirs = decoded_parameters(&sent_uri, form(&sent_body, &sent.headers).as_deref())?;
    if ours != theirs {
        return Err(format!(
            "parameters sent (query and form body, decoded): ours {ours:?}, the SDK's {theirs:?}"
        ));
    }

    let verified = accepted(case, sent)?;
    if verified.access_key_id != input.access_key_id
        || verified.algorithm != SigningAlgorithm::HmacSha1
    {
        return Err(format!("verified as {verified:?}"));
    }
    Ok(())
}

// --- Name order by UTF-16 code unit (the Node SDK) ------------------------------------------

/// A canonical query (`name=value&...`, names and values percent-encoded) with its pairs in
/// the order JavaScript's `sort()` gives the decoded names: by UTF-16 code unit (stable, so
/// pairs of one name keep their order). With `names_unencoded`, names are written decoded,
/// as the SDKs write V3 names.
fn in_utf16_order(canonical_query: &str, names_unencoded: bool) -> Result<String, String> {
    let mut pairs = canonical_query
        .split('&')
        .filter(|s| !s.is_empty())
        .map(|segment| {
            let (name, value) = segment.split_once('=').unwrap_or((segment, ""));
            let decoded = percent_decode_component(name).map_err(|e| e.to_string())?;
            Ok((decoded.into_owned(), name, value))
        })
        .collect::<Result<Vec<_>, String>>()?;
    pairs.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
    Ok(pairs
        .iter()
        .map(|(decoded, name, value)| {
            let name = if names_unencoded { decoded } else { *name };
            format!("{name}={value}")
        })
        .collect::<Vec<_>>()
        .join("&"))
}

/// V3 with two names that differ first at a character above U+FFFF and one in
/// U+E000..U+FFFF: the SDK's canonical query is ours with names unencoded (as for
/// `v3-client-special-names`) and in UTF-16 order; every other line is the same.
fn check_v3_utf16_order(config: &Sdk, case: &Case) -> CheckResult {
    let theirs_output = &case.sdk;
    let sent = theirs_output.sent.as_ref().ok_or("no sent request")?;
    let (_, output) = sign_v3(config, case)?;
    let (ours, theirs) = query_lines(output.canonical_request(), &theirs_output.canonical_request)?;
    let expected = in_utf16_order(ours, true)?;
    if expected != theirs {
        return Err(format!(
            "the canonical query differs otherwise than by UTF-16 order and unencoded names:\n  \
             ours: {ours:?}\n  ours so reordered: {expected:?}\n  sdk:  {theirs:?}"
        ));
    }
    if with_names_unencoded(ours)? == theirs {
        return Err(
            "the SDK now sorts names by code point: the known divergence is gone".to_owned(),
        );
    }
    accepted(case, sent).map(|_| ())
}

/// V2 with two such names: the SDK's canonicalized query is ours in UTF-16 order.
fn check_v2_utf16_order(case: &Case) -> CheckResult {
    let sdk = &case.sdk;
    let sent = sdk.sent.as_ref().ok_or("no sent request")?;
    let (_, output) = sign_v2(case)?;
    let ours = output.canonical_request();
    let expected = in_utf16_order(ours, false)?;
    if expected != sdk.canonical_request {
        return Err(format!(
            "the canonicalized query differs otherwise than by UTF-16 order:\n  ours: {ours:?}\n  \
             ours so reordered: {expected:?}\n  sdk:  {:?}",
            sdk.canonical_request
        ));
    }
    if ours == sdk.canonical_request {
        return Err(
            "the SDK now sorts names by code point: the known divergence is gone".to_owned(),
        );
    }
    accepted(case, sent).map(|_| ())
}
