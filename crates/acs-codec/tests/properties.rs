//! Properties: encode then decode is the identity, JSON and XML agree, and no input makes
//! a decoder panic.
#![allow(clippy::unwrap_used, clippy::panic)] // test helpers outside #[test] fns

use acs_codec::{
    RequestHandler, RequestOptions, decode_request_with, decode_response, dispatch_request,
    encode_request, encode_response, sniff_format,
};
use acs_protocol::{Format, Operation};
use cloudsso_model::CloudSso;
use cloudsso_model::{
    GetMfaAuthenticationSettingInfo, GetMfaAuthenticationSettingInfoRequest,
    GetMfaAuthenticationSettingInfoResponse, SetMfaAuthenticationStatus,
    SetMfaAuthenticationStatusRequest, SetMfaAuthenticationStatusResponse,
};
use proptest::prelude::*;
use serde_json::Value;

/// An empty list has no XML form (a list is its element repeated per item), so it decodes
/// as absent; the properties compare values with empty lists taken out.
fn without_empty_lists(value: &mut Value) {
    match value {
        Value::Object(members) => {
            members.retain(|_, member| !matches!(member, Value::Array(items) if items.is_empty()));
            members.values_mut().for_each(without_empty_lists);
        }
        Value::Array(items) => items.iter_mut().for_each(without_empty_lists),
        _ => {}
    }
}

fn normalized<T: serde::Serialize>(value: &T) -> Value {
    let mut value = serde_json::to_value(value).unwrap();
    without_empty_lists(&mut value);
    value
}

fn response_round_trip<O: Operation>(value: &O::Response) -> Result<(), TestCaseError> {
    let json = encode_response::<O>(value, Format::Json).unwrap();
    let from_json = decode_response::<O, _>(&json).unwrap();
    prop_assert_eq!(&from_json, value);

    let xml = encode_response::<O>(value, Format::Xml).unwrap();
    let from_xml = decode_response::<O, _>(&xml).map_err(|error| {
        TestCaseError::fail(format!("{error}\n{}", String::from_utf8_lossy(xml.body())))
    })?;
    prop_assert_eq!(normalized(&from_xml), normalized(value));
    // The JSON and the XML of one value decode to equal values.
    prop_assert_eq!(normalized(&from_xml), normalized(&from_json));
    Ok(())
}

fn request_round_trip<O: Operation>(value: &O::Request) -> Result<(), TestCaseError> {
    let endpoint = "cloudsso.cn-shanghai.aliyuncs.com".parse().unwrap();
    for format in [Format::Json, Format::Xml] {
        let http = encode_request(&endpoint, value, format).unwrap();
        // The model's open enums re-send unknown values, so the server keeps them here.
        let options = RequestOptions::DEFAULT.with_check_allowed_values(false);
        let back = decode_request_with::<O, _>(&http, &options).unwrap();
        prop_assert_eq!(&back, value);
    }
    Ok(())
}

struct Ignore;

impl RequestHandler for Ignore {
    type Output = ();
    fn handle<O: Operation>(self, _: O::Request) {}
}

proptest! {
    #[test]
    fn set_request_round_trips(value in any::<SetMfaAuthenticationStatusRequest>()) {
        request_round_trip::<SetMfaAuthenticationStatus>(&value)?;
    }

    #[test]
    fn get_request_round_trips(value in any::<GetMfaAuthenticationSettingInfoRequest>()) {
        request_round_trip::<GetMfaAuthenticationSettingInfo>(&value)?;
    }

    #[test]
    fn set_response_round_trips(value in any::<SetMfaAuthenticationStatusResponse>()) {
        response_round_trip::<SetMfaAuthenticationStatus>(&value)?;
    }

    #[test]
    fn get_response_round_trips(value in any::<GetMfaAuthenticationSettingInfoResponse>()) {
        response_round_trip::<GetMfaAuthenticationSettingInfo>(&value)?;
    }

    /// Arbitrary bytes never panic, and decode only if they look like JSON or XML.
    #[test]
    fn arbitrary_response_bytes_never_panic(
        body in proptest::collection::vec(any::<u8>(), 0..512),
        content_type in prop::sample::select(vec!["application/json", "text/xml;charset=utf-8", "text/plain"]),
        status in prop::sample::select(vec![200u16, 400, 404, 500, 503]),
    ) {
        let response = http::Response::builder()
            .status(status)
            .header("content-type", content_type)
            .header("x-ratelimit-user-api", String::from_utf8_lossy(&body).replace(['\r', '\n', '\0'], "").chars().filter(|c| c.is_ascii_graphic() || *c == ' ').collect::<String>())
            .body(body.clone())
            .unwrap();
        let result = decode_response::<GetMfaAuthenticationSettingInfo, _>(&response);
        if status != 200 {
            prop_assert!(result.is_err());
        } else if result.is_ok() {
            prop_assert!(sniff_format(&body).is_some());
        }
    }

    /// Text that looks like XML (made of its pieces) never panics either.
    #[test]
    fn xml_like_text_never_panics(
        pieces in proptest::collection::vec(prop::sample::select(vec![
            "<GetMFAAuthenticationSettingInfoResponse>", "</GetMFAAuthenticationSettingInfoResponse>",
            "<MFAAuthenticationSettingInfo>", "</MFAAuthenticationSettingInfo>", "<AllowedVerificationTypes>",
            "</AllowedVerificationTypes>", "<RequestId>", "</RequestId>", "<a>", "</a>", "<b/>", "x", " ",
            "&amp;", "&#0;", "&#xD800;", "&bogus;", "<![CDATA[", "]]>", "<!--", "-->", "<?xml version='1.0'?>",
            "<!DOCTYPE x [<!ENTITY e 'y'>]>", "&e;", "\u{feff}", "<", ">", "&",
        ]), 0..40),
    ) {
        let body = pieces.concat();
        let _ = acs_codec::decode_body::<GetMfaAuthenticationSettingInfo>(
            body.as_bytes(), Format::Xml, &acs_codec::Limits::DEFAULT);
    }

    /// Arbitrary queries, forms, methods and headers never panic on the server.
    #[test]
    fn arbitrary_requests_never_panic(
        query in "[A-Za-z0-9%=&.+*~_-]{0,80}",
        body in proptest::collection::vec(any::<u8>(), 0..200),
        action in prop::sample::select(vec!["SetMFAAuthenticationStatus", "GetMFAAuthenticationSettingInfo", "Other", ""]),
        method in prop::sample::select(vec!["GET", "POST", "PUT"]),
    ) {
        let request = http::Request::builder()
            .method(method)
            .uri(format!("/?Action={action}&{query}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .unwrap();
        let _ = acs_codec::requested_format(&request);
        let _ = dispatch_request::<CloudSso, _, _>(&request, &RequestOptions::DEFAULT, Ignore);
    }
}
