//! The paginator, with the real list operations and a stand-in service that speaks the
//! codec's wire forms.
#![allow(clippy::unwrap_used, clippy::panic)] // test helpers outside #[test] fns

use acs_protocol::{Format, Operation, OperationVisitor};
use cloudsso_codec::{
    PaginationError, Paginator, decode_request, decode_response, encode_request, encode_response,
    is_paginated,
};
use cloudsso_model::{
    ListDirectories, ListDirectoriesRequest, ListUsers, ListUsersRequest, ListUsersResponse,
    ListUsersUser, OPERATIONS, visit_operation,
};
use serde_json::json;

#[test]
fn the_paginated_operations_are_found_by_their_descriptions() {
    let paginated: Vec<&str> = OPERATIONS
        .iter()
        .filter(|description| is_paginated(description))
        .map(|description| description.action)
        .collect();
    assert_eq!(
        paginated,
        [
            "ListUsers",
            "ListGroups",
            "ListGroupMembers",
            "ListJoinedGroupsForUser",
            "ListAccessConfigurations",
            "ListAccessConfigurationProvisionings",
            "ListAccessAssignments",
            "ListTasks",
            "ListUserProvisionings",
            "ListUserProvisioningEvents",
        ]
    );
    // ListDirectories answers every directory at once: no NextToken.
    let error = Paginator::<ListDirectories>::new(ListDirectoriesRequest::default()).unwrap_err();
    assert_eq!(
        error,
        PaginationError::NotPaginated {
            action: "ListDirectories"
        }
    );
    assert_eq!(
        error.to_string(),
        "ListDirectories is not paginated: expected a NextToken request parameter and a NextToken response field"
    );
}

fn user(id: &str) -> ListUsersUser {
    ListUsersUser::builder().user_id(id).build()
}

/// A service with three pages of users, answering on the wire: it decodes the HTTP
/// request as a server does and encodes its answer in the format asked for.
fn three_pages(http: &http::Request<Vec<u8>>, format: Format) -> http::Response<Vec<u8>> {
    let request = decode_request::<ListUsers, _>(http).unwrap();
    assert_eq!(request.max_results, Some(2), "kept on every page");
    assert_eq!(request.filter.as_deref(), Some("UserName sw a"), "kept");
    let page = match request.next_token.as_deref() {
        None => ListUsersResponse::builder()
            .users([user("u-1"), user("u-2")])
            .is_truncated(true)
            .next_token("page+2/="),
        Some("page+2/=") => ListUsersResponse::builder()
            .users([user("u-3"), user("u-4")])
            .is_truncated(true)
            .next_token("page3"),
        Some("page3") => ListUsersResponse::builder()
            .users([user("u-5")])
            .is_truncated(false),
        Some(other) => panic!("unexpected token {other}"),
    };
    encode_response::<ListUsers>(&page.total_counts(5).max_results(2).build(), format).unwrap()
}

#[test]
fn three_pages_are_read_in_order_through_the_wire() {
    let endpoint = "cloudsso.cn-shanghai.aliyuncs.com".parse().unwrap();
    for format in [Format::Json, Format::Xml] {
        let first = ListUsersRequest::builder()
            .directory_id("d-1")
            .max_results(2)
            .filter("UserName sw a")
            .build()
            .unwrap();
        let mut pages = Paginator::<ListUsers>::new(first).unwrap();
        let mut users = Vec::new();
        let mut queries = Vec::new();
        while let Some(request) = pages.next_request() {
            let http = encode_request(&endpoint, request, format).unwrap();
            queries.push(http.uri().query().unwrap_or_default().to_owned());
            let response = decode_response::<ListUsers, _>(&three_pages(&http, format)).unwrap();
            let more = pages.advance(&response).unwrap();
            assert_eq!(more, !pages.is_done());
            users.extend(response.users.unwrap_or_default());
        }
        let ids: Vec<_> = users.iter().filter_map(|u| u.user_id.as_deref()).collect();
        assert_eq!(ids, ["u-1", "u-2", "u-3", "u-4", "u-5"], "{format:?}");
        assert_eq!(pages.pages(), 3);
        assert_eq!(
            queries,
            [
                "DirectoryId=d-1&Filter=UserName%20sw%20a&MaxResults=2",
                "DirectoryId=d-1&Filter=UserName%20sw%20a&MaxResults=2&NextToken=page%2B2%2F%3D",
                "DirectoryId=d-1&Filter=UserName%20sw%20a&MaxResults=2&NextToken=page3",
            ]
        );
        // Done stays done.
        let last = ListUsersResponse::builder()
            .is_truncated(true)
            .next_token("x")
            .build();
        assert_eq!(pages.advance(&last), Ok(false));
        assert!(pages.next_request().is_none());
    }
}

#[test]
fn a_token_returned_twice_stops_with_an_error_instead_of_looping() {
    let first = ListUsersRequest::builder().build().unwrap();
    let mut pages = Paginator::<ListUsers>::new(first).unwrap();
    let same = ListUsersResponse::builder()
        .users([user("u-1")])
        .is_truncated(true)
        .next_token("t")
        .build();
    let mut sent = 0;
    let mut result = Ok(true);
    while let Some(request) = pages.next_request() {
        sent += 1;
        assert!(sent <= 2, "the paginator loops");
        assert_eq!(
            request.next_token.as_deref(),
            (sent == 2).then_some("t"),
            "request {sent}"
        );
        result = pages.advance(&same);
        if result.is_err() {
            break;
        }
    }
    let error = result.unwrap_err();
    assert_eq!(
        error,
        PaginationError::RepeatedToken {
            action: "ListUsers",
            token: "t".into(),
            page: 2
        }
    );
    assert_eq!(
        error.to_string(),
        "ListUsers: response 2 has NextToken `t`, which was already used for an earlier page; expected a new token or the last page (stopped rather than loop)"
    );
    assert!(pages.is_done() && pages.next_request().is_none());

    // The token the first request was sent with counts as used too.
    let resumed = ListUsersRequest::builder().next_token("t").build().unwrap();
    let mut pages = Paginator::<ListUsers>::new(resumed).unwrap();
    assert!(matches!(
        pages.advance(&same),
        Err(PaginationError::RepeatedToken { page: 1, .. })
    ));
}

#[test]
fn the_last_page_is_is_truncated_false_or_no_token() {
    let first = || Paginator::<ListUsers>::new(ListUsersRequest::default()).unwrap();
    for last in [
        // IsTruncated false wins over a token.
        ListUsersResponse::builder()
            .is_truncated(false)
            .next_token("t")
            .build(),
        // No token, whatever IsTruncated says.
        ListUsersResponse::builder().build(),
        ListUsersResponse::builder().is_truncated(true).build(),
        ListUsersResponse::builder()
            .is_truncated(true)
            .next_token("")
            .build(),
    ] {
        let mut pages = first();
        assert_eq!(pages.advance(&last), Ok(false), "{last:?}");
        assert!(pages.is_done());
    }
    // A token without IsTruncated is a next page.
    let mut pages = first();
    let more = ListUsersResponse::builder().next_token("t").build();
    assert_eq!(pages.advance(&more), Ok(true));
    assert_eq!(
        pages.next_request().unwrap().next_token.as_deref(),
        Some("t")
    );
}

#[test]
fn a_service_that_never_ends_is_stopped_at_max_pages() {
    let mut pages = Paginator::<ListUsers>::new(ListUsersRequest::default())
        .unwrap()
        .with_max_pages(5);
    let mut sent = 0;
    let error = loop {
        let Some(_) = pages.next_request() else {
            panic!("stopped without an error")
        };
        sent += 1;
        let response = ListUsersResponse::builder()
            .next_token(format!("t{sent}"))
            .build();
        if let Err(error) = pages.advance(&response) {
            break error;
        }
    };
    assert_eq!(sent, 5);
    assert_eq!(
        error.to_string(),
        "ListUsers: response 5 still has a NextToken; expected the last page within 5 pages"
    );
}

/// Three pages of any paginated operation, with no code of its own: the responses are
/// made from their serde form.
struct ThreePages;

impl OperationVisitor for ThreePages {
    type Output = Vec<Option<String>>;

    fn visit<O: Operation>(self) -> Self::Output {
        let first: O::Request = serde_json::from_value(json!({"MaxResults": 10})).unwrap();
        let mut pages = Paginator::<O>::new(first).unwrap();
        let mut tokens = Vec::new();
        let answers = [
            json!({"IsTruncated": true, "NextToken": "a"}),
            json!({"IsTruncated": true, "NextToken": "b"}),
            json!({"IsTruncated": false}),
        ];
        for answer in answers {
            let request = pages.next_request().unwrap();
            let sent = serde_json::to_value(request).unwrap();
            assert_eq!(sent["MaxResults"], 10, "{}", O::DESCRIPTION.action);
            tokens.push(
                sent.get("NextToken")
                    .and_then(|t| t.as_str())
                    .map(str::to_owned),
            );
            let response: O::Response = serde_json::from_value(answer).unwrap();
            pages.advance(&response).unwrap();
        }
        assert!(pages.is_done());
        tokens
    }
}

#[test]
fn every_paginated_operation_pages_alike() {
    let mut count = 0;
    for description in OPERATIONS.iter().filter(|d| is_paginated(d)) {
        let tokens = visit_operation(description.action, ThreePages).unwrap();
        assert_eq!(
            tokens,
            [None, Some("a".to_owned()), Some("b".to_owned())],
            "{}",
            description.action
        );
        count += 1;
    }
    assert_eq!(count, 10);
}
