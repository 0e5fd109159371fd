//! The CloudSSO client end to end: against the emulator in process for what it serves, and
//! against stand-ins (in-process transports answering through the codec) for paging and
//! tasks, which the emulator does not serve yet.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use acs_protocol::{Credentials, Format};
use bytes::Bytes;
use cloudsso::acs_client::{HttpClient, RetryConfig};
use cloudsso::types::{
    CreateAccessAssignment, CreateAccessAssignmentResponse, CreateAccessAssignmentTask,
    GetTaskStatus, GetTaskStatusRequest, GetTaskStatusResponse, ListTasksStatus, ListUsers,
    ListUsersRequest, ListUsersResponse, ListUsersUser, MfaAuthenticationStatus, PrincipalType,
    TaskStatus,
};
use cloudsso::{Client, Config, SdkError, WaitError, WaiterConfig};
use cloudsso_emulator::Emulator;
use futures_util::TryStreamExt as _;

const DIRECTORY: &str = "d-00fc2p61****";

fn client_over(http: HttpClient) -> Client {
    let config = Config::builder()
        .region("cn-shanghai")
        .credentials_provider(Credentials::new("testid", "testsecret"))
        .retry_config(RetryConfig::disabled())
        .http_client(http)
        .build();
    Client::new(&config)
}

fn emulator_client() -> (Client, Emulator) {
    let emulator = Emulator::builder()
        .access_key("testid", "testsecret")
        .directory(DIRECTORY)
        // A directory is created beside the configured one (the service allows one).
        .directory_quota(2)
        .build()
        .unwrap();
    let served = emulator.clone();
    let http = HttpClient::from_fn(move |request| {
        let response = served.handle(request).map(Bytes::from);
        async move { Ok(response) }
    });
    (client_over(http), emulator)
}

/// The action a stand-in was asked for (the V3 signature's header).
fn action_of(request: &http::Request<Bytes>) -> String {
    request
        .headers()
        .get("x-acs-action")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned()
}

fn json<O: acs_protocol::Operation>(response: &O::Response) -> http::Response<Bytes> {
    acs_codec::encode_response::<O>(response, Format::Json)
        .unwrap()
        .map(Bytes::from)
}

#[tokio::test]
async fn both_mfa_operations_round_trip() {
    let (client, emulator) = emulator_client();
    for status in [
        MfaAuthenticationStatus::Disabled,
        MfaAuthenticationStatus::Enabled,
    ] {
        client
            .set_mfa_authentication_status()
            .directory_id(DIRECTORY)
            .mfa_authentication_status(status.clone())
            .send()
            .await
            .unwrap();
        let got = client
            .get_mfa_authentication_status()
            .directory_id(DIRECTORY)
            .send()
            .await
            .unwrap();
        assert_eq!(got.mfa_authentication_status, Some(status));
        assert!(got.request_id.is_some());
    }
    assert!(emulator.directory(DIRECTORY).is_some());
}

#[tokio::test]
async fn directories_are_created_listed_read_and_deleted() {
    let (client, _emulator) = emulator_client();
    let created = client
        .create_directory()
        .directory_name("example-dir")
        .send()
        .await
        .unwrap();
    let id = created.directory.unwrap().directory_id.unwrap();
    let listed = client.list_directories().send().await.unwrap();
    let ids: Vec<_> = listed
        .directories
        .unwrap_or_default()
        .into_iter()
        .filter_map(|d| d.directory_id)
        .collect();
    assert!(
        ids.contains(&id) && ids.iter().any(|d| d == DIRECTORY),
        "{ids:?}"
    );
    let got = client
        .get_directory()
        .directory_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(
        got.directory.unwrap().directory_name.as_deref(),
        Some("example-dir")
    );
    client
        .delete_directory()
        .directory_id(&id)
        .send()
        .await
        .unwrap();
    let error = client
        .get_directory()
        .directory_id(&id)
        .send()
        .await
        .unwrap_err();
    let service = error.into_service_error().unwrap();
    assert_eq!(service.status().as_u16(), 404, "{service}");
}

#[tokio::test]
async fn a_missing_required_parameter_fails_before_sending_and_names_it() {
    let sent = Arc::new(AtomicUsize::new(0));
    let counter = sent.clone();
    let client = client_over(HttpClient::from_fn(move |_| {
        counter.fetch_add(1, Ordering::SeqCst);
        async { Ok(http::Response::new(Bytes::new())) }
    }));
    let error = client
        .set_mfa_authentication_status()
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(error, SdkError::ConstructionFailure(_)),
        "{error:?}"
    );
    assert!(
        error.to_string().contains("DirectoryId is required"),
        "{error}"
    );
    assert_eq!(sent.load(Ordering::SeqCst), 0);
}

/// What each page request carried: `MaxResults` and `NextToken`.
type Seen = Arc<std::sync::Mutex<Vec<(Option<i64>, Option<String>)>>>;

/// A stand-in serving `ListUsers` as three pages of two users, from a `NextToken` of the
/// form `pN`; it records each request's `MaxResults` and `NextToken`.
fn three_pages(seen: Seen) -> Client {
    client_over(HttpClient::from_fn(move |request| {
        assert_eq!(action_of(&request), "ListUsers");
        let parsed: ListUsersRequest = acs_codec::decode_request::<ListUsers, _>(&request).unwrap();
        seen.lock()
            .unwrap()
            .push((parsed.max_results, parsed.next_token.clone()));
        let page: usize = match parsed.next_token.as_deref() {
            None => 1,
            Some(token) => token.trim_start_matches('p').parse().unwrap(),
        };
        let users = (0..2).map(|i| {
            ListUsersUser::builder()
                .user_id(format!("u-{page}-{i}"))
                .build()
        });
        let mut response = ListUsersResponse::builder()
            .users(users)
            .is_truncated(page < 3);
        if page < 3 {
            response = response.next_token(format!("p{}", page + 1));
        }
        let body = json::<ListUsers>(&response.build());
        async move { Ok(body) }
    }))
}

#[tokio::test]
async fn a_paginated_list_streams_every_page_and_every_item() {
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let client = three_pages(seen.clone());
    let pages: Vec<ListUsersResponse> = client
        .list_users()
        .directory_id(DIRECTORY)
        .into_paginator()
        .page_size(2)
        .send()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 3);
    assert_eq!(
        *seen.lock().unwrap(),
        vec![
            (Some(2), None),
            (Some(2), Some("p2".to_owned())),
            (Some(2), Some("p3".to_owned()))
        ]
    );
    let users: Vec<ListUsersUser> = client
        .list_users()
        .directory_id(DIRECTORY)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<_> = users.iter().filter_map(|u| u.user_id.as_deref()).collect();
    assert_eq!(ids, ["u-1-0", "u-1-1", "u-2-0", "u-2-1", "u-3-0", "u-3-1"]);
}

#[tokio::test]
async fn a_repeated_token_ends_the_stream_with_an_error_instead_of_looping() {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let client = client_over(HttpClient::from_fn(move |_| {
        counter.fetch_add(1, Ordering::SeqCst);
        let page = ListUsersResponse::builder()
            .users([ListUsersUser::builder().user_id("u-1").build()])
            .is_truncated(true)
            .next_token("same")
            .build();
        let body = json::<ListUsers>(&page);
        async move { Ok(body) }
    }));
    let mut pages = client
        .list_users()
        .directory_id(DIRECTORY)
        .into_paginator()
        .send();
    assert!(pages.next().await.unwrap().is_ok());
    assert!(pages.next().await.unwrap().is_ok());
    let error = pages.next().await.unwrap().unwrap_err();
    assert!(matches!(error, SdkError::PaginationError(_)), "{error:?}");
    assert!(error.to_string().contains("`same`"), "{error}");
    assert!(pages.next().await.is_none());
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_service_error_on_a_page_ends_the_stream() {
    let (client, _emulator) = emulator_client();
    let mut pages = client
        .list_users()
        .directory_id("d-notknown")
        .into_paginator()
        .send();
    let error = pages.next().await.unwrap().unwrap_err();
    let service = error.into_service_error().unwrap();
    assert_eq!(service.code(), "EntityNotExists.Directory");
    assert!(pages.next().await.is_none());
}

/// A stand-in for the task operations: `CreateAccessAssignment` starts task `t-1`, whose
/// `GetTaskStatus` answers the given statuses in turn (the last one forever).
fn tasks(statuses: Vec<(ListTasksStatus, Option<&'static str>)>) -> (Client, Arc<AtomicUsize>) {
    let polls = Arc::new(AtomicUsize::new(0));
    let counter = polls.clone();
    let client = client_over(HttpClient::from_fn(move |request| {
        let body = match action_of(&request).as_str() {
            "CreateAccessAssignment" => {
                let task = CreateAccessAssignmentTask::builder()
                    .task_id("t-1")
                    .status(ListTasksStatus::InProgress)
                    .build();
                json::<CreateAccessAssignment>(
                    &CreateAccessAssignmentResponse::builder().task(task).build(),
                )
            }
            "GetTaskStatus" => {
                let asked: GetTaskStatusRequest =
                    acs_codec::decode_request::<GetTaskStatus, _>(&request).unwrap();
                assert_eq!(asked.task_id.as_deref(), Some("t-1"));
                assert_eq!(asked.directory_id.unwrap().as_str(), DIRECTORY);
                let n = counter.fetch_add(1, Ordering::SeqCst);
                let (status, reason) = statuses[n.min(statuses.len() - 1)].clone();
                let mut task = TaskStatus::builder().task_id("t-1").status(status);
                if let Some(reason) = reason {
                    task = task.failure_reason(reason);
                }
                json::<GetTaskStatus>(
                    &GetTaskStatusResponse::builder()
                        .task_status(task.build())
                        .build(),
                )
            }
            other => panic!("unexpected {other}"),
        };
        async move { Ok(body) }
    }));
    (client, polls)
}

fn quick(max_wait: Duration) -> WaiterConfig {
    WaiterConfig::new(max_wait)
        .with_initial_delay(Duration::from_millis(5))
        .with_max_delay(Duration::from_millis(20))
}

fn assignment(client: &Client) -> cloudsso::CreateAccessAssignmentFluentBuilder {
    client
        .create_access_assignment()
        .directory_id(DIRECTORY)
        .access_configuration_id("ac-1")
        .target_type("RD-Account")
        .target_id("1234")
        .principal_type(PrincipalType::User)
        .principal_id("u-1")
}

#[tokio::test]
async fn send_and_wait_polls_until_the_task_succeeds() {
    let (client, polls) = tasks(vec![
        (ListTasksStatus::InProgress, None),
        (ListTasksStatus::InProgress, None),
        (ListTasksStatus::Success, None),
    ]);
    let response = assignment(&client)
        .send_and_wait(quick(Duration::from_secs(5)))
        .await
        .unwrap();
    assert_eq!(response.task.unwrap().task_id.as_deref(), Some("t-1"));
    assert_eq!(polls.load(Ordering::SeqCst), 3);
    let status = client
        .wait_until_task_succeeded(DIRECTORY, "t-1", quick(Duration::from_secs(5)))
        .await
        .unwrap();
    assert_eq!(status.status, Some(ListTasksStatus::Success));
}

#[tokio::test]
async fn a_failed_task_is_a_typed_error_with_its_reason() {
    let (client, polls) = tasks(vec![
        (ListTasksStatus::InProgress, None),
        (ListTasksStatus::Failed, Some("NoPermission.RAMRole")),
    ]);
    let error = assignment(&client)
        .send_and_wait(quick(Duration::from_secs(5)))
        .await
        .unwrap_err();
    match &error {
        WaitError::Failed { what, reason } => {
            assert_eq!(reason.as_deref(), Some("NoPermission.RAMRole"));
            assert!(what.contains("t-1"), "{what}");
        }
        other => panic!("expected Failed, got {other:?}"),
    }
    assert!(
        error.to_string().contains("NoPermission.RAMRole"),
        "{error}"
    );
    assert_eq!(polls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_task_that_never_ends_times_out() {
    let (client, polls) = tasks(vec![(ListTasksStatus::InProgress, None)]);
    let max_wait = Duration::from_millis(200);
    let started = Instant::now();
    let error = client
        .wait_until_task_succeeded(DIRECTORY, "t-1", quick(max_wait))
        .await
        .unwrap_err();
    assert!(matches!(error, WaitError::Timeout { .. }), "{error:?}");
    // Failed with the timeout error within the limit plus a generous margin.
    assert!(started.elapsed() < max_wait + Duration::from_secs(5));
    assert!(polls.load(Ordering::SeqCst) >= 2);
}

/// Users and groups end to end against the emulator.
#[tokio::test]
async fn users_and_groups() {
    let (client, _emulator) = emulator_client();
    let created = client
        .create_user()
        .directory_id(DIRECTORY)
        .user_name("alice")
        .send()
        .await;
    let user_id = created.unwrap().user.unwrap().user_id.unwrap();
    let users: Vec<_> = client
        .list_users()
        .directory_id(DIRECTORY)
        .into_paginator()
        .page_size(1)
        .items()
        .send()
        .try_collect()
        .await
        .unwrap();
    assert!(
        users
            .iter()
            .any(|u| u.user_id.as_deref() == Some(user_id.as_str()))
    );
    let group = client
        .create_group()
        .directory_id(DIRECTORY)
        .group_name("admins")
        .send()
        .await
        .unwrap();
    let group_id = group.group.unwrap().group_id.unwrap();
    client
        .add_user_to_group()
        .directory_id(DIRECTORY)
        .group_id(&group_id)
        .user_id(&user_id)
        .send()
        .await
        .unwrap();
    let members: Vec<_> = client
        .list_group_members()
        .directory_id(DIRECTORY)
        .group_id(&group_id)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(members.len(), 1);
}

/// An access assignment granted and waited for against the emulator: the task is
/// `InProgress` at first (the emulator's default transition), the waiter polls it to
/// `Success`, the assignment is listed, and revoking it waits the same way.
#[tokio::test]
async fn an_assignment_granted_and_revoked_with_its_waiter() {
    let (client, _emulator) = emulator_client();
    let user_id = client
        .create_user()
        .directory_id(DIRECTORY)
        .user_name("bob")
        .send()
        .await
        .unwrap()
        .user
        .unwrap()
        .user_id
        .unwrap();
    let configuration_id = client
        .create_access_configuration()
        .directory_id(DIRECTORY)
        .access_configuration_name("ReadOnly")
        .send()
        .await
        .unwrap()
        .access_configuration
        .unwrap()
        .access_configuration_id
        .unwrap();
    let granted = client
        .create_access_assignment()
        .directory_id(DIRECTORY)
        .access_configuration_id(&configuration_id)
        .target_type("RD-Account")
        .target_id("1234567890123456")
        .principal_type(PrincipalType::User)
        .principal_id(&user_id)
        .send_and_wait(quick(Duration::from_secs(5)))
        .await
        .unwrap();
    let task_id = granted.task.unwrap().task_id.unwrap();
    let status = client
        .get_task_status()
        .directory_id(DIRECTORY)
        .task_id(&task_id)
        .send()
        .await
        .unwrap()
        .task_status
        .unwrap();
    assert_eq!(status.status, Some(ListTasksStatus::Success));
    let assignments: Vec<_> = client
        .list_access_assignments()
        .directory_id(DIRECTORY)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(assignments.len(), 1);
    assert_eq!(
        assignments[0].principal_id.as_deref(),
        Some(user_id.as_str())
    );
    client
        .delete_access_assignment()
        .directory_id(DIRECTORY)
        .access_configuration_id(&configuration_id)
        .target_type("RD-Account")
        .target_id("1234567890123456")
        .principal_type(PrincipalType::User)
        .principal_id(&user_id)
        .send_and_wait(quick(Duration::from_secs(5)))
        .await
        .unwrap();
    let left: Vec<_> = client
        .list_access_assignments()
        .directory_id(DIRECTORY)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .unwrap();
    assert!(left.is_empty(), "{left:?}");
}
