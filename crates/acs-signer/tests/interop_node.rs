//! Interop with Alibaba Cloud's official Node.js SDK (`@alicloud/openapi-client` 0.4 and the
//! signing functions of `@alicloud/openapi-util` 0.3).
//!
//! `.ci/interop-node.sh` installs the SDK with `npm ci` (interop/node/package-lock.json), has
//! `interop/signer/generate.py` write the Python SDK's cases and `interop/node/sign-cases.js`
//! replay every one of their inputs through the Node SDK's own request path (`callApi`,
//! `getAuthorization`, `getRPCSignature`), and runs this test with `ACS_INTEROP_NODE_CASES`
//! naming the Node SDK's cases file. Without the variable the test says it was skipped and
//! passes.
//!
//! The checks are those of `interop_sdk.rs` (`common/mod.rs`), with the headers this SDK signs
//! (`host`, `content-type` and `x-acs-*`: our `SignedHeaders::Standard`), and the Node-only
//! class `v2-utf16-order`/`v3-utf16-order` (see `common/mod.rs`).
//!
//! Then the two SDKs side by side, on the same inputs (each Node case carries the Python
//! SDK's canonical request, signature and body under `python_sdk`): V2 and `getAuthorization`
//! as given must be identical; the V3 client's canonical requests must differ only in the
//! headers signed (the Python SDK also signs `accept`, `user-agent` and any other header it
//! sends) and, where the form bodies' bytes differ, only in their hash, the bodies holding the
//! same parameters.

#![allow(clippy::expect_used, clippy::panic)] // test helpers outside #[test] fns

mod common;

use acs_protocol::encoding::parse_urlencoded;
use acs_signer::SignedHeaders;
use base64::Engine as _;
use serde::Deserialize;

const CASES_VAR: &str = "ACS_INTEROP_NODE_CASES";

#[test]
fn official_node_sdk_signatures_match_ours_and_verify() {
    let checked = common::run(&common::Sdk {
        name: "the official Node.js SDK",
        test: "interop_node",
        cases_var: CASES_VAR,
        script: ".ci/interop-node.sh",
        signed_headers: SignedHeaders::Standard,
        // Every input of generate.py's COUNTS, and sign-cases.js's own probes.
        minimum_per_kind: &[
            ("v3-client-ACS3-HMAC-SHA256", 160),
            ("v3-client-ACS3-HMAC-SM3", 60),
            ("v3-client-ACS3-RSA-SHA256", 24),
            ("v3-prepared", 30),
            ("v3-client-special-names", 24),
            ("v2-client", 160),
            ("v3-utf16-order", 6),
            ("v2-utf16-order", 6),
        ],
    });
    if checked {
        node_and_python_sdks_compared();
    }
}

#[derive(Debug, Deserialize)]
struct Document {
    cases: Vec<Case>,
}

#[derive(Debug, Deserialize)]
struct Case {
    id: String,
    kind: String,
    sdk: Steps,
    python_sdk: Option<Steps>,
}

#[derive(Debug, Deserialize)]
struct Steps {
    canonical_request: String,
    signature: String,
    #[serde(default)]
    sent: Option<Sent>,
    /// The Python SDK's body as sent.
    #[serde(default)]
    sent_body_base64: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Sent {
    body_base64: String,
}

/// How the two SDKs' results on one input compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Comparison {
    Identical,
    SignedHeadersDiffer,
    SignedHeadersAndBodyBytesDiffer,
}

fn node_and_python_sdks_compared() {
    let path = std::env::var_os(CASES_VAR).expect("checked by common::run");
    let text = std::fs::read_to_string(&path).expect("read by common::run");
    let document: Document = serde_json::from_str(&text).expect("parsed by common::run");
    let mut counts = std::collections::BTreeMap::new();
    let mut failures = Vec::new();
    for case in &document.cases {
        let Some(python) = &case.python_sdk else {
            continue;
        };
        match compare(case, python) {
            Ok(comparison) => *counts.entry((comparison, v3_client(case))).or_insert(0) += 1,
            Err(message) => failures.push(format!("case {} ({}): {message}", case.id, case.kind)),
        }
    }
    for ((comparison, v3_client), count) in &counts {
        let what = if *v3_client {
            "V3 client cases"
        } else {
            "V2 and V3 prepared cases"
        };
        println!("interop_node: Node and Python SDKs, {what}: {count} {comparison:?}");
    }
    assert!(
        failures.is_empty(),
        "{} cases where the Node and Python SDKs differ otherwise than known:\n\n{}",
        failures.len(),
        common::first_failures(&failures)
    );
    let total: usize = counts.values().sum();
    assert!(
        total >= 458,
        "only {total} cases carry the Python SDK's result"
    );
}

fn v3_client(case: &Case) -> bool {
    case.kind.starts_with("v3-client-")
}

fn compare(case: &Case, python: &Steps) -> Result<Comparison, String> {
    let node = &case.sdk;
    if !v3_client(case) {
        // The same rules on the same input: the same bytes.
        if node.canonical_request != python.canonical_request || node.signature != python.signature
        {
            return Err(format!(
                "node {:?} ({}), python {:?} ({})",
                node.canonical_request, node.signature, python.canonical_request, python.signature
            ));
        }
        return Ok(Comparison::Identical);
    }

    let node_body = decode(&node.sent.as_ref().ok_or("no sent request")?.body_base64)?;
    let python_body = decode(python.sent_body_base64.as_deref().ok_or("no Python body")?)?;
    let bodies_differ = node_body != python_body;
    if bodies_differ && sorted_form(&node_body)? != sorted_form(&python_body)? {
        return Err(format!(
            "the bodies hold different parameters: node {:?}, python {:?}",
            String::from_utf8_lossy(&node_body),
            String::from_utf8_lossy(&python_body)
        ));
    }
    let python_as_node = only_standard_headers(&python.canonical_request);
    let mask = |text: &str| -> String {
        if !bodies_differ {
            return text.to_owned();
        }
        let mut lines: Vec<String> = text
            .split('\n')
            .map(|line| {
                if line.starts_with("x-acs-content-sha256:") {
                    "x-acs-content-sha256:<hash of the body>".to_owned()
                } else {
                    line.to_owned()
                }
            })
            .collect();
        if let Some(last) = lines.last_mut() {
            "<hash of the body>".clone_into(last);
        }
        lines.join("\n")
    };
    if mask(&python_as_node) != mask(&node.canonical_request) {
        return Err(format!(
            "beyond the headers signed{}:\n  node:                      {:?}\n  python, Node's headers:    {:?}",
            if bodies_differ { " and the body" } else { "" },
            node.canonical_request,
            python_as_node
        ));
    }
    Ok(
        match (python_as_node == python.canonical_request, bodies_differ) {
            (true, false) => Comparison::Identical,
            (false, false) => Comparison::SignedHeadersDiffer,
            (_, true) => Comparison::SignedHeadersAndBodyBytesDiffer,
        },
    )
}

/// A V3 canonical request with only the headers the Node SDK signs: `host`, `content-type`
/// and `x-acs-*` (in the canonical headers and in the signed headers line).
fn only_standard_headers(canonical_request: &str) -> String {
    let signed =
        |name: &str| name == "host" || name == "content-type" || name.starts_with("x-acs-");
    let lines: Vec<&str> = canonical_request.split('\n').collect();
    // Method, URI and query; `name:value` lines up to an empty one; the signed headers; the
    // payload hash.
    let blank = lines
        .iter()
        .skip(3)
        .position(|line| line.is_empty())
        .map_or(lines.len(), |p| p + 3);
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        if (3..blank).contains(&i) {
            let name = line.split_once(':').map_or(*line, |(name, _)| name);
            if signed(name) {
                out.push((*line).to_owned());
            }
        } else if i == blank + 1 {
            let names: Vec<&str> = line.split(';').filter(|name| signed(name)).collect();
            out.push(names.join(";"));
        } else {
            out.push((*line).to_owned());
        }
    }
    out.join("\n")
}

fn decode(text: &str) -> Result<Vec<u8>, String> {
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|e| format!("body_base64: {e}"))
}

/// A form body's decoded parameters, sorted.
fn sorted_form(body: &[u8]) -> Result<Vec<(String, String)>, String> {
    let text = std::str::from_utf8(body).map_err(|e| e.to_string())?;
    let mut pairs = parse_urlencoded(text)
        .map(|pair| {
            pair.map(|(n, v)| (n.into_owned(), v.into_owned()))
                .map_err(|e| e.to_string())
        })
        .collect::<Result<Vec<_>, String>>()?;
    pairs.sort();
    Ok(pairs)
}
