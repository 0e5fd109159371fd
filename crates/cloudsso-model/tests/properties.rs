//! Properties of the serde form every crate builds on.
#![allow(clippy::unwrap_used)] // test helpers outside #[test] fns

use cloudsso_model::{
    GetMfaAuthenticationSettingInfoRequest, GetMfaAuthenticationSettingInfoResponse,
    MfaAuthenticationAdvanceSettings, MfaAuthenticationStatus, OperationForRiskLogin,
    SetMfaAuthenticationStatusRequest, SetMfaAuthenticationStatusResponse,
};
use proptest::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

fn json_round_trip<T>(value: &T) -> Result<(), TestCaseError>
where
    T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let text = serde_json::to_string(value).unwrap();
    let back: T = serde_json::from_str(&text).unwrap();
    prop_assert_eq!(&back, value, "{}", text);
    Ok(())
}

/// Adds a field no version of the API has, at the top level and in every nested object.
fn with_unknown_fields(value: &mut serde_json::Value) {
    if let serde_json::Value::Object(map) = value {
        for nested in map.values_mut() {
            with_unknown_fields(nested);
        }
        map.insert(
            "FieldFromTheFuture".into(),
            serde_json::json!({"Nested": [1, "x"]}),
        );
    }
}

fn ignores_unknown_fields<T>(value: &T) -> Result<(), TestCaseError>
where
    T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let mut json = serde_json::to_value(value).unwrap();
    with_unknown_fields(&mut json);
    let back: T = serde_json::from_value(json).unwrap();
    prop_assert_eq!(&back, value);
    Ok(())
}

proptest! {
    #[test]
    fn set_request_round_trips(value in any::<SetMfaAuthenticationStatusRequest>()) {
        json_round_trip(&value)?;
        ignores_unknown_fields(&value)?;
    }

    #[test]
    fn set_response_round_trips(value in any::<SetMfaAuthenticationStatusResponse>()) {
        json_round_trip(&value)?;
        ignores_unknown_fields(&value)?;
    }

    #[test]
    fn get_request_round_trips(value in any::<GetMfaAuthenticationSettingInfoRequest>()) {
        json_round_trip(&value)?;
        ignores_unknown_fields(&value)?;
    }

    #[test]
    fn get_response_round_trips(value in any::<GetMfaAuthenticationSettingInfoResponse>()) {
        json_round_trip(&value)?;
        ignores_unknown_fields(&value)?;
    }

    /// Any string decodes; a documented one to its variant, any other to `Unknown` holding it,
    /// and it is re-sent exactly as received.
    #[test]
    fn enum_values_survive_a_round_trip(wire in "\\PC*") {
        fn check<T>(wire: &str, known: &[&str], as_str: impl Fn(&T) -> &str, is_known: impl Fn(&T) -> bool) -> Result<(), TestCaseError>
        where
            T: Serialize + DeserializeOwned,
        {
            let value: T = serde_json::from_value(wire.into()).unwrap();
            prop_assert_eq!(as_str(&value), wire);
            prop_assert_eq!(is_known(&value), known.contains(&wire));
            prop_assert_eq!(serde_json::to_value(&value).unwrap(), serde_json::Value::from(wire));
            Ok(())
        }
        check::<MfaAuthenticationStatus>(&wire, MfaAuthenticationStatus::VALUES, |v| v.as_str(), |v| v.is_known())?;
        check::<MfaAuthenticationAdvanceSettings>(&wire, MfaAuthenticationAdvanceSettings::VALUES, |v| v.as_str(), |v| v.is_known())?;
        check::<OperationForRiskLogin>(&wire, OperationForRiskLogin::VALUES, |v| v.as_str(), |v| v.is_known())?;
    }

    /// An unknown status in a request is re-sent unchanged.
    #[test]
    fn unknown_status_is_resent(status in "[A-Za-z]{1,12}") {
        let json = serde_json::json!({"DirectoryId": "d-00fc2p61****", "MFAAuthenticationStatus": status});
        let request: SetMfaAuthenticationStatusRequest = serde_json::from_value(json.clone()).unwrap();
        prop_assert_eq!(serde_json::to_value(&request).unwrap(), json);
    }
}

/// Every request and response of every operation survives a serde JSON round trip and
/// ignores fields it does not know.
#[test]
fn every_operation_round_trips() {
    use cloudsso_model::{ArbitraryOperationVisitor, OPERATIONS, visit_arbitrary_operation};
    use proptest::test_runner::{Config, TestRunner};

    struct RoundTrip;

    impl ArbitraryOperationVisitor for RoundTrip {
        type Output = Result<(), String>;

        fn visit<O>(self) -> Self::Output
        where
            O: acs_protocol::Operation,
            O::Request: Arbitrary,
            O::Response: Arbitrary,
        {
            let mut runner = TestRunner::new(Config {
                cases: 32,
                failure_persistence: None,
                ..Config::default()
            });
            runner
                .run(&any::<O::Request>(), |value| {
                    json_round_trip(&value)?;
                    ignores_unknown_fields(&value)
                })
                .map_err(|e| format!("{} request: {e}", O::DESCRIPTION.action))?;
            runner
                .run(&any::<O::Response>(), |value| {
                    json_round_trip(&value)?;
                    ignores_unknown_fields(&value)
                })
                .map_err(|e| format!("{} response: {e}", O::DESCRIPTION.action))
        }
    }

    assert_eq!(OPERATIONS.len(), 87);
    for description in OPERATIONS {
        let outcome = visit_arbitrary_operation(description.action, RoundTrip);
        assert_eq!(outcome, Some(Ok(())), "{}", description.action);
    }
    assert!(visit_arbitrary_operation("NoSuchAction", RoundTrip).is_none());
}
