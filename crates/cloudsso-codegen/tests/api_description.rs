//! The checked-in API description is complete and consistent; the validator catches what it
//! claims to catch.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::{BTreeMap, BTreeSet};

use cloudsso_codegen::api::{ApiDescription, Kind};
use cloudsso_codegen::{API_PATH, load_api, workspace_root};
use common::operation;

/// The 87 operations of CloudSSO 2021-05-15, as listed in the project's protocol notes
/// (`../shared/docs/protocol.md`, "CloudSSO 2021-05-15 operations (87)").
const ACTIONS: &[&str] = &[
    "EnableService",
    "DisableService",
    "GetServiceStatus",
    "CreateDirectory",
    "ListDirectories",
    "GetDirectory",
    "GetDirectoryStatistics",
    "UpdateDirectory",
    "DeleteDirectory",
    "EnableDelegateAccount",
    "DisableDelegateAccount",
    "CreateUser",
    "ListUsers",
    "GetUser",
    "GetUserId",
    "UpdateUser",
    "UpdateUserStatus",
    "DeleteUser",
    "ResetUserPassword",
    "SetMFAAuthenticationStatus",
    "GetMFAAuthenticationStatus",
    "GetMFAAuthenticationSettingInfo",
    "GetMFAAuthenticationSettings",
    "UpdateMFAAuthenticationSettings",
    "GetUserMFAAuthenticationSettings",
    "UpdateUserMFAAuthenticationSettings",
    "ListMFADevicesForUser",
    "DeleteMFADeviceForUser",
    "CreateGroup",
    "ListGroups",
    "GetGroup",
    "UpdateGroup",
    "DeleteGroup",
    "AddUserToGroup",
    "RemoveUserFromGroup",
    "ListGroupMembers",
    "ListJoinedGroupsForUser",
    "SetExternalSAMLIdentityProvider",
    "GetExternalSAMLIdentityProvider",
    "ClearExternalSAMLIdentityProvider",
    "AddExternalSAMLIdPCertificate",
    "RemoveExternalSAMLIdPCertificate",
    "ListExternalSAMLIdPCertificates",
    "GetDirectorySAMLServiceProviderInfo",
    "SetLoginPreference",
    "GetLoginPreference",
    "SetPasswordPolicy",
    "GetPasswordPolicy",
    "GetAttributePassingSetting",
    "UpdateAttributePassingSetting",
    "CreateSCIMServerCredential",
    "ListSCIMServerCredentials",
    "UpdateSCIMServerCredentialStatus",
    "DeleteSCIMServerCredential",
    "SetSCIMSynchronizationStatus",
    "GetSCIMSynchronizationStatus",
    "CreateAccessConfiguration",
    "ListAccessConfigurations",
    "GetAccessConfiguration",
    "UpdateAccessConfiguration",
    "DeleteAccessConfiguration",
    "AddPermissionPolicyToAccessConfiguration",
    "RemovePermissionPolicyFromAccessConfiguration",
    "ListPermissionPoliciesInAccessConfiguration",
    "UpdateInlinePolicyForAccessConfiguration",
    "ProvisionAccessConfiguration",
    "DeprovisionAccessConfiguration",
    "ListAccessConfigurationProvisionings",
    "CreateAccessAssignment",
    "DeleteAccessAssignment",
    "ListAccessAssignments",
    "GetTask",
    "GetTaskStatus",
    "ListTasks",
    "CreateUserProvisioning",
    "ListUserProvisionings",
    "GetUserProvisioning",
    "UpdateUserProvisioning",
    "DeleteUserProvisioning",
    "GetUserProvisioningConfiguration",
    "UpdateUserProvisioningConfiguration",
    "GetUserProvisioningStatistics",
    "GetUserProvisioningRdAccountStatistics",
    "ListUserProvisioningEvents",
    "GetUserProvisioningEvent",
    "RetryUserProvisioningEvent",
    "DeleteUserProvisioningEvent",
];

fn text() -> String {
    std::fs::read_to_string(workspace_root().join(API_PATH)).unwrap()
}

fn load() -> ApiDescription {
    load_api(&workspace_root()).unwrap()
}

#[test]
fn the_description_is_valid() {
    let problems = load().problems();
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn every_operation_of_the_api_is_described_in_its_order() {
    let api = load();
    let actions: Vec<&str> = api.operations.iter().map(|o| o.action.as_str()).collect();
    assert_eq!(ACTIONS.len(), 87);
    assert_eq!(actions, ACTIONS);
}

#[test]
fn every_member_has_a_description_key_and_parameters_a_place() {
    let api = load();
    for op in &api.operations {
        assert!(
            op.response.iter().any(|f| f.wire_name == "RequestId"),
            "{} has no RequestId",
            op.action
        );
        for p in &op.parameters {
            assert!(p.location.is_some() && p.style.is_some() && p.required.is_some());
            if p.style.as_deref() == Some("json") {
                assert!(
                    matches!(p.kind, Kind::Array | Kind::Object),
                    "{}.{}",
                    op.action,
                    p.wire_name
                );
            }
        }
    }
}

/// The operations of service.md §7 whose Required column has no evidence: `none`, or only
/// † (not checked). None of their parameters is required.
const WITHOUT_EVIDENCE: &[&str] = &[
    "EnableService",
    "DisableService",
    "GetServiceStatus",
    "CreateDirectory",
    "ListDirectories",
    "GetDirectory",
    "GetDirectoryStatistics",
    "UpdateDirectory",
    "DeleteDirectory",
    "ListUsers",
    "GetUser",
    "GetUserId",
    "UpdateUser",
    "UpdateUserStatus",
    "GetMFAAuthenticationStatus",
    "GetMFAAuthenticationSettings",
    "UpdateMFAAuthenticationSettings",
    "GetUserMFAAuthenticationSettings",
    "UpdateUserMFAAuthenticationSettings",
    "ListMFADevicesForUser",
    "DeleteMFADeviceForUser",
    "ListGroups",
    "GetGroup",
    "UpdateGroup",
    "DeleteGroup",
    "ListGroupMembers",
    "ListJoinedGroupsForUser",
    "GetExternalSAMLIdentityProvider",
    "ClearExternalSAMLIdentityProvider",
    "AddExternalSAMLIdPCertificate",
    "RemoveExternalSAMLIdPCertificate",
    "ListExternalSAMLIdPCertificates",
    "GetDirectorySAMLServiceProviderInfo",
    "SetLoginPreference",
    "GetLoginPreference",
    "SetPasswordPolicy",
    "GetPasswordPolicy",
    "GetAttributePassingSetting",
    "UpdateAttributePassingSetting",
    "ListSCIMServerCredentials",
    "UpdateSCIMServerCredentialStatus",
    "DeleteSCIMServerCredential",
    "ListAccessConfigurations",
    "GetAccessConfiguration",
    "DeleteAccessConfiguration",
    "RemovePermissionPolicyFromAccessConfiguration",
    "ListPermissionPoliciesInAccessConfiguration",
    "UpdateInlinePolicyForAccessConfiguration",
    "ListAccessConfigurationProvisionings",
    "GetTask",
    "GetTaskStatus",
    "ListTasks",
    "ListUserProvisionings",
    "GetUserProvisioning",
    "UpdateUserProvisioning",
    "GetUserProvisioningConfiguration",
    "UpdateUserProvisioningConfiguration",
    "GetUserProvisioningStatistics",
    "GetUserProvisioningRdAccountStatistics",
    "ListUserProvisioningEvents",
    "GetUserProvisioningEvent",
    "RetryUserProvisioningEvent",
    "DeleteUserProvisioningEvent",
];

/// The overrides' evidence table (service.md §7 transcribed): action -> (parameters, evidence).
fn evidence_table() -> BTreeMap<String, (BTreeSet<String>, Vec<String>)> {
    let text = std::fs::read_to_string(workspace_root().join("api/overrides.json")).unwrap();
    let overrides: serde_json::Value = serde_json::from_str(&text).unwrap();
    let strings = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_owned())
            .collect()
    };
    overrides["required"]["operations"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(action, entry)| {
            let parameters = strings(&entry["parameters"]).into_iter().collect();
            (action.clone(), (parameters, strings(&entry["evidence"])))
        })
        .collect()
}

/// A parameter is required exactly where service.md §7 gives evidence (✓ API page, R ROS,
/// T Terraform), with that evidence; never in an operation §7 leaves without evidence (†,
/// none), and never for a parameter needed only under a condition.
#[test]
fn required_parameters_are_exactly_those_with_evidence() {
    let api = load();
    let table = evidence_table();
    let mut required = 0;
    for op in &api.operations {
        let with_evidence = table.get(&op.action);
        assert!(
            with_evidence.is_some() != WITHOUT_EVIDENCE.contains(&op.action.as_str()),
            "{}: in the evidence table exactly when §7 gives evidence",
            op.action
        );
        for p in &op.parameters {
            let expected = with_evidence.filter(|(names, _)| names.contains(&p.wire_name));
            match expected {
                Some((_, evidence)) => {
                    assert_eq!(p.required, Some(true), "{}.{}", op.action, p.wire_name);
                    assert_eq!(&p.required_by, evidence, "{}.{}", op.action, p.wire_name);
                    required += 1;
                }
                None => {
                    assert_eq!(p.required, Some(false), "{}.{}", op.action, p.wire_name);
                    assert!(p.required_by.is_empty(), "{}.{}", op.action, p.wire_name);
                }
            }
        }
        if let Some((names, _)) = with_evidence {
            for name in names {
                assert!(op.parameter(name).is_some(), "{}.{name}", op.action);
            }
        }
    }
    assert_eq!(required, 60);
    assert_eq!(table.len() + WITHOUT_EVIDENCE.len(), 87);
    // Needed only under a condition: not marked.
    for (action, parameter) in [
        ("UpdateUserStatus", "NewStatus"),
        (
            "AddPermissionPolicyToAccessConfiguration",
            "InlinePolicyDocument",
        ),
        ("ResetUserPassword", "Password"),
        ("SetMFAAuthenticationStatus", "MFAAuthenticationStatus"),
    ] {
        let op = api.operations.iter().find(|o| o.action == action).unwrap();
        assert_eq!(
            op.parameter(parameter).unwrap().required,
            Some(false),
            "{action}.{parameter}"
        );
    }
    // The evidence of a row split by operation goes to its operation.
    let evidence = |action: &str| table[action].1.clone();
    assert_eq!(evidence("CreateAccessAssignment"), ["ros"]);
    assert_eq!(evidence("DeleteAccessAssignment"), ["terraform"]);
    assert_eq!(evidence("CreateUser"), ["api_page", "ros"]);
}

#[test]
fn the_documented_values_of_the_mfa_operations_are_kept() {
    let api = load();
    let values = |name: &str| -> Vec<String> {
        api.enum_def(name)
            .unwrap()
            .values
            .iter()
            .map(|v| v.value.clone())
            .collect()
    };
    assert_eq!(values("MfaAuthenticationStatus"), ["Enabled", "Disabled"]);
    assert_eq!(
        values("MfaAuthenticationAdvanceSettings"),
        ["Enabled", "Byuser", "Disabled", "OnlyRiskyLogin"]
    );
    assert_eq!(
        values("OperationForRiskLogin"),
        ["Autonomous", "EnforceVerify"]
    );
    let settings = api
        .operations
        .iter()
        .find(|o| o.action == "UpdateMFAAuthenticationSettings")
        .unwrap();
    let types = settings
        .parameters
        .iter()
        .find(|p| p.wire_name == "AllowedVerificationTypes")
        .unwrap();
    assert_eq!(types.style.as_deref(), Some("json"));
}

/// The `key` of the member `wire_name` in the `list` (`parameters` or `response`) of the
/// operation `action`.
fn member<'a>(
    value: &'a mut serde_json::Value,
    action: &str,
    list: &str,
    wire_name: &str,
    key: &str,
) -> &'a mut serde_json::Value {
    let member = operation(value, action)[list]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|m| m["wire_name"] == wire_name)
        .unwrap();
    &mut member[key]
}

/// Each kind of mistake is reported, naming the place.
#[test]
fn the_validator_reports_each_mistake() {
    type Change = dyn Fn(&mut serde_json::Value);
    let cases: &[(&Change, &str)] = &[
        (&|v| v["format_version"] = 1.into(), "format_version"),
        (
            &|v| {
                let first = v["operations"][0].clone();
                v["operations"].as_array_mut().unwrap().push(first);
            },
            "listed twice",
        ),
        (
            &|v| v["operations"][11]["parameters"][0]["location"] = "header".into(),
            "location",
        ),
        (
            &|v| {
                v["operations"][11]["parameters"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("required");
            },
            "required is not stated",
        ),
        (
            &|v| {
                let p = v["operations"][11]["parameters"][0].clone();
                v["operations"][11]["parameters"]
                    .as_array_mut()
                    .unwrap()
                    .push(p);
            },
            "listed twice",
        ),
        (
            &|v| v["types"][0]["fields"][0]["type"] = "array".into(),
            "without items",
        ),
        (
            &|v| v["types"][0]["name"] = v["types"][1]["name"].clone(),
            "also",
        ),
        (
            &|v| v["enums"][0]["values"][1]["value"] = v["enums"][0]["values"][0]["value"].clone(),
            "twice",
        ),
        // Keywords that cannot be raw identifiers name no field or type.
        (
            &|v| v["types"][0]["fields"][0]["wire_name"] = "Self".into(),
            "field name self is a keyword",
        ),
        (
            &|v| v["operations"][11]["parameters"][0]["wire_name"] = "Crate".into(),
            "field name crate is a keyword",
        ),
        (
            &|v| v["operations"][11]["response"][0]["wire_name"] = "super".into(),
            "field name super is a keyword",
        ),
        (
            &|v| v["operations"][0]["action"] = "SELF".into(),
            "Self is a keyword",
        ),
        (
            &|v| v["types"][0]["name"] = "Self".into(),
            "not a Rust type name",
        ),
        (
            &|v| v["enums"][0]["name"] = "Self".into(),
            "not a Rust type name",
        ),
        (
            &|v| v["enums"][0]["values"][0]["rust_name"] = "Self".into(),
            "variant Self is not a Rust name",
        ),
        // Required only with evidence; facts with their sources; examples of their type.
        (
            &|v| *member(v, "CreateUser", "parameters", "Email", "required") = true.into(),
            "CreateUser, parameter Email: required_by is given exactly when required is true",
        ),
        (
            &|v| {
                *member(v, "CreateUser", "parameters", "UserName", "required_by") =
                    serde_json::json!(["hearsay"])
            },
            "CreateUser, parameter UserName: required_by hearsay",
        ),
        (
            &|v| {
                *member(v, "ListUsers", "parameters", "MaxResults", "examples") =
                    serde_json::json!(["10"])
            },
            "ListUsers, parameter MaxResults: example \"10\" is not a value of its type",
        ),
        (
            &|v| {
                operation(v, "ListUsers")["parameters"]
                    .as_array_mut()
                    .unwrap()
                    .iter_mut()
                    .find(|m| m["wire_name"] == "Filter")
                    .unwrap()
                    .as_object_mut()
                    .unwrap()
                    .remove("examples_from");
            },
            "ListUsers, parameter Filter: examples_from is given exactly when there are examples",
        ),
        (
            &|v| {
                operation(v, "ListUsers")
                    .as_object_mut()
                    .unwrap()
                    .remove("summary_from");
            },
            "operation ListUsers: summary_from is given exactly when there is a summary",
        ),
        (
            &|v| operation(v, "ListUsers")["summary_from"] = serde_json::json!(["rumour"]),
            "operation ListUsers: summary_from rumour",
        ),
        (
            &|v| {
                v["source"].as_object_mut().unwrap().remove("go_sdk");
            },
            "summary_from go_sdk without source.go_sdk",
        ),
        // A paginated operation's members are what the model's `paginated!` reads.
        (
            &|v| *member(v, "ListUsers", "parameters", "NextToken", "required") = true.into(),
            "ListUsers, parameter NextToken: the operation is paginated, so this must be an optional string",
        ),
        (
            &|v| *member(v, "ListUsers", "response", "NextToken", "type") = "integer".into(),
            "ListUsers, response field NextToken: the operation is paginated, so this must be a string",
        ),
        (
            &|v| *member(v, "ListTasks", "response", "IsTruncated", "type") = "string".into(),
            "ListTasks, response field IsTruncated: the operation is paginated, so this must be a boolean",
        ),
        (
            &|v| {
                operation(v, "ListGroups")["response"]
                    .as_array_mut()
                    .unwrap()
                    .retain(|m| m["wire_name"] != "IsTruncated");
            },
            "ListGroups, response field IsTruncated: the operation is paginated, so this must be a boolean",
        ),
        (
            &|v| *member(v, "ListGroups", "parameters", "MaxResults", "type") = "string".into(),
            "ListGroups, parameter MaxResults: the operation is paginated, so this must be an optional integer",
        ),
        (
            &|v| {
                let list = operation(v, "ListUsers")["response"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|m| m["wire_name"] == "Users")
                    .unwrap()
                    .clone();
                let mut second = list;
                second["wire_name"] = "MoreUsers".into();
                operation(v, "ListUsers")["response"]
                    .as_array_mut()
                    .unwrap()
                    .push(second);
            },
            "ListUsers, response: the operation is paginated, so this must be a response with exactly one list",
        ),
        (
            &|v| v["operations"][0]["auth"] = "bearer".into(),
            "auth Some(\"bearer\") (absent or anonymous)",
        ),
        (
            &|v| *member(v, "ListUsers", "parameters", "MaxResults", "sensitive") = true.into(),
            "ListUsers, parameter MaxResults: only a plain string can be sensitive",
        ),
    ];
    let original: serde_json::Value = serde_json::from_str(&text()).unwrap();
    for (change, expected) in cases {
        let mut value = original.clone();
        change(&mut value);
        let api: ApiDescription = serde_json::from_value(value).unwrap();
        let problems = api.problems();
        assert!(
            problems.iter().any(|p| p.to_string().contains(expected)),
            "expected a problem with {expected:?}, got {problems:#?}"
        );
    }
    // Object references must resolve.
    let mut value = original.clone();
    let refs = value["operations"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .flat_map(|o| o["response"].as_array_mut().unwrap().iter_mut())
        .find(|f| f["type"] == "object")
        .unwrap();
    refs["ref"] = "NoSuchType".into();
    let api: ApiDescription = serde_json::from_value(value).unwrap();
    assert!(
        api.problems()
            .iter()
            .any(|p| p.problem.contains("unknown type NoSuchType"))
    );
    // Unknown keys are rejected by the reader.
    let mut value = original;
    value["operations"][0]["colour"] = "red".into();
    assert!(serde_json::from_value::<ApiDescription>(value).is_err());
}
