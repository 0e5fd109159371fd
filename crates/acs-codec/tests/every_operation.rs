//! Round trips of every operation of the model, generic over the operation through
//! `visit_arbitrary_operation`: request encode (client) then decode (server) is the
//! identity; response encode then decode is the identity in JSON and in XML; the JSON and
//! the XML of one response decode to equal values.
//!
//! Two documented exceptions, normalized here and nowhere else: an empty list has no XML
//! form (absent == empty, a list being its element repeated per item), and a flattened
//! request parameter (`Name.1.Key`) has no form for an empty list or an object without
//! members. Parameters that travel as JSON text keep both, and are compared exactly.
//!
//! `PROPTEST_CASES` sets the cases per operation and property (default 64: 87 operations
//! × 3 properties in a few seconds in debug).
#![allow(clippy::unwrap_used, clippy::panic)] // test helpers outside #[test] fns

use acs_codec::{
    RequestHandler, RequestOptions, decode_request_with, decode_response, dispatch_request,
    encode_request, encode_response,
};
use acs_protocol::operation::ParameterStyle;
use acs_protocol::{Format, Operation};
use cloudsso_model::CloudSso;
use cloudsso_model::{ArbitraryOperationVisitor, OPERATIONS, visit_arbitrary_operation};
use proptest::arbitrary::{Arbitrary, any};
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::Value;

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(64)
}

/// `value` without what has no wire form: empty lists, and (when `objects`) objects left
/// without members; `None` when nothing is left.
fn without_empty(value: Value, objects: bool) -> Option<Value> {
    match value {
        Value::Array(items) => {
            let items: Vec<Value> = items
                .into_iter()
                .filter_map(|item| without_empty(item, objects))
                .collect();
            (!items.is_empty()).then_some(Value::Array(items))
        }
        Value::Object(members) => {
            let members: serde_json::Map<String, Value> = members
                .into_iter()
                .filter_map(|(name, member)| Some((name, without_empty(member, objects)?)))
                .collect();
            (!objects || !members.is_empty()).then_some(Value::Object(members))
        }
        other => Some(other),
    }
}

/// The XML exception: empty lists taken out, at any depth.
fn xml_normalized<T: serde::Serialize>(value: &T) -> Value {
    without_empty(serde_json::to_value(value).unwrap(), false).unwrap_or(Value::Null)
}

/// The flattening exception, for the flattened parameters of `O` only.
fn request_normalized<O: Operation>(request: &O::Request) -> Value {
    let Value::Object(mut members) = serde_json::to_value(request).unwrap() else {
        panic!(
            "{}: a request serializes as an object",
            O::DESCRIPTION.action
        );
    };
    for parameter in O::DESCRIPTION.parameters {
        if parameter.style == ParameterStyle::Json {
            continue;
        }
        if let Some(value) = members.remove(parameter.wire_name)
            && let Some(value) = without_empty(value, true)
        {
            members.insert(parameter.wire_name.to_owned(), value);
        }
    }
    Value::Object(members)
}

/// Hands the decoded request back as its serde form, to compare with what was sent.
struct Echo;

impl RequestHandler for Echo {
    type Output = Value;
    fn handle<O: Operation>(self, request: O::Request) -> Value {
        serde_json::to_value(request).unwrap()
    }
}

fn request_round_trip<O: Operation>(value: &O::Request) -> Result<(), TestCaseError> {
    let endpoint = "cloudsso.cn-shanghai.aliyuncs.com".parse().unwrap();
    // The model's open enums re-send unknown values, so the server keeps them here.
    let options = RequestOptions::DEFAULT.with_check_allowed_values(false);
    let expected = request_normalized::<O>(value);
    for format in [Format::Json, Format::Xml] {
        let http = encode_request(&endpoint, value, format).unwrap();
        let back = decode_request_with::<O, _>(&http, &options)
            .map_err(|error| TestCaseError::fail(format!("{error}\n{}", http.uri())))?;
        if expected == serde_json::to_value(value).unwrap() {
            prop_assert_eq_(&back, value)?;
        }
        prop_assert_eq_(&request_normalized::<O>(&back), &expected)?;
    }
    // The server's entry point by action (the V3 header) decodes alike.
    let mut http = encode_request(&endpoint, value, Format::Json).unwrap();
    http.headers_mut()
        .insert("x-acs-action", O::DESCRIPTION.action.parse().unwrap());
    let echoed = dispatch_request::<CloudSso, _, _>(&http, &options, Echo)
        .map_err(|error| TestCaseError::fail(format!("dispatch: {error}")))?;
    let back: O::Request = serde_json::from_value(echoed).unwrap();
    prop_assert_eq_(&request_normalized::<O>(&back), &expected)
}

fn response_round_trip<O: Operation>(value: &O::Response) -> Result<(), TestCaseError> {
    let json = encode_response::<O>(value, Format::Json).unwrap();
    let from_json = decode_response::<O, _>(&json).map_err(|error| {
        TestCaseError::fail(format!("{error}\n{}", String::from_utf8_lossy(json.body())))
    })?;
    prop_assert_eq_(&from_json, value)?;

    let xml = encode_response::<O>(value, Format::Xml).unwrap();
    let from_xml = decode_response::<O, _>(&xml).map_err(|error| {
        TestCaseError::fail(format!("{error}\n{}", String::from_utf8_lossy(xml.body())))
    })?;
    prop_assert_eq_(&xml_normalized(&from_xml), &xml_normalized(value))?;
    // The JSON and the XML of one value decode to equal values.
    prop_assert_eq_(&xml_normalized(&from_xml), &xml_normalized(&from_json))
}

fn prop_assert_eq_<T: PartialEq + std::fmt::Debug>(
    found: &T,
    expected: &T,
) -> Result<(), TestCaseError> {
    if found == expected {
        Ok(())
    } else {
        Err(TestCaseError::fail(format!(
            "decoded {found:#?}\nexpected {expected:#?}"
        )))
    }
}

#[derive(Clone, Copy)]
enum Property {
    Request,
    Response,
}

impl ArbitraryOperationVisitor for Property {
    type Output = Result<u32, String>;

    fn visit<O>(self) -> Self::Output
    where
        O: Operation,
        O::Request: Arbitrary,
        O::Response: Arbitrary,
    {
        let cases = cases();
        let config = Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        };
        let mut runner = TestRunner::new(config);
        let result = match self {
            Property::Request => runner
                .run(&any::<O::Request>(), |value| {
                    request_round_trip::<O>(&value)
                })
                .map_err(|error| error.to_string()),
            Property::Response => runner
                .run(&any::<O::Response>(), |value| {
                    response_round_trip::<O>(&value)
                })
                .map_err(|error| error.to_string()),
        };
        result
            .map(|()| cases)
            .map_err(|error| format!("{}: {error}", O::DESCRIPTION.action))
    }
}

fn every_operation(property: Property) {
    let mut failures = Vec::new();
    let mut cases = 0;
    for description in OPERATIONS {
        match visit_arbitrary_operation(description.action, property) {
            Some(Ok(ran)) => cases += ran,
            Some(Err(failure)) => failures.push(failure),
            None => failures.push(format!("{}: not visited", description.action)),
        }
    }
    assert_eq!(OPERATIONS.len(), 87, "every operation of 2021-05-15");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(cases >= 87, "{cases} cases");
}

#[test]
fn every_request_round_trips_through_client_and_server() {
    every_operation(Property::Request);
}

#[test]
fn every_response_round_trips_in_json_and_xml_alike() {
    every_operation(Property::Response);
}
