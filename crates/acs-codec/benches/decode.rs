//! Decoding the GetMFAAuthenticationSettingInfo response, each format in one group beside
//! its floor: for JSON, `serde_json::from_slice` into a plain struct of the same shape; for
//! XML, a bare quick-xml event scan of the same bytes.
#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;
use std::path::PathBuf;

use acs_codec::{decode_response, encode_response};
use acs_protocol::Format;
use cloudsso_model::GetMfaAuthenticationSettingInfo;
use criterion::{Criterion, criterion_group, criterion_main};
use quick_xml::Reader;
use quick_xml::events::Event;
use serde::Deserialize;

#[derive(Deserialize)]
#[allow(dead_code)]
struct Plain {
    #[serde(rename = "RequestId")]
    request_id: Option<String>,
    #[serde(rename = "MFAAuthenticationSettingInfo")]
    info: Option<PlainInfo>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct PlainInfo {
    #[serde(rename = "MfaAuthenticationAdvanceSettings")]
    advance: Option<String>,
    #[serde(rename = "OperationForRiskLogin")]
    risk: Option<String>,
    #[serde(rename = "AllowedVerificationTypes")]
    types: Option<Vec<String>>,
}

fn json_sample() -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/operations/GetMFAAuthenticationSettingInfo/sample-response.json");
    std::fs::read(path).unwrap()
}

fn response(content_type: &str, body: Vec<u8>) -> http::Response<Vec<u8>> {
    http::Response::builder()
        .status(200)
        .header("content-type", content_type)
        .body(body)
        .unwrap()
}

fn json(c: &mut Criterion) {
    let body = json_sample();
    let http = response("application/json;charset=utf-8", body.clone());
    let mut group = c.benchmark_group("decode_json_get_mfa_authentication_setting_info");
    group.bench_function("floor_serde_json_plain_struct", |b| {
        b.iter(|| serde_json::from_slice::<Plain>(black_box(&body)).unwrap())
    });
    group.bench_function("acs_codec_decode_response", |b| {
        b.iter(|| decode_response::<GetMfaAuthenticationSettingInfo, _>(black_box(&http)).unwrap())
    });
    group.finish();
}

fn xml(c: &mut Criterion) {
    // No XML sample is published for this operation: the XML is the codec's encoding of the
    // JSON sample (the same bytes for both functions).
    let typed = decode_response::<GetMfaAuthenticationSettingInfo, _>(&response(
        "application/json",
        json_sample(),
    ))
    .unwrap();
    let encoded = encode_response::<GetMfaAuthenticationSettingInfo>(&typed, Format::Xml).unwrap();
    let body = encoded.body().clone();
    let mut group = c.benchmark_group("decode_xml_get_mfa_authentication_setting_info");
    group.bench_function("floor_quick_xml_event_scan", |b| {
        b.iter(|| {
            let mut reader = Reader::from_reader(black_box(body.as_slice()));
            let mut events = 0usize;
            loop {
                match reader.read_event().unwrap() {
                    Event::Eof => break,
                    _ => events += 1,
                }
            }
            events
        })
    });
    group.bench_function("acs_codec_decode_response", |b| {
        b.iter(|| {
            decode_response::<GetMfaAuthenticationSettingInfo, _>(black_box(&encoded)).unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, json, xml);
criterion_main!(benches);
