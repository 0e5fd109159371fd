//! The access family end to end through `Emulator::handle` with signed requests: access
//! configurations and their policies, provisionings and re-provisioning, assignments and the
//! deletion conflicts, tasks under each transition setting, pagination with changes between
//! pages, and RAM user provisionings.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::collections::BTreeSet;
use std::time::{Duration, SystemTime};

use acs_protocol::{Credentials, Format, SigningAlgorithm};
use cloudsso_emulator::{Emulator, TaskTransition};
use serde_json::Value;
use support::*;

const ACCOUNT: &str = "1142405247840001";
const OTHER_ACCOUNT: &str = "1142405247840002";

struct Api {
    emulator: Emulator,
}

impl Api {
    fn new(transition: TaskTransition) -> Self {
        Self::with(Emulator::builder().task_transition(transition))
    }

    fn with(builder: cloudsso_emulator::EmulatorBuilder) -> Self {
        let emulator = builder
            .access_key("testid", "testsecret")
            .directory(DIRECTORY)
            .rate_limit(0)
            .build()
            .unwrap();
        Self { emulator }
    }

    fn call(&self, action: &str, params: &[(&str, &str)]) -> http::Response<Vec<u8>> {
        let mut all = vec![("DirectoryId", DIRECTORY)];
        all.extend_from_slice(params);
        self.emulator.handle(signed(
            &Credentials::new("testid", "testsecret"),
            action,
            &all,
            SigningAlgorithm::Acs3HmacSha256,
            Format::Json,
            SystemTime::now(),
        ))
    }

    /// The JSON body of a 200 answer.
    fn ok(&self, action: &str, params: &[(&str, &str)]) -> Value {
        let response = self.call(action, params);
        assert_eq!(
            response.status(),
            200,
            "{action} {params:?}: {}",
            String::from_utf8_lossy(response.body())
        );
        json(&response)
    }

    /// The status and code of an error answer.
    fn err(&self, action: &str, params: &[(&str, &str)]) -> (u16, String) {
        let response = self.call(action, params);
        assert_ne!(response.status(), 200, "{action} {params:?} succeeded");
        (response.status().as_u16(), code_of(&response))
    }

    fn create_ac(&self, name: &str) -> String {
        let body = self.ok(
            "CreateAccessConfiguration",
            &[("AccessConfigurationName", name)],
        );
        body["AccessConfiguration"]["AccessConfigurationId"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    fn create_user(&self, name: &str) -> String {
        let body = self.ok("CreateUser", &[("UserName", name)]);
        body["User"]["UserId"].as_str().unwrap().to_owned()
    }

    fn create_group(&self, name: &str) -> String {
        let body = self.ok("CreateGroup", &[("GroupName", name)]);
        body["Group"]["GroupId"].as_str().unwrap().to_owned()
    }

    /// Polls GetTaskStatus until the task is no longer InProgress; the statuses seen.
    fn poll(&self, task: &str) -> Vec<String> {
        let mut seen = Vec::new();
        for _ in 0..10 {
            let body = self.ok("GetTaskStatus", &[("TaskId", task)]);
            let status = body["TaskStatus"]["Status"].as_str().unwrap().to_owned();
            seen.push(status.clone());
            if status != "InProgress" {
                return seen;
            }
        }
        panic!("task {task} still in progress after 10 reads: {seen:?}");
    }

    fn provisioning_status(&self, ac: &str, account: &str) -> Option<String> {
        let body = self.ok(
            "ListAccessConfigurationProvisionings",
            &[
                ("AccessConfigurationId", ac),
                ("TargetType", "RD-Account"),
                ("TargetId", account),
            ],
        );
        body["AccessConfigurationProvisionings"]
            .as_array()
            .unwrap()
            .first()
            .map(|p| p["Status"].as_str().unwrap().to_owned())
    }

    fn assign(&self, ac: &str, account: &str, kind: &str, principal: &str) -> Value {
        self.ok(
            "CreateAccessAssignment",
            &[
                ("AccessConfigurationId", ac),
                ("TargetType", "RD-Account"),
                ("TargetId", account),
                ("PrincipalType", kind),
                ("PrincipalId", principal),
            ],
        )
    }

    fn unassign(
        &self,
        ac: &str,
        account: &str,
        kind: &str,
        principal: &str,
        strategy: &str,
    ) -> Value {
        self.ok(
            "DeleteAccessAssignment",
            &[
                ("AccessConfigurationId", ac),
                ("TargetType", "RD-Account"),
                ("TargetId", account),
                ("PrincipalType", kind),
                ("PrincipalId", principal),
                ("DeprovisionStrategy", strategy),
            ],
        )
    }
}

fn target(ac: &str, account: &'static str) -> [(&'static str, String); 3] {
    [
        ("AccessConfigurationId", ac.to_owned()),
        ("TargetType", "RD-Account".to_owned()),
        ("TargetId", account.to_owned()),
    ]
}

fn params<'a>(pairs: &'a [(&'a str, String)]) -> Vec<(&'a str, &'a str)> {
    pairs.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

fn is_service_time(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 20 && b[4] == b'-' && b[10] == b'T' && b[19] == b'Z'
}

#[test]
fn access_configurations_are_created_read_listed_updated_and_deleted() {
    let api = Api::new(TaskTransition::Immediate);
    let created = api.ok(
        "CreateAccessConfiguration",
        &[
            ("AccessConfigurationName", "Admins"),
            ("Description", "full access"),
            ("RelayState", "https://ecs.console.aliyun.com"),
        ],
    );
    let ac = &created["AccessConfiguration"];
    let id = ac["AccessConfigurationId"].as_str().unwrap().to_owned();
    assert!(id.starts_with("ac-") && id.len() == 23, "{id}");
    assert_eq!(ac["AccessConfigurationName"], "Admins");
    assert_eq!(ac["SessionDuration"], 3600);
    assert_eq!(ac["Description"], "full access");
    assert!(is_service_time(ac["CreateTime"].as_str().unwrap()));
    assert_eq!(ac["StatusNotifications"], serde_json::json!([]));

    // Get and List agree with Create.
    let got = api.ok("GetAccessConfiguration", &[("AccessConfigurationId", &id)]);
    assert_eq!(&got["AccessConfiguration"], ac);
    api.create_ac("Readers");
    api.create_ac("readonly-x");
    let listed = api.ok("ListAccessConfigurations", &[]);
    assert_eq!(listed["TotalCounts"], 3);
    assert_eq!(listed["IsTruncated"], false);
    assert_eq!(listed["AccessConfigurations"][0], *ac);
    for (filter, count) in [
        ("AccessConfigurationName sw read", 2),
        ("accessconfigurationname EQ READERS", 1),
        ("AccessConfigurationName eq Read", 0),
    ] {
        let listed = api.ok("ListAccessConfigurations", &[("Filter", filter)]);
        assert_eq!(listed["TotalCounts"], count, "{filter}");
    }
    assert_eq!(
        api.err("ListAccessConfigurations", &[("Filter", "UserName eq x")]),
        (400, "InvalidFilter".to_owned())
    );

    // Names are unique (case-insensitive) and checked; durations are bounded.
    assert_eq!(
        api.err(
            "CreateAccessConfiguration",
            &[("AccessConfigurationName", "admins")]
        ),
        (409, "EntityAlreadyExists.AccessConfiguration".to_owned())
    );
    for (name, value, code) in [
        (
            "AccessConfigurationName",
            "no spaces",
            "InvalidAccessConfigurationName",
        ),
        (
            "AccessConfigurationName",
            &"x".repeat(33),
            "InvalidAccessConfigurationName",
        ),
        ("SessionDuration", "899", "InvalidSessionDuration"),
    ] {
        let mut request = vec![(name, value)];
        if name != "AccessConfigurationName" {
            request.push(("AccessConfigurationName", "fine"));
        }
        assert_eq!(
            api.err("CreateAccessConfiguration", &request),
            (400, code.to_owned())
        );
    }
    assert_eq!(
        api.err("CreateAccessConfiguration", &[]),
        (400, "MissingAccessConfigurationName".to_owned())
    );

    // Updates are visible in Get; none of them needs re-provisioning.
    let updated = api.ok(
        "UpdateAccessConfiguration",
        &[
            ("AccessConfigurationId", &id),
            ("NewDescription", "changed"),
            ("NewSessionDuration", "43200"),
            ("NewRelayState", "https://ram.console.aliyun.com"),
        ],
    );
    assert_eq!(updated["AccessConfiguration"]["SessionDuration"], 43200);
    let got = api.ok("GetAccessConfiguration", &[("AccessConfigurationId", &id)]);
    assert_eq!(got["AccessConfiguration"]["Description"], "changed");
    assert_eq!(
        got["AccessConfiguration"]["RelayState"],
        "https://ram.console.aliyun.com"
    );
    assert_eq!(got["AccessConfiguration"]["SessionDuration"], 43200);
    assert_eq!(
        api.err(
            "UpdateAccessConfiguration",
            &[
                ("AccessConfigurationId", &id),
                ("NewSessionDuration", "43201")
            ]
        ),
        (400, "InvalidNewSessionDuration".to_owned())
    );

    // Delete, then every operation on it is EntityNotExists.AccessConfiguration.
    api.ok(
        "DeleteAccessConfiguration",
        &[("AccessConfigurationId", &id)],
    );
    for action in [
        "GetAccessConfiguration",
        "DeleteAccessConfiguration",
        "ListPermissionPoliciesInAccessConfiguration",
    ] {
        assert_eq!(
            api.err(action, &[("AccessConfigurationId", &id)]),
            (404, "EntityNotExists.AccessConfiguration".to_owned()),
            "{action}"
        );
    }
    assert_eq!(api.ok("ListAccessConfigurations", &[])["TotalCounts"], 2);

    // An unknown directory.
    let response = api.emulator.handle(signed(
        &Credentials::new("testid", "testsecret"),
        "ListAccessConfigurations",
        &[("DirectoryId", "d-unknown")],
        SigningAlgorithm::Acs3HmacSha256,
        Format::Json,
        SystemTime::now(),
    ));
    assert_eq!(code_of(&response), "EntityNotExists.Directory");
    assert_eq!(response.status(), 404);
}

#[test]
fn policy_changes_require_reprovisioning_and_other_changes_do_not() {
    let api = Api::new(TaskTransition::Immediate);
    let ac = api.create_ac("Ops");
    let ac_ref = ac.as_str();
    api.ok(
        "AddPermissionPolicyToAccessConfiguration",
        &[
            ("AccessConfigurationId", ac_ref),
            ("PermissionPolicyType", "System"),
            ("PermissionPolicyName", "AliyunECSFullAccess"),
        ],
    );
    let document =
        r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:*","Resource":"*"}]}"#;
    api.ok(
        "AddPermissionPolicyToAccessConfiguration",
        &[
            ("AccessConfigurationId", ac_ref),
            ("PermissionPolicyType", "Inline"),
            ("PermissionPolicyName", "ecs-inline"),
            ("InlinePolicyDocument", document),
        ],
    );
    let policies = api.ok(
        "ListPermissionPoliciesInAccessConfiguration",
        &[("AccessConfigurationId", ac_ref)],
    );
    assert_eq!(policies["TotalCounts"], 2);
    assert_eq!(
        policies["PermissionPolicies"][1]["PermissionPolicyDocument"],
        document
    );
    assert!(is_service_time(
        policies["PermissionPolicies"][0]["AddTime"]
            .as_str()
            .unwrap()
    ));
    let inline = api.ok(
        "ListPermissionPoliciesInAccessConfiguration",
        &[
            ("AccessConfigurationId", ac_ref),
            ("PermissionPolicyType", "Inline"),
        ],
    );
    assert_eq!(inline["TotalCounts"], 1);

    // Limits: one Inline policy, its document at most 4096 characters, 20 System ones.
    let second_inline = [
        ("AccessConfigurationId", ac_ref),
        ("PermissionPolicyType", "Inline"),
        ("PermissionPolicyName", "other"),
        ("InlinePolicyDocument", document),
    ];
    assert_eq!(
        api.err("AddPermissionPolicyToAccessConfiguration", &second_inline),
        (409, "QuotaExceeded.InlinePolicy".to_owned())
    );
    let long = format!(r#"{{"Version":"1","Pad":"{}"}}"#, "x".repeat(4096));
    assert_eq!(
        api.err(
            "UpdateInlinePolicyForAccessConfiguration",
            &[
                ("AccessConfigurationId", ac_ref),
                ("InlinePolicyName", "ecs-inline"),
                ("NewInlinePolicyDocument", &long),
            ]
        ),
        (400, "InvalidNewInlinePolicyDocument".to_owned())
    );
    assert_eq!(
        api.err(
            "AddPermissionPolicyToAccessConfiguration",
            &[
                ("AccessConfigurationId", ac_ref),
                ("PermissionPolicyType", "System"),
                ("PermissionPolicyName", "AliyunECSFullAccess"),
            ]
        ),
        (409, "EntityAlreadyExists.PermissionPolicy".to_owned())
    );
    for i in 1..20 {
        api.ok(
            "AddPermissionPolicyToAccessConfiguration",
            &[
                ("AccessConfigurationId", ac_ref),
                ("PermissionPolicyType", "System"),
                ("PermissionPolicyName", &format!("Policy{i}")),
            ],
        );
    }
    assert_eq!(
        api.err(
            "AddPermissionPolicyToAccessConfiguration",
            &[
                ("AccessConfigurationId", ac_ref),
                ("PermissionPolicyType", "System"),
                ("PermissionPolicyName", "Policy20"),
            ]
        ),
        (409, "QuotaExceeded.SystemPolicy".to_owned())
    );

    // Provision on two accounts: the role, policies and SAML provider are named as
    // documented.
    for account in [ACCOUNT, OTHER_ACCOUNT] {
        let answer = api.ok(
            "ProvisionAccessConfiguration",
            &params(&target(&ac, account)),
        );
        assert_eq!(
            answer["Tasks"][0]["TaskType"],
            "ProvisionAccessConfiguration"
        );
        assert_eq!(answer["Tasks"][0]["Status"], "Success");
        assert_eq!(
            api.provisioning_status(&ac, account).as_deref(),
            Some("Provisioned")
        );
    }
    let listed = api.ok(
        "ListAccessConfigurationProvisionings",
        &[("AccessConfigurationId", ac_ref)],
    );
    assert_eq!(listed["TotalCounts"], 2);
    let first = &listed["AccessConfigurationProvisionings"][0];
    assert_eq!(first["RAMRoleName"], "AliyunReservedSSO-Ops");
    assert_eq!(
        first["SAMLProviderName"],
        format!("AliyunReservedSSO-{DIRECTORY}")
    );
    let names: Vec<&str> = first["RAMPolicyNames"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"AliyunReservedSSO-Ops-InlinePolicy"),
        "{names:?}"
    );
    assert!(names.contains(&"AliyunECSFullAccess"), "{names:?}");

    // UpdateAccessConfiguration does not require re-provisioning.
    api.ok(
        "UpdateAccessConfiguration",
        &[
            ("AccessConfigurationId", ac_ref),
            ("NewSessionDuration", "7200"),
        ],
    );
    assert_eq!(
        api.provisioning_status(&ac, ACCOUNT).as_deref(),
        Some("Provisioned")
    );

    // Each policy change makes every provisioning ReprovisionRequired.
    let changes: [(&str, Vec<(&str, &str)>); 3] = [
        (
            "RemovePermissionPolicyFromAccessConfiguration",
            vec![
                ("PermissionPolicyType", "System"),
                ("PermissionPolicyName", "Policy1"),
            ],
        ),
        (
            "UpdateInlinePolicyForAccessConfiguration",
            vec![
                ("InlinePolicyName", "ecs-inline"),
                (
                    "NewInlinePolicyDocument",
                    r#"{"Version":"1","Statement":[]}"#,
                ),
            ],
        ),
        (
            "AddPermissionPolicyToAccessConfiguration",
            vec![
                ("PermissionPolicyType", "System"),
                ("PermissionPolicyName", "Policy1"),
            ],
        ),
    ];
    for (action, extra) in changes {
        let mut request = vec![("AccessConfigurationId", ac_ref)];
        request.extend(extra);
        api.ok(action, &request);
        for account in [ACCOUNT, OTHER_ACCOUNT] {
            assert_eq!(
                api.provisioning_status(&ac, account).as_deref(),
                Some("ReprovisionRequired"),
                "{action}"
            );
        }
        let flagged = api.ok(
            "ListAccessConfigurations",
            &[("StatusNotifications", "ReprovisionRequired")],
        );
        assert_eq!(flagged["TotalCounts"], 1);
        assert_eq!(
            flagged["AccessConfigurations"][0]["StatusNotifications"],
            serde_json::json!(["ReprovisionRequired"])
        );
        let filtered = api.ok(
            "ListAccessConfigurationProvisionings",
            &[("ProvisioningStatus", "ReprovisionRequired")],
        );
        assert_eq!(filtered["TotalCounts"], 2);
        // Re-provisioning one account leaves the other flagged.
        api.ok(
            "ProvisionAccessConfiguration",
            &params(&target(&ac, ACCOUNT)),
        );
        assert_eq!(
            api.provisioning_status(&ac, ACCOUNT).as_deref(),
            Some("Provisioned")
        );
        assert_eq!(
            api.provisioning_status(&ac, OTHER_ACCOUNT).as_deref(),
            Some("ReprovisionRequired")
        );
        api.ok(
            "ProvisionAccessConfiguration",
            &params(&target(&ac, OTHER_ACCOUNT)),
        );
        let flagged = api.ok(
            "ListAccessConfigurations",
            &[("StatusNotifications", "ReprovisionRequired")],
        );
        assert_eq!(flagged["TotalCounts"], 0);
    }

    // An unknown policy.
    assert_eq!(
        api.err(
            "RemovePermissionPolicyFromAccessConfiguration",
            &[
                ("AccessConfigurationId", ac_ref),
                ("PermissionPolicyType", "System"),
                ("PermissionPolicyName", "Nope"),
            ]
        ),
        (404, "EntityNotExists.PermissionPolicy".to_owned())
    );
}

#[test]
fn assignments_provision_and_deletions_meet_their_conflicts() {
    let api = Api::new(TaskTransition::AfterReads(1));
    let ac = api.create_ac("Dev");
    let user = api.create_user("alice");
    let group = api.create_group("developers");
    api.ok(
        "AddPermissionPolicyToAccessConfiguration",
        &[
            ("AccessConfigurationId", &ac),
            ("PermissionPolicyType", "System"),
            ("PermissionPolicyName", "ReadOnlyAccess"),
        ],
    );

    // Creating an assignment provisions the AC on that account; the assignment is listed
    // at once, its task is InProgress until polled.
    let created = api.assign(&ac, ACCOUNT, "User", &user);
    let task = &created["Task"];
    assert_eq!(task["TaskType"], "CreateAccessAssignment");
    assert_eq!(task["Status"], "InProgress");
    assert_eq!(task["PrincipalName"], "alice");
    let task_id = task["TaskId"].as_str().unwrap().to_owned();
    assert!(task_id.starts_with("t-"), "{task_id}");
    assert_eq!(
        api.provisioning_status(&ac, ACCOUNT).as_deref(),
        Some("Provisioned")
    );
    let listed = api.ok("ListAccessAssignments", &[("AccessConfigurationId", &ac)]);
    assert_eq!(listed["TotalCounts"], 1);
    assert_eq!(listed["AccessAssignments"][0]["PrincipalName"], "alice");
    assert_eq!(
        listed["AccessAssignments"][0]["AccessConfigurationName"],
        "Dev"
    );

    // Deleting it while its creation runs is a task conflict; once polled, it works.
    let delete = [
        ("AccessConfigurationId", ac.as_str()),
        ("TargetType", "RD-Account"),
        ("TargetId", ACCOUNT),
        ("PrincipalType", "User"),
        ("PrincipalId", user.as_str()),
    ];
    assert_eq!(
        api.err("DeleteAccessAssignment", &delete),
        (409, "OperationConflict.Task".to_owned())
    );
    assert_eq!(api.poll(&task_id), ["InProgress", "Success"]);
    let full = api.ok("GetTask", &[("TaskId", &task_id)]);
    assert_eq!(full["Task"]["Status"], "Success");
    assert_eq!(full["Task"]["PrincipalId"], user.as_str());
    assert!(is_service_time(full["Task"]["EndTime"].as_str().unwrap()));

    // Duplicates and unknown principals.
    assert_eq!(
        api.err(
            "CreateAccessAssignment",
            &[
                ("AccessConfigurationId", &ac),
                ("TargetType", "RD-Account"),
                ("TargetId", ACCOUNT),
                ("PrincipalType", "User"),
                ("PrincipalId", &user),
            ]
        ),
        (409, "EntityAlreadyExists.AccessAssignment".to_owned())
    );
    for (kind, id, code) in [
        ("User", "u-unknown", "EntityNotExists.User"),
        ("Group", "g-unknown", "EntityNotExists.Group"),
    ] {
        assert_eq!(
            api.err(
                "CreateAccessAssignment",
                &[
                    ("AccessConfigurationId", &ac),
                    ("TargetType", "RD-Account"),
                    ("TargetId", ACCOUNT),
                    ("PrincipalType", kind),
                    ("PrincipalId", id),
                ]
            ),
            (404, code.to_owned())
        );
    }
    assert_eq!(
        api.err(
            "CreateAccessAssignment",
            &[
                ("AccessConfigurationId", &ac),
                ("TargetType", "RD-Folder"),
                ("TargetId", ACCOUNT),
                ("PrincipalType", "User"),
                ("PrincipalId", &user),
            ]
        ),
        (400, "InvalidTargetType".to_owned())
    );
    assert_eq!(
        api.err(
            "CreateAccessAssignment",
            &[
                ("AccessConfigurationId", &ac),
                ("TargetType", "RD-Account"),
                ("TargetId", "12345"),
                ("PrincipalType", "User"),
                ("PrincipalId", &user),
            ]
        ),
        (400, "InvalidTargetId".to_owned())
    );
    let group_task = api.assign(&ac, ACCOUNT, "Group", &group);
    api.poll(group_task["Task"]["TaskId"].as_str().unwrap());

    // The principals cannot be deleted while assigned (DeleteUser / DeleteGroup).
    assert_eq!(
        api.err("DeleteUser", &[("UserId", &user)]),
        (409, "DeletionConflict.User.AccessAssigment".to_owned())
    );
    assert_eq!(
        api.err("DeleteGroup", &[("GroupId", &group)]),
        (409, "DeletionConflict.Group.AccessAssigment".to_owned())
    );

    // The AC cannot be deleted or deprovisioned while assigned.
    assert_eq!(
        api.err(
            "DeleteAccessConfiguration",
            &[("AccessConfigurationId", &ac)]
        ),
        (
            409,
            "DeletionConflict.AccessConfiguration.AccessAssignment".to_owned()
        )
    );
    assert_eq!(
        api.err(
            "DeprovisionAccessConfiguration",
            &params(&target(&ac, ACCOUNT))
        ),
        (
            409,
            "DeletionConflict.AccessConfigurationProvisioning.AccessAssignment".to_owned()
        )
    );

    // DeprovisionStrategy None keeps the provisioning even for the last assignment.
    let t = api.unassign(&ac, ACCOUNT, "User", &user, "None");
    assert_eq!(t["Task"]["TaskType"], "DeleteAccessAssignment");
    api.poll(t["Task"]["TaskId"].as_str().unwrap());
    assert_eq!(
        api.err("DeleteAccessAssignment", &delete),
        (404, "EntityNotExists.AccessAssignment".to_owned())
    );
    let t = api.unassign(&ac, ACCOUNT, "Group", &group, "None");
    api.poll(t["Task"]["TaskId"].as_str().unwrap());
    assert_eq!(
        api.provisioning_status(&ac, ACCOUNT).as_deref(),
        Some("Provisioned")
    );
    assert_eq!(
        api.err(
            "DeleteAccessConfiguration",
            &[("AccessConfigurationId", &ac)]
        ),
        (
            409,
            "DeletionConflict.AccessConfiguration.Provisioning".to_owned()
        )
    );

    // Deprovision: the provisioning is gone at once, the AC cannot be deleted until the
    // task ends, and a second deprovisioning finds nothing.
    let t = api.ok(
        "DeprovisionAccessConfiguration",
        &params(&target(&ac, ACCOUNT)),
    );
    assert_eq!(t["Tasks"][0]["Status"], "InProgress");
    let deprovision_task = t["Tasks"][0]["TaskId"].as_str().unwrap().to_owned();
    assert_eq!(api.provisioning_status(&ac, ACCOUNT), None);
    assert_eq!(
        api.err(
            "DeprovisionAccessConfiguration",
            &params(&target(&ac, ACCOUNT))
        ),
        (
            404,
            "EntityNotExists.AccessConfigurationProvisioning".to_owned()
        )
    );
    assert_eq!(
        api.err(
            "DeleteAccessConfiguration",
            &[("AccessConfigurationId", &ac)]
        ),
        (409, "DeletionConflict.AccessConfiguration.Task".to_owned())
    );
    let statistics = api.ok("GetDirectoryStatistics", &[]);
    assert_eq!(statistics["DirectoryStatistics"]["InProgressTaskCount"], 1);
    api.poll(&deprovision_task);
    assert_eq!(
        api.err(
            "DeleteAccessConfiguration",
            &[("AccessConfigurationId", &ac)]
        ),
        (
            409,
            "DeletionConflict.AccessConfiguration.PermissionPolicy".to_owned()
        )
    );
    api.ok(
        "DeleteAccessConfiguration",
        &[
            ("AccessConfigurationId", &ac),
            ("ForceRemovePermissionPolicies", "true"),
        ],
    );
    assert_eq!(
        api.err("GetAccessConfiguration", &[("AccessConfigurationId", &ac)]),
        (404, "EntityNotExists.AccessConfiguration".to_owned())
    );

    // With DeprovisionForLastAccessAssignmentOnAccount the last assignment takes the
    // provisioning with it, an earlier one does not.
    let ac = api.create_ac("Dev2");
    let bob = api.create_user("bob");
    for principal in [&user, &bob] {
        let t = api.assign(&ac, ACCOUNT, "User", principal);
        api.poll(t["Task"]["TaskId"].as_str().unwrap());
    }
    let strategy = "DeprovisionForLastAccessAssignmentOnAccount";
    let t = api.unassign(&ac, ACCOUNT, "User", &user, strategy);
    api.poll(t["Task"]["TaskId"].as_str().unwrap());
    assert_eq!(
        api.provisioning_status(&ac, ACCOUNT).as_deref(),
        Some("Provisioned")
    );
    let t = api.unassign(&ac, ACCOUNT, "User", &bob, strategy);
    api.poll(t["Task"]["TaskId"].as_str().unwrap());
    assert_eq!(api.provisioning_status(&ac, ACCOUNT), None);
    // No assignment left: the users can go.
    api.ok("DeleteUser", &[("UserId", &bob)]);
    api.ok(
        "DeleteAccessConfiguration",
        &[("AccessConfigurationId", &ac)],
    );
}

#[test]
fn tasks_reach_a_terminal_state_under_each_transition() {
    for (transition, expected) in [
        (TaskTransition::Immediate, vec!["Success"]),
        (TaskTransition::AfterReads(1), vec!["InProgress", "Success"]),
        (
            TaskTransition::AfterReads(3),
            vec!["InProgress", "InProgress", "InProgress", "Success"],
        ),
        (TaskTransition::After(Duration::ZERO), vec!["Success"]),
    ] {
        let api = Api::new(transition);
        let ac = api.create_ac("T");
        let answer = api.ok(
            "ProvisionAccessConfiguration",
            &params(&target(&ac, ACCOUNT)),
        );
        let task = answer["Tasks"][0]["TaskId"].as_str().unwrap().to_owned();
        assert_eq!(answer["Tasks"][0]["Status"], expected[0], "{transition:?}");
        assert_eq!(api.poll(&task), expected, "{transition:?}");
        let full = api.ok("GetTask", &[("TaskId", &task)]);
        assert_eq!(full["Task"]["Status"], "Success");
        assert!(full["Task"]["EndTime"].as_str().is_some(), "{full}");
        assert!(full["Task"].get("FailureReason").is_none());
    }

    // The default makes a client poll at least once.
    let api = Api::with(Emulator::builder());
    let ac = api.create_ac("T");
    let answer = api.ok(
        "ProvisionAccessConfiguration",
        &params(&target(&ac, ACCOUNT)),
    );
    let task = answer["Tasks"][0]["TaskId"].as_str().unwrap().to_owned();
    assert_eq!(api.poll(&task), ["InProgress", "Success"]);

    // A task that completes after an hour stays InProgress however often it is read, and
    // holds back a conflicting operation.
    let api = Api::new(TaskTransition::After(Duration::from_secs(3600)));
    let ac = api.create_ac("Slow");
    let answer = api.ok(
        "ProvisionAccessConfiguration",
        &params(&target(&ac, ACCOUNT)),
    );
    let task = answer["Tasks"][0]["TaskId"].as_str().unwrap().to_owned();
    for _ in 0..3 {
        let status = api.ok("GetTaskStatus", &[("TaskId", &task)]);
        assert_eq!(status["TaskStatus"]["Status"], "InProgress");
        assert!(status["TaskStatus"].get("EndTime").is_none());
    }
    assert_eq!(
        api.err(
            "AddPermissionPolicyToAccessConfiguration",
            &[
                ("AccessConfigurationId", &ac),
                ("PermissionPolicyType", "System"),
                ("PermissionPolicyName", "ReadOnlyAccess"),
            ]
        ),
        (409, "OperationConflict.Task".to_owned())
    );
    assert_eq!(
        api.err(
            "DeprovisionAccessConfiguration",
            &params(&target(&ac, ACCOUNT))
        ),
        (409, "OperationConflict.Task".to_owned())
    );
    assert_eq!(
        api.err("DeleteDirectory", &[]).1,
        "DeletionConflict.Directory.Task".to_owned()
    );

    // ListTasks: filters, and the StartTime window.
    let listed = api.ok("ListTasks", &[]);
    assert_eq!(listed["TotalCounts"], 1);
    assert_eq!(listed["Tasks"][0]["TaskId"], task.as_str());
    for (name, value, count) in [
        ("Status", "InProgress", 1),
        ("Status", "Success", 0),
        ("TaskType", "ProvisionAccessConfiguration", 1),
        ("TaskType", "CreateAccessAssignment", 0),
        ("AccessConfigurationId", "ac-other", 0),
    ] {
        let listed = api.ok("ListTasks", &[(name, value)]);
        assert_eq!(listed["TotalCounts"], count, "{name}={value}");
    }
    let hour_ago =
        acs_signer::SigningTime::from_system_time(SystemTime::now() - Duration::from_secs(3600))
            .unwrap()
            .to_string();
    let listed = api.ok(
        "ListTasks",
        &[("Filter", &format!("StartTime ge {hour_ago}"))],
    );
    assert_eq!(listed["TotalCounts"], 1);
    let eight_days_ago = acs_signer::SigningTime::from_system_time(
        SystemTime::now() - Duration::from_secs(8 * 24 * 3600),
    )
    .unwrap()
    .to_string();
    for filter in [
        format!("StartTime ge {eight_days_ago}"),
        "StartTime gt 2026-01-01T00:00:00Z".to_owned(),
        "StartTime ge yesterday".to_owned(),
    ] {
        assert_eq!(
            api.err("ListTasks", &[("Filter", &filter)]),
            (400, "InvalidFilter".to_owned()),
            "{filter}"
        );
    }
    assert_eq!(
        api.err("GetTaskStatus", &[("TaskId", "t-unknown")]),
        (404, "EntityNotExists.Task".to_owned())
    );
    assert_eq!(
        api.err("GetTask", &[("TaskId", "t-unknown")]),
        (404, "EntityNotExists.Task".to_owned())
    );
}

/// Pages every item of `action`'s `field` with page size `size`, running `between` after
/// each page; the IDs seen (in order) under `id`.
fn walk(
    api: &Api,
    action: &str,
    field: &str,
    id: &str,
    size: &str,
    extra: &[(&str, &str)],
    mut between: impl FnMut(usize),
) -> Vec<String> {
    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    for page in 0.. {
        let mut request: Vec<(&str, &str)> = vec![("MaxResults", size)];
        request.extend_from_slice(extra);
        if let Some(token) = &token {
            request.push(("NextToken", token));
        }
        let body = api.ok(action, &request);
        for item in body[field].as_array().unwrap() {
            seen.push(item[id].as_str().unwrap().to_owned());
        }
        assert_eq!(body["MaxResults"], size.parse::<i64>().unwrap());
        token = body["NextToken"].as_str().map(str::to_owned);
        assert_eq!(body["IsTruncated"], token.is_some(), "{body}");
        if token.is_none() {
            break;
        }
        between(page);
    }
    seen
}

#[test]
fn pages_partition_lists_while_items_come_and_go() {
    let api = Api::new(TaskTransition::Immediate);
    let mut ids: Vec<String> = (0..25)
        .map(|i| api.create_ac(&format!("ac{i:02}")))
        .collect();
    // Plain walk: every AC once, in creation order.
    let seen = walk(
        &api,
        "ListAccessConfigurations",
        "AccessConfigurations",
        "AccessConfigurationId",
        "10",
        &[],
        |_| {},
    );
    assert_eq!(seen, ids);
    // Between pages: one seen and one unseen AC are deleted, one is created.
    let mut deleted = Vec::new();
    let mut created = Vec::new();
    let seen = walk(
        &api,
        "ListAccessConfigurations",
        "AccessConfigurations",
        "AccessConfigurationId",
        "7",
        &[],
        |page| {
            let _ = page;
            let seen_one = ids.remove(0);
            let unseen = ids.pop().unwrap();
            for id in [&seen_one, &unseen] {
                api.ok(
                    "DeleteAccessConfiguration",
                    &[("AccessConfigurationId", id)],
                );
            }
            deleted.push(unseen);
            created.push(api.create_ac(&format!("new{page}")));
        },
    );
    let unique: BTreeSet<&String> = seen.iter().collect();
    assert_eq!(unique.len(), seen.len(), "an item came twice: {seen:?}");
    for id in &deleted {
        assert!(
            !seen.contains(id),
            "deleted before its page, yet listed: {id}"
        );
    }
    // Everything that existed throughout was listed; items created meanwhile sort last
    // (IDs follow creation), so they are listed too.
    for id in ids.iter().chain(&created) {
        assert!(seen.contains(id), "{id} missing from {seen:?}");
    }

    // Bad tokens and sizes.
    assert_eq!(
        api.err("ListAccessConfigurations", &[("NextToken", "not-a-token")]),
        (400, "InvalidNextToken".to_owned())
    );
    let first = api.ok("ListAccessConfigurations", &[("MaxResults", "2")]);
    let token = first["NextToken"].as_str().unwrap();
    assert_eq!(
        api.err(
            "ListAccessConfigurations",
            &[
                ("NextToken", token),
                ("Filter", "AccessConfigurationName sw a")
            ]
        ),
        (400, "InvalidNextToken".to_owned())
    );
    assert_eq!(
        api.err("ListAccessConfigurations", &[("MaxResults", "101")]),
        (400, "InvalidMaxResults".to_owned())
    );
    assert_eq!(
        api.err("ListAccessAssignments", &[("MaxResults", "21")]),
        (400, "InvalidMaxResults".to_owned())
    );
}

#[test]
fn assignments_and_tasks_page_by_twenty_at_most() {
    let api = Api::new(TaskTransition::Immediate);
    let ac = api.create_ac("many");
    let users: Vec<String> = (0..23)
        .map(|i| api.create_user(&format!("user{i:02}")))
        .collect();
    for user in &users {
        api.assign(&ac, ACCOUNT, "User", user);
    }
    let seen = walk(
        &api,
        "ListAccessAssignments",
        "AccessAssignments",
        "PrincipalId",
        "20",
        &[("AccessConfigurationId", &ac)],
        |_| {},
    );
    let mut sorted = users.clone();
    sorted.sort();
    let mut seen_sorted = seen.clone();
    seen_sorted.sort();
    assert_eq!(seen_sorted, sorted);
    let tasks = walk(
        &api,
        "ListTasks",
        "Tasks",
        "TaskId",
        "20",
        &[("TaskType", "CreateAccessAssignment")],
        |_| {},
    );
    assert_eq!(tasks.len(), 23);
    let default_page = api.ok("ListAccessAssignments", &[]);
    assert_eq!(default_page["MaxResults"], 10);
    assert_eq!(default_page["TotalCounts"], 23);
    assert_eq!(
        default_page["AccessAssignments"].as_array().unwrap().len(),
        10
    );
}

#[test]
fn user_provisionings_their_configuration_statistics_and_events() {
    let api = Api::new(TaskTransition::Immediate);
    let user = api.create_user("carol");
    let group = api.create_group("auditors");

    // Configuration: documented defaults, then bounded updates.
    let config = api.ok("GetUserProvisioningConfiguration", &[]);
    let config = &config["UserProvisioningConfiguration"];
    assert_eq!(config["SessionDuration"], 6);
    assert_eq!(
        config["DefaultLandingPage"],
        "https://homenew.console.aliyun.com"
    );
    assert_eq!(config["DirectoryId"], DIRECTORY);
    let updated = api.ok(
        "UpdateUserProvisioningConfiguration",
        &[
            ("NewSessionDuration", "12"),
            ("NewDefaultLandingPage", "https://ecs.console.aliyun.com"),
        ],
    );
    assert_eq!(
        updated["UserProvisioningConfiguration"]["SessionDuration"],
        12
    );
    let got = api.ok("GetUserProvisioningConfiguration", &[]);
    assert_eq!(got["UserProvisioningConfiguration"]["SessionDuration"], 12);
    assert_eq!(
        got["UserProvisioningConfiguration"]["DefaultLandingPage"],
        "https://ecs.console.aliyun.com"
    );
    for hours in ["0", "25"] {
        assert_eq!(
            api.err(
                "UpdateUserProvisioningConfiguration",
                &[("NewSessionDuration", hours)]
            ),
            (400, "InvalidNewSessionDuration".to_owned())
        );
    }

    // Create, get, list, update, delete.
    let create = |kind: &str, principal: &str| {
        api.ok(
            "CreateUserProvisioning",
            &[
                ("PrincipalType", kind),
                ("PrincipalId", principal),
                ("TargetType", "RD-Account"),
                ("TargetId", ACCOUNT),
                ("DuplicationStrategy", "KeepBoth"),
                ("DeletionStrategy", "Keep"),
                ("Description", "to the audit account"),
            ],
        )
    };
    let created = create("User", &user);
    let up = &created["UserProvisioning"];
    let id = up["UserProvisioningId"].as_str().unwrap().to_owned();
    assert!(id.starts_with("up-"), "{id}");
    assert_eq!(up["Status"], "Enabled");
    assert_eq!(up["PrincipalName"], "carol");
    assert_eq!(up["DuplicationStrategy"], "KeepBoth");
    assert_eq!(up["TargetType"], "RD-Account");
    assert!(up["OwnerPk"].as_str().is_some());
    let got = api.ok("GetUserProvisioning", &[("UserProvisioningId", &id)]);
    assert_eq!(&got["UserProvisioning"], up);
    assert_eq!(
        api.err(
            "CreateUserProvisioning",
            &[
                ("PrincipalType", "User"),
                ("PrincipalId", &user),
                ("TargetType", "RD-Account"),
                ("TargetId", ACCOUNT),
                ("DuplicationStrategy", "KeepBoth"),
                ("DeletionStrategy", "Keep"),
            ]
        ),
        (409, "EntityAlreadyExists.UserProvisioning".to_owned())
    );
    let group_up = create("Group", &group)["UserProvisioning"]["UserProvisioningId"]
        .as_str()
        .unwrap()
        .to_owned();
    let listed = api.ok("ListUserProvisionings", &[]);
    assert_eq!(listed["TotalCounts"], 2);
    let only_group = api.ok(
        "ListUserProvisionings",
        &[("PrincipalType", "Group"), ("PrincipalId", &group)],
    );
    assert_eq!(only_group["TotalCounts"], 1);
    assert_eq!(
        only_group["UserProvisionings"][0]["UserProvisioningId"],
        group_up.as_str()
    );
    // A half pair does not filter.
    let half = api.ok("ListUserProvisionings", &[("PrincipalType", "Group")]);
    assert_eq!(half["TotalCounts"], 2);
    let updated = api.ok(
        "UpdateUserProvisioning",
        &[
            ("UserProvisioningId", &id),
            ("NewDescription", "changed"),
            ("NewDuplicationStrategy", "TakeOver"),
            ("NewDeletionStrategy", "Delete"),
        ],
    );
    assert_eq!(
        updated["UserProvisioning"]["DuplicationStrategy"],
        "TakeOver"
    );
    let got = api.ok("GetUserProvisioning", &[("UserProvisioningId", &id)]);
    assert_eq!(got["UserProvisioning"]["DeletionStrategy"], "Delete");
    assert_eq!(got["UserProvisioning"]["Description"], "changed");

    // Statistics and events: the emulator's provisionings never fail.
    let statistics = api.ok(
        "GetUserProvisioningStatistics",
        &[("UserProvisioningId", &id)],
    );
    let statistics = &statistics["UserProvisioningStatistics"];
    assert_eq!(statistics["FailedEventCount"], 0);
    assert_eq!(statistics["Type"], "User Provisioning");
    assert_eq!(statistics["EntityId"], id.as_str());
    let account = api.ok(
        "GetUserProvisioningRdAccountStatistics",
        &[("RdMemberId", ACCOUNT)],
    );
    assert_eq!(account["UserProvisioningStatistics"]["Type"], "RD Account");
    assert_eq!(account["UserProvisioningStatistics"]["EntityId"], ACCOUNT);
    assert_eq!(
        api.err(
            "GetUserProvisioningRdAccountStatistics",
            &[("RdMemberId", "x")]
        ),
        (400, "InvalidRdMemberId".to_owned())
    );
    let events = api.ok("ListUserProvisioningEvents", &[("UserProvisioningId", &id)]);
    assert_eq!(events["TotalCounts"], 0);
    for action in [
        "GetUserProvisioningEvent",
        "RetryUserProvisioningEvent",
        "DeleteUserProvisioningEvent",
    ] {
        assert_eq!(
            api.err(action, &[("EventId", "upe-unknown")]),
            (404, "EntityNotExists.UserProvisioningEvent".to_owned()),
            "{action}"
        );
    }

    api.ok(
        "DeleteUserProvisioning",
        &[("UserProvisioningId", &id), ("DeletionStrategy", "Keep")],
    );
    for action in [
        "GetUserProvisioning",
        "GetUserProvisioningStatistics",
        "DeleteUserProvisioning",
    ] {
        assert_eq!(
            api.err(action, &[("UserProvisioningId", &id)]),
            (404, "EntityNotExists.UserProvisioning".to_owned()),
            "{action}"
        );
    }
    assert_eq!(api.ok("ListUserProvisionings", &[])["TotalCounts"], 1);
}

/// A provisioning fails for a user whose RAM names are taken in the member account (seeded
/// `ram_users`): `KeepBoth` uses `<name>_sso` when `<name>` is taken, and fails when both
/// are; the failed event is listed, counted in the statistics, counts another failure on a
/// plain retry, and goes with a retry that takes the user over. A provisioned group
/// provisions a new member (`AddUserToGroup` events) and releases a former one; deleting a
/// provisioning deletes the RAM users it manages.
#[test]
fn user_provisionings_fail_on_taken_ram_user_names_and_retries_resolve_them() {
    let api = Api::new(TaskTransition::Immediate);
    let ram = |name: &str| format!("{ACCOUNT}/{name}");
    api.emulator
        .load_seed(
            serde_json::json!({"accounts": {cloudsso_emulator::DEFAULT_ACCOUNT: {
                "ram_users": {
                    ram("alice"): {}, ram("alice_sso"): {}, ram("bob"): {},
                    ram("erin"): {}, ram("erin_sso"): {}
                }
            }}}),
        )
        .unwrap();
    let ram_users = || {
        api.emulator.dump().unwrap()["accounts"][cloudsso_emulator::DEFAULT_ACCOUNT]["ram_users"]
            .clone()
    };
    let alice = api.create_user("alice");
    let bob = api.create_user("bob");
    let carol = api.create_user("carol");
    let erin = api.create_user("erin");
    let group = api.create_group("team");
    api.ok("AddUserToGroup", &[("GroupId", &group), ("UserId", &carol)]);
    let provision = |kind: &str, principal: &str, deletion: &str| {
        api.ok(
            "CreateUserProvisioning",
            &[
                ("PrincipalType", kind),
                ("PrincipalId", principal),
                ("TargetType", "RD-Account"),
                ("TargetId", ACCOUNT),
                ("DuplicationStrategy", "KeepBoth"),
                ("DeletionStrategy", deletion),
            ],
        )["UserProvisioning"]["UserProvisioningId"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let events = |up: &str| {
        api.ok("ListUserProvisioningEvents", &[("UserProvisioningId", up)])
            ["UserProvisioningEvents"]
            .as_array()
            .unwrap()
            .clone()
    };

    // alice and alice_sso are both taken: a failed event.
    let for_alice = provision("User", &alice, "Delete");
    let listed = events(&for_alice);
    assert_eq!(listed.len(), 1, "{listed:?}");
    let event = &listed[0];
    let event_id = event["EventId"].as_str().unwrap().to_owned();
    assert!(event_id.starts_with("upe-"), "{event_id}");
    assert_eq!(event["SourceType"], "StartProvisioning");
    assert_eq!(event["PrincipalType"], "User");
    assert_eq!(event["PrincipalId"], alice.as_str());
    assert_eq!(event["PrincipalName"], "alice");
    assert_eq!(event["TargetId"], ACCOUNT);
    assert_eq!(event["ErrorCount"], 1);
    assert_eq!(
        event["ErrorInfo"],
        "OperationConflict.UserProvisioning.Process.fail.ImsUserExists"
    );
    let got = api.ok("GetUserProvisioningEvent", &[("EventId", &event_id)]);
    assert_eq!(
        got["UserProvisioningEvent"]["UserProvisioningId"],
        for_alice.as_str()
    );
    let statistics = api.ok(
        "GetUserProvisioningStatistics",
        &[("UserProvisioningId", &for_alice)],
    );
    assert_eq!(
        statistics["UserProvisioningStatistics"]["FailedEventCount"],
        1
    );
    let by_account = api.ok(
        "GetUserProvisioningRdAccountStatistics",
        &[("RdMemberId", ACCOUNT)],
    );
    assert_eq!(
        by_account["UserProvisioningStatistics"]["FailedEventCount"],
        1
    );

    // bob is taken but bob_sso is free: KeepBoth creates it, no event.
    let for_bob = provision("User", &bob, "Delete");
    assert!(events(&for_bob).is_empty());
    assert_eq!(ram_users()[ram("bob_sso")]["UserId"], bob.as_str());
    assert!(ram_users()[ram("bob")].get("UserId").is_none());

    // A plain retry fails again; one that takes the user over succeeds.
    api.ok("RetryUserProvisioningEvent", &[("EventId", &event_id)]);
    let listed = events(&for_alice);
    assert_eq!(
        (listed.len(), listed[0]["ErrorCount"].clone()),
        (1, 2.into())
    );
    api.ok(
        "RetryUserProvisioningEvent",
        &[("EventId", &event_id), ("DuplicationStrategy", "TakeOver")],
    );
    assert!(events(&for_alice).is_empty());
    assert_eq!(
        api.err("GetUserProvisioningEvent", &[("EventId", &event_id)]),
        (404, "EntityNotExists.UserProvisioningEvent".to_owned())
    );
    assert_eq!(ram_users()[ram("alice")]["UserId"], alice.as_str());

    // A provisioned group: its member carol is provisioned, a new member erin fails.
    let for_team = provision("Group", &group, "Keep");
    assert!(events(&for_team).is_empty());
    assert_eq!(ram_users()[ram("carol")]["UserId"], carol.as_str());
    api.ok("AddUserToGroup", &[("GroupId", &group), ("UserId", &erin)]);
    let listed = events(&for_team);
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["SourceType"], "AddUserToGroup");
    assert_eq!(listed[0]["PrincipalId"], erin.as_str());
    let erin_event = listed[0]["EventId"].as_str().unwrap().to_owned();
    assert_eq!(
        api.err(
            "DeleteUserProvisioningEvent",
            &[("EventId", &erin_event), ("UserProvisioningId", &for_alice)]
        ),
        (404, "EntityNotExists.UserProvisioningEvent".to_owned())
    );
    api.ok(
        "DeleteUserProvisioningEvent",
        &[("EventId", &erin_event), ("UserProvisioningId", &for_team)],
    );
    assert!(events(&for_team).is_empty());
    // carol leaves: DeletionStrategy Keep leaves her RAM user, unmanaged.
    api.ok(
        "RemoveUserFromGroup",
        &[("GroupId", &group), ("UserId", &carol)],
    );
    assert!(ram_users()[ram("carol")].get("UserId").is_none());

    // Deleting alice's provisioning (Delete) deletes the RAM user it took over.
    api.ok(
        "DeleteUserProvisioning",
        &[("UserProvisioningId", &for_alice)],
    );
    let users = ram_users();
    assert!(users.get(ram("alice")).is_none(), "{users}");
    assert!(users.get(ram("alice_sso")).is_some(), "{users}");
}
