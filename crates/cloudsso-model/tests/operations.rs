//! The generated operations: the lookup lists agree, the descriptions say how each
//! parameter travels, builders type lists, nested objects and IDs.

use acs_protocol::operation::{Location, ParameterStyle, ValueKind};
use acs_protocol::{Operation, OperationVisitor};
use cloudsso_model::{
    BuildError, CreateUserRequest, ListUsersRequest, OPERATIONS, Tag,
    UpdateMfaAuthenticationSettings, description, visit_operation,
};

struct ActionOf;

impl OperationVisitor for ActionOf {
    type Output = &'static str;
    fn visit<O: Operation>(self) -> &'static str {
        O::DESCRIPTION.action
    }
}

#[test]
fn every_operation_is_listed_and_visited_under_its_action() {
    assert_eq!(OPERATIONS.len(), 87);
    for operation in OPERATIONS {
        assert_eq!(
            visit_operation(operation.action, ActionOf),
            Some(operation.action)
        );
        assert_eq!(description(operation.action), Some(*operation));
        assert_eq!(operation.version, "2021-05-15");
        assert!(
            operation
                .response_fields
                .iter()
                .any(|f| f.wire_name == "RequestId")
        );
        for parameter in operation.parameters {
            assert_eq!(parameter.location, Location::Query, "{}", operation.action);
        }
    }
    assert_eq!(visit_operation("listusers", ActionOf), None);
}

#[test]
fn json_parameters_are_described_as_json_and_lists_as_flat() {
    let settings = UpdateMfaAuthenticationSettings::DESCRIPTION;
    let types = settings.parameter("AllowedVerificationTypes").unwrap();
    assert_eq!(types.style, ParameterStyle::Json);
    assert_eq!(types.kind, ValueKind::List(&ValueKind::String));
    let tags = description("CreateUser")
        .unwrap()
        .parameter("Tags")
        .unwrap();
    assert_eq!(tags.style, ParameterStyle::Flat);
    let ValueKind::List(ValueKind::Object(fields)) = tags.kind else {
        panic!("Tags is {:?}", tags.kind);
    };
    let names: Vec<&str> = fields.iter().map(|f| f.wire_name).collect();
    assert_eq!(names, ["Key", "Value"]);
    let max = description("ListUsers")
        .unwrap()
        .parameter("MaxResults")
        .unwrap();
    assert_eq!(max.kind, ValueKind::Integer);
    assert_eq!(
        (max.limits.minimum, max.limits.maximum),
        (Some(1), Some(100))
    );
}

#[test]
fn builders_take_lists_nested_objects_and_integers() {
    let request = CreateUserRequest::builder()
        .directory_id("d-00fc2p61****")
        .user_name("alice")
        .tags([Tag::builder().key("team").value("a").build()])
        .build()
        .unwrap();
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        serde_json::json!({
            "DirectoryId": "d-00fc2p61****",
            "UserName": "alice",
            "Tags": [{"Key": "team", "Value": "a"}],
        })
    );
    let list = ListUsersRequest::builder().max_results(20).build().unwrap();
    assert_eq!(
        serde_json::to_value(&list).unwrap(),
        serde_json::json!({"MaxResults": 20})
    );
}

/// An optional `DirectoryId` is still checked when it is given.
#[test]
fn an_optional_directory_id_is_validated_when_set() {
    let error = ListUsersRequest::builder()
        .directory_id("")
        .build()
        .unwrap_err();
    assert!(matches!(&error, BuildError::InvalidValue(v) if v.field == "DirectoryId"));
}
