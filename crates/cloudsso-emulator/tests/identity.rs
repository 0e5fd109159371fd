//! Users, groups, memberships, user MFA settings and devices, password resets and
//! `GetUserId` end to end through `Emulator::handle` with signed requests: every create
//! visible in get and list, updates visible, deletes followed by `EntityNotExists.*`,
//! deletion conflicts, duplicates, filters, pages, quotas, the SCIM lock and the password
//! policy.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::collections::BTreeSet;
use std::time::SystemTime;

use acs_protocol::{Credentials, Format, SigningAlgorithm};
use cloudsso_emulator::Emulator;
use serde_json::Value;
use support::*;

fn emulator() -> Emulator {
    Emulator::builder()
        .access_key("testid", "testsecret")
        .directory(DIRECTORY)
        .rate_limit(0)
        .build()
        .unwrap()
}

/// Calls `action` signed with V3, asking for JSON.
fn call(emulator: &Emulator, action: &str, params: &[(&str, &str)]) -> http::Response<Vec<u8>> {
    emulator.handle(signed(
        &Credentials::new("testid", "testsecret"),
        action,
        params,
        SigningAlgorithm::Acs3HmacSha256,
        Format::Json,
        SystemTime::now(),
    ))
}

/// The JSON body of a 200 answer to `action`.
fn ok(emulator: &Emulator, action: &str, params: &[(&str, &str)]) -> Value {
    let response = call(emulator, action, params);
    assert_eq!(
        response.status(),
        200,
        "{action}: {}",
        String::from_utf8_lossy(response.body())
    );
    json(&response)
}

/// The status and code of an error answer to `action`.
fn fails(emulator: &Emulator, action: &str, params: &[(&str, &str)]) -> (u16, String) {
    let response = call(emulator, action, params);
    (response.status().as_u16(), code_of(&response))
}

fn expect(status: u16, code: &str) -> (u16, String) {
    (status, code.to_owned())
}

/// Creates user `name` in the default directory and returns its ID.
fn create_user(emulator: &Emulator, name: &str, extra: &[(&str, &str)]) -> String {
    let mut params = vec![("DirectoryId", DIRECTORY), ("UserName", name)];
    params.extend_from_slice(extra);
    let body = ok(emulator, "CreateUser", &params);
    body["User"]["UserId"].as_str().unwrap().to_owned()
}

fn create_group(emulator: &Emulator, name: &str) -> String {
    let body = ok(
        emulator,
        "CreateGroup",
        &[("DirectoryId", DIRECTORY), ("GroupName", name)],
    );
    body["Group"]["GroupId"].as_str().unwrap().to_owned()
}

/// Every item of a paginated list, page by page (`MaxResults` `size`), checking that
/// pages carry `IsTruncated` and `NextToken` consistently.
fn all_pages(
    emulator: &Emulator,
    action: &str,
    params: &[(&str, &str)],
    size: &str,
    field: &str,
) -> Vec<Value> {
    let mut items = Vec::new();
    let mut token: Option<String> = None;
    for _ in 0..1000 {
        let mut page_params: Vec<(&str, &str)> = params.to_vec();
        page_params.push(("MaxResults", size));
        if let Some(token) = &token {
            page_params.push(("NextToken", token));
        }
        let body = ok(emulator, action, &page_params);
        items.extend(body[field].as_array().cloned().unwrap_or_default());
        if body["IsTruncated"] == true {
            token = Some(body["NextToken"].as_str().unwrap().to_owned());
        } else {
            assert!(body.get("NextToken").is_none(), "{body}");
            return items;
        }
    }
    panic!("{action} never ended");
}

fn ids(items: &[Value], field: &str) -> Vec<String> {
    items
        .iter()
        .map(|item| item[field].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn users_are_created_read_listed_updated_and_deleted() {
    let emulator = emulator();
    let created = ok(
        &emulator,
        "CreateUser",
        &[
            ("DirectoryId", DIRECTORY),
            ("UserName", "alice@example.com"),
            ("DisplayName", "Alice"),
            ("FirstName", "Alice"),
            ("LastName", "Liddell"),
            ("Email", "alice@example.com"),
            ("Description", "first user"),
            ("Tags.1.Key", "team"),
            ("Tags.1.Value", "blue"),
        ],
    );
    let user = &created["User"];
    let id = user["UserId"].as_str().unwrap().to_owned();
    assert!(id.starts_with("u-") && id.len() == 22, "{id}");
    assert_eq!(user["UserName"], "alice@example.com");
    assert_eq!(user["Status"], "Enabled");
    assert_eq!(user["ProvisionType"], "Manual");
    assert_eq!(user["Tags"][0]["Key"], "team");
    assert_eq!(user["CreateTime"], user["UpdateTime"]);

    let got = ok(
        &emulator,
        "GetUser",
        &[("DirectoryId", DIRECTORY), ("UserId", &id)],
    );
    assert_eq!(got["User"]["DisplayName"], "Alice");
    assert_eq!(got["User"]["Email"], "alice@example.com");
    assert_eq!(got["User"]["LastName"], "Liddell");
    let listed = ok(&emulator, "ListUsers", &[("DirectoryId", DIRECTORY)]);
    assert_eq!(listed["TotalCounts"], 1);
    assert_eq!(listed["Users"][0], got["User"]);
    assert_eq!(listed["IsTruncated"], false);
    assert_eq!(listed["MaxResults"], 10);

    let updated = ok(
        &emulator,
        "UpdateUser",
        &[
            ("DirectoryId", DIRECTORY),
            ("UserId", &id),
            ("NewDisplayName", "Alice L."),
            ("NewEmail", "al@example.com"),
            ("NewDescription", ""),
        ],
    );
    assert_eq!(updated["User"]["DisplayName"], "Alice L.");
    assert_eq!(updated["User"]["Email"], "al@example.com");
    assert!(updated["User"].get("Description").is_none(), "{updated}");
    let got = ok(
        &emulator,
        "GetUser",
        &[("DirectoryId", DIRECTORY), ("UserId", &id)],
    );
    assert_eq!(got["User"]["DisplayName"], "Alice L.");
    assert_eq!(got["User"]["FirstName"], "Alice");

    ok(
        &emulator,
        "UpdateUserStatus",
        &[
            ("DirectoryId", DIRECTORY),
            ("UserId", &id),
            ("NewStatus", "Disabled"),
        ],
    );
    let got = ok(
        &emulator,
        "GetUser",
        &[("DirectoryId", DIRECTORY), ("UserId", &id)],
    );
    assert_eq!(got["User"]["Status"], "Disabled");
    let disabled = ok(
        &emulator,
        "ListUsers",
        &[("DirectoryId", DIRECTORY), ("Status", "Disabled")],
    );
    assert_eq!(disabled["TotalCounts"], 1);
    let enabled = ok(
        &emulator,
        "ListUsers",
        &[("DirectoryId", DIRECTORY), ("Status", "Enabled")],
    );
    assert_eq!(enabled["TotalCounts"], 0);

    // The old email is free again once changed; the new one is taken.
    create_user(&emulator, "bob", &[("Email", "ALICE@example.com")]);
    assert_eq!(
        fails(
            &emulator,
            "CreateUser",
            &[
                ("DirectoryId", DIRECTORY),
                ("UserName", "carol"),
                ("Email", "Al@Example.com")
            ]
        ),
        expect(409, "EntityAlreadyExists.Email")
    );

    ok(
        &emulator,
        "DeleteUser",
        &[("DirectoryId", DIRECTORY), ("UserId", &id)],
    );
    assert_eq!(
        fails(
            &emulator,
            "GetUser",
            &[("DirectoryId", DIRECTORY), ("UserId", &id)]
        ),
        expect(404, "EntityNotExists.User")
    );
    assert_eq!(
        fails(
            &emulator,
            "DeleteUser",
            &[("DirectoryId", DIRECTORY), ("UserId", &id)]
        ),
        expect(404, "EntityNotExists.User")
    );
    let listed = ok(&emulator, "ListUsers", &[("DirectoryId", DIRECTORY)]);
    assert_eq!(
        ids(listed["Users"].as_array().unwrap(), "UserName"),
        ["bob"]
    );
    // Its name is free again.
    create_user(&emulator, "alice@example.com", &[]);
}

#[test]
fn user_names_and_emails_are_unique_and_checked() {
    let emulator = emulator();
    create_user(&emulator, "Dave", &[("Email", "dave@example.com")]);
    assert_eq!(
        fails(
            &emulator,
            "CreateUser",
            &[("DirectoryId", DIRECTORY), ("UserName", "dave")]
        ),
        expect(409, "EntityAlreadyExists.UserName")
    );
    assert_eq!(
        fails(
            &emulator,
            "CreateUser",
            &[
                ("DirectoryId", DIRECTORY),
                ("UserName", "eve"),
                ("Email", "DAVE@example.com")
            ]
        ),
        expect(409, "EntityAlreadyExists.Email")
    );
    let eve = create_user(&emulator, "eve", &[("Email", "eve@example.com")]);
    assert_eq!(
        fails(
            &emulator,
            "UpdateUser",
            &[
                ("DirectoryId", DIRECTORY),
                ("UserId", &eve),
                ("NewEmail", "dave@EXAMPLE.com")
            ]
        ),
        expect(409, "EntityAlreadyExists.Email")
    );
    for (params, code) in [
        (vec![("DirectoryId", DIRECTORY)], "MissingUserName"),
        (
            vec![("DirectoryId", DIRECTORY), ("UserName", "has space")],
            "InvalidUserName",
        ),
        (
            vec![("DirectoryId", DIRECTORY), ("UserName", &"x".repeat(65))],
            "InvalidUserName",
        ),
        (vec![("UserName", "frank")], "MissingDirectoryId"),
        (
            vec![
                ("DirectoryId", DIRECTORY),
                ("UserName", "frank"),
                ("Status", "Gone"),
            ],
            "InvalidStatus",
        ),
        (
            vec![
                ("DirectoryId", DIRECTORY),
                ("UserName", "frank"),
                ("Description", &"d".repeat(1025)),
            ],
            "InvalidDescription",
        ),
    ] {
        assert_eq!(
            fails(&emulator, "CreateUser", &params),
            expect(400, code),
            "{params:?}"
        );
    }
    assert_eq!(
        fails(
            &emulator,
            "CreateUser",
            &[("DirectoryId", "d-unknown"), ("UserName", "frank")]
        ),
        expect(404, "EntityNotExists.Directory")
    );
    assert_eq!(
        fails(
            &emulator,
            "GetUser",
            &[("DirectoryId", DIRECTORY), ("UserId", "u-unknown")]
        ),
        expect(404, "EntityNotExists.User")
    );
    // The failed requests changed nothing.
    let listed = ok(&emulator, "ListUsers", &[("DirectoryId", DIRECTORY)]);
    assert_eq!(listed["TotalCounts"], 2);
}

#[test]
fn user_lists_filter_and_page_across_changes() {
    let emulator = emulator();
    let mut created = Vec::new();
    for i in 0..23 {
        created.push(create_user(&emulator, &format!("Test{i:02}"), &[]));
    }
    for name in ["other1", "other2"] {
        create_user(&emulator, name, &[]);
    }
    // Filters: case-insensitive, eq and sw.
    for (filter, count) in [
        ("UserName sw test", 23),
        ("username SW TEST1", 10),
        ("UserName eq test07", 1),
        ("UserName eq TEST07", 1),
        ("UserName eq test", 0),
        ("UserName sw other", 2),
    ] {
        let body = ok(
            &emulator,
            "ListUsers",
            &[
                ("DirectoryId", DIRECTORY),
                ("Filter", filter),
                ("MaxResults", "100"),
            ],
        );
        assert_eq!(body["TotalCounts"], count, "{filter}: {body}");
        assert_eq!(body["Users"].as_array().unwrap().len(), count, "{filter}");
    }
    for bad in ["UserName", "UserName gt a", "Email eq a"] {
        assert_eq!(
            fails(
                &emulator,
                "ListUsers",
                &[("DirectoryId", DIRECTORY), ("Filter", bad)]
            ),
            expect(400, "InvalidFilter"),
            "{bad}"
        );
    }
    // Pages of 10 partition the filtered list, oldest first.
    let paged = all_pages(
        &emulator,
        "ListUsers",
        &[("DirectoryId", DIRECTORY), ("Filter", "UserName sw test")],
        "10",
        "Users",
    );
    assert_eq!(ids(&paged, "UserId"), created);
    // Default page size 10, TotalCounts of all, NextToken while truncated.
    let first = ok(&emulator, "ListUsers", &[("DirectoryId", DIRECTORY)]);
    assert_eq!(first["Users"].as_array().unwrap().len(), 10);
    assert_eq!(first["TotalCounts"], 25);
    assert_eq!(first["IsTruncated"], true);
    // Changes between pages: deleted items are not returned, nothing repeats or is skipped.
    let token = first["NextToken"].as_str().unwrap().to_owned();
    let deleted = &created[15];
    ok(
        &emulator,
        "DeleteUser",
        &[("DirectoryId", DIRECTORY), ("UserId", deleted)],
    );
    let late = create_user(&emulator, "zz-late", &[]);
    let mut seen: Vec<String> = ids(first["Users"].as_array().unwrap(), "UserId");
    let mut token = Some(token);
    while let Some(next) = token {
        let body = ok(
            &emulator,
            "ListUsers",
            &[("DirectoryId", DIRECTORY), ("NextToken", &next)],
        );
        seen.extend(ids(body["Users"].as_array().unwrap(), "UserId"));
        token = body["NextToken"].as_str().map(str::to_owned);
    }
    let unique: BTreeSet<&String> = seen.iter().collect();
    assert_eq!(unique.len(), seen.len(), "no duplicates");
    assert!(!seen.contains(deleted));
    assert!(
        seen.contains(&late),
        "created after the cursor, ahead of it"
    );
    assert_eq!(seen.len(), 25);
    // Bad tokens and sizes.
    assert_eq!(
        fails(
            &emulator,
            "ListUsers",
            &[("DirectoryId", DIRECTORY), ("NextToken", "garbage")]
        ),
        expect(400, "InvalidNextToken")
    );
    for size in ["0", "101"] {
        assert_eq!(
            fails(
                &emulator,
                "ListUsers",
                &[("DirectoryId", DIRECTORY), ("MaxResults", size)]
            ),
            expect(400, "InvalidMaxResults")
        );
    }
}

#[test]
fn groups_are_created_read_listed_renamed_and_deleted() {
    let emulator = emulator();
    let created = ok(
        &emulator,
        "CreateGroup",
        &[
            ("DirectoryId", DIRECTORY),
            ("GroupName", "Admins"),
            ("Description", "the admins"),
        ],
    );
    let group = &created["Group"];
    let id = group["GroupId"].as_str().unwrap().to_owned();
    assert!(id.starts_with("g-") && id.len() == 22, "{id}");
    assert_eq!(group["ProvisionType"], "Manual");
    let got = ok(
        &emulator,
        "GetGroup",
        &[("DirectoryId", DIRECTORY), ("GroupId", &id)],
    );
    assert_eq!(&got["Group"], group);
    let listed = ok(&emulator, "ListGroups", &[("DirectoryId", DIRECTORY)]);
    assert_eq!(listed["TotalCounts"], 1);
    assert_eq!(&listed["Groups"][0], group);

    assert_eq!(
        fails(
            &emulator,
            "CreateGroup",
            &[("DirectoryId", DIRECTORY), ("GroupName", "admins")]
        ),
        expect(409, "EntityAlreadyExists.GroupName")
    );
    assert_eq!(
        fails(
            &emulator,
            "CreateGroup",
            &[("DirectoryId", DIRECTORY), ("GroupName", "a b")]
        ),
        expect(400, "InvalidGroupName")
    );
    let other = create_group(&emulator, "Operators");
    assert_eq!(
        fails(
            &emulator,
            "UpdateGroup",
            &[
                ("DirectoryId", DIRECTORY),
                ("GroupId", &other),
                ("NewGroupName", "ADMINS")
            ]
        ),
        expect(409, "EntityAlreadyExists.GroupName")
    );
    let renamed = ok(
        &emulator,
        "UpdateGroup",
        &[
            ("DirectoryId", DIRECTORY),
            ("GroupId", &id),
            ("NewGroupName", "Administrators"),
            ("NewDescription", "renamed"),
        ],
    );
    assert_eq!(renamed["Group"]["GroupName"], "Administrators");
    assert_eq!(renamed["Group"]["Description"], "renamed");
    let got = ok(
        &emulator,
        "GetGroup",
        &[("DirectoryId", DIRECTORY), ("GroupId", &id)],
    );
    assert_eq!(got["Group"]["GroupName"], "Administrators");
    // The old name is free, the new one filters.
    let free = create_group(&emulator, "Admins");
    let filtered = ok(
        &emulator,
        "ListGroups",
        &[("DirectoryId", DIRECTORY), ("Filter", "GroupName sw admin")],
    );
    assert_eq!(
        ids(filtered["Groups"].as_array().unwrap(), "GroupId"),
        [id.clone(), free.clone()]
    );
    let manual = ok(
        &emulator,
        "ListGroups",
        &[
            ("DirectoryId", DIRECTORY),
            ("ProvisionType", "Synchronized"),
        ],
    );
    assert_eq!(manual["TotalCounts"], 0);

    ok(
        &emulator,
        "DeleteGroup",
        &[("DirectoryId", DIRECTORY), ("GroupId", &id)],
    );
    assert_eq!(
        fails(
            &emulator,
            "GetGroup",
            &[("DirectoryId", DIRECTORY), ("GroupId", &id)]
        ),
        expect(404, "EntityNotExists.Group")
    );
    let listed = ok(&emulator, "ListGroups", &[("DirectoryId", DIRECTORY)]);
    assert_eq!(
        ids(listed["Groups"].as_array().unwrap(), "GroupId"),
        [other, free]
    );
}

#[test]
fn memberships_have_join_times_pages_and_block_deletes() {
    let emulator = emulator();
    let group = create_group(&emulator, "team");
    let users: Vec<String> = (0..12)
        .map(|i| create_user(&emulator, &format!("member{i:02}"), &[]))
        .collect();
    for user in &users {
        ok(
            &emulator,
            "AddUserToGroup",
            &[
                ("DirectoryId", DIRECTORY),
                ("GroupId", &group),
                ("UserId", user),
            ],
        );
    }
    assert_eq!(
        fails(
            &emulator,
            "AddUserToGroup",
            &[
                ("DirectoryId", DIRECTORY),
                ("GroupId", &group),
                ("UserId", &users[0])
            ]
        ),
        expect(409, "EntityAlreadyExists.GroupMember")
    );
    assert_eq!(
        fails(
            &emulator,
            "AddUserToGroup",
            &[
                ("DirectoryId", DIRECTORY),
                ("GroupId", &group),
                ("UserId", "u-none")
            ]
        ),
        expect(404, "EntityNotExists.User")
    );
    assert_eq!(
        fails(
            &emulator,
            "AddUserToGroup",
            &[
                ("DirectoryId", DIRECTORY),
                ("GroupId", "g-none"),
                ("UserId", &users[0])
            ]
        ),
        expect(404, "EntityNotExists.Group")
    );
    let members = all_pages(
        &emulator,
        "ListGroupMembers",
        &[("DirectoryId", DIRECTORY), ("GroupId", &group)],
        "5",
        "GroupMembers",
    );
    assert_eq!(ids(&members, "UserId"), users);
    assert_eq!(members[0]["UserName"], "member00");
    assert_eq!(members[0]["GroupId"], group.as_str());
    assert_eq!(members[0]["JoinTime"].as_str().unwrap().len(), 20);

    let second = create_group(&emulator, "second");
    ok(
        &emulator,
        "AddUserToGroup",
        &[
            ("DirectoryId", DIRECTORY),
            ("GroupId", &second),
            ("UserId", &users[0]),
        ],
    );
    let joined = ok(
        &emulator,
        "ListJoinedGroupsForUser",
        &[("DirectoryId", DIRECTORY), ("UserId", &users[0])],
    );
    assert_eq!(joined["TotalCounts"], 2);
    assert_eq!(
        ids(joined["JoinedGroups"].as_array().unwrap(), "GroupId"),
        [group.clone(), second.clone()]
    );
    assert_eq!(joined["JoinedGroups"][1]["GroupName"], "second");
    assert!(joined["JoinedGroups"][0]["JoinTime"].is_string());

    assert_eq!(
        fails(
            &emulator,
            "DeleteUser",
            &[("DirectoryId", DIRECTORY), ("UserId", &users[0])]
        ),
        expect(409, "DeletionConflict.User.Group")
    );
    assert_eq!(
        fails(
            &emulator,
            "DeleteGroup",
            &[("DirectoryId", DIRECTORY), ("GroupId", &second)]
        ),
        expect(409, "DeletionConflict.Group.Member")
    );
    ok(
        &emulator,
        "RemoveUserFromGroup",
        &[
            ("DirectoryId", DIRECTORY),
            ("GroupId", &second),
            ("UserId", &users[0]),
        ],
    );
    assert_eq!(
        fails(
            &emulator,
            "RemoveUserFromGroup",
            &[
                ("DirectoryId", DIRECTORY),
                ("GroupId", &second),
                ("UserId", &users[0])
            ]
        ),
        expect(404, "EntityNotExists.GroupMember")
    );
    ok(
        &emulator,
        "DeleteGroup",
        &[("DirectoryId", DIRECTORY), ("GroupId", &second)],
    );
    let joined = ok(
        &emulator,
        "ListJoinedGroupsForUser",
        &[("DirectoryId", DIRECTORY), ("UserId", &users[0])],
    );
    assert_eq!(joined["TotalCounts"], 1);
    ok(
        &emulator,
        "RemoveUserFromGroup",
        &[
            ("DirectoryId", DIRECTORY),
            ("GroupId", &group),
            ("UserId", &users[0]),
        ],
    );
    ok(
        &emulator,
        "DeleteUser",
        &[("DirectoryId", DIRECTORY), ("UserId", &users[0])],
    );
    let members = ok(
        &emulator,
        "ListGroupMembers",
        &[
            ("DirectoryId", DIRECTORY),
            ("GroupId", &group),
            ("MaxResults", "100"),
        ],
    );
    assert_eq!(members["TotalCounts"], 11);
    assert_eq!(
        fails(
            &emulator,
            "ListGroupMembers",
            &[("DirectoryId", DIRECTORY), ("GroupId", "g-none")]
        ),
        expect(404, "EntityNotExists.Group")
    );
    assert_eq!(
        fails(
            &emulator,
            "ListJoinedGroupsForUser",
            &[("DirectoryId", DIRECTORY), ("UserId", &users[0])]
        ),
        expect(404, "EntityNotExists.User")
    );
}

#[test]
fn passwords_follow_the_policy_and_are_never_shown() {
    let emulator = emulator();
    let user = create_user(&emulator, "pat", &[]);
    let reset = |password: &str| {
        call(
            &emulator,
            "ResetUserPassword",
            &[
                ("DirectoryId", DIRECTORY),
                ("UserId", &user),
                ("Password", password),
            ],
        )
    };
    for bad in [
        "Short1!",
        "alllower1!",
        "ALLUPPER1!",
        "NoDigits!!",
        "NoSymbol123",
        "xPat-Pat1!z",
    ] {
        let response = reset(bad);
        assert_eq!(
            (response.status().as_u16(), code_of(&response)),
            expect(400, "InvalidPassword"),
            "{bad}"
        );
        let body = String::from_utf8_lossy(response.body()).into_owned();
        assert!(!body.contains(bad), "the password is never echoed: {body}");
    }
    let response = reset("Good-Pass-2024");
    assert_eq!(response.status(), 200);
    assert!(json(&response).get("NewPassword").is_none());
    // The default policy refuses the last password again.
    assert_eq!(code_of(&reset("Good-Pass-2024")), "InvalidPassword");
    assert_eq!(reset("Other-Pass-2024").status(), 200);
    // A generated password satisfies the policy and is answered once.
    let body = ok(
        &emulator,
        "ResetUserPassword",
        &[
            ("DirectoryId", DIRECTORY),
            ("UserId", &user),
            ("GenerateRandomPassword", "true"),
            ("RequirePasswordResetForNextLogin", "true"),
        ],
    );
    let generated = body["NewPassword"].as_str().unwrap();
    assert!(generated.len() >= 16, "{generated}");
    assert!(generated.chars().any(|c| c.is_ascii_uppercase()));
    assert!(generated.chars().any(|c| c.is_ascii_lowercase()));
    assert!(generated.chars().any(|c| c.is_ascii_digit()));
    assert!(generated.chars().any(|c| !c.is_ascii_alphanumeric()));
    // A stricter policy applies to the next reset.
    ok(
        &emulator,
        "SetPasswordPolicy",
        &[
            ("DirectoryId", DIRECTORY),
            ("MinPasswordLength", "20"),
            ("MinPasswordDifferentChars", "12"),
        ],
    );
    assert_eq!(code_of(&reset("Good-Pass-2025")), "InvalidPassword");
    assert_eq!(reset("A-much-longer-Pass-2025").status(), 200);
    let body = ok(
        &emulator,
        "ResetUserPassword",
        &[
            ("DirectoryId", DIRECTORY),
            ("UserId", &user),
            ("GenerateRandomPassword", "true"),
        ],
    );
    assert_eq!(body["NewPassword"].as_str().unwrap().len(), 20);
    // Neither or both of Password and GenerateRandomPassword.
    assert_eq!(
        fails(
            &emulator,
            "ResetUserPassword",
            &[("DirectoryId", DIRECTORY), ("UserId", &user)]
        ),
        expect(400, "MissingPassword")
    );
    assert_eq!(
        fails(
            &emulator,
            "ResetUserPassword",
            &[
                ("DirectoryId", DIRECTORY),
                ("UserId", &user),
                ("GenerateRandomPassword", "true"),
                ("Password", "A-much-longer-Pass-2026"),
            ]
        ),
        expect(400, "InvalidPassword")
    );
    assert_eq!(
        fails(
            &emulator,
            "ResetUserPassword",
            &[
                ("DirectoryId", DIRECTORY),
                ("UserId", "u-none"),
                ("Password", "A-much-longer-Pass-2026")
            ]
        ),
        expect(404, "EntityNotExists.User")
    );
}

#[test]
fn each_user_has_its_own_mfa_setting_and_devices() {
    let emulator = emulator();
    let first = create_user(&emulator, "first", &[]);
    let second = create_user(&emulator, "second", &[]);
    let setting = |user: &str| {
        ok(
            &emulator,
            "GetUserMFAAuthenticationSettings",
            &[("DirectoryId", DIRECTORY), ("UserId", user)],
        )["UserMFAAuthenticationSettings"]
            .clone()
    };
    assert_eq!(setting(&first), "Enabled", "new users default to Enabled");
    ok(
        &emulator,
        "UpdateUserMFAAuthenticationSettings",
        &[
            ("DirectoryId", DIRECTORY),
            ("UserId", &first),
            ("UserMFAAuthenticationSettings", "Disabled"),
        ],
    );
    assert_eq!(setting(&first), "Disabled");
    assert_eq!(setting(&second), "Enabled");
    assert_eq!(
        fails(
            &emulator,
            "UpdateUserMFAAuthenticationSettings",
            &[
                ("DirectoryId", DIRECTORY),
                ("UserId", "u-none"),
                ("UserMFAAuthenticationSettings", "Disabled")
            ]
        ),
        expect(404, "EntityNotExists.User")
    );
    assert_eq!(
        fails(
            &emulator,
            "UpdateUserMFAAuthenticationSettings",
            &[("DirectoryId", DIRECTORY), ("UserId", &first)]
        ),
        expect(400, "MissingUserMFAAuthenticationSettings")
    );
    let devices = ok(
        &emulator,
        "ListMFADevicesForUser",
        &[("DirectoryId", DIRECTORY), ("UserId", &first)],
    );
    assert_eq!(devices["TotalCounts"], 0);
    assert_eq!(
        fails(
            &emulator,
            "DeleteMFADeviceForUser",
            &[
                ("DirectoryId", DIRECTORY),
                ("UserId", &first),
                ("MFADeviceId", "mfa-none")
            ]
        ),
        expect(404, "EntityNotExists.MFADevice")
    );
    assert_eq!(
        fails(
            &emulator,
            "ListMFADevicesForUser",
            &[("DirectoryId", DIRECTORY), ("UserId", "u-none")]
        ),
        expect(404, "EntityNotExists.User")
    );
}

#[test]
fn user_ids_are_found_by_external_id_only_for_synchronized_users() {
    let emulator = emulator();
    create_user(&emulator, "manual", &[]);
    assert_eq!(
        fails(
            &emulator,
            "GetUserId",
            &[
                ("DirectoryId", DIRECTORY),
                ("ExternalId", r#"{"Id":"c73a5fdd5","Issuer":"SCIM"}"#)
            ]
        ),
        expect(404, "EntityNotExists.User")
    );
    assert_eq!(
        fails(&emulator, "GetUserId", &[("DirectoryId", DIRECTORY)]),
        expect(400, "MissingExternalId")
    );
}

/// A seed (a dump document of table rows, as `Emulator::load_seed` takes it) with a
/// synchronized user and group, a membership and an MFA device.
fn seed_synchronized(emulator: &Emulator) {
    let d = DIRECTORY;
    let time = "2021-06-30T08:35:26Z";
    let document = serde_json::json!({
        "format": "cloudsso-emulator-dump",
        "version": 1,
        "accounts": {
            cloudsso_emulator::DEFAULT_ACCOUNT: {
                "users": {
                    format!("{d}/u-sync0000000000000001"): {
                        "UserName": "sync-user", "Email": "sync@example.com",
                        "Status": "Enabled", "ProvisionType": "Synchronized",
                        "ExternalId": {"Id": "ext-1", "Issuer": "SCIM"},
                        "CreateTime": time, "UpdateTime": time,
                        "MFAAuthenticationSettings": "Enabled"
                    }
                },
                "groups": {
                    format!("{d}/g-sync0000000000000001"): {
                        "GroupName": "sync-group", "ProvisionType": "Synchronized",
                        "CreateTime": time, "UpdateTime": time, "MemberCount": 0
                    }
                },
                "group_members": {
                    format!("{d}/g-sync0000000000000001/u-sync0000000000000001"): {"JoinTime": time}
                },
                "mfa_devices": {
                    format!("{d}/u-sync0000000000000001/mfa-device00000000001"): {
                        "DeviceType": "TOTP", "DeviceName": "phone",
                        "EffectiveTime": time, "Secret": "JBSWY3DPEHPK3PXP"
                    }
                }
            }
        }
    });
    emulator.load_seed(document).unwrap();
}

const SYNC_USER: &str = "u-sync0000000000000001";
const SYNC_GROUP: &str = "g-sync0000000000000001";

#[test]
fn seeded_rows_get_their_indexes_and_counts() {
    let emulator = emulator();
    seed_synchronized(&emulator);
    let user = ok(
        &emulator,
        "GetUser",
        &[("DirectoryId", DIRECTORY), ("UserId", SYNC_USER)],
    );
    assert_eq!(user["User"]["ProvisionType"], "Synchronized");
    assert_eq!(user["User"]["ExternalId"]["Id"], "ext-1");
    let found = ok(
        &emulator,
        "GetUserId",
        &[
            ("DirectoryId", DIRECTORY),
            ("ExternalId", r#"{"Id":"ext-1","Issuer":"SCIM"}"#),
        ],
    );
    assert_eq!(found["UserId"], SYNC_USER);
    // The name and email indexes were rebuilt: both are taken.
    assert_eq!(
        fails(
            &emulator,
            "CreateUser",
            &[("DirectoryId", DIRECTORY), ("UserName", "SYNC-USER")]
        ),
        expect(409, "EntityAlreadyExists.UserName")
    );
    assert_eq!(
        fails(
            &emulator,
            "CreateUser",
            &[
                ("DirectoryId", DIRECTORY),
                ("UserName", "x"),
                ("Email", "sync@example.com")
            ]
        ),
        expect(409, "EntityAlreadyExists.Email")
    );
    let statistics = ok(
        &emulator,
        "GetDirectoryStatistics",
        &[("DirectoryId", DIRECTORY)],
    );
    assert_eq!(statistics["DirectoryStatistics"]["UserCount"], 1);
    assert_eq!(statistics["DirectoryStatistics"]["GroupCount"], 1);
    let joined = ok(
        &emulator,
        "ListJoinedGroupsForUser",
        &[("DirectoryId", DIRECTORY), ("UserId", SYNC_USER)],
    );
    assert_eq!(joined["JoinedGroups"][0]["GroupId"], SYNC_GROUP);
    let synchronized = ok(
        &emulator,
        "ListUsers",
        &[
            ("DirectoryId", DIRECTORY),
            ("ProvisionType", "Synchronized"),
        ],
    );
    assert_eq!(synchronized["TotalCounts"], 1);
}

#[test]
fn scim_synchronization_locks_synchronized_users_and_groups() {
    let emulator = emulator();
    seed_synchronized(&emulator);
    let manual = create_user(&emulator, "manual", &[]);
    ok(
        &emulator,
        "SetSCIMSynchronizationStatus",
        &[
            ("DirectoryId", DIRECTORY),
            ("SCIMSynchronizationStatus", "Enabled"),
        ],
    );
    let locked = expect(409, "OperationConflict.SCIMSynchronization");
    let user = [("DirectoryId", DIRECTORY), ("UserId", SYNC_USER)];
    let group = [("DirectoryId", DIRECTORY), ("GroupId", SYNC_GROUP)];
    let mut update_user = user.to_vec();
    update_user.push(("NewDisplayName", "changed"));
    assert_eq!(fails(&emulator, "UpdateUser", &update_user), locked);
    assert_eq!(fails(&emulator, "DeleteUser", &user), locked);
    let mut update_group = group.to_vec();
    update_group.push(("NewDescription", "changed"));
    assert_eq!(fails(&emulator, "UpdateGroup", &update_group), locked);
    assert_eq!(fails(&emulator, "DeleteGroup", &group), locked);
    let mut add = group.to_vec();
    add.push(("UserId", &manual));
    assert_eq!(fails(&emulator, "AddUserToGroup", &add), locked);
    let mut remove = group.to_vec();
    remove.push(("UserId", SYNC_USER));
    assert_eq!(fails(&emulator, "RemoveUserFromGroup", &remove), locked);
    // Still allowed: status, password, the user's MFA setting; manual users as ever.
    let mut status = user.to_vec();
    status.push(("NewStatus", "Disabled"));
    ok(&emulator, "UpdateUserStatus", &status);
    let mut reset = user.to_vec();
    reset.push(("GenerateRandomPassword", "true"));
    ok(&emulator, "ResetUserPassword", &reset);
    ok(
        &emulator,
        "UpdateUser",
        &[
            ("DirectoryId", DIRECTORY),
            ("UserId", &manual),
            ("NewDisplayName", "fine"),
        ],
    );
    // Editable again once synchronization is off.
    ok(
        &emulator,
        "SetSCIMSynchronizationStatus",
        &[
            ("DirectoryId", DIRECTORY),
            ("SCIMSynchronizationStatus", "Disabled"),
        ],
    );
    ok(&emulator, "UpdateUser", &update_user);
    ok(&emulator, "UpdateGroup", &update_group);
    ok(&emulator, "RemoveUserFromGroup", &remove);
    let got = ok(&emulator, "GetGroup", &group);
    assert_eq!(got["Group"]["Description"], "changed");
}

#[test]
fn mfa_devices_are_listed_without_secrets_and_block_user_deletion() {
    let emulator = emulator();
    seed_synchronized(&emulator);
    let user = [("DirectoryId", DIRECTORY), ("UserId", SYNC_USER)];
    let listed = call(&emulator, "ListMFADevicesForUser", &user);
    let text = String::from_utf8_lossy(listed.body()).into_owned();
    assert!(!text.contains("JBSWY3DPEHPK3PXP"), "{text}");
    let listed = json(&listed);
    assert_eq!(listed["TotalCounts"], 1);
    let device = &listed["MFADevices"][0];
    assert_eq!(device["DeviceId"], "mfa-device00000000001");
    assert_eq!(device["DeviceType"], "TOTP");
    assert_eq!(device["DeviceName"], "phone");
    assert_eq!(device["UserId"], SYNC_USER);
    assert_eq!(
        fails(&emulator, "DeleteUser", &user),
        expect(409, "DeletionConflict.User.Group")
    );
    ok(
        &emulator,
        "RemoveUserFromGroup",
        &[
            ("DirectoryId", DIRECTORY),
            ("GroupId", SYNC_GROUP),
            ("UserId", SYNC_USER),
        ],
    );
    assert_eq!(
        fails(&emulator, "DeleteUser", &user),
        expect(409, "DeletionConflict.User.MFADevice")
    );
    let mut device = user.to_vec();
    device.push(("MFADeviceId", "mfa-device00000000001"));
    ok(&emulator, "DeleteMFADeviceForUser", &device);
    assert_eq!(
        fails(&emulator, "DeleteMFADeviceForUser", &device),
        expect(404, "EntityNotExists.MFADevice")
    );
    assert_eq!(
        ok(&emulator, "ListMFADevicesForUser", &user)["TotalCounts"],
        0
    );
    ok(&emulator, "DeleteUser", &user);
    assert_eq!(
        fails(&emulator, "GetUser", &user),
        expect(404, "EntityNotExists.User")
    );
    // The user's name index went with it.
    let dump = emulator.dump().unwrap().to_string();
    assert!(
        !dump.contains("sync-user"),
        "the deleted user's name index went with it"
    );
}

#[test]
fn quotas_are_enforced() {
    let emulator = Emulator::builder()
        .access_key("testid", "testsecret")
        .directory(DIRECTORY)
        .rate_limit(0)
        .user_quota(2)
        .group_quota(1)
        .build()
        .unwrap();
    let first = create_user(&emulator, "one", &[]);
    create_user(&emulator, "two", &[]);
    assert_eq!(
        fails(
            &emulator,
            "CreateUser",
            &[("DirectoryId", DIRECTORY), ("UserName", "three")]
        ),
        expect(409, "QuotaExceeded.User")
    );
    let statistics = ok(
        &emulator,
        "GetDirectoryStatistics",
        &[("DirectoryId", DIRECTORY)],
    );
    assert_eq!(statistics["DirectoryStatistics"]["UserQuota"], 2);
    assert_eq!(statistics["DirectoryStatistics"]["UserCount"], 2);
    ok(
        &emulator,
        "DeleteUser",
        &[("DirectoryId", DIRECTORY), ("UserId", &first)],
    );
    create_user(&emulator, "three", &[]);
    create_group(&emulator, "only");
    assert_eq!(
        fails(
            &emulator,
            "CreateGroup",
            &[("DirectoryId", DIRECTORY), ("GroupName", "second")]
        ),
        expect(409, "QuotaExceeded.Group")
    );
}

#[test]
fn passwords_are_kept_only_as_salted_hashes() {
    let emulator = emulator();
    let user = create_user(&emulator, "hashy", &[]);
    ok(
        &emulator,
        "ResetUserPassword",
        &[
            ("DirectoryId", DIRECTORY),
            ("UserId", &user),
            ("Password", "Plain-Text-Never-1"),
        ],
    );
    // The hash is kept (a dump with the secrets shows it); the plain text never is.
    let dump = emulator.dump_including_secrets().unwrap();
    let text = dump.to_string();
    assert!(!text.contains("Plain-Text-Never-1"), "{text}");
    let row = &dump["accounts"][cloudsso_emulator::DEFAULT_ACCOUNT]["users"]
        [format!("{DIRECTORY}/{user}")];
    assert_eq!(row["Password"]["Hash"]["Algorithm"], "pbkdf2-sha256");
    assert_eq!(row["Password"]["RequirePasswordResetForNextLogin"], false);
}
