//! The wire rules beyond the two MFA operations, checked against real operations with
//! hand-written wire forms: flattened lists of objects in requests (`Tags.1.Key`),
//! integers and booleans, and XML lists as the element repeated per item, nested.
#![allow(clippy::unwrap_used)] // test helpers outside #[test] fns

mod common;

use acs_codec::{
    RequestError, decode_body, decode_request, decode_response, encode_request, encode_response,
};
use acs_protocol::Format;
use cloudsso_model::{
    ExternalId, ListUsers, ListUsersRequest, ListUsersResponse, ListUsersUser, RequestId,
    ResetUserPassword, ResetUserPasswordRequest, Tag,
};
use common::xml_tree;

fn endpoint() -> http::Uri {
    "cloudsso.cn-shanghai.aliyuncs.com".parse().unwrap()
}

fn post(uri: &str) -> http::Request<Vec<u8>> {
    http::Request::post(uri).body(Vec::new()).unwrap()
}

fn tag(key: &str, value: &str) -> Tag {
    Tag::builder().key(key).value(value).build()
}

#[test]
fn list_users_flattens_tags_and_sends_max_results_as_an_integer() {
    let request = ListUsersRequest::builder()
        .directory_id("d-00fc2p61****")
        .max_results(50)
        .status("Enabled")
        .tags([tag("env", "prod"), tag("team", "a b")])
        .build()
        .unwrap();
    let http = encode_request(&endpoint(), &request, Format::Json).unwrap();
    assert_eq!(
        http.uri().query(),
        Some(
            "DirectoryId=d-00fc2p61%2A%2A%2A%2A&MaxResults=50&Status=Enabled\
             &Tags.1.Key=env&Tags.1.Value=prod&Tags.2.Key=team&Tags.2.Value=a%20b"
        )
    );
    assert_eq!(decode_request::<ListUsers, _>(&http).unwrap(), request);
}

#[test]
fn the_server_reads_flattened_items_by_their_index_in_any_order() {
    // Items by number, not by position in the query: 2 before 1, 10 after 2.
    let http = post(
        "/?Tags.10.Key=c&Tags.2.Value=v2&Tags.1.Key=a&Tags.2.Key=b&MaxResults=%2B7&Tags.x.Key=skipped",
    );
    let request = decode_request::<ListUsers, _>(&http).unwrap();
    assert_eq!(
        request.tags,
        Some(vec![
            Tag::builder().key("a").build(),
            tag("b", "v2"),
            Tag::builder().key("c").build(),
        ])
    );
    assert_eq!(request.max_results, Some(7));
}

#[test]
fn an_integer_that_is_not_one_is_invalid_name() {
    let error = decode_request::<ListUsers, _>(&post("/?MaxResults=ten")).unwrap_err();
    assert_eq!(error.code(), "InvalidMaxResults");
    assert_eq!(
        error.to_string(),
        "parameter MaxResults is `ten`; expected an integer"
    );
    let error = decode_request::<ListUsers, _>(&post("/?MaxResults=1.5")).unwrap_err();
    assert!(matches!(
        error,
        RequestError::InvalidParameter {
            name: "MaxResults",
            ..
        }
    ));
}

#[test]
fn booleans_travel_as_true_and_false_and_the_python_sdks_capitals_are_accepted() {
    let request = ResetUserPasswordRequest::builder()
        .directory_id("d-1")
        .user_id("u-1")
        .generate_random_password(true)
        .require_password_reset_for_next_login(false)
        .build()
        .unwrap();
    let http = encode_request(&endpoint(), &request, Format::Json).unwrap();
    assert_eq!(
        http.uri().query(),
        Some(
            "DirectoryId=d-1&GenerateRandomPassword=true&RequirePasswordResetForNextLogin=false&UserId=u-1"
        )
    );
    assert_eq!(
        decode_request::<ResetUserPassword, _>(&http).unwrap(),
        request
    );

    // The official Python SDK sends `str(True)`.
    let python = post(
        "/?DirectoryId=d-1&UserId=u-1&GenerateRandomPassword=True&RequirePasswordResetForNextLogin=False",
    );
    assert_eq!(
        decode_request::<ResetUserPassword, _>(&python).unwrap(),
        request
    );

    let error = decode_request::<ResetUserPassword, _>(&post(
        "/?DirectoryId=d-1&UserId=u-1&GenerateRandomPassword=yes",
    ))
    .unwrap_err();
    assert_eq!(error.code(), "InvalidGenerateRandomPassword");
    assert_eq!(
        error.to_string(),
        "parameter GenerateRandomPassword is `yes`; expected true or false"
    );
}

fn list_users_response() -> ListUsersResponse {
    ListUsersResponse::builder()
        .is_truncated(true)
        .max_results(2)
        .next_token("K1c3o0")
        .request_id(RequestId::from_service("14E2B1A9-7713"))
        .total_counts(5)
        .users([
            ListUsersUser::builder()
                .user_id("u-1")
                .user_name("alice")
                .status("Enabled")
                .tags([tag("env", "prod"), tag("team", "x&y")])
                .build(),
            ListUsersUser::builder()
                .user_id("u-2")
                .provision_type("Synchronized")
                .external_id(ExternalId::builder().id("e-2").issuer("SCIM").build())
                .tags([tag("env", "dev")])
                .build(),
        ])
        .build()
}

/// The service's XML: each list as its element repeated per item, lists in lists too.
const LIST_USERS_XML: &str = "<?xml version='1.0' encoding='UTF-8'?><ListUsersResponse>\
    <IsTruncated>true</IsTruncated><MaxResults>2</MaxResults><NextToken>K1c3o0</NextToken>\
    <RequestId>14E2B1A9-7713</RequestId><TotalCounts>5</TotalCounts>\
    <Users><Status>Enabled</Status>\
    <Tags><Key>env</Key><Value>prod</Value></Tags><Tags><Key>team</Key><Value>x&amp;y</Value></Tags>\
    <UserId>u-1</UserId><UserName>alice</UserName></Users>\
    <Users><ExternalId><Id>e-2</Id><Issuer>SCIM</Issuer></ExternalId>\
    <ProvisionType>Synchronized</ProvisionType><Tags><Key>env</Key><Value>dev</Value></Tags>\
    <UserId>u-2</UserId></Users>\
    </ListUsersResponse>";

const LIST_USERS_JSON: &str = r#"{"IsTruncated":true,"MaxResults":2,"NextToken":"K1c3o0",
    "RequestId":"14E2B1A9-7713","TotalCounts":5,"Users":[
    {"Status":"Enabled","Tags":[{"Key":"env","Value":"prod"},{"Key":"team","Value":"x&y"}],
     "UserId":"u-1","UserName":"alice"},
    {"ExternalId":{"Id":"e-2","Issuer":"SCIM"},"ProvisionType":"Synchronized",
     "Tags":[{"Key":"env","Value":"dev"}],"UserId":"u-2"}]}"#;

#[test]
fn nested_lists_of_objects_are_repeated_elements_in_xml() {
    let value = list_users_response();
    let xml = encode_response::<ListUsers>(&value, Format::Xml).unwrap();
    assert_eq!(std::str::from_utf8(xml.body()).unwrap(), LIST_USERS_XML);
    assert_eq!(decode_response::<ListUsers, _>(&xml).unwrap(), value);

    let json = encode_response::<ListUsers>(&value, Format::Json).unwrap();
    let encoded: serde_json::Value = serde_json::from_slice(json.body()).unwrap();
    let expected: serde_json::Value = serde_json::from_str(LIST_USERS_JSON).unwrap();
    assert_eq!(encoded, expected);
    let from_json = decode_body::<ListUsers>(
        LIST_USERS_JSON.as_bytes(),
        Format::Json,
        &Default::default(),
    );
    assert_eq!(from_json.unwrap(), value);
}

#[test]
fn xml_as_a_person_lays_it_out_reads_the_same() {
    // Indented, list items not next to each other, a one-item list, elements in another
    // order: the same value.
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<ListUsersResponse>
  <Users>
    <UserId>u-1</UserId>
    <Tags>
      <Key>env</Key>
      <Value>prod</Value>
    </Tags>
    <UserName>alice</UserName>
    <Tags><Value>x&amp;y</Value><Key>team</Key></Tags>
    <Status>Enabled</Status>
  </Users>
  <RequestId>14E2B1A9-7713</RequestId>
  <Users>
    <UserId>u-2</UserId>
    <ProvisionType>Synchronized</ProvisionType>
    <ExternalId><Issuer>SCIM</Issuer><Id>e-2</Id></ExternalId>
    <Tags><Key>env</Key><Value>dev</Value></Tags>
  </Users>
  <IsTruncated>true</IsTruncated>
  <MaxResults>2</MaxResults>
  <TotalCounts>5</TotalCounts>
  <NextToken>K1c3o0</NextToken>
</ListUsersResponse>
"#;
    let decoded = decode_body::<ListUsers>(xml.as_bytes(), Format::Xml, &Default::default());
    assert_eq!(decoded.unwrap(), list_users_response());
    // And it is the same document, element by element, once laid out alike.
    let ours = encode_response::<ListUsers>(&list_users_response(), Format::Xml).unwrap();
    assert_eq!(xml_tree(ours.body()).children.len(), 7);
}

#[test]
fn integers_and_booleans_in_xml_are_checked_by_their_element() {
    let decode = |inner: &str| {
        let xml = format!("<ListUsersResponse>{inner}</ListUsersResponse>");
        decode_body::<ListUsers>(xml.as_bytes(), Format::Xml, &Default::default())
    };
    let error = decode("<IsTruncated>maybe</IsTruncated>").unwrap_err();
    assert!(error.to_string().contains("IsTruncated"), "{error}");
    assert!(error.to_string().contains("maybe"), "{error}");
    let error = decode("<Users><Tags><Key><b/></Key></Tags></Users>").unwrap_err();
    assert_eq!(
        error.to_string(),
        "element <Users[0]/Tags[0]/Key>: found child element <b>, expected text"
    );
    let error = decode("<TotalCounts>5x</TotalCounts>").unwrap_err();
    assert!(error.to_string().contains("TotalCounts"), "{error}");
    assert_eq!(
        decode("<TotalCounts> 5 </TotalCounts><IsTruncated>false</IsTruncated>")
            .unwrap()
            .total_counts,
        Some(5)
    );
}
